//! Drawing frames in as few bytes as the terminal allows (issue 7: "few
//! bytes per keystroke").
//!
//! ratatui already writes only the cells that changed. Two things are left
//! on the table, and [`Painter`] takes them without knowing anything about
//! the app's panes:
//!
//! - **Scrolling.** When a band of full-width rows of the new frame equals a
//!   band of the old frame moved up or down (the Article zoomed and scrolled
//!   by a line), the terminal itself moves the band with a scroll region
//!   (`CSI top;bottom r`, `CSI n S` / `CSI n T`, `CSI r`), as less and
//!   ncurses do, and only the rows that scrolled in are drawn.
//! - **Short gaps.** ratatui's diff jumps over unchanged cells with a cursor
//!   move of 6–8 bytes, even over a single space between two changed words;
//!   reprinting a gap of a few plain cells is cheaper.
//!
//! Both work on the painter's copy of the last frame drawn: shifted as the
//! scroll moved the screen, with the cells worth reprinting marked as
//! stale, it is exactly what the terminal shows, and a diff against it
//! writes the rest: ratatui's, followed step by step, except that rows
//! found unchanged are compared once and then stepped over (by the row
//! hashes, the gap marking and the diff alike). So every frame must go through the same `Painter`,
//! and the screen must not change behind its back: to clear or resize, use
//! [`Painter::resize`] (to the same size to clear) rather than
//! `Terminal::clear`, which asks the terminal for its cursor position (a
//! round trip an SSH client or a test emulator may never answer), or
//! `Terminal::resize`.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType};
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};

/// Unchanged runs of at most this many plain cells between two changes on a
/// row are reprinted instead of jumped over (a jump costs 6–8 bytes).
const MAX_GAP: usize = 6;

/// A band of screen rows whose content moves by `up` rows (negative: down).
/// Rows that move out of the band are lost; rows that move in are blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scroll {
    pub rows: Range<u16>,
    pub up: i32,
}

/// A backend that can scroll a band of full-width rows.
///
/// ratatui has this behind its `scrolling-regions` feature, but there it is
/// a required method of `Backend`, so turning it on would break every other
/// backend in the crate; a small trait of our own keeps it opt-in.
pub trait ScrollRegion: Backend {
    fn scroll_region(&mut self, scroll: &Scroll) -> Result<(), Self::Error>;
}

/// The test backend has no terminal to scroll; it moves its cells the way a
/// terminal would, so tests see the same screen. Only unit tests draw
/// through it: it does not ship in the binary.
#[cfg(test)]
impl ScrollRegion for ratatui::backend::TestBackend {
    fn scroll_region(&mut self, s: &Scroll) -> Result<(), Self::Error> {
        let moved = shifted(self.buffer(), s);
        let area = moved.area;
        let cells: Vec<(u16, u16, Cell)> = s
            .rows
            .clone()
            .flat_map(|y| (0..area.width).map(move |x| (x, y)))
            .map(|(x, y)| (x, y, moved[(x, y)].clone()))
            .collect();
        self.draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))
    }
}

/// Draws frames through a [`Terminal`], scrolling and gap-filling where that
/// saves bytes. See the module comment.
#[derive(Debug, Default)]
pub struct Painter {
    /// What the terminal shows, as far as the painter knows.
    screen: Shown,
    /// Row hashes of the frame last rendered (normally equal to the shown
    /// frame's; a stale hash only costs a scroll missed or made for
    /// nothing, never a wrong screen).
    hashes: Vec<u64>,
}

#[derive(Debug, Default)]
enum Shown {
    /// Nothing: a fresh (alternate) screen, or one just cleared.
    #[default]
    Blank,
    /// This frame, drawn last.
    Frame(Buffer),
    /// Unknown to the painter (see [`Painter::forget`]): the next frame
    /// clears the screen first.
    Unknown,
}

impl Painter {
    /// A painter for a screen that shows nothing yet (ratatui assumes the
    /// same of a new `Terminal`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Draws one frame: `render` draws it (once) and says where the
    /// terminal cursor goes, if it is shown at all.
    pub fn draw<B, F>(&mut self, terminal: &mut Terminal<B>, render: F) -> Result<(), B::Error>
    where
        B: ScrollRegion,
        F: FnOnce(&mut Frame) -> Option<Position>,
    {
        terminal.autoresize()?;
        let area = terminal.get_frame().area();
        // The current buffer is blank: the last draw left it so.
        let cursor = render(&mut terminal.get_frame());
        let new = std::mem::take(terminal.current_buffer_mut());
        // Hashed only to plan a scroll from a frame on screen; the next
        // frame hashes a frame drawn on a blank screen itself if need be.
        let mut new_hashes = Vec::new();
        let spare = match std::mem::take(&mut self.screen) {
            Shown::Frame(mut previous) if previous.area == area => {
                if self.hashes.len() != usize::from(area.height) {
                    self.hashes = row_hashes(&previous);
                }
                // Most rows of a frame are those of the last one: compared
                // once here, they keep their hash and are left out of the
                // gap marking and the diff below.
                let mut rows = Rows::compare(&previous, &new);
                new_hashes = row_hashes_reusing(&new, &self.hashes, &rows.same);
                let scroll = plan(&previous, &self.hashes, &new, &new_hashes);
                if let Some(s) = &scroll {
                    shift(&mut previous, s);
                    rows.compare_again(&previous, &new, s.rows.clone());
                    terminal.backend_mut().scroll_region(s)?;
                }
                // `previous` is now exactly what the screen shows, with the
                // cells worth reprinting marked: the diff against it writes
                // the rest.
                mark_gaps(&mut previous, &new, &rows.same);
                terminal
                    .backend_mut()
                    .draw(diff(&previous, &new, &rows.inert).into_iter())?;
                Some(previous)
            }
            shown => {
                if !matches!(shown, Shown::Blank) {
                    terminal.backend_mut().clear_region(ClearType::All)?;
                }
                // Nothing to diff against: every cell that is not a plain
                // blank goes out, with short gaps filled as `mark_gaps`
                // would. Diffing against a blank buffer and marking its
                // gaps was a fifth of the work before the first screen.
                terminal.backend_mut().draw(on_blank(&new).into_iter())?;
                None
            }
        };
        match cursor {
            None => terminal.hide_cursor()?,
            Some(at) => {
                terminal.show_cursor()?;
                terminal.set_cursor_position(at)?;
            }
        }
        terminal.backend_mut().flush()?;
        // The frame drawn becomes the painter's copy of the screen, and the
        // copy it replaces, blanked, the buffer the next frame is drawn in;
        // ratatui's own pair of buffers and its diff are not used, which
        // saves copying every frame. (`swap_buffers` hands over ratatui's
        // other buffer, blanked, when there is no old copy.)
        match spare {
            Some(mut next) => {
                next.reset();
                *terminal.current_buffer_mut() = next;
            }
            None => terminal.swap_buffers(),
        }
        self.hashes = new_hashes;
        self.screen = Shown::Frame(new);
        Ok(())
    }

    /// Resizes the terminal (which clears it, even to the same size); the
    /// next frame is drawn in full. Use this, not `Terminal::resize`.
    pub fn resize<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        area: ratatui::layout::Rect,
    ) -> Result<(), B::Error> {
        self.screen = Shown::Blank;
        terminal.resize(area)
    }

    /// Forgets what the screen shows (after writing to it by other means);
    /// the next frame clears it and is drawn in full.
    pub fn forget(&mut self) {
        self.screen = Shown::Unknown;
    }
}

/// A fast, non-cryptographic hasher (`FxHash`'s mixing step): row hashes are
/// only a shortcut before comparing rows, and `SipHash` made them a fifth of
/// a frame's time.
#[derive(Default)]
struct RowHasher(u64);

impl RowHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for RowHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        let mut w = [0u8; 8];
        w[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.mix(u64::from_le_bytes(w) ^ (bytes.len() as u64) << 56);
    }
    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n));
    }
    fn write_u16(&mut self, n: u16) {
        self.mix(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.mix(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash of each row, from what the terminal shows of its cells: symbols,
/// colours and modifiers. Equal rows hash equal; rows that only hash alike
/// (what is left out, or a collision) cost at most a scroll that saves
/// nothing, never a wrong screen (see `plan`). A cell's style is hashed only where it changes
/// along the row, and a short symbol as one word: ratatui's own `Hash` of
/// every field of every cell was the largest single cost of a frame at 500
/// readers (14% of the server's CPU).
fn row_hashes(buf: &Buffer) -> Vec<u64> {
    let w = usize::from(buf.area.width);
    buf.content.chunks(w.max(1)).map(row_hash).collect()
}

/// [`row_hashes`] of `buf`, taking the hash in `old` of each row that
/// `same` says did not change.
fn row_hashes_reusing(buf: &Buffer, old: &[u64], same: &[bool]) -> Vec<u64> {
    let w = usize::from(buf.area.width);
    buf.content
        .chunks(w.max(1))
        .enumerate()
        .map(|(y, row)| match (same.get(y), old.get(y)) {
            (Some(true), Some(&h)) => h,
            _ => row_hash(row),
        })
        .collect()
}

fn row_hash(row: &[Cell]) -> u64 {
    let mut h = RowHasher::default();
    let mut style = None;
    for cell in row {
        let here = (cell.fg, cell.bg, cell.modifier);
        if style != Some(here) {
            style = Some(here);
            here.hash(&mut h);
        }
        let symbol = cell.symbol().as_bytes();
        if symbol.len() < 8 {
            let mut word = [0u8; 8];
            word[..symbol.len()].copy_from_slice(symbol);
            word[7] = 0x80 | u8::try_from(symbol.len()).unwrap_or(0);
            h.mix(u64::from_le_bytes(word));
        } else {
            h.write(symbol);
        }
    }
    h.finish()
}

/// Which rows of a new frame are those of the one on screen.
#[derive(Debug)]
struct Rows {
    /// The row is cell for cell the same.
    same: Vec<bool>,
    /// The same, and ratatui's diff would walk through it writing nothing
    /// and leave it at its end: no cell asks to be always written or has
    /// a width of its own, and no wide glyph reaches past the row's end.
    inert: Vec<bool>,
}

impl Rows {
    fn compare(old: &Buffer, new: &Buffer) -> Rows {
        let h = usize::from(new.area.height);
        let mut rows = Rows {
            same: vec![false; h],
            inert: vec![false; h],
        };
        rows.compare_again(old, new, 0..new.area.height);
        rows
    }

    /// Compares the rows `range` again (after a scroll moved them).
    fn compare_again(&mut self, old: &Buffer, new: &Buffer, range: Range<u16>) {
        let w = usize::from(new.area.width);
        if old.area != new.area || w == 0 {
            self.same.fill(false);
            self.inert.fill(false);
            return;
        }
        for y in usize::from(range.start)..usize::from(range.end).min(self.same.len()) {
            let cells = y * w..(y + 1) * w;
            let (o, n) = (&old.content[cells.clone()], &new.content[cells]);
            self.same[y] = o == n;
            self.inert[y] = self.same[y]
                && n.iter().enumerate().all(|(x, c)| {
                    matches!(c.diff_option, CellDiffOption::None | CellDiffOption::Skip)
                        && (c.symbol().len() == 1 || x + usize::from(c.cell_width()) <= w)
                });
        }
    }
}

/// Modifiers that show on a blank cell (ratatui's diff rewrites the cells a
/// wide glyph in one of them covered).
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// A cell's width as ratatui's diff takes it, without asking the Unicode
/// tables about printable ASCII.
fn width_of(c: &Cell) -> usize {
    if let CellDiffOption::ForcedWidth(w) = c.diff_option {
        return usize::from(w.get());
    }
    match c.symbol().as_bytes() {
        [b] if (0x20..0x7f).contains(b) => 1,
        _ => usize::from(c.symbol().cell_width()),
    }
}

#[allow(deprecated)] // read only as ratatui's diff reads it
fn is_skip(c: &Cell) -> bool {
    c.diff_option == CellDiffOption::Skip || (c.skip && c.diff_option == CellDiffOption::None)
}

/// The cells of `next` to write over `prev`: exactly what ratatui's
/// `Buffer::diff` gives (a proptest holds them equal; its logic is
/// followed step by step), except that a row `inert` says is unchanged is
/// stepped over whole when the walk comes to its start. ratatui's diff
/// compares every cell and asks for its width, which with the gap marking
/// and the row hashes was most of a frame's cost while most rows had not
/// changed.
fn diff<'n>(prev: &Buffer, next: &'n Buffer, inert: &[bool]) -> Vec<(u16, u16, &'n Cell)> {
    let (p, n) = (&prev.content, &next.content);
    let len = n.len().min(p.len());
    let area = prev.area;
    let w = usize::from(area.width);
    let mut out = Vec::new();
    if w == 0 {
        return out;
    }
    let at = |i: usize| (col(area, i % w), area.y.saturating_add(to_u16(i / w)));
    let mut pos = 0;
    while pos < len {
        if pos % w == 0 && inert.get(pos / w).copied().unwrap_or(false) {
            pos += w;
            continue;
        }
        let i = pos;
        pos += 1;
        let (current, previous) = (&n[i], &p[i]);
        match current.diff_option {
            CellDiffOption::Skip => {}
            _ if is_skip(current) => {}
            CellDiffOption::ForcedWidth(width) => {
                pos = pos.saturating_add(usize::from(width.get()).saturating_sub(1));
                if current != previous {
                    let (x, y) = at(i);
                    out.push((x, y, current));
                }
            }
            CellDiffOption::None | CellDiffOption::AlwaysUpdate => {
                let cell_width = width_of(current);
                if current.diff_option == CellDiffOption::None && current == previous {
                    pos += cell_width.saturating_sub(1);
                    continue;
                }
                let previous_width = width_of(previous);
                let (x, y) = at(i);
                out.push((x, y, current));
                // The cells after a wide glyph: ratatui writes those whose
                // symbol changed under an emoji with VS16, and all of those
                // a wide glyph in a style that shows on blanks covered.
                let trailing =
                    if cell_width > 1 && current.symbol().chars().any(|c| c == '\u{FE0F}') {
                        Some(((i + cell_width).min(len), false))
                    } else if cell_width > 1 {
                        pos += cell_width - 1;
                        None
                    } else if previous_width > cell_width
                        && (previous.bg != Color::Reset
                            || previous.modifier.intersects(VISIBLE_ON_BLANK))
                    {
                        Some((i + previous_width, true))
                    } else {
                        None
                    };
                if let Some((mut end, force)) = trailing {
                    let mut j = i + 1;
                    while j < end && j < len {
                        let k = j;
                        j += width_of(&n[k]).max(1);
                        end = end.max(j).min(len);
                        if !is_skip(&n[k]) && (force || p[k].symbol() != n[k].symbol()) {
                            let (x, y) = at(k);
                            out.push((x, y, &n[k]));
                        }
                    }
                    pos = end;
                }
            }
        }
    }
    out
}

/// The best band to scroll from `old` to `new`, if scrolling saves
/// redrawing at least two rows: for each shift, the longest run of rows
/// whose new content is the old content of the row `shift` below (or
/// above); the run that spares the most rows from being redrawn wins, the
/// smaller shift on a tie.
pub fn plan_scroll(old: &Buffer, new: &Buffer) -> Option<Scroll> {
    plan(old, &row_hashes(old), new, &row_hashes(new))
}

fn plan(old: &Buffer, ho: &[u64], new: &Buffer, hn: &[u64]) -> Option<Scroll> {
    let h = usize::from(new.area.height);
    if old.area != new.area || old.area.width == 0 || ho.len() != h || hn.len() != h {
        return None;
    }
    // Rows are taken to be equal when their hashes are: a scroll moves
    // what the terminal shows and the painter's copy alike, and the diff
    // after it writes whatever differs, so two rows that only hash alike
    // cost bytes, never a wrong screen. Comparing the rows themselves for
    // every shift tried was quadratic in the rows that are alike: at
    // 500x200 with a short article (many blank rows) 160 ms a frame.
    let same = |r: usize, o: usize| hn[r] == ho[o];
    let mut best: Option<(usize, Scroll)> = None;
    for k in 1..h {
        for up in [true, false] {
            // new row r shows old row r + k (up) or r - k (down).
            let rows = if up { 0..h - k } else { k..h };
            let mut run_start = None;
            let mut gain = 0;
            let mut consider = |start: usize, end: usize, gain: usize| {
                if gain >= 2 && best.as_ref().is_none_or(|(g, _)| gain > *g) {
                    let (a, b) = if up {
                        (start, end + k)
                    } else {
                        (start - k, end)
                    };
                    let ki = i32::try_from(k).unwrap_or(i32::MAX);
                    best = Some((
                        gain,
                        Scroll {
                            rows: to_u16(a)..to_u16(b),
                            up: if up { ki } else { -ki },
                        },
                    ));
                }
            };
            for r in rows {
                let o = if up { r + k } else { r - k };
                if same(r, o) {
                    run_start.get_or_insert(r);
                    if !same(r, r) {
                        gain += 1;
                    }
                } else if let Some(s) = run_start.take() {
                    consider(s, r, gain);
                    gain = 0;
                }
            }
            if let Some(s) = run_start {
                consider(s, if up { h - k } else { h }, gain);
            }
        }
    }
    best.map(|(_, s)| s)
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// `buf` as the terminal shows it after `scroll`: the band's rows moved,
/// the rows that came in blank (the terminal fills them with the default
/// background, since ratatui resets colours after every draw).
pub fn shifted(buf: &Buffer, scroll: &Scroll) -> Buffer {
    let mut out = buf.clone();
    shift(&mut out, scroll);
    out
}

/// [`shifted`] in place.
fn shift(buf: &mut Buffer, scroll: &Scroll) {
    let w = usize::from(buf.area.width);
    let h = usize::from(buf.area.height);
    let (a, b) = (
        usize::from(scroll.rows.start),
        usize::from(scroll.rows.end).min(h),
    );
    if a >= b {
        return;
    }
    let k = (scroll.up.unsigned_abs() as usize).min(b - a);
    let band = &mut buf.content[a * w..b * w];
    if scroll.up > 0 {
        band.rotate_left(k * w);
        let n = band.len();
        band[n - k * w..].fill(Cell::default());
    } else {
        band.rotate_right(k * w);
        band[..k * w].fill(Cell::default());
    }
}

/// A cell that frames do not contain (a private-use character), so ratatui
/// reprints whatever is there. Should a frame contain it, the cost is one
/// needless reprint, never a wrong screen.
fn stale() -> Cell {
    let mut c = Cell::default();
    c.set_symbol("\u{10FFFD}");
    c
}

fn plain(c: &Cell) -> bool {
    #[allow(deprecated)] // read only to stay clear of cells a widget marked to skip
    let skip = c.skip;
    c.symbol().len() == 1 && c.diff_option == CellDiffOption::None && !skip
}

/// Whether a run of unchanged cells after `before` (a changed cell) is
/// cheaper reprinted than jumped over: short, single-width, and styled like
/// `before`, so reprinting needs no style change.
fn worth_reprinting(before: &Cell, gap: &[Cell]) -> bool {
    !gap.is_empty()
        && gap.len() <= MAX_GAP
        && plain(before)
        && gap.iter().all(|c| plain(c) && c.style() == before.style())
}

/// Marks as stale, in `previous`, the short runs of unchanged cells between
/// two changed cells of a row, when they are single-width and styled like
/// the changed cell before them: reprinting them costs fewer bytes than the
/// cursor move ratatui would make to skip them.
///
/// Also the cells a wide glyph covered when something else takes its
/// place: the terminal blanks them in whatever rendition is current (an
/// underlined passage, say), where ratatui's diff takes them for plain
/// blanks and leaves them.
fn mark_gaps(previous: &mut Buffer, new: &Buffer, same: &[bool]) {
    if previous.area != new.area {
        return;
    }
    let w = usize::from(new.area.width);
    for y in 0..usize::from(new.area.height) {
        // A row without a change has no gap between changes.
        if same.get(y).copied().unwrap_or(false) {
            continue;
        }
        let base = y * w;
        let mut last_change: Option<usize> = None;
        for x in 0..w {
            let (p, n) = (&previous.content[base + x], &new.content[base + x]);
            if p == n {
                continue;
            }
            let covered = usize::from(p.cell_width());
            if covered > 1 {
                for c in x + 1..(x + covered).min(w) {
                    previous.content[base + c] = stale();
                }
            }
            if let Some(lc) = last_change {
                let gap = lc + 1..x;
                if worth_reprinting(
                    &new.content[base + lc],
                    &new.content[base + gap.start..base + gap.end],
                ) {
                    for g in gap {
                        previous.content[base + g] = stale();
                    }
                }
            }
            last_change = Some(x);
        }
    }
}

/// The cells that draw `frame` on a blank screen, in order: what ratatui's
/// diff against a blank buffer gives once `mark_gaps` has marked it.
fn on_blank(frame: &Buffer) -> Vec<(u16, u16, &Cell)> {
    let area = frame.area;
    let w = usize::from(area.width);
    let mut out = Vec::with_capacity(frame.content.len());
    if w == 0 {
        return out;
    }
    for (row, y) in frame.content.chunks(w).zip(area.top()..) {
        let mut last: Option<usize> = None;
        let mut x = 0;
        while x < w {
            let cell = &row[x];
            #[allow(deprecated)] // ratatui's diff skips these cells
            let skip = cell.diff_option == CellDiffOption::Skip
                || (cell.skip && cell.diff_option == CellDiffOption::None);
            if skip || plain_blank(cell) {
                x += 1;
                continue;
            }
            let width = match cell.diff_option {
                CellDiffOption::ForcedWidth(n) => usize::from(n.get()),
                _ if cell.symbol().len() == 1 => 1,
                _ => usize::from(cell.cell_width()).max(1),
            };
            if let Some(lc) = last {
                let gap = &row[lc + 1..x];
                if worth_reprinting(&row[lc], gap) {
                    out.extend(
                        gap.iter()
                            .zip(lc + 1..)
                            .map(|(c, gx)| (col(area, gx), y, c)),
                    );
                }
            }
            out.push((col(area, x), y, cell));
            last = Some(x);
            x += width;
        }
    }
    out
}

/// A cell as a blank screen shows it, which ratatui's diff against a blank
/// buffer leaves alone (the fields `Cell::EMPTY` compares equal on, without
/// the general comparison's cost on every cell of a first frame).
fn plain_blank(c: &Cell) -> bool {
    plain(c)
        && c.symbol() == " "
        && c.fg == Color::Reset
        && c.bg == Color::Reset
        && c.modifier.is_empty()
}

fn col(area: ratatui::layout::Rect, x: usize) -> u16 {
    area.x.saturating_add(to_u16(x))
}

#[cfg(test)]
mod tests {
    use ratatui::layout::{Constraint, Layout, Rect};
    use ratatui::style::{Modifier, Style, Stylize};
    use ratatui::text::Line;
    use ratatui::widgets::{Block, Paragraph};

    use super::*;
    use crate::term::ansi::AnsiBackend;
    use ratatui::backend::TestBackend;
    use std::io::Write;

    /// A reader-like screen: header, a bordered pane of numbered lines
    /// scrolled to `top`, a status line; `zoomed` puts the pane at full
    /// width, otherwise a side pane sits to its left.
    fn screen(f: &mut Frame, top: usize, zoomed: bool) {
        let [head, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(f.area());
        f.render_widget(Line::from("Title of the article  2024-03-24").bold(), head);
        let body = if zoomed {
            body
        } else {
            let [side, main] =
                Layout::horizontal([Constraint::Length(20), Constraint::Fill(1)]).areas(body);
            let names: Vec<Line> = (0..30).map(|i| Line::from(format!("source {i}"))).collect();
            f.render_widget(
                Paragraph::new(names).block(Block::bordered().title("Sources")),
                side,
            );
            main
        };
        let lines: Vec<Line> = (top..top + 60)
            .map(|i| {
                let text = format!("line {i}: the quick brown fox jumps over the lazy dog");
                if i % 7 == 0 {
                    Line::from(text).reversed()
                } else {
                    Line::from(text)
                }
            })
            .collect();
        f.render_widget(
            Paragraph::new(lines).block(Block::bordered().title("Article")),
            body,
        );
        f.render_widget(
            Line::from(format!("line {top}  j/k scroll  q quit")).style(Style::new().dim()),
            status,
        );
    }

    /// A cell as text: its symbol, then its attributes when it has any, so
    /// a comparison catches a stale style as well as a stale character.
    fn cell_text(symbol: &str, reversed: bool, bold: bool, dim: bool) -> String {
        let mut s = symbol.to_owned();
        for (on, mark) in [(reversed, 'r'), (bold, 'b'), (dim, 'd')] {
            if on {
                s.push(mark);
            }
        }
        if s != symbol {
            s = format!("[{s}]");
        }
        s
    }

    /// The screen as a vt100 terminal shows it after `bytes`.
    fn emulate(parser: &mut vt100::Parser, bytes: &[u8]) -> Vec<String> {
        parser.process(bytes);
        let screen = parser.screen();
        let (h, w) = screen.size();
        (0..h.get())
            .map(|y| {
                let row: String = (0..w.get())
                    .map(|x| {
                        screen.cell(y, x).map_or_else(String::new, |c| {
                            let sym = if c.has_contents() { c.contents() } else { " " };
                            cell_text(sym, c.inverse(), c.bold(), c.dim())
                        })
                    })
                    .collect();
                row.trim_end().to_owned()
            })
            .collect()
    }

    fn expected(w: u16, h: u16, top: usize, zoomed: bool) -> Vec<String> {
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        t.draw(|f| screen(f, top, zoomed)).expect("draw");
        buffer_rows(t.backend().buffer())
    }

    fn buffer_rows(buf: &Buffer) -> Vec<String> {
        let m = |c: &Cell, flag| c.modifier.contains(flag);
        (0..buf.area.height)
            .map(|y| {
                let s: String = (0..buf.area.width)
                    .map(|x| {
                        let c = &buf[(x, y)];
                        cell_text(
                            c.symbol(),
                            m(c, Modifier::REVERSED),
                            m(c, Modifier::BOLD),
                            m(c, Modifier::DIM),
                        )
                    })
                    .collect();
                s.trim_end().to_owned()
            })
            .collect()
    }

    /// A writer the test can read back while the backend owns it.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    struct Screen {
        terminal: Terminal<AnsiBackend<Shared>>,
        out: Shared,
        parser: vt100::Parser,
        painter: Painter,
    }

    impl Screen {
        fn new(w: u16, h: u16) -> Self {
            let out = Shared::default();
            let backend = AnsiBackend::new(out.clone());
            let terminal = Terminal::with_options(
                backend,
                ratatui::TerminalOptions {
                    viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, w, h)),
                },
            )
            .expect("terminal");
            let nz = |n| std::num::NonZeroU16::new(n).expect("non-zero");
            Screen {
                terminal,
                out,
                parser: vt100::Parser::new(nz(h), nz(w), 0),
                painter: Painter::new(),
            }
        }

        /// Draws and returns (bytes written, screen rows).
        fn draw(&mut self, top: usize, zoomed: bool) -> (usize, Vec<String>) {
            self.painter
                .draw(&mut self.terminal, |f| {
                    screen(f, top, zoomed);
                    None
                })
                .expect("draw");
            let bytes = std::mem::take(&mut *self.out.0.borrow_mut());
            let rows = emulate(&mut self.parser, &bytes);
            (bytes.len(), rows)
        }
    }

    #[test]
    fn zoomed_scroll_by_one_line_uses_a_scroll_region_and_stays_correct() {
        let mut s = Screen::new(80, 24);
        s.draw(0, true);
        for top in 1..30 {
            let (bytes, rows) = s.draw(top, true);
            assert_eq!(
                rows,
                expected(80, 24, top, true),
                "after scrolling to {top}"
            );
            assert!(
                rows.iter().any(|r| r.contains("r]")),
                "reversed lines are compared"
            );
            // One new line of ~60 characters, the scroll sequence, the
            // status line's number and the borders: far below a redraw of
            // the 22 rows that moved.
            assert!(bytes < 160, "scrolling to {top} wrote {bytes} bytes");
        }
    }

    #[test]
    fn scrolling_back_up_and_by_pages_stays_correct() {
        let mut s = Screen::new(80, 24);
        s.draw(40, true);
        for top in [39, 37, 30, 50, 51, 10, 11, 11, 0] {
            let (_, rows) = s.draw(top, true);
            assert_eq!(rows, expected(80, 24, top, true), "after moving to {top}");
        }
    }

    #[test]
    fn split_panes_and_zoom_toggles_stay_correct() {
        let mut s = Screen::new(80, 24);
        for (top, zoomed) in [
            (0, false),
            (1, false),
            (2, true),
            (3, true),
            (3, false),
            (2, false),
        ] {
            let (_, rows) = s.draw(top, zoomed);
            assert_eq!(rows, expected(80, 24, top, zoomed), "{top} {zoomed}");
        }
    }

    #[test]
    fn plan_finds_the_moved_band_only() {
        let draw = |top| {
            let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
            t.draw(|f| screen(f, top, true)).expect("draw");
            t.backend().buffer().clone()
        };
        let (a, b) = (draw(0), draw(1));
        // Header and status stay; the pane's inner rows 2..22 move up one.
        assert_eq!(plan_scroll(&a, &b), Some(Scroll { rows: 2..22, up: 1 }));
        assert_eq!(
            plan_scroll(&b, &a),
            Some(Scroll {
                rows: 2..22,
                up: -1
            })
        );
        assert_eq!(plan_scroll(&a, &a), None);
        // Split panes: no row equals a moved row, nothing to scroll.
        let split = |top| {
            let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
            t.draw(|f| screen(f, top, false)).expect("draw");
            t.backend().buffer().clone()
        };
        assert_eq!(plan_scroll(&split(0), &split(1)), None);
    }

    #[test]
    fn test_backend_scrolls_like_a_terminal() {
        let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        let mut p = Painter::new();
        for top in [0, 1, 2, 5, 4] {
            p.draw(&mut t, |f| {
                screen(f, top, true);
                None
            })
            .expect("draw");
            let want = expected(80, 24, top, true);
            assert_eq!(buffer_rows(t.backend().buffer()), want, "top {top}");
        }
    }

    #[test]
    fn unchanged_frames_write_nothing_and_forgetting_is_safe() {
        let mut s = Screen::new(80, 24);
        s.draw(0, true);
        let (bytes, _) = s.draw(0, true);
        assert_eq!(bytes, 0, "an unchanged frame wrote {bytes} bytes");
        s.painter.forget();
        let (_, rows) = s.draw(1, true);
        assert_eq!(rows, expected(80, 24, 1, true));
    }

    /// The planner trusts row hashes without comparing the rows: hashes
    /// that lie (a collision, or a stale copy) make it scroll for nothing,
    /// and the diff after the scroll still leaves the right screen.
    #[test]
    fn a_scroll_planned_on_hashes_that_lie_still_leaves_the_right_screen() {
        let mut s = Screen::new(60, 16);
        s.draw(0, true);
        // The painter is told the screen shows the frame at line 5 when it
        // shows the one at line 0: the frame at line 6 looks like it moved
        // up by one row.
        let mut t = Terminal::new(TestBackend::new(60, 16)).expect("terminal");
        t.draw(|f| screen(f, 5, true)).expect("draw");
        let lie = row_hashes(t.backend().buffer());
        let mut shown = Terminal::new(TestBackend::new(60, 16)).expect("terminal");
        shown.draw(|f| screen(f, 0, true)).expect("draw");
        let mut next = Terminal::new(TestBackend::new(60, 16)).expect("terminal");
        next.draw(|f| screen(f, 6, true)).expect("draw");
        let (shown, next) = (shown.backend().buffer(), next.backend().buffer());
        assert!(
            plan(shown, &lie, next, &row_hashes(next)).is_some_and(|p| p.up == 1),
            "the lie makes a scroll"
        );
        s.painter.hashes = lie;
        let (_, rows) = s.draw(6, true);
        assert_eq!(rows, expected(60, 16, 6, true));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Whatever the sequence of frames, the terminal ends up showing
        /// exactly the last frame.
        #[test]
        fn any_frame_sequence_leaves_the_right_screen(
            frames in proptest::collection::vec((0usize..60, proptest::bool::ANY), 1..10),
        ) {
            let mut s = Screen::new(60, 16);
            for (top, zoomed) in frames {
                let (_, rows) = s.draw(top, zoomed);
                proptest::prop_assert_eq!(rows, expected(60, 16, top, zoomed));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// The first frame skips the diff against a blank screen, and must
        /// leave the screen that diff (with gaps marked) would.
        #[test]
        fn a_first_frame_shows_what_the_diff_against_blank_would(
            runs in proptest::collection::vec(
                (0u16..16, 0u16..4, 0usize..6, 0usize..4, 1usize..8),
                0..12,
            ),
        ) {
            const TEXT: [&str; 6] = ["ab", " ", "界x", "  z", "\u{1f469}", "q r"];
            let styles = [
                Style::new(),
                Style::new().bold(),
                Style::new().reversed(),
                Style::new().fg(ratatui::style::Color::Cyan),
            ];
            let area = Rect::new(0, 0, 16, 4);
            let mut frame = Buffer::empty(area);
            for (x, y, t, st, n) in runs {
                frame.set_stringn(x, y, TEXT[t], n, styles[st]);
            }
            let mut blank = Buffer::empty(area);
            mark_gaps(&mut blank, &frame, &[]);
            let want = shown(area, blank.diff(&frame));
            let got = shown(area, on_blank(&frame));
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// The painter's diff gives exactly the cells ratatui's gives, with
        /// unchanged rows stepped over: wide glyphs, emoji with VS16, cells
        /// that skip, are always written or have a width of their own.
        #[test]
        fn the_diff_is_ratatui_s(
            first in proptest::collection::vec(
                (0u16..16, 0u16..4, 0usize..7, 0usize..4, 1usize..8),
                0..12,
            ),
            changes in proptest::collection::vec(
                (0u16..16, 0u16..4, 0usize..7, 0usize..4, 1usize..8),
                0..4,
            ),
            options in proptest::collection::vec((0usize..64, 0u8..9), 0..4),
        ) {
            const TEXT: [&str; 7] = ["ab", " ", "界x", "  z", "\u{1f469}", "q r", "\u{2764}\u{fe0f}"];
            let styles = [
                Style::new(),
                Style::new().bold(),
                Style::new().reversed(),
                Style::new().bg(ratatui::style::Color::Cyan),
            ];
            let area = Rect::new(0, 0, 16, 4);
            let mut prev = Buffer::empty(area);
            for (x, y, t, st, n) in first {
                prev.set_stringn(x, y, TEXT[t], n, styles[st]);
            }
            let mut next = prev.clone();
            for (x, y, t, st, n) in changes {
                next.set_stringn(x, y, TEXT[t], n, styles[st]);
            }
            for (i, kind) in options {
                #[allow(deprecated)] // the old flag, as ratatui's diff still reads it
                match kind {
                    0 => next.content[i].diff_option = CellDiffOption::Skip,
                    1 => next.content[i].diff_option = CellDiffOption::AlwaysUpdate,
                    2 | 3 => {
                        next.content[i].diff_option = CellDiffOption::ForcedWidth(
                            std::num::NonZeroU16::new(u16::from(kind)).expect("non-zero"),
                        );
                    }
                    4 => next.content[i].skip = true,
                    // The same on both frames: rows that stay equal.
                    5 => {
                        prev.content[i].diff_option = CellDiffOption::AlwaysUpdate;
                        next.content[i].diff_option = CellDiffOption::AlwaysUpdate;
                    }
                    6 => {
                        prev.content[i].diff_option = CellDiffOption::Skip;
                        next.content[i].diff_option = CellDiffOption::Skip;
                    }
                    7 => {
                        prev.content[i].skip = true;
                        next.content[i].skip = true;
                    }
                    _ => {}
                }
            }
            let want = prev.diff(&next);
            let rows = Rows::compare(&prev, &next);
            proptest::prop_assert_eq!(diff(&prev, &next, &rows.inert), want.clone());
            proptest::prop_assert_eq!(diff(&prev, &next, &[]), want);
        }
    }

    /// What a terminal shows after `cells` are drawn on a blank screen:
    /// each cell's text (a cell never written shows a space), colours, bold
    /// and reverse.
    fn shown(area: Rect, cells: Vec<(u16, u16, &Cell)>) -> Vec<String> {
        let mut backend = AnsiBackend::new(Vec::new());
        backend.draw(cells.into_iter()).unwrap_or_default();
        let nz = |n| std::num::NonZeroU16::new(n).expect("non-zero");
        let mut vt = vt100::Parser::new(nz(area.height), nz(area.width), 0);
        vt.process(backend.writer());
        let screen = vt.screen();
        (0..area.height)
            .flat_map(|y| (0..area.width).map(move |x| (x, y)))
            .filter_map(|(x, y)| screen.cell(y, x))
            .map(|c| {
                let text = if c.contents().is_empty() {
                    " "
                } else {
                    c.contents()
                };
                format!(
                    "{text:?}{:?}{:?}{}{}",
                    c.fgcolor(),
                    c.bgcolor(),
                    c.bold(),
                    c.inverse()
                )
            })
            .collect()
    }

    #[test]
    fn a_plain_blank_is_what_equals_an_empty_cell() {
        let mut cells = vec![Cell::EMPTY, Cell::new(" "), Cell::new("a"), Cell::new("  ")];
        let mut styled = Cell::new(" ");
        styled.set_style(Style::new().reversed());
        cells.push(styled);
        let mut coloured = Cell::new(" ");
        coloured.set_style(Style::new().bg(Color::Blue));
        cells.push(coloured);
        let mut always = Cell::new(" ");
        always.diff_option = CellDiffOption::AlwaysUpdate;
        cells.push(always);
        let mut skipped = Cell::new(" ");
        skipped.set_diff_option(CellDiffOption::Skip);
        cells.push(skipped);
        for c in &cells {
            assert_eq!(plain_blank(c), *c == Cell::EMPTY, "{c:?}");
        }
        assert_eq!(cells.iter().filter(|c| plain_blank(c)).count(), 2);
    }

    #[test]
    fn a_resize_to_the_same_size_redraws_everything() {
        let mut s = Screen::new(80, 24);
        s.draw(0, true);
        let area = Rect::new(0, 0, 80, 24);
        s.painter.resize(&mut s.terminal, area).expect("resize");
        let (_, rows) = s.draw(1, true);
        assert_eq!(rows, expected(80, 24, 1, true));
    }

    #[test]
    fn gaps_are_reprinted_not_jumped() {
        let old = Buffer::with_lines(["ab cd ef                                         x"]);
        let new = Buffer::with_lines(["AB CD EF                                         y"]);
        let mut prev = old.clone();
        mark_gaps(&mut prev, &new, &[]);
        let cols: Vec<u16> = prev.diff(&new).iter().map(|(x, _, _)| *x).collect();
        // The single spaces are reprinted; the long gap before x is jumped.
        assert_eq!(cols, [0, 1, 2, 3, 4, 5, 6, 7, 49]);
    }
}
