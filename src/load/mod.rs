//! Loaders: the first stage of the pipeline. Each format module turns the text of one input
//! into a [`Document`]; this module reads the file, checks it is non-empty UTF-8, records its
//! SHA-256, and picks the format (sniffed from the content unless `--from` says).

pub mod oscal_json;
pub mod oscal_xml;
pub mod text;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result, line_column};
use crate::model::Document;

/// An input format (`--from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// OSCAL catalog XML (the canonical format of frameworks/).
    OscalXml,
    /// OSCAL catalog JSON.
    OscalJson,
    /// Plain text or Markdown.
    Text,
}

/// Reads and parses the document at `path`.
pub fn load(path: &Path, from: Option<Format>) -> Result<Document> {
    load_bytes(&read(path)?, path, from)
}

/// The bytes of the file at `path`, with an error that says what to pass instead.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::IsDirectory { path: path.into() });
    }
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.into(),
        source,
    })
}

/// Parses `bytes` as the document named `path` (the name is used in metadata and messages).
pub fn load_bytes(bytes: &[u8], path: &Path, from: Option<Format>) -> Result<Document> {
    let text = decode(bytes, path)?;
    let format = match from {
        Some(format) => format,
        None => sniff(text, path)?,
    };
    let mut doc = match format {
        Format::OscalXml => oscal_xml::parse(text, path)?,
        Format::OscalJson => oscal_json::parse(text, path)?,
        Format::Text => text::parse(text, path)?,
    };
    doc.meta.source = path.display().to_string();
    doc.meta.sha256 = sha256_hex(bytes);
    Ok(doc)
}

/// Checks that `bytes` is non-blank UTF-8 and returns it without a byte-order mark.
pub fn decode<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = line_column(valid, valid.len());
            return Err(Error::NotUtf8 {
                path: path.into(),
                line,
                column,
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Empty { path: path.into() });
    }
    Ok(text)
}

/// Guesses the format from the first non-blank characters.
fn sniff(text: &str, path: &Path) -> Result<Format> {
    let start = text.trim_start();
    if start.starts_with('<') {
        if start.contains("<catalog") {
            return Ok(Format::OscalXml);
        }
        return Err(Error::UnknownFormat {
            path: path.into(),
            reason: "XML without an OSCAL <catalog> element".into(),
        });
    }
    if start.starts_with('{') {
        return Ok(Format::OscalJson);
    }
    if text.contains('\0') {
        return Err(Error::UnknownFormat {
            path: path.into(),
            reason: "binary content".into(),
        });
    }
    Ok(Format::Text)
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
