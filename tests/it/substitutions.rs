//! What replaced the references that went (`replaced_by`, `Report::substitutions`), each
//! term's counts per version and the rising words, on revisions of the real shipped text.

use std::cmp::Reverse;

use rmfdiff::render::term::{self, Detail};
use rmfdiff::report::{Options, Report, RisingWord, Scan, Status, Substitution, TopicRef};
use rmfdiff::topics::Lexicon;

use crate::alignment::diff;
use crate::revisions::{ai_rmf, delete_and_renumber, merge, reword, shipped};
use crate::support::snapshots;

/// The references of the report that went (removed or reworded).
fn gone(report: &Report) -> Vec<&TopicRef> {
    let refs = report.changes.iter().flat_map(|c| &c.topics);
    refs.filter(|r| matches!(r.status, Status::Removed | Status::Reworded))
        .collect()
}

/// Section 2's "AI actors will represent a diversity of experience, expertise, and
/// backgrounds" reworded to "a range of": the reference is reworded and "range" stands
/// where it was.
#[test]
fn a_reworded_reference_names_the_words_in_its_place() {
    let old = ai_rmf();
    let new = reword(ai_rmf(), "sec-2", "a diversity of", "a range of");
    let report = diff(&old, &new);
    let gone = gone(&report);
    assert_eq!(gone.len(), 1, "{gone:#?}");
    let reference = gone[0];
    assert_eq!(
        (reference.status, reference.matched.as_str()),
        (Status::Reworded, "diversity")
    );
    assert_eq!(reference.replaced_by.as_deref(), Some("range"));
    assert_eq!(
        report.substitutions,
        [Substitution {
            topic: "dei".into(),
            term: "diversity".into(),
            matched: "diversity".into(),
            replaced_by: "range".into(),
            count: 1,
        }]
    );
    // The references that stayed say nothing of a replacement.
    let refs = report.changes.iter().flat_map(|c| &c.topics);
    assert!(
        refs.filter(|r| r.status == Status::Retained)
            .all(|r| r.replaced_by.is_none())
    );
    // One "diversity" fewer in the new version, every other term as often as before.
    for row in &report.term_counts {
        let fewer = usize::from(row.topic == "dei" && row.term == "diversity");
        assert_eq!(row.old, row.new + fewer, "{row:?}");
    }
    // The one word the revision brought in.
    let rising: Vec<(&str, usize, usize)> = report
        .rising_words
        .iter()
        .map(|w| (w.word.as_str(), w.deleted, w.inserted))
        .collect();
    assert_eq!(rising, [("range", 0, 1)]);
}

/// MEASURE 2.12 (environmental impact and sustainability) deleted: its climate references
/// are removed, and nothing stands in their place.
#[test]
fn a_removed_reference_has_nothing_in_its_place() {
    let report = diff(&ai_rmf(), &delete_and_renumber(ai_rmf(), "MEASURE 2.12"));
    let gone = gone(&report);
    assert_eq!(gone.len(), 2);
    for r in gone {
        assert_eq!(
            (r.status, r.topic.as_str(), r.replaced_by.as_deref()),
            (Status::Removed, "climate", Some("")),
            "{r:#?}"
        );
    }
    assert!(
        report
            .substitutions
            .iter()
            .all(|s| s.replaced_by.is_empty())
    );
    let count: usize = report.substitutions.iter().map(|s| s.count).sum();
    assert_eq!(count, 2);
}

/// A merge moves words from one entry to another: none of them rose.
#[test]
fn words_a_merge_moves_do_not_rise() {
    let report = diff(
        &ai_rmf(),
        &merge(ai_rmf(), "GOVERN 3.2", "GOVERN 3.1", None),
    );
    assert_eq!(report.nodes.merged, 1);
    assert_eq!(report.rising_words, []);
}

/// Each term's counts add up to its topic's, and each version's column is what a scan of
/// that version finds, term by term (a narrowed reference counts under its old term in the
/// old version).
#[test]
fn term_counts_add_up_to_the_topics_and_equal_a_scan() {
    let lexicon = Lexicon::builtin();
    let narrowed = reword(
        ai_rmf(),
        "appendix-a",
        "experts in the field of diversity, equity, inclusion, and accessibility",
        "experts in the field of accessibility",
    );
    let pairs = [
        (shipped("csf-1.1"), shipped("csf-2.0")),
        (shipped("ai-rmf-1.0"), shipped("ai-600-1")),
        (ai_rmf(), narrowed),
    ];
    for (old, new) in &pairs {
        let report = Report::diff(old, new, &lexicon, &Options::default());
        for topic in &report.topics {
            let terms = report.term_counts.iter().filter(|t| t.topic == topic.key);
            let (in_old, in_new) = terms.fold((0, 0), |(o, n), t| (o + t.old, n + t.new));
            assert_eq!((in_old, in_new), (topic.all.in_old(), topic.all.in_new()));
        }
        for (doc, column) in [(old, 0), (new, 1)] {
            let scan = Scan::new(doc, &lexicon, &[]);
            for row in &report.term_counts {
                let found = scan.hits.iter().filter(|h| h.topic == row.topic);
                let found = found.filter(|h| h.term == row.term).count();
                let counted = [row.old, row.new][column];
                assert_eq!(counted, found, "{}: {row:?}", doc.meta.title);
            }
            for hit in &scan.hits {
                let listed = report.term_counts.iter();
                let mut listed = listed.filter(|t| t.topic == hit.topic && t.term == hit.term);
                assert!(listed.next().is_some(), "{hit:?} is counted");
            }
        }
    }
}

/// The rising words are the same on every run and in the documented order.
#[test]
fn rising_words_are_deterministic() {
    let (old, new) = (shipped("ai-rmf-1.0"), shipped("ai-600-1"));
    let first = diff(&old, &new).rising_words;
    assert_eq!(first, diff(&old, &new).rising_words);
    assert_eq!(first.len(), 10);
    let order = |w: &RisingWord| (Reverse(w.rise()), w.word.clone());
    assert!(first.windows(2).all(|w| order(&w[0]) < order(&w[1])));
    assert!(first.iter().all(|w| w.inserted > w.deleted));
}

/// The terminal's substitution table and rising words for a revision that rewords one DEI
/// reference and deletes MEASURE 2.12 with its two climate references.
#[test]
fn the_terminal_shows_the_substitutions() {
    let revised = reword(
        delete_and_renumber(ai_rmf(), "MEASURE 2.12"),
        "sec-2",
        "a diversity of",
        "a range of",
    );
    let report = diff(&ai_rmf(), &revised);
    let mut out = Vec::new();
    term::write_report(&report, &mut out, false, Detail::Summary).expect("renders");
    let text = String::from_utf8(out).expect("UTF-8");
    let section: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Substitutions"))
        .take_while(|l| !l.is_empty())
        .collect();
    snapshots().bind(|| insta::assert_snapshot!("substitutions_term", section.join("\n")));
}
