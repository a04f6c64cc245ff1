//! whosaid against `less`, whole processes side by side in one run, each in
//! its own pseudo-terminal at 80x24 (issue 7's "must show"):
//!
//! - start → first screen of text, for the seed article and a 10 MB article
//!   (and every size from 1 kB to 10 MB for the plot), and for a 10 MB HTML
//!   page of the same text (less shows the markup; whosaid extracts it);
//! - bytes written per one-line scroll (whosaid three-pane and zoomed);
//! - peak RSS (`VmHWM`) after the article is fully analysed, and for a library
//!   of 10,000 articles;
//! - wake-ups (context switches) during two idle seconds.
//!
//! Run: `cargo bench --bench compare` (add `-- --quick` for fewer
//! repetitions). Needs only `less` besides the Rust toolchain (Debian:
//! `apt-get install less`). Writes `benches/compare/results.md` and
//! `benches/compare/perf.svg`; the README's Performance section quotes them.
// Measurement arithmetic: percentiles and axis ticks from small positive
// floats, where a cast that truncates is the rounding wanted.
#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]

mod pty;
mod svg;

#[path = "../../tests/support/big_article.rs"]
mod big_article;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use big_article::{FIRST_SCREEN_MARK, TEN_MB, big_article, write_library};
use pty::{Program, Session};

const COLS: u16 = 80;
const ROWS: u16 = 24;
/// Quiet time that ends a keystroke's answer.
const QUIET: Duration = Duration::from_millis(60);
const SCROLLS: usize = 20;

/// Keys whosaid needs before `j` scrolls the Article pane, and to zoom it.
const WHOSAID_FOCUS_ARTICLE: &[u8] = b"\t\t";
const WHOSAID_ZOOM: &[u8] = b"z";
/// Text on the article picker of a generated library.
const LIBRARY_MARK: &str = "Article 0";

struct Opts {
    reps: usize,
    library: usize,
    out_dir: PathBuf,
    whosaid: String,
}

fn less(file: &Path) -> Program {
    Program {
        argv: vec!["less".into(), file.display().to_string()],
        env: vec![("LESSHISTFILE".into(), "-".into())],
    }
}

fn whosaid(opts: &Opts, path: &Path) -> Program {
    Program {
        argv: vec![
            opts.whosaid.clone(),
            "--no-state".into(),
            path.display().to_string(),
        ],
        env: vec![],
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => f64::midpoint(v[n / 2 - 1], v[n / 2]),
    }
}

/// Start → first screen, `reps` times; `None` when the mark never showed.
fn first_screen(program: &Program, mark: &str) -> Option<f64> {
    let mut s = Session::spawn(program, COLS, ROWS).ok()?;
    let t = s.wait_for(mark, Duration::from_secs(60));
    s.quit(b"q");
    t.map(ms)
}

/// Median start → first screen of several programs, run interleaved so
/// machine noise hits them alike.
fn first_screens(programs: &[&Program], mark: &str, reps: usize) -> Vec<Option<(f64, f64)>> {
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); programs.len()];
    let mut failed = vec![false; programs.len()];
    for _ in 0..reps {
        for (i, p) in programs.iter().enumerate() {
            match first_screen(p, mark) {
                Some(t) => times[i].push(t),
                None => failed[i] = true,
            }
        }
    }
    times
        .iter_mut()
        .zip(failed)
        .map(|(t, f)| (!f).then(|| (median(t), t.iter().copied().fold(f64::INFINITY, f64::min))))
        .collect()
}

/// "median (min)": the median says what to expect, the minimum what the
/// program needs when the shared machine leaves it alone.
fn timing(v: Option<(f64, f64)>) -> String {
    v.map_or_else(
        || "–".into(),
        |(med, min)| format!("{med:.2} (min {min:.2})"),
    )
}

/// What one long session of a program shows after its first screen.
#[derive(Default)]
struct SessionReport {
    /// Start → idle (for whosaid: analysis finished).
    settled_ms: Option<f64>,
    idle_wakeups: Option<u64>,
    /// Mean bytes and latency of a one-line scroll, and whether the screen
    /// moved at all.
    scroll: Option<(f64, f64, bool)>,
    zoomed_scroll: Option<(f64, f64, bool)>,
    peak_rss_kib: Option<u64>,
}

fn scrolls(s: &mut Session, key: &[u8]) -> anyhow::Result<(f64, f64, bool)> {
    for _ in 0..3 {
        s.press(key, QUIET)?;
    }
    let before = s.screen_text();
    let (mut bytes, mut lat) = (0usize, 0f64);
    for _ in 0..SCROLLS {
        let p = s.press(key, QUIET)?;
        bytes += p.bytes;
        lat += ms(p.latency);
    }
    let moved = s.screen_text() != before;
    let n = SCROLLS as f64;
    Ok((bytes as f64 / n, lat / n, moved))
}

fn session(
    program: &Program,
    mark: &str,
    focus: Option<&[u8]>,
    zoom: Option<&[u8]>,
) -> anyhow::Result<SessionReport> {
    let mut s = Session::spawn(program, COLS, ROWS)?;
    let mut r = SessionReport::default();
    if s.wait_for(mark, Duration::from_secs(60)).is_none() {
        anyhow::bail!("{mark:?} never appeared:\n{}", s.screen_text());
    }
    if s.settle_cpu(Duration::from_millis(300), Duration::from_secs(300)) {
        r.settled_ms = s.last_output.map(|t| ms(t - s.spawned));
        let before = s.context_switches();
        s.settle(Duration::from_secs(2), Duration::from_secs(2));
        r.idle_wakeups = Some(s.context_switches().saturating_sub(before));
    }
    if let Some(focus) = focus {
        for k in focus {
            s.press(std::slice::from_ref(k), QUIET)?;
        }
        r.scroll = Some(scrolls(&mut s, b"j")?);
    }
    if let Some(zoom) = zoom {
        s.press(zoom, QUIET)?;
        r.zoomed_scroll = Some(scrolls(&mut s, b"j")?);
    }
    r.peak_rss_kib = s.peak_rss_kib();
    s.quit(b"q");
    Ok(r)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_owned())
        })
        .and_then(|k| k.parse::<u64>().ok())
        .map_or_else(String::new, |k| format!(", {} GiB RAM", k / 1024 / 1024));
    let less_version = std::process::Command::new("less")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_owned))
        .unwrap_or_else(|| "less: not found".into());
    format!("{cpu}, {cores} cores{mem}; {less_version}")
}

fn f1(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.1}"))
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "–".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn holds(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "yes",
        Some(false) => "**no**",
        None => "not measured",
    }
}

fn rss_target_kib(text_bytes: u64) -> u64 {
    (3 * text_bytes + 10 * 1024 * 1024) / 1024
}

fn scroll_cell(v: Option<(f64, f64, bool)>) -> String {
    v.map_or_else(
        || "–".into(),
        |(b, l, moved)| {
            format!(
                "{b:.0} B ({l:.1} ms){}",
                if moved {
                    ""
                } else {
                    " — screen did not move"
                }
            )
        },
    )
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    // Sections to run (`articles`, `library`, `sizes`); all by default.
    let sections: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(String::as_str)
        .collect();
    let want = |s: &str| sections.is_empty() || sections.contains(&s);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = Opts {
        reps: if quick { 5 } else { 31 },
        library: 10_000,
        // COMPARE_OUT: somewhere else for the results (a run that must not
        // touch the checked-in ones).
        out_dir: std::env::var_os("COMPARE_OUT")
            .map_or_else(|| root.join("benches/compare"), PathBuf::from),
        whosaid: std::env::var("WHOSAID_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_whosaid").to_owned()),
    };
    let tmp = tempfile::tempdir()?;
    let seed = root.join("content/2024-03-24-kyiv-lviv-strikes.txt");
    let big = tmp.path().join("big-10mb.txt");
    std::fs::write(&big, big_article(TEN_MB))?;
    let seed_len = std::fs::metadata(&seed)?.len();
    let big_len = std::fs::metadata(&big)?.len();

    let mut md = String::new();
    let _ = writeln!(md, "Machine: {}  ", machine());
    let _ = writeln!(
        md,
        "Command: `cargo bench --bench compare{}` — terminal 80x24, TERM=xterm-256color, \
         start → first screen is the median of {} interleaved runs.\n",
        if quick { " -- --quick" } else { "" },
        opts.reps
    );
    let _ = writeln!(md, "| measure | file | less | whosaid | target | holds |");
    let _ = writeln!(md, "|---|---|---|---|---|---|");

    if want("html") {
        // The 10 MB article as a page: each paragraph a <p>, in a page's
        // furniture. less shows the markup at once; whosaid parses and
        // extracts the whole page before its first screen.
        let html = tmp.path().join("big-10mb.html");
        std::fs::write(&html, html_page(&std::fs::read_to_string(&big)?))?;
        eprintln!("compare: 10 MB HTML: first screen");
        let (l, w) = (less(&html), whosaid(&opts, &html));
        let t = first_screens(&[&l, &w], FIRST_SCREEN_MARK, opts.reps);
        let _ = writeln!(
            md,
            "| start → first screen (ms), median (min) | 10 MB HTML page | {} | {} | – | – |",
            timing(t[0]),
            timing(t[1]),
        );
    }

    let articles = if want("articles") {
        vec![("seed (4 kB)", &seed, seed_len), ("10 MB", &big, big_len)]
    } else {
        Vec::new()
    };
    for (name, path, len) in articles {
        eprintln!("compare: {name}: first screen");
        let l = less(path);
        let w = whosaid(&opts, path);
        let t = first_screens(&[&l, &w], FIRST_SCREEN_MARK, opts.reps);
        let (tl, tw) = (t[0], t[1]);
        let factor = if len < 100_000 { 1.0 } else { 2.0 };
        let ok = tl.zip(tw).map(|(l, w)| w.0 <= l.0 * factor);
        let _ = writeln!(
            md,
            "| start → first screen (ms), median (min) | {name} | {} | {} | ≤ {factor}× less | {} |",
            timing(tl),
            timing(tw),
            holds(ok)
        );
        eprintln!("compare: {name}: sessions");
        let rl = session(&l, FIRST_SCREEN_MARK, Some(b""), None);
        let rw = session(
            &w,
            FIRST_SCREEN_MARK,
            Some(WHOSAID_FOCUS_ARTICLE),
            Some(WHOSAID_ZOOM),
        );
        let report = |r: anyhow::Result<SessionReport>| {
            r.unwrap_or_else(|e| {
                eprintln!("compare: {name}: {e:#}");
                SessionReport::default()
            })
        };
        let (rl, rw) = (report(rl), report(rw));
        let less_bytes = rl.scroll.map(|s| s.0);
        let _ = writeln!(
            md,
            "| bytes per one-line scroll (latency), three panes | {name} | {} | {} | cells that change | see zoomed |",
            scroll_cell(rl.scroll),
            scroll_cell(rw.scroll)
        );
        let ok = less_bytes
            .zip(rw.zoomed_scroll)
            .map(|(l, (w, _, moved))| moved && w <= 2.0 * l);
        let _ = writeln!(
            md,
            "| bytes per one-line scroll (latency), Article zoomed (`z`) | {name} | {} | {} | ≤ 2× less | {} |",
            scroll_cell(rl.scroll),
            scroll_cell(rw.zoomed_scroll),
            holds(ok)
        );
        let target = rss_target_kib(len);
        let _ = writeln!(
            md,
            "| peak RSS | {name} | {} | {} | < 3×{} + 10 MiB = {} | {} |",
            mib(rl.peak_rss_kib),
            mib(rw.peak_rss_kib),
            human_bytes(len),
            mib(Some(target)),
            holds(rw.peak_rss_kib.map(|k| k < target))
        );
        let _ = writeln!(
            md,
            "| start → idle (analysis done) (ms) | {name} | {} | {} | – | – |",
            f1(rl.settled_ms),
            f1(rw.settled_ms)
        );
        let _ = writeln!(
            md,
            "| wake-ups in 2 s idle | {name} | {} | {} | 0 | {} |",
            rl.idle_wakeups.map_or("–".into(), |v| v.to_string()),
            rw.idle_wakeups.map_or("–".into(), |v| v.to_string()),
            holds(rw.idle_wakeups.map(|v| v == 0))
        );
    }

    if want("library") {
        library(&opts, tmp.path(), &mut md)?;
    }
    if !want("sizes") {
        println!("{md}");
        return Ok(());
    }
    eprintln!("compare: sizes");
    let sizes = [1_000usize, 10_000, 100_000, 1_000_000, TEN_MB];
    let mut t_less = Vec::new();
    let mut t_who = Vec::new();
    let mut m_less = Vec::new();
    let mut m_who = Vec::new();
    let mut m_target = Vec::new();
    let _ = writeln!(
        md,
        "\nBy size (plot: `benches/compare/perf.svg`; first screen: the minimum of 9 interleaved runs, the cost without the shared machine's noise):\n\n| size | first screen less (ms) | first screen whosaid (ms) | peak RSS less | peak RSS whosaid | RSS target |\n|---|---|---|---|---|---|"
    );
    for size in sizes {
        let path = tmp.path().join(format!("size-{size}.txt"));
        std::fs::write(&path, big_article(size))?;
        let len = std::fs::metadata(&path)?.len();
        let l = less(&path);
        let w = whosaid(&opts, &path);
        let t: Vec<Option<f64>> = first_screens(&[&l, &w], FIRST_SCREEN_MARK, opts.reps.min(9))
            .into_iter()
            .map(|t| t.map(|(_, min)| min))
            .collect();
        let rl = session(&l, FIRST_SCREEN_MARK, None, None).ok();
        let rw = session(&w, FIRST_SCREEN_MARK, None, None).ok();
        let (pl, pw) = (
            rl.and_then(|r| r.peak_rss_kib),
            rw.and_then(|r| r.peak_rss_kib),
        );
        let x = len as f64;
        if let Some(v) = t[0] {
            t_less.push((x, v));
        }
        if let Some(v) = t[1] {
            t_who.push((x, v));
        }
        if let Some(k) = pl {
            m_less.push((x, k as f64 * 1024.0));
        }
        if let Some(k) = pw {
            m_who.push((x, k as f64 * 1024.0));
        }
        m_target.push((x, rss_target_kib(len) as f64 * 1024.0));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |",
            human_bytes(len),
            f1(t[0]),
            f1(t[1]),
            mib(pl),
            mib(pw),
            mib(Some(rss_target_kib(len)))
        );
    }
    let series = |label: &str, colour: &'static str, dashed, points| svg::Series {
        label: label.into(),
        colour,
        dashed,
        points,
    };
    let plot = svg::two_panels(
        &svg::Panel {
            title: "Start → first screen, 80x24 (min of 9)".into(),
            x_label: "article size".into(),
            y_label: "milliseconds".into(),
            series: vec![
                series("whosaid", "#c0392b", false, t_who),
                series("less", "#2c3e50", false, t_less),
            ],
        },
        "ms",
        &svg::Panel {
            title: "Peak RSS after analysis".into(),
            x_label: "article size".into(),
            y_label: "bytes".into(),
            series: vec![
                series("whosaid", "#c0392b", false, m_who),
                series("less", "#2c3e50", false, m_less),
                series("target: 3 × size + 10 MiB", "#7f8c8d", true, m_target),
            ],
        },
        "B",
    );
    std::fs::write(opts.out_dir.join("perf.svg"), plot)?;
    if sections.is_empty() {
        std::fs::write(opts.out_dir.join("results.md"), &md)?;
    }
    println!("{md}");
    Ok(())
}

fn library(opts: &Opts, tmp: &Path, md: &mut String) -> anyhow::Result<()> {
    eprintln!("compare: library of {} articles", opts.library);
    let lib = tmp.join("library");
    std::fs::create_dir(&lib)?;
    let lib_len = write_library(&lib, opts.library)?;
    let w = whosaid(opts, &lib);
    let t = first_screens(&[&w], LIBRARY_MARK, opts.reps.min(3))[0];
    let r = session(&w, LIBRARY_MARK, None, None);
    let name = format!("{} articles ({})", opts.library, human_bytes(lib_len));
    let _ = writeln!(
        *md,
        "| start → picker (ms), median (min) | {name} | – | {} | – | – |",
        timing(t)
    );
    match r {
        Ok(r) => {
            let target = rss_target_kib(lib_len);
            let _ = writeln!(
                *md,
                "| peak RSS | {name} | – | {} | < {} | {} |",
                mib(r.peak_rss_kib),
                mib(Some(target)),
                holds(r.peak_rss_kib.map(|k| k < target))
            );
            let _ = writeln!(
                *md,
                "| start → idle (all sources found) (ms) | {name} | – | {} | – | – |",
                f1(r.settled_ms)
            );
            let _ = writeln!(
                *md,
                "| wake-ups in 2 s idle | {name} | – | {} | 0 | {} |",
                r.idle_wakeups.map_or("–".into(), |v| v.to_string()),
                holds(r.idle_wakeups.map(|v| v == 0))
            );
        }
        Err(e) => eprintln!("compare: library: {e:#}"),
    }

    Ok(())
}

/// An article's paragraphs as an HTML page with a header, navigation and
/// a footer around the `<article>`.
fn html_page(text: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    out.push_str(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Big page</title></head>\
         <body><header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav></header>\
         <main><article>\n",
    );
    for p in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str("<p>");
        out.push_str(&escape(p.trim()));
        out.push_str("</p>\n");
    }
    out.push_str("</article></main><footer><p>Footer</p></footer></body></html>\n");
    out
}

fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / f64::from(1 << 20)),
        n if n >= 1000 => format!("{:.0} kB", n as f64 / 1000.0),
        n => format!("{n} B"),
    }
}
