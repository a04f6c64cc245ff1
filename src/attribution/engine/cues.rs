//! Reporting cues of a sentence, as a table of shapes: each rule is a
//! trigger (what the token at the cursor must look like) and where its
//! speaker is (`CueKind`, which `speakers` searches). A new reporting verb
//! is a line in `data/reporting_verbs.txt`; a new cue shape is a rule here.

use std::ops::Range;

use super::Doc;
use super::runs::{is_name_word, run_forward};
use super::sentence::Sentence;
use super::speakers::{intro_end, opens_with_clause};
use crate::attribution::SourceKind;
use crate::attribution::lexicon as lx;
use crate::attribution::names::{self, CandKind, Gender};
use crate::attribution::tokens::{Kind, Tok};

/// Where a cue's speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CueKind {
    /// A reporting verb or noun: its subject before it (`Roe said`), the
    /// name after it when the sentence opens with the quote (`“…,” said
    /// Roe`), or the agent of a passive (`was reported by Roe`).
    Verb,
    /// The noun phrases after the trigger: `according to Roe and Acme`.
    According,
    /// The sentence's subject: a colon introducing a quote.
    Colon,
    /// The name after the trigger: `” — Commissioner Jane Roe`.
    Dash,
}

/// One cue shape.
struct CueRule {
    /// What the rule recognises, for a reader of the table.
    #[allow(dead_code)]
    shape: &'static str,
    trigger: fn(&Sentence, usize) -> bool,
    speaker: CueKind,
}

/// Shapes tried at every unquoted word, in order; the first that fires
/// makes the word a cue.
const WORD_RULES: &[CueRule] = &[
    CueRule {
        shape: "according to X",
        trigger: according_to,
        speaker: CueKind::According,
    },
    CueRule {
        shape: "X said, said X, was reported by X (the lexicon's cues)",
        trigger: reporting_word,
        speaker: CueKind::Verb,
    },
    CueRule {
        shape: "X called it “…” (verbs that attribute only a quote)",
        trigger: quote_verb,
        speaker: CueKind::Verb,
    },
];

/// Shapes tried only in a sentence with a quote and no word cue; the first
/// token at which one fires is the sentence's one cue.
const QUOTE_RULES: &[CueRule] = &[
    CueRule {
        shape: "X: “…”",
        trigger: colon_before_quote,
        speaker: CueKind::Colon,
    },
    CueRule {
        shape: "“…” — X",
        trigger: dash_after_quote,
        speaker: CueKind::Dash,
    },
    CueRule {
        shape: "X reacted on Twitter, “…” (a clause, a comma, a quote to the end)",
        trigger: comma_before_closing_quote,
        speaker: CueKind::Colon,
    },
];

/// Shapes tried in a sentence with no word cue and no quote rule, quote
/// or not: a headline's or a transcript's attribution.
const LEAD_RULES: &[CueRule] = &[CueRule {
    shape: "Roe: the plan will fail (a person's name, a colon, the words)",
    trigger: name_colon_lead,
    speaker: CueKind::Colon,
}];

pub(super) fn find_cues(doc: &Doc, p: usize, s: Range<usize>) -> Vec<(usize, CueKind)> {
    let s = Sentence::new(doc, p, s);
    let has_quote = s.has_quote();
    let mut out = Vec::new();
    for i in s.indices() {
        let t = s.tok(i);
        if t.quoted || !t.is_word() {
            continue;
        }
        if let Some(rule) = WORD_RULES.iter().find(|r| (r.trigger)(&s, i)) {
            out.push((i, rule.speaker));
        }
    }
    // A cue inside an introductory clause ("Asked whether it would pass,
    // Roe shot back: “…”", "After Doe criticised him, Roe said, “…”") is
    // not the main clause's: a quote after it still needs its own cue.
    let main_from = match has_quote.then(|| intro_end(&s)).flatten() {
        Some(c) if opens_with_clause(&s) => c + 1,
        _ => s.start(),
    };
    if has_quote && out.iter().all(|&(i, _)| i < main_from) {
        for i in main_from..s.indices().end {
            if let Some(rule) = QUOTE_RULES.iter().find(|r| (r.trigger)(&s, i)) {
                out.push((i, rule.speaker));
                break;
            }
        }
    }
    // A transcript's label opens its paragraph: the words after it are
    // the label's, whatever cues they hold ("ROE: He said no.").
    if s.start() == 0
        && let Some(c) = (1..7).map(|k| s.start() + k).find(|&k| s.is(k, ":"))
        && transcript_label(&s, c)
    {
        out.insert(0, (c, CueKind::Colon));
        return out;
    }
    if out.is_empty() {
        // The colon stands right after the name that opens the sentence.
        let reach = s.forward_while(s.start(), 8, |t| !t.is_punct(':')) + 1;
        for i in s.start()..reach.min(s.indices().end) {
            if let Some(rule) = LEAD_RULES.iter().find(|r| (r.trigger)(&s, i)) {
                out.push((i, rule.speaker));
                break;
            }
        }
    }
    out
}

fn according_to(s: &Sentence, i: usize) -> bool {
    s.word(i).eq_ignore_ascii_case("according") && s.next_is(i, "to")
}

/// A reporting verb or noun from the lexicon, in lower case. A form that
/// is often a noun ("reports", "a claim") is a cue only as a verb.
fn reporting_word(s: &Sentence, i: usize) -> bool {
    let t = s.tok(i);
    if !t.has(lx::CUE) {
        return false;
    }
    if t.cap {
        // "Speaking to reporters, Roe …", "Writing on Twitter, Roe …": a
        // participle opening the sentence reports the main clause's subject.
        if i == s.start() {
            return s.word(i).ends_with("ing")
                && s.next(i).is_some_and(|n| n.is_word() && !n.cap)
                && intro_end(s).is_some();
        }
        return headline_verb(s, i);
    }
    if s.word(i).starts_with("add") && adds_a_thing(s, i) {
        return false;
    }
    !t.has(lx::CUE_NOUNISH) || !nounish_is_a_noun(s, i)
}

/// "has added another link", "adds a new route": "add" with a noun phrase
/// for its object puts something in; it reports speech only before a
/// clause, a quote or nothing ("added that …", "he added.").
fn adds_a_thing(s: &Sentence, i: usize) -> bool {
    s.next(i).is_some_and(|n| {
        let w = s.doc_word(n);
        n.is_word()
            && !n.cap
            && !n.quoted
            // Determiners ("another", "its", "their") are DET words.
            && (n.has(lx::DET) && w != "that" || counts(w) || w == "new")
    })
}

/// "Roe Says Plan Will Fail", "Roe Just Announced …": in a title-case
/// headline every word is capitalised, the verb too. A cue form there that
/// reads only as a verb (ending "-s" or "-ed", not one often a noun:
/// "Reports", "Claims") after a name is a cue.
fn headline_verb(s: &Sentence, i: usize) -> bool {
    let t = s.tok(i);
    let w = s.word(i);
    !t.quoted
        && !t.has(lx::CUE_NOUNISH)
        && (w.ends_with('s') || w.ends_with("ed"))
        && s.prev(i).is_some_and(is_name_word)
        // Its object follows: "Jo Rants," in a list of names is no verb.
        && s.next(i)
            .is_some_and(|n| !matches!(n.kind, Kind::Punct(',' | ';' | '.' | ':' | ')')))
        && s.title_case()
}

/// "reports indicated", "a claim", "a Facebook post", "its media report":
/// a noun here, not a verb.
fn nounish_is_a_noun(s: &Sentence, i: usize) -> bool {
    let w = s.word(i);
    let next_verb = s.after(i).is_some_and(|n| {
        n.is_word()
            && !n.cap
            && (lx::looks_past_verb(s.doc_word(n)) || n.has(lx::CUE | lx::AUX | lx::PASSIVE_AUX))
    });
    let prev_det = s
        .prev(i)
        .is_some_and(|t| t.has(lx::DET | lx::PREP) || t.kind == Kind::Poss);
    // "there were tweets", "a million posts", "several claims": after a
    // form of "be", a numeral or a quantifier, a noun.
    let counted = s
        .prev(i)
        .is_some_and(|t| !t.cap && t.has(lx::PASSIVE_AUX) || counts(s.doc_word(t)));
    // A noun after a name and an article; a verb needs "posts"/"posted".
    let base_form = !(w.ends_with('s') || w.ends_with("ed") || w.ends_with("ing"));
    let after_name = s.prev(i).is_some_and(is_name_word);
    let k = s.back_while(i, 8, is_name_word);
    let indefinite = k < i
        && s.prev(k)
            .is_some_and(|t| names::with_lower(s.doc_word(t), |w| lx::NOUN_OPENERS.contains(&w)));
    // "a minority report seems", "his home state", "a private email
    // account": a bare form after a determiner or a possessive and
    // lower-case modifiers is a singular noun (the verb would be
    // "reports"); "three early states": any form after a numeral or a
    // quantifier and modifiers is a noun.
    let m = s.back_while(i, 3, |t| {
        t.is_word()
            && !t.cap
            && !t.quoted
            && !t.has(lx::DET | lx::PREP | lx::FUNC | lx::AUX | lx::PASSIVE_AUX | lx::CUE)
    });
    let opener = s.prev(m).filter(|_| m < i);
    let determined = base_form
        && opener.is_some_and(|t| {
            // DET holds the other possessive determiners ("his", "their").
            t.kind == Kind::Poss
                || t.has(lx::DET)
                || names::with_lower(s.doc_word(t), |w| matches!(w, "my" | "your"))
        });
    let counted_mods = opener.is_some_and(|t| counts(s.doc_word(t)));
    base_form && after_name
        || indefinite
        || next_verb
        || prev_det
        || counted
        || determined
        || counted_mods
}

/// A numeral ("3", "1,200") or a quantity word ("several", "millions"):
/// what follows it is counted, so a noun.
fn counts(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_digit()) || lx::QUANTIFIERS.contains(&w)
}

/// A verb that attributes only a direct quote that follows it ("called
/// it “a disgrace”"), never plain narration.
fn quote_verb(s: &Sentence, i: usize) -> bool {
    let t = s.tok(i);
    if t.cap || t.has(lx::CUE) || !t.has(lx::QUOTE_CUE) || !s.has_quote() {
        return false;
    }
    if s.quote_opens_after(i) {
        // "will continue to be “…”": a verb before an infinitive only
        // says how the action goes on.
        let infinitive = s.next_is(i, "to")
            && s.at(i + 2)
                .is_some_and(|u| u.is_word() && !u.cap && !u.quoted && !u.has(lx::DET));
        return !infinitive;
    }
    // "“…,” Roe shouted", "“…,” she continued": the quote, then only its
    // speaker (a name or a pronoun) before the verb.
    let k = s.back_while(i, 6, |u| {
        is_name_word(u) || u.has(lx::PRON_HE | lx::PRON_SHE | lx::PRON_IT | lx::PRON_THEY)
    });
    k < i && s.prev(k).is_some_and(|q| q.kind == Kind::QClose)
}

fn colon_before_quote(s: &Sentence, i: usize) -> bool {
    let t = s.tok(i);
    t.is_punct(':') && !t.quoted && s.after(i).is_some_and(|n| n.kind == Kind::QOpen)
}

fn dash_after_quote(s: &Sentence, i: usize) -> bool {
    let t = s.tok(i);
    matches!(t.kind, Kind::Punct('—' | '–' | '-'))
        && !t.quoted
        && s.prev(i).is_some_and(|q| q.kind == Kind::QClose)
        && s.after(i).is_some_and(is_name_word)
}

/// A clause, a comma and a quote of four words or more that ends the
/// sentence: `Roe reacted on Twitter, “…”.` With no reporting verb, the
/// quote is still the words of the clause's subject, as after a colon.
fn comma_before_closing_quote(s: &Sentence, i: usize) -> bool {
    let t = s.tok(i);
    if !t.is_punct(',')
        || t.quoted
        || !s
            .prev(i)
            .is_some_and(|w| w.is_word() && !w.quoted && !lx::NAMING_VERBS.contains(&s.doc_word(w)))
        || !s.next(i).is_some_and(|n| n.kind == Kind::QOpen)
    {
        return false;
    }
    let mut words = 0;
    let mut closed = false;
    for k in i + 2..s.indices().end {
        let u = s.tok(k);
        if closed {
            if u.is_word() {
                return false;
            }
        } else if u.kind == Kind::QClose {
            closed = true;
        } else if u.is_word() {
            words += 1;
        }
    }
    words >= 4
}

/// `Roe: Plan will fail`, `Jane Roe: “…”`: a headline or a transcript
/// gives the speaker's name, a colon and the words. The sentence opens
/// with a name of at most three words that the article knows as a
/// person's, with a gender (from a forename or a title): "Poll:", "The
/// Latest:" or a title-case headline's run ("Big Win For Roe:") name
/// nobody.
fn name_colon_lead(s: &Sentence, i: usize) -> bool {
    let t = s.tok(i);
    let a = s.start();
    if !t.is_punct(':')
        || t.quoted
        || i == a
        || !s.at(a).is_some_and(is_name_word)
        || run_forward(&s.until(i), a) != i
    {
        return false;
    }
    // Words after the colon, not a time ("10:30") or a single word.
    let after = s.forward_while(i + 1, 3, |u| u.is_word() || u.kind == Kind::QOpen);
    if after < i + 3 {
        return false;
    }
    let words = s.word_count(a, i);
    if words > 3 || !matches!(s.classify(a, i).kind, CandKind::Person | CandKind::Single) {
        return false;
    }
    let doc = s.doc();
    let known = if words == 1 {
        doc.ents.single(s.word(a))
    } else {
        doc.ents.full(s.text(a, i))
    };
    known.is_some_and(|id| {
        let e = &doc.ents.list[id];
        e.kind == SourceKind::Person && e.gender != Gender::Unknown
    })
}

/// `JANE ROE: Why not?`, `ROE: We will.`: a transcript gives each turn
/// its speaker's name in capitals and a colon. The label is a person's: a
/// forename then a surname, or a surname the article names in full
/// ("UPDATE:", "FIX IS IN:" name nobody).
fn transcript_label(s: &Sentence, c: usize) -> bool {
    let a = s.start();
    let upper = |t: &Tok| {
        t.is_word()
            && !t.quoted
            && s.doc_word(t)
                .chars()
                .all(|ch| ch.is_uppercase() || ch == '-' || ch == '\'')
    };
    if !(a..c).all(|k| upper(s.tok(k)) || s.tok(k).is_punct('.'))
        || !s
            .after(c)
            .is_some_and(|n| n.is_word() || n.kind == Kind::QOpen)
    {
        return false;
    }
    let words = s.word_count(a, c);
    let doc = s.doc();
    if words == 1 {
        // The surname of someone named in full (a label of its own, "JO
        // ROE:", included).
        let w = s.word(a);
        return doc.ents.single(w).is_some_and(|id| {
            let e = &doc.ents.list[id];
            e.words.len() > 1 && names::with_fold(w, |k| e.words.last().is_some_and(|l| l == k))
        });
    }
    words <= 4 && s.tok(a).has(lx::FORENAME)
}
