//! Opening a file for reading when its name came from outside (an article,
//! `--authorized-keys`, `--host-key`): only a regular file is opened, never
//! in a way that can block, and never read past a size limit.
//!
//! A FIFO blocks `open()` until a writer comes and `/dev/zero` never ends,
//! so checking the name first is not enough (it can be swapped between the
//! check and the open): the file is opened non-blocking and the opened
//! descriptor is checked again, and the size limit is applied both before
//! reading (from the descriptor's length) and while reading (a file that
//! grows meanwhile stops at the limit).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("not a regular file")]
    NotAFile,
    #[error("too big ({}, the limit is {}; see --max-size)", human(*.size), human(*.max))]
    TooBig { size: u64, max: u64 },
}

/// Opens `path` for reading if it is a regular file of at most `max` bytes;
/// gives the file and its length.
pub fn open_regular(path: &Path, max: u64) -> Result<(File, u64), ReadError> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO with O_NONBLOCK returns at once instead of waiting
        // for a writer; for a regular file the flag changes nothing.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > max {
        return Err(ReadError::TooBig {
            size: meta.len(),
            max,
        });
    }
    Ok((file, meta.len()))
}

/// Reads all of `path`, a regular file of at most `max` bytes.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, max)?;
    read_limited(file, max, usize::try_from(len).unwrap_or(0))
}

/// Reads `r` to its end, refusing it once it passes `max` bytes (a file
/// that grew after its length was checked, a pipe of unknown length);
/// `capacity` is what is expected, to allocate once.
pub fn read_limited(r: impl Read, max: u64, capacity: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(capacity);
    // One byte more than allowed, to tell an input that is too big.
    r.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooBig {
            size: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// `256M`, `64KiB`, `2G`, `1000`: a size as `--max-size` takes it (binary
/// units, case-insensitive, an optional `B`/`iB`).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}`: expected a size such as 256M, 64K or 1G"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        other => return Err(format!("`{s}`: unknown unit `{other}` (use K, M or G)")),
    };
    n.checked_mul(1u64 << shift)
        .ok_or_else(|| format!("`{s}`: too big a size"))
}

/// A size for people: `256 MiB`, `1.5 GiB`, `812 bytes`.
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return crate::model::text::count(
            usize::try_from(bytes).unwrap_or(usize::MAX),
            "byte",
            "bytes",
        );
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 || value >= 100.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("no mkfifo: case skipped");
            return;
        }
        // Even a name checked as a file and then swapped is caught at the
        // descriptor: open_regular on the FIFO directly must return.
        assert!(matches!(
            read_regular(&fifo, 1 << 20),
            Err(ReadError::NotAFile)
        ));
    }

    #[test]
    fn devices_are_refused() {
        let zero = Path::new("/dev/zero");
        if zero.exists() {
            assert!(matches!(
                read_regular(zero, 1 << 20),
                Err(ReadError::NotAFile)
            ));
        }
    }

    #[test]
    fn files_over_the_limit_are_refused_before_reading() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("f");
        std::fs::write(&p, vec![b'a'; 2000]).expect("write");
        assert_eq!(read_regular(&p, 2000).expect("at the limit").len(), 2000);
        let err = read_regular(&p, 1999).expect_err("over");
        assert!(matches!(
            err,
            ReadError::TooBig {
                size: 2000,
                max: 1999
            }
        ));
        assert!(err.to_string().contains("too big"), "{err}");
    }

    #[test]
    fn sizes_parse_as_the_option_takes_them() {
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("64KiB"), Ok(64 << 10));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("12X").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("99999999999999T").is_err());
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human(812), "812 bytes");
        assert_eq!(human(1), "1 byte");
        assert_eq!(human(256 << 20), "256 MiB");
        assert_eq!(human(3 << 29), "1.5 GiB");
    }
}
