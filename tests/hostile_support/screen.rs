//! Checks what ratatui writes against a terminal emulator. Used by the
//! proptests and, through `#[path]`, by the fuzz targets.
#![allow(dead_code)]

use std::cell::RefCell;
use std::io::Write;
use std::num::NonZeroU16;
use std::rc::Rc;

use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, Cell, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};
use whosaid::term::{AnsiBackend, Painter};

/// A writer whose bytes can be taken while the terminal still owns it.
#[derive(Clone, Default)]
pub struct Sink(Rc<RefCell<Vec<u8>>>);

impl Sink {
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A ratatui terminal whose output goes into a vt100 emulator (which
/// advances per character, like `wcwidth` terminals).
pub struct Emulated {
    terminal: Terminal<AnsiBackend<Sink>>,
    /// Draws as the reader does: ratatui's diff plus scroll regions and gap
    /// filling.
    painter: Painter,
    sink: Sink,
    vt: vt100::Parser,
    /// Every byte written so far.
    pub bytes: Vec<u8>,
}

impl Emulated {
    pub fn new(w: u16, h: u16) -> Result<Emulated, String> {
        let sink = Sink::default();
        let terminal = Terminal::with_options(
            AnsiBackend::new(sink.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
            },
        )
        .map_err(|e| e.to_string())?;
        let (Some(rows), Some(cols)) = (NonZeroU16::new(h), NonZeroU16::new(w)) else {
            return Err("empty terminal".to_owned());
        };
        Ok(Emulated {
            terminal,
            painter: Painter::new(),
            sink,
            vt: vt100::Parser::new(rows, cols, 0),
            bytes: Vec::new(),
        })
    }

    /// Draws one frame and checks that the emulator's screen is exactly the
    /// frame: nothing pushed a border, nothing left a stale cell, no control
    /// character in any cell. `draw` runs more than once.
    pub fn frame(&mut self, mut draw: impl FnMut(&mut Frame)) -> Result<(), String> {
        self.painter
            .draw(&mut self.terminal, |f| {
                draw(f);
                None
            })
            .map_err(|e| e.to_string())?;
        let area = self.terminal.get_frame().area();
        let mut expected =
            Terminal::new(TestBackend::new(area.width, area.height)).map_err(|e| e.to_string())?;
        let buf = expected
            .draw(&mut draw)
            .map_err(|e| e.to_string())?
            .buffer
            .clone();
        let bytes = self.sink.take();
        self.vt.process(&for_emulator(&bytes));
        self.bytes.extend_from_slice(&bytes);
        compare(&buf, self.vt.screen())
    }

    pub fn screen(&self) -> &vt100::Screen {
        self.vt.screen()
    }
}

/// Draws `frames` one after another through an [`Emulated`] terminal,
/// checking each. Returns the bytes written.
pub fn draw_through_terminal(
    w: u16,
    h: u16,
    frames: &mut dyn Iterator<Item = Box<dyn FnMut(&mut Frame)>>,
) -> Result<Vec<u8>, String> {
    let mut t = Emulated::new(w, h)?;
    for mut draw in frames {
        t.frame(&mut draw)?;
    }
    Ok(t.bytes)
}

/// Compares row by row, and the first and last column cell by cell (where
/// pane borders are). Rows are compared as text because a flag is one
/// ratatui cell but two emulator cells, which draw the same.
pub fn compare(buf: &Buffer, screen: &vt100::Screen) -> Result<(), String> {
    let area = buf.area;
    for y in 0..area.height {
        let mut drawn = String::new();
        let mut x = 0;
        while x < area.width {
            let sym = buf[(x, y)].symbol();
            if sym.chars().any(char::is_control) {
                return Err(format!("control character in cell {x},{y}: {sym:?}"));
            }
            drawn.push_str(&sym.replace(REPLACEMENT, "?"));
            x = x.saturating_add(buf[(x, y)].symbol().cell_width().max(1));
        }
        let mut shown = String::new();
        for x in 0..area.width {
            let Some(cell) = screen.cell(y, x) else {
                continue;
            };
            if cell.is_wide_continuation() {
                continue;
            }
            let c = cell.contents();
            shown.push_str(if c.is_empty() { " " } else { c });
        }
        let edges = [0, area.width - 1].map(|x| {
            let c = screen.cell(y, x).map_or("", vt100::Cell::contents);
            (buf[(x, y)].symbol(), if c.is_empty() { " " } else { c })
        });
        let border_moved = edges
            .iter()
            .any(|(b, s)| b.starts_with(['│', '┐', '┘', '┌', '└', '─']) && b != s);
        if shown != drawn || border_moved {
            return Err(format!(
                "row {y}: terminal shows {shown:?}, ratatui drew {drawn:?}\n{}",
                screen.contents()
            ));
        }
        let mut x = 0;
        while x < area.width {
            let cell = &buf[(x, y)];
            if let Some(shown) = screen.cell(y, x) {
                let (want, got) = (Look::of_cell(cell), Look::of_screen(shown));
                if want != got {
                    return Err(format!(
                        "cell {x},{y} {:?}: terminal draws it {got:?}, ratatui {want:?}",
                        cell.symbol()
                    ));
                }
            }
            x = x.saturating_add(cell.symbol().cell_width().max(1));
        }
    }
    Ok(())
}

/// How a cell looks, in what both ratatui and the emulator can say: the
/// colours, and the attributes vt100 keeps (not blink, hidden or
/// crossed-out; bold and dim together are one intensity there, so callers
/// use one or the other).
#[derive(Debug, PartialEq, Eq)]
struct Look {
    fg: vt100::Color,
    bg: vt100::Color,
    bold: bool,
    dim: bool,
    italic: bool,
    underline: bool,
    inverse: bool,
}

impl Look {
    fn of_cell(cell: &Cell) -> Look {
        let m = cell.modifier;
        Look {
            fg: vt_color(cell.fg),
            bg: vt_color(cell.bg),
            bold: m.contains(Modifier::BOLD),
            dim: m.contains(Modifier::DIM),
            italic: m.contains(Modifier::ITALIC),
            underline: m.contains(Modifier::UNDERLINED),
            inverse: m.contains(Modifier::REVERSED),
        }
    }

    fn of_screen(cell: &vt100::Cell) -> Look {
        Look {
            fg: cell.fgcolor(),
            bg: cell.bgcolor(),
            bold: cell.bold(),
            dim: cell.dim(),
            italic: cell.italic(),
            underline: cell.underline(),
            inverse: cell.inverse(),
        }
    }
}

fn vt_color(c: Color) -> vt100::Color {
    let basic = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        named => basic
            .iter()
            .position(|b| *b == named)
            .and_then(|i| u8::try_from(i).ok())
            .map_or(vt100::Color::Default, vt100::Color::Idx),
    }
}

/// vt100 drops U+FFFD (it takes it for a decoding error) where terminals
/// draw it, so both sides see `?` instead.
const REPLACEMENT: char = '\u{FFFD}';

fn for_emulator(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with("\u{FFFD}".as_bytes()) {
            out.push(b'?');
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}
