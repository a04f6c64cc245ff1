//! whosaid: a terminal article reader for people who need to know who said
//! what. Data flows one way: file → [`article::Article`] →
//! [`attribution::Sources`] → [`tui::App`] state → frame. The binary is a
//! thin wrapper around [`cli::main`].

pub mod article;
mod atomic;
pub mod attribution;
pub mod chunked;
pub mod cli;
pub(crate) mod crossref;
pub mod eval;
pub(crate) mod files;
pub mod library;
pub mod reading;
pub mod serve;
pub mod state;
pub mod term;
pub mod text;
pub mod tui;
