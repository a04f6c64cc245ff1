//! From a speaker's noun phrase to an entity: names, pronouns against the
//! people and organisations read recently, descriptions by their role
//! words or head noun. A noun phrase's tokens are read through a
//! `Sentence` view (the paragraph's, or the description's own span);
//! entities are added only once the view is done with.

use std::ops::Range;

use super::runs::{bracket_acronym, is_acronym_like, is_name_word, run_backward};
use super::sentence::Sentence;
use super::{Doc, Np, Recent, Who};
use crate::attribution::lexicon as lx;
use crate::attribution::names::{self, CandKind, Gender};
use crate::attribution::tokens::Kind;
use crate::attribution::{SourceKind, gazetteer};

/// "The parties said", "both companies said": the two organisations read
/// last, when there are two in this or the previous paragraph.
pub(super) fn plural_orgs(doc: &Doc, p: usize, np: Np, recent: &Recent) -> Option<Vec<Who>> {
    let Np::Desc(a, h) = np else { return None };
    let s = Sentence::paragraph(doc, p);
    let head = s.word(h).to_ascii_lowercase();
    let first = s.word(a).to_ascii_lowercase();
    if !lx::PLURAL_ORG_NOUNS.contains(&head.as_str())
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

pub(super) fn desc_is_org(doc: &Doc, p: usize, np: Np) -> bool {
    let Np::Desc(_, h) = np else { return false };
    let t = Sentence::paragraph(doc, p).tok(h);
    t.has(lx::ORG_DESC) || t.has(lx::SPOKES)
}

pub(super) fn resolve(doc: &mut Doc, p: usize, s: Range<usize>, np: Np, recent: &Recent) -> Who {
    match np {
        Np::Run(a, b) => resolve_run(doc, p, a, b, true),
        Np::Pron(i) => {
            // The speaker search makes a pronoun only of a subject or object
            // form ("he", "him", "it", "them", "we" …), so the lexicon's
            // pronoun classes tell them apart; "we", "I" and "you" are none
            // of these.
            let t = Sentence::paragraph(doc, p).tok(i);
            if t.has(lx::PRON_HE) {
                pick_person(recent, Gender::Male)
            } else if t.has(lx::PRON_SHE) {
                pick_person(recent, Gender::Female)
            } else if t.has(lx::PRON_IT) {
                recent
                    .orgs
                    .last()
                    .filter(|(_, q)| p - q <= 2)
                    .map_or(Who::Skip, |(w, _)| *w)
            } else if t.has(lx::PRON_THEY) {
                recent
                    .orgs
                    .last()
                    .filter(|(_, q)| p - q <= 1)
                    .map_or(Who::Skip, |(w, _)| *w)
            } else {
                Who::Skip
            }
        }
        Np::Desc(a, h) => resolve_desc(doc, p, s, a, h, recent),
    }
}

pub(super) fn pick_person(recent: &Recent, g: Gender) -> Who {
    let compatible = |eg: Gender| eg == g || eg == Gender::Unknown;
    let strong_at = recent
        .persons
        .iter()
        .rposition(|(_, eg, _, st, _)| *st && compatible(*eg));
    let strong = strong_at.map(|i| &recent.persons[i]);
    // "Roe, who ran Doe's campaign, said …. He said": within a paragraph,
    // the subject or speaker before a person only mentioned since, even
    // when the pronoun comes in a later paragraph.
    let subject = strong_at.filter(|&i| !recent.persons[i].4).and_then(|i| {
        let para = recent.persons[i].2;
        recent.persons[..i]
            .iter()
            .rev()
            .take_while(|e| e.2 == para)
            .find(|(w, eg, _, st, subj)| {
                *st && *subj && compatible(*eg) && matches!(w, Who::Ent(_))
            })
    });
    let any = || {
        recent
            .persons
            .iter()
            .rev()
            .find(|(_, eg, ..)| compatible(*eg))
    };
    subject
        .or(strong)
        .or_else(any)
        .map_or(Who::Skip, |(w, ..)| *w)
}

pub(super) fn resolve_run(doc: &mut Doc, p: usize, a: usize, b: usize, create: bool) -> Who {
    let s = Sentence::paragraph(doc, p);
    if let Some(ai) = bracket_acronym(&s, b)
        && let Some(id) = doc.ents.acronym(s.word(ai))
    {
        return Who::Ent(id);
    }
    let cand = s.classify(a, b);
    let (na, nb) = (cand.name.start, cand.name.end);
    if na >= nb {
        return Who::Skip;
    }
    let name = s.text(na, nb).to_owned();
    let words = s.word_count(na, nb);
    let at = s.tok(a).start;
    match cand.kind {
        // "Jordan said" after "Mia Jordan": a person's surname that is also
        // a country's or a place's name is the person.
        CandKind::Country | CandKind::Place if words == 1 => known_person(doc, &name),
        CandKind::Country | CandKind::Place => Who::Skip,
        CandKind::Group => Who::Unnamed,
        CandKind::TitleOnly => {
            let words: Vec<String> = s
                .within(na..nb)
                .toks()
                .iter()
                .filter(|t| t.is_word())
                .map(|t| names::fold(s.doc_word(t)))
                .collect();
            resolve_role(doc, p, None, &words, at)
        }
        CandKind::Person if words >= 2 => {
            let g = s.gender_of(&cand);
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
        _ => {
            // "Mr. Roe" is not Jane Roe: a title's gender picks the namesake.
            let g = if cand.titled {
                s.gender_of(&cand)
            } else {
                Gender::Unknown
            };
            resolve_single(doc, p, na, nb, cand.titled, g, create)
        }
    }
}

/// A person already named whose surname is `word`, else `Skip`.
pub(super) fn known_person(doc: &Doc, word: &str) -> Who {
    match doc.ents.single(word) {
        Some(id) if doc.ents.list[id].kind == SourceKind::Person => Who::Ent(id),
        _ => Who::Skip,
    }
}

pub(super) fn resolve_single(
    doc: &mut Doc,
    p: usize,
    na: usize,
    nb: usize,
    titled: bool,
    g: Gender,
    create: bool,
) -> Who {
    let s = Sentence::paragraph(doc, p);
    // The run's last word: the name, or the title's head.
    let t = s.tok(nb - 1);
    let word = s.doc_word(t);
    let folded = names::fold(word);
    match doc.ents.single_of(word, g) {
        Some(id) if doc.ents.list[id].kind == SourceKind::Person => return Who::Ent(id),
        _ => {}
    }
    if lx::is_country(&folded) || doc.places.contains(&folded) || t.has(lx::DEMONYM) {
        return Who::Skip;
    }
    if let Some(id) = doc
        .ents
        .acronym(word)
        .or_else(|| doc.ents.full(word))
        .or_else(|| doc.ents.single_of(word, g))
    {
        return Who::Ent(id);
    }
    // "The Department said" after "the Springfield Department of Parks":
    // a bare head word with "the" points back to the full name.
    if !titled
        && na == nb - 1
        && t.has(lx::ORG_HEAD | lx::ORG_DESC)
        && s.prev(nb - 1)
            .is_some_and(|u| s.doc_word(u).eq_ignore_ascii_case("the"))
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
        && lx::PLURAL_AGENT_ENDINGS.iter().any(|e| lw.ends_with(e))
        && !is_acronym_like(word)
    {
        return Who::Unnamed;
    }
    if sentence_initial && names::with_lower(word, |l| doc.lower.contains(l)) {
        return Who::Skip;
    }
    // "his wife Mary said": a lone forename is a person, even one that is
    // also a city's name; any other lone place is no source.
    let forename = !titled
        && t.has(lx::FORENAME)
        && !is_acronym_like(word)
        && !names::with_lower(word, |l| doc.lower.contains(l));
    if !titled && !forename && gazetteer::is_place(&folded) {
        return Who::Skip;
    }
    if !create {
        return Who::Skip;
    }
    let start = if titled { na } else { nb - 1 };
    let name = s.text(start, nb).to_owned();
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
    let at = s.tok(start).start;
    Who::Ent(doc.ents.add(name, kind, gender, at))
}

pub(super) fn resolve_desc(
    doc: &mut Doc,
    p: usize,
    s: Range<usize>,
    a: usize,
    h: usize,
    recent: &Recent,
) -> Who {
    let sent = Sentence::new(doc, p, s.clone());
    // The description itself, from its determiner to its head.
    let desc = sent.within(a..h + 1);
    let head = desc.tok(h);
    let hw = names::fold(desc.word(h));
    let first = desc.word(a).to_ascii_lowercase();
    let poss = desc.until(h).rfind(|t| t.kind == Kind::Poss);
    let definite =
        matches!(first.as_str(), "the" | "its" | "their" | "his" | "her") || poss.is_some();
    let mods: Vec<String> = desc
        .until(h)
        .toks()
        .iter()
        .filter(|t| t.is_word() && !t.has(lx::DET))
        .map(|t| names::fold(desc.doc_word(t)))
        .collect();
    // A capitalised modifier after any possessive names the owner: "an
    // Acme spokesperson".
    let cap_mod = desc
        .within(poss.map_or(a, |q| q + 1)..h)
        .rfind(|t| is_name_word(t) && !t.has(lx::DET));
    // The owner's name right before the possessive: "Acme's".
    let owner = poss.filter(|&q| desc.prev(q).is_some_and(is_name_word));
    if head.has(lx::SPOKES) {
        if let Some(q) = poss {
            // "The retailer's press release", "Acme’s spokesperson"
            if owner.is_some() {
                let ra = run_backward(&desc, q);
                return resolve_run(doc, p, ra, q, true);
            }
            if q > a {
                return resolve_desc(doc, p, s, a, q - 1, recent);
            }
        }
        if let Some(c) = cap_mod {
            let ra = run_backward(&desc, c + 1);
            return resolve_run(doc, p, ra, c + 1, true);
        }
        if head.has(lx::ORG_DESC) && definite {
            return org_by_head(doc, p, &hw, None, recent);
        }
        return Who::Unnamed;
    }
    if head.has(lx::ORG_DESC) && (definite || cap_mod.is_some()) {
        if let Some(q) = owner {
            // "Roe's animal charity": an organisation named by its owner.
            let owner = names::fold(desc.word(q - 1));
            if let Some(id) = org_with_words(doc, &[hw.as_str(), owner.as_str()]) {
                return Who::Ent(id);
            }
            let name = desc.text(a, h + 1).to_owned();
            let at = desc.tok(a).start;
            return Who::Ent(
                doc.ents
                    .add(name, SourceKind::Organisation, Gender::Unknown, at),
            );
        }
        // "A Danish news organization reported": an indefinite article
        // before the modifiers says the organisation is not named.
        if poss.is_none() && matches!(first.as_str(), "a" | "an") {
            return Who::Unnamed;
        }
        if let Some(c) = cap_mod {
            // "the Zarian movement": a name made of modifier and head.
            let ra = run_backward(&desc, c + 1);
            let name = desc.text(ra, h + 1).to_owned();
            if let Some(id) = doc.ents.full(&name) {
                return Who::Ent(id);
            }
            if desc.classify(ra, c + 1).kind == CandKind::Country {
                return Who::Skip;
            }
            let at = desc.tok(ra).start;
            return Who::Ent(
                doc.ents
                    .add(name, SourceKind::Organisation, Gender::Unknown, at),
            );
        }
        return org_by_head(doc, p, &hw, None, recent);
    }
    if head.has(lx::ROLE_NOUN | lx::TITLE) && definite && !head.has(lx::UNNAMED) {
        let mut words = mods.clone();
        words.push(hw);
        // The sentence's names, for a role that names a place.
        let places: Vec<String> = sent
            .toks()
            .iter()
            .filter(|t| is_name_word(t) && !t.has(lx::FUNC))
            .map(|t| names::fold(sent.doc_word(t)))
            .collect();
        return resolve_role(doc, p, Some(&places), &words, desc.tok(a).start);
    }
    Who::Unnamed
}

pub(super) fn org_with_words(doc: &Doc, words: &[&str]) -> Option<usize> {
    doc.ents.list.iter().take(4096).position(|e| {
        e.kind == SourceKind::Organisation && words.iter().all(|w| e.words.iter().any(|x| x == w))
    })
}

/// "the agency": the latest organisation whose name has that word, else the
/// latest organisation read in this or the previous paragraph.
pub(super) fn org_by_head(
    doc: &Doc,
    p: usize,
    head: &str,
    _owner: Option<&str>,
    recent: &Recent,
) -> Who {
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
    let media_word = lx::MEDIA_NOUNS.contains(&head);
    let business_word = lx::BUSINESS_NOUNS.contains(&head);
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
pub(super) fn resolve_role(
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
            if lx::RANK_WORDS.contains(&r.as_str()) && !words.iter().any(|w| w == r) {
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
