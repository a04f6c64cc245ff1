//! Tokens, quotation marks and sentences of one paragraph.
//!
//! One left-to-right pass per paragraph, so time is linear in its length
//! whatever it holds (a 5 MB word, a megabyte of quote marks). Offsets are
//! byte offsets into the article text and always fall on char boundaries
//! because the scan steps a whole char at a time.

use super::lexicon::{self, Flags};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// `’s` / `'s` / a bare `’` after a plural.
    Poss,
    QOpen,
    QClose,
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Inside a direct quotation (the marks themselves included).
    pub quoted: bool,
    pub cap: bool,
    pub flags: Flags,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word)
    }
    pub fn has(&self, f: Flags) -> bool {
        self.is_word() && self.flags & f != 0
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

/// A paragraph split into tokens and sentences.
#[derive(Debug, Default)]
pub struct Para {
    pub toks: Vec<Tok>,
    /// Token index ranges.
    pub sentences: Vec<std::ops::Range<usize>>,
    /// Starts with an opening quotation mark.
    pub opens_with_quote: bool,
    /// Ends inside a quotation that was never closed.
    pub ends_in_quote: bool,
    pub has_quote: bool,
}

fn is_double_open(c: char) -> bool {
    matches!(c, '“' | '„' | '«' | '‟')
}
fn is_double_close(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Splits `text[span]` into tokens with absolute offsets (`base` is the
/// paragraph's start in the article).
pub fn tokenize(text: &str, base: usize) -> Para {
    // Positions are byte offsets, walked a char at a time: decoding on the
    // spot (one byte for ASCII) costs less than a vector of every char and
    // its offset, which was sixteen bytes written and read back per byte.
    let bytes = text.as_bytes();
    let n = bytes.len();
    // The char at byte `i` (always a char boundary), a space past the end.
    let at = |i: usize| -> char {
        match bytes.get(i) {
            None => ' ',
            Some(&b) if b.is_ascii() => char::from(b),
            Some(_) => text[i..].chars().next().unwrap_or(' '),
        }
    };
    let before = |i: usize| -> char {
        match i.checked_sub(1).map(|j| bytes[j]) {
            None => ' ',
            Some(b) if b.is_ascii() => char::from(b),
            Some(_) => text[..i].chars().next_back().unwrap_or(' '),
        }
    };
    let mut toks = Vec::with_capacity(text.len() / 5 + 4);
    let mut i = 0;
    // Quote state: inside a double quotation, and where a single quotation
    // opened (as a token index) so it can be undone if it never closes.
    let mut in_double = false;
    let mut single_open: Option<usize> = None;
    while i < n {
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let c = at(i);
        if c.is_whitespace() || c.is_control() {
            i += c.len_utf8();
            continue;
        }
        if c.is_alphanumeric() {
            let s = i;
            i += c.len_utf8();
            while i < n {
                // Most of a word is ASCII letters: no char to decode.
                if bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
                let c = at(i);
                if c.is_alphanumeric() {
                    i += c.len_utf8();
                    continue;
                }
                let j = i + c.len_utf8();
                let next = at(j);
                if matches!(c, '\'' | '’') && next.is_alphabetic() {
                    // `’s` at a word end is a possessive, not part of the word.
                    if matches!(next, 's' | 'S') && !at(j + 1).is_alphanumeric() {
                        break;
                    }
                    i = j;
                    continue;
                }
                if matches!(c, '-' | '.' | '&' | '‐') && next.is_alphanumeric() {
                    i = j;
                    continue;
                }
                break;
            }
            let word = &text[s..i];
            let cap = word.chars().next().is_some_and(char::is_uppercase)
                || word_cap_after_particle(word);
            toks.push(Tok {
                start: base + s,
                end: base + i,
                kind: Kind::Word,
                quoted: false,
                cap,
                flags: lexicon::token_flags(word, cap),
            });
            continue;
        }
        let s = i;
        // Two apostrophes (or two backticks) stand for a double quotation
        // mark in plain-text news wires: one token, paired like `"`.
        let doubled = matches!(c, '\'' | '`') && at(i + 1) == c;
        let e = if doubled { i + 2 } else { i + c.len_utf8() };
        let mut kind = Kind::Punct(c);
        match c {
            _ if doubled => {
                // "``" only opens; "''" closes an open quotation, or opens
                // one unless it stands after a word like a stray closer.
                let prev = before(i);
                let stray_closer = i > 0 && !prev.is_whitespace() && !is_open_punct(prev);
                if in_double && c == '\'' {
                    kind = Kind::QClose;
                    in_double = false;
                } else if !in_double && (c == '`' || !stray_closer) {
                    kind = Kind::QOpen;
                    in_double = true;
                    drop_single(&mut toks, &mut single_open);
                }
            }
            '\'' | '’' | '‘' => {
                let prev = before(i);
                let next = at(e);
                let prev_word = prev.is_alphanumeric();
                if matches!(next, 's' | 'S') && prev_word && !at(e + 1).is_alphanumeric() {
                    toks.push(Tok {
                        start: base + s,
                        end: base + e + 1,
                        kind: Kind::Poss,
                        quoted: false,
                        cap: false,
                        flags: 0,
                    });
                    i = e + 1;
                    continue;
                }
                let opener_shape = (c == '‘' || !prev_word)
                    && !prev.is_alphanumeric()
                    && (next.is_alphanumeric() || next == '"' || next == '“');
                if in_double {
                    // Nested single quotes live inside the double quote.
                } else if single_open.is_some() && !opener_shape && c != '‘' {
                    kind = Kind::QClose;
                    single_open = None;
                } else if single_open.is_none() && opener_shape {
                    kind = Kind::QOpen;
                    single_open = Some(toks.len());
                } else if prev_word && matches!(prev, 's' | 'S') {
                    kind = Kind::Poss;
                }
            }
            '"' => {
                let prev = before(i);
                let next = at(e);
                let closer_shape = !prev.is_whitespace()
                    && !is_open_punct(prev)
                    && (next.is_whitespace() || !next.is_alphanumeric());
                if in_double {
                    kind = Kind::QClose;
                    in_double = false;
                } else if closer_shape && i > 0 {
                    // A stray closing mark with nothing open: ignore it.
                } else {
                    kind = Kind::QOpen;
                    in_double = true;
                    drop_single(&mut toks, &mut single_open);
                }
            }
            c if is_double_open(c) && !in_double => {
                kind = Kind::QOpen;
                in_double = true;
                drop_single(&mut toks, &mut single_open);
            }
            c if is_double_close(c) && in_double => {
                kind = Kind::QClose;
                in_double = false;
            }
            _ => {}
        }
        toks.push(Tok {
            start: base + s,
            end: base + e,
            kind,
            quoted: false,
            cap: false,
            flags: 0,
        });
        i = e;
    }
    // A single quotation never closed was apostrophes after all.
    drop_single(&mut toks, &mut single_open);
    let mut para = Para {
        opens_with_quote: toks.first().is_some_and(|t| t.kind == Kind::QOpen),
        ends_in_quote: in_double,
        ..Para::default()
    };
    mark_quoted(&mut toks);
    para.has_quote = toks.iter().any(|t| t.kind == Kind::QOpen);
    para.sentences = sentences(&toks, text, base);
    para.toks = toks;
    para
}

fn drop_single(toks: &mut [Tok], single_open: &mut Option<usize>) {
    if let Some(i) = single_open.take()
        && let Some(t) = toks.get_mut(i)
    {
        t.kind = Kind::Punct('\'');
    }
}

fn is_open_punct(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | ':' | '“' | '‘')
}

/// `al-Rahim`, `bin-Tariq`: a lower-case particle before a capital.
fn word_cap_after_particle(word: &str) -> bool {
    // The particle is one to three bytes, so the first hyphen, if it is
    // the particle's, is among the first four: no need to search further.
    match word.bytes().take(4).position(|b| b == b'-') {
        Some(i) => word[i + 1..].chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

/// Sets `quoted` on every token between an opening mark and its closing
/// mark (or the paragraph end). Single quotes of fewer than three words
/// are nicknames or scare quotes; they stay unquoted.
fn mark_quoted(toks: &mut [Tok]) {
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < toks.len() {
        match toks[i].kind {
            Kind::QOpen if open.is_none() => open = Some(i),
            Kind::QClose => {
                if let Some(o) = open.take() {
                    for t in &mut toks[o..=i] {
                        t.quoted = true;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(o) = open {
        for t in &mut toks[o..] {
            t.quoted = true;
        }
    }
}

/// Sentence boundaries outside quotations: `.`, `!`, `?` or `;` followed by
/// a capital, digit or opening quote, unless the word before is an
/// abbreviation or an initial. A closing quote right after the full stop
/// belongs to the sentence it ends.
fn sentences(toks: &[Tok], text: &str, base: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let word = |t: &Tok| &text[t.start - base..t.end - base];
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let ender = matches!(t.kind, Kind::Punct('.' | '!' | '?' | ';' | '…'));
        let quote_end = t.kind == Kind::QClose
            && i > 0
            && matches!(toks[i - 1].kind, Kind::Punct('.' | '!' | '?' | '…'));
        let boundary = if quote_end {
            true
        } else if ender && !t.quoted {
            let prev_abbrev = i > 0
                && toks[i - 1].is_word()
                && t.kind == Kind::Punct('.')
                && (toks[i - 1].has(lexicon::ABBREV) || is_initial(word(&toks[i - 1])));
            !prev_abbrev
        } else {
            false
        };
        if boundary {
            let mut end = i + 1;
            // `."` — the closing mark goes with this sentence.
            if end < toks.len() && toks[end].kind == Kind::QClose && !quote_end {
                end += 1;
            }
            let next_starts = toks.get(end).is_none_or(|n| {
                n.cap
                    || n.kind == Kind::QOpen
                    || text[n.start - base..].starts_with(|c: char| c.is_ascii_digit())
                    || t.kind == Kind::Punct(';')
            }) && !(quote_end && speaker_then_verb(&toks[end..]));
            if next_starts {
                out.push(start..end);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

/// `“Stop!” Jo Roe said.`, `“Why?” Roe asked`: after a quote that ends on
/// its own mark, a name (up to four capitalised words) and a lower-case
/// reporting verb are the quote's attribution, not a new sentence.
fn speaker_then_verb(toks: &[Tok]) -> bool {
    let names = toks
        .iter()
        .take(5)
        .take_while(|t| t.is_word() && t.cap || t.kind == Kind::Punct('.'))
        .count();
    names > 0
        && toks
            .get(names)
            .is_some_and(|v| v.is_word() && !v.cap && v.has(lexicon::CUE | lexicon::QUOTE_CUE))
}

fn is_initial(w: &str) -> bool {
    let mut cs = w.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
        || (w.contains('.') && w.len() <= 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(String, Kind, bool)> {
        tokenize(s, 0)
            .toks
            .iter()
            .map(|t| (s[t.start..t.end].to_owned(), t.kind, t.quoted))
            .collect()
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let k = kinds("Russia’s army said it don't stop, the drivers’ union said.");
        assert!(k.iter().all(|(_, _, q)| !q), "{k:?}");
        assert!(k.iter().any(|(w, k, _)| w == "’s" && *k == Kind::Poss));
        assert!(k.iter().any(|(w, _, _)| w == "don't"));
    }

    #[test]
    fn curly_and_straight_quotes_pair() {
        let k = kinds("“Go,” he said. \"Now.\" Done");
        let quoted: Vec<&str> = k.iter().filter(|x| x.2).map(|x| x.0.as_str()).collect();
        assert_eq!(quoted, ["“", "Go", ",", "”", "\"", "Now", ".", "\""]);
    }

    #[test]
    fn single_quotes_as_quotation_marks() {
        let k = kinds("She said: 'We will win this fight' and left.");
        assert!(k.iter().any(|(w, _, q)| w == "fight" && *q));
        assert!(k.iter().any(|(w, _, q)| w == "left" && !*q));
    }

    #[test]
    fn unclosed_quote_runs_to_paragraph_end() {
        let p = tokenize("“First part of a long quote", 0);
        assert!(p.ends_in_quote && p.opens_with_quote);
        assert!(p.toks.iter().all(|t| t.quoted));
    }

    #[test]
    fn sentences_skip_abbreviations_and_quotes() {
        let s = "Dr. Jane Roe said “It works. Really.” Then Mr. Bo left. Gen. X came.";
        let p = tokenize(s, 0);
        let texts: Vec<&str> = p
            .sentences
            .iter()
            .map(|r| &s[p.toks[r.start].start..p.toks[r.end - 1].end])
            .collect();
        assert_eq!(
            texts,
            [
                "Dr. Jane Roe said “It works. Really.”",
                "Then Mr. Bo left.",
                "Gen. X came."
            ]
        );
    }

    #[test]
    fn offsets_are_char_boundaries() {
        let s = "Łucja „quoted” é\u{fffd}\u{1}x’";
        let p = tokenize(s, 0);
        for t in &p.toks {
            assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
        }
    }
}
