//! Any bytes as an article file: parsing and attribution never panic, every
//! passage lies inside its paragraph on character boundaries, and the plain
//! listing holds no control character but newlines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whosaid::article::Article;

fuzz_target!(|data: &[u8]| {
    let Some((&w, bytes)) = data.split_first() else {
        return;
    };
    let Ok(article) = Article::parse("fuzz.txt", bytes) else {
        return;
    };
    let text = article.text();
    for p in article.paragraphs() {
        assert!(p.span.start <= p.span.end && p.span.end <= text.len());
        assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
    }
    let sources = whosaid::attribution::analyze(&article);
    for s in &sources.sources {
        for p in &s.passages {
            let para = &article.paragraphs()[p.paragraph].span;
            assert!(
                para.start <= p.span.start && p.span.start <= p.span.end && p.span.end <= para.end,
                "passage {:?} outside paragraph {} {:?}",
                p.span,
                p.paragraph,
                para
            );
            assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
        }
    }
    // Wrapping: the lines of every paragraph cover it exactly, in order.
    let width = usize::from(w % 64) + 1;
    for (i, _) in article.paragraphs().iter().enumerate() {
        let para = article.paragraph_text(i);
        let mut pos = 0;
        for line in whosaid::tui::wrap::wrap_ranges(para, width) {
            assert_eq!(line.start, pos, "gap or overlap in paragraph {i}");
            assert!(line.end > line.start && para.is_char_boundary(line.end));
            pos = line.end;
        }
        assert_eq!(pos, para.len(), "paragraph {i} not covered");
    }
    let json = whosaid::cli::JsonOutput::new(&article, &sources);
    let encoded = serde_json::to_string(&json).expect("serialises");
    assert!(!encoded.bytes().any(|b| b < 0x20));
    let mut out = Vec::new();
    whosaid::cli::write_plain(&mut out, &article, &sources, usize::from(w))
        .expect("writes to memory");
    let out = String::from_utf8(out).expect("utf-8");
    assert!(
        !out.chars().any(|c| c.is_control() && c != '\n'),
        "control character in plain output"
    );
});
