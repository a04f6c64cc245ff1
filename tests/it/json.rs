//! `whosaid sources --json` as the tests read it: typed, so a renamed or
//! retyped field fails to decode instead of comparing as `null`. Unknown
//! fields are allowed, so adding one to the output breaks no test.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Output {
    pub article: Article,
    pub sources: Vec<Source>,
}

#[derive(Debug, Deserialize)]
pub struct Article {
    pub path: String,
    /// The absolute path or URL (`export --format json` only).
    pub origin: Option<String>,
    pub title: String,
    pub date: Option<String>,
    /// `text`, `markdown`, `html`, `rss` or `atom`.
    pub format: String,
    pub paragraphs: usize,
}

#[derive(Debug, Deserialize)]
pub struct Source {
    pub name: String,
    pub kind: String,
    pub role: Option<String>,
    pub aliases: Vec<String>,
    /// A reader's corrections changed it (see `tests/it/corrections.rs`).
    pub corrected: bool,
    pub checked: bool,
    pub passages: Vec<Passage>,
}

#[derive(Debug, Deserialize)]
pub struct Passage {
    pub paragraph: usize,
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// `whosaid sources --json PATH`, which must succeed, decoded.
pub fn sources_json(path: &str) -> Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["sources", "--json", path])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    parse(&out.stdout)
}

/// `whosaid ARGS...` with `XDG_DATA_HOME` (where corrections live) set to
/// `data`, which must succeed; its standard output and error.
pub fn run_with_data(data: &std::path::Path, args: &[&str]) -> (Vec<u8>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .env("XDG_DATA_HOME", data)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {err}");
    (out.stdout, err)
}

/// One article's output; panics with the decoding error, naming the field.
pub fn parse(stdout: &[u8]) -> Output {
    serde_json::from_slice(stdout).expect("sources --json output")
}

/// Output with one article per line (a feed's items, several files).
pub fn parse_lines(stdout: &[u8]) -> Vec<Output> {
    std::str::from_utf8(stdout)
        .expect("utf-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("sources --json line"))
        .collect()
}
