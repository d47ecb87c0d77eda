//! The parse floor of `bench/compare.sh`: loads each file given with the project's own
//! loader ([`rmfdiff::load::load`]) and nothing else, and prints its node count, so the
//! benchmark can tell what the rest of the pipeline costs on top of reading the inputs.
//! The files are loaded side by side, as `rmfdiff diff` loads its two inputs.
//!
//! `cargo run --release --example load_only -- OLD.xml NEW.xml`

use std::path::Path;
use std::process::ExitCode;

use rayon::prelude::*;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let loaded: Vec<_> = paths
        .par_iter()
        .map(|path| rmfdiff::load::load(Path::new(path), None))
        .collect();
    let mut status = ExitCode::SUCCESS;
    for (path, doc) in paths.iter().zip(loaded) {
        match doc {
            Ok(doc) => println!("{path}: {} nodes", doc.walk().count()),
            Err(e) => {
                eprintln!("error: {e}");
                status = ExitCode::from(2);
            }
        }
    }
    status
}
