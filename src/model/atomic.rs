//! Replacing a file whole: the reading positions (`state`) and the SSH host
//! key (`serve`) are both written to a temporary file in the same folder,
//! synced and renamed over the old one, so there is one place where that is
//! done right.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Who may read the file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// As the process's umask says.
    Shared,
    /// The owner only (mode 0600 on Unix), from the moment it exists: a
    /// secret must never be readable, not even before a `chmod`.
    Private,
}

/// Creates `path` with `bytes`, whole or not at all, unless it exists:
/// `Ok(false)` then, and the file there is left alone. The bytes go to a
/// temporary file first, linked to `path` only once complete, so nobody
/// ever reads half of it.
pub fn create_atomic(path: &Path, bytes: &[u8], mode: Mode) -> io::Result<bool> {
    let (dir, tmp) = temporary(path)?;
    let result = write_temporary(&tmp, bytes, mode).and_then(|()| fs::hard_link(&tmp, path));
    let _ = fs::remove_file(&tmp);
    match result {
        Ok(()) => {
            sync_dir(dir);
            Ok(true)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// The folder of `path` (created) and a temporary name in it that no other
/// writer, in this process or another, uses at the same time.
fn temporary(path: &Path) -> io::Result<(&Path, std::path::PathBuf)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    Ok((dir, tmp))
}

fn write_temporary(tmp: &Path, bytes: &[u8], mode: Mode) -> io::Result<()> {
    let _ = fs::remove_file(tmp);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if mode == Mode::Private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(tmp)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// The rename or link itself is durable only once the directory is synced;
/// not every platform lets a directory be opened for that, so it is a bonus.
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Replaces `path` with `bytes` so that a reader sees either the old file or
/// the new one, never a torn write, and a crash never leaves half a file.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: Mode) -> io::Result<()> {
    let (dir, tmp) = temporary(path)?;
    let result = write_temporary(&tmp, bytes, mode).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_dir(dir);
    Ok(())
}
