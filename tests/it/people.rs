//! Everyone the library quotes, merged across articles: `whosaid people`
//! and the reader's People view (`p`).

use std::collections::BTreeSet;
use std::process::Command;

use serde::Deserialize;

const CORPUS: &str = "tests/corpus/articles";

/// One line of `people --json`, typed: a renamed or retyped field fails to
/// decode.
#[derive(Debug, Deserialize)]
struct Person {
    name: String,
    kind: String,
    roles: Vec<String>,
    aliases: Vec<String>,
    articles: usize,
    passages: Vec<Quoted>,
}

#[derive(Debug, Deserialize)]
struct Quoted {
    path: String,
    title: String,
    date: Option<String>,
    name: String,
    paragraph: usize,
    kind: String,
    start: usize,
    end: usize,
    text: String,
}

fn people(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .arg("people")
        .args(args)
        .output()
        .expect("runs")
}

fn people_json(path: &str) -> Vec<Person> {
    let out = people(&["--json", path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one person per line"))
        .collect()
}

#[test]
fn json_lists_a_person_quoted_in_two_articles_with_both() {
    let all = people_json(CORPUS);
    let erdogan = all
        .iter()
        .find(|p| p.aliases.iter().any(|a| a == "Erdoğan") || p.name.ends_with("Erdoğan"))
        .expect("Erdoğan is quoted");
    assert_eq!(erdogan.kind, "person");
    assert_eq!(erdogan.articles, 2, "{erdogan:?}");
    let paths: BTreeSet<&str> = erdogan.passages.iter().map(|q| q.path.as_str()).collect();
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        [
            "tests/corpus/articles/17-hagia-sophia-mosque.txt",
            "tests/corpus/articles/20-kurds-assad-deal.txt"
        ]
    );
    // Each passage is the article's own text at the place given.
    for q in &erdogan.passages {
        let text = std::fs::read_to_string(&q.path).expect("article");
        assert_eq!(&text[q.start..q.end], q.text, "{q:?}");
        assert!(["quote", "reported"].contains(&q.kind.as_str()));
        assert!(
            q.name.contains("Erdoğan") || q.name.contains("Erdogan"),
            "{q:?}"
        );
        assert!(!q.title.is_empty() && q.date.is_none());
        let _ = q.paragraph;
    }
    // Everyone merged once: no name is listed twice.
    let names: BTreeSet<&str> = all.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), all.len());
    // Two people who share a surname stay two.
    let lewis: Vec<&Person> = all.iter().filter(|p| p.name.ends_with(" Lewis")).collect();
    assert_eq!(lewis.len(), 2, "{lewis:?}");
    assert!(lewis.iter().all(|p| p.articles == 1));
    assert!(all.iter().all(|p| p.roles.iter().all(|r| !r.is_empty())));
}

/// Newest article first, and a folder's unreadable file is named on
/// standard error and skipped.
#[test]
fn passages_come_newest_first_and_a_bad_file_is_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let say = |who: &str, what: &str| format!("“{what},” {who} said on Monday.\n\nIt rained.\n");
    for (name, text) in [
        ("2021-03-01-old.txt", say("Anna Kowalska", "Old words")),
        (
            "2023-07-09-new.txt",
            say("Mayor Anna Kowalska", "New words"),
        ),
        ("2022-01-01-other.txt", say("Jan Nowak", "Other words")),
        ("broken.txt", String::new()),
    ] {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let out = people(&["--json", &dir.path().display().to_string()]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.txt") && err.contains("skipped"),
        "{err}"
    );
    let all: Vec<Person> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("decodes"))
        .collect();
    let anna = all
        .iter()
        .find(|p| p.name.contains("Kowalska"))
        .expect("Anna");
    let dates: Vec<_> = anna.passages.iter().map(|q| q.date.as_deref()).collect();
    assert_eq!(dates, [Some("2023-07-09"), Some("2021-03-01")]);
    assert!(anna.passages[0].text.contains("New words"));
    // Plain text: the same people, counted.
    let out = people(&[&dir.path().display().to_string()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("2 people in 3 articles (of 4)"), "{text}");
    assert!(text.contains("2 articles, 2 passages"), "{text}");
}

#[test]
fn a_missing_folder_is_one_line_and_exit_1() {
    let out = people(&["no/such/folder"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("whosaid: no/such/folder: "), "{err}");
}

// ---- the People view in the reader -----------------------------------

use std::sync::Arc;

use crossterm::event::KeyCode;
use whosaid::attribution::{self, Sources};
use whosaid::library::Library;
use whosaid::model::article::Article;
use whosaid::reader::app::Overlay;
use whosaid::reader::people::PeopleView;
use whosaid::reader::{Action, App, Config, Effect, Focus, open_action};

use crate::tui_support::{app_on, draw, key, press, screen, type_str};

fn analysed(name: &str, text: &str) -> (Article, Option<Sources>) {
    let a = Article::parse(name, text.as_bytes()).expect("parses");
    let s = attribution::analyze(&a);
    (a, Some(s))
}

/// Three invented stories: Anna Kowalska speaks in the first and the
/// third (the newest), Piotr Nowak and Paweł Zieliński once each.
fn library() -> Library {
    Library::from_articles(vec![
        analysed(
            "one.txt",
            "title: Bridge closes\ndate 2021-03-01\n\n“We will rebuild the bridge,” Mayor Anna Kowalska said on Monday.\n\nIt rained all week.\n\n“Nothing changes,” Piotr Nowak told reporters.\n",
        ),
        analysed(
            "two.txt",
            "title: Port reopens\ndate 2022-06-15\n\n“The port is open again,” Paweł Zieliński said.\n\nShips waited outside.\n",
        ),
        analysed(
            "three.txt",
            "title: Bridge reopens\ndate 2023-07-09\n\nThe bridge reopened on Friday.\n\nAnna Kowalska said the work had taken two years.\n\n“It was worth the wait,” Kowalska added.\n",
        ),
    ])
}

fn people_app(w: u16, h: u16) -> App {
    let mut app = app_on(library(), w, h, Config::default());
    press(&mut app, key(KeyCode::Esc)); // the picker a library opens with
    assert_eq!(app.overlay(), Overlay::None);
    app
}

fn listed_names(app: &App) -> Vec<String> {
    let view = app.people_view().expect("the People view");
    view.listed()
        .iter()
        .map(|&i| view.people().persons[i].name.clone())
        .collect()
}

/// Performs the app's `Open` effects as a host would.
fn perform_opens(app: &mut App, library: &Library) -> Vec<usize> {
    let mut opened = Vec::new();
    for e in app.take_effects() {
        if let Effect::Open(i) = e {
            app.update(open_action(library, i, None));
            opened.push(i);
        }
    }
    opened
}

#[test]
fn p_opens_the_people_view_with_everyone_merged_and_counted() {
    let mut app = people_app(100, 30);
    type_str(&mut app, "p");
    assert_eq!(app.overlay(), Overlay::People);
    assert_eq!(
        listed_names(&app)[0],
        "Anna Kowalska",
        "most passages first"
    );
    assert_eq!(listed_names(&app).len(), 3);
    let s = screen(&app, 100, 30).join("\n");
    assert!(
        s.contains("People · 3 articles · 3 people · by passages"),
        "{s}"
    );
    assert!(s.contains("       3        2  Anna Kowalska"), "{s}");
    assert!(!s.contains("Sources"), "nothing behind shows through:\n{s}");
    // `p` again, or Esc, leaves it.
    type_str(&mut app, "p");
    assert_eq!(app.overlay(), Overlay::None);
    type_str(&mut app, "p");
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.overlay(), Overlay::None);
    type_str(&mut app, "pq");
    assert_eq!(app.overlay(), Overlay::None, "q closes the view");
    assert!(!app.should_quit());
}

#[test]
fn slash_filters_as_you_type_folding_case_and_diacritics() {
    let mut app = people_app(100, 30);
    type_str(&mut app, "p/PAWEL");
    assert!(app.people_view().is_some_and(PeopleView::typing));
    assert_eq!(listed_names(&app), ["Paweł Zieliński"]);
    let s = screen(&app, 100, 30).join("\n");
    assert!(s.contains("/PAWEL  (1 person)"), "{s}");
    assert!(s.contains("1 of 3"), "{s}");
    press(&mut app, key(KeyCode::Backspace));
    type_str(&mut app, "Lxyz");
    assert!(listed_names(&app).is_empty());
    assert!(screen(&app, 100, 30).join("\n").contains("nobody matches"));
    // Esc while typing clears the filter; everyone is back.
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(listed_names(&app).len(), 3);
    assert!(!app.people_view().is_some_and(PeopleView::typing));
    assert_eq!(app.overlay(), Overlay::People);
    // "mayor" is in a name here; roles and aliases match as well.
    type_str(&mut app, "/kowalska");
    assert_eq!(listed_names(&app), ["Anna Kowalska"]);
}

#[test]
fn s_sorts_by_name_and_back_and_says_which() {
    let mut app = people_app(100, 30);
    type_str(&mut app, "pj");
    let selected = |app: &App| {
        let v = app.people_view().expect("view");
        v.selected_person().map(|p| p.name.clone())
    };
    let before = selected(&app);
    type_str(&mut app, "s");
    assert_eq!(
        listed_names(&app),
        ["Anna Kowalska", "Paweł Zieliński", "Piotr Nowak"]
    );
    assert_eq!(selected(&app), before, "the selection stays on the person");
    let s = screen(&app, 100, 30).join("\n");
    assert!(s.contains("by name"), "{s}");
    assert!(
        s.contains("s by passages"),
        "the footer names the other order:\n{s}"
    );
    type_str(&mut app, "s");
    assert_eq!(listed_names(&app)[0], "Anna Kowalska");
    assert!(screen(&app, 100, 30).join("\n").contains("by passages"));
}

#[test]
fn enter_lists_passages_newest_first_and_enter_opens_the_article_there() {
    let library = Arc::new(library());
    let mut app = App::new(Arc::clone(&library), Config::default());
    app.update(Action::Resize(100, 30));
    perform_opens(&mut app, &library);
    press(&mut app, key(KeyCode::Esc));
    type_str(&mut app, "p/anna\r");
    let view = app.people_view().expect("view");
    let (person, _) = view.person().expect("Enter lists the person's passages");
    let dates: Vec<_> = person
        .passages
        .iter()
        .map(|q| q.record.date.clone().unwrap_or_default())
        .collect();
    assert_eq!(dates, ["2023-07-09", "2023-07-09", "2021-03-01"]);
    let paragraphs: Vec<usize> = person.passages.iter().map(|q| q.said().paragraph).collect();
    assert!(
        paragraphs[0] < paragraphs[1],
        "one article's in paragraph order"
    );
    let s = screen(&app, 100, 30).join("\n");
    assert!(
        s.contains("Anna Kowalska · person · 2 articles · 3 passages"),
        "{s}"
    );
    assert!(s.contains("2023-07-09  Bridge reopens"), "{s}");
    assert!(
        s.contains(&format!("¶{:<4} quote", paragraphs[1] + 1)),
        "{s}"
    );
    assert!(s.contains("2021-03-01  Bridge closes"), "{s}");
    // The second passage of the newest article, in "Bridge reopens".
    type_str(&mut app, "j\r");
    assert_eq!(app.overlay(), Overlay::None);
    assert_eq!(perform_opens(&mut app, &library), [2]);
    assert_eq!(app.article_index(), 2);
    assert_eq!(
        app.selected_source().map(|s| s.name.as_str()),
        Some("Anna Kowalska")
    );
    assert_eq!(app.focus(), Focus::Passages);
    assert_eq!(
        app.jumped_passage().map(|p| p.paragraph),
        Some(paragraphs[1])
    );
    // Esc comes back to the person's passages, as they were left.
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.overlay(), Overlay::People);
    let (_, scroll) = app.people_view().and_then(|v| v.person()).expect("person");
    assert_eq!(scroll.selected, 1);
    // Enter on a passage of the open article jumps there without opening.
    type_str(&mut app, "k\r");
    assert!(perform_opens(&mut app, &library).is_empty());
    assert_eq!(
        app.jumped_passage().map(|p| p.paragraph),
        Some(paragraphs[0])
    );
    // Esc, Esc: from the passages to the list, then out of the view.
    type_str(&mut app, "p");
    press(&mut app, key(KeyCode::Esc));
    assert!(app.people_view().is_some_and(|v| v.person().is_none()));
    assert_eq!(app.overlay(), Overlay::People);
}

#[test]
fn the_view_grows_as_the_library_is_scanned_and_keeps_the_selection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let say = |who: &str| format!("“It is done,” {who} said on Monday.\n\nIt rained.\n");
    std::fs::write(dir.path().join("a.txt"), say("Anna Kowalska")).expect("w");
    std::fs::write(dir.path().join("b.txt"), say("Piotr Nowak")).expect("w");
    std::fs::write(dir.path().join("c.txt"), say("Anna Kowalska")).expect("w");
    let library = Arc::new(Library::open(&[dir.path().to_owned()]).expect("opens"));
    let mut app = App::new(Arc::clone(&library), Config::default());
    app.update(Action::Resize(80, 24));
    let _ = app.take_effects();
    press(&mut app, key(KeyCode::Esc));
    type_str(&mut app, "p");
    assert!(listed_names(&app).is_empty(), "nothing analysed yet");
    assert!(
        screen(&app, 80, 24)[0].contains("People · 0/3 articles"),
        "{:?}",
        screen(&app, 80, 24)[0]
    );
    let b = library.load(1).expect("b");
    library.analyze(1, &b, &mut |_, _| true);
    app.update(Action::LibraryScanned { done: 2, total: 3 });
    assert_eq!(listed_names(&app), ["Piotr Nowak"]);
    assert!(screen(&app, 80, 24)[0].contains("People · 1/3 articles · 1 person"));
    library.scan(&mut |_, _| true);
    app.update(Action::LibraryScanned { done: 3, total: 3 });
    assert_eq!(listed_names(&app), ["Anna Kowalska", "Piotr Nowak"]);
    assert_eq!(
        app.people_view()
            .and_then(|v| v.selected_person())
            .map(|p| p.name.as_str()),
        Some("Piotr Nowak"),
        "the selection follows the person, not the row"
    );
}

#[test]
fn a_click_selects_a_row_and_a_second_click_opens_it() {
    use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let click = |row: u16| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 20,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let mut app = people_app(100, 30);
    type_str(&mut app, "p");
    press(&mut app, click(3)); // the second person's row
    let second = listed_names(&app)[1].clone();
    let selected = |app: &App| {
        app.people_view()
            .and_then(|v| v.selected_person())
            .map(|p| p.name.clone())
    };
    assert_eq!(selected(&app), Some(second.clone()));
    assert!(app.people_view().is_some_and(|v| v.person().is_none()));
    press(&mut app, click(3));
    let (person, _) = app.people_view().and_then(|v| v.person()).expect("opened");
    assert_eq!(person.name, second);
    press(&mut app, click(0)); // the title: nothing
    assert!(app.people_view().is_some_and(|v| v.person().is_some()));
}

#[test]
fn people_view_snapshots() {
    let mut app = people_app(80, 24);
    type_str(&mut app, "p");
    insta::assert_snapshot!("people_80x24", draw(&app, 80, 24).backend());
    type_str(&mut app, "/kow\r");
    insta::assert_snapshot!("person_80x24", draw(&app, 80, 24).backend());
    let mut app = people_app(40, 12);
    type_str(&mut app, "p");
    insta::assert_snapshot!("people_40x12", draw(&app, 40, 12).backend());
}

/// The real binary in a pty on the 29-article corpus: `p`, `/` and a few
/// letters find a person quoted in two articles, Enter lists their
/// passages, Enter opens the newest in its article (not the one open),
/// and `Esc` comes back to the People view.
#[test]
fn pty_p_filter_enter_enter_opens_a_passage_in_another_article() {
    use crate::tui_e2e::Tui;
    let mut t = Tui::start(&[CORPUS], 100, 30);
    t.wait_text("Articles (29)");
    t.send("\x1b");
    t.wait("the picker closed", |s| {
        !s.contents().contains("Articles (29)")
    });
    t.send("p");
    // The count says how far the library is; wait for all of it.
    t.wait_text("People · 29 articles");
    t.send("/erdo");
    t.wait_text("1 of ");
    t.wait_text("Recep Tayyip Erdoğan");
    t.send("\r");
    t.wait_text("Recep Tayyip Erdoğan · person · 2 articles");
    let s = t.screen();
    assert!(
        s.contains("20 kurds assad deal") && s.contains("17 hagia sophia mosq"),
        "{s}"
    );
    t.send("\r");
    t.wait(
        "the first passage of the newest article, opened there",
        |s| {
            let c = s.contents();
            c.starts_with(" 20 kurds assad deal") && c.contains("Passages · Recep Tayyip Erdoğan")
        },
    );
    t.send("\x1b");
    t.wait_text("Recep Tayyip Erdoğan · person · 2 articles");
}

/// Prints the People view of the corpus at 80x24, from a real run, for the
/// README: `cargo test --test it people::readme_sample -- --ignored --nocapture`.
#[test]
#[ignore = "prints the README's sample"]
fn readme_sample() {
    use crate::tui_e2e::Tui;
    let mut t = Tui::start(&[CORPUS], 80, 24);
    t.wait_text("Articles (29)");
    t.send("\x1b");
    t.wait("the picker closed", |s| {
        !s.contents().contains("Articles (29)")
    });
    t.send("p");
    t.wait_text("People · 29 articles");
    println!("{}\n", t.screen());
    t.send("/trump\r");
    t.wait_text("Donald Trump · person");
    println!("{}", t.screen());
}

/// Over SSH with the real OpenSSH client: the server's one library scan
/// fills the one people index, so a reader who opened nothing but the
/// first article finds, with `p`, a person quoted in two articles nobody
/// opened, and Enter, Enter opens one of them at the passage.
#[test]
fn over_ssh_p_lists_people_from_articles_nobody_opened() {
    use crate::two_hosts::{Host, serve, ssh};
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    /// Ends the server however the test ends (a failed wait panics).
    struct Server(std::process::Child);
    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let (server, port) = serve(dir.path(), &folder);
    let _server = Server(server);
    let mut host = Host::start("ssh", ssh(dir.path(), port));
    host.resize(100, 30);
    let wait = |host: &Host, what: &str, test: &dyn Fn(&str) -> bool| {
        let end = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let c = host.screen().contents();
            if test(&c) {
                return;
            }
            assert!(std::time::Instant::now() < end, "waiting for {what}:\n{c}");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    wait(&host, "the picker", &|c| c.contains("Articles (29)"));
    host.keys(b"\x1b");
    wait(&host, "the picker closed", &|c| {
        !c.contains("Articles (29)")
    });
    host.keys(b"p");
    wait(&host, "every article in the index", &|c| {
        c.contains("People · 29 articles")
    });
    host.keys(b"/erdo");
    wait(&host, "Erdo\u{11f}an, in two articles", &|c| {
        c.lines()
            .any(|l| l.contains("Recep Tayyip Erdoğan") && l.contains("        2  "))
    });
    host.keys(b"\r\r");
    wait(&host, "the newest article opened at his passage", &|c| {
        c.starts_with(" 20 kurds assad deal") && c.contains("Passages · Recep Tayyip Erdoğan")
    });
    host.keys(b"q");
}
