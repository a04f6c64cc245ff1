//! `whosaid sources --json` and `whosaid eval` as a user runs them.

use std::process::Command;

const SEED: &str = "content/2024-03-24-kyiv-lviv-strikes.txt";

fn whosaid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
}

#[test]
fn seed_json_lists_exactly_the_seven_sources() {
    let out = whosaid()
        .args(["sources", "--json", SEED])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let text = std::fs::read_to_string(SEED).expect("seed");
    let got: Vec<(String, Option<String>, Vec<u64>)> = v["sources"]
        .as_array()
        .expect("array")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().expect("name").to_owned(),
                s["role"].as_str().map(str::to_owned),
                s["passages"]
                    .as_array()
                    .expect("passages")
                    .iter()
                    .map(|p| p["paragraph"].as_u64().expect("paragraph"))
                    .collect(),
            )
        })
        .collect();
    let want: Vec<(&str, Option<&str>, Vec<u64>)> = vec![
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
    let got_ref: Vec<(&str, Option<&str>, Vec<u64>)> = got
        .iter()
        .map(|(n, r, p)| (n.as_str(), r.as_deref(), p.clone()))
        .collect();
    assert_eq!(got_ref, want);
    let sources = v["sources"].as_array().expect("array");
    assert_eq!(sources[4]["aliases"], serde_json::json!(["RSZ"]));
    assert_eq!(sources[4]["kind"], "organisation");
    assert_eq!(sources[2]["aliases"], serde_json::json!(["Popko"]));
    // Spans are byte offsets into the file and the text is what they cover.
    for s in sources {
        for p in s["passages"].as_array().expect("passages") {
            let (a, b) = (
                p["start"].as_u64().expect("s"),
                p["end"].as_u64().expect("e"),
            );
            let slice = &text[usize::try_from(a).expect("a")..usize::try_from(b).expect("b")];
            assert_eq!(p["text"].as_str(), Some(slice));
        }
    }
    let klitschko = &sources[0]["passages"][0];
    assert_eq!(klitschko["kind"], "quote");
    assert!(
        klitschko["text"]
            .as_str()
            .expect("t")
            .starts_with("“Explosions in the capital,”")
    );
    assert_eq!(sources[1]["passages"][0]["kind"], "reported");
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
    assert!(s.contains("articles 15 (failed 0)"), "{s}");
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
