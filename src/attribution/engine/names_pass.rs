//! Pass 1: every name of the article registered before attribution, with
//! roles from appositions and titles, places named as such, and gender
//! from the narration when the forename does not tell it.

use std::collections::HashMap;
use std::ops::Range;

use super::runs::{
    bracket_acronym, campus_after_comma, cap_runs, expand_by_initials, is_name_word,
    is_segment_boundary, run_backward_plain,
};
use super::sentence::Sentence;
use super::{Doc, REACH};
use crate::attribution::SourceKind;
use crate::attribution::lexicon as lx;
use crate::attribution::names::{self, CandKind, Gender};
use crate::attribution::tokens::Kind;

pub(super) fn collect_names(doc: &mut Doc) {
    let mut titled_singles: Vec<(usize, usize, usize, usize)> = Vec::new();
    for p in 0..doc.paras.len() {
        let sents = doc.paras[p].sentences.clone();
        let mut runs = Vec::new();
        for s in sents {
            note_places(doc, p, s.clone());
            for (a, b) in cap_runs(&Sentence::new(doc, p, s.clone())) {
                let cand = names::classify(&doc.paras[p].toks, doc.text, a, b);
                register_run(doc, p, s.clone(), a, b, &cand, &mut titled_singles);
                runs.push((a, b, cand));
            }
        }
        doc.runs.push(runs);
    }
    for (p, a, b, title_start) in titled_singles {
        let toks = &doc.paras[p].toks;
        let word = doc.w(&toks[b - 1]);
        if doc.ents.single(word).is_none() && doc.ents.full(word).is_none() {
            let name = doc.text[toks[title_start].start..toks[b - 1].end].to_owned();
            let cand = names::classify(toks, doc.text, title_start, b);
            let g = names::gender_of(toks, doc.text, &cand);
            let id = doc.ents.add(name, SourceKind::Person, g, toks[a].start);
            let title = doc.text[toks[title_start].start..toks[a].start]
                .trim()
                .to_owned();
            doc.ents.set_role(id, &title, false);
        }
    }
    infer_gender_from_context(doc);
    for (id, e) in doc.ents.list.iter().enumerate() {
        for w in &e.role_words {
            let v = doc.role_index.entry(w.clone()).or_default();
            if v.len() < 64 {
                v.push(id);
            }
        }
    }
}

/// A person whose forename and title say nothing of gender often shows it in
/// the narration: "Smith died at her home", "Jones said his office…". When a
/// sentence names exactly one person before its first third-person pronoun
/// (outside quotes), that pronoun is a vote for the person's gender; only an
/// unopposed majority decides, so one misleading sentence cannot.
pub(super) fn infer_gender_from_context(doc: &mut Doc) {
    let mut votes: HashMap<usize, (u32, u32)> = HashMap::new();
    for para in &doc.paras {
        let toks = &para.toks;
        for s in &para.sentences {
            let mut named: Option<usize> = None;
            let mut several = false;
            for t in &toks[s.clone()] {
                if !t.is_word() || t.quoted {
                    continue;
                }
                let w = doc.w(t);
                if t.cap {
                    if let Some(id) = doc.ents.single(w)
                        && doc.ents.list[id].kind == SourceKind::Person
                    {
                        several |= named.is_some_and(|n| n != id);
                        named = Some(id);
                    }
                    continue;
                }
                // The flags first: most words are no pronoun.
                let male = t.has(lx::PRON_HE) && matches!(w, "he" | "his" | "him");
                let female = t.has(lx::PRON_SHE) && matches!(w, "she" | "her" | "hers");
                if male || female {
                    if let (Some(id), false) = (named, several) {
                        let v = votes.entry(id).or_default();
                        if male {
                            v.0 += 1;
                        } else {
                            v.1 += 1;
                        }
                    }
                    break;
                }
            }
        }
    }
    for (id, (m, f)) in votes {
        let e = &mut doc.ents.list[id];
        if e.gender == Gender::Unknown {
            if m > 0 && f == 0 {
                e.gender = Gender::Male;
            } else if f > 0 && m == 0 {
                e.gender = Gender::Female;
            }
        }
    }
}

/// "Tarn region", "Velka city", "the city of Korvath": the word is a place.
pub(super) fn note_places(doc: &mut Doc, p: usize, s: Range<usize>) {
    let toks = &doc.paras[p].toks;
    for i in s.clone() {
        let t = &toks[i];
        if !t.is_word() || t.quoted {
            continue;
        }
        if t.cap {
            continue;
        }
        // The neighbours first: most words have no capital beside them,
        // and they are cheaper to look at than the list.
        let before = i > s.start && toks[i - 1].cap && toks[i - 1].is_word();
        let after = i + 2 < s.end && toks[i + 2].cap && doc.w(&toks[i + 1]) == "of";
        if (before || after) && lx::PLACE_NOUNS.contains(&doc.w(t)) {
            if before {
                doc.places.insert(names::fold(doc.w(&toks[i - 1])));
            }
            if after {
                doc.places.insert(names::fold(doc.w(&toks[i + 2])));
            }
        }
    }
}

pub(super) fn register_run(
    doc: &mut Doc,
    p: usize,
    s: Range<usize>,
    a: usize,
    b: usize,
    cand: &names::Cand,
    titled_singles: &mut Vec<(usize, usize, usize, usize)>,
) {
    let toks = &doc.paras[p].toks;
    let at = toks[a].start;
    match cand.kind {
        CandKind::Person => {
            let (na, nb) = (cand.name.start, cand.name.end);
            let words = (na..nb).filter(|&i| toks[i].is_word()).count();
            // "an Orlando Democrat", "a Boston lawyer": a name takes no
            // indefinite article; the run describes someone.
            let described = a > 0
                && toks[a - 1].is_word()
                && matches!(doc.w(&toks[a - 1]), "a" | "an")
                && na == a;
            if described {
                return;
            }
            if words >= 2 {
                let name = &doc.text[toks[na].start..toks[nb - 1].end];
                let g = names::gender_of(toks, doc.text, cand);
                let title = cand.title.clone().map(|t| {
                    doc.text[toks[t.start].start..toks[t.end - 1].end]
                        .trim()
                        .to_owned()
                });
                let roles = apposition_roles(doc, p, s, a, b);
                let id = doc.ents.add(name, SourceKind::Person, g, at);
                if let Some(t) = title {
                    doc.ents.set_role(id, &t, false);
                }
                for (r, strong) in roles {
                    doc.ents.set_role(id, &r, strong);
                }
            } else if let Some(t) = cand.title.clone() {
                titled_singles.push((p, na, nb, t.start));
            }
        }
        CandKind::Org => {
            let mut na = cand.name.start;
            let nb = cand.name.end;
            let acr = bracket_acronym(&Sentence::paragraph(doc, p), nb);
            if let Some(ai) = acr {
                let acr_text = doc.w(&doc.paras[p].toks[ai]);
                na = expand_by_initials(&Sentence::new(doc, p, s.clone()), na, nb, acr_text);
            }
            let toks = &doc.paras[p].toks;
            let name = &doc.text[toks[na].start..toks[nb - 1].end];
            let words = (na..nb).filter(|&i| toks[i].is_word()).count();
            if words >= 2 || acr.is_some() {
                let id = doc
                    .ents
                    .add(name, SourceKind::Organisation, Gender::Unknown, at);
                if let Some(ai) = acr {
                    let acr_text = doc.w(&doc.paras[p].toks[ai]).to_owned();
                    doc.ents.add_acronym(id, &acr_text);
                }
            }
        }
        _ => {}
    }
}

/// Roles from appositions around a name: `Velka’s mayor, X,` and
/// `X, governor of Tarn,`, and lower-case role words right before the
/// name (`military spokesperson X`). The bool marks the stronger kind.
pub(super) fn apposition_roles(
    doc: &Doc,
    p: usize,
    s: Range<usize>,
    a: usize,
    b: usize,
) -> Vec<(String, bool)> {
    let toks = &doc.paras[p].toks;
    let mut out = Vec::new();
    // After: ", role," or ", role." up to the next boundary.
    if b < s.end && toks[b].is_punct(',') {
        let mut e = b + 1;
        while e < s.end && !is_segment_boundary(&toks[e]) && e - b < REACH {
            e += 1;
        }
        let closed = e >= s.end || toks[e].is_punct(',') || toks[e].is_punct(')');
        if e > b + 1 && closed && is_role_like(doc, p, b + 1, e) {
            out.push((Sentence::paragraph(doc, p).text(b + 1, e).to_owned(), true));
        }
    }
    // Before: ", role, X" or "role, X" at a segment start.
    if a > s.start && toks[a - 1].is_punct(',') {
        let e = a - 1;
        let mut st = e;
        while st > s.start && !is_segment_boundary(&toks[st - 1]) && e - st < REACH {
            st -= 1;
        }
        // "University of Northland, Eastport's chancellor": the comma
        // inside a campus's name does not end the role.
        if st >= s.start + 2 && toks[st - 1].is_punct(',') && is_name_word(&toks[st - 2]) {
            let a2 = run_backward_plain(&Sentence::new(doc, p, s.clone()), st - 1);
            if campus_after_comma(&Sentence::new(doc, p, s.clone()), a2, st - 1)
                .is_some_and(|c| c > st)
            {
                st = a2;
            }
        }
        // "According to the council's treasurer, X": the cue is no part of
        // the role.
        if st + 2 < e
            && doc.w(&toks[st]).eq_ignore_ascii_case("according")
            && doc.w(&toks[st + 1]) == "to"
        {
            st += 2;
        }
        if st < e && is_role_like(doc, p, st, e) {
            out.push((Sentence::paragraph(doc, p).text(st, e).to_owned(), true));
        }
    }
    // Premodifiers: "Zarian military spokesperson X".
    if a > s.start && toks[a - 1].has(lx::ROLE_NOUN | lx::TITLE) && !toks[a - 1].cap {
        let mut st = a - 1;
        while st > s.start && a - st < 8 {
            let t = &toks[st - 1];
            if is_segment_boundary(t)
                || !(t.is_word() || t.kind == Kind::Poss)
                || t.has(lx::DET | lx::PREP | lx::CUE) && !t.cap
            {
                break;
            }
            st -= 1;
        }
        out.push((Sentence::paragraph(doc, p).text(st, a).to_owned(), false));
    }
    out
}

/// A segment reads as a role: starts with a determiner, a possessive or a
/// lower-case noun, and contains a role or title word.
pub(super) fn is_role_like(doc: &Doc, p: usize, a: usize, b: usize) -> bool {
    let toks = &doc.paras[p].toks;
    let first = &toks[a];
    if !first.is_word() {
        return false;
    }
    let fw = doc.w(first);
    if first.has(lx::PREP | lx::RELATIVE | lx::CUE | lx::ADV_SKIP)
        && !first.has(lx::DET)
        && !first.cap
    {
        return false;
    }
    if !first.cap && (fw.ends_with("ing") || lx::looks_past_verb(fw)) {
        return false;
    }
    let has_role =
        (a..b).any(|i| toks[i].has(lx::ROLE_NOUN | lx::TITLE) && (!toks[i].cap || i > a));
    let possessive = (a..b).any(|i| toks[i].kind == Kind::Poss);
    has_role || (possessive && (a..b).any(|i| toks[i].is_word() && !toks[i].cap))
}
