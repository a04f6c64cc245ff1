//! The CLI as a user runs it: the real binary, its output and exit codes.

use std::process::Command;

fn whosaid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
}

const SEED: &str = "content/2024-03-24-kyiv-lviv-strikes.txt";

#[test]
fn seed_is_in_content_byte_for_byte() {
    let ours = std::fs::read(SEED).expect("seed in content/");
    let shared = std::path::Path::new("../shared/seed/000_97b03ed3eb72a67b.txt");
    if let Ok(theirs) = std::fs::read(shared) {
        assert_eq!(ours, theirs);
    }
    assert_eq!(ours, whosaid::library::EMBEDDED_TEXT.as_bytes());
}

#[test]
fn json_has_the_article_header() {
    let v = crate::json::sources_json(SEED);
    assert_eq!(v.article.date.as_deref(), Some("2024-03-24"));
    assert_eq!(v.article.paragraphs, 23);
    assert_eq!(v.article.path, SEED);
    assert!(!v.sources.is_empty());
}

#[test]
fn missing_file_is_one_line_and_exit_1() {
    let out = whosaid()
        .args(["sources", "no/such/file.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("whosaid: no/such/file.txt: "), "{err}");
}

#[test]
fn bad_files_name_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, bytes, reason) in [
        ("empty.txt", &b""[..], "empty"),
        ("blank.txt", &b"  \n\n\t\n"[..], "whitespace"),
        ("bin.txt", &b"abc\0def"[..], "binary"),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        let out = whosaid().arg("sources").arg(&p).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name) && err.contains(reason), "{err}");
    }
    let out = whosaid()
        .arg("sources")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn bad_usage_exits_2() {
    let out = whosaid().args(["sources"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = whosaid()
        .args(["sources", "--bogus", SEED])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn plain_output_numbers_paragraphs_as_the_reader_does() {
    let out = whosaid()
        .args(["sources", SEED])
        .env("COLUMNS", "80")
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let block: Vec<&str> = text
        .split("\n\n")
        .find(|b| b.starts_with("Vyacheslav Gladkov"))
        .expect("a block for Gladkov")
        .lines()
        .collect();
    assert!(block[0].contains("governor of Belgorod"), "{block:?}");
    // JSON paragraphs 14 and 16 are ¶15 and ¶17, as on screen.
    assert!(
        block
            .iter()
            .any(|l| l.starts_with("  ¶15 ") && l.contains("According to the regional governor")),
        "{block:?}"
    );
    assert!(block.iter().any(|l| l.starts_with("  ¶17 ")), "{block:?}");
    assert!(block.iter().all(|l| l.chars().count() <= 80), "{block:?}");
}

/// `whosaid sources --json big | head`: the reader of the pipe left early,
/// which is not an error (ripgrep exits 0 quietly too).
#[test]
fn json_into_a_closed_pipe_exits_quietly() {
    use std::io::Read;
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read_to_string(SEED).expect("seed");
    let big = dir.path().join("big.txt");
    std::fs::write(&big, format!("{seed}\n\n").repeat(300)).expect("write");
    for json in [true, false] {
        let mut cmd = whosaid();
        cmd.arg("sources");
        if json {
            cmd.arg("--json");
        }
        let mut child = cmd
            .arg(&big)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("runs");
        let mut first = [0u8; 10];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut first)
            .expect("some output");
        // The pipe's reading end is closed here, as `head` closes it.
        let out = child.wait_with_output().expect("exits");
        assert!(out.status.success(), "json={json}: {:?}", out.status);
        assert!(
            out.stderr.is_empty(),
            "json={json}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn eval_on_a_missing_folder_names_the_folder_given() {
    let out = whosaid()
        .args(["eval", "/nonexistent-corpus"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("whosaid: /nonexistent-corpus: "), "{err}");
    assert!(!err.contains("/gold"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// The reader started where there is no terminal at all (a new session,
/// no controlling tty): one line that says so and what to use instead.
#[test]
fn the_reader_without_a_terminal_says_what_to_use() {
    let Ok(setsid) = which_setsid() else { return };
    let out = Command::new(setsid)
        .arg(env!("CARGO_BIN_EXE_whosaid"))
        .arg("--no-state")
        .arg(SEED)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(err.contains("whosaid sources"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

fn which_setsid() -> Result<&'static str, ()> {
    ["/usr/bin/setsid", "/bin/setsid"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .ok_or(())
}

/// `whosaid sources --json a.txt folder/`: every article, in order, one JSON
/// object per line (JSON Lines); an unreadable one is reported on its own
/// line and the others still printed, with exit 1.
#[test]
fn sources_takes_several_files_and_folders_as_json_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = std::path::Path::new("tests/corpus/articles");
    for name in ["03-england-face-coverings.txt", "09-tesco-poland-sale.txt"] {
        std::fs::copy(corpus.join(name), dir.path().join(name)).expect("copy");
    }
    let out = whosaid()
        .args(["sources", "--json", SEED])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let objects = crate::json::parse_lines(&out.stdout);
    let paths: Vec<&str> = objects.iter().map(|o| o.article.path.as_str()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert_eq!(paths[0], SEED);
    assert!(
        paths[1].ends_with("03-england-face-coverings.txt"),
        "{paths:?}"
    );
    assert!(paths[2].ends_with("09-tesco-poland-sale.txt"), "{paths:?}");
    assert!(objects.iter().all(|o| !o.sources.is_empty()));

    // Plain text: one block per article; a bad file among them is named.
    std::fs::write(dir.path().join("empty.txt"), "").expect("write");
    let out = whosaid()
        .args(["sources", SEED])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("empty.txt") && err.contains("1 article of 4"),
        "{err}"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for title in ["Kyiv", "Tesco"] {
        assert!(text.contains(title), "{title} missing:\n{text}");
    }
}
