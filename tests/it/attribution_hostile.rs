//! Hostile text: the engine never panics, never slices inside a char, and
//! stays linear. Sizes are kept small enough for debug builds; the big ones
//! live in `benches/engine.rs`.

use whosaid::attribution;
use whosaid::model::article::Article;

fn check(bytes: &[u8]) -> attribution::Sources {
    let a = Article::parse("h.txt", bytes).expect("parses");
    let s = attribution::analyze(&a);
    for src in &s.sources {
        for p in &src.passages {
            let para = &a.paragraphs()[p.paragraph].span;
            assert!(para.start <= p.span.start && p.span.end <= para.end);
            assert!(
                a.text().get(p.span.clone()).is_some(),
                "span not on char boundaries"
            );
        }
    }
    s
}

#[test]
fn long_paragraph_without_spaces() {
    let s = "Ąx".repeat(150_000);
    check(s.as_bytes());
}

#[test]
fn line_of_quotation_marks() {
    for mark in ["\"", "“", "”", "'", "‘", "’", "«"] {
        check(mark.repeat(60_000).as_bytes());
    }
    check("\"”“'’‘".repeat(20_000).as_bytes());
}

#[test]
fn many_tiny_paragraphs() {
    let s = "He said.\n\n“A”\n\nIt said: “b”\n\n".repeat(5_000);
    let a = Article::parse("h.txt", s.as_bytes()).expect("parses");
    assert_eq!(a.paragraphs().len(), 15_000);
    check(s.as_bytes());
}

#[test]
fn unbalanced_quote_at_the_start_of_a_long_article() {
    let body = "Hans Ebbe said the port was closed, according to Ruth Mok. ".repeat(200);
    let s = format!("“{body}\n\n{body}\n\n{body}");
    let out = check(s.as_bytes());
    // The stray mark swallows only its own paragraph.
    let hans = out
        .sources
        .iter()
        .find(|x| x.name == "Hans Ebbe")
        .expect("found");
    assert_eq!(
        hans.passages
            .iter()
            .map(|p| p.paragraph)
            .collect::<Vec<_>>(),
        [1, 2]
    );
}

#[test]
fn control_characters_and_replacement_chars() {
    let mut s = String::from("\u{1b}[2J Ola Rask said \u{7}\u{0b}“no”\u{fffd}\u{fffd}.\r\n\r\n");
    for c in 1u8..32 {
        s.push(char::from(c));
        s.push_str(" Una Berg said: ‘x’ ");
    }
    let out = check(s.as_bytes());
    assert!(out.sources.iter().any(|x| x.name == "Ola Rask"));
    check(b"caf\xe9 \xff\xfe said \xc3 \"\xe2\x80 told");
}

#[test]
fn many_names_and_cues_stay_fast_enough_to_finish() {
    // Thousands of namesakes and descriptions: the bounded lookups keep this
    // linear (a quadratic engine would take minutes here in debug).
    let mut s = String::new();
    for i in 0..3_000 {
        s.push_str(&format!(
            "Name{i} Smith, the regional governor, said it. The governor said he agreed. Smith said so.\n\n"
        ));
    }
    let out = check(s.as_bytes());
    assert!(!out.sources.is_empty());
}

#[test]
fn deeply_nested_commas_and_brackets() {
    let s = format!("{} said it.", "a, (b, ".repeat(20_000));
    check(s.as_bytes());
    let s = format!("{} said it.", "Ab of the ".repeat(20_000));
    check(s.as_bytes());
}

mod props {
    use proptest::prelude::*;

    /// Fragments that exercise every path: names, titles, cues, pronouns,
    /// quote marks of every kind, brackets, commas and paragraph breaks.
    const PIECES: &[&str] = &[
        "Ana Ruiz",
        "Mr",
        "Dr.",
        "Gen.",
        "Lopez",
        "the mayor",
        "the regional governor",
        "he",
        "she",
        "it",
        "they",
        "said",
        "told",
        "according to",
        "reported by",
        "the Ministry of Ports",
        "(MP)",
        "MP",
        "Acme Corp",
        "’s",
        "'s",
        "spokesperson",
        "\"",
        "“",
        "”",
        "‘",
        "’",
        "'",
        "«",
        ",",
        ".",
        ":",
        ";",
        "(",
        ")",
        "—",
        "\n\n",
        "\n",
        " ",
        "which",
        "who",
        "and",
        "of",
        "in",
        "on Monday",
        "x",
        "Ł",
        "\u{fffd}",
        "\u{7}",
        "é",
        "Aa-based",
        "A",
        "U.S.",
    ];

    fn article_text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn engine_never_panics_and_spans_hold(text in article_text()) {
            if let Ok(a) = whosaid::model::article::Article::parse("p.txt", text.as_bytes()) {
                let s = whosaid::attribution::analyze(&a);
                for src in &s.sources {
                    let mut last = None;
                    for p in &src.passages {
                        let para = &a.paragraphs()[p.paragraph].span;
                        prop_assert!(para.start <= p.span.start && p.span.end <= para.end);
                        prop_assert!(a.text().get(p.span.clone()).is_some());
                        prop_assert!(last < Some(p.paragraph));
                        last = Some(p.paragraph);
                    }
                }
            }
        }
    }
}
