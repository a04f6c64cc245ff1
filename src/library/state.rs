//! The remembered reading position and selected source per article, kept
//! across runs in the XDG state directory.
//!
//! Losing a reading position is a nuisance, a reader that will not start is
//! worse: a state file that cannot be read or parsed is ignored with a notice,
//! and writes go to a temporary file that is synced and renamed over the old
//! one, so a crash mid-write leaves the previous state whole.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Where a reader was in one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// The paragraph at the top of the Article pane.
    pub paragraph: usize,
    /// The selected source's name, if one was selected.
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    #[serde(default)]
    positions: BTreeMap<String, Position>,
    /// Articles by when their position was last set, least recent first:
    /// kept only by a store with a limit, to know what to forget.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    recent: Vec<String>,
    /// The article read last, so a folder opens its picker there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last: Option<String>,
}

/// Positions keyed by article (see [`crate::library::Entry::key`]).
#[derive(Debug, Default)]
pub struct StateStore {
    /// `None` when state is off (`--no-state`) or there is no state dir.
    path: Option<PathBuf>,
    file: File,
    dirty: bool,
    /// Positions kept at most; past it the least recently set goes.
    limit: Option<usize>,
    mode: Option<crate::model::atomic::Mode>,
    /// Articles whose position this store set since it was read.
    touched: BTreeSet<String>,
}

impl StateStore {
    /// A store that remembers nothing and writes nothing.
    pub fn disabled() -> Self {
        Self::default()
    }

    /// `$XDG_STATE_HOME/whosaid/positions.json` (or the platform's
    /// equivalent).
    pub fn default_path() -> Option<PathBuf> {
        dirs::state_dir()
            .or_else(dirs::data_local_dir)
            .map(|d| d.join("whosaid").join("positions.json"))
    }

    /// Reads the store at `path`. A missing file is an empty store; an
    /// unreadable or corrupt one is too, with a notice saying so.
    pub fn load(path: PathBuf) -> (Self, Option<String>) {
        let mut store = StateStore {
            path: Some(path),
            ..Self::default()
        };
        let Some(path) = store.path.as_deref() else {
            return (store, None);
        };
        let notice = match fs::read(path) {
            Ok(bytes) => match serde_json::from_slice::<File>(&bytes) {
                Ok(file) => {
                    store.file = file;
                    None
                }
                Err(e) => Some(format!(
                    "ignoring corrupt state file {}: {e}",
                    crate::model::text::visible(&path.display().to_string())
                )),
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => Some(format!(
                "ignoring unreadable state file {}: {e}",
                crate::model::text::visible(&path.display().to_string())
            )),
        };
        (store, notice)
    }

    /// Keeps at most `limit` positions, forgetting the least recently set
    /// first: a store on a server must not grow without end.
    #[must_use]
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit.max(1));
        self.evict();
        self
    }

    /// Written readable by the owner only.
    #[must_use]
    pub fn private(mut self) -> Self {
        self.mode = Some(crate::model::atomic::Mode::Private);
        self
    }

    pub fn get(&self, key: &str) -> Option<&Position> {
        self.file.positions.get(key)
    }

    pub fn len(&self) -> usize {
        self.file.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.file.positions.is_empty()
    }

    pub fn set(&mut self, key: &str, position: Position) {
        if self.path.is_none() {
            return;
        }
        if self.limit.is_some() {
            self.file.recent.retain(|k| k != key);
            self.file.recent.push(key.to_owned());
        }
        if self.file.positions.get(key) != Some(&position) {
            self.file.positions.insert(key.to_owned(), position);
            self.dirty = true;
        }
        if self.file.last.as_deref() != Some(key) {
            self.file.last = Some(key.to_owned());
            self.dirty = true;
        }
        self.touched.insert(key.to_owned());
        self.evict();
    }

    /// The key of the article whose position was set last.
    pub fn last(&self) -> Option<&str> {
        self.file.last.as_deref()
    }

    fn evict(&mut self) {
        let Some(limit) = self.limit else {
            return;
        };
        let file = &mut self.file;
        file.recent.retain(|k| file.positions.contains_key(k));
        while file.positions.len() > limit {
            // Positions from before the limit (not in `recent`) go first.
            let oldest = file
                .positions
                .keys()
                .find(|k| !file.recent.contains(k))
                .cloned()
                .or_else(|| (!file.recent.is_empty()).then(|| file.recent.remove(0)));
            let Some(oldest) = oldest else {
                break;
            };
            file.positions.remove(&oldest);
            self.touched.remove(&oldest);
            self.dirty = true;
        }
    }

    /// Writes what this store set over what the file holds now: another
    /// reader with the same state file (an SSH key used from two places)
    /// may have saved since this one read it, and keeps what it set.
    pub fn save_merged(&mut self) -> io::Result<()> {
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        if !self.dirty {
            return Ok(());
        }
        let (mut current, _) = Self::load(path);
        current.limit = self.limit;
        current.mode = self.mode;
        current.evict();
        for key in std::mem::take(&mut self.touched) {
            if let Some(p) = self.file.positions.get(&key) {
                current.set(&key, p.clone());
            }
        }
        current.file.last.clone_from(&self.file.last);
        current.dirty = true;
        current.save()?;
        self.dirty = false;
        Ok(())
    }

    /// Writes the store if anything changed since it was read.
    pub fn save(&mut self) -> io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if !self.dirty {
            return Ok(());
        }
        let json = serde_json::to_vec_pretty(&self.file).map_err(io::Error::other)?;
        let mode = self.mode.unwrap_or(crate::model::atomic::Mode::Shared);
        crate::model::atomic::write_atomic(path, &json, mode)?;
        self.dirty = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("positions.json");
        let (mut store, notice) = StateStore::load(path.clone());
        assert!(notice.is_none());
        assert!(store.get("a").is_none());
        let pos = Position {
            paragraph: 7,
            source: Some("Andriy Sadovy".into()),
        };
        store.set("a", pos.clone());
        store.save().expect("save");
        let (again, notice) = StateStore::load(path);
        assert!(notice.is_none());
        assert_eq!(again.get("a"), Some(&pos));
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(dir.path().join("sub"))
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["positions.json"]);
    }

    #[test]
    fn corrupt_file_is_ignored_with_a_notice() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("positions.json");
        fs::write(&path, b"{not json").expect("write");
        let (store, notice) = StateStore::load(path.clone());
        assert!(store.get("a").is_none());
        let notice = notice.expect("a notice");
        assert!(notice.contains("corrupt"), "{notice}");
        // The corrupt file is left as it was until a save replaces it.
        assert_eq!(fs::read(&path).expect("read"), b"{not json");
    }

    #[test]
    fn disabled_store_writes_nothing() {
        let mut store = StateStore::disabled();
        store.set("a", Position::default());
        assert!(store.get("a").is_none());
        store.save().expect("save is a no-op");
    }

    fn at(paragraph: usize) -> Position {
        Position {
            paragraph,
            source: None,
        }
    }

    #[test]
    fn a_limited_store_forgets_the_least_recently_set() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("positions.json");
        let (store, _) = StateStore::load(path.clone());
        let mut store = store.with_limit(3);
        for (i, key) in ["a", "b", "c"].iter().enumerate() {
            store.set(key, at(i));
        }
        // Setting "a" again makes "b" the least recent.
        store.set("a", at(9));
        store.set("d", at(4));
        assert_eq!(store.len(), 3);
        assert!(store.get("b").is_none());
        assert_eq!(store.get("a"), Some(&at(9)));
        store.save().expect("save");
        let (again, _) = StateStore::load(path);
        let mut again = again.with_limit(3);
        again.set("e", at(5));
        assert!(again.get("c").is_none(), "c was the least recent");
        assert_eq!(again.len(), 3);
    }

    #[test]
    fn saving_merged_keeps_what_another_store_saved_meanwhile() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("positions.json");
        let (mut one, _) = StateStore::load(path.clone());
        let (mut two, _) = StateStore::load(path.clone());
        one.set("a", at(1));
        two.set("b", at(2));
        one.save_merged().expect("save");
        two.save_merged().expect("save");
        let (both, _) = StateStore::load(path);
        assert_eq!(both.get("a"), Some(&at(1)));
        assert_eq!(both.get("b"), Some(&at(2)));
    }

    #[cfg(unix)]
    #[test]
    fn a_private_store_is_written_for_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("positions.json");
        let (store, _) = StateStore::load(path.clone());
        let mut store = store.private();
        store.set("a", at(1));
        store.save_merged().expect("save");
        let mode = fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn atomic_write_replaces() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f");
        crate::model::atomic::write_atomic(&path, b"one", crate::model::atomic::Mode::Shared)
            .expect("write");
        crate::model::atomic::write_atomic(&path, b"two", crate::model::atomic::Mode::Shared)
            .expect("write");
        assert_eq!(fs::read(&path).expect("read"), b"two");
    }
}
