//! The text and OSCAL JSON loaders and format sniffing, on small inputs written here.

use std::path::Path;

use rmfdiff::load::{Format, load_bytes};
use rmfdiff::model::{Document, Node, NodeKind};

fn load(text: &str, name: &str, from: Option<Format>) -> Document {
    load_bytes(text.as_bytes(), Path::new(name), from).unwrap_or_else(|e| panic!("{e}"))
}

fn error(text: &[u8], name: &str) -> String {
    match load_bytes(text, Path::new(name), None) {
        Ok(doc) => panic!("{name} loaded: {doc:?}"),
        Err(e) => e.to_string(),
    }
}

fn find<'d>(doc: &'d Document, id: &str) -> &'d Node {
    let mut nodes = doc.nodes.iter().flat_map(Node::walk);
    nodes
        .find(|n| n.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no {id}"))
}

const CORE: &str = "\
# Framework under test

Hand-written for this test.

## Part 1

### Audience

Readers of
this text.

- a list item
| a | table row |

GOVERN 1: Policies are in place.
GOVERN 1.1: Legal requirements are
understood and managed.
- **GOVERN 1.2** Trustworthy characteristics are integrated.
MAP 1.1: Context is established.
";

#[test]
fn text_headings_nest_and_the_first_is_the_title() {
    let doc = load(CORE, "core.md", None);
    assert_eq!(doc.meta.title, "Framework under test");
    let intro = &doc.nodes[0];
    assert_eq!(intro.class.as_deref(), Some("section"));
    assert_eq!(
        intro.title, None,
        "text before any heading has an untitled section"
    );
    let part1 = &doc.nodes[1];
    assert_eq!(part1.title.as_deref(), Some("Part 1"));
    let audience = &part1.children[0];
    assert_eq!(audience.title.as_deref(), Some("Audience"));
    assert_eq!(audience.line, Some(7));
    let prose = &audience.children[0].paragraphs;
    assert_eq!(
        prose,
        &["Readers of this text.", "a list item", "a | table row"],
        "lines join; list items and table rows are paragraphs without their outer markers"
    );
}

#[test]
fn text_ai_rmf_ids_become_functions_categories_and_subcategories() {
    let doc = load(CORE, "core.md", None);
    let govern = find(&doc, "GOVERN");
    assert_eq!(
        (govern.kind, govern.class.as_deref()),
        (NodeKind::Group, Some("function"))
    );
    let category = find(&doc, "GOVERN 1");
    assert_eq!(category.class.as_deref(), Some("category"));
    assert_eq!(category.children[0].paragraphs, ["Policies are in place."]);
    let sub = find(&doc, "GOVERN 1.1");
    assert_eq!(sub.class.as_deref(), Some("subcategory"));
    assert_eq!(sub.line, Some(16));
    assert_eq!(
        sub.children[0].paragraphs,
        ["Legal requirements are understood and managed."],
        "continuation lines join the statement"
    );
    assert_eq!(
        find(&doc, "GOVERN 1.2").children[0].paragraphs,
        ["Trustworthy characteristics are integrated."],
        "list and emphasis markers around the id are dropped"
    );
    let map = find(&doc, "MAP");
    assert_eq!(
        map.children[0].id.as_deref(),
        Some("MAP 1"),
        "category created when needed"
    );
    assert_eq!(map.children[0].children[0].id.as_deref(), Some("MAP 1.1"));
}

#[test]
fn text_duplicate_id_names_both_lines() {
    let message = error(b"MAP 1.1: one\n\nMAP 1.1: two\n", "dup.md");
    assert_eq!(
        message,
        "dup.md:3:1: duplicate id MAP 1.1 (first at line 1)"
    );
}

#[test]
fn text_without_a_heading_is_titled_by_its_file_name() {
    let doc = load("Just a paragraph.\n", "notes.txt", None);
    assert_eq!(doc.meta.title, "notes");
    assert_eq!(doc.nodes[0].children[0].paragraphs, ["Just a paragraph."]);
}

#[test]
fn json_wrong_types_are_reported_with_their_place() {
    let message = error(
        br#"{"catalog": {"uuid": "u", "metadata": {"title": 7}}}"#,
        "bad.json",
    );
    assert!(message.starts_with("bad.json:1:"), "{message}");
    assert!(message.contains("invalid OSCAL JSON"), "{message}");
}

#[test]
fn json_without_a_catalog_is_invalid() {
    let message = error(br#"{"profile": {}}"#, "p.json");
    assert!(message.contains("not an OSCAL catalog"), "{message}");
}

#[test]
fn json_fields_the_model_does_not_hold_are_ignored() {
    let json = r##"{"catalog": {"uuid": "u", "metadata": {"title": "T", "oscal-version": "1.1.2",
        "remarks": "x"}, "groups": [{"id": "g", "title": "G", "extra": [1, 2],
        "controls": [{"id": "c-1", "title": "C", "links": [{"href": "#res", "rel": "x"}],
        "parts": [{"name": "statement", "prose": "Do the thing."}]}]}]}}"##;
    let doc = load(json, "c.json", None);
    assert_eq!(doc.meta.title, "T");
    assert_eq!(find(&doc, "c-1").children[0].paragraphs, ["Do the thing."]);
}

#[test]
fn format_is_sniffed_from_content_not_the_file_name() {
    let xml = r#"<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="u">
        <metadata><title>X</title></metadata></catalog>"#;
    assert_eq!(load(xml, "looks.md", None).meta.title, "X");
    let json = r#"{"catalog": {"uuid": "u", "metadata": {"title": "J"}}}"#;
    assert_eq!(load(json, "looks.xml", None).meta.title, "J");
    let forced = load(json, "looks.xml", Some(Format::Text));
    assert_eq!(forced.meta.title, "looks", "--from text reads JSON as text");
}

#[test]
fn a_byte_order_mark_is_ignored_and_the_hash_is_of_the_bytes() {
    let with_bom = "\u{feff}# Titled\n";
    let doc = load(with_bom, "bom.md", None);
    assert_eq!(doc.meta.title, "Titled");
    assert_eq!(
        doc.meta.sha256,
        rmfdiff::load::sha256_hex(with_bom.as_bytes())
    );
}

#[test]
fn unknown_content_is_refused_with_what_to_do() {
    let message = error(b"<html><body/></html>", "page.html");
    assert!(message.contains("--from"), "{message}");
    let message = error(b"GIF89a\0\0\x01", "image.gif");
    assert!(message.contains("binary content"), "{message}");
}

/// A Core table as a PDF-to-Markdown extraction leaves it: several subcategories in one
/// cell, a statement broken over rows and over two tables, the page's "Continued on next
/// page" note and the repeated column headings in the cells, a caption in a header row.
const CORE_TABLES: &str = "\
# Framework under test

## 5.1 Govern

| | Table 1: Categories and subcategories for the GOVERN function. |
|---|---|
| Categories | Subcategories GOVERN 1.1: Legal requirements are understood. GOVERN 1.2: The characteristics |
| GOVERN 1: Policies are in place. | are integrated. GOVERN 1.3: Processes are in place. Continued on next page |

Table 1: Categories and subcategories for the GOVERN function.

| Table 1: Categories and subcategories for the GOVERN function. (Continued) Categories | |
|---|---|
| Categories | Subcategories GOVERN 1.4: Controls are set. |
| GOVERN 2: Teams are committed to a culture | GOVERN 2.1: | Roles are clear |
| that considers risk. | and documented. |

## 5.2 Map

| MAP 1: Context is established. | MAP 1.1: Purposes are understood. |
";

#[test]
fn text_core_tables_give_one_subcategory_per_id_in_a_cell() {
    let doc = load(CORE_TABLES, "core.md", None);
    let statement = |id: &str| {
        let node = find(&doc, id);
        let part = node
            .children
            .iter()
            .find(|c| c.class.as_deref() == Some("statement"));
        part.unwrap_or_else(|| panic!("{id} has a statement"))
            .paragraphs
            .join(" ")
    };
    let expected = [
        ("GOVERN 1", "Policies are in place."),
        ("GOVERN 1.1", "Legal requirements are understood."),
        ("GOVERN 1.2", "The characteristics are integrated."),
        ("GOVERN 1.3", "Processes are in place."),
        ("GOVERN 1.4", "Controls are set."),
        (
            "GOVERN 2",
            "Teams are committed to a culture that considers risk.",
        ),
        ("GOVERN 2.1", "Roles are clear and documented."),
        ("MAP 1", "Context is established."),
        ("MAP 1.1", "Purposes are understood."),
    ];
    for (id, text) in expected {
        assert_eq!(statement(id), text, "{id}");
    }
    // Each function follows the top-level section its Core table is printed in.
    let titles: Vec<&str> = doc
        .nodes
        .iter()
        .filter_map(|n| n.title.as_deref())
        .collect();
    assert_eq!(titles, ["5.1 Govern", "GOVERN", "5.2 Map", "MAP"]);
}

#[test]
fn text_headings_nest_as_numbered_whatever_their_marks() {
    let text = "\
# A framework

# Table of Contents
## List of Figures
## Executive Summary
# Part 1: Foundations
## 1. Framing
## 1.1 Risks
## 1.2.1 Measurement
## 2. Audience
## Appendix A. Considerations
## A.1. Governance
## A.1.2. Organizational governance
## Field testing
## Appendix B. References
";
    let doc = load(text, "headings.md", None);
    fn outline(nodes: &[Node], depth: usize, out: &mut Vec<String>) {
        for node in nodes {
            out.push(format!(
                "{}{}",
                "  ".repeat(depth),
                node.title.as_deref().unwrap_or("?")
            ));
            outline(&node.children, depth + 1, out);
        }
    }
    let mut lines = Vec::new();
    outline(&doc.nodes, 0, &mut lines);
    assert_eq!(
        lines,
        [
            "Table of Contents",
            "List of Figures",
            "Executive Summary",
            "Part 1: Foundations",
            "  1. Framing",
            "    1.1 Risks",
            "      1.2.1 Measurement",
            "  2. Audience",
            "Appendix A. Considerations",
            "  A.1. Governance",
            "    A.1.2. Organizational governance",
            "      Field testing",
            "Appendix B. References",
        ]
    );
}
