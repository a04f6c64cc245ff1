//! The ratatui backend the reader draws through, locally and over SSH: it
//! writes ANSI sequences straight into its writer.
//!
//! ratatui's crossterm backend formats every cell through `core::fmt` (a
//! cursor move, colours, then `Print(symbol)`), which was a quarter of the
//! work before the first screen, and it spends bytes a slow link pays for:
//! a 16-colour `Red` goes out as `ESC[38;5;1m`, every frame ends with three
//! resets and hides a cursor that is already hidden. Here a style change
//! is one SGR sequence (`ESC[1;30;43m`), the basic colours use their
//! 16-colour codes (which every terminal knows), a frame that ends plain
//! resets nothing, and the cursor is hidden or shown only when it changes.
//!
//! Everything is gathered in the writer and goes out on `flush`, which
//! ratatui calls once per frame.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

use super::scroll::{Scroll, ScrollRegion};

/// Writes frames as ANSI sequences into `W`.
#[derive(Debug)]
pub struct AnsiBackend<W: Write> {
    out: W,
    /// Whether the terminal shows its cursor, once this backend has said.
    cursor_shown: Option<bool>,
    /// Sequences are built here and handed to `out` in one write.
    buf: Vec<u8>,
}

/// The graphic rendition a cell is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

/// The terminal's rendition after `ESC[0m`, and after every draw.
const PLAIN: Pen = Pen {
    fg: Color::Reset,
    bg: Color::Reset,
    modifier: Modifier::empty(),
};

/// SGR parameters of the modifiers, in the order they are written.
const MODIFIERS: [(Modifier, u8); 9] = [
    (Modifier::BOLD, 1),
    (Modifier::DIM, 2),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
    (Modifier::REVERSED, 7),
    (Modifier::HIDDEN, 8),
    (Modifier::CROSSED_OUT, 9),
];

impl<W: Write> AnsiBackend<W> {
    /// A backend for a terminal in an unknown state: the first frame says
    /// whether the cursor shows.
    pub fn new(out: W) -> Self {
        AnsiBackend {
            out,
            cursor_shown: None,
            buf: Vec::new(),
        }
    }

    pub fn writer(&self) -> &W {
        &self.out
    }

    /// The writer, for sequences of the caller's own (a clipboard copy).
    /// They must leave the cursor's visibility and the rendition as they
    /// found them.
    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn send(&mut self) -> io::Result<()> {
        let r = self.out.write_all(&self.buf);
        self.buf.clear();
        r
    }
}

impl<W: Write> Backend for AnsiBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let buf = &mut self.buf;
        let mut pen = PLAIN;
        let mut last: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            // The cursor stands after the last cell printed, as ratatui's
            // own backends assume; anywhere else needs a move.
            if !matches!(last, Some((lx, ly)) if ly == y && lx.checked_add(1) == Some(x)) {
                move_to(buf, x, y);
            }
            last = Some((x, y));
            let want = Pen {
                fg: cell.fg,
                bg: cell.bg,
                modifier: cell.modifier,
            };
            if want != pen {
                sgr(buf, pen, want);
                pen = want;
            }
            buf.extend_from_slice(cell.symbol().as_bytes());
        }
        // Later sequences (a scroll region fills with the current
        // background) and the next draw start from plain.
        if pen != PLAIN {
            buf.extend_from_slice(b"\x1b[0m");
        }
        self.send()
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            self.cursor_shown = Some(false);
            self.buf.extend_from_slice(b"\x1b[?25l");
        }
        self.send()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            self.cursor_shown = Some(true);
            self.buf.extend_from_slice(b"\x1b[?25h");
        }
        self.send()
    }

    /// Asking the terminal is a round trip that an SSH client or a test
    /// emulator may never answer; ratatui asks only for inline viewports
    /// and `Terminal::clear`, which the reader does not use.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "the terminal is not asked where its cursor is",
        ))
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        move_to(&mut self.buf, x, y);
        self.send()
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        let seq: &[u8] = match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        };
        self.buf.extend_from_slice(seq);
        self.send()
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = crossterm::terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let w = crossterm::terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: w.columns,
                height: w.rows,
            },
            pixels: Size {
                width: w.width,
                height: w.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()?;
        self.out.flush()
    }
}

impl<W: Write> ScrollRegion for AnsiBackend<W> {
    fn scroll_region(&mut self, s: &Scroll) -> io::Result<()> {
        // DECSTBM is 1-based and inclusive; it homes the cursor, which the
        // following draw moves anyway. `CSI r` gives the whole screen back.
        let buf = &mut self.buf;
        buf.extend_from_slice(b"\x1b[");
        push_num(buf, s.rows.start.saturating_add(1));
        buf.push(b';');
        push_num(buf, s.rows.end);
        buf.extend_from_slice(b"r\x1b[");
        let n = s.up.unsigned_abs();
        if n != 1 {
            push_num(buf, u16::try_from(n).unwrap_or(u16::MAX));
        }
        buf.push(if s.up > 0 { b'S' } else { b'T' });
        buf.extend_from_slice(b"\x1b[r");
        self.send()
    }
}

/// CUP, leaving out what defaults to 1: `ESC[H` is the top-left corner,
/// `ESC[5H` the start of row 5.
fn move_to(buf: &mut Vec<u8>, x: u16, y: u16) {
    buf.extend_from_slice(b"\x1b[");
    if y > 0 || x > 0 {
        push_num(buf, y.saturating_add(1));
    }
    if x > 0 {
        buf.push(b';');
        push_num(buf, x.saturating_add(1));
    }
    buf.push(b'H');
}

/// One SGR sequence that takes the terminal from `from` to `to`: the
/// additions alone when nothing is taken away, else a reset and all of `to`.
fn sgr(buf: &mut Vec<u8>, from: Pen, to: Pen) {
    if to == PLAIN {
        buf.extend_from_slice(b"\x1b[0m");
        return;
    }
    buf.extend_from_slice(b"\x1b[");
    let mut params = Params { buf, first: true };
    let base = if (from.modifier - to.modifier).is_empty() {
        from
    } else {
        params.push(0);
        PLAIN
    };
    let added = to.modifier - base.modifier;
    for (m, code) in MODIFIERS {
        if added.contains(m) {
            params.push(code);
        }
    }
    if to.fg != base.fg {
        params.color(to.fg, 30);
    }
    if to.bg != base.bg {
        params.color(to.bg, 40);
    }
    params.buf.push(b'm');
}

/// SGR parameters, separated by `;`.
struct Params<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
}

impl Params<'_> {
    fn push(&mut self, n: u8) {
        if !self.first {
            self.buf.push(b';');
        }
        self.first = false;
        push_num(self.buf, u16::from(n));
    }

    /// `base` is 30 for the foreground, 40 for the background.
    fn color(&mut self, c: Color, base: u8) {
        let basic = |i: u8| if i < 8 { base + i } else { base + 60 + i - 8 };
        match c {
            Color::Reset => self.push(base + 9),
            Color::Black => self.push(basic(0)),
            Color::Red => self.push(basic(1)),
            Color::Green => self.push(basic(2)),
            Color::Yellow => self.push(basic(3)),
            Color::Blue => self.push(basic(4)),
            Color::Magenta => self.push(basic(5)),
            Color::Cyan => self.push(basic(6)),
            Color::Gray => self.push(basic(7)),
            Color::DarkGray => self.push(basic(8)),
            Color::LightRed => self.push(basic(9)),
            Color::LightGreen => self.push(basic(10)),
            Color::LightYellow => self.push(basic(11)),
            Color::LightBlue => self.push(basic(12)),
            Color::LightMagenta => self.push(basic(13)),
            Color::LightCyan => self.push(basic(14)),
            Color::White => self.push(basic(15)),
            Color::Indexed(i) => {
                self.push(base + 8);
                self.push(5);
                self.push(i);
            }
            Color::Rgb(r, g, b) => {
                self.push(base + 8);
                self.push(2);
                self.push(r);
                self.push(g);
                self.push(b);
            }
        }
    }
}

/// Decimal digits without `core::fmt`.
fn push_num(buf: &mut Vec<u8>, mut n: u16) {
    let mut digits = [0u8; 5];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sgr_of(from: Pen, to: Pen) -> String {
        let mut buf = Vec::new();
        sgr(&mut buf, from, to);
        String::from_utf8_lossy(&buf).into_owned()
    }

    fn pen(fg: Color, bg: Color, modifier: Modifier) -> Pen {
        Pen { fg, bg, modifier }
    }

    #[test]
    fn numbers_and_moves_are_short() {
        let mut buf = Vec::new();
        for n in [0, 7, 10, 99, 100, 65535] {
            push_num(&mut buf, n);
            buf.push(b' ');
        }
        assert_eq!(buf, b"0 7 10 99 100 65535 ");
        let moves: Vec<String> = [(0, 0), (0, 4), (9, 0), (79, 23)]
            .iter()
            .map(|&(x, y)| {
                let mut b = Vec::new();
                move_to(&mut b, x, y);
                String::from_utf8_lossy(&b).into_owned()
            })
            .collect();
        assert_eq!(moves, ["\x1b[H", "\x1b[5H", "\x1b[1;10H", "\x1b[24;80H"]);
    }

    #[test]
    fn a_style_change_is_one_sequence_with_16_colour_codes() {
        let highlight = pen(Color::Black, Color::Yellow, Modifier::BOLD);
        assert_eq!(sgr_of(PLAIN, highlight), "\x1b[1;30;43m");
        assert_eq!(
            sgr_of(PLAIN, pen(Color::White, Color::Magenta, Modifier::empty())),
            "\x1b[97;45m"
        );
        // Adding keeps what is there; taking away starts from a reset.
        let more = pen(
            Color::Black,
            Color::Yellow,
            Modifier::BOLD | Modifier::REVERSED,
        );
        assert_eq!(sgr_of(highlight, more), "\x1b[7m");
        assert_eq!(
            sgr_of(more, pen(Color::Cyan, Color::Reset, Modifier::REVERSED)),
            "\x1b[0;7;36m"
        );
        assert_eq!(sgr_of(more, PLAIN), "\x1b[0m");
        assert_eq!(
            sgr_of(
                PLAIN,
                pen(Color::Indexed(208), Color::Rgb(1, 2, 3), Modifier::empty())
            ),
            "\x1b[38;5;208;48;2;1;2;3m"
        );
    }

    #[test]
    fn the_cursor_is_hidden_once_and_frames_end_plain() {
        let mut b = AnsiBackend::new(Vec::new());
        b.hide_cursor().unwrap_or_default();
        b.hide_cursor().unwrap_or_default();
        let mut bold = Cell::new("a");
        bold.modifier = Modifier::BOLD;
        let plain = Cell::new("b");
        let cells = [(3, 1, &bold), (4, 1, &plain), (0, 2, &plain)];
        b.draw(cells.into_iter()).unwrap_or_default();
        b.draw([(1, 0, &plain)].into_iter()).unwrap_or_default();
        b.show_cursor().unwrap_or_default();
        let out = String::from_utf8_lossy(b.writer()).into_owned();
        assert_eq!(
            out,
            "\x1b[?25l\x1b[2;4H\x1b[1ma\x1b[0mb\x1b[3Hb\x1b[1;2Hb\x1b[?25h"
        );
    }
}
