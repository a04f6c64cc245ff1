//! Finding articles and sharing them (this module), analysing big ones in
//! pieces ([`chunked`]), who is who across articles ([`people`], by the
//! keys of [`crossref`]) and the remembered reading positions ([`state`]). Finding articles: files and folders named on the command
//! line, the default `content/` folder, or the article built into the binary.
//!
//! A [`Library`] is shared (`Arc`) by every reader that shows it — the local
//! reader, or one per SSH session — so each article is read once and analysed
//! once, whoever asks first. Opening a library only lists file names: a
//! folder of 10,000 articles is listed without reading them, and each article
//! is loaded and analysed when someone opens it.
//!
//! Feeds and URLs are the exception: a feed is many articles, so it is read
//! when the library opens (feeds are small) and each of its items becomes
//! an entry like a file's; a URL is fetched then too, so a dead link is a
//! one-line error before any screen. [`Library::refresh`] reads the feeds
//! again and appends the items they did not have: entries are only ever
//! added, so an index stays the same article for every reader.

pub mod chunked;
pub(crate) mod crossref;
pub mod state;

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock, Weak};
use std::time::{Duration, Instant};

use crate::attribution::{Source, Sources};
use crate::model::article::{Article, ArticleError};
use crate::model::reading::fetch::{self, Limits};
use crate::model::reading::{Feed, Input};

pub mod corrections;
pub mod export;
pub mod people;

use people::{People, PeopleIndex};

/// Why an article or a library could not be opened, naming the file.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", crate::model::text::visible(&path.display().to_string()))]
pub struct LoadError {
    pub path: PathBuf,
    pub reason: String,
    /// Refused for its size, before it was read.
    pub too_big: bool,
}

/// Reads and parses one article file of at most `max_size` bytes.
pub fn load_article(path: &Path, max_size: u64) -> Result<Article, LoadError> {
    Article::load_limited(path, max_size).map_err(|e| LoadError {
        path: path.to_owned(),
        too_big: matches!(
            e,
            ArticleError::TooBig { .. } | ArticleError::MarkupTooBig(..)
        ),
        reason: e.to_string(),
    })
}

/// How often a scan reports progress: the reader redraws on each report, so
/// this bounds the wake-ups a scan causes.
const REPORT_EVERY: Duration = Duration::from_millis(250);

/// The article shown when there is no `content/` folder, so a bare install
/// still opens something real.
pub const EMBEDDED_NAME: &str = "2024-03-24-kyiv-lviv-strikes.txt";
pub const EMBEDDED_TEXT: &str = include_str!("../../content/2024-03-24-kyiv-lviv-strikes.txt");

pub fn embedded() -> Result<Article, ArticleError> {
    Article::parse(EMBEDDED_NAME, EMBEDDED_TEXT.as_bytes())
}

/// Expands each path: a file stays itself, a folder gives its article files
/// (`.txt`, `.md`, `.html` and their kin, see [`ARTICLE_EXTENSIONS`])
/// (not recursing, so a symlink loop cannot trap us), sorted by name.
pub fn discover(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| is_article_file(f))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// The extensions a folder's articles have; a file named on the command
/// line is read whatever its name, its format sniffed.
pub const ARTICLE_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "html", "htm", "xhtml", "rss", "atom", "xml", "rdf",
];

/// Whether a file is read when the library opens, for its items: in a
/// folder, by its extension (a folder is listed without reading its
/// files); named on the command line, by its extension or its first bytes.
fn is_feed_file(path: &Path, named: bool) -> bool {
    let by_name = crate::model::reading::sniff(path, b"").is_feed();
    if by_name || !named {
        return by_name;
    }
    let mut head = Vec::new();
    let read = crate::model::files::open_regular(path, u64::MAX).and_then(|(f, _)| {
        use std::io::Read;
        f.take(1024).read_to_end(&mut head)?;
        Ok(())
    });
    read.is_ok() && crate::model::reading::sniff(path, &head).is_feed()
}

fn is_article_file(p: &Path) -> bool {
    p.extension().is_some_and(|e| {
        let e = e.to_string_lossy().to_ascii_lowercase();
        ARTICLE_EXTENSIONS.contains(&e.as_str())
    }) && p.is_file()
}

/// The path that names standard input, as for `less -` or `cat -`.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads standard input (at most `max_size` bytes) as an article or a
/// feed, naming it `-` in errors.
pub fn load_stdin(max_size: u64) -> Result<Input, LoadError> {
    crate::model::reading::read_stdin(max_size).map_err(|e| load_error("-", &e))
}

/// Reads a file, a URL or standard input as an article or a feed: what
/// `sources` prints and what a library lists.
pub fn load_input(arg: &Path, max_size: u64, limits: &Limits) -> Result<Input, LoadError> {
    if is_stdin(arg) {
        return load_stdin(max_size);
    }
    if let Some(url) = url_of(arg) {
        return fetch::fetch(url, limits).map_err(|e| load_error(url, &e));
    }
    crate::model::reading::read_file(arg, max_size).map_err(|e| load_error(arg, &e))
}

/// The URL a command-line argument names, if it names one.
pub fn url_of(arg: &Path) -> Option<&str> {
    arg.to_str().filter(|s| fetch::is_url(s))
}

fn load_error(path: impl Into<PathBuf>, e: &ArticleError) -> LoadError {
    LoadError {
        path: path.into(),
        too_big: matches!(
            e,
            ArticleError::TooBig { .. } | ArticleError::MarkupTooBig(..)
        ),
        reason: e.to_string(),
    }
}

/// What the picker shows of an article before (and after) it is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Identifies the article across runs (for remembered positions).
    pub key: String,
    /// From the file name until the article is loaded, then its own title.
    pub title: String,
    pub date: Option<String>,
    origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    File(PathBuf),
    Embedded,
    /// Given ready-made (tests, or a caller that parsed it itself), or read
    /// when the library opened (a page fetched by URL, a feed's item): its
    /// article is in its slot from the start.
    Given,
}

/// A feed the library lists the items of, and where to read it again.
#[derive(Debug)]
struct FeedSource {
    /// Where it came from; `None` for standard input, which cannot be read
    /// twice.
    place: Option<PathBuf>,
    /// Its items' ids, to tell new items from those listed already.
    ids: std::collections::HashSet<String>,
}

#[derive(Debug, Default)]
struct Slot {
    article: Mutex<Option<Arc<Article>>>,
    sources: OnceLock<Arc<Sources>>,
    /// Held while one reader analyses, so others wait for its result.
    analysing: Mutex<()>,
    /// Title and date once the article has been read.
    loaded: OnceLock<(String, Option<String>)>,
    /// Why the article could not be read, once that is known.
    failed: OnceLock<String>,
    /// Set when it was refused for its size.
    too_big: OnceLock<()>,
}

impl Slot {
    /// Holds an article read ahead of any reader (a fetched page, a feed
    /// item).
    fn fill(&self, article: Article) {
        let _ = self
            .loaded
            .set((article.title.clone(), article.date.clone()));
        *self.article.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(article));
    }

    /// Keeps what reading the article told: its title and date for the
    /// picker, or why it could not be read.
    fn note(&self, read: Result<Article, LoadError>) -> Result<Arc<Article>, LoadError> {
        match read {
            Ok(a) => {
                let _ = self.loaded.set((a.title.clone(), a.date.clone()));
                Ok(Arc::new(a))
            }
            Err(e) => {
                let _ = self.failed.set(e.reason.clone());
                if e.too_big {
                    let _ = self.too_big.set(());
                }
                Err(e)
            }
        }
    }
}

/// A set of articles, listed up front and loaded on demand.
#[derive(Debug)]
pub struct Library {
    /// Entries and their slots: appended to by a refresh, never shortened
    /// or reordered, so indexes stay valid.
    items: RwLock<Vec<Arc<(Entry, Slot)>>>,
    feeds: Mutex<Vec<FeedSource>>,
    /// How URLs are fetched, at open and on refresh.
    limits: Limits,
    /// Everyone quoted, merged across the articles analysed so far.
    people: PeopleIndex,
    /// The background scan: whether some reader started it, and how far it
    /// is (done, total). One per library, so one per process however many
    /// readers share it.
    scan_started: AtomicBool,
    scanned: Mutex<(usize, usize)>,
    watchers: Watchers,
    /// Files bigger than this are refused before a byte is read
    /// (`--max-size`).
    max_size: u64,
}

/// Readers to tell when what the library knows grows (an article analysed,
/// the scan moving on), so that each redraws its counts and "also quoted
/// in". Weak: a reader that ended is dropped from the list.
#[derive(Default)]
struct Watchers(Mutex<Vec<Weak<dyn Fn() + Send + Sync>>>);

impl std::fmt::Debug for Watchers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.lock().map_or(0, |w| w.len());
        write!(f, "Watchers({n})")
    }
}

impl Watchers {
    fn tell(&self) {
        let live: Vec<_> = {
            let mut list = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            list.retain(|w| w.strong_count() > 0);
            list.iter().filter_map(Weak::upgrade).collect()
        };
        for wake in live {
            wake();
        }
    }
}

impl Library {
    /// The library for the reader's `PATH...` arguments: the named files,
    /// folders and URLs; with none, `content/` if it exists, else the
    /// embedded article.
    pub fn open(paths: &[PathBuf]) -> Result<Library, LoadError> {
        Library::open_with(
            paths,
            crate::model::article::DEFAULT_MAX_SIZE,
            Limits::default(),
        )
    }

    /// [`Library::open`] refusing files bigger than `max_size` and fetching
    /// URLs within `limits`.
    pub fn open_with(
        paths: &[PathBuf],
        max_size: u64,
        limits: Limits,
    ) -> Result<Library, LoadError> {
        let mut lib = Library::from_entries([]);
        lib.max_size = max_size;
        lib.limits = limits;
        // Standard input is read once, now: it cannot be read again later.
        if let [only] = paths
            && is_stdin(only)
        {
            lib.add_input(None, load_stdin(max_size)?);
            return Ok(lib);
        }
        if paths.iter().any(|p| is_stdin(p)) {
            return Err(LoadError {
                path: PathBuf::from("-"),
                too_big: false,
                reason: "standard input is read only on its own".to_owned(),
            });
        }
        let default = [PathBuf::from("content")];
        let paths = if paths.is_empty() {
            if default[0].is_dir() {
                &default[..]
            } else {
                return Ok(Library::embedded());
            }
        } else {
            paths
        };
        for p in paths {
            if url_of(p).is_none()
                && let Err(e) = std::fs::metadata(p)
            {
                return Err(LoadError {
                    too_big: false,
                    path: p.clone(),
                    reason: e.to_string(),
                });
            }
        }
        for p in paths {
            if url_of(p).is_some() {
                let input = load_input(p, max_size, &lib.limits)?;
                lib.add_input(Some(p.clone()), input);
                continue;
            }
            let named = !p.is_dir();
            let files = discover(std::slice::from_ref(p)).map_err(|e| LoadError {
                too_big: false,
                path: p.clone(),
                reason: e.to_string(),
            })?;
            for f in files {
                if is_feed_file(&f, named) {
                    // A feed is read now to list its items; one that cannot
                    // be read is an entry that says why when opened.
                    if let Ok(input @ Input::Feed(_)) = load_input(&f, max_size, &lib.limits) {
                        lib.add_input(Some(f), input);
                        continue;
                    }
                }
                lib.push_file(f);
            }
        }
        if lib.is_empty() {
            return Err(LoadError {
                too_big: false,
                path: paths[0].clone(),
                reason: "no article files (*.txt, *.md, *.html, *.rss, *.atom, *.xml) found"
                    .to_owned(),
            });
        }
        Ok(lib)
    }

    fn push_file(&mut self, f: PathBuf) {
        let (title, date) = guess_from_file_name(&f);
        let key = std::fs::canonicalize(&f)
            .unwrap_or_else(|_| f.clone())
            .display()
            .to_string();
        self.push(Entry {
            key,
            title,
            date,
            origin: Origin::File(f),
        });
    }

    fn push(&self, entry: Entry) -> usize {
        let mut items = self.items.write().unwrap_or_else(PoisonError::into_inner);
        items.push(Arc::new((entry, Slot::default())));
        items.len() - 1
    }

    /// Lists what was read from `place` (`None`: standard input): one
    /// article, or a feed's items.
    fn add_input(&self, place: Option<PathBuf>, input: Input) {
        match input {
            Input::Article(a) => {
                let key = match &place {
                    Some(p) => format!("url:{}", p.display()),
                    None => "stdin:-".to_owned(),
                };
                self.push_article(key, a);
            }
            Input::Feed(feed) => {
                let mut source = FeedSource {
                    place,
                    ids: std::collections::HashSet::new(),
                };
                self.add_items(&mut source, feed);
                self.feeds
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(source);
            }
        }
    }

    /// Appends the items of `feed` that `source` has not listed yet; gives
    /// how many.
    fn add_items(&self, source: &mut FeedSource, feed: Feed) -> usize {
        let place = source
            .place
            .as_ref()
            .map_or_else(|| "-".to_owned(), |p| p.display().to_string());
        let mut added = 0;
        for (id, article) in feed.items {
            if source.ids.insert(id.clone()) {
                self.push_article(format!("feed:{place}#{id}"), article);
                added += 1;
            }
        }
        added
    }

    fn push_article(&self, key: String, article: Article) -> usize {
        let i = self.push(Entry {
            key,
            title: article.title.clone(),
            date: article.date.clone(),
            origin: Origin::Given,
        });
        let item = self.item(i).expect("just pushed");
        item.1.fill(article);
        i
    }

    /// Just the article built into the binary.
    pub fn embedded() -> Library {
        let (title, date) = guess_from_file_name(Path::new(EMBEDDED_NAME));
        Library::from_entries([Entry {
            key: format!("embedded:{EMBEDDED_NAME}"),
            title,
            date,
            origin: Origin::Embedded,
        }])
    }

    /// A library of articles already in memory, optionally with their
    /// sources (tests, and callers that analysed them already).
    pub fn from_articles(articles: Vec<(Article, Option<Sources>)>) -> Library {
        let lib = Library::from_entries([]);
        for (i, (article, sources)) in articles.into_iter().enumerate() {
            let key = format!("given:{i}:{}", article.path.display());
            let index = lib.push_article(key, article);
            if let Some(s) = sources {
                let s = Arc::new(s);
                if let Some(item) = lib.item(index) {
                    let _ = item.1.sources.set(Arc::clone(&s));
                    let article = item
                        .1
                        .article
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .clone();
                    if let Some(a) = article {
                        lib.people.add(index, &a, &s, None);
                    }
                }
            }
        }
        lib
    }

    fn from_entries(entries: impl IntoIterator<Item = Entry>) -> Library {
        let items = entries
            .into_iter()
            .map(|e| Arc::new((e, Slot::default())))
            .collect();
        Library {
            items: RwLock::new(items),
            feeds: Mutex::new(Vec::new()),
            limits: Limits::default(),
            people: PeopleIndex::default(),
            scan_started: AtomicBool::new(false),
            scanned: Mutex::new((0, 0)),
            watchers: Watchers::default(),
            max_size: crate::model::article::DEFAULT_MAX_SIZE,
        }
    }

    /// Entry `index` and its slot, shared: a refresh may grow the list
    /// meanwhile, never change what is at an index.
    fn item(&self, index: usize) -> Option<Arc<(Entry, Slot)>> {
        self.items
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(index)
            .cloned()
    }

    /// The file article `index` is read from, when it is one (not a feed's
    /// item, a page or standard input).
    pub fn file_path(&self, index: usize) -> Option<PathBuf> {
        match &self.item(index)?.0.origin {
            Origin::File(p) => Some(p.clone()),
            _ => None,
        }
    }

    pub fn len(&self) -> usize {
        self.items
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the library lists a feed that [`Library::refresh`] can read
    /// again.
    pub fn has_feeds(&self) -> bool {
        self.feeds
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .any(|f| f.place.is_some())
    }

    /// Reads every feed again (a file anew, a URL fetched), appending the
    /// items it did not have before; items that left a feed stay, as in a
    /// feed reader. Gives how many items were added and, for each feed
    /// that failed, `where: why`. Blocks on the network: call it from a
    /// worker, never from drawing.
    pub fn refresh(&self) -> (usize, Vec<String>) {
        // One refresh at a time: the feed list is held throughout.
        let mut feeds = self.feeds.lock().unwrap_or_else(PoisonError::into_inner);
        let mut added = 0;
        let mut failed = Vec::new();
        for source in feeds.iter_mut() {
            let Some(place) = source.place.clone() else {
                continue;
            };
            match load_input(&place, self.max_size, &self.limits) {
                Ok(Input::Feed(feed)) => added += self.add_items(source, feed),
                Ok(Input::Article(_)) => failed.push(format!(
                    "{}: no longer a feed",
                    crate::model::text::visible(&place.display().to_string())
                )),
                Err(e) => failed.push(e.to_string()),
            }
        }
        drop(feeds);
        if added > 0 {
            self.watchers.tell();
        }
        (added, failed)
    }

    /// The entry for article `index`, with the article's own title and date
    /// once it has been loaded.
    pub fn entry(&self, index: usize) -> Option<Entry> {
        let item = self.item(index)?;
        let mut e = item.0.clone();
        if let Some((title, date)) = item.1.loaded.get() {
            e.title.clone_from(title);
            // An article without a `date` line keeps its file name's date.
            if date.is_some() {
                e.date.clone_from(date);
            }
        }
        Some(e)
    }

    /// The article at `index`, reading it on first use. May block on I/O:
    /// call it from a run loop, never from drawing.
    pub fn load(&self, index: usize) -> Result<Arc<Article>, LoadError> {
        let item = self.item(index).ok_or_else(|| LoadError {
            too_big: false,
            path: PathBuf::from(format!("#{index}")),
            reason: "no such article".to_owned(),
        })?;
        let (entry, slot) = &*item;
        let mut guard = slot.article.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(a) = guard.as_ref() {
            return Ok(Arc::clone(a));
        }
        let loaded = match &entry.origin {
            Origin::File(path) => load_article(path, self.max_size),
            Origin::Embedded => embedded().map_err(|e| LoadError {
                too_big: false,
                path: PathBuf::from(EMBEDDED_NAME),
                reason: e.to_string(),
            }),
            Origin::Given => Err(LoadError {
                too_big: false,
                path: PathBuf::from(&entry.key),
                reason: "article is gone".to_owned(),
            }),
        };
        let article = slot.note(loaded)?;
        *guard = Some(Arc::clone(&article));
        Ok(article)
    }

    /// The first part of article `index` when it is a file bigger than
    /// `max_bytes` that nobody has loaded yet: a reader shows it at once
    /// while the whole is read ([`Article::load_start`]). Not kept: the
    /// library holds whole articles only.
    pub fn load_start(&self, index: usize, max_bytes: usize) -> Option<Article> {
        let item = self.item(index)?;
        let Origin::File(path) = &item.0.origin else {
            return None;
        };
        let loaded = item
            .1
            .article
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some();
        if loaded {
            return None;
        }
        Article::load_start_limited(path, max_bytes, self.max_size)
            .ok()
            .flatten()
    }

    /// The same library refusing files bigger than `max` bytes.
    pub fn with_max_size(mut self, max: u64) -> Library {
        self.max_size = max;
        self
    }

    /// Whether article `index` was refused for its size (the picker says
    /// "too big" rather than "failed").
    pub fn too_big(&self, index: usize) -> bool {
        self.item(index)
            .is_some_and(|i| i.1.too_big.get().is_some())
    }

    /// Why article `index` could not be read, once a load or read failed.
    pub fn failure(&self, index: usize) -> Option<String> {
        self.item(index)?.1.failed.get().cloned()
    }

    /// The sources of article `index` if some reader has analysed it.
    pub fn sources(&self, index: usize) -> Option<Arc<Sources>> {
        self.item(index)?.1.sources.get().cloned()
    }

    /// Analyses article `index` once; a second caller waits for the first
    /// caller's result instead of analysing again. `progress(done, total)`
    /// may return `false` to say nobody is waiting any more: the analysis
    /// stops, nothing is kept, and the result is `None`.
    pub fn analyze(
        &self,
        index: usize,
        article: &Article,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Option<Arc<Sources>> {
        let item = self.item(index)?;
        let slot = &item.1;
        if let Some(s) = slot.sources.get() {
            return Some(Arc::clone(s));
        }
        let _one_at_a_time = slot
            .analysing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = slot.sources.get() {
            return Some(Arc::clone(s));
        }
        let sources = Arc::new(crate::library::chunked::analyze_with_progress(
            article, progress,
        )?);
        let _ = slot.sources.set(Arc::clone(&sources));
        let date = self.entry(index).and_then(|e| e.date);
        self.people.add(index, article, &sources, date);
        self.people.refresh_if_due();
        self.watchers.tell();
        Some(sources)
    }

    /// Analyses every article of the library that is not analysed yet, one after
    /// the other, so that the picker's source counts and "also quoted in" fill
    /// in. Reports `progress(done, total)` now and then and at the end, and
    /// stops early when it returns `false`. An article that cannot be read, or
    /// that makes the engine panic, is skipped. Texts are not kept. Articles
    /// a refresh adds meanwhile are scanned too.
    pub fn scan(&self, progress: &mut dyn FnMut(usize, usize) -> bool) {
        let mut reported = Instant::now();
        let mut i = 0;
        while i < self.len() {
            if self.sources(i).is_none()
                && let Ok(article) = self.read(i)
            {
                let _ = panic::catch_unwind(AssertUnwindSafe(|| {
                    self.analyze(i, &article, &mut |_, _| true)
                }));
            }
            i += 1;
            if reported.elapsed() >= REPORT_EVERY {
                reported = Instant::now();
                if !progress(i, self.len()) {
                    return;
                }
            }
        }
        self.people.refresh();
        progress(i, i);
    }

    /// Claims the background scan for the caller: `true` the first time
    /// only, so a library shared by many readers is scanned once. A refresh
    /// that added articles releases it ([`Library::rescan`]).
    pub fn claim_scan(&self) -> bool {
        self.len() > 1 && !self.scan_started.swap(true, Ordering::SeqCst)
    }

    /// After a refresh added articles: lets the next reader that asks claim
    /// a scan again, for the new ones.
    pub fn rescan(&self) {
        self.scan_started.store(false, Ordering::SeqCst);
    }

    /// [`Library::scan`], keeping its progress for every reader
    /// ([`Library::scan_progress`]) and telling the watchers as it goes.
    pub fn scan_shared(&self) {
        self.scan(&mut |done, total| {
            *self.scanned.lock().unwrap_or_else(PoisonError::into_inner) = (done, total);
            self.watchers.tell();
            true
        });
    }

    /// How far the shared scan is: (articles done, of all); (0, 0) before
    /// it starts.
    pub fn scan_progress(&self) -> (usize, usize) {
        *self.scanned.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Calls `wake` whenever the library learns more (an article analysed,
    /// the scan moving on), for as long as the caller holds it.
    pub fn watch(&self, wake: &Arc<dyn Fn() + Send + Sync>) {
        self.watchers
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Arc::downgrade(wake));
    }

    /// The articles (ascending, `index` itself included when it quotes
    /// them) that quote `source` by one of its names, among those analysed
    /// so far: those of the person the people index merged it into, so
    /// "also quoted in" and the People view agree.
    pub fn articles_quoting(&self, source: &Source) -> Vec<usize> {
        self.people().articles_quoting(source)
    }

    /// Everyone quoted in the articles analysed so far, merged across
    /// articles (see [`people`]). One index per library, so every reader
    /// sharing it (every SSH session) sees the same people, built once.
    pub fn people(&self) -> Arc<People> {
        self.people.snapshot()
    }

    /// [`Library::people`] with every article analysed so far, for a
    /// caller that waited for the analyses (`whosaid people`).
    pub fn people_now(&self) -> Arc<People> {
        self.people.refresh();
        self.people.snapshot()
    }

    /// Article `index` for a one-off look (the background scan): the copy
    /// already loaded, or a fresh read that is not kept, so that scanning a
    /// library does not hold every article's text. Its title and date are
    /// kept for the picker.
    pub fn read(&self, index: usize) -> Result<Arc<Article>, LoadError> {
        let item = self.item(index);
        let cached = item.as_ref().and_then(|i| {
            i.1.article
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
        });
        if let Some(a) = cached {
            return Ok(a);
        }
        match item.as_deref() {
            Some((
                Entry {
                    origin: Origin::File(path),
                    ..
                },
                slot,
            )) => slot.note(load_article(path, self.max_size)),
            _ => self.load(index),
        }
    }
}

/// `2024-03-24-kyiv-lviv-strikes.txt` → ("Kyiv lviv strikes", 2024-03-24):
/// what a picker can show without opening the file.
fn guess_from_file_name(path: &Path) -> (String, Option<String>) {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let date = stem
        .get(..10)
        .filter(|d| {
            let b = d.as_bytes();
            b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        })
        .map(str::to_owned);
    // The article module already knows how to make a title of a file name.
    let title = Article::parse(path, b"x").map(|a| a.title).unwrap_or(stem);
    (title, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_analyses_every_article_and_fills_the_index() {
        let dir = tempfile::tempdir().expect("tempdir");
        let quote = |who: &str| {
            format!("“We will rebuild,” {who} said on Monday.\n\nNothing else happened.\n")
        };
        std::fs::write(dir.path().join("a.txt"), quote("Mayor Anna Kowalska")).expect("w");
        std::fs::write(dir.path().join("b.txt"), quote("Anna Kowalska")).expect("w");
        std::fs::write(dir.path().join("c.txt"), quote("Jan Nowak")).expect("w");
        std::fs::write(dir.path().join("d.txt"), "").expect("w");
        let library = Library::open(&[dir.path().to_owned()]).expect("opens");
        let mut reports = Vec::new();
        library.scan(&mut |done, total| {
            reports.push((done, total));
            true
        });
        assert_eq!(reports.last(), Some(&(4, 4)));
        for i in 0..3 {
            assert!(library.sources(i).is_some(), "article {i} analysed");
        }
        assert!(library.sources(3).is_none(), "the empty file is skipped");
        let b = library.sources(1).expect("analysed");
        let anna = b.named().next().expect("a source");
        assert_eq!(library.articles_quoting(anna), [0, 1], "{anna:?}");
        // The people index fills in with the scan, from texts not kept.
        let people = library.people();
        assert_eq!(people.articles, 3);
        let merged = people.person_of(1, 0).expect("Anna");
        assert_eq!(
            (merged.articles, merged.passages.len()),
            (2, 2),
            "{merged:?}"
        );
    }

    #[test]
    fn folder_lists_without_loading() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("2020-01-02-b-story.txt"), "Body b.").expect("w");
        std::fs::write(dir.path().join("a.txt"), "title: Real A\n\nBody a.").expect("w");
        std::fs::write(dir.path().join("skip.jpg"), "no").expect("w");
        let lib = Library::open(&[dir.path().to_owned()]).expect("opens");
        assert_eq!(lib.len(), 2);
        // Sorted by file name: the dated file first.
        let e = lib.entry(0).expect("entry");
        assert_eq!(e.title, "B story");
        assert_eq!(e.date.as_deref(), Some("2020-01-02"));
        assert_eq!(lib.entry(1).expect("entry").title, "A");
        let a = lib.load(1).expect("loads");
        assert_eq!(a.title, "Real A");
        assert_eq!(lib.entry(1).expect("entry").title, "Real A");
        // Loaded once, shared afterwards.
        assert!(Arc::ptr_eq(&a, &lib.load(1).expect("loads")));
    }

    #[test]
    fn missing_path_and_empty_folder_are_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = Library::open(&[dir.path().join("nope")]).expect_err("missing");
        assert!(err.to_string().contains("nope"));
        let err = Library::open(&[dir.path().to_owned()]).expect_err("empty");
        assert!(err.to_string().contains("no article files"), "{err}");
    }

    #[test]
    fn unreadable_article_is_an_error_on_load() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("empty.txt"), "").expect("w");
        let lib = Library::open(&[dir.path().to_owned()]).expect("opens");
        let err = lib.load(0).expect_err("empty file");
        assert!(err.to_string().contains("empty"), "{err}");
    }

    #[test]
    fn analysis_runs_once() {
        let lib = Library::embedded();
        let a = lib.load(0).expect("embedded loads");
        assert!(lib.sources(0).is_none());
        let mut first = 0;
        let s1 = lib.analyze(0, &a, &mut |_, _| {
            first += 1;
            true
        });
        assert!(first > 0, "the analysis reports progress");
        let mut second = 0;
        let s2 = lib.analyze(0, &a, &mut |_, _| {
            second += 1;
            true
        });
        assert!(Arc::ptr_eq(&s1.expect("analysed"), &s2.expect("analysed")));
        assert_eq!(second, 0, "the second reader gets the first one's result");
        assert!(lib.sources(0).is_some());
    }

    #[test]
    fn a_failed_load_is_remembered() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.txt"), "Fine.").expect("w");
        std::fs::write(dir.path().join("b.txt"), "").expect("w");
        let lib = Library::open(&[dir.path().to_owned()]).expect("opens");
        assert!(lib.failure(1).is_none(), "not known before a load");
        assert!(lib.load(1).is_err());
        assert_eq!(lib.failure(1).as_deref(), Some("file is empty"));
        assert!(lib.load(0).is_ok() && lib.failure(0).is_none());
        let lib = Library::open(&[dir.path().to_owned()]).expect("opens");
        assert!(lib.read(1).is_err());
        assert_eq!(lib.failure(1).as_deref(), Some("file is empty"));
    }

    #[test]
    fn an_article_is_read_once_for_every_reader() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Ann Lee said so.").expect("w");
        let lib = Library::open(std::slice::from_ref(&path)).expect("opens");
        let first = lib.load(0).expect("loads");
        // Gone from the disk: a second reader still gets the same text,
        // so it was not read again.
        std::fs::remove_file(&path).expect("rm");
        let second = lib.load(0).expect("kept");
        assert!(Arc::ptr_eq(&first, &second));
        assert!(Arc::ptr_eq(&lib.read(0).expect("kept"), &first));
    }

    #[test]
    fn files_over_the_limit_are_refused_and_marked_too_big() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.txt"), "Fine.").expect("w");
        std::fs::write(dir.path().join("b.txt"), "Ann Lee said so, twice.").expect("w");
        let lib = Library::open(&[dir.path().to_owned()])
            .expect("opens")
            .with_max_size(10);
        assert!(lib.load(0).is_ok());
        let err = lib.load(1).expect_err("over the limit");
        assert!(err.to_string().contains("too big"), "{err}");
        assert!(lib.too_big(1) && !lib.too_big(0));
        assert!(lib.load_start(1, 4).is_none());
    }

    #[test]
    fn cancelled_analysis_keeps_nothing() {
        let lib = Library::embedded();
        let a = lib.load(0).expect("embedded loads");
        assert!(lib.analyze(0, &a, &mut |_, _| false).is_none());
        assert!(lib.sources(0).is_none());
        assert!(lib.analyze(0, &a, &mut |_, _| true).is_some());
    }
}
