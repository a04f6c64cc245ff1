//! Sources with their citations, ready to hand on: Markdown to paste into
//! a fact-check (`whosaid export`, and `X` in the reader for one source),
//! CSV for a spreadsheet, one row per passage.
//!
//! Everything comes from the corrected sources ([`super::corrections`]), so
//! what is exported is what the reader shows. Article text and names pass
//! through [`crate::model::text::visible`]: an export is often printed on a
//! terminal, and nothing in an article may drive one.

use std::fmt::Write as _;
use std::io;

use crate::attribution::SourceKind;
use crate::model::article::Article;
use crate::model::text::visible;

use super::corrections::{CorrectedSource, origin_of};

/// Where a citation says the article came from: its title, date and origin
/// (absolute path, URL or `-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub title: String,
    pub date: Option<String>,
    pub origin: String,
}

impl Citation {
    pub fn of(article: &Article) -> Citation {
        Citation {
            title: article.title.clone(),
            date: article.date.clone(),
            origin: origin_of(article),
        }
    }

    fn line(&self) -> String {
        format!(
            "“{}”, {}, {}",
            visible(&self.title),
            self.date.as_deref().unwrap_or("undated"),
            visible(&self.origin)
        )
    }
}

fn who(s: &CorrectedSource) -> String {
    let mut who = visible(&s.source.name).into_owned();
    if let Some(role) = &s.source.role {
        who.push_str(", ");
        who.push_str(&visible(role));
    }
    who
}

/// One source as Markdown: a heading, its marks, each passage quoted with
/// its ¶ number and kind, and the citation.
pub fn markdown_source(article: &Article, citation: &Citation, s: &CorrectedSource) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "## {}\n", who(s));
    let mut marks = vec![s.source.kind.as_str().to_owned()];
    marks.push(crate::model::text::count(
        s.source.passages.len(),
        "passage",
        "passages",
    ));
    if s.checked {
        marks.push("checked".to_owned());
    }
    if s.corrected {
        marks.push("corrected by a reader".to_owned());
    }
    let _ = writeln!(md, "*{}*\n", marks.join(" · "));
    for p in &s.source.passages {
        let text = article.text().get(p.span.clone()).unwrap_or("");
        let _ = writeln!(
            md,
            "> {}\n> — ¶{}, {}\n",
            visible(text),
            p.paragraph + 1,
            p.kind.as_str()
        );
    }
    let _ = writeln!(md, "Source: {}", citation.line());
    md
}

/// The article's sources (hidden ones left out) as one Markdown document.
pub fn markdown(article: &Article, citation: &Citation, sources: &[CorrectedSource]) -> String {
    let mut md = format!("# {}\n\n", visible(&citation.title));
    let _ = writeln!(md, "{}\n", citation.line());
    let shown: Vec<_> = sources.iter().filter(|s| !s.hidden).collect();
    if shown.is_empty() {
        md.push_str("No sources found.\n");
    }
    for (i, s) in shown.iter().enumerate() {
        if i > 0 {
            md.push('\n');
        }
        md.push_str(&markdown_source(article, citation, s));
    }
    md
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 12] = [
    "article",
    "date",
    "origin",
    "source",
    "kind",
    "role",
    "checked",
    "corrected",
    "paragraph",
    "passage_kind",
    "text",
    "aliases",
];

/// One row per passage of every source shown (RFC 4180 quoting by the
/// `csv` crate); the header first when `header` is set.
pub fn csv(
    out: impl io::Write,
    article: &Article,
    citation: &Citation,
    sources: &[CorrectedSource],
    header: bool,
) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    if header {
        w.write_record(CSV_HEADER)?;
    }
    let title = visible(&citation.title);
    let date = citation.date.clone().unwrap_or_default();
    let origin = visible(&citation.origin);
    for s in sources.iter().filter(|s| !s.hidden) {
        let name = visible(&s.source.name);
        let role = visible(s.source.role.as_deref().unwrap_or(""));
        let aliases = visible(&s.source.aliases.join("; ")).into_owned();
        let kind = if s.source.kind == SourceKind::Unnamed {
            "unnamed"
        } else {
            s.source.kind.as_str()
        };
        for p in &s.source.passages {
            let text = visible(article.text().get(p.span.clone()).unwrap_or(""));
            let paragraph = (p.paragraph + 1).to_string();
            w.write_record([
                &*title,
                &date,
                &*origin,
                &*name,
                kind,
                &*role,
                if s.checked { "yes" } else { "no" },
                if s.corrected { "yes" } else { "no" },
                &paragraph,
                p.kind.as_str(),
                &*text,
                &aliases,
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}
