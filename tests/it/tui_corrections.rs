//! The correction keys in the reader, as `App` transitions: real key events
//! through `keys::action_for`, then `App::update`, on the seed article.
//! Every key of issue 15 (`R K E M D H v a x + c u U O X`, and `y` with its
//! ¶), undo and redo across several corrections, a merge undone, and what
//! the reader asks its host to save.

use crossterm::event::KeyCode;
use whosaid::attribution::SourceKind;
use whosaid::library::corrections::Corrections;
use whosaid::reader::app::Overlay;
use whosaid::reader::{Action, App, Config, Effect, Focus};

use crate::tui_support::{ctrl, key, press, screen, seed_app_with, type_str};

/// The seed with its sources known and its (empty) corrections loaded, as
/// the driver hands them over; corrections on, as in the local reader.
fn app() -> App {
    let mut app = seed_app_with(
        100,
        30,
        Config {
            corrections: true,
            ..Config::default()
        },
    );
    loaded(&mut app, Corrections::default(), None);
    app.take_effects();
    app
}

fn loaded(app: &mut App, corrections: Corrections, notice: Option<String>) {
    app.update(Action::CorrectionsLoaded {
        index: 0,
        corrections,
        notice,
    });
}

fn names(app: &App) -> Vec<String> {
    app.sources().iter().map(|s| s.name.clone()).collect()
}

/// The corrections the reader last asked its host to save.
fn saved(app: &mut App) -> Corrections {
    app.take_effects()
        .into_iter()
        .rev()
        .find_map(|e| match e {
            Effect::SaveCorrections {
                index: 0,
                corrections,
            } => Some(corrections),
            _ => None,
        })
        .expect("corrections to save")
}

fn paragraphs(app: &App) -> Vec<usize> {
    app.selected_source()
        .expect("a source")
        .passages
        .iter()
        .map(|p| p.paragraph)
        .collect()
}

#[test]
fn r_renames_from_a_prefilled_prompt_and_saves() {
    let mut app = app();
    type_str(&mut app, "1R");
    let prompt = app.prompt().expect("a prompt");
    assert_eq!(prompt.text(), "Vitali Klitschko", "pre-filled");
    assert!(prompt.selected(), "selected: typing replaces it");
    // Home keeps it to edit; typing goes to the prompt, even keys that
    // mean something elsewhere.
    press(&mut app, key(KeyCode::Home));
    type_str(&mut app, "Mayor q");
    press(&mut app, key(KeyCode::Backspace));
    press(&mut app, key(KeyCode::Enter));
    assert!(app.prompt().is_none());
    assert!(!app.should_quit());
    assert_eq!(names(&app)[0], "Mayor Vitali Klitschko");
    assert!(app.source_marks()[0].corrected);
    let s = app.selected_source().expect("selected");
    assert!(s.aliases.contains(&"Vitali Klitschko".to_owned()));
    let saved = saved(&mut app);
    let fix = saved.fix("Vitali Klitschko").expect("a fix");
    assert_eq!(fix.name.as_deref(), Some("Mayor Vitali Klitschko"));
    let shown = screen(&app, 100, 30).join("\n");
    assert!(shown.contains("1 Mayor Vitali Klitschko"), "{shown}");
    assert!(shown.contains("* 1"), "the corrected mark: {shown}");
}

#[test]
fn typing_replaces_the_prefilled_name() {
    let mut app = app();
    type_str(&mut app, "1RMayor Vitali Klitschko\r");
    assert_eq!(names(&app)[0], "Mayor Vitali Klitschko");
    type_str(&mut app, "R");
    press(&mut app, key(KeyCode::End));
    press(&mut app, key(KeyCode::Backspace));
    type_str(&mut app, "O\r");
    assert_eq!(
        names(&app)[0],
        "Mayor Vitali KlitschkO",
        "End keeps it to edit"
    );
}

#[test]
fn esc_leaves_the_prompt_without_a_change_and_an_empty_name_is_refused() {
    let mut app = app();
    type_str(&mut app, "1R");
    press(&mut app, ctrl('u'));
    type_str(&mut app, "Nobody");
    press(&mut app, key(KeyCode::Esc));
    assert!(app.prompt().is_none());
    assert_eq!(names(&app)[0], "Vitali Klitschko");
    type_str(&mut app, "R");
    press(&mut app, ctrl('u'));
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(names(&app)[0], "Vitali Klitschko");
    assert!(app.notice().expect("a notice").contains("needs a name"));
    assert!(app.take_effects().is_empty(), "nothing to save");
}

#[test]
fn k_cycles_the_kind_and_e_edits_the_role() {
    let mut app = app();
    type_str(&mut app, "2K");
    assert_eq!(
        app.selected_source().expect("2").kind,
        SourceKind::Organisation
    );
    type_str(&mut app, "K");
    assert_eq!(app.selected_source().expect("2").kind, SourceKind::Person);
    type_str(&mut app, "E");
    assert_eq!(
        app.prompt().expect("prompt").text(),
        "governor of Lviv region"
    );
    press(&mut app, ctrl('u'));
    type_str(&mut app, "Lviv governor\r");
    let s = app.selected_source().expect("2");
    assert_eq!(s.role.as_deref(), Some("Lviv governor"));
    type_str(&mut app, "E");
    press(&mut app, ctrl('u'));
    type_str(&mut app, "\r");
    assert_eq!(
        app.selected_source().expect("2").role,
        None,
        "empty removes"
    );
}

#[test]
fn m_merges_by_number_and_undo_restores_both() {
    let mut app = app();
    type_str(&mut app, "7M2\r");
    assert_eq!(app.sources().len(), 6);
    assert_eq!(
        app.selected_source_index(),
        1,
        "the merged-into is selected"
    );
    let s = app.selected_source().expect("Kozytskyi");
    assert_eq!(s.name, "Maksym Kozytskyi");
    assert!(s.aliases.contains(&"Mikhail Razvozhayev".to_owned()));
    assert!(paragraphs(&app).contains(&18), "the passage moved");
    type_str(&mut app, "u");
    assert_eq!(app.sources().len(), 7);
    assert_eq!(names(&app)[6], "Mikhail Razvozhayev");
    assert!(!paragraphs(&app).contains(&18) || app.selected_source_index() == 6);
    assert!(saved(&mut app).is_empty(), "undone to nothing");
    type_str(&mut app, "U");
    assert_eq!(app.sources().len(), 6);
}

#[test]
fn m_completes_a_name_with_tab_and_refuses_an_unknown_one() {
    let mut app = app();
    type_str(&mut app, "3Msad\t");
    assert_eq!(app.prompt().expect("prompt").text(), "Andriy Sadovy");
    type_str(&mut app, "\r");
    assert_eq!(app.sources().len(), 6);
    assert_eq!(app.selected_source().expect("sel").name, "Andriy Sadovy");
    type_str(&mut app, "1Mzzz\r");
    assert_eq!(app.sources().len(), 6);
    assert!(app.notice().expect("notice").contains("no source zzz"));
}

#[test]
fn d_hides_h_shows_hidden_dimmed_and_d_brings_one_back() {
    let mut app = app();
    type_str(&mut app, "3D");
    assert!(!names(&app).contains(&"Sergiy Popko".to_owned()));
    assert_eq!(app.sources().len(), 6);
    assert!(saved(&mut app).fix("Sergiy Popko").expect("fix").hidden);
    type_str(&mut app, "H");
    assert!(app.showing_hidden());
    assert_eq!(names(&app)[2], "Sergiy Popko");
    assert!(app.source_marks()[2].hidden);
    type_str(&mut app, "3D");
    assert!(!app.source_marks()[2].hidden, "a source again");
    type_str(&mut app, "H");
    assert_eq!(app.sources().len(), 7);
}

#[test]
fn v_moves_a_paragraph_cursor_and_a_x_attribute_and_remove() {
    let mut app = app();
    type_str(&mut app, "1v");
    assert_eq!(app.focus(), Focus::Article);
    assert_eq!(app.paragraph_cursor(), Some(0));
    type_str(&mut app, "jjjk");
    assert_eq!(app.paragraph_cursor(), Some(2), "a paragraph at a time");
    type_str(&mut app, "jjj");
    assert_eq!(app.paragraph_cursor(), Some(5));
    type_str(&mut app, "a");
    assert_eq!(paragraphs(&app), [2, 5]);
    assert_eq!(
        saved(&mut app)
            .fix("Vitali Klitschko")
            .expect("fix")
            .added_paragraphs,
        [6]
    );
    type_str(&mut app, "a");
    assert!(app.notice().expect("notice").contains("already"));
    type_str(&mut app, "x");
    assert_eq!(paragraphs(&app), [2]);
    type_str(&mut app, "kkkx");
    assert!(paragraphs(&app).is_empty(), "the engine's ¶3 removed too");
    type_str(&mut app, "kj");
    let shown = screen(&app, 100, 30).join("\n");
    assert!(shown.contains("¶3: j/k move"), "{shown}");
    // Other moves still scroll (G, g: the ends, never an overflow).
    type_str(&mut app, "Gg");
    assert_eq!(app.top().paragraph, 0);
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.paragraph_cursor(), None, "Esc turns it off");
    type_str(&mut app, "a");
    assert!(app.notice().expect("notice").contains("v first"));
}

#[test]
fn plus_makes_a_new_source_from_a_typed_name() {
    let mut app = app();
    type_str(&mut app, "+");
    assert!(app.notice().expect("notice").contains("v first"));
    type_str(&mut app, "v");
    for _ in 0..7 {
        type_str(&mut app, "j");
    }
    type_str(&mut app, "+Ihor Klymenko\r");
    assert_eq!(app.sources().len(), 8);
    let s = app.selected_source().expect("the new source is selected");
    assert_eq!(s.name, "Ihor Klymenko");
    assert_eq!(paragraphs(&app), [7]);
    let saved = saved(&mut app);
    assert!(saved.sources.iter().any(|f| f.new));
    type_str(&mut app, "u");
    assert_eq!(app.sources().len(), 7);
}

#[test]
fn c_marks_checked_and_the_picker_counts_them() {
    let mut app = app();
    type_str(&mut app, "1c3c");
    assert!(app.source_marks()[0].checked && app.source_marks()[2].checked);
    assert_eq!(app.checked_count(0), Some((2, 7)));
    type_str(&mut app, "c");
    assert_eq!(app.checked_count(0), Some((1, 7)));
    let shown = screen(&app, 100, 30).join("\n");
    assert!(shown.contains("✓ 1"), "{shown}");
}

#[test]
fn u_and_shift_u_walk_several_corrections_back_and_forth() {
    let mut app = app();
    type_str(&mut app, "1R");
    press(&mut app, ctrl('u'));
    type_str(&mut app, "A\r2c3D");
    assert_eq!(names(&app)[0], "A");
    assert_eq!(app.sources().len(), 6);
    type_str(&mut app, "u");
    assert_eq!(app.sources().len(), 7, "the hide undone");
    type_str(&mut app, "u");
    assert!(!app.source_marks()[1].checked, "the check undone");
    type_str(&mut app, "u");
    assert_eq!(names(&app)[0], "Vitali Klitschko");
    type_str(&mut app, "u");
    assert!(app.notice().expect("notice").contains("nothing to undo"));
    type_str(&mut app, "UU");
    assert_eq!(names(&app)[0], "A");
    assert!(app.source_marks()[1].checked);
    assert_eq!(app.sources().len(), 7);
    // A new correction forgets what could be redone.
    type_str(&mut app, "5c");
    type_str(&mut app, "U");
    assert!(app.notice().expect("notice").contains("nothing to redo"));
    assert_eq!(app.sources().len(), 7);
}

#[test]
fn o_shows_the_engine_s_view_where_nothing_is_corrected() {
    let mut app = app();
    type_str(&mut app, "1R");
    press(&mut app, ctrl('u'));
    type_str(&mut app, "Renamed\r3D");
    type_str(&mut app, "O");
    assert!(app.engine_view());
    assert_eq!(names(&app)[0], "Vitali Klitschko");
    assert_eq!(app.sources().len(), 7);
    type_str(&mut app, "R");
    assert!(app.prompt().is_none());
    assert!(app.notice().expect("notice").contains("engine's view"));
    let shown = screen(&app, 100, 30).join("\n");
    assert!(shown.contains("engine's view"), "{shown}");
    type_str(&mut app, "O");
    assert_eq!(names(&app)[0], "Renamed");
}

#[test]
fn x_copies_the_source_s_export_and_y_has_the_paragraph() {
    let mut app = app();
    type_str(&mut app, "3X");
    let effects = app.take_effects();
    let [Effect::Copy(md)] = &effects[..] else {
        panic!("one copy: {effects:?}");
    };
    assert!(md.starts_with("## Sergiy Popko, head of"), "{md}");
    assert!(
        md.contains("> — ¶6, reported") && md.contains("> — ¶7, quote"),
        "{md}"
    );
    assert!(md.contains("Source: “"), "{md}");
    type_str(&mut app, "\ty");
    let effects = app.take_effects();
    let [Effect::Copy(clip)] = &effects[..] else {
        panic!("one copy: {effects:?}");
    };
    assert!(clip.contains("(¶6, reported)"), "{clip}");
}

#[test]
fn corrections_wait_for_their_file_and_can_be_off() {
    let mut app = seed_app_with(
        100,
        30,
        Config {
            corrections: true,
            ..Config::default()
        },
    );
    type_str(&mut app, "1D");
    assert_eq!(
        app.sources().len(),
        7,
        "not before the corrections are read"
    );
    let mut off = seed_app_with(100, 30, Config::default());
    loaded(&mut off, Corrections::default(), None);
    type_str(&mut off, "1D");
    assert_eq!(off.sources().len(), 7);
    assert!(
        off.notice()
            .expect("notice")
            .contains("corrections are off")
    );
    // The keys still mean nothing else: no overlay opened, no quit.
    assert_eq!(off.overlay(), Overlay::None);
}

#[test]
fn loaded_corrections_apply_and_their_notice_shows() {
    let mut app = seed_app_with(
        100,
        30,
        Config {
            corrections: true,
            ..Config::default()
        },
    );
    let mut c = Corrections::default();
    c.rename("Andriy Sadovy", "Mayor Andriy Sadovy");
    c.toggle_checked("Andriy Sadovy");
    c.attribute("Nobody", 1);
    loaded(&mut app, c, Some("kept as x.json.bad".to_owned()));
    assert_eq!(names(&app)[3], "Mayor Andriy Sadovy");
    let n = app.notice().expect("notice");
    assert_eq!(n, "1 correction no longer fits this article");
}

#[test]
fn a_pasted_or_typed_name_never_carries_control_characters() {
    let mut app = app();
    type_str(&mut app, "1R");
    press(&mut app, ctrl('u'));
    app.update(Action::Paste("Evil\u{1b}]52;c;eA==\u{7}Name\n".to_owned()));
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(names(&app)[0], "Evil]52;c;eA==Name");
    let shown = screen(&app, 100, 30).join("");
    assert!(!shown.contains('\u{1b}'));
}

#[test]
fn the_picker_counts_checked_sources_of_articles_not_opened() {
    use whosaid::library::Library;
    use whosaid::model::article::Article;
    let seed = crate::tui_support::seed_article();
    let sources = crate::tui_support::seed_sources(&seed);
    let other = Article::parse("other.txt", b"title: Other\n\nNobody spoke.").expect("parses");
    let library = Library::from_articles(vec![(other, None), (seed, Some(sources))]);
    let mut app = crate::tui_support::app_on(
        library,
        100,
        30,
        Config {
            corrections: true,
            ..Config::default()
        },
    );
    let mut c = Corrections::default();
    c.toggle_checked("Vitali Klitschko");
    c.toggle_checked("Andriy Sadovy");
    c.toggle_hidden("Sergiy Popko");
    app.update(Action::CorrectionsKnown {
        index: 1,
        corrections: c,
    });
    assert_eq!(app.checked_count(1), Some((2, 6)));
    assert!(matches!(app.overlay(), Overlay::Picker { .. }));
    let shown = screen(&app, 100, 30).join("\n");
    assert!(shown.contains("2/6 checked"), "{shown}");
}
