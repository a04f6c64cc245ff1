//! `whosaid serve`: the reader over SSH, one reader per connection, nothing
//! for readers to install.
//!
//! Shape: our own accept loop (limits apply before any crypto work, and a
//! stuck connection can be cut through its [`stream::KillSwitch`]), russh
//! for the protocol ([`conn`]), and per reader one task that owns its input
//! parser, screen and ratatui `Terminal` ([`session`]). russh's handler only
//! forwards bytes and sizes to that task, and the task only queues frames in
//! a bounded outbox ([`output`]), so a slow or hostile client stalls nobody
//! but itself.

mod auth;
mod conn;
mod hostkey;
pub mod input;
pub mod keyed;
mod output;
mod reader_screen;
mod screen;
mod session;
mod stream;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, watch};
use tracing::{info, warn};

pub use screen::{ClientTerm, Screen, ScreenFactory};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Article files, folders of them, feeds or URLs, fetched at start;
    /// SIGUSR1 reads the feeds again [default: content/, else the built-in article]
    pub paths: Vec<PathBuf>,
    /// Give up on a URL's server after this many seconds without an answer
    #[arg(long, default_value = "15", value_parser = crate::model::reading::fetch::parse_secs, value_name = "SECS")]
    pub fetch_timeout: Duration,
    /// Address to listen on (port 0 picks a free port; the log says which)
    #[arg(long, default_value = "127.0.0.1:2222")]
    pub listen: SocketAddr,
    /// Host key, created (Ed25519, mode 0600) when missing [default: in the XDG data directory]
    #[arg(long, value_name = "PATH")]
    pub host_key: Option<PathBuf>,
    /// Let in only these public keys (OpenSSH `authorized_keys` format)
    #[arg(long, value_name = "PATH", required_unless_present = "open")]
    pub authorized_keys: Option<PathBuf>,
    /// Let anyone read, without authentication
    #[arg(long, conflicts_with = "authorized_keys")]
    pub open: bool,
    /// Readers at once; the next one is told to come back later
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub max_sessions: usize,
    /// Connections at once from one address
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub max_per_address: usize,
    /// Close a reader after this long without a key (e.g. 30s, 10m, 1h)
    #[arg(long, default_value = "30m", value_parser = parse_duration, value_name = "DURATION")]
    pub idle_timeout: Duration,
    /// Refuse article files bigger than this (e.g. 64K, 10M, 1G); checked
    /// before a byte is read
    #[arg(long, default_value = "256M", value_parser = crate::model::files::parse_size, value_name = "SIZE")]
    pub max_size: u64,
    /// Where readers' positions are kept, one folder per authorized key
    /// [default: whosaid/serve in the XDG state directory]
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// Keep nothing for readers between connections (an `--open` server
    /// never does: its readers are anonymous)
    #[arg(long)]
    pub no_state: bool,
    /// Let readers correct sources (`R`, `D`, `c` …), each key's
    /// corrections its own and seen by nobody else, kept under the data
    /// directory (`whosaid/corrections/keys/`); never with --open
    #[arg(long)]
    pub corrections: bool,
    /// Serve a diagnostic screen that shows what the server receives
    /// (keys, pastes, sizes, TERM) instead of the reader
    #[arg(long, hide = true)]
    pub probe: bool,
    /// Bytes of output that may wait for one reader before it is cut off
    #[arg(long, hide = true, default_value_t = output::OUTBOX_LIMIT, value_name = "BYTES")]
    pub max_output: usize,
    /// How long a reader may accept none of our output before it is cut
    #[arg(long, hide = true, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub stall_limit: Duration,
    /// Each reader gets at most one core's 1/N, as a budget of CPU time
    /// (1: a whole core, no wait; for tests of the output path)
    #[arg(long, hide = true, default_value_t = session::CPU_SHARE, value_name = "N")]
    pub cpu_share: u32,
}

/// `30s`, `10m`, `1h`, `1h30m`, or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total: u64 = 0;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            _ => return Err(format!("`{s}`: unknown unit `{c}` (use s, m, h or d)")),
        };
        let n: u64 = num
            .parse()
            .map_err(|_| format!("`{s}`: a number must come before `{c}`"))?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("`{s}`: too long"))?;
        num.clear();
    }
    if !num.is_empty() {
        return Err(format!(
            "`{s}`: the last number needs a unit (s, m, h or d)"
        ));
    }
    if total == 0 {
        return Err(format!("`{s}`: must be longer than zero"));
    }
    Ok(Duration::from_secs(total))
}

/// What every connection shares.
pub(crate) struct Shared {
    policy: auth::Policy,
    readers: Arc<Semaphore>,
    max_sessions: usize,
    idle_timeout: Duration,
    max_output: usize,
    stall_limit: Duration,
    cpu_share: u32,
    screens: ScreenFactory,
    shutdown: watch::Receiver<bool>,
    registry: Arc<Registry>,
    /// Authenticated connections without a reader, at most, server-wide.
    max_waiting: usize,
    /// Where readers' state is kept per key; `None` with `--no-state` or
    /// `--open`.
    keyed: Option<Arc<keyed::KeyedState>>,
}

impl auth::Policy {
    fn is_open(&self) -> bool {
        matches!(self, auth::Policy::Open)
    }
}

/// Open connections, for the per-address limit and for cutting what is
/// left at shutdown.
#[derive(Default)]
struct Registry {
    conns: Mutex<HashMap<u64, Entry>>,
    changed: Notify,
}

struct Entry {
    ip: IpAddr,
    kill: Arc<stream::KillSwitch>,
    state: Arc<conn::ConnState>,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Entry>> {
        self.conns
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn count_from(&self, ip: IpAddr) -> usize {
        self.lock().values().filter(|e| e.ip == ip).count()
    }

    /// Connections that hold no reader: still authenticating, or in
    /// without reading.
    fn without_reader(&self) -> usize {
        self.lock()
            .values()
            .filter(|e| !e.state.has_reader())
            .count()
    }

    /// Authenticated connections without a reader.
    fn waiting(&self) -> usize {
        self.lock()
            .values()
            .filter(|e| e.state.is_waiting())
            .count()
    }

    /// The connection other than `except` that has been without a reader
    /// the longest.
    fn oldest_waiting(&self, except: u64) -> Option<(u64, Arc<stream::KillSwitch>)> {
        self.lock()
            .iter()
            .filter(|(id, e)| **id != except && e.state.is_waiting() && !e.kill.is_killed())
            .min_by_key(|(_, e)| e.state.changed_at())
            .map(|(id, e)| (*id, e.kill.clone()))
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
        self.changed.notify_waiters();
    }
}

/// A connection that has not authenticated by then is dropped.
const AUTH_DEADLINE: Duration = Duration::from_secs(60);
/// An authenticated connection with no reader for this long (or the idle
/// timeout, if shorter) is dropped: starting a reader takes a client
/// milliseconds, and an empty connection only holds a place.
const NO_READER_GRACE: Duration = Duration::from_secs(10);
/// How often the watchdog looks at its connection.
const WATCH_EVERY: Duration = Duration::from_millis(500);
/// How long readers get to say goodbye at shutdown, everything included:
/// connections still there after `SHUTDOWN_GRACE - SHUTDOWN_CUT` are cut.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
const SHUTDOWN_CUT: Duration = Duration::from_secs(1);

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .try_init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let result = runtime.block_on(serve(args));
    // Work still running in the background (an analysis a reader asked
    // for) must not hold the exit past the shutdown promise.
    runtime.shutdown_timeout(Duration::from_millis(200));
    result
}

fn screens(args: &ServeArgs) -> anyhow::Result<(ScreenFactory, Arc<crate::library::Library>)> {
    let limits = crate::model::reading::fetch::Limits {
        timeout: args.fetch_timeout,
        ..Default::default()
    };
    let library = Arc::new(crate::library::Library::open_with(
        &args.paths,
        args.max_size,
        limits,
    )?);
    info!(articles = library.len(), "library open");
    if args.probe {
        let title = library.entry(0).map(|e| e.title).unwrap_or_default();
        let panic_key = std::env::var("WHOSAID_DEBUG_PANIC").as_deref() == Ok("1");
        let probe: ScreenFactory = Arc::new(move |term: &ClientTerm, _wake, _positions| {
            Box::new(screen::Probe::new(&title, term, panic_key)) as Box<dyn Screen>
        });
        return Ok((probe, library));
    }
    let corrections = reader_screen::Corrections::for_args(args);
    let shared = Arc::clone(&library);
    let factory: ScreenFactory = Arc::new(move |term: &ClientTerm, wake, positions| {
        Box::new(reader_screen::ReaderScreen::new(
            Arc::clone(&shared),
            term,
            wake,
            &corrections,
            positions,
        )) as Box<dyn Screen>
    });
    Ok((factory, library))
}

/// SIGUSR1: the operator's refresh. Feeds are read again on the blocking
/// pool (a fetch may wait on the network), one refresh at a time; readers
/// see the new items in their pickers as the library tells them.
fn refresh_feeds(library: &Arc<crate::library::Library>) {
    if !library.has_feeds() {
        info!("SIGUSR1: no feed to refresh");
        return;
    }
    let library = Arc::clone(library);
    tokio::task::spawn_blocking(move || {
        let (added, failed) = library.refresh();
        if added > 0 {
            library.rescan();
            library.scan_shared();
        }
        for why in &failed {
            warn!("refresh failed: {why}");
        }
        info!(added, articles = library.len(), "feeds refreshed");
    });
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let key_path = match &args.host_key {
        Some(p) => p.clone(),
        None => hostkey::default_path()?,
    };
    let host_key = hostkey::load_or_create(&key_path)?;
    info!(path = %key_path.display(), fingerprint = %host_key.fingerprint(russh::keys::HashAlg::Sha256), "host key");
    let policy = match (&args.authorized_keys, args.open) {
        (Some(path), _) => {
            let (keys, bad) = auth::load_authorized_keys(path)?;
            for line in bad {
                warn!(path = %path.display(), line, "authorized_keys: line skipped (not a public key)");
            }
            info!(
                keys = keys.len(),
                "readers authenticate with their public keys"
            );
            auth::Policy::Keys(keys)
        }
        (None, true) => {
            warn!(
                "OPEN SERVER: --open lets ANYONE who can reach this address read, without authentication"
            );
            auth::Policy::Open
        }
        (None, false) => anyhow::bail!("pass --authorized-keys PATH, or --open to let anyone read"),
    };
    let methods: &[russh::MethodKind] = if policy.is_open() {
        &[russh::MethodKind::None, russh::MethodKind::PublicKey]
    } else {
        &[russh::MethodKind::PublicKey]
    };
    let config = Arc::new(russh::server::Config {
        server_id: russh::SshId::Standard(
            format!("SSH-2.0-whosaid_{}", env!("CARGO_PKG_VERSION")).into(),
        ),
        methods: russh::MethodSet::from(methods),
        // Every refusal costs the client this long; OpenSSH's first "none"
        // probe is answered at once.
        auth_rejection_time: Duration::from_millis(800),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: 6,
        keys: vec![host_key],
        inactivity_timeout: Some(args.idle_timeout + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(60)),
        keepalive_max: 3,
        nodelay: true,
        ..Default::default()
    });
    let keyed = keyed_state(&args, &policy);
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let registry = Arc::new(Registry::default());
    let (screens, library) = screens(&args)?;
    let shared = Arc::new(Shared {
        policy,
        readers: Arc::new(Semaphore::new(args.max_sessions)),
        max_sessions: args.max_sessions,
        idle_timeout: args.idle_timeout,
        max_output: args.max_output.max(64 * 1024),
        stall_limit: args.stall_limit.max(Duration::from_secs(1)),
        cpu_share: args.cpu_share.max(1),
        screens,
        shutdown: shutdown_rx,
        registry: registry.clone(),
        max_waiting: (args.max_sessions / 4).max(8),
        keyed,
    });
    // Handlers first: once the log says where we listen, a signal must not
    // find its default action (SIGUSR1's would end the server).
    use tokio::signal::unix::{SignalKind, signal};
    let mut sigterm = signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
    // A closed terminal or a supervisor's reload: stop as for SIGTERM,
    // not on the spot with every reader's terminal left in our modes.
    let mut sighup = signal(SignalKind::hangup()).context("installing the SIGHUP handler")?;
    // No operator console: the operator refreshes feeds with a signal.
    let mut sigusr1 =
        signal(SignalKind::user_defined1()).context("installing the SIGUSR1 handler")?;
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    info!(
        "listening on {}",
        listener.local_addr().context("listening address")?
    );
    // Readers' connections don't count here: a crowd of connections that
    // never start one cannot keep readers out.
    let max_without_reader = args.max_sessions.saturating_add(16);
    let no_reader_grace = NO_READER_GRACE.min(args.idle_timeout);
    let next_id = AtomicU64::new(1);
    let refusals = Arc::new(Semaphore::new(MAX_REFUSALS_AT_ONCE));

    let signal_name = loop {
        let (socket, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors and the like: wait, don't spin.
                    warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = sigterm.recv() => break "SIGTERM",
            _ = sighup.recv() => break "SIGHUP",
            _ = sigusr1.recv() => {
                refresh_feeds(&library);
                continue;
            }
            _ = tokio::signal::ctrl_c() => break "SIGINT",
        };
        let id = next_id.fetch_add(1, Ordering::Relaxed);
        let waiting = registry.without_reader();
        let from_peer = registry.count_from(peer.ip());
        if from_peer >= args.max_per_address || waiting >= max_without_reader {
            warn!(conn = id, %peer, from_peer, waiting, "connection refused: too many connections");
            let reason = if from_peer >= args.max_per_address {
                "whosaid: too many connections from your address, please try again later"
            } else {
                "whosaid: too many connections, please try again later"
            };
            // Bounded: past that many refusals in flight, the socket is
            // just dropped.
            if let Ok(permit) = refusals.clone().try_acquire_owned() {
                tokio::spawn(async move {
                    refuse(socket, reason).await;
                    drop(permit);
                });
            }
            continue;
        }
        info!(conn = id, %peer, "connected");
        let kill = Arc::new(stream::KillSwitch::default());
        let state = Arc::new(conn::ConnState::default());
        registry.lock().insert(
            id,
            Entry {
                ip: peer.ip(),
                kill: kill.clone(),
                state: state.clone(),
            },
        );
        let handler = conn::Conn::new(id, peer, shared.clone(), kill.clone(), state.clone());
        let (config, registry) = (config.clone(), registry.clone());
        tokio::spawn(async move {
            let started = tokio::time::Instant::now();
            let stream = stream::Killable::new(socket, kill.clone());
            let watchdog = tokio::spawn(watch(id, peer, state, kill, no_reader_grace));
            let result = match russh::server::run_stream(config, stream, handler).await {
                Ok(session) => session.await,
                Err(e) => Err(e),
            };
            watchdog.abort();
            let secs = started.elapsed().as_secs();
            match result {
                Ok(()) => info!(conn = id, %peer, secs, "disconnected"),
                Err(e) => info!(conn = id, %peer, secs, reason = %e, "disconnected"),
            }
            registry.remove(id);
        });
    };

    info!(
        signal = signal_name,
        "shutting down: no new connections; telling readers"
    );
    drop(listener);
    let _ = shutdown_tx.send(true);
    let started = tokio::time::Instant::now();
    let cut_at = started + SHUTDOWN_GRACE.saturating_sub(SHUTDOWN_CUT);
    loop {
        let changed = registry.changed.notified();
        if registry.lock().is_empty() {
            break;
        }
        if tokio::time::timeout_at(cut_at, changed).await.is_err() {
            let left: Vec<_> = registry.lock().values().map(|e| e.kill.clone()).collect();
            warn!(connections = left.len(), "cutting connections still open");
            for k in left {
                k.kill();
            }
            let _ = tokio::time::timeout(SHUTDOWN_CUT, async {
                while !registry.lock().is_empty() {
                    registry.changed.notified().await;
                }
            })
            .await;
            break;
        }
    }
    info!(
        millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        "stopped"
    );
    Ok(())
}

/// Where readers' positions are kept, if anywhere: never for an open
/// server (anonymous readers have no key to file them under), nor with
/// `--no-state`.
fn keyed_state(args: &ServeArgs, policy: &auth::Policy) -> Option<Arc<keyed::KeyedState>> {
    if args.no_state || policy.is_open() {
        return None;
    }
    let Some(root) = args
        .state_dir
        .clone()
        .or_else(keyed::KeyedState::default_root)
    else {
        warn!("no state directory (pass --state-dir DIR): reading positions are not kept");
        return None;
    };
    info!(dir = %root.display(), "reading positions kept per key");
    Some(Arc::new(keyed::KeyedState::new(root)))
}

/// Refusals being written at once; each costs a socket for a few seconds.
const MAX_REFUSALS_AT_ONCE: usize = 64;

/// Tells a refused client why, in a form OpenSSH prints ("Received
/// disconnect from …: too many connections …"): our version line, then an
/// unencrypted `SSH_MSG_DISCONNECT`, which RFC 4253 allows before key
/// exchange. No key exchange, no crypto: a few hundred bytes and a timer.
async fn refuse(mut socket: tokio::net::TcpStream, reason: &str) {
    use tokio::io::AsyncReadExt;
    let bytes = refusal_bytes(reason);
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        socket.write_all(&bytes).await?;
        socket.shutdown().await?;
        // Reading what the client sent until it hangs up keeps our close
        // from turning into a reset that would discard the message unread.
        let mut sink = [0u8; 1024];
        let mut total = 0usize;
        while total < 64 * 1024 {
            match socket.read(&mut sink).await? {
                0 => break,
                n => total += n,
            }
        }
        Ok::<(), std::io::Error>(())
    })
    .await;
}

fn refusal_bytes(reason: &str) -> Vec<u8> {
    const SSH_MSG_DISCONNECT: u8 = 1;
    const TOO_MANY_CONNECTIONS: u32 = 12;
    let mut payload = vec![SSH_MSG_DISCONNECT];
    payload.extend_from_slice(&TOO_MANY_CONNECTIONS.to_be_bytes());
    let desc = reason.as_bytes();
    payload.extend_from_slice(&u32::try_from(desc.len()).unwrap_or(0).to_be_bytes());
    payload.extend_from_slice(desc);
    payload.extend_from_slice(&0u32.to_be_bytes()); // language tag
    // packet_length, padding_length, payload, padding: a multiple of 8
    // with at least 4 bytes of padding.
    let mut padding = 8 - (4 + 1 + payload.len()) % 8;
    if padding < 4 {
        padding += 8;
    }
    let packet_length = u32::try_from(1 + payload.len() + padding).unwrap_or(0);
    let mut out = format!("SSH-2.0-whosaid_{}\r\n", env!("CARGO_PKG_VERSION")).into_bytes();
    out.extend_from_slice(&packet_length.to_be_bytes());
    out.push(u8::try_from(padding).unwrap_or(4));
    out.extend_from_slice(&payload);
    out.extend(std::iter::repeat_n(0u8, padding));
    out
}

/// Cuts its connection when it has not authenticated in time, or has been
/// authenticated without a reader for the grace period.
async fn watch(
    id: u64,
    peer: SocketAddr,
    state: Arc<conn::ConnState>,
    kill: Arc<stream::KillSwitch>,
    grace: Duration,
) {
    let started = tokio::time::Instant::now();
    let mut tick = tokio::time::interval(WATCH_EVERY);
    loop {
        tick.tick().await;
        if !state.authenticated.load(Ordering::SeqCst) {
            if started.elapsed() >= AUTH_DEADLINE {
                info!(conn = id, %peer, "not authenticated in time; cutting");
                kill.kill();
                return;
            }
            continue;
        }
        if state.readerless_for().is_some_and(|d| d >= grace) {
            info!(conn = id, %peer, "no reader on this connection; cutting");
            kill.kill();
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert!(parse_duration("").is_err());
        assert!(parse_duration("10").is_ok());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("10x").is_err());
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("5m3").is_err());
        assert!(parse_duration("99999999999999999999h").is_err());
    }
}
