//! Terminal events to [`Action`]s. The local run loop and the SSH server
//! both parse input into crossterm [`Event`]s and call [`action_for`], so a
//! key means the same thing everywhere.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::action::Action;
use super::app::{App, Overlay};

/// Lines one wheel notch scrolls.
pub const WHEEL_LINES: isize = 3;

/// What `event` means to `app` now (typing in a search, `q` closes an
/// overlay or quits), or
/// `None` when it means nothing.
pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => key(app, k),
        Event::Mouse(m) => mouse(*m),
        Event::Paste(s) => Some(Action::Paste(s.clone())),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

fn key(app: &App, k: &KeyEvent) -> Option<Action> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(k.code, KeyCode::Char('c' | 'C')) {
        return Some(Action::Quit);
    }
    if app.prompt().is_some() {
        return super::correct::prompt_key(k);
    }
    if app.search().editing()
        || app
            .people_view()
            .is_some_and(super::people::PeopleView::typing)
    {
        return match k.code {
            KeyCode::Up => Some(Action::Move(-1)),
            KeyCode::Down => Some(Action::Move(1)),
            KeyCode::Enter => Some(Action::SearchSubmit),
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Backspace => Some(Action::SearchBackspace),
            KeyCode::Char(c) if !ctrl => Some(Action::SearchChar(c)),
            _ => None,
        };
    }
    if !ctrl && let Some(action) = super::correct::key(app, k) {
        return Some(action);
    }
    if ctrl {
        return match k.code {
            KeyCode::Char('d') => Some(Action::HalfPageDown),
            KeyCode::Char('u') => Some(Action::HalfPageUp),
            KeyCode::Char('f') => Some(Action::PageDown),
            KeyCode::Char('b') => Some(Action::PageUp),
            _ => None,
        };
    }
    Some(match k.code {
        // As in less and htop, `q` closes what is on top first; only the
        // main view quits on it (Ctrl-c quits from anywhere, above).
        KeyCode::Char('q') if app.overlay() != Overlay::None => Action::Cancel,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Esc => Action::Cancel,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrev,
        KeyCode::Up | KeyCode::Char('k') => Action::Move(-1),
        KeyCode::Down | KeyCode::Char('j') => Action::Move(1),
        KeyCode::PageUp | KeyCode::Char('b') => Action::PageUp,
        KeyCode::PageDown | KeyCode::Char(' ' | 'f') => Action::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Action::Top,
        KeyCode::End | KeyCode::Char('G') => Action::Bottom,
        KeyCode::Char(c @ '1'..='9') => Action::SelectSource(usize::from(c as u8 - b'1')),
        KeyCode::Enter => Action::Activate,
        KeyCode::Char(']') => Action::NextPassage,
        KeyCode::Char('[') => Action::PrevPassage,
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Char('n') => Action::NextMatch,
        KeyCode::Char('N') => Action::PrevMatch,
        KeyCode::Char('y') => Action::Copy,
        KeyCode::Char('o') => Action::OpenPicker,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('z') => Action::ToggleZoom,
        KeyCode::Char('p') => Action::OpenPeople,
        KeyCode::Char('s') => Action::ToggleSort,
        KeyCode::Char('!') if app.config().debug_panic => Action::DebugPanic,
        _ => return None,
    })
}

fn mouse(m: MouseEvent) -> Option<Action> {
    let (column, row) = (m.column, m.row);
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        MouseEventKind::ScrollDown => Some(Action::Wheel {
            column,
            row,
            lines: WHEEL_LINES,
        }),
        MouseEventKind::ScrollUp => Some(Action::Wheel {
            column,
            row,
            lines: -WHEEL_LINES,
        }),
        _ => None,
    }
}

/// The key help: what `?` shows, and what the README's table lists.
pub const HELP: &[(&str, &str)] = &[
    ("q  Ctrl-c", "quit (q closes an overlay first)"),
    ("Esc", "close an overlay, clear the search"),
    ("Tab  Shift-Tab", "focus the next / previous pane"),
    ("↑ ↓  j k", "move or scroll in the focused pane"),
    ("PgUp PgDn  b Space", "a page up / down"),
    ("Ctrl-u  Ctrl-d", "half a page up / down"),
    ("g G  Home End", "to the start / end"),
    ("1 – 9", "select the n-th source"),
    ("Enter", "source: its passages; passage: show it"),
    ("]  [", "next / previous passage of the source"),
    ("/", "search the article (Enter ends typing)"),
    ("n  N", "next / previous match"),
    ("y", "copy the passage with its attribution and ¶"),
    ("o  p", "pick an article; people across the library"),
    ("z", "zoom the Article to full width"),
    ("?", "this help"),
    ("mouse", "click selects, the wheel scrolls"),
];
