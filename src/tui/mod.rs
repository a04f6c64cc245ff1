//! The interactive reader: three panes (Sources, Passages, Article) over a
//! shared [`crate::library::Library`].
//!
//! The pieces are split so that hosts other than the local terminal (the SSH
//! server) reuse everything but the terminal handling:
//! - [`app::App`]: state and `update(Action)`, no I/O;
//! - [`keys::action_for`]: crossterm events to actions;
//! - [`view::draw`]: the frame, from `&App`;
//! - [`run`]: the local terminal loop, performing [`action::Effect`]s.

pub mod action;
pub mod app;
pub mod keys;
pub mod layout;
pub mod names;
pub mod run;
pub mod scroll;
pub mod search;
pub mod view;
pub mod wrap;

pub use action::{Action, Effect};
pub use app::{App, ColorMode, Config, Focus};
pub use run::run_local;

use crate::library::Library;
use crate::state::Position;

/// Loads article `index` of `library` (I/O: call it from a host's loop or a
/// worker, never while drawing) and says what happened as an action for the
/// [`App`] that asked with [`Effect::Open`].
pub fn open_action(library: &Library, index: usize, position: Option<Position>) -> Action {
    match library.load(index) {
        Ok(article) => Action::Opened {
            index,
            article,
            position,
        },
        Err(e) => Action::OpenFailed {
            index,
            reason: e.to_string(),
        },
    }
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard. The
/// text is base64-encoded, so nothing in it can end the sequence early.
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{b64}\x07")
}
