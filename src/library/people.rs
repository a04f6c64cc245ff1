//! Everyone the library quotes, merged across articles: the People view's
//! data and `whosaid people`.
//!
//! Each analysed article leaves a [`Record`] per named source (its names,
//! role and the first stretch of each passage), so the index never needs
//! an article's text again. Who is who is worked out from the records
//! whenever they changed ([`PeopleIndex::snapshot`]) rather than patched as
//! each article arrives: a later article can make an earlier merge wrong
//! (a second "Lewis" turns up), and recomputing from the whole set gives
//! the same answer whatever order the scan met the articles in.
//!
//! Matching uses the keys of [`super::crossref::key`]:
//! names and aliases, lower-cased, punctuation dropped. A key of two or
//! more words (a full name, "Associated Press") ties sources together
//! outright. A one-word key (a surname, "CNN") ties them only while it
//! names one person: once two people with different full names share a
//! surname, neither is merged with a bare "Lewis" that could be either.
//! "Also quoted in" asks the same index ([`People::articles_quoting`]), so
//! the reader's two answers to "where else is this person quoted" agree.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::attribution::{PassageKind, Source, SourceKind, Sources};
use crate::model::article::Article;

/// A passage's text is kept up to this many bytes: the People view shows
/// its first line and `people --json` its text, and a hostile article with
/// one enormous quotation must not make the index hold it whole.
pub const PASSAGE_TEXT_BYTES: usize = 4096;

/// One passage of a source, as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// 0-based, as in [`crate::attribution::Passage`].
    pub paragraph: usize,
    pub kind: PassageKind,
    /// Byte range in the article's text.
    pub start: usize,
    pub end: usize,
    /// The passage's text, cut at [`PASSAGE_TEXT_BYTES`] (then ending in `…`).
    pub text: String,
}

/// One named source of one article.
#[derive(Debug, Clone)]
pub struct Record {
    pub article: usize,
    /// Its place in that article's [`Sources::sources`].
    pub source: usize,
    pub title: String,
    pub date: Option<String>,
    pub path: String,
    pub name: String,
    pub kind: SourceKind,
    pub role: Option<String>,
    pub aliases: Vec<String>,
    pub passages: Vec<Said>,
}

/// The records of one article's named sources; `date` is the article's
/// when it has none of its own (from its file name).
pub fn records(
    index: usize,
    article: &Article,
    sources: &Sources,
    date: Option<String>,
) -> Vec<Record> {
    let date = article.date.clone().or(date);
    sources
        .sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind != SourceKind::Unnamed)
        .map(|(i, s)| Record {
            article: index,
            source: i,
            title: article.title.clone(),
            date: date.clone(),
            path: article.path.display().to_string(),
            name: s.name.clone(),
            kind: s.kind,
            role: s.role.clone(),
            aliases: s.aliases.clone(),
            passages: s
                .passages
                .iter()
                .map(|p| Said {
                    paragraph: p.paragraph,
                    kind: p.kind,
                    start: p.span.start,
                    end: p.span.end,
                    text: cut(article.text().get(p.span.clone()).unwrap_or("")),
                })
                .collect(),
        })
        .collect()
}

fn cut(text: &str) -> String {
    if text.len() <= PASSAGE_TEXT_BYTES {
        return text.to_owned();
    }
    let mut end = PASSAGE_TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// One person or organisation, across every article that quotes them.
#[derive(Debug, Clone)]
pub struct Person {
    /// The fullest name any article gives (most words, then most often).
    pub name: String,
    /// What most of the articles take them for.
    pub kind: SourceKind,
    /// Every distinct role given, newest article first.
    pub roles: Vec<String>,
    /// Every other name they go by.
    pub aliases: Vec<String>,
    /// How many articles quote them.
    pub articles: usize,
    /// Their passages, newest article first (undated last), then in
    /// paragraph order.
    pub passages: Vec<Quoted>,
    /// Where they appear: (article, source), ascending; the first one names
    /// the person across rebuilds.
    pub sources: Vec<(usize, usize)>,
    /// Names, aliases and roles folded for filtering.
    folded: String,
    /// The name folded, to sort by.
    sort_name: String,
}

/// One passage of a [`Person`]: the record of the source that says it (its
/// article's title, date and path, and the name that article gives them,
/// to select them there) and which of its passages. Shared with the
/// index, not copied: a rebuild copies no text.
#[derive(Debug, Clone)]
pub struct Quoted {
    pub record: Arc<Record>,
    at: usize,
}

impl Quoted {
    pub fn said(&self) -> &Said {
        &self.record.passages[self.at]
    }
}

impl Person {
    /// Whether the folded `query` (see [`crate::model::fold::fold`]) occurs in a
    /// name, alias or role.
    pub fn matches(&self, folded_query: &str) -> bool {
        self.folded.contains(folded_query)
    }

    /// The (article, source) that identifies this person while the index
    /// grows.
    pub fn id(&self) -> (usize, usize) {
        self.sources.first().copied().unwrap_or_default()
    }
}

/// How a list of people is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Most passages first (then most articles, then by name).
    #[default]
    Passages,
    /// By name, ignoring case and diacritics.
    Name,
}

impl SortBy {
    pub fn toggled(self) -> SortBy {
        match self {
            SortBy::Passages => SortBy::Name,
            SortBy::Name => SortBy::Passages,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Passages => "passages",
            SortBy::Name => "name",
        }
    }
}

/// Everyone quoted in the articles analysed so far.
#[derive(Debug, Default)]
pub struct People {
    pub persons: Vec<Person>,
    /// How many articles went into it.
    pub articles: usize,
    /// (article, source) → its person in `persons`.
    of: HashMap<(usize, usize), usize>,
    /// A name's key (see [`super::crossref::key`]) → the persons going by it.
    by_key: HashMap<String, Vec<usize>>,
}

impl People {
    /// Merges `records` (any order) into people, in [`SortBy::Passages`]
    /// order.
    pub fn build(records: &[Arc<Record>], articles: usize) -> People {
        let mut records: Vec<&Arc<Record>> = records.iter().collect();
        records.sort_by_key(|r| (r.article, r.source));
        let groups = group(&records);
        let mut persons: Vec<Person> = groups
            .into_iter()
            .map(|members| person(&members.iter().map(|&i| records[i]).collect::<Vec<_>>()))
            .collect();
        sort(&mut persons, SortBy::Passages);
        let of = persons
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.sources.iter().map(move |&s| (s, i)))
            .collect();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in persons.iter().enumerate() {
            for k in std::iter::once(&p.name)
                .chain(&p.aliases)
                .filter_map(|n| super::crossref::key(n))
            {
                let list = by_key.entry(k).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        People {
            persons,
            articles,
            of,
            by_key,
        }
    }

    /// The articles (ascending) quoting the person `source` names: by a key
    /// of several words, or else by a one-word key only one person goes
    /// by, as [`People::build`] merges them. A source of an article in the
    /// index finds its own person; a bare surname two people share finds
    /// nobody.
    pub fn articles_quoting(&self, source: &Source) -> Vec<usize> {
        let keys: Vec<String> = super::crossref::keys(source).collect();
        let persons = |strong: bool| -> Vec<usize> {
            keys.iter()
                .filter(|k| k.contains(' ') == strong)
                .filter_map(|k| self.by_key.get(k))
                .filter(|ps| strong || ps.len() == 1)
                .flatten()
                .copied()
                .collect()
        };
        let mut found = persons(true);
        if found.is_empty() {
            found = persons(false);
        }
        let mut out: Vec<usize> = found
            .into_iter()
            .flat_map(|p| self.persons[p].sources.iter().map(|&(article, _)| article))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The person source `source` of article `article` was merged into.
    pub fn person_of(&self, article: usize, source: usize) -> Option<&Person> {
        self.of.get(&(article, source)).map(|&i| &self.persons[i])
    }

    /// Indices into `persons` of those matching `query` (folded, so case
    /// and diacritics do not matter), in `by` order.
    pub fn listed(&self, query: &str, by: SortBy) -> Vec<usize> {
        let q = crate::model::fold::fold(query);
        let mut out: Vec<usize> = (0..self.persons.len())
            .filter(|&i| self.persons[i].matches(&q))
            .collect();
        if by == SortBy::Name {
            // `persons` is in passage order already.
            out.sort_by(|&a, &b| self.persons[a].sort_name.cmp(&self.persons[b].sort_name));
        }
        out
    }
}

fn sort(persons: &mut [Person], by: SortBy) {
    match by {
        SortBy::Passages => persons.sort_by(|a, b| {
            b.passages
                .len()
                .cmp(&a.passages.len())
                .then(b.articles.cmp(&a.articles))
                .then_with(|| a.sort_name.cmp(&b.sort_name))
                .then(a.id().cmp(&b.id()))
        }),
        SortBy::Name => {
            persons.sort_by(|a, b| a.sort_name.cmp(&b.sort_name).then(a.id().cmp(&b.id())));
        }
    }
}

/// Groups records (sorted by article, source) into people: indices into
/// `records`, each group ascending.
fn group(records: &[&Arc<Record>]) -> Vec<Vec<usize>> {
    let mut sets = UnionFind::new(records.len());
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        for k in std::iter::once(r.name.as_str())
            .chain(r.aliases.iter().map(String::as_str))
            .filter_map(super::crossref::key)
        {
            let list = by_key.entry(k).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let (strong, mut weak): (Vec<_>, Vec<_>) = by_key.iter().partition(|(k, _)| k.contains(' '));
    // Strong keys join whatever their order; one-word keys are taken in
    // a fixed order, so the same records always give the same people.
    weak.sort_unstable_by_key(|(k, _)| *k);
    for (_, members) in &strong {
        for pair in members.windows(2) {
            sets.join(pair[0], pair[1]);
        }
    }
    // A group "has a full name" when one of its members carries a key of
    // several words; a one-word key joins groups while at most one of
    // those carrying it has a full name.
    let mut full = vec![false; records.len()];
    for (_, members) in &strong {
        for &m in *members {
            let root = sets.find(m);
            full[root] = true;
        }
    }
    for (_, members) in &weak {
        let mut roots: Vec<usize> = members.iter().map(|&m| sets.find(m)).collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.iter().filter(|&&r| full[r]).count() <= 1 {
            let any_full = roots.iter().any(|&r| full[r]);
            for pair in roots.windows(2) {
                sets.join(pair[0], pair[1]);
            }
            if let Some(&r) = roots.first() {
                let root = sets.find(r);
                full[root] = any_full;
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..records.len() {
        groups.entry(sets.find(i)).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort();
    out
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind((0..n).collect())
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        // The smaller index stays the root, so groups are found the same
        // way whatever order they were joined in.
        self.0[a.max(b)] = a.min(b);
    }
}

/// One person from the records (in article order) that name them.
fn person(members: &[&Arc<Record>]) -> Person {
    let mut names: Vec<(&str, usize)> = Vec::new();
    for r in members {
        match names.iter_mut().find(|(n, _)| *n == r.name) {
            Some((_, count)) => *count += 1,
            None => names.push((&r.name, 1)),
        }
    }
    let name = names
        .iter()
        .max_by_key(|(n, count)| (n.split_whitespace().count(), *count, n.len()))
        .map_or("", |(n, _)| n)
        .to_owned();
    let orgs = members
        .iter()
        .filter(|r| r.kind == SourceKind::Organisation)
        .count();
    let kind = if orgs * 2 > members.len() {
        SourceKind::Organisation
    } else {
        SourceKind::Person
    };
    let mut newest: Vec<&Arc<Record>> = members.to_vec();
    newest.sort_by(|a, b| newest_first(a, b));
    let mut roles: Vec<String> = Vec::new();
    let mut aliases: Vec<String> = Vec::new();
    for r in &newest {
        if let Some(role) = &r.role
            && !roles.contains(role)
        {
            roles.push(role.clone());
        }
        for a in std::iter::once(&r.name).chain(&r.aliases) {
            if *a != name && !aliases.contains(a) {
                aliases.push(a.clone());
            }
        }
    }
    let passages: Vec<Quoted> = newest
        .iter()
        .flat_map(|r| {
            (0..r.passages.len()).map(|at| Quoted {
                record: Arc::clone(r),
                at,
            })
        })
        .collect();
    let mut articles: Vec<usize> = members.iter().map(|r| r.article).collect();
    articles.dedup();
    let sort_name = crate::model::fold::fold(&name);
    let folded = crate::model::fold::fold(&format!(
        "{name}\n{}\n{}",
        aliases.join("\n"),
        roles.join("\n")
    ));
    Person {
        name,
        kind,
        roles,
        aliases,
        articles: articles.len(),
        passages,
        sources: members.iter().map(|r| (r.article, r.source)).collect(),
        folded,
        sort_name,
    }
}

/// Newest article first, undated ones last; one article's sources in
/// their own order.
fn newest_first(a: &Record, b: &Record) -> std::cmp::Ordering {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then(b.article.cmp(&a.article))
    .then(a.source.cmp(&b.source))
}

/// The records of every article analysed so far, and who is who among
/// them. Merging is worked out again in the background, where articles
/// are analysed ([`PeopleIndex::refresh_if_due`]), never while a reader
/// draws: a reader takes the latest snapshot, a moment behind at worst.
#[derive(Debug, Default)]
pub struct PeopleIndex(Mutex<IndexState>);

#[derive(Debug, Default)]
struct IndexState {
    /// By article: several readers may analyse one article (never twice,
    /// but a test may add it again); the last word counts.
    articles: HashMap<usize, Vec<Arc<Record>>>,
    built: Option<Arc<People>>,
    /// Records were added since `built`.
    stale: bool,
    /// When the last rebuild ended and how long it took.
    last: Option<(Instant, Duration)>,
}

/// While articles keep arriving, rebuilds take at most one part in this
/// many of the time: a small library's (microseconds) come with every
/// article, a large one's further apart.
const REBUILD_SHARE: u32 = 5;
/// A rebuild not due when the last article of a burst came is done by the
/// next reader who asks after this long.
const FORGOTTEN_AFTER: Duration = Duration::from_secs(2);

impl PeopleIndex {
    /// Records the named sources of article `index` (see [`records`]).
    pub fn add(&self, index: usize, article: &Article, sources: &Sources, date: Option<String>) {
        let records = records(index, article, sources, date)
            .into_iter()
            .map(Arc::new)
            .collect();
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        state.articles.insert(index, records);
        state.stale = true;
    }

    /// Rebuilds when records were added and the last rebuild ended at least
    /// four times its own length ago, so a scan of 10,000 articles spends a
    /// bounded share of its time here; says whether it rebuilt. For the
    /// threads that analyse.
    pub fn refresh_if_due(&self) -> bool {
        let due = {
            let state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            state.stale
                && state
                    .last
                    .is_none_or(|(at, took)| at.elapsed() >= took * (REBUILD_SHARE - 1))
        };
        due && self.refresh()
    }

    /// Rebuilds now if records were added; says whether it did.
    pub fn refresh(&self) -> bool {
        let (all, articles) = {
            let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            if !state.stale && state.built.is_some() {
                return false;
            }
            state.stale = false;
            let all: Vec<Arc<Record>> = state.articles.values().flatten().cloned().collect();
            (all, state.articles.len())
        };
        // Built outside the lock: readers keep taking the last snapshot.
        let started = Instant::now();
        let built = Arc::new(People::build(&all, articles));
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        // A rebuild that started earlier never replaces a newer one.
        if state
            .built
            .as_ref()
            .is_none_or(|b| b.articles <= built.articles)
        {
            state.built = Some(built);
        }
        state.last = Some((Instant::now(), started.elapsed()));
        true
    }

    /// Everyone quoted as of the last rebuild (built now if there has been
    /// none). Cheap: the same `Arc` until the next rebuild, so every reader
    /// of a shared library can ask on each update and draw.
    pub fn snapshot(&self) -> Arc<People> {
        {
            let state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            // Left behind by the last analysis of a burst (not due then)
            // and nothing analysed since: the asker rebuilds, rarely.
            let forgotten = state.stale
                && state
                    .last
                    .is_none_or(|(at, _)| at.elapsed() >= FORGOTTEN_AFTER);
            if let Some(built) = &state.built
                && !forgotten
            {
                return Arc::clone(built);
            }
        }
        self.refresh();
        let state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        state.built.clone().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(article: usize, name: &str, aliases: &[&str], date: &str) -> Arc<Record> {
        Arc::new(Record {
            article,
            source: 0,
            title: format!("Story {article}"),
            date: (!date.is_empty()).then(|| date.to_owned()),
            path: format!("{article}.txt"),
            name: name.to_owned(),
            kind: SourceKind::Person,
            role: None,
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            passages: vec![Said {
                paragraph: article,
                kind: PassageKind::Quote,
                start: 0,
                end: 1,
                text: format!("words of {name}"),
            }],
        })
    }

    fn names(people: &People) -> Vec<(String, usize)> {
        let mut out: Vec<_> = people
            .persons
            .iter()
            .map(|p| (p.name.clone(), p.articles))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn full_names_and_aliases_merge_across_articles_newest_first() {
        let people = People::build(
            &[
                record(0, "Anna Kowalska", &["Kowalska"], "2020-01-01"),
                record(1, "Mayor Anna Kowalska", &["Anna Kowalska"], "2021-05-05"),
                record(2, "Kowalska", &[], ""),
                record(3, "Jan Nowak", &["Nowak"], "2019-01-01"),
            ],
            4,
        );
        assert_eq!(
            names(&people),
            [
                ("Jan Nowak".to_owned(), 1),
                ("Mayor Anna Kowalska".to_owned(), 3)
            ]
        );
        let anna = people.person_of(2, 0).expect("merged");
        let order: Vec<usize> = anna.passages.iter().map(|q| q.record.article).collect();
        assert_eq!(order, [1, 0, 2], "newest first, undated last");
        assert_eq!(anna.aliases, ["Anna Kowalska", "Kowalska"]);
        assert_eq!(
            people.persons[0].name, "Mayor Anna Kowalska",
            "most passages first"
        );
    }

    #[test]
    fn a_surname_two_people_share_merges_nobody() {
        let records = [
            record(0, "Dave Lewis", &["Lewis"], ""),
            record(1, "Michael Lewis", &["Lewis"], ""),
            record(2, "Lewis", &[], ""),
            record(3, "CNN", &[], ""),
            record(4, "CNN", &[], ""),
        ];
        let people = People::build(&records, 5);
        assert_eq!(people.persons.len(), 4, "{:?}", names(&people));
        assert_eq!(people.person_of(3, 0).expect("cnn").articles, 2);
        // The same answer whatever order the articles came in.
        let mut reversed = records.to_vec();
        reversed.reverse();
        assert_eq!(names(&People::build(&reversed, 5)), names(&people));
        // With one Lewis only, the bare surname is theirs.
        let one = People::build(&records[1..3], 2);
        assert_eq!(names(&one), [("Michael Lewis".to_owned(), 2)]);
    }

    fn source(name: &str, aliases: &[&str]) -> Source {
        Source {
            name: name.to_owned(),
            kind: SourceKind::Person,
            role: None,
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            passages: Vec::new(),
        }
    }

    /// "Also quoted in" asks the index, so it agrees with the People view.
    #[test]
    fn articles_quoting_follows_the_merge() {
        let people = People::build(
            &[
                record(0, "Vitali Klitschko", &["Klitschko"], ""),
                record(3, "Klitschko", &[], ""),
                record(5, "Mayor Vitali Klitschko", &["Vitali Klitschko"], ""),
                record(7, "Dave Lewis", &["Lewis"], ""),
                record(8, "Michael Lewis", &["Lewis"], ""),
                record(9, "Anna Smith", &["the mayor"], ""),
                record(10, "John Doe", &["the mayor"], ""),
            ],
            7,
        );
        let quoting =
            |name: &str, aliases: &[&str]| people.articles_quoting(&source(name, aliases));
        assert_eq!(quoting("Vitali Klitschko", &["Klitschko"]), [0, 3, 5]);
        assert_eq!(quoting("Klitschko", &[]), [0, 3, 5]);
        assert_eq!(quoting("Dave Lewis", &["Lewis"]), [7], "not Michael's");
        assert!(quoting("Lewis", &[]).is_empty(), "either of two");
        assert!(
            quoting("Someone", &["the mayor"]).is_empty(),
            "a description"
        );
        assert_eq!(quoting("ANNA  SMITH.", &[]), [9]);
        let mut officials = source("Officials", &[]);
        officials.kind = SourceKind::Unnamed;
        assert!(people.articles_quoting(&officials).is_empty());
    }

    #[test]
    fn filter_folds_case_and_diacritics_and_sorts_by_name() {
        let mut erdogan = record(0, "Recep Tayyip Erdoğan", &["Erdoğan"], "");
        Arc::make_mut(&mut erdogan).role = Some("Turkey’s president".to_owned());
        let people = People::build(
            &[
                erdogan,
                record(1, "Paweł Adamowicz", &[], ""),
                record(2, "anna Bell", &[], ""),
            ],
            3,
        );
        let shown = |q: &str, by| -> Vec<String> {
            people
                .listed(q, by)
                .into_iter()
                .map(|i| people.persons[i].name.clone())
                .collect()
        };
        assert_eq!(shown("ERDOGAN", SortBy::Passages), ["Recep Tayyip Erdoğan"]);
        assert_eq!(shown("pawel", SortBy::Passages), ["Paweł Adamowicz"]);
        assert_eq!(
            shown("president", SortBy::Passages),
            ["Recep Tayyip Erdoğan"]
        );
        assert_eq!(
            shown("", SortBy::Name),
            ["anna Bell", "Paweł Adamowicz", "Recep Tayyip Erdoğan"]
        );
    }

    #[test]
    fn the_index_rebuilds_when_asked_after_an_article_is_added() {
        let index = PeopleIndex::default();
        let a = Article::parse("a.txt", "“Fine,” Anna Kowalska said.\n".as_bytes()).expect("a");
        let s = crate::attribution::analyze(&a);
        index.add(0, &a, &s, None);
        let first = index.snapshot();
        assert!(
            Arc::ptr_eq(&first, &index.snapshot()),
            "kept while unchanged"
        );
        assert_eq!(first.articles, 1);
        assert_eq!(first.persons.len(), 1, "{first:?}");
        index.add(1, &a, &s, None);
        assert!(
            Arc::ptr_eq(&first, &index.snapshot()),
            "kept until a rebuild"
        );
        assert!(index.refresh());
        assert!(!index.refresh(), "nothing new to rebuild");
        let second = index.snapshot();
        assert_eq!((second.articles, second.persons[0].articles), (2, 2));
    }

    #[test]
    fn long_passages_are_cut_on_a_character() {
        let long = "é".repeat(PASSAGE_TEXT_BYTES);
        let text = cut(&long);
        assert!(text.len() <= PASSAGE_TEXT_BYTES + '…'.len_utf8());
        assert!(text.ends_with('…'));
    }
}
