//! Scoring the engine against a corpus of gold annotations
//! (`corpus/README.md` has the format and the rule).
//!
//! The rule is implemented exactly as the reference scorer
//! (`tools/score.py`) does it, name normalisation included (NFKD, accents
//! and possessive `'s` dropped, letters and digits only), so the figures
//! here and there agree to the last digit.
//!
//! `WHOSAID_EVAL_VERBOSE=1 whosaid eval DIR` also lists, under each article,
//! what every prediction and gold source came to (TP, FP, FN, optional).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

use crate::attribution;
use crate::library::corrections::{self, ArticleStamp, CorrectionsStore};
use crate::model::article::Article;

#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    pub article: String,
    pub sources: Vec<GoldSource>,
    #[serde(default)]
    pub optional: Vec<GoldSource>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldSource {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub paragraphs: Vec<usize>,
    #[serde(default)]
    pub optional_paragraphs: Vec<usize>,
}

/// A predicted source as the scorer sees it.
#[derive(Debug, Clone)]
pub struct Predicted {
    pub name: String,
    pub aliases: Vec<String>,
    pub paragraphs: BTreeSet<usize>,
}

impl Predicted {
    pub fn from_sources(sources: &attribution::Sources) -> Vec<Predicted> {
        sources
            .sources
            .iter()
            .map(|s| Predicted {
                name: s.name.clone(),
                aliases: s.aliases.clone(),
                paragraphs: s.passages.iter().map(|p| p.paragraph).collect(),
            })
            .collect()
    }
}

/// True/false positives and false negatives for sources and passages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub s_tp: usize,
    pub s_fp: usize,
    pub s_fn: usize,
    pub p_tp: usize,
    pub p_fp: usize,
    pub p_fn: usize,
    /// Matched sources whose predicted name equals the gold name or an
    /// alias after normalisation ("Office" matches "Alachua Sheriff's
    /// Office" but is not exact).
    pub exact: usize,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.s_tp += o.s_tp;
        self.s_fp += o.s_fp;
        self.s_fn += o.s_fn;
        self.p_tp += o.p_tp;
        self.p_fp += o.p_fp;
        self.p_fn += o.p_fn;
        self.exact += o.exact;
    }
    /// The share of matched sources named exactly, as `score.py` reports it.
    #[allow(clippy::cast_precision_loss)]
    pub fn names_exact(&self) -> f64 {
        if self.s_tp == 0 {
            0.0
        } else {
            self.exact as f64 / self.s_tp as f64
        }
    }
    pub fn sources(&self) -> Prf {
        Prf::new(self.s_tp, self.s_fp, self.s_fn)
    }
    pub fn passages(&self) -> Prf {
        Prf::new(self.p_tp, self.p_fp, self.p_fn)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    #[allow(clippy::cast_precision_loss)]
    pub fn new(tp: usize, fp: usize, fn_: usize) -> Prf {
        let p = if tp + fp > 0 {
            tp as f64 / (tp + fp) as f64
        } else {
            0.0
        };
        let r = if tp + fn_ > 0 {
            tp as f64 / (tp + fn_) as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            precision: p,
            recall: r,
            f1: f,
        }
    }
}

/// Name words as the scorer compares them.
pub fn norm_tokens(s: &str) -> Vec<String> {
    let decomposed: String = s
        .nfkd()
        .filter(|&c| canonical_combining_class(c) == 0)
        .collect();
    let lower = decomposed.to_lowercase().replace('’', "'");
    // Drop a possessive `'s` before a word boundary.
    let chars: Vec<char> = lower.chars().collect();
    let mut kept = String::with_capacity(lower.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\''
            && chars.get(i + 1) == Some(&'s')
            && chars
                .get(i + 2)
                .is_none_or(|c| !(c.is_alphanumeric() || *c == '_'))
        {
            i += 2;
            continue;
        }
        kept.push(chars[i]);
        i += 1;
    }
    kept.split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn contains_run(hay: &[String], needle: &[String]) -> bool {
    let n = needle.len();
    n > 0 && n <= hay.len() && hay.windows(n).any(|w| w == needle)
}

/// The matching rule of `corpus/README.md`.
pub fn matches(pred: &Predicted, gold: &GoldSource) -> bool {
    let pnames: Vec<Vec<String>> = std::iter::once(&pred.name)
        .chain(&pred.aliases)
        .map(|s| norm_tokens(s))
        .filter(|t| !t.is_empty())
        .collect();
    let gnames: Vec<Vec<String>> = std::iter::once(&gold.name)
        .chain(&gold.aliases)
        .map(|s| norm_tokens(s))
        .filter(|t| !t.is_empty())
        .collect();
    let (Some(p0), Some(g0)) = (pnames.first(), gnames.first()) else {
        return false;
    };
    let Some(head) = g0.last() else { return false };
    for g in &gnames {
        for p in &pnames {
            if p == g || contains_run(p, g) {
                return true;
            }
        }
    }
    p0.contains(head) && contains_run(g0, p0)
}

/// One line of detail: what a prediction or a gold source came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Hit { predicted: String, gold: String },
    Optional(String),
    FalsePositive(String),
    Missed(String),
}

pub fn score_article(pred: &[Predicted], gold: &Gold) -> (Counts, Vec<Outcome>) {
    let mut c = Counts::default();
    let mut used = vec![false; gold.sources.len()];
    let mut detail = Vec::new();
    for ps in pred {
        let hit = gold
            .sources
            .iter()
            .enumerate()
            .find(|(i, g)| !used[*i] && matches(ps, g))
            .map(|(i, _)| i);
        let Some(i) = hit else {
            if gold.optional.iter().any(|o| matches(ps, o)) {
                detail.push(Outcome::Optional(ps.name.clone()));
            } else {
                c.s_fp += 1;
                c.p_fp += ps.paragraphs.len();
                detail.push(Outcome::FalsePositive(ps.name.clone()));
            }
            continue;
        };
        used[i] = true;
        let g = &gold.sources[i];
        let gp: BTreeSet<usize> = g.paragraphs.iter().copied().collect();
        let opt: BTreeSet<usize> = g.optional_paragraphs.iter().copied().collect();
        c.s_tp += 1;
        let pn = norm_tokens(&ps.name);
        if std::iter::once(&g.name)
            .chain(&g.aliases)
            .any(|n| norm_tokens(n) == pn)
        {
            c.exact += 1;
        }
        c.p_tp += ps.paragraphs.intersection(&gp).count();
        c.p_fp += ps
            .paragraphs
            .iter()
            .filter(|p| !gp.contains(p) && !opt.contains(p))
            .count();
        c.p_fn += gp.difference(&ps.paragraphs).count();
        detail.push(Outcome::Hit {
            predicted: ps.name.clone(),
            gold: g.name.clone(),
        });
    }
    for (i, g) in gold.sources.iter().enumerate() {
        if !used[i] {
            c.s_fn += 1;
            c.p_fn += g.paragraphs.len();
            detail.push(Outcome::Missed(g.name.clone()));
        }
    }
    (c, detail)
}

#[derive(Debug, Clone)]
pub struct ArticleScore {
    pub gold_file: String,
    pub counts: Counts,
    pub detail: Vec<Outcome>,
    /// The article could not be read; it scores as finding nothing.
    pub failed: bool,
}

/// Scores every `gold/*.json` of `corpus` against `articles/`.
pub fn evaluate(corpus: &Path) -> anyhow::Result<Vec<ArticleScore>> {
    evaluate_with(corpus, None)
}

/// [`evaluate`] scoring the sources as readers corrected them (`store`),
/// so a team sees how far its corrections moved the figures.
pub fn evaluate_with(
    corpus: &Path,
    store: Option<&CorrectionsStore>,
) -> anyhow::Result<Vec<ArticleScore>> {
    // Name what the user typed when it is the corpus itself that is
    // missing, not a folder inside it they never mentioned.
    if !corpus.is_dir() {
        anyhow::bail!(
            "{}: not a corpus folder (one with gold/ and articles/ inside)",
            corpus.display()
        );
    }
    let gold_dir = corpus.join("gold");
    let mut files: Vec<_> = std::fs::read_dir(&gold_dir)
        .with_context(|| format!("{}", gold_dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let raw = std::fs::read_to_string(&f).with_context(|| format!("{}", f.display()))?;
        let gold: Gold = serde_json::from_str(&raw)
            .with_context(|| format!("{}: bad gold file", f.display()))?;
        let path = corpus.join("articles").join(&gold.article);
        let (pred, failed) = match Article::load(&path) {
            Ok(a) => {
                let engine = attribution::analyze(&a);
                let sources = match store {
                    Some(store) => {
                        let loaded = store.load(&ArticleStamp::of(&a));
                        corrections::apply(&engine, Some(&a), &loaded.corrections).shown()
                    }
                    None => engine,
                };
                (Predicted::from_sources(&sources), false)
            }
            Err(_) => (Vec::new(), true),
        };
        let (counts, detail) = score_article(&pred, &gold);
        out.push(ArticleScore {
            gold_file: f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            counts,
            detail,
            failed,
        });
    }
    Ok(out)
}

/// The table `whosaid eval` prints.
pub fn report(scores: &[ArticleScore], verbose: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<36} {:>5} {:>5} {:>5}   {:>5} {:>5} {:>5}",
        "article", "src P", "R", "F1", "psg P", "R", "F1"
    );
    let mut total = Counts::default();
    for a in scores {
        total.add(&a.counts);
        let (sp, pp) = (a.counts.sources(), a.counts.passages());
        let _ = writeln!(
            s,
            "{:<36} {:>5.2} {:>5.2} {:>5.2}   {:>5.2} {:>5.2} {:>5.2}{}",
            crate::model::text::visible(&a.gold_file),
            sp.precision,
            sp.recall,
            sp.f1,
            pp.precision,
            pp.recall,
            pp.f1,
            if a.failed { "  (unreadable)" } else { "" }
        );
        if verbose {
            for d in &a.detail {
                let line = match d {
                    Outcome::Hit { predicted, gold } => format!("TP  {predicted} = {gold}"),
                    Outcome::Optional(n) => format!("opt {n}"),
                    Outcome::FalsePositive(n) => format!("FP  {n}"),
                    Outcome::Missed(n) => format!("FN  {n}"),
                };
                let _ = writeln!(s, "    {}", crate::model::text::visible(&line));
            }
        }
    }
    let (sp, pp) = (total.sources(), total.passages());
    let _ = writeln!(
        s,
        "{:<36} {:>5.3} {:>5.3} {:>5.3}   {:>5.3} {:>5.3} {:>5.3}",
        "TOTAL", sp.precision, sp.recall, sp.f1, pp.precision, pp.recall, pp.f1
    );
    let failed = scores.iter().filter(|a| a.failed).count();
    let _ = writeln!(
        s,
        "articles {} (failed {failed})  sources P {:.3} R {:.3} F1 {:.3}  passages P {:.3} R {:.3} F1 {:.3}  names exact {:.3}",
        scores.len(),
        sp.precision,
        sp.recall,
        sp.f1,
        pp.precision,
        pp.recall,
        pp.f1,
        total.names_exact()
    );
    s
}

pub fn run(corpus: &Path, with_corrections: bool) -> anyhow::Result<()> {
    let store = with_corrections.then(CorrectionsStore::default_store);
    let scores = evaluate_with(corpus, store.as_ref())?;
    let verbose = std::env::var_os("WHOSAID_EVAL_VERBOSE").is_some();
    print!("{}", report(&scores, verbose));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(name: &str, aliases: &[&str]) -> GoldSource {
        GoldSource {
            name: name.into(),
            aliases: aliases.iter().map(|s| (*s).to_owned()).collect(),
            paragraphs: vec![1, 2],
            optional_paragraphs: vec![3],
        }
    }

    fn pred(name: &str, paras: &[usize]) -> Predicted {
        Predicted {
            name: name.into(),
            aliases: vec![],
            paragraphs: paras.iter().copied().collect(),
        }
    }

    #[test]
    fn normalises_like_the_reference() {
        assert_eq!(norm_tokens("Ayşe Çelik Doğan"), ["ayse", "celik", "dogan"]);
        assert_eq!(norm_tokens("Kyiv’s mayor"), ["kyiv", "mayor"]);
        assert_eq!(norm_tokens("Łukasz"), ["ukasz"]);
        assert_eq!(norm_tokens("Domain.com"), ["domain", "com"]);
    }

    #[test]
    fn matching_rule() {
        let g = gold("Donald Trump", &["President Trump"]);
        assert!(matches(&pred("Trump", &[]), &g));
        assert!(matches(&pred("US President Donald Trump", &[]), &g));
        assert!(!matches(&pred("Donald", &[]), &g));
        assert!(!matches(&pred("Ivanka Trump", &[]), &g));
    }

    #[test]
    fn counts_duplicates_optionals_and_misses() {
        let g = Gold {
            article: "a.txt".into(),
            sources: vec![gold("Jane Roe", &["Roe"]), gold("Acme Corp", &[])],
            optional: vec![gold("Ruritania", &[])],
        };
        let p = vec![
            pred("Jane Roe", &[1, 3, 4]),
            pred("Roe", &[2]),
            pred("Ruritania", &[5]),
        ];
        let (c, _) = score_article(&p, &g);
        assert_eq!(
            c,
            Counts {
                s_tp: 1,
                s_fp: 1,
                s_fn: 1,
                p_tp: 1,
                p_fp: 2,
                p_fn: 3,
                exact: 1
            }
        );
    }

    #[test]
    fn names_exact_counts_only_equal_names() {
        let g = Gold {
            article: "a.txt".into(),
            sources: vec![
                gold("Alachua Sheriff's Office", &[]),
                gold("Jane Roe", &["Roe"]),
            ],
            optional: vec![],
        };
        let p = vec![pred("Office", &[1]), pred("Roe", &[1])];
        let (c, _) = score_article(&p, &g);
        assert_eq!((c.s_tp, c.exact), (2, 1));
        assert!((c.names_exact() - 0.5).abs() < 1e-9);
        assert!(
            report(
                &[ArticleScore {
                    gold_file: "a.json".into(),
                    counts: c,
                    detail: vec![],
                    failed: false
                }],
                false
            )
            .contains("names exact 0.500")
        );
    }
}
