#![no_main]

//! AI 600-1 actions JSON importer; what imports is stored as OSCAL XML and must load back.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rmfdiff_fuzz::run("actions_json", data));
