//! Analysing a very big article in pieces, so that memory stays within a
//! small multiple of the text (issue 7: peak RSS under 3× the text + 10 MB).
//!
//! The engine keeps every paragraph's tokens while it works, about ten
//! times the text; for a 10 MB article that is 100 MB. Above
//! [`WHOLE_LIMIT`], the article is analysed [`PIECE_BYTES`] of whole
//! paragraphs at a time and the pieces' sources are merged: the same source
//! (same kind, a shared name or alias) becomes one, its passages in order.
//! What is lost is only what crosses a piece boundary (a pronoun at the top
//! of a piece whose antecedent ended the previous one) — a handful of
//! passages in 10 MB. Articles up to the limit (256 KiB: every real one) are
//! analysed whole, exactly as `attribution::analyze` does.

use std::collections::HashMap;

use crate::attribution::{self, Source, SourceKind, Sources};
use crate::model::article::Article;

/// Articles up to this size are analysed whole.
pub const WHOLE_LIMIT: usize = 256 << 10;
/// The size of a piece of a bigger article.
pub const PIECE_BYTES: usize = 256 << 10;

/// Like [`attribution::analyze_with_progress`] (same progress and
/// cancelling), in pieces above [`WHOLE_LIMIT`].
pub fn analyze_with_progress(
    article: &Article,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Option<Sources> {
    analyze_in_pieces(article, WHOLE_LIMIT, PIECE_BYTES, progress)
}

/// [`analyze_with_progress`] with its sizes given (tests use small ones).
pub fn analyze_in_pieces(
    article: &Article,
    whole_limit: usize,
    piece_bytes: usize,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Option<Sources> {
    if article.text().len() <= whole_limit {
        return attribution::analyze_with_progress(article, progress);
    }
    let text = article.text();
    let paras = article.paragraphs();
    let n = paras.len();
    let mut merged = Merged::default();
    let mut first = 0;
    while first < n {
        let start = paras[first].span.start;
        let mut last = first + 1;
        while last < n && paras[last].span.end - start < piece_bytes {
            last += 1;
        }
        let piece_text = &text[start..paras[last - 1].span.end];
        let piece = Article::parse(&article.path, piece_text.as_bytes()).ok();
        // A piece must split into the same paragraphs (a piece opening
        // with what looks like metadata would not): else analyse whole.
        let Some(piece) = piece.filter(|p| {
            p.paragraphs().len() == last - first
                && p.paragraphs()
                    .iter()
                    .zip(&paras[first..last])
                    .all(|(a, b)| a.span.start + start == b.span.start)
        }) else {
            return attribution::analyze_with_progress(article, progress);
        };
        let base = first;
        let sources = attribution::analyze_with_progress(&piece, &mut |done, _| {
            progress(base + done.min(last - base), n)
        })?;
        merged.add(sources, first, start);
        first = last;
    }
    progress(n, n).then(|| merged.finish())
}

#[derive(Default)]
struct Merged {
    sources: Vec<Source>,
    /// (kind, lower-cased name or alias) → index in `sources`.
    names: HashMap<(u8, String), usize>,
}

fn kind_tag(k: SourceKind) -> u8 {
    match k {
        SourceKind::Person => 0,
        SourceKind::Organisation => 1,
        SourceKind::Unnamed => 2,
    }
}

fn names(s: &Source) -> Vec<(u8, String)> {
    std::iter::once(&s.name)
        .chain(&s.aliases)
        .map(|n| (kind_tag(s.kind), n.to_lowercase()))
        .collect()
}

impl Merged {
    /// Adds one piece's sources; its paragraphs start at `first` and its
    /// text at byte `offset` of the whole article.
    fn add(&mut self, piece: Sources, first: usize, offset: usize) {
        for mut s in piece.sources {
            for p in &mut s.passages {
                p.paragraph += first;
                p.span = p.span.start + offset..p.span.end + offset;
            }
            let keys = names(&s);
            let found = keys.iter().find_map(|k| self.names.get(k).copied());
            let at = if let Some(i) = found {
                let into = &mut self.sources[i];
                into.passages.append(&mut s.passages);
                if into.role.is_none() {
                    into.role = s.role.take();
                }
                for a in std::iter::once(s.name).chain(s.aliases) {
                    if a != into.name && !into.aliases.contains(&a) {
                        into.aliases.push(a);
                    }
                }
                i
            } else {
                self.sources.push(s);
                self.sources.len() - 1
            };
            for k in keys {
                self.names.entry(k).or_insert(at);
            }
        }
    }

    /// Named sources in order of first appearance, then unnamed voices.
    fn finish(mut self) -> Sources {
        // Two sources of one piece can join the same earlier one (a name in
        // one, an alias in the other), so appending per piece is not enough
        // to keep a source's passages in order, one per paragraph.
        for s in &mut self.sources {
            s.passages.sort_by_key(|p| (p.paragraph, p.span.start));
            s.passages.dedup_by_key(|p| p.paragraph);
        }
        let (mut named, unnamed): (Vec<Source>, Vec<Source>) = self
            .sources
            .into_iter()
            .partition(|s| s.kind != SourceKind::Unnamed);
        named.extend(unnamed);
        Sources { sources: named }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::{Passage, PassageKind};

    fn source(name: &str, aliases: &[&str], paragraphs: &[usize]) -> Source {
        Source {
            name: name.into(),
            kind: SourceKind::Organisation,
            role: None,
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            passages: paragraphs
                .iter()
                .map(|&paragraph| Passage {
                    paragraph,
                    kind: PassageKind::Reported,
                    span: paragraph * 10..paragraph * 10 + 5,
                })
                .collect(),
        }
    }

    #[test]
    fn two_sources_of_one_piece_joining_one_keep_its_passages_in_order() {
        let mut m = Merged::default();
        m.add(
            Sources {
                sources: vec![source("Harbor Board", &["Board"], &[1])],
            },
            0,
            0,
        );
        // The second piece knows the name and the alias as two sources.
        m.add(
            Sources {
                sources: vec![
                    source("Harbor Board", &[], &[2, 7]),
                    source("Board", &[], &[4, 7]),
                ],
            },
            10,
            100,
        );
        let out = m.finish();
        assert_eq!(out.sources.len(), 1);
        let paras: Vec<usize> = out.sources[0]
            .passages
            .iter()
            .map(|p| p.paragraph)
            .collect();
        assert_eq!(paras, [1, 12, 14, 17]);
    }
}
