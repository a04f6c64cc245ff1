//! Who may read: the keys of an OpenSSH `authorized_keys` file, or anyone
//! (`--open`).

use std::path::Path;

use anyhow::Context;
use russh::keys::PublicKey;
use russh::keys::ssh_key::public::KeyData;

#[derive(Debug)]
pub enum Policy {
    /// Anonymous reading: every client is let in by the `none` method.
    Open,
    Keys(Vec<KeyData>),
}

impl Policy {
    pub fn allows(&self, key: &PublicKey) -> bool {
        match self {
            Policy::Open => true,
            Policy::Keys(keys) => keys.iter().any(|k| k == key.key_data()),
        }
    }
}

/// Reads an `authorized_keys` file. Options before the key (`restrict`,
/// `from=...`) are skipped, not honoured: the server never runs commands or
/// forwards anything whatever they say. Lines that don't parse are reported
/// by number (never by content, which may be key material) and skipped.
pub fn load_authorized_keys(path: &Path) -> anyhow::Result<(Vec<KeyData>, Vec<usize>)> {
    // A key line is under 1 KiB (16 KiB for the biggest RSA): 16 MiB is
    // thousands of readers, and stops /dev/zero and the like.
    let bytes = crate::model::files::read_regular(path, 16 << 20)
        .with_context(|| format!("{}", path.display()))?;
    let mut keys = Vec::new();
    let mut bad = Vec::new();
    // Line by line, so one line that is not UTF-8 is skipped like any other
    // garbage instead of failing the whole file.
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let Ok(line) = std::str::from_utf8(line) else {
            bad.push(i + 1);
            continue;
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_line(line) {
            Some(key) => keys.push(key),
            None => bad.push(i + 1),
        }
    }
    if keys.is_empty() {
        anyhow::bail!("{}: no usable public keys", path.display());
    }
    Ok((keys, bad))
}

fn parse_line(line: &str) -> Option<KeyData> {
    if let Ok(key) = PublicKey::from_openssh(line) {
        return Some(key.key_data().clone());
    }
    // An options field comes first: find where the key type starts.
    let mut in_quotes = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ' ' | '\t' if !in_quotes => {
                return PublicKey::from_openssh(line[i..].trim_start())
                    .ok()
                    .map(|k| k.key_data().clone());
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE+Wa26vIMbe9Rti+DLIczwuKmm/nPFKS/akWVAROCCy reader@example";

    #[test]
    fn parses_plain_and_optioned_lines_and_counts_bad_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("authorized_keys");
        let text = format!(
            "# readers\n\n{ED}\nrestrict,from=\"10.0.0.1 ,x\" {ED}\nssh-ed25519 AAAAnot-base64\n"
        );
        std::fs::write(&path, text).expect("write");
        let (keys, bad) = load_authorized_keys(&path).expect("loads");
        assert_eq!(keys.len(), 2);
        assert_eq!(bad, vec![5]);
        let key = PublicKey::from_openssh(ED).expect("key");
        assert!(Policy::Keys(keys).allows(&key));
    }

    #[test]
    fn a_line_that_is_not_utf8_is_skipped_not_fatal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("authorized_keys");
        let mut bytes = b"ssh-ed25519 \xff\xfe junk\n".to_vec();
        bytes.extend_from_slice(ED.as_bytes());
        bytes.extend_from_slice(b"\r\n");
        std::fs::write(&path, bytes).expect("write");
        let (keys, bad) = load_authorized_keys(&path).expect("loads");
        assert_eq!(keys.len(), 1);
        assert_eq!(bad, vec![1]);
    }

    #[test]
    fn a_file_without_keys_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("authorized_keys");
        std::fs::write(&path, "# nobody\n").expect("write");
        assert!(load_authorized_keys(&path).is_err());
    }

    #[test]
    fn other_keys_are_not_allowed() {
        let key = PublicKey::from_openssh(ED).expect("key");
        assert!(!Policy::Keys(Vec::new()).allows(&key));
        assert!(Policy::Open.allows(&key));
    }
}
