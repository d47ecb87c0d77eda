#![no_main]

//! End to end: two documents separated by a NUL byte, diffed, with the report's invariants
//! checked (see `rmfdiff_fuzz::diff`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rmfdiff_fuzz::run("diff", data));
