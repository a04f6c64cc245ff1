//! The real binary in a pseudo-terminal on hostile input, its output parsed
//! by a terminal emulator (vt100) that records every terminal action an
//! article might try (window title, clipboard, bell). Waits use deadlines,
//! never fixed sleeps.
//!
//! - An article full of escape sequences shows their visible forms while
//!   none of their bytes reaches the terminal.
//! - SIGTERM, SIGHUP and a panic each leave the terminal restored: the
//!   alternate screen left, the cursor shown, and raw mode off, which
//!   `stty -a` run afterwards in the same pty shows.

use crate::pty_support;

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty};

const DEADLINE: Duration = Duration::from_secs(30);

/// Terminal actions the emulator saw requested.
#[derive(Default, Debug)]
struct Actions {
    titles: Vec<Vec<u8>>,
    clipboard: Vec<Vec<u8>>,
    bells: usize,
    unhandled_osc: usize,
}

impl vt100::Callbacks for Actions {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard.push(data.to_vec());
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, _params: &[&[u8]]) {
        self.unhandled_osc += 1;
    }
}

struct Pty {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser<Actions>>>,
    raw: Arc<Mutex<Vec<u8>>>,
    _home: tempfile::TempDir,
}

impl Pty {
    /// Runs `sh -c script` in a pty of `cols` x `rows`, with `$WHOSAID` the
    /// binary under test.
    fn shell(script: &str, cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        let home = tempfile::tempdir().expect("temp home");
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", script]);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("WHOSAID", env!("CARGO_BIN_EXE_whosaid"));
        cmd.env("HOME", home.path());
        cmd.env("XDG_STATE_HOME", home.path().join("state"));
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let run = pty_support::spawn(cmd, cols, rows, Actions::default());
        Pty {
            child: run.child,
            _master: run.master,
            writer: run.writer,
            parser: run.parser,
            raw: run.raw,
            _home: home,
        }
    }

    fn contents(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    fn raw(&self) -> Vec<u8> {
        self.raw.lock().expect("raw").clone()
    }

    /// Waits until `ok` holds for the screen, or fails with what is shown.
    fn wait_for(&self, what: &str, ok: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if ok(self.parser.lock().expect("parser").screen()) {
                return;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what}; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for_text(&self, text: &str) {
        self.wait_for(text, |s| s.contents().contains(text));
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// The pid of the shell's child (whosaid), from /proc.
    fn whosaid_pid(&self) -> String {
        let sh = self.child.process_id().expect("sh pid");
        let start = Instant::now();
        loop {
            let children = std::fs::read_to_string(format!("/proc/{sh}/task/{sh}/children"))
                .unwrap_or_default();
            if let Some(pid) = children.split_whitespace().next() {
                return pid.to_owned();
            }
            assert!(start.elapsed() < DEADLINE, "whosaid never started");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_exit(&mut self) {
        let start = Instant::now();
        loop {
            if self.child.try_wait().expect("wait").is_some() {
                return;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("shell did not finish; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Every way an article might try to drive a terminal, one per paragraph.
const HOSTILE: &str = "title: Hostile \x1b]0;TITLEPWNED\x07 news\n\
date 2024-03-24\n\
Ann Lee said: \u{201c}Window title \x1b]0;PWNED\x07 set.\u{201d}\n\
\n\
Clear \x1b[2J the screen and home \x1b[H the cursor, Ann Lee said.\n\
\n\
Clipboard \x1b]52;c;cm0gLXJmIC8K\x07 written, Lee said.\n\
\n\
A link \x1b]8;;http://evil.example/\x1b\\here\x1b]8;;\x1b\\ and a DCS \x1bP1$qm\x1b\\ too.\n\
\n\
C1 CSI \u{9b}31m red and C1 OSC \u{9d}0;C1PWNED\u{9c} title.\n\
\n\
Bell\x07 backspace\x08 return\r form\x0c feed del\x7f nul-free.\n\
\n\
Bidi \u{202e}txet desrever\u{202c} and \u{2066}isolate\u{2069} and zero\u{200b}width.\n";

fn hostile_file(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("hostile.txt");
    std::fs::write(&p, HOSTILE).expect("write article");
    p
}

#[test]
fn escape_sequences_are_shown_never_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = hostile_file(dir.path());
    let script = format!("exec \"$WHOSAID\" --no-state '{}'", file.display());
    let mut t = Pty::shell(&script, 160, 50, &[]);
    // The visible forms are on screen (zoomed so the article has the width).
    t.wait_for_text("Article");
    t.send("z");
    for shown in [
        "^[]0;PWNED^G",
        "^[[2J",
        "^[]52;c;cm0gLXJmIC8K^G",
        "^[]8;;http://evil.example/^[\\here",
        "^[P1$qm^[\\",
        "<U+009B>31m",
        "<U+009D>0;C1PWNED<U+009C>",
        "Bell^G backspace^H return^M form^L feed del^?",
        "Bidi <U+202E>txet desrever<U+202C>",
        "<U+2066>isolate<U+2069>",
        "zero<U+200B>width",
    ] {
        t.wait_for_text(shown);
    }
    t.send("q");
    t.wait_exit();
    let raw = t.raw();
    for bad in [
        &b"\x1b]0;"[..],
        b"PWNED\x07",
        b"\x1b]52;",
        b"\x1b]8;",
        b"\x1bP",
        b"\x07",
        b"\x08",
        "\u{9b}".as_bytes(),
        "\u{9d}".as_bytes(),
        "\u{202e}".as_bytes(),
        "\u{2066}".as_bytes(),
        "\u{200b}".as_bytes(),
    ] {
        assert!(
            !raw.windows(bad.len()).any(|w| w == bad),
            "{:?} reached the terminal",
            String::from_utf8_lossy(bad)
        );
    }
    // whosaid clears the screen only as crossterm spells it; the article's
    // `ESC[2J` would come with its `ESC[H` right after it.
    assert!(
        !raw.windows(7)
            .any(|w| w == b"\x1b[2J\x1b[H" || w == b"\x1b[2J t")
    );
    let parser = t.parser.lock().expect("parser");
    let actions = parser.callbacks();
    assert!(actions.titles.is_empty(), "title set: {:?}", actions.titles);
    assert!(actions.clipboard.is_empty(), "clipboard written");
    assert_eq!(actions.bells, 0, "bell rung");
    assert_eq!(actions.unhandled_osc, 0, "an OSC sequence arrived");
}

/// Runs the reader under `sh`, then `stty -a` in the same pty once it has
/// gone, and returns the emulator after both.
fn restored_after(stop: impl FnOnce(&mut Pty), env: &[(&str, &str)]) -> Pty {
    let script = "\"$WHOSAID\" --no-state content/2024-03-24-kyiv-lviv-strikes.txt; \
                  echo EXIT=$?; stty -a; echo STTY-DONE";
    let mut t = Pty::shell(script, 100, 30, env);
    t.wait_for("the reader on the alternate screen", |s| {
        s.alternate_screen() && s.contents().contains("Sources")
    });
    stop(&mut t);
    t.wait_for_text("STTY-DONE");
    t.wait_exit();
    t
}

fn assert_restored(t: &Pty) {
    let parser = t.parser.lock().expect("parser");
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "cursor still hidden");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse still captured"
    );
    assert!(!screen.bracketed_paste(), "bracketed paste still on");
    let text = screen.contents();
    let stty: Vec<&str> = text.split_whitespace().collect();
    // Raw mode clears these; restored, they are on again.
    for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(stty.contains(&flag), "stty shows no {flag}:\n{text}");
        assert!(
            !stty.contains(&format!("-{flag}").as_str()),
            "{flag} still off:\n{text}"
        );
    }
}

fn kill(sig: &str, pid: &str) {
    let ok = std::process::Command::new("kill")
        .args([sig, pid])
        .status()
        .expect("run kill");
    assert!(ok.success(), "kill {sig} {pid}");
}

#[test]
fn sigterm_restores_the_terminal() {
    let t = restored_after(|t| kill("-TERM", &t.whosaid_pid()), &[]);
    assert_restored(&t);
    assert!(t.contents().contains("EXIT=1"), "{}", t.contents());
}

#[test]
fn sighup_restores_the_terminal() {
    let t = restored_after(|t| kill("-HUP", &t.whosaid_pid()), &[]);
    assert_restored(&t);
}

#[test]
fn a_panic_restores_the_terminal_and_is_reported() {
    let t = restored_after(
        |t| t.send("!"),
        &[("WHOSAID_DEBUG_PANIC", "1"), ("RUST_BACKTRACE", "0")],
    );
    assert_restored(&t);
    let text = t.contents();
    assert!(text.contains("debug panic requested"), "{text}");
    assert!(!text.contains("EXIT=0"), "{text}");
}

/// Runs `whosaid ARGS` (reader) in `dir` under `sh`, quits with `keys`, and
/// returns the emulator after `stty -a` (so the terminal state is checked
/// on every exit path).
fn reader_in(dir: &Path, args: &str, wait: &str, keys: &str, env: &[(&str, &str)]) -> Pty {
    let script = format!(
        "cd '{}' && \"$WHOSAID\" {args}; echo EXIT=$?; stty -a; echo STTY-DONE",
        dir.display()
    );
    let mut t = Pty::shell(&script, 100, 30, env);
    t.wait_for_text(wait);
    t.send(keys);
    t.wait_for_text("STTY-DONE");
    t.wait_exit();
    assert_restored(&t);
    t
}

#[test]
fn a_folder_of_empty_files_opens_with_a_notice() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(dir.path().join(name), b"").expect("write");
    }
    // Several files open to the picker: the first `q` closes it, the second quits.
    let t = reader_in(dir.path(), "--no-state .", "file is empty", "qq", &[]);
    assert!(t.contents().contains("EXIT=0"), "{}", t.contents());
}

#[test]
fn one_bad_file_is_refused_before_the_terminal_is_touched() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("nul.txt"), b"Ann said \0 so.").expect("write");
    let t = reader_in(dir.path(), "--no-state nul.txt", "STTY-DONE", "", &[]);
    let text = t.contents();
    assert!(
        text.contains("whosaid: nul.txt: file looks binary") && text.contains("EXIT=1"),
        "{text}"
    );
    assert!(
        !t.raw().windows(8).any(|w| w == b"\x1b[?1049h"),
        "alternate screen entered"
    );
}

#[test]
fn symlink_loops_in_content_are_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    std::fs::create_dir(&content).expect("mkdir");
    std::os::unix::fs::symlink("b.txt", content.join("a.txt")).expect("symlink");
    std::os::unix::fs::symlink("a.txt", content.join("b.txt")).expect("symlink");
    std::os::unix::fs::symlink(".", content.join("loop")).expect("symlink");
    let t = reader_in(dir.path(), "--no-state", "STTY-DONE", "", &[]);
    let text = t.contents();
    assert!(
        text.contains("whosaid: content: ") && text.contains("EXIT=1"),
        "{text}"
    );
}

#[test]
fn huge_paragraphs_and_many_paragraphs_stay_responsive() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut long = String::from("title: Long\n\n");
    long.push_str(&"x".repeat(5 << 20));
    long.push_str("\n\nAnn Lee said the end.\n");
    std::fs::write(dir.path().join("long.txt"), long).expect("write");
    let mut many = String::from("title: Many\n\n");
    for i in 0..100_000 {
        many.push_str(if i % 2 == 0 {
            "“Yes,” he said.\n\n"
        } else {
            "x\n\n"
        });
    }
    std::fs::write(dir.path().join("many.txt"), many).expect("write");
    // Zoom, go to the end and back: each key must be answered.
    // (`first` shows once the article is loaded and its sources found.)
    for (file, first, end) in [
        ("long.txt", "1 Ann Lee", "Ann Lee said the end."),
        ("many.txt", "No sources found", "/100001 100%"),
    ] {
        let script = format!(
            "cd '{}' && \"$WHOSAID\" --no-state {file}; echo EXIT=$?",
            dir.path().display()
        );
        let mut t = Pty::shell(&script, 100, 30, &[]);
        t.wait_for_text(first);
        // One key at a time: each must be answered (zoomed: no Sources pane).
        t.send("z");
        t.wait_for("the zoomed article", |s| !s.contents().contains("Sources"));
        t.send("G");
        t.wait_for_text(end);
        t.send("g");
        t.wait_for_text("¶1/");
        t.send("q");
        t.wait_for_text("EXIT=0");
        t.wait_exit();
    }
}

#[test]
fn a_corrupt_state_file_is_ignored_with_a_notice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state");
    std::fs::create_dir_all(state.join("whosaid")).expect("mkdir");
    std::fs::write(
        state.join("whosaid/positions.json"),
        b"{\"positions\": [\x1b]0;PWNED\x07",
    )
    .expect("write");
    let state_home = state.display().to_string();
    let t = reader_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        "content/2024-03-24-kyiv-lviv-strikes.txt",
        "corrupt state file",
        "q",
        &[("XDG_STATE_HOME", &state_home)],
    );
    assert!(t.contents().contains("EXIT=0"), "{}", t.contents());
    assert!(
        !t.raw().windows(5).any(|w| w == b"\x1b]0;P"),
        "raw OSC from the state file"
    );
}

/// On a 100,000-paragraph article, `G` pressed while the article is still
/// arriving (it opens with its start shown) reaches the end of the whole.
#[test]
fn end_key_during_analysis_reaches_the_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut many = String::from("title: Many\n\n");
    for i in 0..100_000 {
        many.push_str(if i % 2 == 0 {
            "“Yes,” he said.\n\n"
        } else {
            "x\n\n"
        });
    }
    std::fs::write(dir.path().join("many.txt"), many).expect("write");
    let script = format!(
        "cd '{}' && \"$WHOSAID\" --no-state many.txt",
        dir.path().display()
    );
    let mut t = Pty::shell(&script, 100, 30, &[]);
    t.wait_for_text("“Yes,” he said.");
    t.send("zG");
    t.wait_for_text("/100001 100%");
    t.send("q");
    t.wait_exit();
}
