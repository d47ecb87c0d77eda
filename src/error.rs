//! Typed errors. Each says which file, where in it, and what is wrong, so that `main` can
//! print one `error: …` line and exit with [`crate::exit::ERROR`].

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} does not exist; name a document file or a shipped version ({shipped})")]
    Missing { path: PathBuf, shipped: String },
    #[error("{path} is a directory; pass a document file")]
    IsDirectory { path: PathBuf },
    #[error("{path} is empty; pass a framework document (OSCAL XML/JSON, text or Markdown)")]
    Empty { path: PathBuf },
    #[error(
        "{path} is larger than the input limit of {limit_mb} MB; if it really is a framework \
document, raise the limit with --max-input-mb"
    )]
    TooLarge { path: PathBuf, limit_mb: u64 },
    #[error("{path} is {encoding} text; convert it to UTF-8 (e.g. `iconv -f {encoding} -t UTF-8`)")]
    Utf16Or32 {
        path: PathBuf,
        encoding: &'static str,
    },
    #[error(
        "{path}:{line}:{column}: binary content (a NUL byte), not a text document; pass OSCAL \
XML/JSON, text or Markdown (UTF-8)"
    )]
    Binary {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error("{path}:{line}:{column}: not valid UTF-8 text; convert the file to UTF-8")]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error("{path}: cannot tell the format ({reason}); pass --from oscal-xml|oscal-json|text")]
    UnknownFormat { path: PathBuf, reason: String },
    /// A syntax or structure problem at a known place in an input file.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A problem with an input file as a whole (wrong shape, missing required content).
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
}

/// 1-based line and column of byte `offset` in `text`.
///
/// ```
/// assert_eq!(rmfdiff::error::line_column("ab\ncd", 4), (2, 2));
/// ```
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}
