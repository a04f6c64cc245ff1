//! Fetching a page or a feed by URL, with `ureq` (a blocking client: the
//! reader fetches from its own worker, `serve` at start and on its
//! operator's signal, so nothing here needs an async runtime) over rustls.
//!
//! A server is as untrusted as a file: every wait is bounded (connect,
//! each read, the whole fetch), redirects are followed at most
//! [`MAX_REDIRECTS`] times, the body (after gzip) is refused past
//! [`super::MAX_MARKUP_BYTES`], and every failure is one line for
//! `whosaid: URL: reason`. The content type picks the format unless the
//! content plainly says otherwise, and its charset is honoured
//! ([`super::charset`]).

use std::time::Duration;

use super::{Hint, Input};
use crate::model::article::{ArticleError, Format, Origin};

/// Redirects followed before a fetch gives up, as the issue asks (browsers
/// allow 20; a news link needs one or two).
pub const MAX_REDIRECTS: u32 = 5;

/// Default wait for a server that says nothing (to connect, or between two
/// reads of its answer).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// How long a fetch may wait and how much it may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// For the connection, and again for each read of the answer: a
    /// stalled server is given up after this much silence.
    pub timeout: Duration,
    /// The body, after decompression, is refused past this.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout: DEFAULT_TIMEOUT,
            max_bytes: super::MAX_MARKUP_BYTES as u64,
        }
    }
}

impl Limits {
    /// The whole fetch, however the server trickles: four silences' worth.
    pub fn total(&self) -> Duration {
        self.timeout.saturating_mul(4)
    }
}

/// Whether a command-line argument names a URL rather than a file.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// `--timeout`: whole or fractional seconds, more than none.
pub fn parse_secs(s: &str) -> Result<std::time::Duration, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0 && *v <= 86_400.0)
        .map(std::time::Duration::from_secs_f64)
        .ok_or_else(|| format!("`{s}`: expected a number of seconds such as 15 or 0.5"))
}

/// Fetches `url` and reads what came as an article or a feed. Errors are
/// one line, without the URL (the caller names it).
pub fn fetch(url: &str, limits: &Limits) -> Result<Input, ArticleError> {
    let (bytes, hint) = get(url, limits).map_err(ArticleError::Fetch)?;
    super::read_any(bytes, Origin::Url(url.to_owned()), &hint)
}

/// The body of `url` and what its headers say of it.
fn get(url: &str, limits: &Limits) -> Result<(Vec<u8>, Hint), String> {
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(limits.timeout))
        .timeout_per_read(Some(limits.timeout))
        .timeout_global(Some(limits.total()))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!("whosaid/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent: ureq::Agent = config.into();
    let mut response = agent
        .get(url)
        .header(
            "Accept",
            "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, \
             text/markdown;q=0.9, text/plain;q=0.8, */*;q=0.5",
        )
        .call()
        .map_err(|e| reason(&e, limits))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!(
            "HTTP {}{}",
            status.as_u16(),
            status
                .canonical_reason()
                .map(|r| format!(" {r}"))
                .unwrap_or_default()
        ));
    }
    let body = response.body_mut();
    let mime = body.mime_type().map(str::to_ascii_lowercase);
    let hint = Hint {
        format: match mime.as_deref() {
            Some(m) => format_of(m)?,
            None => None,
        },
        charset: body.charset().map(str::to_owned),
    };
    let bytes = body
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|e| reason(&e, limits))?;
    Ok((bytes, hint))
}

/// The format a content type names; `None` for types that say nothing
/// useful (`application/xml`, `application/octet-stream`), where the
/// content is sniffed; an error for what is plainly not an article.
fn format_of(mime: &str) -> Result<Option<Format>, String> {
    Ok(match mime {
        "text/html" | "application/xhtml+xml" => Some(Format::Html),
        "application/rss+xml" | "application/rdf+xml" => Some(Format::Rss),
        "application/atom+xml" => Some(Format::Atom),
        "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
        "text/plain" => Some(Format::Text),
        m if ["image/", "audio/", "video/", "font/", "model/"]
            .iter()
            .any(|p| m.starts_with(p))
            || matches!(
                m,
                "application/pdf" | "application/zip" | "application/gzip" | "application/wasm"
            ) =>
        {
            return Err(format!(
                "not an article or a feed (content type {})",
                crate::model::text::visible(m)
            ));
        }
        _ => None,
    })
}

/// One line saying why a fetch failed.
fn reason(e: &ureq::Error, limits: &Limits) -> String {
    use std::io::ErrorKind;
    let secs = limits.timeout.as_secs_f64();
    match e {
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => "connection refused".to_owned(),
            ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
                "connection reset by the server".to_owned()
            }
            ErrorKind::TimedOut | ErrorKind::WouldBlock => {
                format!("timed out (no answer for {secs} s)")
            }
            ErrorKind::UnexpectedEof => "the server closed the connection mid-answer".to_owned(),
            // The resolver's own words, which vary by system.
            _ if io.to_string().contains("lookup address") => "host not found".to_owned(),
            _ => one_line(&io.to_string()),
        },
        ureq::Error::Timeout(ureq::Timeout::Global) => format!(
            "timed out (the whole fetch took over {} s)",
            limits.total().as_secs_f64()
        ),
        ureq::Error::Timeout(_) => format!("timed out (no answer for {secs} s)"),
        ureq::Error::HostNotFound => "host not found".to_owned(),
        ureq::Error::TooManyRedirects => format!("too many redirects (over {MAX_REDIRECTS})"),
        ureq::Error::BodyExceedsLimit(_) => format!(
            "too big (over {}, the most a page or feed may be)",
            crate::model::files::human(limits.max_bytes)
        ),
        ureq::Error::Decompress(_, io) => {
            format!("broken compressed body ({})", one_line(&io.to_string()))
        }
        ureq::Error::BadUri(_) => "not a valid URL".to_owned(),
        ureq::Error::ConnectionFailed => "could not connect".to_owned(),
        ureq::Error::Protocol(p) => {
            format!("not a valid HTTP answer ({})", one_line(&p.to_string()))
        }
        other => one_line(&other.to_string()),
    }
}

fn one_line(s: &str) -> String {
    crate::model::text::visible(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.com/a"));
        assert!(is_url("HTTP://x"));
        assert!(!is_url("http.txt"));
        assert!(!is_url("content/a.html"));
        assert!(!is_url("ftp://x"));
    }

    #[test]
    fn content_types() {
        assert_eq!(format_of("text/html"), Ok(Some(Format::Html)));
        assert_eq!(format_of("application/atom+xml"), Ok(Some(Format::Atom)));
        assert_eq!(format_of("application/xml"), Ok(None));
        assert!(format_of("image/png").is_err_and(|e| e.contains("image/png")));
    }
}
