//! The one place the reader's [`Effect`]s are performed, for every host.
//!
//! A host (the local terminal, an SSH session) owns a [`Driver`] and gives
//! it only what differs between hosts: a way to run work in the background
//! ([`Spawn`]), a way to be woken when that work has news ([`Wake`]), and
//! where reading positions are kept. In return it feeds the driver input
//! events and sizes, draws with [`Driver::draw`], and writes out
//! [`Driver::take_output`] (a clipboard copy) besides the frames. Loading,
//! showing a big file's start before the whole is read, analysing in the
//! background, the library scan and cross-references all happen here, so
//! the two hosts cannot drift apart.
//!
//! The library scan runs once per [`Library`], not per reader: every reader
//! sharing the library (every SSH session) watches it and redraws as the
//! picker's counts and "also quoted in" fill in.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use crossterm::event::Event;
use ratatui::Frame;
use ratatui::layout::Position;

use crate::library::Library;
use crate::library::corrections::{ArticleStamp, CorrectionsStore};
use crate::library::people::People;
use crate::library::state::StateStore;

use super::action::{Action, Effect};
use super::app::App;
use super::{keys, open_action, osc52, view};

/// Files bigger than this open with their first part shown before the
/// whole is read: enough text for several screens at any size.
pub const START_BYTES: usize = 64 * 1024;

/// Runs a job in the background (a named thread locally, the blocking pool
/// over SSH). A job may panic; the host's spawner keeps that from ending
/// the reader.
pub type Spawn = Arc<dyn Fn(Job) + Send + Sync>;

/// Tells the host that background work has news: it should call
/// [`Driver::tick`] and draw.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// A piece of background work.
pub type Job = Box<dyn FnOnce() + Send>;

/// Background work on threads of its own, named like the analysis, whose
/// panics a reader survives (the local panic hook leaves them alone). Not a
/// pool: a process that ends does not wait for a scan of the library to
/// finish, as tokio's blocking pool would make `serve` wait on shutdown.
pub fn threads() -> Spawn {
    Arc::new(|job| {
        let _ = std::thread::Builder::new()
            .name(super::ANALYSIS_THREAD.to_owned())
            .spawn(job);
    })
}

pub struct Driver {
    app: App,
    library: Arc<Library>,
    positions: StateStore,
    spawn: Spawn,
    wake: Wake,
    results_tx: Sender<Action>,
    results: Receiver<Action>,
    /// Work asked for, started after the next frame is drawn so that it
    /// never competes with drawing the first screen.
    jobs: Vec<Job>,
    /// Terminal output besides frames (OSC 52).
    output: Vec<u8>,
    /// The scan progress the app was last told about.
    scan_seen: (usize, usize),
    /// The people index the app was last told about.
    people_seen: Option<Arc<People>>,
    /// Where the reader's corrections are read and saved.
    corrections: CorrectionsStore,
    /// The articles' content hashes (computed once per article).
    stamps: std::collections::HashMap<usize, ArticleStamp>,
    /// Whether the corrections of the library's other articles were
    /// looked for (once, in the background, for the picker).
    looked_for_corrections: bool,
}

impl Driver {
    /// Drives `app` over `library`. `positions` is where reading positions
    /// are remembered ([`StateStore::disabled`] to keep none). Nothing is
    /// performed until the first update, normally the host's first
    /// [`Driver::resize`], so the first article opens at the real size.
    pub fn new(
        mut app: App,
        library: Arc<Library>,
        positions: StateStore,
        spawn: Spawn,
        wake: Wake,
    ) -> Driver {
        library.watch(&wake);
        // A folder opens where the reader was last.
        if let Some(last) = positions.last()
            && let Some(i) =
                (0..library.len()).find(|&i| library.entry(i).is_some_and(|e| e.key == last))
        {
            app.start_at(i);
        }
        let (results_tx, results) = mpsc::channel();
        Driver {
            app,
            library,
            positions,
            spawn,
            wake,
            results_tx,
            results,
            jobs: Vec::new(),
            output: Vec::new(),
            scan_seen: (0, 0),
            people_seen: None,
            corrections: CorrectionsStore::disabled(),
            stamps: std::collections::HashMap::new(),
            looked_for_corrections: false,
        }
    }

    /// The same driver reading and saving corrections in `store`.
    pub fn with_corrections(mut self, store: CorrectionsStore) -> Driver {
        self.corrections = store;
        self
    }

    pub fn app(&self) -> &App {
        &self.app
    }

    pub fn should_quit(&self) -> bool {
        self.app.should_quit()
    }

    /// Applies `action` and performs what it asks for.
    pub fn update(&mut self, action: Action) {
        // The open article comes first; then the rest of the library, for
        // "also quoted in" and the picker's counts.
        if matches!(
            action,
            Action::SourcesReady { .. }
                | Action::AnalysisFailed { .. }
                | Action::Refreshed { added: 1.., .. }
        ) {
            self.start_scan();
        }
        self.app.update(action);
        self.perform();
    }

    /// Takes one input event; says whether the screen may have changed (a
    /// mouse move or an unbound key changes nothing and draws nothing).
    pub fn event(&mut self, event: &Event) -> bool {
        match keys::action_for(&self.app, event) {
            Some(action) => {
                self.update(action);
                true
            }
            None => false,
        }
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.update(Action::Resize(cols, rows));
    }

    /// Takes in what background work finished since the last call, and how
    /// far the library's shared scan is; says whether anything did.
    pub fn tick(&mut self) -> bool {
        let mut changed = false;
        while let Ok(action) = self.results.try_recv() {
            self.update(action);
            changed = true;
        }
        let scan = self.library.scan_progress();
        if scan != self.scan_seen {
            self.scan_seen = scan;
            let (done, total) = scan;
            self.update(Action::LibraryScanned { done, total });
            changed = true;
        }
        // Rebuilt in the background at its own pace, not with the scan's
        // reports; only a reader showing the People view needs it.
        if self.app.people_view().is_some() {
            let people = self.library.people();
            if !self
                .people_seen
                .as_ref()
                .is_some_and(|p| Arc::ptr_eq(p, &people))
            {
                self.people_seen = Some(people);
                self.update(Action::PeopleUpdated);
                changed = true;
            }
        }
        changed
    }

    /// Draws the frame; returns where the terminal cursor goes.
    pub fn draw(&self, frame: &mut Frame) -> Option<Position> {
        view::draw_frame(&self.app, frame)
    }

    /// Starts the background work asked for: call it once a frame is out.
    pub fn start_jobs(&mut self) {
        for job in std::mem::take(&mut self.jobs) {
            (self.spawn)(job);
        }
    }

    /// Terminal output besides the frame, such as an OSC 52 copy.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.output)
    }

    /// Ends the reader (remembering its position) and gives back the
    /// positions for the host to save.
    pub fn finish(mut self) -> StateStore {
        if !self.app.should_quit() {
            self.update(Action::Quit);
        }
        self.positions
    }

    fn perform(&mut self) {
        // Performing an effect can ask for more: keep going until the
        // reader is satisfied.
        loop {
            let effects = self.app.take_effects();
            if effects.is_empty() {
                return;
            }
            for effect in effects {
                match effect {
                    Effect::Copy(text) => self.output.extend_from_slice(osc52(&text).as_bytes()),
                    Effect::SavePosition { key, position } => self.positions.set(&key, position),
                    Effect::Open(index) => self.open(index),
                    Effect::Refresh => self.refresh(),
                    Effect::SaveCorrections { index, corrections } => {
                        self.save_corrections(index, &corrections);
                    }
                }
            }
        }
    }

    /// Opens article `index` where the reader left it. A big file shows its
    /// start at once (unless the reader was further in) and the rest is read
    /// in the background, before the analysis. Reading a small file or a
    /// big one's start happens here, on the host's thread: it is quick, and
    /// the frame after the key that opened it shows the article.
    fn open(&mut self, index: usize) {
        let key = self.library.entry(index).map(|e| e.key);
        let position = key.and_then(|k| self.positions.get(&k).cloned());
        let start = self.library.load_start(index, START_BYTES).filter(|a| {
            position
                .as_ref()
                .is_none_or(|p| p.paragraph + 1 < a.paragraphs().len())
        });
        if let Some(start) = start {
            self.app.update(Action::Opened {
                index,
                article: Arc::new(start),
                position,
            });
            self.complete(index);
            return;
        }
        let action = open_action(&self.library, index, position);
        let mut loaded = None;
        if let Action::Opened { article, .. } = &action {
            let stamp = ArticleStamp::of(article);
            loaded = Some(self.corrections.load(&stamp));
            self.stamps.insert(index, stamp);
        }
        if let Action::Opened { article, .. } = &action
            && self.library.sources(index).is_none()
        {
            let article = Arc::clone(article);
            let (library, mut send) = (Arc::clone(&self.library), self.sender());
            self.jobs.push(Box::new(move || {
                super::analyse(&library, index, &article, &mut send);
            }));
        }
        self.app.update(action);
        if let Some(loaded) = loaded {
            self.app.update(Action::CorrectionsLoaded {
                index,
                corrections: loaded.corrections,
                notice: loaded.notice,
            });
        }
    }

    /// Saves the reader's corrections of article `index` (atomically, on
    /// the host's thread so that two saves never cross); a failure is a
    /// notice, and the corrections stay in the reader.
    fn save_corrections(
        &mut self,
        index: usize,
        corrections: &crate::library::corrections::Corrections,
    ) {
        if !self.stamps.contains_key(&index) {
            let Some(article) = self
                .app
                .article()
                .filter(|a| self.app.article_index() == index && !a.is_start())
            else {
                return;
            };
            self.stamps.insert(index, ArticleStamp::of(article));
        }
        let Some(stamp) = self.stamps.get(&index) else {
            return;
        };
        let result = if self.corrections.is_enabled() {
            self.corrections.save(stamp, corrections)
        } else {
            Err(crate::library::corrections::SaveError::Off)
        };
        if let Err(e) = result {
            self.app.update(Action::Notice(format!(
                "{e}: your corrections are kept until the reader ends"
            )));
        }
    }

    /// The reader has only the start of article `index`: load the whole in
    /// the background, hand it over ([`Action::Completed`]), then analyse it.
    fn complete(&mut self, index: usize) {
        let (library, mut send) = (Arc::clone(&self.library), self.sender());
        let store = self.corrections.clone();
        self.jobs.push(Box::new(move || {
            let article = match open_action(&library, index, None) {
                Action::Opened { article, .. } => article,
                failed => {
                    send(failed);
                    return;
                }
            };
            let whole = Action::Completed {
                index,
                article: Arc::clone(&article),
            };
            if !send(whole) {
                return;
            }
            // Corrections once the whole is there: they name paragraphs
            // of the whole, and its hash keys them.
            let loaded = store.load(&ArticleStamp::of(&article));
            if !send(Action::CorrectionsLoaded {
                index,
                corrections: loaded.corrections,
                notice: loaded.notice,
            }) || library.sources(index).is_some()
            {
                return;
            }
            super::analyse(&library, index, &article, &mut send);
        }));
    }

    /// Analyses the rest of the library in the background, once for all
    /// readers of it.
    /// Reads the feeds again on a worker (it may wait on the network),
    /// then scans what was added so the picker's counts fill in.
    fn refresh(&mut self) {
        let (library, mut send) = (Arc::clone(&self.library), self.sender());
        self.jobs.push(Box::new(move || {
            let (added, failed) = library.refresh();
            if added > 0 {
                library.rescan();
            }
            send(Action::Refreshed { added, failed });
        }));
    }

    fn start_scan(&mut self) {
        self.look_for_corrections();
        if !self.library.claim_scan() {
            return;
        }
        let library = Arc::clone(&self.library);
        self.jobs.push(Box::new(move || library.scan_shared()));
    }

    /// Finds the corrections saved for the library's files, once, in the
    /// background: the picker counts their checked sources before they are
    /// opened. Per reader, as each reader (each key over SSH) has its own.
    fn look_for_corrections(&mut self) {
        if self.looked_for_corrections || !self.corrections.is_enabled() || self.library.len() < 2 {
            return;
        }
        self.looked_for_corrections = true;
        let (library, store, mut send) = (
            Arc::clone(&self.library),
            self.corrections.clone(),
            self.sender(),
        );
        self.jobs.push(Box::new(move || {
            for index in 0..library.len() {
                let Some(path) = library.file_path(index) else {
                    continue;
                };
                if let Some(corrections) = store.load_for_path(&path)
                    && !send(Action::CorrectionsKnown { index, corrections })
                {
                    return;
                }
            }
        }));
    }

    /// Sends a background result to this reader and wakes its host; `false`
    /// once the reader is gone.
    fn sender(&self) -> impl FnMut(Action) -> bool + Send + 'static {
        let (tx, wake) = (self.results_tx.clone(), Arc::clone(&self.wake));
        move |action| {
            let alive = tx.send(action).is_ok();
            wake();
            alive
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::Config;
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

    fn mouse(kind: MouseEventKind) -> Event {
        Event::Mouse(MouseEvent {
            kind,
            column: 10,
            row: 5,
            modifiers: KeyModifiers::NONE,
        })
    }

    /// A driver over the built-in article whose background work runs at
    /// once, on the caller's thread.
    fn driver() -> Driver {
        let library = Arc::new(Library::embedded());
        let app = App::new(Arc::clone(&library), Config::default());
        let spawn: Spawn = Arc::new(|job| job());
        let wake: Wake = Arc::new(|| {});
        let mut d = Driver::new(app, library, StateStore::disabled(), spawn, wake);
        d.resize(80, 24);
        d.start_jobs();
        d.tick();
        d
    }

    #[test]
    fn a_mouse_move_or_drag_draws_nothing_and_the_wheel_does() {
        let mut d = driver();
        assert!(!d.event(&mouse(MouseEventKind::Moved)), "a move");
        assert!(
            !d.event(&mouse(MouseEventKind::Drag(MouseButton::Left))),
            "a drag"
        );
        assert!(d.event(&mouse(MouseEventKind::ScrollDown)), "the wheel");
    }

    #[test]
    fn opening_analyses_in_the_background_and_copy_goes_to_the_output() {
        let mut d = driver();
        assert!(d.library.sources(0).is_some(), "analysed by the job");
        assert!(!d.app().sources().is_empty(), "the app has the sources");
        d.update(Action::Copy);
        assert!(d.take_output().starts_with(b"\x1b]52;c;"));
        assert!(d.take_output().is_empty());
    }

    #[test]
    fn corrections_are_loaded_saved_and_counted_for_the_picker() {
        use crate::library::corrections::{ArticleStamp, Corrections, CorrectionsStore};
        let dir = tempfile::tempdir().expect("tempdir");
        let quote =
            |who: &str| format!("“We will rebuild,” {who} said on Monday.\n\nNothing else.\n");
        std::fs::write(dir.path().join("a.txt"), quote("Anna Kowalska")).expect("w");
        std::fs::write(dir.path().join("b.txt"), quote("Peter Brandt")).expect("w");
        let store = CorrectionsStore::at(dir.path().join("corrections"));
        let b = crate::library::load_article(&dir.path().join("b.txt"), 1 << 20).expect("b");
        let mut checked = Corrections::default();
        checked.toggle_checked("Peter Brandt");
        store.save(&ArticleStamp::of(&b), &checked).expect("saved");

        let library = Arc::new(Library::open(&[dir.path().to_owned()]).expect("opens"));
        let config = Config {
            corrections: true,
            ..Config::default()
        };
        let app = App::new(Arc::clone(&library), config);
        let spawn: Spawn = Arc::new(|job| job());
        let wake: Wake = Arc::new(|| {});
        let mut d = Driver::new(app, library, StateStore::disabled(), spawn, wake)
            .with_corrections(store.clone());
        d.resize(80, 24);
        d.update(Action::Activate);
        d.start_jobs();
        d.tick();
        d.start_jobs();
        d.tick();
        assert_eq!(d.app().checked_count(1), Some((1, 1)), "b counted unopened");
        // A correction of a is saved at once, atomically, where a's hash says.
        d.update(Action::Correct(crate::reader::correct::Correct::Checked));
        let a = crate::library::load_article(&dir.path().join("a.txt"), 1 << 20).expect("a");
        let saved = store.load(&ArticleStamp::of(&a));
        assert!(
            saved
                .corrections
                .fix("Anna Kowalska")
                .is_some_and(|f| f.checked)
        );
        assert_eq!(d.app().checked_count(0), Some((1, 1)));

        // A store that takes no more: the reader is told, and keeps them.
        let full = CorrectionsStore::at(dir.path().join("full")).bounded(0);
        let library = Arc::new(Library::open(&[dir.path().join("a.txt")]).expect("opens"));
        let app = App::new(Arc::clone(&library), config_on());
        let spawn: Spawn = Arc::new(|job| job());
        let mut d = Driver::new(app, library, StateStore::disabled(), spawn, Arc::new(|| {}))
            .with_corrections(full);
        d.resize(80, 24);
        d.start_jobs();
        d.tick();
        d.update(Action::Correct(crate::reader::correct::Correct::Checked));
        let notice = d.app().notice().expect("a notice");
        assert!(
            notice.contains("store is full") && notice.contains("kept"),
            "{notice}"
        );
        assert_eq!(
            d.app().source_marks().first().map(|m| m.checked),
            Some(true)
        );
    }

    fn config_on() -> Config {
        Config {
            corrections: true,
            ..Config::default()
        }
    }

    #[test]
    fn a_big_file_shows_its_start_before_the_whole_is_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paragraph = "“It goes on,” the mayor said. More words follow here.\n\n";
        let text = paragraph.repeat(START_BYTES / paragraph.len() * 4);
        std::fs::write(dir.path().join("big.txt"), &text).expect("write");
        let library = Arc::new(Library::open(&[dir.path().to_owned()]).expect("opens"));
        let app = App::new(Arc::clone(&library), Config::default());
        // Background work waits here until the test runs it.
        let queued: Arc<std::sync::Mutex<Vec<Job>>> = Arc::default();
        let q = Arc::clone(&queued);
        let spawn: Spawn = Arc::new(move |job| q.lock().expect("queue").push(job));
        let wake: Wake = Arc::new(|| {});
        let mut d = Driver::new(app, library, StateStore::disabled(), spawn, wake);
        d.resize(80, 24);
        let shown = d.app().article().expect("an article shown at once");
        assert!(shown.is_start(), "only its start, before the whole is read");
        let start_paragraphs = shown.paragraphs().len();
        d.start_jobs();
        for job in std::mem::take(&mut *queued.lock().expect("queue")) {
            job();
        }
        assert!(d.tick());
        let whole = d.app().article().expect("the article");
        assert!(!whole.is_start(), "the whole, once read");
        assert!(whole.paragraphs().len() > start_paragraphs);
    }
}
