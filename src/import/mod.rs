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
pub mod playbook_pdf;

use std::path::Path;

use crate::error::{Error, Result};
use crate::load::{self, Format};
use crate::model::{Document, Node, Provenance, SourceFile};

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
    /// The AI RMF Playbook as NIST exports it to PDF (a first page naming the Playbook).
    PlaybookPdf,
    /// The AI RMF Playbook as CSV, one column per subcategory.
    PlaybookCsv,
    /// The Cybersecurity Framework Core as JSON records (`Subcategory ID`, …).
    CsfJson,
    /// An OSCAL catalog (XML or JSON), stored as it is with provenance added.
    Oscal,
}

/// Imports one publication from `sources`: the first gives the document, and each later
/// one (a structured rendering of some of it) is laid over it with [`overlay`]. The kind of
/// each source is told from its content unless `kind` says.
pub fn import(sources: &[&Path], kind: Option<SourceKind>) -> Result<Document> {
    import_at_most(
        sources,
        kind,
        load::DEFAULT_MAX_INPUT_MB,
        pdf::PdfLimits::default(),
    )
}

/// [`import`], refusing a source larger than `max_mb` MB (`--max-input-mb`) and a PDF that
/// exceeds `pdf_limits` (`--max-pdf-…`).
pub fn import_at_most(
    sources: &[&Path],
    kind: Option<SourceKind>,
    max_mb: u64,
    pdf_limits: pdf::PdfLimits,
) -> Result<Document> {
    let mut files = Vec::new();
    let mut doc: Option<Document> = None;
    for &path in sources {
        let bytes = load::read_at_most(path, max_mb)?;
        let later = read(&bytes, path, kind, pdf_limits)?;
        doc = Some(match doc {
            None => later,
            Some(mut doc) => {
                overlay(&mut doc, later);
                doc
            }
        });
        let file = path.file_name().unwrap_or(path.as_os_str());
        files.push(SourceFile {
            file: file.to_string_lossy().into_owned(),
            sha256: load::sha256_hex(&bytes),
        });
    }
    let Some(mut doc) = doc else {
        return Err(Error::Usage("import needs at least one source file".into()));
    };
    load::sanitize(&mut doc);
    crate::model::withdrawal::mark(&mut doc);
    doc.meta.source = String::new();
    doc.meta.sha256 = String::new();
    doc.meta.imported_from = Some(Provenance {
        sources: files,
        importer: format!("rmfdiff {}", env!("CARGO_PKG_VERSION")),
    });
    Ok(doc)
}

fn read(
    bytes: &[u8],
    path: &Path,
    kind: Option<SourceKind>,
    pdf_limits: pdf::PdfLimits,
) -> Result<Document> {
    let kind = match kind {
        Some(kind) => kind,
        // Which NIST PDF it is shows in its text, read once, within the limits.
        None if bytes.starts_with(b"%PDF-") => {
            return pdf::parse_any_within(bytes, path, pdf_limits);
        }
        None => sniff(bytes, path)?,
    };
    let text = || load::decode(bytes, path);
    match kind {
        SourceKind::Pdf => pdf::parse_within(bytes, path, pdf_limits),
        SourceKind::PlaybookPdf => playbook_pdf::parse_within(bytes, path, pdf_limits),
        SourceKind::Oscal => load::load_bytes(bytes, path, None),
        SourceKind::Markdown => load::load_bytes(bytes, path, Some(Format::Text)),
        SourceKind::CoreJson => core_json::parse(text()?, path),
        SourceKind::ActionsJson => actions_json::parse(text()?, path),
        SourceKind::PlaybookCsv => playbook_csv::parse(text()?, path),
        SourceKind::CsfJson => csf_json::parse(text()?, path),
    }
}

/// Lays `later` over `doc`: each top-level node of `later` replaces the node of `doc` with
/// the same id, where it stands (a structured table replaces its text extraction), and the
/// others are appended; the metadata `later` states wins.
///
/// ```
/// # use rmfdiff::model::{Document, Node, NodeKind};
/// let node = |id: &str, title: &str| {
///     let mut n = Node::new(NodeKind::Group);
///     (n.id, n.title) = (Some(id.into()), Some(title.into()));
///     n
/// };
/// let mut doc = Document { nodes: vec![node("intro", "Intro"), node("GOVERN", "garbled")], ..Default::default() };
/// let later = Document { nodes: vec![node("GOVERN", "GOVERN"), node("MAP", "MAP")], ..Default::default() };
/// rmfdiff::import::overlay(&mut doc, later);
/// let titles: Vec<_> = doc.nodes.iter().map(|n| n.title.as_deref().unwrap()).collect();
/// assert_eq!(titles, ["Intro", "GOVERN", "MAP"]);
/// ```
pub fn overlay(doc: &mut Document, later: Document) {
    let meta = later.meta;
    doc.meta.title = meta.title;
    for (field, value) in [
        (&mut doc.meta.version, meta.version),
        (&mut doc.meta.publication, meta.publication),
        (&mut doc.meta.published, meta.published),
    ] {
        if value.is_some() {
            *field = value;
        }
    }
    for node in later.nodes {
        let same = |n: &Node| n.id.is_some() && n.id == node.id;
        match doc.nodes.iter_mut().find(|n| same(n)) {
            Some(old) => *old = node,
            None => doc.nodes.push(node),
        }
    }
}

/// Typographic ligatures (PDF extractions keep them) replaced by their letters.
///
/// ```
/// assert_eq!(rmfdiff::import::spell_out_ligatures("eﬀective ﬁnal ﬂow"), "effective final flow");
/// ```
pub fn spell_out_ligatures(text: &str) -> String {
    const LIGATURES: [(char, &str); 7] = [
        ('ﬀ', "ff"),
        ('ﬁ', "fi"),
        ('ﬂ', "fl"),
        ('ﬃ', "ffi"),
        ('ﬄ', "ffl"),
        ('ﬅ', "st"),
        ('ﬆ', "st"),
    ];
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match LIGATURES.iter().find(|(l, _)| *l == c) {
            Some((_, letters)) => out.push_str(letters),
            None => out.push(c),
        }
    }
    out
}

/// Tells the kind of a source from its first bytes and, for JSON, the fields of its records.
fn sniff(bytes: &[u8], path: &Path) -> Result<SourceKind> {
    let text = load::decode(bytes, path)?;
    let start = text.trim_start();
    let mut head = start.len().min(4096);
    while !start.is_char_boundary(head) {
        head -= 1;
    }
    let has = |field: &str| start[..head].contains(field);
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
