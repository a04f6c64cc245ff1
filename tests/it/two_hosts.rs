//! Same keys, same screens: one scripted scenario through both hosts, the
//! local reader in a pseudo-terminal and `whosaid serve` reached with the
//! OpenSSH client in another, compared cell for cell (text, colours,
//! attributes, cursor) after every step. Both are the real binary; the
//! emulator is vt100 on both sides.

use crate::pty_support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize};

const DEADLINE: Duration = Duration::from_secs(30);

pub(crate) struct Host {
    name: &'static str,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Host {
    pub(crate) fn start(name: &'static str, cmd: CommandBuilder) -> Host {
        let run = pty_support::spawn(cmd, 80, 24, ());
        Host {
            name,
            child: run.child,
            master: run.master,
            writer: run.writer,
            parser: run.parser,
        }
    }

    pub(crate) fn keys(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("type");
        self.writer.flush().expect("flush");
    }

    pub(crate) fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.lock().expect("screen").screen_mut().set_size(
            rows.try_into().expect("rows"),
            cols.try_into().expect("cols"),
        );
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }

    pub(crate) fn screen(&self) -> vt100::Screen {
        self.parser.lock().expect("screen").screen().clone()
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// A cell's text as a terminal shows it: a cell never written and one
/// written with a space look the same.
fn shown(c: &vt100::Cell) -> &str {
    if c.contents().is_empty() {
        " "
    } else {
        c.contents()
    }
}

/// Where two screens differ, or `None` when they are the same cell for
/// cell: text, colours, attributes, and the cursor.
fn difference(a: &vt100::Screen, b: &vt100::Screen) -> Option<String> {
    if a.size() != b.size() {
        return Some(format!("sizes {:?} and {:?}", a.size(), b.size()));
    }
    let (rows, cols) = a.size();
    for row in 0..rows.get() {
        for col in 0..cols.get() {
            let (x, y) = (a.cell(row, col), b.cell(row, col));
            let same = match (x, y) {
                (Some(x), Some(y)) => {
                    shown(x) == shown(y)
                        && x.fgcolor() == y.fgcolor()
                        && x.bgcolor() == y.bgcolor()
                        && x.bold() == y.bold()
                        && x.italic() == y.italic()
                        && x.underline() == y.underline()
                        && x.inverse() == y.inverse()
                }
                (None, None) => true,
                _ => false,
            };
            if !same {
                return Some(format!(
                    "cell {row},{col}: {:?} and {:?}",
                    x.map(|c| (c.contents().to_owned(), c.fgcolor(), c.bgcolor())),
                    y.map(|c| (c.contents().to_owned(), c.fgcolor(), c.bgcolor())),
                ));
            }
        }
    }
    if a.hide_cursor() != b.hide_cursor()
        || (!a.hide_cursor() && a.cursor_position() != b.cursor_position())
    {
        return Some(format!(
            "cursor {:?}/{} and {:?}/{}",
            a.cursor_position(),
            a.hide_cursor(),
            b.cursor_position(),
            b.hide_cursor()
        ));
    }
    None
}

/// Waits until both hosts have left the screens they showed before the
/// step (`before`) and show the same screen, which `test` accepts; fails
/// after the deadline showing both.
fn same_screens(
    step: &str,
    hosts: &[&Host; 2],
    before: Option<&[vt100::Screen; 2]>,
    test: impl Fn(&str) -> bool,
) -> [vt100::Screen; 2] {
    let end = Instant::now() + DEADLINE;
    loop {
        let now = [hosts[0].screen(), hosts[1].screen()];
        let moved = before.is_none_or(|b| {
            difference(&b[0], &now[0]).is_some() && difference(&b[1], &now[1]).is_some()
        });
        let diff = difference(&now[0], &now[1]);
        if moved && diff.is_none() && test(&now[0].contents()) {
            return now;
        }
        assert!(
            Instant::now() < end,
            "{step}: the hosts differ ({}); {}:\n{}\n{}:\n{}",
            diff.unwrap_or_else(|| "or the step did not happen".into()),
            hosts[0].name,
            now[0].contents(),
            hosts[1].name,
            now[1].contents()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn keygen(path: &Path) {
    let st = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
        .arg(path)
        .status()
        .expect("ssh-keygen runs (openssh-client is installed by .ci/run)");
    assert!(st.success());
}

/// `whosaid serve` on a free port for `folder`, and the port.
pub(crate) fn serve(dir: &Path, folder: &Path) -> (Child, u16) {
    serve_with(dir, folder, &[])
}

/// The same, with `extra` arguments before the folder.
fn serve_with(dir: &Path, folder: &Path, extra: &[&std::ffi::OsStr]) -> (Child, u16) {
    keygen(&dir.join("id"));
    std::fs::copy(dir.join("id.pub"), dir.join("authorized_keys")).expect("authorized_keys");
    let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
        .arg(dir.join("host_key"))
        .arg("--authorized-keys")
        .arg(dir.join("authorized_keys"))
        .args(extra)
        .arg(folder)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("server starts");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("listening on 127.0.0.1:").nth(1) {
                let _ = tx.send(rest.trim().parse::<u16>().expect("port"));
            }
        }
    });
    let port = rx
        .recv_timeout(DEADLINE)
        .expect("server says where it listens");
    (child, port)
}

pub(crate) fn ssh(dir: &Path, port: u16) -> CommandBuilder {
    let mut cmd = CommandBuilder::new("ssh");
    cmd.arg("-tt");
    cmd.args(["-F", "/dev/null", "-p", &port.to_string()]);
    cmd.args(["-o", "StrictHostKeyChecking=accept-new"]);
    cmd.args([
        "-o",
        &format!("UserKnownHostsFile={}", dir.join("known_hosts").display()),
    ]);
    cmd.args(["-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"]);
    cmd.args(["-o", "ConnectTimeout=10", "-i"]);
    cmd.arg(dir.join("id"));
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("SSH_AUTH_SOCK");
    cmd.arg("127.0.0.1");
    cmd
}

fn local(home: &Path, folder: &Path) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_whosaid"));
    cmd.arg("--no-state");
    cmd.arg(folder);
    cmd.env("HOME", home);
    cmd.env("XDG_STATE_HOME", home.join("state"));
    cmd.env("TERM", "xterm-256color");
    // What the SSH client does not send, the local reader must not see.
    for k in [
        "NO_COLOR",
        "COLORTERM",
        "TERM_PROGRAM",
        "TMUX",
        "WHOSAID_DEBUG_PANIC",
    ] {
        cmd.env_remove(k);
    }
    cmd
}

/// Two articles of the corpus and three short ones, two of which quote the
/// same person: "also quoted in" must show for the first of them though
/// nobody opens the other.
fn library(dir: &Path) -> PathBuf {
    let folder = dir.join("articles");
    std::fs::create_dir(&folder).expect("folder");
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/articles");
    for name in ["00-kyiv-lviv-strikes.txt", "03-england-face-coverings.txt"] {
        std::fs::copy(corpus.join(name), folder.join(name)).expect("copy");
    }
    for (name, text) in [
        (
            "2024-01-01-first-story.txt",
            "“We will rebuild the bridge,” Mayor Anna Kowalska said on Monday.\n\nIt rained.\n",
        ),
        (
            "2024-01-02-second-story.txt",
            "“Nothing changes,” Jan Nowak told reporters.\n\nIt snowed.\n",
        ),
        (
            "2024-01-03-third-story.txt",
            "Anna Kowalska said the work would take a year.\n\n“It is late,” she added.\n",
        ),
    ] {
        std::fs::write(folder.join(name), text).expect("write");
    }
    folder
}

/// A step of the scenario: its name, the keys, and what its screen shows.
type Step = (&'static str, &'static [u8], fn(&str) -> bool);

#[test]
fn one_scenario_gives_the_same_screens_locally_and_over_ssh() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = library(dir.path());
    let (mut server, port) = serve(dir.path(), &folder);
    let mut hosts = [
        Host::start("local", local(dir.path(), &folder)),
        Host::start("ssh", ssh(dir.path(), port)),
    ];

    // The picker, with every article's source count from the shared scan.
    let mut before = same_screens("picker counts", &[&hosts[0], &hosts[1]], None, |c| {
        c.contains("Articles (5)")
            && !c.contains("finding sources")
            // `7 sources`, `1 source`: one count per article.
            && c.matches(" source").count() == 5
    });
    let steps: [Step; 5] = [
        ("open the first article", b"\r", |c| {
            !c.contains("Articles (5)")
        }),
        ("the sixth source", b"6", |_| true),
        ("its first passage", b"]", |_| true),
        ("search", b"/", |_| true),
        ("cancel the search", b"\x1b", |_| true),
    ];
    for (step, keys, test) in steps {
        for h in &mut hosts {
            h.keys(keys);
        }
        before = same_screens(step, &[&hosts[0], &hosts[1]], Some(&before), test);
    }
    for h in &mut hosts {
        h.resize(100, 30);
    }
    // Drawn at the new width, not only the emulators resized.
    before = same_screens("resized", &[&hosts[0], &hosts[1]], Some(&before), |c| {
        c.lines().any(|l| l.chars().count() > 80)
    });
    for h in &mut hosts {
        h.keys(b"o");
    }
    before = same_screens(
        "the picker again",
        &[&hosts[0], &hosts[1]],
        Some(&before),
        |c| c.contains("Articles (5)"),
    );
    for h in &mut hosts {
        h.keys(b"jj\r");
    }
    same_screens(
        "a story whose source is quoted elsewhere",
        &[&hosts[0], &hosts[1]],
        Some(&before),
        |c| c.contains("Anna Kowalska") && c.contains("also in 1"),
    );
    for h in &mut hosts {
        h.keys(b"q");
    }
    let _ = server.kill();
    let _ = server.wait();
}

/// `host`'s screen once `test` holds of it, within the deadline.
fn wait_screen(host: &Host, what: &str, test: impl Fn(&str) -> bool) -> String {
    let end = Instant::now() + DEADLINE;
    loop {
        let c = host.screen().contents();
        if test(&c) {
            return c;
        }
        assert!(Instant::now() < end, "{}: no {what}:\n{c}", host.name);
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Over SSH a key's reader comes back to the article it read last, as the
/// local reader does: the picker opens with that article under it and
/// selected, so Enter (or Esc) is back in it. Another article is first in
/// the picker, so a reader remembered nowhere would open that one.
#[test]
fn over_ssh_a_key_comes_back_to_the_article_it_read_last() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = library(dir.path());
    let state = dir.path().join("state");
    let (mut server, port) = serve_with(
        dir.path(),
        &folder,
        &["--state-dir".as_ref(), state.as_os_str()],
    );
    let picker = |c: &str| c.contains("Articles (5)") && !c.contains("finding sources");
    let story = |c: &str| c.contains("We will rebuild the bridge") && !c.contains("Articles (5)");

    let mut first = Host::start("ssh", ssh(dir.path(), port));
    wait_screen(&first, "picker", picker);
    first.keys(b"\r");
    let opened = wait_screen(&first, "first article", |c| !c.contains("Articles (5)"));
    assert!(
        !story(&opened),
        "the picker starts on another article:\n{opened}"
    );
    first.keys(b"o");
    wait_screen(&first, "picker again", picker);
    first.keys(b"jj\r");
    wait_screen(&first, "the story", story);
    first.keys(b"q");
    let end = Instant::now() + DEADLINE;
    while first.child.try_wait().expect("wait").is_none() {
        assert!(Instant::now() < end, "the reader quits");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The server saves a key's positions once its session has ended.
    let saved = || {
        std::fs::read_dir(state.join("keys"))
            .into_iter()
            .flatten()
            .flatten()
            .any(|key| key.path().join("positions.json").is_file())
    };
    while !saved() {
        assert!(Instant::now() < end, "the key's positions are saved");
        std::thread::sleep(Duration::from_millis(50));
    }

    let mut again = Host::start("ssh", ssh(dir.path(), port));
    wait_screen(&again, "picker on return", picker);
    again.keys(b"\r");
    wait_screen(&again, "the story read last", story);
    again.keys(b"q");
    let _ = server.kill();
    let _ = server.wait();
}

/// The shared scan reaches SSH readers: a reader who connects to a server
/// of the 29-article corpus sees every article's source count fill in
/// without opening any of them.
#[test]
fn over_ssh_the_picker_counts_every_article_of_a_corpus_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/articles");
    let articles = std::fs::read_dir(&folder)
        .expect("corpus")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "txt"))
        })
        .count();
    assert!(articles >= 29, "the corpus has its articles");
    let (mut server, port) = serve(dir.path(), &folder);
    let started = Instant::now();
    let mut host = Host::start("ssh", ssh(dir.path(), port));
    // Tall enough for every article's row at once.
    host.resize(100, u16::try_from(articles + 10).expect("rows"));
    let title = format!("Articles ({articles})");
    let end = Instant::now() + DEADLINE;
    loop {
        let c = host.screen().contents();
        let counted = c.lines().filter(|l| l.contains(" source")).count();
        if c.contains(&title) && counted == articles {
            break;
        }
        assert!(
            Instant::now() < end,
            "{counted} of {articles} counts after {:?}:\n{c}",
            started.elapsed()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!(
        "ssh: {articles} picker counts in {:?} from connecting",
        started.elapsed()
    );
    host.keys(b"q");
    let _ = server.kill();
    let _ = server.wait();
}

/// A 10 MB article over SSH opens at its first screen as it does locally
/// (the one driver shows the file's start while the whole is read; see
/// `Driver`'s `a_big_file_shows_its_start_before_the_whole_is_read` for the
/// order), and the whole is there once read: `G` reaches its last words.
#[test]
fn over_ssh_a_ten_mb_article_opens_at_its_first_screen() {
    const LAST: &str = "These are the last words of the big article.";
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("big");
    std::fs::create_dir(&folder).expect("folder");
    let mut text = crate::support_big::big_article(crate::support_big::TEN_MB);
    text.push_str("\n\n");
    text.push_str(LAST);
    text.push('\n');
    assert!(text.len() > crate::support_big::TEN_MB);
    std::fs::write(folder.join("big.txt"), text).expect("write");
    let (mut server, port) = serve(dir.path(), &folder);
    let mut host = Host::start("ssh", ssh(dir.path(), port));
    let wait_for = |host: &Host, what: &str| {
        let end = Instant::now() + DEADLINE;
        loop {
            let c = host.screen().contents();
            if c.contains(what) {
                return c;
            }
            assert!(Instant::now() < end, "no {what:?} on:\n{c}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let first = wait_for(&host, crate::support_big::FIRST_SCREEN_MARK);
    assert!(!first.contains(LAST), "{first}");
    // The Article pane, then its end.
    host.keys(b"\t\tG");
    wait_for(&host, LAST);
    host.keys(b"q");
    let _ = server.kill();
    let _ = server.wait();
}
