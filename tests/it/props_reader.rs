//! The reader on hostile articles: wrapping loses and repeats no byte, every
//! passage lies inside its paragraph, and every frame — any size, any key
//! sequence, CJK/emoji/combining/ZWJ/escape text — reaches a terminal
//! emulator exactly as ratatui drew it, with no line wider than its pane.

use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use whosaid::attribution::{Passage, PassageKind, Source, SourceKind, Sources};
use whosaid::library::Library;
use whosaid::model::article::Article;
use whosaid::model::text;
use whosaid::reader::wrap::{trim_line, wrap_ranges};
use whosaid::reader::{self, App, Config, keys, view};

use crate::hostile_support;
use hostile_support::screen::Emulated;
use hostile_support::{hostile_char, hostile_string};

/// Paragraph text: hostile characters with enough spaces to wrap.
fn paragraph() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![6 => hostile_char(), 2 => Just(' '), 1 => Just('\n')],
        1..160,
    )
    .prop_map(|v| v.into_iter().collect())
}

/// Text whose visible form does not depend on neighbours (no joiners,
/// selectors, modifiers or combining marks), so lines can be compared with
/// the whole paragraph.
fn context_free() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![5 => hostile_char(), 2 => Just(' ')].prop_filter("context-free", |c| {
            let u = *c as u32;
            !(matches!(u, 0x200c | 0x200d | 0x1f3fb..=0x1f3ff | 0xfe00..=0xfe0f)
                || (u >= 0x300 && text::char_width(*c) == 0))
        }),
        0..200,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| *c != ' ').collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn wrapping_keeps_every_byte_exactly_once(s in context_free(), w in 1usize..40) {
        let lines = wrap_ranges(&s, w);
        let mut pos = 0;
        for l in &lines {
            prop_assert_eq!(l.start, pos, "gap or overlap at {}", pos);
            prop_assert!(l.end > l.start && s.is_char_boundary(l.end));
            pos = l.end;
            let drawn = &s[trim_line(&s, l.clone())];
            let cells = text::visible_width(drawn);
            prop_assert!(
                cells <= w || unicode_segmentation::UnicodeSegmentation::graphemes(drawn, true).count() == 1,
                "line {:?} takes {} cells in {}", drawn, cells, w
            );
        }
        prop_assert_eq!(pos, s.len());
        // Modulo visible forms: the lines show what the paragraph shows.
        let shown: String = lines.iter().map(|l| text::visible(&s[l.clone()]).into_owned()).collect();
        prop_assert_eq!(without_spaces(&shown), without_spaces(&text::visible(&s)));
    }

    #[test]
    fn passages_lie_inside_their_paragraphs(paras in proptest::collection::vec(paragraph(), 1..6)) {
        let body = paras.join("\n\n");
        let Ok(article) = Article::parse("hostile.txt", body.as_bytes()) else {
            return Ok(());
        };
        let sources = whosaid::attribution::analyze(&article);
        for s in &sources.sources {
            for p in &s.passages {
                let para = article.paragraphs()[p.paragraph].span.clone();
                prop_assert!(para.start <= p.span.start && p.span.end <= para.end,
                    "{:?} outside paragraph {} {:?}", p.span, p.paragraph, para);
            }
        }
    }

}

proptest! {
    // Each case draws up to 13 frames through an emulator: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_frame_reaches_the_terminal_as_drawn(
        paras in proptest::collection::vec(paragraph(), 1..5),
        name in hostile_string(30),
        keys in proptest::collection::vec(0usize..KEYS.len(), 0..12),
        w in 1u16..90,
        h in 1u16..30,
    ) {
        let body = paras.join("\n\n");
        let Ok(article) = Article::parse("hostile.txt", body.as_bytes()) else {
            return Ok(());
        };
        let sources = hostile_sources(&article, &name);
        let mut app = reader(article, sources, w, h);
        let mut term = Emulated::new(w, h).map_err(TestCaseError::fail)?;
        let result = term.frame(|f| view::draw(&app, f));
        prop_assert!(result.is_ok(), "{}", result.err().unwrap_or_default());
        for k in keys {
            press(&mut app, KEYS[k]);
            let result = term.frame(|f| view::draw(&app, f));
            prop_assert!(result.is_ok(), "after {:?}: {}", KEYS[k], result.err().unwrap_or_default());
        }
    }
}

/// Keys a reader presses: moving, paging, jumping, searching, overlays.
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
    KeyCode::Char('\u{1b}'),
    KeyCode::Char('e'),
    KeyCode::Char('n'),
    KeyCode::PageDown,
    KeyCode::End,
    KeyCode::Char('o'),
];

fn press(app: &mut App, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = keys::action_for(app, &event) {
        app.update(action);
    }
}

/// Two sources with hostile names, one passage in each paragraph: the whole
/// paragraph, and a piece from its middle.
fn hostile_sources(article: &Article, name: &str) -> Sources {
    let passages = |half: bool| -> Vec<Passage> {
        article
            .paragraphs()
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.span.is_empty())
            .map(|(i, p)| {
                let text = article.text();
                let mut start = p.span.start + if half { p.span.len() / 3 } else { 0 };
                while !text.is_char_boundary(start) {
                    start += 1;
                }
                Passage {
                    paragraph: i,
                    kind: if half {
                        PassageKind::Reported
                    } else {
                        PassageKind::Quote
                    },
                    span: start..p.span.end,
                }
            })
            .collect()
    };
    Sources {
        sources: vec![
            Source {
                name: format!("{name} Lee"),
                kind: SourceKind::Person,
                role: Some(format!("mayor \x1b]0;PWNED\x07 of {name}")),
                aliases: vec![name.to_owned()],
                passages: passages(false),
            },
            Source {
                name: "東京都庁 👨\u{200d}👩\u{200d}👧 Ministry".to_owned(),
                kind: SourceKind::Organisation,
                role: None,
                aliases: vec![],
                passages: passages(true),
            },
        ],
    }
}

fn reader(article: Article, sources: Sources, w: u16, h: u16) -> App {
    let library = Arc::new(Library::from_articles(vec![(article, Some(sources))]));
    let mut app = App::new(Arc::clone(&library), Config::default());
    app.update(reader::Action::Resize(w, h));
    let _ = app.take_effects();
    app.update(reader::open_action(&library, 0, None));
    app
}

/// Found by `every_frame_reaches_the_terminal_as_drawn`: a passage starting
/// with a skin-tone swatch, drawn after the Passages pane's indentation,
/// made one ratatui cell (space + swatch) of two glyphs; leaving the pane
/// left the swatch on screen.
#[test]
fn a_swatch_after_indentation_leaves_no_stale_cell() {
    let article = Article::parse("hostile.txt", "\u{1f3fb}".as_bytes()).expect("parses");
    let sources = hostile_sources(&article, "");
    let mut app = reader(article, sources, 20, 7);
    let mut term = Emulated::new(20, 7).expect("emulated terminal");
    term.frame(|f| view::draw(&app, f)).expect("first frame");
    for code in [KeyCode::BackTab, KeyCode::BackTab, KeyCode::Tab] {
        press(&mut app, code);
        term.frame(|f| view::draw(&app, f))
            .unwrap_or_else(|e| panic!("after {code:?}: {e}"));
    }
}

#[test]
fn flags_and_cjk_scroll_without_stale_cells() {
    let body = "🇺🇦🇵🇱 東京 का e\u{301} ".repeat(40);
    let article = Article::parse("flags.txt", body.as_bytes()).expect("parses");
    let sources = hostile_sources(&article, "🇺🇦");
    for (w, h) in [(80, 24), (50, 20), (23, 9)] {
        let mut app = reader(article.clone(), sources.clone(), w, h);
        let mut term = Emulated::new(w, h).expect("emulated terminal");
        term.frame(|f| view::draw(&app, f)).expect("first frame");
        for code in [
            KeyCode::Char('z'),
            KeyCode::Char('j'),
            KeyCode::Char('j'),
            KeyCode::Char(' '),
        ] {
            press(&mut app, code);
            term.frame(|f| view::draw(&app, f))
                .unwrap_or_else(|e| panic!("{w}x{h} after {code:?}: {e}"));
        }
    }
}
