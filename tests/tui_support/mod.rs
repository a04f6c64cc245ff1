//! Shared by the reader's tests: the seed article with hand-built sources
//! (so the tests do not depend on the attribution engine), and helpers to
//! drive an `App` with real key events and draw it into a `TestBackend`.
#![allow(dead_code)]

use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use whosaid::attribution::{Passage, PassageKind, Source, SourceKind, Sources};
use whosaid::library::{self, Library};
use whosaid::model::article::Article;
use whosaid::reader::{self, App, Config, Effect, keys, view};

pub fn seed_article() -> Article {
    library::embedded().expect("the embedded article parses")
}

fn whole(a: &Article, paragraph: usize, kind: PassageKind) -> Passage {
    Passage {
        paragraph,
        kind,
        span: a.paragraphs()[paragraph].span.clone(),
    }
}

fn source(
    name: &str,
    kind: SourceKind,
    role: Option<&str>,
    aliases: &[&str],
    passages: Vec<Passage>,
) -> Source {
    Source {
        name: name.to_owned(),
        kind,
        role: role.map(str::to_owned),
        aliases: aliases.iter().map(|s| (*s).to_owned()).collect(),
        passages,
    }
}

/// The seed article's sources as the gold annotation has them.
pub fn seed_sources(a: &Article) -> Sources {
    use PassageKind::{Quote, Reported};
    use SourceKind::{Organisation, Person};
    Sources {
        sources: vec![
            source(
                "Vitali Klitschko",
                Person,
                Some("Kyiv’s mayor"),
                &["Klitschko"],
                vec![whole(a, 2, Quote)],
            ),
            source(
                "Maksym Kozytskyi",
                Person,
                Some("governor of Lviv region"),
                &["Kozytskyi"],
                vec![whole(a, 3, Reported)],
            ),
            source(
                "Sergiy Popko",
                Person,
                Some("head of the Kyiv city military administration"),
                &["Popko"],
                vec![whole(a, 5, Reported), whole(a, 6, Quote)],
            ),
            source(
                "Andriy Sadovy",
                Person,
                Some("mayor of Lviv"),
                &["Sadovy"],
                vec![whole(a, 7, Quote)],
            ),
            source(
                "Polish Armed Forces Operational Command (RSZ)",
                Organisation,
                None,
                &["RSZ"],
                vec![
                    whole(a, 8, Reported),
                    whole(a, 9, Quote),
                    whole(a, 11, Quote),
                ],
            ),
            source(
                "Vyacheslav Gladkov",
                Person,
                Some("governor of Belgorod"),
                &["Gladkov"],
                vec![whole(a, 14, Reported), whole(a, 16, Reported)],
            ),
            source(
                "Mikhail Razvozhayev",
                Person,
                Some("Sevastopol’s governor"),
                &["Razvozhayev"],
                vec![whole(a, 18, Quote)],
            ),
        ],
    }
}

/// A reader on the seed article with its sources known, at `w` x `h`.
pub fn seed_app(w: u16, h: u16) -> App {
    seed_app_with(w, h, Config::default())
}

pub fn seed_app_with(w: u16, h: u16, config: Config) -> App {
    let a = seed_article();
    let s = seed_sources(&a);
    app_on(Library::from_articles(vec![(a, Some(s))]), w, h, config)
}

/// A reader on `library`, with the first article opened as a host would.
pub fn app_on(library: Library, w: u16, h: u16, config: Config) -> App {
    let library = Arc::new(library);
    let mut app = App::new(Arc::clone(&library), config);
    app.update(reader::Action::Resize(w, h));
    let effects = app.take_effects();
    assert_eq!(effects, [Effect::Open(0)], "a new reader asks to open");
    app.update(reader::open_action(&library, 0, None));
    app
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Presses a key as the run loop would: through the key map.
pub fn press(app: &mut App, event: Event) {
    if let Some(action) = keys::action_for(app, &event) {
        app.update(action);
    }
}

/// Types each character of `s` as a key press.
pub fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        press(app, key(code));
    }
}

pub fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| view::draw(app, f)).expect("draw");
    t
}

/// The drawn screen as plain lines.
pub fn screen(app: &App, w: u16, h: u16) -> Vec<String> {
    let t = draw(app, w, h);
    let buf = t.backend().buffer();
    (0..h)
        .map(|y| {
            let mut line = String::new();
            for x in 0..w {
                line.push_str(buf[(x, y)].symbol());
            }
            line
        })
        .collect()
}
