//! Corrections made in the real reader (the binary in a pseudo-terminal,
//! parsed by vt100) are what `whosaid sources --json` prints afterwards:
//! rename with `R`, hide with `D`, attribute a paragraph with `v`, `a`.
//! And a corrupt or hostile corrections file lets the reader open, with a
//! notice, the file kept as `.bad`. Each run has its own `XDG_DATA_HOME`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;

use crate::corrections::{SEED, seed_file};
use crate::json::{parse, run_with_data};
use crate::pty_support;

const DEADLINE: Duration = Duration::from_secs(20);

struct Reader {
    run: pty_support::PtyRun<()>,
}

impl Reader {
    /// The reader on the seed at 100x30, with `data` as `XDG_DATA_HOME`.
    fn open(data: &Path) -> Reader {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_whosaid"));
        cmd.arg(SEED);
        cmd.cwd(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        cmd.env("HOME", data);
        cmd.env("XDG_DATA_HOME", data);
        cmd.env("XDG_STATE_HOME", data.join("state"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let r = Reader {
            run: pty_support::spawn(cmd, 100, 30, ()),
        };
        r.wait_text("Mikhail Razvozhayev");
        r
    }

    fn screen(&self) -> String {
        self.run.parser.lock().expect("parser").screen().contents()
    }

    fn send(&mut self, keys: &str) {
        self.run.writer.write_all(keys.as_bytes()).expect("write");
        self.run.writer.flush().expect("flush");
    }

    fn wait_text(&self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {text:?}; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn quit(mut self) {
        self.send("q");
        let start = Instant::now();
        while self.run.child.try_wait().expect("try_wait").is_none() {
            assert!(start.elapsed() < DEADLINE, "whosaid did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
        let status = self.run.child.wait().expect("status");
        assert!(status.success(), "{status:?}");
    }
}

fn sources(data: &Path, engine: bool) -> crate::json::Output {
    let mut args = vec!["sources", "--json"];
    if engine {
        args.push("--engine");
    }
    args.push(SEED);
    parse(&run_with_data(data, &args).0)
}

#[test]
fn a_rename_in_the_reader_is_what_sources_prints() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut r = Reader::open(data.path());
    r.send("1R");
    r.wait_text("rename to: Vitali Klitschko");
    r.send("Mayor Vitali Klitschko\r");
    r.wait_text("renamed to Mayor Vitali Klitschko");
    r.wait_text("1 Mayor Vitali Klitschko");
    r.quit();
    let v = sources(data.path(), false);
    let first = &v.sources[0];
    assert_eq!(first.name, "Mayor Vitali Klitschko");
    assert!(first.corrected);
    assert_eq!(
        sources(data.path(), true).sources[0].name,
        "Vitali Klitschko"
    );
}

#[test]
fn a_source_hidden_in_the_reader_is_gone_from_sources_but_not_the_engine_s() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut r = Reader::open(data.path());
    r.send("3D");
    r.wait_text("Sergiy Popko hidden");
    r.quit();
    let names = |v: &crate::json::Output| -> Vec<String> {
        v.sources.iter().map(|s| s.name.clone()).collect()
    };
    let corrected = names(&sources(data.path(), false));
    assert!(
        !corrected.contains(&"Sergiy Popko".to_owned()),
        "{corrected:?}"
    );
    let engine = names(&sources(data.path(), true));
    assert!(engine.contains(&"Sergiy Popko".to_owned()), "{engine:?}");
}

#[test]
fn a_paragraph_attributed_with_v_and_a_is_a_new_passage() {
    let data = tempfile::tempdir().expect("tempdir");
    let before = sources(data.path(), false);
    let old: Vec<usize> = before.sources[0]
        .passages
        .iter()
        .map(|p| p.paragraph)
        .collect();
    let mut r = Reader::open(data.path());
    // The cursor starts on ¶1 at the top; ¶2 is no passage of Klitschko's.
    r.send("1v");
    r.wait_text("¶1: j/k move");
    r.send("j");
    r.wait_text("¶2: j/k move");
    r.send("a");
    r.wait_text("¶2 attributed to Vitali Klitschko");
    r.quit();
    let after = sources(data.path(), false);
    let klitschko = &after.sources[0];
    assert!(klitschko.corrected);
    let new: Vec<usize> = klitschko.passages.iter().map(|p| p.paragraph).collect();
    assert!(!old.contains(&1) && new.contains(&1), "{old:?} -> {new:?}");
    assert_eq!(new.len(), old.len() + 1);
}

#[test]
fn the_reader_opens_over_a_corrupt_or_hostile_corrections_file() {
    let data = tempfile::tempdir().expect("tempdir");
    let file = seed_file(data.path());
    std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
    let mut bad = file.clone().into_os_string();
    bad.push(".bad");

    std::fs::write(&file, b"\x1b[2J{ not json").expect("w");
    let r = Reader::open(data.path());
    r.wait_text("kept as");
    assert!(!r.screen().contains('\u{1b}'));
    r.quit();
    assert_eq!(
        std::fs::read(&bad).expect(".bad kept"),
        b"\x1b[2J{ not json"
    );

    // A name that would clear the screen and set the title, shown inert.
    let hostile = serde_json::json!({
        "whosaid_corrections": 1,
        "article": crate::corrections::seed_stamp(),
        "sources": [{ "source": "Vitali Klitschko", "name": "\u{1b}]0;PWNED\u{7}Evil\u{1b}[2J" }]
    });
    std::fs::write(&file, serde_json::to_vec(&hostile).expect("json")).expect("w");
    let r = Reader::open(data.path());
    r.wait_text("^[]0;PWNED^GEvil^[[2J");
    r.quit();

    // 100 MB, sparse: refused by its size, never read.
    let big = std::fs::File::create(&file).expect("create");
    big.set_len(100 << 20).expect("set_len");
    let r = Reader::open(data.path());
    r.wait_text("too big");
    r.quit();
    let mut bad1 = file.into_os_string();
    bad1.push(".bad.1");
    assert_eq!(
        std::fs::metadata(&bad1).expect(".bad.1 kept").len(),
        100 << 20
    );
}
