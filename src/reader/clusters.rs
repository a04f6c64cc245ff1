//! Buffer cells as a terminal holds them. This is the one piece of text
//! handling that knows ratatui's `Buffer`, so it lives with the reader and
//! [`crate::model::text`] stays free of any UI crate.

use ratatui::buffer::{Buffer, CellWidth};

use crate::model::text::{glyphs, width};

/// Splits every buffer cell whose grapheme a terminal draws as several
/// glyphs (a flag is two regional indicators; Indic and Thai spacing vowels;
/// a letter with a skin-tone swatch) into one cell per glyph. Call it last
/// when drawing a frame.
///
/// ratatui keeps a grapheme in one cell and assumes the terminal erases all
/// of it when that cell is overwritten; that holds for one wide glyph, but a
/// `wcwidth` terminal keeps the second glyph of a flag, which then lingers
/// as a stale cell after scrolling. Split, the buffer models what the
/// terminal holds, so redraws overwrite every glyph; the bytes written for a
/// whole line are the same, so terminals that join flags still do.
pub fn split_clusters(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &buf[(x, y)];
            // One byte is one ASCII character in one cell: nothing to split.
            if cell.symbol().len() == 1 {
                x = x.saturating_add(1);
                continue;
            }
            let cells = cell.symbol().cell_width().max(1);
            if cell.symbol().len() > 1 {
                let parts = glyphs(cell.symbol());
                let fits = parts.len() > 1
                    && parts.iter().map(|p| width(p)).sum::<usize>() == usize::from(cells)
                    && x.saturating_add(cells) <= area.right();
                if fits {
                    let template = cell.clone();
                    let mut px = x;
                    for part in parts {
                        let w = u16::try_from(width(&part)).unwrap_or(1);
                        let mut c = template.clone();
                        c.set_symbol(&part);
                        buf[(px, y)] = c;
                        px = px.saturating_add(w);
                    }
                }
            }
            x = x.saturating_add(cells);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_glyph_cells_are_split() {
        use ratatui::layout::Rect;
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, "🇺🇦a\u{1f3fb}東", ratatui::style::Style::default());
        assert_eq!(buf[(0, 0)].symbol(), "🇺🇦");
        split_clusters(&mut buf);
        let cells: Vec<&str> = (0..8).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(cells, ["🇺", "🇦", "a", "\u{1f3fb}", " ", "東", " ", " "]);
    }
}
