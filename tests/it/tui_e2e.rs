//! The real binary in a pseudo-terminal, its output parsed by a terminal
//! emulator (vt100): what a reader at a terminal would see. Each test waits
//! for screen content with a deadline instead of sleeping.

use crate::pty_support;

use pty_support::article_pane;

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize};

const DEADLINE: Duration = Duration::from_secs(20);

pub(crate) struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    _home: tempfile::TempDir,
}

impl Tui {
    pub(crate) fn start(args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::start_with(args, cols, rows, &[])
    }

    /// Runs whosaid from `sh`, which prints the terminal's settings
    /// (`stty -a`) once whosaid has exited, however it exited.
    fn start_then_stty(args: &[&str], env: &[(&str, &str)]) -> Tui {
        let script = format!("\"$0\" {} ; echo EXITED $? ; stty -a", args.join(" "));
        Tui::spawn(
            "sh",
            &["-c", &script, env!("CARGO_BIN_EXE_whosaid")],
            80,
            24,
            env,
        )
    }

    fn start_with(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Tui {
        Tui::spawn(env!("CARGO_BIN_EXE_whosaid"), args, cols, rows, env)
    }

    fn spawn(program: &str, args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Tui {
        let home = tempfile::tempdir().expect("temp home");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        cmd.env("HOME", home.path());
        cmd.env("XDG_STATE_HOME", home.path().join("state"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("RUST_BACKTRACE", "0");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let run = pty_support::spawn(cmd, cols, rows, ());
        Tui {
            child: run.child,
            master: run.master,
            writer: run.writer,
            parser: run.parser,
            raw: run.raw,
            _home: home,
        }
    }

    pub(crate) fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        // The emulator first, so the program's redraw lands on the new size.
        self.parser
            .lock()
            .expect("parser")
            .screen_mut()
            .set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }

    pub(crate) fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// Waits until `test` holds for the screen, failing after the deadline
    /// with the screen as it was.
    pub(crate) fn wait(&self, what: &str, test: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if test(self.parser.lock().expect("parser").screen()) {
                return;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what}; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub(crate) fn wait_text(&self, text: &str) {
        self.wait(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    fn wait_exit(&mut self) {
        let start = Instant::now();
        while self.child.try_wait().expect("try_wait").is_none() {
            assert!(start.elapsed() < DEADLINE, "whosaid did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
        // Let the reader thread drain what was written before the exit.
        std::thread::sleep(Duration::from_millis(100));
    }

    fn assert_restored(&self) {
        let p = self.parser.lock().expect("parser");
        let s = p.screen();
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "cursor left hidden");
        assert_eq!(s.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
        assert!(!s.bracketed_paste(), "bracketed paste left on");
        let raw = self.raw.lock().expect("raw");
        let last_enter = find_last(&raw, b"\x1b[?1049h").expect("entered the alternate screen");
        assert!(
            find_last(&raw, b"\x1b[?1049l").is_some_and(|l| l > last_enter),
            "never left the alternate screen"
        );
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a size of at least 1")
}

/// After [`Tui::start_then_stty`]: the terminal is back in cooked mode
/// with echo, as the shell left it.
fn assert_cooked(t: &Tui) {
    t.wait_text("EXITED");
    t.wait("stty -a output", |s| s.contents().contains("icanon"));
    let out = t.screen();
    for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            out.split_whitespace().any(|w| w == flag),
            "{flag} is off after whosaid exited:\n{out}"
        );
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn quit_with_q_restores_the_terminal() {
    let mut t = Tui::start(&["--no-state"], 80, 24);
    t.wait_text("Article");
    t.wait("three panes", |s| {
        ["Sources", "Passages", "Article"]
            .iter()
            .all(|p| s.contents().contains(p))
    });
    // In the help, `q` closes it and the reader goes on.
    t.send("?");
    t.wait_text("this help");
    t.send("q");
    t.wait("the help closed", |s| {
        !s.contents().contains("this help") && s.contents().contains("Passages")
    });
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn sighup_and_sigint_restore_the_terminal() {
    for signal in ["-HUP", "-INT"] {
        let mut t = Tui::start(&["--no-state"], 80, 24);
        t.wait_text("Article");
        let pid = t.child.process_id().expect("pid");
        let status = std::process::Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        t.wait_exit();
        t.assert_restored();
    }
}

#[test]
fn a_panic_restores_the_terminal_and_prints_its_message() {
    let mut t = Tui::start_then_stty(&["--no-state"], &[("WHOSAID_DEBUG_PANIC", "1")]);
    t.wait_text("Article");
    t.send("!");
    assert_cooked(&t);
    t.wait_text("debug panic requested");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut t = Tui::start_then_stty(&["--no-state"], &[]);
    t.wait_text("Article");
    // The child is the shell; whosaid is its only child.
    let out = std::process::Command::new("pkill")
        .args([
            "-TERM",
            "-P",
            &t.child.process_id().expect("pid").to_string(),
        ])
        .status()
        .expect("pkill");
    assert!(out.success());
    assert_cooked(&t);
    t.wait_text("stopped by SIGTERM");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn a_resize_while_starting_is_not_lost() {
    // Resized at once, while the reader starts. (The narrowest window, after
    // the first frame and before crossterm listens for resizes, is too short
    // to hit from here; the input thread looks at the size again for it.)
    let mut t = Tui::start(&["--no-state"], 80, 24);
    t.resize(100, 30);
    t.wait("the header across 100 columns", |s| {
        let header: Vec<String> = s.rows(0, 100).take(1).collect();
        header[0].contains('¶') && header[0].trim_end().chars().count() > 90
    });
    t.wait("the panes down to row 30", |s| {
        let last: Vec<String> = s.rows(0, 100).skip(28).take(1).collect();
        last[0].contains('└')
    });
}

#[test]
fn resize_to_tabs_too_small_and_back() {
    let mut t = Tui::start(&["--no-state"], 80, 24);
    t.wait("the Article pane", |s| {
        article_pane(s).contains("Deadly aerial attacks")
    });
    t.resize(50, 20);
    t.wait("a tab bar", |s| {
        let bar: Vec<String> = s.rows(0, 50).skip(1).take(1).collect();
        ["Sources", "Passages", "Article"]
            .iter()
            .all(|p| bar[0].contains(p))
    });
    t.resize(12, 5);
    t.wait_text("too small");
    t.resize(80, 24);
    t.wait("three panes again", |s| {
        article_pane(s).contains("Deadly aerial attacks") && s.contents().contains("Passages")
    });
    // A storm of resizes, without waiting: the last size wins, drawn whole.
    for i in 0..40u16 {
        t.resize(1 + (i * 7) % 120, 1 + (i * 5) % 40);
    }
    t.resize(80, 24);
    t.wait("a clean 80x24 screen", |s| {
        let rows: Vec<String> = s.rows(0, 80).collect();
        article_pane(s).contains("Deadly aerial attacks")
            && rows[1].starts_with("┌ Sources")
            && rows[1].ends_with('┐')
            && rows[22].starts_with('└')
            && rows[22].ends_with('┘')
            && rows[2..22]
                .iter()
                .all(|r| r.starts_with(['│', '└', '┌']) && r.ends_with('│'))
    });
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn search_finds_and_highlights() {
    let mut t = Tui::start(&["--no-state"], 80, 24);
    t.wait_text("Article");
    t.send("/Sadovy\r");
    t.wait("the match in the Article pane", |s| {
        article_pane(s).contains("Sadovy")
            && (0..24).any(|row| {
                (33..79).any(|col| {
                    s.cell(row, col).is_some_and(|c| {
                        c.contents() == "S"
                            && c.bgcolor() != vt100::Color::Default
                            && s.cell(row, col + 1).is_some_and(|n| n.contents() == "a")
                    })
                })
            })
    });
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn seed_sources_and_jumps() {
    let mut t = Tui::start(&["--no-state"], 80, 24);
    for name in [
        "Klitschko",
        "Kozytskyi",
        "Popko",
        "Sadovy",
        "Polish",
        "Gladkov",
        "Razvozhayev",
    ] {
        t.wait(&format!("{name} in the Sources pane"), |s| {
            s.rows(0, 32).take(12).any(|r| r.contains(name))
        });
    }
    t.send("6");
    t.wait("Gladkov selected", |s| s.contents().contains("Passages · "));
    t.send("]");
    t.wait("the first passage", |s| {
        article_pane(s).contains("According to the regional governor")
    });
    t.send("]");
    t.wait("the second passage", |s| {
        article_pane(s).contains("Vyacheslav Gladkov, governor of Belgorod")
    });
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

/// The header's reading position, `¶N/M`.
fn position(s: &vt100::Screen) -> Option<String> {
    let header: String = s.rows(0, s.size().1.get()).next()?;
    header
        .split_whitespace()
        .find(|w| w.starts_with('¶'))
        .map(str::to_owned)
}

#[test]
fn reading_position_is_remembered_and_a_corrupt_state_file_ignored() {
    let state = tempfile::tempdir().expect("state dir");
    let state_env = state.path().to_str().expect("utf-8 path");
    let env = [("XDG_STATE_HOME", state_env)];
    let mut t = Tui::start_with(&[], 80, 24, &env);
    t.wait("the start", |s| position(s).as_deref() == Some("¶1/23"));
    t.send("\t\tG");
    t.wait("the end", |s| position(s).is_some_and(|p| p != "¶1/23"));
    let end = position(t.parser.lock().expect("parser").screen()).expect("position");
    t.send("q");
    t.wait_exit();
    let file = state.path().join("whosaid").join("positions.json");
    assert!(file.is_file(), "no state written");

    let mut t = Tui::start_with(&[], 80, 24, &env);
    t.wait("the remembered position", |s| {
        position(s).as_deref() == Some(end.as_str())
    });
    t.send("q");
    t.wait_exit();

    std::fs::write(&file, "{ not json").expect("corrupt the state");
    let mut t = Tui::start_with(&[], 80, 24, &env);
    t.wait_text("ignoring corrupt state file");
    t.wait("the start", |s| position(s).as_deref() == Some("¶1/23"));
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn a_single_unreadable_article_is_an_error_before_the_reader_starts() {
    let dir = tempfile::tempdir().expect("dir");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .arg("--no-state")
        .arg(&empty)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("whosaid: ") && err.contains("empty.txt: file is empty"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "the terminal was not touched");
}

/// Prints the 80x24 screen after `6` `]` for the README's sample:
/// `cargo test --test tui_e2e readme_sample -- --ignored --nocapture`.
#[test]
#[ignore = "prints the README's screen sample"]
fn readme_sample() {
    let mut t = Tui::start(&["--no-state"], 80, 24);
    t.wait("the sources", |s| s.contents().contains("Gladkov"));
    t.send("6]");
    t.wait("the jump", |s| s.contents().contains("passage 1 of"));
    let rows: Vec<String> = t
        .parser
        .lock()
        .expect("parser")
        .screen()
        .rows(0, 80)
        .collect();
    println!("{}", rows.join("\n"));
    t.send("q");
    t.wait_exit();
}

#[test]
fn a_folder_opens_to_the_picker_and_sources_fill_in() {
    let dir = tempfile::tempdir().expect("dir");
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/articles");
    for name in ["00-kyiv-lviv-strikes.txt", "03-england-face-coverings.txt"] {
        std::fs::copy(corpus.join(name), dir.path().join(name)).expect("copy");
    }
    let path = dir.path().to_str().expect("utf-8");
    let mut t = Tui::start(&["--no-state", path], 80, 24);
    t.wait_text("Articles (2)");
    // Both articles analysed in the background, counts shown.
    t.wait("source counts", |s| {
        s.contents().matches(" sources").count() == 2
    });
    t.send("j\r");
    t.wait("the second article", |s| {
        let c = s.contents();
        !c.contains("Articles (2)") && c.contains("england face coverings")
    });
    t.send("o");
    t.wait_text("Articles (2)");
    t.send("\x1b");
    t.wait("the picker closed", |s| {
        !s.contents().contains("Articles (2)")
    });
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn a_mixed_folder_lists_text_markdown_and_html() {
    let dir = tempfile::tempdir().expect("dir");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for (from, to) in [
        ("tests/corpus/articles/00-kyiv-lviv-strikes.txt", "a.txt"),
        ("tests/fixtures/inputs/doris.md", "b.md"),
        ("tests/fixtures/inputs/tesco.html", "c.html"),
    ] {
        std::fs::copy(root.join(from), dir.path().join(to)).expect("copy");
    }
    let path = dir.path().to_str().expect("utf-8");
    let mut t = Tui::start(&["--no-state", path], 100, 24);
    t.wait_text("Articles (3)");
    // Analysed in the background: every one has sources, and the markup
    // ones their own titles from front matter and og:title.
    t.wait("counts and titles", |s| {
        let c = s.contents();
        c.matches(" sources").count() == 3
            && c.contains("Doris Day dies at 97")
            && c.contains("Tesco sells its Polish business")
    });
    t.send("jj\r");
    t.wait("the HTML article open", |s| {
        let c = s.contents();
        !c.contains("Articles (3)") && c.contains("Tesco") && !c.contains("Share on")
    });
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn a_page_piped_in_opens_and_keys_come_from_the_terminal() {
    let sh = format!(
        "cat tests/fixtures/inputs/seed.html | exec {} --no-state",
        env!("CARGO_BIN_EXE_whosaid")
    );
    let mut t = Tui::spawn("sh", &["-c", &sh], 100, 30, &[]);
    t.wait_text("Vitali Klitschko");
    t.wait_text("Deadly strikes on Kyiv and Lviv");
    // Standard input is the page, so keys can only come from /dev/tty.
    t.send("?");
    t.wait_text("this help");
    t.send("q");
    t.wait("the help closed", |s| !s.contents().contains("this help"));
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn a_search_with_a_straight_apostrophe_finds_the_curly_one() {
    let mut t = Tui::start(&["--no-state"], 80, 24);
    t.wait_text("Article");
    t.send("/kyiv's");
    t.wait("a match counted", |s| {
        let status: Vec<String> = s.rows(0, 80).skip(23).take(1).collect();
        status[0].contains("/kyiv's") && status[0].contains("(1 match)")
    });
    // Highlighted on the text as printed: `Kyiv’s`.
    t.wait("the match highlighted", |s| {
        (1..23).any(|row| {
            (33..75).any(|col| {
                let at = |c: u16| s.cell(row, c).map(|x| x.contents().to_owned());
                at(col).as_deref() == Some("K")
                    && s.cell(row, col)
                        .is_some_and(|c| c.bgcolor() != vt100::Color::Default)
                    && at(col + 4).as_deref() == Some("’")
            })
        })
    });
    t.send("\rq");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn g_at_the_end_says_so() {
    let mut t = Tui::start(&["--no-state"], 80, 24);
    t.wait("the start", |s| position(s).as_deref() == Some("¶1/23"));
    t.send("\t\tG");
    t.wait("the end in the header", |s| {
        let header: Vec<String> = s.rows(0, 80).take(1).collect();
        header[0].trim_end().ends_with("100%")
    });
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn a_resize_keeps_source_one_on_screen() {
    let mut t = Tui::start(&["--no-state"], 80, 24);
    t.wait("the sources", |s| s.contents().contains("Razvozhayev"));
    t.send("7");
    // The Passages title names source 7 only once `7` is handled; before
    // it names source 1, so a bare "Passages · " would not wait at all.
    t.wait("source 7 selected", |s| {
        s.contents()
            .lines()
            .any(|l| l.contains("Passages · ") && l.contains("Razvozhayev"))
    });
    t.resize(60, 16);
    t.wait("the 60x16 layout", |s| {
        let rows: Vec<String> = s.rows(0, 60).collect();
        rows[14].starts_with('└') && rows[14].ends_with('┘')
    });
    t.resize(80, 24);
    t.wait("source 1 back on screen with all seven", |s| {
        let rows: Vec<String> = s.rows(0, 32).collect();
        rows[2].contains("1 Vitali") && rows[8].contains("7 Mikhail")
    });
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn a_few_letters_narrow_the_picker_of_a_29_article_folder() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/articles");
    let path = corpus.to_str().expect("utf-8");
    let mut t = Tui::start(&["--no-state", path], 80, 24);
    t.wait_text("Articles (29)");
    t.send("\x1b");
    t.wait("the picker closed", |s| {
        !s.contents().contains("Articles (29)")
    });
    t.send("o");
    t.wait_text("Articles (29)");
    t.send("/tes");
    t.wait("the picker narrowed", |s| {
        let c = s.contents();
        c.contains("filter: tes") && c.contains("of 29)") && !c.contains("Articles (29)")
    });
    t.send("co");
    t.wait("one article left", |s| {
        let c = s.contents();
        c.contains("Articles (1 of 29)") && c.to_lowercase().contains("tesco")
    });
    t.send("\r\r");
    t.wait("the Tesco article open", |s| {
        let header: Vec<String> = s.rows(0, 80).take(1).collect();
        !s.contents().contains("Articles (") && header[0].to_lowercase().contains("tesco")
    });
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn the_reader_opens_a_feed_url_and_r_reads_it_again() {
    let server = crate::fetch::Server::start();
    let url = server.url("/growing-feed");
    let mut t = Tui::start(&["--no-state", &url], 100, 24);
    t.wait_text("Articles (2)");
    t.wait_text("Doris Day dies at 97");
    t.send("r");
    t.wait_text("1 new article");
    t.wait_text("Articles (3)");
    t.wait_text("Tesco sells its Polish business");
    t.send("G\r");
    t.wait("the new item open", |s| {
        let c = s.contents();
        !c.contains("Articles (3)") && c.contains("Tesco")
    });
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn a_mixed_folder_with_feeds_lists_every_item() {
    let dir = tempfile::tempdir().expect("dir");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for (from, to) in [
        (
            "tests/corpus/articles/03-england-face-coverings.txt",
            "a.txt",
        ),
        ("tests/fixtures/inputs/doris.md", "b.md"),
        ("tests/fixtures/inputs/tesco.html", "c.html"),
        ("tests/fixtures/inputs/feed.rss", "d.rss"),
    ] {
        std::fs::copy(root.join(from), dir.path().join(to)).expect("copy");
    }
    // A feed whose one item carries only its summary.
    std::fs::write(
        dir.path().join("e.atom"),
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Teasers</title>\
         <entry><id>urn:t</id><title>Teaser item</title><updated>2024-05-01T00:00:00Z</updated>\
         <summary>Mayor Jane Doe said the bridge would reopen in May.</summary></entry></feed>",
    )
    .expect("writes");
    let path = dir.path().to_str().expect("utf-8");
    let mut t = Tui::start(&["--no-state", path], 100, 24);
    // Three files, the RSS feed's three items, the Atom feed's one.
    t.wait_text("Articles (7)");
    t.wait("every entry analysed, with its own title", |s| {
        let c = s.contents();
        c.matches(" source").count() == 7
            && c.contains("Deadly strikes on Kyiv and Lviv")
            && c.contains("Teaser item")
            && c.matches("Doris Day dies at 97").count() == 2
    });
    // The teaser says in its header that it is only a summary.
    t.send("G\r");
    t.wait("the teaser open", |s| {
        let c = s.contents();
        !c.contains("Articles (7)") && c.contains("summary only") && c.contains("Jane Doe")
    });
    // A feed file is read again on r, and nothing is new.
    t.send("o");
    t.wait_text("Articles (7)");
    t.send("r");
    t.wait_text("nothing new");
    t.send("q");
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}
