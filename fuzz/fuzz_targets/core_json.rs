#![no_main]

//! AI RMF Core JSON importer; what imports is stored as OSCAL XML and must load back.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rmfdiff_fuzz::run("core_json", data));
