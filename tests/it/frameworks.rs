//! The shipped versions in frameworks/: real, reproducible from their sources, usable by name.

use std::collections::BTreeSet;

use rmfdiff::frameworks::SHIPPED;
use rmfdiff::import;
use rmfdiff::load;

use crate::support::{root, source};

#[test]
fn every_stored_file_is_shipped_and_every_shipped_name_is_stored() {
    let stored: BTreeSet<String> = std::fs::read_dir(root().join("frameworks"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".xml").map(str::to_string)
        })
        .collect();
    let shipped: BTreeSet<String> = SHIPPED.iter().map(|s| s.name.to_string()).collect();
    assert_eq!(stored, shipped);
}

/// Each stored file is byte for byte what the importer makes of its source today.
#[test]
fn stored_versions_are_reproducible_from_their_sources() {
    for shipped in SHIPPED {
        let stored = shipped.load().unwrap();
        let origin = stored.meta.imported_from.as_ref().unwrap_or_else(|| {
            panic!("{} has no provenance", shipped.name);
        });
        let path = source(&origin.file);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            load::sha256_hex(&bytes),
            origin.sha256,
            "{}",
            path.display()
        );
        let mut again = Vec::new();
        rmfdiff::store::write_oscal_xml(&import::import(&path, None).unwrap(), &mut again).unwrap();
        assert!(
            again == shipped.xml,
            "frameworks/{0}.xml is out of date: run `cargo run --release -- import \
             frameworks/sources/{1} --as {0}`",
            shipped.name,
            origin.file
        );
    }
}

/// The copied sources are the files the manifest names, unchanged.
#[test]
fn sources_match_their_manifest() {
    let manifest = std::fs::read_to_string(source("MANIFEST.tsv")).unwrap();
    let mut rows = 0;
    for row in manifest.lines().skip(1) {
        let cells: Vec<&str> = row.split('\t').collect();
        let bytes = std::fs::read(source(cells[0])).unwrap();
        assert_eq!(load::sha256_hex(&bytes), cells[1], "{}", cells[0]);
        assert_eq!(bytes.len().to_string(), cells[2], "{}", cells[0]);
        rows += 1;
    }
    let files = std::fs::read_dir(root().join("frameworks/sources"))
        .unwrap()
        .count();
    assert_eq!(
        rows + 1,
        files,
        "every file in frameworks/sources has a MANIFEST row"
    );
}
