//! Incremental search over the article text.
//!
//! Matching folds both sides ([`crate::model::fold`]): quotation marks, apostrophes
//! and dashes of every style, diacritics, and case — smart case, as in less
//! and vim: a query with a capital letter keeps case. The article is folded
//! once per search (and kept while the query is typed), then each keystroke
//! is one memchr pass over the folded text, so a search in a 10 MB article
//! is answered at once; matches are mapped back to the original bytes, so
//! highlights land on the characters as printed.

use std::ops::Range;

use crate::model::fold::{self, Folded};

#[derive(Debug, Default)]
pub struct Search {
    editing: bool,
    query: String,
    /// Byte ranges into the article text, in order.
    matches: Vec<Range<usize>>,
    current: Option<usize>,
    /// Where the search started: the first match at or after it is current.
    from: usize,
    /// The text searched last, folded, and what it was.
    folded: Option<(FoldedKey, Folded)>,
}

/// Which text was folded: its address and length, the range searched and
/// whether case was kept.
type FoldedKey = (usize, usize, Range<usize>, bool);

impl Search {
    /// Starts typing a new search from byte offset `from`.
    pub fn start(&mut self, from: usize) {
        *self = Search {
            editing: true,
            from,
            ..Search::default()
        };
    }

    pub fn editing(&self) -> bool {
        self.editing
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn matches(&self) -> &[Range<usize>] {
        &self.matches
    }

    pub fn current_index(&self) -> Option<usize> {
        self.current
    }

    pub fn current_match(&self) -> Option<Range<usize>> {
        self.matches.get(self.current?).cloned()
    }

    pub fn push(&mut self, c: char) {
        self.query.push(c);
    }

    pub fn pop(&mut self) {
        self.query.pop();
    }

    /// Stops typing, keeping the query and its matches.
    pub fn submit(&mut self) {
        self.editing = false;
    }

    pub fn clear(&mut self) {
        *self = Search::default();
    }

    /// Finds every match of the query inside `text[within]`.
    pub fn find(&mut self, text: &str, within: Range<usize>) {
        let case = fold::keeps_case(&self.query);
        let key = (text.as_ptr() as usize, text.len(), within.clone(), case);
        if !matches!(&self.folded, Some((k, _)) if *k == key) {
            let hay = text.get(within.clone()).unwrap_or("");
            self.folded = Some((key, Folded::new(hay, case)));
        }
        self.matches = match &self.folded {
            Some((_, folded)) => find_folded(folded, within.start, &self.query),
            None => Vec::new(),
        };
        let first_after = self.matches.partition_point(|m| m.start < self.from);
        self.current = if self.matches.is_empty() {
            None
        } else if first_after < self.matches.len() {
            Some(first_after)
        } else {
            Some(0)
        };
    }

    /// Moves to the next / previous match; says whether it wrapped around.
    pub fn step(&mut self, forward: bool) -> Option<(Range<usize>, bool)> {
        let n = self.matches.len();
        if n == 0 {
            return None;
        }
        let (next, wrapped) = match (self.current, forward) {
            (None, _) => (0, false),
            (Some(i), true) if i + 1 < n => (i + 1, false),
            (Some(_), true) => (0, true),
            (Some(i), false) if i > 0 => (i - 1, false),
            (Some(_), false) => (n - 1, true),
        };
        self.current = Some(next);
        self.from = self.matches[next].start;
        Some((self.matches[next].clone(), wrapped))
    }
}

/// Non-overlapping matches of `query` in `text[within]`, as ranges into
/// `text`, folded as the search folds.
#[cfg(test)]
pub fn find_all(text: &str, within: Range<usize>, query: &str) -> Vec<Range<usize>> {
    let Some(hay) = text.get(within.clone()) else {
        return Vec::new();
    };
    let folded = Folded::new(hay, fold::keeps_case(query));
    find_folded(&folded, within.start, query)
}

/// Matches of `query` in a folded text that starts at byte `base` of the
/// original.
fn find_folded(hay: &Folded, base: usize, query: &str) -> Vec<Range<usize>> {
    let q = if fold::keeps_case(query) {
        fold::fold_keep_case(query)
    } else {
        fold::fold(query)
    };
    if q.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut end = 0;
    for i in memchr::memmem::find_iter(hay.as_str().as_bytes(), q.as_bytes()) {
        // memmem finds overlapping matches; keep them apart.
        if i < end {
            continue;
        }
        end = i + q.len();
        let r = hay.original(i..end);
        out.push(base + r.start..base + r.end);
    }
    out
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    #[test]
    fn folding_finds_what_was_typed_and_marks_the_original() {
        let t = "in Kyiv’s “Explosions” near Gdańsk — Paweł";
        for (q, want) in [
            ("kyiv's", "Kyiv’s"),
            ("\"explosions", "“Explosions"),
            ("gdansk", "Gdańsk"),
            ("pawel", "Paweł"),
            ("- pawel", "— Paweł"),
            ("Kyiv's", "Kyiv’s"),
        ] {
            let m = find_all(t, 0..t.len(), q);
            assert_eq!(m.len(), 1, "{q}");
            assert_eq!(&t[m[0].clone()], want, "{q}");
        }
        assert!(
            find_all(t, 0..t.len(), "KYIV").is_empty(),
            "capitals keep case"
        );
    }

    #[test]
    fn smart_case() {
        let t = "Sadovy said; sadovy; SADOVY";
        assert_eq!(find_all(t, 0..t.len(), "sadovy").len(), 3);
        assert_eq!(find_all(t, 0..t.len(), "Sadovy"), vec![0..6]);
    }

    #[test]
    fn matches_stay_within_the_range_and_do_not_overlap() {
        let t = "aaaa";
        assert_eq!(find_all(t, 1..4, "aa"), vec![1..3]);
        assert_eq!(find_all(t, 0..4, "AA"), Vec::<Range<usize>>::new());
        assert_eq!(find_all(t, 0..4, ""), Vec::<Range<usize>>::new());
    }

    #[test]
    fn incremental_search_steps_and_wraps() {
        let t = "x ab ab ab";
        let mut s = Search::default();
        s.start(3);
        s.push('a');
        s.push('b');
        s.find(t, 0..t.len());
        assert_eq!(s.current_match(), Some(5..7), "first match after the start");
        assert_eq!(s.step(true), Some((8..10, false)));
        assert_eq!(s.step(true), Some((2..4, true)));
        assert_eq!(s.step(false), Some((8..10, true)));
        s.submit();
        assert!(!s.editing());
        assert_eq!(s.query(), "ab");
        s.clear();
        assert!(s.matches().is_empty() && s.query().is_empty());
    }
}
