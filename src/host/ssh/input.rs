//! Bytes from an SSH channel → crossterm `Event`s, as the local reader gets
//! them from its terminal. terminput's parser (crossterm's own, made to work
//! on a buffer) does the escape sequences; this adds what a byte stream
//! needs: sequences split across packets, a lone `Esc` told apart from the
//! start of a sequence, and bracketed paste of any size in linear time with
//! bounded memory. [`Intake`] is the whole path from a client's messages
//! (data and window changes) to what its reader handles, bounded at every
//! step; the session and the `ssh_input` fuzz target both drive it.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crossterm::event::Event;
use memchr::memmem;

/// Longer than any real key or mouse report: past this it is garbage.
const MAX_SEQUENCE: usize = 64;
/// A paste is kept up to this size; the rest of it is dropped, never
/// interpreted as keys.
pub const MAX_PASTE: usize = 256 * 1024;

/// Largest terminal we draw for; bigger requests are clamped to it.
pub const MAX_COLS: u16 = 500;
pub const MAX_ROWS: u16 = 200;
/// How long a lone ESC waits for the rest of an escape sequence.
pub const ESCAPE_WAIT: Duration = Duration::from_millis(30);
/// Input parsed but not yet handled, at most; past it keys are dropped, as
/// a terminal's type-ahead buffer does (a paste is one event).
pub const TYPE_AHEAD: usize = 256;

/// A client's terminal size as we draw it: 0x0 (a client that does not
/// know) is 80x24, and nothing is bigger than `MAX_COLS`x`MAX_ROWS`.
pub fn clamp_size(cols: u32, rows: u32) -> (u16, u16) {
    if cols == 0 || rows == 0 {
        return (80, 24);
    }
    let c = u16::try_from(cols.min(u32::from(MAX_COLS))).unwrap_or(MAX_COLS);
    let r = u16::try_from(rows.min(u32::from(MAX_ROWS))).unwrap_or(MAX_ROWS);
    (c, r)
}

/// What a reader handles next: keys and sizes in the order they came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Event(Event),
    Resize(u16, u16),
}

/// A client's input on its way to the reader: data messages parsed as they
/// arrive, a lone ESC resolved by the time the next bytes came (or
/// [`Intake::escape_timeout`]), sizes clamped, and what is not yet handled
/// kept as a terminal's type-ahead buffer: at most `TYPE_AHEAD`, the excess
/// dropped and counted, size changes in a row collapsed into the last.
#[derive(Debug)]
pub struct Intake {
    parser: InputParser,
    /// When the last data message arrived.
    last_input: Instant,
    events: Vec<Event>,
    queue: VecDeque<Pending>,
    dropped: u64,
}

impl Default for Intake {
    fn default() -> Self {
        Self::new()
    }
}

impl Intake {
    pub fn new() -> Self {
        Self {
            parser: InputParser::new(),
            last_input: Instant::now(),
            events: Vec::new(),
            queue: VecDeque::new(),
            dropped: 0,
        }
    }

    /// One data message from the client, arrived at `at`: a lone ESC that
    /// waited longer than `ESCAPE_WAIT` for it was the Esc key, however
    /// late its reader gets to the message.
    pub fn input(&mut self, bytes: &[u8], at: Instant) {
        if self.parser.waiting_on_escape() && at > self.last_input + ESCAPE_WAIT {
            self.parser.flush(&mut self.events);
        }
        self.parser.feed(bytes, &mut self.events);
        self.last_input = at;
        self.queue_events();
    }

    /// A window change; consecutive ones collapse into the last.
    pub fn resize(&mut self, cols: u32, rows: u32) {
        let (c, r) = clamp_size(cols, rows);
        if let Some(Pending::Resize(pc, pr)) = self.queue.back_mut() {
            (*pc, *pr) = (c, r);
        } else {
            self.push(Pending::Resize(c, r));
        }
    }

    /// When a lone ESC at the end of the input becomes the Esc key, if
    /// one is waiting.
    pub fn escape_deadline(&self) -> Option<Instant> {
        self.parser
            .waiting_on_escape()
            .then(|| self.last_input + ESCAPE_WAIT)
    }

    /// The escape deadline passed with nothing more: it was the Esc key.
    pub fn escape_timeout(&mut self) {
        self.parser.flush(&mut self.events);
        self.queue_events();
    }

    pub fn has_pending(&self) -> bool {
        !self.queue.is_empty()
    }

    pub fn pop(&mut self) -> Option<Pending> {
        self.queue.pop_front()
    }

    /// Events dropped because the type-ahead buffer was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Bytes the parser holds of an unfinished sequence or paste, for
    /// checks that it stays bounded.
    pub fn held(&self) -> usize {
        self.parser.buf.len()
            + self
                .parser
                .paste
                .as_ref()
                .map_or(0, |p| p.text.len() + p.tail.len())
    }

    fn queue_events(&mut self) {
        let mut events = std::mem::take(&mut self.events);
        for ev in events.drain(..) {
            self.push(Pending::Event(ev));
        }
        self.events = events;
    }

    fn push(&mut self, p: Pending) {
        if self.queue.len() >= TYPE_AHEAD {
            self.dropped += 1;
        } else {
            self.queue.push_back(p);
        }
    }
}

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

#[derive(Debug, Default)]
pub struct InputParser {
    buf: Vec<u8>,
    paste: Option<Paste>,
}

#[derive(Debug, Default)]
struct Paste {
    text: Vec<u8>,
    tail: Vec<u8>,
}

impl InputParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses `bytes` (one packet), appending complete events to `out`. An
    /// incomplete sequence at the end waits for the next call.
    pub fn feed(&mut self, mut bytes: &[u8], out: &mut Vec<Event>) {
        // A packet that ended in a lone ESC was the Esc key unless this one
        // carries on a sequence: clients send each read of their terminal
        // as one packet, so packet boundaries survive however late we get
        // to them.
        if self.waiting_on_escape() && !matches!(bytes.first(), Some(b'[' | b'O') | None) {
            self.flush(out);
        }
        while !bytes.is_empty() {
            if self.paste.is_some() {
                bytes = self.feed_paste(bytes, out);
                continue;
            }
            let b = bytes[0];
            bytes = &bytes[1..];
            // ESC never occurs inside a sequence: it abandons an unfinished
            // one and starts anew (ESC ESC stays Alt-Esc).
            if b == 0x1b && self.buf.len() > 1 {
                self.buf.clear();
            }
            self.buf.push(b);
            // A lone ESC may start a sequence whose rest is still on its
            // way: the next byte decides, or `flush` after a short wait.
            if self.buf == [0x1b] {
                continue;
            }
            if self.buf == PASTE_START {
                self.buf.clear();
                self.paste = Some(Paste::default());
                continue;
            }
            if PASTE_START.starts_with(&self.buf) && self.buf.len() > 2 {
                continue;
            }
            match terminput::Event::parse_from(&self.buf) {
                Ok(Some(ev)) => {
                    self.buf.clear();
                    if let Ok(ev) = terminput_crossterm::to_crossterm(ev) {
                        out.push(ev);
                    }
                }
                Ok(None) if self.buf.len() <= MAX_SEQUENCE => {}
                Ok(None) | Err(_) => self.buf.clear(),
            }
        }
    }

    /// True when the input ends in a lone ESC: the caller waits a moment for
    /// the rest of a sequence, then calls [`Self::flush`].
    pub fn waiting_on_escape(&self) -> bool {
        self.buf == [0x1b]
    }

    /// No more bytes came: a lone ESC was the Esc key.
    pub fn flush(&mut self, out: &mut Vec<Event>) {
        if self.waiting_on_escape() {
            self.buf.clear();
            out.push(Event::Key(crossterm::event::KeyCode::Esc.into()));
        }
    }

    fn feed_paste<'a>(&mut self, bytes: &'a [u8], out: &mut Vec<Event>) -> &'a [u8] {
        let Some(paste) = self.paste.as_mut() else {
            return bytes;
        };
        // The last few bytes are held back in `tail` until we know they are
        // not the start of an end marker split across packets.
        let held = paste.tail.len();
        let mut window = std::mem::take(&mut paste.tail);
        window.extend_from_slice(bytes);
        if let Some(i) = memmem::find(&window, PASTE_END) {
            push_capped(&mut paste.text, &window[..i]);
            let text = String::from_utf8_lossy(&paste.text).into_owned();
            self.paste = None;
            out.push(Event::Paste(text));
            // The marker is longer than `held`, so it ends inside `bytes`.
            return &bytes[(i + PASTE_END.len()).saturating_sub(held).min(bytes.len())..];
        }
        let keep_from = window.len().saturating_sub(PASTE_END.len() - 1);
        push_capped(&mut paste.text, &window[..keep_from]);
        paste.tail = window.split_off(keep_from);
        &[]
    }
}

fn push_capped(text: &mut Vec<u8>, bytes: &[u8]) {
    let room = MAX_PASTE.saturating_sub(text.len());
    text.extend_from_slice(&bytes[..bytes.len().min(room)]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{
        KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
    };
    use proptest::prelude::*;

    fn parse_chunks(chunks: &[&[u8]]) -> Vec<Event> {
        let mut p = InputParser::new();
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c, &mut out);
        }
        p.flush(&mut out);
        out
    }

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn keys_the_reader_uses() {
        let all = parse_chunks(&[b"q\x1b[A\x1b[B\x1b[5~\x1b[6~\x1b[H\x1b[F\x1b[Z\t\r\x04 "]);
        assert_eq!(
            all,
            vec![
                key(KeyCode::Char('q')),
                key(KeyCode::Up),
                key(KeyCode::Down),
                key(KeyCode::PageUp),
                key(KeyCode::PageDown),
                key(KeyCode::Home),
                key(KeyCode::End),
                Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
                key(KeyCode::Tab),
                key(KeyCode::Enter),
                Event::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)),
                key(KeyCode::Char(' ')),
            ]
        );
    }

    #[test]
    fn sequences_split_across_packets_still_parse() {
        let whole = b"\x1b[5~\x1b[<0;12;7M\x1bOA\xc3\xa9";
        let expected = parse_chunks(&[whole]);
        assert_eq!(expected.len(), 4);
        for cut in 1..whole.len() {
            let (a, b) = whole.split_at(cut);
            assert_eq!(parse_chunks(&[a, b]), expected, "cut at {cut}");
        }
        let bytes: Vec<&[u8]> = whole.chunks(1).collect();
        assert_eq!(parse_chunks(&bytes), expected);
    }

    #[test]
    fn lone_escape_waits_then_is_esc() {
        let mut p = InputParser::new();
        let mut out = Vec::new();
        p.feed(b"\x1b", &mut out);
        assert!(out.is_empty());
        assert!(p.waiting_on_escape());
        p.flush(&mut out);
        assert_eq!(out, vec![key(KeyCode::Esc)]);
    }

    #[test]
    fn esc_then_a_key_in_the_next_packet_is_esc_and_the_key() {
        assert_eq!(
            parse_chunks(&[b"\x1b", b"?"]),
            vec![key(KeyCode::Esc), key(KeyCode::Char('?'))]
        );
        assert_eq!(parse_chunks(&[b"\x1b", b"[A"]), vec![key(KeyCode::Up)]);
    }

    #[test]
    fn sgr_mouse_click_and_wheel() {
        let all = parse_chunks(&[b"\x1b[<0;12;7M\x1b[<65;3;4M"]);
        assert_eq!(
            all,
            vec![
                Event::Mouse(MouseEvent {
                    kind: MouseEventKind::Down(MouseButton::Left),
                    column: 11,
                    row: 6,
                    modifiers: KeyModifiers::NONE,
                }),
                Event::Mouse(MouseEvent {
                    kind: MouseEventKind::ScrollDown,
                    column: 2,
                    row: 3,
                    modifiers: KeyModifiers::NONE,
                }),
            ]
        );
    }

    #[test]
    fn big_paste_in_small_packets_is_one_event_and_keys_follow() {
        let body: String = "q Ünïcode words ".repeat(100_000 / 16);
        let mut stream = Vec::new();
        stream.extend_from_slice(PASTE_START);
        stream.extend_from_slice(body.as_bytes());
        stream.extend_from_slice(PASTE_END);
        stream.extend_from_slice(b"j");
        for size in [1, 5, 7, 4096, 32768] {
            let chunks: Vec<&[u8]> = stream.chunks(size).collect();
            let out = parse_chunks(&chunks);
            assert_eq!(out.len(), 2, "chunk size {size}");
            assert_eq!(out[0], Event::Paste(body.clone()), "chunk size {size}");
            assert_eq!(out[1], key(KeyCode::Char('j')));
        }
    }

    #[test]
    fn oversized_paste_is_cut_and_never_becomes_keys() {
        let body = vec![b'q'; MAX_PASTE * 2];
        let mut stream = PASTE_START.to_vec();
        stream.extend_from_slice(&body);
        stream.extend_from_slice(PASTE_END);
        let out = parse_chunks(&[&stream]);
        assert_eq!(out.len(), 1);
        let Event::Paste(text) = &out[0] else {
            panic!("not a paste: {out:?}")
        };
        assert_eq!(text.len(), MAX_PASTE);
    }

    #[test]
    fn unterminated_garbage_sequence_is_dropped_and_parsing_recovers() {
        let mut p = InputParser::new();
        let mut out = Vec::new();
        let mut stream = b"\x1b[".to_vec();
        stream.extend(std::iter::repeat_n(b'1', 10_000));
        for chunk in stream.chunks(7) {
            p.feed(chunk, &mut out);
            assert!(p.buf.len() <= MAX_SEQUENCE);
        }
        out.clear();
        p.feed(b"\x1b[Ak", &mut out);
        assert_eq!(out.last(), Some(&key(KeyCode::Char('k'))));
    }

    #[test]
    fn an_unfinished_sequence_does_not_swallow_the_next_one() {
        assert_eq!(
            parse_chunks(&[b"\x1b[12", b"\x1b[200~q\x1b[201~"]),
            vec![Event::Paste("q".into())]
        );
        assert_eq!(parse_chunks(&[b"\x1b[<0;1\x1b[A"]), vec![key(KeyCode::Up)]);
    }

    #[test]
    fn sizes_are_clamped_and_zero_means_unknown() {
        assert_eq!(clamp_size(80, 24), (80, 24));
        assert_eq!(clamp_size(0, 24), (80, 24));
        assert_eq!(clamp_size(100_000, 1), (MAX_COLS, 1));
        assert_eq!(clamp_size(u32::MAX, u32::MAX), (MAX_COLS, MAX_ROWS));
    }

    #[test]
    fn type_ahead_is_bounded_and_sizes_in_a_row_collapse() {
        let mut intake = Intake::new();
        let now = Instant::now();
        intake.input(&[b'j'; TYPE_AHEAD + 10], now);
        assert_eq!(intake.queue.len(), TYPE_AHEAD);
        assert_eq!(intake.dropped(), 10);

        let mut intake = Intake::new();
        intake.input(b"j", now);
        intake.resize(80, 24);
        intake.resize(100_000, 0);
        intake.resize(1000, 1000);
        intake.input(b"k", now);
        intake.resize(60, 20);
        let all: Vec<Pending> = std::iter::from_fn(|| intake.pop()).collect();
        assert_eq!(
            all,
            vec![
                Pending::Event(key(KeyCode::Char('j'))),
                Pending::Resize(MAX_COLS, MAX_ROWS),
                Pending::Event(key(KeyCode::Char('k'))),
                Pending::Resize(60, 20),
            ]
        );
    }

    #[test]
    fn a_lone_esc_is_the_esc_key_after_the_wait_or_when_late_bytes_come() {
        let t0 = Instant::now();
        let mut intake = Intake::new();
        intake.input(b"\x1b", t0);
        assert_eq!(intake.escape_deadline(), Some(t0 + ESCAPE_WAIT));
        assert!(!intake.has_pending());
        intake.escape_timeout();
        assert_eq!(intake.pop(), Some(Pending::Event(key(KeyCode::Esc))));
        assert_eq!(intake.escape_deadline(), None);
        // Esc, then "[A" after the wait: Esc, [ and A, not Up.
        intake.input(b"\x1b", t0);
        intake.input(b"[A", t0 + ESCAPE_WAIT * 2);
        assert_eq!(intake.pop(), Some(Pending::Event(key(KeyCode::Esc))));
        assert_eq!(intake.pop(), Some(Pending::Event(key(KeyCode::Char('[')))));
        // ... and within the wait: Up.
        intake.pop();
        intake.input(b"\x1b", t0);
        intake.input(b"[A", t0 + ESCAPE_WAIT / 2);
        assert_eq!(intake.pop(), Some(Pending::Event(key(KeyCode::Up))));
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(chunks in proptest::collection::vec(
            proptest::collection::vec(any::<u8>(), 0..64), 0..16)) {
            let mut p = InputParser::new();
            let mut out = Vec::new();
            for c in &chunks {
                p.feed(c, &mut out);
            }
            p.flush(&mut out);
            prop_assert!(p.buf.len() <= MAX_SEQUENCE + 1);
        }
    }
}
