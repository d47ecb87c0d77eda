//! The shipped versions: real NIST publications that `rmfdiff import` turned into
//! `frameworks/NAME.xml` (OSCAL catalog XML with provenance). They are embedded in the
//! binary, so `rmfdiff diff csf-1.1 csf-2.0` works wherever the binary is, with no checkout
//! beside it. Embedded as they are, uncompressed: the stored XML is what reviewers read and
//! what the reproducibility test compares, and the few megabytes it adds to the binary cost
//! less than a decompressor. Their SHA-256s are computed by `build.rs`, once.

use std::path::Path;

use crate::error::Result;
use crate::load::{self, Format, oscal_xml};
use crate::model::{Document, Metadata};

/// One shipped version.
pub struct Shipped {
    /// The name users type in place of a path, e.g. `ai-rmf-1.0`.
    pub name: &'static str,
    /// The stored OSCAL catalog XML, `frameworks/NAME.xml`.
    pub xml: &'static [u8],
    /// The SHA-256 of `xml`, lowercase hex, computed when the binary was built.
    pub sha256: &'static str,
}

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(Shipped {
            name: $name,
            xml: include_bytes!(concat!("../frameworks/", $name, ".xml")),
            sha256: include_str!(concat!(env!("OUT_DIR"), "/frameworks/", $name, ".sha256")),
        }),*]
    };
}

/// Every shipped version, in the order `rmfdiff list` shows them.
pub const SHIPPED: &[Shipped] = shipped![
    "ai-rmf-1.0",
    "ai-600-1",
    "ai-rmf-playbook",
    "ai-rmf-playbook-csv",
    "csf-1.1",
    "csf-2.0",
    "sp800-53-rev4-high",
    "sp800-53-rev5-high",
];

/// The shipped version called `name`.
pub fn find(name: &str) -> Option<&'static Shipped> {
    SHIPPED.iter().find(|s| s.name == name)
}

/// The names of the shipped versions, comma-separated, for messages.
pub fn names() -> String {
    let names: Vec<&str> = SHIPPED.iter().map(|s| s.name).collect();
    names.join(", ")
}

impl Shipped {
    /// The stored document; its `source` is the shipped name.
    pub fn load(&self) -> Result<Document> {
        let (path, sha256) = (Path::new(self.name), self.sha256.to_string());
        load::load_hashed_bytes(self.xml, path, Some(Format::OscalXml), sha256)
    }

    /// The stored document's metadata alone (`rmfdiff list`): its `<metadata>` element is
    /// read, the rest is not (the store writes metadata first), nor is the file hashed.
    pub fn metadata(&self) -> Result<Metadata> {
        const END: &[u8] = b"</metadata>";
        let path = Path::new(self.name);
        let end = self.xml.windows(END.len()).position(|w| w == END);
        let head = load::decode(
            &self.xml[..end.map_or(self.xml.len(), |at| at + END.len())],
            path,
        )?;
        let mut meta = oscal_xml::parse(&format!("{head}\n</catalog>\n"), path)?.meta;
        meta.source = self.name.to_string();
        Ok(meta)
    }
}
