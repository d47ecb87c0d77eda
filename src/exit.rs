//! Exit codes, a public contract (see README). Only `main` exits.

use std::process::ExitCode;

/// Success: no differences, or differences without `--exit-code`.
pub const SUCCESS: u8 = 0;
/// Differences found with `--exit-code`, or a `--fail-on` condition met.
pub const DIFFERENCES: u8 = 1;
/// Bad input, bad usage or an I/O error.
pub const ERROR: u8 = 2;

pub fn code(code: u8) -> ExitCode {
    ExitCode::from(code)
}
