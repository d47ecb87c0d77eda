//! Work done once, when the binary is built, not on every run:
//!
//! - The built-in lexicon profiles are written in TOML, for people to read and edit; each is
//!   converted here to JSON, which a run parses in an eighth of the time (the directive
//!   profile: 47 µs in a fresh process, against 370 for its TOML).
//! - The SHA-256 of each shipped version (`frameworks/NAME.xml`, embedded in the binary), for
//!   its provenance: hashing SP 800-53 Rev. 4 and Rev. 5 took 2 ms of each run.
//! - On Linux, how the binary is linked (see [`link_at_fixed_address`] and
//!   [`link_c_library_statically`]): a run is short, and starting the process was a large
//!   part of it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

use sha2::{Digest, Sha256};

fn main() {
    let out = env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    lexicon_profiles(Path::new(&out));
    shipped_hashes(Path::new(&out));
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        link_at_fixed_address();
        if env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu") {
            link_c_library_statically(Path::new(&out));
        }
    }
}

/// The binary is linked at a fixed address: a position-independent one has 23,000 pointers
/// rewritten by the loader at every start (450 KB of pages copied), which took a quarter of
/// `rmfdiff --version` and 3.5 % of a diff of the AI RMF pair. The cost is that the binary's
/// own code is not placed at random (address-space layout randomisation); its stack and heap
/// still are. The crates stay compiled position-independent: `pdf_oxide`'s dependencies
/// build a shared library.
fn link_at_fixed_address() {
    println!("cargo::rustc-link-arg-bins=-no-pie");
}

/// The binary is linked with glibc's static archives when they are installed (Debian's
/// `libc6-dev` has them, Fedora's `glibc-static`); otherwise it is linked as before, to the
/// shared libraries. Loading `libc`, `libm` and `libgcc_s` at each start (mapping them,
/// resolving symbols, writing their tables: 50 of a run's 220 page faults) took 0.6 ms of
/// `rmfdiff --version`, and 6 % of a diff of the AI RMF pair.
///
/// rustc links statically only with `-C target-feature=+crt-static`, which cannot be given
/// to one crate: set for the build, it applies to the proc-macro crates too, which then do
/// not build. So the binary's link is made static here: `-static`, and a directory searched
/// before the system's where the libraries rustc names are the static archives. rustc asks
/// for them as shared libraries (`-Bdynamic -lgcc_s … -lm -lc`), and the linker takes the
/// first directory that has one as either kind: there, each is a linker script naming the
/// archive (`libgcc_s` is `libgcc_eh` and `libgcc`, as with `+crt-static`). The C library
/// is glibc's as with the shared one, and the program uses none of the parts that would load
/// shared libraries anyway (user and host look-ups, character-set conversion).
fn link_c_library_statically(out: &Path) {
    let linker = env::var_os("RUSTC_LINKER").unwrap_or_else(|| "cc".into());
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    // The compiler prints the archive's path, or only its name when it has none.
    let archive = |name: &str| -> Option<PathBuf> {
        let found = Command::new(&linker)
            .arg(format!("-print-file-name={name}"))
            .output()
            .ok()?;
        let path = PathBuf::from(String::from_utf8(found.stdout).ok()?.trim());
        (path.is_absolute() && path.is_file()).then_some(path)
    };
    let (Some(libc), Some(libm), Some(_)) =
        (archive("libc.a"), archive("libm.a"), archive("libgcc_eh.a"))
    else {
        return;
    };
    let dir = out.join("static-libraries");
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let scripts = [
        ("libc.a", format!("GROUP ( \"{}\" )\n", libc.display())),
        ("libm.a", format!("INPUT ( \"{}\" )\n", libm.display())),
        ("libgcc_s.a", "INPUT ( -lgcc_eh -lgcc )\n".to_string()),
    ];
    for (name, script) in scripts {
        let path = dir.join(name);
        fs::write(&path, script).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    println!("cargo::rustc-link-arg-bins=-static");
    // Searched before the system's directories wherever it stands among the arguments.
    println!("cargo::rustc-link-arg-bins=-L{}", dir.display());
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
