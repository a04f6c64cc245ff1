//! Making untrusted text safe to put on a terminal.
//!
//! Article text comes from anywhere and is read over SSH, so no byte of it may
//! drive the reader's terminal. Every string that reaches a screen (the TUI or
//! the plain `sources` output) passes through [`visible`] first, which turns
//! control characters, escape sequences, bidirectional overrides and invisible
//! characters into visible, inert forms.

use std::borrow::Cow;

/// Spaces a tab expands to. Tab stops mean nothing inside wrapped text.
pub const TAB_WIDTH: usize = 4;

/// Returns `s` with every character that could act on a terminal, or hide
/// itself, replaced by a visible form: C0 controls and DEL in caret notation
/// (`^[`, `^G`, `^?`), C1 controls, bidi controls and zero-width characters
/// as `<U+XXXX>`. Tabs become spaces and line breaks inside a paragraph become
/// spaces, so the result is one logical line ready for wrapping.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => out.extend(std::iter::repeat_n(' ', TAB_WIDTH)),
            '\n' => out.push(' '),
            '\r' if chars.peek() == Some(&'\n') => {}
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            '\u{7f}' => out.push_str("^?"),
            c if needs_escape(c) => {
                use std::fmt::Write;
                let _ = write!(out, "<U+{:04X}>", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || (0x7f..=0x9f).contains(&u)
        || matches!(
            u,
            0x061C          // arabic letter mark
            | 0x200B..=0x200F // zero-width space/joiners, LRM, RLM
            | 0x2028 | 0x2029 // line/paragraph separators
            | 0x202A..=0x202E // bidi embeddings and overrides
            | 0x2060..=0x2064 // word joiner, invisible operators
            | 0x2066..=0x2069 // bidi isolates
            | 0xFEFF          // zero-width no-break space
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(visible("Kyiv’s mayor “said”"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_become_caret_forms() {
        assert_eq!(visible("a\x1b]0;PWNED\x07b"), "a^[]0;PWNED^Gb");
        assert_eq!(visible("\x1b[2J"), "^[[2J");
        assert_eq!(visible("x\x7f\x08"), "x^?^H");
    }

    #[test]
    fn c1_bidi_and_zero_width_are_named() {
        assert_eq!(visible("\u{9b}31m"), "<U+009B>31m");
        assert_eq!(visible("a\u{202e}b"), "a<U+202E>b");
        assert_eq!(visible("a\u{200b}b"), "a<U+200B>b");
    }

    #[test]
    fn whitespace_is_normalised() {
        assert_eq!(visible("a\tb"), "a    b");
        assert_eq!(visible("a\r\nb\nc"), "a b c");
        assert_eq!(visible("a\rb"), "a^Mb");
    }
}
