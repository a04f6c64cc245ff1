//! The attribution pipeline.
//!
//! Pass 1 tokenises every paragraph and collects the article's names
//! (people, organisations, their roles and abbreviations), so that a
//! description like "the regional governor" can be resolved even when the
//! name only comes later. Pass 2 reads sentence by sentence, in order:
//! finds reporting cues outside quotations, the speaker of each (before the
//! cue, inverted after it, `according to X`, a passive `by X`, a colon
//! before a quote), resolves pronouns against what was read so far, and
//! attaches quote-only sentences and paragraphs to the speaker before them.
//!
//! Every backward or forward search is bounded by its sentence and by a
//! small constant, and every lookup is a hash or a bounded scan, so the
//! whole is linear in the article's length.

use std::collections::HashMap;
use std::ops::Range;

use super::gazetteer;
use super::lexicon::{self as lx, FastMap, FastSet, Flags};
use super::names::{self, CandKind, Entities, Gender};
use super::tokens::{self, Kind, Para, Tok};
use super::{Passage, PassageKind, Source, SourceKind, Sources};
use crate::model::article::Article;

/// Longest stretch of tokens a search may walk before giving up.
const REACH: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Ent(usize),
    /// A voice the text does not name ("officials", "the prime minister"
    /// with nobody to match); it still takes part in pronoun resolution.
    Unnamed,
    /// Not a source at all (a country, a place, nothing found).
    Skip,
}

/// A noun phrase found as a speaker, by token indices in the paragraph.
#[derive(Debug, Clone, Copy)]
enum Np {
    Run(usize, usize),
    Pron(usize),
    /// `start..=head`.
    Desc(usize, usize),
}

/// What a search before the cue found.
enum Before {
    Found(Vec<Np>),
    /// Nothing before the cue but a quote or the sentence start: the
    /// speaker comes after it (`“…,” said Smith`).
    Invert,
    Nothing,
}

struct Doc<'a> {
    text: &'a str,
    paras: Vec<Para>,
    ents: Entities,
    /// Words the article writes in lower case somewhere: a sentence-initial
    /// capital on one of them is not a name.
    lower: FastSet<&'a str>,
    /// Single words the article uses as places ("Tarn region", "city of X").
    places: FastSet<String>,
    role_index: FastMap<String, Vec<usize>>,
}

impl<'a> Doc<'a> {
    fn w(&self, t: &Tok) -> &'a str {
        &self.text[t.start..t.end]
    }
}

/// Recently read speakers and names, newest last, for pronouns. A person
/// is "strong" when known to be one: a speaker, a gendered forename or a
/// title. Weak ones (any two capitalised words) are a last resort.
#[derive(Default)]
struct Recent {
    persons: Vec<(Who, Gender, usize, bool)>,
    orgs: Vec<(Who, usize)>,
}

impl Recent {
    fn person(&mut self, who: Who, g: Gender, para: usize, strong: bool) {
        self.persons
            .retain(|(w, _, _, _)| *w != who || who == Who::Unnamed);
        self.persons.push((who, g, para, strong));
        if self.persons.len() > 8 {
            self.persons.remove(0);
        }
    }
    fn org(&mut self, who: Who, para: usize) {
        self.orgs.retain(|(w, _)| *w != who);
        self.orgs.push((who, para));
        if self.orgs.len() > 8 {
            self.orgs.remove(0);
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Attr {
    ent: usize,
    sent: usize,
    /// Byte offset of the speaker's mention, to order sources.
    pos: usize,
}

pub fn run(article: &Article, progress: &mut dyn FnMut(usize, usize) -> bool) -> Option<Sources> {
    let text = article.text();
    let n = article.paragraphs().len();
    let mut doc = Doc {
        text,
        paras: Vec::with_capacity(n),
        ents: Entities::default(),
        lower: FastSet::default(),
        places: FastSet::default(),
        role_index: FastMap::default(),
    };
    for (i, p) in article.paragraphs().iter().enumerate() {
        let para = tokens::tokenize(&text[p.span.clone()], p.span.start);
        for t in &para.toks {
            if t.is_word() && !t.cap && t.end - t.start <= 24 {
                doc.lower.insert(&text[t.start..t.end]);
            }
        }
        doc.paras.push(para);
        if !progress(i / 2, n) {
            return None;
        }
    }
    collect_names(&mut doc);
    let mut attrs: Vec<Vec<Attr>> = Vec::with_capacity(n);
    let mut recent = Recent::default();
    for p in 0..n {
        attrs.push(attribute_paragraph(&mut doc, p, &mut recent));
        if !progress((n + p).div_ceil(2), n) {
            return None;
        }
    }
    Some(build_sources(&doc, &attrs))
}

// ---------------------------------------------------------------- pass 1

fn collect_names(doc: &mut Doc) {
    let mut titled_singles: Vec<(usize, usize, usize, usize)> = Vec::new();
    for p in 0..doc.paras.len() {
        let sents = doc.paras[p].sentences.clone();
        for s in sents {
            note_places(doc, p, s.clone());
            for (a, b) in cap_runs(doc, p, s.clone()) {
                register_run(doc, p, s.clone(), a, b, &mut titled_singles);
            }
        }
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
fn infer_gender_from_context(doc: &mut Doc) {
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
                let male = matches!(w, "he" | "his" | "him");
                let female = matches!(w, "she" | "her" | "hers");
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
fn note_places(doc: &mut Doc, p: usize, s: Range<usize>) {
    let toks = &doc.paras[p].toks;
    for i in s.clone() {
        let t = &toks[i];
        if !t.is_word() || t.quoted {
            continue;
        }
        let w = doc.w(t);
        if !t.cap
            && matches!(
                w,
                "region"
                    | "city"
                    | "district"
                    | "province"
                    | "oblast"
                    | "county"
                    | "town"
                    | "village"
                    | "governorate"
                    | "prefecture"
            )
        {
            if i > s.start && toks[i - 1].cap && toks[i - 1].is_word() {
                doc.places.insert(names::fold(doc.w(&toks[i - 1])));
            }
            if i + 2 < s.end && doc.w(&toks[i + 1]) == "of" && toks[i + 2].cap {
                doc.places.insert(names::fold(doc.w(&toks[i + 2])));
            }
        }
    }
}

/// Capitalised runs outside quotes: `(start, end)` token indices.
fn cap_runs(doc: &Doc, p: usize, s: Range<usize>) -> Vec<(usize, usize)> {
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

fn is_acronym_like(word: &str) -> bool {
    names::is_acronym(word)
}

/// A capitalised word the article also writes in lower case ("Search").
fn is_common_word(doc: &Doc, t: &Tok) -> bool {
    let w = doc.w(t);
    w.len() <= 24 && doc.lower.contains(w.to_lowercase().as_str())
}

/// One capital letter: a middle initial ("H" in "Paul H. Roe").
fn is_initial(doc: &Doc, t: &Tok) -> bool {
    let mut cs = doc.w(t).chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

fn is_name_word(t: &Tok) -> bool {
    t.is_word() && t.cap && !t.quoted && !t.has(lx::MONTHDAY)
}

/// End (exclusive) of the capitalised run starting at `i`.
fn run_forward(doc: &Doc, p: usize, i: usize, end: usize) -> usize {
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
    b
}

/// Start of the capitalised run ending (exclusive) at `b`.
fn run_backward(doc: &Doc, p: usize, b: usize, lo: usize) -> usize {
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
            let a2 = run_backward(doc, p, a - 1, lo);
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
fn bracket_acronym(doc: &Doc, p: usize, b: usize) -> Option<usize> {
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
fn expand_by_initials(doc: &Doc, p: usize, lo: usize, a: usize, b: usize, acr: &str) -> usize {
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

fn register_run(
    doc: &mut Doc,
    p: usize,
    s: Range<usize>,
    a: usize,
    b: usize,
    titled_singles: &mut Vec<(usize, usize, usize, usize)>,
) {
    let cand = names::classify(&doc.paras[p].toks, doc.text, a, b);
    let toks = &doc.paras[p].toks;
    let at = toks[a].start;
    match cand.kind {
        CandKind::Person => {
            let (na, nb) = (cand.name.start, cand.name.end);
            let words = (na..nb).filter(|&i| toks[i].is_word()).count();
            if words >= 2 {
                let name = doc.text[toks[na].start..toks[nb - 1].end].to_owned();
                let g = names::gender_of(toks, doc.text, &cand);
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
            let acr = bracket_acronym(doc, p, nb);
            if let Some(ai) = acr {
                let acr_text = doc.w(&doc.paras[p].toks[ai]);
                na = expand_by_initials(doc, p, s.start, na, nb, acr_text);
            }
            let toks = &doc.paras[p].toks;
            let name = doc.text[toks[na].start..toks[nb - 1].end].to_owned();
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

fn is_segment_boundary(t: &Tok) -> bool {
    t.quoted
        || matches!(
            t.kind,
            Kind::QOpen | Kind::QClose | Kind::Punct(',' | ';' | ':' | '(' | ')' | '—' | '–')
        )
}

/// Roles from appositions around a name: `Velka’s mayor, X,` and
/// `X, governor of Tarn,`, and lower-case role words right before the
/// name (`military spokesperson X`). The bool marks the stronger kind.
fn apposition_roles(
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
            out.push((span_text(doc, p, b + 1, e), true));
        }
    }
    // Before: ", role, X" or "role, X" at a segment start.
    if a > s.start && toks[a - 1].is_punct(',') {
        let e = a - 1;
        let mut st = e;
        while st > s.start && !is_segment_boundary(&toks[st - 1]) && e - st < REACH {
            st -= 1;
        }
        if st < e && is_role_like(doc, p, st, e) {
            out.push((span_text(doc, p, st, e), true));
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
        out.push((span_text(doc, p, st, a), false));
    }
    out
}

fn span_text(doc: &Doc, p: usize, a: usize, b: usize) -> String {
    let toks = &doc.paras[p].toks;
    doc.text[toks[a].start..toks[b - 1].end].to_owned()
}

/// A segment reads as a role: starts with a determiner, a possessive or a
/// lower-case noun, and contains a role or title word.
fn is_role_like(doc: &Doc, p: usize, a: usize, b: usize) -> bool {
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

// ---------------------------------------------------------------- pass 2

fn attribute_paragraph(doc: &mut Doc, p: usize, recent: &mut Recent) -> Vec<Attr> {
    let sents = doc.paras[p].sentences.clone();
    let mut out: Vec<Attr> = Vec::new();
    for (si, s) in sents.iter().enumerate() {
        let mentions = sentence_mentions(doc, p, s.clone());
        let mut mi = 0;
        let cues = find_cues(doc, p, s.clone());
        let mut found: Vec<usize> = Vec::new();
        for (v, kind) in cues {
            let nps = speakers_of(doc, p, s.clone(), v, kind);
            for np in nps {
                let pos = match np {
                    Np::Run(a, _) | Np::Pron(a) | Np::Desc(a, _) => a,
                };
                while mi < mentions.len() && mentions[mi].0 < pos {
                    note_mention(doc, recent, p, mentions[mi].1, mentions[mi].2);
                    mi += 1;
                }
                let whos = plural_orgs(doc, p, np, recent)
                    .unwrap_or_else(|| vec![resolve(doc, p, s.clone(), np, recent)]);
                for who in whos {
                    let (g, is_org) = match who {
                        Who::Ent(id) => (
                            doc.ents.list[id].gender,
                            doc.ents.list[id].kind == SourceKind::Organisation,
                        ),
                        _ => (
                            Gender::Unknown,
                            matches!(np, Np::Desc(..)) && desc_is_org(doc, p, np),
                        ),
                    };
                    if is_org {
                        recent.org(who, p);
                    } else if who != Who::Skip {
                        recent.person(who, g, p, true);
                    }
                    if let Who::Ent(id) = who {
                        doc.ents.list[id].spoke = true;
                        doc.ents.list[id].last_seen = Some(doc.paras[p].toks[pos].start);
                        if !found.contains(&id) {
                            found.push(id);
                            out.push(Attr {
                                ent: id,
                                sent: si,
                                pos: doc.paras[p].toks[pos].start,
                            });
                        }
                    }
                }
            }
        }
        while mi < mentions.len() {
            note_mention(doc, recent, p, mentions[mi].1, mentions[mi].2);
            mi += 1;
        }
    }
    out
}

/// "The parties said", "both companies said": the two organisations read
/// last, when there are two in this or the previous paragraph.
fn plural_orgs(doc: &Doc, p: usize, np: Np, recent: &Recent) -> Option<Vec<Who>> {
    let Np::Desc(a, h) = np else { return None };
    let toks = &doc.paras[p].toks;
    let head = doc.w(&toks[h]).to_ascii_lowercase();
    let first = doc.w(&toks[a]).to_ascii_lowercase();
    if !matches!(head.as_str(), "parties" | "companies" | "firms" | "sides")
        || !matches!(first.as_str(), "the" | "both" | "two")
    {
        return None;
    }
    let two: Vec<Who> = recent
        .orgs
        .iter()
        .rev()
        .filter(|(w, q)| p - q <= 2 && matches!(w, Who::Ent(_)))
        .take(2)
        .map(|(w, _)| *w)
        .collect();
    (two.len() == 2).then_some(two)
}

fn note_mention(doc: &mut Doc, recent: &mut Recent, p: usize, id: usize, at: usize) {
    let e = &mut doc.ents.list[id];
    e.last_seen = Some(at);
    if e.kind == SourceKind::Organisation {
        recent.org(Who::Ent(id), p);
    } else {
        let strong = e.spoke || e.gender != Gender::Unknown || e.role.is_some();
        recent.person(Who::Ent(id), e.gender, p, strong);
    }
}

/// Known names in a sentence, in order: `(token index, entity, offset)`.
fn sentence_mentions(doc: &Doc, p: usize, s: Range<usize>) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for (a, b) in cap_runs(doc, p, s.clone()) {
        let toks = &doc.paras[p].toks;
        let cand = names::classify(toks, doc.text, a, b);
        let id = match cand.kind {
            CandKind::Person | CandKind::Org => {
                let name = &doc.text[toks[cand.name.start].start..toks[cand.name.end - 1].end];
                doc.ents.full(name).or_else(|| {
                    let words = cand.name.clone().filter(|&i| toks[i].is_word()).count();
                    if words == 1 {
                        doc.ents.single(name).or_else(|| doc.ents.acronym(name))
                    } else {
                        None
                    }
                })
            }
            CandKind::Single if !cand.name.is_empty() => {
                let name = doc.w(&toks[cand.name.start]);
                doc.ents
                    .acronym(name)
                    .or_else(|| doc.ents.full(name))
                    .or_else(|| doc.ents.single(name))
            }
            _ => None,
        };
        if let Some(id) = id {
            out.push((a, id, toks[a].start));
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    Verb,
    /// "according to X"
    According,
    /// A colon introducing a quote, with no verb cue.
    Colon,
    /// A dash after a closing quote: `” — Commissioner Jane Roe`.
    Dash,
}

fn find_cues(doc: &Doc, p: usize, s: Range<usize>) -> Vec<(usize, CueKind)> {
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
                    && matches!(
                        doc.w(&toks[k - 1]).to_ascii_lowercase().as_str(),
                        "a" | "an"
                            | "its"
                            | "his"
                            | "her"
                            | "their"
                            | "our"
                            | "this"
                            | "that"
                            | "each"
                            | "every"
                            | "another"
                            | "in"
                            | "on"
                            | "from"
                            | "via"
                    );
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

fn speakers_of(doc: &Doc, p: usize, s: Range<usize>, v: usize, kind: CueKind) -> Vec<Np> {
    let toks = &doc.paras[p].toks;
    match kind {
        CueKind::According => {
            // "according to Acme and the Daily Courier": each conjunct speaks.
            let mut out: Vec<Np> = Vec::new();
            let mut k = v + 2;
            while let Some(np) = np_after(doc, p, s.clone(), k) {
                let end = np_end(&np);
                out.push(np);
                if out.len() < 4
                    && end + 1 < s.end
                    && doc.w(&toks[end]) == "and"
                    && !toks[end].cap
                    && !toks[end].quoted
                {
                    k = end + 1;
                } else {
                    break;
                }
            }
            out
        }
        CueKind::Colon => sentence_subject(doc, p, s, v).into_iter().collect(),
        CueKind::Dash => np_after(doc, p, s, v + 1).into_iter().collect(),
        CueKind::Verb => {
            let vw = doc.w(&toks[v]);
            // Passive with an agent: "reported by X (and by Y)".
            if lx::is_participle(vw) && v + 1 < s.end && doc.w(&toks[v + 1]) == "by" {
                let mut out: Vec<Np> = np_after(doc, p, s.clone(), v + 2).into_iter().collect();
                let mut k = v + 2;
                while k + 2 < s.end && k - v < REACH {
                    if doc.w(&toks[k]) == "and" && doc.w(&toks[k + 1]) == "by" {
                        out.extend(np_after(doc, p, s.clone(), k + 2));
                    }
                    k += 1;
                }
                return out;
            }
            // A participle clause: ", saying …" belongs to the main subject.
            if vw.ends_with("ing") {
                if v > s.start && toks[v - 1].is_punct(',') {
                    return sentence_subject(doc, p, s, v).into_iter().collect();
                }
                return Vec::new();
            }
            let j = skip_back(doc, p, s.start, v);
            if j > s.start
                && toks[j - 1].has(lx::PASSIVE_AUX)
                && !toks[j - 1].cap
                && lx::is_participle(vw)
            {
                return Vec::new();
            }
            if j > s.start && toks[j - 1].has(lx::COORD) && !toks[j - 1].cap {
                // "She was tested and questioned": still passive.
                let mut k = j - 1;
                while k > s.start && j - k < 6 && toks[k - 1].is_word() {
                    if toks[k - 1].has(lx::PASSIVE_AUX) && lx::is_participle(vw) {
                        return Vec::new();
                    }
                    k -= 1;
                }
                return sentence_subject(doc, p, s, v).into_iter().collect();
            }
            match np_before(doc, p, s.start, j, 0) {
                Before::Found(v) => v,
                Before::Invert => np_after(doc, p, s, v + 1).into_iter().collect(),
                Before::Nothing => Vec::new(),
            }
        }
    }
}

/// "Springfield's first selectman, John Doe", "Acme, Ohio's chief Jane
/// Roe": after an owner's name (with an optional ", Place") come a
/// possessive, role words and a person's name; the person is the speaker,
/// the owner only says where they work.
fn owner_role_person(doc: &Doc, p: usize, end: usize, b: usize) -> Option<Np> {
    let toks = &doc.paras[p].toks;
    let mut q = b;
    if q + 1 < end && toks[q].is_punct(',') && is_name_word(&toks[q + 1]) {
        let b2 = run_forward(doc, p, q + 1, end);
        if toks.get(b2).is_some_and(|t| t.kind == Kind::Poss) {
            q = b2;
        }
    }
    if toks.get(q).is_none_or(|t| t.kind != Kind::Poss) {
        return None;
    }
    let mut k = q + 1;
    let mut roles = 0;
    while k < end && roles < 5 {
        let t = &toks[k];
        let role_word = t.is_word()
            && if t.cap {
                t.has(lx::TITLE | lx::ROLE_NOUN)
            } else {
                !t.has(lx::PREP | lx::CUE | lx::COORD | lx::RELATIVE)
            };
        if !role_word {
            break;
        }
        roles += 1;
        k += 1;
    }
    if roles == 0 {
        return None;
    }
    // A role the lexicon does not know still counts when an apposition
    // names the person: "Millbrook's first selectman, Edwin Harlow".
    if k + 1 < end && toks[k].is_punct(',') {
        k += 1;
    } else if !toks[k - 1].has(lx::ROLE_NOUN | lx::TITLE) {
        return None;
    }
    if k < end && is_name_word(&toks[k]) {
        let e = run_forward(doc, p, k, end);
        if names::classify(toks, doc.text, k, e).kind == CandKind::Person {
            return Some(Np::Run(k, e));
        }
    }
    None
}

/// Whether the run `r` holds an organisation's head followed by "of" or
/// "for" ("Department of", "Centre for"): inside that part of a name, "and"
/// joins words of the one name rather than two names.
fn has_org_of_part(doc: &Doc, p: usize, r: Range<usize>) -> bool {
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
fn is_group_of(doc: &Doc, t: &Tok) -> bool {
    t.is_word()
        && t.cap
        && t.has(lx::UNNAMED | lx::ROLE_NOUN)
        && !t.has(lx::TITLE)
        && doc.w(t).ends_with('s')
}

/// The token after a noun phrase.
fn np_end(np: &Np) -> usize {
    match *np {
        Np::Run(_, b) => b,
        Np::Pron(k) => k + 1,
        Np::Desc(_, h) => h + 1,
    }
}

fn is_ly(w: &str) -> bool {
    w.len() > 4 && w.ends_with("ly") && w.bytes().all(|b| b.is_ascii_lowercase())
}

fn is_time_word(doc: &Doc, t: &Tok) -> bool {
    let w = doc.w(t);
    t.has(lx::MONTHDAY)
        || w.bytes().all(|b| b.is_ascii_digit())
        || matches!(
            w,
            "week"
                | "month"
                | "year"
                | "night"
                | "morning"
                | "evening"
                | "afternoon"
                | "weekend"
                | "yesterday"
                | "today"
                | "tonight"
                | "day"
        )
}

/// Steps back over adverbs, auxiliaries and a time phrase ("on Tuesday")
/// between a subject and its verb. Returns the new exclusive end.
fn skip_back(doc: &Doc, p: usize, lo: usize, mut j: usize) -> usize {
    let toks = &doc.paras[p].toks;
    let mut guard = 0;
    while j > lo && guard < 12 {
        guard += 1;
        let t = &toks[j - 1];
        if t.quoted || !t.is_word() {
            break;
        }
        let w = doc.w(t);
        if !t.cap && (t.has(lx::ADV_SKIP | lx::AUX) || is_ly(w)) && !t.has(lx::PASSIVE_AUX) {
            j -= 1;
            continue;
        }
        if is_time_word(doc, t) {
            let mut k = j - 1;
            while k > lo
                && j - k < 5
                && toks[k - 1].is_word()
                && (is_time_word(doc, &toks[k - 1]) || toks[k - 1].has(lx::DET))
                && !toks[k - 1].has(lx::PREP)
            {
                k -= 1;
            }
            if k > lo && toks[k - 1].has(lx::PREP) && !toks[k - 1].cap {
                j = k - 1;
                continue;
            }
            if matches!(w, "yesterday" | "today" | "tonight") && !t.cap {
                j -= 1;
                continue;
            }
        }
        break;
    }
    j
}

/// The speaker noun phrase ending just before `j` (exclusive).
fn np_before(doc: &Doc, p: usize, lo: usize, j: usize, depth: usize) -> Before {
    let toks = &doc.paras[p].toks;
    if depth > 4 {
        return Before::Nothing;
    }
    let j = skip_back(doc, p, lo, j);
    if j <= lo {
        return Before::Invert;
    }
    let t = &toks[j - 1];
    if t.quoted || t.kind == Kind::QClose {
        return Before::Invert;
    }
    match t.kind {
        Kind::Punct(',') => comma_case(doc, p, lo, j - 1, depth),
        Kind::Punct(')') => {
            let mut k = j - 1;
            while k > lo && j - k < 16 && !toks[k].is_punct('(') {
                k -= 1;
            }
            if toks[k].is_punct('(') {
                // "X (ACR) said": the acronym names the speaker best.
                if k + 2 == j - 1 && toks[k + 1].is_word() && names::is_acronym(doc.w(&toks[k + 1]))
                {
                    let mut out = vec![Np::Run(k + 1, k + 2)];
                    if k > lo && is_name_word(&toks[k - 1]) {
                        let a = run_backward(doc, p, k, lo);
                        let a = expand_by_initials(doc, p, lo, a, k, doc.w(&toks[k + 1]));
                        out.extend(coordinated_before(doc, p, lo, a));
                    }
                    return Before::Found(out);
                }
                np_before(doc, p, lo, k, depth + 1)
            } else {
                Before::Nothing
            }
        }
        Kind::Word => {
            let w = doc.w(t);
            if !t.cap && matches!(w, "which" | "who") {
                let k = j - 1;
                let k = if k > lo && toks[k - 1].is_punct(',') {
                    k - 1
                } else {
                    k
                };
                // "drafted by Jane Roe, who said": "who" takes the name right
                // before it, even inside a prepositional phrase.
                // "Jane Roe, 31, who": over an age apposition.
                let m = if k >= lo + 3
                    && toks[k - 1].is_word()
                    && doc.w(&toks[k - 1]).bytes().all(|c| c.is_ascii_digit())
                    && toks[k - 2].is_punct(',')
                {
                    k - 2
                } else {
                    k
                };
                if w == "who" && m > lo && is_name_word(&toks[m - 1]) {
                    let a = run_backward(doc, p, m, lo);
                    if names::classify(toks, doc.text, a, m).kind == CandKind::Person {
                        return Before::Found(vec![Np::Run(a, m)]);
                    }
                }
                return np_before(doc, p, lo, k, depth + 1);
            }
            if matches!(
                w.to_ascii_lowercase().as_str(),
                "he" | "she" | "it" | "they" | "we" | "i" | "you"
            ) {
                return Before::Found(vec![Np::Pron(j - 1)]);
            }
            if is_name_word(t) {
                let a = run_backward(doc, p, j, lo);
                // "The post on Telegram said": the name is inside a
                // prepositional phrase and the subject stands before it,
                // unless that is a document or spokesperson of the name
                // ("a statement from the Ministry of X said").
                let mut q = a;
                if q > lo && doc.w(&toks[q - 1]) == "the" {
                    q -= 1;
                }
                if q > lo && toks[q - 1].is_word() && !toks[q - 1].cap {
                    let pw = doc.w(&toks[q - 1]);
                    if matches!(
                        pw,
                        "on" | "in"
                            | "at"
                            | "via"
                            | "from"
                            | "with"
                            | "by"
                            | "for"
                            | "of"
                            | "to"
                            | "into"
                            | "near"
                    ) {
                        let owned = q >= lo + 2
                            && (toks[q - 2].has(lx::SPOKES | lx::DOC_NOUN)
                                || is_group_of(doc, &toks[q - 2]))
                            && matches!(pw, "for" | "of" | "at" | "from" | "by");
                        if owned {
                            return Before::Found(vec![Np::Run(a, j)]);
                        }
                        return np_before(doc, p, lo, q - 1, depth + 1);
                    }
                }
                let mut out = vec![name_head(doc, p, lo, a, j)];
                // "Miller and Smith both acknowledged"
                if let Some(np) = coordinated_before(doc, p, lo, a) {
                    out.insert(0, np);
                }
                return Before::Found(out);
            }
            if t.has(lx::DET | lx::PREP | lx::RELATIVE | lx::CUE) && !t.cap {
                return Before::Nothing;
            }
            Before::Found(vec![desc_backward(doc, p, lo, j - 1)])
        }
        _ => Before::Nothing,
    }
}

/// The other half of "X and Y" when Y starts at `a`: a name or a
/// definite description ("the foreign minister and UNESCO").
fn coordinated_before(doc: &Doc, p: usize, lo: usize, a: usize) -> Option<Np> {
    let toks = &doc.paras[p].toks;
    let mut a = a;
    if a > lo && doc.w(&toks[a - 1]) == "the" {
        a -= 1;
    }
    if a < lo + 2 || doc.w(&toks[a - 1]) != "and" || toks[a - 2].quoted {
        return None;
    }
    let t = &toks[a - 2];
    if is_name_word(t) {
        let a2 = run_backward(doc, p, a - 1, lo);
        return Some(name_head(doc, p, lo, a2, a - 1));
    }
    if t.is_word()
        && !t.cap
        && t.has(lx::ROLE_NOUN | lx::ORG_DESC)
        && let Np::Desc(d, h) = desc_backward(doc, p, lo, a - 2)
        && doc.w(&toks[d]).eq_ignore_ascii_case("the")
    {
        return Some(Np::Desc(d, h));
    }
    None
}

/// Picks the head of a name run: "Anna Roe" in "Anna Roe of the
/// Vale Trust", and "X" in "X of victim group Y" when the run is Y.
fn name_head(doc: &Doc, p: usize, lo: usize, a: usize, b: usize) -> Np {
    let toks = &doc.paras[p].toks;
    for c in a + 1..b {
        let w = doc.w(&toks[c]);
        if !toks[c].cap && matches!(w, "of" | "from" | "for" | "at") {
            let left = names::classify(toks, doc.text, a, c);
            if left.kind == CandKind::Person {
                return Np::Run(a, c);
            }
            break;
        }
    }
    let cand = names::classify(toks, doc.text, a, b);
    if matches!(cand.kind, CandKind::Org | CandKind::Single) {
        // "Peter Roe of worldwide group Acme Watch said": the person heads it.
        let mut k = a;
        while k > lo
            && a - k < 6
            && toks[k - 1].is_word()
            && !toks[k - 1].cap
            && !toks[k - 1].has(lx::DET)
        {
            let w = doc.w(&toks[k - 1]);
            if matches!(w, "of" | "from" | "at") {
                if k - 1 > lo && is_name_word(&toks[k - 2]) {
                    let a2 = run_backward(doc, p, k - 1, lo);
                    let left = names::classify(toks, doc.text, a2, k - 1);
                    if left.kind == CandKind::Person {
                        return Np::Run(a2, k - 1);
                    }
                }
                break;
            }
            k -= 1;
        }
    }
    Np::Run(a, b)
}

/// A description ending at `h`: back over modifiers and possessives to its
/// determiner ("the regional governor", "Roe's animal charity").
fn desc_backward(doc: &Doc, p: usize, lo: usize, h: usize) -> Np {
    let toks = &doc.paras[p].toks;
    let mut a = h;
    while a > lo && h - a < 8 {
        let t = &toks[a - 1];
        if t.quoted {
            break;
        }
        if t.kind == Kind::Poss {
            a -= 1;
            continue;
        }
        if !t.is_word() {
            break;
        }
        if t.has(lx::DET) && (!t.cap || a - 1 == lo) && !is_name_word(t)
            || (t.has(lx::DET) && doc.w(t) == "The")
        {
            a -= 1;
            break;
        }
        if !t.cap
            && t.has(lx::PREP | lx::RELATIVE | lx::COORD | lx::CUE | lx::AUX | lx::PASSIVE_AUX)
        {
            break;
        }
        a -= 1;
    }
    Np::Desc(a, h)
}

/// The subject when a comma stands right before the verb (index `c`).
fn comma_case(doc: &Doc, p: usize, lo: usize, c: usize, depth: usize) -> Before {
    let toks = &doc.paras[p].toks;
    if c > lo && toks[c - 1].kind == Kind::QClose {
        return Before::Invert;
    }
    let mut b = c;
    while b > lo && !is_segment_boundary(&toks[b - 1]) && c - b < REACH {
        b -= 1;
    }
    if b == c {
        return Before::Nothing;
    }
    let after_comma = b > lo && toks[b - 1].is_punct(',');
    let first = &toks[b];
    let fw = doc.w(first);
    // A relative clause inside: "Acme Paper which makes Softo".
    let rel = (b + 1..c).find(|&i| !toks[i].cap && matches!(doc.w(&toks[i]), "which" | "who"));
    if !first.cap && fw == "and" {
        let end = rel.unwrap_or(c);
        let mut out = Vec::new();
        if let Before::Found(v) = np_before(doc, p, lo, b, depth + 1) {
            out.extend(v);
        }
        if end > b + 1 && is_name_word(&toks[end - 1]) {
            let a = run_backward(doc, p, end, b + 1);
            out.push(name_head(doc, p, b + 1, a, end));
        }
        return if out.is_empty() {
            Before::Nothing
        } else {
            Before::Found(out)
        };
    }
    let parenthetical = !first.cap
        && (first.has(lx::PREP | lx::RELATIVE | lx::ADV_SKIP) && !first.has(lx::DET)
            || fw.ends_with("ing")
            || lx::looks_past_verb(fw)
            || is_ly(fw));
    if parenthetical {
        return if after_comma {
            np_before(doc, p, lo, b - 1, depth + 1)
        } else {
            Before::Nothing
        };
    }
    // "Jane Roe, a rapporteur for the Office of X who had studied the case,
    // cautioned": an apposition after a name, whose relative clause belongs
    // to the person, not to the organisation it ends on.
    if after_comma
        && rel.is_some()
        && !first.cap
        && matches!(fw, "a" | "an")
        && let Before::Found(v) = np_before(doc, p, lo, b - 1, depth + 1)
    {
        return Before::Found(v);
    }
    if let Some(r) = rel
        && is_name_word(&toks[r - 1])
    {
        let a = run_backward(doc, p, r, b);
        return Before::Found(vec![name_head(doc, p, b, a, r)]);
    }
    let all_name = (b..c).all(|i| {
        is_name_word(&toks[i])
            || (toks[i].is_word() && names::is_run_connector(doc.w(&toks[i])) && !toks[i].cap)
            || doc.w(&toks[i]) == "the" && i > b
    }) && is_name_word(&toks[c - 1]);
    if all_name {
        let cand = names::classify(toks, doc.text, b, c);
        if !matches!(
            cand.kind,
            CandKind::TitleOnly | CandKind::Country | CandKind::Place
        ) {
            return Before::Found(vec![name_head(doc, p, b, b, c)]);
        }
    }
    if after_comma && let Before::Found(v) = np_before(doc, p, lo, b - 1, depth + 1) {
        return Before::Found(v);
    }
    // The segment itself is the speaker: a description or title.
    if is_name_word(&toks[c - 1]) {
        let a = run_backward(doc, p, c, b);
        return Before::Found(vec![Np::Run(a, c)]);
    }
    if toks[c - 1].is_word() {
        return Before::Found(vec![desc_backward(doc, p, b, c - 1)]);
    }
    Before::Nothing
}

/// The speaker after a cue: `said Smith`, `according to the governor`,
/// `by The Daily Courier`, `according to a report by X`.
fn np_after(doc: &Doc, p: usize, s: Range<usize>, mut k: usize) -> Option<Np> {
    let toks = &doc.paras[p].toks;
    let start = k;
    while k < s.end && k - start < 12 {
        let t = &toks[k];
        if t.quoted || !t.is_word() {
            return None;
        }
        let w = doc.w(t);
        if !t.cap && (t.has(lx::ADV_SKIP) || is_ly(w)) && !t.has(lx::DET) {
            k += 1;
            continue;
        }
        if matches!(
            w.to_ascii_lowercase().as_str(),
            "he" | "she" | "it" | "they" | "him" | "her" | "them"
        ) && !t.cap
            || matches!(w, "He" | "She" | "It" | "They")
        {
            return Some(Np::Pron(k));
        }
        if is_name_word(t) && !t.has(lx::DET) {
            let b = run_forward(doc, p, k, s.end);
            if let Some(person) = owner_role_person(doc, p, s.end, b) {
                return Some(person);
            }
            let modifier = toks.get(b).is_some_and(|n| {
                n.is_word()
                    && !n.cap
                    && !n.has(lx::PREP | lx::RELATIVE | lx::AUX | lx::COORD | lx::PASSIVE_AUX)
                    && (!n.has(lx::CUE) || n.has(lx::CUE_NOUNISH))
                    && !is_ly(doc.w(n))
            });
            // "Zarian state media": the name only modifies a description.
            if !modifier {
                return Some(name_head(doc, p, s.start, k, b));
            }
        }
        // A description: collect to its head.
        let mut h = k;
        let mut e = k;
        while e < s.end && e - k < 8 {
            let t = &toks[e];
            if !t.is_word() && t.kind != Kind::Poss || t.quoted {
                break;
            }
            let w = doc.w(t);
            if e > k
                && !t.cap
                && (t.has(lx::PREP | lx::RELATIVE | lx::AUX | lx::PASSIVE_AUX | lx::COORD)
                    || t.has(lx::CUE) && !t.has(lx::DOC_NOUN | lx::SPOKES))
            {
                break;
            }
            if is_name_word(t) && !t.has(lx::DET) {
                // "an Acme spokesperson", "the Zarian Press Agency"
                let b = run_forward(doc, p, e, s.end);
                let after = toks.get(b);
                if after.is_some_and(|n| n.is_word() && !n.cap && n.has(lx::SPOKES | lx::DOC_NOUN))
                {
                    // "a Facebook post by Jane Roe": the author, not the platform.
                    if b + 2 < s.end && doc.w(&toks[b + 1]) == "by" {
                        return np_after(doc, p, s, b + 2);
                    }
                    return Some(Np::Run(e, b));
                }
                if b >= s.end
                    || after.is_some_and(|n| {
                        !n.is_word()
                            || n.has(
                                lx::PREP | lx::RELATIVE | lx::AUX | lx::COORD | lx::PASSIVE_AUX,
                            )
                            || n.has(lx::CUE) && !n.has(lx::CUE_NOUNISH)
                    })
                {
                    return Some(name_head(doc, p, s.start, e, b));
                }
                e = b;
                h = b - 1;
                continue;
            }
            // "a survey published last year by X": a participle ends the
            // document's description; its agent follows "by".
            if e > k && !t.cap && toks[h].has(lx::DOC_NOUN | lx::SPOKES) && lx::looks_past_verb(w) {
                if let Some(by) = (e + 1..s.end.min(e + 8))
                    .take_while(|&i| toks[i].is_word() && !toks[i].quoted)
                    .find(|&i| doc.w(&toks[i]) == "by")
                {
                    return np_after(doc, p, s, by + 1);
                }
                break;
            }
            h = e;
            e += 1;
        }
        // "a report by X", "data from the Y", "a spokesman for Z": the
        // document's author or the spokesperson's employer speaks.
        if toks[h].has(lx::DOC_NOUN | lx::SPOKES)
            && e + 1 < s.end
            && matches!(doc.w(&toks[e]), "by" | "from" | "of" | "for" | "at")
        {
            return np_after(doc, p, s, e + 1);
        }
        return Some(Np::Desc(k, h));
    }
    None
}

/// The first noun phrase of the sentence, after an introductory phrase.
fn sentence_subject(doc: &Doc, p: usize, s: Range<usize>, limit: usize) -> Option<Np> {
    let toks = &doc.paras[p].toks;
    let mut k = s.start;
    // Skip an introduction up to its comma: "In a statement, the SDF said".
    if let Some(first) = toks.get(k)
        && first.is_word()
        && (first.has(lx::PREP | lx::ADV_SKIP)
            || is_ly(&doc.w(first).to_ascii_lowercase())
            || first.has(lx::FUNC) && !first.has(lx::DET))
        && !matches!(
            doc.w(first).to_ascii_lowercase().as_str(),
            "he" | "she" | "it" | "they"
        )
        && let Some(c) = (k..limit).find(|&i| toks[i].is_punct(',') && !toks[i].quoted)
    {
        k = c + 1;
    }
    while k < limit && k - s.start < REACH {
        let t = &toks[k];
        if t.quoted || !t.is_word() {
            k += 1;
            continue;
        }
        let lw = doc.w(t).to_ascii_lowercase();
        if matches!(lw.as_str(), "he" | "she" | "it" | "they") {
            return Some(Np::Pron(k));
        }
        if is_name_word(t) && !t.has(lx::DET) {
            let b = run_forward(doc, p, k, limit);
            // "The agency's statement" / "Acme's chief": stop at a possessive.
            return Some(name_head(doc, p, s.start, k, b));
        }
        if t.has(lx::DET) {
            let mut h = k + 1;
            while h + 1 < limit
                && toks[h + 1].is_word()
                && !toks[h + 1].has(
                    lx::PREP
                        | lx::CUE
                        | lx::AUX
                        | lx::PASSIVE_AUX
                        | lx::RELATIVE
                        | lx::COORD
                        | lx::ADV_SKIP,
                )
                && h - k < 6
            {
                h += 1;
            }
            if h < limit && toks[h].is_word() {
                if is_name_word(&toks[h]) {
                    let a = run_backward(doc, p, h + 1, k + 1);
                    return Some(Np::Run(a, h + 1));
                }
                return Some(Np::Desc(k, h));
            }
            return None;
        }
        return None;
    }
    None
}

// ------------------------------------------------------------ resolution

fn desc_is_org(doc: &Doc, p: usize, np: Np) -> bool {
    let Np::Desc(_, h) = np else { return false };
    let t = &doc.paras[p].toks[h];
    t.has(lx::ORG_DESC) || t.has(lx::SPOKES)
}

fn resolve(doc: &mut Doc, p: usize, s: Range<usize>, np: Np, recent: &Recent) -> Who {
    match np {
        Np::Run(a, b) => resolve_run(doc, p, a, b, true),
        Np::Pron(i) => {
            let w = doc.w(&doc.paras[p].toks[i]).to_ascii_lowercase();
            match w.as_str() {
                "he" | "him" => pick_person(recent, Gender::Male),
                "she" | "her" => pick_person(recent, Gender::Female),
                "it" => recent
                    .orgs
                    .last()
                    .filter(|(_, q)| p - q <= 2)
                    .map_or(Who::Skip, |(w, _)| *w),
                "they" | "them" => recent
                    .orgs
                    .last()
                    .filter(|(_, q)| p - q <= 1)
                    .map_or(Who::Skip, |(w, _)| *w),
                _ => Who::Skip,
            }
        }
        Np::Desc(a, h) => resolve_desc(doc, p, s, a, h, recent),
    }
}

fn pick_person(recent: &Recent, g: Gender) -> Who {
    let compatible = |eg: Gender| eg == g || eg == Gender::Unknown;
    let strong = recent
        .persons
        .iter()
        .rev()
        .find(|(_, eg, _, st)| *st && compatible(*eg));
    let any = || {
        recent
            .persons
            .iter()
            .rev()
            .find(|(_, eg, _, _)| compatible(*eg))
    };
    strong.or_else(any).map_or(Who::Skip, |(w, _, _, _)| *w)
}

fn resolve_run(doc: &mut Doc, p: usize, a: usize, b: usize, create: bool) -> Who {
    let toks = &doc.paras[p].toks;
    if let Some(ai) = bracket_acronym(doc, p, b)
        && let Some(id) = doc.ents.acronym(doc.w(&toks[ai]))
    {
        return Who::Ent(id);
    }
    let cand = names::classify(toks, doc.text, a, b);
    let (na, nb) = (cand.name.start, cand.name.end);
    if na >= nb {
        return Who::Skip;
    }
    let name = doc.text[toks[na].start..toks[nb - 1].end].to_owned();
    let words = (na..nb).filter(|&i| toks[i].is_word()).count();
    let at = toks[a].start;
    match cand.kind {
        // "Jordan said" after "Mia Jordan": a person's surname that is also
        // a country's or a place's name is the person.
        CandKind::Country | CandKind::Place if words == 1 => known_person(doc, &name),
        CandKind::Country | CandKind::Place => Who::Skip,
        CandKind::TitleOnly => {
            let words: Vec<String> = (na..nb)
                .filter(|&i| toks[i].is_word())
                .map(|i| names::fold(doc.w(&toks[i])))
                .collect();
            resolve_role(doc, p, None, &words, at)
        }
        CandKind::Person if words >= 2 => {
            let g = names::gender_of(toks, doc.text, &cand);
            match doc.ents.full(&name) {
                Some(id) => Who::Ent(id),
                None if create => Who::Ent(doc.ents.add(name, SourceKind::Person, g, at)),
                None => Who::Skip,
            }
        }
        CandKind::Org if words >= 2 => match doc.ents.full(&name) {
            Some(id) => Who::Ent(id),
            None if create => {
                Who::Ent(
                    doc.ents
                        .add(name, SourceKind::Organisation, Gender::Unknown, at),
                )
            }
            None => Who::Skip,
        },
        _ => resolve_single(doc, p, na, nb, cand.titled, create),
    }
}

/// A person already named whose surname is `word`, else `Skip`.
fn known_person(doc: &Doc, word: &str) -> Who {
    match doc.ents.single(word) {
        Some(id) if doc.ents.list[id].kind == SourceKind::Person => Who::Ent(id),
        _ => Who::Skip,
    }
}

fn resolve_single(
    doc: &mut Doc,
    p: usize,
    na: usize,
    nb: usize,
    titled: bool,
    create: bool,
) -> Who {
    let toks = &doc.paras[p].toks;
    let t = &toks[nb - 1];
    let word = doc.w(t);
    let folded = names::fold(word);
    if let Who::Ent(id) = known_person(doc, word) {
        return Who::Ent(id);
    }
    if lx::is_country(&folded) || doc.places.contains(&folded) || t.has(lx::DEMONYM) {
        return Who::Skip;
    }
    if let Some(id) = doc
        .ents
        .acronym(word)
        .or_else(|| doc.ents.full(word))
        .or_else(|| doc.ents.single(word))
    {
        return Who::Ent(id);
    }
    // "The Department said" after "the Springfield Department of Parks":
    // a bare head word with "the" points back to the full name.
    if !titled
        && na == nb - 1
        && t.has(lx::ORG_HEAD | lx::ORG_DESC)
        && nb >= 2
        && doc.w(&toks[nb - 2]).eq_ignore_ascii_case("the")
    {
        let head = folded.as_str();
        let earlier = doc
            .ents
            .list
            .iter()
            .enumerate()
            .take(4096)
            .rev()
            .find(|(_, e)| {
                e.kind == SourceKind::Organisation
                    && e.words.len() >= 2
                    && e.words.iter().any(|w| w == head)
            });
        if let Some((id, _)) = earlier {
            return Who::Ent(id);
        }
    }
    if t.has(lx::UNNAMED | lx::ROLE_NOUN | lx::FUNC | lx::MONTHDAY) && !titled {
        return Who::Unnamed;
    }
    let sentence_initial = doc.paras[p].sentences.iter().any(|s| s.start == nb - 1);
    // "Supporters said", "Economists warned": a plural common noun.
    let lw = word.to_ascii_lowercase();
    if sentence_initial
        && !titled
        && ["ers", "ists", "ians", "ents", "ants", "ors", "ees"]
            .iter()
            .any(|e| lw.ends_with(e))
        && !is_acronym_like(word)
    {
        return Who::Unnamed;
    }
    if sentence_initial && doc.lower.contains(word.to_lowercase().as_str()) {
        return Who::Skip;
    }
    // "his wife Mary said": a lone forename is a person, even one that is
    // also a city's name; any other lone place is no source.
    let forename = !titled
        && t.has(lx::FORENAME)
        && !is_acronym_like(word)
        && !doc.lower.contains(word.to_lowercase().as_str());
    if !titled && !forename && gazetteer::is_place(&folded) {
        return Who::Skip;
    }
    if !create {
        return Who::Skip;
    }
    let start = if titled { na } else { nb - 1 };
    let name = doc.text[toks[start].start..t.end].to_owned();
    let (kind, gender) = if titled {
        (SourceKind::Person, Gender::Unknown)
    } else if forename {
        let g = match (t.has(lx::MALE), t.has(lx::FEMALE)) {
            (true, false) => Gender::Male,
            (false, true) => Gender::Female,
            _ => Gender::Unknown,
        };
        (SourceKind::Person, g)
    } else {
        (SourceKind::Organisation, Gender::Unknown)
    };
    let at = toks[start].start;
    Who::Ent(doc.ents.add(name, kind, gender, at))
}

fn resolve_desc(
    doc: &mut Doc,
    p: usize,
    s: Range<usize>,
    a: usize,
    h: usize,
    recent: &Recent,
) -> Who {
    let toks = &doc.paras[p].toks;
    let head = &toks[h];
    let hw = names::fold(doc.w(head));
    let first = doc.w(&toks[a]).to_ascii_lowercase();
    let poss = (a..h).rev().find(|&i| toks[i].kind == Kind::Poss);
    let definite =
        matches!(first.as_str(), "the" | "its" | "their" | "his" | "her") || poss.is_some();
    let mods: Vec<String> = (a..h)
        .filter(|&i| toks[i].is_word() && !toks[i].has(lx::DET))
        .map(|i| names::fold(doc.w(&toks[i])))
        .collect();
    // A capitalised modifier names the owner: "an Acme spokesperson".
    let cap_mod = (a..h)
        .rev()
        .find(|&i| is_name_word(&toks[i]) && !toks[i].has(lx::DET) && poss.is_none_or(|q| i > q));
    if head.has(lx::SPOKES) {
        if let Some(q) = poss {
            // "The chain's press release", "Acme’s spokesperson"
            if q > a && is_name_word(&toks[q - 1]) {
                let ra = run_backward(doc, p, q, a);
                return resolve_run(doc, p, ra, q, true);
            }
            if q > a {
                return resolve_desc(doc, p, s, a, q - 1, recent);
            }
        }
        if let Some(c) = cap_mod {
            let ra = run_backward(doc, p, c + 1, a);
            return resolve_run(doc, p, ra, c + 1, true);
        }
        if head.has(lx::ORG_DESC) && definite {
            return org_by_head(doc, p, &hw, None, recent);
        }
        return Who::Unnamed;
    }
    if head.has(lx::ORG_DESC) && (definite || cap_mod.is_some()) {
        if let Some(q) = poss
            && q > a
            && is_name_word(&toks[q - 1])
        {
            // "Roe's animal charity": an organisation named by its owner.
            let owner = names::fold(doc.w(&toks[q - 1]));
            if let Some(id) = org_with_words(doc, &[hw.as_str(), owner.as_str()]) {
                return Who::Ent(id);
            }
            let name = doc.text[toks[a].start..head.end].to_owned();
            return Who::Ent(doc.ents.add(
                name,
                SourceKind::Organisation,
                Gender::Unknown,
                toks[a].start,
            ));
        }
        if let Some(c) = cap_mod {
            // "the Zarian movement": a name made of modifier and head.
            let ra = run_backward(doc, p, c + 1, a);
            let name = doc.text[toks[ra].start..head.end].to_owned();
            if let Some(id) = doc.ents.full(&name) {
                return Who::Ent(id);
            }
            let cand = names::classify(toks, doc.text, ra, c + 1);
            if cand.kind == CandKind::Country {
                return Who::Skip;
            }
            return Who::Ent(doc.ents.add(
                name,
                SourceKind::Organisation,
                Gender::Unknown,
                toks[ra].start,
            ));
        }
        return org_by_head(doc, p, &hw, None, recent);
    }
    if head.has(lx::ROLE_NOUN | lx::TITLE) && definite && !head.has(lx::UNNAMED) {
        let mut words = mods.clone();
        words.push(hw);
        let places: Vec<String> = s
            .clone()
            .filter(|&i| is_name_word(&toks[i]) && !toks[i].has(lx::FUNC))
            .map(|i| names::fold(doc.w(&toks[i])))
            .collect();
        return resolve_role(doc, p, Some(&places), &words, toks[a].start);
    }
    Who::Unnamed
}

fn org_with_words(doc: &Doc, words: &[&str]) -> Option<usize> {
    doc.ents.list.iter().take(4096).position(|e| {
        e.kind == SourceKind::Organisation && words.iter().all(|w| e.words.iter().any(|x| x == w))
    })
}

/// "the agency": the latest organisation whose name has that word, else the
/// latest organisation read in this or the previous paragraph.
fn org_by_head(doc: &Doc, p: usize, head: &str, _owner: Option<&str>, recent: &Recent) -> Who {
    let mut best: Option<(usize, Option<usize>)> = None;
    for (id, e) in doc.ents.list.iter().enumerate().take(4096) {
        if e.kind == SourceKind::Organisation && e.words.iter().any(|w| w == head) {
            let seen = e.last_seen;
            if best.is_none_or(|(_, s)| seen > s) {
                best = Some((id, seen));
            }
        }
    }
    if let Some((id, _)) = best {
        return Who::Ent(id);
    }
    // "the paper" prefers a news outlet among recent names; "the company",
    // "the chain" never means one.
    let media_word = matches!(
        head,
        "paper"
            | "newspaper"
            | "outlet"
            | "broadcaster"
            | "channel"
            | "magazine"
            | "daily"
            | "tabloid"
    );
    let business_word = matches!(
        head,
        "company"
            | "firm"
            | "chain"
            | "retailer"
            | "business"
            | "group"
            | "bank"
            | "airline"
            | "carrier"
            | "operator"
            | "manufacturer"
            | "maker"
            | "supermarket"
            | "giant"
            | "conglomerate"
            | "insurer"
            | "lender"
    );
    let is_media = |w: &Who| matches!(w, Who::Ent(id) if doc.ents.list[*id].media);
    let pick = recent.orgs.iter().rev().find(|(w, q)| {
        p - q <= 1 && (!media_word || is_media(w)) && !(business_word && is_media(w))
    });
    if let Some((w, _)) = pick {
        return *w;
    }
    if media_word {
        return Who::Unnamed;
    }
    match recent.orgs.last() {
        Some((w, q)) if p - q <= 1 && !(business_word && is_media(w)) => *w,
        _ => Who::Unnamed,
    }
}

/// "the regional governor", "The President": the person whose role shares
/// the description's words, preferring one whose role names a place in the
/// same sentence, then the nearest mention.
fn resolve_role(
    doc: &Doc,
    _p: usize,
    places: Option<&[String]>,
    words: &[String],
    at: usize,
) -> Who {
    let Some(head) = words.last() else {
        return Who::Unnamed;
    };
    let Some(cands) = doc.role_index.get(head) else {
        return Who::Unnamed;
    };
    const RANKS: &[&str] = &[
        "vice",
        "deputy",
        "former",
        "ex",
        "acting",
        "assistant",
        "interim",
        "first",
        "prime",
    ];
    let mut best: Option<(i32, usize)> = None;
    for &id in cands {
        let e = &doc.ents.list[id];
        if e.kind != SourceKind::Person {
            continue;
        }
        let mut score = 0i32;
        for m in &words[..words.len() - 1] {
            if e.role_words.iter().any(|r| r == m) {
                score += 2;
            }
        }
        for r in &e.role_words {
            if RANKS.contains(&r.as_str()) && !words.iter().any(|w| w == r) {
                score -= 3;
            }
        }
        if let Some(pl) = places
            && e.role_words.iter().any(|r| pl.iter().any(|x| x == r))
        {
            score += 3;
        }
        // Nearer mentions win ties; one already read beats one to come.
        let dist = match e.last_seen {
            Some(s) if s <= at => at - s,
            _ => usize::MAX / 2 + e.first_seen.abs_diff(at),
        };
        let key = score * 4;
        match best {
            Some((bs, bid)) => {
                let bd = match doc.ents.list[bid].last_seen {
                    Some(s) if s <= at => at - s,
                    _ => usize::MAX / 2 + doc.ents.list[bid].first_seen.abs_diff(at),
                };
                if key > bs || key == bs && dist < bd {
                    best = Some((key, id));
                }
            }
            None => best = Some((key, id)),
        }
    }
    match best {
        Some((s, id)) if s >= 0 => Who::Ent(id),
        _ => Who::Unnamed,
    }
}

// --------------------------------------------------------------- output

fn build_sources(doc: &Doc, attrs: &[Vec<Attr>]) -> Sources {
    // (entity, paragraph) -> (span, quote)
    let mut per: HashMap<usize, Vec<Passage>> = HashMap::new();
    let mut order: Vec<(usize, usize)> = Vec::new();
    let mut prev_last: Option<(usize, bool)> = None;
    let mut first_pos: HashMap<usize, usize> = HashMap::new();
    for a in attrs.iter().flatten() {
        first_pos.entry(a.ent).or_insert(a.pos);
    }
    for (p, para_attrs) in attrs.iter().enumerate() {
        let para = &doc.paras[p];
        let ns = para.sentences.len();
        // Which entity each sentence belongs to; quote-only sentences
        // inherit the speaker before them.
        let mut owner: Vec<Vec<usize>> = vec![Vec::new(); ns];
        for a in para_attrs {
            if a.sent < ns {
                owner[a.sent].push(a.ent);
            }
        }
        let quote_only = |si: usize| -> bool {
            let r = &para.sentences[si];
            para.toks
                .get(r.start)
                .is_some_and(|t| t.kind == Kind::QOpen)
        };
        let mut last: Option<usize> = None;
        if para_attrs.is_empty()
            && para.opens_with_quote
            && let Some((e, quoted)) = prev_last
            && quoted
        {
            last = Some(e);
        }
        for (si, o) in owner.iter_mut().enumerate() {
            if o.is_empty() {
                if quote_only(si)
                    && let Some(e) = last
                {
                    o.push(e);
                }
            } else {
                last = o.last().copied();
            }
        }
        let mut para_last: Option<(usize, bool)> = None;
        for (si, ents) in owner.iter().enumerate() {
            let r = &para.sentences[si];
            if r.is_empty() {
                continue;
            }
            let span = para.toks[r.start].start..para.toks[r.end - 1].end;
            let quoted = para.toks[r.clone()].iter().any(|t| t.quoted && t.is_word());
            for &e in ents {
                let list = per.entry(e).or_default();
                if list.is_empty() {
                    order.push((first_pos.get(&e).copied().unwrap_or(span.start), e));
                }
                match list.last_mut() {
                    Some(last) if last.paragraph == p => {
                        last.span.start = last.span.start.min(span.start);
                        last.span.end = last.span.end.max(span.end);
                        if quoted {
                            last.kind = PassageKind::Quote;
                        }
                    }
                    _ => list.push(Passage {
                        paragraph: p,
                        kind: if quoted {
                            PassageKind::Quote
                        } else {
                            PassageKind::Reported
                        },
                        span: span.clone(),
                    }),
                }
                para_last = Some((e, quoted || para.ends_in_quote));
            }
        }
        prev_last = para_last.or(if para.toks.is_empty() {
            prev_last
        } else {
            None
        });
    }
    order.sort_unstable();
    let sources = order
        .into_iter()
        .filter_map(|(_, e)| {
            let ent = &doc.ents.list[e];
            let passages = per.remove(&e)?;
            Some(Source {
                name: ent.name.clone(),
                kind: ent.kind,
                role: ent.role.clone(),
                aliases: ent.aliases.clone(),
                passages,
            })
        })
        .collect();
    Sources { sources }
}

#[allow(dead_code)]
fn flags_of(doc: &Doc, t: &Tok) -> Flags {
    lx::flags(doc.w(t))
}
