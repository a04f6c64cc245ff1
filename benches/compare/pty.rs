//! One program running in a pseudo-terminal, its output timed on arrival and
//! parsed by a terminal emulator (vt100), with its memory and CPU read from
//! `/proc`. Everything the comparison measures goes through here, for less
//! and whosaid alike.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// A program's command line and environment; both programs get the same
/// clean environment apart from what is listed here.
pub struct Program {
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
}

pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    _master: Box<dyn MasterPty + Send>,
    rx: Receiver<(Instant, Vec<u8>)>,
    pub parser: vt100::Parser,
    pub spawned: Instant,
    /// Every byte written so far.
    pub bytes: usize,
    pub last_output: Option<Instant>,
    pub pid: u32,
    eof: bool,
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}

/// What one keystroke cost.
#[derive(Clone, Copy, Debug)]
pub struct Press {
    pub bytes: usize,
    /// Key sent → last byte of the answer.
    pub latency: Duration,
}

impl Session {
    pub fn spawn(program: &Program, cols: u16, rows: u16) -> anyhow::Result<Session> {
        let pair = native_pty_system().openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })?;
        let mut cmd = CommandBuilder::new(&program.argv[0]);
        cmd.args(&program.argv[1..]);
        cmd.env_clear();
        for key in ["PATH", "HOME", "USER"] {
            if let Some(v) = std::env::var_os(key) {
                cmd.env(key, v);
            }
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        for (k, v) in &program.env {
            cmd.env(k, v);
        }
        let mut reader = pair.master.try_clone_reader()?;
        let writer = pair.master.take_writer()?;
        let (tx, rx) = channel();
        // The reader thread only timestamps and forwards: emulating the
        // screen happens on the main thread, so its cost never delays a
        // timestamp.
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let spawned = Instant::now();
        let child = pair.slave.spawn_command(cmd)?;
        drop(pair.slave);
        let pid = child
            .process_id()
            .ok_or_else(|| anyhow::anyhow!("no pid"))?;
        Ok(Session {
            child,
            writer,
            _master: pair.master,
            rx,
            parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
            spawned,
            bytes: 0,
            last_output: None,
            pid,
            eof: false,
        })
    }

    /// Takes one chunk of output if it arrives within `timeout`.
    fn read_chunk(&mut self, timeout: Duration) -> Option<(Instant, usize)> {
        if self.eof {
            std::thread::sleep(timeout.min(Duration::from_millis(10)));
            return None;
        }
        match self.rx.recv_timeout(timeout) {
            Ok((t, data)) => {
                self.parser.process(&data);
                self.bytes += data.len();
                self.last_output = Some(t);
                Some((t, data.len()))
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                self.eof = true;
                None
            }
        }
    }

    pub fn screen_text(&self) -> String {
        self.parser.screen().contents()
    }

    /// Time from spawn to the arrival of the output that put `mark` on the
    /// screen.
    pub fn wait_for(&mut self, mark: &str, timeout: Duration) -> Option<Duration> {
        let end = Instant::now() + timeout;
        if self.screen_text().contains(mark) {
            return Some(Duration::ZERO);
        }
        while Instant::now() < end {
            if let Some((t, _)) = self.read_chunk(end - Instant::now().min(end))
                && self.screen_text().contains(mark)
            {
                return Some(t - self.spawned);
            }
            if self.eof {
                return None;
            }
        }
        None
    }

    /// Reads until nothing has been written for `quiet`; returns the bytes
    /// read. Gives up after `timeout` (a program that never stops writing).
    pub fn settle(&mut self, quiet: Duration, timeout: Duration) -> usize {
        let start = Instant::now();
        let before = self.bytes;
        while start.elapsed() < timeout && self.read_chunk(quiet).is_some() {}
        self.bytes - before
    }

    /// Waits until the program is idle: no output and no CPU time used for
    /// `quiet`. This is how "analysis finished" is seen from outside.
    pub fn settle_cpu(&mut self, quiet: Duration, timeout: Duration) -> bool {
        let start = Instant::now();
        let mut cpu = self.cpu_ticks();
        while start.elapsed() < timeout {
            self.settle(quiet, timeout);
            let now = self.cpu_ticks();
            if now == cpu {
                return true;
            }
            cpu = now;
        }
        false
    }

    pub fn send(&mut self, keys: &[u8]) -> anyhow::Result<()> {
        self.writer.write_all(keys)?;
        self.writer.flush()?;
        Ok(())
    }

    /// Sends `keys` and reads the answer until `quiet` passes without
    /// output.
    pub fn press(&mut self, keys: &[u8], quiet: Duration) -> anyhow::Result<Press> {
        self.settle(quiet, Duration::from_secs(5));
        let before = self.bytes;
        let sent = Instant::now();
        self.send(keys)?;
        let mut last = sent;
        while let Some((t, _)) = self.read_chunk(quiet) {
            last = t;
            if sent.elapsed() > Duration::from_secs(10) {
                break;
            }
        }
        Ok(Press {
            bytes: self.bytes - before,
            latency: last - sent,
        })
    }

    fn proc_status_kib(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Peak resident set size so far (`VmHWM`), in KiB.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        self.proc_status_kib("VmHWM:")
    }

    /// User + system CPU time in clock ticks, all threads.
    pub fn cpu_ticks(&self) -> u64 {
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)) else {
            return 0;
        };
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            return 0;
        };
        // After the command name: state is field 3, utime 14, stime 15.
        let f: Vec<&str> = after.split_whitespace().collect();
        f.get(11).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0)
            + f.get(12).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0)
    }

    /// Context switches of all threads: each one is a wake-up.
    pub fn context_switches(&self) -> u64 {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{}/task", self.pid)) else {
            return 0;
        };
        let mut total = 0;
        for task in tasks.filter_map(Result::ok) {
            let Ok(status) = std::fs::read_to_string(task.path().join("status")) else {
                continue;
            };
            for line in status.lines() {
                if line.starts_with("voluntary_ctxt_switches:")
                    || line.starts_with("nonvoluntary_ctxt_switches:")
                {
                    total += line
                        .split_whitespace()
                        .nth(1)
                        .and_then(|s| s.parse::<u64>().ok())
                        .unwrap_or(0);
                }
            }
        }
        total
    }

    /// Sends the quit keys and waits for the exit; kills the program if it
    /// does not go within two seconds.
    pub fn quit(mut self, keys: &[u8]) {
        let _ = self.send(keys);
        let end = Instant::now() + Duration::from_secs(2);
        while Instant::now() < end {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            self.read_chunk(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
