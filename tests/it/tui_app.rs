//! `App` state transitions for every key, without a terminal: real key
//! events go through `keys::action_for`, then `App::update`.

use crate::tui_support;

use std::sync::Arc;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tui_support::{
    app_on, ctrl, key, press, screen, seed_app, seed_app_with, seed_article, seed_sources, type_str,
};
use whosaid::library::Library;
use whosaid::library::state::Position;
use whosaid::model::article::Article;
use whosaid::reader::app::{Analysis, Anchor, Overlay};
use whosaid::reader::layout::Mode;
use whosaid::reader::{Action, App, Config, Effect, Focus, keys};

fn top_paragraph(app: &App) -> usize {
    app.top().paragraph
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

#[test]
fn q_and_ctrl_c_quit_and_save_the_position() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "4\t\t");
    press(&mut app, key(KeyCode::PageDown));
    press(&mut app, key(KeyCode::Char('q')));
    assert!(app.should_quit());
    let effects = app.take_effects();
    let Some(Effect::SavePosition { position, .. }) = effects.first() else {
        panic!("expected a saved position, got {effects:?}");
    };
    assert_eq!(position.source.as_deref(), Some("Andriy Sadovy"));
    assert!(position.paragraph > 0);

    let mut app = seed_app(80, 24);
    press(&mut app, ctrl('c'));
    assert!(app.should_quit());
}

#[test]
fn q_in_an_overlay_closes_it_and_ctrl_c_still_quits() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "?q");
    assert_eq!(app.overlay(), Overlay::None, "q closes the help");
    assert!(!app.should_quit(), "q in the help does not quit");
    type_str(&mut app, "?");
    press(&mut app, ctrl('c'));
    assert!(app.should_quit(), "Ctrl-c quits from the help");

    let a = seed_article();
    let s = seed_sources(&a);
    let b = Article::parse("second.txt", b"title: Second\n\nHello there.").expect("parses");
    let lib = Library::from_articles(vec![(a, Some(s)), (b, None)]);
    let mut app = app_on(lib, 80, 24, Config::default());
    assert!(matches!(app.overlay(), Overlay::Picker { .. }));
    type_str(&mut app, "q");
    assert_eq!(app.overlay(), Overlay::None, "q closes the picker");
    assert!(!app.should_quit(), "q in the picker does not quit");
    type_str(&mut app, "oq");
    assert_eq!(app.overlay(), Overlay::None);
    assert!(!app.should_quit());
    type_str(&mut app, "q");
    assert!(app.should_quit(), "q quits from the main view");
    let mut app = app_on(
        Library::from_articles(vec![
            (seed_article(), None),
            (
                Article::parse("c.txt", b"title: C\n\nHi.").expect("parses"),
                None,
            ),
        ]),
        80,
        24,
        Config::default(),
    );
    press(&mut app, ctrl('c'));
    assert!(app.should_quit(), "Ctrl-c quits from the picker");
}

#[test]
fn one_of_anything_is_counted_in_the_singular() {
    // A word the seed has once, then one it has several times.
    let mut app = seed_app(80, 24);
    type_str(&mut app, "/klitschko");
    assert_eq!(app.search().matches().len(), 1);
    let shown = screen(&app, 80, 24).join("\n");
    assert!(shown.contains("(1 match)"), "{shown}");
    press(&mut app, key(KeyCode::Esc));
    type_str(&mut app, "/kyiv");
    let n = app.search().matches().len();
    assert!(n > 1);
    let shown = screen(&app, 80, 24).join("\n");
    assert!(shown.contains(&format!("({n} matches)")), "{shown}");

    // The picker counts one source as `1 source`.
    let one = Article::parse(
        "one.txt",
        "title: One\n\n“We will rebuild the bridge,” said Jane Roe, the mayor.".as_bytes(),
    )
    .expect("parses");
    let one_sources = whosaid::attribution::analyze(&one);
    assert_eq!(one_sources.named().count(), 1, "{one_sources:?}");
    let a = seed_article();
    let s = seed_sources(&a);
    let lib = Library::from_articles(vec![(a, Some(s)), (one, Some(one_sources))]);
    let app = app_on(lib, 80, 24, Config::default());
    assert!(matches!(app.overlay(), Overlay::Picker { .. }));
    let shown = screen(&app, 80, 24).join("\n");
    assert!(shown.contains("1 source"), "{shown}");
    assert!(!shown.contains("1 sources"), "{shown}");
    assert!(shown.contains("7 sources"), "{shown}");
}

#[test]
fn tab_and_shift_tab_cycle_focus() {
    let mut app = seed_app(80, 24);
    assert_eq!(app.focus(), Focus::Sources);
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::Passages);
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::Article);
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::Sources);
    press(&mut app, key(KeyCode::BackTab));
    assert_eq!(app.focus(), Focus::Article);
}

#[test]
fn arrows_and_jk_move_in_the_focused_pane() {
    let mut app = seed_app(80, 24);
    press(&mut app, key(KeyCode::Down));
    press(&mut app, key(KeyCode::Char('j')));
    assert_eq!(app.selected_source_index(), 2);
    press(&mut app, key(KeyCode::Up));
    assert_eq!(app.selected_source_index(), 1);
    press(&mut app, key(KeyCode::Char('k')));
    press(&mut app, key(KeyCode::Char('k')));
    assert_eq!(app.selected_source_index(), 0, "stops at the first");

    // Passages: Popko has two.
    type_str(&mut app, "3\r");
    assert_eq!(app.focus(), Focus::Passages);
    press(&mut app, key(KeyCode::Char('j')));
    assert_eq!(app.selected_passage_index(), 1);
    press(&mut app, key(KeyCode::Down));
    assert_eq!(app.selected_passage_index(), 1, "stops at the last");

    // Article: one row per press.
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::Article);
    press(&mut app, key(KeyCode::Char('g')));
    let start = app.top();
    press(&mut app, key(KeyCode::Char('j')));
    assert_eq!(
        app.top(),
        Anchor {
            paragraph: start.paragraph,
            row: start.row + 1
        }
    );
    press(&mut app, key(KeyCode::Up));
    assert_eq!(app.top(), start);
}

#[test]
fn paging_keys_scroll_the_article_like_less() {
    let mut app = seed_app(80, 24);
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    let top = app.top();
    press(&mut app, key(KeyCode::PageDown));
    let after_page = app.top();
    assert!(after_page > top);
    press(&mut app, key(KeyCode::PageUp));
    assert_eq!(app.top(), top);
    press(&mut app, key(KeyCode::Char(' ')));
    assert_eq!(app.top(), after_page, "Space pages down");
    press(&mut app, key(KeyCode::Char('b')));
    assert_eq!(app.top(), top);
    press(&mut app, ctrl('d'));
    let half = app.top();
    assert!(half > top && half < after_page, "Ctrl-d is half a page");
    press(&mut app, ctrl('u'));
    assert_eq!(app.top(), top);
    press(&mut app, key(KeyCode::Char('G')));
    let end = app.top();
    assert!(end.paragraph > 15, "G goes to the end: {end:?}");
    press(&mut app, key(KeyCode::PageDown));
    assert_eq!(app.top(), end, "no scrolling past the last screen");
    press(&mut app, key(KeyCode::Home));
    assert_eq!(app.top(), Anchor::default());
    press(&mut app, key(KeyCode::End));
    assert_eq!(app.top(), end);
    press(&mut app, key(KeyCode::Char('g')));
    assert_eq!(app.top(), Anchor::default());
}

#[test]
fn number_keys_select_sources() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "6");
    assert_eq!(
        app.selected_source().map(|s| s.name.as_str()),
        Some("Vyacheslav Gladkov")
    );
    type_str(&mut app, "9");
    assert_eq!(app.selected_source_index(), 5, "no ninth source: unchanged");
    assert!(app.notice().is_some_and(|n| n.contains('9')));
}

#[test]
fn enter_on_a_source_then_on_a_passage_jumps() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "6\r");
    assert_eq!(app.focus(), Focus::Passages);
    assert!(app.jumped_passage().is_none());
    press(&mut app, key(KeyCode::Char('j')));
    press(&mut app, key(KeyCode::Enter));
    let jumped = app.jumped_passage().expect("a passage was jumped to");
    assert_eq!(jumped.paragraph, 16);
    // The passage's paragraph is on screen, just below the top.
    let top = top_paragraph(&app);
    assert!((15..=16).contains(&top), "top {top}");
}

#[test]
fn brackets_step_through_passages_from_anywhere_and_wrap() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "6");
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    type_str(&mut app, "]");
    assert_eq!(app.jumped_passage().map(|p| p.paragraph), Some(14));
    assert_eq!(app.focus(), Focus::Article, "focus stays where it was");
    type_str(&mut app, "]");
    assert_eq!(app.jumped_passage().map(|p| p.paragraph), Some(16));
    type_str(&mut app, "]");
    assert_eq!(app.jumped_passage().map(|p| p.paragraph), Some(14));
    assert!(app.notice().is_some_and(|n| n.contains("wrapped")));
    type_str(&mut app, "[");
    assert_eq!(app.jumped_passage().map(|p| p.paragraph), Some(16));
    type_str(&mut app, "[");
    assert_eq!(app.jumped_passage().map(|p| p.paragraph), Some(14));
}

#[test]
fn search_is_incremental_and_wraps_with_a_notice() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "/");
    assert!(app.search().editing());
    type_str(&mut app, "lviv");
    let n = app.search().matches().len();
    assert!(n >= 3, "smart case finds Lviv: {n}");
    press(&mut app, key(KeyCode::Backspace));
    assert!(
        app.search().matches().len() >= n,
        "lvi matches at least as often"
    );
    type_str(&mut app, "v");
    press(&mut app, key(KeyCode::Enter));
    assert!(!app.search().editing());
    assert_eq!(app.search().current_index(), Some(0));
    // `q` is a key again once typing is over; `n` steps.
    for i in 1..n {
        press(&mut app, key(KeyCode::Char('n')));
        assert_eq!(app.search().current_index(), Some(i));
    }
    press(&mut app, key(KeyCode::Char('n')));
    assert_eq!(app.search().current_index(), Some(0));
    assert!(app.notice().is_some_and(|m| m.contains("wrapped")));
    press(&mut app, key(KeyCode::Char('N')));
    assert_eq!(app.search().current_index(), Some(n - 1));
    // The last match is on screen.
    let last = app.search().current_match().expect("match");
    let para = seed_article()
        .paragraph_at(last.start)
        .expect("in a paragraph");
    assert!(top_paragraph(&app) <= para);
    press(&mut app, key(KeyCode::Esc));
    assert!(app.search().query().is_empty() && app.search().matches().is_empty());
}

#[test]
fn search_typing_captures_keys_and_esc_cancels() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "/q6");
    assert!(!app.should_quit(), "q is typed, not quit");
    assert_eq!(app.search().query(), "q6");
    assert_eq!(app.selected_source_index(), 0);
    press(&mut app, key(KeyCode::Esc));
    assert!(!app.search().editing());
    assert!(app.search().query().is_empty());
    type_str(&mut app, "/zzzz\r");
    assert!(app.notice().is_some_and(|n| n.contains("not found")));
}

#[test]
fn paste_goes_into_the_search_only() {
    let mut app = seed_app(80, 24);
    press(&mut app, Event::Paste("Sad\x1b[2Jovy".into()));
    assert!(
        app.search().query().is_empty(),
        "a paste outside a search is ignored"
    );
    type_str(&mut app, "/");
    press(&mut app, Event::Paste("Sad\x1b[2Jovy".into()));
    assert_eq!(
        app.search().query(),
        "Sad[2Jovy",
        "control characters dropped"
    );
}

#[test]
fn y_copies_the_passage_with_its_attribution() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "4y");
    let effects = app.take_effects();
    let [Effect::Copy(text)] = effects.as_slice() else {
        panic!("expected one copy, got {effects:?}");
    };
    assert!(
        text.contains("They targeted critical infrastructure"),
        "{text}"
    );
    assert!(text.contains("Andriy Sadovy, mayor of Lviv"), "{text}");
    assert!(text.contains("2024-03-24"), "{text}");
    assert!(text.contains("Kyiv lviv strikes"), "{text}");
    let notice = app.notice().expect("a notice");
    assert!(notice.contains("may not support"), "{notice}");

    let known = Config {
        clipboard_known: true,
        ..Config::default()
    };
    let mut app = seed_app_with(80, 24, known);
    type_str(&mut app, "y");
    assert!(
        app.notice()
            .is_some_and(|n| n.contains("copied") && !n.contains("may not"))
    );
}

#[test]
fn o_picks_another_article() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "o");
    assert_eq!(app.overlay(), Overlay::None);
    assert!(app.notice().is_some_and(|n| n.contains("one article")));

    let a = seed_article();
    let s = seed_sources(&a);
    let b = Article::parse("second.txt", b"title: Second\n\nHello there.").expect("parses");
    let lib = Library::from_articles(vec![(a, Some(s)), (b, None)]);
    let mut app = app_on(lib, 80, 24, Config::default());
    assert!(
        matches!(app.overlay(), Overlay::Picker { selected: 0 }),
        "several: picker first"
    );
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.overlay(), Overlay::None);
    type_str(&mut app, "oj");
    assert_eq!(app.overlay(), Overlay::Picker { selected: 1 });
    press(&mut app, key(KeyCode::Enter));
    let effects = app.take_effects();
    assert!(effects.contains(&Effect::Open(1)), "{effects:?}");
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SavePosition { .. }))
    );
    // A click on an entry opens it; outside the picker closes it.
    let inner = whosaid::reader::layout::picker_area(80, 24);
    type_str(&mut app, "o");
    press(
        &mut app,
        mouse(MouseEventKind::Down(MouseButton::Left), 10, inner.y + 2),
    );
    assert_eq!(app.overlay(), Overlay::None);
    assert!(app.take_effects().contains(&Effect::Open(1)));
    type_str(&mut app, "o");
    press(
        &mut app,
        mouse(MouseEventKind::Down(MouseButton::Left), 0, 0),
    );
    assert_eq!(app.overlay(), Overlay::None);
    assert!(
        !app.take_effects()
            .iter()
            .any(|e| matches!(e, Effect::Open(_)))
    );
}

#[test]
fn opening_an_article_restores_its_position_and_source() {
    let a = seed_article();
    let article = Arc::new(a);
    let lib = Arc::new(Library::from_articles(vec![(seed_article(), None)]));
    let mut app = App::new(lib, Config::default());
    app.update(Action::Resize(80, 24));
    app.update(Action::Opened {
        index: 0,
        article: Arc::clone(&article),
        position: Some(Position {
            paragraph: 12,
            source: Some("Andriy Sadovy".into()),
        }),
    });
    assert_eq!(top_paragraph(&app), 12);
    assert!(matches!(app.analysis(), Analysis::Pending { .. }));
    app.update(Action::Progress {
        index: 0,
        done: 5,
        total: 10,
    });
    assert!(matches!(
        app.analysis(),
        Analysis::Pending { done: 5, total: 10 }
    ));
    // Keys keep working meanwhile.
    type_str(&mut app, "\t\tj");
    app.update(Action::SourcesReady {
        index: 0,
        sources: Arc::new(seed_sources(&article)),
    });
    assert_eq!(
        app.selected_source().map(|s| s.name.as_str()),
        Some("Andriy Sadovy")
    );
    // Results for another article are ignored.
    app.update(Action::AnalysisFailed {
        index: 3,
        reason: "x".into(),
    });
    assert!(matches!(app.analysis(), Analysis::Ready(_)));
}

#[test]
fn question_mark_shows_help_and_esc_closes_it() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "?");
    assert_eq!(app.overlay(), Overlay::Help);
    type_str(&mut app, "j6");
    assert_eq!(app.selected_source_index(), 0, "keys go to the overlay");
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.overlay(), Overlay::None);
}

#[test]
fn z_zooms_the_article() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "z");
    assert!(app.zoomed());
    assert_eq!(app.layout().mode, Mode::Zoom);
    assert_eq!(app.focus(), Focus::Article);
    type_str(&mut app, "z");
    assert!(!app.zoomed());
    type_str(&mut app, "z");
    press(&mut app, key(KeyCode::Esc));
    assert!(!app.zoomed(), "Esc leaves the zoom");
}

#[test]
fn mouse_clicks_select_and_the_wheel_scrolls_the_pane_under_it() {
    let mut app = seed_app(80, 24);
    // Sources pane rows start at y=2 (header, border).
    press(
        &mut app,
        mouse(MouseEventKind::Down(MouseButton::Left), 5, 2 + 3),
    );
    assert_eq!(app.selected_source_index(), 3);
    assert_eq!(app.focus(), Focus::Sources);
    // The first passage item in the Passages pane.
    // Below the source's name and role, the first passage's heading.
    let passages = app.layout().inner(Focus::Passages).expect("passages");
    let who = u16::try_from(app.who_lines().len()).expect("a few lines");
    press(
        &mut app,
        mouse(
            MouseEventKind::Down(MouseButton::Left),
            5,
            passages.y + who + 1,
        ),
    );
    assert_eq!(app.focus(), Focus::Passages);
    assert_eq!(app.jumped_passage().map(|p| p.paragraph), Some(7));
    // The wheel over the Article scrolls it without focusing it.
    let before = app.top();
    press(&mut app, mouse(MouseEventKind::ScrollDown, 50, 10));
    assert_eq!(app.top(), app_after(&app, before, 3));
    press(&mut app, mouse(MouseEventKind::ScrollUp, 50, 10));
    assert_eq!(app.top(), before);
    // A click in the Article focuses it.
    press(
        &mut app,
        mouse(MouseEventKind::Down(MouseButton::Left), 50, 10),
    );
    assert_eq!(app.focus(), Focus::Article);
}

fn app_after(app: &App, a: Anchor, n: usize) -> Anchor {
    app.advance(a, n)
}

#[test]
fn small_terminals_use_tabs() {
    let mut app = seed_app(50, 20);
    assert_eq!(app.layout().mode, Mode::Tabs);
    type_str(&mut app, "4\r");
    assert_eq!(app.focus(), Focus::Passages);
    assert!(app.layout().passages.is_some() && app.layout().sources.is_none());
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.focus(), Focus::Article, "a jump shows the Article tab");
    app.update(Action::Resize(12, 5));
    assert_eq!(app.layout().mode, Mode::TooSmall);
    app.update(Action::Resize(80, 24));
    assert_eq!(app.layout().mode, Mode::Panes);
}

#[test]
fn debug_panic_key_only_when_enabled() {
    let app = seed_app(80, 24);
    assert!(keys::action_for(&app, &key(KeyCode::Char('!'))).is_none());
    let app = seed_app_with(
        80,
        24,
        Config {
            debug_panic: true,
            ..Config::default()
        },
    );
    assert!(matches!(
        keys::action_for(&app, &key(KeyCode::Char('!'))),
        Some(Action::DebugPanic)
    ));
}

#[test]
fn config_from_a_client_environment() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    let c = Config::from_env(env(&[("NO_COLOR", "1"), ("TERM", "xterm-kitty")]));
    assert_eq!(c.color, whosaid::reader::ColorMode::None);
    assert!(c.clipboard_known);
    let c = Config::from_env(env(&[("NO_COLOR", ""), ("TERM", "xterm")]));
    assert_eq!(c.color, whosaid::reader::ColorMode::Ansi16);
    assert!(!c.clipboard_known && !c.debug_panic);
}

#[test]
fn a_key_release_or_focus_event_does_nothing() {
    let app = seed_app(80, 24);
    let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    release.kind = crossterm::event::KeyEventKind::Release;
    assert!(keys::action_for(&app, &Event::Key(release)).is_none());
    assert!(keys::action_for(&app, &Event::FocusGained).is_none());
}

#[test]
fn an_app_can_move_to_another_thread() {
    // One App per SSH session, each on a tokio task.
    fn send<T: Send>() {}
    send::<App>();
    fn share<T: Send + Sync>() {}
    share::<Library>();
}

#[test]
fn clicking_the_tab_bar_switches_tabs() {
    let mut app = seed_app(51, 20);
    press(
        &mut app,
        mouse(MouseEventKind::Down(MouseButton::Left), 45, 1),
    );
    assert_eq!(app.focus(), Focus::Article);
    press(
        &mut app,
        mouse(MouseEventKind::Down(MouseButton::Left), 20, 1),
    );
    assert_eq!(app.focus(), Focus::Passages);
    press(
        &mut app,
        mouse(MouseEventKind::Down(MouseButton::Left), 0, 1),
    );
    assert_eq!(app.focus(), Focus::Sources);
}

#[test]
fn load_warnings_become_a_notice() {
    let a = Article::parse("bad.txt", b"caf\xe9 \x1b[2J said").expect("parses");
    let app = app_on(
        Library::from_articles(vec![(a, None)]),
        80,
        24,
        Config::default(),
    );
    assert!(
        app.notice().is_some_and(|n| n.contains("invalid UTF-8")),
        "{:?}",
        app.notice()
    );
}

#[test]
fn background_analysis_reports_progress_then_sources() {
    let lib = Arc::new(Library::embedded());
    let article = lib.load(0).expect("embedded");
    let (tx, rx) = std::sync::mpsc::channel();
    whosaid::reader::spawn_analysis(Arc::clone(&lib), 0, article, move |a| tx.send(a).is_ok())
        .expect("thread");
    let actions: Vec<Action> = rx.iter().collect();
    assert!(matches!(
        actions.first(),
        Some(Action::Progress { index: 0, .. })
    ));
    assert!(matches!(
        actions.last(),
        Some(Action::SourcesReady { index: 0, .. })
    ));
    assert!(lib.sources(0).is_some(), "kept for the next reader");
}

#[test]
fn the_end_key_follows_an_article_still_arriving() {
    // A big file opens with its start (Opened), the whole comes later
    // (Completed); `G` pressed in between means the end of the whole.
    let mut text = String::from("title: Many\n\n");
    for i in 0..2000 {
        text.push_str(&format!("Paragraph {i} of the article.\n\n"));
    }
    let whole = Arc::new(Article::parse("many.txt", text.as_bytes()).expect("parses"));
    let cut = text.find("Paragraph 100 ").expect("cut");
    let start = Arc::new(Article::parse("many.txt", &text.as_bytes()[..cut]).expect("parses"));
    let lib = Arc::new(Library::from_articles(vec![(seed_article(), None)]));
    let mut app = App::new(lib, Config::default());
    app.update(Action::Resize(100, 30));
    app.update(Action::Opened {
        index: 0,
        article: start,
        position: None,
    });
    type_str(&mut app, "zG");
    assert!(top_paragraph(&app) < 100);
    app.update(Action::Completed {
        index: 0,
        article: Arc::clone(&whole),
    });
    let (p, n) = app.reading_position();
    assert_eq!(n, whole.paragraphs().len());
    assert!(p > n - 30, "followed to the end: {p}/{n}");

    // Having scrolled away from the end, the view stays where it is.
    app.update(Action::Opened {
        index: 0,
        article: Arc::new(Article::parse("many.txt", &text.as_bytes()[..cut]).expect("parses")),
        position: None,
    });
    type_str(&mut app, "Gk");
    let before = app.top();
    app.update(Action::Completed {
        index: 0,
        article: whole,
    });
    assert_eq!(app.top(), before);
}

/// A library of `n` invented articles, each quoting Anna Kowalska and Jan
/// Nowak (found by the engine).
fn kowalska_library(n: usize) -> Library {
    let mut articles = Vec::new();
    for i in 0..n {
        let text = format!(
            "title: Story {i}\ndate 2024-01-{:02}\n\nIt rained on day {i}.\n\n“We will rebuild the bridge {i},” Mayor Anna Kowalska said on Monday.\n\n“Nothing changes,” Jan Nowak told reporters.\n",
            i % 28 + 1
        );
        let a = Article::parse(format!("story-{i:02}.txt"), text.as_bytes()).expect("parses");
        let s = whosaid::attribution::analyze(&a);
        articles.push((a, Some(s)));
    }
    Library::from_articles(articles)
}

/// Opens what the reader asked its host to open, as a host would.
fn perform_opens(app: &mut App, library: &Library) -> Vec<usize> {
    let mut opened = Vec::new();
    for e in app.take_effects() {
        if let Effect::Open(i) = e {
            app.update(whosaid::reader::open_action(library, i, None));
            opened.push(i);
        }
    }
    opened
}

#[test]
fn every_article_also_quoting_a_source_can_be_reached_opened_and_left() {
    let library = Arc::new(kowalska_library(30));
    let mut app = App::new(Arc::clone(&library), Config::default());
    app.update(Action::Resize(80, 24));
    perform_opens(&mut app, &library);
    press(&mut app, key(KeyCode::Esc)); // the picker
    let k = app
        .sources()
        .iter()
        .position(|s| s.name == "Anna Kowalska")
        .expect("Kowalska found");
    app.update(Action::SelectSource(k));
    assert_eq!(app.also_quoted_in().len(), 29);
    // Into the Passages list, and down past her passage to the last of
    // the other articles: every entry is an item of the list.
    type_str(&mut app, "\r");
    assert_eq!(app.focus(), Focus::Passages);
    press(&mut app, key(KeyCode::Char('G')));
    let n = app.passage_items();
    assert_eq!(app.selected_passage_index(), n - 1);
    let shown = screen(&app, 80, 24).join("\n");
    assert!(
        shown.contains("Story 29"),
        "the last entry is on screen:\n{shown}"
    );
    // Enter opens it at her first passage there.
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(perform_opens(&mut app, &library), [29]);
    assert_eq!(app.article_index(), 29);
    assert_eq!(
        app.selected_source().map(|s| s.name.as_str()),
        Some("Anna Kowalska")
    );
    let jumped = app.jumped_passage().expect("her passage shown");
    assert_eq!(jumped.paragraph, 2);
    assert!(app.can_go_back());
    let shown = screen(&app, 80, 24).join("\n");
    assert!(
        shown.contains("Backspace"),
        "the way back is shown:\n{shown}"
    );
    // Backspace goes back where she was followed from.
    press(&mut app, key(KeyCode::Backspace));
    assert_eq!(perform_opens(&mut app, &library), [0]);
    assert_eq!(app.article_index(), 0);
    assert_eq!(app.selected_source_index(), k);
    assert_eq!(app.selected_passage_index(), n - 1);
    assert_eq!(app.focus(), Focus::Passages);
    assert!(!app.can_go_back());
    // Esc goes back too, when there is nothing else for it to close.
    press(&mut app, key(KeyCode::Enter));
    perform_opens(&mut app, &library);
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(perform_opens(&mut app, &library), [0]);
}

/// Twelve sources, one passage each, made by hand.
fn twelve_sources_app(w: u16, h: u16) -> App {
    use whosaid::attribution::{Passage, PassageKind, Source, SourceKind, Sources};
    let mut text = String::from("title: Twelve\n\n");
    for i in 0..12 {
        text.push_str(&format!(
            "“Point {i},” said Speaker Number{i} Longsurname.\n\n"
        ));
    }
    let a = Article::parse("twelve.txt", text.as_bytes()).expect("parses");
    let sources = (0..12)
        .map(|i| Source {
            name: format!("Speaker Number{i} Longsurname"),
            kind: SourceKind::Person,
            role: Some(format!("chair of the committee on item {i} of the agenda")),
            aliases: Vec::new(),
            passages: vec![Passage {
                paragraph: i,
                kind: PassageKind::Quote,
                span: a.paragraphs()[i].span.clone(),
            }],
        })
        .collect();
    app_on(
        Library::from_articles(vec![(a, Some(Sources { sources }))]),
        w,
        h,
        Config::default(),
    )
}

#[test]
fn every_source_has_a_number_and_two_digits_select_it() {
    let mut app = twelve_sources_app(80, 24);
    type_str(&mut app, "12");
    assert_eq!(app.selected_source_index(), 11, "1 then 2 is source 12");
    type_str(&mut app, "j3");
    assert_eq!(app.selected_source_index(), 2, "a digit after another key");
    type_str(&mut app, "15");
    assert_eq!(app.selected_source_index(), 4, "no source 15: 5");
    type_str(&mut app, "10");
    assert_eq!(app.selected_source_index(), 9);
    let shown = screen(&app, 80, 24).join("\n");
    assert!(shown.contains("│10 S"), "{shown}");
}

#[test]
fn an_overflowing_sources_list_says_how_many_more() {
    let app = twelve_sources_app(80, 24);
    let rows = screen(&app, 80, 24);
    let bottom = rows
        .iter()
        .find(|r| r.starts_with('└') && r.contains("more"))
        .unwrap_or_else(|| panic!("no marker:\n{}", rows.join("\n")));
    let visible = usize::from(app.layout().inner(Focus::Sources).expect("sources").height);
    assert!(
        bottom.contains(&format!("↓ {} more", 12 - visible)),
        "{bottom} with {visible} shown"
    );
}

#[test]
fn the_selected_source_s_full_name_and_role_show_at_every_size() {
    for (w, h) in [(40, 12), (50, 20), (80, 24), (120, 40)] {
        let mut app = twelve_sources_app(w, h);
        type_str(&mut app, "12");
        if app.layout().mode == Mode::Tabs {
            press(&mut app, key(KeyCode::Char('l')));
        }
        // The Passages pane's text, its rows joined.
        let r = app.layout().inner(Focus::Passages).expect("passages");
        let rows = screen(&app, w, h);
        let shown = rows[usize::from(r.y)..usize::from(r.bottom())]
            .iter()
            .map(|row| {
                row.chars()
                    .skip(usize::from(r.x))
                    .take(usize::from(r.width))
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            shown.contains(
                "Speaker Number11 Longsurname, chair of the committee on item 11 of the agenda"
            ),
            "{w}x{h}: {shown}"
        );
    }
}

#[test]
fn a_pane_title_too_long_ends_with_an_ellipsis() {
    let lib = kowalska_library(30);
    let mut app = app_on(lib, 60, 16, Config::default());
    press(&mut app, key(KeyCode::Esc));
    let k = app
        .sources()
        .iter()
        .position(|s| s.name == "Anna Kowalska")
        .expect("Kowalska");
    app.update(Action::SelectSource(k));
    let rows = screen(&app, 60, 16);
    let title = rows
        .iter()
        .find(|r| r.contains("Passages"))
        .expect("the Passages pane");
    let left: String = title.chars().take(24).collect();
    assert!(left.contains('…'), "{left}");
}

#[test]
fn a_resize_keeps_the_sources_list_filled() {
    for (big, small) in [((80, 24), (60, 16)), ((120, 40), (20, 7))] {
        let mut app = seed_app(big.0, big.1);
        type_str(&mut app, "7");
        app.update(Action::Resize(small.0, small.1));
        app.update(Action::Resize(big.0, big.1));
        assert_eq!(app.sources_offset(), 0, "{big:?} via {small:?}");
        let shown = screen(&app, big.0, big.1).join("\n");
        assert!(
            shown.contains("Klitschko") && shown.contains("Razvozhayev"),
            "{shown}"
        );
    }
}

#[test]
fn tab_mode_brings_the_article_forward_for_a_search() {
    let mut app = seed_app(40, 12);
    assert_eq!(app.layout().mode, Mode::Tabs);
    type_str(&mut app, "/kyiv\r");
    assert_eq!(app.focus(), Focus::Article, "the match is shown");
    press(&mut app, key(KeyCode::Tab));
    type_str(&mut app, "n");
    assert_eq!(app.focus(), Focus::Article, "n shows the match");
    let shown = screen(&app, 40, 12).join("\n");
    assert!(shown.contains("match 2/"), "{shown}");
}

#[test]
fn search_folds_quotes_apostrophes_dashes_and_accents() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "/kyiv's");
    let m = app.search().current_match().expect("a match for kyiv's");
    assert_eq!(&seed_article().text()[m], "Kyiv’s");
    press(&mut app, key(KeyCode::Esc));
    type_str(&mut app, "/\"explosions");
    let m = app.search().current_match().expect("a match");
    assert_eq!(&seed_article().text()[m], "“Explosions");
    press(&mut app, key(KeyCode::Esc));

    let a = Article::parse(
        "g.txt",
        "title: Gdańsk\n\nPaweł Adamowicz, the mayor of Gdańsk, spoke.".as_bytes(),
    )
    .expect("parses");
    let mut app = app_on(
        Library::from_articles(vec![(a, None)]),
        80,
        24,
        Config::default(),
    );
    for (q, n) in [("/gdansk", 1), ("/pawel", 1)] {
        type_str(&mut app, q);
        assert_eq!(app.search().matches().len(), n, "{q}");
        press(&mut app, key(KeyCode::Esc));
    }
}

/// The header's `¶N/M P%`.
fn header_position(app: &App, w: u16, h: u16) -> String {
    let header = screen(app, w, h).remove(0);
    let words: Vec<&str> = header.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.starts_with('¶'))
        .expect("¶ in the header");
    words[at..].join(" ")
}

#[test]
fn the_position_says_the_end_and_the_passage_jumped_to() {
    let mut app = seed_app(80, 24);
    type_str(&mut app, "\t\tG");
    assert_eq!(app.percent(), 100);
    assert!(header_position(&app, 80, 24).ends_with("100%"));
    type_str(&mut app, "g");
    assert!(app.percent() < 100);

    let a = Article::parse("two.txt", b"One paragraph.\n\nAnother one.").expect("parses");
    let app = app_on(
        Library::from_articles(vec![(a, None)]),
        80,
        24,
        Config::default(),
    );
    assert_eq!(header_position(&app, 80, 24), "¶1/2 100%");

    let mut app = seed_app(80, 24);
    type_str(&mut app, "6]");
    let jumped = app.jumped_passage().expect("jumped").paragraph;
    assert_eq!(app.reading_position().0, jumped + 1);
    assert!(header_position(&app, 80, 24).starts_with(&format!("¶{}/23", jumped + 1)));
}

#[test]
fn h_l_and_arrows_move_focus_and_passages_show_as_you_go() {
    let mut app = seed_app(80, 24);
    press(&mut app, key(KeyCode::Char('l')));
    assert_eq!(app.focus(), Focus::Passages);
    press(&mut app, key(KeyCode::Right));
    assert_eq!(app.focus(), Focus::Article);
    press(&mut app, key(KeyCode::Char('l')));
    assert_eq!(app.focus(), Focus::Article, "stops at the last pane");
    press(&mut app, key(KeyCode::Char('h')));
    assert_eq!(app.focus(), Focus::Passages);
    press(&mut app, key(KeyCode::Left));
    press(&mut app, key(KeyCode::Left));
    assert_eq!(app.focus(), Focus::Sources);

    // Gladkov's two passages, skimmed with j/k: each shows as it is reached.
    type_str(&mut app, "6l");
    assert_eq!(app.focus(), Focus::Passages);
    press(&mut app, key(KeyCode::Char('j')));
    assert_eq!(app.jumped_passage().map(|p| p.paragraph), Some(16));
    assert!((15..=16).contains(&top_paragraph(&app)));
    press(&mut app, key(KeyCode::Char('k')));
    assert_eq!(app.jumped_passage().map(|p| p.paragraph), Some(14));
    assert_eq!(app.focus(), Focus::Passages, "focus stays in the list");
}

#[test]
fn the_help_scrolls_survives_a_resize_and_lists_every_key() {
    let mut app = seed_app(40, 12);
    type_str(&mut app, "?");
    let end = keys::help_lines(38).pop().expect("lines");
    let first = screen(&app, 40, 12).join("\n");
    assert!(!first.contains(&end), "the end is below at 40x12:\n{first}");
    press(&mut app, key(KeyCode::Char('G')));
    assert!(app.help_scroll() > 0);
    let last = screen(&app, 40, 12).join("\n");
    assert!(last.contains(&end), "{last}");
    app.update(Action::Resize(50, 14));
    assert_eq!(app.overlay(), Overlay::Help, "a resize keeps the help");
    app.update(Action::Resize(40, 12));
    press(&mut app, key(KeyCode::Char('g')));
    assert_eq!(app.help_scroll(), 0);
    // Scrolling line by line reaches every key.
    let mut seen = String::new();
    for _ in 0..keys::HELP.len() * 4 {
        seen.push_str(&screen(&app, 40, 12).join("\n"));
        press(&mut app, key(KeyCode::Char('j')));
    }
    for line in keys::help_lines(38) {
        assert!(seen.contains(&line), "never shown: {line}");
    }
    let esc = keys::HELP.iter().find(|(k, _)| *k == "Esc").expect("Esc");
    assert!(esc.1.contains("zoom"), "{esc:?}");
    let z = keys::HELP.iter().find(|(k, _)| *k == "z").expect("z");
    assert!(z.1.contains("Esc"), "{z:?}");
}

#[test]
fn the_readme_key_table_is_the_help() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|l| *l != "| key | does |")
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    // The reader's keys, then the correction keys, as the help lists them.
    let help: Vec<String> = keys::HELP
        .iter()
        .chain(whosaid::reader::correct::HELP)
        .map(|(k, d)| format!("| {} | {d} |", k.replace('|', "\\|")))
        .collect();
    assert_eq!(table, help, "README's key table and keys::HELP differ");
}

fn corpus_library(names: &[&str]) -> Library {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/articles");
    let paths: Vec<std::path::PathBuf> = names.iter().map(|n| dir.join(n)).collect();
    Library::open(&paths).expect("opens")
}

#[test]
fn the_picker_filters_sorts_and_covers_the_panes() {
    let lib = Arc::new(kowalska_library(12));
    let mut app = App::new(Arc::clone(&lib), Config::default());
    app.update(Action::Resize(80, 24));
    perform_opens(&mut app, &lib);
    assert!(matches!(app.overlay(), Overlay::Picker { .. }));
    let rows = screen(&app, 80, 24);
    // Nothing of the panes behind shows, and the footer has the picker's keys.
    assert!(
        !rows
            .iter()
            .any(|r| r.contains("Sources") || r.contains("Passages")),
        "{rows:?}"
    );
    assert!(
        rows[23].contains("Enter open") && rows[23].contains("/ filter"),
        "{}",
        rows[23]
    );
    // `/` and a few letters narrow it.
    type_str(&mut app, "/story 1");
    assert_eq!(app.picker().shown(), [1, 10, 11]);
    let rows = screen(&app, 80, 24);
    assert!(rows[23].contains("filter: story 1"), "{}", rows[23]);
    assert!(rows[1].contains("Articles (3 of 12)"), "{}", rows[1]);
    press(&mut app, key(KeyCode::Enter));
    assert!(!app.picker().typing());
    assert_eq!(app.overlay(), Overlay::Picker { selected: 1 });
    press(&mut app, key(KeyCode::Char('j')));
    assert_eq!(app.overlay(), Overlay::Picker { selected: 10 });
    // By date: newest first, and the title says so.
    press(&mut app, key(KeyCode::Char('s')));
    assert_eq!(app.picker().shown(), [11, 10, 1]);
    assert!(screen(&app, 80, 24)[1].contains("by date"));
    press(&mut app, key(KeyCode::Char('s')));
    assert!(screen(&app, 80, 24)[1].contains("by title"));
    // Esc clears the filter, then closes.
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.picker().shown().len(), 12);
    assert!(matches!(app.overlay(), Overlay::Picker { .. }));
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.overlay(), Overlay::None);
    // A source's name finds the articles quoting them; q is typed there.
    type_str(&mut app, "o/nowak q");
    assert!(app.picker().shown().is_empty());
    press(&mut app, key(KeyCode::Backspace));
    press(&mut app, key(KeyCode::Backspace));
    assert_eq!(app.picker().shown().len(), 12);
    assert!(!app.should_quit());

    // Titles and dates of real articles.
    let lib = corpus_library(&["00-kyiv-lviv-strikes.txt", "09-tesco-poland-sale.txt"]);
    let mut app = app_on(lib, 80, 24, Config::default());
    type_str(&mut app, "/tesco");
    assert_eq!(app.picker().shown(), [1]);
}

#[test]
fn the_picker_opens_on_the_article_read_last() {
    let dir = tempfile::tempdir().expect("dir");
    let lib = Arc::new(corpus_library(&[
        "00-kyiv-lviv-strikes.txt",
        "03-england-face-coverings.txt",
        "09-tesco-poland-sale.txt",
    ]));
    let key = lib.entry(2).expect("entry").key;
    let path = dir.path().join("positions.json");
    let (mut store, _) = whosaid::library::state::StateStore::load(path.clone());
    store.set(&key, Position::default());
    store.save().expect("saves");
    let (store, _) = whosaid::library::state::StateStore::load(path);
    let app = App::new(Arc::clone(&lib), Config::default());
    let spawn: whosaid::reader::Spawn = Arc::new(|job| job());
    let wake: whosaid::reader::Wake = Arc::new(|| {});
    let mut d = whosaid::reader::Driver::new(app, lib, store, spawn, wake);
    d.resize(80, 24);
    assert_eq!(d.app().overlay(), Overlay::Picker { selected: 2 });
    assert_eq!(d.app().article_index(), 2, "opened behind the picker");
}

#[test]
fn r_in_the_picker_refreshes_feeds_once_and_says_what_came() {
    let feed = std::path::PathBuf::from("tests/fixtures/inputs/feed.rss");
    let lib = Library::open(std::slice::from_ref(&feed)).expect("opens");
    let mut app = app_on(lib, 80, 24, Config::default());
    assert!(matches!(app.overlay(), Overlay::Picker { .. }));
    let _ = app.take_effects();
    type_str(&mut app, "r");
    assert_eq!(app.take_effects(), [Effect::Refresh]);
    assert!(
        app.notice()
            .is_some_and(|n| n.contains("reading the feeds"))
    );
    // A second r while the first is out asks nothing more.
    type_str(&mut app, "r");
    assert!(app.take_effects().is_empty());
    app.update(Action::Refreshed {
        added: 2,
        failed: vec![],
    });
    assert_eq!(app.notice(), Some("feeds read again: 2 new articles"));
    type_str(&mut app, "r");
    assert_eq!(app.take_effects(), [Effect::Refresh]);
    app.update(Action::Refreshed {
        added: 0,
        failed: vec!["http://x/feed: HTTP 404 Not Found".to_owned()],
    });
    assert!(
        app.notice()
            .is_some_and(|n| n.contains("refresh failed: http://x/feed: HTTP 404")),
        "{:?}",
        app.notice()
    );
    // Outside the picker, r is no key.
    press(&mut app, key(KeyCode::Esc));
    assert!(keys::action_for(&app, &key(KeyCode::Char('r'))).is_none());
}

#[test]
fn r_without_feeds_or_over_ssh_fetches_nothing() {
    let a = seed_article();
    let b = Article::parse("second.txt", b"title: Second\n\nHello there.").expect("parses");
    let lib = Library::from_articles(vec![(a, None), (b, None)]);
    let mut app = app_on(lib, 80, 24, Config::default());
    let _ = app.take_effects();
    type_str(&mut app, "r");
    assert!(app.take_effects().is_empty());
    assert!(app.notice().is_some_and(|n| n.contains("no feed")));

    let feed = std::path::PathBuf::from("tests/fixtures/inputs/feed.atom");
    let lib = Library::open(std::slice::from_ref(&feed)).expect("opens");
    let served = Config {
        refresh_by_operator: true,
        ..Config::default()
    };
    let mut app = app_on(lib, 80, 24, served);
    let _ = app.take_effects();
    type_str(&mut app, "r");
    assert!(
        app.take_effects().is_empty(),
        "a reader never makes the server fetch"
    );
    assert!(app.notice().is_some_and(|n| n.contains("operator")));
}
