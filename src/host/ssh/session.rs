//! One reader: its own input parser, screen and ratatui `Terminal`, in its
//! own task. It never waits on the network (frames go to the outbox), so
//! the russh session that feeds it input can always make progress.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::ChannelId;
use russh::server::Handle;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;
use tracing::{info, warn};

use super::output::{FrameWriter, Next, Outbox};
use super::screen::Screen;
use super::stream::KillSwitch;
use crate::term::AnsiBackend;

/// Largest terminal we draw for; bigger requests are clamped to it.
pub const MAX_COLS: u16 = 500;
pub const MAX_ROWS: u16 = 200;
/// How long a lone ESC waits for the rest of an escape sequence.
const ESCAPE_WAIT: Duration = Duration::from_millis(30);
/// Bytes per SSH data message.
const CHUNK: usize = 32 * 1024;
/// Told to a reader that could not keep up, before it is cut off.
pub const TOO_FAR_BEHIND: &str = "whosaid: your connection could not keep up with the reader";
/// Frames for one reader are at least this far apart (some 60 a second):
/// keys that come faster are answered together by one frame of the latest
/// state, so a client typing as fast as it can costs the CPU of 60 frames
/// a second, not of one frame per key.
const MIN_FRAME_GAP: Duration = Duration::from_millis(16);
/// ... and at least this many times the last frame's drawing time apart, so
/// that drawing takes at most an eighth of a core per reader, whatever the
/// terminal size (a frame at the clamped 500x200 costs some 20 times one at
/// 80x24).
const FRAME_COST_FACTOR: u32 = 8;
/// How long a reader that could not keep up has to hear why.
const FAREWELL_WAIT: Duration = Duration::from_secs(2);

#[derive(Debug)]
pub enum ToReader {
    /// Bytes from the client, with when they arrived: a lone ESC followed
    /// by more bytes soon after starts a sequence, later it was the Esc key,
    /// however long this reader's task took to get to them.
    Input(Vec<u8>, Instant),
    Resize(u32, u32),
    /// Background work for the screen finished.
    Wake,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    ClientGone,
    Idle,
    Shutdown,
    TooFarBehind,
    Crashed,
}

pub fn clamp_size(cols: u32, rows: u32) -> (u16, u16) {
    // 0x0 comes from clients that don't know their size.
    if cols == 0 || rows == 0 {
        return (80, 24);
    }
    let c = u16::try_from(cols.min(u32::from(MAX_COLS))).unwrap_or(MAX_COLS);
    let r = u16::try_from(rows.min(u32::from(MAX_ROWS))).unwrap_or(MAX_ROWS);
    (c, r)
}

pub struct Reader {
    pub id: u64,
    pub peer: SocketAddr,
    pub size: (u16, u16),
    pub idle_timeout: Duration,
    pub screen: Box<dyn Screen>,
    pub input: mpsc::Receiver<ToReader>,
    pub shutdown: watch::Receiver<bool>,
    /// Frames drawn so far, for the log line when the reader ends.
    pub frames: Arc<std::sync::atomic::AtomicU64>,
}

/// Starts a reader and its writer; when the reader ends, restores the
/// client's terminal, says why when it's not the reader's own choice, and
/// closes the channel.
pub fn spawn(
    reader: Reader,
    handle: Handle,
    channel: ChannelId,
    max_output: usize,
    stall_limit: Duration,
    kill: Arc<KillSwitch>,
) {
    let outbox = Outbox::new(max_output);
    let (id, peer) = (reader.id, reader.peer);
    let frames = reader.frames.clone();
    tokio::spawn(write_out(
        Writer {
            handle: handle.clone(),
            channel,
            id,
            peer,
            stall_limit,
        },
        outbox.clone(),
        kill.clone(),
    ));
    tokio::spawn(async move {
        let started = Instant::now();
        let task = tokio::spawn(run(reader, outbox.clone()));
        let ending = task.await.unwrap_or(Ending::Crashed);
        let note: &[u8] = match ending {
            Ending::Quit | Ending::ClientGone | Ending::TooFarBehind => b"",
            Ending::Idle => b"whosaid: closed after being idle. Goodbye.\r\n",
            Ending::Shutdown => b"whosaid: the server is shutting down. Goodbye.\r\n",
            Ending::Crashed => b"whosaid: internal error, sorry. Goodbye.\r\n",
        };
        let secs = started.elapsed().as_secs();
        if ending == Ending::TooFarBehind {
            warn!(conn = id, %peer, secs, "reader too far behind; disconnecting");
            outbox.close();
            // The handler says it at the client's next packet; the stream
            // is cut soon after in any case.
            kill.set_farewell(TOO_FAR_BEHIND);
            let bye = handle.disconnect(
                russh::Disconnect::ByApplication,
                TOO_FAR_BEHIND.into(),
                String::new(),
            );
            let _ = tokio::time::timeout(FAREWELL_WAIT, bye).await;
            tokio::time::sleep(FAREWELL_WAIT).await;
            kill.kill();
            return;
        }
        if ending == Ending::Crashed {
            warn!(conn = id, %peer, "reader crashed");
        }
        let frames = frames.load(std::sync::atomic::Ordering::Relaxed);
        info!(conn = id, %peer, secs, frames, ?ending, "reader ended");
        let mut bye = crate::term::leave().into_bytes();
        bye.extend_from_slice(note);
        let _ = outbox.push(&bye);
        outbox.close();
    });
}

/// Where one reader's frames go, and who it is for the log.
struct Writer {
    handle: Handle,
    channel: ChannelId,
    id: u64,
    peer: SocketAddr,
    /// A client that accepts none of our output for this long is gone
    /// (`--stall-limit`, 30 s).
    stall_limit: Duration,
}

async fn write_out(w: Writer, outbox: Arc<Outbox>, kill: Arc<KillSwitch>) {
    let Writer {
        handle,
        channel,
        id,
        peer,
        stall_limit,
    } = w;
    while let Next::Bytes(bytes) = outbox.next().await {
        for part in bytes.chunks(CHUNK) {
            match tokio::time::timeout(stall_limit, handle.data(channel, part.to_vec())).await {
                Ok(Ok(())) => outbox.sent(part.len()),
                Ok(Err(_)) => return,
                Err(_) => {
                    let secs = stall_limit.as_secs();
                    warn!(conn = id, %peer, secs, "reader accepted no output; cutting it");
                    kill.kill();
                    return;
                }
            }
        }
    }
    let _ = handle.exit_status_request(channel, 0).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
}

async fn run(mut r: Reader, outbox: Arc<Outbox>) -> Ending {
    let (cols, rows) = r.size;
    // A client terminal without an alternate screen is cleared all the same.
    let enter = crate::term::enter() + "\x1b[H\x1b[2J";
    if outbox.push(enter.as_bytes()).is_err() {
        return Ending::TooFarBehind;
    }
    let backend = AnsiBackend::new(FrameWriter::new(outbox.clone()));
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, cols, rows)),
    };
    let Ok(mut terminal) = Terminal::with_options(backend, options) else {
        return Ending::TooFarBehind;
    };
    let mut painter = crate::term::Painter::new();
    let mut parser = super::input::InputParser::new();
    let mut escape_at = Instant::now();
    let mut events = Vec::new();
    let mut idle_deadline = Instant::now() + r.idle_timeout;
    let mut dirty = true;
    // The earliest the next frame may be drawn (MIN_FRAME_GAP).
    let mut next_frame = Instant::now();
    r.screen.resize(cols, rows);
    loop {
        r.screen.tick();
        if r.screen.should_quit() {
            return Ending::Quit;
        }
        if dirty && Instant::now() >= next_frame {
            let started = Instant::now();
            if painter.draw(&mut terminal, |f| r.screen.draw(f)).is_err() {
                return Ending::TooFarBehind;
            }
            dirty = false;
            r.frames.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let cost = started.elapsed().saturating_mul(FRAME_COST_FACTOR);
            next_frame = Instant::now() + cost.max(MIN_FRAME_GAP);
        }
        let escape_wait = parser.waiting_on_escape();
        let escape_deadline = escape_at + ESCAPE_WAIT;
        let mut first = tokio::select! {
            msg = r.input.recv() => Some(msg.unwrap_or(ToReader::Closed)),
            () = tokio::time::sleep_until(escape_deadline), if escape_wait => {
                parser.flush(&mut events);
                None
            }
            // A frame held back for MIN_FRAME_GAP: draw it now.
            () = tokio::time::sleep_until(next_frame), if dirty => None,
            () = tokio::time::sleep_until(idle_deadline) => return Ending::Idle,
            _ = r.shutdown.changed() => return Ending::Shutdown,
        };
        // Take everything already queued before drawing: under load one
        // frame answers many keys.
        let mut taken = 0;
        while let Some(msg) = first
            .take()
            .or_else(|| (taken < 256).then(|| r.input.try_recv().ok()).flatten())
        {
            taken += 1;
            match msg {
                ToReader::Input(bytes, at) => {
                    idle_deadline = Instant::now() + r.idle_timeout;
                    if parser.waiting_on_escape() && at > escape_at + ESCAPE_WAIT {
                        parser.flush(&mut events);
                    }
                    parser.feed(&bytes, &mut events);
                    escape_at = at;
                }
                ToReader::Resize(c, h) => {
                    let (c, h) = clamp_size(c, h);
                    if painter
                        .resize(&mut terminal, Rect::new(0, 0, c, h))
                        .is_err()
                    {
                        return Ending::TooFarBehind;
                    }
                    r.screen.resize(c, h);
                    dirty = true;
                }
                ToReader::Wake => dirty = true,
                ToReader::Closed => return Ending::ClientGone,
            }
        }
        for ev in events.drain(..) {
            // What changes nothing (a mouse move) draws nothing.
            dirty |= r.screen.handle(&ev);
            if r.screen.should_quit() {
                return Ending::Quit;
            }
        }
        let extra = r.screen.take_output();
        if outbox.push(&extra).is_err() {
            return Ending::TooFarBehind;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_clamped_and_zero_means_unknown() {
        assert_eq!(clamp_size(80, 24), (80, 24));
        assert_eq!(clamp_size(0, 24), (80, 24));
        assert_eq!(clamp_size(100_000, 1), (MAX_COLS, 1));
        assert_eq!(clamp_size(u32::MAX, u32::MAX), (MAX_COLS, MAX_ROWS));
    }
}
