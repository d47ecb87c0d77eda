//! Import: turns a NIST publication as NIST or others publish it (PDF, Markdown, structured
//! JSON or CSV) into a [`Document`] that [`crate::store`] writes as OSCAL catalog XML, the
//! stored format of `frameworks/`. It stands before the pipeline proper: `import ─▶ store ─▶
//! frameworks/*.xml ─▶ load ─▶ …`.
//!
//! Each source kind has a module with `parse(…) -> Result<Document>` that recovers the
//! structure and sets what the source says of itself (title, publication, date); this module
//! picks the kind from the content and records provenance (source file, its SHA-256, the
//! importer's version).

pub mod actions_json;
pub mod core_json;
pub mod csf_json;
pub mod pdf;
pub mod playbook_csv;

use std::path::Path;

use crate::error::{Error, Result};
use crate::load::{self, Format};
use crate::model::{Document, Provenance};

/// What a source file is (`rmfdiff import --kind`); by default told from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceKind {
    /// A NIST AI-series PDF (AI RMF 1.0 and its revisions).
    Pdf,
    /// Markdown or plain text (headings, paragraphs, tables, AI RMF ids).
    Markdown,
    /// The AI RMF Core as JSON records (`subcategory_id`, `description`, …).
    CoreJson,
    /// NIST AI 600-1 suggested actions as JSON records (`action_id`, …).
    ActionsJson,
    /// The AI RMF Playbook as CSV, one column per subcategory.
    PlaybookCsv,
    /// The Cybersecurity Framework Core as JSON records (`Subcategory ID`, …).
    CsfJson,
    /// An OSCAL catalog (XML or JSON), stored as it is with provenance added.
    Oscal,
}

/// Imports the publication at `path` (its kind told from the content unless `kind` says).
pub fn import(path: &Path, kind: Option<SourceKind>) -> Result<Document> {
    let bytes = load::read(path)?;
    let kind = match kind {
        Some(kind) => kind,
        None => sniff(&bytes, path)?,
    };
    let mut doc = match kind {
        SourceKind::Pdf => pdf::parse(&bytes, path)?,
        SourceKind::Oscal => load::load_bytes(&bytes, path, None)?,
        SourceKind::Markdown => load::load_bytes(&bytes, path, Some(Format::Text))?,
        SourceKind::CoreJson => core_json::parse(load::decode(&bytes, path)?, path)?,
        SourceKind::ActionsJson => actions_json::parse(load::decode(&bytes, path)?, path)?,
        SourceKind::PlaybookCsv => playbook_csv::parse(load::decode(&bytes, path)?, path)?,
        SourceKind::CsfJson => csf_json::parse(load::decode(&bytes, path)?, path)?,
    };
    let file = path.file_name().unwrap_or(path.as_os_str());
    doc.meta.source = String::new();
    doc.meta.sha256 = String::new();
    doc.meta.imported_from = Some(Provenance {
        file: file.to_string_lossy().into_owned(),
        sha256: load::sha256_hex(&bytes),
        importer: format!("rmfdiff {}", env!("CARGO_PKG_VERSION")),
    });
    Ok(doc)
}

/// Tells the kind of a source from its first bytes and, for JSON, the fields of its records.
fn sniff(bytes: &[u8], path: &Path) -> Result<SourceKind> {
    if bytes.starts_with(b"%PDF-") {
        return Ok(SourceKind::Pdf);
    }
    let text = load::decode(bytes, path)?;
    let start = text.trim_start();
    let has = |field: &str| start[..start.len().min(4096)].contains(field);
    let kind = match start.chars().next() {
        Some('<') => SourceKind::Oscal,
        Some('{') if has("\"catalog\"") => SourceKind::Oscal,
        Some('[' | '{') if has("\"action_id\"") => SourceKind::ActionsJson,
        Some('[' | '{') if has("\"subcategory_id\"") => SourceKind::CoreJson,
        Some('[' | '{') if has("\"Subcategory ID\"") => SourceKind::CsfJson,
        Some('[' | '{') => {
            return Err(Error::Invalid {
                path: path.into(),
                message: "JSON of a shape rmfdiff does not know; pass --kind to say what it is"
                    .into(),
            });
        }
        _ if is_playbook_csv(start) => SourceKind::PlaybookCsv,
        _ => SourceKind::Markdown,
    };
    Ok(kind)
}

/// A header row of AI RMF subcategory ids, comma-separated: `MANAGE 1.1,MANAGE 1.2,…`.
fn is_playbook_csv(text: &str) -> bool {
    let header = text.lines().next().unwrap_or_default();
    let mut cells = header.split(',').map(|c| c.trim().trim_matches('"'));
    cells.clone().count() > 1
        && cells.all(|c| {
            let mut words = c.split(' ');
            let function = words.next().unwrap_or_default();
            ["GOVERN", "MAP", "MEASURE", "MANAGE"].contains(&function)
                && words.next().is_some_and(|n| n.contains('.'))
        })
}
