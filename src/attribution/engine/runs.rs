//! Capitalised runs: where a name starts and ends in a sentence (initials,
//! particles, "and" or "of" inside an organisation's name, an acronym in
//! brackets), shared by the names pass and the speaker search. Each search
//! walks a `Sentence` view: forward to the view's end, back to its start.

use super::sentence::Sentence;
use super::{Doc, REACH};
use crate::attribution::lexicon as lx;
use crate::attribution::tokens::{Kind, Tok};
use crate::attribution::{gazetteer, names};

/// Capitalised runs outside quotes: `(start, end)` token indices.
pub(super) fn cap_runs(s: &Sentence) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = s.start();
    while let Some(t) = s.at(i) {
        if t.is_word() && t.cap && !t.quoted && !t.has(lx::MONTHDAY) {
            let b = run_forward(s, i);
            out.push((i, b));
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

/// A capitalised word that names no one by itself: no forename, no
/// organisation's head, no title, not the surname of a person the article
/// has named ("Gas" in "Northern Gas and Power Company").
fn plain_word(doc: &Doc, t: &Tok) -> bool {
    is_name_word(t)
        && !t.has(lx::FORENAME | lx::ORG_HEAD | lx::TITLE | lx::MALE | lx::FEMALE)
        && !is_acronym_like(doc.w(t))
        && doc
            .ents
            .single(doc.w(t))
            .is_none_or(|id| doc.ents.list[id].kind != crate::attribution::SourceKind::Person)
}

/// One capital letter: a middle initial ("H" in "Paul H. Roe").
pub(super) fn is_initial(doc: &Doc, t: &Tok) -> bool {
    let mut cs = doc.w(t).chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

pub(super) fn is_name_word(t: &Tok) -> bool {
    t.is_word() && t.cap && !t.quoted && !t.has(lx::MONTHDAY)
}

/// A title's abbreviation, a middle initial or a dotted abbreviation,
/// whose full stop stays inside the name ("Dr. Roe", "Paul H. Roe", "U.S.
/// Attorney").
fn stops_inside_name(doc: &Doc, t: &Tok) -> bool {
    t.has(lx::ABBREV | lx::TITLE) || is_initial(doc, t) || is_dotted(doc.w(t))
}

/// "U.S", "D.C": capitals with full stops between them.
fn is_dotted(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 3
        && b.len() <= 8
        && b[0].is_ascii_uppercase()
        && b.contains(&b'.')
        && b.iter().all(|c| c.is_ascii_uppercase() || *c == b'.')
}

/// End (exclusive) of the capitalised run starting at `i`, at most the
/// view's end.
pub(super) fn run_forward(s: &Sentence, i: usize) -> usize {
    let doc = s.doc();
    let mut b = i + 1;
    while b - i < REACH
        && let Some(t) = s.at(b)
    {
        if is_name_word(t) {
            b += 1;
            continue;
        }
        // The run's last word so far.
        let last = s.tok(b - 1);
        let next_is_name = s.next(b).is_some_and(is_name_word);
        // "Dr. Roe", "Paul H. Roe": the full stop of a title's abbreviation
        // or of a middle initial is inside the name.
        if t.is_punct('.') && stops_inside_name(doc, last) && last.cap && next_is_name {
            b += 1;
            continue;
        }
        // "the Sheriff's Office", "the Attorney General's Office": a
        // title's possessive before an organisation's head is one name.
        if t.kind == Kind::Poss
            && last.has(lx::TITLE)
            && last.cap
            && s.next(b)
                .is_some_and(|n| is_name_word(n) && n.has(lx::ORG_HEAD))
        {
            b += 1;
            continue;
        }
        let w = s.doc_word(t);
        // "Fire and Rescue Service": common words joined by "and" inside
        // an organisation's name (but "Acme and Bolt Group" stay apart).
        // "Department of Parks and Recreation": inside the "of" part of an
        // organisation's name, "and" joins two more common words.
        if w == "and"
            && s.next(b)
                .is_some_and(|n| is_name_word(n) && !n.has(lx::MALE | lx::FEMALE))
            && s.beyond(b + 2).is_none_or(|n| !is_name_word(n))
            && has_org_of_part(s, i, b)
        {
            b += 2;
            continue;
        }
        // "Northern Gas and Power Company", "Parks and Recreation
        // Department": before "and", one or two words that name no one (no
        // forename, no organisation's head, no known person's surname);
        // after it, a name ending in an organisation's head.
        if w == "and" && next_is_name && !last.has(lx::ORG_HEAD) {
            let e = s.forward_while(b + 1, 7, is_name_word);
            let plain_before = b - i <= 2 && (i..b).all(|c| plain_word(doc, s.tok(c)));
            if s.tok(e - 1).has(lx::ORG_HEAD)
                && e - b <= 4
                && (is_common_word(doc, last) || plain_before)
            {
                b = e;
                continue;
            }
        }
        // "Committee on Fisheries": "on" joins an organisation's head
        // to its subject; after any other word ("Roe on Taxes", a headline)
        // it ends the name.
        let on_ok = w != "on" || last.has(lx::ORG_HEAD);
        // "National Academies of Arts, Letters and Music".
        if t.is_punct(',')
            && has_org_of_part(s, i, b)
            && let Some(e) = of_part_list(s, b)
        {
            b = e;
            continue;
        }
        if t.is_word() && !t.cap && names::is_run_connector(w) && on_ok {
            if next_is_name {
                b += 2;
                continue;
            }
            if s.next_is(b, "the") && s.at(b + 2).is_some_and(is_name_word) {
                b += 3;
                continue;
            }
        }
        break;
    }
    campus_after_comma(s, i, b).unwrap_or(b)
}

/// Nouns of an institution whose campuses are named after a comma:
/// "University of Northland, Eastport", "College of Medicine, Westbury"
/// (the naming of multi-campus university systems).
const CAMPUS_HEADS: &[&str] = &["university", "college"];

/// "University of Northland, Eastport": the run `a..b` is an institution
/// with an "of" part ("University of X"), and after the comma at `b` come
/// one to three name words that the gazetteer knows as a place (not a
/// country) and that end the phrase (a comma, a full stop, a semicolon, a
/// possessive or the view's end follows). Returns the new end.
pub(super) fn campus_after_comma(s: &Sentence, a: usize, b: usize) -> Option<usize> {
    if s.next(b).is_none() || !s.tok(b).is_punct(',') {
        return None;
    }
    let campus = (a..b).any(|c| {
        let t = s.tok(c);
        t.cap
            && CAMPUS_HEADS
                .iter()
                .any(|h| s.doc_word(t).eq_ignore_ascii_case(h))
            && s.after(c).is_some_and(|n| s.doc_word(n) == "of")
    });
    if !campus {
        return None;
    }
    let e = s.forward_while(b + 1, 4, is_name_word);
    if e == b + 1 || e - b > 4 {
        return None;
    }
    let ends = s
        .at(e)
        .is_none_or(|t| matches!(t.kind, Kind::Punct(',' | '.' | ';') | Kind::Poss));
    let place = names::with_fold(s.text(b + 1, e), |f| {
        gazetteer::is_place(f) && !lx::is_country(f)
    });
    (ends && place).then_some(e)
}

/// Start of the capitalised run ending (exclusive) at `b`, at most back to
/// the view's start; a campus after a comma (`campus_after_comma`) joins
/// the institution before it.
pub(super) fn run_backward(s: &Sentence, b: usize) -> usize {
    let a = run_backward_plain(s, b);
    if s.prev(a).is_some_and(|t| t.is_punct(',')) && s.back(a, 2).is_some_and(is_name_word) {
        let a2 = run_backward_plain(s, a - 1);
        if campus_after_comma(&s.to_para_end(), a2, a - 1) == Some(b) {
            return a2;
        }
    }
    a
}

pub(super) fn run_backward_plain(s: &Sentence, b: usize) -> usize {
    let doc = s.doc();
    // The run's last word: an organisation's head when "and" joins it.
    let head = s.tok(b - 1);
    let mut a = b - 1;
    while b - a < REACH
        && let Some(t) = s.prev(a)
    {
        // The two words before `t`, when the view has them.
        let (t2, t3) = (s.back(a, 2), s.back(a, 3));
        if is_name_word(t) {
            a -= 1;
            continue;
        }
        if t.is_punct('.') && t2.is_some_and(|u| stops_inside_name(doc, u) && is_name_word(u)) {
            a -= 2;
            continue;
        }
        // As in `run_forward`: "the Sheriff's Office".
        if t.kind == Kind::Poss
            && b - a == 1
            && head.has(lx::ORG_HEAD)
            && t2.is_some_and(|u| is_name_word(u) && u.has(lx::TITLE))
        {
            a -= 2;
            continue;
        }
        let w = s.doc_word(t);
        // As in `run_forward`: "Northern Gas and Power Company".
        if w == "and"
            && t2.is_some_and(|u| {
                is_name_word(u)
                    && !u.has(lx::ORG_HEAD)
                    && (is_common_word(doc, u)
                        || plain_word(doc, u) && {
                            // One or two plain words before "and", and no
                            // more of a name ("University of X and Y
                            // University" are two).
                            let starts = |v: Option<&Tok>| {
                                v.is_none_or(|v| {
                                    !is_name_word(v)
                                        && (!v.is_word() || !names::is_run_connector(doc.w(v)))
                                })
                            };
                            let v = s.back(a, 3);
                            starts(v)
                                || v.is_some_and(|v| plain_word(doc, v)) && starts(s.back(a, 4))
                        })
            })
            && head.has(lx::ORG_HEAD)
            && b - a <= 3
            && (a..b).all(|c| !s.tok(c).has(lx::ORG_HEAD) || c == b - 1)
        {
            a -= 2;
            continue;
        }
        // "Leaders of the Dockworkers Union": the group noun is not part of
        // the name; the organisation speaks through them.
        if t2.is_some_and(|u| is_group_of(doc, u)) && matches!(w, "of" | "the") {
            break;
        }
        if w == "the" && t3.is_some_and(|u| is_group_of(doc, u)) {
            break;
        }
        // "the Centre for Rivers and Lakes": "and" inside the of/for part of
        // an organisation's name joins one more word.
        if w == "and"
            && b - a == 1
            && t2.is_some_and(is_name_word)
            && !s.tok(a).has(lx::MALE | lx::FEMALE)
        {
            let a2 = run_backward_plain(s, a - 1);
            if has_org_of_part(s, a2, a - 1) {
                a = a2;
                break;
            }
            // "National Academies of Arts, Letters and Music":
            // back over one-word items and their commas to the of part.
            let mut c = a2;
            for _ in 0..3 {
                if c + 2 > a || c < 2 || !s.prev(c).is_some_and(|u| u.is_punct(',')) {
                    break;
                }
                let r = run_backward_plain(s, c - 1);
                if r >= c - 1 {
                    break;
                }
                if has_org_of_part(s, r, c - 1) && of_part_list(s, c - 1) == Some(b) {
                    a = r;
                    return a;
                }
                if r + 2 != c {
                    break;
                }
                c = r;
            }
        }
        if t.is_word() && !t.cap && t2.is_some() {
            // As in `run_forward`: "on" only after an organisation's head.
            let on_ok =
                |c: &str, u: Option<&Tok>| c != "on" || u.is_some_and(|u| u.has(lx::ORG_HEAD));
            if names::is_run_connector(w) && t2.is_some_and(is_name_word) && on_ok(w, t2) {
                a -= 2;
                continue;
            }
            if w == "the"
                && t3.is_some_and(is_name_word)
                && t2.is_some_and(|u| {
                    let c = s.doc_word(u);
                    names::is_run_connector(c) && on_ok(c, t3)
                })
            {
                a -= 3;
                continue;
            }
        }
        break;
    }
    a
}

/// An acronym in brackets right after `b`: `(RSZ)`, even past the view's
/// end.
pub(super) fn bracket_acronym(s: &Sentence, b: usize) -> Option<usize> {
    let (open, inner, close) = (s.beyond(b)?, s.beyond(b + 1)?, s.beyond(b + 2)?);
    (open.is_punct('(')
        && close.is_punct(')')
        && inner.is_word()
        && names::is_acronym(s.doc_word(inner)))
    .then_some(b + 1)
}

/// Extends an organisation's name `a..b` back over commas and "and", at
/// most to the view's start, while its initials spell the acronym: "Northland
/// Maritime, Coastal and Fisheries Agency (NMCFA)".
pub(super) fn expand_by_initials(s: &Sentence, a: usize, b: usize, acr: &str) -> usize {
    let letters: Vec<char> = acr
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect();
    let mut caps: Vec<usize> = (a..b).filter(|&i| is_name_word(s.tok(i))).collect();
    let mut k = a;
    while caps.len() < letters.len()
        && a - k < REACH
        && let Some(t) = s.prev(k)
    {
        let w = s.doc_word(t);
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
        .filter_map(|&i| s.word(i).chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    if initials == letters {
        caps.first().copied().unwrap_or(a)
    } else {
        a
    }
}

/// After the comma at `k`, one to three one-word items joined by commas
/// and a final "and" ("…of Arts, Letters and Music"), each a
/// capitalised word that is no forename and no organisation's head, and
/// nothing more of a name after the last: its end.
fn of_part_list(s: &Sentence, mut k: usize) -> Option<usize> {
    let item = |t: &Tok| is_name_word(t) && !t.has(lx::MALE | lx::FEMALE | lx::ORG_HEAD);
    for _ in 0..3 {
        if !s.at(k)?.is_punct(',') || !item(s.at(k + 1)?) {
            return None;
        }
        let after = s.at(k + 2)?;
        if after.is_word() && s.doc_word(after) == "and" {
            let last = s.at(k + 3)?;
            let end = k + 4;
            return (item(last) && s.beyond(end).is_none_or(|n| !is_name_word(n))).then_some(end);
        }
        k += 2;
    }
    None
}

/// Whether the run `a..b` holds an organisation's head followed by "of" or
/// "for" ("Department of", "Centre for"): inside that part of a name, "and"
/// joins words of the one name rather than two names.
pub(super) fn has_org_of_part(s: &Sentence, a: usize, b: usize) -> bool {
    (a..b).any(|c| {
        let t = s.tok(c);
        t.cap
            && t.has(lx::ORG_HEAD)
            && s.after(c)
                .is_some_and(|n| matches!(s.doc_word(n), "of" | "for"))
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

/// "Top Roe strategists acknowledged", "Giant screens hanging over the
/// hall showed": a capitalised run `a..b` right before a lower-case plural
/// noun whose verb (a reporting verb, an auxiliary, a past or an -ing form)
/// comes next is that noun's modifier, not a name standing as the subject.
/// A run with a forename or a title in it is a person's name ("Jo Roe
/// remains", "Senator Roe backs") and is left alone.
pub(super) fn modifies_plural_head(s: &Sentence, a: usize, b: usize) -> bool {
    let closed = lx::CUE
        | lx::QUOTE_CUE
        | lx::AUX
        | lx::PASSIVE_AUX
        | lx::FUNC
        | lx::PREP
        | lx::DET
        | lx::ADV_SKIP
        | lx::RELATIVE
        | lx::COORD
        | lx::CONNECTOR;
    let Some(n) = s
        .at(b)
        .filter(|t| t.is_word() && !t.cap && !t.quoted && !t.has(closed))
    else {
        return false;
    };
    let w = s.doc_word(n).as_bytes();
    let plural = w.len() >= 4
        && w.ends_with(b"s")
        && !w.ends_with(b"ss")
        && !w.ends_with(b"us")
        && !w.ends_with(b"'s")
        && w.iter().all(u8::is_ascii_lowercase);
    if !plural {
        return false;
    }
    let Some(v) = s.at(b + 1).filter(|t| t.is_word() && !t.cap && !t.quoted) else {
        return false;
    };
    let vw = s.doc_word(v);
    let verb = v.has(lx::CUE | lx::AUX | lx::PASSIVE_AUX)
        || (vw.len() >= 5 && (vw.ends_with("ed") || vw.ends_with("ing")));
    verb && (a..b).all(|i| {
        !s.tok(i)
            .has(lx::FORENAME | lx::TITLE | lx::MALE | lx::FEMALE)
    })
}
