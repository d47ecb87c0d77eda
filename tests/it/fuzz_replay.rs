//! Replays the fuzz seed corpus (`fuzz/seeds/<target>/`) through the fuzz targets' own code
//! and invariants (`fuzz/src/lib.rs`, compiled into this test), so that every `cargo test`
//! checks what each target checks, without cargo-fuzz or a nightly compiler. Crashes that
//! fuzzing found are cases of their own in `hostile.rs`.

use std::path::Path;

#[path = "../../fuzz/src/lib.rs"]
mod fuzz_targets;

#[test]
fn every_seed_passes_its_fuzz_target() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for target in fuzz_targets::TARGETS {
        let dir = seeds.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "fuzz target {target} has no seeds");
        for file in files {
            let data = std::fs::read(&file).expect("a readable seed");
            fuzz_targets::run(target, &data);
        }
    }
}
