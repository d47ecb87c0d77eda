//! `rmfdiff history`: references followed across three versions of a fixture.

use insta_cmd::assert_cmd_snapshot;
use rmfdiff::report::Options;
use rmfdiff::report::classify::Status;
use rmfdiff::report::history::History;
use rmfdiff::topics::Lexicon;

use crate::support::{fixture, rmfdiff, settings};

fn history() -> History {
    let docs: Vec<_> = ["v1.md", "v2.md", "v3.md"]
        .iter()
        .map(|v| rmfdiff::load::load(&fixture("history", v), None).unwrap())
        .collect();
    History::new(&docs, &Lexicon::builtin(), &Options::default())
}

/// (matched, first version, versions whose wording changed, gone).
type Life<'h> = (&'h str, usize, Vec<usize>, Option<(usize, Status)>);

fn lives(history: &History) -> Vec<Life<'_>> {
    let lives = history.references.iter().map(|l| {
        let changed = l.wording.iter().skip(1).map(|(v, _)| *v).collect();
        (l.matched.as_str(), l.first, changed, l.gone)
    });
    lives.collect()
}

#[test]
fn each_reference_is_followed_from_first_to_last_version() {
    let history = history();
    assert_eq!(
        lives(&history),
        [
            ("misinformation", 0, vec![1], Some((2, Status::Removed))),
            ("diverse", 0, vec![], None),
            (
                "diversity, equity, and inclusion",
                0,
                vec![],
                Some((1, Status::Reworded))
            ),
            (
                "Environmental impact",
                0,
                vec![],
                Some((2, Status::Removed))
            ),
            ("sustainability", 0, vec![], Some((2, Status::Removed))),
            ("disinformation", 1, vec![], None),
        ]
    );
    let misinformation = &history.references[0];
    assert!(
        misinformation.wording[1]
            .1
            .ends_with("to the organization and its users.")
    );
}

#[test]
fn counts_per_version_match_a_scan_of_each_version() {
    let history = history();
    for (v, file) in ["v1.md", "v2.md", "v3.md"].iter().enumerate() {
        let doc = rmfdiff::load::load(&fixture("history", file), None).unwrap();
        let scan = rmfdiff::report::Scan::new(&doc, &Lexicon::builtin(), &[]);
        for topic in &scan.topics {
            let timeline = history.topics.iter().find(|t| t.key == topic.key).unwrap();
            assert_eq!(timeline.all[v], topic.total, "{} in {file}", topic.key);
            assert_eq!(timeline.direct[v], topic.direct, "{} in {file}", topic.key);
        }
    }
}

#[test]
fn history_in_each_format() {
    let versions = [
        "tests/fixtures/history/v1.md",
        "tests/fixtures/history/v2.md",
        "tests/fixtures/history/v3.md",
    ];
    settings().bind(|| {
        for format in ["term", "json", "md", "html"] {
            let mut args = vec!["history", "--format", format];
            args.extend(versions);
            assert_cmd_snapshot!(format!("history_{format}"), rmfdiff(&args));
        }
    });
}

#[test]
fn history_needs_two_versions_and_fails_on_removed() {
    let one = rmfdiff(&["history", "tests/fixtures/history/v1.md"])
        .output()
        .unwrap();
    assert_eq!(one.status.code(), Some(2));
    let mut args = vec!["history", "--fail-on", "removed"];
    args.extend([
        "tests/fixtures/history/v1.md",
        "tests/fixtures/history/v3.md",
    ]);
    assert_eq!(rmfdiff(&args).output().unwrap().status.code(), Some(1));
    let same = [
        "history",
        "--fail-on",
        "removed",
        "tests/fixtures/history/v2.md",
        "tests/fixtures/history/v2.md",
    ];
    assert_eq!(rmfdiff(&same).output().unwrap().status.code(), Some(0));
}

/// A reference that went with its subcategory into another (v1 → v2) and stayed there (v2 →
/// v3) is one lineage, never "first in v3"; the same when a subcategory is split off, or
/// withdrawn into another by NIST's placeholder.
#[test]
fn references_are_followed_through_merges_and_splits() {
    use crate::revisions::{ai_rmf, as_loaded, merge, split, withdraw};
    let merged = merge(ai_rmf(), "MEASURE 2.11", "MEASURE 2.12", None);
    let cut = split(ai_rmf(), "MAP 1.1", "Considerations include:");
    let withdrawn = as_loaded(&withdraw(ai_rmf(), "GOVERN 3.1", "GOVERN 2.1", None));
    for docs in [
        [ai_rmf(), merged.clone(), merged],
        [ai_rmf(), cut.clone(), cut],
        [ai_rmf(), withdrawn.clone(), withdrawn],
    ] {
        let history = History::new(&docs, &Lexicon::builtin(), &Options::default());
        let late: Vec<&str> = history
            .references
            .iter()
            .filter(|l| l.first > 0 || l.gone.is_some())
            .map(|l| l.matched.as_str())
            .collect();
        assert!(late.is_empty(), "{}: {late:?}", docs[1].meta.title);
    }
}
