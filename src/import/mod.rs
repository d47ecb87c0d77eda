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
