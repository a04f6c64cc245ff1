//! The Sources and Passages panes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::attribution::PassageKind;
use crate::model::text::visible;
use crate::model::text::width as cells;
use crate::reader::app::{Analysis, App};
use crate::reader::names::fit_name;
use crate::reader::wrap::truncate;

use super::theme::Theme;

pub fn sources(app: &App, frame: &mut Frame, r: Rect, block: Block<'_>) {
    let theme = Theme::new(app.config().color);
    let inner = block.inner(r);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let block = match more_marker(app.sources().len(), app.sources_offset(), h) {
        Some(more) => block.title_bottom(Line::from(more).right_aligned()),
        None => block,
    };
    frame.render_widget(block, r);
    let digits = app.sources().len().to_string().len();
    let lines: Vec<Line> = match app.analysis() {
        Analysis::Pending { done, total } => progress(*done, *total, w),
        Analysis::Failed(reason) => vec![Line::from(truncate(
            &format!("no sources: {}", visible(reason)),
            w,
        ))],
        Analysis::Ready(_) if app.sources().is_empty() => {
            vec![Line::from(truncate("No sources found.", w))]
        }
        Analysis::Ready(_) => app
            .sources()
            .iter()
            .zip(app.source_marks())
            .enumerate()
            .skip(app.sources_offset())
            .take(h)
            .map(|(i, (src, marks))| {
                let mut style = if i == app.selected_source_index() {
                    theme.selected()
                } else {
                    Style::new()
                };
                if marks.hidden {
                    style = style.add_modifier(ratatui::style::Modifier::DIM);
                }
                Line::from(source_row(i, src, marks, w, digits)).style(style)
            })
            .collect(),
    };
    super::draw_lines(frame, lines, inner);
}

fn progress(done: usize, total: usize, w: usize) -> Vec<Line<'static>> {
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    let bar_w = w.saturating_sub(2).min(30);
    let filled = bar_w * pct / 100;
    vec![
        Line::from(truncate(&format!("Finding sources… {pct}%"), w)),
        Line::from(truncate(
            &format!("[{}{}]", "#".repeat(filled), " ".repeat(bar_w - filled)),
            w,
        )),
    ]
}

/// What the bottom border says when a list of `n` rows from `offset`
/// does not fit in `h`: how many are above and below.
fn more_marker(n: usize, offset: usize, h: usize) -> Option<String> {
    let below = n.saturating_sub(offset + h);
    match (offset, below) {
        (0, 0) => None,
        (0, b) => Some(format!(" ↓ {b} more ")),
        (a, 0) => Some(format!(" ↑ {a} more ")),
        (a, b) => Some(format!(" ↑ {a} · ↓ {b} more ")),
    }
}

/// ` 1 Vitali Klitschko, Kyiv’s mayor  ✓* 1`: number (every source has
/// one, as wide as the largest), name (shortened to fit), role as room
/// allows, then the marks (`✓` checked, `*` corrected,
/// `×` hidden) and the passage count on the right.
fn source_row(
    i: usize,
    src: &crate::attribution::Source,
    marks: &crate::reader::app::SourceMarks,
    w: usize,
    digits: usize,
) -> String {
    let num = format!("{:>digits$} ", i + 1);
    let flags: String = [
        (marks.hidden, '×'),
        (marks.checked, '✓'),
        (marks.corrected, '*'),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, c)| *c)
    .collect();
    let count = if flags.is_empty() {
        format!(" {}", src.passages.len())
    } else {
        format!(" {flags} {}", src.passages.len())
    };
    let room = w.saturating_sub(cells(&num) + cells(&count));
    let name = visible(&src.name);
    let aliases: Vec<String> = src
        .aliases
        .iter()
        .map(|a| visible(a).into_owned())
        .collect();
    let mut text = fit_name(&name, src.kind, &aliases, room);
    if let Some(role) = &src.role {
        let left = room.saturating_sub(cells(&text) + 2);
        if left >= 4 {
            text.push_str(", ");
            text.push_str(&truncate(&visible(role), left));
        }
    }
    let pad = room.saturating_sub(cells(&text));
    let row = format!("{num}{text}{}{count}", " ".repeat(pad));
    truncate(&row, w)
}

pub fn passages(app: &App, frame: &mut Frame, r: Rect, block: Block<'_>) {
    let theme = Theme::new(app.config().color);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let Some(source) = app.selected_source() else {
        let msg = match app.analysis() {
            Analysis::Pending { .. } => "Waiting for sources…",
            _ => "No source selected.",
        };
        frame.render_widget(Paragraph::new(truncate(msg, w)), inner);
        return;
    };
    // The source's full name and role first, whatever the list's width
    // made of them elsewhere.
    let mut lines: Vec<Line> = app
        .who_lines()
        .into_iter()
        .map(|l| Line::from(Span::styled(l, theme.who())))
        .collect();
    let list_h = h.saturating_sub(lines.len());
    let top = lines.len();
    let jumped = app.jumped_passage();
    let np = source.passages.len();
    let others = app.also_quoted_in();
    let selected = app.selected_passage_index();
    for i in app.passages_offset()..np + others.len() {
        if lines.len() - top >= list_h {
            break;
        }
        if let Some(p) = source.passages.get(i) {
            let marker = if jumped == Some(p) { "▶ " } else { "  " };
            let (tag, tag_style) = match p.kind {
                PassageKind::Quote => ("“quote”", theme.quote_tag()),
                PassageKind::Reported => ("reported", theme.reported_tag()),
            };
            let head = format!("{marker}¶{} ", p.paragraph + 1);
            let mut heading = Line::from(vec![
                Span::raw(head.clone()),
                Span::styled(tag, tag_style),
                Span::raw(" ".repeat(w.saturating_sub(cells(&head) + cells(tag)))),
            ]);
            if i == selected {
                heading = heading.style(theme.selected());
            }
            lines.push(heading);
            for l in app.passage_item_lines(p) {
                lines.push(Line::from(format!("  {l}")));
            }
            lines.push(Line::default());
            continue;
        }
        // After the passages: every other article of the library that
        // quotes the source, each an item Enter opens.
        let k = i - np;
        if k == 0 {
            lines.push(Line::from(Span::styled(
                truncate(
                    &format!(
                        "Also quoted in {}:",
                        crate::model::text::count(others.len(), "other article", "other articles")
                    ),
                    w,
                ),
                theme.who(),
            )));
        }
        let title = app
            .library()
            .entry(others[k])
            .map(|e| {
                let date = e
                    .date
                    .map(|d| format!(" · {}", visible(&d)))
                    .unwrap_or_default();
                format!("{}{date}", visible(&e.title))
            })
            .unwrap_or_default();
        let row = format!("  {}", truncate(&title, w.saturating_sub(2)));
        let pad = w.saturating_sub(cells(&row));
        let mut line = Line::from(format!("{row}{}", " ".repeat(pad)));
        if i == selected {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    if np == 0 && others.is_empty() {
        lines.push(Line::from(truncate("No passages.", w)));
    }
    lines.truncate(h);
    super::draw_lines(frame, lines, inner);
}
