//! The shipped versions in frameworks/: real, reproducible from their sources, usable by name.

use std::collections::BTreeSet;

use rmfdiff::frameworks::SHIPPED;
use rmfdiff::import;
use rmfdiff::load;

use insta_cmd::assert_cmd_snapshot;

use crate::support::{rmfdiff, root, settings, source};

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
        let paths: Vec<_> = origin.sources.iter().map(|s| source(&s.file)).collect();
        for (path, stored) in paths.iter().zip(&origin.sources) {
            let bytes = std::fs::read(path).unwrap();
            assert_eq!(
                load::sha256_hex(&bytes),
                stored.sha256,
                "{}",
                path.display()
            );
        }
        let paths: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
        let mut again = Vec::new();
        rmfdiff::store::write_oscal_xml(&import::import(&paths, None).unwrap(), &mut again)
            .unwrap();
        let files: Vec<String> = origin
            .sources
            .iter()
            .map(|s| format!("frameworks/sources/{}", s.file))
            .collect();
        assert!(
            again == shipped.xml,
            "frameworks/{0}.xml is out of date: run `cargo run --release -- import {1} --as {0}`",
            shipped.name,
            files.join(" ")
        );
    }
}

/// Each shipped version's SHA-256, computed when the binary was built, is that of its bytes,
/// and is the one its provenance gives.
#[test]
fn shipped_versions_hashes_are_their_bytes_hashes() {
    for shipped in SHIPPED {
        assert_eq!(
            shipped.sha256,
            load::sha256_hex(shipped.xml),
            "{}",
            shipped.name
        );
        assert_eq!(shipped.load().unwrap().meta.sha256, shipped.sha256);
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

/// The headline real-world output: every passage of each shipped AI RMF family document
/// that the AI Action Plan's directive would touch, by topic, with its location.
#[test]
fn scans_of_the_ai_rmf_family() {
    settings().bind(|| {
        for name in [
            "ai-rmf-1.0",
            "ai-600-1",
            "ai-rmf-playbook",
            "ai-rmf-playbook-csv",
        ] {
            assert_cmd_snapshot!(format!("scan_{name}"), rmfdiff(&["scan", name]));
        }
    });
}

/// Real framework revisions: one line per changed entry.
#[test]
fn summaries_of_real_revisions() {
    settings().bind(|| {
        for (old, new) in [
            ("csf-1.1", "csf-2.0"),
            ("sp800-53-rev4-high", "sp800-53-rev5-high"),
        ] {
            assert_cmd_snapshot!(
                format!("diff_summary_{old}_{new}"),
                rmfdiff(&["diff", old, new, "--summary"])
            );
        }
    });
}
