//! Engine throughput: `cargo bench --bench engine`.
//!
//! Two inputs: the corpus articles one by one, and one ~10 MB article made
//! by repeating them (what a hostile or just very long file costs).

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

criterion_group!(benches, bench);
criterion_main!(benches);
