//! Loaders: the first stage of the pipeline. Each format module turns the text of one input
//! into a [`Document`]; this module reads the file, checks it is non-empty UTF-8, records its
//! SHA-256, and picks the format (sniffed from the content unless `--from` says).

pub mod oscal_json;
pub mod oscal_xml;
pub mod text;

use std::io::Read;
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

/// The default of `--max-input-mb`: the largest input read, in MB (MiB). The largest real
/// NIST catalog is under 4 MB; a diff takes about 6 times the size of its inputs in memory.
pub const DEFAULT_MAX_INPUT_MB: u64 = 64;

/// Reads and parses the document at `path`.
pub fn load(path: &Path, from: Option<Format>) -> Result<Document> {
    load_bytes(&read(path)?, path, from)
}

/// The bytes of the file at `path`, at most [`DEFAULT_MAX_INPUT_MB`], with an error that says
/// what to pass instead.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    read_at_most(path, DEFAULT_MAX_INPUT_MB)
}

/// The bytes of the file at `path`, refused if larger than `max_mb` MB: a regular file by
/// its size before anything is read, anything else (a pipe, a device) once that much was read.
pub fn read_at_most(path: &Path, max_mb: u64) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::IsDirectory { path: path.into() });
    }
    let read_error = |source| Error::Read {
        path: path.into(),
        source,
    };
    let too_large = || Error::TooLarge {
        path: path.into(),
        limit_mb: max_mb,
    };
    let limit = max_mb.saturating_mul(1 << 20);
    let file = std::fs::File::open(path).map_err(read_error)?;
    if file.metadata().map_err(read_error)?.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Parses `bytes` as the document named `path` (the name is used in metadata and messages).
pub fn load_bytes(bytes: &[u8], path: &Path, from: Option<Format>) -> Result<Document> {
    load_hashed_bytes(bytes, path, from, sha256_hex(bytes))
}

/// [`load_bytes`] of bytes whose SHA-256 (lowercase hex) is known already.
pub fn load_hashed_bytes(
    bytes: &[u8],
    path: &Path,
    from: Option<Format>,
    sha256: String,
) -> Result<Document> {
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
    if may_need_sanitizing(text, format) {
        sanitize(&mut doc);
    }
    crate::model::withdrawal::mark(&mut doc);
    // The file's name alone: reports are published, and a local directory is nobody's
    // business (the SHA-256 identifies the file).
    let name = path.file_name().unwrap_or(path.as_os_str());
    doc.meta.source = name.to_string_lossy().into_owned();
    doc.meta.sha256 = sha256;
    Ok(doc)
}

/// Checks that `bytes` is non-blank UTF-8 text and returns it without a byte-order mark.
/// UTF-16 and UTF-32 (told by their byte-order marks), binary data (a NUL byte) and PDFs are
/// refused with a message that says what to do.
pub fn decode<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str> {
    let encoding = match bytes {
        [0xff, 0xfe, 0, 0, ..] => Some("UTF-32LE"),
        [0, 0, 0xfe, 0xff, ..] => Some("UTF-32BE"),
        [0xff, 0xfe, ..] => Some("UTF-16LE"),
        [0xfe, 0xff, ..] => Some("UTF-16BE"),
        _ => None,
    };
    if let Some(encoding) = encoding {
        return Err(Error::Utf16Or32 {
            path: path.into(),
            encoding,
        });
    }
    if bytes.starts_with(b"%PDF-") {
        return Err(Error::Invalid {
            path: path.into(),
            message: "a PDF, not a catalog; turn it into one first with `rmfdiff import FILE.pdf \
-o FILE.xml`"
                .into(),
        });
    }
    // `contains` is a vectorised search; the position is only needed for the message.
    if bytes.contains(&0)
        && let Some(nul) = bytes.iter().position(|&b| b == 0)
    {
        let before = String::from_utf8_lossy(&bytes[..nul]);
        let (line, column) = line_column(&before, before.len());
        return Err(Error::Binary {
            path: path.into(),
            line,
            column,
        });
    }
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

/// Whether [`sanitize`] may have anything to replace. In XML a raw control character other
/// than tab, line feed and carriage return is a syntax error, and so is U+FFFE / U+FFFF, so
/// a catalog can only bring one through a character reference, a carriage return or a C1
/// control (UTF-8 0xC2 0x80..=0x9F): without them, the walk over every text is skipped.
fn may_need_sanitizing(text: &str, format: Format) -> bool {
    format != Format::OscalXml
        || text.contains("&#")
        || any_byte(text, |b| (b == b'\r') | (b == 0xc2))
}

/// Replaces control characters in every text of `doc` (they can only come from escapes such
/// as JSON's `\u001b`, or from text files), so that no input can send escape sequences to a
/// terminal or write a catalog that is not XML: whitespace controls (CR, FF, VT, NEL) become
/// a space, the others (and U+FFFE, U+FFFF, which XML does not allow either) U+FFFD.
pub fn sanitize(doc: &mut Document) {
    let meta = &mut doc.meta;
    clean(&mut meta.title);
    for field in [
        &mut meta.version,
        &mut meta.publication,
        &mut meta.published,
    ] {
        field.iter_mut().for_each(clean);
    }
    let mut stack: Vec<&mut crate::model::Node> = doc.nodes.iter_mut().collect();
    while let Some(node) = stack.pop() {
        for field in [&mut node.class, &mut node.id, &mut node.title] {
            field.iter_mut().for_each(clean);
        }
        node.paragraphs.iter_mut().for_each(clean);
        for prop in &mut node.props {
            clean(&mut prop.name);
            clean(&mut prop.value);
            prop.class.iter_mut().for_each(clean);
        }
        stack.extend(node.children.iter_mut());
    }
}

fn clean(text: &mut String) {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    // A fast byte scan first: an unsafe character is an ASCII control, a C1 control
    // (UTF-8 0xC2 0x80..=0x9F) or U+FFFE / U+FFFF (0xEF 0xBF 0xBE / 0xBF).
    let may_be_unsafe = any_byte(text, |b| {
        (b < 0x20) & (b != b'\n') & (b != b'\t') | (b == 0x7f) | (b == 0xc2) | (b == 0xef)
    });
    if may_be_unsafe && text.contains(unsafe_char) {
        *text = text
            .chars()
            .map(|c| match c {
                c if !unsafe_char(c) => c,
                c if c.is_whitespace() => ' ',
                _ => char::REPLACEMENT_CHARACTER,
            })
            .collect();
    }
}

/// True when `test` holds for a byte of `text`. The test is applied to every byte of a block
/// without branching (write it with `&` and `|`), so the scan is vectorised: it runs over every
/// byte of a document.
pub(crate) fn any_byte(text: &str, test: impl Fn(u8) -> bool) -> bool {
    text.as_bytes().chunks(64).any(|block| {
        block
            .iter()
            .fold(0u8, |found, &b| found | u8::from(test(b)))
            != 0
    })
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
