//! What can happen to a reader ([`Action`]) and what a reader asks its host
//! to do in return ([`Effect`]).
//!
//! Actions come from keys (see [`crate::reader::keys`]) and from the host's
//! background work (an article loaded, analysis progress). Effects are the
//! reader's only way to the outside world, so the same [`crate::reader::App`]
//! runs in the local terminal and in an SSH session, each host performing
//! the effects on its own output.

use std::sync::Arc;

use crate::attribution::Sources;
use crate::library::corrections::Corrections;
use crate::library::state::Position;
use crate::model::article::Article;

use super::correct::{Correct, PromptKey};

#[derive(Debug, Clone)]
pub enum Action {
    /// Leave the reader (`Ctrl-c`, or `q` from the main view).
    Quit,
    /// Focus the next / previous pane (`Tab` / `Shift-Tab`).
    FocusNext,
    FocusPrev,
    /// Focus the pane to the left / right (`h` `←` / `l` `→`), in the tab
    /// bar's order (Sources, Passages, Article), stopping at either end.
    FocusLeft,
    FocusRight,
    /// Move the selection or scroll the focused pane by this many lines.
    Move(isize),
    /// One screen down / up (`PgDn`, `Space` / `PgUp`, `b`).
    PageDown,
    PageUp,
    /// Half a screen down / up (`Ctrl-d` / `Ctrl-u`).
    HalfPageDown,
    HalfPageUp,
    /// First / last line or item (`g`, `Home` / `G`, `End`).
    Top,
    Bottom,
    /// Select the n-th source, counting from 0.
    SelectSource(usize),
    /// A digit typed (`0`–`9`): digits in a row make a source's number.
    Digit(u8),
    /// Back to where a source was followed from (`Backspace`).
    Back,
    /// The picker's next order: as listed, by date, by title (`s`).
    CycleSort,
    /// `Enter`: a source focuses its passages; a passage shows it in the
    /// Article; in the picker, opens the article.
    Activate,
    /// Jump to the next / previous passage of the selected source (`]`/`[`).
    NextPassage,
    PrevPassage,
    /// Start typing a search (`/`).
    StartSearch,
    /// A character typed into the search.
    SearchChar(char),
    SearchBackspace,
    /// Finish typing the search (`Enter`).
    SearchSubmit,
    /// Next / previous search match (`n` / `N`).
    NextMatch,
    PrevMatch,
    /// `Esc`: close an overlay, else stop / clear a search.
    Cancel,
    /// Copy the selected passage with its attribution (`y`).
    Copy,
    /// Show the article picker (`o`).
    OpenPicker,
    /// Read the library's feeds again for new items (`r` in the picker).
    Refresh,
    /// The host read the feeds again: `added` new articles, and why each
    /// feed that failed did.
    Refreshed {
        added: usize,
        failed: Vec<String>,
    },
    /// Show / hide the key help (`?`).
    ToggleHelp,
    /// Give the Article pane the whole width (`z`).
    ToggleZoom,
    /// Show / leave the People view: everyone the library quotes (`p`).
    OpenPeople,
    /// Sort the list on screen the other way (`s`: people by passages or
    /// by name).
    ToggleSort,
    /// A mouse click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel over a screen cell: positive scrolls down.
    Wheel {
        column: u16,
        row: u16,
        lines: isize,
    },
    /// Pasted text (bracketed paste).
    Paste(String),
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// The host loaded article `index` (see [`Effect::Open`]), with the
    /// position remembered from an earlier run.
    Opened {
        index: usize,
        article: Arc<Article>,
        position: Option<Position>,
    },
    /// The whole of article `index`, when the reader was given only its
    /// start (a big file, see [`crate::library::Library::load_start`]): the
    /// same paragraphs and more.
    Completed {
        index: usize,
        article: Arc<Article>,
    },
    /// The background scan of the library has analysed `done` of `total`
    /// articles (source counts and "also quoted in" grow meanwhile).
    LibraryScanned {
        done: usize,
        total: usize,
    },
    /// The library's people index was rebuilt (see
    /// [`crate::library::Library::people`]): the People view takes it.
    PeopleUpdated,
    /// The host could not load article `index`.
    OpenFailed {
        index: usize,
        reason: String,
    },
    /// Source analysis of article `index` has done `done` of `total` steps.
    Progress {
        index: usize,
        done: usize,
        total: usize,
    },
    /// The sources of article `index` are known.
    SourcesReady {
        index: usize,
        sources: Arc<Sources>,
    },
    /// Analysis of article `index` failed.
    AnalysisFailed {
        index: usize,
        reason: String,
    },
    /// A message for the status line.
    Notice(String),
    /// A correction key (`R`, `K`, `E`, `M`, `D`, `H`, `v`, `a`, `x`, `+`,
    /// `c`, `u`, `U`, `O`, `X`; see [`crate::reader::correct`]).
    Correct(Correct),
    /// Typing in the correction prompt.
    Prompt(PromptKey),
    /// The host read the corrections of article `index` (none when there
    /// are none), with a notice when the file was set aside or may no
    /// longer fit.
    CorrectionsLoaded {
        index: usize,
        corrections: Corrections,
        notice: Option<String>,
    },
    /// The host found corrections saved for article `index`, which is not
    /// open (the picker counts its checked sources).
    CorrectionsKnown {
        index: usize,
        corrections: Corrections,
    },
    /// Panic on purpose (only mapped from a key when the host enables it),
    /// to test that the host restores the terminal.
    DebugPanic,
}

/// Something the reader wants its host to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put this text on the reader's clipboard (OSC 52 on the host's own
    /// output).
    Copy(String),
    /// Load article `index` of the library and answer with
    /// [`Action::Opened`] (see [`crate::reader::open_action`]), then analyse it
    /// in the background unless its sources are known already.
    Open(usize),
    /// Remember this reading position for the article with this key.
    SavePosition { key: String, position: Position },
    /// Read the library's feeds again in the background and answer with
    /// [`Action::Refreshed`].
    Refresh,
    /// Save the corrections of article `index` (they replace the last).
    SaveCorrections {
        index: usize,
        corrections: Corrections,
    },
}
