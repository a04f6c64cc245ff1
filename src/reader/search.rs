//! Incremental search over the article text.
//!
//! Smart case, as in less and vim: a query with no capital letters ignores
//! ASCII case. Matching uses aho-corasick / memchr over the text in one
//! pass, so each keystroke of a search in a 10 MB article is answered at once.

use std::ops::Range;

use aho_corasick::AhoCorasick;

#[derive(Debug, Default)]
pub struct Search {
    editing: bool,
    query: String,
    /// Byte ranges into the article text, in order.
    matches: Vec<Range<usize>>,
    current: Option<usize>,
    /// Where the search started: the first match at or after it is current.
    from: usize,
}

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
        self.matches = find_all(text, within, &self.query);
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
/// `text`.
pub fn find_all(text: &str, within: Range<usize>, query: &str) -> Vec<Range<usize>> {
    let Some(hay) = text.get(within.clone()) else {
        return Vec::new();
    };
    if query.is_empty() {
        return Vec::new();
    }
    let base = within.start;
    if query.chars().any(char::is_uppercase) {
        memchr::memmem::find_iter(hay.as_bytes(), query.as_bytes())
            .map(|i| base + i..base + i + query.len())
            .scan(0, |end, m| {
                // memmem finds overlapping matches; keep them apart.
                let keep = m.start >= *end;
                if keep {
                    *end = m.end;
                }
                Some(keep.then_some(m))
            })
            .flatten()
            .collect()
    } else {
        let Ok(ac) = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([query])
        else {
            return Vec::new();
        };
        ac.find_iter(hay)
            .map(|m| base + m.start()..base + m.end())
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

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
