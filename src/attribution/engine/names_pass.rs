//! Pass 1: every name of the article registered before attribution, with
//! roles from appositions and titles, places named as such, and gender
//! from the narration when the forename does not tell it. Each sentence
//! is read through a `Sentence` view; what it finds is added to the
//! article's entities once the view is done with.

use std::collections::HashMap;
use std::ops::Range;

use super::runs::{
    bracket_acronym, campus_after_comma, cap_runs, expand_by_initials, is_name_word,
    is_segment_boundary, modifies_plural_head, run_backward_plain,
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
            let first = runs.len();
            let view = Sentence::new(doc, p, s.clone());
            runs.extend(
                cap_runs(&view)
                    .into_iter()
                    .map(|(a, b)| (a, b, view.classify(a, b))),
            );
            for (a, b, cand) in &runs[first..] {
                register_run(doc, p, s.clone(), *a, *b, cand, &mut titled_singles);
            }
        }
        doc.runs.push(runs);
    }
    for (p, a, b, title_start) in titled_singles {
        let s = Sentence::paragraph(doc, p);
        let word = s.word(b - 1);
        if doc.ents.single(word).is_none() && doc.ents.full(word).is_none() {
            // "President Roe", "Mr. Roe" with no full name anywhere: the
            // name is the surname, the title its role.
            let name = s.text(a, b).to_owned();
            let g = s.gender_of(&s.classify(title_start, b));
            // The title as written, up to the name.
            let (at, title) = (s.tok(a).start, s.tok(title_start).start);
            let title = doc.text[title..at].trim().to_owned();
            let id = doc.ents.add_surname(name, g, at);
            doc.ents.set_role(id, &title, false);
        }
    }
    acronyms_by_initials(doc);
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

/// "The Northland Farmers Union … the NFU said": an acronym the
/// article uses alone, never introduced in brackets, is the organisation
/// named in the article whose capitalised words' initials spell it. The
/// form the article writes more often is the name shown (the acronym on a
/// tie), the other an alias.
fn acronyms_by_initials(doc: &mut Doc) {
    // (entity, acronym's byte span, times the acronym is written, times
    // the full name is)
    let mut found: Vec<(usize, (usize, usize), usize, usize)> = Vec::new();
    for (p, runs) in doc.runs.iter().enumerate() {
        for (_, _, cand) in runs {
            let (na, nb) = (cand.name.start, cand.name.end);
            if nb != na + 1 || !matches!(cand.kind, CandKind::Org | CandKind::Single) {
                continue;
            }
            let t = &doc.paras[p].toks[na];
            let w = doc.w(t);
            if !names::is_acronym(w)
                || doc.ents.acronym(w).is_some()
                || doc.ents.full(w).is_some()
                || names::with_fold(w, lx::is_country)
            {
                continue;
            }
            let Some(id) = doc.ents.by_initials(w) else {
                continue;
            };
            if let Some(f) = found.iter_mut().find(|f| f.0 == id) {
                f.2 += 1;
            } else if found.len() < 64 {
                found.push((id, (t.start, t.end), 1, 0));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    for (p, runs) in doc.runs.iter().enumerate() {
        for (_, _, cand) in runs {
            let (na, nb) = (cand.name.start, cand.name.end);
            if cand.kind != CandKind::Org || nb <= na + 1 {
                continue;
            }
            let toks = &doc.paras[p].toks;
            if let Some(id) = doc.ents.full(&doc.text[toks[na].start..toks[nb - 1].end])
                && let Some(f) = found.iter_mut().find(|f| f.0 == id)
            {
                f.3 += 1;
            }
        }
    }
    for (id, (a, b), acronyms, fulls) in found {
        let text = doc.text;
        let acr = &text[a..b];
        doc.ents.add_acronym(id, acr);
        if acronyms >= fulls {
            doc.ents.show_alias(id, acr);
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
    for (p, para) in doc.paras.iter().enumerate() {
        for s in &para.sentences {
            let mut named: Option<usize> = None;
            let mut several = false;
            for t in Sentence::new(doc, p, s.clone()).toks() {
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
                let male = t.has(lx::PRON_HE);
                let female = t.has(lx::PRON_SHE);
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
    let s = Sentence::new(doc, p, s);
    let mut places = Vec::new();
    for i in s.indices() {
        let t = s.tok(i);
        if !t.is_word() || t.quoted || t.cap {
            continue;
        }
        // The neighbours first: most words have no capital beside them,
        // and they are cheaper to look at than the list.
        let before = s.prev(i).filter(|u| u.cap && u.is_word());
        let after = s.at(i + 2).filter(|u| u.cap && s.is(i + 1, "of"));
        if (before.is_some() || after.is_some()) && lx::PLACE_NOUNS.contains(&s.word(i)) {
            places.extend(
                before
                    .into_iter()
                    .chain(after)
                    .map(|u| names::fold(s.doc_word(u))),
            );
        }
    }
    // "SPRINGFIELD, Ill. —", "RIVERTON (AP) —": a dateline, capitals
    // opening a paragraph with a dash soon after, names where the story was
    // filed.
    if s.start() == 0 {
        let caps = s.forward_while(0, 4, |t| {
            t.is_word() && t.cap && s.doc_word(t).bytes().all(|c| c.is_ascii_uppercase())
        });
        let dash = (caps..caps + 8).any(|i| {
            s.beyond(i)
                .is_some_and(|t| matches!(t.kind, Kind::Punct('—' | '–' | '-')))
        });
        if caps > 0 && dash && s.at(caps).is_some_and(|t| !t.is_punct(':')) {
            places.extend((0..caps).map(|i| names::fold(s.word(i))));
        }
    }
    doc.places.extend(places);
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
    let s = Sentence::new(doc, p, s);
    // "Top Roe strategists said": the run modifies the noun after it.
    if modifies_plural_head(&s, a, b) {
        return;
    }
    let at = s.tok(a).start;
    match cand.kind {
        CandKind::Person => {
            let (na, nb) = (cand.name.start, cand.name.end);
            let words = s.word_count(na, nb);
            // "an Orlando Democrat", "a Boston lawyer": a name takes no
            // indefinite article; the run describes someone.
            let described = na == a
                && s.before(a)
                    .is_some_and(|t| t.is_word() && matches!(s.doc_word(t), "a" | "an"));
            if described {
                return;
            }
            if words >= 2 {
                let name = s.text(na, nb);
                let g = s.gender_of(cand);
                let title = cand
                    .title
                    .clone()
                    .map(|t| s.text(t.start, t.end).trim().to_owned());
                let roles = apposition_roles(&s, a, b);
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
            let nb = cand.name.end;
            let acr = bracket_acronym(&s, nb).map(|ai| s.word(ai));
            // "Northland Maritime, Coastal and Fisheries Agency
            // (NMCFA)": the acronym's initials say where the
            // name starts.
            let na = acr.map_or(cand.name.start, |acr| {
                expand_by_initials(&s, cand.name.start, nb, acr)
            });
            let name = s.text(na, nb);
            // "JOEL ROE" (a transcript's label, a name in capitals): a
            // forename first makes it a person's.
            let first = s.tok(na);
            if acr.is_none()
                && first.has(lx::FORENAME)
                && s.word_count(na, nb) <= 4
                && name.chars().all(|c| !c.is_lowercase())
            {
                let g = match (first.has(lx::MALE), first.has(lx::FEMALE)) {
                    (true, false) => Gender::Male,
                    (false, true) => Gender::Female,
                    _ => Gender::Unknown,
                };
                doc.ents.add(name, SourceKind::Person, g, at);
                return;
            }
            if s.word_count(na, nb) >= 2 || acr.is_some() {
                let id = doc
                    .ents
                    .add(name, SourceKind::Organisation, Gender::Unknown, at);
                if let Some(acr) = acr {
                    doc.ents.add_acronym(id, acr);
                }
            }
        }
        _ => {}
    }
}

/// Roles from appositions around the name `a..b`: `Velka’s mayor, X,` and
/// `X, governor of Tarn,`, and lower-case role words right before the
/// name (`military spokesperson X`). The bool marks the stronger kind.
pub(super) fn apposition_roles(s: &Sentence, a: usize, b: usize) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    // After: ", role," or ", role." up to the next boundary.
    if s.at(b).is_some_and(|t| t.is_punct(',')) {
        let e = s.forward_while(b + 1, REACH - 1, |t| !is_segment_boundary(t));
        let closed = s.at(e).is_none_or(|t| t.is_punct(',') || t.is_punct(')'));
        if e > b + 1 && closed && is_role_like(s, b + 1, e) {
            out.push((s.text(b + 1, e).to_owned(), true));
        }
    }
    // Before: ", role, X" or "role, X" at a segment start.
    if s.prev(a).is_some_and(|t| t.is_punct(',')) {
        let e = a - 1;
        let mut st = s.back_while(e, REACH, |t| !is_segment_boundary(t));
        // "University of Northland, Eastport's chancellor": the comma
        // inside a campus's name does not end the role.
        if s.prev(st).is_some_and(|t| t.is_punct(',')) && s.back(st, 2).is_some_and(is_name_word) {
            let a2 = run_backward_plain(s, st - 1);
            if campus_after_comma(s, a2, st - 1).is_some_and(|c| c > st) {
                st = a2;
            }
        }
        // "According to the council's treasurer, X": the cue is no part of
        // the role.
        if st + 2 < e && s.word(st).eq_ignore_ascii_case("according") && s.next_is(st, "to") {
            st += 2;
        }
        if st < e && is_role_like(s, st, e) {
            out.push((s.text(st, e).to_owned(), true));
        }
    }
    // Premodifiers: "Zarian military spokesperson X".
    if s.prev(a)
        .is_some_and(|t| t.has(lx::ROLE_NOUN | lx::TITLE) && !t.cap)
    {
        let st = s.back_while(a - 1, 7, |t| {
            !(is_segment_boundary(t)
                || !(t.is_word() || t.kind == Kind::Poss)
                || t.has(lx::DET | lx::PREP | lx::CUE) && !t.cap)
        });
        out.push((s.text(st, a).to_owned(), false));
    }
    out
}

/// A segment `a..b` reads as a role: starts with a determiner, a
/// possessive or a lower-case noun, and contains a role or title word.
pub(super) fn is_role_like(s: &Sentence, a: usize, b: usize) -> bool {
    let first = s.tok(a);
    if !first.is_word() {
        return false;
    }
    let fw = s.word(a);
    if first.has(lx::PREP | lx::RELATIVE | lx::CUE | lx::ADV_SKIP)
        && !first.has(lx::DET)
        && !first.cap
    {
        return false;
    }
    if !first.cap && (fw.ends_with("ing") || lx::looks_past_verb(fw)) {
        return false;
    }
    let seg = s.within(a..b).toks();
    // A role word; capitalised, only after the first word ("the Mayor").
    let has_role = seg
        .iter()
        .enumerate()
        .any(|(n, t)| t.has(lx::ROLE_NOUN | lx::TITLE) && (!t.cap || n > 0));
    let possessive = seg.iter().any(|t| t.kind == Kind::Poss);
    has_role || (possessive && seg.iter().any(|t| t.is_word() && !t.cap))
}
