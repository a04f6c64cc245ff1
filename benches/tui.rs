//! Reader latency (issue 7): the first frame of a 10 MB article, and one
//! keystroke's update + render at 80x24 — scroll (three panes and zoomed),
//! jump to a passage, a search step, `n`, resize — through the `App`/view API
//! through the reader's own ANSI backend into a sink, drawn by the same
//! `Painter` as the real reader. Engine throughput is `benches/engine.rs`.
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
    let library = Arc::new(Library::from_articles(vec![(article, sources)]));
    let mut app = App::new(Arc::clone(&library), Config::default());
    let _ = app.take_effects();
    app.update(Action::Resize(80, 24));
    app.update(open_action(&library, 0, None));
    let mut r = Reader {
        app,
        terminal: Terminal::with_options(
            AnsiBackend::new(std::io::sink()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
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

criterion_group!(benches, first_frame, keystrokes);
criterion_main!(benches);
