//! Word lists: reporting cues, titles, organisation head nouns, pronouns,
//! function words and forenames. General English news vocabulary only; no
//! article's names or places belong here.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// For keys that are already integers (a packed word): the halves folded
/// and multiplied, as `WordTable` does.
#[derive(Default, Clone, Copy)]
pub struct IntHash(u64);

impl Hasher for IntHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Not a packed word (no caller hashes one this way): hashed whole.
        let mut f = rustc_hash::FxHasher::default();
        f.write_u64(self.0);
        f.write(bytes);
        self.0 = f.finish();
    }
    #[allow(clippy::cast_possible_truncation)]
    fn write_u128(&mut self, v: u128) {
        let (lo, hi) = (v as u64, (v >> 64) as u64);
        self.0 = (lo ^ hi.rotate_left(29) ^ self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A set of words: those of up to 16 bytes as packed integers (no string
/// hashed or compared), longer ones as themselves.
#[derive(Default)]
pub struct WordSet<'a> {
    short: HashSet<u128, BuildHasherDefault<IntHash>>,
    long: FastSet<&'a str>,
}

impl<'a> WordSet<'a> {
    pub fn insert(&mut self, w: &'a str) {
        match pack(w.as_bytes()) {
            Some(k) => {
                self.short.insert(k);
            }
            None => {
                self.long.insert(w);
            }
        }
    }
    pub fn contains(&self, w: &str) -> bool {
        match pack(w.as_bytes()) {
            Some(k) => self.short.contains(&k),
            None => self.long.contains(w),
        }
    }
}

/// The lower-case forms the capitalised words of an article fold to, as
/// one bit per hash value (64 Ki bits, 8 KiB, which stays in cache): it
/// may say yes for a word no capitalised word folds to, never no for one
/// that does, and a word too long to pack is always a maybe. Most
/// lower-case tokens are turned away by one bit test instead of a lookup.
pub struct FoldFilter {
    bits: Vec<u64>,
}

const FOLD_FILTER_BITS: u32 = 16;

impl Default for FoldFilter {
    fn default() -> Self {
        FoldFilter {
            bits: vec![0; (1 << FOLD_FILTER_BITS) / 64],
        }
    }
}

impl FoldFilter {
    /// Where `k`'s bit is: the word of `bits` and the bit in it.
    fn at(k: u128) -> (usize, u64) {
        #[allow(clippy::cast_possible_truncation)]
        let b = (k.mix() >> (64 - FOLD_FILTER_BITS)) as usize;
        (b / 64, 1 << (b % 64))
    }

    /// Notes `w` lower-cased, when it is short enough to pack.
    pub fn insert_folded(&mut self, w: &str) {
        let key = if w.is_ascii() {
            pack_lower(w.as_bytes())
        } else {
            pack(w.to_lowercase().as_bytes())
        };
        if let Some(k) = key {
            let (i, bit) = Self::at(k);
            self.bits[i] |= bit;
        }
    }

    /// Whether `w` (lower case) may have been noted by
    /// [`FoldFilter::insert_folded`].
    pub fn may_hold(&self, w: &str) -> bool {
        pack(w.as_bytes()).is_none_or(|k| {
            let (i, bit) = Self::at(k);
            self.bits[i] & bit != 0
        })
    }
}

/// Maps and sets keyed by short words from our own tables or the article,
/// hashed with rustc's `FxHash` (eight bytes a step, no per-process key):
/// `SipHash`'s flood resistance buys nothing here (lookups are bounded per
/// token either way) and cost a tenth of the engine's time, and FNV-1a's
/// byte-at-a-time loop a twentieth.
pub type FastMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;
pub type FastSet<K> = HashSet<K, rustc_hash::FxBuildHasher>;

/// What a (lower-cased) word can be. A word can be several things at once.
pub type Flags = u32;

pub const CUE: Flags = 1;
/// A cue form that is often a noun ("reports", "claims"): only a cue when a
/// subject stands right before it and no verb follows.
pub const CUE_NOUNISH: Flags = 1 << 1;
/// Verbs that attribute only when the sentence has a direct quote
/// ("called it “a disgrace”").
pub const QUOTE_CUE: Flags = 1 << 2;
pub const TITLE: Flags = 1 << 3;
pub const ORG_HEAD: Flags = 1 << 4;
pub const FUNC: Flags = 1 << 5;
pub const PRON_HE: Flags = 1 << 6;
pub const PRON_SHE: Flags = 1 << 7;
pub const PRON_IT: Flags = 1 << 8;
pub const PRON_THEY: Flags = 1 << 9;
pub const PRON_SKIP: Flags = 1 << 10;
pub const UNNAMED: Flags = 1 << 11;
pub const ROLE_NOUN: Flags = 1 << 12;
/// "spokesperson", "statement": the speaker is whoever owns it.
pub const SPOKES: Flags = 1 << 13;
pub const ADV_SKIP: Flags = 1 << 14;
pub const PASSIVE_AUX: Flags = 1 << 15;
pub const PREP: Flags = 1 << 16;
pub const DET: Flags = 1 << 17;
pub const MONTHDAY: Flags = 1 << 18;
pub const CONNECTOR: Flags = 1 << 19;
pub const RELATIVE: Flags = 1 << 20;
pub const MALE: Flags = 1 << 21;
pub const FEMALE: Flags = 1 << 22;
pub const DEMONYM: Flags = 1 << 23;
pub const ABBREV: Flags = 1 << 24;
pub const COORD: Flags = 1 << 25;
/// "the agency", "the paper": a description of an organisation.
pub const ORG_DESC: Flags = 1 << 26;
/// Nouns of documents that carry words: "report", "data", "statement".
pub const DOC_NOUN: Flags = 1 << 27;
pub const AUX: Flags = 1 << 28;
pub const MEDIA_HEAD: Flags = 1 << 29;
/// A forename of either gender (with `MALE` or `FEMALE` when one is usual).
pub const FORENAME: Flags = 1 << 30;
/// Head nouns of place names (`PLACE_HEADS`).
pub const PLACE_HEAD: Flags = 1 << 31;

/// The reporting-verb lexicon: `VerbNet`'s communication classes and a few
/// news reporting verbs, as lemmas with how each attributes (see the file).
const REPORTING_VERBS: &str = include_str!("data/reporting_verbs.txt");

/// English verbs whose past and participle are not "-ed" (lemma, past,
/// participle): morphology, not vocabulary; only lemmas the lexicon can hold.
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("say", "said", "said"),
    ("tell", "told", "told"),
    ("foretell", "foretold", "foretold"),
    ("write", "wrote", "written"),
    ("speak", "spoke", "spoken"),
    ("swear", "swore", "sworn"),
    ("broadcast", "broadcast", "broadcast"),
    ("forecast", "forecast", "forecast"),
    ("read", "read", "read"),
    ("teach", "taught", "taught"),
    ("hold", "held", "held"),
    ("find", "found", "found"),
    ("go", "went", "gone"),
    ("sing", "sang", "sung"),
    ("take", "took", "taken"),
];

/// Every inflected form of the reporting lemmas, with its flag.
pub struct Reporting {
    pub forms: Vec<(String, Flags)>,
    pub participles: FastSet<String>,
}

/// Parses the data file: a class's members go in under its tier, less its
/// `drop` words or only its `keep` words; `extra` lines add lemmas directly.
pub fn parse_reporting(text: &str) -> Result<Vec<(String, Flags)>, String> {
    let mut members: FastMap<&str, Vec<&str>> = FastMap::default();
    let mut tiers: Vec<(&str, Flags)> = Vec::new();
    let mut keep: FastMap<&str, Vec<&str>> = FastMap::default();
    let mut drop: FastMap<&str, Vec<&str>> = FastMap::default();
    let mut out: Vec<(String, Flags)> = Vec::new();
    let tier = |t: &str| match t {
        "cue" => Ok(CUE),
        "quote" => Ok(QUOTE_CUE),
        other => Err(format!("unknown tier {other:?}")),
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(kind), Some(id), Some(rest)) = (f.next(), f.next(), f.next()) else {
            return Err(format!(
                "line {}: expected three tab-separated fields",
                n + 1
            ));
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        match kind {
            "class" => {
                members.insert(id, words);
            }
            "use" => tiers.push((id, tier(rest.trim())?)),
            "keep" => {
                keep.insert(id, words);
            }
            "drop" => {
                drop.insert(id, words);
            }
            "extra" => {
                let t = tier(id)?;
                out.extend(words.iter().map(|w| ((*w).to_string(), t)));
            }
            other => return Err(format!("line {}: unknown kind {other:?}", n + 1)),
        }
    }
    for (id, t) in tiers {
        let Some(all) = members.get(id) else {
            return Err(format!("class {id} is used but not listed"));
        };
        let dropped = drop.get(id).map_or(&[][..], Vec::as_slice);
        if let Some(k) = keep.get(id)
            && let Some(w) = k.iter().find(|w| !all.contains(w))
        {
            return Err(format!("{w:?} kept from {id} is not one of its members"));
        }
        if let Some(w) = dropped.iter().find(|w| !all.contains(w)) {
            return Err(format!("{w:?} dropped from {id} is not one of its members"));
        }
        for w in all {
            let kept = keep.get(id).is_none_or(|k| k.contains(w));
            if kept && !dropped.contains(w) && !w.contains('_') {
                out.push(((*w).to_string(), t));
            }
        }
    }
    Ok(out)
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether a stem ends consonant-vowel-consonant, where English may double
/// the last letter before "-ed"/"-ing" ("admit" -> "admitted").
fn cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3
        && !is_vowel(w[n - 1])
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
        && is_vowel(w[n - 2])
        && !is_vowel(w[n - 3])
}

/// The forms of a lemma: base, third person, past, participle, gerund.
/// Where doubling depends on stress ("admitted" but "visited") both
/// spellings are made; the wrong one is not a word and never matches.
pub fn inflect(lemma: &str) -> (Vec<String>, Vec<String>) {
    let mut forms = vec![lemma.to_string()];
    let mut parts = Vec::new();
    let b = lemma.as_bytes();
    let n = b.len();
    let last = b.last().copied().unwrap_or(b' ');
    let cons_y = last == b'y' && n >= 2 && !is_vowel(b[n - 2]);
    let stem = &lemma[..n.saturating_sub(1)];
    forms.push(
        if lemma.ends_with(['s', 'x', 'z', 'o']) || lemma.ends_with("ch") || lemma.ends_with("sh") {
            format!("{lemma}es")
        } else if cons_y {
            format!("{stem}ies")
        } else {
            format!("{lemma}s")
        },
    );
    if let Some((_, past, part)) = IRREGULAR.iter().find(|(l, _, _)| *l == lemma) {
        forms.push((*past).to_string());
        forms.push((*part).to_string());
        parts.push((*part).to_string());
    } else {
        let mut past = vec![if last == b'e' {
            format!("{lemma}d")
        } else if cons_y {
            format!("{stem}ied")
        } else {
            format!("{lemma}ed")
        }];
        if cvc(b) {
            past.push(format!("{lemma}{}ed", last as char));
        }
        parts.extend(past.iter().cloned());
        forms.extend(past);
    }
    if lemma.ends_with("ie") {
        forms.push(format!("{}ying", &lemma[..n - 2]));
    } else if last == b'e' && !lemma.ends_with("ee") && !lemma.ends_with("ye") {
        forms.push(format!("{stem}ing"));
    } else {
        forms.push(format!("{lemma}ing"));
        if cvc(b) {
            forms.push(format!("{lemma}{}ing", last as char));
        }
    }
    (forms, parts)
}

pub static REPORTING: LazyLock<Reporting> = LazyLock::new(|| {
    // The file is ours and checked by a test; a broken one yields no cues
    // rather than a panic.
    let lemmas = parse_reporting(REPORTING_VERBS).unwrap_or_default();
    let mut forms = Vec::new();
    let mut participles = FastSet::default();
    for (lemma, flag) in &lemmas {
        let mut spellings = vec![lemma.clone()];
        if let Some(s) = lemma.strip_suffix("ize") {
            spellings.push(format!("{s}ise"));
        }
        if lemma.contains('-') {
            spellings.push(lemma.replace('-', ""));
        }
        for sp in spellings {
            let (fs, ps) = inflect(&sp);
            forms.extend(fs.into_iter().map(|f| (f, *flag)));
            participles.extend(ps);
        }
    }
    Reporting { forms, participles }
});

const CUE_NOUNISH_WORDS: &[&str] = &[
    "reports",
    "claims",
    "states",
    "notes",
    "posts",
    "tweets",
    "comments",
    "remarks",
    "report",
    "claim",
    "state",
    "note",
    "post",
    "tweet",
    "comment",
    "remark",
    "warning",
    "question",
    "questions",
    "email",
    "emails",
    "answer",
    "answers",
    "estimate",
    "estimates",
    "quote",
    "demand",
    "promise",
    "promises",
    "welcome",
    "concluded",
    "expected",
    "continued",
    "continue",
    "agreed",
    "agree",
    "mentioned",
    "quoted",
    "published",
    "threatened",
    "blamed",
    "asked",
    "ask",
    "observed",
    "writing",
    "saying",
    "telling",
    "adding",
    "stating",
    "declaring",
    "announcing",
    "noting",
    "confirming",
    "reporting",
    "describing",
];

const TITLES: &[&str] = &[
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "secretary-general",
    "sheriff",
    "captain",
    "capt",
    "gen",
    "general",
    "col",
    "colonel",
    "lt",
    "lieutenant",
    "sgt",
    "sergeant",
    "dr",
    "doctor",
    "mr",
    "mrs",
    "ms",
    "mme",
    "mlle",
    "miss",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "mayor",
    "governor",
    "gov",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "judge",
    "justice",
    "chancellor",
    "commissioner",
    "chief",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "chairperson",
    "speaker",
    "leader",
    "whip",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "cardinal",
    "archbishop",
    "bishop",
    "pope",
    "father",
    "rabbi",
    "imam",
    "sheikh",
    "king",
    "queen",
    "prince",
    "princess",
    "emperor",
    "premier",
    "deputy",
    "attorney",
    "inspector",
    "officer",
    "constable",
    "detective",
    "superintendent",
    "commander",
    "admiral",
    "marshal",
    "major",
    "corporal",
    "coach",
    "manager",
    "ceo",
    "cfo",
    "coo",
    "prosecutor",
    "councillor",
    "councilman",
    "councilwoman",
    "assemblyman",
    "mp",
    "mep",
    "treasurer",
    "ex",
    "former",
    "first",
    "executive",
    "head",
    "founder",
    "cofounder",
    "chef",
    "reverend",
    "rev",
    "pastor",
    "brother",
    "sister",
    "mother",
    "saint",
    "st",
    "senior",
    "junior",
    "principal",
    "dean",
    "provost",
    "president-elect",
    "headteacher",
    "editor",
    "correspondent",
    "analyst",
    "economist",
    "researcher",
    "ombudsman",
    "envoy",
    "consul",
    "auditor",
    "registrar",
    "warden",
    "magistrate",
    "lawyer",
    "counsel",
    "barrister",
    "solicitor",
    "physician",
    "surgeon",
    "nurse",
    "designer",
    "engineer",
    "actor",
    "actress",
    "singer",
    "producer",
    "writer",
    "author",
    "artist",
    "player",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "skipper",
    "owner",
    "partner",
    "adviser",
    "advisor",
    "aide",
    "official",
    "candidate",
    "nominee",
    "delegate",
    "minority",
    "majority",
    "acting",
    "interim",
    "incoming",
    "outgoing",
    "sec",
    "gen.",
    "supt",
    "insp",
    "det",
    "sgt.",
    "cpl",
    "pte",
    "adm",
    "cmdr",
    "maj",
];

const ORG_HEADS: &[&str] = &[
    "command",
    "ministry",
    "agency",
    "forces",
    "force",
    "army",
    "navy",
    "association",
    "organisation",
    "organization",
    "centre",
    "center",
    "team",
    "commission",
    "council",
    "committee",
    "group",
    "society",
    "foundation",
    "union",
    "party",
    "company",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "plc",
    "llc",
    "gmbh",
    "institute",
    // Plural heads of federated bodies ("National Institutes of X").
    "institutes",
    "academies",
    "institution",
    "university",
    "college",
    "school",
    "hospital",
    "clinic",
    "office",
    "service",
    "services",
    "department",
    "bureau",
    "authority",
    "authorities",
    "police",
    "guard",
    "directorate",
    "administration",
    "court",
    "tribunal",
    "parliament",
    "assembly",
    "congress",
    "senate",
    "cabinet",
    "board",
    "bank",
    "fund",
    "trust",
    "federation",
    "alliance",
    "coalition",
    "front",
    "movement",
    "network",
    "federal",
    "international",
    "limited",
    "holdings",
    "industries",
    "airlines",
    "airways",
    "systems",
    "technologies",
    "laboratory",
    "laboratories",
    "observatory",
    "secretariat",
    "chamber",
    "league",
    "consortium",
    "cooperative",
    "charity",
    "church",
    "mission",
    "embassy",
    "consulate",
    "unit",
    "brigade",
    "battalion",
    "regiment",
    "division",
    "corps",
    "squadron",
    "fleet",
    "staff",
    "program",
    "programme",
    "project",
    "initiative",
    "watch",
    "house",
    "palace",
    "kremlin",
    "academy",
    "museum",
    "library",
    "studio",
    "studios",
    "records",
    "media",
    "tracker",
    "report",
    "reports",
    "agencies",
    "caucus",
    "republicans",
    "democrats",
    "ngo",
    "associates",
    "partners",
];

/// Head words of English-language newspaper and broadcaster names (the
/// nameplate words of the press: "the Evening Courier", "the Morning Star").
const MEDIA_HEADS: &[&str] = &[
    "courier",
    "dispatch",
    "examiner",
    "inquirer",
    "enquirer",
    "sentinel",
    "ledger",
    "advertiser",
    "mirror",
    "register",
    "star",
    "sun",
    "globe",
    "press",
    "news",
    "post",
    "times",
    "journal",
    "herald",
    "tribune",
    "gazette",
    "telegraph",
    "guardian",
    "observer",
    "mail",
    "express",
    "daily",
    "weekly",
    "radio",
    "tv",
    "television",
    "broadcasting",
    "broadcaster",
    "channel",
    "wire",
    "review",
    "magazine",
    "monitor",
    "chronicle",
    "standard",
    "independent",
    "reporter",
    "zeitung",
    "today",
    "insider",
];

/// Capitalised at a sentence start but never a name on their own.
const FUNC_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "for",
    "but",
    "and",
    "or",
    "as",
    "after",
    "before",
    "when",
    "whenever",
    "while",
    "despite",
    "according",
    "both",
    "earlier",
    "later",
    "however",
    "yesterday",
    "today",
    "tonight",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "speaking",
    "meanwhile",
    "also",
    "additionally",
    "subsequently",
    "further",
    "furthermore",
    "moreover",
    "per",
    "like",
    "unlike",
    "though",
    "although",
    "over",
    "under",
    "during",
    "since",
    "with",
    "without",
    "from",
    "to",
    "by",
    "of",
    "if",
    "then",
    "there",
    "here",
    "some",
    "many",
    "most",
    "all",
    "each",
    "every",
    "other",
    "another",
    "such",
    "no",
    "not",
    "only",
    "namely",
    "similarly",
    "instead",
    "amongst",
    "among",
    "recently",
    "reportedly",
    "late",
    "early",
    "last",
    "next",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "why",
    "how",
    "so",
    "yet",
    "thus",
    "therefore",
    "still",
    "even",
    "just",
    "once",
    "again",
    "around",
    "about",
    "above",
    "below",
    "between",
    "into",
    "through",
    "until",
    "upon",
    "within",
    "along",
    "across",
    "behind",
    "beyond",
    "near",
    "outside",
    "inside",
    "toward",
    "towards",
    "because",
    "unless",
    "whether",
    "than",
    "now",
    "nevertheless",
    "nonetheless",
    "indeed",
    "overall",
    "finally",
    "first",
    "second",
    "third",
    "currently",
    "previously",
    "initially",
    "ultimately",
    "eventually",
    "separately",
    "elsewhere",
    "otherwise",
    "asked",
    "commenting",
    "responding",
    "writing",
    "citing",
    "following",
    "amid",
    "against",
    "several",
    "few",
    "more",
    "less",
    "much",
    "any",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "do",
    "does",
    "did",
    "be",
    "been",
    "being",
    "let",
    "please",
    "thank",
    "thanks",
    "yes",
    "sadly",
    "unfortunately",
    "fortunately",
    "interestingly",
    "importantly",
    "notably",
    "already",
];

const PRONOUNS_HE: &[&str] = &["he", "him", "his"];
const PRONOUNS_SHE: &[&str] = &["she", "her", "hers"];
const PRONOUNS_IT: &[&str] = &["it", "its"];
const PRONOUNS_THEY: &[&str] = &["they", "them", "their"];
const PRONOUNS_SKIP: &[&str] = &["i", "we", "you", "me", "us", "one", "someone", "somebody"];

/// Heads of unnamed voices: listing them as sources is never right.
const UNNAMED_NOUNS: &[&str] = &[
    "officials",
    "official",
    "authorities",
    "sources",
    "source",
    "reports",
    "experts",
    "expert",
    "witnesses",
    "witness",
    "residents",
    "resident",
    "analysts",
    "analyst",
    "critics",
    "observers",
    "media",
    "people",
    "doctors",
    "police",
    "officers",
    "officer",
    "investigators",
    "prosecutors",
    "diplomats",
    "diplomat",
    "insiders",
    "aides",
    "spokesmen",
    "scientists",
    "researchers",
    "activists",
    "protesters",
    "locals",
    "villagers",
    "survivors",
    "relatives",
    "families",
    "family",
    "friends",
    "neighbours",
    "neighbors",
    "colleagues",
    "staff",
    "workers",
    "employees",
    "members",
    "leaders",
    "organisers",
    "organizers",
    "campaigners",
    "groups",
    "agencies",
    "governments",
    "government",
    "administration",
    "cabinet",
    "military",
    "army",
    "troops",
    "forces",
    "rebels",
    "militants",
    "fighters",
    "someone",
    "others",
    "many",
    "some",
    "most",
    "parties",
    "publications",
    "reporters",
    "journalists",
    "polls",
    "surveys",
    "studies",
    "data",
    "figures",
    "statistics",
    "estimates",
    "defendants",
    "lawyers",
    "attorneys",
    "men",
    "women",
    "victims",
    "passengers",
    "crew",
    "users",
    "customers",
    "fans",
    "voters",
    "citizens",
    "students",
    "teachers",
    "parents",
    "medics",
    "paramedics",
    "firefighters",
    "rescuers",
    "coroner",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "representatives",
    "representative",
    "person",
    "man",
    "woman",
    "team",
    "stores",
    "store",
    "companies",
    "ministers",
    "lawmakers",
    "legislators",
    "senators",
    "tourist",
    "attacker",
    "suspect",
    "victim",
    "guard",
    "court",
    "jury",
    "judge",
    "prosecutor",
    "council",
    "committee",
    "commission",
    "board",
    "panel",
    "statement",
    "report",
    "study",
    "survey",
    "poll",
    "document",
    "documents",
    "letter",
    "notice",
    "message",
    "post",
    "article",
    "story",
    "website",
    "site",
    "outlet",
    "outlets",
    "newspaper",
    "paper",
    "tv",
    "television",
    "broadcaster",
    "channel",
    "radio",
    "agency",
];

const ROLE_NOUNS: &[&str] = &[
    "mayor",
    "governor",
    "minister",
    "president",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "head",
    "chief",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "leader",
    "commander",
    "sheriff",
    "captain",
    "prosecutor",
    "judge",
    "ambassador",
    "official",
    "ceo",
    "founder",
    "owner",
    "manager",
    "executive",
    "lawyer",
    "attorney",
    "expert",
    "researcher",
    "professor",
    "pope",
    "premier",
    "chancellor",
    "king",
    "queen",
    "senator",
    "speaker",
    "whip",
    "general",
    "officer",
    "inspector",
    "detective",
    "commissioner",
    "coach",
    "editor",
    "correspondent",
    "analyst",
    "economist",
    "adviser",
    "advisor",
    "aide",
    "designer",
    "engineer",
    "singer",
    "actor",
    "actress",
    "producer",
    "writer",
    "author",
    "artist",
    "player",
    "archbishop",
    "bishop",
    "cardinal",
    "doctor",
    "surgeon",
    "physician",
    "scientist",
    "teacher",
    "principal",
    "dean",
    "envoy",
    "diplomat",
    "deputy",
    "representative",
    "congressman",
    "congresswoman",
    "councillor",
    "member",
    "partner",
    "investor",
    "strategist",
    "consultant",
    "pilot",
    "victim",
    "witness",
    "resident",
    "tourist",
    "student",
    "activist",
    "campaigner",
    "organiser",
    "organizer",
    "defendant",
    "plaintiff",
    "suspect",
    "husband",
    "wife",
    "son",
    "daughter",
    "father",
    "mother",
    "brother",
    "sister",
    "friend",
    "colleague",
    "rival",
    "opponent",
    "candidate",
    "nominee",
    "host",
    "presenter",
    "reporter",
    "journalist",
    "columnist",
    "historian",
    "chef",
    "mp",
    "mep",
    "administrator",
    "coordinator",
    "secretary-general",
    "ombudsman",
    "registrar",
    "superintendent",
    "constable",
    "marshal",
    "admiral",
    "colonel",
    "lieutenant",
    "sergeant",
    "corporal",
    "major",
    "boss",
    "supremo",
    "chairperson",
];

const SPOKES_WORDS: &[&str] = &[
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "spokespeople",
    "representative",
    "statement",
    "release",
    "account",
    "website",
    "post",
    "tweet",
    "blog",
    "announcement",
    "report",
    "data",
    "figures",
    "database",
    "communique",
    "press",
    "newsletter",
    "channel",
    "page",
];

const DOC_NOUNS: &[&str] = &[
    "report",
    "reports",
    "data",
    "figures",
    "statement",
    "statements",
    "analysis",
    "study",
    "survey",
    "estimates",
    "estimate",
    "statistics",
    "release",
    "article",
    "post",
    "tweet",
    "interview",
    "announcement",
    "investigation",
    "assessment",
    "findings",
    "documents",
    "document",
    "website",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "representative",
    "sources",
    "source",
    "officials",
    "count",
    "tally",
    "poll",
];

const ADV_SKIP_WORDS: &[&str] = &[
    "also",
    "later",
    "then",
    "subsequently",
    "previously",
    "earlier",
    "too",
    "again",
    "both",
    "reportedly",
    "further",
    "consistently",
    "personally",
    "first",
    "once",
    "already",
    "recently",
    "repeatedly",
    "publicly",
    "privately",
    "separately",
    "originally",
    "now",
    "since",
    "yesterday",
    "today",
    "tonight",
    "last",
    "this",
    "had",
    "has",
    "have",
    "not",
    "never",
    "would",
    "will",
    "could",
    "may",
    "might",
    "did",
    "does",
    "do",
    "just",
    "still",
    "even",
    "initially",
    "formally",
    "officially",
    "quickly",
    "immediately",
    "finally",
    "always",
    "often",
    "allegedly",
    "apparently",
    "similarly",
    "likewise",
    "however",
    "meanwhile",
    "therefore",
    "thus",
    "herself",
    "himself",
    "themselves",
    "itself",
    "each",
    "all",
];

const PASSIVE_AUXES: &[&str] = &[
    "was", "were", "is", "are", "been", "be", "being", "am", "get", "got", "gets",
];

const AUXES: &[&str] = &[
    "has", "have", "had", "will", "would", "could", "should", "may", "might", "must", "can", "did",
    "does", "do", "shall",
];

const PREPS: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "since",
    "until",
    "by",
    "with",
    "from",
    "to",
    "of",
    "for",
    "about",
    "over",
    "under",
    "into",
    "through",
    "across",
    "via",
    "per",
    "as",
    "amid",
    "despite",
    "following",
    "upon",
    "within",
    "without",
    "near",
    "around",
    "between",
    "among",
    "against",
    "toward",
    "towards",
    "like",
    "unlike",
    "speaking",
    "citing",
    "writing",
    "commenting",
    "responding",
    "quoting",
    "asked",
    "when",
    "while",
    "if",
    "although",
    "though",
    "because",
    "whilst",
    "where",
    "referring",
    "reacting",
    "addressing",
    "appearing",
    "according",
    "including",
    "except",
    "besides",
    "beyond",
    "throughout",
    "along",
    "behind",
];

const DETS: &[&str] = &[
    "the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those",
    "another", "one", "some", "any", "each", "every", "both", "two", "several",
];

const MONTHDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "christmas",
    "easter",
];

const CONNECTORS: &[&str] = &[
    "of", "for", "on", "from", "and", "de", "la", "le", "du", "des", "van", "von", "der", "den",
    "al", "bin", "ibn", "the", "da", "di", "del", "della", "dos", "das", "y", "e", "&", "in", "to",
    "at",
];

const RELATIVES: &[&str] = &["which", "who", "that", "whose", "whom"];
const COORDS: &[&str] = &["and", "but", "or", "nor"];

const ABBREVS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "st", "prof", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
    "jr", "sr", "no", "vs", "etc", "inc", "co", "corp", "ltd", "mt", "ft", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "rev", "hon", "adm", "maj",
    "cmdr", "supt", "insp", "det", "cpl", "pte", "fr", "mme", "mlle", "messrs", "approx", "est",
    "dept", "univ", "assn", "bros", "vol", "op", "ca",
];

/// (With `MEDIA_NOUNS` and `BUSINESS_NOUNS`, which are descriptions of an
/// organisation too; each word is written once.)
const ORG_DESCS: &[&str] = &[
    "agency",
    "ministry",
    "website",
    "site",
    "network",
    "foundation",
    "organisation",
    "organization",
    "command",
    "office",
    "union",
    "party",
    "charity",
    "council",
    "committee",
    "commission",
    "team",
    "centre",
    "center",
    "institute",
    "university",
    "department",
    "bureau",
    "authority",
    "service",
    "association",
    "society",
    "corporation",
    "publisher",
    "station",
    "club",
    "federation",
    "movement",
    "regulator",
    "watchdog",
    "tracker",
    "database",
    "hospital",
    "court",
    "tribunal",
];

const DEMONYMS: &[&str] = &[
    "american",
    "british",
    "english",
    "scottish",
    "welsh",
    "irish",
    "french",
    "german",
    "deutsche",
    "deutscher",
    "italian",
    "spanish",
    "portuguese",
    "dutch",
    "belgian",
    "swiss",
    "austrian",
    "polish",
    "czech",
    "slovak",
    "hungarian",
    "romanian",
    "bulgarian",
    "greek",
    "turkish",
    "russian",
    "ukrainian",
    "belarusian",
    "lithuanian",
    "latvian",
    "estonian",
    "finnish",
    "swedish",
    "norwegian",
    "danish",
    "icelandic",
    "chinese",
    "japanese",
    "korean",
    "indian",
    "pakistani",
    "afghan",
    "iranian",
    "iraqi",
    "syrian",
    "lebanese",
    "israeli",
    "palestinian",
    "jordanian",
    "egyptian",
    "saudi",
    "yemeni",
    "emirati",
    "qatari",
    "kuwaiti",
    "libyan",
    "tunisian",
    "algerian",
    "moroccan",
    "nigerian",
    "kenyan",
    "ethiopian",
    "somali",
    "sudanese",
    "ghanaian",
    "african",
    "mexican",
    "brazilian",
    "argentine",
    "argentinian",
    "chilean",
    "peruvian",
    "colombian",
    "venezuelan",
    "cuban",
    "canadian",
    "australian",
    "indonesian",
    "malaysian",
    "thai",
    "vietnamese",
    "filipino",
    "philippine",
    "singaporean",
    "european",
    "asian",
    "arab",
    "kurdish",
    "serbian",
    "croatian",
    "bosnian",
    "albanian",
    "slovenian",
    "georgian",
    "armenian",
    "azerbaijani",
    "kazakh",
    "uzbek",
    "mongolian",
    "taiwanese",
    "nepali",
    "bangladeshi",
    "sri",
    "zealand",
    "samoan",
    "fijian",
    "tongan",
    "catholic",
    "islamic",
    "muslim",
    "christian",
    "jewish",
    "orthodox",
    "royal",
    "national",
    "united",
    "federal",
    "state",
    "regional",
    "municipal",
    "city",
    "county",
    "provincial",
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "north",
    "south",
    "east",
    "west",
];

/// Forenames with their usual gender, from a general resource (see the
/// file's header and `scripts/forenames.py`): for he/she agreement and to
/// tell a person's name from an organisation's.
const FORENAMES: &str = include_str!("data/forenames.txt");

/// Countries and similar whole polities; "Ruritania announced" is not a named source.
pub const COUNTRIES: &[&str] = &[
    "afghanistan",
    "albania",
    "algeria",
    "angola",
    "argentina",
    "armenia",
    "australia",
    "austria",
    "azerbaijan",
    "bahrain",
    "bangladesh",
    "belarus",
    "belgium",
    "bolivia",
    "bosnia",
    "brazil",
    "britain",
    "bulgaria",
    "cambodia",
    "cameroon",
    "canada",
    "chad",
    "chile",
    "china",
    "colombia",
    "congo",
    "croatia",
    "cuba",
    "cyprus",
    "czechia",
    "czech republic",
    "denmark",
    "ecuador",
    "egypt",
    "england",
    "eritrea",
    "estonia",
    "ethiopia",
    "europe",
    "fiji",
    "finland",
    "france",
    "georgia",
    "germany",
    "ghana",
    "great britain",
    "greece",
    "guatemala",
    "haiti",
    "honduras",
    "hungary",
    "iceland",
    "india",
    "indonesia",
    "iran",
    "iraq",
    "ireland",
    "israel",
    "italy",
    "jamaica",
    "japan",
    "jordan",
    "kazakhstan",
    "kenya",
    "kosovo",
    "kuwait",
    "latvia",
    "lebanon",
    "libya",
    "lithuania",
    "luxembourg",
    "malaysia",
    "mali",
    "malta",
    "mexico",
    "moldova",
    "mongolia",
    "montenegro",
    "morocco",
    "mozambique",
    "myanmar",
    "nepal",
    "netherlands",
    "new zealand",
    "nicaragua",
    "niger",
    "nigeria",
    "north korea",
    "northern ireland",
    "norway",
    "oman",
    "pakistan",
    "palestine",
    "panama",
    "paraguay",
    "peru",
    "philippines",
    "poland",
    "portugal",
    "qatar",
    "romania",
    "russia",
    "russian federation",
    "rwanda",
    "samoa",
    "saudi arabia",
    "scotland",
    "senegal",
    "serbia",
    "singapore",
    "slovakia",
    "slovenia",
    "somalia",
    "south africa",
    "south korea",
    "spain",
    "sri lanka",
    "sudan",
    "sweden",
    "switzerland",
    "syria",
    "taiwan",
    "tajikistan",
    "tanzania",
    "thailand",
    "tonga",
    "tunisia",
    "turkey",
    "turkmenistan",
    "uganda",
    "ukraine",
    "united kingdom",
    "uk",
    "united states",
    "united states of america",
    "us",
    "usa",
    "u.s",
    "u.k",
    // "U.S.", "U.K.", "U.S.A." as names fold them (letters apart).
    "u s",
    "u k",
    "u s a",
    "america",
    "uruguay",
    "uzbekistan",
    "venezuela",
    "vietnam",
    "wales",
    "yemen",
    "zambia",
    "zimbabwe",
    "kingdom",
    "the west",
    "west",
    "nato",
    "european union",
    "eu",
    "united nations",
    "un",
    "the united states",
    "the united kingdom",
    "the netherlands",
    "the philippines",
];

// ------------------------------------------------ small sets of the engine
// Each used in one place of `engine/`; kept here so every word set the
// engine consults is in this file, with where it comes from.

/// Nouns of administrative areas that make the capitalised word beside them a
/// place ("Tarn region", "the city of Velka"). Hand-kept, general English.
pub const PLACE_NOUNS: &[&str] = &[
    "region",
    "city",
    "district",
    "province",
    "oblast",
    "county",
    "town",
    "village",
    "governorate",
    "prefecture",
];

/// Time nouns of a phrase between a subject and its verb ("on Tuesday
/// morning", "last week"). Hand-kept, general English.
pub const TIME_NOUNS: &[&str] = &[
    "week",
    "month",
    "year",
    "night",
    "morning",
    "evening",
    "afternoon",
    "weekend",
    "yesterday",
    "today",
    "tonight",
    "day",
];

/// Prepositions that put a name inside a phrase before the verb ("The post
/// on Telegram said"): the subject stands before them. English grammar.
pub const PHRASE_PREPS: &[&str] = &[
    "on", "in", "at", "via", "from", "with", "by", "for", "of", "to", "into", "near",
];

/// Words before "Name post" that make it a noun phrase ("a Facebook
/// post", "its Telegram report", "in a ... statement"), not a subject and a
/// verb. English grammar (determiners, possessives, prepositions).
pub const NOUN_OPENERS: &[&str] = &[
    "a", "an", "its", "his", "her", "their", "our", "this", "that", "each", "every", "another",
    "in", "on", "from", "via",
];

/// Quantity words before a plural noun ("a million posts", "several
/// claims"): a cue form after one is a noun. English grammar (numerals
/// and quantifiers), a closed class.
pub const QUANTIFIERS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "many",
    "several",
    "few",
    "more",
    "fewer",
    "numerous",
    "countless",
    "multiple",
    "some",
    "no",
];

/// Subordinating conjunctions that open an adverbial clause before the
/// main one ("After Roe spoke, …", "When asked, …"). English grammar, a
/// closed class.
pub const SUBORDINATORS: &[&str] = &[
    "after", "although", "as", "because", "before", "if", "once", "since", "though", "unless",
    "until", "when", "whenever", "whereas", "while",
];

/// Verbs that introduce a title or a name in quotation marks, not words
/// said ("a column entitled “…”"). Hand-kept, general English.
pub const NAMING_VERBS: &[&str] = &[
    "entitled",
    "titled",
    "headlined",
    "named",
    "dubbed",
    "called",
    "labelled",
    "labeled",
];

/// Descriptions of a news outlet ("the paper"): they point back to an outlet
/// among the organisations just read. Hand-kept, general news vocabulary.
pub const MEDIA_NOUNS: &[&str] = &[
    "paper",
    "newspaper",
    "outlet",
    "broadcaster",
    "channel",
    "magazine",
    "daily",
    "tabloid",
];

/// Descriptions of a business ("the company", "the chain"): they never point
/// back to a news outlet. Hand-kept, general news vocabulary.
pub const BUSINESS_NOUNS: &[&str] = &[
    "company",
    "firm",
    "chain",
    "retailer",
    "business",
    "group",
    "bank",
    "airline",
    "carrier",
    "operator",
    "manufacturer",
    "maker",
    "supermarket",
    "giant",
    "conglomerate",
    "insurer",
    "lender",
];

/// Rank words of a role ("deputy", "former"): a role that has one is a
/// different post from the same role without it. Hand-kept, general English.
pub const RANK_WORDS: &[&str] = &[
    "vice",
    "deputy",
    "former",
    "ex",
    "acting",
    "assistant",
    "interim",
    "first",
    "prime",
];

/// Plural descriptions of two organisations ("the parties", "both
/// companies"). Hand-kept, general news vocabulary.
pub const PLURAL_ORG_NOUNS: &[&str] = &["parties", "companies", "firms", "sides"];

/// Endings of plural agent nouns ("Supporters", "Economists") that open a
/// sentence as a group, not a name. English morphology.
pub const PLURAL_AGENT_ENDINGS: &[&str] = &["ers", "ists", "ians", "ents", "ants", "ors", "ees"];

/// Titles and role nouns that tell a man ("Mr", "spokesman"), for he/she
/// agreement. Hand-kept, general English.
pub const MALE_TITLES: &[&str] = &[
    "mr",
    "sir",
    "lord",
    "king",
    "prince",
    "father",
    "brother",
    "pope",
    "cardinal",
    "archbishop",
    "bishop",
    "rabbi",
    "imam",
    "sheikh",
    "congressman",
    "spokesman",
    "chairman",
    "councilman",
];

/// Titles and role nouns that tell a woman ("Ms", "spokeswoman"), for he/she
/// agreement. Hand-kept, general English.
pub const FEMALE_TITLES: &[&str] = &[
    "mrs",
    "ms",
    "miss",
    "mme",
    "mlle",
    "dame",
    "lady",
    "queen",
    "princess",
    "sister",
    "mother",
    "congresswoman",
    "spokeswoman",
    "chairwoman",
    "councilwoman",
    "actress",
];

/// Head nouns of place names ("Lake Tarn", "Velka Airport"): a run ending
/// in one names a place, not a source. Hand-kept, general English.
pub const PLACE_HEADS: &[&str] = &[
    "island",
    "islands",
    "valley",
    "river",
    "city",
    "county",
    "region",
    "province",
    "district",
    "street",
    "square",
    "sea",
    "ocean",
    "bay",
    "port",
    "mountain",
    "mountains",
    "lake",
    "airport",
    "station",
    "heights",
    "peninsula",
    "gulf",
    "strait",
    "coast",
    "beach",
    "park",
    "bridge",
    "road",
    "avenue",
    "hall",
    "stadium",
    "oblast",
    "krai",
    "state",
    "territory",
    "village",
    "town",
    "desert",
    "canal",
    "border",
    "field",
    "plant",
];

/// Every listed word with its flags, looked up once per token of every
/// article (a tenth of the engine's time went to it as a `HashMap<&str>`).
/// A word is its bytes packed into an integer: up to 8 bytes (most words
/// and forenames) a `u64`, up to 16 a `u128`, each in an open-addressed
/// table at most half full, keys and flags in separate arrays (no padding;
/// about 1 MiB in all, which matters for the seed's peak memory). A lookup
/// hashes one integer, compares integers and never follows a pointer to a
/// key. Longer words (a few hundred) keep a map of their own.
struct WordTable {
    short: Slots<u64>,
    mid: Slots<u128>,
    long: FastMap<&'static str, Flags>,
    /// Where an empty word's flags go (0 is the empty slot's key).
    none: Flags,
}

/// A packed word (0 is no word: words hold no NUL byte).
trait Packed: Copy + Eq {
    const EMPTY: Self;
    fn mix(self) -> u64;
}

impl Packed for u64 {
    const EMPTY: u64 = 0;
    fn mix(self) -> u64 {
        (self ^ (self >> 32)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

impl Packed for u128 {
    const EMPTY: u128 = 0;
    #[allow(clippy::cast_possible_truncation)]
    fn mix(self) -> u64 {
        let (lo, hi) = (self as u64, (self >> 64) as u64);
        (lo ^ hi.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

struct Slots<K> {
    keys: Vec<K>,
    flags: Vec<Flags>,
    /// One bit per value of the hash's top `seen_bits` bits, set for every
    /// key: most words of an article are in no list, and this (128 KiB for
    /// the short words, which stays in cache where the keys do not) turns
    /// nearly all of them away without touching a key.
    seen: Vec<u64>,
    seen_bits: u32,
}

impl<K: Packed> Slots<K> {
    /// Room for `n` words at most half full.
    fn with_room(n: usize) -> Self {
        let len = (2 * n).max(8);
        // About 16 bits a word: a word in no list gets past them 1 time in 16.
        let seen_bits = (16 * n).max(64).next_power_of_two().trailing_zeros();
        Slots {
            keys: vec![K::EMPTY; len],
            flags: vec![0; len],
            seen: vec![0; (1 << seen_bits) / 64],
            seen_bits,
        }
    }

    /// Where `k`'s bit is in `seen`: the word and the bit in it.
    fn seen_at(&self, hash: u64) -> (usize, u64) {
        #[allow(clippy::cast_possible_truncation)]
        let b = (hash >> (64 - self.seen_bits)) as usize;
        (b / 64, 1 << (b % 64))
    }

    /// The slot holding `k`, or the empty one where it would go. The home
    /// slot is the hash's top bits scaled to the length (no power of two
    /// needed), then linear probing.
    #[allow(clippy::cast_possible_truncation)]
    fn find(&self, k: K, hash: u64) -> usize {
        let len = self.keys.len();
        let mut i = ((u128::from(hash) * len as u128) >> 64) as usize;
        while self.keys[i] != k && self.keys[i] != K::EMPTY {
            i += 1;
            if i == len {
                i = 0;
            }
        }
        i
    }

    fn get(&self, k: K) -> Flags {
        let hash = k.mix();
        let (w, bit) = self.seen_at(hash);
        if self.seen[w] & bit == 0 {
            return 0;
        }
        self.flags[self.find(k, hash)]
    }

    fn entry(&mut self, k: K) -> &mut Flags {
        let hash = k.mix();
        let (w, bit) = self.seen_at(hash);
        self.seen[w] |= bit;
        let i = self.find(k, hash);
        self.keys[i] = k;
        &mut self.flags[i]
    }
}

/// A word lower-cased into the key its length calls for.
enum Key<'b> {
    Short(u64),
    Mid(u128),
    Long(&'b str),
}

/// `f` of the word's key; words that are not short ASCII are in no list
/// (names with diacritics fall through cheaply) and get no flags.
fn with_key(word: &str, f: impl FnOnce(Key<'_>) -> Flags) -> Flags {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let b = word.as_bytes();
    // Lower-cased straight into the key, in registers; a byte with its
    // high bit set (lower-casing leaves those as they are) is not ASCII.
    match b.len() {
        1..=8 => {
            let key = pack8(b);
            if key & HIGH == 0 {
                f(Key::Short(key))
            } else {
                0
            }
        }
        9..=16 => {
            let (lo, hi) = b.split_at(8);
            let (lo, hi) = (pack8(lo), pack8(hi));
            if (lo | hi) & HIGH == 0 {
                f(Key::Mid(u128::from(lo) | u128::from(hi) << 64))
            } else {
                0
            }
        }
        17..=24 if word.is_ascii() => {
            let mut buf = [0u8; 24];
            for (d, s) in buf.iter_mut().zip(b) {
                *d = s.to_ascii_lowercase();
            }
            match std::str::from_utf8(&buf[..b.len()]) {
                Ok(lower) => f(Key::Long(lower)),
                Err(_) => 0,
            }
        }
        // Empty, longer than any listed word, or not ASCII: in no list.
        _ => 0,
    }
}

impl WordTable {
    fn with_room(short: usize, mid: usize) -> Self {
        WordTable {
            short: Slots::with_room(short),
            mid: Slots::with_room(mid),
            long: FastMap::default(),
            none: 0,
        }
    }

    fn get(&self, k: &Key) -> Flags {
        match *k {
            Key::Short(k) => self.short.get(k),
            Key::Mid(k) => self.mid.get(k),
            Key::Long(w) => self.long.get(w).copied().unwrap_or(0),
        }
    }

    fn entry(&mut self, w: &'static str) -> &mut Flags {
        let b = w.as_bytes();
        if b.is_empty() {
            &mut self.none
        } else if b.len() <= 8 {
            self.short.entry(pack8(b))
        } else if let Some(k) = pack(b) {
            self.mid.entry(k)
        } else {
            self.long.entry(w).or_insert(0)
        }
    }
}

/// A word of up to 8 bytes as an integer, lower-cased on the way.
fn pack8(b: &[u8]) -> u64 {
    let mut key = 0u64;
    for (i, c) in b.iter().enumerate() {
        key |= u64::from(c.to_ascii_lowercase()) << (8 * i);
    }
    key
}

/// Up to 8 bytes as they are, as [`pack8`] packs them.
fn pack8_raw(b: &[u8]) -> u64 {
    let mut key = 0u64;
    for (i, c) in b.iter().enumerate() {
        key |= u64::from(*c) << (8 * i);
    }
    key
}

/// [`pack`] of the word lower-cased (ASCII), straight into the key, in
/// registers: two 64-bit halves, which shift cheaper than one `u128`.
fn pack_lower(b: &[u8]) -> Option<u128> {
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let (lo, hi) = b.split_at(b.len().min(8));
    Some(u128::from(pack8(lo)) | u128::from(pack8(hi)) << 64)
}

/// A word of 1 to 16 bytes as an integer (zero-padded: no word holds a
/// NUL byte, so no two words pack alike and 0 is no word).
fn pack(b: &[u8]) -> Option<u128> {
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let (lo, hi) = b.split_at(b.len().min(8));
    Some(u128::from(pack8_raw(lo)) | u128::from(pack8_raw(hi)) << 64)
}

/// The lexicon's words, and the forenames apart: a forename matters only
/// for a capitalised word, and the 36,000 of them would otherwise make
/// the table every lower-case word is looked up in ten times larger than
/// the cache that holds the rest.
struct Tables {
    words: WordTable,
    names: WordTable,
}

static TABLE: LazyLock<Tables> = LazyLock::new(word_table);

/// Every hand-kept list and the flag its words get.
const LISTS: &[(&[&str], Flags)] = &[
    (CUE_NOUNISH_WORDS, CUE_NOUNISH),
    (TITLES, TITLE),
    (ORG_HEADS, ORG_HEAD),
    // A newspaper or broadcaster is an organisation too.
    (MEDIA_HEADS, MEDIA_HEAD | ORG_HEAD),
    (FUNC_WORDS, FUNC),
    (PRONOUNS_HE, PRON_HE),
    (PRONOUNS_SHE, PRON_SHE),
    (PRONOUNS_IT, PRON_IT),
    (PRONOUNS_THEY, PRON_THEY),
    (PRONOUNS_SKIP, PRON_SKIP),
    (UNNAMED_NOUNS, UNNAMED),
    (ROLE_NOUNS, ROLE_NOUN),
    (SPOKES_WORDS, SPOKES),
    (DOC_NOUNS, DOC_NOUN),
    (ADV_SKIP_WORDS, ADV_SKIP),
    (PASSIVE_AUXES, PASSIVE_AUX),
    (AUXES, AUX),
    (PREPS, PREP),
    (DETS, DET),
    (MONTHDAYS, MONTHDAY),
    (CONNECTORS, CONNECTOR),
    (RELATIVES, RELATIVE),
    (COORDS, COORD),
    (ABBREVS, ABBREV),
    (ORG_DESCS, ORG_DESC),
    (MEDIA_NOUNS, ORG_DESC),
    (BUSINESS_NOUNS, ORG_DESC),
    (DEMONYMS, DEMONYM),
    (PLACE_HEADS, PLACE_HEAD),
];

fn word_table() -> Tables {
    // Parsed once: the file is 36,000 lines, walked three times below.
    let forename_list: Vec<(&str, &str)> = FORENAMES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect();
    let forenames = || forename_list.iter().copied();
    let words = || {
        LISTS
            .iter()
            .flat_map(|(ws, _)| ws.iter().copied())
            .chain(REPORTING.forms.iter().map(|(w, _)| w.as_str()))
    };
    // Sized by counting every entry (a word in two lists counts twice).
    let short = |ws: &mut dyn Iterator<Item = &str>| ws.filter(|w| w.len() <= 8).count();
    let mid =
        |ws: &mut dyn Iterator<Item = &str>| ws.filter(|w| (9..=16).contains(&w.len())).count();
    let mut m = WordTable::with_room(short(&mut words()), mid(&mut words()));
    let mut names = WordTable::with_room(
        short(&mut forenames().map(|(n, _)| n)),
        mid(&mut forenames().map(|(n, _)| n)),
    );
    for (words, flag) in LISTS {
        for w in *words {
            *m.entry(w) |= flag;
        }
    }
    for (form, flag) in &REPORTING.forms {
        *m.entry(form.as_str()) |= flag;
    }
    // A word the lexicon already knows as a function word, a title, a
    // cue, a date or a head noun ("will", "may", "chief", "north") is not
    // read as a forename; a name particle ("al") still is.
    const NOT_A_NAME: Flags = FUNC
        | AUX
        | PASSIVE_AUX
        | MONTHDAY
        | TITLE
        | ROLE_NOUN
        | ORG_HEAD
        | ORG_DESC
        | CUE
        | PREP
        | DET
        | ADV_SKIP
        | UNNAMED
        | DEMONYM
        | COORD
        | RELATIVE
        | PRON_HE
        | PRON_SHE
        | PRON_IT
        | PRON_THEY
        | PRON_SKIP;
    for (name, g) in forenames() {
        let flag = match g {
            "m" => MALE | FORENAME,
            "f" => FEMALE | FORENAME,
            _ => FORENAME,
        };
        if with_key(name, |k| m.get(&k)) & NOT_A_NAME == 0 {
            *names.entry(name) |= flag;
        }
    }
    Tables { words: m, names }
}

static COUNTRY_SET: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| COUNTRIES.iter().copied().collect());

/// Flags of a word, looked up case-insensitively. Words that are not short
/// ASCII are in no list (names with diacritics fall through cheaply).
pub fn flags(word: &str) -> Flags {
    token_flags(word, true)
}

/// [`flags`] of a token: a word the text writes in lower case is read
/// as no forename ("will", "rose"), so only a capitalised one is looked up
/// among them.
pub fn token_flags(word: &str, cap: bool) -> Flags {
    with_key(word, |k| {
        let f = TABLE.words.get(&k);
        if cap { f | TABLE.names.get(&k) } else { f }
    })
}

/// Whether a lower-cased, space-joined name is a country or bloc: the
/// gazetteer's countries and the blocs and "the ..." forms listed here.
pub fn is_country(lower_name: &str) -> bool {
    COUNTRY_SET.contains(lower_name) || super::gazetteer::is_country(lower_name)
}

/// Cue forms that are past participles, for passives ("was reported by").
pub fn is_participle(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    w.ends_with("ed")
        || REPORTING.participles.contains(w.as_str())
        || matches!(w.as_str(), "known" | "shown")
}

/// Whether the word ends like a finite past-tense verb ("indicated").
pub fn looks_past_verb(word: &str) -> bool {
    word.len() > 3 && word.ends_with("ed") && word.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The packed keys: lower-casing on the way agrees with packing a
    /// lower-case word as it is, at every length a key holds.
    #[test]
    fn packed_keys_agree_at_every_length() {
        for w in [
            "a",
            "said",
            "abcdefgh",
            "abcdefghi",
            "spokesperson",
            "abcdefghijklmnop",
        ] {
            assert_eq!(
                pack_lower(w.to_uppercase().as_bytes()),
                pack(w.as_bytes()),
                "{w}"
            );
        }
        assert_eq!(pack(b"abcdefghijklmnopq"), None);
        assert_eq!(pack(b""), None);
        assert_ne!(pack(b"ab"), pack(b"ba"));
    }

    /// A lookup ignores case at every length (short, mid and long keys),
    /// a word that is not ASCII is in no list, and a forename counts only
    /// for a capitalised token.
    #[test]
    fn lookups_by_length_case_and_capital() {
        for w in ["said", "spokesperson", "acknowledged"] {
            assert_ne!(flags(w), 0, "{w}");
            assert_eq!(flags(&w.to_uppercase()), flags(w), "{w}");
        }
        let long = LISTS
            .iter()
            .flat_map(|(ws, _)| ws.iter().copied())
            .find(|w| (17..=24).contains(&w.len()))
            .expect("a listed word longer than 16 bytes");
        assert_ne!(flags(long), 0);
        assert_eq!(flags(&long.to_uppercase()), flags(long));
        assert_eq!(flags("saïd"), 0);
        assert_eq!(flags("Ministère"), 0);
        assert_ne!(token_flags("Mary", true) & FORENAME, 0);
        assert_eq!(token_flags("mary", false) & FORENAME, 0);
    }

    /// The filter of capitalised words' folds may say yes for nothing, but
    /// never no for a word noted, ASCII or not; a word too long to pack is
    /// always a maybe.
    #[test]
    fn the_fold_filter_never_forgets() {
        let mut f = FoldFilter::default();
        let noted = ["The", "Senator", "Élan", "Spokesperson", "Extraordinarily"];
        for w in noted {
            f.insert_folded(w);
        }
        for w in noted {
            assert!(f.may_hold(&w.to_lowercase()), "{w}");
        }
        assert!(f.may_hold("a-word-much-too-long-to-pack"));
        let turned_away = ["apple", "river", "window", "quietly", "seven", "blue"]
            .iter()
            .filter(|w| !f.may_hold(w))
            .count();
        assert!(
            turned_away > 0,
            "a filter that holds every word filters nothing"
        );
    }

    /// A word is written once in a list, and once among the descriptions
    /// of organisations (`ORG_DESCS`, `MEDIA_NOUNS`, `BUSINESS_NOUNS`).
    #[test]
    fn no_word_twice_in_a_list() {
        for (words, _) in LISTS {
            let mut seen = HashSet::new();
            for w in *words {
                assert!(seen.insert(w), "{w} twice in one list");
            }
        }
        let mut seen = HashSet::new();
        for w in ORG_DESCS.iter().chain(MEDIA_NOUNS).chain(BUSINESS_NOUNS) {
            assert!(
                seen.insert(w),
                "{w} twice among ORG_DESCS, MEDIA_NOUNS, BUSINESS_NOUNS"
            );
        }
    }

    #[test]
    fn the_reporting_file_parses_and_keeps_only_members() {
        let lemmas = parse_reporting(REPORTING_VERBS).expect("data file parses");
        let has = |w: &str, f: Flags| lemmas.iter().any(|(l, g)| l == w && *g == f);
        assert!(has("acknowledge", CUE) && has("caution", CUE) && has("whisper", QUOTE_CUE));
        // Dropped for their non-speech sense.
        assert!(!lemmas.iter().any(|(l, _)| l == "encourage" || l == "smile"));
        let bad = "class\tx-1\tsay tell\nuse\tx-1\tcue\nkeep\tx-1\tsing\n";
        assert!(parse_reporting(bad).is_err());
        assert!(parse_reporting("use\tnone-1\tcue\n").is_err());
    }

    #[test]
    fn every_inflection_is_generated() {
        let forms = |l: &str| inflect(l).0;
        assert_eq!(
            forms("apologize"),
            ["apologize", "apologizes", "apologized", "apologizing"]
        );
        assert_eq!(forms("deny"), ["deny", "denies", "denied", "denying"]);
        assert!(forms("admit").contains(&"admitted".to_string()));
        assert!(forms("admit").contains(&"admitting".to_string()));
        assert!(forms("tell").contains(&"told".to_string()));
        assert!(forms("stress").contains(&"stresses".to_string()));
        assert!(forms("tweet").contains(&"tweeted".to_string()));
        assert_eq!(flags("apologised") & CUE, CUE, "British -ise spelling");
        assert_eq!(flags("Cautioned") & CUE, CUE);
        assert_eq!(flags("whispered") & (CUE | QUOTE_CUE), QUOTE_CUE);
        assert!(is_participle("sworn") && is_participle("told"));
    }
}
