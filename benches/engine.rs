//! Engine throughput: `cargo bench --bench engine`.
//!
//! Two inputs: the corpus articles one by one, and one ~10 MB article made
//! by repeating them (what a hostile or just very long file costs). And the
//! reading layer: extracting a 1 MB news page (the seed's page fixture with
//! its body repeated) and a 1 MB RSS feed of such pages.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use whosaid::attribution;
use whosaid::model::article::Article;

fn corpus_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/articles");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("article"))
        .collect()
}

fn big_article(texts: &[String], bytes: usize) -> Article {
    let mut s = String::with_capacity(bytes + 8192);
    while s.len() < bytes {
        for t in texts {
            s.push_str(t.trim());
            s.push_str("\n\n");
        }
    }
    Article::parse("big.txt", s.as_bytes()).expect("parses")
}

fn bench(c: &mut Criterion) {
    let texts = corpus_texts();
    let articles: Vec<Article> = texts
        .iter()
        .map(|t| Article::parse("a.txt", t.as_bytes()).expect("parses"))
        .collect();
    let total: usize = texts.iter().map(String::len).sum();

    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("corpus", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(attribution::analyze(black_box(a)));
            }
        });
    });
    let big = big_article(&texts, 10 << 20);
    g.throughput(Throughput::Bytes(big.text().len() as u64));
    g.sample_size(10);
    g.bench_function("repeated_corpus_10MB", |b| {
        b.iter(|| black_box(attribution::analyze(black_box(&big))));
    });
    // Hostile shapes, each ~5 MB: no spaces, quote marks, tiny paragraphs.
    let hostile = [
        ("no_spaces_5MB", "x".repeat(5 << 20)),
        ("quote_marks_5MB", "\"“”'".repeat(5 << 18)),
        (
            "tiny_paragraphs_5MB",
            "He said “a”.\n\n".repeat((5 << 20) / 16),
        ),
    ];
    for (name, text) in hostile {
        let a = Article::parse("h.txt", text.as_bytes()).expect("parses");
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| black_box(attribution::analyze(black_box(&a))));
        });
    }
    g.finish();
}

/// The page fixture with its article body repeated until the page is
/// `bytes` long: a long page in a real page's furniture.
fn big_page(bytes: usize) -> Vec<u8> {
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inputs/seed.html"),
    )
    .expect("fixture");
    let start = page.find("<div class=\"story-body\">").expect("body start");
    let end = start
        + page[start..]
            .find("</div>\n    </article>")
            .expect("body end");
    let body = &page[start..end];
    let mut out = page[..start].to_owned();
    while out.len() + (page.len() - end) < bytes {
        out.push_str(body);
    }
    out.push_str(&page[end..]);
    out.into_bytes()
}

fn reading(c: &mut Criterion) {
    use whosaid::model::article::Origin;
    use whosaid::model::reading::{Hint, read_any};
    let mut g = c.benchmark_group("reading");
    g.sample_size(20);
    let page = big_page(1 << 20);
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("html_page_1MB", |b| {
        b.iter(|| {
            black_box(read_any(
                black_box(page.clone()),
                Origin::Path("big.html".into()),
                &Hint::default(),
            ))
        });
    });
    let feed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inputs/feed.rss"),
    )
    .expect("fixture");
    let (head, rest) = feed.split_at(feed.find("  <item>").expect("items"));
    let items = &rest[..rest.rfind("</channel>").expect("end")];
    let mut big_feed = head.to_owned();
    let mut n = 0;
    while big_feed.len() < 1 << 20 {
        // Each copy its own guid, as distinct items are.
        big_feed.push_str(&items.replace(
            "<guid isPermaLink=\"false\">",
            &format!("<guid isPermaLink=\"false\">{n}-"),
        ));
        n += 1;
    }
    big_feed.push_str("</channel>\n</rss>\n");
    g.throughput(Throughput::Bytes(big_feed.len() as u64));
    g.bench_function("rss_feed_1MB", |b| {
        b.iter(|| {
            black_box(read_any(
                black_box(big_feed.clone().into_bytes()),
                Origin::Path("big.rss".into()),
                &Hint::default(),
            ))
        });
    });
    g.finish();
}

criterion_group!(benches, bench, reading);
criterion_main!(benches);
