//! Overlays drawn over the panes: the key help and the article picker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear};

use crate::model::text::visible;
use crate::model::text::width as cells;
use crate::reader::app::{App, Overlay};
use crate::reader::keys::HELP;
use crate::reader::layout::{centred, picker_area, picker_offset};
use crate::reader::wrap::truncate;

use super::theme::Theme;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    match app.overlay() {
        Overlay::None | Overlay::People => {}
        Overlay::Help => help(frame, area, theme),
        Overlay::Picker { selected } => picker(app, frame, area, selected, theme),
    }
}

fn help(frame: &mut Frame, area: Rect, theme: Theme) {
    // The reader's keys, then the correction keys.
    let help: Vec<(&str, &str)> = HELP
        .iter()
        .chain(crate::reader::correct::HELP)
        .copied()
        .collect();
    let key_w = help.iter().map(|(k, _)| cells(k)).max().unwrap_or(0);
    let text_w = help.iter().map(|(_, t)| cells(t)).max().unwrap_or(0);
    let width = u16::try_from(key_w + text_w + 6).unwrap_or(u16::MAX);
    let height = u16::try_from(help.len() + 2).unwrap_or(u16::MAX);
    let r = centred(area, width, height);
    let block = Block::bordered()
        .title(" Keys · Esc closes ")
        .border_style(theme.border(true));
    let inner = block.inner(r);
    let lines: Vec<Line> = help
        .iter()
        .map(|(k, t)| {
            let pad = key_w - cells(k);
            Line::from(truncate(
                &format!(" {k}{}  {t}", " ".repeat(pad)),
                usize::from(inner.width),
            ))
        })
        .collect();
    frame.render_widget(Clear, r);
    frame.render_widget(block, r);
    super::draw_lines(frame, lines, inner);
}

fn picker(app: &App, frame: &mut Frame, area: Rect, selected: usize, theme: Theme) {
    let lib = app.library();
    let r = picker_area(area.width, area.height);
    // The background scan fills in the source counts; say how far it is.
    let (done, total) = app.library_scan();
    let scan = if done < total {
        format!(" · finding sources {done}/{total}")
    } else {
        String::new()
    };
    let block = Block::bordered()
        .title(format!(" Articles ({}){scan} · Enter opens ", lib.len()))
        .border_style(theme.border(true));
    let inner = block.inner(r);
    let h = usize::from(inner.height).max(1);
    let w = usize::from(inner.width);
    let offset = picker_offset(selected, h);
    let lines: Vec<Line> = (offset..lib.len().min(offset + h))
        .filter_map(|i| {
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
    frame.render_widget(Clear, r);
    frame.render_widget(block, r);
    super::draw_lines(frame, lines, inner);
}
