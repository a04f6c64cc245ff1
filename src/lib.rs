//! whosaid: a terminal article reader for people who need to know who said
//! what. Data flows one way, and so do the modules, lowest first: an input
//! becomes a [`model::article::Article`], the [`attribution`] engine finds its
//! [`attribution::Sources`], the [`library`] shares articles and analyses
//! between readers, the [`reader`] turns keys into state and state into a
//! frame, [`term`] turns frames into bytes, a [`host`] (the local terminal
//! or an SSH session) moves the bytes, and [`cli`] picks what to run. No
//! module imports from one above it (`tests/it/layering.rs` checks); the
//! binary is a thin wrapper around [`cli::main`].

pub mod model;

pub mod attribution;

pub mod library;

pub mod reader;

pub mod term;

pub mod host;

pub mod cli;
