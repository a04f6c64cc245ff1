//! Overlays drawn over the panes: the key help and the article picker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear};

use crate::model::text::visible;
use crate::model::text::width as cells;
use crate::reader::app::{App, Overlay};
use crate::reader::keys::help_lines;
use crate::reader::layout::{help_area, picker_area, picker_offset};
use crate::reader::wrap::truncate;

use super::theme::Theme;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    match app.overlay() {
        Overlay::None | Overlay::People => {}
        Overlay::Help => help(app, frame, area, theme),
        Overlay::Picker { selected } => picker(app, frame, area, selected, theme),
    }
}

fn help(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let r = help_area(area.width, area.height);
    let inner = r.inner(ratatui::layout::Margin::new(1, 1));
    let lines = help_lines(usize::from(inner.width));
    let h = usize::from(inner.height);
    // The scroll as the reader left it, within what this size allows.
    let top = app.help_scroll().min(lines.len().saturating_sub(h));
    let below = lines.len().saturating_sub(top + h);
    let mut block = Block::bordered()
        .title(truncate(" Keys · Esc closes ", usize::from(r.width)))
        .border_style(theme.border(true));
    if top > 0 || below > 0 {
        let more = match (top, below) {
            (_, 0) => " ↑ more ".to_owned(),
            (0, _) => " ↓ more ".to_owned(),
            _ => " ↑ ↓ more ".to_owned(),
        };
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(top)
        .take(h)
        .map(|l| Line::from(truncate(&l, usize::from(inner.width))))
        .collect();
    frame.render_widget(Clear, r);
    frame.render_widget(block, r);
    super::draw_lines(frame, shown, inner);
}

fn picker(app: &App, frame: &mut Frame, area: Rect, selected: usize, theme: Theme) {
    let lib = app.library();
    let picker = app.picker();
    let shown = picker.shown();
    let r = picker_area(area.width, area.height);
    // The background scan fills in the source counts; say how far it is.
    let (done, total) = app.library_scan();
    let scan = if done < total {
        format!(" · finding sources {done}/{total}")
    } else {
        String::new()
    };
    let count = if shown.len() == lib.len() {
        format!("{}", lib.len())
    } else {
        format!("{} of {}", shown.len(), lib.len())
    };
    let filter = if picker.query().is_empty() {
        String::new()
    } else {
        format!(" · “{}”", visible(picker.query()))
    };
    let title = format!(
        " Articles ({count}){filter}{scan} · {} ",
        picker.sort().label()
    );
    let block = Block::bordered()
        .title(truncate(&title, usize::from(r.width).saturating_sub(2)))
        .border_style(theme.border(true));
    let inner = block.inner(r);
    let h = usize::from(inner.height).max(1);
    let w = usize::from(inner.width);
    let at = shown.iter().position(|&i| i == selected).unwrap_or(0);
    let offset = picker_offset(at, h);
    let mut lines: Vec<Line> = shown
        .iter()
        .skip(offset)
        .take(h)
        .filter_map(|&i| {
            let e = lib.entry(i)?;
            let count = match (lib.sources(i), lib.failure(i)) {
                (Some(s), _) => crate::model::text::count(s.named().count(), "source", "sources"),
                (None, Some(_)) if lib.too_big(i) => "too big".to_owned(),
                (None, Some(_)) => "failed".to_owned(),
                (None, None) => "…".to_owned(),
            };
            let date = e.date.as_deref().map(visible).unwrap_or_default();
            // What this reader has checked, when it has the corrections.
            let checked = app
                .checked_count(i)
                .filter(|&(c, _)| c > 0)
                .map(|(c, n)| format!(" · {c}/{n} checked"))
                .unwrap_or_default();
            let right = format!("  {date}  {count:>10}{checked}");
            let title = truncate(&visible(&e.title), w.saturating_sub(cells(&right) + 1));
            let pad = w.saturating_sub(cells(&title) + cells(&right) + 1);
            let row = truncate(&format!(" {title}{}{right}", " ".repeat(pad)), w);
            let style = if i == selected {
                theme.selected()
            } else {
                Style::new()
            };
            Some(Line::from(row).style(style))
        })
        .collect();
    if shown.is_empty() {
        lines.push(Line::from(truncate(
            " No article matches the filter (Esc clears it).",
            w,
        )));
    }
    frame.render_widget(Clear, r);
    frame.render_widget(block, r);
    super::draw_lines(frame, lines, inner);
}
