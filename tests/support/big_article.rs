//! Big inputs for benchmarks and scale tests, made by repeating real
//! articles: an article of any size (up to the 10 MB of issue 7) and a
//! library of thousands of articles.
//!
//! Real prose matters here: wrapping, search and the attribution engine all
//! behave differently on lorem ipsum. The articles come from the corpus in
//! `tests/corpus/articles` (or `content/` when the corpus is absent), seed
//! article first, so every generated text opens with the seed's first screen
//! and a benchmark can wait for the same words in any program.
//!
//! Included with `#[path]` by benches and tests, so it uses only `std`.
#![allow(dead_code)]

use std::io;
use std::path::{Path, PathBuf};

/// 10 MiB, the "big article" of issue 7.
pub const TEN_MB: usize = 10 * 1024 * 1024;

/// Words from the seed article's first paragraph: on the first screen of any
/// generated text, in less and in whosaid alike.
pub const FIRST_SCREEN_MARK: &str = "Deadly aerial attacks";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folders searched for articles, best first.
fn article_dirs() -> [PathBuf; 2] {
    [root().join("tests/corpus/articles"), root().join("content")]
}

/// The texts of the corpus articles, sorted by file name so the seed
/// (`00-…` in the corpus, the only file in `content/`) comes first.
///
/// # Panics
/// When neither folder holds a readable `.txt` file: the benchmarks cannot
/// run without text.
pub fn corpus_texts() -> Vec<String> {
    for dir in article_dirs() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        let texts: Vec<String> = files
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        if !texts.is_empty() {
            return texts;
        }
    }
    panic!("no articles in tests/corpus/articles or content/");
}

/// Removes a leading `date YYYY-MM-DD` so a repeated article does not carry
/// its date token into the middle of the big one.
fn without_date(text: &str) -> &str {
    let t = text.trim_start();
    match t.strip_prefix("date ") {
        Some(rest) if rest.as_bytes().get(4) == Some(&b'-') => {
            rest.get(10..).map_or(t, str::trim_start)
        }
        _ => t,
    }
}

/// An article of at least `min_len` bytes (and at most one paragraph more):
/// the corpus articles one after another, paragraphs separated by a blank
/// line, cycling until long enough. The first article keeps its `date`
/// header, so the big article parses with a date like the seed.
pub fn big_article(min_len: usize) -> String {
    let texts = corpus_texts();
    let mut out = String::with_capacity(min_len + 8 * 1024);
    for (i, text) in texts.iter().cycle().enumerate() {
        let body = if i == 0 {
            text.trim_end()
        } else {
            without_date(text).trim_end()
        };
        for para in body.split("\n\n") {
            let para = para.trim_matches('\n');
            if para.trim().is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(para);
            if out.len() >= min_len {
                out.push('\n');
                return out;
            }
        }
    }
    unreachable!("cycle() never ends")
}

/// Writes `count` articles into `dir` (which must exist) as
/// `YYYY-MM-DD-article-NNNNN.txt`, each a corpus article under its own
/// `title:` (`Article NNNNN`) and date, so the picker has distinct entries
/// whether it reads titles from file names or from the files. Returns the
/// total bytes written.
pub fn write_library(dir: &Path, count: usize) -> io::Result<u64> {
    let texts = corpus_texts();
    let mut total = 0u64;
    for i in 0..count {
        let body = without_date(&texts[i % texts.len()]);
        let date = format!(
            "{:04}-{:02}-{:02}",
            2000 + (i / 336) % 30,
            1 + (i / 28) % 12,
            1 + i % 28
        );
        let text = format!("title: Article {i:05}\ndate {date} {body}");
        std::fs::write(dir.join(format!("{date}-article-{i:05}.txt")), &text)?;
        total += text.len() as u64;
    }
    Ok(total)
}
