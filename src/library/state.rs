//! The remembered reading position and selected source per article, kept
//! across runs in the XDG state directory.
//!
//! Losing a reading position is a nuisance, a reader that will not start is
//! worse: a state file that cannot be read or parsed is ignored with a notice,
//! and writes go to a temporary file that is synced and renamed over the old
//! one, so a crash mid-write leaves the previous state whole.

use std::collections::BTreeMap;
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

    pub fn get(&self, key: &str) -> Option<&Position> {
        self.file.positions.get(key)
    }

    pub fn set(&mut self, key: &str, position: Position) {
        if self.path.is_none() {
            return;
        }
        if self.file.positions.get(key) != Some(&position) {
            self.file.positions.insert(key.to_owned(), position);
            self.dirty = true;
        }
        if self.file.last.as_deref() != Some(key) {
            self.file.last = Some(key.to_owned());
            self.dirty = true;
        }
    }

    /// The key of the article whose position was set last.
    pub fn last(&self) -> Option<&str> {
        self.file.last.as_deref()
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
        crate::model::atomic::write_atomic(path, &json, crate::model::atomic::Mode::Shared)?;
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
