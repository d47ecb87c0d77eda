//! How the binary is linked (`build.rs`): with glibc's static archives where they are
//! installed, so a run loads no shared library (loading `libc`, `libm` and `libgcc_s` cost
//! each start 0.6 ms); else to the shared libraries, as any program.

use std::path::PathBuf;
use std::process::Command;

use rmfdiff::exit;

use crate::support::rmfdiff;

/// Whether the static archives `build.rs` links with are all installed, asked of the
/// compiler as it asks.
fn static_c_library_installed() -> bool {
    let linker = std::env::var_os("RUSTC_LINKER").unwrap_or_else(|| "cc".into());
    ["libc.a", "libm.a", "libgcc_eh.a"].iter().all(|name| {
        let found = Command::new(&linker)
            .arg(format!("-print-file-name={name}"))
            .output()
            .expect("the C compiler that links the binary runs");
        let path = PathBuf::from(String::from_utf8_lossy(&found.stdout).trim());
        path.is_absolute() && path.is_file()
    })
}

/// Whether a 64-bit little-endian ELF file names a program interpreter (the dynamic
/// loader), which only a program linked to shared libraries does.
fn has_interpreter(elf: &[u8]) -> bool {
    const PT_INTERP: u32 = 3;
    let number = |at: usize, len: usize| {
        let bytes = &elf[at..at + len];
        bytes
            .iter()
            .rev()
            .fold(0usize, |n, &b| n << 8 | usize::from(b))
    };
    let (headers, header_size, count) = (number(0x20, 8), number(0x36, 2), number(0x38, 2));
    (0..count).any(|i| number(headers + i * header_size, 4) == PT_INTERP as usize)
}

#[test]
fn the_binary_loads_no_shared_library_where_glibc_static_archives_are_installed() {
    let binary = std::fs::read(env!("CARGO_BIN_EXE_rmfdiff")).expect("the binary reads");
    assert_eq!(&binary[..4], b"\x7fELF");
    assert_eq!(
        has_interpreter(&binary),
        !static_c_library_installed(),
        "linked to shared libraries although glibc's static archives are installed, or \
         statically although they are not"
    );
    let run = rmfdiff(&["diff", "ai-rmf-1.0", "ai-600-1", "--format", "json"])
        .output()
        .expect("rmfdiff runs");
    assert_eq!(run.status.code(), Some(i32::from(exit::SUCCESS)));
    assert!(run.stdout.starts_with(b"{"));
}
