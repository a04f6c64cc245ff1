//! Drawing an [`App`] into a ratatui frame: one module per pane, and this
//! one for the frame around them (header, tab bar, status line). Drawing
//! reads state only; every string of article text goes through
//! [`crate::model::text::visible`] before it reaches a cell.

mod article;
mod lists;
mod overlay;
mod people;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::model::text::visible;
use crate::model::text::width as cells;
use crate::reader::app::{App, Focus, Overlay};
use crate::reader::layout::{Layout, Mode};
use crate::reader::names::fit_name;
use crate::reader::wrap::truncate;

use theme::Theme;

/// Draws `lines` into `area` as ratatui's `Paragraph` does without a block
/// or wrapping (each line from the left, cut at the first grapheme that
/// does not fit), but takes printable ASCII a byte at a time instead of
/// through the grapheme segmenter, which was a tenth of the work before the
/// first screen. (An ASCII character followed by another ASCII byte is a
/// grapheme of its own; anything else is segmented as usual.) Lines aligned
/// otherwise go through `Paragraph`.
fn draw_lines(frame: &mut Frame, lines: Vec<Line<'_>>, area: Rect) {
    use ratatui::buffer::CellWidth;
    use ratatui::layout::HorizontalAlignment;
    use ratatui::style::Style;
    use unicode_segmentation::UnicodeSegmentation;

    let buf = frame.buffer_mut();
    let area = area.intersection(buf.area);
    for (line, y) in lines.into_iter().zip(area.top()..area.bottom()) {
        if line
            .alignment
            .is_some_and(|a| a != HorizontalAlignment::Left)
        {
            let row = Rect::new(area.x, y, area.width, 1);
            ratatui::widgets::Widget::render(Paragraph::new(line), row, buf);
            continue;
        }
        let base = Style::default().patch(line.style);
        let mut x: u16 = 0;
        'line: for span in &line.spans {
            let style = base.patch(span.style);
            let text: &str = &span.content;
            let bytes = text.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                let (g, w) = if (b == b' ' || b.is_ascii_graphic())
                    && bytes.get(i + 1).is_none_or(u8::is_ascii)
                {
                    (&text[i..=i], 1)
                } else {
                    let g = text[i..].graphemes(true).next().unwrap_or_default();
                    if g.is_empty() {
                        break;
                    }
                    if g.contains(char::is_control) {
                        i += g.len();
                        continue;
                    }
                    (g, g.cell_width())
                };
                i += g.len();
                if w > area.width {
                    continue;
                }
                if x + w > area.width {
                    break 'line;
                }
                if w > 0 {
                    buf[(area.x + x, y)].set_symbol(g).set_style(style);
                    x += w;
                }
            }
        }
    }
}

pub fn draw(app: &App, frame: &mut Frame) {
    if let Some(at) = draw_frame(app, frame) {
        frame.set_cursor_position(at);
    }
}

/// Draws the frame like [`draw`] and returns where the terminal cursor
/// belongs (after the search query while one is typed), instead of setting
/// it: for the [`crate::term::Painter`], which applies frames itself.
pub fn draw_frame(app: &App, frame: &mut Frame) -> Option<Position> {
    let area = frame.area();
    let layout = app.layout_for(area.width, area.height);
    let theme = Theme::new(app.config().color);
    if layout.mode == Mode::TooSmall {
        too_small(frame, area);
        return None;
    }
    if app.overlay() == crate::reader::app::Overlay::People {
        // The whole screen: nothing behind it is drawn or shows through.
        return people::draw(app, frame, area, theme);
    }
    header(app, frame, layout.header, theme);
    if let Some(bar) = layout.tab_bar {
        tab_bar(app, frame, bar, theme);
    }
    if let Some(r) = layout.sources {
        lists::sources(app, frame, r, block(app, &layout, Focus::Sources, theme));
    }
    if let Some(r) = layout.passages {
        lists::passages(app, frame, r, block(app, &layout, Focus::Passages, theme));
    }
    if let Some(r) = layout.article {
        let b = (layout.mode != Mode::Zoom).then(|| block(app, &layout, Focus::Article, theme));
        article::article(app, frame, r, b, theme);
    }
    let cursor = status(app, frame, layout.status, theme);
    overlay::draw(app, frame, area, theme);
    // Cells holding several glyphs (a flag, a swatch after a space) would
    // otherwise leave stale glyphs on the next partial redraw.
    crate::reader::clusters::split_clusters(frame.buffer_mut());
    cursor
}

fn block<'a>(app: &App, layout: &Layout, pane: Focus, theme: Theme) -> Block<'a> {
    let focused = app.focus() == pane || layout.mode == Mode::Tabs;
    let title = match (pane, app.selected_source()) {
        (Focus::Sources, _) if app.engine_view() => " Sources · engine's view (O) ".to_owned(),
        (Focus::Sources, _) if app.showing_hidden() => " Sources · hidden shown (H) ".to_owned(),
        (Focus::Sources, _) => " Sources ".to_owned(),
        (Focus::Passages, Some(s)) => {
            let room = layout
                .pane(pane)
                .map_or(0, |r| usize::from(r.width).saturating_sub(16));
            let aliases: Vec<String> = s.aliases.iter().map(|a| visible(a).into_owned()).collect();
            let name = fit_name(&visible(&s.name), s.kind, &aliases, room);
            match app.also_quoted_in().len() {
                0 => format!(" Passages · {name} "),
                n => format!(" Passages · {name} · also in {n} "),
            }
        }
        (Focus::Passages, None) => " Passages ".to_owned(),
        (Focus::Article, _) => " Article ".to_owned(),
    };
    // A title too long for the pane ends in `…`, not mid-word at the corner.
    let room = layout
        .pane(pane)
        .map_or(0, |r| usize::from(r.width).saturating_sub(2));
    Block::bordered()
        .title(truncate(&title, room))
        .border_style(theme.border(focused))
        .title_style(theme.border(focused))
}

fn too_small(frame: &mut Frame, area: Rect) {
    let w = usize::from(area.width);
    let msg = [
        "terminal too small (need 20x7)",
        "terminal too small",
        "too small",
        "small",
    ]
    .into_iter()
    .find(|m| m.len() <= w)
    .unwrap_or("");
    let y = area.y + area.height / 2;
    let x = area.x + (area.width - u16::try_from(msg.len()).unwrap_or(0)) / 2;
    frame.render_widget(
        Paragraph::new(msg),
        Rect::new(x, y, area.width - (x - area.x), 1),
    );
}

fn header(app: &App, frame: &mut Frame, r: Rect, theme: Theme) {
    let w = usize::from(r.width);
    let (title, date) = match app.article() {
        Some(a) => (visible(&a.title).into_owned(), a.date.clone()),
        None => match app.library().entry(app.article_index()) {
            Some(e) => (visible(&e.title).into_owned(), e.date),
            None => (String::new(), None),
        },
    };
    let (p, n) = app.reading_position();
    // While the rest of a big file is read, the count is only a floor.
    let more = app
        .article()
        .is_some_and(crate::model::article::Article::is_start);
    let right = if n == 0 {
        String::new()
    } else if more {
        format!(" ¶{p}/{n}+ ")
    } else {
        format!(" ¶{p}/{n} {}% ", app.percent())
    };
    let mut date = date
        .map(|d| format!(" · {}", visible(&d)))
        .unwrap_or_default();
    if app.article().is_some_and(|a| a.summary_only) {
        date.push_str(" · summary only");
    }
    let room = w.saturating_sub(cells(&right) + cells(&date) + 1);
    let left = format!(" {}{date}", truncate(&title, room));
    let pad = w.saturating_sub(cells(&left) + cells(&right));
    let line = Line::from(format!("{left}{}{right}", " ".repeat(pad)));
    frame.buffer_mut().set_style(r, theme.header());
    draw_lines(frame, vec![line], r);
}

fn tab_bar(app: &App, frame: &mut Frame, r: Rect, theme: Theme) {
    let third = r.width / 3;
    for (i, (pane, name)) in [
        (Focus::Sources, "Sources"),
        (Focus::Passages, "Passages"),
        (Focus::Article, "Article"),
    ]
    .into_iter()
    .enumerate()
    {
        let i = u16::try_from(i).unwrap_or(0);
        let width = if i == 2 { r.width - 2 * third } else { third };
        let cell = Rect::new(r.x + i * third, r.y, width, 1);
        let label = truncate(name, usize::from(width));
        let style = if app.focus() == pane {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        frame.render_widget(
            Paragraph::new(label)
                .style(style)
                .alignment(ratatui::layout::Alignment::Center),
            cell,
        );
    }
}

/// Draws the status line; returns the cursor's place while a search is typed.
fn status(app: &App, frame: &mut Frame, r: Rect, theme: Theme) -> Option<Position> {
    let w = usize::from(r.width);
    let mut cursor = None;
    let line = if let Some((shown, x, label)) = correction_prompt(app, r) {
        cursor = Some(Position::new(x, r.y));
        match app.prompt() {
            // The pre-filled text, selected: typing replaces it.
            Some(p) if p.selected() && shown.chars().count() > label => {
                let at = shown
                    .char_indices()
                    .nth(label)
                    .map_or(shown.len(), |(i, _)| i);
                Line::from(vec![
                    Span::raw(shown[..at].to_owned()),
                    Span::styled(shown[at..].to_owned(), theme.selected()),
                ])
            }
            _ => Line::from(shown),
        }
    } else if let Some((shown, count, x)) = search_prompt(app, r).or_else(|| filter_prompt(app, r))
    {
        cursor = Some(Position::new(x, r.y));
        Line::from(vec![Span::raw(shown), Span::raw(count)])
    } else if let Some(n) = app.notice() {
        Line::from(Span::styled(truncate(&visible(n), w), theme.notice()))
    } else {
        Line::from(truncate(&hints(app), w))
    };
    draw_lines(frame, vec![line], r);
    cursor
}

/// While a correction prompt is open: its line as it fits the status line
/// `r` (the end kept in view around the cursor), and the cursor's column.
fn correction_prompt(app: &App, r: Rect) -> Option<(String, u16, usize)> {
    let prompt = app.prompt()?;
    let w = usize::from(r.width);
    let label = prompt.asking.label();
    let text: Vec<char> = prompt.text().chars().collect();
    let before: String = text[..prompt.cursor()].iter().collect();
    let after: String = text[prompt.cursor()..].iter().collect();
    let (before, after) = (visible(&before), visible(&after));
    let mut head = format!("{label}{before}");
    // Keep the cursor on the line: drop from the start when it would not be.
    while cells(&head) + 1 > w && !head.is_empty() {
        head.remove(0);
    }
    let x = r.x
        + u16::try_from(cells(&head))
            .unwrap_or(r.width)
            .min(r.width.saturating_sub(1));
    Some((
        truncate(&format!("{head}{after}"), w),
        x,
        label.chars().count(),
    ))
}

/// While a search is typed: the prompt as it fits the status line `r`, the
/// match count after it, and the column where the cursor goes.
fn search_prompt(app: &App, r: Rect) -> Option<(String, String, u16)> {
    let search = app.search();
    if !search.editing() {
        return None;
    }
    let q = visible(search.query());
    let count = if search.query().is_empty() {
        String::new()
    } else {
        format!(
            "  ({})",
            crate::model::text::count(search.matches().len(), "match", "matches")
        )
    };
    Some(prompt_line(format!("/{q}"), count, r))
}

/// A prompt and the count after it as they fit the status line `r`, and
/// the column where the cursor goes: a long prompt keeps its end in view,
/// where the typing is.
fn prompt_line(prompt: String, count: String, r: Rect) -> (String, String, u16) {
    let w = usize::from(r.width);
    let shown = if cells(&prompt) + cells(&count) > w {
        let chars: Vec<char> = prompt.chars().collect();
        let keep = w.saturating_sub(cells(&count) + 1);
        chars[chars.len().saturating_sub(keep)..].iter().collect()
    } else {
        prompt
    };
    let x = r.x
        + u16::try_from(cells(&shown))
            .unwrap_or(r.width)
            .min(r.width.saturating_sub(1));
    (shown, count, x)
}

/// While the picker's filter is typed: the prompt, the count it finds and
/// the cursor's column, as for the search.
fn filter_prompt(app: &App, r: Rect) -> Option<(String, String, u16)> {
    if !matches!(app.overlay(), Overlay::Picker { .. }) || !app.picker().typing() {
        return None;
    }
    let count = format!(
        "  ({} of {})",
        app.picker().shown().len(),
        app.library().len()
    );
    let prompt = format!("filter: {}", visible(app.picker().query()));
    Some(prompt_line(prompt, count, r))
}

/// The keys that matter now, most useful first (the line is cut on the right).
fn hints(app: &App) -> String {
    match app.overlay() {
        Overlay::Help => return "↑↓ scroll · PgUp/PgDn page · Esc close".to_owned(),
        Overlay::Picker { .. } => {
            let filter = if app.picker().query().is_empty() {
                "/ filter"
            } else {
                "/ filter · Esc clear"
            };
            return format!(
                "↑↓ select · Enter open · {filter} · s sort ({}) · Esc close",
                app.picker().sort().label()
            );
        }
        Overlay::None | Overlay::People => {}
    }
    let search = app.search();
    if !search.query().is_empty() {
        let at = search.current_index().map_or(0, |i| i + 1);
        return format!(
            "match {at}/{} · n/N next/prev · Esc clear · ? help · q quit",
            search.matches().len()
        );
    }
    if let Some(p) = app.paragraph_cursor() {
        return format!(
            "¶{}: j/k move · a attribute · x remove · + new source · v/Esc off · u undo",
            p + 1
        );
    }
    let keys = match app.focus() {
        Focus::Sources => {
            "↑↓ select · Enter passages · ]/[ jump · h/l pane · / search · ? help · q quit"
        }
        Focus::Passages => {
            "↑↓ select & show · Enter open · ]/[ jump · y copy · h/l pane · ? help · q quit"
        }
        Focus::Article => "↑↓ scroll · Space page · ]/[ jump · / search · z zoom · ? help · q quit",
    };
    if app.can_go_back() {
        format!("Backspace back · {keys}")
    } else {
        keys.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;
    use ratatui::layout::HorizontalAlignment;
    use ratatui::style::{Color, Modifier, Style};
    use ratatui::text::{Line, Span};
    use ratatui::widgets::Paragraph;

    use super::draw_lines;

    fn piece() -> impl Strategy<Value = String> {
        let chars = prop::sample::select(vec![
            'a',
            'Z',
            ' ',
            '~',
            '界',
            '\u{301}',
            '\u{200d}',
            '\u{1f469}',
            '\u{1f3fb}',
            '\t',
            '\u{7}',
            '\u{fe0f}',
            'é',
            '\u{a0}',
            '\r',
            '\n',
            '\u{1f1e6}',
            '\u{1f1ec}',
            '\u{903}',
        ]);
        prop::collection::vec(chars, 0..12).prop_map(|v| v.into_iter().collect())
    }

    fn line() -> impl Strategy<Value = Line<'static>> {
        let style = (0u8..4, 0u8..3).prop_map(|(m, c)| {
            let s = Style::new().fg([Color::Reset, Color::Red, Color::Cyan][usize::from(c)]);
            match m {
                0 => s,
                1 => s.add_modifier(Modifier::BOLD),
                2 => s.add_modifier(Modifier::REVERSED),
                _ => s.remove_modifier(Modifier::BOLD),
            }
        });
        let span = (piece(), style.clone()).prop_map(|(t, s)| Span::styled(t, s));
        (prop::collection::vec(span, 0..4), style, 0u8..5).prop_map(|(spans, s, a)| {
            let line = Line::from(spans).style(s);
            match a {
                0 => line.alignment(HorizontalAlignment::Right),
                1 => line.alignment(HorizontalAlignment::Left),
                _ => line,
            }
        })
    }

    fn render(w: u16, h: u16, draw: impl FnOnce(&mut ratatui::Frame)) -> Buffer {
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        t.draw(draw).expect("draws").buffer.clone()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The fast path draws exactly what ratatui's `Paragraph` draws.
        #[test]
        fn lines_are_drawn_as_a_paragraph_draws_them(
            lines in prop::collection::vec(line(), 0..6),
            w in 1u16..14,
            h in 1u16..6,
            x in 0u16..3,
        ) {
            let area = ratatui::layout::Rect::new(x, 1, w, h);
            let (full_w, full_h) = (w + 3, h + 2);
            let want = render(full_w, full_h, |f| f.render_widget(Paragraph::new(lines.clone()), area));
            let got = render(full_w, full_h, |f| draw_lines(f, lines, area));
            prop_assert_eq!(got, want);
        }
    }
}
