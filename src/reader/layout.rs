//! Where everything goes on screen: a pure function of the terminal size and
//! a few bits of state, shared by drawing, scrolling (page sizes) and mouse
//! hit-testing so they can never disagree.

use ratatui::layout::{Margin, Rect};

use super::app::Focus;

/// Three panes side by side from this size up; tabs below it.
pub const PANES_MIN: (u16, u16) = (60, 16);
/// Below this, only a "terminal too small" line.
pub const USABLE_MIN: (u16, u16) = (20, 7);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Panes,
    Tabs,
    Zoom,
    TooSmall,
}

/// Outer rectangles (borders included) of what is shown; a hidden pane is
/// `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub mode: Mode,
    pub header: Rect,
    pub tab_bar: Option<Rect>,
    pub sources: Option<Rect>,
    pub passages: Option<Rect>,
    pub article: Option<Rect>,
    pub status: Rect,
}

impl Layout {
    /// The outer rectangle of a pane, if shown.
    pub fn pane(&self, focus: Focus) -> Option<Rect> {
        match focus {
            Focus::Sources => self.sources,
            Focus::Passages => self.passages,
            Focus::Article => self.article,
        }
    }

    /// Where a pane's content goes: inside its border, except a zoomed
    /// Article, which has none so it can use the whole width.
    pub fn inner(&self, focus: Focus) -> Option<Rect> {
        let outer = self.pane(focus)?;
        Some(if self.mode == Mode::Zoom {
            outer
        } else {
            outer.inner(Margin::new(1, 1))
        })
    }

    /// The pane whose rectangle holds a screen cell.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Focus> {
        let pos = ratatui::layout::Position::new(column, row);
        [Focus::Sources, Focus::Passages, Focus::Article]
            .into_iter()
            .find(|f| self.pane(*f).is_some_and(|r| r.contains(pos)))
    }
}

/// A centred box of at most `w` x `h`, inside `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The article picker's box (borders included) on a `width` x `height`
/// screen: all of it between the header and the status line, so nothing
/// of the panes behind shows through and the status line can show the
/// picker's own keys.
pub fn picker_area(width: u16, height: u16) -> Rect {
    Rect::new(0, height.min(1), width, height.saturating_sub(2).max(1))
}

/// Widest the key help gets: its longest lines fit, and it reads as a
/// box over the panes.
const HELP_MAX_WIDTH: u16 = 78;

/// The key help's box (borders included) on a `width` x `height` screen:
/// centred between the header and the status line, as tall as its lines
/// at that width or as the screen allows (it scrolls).
pub fn help_area(width: u16, height: u16) -> Rect {
    let body = Rect::new(0, height.min(1), width, height.saturating_sub(2));
    // Narrower than a few columns of panes beside it: the whole width, so
    // no slivers of them show at its sides.
    let w = if body.width <= HELP_MAX_WIDTH + 6 {
        body.width
    } else {
        HELP_MAX_WIDTH
    };
    let lines = super::keys::help_lines(usize::from(w.saturating_sub(2))).len();
    let h = u16::try_from(lines + 2).unwrap_or(u16::MAX);
    centred(body, w, h)
}

/// The first entry the picker shows when `selected` must be in view on
/// `rows` rows.
pub fn picker_offset(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.max(1) - 1)
}

/// Lays out a `width` x `height` screen. `focus` picks the one pane shown in
/// tab mode; `source_rows` (when known) lets the Sources pane shrink to fit.
pub fn layout(
    width: u16,
    height: u16,
    zoom: bool,
    focus: Focus,
    source_rows: Option<usize>,
) -> Layout {
    let full = Rect::new(0, 0, width, height);
    let mut out = Layout {
        mode: Mode::TooSmall,
        header: Rect::new(0, 0, width, height.min(1)),
        tab_bar: None,
        sources: None,
        passages: None,
        article: None,
        status: Rect::new(0, height.saturating_sub(1), width, height.min(1)),
    };
    if width < USABLE_MIN.0 || height < USABLE_MIN.1 {
        out.header = full;
        return out;
    }
    let body = Rect::new(0, 1, width, height - 2);
    if zoom {
        out.mode = Mode::Zoom;
        out.article = Some(body);
        return out;
    }
    if width < PANES_MIN.0 || height < PANES_MIN.1 {
        out.mode = Mode::Tabs;
        out.tab_bar = Some(Rect::new(0, 1, width, 1));
        let pane = Rect::new(0, 2, width, height - 3);
        match focus {
            Focus::Sources => out.sources = Some(pane),
            Focus::Passages => out.passages = Some(pane),
            Focus::Article => out.article = Some(pane),
        }
        return out;
    }
    out.mode = Mode::Panes;
    let left = (width * 2 / 5).clamp(24, 44);
    let half = body.height / 2;
    let wanted = source_rows.map_or(half, |n| u16::try_from(n.max(1) + 2).unwrap_or(u16::MAX));
    let sources_h = wanted.clamp(4, half);
    out.sources = Some(Rect::new(0, body.y, left, sources_h));
    out.passages = Some(Rect::new(
        0,
        body.y + sources_h,
        left,
        body.height - sources_h,
    ));
    out.article = Some(Rect::new(left, body.y, width - left, body.height));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(inner: Rect, outer: Rect) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.right() <= outer.right()
            && inner.bottom() <= outer.bottom()
    }

    #[test]
    fn three_panes_at_80x24() {
        let l = layout(80, 24, false, Focus::Sources, Some(7));
        assert_eq!(l.mode, Mode::Panes);
        let (s, p, a) = (
            l.sources.expect("sources"),
            l.passages.expect("passages"),
            l.article.expect("article"),
        );
        assert_eq!(s.height, 9, "seven sources plus borders");
        assert_eq!(s.bottom(), p.y);
        assert_eq!(s.right(), a.x);
        assert_eq!(a.right(), 80);
        assert_eq!(p.bottom(), 23, "the status line is left free");
        assert_eq!(l.pane_at(50, 5), Some(Focus::Article));
        assert_eq!(l.pane_at(3, 12), Some(Focus::Passages));
        assert_eq!(l.pane_at(3, 0), None);
    }

    #[test]
    fn tabs_when_narrow_or_short() {
        for (w, h) in [(50, 20), (80, 15), (59, 40)] {
            let l = layout(w, h, false, Focus::Passages, None);
            assert_eq!(l.mode, Mode::Tabs, "{w}x{h}");
            assert!(l.sources.is_none() && l.article.is_none());
            assert_eq!(l.passages.expect("focused tab").width, w);
        }
    }

    #[test]
    fn too_small_and_zoom() {
        assert_eq!(
            layout(19, 24, false, Focus::Article, None).mode,
            Mode::TooSmall
        );
        assert_eq!(
            layout(80, 6, true, Focus::Article, None).mode,
            Mode::TooSmall
        );
        let z = layout(80, 24, true, Focus::Article, None);
        assert_eq!(z.mode, Mode::Zoom);
        assert_eq!(z.inner(Focus::Article).expect("article").width, 80);
    }

    #[test]
    fn everything_fits_at_every_size() {
        for w in 0..130 {
            for h in 0..45 {
                for zoom in [false, true] {
                    let full = Rect::new(0, 0, w, h);
                    let l = layout(w, h, zoom, Focus::Article, Some(30));
                    assert!(inside(l.header, full) && inside(l.status, full));
                    for f in [Focus::Sources, Focus::Passages, Focus::Article] {
                        if let Some(r) = l.pane(f) {
                            assert!(inside(r, full), "{f:?} at {w}x{h}");
                            let i = l.inner(f).expect("inner");
                            assert!(i.width > 0 && i.height > 0, "{f:?} at {w}x{h}");
                        }
                    }
                }
            }
        }
    }
}
