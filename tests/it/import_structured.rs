//! The structured importers (AI RMF Core JSON, AI 600-1 actions JSON, Playbook CSV, CSF
//! JSON) on the real sources in `frameworks/sources/`, on broken input, and through the
//! OSCAL XML writer. Expected values are computed from the sources here, independently of
//! the importers.

use std::collections::BTreeSet;
use std::path::Path;

use rmfdiff::error::{Error, Result};
use rmfdiff::import::{actions_json, core_json, csf_json, playbook_csv};
use rmfdiff::load::{self, Format};
use rmfdiff::model::{Document, Node, NodeKind};
use rmfdiff::store::write_oscal_xml;
use serde_json::Value;

use crate::support::source;

const CORE: &str = "ai-rmf-1.0-subcategories.json";
const ACTIONS: &str = "ai-600-1-1.0-actions.json";
const PLAYBOOK: &str = "nist_ai_rmf_playbook.csv";
const CSF_1_1: &str = "csf-1.1.json";
const CSF_2_0: &str = "csf-2.0.json";

type Parse = fn(&str, &Path) -> Result<Document>;
const IMPORTERS: [(&str, Parse); 5] = [
    (CORE, core_json::parse),
    (ACTIONS, actions_json::parse),
    (PLAYBOOK, playbook_csv::parse),
    (CSF_1_1, csf_json::parse),
    (CSF_2_0, csf_json::parse),
];

fn read(file: &str) -> String {
    std::fs::read_to_string(source(file)).expect("the source is shipped")
}

fn import(file: &str) -> Document {
    let (_, parse) = IMPORTERS.iter().find(|(f, _)| *f == file).unwrap();
    parse(&read(file), Path::new(file)).unwrap_or_else(|e| panic!("{file} imports: {e}"))
}

/// The records of a JSON source, read with serde_json alone.
fn records(file: &str) -> Vec<Value> {
    serde_json::from_str::<Vec<Value>>(&read(file)).unwrap()
}

fn field<'v>(record: &'v Value, name: &str) -> &'v str {
    record[name].as_str().unwrap()
}

/// Distinct values of `name`, in order of first appearance.
fn distinct<'v>(records: &'v [Value], name: &str) -> Vec<&'v str> {
    let mut out: Vec<&str> = Vec::new();
    for record in records {
        let value = field(record, name);
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// Whitespace collapsed, as stored text is.
/// The source text as imported: whitespace collapsed, ligatures spelt out.
fn collapse(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    text.replace('ﬀ', "ff")
        .replace('ﬁ', "fi")
        .replace('ﬂ', "fl")
        .replace('ﬃ', "ffi")
        .replace('ﬄ', "ffl")
}

fn by_class<'d>(doc: &'d Document, class: &str) -> Vec<&'d Node> {
    doc.walk()
        .filter(|n| n.class.as_deref() == Some(class))
        .collect()
}

fn ids<'d>(nodes: &[&'d Node]) -> Vec<&'d str> {
    nodes.iter().map(|n| n.id.as_deref().unwrap()).collect()
}

fn find<'d>(doc: &'d Document, id: &str) -> &'d Node {
    doc.walk()
        .find(|n| n.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no node {id}"))
}

fn child<'n>(node: &'n Node, id: &str) -> &'n Node {
    node.children
        .iter()
        .find(|c| c.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("{} has no child {id}", node.display_name()))
}

/// The text of a node's `statement` part, if it has one.
fn statement(node: &Node) -> Option<String> {
    node.children
        .iter()
        .find(|c| c.kind == NodeKind::Part && c.class.as_deref() == Some("statement"))
        .map(|p| p.paragraphs.join("\n"))
}

fn prop_values<'n>(node: &'n Node, name: &str) -> Vec<&'n str> {
    node.props
        .iter()
        .filter(|p| p.name == name)
        .map(|p| p.value.as_str())
        .collect()
}

#[test]
fn ai_rmf_core_has_every_function_category_and_subcategory() {
    let doc = import(CORE);
    let records = records(CORE);
    assert_eq!(doc.meta.publication.as_deref(), Some("NIST AI 100-1"));
    assert_eq!(doc.meta.published.as_deref(), Some("2023-01-26"));
    assert_eq!(
        doc.meta.title,
        "Artificial Intelligence Risk Management Framework (AI RMF 1.0)"
    );

    let functions = by_class(&doc, "function");
    let categories = by_class(&doc, "category");
    let subcategories = by_class(&doc, "subcategory");
    assert_eq!(
        (functions.len(), categories.len(), subcategories.len()),
        (4, 19, 72)
    );
    assert_eq!(ids(&functions), ["GOVERN", "MAP", "MEASURE", "MANAGE"]);
    assert!(
        functions
            .iter()
            .all(|f| f.kind == NodeKind::Group && f.title == f.id)
    );
    // The file lists the Core in its own (numeric) order.
    assert_eq!(ids(&categories), distinct(&records, "category_id"));
    assert_eq!(ids(&subcategories), distinct(&records, "subcategory_id"));

    for record in &records {
        let function_id = field(record, "function").to_uppercase();
        let function = doc
            .nodes
            .iter()
            .find(|f| f.id.as_deref() == Some(&function_id))
            .unwrap();
        let category = child(function, field(record, "category_id"));
        assert_eq!(category.kind, NodeKind::Control);
        assert_eq!(category.title, category.id);
        assert_eq!(
            statement(category),
            Some(collapse(field(record, "category_text")))
        );
        let sub = child(category, field(record, "subcategory_id"));
        assert_eq!(sub.title, sub.id);
        let description = collapse(field(record, "description"));
        let expected = (!description.is_empty()).then_some(description);
        assert_eq!(
            statement(sub),
            expected,
            "{}",
            field(record, "subcategory_id")
        );
    }
    assert_eq!(
        statement(find(&doc, "GOVERN 1.1")).as_deref(),
        Some(
            "Legal and regulatory requirements involving AI are understood, managed, and documented."
        )
    );
}

#[test]
fn generative_ai_profile_keeps_every_action_under_its_subcategory() {
    let doc = import(ACTIONS);
    let records = records(ACTIONS);
    assert_eq!(doc.meta.publication.as_deref(), Some("NIST AI 600-1"));
    assert_eq!(doc.meta.published.as_deref(), Some("2024-07-26"));

    let actions = by_class(&doc, "action");
    assert_eq!(actions.len(), records.len());
    for record in &records {
        let action_id = field(record, "action_id");
        let subcategory = find(&doc, field(record, "subcategory_id"));
        assert_eq!(subcategory.class.as_deref(), Some("subcategory"));
        let action = child(subcategory, action_id);
        assert_eq!(
            (action.kind, action.class.as_deref()),
            (NodeKind::Part, Some("action"))
        );
        assert_eq!(
            action.paragraphs,
            [collapse(field(record, "suggested_action"))]
        );
        for (prop, name) in [
            ("gai-risk", "gai_risks"),
            ("ai-actor-task", "ai_actor_tasks"),
        ] {
            let expected: Vec<String> = record[name]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| collapse(v.as_str().unwrap()))
                .collect();
            assert_eq!(prop_values(action, prop), expected, "{action_id} {prop}");
        }
        assert_eq!(
            statement(subcategory),
            Some(collapse(field(record, "subcategory_text")))
        );
    }
    // Subcategories and their categories are those the actions name; categories carry no text.
    let subcategories = by_class(&doc, "subcategory");
    let named: BTreeSet<&str> = distinct(&records, "subcategory_id").into_iter().collect();
    assert_eq!(
        ids(&subcategories).into_iter().collect::<BTreeSet<_>>(),
        named
    );
    assert!(
        by_class(&doc, "category")
            .iter()
            .all(|c| statement(c).is_none())
    );
    // The misprinted GV4.3--001 (empty function in the source) comes first, as printed.
    let govern_4_3: Vec<&str> = find(&doc, "GOVERN 4.3")
        .children
        .iter()
        .filter_map(|c| c.id.as_deref())
        .collect();
    assert_eq!(govern_4_3, ["GV4.3--001", "GV-4.3-002", "GV-4.3-003"]);
}

#[test]
fn playbook_has_four_parts_per_manage_subcategory_with_list_items_split() {
    let doc = import(PLAYBOOK);
    let text = read(PLAYBOOK);
    let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect();
    let header: Vec<&str> = rows[0].iter().collect();
    assert_eq!(header.len(), 13);

    assert_eq!(ids(&by_class(&doc, "function")), ["MANAGE"]);
    assert_eq!(ids(&by_class(&doc, "subcategory")), header);
    let classes = [
        ("about", "about"),
        ("suggested-actions", "actions"),
        ("documentation-questions", "questions"),
        ("references", "references"),
    ];
    for (column, id) in header.iter().enumerate() {
        let subcategory = find(&doc, id);
        let parts: Vec<(&str, String)> = subcategory
            .children
            .iter()
            .map(|p| (p.class.as_deref().unwrap(), p.id.clone().unwrap()))
            .collect();
        let expected: Vec<(&str, String)> = classes
            .iter()
            .map(|(class, suffix)| (*class, format!("{id}-{suffix}")))
            .collect();
        assert_eq!(parts, expected);
        for (row, part) in rows[1..].iter().zip(&subcategory.children) {
            // In this file no paragraph spans lines: each non-blank line (text, heading or
            // list item) is one paragraph.
            let lines: Vec<&str> = row[column]
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            assert_eq!(
                part.paragraphs.len(),
                lines.len(),
                "{}",
                part.display_name()
            );
            for paragraph in &part.paragraphs {
                assert!(!paragraph.starts_with("- ") && !paragraph.starts_with('#'));
                assert!(
                    !paragraph.contains("]("),
                    "links read text (url): {paragraph}"
                );
            }
        }
    }
    let actions = find(&doc, "MANAGE 1.1-actions");
    assert_eq!(
        actions.paragraphs[0],
        "Consider trustworthiness characteristics when evaluating AI systems’ negative risks and benefits."
    );
    let questions = find(&doc, "MANAGE 1.1-questions");
    assert_eq!(
        questions.paragraphs[0],
        "Organizations can document the following"
    );
    assert!(
        questions.paragraphs.contains(
            &"GAO-21-519SP - Artificial Intelligence: An Accountability Framework for Federal \
          Agencies & Other Entities. URL (https://www.gao.gov/products/gao-21-519sp)"
                .to_string()
        )
    );
}

#[test]
fn csf_counts_match_the_distinct_ids_and_withdrawn_items_are_flagged() {
    for (file, version, functions) in [(CSF_1_1, "1.1", 5), (CSF_2_0, "2.0", 6)] {
        // Through `rmfdiff import`, which also reads the placeholders' wording.
        let doc = rmfdiff::import::import(&[&source(file)], None).unwrap();
        let records = records(file);
        assert_eq!(doc.meta.version.as_deref(), Some(version));
        let function_ids = distinct(&records, "Function ID");
        assert_eq!(function_ids.len(), functions);
        assert_eq!(ids(&by_class(&doc, "function")), function_ids);
        assert_eq!(
            ids(&by_class(&doc, "category")),
            distinct(&records, "Category ID")
        );
        assert_eq!(
            ids(&by_class(&doc, "subcategory")),
            distinct(&records, "Subcategory ID")
        );
        for record in &records {
            let function = find(&doc, field(record, "Function ID"));
            assert_eq!(
                function.title.as_deref(),
                Some(field(record, "Function Name"))
            );
            let category = child(function, field(record, "Category ID"));
            assert_eq!(
                category.title.as_deref(),
                Some(field(record, "Category Name"))
            );
            let description = field(record, "Category Description");
            assert_eq!(statement(category), Some(collapse(description)));
            let sub = child(category, field(record, "Subcategory ID"));
            assert_eq!(statement(sub), Some(collapse(field(record, "Subcategory"))));
            let references: Vec<String> = field(record, "Informative References")
                .lines()
                .map(collapse)
                .filter(|l| !l.is_empty())
                .collect();
            let part = sub
                .children
                .iter()
                .find(|p| p.class.as_deref() == Some("references"));
            assert_eq!(part.map_or(&[][..], |p| &p.paragraphs[..]), references);
            let withdrawn = record.get("Status").and_then(Value::as_str) == Some("Withdrawn");
            assert_eq!(sub.prop("status") == Some("withdrawn"), withdrawn);
            let category_withdrawn = description.starts_with("[Withdrawn");
            assert_eq!(
                category.prop("status") == Some("withdrawn"),
                category_withdrawn
            );
        }
    }

    let v2 = import(CSF_2_0);
    assert_eq!(v2.meta.publication.as_deref(), Some("NIST CSWP 29"));
    assert_eq!(v2.meta.published.as_deref(), Some("2024-02-26"));
    let withdrawn = records(CSF_2_0)
        .iter()
        .filter(|r| field(r, "Status") == "Withdrawn")
        .count();
    let flagged = by_class(&v2, "subcategory")
        .iter()
        .filter(|s| s.prop("status") == Some("withdrawn"))
        .count();
    assert_eq!((flagged, withdrawn), (79, 79));
    assert_eq!(
        statement(find(&v2, "ID.BE-01")).as_deref(),
        Some("[Withdrawn: Incorporated into GV.OC-05]")
    );
    let govern = find(&v2, "GV");
    assert_eq!(govern.title.as_deref(), Some("GOVERN"));
    assert_eq!(govern.children[0].class.as_deref(), Some("overview"));
    let examples = child(find(&v2, "GV.OC"), "GV.OC-02")
        .children
        .iter()
        .find(|p| p.class.as_deref() == Some("examples"))
        .unwrap();
    assert_eq!(examples.paragraphs.len(), 2);
    assert!(examples.paragraphs[1].starts_with("Ex2: "));

    let v1 = import(CSF_1_1);
    assert_eq!(v1.meta.published.as_deref(), Some("2018-04-16"));
    assert!(v1.walk().all(|n| n.prop("status").is_none()));
}

fn error_message(parse: Parse, text: &str) -> String {
    match parse(text, Path::new("in.json")) {
        Ok(_) => panic!("{text:.80} should not import"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn truncated_json_reports_line_and_column() {
    let text = read(CORE);
    let cut = &text[..text.len() / 2];
    let error = core_json::parse(cut, Path::new("cut.json")).unwrap_err();
    let Error::Syntax { line, column, .. } = error else {
        panic!("a syntax error, not {error}");
    };
    assert_eq!(line, cut.lines().count());
    assert!(column >= 1);
    assert!(
        error_message(csf_json::parse, "[{\"a\": 1,}]").starts_with("in.json:1:10: "),
        "{}",
        error_message(csf_json::parse, "[{\"a\": 1,}]")
    );
}

#[test]
fn wrong_shapes_name_the_record() {
    // Record 12 of the Core is GOVERN 3.2; remove its description.
    let mut records = records(CORE);
    assert_eq!(field(&records[11], "subcategory_id"), "GOVERN 3.2");
    records[11].as_object_mut().unwrap().remove("description");
    let text = serde_json::to_string(&records).unwrap();
    assert_eq!(
        error_message(core_json::parse, &text),
        "in.json: record 12 (GOVERN 3.2): missing field description"
    );

    let cases: [(Parse, &str, &str); 9] = [
        (
            core_json::parse,
            "{}",
            "expected a JSON array of records, found an object",
        ),
        (core_json::parse, "[]", "no records"),
        (
            core_json::parse,
            "[1]",
            "record 1: expected an object, found a number",
        ),
        (
            core_json::parse,
            r#"[{"subcategory_id": "POLICY 1.1"}]"#,
            "record 1 (POLICY 1.1): subcategory_id \"POLICY 1.1\" is not an AI RMF subcategory id",
        ),
        (
            core_json::parse,
            r#"[{"subcategory_id": "GOVERN 1.1", "function": "Govern", "category_id": "GOVERN 2"}]"#,
            "record 1 (GOVERN 1.1): GOVERN 1.1 is not under category GOVERN 2",
        ),
        (
            core_json::parse,
            r#"[{"subcategory_id": "GOVERN 1.1", "function": "Map"}]"#,
            "function \"Map\" does not match subcategory GOVERN 1.1",
        ),
        (
            actions_json::parse,
            r#"[{"action_id": "GV-1.1-001", "function": "Govern", "subcategory_id": "GOVERN 1.1",
                 "subcategory_text": "t", "suggested_action": "a", "gai_risks": "Data Privacy"}]"#,
            "record 1 (GV-1.1-001): field gai_risks is not an array of strings",
        ),
        (
            csf_json::parse,
            r#"[{"Function ID": "ID", "Function Name": "IDENTIFY", "Category ID": "ID.AM",
                 "Category Name": "n", "Category Description": "d", "Subcategory ID": "PR.AC-1",
                 "Subcategory": "s"}]"#,
            "record 1 (PR.AC-1): subcategory PR.AC-1 is not under category ID.AM",
        ),
        (
            csf_json::parse,
            r#"[{"Function ID": "ID", "Subcategory ID": "ID.AM-1", "Function Name": 3}]"#,
            "record 1 (ID.AM-1): field Function Name is a number, expected a string",
        ),
    ];
    for (parse, text, expected) in cases {
        let message = error_message(parse, text);
        assert!(
            message.contains(expected),
            "{message:?} should say {expected:?}"
        );
    }
}

#[test]
fn playbook_layout_errors_are_clear() {
    let one_row_each = "subcategory,about\nMANAGE 1.1,text\nMANAGE 1.2,text\n";
    let message = error_message(playbook_csv::parse, one_row_each);
    assert!(message.contains("one row per subcategory"), "{message}");
    let short_row = "MANAGE 1.1,MANAGE 1.2\na,b\nc\n";
    let error = playbook_csv::parse(short_row, Path::new("p.csv")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "p.csv:3:1: a row of 1 cells; the first row has 2"
    );
    assert!(
        matches!(
            error,
            Error::Syntax {
                line: 3,
                column: 1,
                ..
            }
        ),
        "{error}"
    );
    let missing_rows = "MANAGE 1.1,MANAGE 1.2\na,b\n";
    assert!(error_message(playbook_csv::parse, missing_rows).contains("expected 5 rows"));
    assert!(error_message(playbook_csv::parse, "").contains("no rows"));
}

#[test]
fn broken_inputs_never_panic() {
    let mut inputs: Vec<String> = [
        "",
        "null",
        "[null]",
        "[[]]",
        "[{}]",
        "\"x\"",
        ",,\n\"",
        "\u{feff}[]",
    ]
    .map(String::from)
    .to_vec();
    for (file, _) in IMPORTERS {
        let text = read(file);
        let step = text.len() / 40;
        for end in (0..text.len()).step_by(step.max(1)) {
            if text.is_char_boundary(end) {
                inputs.push(text[..end].to_string());
            }
        }
    }
    for input in &inputs {
        for (_, parse) in IMPORTERS {
            let _ = parse(input, Path::new("x"));
        }
    }
}

#[test]
fn every_import_round_trips_through_oscal_xml() {
    for (file, _) in IMPORTERS {
        let doc = rmfdiff::import::import(&[&source(file)], None).unwrap();
        let mut xml = Vec::new();
        write_oscal_xml(&doc, &mut xml).unwrap();
        let again = load::load_bytes(&xml, Path::new("written.xml"), Some(Format::OscalXml))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(again.meta.title, doc.meta.title, "{file}");
        assert_eq!(again.meta.version, doc.meta.version, "{file}");
        assert_eq!(again.meta.publication, doc.meta.publication, "{file}");
        assert_eq!(again.meta.published, doc.meta.published, "{file}");
        assert!(again.nodes == doc.nodes, "{file} round-trips");
    }
}

/// The Markdown extraction of NIST AI 100-1 runs several subcategories into one table cell
/// and breaks statements over rows and tables; each id still becomes its own subcategory,
/// with the Core JSON's wording.
#[test]
fn ai_rmf_markdown_extraction_has_every_subcategory() {
    let path = source("nist.ai.100-1.md");
    let doc = load::load(&path, None).expect("the Markdown loads");
    let records = records(CORE);
    let subcategories = by_class(&doc, "subcategory");
    assert_eq!(ids(&subcategories), distinct(&records, "subcategory_id"));
    assert_eq!(
        ids(&by_class(&doc, "category")),
        distinct(&records, "category_id")
    );
    // The JSON writes '"' and '-' where the extraction keeps '"' and '–'.
    let plain = |text: &str| {
        collapse(text)
            .replace(['“', '”'], "\"")
            .replace(['’'], "'")
            .replace('–', "-")
    };
    let mut compared = 0;
    for record in &records {
        let id = field(record, "subcategory_id");
        let expected = plain(field(record, "description"));
        let got = statement(find(&doc, id)).map(|s| plain(&s));
        let got = got.unwrap_or_else(|| panic!("{id} has a statement"));
        // Five subcategories have no description in the JSON; the extraction has them.
        if !expected.is_empty() {
            assert_eq!(got, expected, "{id}");
            compared += 1;
        }
    }
    assert_eq!(compared, 67);
    assert_eq!(
        statement(find(&doc, "GOVERN 6.2")).as_deref(),
        Some(
            "Contingency processes are in place to handle failures or incidents in third-party \
             data or AI systems deemed to be high-risk."
        )
    );
    // Headings nest as printed: the Executive Summary is not inside the contents.
    let top: Vec<&str> = doc
        .nodes
        .iter()
        .filter_map(|n| n.title.as_deref())
        .collect();
    assert_eq!(
        &top[..5],
        [
            "Update Schedule And Versions",
            "Table Of Contents",
            "List Of Figures",
            "Executive Summary",
            "Part 1: Foundational Information"
        ]
    );
}

/// The report of two texts of the AI RMF in Markdown (the shipped one and a revision of it).
fn diff_markdown(old_text: &str, new_text: &str) -> rmfdiff::report::Report {
    let parse = |text: &str| {
        load::load_bytes(text.as_bytes(), Path::new("ai-rmf.md"), None).expect("loads")
    };
    rmfdiff::report::Report::diff(
        &parse(old_text),
        &parse(new_text),
        &rmfdiff::topics::Lexicon::builtin(),
        &Default::default(),
    )
}

/// The report's changes but the unchanged ones: (label, old id, new id).
fn changed(report: &rmfdiff::report::Report) -> Vec<(&str, Option<&str>, Option<&str>)> {
    (report.changes.iter())
        .filter(|c| c.kind != rmfdiff::report::ChangeKind::Unchanged)
        .map(|c| (c.label(), c.old_id.as_deref(), c.new_id.as_deref()))
        .collect()
}

/// A revision that deletes MEASURE 2.12 from such a file (a test fixture made from the
/// shipped Markdown) reports MEASURE 2.12 removed and 2.13 renumbered, not "MEASURE
/// modified".
#[test]
fn a_subcategory_deleted_from_a_core_table_cell_is_removed() {
    let old_text = read("nist.ai.100-1.md");
    let start = old_text
        .find("MEASURE 2.12:")
        .expect("MEASURE 2.12 is in a cell");
    let end = start
        + old_text[start..]
            .find("MEASURE 2.13:")
            .expect("2.13 follows");
    let new_text = format!("{}{}", &old_text[..start], &old_text[end..])
        .replace("MEASURE 2.13:", "MEASURE 2.12:");
    let report = diff_markdown(&old_text, &new_text);
    assert_eq!(
        changed(&report),
        [
            ("removed", Some("MEASURE 2.12"), None),
            ("renumbered", Some("MEASURE 2.13"), Some("MEASURE 2.12")),
        ]
    );
    let climate = report
        .changes
        .iter()
        .flat_map(|c| &c.topics)
        .filter(|r| r.topic == "climate" && r.status == rmfdiff::report::Status::Removed);
    assert_eq!(
        climate.count(),
        2,
        "environmental impact and sustainability"
    );
}

/// A revision that splits MAP 1.2 in two inside its Core table cell, drops "demographic
/// diversity" from it, and renumbers MAP 1.3–1.6 to 1.4–1.7 (a test fixture made from the
/// shipped Markdown): the new MAP 1.3 is split from MAP 1.2, the four after it are
/// renumbered, and exactly the two dropped words count as removed.
#[test]
fn a_split_that_drops_a_phrase_in_a_core_table_cell() {
    use rmfdiff::report::Status;
    let old_text = read("nist.ai.100-1.md");
    let mut new_text = old_text.clone();
    for (was, now) in [
        ("1.6", "1.7"),
        ("1.5", "1.6"),
        ("1.4", "1.5"),
        ("1.3", "1.4"),
    ] {
        new_text = new_text.replace(&format!("MAP {was}:"), &format!("MAP {now}:"));
    }
    let whole = "reflect demographic diversity and broad domain and user experience expertise, \
                 and their participation is documented. Opportunities";
    assert!(new_text.contains(whole), "MAP 1.2 as published");
    let new_text = new_text.replace(
        whole,
        "reflect broad domain and user experience expertise, and their participation is \
         documented. MAP 1.3: Opportunities",
    );
    let report = diff_markdown(&old_text, &new_text);
    assert_eq!(
        changed(&report),
        [
            ("modified", Some("MAP 1.2"), Some("MAP 1.2")),
            ("split", None, Some("MAP 1.3")),
            ("renumbered", Some("MAP 1.3"), Some("MAP 1.4")),
            ("renumbered", Some("MAP 1.4"), Some("MAP 1.5")),
            ("renumbered", Some("MAP 1.5"), Some("MAP 1.6")),
            ("renumbered", Some("MAP 1.6"), Some("MAP 1.7")),
        ]
    );
    let removed: Vec<&str> = (report.changes.iter())
        .flat_map(|c| &c.topics)
        .filter(|r| r.status == Status::Removed)
        .map(|r| r.term.as_str())
        .collect();
    assert_eq!(removed, ["demographic*", "diversity"]);
    let dei = report.topics.iter().find(|t| t.key == "dei").expect("dei");
    assert_eq!((dei.all.in_old(), dei.all.in_new()), (31, 29));
}
