#![no_main]

//! End to end: the input is two documents separated by a NUL byte (which no loadable
//! document contains), each sniffed as XML, JSON or text; both are diffed and the report
//! rendered as JSON.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let (old, new) = (&data[..split], &data[(split + 1).min(data.len())..]);
    let Some(old) = rmfdiff_fuzz::load(old, "old", None) else {
        return;
    };
    let Some(new) = rmfdiff_fuzz::load(new, "new", None) else {
        return;
    };
    rmfdiff_fuzz::diff(&old, &new);
});
