//! Wrapping paragraph text into pane-wide lines that remember where they came
//! from.
//!
//! Lines are byte ranges into the original paragraph, not copies, so passage
//! spans and search matches (byte offsets into the article) map straight onto
//! wrapped lines for highlighting, and only the paragraphs on screen are ever
//! wrapped. Widths are measured on the *visible* form of each grapheme
//! ([`crate::model::text::visible`]: `ESC` is two cells `^[`, a tab four), which is
//! what ratatui draws, so a wrapped line never pushes
//! a pane border: words wider than the pane are broken, and the only line that
//! may exceed the width is one holding a single grapheme that is wider than
//! the pane on its own (the drawing clips it).

use std::ops::Range;

use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::UnicodeSegmentation;

use crate::model::text::visible_width;

fn is_break_space(g: &str) -> bool {
    matches!(g, " " | "\t" | "\n" | "\r\n")
}

/// A word (or a piece of a word too long for the pane) and the whitespace
/// after it, as byte offsets into the paragraph.
#[derive(Debug)]
struct Word {
    start: usize,
    end: usize,
    width: usize,
    space: usize,
}

impl Fragment for Word {
    #[allow(clippy::cast_precision_loss)]
    fn width(&self) -> f64 {
        self.width as f64
    }
    #[allow(clippy::cast_precision_loss)]
    fn whitespace_width(&self) -> f64 {
        self.space as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Splits `text` into words at spaces, tabs and line breaks, breaking words
/// wider than `width` into pieces that fit. The words cover `text` exactly:
/// each one runs from its first byte to the next word's first byte.
fn words(text: &str, width: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur = Word {
        start: 0,
        end: 0,
        width: 0,
        space: 0,
    };
    // Printable ASCII (most news text) is one grapheme per byte, one cell
    // each: segmenting it by the Unicode rules was most of a first frame.
    let graphemes: Box<dyn Iterator<Item = (usize, &str)>> =
        if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            Box::new((0..text.len()).map(|i| (i, &text[i..=i])))
        } else {
            Box::new(text.grapheme_indices(true))
        };
    for (i, g) in graphemes {
        let w = visible_width(g);
        if is_break_space(g) {
            cur.space += w;
            continue;
        }
        // This grapheme starts a new word after whitespace, or a new piece
        // of a word too wide for the pane.
        if cur.space > 0 || (cur.width > 0 && cur.width + w > width) {
            cur.end = i;
            out.push(std::mem::replace(
                &mut cur,
                Word {
                    start: i,
                    end: i,
                    width: 0,
                    space: 0,
                },
            ));
        }
        cur.width += w;
    }
    cur.end = text.len();
    out.push(cur);
    out
}

/// The lines `text` wraps into at `width` cells, as byte ranges. The ranges
/// are contiguous and cover all of `text` (trailing whitespace stays with the
/// line it ends, and is not drawn); an empty text has no lines.
pub fn wrap_ranges(text: &str, width: usize) -> Vec<Range<usize>> {
    if text.is_empty() {
        return Vec::new();
    }
    let width = width.max(1);
    let words = words(text, width);
    #[allow(clippy::cast_precision_loss)]
    let lines = wrap_first_fit(&words, &[width as f64]);
    lines
        .iter()
        .filter_map(|l| Some(l.first()?.start..l.last()?.end))
        .collect()
}

/// The part of a line that is drawn: without its trailing whitespace.
pub fn trim_line(text: &str, line: Range<usize>) -> Range<usize> {
    let s = &text[line.clone()];
    line.start..line.start + s.trim_end_matches([' ', '\t', '\n', '\r']).len()
}

/// [`crate::model::text::ellipsize`], owned: what the panes put in a `Line`.
pub fn truncate(s: &str, width: usize) -> String {
    crate::model::text::ellipsize(s, width).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<&str> {
        wrap_ranges(text, width)
            .into_iter()
            .map(|r| &text[trim_line(text, r)])
            .collect()
    }

    fn assert_covers(text: &str, width: usize) {
        let ranges = wrap_ranges(text, width);
        let mut pos = 0;
        for r in &ranges {
            assert_eq!(r.start, pos, "ranges must be contiguous in {text:?}");
            pos = r.end;
            let drawn = &text[trim_line(text, r.clone())];
            let w = visible_width(drawn);
            assert!(
                w <= width || drawn.graphemes(true).count() == 1,
                "line {drawn:?} is {w} wide at {width}"
            );
        }
        assert_eq!(pos, text.len());
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(
            lines("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
    }

    #[test]
    fn empty_text_has_no_lines() {
        assert!(wrap_ranges("", 10).is_empty());
    }

    #[test]
    fn long_words_are_broken() {
        assert_eq!(lines("abcdefghij xy", 4), ["abcd", "efgh", "ij", "xy"]);
        assert_covers("abcdefghij xy", 4);
    }

    #[test]
    fn control_characters_count_as_their_visible_form() {
        // ESC shows as `^[`, two cells, so `a^[b` is four cells wide.
        assert_eq!(lines("a\x1bb cd", 4), ["a\x1bb", "cd"]);
        assert_eq!(visible_width("a\x1bb"), 4);
        assert_eq!(visible_width("\t"), 4);
        assert_covers("x\x1b]0;PWNED\x07 \x1b[2J y\u{202e}z", 5);
    }

    #[test]
    fn wide_characters_never_exceed_the_width() {
        let cjk = "漢字漢字漢字 漢字";
        assert_eq!(lines(cjk, 5), ["漢字", "漢字", "漢字", "漢字"]);
        assert_covers(cjk, 5);
        assert_covers("👍🏽👍🏽👍🏽 🇺🇦🇺🇦 e\u{301}e\u{301}", 3);
        // One wide grapheme in a one-cell pane stands alone on its line.
        assert_eq!(lines("漢字", 1), ["漢", "字"]);
    }

    #[test]
    fn whitespace_runs_and_line_breaks() {
        assert_eq!(lines("a  b\nc\r\nd", 3), ["a", "b\nc", "d"]);
        assert_covers("  leading and trailing  ", 6);
    }
}
