//! `whosaid serve` as readers meet it: the real binary, reached with the
//! real OpenSSH client in a pseudo-terminal (its output parsed by vt100),
//! and with russh's client for what OpenSSH won't send (garbage, huge
//! pastes, several sessions at once). Every wait has a deadline.

use crate::pty_support;

use pty_support::article_pane;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::ChannelMsg;
use russh::keys::PrivateKeyWithHashAlg;

const DEADLINE: Duration = Duration::from_secs(20);
const SEED: &str = "content/2024-03-24-kyiv-lviv-strikes.txt";

fn three_panes(c: &str) -> bool {
    ["Sources", "Passages", "Article"]
        .iter()
        .all(|p| c.contains(p))
}

struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
    log: Arc<Mutex<String>>,
}

fn keygen(path: &Path) {
    let st = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
        .arg(path)
        .status()
        .expect("ssh-keygen runs (openssh-client is installed by .ci/run)");
    assert!(st.success());
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        Self::start_with_env(extra, &[])
    }

    fn start_with_env(extra: &[&str], env: &[(&str, &str)]) -> Server {
        Self::start_with_keys(extra, env, &["id"])
    }

    /// A server letting in the keys named (made here, beside `id` and
    /// `stranger`, who is never let in).
    fn start_with_keys(extra: &[&str], env: &[(&str, &str)], authorized: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        keygen(&dir.path().join("id"));
        keygen(&dir.path().join("stranger"));
        let mut keys = String::new();
        for name in authorized {
            if !dir.path().join(name).exists() {
                keygen(&dir.path().join(name));
            }
            let public = dir.path().join(format!("{name}.pub"));
            keys.push_str(&std::fs::read_to_string(public).expect("public key"));
        }
        std::fs::write(dir.path().join("authorized_keys"), keys).expect("authorized_keys");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_whosaid"));
        cmd.args(["serve", "--listen", "127.0.0.1:0"]);
        if !extra.contains(&"--host-key") {
            cmd.arg("--host-key").arg(dir.path().join("host_key"));
        }
        if !extra.contains(&"--open") {
            cmd.arg("--authorized-keys")
                .arg(dir.path().join("authorized_keys"));
        }
        let mut child = cmd
            .envs(env.iter().copied())
            .args(extra)
            .arg(SEED)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("server starts");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        let log2 = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on 127.0.0.1:").nth(1) {
                    let _ = tx.send(rest.trim().parse::<u16>().expect("port"));
                }
                let mut l = log2.lock().expect("log");
                l.push_str(&line);
                l.push('\n');
            }
        });
        let port = rx
            .recv_timeout(DEADLINE)
            .expect("server says where it listens");
        Server {
            child,
            port,
            dir,
            log,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn log(&self) -> String {
        self.log.lock().expect("log").clone()
    }

    fn wait_log(&self, needle: &str) -> bool {
        let end = Instant::now() + DEADLINE;
        while Instant::now() < end {
            if self.log().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// OpenSSH client arguments that touch nothing of the user's own setup.
    fn ssh_args(&self, key: &str) -> Vec<String> {
        let kh = self.path("known_hosts");
        vec![
            "-F".into(),
            "/dev/null".into(),
            "-p".into(),
            self.port.to_string(),
            "-o".into(),
            "StrictHostKeyChecking=accept-new".into(),
            "-o".into(),
            format!("UserKnownHostsFile={}", kh.display()),
            "-o".into(),
            "IdentitiesOnly=yes".into(),
            "-o".into(),
            "BatchMode=yes".into(),
            "-o".into(),
            "ConnectTimeout=10".into(),
            "-i".into(),
            self.path(key).display().to_string(),
        ]
    }

    fn ssh(&self, key: &str) -> Command {
        let mut c = Command::new("ssh");
        c.args(self.ssh_args(key));
        c.env_remove("SSH_AUTH_SOCK");
        c
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn output_with_deadline(mut cmd: Command) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let end = Instant::now() + DEADLINE;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > end {
            let _ = child.kill();
            panic!("command did not finish in time: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

// ---------------------------------------------------------------- OpenSSH in a pty

struct PtySsh {
    master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// While set, nobody reads the terminal: the client's output backs up.
    paused: Arc<std::sync::atomic::AtomicBool>,
}

impl PtySsh {
    fn spawn(server: &Server, cols: u16, rows: u16, env: &[(&str, &str)]) -> PtySsh {
        Self::spawn_as(server, "id", cols, rows, env)
    }

    /// OpenSSH in a pty, authenticating with the key named `key`.
    fn spawn_as(server: &Server, key: &str, cols: u16, rows: u16, env: &[(&str, &str)]) -> PtySsh {
        use portable_pty::CommandBuilder;
        let mut cmd = CommandBuilder::new("ssh");
        cmd.arg("-tt");
        for a in server.ssh_args(key) {
            cmd.arg(a);
        }
        for (k, v) in env {
            cmd.env(k, v);
            cmd.args(["-o", &format!("SendEnv={k}")]);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("SSH_AUTH_SOCK");
        cmd.arg("127.0.0.1");
        let run = pty_support::spawn(cmd, cols, rows, ());
        PtySsh {
            master: run.master,
            writer: run.writer,
            child: run.child,
            screen: run.parser,
            paused: run.paused,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) {
        let end = Instant::now() + DEADLINE;
        loop {
            let c = self.contents();
            if pred(&c) {
                return;
            }
            assert!(
                Instant::now() < end,
                "timed out waiting for {what}; screen:\n{c}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn keys(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("type");
        self.writer.flush().expect("flush");
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(portable_pty::PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        self.screen.lock().expect("screen").set_size(
            rows.try_into().expect("rows"),
            cols.try_into().expect("cols"),
        );
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let end = Instant::now() + DEADLINE;
        loop {
            if let Some(st) = self.child.try_wait().expect("wait") {
                return st;
            }
            assert!(
                Instant::now() < end,
                "ssh did not exit; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for PtySsh {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// The issue's end-to-end run: OpenSSH in a pseudo-terminal sees the three
/// panes, selects a source (key and mouse), jumps to its passages, resizes,
/// and quits with `q`, leaving the terminal as it was.
#[test]
fn openssh_reader_end_to_end() {
    let server = Server::start(&[]);
    let mut ssh = PtySsh::spawn(&server, 80, 24, &[("NO_COLOR", "1")]);
    ssh.wait_for("the three panes", three_panes);
    for name in ["Klitschko", "Sadovy", "Gladkov"] {
        ssh.wait_for(name, |c| c.contains(name));
    }
    {
        let p = ssh.screen.lock().expect("screen");
        let s = p.screen();
        assert!(s.alternate_screen(), "reader runs on the alternate screen");
        // NO_COLOR came from this client's environment request.
        for row in 0..24 {
            for col in 0..80 {
                let cell = s.cell(row, col).expect("cell");
                assert_eq!(cell.fgcolor(), vt100::Color::Default, "at {row},{col}");
                assert_eq!(cell.bgcolor(), vt100::Color::Default, "at {row},{col}");
            }
        }
    }
    let passages_title = |who: &'static str| {
        move |c: &str| {
            c.lines()
                .any(|l| l.contains("Passages ·") && l.contains(who))
        }
    };
    // A click on the fourth source (row 6, 1-based, in SGR mouse form).
    ssh.keys(b"\x1b[<0;5;6M\x1b[<0;5;6m");
    ssh.wait_for("Sadovy clicked", passages_title("Sadovy"));
    ssh.keys(b"6");
    ssh.wait_for("Gladkov selected", passages_title("Gladkov"));
    let pane = |ssh: &PtySsh| article_pane(ssh.screen.lock().expect("screen").screen());
    ssh.keys(b"]");
    let end = Instant::now() + DEADLINE;
    while !pane(&ssh).contains("According to the regional governor") {
        assert!(
            Instant::now() < end,
            "first passage; screen:\n{}",
            ssh.contents()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    ssh.keys(b"]");
    while !pane(&ssh).contains("Vyacheslav Gladkov, governor of Belgorod") {
        assert!(
            Instant::now() < end,
            "second passage; screen:\n{}",
            ssh.contents()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Narrow: tabs, one pane at a time; then wide, then back.
    ssh.resize(50, 20);
    ssh.wait_for("tabs at 50x20", |c| {
        let bar = c.lines().nth(1).unwrap_or_default();
        ["Sources", "Passages", "Article"]
            .iter()
            .all(|p| bar.contains(p))
            && c.lines().all(|l| l.chars().count() <= 50)
    });
    ssh.resize(120, 40);
    ssh.wait_for("120x40", |c| {
        three_panes(c) && c.lines().any(|l| l.chars().count() > 100)
    });
    ssh.resize(80, 24);
    ssh.wait_for("80x24 again", |c| {
        three_panes(c) && passages_title("Gladkov")(c)
    });
    ssh.keys(b"q");
    let status = ssh.wait_exit();
    assert!(status.success(), "ssh exit: {status:?}");
    let s = ssh.screen.lock().expect("screen");
    assert!(!s.screen().alternate_screen(), "alternate screen left");
    assert!(!s.screen().hide_cursor(), "cursor shown again");
    assert!(server.wait_log("ending=Quit"));
    let log = server.log();
    assert!(
        !log.contains("Gladkov") && !log.contains("Belgorod"),
        "no article text in the log"
    );
}

#[test]
fn a_reader_whose_terminal_stops_reading_is_told_and_cut_off() {
    // No CPU rest: a debug build draws slowly, and the SSH window must
    // fill within the deadline.
    let server = Server::start(&["--max-output", "65536", "--cpu-share", "1"]);
    let mut ssh = PtySsh::spawn(&server, 200, 60, &[]);
    ssh.wait_for("the three panes", three_panes);
    ssh.paused.store(true, std::sync::atomic::Ordering::SeqCst);
    // Each resize redraws the whole screen; none of it is read any more.
    // (Sizes that come faster than frames collapse into the last, so they
    // come one frame apart.)
    let end = Instant::now() + DEADLINE;
    let mut n = 0u16;
    while !server.log().contains("reader too far behind") {
        assert!(
            Instant::now() < end,
            "never cut off; log:\n{}",
            server.log()
        );
        ssh.resize(200 - n % 2, 60);
        n += 1;
        std::thread::sleep(Duration::from_millis(25));
    }
    // The client's next key is answered with the reason, past the full
    // channel.
    ssh.keys(b"j");
    std::thread::sleep(Duration::from_millis(200));
    ssh.paused.store(false, std::sync::atomic::Ordering::SeqCst);
    let status = ssh.wait_exit();
    assert!(!status.success());
    ssh.wait_for("the reason", |c| c.contains("could not keep up"));
}

#[test]
fn probe_screen_sees_keys_sizes_and_the_client_terminal() {
    let server = Server::start(&["--probe"]);
    let mut ssh = PtySsh::spawn(&server, 80, 24, &[("NO_COLOR", "1")]);
    ssh.wait_for("the first frame", |c| c.contains("size 80x24"));
    // TERM comes from the pty request, NO_COLOR from the client's env.
    ssh.wait_for("client terminal", |c| {
        c.contains("term xterm-256color no_color true")
    });
    ssh.keys(b"\x1b[6~");
    ssh.wait_for("an escape sequence", |c| c.contains("last key PageDown"));
    ssh.resize(100, 30);
    ssh.wait_for("the resize", |c| c.contains("size 100x30"));
    ssh.keys(b"q");
    assert!(ssh.wait_exit().success());
}

#[test]
fn commands_file_transfer_forwarding_and_strangers_are_refused() {
    let server = Server::start(&[]);

    // exec
    let mut c = server.ssh("id");
    c.args(["127.0.0.1", "ls"]);
    let out = output_with_deadline(c);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "no command output");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("exec request failed"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(server.wait_log("what=\"exec\""));

    // sftp
    let mut c = Command::new("sftp");
    let args = server.ssh_args("id");
    let port_at = args.iter().position(|a| a == "-p").expect("-p");
    for (i, a) in args.iter().enumerate() {
        // sftp spells the port -P.
        c.arg(if i == port_at { "-P" } else { a });
    }
    c.args(["-b", "/dev/null", "127.0.0.1"]);
    c.env_remove("SSH_AUTH_SOCK");
    let out = output_with_deadline(c);
    assert!(!out.status.success());
    assert!(server.wait_log("what=\"subsystem\""));

    // -L: the forwarded connection is refused by the server.
    let local = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let lport = local.local_addr().expect("addr").port();
    drop(local);
    let mut fwd = server.ssh("id");
    fwd.args([
        "-N",
        "-L",
        &format!("{lport}:127.0.0.1:{}", server.port),
        "127.0.0.1",
    ]);
    let mut fwd = fwd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ssh -L");
    let end = Instant::now() + DEADLINE;
    let mut sock = loop {
        if let Ok(s) = std::net::TcpStream::connect(("127.0.0.1", lport)) {
            break s;
        }
        assert!(Instant::now() < end, "ssh -L never listened");
        std::thread::sleep(Duration::from_millis(20));
    };
    sock.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let mut buf = [0u8; 64];
    // The server never opens the tunnel: ssh closes our end, nothing comes.
    assert_eq!(sock.read(&mut buf).unwrap_or(0), 0);
    assert!(server.wait_log("what=\"port forwarding\""));
    let _ = fwd.kill();
    let mut err = String::new();
    fwd.stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr");
    let _ = fwd.wait();
    assert!(err.contains("administratively prohibited"), "{err}");

    // -R
    let mut c = server.ssh("id");
    c.args([
        "-N",
        "-o",
        "ExitOnForwardFailure=yes",
        "-R",
        "0:127.0.0.1:9",
        "127.0.0.1",
    ]);
    let out = output_with_deadline(c);
    assert!(!out.status.success());
    assert!(server.wait_log("what=\"remote forwarding\""));

    // A key that is not in authorized_keys.
    let mut c = server.ssh("stranger");
    c.args(["-tt", "127.0.0.1"]);
    let out = output_with_deadline(c);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Permission denied"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(server.wait_log("authentication refused: key not authorized"));
    assert!(!server.log().contains("AAAA"), "no key material in the log");
}

#[test]
fn the_host_key_is_created_once_and_kept_across_restarts() {
    let keep = tempfile::tempdir().expect("tempdir");
    let key = keep.path().join("state").join("host_key");
    let key_arg = key.display().to_string();
    let known = keep.path().join("known_hosts");
    let connect = |server: &Server, checking: &str| {
        let mut c = Command::new("ssh");
        // First values win in ssh: these override the helper's.
        c.args(["-o", "HostKeyAlias=whosaid-test", "-o"])
            .arg(format!("UserKnownHostsFile={}", known.display()))
            .args(["-o", &format!("StrictHostKeyChecking={checking}")])
            .args(server.ssh_args("id"))
            .args(["-T", "127.0.0.1"])
            .env_remove("SSH_AUTH_SOCK");
        output_with_deadline(c)
    };
    {
        let first = Server::start(&["--host-key", &key_arg]);
        let out = connect(&first, "accept-new");
        assert!(String::from_utf8_lossy(&out.stdout).contains("ssh -t"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key)
            .expect("key saved")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let second = Server::start(&["--host-key", &key_arg]);
    let out = connect(&second, "yes");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("ssh -t"),
        "same host key, so strict checking passes: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn without_a_pty_the_client_is_told_how_to_connect() {
    let server = Server::start(&[]);
    let mut c = server.ssh("id");
    c.args(["-T", "127.0.0.1"]);
    let out = output_with_deadline(c);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ssh -t"), "{text}");
    assert!(!out.status.success());
}

// ---------------------------------------------------------------- russh client

struct Client;

impl russh::client::Handler for Client {
    type Error = russh::Error;
    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

struct Reader {
    _handle: russh::client::Handle<Client>,
    channel: russh::Channel<russh::client::Msg>,
    screen: vt100::Parser,
    text: Vec<u8>,
    closed: bool,
}

async fn connect(server: &Server, key: &str) -> russh::client::Handle<Client> {
    let config = Arc::new(russh::client::Config::default());
    let mut handle = russh::client::connect(config, ("127.0.0.1", server.port), Client)
        .await
        .expect("connects");
    let key = russh::keys::load_secret_key(server.path(key), None).expect("key");
    let auth = handle
        .authenticate_publickey("reader", PrivateKeyWithHashAlg::new(Arc::new(key), None))
        .await
        .expect("auth runs");
    assert!(auth.success(), "authenticated");
    handle
}

impl Reader {
    async fn open(server: &Server, cols: u16, rows: u16) -> Reader {
        let handle = connect(server, "id").await;
        let channel = handle.channel_open_session().await.expect("session");
        channel
            .request_pty(true, "xterm", cols.into(), rows.into(), 0, 0, &[])
            .await
            .expect("pty");
        channel.request_shell(true).await.expect("shell");
        Reader {
            _handle: handle,
            channel,
            screen: vt100::Parser::new(
                rows.try_into().expect("rows"),
                cols.try_into().expect("cols"),
                0,
            ),
            text: Vec::new(),
            closed: false,
        }
    }

    /// Reads until `pred` holds for the screen (or the raw text after the
    /// reader left the alternate screen), the channel closes, or the deadline.
    async fn wait_for(&mut self, pred: impl Fn(&str) -> bool) -> bool {
        let end = tokio::time::Instant::now() + DEADLINE;
        loop {
            if pred(&self.screen.screen().contents()) {
                return true;
            }
            if self.closed {
                return false;
            }
            match tokio::time::timeout_at(end, self.channel.wait()).await {
                Err(_) => return false,
                Ok(None | Some(ChannelMsg::Close)) => self.closed = true,
                Ok(Some(ChannelMsg::Data { data })) => {
                    self.screen.process(&data);
                    self.text.extend_from_slice(&data);
                }
                Ok(Some(_)) => {}
            }
        }
    }

    fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.text).into_owned()
    }
}

#[tokio::test]
async fn garbage_and_a_100k_paste_crash_neither_session_nor_server() {
    let server = Server::start(&[]);
    let mut r = Reader::open(&server, 80, 24).await;
    assert!(r.wait_for(three_panes).await);

    // Bytes no terminal sends: broken escapes, invalid UTF-8, NULs,
    // unterminated CSI and OSC, a mouse report with absurd coordinates.
    let mut garbage = Vec::new();
    let mut x: u32 = 0x1234_5678;
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        garbage.push(x.to_le_bytes()[0]);
    }
    garbage.extend_from_slice(b"\x1b[<0;99999;99999M\x1b[999999999999A\x1b]52;c;\xff\xfe\x1b[");
    for chunk in garbage.chunks(1000) {
        // Without the bytes of the quit keys (q, Ctrl-Q, Ctrl-C), so the
        // session must still be there afterwards.
        let clean: Vec<u8> = chunk
            .iter()
            .map(|&b| {
                if matches!(b, b'q' | 0x11 | 0x03) {
                    b'x'
                } else {
                    b
                }
            })
            .collect();
        r.channel.data(&clean[..]).await.expect("send garbage");
    }
    // A 100 kB bracketed paste, in one go.
    let body = "pasted words q ".repeat(100_000 / 15);
    let mut paste = b"\x1b[200~".to_vec();
    paste.extend_from_slice(body.as_bytes());
    paste.extend_from_slice(b"\x1b[201~");
    r.channel.data(&paste[..]).await.expect("send paste");
    // Esc closes whatever the garbage opened; then the reader answers keys.
    // The garbage's thousands of keys filled the type-ahead buffer (the
    // excess dropped) and drain at the reader's key rate: until they have,
    // these keys may be dropped too, so they are sent until answered.
    let end = Instant::now() + DEADLINE;
    let mut answered = false;
    while !answered && Instant::now() < end {
        r.channel.data(&b"\x1b"[..]).await.expect("esc");
        tokio::time::sleep(Duration::from_millis(100)).await;
        r.channel.data(&b"?"[..]).await.expect("send key");
        answered = tokio::time::timeout(
            Duration::from_secs(1),
            r.wait_for(|c| c.contains("this help")),
        )
        .await
        .unwrap_or(false);
    }
    assert!(
        answered,
        "session alive; screen:\n{}\nlog:\n{}",
        r.screen.screen().contents(),
        server.log()
    );
    assert!(!r.closed);

    // The server still takes new readers.
    let mut r2 = Reader::open(&server, 80, 24).await;
    assert!(r2.wait_for(three_panes).await);
    assert!(!server.log().contains("panicked"));
}

#[tokio::test]
async fn split_sequences_resize_and_clamp_over_russh() {
    let server = Server::start(&["--probe"]);
    let mut r = Reader::open(&server, 80, 24).await;
    assert!(r.wait_for(|c| c.contains("size 80x24")).await);
    for b in b"\x1b[5~" {
        r.channel.data(&[*b][..]).await.expect("byte");
    }
    assert!(r.wait_for(|c| c.contains("last key PageUp")).await);
    r.channel
        .window_change(60_000, 60_000, 0, 0)
        .await
        .expect("resize");
    r.screen
        .set_size(200.try_into().expect("rows"), 500.try_into().expect("cols"));
    assert!(r.wait_for(|c| c.contains("size 500x200")).await);
    r.channel.data(&b"q"[..]).await.expect("q");
    assert!(!r.wait_for(|_| false).await);
    assert!(
        r.raw_text().ends_with("\x1b[?1049l"),
        "terminal restored last"
    );
}

#[tokio::test]
async fn a_crashing_screen_ends_only_its_own_session() {
    let server = Server::start_with_env(&["--probe"], &[("WHOSAID_DEBUG_PANIC", "1")]);
    let mut other = Reader::open(&server, 80, 24).await;
    assert!(other.wait_for(|c| c.contains("size 80x24")).await);
    let mut r = Reader::open(&server, 80, 24).await;
    assert!(r.wait_for(|c| c.contains("size 80x24")).await);
    r.channel.data(&b"!"[..]).await.expect("key");
    assert!(!r.wait_for(|_| false).await, "closed");
    assert!(r.raw_text().contains("internal error"));
    assert!(r.raw_text().contains("\x1b[?1049l"), "terminal restored");
    assert!(server.wait_log("reader crashed"));
    other.channel.data(&b"j"[..]).await.expect("key");
    assert!(other.wait_for(|c| c.contains("last key Char('j')")).await);
}

#[tokio::test]
async fn agent_and_x11_requests_are_refused() {
    let server = Server::start(&[]);
    let handle = connect(&server, "id").await;
    let mut ch = handle.channel_open_session().await.expect("session");
    ch.agent_forward(true).await.expect("ask");
    let end = tokio::time::Instant::now() + DEADLINE;
    let mut failures = 0;
    ch.request_x11(true, false, "MIT-MAGIC-COOKIE-1", "00", 0)
        .await
        .expect("ask");
    while failures < 2 {
        match tokio::time::timeout_at(end, ch.wait())
            .await
            .expect("replies")
        {
            Some(ChannelMsg::Failure) => failures += 1,
            Some(ChannelMsg::Success) => panic!("a forwarding request was accepted"),
            Some(_) => {}
            None => panic!("channel closed"),
        }
    }
    assert!(server.wait_log("what=\"agent forwarding\""));
    assert!(server.wait_log("what=\"x11\""));
}

#[tokio::test]
async fn a_full_server_says_so_politely() {
    let server = Server::start(&["--max-sessions", "1"]);
    let mut first = Reader::open(&server, 80, 24).await;
    assert!(first.wait_for(three_panes).await);
    let mut second = Reader::open(&server, 80, 24).await;
    assert!(!second.wait_for(|_| false).await, "closed");
    // One place: the singular.
    assert!(
        second.raw_text().contains("the one reading place is taken"),
        "{}",
        second.raw_text()
    );
    // The first reader is unaffected.
    first.channel.data(&b"?"[..]).await.expect("key");
    assert!(first.wait_for(|c| c.contains("this help")).await);
}

#[tokio::test]
async fn idle_readers_are_closed_with_a_message() {
    let server = Server::start(&["--idle-timeout", "1s"]);
    let mut r = Reader::open(&server, 80, 24).await;
    assert!(!r.wait_for(|_| false).await, "closed");
    assert!(r.raw_text().contains("closed after being idle"));
    assert!(r.raw_text().contains("\x1b[?1049l"));
}

#[tokio::test]
async fn sigterm_tells_readers_and_exits_cleanly() {
    let mut server = Server::start(&[]);
    let mut r = Reader::open(&server, 80, 24).await;
    assert!(r.wait_for(three_panes).await);
    let st = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(st.success());
    assert!(!r.wait_for(|_| false).await, "closed");
    assert!(r.raw_text().contains("shutting down"));
    let end = Instant::now() + DEADLINE;
    let status = loop {
        if let Some(st) = server.child.try_wait().expect("wait") {
            break st;
        }
        assert!(Instant::now() < end, "server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    assert!(server.wait_log("stopped"));
}

#[test]
fn too_many_connections_from_one_address_are_turned_away() {
    let server = Server::start(&["--max-per-address", "2"]);
    let _a = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("a");
    let _b = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("b");
    assert!(server.wait_log("conn=2"));
    let mut c = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("c");
    c.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let mut text = String::new();
    let _ = c.read_to_string(&mut text);
    assert!(text.contains("too many connections"), "{text:?}");
}

/// A reader at 500x200 over a socket that stops being read once `stopped`
/// is set, with a small window, so the server soon has to hold output back.
async fn slow_reader(
    server: &Server,
    stopped: Arc<std::sync::atomic::AtomicBool>,
) -> (
    russh::client::Handle<Client>,
    russh::Channel<russh::client::Msg>,
) {
    let socket = tokio::net::TcpStream::connect(("127.0.0.1", server.port))
        .await
        .expect("tcp");
    let config = Arc::new(russh::client::Config {
        window_size: 16 * 1024,
        ..Default::default()
    });
    let stream = Stoppable {
        inner: socket,
        stopped,
    };
    let mut slow = russh::client::connect_stream(config, stream, Client)
        .await
        .expect("connects");
    let key = russh::keys::load_secret_key(server.path("id"), None).expect("key");
    let auth = slow
        .authenticate_publickey("slow", PrivateKeyWithHashAlg::new(Arc::new(key), None))
        .await
        .expect("auth runs");
    assert!(auth.success());
    let ch = slow.channel_open_session().await.expect("session");
    ch.request_pty(true, "xterm", 500, 200, 0, 0, &[])
        .await
        .expect("pty");
    ch.request_shell(true).await.expect("shell");
    (slow, ch)
}

/// A client socket whose reading can be stopped: a reader on a link that
/// no longer takes anything.
struct Stoppable {
    inner: tokio::net::TcpStream,
    stopped: Arc<std::sync::atomic::AtomicBool>,
}

impl tokio::io::AsyncRead for Stoppable {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if self.stopped.load(std::sync::atomic::Ordering::SeqCst) {
            return std::task::Poll::Pending;
        }
        std::pin::Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Stoppable {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_too_far_behind_is_cut_off_without_holding_up_others() {
    let server = Server::start(&["--probe", "--max-output", "65536", "--cpu-share", "1"]);
    let stopped = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (_slow, mut ch) = slow_reader(&server, stopped.clone()).await;
    let end = tokio::time::Instant::now() + DEADLINE;
    loop {
        match tokio::time::timeout_at(end, ch.wait())
            .await
            .expect("first frame")
        {
            Some(ChannelMsg::Data { .. }) => break,
            Some(_) => {}
            None => panic!("closed"),
        }
    }
    stopped.store(true, std::sync::atomic::Ordering::SeqCst);

    let mut other = Reader::open(&server, 80, 24).await;
    assert!(other.wait_for(|c| c.contains("size 80x24")).await);
    // Each batch of resizes makes the slow reader's screen redraw in full
    // (sizes in a row collapse into the last, which alternates from one
    // batch to the next); none of it can reach the client.
    let mut n = 0u32;
    while !server.log().contains("reader too far behind") {
        assert!(n < 20_000, "never cut off; log:\n{}", server.log());
        for _ in 0..50 {
            let w = if (n + n / 50).is_multiple_of(2) {
                500
            } else {
                499
            };
            if ch.window_change(w, 200, 0, 0).await.is_err() {
                break;
            }
            n += 1;
        }
        // Meanwhile the other reader is answered as usual.
        other.channel.data(&b"j"[..]).await.expect("key");
        let want = format!("events {} ", n / 50);
        assert!(
            other.wait_for(|c| c.contains(&want)).await,
            "other reader held up; screen:\n{}",
            other.screen.screen().contents()
        );
    }
    other.channel.data(&b"k"[..]).await.expect("key");
    assert!(other.wait_for(|c| c.contains("last key Char('k')")).await);
    assert!(server.wait_log("disconnected conn=1"));
}

// ------------------------------------------------- issue 16: limits under attack

/// Waits until the connection behind `handle` is closed by the server.
async fn closed_by_server(handle: &russh::client::Handle<Client>) -> bool {
    let end = tokio::time::Instant::now() + DEADLINE;
    while tokio::time::Instant::now() < end {
        if handle.is_closed() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

/// Each refused exec channel used to leave state behind until the
/// connection ended (russh drops the client's close of a channel the
/// server closed first), so one connection could grow without end. Opens
/// over a connection's life are now bounded.
#[tokio::test]
async fn channels_over_one_connection_are_bounded() {
    let server = Server::start(&[]);
    let handle = connect(&server, "id").await;
    let mut opened = 0;
    for _ in 0..200 {
        let Ok(mut ch) = handle.channel_open_session().await else {
            break;
        };
        opened += 1;
        ch.exec(true, "ls").await.expect("ask");
        let end = tokio::time::Instant::now() + DEADLINE;
        loop {
            match tokio::time::timeout_at(end, ch.wait())
                .await
                .expect("answer")
            {
                None | Some(ChannelMsg::Close) => break,
                Some(ChannelMsg::Success) => panic!("exec accepted"),
                Some(_) => {}
            }
        }
    }
    assert!(opened < 200, "every channel was opened");
    assert!(opened >= 8, "a few channels are fine: {opened}");
    assert!(server.wait_log("channel limit of this connection reached"));
    // The connection itself, and the server, carry on.
    assert!(!handle.is_closed());
    let mut r = Reader::open(&server, 80, 24).await;
    assert!(r.wait_for(three_panes).await);
}

/// A reader that ended gives its place back at once, though the server
/// never hears the client's close of that channel.
#[tokio::test]
async fn ended_readers_give_their_places_back() {
    let server = Server::start(&["--probe", "--max-sessions", "2"]);
    let mut kept = Vec::new();
    for _ in 0..2 {
        let mut r = Reader::open(&server, 80, 24).await;
        assert!(r.wait_for(|c| c.contains("size 80x24")).await);
        r.channel.data(&b"q"[..]).await.expect("q");
        assert!(!r.wait_for(|_| false).await, "closed");
        // Its connection stays open.
        kept.push(r);
    }
    assert!(server.wait_log("reader ended"));
    let mut third = Reader::open(&server, 80, 24).await;
    assert!(
        third.wait_for(|c| c.contains("size 80x24")).await,
        "{}\nlog:\n{}",
        third.raw_text(),
        server.log()
    );
    assert!(!third.raw_text().contains("reading place"));
}

/// An authenticated connection that never starts a reader is cut after a
/// short grace, never later than the idle timeout.
#[tokio::test]
async fn connections_without_a_reader_are_cut() {
    let server = Server::start(&["--idle-timeout", "2s"]);
    let bare = connect(&server, "id").await;
    // A channel that never asks for a shell is no reader either.
    let half = connect(&server, "id").await;
    let _ch = half.channel_open_session().await.expect("session");
    assert!(closed_by_server(&bare).await, "bare connection still open");
    assert!(
        closed_by_server(&half).await,
        "half-open connection still open"
    );
    assert!(server.wait_log("no reader on this connection"));
}

/// Authenticated connections without a reader are capped on their own:
/// past the cap the one that waited longest is dropped, so a crowd of them
/// never keeps a reader out.
#[tokio::test]
async fn connections_without_a_reader_are_capped_apart_from_readers() {
    let server = Server::start(&["--max-sessions", "4", "--max-per-address", "30"]);
    let oldest = connect(&server, "id").await;
    let mut idle = Vec::new();
    for _ in 0..7 {
        idle.push(connect(&server, "id").await);
    }
    assert!(!oldest.is_closed());
    let mut r = Reader::open(&server, 80, 24).await;
    assert!(r.wait_for(three_panes).await);
    assert!(
        closed_by_server(&oldest).await,
        "oldest idle connection kept"
    );
    assert!(server.wait_log("too many connections without a reader"));
    assert!(idle.iter().all(|h| !h.is_closed()));
}

fn signal_stops_cleanly(signal: &str) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let mut server = Server::start(&[]);
        let mut r = Reader::open(&server, 80, 24).await;
        assert!(r.wait_for(three_panes).await);
        let st = Command::new("kill")
            .args([signal, &server.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(st.success());
        assert!(!r.wait_for(|_| false).await, "closed");
        assert!(r.raw_text().contains("shutting down"));
        assert!(r.raw_text().contains("\x1b[?1049l"), "terminal restored");
        let end = Instant::now() + DEADLINE;
        let status = loop {
            if let Some(st) = server.child.try_wait().expect("wait") {
                break st;
            }
            assert!(Instant::now() < end, "server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{status:?}");
        assert!(server.wait_log("stopped"));
    });
}

#[test]
fn sighup_stops_like_sigterm() {
    signal_stops_cleanly("-HUP");
}

/// A reader whose client stopped reading cannot hold shutdown up: it is
/// cut and the server exits cleanly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_cuts_clients_that_stopped_reading() {
    let mut server = Server::start(&["--probe"]);
    let stopped = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (_slow, ch) = slow_reader(&server, stopped.clone()).await;
    assert!(server.wait_log("reader started"));
    stopped.store(true, std::sync::atomic::Ordering::SeqCst);
    // Fill what the window and the socket take.
    for n in 0..200u32 {
        let w = if n.is_multiple_of(2) { 500 } else { 499 };
        if ch.window_change(w, 200, 0, 0).await.is_err() {
            break;
        }
    }
    let st = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(st.success());
    let end = Instant::now() + DEADLINE;
    let status = loop {
        if let Some(st) = server.child.try_wait().expect("wait") {
            break st;
        }
        assert!(Instant::now() < end, "server did not exit");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(status.success(), "{status:?}");
    assert!(server.wait_log("stopped"), "{}", server.log());
}

/// Over the per-address limit, OpenSSH shows why.
#[test]
fn openssh_shows_why_a_connection_was_refused() {
    let server = Server::start(&["--max-per-address", "1"]);
    let _held = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("held");
    assert!(server.wait_log("conn=1"));
    let mut c = server.ssh("id");
    c.args(["127.0.0.1", "true"]);
    let out = output_with_deadline(c);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("too many connections from your address"),
        "{err}"
    );
    assert!(!err.contains("Connection reset"), "{err}");
}

#[tokio::test]
async fn a_served_fifo_cannot_be_opened_and_says_so() {
    let fifos = tempfile::tempdir().expect("tempdir");
    let fifo = fifos.path().join("a-pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo: case skipped");
        return;
    }
    let fifo_arg = fifo.display().to_string();
    // The FIFO first, then the seed: the picker shows with the FIFO
    // selected. Nobody writes to it, so an open() that waits hangs.
    let server = Server::start(&[&fifo_arg]);
    let mut r = Reader::open(&server, 100, 30).await;
    assert!(
        r.wait_for(|c| c.contains("pipe")).await,
        "picker; screen:\n{}",
        r.screen.screen().contents()
    );
    r.channel.data(&b"\r"[..]).await.expect("enter");
    assert!(
        r.wait_for(|c| c.contains("Cannot open") && c.contains("not a regular file"))
            .await,
        "screen:\n{}\nlog:\n{}",
        r.screen.screen().contents(),
        server.log()
    );
    // Nothing is being analysed, so no progress may show.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _ = tokio::time::timeout(Duration::from_millis(300), r.wait_for(|_| false)).await;
    let screen = r.screen.screen().contents();
    assert!(!screen.contains("Finding sources"), "{screen}");
    // The other article still opens.
    r.channel.data(&b"o"[..]).await.expect("picker");
    r.channel.data(&b"j\r"[..]).await.expect("next");
    assert!(
        r.wait_for(three_panes).await,
        "{}",
        r.screen.screen().contents()
    );
}

#[tokio::test]
async fn articles_over_max_size_show_too_big_and_are_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let small = dir.path().join("a-short-one.txt");
    std::fs::write(&small, "Ann Lee said the bridge would open.\n").expect("write");
    let small_arg = small.display().to_string();
    // The seed is some 5 KiB: over the limit.
    let server = Server::start(&["--max-size", "2K", &small_arg]);
    let mut r = Reader::open(&server, 100, 30).await;
    assert!(
        r.wait_for(|c| c.contains("too big")).await,
        "picker; screen:\n{}",
        r.screen.screen().contents()
    );
    r.channel.data(&b"j\r"[..]).await.expect("open the seed");
    // Refused with its reason; the reader stays where it was.
    assert!(
        r.wait_for(|c| c.contains("cannot open") && c.contains("the limit is 2 KiB"))
            .await,
        "screen:\n{}",
        r.screen.screen().contents()
    );
}

#[test]
fn a_reader_that_accepts_no_output_is_cut_and_the_log_says_which() {
    // An outbox big enough never to overflow, so it is the stall that cuts.
    // No CPU rest either: a debug build draws slowly, and the SSH window
    // must fill within the deadline.
    let server = Server::start(&[
        "--max-output",
        "200000000",
        "--stall-limit",
        "1s",
        "--cpu-share",
        "1",
    ]);
    let mut ssh = PtySsh::spawn(&server, 200, 60, &[]);
    ssh.wait_for("the three panes", three_panes);
    let conn = server
        .log()
        .lines()
        .find(|l| l.contains("reader started"))
        .and_then(|l| l.split("conn=").nth(1))
        .and_then(|r| r.split_whitespace().next())
        .map(str::to_owned)
        .expect("the start names the connection");
    ssh.paused.store(true, std::sync::atomic::Ordering::SeqCst);
    // Redraws pile up until the SSH window is full and nothing moves (one
    // frame apart: sizes that come faster collapse into the last).
    let end = Instant::now() + DEADLINE;
    let mut n = 0u16;
    let line = loop {
        if let Some(l) = server
            .log()
            .lines()
            .find(|l| l.contains("accepted no output"))
        {
            break l.to_owned();
        }
        assert!(Instant::now() < end, "never cut; log:\n{}", server.log());
        if n < 2000 {
            ssh.resize(200 - n % 2, 60);
            n += 1;
        }
        std::thread::sleep(Duration::from_millis(25));
    };
    assert!(line.contains(&format!("conn={conn}")), "{line}");
    assert!(line.contains("peer="), "{line}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_faster_than_frames_are_answered_together_by_the_latest_state() {
    let server = Server::start(&[]);
    let mut r = Reader::open(&server, 80, 24).await;
    assert!(r.wait_for(three_panes).await);
    // 400 keys, each its own SSH message a millisecond or so apart, far
    // faster than a person types: one frame per key would be 400 frames.
    let started = Instant::now();
    for i in 0..400 {
        let key: &[u8] = if i % 2 == 0 { b"j" } else { b"k" };
        r.channel.data(key).await.expect("key");
        // Apart, so that they don't simply queue up behind one frame.
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    // The last key's effect shows: the latest state is drawn.
    r.channel.data(&b"?"[..]).await.expect("help");
    assert!(r.wait_for(|c| c.contains("this help")).await);
    let elapsed = started.elapsed();
    // Esc closes the help (alone: Esc then q at once would be Alt-q).
    r.channel.data(&b"\x1b"[..]).await.expect("esc");
    tokio::time::sleep(Duration::from_millis(100)).await;
    r.channel.data(&b"q"[..]).await.expect("quit");
    assert!(server.wait_log("reader ended"), "{}", server.log());
    let frames: u128 = server
        .log()
        .lines()
        .find(|l| l.contains("reader ended"))
        .and_then(|l| l.split("frames=").nth(1))
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the log counts frames");
    // At most one frame per 16 ms, and the few before the burst.
    let bound = elapsed.as_millis() / 16 + 4;
    assert!(
        frames <= bound,
        "{frames} frames in {elapsed:?} for 401 keys"
    );
}

/// The probe's count of events handled.
fn probe_events(screen: &str) -> Option<usize> {
    let rest = screen.split("events ").nth(1)?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Keys are handled at a bounded rate per reader (a burst, then a steady
/// rate); what comes faster waits in a bounded type-ahead buffer whose
/// excess is dropped, so a client sending keys as fast as its link allows
/// costs the server no more than a fast typist (issue 16 item 6).
#[tokio::test]
async fn keys_are_limited_per_reader() {
    let server = Server::start(&["--probe"]);
    let mut r = Reader::open(&server, 80, 24).await;
    assert!(r.wait_for(|c| probe_events(c) == Some(0)).await);
    r.channel.data(&[b'x'; 1000][..]).await.expect("keys");
    assert!(r.wait_for(|c| probe_events(c).is_some_and(|n| n > 0)).await);
    let first = probe_events(&r.screen.screen().contents()).expect("count");
    assert!(
        first <= 130,
        "{first} keys handled at once; log:\n{}",
        server.log()
    );
    assert!(
        r.wait_for(|c| probe_events(c) == Some(256)).await,
        "the type-ahead buffer's worth; screen:\n{}",
        r.screen.screen().contents()
    );
    // Nothing more comes of the 744 dropped.
    let more = tokio::time::timeout(
        Duration::from_millis(500),
        r.wait_for(|c| probe_events(c) != Some(256)),
    )
    .await;
    assert!(more.is_err(), "{}", r.screen.screen().contents());
    assert!(server.wait_log("dropping keys"));
    // And the reader still answers a key.
    r.channel.data(&b"j"[..]).await.expect("key");
    assert!(r.wait_for(|c| probe_events(c) == Some(257)).await);
}

/// The header's reading position, `¶N/M`.
fn header_position(screen: &str) -> Option<String> {
    screen
        .lines()
        .next()?
        .split_whitespace()
        .find(|w| w.starts_with('¶'))
        .map(str::to_owned)
}

/// Reads the seed over OpenSSH, goes to its end and quits; gives the
/// position shown at the start and at the end.
fn read_to_the_end(server: &Server) -> (String, String) {
    let mut ssh = PtySsh::spawn(server, 80, 24, &[]);
    ssh.wait_for("a position", |c| header_position(c).is_some());
    let start = header_position(&ssh.contents()).expect("position");
    ssh.keys(b"\t\tG");
    ssh.wait_for("the end", |c| {
        header_position(c).is_some_and(|p| p != start)
    });
    let end = header_position(&ssh.contents()).expect("position");
    ssh.keys(b"q");
    assert!(ssh.wait_exit().success());
    (start, end)
}

/// Files under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                todo.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

/// Over SSH, reading positions are remembered per authenticated key, in
/// the server's state directory (issue 13 item 12); never for `--open`,
/// nor with `--no-state`.
#[test]
fn positions_are_remembered_per_key_over_ssh() {
    let state = tempfile::tempdir().expect("state dir");
    let state_arg = state.path().to_str().expect("utf-8 path");
    let server = Server::start(&["--state-dir", state_arg]);
    let (start, end) = read_to_the_end(&server);
    assert!(server.wait_log("reader ended"));
    let files = files_under(state.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let file = &files[0];
    assert_eq!(
        file.file_name().and_then(|n| n.to_str()),
        Some("positions.json")
    );
    let folder = file
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .expect("key folder");
    assert!(
        folder.len() == 64 && folder.bytes().all(|b| b.is_ascii_hexdigit()),
        "named by the key's fingerprint: {folder}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by the server only");
    }
    // The same key comes back where it left.
    let mut ssh = PtySsh::spawn(&server, 80, 24, &[]);
    ssh.wait_for("the remembered position", |c| {
        header_position(c).as_deref() == Some(end.as_str())
    });
    ssh.keys(b"q");
    assert!(ssh.wait_exit().success());
    drop(server);
    let saved = std::fs::read(file).expect("state");

    // Anonymous readers are remembered nowhere, whatever --state-dir says.
    let open = Server::start(&["--open", "--state-dir", state_arg]);
    let (open_start, open_end) = read_to_the_end(&open);
    assert_eq!(open_start, start, "an open server starts at the start");
    assert!(open.wait_log("reader ended"));
    let (again, _) = read_to_the_end(&open);
    assert_eq!(again, start, "and forgets: {open_end}");
    drop(open);

    // --no-state keeps nothing, not even for a key.
    let none = Server::start(&["--no-state", "--state-dir", state_arg]);
    let (none_start, _) = read_to_the_end(&none);
    assert_eq!(none_start, start);
    assert!(none.wait_log("reader ended"));
    drop(none);
    assert_eq!(files_under(state.path()), files);
    assert_eq!(std::fs::read(file).expect("state"), saved, "untouched");
}

// ---------------------------------------------------------------- corrections

/// One reader of the seed over OpenSSH with `key`: waits for the sources,
/// types `keys`, waits for `expect`, quits; gives the last screen.
fn correct_as(server: &Server, key: &str, keys: &str, expect: &str) -> String {
    let mut ssh = PtySsh::spawn_as(server, key, 100, 30, &[]);
    ssh.wait_for("the sources", |c| c.contains("Mikhail Razvozhayev"));
    let before = ssh.contents();
    ssh.keys(keys.as_bytes());
    ssh.wait_for(expect, |c| c.contains(expect));
    let after = ssh.contents();
    ssh.keys(b"q");
    assert!(ssh.wait_exit().success());
    format!("{before}\n----\n{after}")
}

#[test]
fn two_keys_correct_the_same_article_without_seeing_each_other_s() {
    let data = tempfile::tempdir().expect("data dir");
    let data_home = data.path().to_str().expect("utf-8");
    let server = Server::start_with_keys(
        &["--corrections"],
        &[("XDG_DATA_HOME", data_home)],
        &["id", "friend"],
    );
    correct_as(&server, "id", "1RAlpha Name\r", "1 Alpha Name");
    let friend = correct_as(&server, "friend", "1RBeta Name\r", "1 Beta Name");
    let (before, _) = friend.split_once("----").expect("two screens");
    assert!(
        before.contains("1 Vitali Klitschko") && !before.contains("Alpha"),
        "the friend sees the engine's name, not id's correction:\n{before}"
    );
    // Kept for each key: id comes back to its own, not the friend's.
    let again = correct_as(&server, "id", "2c", "checked");
    assert!(
        again.contains("1 Alpha Name") && !again.contains("Beta"),
        "{again}"
    );
    let keys: Vec<_> = std::fs::read_dir(data.path().join("whosaid/corrections/keys"))
        .expect("per-key folders")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
}

#[test]
fn an_open_server_refuses_corrections_with_a_notice() {
    let data = tempfile::tempdir().expect("data dir");
    let data_home = data.path().to_str().expect("utf-8");
    let server = Server::start_with_env(
        &["--open", "--corrections"],
        &[("XDG_DATA_HOME", data_home)],
    );
    assert!(
        server.wait_log("--corrections is off with --open"),
        "{}",
        server.log()
    );
    correct_as(&server, "id", "1D", "corrections are off on an open server");
    assert!(!data.path().join("whosaid/corrections").exists());
    // Without --corrections, keyed readers are told how to turn them on.
    let server = Server::start_with_env(&[], &[("XDG_DATA_HOME", data_home)]);
    correct_as(&server, "id", "1R", "serve --corrections turns them on");
}

/// serve fetches its URLs at start and again only on its operator's
/// SIGUSR1: the new item of a growing feed appears then, and the log says
/// so.
#[test]
fn serve_fetches_a_feed_at_start_and_on_sigusr1() {
    let http = crate::fetch::Server::start();
    let url = http.url("/growing-feed");
    let server = Server::start(&["--open", &url]);
    // The feed's two items and the seed file.
    assert!(server.wait_log("articles=3"), "{}", server.log());
    let st = Command::new("kill")
        .args(["-USR1", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(st.success());
    assert!(server.wait_log("feeds refreshed"), "{}", server.log());
    let log = server.log();
    assert!(
        log.contains("added=1") && log.contains("articles=4"),
        "{log}"
    );
}
