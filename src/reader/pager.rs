//! The Article pane's geometry: paragraphs wrapped lazily at the pane's
//! width, and scroll positions as [`Anchor`]s (a paragraph and a row in it)
//! moved by rows.
//!
//! Nothing here ever walks the whole article: moving by `n` rows wraps only
//! the paragraphs those rows cross, and wrapped paragraphs are kept in a
//! bounded cache, so a 100,000-paragraph article opens, jumps and goes to
//! its end as fast as a short one.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::model::article::Article;

use super::wrap::wrap_ranges;

/// A row of the Article pane: row `row` of paragraph `paragraph`, where a
/// paragraph's rows are its wrapped lines and then one blank separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Anchor {
    pub paragraph: usize,
    pub row: usize,
}

/// Wrapped lines of paragraphs at one width, filled as paragraphs come on
/// screen. Bounded, so scrolling through a huge article does not keep every
/// paragraph's lines.
#[derive(Debug, Default)]
pub struct Wraps(RefCell<WrapCache>);

#[derive(Debug, Default)]
struct WrapCache {
    width: usize,
    lines: HashMap<usize, Arc<[Range<usize>]>>,
}

const WRAP_CACHE_MAX: usize = 4096;

impl Wraps {
    /// Forgets every wrapped paragraph (another article, or the same one
    /// grown).
    pub fn clear(&self) {
        self.0.borrow_mut().lines.clear();
    }

    /// How many paragraphs are wrapped and kept now.
    pub fn len(&self) -> usize {
        self.0.borrow().lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An article seen through a pane `width` x `height` cells.
#[derive(Clone, Copy)]
pub struct Pager<'a> {
    article: Option<&'a Article>,
    width: usize,
    height: usize,
    wraps: &'a Wraps,
}

impl<'a> Pager<'a> {
    pub fn new(
        article: Option<&'a Article>,
        width: usize,
        height: usize,
        wraps: &'a Wraps,
    ) -> Self {
        Pager {
            article,
            width: width.max(1),
            height: height.max(1),
            wraps,
        }
    }

    pub fn height(&self) -> usize {
        self.height
    }

    fn count(&self) -> usize {
        self.article.map_or(0, |a| a.paragraphs().len())
    }

    /// The wrapped lines of paragraph `p`, as byte ranges into its text.
    pub fn lines(&self, p: usize) -> Arc<[Range<usize>]> {
        let Some(article) = self.article else {
            return Arc::from([]);
        };
        let mut cache = self.wraps.0.borrow_mut();
        if cache.width != self.width || cache.lines.len() > WRAP_CACHE_MAX {
            cache.width = self.width;
            cache.lines.clear();
        }
        if let Some(l) = cache.lines.get(&p) {
            return Arc::clone(l);
        }
        let lines: Arc<[Range<usize>]> = if p < article.paragraphs().len() {
            wrap_ranges(article.paragraph_text(p), self.width).into()
        } else {
            Arc::from([])
        };
        cache.lines.insert(p, Arc::clone(&lines));
        lines
    }

    /// Rows paragraph `p` takes: its lines and a blank line after it (none
    /// after the last, none for an empty paragraph).
    pub fn rows(&self, p: usize) -> usize {
        let lines = self.lines(p).len();
        if lines == 0 {
            0
        } else if p + 1 < self.count() {
            lines + 1
        } else {
            lines
        }
    }

    /// The anchor `n` rows below `a`, stopping at the last row.
    pub fn advance(&self, mut a: Anchor, mut n: usize) -> Anchor {
        let count = self.count();
        loop {
            let rows = self.rows(a.paragraph);
            let below = rows.saturating_sub(a.row + 1);
            if n <= below && rows > 0 {
                a.row += n;
                return a;
            }
            let mut next = a.paragraph + 1;
            while next < count && self.rows(next) == 0 {
                next += 1;
            }
            if next >= count {
                a.row = rows.saturating_sub(1);
                return a;
            }
            n = n.saturating_sub(below + 1);
            a = Anchor {
                paragraph: next,
                row: 0,
            };
            if n == 0 {
                return a;
            }
        }
    }

    /// The anchor `n` rows above `a`, stopping at the first row.
    pub fn retreat(&self, mut a: Anchor, mut n: usize) -> Anchor {
        loop {
            if n <= a.row {
                a.row -= n;
                return a;
            }
            let mut prev = a.paragraph;
            let mut rows = 0;
            while prev > 0 {
                prev -= 1;
                rows = self.rows(prev);
                if rows > 0 {
                    break;
                }
            }
            if rows == 0 {
                a.row = 0;
                return a;
            }
            n -= a.row + 1;
            a = Anchor {
                paragraph: prev,
                row: rows - 1,
            };
        }
    }

    /// The last row of the article's text.
    pub fn last_row(&self) -> Anchor {
        let mut p = self.count().saturating_sub(1);
        while p > 0 && self.rows(p) == 0 {
            p -= 1;
        }
        Anchor {
            paragraph: p,
            row: self.rows(p).saturating_sub(1),
        }
    }

    /// The furthest the pane can scroll: the last screenful.
    pub fn max_top(&self) -> Anchor {
        self.retreat(self.last_row(), self.height - 1)
    }

    /// `top` moved to where it may be: not past the last screenful, and not
    /// on a row its paragraph no longer has (after a resize).
    pub fn clamp(&self, mut top: Anchor) -> Anchor {
        top = top.min(self.max_top());
        if top.row >= self.rows(top.paragraph).max(1) {
            top = self.advance(
                Anchor {
                    paragraph: top.paragraph,
                    row: 0,
                },
                top.row,
            );
        }
        top
    }

    /// The row holding byte `offset` of the article text.
    pub fn anchor_of(&self, offset: usize) -> Option<Anchor> {
        let paras = self.article?.paragraphs();
        let p = paras
            .partition_point(|q| q.span.end < offset)
            .min(paras.len().checked_sub(1)?);
        let rel = offset.saturating_sub(paras[p].span.start);
        let lines = self.lines(p);
        let row = lines.partition_point(|l| l.start <= rel).saturating_sub(1);
        Some(Anchor { paragraph: p, row })
    }

    /// The byte offset of the first text on row `a`.
    pub fn offset_of(&self, a: Anchor) -> usize {
        let Some(para) = self.article.and_then(|x| x.paragraphs().get(a.paragraph)) else {
            return 0;
        };
        self.lines(a.paragraph)
            .get(a.row)
            .map_or(para.span.end, |l| para.span.start + l.start)
    }

    /// Whether row `a` is on screen with `top` at the top.
    pub fn is_on_screen(&self, top: Anchor, a: Anchor) -> bool {
        a >= top && a <= self.advance(top, self.height - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(paragraph: usize, row: usize) -> Anchor {
        Anchor { paragraph, row }
    }

    /// Paragraphs of 2, 1 and 3 lines at width 10 (with a blank row after
    /// each but the last): rows 0-2, 3-4, 5-7.
    fn article() -> Article {
        Article::parse(
            "t.txt",
            b"aaaa bbbb cccc\n\ndddd\n\neeee ffff gggg hhhh iiii",
        )
        .expect("parses")
    }

    #[test]
    fn rows_and_moves() {
        let a = article();
        let w = Wraps::default();
        let p = Pager::new(Some(&a), 10, 3, &w);
        assert_eq!((p.rows(0), p.rows(1), p.rows(2)), (3, 2, 3));
        assert_eq!(p.advance(at(0, 0), 4), at(1, 1));
        assert_eq!(p.advance(at(0, 0), 5), at(2, 0));
        assert_eq!(p.advance(at(0, 0), 100), at(2, 2), "stops at the last row");
        assert_eq!(p.retreat(at(2, 1), 3), at(1, 0));
        assert_eq!(p.retreat(at(2, 1), 100), at(0, 0));
        assert_eq!(p.max_top(), at(2, 0), "the last three rows");
        assert_eq!(p.clamp(at(2, 2)), at(2, 0));
        assert!(p.is_on_screen(at(1, 0), at(1, 1)));
        assert!(!p.is_on_screen(at(1, 0), at(2, 1)));
    }

    #[test]
    fn offsets_and_anchors_agree() {
        let a = article();
        let w = Wraps::default();
        let p = Pager::new(Some(&a), 10, 3, &w);
        let g = a.text().find("gggg").expect("gggg");
        assert_eq!(p.anchor_of(g), Some(at(2, 1)));
        assert_eq!(p.offset_of(at(2, 1)), g);
        assert_eq!(p.offset_of(at(0, 0)), 0);
    }

    #[test]
    fn a_narrower_pane_rewraps() {
        let a = article();
        let w = Wraps::default();
        assert_eq!(Pager::new(Some(&a), 10, 3, &w).rows(0), 3);
        assert_eq!(Pager::new(Some(&a), 4, 3, &w).rows(0), 4);
        assert_eq!(w.len(), 1, "the old width's lines are dropped");
    }

    #[test]
    fn no_article_is_empty() {
        let w = Wraps::default();
        let p = Pager::new(None, 10, 3, &w);
        assert_eq!(p.advance(at(0, 0), 5), at(0, 0));
        assert_eq!(p.anchor_of(5), None);
        assert_eq!(p.max_top(), at(0, 0));
    }
}
