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
    frame.render_widget(block, r);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
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
                Line::from(source_row(i, src, marks, w)).style(style)
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

/// `1 Vitali Klitschko, Kyiv’s mayor  ✓* 1`: number, name (shortened to
/// fit), role as room allows, then the marks (`✓` checked, `*` corrected,
/// `×` hidden) and the passage count on the right.
fn source_row(
    i: usize,
    src: &crate::attribution::Source,
    marks: &crate::reader::app::SourceMarks,
    w: usize,
) -> String {
    let num = if i < 9 {
        format!("{} ", i + 1)
    } else {
        "  ".to_owned()
    };
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
    let jumped = app.jumped_passage();
    let mut lines: Vec<Line> = Vec::new();
    for (i, p) in source
        .passages
        .iter()
        .enumerate()
        .skip(app.passages_offset())
    {
        if lines.len() >= h {
            break;
        }
        let selected = i == app.selected_passage_index();
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
        if selected {
            heading = heading.style(theme.selected());
        }
        lines.push(heading);
        for l in app.passage_item_lines(p) {
            lines.push(Line::from(format!("  {l}")));
        }
        lines.push(Line::default());
    }
    if source.passages.is_empty() {
        lines.push(Line::from(truncate("No passages.", w)));
    }
    also_quoted_in(app, &mut lines, w, h);
    lines.truncate(h);
    super::draw_lines(frame, lines, inner);
}

/// After the passages, where room is left: the other articles of the
/// library that quote the selected source (the pane's title has the count).
fn also_quoted_in(app: &App, lines: &mut Vec<Line>, w: usize, h: usize) {
    if lines.len() >= h {
        return;
    }
    let others = app.also_quoted_in();
    if others.is_empty() {
        return;
    }
    lines.push(Line::from(truncate(
        &format!(
            "Also quoted in {}:",
            crate::model::text::count(others.len(), "other article", "other articles")
        ),
        w,
    )));
    let room = h - lines.len();
    for &i in others.iter().take(room) {
        let title = app
            .library()
            .entry(i)
            .map(|e| visible(&e.title).into_owned())
            .unwrap_or_default();
        lines.push(Line::from(truncate(&format!("  {title}"), w)));
    }
}
