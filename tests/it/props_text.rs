//! Properties of `text::visible` and the width helpers on hostile text:
//! nothing that acts on a terminal survives, and ratatui (per grapheme) and
//! a `wcwidth` terminal (per character) agree on every width.

use proptest::prelude::*;
use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;
use whosaid::model::text::{self, Visible};

use crate::hostile_support;
use hostile_support::hostile_string;

fn is_allowed_invisible(c: char) -> bool {
    // Kept only between letters of joining scripts.
    matches!(c, '\u{200c}' | '\u{200d}')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn nothing_that_acts_on_a_terminal_survives(s in hostile_string(40)) {
        let v = text::visible(&s);
        for c in v.chars() {
            prop_assert!(!c.is_control(), "control {:?} in {:?}", c, v);
            let u = c as u32;
            let bidi = (0x202a..=0x202e).contains(&u) || (0x2066..=0x2069).contains(&u)
                || matches!(u, 0x200e | 0x200f | 0x061c);
            prop_assert!(!bidi, "bidi control {:?} in {:?}", c, v);
            let hidden = matches!(u, 0x200b | 0x2060 | 0xfeff | 0xad | 0x2028 | 0x2029)
                || (0xe0000..=0xe0fff).contains(&u);
            prop_assert!(!hidden, "hidden {:?} in {:?}", c, v);
        }
        let raw_escape = v.contains('\u{1b}') || v.contains('\u{9b}');
        prop_assert!(!raw_escape);
    }

    #[test]
    fn ratatui_and_the_terminal_agree_on_every_grapheme(s in hostile_string(40)) {
        let v = text::visible(&s);
        for g in v.graphemes(true) {
            let per_char = text::width(g);
            prop_assert_eq!(usize::from(g.cell_width()), per_char,
                "grapheme {:?} of {:?}", g.escape_unicode().to_string(), v);
            prop_assert!(per_char > 0 || g.chars().all(is_allowed_invisible),
                "zero-width grapheme {:?} would be dropped or glued to a border",
                g.escape_unicode().to_string());
        }
        prop_assert_eq!(text::width(&v), text::visible_width(&s));
    }

    #[test]
    fn visible_is_idempotent_on_its_own_output(s in hostile_string(40)) {
        let once = text::visible(&s).into_owned();
        let twice = text::visible(&once).into_owned();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn offset_map_points_at_the_same_characters(s in hostile_string(40)) {
        let v = Visible::new(&s);
        prop_assert_eq!(v.text.as_str(), &*text::visible(&s));
        let mut prev = 0;
        for (i, c) in s.char_indices() {
            let at = v.to_visible(i);
            prop_assert!(at >= prev && at <= v.text.len());
            prop_assert!(v.text.is_char_boundary(at));
            prev = at;
            let r = v.range_to_visible(i..i + c.len_utf8());
            prop_assert!(r.start <= r.end && r.end <= v.text.len());
            // An unchanged character is found where the map says.
            if v.text[r.clone()].chars().eq(std::iter::once(c)) {
                prop_assert_eq!(v.to_raw(r.start), i);
            }
        }
        prop_assert_eq!(v.to_visible(s.len()), v.text.len());
    }

    #[test]
    fn truncate_fits_and_keeps_graphemes_whole(s in hostile_string(30), w in 0usize..20) {
        let v = text::visible(&s);
        let t = text::truncate(&v, w);
        prop_assert!(text::width(t) <= w);
        prop_assert!(v.starts_with(t));
        let whole: Vec<&str> = v.graphemes(true).collect();
        let cut: Vec<&str> = t.graphemes(true).collect();
        prop_assert_eq!(&whole[..cut.len()], &cut[..]);
        prop_assert!(text::width(&text::ellipsize(&v, w)) <= w);
    }
}

#[test]
fn a_line_renders_exactly_as_wide_as_measured() {
    // Rendering through ratatui itself, not only its width function.
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let samples = [
        "東京 e\u{301} 🇺🇦 👨\u{200d}👩\u{200d}👧 ❤\u{fe0f} 👍\u{1f3fd} \x1b[2J",
        "\u{301}lead \u{202e}evil\u{202c} ｶﾞ",
        "می\u{200c}خواهم क्\u{200d}ष",
    ];
    for s in samples {
        let v = text::visible(s);
        let w = text::width(&v);
        let mut buf = Buffer::empty(Rect::new(0, 0, 200, 1));
        let (x, _) = buf.set_stringn(0, 0, &v, 200, ratatui::style::Style::default());
        assert_eq!(usize::from(x), w, "{v:?}");
    }
}
