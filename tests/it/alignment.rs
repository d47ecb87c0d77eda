//! Alignment on the revisions NIST is likely to publish, built from the real shipped text
//! (`revisions`): deletions with renumbering, merges, splits; and CSF 1.1 → 2.0 with NIST's
//! withdrawal placeholders taken out, so that only the text says where things went.

use rmfdiff::align::{MatchedBy, id_key};
use rmfdiff::diff::Op;
use rmfdiff::model::Document;
use rmfdiff::render::term::{self, Detail};
use rmfdiff::report::{Change, ChangeKind, Options, Report, Status, StatusCounts};
use rmfdiff::topics::Lexicon;

use crate::revisions::{
    ai_rmf, csf_without_placeholders, delete_and_renumber, insert, merge, move_to, retypeset,
    reword, shipped, split, straighten, swap_with_next,
};
use crate::support::snapshots;

pub(crate) fn diff(old: &Document, new: &Document) -> Report {
    Report::diff(old, new, &Lexicon::builtin(), &Options::default())
}

/// The change that holds old entry `old_id` (or, with `None`, new entry `new_id` alone).
pub(crate) fn by_old<'r>(report: &'r Report, old_id: &str) -> &'r Change {
    report
        .changes
        .iter()
        .find(|c| c.old_id.as_deref() == Some(old_id))
        .unwrap_or_else(|| panic!("no change for old {old_id}"))
}

/// The change that holds new entry `new_id`.
pub(crate) fn by_new<'r>(report: &'r Report, new_id: &str) -> &'r Change {
    report
        .changes
        .iter()
        .find(|c| c.new_id.as_deref() == Some(new_id))
        .unwrap_or_else(|| panic!("no change for new {new_id}"))
}

/// The ids of the entries `change`'s old entry was merged into.
pub(crate) fn merged_into(change: &Change) -> Vec<&str> {
    change.merged_into().iter().map(|l| l.id.as_str()).collect()
}

/// The parenthetical list of kinds of diversity in GOVERN 3.1, which revisions drop.
const DIVERSITY_LIST: &str =
    " (e.g., diversity of demographics, disciplines, experience, expertise, and backgrounds)";

fn topic<'r>(report: &'r Report, key: &str) -> &'r StatusCounts {
    &report.topics.iter().find(|t| t.key == key).expect(key).all
}

/// (removed, reworded, retained, added)
fn counts(c: &StatusCounts) -> (usize, usize, usize, usize) {
    (c.removed, c.reworded, c.retained, c.added)
}

fn renumbered(report: &Report, old_id: &str, new_id: &str) {
    let change = by_old(report, old_id);
    assert_eq!(change.new_id.as_deref(), Some(new_id), "{old_id}");
    assert_eq!(change.label(), "renumbered", "{old_id} → {new_id}");
    assert_eq!(change.renumbered_from(), Some(old_id));
}

fn removed(report: &Report, old_id: &str) {
    let change = by_old(report, old_id);
    assert_eq!(
        (change.kind, change.new_id.as_deref()),
        (ChangeKind::Removed, None),
        "{old_id}"
    );
    assert!(
        change.merged_into().is_empty(),
        "{old_id}: {:?}",
        change.shares
    );
}

/// The report's changed entries, one line each, for a snapshot.
fn summary(report: &Report) -> String {
    let mut out = Vec::new();
    term::write_report(report, &mut out, false, Detail::Summary).expect("renders");
    let text = String::from_utf8(out).expect("UTF-8");
    text.lines()
        .filter(|l| !l.contains(" · unchanged"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn subcategory_deleted_and_the_next_renumbered() {
    let old = ai_rmf();
    let new = delete_and_renumber(ai_rmf(), "MEASURE 2.12");
    let report = diff(&old, &new);
    removed(&report, "MEASURE 2.12");
    renumbered(&report, "MEASURE 2.13", "MEASURE 2.12");
    let moved = by_old(&report, "MEASURE 2.13");
    assert_eq!(moved.matched_by, Some(MatchedBy::Similarity));
    assert_eq!(moved.similarity, 1.0);
    // The environmental wording went with its subcategory: removed, not reworded into TEVV.
    assert_eq!(counts(topic(&report, "climate")), (2, 0, 15, 0));
    assert_eq!(counts(topic(&report, "dei")), (0, 0, 31, 0));
    snapshots()
        .bind(|| insta::assert_snapshot!("alignment_measure_2_12_deleted", summary(&report)));
}

#[test]
fn category_deleted_and_the_next_renumbered() {
    let old = ai_rmf();
    let new = delete_and_renumber(ai_rmf(), "GOVERN 3");
    let report = diff(&old, &new);
    for id in ["GOVERN 3", "GOVERN 3.1", "GOVERN 3.2"] {
        removed(&report, id);
    }
    for (was, now) in [
        ("GOVERN 4", "GOVERN 3"),
        ("GOVERN 4.1", "GOVERN 3.1"),
        ("GOVERN 4.3", "GOVERN 3.3"),
        ("GOVERN 5", "GOVERN 4"),
        ("GOVERN 5.2", "GOVERN 4.2"),
        ("GOVERN 6", "GOVERN 5"),
        ("GOVERN 6.1", "GOVERN 5.1"),
        ("GOVERN 6.2", "GOVERN 5.2"),
    ] {
        renumbered(&report, was, now);
    }
    assert_eq!(report.nodes.removed, 3);
    assert_eq!(report.nodes.added, 0);
    // GOVERN 3's "diversity, equity, inclusion, and accessibility" and GOVERN 3.1's "diverse
    // team (e.g., diversity of demographics …)": removed, never reworded into GOVERN 4.
    let dei = topic(&report, "dei");
    assert_eq!(counts(dei), (4, 0, 27, 0));
    let gone = by_old(&report, "GOVERN 3.1");
    assert_eq!(gone.topics.len(), 3);
    snapshots().bind(|| insta::assert_snapshot!("alignment_govern_3_deleted", summary(&report)));
}

#[test]
fn merge_keeps_the_references_that_arrived_and_removes_the_dropped_ones() {
    let old = ai_rmf();
    let new = merge(ai_rmf(), "GOVERN 3.2", "GOVERN 3.1", Some(DIVERSITY_LIST));
    let report = diff(&old, &new);
    // Both old subcategories are now in the one new GOVERN 3.1: one is paired with it, the
    // other merged into it.
    let (a, b) = (by_old(&report, "GOVERN 3.1"), by_old(&report, "GOVERN 3.2"));
    let (paired, merged) = if a.new_id.is_some() { (a, b) } else { (b, a) };
    assert_eq!(paired.new_id.as_deref(), Some("GOVERN 3.1"));
    assert_eq!(merged.kind, ChangeKind::Removed);
    assert_eq!(merged.label(), "merged");
    assert_eq!(merged_into(merged), ["GOVERN 3.1"]);
    assert!(merged.merged_into()[0].share > 0.8);
    assert_eq!(paired.merged_from, [merged.old_id.clone().unwrap()]);
    assert_eq!(report.nodes.merged, 1);
    // "diverse team" arrived; "diversity of demographics" was dropped in the merge.
    assert_eq!(counts(topic(&report, "dei")), (2, 0, 29, 0));
    let retained: Vec<&str> = [a, b]
        .iter()
        .flat_map(|c| c.topics.iter())
        .filter(|r| r.status == rmfdiff::report::Status::Retained)
        .map(|r| r.matched.as_str())
        .collect();
    assert_eq!(retained, ["diverse"]);
    snapshots().bind(|| insta::assert_snapshot!("alignment_govern_3_1_merged", summary(&report)));
}

#[test]
fn merge_without_loss_retains_every_reference() {
    let old = ai_rmf();
    let new = merge(ai_rmf(), "MEASURE 2.11", "MEASURE 2.12", None);
    let report = diff(&old, &new);
    let merged = by_old(&report, "MEASURE 2.12");
    assert_eq!(merged.label(), "merged");
    assert_eq!(merged.merged_into()[0].id, "MEASURE 2.11");
    renumbered(&report, "MEASURE 2.13", "MEASURE 2.12");
    // "Environmental impact" and "sustainability" are in MEASURE 2.11 now: retained.
    assert_eq!(counts(topic(&report, "climate")), (0, 0, 17, 0));
    assert_eq!(counts(topic(&report, "dei")), (0, 0, 31, 0));
    let in_merged: Vec<_> = merged.topics.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(in_merged, ["retained", "retained"]);
}

#[test]
fn sentences_reordered_within_an_entry_keep_their_references() {
    // NIST's own two sentences of MAP 1.2, the first with "demographic diversity", swapped.
    let first = "Interdisciplinary AI actors, competencies, skills, and capacities for \
                 establishing context reflect demographic diversity and broad domain and user \
                 experience expertise, and their participation is documented.";
    let second = "Opportunities for interdisciplinary collaboration are prioritized.";
    let old = ai_rmf();
    let swapped = format!("{second} {first}");
    let new = reword(ai_rmf(), "MAP 1.2", &format!("{first} {second}"), &swapped);
    let report = diff(&old, &new);
    let change = by_old(&report, "MAP 1.2");
    assert_eq!(
        (change.kind, change.new_id.as_deref()),
        (ChangeKind::Modified, Some("MAP 1.2"))
    );
    assert_eq!(report.nodes.modified, 1);
    // The word diff shows a sentence deleted and inserted; the references stay retained.
    assert_eq!(counts(topic(&report, "dei")), (0, 0, 31, 0));
    assert_eq!(counts(topic(&report, "climate")), (0, 0, 17, 0));
    let in_change: Vec<_> = change.topics.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(in_change, ["retained", "retained"]);
}

#[test]
fn split_names_where_the_new_entry_came_from() {
    let old = ai_rmf();
    let new = split(ai_rmf(), "MAP 1.1", "Considerations include:");
    let report = diff(&old, &new);
    let part = by_new(&report, "MAP 1.2");
    assert_eq!((part.kind, part.label()), (ChangeKind::Added, "split"));
    let from: Vec<&str> = part.split_from().iter().map(|l| l.id.as_str()).collect();
    assert_eq!(from, ["MAP 1.1"]);
    assert_eq!(by_old(&report, "MAP 1.1").split_into, ["MAP 1.2"]);
    for (was, now) in [("MAP 1.2", "MAP 1.3"), ("MAP 1.6", "MAP 1.7")] {
        renumbered(&report, was, now);
    }
    // MAP 1.1's "planet" went to the new MAP 1.2: retained there, not removed and added.
    for key in ["misinformation", "dei", "climate"] {
        let (removed, reworded, _, added) = counts(topic(&report, key));
        assert_eq!((removed, reworded, added), (0, 0, 0), "{key}");
    }
    assert_eq!(report.nodes.split, 1);
    snapshots().bind(|| insta::assert_snapshot!("alignment_map_1_1_split", summary(&report)));
}

#[test]
fn subcategory_moved_to_another_function() {
    let old = ai_rmf();
    let new = move_to(ai_rmf(), "MEASURE 2.12", "MAP 5", "MAP 5.3");
    let report = diff(&old, &new);
    renumbered(&report, "MEASURE 2.12", "MAP 5.3");
    renumbered(&report, "MEASURE 2.13", "MEASURE 2.12");
    assert_eq!((report.nodes.added, report.nodes.removed), (0, 0));
    // The environmental wording moved with its subcategory: retained, nothing removed.
    assert_eq!(counts(topic(&report, "climate")), (0, 0, 17, 0));
}

#[test]
fn deletion_renumbering_and_rewording_in_one_revision() {
    let old = ai_rmf();
    let new = reword(
        delete_and_renumber(ai_rmf(), "GOVERN 1.1"),
        "GOVERN 3.1",
        "a diverse team (e.g., diversity of demographics, disciplines",
        "a team with a range of disciplines",
    );
    let report = diff(&old, &new);
    removed(&report, "GOVERN 1.1");
    for (was, now) in [("GOVERN 1.2", "GOVERN 1.1"), ("GOVERN 1.7", "GOVERN 1.6")] {
        renumbered(&report, was, now);
    }
    let reworded = by_old(&report, "GOVERN 3.1");
    assert_eq!(
        (reworded.kind, reworded.matched_by),
        (ChangeKind::Modified, Some(MatchedBy::Id))
    );
    // "diverse" and "demographics" deleted, "diversity" replaced by "a range": gone, all
    // three, in GOVERN 3.1 itself.
    assert_eq!(counts(topic(&report, "dei")), (2, 1, 28, 0));
    assert_eq!(reworded.topics.len(), 3);
}

#[test]
fn merge_that_rewords_what_it_moves() {
    let old = ai_rmf();
    let reworded = reword(
        ai_rmf(),
        "MEASURE 2.12",
        "Environmental impact and sustainability of",
        "Resource use of",
    );
    let new = merge(reworded, "MEASURE 2.11", "MEASURE 2.12", None);
    let report = diff(&old, &new);
    let merged = by_old(&report, "MEASURE 2.12");
    assert_eq!(merged.merged_into()[0].id, "MEASURE 2.11");
    // Both climate references are gone on the way (removed or reworded), none arrived.
    let (removed, reworded, retained, added) = counts(topic(&report, "climate"));
    assert_eq!((removed + reworded, retained, added), (2, 15, 0));
    assert!(
        merged
            .topics
            .iter()
            .all(|r| r.side == rmfdiff::report::Side::Old)
    );
}

/// Found on a held-out revision: a phrase that shrinks to a shorter term leaves that term
/// retained (narrowed), never added, and the directive's own words are counted reworded.
#[test]
fn a_phrase_that_shrinks_to_a_term_is_narrowed_not_added() {
    let old = ai_rmf();
    let new = reword(
        ai_rmf(),
        "appendix-a",
        "experts in the field of diversity, equity, inclusion, and accessibility",
        "experts in the field of accessibility",
    );
    let report = diff(&old, &new);
    let dei = &report.topics.iter().find(|t| t.key == "dei").expect("dei");
    assert_eq!(counts(&dei.all), (0, 0, 31, 0));
    // Among the directive's own words it is gone: reworded.
    assert_eq!(counts(&dei.direct), (0, 1, 8, 0));
    let narrowed = report
        .changes
        .iter()
        .flat_map(|c| &c.topics)
        .find(|r| r.was.is_some())
        .expect("a narrowed reference");
    assert_eq!(narrowed.matched, "accessibility");
    let was = narrowed.was.as_ref().unwrap();
    assert_eq!(
        was.matched,
        "diversity, equity, inclusion, and accessibility"
    );
    assert_eq!(narrowed.wording().0, Some(was.excerpt.as_str()));
    // Seen the other way it widened: retained, and added among the direct terms.
    let back = diff(&new, &old);
    let dei = &back.topics.iter().find(|t| t.key == "dei").expect("dei");
    assert_eq!(counts(&dei.all), (0, 0, 31, 0));
    assert_eq!(counts(&dei.direct), (0, 0, 8, 1));
}

/// The directive's likely edit of one category in one revision: GOVERN 3's "diversity,
/// equity, inclusion, and accessibility" cut to "accessibility", its subcategory 3.1 (the
/// diverse team) deleted, and 3.2 renumbered 3.1 under the narrowed parent.
#[test]
fn a_category_narrowed_while_its_subcategory_is_deleted_and_the_next_renumbered() {
    let old = ai_rmf();
    let new = reword(
        delete_and_renumber(ai_rmf(), "GOVERN 3.1"),
        "GOVERN 3",
        "Workforce diversity, equity, inclusion, and accessibility processes",
        "Workforce accessibility processes",
    );
    let report = diff(&old, &new);
    removed(&report, "GOVERN 3.1");
    renumbered(&report, "GOVERN 3.2", "GOVERN 3.1");
    let narrowed = by_old(&report, "GOVERN 3");
    assert_eq!(
        (narrowed.kind, narrowed.new_id.as_deref()),
        (ChangeKind::Modified, Some("GOVERN 3"))
    );
    assert_eq!(report.nodes.removed, 1);
    assert_eq!(report.nodes.modified, 1);
    let dei = &report.topics.iter().find(|t| t.key == "dei").expect("dei");
    // GOVERN 3.1's "diverse", "diversity" and "demographics" removed; GOVERN 3 keeps
    // "accessibility", narrowed from the directive's phrase.
    assert_eq!(counts(&dei.all), (3, 0, 28, 0));
    assert_eq!(counts(&dei.direct), (1, 1, 7, 0));
    let was = narrowed.topics.iter().find_map(|r| r.was.as_ref());
    assert_eq!(
        was.map(|w| w.matched.as_str()),
        Some("diversity, equity, inclusion, and accessibility")
    );
}

/// Two subcategories trade places and numbers, and the one that moves down loses its
/// parenthetical on diversity: GOVERN 3.1 (the diverse team) becomes 3.2, 3.2 becomes 3.1.
/// Each is paired with its own text, not with the entry that now has its number.
#[test]
fn subcategories_swapped_and_one_of_them_reworded() {
    let old = ai_rmf();
    let new = reword(
        swap_with_next(ai_rmf(), "GOVERN 3.1"),
        "GOVERN 3.2",
        DIVERSITY_LIST,
        "",
    );
    let report = diff(&old, &new);
    renumbered(&report, "GOVERN 3.1", "GOVERN 3.2");
    renumbered(&report, "GOVERN 3.2", "GOVERN 3.1");
    assert_eq!(by_old(&report, "GOVERN 3.2").similarity, 1.0);
    assert!(by_old(&report, "GOVERN 3.1").similarity < 1.0);
    assert_eq!((report.nodes.removed, report.nodes.added), (0, 0));
    assert_eq!(report.nodes.moved, 2);
    let moved_down = by_old(&report, "GOVERN 3.1");
    let status = |term: &str| {
        let found = moved_down.topics.iter().find(|r| r.matched == term);
        found.map(|r| r.status).unwrap_or_else(|| panic!("{term}"))
    };
    assert_eq!(status("diverse"), Status::Retained);
    assert_eq!(status("diversity"), Status::Removed);
    assert_eq!(status("demographics"), Status::Removed);
    let dei = report.topics.iter().find(|t| t.key == "dei").expect("dei");
    assert_eq!(counts(&dei.all), (2, 0, 29, 0));
    assert_eq!(counts(&dei.direct), (1, 0, 8, 0));
}

/// A subcategory added in the middle of a category (one of AI 600-1's actions as GOVERN
/// 1.3), the ones after it renumbered up: the new one is added, each old one is paired with
/// its own text under its new number, and no reference changes.
#[test]
fn subcategory_inserted_and_the_rest_renumbered() {
    let old = ai_rmf();
    let new = insert(ai_rmf(), "GOVERN 1.3", &shipped("ai-600-1"), "GV-1.1-001");
    let report = diff(&old, &new);
    assert_eq!(by_new(&report, "GOVERN 1.3").kind, ChangeKind::Added);
    for (was, now) in [("GOVERN 1.3", "GOVERN 1.4"), ("GOVERN 1.7", "GOVERN 1.8")] {
        renumbered(&report, was, now);
        assert_eq!(by_old(&report, was).similarity, 1.0, "{was}");
    }
    let nodes = &report.nodes;
    assert_eq!((nodes.added, nodes.removed, nodes.moved), (1, 0, 5));
    assert_eq!(counts(topic(&report, "dei")), (0, 0, 31, 0));
    assert_eq!(counts(topic(&report, "climate")), (0, 0, 17, 0));
}

/// NIST folds an outcome into one in another function: GOVERN 3.1 (decisions informed by a
/// diverse team) into MAP 1.2 (interdisciplinary actors reflecting demographic diversity),
/// without its parenthetical list of kinds of diversity; GOVERN 3.2 becomes GOVERN 3.1.
#[test]
fn merge_into_another_function_with_the_rest_renumbered() {
    let old = ai_rmf();
    let new = merge(ai_rmf(), "MAP 1.2", "GOVERN 3.1", Some(DIVERSITY_LIST));
    let report = diff(&old, &new);
    let merged = by_old(&report, "GOVERN 3.1");
    assert_eq!(merged.label(), "merged");
    assert_eq!(merged_into(merged), ["MAP 1.2"]);
    assert!(merged.merged_into()[0].share > 0.6);
    assert_eq!(by_new(&report, "MAP 1.2").merged_from, ["GOVERN 3.1"]);
    renumbered(&report, "GOVERN 3.2", "GOVERN 3.1");
    assert_eq!(by_old(&report, "GOVERN 3.2").similarity, 1.0);
    let nodes = &report.nodes;
    assert_eq!((nodes.added, nodes.removed, nodes.merged), (0, 1, 1));
    // "diverse team" arrived in MAP 1.2; the dropped list took "diversity" and "demographics".
    let gone: Vec<&str> = (merged.topics.iter())
        .filter(|r| r.status == Status::Removed)
        .map(|r| r.matched.as_str())
        .collect();
    assert_eq!(gone, ["diversity", "demographics"]);
    let dei = report.topics.iter().find(|t| t.key == "dei").expect("dei");
    assert_eq!(counts(&dei.all), (2, 0, 29, 0));
    assert_eq!(counts(&dei.direct), (1, 0, 8, 0));
    assert_eq!(counts(topic(&report, "climate")), (0, 0, 17, 0));
}

/// NIST documents where each withdrawn CSF 1.1 subcategory went; with the placeholders taken
/// out of 2.0, how many of those destinations does the text alone lead the report to?
#[test]
fn csf_withdrawn_subcategories_found_by_their_words() {
    let old = shipped("csf-1.1");
    let (new, destinations) = csf_without_placeholders();
    let report = diff(&old, &new);
    let (mut right, mut wrong, mut removed_with_none) = (0, 0, 0);
    let mut right_of_merges = 0;
    for (id, nist) in &destinations {
        let Some(change) = report
            .changes
            .iter()
            .find(|c| c.old_id.as_deref().map(id_key) == Some(id_key(id)))
        else {
            continue; // PR.AC-7 and RS.AN-5 are not in the CSF 1.1 source
        };
        let nist: Vec<String> = nist.iter().map(|d| id_key(d)).collect();
        // What the report names: the entry it was paired with, or where its words went.
        let named: Vec<String> = match &change.new_id {
            Some(new_id) => vec![id_key(new_id)],
            None => change.shares.iter().map(|l| id_key(&l.id)).collect(),
        };
        if named.is_empty() {
            removed_with_none += 1;
        }
        for name in &named {
            if nist.contains(name) {
                right += 1;
                right_of_merges += usize::from(!change.merged_into().is_empty());
            } else {
                wrong += 1;
            }
        }
    }
    eprintln!(
        "CSF 1.1 → 2.0 without placeholders: {} withdrawn subcategories with NIST destinations; \
         destinations named right {right} ({right_of_merges} as merges), wrong {wrong}; \
         {removed_with_none} named none",
        destinations.len()
    );
    // Measured: 8 right, 4 wrong, 64 named none. The goal is 15 right with at most one wrong
    // for two right; ARCHITECTURE.md ("Alignment") says what stands in the way. These floors
    // keep what is reached from slipping back.
    assert!(right >= 8, "right {right}");
    assert!(wrong * 2 <= right, "wrong {wrong}, right {right}");
}

/// Three of the edits NIST may make, in one revision: two deletions in different functions,
/// each renumbering what follows, and a split that renumbers a third run.
#[test]
fn deletions_in_two_functions_and_a_split_in_one_revision() {
    let old = ai_rmf();
    let new = split(
        delete_and_renumber(delete_and_renumber(ai_rmf(), "MEASURE 2.12"), "GOVERN 3.1"),
        "MAP 1.1",
        "Considerations include:",
    );
    let report = diff(&old, &new);
    for id in ["MEASURE 2.12", "GOVERN 3.1"] {
        removed(&report, id);
    }
    for (was, now) in [
        ("GOVERN 3.2", "GOVERN 3.1"),
        ("MEASURE 2.13", "MEASURE 2.12"),
        ("MAP 1.2", "MAP 1.3"),
        ("MAP 1.6", "MAP 1.7"),
    ] {
        renumbered(&report, was, now);
    }
    assert_eq!(by_old(&report, "MAP 1.1").split_into, ["MAP 1.2"]);
    let nodes = &report.nodes;
    assert_eq!((nodes.removed, nodes.added, nodes.split), (2, 1, 1));
    // Each deletion takes its own references, and only those: GOVERN 3.1's three (diverse,
    // diversity, demographics) and MEASURE 2.12's two (environmental impact, sustainability);
    // MAP 1.1's "planet" is retained in the part split from it.
    assert_eq!(counts(topic(&report, "dei")), (3, 0, 28, 0));
    assert_eq!(counts(topic(&report, "climate")), (2, 0, 15, 0));
    assert_eq!(by_old(&report, "GOVERN 3.1").topics.len(), 3);
    assert_eq!(by_old(&report, "MEASURE 2.12").topics.len(), 2);
    assert_eq!(by_new(&report, "MAP 1.2").topics.len(), 1);
}

/// A reprint in a new typesetting (straight quotes, hyphens for dashes, titles in capitals)
/// with one subcategory deleted: only the deletion and its renumbering are structural
/// changes, and only the deleted subcategory's references go. The typography shows in the
/// word diffs and moves no count.
#[test]
fn new_typesetting_with_a_deletion_moves_only_the_deleted_references() {
    let old = ai_rmf();
    let same_words = diff(&old, &retypeset(ai_rmf()));
    let nodes = &same_words.nodes;
    assert_eq!((nodes.added, nodes.removed, nodes.moved), (0, 0, 0));
    assert!(nodes.modified > 10, "{nodes:?}");
    let kept = |report: &Report, key: &str| counts(topic(report, key));
    // AI RMF 1.0 names no misinformation; the other two topics are all retained.
    for key in ["dei", "climate", "misinformation"] {
        let (removed, reworded, retained, added) = kept(&same_words, key);
        assert_eq!((removed, reworded, added), (0, 0, 0), "{key}");
        assert_eq!(retained > 0, key != "misinformation", "{key}");
    }
    // The word diffs hold the typography and nothing else: what they deleted, straightened,
    // is what they inserted (case aside).
    let side = |op| -> String {
        let segments = same_words.changes.iter().flat_map(|c| &c.segments);
        let text = segments.filter(|s| s.op == op).map(|s| s.text.as_str());
        text.collect::<String>().to_uppercase()
    };
    let (deleted, inserted) = (side(Op::Delete), side(Op::Insert));
    assert!(deleted.contains('’') && deleted.contains('–'), "{deleted}");
    assert_eq!(straighten(&deleted), inserted);

    let report = diff(
        &old,
        &retypeset(delete_and_renumber(ai_rmf(), "GOVERN 3.1")),
    );
    removed(&report, "GOVERN 3.1");
    renumbered(&report, "GOVERN 3.2", "GOVERN 3.1");
    assert_eq!((report.nodes.added, report.nodes.removed), (0, 1));
    let (_, _, retained, _) = kept(&same_words, "dei");
    assert_eq!(counts(topic(&report, "dei")), (3, 0, retained - 3, 0));
    assert_eq!(by_old(&report, "GOVERN 3.1").topics.len(), 3);
}

/// NIST splits an outcome and, in the part split off, drops an environmental word: MAP 1.1's
/// "Considerations include: … society, and the planet; …" becomes MAP 1.2 without "and the
/// planet", MAP 1.2 to 1.6 become 1.3 to 1.7. The reference was in old MAP 1.1, whose words
/// went to two entries: it is removed there, not lost in the split nor added elsewhere.
#[test]
fn split_whose_new_part_drops_a_reference_with_the_rest_renumbered() {
    let old = ai_rmf();
    let split_off = split(ai_rmf(), "MAP 1.1", "Considerations include:");
    let new = reword(
        split_off,
        "MAP 1.2",
        "society, and the planet",
        "and society",
    );
    let report = diff(&old, &new);
    assert_eq!(by_old(&report, "MAP 1.1").split_into, ["MAP 1.2"]);
    let part = by_new(&report, "MAP 1.2");
    assert_eq!((part.kind, part.label()), (ChangeKind::Added, "split"));
    for (was, now) in [("MAP 1.2", "MAP 1.3"), ("MAP 1.6", "MAP 1.7")] {
        renumbered(&report, was, now);
    }
    let climate = |c: &Change| -> Vec<(String, &str)> {
        let refs = c.topics.iter().filter(|r| r.topic == "climate");
        refs.map(|r| (r.matched.clone(), r.status.as_str()))
            .collect()
    };
    assert_eq!(
        climate(by_old(&report, "MAP 1.1")),
        [("planet".into(), "removed")]
    );
    assert!(climate(part).is_empty(), "{:?}", climate(part));
    assert_eq!(counts(topic(&report, "climate")), (1, 0, 16, 0));
    for key in ["misinformation", "dei"] {
        let (removed, reworded, _, added) = counts(topic(&report, key));
        assert_eq!((removed, reworded, added), (0, 0, 0), "{key}");
    }
}

/// NIST moves the environmental subcategory to another function and rewords it there without
/// its environmental words: MEASURE 2.12 becomes MAP 5.3, "Environmental impact and
/// sustainability of AI model training" becomes "Resource use of AI model training", and
/// MEASURE 2.13 becomes 2.12. The pair is still found, by its words, across the functions;
/// its two references are reworded there (replaced by "Resource use"), and nothing else
/// changes.
#[test]
fn subcategory_moved_to_another_function_and_reworded_without_its_references() {
    let old = ai_rmf();
    let new = reword(
        move_to(ai_rmf(), "MEASURE 2.12", "MAP 5", "MAP 5.3"),
        "MAP 5.3",
        "Environmental impact and sustainability",
        "Resource use",
    );
    let report = diff(&old, &new);
    let moved = by_old(&report, "MEASURE 2.12");
    assert_eq!(moved.new_id.as_deref(), Some("MAP 5.3"));
    assert_eq!(
        (moved.kind, moved.matched_by, moved.label()),
        (ChangeKind::Moved, Some(MatchedBy::Similarity), "renumbered")
    );
    assert!(moved.similarity > 0.8, "{}", moved.similarity);
    renumbered(&report, "MEASURE 2.13", "MEASURE 2.12");
    assert_eq!((report.nodes.added, report.nodes.removed), (0, 0));
    let refs: Vec<(&str, Status, Option<&str>)> = (moved.topics.iter())
        .map(|r| (r.matched.as_str(), r.status, r.replaced_by.as_deref()))
        .collect();
    assert_eq!(
        refs,
        [
            (
                "Environmental impact",
                Status::Reworded,
                Some("Resource use")
            ),
            ("sustainability", Status::Reworded, Some("Resource use")),
        ]
    );
    assert_eq!(counts(topic(&report, "climate")), (0, 2, 15, 0));
    assert_eq!(counts(topic(&report, "dei")), (0, 0, 31, 0));
}

/// NIST revises the Generative AI Profile as the directive asks: MANAGE 2.2, whose action
/// looks for "potential misinformation" in GAI output, is deleted and MANAGE 2.3 and 2.4
/// renumbered; in MAP 5.1, "misinformation or disinformation, " is cut from the content
/// provenance harms an action lists (deepfakes stay); in MEASURE 1.1, "patterns associated
/// with misinformation or manipulation" loses "misinformation or". Each entry is a
/// subcategory whose text is a list of short actions sharing much of the profile's
/// vocabulary, so a renumbered one must still be paired with itself.
#[test]
fn genai_profile_loses_its_misinformation_with_a_deletion_and_renumbering() {
    use Status::{Removed, Retained};
    let old = shipped("ai-600-1");
    let new = delete_and_renumber(shipped("ai-600-1"), "MANAGE 2.2");
    let new = reword(new, "MAP 5.1", "misinformation or disinformation, ", "");
    let new = reword(
        new,
        "MEASURE 1.1",
        "misinformation or manipulation",
        "manipulation",
    );
    let report = diff(&old, &new);
    removed(&report, "MANAGE 2.2");
    renumbered(&report, "MANAGE 2.3", "MANAGE 2.2");
    renumbered(&report, "MANAGE 2.4", "MANAGE 2.3");
    let statuses = |id: &str| -> Vec<(&str, Status)> {
        (by_old(&report, id).topics.iter())
            .filter(|r| r.topic == "misinformation")
            .map(|r| (r.matched.as_str(), r.status))
            .collect()
    };
    assert_eq!(
        statuses("MAP 5.1"),
        [
            ("misinformation", Removed),
            ("disinformation", Removed),
            ("deepfakes", Retained)
        ]
    );
    assert_eq!(statuses("MEASURE 1.1"), [("misinformation", Removed)]);
    assert_eq!(statuses("MANAGE 2.2"), [("misinformation", Removed)]);
    assert_eq!(counts(topic(&report, "misinformation")), (4, 0, 39, 0));
    assert_eq!(counts(topic(&report, "dei")), (0, 0, 41, 0));
    assert_eq!(counts(topic(&report, "climate")), (0, 0, 24, 0));
    let nodes = &report.nodes;
    assert_eq!(
        (nodes.added, nodes.removed, nodes.modified, nodes.moved),
        (0, 1, 2, 2)
    );
}
