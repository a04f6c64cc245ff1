//! RSS and Atom feeds to articles, one per item, with `feed-rs` (which
//! reads RSS 0.9x/1.0/2.0 and Atom 1.0 alike on `quick-xml`, a parser that
//! expands no DTD entity, so an entity bomb stays a few unexpanded bytes).
//!
//! An item's article is its full content (`content:encoded`, Atom
//! `<content>`) extracted as a page's body is; an item that carries only a
//! summary (RSS `<description>`, Atom `<summary>`) gives that, marked
//! [`Article::summary_only`] so the reader can say so.

use feed_rs::model::{Entry, FeedType, Text};

use super::{Extracted, html};
use crate::model::article::{Article, ArticleError, Format, Origin};

/// The most items taken from one feed: a real feed has tens; a hostile one
/// must not make a library of millions.
pub const MAX_ITEMS: usize = 10_000;

/// A feed read whole: its title and its items as articles.
#[derive(Debug)]
pub struct Feed {
    pub title: String,
    pub format: Format,
    /// In the feed's order (usually newest first), each with the id that
    /// identifies it across refreshes.
    pub items: Vec<(String, Article)>,
    /// Items that had neither content nor summary (nothing to read).
    pub empty: usize,
}

pub(crate) fn parse(text: &str, origin: &Origin) -> Result<Feed, ArticleError> {
    let parsed = feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .build()
        .parse(text.as_bytes())
        .map_err(|e| ArticleError::BadFeed(one_line(&e.to_string())))?;
    let format = match parsed.feed_type {
        FeedType::Atom => Format::Atom,
        _ => Format::Rss,
    };
    let title = parsed
        .title
        .as_ref()
        .map(plain)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| origin.to_string());
    let mut items = Vec::new();
    let mut empty = 0;
    for (n, entry) in parsed.entries.iter().take(MAX_ITEMS).enumerate() {
        match item(entry, n, origin, format) {
            Some(a) => items.push((entry.id.clone(), a)),
            None => empty += 1,
        }
    }
    Ok(Feed {
        title,
        format,
        items,
        empty,
    })
}

fn item(entry: &Entry, n: usize, origin: &Origin, format: Format) -> Option<Article> {
    let content = entry
        .content
        .as_ref()
        .and_then(|c| {
            c.body
                .as_deref()
                .map(|b| (b, is_html(c.content_type.as_str())))
        })
        .filter(|(b, _)| !b.trim().is_empty());
    let summary = entry
        .summary
        .as_ref()
        .map(|s| (s.content.as_str(), is_html(s.content_type.as_str())))
        .filter(|(b, _)| !b.trim().is_empty());
    let (body, summary_only) = match (content, summary) {
        (Some(c), _) => (c, false),
        (None, Some(s)) => (s, true),
        (None, None) => return None,
    };
    let mut x = if body.1 {
        html::extract_fragment(body.0)
    } else {
        plain_paragraphs(body.0)
    };
    if x.spans.is_empty() {
        return None;
    }
    x.title = entry.title.as_ref().map(plain).filter(|t| !t.is_empty());
    x.date = entry
        .published
        .or(entry.updated)
        .map(|d| d.format("%Y-%m-%d").to_string());
    // Names the item in messages: the feed, then the item's place in it.
    let path = format!("{origin}#{}", n + 1);
    let mut a = Article::from_extracted(
        path,
        origin.clone(),
        format,
        x.text,
        x.spans,
        x.title,
        x.date,
    );
    a.link = entry.links.first().map(|l| l.href.clone());
    a.summary_only = summary_only;
    Some(a)
}

fn is_html(media_type: &str) -> bool {
    let m = media_type.to_ascii_lowercase();
    m.contains("html")
}

/// A title or other short text, its markup (Atom `type="html"`) removed and
/// its white space collapsed.
fn plain(t: &Text) -> String {
    let s = if is_html(t.content_type.as_str()) {
        dom_query::Document::fragment(t.content.as_str())
            .root()
            .text()
            .to_string()
    } else {
        t.content.clone()
    };
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain-text content: paragraphs are split at blank lines, as in a file.
fn plain_paragraphs(s: &str) -> Extracted {
    let mut x = Extracted::default();
    for p in s.split("\n\n") {
        x.push(p);
    }
    x
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin::Path("f.xml".into())
    }

    #[test]
    fn rss_items_with_content_or_summary() {
        let rss = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>News</title>
<item><title>Full</title><guid>a</guid><link>https://example.com/a</link>
<pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate>
<description>Short.</description>
<content:encoded><![CDATA[<p>First &amp; one.</p><script>x()</script><p>Second.</p>]]></content:encoded></item>
<item><title>Teaser</title><guid>b</guid><description>&lt;p&gt;Only this.&lt;/p&gt;</description></item>
<item><title>Nothing</title><guid>c</guid></item>
</channel></rss>"#;
        let f = parse(rss, &origin()).expect("parses");
        assert_eq!(f.title, "News");
        assert_eq!(f.format, Format::Rss);
        assert_eq!(f.empty, 1);
        let (id, a) = &f.items[0];
        assert_eq!(id, "a");
        assert_eq!(a.title, "Full");
        assert_eq!(a.date.as_deref(), Some("2024-01-02"));
        assert_eq!(a.paragraph_text(0), "First & one.");
        assert_eq!(a.paragraph_text(1), "Second.");
        assert!(!a.text().contains("x()"));
        assert!(!a.summary_only);
        assert_eq!(a.link.as_deref(), Some("https://example.com/a"));
        let (_, b) = &f.items[1];
        assert!(b.summary_only);
        assert_eq!(b.paragraph_text(0), "Only this.");
        assert_eq!(b.path.to_string_lossy(), "f.xml#2");
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &lt;b&gt;feed&lt;/b&gt;</title>
<entry><id>urn:1</id><title>One</title><updated>2023-05-06T00:00:00Z</updated>
<content type="html">&lt;p&gt;Said it.&lt;/p&gt;</content></entry>
<entry><id>urn:2</id><title>Two</title><summary>Text summary.</summary></entry></feed>"#;
        let f = parse(atom, &origin()).expect("parses");
        assert_eq!(f.format, Format::Atom);
        assert_eq!(f.title, "A feed");
        assert_eq!(f.items.len(), 2);
        assert_eq!(f.items[0].1.date.as_deref(), Some("2023-05-06"));
        assert_eq!(f.items[0].1.paragraph_text(0), "Said it.");
        assert!(f.items[1].1.summary_only);
    }

    #[test]
    fn not_a_feed_is_one_line() {
        let err = parse("<html><p>x</p></html>", &origin()).expect_err("not a feed");
        assert!(!err.to_string().contains('\n'), "{err}");
    }
}
