//! The local reader: owns the terminal, feeds input and signals to the
//! [`Driver`] (which performs the reader's effects, as it does for an SSH
//! session) and draws.
//!
//! One channel carries everything that can wake the loop (keys, signals,
//! analysis results), and the loop blocks on it: idle costs no CPU and no
//! wake-ups. The terminal is restored on every way out — `q`, an error (the
//! guard's `Drop`), a panic (the hook, before the message is printed) and
//! SIGTERM, SIGHUP or SIGINT (the signal thread wakes the loop, which ends
//! normally).

use std::io::{self, Write};
use std::panic;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use anyhow::Context;
use crossterm::event::{self, Event};
use crossterm::terminal;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::library::Library;
use crate::library::corrections::CorrectionsStore;
use crate::library::state::StateStore;

use crate::reader::{ANALYSIS_THREAD, Action, App, Config, Driver, START_BYTES, Wake, threads};
use crate::term::AnsiBackend;
use crate::term::Painter;

enum Msg {
    Event(Event),
    InputGone,
    Signal(i32),
    /// Background work has news for the driver.
    Wake,
}

/// What the local reader is asked to show, as the command line said it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalOptions {
    /// Article files or folders; none means the default library.
    pub paths: Vec<std::path::PathBuf>,
    /// Neither read nor write the remembered reading position.
    pub no_state: bool,
    /// Refuse article files bigger than this; `None` for the default
    /// ([`crate::model::article::DEFAULT_MAX_SIZE`]).
    pub max_size: Option<u64>,
    /// How long a URL's server may stay silent.
    pub timeout: std::time::Duration,
}

pub fn run_local(args: &LocalOptions) -> anyhow::Result<()> {
    let max_size = args
        .max_size
        .unwrap_or(crate::model::article::DEFAULT_MAX_SIZE);
    let limits = crate::model::reading::fetch::Limits {
        timeout: args.timeout,
        ..Default::default()
    };
    let library = Arc::new(Library::open_with(&args.paths, max_size, limits)?);
    // One article that cannot be read is an error on the command line, as
    // for `whosaid sources`; among many, it is a notice when picked. A big
    // one is not read here: it opens with its start shown.
    if library.len() == 1 && library.load_start(0, START_BYTES).is_none() {
        library.load(0)?;
    }
    let (store, state_notice) = match StateStore::default_path() {
        Some(path) if !args.no_state => StateStore::load(path),
        _ => (StateStore::disabled(), None),
    };
    let mut config = Config::from_env(|k| std::env::var(k).ok());
    // The local reader corrects what it shows; they are its own files.
    config.corrections = true;
    let app = App::new(Arc::clone(&library), config);

    let (tx, rx) = mpsc::channel();
    let wake_tx = Mutex::new(tx.clone());
    let wake: Wake = Arc::new(move || {
        let _ = wake_tx
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .send(Msg::Wake);
    });
    let mut driver = Driver::new(app, library, store, threads(), wake)
        .with_corrections(CorrectionsStore::default_store());
    // Signals are caught before the terminal changes, so none can end the
    // process with the terminal left raw; the thread that reads them starts
    // after the first frame (a signal waits for it in the handler's pipe).
    let signals = Signals::new([SIGTERM, SIGHUP, SIGINT]).context("installing signal handlers")?;
    let signal_handle = signals.handle();
    install_panic_hook();
    // Without a terminal (cron, a pipe, `setsid`) the reader cannot run;
    // say what can instead of the bare errno of opening /dev/tty.
    let mut terminal = TerminalGuard::enter().map_err(|e| {
        anyhow::anyhow!(
            "the reader needs a terminal ({e}); to print an article's sources without one, use `whosaid sources PATH`"
        )
    })?;
    let size = terminal.size();
    driver.resize(size.width, size.height);
    if let Some(n) = state_notice {
        driver.update(Action::Notice(n));
    }

    // Keys typed before the first frame wait in the terminal's queue.
    let mut local = Some((signals, size, tx));
    let result = event_loop(&mut driver, &mut terminal, &rx, &mut local);
    // Whatever ended the loop, remember where the reader was.
    let mut store = driver.finish();
    drop(terminal);
    signal_handle.close();
    if let Err(e) = store.save() {
        eprintln!("whosaid: could not save the reading position: {e}");
    }
    result
}

type LocalJobs = Option<(Signals, Rect, Sender<Msg>)>;

fn event_loop(
    driver: &mut Driver,
    terminal: &mut TerminalGuard,
    rx: &Receiver<Msg>,
    local: &mut LocalJobs,
) -> anyhow::Result<()> {
    let mut painter = Painter::new();
    let mut resized = false;
    // What changes nothing (a mouse move, an unbound key) draws nothing.
    let mut changed = true;
    loop {
        let out = driver.take_output();
        if !out.is_empty() {
            let w = terminal.0.backend_mut().writer_mut();
            let _ = w.write_all(&out);
            let _ = w.flush();
        }
        if driver.should_quit() {
            return Ok(());
        }
        if std::mem::take(&mut resized) {
            // The terminal went through sizes this loop never drew (a storm
            // of resizes, possibly back to the size it had), and each may
            // have cut or reflowed what it showed: draw everything again, at
            // the size it has now.
            let area = TerminalGuard::query_size();
            painter.resize(&mut terminal.0, area)?;
            if driver.app().size() != (area.width, area.height) {
                driver.resize(area.width, area.height);
            }
        }
        if std::mem::take(&mut changed) {
            painter.draw(&mut terminal.0, |f| driver.draw(f))?;
        }
        // Background work starts once the frame is out, so it never
        // competes with drawing the first screen.
        driver.start_jobs();
        if let Some((signals, drawn, tx)) = local.take() {
            forward_signals(signals, tx.clone());
            read_input(drawn, tx);
        }
        // Block until something happens, then take everything else that is
        // already waiting, so a storm of resizes or a paste draws once.
        let mut next = rx.recv().ok();
        if next.is_none() {
            return Ok(());
        }
        while let Some(msg) = next {
            match msg {
                Msg::Event(ev) => {
                    resized |= matches!(ev, Event::Resize(..));
                    changed |= resized;
                    changed |= driver.event(&ev);
                }
                Msg::Wake => changed |= driver.tick(),
                Msg::InputGone => return Ok(()),
                Msg::Signal(sig) => {
                    let name = match sig {
                        SIGHUP => "SIGHUP",
                        SIGTERM => "SIGTERM",
                        _ => "SIGINT",
                    };
                    anyhow::bail!("stopped by {name}");
                }
            }
            if driver.should_quit() {
                break;
            }
            next = rx.try_recv().ok();
        }
    }
}

fn forward_signals(mut signals: Signals, tx: Sender<Msg>) {
    thread::spawn(move || {
        for sig in signals.forever() {
            if tx.send(Msg::Signal(sig)).is_err() {
                break;
            }
        }
    });
}

/// Reads keys, mouse and resizes; the first frame was drawn at `drawn`.
fn read_input(drawn: Rect, tx: Sender<Msg>) {
    thread::spawn(move || {
        // crossterm learns of resizes once its event source exists; one
        // that came between the first frame and now would be lost, so
        // look at the size again once it does.
        let _ = event::poll(std::time::Duration::ZERO);
        let now = TerminalGuard::query_size();
        if now != drawn
            && tx
                .send(Msg::Event(Event::Resize(now.width, now.height)))
                .is_err()
        {
            return;
        }
        loop {
            let msg = match event::read() {
                Ok(ev) => Msg::Event(ev),
                Err(_) => Msg::InputGone,
            };
            let gone = matches!(msg, Msg::InputGone);
            if tx.send(msg).is_err() || gone {
                break;
            }
        }
    });
}

/// The terminal in reader mode; dropping it restores the terminal.
///
/// The viewport is fixed at the size the loop last asked for: ratatui would
/// otherwise ask the terminal for its size before every frame (crossterm
/// opens `/dev/tty` to do so), and the loop learns of resizes anyway.
struct TerminalGuard(Terminal<AnsiBackend<FrameOut>>);

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        terminal::enable_raw_mode()?;
        IN_READER_MODE.store(true, Ordering::SeqCst);
        let mut out = FrameOut::default();
        // Queued, not written: they go out with the first frame, in one write.
        let _ = out.write_all(crate::term::enter().as_bytes());
        let area = Self::query_size();
        let options = TerminalOptions {
            viewport: Viewport::Fixed(area),
        };
        match Terminal::with_options(AnsiBackend::new(out), options) {
            Ok(t) => Ok(TerminalGuard(t)),
            Err(e) => {
                restore_terminal();
                Err(e)
            }
        }
    }

    /// The terminal's size now; 80x24 if it cannot tell (as a pipe cannot).
    fn query_size() -> Rect {
        let (w, h) = terminal::size().unwrap_or((80, 24));
        Rect::new(0, 0, w, h)
    }

    /// The size frames are drawn at.
    fn size(&mut self) -> Rect {
        self.0.get_frame().area()
    }
}

/// Where frames go: gathered in memory and written to stdout in one write
/// per frame (stdout's own buffer is 1 KiB, which cut a first frame into
/// four writes). Unlike a `BufWriter` it writes nothing when dropped, and
/// nothing once the terminal is restored: a frame cut short by a panic must
/// not land on the shell's screen after the panic message.
#[derive(Default)]
struct FrameOut {
    buf: Vec<u8>,
}

impl Write for FrameOut {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let written = if IN_READER_MODE.load(Ordering::SeqCst) {
            let mut out = io::stdout().lock();
            out.write_all(&self.buf).and_then(|()| out.flush())
        } else {
            Ok(())
        };
        self.buf.clear();
        written
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Whether the terminal is in reader mode, so it is restored exactly once:
/// leaving the alternate screen twice would move the cursor back over a
/// panic message printed after the first time.
static IN_READER_MODE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back as the shell wants it. Errors are ignored: after
/// a SIGHUP there may be no terminal left to write to.
fn restore_terminal() {
    if !IN_READER_MODE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = out.write_all(crate::term::leave().as_bytes());
    let _ = out.flush();
    let _ = terminal::disable_raw_mode();
}

/// Restores the terminal before the panic message is printed, so the
/// message lands on the normal screen and the shell is usable. A panic in
/// the analysis thread is not fatal: it is caught there and shown as a
/// notice, so it must not restore (or print over) the running reader.
fn install_panic_hook() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if thread::current().name() == Some(ANALYSIS_THREAD) {
            return;
        }
        restore_terminal();
        previous(info);
    }));
}
