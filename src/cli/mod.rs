//! The command line: clap commands that wire the library's pieces together.
//! Errors end here as one line, `whosaid: PATH: reason`, and an exit code
//! (1 for bad input, 2 for bad usage, as clap does).

pub mod eval;

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::attribution::{self, Sources};
use crate::library::corrections::{self, ArticleStamp, Corrected, CorrectionsStore};
use crate::library::export::{self, Citation};
use crate::library::{is_stdin, load_input};
use crate::model::article::Article;
use crate::model::reading::Input;
use crate::model::reading::fetch::Limits;
use crate::model::text::visible;

mod people;

#[derive(Debug, Parser)]
#[command(
    name = "whosaid",
    version,
    about = "A terminal article reader that shows who said what",
    args_conflicts_with_subcommands = true
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Opening the reader (the default command).
#[derive(Debug, Args, PartialEq, Eq)]
pub(crate) struct ReadArgs {
    /// Article files (text, Markdown, HTML, RSS, Atom), folders of them, or
    /// URLs; `-` for standard input [default: content/, else the built-in article]
    pub paths: Vec<PathBuf>,
    /// Do not read or write the remembered reading position
    #[arg(long)]
    pub no_state: bool,
    /// Refuse article files bigger than this (e.g. 64K, 10M, 1G)
    #[arg(long, default_value = "256M", value_parser = crate::model::files::parse_size, value_name = "SIZE")]
    pub max_size: u64,
    /// Give up on a URL's server after this many seconds without an answer
    #[arg(long, default_value = "15", value_parser = crate::model::reading::fetch::parse_secs, value_name = "SECS")]
    pub timeout: std::time::Duration,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print the sources of articles without opening the reader
    Sources {
        /// Print JSON instead of text: one object per article, one per line
        /// (JSON Lines)
        #[arg(long)]
        json: bool,
        /// The engine's sources alone, without the reader's corrections
        #[arg(long)]
        engine: bool,
        /// Refuse an article file bigger than this (e.g. 64K, 10M, 1G)
        #[arg(long, default_value = "256M", value_parser = crate::model::files::parse_size, value_name = "SIZE")]
        max_size: u64,
        /// Give up on a URL's server after this many seconds without an answer
        #[arg(long, default_value = "15", value_parser = crate::model::reading::fetch::parse_secs, value_name = "SECS")]
        timeout: std::time::Duration,
        /// Article files (text, Markdown, HTML), folders of them, feeds (RSS,
        /// Atom: every item is printed), URLs, or `-` for standard input
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print everyone the articles quote, merged across articles, with
    /// their passages (newest article first)
    People {
        /// Print JSON Lines (one object per person) instead of text
        #[arg(long)]
        json: bool,
        /// Refuse article files bigger than this (e.g. 64K, 10M, 1G)
        #[arg(long, default_value = "256M", value_parser = crate::model::files::parse_size, value_name = "SIZE")]
        max_size: u64,
        /// Article files or folders of them [default: content/]
        paths: Vec<PathBuf>,
    },
    /// Export the (corrected) sources of articles with their passages and citations
    Export {
        /// md: per source its passages, ready to paste; csv: one row per passage; json
        #[arg(long, value_enum, default_value = "md")]
        format: ExportFormat,
        /// The engine's sources alone, without the reader's corrections
        #[arg(long)]
        engine: bool,
        /// Refuse an article file bigger than this (e.g. 64K, 10M, 1G)
        #[arg(long, default_value = "256M", value_parser = crate::model::files::parse_size, value_name = "SIZE")]
        max_size: u64,
        /// Article files or folders of them
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Score the engine against a corpus of gold annotations
    Eval {
        /// A folder with `articles/` and `gold/`
        corpus: PathBuf,
        /// Score the sources as corrected by readers (see `whosaid export`)
        #[arg(long)]
        with_corrections: bool,
    },
    /// Serve the reader over SSH
    Serve(crate::host::ssh::ServeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ExportFormat {
    Md,
    Csv,
    Json,
}

pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let cli = match plain_reader_args(args.get(1..).unwrap_or_default()) {
        Some(read) => Cli {
            command: None,
            read,
        },
        None => Cli::parse_from(args),
    };
    let result = match cli.command {
        Some(Command::Sources {
            json,
            engine,
            max_size,
            timeout,
            paths,
        }) => print_all_sources(&paths, json, engine, max_size, timeout),
        Some(Command::People {
            json,
            max_size,
            paths,
        }) => people::run(&paths, json, max_size),
        Some(Command::Export {
            format,
            engine,
            max_size,
            paths,
        }) => run_export(&paths, format, engine, max_size),
        Some(Command::Eval {
            corpus,
            with_corrections,
        }) => crate::cli::eval::run(&corpus, with_corrections),
        Some(Command::Serve(args)) => crate::host::ssh::run(args),
        None => crate::host::local::run_local(&crate::host::local::LocalOptions {
            paths: piped_input(cli.read.paths),
            no_state: cli.read.no_state,
            max_size: Some(cli.read.max_size),
            timeout: cli.read.timeout,
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A closed pipe (`whosaid sources x | head`) is not an error.
            // The JSON writer reports it as its own error kind.
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            // Any part of the chain may quote a path or text from a file;
            // `visible` is idempotent, so parts made visible already stay so.
            eprintln!("whosaid: {}", visible(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

/// Whether `e` is a write into a closed pipe (`whosaid sources x | head`),
/// which is not an error. The JSON writer reports it as its own error kind.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}

/// `cat page.html | whosaid`: with no PATH, standard input is the article
/// when it is not the terminal and the output is one (as for `less`). A
/// reader with no terminal for its output would fail anyway, and a parent
/// that leaves a pipe open on our input must not make us wait on it.
fn piped_input(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    use std::io::IsTerminal;
    if paths.is_empty() && !io::stdin().is_terminal() && io::stdout().is_terminal() {
        return vec![PathBuf::from("-")];
    }
    paths
}

/// What clap takes for a subcommand in the first argument (a test checks
/// this against clap's own list).
const SUBCOMMANDS: &[&str] = &["sources", "people", "export", "eval", "serve", "help"];

/// The reader's everyday command line, `whosaid [--no-state] [PATH]...`,
/// read without clap: building clap's command tree (every subcommand and
/// `serve`'s options) took a sixth of the time to the first screen. Any
/// other shape (another option, `--`, a word clap could take for a
/// subcommand, an empty argument) gives `None`, and clap parses or rejects
/// the line as usual; a property test checks that clap reads every line
/// accepted here the same way.
fn plain_reader_args(args: &[OsString]) -> Option<ReadArgs> {
    let mut read = ReadArgs {
        paths: Vec::new(),
        no_state: false,
        max_size: crate::model::article::DEFAULT_MAX_SIZE,
        timeout: crate::model::reading::fetch::DEFAULT_TIMEOUT,
    };
    for arg in args {
        let bytes = arg.as_encoded_bytes();
        if arg == "--no-state" && !read.no_state {
            read.no_state = true;
        } else if arg == "-" {
            read.paths.push(PathBuf::from(arg));
        } else if bytes.is_empty() || bytes[0] == b'-' || SUBCOMMANDS.iter().any(|s| arg == *s) {
            return None;
        } else {
            read.paths.push(PathBuf::from(arg));
        }
    }
    Some(read)
}

/// `whosaid sources PATH...`: each input, and each article of each folder
/// or feed, in order. One that cannot be read is reported on its own line
/// and the rest still printed (as `grep` does with several files); the exit
/// code then says that one failed.
fn print_all_sources(
    paths: &[PathBuf],
    json: bool,
    engine: bool,
    max_size: u64,
    timeout: std::time::Duration,
) -> anyhow::Result<()> {
    let mut inputs = Vec::new();
    for p in paths {
        if is_stdin(p) || !p.is_dir() {
            inputs.push(p.clone());
            continue;
        }
        let found = crate::library::discover(std::slice::from_ref(p))
            .map_err(|e| anyhow::anyhow!("{}: {e}", visible(&p.display().to_string())))?;
        if found.is_empty() {
            anyhow::bail!(
                "{}: no article files (.txt, .md, .html) in this folder",
                visible(&p.display().to_string())
            );
        }
        inputs.extend(found);
    }
    let limits = Limits {
        timeout,
        ..Limits::default()
    };
    let store = CorrectionsStore::default_store();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut printed = 0;
    let mut failed = 0;
    for path in &inputs {
        let result = read_articles(path, max_size, &limits).and_then(|articles| {
            for article in &articles {
                print_sources(&mut out, article, &store, json, engine, printed > 0)?;
                printed += 1;
            }
            Ok(())
        });
        if let Err(e) = result {
            if is_broken_pipe(&e) || inputs.len() == 1 {
                return Err(e);
            }
            out.flush()?;
            eprintln!("whosaid: {}", visible(&format!("{e:#}")));
            failed += 1;
        }
    }
    out.flush()?;
    if failed > 0 {
        anyhow::bail!(
            "{} of {} could not be read",
            crate::model::text::count(failed, "article", "articles"),
            inputs.len()
        );
    }
    Ok(())
}

/// Reads the articles of one input (a file, a URL, `-`) for `sources` or
/// `export`: the one article, or every item of a feed in the feed's order;
/// says their warnings.
fn read_articles(path: &Path, max_size: u64, limits: &Limits) -> anyhow::Result<Vec<Article>> {
    let articles = match load_input(path, max_size, limits)? {
        Input::Article(a) => vec![a],
        Input::Feed(feed) => {
            if feed.items.is_empty() {
                anyhow::bail!(
                    "{}: the feed has no item with text",
                    visible(&path.display().to_string())
                );
            }
            feed.items.into_iter().map(|(_, a)| a).collect()
        }
    };
    for article in &articles {
        for w in &article.warnings {
            eprintln!(
                "whosaid: {}: warning: {w}",
                visible(&article.path.display().to_string())
            );
        }
    }
    Ok(articles)
}

/// The article's sources as everyone shows them: the engine's, with the
/// reader's corrections from the store unless `engine_only`. A notice about
/// the corrections (set aside, may no longer fit) goes to standard error.
fn corrected_sources(
    path: &Path,
    article: &Article,
    store: &CorrectionsStore,
    engine_only: bool,
) -> Corrected {
    let sources = attribution::analyze(article);
    if engine_only {
        return Corrected::engine(&sources);
    }
    let loaded = store.load(&ArticleStamp::of(article));
    if let Some(n) = &loaded.notice {
        eprintln!("whosaid: {}: {n}", visible(&path.display().to_string()));
    }
    let corrected = corrections::apply(&sources, Some(article), &loaded.corrections);
    if corrected.unfit > 0 {
        eprintln!(
            "whosaid: {}: {} no longer fit the article",
            visible(&path.display().to_string()),
            crate::model::text::count(corrected.unfit, "correction", "corrections")
        );
    }
    corrected
}

/// One article's sources: a JSON object on a line of its own (JSON Lines,
/// whatever the number of articles), or the plain listing, a rule between
/// it and the one before.
fn print_sources(
    out: &mut impl Write,
    article: &Article,
    store: &CorrectionsStore,
    json: bool,
    engine: bool,
    after_another: bool,
) -> anyhow::Result<()> {
    let corrected = corrected_sources(&article.path, article, store, engine);
    if json {
        let mut json = serde_json::Serializer::with_formatter(&mut *out, TerminalSafeJson);
        JsonOutput::corrected(article, &corrected).serialize(&mut json)?;
        writeln!(out)?;
    } else {
        if after_another {
            writeln!(out, "\n{}", "─".repeat(terminal_width().min(72)))?;
        }
        write_plain_marked(out, article, &corrected, terminal_width())?;
    }
    Ok(())
}

/// `whosaid export`: every article named (folders give their articles),
/// one after the other; CSV has one header, JSON is one array.
fn run_export(
    paths: &[PathBuf],
    format: ExportFormat,
    engine: bool,
    max_size: u64,
) -> anyhow::Result<()> {
    let files = if paths.iter().any(|p| is_stdin(p)) {
        paths.to_vec()
    } else {
        crate::library::discover(paths)?
    };
    let store = CorrectionsStore::default_store();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if format == ExportFormat::Json {
        out.write_all(b"[")?;
    }
    // One article at a time (a folder may hold thousands); a feed gives
    // every item, each exported as an article is.
    let mut i = 0;
    for path in &files {
        for article in &read_articles(path, max_size, &Limits::default())? {
            let corrected = corrected_sources(&article.path, article, &store, engine);
            let citation = Citation::of(article);
            match format {
                ExportFormat::Md => {
                    if i > 0 {
                        writeln!(out, "\n---\n")?;
                    }
                    out.write_all(
                        export::markdown(article, &citation, &corrected.sources).as_bytes(),
                    )?;
                }
                ExportFormat::Csv => {
                    export::csv(&mut out, article, &citation, &corrected.sources, i == 0)?;
                }
                ExportFormat::Json => {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    let mut json =
                        serde_json::Serializer::with_formatter(&mut out, TerminalSafeJson);
                    let mut output = JsonOutput::corrected(article, &corrected);
                    output.article.origin = Some(citation.origin);
                    output.serialize(&mut json)?;
                }
            }
            i += 1;
        }
    }
    if format == ExportFormat::Json {
        out.write_all(b"]\n")?;
    }
    Ok(())
}

pub(crate) fn terminal_width() -> usize {
    use std::io::IsTerminal;
    if io::stdout().is_terminal()
        && let Ok((w, _)) = crossterm::terminal::size()
    {
        return usize::from(w).clamp(20, 200);
    }
    80
}

/// The plain listing: a block per source, each passage wrapped and indented.
/// All article text goes through `visible`, as it would on screen.
pub fn write_plain(
    out: &mut impl Write,
    article: &Article,
    sources: &Sources,
    width: usize,
) -> io::Result<()> {
    write_plain_marked(out, article, &Corrected::engine(sources), width)
}

/// [`write_plain`] of corrected sources: hidden ones left out, corrected
/// and checked ones marked.
pub fn write_plain_marked(
    out: &mut impl Write,
    article: &Article,
    corrected: &Corrected,
    width: usize,
) -> io::Result<()> {
    let sources = corrected.shown();
    let marks: Vec<_> = corrected.sources.iter().filter(|s| !s.hidden).collect();
    let date = article.date.as_deref().unwrap_or("undated");
    let summary = if article.summary_only {
        ", summary only"
    } else {
        ""
    };
    writeln!(out, "{} ({date}{summary})", visible(&article.title))?;
    if sources.sources.is_empty() {
        writeln!(out, "\nNo sources found.")?;
    }
    // Paragraphs are numbered from 1 here, as in the reader's ¶ marks;
    // only `--json` keeps the 0-based index that tools expect.
    let indent = "        ";
    for (source, mark) in sources.sources.iter().zip(marks) {
        writeln!(out)?;
        write!(out, "{}", visible(&source.name))?;
        if let Some(role) = &source.role {
            write!(out, ", {}", visible(role))?;
        }
        write!(out, " [{}]", source.kind.as_str())?;
        if mark.corrected {
            write!(out, " (corrected)")?;
        }
        if mark.checked {
            write!(out, " ✓ checked")?;
        }
        writeln!(out)?;
        let quotes = source
            .passages
            .iter()
            .filter(|p| p.kind == crate::attribution::PassageKind::Quote)
            .count();
        let n = source.passages.len();
        let passages = crate::model::text::count(n, "passage", "passages");
        writeln!(out, "  {passages}, {quotes} with direct quotes")?;
        for p in &source.passages {
            let text = visible(&article.text()[p.span.clone()]);
            let head = format!("  ¶{:<4} ", p.paragraph + 1);
            let opts = textwrap::Options::new(width.max(indent.len() + 10))
                .initial_indent(&head)
                .subsequent_indent(indent);
            for line in textwrap::wrap(&text, opts) {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

/// JSON that is also safe to print on a terminal: serde already escapes C0
/// controls; this escapes DEL, C1 controls (U+009B is a CSI) and the bidi
/// and invisible characters `text::visible` shows, as `\uXXXX`. The JSON
/// means the same; only its spelling changes.
pub struct TerminalSafeJson;

impl serde_json::ser::Formatter for TerminalSafeJson {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if crate::model::text::acts_or_hides(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{u:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[derive(Serialize)]
pub struct JsonOutput<'a> {
    pub article: JsonArticle<'a>,
    pub sources: Vec<JsonSource<'a>>,
}

#[derive(Serialize)]
pub struct JsonArticle<'a> {
    pub path: String,
    /// The absolute path or URL (`export` only: a citation's origin).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    pub title: &'a str,
    pub date: Option<&'a str>,
    /// `text`, `markdown`, `html`, `rss` or `atom`: what the article was
    /// extracted from.
    pub format: &'static str,
    pub paragraphs: usize,
    /// A feed item's own address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<&'a str>,
    /// A feed item that carried only its summary.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub summary_only: bool,
}

#[derive(Serialize)]
pub struct JsonSource<'a> {
    pub name: &'a str,
    pub kind: &'static str,
    pub role: Option<&'a str>,
    pub aliases: &'a [String],
    /// Differs from what the engine found (a reader's correction).
    pub corrected: bool,
    /// A reader checked it.
    pub checked: bool,
    pub passages: Vec<JsonPassage<'a>>,
}

#[derive(Serialize)]
pub struct JsonPassage<'a> {
    pub paragraph: usize,
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl<'a> JsonOutput<'a> {
    pub fn new(article: &'a Article, sources: &'a Sources) -> Self {
        Self::with_marks(article, sources.sources.iter().map(|s| (s, false, false)))
    }

    /// The sources shown (hidden ones left out), each with its marks.
    pub fn corrected(article: &'a Article, corrected: &'a Corrected) -> Self {
        Self::with_marks(
            article,
            corrected
                .sources
                .iter()
                .filter(|s| !s.hidden)
                .map(|s| (&s.source, s.corrected, s.checked)),
        )
    }

    fn with_marks(
        article: &'a Article,
        sources: impl Iterator<Item = (&'a attribution::Source, bool, bool)>,
    ) -> Self {
        JsonOutput {
            article: JsonArticle {
                path: article.path.display().to_string(),
                origin: None,
                title: &article.title,
                date: article.date.as_deref(),
                format: article.format.as_str(),
                paragraphs: article.paragraphs().len(),
                link: article.link.as_deref(),
                summary_only: article.summary_only,
            },
            sources: sources
                .map(|(s, corrected, checked)| JsonSource {
                    corrected,
                    checked,
                    name: &s.name,
                    kind: s.kind.as_str(),
                    role: s.role.as_deref(),
                    aliases: &s.aliases,
                    passages: s
                        .passages
                        .iter()
                        .map(|p| JsonPassage {
                            paragraph: p.paragraph,
                            kind: p.kind.as_str(),
                            start: p.span.start,
                            end: p.span.end,
                            text: &article.text()[p.span.clone()],
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use proptest::prelude::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn subcommand_words_are_all_of_clap_s() {
        let cli = Cli::command();
        let mut clap_words: Vec<&str> = cli
            .get_subcommands()
            .flat_map(|c| std::iter::once(c.get_name()).chain(c.get_all_aliases()))
            .chain(["help"])
            .collect();
        clap_words.sort_unstable();
        let mut ours = SUBCOMMANDS.to_vec();
        ours.sort_unstable();
        assert_eq!(ours, clap_words);
    }

    #[test]
    fn the_everyday_line_is_read_without_clap_and_the_rest_is_not() {
        let read = plain_reader_args(&os(&["--no-state", "a.txt", "content"]));
        assert_eq!(
            read,
            Some(ReadArgs {
                paths: vec!["a.txt".into(), "content".into()],
                no_state: true,
                max_size: crate::model::article::DEFAULT_MAX_SIZE,
                timeout: crate::model::reading::fetch::DEFAULT_TIMEOUT,
            })
        );
        for line in [
            &["sources", "a.txt"][..],
            &["--help"],
            &["--no-state", "--no-state"],
            &["--", "-a.txt"],
            &[""],
            &["-x"],
        ] {
            assert_eq!(plain_reader_args(&os(line)), None, "{line:?}");
        }
        // `-` alone is standard input, a path like any other here.
        let stdin = plain_reader_args(&os(&["-"])).expect("read without clap");
        assert_eq!(stdin.paths, [std::path::PathBuf::from("-")]);
    }

    proptest! {
        /// Whatever the quick reading accepts, clap reads the same way.
        #[test]
        fn clap_agrees_with_every_line_read_without_it(
            words in proptest::collection::vec(
                prop::sample::select(vec![
                    "--no-state", "a.txt", "content", "sources", "eval", "serve",
                    "help", "--help", "-V", "--json", "--", "-", "", "x=y", "b c",
                    "--no-state=true", "éé.txt",
                ]),
                0..5,
            )
        ) {
            let args = os(&words);
            if let Some(read) = plain_reader_args(&args) {
                let argv = std::iter::once(OsString::from("whosaid")).chain(args);
                let cli = Cli::try_parse_from(argv);
                prop_assert!(cli.is_ok(), "{words:?}: {cli:?}");
                let cli = cli.expect("checked");
                prop_assert!(cli.command.is_none());
                prop_assert_eq!(cli.read, read);
            }
        }
    }
}
