//! A 10 MB article in the reader: opening, the end, jumps and search touch
//! only the paragraphs they show (no timing here: see the benches).

use crate::tui_support;

use std::sync::Arc;

use crossterm::event::KeyCode;
use tui_support::{key, press, screen, type_str};
use whosaid::library::Library;
use whosaid::model::article::Article;
use whosaid::reader::{self, App, Config};

fn big_app() -> App {
    let text = crate::support_big::big_article(crate::support_big::TEN_MB);
    let article = Article::parse("big.txt", text.as_bytes()).expect("parses");
    assert!(article.paragraphs().len() > 20_000);
    let lib = Arc::new(Library::from_articles(vec![(article, None)]));
    let mut app = App::new(Arc::clone(&lib), Config::default());
    app.update(reader::Action::Resize(80, 24));
    app.take_effects();
    let t = std::time::Instant::now();
    app.update(reader::open_action(&lib, 0, None));
    let lines = screen(&app, 80, 24);
    eprintln!("10 MB: open + first frame in {:?}", t.elapsed());
    assert!(
        lines
            .iter()
            .any(|l| l.contains(crate::support_big::FIRST_SCREEN_MARK))
    );
    app
}

#[test]
fn a_ten_mb_article_wraps_only_what_is_shown() {
    let mut app = big_app();
    assert!(
        app.wrapped_paragraphs() < 50,
        "{}",
        app.wrapped_paragraphs()
    );
    type_str(&mut app, "\t\t");
    let t = std::time::Instant::now();
    press(&mut app, key(KeyCode::Char('G')));
    let lines = screen(&app, 80, 24);
    eprintln!("10 MB: G + frame in {:?}", t.elapsed());
    let (p, n) = app.reading_position();
    assert!(p > n - 20, "at the end: {p}/{n}");
    assert!(lines[1].contains("Article"));
    assert!(
        app.wrapped_paragraphs() < 100,
        "{}",
        app.wrapped_paragraphs()
    );
    for _ in 0..50 {
        press(&mut app, key(KeyCode::PageUp));
    }
    assert!(
        app.wrapped_paragraphs() < 400,
        "{}",
        app.wrapped_paragraphs()
    );
}

#[test]
fn search_in_a_ten_mb_article() {
    let mut app = big_app();
    let t = std::time::Instant::now();
    type_str(&mut app, "/Sadovy");
    eprintln!("10 MB: 7 search keystrokes in {:?}", t.elapsed());
    let n = app.search().matches().len();
    assert!(n > 100, "{n} matches");
    type_str(&mut app, "\rN");
    assert_eq!(
        app.search().current_index(),
        Some(n - 1),
        "wrapped to the last"
    );
    let (p, total) = app.reading_position();
    assert!(
        p > total * 9 / 10,
        "the last match is near the end: {p}/{total}"
    );
    assert!(
        app.wrapped_paragraphs() < 100,
        "{}",
        app.wrapped_paragraphs()
    );
}
