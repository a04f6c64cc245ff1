//! One sentence of a paragraph as a view: its tokens by index, with cursor
//! methods ("the token before `i`", "is the word after `i` this one") that
//! stay inside the sentence, so a stage asks what it means instead of doing
//! `toks[i - 1]` arithmetic and bounds checks of its own.

use std::ops::Range;

use super::Doc;
use crate::attribution::tokens::{Kind, Tok};

#[derive(Clone, Copy)]
pub(super) struct Sentence<'d, 'a> {
    doc: &'d Doc<'a>,
    toks: &'d [Tok],
    start: usize,
    end: usize,
}

impl<'d, 'a> Sentence<'d, 'a> {
    pub(super) fn new(doc: &'d Doc<'a>, p: usize, range: Range<usize>) -> Self {
        Sentence {
            doc,
            toks: &doc.paras[p].toks,
            start: range.start,
            end: range.end,
        }
    }

    /// Token indices of the sentence (indices into the paragraph).
    pub(super) fn indices(&self) -> Range<usize> {
        self.start..self.end
    }

    pub(super) fn tok(&self, i: usize) -> &'d Tok {
        &self.toks[i]
    }

    /// The text of token `i`.
    pub(super) fn word(&self, i: usize) -> &'a str {
        self.doc.w(&self.toks[i])
    }

    /// The text of any token of the paragraph.
    pub(super) fn doc_word(&self, t: &Tok) -> &'a str {
        self.doc.w(t)
    }

    /// The token before `i`, if the sentence has one.
    pub(super) fn prev(&self, i: usize) -> Option<&'d Tok> {
        (i > self.start).then(|| &self.toks[i - 1])
    }

    /// The token after `i`, if the sentence has one.
    pub(super) fn next(&self, i: usize) -> Option<&'d Tok> {
        (i + 1 < self.end).then(|| &self.toks[i + 1])
    }

    /// The token after `i` even past the sentence's end (a quote mark or
    /// a name often stands right after the sentence splitter's cut).
    pub(super) fn after(&self, i: usize) -> Option<&'d Tok> {
        self.toks.get(i + 1)
    }

    /// Whether the word after `i`, inside the sentence, is `w`.
    pub(super) fn next_is(&self, i: usize, w: &str) -> bool {
        self.next(i).is_some_and(|t| self.doc.w(t) == w)
    }

    /// Start of the stretch of tokens right before `i` (at most `max` of
    /// them) for which `pred` holds: `i` itself when there is none.
    pub(super) fn back_while(&self, i: usize, max: usize, pred: impl Fn(&Tok) -> bool) -> usize {
        let mut k = i;
        while k > self.start && i - k < max && pred(&self.toks[k - 1]) {
            k -= 1;
        }
        k
    }

    /// Whether the sentence holds quoted words.
    pub(super) fn has_quote(&self) -> bool {
        self.toks[self.start..self.end]
            .iter()
            .any(|t| t.quoted && t.is_word())
    }

    /// Whether a quotation opens somewhere after token `i`.
    pub(super) fn quote_opens_after(&self, i: usize) -> bool {
        self.toks[i + 1..self.end.max(i + 1)]
            .iter()
            .any(|t| t.kind == Kind::QOpen)
    }
}
