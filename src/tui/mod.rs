//! The interactive reader.

use crate::cli::ReadArgs;

pub fn run_local(args: &ReadArgs) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("the reader is not implemented yet")
}
