//! See `tests/hostile_support/targets.rs`: the reading layer (sniffing,
//! charsets, HTML, Markdown, RSS and Atom) on any bytes.
#![no_main]

#[path = "../../tests/hostile_support/screen.rs"]
mod screen;
#[path = "../../tests/hostile_support/targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::reading(data));
