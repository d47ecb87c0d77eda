//! The real NIST SP 800-53 Rev. 4 → Rev. 5 HIGH-baseline catalogs (OSCAL XML), a real
//! revision of a large NIST framework.

use rmfdiff::align::MatchedBy;
use rmfdiff::load;
use rmfdiff::model::{Document, NodeKind};
use rmfdiff::report::{ChangeKind, Options, Report};
use rmfdiff::topics::Lexicon;

use crate::support::source;

fn load_rev(rev: u8) -> Document {
    let file = format!("NIST_SP-800-53_rev{rev}_HIGH-baseline-resolved-profile_catalog.xml");
    load::load(&source(&file), None).expect("the NIST catalog loads")
}

fn controls(doc: &Document, class: &str) -> usize {
    doc.walk()
        .filter(|n| n.kind == NodeKind::Control && n.class.as_deref() == Some(class))
        .count()
}

fn change<'r>(report: &'r Report, id: &str) -> &'r rmfdiff::report::Change {
    report
        .changes
        .iter()
        .find(|c| c.old_id.as_deref() == Some(id) || c.new_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no change for {id}"))
}

#[test]
fn rev4_to_rev5_high_baseline() {
    let (rev4, rev5) = (load_rev(4), load_rev(5));
    assert_eq!(
        (
            controls(&rev4, "SP800-53"),
            controls(&rev4, "SP800-53-enhancement")
        ),
        (170, 173)
    );
    assert_eq!(
        (
            controls(&rev5, "SP800-53"),
            controls(&rev5, "SP800-53-enhancement")
        ),
        (188, 182)
    );

    let report = Report::diff(&rev4, &rev5, &Lexicon::builtin(), &Options::default());
    let n = &report.nodes;
    eprintln!("rev4 → rev5 HIGH: {n:?}");
    // Every entry of each side is accounted for exactly once.
    let rev4_entries = rmfdiff::align::entries(&rev4).len();
    let rev5_entries = rmfdiff::align::entries(&rev5).len();
    let paired = n.modified + n.moved + n.unchanged;
    assert_eq!(paired + n.removed, rev4_entries);
    assert_eq!(paired + n.added, rev5_entries);

    // Renamed: "Access Control Policy and Procedures" became "Policy and Procedures".
    let ac1 = change(&report, "ac-1");
    assert_eq!(ac1.kind, ChangeKind::Modified);
    assert_eq!(ac1.matched_by, Some(MatchedBy::Id));
    assert_eq!(
        ac1.old_title.as_deref(),
        Some("Access Control Policy and Procedures")
    );
    assert_eq!(ac1.new_title.as_deref(), Some("Policy and Procedures"));
    // The supply chain family is new in Rev. 5.
    let sr = change(&report, "sr");
    assert_eq!((sr.kind, sr.old_id.as_deref()), (ChangeKind::Added, None));
    // Rev. 4's SA-12 Supply Chain Protection was withdrawn into the SR family.
    let sa12 = change(&report, "sa-12");
    assert_eq!(sa12.kind, ChangeKind::Removed);
}
