//! The people index: how long merging everyone quoted takes as a library
//! grows, `cargo bench --bench people`. The reader rebuilds it at most once
//! per change it is asked about (a few times a second while the library is
//! scanned), so its cost must grow with the records, no faster.
//!
//! Records come from the corpus articles, analysed once, copied to make
//! libraries of 1,000 to 10,000 articles: once with the same people in
//! every copy (everyone quoted everywhere: the largest merges), once with
//! each copy's names made its own (the most people).

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use whosaid::attribution;
use whosaid::library::people::{People, Record, records};
use whosaid::model::article::Article;

fn corpus_records() -> Vec<Record> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/articles");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            let a = Article::load(f).expect("article");
            let s = attribution::analyze(&a);
            records(i, &a, &s, None)
        })
        .collect()
}

/// `base` copied until it covers `articles` articles; `own_names` gives
/// each copy's people names of their own.
fn library(base: &[Record], per_copy: usize, articles: usize, own_names: bool) -> Vec<Arc<Record>> {
    let copies = articles.div_ceil(per_copy);
    (0..copies)
        .flat_map(|c| {
            base.iter().map(move |r| {
                let mut r = r.clone();
                r.article += c * per_copy;
                if own_names {
                    let tag = format!(" Copy{c}");
                    r.name.push_str(&tag);
                    for a in &mut r.aliases {
                        a.push_str(&tag);
                    }
                }
                Arc::new(r)
            })
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let base = corpus_records();
    let per_copy = base.iter().map(|r| r.article).max().unwrap_or(0) + 1;
    for (group, own_names) in [("people_same_names", false), ("people_own_names", true)] {
        let mut g = c.benchmark_group(group);
        g.sample_size(10);
        for articles in [1_000, 2_000, 10_000] {
            let records = library(&base, per_copy, articles, own_names);
            g.throughput(Throughput::Elements(records.len() as u64));
            g.bench_with_input(BenchmarkId::from_parameter(articles), &records, |b, r| {
                b.iter(|| black_box(People::build(r, articles)));
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
