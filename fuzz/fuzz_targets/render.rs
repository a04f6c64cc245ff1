//! See `tests/hostile_support/targets.rs`: the reader drawing any article
//! at any size after any keys, checked through a terminal emulator.
#![no_main]

#[path = "../../tests/hostile_support/screen.rs"]
mod screen;
#[path = "../../tests/hostile_support/targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::render(data));
