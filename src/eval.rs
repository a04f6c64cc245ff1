//! Scoring the engine against a corpus of gold annotations
//! (`corpus/README.md` has the format and the rule).

use std::path::Path;

pub fn run(corpus: &Path) -> anyhow::Result<()> {
    anyhow::bail!("{}: eval is not implemented yet", corpus.display())
}
