//! The terminal, as both hosts drive it: the ANSI backend frames are drawn
//! through, the painter that scrolls regions and diffs against the last
//! frame, and the modes a reader turns on when it enters a terminal and off
//! when it leaves. It knows nothing of the reader's panes, so the local host
//! and the SSH host use it alike, and it sits below both.

pub mod ansi;
pub mod scroll;

pub use ansi::AnsiBackend;
pub use scroll::Painter;

/// The private modes a reader sets on entering a terminal, in order, and
/// resets in reverse on leaving: the alternate screen; mouse buttons (1000)
/// and drags (1002), reported in SGR form (1006); bracketed paste (2004).
/// Never any-motion tracking (1003): it reports every move of the mouse,
/// which floods a slow link and would wake the reader for nothing. Both
/// hosts use this one list.
const MODES: &[&str] = &["1049", "1000", "1002", "1006", "2004"];

/// What a host writes when the reader takes over a terminal: the modes on
/// and the cursor hidden. Entering the alternate screen clears it, which is
/// what the painter's first frame assumes.
pub fn enter() -> String {
    let mut s = String::new();
    for m in MODES {
        s.push_str("\x1b[?");
        s.push_str(m);
        s.push('h');
    }
    s.push_str("\x1b[?25l");
    s
}

/// Undoes [`enter`], leaving the terminal as the reader found it: plain
/// rendition, cursor shown, then the modes off (the alternate screen last,
/// so the shell's screen comes back with nothing drawn over it).
pub fn leave() -> String {
    let mut s = String::from("\x1b[0m\x1b[?25h");
    s.extend(MODES.iter().rev().map(|m| format!("\x1b[?{m}l")));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaving_undoes_every_mode_and_no_host_asks_for_every_motion() {
        let (on, off) = (enter(), leave());
        for m in MODES {
            assert!(on.contains(&format!("\x1b[?{m}h")), "{m} set");
            assert!(off.contains(&format!("\x1b[?{m}l")), "{m} reset");
        }
        assert!(on.contains("\x1b[?1006h") && on.contains("\x1b[?1000h"));
        for any_motion in ["1003", "1015"] {
            assert!(!on.contains(any_motion), "{any_motion} is never set");
        }
        assert!(off.ends_with("\x1b[?1049l"));
    }
}
