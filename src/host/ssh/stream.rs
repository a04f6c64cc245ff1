//! A TCP stream the server can cut from outside. russh's session loop owns
//! the socket; when a reader is too far behind, idle, or still there after
//! shutdown, its SSH session may be blocked on a full socket and unable to
//! hear a polite request, so we fail its I/O instead.

use std::io;
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Waker};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

#[derive(Debug, Default)]
pub struct KillSwitch {
    killed: AtomicBool,
    wakers: Mutex<Vec<Waker>>,
    /// Why the connection is about to be cut, for the SSH handler to send
    /// as a disconnect message at its next chance: unlike anything queued
    /// through a `Handle`, that goes out even when the channel's window is
    /// full.
    farewell: Mutex<Option<String>>,
}

impl KillSwitch {
    pub fn set_farewell(&self, reason: &str) {
        if let Ok(mut f) = self.farewell.lock() {
            *f = Some(reason.to_owned());
        }
    }

    pub fn take_farewell(&self) -> Option<String> {
        self.farewell.lock().ok().and_then(|mut f| f.take())
    }

    pub fn kill(&self) {
        self.killed.store(true, Ordering::SeqCst);
        let wakers = match self.wakers.lock() {
            Ok(mut w) => std::mem::take(&mut *w),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        };
        for w in wakers {
            w.wake();
        }
    }

    pub fn is_killed(&self) -> bool {
        self.killed.load(Ordering::SeqCst)
    }

    fn check(&self, cx: &Context<'_>) -> io::Result<()> {
        if self.is_killed() {
            return Err(io::ErrorKind::ConnectionAborted.into());
        }
        if let Ok(mut w) = self.wakers.lock() {
            // Two tasks at most poll a stream (reader and writer): keep the
            // list from growing with repeated polls of the same task.
            if !w.iter().any(|old| old.will_wake(cx.waker())) {
                if w.len() >= 4 {
                    w.remove(0);
                }
                w.push(cx.waker().clone());
            }
        }
        Ok(())
    }
}

pub struct Killable<S> {
    inner: S,
    switch: std::sync::Arc<KillSwitch>,
}

impl<S> Killable<S> {
    pub fn new(inner: S, switch: std::sync::Arc<KillSwitch>) -> Self {
        Self { inner, switch }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Killable<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if let Err(e) = self.switch.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Killable<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if let Err(e) = self.switch.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Err(e) = self.switch.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.switch.is_killed() {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn a_blocked_read_fails_once_killed() {
        let (a, _b) = tokio::io::duplex(64);
        let switch = Arc::new(KillSwitch::default());
        let mut s = Killable::new(a, switch.clone());
        let reader = tokio::spawn(async move {
            let mut buf = [0u8; 8];
            s.read(&mut buf).await
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!reader.is_finished());
        switch.kill();
        let r = tokio::time::timeout(Duration::from_secs(5), reader)
            .await
            .expect("woken")
            .expect("joined");
        assert_eq!(
            r.expect_err("killed").kind(),
            io::ErrorKind::ConnectionAborted
        );
    }
}
