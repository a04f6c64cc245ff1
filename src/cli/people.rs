//! `whosaid people [--json] [PATH]...`: everyone the library quotes,
//! merged across articles, as the reader's People view shows them.
//!
//! It goes through the same [`Library`] and people index as the reader
//! (so the two cannot disagree about who is who), analysing the articles
//! on every core instead of one background thread.

use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::library::Library;
use crate::library::people::{People, Person};
use crate::model::text::{count, ellipsize, visible};

pub fn run(paths: &[PathBuf], json: bool, max_size: u64) -> anyhow::Result<()> {
    let library = Library::open(paths)?.with_max_size(max_size);
    for problem in analyse_all(&library) {
        eprintln!("whosaid: {} (skipped)", visible(&problem));
    }
    let people = library.people_now();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if json {
        for person in &people.persons {
            let mut ser = serde_json::Serializer::with_formatter(&mut out, super::TerminalSafeJson);
            JsonPerson::new(person).serialize(&mut ser)?;
            writeln!(out)?;
        }
    } else {
        write_plain(&mut out, &people, library.len(), super::terminal_width())?;
    }
    out.flush()?;
    Ok(())
}

/// Reads and analyses every article, on as many threads as there are
/// cores; says which could not be read or analysed, in library order.
fn analyse_all(library: &Library) -> Vec<String> {
    let next = AtomicUsize::new(0);
    let problems = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(library.len())
        .max(1);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= library.len() {
                        break;
                    }
                    let problem = match library.read(i) {
                        Err(e) => Some(e.to_string()),
                        Ok(article) => panic::catch_unwind(AssertUnwindSafe(|| {
                            library.analyze(i, &article, &mut |_, _| true)
                        }))
                        .is_err()
                        .then(|| format!("{}: finding sources failed", article.path.display())),
                    };
                    if let Some(p) = problem {
                        problems
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .push((i, p));
                    }
                }
            });
        }
    });
    let mut problems = problems
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    problems.sort();
    problems.into_iter().map(|(_, p)| p).collect()
}

/// A block per person: name, kind and roles; counts; a line per passage,
/// newest article first, cut to `width`. Everything from an article goes
/// through `visible`.
fn write_plain(
    out: &mut impl Write,
    people: &People,
    articles: usize,
    width: usize,
) -> io::Result<()> {
    writeln!(
        out,
        "{} in {} (of {articles})",
        count(people.persons.len(), "person", "people"),
        count(people.articles, "article", "articles"),
    )?;
    for p in &people.persons {
        writeln!(out)?;
        write!(out, "{} [{}]", visible(&p.name), p.kind.as_str())?;
        if !p.roles.is_empty() {
            write!(out, ", {}", visible(&p.roles.join("; ")))?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "  {}, {}",
            count(p.articles, "article", "articles"),
            count(p.passages.len(), "passage", "passages")
        )?;
        for q in &p.passages {
            let line = format!(
                "  {}  {}  ¶{}  {:<8}  {}",
                q.record.date.as_deref().unwrap_or("undated"),
                q.record.title,
                q.said().paragraph + 1,
                q.said().kind.as_str(),
                q.said()
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            writeln!(out, "{}", ellipsize(&visible(&line), width))?;
        }
    }
    Ok(())
}

/// One line of `people --json`.
#[derive(Serialize)]
pub struct JsonPerson<'a> {
    pub name: &'a str,
    pub kind: &'static str,
    pub roles: &'a [String],
    pub aliases: &'a [String],
    /// How many articles quote them.
    pub articles: usize,
    /// Newest article first, then in paragraph order.
    pub passages: Vec<JsonQuoted<'a>>,
}

#[derive(Serialize)]
pub struct JsonQuoted<'a> {
    pub path: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    /// The name that article gives them.
    pub name: &'a str,
    /// 0-based, as in `sources --json`.
    pub paragraph: usize,
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    /// Cut after 4 KiB (ending in `…`); `start`..`end` is the whole.
    pub text: &'a str,
}

impl<'a> JsonPerson<'a> {
    fn new(p: &'a Person) -> JsonPerson<'a> {
        JsonPerson {
            name: &p.name,
            kind: p.kind.as_str(),
            roles: &p.roles,
            aliases: &p.aliases,
            articles: p.articles,
            passages: p
                .passages
                .iter()
                .map(|q| JsonQuoted {
                    path: &q.record.path,
                    title: &q.record.title,
                    date: q.record.date.as_deref(),
                    name: &q.record.name,
                    paragraph: q.said().paragraph,
                    kind: q.said().kind.as_str(),
                    start: q.said().start,
                    end: q.said().end,
                    text: &q.said().text,
                })
                .collect(),
        }
    }
}
