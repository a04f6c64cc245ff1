//! Sources and passages from the attributions: one passage per source and
//! paragraph; quote-only sentences and paragraphs continue the speaker
//! before them.

use std::collections::HashMap;

use super::sentence::Sentence;
use super::{Attr, Doc};
use crate::attribution::tokens::Kind;
use crate::attribution::{Passage, PassageKind, Source, Sources};

pub(super) fn build_sources(doc: &Doc, attrs: &[Vec<Attr>]) -> Sources {
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
        // A paragraph that is one quotation from end to end, with no cue,
        // continues the speaker of the paragraph before even when that one
        // reported the speaker's words without quoting them ("Roe said the
        // river mattered. ¶ “It feeds every farm in the valley.”").
        let wholly_quoted = || para.toks.iter().all(|t| t.quoted || !t.is_word());
        if para_attrs.is_empty()
            && para.opens_with_quote
            && let Some((e, quoted)) = prev_last
            && (quoted || wholly_quoted())
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
            let sentence = Sentence::new(doc, p, r.clone());
            let span = sentence.byte_span();
            let quoted = sentence.has_quote();
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
