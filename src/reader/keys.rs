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
    // Typing into the search, the picker's filter or the People view's.
    let picking = matches!(app.overlay(), Overlay::Picker { .. });
    if app.search().editing()
        || (picking && app.picker().typing())
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
        KeyCode::Left | KeyCode::Char('h') => Action::FocusLeft,
        KeyCode::Right | KeyCode::Char('l') => Action::FocusRight,
        KeyCode::Backspace => Action::Back,
        KeyCode::Char('s') if picking => Action::CycleSort,
        KeyCode::Up | KeyCode::Char('k') => Action::Move(-1),
        KeyCode::Down | KeyCode::Char('j') => Action::Move(1),
        KeyCode::PageUp | KeyCode::Char('b') => Action::PageUp,
        KeyCode::PageDown | KeyCode::Char(' ' | 'f') => Action::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Action::Top,
        KeyCode::End | KeyCode::Char('G') => Action::Bottom,
        KeyCode::Char(c @ '0'..='9') => Action::Digit(c as u8 - b'0'),
        KeyCode::Enter => Action::Activate,
        KeyCode::Char(']') => Action::NextPassage,
        KeyCode::Char('[') => Action::PrevPassage,
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Char('n') => Action::NextMatch,
        KeyCode::Char('N') => Action::PrevMatch,
        KeyCode::Char('y') => Action::Copy,
        KeyCode::Char('o') => Action::OpenPicker,
        KeyCode::Char('r') if matches!(app.overlay(), Overlay::Picker { .. }) => Action::Refresh,
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

/// The key help: what `?` shows, and what the README's key table lists
/// (a test holds the two together).
pub const HELP: &[(&str, &str)] = &[
    (
        "q",
        "close the help or the picker; from the main view, quit",
    ),
    ("Ctrl-c", "quit, from anywhere"),
    (
        "Esc",
        "close an overlay, clear the search, leave the zoom, then go back",
    ),
    ("?", "this help (↑ ↓ scroll it)"),
    ("Tab  Shift-Tab", "focus the next / previous pane"),
    (
        "h l  ← →",
        "focus the pane to the left / right (Sources, Passages, Article)",
    ),
    (
        "↑ ↓  j k",
        "move the selection or scroll; in Passages each passage shows in the Article as you go",
    ),
    ("PgUp PgDn  b Space", "a page up / down"),
    ("Ctrl-u  Ctrl-d", "half a page up / down"),
    ("g G  Home End", "to the start / end"),
    (
        "1 – 9  0",
        "select source n; digits in a row make one number (1 2: source 12)",
    ),
    (
        "Enter",
        "source: its passages; passage: show it; another article: open it at the source",
    ),
    (
        "Backspace",
        "back to the article a source was followed from",
    ),
    (
        "]  [",
        "next / previous passage of the source, from anywhere",
    ),
    (
        "/",
        "search as you type (quotes, dashes, accents folded; no capitals: any case)",
    ),
    ("n  N", "next / previous match"),
    ("y", "copy the passage with its attribution and ¶"),
    ("o  p", "pick an article; people across the library"),
    ("picker: r", "read the feeds again (new items appended)"),
    (
        "picker: /  s",
        "filter by title, date or source as you type; sort by file, date or title",
    ),
    (
        "people: /  s",
        "filter by name or role as you type; sort by passages or by name",
    ),
    ("z", "zoom the Article to full width (Esc leaves)"),
    (
        "mouse",
        "a click selects or opens, the wheel scrolls the pane under it",
    ),
];

/// The help's lines at `width` columns (the reader's keys, then the
/// correction keys of [`super::correct::HELP`]): each key beside its text, the text
/// wrapped under itself; when too narrow for that, the key on a line of its
/// own and the text below it.
pub fn help_lines(width: usize) -> Vec<String> {
    use crate::model::text::width as cells;
    let keys = || HELP.iter().chain(super::correct::HELP);
    let key_w = keys().map(|(k, _)| cells(k)).max().unwrap_or(0);
    let beside = width >= key_w + 3 + 28;
    let mut out = Vec::new();
    for (k, t) in keys() {
        let (indent, first) = if beside {
            (key_w + 3, format!(" {k}{}  ", " ".repeat(key_w - cells(k))))
        } else {
            out.push(crate::model::text::ellipsize(&format!(" {k}"), width).into_owned());
            (3, "   ".to_owned())
        };
        let room = width.saturating_sub(indent).max(1);
        for (i, r) in super::wrap::wrap_ranges(t, room).into_iter().enumerate() {
            let piece = &t[super::wrap::trim_line(t, r)];
            let lead = if i == 0 {
                first.clone()
            } else {
                " ".repeat(indent)
            };
            out.push(format!("{lead}{piece}"));
        }
    }
    out
}
