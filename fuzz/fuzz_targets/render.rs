//! Any text made visible, wrapped and drawn into a bordered pane of any size,
//! through ratatui's crossterm backend into a terminal emulator (vt100, which
//! advances per character like `wcwidth` terminals do), twice (the second
//! frame a partial redraw): nothing panics, no cell holds a control
//! character, and the emulator's screen is exactly ratatui's buffer — no
//! pushed border, no stale cell.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use whosaid::text;

#[path = "../../tests/hostile_support/screen.rs"]
mod screen;

fn pane(raw: &str, w: u16) -> Box<dyn FnOnce(&mut Frame)> {
    let visible = text::visible(raw).into_owned();
    let inner = usize::from(w.saturating_sub(2)).max(1);
    let lines: Vec<Line<'static>> = textwrap::wrap(&visible, inner)
        .into_iter()
        .map(|l| Line::raw(l.into_owned()))
        .collect();
    Box::new(move |f: &mut Frame| {
        let block = Block::default().borders(Borders::ALL).title("Article");
        f.render_widget(Paragraph::new(lines).block(block), f.area());
        text::split_clusters(f.buffer_mut());
    })
}

fuzz_target!(|data: &[u8]| {
    let [w, h, split, rest @ ..] = data else {
        return;
    };
    let (w, h) = (u16::from(*w % 100) + 1, u16::from(*h % 30) + 1);
    let raw = String::from_utf8_lossy(rest);
    let cut = (usize::from(*split) * raw.len() / 256..=raw.len())
        .find(|&i| raw.is_char_boundary(i))
        .unwrap_or(raw.len());
    let mut frames = vec![pane(&raw, w), pane(&raw[cut..], w)].into_iter();
    if let Err(e) = screen::draw_through_terminal(w, h, &mut frames) {
        panic!("{e}");
    }
});
