//! The reader's correction keys and their one-line prompt: what `R`, `K`,
//! `E`, `M`, `D`, `H`, `v`, `a`, `x`, `+`, `c`, `u`, `U`, `O` and `X` mean
//! ([`Correct`]), and the typing of a name ([`Prompt`]).
//!
//! Kept apart from `keys` and `app` so the correction feature reads as one
//! piece; [`crate::reader::App`] applies these through
//! [`crate::library::corrections`], and the driver saves the result.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::App;
use crate::library::corrections::MAX_NAME_CHARS;

/// A correction key, or an edit of the prompt it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correct {
    /// `R`: rename the selected source (a prompt, pre-filled).
    Rename,
    /// `K`: its kind, person ↔ organisation.
    CycleKind,
    /// `E`: edit its role (a prompt, pre-filled; empty removes it).
    Role,
    /// `M`: merge it into another (a prompt: a number or a name, `Tab`
    /// completes).
    Merge,
    /// `D`: not a source (hidden); on a hidden one, a source again.
    Hide,
    /// `H`: show hidden sources, dimmed.
    ShowHidden,
    /// `v`: the paragraph cursor in the Article, on / off.
    ParagraphCursor,
    /// `a`: the paragraph under the cursor becomes a passage of the source.
    Attribute,
    /// `x`: the paragraph under the cursor leaves the source's passages.
    RemoveParagraph,
    /// `+`: a new source from a typed name, the paragraph its first passage.
    NewSource,
    /// `c`: mark the selected source checked (or not).
    Checked,
    /// `u` / `U`: undo / redo the last correction.
    Undo,
    Redo,
    /// `O`: the engine's view (no corrections), on / off.
    EngineView,
    /// `X`: copy the selected source's export (Markdown) to the clipboard.
    CopyExport,
}

/// Typing in the prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKey {
    Char(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// `Ctrl-u`: clear the line.
    Clear,
    /// `Tab`: complete a source's name (merge).
    Complete,
    Submit,
}

/// What a prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    Rename,
    Role,
    Merge,
    NewSource,
}

impl Asking {
    pub fn label(self) -> &'static str {
        match self {
            Asking::Rename => "rename to: ",
            Asking::Role => "role: ",
            Asking::Merge => "merge into (number or name, Tab completes): ",
            Asking::NewSource => "new source named: ",
        }
    }
}

/// A one-line text prompt: the text, the cursor (in characters) and, while
/// `Tab` cycles completions, which one is shown.
///
/// A pre-filled text starts selected, as in a rename dialog: typing
/// replaces it whole (`R`, then the new name), `Backspace` clears it, and
/// an arrow, `Home` or `End` keeps it to edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub asking: Asking,
    text: Vec<char>,
    cursor: usize,
    selected: bool,
    /// What was typed before `Tab`, and the completion last shown.
    completing: Option<(String, usize)>,
}

impl Prompt {
    pub fn new(asking: Asking, prefill: &str) -> Prompt {
        let text: Vec<char> = prefill
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_NAME_CHARS)
            .collect();
        Prompt {
            asking,
            cursor: text.len(),
            selected: !text.is_empty(),
            text,
            completing: None,
        }
    }

    /// Whether the pre-filled text is still selected (typing replaces it).
    pub fn selected(&self) -> bool {
        self.selected
    }

    pub fn text(&self) -> String {
        self.text.iter().collect()
    }

    /// The cursor's place, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Applies an edit; `names` are the completions for `Tab`.
    pub fn edit(&mut self, key: &PromptKey, names: &[String]) {
        if *key != PromptKey::Complete {
            self.completing = None;
        }
        if std::mem::take(&mut self.selected)
            && matches!(
                key,
                PromptKey::Char(_) | PromptKey::Backspace | PromptKey::Delete
            )
        {
            self.text.clear();
            self.cursor = 0;
            if !matches!(key, PromptKey::Char(_)) {
                return;
            }
        }
        match key {
            PromptKey::Char(c) => {
                if !c.is_control() && self.text.len() < MAX_NAME_CHARS {
                    self.text.insert(self.cursor, *c);
                    self.cursor += 1;
                }
            }
            PromptKey::Backspace => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    self.text.remove(self.cursor);
                }
            }
            PromptKey::Delete => {
                if self.cursor < self.text.len() {
                    self.text.remove(self.cursor);
                }
            }
            PromptKey::Left => self.cursor = self.cursor.saturating_sub(1),
            PromptKey::Right => self.cursor = (self.cursor + 1).min(self.text.len()),
            PromptKey::Home => self.cursor = 0,
            PromptKey::End => self.cursor = self.text.len(),
            PromptKey::Clear => {
                self.text.clear();
                self.cursor = 0;
            }
            PromptKey::Complete => self.complete(names),
            PromptKey::Submit => {}
        }
    }

    /// `Tab`: the next name that starts with (else contains) what was
    /// typed, ignoring case; again for the one after.
    fn complete(&mut self, names: &[String]) {
        let (typed, last) = self
            .completing
            .clone()
            .unwrap_or_else(|| (self.text(), usize::MAX));
        let t = typed.to_lowercase();
        let mut hits: Vec<usize> = (0..names.len())
            .filter(|&i| names[i].to_lowercase().starts_with(&t))
            .collect();
        if hits.is_empty() {
            hits = (0..names.len())
                .filter(|&i| names[i].to_lowercase().contains(&t))
                .collect();
        }
        let Some(&next) = hits
            .iter()
            .find(|&&i| last == usize::MAX || i > last)
            .or(hits.first())
        else {
            return;
        };
        self.text = names[next].chars().take(MAX_NAME_CHARS).collect();
        self.cursor = self.text.len();
        self.completing = Some((typed, next));
    }
}

/// The action a key means while a prompt is open (everything is typing).
pub fn prompt_key(k: &KeyEvent) -> Option<Action> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let key = match k.code {
        KeyCode::Esc => return Some(Action::Cancel),
        KeyCode::Enter => PromptKey::Submit,
        KeyCode::Backspace => PromptKey::Backspace,
        KeyCode::Delete => PromptKey::Delete,
        KeyCode::Left => PromptKey::Left,
        KeyCode::Right => PromptKey::Right,
        KeyCode::Home => PromptKey::Home,
        KeyCode::End => PromptKey::End,
        KeyCode::Tab => PromptKey::Complete,
        KeyCode::Char('u') if ctrl => PromptKey::Clear,
        KeyCode::Char('a') if ctrl => PromptKey::Home,
        KeyCode::Char('e') if ctrl => PromptKey::End,
        KeyCode::Char(c) if !ctrl => PromptKey::Char(c),
        _ => return None,
    };
    Some(Action::Prompt(key))
}

/// The correction a key means in the main view, if it is one of theirs.
pub fn key(app: &App, k: &KeyEvent) -> Option<Action> {
    if app.overlay() != super::app::Overlay::None {
        return None;
    }
    let KeyCode::Char(c) = k.code else {
        return None;
    };
    Some(Action::Correct(match c {
        'R' => Correct::Rename,
        'K' => Correct::CycleKind,
        'E' => Correct::Role,
        'M' => Correct::Merge,
        'D' => Correct::Hide,
        'H' => Correct::ShowHidden,
        'v' => Correct::ParagraphCursor,
        'a' => Correct::Attribute,
        'x' => Correct::RemoveParagraph,
        '+' => Correct::NewSource,
        'c' => Correct::Checked,
        'u' => Correct::Undo,
        'U' => Correct::Redo,
        'O' => Correct::EngineView,
        'X' => Correct::CopyExport,
        _ => return None,
    }))
}

/// The correction keys in the help (after the reader's own).
pub const HELP: &[(&str, &str)] = &[
    ("R K E  M", "rename, kind, role; merge into another"),
    ("D  H", "not a source (hide); show hidden ones"),
    ("v j k  a x +", "¶ cursor: to / from source; new source"),
    ("c  u U", "mark checked; undo / redo a correction"),
    ("O  X", "engine's view; copy source export (md)"),
];
