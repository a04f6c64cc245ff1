//! Bytes from an SSH channel → crossterm `Event`s, as the local reader gets
//! them from its terminal. terminput's parser (crossterm's own, made to work
//! on a buffer) does the escape sequences; this adds what a byte stream
//! needs: sequences split across packets, a lone `Esc` told apart from the
//! start of a sequence, and bracketed paste of any size in linear time with
//! bounded memory.

use crossterm::event::Event;
use memchr::memmem;

/// Longer than any real key or mouse report: past this it is garbage.
const MAX_SEQUENCE: usize = 64;
/// A paste is kept up to this size; the rest of it is dropped, never
/// interpreted as keys.
pub const MAX_PASTE: usize = 256 * 1024;

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
