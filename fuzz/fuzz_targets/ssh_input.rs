//! See `tests/hostile_support/targets.rs`: what an SSH client sends (data
//! messages of any bytes, window changes of any size, pauses) through the
//! server's input path to the reader.
#![no_main]

#[path = "../../tests/hostile_support/screen.rs"]
mod screen;
#[path = "../../tests/hostile_support/targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::ssh_input(data));
