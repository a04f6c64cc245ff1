//! The reading layer on inputs shaped like the real thing: news pages in
//! HTML and Markdown (tests/fixtures/inputs, written by make.py there) must
//! give the paragraphs and the sources of the plain-text article they wrap,
//! and standard input reads as a file does.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use whosaid::model::article::{Article, Format};

const FIXTURES: &[(&str, &str)] = &[
    ("seed", "content/2024-03-24-kyiv-lviv-strikes.txt"),
    ("doris", "tests/corpus/articles/13-doris-day-dies.txt"),
    ("tesco", "tests/corpus/articles/09-tesco-poland-sale.txt"),
];

fn whosaid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
}

fn paragraphs(a: &Article) -> Vec<String> {
    (0..a.paragraphs().len())
        .map(|i| a.paragraph_text(i).to_owned())
        .collect()
}

/// HTML has no line breaks inside a paragraph: white space is one space.
fn collapsed(p: &[String]) -> Vec<String> {
    p.iter()
        .map(|s| s.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn load(path: &str) -> Article {
    Article::load(Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn wrapped_pages_give_the_text_paragraphs() {
    for (name, txt) in FIXTURES {
        let plain = load(txt);
        let want = paragraphs(&plain);
        let md = load(&format!("tests/fixtures/inputs/{name}.md"));
        assert_eq!(md.format, Format::Markdown);
        assert_eq!(paragraphs(&md), want, "{name}.md");
        assert_eq!(md.date, plain.date, "{name}.md date");
        let html = load(&format!("tests/fixtures/inputs/{name}.html"));
        assert_eq!(html.format, Format::Html);
        assert_eq!(
            collapsed(&paragraphs(&html)),
            collapsed(&want),
            "{name}.html"
        );
        if plain.date.is_some() {
            assert_eq!(html.date, plain.date, "{name}.html date");
        }
        assert_eq!(html.title, md.title, "{name}: both titles from the page");
        for bad in [
            "Advertisement",
            "Share on",
            "Related stories",
            "reader42",
            "loadAd",
        ] {
            assert!(!html.text().contains(bad), "{name}.html kept {bad:?}");
        }
    }
}

/// What `sources --json` says, without byte offsets (each format has its
/// own text): every source with its kind, role and passages.
fn sources_of(args: &[&str], stdin: Option<&[u8]>) -> Vec<serde_json::Value> {
    let mut cmd = whosaid();
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("runs");
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(bytes).expect("writes stdin");
    }
    let out = child.wait_with_output().expect("waits");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let collapse = |s: &serde_json::Value| {
        s.as_str()
            .unwrap_or_default()
            .split_ascii_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    v["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| {
            let passages: Vec<serde_json::Value> = s["passages"]
                .as_array()
                .expect("passages")
                .iter()
                .map(|p| serde_json::json!([p["paragraph"], p["kind"], collapse(&p["text"])]))
                .collect();
            serde_json::json!({"name": s["name"], "kind": s["kind"], "role": s["role"], "passages": passages})
        })
        .collect()
}

#[test]
fn sources_of_a_page_are_the_sources_of_its_text() {
    for (name, txt) in FIXTURES {
        let want = sources_of(&["sources", "--json", txt], None);
        assert!(!want.is_empty(), "{txt} has sources");
        for ext in ["md", "html"] {
            let path = format!("tests/fixtures/inputs/{name}.{ext}");
            assert_eq!(
                sources_of(&["sources", "--json", &path], None),
                want,
                "{path}"
            );
        }
    }
}

#[test]
fn standard_input_is_sniffed_and_read() {
    let (_, txt) = FIXTURES[0];
    let want = sources_of(&["sources", "--json", txt], None);
    for path in [
        txt,
        "tests/fixtures/inputs/seed.html",
        "tests/fixtures/inputs/seed.md",
    ] {
        let bytes = std::fs::read(path).expect("fixture");
        assert_eq!(
            sources_of(&["sources", "--json", "-"], Some(&bytes)),
            want,
            "{path} on stdin"
        );
    }
}

#[test]
fn empty_standard_input_is_one_line_error() {
    let out = whosaid()
        .args(["sources", "-"])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end(), "whosaid: -: file is empty");
}

#[test]
fn a_folder_lists_markdown_and_html_beside_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in ["a.txt", "b.md", "c.html", "d.jpg"] {
        std::fs::write(dir.path().join(f), "x").expect("writes");
    }
    let found = whosaid::library::discover(&[dir.path().to_owned()]).expect("lists");
    let names: Vec<String> = found
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, ["a.txt", "b.md", "c.html"]);
}

#[test]
fn entity_escapes_are_made_visible() {
    // An escape made of entities reaches the text only to be shown.
    let page = format!(
        "<html><body><article><p>He said &#27;[2J loudly. {}</p></article></body></html>",
        "More words to make an article body. ".repeat(10)
    );
    let a =
        whosaid::model::reading::read(page.into_bytes(), whosaid::model::article::Origin::Stdin)
            .expect("reads");
    assert!(a.text().contains('\u{1b}'));
    assert!(!whosaid::model::text::visible(a.text()).contains('\u{1b}'));
}
