//! The parse floor of `bench/compare.sh`: loads each file given with the project's own
//! loader ([`rmfdiff::load::load`]) and nothing else, and prints its node count, so the
//! benchmark can tell what the rest of the pipeline costs on top of reading the inputs.
//!
//! `cargo run --release --example load_only -- OLD.xml NEW.xml`

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args().skip(1) {
        match rmfdiff::load::load(Path::new(&path), None) {
            Ok(doc) => println!("{path}: {} nodes", doc.walk().count()),
            Err(e) => {
                eprintln!("error: {e}");
                status = ExitCode::from(2);
            }
        }
    }
    status
}
