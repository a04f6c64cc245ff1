//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs` include this
//! file), so the crashing inputs they find replay as ordinary tests
//! (`tests/hostile_regressions.rs`). Each panics when an invariant fails.
#![allow(dead_code)]

use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use whosaid::attribution::{Passage, PassageKind, Source, SourceKind, Sources};
use whosaid::library::Library;
use whosaid::model::article::Article;
use whosaid::reader::{self, App, Config, keys, view};

use super::screen;

/// Any bytes as an article file (the first byte picks a width): parsing and
/// attribution never panic, every passage lies inside its paragraph on
/// character boundaries, wrapping covers every paragraph exactly, and the
/// plain listing holds no control character but newlines.
pub fn article(data: &[u8]) {
    let Some((&w, bytes)) = data.split_first() else {
        return;
    };
    let Ok(article) = Article::parse("fuzz.txt", bytes) else {
        return;
    };
    let text = article.text();
    for p in article.paragraphs() {
        assert!(p.span.start <= p.span.end && p.span.end <= text.len());
        assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
    }
    let sources = whosaid::attribution::analyze(&article);
    for s in &sources.sources {
        for p in &s.passages {
            let para = &article.paragraphs()[p.paragraph].span;
            assert!(
                para.start <= p.span.start && p.span.start <= p.span.end && p.span.end <= para.end,
                "passage {:?} outside paragraph {} {:?}",
                p.span,
                p.paragraph,
                para
            );
            assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
        }
    }
    // Wrapping: the lines of every paragraph cover it exactly, in order.
    let width = usize::from(w % 64) + 1;
    for (i, _) in article.paragraphs().iter().enumerate() {
        let para = article.paragraph_text(i);
        let mut pos = 0;
        for line in whosaid::reader::wrap::wrap_ranges(para, width) {
            assert_eq!(line.start, pos, "gap or overlap in paragraph {i}");
            assert!(line.end > line.start && para.is_char_boundary(line.end));
            pos = line.end;
        }
        assert_eq!(pos, para.len(), "paragraph {i} not covered");
    }
    let json = whosaid::cli::JsonOutput::new(&article, &sources);
    let encoded = serde_json::to_string(&json).expect("serialises");
    assert!(!encoded.bytes().any(|b| b < 0x20));
    let mut out = Vec::new();
    whosaid::cli::write_plain(&mut out, &article, &sources, usize::from(w))
        .expect("writes to memory");
    let out = String::from_utf8(out).expect("utf-8");
    assert!(
        !out.chars().any(|c| c.is_control() && c != '\n'),
        "control character in plain output"
    );
}

const KEYS: &[KeyCode] = &[
    KeyCode::Char('j'),
    KeyCode::Char('k'),
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::Char(']'),
    KeyCode::Char('['),
    KeyCode::Char(' '),
    KeyCode::Char('G'),
    KeyCode::Char('g'),
    KeyCode::Char('1'),
    KeyCode::Char('2'),
    KeyCode::Enter,
    KeyCode::Char('z'),
    KeyCode::Char('?'),
    KeyCode::Esc,
    KeyCode::Char('/'),
    KeyCode::Char('e'),
    KeyCode::Char('n'),
    KeyCode::Char('N'),
    KeyCode::PageDown,
    KeyCode::PageUp,
    KeyCode::End,
    KeyCode::Home,
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Char('o'),
    KeyCode::Backspace,
    KeyCode::Char('\u{1b}'),
    KeyCode::Char('\u{9b}'),
    KeyCode::Char('東'),
];

/// The engine's sources, plus one with a hostile name quoting the middle of
/// every paragraph, so marks and passages cover hostile text.
fn sources(article: &Article, name: &str) -> Sources {
    let mut s = whosaid::attribution::analyze(article);
    let text = article.text();
    let passages = article
        .paragraphs()
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.span.is_empty())
        .map(|(i, p)| {
            let mut start = p.span.start + p.span.len() / 3;
            while !text.is_char_boundary(start) {
                start += 1;
            }
            Passage {
                paragraph: i,
                kind: PassageKind::Quote,
                span: start..p.span.end,
            }
        })
        .collect();
    s.sources.push(Source {
        name: name.to_owned(),
        kind: SourceKind::Person,
        role: Some(name.chars().rev().collect()),
        aliases: vec![name.to_owned()],
        passages,
    });
    s
}

/// The reader on any article, at any size, after any keys: every frame goes
/// through the reader's own drawing (`view::draw` and the scroll-region
/// `Painter`) into a terminal emulator (vt100, which advances per character
/// like `wcwidth` terminals). Nothing panics, no cell holds a control
/// character, and the emulator's screen is exactly the frame: no pushed
/// border, no stale cell.
///
/// Input: width, height, a count of key bytes, the keys, then the article.
pub fn render(data: &[u8]) {
    let [w, h, n, rest @ ..] = data else {
        return;
    };
    let n = usize::from(*n % 16).min(rest.len());
    let (key_bytes, body) = rest.split_at(n);
    let (w, h) = (u16::from(*w % 100) + 1, u16::from(*h % 40) + 1);
    let Ok(article) = Article::parse("fuzz.txt", body) else {
        return;
    };
    let name: String = article.text().chars().take(24).collect();
    let sources = sources(&article, &name);
    let library = Arc::new(Library::from_articles(vec![(article, Some(sources))]));
    let mut app = App::new(Arc::clone(&library), Config::default());
    app.update(reader::Action::Resize(w, h));
    let _ = app.take_effects();
    app.update(reader::open_action(&library, 0, None));
    let mut term = screen::Emulated::new(w, h).expect("emulated terminal");
    if let Err(e) = term.frame(|f| view::draw(&app, f)) {
        panic!("first frame: {e}");
    }
    for &k in key_bytes {
        let code = KEYS[usize::from(k) % KEYS.len()];
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        if let Some(action) = keys::action_for(&app, &event) {
            app.update(action);
        }
        let _ = app.take_effects();
        if let Err(e) = term.frame(|f| view::draw(&app, f)) {
            panic!("after {code:?}: {e}");
        }
    }
}

/// The SSH input path: what a client sends (data messages of any bytes,
/// window changes of any size, pauses) through the server's own
/// [`Intake`](whosaid::host::ssh_input::Intake) to the reader, as a session
/// does, then one frame drawn at the last size. Nothing panics; the parser
/// holds a bounded amount; the type-ahead buffer never exceeds its bound;
/// every size is within the clamp; and where no message ends in a lone ESC
/// (the one place packet boundaries carry meaning) the keys are the same
/// however the bytes were split into messages.
///
/// Input: a script of operations, each one byte then its operands: a data
/// message of 1-64 bytes, a window change (two u32s), or a pause of 0-126 ms.
pub fn ssh_input(data: &[u8]) {
    use std::time::{Duration, Instant};
    use whosaid::host::ssh_input::{Intake, MAX_COLS, MAX_ROWS, Pending, TYPE_AHEAD};

    // Analysed once per process: the target is about the input path.
    static LIBRARY: std::sync::OnceLock<Arc<Library>> = std::sync::OnceLock::new();
    let library = LIBRARY.get_or_init(|| {
        let article = Article::parse("seed.txt", SEED_TEXT.as_bytes()).expect("seed parses");
        let sources = whosaid::attribution::analyze(&article);
        Arc::new(Library::from_articles(vec![(article, Some(sources))]))
    });
    let mut app = App::new(Arc::clone(library), Config::default());
    app.update(reader::Action::Resize(80, 24));
    let _ = app.take_effects();
    app.update(reader::open_action(library, 0, None));
    let _ = app.take_effects();

    let mut intake = Intake::new();
    let mut now = Instant::now();
    let mut size = (80u16, 24u16);
    let mut events = Vec::new();
    let mut all_bytes = Vec::new();
    let mut split_matters = false;
    let mut rest = data;
    while let [op, tail @ ..] = rest {
        rest = tail;
        match op % 4 {
            0 | 1 => {
                let n = usize::from(op >> 2) + 1;
                let (bytes, tail) = rest.split_at(n.min(rest.len()));
                rest = tail;
                if bytes.is_empty() {
                    break;
                }
                intake.input(bytes, now);
                all_bytes.extend_from_slice(bytes);
                split_matters |= bytes.last() == Some(&0x1b);
            }
            2 => {
                let Some((dims, tail)) = rest.split_first_chunk::<8>() else {
                    break;
                };
                rest = tail;
                let cols = u32::from_le_bytes([dims[0], dims[1], dims[2], dims[3]]);
                let rows = u32::from_le_bytes([dims[4], dims[5], dims[6], dims[7]]);
                intake.resize(cols, rows);
            }
            _ => {
                now += Duration::from_millis(u64::from(op >> 2) * 2);
                if intake.escape_deadline().is_some_and(|d| d <= now) {
                    intake.escape_timeout();
                }
            }
        }
        assert!(
            intake.held() <= 64 + 1 + whosaid::host::ssh_input::MAX_PASTE + 8,
            "parser holds {} bytes",
            intake.held()
        );
        while let Some(p) = intake.pop() {
            match p {
                Pending::Event(ev) => {
                    events.push(ev.clone());
                    if let Some(action) = keys::action_for(&app, &ev) {
                        app.update(action);
                    }
                    let _ = app.take_effects();
                }
                Pending::Resize(c, r) => {
                    assert!((1..=MAX_COLS).contains(&c) && (1..=MAX_ROWS).contains(&r));
                    size = (c, r);
                    app.update(reader::Action::Resize(c, r));
                    let _ = app.take_effects();
                }
            }
        }
    }
    // What is still waiting for its escape deadline comes last.
    intake.escape_timeout();
    while let Some(p) = intake.pop() {
        if let Pending::Event(ev) = p {
            events.push(ev);
        }
    }
    assert_eq!(intake.dropped(), 0, "messages of 64 bytes never fill it");

    if !split_matters {
        let mut whole = Intake::new();
        whole.input(&all_bytes, Instant::now());
        whole.escape_timeout();
        if whole.dropped() == 0 {
            let mut same = Vec::new();
            while let Some(p) = whole.pop() {
                if let Pending::Event(ev) = p {
                    same.push(ev);
                }
            }
            assert!(same.len() <= TYPE_AHEAD);
            assert_eq!(events, same, "the split into messages changed the keys");
        }
    }

    let backend = ratatui::backend::TestBackend::new(size.0, size.1);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal
        .draw(|f| {
            view::draw(&app, f);
        })
        .expect("draws");
}

/// The seed article, for targets that need a real one.
const SEED_TEXT: &str = include_str!("../../content/2024-03-24-kyiv-lviv-strikes.txt");

/// Any bytes through the reading layer, as each kind of input (the first
/// byte picks the name: text, Markdown, HTML, RSS, Atom, standard input,
/// or a URL whose server said HTML): never a panic; an article's or every
/// feed item's paragraphs are in order, on character boundaries and inside
/// its text; an error is one line.
pub fn reading(data: &[u8]) {
    use whosaid::model::article::{Format, Origin};
    use whosaid::model::reading::{Hint, Input, read_any};
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let (origin, hint) = match pick % 7 {
        0 => (Origin::Path("fuzz.txt".into()), Hint::default()),
        1 => (Origin::Path("fuzz.md".into()), Hint::default()),
        2 => (Origin::Path("fuzz.html".into()), Hint::default()),
        3 => (Origin::Path("fuzz.rss".into()), Hint::default()),
        4 => (Origin::Path("fuzz.atom".into()), Hint::default()),
        5 => (Origin::Stdin, Hint::default()),
        _ => (
            Origin::Url("http://127.0.0.1/x".into()),
            Hint {
                format: Some(Format::Html),
                charset: Some("windows-1252".into()),
            },
        ),
    };
    let check = |a: &Article| {
        let text = a.text();
        let mut last = 0;
        for p in a.paragraphs() {
            // In order and inside the text; a plain file's first paragraph
            // may be empty once its `title:` line is taken (as for `article`).
            assert!(last <= p.span.start && p.span.start <= p.span.end && p.span.end <= text.len());
            assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
            last = p.span.end;
        }
    };
    match read_any(bytes.to_vec(), origin, &hint) {
        Ok(Input::Article(a)) => check(&a),
        Ok(Input::Feed(f)) => f.items.iter().for_each(|(_, a)| check(a)),
        Err(e) => assert!(!e.to_string().contains('\n'), "one line: {e}"),
    }
}
