//! URLs against a real HTTP server on 127.0.0.1, started by each test: a
//! `std::net` thread that answers a few routes the way real servers go wrong
//! (a redirect, a redirect loop, gzip, a wrong content type, a 404, a
//! server that never answers, a truncated gzip body, a Latin-1 page). Each
//! case gives the right article or a one-line error, within its timeout.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use whosaid::library::Library;
use whosaid::model::reading::fetch::Limits;

const SEED_TXT: &str = "content/2024-03-24-kyiv-lviv-strikes.txt";
const SEED_HTML: &str = "tests/fixtures/inputs/seed.html";
const FEED: &str = "tests/fixtures/inputs/feed.rss";

/// A test server: answers on its own threads until dropped. Every wait in
/// it is bounded, so it ends by itself even if a test dies.
pub(crate) struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    /// Requests for the growing feed so far.
    feed_hits: Arc<AtomicUsize>,
}

impl Server {
    pub(crate) fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
        let addr = listener.local_addr().expect("addr");
        let stop = Arc::new(AtomicBool::new(false));
        let feed_hits = Arc::new(AtomicUsize::new(0));
        let (s, hits) = (Arc::clone(&stop), Arc::clone(&feed_hits));
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (s, hits) = (Arc::clone(&s), Arc::clone(&hits));
                std::thread::spawn(move || answer(conn, &s, &hits));
            }
        });
        Server {
            addr,
            stop,
            feed_hits,
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("gzips");
    e.finish().expect("gzips")
}

fn answer(mut conn: TcpStream, stop: &AtomicBool, feed_hits: &AtomicUsize) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let mut req = Vec::new();
    let mut buf = [0u8; 1024];
    while !req.windows(4).any(|w| w == b"\r\n\r\n") && req.len() < 65536 {
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&req);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let read = |p: &str| std::fs::read(p).expect("fixture");
    let (status, headers, body): (&str, Vec<String>, Vec<u8>) = match path.as_str() {
        "/page" => (
            "200 OK",
            vec!["Content-Type: text/html; charset=utf-8".into()],
            read(SEED_HTML),
        ),
        "/moved" => ("302 Found", vec!["Location: /page".into()], Vec::new()),
        "/loop" => ("302 Found", vec!["Location: /loop".into()], Vec::new()),
        "/gzip" => (
            "200 OK",
            vec![
                "Content-Type: text/html".into(),
                "Content-Encoding: gzip".into(),
            ],
            gzip(&read(SEED_HTML)),
        ),
        "/truncated-gzip" => {
            let mut z = gzip(&read(SEED_HTML));
            z.truncate(z.len() / 2);
            (
                "200 OK",
                vec![
                    "Content-Type: text/html".into(),
                    "Content-Encoding: gzip".into(),
                ],
                z,
            )
        }
        // A page labelled as plain text (and one labelled as bytes): the
        // content says it is HTML.
        "/wrong-type" => (
            "200 OK",
            vec!["Content-Type: text/plain".into()],
            read(SEED_HTML),
        ),
        "/octets" => (
            "200 OK",
            vec!["Content-Type: application/octet-stream".into()],
            read(SEED_HTML),
        ),
        // 25 MiB of spaces in 25 kB of gzip: the limit is on what it
        // decompresses to.
        "/gzip-bomb" => (
            "200 OK",
            vec![
                "Content-Type: text/html".into(),
                "Content-Encoding: gzip".into(),
            ],
            {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                let chunk = vec![b' '; 1 << 20];
                for _ in 0..25 {
                    e.write_all(&chunk).expect("gzips");
                }
                e.finish().expect("gzips")
            },
        ),
        "/image" => (
            "200 OK",
            vec!["Content-Type: image/png".into()],
            b"\x89PNG\r\n".to_vec(),
        ),
        "/feed" => (
            "200 OK",
            vec!["Content-Type: application/rss+xml".into()],
            read(FEED),
        ),
        "/growing-feed" => {
            // The first answer has one item fewer, as a feed before news.
            let n = feed_hits.fetch_add(1, Ordering::SeqCst);
            let feed = String::from_utf8(read(FEED)).expect("utf-8");
            let feed = if n == 0 {
                let cut = feed.rfind("  <item>").expect("items");
                let end = feed.rfind("</channel>").expect("end");
                format!("{}{}", &feed[..cut], &feed[end..])
            } else {
                feed
            };
            (
                "200 OK",
                vec!["Content-Type: application/rss+xml".into()],
                feed.into_bytes(),
            )
        }
        "/latin1" => {
            let page = format!(
                "<html><head><title>Caf\u{e9}</title></head><body><article>{}</article></body></html>",
                "<p>The caf\u{e9} owner, Ren\u{e9}e Dubois, said: \u{ab}We stay open.\u{bb} It was a long day for everyone in the street.</p>"
                    .repeat(4)
            );
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
            (
                "200 OK",
                vec!["Content-Type: text/html; charset=ISO-8859-1".into()],
                bytes.into_owned(),
            )
        }
        "/stall" => {
            // Says nothing, until the test is over or 30 s have passed.
            let start = Instant::now();
            while !stop.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(30) {
                std::thread::sleep(Duration::from_millis(50));
            }
            return;
        }
        _ => (
            "404 Not Found",
            vec!["Content-Type: text/html".into()],
            b"<h1>Not found</h1>".to_vec(),
        ),
    };
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for h in headers {
        out.push_str(&h);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    let _ = conn.write_all(out.as_bytes());
    let _ = conn.write_all(&body);
}

fn whosaid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

/// `sources --json` on `what`: the source names, or the error line.
fn names(what: &str) -> Result<Vec<String>, String> {
    let out = whosaid(&["sources", "--json", "--timeout", "2", what]);
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(crate::json::parse(&out.stdout)
        .sources
        .into_iter()
        .map(|s| s.name)
        .collect())
}

fn one_line_error(err: &str, url: &str, reason: &str) {
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with(&format!("whosaid: {url}: ")), "{err:?}");
    assert!(err.contains(reason), "{reason:?} in {err:?}");
}

#[test]
fn pages_come_through_redirects_gzip_and_wrong_labels() {
    let server = Server::start();
    let want = names(SEED_TXT).expect("the text");
    assert!(want.len() >= 5, "{want:?}");
    for path in ["/page", "/moved", "/gzip", "/wrong-type", "/octets"] {
        assert_eq!(names(&server.url(path)), Ok(want.clone()), "{path}");
    }
    let out = whosaid(&["sources", "--json", &server.url("/moved")]);
    let v = crate::json::parse(&out.stdout);
    assert_eq!(v.article.format, "html");
    assert_eq!(v.article.path, server.url("/moved"));
}

#[test]
fn failures_are_one_line_each() {
    let server = Server::start();
    for (path, reason) in [
        ("/nothing-here", "HTTP 404 Not Found"),
        ("/loop", "too many redirects"),
        (
            "/image",
            "not an article or a feed (content type image/png)",
        ),
    ] {
        let url = server.url(path);
        let err = names(&url).expect_err(path);
        one_line_error(&err, &url, reason);
    }
    // Nobody listening.
    let closed = TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}/", closed.local_addr().expect("addr"));
    drop(closed);
    one_line_error(
        &names(&url).expect_err("refused"),
        &url,
        "connection refused",
    );
}

#[test]
fn bodies_over_the_limit_are_refused_after_decompression() {
    let server = Server::start();
    let url = server.url("/gzip-bomb");
    one_line_error(
        &names(&url).expect_err("too big"),
        &url,
        "too big (over 20 MiB",
    );
    // The same limit, lowered, on a page that fits the default.
    let small = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    let err = whosaid::model::reading::fetch::fetch(&server.url("/page"), &small)
        .expect_err("over 1000 bytes");
    assert!(err.to_string().starts_with("too big"), "{err}");
}

#[test]
fn a_stalled_server_is_given_up_within_the_timeout() {
    let server = Server::start();
    let url = server.url("/stall");
    let start = Instant::now();
    let err = names(&url).expect_err("stalls");
    // --timeout 2: well before the server's own 30 s.
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    one_line_error(&err, &url, "timed out");
}

#[test]
fn a_truncated_gzip_body_is_an_error_not_a_hang() {
    let server = Server::start();
    let url = server.url("/truncated-gzip");
    let out = whosaid(&["sources", "--timeout", "2", &url]);
    let err = String::from_utf8_lossy(&out.stderr);
    // Half a page may still hold an article; if not, one line says why.
    if out.status.success() {
        assert!(!out.stdout.is_empty());
    } else {
        assert_eq!(out.status.code(), Some(1));
        one_line_error(&err, &url, "");
    }
}

#[test]
fn the_charset_of_the_content_type_is_honoured() {
    let server = Server::start();
    let out = whosaid(&["sources", "--json", &server.url("/latin1")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = crate::json::parse(&out.stdout);
    assert_eq!(v.article.title, "Café");
    let text = v
        .sources
        .first()
        .and_then(|s| s.passages.first())
        .map_or("", |p| p.text.as_str());
    assert!(text.contains("Renée Dubois"), "{v:?}");
    assert!(!text.contains('\u{fffd}'));
}

#[test]
fn a_feed_url_lists_every_item_and_refreshes() {
    let server = Server::start();
    let out = whosaid(&["sources", "--json", &server.url("/feed")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);

    let lib = Library::open_with(
        &[PathBuf::from(server.url("/growing-feed"))],
        1 << 20,
        Limits::default(),
    )
    .expect("opens");
    assert_eq!(lib.len(), 2);
    assert!(lib.has_feeds());
    let first = lib.load(0).expect("an item");
    assert_eq!(lib.refresh(), (1, vec![]));
    assert_eq!(lib.len(), 3, "the new item is appended");
    assert_eq!(
        lib.entry(2).expect("entry").title,
        "Tesco sells its Polish business"
    );
    assert!(
        Arc::ptr_eq(&first, &lib.load(0).expect("kept")),
        "old items stay as they were"
    );
    assert_eq!(lib.refresh(), (0, vec![]), "nothing new the second time");
    assert_eq!(server.feed_hits.load(Ordering::SeqCst), 3);
    // A server gone: the refresh says so and keeps what it had.
    drop(server);
    let (added, failed) = lib.refresh();
    assert_eq!((added, lib.len()), (0, 3));
    assert_eq!(failed.len(), 1, "{failed:?}");
}

#[test]
fn the_reader_on_a_dead_url_is_one_line_before_any_screen() {
    let server = Server::start();
    let url = server.url("/gone");
    let out = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["--no-state", &url])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    one_line_error(&String::from_utf8_lossy(&out.stderr), &url, "HTTP 404");
    assert!(out.stdout.is_empty(), "the terminal was not touched");
}
