//! Link settings for the `whosaid` executable, and nothing else: the library,
//! its tests and the fuzz targets build the same with or without this file.
//!
//! Why: whosaid should show its first screen about as quickly as `less`
//! (issue 12: within 1.25x), and a position-independent executable pays for
//! every pointer in its static tables before `main` runs. The HTML parser's
//! atom and entity tables, the feed parser's regex tables and the Unicode
//! tables come to about 37,000 such pointers; the loader rewrites each one,
//! copying some 220 pages of `.data.rel.ro` on write. Measured on the seed
//! article: 350 page faults and 1.8 ms of CPU to `--version`, against 125
//! and 1.0 ms linked at a fixed address, and 2.2 MiB less peak memory.
//!
//! So the executable is linked at a fixed address (`-no-pie`). What that
//! costs: its own code and tables are not moved by address randomisation;
//! shared libraries, the heap, the stack and thread stacks still are. The
//! crate forbids `unsafe` code. Whoever prefers randomisation of the
//! executable too (a `serve` open to the internet, say) builds with
//! `WHOSAID_PIE=1 cargo build --release`, at the start-up cost above.
//!
//! Only linkers driven through a C compiler that accepts `-no-pie` (GCC and
//! Clang on Linux) get the flag; anything else links as before.

use std::process::{Command, Stdio};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=WHOSAID_PIE");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let pie = std::env::var_os("WHOSAID_PIE").is_some_and(|v| !v.is_empty() && v != "0");
    // A static build (`+crt-static`) links with `-static-pie`, which
    // `-no-pie` would turn into a dynamic executable holding a static C
    // library: it is left as it is.
    let features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let static_crt = features.split(',').any(|f| f == "crt-static");
    if os == "linux" && !pie && !static_crt && linker_accepts("-no-pie") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Whether the C compiler that links Rust executables here accepts `flag`:
/// linking a one-line C program with it is the test that version strings
/// cannot fool.
fn linker_accepts(flag: &str) -> bool {
    let cc = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".to_owned());
    let out_dir = std::env::var_os("OUT_DIR").map_or_else(std::env::temp_dir, Into::into);
    let out = std::path::Path::new(&out_dir).join("link-probe");
    let Ok(mut child) = Command::new(&cc)
        .args(["-x", "c", "-", "-o"])
        .arg(&out)
        .arg(flag)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write as _;
        let _ = stdin.write_all(b"int main(void) { return 0; }\n");
    }
    let ok = child.wait().is_ok_and(|s| s.success());
    let _ = std::fs::remove_file(&out);
    ok
}
