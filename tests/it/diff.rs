//! The diff pipeline on the paired fixtures: each classification shows up where it should.

use rmfdiff::align::MatchedBy;
use rmfdiff::report::{ChangeKind, Report, Side, Status, TopicRef};

use crate::support::diff_fixture;

/// The topic references of the change whose new (or old) id is `id`.
fn refs<'r>(report: &'r Report, id: &str) -> Vec<&'r TopicRef> {
    let change = report
        .changes
        .iter()
        .find(|c| c.new_id.as_deref() == Some(id) || c.old_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no change for {id}"));
    change.topics.iter().collect()
}

fn statuses(refs: &[&TopicRef], topic: &str) -> Vec<(String, Status)> {
    let refs = refs.iter().filter(|r| r.topic == topic);
    refs.map(|r| (r.matched.clone(), r.status)).collect()
}

#[test]
fn deleted_misinformation_reference_is_removed() {
    let report = diff_fixture("misinformation-deleted", "md");
    let refs = refs(&report, "GOVERN 1.2");
    assert_eq!(
        statuses(&refs, "misinformation").first(),
        Some(&("misinformation".to_string(), Status::Removed))
    );
    let misinformation = report
        .topics
        .iter()
        .find(|t| t.key == "misinformation")
        .unwrap();
    assert_eq!(misinformation.direct.removed, 1);
    assert_eq!(misinformation.all.retained + misinformation.all.added, 0);
    assert_eq!(report.nodes.modified, 1);
}

#[test]
fn reworded_dei_phrase_keeps_old_and_new_wording() {
    let report = diff_fixture("dei-reworded", "md");
    let refs = refs(&report, "GOVERN 3.1");
    let dei: Vec<_> = refs.iter().filter(|r| r.topic == "dei").collect();
    assert!(!dei.is_empty());
    for r in &dei {
        assert_eq!(r.status, Status::Reworded, "{r:?}");
        assert_eq!(r.side, Side::Old);
        assert!(
            r.excerpt.contains("diversity, equity, and inclusion"),
            "{r:?}"
        );
        let new = r.new_excerpt.as_deref().unwrap_or_default();
        assert!(new.contains("broad range of expertise"), "{r:?}");
    }
}

#[test]
fn removed_climate_paragraph_removes_each_reference() {
    let report = diff_fixture("climate-paragraph-removed", "md");
    let climate = report.topics.iter().find(|t| t.key == "climate").unwrap();
    assert!(climate.all.removed >= 3, "{climate:?}");
    assert_eq!(
        climate.direct.removed, 1,
        "\"climate change\" is the one direct term"
    );
    assert_eq!(
        (
            climate.all.reworded,
            climate.all.retained,
            climate.all.added
        ),
        (0, 0, 0)
    );
}

#[test]
fn renumbered_subcategory_is_matched_and_moved() {
    let report = diff_fixture("renumbered", "md");
    let moved: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Moved)
        .collect();
    assert_eq!(moved.len(), 1, "{:#?}", report.changes);
    let change = moved[0];
    assert_eq!(change.old_id.as_deref(), Some("MAP 1.3"));
    assert_eq!(change.new_id.as_deref(), Some("MAP 2.2"));
    assert_eq!(change.matched_by, Some(MatchedBy::Similarity));
    assert_eq!((report.nodes.added, report.nodes.removed), (0, 0));
}

#[test]
fn reference_in_a_rewritten_sentence_is_retained() {
    let report = diff_fixture("retained", "md");
    let refs = refs(&report, "MEASURE 2.12");
    let climate = statuses(&refs, "climate");
    assert!(
        climate.contains(&("Environmental impact".to_string(), Status::Retained)),
        "{climate:?}"
    );
    assert!(
        climate
            .iter()
            .any(|(m, s)| m == "sustainability" && *s == Status::Removed),
        "{climate:?}"
    );
}

#[test]
fn new_subcategory_adds_its_reference() {
    let report = diff_fixture("added", "md");
    let change = report
        .changes
        .iter()
        .find(|c| c.new_id.as_deref() == Some("MANAGE 4.4"))
        .unwrap();
    assert_eq!(change.kind, ChangeKind::Added);
    let refs: Vec<_> = change
        .topics
        .iter()
        .map(|r| (r.matched.as_str(), r.status))
        .collect();
    assert!(
        refs.contains(&("disinformation", Status::Added)),
        "{refs:?}"
    );
}

#[test]
fn identical_documents_give_an_empty_diff() {
    let report = diff_fixture("unchanged", "md");
    assert_eq!(report.nodes.changed(), 0);
    assert!(report.nodes.unchanged > 0);
    // Unchanged entries appear only for their retained references.
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.kind == ChangeKind::Unchanged && c.segments.is_empty())
    );
    let totals = report.topic_totals();
    assert_eq!((totals.removed, totals.reworded, totals.added), (0, 0, 0));
    assert!(totals.retained > 0);
}

#[test]
fn swapping_old_and_new_swaps_removed_and_added() {
    for case in [
        "misinformation-deleted",
        "climate-paragraph-removed",
        "added",
    ] {
        let forward = diff_fixture(case, "md").topic_totals();
        let old = crate::support::fixture(case, "old.md");
        let new = crate::support::fixture(case, "new.md");
        let backward = rmfdiff::report::Report::diff(
            &rmfdiff::load::load(&new, None).unwrap(),
            &rmfdiff::load::load(&old, None).unwrap(),
            &rmfdiff::topics::Lexicon::builtin(),
            &rmfdiff::report::Options::default(),
        )
        .topic_totals();
        assert_eq!(forward.in_old(), backward.in_new(), "{case}");
        assert_eq!(forward.in_new(), backward.in_old(), "{case}");
        assert_eq!(forward.removed + forward.reworded, backward.added, "{case}");
    }
}

#[test]
fn markdown_xml_and_json_give_the_same_report() {
    let strip = |report: Report| -> serde_json::Value {
        let mut value =
            serde_json::to_value(rmfdiff::render::json::DiffOutput::new(&report)).unwrap();
        let object = value.as_object_mut().unwrap();
        object.remove("old");
        object.remove("new");
        value
    };
    let md = strip(diff_fixture("formats", "md"));
    assert_eq!(md, strip(diff_fixture("formats", "xml")));
    assert_eq!(md, strip(diff_fixture("formats", "json")));
    let removed = &md["summary"]["topics"]["misinformation"]["removed"];
    assert_eq!(removed, 1, "{md:#}");
}
