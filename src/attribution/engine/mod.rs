//! The attribution pipeline, in stages, one file each:
//!
//! 1. tokens and sentences (`super::tokens`): quotation marks paired,
//!    sentences split around abbreviations and quotes;
//! 2. names (`names_pass`): every capitalised run of the article
//!    classified and registered (people, organisations, their roles and
//!    abbreviations) before anything is attributed, so a description like
//!    "the regional governor" resolves even when the name comes later;
//!    `runs` holds the name-run scanning both passes share;
//! 3. cues (`cues`): reporting verbs, `according to`, a colon or a dash
//!    before or after a quote, outside quotations;
//! 4. speakers (`speakers`): the noun phrase each cue attributes to, before
//!    it, inverted after it, `according to X`, a passive `by X`, the
//!    sentence subject;
//! 5. resolution (`resolve`): names, pronouns and descriptions to entities,
//!    against what was read so far;
//! 6. sources (`output`): passages per entity, quote-only sentences and
//!    paragraphs attached to the speaker before them.
//!
//! This file holds the shared state (`Doc`, `Recent`) and the driver that
//! reads sentence by sentence. Every backward or forward search is bounded
//! by its sentence and by a small constant, and every lookup is a hash or a
//! bounded scan, so the whole is linear in the article's length.

mod cues;
mod names_pass;
mod output;
mod resolve;
mod runs;
mod sentence;
mod speakers;

use std::ops::Range;

use super::lexicon::{FastMap, FastSet, FoldFilter, WordSet};
use super::names::{self, CandKind, Entities, Gender};
use super::tokens::{self, Para, Tok};
use super::{SourceKind, Sources};
use crate::model::article::Article;
use cues::find_cues;
use names_pass::collect_names;
use output::build_sources;
use resolve::{desc_is_org, plural_orgs, resolve};
use speakers::speakers_of;

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
    lower: WordSet<'a>,
    /// Single words the article uses as places ("Tarn region", "city of X").
    places: FastSet<String>,
    role_index: FastMap<String, Vec<usize>>,
    /// Per paragraph, its capitalised runs (`start`, `end`, what they
    /// name) in reading order, from the names pass: the attribution pass
    /// reads the same runs and would classify them all again.
    runs: Vec<Vec<(usize, usize, names::Cand)>>,
}

impl<'a> Doc<'a> {
    fn w(&self, t: &Tok) -> &'a str {
        &self.text[t.start..t.end]
    }
}

/// Recently read speakers and names, newest last, for pronouns. A person
/// is "strong" when known to be one: a speaker, a gendered forename or a
/// title. Weak ones (any two capitalised words) are a last resort. A
/// person is a "subject" when last seen speaking or opening a sentence.
#[derive(Default)]
struct Recent {
    persons: Vec<(Who, Gender, usize, bool, bool)>,
    orgs: Vec<(Who, usize)>,
}

impl Recent {
    fn person(&mut self, who: Who, g: Gender, para: usize, strong: bool, subject: bool) {
        // A speaker named again later in its own paragraph ("“…,” said
        // Roe, who …", its mention read after the cue) stays its subject.
        let (mut strong, mut subject) = (strong, subject);
        if who != Who::Unnamed
            && let Some(&(_, _, q, st, sj)) = self.persons.iter().find(|(w, ..)| *w == who)
            && q == para
        {
            strong |= st;
            subject |= sj;
        }
        self.persons
            .retain(|(w, ..)| *w != who || who == Who::Unnamed);
        self.persons.push((who, g, para, strong, subject));
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
        lower: WordSet::default(),
        places: FastSet::default(),
        role_index: FastMap::default(),
        runs: Vec::with_capacity(n),
    };
    // `lower` answers whether a capitalised word also stands in lower case
    // somewhere: only the lower-case words some capitalised word folds to
    // need to be in it, and most lower-case tokens are words no capitalised
    // one folds to. A bit filter turns nearly all of those away; a word it
    // lets through for nothing is one more member no query asks about.
    let mut capitalised = FoldFilter::default();
    for (i, p) in article.paragraphs().iter().enumerate() {
        let para = tokens::tokenize(&text[p.span.clone()], p.span.start);
        for t in para.toks.iter().filter(|t| t.is_word() && t.cap) {
            capitalised.insert_folded(&text[t.start..t.end]);
        }
        doc.paras.push(para);
        if !progress(i / 2, n) {
            return None;
        }
    }
    for para in &doc.paras {
        for t in &para.toks {
            if t.is_word() && !t.cap && t.end - t.start <= 24 {
                let w = &text[t.start..t.end];
                if capitalised.may_hold(w) {
                    doc.lower.insert(w);
                }
            }
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

fn attribute_paragraph(doc: &mut Doc, p: usize, recent: &mut Recent) -> Vec<Attr> {
    let sents = doc.paras[p].sentences.clone();
    let mut out: Vec<Attr> = Vec::new();
    for (si, s) in sents.iter().enumerate() {
        let mentions = sentence_mentions(doc, p, s.clone());
        // The noun phrase opening the sentence, for pronouns: a person
        // named there is its subject, not one it merely mentions.
        let subject = if mentions.is_empty() {
            0..0
        } else {
            match speakers::sentence_subject(&sentence::Sentence::new(doc, p, s.clone()), s.end) {
                Some(Np::Run(a, b)) => a..b,
                _ => 0..0,
            }
        };
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
                    note_mention(doc, recent, p, mentions[mi], &subject);
                    mi += 1;
                }
                // Where the speaker is named, to order the sources.
                let at = doc.paras[p].toks[pos].start;
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
                        recent.person(who, g, p, true, true);
                    }
                    if let Who::Ent(id) = who {
                        doc.ents.list[id].spoke = true;
                        doc.ents.list[id].last_seen = Some(at);
                        if !found.contains(&id) {
                            found.push(id);
                            out.push(Attr {
                                ent: id,
                                sent: si,
                                pos: at,
                            });
                        }
                    }
                }
            }
        }
        while mi < mentions.len() {
            note_mention(doc, recent, p, mentions[mi], &subject);
            mi += 1;
        }
    }
    out
}

fn note_mention(
    doc: &mut Doc,
    recent: &mut Recent,
    p: usize,
    (k, id, at): (usize, usize, usize),
    subject: &Range<usize>,
) {
    // A name inside a quotation is what the speaker talks about: it is
    // no antecedent for the pronoun that attributes the quote ("“… Roe
    // …,” he added" is the speaker before, not Roe).
    let quoted = doc.paras[p].toks[k].quoted;
    let e = &mut doc.ents.list[id];
    e.last_seen = Some(at);
    if quoted {
        return;
    }
    if e.kind == SourceKind::Organisation {
        recent.org(Who::Ent(id), p);
    } else {
        let strong = e.spoke || e.gender != Gender::Unknown || e.role.is_some();
        recent.person(Who::Ent(id), e.gender, p, strong, subject.contains(&k));
    }
}

/// Known names in a sentence, in order: `(token index, entity, offset)`.
fn sentence_mentions(doc: &Doc, p: usize, s: Range<usize>) -> Vec<(usize, usize, usize)> {
    let s = sentence::Sentence::new(doc, p, s);
    let runs = &doc.runs[p];
    let first = runs.partition_point(|r| r.0 < s.start());
    let mut out = Vec::new();
    for &(a, _, ref cand) in runs[first..].iter().take_while(|r| r.0 < s.indices().end) {
        let (na, nb) = (cand.name.start, cand.name.end);
        let id = match cand.kind {
            CandKind::Person | CandKind::Org => {
                let name = s.text(na, nb);
                doc.ents.full(name).or_else(|| {
                    if s.word_count(na, nb) == 1 {
                        // "Mr. Roe" is not Jane Roe.
                        let g = if cand.titled {
                            s.gender_of(cand)
                        } else {
                            Gender::Unknown
                        };
                        doc.ents
                            .single_of(name, g)
                            .or_else(|| doc.ents.acronym(name))
                    } else {
                        None
                    }
                })
            }
            CandKind::Single if na < nb => {
                let name = s.word(na);
                doc.ents
                    .acronym(name)
                    .or_else(|| doc.ents.full(name))
                    .or_else(|| doc.ents.single(name))
            }
            _ => None,
        };
        if let Some(id) = id {
            out.push((a, id, s.tok(a).start));
        }
    }
    out
}
