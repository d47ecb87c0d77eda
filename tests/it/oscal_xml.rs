//! The OSCAL XML loader and writer on the real NIST SP 800-53 catalogs, and on broken input.

use std::path::Path;

use rmfdiff::error::Error;
use rmfdiff::load::{self, Format};
use rmfdiff::model::{Document, Node, NodeKind};
use rmfdiff::store::write_oscal_xml;

use crate::support::source;

const REV4: &str = "NIST_SP-800-53_rev4_catalog.xml";
const REV4_HIGH: &str = "NIST_SP-800-53_rev4_HIGH-baseline-resolved-profile_catalog.xml";
const REV5_HIGH: &str = "NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog.xml";

fn load(file: &str) -> Document {
    load::load(&source(file), None).expect("the NIST catalog loads")
}

fn count(doc: &Document, kind: NodeKind, class: &str) -> usize {
    doc.walk()
        .filter(|n| n.kind == kind && n.class.as_deref() == Some(class))
        .count()
}

fn find<'d>(doc: &'d Document, id: &str) -> &'d Node {
    doc.walk()
        .find(|n| n.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no node {id}"))
}

#[test]
fn real_catalogs_load_every_control_and_enhancement() {
    // (file, families, controls, enhancements, back-matter resources), counted with grep.
    let expected = [
        (REV4, 18, 256, 666, 119),
        (REV4_HIGH, 17, 170, 173, 111),
        (REV5_HIGH, 18, 188, 182, 147),
    ];
    for (file, families, controls, enhancements, resources) in expected {
        let doc = load(file);
        assert_eq!(count(&doc, NodeKind::Group, "family"), families, "{file}");
        assert_eq!(
            count(&doc, NodeKind::Control, "SP800-53"),
            controls,
            "{file}"
        );
        assert_eq!(
            count(&doc, NodeKind::Control, "SP800-53-enhancement"),
            enhancements,
            "{file}"
        );
        assert_eq!(count(&doc, NodeKind::Part, "resource"), resources, "{file}");
    }
}

#[test]
fn rev5_statement_guidance_and_parameters() {
    let doc = load(REV5_HIGH);
    assert_eq!(
        doc.meta.title,
        "NIST Special Publication 800-53 Revision 5.1.1 HIGH IMPACT BASELINE"
    );
    assert_eq!(doc.meta.version.as_deref(), Some("5.1.1+u4"));
    assert_eq!(doc.meta.published.as_deref(), Some("2024-02-13"));
    let ac2 = find(&doc, "ac-2");
    assert_eq!(ac2.title.as_deref(), Some("Account Management"));
    assert_eq!(ac2.prop("label"), Some("AC-2"));
    let item_a = find(&doc, "ac-2_smt.a");
    assert_eq!(item_a.prop("label"), Some("a."));
    assert_eq!(
        item_a.paragraphs,
        [
            "Define and document the types of accounts allowed and specifically prohibited for use within the system;"
        ]
    );
    let item_c = find(&doc, "ac-2_smt.c");
    assert_eq!(
        item_c.paragraphs,
        ["Require {{ insert: param, ac-02_odp.01 }} for group and role membership;"]
    );
    let guidance = ac2
        .children
        .iter()
        .find(|c| c.class.as_deref() == Some("guidance"))
        .unwrap();
    assert!(
        guidance.paragraphs[0].starts_with("Examples of system account types include"),
        "{guidance:?}"
    );
    let param = find(&doc, "ac-02_odp.01");
    assert_eq!(param.kind, NodeKind::Param);
    assert_eq!(param.title.as_deref(), Some("prerequisites and criteria"));
    assert_eq!(
        param.paragraphs,
        ["prerequisites and criteria for group and role membership are defined;"]
    );
}

#[test]
fn rev4_withdrawn_control_keeps_its_status() {
    let doc = load(REV4);
    let withdrawn = find(&doc, "ac-3.1");
    assert_eq!(withdrawn.prop("status"), Some("Withdrawn"));
    let selection = doc
        .walk()
        .find(|n| n.kind == NodeKind::Param && n.prop("how-many").is_some())
        .unwrap();
    assert!(
        selection.props.iter().any(|p| p.name == "choice"),
        "{selection:?}"
    );
}

/// load → write → load gives the same document (but for the input file's name and hash).
fn round_trip(doc: &Document) {
    let mut xml = Vec::new();
    write_oscal_xml(doc, &mut xml).unwrap();
    let mut again = load::load_bytes(&xml, Path::new("written.xml"), None).unwrap();
    again.meta.source = doc.meta.source.clone();
    again.meta.sha256 = doc.meta.sha256.clone();
    assert_eq!(again.meta, doc.meta);
    let (before, after): (Vec<&Node>, Vec<&Node>) = (doc.walk().collect(), again.walk().collect());
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(
            (
                &a.kind,
                &a.class,
                &a.id,
                &a.title,
                &a.props,
                &a.paragraphs,
                a.page,
                a.line,
                a.children.len()
            ),
            (
                &b.kind,
                &b.class,
                &b.id,
                &b.title,
                &b.props,
                &b.paragraphs,
                b.page,
                b.line,
                b.children.len()
            ),
            "round trip of {}",
            doc.meta.title
        );
    }
    assert_eq!(before.len(), after.len());
    let mut twice = Vec::new();
    write_oscal_xml(&again, &mut twice).unwrap();
    assert_eq!(xml, twice, "writing is deterministic");
}

#[test]
fn real_catalogs_round_trip() {
    for file in [REV4, REV4_HIGH, REV5_HIGH] {
        round_trip(&load(file));
    }
}

#[test]
fn every_model_feature_round_trips() {
    // A hand-written test fixture, not NIST text.
    let xml = r##"<?xml version="1.0"?>
<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="x">
  <metadata><title>Fixture &amp; "test"</title><published>2023-01-26T00:00:00Z</published>
    <version>1.0</version><prop name="publication" value="NIST AI 100-1"/></metadata>
  <param id="top"><label>top-level</label></param>
  <group id="GOVERN" class="function"><title>GOVERN <em>function</em></title>
    <prop name="page" value="21"/>
    <control id="GOVERN 1" class="category"><title>GOVERN 1</title>
      <param id="p1"><prop name="alt" value="x" class="c"/><label>frequency</label>
        <guideline><p>how often</p></guideline>
        <select how-many="one-or-more"><choice>daily</choice><choice>weekly</choice></select></param>
      <part name="statement" id="s1"><prop name="line" value="7"/><p>Review <insert type="param" id-ref="p1"/> &lt;often&gt;.</p>
        <part name="item"><title></title><p>nested <a href="#x">link</a></p></part></part>
    </control>
  </group>
  <back-matter><resource uuid="r1"><title>Ref</title><citation><text>A citation</text></citation>
    <remarks><p>a remark</p></remarks></resource></back-matter>
</catalog>"##;
    let doc = load::load_bytes(
        xml.as_bytes(),
        Path::new("fixture.xml"),
        Some(Format::OscalXml),
    )
    .unwrap();
    assert_eq!(doc.meta.title, "Fixture & \"test\"");
    assert_eq!(doc.meta.publication.as_deref(), Some("NIST AI 100-1"));
    assert_eq!(find(&doc, "GOVERN").page, Some(21));
    assert_eq!(
        find(&doc, "GOVERN").title.as_deref(),
        Some("GOVERN function")
    );
    assert_eq!(find(&doc, "s1").line, Some(7));
    assert_eq!(
        find(&doc, "s1").paragraphs,
        ["Review {{ insert: param, p1 }} <often>."]
    );
    assert_eq!(
        doc.nodes.last().unwrap().class.as_deref(),
        Some("back-matter")
    );
    assert_eq!(find(&doc, "r1").paragraphs, ["A citation", "a remark"]);
    round_trip(&doc);
}

fn error(xml: &str) -> String {
    match load::load_bytes(xml.as_bytes(), Path::new("bad.xml"), Some(Format::OscalXml)) {
        Ok(doc) => panic!("loaded {doc:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn malformed_xml_is_reported_with_its_place() {
    let mismatched = "<catalog>\n  <group>\n  </control>\n</catalog>";
    let message = error(mismatched);
    assert!(message.starts_with("bad.xml:3:"), "{message}");
    assert!(message.contains("malformed XML"), "{message}");

    for truncated in [
        "<catalog><metadata><title>T</ti",
        "<catalog><group id=\"a\"><title>T</title>",
        "<catalog",
    ] {
        let message = error(truncated);
        assert!(message.starts_with("bad.xml:1:"), "{message}");
    }
    assert!(
        error("<html><body/></html>").contains("not an OSCAL catalog: the root element is <html>")
    );
}

#[test]
fn entities_are_never_expanded() {
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE catalog [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<catalog><metadata><title>&lol2;</title></metadata></catalog>"#;
    let message = error(laughs);
    assert!(message.contains("undefined entity &lol2;"), "{message}");
    assert!(message.starts_with("bad.xml:3:"), "{message}");
    let xxe = r#"<!DOCTYPE catalog [<!ENTITY x SYSTEM "file:///etc/passwd">]><catalog><metadata><title>&x;</title></metadata></catalog>"#;
    assert!(error(xxe).contains("undefined entity &x;"));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 100_000;
    let xml = format!(
        "<catalog>{}{}</catalog>",
        "<part>".repeat(depth),
        "</part>".repeat(depth)
    );
    let result = load::load_bytes(xml.as_bytes(), Path::new("deep.xml"), None);
    match result {
        Err(Error::Syntax { message, .. }) => {
            assert!(message.contains("nested more than 1000"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}
