//! `whosaid sources --json` and `whosaid eval` as a user runs them.

use std::process::Command;

const SEED: &str = "content/2024-03-24-kyiv-lviv-strikes.txt";

fn whosaid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
}

#[test]
fn seed_json_lists_exactly_the_seven_sources() {
    let v = crate::json::sources_json(SEED);
    let text = std::fs::read_to_string(SEED).expect("seed");
    let got: Vec<(&str, Option<&str>, Vec<usize>)> = v
        .sources
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.role.as_deref(),
                s.passages.iter().map(|p| p.paragraph).collect(),
            )
        })
        .collect();
    let want: Vec<(&str, Option<&str>, Vec<usize>)> = vec![
        ("Vitali Klitschko", Some("Kyiv’s mayor"), vec![2]),
        ("Maksym Kozytskyi", Some("governor of Lviv region"), vec![3]),
        (
            "Sergiy Popko",
            Some("head of the Kyiv city military administration"),
            vec![5, 6],
        ),
        ("Andriy Sadovy", Some("mayor"), vec![7]),
        (
            "Polish Armed Forces Operational Command",
            None,
            vec![8, 9, 11],
        ),
        (
            "Vyacheslav Gladkov",
            Some("governor of Belgorod"),
            vec![14, 16],
        ),
        (
            "Mikhail Razvozhayev",
            Some("Sevastopol’s governor"),
            vec![18],
        ),
    ];
    assert_eq!(got, want);
    let sources = &v.sources;
    assert_eq!(sources[4].aliases, ["RSZ"]);
    assert_eq!(sources[4].kind, "organisation");
    assert_eq!(sources[2].aliases, ["Popko"]);
    // Spans are byte offsets into the file and the text is what they cover.
    for s in sources {
        for p in &s.passages {
            assert_eq!(p.text, text[p.start..p.end]);
        }
    }
    let klitschko = &sources[0].passages[0];
    assert_eq!(klitschko.kind, "quote");
    assert!(klitschko.text.starts_with("“Explosions in the capital,”"));
    assert_eq!(sources[1].passages[0].kind, "reported");
}

#[test]
fn eval_prints_per_article_and_total() {
    let out = whosaid()
        .args(["eval", "tests/corpus"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("00-kyiv-lviv-strikes.json"));
    assert!(s.lines().any(|l| l.starts_with("TOTAL")));
    assert!(s.contains("articles 29 (failed 0)"), "{s}");
    assert!(s.contains("names exact 0."), "{s}");
}

#[test]
fn eval_of_a_missing_corpus_fails_with_exit_1() {
    let out = whosaid()
        .args(["eval", "no/such/corpus"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("whosaid: "));
}
