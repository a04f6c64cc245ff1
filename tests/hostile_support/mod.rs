//! Shared by the hostile-text tests: strategies for text chosen to break
//! things, and a terminal emulator check of what ratatui writes.
#![allow(dead_code)]

use proptest::prelude::*;

pub mod screen;
pub mod targets;

/// Characters chosen to break things, mixed with ordinary text.
pub fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range(' ', '~'),
        2 => proptest::char::range('\0', '\x1f'),
        1 => Just('\x7f'),
        1 => proptest::char::range('\u{80}', '\u{9f}'),
        1 => proptest::char::range('\u{300}', '\u{36f}'),    // combining marks
        1 => proptest::char::range('\u{200b}', '\u{200f}'),  // zero-width, LRM/RLM
        1 => proptest::char::range('\u{2028}', '\u{202e}'),  // separators, bidi
        1 => proptest::char::range('\u{2060}', '\u{206f}'),  // isolates, invisibles
        1 => proptest::char::range('\u{fe00}', '\u{fe0f}'),  // variation selectors
        1 => proptest::char::range('\u{1f3fb}', '\u{1f3ff}'),// skin tones
        2 => proptest::char::range('\u{1f300}', '\u{1f64f}'),// emoji
        1 => proptest::char::range('\u{2600}', '\u{27bf}'),  // symbols, dingbats
        1 => proptest::char::range('\u{1f1e6}', '\u{1f1ff}'),// regional indicators
        2 => proptest::char::range('\u{4e00}', '\u{4e80}'),  // CJK
        1 => proptest::char::range('\u{1100}', '\u{11ff}'),  // hangul jamo
        1 => proptest::char::range('\u{0600}', '\u{06ff}'),  // arabic
        1 => proptest::char::range('\u{0900}', '\u{097f}'),  // devanagari
        1 => proptest::char::range('\u{0e00}', '\u{0e7f}'),  // thai
        1 => proptest::char::range('\u{ff00}', '\u{ffef}'),  // halfwidth/fullwidth
        1 => proptest::char::range('\u{e0000}', '\u{e007f}'),// tags
        1 => prop_oneof![Just('\u{ad}'), Just('\u{feff}'), Just('\u{20e3}'), Just('\u{25cc}'),
                         Just('\u{3164}'), Just('\u{115f}'), Just('\u{d4e}'), Just('\u{17d2}')],
        2 => any::<char>(),
    ]
}

pub fn hostile_string(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(hostile_char(), 0..max).prop_map(|v| v.into_iter().collect())
}
