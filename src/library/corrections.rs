//! The reader's corrections to the engine: per article, what a reader
//! renamed, reclassified, merged, hid, attributed, removed, added and
//! marked checked. The engine is never right on every article, and a
//! fact-checker must be able to fix what it found and say what they checked.
//!
//! A [`Corrections`] value is data only, keyed by a stable id per source
//! (the engine's name for the engine's sources, `new:N` for the reader's
//! own), so the same corrections apply again after a restart, whatever
//! order they were made in. [`apply`] is a pure function from the engine's
//! [`Sources`] and the corrections to what everyone shows: `sources`,
//! `export`, `eval --with-corrections`, the reader and the SSH host.
//!
//! [`CorrectionsStore`] keeps them as readable JSON, one file per article
//! named by the article's content hash (a moved file keeps its corrections;
//! an edited one finds them through its path and is told they may no longer
//! fit). What a reader wrote is never lost: files are replaced atomically,
//! and a file that cannot be read (corrupt, hostile, too big) is renamed to
//! `.bad` with a notice rather than overwritten.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::attribution::{Passage, PassageKind, Source, SourceKind, Sources};
use crate::model::article::{Article, Origin};

/// Names and roles longer than this (in characters) are cut: a typed name
/// is a name, and a hostile file cannot make the reader lay out a megabyte.
pub const MAX_NAME_CHARS: usize = 120;
/// A corrections file bigger than this is not read (it is set aside).
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// At most this many source entries per article are kept.
pub const MAX_FIXES: usize = 2000;
/// At most this many paragraphs added or removed per source.
pub const MAX_PARAGRAPHS: usize = 10_000;

/// A source's kind as a reader sets it (`K` cycles the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Organisation,
}

impl Kind {
    fn source_kind(self) -> SourceKind {
        match self {
            Kind::Person => SourceKind::Person,
            Kind::Organisation => SourceKind::Organisation,
        }
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

/// What a reader changed about one source. Every field left at its default
/// means "as the engine has it".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// Which source: the engine's name for it (`Name (2)` for a second
    /// source of the same name), or `new:N` for one the reader added.
    pub source: String,
    /// Made by the reader (`+`), not found by the engine.
    #[serde(default, skip_serializing_if = "is_false")]
    pub new: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// The role; an empty one removes the engine's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Merged into this other source (its id): passages move, names join.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    /// Not a source.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
    /// A reader checked this source against the article.
    #[serde(default, skip_serializing_if = "is_false")]
    pub checked: bool,
    /// Paragraphs (¶ numbers, from 1) the source speaks in that the engine
    /// missed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_paragraphs: Vec<usize>,
    /// Paragraphs the engine credited to the source wrongly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_paragraphs: Vec<usize>,
}

impl Fix {
    fn is_noop(&self) -> bool {
        !self.new
            && self.name.is_none()
            && self.kind.is_none()
            && self.role.is_none()
            && self.merged_into.is_none()
            && !self.hidden
            && !self.checked
            && self.added_paragraphs.is_empty()
            && self.removed_paragraphs.is_empty()
    }

    /// Cuts what a file may hold to the length a reader could have typed.
    /// Characters stay as they are: whatever shows them makes them visible
    /// as it does article text (a name from the engine can hold anything
    /// an article does).
    fn bound(&mut self) {
        let cap = |s: &mut String| {
            if let Some((i, _)) = s.char_indices().nth(MAX_NAME_CHARS) {
                s.truncate(i);
            }
        };
        for s in [&mut self.name, &mut self.role, &mut self.merged_into]
            .into_iter()
            .flatten()
        {
            cap(s);
        }
        // The id names an engine source: an article's own text, cut only
        // far past any real name so that it still matches.
        if let Some((i, _)) = self.source.char_indices().nth(4 * MAX_NAME_CHARS) {
            self.source.truncate(i);
        }
        self.added_paragraphs.truncate(MAX_PARAGRAPHS);
        self.removed_paragraphs.truncate(MAX_PARAGRAPHS);
    }
}

/// `s` without control characters (a typed name is one line), trimmed and
/// cut to [`MAX_NAME_CHARS`].
pub fn cap_name(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    one_line.trim().chars().take(MAX_NAME_CHARS).collect()
}

/// Every correction to one article's sources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corrections {
    #[serde(default)]
    pub sources: Vec<Fix>,
}

impl Corrections {
    pub fn is_empty(&self) -> bool {
        self.sources.iter().all(Fix::is_noop)
    }

    pub fn fix(&self, id: &str) -> Option<&Fix> {
        self.sources.iter().find(|f| f.source == id)
    }

    fn fix_mut(&mut self, id: &str) -> &mut Fix {
        let i = self.sources.iter().position(|f| f.source == id);
        let i = i.unwrap_or_else(|| {
            self.sources.push(Fix {
                source: id.to_owned(),
                ..Fix::default()
            });
            self.sources.len() - 1
        });
        &mut self.sources[i]
    }

    /// Drops entries that change nothing, so the file says only what a
    /// reader did.
    fn tidy(&mut self) {
        self.sources.retain(|f| !f.is_noop());
    }

    pub fn rename(&mut self, id: &str, name: &str) {
        let name = cap_name(name);
        if name.is_empty() {
            return;
        }
        self.fix_mut(id).name = Some(name);
        self.tidy();
    }

    pub fn set_kind(&mut self, id: &str, kind: Kind) {
        self.fix_mut(id).kind = Some(kind);
    }

    /// Sets the role; an empty one removes it.
    pub fn set_role(&mut self, id: &str, role: &str) {
        self.fix_mut(id).role = Some(cap_name(role));
    }

    pub fn merge(&mut self, id: &str, into: &str) {
        if id != into {
            self.fix_mut(id).merged_into = Some(into.to_owned());
        }
    }

    pub fn toggle_hidden(&mut self, id: &str) {
        let f = self.fix_mut(id);
        f.hidden = !f.hidden;
        self.tidy();
    }

    pub fn toggle_checked(&mut self, id: &str) {
        let f = self.fix_mut(id);
        f.checked = !f.checked;
        self.tidy();
    }

    /// Credits paragraph `paragraph` (0-based) to source `id`.
    pub fn attribute(&mut self, id: &str, paragraph: usize) {
        let n = paragraph + 1;
        let f = self.fix_mut(id);
        if let Some(i) = f.removed_paragraphs.iter().position(|&p| p == n) {
            f.removed_paragraphs.remove(i);
        } else if !f.added_paragraphs.contains(&n) {
            f.added_paragraphs.push(n);
            f.added_paragraphs.sort_unstable();
        }
        self.tidy();
    }

    /// Takes paragraph `paragraph` (0-based) from source `id`'s passages.
    pub fn remove_paragraph(&mut self, id: &str, paragraph: usize) {
        let n = paragraph + 1;
        let f = self.fix_mut(id);
        if let Some(i) = f.added_paragraphs.iter().position(|&p| p == n) {
            f.added_paragraphs.remove(i);
        } else if !f.removed_paragraphs.contains(&n) {
            f.removed_paragraphs.push(n);
            f.removed_paragraphs.sort_unstable();
        }
        self.tidy();
    }

    /// A new source named `name` speaking in `paragraph` (0-based); gives
    /// its id.
    pub fn add_source(&mut self, name: &str, paragraph: usize) -> Option<String> {
        let name = cap_name(name);
        if name.is_empty() {
            return None;
        }
        // One more than there are sources: some number up to it is free.
        let n = (1..=self.sources.len() + 1)
            .find(|n| self.fix(&format!("new:{n}")).is_none())
            .unwrap_or(1);
        let id = format!("new:{n}");
        self.sources.push(Fix {
            source: id.clone(),
            new: true,
            name: Some(name),
            kind: Some(Kind::Person),
            added_paragraphs: vec![paragraph + 1],
            ..Fix::default()
        });
        Some(id)
    }

    /// Keeps what a file may hold within bounds (see the `MAX_` constants).
    fn bound(&mut self) {
        self.sources.truncate(MAX_FIXES);
        for f in &mut self.sources {
            f.bound();
        }
    }
}

/// One source as everyone shows it: the engine's, corrected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectedSource {
    /// The id corrections use for it (see [`Fix::source`]).
    pub id: String,
    pub source: Source,
    /// Differs from what the engine found (or the reader made it).
    pub corrected: bool,
    pub checked: bool,
    pub hidden: bool,
}

/// The engine's sources with the corrections applied, hidden ones
/// included (marked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corrected {
    pub sources: Vec<CorrectedSource>,
    /// Corrections that name a source or paragraph this article no longer
    /// has (the article or the engine changed since).
    pub unfit: usize,
}

impl Corrected {
    /// The engine's sources as they are, with their ids and no marks.
    pub fn engine(engine: &Sources) -> Corrected {
        apply(engine, None, &Corrections::default())
    }

    /// The sources that are not hidden, as the engine's type.
    pub fn shown(&self) -> Sources {
        Sources {
            sources: self
                .sources
                .iter()
                .filter(|s| !s.hidden)
                .map(|s| s.source.clone())
                .collect(),
        }
    }

    /// Named sources checked, of named sources shown.
    pub fn checked_count(&self) -> (usize, usize) {
        let named = self
            .sources
            .iter()
            .filter(|s| !s.hidden && s.source.kind != SourceKind::Unnamed);
        named.fold((0, 0), |(c, n), s| (c + usize::from(s.checked), n + 1))
    }
}

/// The ids of the engine's sources, in its order: each one's name, and
/// `Name (2)` for the second of a name.
pub fn engine_ids(engine: &Sources) -> Vec<String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    engine
        .sources
        .iter()
        .map(|s| {
            let n = seen.entry(s.name.as_str()).or_insert(0);
            *n += 1;
            if *n == 1 {
                s.name.clone()
            } else {
                format!("{} ({n})", s.name)
            }
        })
        .collect()
}

/// The engine's `sources` as corrected by `corrections`. `article` gives
/// the spans of paragraphs a reader attributed (without it, and for a
/// paragraph it does not have, such a correction does not fit).
pub fn apply(engine: &Sources, article: Option<&Article>, corrections: &Corrections) -> Corrected {
    let mut out: Vec<CorrectedSource> = engine
        .sources
        .iter()
        .zip(engine_ids(engine))
        .map(|(s, id)| CorrectedSource {
            id,
            source: s.clone(),
            corrected: false,
            checked: false,
            hidden: false,
        })
        .collect();
    // The reader's own sources go after the named ones, before unnamed
    // voices: numbers `1`-`9` of the engine's sources stay where they were.
    let first_unnamed = out
        .iter()
        .position(|s| s.source.kind == SourceKind::Unnamed)
        .unwrap_or(out.len());
    let added: Vec<CorrectedSource> = corrections
        .sources
        .iter()
        .filter(|f| f.new && !out.iter().any(|s| s.id == f.source))
        .map(|f| CorrectedSource {
            id: f.source.clone(),
            source: Source {
                name: f.name.clone().unwrap_or_else(|| f.source.clone()),
                kind: SourceKind::Person,
                role: None,
                aliases: Vec::new(),
                passages: Vec::new(),
            },
            corrected: true,
            checked: false,
            hidden: false,
        })
        .collect();
    out.splice(first_unnamed..first_unnamed, added);

    let mut unfit = 0;
    for fix in &corrections.sources {
        let Some(entry) = out.iter_mut().find(|s| s.id == fix.source) else {
            unfit += 1;
            continue;
        };
        unfit += apply_fix(entry, fix, article);
    }
    unfit += apply_merges(&mut out, corrections);
    Corrected {
        sources: out,
        unfit,
    }
}

/// Applies everything but a merge; gives how many parts did not fit.
fn apply_fix(entry: &mut CorrectedSource, fix: &Fix, article: Option<&Article>) -> usize {
    let mut unfit = 0;
    let s = &mut entry.source;
    let mut changed = fix.new;
    if let Some(name) = fix.name.as_deref().filter(|n| !n.is_empty())
        && name != s.name
    {
        if !fix.new && !s.aliases.iter().any(|a| a == &s.name) {
            s.aliases.push(s.name.clone());
        }
        s.aliases.retain(|a| a != name);
        name.clone_into(&mut s.name);
        changed = true;
    }
    if let Some(kind) = fix.kind.map(Kind::source_kind)
        && kind != s.kind
    {
        s.kind = kind;
        changed = true;
    }
    if let Some(role) = &fix.role {
        let role = (!role.is_empty()).then(|| role.clone());
        if role != s.role {
            s.role = role;
            changed = true;
        }
    }
    let before = s.passages.len();
    s.passages
        .retain(|p| !fix.removed_paragraphs.contains(&(p.paragraph + 1)));
    changed |= s.passages.len() != before;
    for &n in &fix.added_paragraphs {
        let Some((p, span)) = n
            .checked_sub(1)
            .and_then(|p| Some((p, article?.paragraphs().get(p)?.span.clone())))
        else {
            unfit += 1;
            continue;
        };
        if s.passages.iter().any(|q| q.paragraph == p) {
            continue;
        }
        let text = article.map_or("", |a| &a.text()[span.clone()]);
        s.passages.push(Passage {
            paragraph: p,
            kind: passage_kind(text),
            span,
        });
        changed = true;
    }
    s.passages.sort_by_key(|p| p.paragraph);
    entry.corrected |= changed;
    entry.hidden = fix.hidden;
    entry.checked = fix.checked;
    unfit
}

/// A paragraph a reader attributed is a quote when it has quotation marks
/// (the engine's own first test), else reported speech.
fn passage_kind(text: &str) -> PassageKind {
    if text.contains(['"', '“', '”', '«', '»', '„']) {
        PassageKind::Quote
    } else {
        PassageKind::Reported
    }
}

/// Moves each merged source into its target (following chains, never in a
/// circle) and drops it; gives how many merges did not fit.
fn apply_merges(out: &mut Vec<CorrectedSource>, corrections: &Corrections) -> usize {
    let target_of: HashMap<&str, &str> = corrections
        .sources
        .iter()
        .filter_map(|f| Some((f.source.as_str(), f.merged_into.as_deref()?)))
        .collect();
    let mut unfit = 0;
    let mut gone = Vec::new();
    for fix in &corrections.sources {
        let Some(mut target) = fix.merged_into.as_deref() else {
            continue;
        };
        // A chain a → b → c ends at c; a circle ends nowhere.
        let mut steps = 0;
        while let Some(next) = target_of.get(target) {
            target = next;
            steps += 1;
            if steps > target_of.len() {
                break;
            }
        }
        let from = out.iter().position(|s| s.id == fix.source);
        let to = out.iter().position(|s| s.id == target);
        let (Some(from), Some(to)) = (from, to) else {
            unfit += 1;
            continue;
        };
        if from == to || steps > target_of.len() {
            unfit += 1;
            continue;
        }
        let moved = std::mem::take(&mut out[from].source.passages);
        let mut names = vec![out[from].source.name.clone()];
        names.append(&mut out[from].source.aliases);
        gone.push(from);
        let into = &mut out[to];
        for p in moved {
            if !into
                .source
                .passages
                .iter()
                .any(|q| q.paragraph == p.paragraph)
            {
                into.source.passages.push(p);
            }
        }
        into.source.passages.sort_by_key(|p| p.paragraph);
        for n in names {
            if n != into.source.name && !into.source.aliases.contains(&n) {
                into.source.aliases.push(n);
            }
        }
        into.corrected = true;
    }
    gone.sort_unstable();
    gone.dedup();
    for i in gone.into_iter().rev() {
        out.remove(i);
    }
    unfit
}

/// Identifies an article's text whatever its file is called: the first 128
/// bits of the SHA-256 of its text, in hex.
pub fn content_hash(article: &Article) -> String {
    hex128(article.text().as_bytes())
}

/// The first 128 bits of the SHA-256 of `bytes`, in hex: a file name.
fn hex128(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest[..16].iter().fold(String::new(), |mut s, b| {
        use std::fmt::Write as _;
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// What a corrections file says about its article, so a person reading it
/// knows which article it is, and an edited article finds its corrections
/// through the path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleStamp {
    /// See [`content_hash`].
    pub hash: String,
    pub title: String,
    /// The file (absolute), URL or `-` the text came from.
    pub origin: String,
}

impl ArticleStamp {
    pub fn of(article: &Article) -> ArticleStamp {
        ArticleStamp {
            hash: content_hash(article),
            title: article.title.clone(),
            origin: origin_of(article),
        }
    }
}

/// The article's origin as text: an absolute path when it has one.
pub fn origin_of(article: &Article) -> String {
    // A feed item is cited by its own address, else by its place in the
    // feed (`FEED#N`).
    if article.format.is_feed() {
        return article
            .link
            .clone()
            .unwrap_or_else(|| article.path.display().to_string());
    }
    match &article.origin {
        Origin::Path(p) => std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
        Origin::Url(u) => u.clone(),
        Origin::Stdin => "-".to_owned(),
    }
}

/// The file format: a version, the article, then the corrections.
#[derive(Debug, Serialize, Deserialize)]
struct FileFormat {
    whosaid_corrections: u32,
    article: ArticleStamp,
    #[serde(flatten)]
    corrections: Corrections,
}

const FORMAT_VERSION: u32 = 1;

/// Corrections read for an article, and what the reader should be told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub corrections: Corrections,
    pub notice: Option<String>,
}

/// Why corrections could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not save corrections: {0}")]
    Io(#[from] io::Error),
    #[error("the corrections store is full ({0} articles); nothing more is saved")]
    Full(usize),
    #[error("corrections are off here")]
    Off,
    #[error("too many corrections for one article")]
    TooMany,
}

/// Where corrections live: one folder, one JSON file per article, and a
/// `paths/` folder of pointers from an article's path to its last hash.
#[derive(Debug, Clone, Default)]
pub struct CorrectionsStore {
    dir: Option<PathBuf>,
    /// At most this many articles' files (a server's store is bounded).
    max_articles: Option<usize>,
}

impl CorrectionsStore {
    /// A store that reads nothing and saves nothing.
    pub fn disabled() -> CorrectionsStore {
        CorrectionsStore::default()
    }

    /// The store in folder `dir` (created on the first save).
    pub fn at(dir: PathBuf) -> CorrectionsStore {
        CorrectionsStore {
            dir: Some(dir),
            max_articles: None,
        }
    }

    /// The same store keeping at most `n` articles' corrections.
    pub fn bounded(mut self, n: usize) -> CorrectionsStore {
        self.max_articles = Some(n);
        self
    }

    /// `$XDG_DATA_HOME/whosaid/corrections` (or the platform's equivalent).
    pub fn default_dir() -> Option<PathBuf> {
        dirs::data_dir().map(|d| d.join("whosaid").join("corrections"))
    }

    /// The store at [`CorrectionsStore::default_dir`], or a disabled one.
    pub fn default_store() -> CorrectionsStore {
        Self::default_dir().map_or_else(Self::disabled, Self::at)
    }

    pub fn is_enabled(&self) -> bool {
        self.dir.is_some()
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    fn file(&self, hash: &str) -> Option<PathBuf> {
        // The hash is ours (hex), but a stamp read from a file is not: only
        // hex makes a name.
        let ok =
            !hash.is_empty() && hash.len() <= 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        Some(
            self.dir
                .as_ref()?
                .join(format!("{}.json", ok.then_some(hash)?)),
        )
    }

    fn pointer(&self, origin: &str) -> Option<PathBuf> {
        Some(
            self.dir
                .as_ref()?
                .join("paths")
                .join(hex128(origin.as_bytes())),
        )
    }

    /// The corrections for `stamp`'s article: its own file, else (an edited
    /// article) the last ones saved for its path, with a notice that they
    /// may no longer fit. A file that cannot be read is set aside as `.bad`
    /// and the article starts with none, with a notice saying where it is.
    pub fn load(&self, stamp: &ArticleStamp) -> Loaded {
        let Some(path) = self.file(&stamp.hash) else {
            return Loaded::default();
        };
        match read_file(&path) {
            Ok(Some(c)) => Loaded {
                corrections: c,
                notice: None,
            },
            Ok(None) => self.load_by_origin(stamp),
            Err(reason) => Loaded {
                corrections: Corrections::default(),
                notice: Some(set_aside(&path, &reason)),
            },
        }
    }

    fn load_by_origin(&self, stamp: &ArticleStamp) -> Loaded {
        let earlier = self
            .pointer(&stamp.origin)
            .and_then(|p| crate::model::files::read_regular(&p, 128).ok())
            .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
            .filter(|h| h != &stamp.hash)
            .and_then(|h| self.file(&h));
        match earlier.map(|p| read_file(&p)) {
            Some(Ok(Some(c))) => Loaded {
                corrections: c,
                notice: Some(
                    "this article changed since it was corrected: some corrections may no longer fit"
                        .to_owned(),
                ),
            },
            _ => Loaded::default(),
        }
    }

    /// The corrections last saved for the article file at `path`, found
    /// without reading the article (the picker's `3/7 checked` for
    /// articles not opened yet); `None` when there are none or they cannot
    /// be read (opening the article says why).
    pub fn load_for_path(&self, path: &Path) -> Option<Corrections> {
        let origin = std::fs::canonicalize(path).ok()?.display().to_string();
        let bytes = crate::model::files::read_regular(&self.pointer(&origin)?, 128).ok()?;
        let hash = String::from_utf8_lossy(&bytes).trim().to_owned();
        read_file(&self.file(&hash)?).ok().flatten()
    }

    /// Saves `corrections` for `stamp`'s article, replacing its file
    /// atomically (none is left when there are none).
    pub fn save(&self, stamp: &ArticleStamp, corrections: &Corrections) -> Result<(), SaveError> {
        let path = self.file(&stamp.hash).ok_or(SaveError::Off)?;
        if corrections.is_empty() {
            match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e.into()),
                _ => return Ok(()),
            }
        }
        if let (Some(max), Some(dir)) = (self.max_articles, &self.dir)
            && !path.exists()
        {
            let n = fs::read_dir(dir).map_or(0, |d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .take(max + 1)
                    .count()
            });
            if n >= max {
                return Err(SaveError::Full(max));
            }
        }
        let mut corrections = corrections.clone();
        corrections.tidy();
        let file = FileFormat {
            whosaid_corrections: FORMAT_VERSION,
            article: stamp.clone(),
            corrections,
        };
        let json = serde_json::to_vec_pretty(&file).map_err(io::Error::other)?;
        // Never write what would be set aside when read.
        if json.len() as u64 > MAX_FILE_BYTES {
            return Err(SaveError::TooMany);
        }
        crate::model::atomic::write_atomic(&path, &json, crate::model::atomic::Mode::Private)?;
        if let Some(pointer) = self.pointer(&stamp.origin)
            && stamp.origin != "-"
        {
            crate::model::atomic::write_atomic(
                &pointer,
                stamp.hash.as_bytes(),
                crate::model::atomic::Mode::Private,
            )?;
        }
        Ok(())
    }
}

/// Reads one corrections file: `Ok(None)` when there is none, `Err` with
/// the reason when it is there but unusable.
fn read_file(path: &Path) -> Result<Option<Corrections>, String> {
    let bytes = match crate::model::files::read_regular(path, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(crate::model::files::ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(crate::model::files::ReadError::TooBig { size, .. }) => {
            return Err(format!(
                "too big: {}, the limit is {}",
                crate::model::files::human(size),
                crate::model::files::human(MAX_FILE_BYTES)
            ));
        }
        Err(e) => return Err(e.to_string()),
    };
    let file: FileFormat = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    if file.whosaid_corrections > FORMAT_VERSION {
        return Err(format!(
            "made by a newer whosaid (format {})",
            file.whosaid_corrections
        ));
    }
    let mut c = file.corrections;
    c.bound();
    Ok(Some(c))
}

/// Renames an unusable file to `NAME.bad` (or `NAME.bad.N` when that is
/// taken), so nothing a reader wrote is lost; gives the notice.
fn set_aside(path: &Path, reason: &str) -> String {
    let shown = |p: &Path| crate::model::text::visible(&p.display().to_string()).into_owned();
    let reason = crate::model::text::visible(reason).into_owned();
    let reason = crate::model::text::truncate(&reason, 160).to_owned();
    for n in 0..100 {
        let mut bad = path.as_os_str().to_owned();
        if n == 0 {
            bad.push(".bad");
        } else {
            bad.push(format!(".bad.{n}"));
        }
        let bad = PathBuf::from(bad);
        if bad.exists() {
            continue;
        }
        return match fs::rename(path, &bad) {
            Ok(()) => format!(
                "corrections file unusable ({reason}); kept as {}, starting afresh",
                shown(&bad)
            ),
            Err(e) => format!(
                "corrections file {} unusable ({reason}) and not moved ({e}); corrections are not saved",
                shown(path)
            ),
        };
    }
    format!(
        "corrections file {} unusable ({reason}); too many .bad files beside it",
        shown(path)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, paragraphs: &[usize]) -> Source {
        Source {
            name: name.to_owned(),
            kind: SourceKind::Person,
            role: None,
            aliases: Vec::new(),
            passages: paragraphs
                .iter()
                .map(|&p| Passage {
                    paragraph: p,
                    kind: PassageKind::Quote,
                    span: 0..1,
                })
                .collect(),
        }
    }

    fn article() -> Article {
        Article::parse(
            "a.txt",
            b"One said so.\n\n\xe2\x80\x9cTwo,\xe2\x80\x9d she said.\n\nThree.\n\nFour.\n",
        )
        .expect("parses")
    }

    fn engine() -> Sources {
        Sources {
            sources: vec![
                source("Ann Lee", &[0]),
                source("Bob Roe", &[1, 2]),
                source("Bob Roe", &[3]),
            ],
        }
    }

    #[test]
    fn ids_tell_apart_two_sources_of_one_name() {
        assert_eq!(engine_ids(&engine()), ["Ann Lee", "Bob Roe", "Bob Roe (2)"]);
    }

    #[test]
    fn every_kind_of_correction_applies() {
        let a = article();
        let mut c = Corrections::default();
        c.rename("Ann Lee", "Dr Ann Lee");
        c.set_kind("Ann Lee", Kind::Organisation);
        c.set_role("Ann Lee", "a doctor");
        c.attribute("Ann Lee", 1);
        c.remove_paragraph("Bob Roe", 2);
        c.merge("Bob Roe (2)", "Bob Roe");
        c.toggle_checked("Bob Roe");
        let new = c.add_source("Cy Doe", 2).expect("an id");
        let out = apply(&engine(), Some(&a), &c);
        assert_eq!(out.unfit, 0);
        let names: Vec<_> = out.sources.iter().map(|s| s.source.name.as_str()).collect();
        assert_eq!(names, ["Dr Ann Lee", "Bob Roe", "Cy Doe"]);
        let ann = &out.sources[0];
        assert!(ann.corrected && !ann.checked);
        assert_eq!(ann.source.kind, SourceKind::Organisation);
        assert_eq!(ann.source.role.as_deref(), Some("a doctor"));
        assert_eq!(ann.source.aliases, ["Ann Lee"]);
        let paras: Vec<_> = ann.source.passages.iter().map(|p| p.paragraph).collect();
        assert_eq!(paras, [0, 1]);
        assert_eq!(ann.source.passages[1].kind, PassageKind::Quote);
        assert_eq!(ann.source.passages[1].span, a.paragraphs()[1].span);
        let bob = &out.sources[1];
        assert!(bob.checked && bob.corrected);
        let paras: Vec<_> = bob.source.passages.iter().map(|p| p.paragraph).collect();
        assert_eq!(paras, [1, 3], "¶3 removed, ¶4 merged in");
        let cy = &out.sources[2];
        assert_eq!(cy.id, new);
        assert_eq!(cy.source.passages[0].kind, PassageKind::Reported);
    }

    #[test]
    fn hidden_sources_are_kept_marked_and_left_out_of_the_shown() {
        let mut c = Corrections::default();
        c.toggle_hidden("Ann Lee");
        let out = apply(&engine(), None, &c);
        assert!(out.sources[0].hidden);
        assert_eq!(out.shown().sources.len(), 2);
        c.toggle_hidden("Ann Lee");
        assert!(c.is_empty(), "hiding twice leaves nothing: {c:?}");
    }

    #[test]
    fn corrections_that_no_longer_fit_are_counted_not_applied() {
        let mut c = Corrections::default();
        c.rename("Nobody Here", "X");
        c.attribute("Ann Lee", 99);
        c.merge("Ann Lee", "Gone");
        let out = apply(&engine(), Some(&article()), &c);
        assert_eq!(out.unfit, 3);
        assert_eq!(out.sources.len(), 3);
    }

    #[test]
    fn a_circle_of_merges_changes_nothing() {
        let mut c = Corrections::default();
        c.merge("Ann Lee", "Bob Roe");
        c.merge("Bob Roe", "Ann Lee");
        let out = apply(&engine(), None, &c);
        assert_eq!(out.sources.len(), 3);
        assert_eq!(out.unfit, 2);
    }

    #[test]
    fn typed_names_are_one_line_and_capped() {
        let mut c = Corrections::default();
        c.rename("Ann Lee", &format!("A\x1b[2Jnn\n{}", "x".repeat(500)));
        let name = c
            .fix("Ann Lee")
            .and_then(|f| f.name.clone())
            .expect("named");
        assert!(!name.contains('\x1b') && !name.contains('\n'));
        assert_eq!(name.chars().count(), MAX_NAME_CHARS);
    }

    fn stamp(hash: &str) -> ArticleStamp {
        ArticleStamp {
            hash: hash.to_owned(),
            title: "T".to_owned(),
            origin: "/x/a.txt".to_owned(),
        }
    }

    #[test]
    fn the_store_round_trips_and_follows_an_edited_article() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = CorrectionsStore::at(dir.path().join("c"));
        let mut c = Corrections::default();
        c.rename("Ann Lee", "Dr Ann Lee");
        store.save(&stamp("ab12"), &c).expect("saved");
        assert_eq!(
            store.load(&stamp("ab12")),
            Loaded {
                corrections: c.clone(),
                notice: None
            }
        );
        let json = fs::read_to_string(dir.path().join("c/ab12.json")).expect("a file");
        assert!(json.contains("\"name\": \"Dr Ann Lee\""), "{json}");
        // The same path with other text: the corrections come, with a word.
        let edited = store.load(&stamp("cd34"));
        assert_eq!(edited.corrections, c);
        assert!(edited.notice.expect("a notice").contains("changed"));
        // The pointer from the path finds them without the article.
        let file = dir.path().join("a.txt");
        fs::write(&file, "x").expect("w");
        let at_file = ArticleStamp {
            origin: fs::canonicalize(&file).expect("abs").display().to_string(),
            ..stamp("ef56")
        };
        store.save(&at_file, &c).expect("saved");
        assert_eq!(store.load_for_path(&file), Some(c.clone()));
        assert_eq!(store.load_for_path(&dir.path().join("b.txt")), None);
        // None left: the file goes.
        store
            .save(&stamp("ab12"), &Corrections::default())
            .expect("saved");
        assert!(!dir.path().join("c/ab12.json").exists());
    }

    #[test]
    fn a_corrupt_or_huge_file_is_set_aside_never_lost() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = CorrectionsStore::at(dir.path().to_owned());
        fs::write(dir.path().join("ab.json"), b"{not json").expect("w");
        let loaded = store.load(&stamp("ab"));
        assert!(loaded.corrections.is_empty());
        assert!(loaded.notice.expect("notice").contains(".bad"));
        assert_eq!(
            fs::read(dir.path().join("ab.json.bad")).expect("kept"),
            b"{not json"
        );
        let big = fs::File::create(dir.path().join("ab.json")).expect("create");
        big.set_len(MAX_FILE_BYTES + 1).expect("sparse");
        let loaded = store.load(&stamp("ab"));
        assert!(loaded.notice.expect("notice").contains("too big"));
        assert!(dir.path().join("ab.json.bad.1").exists());
    }

    #[test]
    fn a_bounded_store_refuses_a_new_article_when_full() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = CorrectionsStore::at(dir.path().to_owned()).bounded(1);
        let mut c = Corrections::default();
        c.toggle_checked("Ann Lee");
        store.save(&stamp("aa"), &c).expect("first");
        store.save(&stamp("aa"), &c).expect("the same again");
        assert!(matches!(
            store.save(&stamp("bb"), &c),
            Err(SaveError::Full(1))
        ));
    }
}
