//! The interactive reader: three panes (Sources, Passages, Article) over a
//! shared [`crate::library::Library`].
//!
//! The pieces are split so that hosts other than the local terminal (the SSH
//! server) reuse everything but the terminal handling:
//! - [`app::App`]: state and `update(Action)`, no I/O;
//! - [`keys::action_for`]: crossterm events to actions;
//! - [`view::draw`]: the frame, from `&App`;
//! - [`driver::Driver`]: performs every [`action::Effect`], for every host;
//! - the hosts (`crate::host::local`, `crate::host::ssh`) wrap a driver in a
//!   terminal or an SSH channel; they use only what this module exports.

pub(crate) mod action;
pub mod app;
mod clusters;
pub mod correct;
pub(crate) mod driver;
pub mod keys;
pub mod layout;
pub(crate) mod names;
pub(crate) mod pager;
pub mod people;
pub mod picker;
pub(crate) mod search;
pub mod view;
pub mod wrap;

pub use action::{Action, Effect};
pub use app::{App, ColorMode, Config, Focus};
pub use clusters::split_clusters;
pub use driver::{Driver, START_BYTES, Spawn, Wake, threads};

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use crate::library::Library;
use crate::library::state::Position;
use crate::model::article::Article;

/// The name of the threads [`spawn_analysis`] starts; a host's panic hook
/// can leave panics there alone (they end as [`Action::AnalysisFailed`]).
pub const ANALYSIS_THREAD: &str = "whosaid-analysis";

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

/// Analyses article `index` on a thread of its own, telling `send` about
/// progress (at most once per percent) and the result as actions for the
/// [`App`]. `send` returns `false` when nobody listens any more. The engine
/// panicking is caught and reported as [`Action::AnalysisFailed`]; only
/// failing to start the thread is an error.
pub fn spawn_analysis(
    library: Arc<Library>,
    index: usize,
    article: Arc<Article>,
    mut send: impl FnMut(Action) -> bool + Send + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name(ANALYSIS_THREAD.to_owned())
        .spawn(move || analyse(&library, index, &article, &mut send))
        .map(|_| ())
}

/// The work of [`spawn_analysis`], on the caller's thread.
pub(crate) fn analyse(
    library: &Library,
    index: usize,
    article: &Article,
    send: &mut dyn FnMut(Action) -> bool,
) {
    let mut last_pct = usize::MAX;
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        library.analyze(index, article, &mut |done, total| {
            let pct = (done * 100).checked_div(total).unwrap_or(0);
            if pct == last_pct {
                return true;
            }
            last_pct = pct;
            send(Action::Progress { index, done, total })
        })
    }));
    let action = match result {
        Ok(Some(sources)) => Action::SourcesReady { index, sources },
        Ok(None) => return,
        Err(payload) => Action::AnalysisFailed {
            index,
            reason: panic_message(payload.as_ref()),
        },
    };
    send(action);
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "the analysis panicked".to_owned())
}
