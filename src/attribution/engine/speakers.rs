//! The noun phrase a cue attributes to: before the cue (over adverbs, time
//! phrases, appositions, parentheticals and relative clauses), after it
//! (`said Smith`, `according to X`, `by X`), or the sentence's subject.
//!
//! Every search here walks a `Sentence` view with its cursor methods: a
//! backward search gets the view whose start is as far back as it may go
//! (the sentence, or the segment after a comma), a cursor index, and asks
//! the view for "the token before", "the word after" instead of indexing.

use std::ops::Range;

use super::cues::CueKind;
use super::runs::{
    expand_by_initials, is_group_of, is_name_word, is_segment_boundary, modifies_plural_head,
    run_backward, run_forward,
};
use super::sentence::Sentence;
use super::{Before, Doc, Np, REACH};
use crate::attribution::SourceKind;
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
    let s = Sentence::new(doc, p, s);
    match kind {
        CueKind::According => {
            // "according to Acme and the Daily Courier": each conjunct speaks.
            let mut out: Vec<Np> = Vec::new();
            let mut k = v + 2;
            while let Some(np) = np_after(&s, k) {
                let end = np_end(&np);
                out.push(np);
                if out.len() < 4 && s.next(end).is_some() && s.is(end, "and") && !s.tok(end).quoted
                {
                    k = end + 1;
                } else {
                    break;
                }
            }
            out
        }
        CueKind::Colon => sentence_subject(&s, v).into_iter().collect(),
        CueKind::Dash => np_after(&s, v + 1).into_iter().collect(),
        CueKind::Verb => {
            let vw = s.word(v);
            // Passive with an agent: "reported by X (and by Y)", "was
            // announced on Friday by X".
            if let Some(by) = passive_by(&s, v) {
                let mut out: Vec<Np> = np_after(&s, by + 1).into_iter().collect();
                let mut k = by + 1;
                while s.at(k + 2).is_some() && k - v < REACH {
                    if s.is(k, "and") && s.next_is(k, "by") {
                        out.extend(np_after(&s, k + 2));
                    }
                    k += 1;
                }
                return out;
            }
            // A participle clause: ", saying …" belongs to the main subject.
            if vw.ends_with("ing") {
                if s.prev(v).is_some_and(|t| t.is_punct(',')) {
                    return sentence_subject(&s, v).into_iter().collect();
                }
                // "Speaking to reporters, Roe said": the subject after the
                // participle's clause.
                if v == s.start() && s.tok(v).cap {
                    return sentence_subject(&s, s.indices().end).into_iter().collect();
                }
                return Vec::new();
            }
            let mut j = skip_back(&s, v);
            // A headline's verb: its speaker is the name before it, over
            // capitalised adverbs and auxiliaries ("Roe Just Said",
            // "Roe Will Tell").
            if s.tok(v).cap && v > s.start() {
                j = s.back_while(j, 3, |t| t.is_word() && t.has(lx::ADV_SKIP | lx::AUX));
                if !s.prev(j).is_some_and(is_name_word) {
                    return Vec::new();
                }
                // Only a name the article knows: "Billionaire Jo Roe Said"
                // is Jo Roe, the longest known name ending the run.
                let a = run_backward(&s.until(j), j);
                let ents = &s.doc().ents;
                return (a..j)
                    .filter(|&k| s.tok(k).is_word())
                    .find(|&k| {
                        let name = s.text(k, j);
                        ents.full(name).is_some()
                            || s.word_count(k, j) == 1 && ents.single(name).is_some()
                    })
                    .map(|k| Np::Run(k, j))
                    .into_iter()
                    .collect();
            }
            let before = s.prev(j).filter(|t| !t.cap);
            if before.is_some_and(|t| t.has(lx::PASSIVE_AUX)) && lx::is_participle(vw) {
                return Vec::new();
            }
            if before.is_some_and(|t| t.has(lx::COORD)) {
                // "She was tested and questioned": still passive when an
                // auxiliary stands among the words before the "and".
                let m = s.back_while(j - 1, 5, Tok::is_word);
                if lx::is_participle(vw)
                    && s.within(m..j - 1)
                        .toks()
                        .iter()
                        .any(|t| t.has(lx::PASSIVE_AUX))
                {
                    return Vec::new();
                }
                return sentence_subject(&s, v).into_iter().collect();
            }
            match np_before(&s, j, 0) {
                Before::Found(nps) => {
                    if let [np] = nps[..]
                        && ends_on_apposition(&s, np)
                        && s.prev(j).is_some_and(|t| t.is_punct(','))
                        && let Some(np) =
                            apposed_subject(&s, v).or_else(|| inverted_after_comma(&s, v))
                    {
                        return vec![np];
                    }
                    nps
                }
                Before::Invert => np_after(&s, v + 1).into_iter().collect(),
                Before::Nothing => inverted_after_comma(&s, v).into_iter().collect(),
            }
        }
    }
}

/// "The plan will fail, says Jo Roe.", "The plan, said Jo Roe, is sound":
/// a reporting verb after a comma, then a name that ends the clause (a
/// comma or the sentence's end after it), is inverted without a quote,
/// when no subject stands before the comma. A name followed by more words
/// is the reported clause's subject instead ("…, said Castell was wrong").
fn inverted_after_comma(s: &Sentence, v: usize) -> Option<Np> {
    // "…, said the bureau's director, Jo Roe.": a description with an
    // article, a comma and the person's name.
    let described = s.next(v).is_some_and(|t| t.has(lx::DET) && !t.cap);
    if !s.prev(v).is_some_and(|t| t.is_punct(',') && !t.quoted) || !s.tok(v).has(lx::CUE) {
        return None;
    }
    // "said former governor Jo Roe, who …": role words before the name.
    let np = if described
        || s.next(v)
            .is_some_and(|t| is_name_word(t) && !t.has(lx::DET))
    {
        np_after(s, v + 1)?
    } else {
        role_words_then_person(s, v + 1)?
    };
    let Np::Run(a, b) = np else {
        return None;
    };
    if described
        && !(s.prev(a).is_some_and(|t| t.is_punct(','))
            && s.classify(a, b).kind == CandKind::Person)
    {
        return None;
    }
    let end = run_forward(s, a);
    let closes = s
        .at(end)
        .is_none_or(|t| !t.is_word() && t.kind != Kind::Poss);
    // A surname alone counts when the article names that person.
    let known_surname = || {
        s.word_count(a, b) == 1
            && s.doc()
                .ents
                .single(s.word(a))
                .is_some_and(|id| s.doc().ents.list[id].kind == SourceKind::Person)
    };
    let kind = s.classify(a, b).kind;
    (closes
        && (matches!(kind, CandKind::Person | CandKind::Org)
            || kind == CandKind::Single && known_surname()))
    .then_some(np)
}

/// "Jo Roe, a teacher in Dayton, Ohio, said", "Jo Roe, an official at
/// the Water Board, which runs the dam, said": when the search back from
/// the verb ends on an apposition's description, the name that opens the
/// sentence, followed by a comma, is the one the appositions describe.
fn apposed_subject(s: &Sentence, v: usize) -> Option<Np> {
    let np = sentence_subject(s, v)?;
    let Np::Run(a, b) = np else {
        return None;
    };
    // The whole run ("Jo Roe of Dayton") ends at the comma.
    if !s
        .beyond(run_forward(&s.until(v), a))
        .is_some_and(|t| t.is_punct(','))
    {
        return None;
    }
    matches!(s.classify(a, b).kind, CandKind::Person | CandKind::Org).then_some(np)
}

/// A search back that ended on a description ("a teacher") or on a place
/// ("in Dayton, Ohio") found no speaker, only the middle of an apposition.
fn ends_on_apposition(s: &Sentence, np: Np) -> bool {
    match np {
        Np::Desc(..) => true,
        Np::Run(a, b) => match s.classify(a, b).kind {
            CandKind::Place | CandKind::Country => true,
            // One word: a place when the gazetteer or the article says so.
            CandKind::Single => names::with_fold(s.text(a, b), |f| {
                lx::is_country(f) || s.doc().places.contains(f) || gazetteer::is_place(f)
            }),
            _ => false,
        },
        Np::Pron(_) => false,
    }
}

/// The "by" of a passive's agent after the participle at `v`: right after
/// it, or after a time phrase ("announced on Friday by", "confirmed
/// yesterday by", "published in March 2019 by").
fn passive_by(s: &Sentence, v: usize) -> Option<usize> {
    if !lx::is_participle(s.word(v)) {
        return None;
    }
    let mut k = v + 1;
    // The preposition of a time phrase, with a word after it.
    if s.next(k).is_some() && matches!(s.word(k), "on" | "in" | "at" | "last" | "this") {
        k += 1;
    }
    let start = k;
    k = s.forward_while(start, 4, |t| t.is_word() && is_time_word(s, t));
    // Without a time word, only "by" right after the participle.
    if k == start {
        k = v + 1;
    }
    (s.is(k, "by") && !by_means(s, k)).then_some(k)
}

/// "A report released in September by the Acme Institute noted": the
/// `by` at index `by` is the agent of a document's participle (a report,
/// study, survey, poll…, over a time phrase), and that document, with at
/// most a determiner and two modifiers, opens the clause; the agent speaks
/// through it.
fn document_by(s: &Sentence, by: usize) -> bool {
    let lo = by.saturating_sub(6).max(s.start() + 1);
    (lo..by).rev().any(|v| {
        s.at(v).is_some_and(|t| t.is_word() && !t.cap)
            && s.prev(v).is_some_and(|d| d.has(lx::DOC_NOUN))
            && s.back_while(v - 1, 3, |t| t.is_word() && !t.has(lx::CUE | lx::PREP)) == s.start()
            && passive_by(s, v) == Some(by)
    })
}

/// "said by telephone", "told reporters by phone": "by" before one bare
/// singular noun (no determiner, no capital, not a group of people) names
/// the means of speaking, not a passive's agent.
fn by_means(s: &Sentence, by: usize) -> bool {
    let Some(n) = s.next(by) else {
        return false;
    };
    let w = s.doc_word(n);
    n.is_word()
        && !n.cap
        && !n.quoted
        && !n.has(lx::DET | lx::UNNAMED | lx::PRON_HE | lx::PRON_SHE | lx::PRON_IT | lx::PRON_THEY)
        && !w.ends_with('s')
        && s.at(by + 2)
            .is_none_or(|t| !t.is_word() || t.has(lx::PREP | lx::RELATIVE) || t.has(lx::DET))
}

/// "Springfield's first selectman, John Doe", "Acme, Ohio's chief Jane
/// Roe": after an owner's name ending at `b` (with an optional ", Place")
/// come a possessive, role words and a person's name; the person is the
/// speaker, the owner only says where they work.
pub(super) fn owner_role_person(s: &Sentence, b: usize) -> Option<Np> {
    let mut q = b;
    if s.next(q).is_some_and(is_name_word) && s.tok(q).is_punct(',') {
        let b2 = run_forward(s, q + 1);
        if s.beyond(b2).is_some_and(|t| t.kind == Kind::Poss) {
            q = b2;
        }
    }
    if s.beyond(q).is_none_or(|t| t.kind != Kind::Poss) {
        return None;
    }
    let role_word = |t: &Tok| {
        t.is_word()
            && if t.cap {
                t.has(lx::TITLE | lx::ROLE_NOUN)
            } else {
                !t.has(lx::PREP | lx::CUE | lx::COORD | lx::RELATIVE)
            }
    };
    let mut k = s.forward_while(q + 1, 5, role_word);
    if k == q + 1 {
        // "said Northland's Jo Roe": a person's name right after the
        // possessive; the owner (a place, a firm) only says where she is from.
        if s.at(k).is_some_and(is_name_word) {
            let e = run_forward(s, k);
            if s.classify(k, e).kind == CandKind::Person {
                return Some(Np::Run(k, e));
            }
        }
        return None;
    }
    // A role the lexicon does not know still counts when an apposition
    // names the person: "Millbrook's first selectman, Edwin Harlow".
    if s.next(k).is_some() && s.tok(k).is_punct(',') {
        k += 1;
    } else if !s
        .prev(k)
        .is_some_and(|last| last.has(lx::ROLE_NOUN | lx::TITLE))
    {
        return None;
    }
    if s.at(k).is_some_and(is_name_word) {
        let e = run_forward(s, k);
        if s.classify(k, e).kind == CandKind::Person {
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

pub(super) fn is_time_word(s: &Sentence, t: &Tok) -> bool {
    let w = s.doc_word(t);
    t.has(lx::MONTHDAY) || w.bytes().all(|b| b.is_ascii_digit()) || lx::TIME_NOUNS.contains(&w)
}

/// Steps back from `j` over adverbs, auxiliaries and a time phrase ("on
/// Tuesday") between a subject and its verb, no further back than the
/// view's start. Returns the new exclusive end.
pub(super) fn skip_back(s: &Sentence, mut j: usize) -> usize {
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
        if is_time_word(s, t) {
            // "on Tuesday", "on the morning of 3 May": back over the time
            // words to the preposition that opens them.
            let k = s.back_while(j - 1, 4, |u| {
                u.is_word() && (is_time_word(s, u) || u.has(lx::DET)) && !u.has(lx::PREP)
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

/// The speaker noun phrase ending just before `j` (exclusive), no further
/// back than the view's start.
pub(super) fn np_before(s: &Sentence, j: usize, depth: usize) -> Before {
    if depth > 4 {
        return Before::Nothing;
    }
    let j = skip_back(s, j);
    let Some(t) = s.prev(j) else {
        return Before::Invert;
    };
    if t.kind == Kind::QClose
        && let Some(b) = quoted_title_in_apposition(s, j - 1)
    {
        return np_before(s, b, depth + 1);
    }
    if t.quoted || t.kind == Kind::QClose {
        return Before::Invert;
    }
    match t.kind {
        Kind::Punct(',') => comma_case(s, j - 1, depth),
        Kind::Punct(')') => {
            let Some(k) = s.find_back(j - 1, 15, |u| u.is_punct('(')) else {
                return Before::Nothing;
            };
            // "X (ACR) said": the acronym names the speaker best.
            let inner = k + 1;
            if inner + 1 == j - 1 && s.tok(inner).is_word() && names::is_acronym(s.word(inner)) {
                let mut out = vec![Np::Run(inner, inner + 1)];
                if s.prev(k).is_some_and(is_name_word) {
                    let a = run_backward(s, k);
                    let a = expand_by_initials(s, a, k, s.word(inner));
                    out.extend(coordinated_before(s, a));
                }
                return Before::Found(out);
            }
            np_before(s, k, depth + 1)
        }
        Kind::Word => {
            let w = s.doc_word(t);
            if matches!(w, "which" | "who") {
                let k = j - 1;
                let k = if s.prev(k).is_some_and(|u| u.is_punct(',')) {
                    k - 1
                } else {
                    k
                };
                // "drafted by Jane Roe, who said": "who" takes the name right
                // before it, even inside a prepositional phrase.
                // "Jane Roe, 31, who": over an age apposition.
                let age = s.prev(k).is_some_and(|u| {
                    u.is_word() && s.doc_word(u).bytes().all(|c| c.is_ascii_digit())
                }) && s.back(k, 2).is_some_and(|u| u.is_punct(','));
                let m = if age { k - 2 } else { k };
                if w == "who" && s.prev(m).is_some_and(is_name_word) {
                    let a = run_backward(s, m);
                    if s.classify(a, m).kind == CandKind::Person {
                        return Before::Found(vec![Np::Run(a, m)]);
                    }
                }
                return np_before(s, k, depth + 1);
            }
            if matches!(
                w.to_ascii_lowercase().as_str(),
                "he" | "she" | "it" | "they" | "we" | "i" | "you"
            ) {
                return Before::Found(vec![Np::Pron(j - 1)]);
            }
            if is_name_word(t) {
                let a = run_backward(s, j);
                // "The post on Telegram said": the name is inside a
                // prepositional phrase and the subject stands before it,
                // unless that is a document or spokesperson of the name
                // ("a statement from the Ministry of X said").
                let q = if s.prev_is(a, "the") { a - 1 } else { a };
                if let Some(prep) = s.prev(q).filter(|u| u.is_word() && !u.cap) {
                    let pw = s.doc_word(prep);
                    if lx::PHRASE_PREPS.contains(&pw) {
                        if pw == "by" && document_by(s, q - 1) {
                            return Before::Found(vec![Np::Run(a, j)]);
                        }
                        let owned = s.back(q, 2).is_some_and(|o| {
                            o.has(lx::SPOKES | lx::DOC_NOUN) || is_group_of(s.doc(), o)
                        }) && matches!(pw, "for" | "of" | "at" | "from" | "by");
                        if owned {
                            return Before::Found(vec![Np::Run(a, j)]);
                        }
                        return np_before(s, q - 1, depth + 1);
                    }
                }
                let mut out = vec![name_head(s, a, j)];
                // "Roe and Doe both acknowledged"
                if let Some(np) = coordinated_before(s, a) {
                    out.insert(0, np);
                }
                return Before::Found(out);
            }
            if t.has(lx::DET | lx::PREP | lx::RELATIVE | lx::CUE) && !t.cap {
                return Before::Nothing;
            }
            Before::Found(vec![desc_backward(s, j - 1)])
        }
        // "Dana Roe Jr. said", "Acme Inc. said": the full stop of an
        // abbreviation ending the subject.
        Kind::Punct('.')
            if s.back(j, 2).is_some_and(|u| {
                is_name_word(u) && (u.has(lx::ABBREV) || s.doc_word(u).len() == 1)
            }) =>
        {
            np_before(s, j - 1, depth + 1)
        }
        _ => Before::Nothing,
    }
}

/// "Jo Roe, the star of the show “Northland Nights,” said": a short
/// quotation closing at `qc` that follows words of the sentence is a title
/// inside an apposition, not the speaker's words. The start of the phrase
/// holding it, when a comma opens that phrase (the name is before it).
fn quoted_title_in_apposition(s: &Sentence, qc: usize) -> Option<usize> {
    let q = s.find_back(qc, 12, |u| u.kind == Kind::QOpen)?;
    if !s.prev(q).is_some_and(|u| u.is_word() && !u.quoted) || s.word_count(q, qc) > 6 {
        return None;
    }
    let b = s.back_while(q, REACH, |u| !is_segment_boundary(u));
    (b < q && s.prev(b).is_some_and(|u| u.is_punct(',')) && s.back(b, 2).is_some_and(is_name_word))
        .then_some(b)
}

/// The other half of "X and Y" when Y starts at `a`: a name or a
/// definite description ("the harbour master and the Port Authority").
pub(super) fn coordinated_before(s: &Sentence, a: usize) -> Option<Np> {
    let a = if s.prev_is(a, "the") { a - 1 } else { a };
    if !s.prev_is(a, "and") {
        return None;
    }
    // The word before "and".
    let t = s.prev(a - 1).filter(|t| !t.quoted)?;
    if is_name_word(t) {
        let a2 = run_backward(s, a - 1);
        return Some(name_head(s, a2, a - 1));
    }
    if t.is_word()
        && !t.cap
        && t.has(lx::ROLE_NOUN | lx::ORG_DESC)
        && let Np::Desc(d, h) = desc_backward(s, a - 2)
        && s.word(d).eq_ignore_ascii_case("the")
    {
        return Some(Np::Desc(d, h));
    }
    None
}

/// Picks the head of a name run `a..b`: "Anna Roe" in "Anna Roe of the
/// Vale Trust", and "X" in "X of victim group Y" when the run is Y.
pub(super) fn name_head(s: &Sentence, a: usize, b: usize) -> Np {
    if let Some(c) = (a + 1..b).find(|&c| matches!(s.word(c), "of" | "from" | "for" | "at"))
        && s.classify(a, c).kind == CandKind::Person
    {
        return Np::Run(a, c);
    }
    let cand = s.classify(a, b);
    if matches!(cand.kind, CandKind::Org | CandKind::Single) {
        // "Peter Roe of worldwide group Acme Watch said": the person heads
        // it, before the nearest "of" among the lower-case words before
        // the run.
        let lower = s.back_while(a, 6, |t| t.is_word() && !t.cap && !t.has(lx::DET));
        if let Some(prep) = (lower..a)
            .rev()
            .find(|&k| matches!(s.word(k), "of" | "from" | "at"))
            && s.prev(prep).is_some_and(is_name_word)
        {
            let a2 = run_backward(s, prep);
            if s.classify(a2, prep).kind == CandKind::Person {
                return Np::Run(a2, prep);
            }
        }
    }
    Np::Run(a, b)
}

/// A description ending at `h`: back over modifiers and possessives to its
/// determiner ("the regional governor", "Roe's animal charity").
pub(super) fn desc_backward(s: &Sentence, h: usize) -> Np {
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
pub(super) fn comma_case(s: &Sentence, c: usize, depth: usize) -> Before {
    if s.prev(c).is_some_and(|t| t.kind == Kind::QClose) {
        return Before::Invert;
    }
    // The segment before the comma, back to the previous boundary.
    let b = s.back_while(c, REACH, |t| !is_segment_boundary(t));
    if b == c {
        return Before::Nothing;
    }
    let seg = s.since(b);
    let after_comma = s.prev(b).is_some_and(|t| t.is_punct(','));
    let first = s.tok(b);
    let fw = s.word(b);
    let last = s.prev(c).filter(|t| is_name_word(t));
    // A relative clause inside: "Acme Mills which makes Softo".
    let rel = (b + 1..c).find(|&i| matches!(s.word(i), "which" | "who" | "whose"));
    if fw == "and" {
        let end = rel.unwrap_or(c);
        let mut out = Vec::new();
        if let Before::Found(v) = np_before(s, b, depth + 1) {
            out.extend(v);
        }
        let clause = s.since(b + 1);
        if clause.prev(end).is_some_and(is_name_word) {
            let a = run_backward(&clause, end);
            out.push(name_head(&clause, a, end));
        }
        return if out.is_empty() {
            Before::Nothing
        } else {
            Before::Found(out)
        };
    }
    // "But, said Roe, …": a lone function word opening the sentence
    // before the comma is no subject; the speaker comes after the verb
    // ("Roe, though, said" keeps Roe).
    if b + 1 == c && first.has(lx::FUNC | lx::COORD) && !after_comma {
        return Before::Nothing;
    }
    let parenthetical = !first.cap
        && (first.has(lx::PREP | lx::RELATIVE | lx::ADV_SKIP) && !first.has(lx::DET)
            || fw.ends_with("ing")
            || lx::looks_past_verb(fw)
            || is_ly(fw));
    if parenthetical {
        return if after_comma {
            np_before(s, b - 1, depth + 1)
        } else if s.prev(b).is_some_and(|t| t.kind == Kind::QClose) {
            // "X, author of “Going Home,” about the river, said": back
            // over the quoted title too.
            np_before(s, b, depth + 1)
        } else {
            Before::Nothing
        };
    }
    // "Jane Roe, a rapporteur for the Office of X who had studied the case,
    // cautioned": an apposition after a name, whose relative clause belongs
    // to the person, not to the organisation it ends on.
    if after_comma
        && rel.is_some()
        && matches!(fw, "a" | "an")
        && let Before::Found(v) = np_before(s, b - 1, depth + 1)
    {
        return Before::Found(v);
    }
    if let Some(r) = rel
        && s.prev(r).is_some_and(is_name_word)
    {
        let a = run_backward(&seg, r);
        return Before::Found(vec![name_head(&seg, a, r)]);
    }
    let all_name = last.is_some()
        && (b..c).all(|i| {
            let t = s.tok(i);
            is_name_word(t)
                || (t.is_word() && names::is_run_connector(s.word(i)) && !t.cap)
                || s.word(i) == "the" && i > b
        });
    if all_name {
        let cand = s.classify(b, c);
        if !matches!(
            cand.kind,
            CandKind::TitleOnly | CandKind::Country | CandKind::Place
        ) {
            return Before::Found(vec![name_head(&seg, b, c)]);
        }
    }
    if after_comma && let Before::Found(v) = np_before(s, b - 1, depth + 1) {
        return Before::Found(v);
    }
    // The segment itself is the speaker: a description or title.
    if last.is_some() {
        let a = run_backward(&seg, c);
        return Before::Found(vec![Np::Run(a, c)]);
    }
    if s.prev(c).is_some_and(Tok::is_word) {
        return Before::Found(vec![desc_backward(&seg, c - 1)]);
    }
    Before::Nothing
}

/// The speaker after a cue, from `k` to the view's end: `said Smith`,
/// `according to the governor`, `by The Daily Courier`, `according to a
/// report by X`.
pub(super) fn np_after(s: &Sentence, mut k: usize) -> Option<Np> {
    let start = k;
    while k - start < 12
        && let Some(t) = s.at(k)
    {
        if t.quoted || !t.is_word() {
            return None;
        }
        let w = s.doc_word(t);
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
            let b = run_forward(s, k);
            if let Some(person) = owner_role_person(s, b) {
                return Some(person);
            }
            let modifier = s.beyond(b).is_some_and(|n| {
                n.is_word()
                    && !n.cap
                    && !n.has(lx::PREP | lx::RELATIVE | lx::AUX | lx::COORD | lx::PASSIVE_AUX)
                    && (!n.has(lx::CUE) || n.has(lx::CUE_NOUNISH))
                    && !is_ly(s.doc_word(n))
            });
            // "Zarian state media": the name only modifies a description.
            if !modifier {
                return Some(name_head(s, k, b));
            }
        }
        // A description: collect to its head.
        let mut h = k;
        let mut e = k;
        while e - k < 8
            && let Some(t) = s.at(e)
        {
            if !t.is_word() && t.kind != Kind::Poss || t.quoted {
                break;
            }
            let w = s.doc_word(t);
            if e > k
                && !t.cap
                && (t.has(lx::PREP | lx::RELATIVE | lx::AUX | lx::PASSIVE_AUX | lx::COORD)
                    || t.has(lx::CUE) && !t.has(lx::DOC_NOUN | lx::SPOKES))
            {
                break;
            }
            if is_name_word(t) && !t.has(lx::DET) {
                // "an Acme spokesperson", "the Zarian Press Agency"
                let b = run_forward(s, e);
                // "the Riverton Post's Dana Roe"
                if let Some(person) = owner_role_person(s, b) {
                    return Some(person);
                }
                let after = s.beyond(b);
                if after.is_some_and(|n| n.is_word() && !n.cap && n.has(lx::SPOKES | lx::DOC_NOUN))
                {
                    // "a Facebook post by Jane Roe": the author, not the platform.
                    if s.at(b + 2).is_some() && s.is(b + 1, "by") {
                        return np_after(s, b + 2);
                    }
                    return Some(Np::Run(e, b));
                }
                if s.at(b).is_none()
                    || after.is_some_and(|n| {
                        !n.is_word()
                            || n.has(
                                lx::PREP | lx::RELATIVE | lx::AUX | lx::COORD | lx::PASSIVE_AUX,
                            )
                            || n.has(lx::CUE) && !n.has(lx::CUE_NOUNISH)
                    })
                {
                    return Some(name_head(s, e, b));
                }
                e = b;
                h = b - 1;
                continue;
            }
            // "a survey published last year by X": a participle ends the
            // document's description; its agent follows "by".
            if e > k && !t.cap && s.tok(h).has(lx::DOC_NOUN | lx::SPOKES) && lx::looks_past_verb(w)
            {
                let phrase = s.forward_while(e + 1, 7, |u| u.is_word() && !u.quoted);
                if let Some(by) = (e + 1..phrase).find(|&i| s.word(i) == "by") {
                    return np_after(s, by + 1);
                }
                break;
            }
            h = e;
            e += 1;
        }
        // "a report by X", "data from the Y", "a spokesman for Z": the
        // document's author or the spokesperson's employer speaks.
        if s.tok(h).has(lx::DOC_NOUN | lx::SPOKES)
            && s.next(e).is_some()
            && matches!(s.word(e), "by" | "from" | "of" | "for" | "at")
        {
            return np_after(s, e + 1);
        }
        // "said the chief executive, Jane Roe": a description, a comma and
        // a person's name in apposition; the name is the speaker.
        if s.next(e).is_some_and(is_name_word) && s.tok(e).is_punct(',') {
            let b = run_forward(s, e + 1);
            if s.classify(e + 1, b).kind == CandKind::Person {
                return Some(name_head(s, e + 1, b));
            }
        }
        return Some(Np::Desc(k, h));
    }
    None
}

/// The comma that ends an introductory phrase opening the view: "In a
/// statement, the NWA said", "After Roe spoke, …", and a participle's
/// clause ("Asked whether the plan would pass, Roe said", "Turning to the
/// budget, Roe agreed"): a capitalised word ending in "-ing" or "-ed"
/// before a lower-case one, which no name is.
pub(super) fn intro_end(s: &Sentence) -> Option<usize> {
    let first = s.at(s.start())?;
    if !first.is_word() {
        return None;
    }
    let w = s.doc_word(first);
    let opens = names::with_lower(w, |lw| {
        let participle = first.cap
            && lw.len() > 4
            && (lw.ends_with("ing") || lw.ends_with("ed"))
            && s.next(s.start())
                .is_some_and(|n| n.is_word() && !n.cap && !n.quoted);
        (first.has(lx::PREP | lx::ADV_SKIP)
            || is_ly(lw)
            || first.has(lx::FUNC) && !first.has(lx::DET)
            || participle)
            && !matches!(lw, "he" | "she" | "it" | "they")
    });
    if !opens {
        return None;
    }
    s.find(|t| t.is_punct(',') && !t.quoted)
}

/// Whether the view opens with an adverbial clause of its own, a
/// subordinator's or a participle's ("After Doe criticised him, …",
/// "Asked whether it would pass, …"): a cue inside it is not the main
/// clause's.
pub(super) fn opens_with_clause(s: &Sentence) -> bool {
    let Some(first) = s.at(s.start()).filter(|t| t.is_word()) else {
        return false;
    };
    names::with_lower(s.doc_word(first), |lw| lx::SUBORDINATORS.contains(&lw))
        || !first.has(lx::PREP | lx::FUNC) && intro_end(s).is_some()
}

/// The first noun phrase of the sentence, after an introductory phrase,
/// before the cue at `limit`.
pub(super) fn sentence_subject(s: &Sentence, limit: usize) -> Option<Np> {
    let clause = s.until(limit);
    let mut k = intro_end(&clause).map_or(s.start(), |c| c + 1);
    while k - s.start() < REACH
        && let Some(t) = clause.at(k)
    {
        if t.quoted || !t.is_word() {
            k += 1;
            continue;
        }
        let lw = s.doc_word(t).to_ascii_lowercase();
        if matches!(lw.as_str(), "he" | "she" | "it" | "they") {
            return Some(Np::Pron(k));
        }
        if is_name_word(t) && !t.has(lx::DET) {
            let b = run_forward(&clause, k);
            // "Giant screens showed: …": a modifier, no one named.
            if modifies_plural_head(&clause, k, b) {
                return None;
            }
            // "Acme military spokesperson Jo Roe": the name only modifies
            // the role words before the person's name.
            if let Some(np) = role_words_then_person(&clause, b) {
                return Some(np);
            }
            // "The agency's statement" / "Acme's chief": stop at a possessive.
            return Some(name_head(s, k, b));
        }
        if t.has(lx::DET) {
            // The description's head: the last of up to five modifiers
            // after the determiner's first word.
            let h = clause.forward_while(k + 2, 5, |u| u.is_word() && !u.has(NOT_A_MODIFIER)) - 1;
            if let Some(head) = clause.at(h).filter(|u| u.is_word()) {
                if is_name_word(head) {
                    let a = run_backward(&s.since(k + 1), h + 1);
                    return Some(Np::Run(a, h + 1));
                }
                return Some(Np::Desc(k, h));
            }
            return None;
        }
        // "former governor Jo Roe", "campaign strategist Jo Roe".
        return role_words_then_person(&clause, k);
    }
    None
}

/// Words that end a description's modifiers: a description ("the
/// agency's new chief", "former governor") is a run of adjectives and
/// nouns, and a preposition, a verb or a clause word starts what follows it.
const NOT_A_MODIFIER: lx::Flags =
    lx::PREP | lx::CUE | lx::AUX | lx::PASSIVE_AUX | lx::RELATIVE | lx::COORD | lx::ADV_SKIP;

/// Lower-case words from `k` (at least one, at most four) ending on a
/// role word, then a person's name: "former governor Jo Roe", "(Acme) military spokesperson
/// Jo Roe". The person, if so.
fn role_words_then_person(s: &Sentence, k: usize) -> Option<Np> {
    // Up to six words: lower-case modifiers and role words, and
    // capitalised words inside ("former Northland governor"), the last
    // lower-case role word right before the name.
    let mut role = None;
    let mut i = k;
    while i < k + 6
        && let Some(u) = s.at(i)
    {
        if !u.is_word() || u.quoted || !u.cap && u.has(NOT_A_MODIFIER | lx::FUNC) {
            break;
        }
        if !u.cap && u.has(lx::ROLE_NOUN | lx::SPOKES | lx::TITLE) {
            role = Some(i);
        }
        i += 1;
    }
    // A role word names the role ("spokesperson", "governor"): "Jo Roe
    // met Ann Poe" is a subject, a verb and an object.
    let e = role? + 1;
    if !s.at(e).is_some_and(|u| is_name_word(u) && !u.has(lx::DET)) {
        return None;
    }
    let b = run_forward(s, e);
    (s.classify(e, b).kind == CandKind::Person).then(|| name_head(s, e, b))
}
