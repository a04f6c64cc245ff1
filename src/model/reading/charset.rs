//! Bytes to text for markup and feeds, in the encoding they were written
//! in: a byte-order mark first, then what the server said (the HTTP
//! `charset`), then what the document says of itself (`<meta charset>`,
//! the XML declaration), else UTF-8. `encoding_rs` does the decoding (the
//! WHATWG encodings, as browsers decode pages); bytes that are not valid in
//! the chosen encoding become U+FFFD and the article carries a warning,
//! never an error: a page with a wrong charset is still worth reading.

use encoding_rs::{Encoding, UTF_8};

/// How far into a document its own charset declaration is looked for
/// (HTML requires it in the first 1024 bytes).
const DECLARATION_BYTES: usize = 1024;

/// Decodes `bytes`; `declared` is the charset a server gave, if any. Gives
/// the text and, when something had to be replaced or guessed, a warning.
pub(crate) fn decode(bytes: &[u8], declared: Option<&str>) -> (String, Option<String>) {
    let mut warning = None;
    let from_header = declared.and_then(|label| {
        let found = Encoding::for_label(label.trim().as_bytes());
        if found.is_none() {
            warning = Some(format!(
                "unknown charset {:?}; read as UTF-8",
                crate::model::text::visible(label)
            ));
        }
        found
    });
    let encoding = from_header.or_else(|| in_document(bytes)).unwrap_or(UTF_8);
    // A byte-order mark wins over any label, as browsers do.
    let (text, used, malformed) = encoding.decode(bytes);
    if malformed {
        warning = Some(format!(
            "text not valid {}: replaced with U+FFFD",
            used.name()
        ));
    }
    let mut text = text.into_owned();
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    (text, warning)
}

/// The encoding a document names in its first bytes: `<meta charset=...>`,
/// `<meta http-equiv content="...; charset=...">` or `<?xml ...
/// encoding="..."?>`. A document that claims UTF-16 in ASCII bytes cannot
/// be UTF-16, so such a claim is ignored (as the HTML standard says).
fn in_document(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(DECLARATION_BYTES)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let label = if head.trim_start().starts_with("<?xml") {
        let decl_end = head.find("?>")?;
        attribute_value(&head[..decl_end], "encoding")
    } else {
        head.match_indices("charset")
            .find_map(|(i, _)| attribute_value(&head[i..], "charset"))
    }?;
    Encoding::for_label(label.as_bytes())
        .filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE)
}

/// The value after `name` `=` in `s`, quoted or not.
fn attribute_value<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let at = s.find(name)? + name.len();
    let rest = s[at..].trim_start().strip_prefix('=')?.trim_start();
    let (quote, rest) = match rest.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &rest[1..]),
        _ => (None, rest),
    };
    let end = rest
        .find(|c: char| {
            quote.map_or(
                c.is_ascii_whitespace() || matches!(c, ';' | '>' | '/' | '"' | '\''),
                |q| c == q,
            )
        })
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|v| !v.is_empty())
}

/// An XML document decoded to UTF-8 must no longer say it is in another
/// encoding, or the XML parser would decode it a second time: the
/// declaration's `encoding` is dropped.
pub(crate) fn drop_xml_encoding(text: &mut String) {
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with("<?xml") {
        return;
    }
    let Some(end) = text[start..].find("?>").map(|e| start + e) else {
        return;
    };
    let decl = text[start..end].to_owned();
    let lower = decl.to_ascii_lowercase();
    let Some(at) = lower.find("encoding") else {
        return;
    };
    let rest = &decl[at..];
    // encoding = "value" (either quote)
    let Some(open) = rest.find(['"', '\'']) else {
        return;
    };
    let q = rest.as_bytes()[open];
    let Some(close) = rest[open + 1..].find(char::from(q)) else {
        return;
    };
    let cut = start + at..start + at + open + 1 + close + 1;
    text.replace_range(cut, "");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_then_document_then_utf8() {
        // "café" in Latin-1.
        let latin = b"caf\xe9";
        assert_eq!(decode(latin, Some("iso-8859-1")).0, "café");
        let page = b"<html><head><meta charset=\"windows-1252\"></head><p>caf\xe9 \x93q\x94";
        let (t, w) = decode(page, None);
        assert!(t.contains("café \u{201c}q\u{201d}"), "{t}");
        assert!(w.is_none());
        // The header wins over the document.
        let (t, _) = decode("<meta charset=latin1>é".as_bytes(), Some("utf-8"));
        assert!(t.ends_with('é'));
        let (t, w) = decode(latin, None);
        assert_eq!(t, "caf\u{fffd}");
        assert!(w.is_some_and(|w| w.contains("UTF-8")));
        let (_, w) = decode(b"x", Some("no-such-thing"));
        assert!(w.is_some_and(|w| w.contains("unknown charset")));
    }

    #[test]
    fn xml_declaration_is_read_and_then_dropped() {
        let feed = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>caf\xe9</rss>";
        let (mut t, _) = decode(feed, None);
        assert!(t.contains("café"));
        drop_xml_encoding(&mut t);
        assert_eq!(t, "<?xml version=\"1.0\" ?><rss>café</rss>");
    }

    #[test]
    fn a_bom_is_not_text() {
        let (t, _) = decode("\u{feff}<p>x".as_bytes(), Some("utf-8"));
        assert_eq!(t, "<p>x");
    }
}
