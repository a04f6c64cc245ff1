//! One sentence of a paragraph, or a stretch of one (a clause, the words
//! before a cue), as a view: its tokens by index, with cursor methods ("the
//! token before `i`", "is the word after `i` this one", "walk back while
//! …") that stay inside the view, so a stage asks what it means instead of
//! doing `toks[i - 1]` arithmetic and bounds checks of its own. A search
//! bounded by a clause narrows the view (`since`, `until`); the few that
//! look past the sentence's cut (a quote mark, a bracket or a name often
//! stands right after the splitter's cut) say so (`before`, `after`,
//! `beyond`, `to_para_end`). Indices are the paragraph's, so a view and
//! its narrowings agree on them.
//!
//! The methods are small and on every path of the engine's inner loops;
//! `#[inline]` lets them cost what the hand-written arithmetic did.

use std::ops::Range;

use super::Doc;
use crate::attribution::names::{self, Cand, Gender};
use crate::attribution::tokens::{Kind, Tok};

#[derive(Clone, Copy)]
pub(super) struct Sentence<'d, 'a> {
    doc: &'d Doc<'a>,
    toks: &'d [Tok],
    start: usize,
    end: usize,
}

impl<'d, 'a> Sentence<'d, 'a> {
    #[inline]
    pub(super) fn new(doc: &'d Doc<'a>, p: usize, range: Range<usize>) -> Self {
        Sentence {
            doc,
            toks: &doc.paras[p].toks,
            start: range.start,
            end: range.end,
        }
    }

    /// The whole of paragraph `p`, for a pass that reads across its
    /// sentences.
    #[inline]
    pub(super) fn paragraph(doc: &'d Doc<'a>, p: usize) -> Self {
        let toks = &doc.paras[p].toks;
        Sentence {
            doc,
            toks,
            start: 0,
            end: toks.len(),
        }
    }

    /// The article the view reads, for the stages' own lookups (the
    /// lower-case words, the entities).
    #[inline]
    pub(super) fn doc(&self) -> &'d Doc<'a> {
        self.doc
    }

    /// Token indices of the view (indices into the paragraph).
    #[inline]
    pub(super) fn indices(&self) -> Range<usize> {
        self.start..self.end
    }

    #[inline]
    pub(super) fn start(&self) -> usize {
        self.start
    }

    /// The tokens of the view.
    #[inline]
    pub(super) fn toks(&self) -> &'d [Tok] {
        &self.toks[self.start..self.end]
    }

    /// The same paragraph over `range`: a search that must stay inside a
    /// clause gets the clause.
    #[inline]
    pub(super) fn within(&self, range: Range<usize>) -> Self {
        Sentence {
            start: range.start,
            end: range.end,
            ..*self
        }
    }

    /// The view from token `k` on: a backward search that must not walk
    /// out of the segment it started in.
    #[inline]
    pub(super) fn since(&self, k: usize) -> Self {
        self.within(k..self.end)
    }

    /// The view up to token `j` (exclusive): the words before a cue.
    #[inline]
    pub(super) fn until(&self, j: usize) -> Self {
        self.within(self.start..j)
    }

    /// The view with its end moved to the paragraph's: a name may carry on
    /// past the sentence splitter's cut ("University of Northland,
    /// Eastport").
    #[inline]
    pub(super) fn to_para_end(self) -> Self {
        self.within(self.start..self.toks.len())
    }

    #[inline]
    pub(super) fn tok(&self, i: usize) -> &'d Tok {
        &self.toks[i]
    }

    /// Token `i`, if the view holds it.
    #[inline]
    pub(super) fn at(&self, i: usize) -> Option<&'d Tok> {
        (self.start <= i && i < self.end).then(|| &self.toks[i])
    }

    /// Token `i` of the paragraph, even past the view's end (what follows
    /// a name or a cue may lie past the sentence's cut).
    #[inline]
    pub(super) fn beyond(&self, i: usize) -> Option<&'d Tok> {
        self.toks.get(i)
    }

    /// The text of token `i`.
    #[inline]
    pub(super) fn word(&self, i: usize) -> &'a str {
        self.doc.w(&self.toks[i])
    }

    /// The text of any token of the paragraph.
    #[inline]
    pub(super) fn doc_word(&self, t: &Tok) -> &'a str {
        self.doc.w(t)
    }

    /// Whether token `i`, inside the view, is the word `w` (as written:
    /// a lower-case `w` is never a capitalised word).
    #[inline]
    pub(super) fn is(&self, i: usize, w: &str) -> bool {
        self.at(i).is_some_and(|t| self.doc.w(t) == w)
    }

    /// The text from token `a` to token `b` (exclusive) as the article
    /// writes it, spaces and all.
    #[inline]
    pub(super) fn text(&self, a: usize, b: usize) -> &'a str {
        &self.doc.text[self.toks[a].start..self.toks[b - 1].end]
    }

    /// Where the view's text lies in the article, in bytes: a passage's
    /// span. The view must hold a token.
    #[inline]
    pub(super) fn byte_span(&self) -> Range<usize> {
        self.toks[self.start].start..self.toks[self.end - 1].end
    }

    /// How many of the tokens `a..b` are words (not punctuation): a
    /// name of one word is looked up differently from a longer one.
    #[inline]
    pub(super) fn word_count(&self, a: usize, b: usize) -> usize {
        self.toks[a..b].iter().filter(|t| t.is_word()).count()
    }

    /// What the capitalised run `a..b` names (`names::classify`).
    #[inline]
    pub(super) fn classify(&self, a: usize, b: usize) -> Cand {
        names::classify(self.toks, self.doc.text, a, b)
    }

    /// The gender a classified run's forename or title tells.
    #[inline]
    pub(super) fn gender_of(&self, cand: &Cand) -> Gender {
        names::gender_of(self.toks, self.doc.text, cand)
    }

    /// The token before `i`, if the view has one.
    #[inline]
    pub(super) fn prev(&self, i: usize) -> Option<&'d Tok> {
        (i > self.start).then(|| &self.toks[i - 1])
    }

    /// The token `n` places before `i`, if the view has it ("the word
    /// before the comma before `i`").
    #[inline]
    pub(super) fn back(&self, i: usize, n: usize) -> Option<&'d Tok> {
        (i >= self.start + n).then(|| &self.toks[i - n])
    }

    /// Whether the word before `i`, inside the view, is `w`.
    #[inline]
    pub(super) fn prev_is(&self, i: usize, w: &str) -> bool {
        self.prev(i).is_some_and(|t| self.doc.w(t) == w)
    }

    /// The token after `i`, if the view has one.
    #[inline]
    pub(super) fn next(&self, i: usize) -> Option<&'d Tok> {
        (i + 1 < self.end).then(|| &self.toks[i + 1])
    }

    /// The token before `i` even across the sentence's start ("a" before a
    /// run that the splitter put in the sentence before).
    #[inline]
    pub(super) fn before(&self, i: usize) -> Option<&'d Tok> {
        i.checked_sub(1).map(|k| &self.toks[k])
    }

    /// The token after `i` even past the sentence's end (a quote mark or
    /// a name often stands right after the sentence splitter's cut).
    #[inline]
    pub(super) fn after(&self, i: usize) -> Option<&'d Tok> {
        self.toks.get(i + 1)
    }

    /// Whether the word after `i`, inside the sentence, is `w`.
    #[inline]
    pub(super) fn next_is(&self, i: usize, w: &str) -> bool {
        self.next(i).is_some_and(|t| self.doc.w(t) == w)
    }

    /// Start of the stretch of tokens right before `i` (at most `max` of
    /// them) for which `pred` holds: `i` itself when there is none.
    #[inline]
    pub(super) fn back_while(&self, i: usize, max: usize, pred: impl Fn(&Tok) -> bool) -> usize {
        let mut k = i;
        while k > self.start && i - k < max && pred(&self.toks[k - 1]) {
            k -= 1;
        }
        k
    }

    /// End (exclusive) of the stretch of tokens from `i` on (at most `max`
    /// of them) for which `pred` holds: `i` itself when there is none.
    #[inline]
    pub(super) fn forward_while(&self, i: usize, max: usize, pred: impl Fn(&Tok) -> bool) -> usize {
        let mut k = i;
        while k < self.end && k - i < max && pred(&self.toks[k]) {
            k += 1;
        }
        k
    }

    /// The nearest token before `i`, at most `max` back, for which `pred`
    /// holds: the opening bracket of a closing one.
    #[inline]
    pub(super) fn find_back(
        &self,
        i: usize,
        max: usize,
        pred: impl Fn(&Tok) -> bool,
    ) -> Option<usize> {
        (self.start.max(i.saturating_sub(max))..i)
            .rev()
            .find(|&k| pred(&self.toks[k]))
    }

    /// The first token of the view for which `pred` holds.
    #[inline]
    pub(super) fn find(&self, pred: impl Fn(&Tok) -> bool) -> Option<usize> {
        self.indices().find(|&k| pred(&self.toks[k]))
    }

    /// The last token of the view for which `pred` holds: the possessive
    /// nearest a description's head.
    #[inline]
    pub(super) fn rfind(&self, pred: impl Fn(&Tok) -> bool) -> Option<usize> {
        self.indices().rev().find(|&k| pred(&self.toks[k]))
    }

    /// Whether the view is written in title case, as headlines are: at
    /// least three words of four letters or more outside quotes, seven in
    /// ten of them capitalised ("Roe Says Plan Will Fail").
    pub(super) fn title_case(&self) -> bool {
        let (mut long, mut caps) = (0usize, 0usize);
        for t in self.toks() {
            if t.is_word() && !t.quoted && t.end - t.start >= 4 {
                long += 1;
                caps += usize::from(t.cap);
            }
        }
        long >= 3 && caps * 10 >= long * 7
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
