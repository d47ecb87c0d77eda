#![no_main]

//! OSCAL JSON loader, then a scan of what loads.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rmfdiff_fuzz::run("oscal_json", data));
