//! The server's Ed25519 host key: generated once, then reused so returning
//! readers don't see OpenSSH's "host key has changed" warning.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use russh::keys::ssh_key::{LineEnding, PrivateKey, private::Ed25519Keypair};

/// Where the key lives when `--host-key` is not given.
pub fn default_path() -> anyhow::Result<PathBuf> {
    let dir = dirs::data_dir().context("no XDG data directory; pass --host-key PATH")?;
    Ok(dir.join("whosaid").join("ssh_host_ed25519_key"))
}

/// Loads the key at `path`, or creates it (mode 0600, written to a temporary
/// file and linked into place whole, never over a key that is there).
pub fn load_or_create(path: &Path) -> anyhow::Result<PrivateKey> {
    if let Some(key) = load(path)? {
        return Ok(key);
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    seed.fill(0);
    let pem = key
        .to_openssh(LineEnding::LF)
        .context("encoding the host key")?;
    // Never over a key that appeared meanwhile: two servers starting at
    // once both use the one that got there first.
    let created = crate::model::atomic::create_atomic(
        path,
        pem.as_bytes(),
        crate::model::atomic::Mode::Private,
    )
    .with_context(|| format!("{}", path.display()))?;
    if created {
        return Ok(key);
    }
    load(path)?.with_context(|| format!("{}: exists but cannot be read", path.display()))
}

/// The key at `path`; `None` when there is no file.
fn load(path: &Path) -> anyhow::Result<Option<PrivateKey>> {
    // A key is some 400 bytes; the limit only stops /dev/zero and the like.
    match crate::model::files::read_regular(path, 64 << 10) {
        Ok(bytes) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = fs::metadata(path).map_or(0, |m| m.permissions().mode());
                if mode & 0o077 != 0 {
                    tracing::warn!(
                        path = %path.display(),
                        mode = format!("{:o}", mode & 0o777),
                        "host key is readable by others; chmod 600 it"
                    );
                }
            }
            // ssh-key's errors repeat their cause in their source chain
            // ("NUL byte: NUL byte: NUL byte"): say it once, with what to do.
            PrivateKey::from_openssh(&bytes).map(Some).map_err(|e| {
                anyhow::anyhow!(
                    "{}: not an OpenSSH private key ({e}); move it away to have a new one made, or name another with --host-key",
                    path.display()
                )
            })
        }
        Err(crate::model::files::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(e) => Err(e).with_context(|| format!("{}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_then_reused_with_mode_0600() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("key");
        let first = load_or_create(&path).expect("created");
        let second = load_or_create(&path).expect("loaded");
        assert_eq!(first.public_key(), second.public_key());
        assert_eq!(first.algorithm(), russh::keys::Algorithm::Ed25519);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).expect("exists").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn servers_creating_the_key_at_once_all_get_the_same_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("key");
        let start = std::sync::Barrier::new(8);
        let keys: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        start.wait();
                        load_or_create(&path).map(|k| k.public_key().clone())
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("no panic").expect("created or loaded"))
                .collect()
        });
        assert!(keys.iter().all(|k| *k == keys[0]));
        let on_disk = load_or_create(&path).expect("loads");
        assert_eq!(*on_disk.public_key(), keys[0]);
        let left: Vec<_> = fs::read_dir(path.parent().expect("dir"))
            .expect("dir")
            .collect();
        assert_eq!(left.len(), 1, "no temporary files left");
    }

    #[test]
    fn a_corrupt_key_is_reported_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("key");
        fs::write(&path, b"garbage\0\0\0").expect("write");
        let msg = format!("{:#}", load_or_create(&path).expect_err("must fail"));
        assert_eq!(msg.matches("NUL").count(), 1, "{msg}");
        assert!(msg.contains("not an OpenSSH private key"), "{msg}");
    }

    #[test]
    fn garbage_key_file_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("key");
        fs::write(&path, "not a key").expect("write");
        let err = load_or_create(&path).expect_err("must fail");
        assert!(format!("{err:#}").contains("key"));
        assert_eq!(fs::read(&path).expect("still there"), b"not a key");
    }
}
