//! What the server keeps for a reader between connections, filed under the
//! public key the reader authenticated with: one folder per key in the
//! server's state directory, named from the key's SHA-256 fingerprint (never
//! from anything the client chose, such as its user name). Only readers of
//! an `--authorized-keys` server have a key of their own; an `--open`
//! server's readers are anonymous and nothing is kept for them.
//!
//! Reading positions live here (`positions.json`); anything else a reader
//! makes that should outlive the connection (corrections, for one) takes
//! another file name in the same folder through [`KeyedState::file`], and
//! [`KeyedState::lock`] keeps two sessions of one key from interleaving a
//! read-modify-write of it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use russh::keys::{HashAlg, PublicKey};

use crate::library::state::StateStore;

/// Positions kept per key: a reader who opened more articles than this
/// loses the least recently read first. With paths under 4 KiB a file stays
/// under a few MiB at worst, some 100 kB in practice.
pub const MAX_POSITIONS: usize = 1000;

/// A reader's identity on this server: the hex of its key's SHA-256
/// fingerprint, safe as a file name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyId(String);

impl KeyId {
    pub fn of(key: &PublicKey) -> KeyId {
        use std::fmt::Write;
        let fp = key.fingerprint(HashAlg::Sha256);
        let mut hex = String::with_capacity(64);
        for b in fp.as_bytes() {
            let _ = write!(hex, "{b:02x}");
        }
        KeyId(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The server's state directory, one folder per reader's key.
#[derive(Debug)]
pub struct KeyedState {
    root: PathBuf,
    locks: Mutex<HashMap<KeyId, Arc<Mutex<()>>>>,
}

impl KeyedState {
    pub fn new(root: PathBuf) -> Self {
        Self {
            root,
            locks: Mutex::default(),
        }
    }

    /// `$XDG_STATE_HOME/whosaid/serve` (or the platform's equivalent).
    pub fn default_root() -> Option<PathBuf> {
        dirs::state_dir()
            .or_else(dirs::data_local_dir)
            .map(|d| d.join("whosaid").join("serve"))
    }

    /// The file `name` of the reader with key `id`.
    pub fn file(&self, id: &KeyId, name: &str) -> PathBuf {
        self.root.join("keys").join(id.as_str()).join(name)
    }

    /// Held while reading and rewriting a reader's files, so two sessions
    /// of one key take turns.
    pub fn lock(&self, id: &KeyId) -> Arc<Mutex<()>> {
        let mut locks = self
            .locks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Locks nobody holds are dropped now and then, so the map stays
        // as small as the number of readers at once.
        if locks.len() > 256 {
            locks.retain(|_, l| Arc::strong_count(l) > 1);
        }
        locks.entry(id.clone()).or_default().clone()
    }

    /// The reading positions of the reader with key `id`, and a notice
    /// when the file could not be read (it is then started afresh).
    pub fn positions(&self, id: &KeyId) -> (StateStore, Option<String>) {
        let lock = self.lock(id);
        let _held = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (store, notice) = StateStore::load(self.file(id, "positions.json"));
        (store.with_limit(MAX_POSITIONS).private(), notice)
    }

    /// Writes what a session changed of `store` over what is there now.
    pub fn save_positions(&self, id: &KeyId, store: &mut StateStore) -> std::io::Result<()> {
        let lock = self.lock(id);
        let _held = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        store.save_merged()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::state::Position;

    const ED: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE+Wa26vIMbe9Rti+DLIczwuKmm/nPFKS/akWVAROCCy reader@example";

    #[test]
    fn a_key_has_its_own_folder_named_by_its_fingerprint() {
        let key = PublicKey::from_openssh(ED).expect("key");
        let id = KeyId::of(&key);
        assert_eq!(id.as_str().len(), 64);
        assert!(id.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
        let dir = tempfile::tempdir().expect("tempdir");
        let state = KeyedState::new(dir.path().to_owned());
        let path = state.file(&id, "positions.json");
        assert!(path.starts_with(dir.path().join("keys").join(id.as_str())));

        let (mut store, notice) = state.positions(&id);
        assert!(notice.is_none());
        store.set(
            "article",
            Position {
                paragraph: 3,
                source: None,
            },
        );
        state.save_positions(&id, &mut store).expect("save");
        let (again, _) = state.positions(&id);
        assert_eq!(again.get("article").map(|p| p.paragraph), Some(3));
    }
}
