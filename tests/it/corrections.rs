//! The reader's corrections outside the reader: `sources` applies them and
//! marks them, `--engine` leaves them out, `export` hands them on (Markdown,
//! CSV, JSON), and a corrupt or hostile corrections file is set aside with
//! a notice. Corrections are made here through the library's store, as the
//! reader's driver saves them; `XDG_DATA_HOME` is a temporary folder.

use std::path::{Path, PathBuf};

use whosaid::library::corrections::{ArticleStamp, Corrections, CorrectionsStore, Kind};
use whosaid::model::article::Article;

use crate::json::{parse, run_with_data};

pub const SEED: &str = "content/2024-03-24-kyiv-lviv-strikes.txt";

pub fn store_in(data: &Path) -> CorrectionsStore {
    CorrectionsStore::at(data.join("whosaid").join("corrections"))
}

pub fn seed_stamp() -> ArticleStamp {
    ArticleStamp::of(&Article::load(Path::new(SEED)).expect("seed"))
}

/// The one corrections file of the seed in `data`.
pub fn seed_file(data: &Path) -> PathBuf {
    data.join("whosaid/corrections")
        .join(format!("{}.json", seed_stamp().hash))
}

#[test]
fn sources_applies_corrections_and_engine_leaves_them_out() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut c = Corrections::default();
    c.rename("Vitali Klitschko", "Mayor Vitali Klitschko");
    c.toggle_checked("Maksym Kozytskyi");
    c.toggle_hidden("Sergiy Popko");
    c.set_kind("Andriy Sadovy", Kind::Organisation);
    c.attribute("Andriy Sadovy", 0);
    store_in(data.path())
        .save(&seed_stamp(), &c)
        .expect("saved");

    let (out, err) = run_with_data(data.path(), &["sources", "--json", SEED]);
    assert!(err.is_empty(), "{err}");
    let v = parse(&out);
    let names: Vec<_> = v.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names[0], "Mayor Vitali Klitschko");
    assert!(v.sources[0].corrected && !v.sources[0].checked);
    assert!(
        v.sources[0]
            .aliases
            .contains(&"Vitali Klitschko".to_owned())
    );
    let kozytskyi = &v.sources[1];
    assert!(kozytskyi.checked && !kozytskyi.corrected);
    assert!(!names.contains(&"Sergiy Popko"), "hidden: {names:?}");
    let sadovy = v
        .sources
        .iter()
        .find(|s| s.name == "Andriy Sadovy")
        .expect("Sadovy");
    assert_eq!(sadovy.kind, "organisation");
    assert_eq!(sadovy.passages[0].paragraph, 0, "¶1 attributed");

    let (out, _) = run_with_data(data.path(), &["sources", "--json", "--engine", SEED]);
    let engine = parse(&out);
    assert_eq!(engine.sources[0].name, "Vitali Klitschko");
    assert!(engine.sources.iter().any(|s| s.name == "Sergiy Popko"));
    assert!(engine.sources.iter().all(|s| !s.corrected && !s.checked));

    let (plain, _) = run_with_data(data.path(), &["sources", SEED]);
    let plain = String::from_utf8(plain).expect("utf-8");
    assert!(plain.contains("Mayor Vitali Klitschko, Kyiv’s mayor [person] (corrected)"));
    assert!(plain.contains("[person] ✓ checked"), "{plain}");
}

#[test]
fn a_moved_article_keeps_its_corrections() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut c = Corrections::default();
    c.rename("Vitali Klitschko", "Mayor Vitali Klitschko");
    store_in(data.path())
        .save(&seed_stamp(), &c)
        .expect("saved");
    let moved = data.path().join("elsewhere.txt");
    std::fs::copy(SEED, &moved).expect("copy");
    let (out, _) = run_with_data(
        data.path(),
        &["sources", "--json", moved.to_str().expect("utf-8")],
    );
    assert_eq!(parse(&out).sources[0].name, "Mayor Vitali Klitschko");
}

#[test]
fn export_csv_has_one_row_per_passage_and_quotes_as_rfc_4180() {
    let data = tempfile::tempdir().expect("tempdir");
    let (out, _) = run_with_data(data.path(), &["export", "--format", "csv", SEED]);
    let text = String::from_utf8(out.clone()).expect("utf-8");
    assert!(text.contains("\r\n"), "CRLF line ends");
    let mut reader = csv::Reader::from_reader(&out[..]);
    let header = reader.headers().expect("a header").clone();
    assert_eq!(header.get(3), Some("source"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let (json, _) = run_with_data(data.path(), &["sources", "--json", SEED]);
    let v = parse(&json);
    let passages: usize = v.sources.iter().map(|s| s.passages.len()).sum();
    assert_eq!(rows.len(), passages);
    // A passage with quotation marks and commas comes back whole.
    let popko = rows
        .iter()
        .find(|r| r.get(10).is_some_and(|t| t.contains("\"in groups\"")))
        .expect("the passage with straight quotes");
    assert_eq!(popko.get(3), Some("Sergiy Popko"));
    assert_eq!(popko.get(8), Some("6"), "¶ numbers from 1");
    assert!(text.contains("\"\"in groups\"\""), "quotes doubled inside");
}

#[test]
fn export_markdown_cites_each_source() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut c = Corrections::default();
    c.toggle_checked("Vitali Klitschko");
    store_in(data.path())
        .save(&seed_stamp(), &c)
        .expect("saved");
    let (out, _) = run_with_data(data.path(), &["export", SEED]);
    let md = String::from_utf8(out).expect("utf-8");
    assert!(md.starts_with("# "), "{md}");
    assert!(md.contains("## Vitali Klitschko, Kyiv’s mayor\n\n*person · 1 passage · checked*"));
    assert!(md.contains("> — ¶3, quote"), "{md}");
    let origin = std::fs::canonicalize(SEED).expect("abs");
    let citation = format!("2024-03-24, {}", origin.display());
    assert_eq!(md.matches(&citation).count(), 1 + 7, "{md}");
    let (out, _) = run_with_data(data.path(), &["export", "--format", "json", SEED]);
    // An array of articles, each as `sources --json` gives it.
    let v: Vec<crate::json::Output> = serde_json::from_slice(&out).expect("json");
    assert!(v[0].sources[0].checked);
    assert_eq!(
        v[0].article.origin.as_deref(),
        Some(origin.to_str().expect("utf-8"))
    );
}

#[test]
fn a_corrupt_corrections_file_is_kept_as_bad_with_a_notice() {
    let data = tempfile::tempdir().expect("tempdir");
    let file = seed_file(data.path());
    std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
    std::fs::write(&file, b"{\"whosaid_corrections\": 1, \"sources\": [").expect("w");
    let (out, err) = run_with_data(data.path(), &["sources", "--json", SEED]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("kept as") && err.contains(".json.bad"),
        "{err}"
    );
    assert_eq!(parse(&out).sources[0].name, "Vitali Klitschko");
    let mut bad = file.into_os_string();
    bad.push(".bad");
    assert_eq!(
        std::fs::read(&bad).expect("kept"),
        b"{\"whosaid_corrections\": 1, \"sources\": ["
    );
}

#[test]
fn a_hostile_corrections_file_neither_drives_the_terminal_nor_is_read_whole() {
    let data = tempfile::tempdir().expect("tempdir");
    let stamp = seed_stamp();
    let file = seed_file(data.path());
    std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
    let hostile = serde_json::json!({
        "whosaid_corrections": 1,
        "article": stamp,
        "sources": [{
            "source": "Vitali Klitschko",
            "name": format!("\u{1b}]52;c;cHduZWQ=\u{7}Evil\u{1b}[2J{}", "x".repeat(10_000)),
            "role": "\u{9b}31m\u{202e}red",
            "added_paragraphs": [0, 2, 999_999_999_999u64],
        }]
    });
    std::fs::write(&file, serde_json::to_vec(&hostile).expect("json")).expect("w");
    for args in [
        &["sources", SEED][..],
        &["export", SEED],
        &["export", "--format", "csv", SEED],
    ] {
        let (out, err) = run_with_data(data.path(), args);
        let out = String::from_utf8(out).expect("utf-8");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{9b}') && !out.contains('\u{202e}'),
            "{args:?}: {out:?}"
        );
        assert!(out.contains("Evil"), "{args:?}");
        assert!(
            !out.contains(&"x".repeat(200)),
            "{args:?}: the name is capped"
        );
        assert!(err.contains("2 corrections no longer fit"), "{err}");
    }
    let (out, _) = run_with_data(data.path(), &["sources", "--json", SEED]);
    let json = String::from_utf8(out).expect("utf-8");
    assert!(
        !json.contains('\u{1b}') && !json.contains('\u{9b}'),
        "{json}"
    );

    // 100 MB (sparse: nothing is written, and nothing should be read).
    let big = std::fs::File::create(&file).expect("create");
    big.set_len(100 << 20).expect("set_len");
    let (out, err) = run_with_data(data.path(), &["sources", "--json", SEED]);
    assert!(err.contains("too big") && err.contains(".bad"), "{err}");
    assert_eq!(parse(&out).sources[0].name, "Vitali Klitschko");
}

#[test]
fn eval_with_corrections_scores_the_corrected_sources() {
    let data = tempfile::tempdir().expect("tempdir");
    let corpus = data.path().join("corpus");
    for sub in ["articles", "gold"] {
        std::fs::create_dir_all(corpus.join(sub)).expect("mkdir");
    }
    let article = corpus.join("articles/00-kyiv-lviv-strikes.txt");
    std::fs::copy("tests/corpus/articles/00-kyiv-lviv-strikes.txt", &article).expect("copy");
    std::fs::copy(
        "tests/corpus/gold/00-kyiv-lviv-strikes.json",
        corpus.join("gold/00-kyiv-lviv-strikes.json"),
    )
    .expect("copy");
    let corpus_arg = corpus.to_str().expect("utf-8");
    let total = |args: &[&str]| -> String {
        let (out, _) = run_with_data(data.path(), args);
        let out = String::from_utf8(out).expect("utf-8");
        out.lines()
            .find(|l| l.starts_with("TOTAL"))
            .expect("a TOTAL line")
            .to_owned()
    };
    let engine = total(&["eval", corpus_arg]);
    assert_eq!(
        total(&["eval", "--with-corrections", corpus_arg]),
        engine,
        "no corrections yet: the same figures"
    );
    // A reader hides a true source: recall falls, and only with the flag.
    let stamp = ArticleStamp::of(&Article::load(&article).expect("article"));
    let mut c = Corrections::default();
    c.toggle_hidden("Vitali Klitschko");
    store_in(data.path()).save(&stamp, &c).expect("saved");
    let corrected = total(&["eval", "--with-corrections", corpus_arg]);
    assert_ne!(corrected, engine, "{corrected}");
    assert_eq!(total(&["eval", corpus_arg]), engine);
}
