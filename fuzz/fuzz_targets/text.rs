#![no_main]

//! Markdown / text loader, then a scan of what loads.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rmfdiff_fuzz::run("text", data));
