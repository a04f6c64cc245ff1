//! From a speaker's noun phrase to an entity: names, pronouns against the
//! people and organisations read recently, descriptions by their role
//! words or head noun.

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
    let toks = &doc.paras[p].toks;
    let head = doc.w(&toks[h]).to_ascii_lowercase();
    let first = doc.w(&toks[a]).to_ascii_lowercase();
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
    let t = &doc.paras[p].toks[h];
    t.has(lx::ORG_DESC) || t.has(lx::SPOKES)
}

pub(super) fn resolve(doc: &mut Doc, p: usize, s: Range<usize>, np: Np, recent: &Recent) -> Who {
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

pub(super) fn pick_person(recent: &Recent, g: Gender) -> Who {
    let compatible = |eg: Gender| eg == g || eg == Gender::Unknown;
    let strong = recent
        .persons
        .iter()
        .rev()
        .find(|(_, eg, _, st, _)| *st && compatible(*eg));
    // "Roe, who ran Doe's campaign, said …. He said": within a paragraph,
    // the subject or speaker before a person only mentioned since.
    let subject = strong.filter(|e| !e.4).and_then(|&(_, _, para, _, _)| {
        recent
            .persons
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
    let toks = &doc.paras[p].toks;
    if let Some(ai) = bracket_acronym(&Sentence::paragraph(doc, p), b)
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

pub(super) fn resolve_desc(
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
                let ra = run_backward(&Sentence::paragraph(doc, p).since(a), q);
                return resolve_run(doc, p, ra, q, true);
            }
            if q > a {
                return resolve_desc(doc, p, s, a, q - 1, recent);
            }
        }
        if let Some(c) = cap_mod {
            let ra = run_backward(&Sentence::paragraph(doc, p).since(a), c + 1);
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
            let ra = run_backward(&Sentence::paragraph(doc, p).since(a), c + 1);
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
