#![no_main]

use libfuzzer_sys::fuzz_target;
use rmfdiff::load::Format;

fuzz_target!(|data: &[u8]| {
    rmfdiff_fuzz::load(data, "fuzz", Some(Format::OscalXml));
});
