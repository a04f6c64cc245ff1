//! The reader's state and how actions change it. No I/O happens here: the
//! host (local terminal or SSH session) feeds [`Action`]s in, performs the
//! [`Effect`]s that come out, and draws with [`crate::reader::view::draw`].
//!
//! The Article pane's scroll position is an [`Anchor`] — a paragraph and a
//! row within it — rather than a line number, so opening or jumping in a
//! 100,000-paragraph article wraps only the paragraphs on screen.

use std::ops::Range;
use std::sync::Arc;

use crate::attribution::{Passage, Source, Sources};
use crate::library::Library;
use crate::library::state::Position;
use crate::model::article::Article;
use crate::model::text::visible;

use super::action::{Action, Effect};
use super::layout::{self, Layout, Mode};
use super::pager::{Pager, Wraps};
use super::people::{Outcome, PeopleView};
use super::picker::Picker;
use super::search::Search;
use super::wrap::wrap_ranges;

pub use super::pager::Anchor;
pub use correct::SourceMarks;

mod correct;

/// How the host's terminal takes colour: each SSH client has its own, so it
/// is configuration, never read from the process environment here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorMode {
    /// The 16 ANSI colours plus bold, reverse and underline.
    #[default]
    Ansi16,
    /// `NO_COLOR`: bold, reverse and underline only.
    None,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub color: ColorMode,
    /// Whether the terminal is known to take OSC 52 clipboard writes; when
    /// not, the copy notice says it may not have worked.
    pub clipboard_known: bool,
    /// Map `!` to [`Action::DebugPanic`] (for restoration tests).
    pub debug_panic: bool,
    /// Feeds are read again by the host's operator only (`serve`: a reader
    /// must not make the server fetch); `r` says so instead.
    pub refresh_by_operator: bool,
    /// The reader may correct sources (`R`, `D`, `c` …): on locally, off
    /// over SSH unless `serve --corrections`.
    pub corrections: bool,
    /// Why corrections are off, when the host knows better than the
    /// default word.
    pub corrections_off: Option<String>,
}

impl Config {
    /// The configuration a terminal's environment asks for, `var` giving
    /// its variables: the process's own for the local reader, the client's
    /// for an SSH session.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Config {
        let set = |k: &str| var(k).is_some_and(|v| !v.is_empty());
        let term = var("TERM").unwrap_or_default();
        let program = var("TERM_PROGRAM").unwrap_or_default();
        // Terminals known to accept OSC 52 writes (inside tmux it depends
        // on tmux's own settings, so it is not known).
        let clipboard_known = !set("TMUX")
            && (["kitty", "alacritty", "foot", "ghostty", "wezterm"]
                .iter()
                .any(|t| term.contains(t))
                || ["iTerm.app", "WezTerm", "vscode", "ghostty"].contains(&program.as_str()));
        Config {
            color: if set("NO_COLOR") {
                ColorMode::None
            } else {
                ColorMode::Ansi16
            },
            clipboard_known,
            debug_panic: var("WHOSAID_DEBUG_PANIC").as_deref() == Some("1"),
            refresh_by_operator: false,
            corrections: false,
            corrections_off: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    Sources,
    Passages,
    Article,
}

impl Focus {
    fn next(self) -> Focus {
        match self {
            Focus::Sources => Focus::Passages,
            Focus::Passages => Focus::Article,
            Focus::Article => Focus::Sources,
        }
    }

    fn prev(self) -> Focus {
        self.next().next()
    }
}

/// What to do once the sources of an article being opened are known.
#[derive(Debug, Clone)]
enum Restore {
    /// Select the source remembered for the article, by name.
    Source(String),
    /// A source followed from another article ("also quoted in"): select
    /// it here and show its first passage. `from` is the (article, source)
    /// it was followed from, for the people index to say who it is here.
    Follow {
        from: (usize, usize),
        source: Source,
    },
    /// Back where the reader was before following a source.
    Back(Visit),
}

/// A place in an article the reader left by following a source, to come
/// back to as a browser's back button does.
#[derive(Debug, Clone)]
struct Visit {
    index: usize,
    top: Anchor,
    source: Option<String>,
    passage: usize,
    jumped: Option<usize>,
    focus: Focus,
}

/// Visits kept for going back: enough for any chain a reader follows.
const HISTORY_MAX: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    Picker {
        selected: usize,
    },
    /// The People view ([`App::people_view`]), over the whole screen.
    People,
}

/// Where source analysis of the open article stands.
#[derive(Debug, Clone)]
pub enum Analysis {
    Pending { done: usize, total: usize },
    Ready(Arc<Sources>),
    Failed(String),
}

/// Passages longer than this are cut in the Passages pane (the Article shows
/// them whole), so a hostile passage cannot make that pane slow.
const PASSAGE_PREVIEW_BYTES: usize = 2048;
/// Lines of one passage shown at most in the Passages pane.
pub const PASSAGE_MAX_LINES: usize = 8;

#[derive(Debug, Default)]
struct ListState {
    selected: usize,
    offset: usize,
}

pub struct App {
    config: Config,
    library: Arc<Library>,
    index: usize,
    article: Option<Arc<Article>>,
    load_error: Option<String>,
    analysis: Analysis,
    focus: Focus,
    zoom: bool,
    overlay: Overlay,
    size: (u16, u16),
    sources_list: ListState,
    passages_list: ListState,
    /// The passage of the selected source last jumped to.
    jumped: Option<usize>,
    top: Anchor,
    /// The reader asked for the end (`G`) of an article that may still be
    /// arriving: when the rest comes, the view follows to the new end.
    at_end: bool,
    wraps: Wraps,
    search: Search,
    /// What to select once analysis is done (a remembered position, a
    /// followed source, a way back).
    restore: Option<Restore>,
    /// Where the article being opened should go, once it arrives (the
    /// article's index and what to restore there).
    pending: Option<(usize, Option<Anchor>, Restore)>,
    /// Places left by following sources to other articles, latest last.
    history: Vec<Visit>,
    /// The source number typed so far (`1` then `2` is source 12).
    number: Option<usize>,
    /// The first line of the key help on screen.
    help_scroll: usize,
    picker: Picker,
    notice: Option<String>,
    /// A refresh asked of the host and not answered yet.
    refreshing: bool,
    /// Articles of the library analysed so far, of all.
    library_scan: (usize, usize),
    /// The People view, kept while closed so `p` comes back to it.
    people: Option<PeopleView>,
    /// Where to jump once an article opened from the People view is
    /// shown: (article, the source's name there, paragraph).
    pending_jump: Option<(usize, String, usize)>,
    /// The open article came from the People view: `Esc` goes back there.
    from_people: bool,
    /// The reader's corrections of the open article (see `app/correct.rs`).
    corr: correct::Correcting,
    effects: Vec<Effect>,
    quit: bool,
}

impl App {
    /// A reader on `library`, asking its host (through [`Effect::Open`]) to
    /// open the first article. With several articles the picker shows first.
    pub fn new(library: Arc<Library>, config: Config) -> App {
        let several = library.len() > 1;
        let mut app = App {
            config,
            library,
            index: 0,
            article: None,
            load_error: None,
            analysis: Analysis::Pending { done: 0, total: 0 },
            focus: Focus::Sources,
            zoom: false,
            overlay: Overlay::None,
            size: (80, 24),
            sources_list: ListState::default(),
            passages_list: ListState::default(),
            jumped: None,
            top: Anchor::default(),
            at_end: false,
            wraps: Wraps::default(),
            search: Search::default(),
            restore: None,
            pending: None,
            history: Vec::new(),
            number: None,
            help_scroll: 0,
            picker: Picker::default(),
            notice: None,
            refreshing: false,
            library_scan: (0, 0),
            people: None,
            pending_jump: None,
            from_people: false,
            corr: correct::Correcting::default(),
            effects: vec![Effect::Open(0)],
            quit: false,
        };
        if several {
            app.open_picker(0);
        }
        app
    }

    /// Opens the reader on article `index` (the one read last), behind the
    /// picker when it shows first. Call it before the first update.
    pub fn start_at(&mut self, index: usize) {
        if index >= self.library.len() {
            return;
        }
        self.effects = vec![Effect::Open(index)];
        self.index = index;
        if matches!(self.overlay, Overlay::Picker { .. }) {
            self.open_picker(index);
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The effects asked for since the last call, oldest first.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    pub fn article_index(&self) -> usize {
        self.index
    }

    pub fn article(&self) -> Option<&Article> {
        self.article.as_deref()
    }

    pub fn load_error(&self) -> Option<&str> {
        self.load_error.as_deref()
    }

    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// The sources shown: the engine's with the reader's corrections.
    pub fn sources(&self) -> &[Source] {
        match &self.analysis {
            Analysis::Ready(_) => &self.corrected_sources().sources,
            _ => &[],
        }
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn zoomed(&self) -> bool {
        self.zoom
    }

    pub fn overlay(&self) -> Overlay {
        self.overlay
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn selected_source_index(&self) -> usize {
        self.sources_list.selected
    }

    pub fn selected_source(&self) -> Option<&Source> {
        self.sources().get(self.sources_list.selected)
    }

    pub fn sources_offset(&self) -> usize {
        self.sources_list.offset
    }

    pub fn selected_passage_index(&self) -> usize {
        self.passages_list.selected
    }

    pub fn passages_offset(&self) -> usize {
        self.passages_list.offset
    }

    /// The passage last jumped to, highlighted strongly in the Article.
    pub fn jumped_passage(&self) -> Option<&Passage> {
        self.selected_source()?.passages.get(self.jumped?)
    }

    pub fn top(&self) -> Anchor {
        self.top
    }

    pub fn search(&self) -> &Search {
        &self.search
    }

    /// The picker's filter, order and the articles it lists.
    pub fn picker(&self) -> &Picker {
        &self.picker
    }

    /// The first line of the key help on screen.
    pub fn help_scroll(&self) -> usize {
        self.help_scroll
    }

    /// Whether following a source left a place to go back to.
    pub fn can_go_back(&self) -> bool {
        !self.history.is_empty()
    }

    /// Other articles of the library that quote the selected source (by
    /// name or alias), as far as the library has been analysed.
    pub fn also_quoted_in(&self) -> Vec<usize> {
        let Some(source) = self.selected_source() else {
            return Vec::new();
        };
        let mut others = self.library.articles_quoting(source);
        others.retain(|&i| i != self.index);
        others
    }

    /// The People view's state, once `p` opened it.
    pub fn people_view(&self) -> Option<&PeopleView> {
        self.people.as_ref()
    }

    /// How far the background scan of the library is: (analysed, all).
    pub fn library_scan(&self) -> (usize, usize) {
        self.library_scan
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The layout at the size the reader was last told (see
    /// [`Action::Resize`]).
    pub fn layout(&self) -> Layout {
        self.layout_for(self.size.0, self.size.1)
    }

    /// The layout at another size (drawing uses the frame's own size, so a
    /// resize not yet seen can never draw outside the buffer).
    pub fn layout_for(&self, width: u16, height: u16) -> Layout {
        let rows = match &self.analysis {
            Analysis::Ready(_) => Some(self.sources().len()),
            _ => None,
        };
        layout::layout(width, height, self.zoom, self.focus, rows)
    }

    /// Width and height of the Article pane's text area.
    fn article_area(&self) -> (usize, usize) {
        self.layout()
            .inner(Focus::Article)
            .or_else(|| {
                // In tab mode another tab may be showing: use the size the
                // Article tab would have.
                layout::layout(self.size.0, self.size.1, self.zoom, Focus::Article, None)
                    .inner(Focus::Article)
            })
            .map_or((1, 1), |r| {
                (usize::from(r.width).max(1), usize::from(r.height).max(1))
            })
    }

    fn pane_height(&self, focus: Focus) -> usize {
        let l = self.layout();
        let r = l
            .inner(focus)
            .or_else(|| layout::layout(self.size.0, self.size.1, false, focus, None).inner(focus));
        r.map_or(1, |r| usize::from(r.height).max(1))
    }

    fn pane_width(&self, focus: Focus) -> usize {
        let r = self
            .layout()
            .inner(focus)
            .or_else(|| layout::layout(self.size.0, self.size.1, false, focus, None).inner(focus));
        r.map_or(1, |r| usize::from(r.width).max(1))
    }

    // ---- the Article pane's geometry (see `pager`) ---------------------

    /// The open article seen through the Article pane.
    pub fn pager(&self) -> Pager<'_> {
        let (w, h) = self.article_area();
        Pager::new(self.article.as_deref(), w, h, &self.wraps)
    }

    /// The wrapped lines of paragraph `p` at the Article pane's width, as
    /// byte ranges into the paragraph's text.
    pub fn paragraph_lines(&self, p: usize) -> Arc<[Range<usize>]> {
        self.pager().lines(p)
    }

    /// How many paragraphs are wrapped and cached now: the work done so
    /// far, which should track what was shown, not the article's size.
    pub fn wrapped_paragraphs(&self) -> usize {
        self.wraps.len()
    }

    fn paragraph_count(&self) -> usize {
        self.article.as_ref().map_or(0, |a| a.paragraphs().len())
    }

    /// Rows paragraph `p` takes: its lines and a blank line after it.
    pub fn paragraph_rows(&self, p: usize) -> usize {
        self.pager().rows(p)
    }

    /// The anchor `n` rows below `a`, stopping at the last row.
    pub fn advance(&self, a: Anchor, n: usize) -> Anchor {
        self.pager().advance(a, n)
    }

    /// The anchor `n` rows above `a`, stopping at the first row.
    pub fn retreat(&self, a: Anchor, n: usize) -> Anchor {
        self.pager().retreat(a, n)
    }

    fn clamp_top(&mut self) {
        self.top = self.pager().clamp(self.top);
    }

    fn scroll_article(&mut self, delta: isize) {
        self.at_end = false;
        let pager = self.pager();
        let n = delta.unsigned_abs();
        let top = if delta >= 0 {
            pager.advance(self.top, n)
        } else {
            pager.retreat(self.top, n)
        };
        self.top = pager.clamp(top);
    }

    /// The byte offset of the first text on screen.
    fn top_offset(&self) -> usize {
        self.pager().offset_of(self.top)
    }

    /// Scrolls so that byte `offset` is on screen, a few rows below the top
    /// (`always`: even when it is on screen already).
    fn show_offset(&mut self, offset: usize, always: bool) {
        let pager = self.pager();
        let Some(target) = pager.anchor_of(offset) else {
            return;
        };
        if !always && pager.is_on_screen(self.top, target) {
            return;
        }
        let context = (pager.height() / 4).min(2);
        self.top = pager.clamp(pager.retreat(target, context));
        self.at_end = false;
    }

    /// Reading position, 1-based, of all: the paragraph of the passage
    /// jumped to while it is on screen, else the paragraph at the top.
    pub fn reading_position(&self) -> (usize, usize) {
        let pager = self.pager();
        let shown = self.jumped_passage().and_then(|p| {
            let at = pager.anchor_of(p.span.start)?;
            pager.is_on_screen(self.top, at).then_some(p.paragraph)
        });
        (
            shown.unwrap_or(self.top.paragraph) + 1,
            self.paragraph_count(),
        )
    }

    /// How far down the article the screen reaches, in percent: 100 only
    /// when its end is on screen (a short article wholly shown is 100).
    pub fn percent(&self) -> usize {
        let n = self.paragraph_count();
        let pager = self.pager();
        // (Empty paragraphs have no rows, so the top may be before the
        // last screenful and still show the end.)
        if n == 0 || pager.is_on_screen(self.top, pager.last_row()) {
            return 100;
        }
        let bottom = pager.advance(self.top, pager.height() - 1).paragraph + 1;
        (bottom * 100 / n).min(99)
    }

    // ---- passages pane geometry -------------------------------------

    /// The text of a passage as the Passages pane shows it: visible, cut
    /// short if very long.
    pub fn passage_preview(&self, passage: &Passage) -> String {
        let Some(article) = &self.article else {
            return String::new();
        };
        let text = article.text().get(passage.span.clone()).unwrap_or("");
        let mut end = text.len().min(PASSAGE_PREVIEW_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut s = visible(&text[..end]).into_owned();
        if end < text.len() {
            s.push('…');
        }
        s
    }

    /// The wrapped text of a passage's item in the Passages pane, at most
    /// [`PASSAGE_MAX_LINES`] lines (the item adds a heading and a blank
    /// line).
    pub fn passage_item_lines(&self, passage: &Passage) -> Vec<String> {
        let width = self.pane_width(Focus::Passages).saturating_sub(2).max(1);
        wrapped_at_most(&self.passage_preview(passage), width, PASSAGE_MAX_LINES)
    }

    fn passage_item_height(&self, passage: &Passage) -> usize {
        self.passage_item_lines(passage).len() + 2
    }

    /// The selected source's full name and role, wrapped to the Passages
    /// pane above its list (at most half of the pane, the last line
    /// ending in `…` if cut), so they show whole at any size the Sources
    /// list has to shorten them.
    pub fn who_lines(&self) -> Vec<String> {
        let Some(source) = self.selected_source() else {
            return Vec::new();
        };
        let width = self.pane_width(Focus::Passages);
        let max = (self.pane_height(Focus::Passages) / 2).max(1);
        let mut who = visible(&source.name).into_owned();
        if let Some(role) = &source.role {
            who.push_str(", ");
            who.push_str(&visible(role));
        }
        wrapped_at_most(&who, width, max)
    }

    /// Rows of the Passages pane left for its list, below the source's
    /// name and role.
    pub fn passage_list_rows(&self) -> usize {
        self.pane_height(Focus::Passages)
            .saturating_sub(self.who_lines().len())
            .max(1)
    }

    /// Items of the Passages list: the selected source's passages, then
    /// the other articles quoting it.
    pub fn passage_items(&self) -> usize {
        self.selected_source().map_or(0, |s| s.passages.len()) + self.also_quoted_in().len()
    }

    /// Rows item `i` of the Passages list takes: a passage its heading,
    /// lines and a blank; the first other article the "Also quoted in"
    /// heading and its own line; the others a line each.
    pub fn passage_item_rows(&self, source: &Source, i: usize) -> usize {
        let n = source.passages.len();
        match i.cmp(&n) {
            std::cmp::Ordering::Less => self.passage_item_height(&source.passages[i]),
            std::cmp::Ordering::Equal => 2,
            std::cmp::Ordering::Greater => 1,
        }
    }

    fn ensure_passage_visible(&mut self) {
        let Some(source) = self.selected_source() else {
            return;
        };
        let n = source.passages.len() + self.also_quoted_in().len();
        if n == 0 {
            self.passages_list = ListState::default();
            return;
        }
        let sel = self.passages_list.selected.min(n - 1);
        let h = self.passage_list_rows();
        let off = self.passages_list.offset.min(sel);
        // The first item from which the selected one still fits, walking up
        // from it: only items that can be on screen are wrapped, so a source
        // with thousands of passages (a 10 MB article) costs no more.
        let mut fits = sel;
        let mut rows = self.passage_item_rows(source, sel);
        while fits > off {
            rows += self.passage_item_rows(source, fits - 1);
            if rows > h {
                break;
            }
            fits -= 1;
        }
        // No blank rows below the last item while earlier ones could fill
        // them (after a resize to a taller pane): the first item from which
        // the rest fits, walking up from the end, as far as a screen.
        let mut tail = n;
        let mut rows = 0;
        while tail > 0 {
            let r = self.passage_item_rows(source, tail - 1);
            if rows + r > h {
                break;
            }
            rows += r;
            tail -= 1;
        }
        self.passages_list.selected = sel;
        self.passages_list.offset = fits.max(off).min(tail);
    }

    fn ensure_source_visible(&mut self) {
        let h = self.pane_height(Focus::Sources);
        let n = self.sources().len();
        let l = &mut self.sources_list;
        if l.selected < l.offset {
            l.offset = l.selected;
        } else if l.selected >= l.offset + h {
            l.offset = l.selected + 1 - h;
        }
        // As many rows as fit: a taller pane (after a resize) shows the
        // sources above rather than blank rows below.
        l.offset = l.offset.min(n.saturating_sub(h));
    }

    // ---- updates ---------------------------------------------------------

    pub fn update(&mut self, action: Action) {
        if is_from_user(&action) {
            self.notice = None;
            if !matches!(action, Action::Digit(_)) {
                self.number = None;
            }
        }
        if let (
            Some(view),
            Action::LibraryScanned { .. } | Action::SourcesReady { .. } | Action::PeopleUpdated,
        ) = (&mut self.people, &action)
        {
            view.refresh(self.library.people());
        }
        match action {
            Action::Quit => {
                self.save_position();
                self.quit = true;
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.clamp_top();
                self.ensure_source_visible();
                self.ensure_passage_visible();
                // Laying out the help costs as much as a frame: only a
                // scrolled help can end up past its new end.
                if self.help_scroll > 0 {
                    self.scroll_help(0);
                }
            }
            Action::Opened {
                index,
                article,
                position,
            } => self.opened(index, article, position),
            Action::Completed { index, article } => self.completed(index, article),
            Action::LibraryScanned { done, total } => {
                self.library_scan = (done, total);
                // Titles and source names arrive with the scan: what the
                // picker's filter finds and its order may change.
                if matches!(self.overlay, Overlay::Picker { .. }) {
                    self.refresh_picker();
                }
            }
            Action::Refreshed { added, failed } => {
                self.refreshing = false;
                let new = crate::model::text::count(added, "new article", "new articles");
                self.notice = Some(match failed.first() {
                    None if added == 0 => "feeds read again: nothing new".to_owned(),
                    None => format!("feeds read again: {new}"),
                    Some(why) => format!("{new}; refresh failed: {}", visible(why)),
                });
                // New entries: the picker's filtered, sorted list grows.
                if matches!(self.overlay, Overlay::Picker { .. }) {
                    self.refresh_picker();
                }
            }
            Action::OpenFailed { index, reason } => {
                self.notice = Some(format!("cannot open: {reason}"));
                if self.article.is_none() && index == self.index {
                    // Nothing will be analysed: the Sources pane says so
                    // rather than showing a progress that never moves.
                    self.analysis = Analysis::Failed("cannot open the article".to_owned());
                    self.load_error = Some(reason);
                }
            }
            Action::Progress { index, done, total } => {
                if index == self.index && matches!(self.analysis, Analysis::Pending { .. }) {
                    self.analysis = Analysis::Pending { done, total };
                }
            }
            Action::SourcesReady { index, sources } => {
                if index == self.index {
                    self.sources_ready(sources);
                }
            }
            Action::AnalysisFailed { index, reason } => {
                if index == self.index {
                    self.notice = Some(format!("finding sources failed: {reason}"));
                    self.analysis = Analysis::Failed(reason);
                }
            }
            Action::Notice(n) => self.notice = Some(n),
            Action::CorrectionsLoaded {
                index,
                corrections,
                notice,
            } => self.corrections_loaded(index, corrections, notice),
            Action::CorrectionsKnown { index, corrections } => {
                self.corrections_known(index, corrections);
            }
            Action::DebugPanic => panic!("debug panic requested with `!`"),
            other => self.user_action(other),
        }
    }

    fn user_action(&mut self, action: Action) {
        match self.overlay {
            Overlay::Help => {
                self.help_action(&action);
                return;
            }
            Overlay::Picker { selected } => {
                self.picker_action(selected, action);
                return;
            }
            Overlay::People => {
                self.people_action(&action);
                return;
            }
            Overlay::None => {}
        }
        if self.prompt().is_some() {
            match action {
                Action::Prompt(key) => self.prompt_key(&key),
                Action::Cancel => {
                    self.cancel_correcting();
                }
                Action::Paste(s) => {
                    for c in s.chars().filter(|c| !c.is_control()).take(256) {
                        self.prompt_key(&super::correct::PromptKey::Char(c));
                    }
                }
                _ => {}
            }
            return;
        }
        if self.search.editing() {
            self.search_action(action);
            return;
        }
        if matches!(action, Action::Cancel) && self.cancel_correcting() {
            return;
        }
        match action {
            Action::Correct(c) => self.correct(c),
            Action::FocusNext => self.set_focus(self.focus.next()),
            Action::FocusPrev => self.set_focus(self.focus.prev()),
            Action::FocusLeft if self.focus != Focus::Sources => {
                self.set_focus(self.focus.prev());
            }
            Action::FocusRight if self.focus != Focus::Article => {
                self.set_focus(self.focus.next());
            }
            Action::Move(d) => self.move_in(self.focus, d),
            Action::PageDown => self.move_in(self.focus, self.page(self.focus, 1)),
            Action::PageUp => self.move_in(self.focus, -self.page(self.focus, 1)),
            Action::HalfPageDown => self.move_in(self.focus, self.page(self.focus, 2)),
            Action::HalfPageUp => self.move_in(self.focus, -self.page(self.focus, 2)),
            Action::Top => self.move_in(self.focus, isize::MIN),
            Action::Bottom => self.move_in(self.focus, isize::MAX),
            Action::SelectSource(n) => {
                if n < self.sources().len() {
                    self.select_source(n);
                } else {
                    self.notice = Some(format!("there is no source {}", n + 1));
                }
            }
            Action::Digit(d) => self.type_digit(d),
            Action::Activate => self.activate(),
            Action::NextPassage => self.step_passage(true),
            Action::PrevPassage => self.step_passage(false),
            Action::StartSearch => {
                let from = self.top_offset();
                self.search.start(from);
            }
            Action::NextMatch => self.step_match(true),
            Action::PrevMatch => self.step_match(false),
            Action::Cancel => {
                // Like a browser's Esc and back: what is on top goes first,
                // then the People view a passage was opened from, then the
                // article a source was followed from.
                if !self.search.query().is_empty() {
                    self.search.clear();
                } else if self.zoom {
                    self.zoom = false;
                } else if self.from_people {
                    self.overlay = Overlay::People;
                } else if self.can_go_back() {
                    self.back();
                }
            }
            Action::Back => self.back(),
            Action::OpenPeople => {
                let people = self.library.people();
                match &mut self.people {
                    Some(view) => view.refresh(people),
                    None => self.people = Some(PeopleView::new(people)),
                }
                self.overlay = Overlay::People;
            }
            Action::Copy => self.copy(),
            Action::OpenPicker => {
                if self.library.len() > 1 {
                    self.open_picker(self.index);
                } else {
                    self.notice = Some("only one article is open".to_owned());
                }
            }
            Action::ToggleHelp => {
                self.overlay = Overlay::Help;
                self.help_scroll = 0;
            }
            Action::ToggleZoom => {
                self.zoom = !self.zoom;
                if self.zoom {
                    self.focus = Focus::Article;
                }
                self.clamp_top();
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Wheel { column, row, lines } => {
                if let Some(pane) = self.layout().pane_at(column, row) {
                    self.move_in(pane, lines);
                }
            }
            // Typing is only for the search; a paste elsewhere means nothing.
            _ => {}
        }
    }

    /// `1`–`9` and `0` typed in a row make a source number, as far as
    /// there are sources: with twelve, `1` selects the first and `1` `2`
    /// the twelfth; a digit that would make too big a number starts anew.
    fn type_digit(&mut self, d: u8) {
        let n = self.sources().len();
        let d = usize::from(d);
        let typed = match self.number {
            Some(prev) if prev * 10 + d <= n => prev * 10 + d,
            _ => d,
        };
        if typed == 0 {
            self.number = None;
        } else if typed <= n {
            self.select_source(typed - 1);
            self.number = Some(typed);
        } else {
            self.number = None;
            self.notice = Some(match self.analysis {
                Analysis::Pending { .. } => "still finding sources…".to_owned(),
                _ => format!("there is no source {typed}"),
            });
        }
    }

    // ---- the key help ------------------------------------------------------

    fn help_action(&mut self, action: &Action) {
        let page = isize::try_from(self.help_rows()).unwrap_or(1);
        match *action {
            Action::Cancel | Action::ToggleHelp | Action::Activate | Action::Click { .. } => {
                self.overlay = Overlay::None;
            }
            Action::Move(d) | Action::Wheel { lines: d, .. } => self.scroll_help(d),
            Action::PageDown => self.scroll_help(page),
            Action::PageUp => self.scroll_help(-page),
            Action::HalfPageDown => self.scroll_help(page / 2),
            Action::HalfPageUp => self.scroll_help(-page / 2),
            Action::Top => self.scroll_help(isize::MIN),
            Action::Bottom => self.scroll_help(isize::MAX),
            _ => {}
        }
    }

    /// Lines of the key help at this size, and how many show at once.
    fn help_rows(&self) -> usize {
        let (w, h) = self.size;
        let inner = layout::help_area(w, h).inner(ratatui::layout::Margin::new(1, 1));
        usize::from(inner.height).max(1)
    }

    fn scroll_help(&mut self, d: isize) {
        let (w, h) = self.size;
        let inner = layout::help_area(w, h).inner(ratatui::layout::Margin::new(1, 1));
        let lines = super::keys::help_lines(usize::from(inner.width)).len();
        let max = lines.saturating_sub(usize::from(inner.height).max(1));
        self.help_scroll = if d >= 0 {
            self.help_scroll.saturating_add(d.unsigned_abs())
        } else {
            self.help_scroll.saturating_sub(d.unsigned_abs())
        }
        .min(max);
    }

    fn search_action(&mut self, action: Action) {
        match action {
            Action::SearchChar(c) => {
                self.search.push(c);
                self.find();
            }
            Action::Paste(s) => {
                for c in s.chars().filter(|c| !c.is_control()).take(256) {
                    self.search.push(c);
                }
                self.find();
            }
            Action::SearchBackspace => {
                self.search.pop();
                self.find();
            }
            Action::SearchSubmit => {
                self.search.submit();
                if self.search.query().is_empty() {
                    self.search.clear();
                } else if self.search.matches().is_empty() {
                    self.notice = Some(format!("not found: {}", visible(self.search.query())));
                }
            }
            Action::Cancel => self.search.clear(),
            Action::Click { .. } | Action::Wheel { .. } => {
                // The mouse ends the typing, keeping the search.
                self.search.submit();
                self.user_action(action);
            }
            _ => {}
        }
    }

    fn find(&mut self) {
        let Some(article) = self.article.clone() else {
            return;
        };
        let spans = article.paragraphs();
        let body =
            spans.first().map_or(0, |p| p.span.start)..spans.last().map_or(0, |p| p.span.end);
        self.search.find(article.text(), body);
        if let Some(m) = self.search.current_match() {
            if self.search.editing() {
                self.bring_article_forward();
            }
            self.show_offset(m.start, false);
        }
    }

    /// In tab mode, shows the Article tab: where a search match or a
    /// passage jumped to is.
    fn bring_article_forward(&mut self) {
        if self.layout().mode == Mode::Tabs {
            self.focus = Focus::Article;
        }
    }

    fn step_match(&mut self, forward: bool) {
        if self.search.query().is_empty() {
            self.notice = Some("no search: press / to search".to_owned());
            return;
        }
        match self.search.step(forward) {
            None => {
                self.notice = Some(format!("not found: {}", visible(self.search.query())));
            }
            Some((m, wrapped)) => {
                if wrapped {
                    self.notice = Some(if forward {
                        "search wrapped to the top".to_owned()
                    } else {
                        "search wrapped to the bottom".to_owned()
                    });
                }
                self.bring_article_forward();
                self.show_offset(m.start, false);
            }
        }
    }

    // ---- the article picker ----------------------------------------------

    /// Shows the picker with article `selected` chosen, its filter and
    /// order kept from last time.
    fn open_picker(&mut self, selected: usize) {
        self.overlay = Overlay::Picker { selected };
        self.picker.stop_typing();
        self.refresh_picker();
    }

    /// Lists the articles the filter finds, in the picker's order; the
    /// selection stays on its article while it is listed.
    fn refresh_picker(&mut self) {
        self.picker.refresh(&self.library);
        if let Overlay::Picker { selected } = self.overlay
            && !self.picker.shown().contains(&selected)
            && let Some(&first) = self.picker.shown().first()
        {
            self.overlay = Overlay::Picker { selected: first };
        }
    }

    fn picker_action(&mut self, selected: usize, action: Action) {
        if self.picker.typing() {
            match action {
                Action::SearchChar(c) => self.picker.push(c),
                Action::Paste(s) => {
                    for c in s.chars().filter(|c| !c.is_control()).take(256) {
                        self.picker.push(c);
                    }
                }
                Action::SearchBackspace => self.picker.pop(),
                Action::SearchSubmit => self.picker.stop_typing(),
                Action::Cancel => self.picker.clear(),
                Action::Click { .. } | Action::Wheel { .. } => {
                    self.picker.stop_typing();
                    self.picker_action(selected, action);
                    return;
                }
                _ => return,
            }
            self.refresh_picker();
            return;
        }
        let shown = self.picker.shown();
        let n = shown.len();
        let at = shown.iter().position(|&i| i == selected).unwrap_or(0);
        let page = isize::try_from(self.picker_rows()).unwrap_or(1);
        let new = match action {
            Action::Move(d) | Action::Wheel { lines: d, .. } => step_index(at, d, n),
            Action::PageDown | Action::HalfPageDown => step_index(at, page, n),
            Action::PageUp | Action::HalfPageUp => step_index(at, -page, n),
            Action::Top => 0,
            Action::Bottom => n.saturating_sub(1),
            Action::StartSearch => {
                self.picker.start_typing();
                return;
            }
            Action::CycleSort => {
                self.picker.set_sort(self.picker.sort().next());
                self.refresh_picker();
                return;
            }
            Action::Cancel if !self.picker.query().is_empty() => {
                // Esc clears the filter first, then closes.
                self.picker.clear();
                self.refresh_picker();
                return;
            }
            Action::Cancel | Action::OpenPicker => {
                self.overlay = Overlay::None;
                return;
            }
            Action::Activate => {
                if n > 0 {
                    self.open_from_picker(selected);
                }
                return;
            }
            Action::Refresh => {
                self.notice = Some(if self.config.refresh_by_operator {
                    "feeds here are read again by the server's operator".to_owned()
                } else if !self.library.has_feeds() {
                    "nothing to refresh: no feed is open".to_owned()
                } else if self.refreshing {
                    "reading the feeds again…".to_owned()
                } else {
                    self.refreshing = true;
                    self.effects.push(Effect::Refresh);
                    "reading the feeds again…".to_owned()
                });
                at
            }
            Action::Click { column, row } => {
                // A click on an entry opens it; on the header or the status
                // line it closes the picker.
                let area = layout::picker_area(self.size.0, self.size.1);
                let inner = area.inner(ratatui::layout::Margin::new(1, 1));
                let pos = ratatui::layout::Position::new(column, row);
                if inner.contains(pos) {
                    let offset = layout::picker_offset(at, usize::from(inner.height));
                    if let Some(&i) = shown.get(offset + usize::from(row - inner.y)) {
                        self.open_from_picker(i);
                    }
                } else if !area.contains(pos) {
                    self.overlay = Overlay::None;
                }
                return;
            }
            _ => at,
        };
        if let Some(&i) = shown.get(new) {
            self.overlay = Overlay::Picker { selected: i };
        }
    }

    /// Entries the picker shows at once.
    fn picker_rows(&self) -> usize {
        let area = layout::picker_area(self.size.0, self.size.1);
        usize::from(area.height.saturating_sub(2)).max(1)
    }

    /// Rows the People view's list has on screen.
    fn people_rows(&self) -> usize {
        usize::from(
            self.size
                .1
                .saturating_sub(super::people::CHROME_ROWS)
                .max(1),
        )
    }

    fn people_action(&mut self, action: &Action) {
        let rows = self.people_rows();
        let Some(view) = &mut self.people else {
            self.overlay = Overlay::None;
            return;
        };
        match view.update(action, rows) {
            Outcome::Stay => {}
            Outcome::Close => self.overlay = Overlay::None,
            Outcome::Open {
                article,
                name,
                paragraph,
            } => {
                self.overlay = Overlay::None;
                self.from_people = true;
                self.pending_jump = Some((article, name, paragraph));
                if article != self.index || self.article.is_none() {
                    self.save_position();
                    self.effects.push(Effect::Open(article));
                } else if let Analysis::Ready(sources) = &self.analysis {
                    let sources = Arc::clone(sources);
                    self.sources_ready(sources);
                }
            }
        }
    }

    /// Selects the source and jumps to the passage the People view asked
    /// for, once its article is open with its sources.
    fn jump_from_people(&mut self) {
        let Some((_, name, paragraph)) = self.pending_jump.take_if(|j| j.0 == self.index) else {
            return;
        };
        // The index knows the engine's names; a correction may have renamed
        // the source since, so one of its names will do.
        let wanted = crate::library::crossref::key(&name);
        let sources = self.sources();
        let found = sources.iter().position(|s| s.name == name).or_else(|| {
            let wanted = wanted.as_ref()?;
            sources
                .iter()
                .position(|s| crate::library::crossref::keys(s).any(|k| k == *wanted))
        });
        let passage = found.and_then(|s| {
            sources[s]
                .passages
                .iter()
                .position(|p| p.paragraph == paragraph)
        });
        if let Some(s) = found {
            self.select_source(s);
        }
        if let Some(p) = passage {
            if self.layout().mode != Mode::Tabs {
                self.set_focus(Focus::Passages);
            }
            self.jump_to(p, true);
            return;
        }
        // Not a passage of theirs any more: show the paragraph itself.
        let start = self
            .article
            .as_ref()
            .and_then(|a| a.paragraphs().get(paragraph).map(|p| p.span.start));
        if let Some(start) = start {
            self.show_offset(start, true);
        }
    }

    fn open_from_picker(&mut self, i: usize) {
        self.from_people = false;
        self.overlay = Overlay::None;
        self.history.clear();
        if i != self.index || self.article.is_none() {
            self.save_position();
            self.effects.push(Effect::Open(i));
        }
    }

    fn page(&self, focus: Focus, divisor: usize) -> isize {
        let h = self.pane_height(focus);
        let step = if focus == Focus::Article && divisor == 1 {
            // Like less: a page keeps nothing back, but never less than 1.
            h
        } else {
            h / divisor
        };
        isize::try_from(step.max(1)).unwrap_or(isize::MAX)
    }

    fn set_focus(&mut self, focus: Focus) {
        self.zoom = false;
        self.focus = focus;
        self.clamp_top();
        self.ensure_source_visible();
        self.ensure_passage_visible();
    }

    /// Moves the selection (lists) or scrolls (Article) by `d` lines;
    /// `isize::MIN` / `isize::MAX` mean the first / last.
    fn move_in(&mut self, pane: Focus, d: isize) {
        match pane {
            Focus::Sources => {
                let n = self.sources().len();
                if n > 0 {
                    let sel = step_index(self.sources_list.selected, d, n);
                    if sel != self.sources_list.selected {
                        self.select_source(sel);
                    }
                }
            }
            Focus::Passages => {
                let n = self.passage_items();
                if n > 0 {
                    let sel = step_index(self.passages_list.selected, d, n);
                    self.passages_list.selected = sel;
                    // Skimming: each passage shows in the Article as the
                    // selection reaches it, without Enter.
                    if self
                        .selected_source()
                        .is_some_and(|s| sel < s.passages.len())
                    {
                        self.jump_to(sel, false);
                    }
                    self.ensure_passage_visible();
                }
            }
            Focus::Article if self.paragraph_cursor().is_some() && d.unsigned_abs() == 1 => {
                self.move_paragraph_cursor(d);
            }
            Focus::Article => match d {
                isize::MIN => {
                    self.top = Anchor::default();
                    self.at_end = false;
                }
                isize::MAX => {
                    self.top = self.pager().max_top();
                    self.at_end = true;
                }
                d => self.scroll_article(d),
            },
        }
    }

    fn select_source(&mut self, n: usize) {
        self.sources_list.selected = n;
        self.passages_list = ListState::default();
        self.jumped = None;
        self.ensure_source_visible();
    }

    fn activate(&mut self) {
        match self.focus {
            Focus::Sources => {
                if self.selected_source().is_some() {
                    self.set_focus(Focus::Passages);
                }
            }
            Focus::Passages => {
                let i = self.passages_list.selected;
                self.activate_passage_item(i);
            }
            Focus::Article => {}
        }
    }

    /// Enter (or a click) on item `i` of the Passages list: a passage shows
    /// in the Article; another article quoting the source opens there.
    fn activate_passage_item(&mut self, i: usize) {
        let Some(n) = self.selected_source().map(|s| s.passages.len()) else {
            return;
        };
        if i < n {
            self.jump_to(i, true);
        } else if let Some(&other) = self.also_quoted_in().get(i - n) {
            self.passages_list.selected = i;
            self.follow(other);
        }
    }

    /// Opens article `other` at the selected source's first passage there,
    /// remembering this place for [`Action::Back`].
    fn follow(&mut self, other: usize) {
        let Some(source) = self.selected_source().cloned() else {
            return;
        };
        if self.article.is_some() {
            self.history.push(Visit {
                index: self.index,
                top: self.top,
                source: Some(source.name.clone()),
                passage: self.passages_list.selected,
                jumped: self.jumped,
                focus: self.focus,
            });
            if self.history.len() > HISTORY_MAX {
                self.history.remove(0);
            }
        }
        self.save_position();
        let from = (self.index, self.sources_list.selected);
        self.pending = Some((other, None, Restore::Follow { from, source }));
        self.effects.push(Effect::Open(other));
    }

    /// Back to where the reader followed a source from.
    fn back(&mut self) {
        let Some(visit) = self.history.pop() else {
            self.notice = Some("nothing to go back to".to_owned());
            return;
        };
        self.save_position();
        self.pending = Some((visit.index, Some(visit.top), Restore::Back(visit.clone())));
        self.effects.push(Effect::Open(visit.index));
    }

    /// Scrolls the Article to passage `i` of the selected source and
    /// highlights it.
    /// (`forward`: and brings the Article tab forward in tab mode.)
    fn jump_to(&mut self, i: usize, forward: bool) {
        let Some(passage) = self
            .selected_source()
            .and_then(|s| s.passages.get(i))
            .cloned()
        else {
            return;
        };
        self.jumped = Some(i);
        self.passages_list.selected = i;
        self.ensure_passage_visible();
        if forward {
            self.bring_article_forward();
        }
        self.show_offset(passage.span.start, true);
    }

    fn step_passage(&mut self, forward: bool) {
        let Some(source) = self.selected_source() else {
            self.notice = Some(match self.analysis {
                Analysis::Pending { .. } => "still finding sources…".to_owned(),
                _ => "no source selected".to_owned(),
            });
            return;
        };
        let n = source.passages.len();
        if n == 0 {
            self.notice = Some("this source has no passages".to_owned());
            return;
        }
        let name = visible(&source.name).into_owned();
        let (next, wrapped) = match (self.jumped, forward) {
            (None, true) => (0, false),
            (None, false) => (n - 1, false),
            (Some(j), true) if j + 1 < n => (j + 1, false),
            (Some(_), true) => (0, true),
            (Some(j), false) if j > 0 => (j - 1, false),
            (Some(_), false) => (n - 1, true),
        };
        self.jump_to(next, true);
        let mut notice = format!("{name}: passage {} of {n}", next + 1);
        if wrapped {
            notice.push_str(if forward {
                " (wrapped to the first)"
            } else {
                " (wrapped to the last)"
            });
        }
        self.notice = Some(notice);
    }

    fn copy(&mut self) {
        let (Some(article), Some(source)) = (&self.article, self.selected_source()) else {
            self.notice = Some("no passage to copy".to_owned());
            return;
        };
        let Some(passage) = source.passages.get(self.passages_list.selected) else {
            self.notice = Some("no passage to copy".to_owned());
            return;
        };
        let text = visible(article.text().get(passage.span.clone()).unwrap_or(""));
        let mut who = visible(&source.name).into_owned();
        if let Some(role) = &source.role {
            who.push_str(", ");
            who.push_str(&visible(role));
        }
        let date = article.date.as_deref().unwrap_or("undated");
        let clip = format!(
            "{text}\n— {who} (¶{}, {}), in “{}”, {date}",
            passage.paragraph + 1,
            passage.kind.as_str(),
            visible(&article.title)
        );
        self.effects.push(Effect::Copy(clip));
        self.notice = Some(if self.config.clipboard_known {
            "copied the passage to the clipboard".to_owned()
        } else {
            "copied the passage through OSC 52 (your terminal may not support it)".to_owned()
        });
    }

    fn click(&mut self, column: u16, row: u16) {
        let layout = self.layout();
        if let Some(bar) = layout.tab_bar
            && row == bar.y
        {
            let third = (bar.width / 3).max(1);
            let focus = match column / third {
                0 => Focus::Sources,
                1 => Focus::Passages,
                _ => Focus::Article,
            };
            self.set_focus(focus);
            return;
        }
        let Some(pane) = layout.pane_at(column, row) else {
            return;
        };
        if pane != self.focus {
            self.focus = pane;
        }
        let Some(inner) = layout.inner(pane) else {
            return;
        };
        if row < inner.y || row >= inner.bottom() {
            return;
        }
        let line = usize::from(row - inner.y);
        match pane {
            Focus::Sources => {
                let i = self.sources_list.offset + line;
                if i < self.sources().len() {
                    self.select_source(i);
                }
            }
            Focus::Passages => {
                let Some(source) = self.selected_source() else {
                    return;
                };
                // Below the source's name and role.
                let Some(line) = line.checked_sub(self.who_lines().len()) else {
                    return;
                };
                let mut y = 0;
                let mut hit = None;
                for i in self.passages_list.offset..self.passage_items() {
                    let h = self.passage_item_rows(source, i);
                    if line < y + h {
                        hit = Some(i);
                        break;
                    }
                    y += h;
                }
                if let Some(i) = hit {
                    self.activate_passage_item(i);
                }
            }
            Focus::Article => {}
        }
    }

    fn opened(&mut self, index: usize, article: Arc<Article>, position: Option<Position>) {
        self.index = index;
        if let Some(w) = article.warnings.first() {
            self.notice = Some(format!("warning: {}", visible(w)));
        }
        self.article = Some(article);
        self.load_error = None;
        self.reset_corrections();
        self.wraps.clear();
        self.sources_list = ListState::default();
        self.passages_list = ListState::default();
        self.jumped = None;
        self.search.clear();
        self.top = Anchor::default();
        self.at_end = false;
        self.restore = None;
        if let Some(pos) = position {
            let last = self.paragraph_count().saturating_sub(1);
            self.top = Anchor {
                paragraph: pos.paragraph.min(last),
                row: 0,
            };
            self.clamp_top();
            self.restore = pos.source.map(Restore::Source);
        }
        // Followed to or come back to: that place wins over the one
        // remembered for the article.
        if let Some((_, top, restore)) = self.pending.take_if(|p| p.0 == index) {
            if let Some(top) = top {
                self.top = top;
                self.clamp_top();
            }
            self.restore = Some(restore);
        }
        let total = self.paragraph_count();
        self.analysis = Analysis::Pending { done: 0, total };
        if let Some(sources) = self.library.sources(index) {
            self.sources_ready(sources);
        }
    }

    /// The rest of the open article arrived: paragraphs already shown keep
    /// their place (and wrapping), counts and search results grow.
    fn completed(&mut self, index: usize, article: Arc<Article>) {
        if index != self.index || self.article.is_none() {
            return;
        }
        self.article = Some(article);
        if let Analysis::Pending { done, .. } = self.analysis {
            self.analysis = Analysis::Pending {
                done,
                total: self.paragraph_count(),
            };
        }
        if !self.search.query().is_empty() {
            self.find();
        }
        if self.at_end {
            self.top = self.pager().max_top();
        }
        self.clamp_top();
        // Paragraphs a reader attributed may be in the part just read.
        self.refresh_sources(None);
    }

    fn sources_ready(&mut self, sources: Arc<Sources>) {
        self.analysis = Analysis::Ready(sources);
        self.refresh_sources(None);
        match self.restore.take() {
            Some(Restore::Source(name)) => {
                if let Some(i) = self.sources().iter().position(|s| s.name == name) {
                    self.select_source(i);
                }
            }
            Some(Restore::Follow { from, source }) => {
                // The name the people index knows them by here (the same
                // matching as "also quoted in"), else any shared name.
                let people = self.library.people();
                let here = people.person_of(from.0, from.1).and_then(|p| {
                    p.passages
                        .iter()
                        .find(|q| q.record.article == self.index)
                        .map(|q| q.record.name.clone())
                });
                let found = here
                    .and_then(|name| self.sources().iter().position(|s| s.name == name))
                    .or_else(|| {
                        self.sources()
                            .iter()
                            .position(|s| crate::library::crossref::same_source(s, &source))
                    });
                if let Some(i) = found {
                    self.select_source(i);
                    if self.layout().mode != Mode::Tabs {
                        self.focus = Focus::Passages;
                    }
                    self.jump_to(0, true);
                    self.notice = Some(format!(
                        "{} here · Backspace goes back",
                        visible(&self.sources()[i].name)
                    ));
                }
            }
            Some(Restore::Back(visit)) => {
                if let Some(i) = visit
                    .source
                    .and_then(|name| self.sources().iter().position(|s| s.name == name))
                {
                    self.select_source(i);
                    self.passages_list.selected = visit.passage;
                    self.jumped = visit.jumped;
                    self.ensure_passage_visible();
                }
                self.focus = visit.focus;
            }
            None => {}
        }
        self.jump_from_people();
        self.ensure_source_visible();
    }

    fn save_position(&mut self) {
        if self.article.is_none() {
            return;
        }
        let Some(entry) = self.library.entry(self.index) else {
            return;
        };
        self.effects.push(Effect::SavePosition {
            key: entry.key,
            position: Position {
                paragraph: self.top.paragraph,
                source: self.selected_source().map(|s| s.name.clone()),
            },
        });
    }
}

/// Whether an action comes from the reader (and so clears the last notice)
/// rather than from background work.
fn is_from_user(action: &Action) -> bool {
    !matches!(
        action,
        Action::Resize(..)
            | Action::Opened { .. }
            | Action::Completed { .. }
            | Action::LibraryScanned { .. }
            | Action::Refreshed { .. }
            | Action::PeopleUpdated
            | Action::OpenFailed { .. }
            | Action::Progress { .. }
            | Action::SourcesReady { .. }
            | Action::AnalysisFailed { .. }
            | Action::Notice(_)
    ) && !correct::is_background(action)
}

/// `text` (visible already) wrapped at `width`, at most `max` lines, the
/// last one ending in `…` when some were left out.
fn wrapped_at_most(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = wrap_ranges(text, width)
        .into_iter()
        .map(|r| text[super::wrap::trim_line(text, r)].to_owned())
        .collect();
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            *last = crate::model::text::ellipsize(&format!("{last} …"), width).into_owned();
        }
    }
    lines
}

/// `current` moved by `d` within `0..n` (saturating; `isize::MIN`/`MAX` go
/// to the ends).
fn step_index(current: usize, d: isize, n: usize) -> usize {
    let last = n.saturating_sub(1);
    if d >= 0 {
        current.saturating_add(d.unsigned_abs()).min(last)
    } else {
        current.saturating_sub(d.unsigned_abs()).min(last)
    }
}
