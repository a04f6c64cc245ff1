//! Frames on their way to one reader. The reader's task renders into memory
//! and never waits on the network; a separate writer task hands the bytes to
//! russh, which waits on the client's SSH window. Between the two sits a
//! bounded outbox: a reader whose outbox overflows is too far behind and is
//! disconnected, so one slow client costs a bounded amount of memory and
//! never holds up anyone else.

use std::io;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

/// How much may wait for one reader. A full redraw of the largest allowed
/// terminal fits several times over.
pub const OUTBOX_LIMIT: usize = 4 * 1024 * 1024;

#[derive(Debug)]
pub struct Outbox {
    state: Mutex<State>,
    ready: Notify,
    limit: usize,
}

#[derive(Debug, Default)]
struct State {
    queued: Vec<u8>,
    in_flight: usize,
    closed: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    Bytes(Vec<u8>),
    /// Everything was sent and the reader is done.
    Closed,
}

impl Outbox {
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(State::default()),
            ready: Notify::new(),
            limit,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Queues bytes for the client; fails when the reader is too far behind.
    pub fn push(&self, bytes: &[u8]) -> io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        let mut s = self.lock();
        if s.closed {
            return Err(io::ErrorKind::BrokenPipe.into());
        }
        if s.queued.len() + s.in_flight + bytes.len() > self.limit {
            return Err(io::Error::other("reader too far behind"));
        }
        s.queued.extend_from_slice(bytes);
        drop(s);
        self.ready.notify_one();
        Ok(())
    }

    /// No more frames: the writer sends what is queued, then finishes.
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_one();
    }

    /// The writer's side: everything queued so far, or `Closed`.
    pub async fn next(&self) -> Next {
        loop {
            {
                let mut s = self.lock();
                if !s.queued.is_empty() {
                    let bytes = std::mem::take(&mut s.queued);
                    s.in_flight += bytes.len();
                    return Next::Bytes(bytes);
                }
                if s.closed {
                    return Next::Closed;
                }
            }
            self.ready.notified().await;
        }
    }

    /// The writer handed `n` bytes to the SSH session.
    pub fn sent(&self, n: usize) {
        let mut s = self.lock();
        s.in_flight = s.in_flight.saturating_sub(n);
    }

    #[cfg(test)]
    pub fn pending(&self) -> usize {
        let s = self.lock();
        s.queued.len() + s.in_flight
    }
}

/// The `io::Write` under the reader's `AnsiBackend`: collects a frame in
/// memory and queues it on `flush`, which ratatui calls once per frame.
#[derive(Debug)]
pub struct FrameWriter {
    buf: Vec<u8>,
    outbox: Arc<Outbox>,
}

impl FrameWriter {
    pub fn new(outbox: Arc<Outbox>) -> Self {
        Self {
            buf: Vec::with_capacity(4096),
            outbox,
        }
    }
}

impl io::Write for FrameWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.outbox.push(&self.buf);
        self.buf.clear();
        // A frame much larger than usual should not keep its memory.
        if self.buf.capacity() > 256 * 1024 {
            self.buf.shrink_to(4096);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[tokio::test]
    async fn frames_arrive_in_order_then_closed() {
        let outbox = Outbox::new(100);
        let mut w = FrameWriter::new(outbox.clone());
        w.write_all(b"one ").expect("write");
        w.flush().expect("flush");
        w.write_all(b"two").expect("write");
        w.flush().expect("flush");
        outbox.close();
        assert_eq!(outbox.next().await, Next::Bytes(b"one two".to_vec()));
        assert_eq!(outbox.pending(), 7);
        outbox.sent(7);
        assert_eq!(outbox.pending(), 0);
        assert_eq!(outbox.next().await, Next::Closed);
    }

    #[test]
    fn a_reader_too_far_behind_overflows() {
        let outbox = Outbox::new(10);
        outbox.push(b"12345678").expect("fits");
        let err = outbox.push(b"abc").expect_err("overflow");
        assert!(err.to_string().contains("too far behind"));
        // Bytes being sent still count until the writer says they went.
        assert_eq!(outbox.pending(), 8);
    }

    #[tokio::test]
    async fn writer_wakes_on_push() {
        let outbox = Outbox::new(100);
        let o2 = outbox.clone();
        let waiter = tokio::spawn(async move { o2.next().await });
        tokio::task::yield_now().await;
        outbox.push(b"x").expect("push");
        let got = tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .expect("woken")
            .expect("joined");
        assert_eq!(got, Next::Bytes(b"x".to_vec()));
    }
}
