//! The reading layer: any input (a file, standard input, a fetched page)
//! becomes the same [`Article`], whatever it was written in. It owns
//! recognising the format (by extension, and by content when the name says
//! nothing) and turning markup into plain paragraphs, so that the engine,
//! the reader, `sources` and `serve` never see a tag.
//!
//! Plain text goes through [`Article::from_bytes`] untouched, so its spans
//! stay offsets into the file. Markup is extracted into a text of its own
//! (paragraphs joined by blank lines) and spans point into that.

mod charset;
pub mod feed;
pub mod fetch;
mod html;
mod markdown;

use std::path::Path;

use crate::model::article::{Article, ArticleError, Format, Origin};

pub use feed::Feed;

/// Markup bigger than this is refused before it is parsed: a parser's
/// memory grows with the document, and no news page is near it.
pub const MAX_MARKUP_BYTES: usize = 20 * 1024 * 1024;

/// How much of the start the content sniffer looks at.
const SNIFF_BYTES: usize = 1024;

/// What an input turned out to be: one article, or a feed of many.
#[derive(Debug)]
pub enum Input {
    Article(Article),
    Feed(Feed),
}

/// What a fetched input's server said about it, which overrides what its
/// name suggests (see [`read_any`]).
#[derive(Debug, Default, Clone)]
pub struct Hint {
    /// The format its content type names, if it names one we read.
    pub format: Option<Format>,
    /// The `charset` of its content type.
    pub charset: Option<String>,
}

/// Reads standard input whole, at most `max` bytes (and at most
/// [`MAX_MARKUP_BYTES`] when it turns out to be markup), as an article or
/// a feed.
pub fn read_stdin(max: u64) -> Result<Input, ArticleError> {
    let bytes = crate::model::files::read_limited(std::io::stdin().lock(), max, 0)?;
    read_any(bytes, Origin::Stdin, &Hint::default())
}

/// Reads the file at `path` (a regular file of at most `max` bytes) as an
/// article or a feed. Its format is known from its name and first bytes
/// before the rest is read, so markup over [`MAX_MARKUP_BYTES`] (a 2 GB
/// page) is refused by its size, before a byte more is read or parsed.
pub fn read_file(path: &Path, max: u64) -> Result<Input, ArticleError> {
    use std::io::Read;
    let (mut file, len) = crate::model::files::open_regular(path, max)?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut bytes)?;
    let format = sniff(path, &bytes);
    let markup_max = MAX_MARKUP_BYTES as u64;
    if format != Format::Text && len > markup_max {
        return Err(ArticleError::MarkupTooBig(
            format.as_str(),
            MAX_MARKUP_BYTES >> 20,
        ));
    }
    let limit = if format == Format::Text {
        max
    } else {
        max.min(markup_max)
    };
    bytes.reserve(
        usize::try_from(len)
            .unwrap_or(0)
            .saturating_sub(bytes.len()),
    );
    let have = bytes.len() as u64;
    // One byte past the limit, to tell a file that grew meanwhile.
    file.take((limit + 1).saturating_sub(have))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(if format == Format::Text {
            ArticleError::TooBig {
                size: bytes.len() as u64,
                max,
            }
        } else {
            ArticleError::MarkupTooBig(format.as_str(), MAX_MARKUP_BYTES >> 20)
        });
    }
    read_any(bytes, Origin::Path(path.to_owned()), &Hint::default())
}

/// Makes an article of `bytes` that came from `origin`, its format sniffed
/// from the origin's name and the bytes. A feed is an error here: callers
/// that can list its items use [`read_any`].
pub fn read(bytes: Vec<u8>, origin: Origin) -> Result<Article, ArticleError> {
    match read_any(bytes, origin, &Hint::default())? {
        Input::Article(a) => Ok(a),
        Input::Feed(f) => Err(ArticleError::IsFeed(f.format.as_str())),
    }
}

/// Makes an article or a feed of `bytes` from `origin`. The format comes
/// from the content when it says plainly what it is (a feed's root
/// element, an HTML document), else from `hint` (a server's content type),
/// else from the name; the charset likewise ([`charset`]).
pub fn read_any(bytes: Vec<u8>, origin: Origin, hint: &Hint) -> Result<Input, ArticleError> {
    let name = name_of(&origin);
    // A file's name is its owner's word; a server's label or a URL's
    // ending is weaker than content that names its own kind.
    let format = match (&origin, hint.format) {
        (Origin::Path(_), _) => sniff(&name, &bytes),
        (_, Some(h)) => sniff_content(&bytes).unwrap_or(h),
        (_, None) => sniff_content(&bytes).unwrap_or_else(|| sniff(&name, &bytes)),
    };
    if format != Format::Text && bytes.len() > MAX_MARKUP_BYTES {
        return Err(ArticleError::MarkupTooBig(
            format.as_str(),
            MAX_MARKUP_BYTES >> 20,
        ));
    }
    if bytes.is_empty() {
        return Err(ArticleError::Empty);
    }
    if format.is_feed() {
        let (mut text, warning) = charset::decode(&bytes, hint.charset.as_deref());
        drop(bytes);
        charset::drop_xml_encoding(&mut text);
        let mut f = feed::parse(&text, &origin)?;
        if let Some(w) = warning {
            for (_, a) in &mut f.items {
                a.warnings.push(w.clone());
            }
        }
        return Ok(Input::Feed(f));
    }
    read_as(bytes, origin, format, hint.charset.as_deref()).map(Input::Article)
}

fn name_of(origin: &Origin) -> std::path::PathBuf {
    match origin {
        Origin::Path(p) => p.clone(),
        Origin::Url(u) => std::path::PathBuf::from(u.split(['?', '#']).next().unwrap_or(u)),
        Origin::Stdin => std::path::PathBuf::from("-"),
    }
}

fn read_as(
    bytes: Vec<u8>,
    origin: Origin,
    format: Format,
    declared: Option<&str>,
) -> Result<Article, ArticleError> {
    let name = name_of(&origin);
    let display = match &origin {
        Origin::Url(u) => std::path::PathBuf::from(u),
        _ => name.clone(),
    };
    if format == Format::Text {
        // A file is taken as it is (its spans are offsets into it); only a
        // server that names another charset makes us decode it first.
        let bytes = match declared.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes())) {
            Some(e) if e != encoding_rs::UTF_8 => charset::decode(&bytes, declared).0.into_bytes(),
            _ => bytes,
        };
        let mut a = Article::from_bytes(display, bytes)?;
        if origin == Origin::Stdin && a.title == "-" {
            "Standard input".clone_into(&mut a.title);
        }
        a.origin = origin;
        return Ok(a);
    }
    let (text, warning) = charset::decode(&bytes, declared);
    drop(bytes);
    let extracted = if format == Format::Markdown {
        markdown::extract(&text)
    } else {
        let max = html::MAX_PARSE_DEPTH;
        if html::nesting_depth(&text, max + 1) > max {
            return Err(ArticleError::TooDeep(max));
        }
        html::extract(&text)
    };
    if extracted.spans.is_empty() {
        return Err(ArticleError::NoText(format.as_str()));
    }
    let title = extracted
        .title
        .or_else(|| (origin == Origin::Stdin).then(|| "Standard input".to_owned()));
    let mut a = Article::from_extracted(
        display,
        origin,
        format,
        extracted.text,
        extracted.spans,
        title,
        extracted.date,
    );
    a.warnings.extend(warning);
    Ok(a)
}

/// What an extractor found: paragraphs joined into one text, with spans.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub text: String,
    pub spans: Vec<std::ops::Range<usize>>,
    pub title: Option<String>,
    pub date: Option<String>,
}

impl Extracted {
    /// Adds one paragraph (skipped when blank), separated from the one
    /// before by a blank line so the text reads like a `.txt` article.
    pub fn push(&mut self, para: &str) {
        let para = para.trim_matches(|c: char| c.is_ascii_whitespace());
        if para.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        self.text.push_str(para);
        self.spans.push(start..self.text.len());
    }
}

/// The format of an input, from its name first and then its first bytes.
/// A `.txt` file is text unless it plainly starts as an HTML document, so
/// that no plain article changes meaning; a name that says nothing (standard
/// input, a URL without an extension) is sniffed for HTML, then Markdown.
pub fn sniff(name: &Path, head: &[u8]) -> Format {
    let ext = name
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let content = sniff_content(head);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => return Format::Html,
        Some("md" | "markdown" | "mdown" | "mkd") => return Format::Markdown,
        Some("rss" | "rdf") => return content.filter(|f| f.is_feed()).unwrap_or(Format::Rss),
        Some("atom") => return content.filter(|f| f.is_feed()).unwrap_or(Format::Atom),
        // An .xml file in a folder of articles is taken for a feed; reading
        // it says so if it is not one.
        Some("xml") => return content.unwrap_or(Format::Rss),
        _ => {}
    }
    if let Some(f) = content {
        return f;
    }
    // Only the start matters, however much the caller has read.
    let head = String::from_utf8_lossy(&head[..head.len().min(SNIFF_BYTES)]);
    let start = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if ext.as_deref() == Some("txt") {
        return Format::Text;
    }
    if looks_like_markdown(start) {
        return Format::Markdown;
    }
    Format::Text
}

/// What the first bytes plainly say: a feed's root element (after an XML
/// declaration and comments), or the start of an HTML document.
fn sniff_content(head: &[u8]) -> Option<Format> {
    let head = String::from_utf8_lossy(&head[..head.len().min(SNIFF_BYTES)]);
    let start = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if let Some(root) = first_element(start) {
        let root = root.to_ascii_lowercase();
        match root.as_str() {
            "rss" | "rdf:rdf" => return Some(Format::Rss),
            "feed" => return Some(Format::Atom),
            "html" => return Some(Format::Html),
            _ => {}
        }
    }
    looks_like_html(start).then_some(Format::Html)
}

/// The name of the first element of an XML document, skipping its
/// declaration, processing instructions, comments and doctype; `None` when
/// `s` does not start as XML does.
fn first_element(mut s: &str) -> Option<&str> {
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("<?") {
            s = &rest[rest.find("?>")? + 2..];
        } else if let Some(rest) = s.strip_prefix("<!--") {
            s = &rest[rest.find("-->")? + 3..];
        } else if let Some(rest) = s.strip_prefix("<!") {
            // A doctype with an internal subset ends at `]>`.
            let close = rest.find('>')?;
            s = if rest[..close].contains('[') {
                &rest[rest.find("]>")? + 2..]
            } else {
                &rest[close + 1..]
            };
        } else if let Some(rest) = s.strip_prefix('<') {
            let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            return Some(&rest[..end]).filter(|n| !n.is_empty());
        } else {
            return None;
        }
    }
}

fn looks_like_html(start: &str) -> bool {
    let lower: String = start
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<!--",
        "<article",
        "<meta ",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

fn looks_like_markdown(start: &str) -> bool {
    let first = start.lines().next().unwrap_or("");
    first.trim_end() == "---"
        || first.starts_with("# ")
        || first.starts_with("## ")
        || first.starts_with("> ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_extension_then_content() {
        assert_eq!(sniff(Path::new("a.html"), b"hello"), Format::Html);
        assert_eq!(sniff(Path::new("a.md"), b"hello"), Format::Markdown);
        assert_eq!(sniff(Path::new("a.txt"), b"# not a heading"), Format::Text);
        assert_eq!(
            sniff(Path::new("a.txt"), b"\n<!DOCTYPE html><p>x"),
            Format::Html
        );
        assert_eq!(
            sniff(Path::new("-"), b"---\ntitle: x\n---\n"),
            Format::Markdown
        );
        assert_eq!(sniff(Path::new("-"), b"<html><p>x"), Format::Html);
        assert_eq!(
            sniff(Path::new("-"), b"date 2020-01-01 Plain."),
            Format::Text
        );
    }

    #[test]
    fn plain_text_goes_through_unchanged() {
        let src = "date 2020-01-02 One.\n\nTwo \"quoted\".\n";
        let a = read(src.as_bytes().to_vec(), Origin::Stdin).expect("reads");
        assert_eq!(a.text(), src);
        assert_eq!(a.format, Format::Text);
        assert_eq!(a.origin, Origin::Stdin);
        assert_eq!(a.title, "Standard input");
        assert_eq!(a.paragraph_text(1), "Two \"quoted\".");
    }

    #[test]
    fn markup_over_the_limit_is_refused() {
        let mut big = b"<html><p>".to_vec();
        big.resize(MAX_MARKUP_BYTES + 1, b'a');
        let err = read(big, Origin::Stdin).expect_err("too big");
        assert!(
            matches!(err, ArticleError::MarkupTooBig("html", _)),
            "{err}"
        );
    }

    #[test]
    fn markup_without_text_is_an_error() {
        let err = read(b"<html><script>x()</script></html>".to_vec(), Origin::Stdin)
            .expect_err("no text");
        assert!(matches!(err, ArticleError::NoText("html")), "{err}");
    }
}
