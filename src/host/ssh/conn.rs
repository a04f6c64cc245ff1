//! One SSH connection: authentication, and for each session channel the
//! pty/env/shell requests that start a reader. Everything a reader does not
//! need is refused. This handler only forwards; the reader's own task does
//! the work.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use russh::keys::HashAlg;
use russh::server::{Auth, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelOpenFailure, Pty};
use tokio::sync::{OwnedSemaphorePermit, mpsc};
use tokio::time::Instant;
use tracing::{info, warn};

use super::Shared;
use super::keyed::KeyId;
use super::screen::{ClientTerm, Screen};
use super::session::{self, ToReader};
use super::stream::KillSwitch;

/// Session channels one connection may have open at once.
const MAX_CHANNELS: usize = 4;
/// Session channels one connection may open over its whole life. russh
/// 0.65 keeps a few kB for every channel the server closed first (it drops
/// the client's closing reply unread), until the connection ends; counting
/// opens, not open channels, is what bounds that. A reader needs one.
pub const MAX_CHANNELS_EVER: usize = 32;
/// Environment requests kept per channel; the rest are refused.
const MAX_ENV: usize = 32;

pub const NO_PTY_TEXT: &str = "\
whosaid: a reader for news articles that shows who said what.\r\n\
It needs a terminal: connect with `ssh -t` (and no command).\r\n";

const REFUSED_TEXT: &str = "\
whosaid only serves its reader: commands, file transfer and forwarding are refused.\r\n\
Connect with `ssh -t` and no command.\r\n";

/// What the accept loop and its watchdog see of one connection.
#[derive(Debug)]
pub struct ConnState {
    pub authenticated: AtomicBool,
    readers: AtomicUsize,
    /// When it last authenticated, or a reader started or ended: a
    /// connection without a reader is cut this long after.
    changed: Mutex<Instant>,
}

impl Default for ConnState {
    fn default() -> Self {
        Self {
            authenticated: AtomicBool::new(false),
            readers: AtomicUsize::new(0),
            changed: Mutex::new(Instant::now()),
        }
    }
}

impl ConnState {
    fn touch(&self) {
        *self
            .changed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Instant::now();
    }

    pub fn has_reader(&self) -> bool {
        self.readers.load(Ordering::SeqCst) > 0
    }

    /// Authenticated, no reader: what a connection holds without reading.
    pub fn is_waiting(&self) -> bool {
        self.authenticated.load(Ordering::SeqCst) && !self.has_reader()
    }

    pub fn changed_at(&self) -> Instant {
        *self
            .changed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How long it has been authenticated without a reader.
    pub fn readerless_for(&self) -> Option<std::time::Duration> {
        if !self.is_waiting() {
            return None;
        }
        let at = *self
            .changed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Some(at.elapsed())
    }
}

/// A reading place: taken when a reader starts, given back when its task
/// ends however it ends (quit, idle, crash, connection gone), whatever
/// became of its channel.
struct ReaderSlot {
    _permit: OwnedSemaphorePermit,
    state: Arc<ConnState>,
}

impl ReaderSlot {
    fn new(permit: OwnedSemaphorePermit, state: Arc<ConnState>) -> Self {
        state.readers.fetch_add(1, Ordering::SeqCst);
        state.touch();
        Self {
            _permit: permit,
            state,
        }
    }
}

impl Drop for ReaderSlot {
    fn drop(&mut self) {
        self.state.readers.fetch_sub(1, Ordering::SeqCst);
        self.state.touch();
    }
}

/// A screen that holds its reader's slot: the reader's task owns the screen
/// and drops it when it ends, so the slot goes with it.
struct Slotted {
    screen: Box<dyn Screen>,
    _slot: ReaderSlot,
}

impl Screen for Slotted {
    fn resize(&mut self, cols: u16, rows: u16) {
        self.screen.resize(cols, rows);
    }
    fn handle(&mut self, event: &crossterm::event::Event) -> bool {
        self.screen.handle(event)
    }
    fn tick(&mut self) {
        self.screen.tick();
    }
    fn draw(&mut self, frame: &mut ratatui::Frame) -> Option<ratatui::layout::Position> {
        self.screen.draw(frame)
    }
    fn should_quit(&self) -> bool {
        self.screen.should_quit()
    }
    fn take_output(&mut self) -> Vec<u8> {
        self.screen.take_output()
    }
    fn finish(&mut self) -> Option<Box<dyn FnOnce() + Send>> {
        self.screen.finish()
    }
}

pub struct Conn {
    pub id: u64,
    pub peer: SocketAddr,
    pub shared: Arc<Shared>,
    pub kill: Arc<KillSwitch>,
    pub state: Arc<ConnState>,
    channels: HashMap<ChannelId, Chan>,
    opened: usize,
    /// The key this connection authenticated with, on a server that keeps
    /// readers' state (never an `--open` one).
    key: Option<KeyId>,
    /// The fingerprint of the key the client authenticated with.
    fingerprint: Option<String>,
}

enum Chan {
    Setup {
        pty: Option<(u16, u16)>,
        term: ClientTerm,
        env_count: usize,
    },
    Running {
        input: mpsc::Sender<ToReader>,
    },
    Done,
}

impl Conn {
    pub fn new(
        id: u64,
        peer: SocketAddr,
        shared: Arc<Shared>,
        kill: Arc<KillSwitch>,
        state: Arc<ConnState>,
    ) -> Self {
        Self {
            id,
            peer,
            shared,
            kill,
            state,
            channels: HashMap::new(),
            opened: 0,
            key: None,
            fingerprint: None,
        }
    }

    fn refuse(
        &mut self,
        channel: ChannelId,
        what: &str,
        session: &mut Session,
    ) -> anyhow::Result<()> {
        info!(conn = self.id, peer = %self.peer, what, "refused");
        session.channel_failure(channel)?;
        session.extended_data(channel, 1, REFUSED_TEXT.as_bytes().to_vec())?;
        session.exit_status_request(channel, 1)?;
        session.eof(channel)?;
        session.close(channel)?;
        self.channels.insert(channel, Chan::Done);
        Ok(())
    }

    /// Sends the farewell a reader's task left, if any: this path writes
    /// the disconnect message directly, past a full channel window.
    fn farewell(&self, session: &mut Session) -> anyhow::Result<bool> {
        match self.kill.take_farewell() {
            Some(reason) => {
                session.disconnect(russh::Disconnect::ByApplication, &reason, "")?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The positions of this connection's key, read off the async threads.
    async fn remembered(&self) -> Option<super::screen::Remembered> {
        let (state, key) = (self.shared.keyed.clone()?, self.key.clone()?);
        let (s, k) = (state.clone(), key.clone());
        let (positions, notice) = tokio::task::spawn_blocking(move || s.positions(&k))
            .await
            .ok()?;
        if let Some(notice) = notice {
            warn!(conn = self.id, "{notice}");
        }
        Some(super::screen::Remembered {
            positions,
            state,
            key,
        })
    }

    async fn forward(&mut self, channel: ChannelId, msg: ToReader) {
        if let Some(Chan::Running { input, .. }) = self.channels.get(&channel) {
            // Waiting here slows only this client: the reader's task
            // drains its queue without ever waiting on us.
            let _ = input.send(msg).await;
        }
    }
}

fn user_for_log(user: &str) -> String {
    crate::model::text::visible(user).chars().take(32).collect()
}

impl russh::server::Handler for Conn {
    type Error = anyhow::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        if self.shared.policy.is_open() {
            info!(conn = self.id, peer = %self.peer, user = %user_for_log(user), "authenticated (open server)");
            return Ok(Auth::Accept);
        }
        Ok(Auth::reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.shared.policy.allows(offer.public_key) {
            return Ok(Auth::Accept);
        }
        info!(
            conn = self.id, peer = %self.peer, user = %user_for_log(user),
            fingerprint = %offer.public_key.fingerprint(HashAlg::Sha256),
            "authentication refused: key not authorized"
        );
        Ok(Auth::reject())
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.shared.policy.allows(key.public_key) {
            if self.shared.keyed.is_some() && !self.shared.policy.is_open() {
                self.key = Some(KeyId::of(key.public_key));
            }
            let fingerprint = key.public_key.fingerprint(HashAlg::Sha256).to_string();
            info!(
                conn = self.id, peer = %self.peer, user = %user_for_log(user),
                fingerprint = %fingerprint,
                "authenticated"
            );
            self.fingerprint = Some(fingerprint);
            return Ok(Auth::Accept);
        }
        Ok(Auth::reject())
    }

    async fn auth_succeeded(&mut self, _session: &mut Session) -> Result<(), Self::Error> {
        self.state.touch();
        self.state.authenticated.store(true, Ordering::SeqCst);
        // Over the cap, the connection that has waited longest goes, not
        // this one: it may be a reader about to start, and an attacker's
        // crowd of empty connections then only pushes out its own.
        if self.shared.registry.waiting() > self.shared.max_waiting
            && let Some((id, kill)) = self.shared.registry.oldest_waiting(self.id)
        {
            warn!(
                conn = id,
                max = self.shared.max_waiting,
                "too many connections without a reader; cutting the oldest"
            );
            kill.kill();
        }
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let open = self
            .channels
            .values()
            .filter(|c| !matches!(c, Chan::Done))
            .count();
        if open >= MAX_CHANNELS || self.opened >= MAX_CHANNELS_EVER {
            if self.opened == MAX_CHANNELS_EVER {
                warn!(
                    conn = self.id, peer = %self.peer, max = MAX_CHANNELS_EVER,
                    "channel limit of this connection reached; refusing more"
                );
            }
            self.opened = self.opened.saturating_add(1);
            reply.reject(ChannelOpenFailure::ResourceShortage).await;
            return Ok(());
        }
        self.opened += 1;
        // Input reaches us through the handler callbacks; the channel's own
        // message queue would only fill up unread.
        let id = channel.id();
        drop(channel);
        self.channels.insert(
            id,
            Chan::Setup {
                pty: None,
                term: ClientTerm {
                    fingerprint: self.fingerprint.clone(),
                    ..ClientTerm::default()
                },
                env_count: 0,
            },
        );
        reply.accept().await;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(Chan::Setup { pty, term: t, .. }) = self.channels.get_mut(&channel) {
            *pty = Some(super::input::clamp_size(col_width, row_height));
            t.term = term.chars().take(64).collect();
            session.channel_success(channel)?;
        } else {
            session.channel_failure(channel)?;
        }
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(Chan::Setup {
            term, env_count, ..
        }) = self.channels.get_mut(&channel)
        else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        *env_count += 1;
        let accepted = *env_count <= MAX_ENV
            && match name {
                // no-color.org: present and not empty.
                "NO_COLOR" => {
                    term.no_color = !value.is_empty();
                    true
                }
                "COLORTERM" => {
                    term.colorterm = Some(value.chars().take(32).collect());
                    true
                }
                "TERM_PROGRAM" => {
                    term.program = Some(value.chars().take(32).collect());
                    true
                }
                _ => false,
            };
        if accepted {
            session.channel_success(channel)?;
        } else {
            session.channel_failure(channel)?;
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(Chan::Setup { pty, term, .. }) = self.channels.get(&channel) else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        let (pty, term) = (*pty, term.clone());
        session.channel_success(channel)?;
        let Some(size) = pty else {
            info!(conn = self.id, peer = %self.peer, "no pty: sent the how-to-connect text");
            session.data(channel, NO_PTY_TEXT.as_bytes().to_vec())?;
            session.exit_status_request(channel, 1)?;
            session.eof(channel)?;
            session.close(channel)?;
            self.channels.insert(channel, Chan::Done);
            return Ok(());
        };
        let Ok(permit) = self.shared.readers.clone().try_acquire_owned() else {
            warn!(conn = self.id, peer = %self.peer, max = self.shared.max_sessions, "server full: reader refused");
            let places = match self.shared.max_sessions {
                1 => "the one reading place is".to_owned(),
                n => format!("all {n} reading places are"),
            };
            let text = format!(
                "whosaid: {places} taken right now. Please try again in a few minutes.\r\n"
            );
            session.data(channel, text.into_bytes())?;
            session.exit_status_request(channel, 1)?;
            session.eof(channel)?;
            session.close(channel)?;
            self.channels.insert(channel, Chan::Done);
            return Ok(());
        };
        let slot = ReaderSlot::new(permit, self.state.clone());
        let remembered = self.remembered().await;
        let (tx, rx) = mpsc::channel(64);
        let screen = Box::new(Slotted {
            screen: (self.shared.screens)(&term, super::screen::Wake(tx.downgrade()), remembered),
            _slot: slot,
        });
        info!(
            conn = self.id, peer = %self.peer, cols = size.0, rows = size.1,
            term = %crate::model::text::visible(&term.term), no_color = term.no_color,
            "reader started"
        );
        session::spawn(
            session::Reader {
                id: self.id,
                peer: self.peer,
                size,
                idle_timeout: self.shared.idle_timeout,
                screen,
                input: rx,
                shutdown: self.shared.shutdown.clone(),
                frames: Arc::default(),
                cpu_share: self.shared.cpu_share,
            },
            session.handle(),
            channel,
            self.shared.max_output,
            self.shared.stall_limit,
            self.kill.clone(),
        );
        self.channels.insert(channel, Chan::Running { input: tx });
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.farewell(session)? {
            return Ok(());
        }
        self.forward(channel, ToReader::Input(data.to_vec(), Instant::now()))
            .await;
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.farewell(session)? {
            return Ok(());
        }
        self.forward(channel, ToReader::Resize(col_width, row_height))
            .await;
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // EOF means no more keys; the reader keeps nothing else worth
        // showing, so it ends as if closed.
        self.forward(channel, ToReader::Closed).await;
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.forward(channel, ToReader::Closed).await;
        self.channels.remove(&channel);
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(channel, "exec", session)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(channel, "subsystem", session)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        info!(conn = self.id, peer = %self.peer, what = "x11", "refused");
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        info!(conn = self.id, peer = %self.peer, what = "agent forwarding", "refused");
        Ok(false)
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host_to_connect: &str,
        _port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        info!(conn = self.id, peer = %self.peer, what = "port forwarding", "refused");
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        _socket_path: &str,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        info!(conn = self.id, peer = %self.peer, what = "socket forwarding", "refused");
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _originator_address: &str,
        _originator_port: u32,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        info!(conn = self.id, peer = %self.peer, what = "remote forwarding", "refused");
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        _socket_path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        info!(conn = self.id, peer = %self.peer, what = "socket forwarding", "refused");
        Ok(false)
    }
}
