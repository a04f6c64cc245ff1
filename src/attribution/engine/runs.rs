//! Capitalised runs: where a name starts and ends in a sentence (initials,
//! particles, "and" or "of" inside an organisation's name, an acronym in
//! brackets), shared by the names pass and the speaker search.

use std::ops::Range;

use super::{Doc, REACH};
use crate::attribution::lexicon as lx;
use crate::attribution::tokens::{Kind, Tok};
use crate::attribution::{gazetteer, names};

/// Capitalised runs outside quotes: `(start, end)` token indices.
pub(super) fn cap_runs(doc: &Doc, p: usize, s: Range<usize>) -> Vec<(usize, usize)> {
    let toks = &doc.paras[p].toks;
    let mut out = Vec::new();
    let mut i = s.start;
    while i < s.end {
        let t = &toks[i];
        if t.is_word() && t.cap && !t.quoted && !t.has(lx::MONTHDAY) {
            let a = i;
            let b = run_forward(doc, p, i, s.end);
            out.push((a, b));
            i = b.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

pub(super) fn is_acronym_like(word: &str) -> bool {
    names::is_acronym(word)
}

/// A capitalised word the article also writes in lower case ("Search").
pub(super) fn is_common_word(doc: &Doc, t: &Tok) -> bool {
    let w = doc.w(t);
    w.len() <= 24 && names::with_lower(w, |l| doc.lower.contains(l))
}

/// One capital letter: a middle initial ("H" in "Paul H. Roe").
pub(super) fn is_initial(doc: &Doc, t: &Tok) -> bool {
    let mut cs = doc.w(t).chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

pub(super) fn is_name_word(t: &Tok) -> bool {
    t.is_word() && t.cap && !t.quoted && !t.has(lx::MONTHDAY)
}

/// End (exclusive) of the capitalised run starting at `i`.
pub(super) fn run_forward(doc: &Doc, p: usize, i: usize, end: usize) -> usize {
    let toks = &doc.paras[p].toks;
    let mut b = i + 1;
    while b < end && b - i < REACH {
        if is_name_word(&toks[b]) {
            b += 1;
            continue;
        }
        // "Dr. Roe", "Paul H. Roe": the full stop of a title's abbreviation
        // or of a middle initial is inside the name.
        if toks[b].is_punct('.')
            && (toks[b - 1].has(lx::ABBREV | lx::TITLE) || is_initial(doc, &toks[b - 1]))
            && toks[b - 1].cap
            && b + 1 < end
            && is_name_word(&toks[b + 1])
        {
            b += 1;
            continue;
        }
        let w = doc.w(&toks[b]);
        // "Fire and Rescue Service": common words joined by "and" inside
        // an organisation's name (but "Acme and Bolt Group" stay apart).
        // "Department of Parks and Recreation": inside the "of" part of an
        // organisation's name, "and" joins two more common words.
        if w == "and"
            && b + 1 < end
            && is_name_word(&toks[b + 1])
            && !toks[b + 1].has(lx::MALE | lx::FEMALE)
            && toks.get(b + 2).is_none_or(|n| !is_name_word(n))
            && has_org_of_part(doc, p, i..b)
        {
            b += 2;
            continue;
        }
        if w == "and"
            && b + 1 < end
            && is_name_word(&toks[b + 1])
            && is_common_word(doc, &toks[b - 1])
        {
            let mut e = b + 1;
            while e < end && is_name_word(&toks[e]) && e - b < 8 {
                e += 1;
            }
            if toks[e - 1].has(lx::ORG_HEAD) {
                b = e;
                continue;
            }
        }
        if toks[b].is_word() && !toks[b].cap && names::is_run_connector(w) {
            if b + 1 < end && is_name_word(&toks[b + 1]) {
                b += 2;
                continue;
            }
            if b + 2 < end && doc.w(&toks[b + 1]) == "the" && is_name_word(&toks[b + 2]) {
                b += 3;
                continue;
            }
        }
        break;
    }
    campus_after_comma(doc, p, i, b, end).unwrap_or(b)
}

/// Nouns of an institution whose campuses are named after a comma:
/// "University of Northland, Eastport", "College of Medicine, Westbury"
/// (the naming of multi-campus university systems).
const CAMPUS_HEADS: &[&str] = &["university", "college"];

/// "University of Northland, Eastport": the run `a..b` is an institution
/// with an "of" part ("University of X"), and after the comma at `b` come
/// one to three name words that the gazetteer knows as a place (not a
/// country) and that end the phrase (a comma, a full stop, a semicolon, a
/// possessive or the sentence's end follows). Returns the new end.
pub(super) fn campus_after_comma(
    doc: &Doc,
    p: usize,
    a: usize,
    b: usize,
    end: usize,
) -> Option<usize> {
    let toks = &doc.paras[p].toks;
    if b + 1 >= end || !toks[b].is_punct(',') {
        return None;
    }
    let campus = (a..b).any(|c| {
        toks[c].cap
            && CAMPUS_HEADS
                .iter()
                .any(|h| doc.w(&toks[c]).eq_ignore_ascii_case(h))
            && toks.get(c + 1).is_some_and(|n| doc.w(n) == "of")
    });
    if !campus {
        return None;
    }
    let mut e = b + 1;
    while e < end && e - b <= 4 && is_name_word(&toks[e]) {
        e += 1;
    }
    if e == b + 1 || e - b > 4 {
        return None;
    }
    let ends = e == end || matches!(toks[e].kind, Kind::Punct(',' | '.' | ';') | Kind::Poss);
    let place = names::with_fold(&doc.text[toks[b + 1].start..toks[e - 1].end], |f| {
        gazetteer::is_place(f) && !lx::is_country(f)
    });
    (ends && place).then_some(e)
}

/// Start of the capitalised run ending (exclusive) at `b`; a campus after
/// a comma (`campus_after_comma`) joins the institution before it.
pub(super) fn run_backward(doc: &Doc, p: usize, b: usize, lo: usize) -> usize {
    let a = run_backward_plain(doc, p, b, lo);
    let toks = &doc.paras[p].toks;
    if a >= lo + 2 && toks[a - 1].is_punct(',') && is_name_word(&toks[a - 2]) {
        let a2 = run_backward_plain(doc, p, a - 1, lo);
        if campus_after_comma(doc, p, a2, a - 1, toks.len()) == Some(b) {
            return a2;
        }
    }
    a
}

pub(super) fn run_backward_plain(doc: &Doc, p: usize, b: usize, lo: usize) -> usize {
    let toks = &doc.paras[p].toks;
    let mut a = b - 1;
    while a > lo && b - a < REACH {
        if is_name_word(&toks[a - 1]) {
            a -= 1;
            continue;
        }
        if toks[a - 1].is_punct('.')
            && a >= lo + 2
            && (toks[a - 2].has(lx::ABBREV | lx::TITLE) || is_initial(doc, &toks[a - 2]))
            && is_name_word(&toks[a - 2])
        {
            a -= 2;
            continue;
        }
        let w = doc.w(&toks[a - 1]);
        if w == "and"
            && a >= lo + 2
            && is_name_word(&toks[a - 2])
            && is_common_word(doc, &toks[a - 2])
            && toks[b - 1].has(lx::ORG_HEAD)
        {
            a -= 2;
            continue;
        }
        // "Leaders of the Dockworkers Union": the group noun is not part of
        // the name; the organisation speaks through them.
        if a >= lo + 2 && is_group_of(doc, &toks[a - 2]) && matches!(w, "of" | "the") {
            break;
        }
        if a >= lo + 3 && w == "the" && is_group_of(doc, &toks[a - 3]) {
            break;
        }
        // "the Centre for Rivers and Lakes": "and" inside the of/for part of
        // an organisation's name joins one more word.
        if w == "and"
            && b - a == 1
            && a >= lo + 2
            && is_name_word(&toks[a - 2])
            && !toks[a].has(lx::MALE | lx::FEMALE)
        {
            let a2 = run_backward_plain(doc, p, a - 1, lo);
            if has_org_of_part(doc, p, a2..a - 1) {
                a = a2;
                break;
            }
        }
        if toks[a - 1].is_word() && !toks[a - 1].cap && a >= lo + 2 {
            if names::is_run_connector(w) && is_name_word(&toks[a - 2]) {
                a -= 2;
                continue;
            }
            if w == "the"
                && a >= lo + 3
                && names::is_run_connector(doc.w(&toks[a - 2]))
                && is_name_word(&toks[a - 3])
            {
                a -= 3;
                continue;
            }
        }
        break;
    }
    a
}

/// An acronym in brackets right after `b`: `(RSZ)`.
pub(super) fn bracket_acronym(doc: &Doc, p: usize, b: usize) -> Option<usize> {
    let toks = &doc.paras[p].toks;
    if b + 2 < toks.len()
        && toks[b].is_punct('(')
        && toks[b + 2].is_punct(')')
        && toks[b + 1].is_word()
        && names::is_acronym(doc.w(&toks[b + 1]))
    {
        return Some(b + 1);
    }
    None
}

/// Extends an organisation's name back over commas and "and" while its
/// initials spell the acronym: "United Nations Educational, Scientific and
/// Cultural Organization (UNESCO)".
pub(super) fn expand_by_initials(
    doc: &Doc,
    p: usize,
    lo: usize,
    a: usize,
    b: usize,
    acr: &str,
) -> usize {
    let toks = &doc.paras[p].toks;
    let letters: Vec<char> = acr
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect();
    let mut caps: Vec<usize> = (a..b).filter(|&i| is_name_word(&toks[i])).collect();
    let mut k = a;
    while k > lo && caps.len() < letters.len() && a - k < REACH {
        let t = &toks[k - 1];
        let w = doc.w(t);
        if is_name_word(t) {
            caps.insert(0, k - 1);
        } else if !(t.is_punct(',')
            || w == "and"
            || w == "of"
            || w == "the"
            || w == "for"
            || w == "on")
        {
            break;
        }
        k -= 1;
    }
    let initials: Vec<char> = caps
        .iter()
        .filter_map(|&i| doc.w(&toks[i]).chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    if initials == letters {
        caps.first().copied().unwrap_or(a)
    } else {
        a
    }
}

/// Whether the run `r` holds an organisation's head followed by "of" or
/// "for" ("Department of", "Centre for"): inside that part of a name, "and"
/// joins words of the one name rather than two names.
pub(super) fn has_org_of_part(doc: &Doc, p: usize, r: Range<usize>) -> bool {
    let toks = &doc.paras[p].toks;
    r.into_iter().any(|c| {
        toks[c].cap
            && toks[c].has(lx::ORG_HEAD)
            && toks
                .get(c + 1)
                .is_some_and(|n| matches!(doc.w(n), "of" | "for"))
    })
}

/// A capitalised plural of people ("Leaders", "Members", "Officials")
/// that heads "X of the Organisation".
pub(super) fn is_group_of(doc: &Doc, t: &Tok) -> bool {
    t.is_word()
        && t.cap
        && t.has(lx::UNNAMED | lx::ROLE_NOUN)
        && !t.has(lx::TITLE)
        && doc.w(t).ends_with('s')
}

pub(super) fn is_segment_boundary(t: &Tok) -> bool {
    t.quoted
        || matches!(
            t.kind,
            Kind::QOpen | Kind::QClose | Kind::Punct(',' | ';' | ':' | '(' | ')' | '—' | '–')
        )
}

pub(super) fn span_text(doc: &Doc, p: usize, a: usize, b: usize) -> String {
    let toks = &doc.paras[p].toks;
    doc.text[toks[a].start..toks[b - 1].end].to_owned()
}
