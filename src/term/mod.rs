//! The terminal, as both hosts drive it: the ANSI backend frames are drawn
//! through, the painter that scrolls regions and diffs against the last
//! frame, and the modes a reader turns on when it enters a terminal and off
//! when it leaves. It knows nothing of the reader's panes, so the local host
//! and the SSH host use it alike, and it sits below both.

pub mod ansi;
pub mod scroll;

pub use ansi::AnsiBackend;
pub use scroll::Painter;
