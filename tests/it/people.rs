//! Everyone the library quotes, merged across articles: `whosaid people`
//! and the reader's People view (`p`).

use std::collections::BTreeSet;
use std::process::Command;

use serde::Deserialize;

const CORPUS: &str = "tests/corpus/articles";

/// One line of `people --json`, typed: a renamed or retyped field fails to
/// decode.
#[derive(Debug, Deserialize)]
struct Person {
    name: String,
    kind: String,
    roles: Vec<String>,
    aliases: Vec<String>,
    articles: usize,
    passages: Vec<Quoted>,
}

#[derive(Debug, Deserialize)]
struct Quoted {
    path: String,
    title: String,
    date: Option<String>,
    name: String,
    paragraph: usize,
    kind: String,
    start: usize,
    end: usize,
    text: String,
}

fn people(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .arg("people")
        .args(args)
        .output()
        .expect("runs")
}

fn people_json(path: &str) -> Vec<Person> {
    let out = people(&["--json", path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one person per line"))
        .collect()
}

#[test]
fn json_lists_a_person_quoted_in_two_articles_with_both() {
    let all = people_json(CORPUS);
    let erdogan = all
        .iter()
        .find(|p| p.aliases.iter().any(|a| a == "Erdoğan") || p.name.ends_with("Erdoğan"))
        .expect("Erdoğan is quoted");
    assert_eq!(erdogan.kind, "person");
    assert_eq!(erdogan.articles, 2, "{erdogan:?}");
    let paths: BTreeSet<&str> = erdogan.passages.iter().map(|q| q.path.as_str()).collect();
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        [
            "tests/corpus/articles/17-hagia-sophia-mosque.txt",
            "tests/corpus/articles/20-kurds-assad-deal.txt"
        ]
    );
    // Each passage is the article's own text at the place given.
    for q in &erdogan.passages {
        let text = std::fs::read_to_string(&q.path).expect("article");
        assert_eq!(&text[q.start..q.end], q.text, "{q:?}");
        assert!(["quote", "reported"].contains(&q.kind.as_str()));
        assert!(
            q.name.contains("Erdoğan") || q.name.contains("Erdogan"),
            "{q:?}"
        );
        assert!(!q.title.is_empty() && q.date.is_none());
        let _ = q.paragraph;
    }
    // Everyone merged once: no name is listed twice.
    let names: BTreeSet<&str> = all.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), all.len());
    // Two people who share a surname stay two.
    let lewis: Vec<&Person> = all.iter().filter(|p| p.name.ends_with(" Lewis")).collect();
    assert_eq!(lewis.len(), 2, "{lewis:?}");
    assert!(lewis.iter().all(|p| p.articles == 1));
    assert!(all.iter().all(|p| p.roles.iter().all(|r| !r.is_empty())));
}

/// Newest article first, and a folder's unreadable file is named on
/// standard error and skipped.
#[test]
fn passages_come_newest_first_and_a_bad_file_is_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let say = |who: &str, what: &str| format!("“{what},” {who} said on Monday.\n\nIt rained.\n");
    for (name, text) in [
        ("2021-03-01-old.txt", say("Anna Kowalska", "Old words")),
        (
            "2023-07-09-new.txt",
            say("Mayor Anna Kowalska", "New words"),
        ),
        ("2022-01-01-other.txt", say("Jan Nowak", "Other words")),
        ("broken.txt", String::new()),
    ] {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let out = people(&["--json", &dir.path().display().to_string()]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.txt") && err.contains("skipped"),
        "{err}"
    );
    let all: Vec<Person> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("decodes"))
        .collect();
    let anna = all
        .iter()
        .find(|p| p.name.contains("Kowalska"))
        .expect("Anna");
    let dates: Vec<_> = anna.passages.iter().map(|q| q.date.as_deref()).collect();
    assert_eq!(dates, [Some("2023-07-09"), Some("2021-03-01")]);
    assert!(anna.passages[0].text.contains("New words"));
    // Plain text: the same people, counted.
    let out = people(&[&dir.path().display().to_string()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("2 people in 3 articles (of 4)"), "{text}");
    assert!(text.contains("2 articles, 2 passages"), "{text}");
}

#[test]
fn a_missing_folder_is_one_line_and_exit_1() {
    let out = people(&["no/such/folder"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("whosaid: no/such/folder: "), "{err}");
}
