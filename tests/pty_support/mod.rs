//! One way to run a program in a pseudo-terminal for the end-to-end tests:
//! open a pty, start the command, and feed everything it writes to a vt100
//! emulator (and a raw byte log) from a reader thread. The reader, SSH and
//! hostile-text tests each build their own command and keep their own
//! waiting and asserting helpers on top of this.

// Each test module uses only some of the fields.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct PtyRun<CB: vt100::Callbacks> {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Box<dyn Write + Send>,
    pub parser: Arc<Mutex<vt100::Parser<CB>>>,
    /// Every byte the program wrote, in order.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// While set, nobody reads the terminal, so the program's output backs
    /// up as on a stalled link.
    pub paused: Arc<AtomicBool>,
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a size of at least 1")
}

/// Starts `cmd` in a `cols` x `rows` pty whose output goes to a vt100
/// emulator with `callbacks`.
pub fn spawn<CB>(cmd: CommandBuilder, cols: u16, rows: u16, callbacks: CB) -> PtyRun<CB>
where
    CB: vt100::Callbacks + Send + 'static,
{
    let pty = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let child = pty.slave.spawn_command(cmd).expect("spawn in the pty");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let writer = pty.master.take_writer().expect("writer");
    let parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
        nz(rows),
        nz(cols),
        0,
        callbacks,
    )));
    let raw = Arc::new(Mutex::new(Vec::new()));
    let paused = Arc::new(AtomicBool::new(false));
    {
        let (parser, raw, paused) = (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&paused));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                if paused.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                }
                let Ok(n) = reader.read(&mut buf) else { break };
                if n == 0 {
                    break;
                }
                parser.lock().expect("parser").process(&buf[..n]);
                raw.lock().expect("raw").extend_from_slice(&buf[..n]);
            }
        });
    }
    PtyRun {
        child,
        master: pty.master,
        writer,
        parser,
        raw,
        paused,
    }
}

/// The text of the Article pane at 80x24 (right of the left column), rows
/// joined with spaces so wrapped phrases can be found whole.
pub fn article_pane(s: &vt100::Screen) -> String {
    let text: Vec<String> = s.rows(33, 46).collect();
    text.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
