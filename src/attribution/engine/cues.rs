//! Reporting cues of a sentence: verbs and nouns from the lexicon,
//! `according to`, a colon before a quote, a dash after one.

use std::ops::Range;

use super::Doc;
use super::runs::is_name_word;
use crate::attribution::lexicon as lx;
use crate::attribution::tokens::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CueKind {
    Verb,
    /// "according to X"
    According,
    /// A colon introducing a quote, with no verb cue.
    Colon,
    /// A dash after a closing quote: `” — Commissioner Jane Roe`.
    Dash,
}

pub(super) fn find_cues(doc: &Doc, p: usize, s: Range<usize>) -> Vec<(usize, CueKind)> {
    let toks = &doc.paras[p].toks;
    let has_quote = s.clone().any(|i| toks[i].quoted && toks[i].is_word());
    let mut out = Vec::new();
    for i in s.clone() {
        let t = &toks[i];
        if t.quoted || !t.is_word() {
            continue;
        }
        let w = doc.w(t);
        if w.eq_ignore_ascii_case("according") && i + 1 < s.end && doc.w(&toks[i + 1]) == "to" {
            out.push((i, CueKind::According));
            continue;
        }
        if t.cap {
            continue;
        }
        if t.has(lx::CUE) {
            if t.has(lx::CUE_NOUNISH) {
                // "reports indicated", "a claim": a noun here.
                let next_verb = toks.get(i + 1).is_some_and(|n| {
                    n.is_word()
                        && !n.cap
                        && (lx::looks_past_verb(doc.w(n))
                            || n.has(lx::CUE | lx::AUX | lx::PASSIVE_AUX))
                });
                let prev_det = i > s.start
                    && (toks[i - 1].has(lx::DET | lx::PREP) || toks[i - 1].kind == Kind::Poss);
                // "a Facebook post", "its media report": a noun after a
                // name and an article; a verb needs "posts"/"posted".
                let base_form = !(w.ends_with('s') || w.ends_with("ed") || w.ends_with("ing"));
                let after_name = i > s.start && is_name_word(&toks[i - 1]);
                let mut k = i;
                while k > s.start && is_name_word(&toks[k - 1]) && i - k < 8 {
                    k -= 1;
                }
                let indefinite = k > s.start
                    && k < i
                    && lx::NOUN_OPENERS
                        .contains(&doc.w(&toks[k - 1]).to_ascii_lowercase().as_str());
                if base_form && after_name || indefinite {
                    continue;
                }
                if next_verb || prev_det {
                    continue;
                }
            }
            out.push((i, CueKind::Verb));
        } else if t.has(lx::QUOTE_CUE)
            && has_quote
            && s.clone().any(|k| k > i && toks[k].kind == Kind::QOpen)
        {
            out.push((i, CueKind::Verb));
        }
    }
    if out.is_empty() && has_quote {
        for i in s.clone() {
            if toks[i].is_punct(':')
                && !toks[i].quoted
                && toks.get(i + 1).is_some_and(|n| n.kind == Kind::QOpen)
            {
                out.push((i, CueKind::Colon));
                break;
            }
            if matches!(toks[i].kind, Kind::Punct('—' | '–' | '-'))
                && !toks[i].quoted
                && i > s.start
                && toks[i - 1].kind == Kind::QClose
                && toks.get(i + 1).is_some_and(is_name_word)
            {
                out.push((i, CueKind::Dash));
                break;
            }
        }
    }
    out
}
