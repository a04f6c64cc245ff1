//! HTML to paragraphs: `dom_smoothie` (a port of Mozilla's Readability on
//! html5ever) picks the article body the way browsers' reader modes do, so
//! navigation, ads, share bars, related links and comments are left out;
//! this module then turns the body's blocks (paragraphs, headings, list
//! items, block quotes, preformatted text) into paragraphs.
//!
//! Entities are decoded by the parser. A character they decode to that a
//! terminal would obey (`&#27;`) stays in the text: the text layer makes it
//! visible wherever text is shown, as for a plain file.

use dom_query::{Document, NodeRef};

use super::Extracted;
use crate::model::article::is_iso_date;

/// The blocks that become paragraphs.
const BLOCKS: &str = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, dd, dt, figcaption";

/// The most elements readability scores; bigger documents still parse but
/// are not walked whole by its scoring passes.
const MAX_ELEMENTS: usize = 200_000;

pub(crate) fn extract(src: &str) -> Extracted {
    let mut out = Extracted::default();
    let config = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let Ok(mut readability) = dom_smoothie::Readability::new(src, None, Some(config)) else {
        return out;
    };
    let time_date = readability
        .doc
        .select("time[datetime]")
        .iter()
        .find_map(|t| t.attr("datetime").and_then(|d| iso_date(&d)));
    drop_furniture(&readability.doc);
    let Ok(article) = readability.parse() else {
        return out;
    };
    out.title = Some(collapse(&article.title)).filter(|t| !t.is_empty());
    out.date = article
        .published_time
        .as_deref()
        .and_then(iso_date)
        .or(time_date);
    let body = Document::from(article.content.as_ref());
    blocks(&body, &mut out);
    out
}

/// A piece of HTML that is the article already (a feed item's content):
/// its blocks become paragraphs as a page's body does, without
/// Readability's choice of a body. Text outside any block (content that
/// is one run of text) is one paragraph.
pub(crate) fn extract_fragment(src: &str) -> Extracted {
    let mut out = Extracted::default();
    let doc = Document::fragment(src);
    drop_furniture(&doc);
    blocks(&doc, &mut out);
    if out.spans.is_empty() {
        doc.select("script, style, noscript, template").remove();
        out.push(&collapse(&doc.root().text()));
    }
    out
}

/// The paragraphs of an article's body: each block (see [`BLOCKS`]) that
/// holds no other block, scripts and styles removed first.
fn blocks(body: &Document, out: &mut Extracted) {
    // A line break inside a paragraph is a space in the text.
    body.select("br").replace_with_html(" ");
    body.select("script, style, noscript, template").remove();
    for node in body.select(BLOCKS).nodes() {
        if is_pre(node) {
            // A paragraph inside <pre> is inside its text already.
            if has_pre_ancestor(node) {
                continue;
            }
            let text = node.text();
            let kept: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            out.push(&kept.join("\n"));
            continue;
        }
        if has_pre_ancestor(node) || contains_block(node) {
            continue;
        }
        let text = collapse(&node.text());
        if out.spans.is_empty() && out.title.as_deref() == Some(text.as_str()) {
            continue;
        }
        out.push(&text);
    }
}

/// Class and id words that mark page furniture Readability's own patterns
/// miss: ad slots without `-ad-` in their name, share bars. Readability
/// turns a `div` of inline text into a paragraph, so an ad slot's
/// "Advertisement" label would otherwise become one.
const FURNITURE: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "ad-slot",
    "adslot",
    "ad-container",
    "ad-wrapper",
    "ad-unit",
    "share",
    "share-bar",
    "share-buttons",
    "sharing",
    "social-share",
];

fn drop_furniture(doc: &Document) {
    for node in doc.select("[class], [id]").nodes() {
        let words = [node.attr("class"), node.attr("id")];
        let furniture = words.iter().flatten().any(|w| {
            w.split_ascii_whitespace().any(|t| {
                let t = t.to_ascii_lowercase();
                FURNITURE.contains(&t.as_str())
                    || t.starts_with("ad-slot")
                    || t.starts_with("advert")
            })
        });
        if furniture {
            node.remove_from_parent();
        }
    }
}

fn is_pre(node: &NodeRef) -> bool {
    node.node_name().is_some_and(|n| n.as_ref() == "pre")
}

fn has_pre_ancestor(node: &NodeRef) -> bool {
    node.ancestors(None).iter().any(is_pre)
}

/// Whether a block holds other blocks: then those are the paragraphs.
fn contains_block(node: &NodeRef) -> bool {
    node.descendants().iter().any(|d| {
        d.node_name().is_some_and(|n| {
            matches!(
                n.as_ref(),
                "p" | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "li"
                    | "blockquote"
                    | "pre"
                    | "dd"
                    | "dt"
                    | "figcaption"
            )
        })
    })
}

/// HTML's white space collapsed: runs of ASCII white space are one space.
/// (A no-break space is content, not layout, and stays.)
fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn iso_date(s: &str) -> Option<String> {
    s.trim()
        .get(..10)
        .filter(|d| is_iso_date(d))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(x: &Extracted) -> Vec<&str> {
        x.spans.iter().map(|s| &x.text[s.clone()]).collect()
    }

    #[test]
    fn entities_breaks_and_scripts() {
        let long = "Filler sentence that makes this look like an article body. ".repeat(8);
        let html = format!(
            "<html><head><title>T</title><style>p{{color:red}}</style></head><body>\
             <article><p>Tom &amp; Jerry said &ldquo;hi&rdquo;<br>today.</p>\
             <script>alert(1)</script><!-- a comment -->\
             <p>{long}</p><blockquote><p>Quoted &#27;[2J here.</p></blockquote>\
             <ul><li>First item of a list.</li></ul></article></body></html>"
        );
        let x = extract(&html);
        let p = paras(&x);
        assert_eq!(p[0], "Tom & Jerry said \u{201c}hi\u{201d} today.");
        assert!(p.contains(&"Quoted \u{1b}[2J here."), "{p:?}");
        assert!(p.contains(&"First item of a list."), "{p:?}");
        assert!(!x.text.contains("alert") && !x.text.contains("color:red"));
        assert!(!x.text.contains("a comment"));
    }

    #[test]
    fn title_and_date_from_metadata() {
        let body =
            "<p>A sentence long enough to count as the body of an article, surely.</p>".repeat(5);
        let html = format!(
            "<html><head><meta property=\"og:title\" content=\"OG title\"><title>Site | T</title>\
             <meta property=\"article:published_time\" content=\"2022-02-03T04:05:06Z\"></head>\
             <body><article>{body}</article></body></html>"
        );
        let x = extract(&html);
        assert_eq!(x.title.as_deref(), Some("OG title"));
        assert_eq!(x.date.as_deref(), Some("2022-02-03"));
        let html = format!(
            "<html><body><article><h1>Heading</h1><time datetime=\"2019-12-31\">Dec 31</time>{body}</article></body></html>"
        );
        assert_eq!(extract(&html).date.as_deref(), Some("2019-12-31"));
    }
}
