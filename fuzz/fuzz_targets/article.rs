//! See `tests/hostile_support/targets.rs`: article parsing, attribution,
//! wrapping and the plain listing on any bytes.
#![no_main]

#[path = "../../tests/hostile_support/screen.rs"]
mod screen;
#[path = "../../tests/hostile_support/targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::article(data));
