//! Hostile text drawn through ratatui into a terminal emulator: the screen a
//! `wcwidth` terminal shows is exactly ratatui's buffer, so no pane border is
//! pushed and no cell goes stale, including on partial redraws.

use proptest::prelude::*;
use ratatui::Frame;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use whosaid::model::text;
use whosaid::reader::wrap::{trim_line, wrap_ranges};

use crate::hostile_support;
use hostile_support::hostile_string;
use hostile_support::screen::draw_through_terminal;

type Draw = Box<dyn FnMut(&mut Frame)>;

fn pane(raw: &str, w: u16) -> Draw {
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
        whosaid::reader::split_clusters(f.buffer_mut());
    })
}

/// A frame of cells in random styles, so every change of colour and
/// attribute the backend writes is checked against the emulator.
fn styled(cells: Vec<(char, u8, u8, u8)>) -> Draw {
    const COLORS: [Color; 8] = [
        Color::Reset,
        Color::Black,
        Color::Yellow,
        Color::Gray,
        Color::DarkGray,
        Color::White,
        Color::Indexed(208),
        Color::Rgb(1, 2, 3),
    ];
    const MODS: [Modifier; 5] = [
        Modifier::BOLD,
        Modifier::DIM,
        Modifier::ITALIC,
        Modifier::UNDERLINED,
        Modifier::REVERSED,
    ];
    Box::new(move |f: &mut Frame| {
        let area = f.area();
        let buf = f.buffer_mut();
        let positions = (0..area.height).flat_map(|y| (0..area.width).map(move |x| (x, y)));
        for ((x, y), &(c, fg, bg, mods)) in positions.zip(&cells) {
            let mut modifier = Modifier::empty();
            for (i, m) in MODS.iter().enumerate() {
                if mods & (1 << i) != 0 {
                    modifier |= *m;
                }
            }
            // vt100 keeps one intensity, so bold with dim cannot be checked.
            if modifier.contains(Modifier::BOLD) {
                modifier.remove(Modifier::DIM);
            }
            buf[(x, y)].set_char(c).set_style(
                Style::new()
                    .fg(COLORS[usize::from(fg % 8)])
                    .bg(COLORS[usize::from(bg % 8)])
                    .add_modifier(modifier),
            );
        }
    })
}

fn styled_cells() -> impl Strategy<Value = Vec<(char, u8, u8, u8)>> {
    // Mostly plain cells, as on a real screen, so styles change in runs.
    let cell = prop_oneof![
        3 => (prop::sample::select(vec![' ', 'a', 'Z']), Just(0u8), Just(0u8), Just(0u8)),
        1 => (prop::sample::select(vec![' ', 'x', '│']), any::<u8>(), any::<u8>(), 0u8..32),
    ];
    prop::collection::vec(cell, 0..120)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn terminal_shows_every_colour_and_attribute(
        frames in prop::collection::vec(styled_cells(), 1..4),
        w in 1u16..16,
        h in 1u16..8,
    ) {
        let mut frames = frames.into_iter().map(styled);
        let bytes = draw_through_terminal(w, h, &mut frames);
        prop_assert!(bytes.is_ok(), "{}", bytes.err().unwrap_or_default());
    }

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

/// Found by `every_frame_reaches_the_terminal_as_drawn` once styles were
/// compared: a narrow glyph drawn, underlined, over a wide one made the
/// terminal blank the wide glyph's second cell underlined, which ratatui's
/// diff took for a plain blank and left.
#[test]
fn a_wide_glyph_replaced_leaves_no_styled_blank() {
    let frames: [Draw; 2] = [
        Box::new(|f: &mut Frame| {
            f.buffer_mut()[(0, 0)].set_symbol("\u{1f469}");
        }),
        Box::new(|f: &mut Frame| {
            let style = Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::UNDERLINED);
            f.buffer_mut()[(0, 0)].set_char('a').set_style(style);
        }),
    ];
    let bytes = draw_through_terminal(4, 1, &mut frames.into_iter());
    assert!(bytes.is_ok(), "{}", bytes.err().unwrap_or_default());
}
