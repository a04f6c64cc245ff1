//! whosaid: a terminal article reader for people who need to know who said
//! what. Data flows one way: file → [`article::Article`] →
//! [`attribution::Sources`] → [`tui::App`] state → frame. The binary is a
//! thin wrapper around [`cli::main`].

pub mod article;
pub mod attribution;
pub mod chunked;
pub mod cli;
pub mod crossref;
pub mod eval;
pub mod library;
pub mod serve;
pub mod state;
pub mod text;
pub mod tui;
