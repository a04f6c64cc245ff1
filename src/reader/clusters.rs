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
    let w = usize::from(area.width);
    for y in area.top()..area.bottom() {
        let start = usize::from(y - area.top()) * w;
        let mut i = 0;
        while i < w {
            let symbol = buf.content[start + i].symbol();
            // One character is one glyph: nothing to split (only its
            // width is needed, to step over the cells a wide one covers).
            // Most cells are ASCII or a border's line; asking the
            // segmenter about each was a tenth of a frame's work.
            let mut chars = symbol.chars();
            let (Some(first), None) = (chars.next(), chars.next()) else {
                i += split_at(buf, start + i, area.right() - area.left() - to_u16(i));
                continue;
            };
            i += if first.is_ascii() {
                1
            } else {
                usize::from(symbol.cell_width().max(1))
            };
        }
    }
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Splits the cell at `index` (with `room` cells to the row's end) if it
/// holds several glyphs; says how many cells it covers.
fn split_at(buf: &mut Buffer, index: usize, room: u16) -> usize {
    let cell = &buf.content[index];
    let cells = cell.symbol().cell_width().max(1);
    if cell.symbol().len() > 1 {
        let parts = glyphs(cell.symbol());
        let fits = parts.len() > 1
            && parts.iter().map(|p| width(p)).sum::<usize>() == usize::from(cells)
            && cells <= room;
        if fits {
            let template = cell.clone();
            let mut at = index;
            for part in parts {
                let w = width(&part);
                let mut c = template.clone();
                c.set_symbol(&part);
                buf.content[at] = c;
                at += w;
            }
        }
    }
    usize::from(cells)
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
