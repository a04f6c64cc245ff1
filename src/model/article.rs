//! The article model: one file's text, split into paragraphs that keep byte
//! spans into the original text.
//!
//! Every later layer (attribution, the reader, `sources --json`) points back
//! into [`Article::text`] with byte offsets, so the text is stored exactly as
//! decoded and paragraphs are ranges, never copies. Splitting is one linear
//! pass with the standard library's byte search, so a 10 MB article splits
//! in milliseconds. (Not the `memchr` crate's: on first use it asks the CPU
//! what it supports, which costs 0.1 ms before the first screen in a VM.)

use std::ops::Range;
use std::path::{Path, PathBuf};

/// Why a file cannot be read as an article. The message never includes the
/// path: callers print `whosaid: PATH: reason`.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("file is empty")]
    Empty,
    #[error("file has no text (only whitespace)")]
    Blank,
    #[error("file looks binary (contains NUL bytes)")]
    Binary,
    #[error("not a regular file")]
    NotAFile,
    #[error("too big ({}, the limit is {}; see --max-size)", crate::model::files::human(*.size), crate::model::files::human(*.max))]
    TooBig { size: u64, max: u64 },
    #[error("{0} too big to extract (over {1} MiB)")]
    MarkupTooBig(&'static str, usize),
    #[error("no article text found in this {0}")]
    NoText(&'static str),
    #[error("HTML nested too deeply to read (over {0} levels)")]
    TooDeep(usize),
    /// A feed where one article was wanted (a library lists its items).
    #[error("this is a feed ({0}), not one article")]
    IsFeed(&'static str),
    #[error("not a feed: {0}")]
    BadFeed(String),
    /// A URL that could not be fetched, in one line.
    #[error("{0}")]
    Fetch(String),
}

impl From<crate::model::files::ReadError> for ArticleError {
    fn from(e: crate::model::files::ReadError) -> ArticleError {
        use crate::model::files::ReadError;
        match e {
            ReadError::Io(e) => ArticleError::Io(e),
            ReadError::NotAFile => ArticleError::NotAFile,
            ReadError::TooBig { size, max } => ArticleError::TooBig { size, max },
        }
    }
}

/// The biggest article read unless `--max-size` says otherwise: far above
/// any real article (a long one is 100 KiB), far below what would take a
/// server's memory.
pub const DEFAULT_MAX_SIZE: u64 = 256 << 20;

/// One blank-line-separated paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range of the paragraph's body in [`Article::text`], without the
    /// surrounding whitespace and without leading metadata (`date …`).
    pub span: Range<usize>,
}

/// What an article was written in. Everything but plain text is turned into
/// plain paragraphs by [`crate::model::reading`]; spans point into that extracted
/// text, never into the markup. A feed item's format is its feed's (RSS or
/// Atom); its content was HTML or text inside the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Rss,
    Atom,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Rss => "rss",
            Format::Atom => "atom",
        }
    }

    /// Whether inputs of this format hold many articles.
    pub fn is_feed(self) -> bool {
        matches!(self, Format::Rss | Format::Atom)
    }
}

/// Where an article's bytes came from. A feed item's origin is its feed's;
/// the item's own address is [`Article::link`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Path(PathBuf),
    Url(String),
    Stdin,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Path(p) => write!(f, "{}", p.display()),
            Origin::Url(u) => f.write_str(u),
            Origin::Stdin => f.write_str("-"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Article {
    /// Names the article in messages: the file, the URL, or `-`.
    pub path: PathBuf,
    pub origin: Origin,
    pub format: Format,
    pub title: String,
    /// `YYYY-MM-DD` from a leading `date` token.
    pub date: Option<String>,
    /// Problems that did not stop loading, such as invalid UTF-8.
    pub warnings: Vec<String>,
    /// A feed item's own address (its `<link>`), when it has one.
    pub link: Option<String>,
    /// A feed item that carried only its summary, not the article: the
    /// reader says so in its header.
    pub summary_only: bool,
    text: String,
    paragraphs: Vec<Paragraph>,
    /// Only the start of a bigger file ([`Article::load_start`]).
    is_start: bool,
}

impl Article {
    /// Reads and parses a file of at most [`DEFAULT_MAX_SIZE`].
    pub fn load(path: &Path) -> Result<Article, ArticleError> {
        Article::load_limited(path, DEFAULT_MAX_SIZE)
    }

    /// Reads and parses a file of at most `max` bytes. Refuses anything that
    /// is not a regular file so a FIFO or device cannot hang the reader
    /// ([`crate::model::files`]). Markup (HTML, Markdown) is recognised by name or
    /// content and extracted ([`crate::model::reading`]); plain text is taken as
    /// it is.
    pub fn load_limited(path: &Path, max: u64) -> Result<Article, ArticleError> {
        match crate::model::reading::read_file(path, max)? {
            crate::model::reading::Input::Article(a) => Ok(a),
            crate::model::reading::Input::Feed(f) => Err(ArticleError::IsFeed(f.format.as_str())),
        }
    }

    /// The first part of a big file, to show while the rest is read: about
    /// `max_bytes`, cut after the last blank line in them so that every
    /// paragraph is whole and has the span it has in the whole article.
    /// `None` when the file is no bigger than `max_bytes` (load it whole),
    /// or when its start has no blank line or looks binary (the whole load
    /// says why).
    pub fn load_start(path: &Path, max_bytes: usize) -> Result<Option<Article>, ArticleError> {
        Article::load_start_limited(path, max_bytes, DEFAULT_MAX_SIZE)
    }

    /// [`Article::load_start`] of a file of at most `limit` bytes: a bigger
    /// one is refused before anything is read, as the whole load would be.
    pub fn load_start_limited(
        path: &Path,
        max_bytes: usize,
        limit: u64,
    ) -> Result<Option<Article>, ArticleError> {
        use std::io::Read;
        let (file, len) = crate::model::files::open_regular(path, limit)?;
        if len <= max_bytes as u64 {
            return Ok(None);
        }
        let mut bytes = Vec::with_capacity(max_bytes);
        file.take(max_bytes as u64).read_to_end(&mut bytes)?;
        // Markup is extracted whole: its start is not the start of its text.
        if crate::model::reading::sniff(path, &bytes) != Format::Text {
            return Ok(None);
        }
        let Some(cut) = last_paragraph_break(&bytes) else {
            return Ok(None);
        };
        bytes.truncate(cut);
        if bytes.contains(&0) {
            return Ok(None);
        }
        let mut start = Article::from_bytes(path, bytes)?;
        start.is_start = true;
        Ok(Some(start))
    }

    /// Parses bytes as an article; `path` only names it (and gives the
    /// fallback title).
    pub fn parse(path: impl Into<PathBuf>, bytes: &[u8]) -> Result<Article, ArticleError> {
        Article::from_bytes(path, bytes.to_vec())
    }

    /// [`Article::parse`] taking the bytes: valid UTF-8 becomes the text
    /// without a copy, which matters for a 10 MB article.
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Result<Article, ArticleError> {
        let path = path.into();
        if bytes.is_empty() {
            return Err(ArticleError::Empty);
        }
        if bytes.contains(&0) {
            return Err(ArticleError::Binary);
        }
        let mut warnings = Vec::new();
        let text = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                warnings.push("invalid UTF-8 replaced with U+FFFD".to_owned());
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        if text.trim().is_empty() {
            return Err(ArticleError::Blank);
        }
        let mut paragraphs: Vec<Paragraph> = split_paragraphs(&text)
            .map(|span| Paragraph { span })
            .collect();
        let mut title = None;
        let mut date = None;
        if let Some(first) = paragraphs.first_mut() {
            let meta = strip_metadata(&text, first.span.clone());
            title = meta.title;
            date = meta.date;
            first.span = meta.body;
        }
        let title = title.unwrap_or_else(|| title_from_path(&path));
        Ok(Article {
            origin: Origin::Path(path.clone()),
            format: Format::Text,
            path,
            title,
            date,
            warnings,
            link: None,
            summary_only: false,
            text,
            paragraphs,
            is_start: false,
        })
    }

    /// An article whose text was extracted from markup: `spans` are its
    /// paragraphs in `text`, in order and not overlapping.
    pub fn from_extracted(
        path: impl Into<PathBuf>,
        origin: Origin,
        format: Format,
        text: String,
        spans: Vec<Range<usize>>,
        title: Option<String>,
        date: Option<String>,
    ) -> Article {
        let path = path.into();
        let title = title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| title_from_path(&path));
        Article {
            path,
            origin,
            format,
            title,
            date,
            warnings: Vec::new(),
            link: None,
            summary_only: false,
            text,
            paragraphs: spans.into_iter().map(|span| Paragraph { span }).collect(),
            is_start: false,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether this is only the start of a bigger file, shown while the
    /// rest is read: counts such as the number of paragraphs are not final.
    pub fn is_start(&self) -> bool {
        self.is_start
    }

    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// The body text of paragraph `index`.
    ///
    /// # Panics
    /// When `index` is out of range, like slice indexing.
    pub fn paragraph_text(&self, index: usize) -> &str {
        &self.text[self.paragraphs[index].span.clone()]
    }

    /// The paragraph containing byte `offset`, if any.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.span.end <= offset);
        (i < self.paragraphs.len() && self.paragraphs[i].span.start <= offset).then_some(i)
    }
}

/// The end of the last whitespace-only line in `bytes` (after its `\n`)
/// that follows a line with text: everything before it is whole
/// paragraphs, split as in the whole text.
fn last_paragraph_break(bytes: &[u8]) -> Option<usize> {
    let mut newlines = bytes
        .iter()
        .enumerate()
        .rev()
        .filter_map(|(i, &b)| (b == b'\n').then_some(i));
    let mut end = newlines.next()?;
    for start in newlines {
        let line = &bytes[start + 1..end];
        if line.iter().all(u8::is_ascii_whitespace)
            && bytes[..start].iter().any(|b| !b.is_ascii_whitespace())
        {
            return Some(end + 1);
        }
        end = start;
    }
    None
}

/// Yields the trimmed byte range of each paragraph. A line holding only
/// whitespace separates paragraphs, as does any run of such lines.
fn split_paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() {
            let line_end = text[pos..].find('\n').map_or(bytes.len(), |i| pos + i);
            let line = &text[pos..line_end];
            let line_start = pos;
            pos = line_end + 1;
            if line.trim().is_empty() {
                if let Some(s) = start.take() {
                    return Some(trim_span(text, s..last_end));
                }
            } else {
                if start.is_none() {
                    start = Some(line_start);
                }
                last_end = line_end;
            }
        }
        start.take().map(|s| trim_span(text, s..last_end))
    })
}

fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let s = &text[span.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    span.start + lead..span.end - trail
}

struct Metadata {
    title: Option<String>,
    date: Option<String>,
    body: Range<usize>,
}

/// Peels a leading `title: …` line and a leading `date YYYY-MM-DD` token off
/// the first paragraph. If that leaves nothing, the paragraph keeps an empty
/// span so paragraph numbers still match the file.
fn strip_metadata(text: &str, mut body: Range<usize>) -> Metadata {
    let mut title = None;
    let mut date = None;
    let para = &text[body.clone()];
    if let Some(rest) = para
        .strip_prefix("title:")
        .or_else(|| para.strip_prefix("Title:"))
    {
        let line_len = rest.find('\n').unwrap_or(rest.len());
        let t = rest[..line_len].trim();
        if !t.is_empty() {
            title = Some(t.to_owned());
        }
        body = trim_span(text, body.start + "title:".len() + line_len..body.end);
    }
    let para = &text[body.clone()];
    if let Some(rest) = para.strip_prefix("date") {
        let after = rest.trim_start();
        // `get` rather than slicing: byte 10 may fall inside a character.
        if let Some(d) = after.get(..10).filter(|d| is_iso_date(d)) {
            let tail = &after[10..];
            if tail.is_empty() || tail.starts_with(char::is_whitespace) {
                date = Some(d.to_owned());
                let consumed = para.len() - tail.len();
                body = trim_span(text, body.start + consumed..body.end);
            }
        }
    }
    Metadata { title, date, body }
}

pub(crate) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// `2024-03-24-kyiv-lviv-strikes.txt` → `Kyiv lviv strikes`; the date part
/// is dropped because the header shows the date on its own.
fn title_from_path(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut s = stem.as_str();
    if s.len() >= 11 && s.get(..10).is_some_and(is_iso_date) {
        s = &s[10..];
    }
    let words: Vec<&str> = s.split(['-', '_', ' ']).filter(|w| !w.is_empty()).collect();
    let mut out = words.join(" ");
    if let Some(first) = out.get(..1) {
        out = first.to_uppercase() + &out[1..];
    }
    if out.is_empty() { stem } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Article {
        Article::parse("a.txt", s.as_bytes()).expect("parses")
    }

    #[test]
    fn splits_on_blank_and_whitespace_lines() {
        let a = parse("one\ntwo\n\nthree\n \t \n\n four \n");
        let texts: Vec<&str> = (0..a.paragraphs().len())
            .map(|i| a.paragraph_text(i))
            .collect();
        assert_eq!(texts, ["one\ntwo", "three", "four"]);
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let src = "alpha beta\n\n  gamma\n";
        let a = parse(src);
        assert_eq!(&src[a.paragraphs()[1].span.clone()], "gamma");
        assert_eq!(a.paragraph_at(a.paragraphs()[1].span.start + 2), Some(1));
        assert_eq!(a.paragraph_at(11), None);
    }

    #[test]
    fn leading_date_is_metadata() {
        let a = parse(" date 2024-03-24 Deadly strikes.\n\nSecond.");
        assert_eq!(a.date.as_deref(), Some("2024-03-24"));
        assert_eq!(a.paragraph_text(0), "Deadly strikes.");
        assert_eq!(a.paragraphs().len(), 2);
    }

    #[test]
    fn date_needs_a_real_date() {
        let a = parse("dated 2024 was a year.");
        assert_eq!(a.date, None);
        assert_eq!(a.paragraph_text(0), "dated 2024 was a year.");
    }

    #[test]
    fn title_line_or_file_name() {
        let a = parse("title: Big News\ndate 2020-01-02\nBody here.\n\nMore.");
        assert_eq!(a.title, "Big News");
        assert_eq!(a.date.as_deref(), Some("2020-01-02"));
        assert_eq!(a.paragraph_text(0), "Body here.");
        let b = Article::parse("content/2024-03-24-kyiv-lviv-strikes.txt", b"x").expect("ok");
        assert_eq!(b.title, "Kyiv lviv strikes");
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(matches!(Article::parse("e", b""), Err(ArticleError::Empty)));
        assert!(matches!(
            Article::parse("e", b" \n\t\n"),
            Err(ArticleError::Blank)
        ));
        assert!(matches!(
            Article::parse("e", b"ab\0cd"),
            Err(ArticleError::Binary)
        ));
    }

    #[test]
    fn invalid_utf8_is_lossy_with_a_warning() {
        let a = Article::parse("x", b"caf\xe9 ok").expect("ok");
        assert_eq!(a.paragraph_text(0), "caf\u{fffd} ok");
        assert_eq!(a.warnings.len(), 1);
    }

    #[test]
    fn crlf_line_endings() {
        let a = parse("one\r\n\r\ntwo\r\n");
        assert_eq!(a.paragraphs().len(), 2);
        assert_eq!(a.paragraph_text(1), "two");
    }
}
