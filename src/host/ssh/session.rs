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

use super::input::{Intake, Pending};
use super::output::{FrameWriter, Next, Outbox};
use super::screen::Screen;
use super::stream::KillSwitch;
use crate::term::AnsiBackend;

/// Bytes per SSH data message.
const CHUNK: usize = 32 * 1024;
/// Told to a reader that could not keep up, before it is cut off.
pub const TOO_FAR_BEHIND: &str = "whosaid: your connection could not keep up with the reader";
/// Frames for one reader are at least this far apart (some 60 a second):
/// keys that come faster are answered together by one frame of the latest
/// state, so a client typing as fast as it can costs the CPU of 60 frames
/// a second at most, not of one frame per key (and less at large sizes,
/// where its share of the CPU, `CPU_SHARE`, holds frames further apart).
const MIN_FRAME_GAP: Duration = Duration::from_millis(16);
/// Each reader gets at most this fraction (one in `CPU_SHARE`) of a core,
/// kept as a budget ([`CpuBudget`]). A reader typing as fast as it can at
/// the largest size takes an eighth of a core, four of them half of one of
/// two, and a normal reader's key never waits behind more than one of
/// their frames.
pub const CPU_SHARE: u32 = 8;
/// CPU time a reader may save up and spend at once: a few frames at the
/// largest size. A person reading never spends it all (a key at 80x24
/// costs a fraction of a millisecond), so their keys wait for nothing.
const CPU_BURST: Duration = Duration::from_millis(20);
/// Keys, mouse reports and size changes handled per second, on average...
const KEYS_PER_SECOND: u16 = 60;
/// ... and at once: a held-down key repeats some 30 times a second and a
/// quick drag reports 60 moves, so only a machine gets held back.
const KEY_BURST: u16 = 120;
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
    /// Its share of a core (`CPU_SHARE`, or `--cpu-share`).
    pub cpu_share: u32,
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
        let out = outbox.clone();
        let task = tokio::spawn(async move {
            let mut reader = reader;
            let ending = run(&mut reader, out).await;
            (ending, reader.screen.finish())
        });
        let (ending, finish) = task.await.unwrap_or((Ending::Crashed, None));
        // Saving the reader's positions, before its channel closes: the
        // server waits for connections to end before it exits.
        if let Some(job) = finish {
            let _ = tokio::task::spawn_blocking(job).await;
        }
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

async fn run(r: &mut Reader, outbox: Arc<Outbox>) -> Ending {
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
    let mut intake = Intake::new();
    let mut keys = KeyBucket::new(Instant::now());
    let mut dropping = false;
    let mut idle_deadline = Instant::now() + r.idle_timeout;
    let mut dirty = true;
    // The earliest the next frame may be drawn (MIN_FRAME_GAP).
    let mut next_frame = Instant::now();
    // Its share of the CPU: no work while the budget is overdrawn.
    let mut budget = CpuBudget::new(Instant::now(), r.cpu_share);
    // What a frame costs per cell (from the last one) and what the last
    // keys cost: heavier work runs off the async workers.
    let mut cell_cost = FIRST_CELL_COST;
    let mut handle_cost = Duration::ZERO;
    r.screen.resize(cols, rows);
    loop {
        r.screen.tick();
        if r.screen.should_quit() {
            return Ending::Quit;
        }
        let now = Instant::now();
        if dirty && now >= next_frame.max(budget.ready_at()) {
            let screen = &mut r.screen;
            let area = terminal.get_frame().area();
            let cells = u32::from(area.width) * u32::from(area.height);
            let (drawn, cost) = off_workers(cell_cost.saturating_mul(cells) > HEAVY, || {
                cpu_cost(|| painter.draw(&mut terminal, |f| screen.draw(f)))
            });
            if drawn.is_err() {
                return Ending::TooFarBehind;
            }
            dirty = false;
            r.frames.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            next_frame = now + MIN_FRAME_GAP;
            cell_cost = cost / cells.max(1);
            budget.spend(Instant::now(), cost);
        }
        // When queued keys may next be taken: a key in the bucket and the
        // budget not overdrawn.
        let keys_at = intake
            .has_pending()
            .then(|| keys.ready_at().max(budget.ready_at()));
        let escape_at = intake.escape_deadline().map(Instant::from_std);
        let frame_at = dirty.then(|| next_frame.max(budget.ready_at()));
        let mut first = tokio::select! {
            msg = r.input.recv() => Some(msg.unwrap_or(ToReader::Closed)),
            // A lone ESC with nothing after it: the Esc key.
            () = sleep_until_some(escape_at), if escape_at.is_some() => {
                intake.escape_timeout();
                None
            }
            // Keys held back by the bucket or the rest: their turn.
            () = sleep_until_some(keys_at), if keys_at.is_some() => None,
            // A frame held back for MIN_FRAME_GAP: draw it now.
            () = sleep_until_some(frame_at), if frame_at.is_some() => None,
            () = tokio::time::sleep_until(idle_deadline) => return Ending::Idle,
            _ = r.shutdown.changed() => return Ending::Shutdown,
        };
        // Take everything already queued: parsing is cheap, and under load
        // one frame answers many keys.
        let mut taken = 0;
        while let Some(msg) = first
            .take()
            .or_else(|| (taken < 256).then(|| r.input.try_recv().ok()).flatten())
        {
            taken += 1;
            match msg {
                ToReader::Input(bytes, at) => {
                    idle_deadline = Instant::now() + r.idle_timeout;
                    intake.input(&bytes, at.into_std());
                }
                ToReader::Resize(c, h) => intake.resize(c, h),
                ToReader::Wake => dirty = true,
                ToReader::Closed => return Ending::ClientGone,
            }
        }
        if intake.dropped() > 0 && !dropping {
            dropping = true;
            warn!(conn = r.id, peer = %r.peer, "input faster than the reader takes it; dropping keys");
        }
        // Handle what the bucket and the rest allow, then draw.
        let started = Instant::now();
        if started >= budget.ready_at() && intake.has_pending() && keys.take(started) {
            let screen = &mut r.screen;
            let (ended, cost) = off_workers(handle_cost > HEAVY, || {
                cpu_cost(|| {
                    let mut first = true;
                    while first || (intake.has_pending() && keys.take(Instant::now())) {
                        first = false;
                        match intake.pop() {
                            Some(Pending::Event(ev)) => {
                                // What changes nothing (a mouse move) draws nothing.
                                dirty |= screen.handle(&ev);
                                if screen.should_quit() {
                                    return Some(Ending::Quit);
                                }
                            }
                            Some(Pending::Resize(c, h)) => {
                                if painter
                                    .resize(&mut terminal, Rect::new(0, 0, c, h))
                                    .is_err()
                                {
                                    return Some(Ending::TooFarBehind);
                                }
                                screen.resize(c, h);
                                dirty = true;
                            }
                            None => {}
                        }
                    }
                    None
                })
            });
            if let Some(ending) = ended {
                return ending;
            }
            handle_cost = cost;
            budget.spend(Instant::now(), cost);
        }
        let extra = r.screen.take_output();
        if outbox.push(&extra).is_err() {
            return Ending::TooFarBehind;
        }
    }
}

/// A reader's share of the CPU, as a budget: it earns one core's
/// `1/share` as time passes, saves up at most [`CPU_BURST`], pays for each
/// piece of work (keys handled, a frame drawn) what it cost, and does no
/// more work while overdrawn: at most one core's `1/share` per reader,
/// whatever it sends and whatever its terminal's size. A reader that
/// stays within its share waits for nothing; one that does not waits
/// `share - 1` times as long as its work took, as if it had rested after
/// each piece.
#[derive(Debug)]
struct CpuBudget {
    /// Seconds of CPU in hand (negative: owed).
    balance: f64,
    at: Instant,
    share: f64,
}

impl CpuBudget {
    fn new(now: Instant, share: u32) -> Self {
        Self {
            balance: CPU_BURST.as_secs_f64(),
            at: now,
            share: f64::from(share.max(1)),
        }
    }

    fn spend(&mut self, now: Instant, cost: Duration) {
        let earned = now.saturating_duration_since(self.at).as_secs_f64() / self.share;
        self.balance = (self.balance + earned).min(CPU_BURST.as_secs_f64()) - cost.as_secs_f64();
        self.at = now;
    }

    /// When the budget is no longer overdrawn.
    fn ready_at(&self) -> Instant {
        if self.balance >= 0.0 {
            self.at
        } else {
            self.at + Duration::from_secs_f64(-self.balance * self.share)
        }
    }
}

/// Runs `work` and says what it cost the CPU: this thread's CPU time, not
/// the time that passed, which also counts the thread waiting for a core.
/// On a busy machine a 0.2 ms frame can take 10 ms between start and end,
/// and charging a reader for that made it wait for others' work.
fn cpu_cost<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = thread_cpu();
    let out = work();
    (out, thread_cpu().saturating_sub(start))
}

fn thread_cpu() -> Duration {
    use rustix::time::{ClockId, clock_gettime};
    let t = clock_gettime(ClockId::ThreadCPUTime);
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

/// Work expected to take longer than this (a frame at a large size, a
/// resize that rewraps a long article) runs off the async workers. A
/// frame is expected to cost what the last one did per cell, times the
/// cells it has now, so the first frame after a resize to 500x200 is known
/// to be heavy before it is drawn.
const HEAVY: Duration = Duration::from_millis(1);
/// What a cell of the first frame is expected to cost: a little more than
/// a 500x200 frame's cells cost (40 ns each with a fat-LTO build), so the
/// first frame at that size runs off the workers and one at 80x24 does
/// not.
const FIRST_CELL_COST: Duration = Duration::from_nanos(50);

/// Runs a reader's work where it holds up no other reader. Heavy work goes
/// through `block_in_place`: tokio hands this worker's other tasks (other
/// readers' keys, their SSH sessions) to another thread meanwhile, and the
/// kernel shares the cores between the two, so a reader drawing 500x200
/// frames never sits between another reader and its next frame. Light work
/// runs in place, where handing over would cost more than it saves.
fn off_workers<T>(heavy: bool, work: impl FnOnce() -> T) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    let threaded =
        Handle::try_current().is_ok_and(|h| h.runtime_flavor() == RuntimeFlavor::MultiThread);
    if heavy && threaded {
        tokio::task::block_in_place(work)
    } else {
        work()
    }
}

async fn sleep_until_some(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Keys (and mouse reports, and size changes) one reader may have handled:
/// `KEYS_PER_SECOND` on average, `KEY_BURST` at once. Faster input waits
/// in the [`Intake`]; a person holding a key down never gets near it.
#[derive(Debug)]
struct KeyBucket {
    tokens: f64,
    at: Instant,
}

impl KeyBucket {
    fn new(now: Instant) -> Self {
        Self {
            tokens: f64::from(KEY_BURST),
            at: now,
        }
    }

    fn refill(&mut self, now: Instant) {
        let secs = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + secs * f64::from(KEYS_PER_SECOND)).min(f64::from(KEY_BURST));
        self.at = now;
    }

    /// Takes a key's worth if there is one.
    fn take(&mut self, now: Instant) -> bool {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// When the next key's worth will be there.
    fn ready_at(&self) -> Instant {
        let missing = (1.0 - self.tokens).max(0.0);
        // A moment more, so that the refill then surely holds a whole key.
        self.at
            + Duration::from_secs_f64(missing / f64::from(KEYS_PER_SECOND))
            + Duration::from_micros(50)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(bucket: &mut KeyBucket, now: Instant) -> usize {
        (0..10_000).take_while(|_| bucket.take(now)).count()
    }

    #[test]
    fn the_cpu_budget_lets_a_light_reader_through_and_holds_a_heavy_one_to_its_share() {
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let mut b = CpuBudget::new(t0, 8);
        // A person: a key costing 0.3 ms every 250 ms never waits.
        for i in 1..=100 {
            let now = t0 + ms(250) * i;
            assert!(b.ready_at() <= now, "key {i} waited");
            b.spend(now, Duration::from_micros(300));
        }
        // A client drawing 5 ms frames back to back: once the saved burst
        // is spent, each frame is followed by seven times its cost idle.
        let mut now = t0 + ms(100_000);
        let mut frames = 0;
        let end = now + ms(10_000);
        while now < end {
            now = now.max(b.ready_at());
            b.spend(now, ms(5));
            now += ms(5);
            frames += 1;
        }
        // 10 s at an eighth of a core: 1.25 s of frames, 250 of them, and
        // the 20 ms burst's 4 more.
        assert!((250..=256).contains(&frames), "{frames} frames");
        // Nothing is saved beyond the burst, however long it waited.
        let mut idle = CpuBudget::new(t0, 8);
        idle.spend(t0 + ms(3_600_000), CPU_BURST + ms(1));
        assert!(idle.ready_at() > t0 + ms(3_600_000));
    }

    #[test]
    fn work_is_charged_in_cpu_time_not_in_time_waited() {
        let ((), cost) = cpu_cost(|| std::thread::sleep(Duration::from_millis(50)));
        assert!(cost < Duration::from_millis(10), "{cost:?} for a sleep");
        let (_, cost) = cpu_cost(|| {
            let start = std::time::Instant::now();
            let mut x = 0u64;
            while start.elapsed() < Duration::from_millis(20) {
                x = std::hint::black_box(x.wrapping_add(1));
            }
            x
        });
        assert!(cost > Duration::ZERO, "{cost:?} for a busy loop");
    }

    #[test]
    fn the_key_bucket_gives_a_burst_then_the_rate_and_never_saves_up_more() {
        let t0 = Instant::now();
        let mut bucket = KeyBucket::new(t0);
        assert_eq!(taken(&mut bucket, t0), usize::from(KEY_BURST));
        let next = bucket.ready_at();
        assert!(next > t0 && next < t0 + Duration::from_millis(100));
        assert!(bucket.take(next), "a key is there when it says");
        let t1 = next + Duration::from_secs(1);
        let second = taken(&mut bucket, t1);
        assert!(
            second.abs_diff(usize::from(KEYS_PER_SECOND)) <= 1,
            "{second} keys in a second"
        );
        let t2 = t1 + Duration::from_secs(3600);
        assert_eq!(taken(&mut bucket, t2), usize::from(KEY_BURST));
    }
}
