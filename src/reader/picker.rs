//! The article picker's filter and order: which articles of the library it
//! lists, and how they are sorted. A library of thousands of articles is
//! found by typing (`/`: title, date or the name of anyone quoted, folded
//! as the search folds, see [`crate::model::fold`]), not by scrolling.

use crate::library::Library;
use crate::model::fold;

/// The picker's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// As the files are listed (by name).
    #[default]
    Listed,
    /// Newest first; undated articles last.
    Date,
    /// By title, A to Z.
    Title,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Listed => Sort::Date,
            Sort::Date => Sort::Title,
            Sort::Title => Sort::Listed,
        }
    }

    /// What the picker's title says of the order.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Listed => "by file",
            Sort::Date => "by date",
            Sort::Title => "by title",
        }
    }
}

#[derive(Debug, Default)]
pub struct Picker {
    query: String,
    typing: bool,
    sort: Sort,
    /// Library indices of the articles listed, in order.
    shown: Vec<usize>,
}

impl Picker {
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Whether keys go into the filter.
    pub fn typing(&self) -> bool {
        self.typing
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    pub(crate) fn start_typing(&mut self) {
        self.typing = true;
    }

    pub(crate) fn stop_typing(&mut self) {
        self.typing = false;
    }

    pub(crate) fn push(&mut self, c: char) {
        self.query.push(c);
    }

    pub(crate) fn pop(&mut self) {
        self.query.pop();
    }

    /// Empties the filter and stops typing into it.
    pub(crate) fn clear(&mut self) {
        self.query.clear();
        self.typing = false;
    }

    pub(crate) fn set_sort(&mut self, sort: Sort) {
        self.sort = sort;
    }

    /// Lists the articles of `library` the filter finds, in order.
    pub(crate) fn refresh(&mut self, library: &Library) {
        self.shown = filtered(library, &self.query, self.sort);
    }
}

/// The articles of `library` whose title, date or a source's name or
/// alias holds `query` (folded), sorted by `sort`.
pub fn filtered(library: &Library, query: &str, sort: Sort) -> Vec<usize> {
    let q = fold::fold(query.trim());
    let mut rows: Vec<(usize, String, Option<String>)> = (0..library.len())
        .filter_map(|i| {
            let e = library.entry(i)?;
            let found = q.is_empty()
                || fold::contains(&e.title, &q)
                || e.date.as_deref().is_some_and(|d| fold::contains(d, &q))
                || library.sources(i).is_some_and(|s| {
                    s.named().any(|src| {
                        fold::contains(&src.name, &q)
                            || src.aliases.iter().any(|a| fold::contains(a, &q))
                    })
                });
            found.then_some((i, e.title, e.date))
        })
        .collect();
    match sort {
        Sort::Listed => {}
        Sort::Date => rows.sort_by(|a, b| {
            // Newest first; ISO dates sort as text, undated go last.
            b.2.is_some()
                .cmp(&a.2.is_some())
                .then_with(|| b.2.cmp(&a.2))
                .then_with(|| fold::fold(&a.1).cmp(&fold::fold(&b.1)))
        }),
        Sort::Title => rows.sort_by_cached_key(|r| (fold::fold(&r.1), r.0)),
    }
    rows.into_iter().map(|r| r.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::article::Article;

    fn library() -> Library {
        let a = |name: &str, text: &str| Article::parse(name, text.as_bytes()).expect("parses");
        Library::from_articles(vec![
            (
                a(
                    "b.txt",
                    "title: Bridge reopens in Gdańsk\ndate 2024-01-05\n\nText.",
                ),
                None,
            ),
            (
                a(
                    "a.txt",
                    "title: Ørsted wins a tender\ndate 2024-03-01\n\nText.",
                ),
                None,
            ),
            (a("c.txt", "title: An undated note\n\nText."), None),
        ])
    }

    #[test]
    fn filters_by_title_and_date_folded() {
        let lib = library();
        assert_eq!(filtered(&lib, "gdansk", Sort::Listed), [0]);
        assert_eq!(filtered(&lib, "orsted", Sort::Listed), [1]);
        assert_eq!(filtered(&lib, "2024-03", Sort::Listed), [1]);
        assert_eq!(filtered(&lib, "", Sort::Listed), [0, 1, 2]);
        assert!(filtered(&lib, "zzz", Sort::Listed).is_empty());
    }

    #[test]
    fn sorts_by_date_newest_first_and_by_title() {
        let lib = library();
        assert_eq!(filtered(&lib, "", Sort::Date), [1, 0, 2]);
        assert_eq!(filtered(&lib, "", Sort::Title), [2, 0, 1]);
        assert_eq!(Sort::Listed.next().next().next(), Sort::Listed);
    }
}
