#![no_main]

//! CSF 1.1 / 2.0 JSON importer; what imports is stored as OSCAL XML and must load back.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rmfdiff_fuzz::run("csf_json", data));
