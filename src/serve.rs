//! `whosaid serve`: the reader over SSH, one `App` per connection.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Article files or folders of them
    pub paths: Vec<PathBuf>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("serve is not implemented yet")
}
