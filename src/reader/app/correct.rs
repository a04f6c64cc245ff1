//! How the reader's corrections change its state: the corrections of the
//! open article, their undo and redo stacks, the corrected list the panes
//! show, the paragraph cursor and the prompt. Saving is an
//! [`Effect::SaveCorrections`] the driver performs; nothing here does I/O.

use std::collections::HashMap;
use std::sync::Arc;

use crate::attribution::{SourceKind, Sources};
use crate::library::corrections::{self, Corrections, Kind};
use crate::model::text::visible;
use crate::reader::action::{Action, Effect};
use crate::reader::correct::{Asking, Correct, Prompt, PromptKey};

use super::{Analysis, App, Focus};

/// How many corrections `u` can undo.
const UNDO_DEPTH: usize = 200;

/// One source as the Sources pane marks it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMarks {
    pub id: String,
    pub corrected: bool,
    pub checked: bool,
    pub hidden: bool,
}

#[derive(Debug, Default)]
pub(super) struct Correcting {
    /// The article whose corrections are loaded (corrections wait for it).
    loaded_for: Option<usize>,
    current: Corrections,
    /// Earlier states with what changed them, newest last.
    undo: Vec<(Corrections, String)>,
    redo: Vec<(Corrections, String)>,
    /// What the panes show: the corrected sources (hidden ones only with
    /// `H`), or the engine's with `O`.
    view: Arc<Sources>,
    marks: Vec<SourceMarks>,
    engine_view: bool,
    show_hidden: bool,
    /// The paragraph under the cursor (`v`), when it is on.
    pub(super) cursor: Option<usize>,
    prompt: Option<Prompt>,
    /// Named sources checked, of those shown, per article of the library
    /// whose corrections this reader has seen (the picker's `3/7 checked`).
    checked: HashMap<usize, (usize, usize)>,
    /// Corrections saved for articles not opened yet, as the host found
    /// them: counted once the library's scan has their sources.
    known: HashMap<usize, Corrections>,
    unfit: usize,
}

impl App {
    /// The marks of the sources shown, in the order of [`App::sources`].
    pub fn source_marks(&self) -> &[SourceMarks] {
        &self.corr.marks
    }

    pub fn prompt(&self) -> Option<&Prompt> {
        self.corr.prompt.as_ref()
    }

    /// The paragraph under the cursor, when `v` turned it on.
    pub fn paragraph_cursor(&self) -> Option<usize> {
        self.corr.cursor
    }

    pub fn engine_view(&self) -> bool {
        self.corr.engine_view
    }

    pub fn showing_hidden(&self) -> bool {
        self.corr.show_hidden
    }

    /// The open article's corrections.
    pub fn corrections(&self) -> &Corrections {
        &self.corr.current
    }

    /// Named sources checked, of named sources shown, for article `index`
    /// when this reader has its corrections.
    pub fn checked_count(&self, index: usize) -> Option<(usize, usize)> {
        if let Some(c) = self.corr.checked.get(&index) {
            return Some(*c);
        }
        let known = self.corr.known.get(&index)?;
        let engine = self.library.sources(index)?;
        Some(corrections::apply(&engine, None, known).checked_count())
    }

    pub(super) fn corrections_known(&mut self, index: usize, corrections: Corrections) {
        self.corr.known.insert(index, corrections);
    }

    pub(super) fn corrected_sources(&self) -> &Sources {
        &self.corr.view
    }

    /// A new article is open: nothing of the last one's corrections stays.
    pub(super) fn reset_corrections(&mut self) {
        let checked = std::mem::take(&mut self.corr.checked);
        let known = std::mem::take(&mut self.corr.known);
        self.corr = Correcting {
            checked,
            known,
            ..Correcting::default()
        };
    }

    /// The driver read the corrections of article `index`.
    pub(super) fn corrections_loaded(
        &mut self,
        index: usize,
        corrections: Corrections,
        notice: Option<String>,
    ) {
        if index != self.index {
            return;
        }
        self.corr.loaded_for = Some(index);
        self.corr.current = corrections;
        self.corr.undo.clear();
        self.corr.redo.clear();
        if let Some(n) = notice {
            self.notice = Some(n);
        }
        self.refresh_sources(None);
        if self.corr.unfit > 0 {
            let n = self.corr.unfit;
            self.notice = Some(if n == 1 {
                "1 correction no longer fits this article".to_owned()
            } else {
                format!("{n} corrections no longer fit this article")
            });
        }
    }

    /// Recomputes what the panes show from the engine's sources and the
    /// corrections, keeping the selection on the source with id `select`
    /// (else the one selected before, else its place).
    pub(super) fn refresh_sources(&mut self, select: Option<String>) {
        let Analysis::Ready(engine) = &self.analysis else {
            self.corr.view = Arc::default();
            self.corr.marks.clear();
            return;
        };
        let keep = select.or_else(|| {
            self.corr
                .marks
                .get(self.sources_list.selected)
                .map(|m| m.id.clone())
        });
        if self.corr.engine_view || self.corr.current.is_empty() {
            // Nothing to apply: the engine's list itself, shared, not a
            // copy (a 10 MB article's sources are many).
            let engine = Arc::clone(engine);
            if !self.corr.engine_view && self.corr.loaded_for == Some(self.index) {
                let named = engine.named().count();
                self.corr.checked.insert(self.index, (0, named));
            }
            self.corr.unfit = 0;
            self.corr.marks = corrections::engine_ids(&engine)
                .into_iter()
                .map(|id| SourceMarks {
                    id,
                    ..SourceMarks::default()
                })
                .collect();
            self.corr.view = engine;
            self.keep_selection(keep);
            return;
        }
        let corrected = corrections::apply(engine, self.article.as_deref(), &self.corr.current);
        if !self.corr.engine_view && self.corr.loaded_for == Some(self.index) {
            self.corr
                .checked
                .insert(self.index, corrected.checked_count());
        }
        self.corr.unfit = corrected.unfit;
        let shown: Vec<_> = corrected
            .sources
            .into_iter()
            .filter(|s| self.corr.show_hidden || !s.hidden)
            .collect();
        self.corr.marks = shown
            .iter()
            .map(|s| SourceMarks {
                id: s.id.clone(),
                corrected: s.corrected,
                checked: s.checked,
                hidden: s.hidden,
            })
            .collect();
        self.corr.view = Arc::new(Sources {
            sources: shown.into_iter().map(|s| s.source).collect(),
        });
        self.keep_selection(keep);
    }

    /// Selects the source with id `keep` again (else the same row, within
    /// the list).
    fn keep_selection(&mut self, keep: Option<String>) {
        let n = self.corr.marks.len();
        let at = keep
            .and_then(|id| self.corr.marks.iter().position(|m| m.id == id))
            .unwrap_or_else(|| self.sources_list.selected.min(n.saturating_sub(1)));
        if at == self.sources_list.selected {
            // The same row, perhaps with other passages.
            let passages = self.selected_source().map_or(0, |s| s.passages.len());
            if self.passages_list.selected >= passages {
                self.passages_list = super::ListState::default();
                self.jumped = None;
            }
            self.ensure_source_visible();
        } else {
            self.select_source(at);
        }
    }

    /// A correction key in the main view.
    pub(super) fn correct(&mut self, c: Correct) {
        match c {
            Correct::EngineView => {
                self.corr.engine_view = !self.corr.engine_view;
                self.refresh_sources(None);
                self.notice = Some(if self.corr.engine_view {
                    "the engine's view, without corrections (O for yours)".to_owned()
                } else {
                    "your corrections shown again".to_owned()
                });
                return;
            }
            Correct::ShowHidden => {
                self.corr.show_hidden = !self.corr.show_hidden;
                self.refresh_sources(None);
                self.notice = Some(if self.corr.show_hidden {
                    "hidden sources shown dimmed (D on one brings it back)".to_owned()
                } else {
                    "hidden sources hidden".to_owned()
                });
                return;
            }
            Correct::ParagraphCursor => {
                self.toggle_paragraph_cursor();
                return;
            }
            Correct::CopyExport => {
                self.copy_export();
                return;
            }
            _ => {}
        }
        if let Some(why) = self.cannot_correct() {
            self.notice = Some(why);
            return;
        }
        match c {
            Correct::Undo => self.undo(),
            Correct::Redo => self.redo(),
            Correct::NewSource => {
                if self.corr.cursor.is_none() {
                    self.notice = Some("v first: the paragraph cursor picks its paragraph".into());
                } else {
                    self.corr.prompt = Some(Prompt::new(Asking::NewSource, ""));
                }
            }
            _ => self.correct_selected(c),
        }
    }

    /// Why corrections cannot be made now, if they cannot.
    fn cannot_correct(&self) -> Option<String> {
        if !self.config.corrections {
            return Some(self.config.corrections_off.clone().unwrap_or_else(|| {
                "corrections are off here (whosaid serve --corrections turns them on)".to_owned()
            }));
        }
        if self.corr.engine_view {
            return Some("this is the engine's view: O to correct".to_owned());
        }
        if self.corr.loaded_for != Some(self.index) || !matches!(self.analysis, Analysis::Ready(_))
        {
            return Some("still finding sources…".to_owned());
        }
        None
    }

    /// A correction of the selected source.
    fn correct_selected(&mut self, c: Correct) {
        let (Some(source), Some(mark)) = (
            self.selected_source().cloned(),
            self.corr.marks.get(self.sources_list.selected).cloned(),
        ) else {
            self.notice = Some("no source selected".to_owned());
            return;
        };
        let id = mark.id.clone();
        let name = visible(&source.name).into_owned();
        match c {
            Correct::Rename => self.corr.prompt = Some(Prompt::new(Asking::Rename, &source.name)),
            Correct::Role => {
                self.corr.prompt = Some(Prompt::new(
                    Asking::Role,
                    source.role.as_deref().unwrap_or(""),
                ));
            }
            Correct::Merge => {
                if self.sources().len() < 2 {
                    self.notice = Some("no other source to merge into".to_owned());
                } else {
                    self.corr.prompt = Some(Prompt::new(Asking::Merge, ""));
                }
            }
            Correct::CycleKind => {
                let kind = if source.kind == SourceKind::Person {
                    Kind::Organisation
                } else {
                    Kind::Person
                };
                let label = format!(
                    "{name} is now a{} {}",
                    if kind == Kind::Person { "" } else { "n" },
                    if kind == Kind::Person {
                        "person"
                    } else {
                        "organisation"
                    }
                );
                self.change(label, Some(id.clone()), |c| c.set_kind(&id, kind));
            }
            Correct::Hide => {
                let label = if mark.hidden {
                    format!("{name} is a source again")
                } else {
                    format!("{name} hidden: not a source (H shows hidden ones)")
                };
                self.change(label, None, |c| c.toggle_hidden(&id));
            }
            Correct::Checked => {
                let label = if mark.checked {
                    format!("{name} no longer checked")
                } else {
                    format!("{name} checked")
                };
                self.change(label, Some(id.clone()), |c| c.toggle_checked(&id));
            }
            Correct::Attribute | Correct::RemoveParagraph => {
                let Some(p) = self.corr.cursor else {
                    self.notice = Some("v first: the paragraph cursor picks the paragraph".into());
                    return;
                };
                let has = source.passages.iter().any(|q| q.paragraph == p);
                let label = if c == Correct::Attribute {
                    if has {
                        self.notice = Some(format!("¶{} is already {name}'s", p + 1));
                        return;
                    }
                    format!("¶{} attributed to {name}", p + 1)
                } else {
                    if !has {
                        self.notice = Some(format!("¶{} is not one of {name}'s passages", p + 1));
                        return;
                    }
                    format!("¶{} removed from {name}", p + 1)
                };
                let attribute = c == Correct::Attribute;
                self.change(label, Some(id.clone()), |c| {
                    if attribute {
                        c.attribute(&id, p);
                    } else {
                        c.remove_paragraph(&id, p);
                    }
                });
            }
            _ => {}
        }
    }

    /// Makes a correction undoable, applies it, shows and saves the result.
    fn change(&mut self, label: String, select: Option<String>, f: impl FnOnce(&mut Corrections)) {
        let before = self.corr.current.clone();
        f(&mut self.corr.current);
        if self.corr.current == before {
            return;
        }
        self.notice = Some(format!("{label} (u undoes)"));
        self.corr.undo.push((before, label));
        if self.corr.undo.len() > UNDO_DEPTH {
            self.corr.undo.remove(0);
        }
        self.corr.redo.clear();
        self.refresh_sources(select);
        self.save_corrections();
    }

    fn undo(&mut self) {
        let Some((before, label)) = self.corr.undo.pop() else {
            self.notice = Some("nothing to undo".to_owned());
            return;
        };
        let now = std::mem::replace(&mut self.corr.current, before);
        self.corr.redo.push((now, label.clone()));
        self.notice = Some(format!("undone: {label} (U redoes)"));
        self.refresh_sources(None);
        self.save_corrections();
    }

    fn redo(&mut self) {
        let Some((after, label)) = self.corr.redo.pop() else {
            self.notice = Some("nothing to redo".to_owned());
            return;
        };
        let now = std::mem::replace(&mut self.corr.current, after);
        self.corr.undo.push((now, label.clone()));
        self.notice = Some(format!("redone: {label}"));
        self.refresh_sources(None);
        self.save_corrections();
    }

    fn save_corrections(&mut self) {
        self.effects.push(Effect::SaveCorrections {
            index: self.index,
            corrections: self.corr.current.clone(),
        });
    }

    fn toggle_paragraph_cursor(&mut self) {
        if self.corr.cursor.take().is_some() {
            self.notice = Some("paragraph cursor off".to_owned());
            return;
        }
        if self.article.is_none() {
            return;
        }
        // The paragraph at the top, or the passage jumped to if on screen.
        let jumped = self.jumped_passage().map(|p| p.paragraph);
        let p = jumped
            .filter(|&p| {
                let pager = self.pager();
                pager.is_on_screen(
                    self.top,
                    super::Anchor {
                        paragraph: p,
                        row: 0,
                    },
                )
            })
            .unwrap_or(self.top.paragraph);
        self.corr.cursor = Some(p);
        if self.focus != Focus::Article {
            self.set_focus(Focus::Article);
        }
        self.notice = Some(format!(
            "¶{}: j/k move · a attribute · x remove · + new source · v off",
            p + 1
        ));
    }

    /// `j`/`k` with the paragraph cursor on: a paragraph at a time, the
    /// Article following.
    pub(super) fn move_paragraph_cursor(&mut self, d: isize) {
        let Some(p) = self.corr.cursor else {
            return;
        };
        let last = self.paragraph_count().saturating_sub(1);
        let p = if d < 0 {
            p.saturating_sub(d.unsigned_abs())
        } else {
            p.saturating_add(d.unsigned_abs()).min(last)
        };
        self.corr.cursor = Some(p);
        if let Some(start) = self
            .article
            .as_ref()
            .and_then(|a| a.paragraphs().get(p))
            .map(|q| q.span.start)
        {
            self.show_offset(start, false);
            // A paragraph taller than the pane: show its start.
            let pager = self.pager();
            if !pager.is_on_screen(
                self.top,
                super::Anchor {
                    paragraph: p,
                    row: 0,
                },
            ) {
                self.top = pager.clamp(super::Anchor {
                    paragraph: p,
                    row: 0,
                });
            }
        }
    }

    /// `Esc` closes the prompt, then turns the paragraph cursor off; says
    /// whether it did either.
    pub(super) fn cancel_correcting(&mut self) -> bool {
        if self.corr.prompt.take().is_some() {
            return true;
        }
        self.corr.cursor.take().is_some()
    }

    /// Typing in the prompt.
    pub(super) fn prompt_key(&mut self, key: &PromptKey) {
        let names: Vec<String> = self
            .merge_candidates()
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        let Some(prompt) = self.corr.prompt.as_mut() else {
            return;
        };
        prompt.edit(key, &names);
        if *key != PromptKey::Submit {
            return;
        }
        let Some(prompt) = self.corr.prompt.take() else {
            return;
        };
        self.submit(prompt.asking, prompt.text().trim());
    }

    /// The sources one may merge into: every source shown but the selected
    /// one, with its number (from 1).
    fn merge_candidates(&self) -> Vec<(usize, String)> {
        let sel = self.sources_list.selected;
        self.sources()
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != sel)
            .map(|(i, s)| (i, s.name.clone()))
            .collect()
    }

    fn submit(&mut self, asking: Asking, text: &str) {
        if asking == Asking::NewSource {
            let Some(p) = self.corr.cursor else {
                return;
            };
            if text.is_empty() {
                self.notice = Some("no name: nothing added".to_owned());
                return;
            }
            let label = format!("new source {} with ¶{}", visible(text), p + 1);
            let mut id = None;
            self.change(label, None, |c| id = c.add_source(text, p));
            if let Some(id) = id {
                self.refresh_sources(Some(id));
            }
            return;
        }
        let Some(mark) = self.corr.marks.get(self.sources_list.selected).cloned() else {
            return;
        };
        let old = self
            .selected_source()
            .map(|s| visible(&s.name).into_owned())
            .unwrap_or_default();
        let id = mark.id;
        match asking {
            Asking::Rename => {
                if text.is_empty() {
                    self.notice = Some("a source needs a name: not renamed".to_owned());
                    return;
                }
                let label = format!("{old} renamed to {}", visible(text));
                self.change(label, Some(id.clone()), |c| c.rename(&id, text));
            }
            Asking::Role => {
                let label = if text.is_empty() {
                    format!("{old}'s role removed")
                } else {
                    format!("{old}'s role is now {}", visible(text))
                };
                self.change(label, Some(id.clone()), |c| c.set_role(&id, text));
            }
            Asking::Merge => {
                let candidates = self.merge_candidates();
                let Some(target) = pick(&candidates, text) else {
                    self.notice = Some(format!("no source {}: not merged", visible(text)));
                    return;
                };
                let Some(into) = self.corr.marks.get(target).map(|m| m.id.clone()) else {
                    return;
                };
                let into_name = visible(&self.sources()[target].name).into_owned();
                let label = format!("{old} merged into {into_name}");
                self.change(label, Some(into.clone()), |c| c.merge(&id, &into));
            }
            Asking::NewSource => {}
        }
    }

    /// `X`: the selected source's export as Markdown, to the clipboard.
    fn copy_export(&mut self) {
        let (Some(article), Some(source), Some(mark)) = (
            self.article.clone(),
            self.selected_source().cloned(),
            self.corr.marks.get(self.sources_list.selected).cloned(),
        ) else {
            self.notice = Some("no source to export".to_owned());
            return;
        };
        let entry = corrections::CorrectedSource {
            id: mark.id,
            source,
            corrected: mark.corrected,
            checked: mark.checked,
            hidden: mark.hidden,
        };
        let citation = crate::library::export::Citation::of(&article);
        let md = crate::library::export::markdown_source(&article, &citation, &entry);
        self.effects.push(Effect::Copy(md));
        self.notice = Some(if self.config.clipboard_known {
            "copied the source's export (Markdown) to the clipboard".to_owned()
        } else {
            "copied the source's export (Markdown) through OSC 52 (your terminal may not support it)"
                .to_owned()
        });
    }
}

/// The source a merge prompt's text names: a number as shown (from 1), a
/// name equal to one (case ignored), else the one name containing it.
fn pick(candidates: &[(usize, String)], text: &str) -> Option<usize> {
    if let Ok(n) = text.parse::<usize>() {
        return candidates.iter().find(|(i, _)| i + 1 == n).map(|(i, _)| *i);
    }
    let t = text.to_lowercase();
    if t.is_empty() {
        return None;
    }
    if let Some((i, _)) = candidates.iter().find(|(_, n)| n.to_lowercase() == t) {
        return Some(*i);
    }
    let mut hits = candidates
        .iter()
        .filter(|(_, n)| n.to_lowercase().contains(&t));
    match (hits.next(), hits.next()) {
        (Some((i, _)), None) => Some(*i),
        _ => None,
    }
}

/// Whether an action is the driver's news about corrections (background,
/// so it keeps the last notice).
pub(super) fn is_background(action: &Action) -> bool {
    matches!(
        action,
        Action::CorrectionsLoaded { .. } | Action::CorrectionsKnown { .. }
    )
}
