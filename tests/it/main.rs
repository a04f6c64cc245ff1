//! Every integration test in one binary, so the suite links once (as
//! ripgrep's `tests/integration` does): twenty binaries each carried the
//! whole crate graph, and linking them was most of a clean `cargo test`.
//! The support modules stay beside this folder because the benches and
//! fuzz targets include them too.

// Tests build their inputs with format! and hand events around by value:
// clearer than the allocation-saving forms pedantic asks of the library.
#![allow(clippy::needless_pass_by_value, clippy::format_push_string)]

#[path = "../hostile_support/mod.rs"]
mod hostile_support;
#[path = "../pty_support/mod.rs"]
mod pty_support;
#[path = "../support/big_article.rs"]
mod support_big;
#[path = "../tui_support/mod.rs"]
mod tui_support;

mod attribution;
mod attribution_cli;
mod attribution_hostile;
mod big_article;
mod cli;
mod corpus;
mod corrections;
mod corrections_pty;
mod crossref;
mod fetch;
mod hostile_cli;
mod hostile_pty;
mod hostile_regressions;
mod inputs;
mod inputs_hostile;
mod json;
mod layering;
mod people;
mod props_reader;
mod props_render;
mod props_text;
mod serve_ssh;
mod tui_app;
mod tui_big;
mod tui_corrections;
mod tui_e2e;
mod tui_snapshots;
mod two_hosts;
