//! Work done once, when the binary is built, not on every run:
//!
//! - The built-in lexicon profiles are written in TOML, for people to read and edit; each is
//!   converted here to JSON, which a run parses in an eighth of the time (the directive
//!   profile: 47 µs in a fresh process, against 370 for its TOML).
//! - The SHA-256 of each shipped version (`frameworks/NAME.xml`, embedded in the binary), for
//!   its provenance: hashing SP 800-53 Rev. 4 and Rev. 5 took 2 ms of each run.

use std::{env, fs, path::Path};

use sha2::{Digest, Sha256};

fn main() {
    let out = env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    lexicon_profiles(Path::new(&out));
    shipped_hashes(Path::new(&out));
    // On Linux the binary is linked at a fixed address: a position-independent one has
    // 23,000 pointers rewritten by the loader at every start (450 KB of pages copied), which
    // took a quarter of `rmfdiff --version` and 3.5 % of a diff of the AI RMF pair. The cost
    // is that the binary's own code is not placed at random (address-space layout
    // randomisation); its libraries, stack and heap still are. The crates stay compiled
    // position-independent: `pdf_oxide`'s dependencies build a shared library.
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

/// `src/topics/NAME.toml` → `OUT_DIR/NAME.json`.
fn lexicon_profiles(out: &Path) {
    for name in ["directive", "broad"] {
        let source = format!("src/topics/{name}.toml");
        println!("cargo::rerun-if-changed={source}");
        let text = fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let table: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid TOML: {e}"));
        let json = serde_json::to_string(&table).expect("a TOML table converts to JSON");
        let target = out.join(format!("{name}.json"));
        fs::write(&target, json).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    }
}

/// `frameworks/NAME.xml` → `OUT_DIR/frameworks/NAME.sha256`, its SHA-256 in lowercase hex.
fn shipped_hashes(out: &Path) {
    println!("cargo::rerun-if-changed=frameworks");
    let target = out.join("frameworks");
    fs::create_dir_all(&target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    let listed = fs::read_dir("frameworks").unwrap_or_else(|e| panic!("frameworks/: {e}"));
    for entry in listed {
        let path = entry.unwrap_or_else(|e| panic!("frameworks/: {e}")).path();
        let (Some(name), Some("xml")) =
            (path.file_stem(), path.extension().and_then(|e| e.to_str()))
        else {
            continue;
        };
        let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let hash = target.join(format!("{}.sha256", name.to_string_lossy()));
        fs::write(&hash, hex).unwrap_or_else(|e| panic!("{}: {e}", hash.display()));
    }
}
