//! Hostile text drawn through ratatui into a terminal emulator: the screen a
//! `wcwidth` terminal shows is exactly ratatui's buffer, so no pane border is
//! pushed and no cell goes stale, including on partial redraws.

use proptest::prelude::*;
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use whosaid::text;
use whosaid::tui::wrap::{trim_line, wrap_ranges};

mod hostile_support;
use hostile_support::hostile_string;
use hostile_support::screen::draw_through_terminal;

fn pane(raw: &str, w: u16) -> Box<dyn FnMut(&mut Frame)> {
    let visible = text::visible(raw).into_owned();
    let inner = usize::from(w.saturating_sub(2)).max(1);
    // The reader's wrapping: by grapheme, never inside one (textwrap's
    // `break_words` splits a combining mark from its base, which then
    // lands on the pane border).
    let lines: Vec<Line<'static>> = wrap_ranges(&visible, inner)
        .into_iter()
        .map(|r| Line::raw(visible[trim_line(&visible, r)].to_owned()))
        .collect();
    Box::new(move |f: &mut Frame| {
        let block = Block::default().borders(Borders::ALL).title("Article");
        f.render_widget(Paragraph::new(lines.clone()).block(block), f.area());
        text::split_clusters(f.buffer_mut());
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn terminal_shows_exactly_the_buffer(
        a in hostile_string(120),
        b in hostile_string(120),
        w in 1u16..40,
        h in 1u16..12,
    ) {
        let mut frames = vec![pane(&a, w), pane(&b, w)].into_iter();
        let bytes = draw_through_terminal(w, h, &mut frames);
        prop_assert!(bytes.is_ok(), "{}", bytes.err().unwrap_or_default());
    }
}

#[test]
fn wide_and_joined_text_keeps_the_border() {
    let text =
        "東京都 👨\u{200d}👩\u{200d}👧 🇺🇦🇵🇱 e\u{301}\u{302} ❤\u{fe0f} 👍\u{1f3fd} \u{301}x ｶﾞ ";
    for w in [3u16, 4, 5, 7, 12, 30] {
        let mut frames = vec![pane(&text.repeat(3), w), pane(text, w)].into_iter();
        draw_through_terminal(w, 8, &mut frames).expect("screen matches buffer");
    }
}
