//! Who is quoted where across a library: "also quoted in N other
//! articles".
//!
//! Built incrementally: each article's sources are added when its analysis
//! finishes (the one the reader opens at once, the others by a background
//! scan of the library), so the answer grows while the reader reads and
//! nothing waits for 10,000 articles. Sources match by name and aliases,
//! compared lower-case with punctuation dropped; only names count (a
//! capitalised name or alias), not descriptions such as "the mayor", which
//! would tie together strangers.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::attribution::{Source, SourceKind, Sources};
use crate::library::Library;

/// How often a scan reports progress: the reader redraws on each report, so
/// this bounds the wake-ups a scan causes.
const REPORT_EVERY: Duration = Duration::from_millis(250);

/// Analyses every article of `library` that is not analysed yet, one after
/// the other, so that the picker's source counts and "also quoted in" fill
/// in. Reports `progress(done, total)` now and then and at the end, and
/// stops early when it returns `false`. An article that cannot be read, or
/// that makes the engine panic, is skipped. Texts are not kept.
pub fn scan(library: &Library, progress: &mut dyn FnMut(usize, usize) -> bool) {
    let total = library.len();
    let mut reported = Instant::now();
    for i in 0..total {
        if library.sources(i).is_none()
            && let Ok(article) = library.read(i)
        {
            let _ = panic::catch_unwind(AssertUnwindSafe(|| {
                library.analyze(i, &article, &mut |_, _| true)
            }));
        }
        if reported.elapsed() >= REPORT_EVERY {
            reported = Instant::now();
            if !progress(i + 1, total) {
                return;
            }
        }
    }
    progress(total, total);
}

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
        scan(&library, &mut |done, total| {
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
    }

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
