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

/// The most elements readability scores; bigger documents still parse but
/// are not walked whole by its scoring passes.
const MAX_ELEMENTS: usize = 200_000;

/// Deeper nesting than this is no page a person wrote (news pages nest some
/// tens of levels): Readability's passes cost grows with depth times
/// elements (2,000 nested `div`s took seconds), so such a document is read
/// without it ([`extract_flat`]).
const MAX_DEPTH: usize = 256;

/// Nesting deeper than this (by [`nesting_depth`]'s count) is refused
/// before parsing: html5ever checks the stack of open elements for many
/// tags, so parsing costs depth times elements (100,000 nested `div`s
/// would take minutes).
pub(crate) const MAX_PARSE_DEPTH: usize = 1000;

pub(crate) fn extract(src: &str) -> Extracted {
    let mut out = Extracted::default();
    let doc = Document::from(src);
    let time_date = doc
        .select("time[datetime]")
        .iter()
        .find_map(|t| t.attr("datetime").and_then(|d| iso_date(&d)));
    if deeper_than(&doc, MAX_DEPTH) {
        return extract_flat(&doc, time_date);
    }
    let config = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let Ok(mut readability) = dom_smoothie::Readability::with_document(doc, None, Some(config))
    else {
        return out;
    };
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

/// A best-effort article from a document too deep for Readability: every
/// block outside the page's obvious furniture (navigation, header, footer,
/// asides, forms), title from `og:title` or `<title>`.
fn extract_flat(doc: &Document, date: Option<String>) -> Extracted {
    let mut out = Extracted {
        date,
        ..Extracted::default()
    };
    let og = doc
        .select("meta[property=\"og:title\"]")
        .attr("content")
        .map(|t| collapse(&t));
    let title = og.or_else(|| Some(collapse(&doc.select("title").text())));
    out.title = title.filter(|t| !t.is_empty());
    drop_furniture(doc);
    doc.select("nav, header, footer, aside, form, head")
        .remove();
    blocks(doc, &mut out);
    out
}

/// How deep the elements of `src` nest, as far as `limit`, by a scan of its
/// tags without parsing: raw text (`script`, `style`, `textarea`, `title`),
/// comments and declarations are skipped, void elements and those whose end
/// tag may be left out (`p`, `li`, table cells...) are not counted, so a
/// sloppy page is not taken for a deep one.
pub(crate) fn nesting_depth(src: &str, limit: usize) -> usize {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
        "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
    ];
    const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];
    let bytes = src.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(at) = memchr::memchr(b'<', &bytes[i..]) {
        i += at + 1;
        let rest = &bytes[i..];
        if rest.starts_with(b"!--") {
            i += memchr::memmem::find(rest, b"-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            continue;
        }
        let name =
            String::from_utf8_lossy(&rest[name_start..name_start + name_len]).to_ascii_lowercase();
        // A tag ends at `>`, or where the next one starts (so that a run
        // of `<` without `>` is one pass, not one per `<`).
        let end = memchr::memchr2(b'>', b'<', rest).unwrap_or(rest.len());
        let self_closing = rest[..end].ends_with(b"/");
        i += end;
        if closing {
            if !FLAT.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
        } else if RAW.contains(&name.as_str()) {
            // Its content is text up to its end tag, whatever its case.
            let mut from = i;
            i = bytes.len();
            while let Some(at) = memchr::memmem::find(&bytes[from..], b"</") {
                let tag = &bytes[from + at + 2..];
                if tag.len() >= name.len()
                    && tag[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                {
                    i = from + at;
                    break;
                }
                from += at + 2;
            }
        } else if !self_closing && !FLAT.contains(&name.as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
            if deepest >= limit {
                return deepest;
            }
        }
    }
    deepest
}

/// Whether some element of `doc` lies more than `max` elements deep; one
/// walk with a stack of its own, stopping at the first.
fn deeper_than(doc: &Document, max: usize) -> bool {
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > max {
            return true;
        }
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            if c.is_element() {
                stack.push((c, depth + 1));
            }
        }
    }
    false
}

/// A piece of HTML that is the article already (a feed item's content):
/// its blocks become paragraphs as a page's body does, without
/// Readability's choice of a body. Text outside any block (content that
/// is one run of text) is one paragraph.
pub(crate) fn extract_fragment(src: &str) -> Extracted {
    let mut out = Extracted::default();
    if nesting_depth(src, MAX_PARSE_DEPTH + 1) > MAX_PARSE_DEPTH {
        return out;
    }
    let doc = Document::fragment(src);
    drop_furniture(&doc);
    blocks(&doc, &mut out);
    if out.spans.is_empty() {
        doc.select("script, style, noscript, template").remove();
        out.push(&collapse(&doc.root().text()));
    }
    out
}

/// The paragraphs of an article's body: each block (see [`is_block`]) that
/// holds no other block, scripts and styles removed first, and a `<pre>`
/// whole. One walk over the tree with a stack of its own, each block taken
/// as it is left: 100,000 nested tags cost one visit each, neither a
/// recursion as deep nor a look at every ancestor or descendant per block.
fn blocks(body: &Document, out: &mut Extracted) {
    // A line break inside a paragraph is a space in the text.
    body.select("br").replace_with_html(" ");
    body.select("script, style, noscript, template").remove();
    enum Step<'a> {
        Enter(NodeRef<'a>),
        /// Leaving a block (`counted`: one that may give a paragraph) or a
        /// `<pre>` (`pre`).
        Leave {
            node: NodeRef<'a>,
            counted: bool,
            pre: bool,
        },
    }
    let mut stack = vec![Step::Enter(body.root())];
    // For each block being walked: whether a block was found inside it.
    let mut open: Vec<bool> = Vec::new();
    let mut in_pre = 0usize;
    let mut children = Vec::new();
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(node) => {
                let name = node.node_name();
                let name = name.as_deref().unwrap_or("");
                let pre = name == "pre";
                let counted = in_pre == 0 && is_block(name);
                if counted {
                    if let Some(parent) = open.last_mut() {
                        *parent = true;
                    }
                    open.push(false);
                }
                if pre {
                    in_pre += 1;
                }
                if counted || pre {
                    stack.push(Step::Leave { node, counted, pre });
                }
                children.clear();
                let mut child = node.first_child();
                while let Some(c) = child {
                    child = c.next_sibling();
                    children.push(c);
                }
                stack.extend(children.drain(..).rev().map(Step::Enter));
            }
            Step::Leave { node, counted, pre } => {
                if pre {
                    in_pre -= 1;
                }
                if !counted {
                    continue;
                }
                let has_block_inside = open.pop().unwrap_or(false);
                if pre {
                    let text = node.text();
                    let kept: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
                    out.push(&kept.join("\n"));
                } else if !has_block_inside {
                    let text = collapse(&node.text());
                    if out.spans.is_empty() && out.title.as_deref() == Some(text.as_str()) {
                        continue;
                    }
                    out.push(&text);
                }
            }
        }
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

/// The elements whose text is a paragraph (see [`is_block`]).
fn is_block(name: &str) -> bool {
    matches!(
        name,
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
    fn nesting_is_counted_without_parsing() {
        assert_eq!(nesting_depth("<div><div><p>x<p>y</div></div>", 99), 2);
        assert_eq!(nesting_depth("<ul><li>a<li>b</ul><br><img src=x/>", 99), 1);
        assert_eq!(
            nesting_depth("<script>if (a<b) { '<div><div>' }</SCRIPT><div>", 99),
            1
        );
        assert_eq!(nesting_depth("<!-- <div><div> --><span>", 99), 1);
        assert_eq!(nesting_depth(&"<div>".repeat(5000), 100), 100);
        assert_eq!(nesting_depth(&"<a<a".repeat(5000), 99_999), 10_000);
    }

    #[test]
    fn a_document_too_deep_is_read_without_readability() {
        let para = "<p>A sentence long enough to be the body of an article.</p>";
        let html = format!(
            "<html><head><title>Deep</title></head><body><nav><p>Menu item</p></nav>{}{para}{para}{}</body></html>",
            "<div>".repeat(MAX_DEPTH + 5),
            "</div>".repeat(MAX_DEPTH + 5)
        );
        let x = extract(&html);
        assert_eq!(x.title.as_deref(), Some("Deep"));
        assert_eq!(paras(&x), [&para[3..para.len() - 4]; 2]);
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
