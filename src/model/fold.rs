//! Folding text for matching what people type against what articles print.
//!
//! A reader types `kyiv's`, `"explosions` or `gdansk` on a plain keyboard;
//! the article prints `Kyiv’s`, `“Explosions` and `Gdańsk`. Both sides are
//! folded the same way before they are compared: case (unless asked to
//! keep it), every style of apostrophe and of quotation mark to `'` and
//! `"`, every dash and hyphen to `-`, every space to ` `, and letters to
//! their base letters (canonical decomposition without its combining
//! marks, plus the Latin letters that have no decomposition, such as `ł`
//! and `ø`). [`Folded`] keeps where each folded byte came from, so a match
//! found in the folded text is highlighted on the original characters.
//!
//! The reader's search, the picker's filter and the People view's filter
//! all fold through here, so a name found one way is found every way.

use std::ops::Range;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The base letters of Latin letters that Unicode does not decompose.
fn latin_base(c: char) -> Option<&'static str> {
    Some(match c {
        'ł' => "l",
        'Ł' => "L",
        'ø' => "o",
        'Ø' => "O",
        'đ' | 'ð' => "d",
        'Đ' | 'Ð' => "D",
        'ħ' => "h",
        'Ħ' => "H",
        'ı' => "i",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'þ' => "th",
        'Þ' => "TH",
        _ => return None,
    })
}

/// Appends the folded form of `c` to `out`; `case` keeps letter case.
fn fold_char(c: char, case: bool, out: &mut String) {
    if c.is_ascii() {
        match c {
            '`' => out.push('\''),
            c if case => out.push(c),
            c => out.push(c.to_ascii_lowercase()),
        }
        return;
    }
    match c {
        // Apostrophes, single quotes and primes.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}'
        | '\u{02BC}' | '\u{02B9}' | '\u{2039}' | '\u{203A}' | '\u{FF07}' => out.push('\''),
        // Double quotation marks of every style, guillemets and double primes.
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{301D}' | '\u{301E}' | '\u{301F}' | '\u{FF02}' => out.push('"'),
        // Hyphens, dashes and the minus sign.
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            out.push('-');
        }
        c if c.is_whitespace() => out.push(' '),
        // A soft hyphen only says where a word may break.
        '\u{00AD}' => {}
        c => {
            if let Some(base) = latin_base(c) {
                push_case(base, case, out);
                return;
            }
            decompose_canonical(c, |d| {
                if is_combining_mark(d) {
                    return;
                }
                if let Some(base) = latin_base(d) {
                    push_case(base, case, out);
                } else if case {
                    out.push(d);
                } else {
                    // Lower case may bring marks of its own (`İ` → `i̇`).
                    out.extend(d.to_lowercase().filter(|l| !is_combining_mark(*l)));
                }
            });
        }
    }
}

fn push_case(s: &str, case: bool, out: &mut String) {
    if case {
        out.push_str(s);
    } else {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
    }
}

/// `s` folded for comparing, case included.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, false, &mut out);
    }
    out
}

/// `s` folded, keeping letter case (for a query with capitals in it).
pub fn fold_keep_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, true, &mut out);
    }
    out
}

/// Whether `query` (folded already, with [`fold`]) occurs in `hay` once
/// `hay` is folded: what a list filter asks of each entry.
pub fn contains(hay: &str, folded_query: &str) -> bool {
    folded_query.is_empty() || fold(hay).contains(folded_query)
}

/// Smart case, as in less and vim: a query with a capital letter in it
/// keeps case, any other ignores it.
pub fn keeps_case(query: &str) -> bool {
    query.chars().any(char::is_uppercase)
}

/// A text folded, with the way back from folded byte offsets to the
/// original ones.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    text: String,
    /// Each character outside ASCII: (folded start, original start, folded
    /// len, original len), ascending. Between two of them offsets move
    /// together, so ASCII text costs nothing here.
    jumps: Vec<(usize, usize, usize, usize)>,
}

impl Folded {
    /// Folds `text` (keeping case when `case`).
    pub fn new(text: &str, case: bool) -> Folded {
        let mut out = String::with_capacity(text.len());
        let mut jumps = Vec::new();
        for (i, c) in text.char_indices() {
            let at = out.len();
            fold_char(c, case, &mut out);
            // ASCII folds byte for byte; anything else may fold into more
            // or fewer bytes, or as many of other characters (`ß` → `ss`),
            // and a match may start inside it.
            if !c.is_ascii() {
                jumps.push((at, i, out.len() - at, c.len_utf8()));
            }
        }
        Folded { text: out, jumps }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original range of the characters folded into `folded`.
    pub fn original(&self, folded: Range<usize>) -> Range<usize> {
        let start = self.map(folded.start, false);
        let end = if folded.end > folded.start {
            self.map(folded.end - 1, true)
        } else {
            start
        };
        start..end
    }

    /// The original offset of folded byte `p`: the start of the character
    /// it came from, or its end when `end`.
    fn map(&self, p: usize, end: bool) -> usize {
        let i = self.jumps.partition_point(|j| j.0 <= p);
        let Some(&(fs, os, fl, ol)) = i.checked_sub(1).and_then(|i| self.jumps.get(i)) else {
            return p + usize::from(end);
        };
        if p < fs + fl {
            if end { os + ol } else { os }
        } else {
            os + ol + (p - (fs + fl)) + usize::from(end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str, query: &str) -> Option<String> {
        let f = Folded::new(text, false);
        let q = fold(query);
        let at = f.as_str().find(&q)?;
        Some(text[f.original(at..at + q.len())].to_owned())
    }

    #[test]
    fn quotes_apostrophes_dashes_and_letters_fold() {
        assert_eq!(
            find("in Kyiv’s centre", "kyiv's").as_deref(),
            Some("Kyiv’s")
        );
        assert_eq!(
            find("“Explosions were heard”", "\"explosions").as_deref(),
            Some("“Explosions")
        );
        assert_eq!(find("from Gdańsk", "gdansk").as_deref(), Some("Gdańsk"));
        assert_eq!(find("Paweł said", "pawel").as_deref(), Some("Paweł"));
        assert_eq!(find("2022–2023", "2022-2023").as_deref(), Some("2022–2023"));
        assert_eq!(find("«Non», dit-il", "\"non\"").as_deref(), Some("«Non»"));
        assert_eq!(
            find("Ørsted and Straße", "strasse").as_deref(),
            Some("Straße")
        );
        assert_eq!(find("Ørsted", "orsted").as_deref(), Some("Ørsted"));
        // Decomposed text (a letter and a combining mark) too.
        assert_eq!(
            find("Gdan\u{301}sk", "gdansk").as_deref(),
            Some("Gdan\u{301}sk")
        );
        assert_eq!(find("a\u{a0}b", "a b").as_deref(), Some("a\u{a0}b"));
        assert_eq!(find("nothing here", "kyiv"), None);
    }

    #[test]
    fn offsets_map_back_after_longer_and_shorter_folds() {
        let text = "ß é x ’y";
        let f = Folded::new(text, false);
        assert_eq!(f.as_str(), "ss e x 'y");
        let at = f.as_str().find('x').expect("x");
        assert_eq!(&text[f.original(at..at + 1)], "x");
        let at = f.as_str().find("'y").expect("'y");
        assert_eq!(&text[f.original(at..at + 2)], "’y");
        // Half of a letter that folds into two still shows the letter.
        assert_eq!(&text[f.original(1..2)], "ß");
    }

    #[test]
    fn case_is_kept_only_when_asked() {
        assert_eq!(fold_keep_case("Łódź"), "Lodz");
        assert_eq!(fold("Łódź"), "lodz");
        assert!(keeps_case("Kyiv") && !keeps_case("kyiv's"));
        assert!(contains("Gdańsk, Poland", &fold("gdansk")));
        assert!(!contains("Warsaw", &fold("gdansk")));
    }
}
