//! The article model and the text primitives under everything else: what an
//! article is (its text, paragraphs as byte spans, title, date and origin),
//! how any input becomes one ([`reading`]), and the few file operations every
//! layer needs done safely (opening only regular files within a size limit,
//! replacing a file whole). Nothing here knows of the engine, a library or a
//! terminal, so every layer above can use it.

pub mod article;
pub(crate) mod atomic;
pub(crate) mod files;
pub mod fold;
pub mod reading;
pub mod text;
