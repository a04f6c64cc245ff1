//! Who is quoted where across a library: "also quoted in N other
//! articles".
//!
//! Built incrementally: each article's sources are added when its analysis
//! finishes (the one the reader opens at once, the others by a background
//! scan of the library, [`crate::library::Library::scan`]), so the answer grows while the reader reads and
//! nothing waits for 10,000 articles. Sources match by name and aliases,
//! compared lower-case with punctuation dropped; only names count (a
//! capitalised name or alias), not descriptions such as "the mayor", which
//! would tie together strangers.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::attribution::{Source, SourceKind, Sources};

#[derive(Debug, Default)]
pub struct CrossRef {
    /// Normalised name → articles (ascending) with a source of that name.
    names: Mutex<HashMap<String, Vec<usize>>>,
}

/// `Vitali Klitschko` → `vitali klitschko`; `Klitschko’s` → `klitschko s`.
/// `None` for a description or a name too short to tell people apart.
fn key(name: &str) -> Option<String> {
    if !name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let mut k = String::with_capacity(name.len());
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !k.is_empty() {
            k.push(' ');
        }
        k.extend(word.chars().flat_map(char::to_lowercase));
    }
    (k.chars().count() >= 3).then_some(k)
}

fn keys(source: &Source) -> impl Iterator<Item = String> + '_ {
    let named = source.kind != SourceKind::Unnamed;
    std::iter::once(source.name.as_str())
        .chain(source.aliases.iter().map(String::as_str))
        .filter(move |_| named)
        .filter_map(key)
}

impl CrossRef {
    /// Records the sources of article `index` (again: no duplicates).
    pub fn add(&self, index: usize, sources: &Sources) {
        let mut names = self
            .names
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for source in &sources.sources {
            for k in keys(source) {
                let list = names.entry(k).or_default();
                if let Err(at) = list.binary_search(&index) {
                    list.insert(at, index);
                }
            }
        }
    }

    /// The articles, ascending, in which a source with one of `source`'s
    /// names or aliases is quoted, as far as they have been analysed.
    pub fn articles_quoting(&self, source: &Source) -> Vec<usize> {
        let names = self
            .names
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out: Vec<usize> = keys(source)
            .filter_map(|k| names.get(&k))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, aliases: &[&str]) -> Source {
        Source {
            name: name.to_owned(),
            kind: SourceKind::Person,
            role: None,
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            passages: Vec::new(),
        }
    }

    fn sources(list: Vec<Source>) -> Sources {
        Sources { sources: list }
    }

    #[test]
    fn matches_by_name_or_alias_across_articles() {
        let x = CrossRef::default();
        x.add(
            0,
            &sources(vec![source("Vitali Klitschko", &["Klitschko"])]),
        );
        x.add(3, &sources(vec![source("Klitschko", &[])]));
        x.add(
            5,
            &sources(vec![source(
                "Mayor Vitali Klitschko",
                &["Vitali Klitschko"],
            )]),
        );
        x.add(7, &sources(vec![source("Serhiy Popko", &["Popko"])]));
        x.add(3, &sources(vec![source("Klitschko", &[])]));
        let k = source("Vitali Klitschko", &["Klitschko"]);
        assert_eq!(x.articles_quoting(&k), [0, 3, 5]);
        assert_eq!(x.articles_quoting(&source("Popko", &[])), [7]);
        assert!(x.articles_quoting(&source("Nobody Else", &[])).is_empty());
    }

    #[test]
    fn descriptions_unnamed_voices_and_punctuation() {
        let x = CrossRef::default();
        let mut officials = source("Officials", &[]);
        officials.kind = SourceKind::Unnamed;
        x.add(
            1,
            &sources(vec![source("Anna Smith", &["the mayor"]), officials]),
        );
        x.add(2, &sources(vec![source("John Doe", &["the mayor"])]));
        // Descriptions tie nobody together; unnamed voices are not indexed.
        assert_eq!(
            x.articles_quoting(&source("Someone", &["the mayor"])),
            Vec::<usize>::new()
        );
        assert!(x.articles_quoting(&source("Officials", &[])).is_empty());
        // Case and punctuation do not matter.
        assert_eq!(x.articles_quoting(&source("ANNA  SMITH.", &[])), [1]);
        assert_eq!(key("Ab"), None);
    }
}
