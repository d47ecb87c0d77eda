#![no_main]

//! PDF importer, within small limits; what imports is stored as OSCAL XML and must load back,
//! and a second import gives the same catalog.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rmfdiff_fuzz::run("pdf", data));
