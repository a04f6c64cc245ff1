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
mod input;
mod output;
mod reader;
mod screen;
mod session;
mod stream;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
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
    /// Article files or folders of them [default: content/, else the built-in article]
    pub paths: Vec<PathBuf>,
    /// Address to listen on (port 0 picks a free port; the log says which)
    #[arg(long, default_value = "127.0.0.1:2222")]
    pub listen: SocketAddr,
    /// Host key, created (Ed25519, mode 0600) when missing [default: in the XDG data directory]
    #[arg(long, value_name = "PATH")]
    pub host_key: Option<PathBuf>,
    /// Let in only these public keys (OpenSSH authorized_keys format)
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
    /// Serve a diagnostic screen that shows what the server receives
    /// (keys, pastes, sizes, TERM) instead of the reader
    #[arg(long, hide = true)]
    pub probe: bool,
    /// Bytes of output that may wait for one reader before it is cut off
    #[arg(long, hide = true, default_value_t = output::OUTBOX_LIMIT, value_name = "BYTES")]
    pub max_output: usize,
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
    screens: ScreenFactory,
    shutdown: watch::Receiver<bool>,
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
    conns: Mutex<HashMap<u64, (IpAddr, Arc<stream::KillSwitch>)>>,
    changed: Notify,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, (IpAddr, Arc<stream::KillSwitch>)>> {
        self.conns
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn count_from(&self, ip: IpAddr) -> usize {
        self.lock().values().filter(|(a, _)| *a == ip).count()
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
        self.changed.notify_waiters();
    }
}

/// A connection that has not authenticated by then is dropped.
const AUTH_DEADLINE: Duration = Duration::from_secs(60);
/// How long readers get to say goodbye at shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

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
    runtime.block_on(serve(args))
}

fn screens(args: &ServeArgs) -> anyhow::Result<ScreenFactory> {
    let library = Arc::new(crate::library::Library::open(&args.paths)?);
    info!(articles = library.len(), "library open");
    if args.probe {
        let title = library.entry(0).map(|e| e.title).unwrap_or_default();
        let panic_key = std::env::var("WHOSAID_DEBUG_PANIC").as_deref() == Ok("1");
        return Ok(Arc::new(move |term: &ClientTerm, _wake| {
            Box::new(screen::Probe::new(&title, term, panic_key)) as Box<dyn Screen>
        }));
    }
    Ok(Arc::new(move |term: &ClientTerm, wake| {
        Box::new(reader::ReaderScreen::new(Arc::clone(&library), term, wake)) as Box<dyn Screen>
    }))
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
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let shared = Arc::new(Shared {
        policy,
        readers: Arc::new(Semaphore::new(args.max_sessions)),
        max_sessions: args.max_sessions,
        idle_timeout: args.idle_timeout,
        max_output: args.max_output.max(64 * 1024),
        screens: screens(&args)?,
        shutdown: shutdown_rx,
    });
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    info!(
        "listening on {}",
        listener.local_addr().context("listening address")?
    );
    let registry = Arc::new(Registry::default());
    let max_conns = args.max_sessions.saturating_mul(2).saturating_add(16);
    let next_id = AtomicU64::new(1);

    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("installing the SIGTERM handler")?;
    loop {
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
            _ = sigterm.recv() => break,
            _ = tokio::signal::ctrl_c() => break,
        };
        let id = next_id.fetch_add(1, Ordering::Relaxed);
        let total = registry.lock().len();
        let from_peer = registry.count_from(peer.ip());
        if from_peer >= args.max_per_address || total >= max_conns {
            warn!(conn = id, %peer, from_peer, total, "connection refused: too many connections");
            tokio::spawn(async move {
                let mut socket = socket;
                let _ = tokio::time::timeout(
                    Duration::from_secs(2),
                    socket.write_all(b"whosaid: too many connections, please try again later\r\n"),
                )
                .await;
            });
            continue;
        }
        info!(conn = id, %peer, "connected");
        let kill = Arc::new(stream::KillSwitch::default());
        registry.lock().insert(id, (peer.ip(), kill.clone()));
        let authenticated = Arc::new(AtomicBool::new(false));
        let handler = conn::Conn::new(
            id,
            peer,
            shared.clone(),
            kill.clone(),
            authenticated.clone(),
        );
        let (config, registry) = (config.clone(), registry.clone());
        tokio::spawn(async move {
            let started = tokio::time::Instant::now();
            let stream = stream::Killable::new(socket, kill.clone());
            let watchdog = {
                let kill = kill.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(AUTH_DEADLINE).await;
                    if !authenticated.load(Ordering::SeqCst) {
                        kill.kill();
                    }
                })
            };
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
    }

    info!("shutting down: no new connections; telling readers");
    drop(listener);
    let _ = shutdown_tx.send(true);
    let deadline = tokio::time::Instant::now() + SHUTDOWN_GRACE;
    loop {
        let changed = registry.changed.notified();
        if registry.lock().is_empty() {
            break;
        }
        if tokio::time::timeout_at(deadline, changed).await.is_err() {
            let left: Vec<_> = registry.lock().values().map(|(_, k)| k.clone()).collect();
            warn!(connections = left.len(), "cutting connections still open");
            for k in left {
                k.kill();
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), async {
                while !registry.lock().is_empty() {
                    registry.changed.notified().await;
                }
            })
            .await;
            break;
        }
    }
    info!("stopped");
    Ok(())
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
