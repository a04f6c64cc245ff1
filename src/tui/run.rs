//! The local reader: owns the terminal, turns input, signals and background
//! analysis into [`Action`]s, performs [`Effect`]s and draws.
//!
//! One channel carries everything that can wake the loop (keys, signals,
//! analysis results), and the loop blocks on it: idle costs no CPU and no
//! wake-ups. The terminal is restored on every way out — `q`, an error (the
//! guard's `Drop`), a panic (the hook, before the message is printed) and
//! SIGTERM, SIGHUP or SIGINT (the signal thread wakes the loop, which ends
//! normally).

use std::io::{self, Write};
use std::panic;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use anyhow::Context;
use crossterm::event::{self, Event};
use crossterm::terminal;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::article::Article;
use crate::library::Library;
use crate::state::StateStore;

use super::action::{Action, Effect};
use super::app::{App, Config};
use super::{ANALYSIS_THREAD, keys, open_action, osc52, spawn_analysis, view};
use crate::term::AnsiBackend;
use crate::term::Painter;

/// Files bigger than this open with their first part shown before the
/// whole is read: enough text for several screens at any size.
const START_BYTES: usize = 64 * 1024;

enum Msg {
    Event(Event),
    InputGone,
    Signal(i32),
    Action(Action),
}

/// What the local reader is asked to show, as the command line said it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalOptions {
    /// Article files or folders; none means the default library.
    pub paths: Vec<std::path::PathBuf>,
    /// Neither read nor write the remembered reading position.
    pub no_state: bool,
}

pub fn run_local(args: &LocalOptions) -> anyhow::Result<()> {
    let library = Arc::new(Library::open(&args.paths)?);
    // One article that cannot be read is an error on the command line, as
    // for `whosaid sources`; among many, it is a notice when picked. A big
    // one is not read here: it opens with its start shown (see `complete`).
    if library.len() == 1 && library.load_start(0, START_BYTES).is_none() {
        library.load(0)?;
    }
    let (mut store, state_notice) = match StateStore::default_path() {
        Some(path) if !args.no_state => StateStore::load(path),
        _ => (StateStore::disabled(), None),
    };
    let config = Config::from_env(|k| std::env::var(k).ok());
    let mut app = App::new(Arc::clone(&library), config);
    if let Some(n) = state_notice {
        app.update(Action::Notice(n));
    }

    let (tx, rx) = mpsc::channel();
    // Signals are caught before the terminal changes, so none can end the
    // process with the terminal left raw; the thread that reads them starts
    // after the first frame (a signal waits for it in the handler's pipe).
    let signals = Signals::new([SIGTERM, SIGHUP, SIGINT]).context("installing signal handlers")?;
    let signal_handle = signals.handle();
    install_panic_hook();
    let mut terminal = TerminalGuard::enter().context("setting up the terminal")?;
    let size = terminal.size();
    app.update(Action::Resize(size.width, size.height));

    let mut host = Host {
        library,
        store: &mut store,
        tx,
        scanning: false,
        // Keys typed before the first frame wait in the terminal's queue.
        jobs: vec![Job::Signals(signals), Job::Input(size)],
    };
    let result = event_loop(&mut app, &mut terminal, &rx, &mut host);
    // Whatever ended the loop, remember where the reader was.
    if !app.should_quit() {
        app.update(Action::Quit);
    }
    host.perform(&mut app, &mut terminal);
    drop(terminal);
    signal_handle.close();
    if let Err(e) = store.save() {
        eprintln!("whosaid: could not save the reading position: {e}");
    }
    result
}

fn event_loop(
    app: &mut App,
    terminal: &mut TerminalGuard,
    rx: &Receiver<Msg>,
    host: &mut Host<'_>,
) -> anyhow::Result<()> {
    let mut painter = Painter::new();
    let mut resized = false;
    // What changes nothing (a mouse move, an unbound key) draws nothing.
    let mut changed = true;
    loop {
        host.perform(app, terminal);
        if app.should_quit() {
            return Ok(());
        }
        if std::mem::take(&mut resized) {
            // The terminal went through sizes this loop never drew (a storm
            // of resizes, possibly back to the size it had), and each may
            // have cut or reflowed what it showed: draw everything again, at
            // the size it has now.
            let area = TerminalGuard::query_size();
            painter.resize(&mut terminal.0, area)?;
            if app.size() != (area.width, area.height) {
                app.update(Action::Resize(area.width, area.height));
            }
        }
        if std::mem::take(&mut changed) {
            painter.draw(&mut terminal.0, |f| view::draw_frame(app, f))?;
        }
        // Background work starts once the frame is out, so it never
        // competes with drawing the first screen.
        host.start_jobs();
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
                    if let Some(action) = keys::action_for(app, &ev) {
                        app.update(action);
                        changed = true;
                    }
                }
                Msg::Action(action) => {
                    // The open article comes first; then the rest of the
                    // library, for "also quoted in" and the picker's counts.
                    if matches!(
                        action,
                        Action::SourcesReady { .. } | Action::AnalysisFailed { .. }
                    ) {
                        host.scan_library();
                    }
                    app.update(action);
                    changed = true;
                }
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
            if app.should_quit() {
                break;
            }
            next = rx.try_recv().ok();
        }
    }
}

/// What the local loop does for the reader: load articles, analyse them in
/// the background, copy to the clipboard, remember positions.
struct Host<'a> {
    library: Arc<Library>,
    store: &'a mut StateStore,
    tx: Sender<Msg>,
    scanning: bool,
    /// Background work asked for, started after the next frame is drawn.
    jobs: Vec<Job>,
}

enum Job {
    /// Forward these signals to the loop.
    Signals(Signals),
    /// Read keys, mouse and resizes; the first frame was drawn at this
    /// size.
    Input(Rect),
    /// Analyse this article.
    Analyse(usize, Arc<Article>),
    /// Load the whole of an article shown by its start, then analyse it.
    Complete(usize),
}

impl Host<'_> {
    fn perform(&mut self, app: &mut App, terminal: &mut TerminalGuard) {
        // Performing an effect can ask for more (opening asks nothing yet,
        // but keep going until the reader is satisfied).
        loop {
            let effects = app.take_effects();
            if effects.is_empty() {
                return;
            }
            for effect in effects {
                match effect {
                    Effect::Copy(text) => {
                        let out = terminal.0.backend_mut().writer_mut();
                        let _ = out.write_all(osc52(&text).as_bytes());
                        let _ = out.flush();
                    }
                    Effect::SavePosition { key, position } => self.store.set(&key, position),
                    Effect::Open(index) => {
                        let key = self.library.entry(index).map(|e| e.key);
                        let position = key.and_then(|k| self.store.get(&k).cloned());
                        // A big file shows its start at once (unless the
                        // reader was further in); the rest is read in the
                        // background, before the analysis.
                        let start = self.library.load_start(index, START_BYTES).filter(|a| {
                            position
                                .as_ref()
                                .is_none_or(|p| p.paragraph + 1 < a.paragraphs().len())
                        });
                        if let Some(start) = start {
                            app.update(Action::Opened {
                                index,
                                article: Arc::new(start),
                                position,
                            });
                            self.jobs.push(Job::Complete(index));
                            continue;
                        }
                        let action = open_action(&self.library, index, position);
                        if let Action::Opened { article, .. } = &action
                            && self.library.sources(index).is_none()
                        {
                            self.jobs.push(Job::Analyse(index, Arc::clone(article)));
                        }
                        app.update(action);
                    }
                }
            }
        }
    }

    fn start_jobs(&mut self) {
        for job in std::mem::take(&mut self.jobs) {
            match job {
                Job::Analyse(index, article) => self.analyse(index, article),
                Job::Complete(index) => self.complete(index),
                Job::Signals(signals) => self.forward_signals(signals),
                Job::Input(drawn) => self.read_input(drawn),
            }
        }
    }

    fn forward_signals(&self, mut signals: Signals) {
        let tx = self.tx.clone();
        thread::spawn(move || {
            for sig in signals.forever() {
                if tx.send(Msg::Signal(sig)).is_err() {
                    break;
                }
            }
        });
    }

    fn read_input(&self, drawn: Rect) {
        let tx = self.tx.clone();
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

    /// Analyses the rest of the library in the background, once.
    fn scan_library(&mut self) {
        if self.scanning || self.library.len() < 2 {
            return;
        }
        self.scanning = true;
        let library = Arc::clone(&self.library);
        let tx = self.tx.clone();
        // Named like the analysis, whose panics the reader survives.
        let _ = thread::Builder::new()
            .name(ANALYSIS_THREAD.to_owned())
            .spawn(move || {
                library.scan(&mut |done, total| {
                    tx.send(Msg::Action(Action::LibraryScanned { done, total }))
                        .is_ok()
                });
            });
    }

    /// The reader has only the start of article `index`: load the whole in
    /// the background, hand it over ([`Action::Completed`]), then analyse it.
    fn complete(&self, index: usize) {
        let library = Arc::clone(&self.library);
        let tx = self.tx.clone();
        // Named like the analysis, whose panics the reader survives.
        let spawned = thread::Builder::new()
            .name(ANALYSIS_THREAD.to_owned())
            .spawn(move || {
                let article = match open_action(&library, index, None) {
                    Action::Opened { article, .. } => article,
                    failed => {
                        let _ = tx.send(Msg::Action(failed));
                        return;
                    }
                };
                let whole = Action::Completed {
                    index,
                    article: Arc::clone(&article),
                };
                if tx.send(Msg::Action(whole)).is_err() || library.sources(index).is_some() {
                    return;
                }
                let progress = tx.clone();
                if let Err(e) = spawn_analysis(library, index, article, move |a| {
                    progress.send(Msg::Action(a)).is_ok()
                }) {
                    let reason = e.to_string();
                    let _ = tx.send(Msg::Action(Action::AnalysisFailed { index, reason }));
                }
            });
        if let Err(e) = spawned {
            let reason = e.to_string();
            let _ = self
                .tx
                .send(Msg::Action(Action::OpenFailed { index, reason }));
        }
    }

    fn analyse(&self, index: usize, article: Arc<Article>) {
        let tx = self.tx.clone();
        let spawned = spawn_analysis(Arc::clone(&self.library), index, article, move |a| {
            tx.send(Msg::Action(a)).is_ok()
        });
        if let Err(e) = spawned {
            let _ = self.tx.send(Msg::Action(Action::AnalysisFailed {
                index,
                reason: e.to_string(),
            }));
        }
    }
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
