//! The Article pane: the body from the scroll anchor down, only the
//! paragraphs on screen wrapped, with the selected source's passages, the
//! passage jumped to and search matches marked by byte range.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_segmentation::UnicodeSegmentation;

use crate::model::text::visible;
use crate::reader::app::App;
use crate::reader::wrap::{trim_line, truncate};

use super::theme::Theme;

/// What marks a stretch of text, weakest first: a later one wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    Passage,
    Jumped,
    Match,
    CurrentMatch,
}

pub fn article(app: &App, frame: &mut Frame, r: Rect, block: Option<Block<'_>>, theme: Theme) {
    let inner = match block {
        Some(b) => {
            let inner = b.inner(r);
            frame.render_widget(b, r);
            inner
        }
        None => r,
    };
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let Some(article) = app.article() else {
        let msg = match app.load_error() {
            Some(e) => format!("Cannot open: {}", visible(e)),
            None => "Loading…".to_owned(),
        };
        frame.render_widget(Paragraph::new(truncate(&msg, w)), inner);
        return;
    };
    let mut marks: Vec<(Range<usize>, Mark)> = Vec::new();
    if let Some(source) = app.selected_source() {
        marks.extend(
            source
                .passages
                .iter()
                .map(|p| (p.span.clone(), Mark::Passage)),
        );
    }
    if let Some(p) = app.jumped_passage() {
        marks.push((p.span.clone(), Mark::Jumped));
    }
    let search = app.search();
    let current = search.current_match();

    let mut lines: Vec<Line> = Vec::with_capacity(h);
    let paras = article.paragraphs();
    let mut p = app.top().paragraph;
    let mut row = app.top().row;
    while lines.len() < h && p < paras.len() {
        let span = paras[p].span.clone();
        let text = article.paragraph_text(p);
        let wrapped = app.paragraph_lines(p);
        let rows = app.paragraph_rows(p);
        // Search matches in this paragraph only: binary search, as there
        // may be a million of them.
        let all = search.matches();
        let first = all.partition_point(|m| m.end <= span.start);
        let mut para_marks: Vec<(Range<usize>, Mark)> = marks
            .iter()
            .filter(|(m, _)| m.start < span.end && m.end > span.start)
            .cloned()
            .collect();
        para_marks.extend(
            all[first..]
                .iter()
                .take_while(|m| m.start < span.end)
                .map(|m| {
                    let kind = if Some(m) == current.as_ref() {
                        Mark::CurrentMatch
                    } else {
                        Mark::Match
                    };
                    (m.clone(), kind)
                }),
        );
        let under_cursor = app.paragraph_cursor() == Some(p);
        while row < rows && lines.len() < h {
            match wrapped.get(row) {
                Some(l) => {
                    let drawn = trim_line(text, l.clone());
                    let abs = span.start + drawn.start..span.start + drawn.end;
                    let line = styled_line(article.text(), abs, &para_marks, theme);
                    // The paragraph cursor (`v`): the whole paragraph, under
                    // whatever marks its text.
                    lines.push(if under_cursor {
                        line.style(theme.paragraph_cursor())
                    } else {
                        line
                    });
                }
                None => lines.push(Line::default()),
            }
            row += 1;
        }
        p += 1;
        row = 0;
    }
    super::draw_lines(frame, lines, inner);
}

/// Line `range` of `text`, cut where marks begin and end, each piece made
/// visible and styled by the strongest mark over it.
fn styled_line(
    text: &str,
    range: Range<usize>,
    marks: &[(Range<usize>, Mark)],
    theme: Theme,
) -> Line<'static> {
    let mut cuts: Vec<usize> = vec![range.start, range.end];
    let inside: Vec<usize> = marks
        .iter()
        .flat_map(|(m, _)| [m.start, m.end])
        .filter(|&b| b > range.start && b < range.end)
        .collect();
    if !inside.is_empty() {
        // Cuts fall on grapheme boundaries only: a piece made visible on
        // its own must measure what it measured inside the line (a lone
        // combining mark would get a base of its own).
        let boundaries: Vec<usize> = text[range.clone()]
            .grapheme_indices(true)
            .map(|(i, _)| range.start + i)
            .collect();
        for b in inside {
            let i = boundaries.partition_point(|&g| g < b);
            cuts.push(boundaries.get(i).copied().unwrap_or(range.end));
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let spans: Vec<Span> = cuts
        .windows(2)
        .map(|c| {
            let piece = c[0]..c[1];
            let mark = marks
                .iter()
                .filter(|(m, _)| m.start <= piece.start && m.end >= piece.end)
                .map(|(_, k)| *k)
                .max();
            let style = match mark {
                None => Style::new(),
                Some(Mark::Passage) => theme.mark(),
                Some(Mark::Jumped) => theme.jumped(),
                Some(Mark::Match) => theme.search_match(),
                Some(Mark::CurrentMatch) => theme.current_match(),
            };
            Span::styled(visible(&text[piece]).into_owned(), style)
        })
        .collect();
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::app::ColorMode;

    fn pieces(text: &str, marks: &[(Range<usize>, Mark)]) -> Vec<String> {
        let line = styled_line(text, 0..text.len(), marks, Theme::new(ColorMode::Ansi16));
        line.spans.iter().map(|s| s.content.to_string()).collect()
    }

    #[test]
    fn marks_cut_the_line_and_the_strongest_wins() {
        let text = "one two three";
        let got = pieces(text, &[(4..13, Mark::Passage), (4..7, Mark::CurrentMatch)]);
        assert_eq!(got, ["one ", "two", " three"]);
    }

    #[test]
    fn cuts_never_split_a_grapheme() {
        // A search for `e` inside `e` + combining acute: the accent stays
        // with its letter.
        let text = "cafe\u{301} ok";
        let got = pieces(text, &[(3..4, Mark::Match)]);
        assert_eq!(got, ["caf", "e\u{301}", " ok"]);
    }

    #[test]
    fn control_characters_are_drawn_visibly() {
        let got = pieces("a\x1b[2Jb", &[]);
        assert_eq!(got.concat(), "a^[[2Jb");
    }
}
