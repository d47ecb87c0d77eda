//! NIST's own withdrawal pointers: CSF 2.0's placeholders (`ID.AM-06: [Withdrawn:
//! Incorporated into GV.RR-02, GV.SC-02]`), OSCAL's `status = withdrawn` with
//! `incorporated-into` / `moved-to` links, and an AI RMF revision that withdraws GOVERN 3.1 in
//! the same words. A withdrawn entry is followed where NIST says its text went.

use rmfdiff::align::MatchedBy;
use rmfdiff::load::load_bytes;
use rmfdiff::model::{Document, Link, Node, NodeKind, Prop, WithdrawalKind};
use rmfdiff::render::term::{self, Detail};
use rmfdiff::report::{Change, ChangeKind, Report, Status, StatusCounts};

use crate::alignment::{by_new, by_old, diff, merged_into};
use crate::revisions::{ai_rmf, as_loaded, shipped, withdraw};
use crate::support::{snapshots, source};

/// (removed, reworded, retained, added) of a topic.
fn counts(report: &Report, key: &str) -> (usize, usize, usize, usize) {
    let c: &StatusCounts = &report.topics.iter().find(|t| t.key == key).expect(key).all;
    (c.removed, c.reworded, c.retained, c.added)
}

/// Checks that `change` is old `id` withdrawn into `targets` (as NIST names them).
fn withdrawn(change: &Change, kind: WithdrawalKind, targets: &[&str]) {
    let id = change.old_id.as_deref().unwrap_or_default();
    assert_eq!(change.kind, ChangeKind::Removed, "{id}");
    assert_eq!(change.label(), "withdrawn", "{id}");
    assert_eq!(change.matched_by, Some(MatchedBy::Nist), "{id}");
    assert_eq!(change.paired_by(), None, "{id}");
    let withdrawal = change.withdrawal.as_ref().expect("a withdrawal");
    assert_eq!(withdrawal.kind, kind, "{id}");
    assert_eq!(withdrawal.targets, targets, "{id}");
    let sentence = change.joins().join("; ");
    let expected = format!("{} {}, per NIST", kind.phrase(), targets.join(", "));
    assert!(sentence.starts_with(&expected), "{id}: {sentence}");
}

#[test]
fn ai_rmf_subcategory_withdrawn_without_its_dei_words_reports_them_removed() {
    let dropped = " by a diverse team (e.g., diversity of demographics, disciplines, experience, \
expertise, and backgrounds)";
    let old = ai_rmf();
    let new = as_loaded(&withdraw(
        ai_rmf(),
        "GOVERN 3.1",
        "GOVERN 2.1",
        Some(dropped),
    ));
    let report = diff(&old, &new);
    let change = by_old(&report, "GOVERN 3.1");
    withdrawn(change, WithdrawalKind::Incorporated, &["GOVERN 2.1"]);
    assert_eq!(
        change.new_id.as_deref(),
        Some("GOVERN 3.1"),
        "the placeholder"
    );
    assert_eq!(merged_into(change), ["GOVERN 2.1"]);
    assert_eq!(by_new(&report, "GOVERN 2.1").merged_from, ["GOVERN 3.1"]);
    // "diverse", "diversity", "demographics": removed where NIST put the text, not reworded
    // into the placeholder's "[Withdrawn: …]".
    let statuses: Vec<Status> = change.topics.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Status::Removed; 3]);
    assert_eq!(counts(&report, "dei"), (3, 0, 28, 0));
    assert_eq!(
        (
            report.nodes.withdrawn,
            report.nodes.removed,
            report.nodes.added
        ),
        (1, 1, 0)
    );
    // What the words became: the part of GOVERN 2.1 they went into.
    let kept: String = change
        .segments
        .iter()
        .filter(|s| s.op != rmfdiff::diff::Op::Delete)
        .map(|s| s.text.as_str())
        .collect();
    assert!(kept.contains("lifecycle is informed."), "{kept}");
}

#[test]
fn ai_rmf_subcategory_withdrawn_with_its_words_retains_them_where_nist_put_them() {
    let old = ai_rmf();
    let new = as_loaded(&withdraw(ai_rmf(), "GOVERN 3.1", "GOVERN 2.1", None));
    let report = diff(&old, &new);
    let change = by_old(&report, "GOVERN 3.1");
    withdrawn(change, WithdrawalKind::Incorporated, &["GOVERN 2.1"]);
    assert!(change.merged_into()[0].share > 0.9, "{:?}", change.shares);
    let statuses: Vec<Status> = change.topics.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Status::Retained; 3]);
    // Each counted once: retained from GOVERN 3.1, not also added in GOVERN 2.1.
    assert_eq!(counts(&report, "dei"), (0, 0, 31, 0));
    assert!(by_new(&report, "GOVERN 2.1").topics.is_empty());
}

#[test]
fn without_the_placeholder_wording_nothing_is_withdrawn() {
    // The same revision with the placeholder's words taken out of it: only text evidence.
    let mut new = withdraw(ai_rmf(), "GOVERN 3.1", "GOVERN 2.1", None);
    let placeholder = new
        .nodes
        .iter_mut()
        .flat_map(|n| n.children.iter_mut())
        .flat_map(|n| n.children.iter_mut())
        .find(|n| n.id.as_deref() == Some("GOVERN 3.1"))
        .expect("GOVERN 3.1");
    placeholder.children[0].paragraphs = vec!["Reserved.".into()];
    let report = diff(&ai_rmf(), &as_loaded(&new));
    let change = by_old(&report, "GOVERN 3.1");
    assert_eq!(change.withdrawal, None);
    assert_eq!(report.nodes.withdrawn, 0);
}

/// The stored CSF 2.0 keeps each placeholder as data: its status and NIST's targets.
#[test]
fn csf_2_0_placeholders_are_stored_with_their_links() {
    let csf = shipped("csf-2.0");
    let placeholders: Vec<&Node> = csf.walk().filter(|n| n.withdrawal().is_some()).collect();
    let worded = csf.walk().filter(|n| {
        let statement = n.children.iter().find(|c| c.kind == NodeKind::Part);
        statement.is_some_and(|s| s.paragraphs.iter().any(|p| p.starts_with("[Withdrawn")))
    });
    assert_eq!(placeholders.len(), worded.count());
    let id_am_6 = placeholders
        .iter()
        .find(|n| n.id.as_deref() == Some("ID.AM-06"))
        .expect("ID.AM-06");
    assert_eq!(
        id_am_6.links,
        [
            Link {
                rel: "incorporated-into".into(),
                href: "#GV.RR-02".into()
            },
            Link {
                rel: "incorporated-into".into(),
                href: "#GV.SC-02".into()
            }
        ]
    );
}

#[test]
fn csf_1_1_to_2_0_names_nists_destinations_for_every_withdrawn_outcome() {
    let (old, new) = (shipped("csf-1.1"), shipped("csf-2.0"));
    let report = diff(&old, &new);
    let old_ids: Vec<String> = old.walk().filter_map(|n| n.id.clone()).collect();
    let mut checked = 0;
    for placeholder in new.walk().filter(|n| n.withdrawal().is_some()) {
        let id = placeholder.id.as_deref().expect("an id");
        // CSF 1.1 wrote ID.AM-6 where 2.0 writes ID.AM-06.
        let Some(old_id) = old_ids
            .iter()
            .find(|o| rmfdiff::align::id_key(o) == rmfdiff::align::id_key(id))
        else {
            continue;
        };
        let text = &placeholder.children[0].paragraphs[0];
        let change = by_old(&report, old_id);
        assert_eq!(change.withdrawal, placeholder.withdrawal(), "{old_id}");
        assert_eq!(change.kind, ChangeKind::Removed, "{old_id}");
        // Every entry the placeholder names, and only those, is where it went.
        let named: Vec<&str> = text
            .trim_matches(['[', ']'])
            .split([' ', ','])
            .filter(|w| new.walk().any(|n| n.id.as_deref() == Some(*w)))
            .collect();
        let mut went = merged_into(change);
        went.sort_unstable();
        let mut named_sorted = named.clone();
        named_sorted.sort_unstable();
        assert_eq!(went, named_sorted, "{old_id}: {text}");
        checked += 1;
    }
    assert_eq!(report.nodes.withdrawn, checked);
    assert!(checked > 80, "{checked} withdrawn outcomes found");
    let lines: Vec<String> = [
        "ID.AM-6", "ID.BE-1", "PR.AC-1", "PR.AC-4", "PR.IP", "DE.DP-2",
    ]
    .iter()
    .map(|id| {
        let change = by_old(&report, id);
        let path = change.path.join(" › ");
        format!(
            "{path} · {} · {}",
            change.label(),
            change.joins().join("; ")
        )
    })
    .collect();
    snapshots().bind(|| insta::assert_snapshot!("withdrawals_csf_1_1_to_2_0", lines.join("\n")));
}

/// An SP 800-53 revision as OSCAL writes withdrawals (test fixture from the real Rev. 4
/// catalog, not NIST text): AC-2(10) withdrawn, its statement incorporated into AC-2; AC-2(12)
/// moved whole to a new SI-4(25). Withdrawn controls keep only their title, status and links;
/// AC-2(13) is withdrawn in words only, "[Withdrawn: Incorporated into AC-2k.]".
fn sp800_53_with_withdrawals() -> (Document, Document) {
    let path = source("NIST_SP-800-53_rev4_catalog.xml");
    let old = load_bytes(&std::fs::read(&path).unwrap(), &path, None).unwrap();
    let mut new = old.clone();
    new.meta.title = "SP 800-53 Rev. 4 — test revision: AC-2(10) incorporated into AC-2, AC-2(12) \
moved to SI-4(25) (not NIST text)"
        .into();
    let ac_2 = control(&mut new, "ac", "ac-2");
    let statement_of = |node: &Node| -> String {
        let statement = node
            .children
            .iter()
            .find(|c| c.class.as_deref() == Some("statement"));
        statement.expect("a statement").paragraphs.join(" ")
    };
    let take = |enhancement: &mut Node, rel: &str, to: &str| -> Node {
        let before = enhancement.clone();
        enhancement.children.clear();
        enhancement.props.retain(|p| p.name != "status");
        enhancement.props.push(Prop {
            name: "status".into(),
            value: "withdrawn".into(),
            class: None,
        });
        enhancement.links.push(Link {
            rel: rel.into(),
            href: format!("#{to}"),
        });
        before
    };
    let at = |ac_2: &Node, id: &str| {
        ac_2.children
            .iter()
            .position(|c| c.id.as_deref() == Some(id))
            .expect(id)
    };
    let (i10, i12, i13) = (
        at(ac_2, "ac-2.10"),
        at(ac_2, "ac-2.12"),
        at(ac_2, "ac-2.13"),
    );
    // AC-2(13) said in words only, naming a statement item as SP 800-53 Rev. 5 does.
    let worded = &mut ac_2.children[i13];
    worded
        .children
        .retain(|c| c.class.as_deref() == Some("statement"));
    worded.children[0].children.clear();
    worded.children[0].paragraphs = vec!["[Withdrawn: Incorporated into AC-2k.]".into()];
    let incorporated = take(&mut ac_2.children[i10], "incorporated-into", "ac-2");
    let mut moved = take(&mut ac_2.children[i12], "moved-to", "si-4.25");
    let words = statement_of(&incorporated);
    let statement = ac_2
        .children
        .iter_mut()
        .find(|c| c.class.as_deref() == Some("statement"))
        .expect("AC-2 statement");
    statement.paragraphs.push(words);
    moved.id = Some("si-4.25".into());
    for prop in moved.props.iter_mut().filter(|p| p.name == "label") {
        prop.value = "SI-4(25)".into();
    }
    control(&mut new, "si", "si-4").children.push(moved);
    (old, new)
}

/// The control `id` of the family `family`.
fn control<'d>(doc: &'d mut Document, family: &str, id: &str) -> &'d mut Node {
    let family = doc
        .nodes
        .iter_mut()
        .find(|g| g.id.as_deref() == Some(family));
    let controls = family.expect("the family").children.iter_mut();
    controls
        .into_iter()
        .find(|c| c.id.as_deref() == Some(id))
        .expect(id)
}

#[test]
fn oscal_incorporated_into_and_moved_to_links_are_followed() {
    let (old, new) = sp800_53_with_withdrawals();
    let mut xml = Vec::new();
    rmfdiff::store::write_oscal_xml(&new, &mut xml).unwrap();
    let xml = String::from_utf8(xml).unwrap();
    assert!(xml.contains(r##"<link rel="moved-to" href="#si-4.25"/>"##));
    let new = as_loaded(&new);
    let report = diff(&old, &new);

    let incorporated = by_old(&report, "ac-2.10");
    withdrawn(incorporated, WithdrawalKind::Incorporated, &["ac-2"]);
    assert_eq!(merged_into(incorporated), ["ac-2"]);
    assert!(
        by_new(&report, "ac-2")
            .merged_from
            .contains(&"ac-2.10".to_string())
    );

    let moved = by_old(&report, "ac-2.12");
    withdrawn(moved, WithdrawalKind::Moved, &["si-4.25"]);
    assert_eq!(merged_into(moved), ["si-4.25"]);
    assert!(moved.merged_into()[0].share > 0.9, "{:?}", moved.shares);
    let arrived = by_new(&report, "si-4.25");
    assert_eq!(arrived.kind, ChangeKind::Added);
    assert_eq!(arrived.merged_from, ["ac-2.12"]);
    let worded = by_old(&report, "ac-2.13");
    withdrawn(worded, WithdrawalKind::Incorporated, &["AC-2k"]);
    assert_eq!(merged_into(worded), ["ac-2"], "item k of AC-2 is in AC-2");
    assert_eq!(report.nodes.withdrawn, 3);
    // The placeholders are NIST's notes, not entries of their own.
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.kind != ChangeKind::Added || c.new_id.as_deref() == Some("si-4.25"))
    );
}

/// The real SP 800-53 Rev. 4 catalog: every control NIST marks withdrawn is read as one, with
/// every `incorporated-into` link it has.
#[test]
fn sp800_53_rev4_withdrawn_controls_keep_their_links() {
    let path = source("NIST_SP-800-53_rev4_catalog.xml");
    let bytes = std::fs::read(&path).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    let doc = load_bytes(&bytes, &path, None).unwrap();
    let withdrawn: Vec<_> = doc.walk().filter_map(Node::withdrawal).collect();
    assert_eq!(
        withdrawn.len(),
        raw.matches(r#"<prop name="status" value="Withdrawn"/>"#)
            .count()
    );
    let targets: usize = withdrawn.iter().map(|w| w.targets.len()).sum();
    assert_eq!(targets, raw.matches(r#"rel="incorporated-into""#).count());
    assert!(targets > 100);
}

#[test]
fn oscal_json_links_are_read() {
    let json = r##"{"catalog": {"uuid": "u", "metadata": {"title": "T"}, "groups": [{"id": "ac",
        "title": "Access Control", "controls": [{"id": "ac-3.1", "title": "Restricted Access",
        "props": [{"name": "status", "value": "withdrawn"}],
        "links": [{"href": "#ac-6", "rel": "incorporated-into"}, {"href": "#x", "rel": "related"}]}]}]}}"##;
    let doc = load_bytes(json.as_bytes(), std::path::Path::new("c.json"), None).unwrap();
    let control = doc
        .walk()
        .find(|n| n.id.as_deref() == Some("ac-3.1"))
        .unwrap();
    let withdrawal = control.withdrawal().expect("withdrawn");
    assert_eq!(withdrawal.targets, ["ac-6"]);
    assert_eq!(control.links.len(), 1, "only withdrawal links are kept");
}

#[test]
fn the_terminal_report_says_withdrawn_in_words() {
    let new = as_loaded(&withdraw(ai_rmf(), "GOVERN 3.1", "GOVERN 2.1", None));
    let report = diff(&ai_rmf(), &new);
    let mut out = Vec::new();
    term::write_report(&report, &mut out, false, Detail::Summary).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("1 removed (1 withdrawn by NIST)"), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("GOVERN 3.1 · withdrawn"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.contains("GOVERN 3.1 · withdrawn · incorporated into GOVERN 2.1, per NIST"),
        "{line}"
    );
}

/// A revision published as Markdown (test fixture, not NIST text): the placeholder is in
/// plain words, without brackets, and the text NIST moved was rewritten on the way, so the
/// DEI words it lost are reworded (other words stand in their place), not merely removed.
#[test]
fn a_markdown_revision_withdrawn_in_plain_words() {
    let old = "# AI RMF\n\n## GOVERN\n\nGOVERN 2.1: Roles and responsibilities related to mapping, \
measuring, and managing AI risks are documented.\n\nGOVERN 3.1: Decision-making related to mapping, \
measuring, and managing AI risks throughout the lifecycle is informed by a diverse team (e.g., \
diversity of demographics, disciplines, experience, expertise, and backgrounds).\n";
    let new = "# AI RMF\n\n## GOVERN\n\nGOVERN 2.1: Roles and responsibilities related to mapping, \
measuring, and managing AI risks are documented. Decision-making related to mapping, measuring, \
and managing AI risks throughout the lifecycle is informed by a team with relevant disciplines, \
experience, and expertise.\n\nGOVERN 3.1: Withdrawn. Incorporated into GOVERN 2.1.\n";
    let load = |text: &str, name: &str| {
        load_bytes(text.as_bytes(), std::path::Path::new(name), None).unwrap()
    };
    let report = diff(&load(old, "old.md"), &load(new, "new.md"));
    let change = by_old(&report, "GOVERN 3.1");
    withdrawn(change, WithdrawalKind::Incorporated, &["GOVERN 2.1"]);
    assert!(change.merged_into()[0].share > 0.6, "{:?}", change.shares);
    let statuses: Vec<Status> = change.topics.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [Status::Removed, Status::Reworded, Status::Reworded]
    );
    assert_eq!(counts(&report, "dei"), (1, 2, 0, 0));
}
