#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = rmfdiff::import::playbook_csv::parse(text, Path::new("fuzz")) {
        rmfdiff_fuzz::store_and_reload(doc);
    }
});
