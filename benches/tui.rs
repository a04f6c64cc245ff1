//! Reader latency (issue 7): the first frame of a 10 MB article, and one
//! keystroke's update + render at 80x24 — scroll (three panes and zoomed),
//! jump to a passage, a search step, `n`, resize — through the `App`/view API
//! through the reader's own ANSI backend into a sink, drawn by the same
//! `Painter` as the real reader. Engine throughput is `benches/engine.rs`.
//!
//! And what a key costs `whosaid serve` per reader: the key list of
//! `benches/serve_load.rs` on the seed article, each key through the
//! reader's key map, its update and a frame, at 80x24 and at the largest
//! size the server draws (500x200).
//!
//! Run: `cargo bench --bench tui` (`-- --quick` for a short run).

#[path = "../tests/support/big_article.rs"]
mod big_article;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use whosaid::attribution::{self, Passage, PassageKind, Source, SourceKind, Sources};
use whosaid::library::Library;
use whosaid::model::article::Article;
use whosaid::reader::{Action, App, Config, open_action, view};
use whosaid::term::{AnsiBackend, Painter};

use big_article::{TEN_MB, big_article};

struct Reader {
    app: App,
    terminal: Terminal<AnsiBackend<std::io::Sink>>,
    painter: Painter,
}

impl Reader {
    fn draw(&mut self) {
        let app = &self.app;
        self.painter
            .draw(&mut self.terminal, |f| view::draw_frame(app, f))
            .expect("draw");
    }

    fn key(&mut self, action: Action) {
        self.app.update(action);
        self.draw();
    }
}

/// The engine's sources, or — while the engine finds none — one source
/// speaking in every paragraph that names the seed's mayor, so jumping has
/// passages all through the article.
fn sources_for(article: &Article) -> Sources {
    let found = attribution::analyze(article);
    if found.sources.iter().any(|s| s.passages.len() > 1) {
        return found;
    }
    let passages = (0..article.paragraphs().len())
        .filter(|&p| article.paragraph_text(p).contains("Klitschko"))
        .map(|p| Passage {
            paragraph: p,
            kind: PassageKind::Quote,
            span: article.paragraphs()[p].span.clone(),
        })
        .collect();
    Sources {
        sources: vec![Source {
            name: "Vitali Klitschko".into(),
            kind: SourceKind::Person,
            role: Some("Kyiv's mayor".into()),
            aliases: vec!["Klitschko".into()],
            passages,
        }],
    }
}

/// A reader at 80x24 showing `article`, analysed (when `sources` is given)
/// or still pending, with its first frame drawn.
fn open(article: Article, sources: Option<Sources>) -> Reader {
    open_at(article, sources, 80, 24)
}

fn open_at(article: Article, sources: Option<Sources>, w: u16, h: u16) -> Reader {
    let library = Arc::new(Library::from_articles(vec![(article, sources)]));
    let mut app = App::new(Arc::clone(&library), Config::default());
    let _ = app.take_effects();
    app.update(Action::Resize(w, h));
    app.update(open_action(&library, 0, None));
    let mut r = Reader {
        app,
        terminal: Terminal::with_options(
            AnsiBackend::new(std::io::sink()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
            },
        )
        .expect("terminal"),
        painter: Painter::new(),
    };
    r.draw();
    r
}

fn first_frame(c: &mut Criterion) {
    let seed = big_article::corpus_texts().remove(0);
    let big = big_article(TEN_MB);
    let mut g = c.benchmark_group("first_frame");
    g.sample_size(10);
    for (name, text) in [("seed", &seed), ("10MB", &big)] {
        // Bytes in memory → parsed article → reader → first frame drawn,
        // before any analysis.
        g.bench_function(name, |b| {
            b.iter(|| {
                let article = Article::parse("a.txt", black_box(text.as_bytes())).expect("parses");
                black_box(open(article, None));
            });
        });
    }
    g.finish();
}

fn keystrokes(c: &mut Criterion) {
    let text = big_article(TEN_MB);
    let article = Article::parse("big.txt", text.as_bytes()).expect("parses");
    let sources = sources_for(&article);
    let mut g = c.benchmark_group("keystroke_80x24_10MB");

    let mut r = open(article.clone(), Some(sources.clone()));
    r.key(Action::FocusNext);
    r.key(Action::FocusNext);
    let mut n = 0u32;
    // Down for a while, then back up, so the reader never sits at an end
    // where scrolling does nothing.
    let mut step = move || {
        n = n.wrapping_add(1);
        if n % 2000 < 1000 { 1 } else { -1 }
    };
    g.bench_function("scroll", |b| b.iter(|| r.key(Action::Move(step()))));
    r.key(Action::ToggleZoom);
    g.bench_function("scroll_zoomed", |b| b.iter(|| r.key(Action::Move(step()))));
    r.key(Action::ToggleZoom);

    g.bench_function("jump_to_next_passage", |b| {
        b.iter(|| r.key(Action::NextPassage));
    });
    g.bench_function("bottom_then_top", |b| {
        b.iter(|| {
            r.key(Action::Bottom);
            r.key(Action::Top);
        });
    });

    // A search being typed: each keystroke searches the whole article.
    r.key(Action::StartSearch);
    for ch in "sai".chars() {
        r.key(Action::SearchChar(ch));
    }
    let mut typed = false;
    g.bench_function("search_type_char", |b| {
        b.iter(|| {
            r.key(if typed {
                Action::SearchBackspace
            } else {
                Action::SearchChar('d')
            });
            typed = !typed;
        });
    });
    r.key(Action::SearchSubmit);
    g.bench_function("search_next_match", |b| b.iter(|| r.key(Action::NextMatch)));

    let mut big_size = false;
    g.bench_function("resize", |b| {
        b.iter(|| {
            let (w, h) = if big_size { (80, 24) } else { (100, 30) };
            big_size = !big_size;
            r.painter
                .resize(&mut r.terminal, Rect::new(0, 0, w, h))
                .expect("resize");
            r.key(Action::Resize(w, h));
        });
    });
    g.finish();
}

/// The keys `benches/serve_load.rs` sends, in its order: scrolling,
/// changing panes, jumping between passages, picking a source, paging.
fn serve_keys() -> Vec<crossterm::event::Event> {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let key = |code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    let (j, k, tab) = (KeyCode::Char('j'), KeyCode::Char('k'), KeyCode::Tab);
    let (next, prev) = (KeyCode::Char(']'), KeyCode::Char('['));
    [
        j,
        j,
        j,
        k,
        k,
        tab,
        KeyCode::BackTab,
        next,
        next,
        prev,
        KeyCode::Char('2'),
        KeyCode::Char('1'),
        tab,
        tab,
        j,
        j,
        KeyCode::PageDown,
        KeyCode::PageUp,
        k,
        k,
        KeyCode::BackTab,
        KeyCode::BackTab,
    ]
    .into_iter()
    .map(key)
    .collect()
}

/// One reader's keys as `whosaid serve` handles them: a whole round of the
/// `serve_load` key list per iteration (divide by its length for one key).
fn serve_round(c: &mut Criterion) {
    let seed = big_article::corpus_texts().remove(0);
    let article = Article::parse("seed.txt", seed.as_bytes()).expect("parses");
    let sources = attribution::analyze(&article);
    let keys = serve_keys();
    let mut g = c.benchmark_group(format!("serve_round_of_{}_keys_seed", keys.len()));
    for (w, h) in [(80, 24), (500, 200)] {
        let mut r = open_at(article.clone(), Some(sources.clone()), w, h);
        g.bench_function(format!("{w}x{h}"), |b| {
            b.iter(|| {
                for ev in &keys {
                    if let Some(action) = whosaid::reader::keys::action_for(&r.app, ev) {
                        r.key(action);
                    }
                }
            });
        });
    }
    g.finish();
}

criterion_group!(benches, first_frame, keystrokes, serve_round);
criterion_main!(benches);
