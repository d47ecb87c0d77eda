//! The JSON contract: real output of the binary read back into types written here from the
//! README's description, independently of the crate's own wire types. Unknown fields are
//! errors, so any change to the format must be made here too, on purpose.

use std::collections::BTreeMap;
use std::process::Command;

use serde::Deserialize;

use crate::support::{rmfdiff, root};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiffReport {
    schema_version: u32,
    tool: Tool,
    old: Input,
    new: Input,
    summary: Summary,
    changes: Vec<Change>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tool {
    name: String,
    version: String,
    lexicon_version: String,
    profile: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    title: String,
    version: Option<String>,
    publication: Option<String>,
    published: Option<String>,
    source: String,
    sha256: String,
    imported_from: Option<Provenance>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Provenance {
    sources: Vec<SourceFile>,
    importer: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFile {
    file: String,
    sha256: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    nodes: Nodes,
    topics: BTreeMap<String, TopicCounts>,
    functions: Vec<Function>,
    similarity_threshold: f64,
    approximate_diffs: usize,
    substitutions: Vec<Substitution>,
    term_counts: Vec<TermCount>,
    rising_words: Vec<RisingWord>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Substitution {
    topic: String,
    term: String,
    matched: String,
    replaced_by: String,
    count: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermCount {
    topic: String,
    term: String,
    old: usize,
    new: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RisingWord {
    word: String,
    deleted: usize,
    inserted: usize,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Nodes {
    added: usize,
    removed: usize,
    modified: usize,
    moved: usize,
    unchanged: usize,
    merged: usize,
    split: usize,
    withdrawn: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Counts {
    old: usize,
    new: usize,
    removed: usize,
    reworded: usize,
    retained: usize,
    added: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicCounts {
    name: String,
    old: usize,
    new: usize,
    removed: usize,
    reworded: usize,
    retained: usize,
    added: usize,
    direct: Counts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Function {
    name: String,
    nodes: Nodes,
    topics: Counts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    kind: String,
    old_id: Option<String>,
    new_id: Option<String>,
    old_title: Option<String>,
    new_title: Option<String>,
    path: Vec<String>,
    matched_by: Option<String>,
    similarity: f64,
    approximate: bool,
    segments: Vec<Segment>,
    topics: Vec<Reference>,
    #[serde(default)]
    merged_into: Vec<String>,
    #[serde(default)]
    split_from: Vec<String>,
    #[serde(default)]
    merged_from: Vec<String>,
    #[serde(default)]
    split_into: Vec<String>,
    #[serde(default)]
    shares: Vec<Share>,
    #[serde(default)]
    withdrawn: bool,
    #[serde(default)]
    withdrawal: Option<Withdrawal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Withdrawal {
    relation: String,
    targets: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Was {
    term: String,
    strength: String,
    matched: String,
    excerpt: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Share {
    id: String,
    share: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Segment {
    op: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reference {
    #[serde(default)]
    was: Option<Was>,
    topic: String,
    term: String,
    strength: String,
    status: String,
    side: String,
    matched: String,
    excerpt: String,
    new_excerpt: Option<String>,
    #[serde(default)]
    replaced_by: Option<String>,
    page: Option<u32>,
    #[serde(default)]
    page_label: Option<String>,
    #[serde(default)]
    previous_page: Option<u32>,
    #[serde(default)]
    previous_page_label: Option<String>,
}

fn json_diff(case: &str) -> (String, DiffReport) {
    let output = Command::new(insta_cmd::get_cargo_bin("rmfdiff"))
        .current_dir(root())
        .args(["diff", "--format", "json"])
        .arg(format!("tests/fixtures/{case}/old.md"))
        .arg(format!("tests/fixtures/{case}/new.md"))
        .output()
        .expect("rmfdiff runs");
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    let report = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    (text, report)
}

#[test]
fn diff_output_matches_the_contract() {
    for case in [
        "dei-reworded",
        "renumbered",
        "climate-paragraph-removed",
        "added",
        "unchanged",
    ] {
        let (_, report) = json_diff(case);
        assert_eq!(report.schema_version, 1);
        assert_eq!(report.tool.name, "rmfdiff");
        assert!(!report.tool.version.is_empty() && !report.tool.lexicon_version.is_empty());
        assert_eq!(report.tool.profile, "directive");
        for input in [&report.old, &report.new] {
            assert_eq!(input.sha256.len(), 64, "{input:?}");
            assert!(input.source.ends_with(".md") && !input.title.is_empty());
            assert!(
                input.version.is_none() && input.publication.is_none() && input.published.is_none()
            );
            if let Some(origin) = &input.imported_from {
                assert!(!origin.sources.is_empty() && !origin.importer.is_empty());
                for source in &origin.sources {
                    assert!(!source.file.is_empty() && source.sha256.len() == 64);
                }
            }
        }
        for key in ["misinformation", "dei", "climate"] {
            let t = &report.summary.topics[key];
            assert!(!t.name.is_empty());
            assert_eq!(t.old, t.removed + t.reworded + t.retained, "{case} {key}");
            assert_eq!(t.new, t.retained + t.added, "{case} {key}");
            let d = &t.direct;
            assert!(d.old <= t.old && d.new <= t.new);
            assert_eq!(d.old, d.removed + d.reworded + d.retained, "{case} {key}");
            assert_eq!(d.new, d.retained + d.added, "{case} {key}");
        }
        assert!((0.0..=1.0).contains(&report.summary.similarity_threshold));
        assert_eq!(report.summary.approximate_diffs, 0);
        let function_total: usize = report
            .summary
            .functions
            .iter()
            .map(|f| f.nodes.unchanged)
            .sum();
        assert_eq!(function_total, report.summary.nodes.unchanged);
        assert!(
            report
                .summary
                .functions
                .iter()
                .all(|f| !f.name.is_empty() && f.topics.old >= f.topics.removed)
        );
        for change in &report.changes {
            assert!(
                ["added", "removed", "modified", "moved", "unchanged"]
                    .contains(&change.kind.as_str())
            );
            assert!(!change.path.is_empty());
            assert!(
                change.old_id.is_some()
                    || change.new_id.is_some()
                    || change.old_title.is_some()
                    || change.new_title.is_some()
            );
            if let Some(by) = &change.matched_by {
                assert!(["id", "title", "similarity", "content"].contains(&by.as_str()));
            }
            assert!((0.0..=1.0).contains(&change.similarity) && !change.approximate);
            for segment in &change.segments {
                assert!(["equal", "delete", "insert"].contains(&segment.op.as_str()));
                assert!(!segment.text.is_empty());
            }
            for r in &change.topics {
                assert!(["misinformation", "dei", "climate"].contains(&r.topic.as_str()));
                assert!(["direct", "related"].contains(&r.strength.as_str()));
                assert!(["removed", "reworded", "retained", "added"].contains(&r.status.as_str()));
                let side = if ["removed", "reworded"].contains(&r.status.as_str()) {
                    "old"
                } else {
                    "new"
                };
                assert_eq!(r.side, side);
                assert!(r.excerpt.contains(&r.matched) && !r.term.is_empty());
                assert_eq!(r.new_excerpt.is_some(), r.status == "reworded");
                assert_eq!(r.replaced_by.is_some(), r.side == "old", "{r:?}");
                if r.status == "removed" {
                    assert_eq!(r.replaced_by.as_deref(), Some(""), "nothing in its place");
                }
                if let Some(was) = &r.was {
                    assert_eq!(r.status, "retained");
                    assert!(was.excerpt.contains(&was.matched) && was.term != r.term);
                    assert!(["direct", "related"].contains(&was.strength.as_str()));
                }
                assert_eq!(r.page, None, "text fixtures have no pages");
            }
        }
        assert_substitution_invariants(&report);
    }
}

/// The substitution summary agrees with the references and the topic counts: one row per
/// (topic, term, wording, replacement) of the removed and reworded references, most first;
/// each term's counts add up to its topic's; rising words rose.
fn assert_substitution_invariants(report: &DiffReport) {
    let summary = &report.summary;
    let mut expected: BTreeMap<[String; 4], usize> = BTreeMap::new();
    for r in report.changes.iter().flat_map(|c| &c.topics) {
        if let Some(by) = &r.replaced_by {
            let key = [
                &r.topic,
                &r.term,
                &r.matched.to_lowercase(),
                &by.to_lowercase(),
            ];
            *expected.entry(key.map(String::clone)).or_default() += 1;
        }
    }
    let rows: BTreeMap<[String; 4], usize> = summary
        .substitutions
        .iter()
        .map(|s| {
            let key = [&s.topic, &s.term, &s.matched, &s.replaced_by];
            (key.map(String::clone), s.count)
        })
        .collect();
    assert_eq!(rows.len(), summary.substitutions.len(), "one row per key");
    assert_eq!(rows, expected);
    let order = |s: &Substitution| {
        let key = [&s.topic, &s.term, &s.matched, &s.replaced_by].map(String::clone);
        (std::cmp::Reverse(s.count), key)
    };
    assert!(
        summary
            .substitutions
            .windows(2)
            .all(|w| order(&w[0]) < order(&w[1]))
    );
    let gone: usize = summary
        .topics
        .values()
        .map(|t| t.removed + t.reworded)
        .sum();
    let substituted: usize = summary.substitutions.iter().map(|s| s.count).sum();
    assert_eq!(substituted, gone);
    for (key, t) in &summary.topics {
        let terms = summary.term_counts.iter().filter(|c| &c.topic == key);
        let (old, new) = terms.fold((0, 0), |(o, n), c| (o + c.old, n + c.new));
        assert_eq!((old, new), (t.old, t.new), "{key}");
    }
    assert!(
        summary
            .term_counts
            .iter()
            .all(|c| c.old + c.new > 0 && !c.term.is_empty())
    );
    let rising = &summary.rising_words;
    assert!(rising.len() <= 10);
    assert!(rising.iter().all(|w| w.inserted > w.deleted
        && w.word.chars().count() >= 4
        && w.word.chars().all(char::is_lowercase)));
    let order = |w: &RisingWord| (std::cmp::Reverse(w.inserted - w.deleted), w.word.clone());
    assert!(rising.windows(2).all(|w| order(&w[0]) < order(&w[1])));
}

#[test]
fn diff_output_is_deterministic() {
    let (first, _) = json_diff("renumbered");
    let (second, _) = json_diff("renumbered");
    assert_eq!(first, second);
}

#[test]
fn checked_in_schemas_match_the_wire_types() {
    for (kind, generated) in [
        ("diff", rmfdiff::render::json::diff_schema()),
        ("scan", rmfdiff::render::json::scan_schema()),
        ("history", rmfdiff::render::json::history_schema()),
    ] {
        let file = format!("schema/{kind}.schema.json");
        let checked_in = std::fs::read_to_string(root().join(&file)).unwrap_or_default();
        assert!(
            checked_in == generated,
            "{file} is out of date: run `cargo run -- schema {kind} > {file}`"
        );
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryReport {
    schema_version: u32,
    tool: Tool,
    versions: Vec<Input>,
    topics: BTreeMap<String, Timeline>,
    references: Vec<Lineage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Timeline {
    name: String,
    all: Vec<usize>,
    direct: Vec<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Lineage {
    topic: String,
    term: String,
    strength: String,
    matched: String,
    path: Vec<String>,
    first: usize,
    wording: Vec<Wording>,
    gone_in: Option<usize>,
    gone_as: Option<String>,
    returns: Vec<Return>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wording {
    version: usize,
    excerpt: String,
    page: Option<u32>,
    page_label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Return {
    gone_in: usize,
    gone_as: String,
    back_in: usize,
}

#[test]
fn history_output_matches_the_contract() {
    let output = Command::new(insta_cmd::get_cargo_bin("rmfdiff"))
        .current_dir(root())
        .args(["history", "--format", "json"])
        .args(["v1", "v2", "v3"].map(|v| format!("tests/fixtures/history/{v}.md")))
        .output()
        .expect("rmfdiff runs");
    assert!(output.status.success(), "{output:?}");
    let history: HistoryReport = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(history.schema_version, 1);
    assert_eq!(history.tool.name, "rmfdiff");
    let versions = history.versions.len();
    assert_eq!(versions, 3);
    for (key, t) in &history.topics {
        assert!(!key.is_empty() && !t.name.is_empty());
        assert_eq!((t.all.len(), t.direct.len()), (versions, versions));
        assert!(
            t.all
                .iter()
                .zip(&t.direct)
                .all(|(all, direct)| direct <= all)
        );
    }
    for l in &history.references {
        assert!(history.topics.contains_key(&l.topic) && !l.term.is_empty());
        assert!(["direct", "related"].contains(&l.strength.as_str()));
        assert!(!l.matched.is_empty() && !l.path.is_empty() && l.first < versions);
        assert_eq!(l.wording[0].version, l.first);
        assert!(l.wording.windows(2).all(|w| w[0].version < w[1].version));
        assert!(l.wording.iter().all(|w| w.excerpt.contains(&l.matched)));
        assert_eq!(l.gone_in.is_some(), l.gone_as.is_some());
        if let (Some(gone), Some(how)) = (l.gone_in, &l.gone_as) {
            assert!(gone > l.first && gone < versions);
            assert!(["removed", "reworded"].contains(&how.as_str()));
        }
        // Each return: gone after it was there, back later, with its wording then.
        let mut after = l.first;
        for r in &l.returns {
            assert!(after < r.gone_in && r.gone_in < r.back_in && r.back_in < versions);
            assert!(["removed", "reworded"].contains(&r.gone_as.as_str()));
            assert!(l.wording.iter().any(|w| w.version == r.back_in));
            after = r.back_in;
        }
        assert!(l.gone_in.is_none_or(|gone| gone > after));
        assert!(
            l.wording
                .iter()
                .all(|w| w.page.is_some() || w.page_label.is_none())
        );
    }
}

/// `rmfdiff diff ai-rmf-1.0 REVISED --format json`, with `revised` saved as OSCAL XML.
fn json_diff_from_ai_rmf(revised: &rmfdiff::model::Document) -> DiffReport {
    let output = diff_from_ai_rmf(revised, "json");
    serde_json::from_str(&output).expect("the contract")
}

/// `rmfdiff diff ai-rmf-1.0 REVISED --format FORMAT`, with `revised` saved as OSCAL XML.
fn diff_from_ai_rmf(revised: &rmfdiff::model::Document, format: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("revised.xml");
    let mut xml = Vec::new();
    rmfdiff::store::write_oscal_xml(revised, &mut xml).expect("writes");
    std::fs::write(&path, xml).expect("saved");
    let output = rmfdiff(&["diff", "ai-rmf-1.0", "--format", format])
        .arg(&path)
        .output()
        .expect("rmfdiff runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Printed pages in the JSON: a reference keeps the page of the file (`page`) and the number
/// NIST prints on it (`page_label`); a retained one that moved says where it was. The
/// revision is the shipped AI RMF reprinted with a page inserted before GOVERN 3 (page 28 of
/// the file, printed "Page 23").
#[test]
fn printed_pages_in_the_json() {
    use crate::revisions::{ai_rmf, insert_page};
    let report = json_diff_from_ai_rmf(&insert_page(ai_rmf(), 28));
    let references: Vec<&Reference> = report.changes.iter().flat_map(|c| &c.topics).collect();
    assert!(!references.is_empty());
    assert!(references.iter().all(|r| r.status == "retained"));
    // Every reference is cited by its printed page, which is the file's less five.
    for r in &references {
        let (page, label) = (r.page.expect("a page"), r.page_label.as_deref());
        assert_eq!(label, Some((page - 5).to_string().as_str()), "{r:?}");
    }
    let workforce = references
        .iter()
        .find(|r| r.excerpt.contains("Workforce diversity, equity"))
        .expect("GOVERN 3's reference");
    assert_eq!(
        (
            workforce.previous_page,
            workforce.previous_page_label.as_deref()
        ),
        (Some(28), Some("23"))
    );
    assert_eq!(
        (workforce.page, workforce.page_label.as_deref()),
        (Some(29), Some("24"))
    );
    // One that did not move has no previous page of its own to tell.
    let earlier = references
        .iter()
        .find(|r| r.page < Some(28))
        .expect("one before");
    assert_eq!(earlier.previous_page_label, earlier.page_label);

    // Every human format cites the printed pages, old and new.
    let revised = insert_page(ai_rmf(), 28);
    for format in ["term", "md", "html"] {
        let output = diff_from_ai_rmf(&revised, format);
        assert!(output.contains("old p. 23, new p. 24"), "{format}");
        assert!(!output.contains("p. 28"), "{format} cites a file page");
    }
    let csv = diff_from_ai_rmf(&revised, "csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let govern = rows
        .iter()
        .find(|r| r[10].contains("Workforce diversity") || r[11].contains("Workforce diversity"));
    let govern = govern.expect("GOVERN 3's row");
    assert_eq!((&govern[8], &govern[14], &govern[15]), ("24", "23", "24"));
}

/// A merge and a split in the JSON: old GOVERN 3.1 folded into GOVERN 3.2, MAP 1.1 split in
/// two (revisions of the shipped AI RMF 1.0, written as OSCAL XML and diffed by the CLI).
#[test]
fn merges_and_splits_in_the_json() {
    use crate::revisions::{ai_rmf, merge, split};
    let revised = split(
        merge(ai_rmf(), "GOVERN 3.2", "GOVERN 3.1", None),
        "MAP 1.1",
        "Considerations include:",
    );
    let report = json_diff_from_ai_rmf(&revised);
    assert_substitution_invariants(&report);
    assert_eq!(
        (report.summary.nodes.merged, report.summary.nodes.split),
        (1, 1)
    );
    let merged: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| !c.merged_into.is_empty())
        .collect();
    assert_eq!(merged.len(), 1);
    assert_eq!(
        (merged[0].kind.as_str(), merged[0].merged_into.as_slice()),
        ("removed", &["GOVERN 3.1".to_string()][..])
    );
    assert!(merged[0].shares[0].share > 0.8 && merged[0].shares[0].id == "GOVERN 3.1");
    let receiver = report
        .changes
        .iter()
        .find(|c| c.new_id.as_deref() == Some("GOVERN 3.1"))
        .expect("GOVERN 3.1");
    assert_eq!(receiver.merged_from, [merged[0].old_id.clone().unwrap()]);
    let part = report
        .changes
        .iter()
        .find(|c| !c.split_from.is_empty())
        .expect("a split");
    assert_eq!(
        (part.kind.as_str(), part.new_id.as_deref()),
        ("added", Some("MAP 1.2"))
    );
    assert_eq!(part.split_from, ["MAP 1.1"]);
    let origin = report
        .changes
        .iter()
        .find(|c| c.old_id.as_deref() == Some("MAP 1.1"))
        .expect("MAP 1.1");
    assert_eq!(origin.split_into, ["MAP 1.2"]);
    let renumbered = report
        .changes
        .iter()
        .find(|c| c.old_id.as_deref() == Some("MAP 1.6"))
        .expect("MAP 1.6");
    assert_eq!(
        (renumbered.kind.as_str(), renumbered.new_id.as_deref()),
        ("moved", Some("MAP 1.7"))
    );
}

/// A withdrawal in the JSON: GOVERN 3.1 left as NIST's placeholder "[Withdrawn: Incorporated
/// into GOVERN 2.1]" (a revision of the shipped AI RMF 1.0, written as OSCAL XML without
/// the status and links, so the CLI reads them from the wording).
#[test]
fn withdrawals_in_the_json() {
    use crate::revisions::{ai_rmf, withdraw};
    let report = json_diff_from_ai_rmf(&withdraw(ai_rmf(), "GOVERN 3.1", "GOVERN 2.1", None));
    assert_substitution_invariants(&report);
    let nodes = &report.summary.nodes;
    assert_eq!((nodes.withdrawn, nodes.removed, nodes.merged), (1, 1, 0));
    let withdrawn: Vec<&Change> = report.changes.iter().filter(|c| c.withdrawn).collect();
    assert_eq!(withdrawn.len(), 1);
    let change = withdrawn[0];
    assert_eq!(
        (
            change.kind.as_str(),
            change.old_id.as_deref(),
            change.new_id.as_deref(),
            change.matched_by.as_deref()
        ),
        (
            "removed",
            Some("GOVERN 3.1"),
            Some("GOVERN 3.1"),
            Some("nist")
        )
    );
    let withdrawal = change.withdrawal.as_ref().expect("what NIST says");
    assert_eq!(withdrawal.relation, "incorporated-into");
    assert_eq!(withdrawal.targets, ["GOVERN 2.1"]);
    assert_eq!(change.merged_into, ["GOVERN 2.1"]);
    assert!(change.shares[0].share > 0.9);
    let statuses: Vec<&str> = change.topics.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(statuses, ["retained"; 3]);
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.withdrawal.is_none() || c.withdrawn)
    );
}

/// The profile is named in the JSON of every command.
#[test]
fn the_profile_is_named() {
    for command in [
        &["scan", "ai-600-1"][..],
        &["diff", "csf-1.1", "csf-2.0"],
        &["history", "csf-1.1", "csf-2.0"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--profile", "broad", "--format", "json"]);
        let output = rmfdiff(&args).output().expect("rmfdiff runs");
        assert!(output.status.success(), "{output:?}");
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(json["tool"]["profile"], "broad", "{args:?}");
    }
}

/// The command line reads each version as soon as it has loaded (`report::Version`), while
/// the library's `Report::diff` is given both documents loaded: on revisions that delete and
/// renumber, merge, split and retypeset the shipped AI RMF, both give the same JSON report.
#[test]
fn the_command_line_reports_revisions_as_the_library_does() {
    use crate::revisions::{ai_rmf, delete_and_renumber, merge, retypeset, split};
    use rmfdiff::report::{Options, Report};
    let revisions = [
        delete_and_renumber(ai_rmf(), "GOVERN 3.1"),
        merge(ai_rmf(), "GOVERN 3.2", "GOVERN 3.1", None),
        split(ai_rmf(), "MAP 1.1", "Considerations include:"),
        delete_and_renumber(retypeset(ai_rmf()), "MEASURE 2.12"),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("revised.xml");
    let old = rmfdiff::frameworks::find("ai-rmf-1.0")
        .unwrap()
        .load()
        .unwrap();
    let lexicon = rmfdiff::topics::Lexicon::builtin();
    for revised in revisions {
        let mut xml = Vec::new();
        rmfdiff::store::write_oscal_xml(&revised, &mut xml).expect("writes");
        std::fs::write(&path, xml).expect("saved");
        let output = rmfdiff(&["diff", "ai-rmf-1.0", "--format", "json"])
            .arg(&path)
            .output()
            .expect("rmfdiff runs");
        assert!(output.status.success(), "{output:?}");
        let new = rmfdiff::load::load(&path, None).expect("the revision loads");
        let report = Report::diff(&old, &new, &lexicon, &Options::default());
        let mut library = Vec::new();
        rmfdiff::render::json::write_diff(&report, &mut library).expect("rendered");
        assert!(report.changes.len() > 10, "{}", revised.meta.title);
        assert_eq!(
            String::from_utf8(output.stdout).expect("UTF-8"),
            String::from_utf8(library).expect("UTF-8"),
            "{}",
            revised.meta.title
        );
    }
}
