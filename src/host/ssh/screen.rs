//! What a session shows. The SSH side only needs "take an event, draw a
//! frame, say when to quit"; keeping that behind a trait lets the plumbing be
//! tested on its own and keeps `serve` out of the reader's internals.

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Position;
use ratatui::widgets::{Block, Paragraph};

/// What the client told us about its terminal: TERM from the pty request,
/// `NO_COLOR`, COLORTERM and `TERM_PROGRAM` from its environment requests.
/// Never the server's own environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientTerm {
    pub term: String,
    pub no_color: bool,
    pub colorterm: Option<String>,
    pub program: Option<String>,
    /// Who the client is: the SHA-256 fingerprint of the public key it
    /// authenticated with (`None` on an open server, where nobody is
    /// known). Keys what the server keeps for it (corrections).
    pub fingerprint: Option<String>,
}

pub trait Screen: Send {
    /// The client's terminal size, at the start and after each change.
    fn resize(&mut self, cols: u16, rows: u16);
    /// Takes one input event; says whether the screen may have changed.
    fn handle(&mut self, event: &Event) -> bool;
    /// Takes in what background work finished (called before each draw).
    fn tick(&mut self) {}
    /// Draws the frame; returns where the terminal cursor goes (`None`
    /// hides it).
    fn draw(&mut self, frame: &mut Frame) -> Option<Position>;
    fn should_quit(&self) -> bool;
    /// Terminal output besides the frame, such as an OSC 52 copy.
    fn take_output(&mut self) -> Vec<u8> {
        Vec::new()
    }
    /// The reader ended: what is left to do that may block (saving its
    /// reading positions), for the host to run off its async threads.
    fn finish(&mut self) -> Option<Box<dyn FnOnce() + Send>> {
        None
    }
}

/// Makes a reader's screen: its terminal, its wake-up, and where its
/// positions are kept (`None`: nowhere, an anonymous reader).
pub type ScreenFactory =
    std::sync::Arc<dyn Fn(&ClientTerm, Wake, Option<Remembered>) -> Box<dyn Screen> + Send + Sync>;

/// A reader's remembered positions and where they go back when it ends.
pub struct Remembered {
    pub positions: crate::library::state::StateStore,
    pub state: std::sync::Arc<super::keyed::KeyedState>,
    pub key: super::keyed::KeyId,
}

/// Wakes a reader's task so it calls [`Screen::tick`]: for work a screen
/// runs in the background. Weak, so it never keeps a finished session alive.
#[derive(Debug, Clone)]
pub struct Wake(pub(super) tokio::sync::mpsc::WeakSender<super::session::ToReader>);

impl Wake {
    pub fn wake(&self) {
        if let Some(tx) = self.0.upgrade() {
            // A full queue means the task is awake anyway.
            let _ = tx.try_send(super::session::ToReader::Wake);
        }
    }
}

/// A bare screen that shows what the session received: used to test the
/// SSH plumbing without depending on the reader.
#[derive(Debug, Default)]
pub struct Probe {
    pub title: String,
    last: String,
    events: usize,
    quit: bool,
    term: ClientTerm,
    panic_key: bool,
}

impl Probe {
    /// `panic_key`: `!` panics (the server's `WHOSAID_DEBUG_PANIC=1`).
    pub fn new(title: &str, term: &ClientTerm, panic_key: bool) -> Self {
        Self {
            title: crate::model::text::visible(title).into_owned(),
            term: term.clone(),
            panic_key,
            ..Self::default()
        }
    }
}

impl Screen for Probe {
    fn resize(&mut self, _cols: u16, _rows: u16) {}

    fn handle(&mut self, event: &Event) -> bool {
        self.events += 1;
        self.last = match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                if (k.code == KeyCode::Char('q') && k.modifiers.is_empty())
                    || (k.code == KeyCode::Char('c') && k.modifiers == KeyModifiers::CONTROL)
                {
                    self.quit = true;
                }
                // A screen that panics, to show a crash ends only its
                // session; only when the operator asked for it.
                assert!(
                    !(self.panic_key && k.code == KeyCode::Char('!')),
                    "probe: panic on request"
                );
                format!("key {:?} {:?}", k.code, k.modifiers)
            }
            Event::Paste(p) => format!(
                "paste of {}",
                crate::model::text::count(p.len(), "byte", "bytes")
            ),
            Event::Mouse(m) => format!("mouse {:?} at {},{}", m.kind, m.column, m.row),
            other => format!("{other:?}").chars().take(40).collect(),
        };
        true
    }

    fn draw(&mut self, frame: &mut Frame) -> Option<Position> {
        let area = frame.area();
        let text = format!(
            "size {}x{}\nevents {}\nlast {}\nterm {} no_color {}",
            area.width,
            area.height,
            self.events,
            self.last,
            crate::model::text::visible(&self.term.term),
            self.term.no_color
        );
        frame.render_widget(
            Paragraph::new(text).block(Block::bordered().title(self.title.as_str())),
            area,
        );
        None
    }

    fn should_quit(&self) -> bool {
        self.quit
    }
}
