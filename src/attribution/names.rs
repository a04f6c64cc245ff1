//! Names: capitalised runs, what they are (person, organisation, country,
//! place, title-only description), and the article's table of entities with
//! the indexes used to merge mentions (`Anna Roe` … `Roe`).

use super::SourceKind;
use super::gazetteer;
use super::lexicon::{self as lx, FastMap};
use super::tokens::{Kind, Tok};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub name: String,
    pub kind: SourceKind,
    pub role: Option<String>,
    pub aliases: Vec<String>,
    /// Folded name words.
    pub words: Vec<String>,
    pub gender: Gender,
    /// Lower-cased words of every role and title seen with the name.
    pub role_words: Vec<String>,
    /// A newspaper, broadcaster or agency by its name ("… Post", "… News").
    pub media: bool,
    /// Byte offset of the latest mention seen so far in reading order.
    pub last_seen: Option<usize>,
    pub first_seen: usize,
    /// Has been the speaker of a cue already.
    pub spoke: bool,
}

#[derive(Debug, Default)]
pub struct Entities {
    pub list: Vec<Entity>,
    by_full: FastMap<String, usize>,
    by_last: FastMap<String, Vec<usize>>,
    by_first: FastMap<String, Vec<usize>>,
    by_acronym: FastMap<String, usize>,
    /// Organisations by the initials of their capitalised words
    /// ("democratic national committee" under "dnc"), for an acronym the
    /// article uses without introducing it.
    by_initials: FastMap<String, usize>,
    by_prefix3: FastMap<String, Vec<usize>>,
}

/// Bound on candidates scanned per lookup, so hostile articles with
/// thousands of namesakes stay linear.
const MAX_SCAN: usize = 64;

impl Entities {
    /// The entity named `name`, added if new. The name is copied only then:
    /// most calls name someone already known.
    pub fn add(
        &mut self,
        name: impl AsRef<str> + Into<String>,
        kind: SourceKind,
        gender: Gender,
        at: usize,
    ) -> usize {
        // "The Guardian" is also "the Guardian" and "Guardian".
        let known = with_fold(name.as_ref(), |key| {
            self.by_full.get(key).copied().or_else(|| {
                key.strip_prefix("the ")
                    .and_then(|b| self.by_full.get(b).copied())
            })
        });
        if let Some(id) = known {
            return id;
        }
        let name: String = name.into();
        let key = fold(&name);
        let bare = key.strip_prefix("the ").map(str::to_owned);
        let words: Vec<String> = bare
            .as_deref()
            .unwrap_or(&key)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let id = self.list.len();
        let media = name
            .split_whitespace()
            .any(|w| lx::flags(w) & lx::MEDIA_HEAD != 0);
        // "Robert Roe Jr.", "Ann Roe III": the surname is before the suffix.
        let surname = if words.len() >= 3 && words.last().is_some_and(|w| is_name_suffix(w)) {
            &words[..words.len() - 1]
        } else {
            &words[..]
        };
        // "Dana Jr.": a forename and a suffix have no surname to index.
        let suffix_only = words.len() == 2 && words.last().is_some_and(|w| is_name_suffix(w));
        if kind == SourceKind::Person
            && words.len() >= 2
            && !suffix_only
            && let Some(last) = surname.last()
        {
            self.by_last.entry(last.clone()).or_default().push(id);
            if last.len() >= 5 {
                self.by_prefix3
                    .entry(last.chars().take(3).collect())
                    .or_default()
                    .push(id);
            }
        }
        if let Some(first) = words.first()
            && kind == SourceKind::Organisation
            && words.len() >= 2
        {
            self.by_first.entry(first.clone()).or_default().push(id);
            let initials: String = name
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .filter(char::is_ascii_uppercase)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if initials.len() >= 2 {
                self.by_initials.entry(initials).or_insert(id);
            }
        }
        // "Dana Hollis Roe", "Ana Ferreira Lima", "Dana Le Roux": a
        // later mention by the last two words is the same person (a
        // two-word surname), as is one by a hyphenated surname
        // ("Ruiz-Moreno", folded to two words).
        if kind == SourceKind::Person
            && (3..=4).contains(&surname.len())
            && name
                .split_whitespace()
                .next()
                .is_some_and(|f| lx::flags(f) & lx::FORENAME != 0)
        {
            let two = surname[surname.len() - 2..].join(" ");
            self.by_full.entry(two).or_insert(id);
        }
        let mut aliases = Vec::new();
        if kind == SourceKind::Person
            && words.len() >= 2
            && !suffix_only
            && let Some(last) = name
                .split_whitespace()
                .rev()
                .position(|w| !is_name_suffix(&fold(w)) || words.len() < 3)
        {
            // "Dana de Vries" is "de Vries", "Dana Van Buren" "Van Buren":
            // the particles before the surname stay with it.
            let toks: Vec<&str> = name.split_whitespace().collect();
            let end = toks.len() - last;
            let mut start = end - 1;
            while start > 1 && is_surname_particle(&toks[start - 1].to_ascii_lowercase()) {
                start -= 1;
            }
            aliases.push(toks[start..end].join(" "));
        }
        self.by_full.insert(key, id);
        if let Some(b) = bare {
            self.by_full.entry(b).or_insert(id);
        }
        self.list.push(Entity {
            name,
            kind,
            role: None,
            aliases,
            words,
            gender,
            role_words: Vec::new(),
            media,
            last_seen: None,
            first_seen: at,
            spoke: false,
        });
        id
    }

    /// A person known only by a surname after a title ("Mr. Roe"): the
    /// surname alone is the name, and later mentions of it find them.
    pub fn add_surname(&mut self, name: String, gender: Gender, at: usize) -> usize {
        let id = self.add(name, SourceKind::Person, gender, at);
        if let Some(e) = self.list.get(id)
            && let [last] = &e.words[..]
        {
            let ids = self.by_last.entry(last.clone()).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        id
    }

    pub fn add_acronym(&mut self, id: usize, acronym: &str) {
        let key = fold(acronym);
        self.by_acronym.entry(key).or_insert(id);
        if let Some(e) = self.list.get_mut(id)
            && !e.aliases.iter().any(|a| a == acronym)
        {
            e.aliases.push(acronym.to_owned());
        }
    }

    /// Shows the entity by one of its aliases, the name becoming an alias.
    pub fn show_alias(&mut self, id: usize, alias: &str) {
        if let Some(e) = self.list.get_mut(id)
            && let Some(k) = e.aliases.iter().position(|a| a == alias)
        {
            std::mem::swap(&mut e.name, &mut e.aliases[k]);
        }
    }

    pub fn set_role(&mut self, id: usize, role: &str, strong: bool) {
        let Some(e) = self.list.get_mut(id) else {
            return;
        };
        let role = role
            .strip_prefix("the ")
            .or_else(|| role.strip_prefix("The "))
            .unwrap_or(role)
            .trim();
        // "founder of Acme Partners." at a sentence's end: the full stop
        // ends the sentence, not the role, unless it closes an
        // abbreviation ("Acme Inc.", "Peter T.", "U.S.").
        let role = match role.strip_suffix('.') {
            Some(r) => {
                let last = r.rsplit([' ', '.']).next().unwrap_or("");
                if last.chars().count() <= 1 || lx::flags(last) & lx::ABBREV != 0 {
                    role
                } else {
                    r
                }
            }
            None => role,
        };
        if role.is_empty() || role.len() > 120 {
            return;
        }
        // A role is set again at every mention: folded on the stack, and
        // copied only when it is new.
        with_fold(role, |folded| {
            for w in folded.split(' ') {
                if !w.is_empty() && e.role_words.len() < 32 && !e.role_words.iter().any(|x| x == w)
                {
                    e.role_words.push(w.to_owned());
                }
            }
        });
        if e.role.is_none() || strong && e.role.as_deref() != Some(role) {
            e.role = Some(role.to_owned());
        }
    }

    pub fn full(&self, name: &str) -> Option<usize> {
        with_fold(name, |k| self.by_full.get(k).copied())
    }

    /// The organisation whose capitalised words' initials spell `acronym`
    /// ("NFU", "F.B.I."), the first one named.
    pub fn by_initials(&self, acronym: &str) -> Option<usize> {
        let letters: String = acronym
            .chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        self.by_initials.get(&letters).copied()
    }

    pub fn acronym(&self, word: &str) -> Option<usize> {
        with_fold(word, |k| self.by_acronym.get(k).copied())
    }

    /// A single word naming someone already known: a surname (the namesake
    /// seen most recently wins), a spelling variant of one, or the first
    /// word of an organisation's name.
    pub fn single(&self, word: &str) -> Option<usize> {
        with_fold(word, |key| self.single_folded(key))
    }

    /// `single` for a surname whose title tells a gender ("Mr. Roe"):
    /// among namesakes, those of that gender (or of none known) come
    /// first, so "Mr. Roe" is John Roe even after Jane Roe was named; a
    /// lone namesake stays the one, a forename's usual gender being only
    /// usual.
    pub fn single_of(&self, word: &str, g: Gender) -> Option<usize> {
        if g == Gender::Unknown {
            return self.single(word);
        }
        with_fold(word, |key| match self.by_last.get(key) {
            Some(ids) => {
                let fits = |id: &usize| {
                    matches!(self.list[*id].gender, Gender::Unknown) || self.list[*id].gender == g
                };
                if ids.iter().all(fits) {
                    return self.most_recent(ids);
                }
                // The most recent fitting namesake, the first named when
                // none was seen yet.
                let mut best: Option<usize> = None;
                for &id in ids.iter().rev().take(MAX_SCAN).filter(|id| fits(id)) {
                    if best.is_none_or(|b| self.list[id].last_seen > self.list[b].last_seen) {
                        best = Some(id);
                    }
                }
                if best.is_some_and(|b| self.list[b].last_seen.is_none()) {
                    return ids
                        .iter()
                        .copied()
                        .filter(fits)
                        .min_by_key(|&i| self.list[i].first_seen);
                }
                best.or_else(|| self.most_recent(ids))
            }
            None => self.single_folded(key),
        })
    }

    fn single_folded(&self, key: &str) -> Option<usize> {
        if let Some(ids) = self.by_last.get(key) {
            return self.most_recent(ids);
        }
        if key.chars().count() >= 5 {
            let p = key.char_indices().nth(3).map_or(key, |(i, _)| &key[..i]);
            if let Some(ids) = self.by_prefix3.get(p) {
                let close: Vec<usize> = ids
                    .iter()
                    .take(MAX_SCAN)
                    .copied()
                    .filter(|&id| {
                        self.list[id]
                            .words
                            .last()
                            .is_some_and(|l| within_one_edit(l, key))
                    })
                    .collect();
                if let Some(id) = self.most_recent(&close) {
                    return Some(id);
                }
            }
        }
        if let Some(ids) = self.by_first.get(key) {
            return ids.first().copied();
        }
        None
    }

    fn most_recent(&self, ids: &[usize]) -> Option<usize> {
        let mut best: Option<usize> = None;
        for &id in ids.iter().rev().take(MAX_SCAN) {
            let seen = self.list[id].last_seen;
            match best {
                None => best = Some(id),
                Some(b) => {
                    if seen > self.list[b].last_seen {
                        best = Some(id);
                    }
                }
            }
        }
        // With no mention seen yet, the first one named.
        if best.is_some_and(|b| self.list[b].last_seen.is_none()) {
            return ids.iter().copied().min_by_key(|&i| self.list[i].first_seen);
        }
        best
    }
}

fn within_one_edit(a: &str, b: &str) -> bool {
    // Nearly every name is ASCII, where a char is a byte.
    if a.is_ascii() && b.is_ascii() {
        return slices_within_one_edit(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    slices_within_one_edit(&a, &b)
}

fn slices_within_one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len().abs_diff(b.len()) > 1 || a == b {
        return a == b;
    }
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut i = 0;
    while i < s.len() && s[i] == l[i] {
        i += 1;
    }
    if s.len() == l.len() {
        s[i + 1..] == l[i + 1..]
    } else {
        s[i..] == l[i + 1..]
    }
}

/// A generational suffix after a surname ("Jr.", "Sr.", "III"), folded.
fn is_name_suffix(folded: &str) -> bool {
    matches!(folded, "jr" | "sr" | "ii" | "iii" | "iv")
}

/// Lower case, common diacritics removed, apostrophes dropped, words
/// separated by single spaces.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return fold_ascii(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = fold_char(c);
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '’') {
            space = true;
        }
    }
    out
}

/// `f(&fold(s))`, folding a short ASCII name (nearly every lookup) on the
/// stack instead of allocating a string for it.
pub fn with_fold<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let b = s.as_bytes();
    if b.len() > 64 || !s.is_ascii() {
        return f(&fold(s));
    }
    // As `fold_ascii`; the folded name is never longer than the name.
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut space = false;
    for &c in b {
        if c.is_ascii_alphanumeric() {
            if space && n > 0 {
                buf[n] = b' ';
                n += 1;
            }
            space = false;
            buf[n] = c.to_ascii_lowercase();
            n += 1;
        } else if c != b'\'' {
            space = true;
        }
    }
    f(std::str::from_utf8(&buf[..n]).unwrap_or_default())
}

/// `f(&s.to_lowercase())`, on the stack for a short ASCII word.
pub fn with_lower<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let b = s.as_bytes();
    if b.len() > 64 || !s.is_ascii() {
        return f(&s.to_lowercase());
    }
    let mut buf = [0u8; 64];
    for (d, c) in buf.iter_mut().zip(b) {
        *d = c.to_ascii_lowercase();
    }
    f(std::str::from_utf8(&buf[..b.len()]).unwrap_or_default())
}

fn fold_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else if b != b'\'' {
            space = true;
        }
    }
    out
}

fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' | 'ā' | 'ă' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ą' | 'Ā' => 'A',
        'ç' | 'ć' | 'č' => 'c',
        'Ç' | 'Ć' | 'Č' => 'C',
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ē' | 'ě' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ę' | 'Ē' | 'Ě' => 'E',
        'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'İ' => 'I',
        'ł' => 'l',
        'Ł' => 'L',
        'ñ' | 'ń' | 'ň' => 'n',
        'Ñ' | 'Ń' => 'N',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'O',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'Ś' | 'Š' | 'Ş' | 'Ș' => 'S',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'Ź' | 'Ż' | 'Ž' => 'Z',
        'ğ' => 'g',
        'Ğ' => 'G',
        'ř' => 'r',
        'ț' | 'ţ' => 't',
        'đ' => 'd',
        _ => c,
    }
}

pub fn is_place_head(word: &str) -> bool {
    lx::flags(word) & lx::PLACE_HEAD != 0
}

/// `of`, `for`, `de`, `al`… may sit inside a name ("Letters from Ruritania",
/// "Bank of America", "Ibn al Walid").
pub fn is_run_connector(word: &str) -> bool {
    matches!(
        word,
        "of" | "for"
            | "on"
            | "from"
            | "de"
            | "la"
            | "le"
            | "du"
            | "des"
            | "van"
            | "von"
            | "der"
            | "den"
            | "al"
            | "bin"
            | "ibn"
            | "da"
            | "di"
            | "del"
            | "della"
            | "dos"
            | "das"
            | "dela"
            | "ter"
            | "ten"
    )
}

/// The lower-case particles of surnames ("de Vries", "van der Berg", "al
/// Amin"): `is_run_connector` less the prepositions that join an
/// organisation's name.
pub fn is_surname_particle(word: &str) -> bool {
    is_run_connector(word) && !matches!(word, "of" | "for" | "on" | "from")
}

pub fn is_acronym(word: &str) -> bool {
    // More than 32 bytes is more than 8 characters.
    if word.len() > 32 {
        return false;
    }
    let (mut letters, mut upper, mut chars) = (0, 0, 0);
    for c in word.chars() {
        chars += 1;
        letters += usize::from(c.is_alphabetic());
        upper += usize::from(c.is_uppercase());
    }
    letters >= 2 && upper >= 2 && upper * 2 > letters && chars <= 8
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandKind {
    /// A person's name (maybe just a surname after a title).
    Person,
    Org,
    Country,
    Place,
    /// Only title words: "The President", "the Pope".
    TitleOnly,
    /// Members of a party or creed as a group ("House Democrats"): an
    /// unnamed voice.
    Group,
    /// One unqualified word: a surname, an organisation or a place.
    Single,
    /// No name word at all (only function words or punctuation).
    Empty,
}

/// What a run of capitalised tokens names. `name` and `title` are token
/// index ranges into the paragraph.
#[derive(Debug, Clone)]
pub struct Cand {
    pub kind: CandKind,
    pub name: std::ops::Range<usize>,
    pub title: Option<std::ops::Range<usize>>,
    pub titled: bool,
}

pub fn classify(toks: &[Tok], text: &str, mut a: usize, b: usize) -> Cand {
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    // "told The Atlantic": a capital "The" inside a sentence belongs to a
    // title (of a newspaper, a band, a book); a person's name never has it.
    if a + 1 < b
        && w(a) == "The"
        && a > 0
        && (toks[a - 1].is_word() && !toks[a - 1].cap || toks[a - 1].is_punct(','))
        && toks[a + 1].is_word()
        && toks[a + 1].cap
    {
        let last = (a..b).rev().find(|&i| toks[i].is_word()).unwrap_or(a);
        return Cand {
            kind: CandKind::Org,
            name: a..last + 1,
            title: None,
            titled: false,
        };
    }
    // Function words and hyphenated modifiers ("Zarian-led", "UK-based")
    // before a name are not part of it.
    while a < b
        && (toks[a].has(lx::FUNC) && !toks[a].has(lx::TITLE)
            || !toks[a].is_word()
            || w(a)
                .rsplit_once('-')
                .is_some_and(|(_, tail)| tail.chars().next().is_some_and(char::is_lowercase)))
    {
        a += 1;
    }
    // "Weighing the options, …", "Watching Roe, …": a participle opening a
    // sentence is not the start of a name.
    if a + 1 < b
        && (a == 0
            || matches!(
                toks[a - 1].kind,
                Kind::Punct('.' | '!' | '?' | ':' | ';') | Kind::QOpen
            ))
        && is_gerund(w(a))
        && !toks[a].has(lx::FORENAME)
    {
        a += 1;
    }
    let words: Vec<usize> = (a..b).filter(|&i| toks[i].is_word()).collect();
    // "Peter T. King", "Ann Bishop": a title word after a forename or a
    // middle initial is a surname, not a title. But "Georgia Sen. Dana
    // Roe", "Virginia Governor Dana Roe": a title abbreviated with a full
    // stop is never a surname, nor is a title between a place's name and a
    // forename; the place says where the title holds.
    let after_forename = |k: usize| {
        k > 0 && {
            let t = &toks[words[k - 1]];
            let pw = w(words[k - 1]);
            let i = words[k];
            let abbreviated =
                toks.get(i + 1).is_some_and(|n| n.is_punct('.')) && !is_initial_letter(w(i));
            let place_then_forename = words.get(k + 1).is_some_and(|&n| {
                toks[n].cap && toks[n].has(lx::FORENAME) && with_fold(pw, gazetteer::is_place)
            });
            t.cap
                && (t.has(lx::FORENAME) && !is_acronym(pw) && !abbreviated && !place_then_forename
                    || is_initial_letter(pw))
        }
    };
    // "(D-Ohio)", "R-N.Y.": a party and state tag after a name.
    if words.first().is_some_and(|&i| is_party_tag(w(i))) {
        return Cand {
            kind: CandKind::Empty,
            name: b..b,
            title: None,
            titled: false,
        };
    }
    let Some(&last) = words.last() else {
        return Cand {
            kind: CandKind::Empty,
            name: b..b,
            title: None,
            titled: false,
        };
    };
    let (country, place) = with_fold(&text[toks[a].start..toks[last].end], |f| {
        (
            lx::is_country(f),
            words.len() >= 2 && gazetteer::is_place(f),
        )
    });
    if country {
        return Cand {
            kind: CandKind::Country,
            name: a..b,
            title: None,
            titled: false,
        };
    }
    // "South Carolina", "Buenos Aires": a place of several words is never a
    // person, however much it looks like a forename and a surname.
    if place {
        return Cand {
            kind: CandKind::Place,
            name: a..last + 1,
            title: None,
            titled: false,
        };
    }
    // "Senator Jane Roe of Ohio", "Jan Roe from Lyon": where someone is from
    // is not part of the name, unless the name is an organisation's
    // ("University of Ohio", "Dockworkers Union of Ruritania"); nor is
    // the organisation someone is with ("Dana Roe of Acme Partners",
    // "Dana Roe of the Civic Institute"). The part before reads as a
    // person: a forename or a title, then a surname, no organisation's
    // head.
    if let Some(k) = words.iter().position(|&i| {
        !toks[i].cap && matches!(w(i), "of" | "from") && i < last && toks[i + 1].is_word()
    }) && k >= 2
        && (!toks[words[k - 1]].has(lx::TITLE | lx::ROLE_NOUN) || after_forename(k - 1))
        && !words[..k]
            .iter()
            .any(|&i| toks[i].has(lx::ORG_HEAD) && toks[i].cap)
    {
        let person_like = words[..k].iter().all(|&i| toks[i].cap)
            && words[..k - 1].iter().any(|&i| {
                toks[i].has(lx::FORENAME | lx::TITLE) && !is_acronym(w(i))
                    || is_initial_letter(w(i))
            });
        let place = || {
            with_fold(
                &text[toks[words[k] + 1].start..toks[last].end],
                gazetteer::is_place,
            )
        };
        if person_like && (place() || w(words[k]) == "of") {
            return classify(toks, text, a, words[k]);
        }
    }
    // "House Democrats", "Senate Republicans": a party's members as a group
    // are an unnamed voice (an organisation's name does not end in them).
    if toks[last].cap
        && is_plural_affiliation(w(last))
        && !words[..words.len() - 1]
            .iter()
            .any(|&i| toks[i].has(lx::FORENAME) && !toks[i].has(lx::ORG_HEAD))
    {
        return Cand {
            kind: CandKind::Group,
            name: a..last + 1,
            title: None,
            titled: false,
        };
    }
    let has_org_head = words
        .iter()
        .any(|&i| toks[i].has(lx::ORG_HEAD) && toks[i].cap);
    // "Harbour Safety Committee member Adam Roe": an organisation
    // followed by a forename and more is an affiliation before a person.
    if let Some(k) = words
        .iter()
        .rposition(|&i| toks[i].has(lx::ORG_HEAD) && toks[i].cap)
    {
        let rest = &words[k + 1..];
        if let Some(f) = rest
            .iter()
            .position(|&i| toks[i].has(lx::MALE | lx::FEMALE) && !toks[i].has(lx::ORG_HEAD))
            && f + 1 < rest.len()
            && rest[f..].iter().all(|&i| toks[i].cap)
        {
            let first = rest[f];
            return Cand {
                kind: CandKind::Person,
                name: first..last + 1,
                title: Some(a..first),
                titled: true,
            };
        }
    }
    // "Republican Jane Roe", "Socialist Jan Roe": an affiliation word (an
    // adjective or a member noun) before a forename and a surname is a
    // role, not part of the name; so is an occupation ("Speechwriter Jon
    // Roe", "Pollster Ann Roe"), capitalised at a sentence's start.
    if let Some(f) = words.iter().position(|&i| toks[i].has(lx::FORENAME))
        && f >= 1
        && f + 1 < words.len()
        && words.iter().all(|&i| toks[i].cap)
        && !words[..f].iter().any(|&i| toks[i].has(lx::FORENAME))
        && !words
            .iter()
            .any(|&i| toks[i].has(lx::ORG_HEAD) || is_place_head(w(i)))
        && (is_affiliation(w(words[f - 1]), toks[words[f - 1]].flags)
            || is_agent_noun(w(words[f - 1]))
                && !toks[words[f - 1]].has(lx::TITLE | lx::ROLE_NOUN | lx::FUNC | lx::ADV_SKIP)
                && !words[f..]
                    .iter()
                    .any(|&i| toks[i].has(lx::TITLE | lx::ROLE_NOUN)))
    {
        return Cand {
            kind: CandKind::Person,
            name: words[f]..last + 1,
            title: Some(a..words[f]),
            titled: true,
        };
    }
    // The last title word splits role from name: "Lake County
    // Sheriff | Jo Brand", "US Secretary of State | Al Roe".
    let mut split = None;
    for (k, &i) in words.iter().enumerate() {
        // "ex-President", "Vice-Chair": a title as one part of a hyphenated
        // word (without a hyphen, the one part is the token itself).
        let title_part = |f: lx::Flags| f & lx::TITLE != 0 && f & lx::MALE == 0;
        let is_title = toks[i].has(lx::TITLE | lx::ROLE_NOUN)
            || if w(i).contains('-') {
                w(i).split('-').any(|p| title_part(lx::flags(p)))
            } else {
                title_part(toks[i].flags)
            };
        if is_title && toks[i].cap && k < words.len() && !after_forename(k) {
            split = Some(k + 1);
        }
    }
    if let Some(mut s) = split {
        // "Secretary of State Al Roe": skip "of X" after the title;
        // "CEO of Acme" is a role, not a name.
        if s < words.len() && matches!(w(words[s]), "of" | "for") {
            if s + 2 < words.len() {
                s += 2;
            } else {
                return Cand {
                    kind: CandKind::TitleOnly,
                    name: a..last + 1,
                    title: None,
                    titled: true,
                };
            }
        }
        while s < words.len() && is_run_connector(w(words[s])) {
            s += 1;
        }
        let rest = &words[s.min(words.len())..];
        // A known forename inside the rest starts the name.
        let mut start = 0;
        for (k, &i) in rest.iter().enumerate() {
            if toks[i].has(lx::MALE | lx::FEMALE) && k + 1 < rest.len() {
                start = k;
                break;
            }
        }
        let rest = &rest[start..];
        let org_in_rest = rest
            .iter()
            .any(|&i| toks[i].has(lx::ORG_HEAD) && !toks[i].has(lx::MALE | lx::FEMALE));
        // "Mayor Dana de Vries": a surname particle inside the name.
        let name_like = rest
            .iter()
            .enumerate()
            .all(|(n, &i)| toks[i].cap || n > 0 && n + 1 < rest.len() && is_surname_particle(w(i)));
        if !rest.is_empty() && !org_in_rest && name_like {
            let first = rest[0];
            let title = (first > a).then_some(a..first);
            return Cand {
                kind: CandKind::Person,
                name: first..last + 1,
                title,
                titled: true,
            };
        }
        if rest.is_empty() && !has_org_head {
            return Cand {
                kind: CandKind::TitleOnly,
                name: a..last + 1,
                title: None,
                titled: true,
            };
        }
    }
    if has_org_head {
        return Cand {
            kind: CandKind::Org,
            name: a..last + 1,
            title: None,
            titled: false,
        };
    }
    // "Dana Hall Roe", "Ana Field Smith": a place's head word between a
    // forename and a surname is a middle name; a place's name ends in its
    // head or starts with it ("Lake X", "X Street Station").
    let middle_name = words.len() >= 3
        && toks[words[0]].has(lx::FORENAME)
        && !is_place_head(w(words[0]))
        && !is_place_head(w(last))
        && words.iter().all(|&i| toks[i].cap);
    if !middle_name && words.iter().any(|&i| is_place_head(w(i))) && words.len() >= 2 {
        return Cand {
            kind: CandKind::Place,
            name: a..last + 1,
            title: None,
            titled: false,
        };
    }
    // "the ranking Democrat on the committee", "a Republican": a party's
    // member noun after an article (and an adjective) describes someone.
    if words.len() == 1 && is_member_noun(w(last)) {
        let det = |i: usize| toks[i].has(lx::DET) && !toks[i].cap;
        if a >= 1 && det(a - 1) || a >= 2 && det(a - 2) && toks[a - 1].is_word() && !toks[a - 1].cap
        {
            return Cand {
                kind: CandKind::Group,
                name: a..last + 1,
                title: None,
                titled: false,
            };
        }
    }
    if words.len() == 1 {
        let kind = if is_acronym(w(last)) {
            CandKind::Org
        } else {
            CandKind::Single
        };
        return Cand {
            kind,
            name: a..last + 1,
            title: None,
            titled: false,
        };
    }
    let first = words[0];
    if toks[first].has(lx::DEMONYM) && !toks[first].has(lx::MALE | lx::FEMALE) {
        return Cand {
            kind: CandKind::Org,
            name: a..last + 1,
            title: None,
            titled: false,
        };
    }
    // "Dana Roe III": a generational suffix after a forename and a surname
    // is no acronym.
    let suffix = |i: usize| {
        i == last && words.len() >= 3 && matches!(w(i), "II" | "III" | "IV" | "Jr" | "Sr")
    };
    if words
        .iter()
        .any(|&i| !suffix(i) && (is_acronym(w(i)) || w(i).contains('.')))
    {
        return Cand {
            kind: CandKind::Org,
            name: a..last + 1,
            title: None,
            titled: false,
        };
    }
    // "Dana de Vries", "Jan van der Berg": surname particles in lower case
    // between a forename and a surname.
    let particle_name = toks[first].has(lx::FORENAME)
        && toks[last].cap
        && words[1..]
            .iter()
            .all(|&i| toks[i].cap || is_surname_particle(w(i)));
    if !particle_name && words.iter().any(|&i| !toks[i].cap) {
        // "Letters from Ruritania": a connector inside reads as an organisation.
        return Cand {
            kind: CandKind::Org,
            name: a..last + 1,
            title: None,
            titled: false,
        };
    }
    Cand {
        kind: CandKind::Person,
        name: a..last + 1,
        title: None,
        titled: false,
    }
}

/// A word of a party, a creed or a nation used of a person ("Republican",
/// "Democrat", "Socialist", "Nigerian"): English forms these with -an,
/// -ic, -ist or -at, or the lexicon knows it as a demonym.
fn is_affiliation(word: &str, flags: lx::Flags) -> bool {
    flags & lx::DEMONYM != 0
        || word.len() > 4
            && ["an", "ic", "ist", "at"].iter().any(|s| word.ends_with(s))
            && word.chars().skip(1).all(char::is_lowercase)
}

/// A capitalised noun of an occupation or an agent ("Speechwriter",
/// "Pollster", "Donor", "Historian", "Consultant", "Businessman"): English
/// forms these with -er, -or, -ist, -ian, -ant, -ent, -eer or -man.
fn is_agent_noun(word: &str) -> bool {
    word.len() > 4
        && word.chars().skip(1).all(char::is_lowercase)
        && [
            "er", "or", "ist", "ian", "ant", "ent", "eer", "man", "woman",
        ]
        .iter()
        .any(|s| word.ends_with(s))
}

/// "Democrats", "Republicans", "Socialists": the members of a party or a
/// creed as a group, not a named organisation (English forms the member
/// nouns with -an, -ist or -at).
fn is_plural_affiliation(word: &str) -> bool {
    word.strip_suffix('s').is_some_and(is_member_noun)
}

/// "Democrat", "Republican", "Socialist": a member noun of a party or a
/// creed.
fn is_member_noun(word: &str) -> bool {
    is_affiliation(word, 0) && ["an", "ist", "at"].iter().any(|e| word.ends_with(e))
}

/// One capital letter, a middle initial ("T" of "Peter T. King").
fn is_initial_letter(word: &str) -> bool {
    let mut c = word.chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_none()
}

/// A capitalised "-ing" word: "Weighing", "Watching".
fn is_gerund(word: &str) -> bool {
    word.len() > 5 && word.ends_with("ing") && word.chars().skip(1).all(char::is_lowercase)
}

/// "D-Ohio", "R-N.Y": one capital (the party), a hyphen, a state.
fn is_party_tag(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 3 && b[0].is_ascii_uppercase() && b[1] == b'-' && b[2].is_ascii_uppercase()
}

/// Gender from a forename or a gendered title.
pub fn gender_of(toks: &[Tok], text: &str, cand: &Cand) -> Gender {
    let mut g = Gender::Unknown;
    let mut check = |t: &Tok| {
        let word = text[t.start..t.end].to_ascii_lowercase();
        let word = word.trim_end_matches('.');
        if lx::MALE_TITLES.contains(&word) {
            g = Gender::Male;
        } else if lx::FEMALE_TITLES.contains(&word) {
            g = Gender::Female;
        }
    };
    if let Some(t) = &cand.title {
        for i in t.clone() {
            check(&toks[i]);
        }
    }
    if let Some(t) = toks.get(cand.name.start)
        && t.kind == Kind::Word
    {
        if t.has(lx::MALE) && !t.has(lx::FEMALE) && cand.name.len() > 1 {
            g = Gender::Male;
        } else if t.has(lx::FEMALE) && !t.has(lx::MALE) && cand.name.len() > 1 {
            g = Gender::Female;
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_strips_accents_and_case() {
        assert_eq!(fold("Ayşe Çelik Doğan"), "ayse celik dogan");
        assert_eq!(fold("Łucja  Wąsik"), "lucja wasik");
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("kovara", "kovare"));
        assert!(within_one_edit("smith", "smyth"));
        assert!(!within_one_edit("smith", "jones"));
        assert!(within_one_edit("brown", "browne"));
    }

    #[test]
    fn acronyms() {
        assert!(is_acronym("ABCD") && is_acronym("XYZ24") && is_acronym("QRStV"));
        assert!(!is_acronym("Abcd") && !is_acronym("A"));
    }
}
