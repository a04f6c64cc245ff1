//! Who said what: finds the sources an article quotes or reports and the
//! paragraphs in which each one speaks.
//!
//! Pure functions over `&Article`: no I/O and no UI, so the CLI, the reader
//! and the SSH server share one engine and tests need nothing but text.
//! Everything here is general rules (quotation marks, reporting cues, name
//! shapes, pronouns, titles); no article's names or places belong here.

use std::ops::Range;

use crate::model::article::Article;

mod engine;
mod gazetteer;
mod lexicon;
mod names;
mod tokens;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Person,
    Organisation,
    /// "officials said": kept apart, never a named source.
    Unnamed,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Person => "person",
            SourceKind::Organisation => "organisation",
            SourceKind::Unnamed => "unnamed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageKind {
    /// Contains a direct quote in quotation marks.
    Quote,
    /// Reported speech with a cue ("said that", "according to").
    Reported,
}

impl PassageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PassageKind::Quote => "quote",
            PassageKind::Reported => "reported",
        }
    }
}

/// One place where a source speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub paragraph: usize,
    pub kind: PassageKind,
    /// Byte range of the attributed text in `Article::text`; always inside
    /// the paragraph's span.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The fullest name the article gives.
    pub name: String,
    pub kind: SourceKind,
    /// From an apposition: "Velka’s mayor", "governor of Tarn".
    pub role: Option<String>,
    /// Other names for the same source: surname, abbreviation, role.
    pub aliases: Vec<String>,
    /// In paragraph order, at most one per paragraph.
    pub passages: Vec<Passage>,
}

/// The analysis of one article: named sources in order of first appearance,
/// then unnamed voices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    pub sources: Vec<Source>,
}

impl Sources {
    pub fn named(&self) -> impl Iterator<Item = &Source> {
        self.sources
            .iter()
            .filter(|s| s.kind != SourceKind::Unnamed)
    }
}

/// Finds every source in `article`.
pub fn analyze(article: &Article) -> Sources {
    analyze_with_progress(article, &mut |_, _| true).unwrap_or_default()
}

/// Like [`analyze`], reporting `(paragraphs done, total)` as it goes so a
/// reader can show a progress bar; when `progress` returns `false` the
/// analysis stops and returns `None`.
pub fn analyze_with_progress(
    article: &Article,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Option<Sources> {
    engine::run(article, progress)
}
