//! Inputs that once made the attribution engine panic, kept as regression
//! tests (found by the proptests and fuzz targets of issue 6). Each must be
//! analysed without a panic, with every passage inside its paragraph.

use whosaid::model::article::Article;

use crate::hostile_support;

fn analyse(text: &str) {
    let article = Article::parse("hostile.txt", text.as_bytes()).expect("parses");
    let sources = whosaid::attribution::analyze(&article);
    for s in &sources.sources {
        for p in &s.passages {
            let para = &article.paragraphs()[p.paragraph].span;
            assert!(
                para.start <= p.span.start && p.span.end <= para.end,
                "{text:?}"
            );
        }
    }
}

#[test]
fn a_pronoun_then_a_control_character() {
    // A capitalised run of only function words and non-words left an empty
    // name, which was indexed.
    analyse("I \u{1}");
    analyse("I said \u{1}.\n\nThe \u{7f} said it.");
}

/// A leading `date` token with a character across byte 10 was sliced
/// inside the character (found by the `article` fuzz target).
#[test]
fn a_date_cut_inside_a_character() {
    analyse("( date 202\u{fffd}\u{fffd}-24 Deadly strikes.");
    analyse("date 2024-03-2\u{e9} x");
    let a = Article::parse("2024-03-2\u{e9}-news.txt", b"Body.").expect("parses");
    assert_eq!(a.title, "2024 03 2\u{e9} news");
}

/// Every input the fuzz targets ever crashed on, replayed through the same
/// checks (`tests/fuzz_regressions/TARGET/*`).
#[test]
fn fuzz_crashes_stay_fixed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut replayed = 0;
    for (target, run) in [
        ("article", hostile_support::targets::article as fn(&[u8])),
        ("render", hostile_support::targets::render),
        ("ssh_input", hostile_support::targets::ssh_input),
        ("reading", hostile_support::targets::reading),
    ] {
        for entry in std::fs::read_dir(root.join(target)).expect("regression folder") {
            let path = entry.expect("entry").path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let data = std::fs::read(&path).expect("read input");
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(
                outcome.is_ok(),
                "{target} crashes again on {}",
                path.display()
            );
            replayed += 1;
        }
    }
    assert!(replayed > 0);
}
