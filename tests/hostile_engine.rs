//! Inputs that once made the attribution engine panic, kept as regression
//! tests (found by the proptests and fuzz targets of issue 6). Each must be
//! analysed without a panic, with every passage inside its paragraph.

use whosaid::article::Article;

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
