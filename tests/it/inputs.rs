//! The reading layer on inputs shaped like the real thing: news pages in
//! HTML and Markdown (tests/fixtures/inputs, written by make.py there) must
//! give the paragraphs and the sources of the plain-text article they wrap,
//! and so must every item of the RSS and Atom feeds that carry them;
//! standard input reads as a file does.

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

/// One source as `sources --json` gives it, without byte offsets (each
/// format has its own text) and with the passages' white space collapsed:
/// what must agree whatever format the article came in.
#[derive(Debug, PartialEq)]
struct Seen {
    name: String,
    kind: String,
    role: Option<String>,
    /// Paragraph, kind and text of each passage.
    passages: Vec<(usize, String, String)>,
}

/// What `sources --json` says, one list per article (a feed gives one line
/// per item).
fn sources_of_each(args: &[&str], stdin: Option<&[u8]>) -> Vec<Vec<Seen>> {
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
    let collapse = |s: &str| s.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    crate::json::parse_lines(&out.stdout)
        .into_iter()
        .map(|article| {
            article
                .sources
                .into_iter()
                .map(|s| Seen {
                    passages: s
                        .passages
                        .iter()
                        .map(|p| (p.paragraph, p.kind.clone(), collapse(&p.text)))
                        .collect(),
                    name: s.name,
                    kind: s.kind,
                    role: s.role,
                })
                .collect()
        })
        .collect()
}

fn sources_of(args: &[&str], stdin: Option<&[u8]>) -> Vec<Seen> {
    let mut each = sources_of_each(args, stdin);
    assert_eq!(each.len(), 1, "{args:?}: one article");
    each.remove(0)
}

fn feed(path: &str) -> whosaid::model::reading::Feed {
    let bytes = std::fs::read(path).expect("fixture");
    let origin = whosaid::model::article::Origin::Path(path.into());
    match whosaid::model::reading::read_any(
        bytes,
        origin,
        &whosaid::model::reading::Hint::default(),
    ) {
        Ok(whosaid::model::reading::Input::Feed(f)) => f,
        other => panic!("{path}: not a feed: {other:?}"),
    }
}

#[test]
fn feed_items_give_the_text_paragraphs() {
    for (path, format) in [
        ("tests/fixtures/inputs/feed.rss", Format::Rss),
        ("tests/fixtures/inputs/feed.atom", Format::Atom),
    ] {
        let f = feed(path);
        assert_eq!(f.title, "The Daily Example");
        assert_eq!(f.format, format);
        assert_eq!(f.items.len(), FIXTURES.len(), "{path}");
        for ((name, txt), (_, item)) in FIXTURES.iter().zip(&f.items) {
            let plain = load(txt);
            let md = load(&format!("tests/fixtures/inputs/{name}.md"));
            assert_eq!(item.format, format);
            assert_eq!(
                collapsed(&paragraphs(item)),
                collapsed(&paragraphs(&plain)),
                "{path}: {name}"
            );
            assert_eq!(item.title, md.title, "{path}: {name}");
            if plain.date.is_some() {
                assert_eq!(item.date, plain.date, "{path}: {name} date");
            }
            assert!(!item.summary_only, "{path}: {name} has its content");
            assert_eq!(
                item.link.as_deref(),
                Some(format!("https://example.com/news/{name}").as_str())
            );
            for bad in ["Advertisement", "Share on", "loadAd"] {
                assert!(!item.text().contains(bad), "{path}: {name} kept {bad:?}");
            }
        }
    }
}

#[test]
fn sources_of_a_feed_are_the_sources_of_its_texts() {
    let want: Vec<_> = FIXTURES
        .iter()
        .map(|(_, txt)| sources_of(&["sources", "--json", txt], None))
        .collect();
    for path in [
        "tests/fixtures/inputs/feed.rss",
        "tests/fixtures/inputs/feed.atom",
    ] {
        assert_eq!(
            sources_of_each(&["sources", "--json", path], None),
            want,
            "{path}"
        );
        // The plain listing prints every item under its title.
        let out = whosaid().args(["sources", path]).output().expect("runs");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        for title in [
            "Deadly strikes on Kyiv and Lviv",
            "Doris Day dies at 97",
            "Tesco sells its Polish business",
        ] {
            assert!(text.contains(title), "{path}: {title} missing from\n{text}");
        }
    }
}

#[test]
fn a_feed_on_standard_input_prints_every_item() {
    let bytes = std::fs::read("tests/fixtures/inputs/feed.atom").expect("fixture");
    let each = sources_of_each(&["sources", "--json", "-"], Some(&bytes));
    assert_eq!(each.len(), FIXTURES.len());
    assert_eq!(
        each[0],
        sources_of(&["sources", "--json", FIXTURES[0].1], None)
    );
}

#[test]
fn a_folder_with_a_feed_lists_its_items_beside_the_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(FIXTURES[1].1, dir.path().join("a.txt")).expect("copies");
    std::fs::copy(
        "tests/fixtures/inputs/tesco.html",
        dir.path().join("b.html"),
    )
    .expect("copies");
    std::fs::copy("tests/fixtures/inputs/feed.rss", dir.path().join("c.rss")).expect("copies");
    std::fs::write(dir.path().join("d.xml"), "<html><p>not a feed</p></html>").expect("writes");
    let lib = whosaid::library::Library::open(&[dir.path().to_owned()]).expect("opens");
    // Two files, three items, and the .xml that is no feed (it fails when
    // opened, saying why).
    assert_eq!(lib.len(), 6);
    let titles: Vec<String> = (0..lib.len())
        .map(|i| lib.entry(i).expect("entry").title)
        .collect();
    assert!(
        titles.contains(&"Deadly strikes on Kyiv and Lviv".to_owned()),
        "{titles:?}"
    );
    let item = titles
        .iter()
        .position(|t| t == "Doris Day dies at 97")
        .expect("an item");
    let a = lib.load(item).expect("an item loads");
    assert_eq!(a.format, Format::Rss);
    assert!(lib.has_feeds());
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
