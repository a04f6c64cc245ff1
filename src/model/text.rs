//! Making untrusted text safe to put on a terminal, and measuring it.
//!
//! Article text comes from anywhere and is read over SSH, so no byte of it may
//! drive the reader's terminal. Every string of article text that reaches a
//! screen (the TUI, the plain `sources` output, error messages) passes through
//! [`visible`] first. It does two jobs:
//!
//! 1. **Nothing acts on the terminal.** C0 controls, DEL and C1 controls
//!    (ESC, and so every CSI/OSC/DCS sequence, OSC 52, OSC 8, BEL, BS, CR, FF,
//!    U+009B …) become inert visible forms: caret notation for C0 and DEL
//!    (`^[`, `^G`, `^?`) and `<U+XXXX>` for the rest. What follows an ESC is
//!    plain printable text and stays as it is, so `ESC]0;PWNED BEL` shows as
//!    `^[]0;PWNED^G`.
//! 2. **Nothing hides, and nothing is mis-measured.** Bidirectional
//!    embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
//!    zero-width and other default-ignorable characters (U+200B, U+2060,
//!    U+FEFF, U+00AD, tag characters, Hangul fillers …) are shown as
//!    `<U+XXXX>`, never applied. And the result is shaped so that every
//!    terminal draws it at the width [`width`] computes: per character,
//!    the way `wcwidth`-style terminals (xterm, VTE, tmux) advance the cursor.
//!    ratatui measures per grapheme with `unicode-width`, which treats some
//!    sequences as ligatures (an emoji ZWJ family is 2 columns, not 6);
//!    terminals disagree about those, and a wrong guess shifts a pane border.
//!    So `visible` takes those sequences apart (see below) and afterwards
//!    ratatui's per-grapheme width equals the per-character sum.
//!
//! ## Joiners, selectors and modifiers: what is kept, dropped or shown
//! - **ZWJ (U+200D) between two pictographs** (inside an emoji ZWJ sequence
//!   like 👩‍🔬) is *dropped*: the sequence is drawn as its parts (👩🔬). The
//!   joiner only asks the font for a fused glyph, and whether a terminal
//!   fuses (2 columns) or not (4) cannot be known over SSH.
//! - **A presentation selector** (VS15/VS16, U+FE0E/U+FE0F) directly after a
//!   pictograph or keycap base, and **a skin-tone modifier** (U+1F3FB–U+1F3FF)
//!   directly after a pictograph, are *dropped* for the same reason: they
//!   change the width only on some terminals. The base emoji still shows.
//! - **ZWNJ/ZWJ between two letters of a script that needs them** (Arabic,
//!   Persian, Indic scripts …: both neighbours non-Latin letters or marks at
//!   U+0590 and above) are *kept*: they are part of correct spelling there,
//!   take no width everywhere, and cannot hide anything.
//! - **Every other ZWJ/ZWNJ, variation selector or modifier-less joiner** (a
//!   "stray" one, such as a ZWJ inside a Latin name, or a run of variation
//!   selectors smuggling bytes after an emoji) is *shown* as `<U+200D>` etc.
//! - **The halfwidth katakana sound marks** U+FF9E/U+FF9F become the
//!   standalone marks U+309B/U+309C: ratatui 0.30 counts them one column
//!   too wide, which would leave a stale cell after them.
//! - **A combining mark with nothing to combine with** (at the start of the
//!   text or after whitespace) gets a dotted circle `◌` as its base, so it can
//!   never combine with a pane border drawn before it.
//!
//! Tabs become [`TAB_WIDTH`] spaces; a line break (LF or CRLF) inside a
//! paragraph becomes one space, so the result is one logical line ready for
//! wrapping. [`Visible`] does the same and also maps byte offsets between the
//! raw and the visible text, so spans found in the raw text (passages,
//! search matches) can be highlighted in the visible one.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

/// Spaces a tab expands to. Tab stops mean nothing inside wrapped text.
pub const TAB_WIDTH: usize = 4;

/// The base drawn under a combining mark that has none.
const DOTTED_CIRCLE: char = '\u{25CC}';

/// Returns `s` with every character that could act on a terminal, or hide
/// itself, replaced by a visible form (see the module docs for the rules).
/// Borrows when there is nothing to change, which is the common case.
pub fn visible(s: &str) -> Cow<'_, str> {
    if is_plain(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    transform(s, &mut out, |_, _, _| {});
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
}

/// The visible form of a text together with a map between byte offsets of
/// the raw text and of the visible text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visible {
    pub text: String,
    /// `(raw, visible, raw_len, visible_len)` for every character that was
    /// changed, in order; text between them is copied byte for byte.
    edits: Vec<Edit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    raw: usize,
    vis: usize,
    raw_len: usize,
    vis_len: usize,
}

impl Visible {
    pub fn new(raw: &str) -> Visible {
        if is_plain(raw) {
            return Visible {
                text: raw.to_owned(),
                edits: Vec::new(),
            };
        }
        let mut text = String::with_capacity(raw.len() + 16);
        let mut edits = Vec::new();
        transform(raw, &mut text, |raw, raw_len, (vis, vis_len)| {
            edits.push(Edit {
                raw,
                vis,
                raw_len,
                vis_len,
            });
        });
        Visible { text, edits }
    }

    /// The visible offset of raw byte offset `raw`. An offset inside a
    /// changed character maps to the start of its visible form.
    pub fn to_visible(&self, raw: usize) -> usize {
        self.map(raw, false)
    }

    /// The visible range covering the raw range `raw`: a changed character
    /// at either end is covered whole, so a highlight never splits `^[`.
    pub fn range_to_visible(&self, raw: Range<usize>) -> Range<usize> {
        let start = self.map(raw.start, false);
        let end = self.map(raw.end, true).max(start);
        start..end
    }

    /// The raw offset of visible byte offset `vis` (the start of the raw
    /// character whose visible form contains it).
    pub fn to_raw(&self, vis: usize) -> usize {
        let i = self.edits.partition_point(|e| e.vis <= vis);
        match i.checked_sub(1).map(|j| self.edits[j]) {
            None => vis,
            Some(e) if vis < e.vis + e.vis_len => e.raw,
            Some(e) => e.raw + e.raw_len + (vis - e.vis - e.vis_len),
        }
    }

    fn map(&self, raw: usize, round_up: bool) -> usize {
        let i = self.edits.partition_point(|e| e.raw < raw);
        // Edits before `i` start before `raw`; the last of them may contain it.
        match i.checked_sub(1).map(|j| self.edits[j]) {
            None => raw,
            Some(e) if raw < e.raw + e.raw_len => {
                if round_up {
                    e.vis + e.vis_len
                } else {
                    e.vis
                }
            }
            Some(e) => e.vis + e.vis_len + (raw - e.raw - e.raw_len),
        }
    }
}

/// Terminal columns taken by `s`, which should already be [`visible`]: the
/// sum of its characters' widths, as a `wcwidth` terminal advances. For
/// visible text this equals what ratatui measures grapheme by grapheme.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.chars().map(char_width).sum()
}

/// Columns of one character of visible text (controls count 0; they never
/// survive [`visible`]).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Columns `raw` takes once made [`visible`].
pub fn visible_width(raw: &str) -> usize {
    width(&visible(raw))
}

/// The longest prefix of `s` (visible text) that fits in `max` columns
/// without splitting a grapheme, so a wide character or an accented letter
/// is never cut in half.
pub fn truncate(s: &str, max: usize) -> &str {
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = width(g);
        if used + w > max {
            return &s[..i];
        }
        used += w;
    }
    s
}

/// `n` and the noun in its right number: `1 match`, `2 matches`, `0 sources`.
/// Every count shown to people goes through this, so none reads `1 sources`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `s` cut to `max` columns with `…` at the end when it does not fit.
pub fn ellipsize(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    Cow::Owned(format!("{}…", truncate(s, max - 1)))
}

/// `g` cut before each character that takes columns, so each part is one
/// glyph with its zero-width marks.
pub fn glyphs(g: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in g.chars() {
        match parts.last_mut() {
            Some(last) if char_width(c) == 0 || width(last) == 0 => last.push(c),
            _ => parts.push(c.to_string()),
        }
    }
    parts
}

/// Whether `c` is a control character or one that [`visible`] shows because
/// it is invisible or reorders text (for escaping in other formats).
pub fn acts_or_hides(c: char) -> bool {
    c.is_control() || is_hidden(c)
}

/// True when `visible` would change nothing: printable ASCII and spaces, or
/// non-ASCII text free of anything the rules touch.
fn is_plain(s: &str) -> bool {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return true;
    }
    !s.chars().any(|c| c.is_ascii_control() || needs_care(c))
}

/// Characters that `transform` may change (everything else is copied).
fn needs_care(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || (0x7f..=0x9f).contains(&u)
        || is_hidden(c)
        || is_modifier(c)
        || c == '\u{200D}'
        || c == '\u{200C}'
        || c == '\u{FF9E}'
        || c == '\u{FF9F}'
        || (u >= 0x300 && c.width() == Some(0))
}

/// Default-ignorable and other format characters that draw nothing (or
/// reorder text) and so could hide or disguise text; they are shown as
/// `<U+XXXX>` unless a rule in the module docs keeps or drops them.
fn is_hidden(c: char) -> bool {
    matches!(c as u32,
        0x00AD            // soft hyphen
        | 0x034F          // combining grapheme joiner
        | 0x061C          // arabic letter mark
        | 0x0600..=0x0605 // arabic prepended marks
        | 0x06DD | 0x070F | 0x0890 | 0x0891 | 0x08E2
        | 0x115F | 0x1160 // hangul fillers
        | 0x17B4 | 0x17B5 // khmer inherent vowels
        | 0x180B..=0x180F // mongolian selectors, vowel separator
        | 0x200B..=0x200F // zero-width space/joiners, LRM, RLM
        | 0x2028 | 0x2029 // line/paragraph separators
        | 0x202A..=0x202E // bidi embeddings and overrides
        | 0x2060..=0x206F // word joiner, invisible operators, isolates, deprecated
        | 0x3164 | 0xFFA0 // hangul fillers
        | 0xFE00..=0xFE0F // variation selectors
        | 0xFEFF          // zero-width no-break space
        | 0xFFF0..=0xFFFB // specials, interlinear annotation
        | 0x110BD | 0x110CD
        | 0x13430..=0x1345F // egyptian format controls
        | 0x1BCA0..=0x1BCA3 // shorthand format controls
        | 0x1D173..=0x1D17A // musical format controls
        | 0xE0000..=0xE0FFF // tags, variation selectors supplement
    )
}

fn is_modifier(c: char) -> bool {
    matches!(c as u32, 0x1F3FB..=0x1F3FF)
}

fn is_presentation_selector(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}')
}

/// Approximates `Extended_Pictographic`: the blocks emoji live in.
fn is_pictograph(c: char) -> bool {
    matches!(c as u32,
        0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122 | 0x2139
        | 0x2194..=0x21AA
        | 0x231A..=0x23FF
        | 0x24C2 | 0x25AA | 0x25AB | 0x25B6 | 0x25C0 | 0x25FB..=0x25FE
        | 0x2600..=0x27BF
        | 0x2934 | 0x2935 | 0x2B05..=0x2B55
        | 0x3030 | 0x303D | 0x3297 | 0x3299
        | 0x1F000..=0x1F1E5
        | 0x1F200..=0x1F3FA
        | 0x1F400..=0x1FAFF
    )
}

/// A base a keycap or presentation selector may follow.
fn is_emoji_base(c: char) -> bool {
    is_pictograph(c) || c.is_ascii_digit() || c == '#' || c == '*'
}

/// Letters and marks of scripts where ZWJ/ZWNJ are part of spelling.
fn joins_in_script(c: char) -> bool {
    c as u32 >= 0x0590
        && !is_pictograph(c)
        && !is_hidden(c)
        && (c.is_alphabetic() || c.width() == Some(0))
}

/// Whether `c` written after `last` begins a new grapheme (and so, if it
/// has no width, would be drawn on its own or glued to whatever precedes it
/// on screen, such as a pane border).
fn starts_grapheme(last: Option<char>, c: char) -> bool {
    let Some(last) = last else { return true };
    let mut pair = String::with_capacity(8);
    pair.push(last);
    pair.push(c);
    pair.graphemes(true).nth(1).is_some()
}

/// The one pass behind [`visible`] and [`Visible`]. `edit` hears about every
/// changed character: raw offset, raw length, and the range of `out` (start,
/// length) that replaced it.
fn transform(s: &str, out: &mut String, mut edit: impl FnMut(usize, usize, (usize, usize))) {
    let mut chars = s.char_indices().peekable();
    // The last character written and the last one that can carry emoji
    // modifiers (a pictograph, possibly followed by dropped selectors).
    let mut last: Option<char> = None;
    let mut emoji_base = false;
    // At most one selector and one modifier per base are dropped; a run of
    // them could carry hidden bytes and is shown instead.
    let mut selector_dropped = false;
    let mut modifier_dropped = false;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let start = out.len();
        let replaced = match c {
            '\t' => {
                out.extend(std::iter::repeat_n(' ', TAB_WIDTH));
                true
            }
            '\n' => {
                out.push(' ');
                true
            }
            '\r' if next == Some('\n') => true,
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
                true
            }
            // ratatui adds a column for these on top of unicode-width's
            // (already correct) one, so it would misplace what follows; the
            // standalone sound marks look alike and are measured alike.
            '\u{FF9E}' => {
                out.push('\u{309B}');
                true
            }
            '\u{FF9F}' => {
                out.push('\u{309C}');
                true
            }
            '\u{7f}' => {
                out.push_str("^?");
                true
            }
            '\u{200D}' if emoji_base && next.is_some_and(is_pictograph) => true,
            '\u{200C}' | '\u{200D}'
                if last.is_some_and(joins_in_script)
                    && next.is_some_and(|n| {
                        joins_in_script(n) && n.is_alphabetic() && !needs_care(n)
                    }) =>
            {
                out.push(c);
                false
            }
            c if is_presentation_selector(c)
                && !selector_dropped
                && last.is_some_and(is_emoji_base) =>
            {
                selector_dropped = true;
                true
            }
            c if is_modifier(c) && emoji_base && !modifier_dropped => {
                modifier_dropped = true;
                true
            }
            c if is_modifier(c) && emoji_base => {
                let _ = write!(out, "<U+{:04X}>", c as u32);
                true
            }
            c if (0x80..=0x9f).contains(&(c as u32)) || is_hidden(c) => {
                let _ = write!(out, "<U+{:04X}>", c as u32);
                true
            }
            c if c.width() == Some(0)
                && (last.is_none_or(char::is_whitespace) || starts_grapheme(last, c)) =>
            {
                if starts_grapheme(Some(DOTTED_CIRCLE), c) {
                    // Not even a dotted circle carries it (a lone Hangul vowel).
                    let _ = write!(out, "<U+{:04X}>", c as u32);
                } else {
                    out.push(DOTTED_CIRCLE);
                    out.push(c);
                }
                true
            }
            c => {
                out.push(c);
                false
            }
        };
        if replaced {
            edit(i, c.len_utf8(), (start, out.len() - start));
        }
        if out.len() > start {
            last = out[start..].chars().next_back();
            selector_dropped = false;
            modifier_dropped = false;
            emoji_base = last.is_some_and(is_pictograph);
        } else if c == '\u{200D}' {
            emoji_base = false;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_take_the_singular_for_one_only() {
        assert_eq!(super::count(1, "match", "matches"), "1 match");
        assert_eq!(super::count(0, "match", "matches"), "0 matches");
        assert_eq!(super::count(2, "source", "sources"), "2 sources");
    }

    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(visible("Kyiv’s mayor “said”"), Cow::Borrowed(_)));
        assert!(matches!(visible("東京 café é"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_become_caret_forms() {
        assert_eq!(visible("a\x1b]0;PWNED\x07b"), "a^[]0;PWNED^Gb");
        assert_eq!(visible("\x1b[2J"), "^[[2J");
        assert_eq!(visible("x\x7f\x08\x0c\0"), "x^?^H^L^@");
        assert_eq!(
            visible("\x1b]52;c;aGk=\x07\x1bP1$q\x1b\\"),
            "^[]52;c;aGk=^G^[P1$q^[\\"
        );
    }

    #[test]
    fn c1_bidi_and_zero_width_are_named() {
        assert_eq!(visible("\u{9b}31m\u{85}"), "<U+009B>31m<U+0085>");
        assert_eq!(visible("a\u{202e}b\u{2066}c"), "a<U+202E>b<U+2066>c");
        assert_eq!(visible("a\u{200b}b\u{feff}"), "a<U+200B>b<U+FEFF>");
        assert_eq!(visible("Pop\u{ad}ko"), "Pop<U+00AD>ko");
        assert_eq!(visible("x\u{e0041}"), "x<U+E0041>");
    }

    #[test]
    fn whitespace_is_normalised() {
        assert_eq!(visible("a\tb"), "a    b");
        assert_eq!(visible("a\r\nb\nc"), "a b c");
        assert_eq!(visible("a\rb"), "a^Mb");
        assert_eq!(visible("a\u{2028}b"), "a<U+2028>b");
    }

    #[test]
    fn emoji_sequences_are_drawn_as_their_parts() {
        // Family (ZWJ), rainbow flag (VS16 + ZWJ), thumbs up with skin tone.
        assert_eq!(visible("👨\u{200d}👩\u{200d}👧"), "👨👩👧");
        assert_eq!(visible("🏳\u{fe0f}\u{200d}🌈"), "🏳🌈");
        assert_eq!(visible("👍\u{1f3fd}!"), "👍!");
        assert_eq!(visible("❤\u{fe0f}"), "❤");
        assert_eq!(visible("1\u{fe0f}\u{20e3}"), "1\u{20e3}");
        // Flags are two regional indicators and need nothing.
        assert!(matches!(visible("🇺🇦"), Cow::Borrowed(_)));
    }

    #[test]
    fn stray_joiners_and_selectors_are_shown() {
        assert_eq!(visible("Klit\u{200d}schko"), "Klit<U+200D>schko");
        assert_eq!(visible("👍\u{200d}x"), "👍<U+200D>x");
        assert_eq!(visible("a\u{fe0f}"), "a<U+FE0F>");
        // Bytes smuggled as a run of selectors after one emoji.
        assert_eq!(visible("😀\u{fe0f}\u{fe01}\u{fe02}"), "😀<U+FE01><U+FE02>");
    }

    #[test]
    fn joiners_inside_joining_scripts_are_kept() {
        let persian = "می\u{200c}خواهم";
        assert!(matches!(visible(persian), Cow::Borrowed(_)));
        let devanagari = "क्\u{200d}ष";
        assert!(matches!(visible(devanagari), Cow::Borrowed(_)));
    }

    #[test]
    fn orphan_combining_marks_get_a_base() {
        assert_eq!(visible("\u{301}x"), "◌\u{301}x");
        assert_eq!(visible("a \u{336}b"), "a ◌\u{336}b");
        assert!(matches!(visible("e\u{301}"), Cow::Borrowed(_)));
    }

    #[test]
    fn widths_count_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("東京"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("🇺🇦"), 2);
        assert_eq!(visible_width("\x1b[2J"), 5);
        assert_eq!(visible_width("👨\u{200d}👩"), 4);
    }

    #[test]
    fn truncation_never_splits_a_grapheme() {
        assert_eq!(truncate("東京都", 5), "東京");
        assert_eq!(truncate("e\u{301}e\u{301}", 1), "e\u{301}");
        assert_eq!(truncate("ab", 0), "");
        assert_eq!(ellipsize("Polish Armed Forces", 10), "Polish Ar…");
        assert_eq!(ellipsize("東京都", 4), "東…");
        assert_eq!(ellipsize("short", 10), "short");
    }

    #[test]
    fn offsets_map_between_raw_and_visible() {
        let raw = "a\x1bb\u{200b}c";
        let v = Visible::new(raw);
        assert_eq!(v.text, "a^[b<U+200B>c");
        assert_eq!(v.to_visible(0), 0);
        assert_eq!(v.to_visible(2), 3); // 'b'
        assert_eq!(v.to_visible(raw.len() - 1), v.text.len() - 1); // 'c'
        assert_eq!(v.to_visible(raw.len()), v.text.len());
        assert_eq!(v.range_to_visible(1..2), 1..3);
        assert_eq!(v.range_to_visible(3..raw.len()), 4..v.text.len());
        assert_eq!(v.to_raw(3), 2);
        assert_eq!(v.to_raw(6), 3); // inside <U+200B>
        assert_eq!(v.to_raw(v.text.len()), raw.len());
        assert_eq!(Visible::new("plain").to_visible(3), 3);
    }
}
