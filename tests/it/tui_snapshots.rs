//! The screen at fixed sizes, drawn into ratatui's `TestBackend` and kept as
//! insta snapshots (`cargo insta review` after an intended change), plus
//! buffer checks where the style is the point.

use crate::tui_support;

use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use tui_support::{draw, key, press, screen, seed_app, seed_app_with, type_str};
use whosaid::reader::{ColorMode, Config};

#[test]
fn panes_80x24() {
    let app = seed_app(80, 24);
    insta::assert_snapshot!("panes_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn panes_80x24_after_a_jump() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "6]");
    insta::assert_snapshot!("jump_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn panes_120x40() {
    let mut app = seed_app(120, 40);
    type_str(&mut app, "5\r");
    insta::assert_snapshot!("panes_120x40", draw(&app, 120, 40).backend());
}

#[test]
fn tabs_50x20() {
    let mut app = seed_app(50, 20);
    insta::assert_snapshot!("tabs_50x20_sources", draw(&app, 50, 20).backend());
    type_str(&mut app, "4]");
    insta::assert_snapshot!("tabs_50x20_article", draw(&app, 50, 20).backend());
}

#[test]
fn too_small_10x3() {
    let app = seed_app(10, 3);
    insta::assert_snapshot!("too_small_10x3", draw(&app, 10, 3).backend());
}

#[test]
fn help_and_zoom() {
    let mut app = seed_app(80, 24);
    press(&mut app, key(KeyCode::Char('?')));
    insta::assert_snapshot!("help_80x24", draw(&app, 80, 24).backend());
    press(&mut app, key(KeyCode::Esc));
    press(&mut app, key(KeyCode::Char('z')));
    insta::assert_snapshot!("zoom_80x24", draw(&app, 80, 24).backend());
}

/// No size from 1x1 up, in any mode, may panic, and every row stays within
/// the screen (the `TestBackend` would panic on a write outside it).
#[test]
fn every_small_size_draws() {
    for keys in ["", "z", "\t", "6]", "?", "/e", "p", "p/k\r"] {
        let mut app = seed_app(80, 24);
        type_str(&mut app, keys);
        for w in (1..70).step_by(2) {
            for h in 1..22 {
                app.update(whosaid::reader::Action::Resize(w, h));
                let lines = screen(&app, w, h);
                assert_eq!(lines.len(), usize::from(h));
            }
        }
    }
}

#[test]
fn selection_and_jump_are_marked_in_colour() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "6]");
    let t = draw(&app, 80, 24);
    let buf = t.backend().buffer();
    // The selected source's row is reversed.
    let row = (0..24)
        .find(|&y| {
            (0..32)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .contains("Gladkov")
        })
        .expect("Gladkov in the Sources pane");
    assert!(buf[(2, row)].modifier.contains(Modifier::REVERSED));
    // The jumped-to passage has the strong highlight in the Article pane.
    let jumped = (0..24).any(|y| (33..79).any(|x| buf[(x, y)].bg == Color::Yellow));
    assert!(jumped, "no highlighted passage");
}

#[test]
fn no_color_uses_reverse_and_underline_only() {
    let config = Config {
        color: ColorMode::None,
        ..Config::default()
    };
    let mut app = seed_app_with(80, 24, config);
    type_str(&mut app, "6]");
    let t = draw(&app, 80, 24);
    let buf = t.backend().buffer();
    let mut reversed = false;
    let mut underlined = false;
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert_eq!(c.fg, Color::Reset, "colour at {x},{y}");
            assert_eq!(c.bg, Color::Reset, "colour at {x},{y}");
            reversed |= x > 32 && c.modifier.contains(Modifier::REVERSED);
            underlined |= x > 32 && c.modifier.contains(Modifier::UNDERLINED);
        }
    }
    assert!(reversed, "the jumped passage is reversed");
    // Gladkov's other passage is marked (underlined) when on screen.
    type_str(&mut app, "]");
    let t = draw(&app, 80, 24);
    let buf = t.backend().buffer();
    for y in 0..24 {
        for x in 33..79 {
            underlined |= buf[(x, y)].modifier.contains(Modifier::UNDERLINED);
        }
    }
    assert!(underlined, "passages are underlined");
}

#[test]
fn help_40x12_scrolls() {
    let mut app = seed_app(40, 12);
    type_str(&mut app, "?");
    insta::assert_snapshot!("help_40x12_top", draw(&app, 40, 12).backend());
    type_str(&mut app, "G");
    insta::assert_snapshot!("help_40x12_end", draw(&app, 40, 12).backend());
}

#[test]
fn passages_tab_40x12_names_the_source_in_full() {
    let mut app = seed_app(40, 12);
    type_str(&mut app, "3l");
    insta::assert_snapshot!("passages_40x12", draw(&app, 40, 12).backend());
}

#[test]
fn picker_80x24_filtered() {
    use whosaid::library::Library;
    use whosaid::model::article::Article;
    let a = tui_support::seed_article();
    let s = tui_support::seed_sources(&a);
    let b = Article::parse(
        "second.txt",
        "title: Second story, on Gdańsk\ndate 2024-04-01\n\nHello there.".as_bytes(),
    )
    .expect("parses");
    let lib = Library::from_articles(vec![(a, Some(s)), (b, None)]);
    let mut app = tui_support::app_on(lib, 80, 24, Config::default());
    insta::assert_snapshot!("picker_80x24", draw(&app, 80, 24).backend());
    type_str(&mut app, "/gdansk");
    insta::assert_snapshot!("picker_80x24_filtered", draw(&app, 80, 24).backend());
}
