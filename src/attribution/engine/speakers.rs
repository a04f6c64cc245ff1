//! The noun phrase a cue attributes to: before the cue (over adverbs, time
//! phrases, appositions, parentheticals and relative clauses), after it
//! (`said Smith`, `according to X`, `by X`), or the sentence's subject.

use std::ops::Range;

use super::cues::CueKind;
use super::runs::{
    expand_by_initials, is_group_of, is_name_word, is_segment_boundary, run_backward, run_forward,
};
use super::sentence::Sentence;
use super::{Before, Doc, Np, REACH};
use crate::attribution::gazetteer;
use crate::attribution::lexicon as lx;
use crate::attribution::names::{self, CandKind};
use crate::attribution::tokens::{Kind, Tok};

pub(super) fn speakers_of(
    doc: &Doc,
    p: usize,
    s: Range<usize>,
    v: usize,
    kind: CueKind,
) -> Vec<Np> {
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
            // Passive with an agent: "reported by X (and by Y)", "was
            // announced on Friday by X".
            if let Some(by) = passive_by(doc, p, &s, v) {
                let mut out: Vec<Np> = np_after(doc, p, s.clone(), by + 1).into_iter().collect();
                let mut k = by + 1;
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
                Before::Found(nps) => {
                    if let [np] = nps[..]
                        && ends_on_apposition(doc, p, np)
                        && toks[j - 1].is_punct(',')
                        && let Some(np) = apposed_subject(doc, p, s, v)
                    {
                        return vec![np];
                    }
                    nps
                }
                Before::Invert => np_after(doc, p, s, v + 1).into_iter().collect(),
                Before::Nothing => Vec::new(),
            }
        }
    }
}

/// "Jo Roe, a teacher in Dayton, Ohio, said", "Jo Roe, an official at
/// the Water Board, which runs the dam, said": when the search back from
/// the verb ends on an apposition's description, the name that opens the
/// sentence, followed by a comma, is the one the appositions describe.
fn apposed_subject(doc: &Doc, p: usize, s: Range<usize>, v: usize) -> Option<Np> {
    let toks = &doc.paras[p].toks;
    let np = sentence_subject(doc, p, s, v)?;
    let Np::Run(a, b) = np else {
        return None;
    };
    // The whole run ("Jo Roe of Dayton") ends at the comma.
    if !toks
        .get(run_forward(doc, p, a, v))
        .is_some_and(|t| t.is_punct(','))
    {
        return None;
    }
    matches!(
        names::classify(toks, doc.text, a, b).kind,
        CandKind::Person | CandKind::Org
    )
    .then_some(np)
}

/// A search back that ended on a description ("a teacher") or on a place
/// ("in Dayton, Ohio") found no speaker, only the middle of an apposition.
fn ends_on_apposition(doc: &Doc, p: usize, np: Np) -> bool {
    match np {
        Np::Desc(..) => true,
        Np::Run(a, b) => match names::classify(&doc.paras[p].toks, doc.text, a, b).kind {
            CandKind::Place | CandKind::Country => true,
            // One word: a place when the gazetteer or the article says so.
            CandKind::Single => names::with_fold(
                &doc.text[doc.paras[p].toks[a].start..doc.paras[p].toks[b - 1].end],
                |f| lx::is_country(f) || doc.places.contains(f) || gazetteer::is_place(f),
            ),
            _ => false,
        },
        Np::Pron(_) => false,
    }
}

/// The "by" of a passive's agent after the participle at `v`: right after
/// it, or after a time phrase ("announced on Friday by", "confirmed
/// yesterday by", "published in March 2019 by").
fn passive_by(doc: &Doc, p: usize, s: &Range<usize>, v: usize) -> Option<usize> {
    let toks = &doc.paras[p].toks;
    if !lx::is_participle(doc.w(&toks[v])) {
        return None;
    }
    let mut k = v + 1;
    if k + 1 < s.end
        && !toks[k].cap
        && matches!(doc.w(&toks[k]), "on" | "in" | "at" | "last" | "this")
    {
        k += 1;
    }
    let start = k;
    while k < s.end && k - start < 4 && toks[k].is_word() && is_time_word(doc, &toks[k]) {
        k += 1;
    }
    // Without a time word, only "by" right after the participle.
    if k == start {
        k = v + 1;
    }
    (k < s.end && doc.w(&toks[k]) == "by" && !by_means(doc, p, s, k)).then_some(k)
}

/// "said by telephone", "told reporters by phone": "by" before one bare
/// singular noun (no determiner, no capital, not a group of people) names
/// the means of speaking, not a passive's agent.
fn by_means(doc: &Doc, p: usize, s: &Range<usize>, by: usize) -> bool {
    let toks = &doc.paras[p].toks;
    let Some(n) = toks.get(by + 1).filter(|_| by + 1 < s.end) else {
        return false;
    };
    let w = doc.w(n);
    n.is_word()
        && !n.cap
        && !n.quoted
        && !n.has(lx::DET | lx::UNNAMED | lx::PRON_HE | lx::PRON_SHE | lx::PRON_IT | lx::PRON_THEY)
        && !w.ends_with('s')
        && toks
            .get(by + 2)
            .filter(|_| by + 2 < s.end)
            .is_none_or(|t| !t.is_word() || t.has(lx::PREP | lx::RELATIVE) || t.has(lx::DET))
}

/// "Springfield's first selectman, John Doe", "Acme, Ohio's chief Jane
/// Roe": after an owner's name (with an optional ", Place") come a
/// possessive, role words and a person's name; the person is the speaker,
/// the owner only says where they work.
pub(super) fn owner_role_person(doc: &Doc, p: usize, end: usize, b: usize) -> Option<Np> {
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

/// The token after a noun phrase.
pub(super) fn np_end(np: &Np) -> usize {
    match *np {
        Np::Run(_, b) => b,
        Np::Pron(k) => k + 1,
        Np::Desc(_, h) => h + 1,
    }
}

pub(super) fn is_ly(w: &str) -> bool {
    w.len() > 4 && w.ends_with("ly") && w.bytes().all(|b| b.is_ascii_lowercase())
}

pub(super) fn is_time_word(doc: &Doc, t: &Tok) -> bool {
    let w = doc.w(t);
    t.has(lx::MONTHDAY) || w.bytes().all(|b| b.is_ascii_digit()) || lx::TIME_NOUNS.contains(&w)
}

/// Steps back over adverbs, auxiliaries and a time phrase ("on Tuesday")
/// between a subject and its verb. Returns the new exclusive end.
pub(super) fn skip_back(doc: &Doc, p: usize, lo: usize, mut j: usize) -> usize {
    let s = Sentence::new(doc, p, lo..j);
    let mut guard = 0;
    while let Some(t) = s.prev(j)
        && guard < 12
    {
        guard += 1;
        if t.quoted || !t.is_word() {
            break;
        }
        let w = s.doc_word(t);
        if !t.cap && (t.has(lx::ADV_SKIP | lx::AUX) || is_ly(w)) && !t.has(lx::PASSIVE_AUX) {
            j -= 1;
            continue;
        }
        if is_time_word(doc, t) {
            // "on Tuesday", "on the morning of 3 May": back over the time
            // words to the preposition that opens them.
            let k = s.back_while(j - 1, 4, |u| {
                u.is_word() && (is_time_word(doc, u) || u.has(lx::DET)) && !u.has(lx::PREP)
            });
            if s.prev(k).is_some_and(|u| u.has(lx::PREP) && !u.cap) {
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
pub(super) fn np_before(doc: &Doc, p: usize, lo: usize, j: usize, depth: usize) -> Before {
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
                    if lx::PHRASE_PREPS.contains(&pw) {
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
pub(super) fn coordinated_before(doc: &Doc, p: usize, lo: usize, a: usize) -> Option<Np> {
    let s = Sentence::new(doc, p, lo..a);
    let mut a = a;
    if s.prev(a).is_some_and(|t| s.doc_word(t) == "the") {
        a -= 1;
    }
    if s.prev(a).is_none_or(|t| s.doc_word(t) != "and") {
        return None;
    }
    // The word before "and".
    let t = s.prev(a - 1).filter(|t| !t.quoted)?;
    if is_name_word(t) {
        let a2 = run_backward(doc, p, a - 1, lo);
        return Some(name_head(doc, p, lo, a2, a - 1));
    }
    if t.is_word()
        && !t.cap
        && t.has(lx::ROLE_NOUN | lx::ORG_DESC)
        && let Np::Desc(d, h) = desc_backward(doc, p, lo, a - 2)
        && s.word(d).eq_ignore_ascii_case("the")
    {
        return Some(Np::Desc(d, h));
    }
    None
}

/// Picks the head of a name run: "Anna Roe" in "Anna Roe of the
/// Vale Trust", and "X" in "X of victim group Y" when the run is Y.
pub(super) fn name_head(doc: &Doc, p: usize, lo: usize, a: usize, b: usize) -> Np {
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
pub(super) fn desc_backward(doc: &Doc, p: usize, lo: usize, h: usize) -> Np {
    let s = Sentence::new(doc, p, lo..h + 1);
    let mut a = h;
    while let Some(t) = s.prev(a)
        && h - a < 8
    {
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
        // The determiner opens it: lower case, or "The" at the start.
        let opens = s.prev(a - 1).is_none();
        if t.has(lx::DET) && (!t.cap || opens) && !is_name_word(t)
            || (t.has(lx::DET) && s.doc_word(t) == "The")
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
pub(super) fn comma_case(doc: &Doc, p: usize, lo: usize, c: usize, depth: usize) -> Before {
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
pub(super) fn np_after(doc: &Doc, p: usize, s: Range<usize>, mut k: usize) -> Option<Np> {
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
        // "said the chief executive, Jane Roe": a description, a comma and
        // a person's name in apposition; the name is the speaker.
        if e + 1 < s.end && toks[e].is_punct(',') && is_name_word(&toks[e + 1]) {
            let b = run_forward(doc, p, e + 1, s.end);
            if names::classify(toks, doc.text, e + 1, b).kind == CandKind::Person {
                return Some(name_head(doc, p, s.start, e + 1, b));
            }
        }
        return Some(Np::Desc(k, h));
    }
    None
}

/// The first noun phrase of the sentence, after an introductory phrase.
pub(super) fn sentence_subject(doc: &Doc, p: usize, s: Range<usize>, limit: usize) -> Option<Np> {
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
