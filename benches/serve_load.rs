//! Load test for `whosaid serve` (not part of `cargo test`):
//!
//!     cargo bench --bench serve_load
//!
//! Starts the release binary as an open server, connects SESSIONS russh
//! clients (default 50), each with an 80x24 pty, and for SECS seconds
//! (default 20) each client scrolls and jumps: it sends a key, waits for
//! the frame that answers it, records the time, and sends the next.
//! Reports keystroke-to-frame latency percentiles and the server's resident
//! memory per session (`VmRSS` with all sessions open minus `VmRSS` before the
//! first connection, divided by the number of sessions).
//! Each client types at most one key per `SERVE_LOAD_INTERVAL_MS` (default
//! 50 ms, a held-down key's auto-repeat rate); 0 sends the next key as soon
//! as the last frame arrived (a stress test: latency is then queueing).
//! Readers are independent people, so each starts typing at its own moment
//! within the first interval (a pseudo-random phase, the same every run);
//! `SERVE_LOAD_LOCKSTEP=1` starts them all at once instead, so that every
//! interval begins with one key from every reader at the same instant (a
//! burst: the last key of it waits for all the others).
//! Clients connect in waves of at most `WAVE` at a time (each holds its place
//! from connecting until its first frame): the server cuts connections
//! without a reader past a quarter of `--max-sessions` (at least 8), as it
//! should an attacker's, so 50 clients connecting at once would be refused.
//! Environment: `SERVE_LOAD_SESSIONS`, `SERVE_LOAD_SECS`, `SERVE_LOAD_INTERVAL_MS`,
//! `SERVE_LOAD_ARGS` (extra server arguments, e.g. article paths),
//! `SERVE_LOAD_COLS` and `SERVE_LOAD_ROWS` (the pty size, default 80x24).
//!
//! The attack mix: `SERVE_LOAD_ATTACKERS` (default 0) more clients at
//! `SERVE_LOAD_ATTACK_COLS`x`SERVE_LOAD_ATTACK_ROWS` (default 500x200, the
//! largest size the server draws) send the same keys every
//! `SERVE_LOAD_ATTACK_INTERVAL_US` (default 5263 µs, 190 keys a second)
//! without waiting for frames, and read whatever comes back. Latency is
//! measured on the ordinary readers only: what the attackers cost them.
// Measurement arithmetic: percentiles and axis ticks from small positive
// floats, where a cast that truncates is the rounding wanted.
#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::ChannelMsg;

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

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn rss_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Keys a reader uses to pick sources, jump to passages and scroll the
/// article: on the seed article each of them changes the screen. A key that
/// changes nothing is answered by nothing at all, since the reader writes
/// no bytes for an unchanged frame.
const KEYS: &[&[u8]] = &[
    b"j", b"j", b"j", b"k", b"k", b"\t", b"\x1b[Z", b"]", b"]", b"[", b"2", b"1", b"\t", b"\t",
    b"j", b"j", b"\x1b[6~", b"\x1b[5~", b"k", b"k", b"\x1b[Z", b"\x1b[Z",
];

/// How long after a key its frame may still come: every key of the list
/// changes the screen, so a frame that takes longer is a failure, counted
/// apart (it used to be 250 ms, and a loaded server's late frames then
/// went uncounted and were taken for the next key's, shown as ~0 ms).
const NO_FRAME: Duration = Duration::from_secs(5);

/// Clients between connecting and their first frame at once: under the
/// server's least cap on connections without a reader (8).
const WAVE: usize = 6;

/// One client's part in the run.
#[derive(Clone, Copy)]
enum Role {
    /// Sends a key at most every `interval`, each after the last one's frame.
    Reader { interval: Duration },
    /// Sends a key every `interval` whatever comes back, at `size`.
    Attacker {
        interval: Duration,
        size: (u32, u32),
    },
}

/// What one client saw: latencies (readers only) and keys sent.
type Outcome = (Vec<Duration>, usize);

/// A fraction in [0, 1) from `i`, spread evenly over many `i`
/// (`SplitMix64`'s finaliser): a reader's phase, the same every run.
fn spread(i: usize) -> f64 {
    let mut z = (i as u64)
        .wrapping_add(1)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

async fn session(
    index: usize,
    port: u16,
    secs: u64,
    role: Role,
    ready: Arc<tokio::sync::Barrier>,
    wave: Arc<tokio::sync::Semaphore>,
) -> Outcome {
    let place = wave.acquire_owned().await.expect("wave");
    let config = Arc::new(russh::client::Config::default());
    let mut handle = russh::client::connect(config, ("127.0.0.1", port), Client)
        .await
        .expect("connect");
    let auth = handle.authenticate_none("reader").await.expect("auth");
    assert!(auth.success(), "open server lets us in");
    let mut ch = handle.channel_open_session().await.expect("session");
    let (cols, rows) = match role {
        Role::Reader { .. } => (
            env_num("SERVE_LOAD_COLS", 80) as u32,
            env_num("SERVE_LOAD_ROWS", 24) as u32,
        ),
        Role::Attacker { size, .. } => size,
    };
    ch.request_pty(true, "xterm", cols, rows, 0, 0, &[])
        .await
        .expect("pty");
    ch.request_shell(true).await.expect("shell");
    // Wait for the first frame, then settle (the reader may still be
    // loading and analysing the article).
    loop {
        match tokio::time::timeout(Duration::from_secs(30), ch.wait()).await {
            Ok(Some(ChannelMsg::Data { .. })) => break,
            Ok(Some(_)) => {}
            _ => panic!("no first frame"),
        }
    }
    // A reader now: the next client may connect.
    drop(place);
    while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(300), ch.wait()).await {}
    ready.wait().await;
    let interval = match role {
        Role::Reader { interval } => interval,
        Role::Attacker { interval, .. } => return attack(ch, secs, interval).await,
    };

    let mut latencies = Vec::new();
    let end = Instant::now() + Duration::from_secs(secs);
    if std::env::var_os("SERVE_LOAD_LOCKSTEP").is_none_or(|v| v != "1") {
        tokio::time::sleep(interval.mul_f64(spread(index))).await;
    }
    let mut i = 0;
    let mut tick = tokio::time::interval(interval.max(Duration::from_micros(1)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while Instant::now() < end {
        if !interval.is_zero() {
            tick.tick().await;
        }
        let key = KEYS[i % KEYS.len()];
        i += 1;
        let sent = Instant::now();
        ch.data(key).await.expect("send key");
        // The first bytes after the key are its frame; a key that changed
        // nothing gets no frame and is not counted (no frame has ever taken
        // near `NO_FRAME`; waiting longer would only slow the key rate).
        loop {
            match tokio::time::timeout(NO_FRAME, ch.wait()).await {
                Ok(Some(ChannelMsg::Data { .. })) => {
                    latencies.push(sent.elapsed());
                    break;
                }
                Ok(Some(_)) => {}
                Ok(None) => panic!("session closed under load"),
                Err(_) => break,
            }
        }
        // Drain the rest of a frame split over several messages, so that
        // its tail is not taken for the next key's frame.
        while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(5), ch.wait()).await {}
    }
    let _ = ch.data(&b"q"[..]).await;
    (latencies, i)
}

/// An abusive reader: keys at a fixed rate, never waiting for frames; what
/// comes back is read (a client that stops reading is cut, which is
/// another test) and thrown away.
async fn attack(ch: russh::Channel<russh::client::Msg>, secs: u64, interval: Duration) -> Outcome {
    let (mut rx, tx) = ch.split();
    let drain = tokio::spawn(async move { while rx.wait().await.is_some() {} });
    let end = Instant::now() + Duration::from_secs(secs);
    let mut tick = tokio::time::interval(interval.max(Duration::from_micros(100)));
    let mut i = 0;
    while Instant::now() < end {
        tick.tick().await;
        if tx.data(KEYS[i % KEYS.len()]).await.is_err() {
            break;
        }
        i += 1;
    }
    let _ = tx.data(&b"q"[..]).await;
    drain.abort();
    (Vec::new(), i)
}

/// CPU seconds (user + system) a process has used so far.
fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 here.
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    ticks as f64 / 100.0
}

fn main() {
    // `cargo bench` passes --bench; a filter that doesn't match us means
    // another bench was asked for.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args
        .iter()
        .any(|a| !a.starts_with('-') && !"serve_load".contains(a.as_str()))
    {
        return;
    }
    let sessions = env_num("SERVE_LOAD_SESSIONS", 50) as usize;
    let secs = env_num("SERVE_LOAD_SECS", 20);
    let interval = Duration::from_millis(env_num("SERVE_LOAD_INTERVAL_MS", 50));
    let attackers = env_num("SERVE_LOAD_ATTACKERS", 0) as usize;
    let attack = Role::Attacker {
        interval: Duration::from_micros(env_num("SERVE_LOAD_ATTACK_INTERVAL_US", 5263)),
        size: (
            env_num("SERVE_LOAD_ATTACK_COLS", 500) as u32,
            env_num("SERVE_LOAD_ATTACK_ROWS", 200) as u32,
        ),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let extra = std::env::var("SERVE_LOAD_ARGS").unwrap_or_default();
    let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["serve", "--open", "--listen", "127.0.0.1:0"])
        .args(["--max-sessions", &(sessions + attackers + 8).to_string()])
        .args(["--max-per-address", &(sessions + attackers + 8).to_string()])
        .arg("--host-key")
        .arg(dir.path().join("host_key"))
        .args(extra.split_whitespace())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("server");
    let pid = child.id();
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(p) = line.split("listening on 127.0.0.1:").nth(1) {
                let _ = tx.send(p.trim().parse::<u16>().expect("port"));
            }
        }
    });
    let port = rx.recv_timeout(Duration::from_secs(30)).expect("port");
    std::thread::sleep(Duration::from_millis(300));
    let rss_before = rss_kib(pid, "VmRSS:");

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let ready = Arc::new(tokio::sync::Barrier::new(sessions + attackers + 1));
    let wave = Arc::new(tokio::sync::Semaphore::new(WAVE));
    let reader = Role::Reader { interval };
    let tasks: Vec<_> = (0..sessions)
        .map(|i| rt.spawn(session(i, port, secs, reader, ready.clone(), wave.clone())))
        .collect();
    let attacks: Vec<_> = (0..attackers)
        .map(|i| {
            let i = sessions + i;
            rt.spawn(session(i, port, secs, attack, ready.clone(), wave.clone()))
        })
        .collect();
    let (mut cpu_start, mut client_start) = (0.0, 0.0);
    let (rss_open, rss_mid) = rt.block_on(async {
        ready.wait().await;
        cpu_start = cpu_secs(pid);
        client_start = cpu_secs(std::process::id());
        let open = rss_kib(pid, "VmRSS:");
        tokio::time::sleep(Duration::from_secs(secs / 2)).await;
        (open, rss_kib(pid, "VmRSS:"))
    });
    let mut all: Vec<Duration> = Vec::new();
    let mut sent = 0;
    for t in tasks {
        let (latencies, keys) = rt.block_on(t).expect("session task");
        all.extend(latencies);
        sent += keys;
    }
    let mut attack_keys = 0;
    for t in attacks {
        attack_keys += rt.block_on(t).expect("attack task").1;
    }
    let hwm = rss_kib(pid, "VmHWM:");
    let cpu = cpu_secs(pid) - cpu_start;
    let client_cpu = cpu_secs(std::process::id()) - client_start;
    let lockstep = std::env::var_os("SERVE_LOAD_LOCKSTEP").is_some_and(|v| v == "1");
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();

    all.sort();
    let pct = |p: f64| {
        let i = ((all.len() as f64 - 1.0) * p).round() as usize;
        all.get(i).copied().unwrap_or_default()
    };
    let cpu_name = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or_else(|| "unknown cpu".into(), |s| s.trim().to_owned());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let per_session =
        |rss: u64| rss.saturating_sub(rss_before) as f64 / 1024.0 / (sessions + attackers) as f64;
    println!(
        "serve_load: {sessions} sessions x {secs} s, {}x{}, a key every {} ms per session ({}), {cores} cores ({cpu_name}), load average before the end {}",
        env_num("SERVE_LOAD_COLS", 80),
        env_num("SERVE_LOAD_ROWS", 24),
        interval.as_millis(),
        if lockstep {
            "all at once"
        } else {
            "each at its own moment"
        },
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    if attackers > 0 {
        let Role::Attacker { size, .. } = attack else {
            unreachable!()
        };
        println!(
            "  beside {attackers} attackers at {}x{}: {attack_keys} keys sent ({:.0}/s each); the figures below are the {sessions} readers'",
            size.0,
            size.1,
            attack_keys as f64 / secs as f64 / attackers as f64
        );
    }
    println!(
        "  keystrokes answered: {} ({:.0}/s) of {sent} sent (the rest: no frame within 5 s)",
        all.len(),
        all.len() as f64 / secs as f64
    );
    println!(
        "  keystroke-to-frame latency: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.9).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        all.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    println!(
        "  server CPU: {:.1} s over the run ({:.2} cores), {:.2} ms per keystroke{}",
        cpu,
        cpu / secs as f64,
        cpu * 1e3 / (all.len() + attack_keys).max(1) as f64,
        if attackers > 0 {
            " (readers' answered and attackers' sent)"
        } else {
            ""
        }
    );
    println!(
        "  the clients' own CPU (this process, on the same machine): {client_cpu:.1} s ({:.2} cores)",
        client_cpu / secs as f64
    );
    println!(
        "  server RSS: {:.1} MiB idle, {:.1} MiB with sessions open, {:.1} MiB mid-run, peak {:.1} MiB",
        rss_before as f64 / 1024.0,
        rss_open as f64 / 1024.0,
        rss_mid as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
    println!(
        "  memory per session: {:.2} MiB (open), {:.2} MiB (mid-run), {:.2} MiB (peak)",
        per_session(rss_open),
        per_session(rss_mid),
        per_session(hwm)
    );
}
