//! Hostile files given to `whosaid sources`: each one is either handled or
//! refused with one line `whosaid: PATH: reason` and exit 1, within a
//! deadline (a hang fails the test instead of stalling the suite), and no
//! escape sequence from the file reaches stdout or stderr raw.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Generous for a debug build on a busy 2-core machine; what it catches is
/// a hang or quadratic blow-up (minutes), not slowness.
const DEADLINE: Duration = Duration::from_secs(60);

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

fn whosaid(args: &[&std::ffi::OsStr]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn whosaid");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("whosaid {args:?} still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out_reader.join().expect("stdout reader");
    let stderr = String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned();
    assert_clean(&stdout, "stdout");
    assert_clean(stderr.as_bytes(), "stderr");
    Run {
        code: status.code(),
        stdout,
        stderr,
    }
}

fn sources(path: &Path) -> Run {
    whosaid(&["sources".as_ref(), path.as_os_str()])
}

fn sources_json(path: &Path) -> Run {
    whosaid(&["sources".as_ref(), "--json".as_ref(), path.as_os_str()])
}

/// No ESC, C1 control or other terminal control in human-readable output.
fn assert_clean(bytes: &[u8], what: &str) {
    let s = String::from_utf8_lossy(bytes);
    for c in s.chars() {
        let bad =
            (c.is_control() && c != '\n') || matches!(c as u32, 0x202a..=0x202e | 0x2066..=0x2069);
        assert!(!bad, "{what} holds raw {c:?}: {s:.400}");
    }
}

/// The one-line error shape, naming the file.
fn assert_refused(run: &Run, path: &Path, reason: &str) {
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    let head = format!("whosaid: {}: ", path.display());
    assert!(run.stderr.starts_with(&head), "{}", run.stderr);
    assert!(
        run.stderr.to_lowercase().contains(reason),
        "{:?} lacks {reason:?}",
        run.stderr
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

fn json(run: &Run) -> crate::json::Output {
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    crate::json::parse(&run.stdout)
}

#[test]
fn five_megabyte_paragraph_without_spaces() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = b"\xe2\x80\x9c".to_vec();
    text.extend(std::iter::repeat_n(b'x', 5 << 20));
    text.extend_from_slice("\u{201d} Smith said.".as_bytes());
    let p = write(dir.path(), "long.txt", &text);
    let v = json(&sources_json(&p));
    assert_eq!(v.article.paragraphs, 1);
    let plain = sources(&p);
    assert_eq!(plain.code, Some(0), "{}", plain.stderr);
}

#[test]
fn one_megabyte_line_of_quotation_marks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let marks = [
        "\"", "\u{201c}", "\u{201d}", "\u{2018}", "\u{2019}", "\u{ab}", "\u{bb}",
    ];
    let mut text = String::from("Smith said: ");
    let mut i = 0usize;
    while text.len() < 1 << 20 {
        text.push_str(marks[i % marks.len()]);
        i = i.wrapping_mul(31).wrapping_add(7) % 1009;
    }
    text.push_str(" she said.");
    let p = write(dir.path(), "quotes.txt", text.as_bytes());
    let v = json(&sources_json(&p));
    assert_eq!(v.article.paragraphs, 1);
    assert_eq!(sources(&p).code, Some(0));
}

#[test]
fn hundred_thousand_tiny_paragraphs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::new();
    for i in 0..100_000 {
        match i % 4 {
            0 => text.push_str("“Yes,” he said.\n\n"),
            1 => text.push_str("Ann Lee said no.\n\n"),
            2 => text.push_str("x\n\n"),
            _ => text.push_str("\u{201c}\n\n"),
        }
    }
    let p = write(dir.path(), "tiny.txt", text.as_bytes());
    let v = json(&sources_json(&p));
    assert_eq!(v.article.paragraphs, 100_000);
    assert_eq!(sources(&p).code, Some(0));
}

#[test]
fn unbalanced_quote_at_the_start_of_a_long_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read_to_string("content/2024-03-24-kyiv-lviv-strikes.txt").expect("seed");
    let body = seed.replace(" date 2024-03-24 ", "");
    let mut text = String::from("\u{201c}Nobody closes this quote.\n\n\"Nor this one.\n\n");
    for _ in 0..60 {
        text.push_str(&body);
        text.push_str("\n\n");
    }
    let p = write(dir.path(), "unbalanced.txt", text.as_bytes());
    let v = json(&sources_json(&p));
    assert!(v.article.paragraphs > 1000);
    // Spans always lie inside the text.
    for s in &v.sources {
        for p in &s.passages {
            assert!(p.start <= p.end && p.end <= text.len(), "{p:?}");
        }
    }
}

#[test]
fn nul_bytes_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = write(dir.path(), "nul.txt", b"Smith said \0 hello.");
    assert_refused(&sources(&p), &p, "nul");
    assert_refused(&sources_json(&p), &p, "nul");
}

#[test]
fn invalid_utf8_is_read_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 owner Ann Lee said it was \xff\xfe fine.",
    );
    let run = sources_json(&p);
    let v = json(&run);
    assert_eq!(v.article.paragraphs, 1);
    let warning = format!("whosaid: {}: warning: ", p.display());
    assert!(run.stderr.starts_with(&warning), "{}", run.stderr);
    assert!(run.stderr.contains("UTF-8"), "{}", run.stderr);
}

#[test]
fn empty_and_blank_files_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = write(dir.path(), "empty.txt", b"");
    assert_refused(&sources(&p), &p, "empty");
    let p = write(dir.path(), "blank.txt", b" \n\r\n\t \n");
    assert_refused(&sources(&p), &p, "whitespace");
}

#[test]
fn a_directory_of_empty_files_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..50 {
        write(dir.path(), &format!("{i:02}.txt"), b"");
    }
    // Each article of the folder is tried and named, then the count.
    let run = sources(dir.path());
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 51, "{}", run.stderr);
    assert!(
        lines[..50]
            .iter()
            .all(|l| l.starts_with("whosaid: ") && l.ends_with(".txt: file is empty")),
        "{}",
        run.stderr
    );
    assert_eq!(lines[50], "whosaid: 50 articles of 50 could not be read");
}

#[test]
fn unreadable_files_are_refused() {
    // A file whose read fails with EIO even for root: the kernel refuses to
    // read a process's memory at offset 0.
    let mem = Path::new("/proc/self/mem");
    if mem.exists() {
        assert_refused(&sources(mem), mem, "error");
    }
    // A FIFO would block a reader forever; it must be refused unopened.
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("fifo.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        assert_refused(&sources(&fifo), &fifo, "not a regular file");
    }
    // No permission: only meaningful when not root (root reads anyway).
    let p = write(dir.path(), "secret.txt", b"Ann Lee said so.");
    let denied = std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o000))
        .is_ok()
        && std::fs::read(&p).is_err();
    if denied {
        assert_refused(&sources(&p), &p, "permission denied");
    } else {
        eprintln!("running as root: chmod 000 does not deny reads, case skipped");
    }
}

#[test]
fn symlink_loops_are_refused_not_followed_forever() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    std::fs::create_dir(&content).expect("mkdir");
    std::os::unix::fs::symlink("b.txt", content.join("a.txt")).expect("symlink");
    std::os::unix::fs::symlink("a.txt", content.join("b.txt")).expect("symlink");
    std::os::unix::fs::symlink(".", content.join("again")).expect("symlink");
    std::os::unix::fs::symlink("again/again/c.txt", content.join("c.txt")).expect("symlink");
    let a = content.join("a.txt");
    assert_refused(&sources(&a), &a, "symbolic links");
    assert_refused(&sources(&content), &content, "no article files");
    // The folder listing skips the loops instead of chasing them.
    let found = whosaid::library::discover(std::slice::from_ref(&content)).expect("lists");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn escape_sequences_in_names_are_shown_not_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = write(dir.path(), "evil\x1b]0;PWNED\x07\u{9b}2J.txt", b"");
    let run = sources(&p);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("evil^[]0;PWNED^G<U+009B>2J.txt: file is empty"),
        "{}",
        run.stderr
    );
    let p = write(
        dir.path(),
        "title.txt",
        "title: \x1b[2J\x1b]52;c;aGk=\x07Big \u{202e}news\n\nBody.".as_bytes(),
    );
    let run = sources(&p);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        out.starts_with("^[[2J^[]52;c;aGk=^GBig <U+202E>news"),
        "{out}"
    );
}

#[test]
fn json_spells_controls_and_bidi_as_escapes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let title = "Big \u{9b}2J \u{202e}news\u{202c} \x1b]0;x\x07 \u{7f}\u{200b}";
    let p = write(
        dir.path(),
        "json.txt",
        format!("title: {title}\n\nAnn Lee said: \u{201c}\u{9b}31m hi.\u{201d}").as_bytes(),
    );
    let run = sources_json(&p);
    // `whosaid()` already checked stdout for raw controls and bidi.
    let v = json(&run);
    assert_eq!(v.article.title, title, "same JSON, safer spelling");
    let raw = String::from_utf8_lossy(&run.stdout);
    assert!(
        raw.contains(r"\u009b2J \u202enews\u202c \u001b]0;x\u0007 \u007f\u200b"),
        "{raw}"
    );
}

#[test]
fn every_error_message_is_made_visible() {
    // Paths reach messages through every command, not only `sources`.
    let evil = "no\x1b]0;PWNED\x07where";
    for args in [vec!["eval", evil], vec!["sources", evil], vec![evil]] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(std::convert::AsRef::as_ref).collect();
        let run = whosaid(&args);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(run.stderr.contains("no^[]0;PWNED^Gwhere"), "{}", run.stderr);
    }
}

/// A FIFO in `dir`, or `None` where `mkfifo` is missing.
fn fifo(dir: &Path, name: &str) -> Option<std::path::PathBuf> {
    let p = dir.join(name);
    let made = Command::new("mkfifo").arg(&p).status();
    made.is_ok_and(|s| s.success()).then_some(p)
}

#[test]
fn the_reader_given_a_fifo_says_so_in_one_line_instead_of_hanging() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(f) = fifo(dir.path(), "fifo.txt") else {
        eprintln!("no mkfifo: case skipped");
        return;
    };
    // Nobody ever writes to it: an open() that waits for a writer hangs
    // until the deadline fails the test.
    let run = whosaid(&["--no-state".as_ref(), f.as_os_str()]);
    assert_refused(&run, &f, "not a regular file");
}

#[test]
fn serve_given_a_fifo_or_device_for_its_keys_refuses_to_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(f) = fifo(dir.path(), "fifo") else {
        eprintln!("no mkfifo: case skipped");
        return;
    };
    let key = dir.path().join("host_key");
    let listen: [&std::ffi::OsStr; 2] = ["--listen".as_ref(), "127.0.0.1:0".as_ref()];
    let mut bad: Vec<&Path> = vec![&f];
    if Path::new("/dev/zero").exists() {
        bad.push(Path::new("/dev/zero"));
    }
    for p in bad {
        let mut args: Vec<&std::ffi::OsStr> = vec!["serve".as_ref()];
        args.extend(listen);
        args.extend(["--open".as_ref(), "--host-key".as_ref(), p.as_os_str()]);
        let run = whosaid(&args);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);

        let mut args: Vec<&std::ffi::OsStr> = vec!["serve".as_ref()];
        args.extend(listen);
        args.extend([
            "--host-key".as_ref(),
            key.as_os_str(),
            "--authorized-keys".as_ref(),
            p.as_os_str(),
        ]);
        let run = whosaid(&args);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    }
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Sparse: 300 MiB long, no disk used. Reading it would take seconds
    // and 300 MiB of memory; the default limit (256 MiB) refuses it first.
    let big = dir.path().join("big.txt");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(300 << 20).expect("set_len");
    drop(f);
    assert_refused(&sources(&big), &big, "too big");
    assert_refused(
        &whosaid(&["--no-state".as_ref(), big.as_os_str()]),
        &big,
        "too big",
    );
    // --max-size lowers it, for `sources` and for the reader.
    let p = write(
        dir.path(),
        "small.txt",
        "Ann Lee said so.\n".repeat(100).as_bytes(),
    );
    let limited = |cmd: Option<&str>| {
        let mut args: Vec<&std::ffi::OsStr> = cmd.into_iter().map(AsRef::as_ref).collect();
        args.extend(["--max-size".as_ref(), "1K".as_ref(), p.as_os_str()]);
        if cmd.is_none() {
            args.push("--no-state".as_ref());
        }
        whosaid(&args)
    };
    let run = limited(Some("sources"));
    assert_refused(&run, &p, "too big");
    assert!(run.stderr.contains("1 KiB"), "{}", run.stderr);
    assert_refused(&limited(None), &p, "too big");
    let run = whosaid(&[
        "sources".as_ref(),
        "--max-size".as_ref(),
        "2K".as_ref(),
        p.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}
