//! Store: writes a [`Document`] as OSCAL catalog XML, the format `frameworks/` stores, so
//! that the importer can save what it reads. [`crate::load::oscal_xml`] reads it back into an
//! equal document (a test checks the round trip on the real NIST catalogs).
//!
//! Output is deterministic: the catalog UUID is derived from the title and version, and
//! nothing depends on the time or on map order. Text and attribute values are escaped by
//! quick-xml's escaper; `{{ insert: param, X }}` in text becomes `<insert type="param"
//! id-ref="X"/>`.

use std::io::{self, Write};

use quick_xml::escape::escape;
use sha2::{Digest, Sha256};

use crate::model::{Document, Node, NodeKind};

const OSCAL_NS: &str = "http://csrc.nist.gov/ns/oscal/1.0";
const OSCAL_VERSION: &str = "1.1.2";

/// Writes `doc` as an OSCAL catalog.
pub fn write_oscal_xml(doc: &Document, out: &mut dyn Write) -> io::Result<()> {
    let meta = &doc.meta;
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<catalog xmlns="{OSCAL_NS}" uuid="{}">"#, uuid(doc))?;
    writeln!(out, "  <metadata>")?;
    element(out, 2, "title", &meta.title)?;
    if let Some(date) = &meta.published {
        element(out, 2, "published", &format!("{date}T00:00:00Z"))?;
        element(out, 2, "last-modified", &format!("{date}T00:00:00Z"))?;
    }
    if let Some(version) = &meta.version {
        element(out, 2, "version", version)?;
    }
    element(out, 2, "oscal-version", OSCAL_VERSION)?;
    if let Some(publication) = &meta.publication {
        prop(out, 2, "publication", publication, None)?;
    }
    if let Some(origin) = &meta.imported_from {
        for source in &origin.sources {
            prop(out, 2, "source-file", &source.file, None)?;
            prop(out, 2, "source-sha256", &source.sha256, None)?;
        }
        prop(out, 2, "importer", &origin.importer, None)?;
    }
    writeln!(out, "  </metadata>")?;
    let (back_matter, body): (Vec<&Node>, Vec<&Node>) =
        doc.nodes.iter().partition(|n| is_back_matter(n));
    // An explicit stack of (node, depth, closing?) so deep documents cannot overflow.
    let mut stack: Vec<(&Node, usize, bool)> = body.iter().rev().map(|n| (*n, 1, false)).collect();
    while let Some((node, depth, closing)) = stack.pop() {
        if closing {
            writeln!(out, "{}</{}>", indent(depth), tag(node))?;
            continue;
        }
        open_node(out, node, depth)?;
        stack.push((node, depth, true));
        stack.extend(node.children.iter().rev().map(|c| (c, depth + 1, false)));
    }
    for group in back_matter {
        write_back_matter(out, group)?;
    }
    writeln!(out, "</catalog>")
}

fn is_back_matter(node: &Node) -> bool {
    node.kind == NodeKind::Group && node.class.as_deref() == Some("back-matter")
}

/// A UUID-shaped identifier derived from the title and version.
fn uuid(doc: &Document) -> String {
    let seed = format!(
        "{}\n{}",
        doc.meta.title,
        doc.meta.version.as_deref().unwrap_or("")
    );
    let hex: String = Sha256::digest(seed.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

fn tag(node: &Node) -> &'static str {
    match node.kind {
        NodeKind::Group => "group",
        NodeKind::Control => "control",
        NodeKind::Part => "part",
        NodeKind::Param => "param",
    }
}

/// The start tag and the leaf content of `node` (everything but its children).
fn open_node(out: &mut dyn Write, node: &Node, depth: usize) -> io::Result<()> {
    let pad = indent(depth);
    let class_attribute = if node.kind == NodeKind::Part {
        "name"
    } else {
        "class"
    };
    let mut attributes = String::new();
    for (name, value) in [("id", &node.id), (class_attribute, &node.class)] {
        if let Some(value) = value {
            attributes.push_str(&format!(r#" {name}="{}""#, escape(value.as_str())));
        }
    }
    writeln!(out, "{pad}<{}{attributes}>", tag(node))?;
    let inner = depth + 1;
    if node.kind == NodeKind::Param {
        return write_param_content(out, node, inner);
    }
    if let Some(title) = &node.title {
        element(out, inner, "title", title)?;
    }
    write_props(out, node, inner)?;
    for link in &node.links {
        writeln!(
            out,
            r#"{}<link rel="{}" href="{}"/>"#,
            indent(inner),
            escape(link.rel.as_str()),
            escape(link.href.as_str())
        )?;
    }
    for paragraph in &node.paragraphs {
        writeln!(out, "{}<p>{}</p>", indent(inner), markup(paragraph))?;
    }
    Ok(())
}

fn write_props(out: &mut dyn Write, node: &Node, depth: usize) -> io::Result<()> {
    for p in &node.props {
        prop(out, depth, &p.name, &p.value, p.class.as_deref())?;
    }
    if let Some(page) = node.page {
        prop(out, depth, "page", &page.to_string(), None)?;
    }
    if let Some(label) = &node.page_label {
        prop(out, depth, "page-label", label, None)?;
    }
    if let Some(line) = node.line {
        prop(out, depth, "line", &line.to_string(), None)?;
    }
    Ok(())
}

/// A parameter: its other props, label, guidelines, then its selection or values.
fn write_param_content(out: &mut dyn Write, node: &Node, depth: usize) -> io::Result<()> {
    let pad = indent(depth);
    let special = ["choice", "how-many", "value"];
    let mut plain = node.clone();
    plain
        .props
        .retain(|p| !(special.contains(&p.name.as_str()) && p.class.is_none()));
    write_props(out, &plain, depth)?;
    if let Some(label) = &node.title {
        element(out, depth, "label", label)?;
    }
    for paragraph in &node.paragraphs {
        writeln!(
            out,
            "{pad}<guideline><p>{}</p></guideline>",
            markup(paragraph)
        )?;
    }
    let values = node.props.iter().filter(|p| p.class.is_none());
    let choices: Vec<&str> = values
        .clone()
        .filter(|p| p.name == "choice")
        .map(|p| p.value.as_str())
        .collect();
    let how_many = node
        .props
        .iter()
        .find(|p| p.name == "how-many" && p.class.is_none());
    if !choices.is_empty() || how_many.is_some() {
        match how_many {
            Some(h) => writeln!(
                out,
                r#"{pad}<select how-many="{}">"#,
                escape(h.value.as_str())
            )?,
            None => writeln!(out, "{pad}<select>")?,
        }
        for choice in choices {
            writeln!(out, "{pad}  <choice>{}</choice>", markup(choice))?;
        }
        writeln!(out, "{pad}</select>")?;
    }
    for value in values.filter(|p| p.name == "value") {
        element(out, depth, "value", &value.value)?;
    }
    Ok(())
}

fn write_back_matter(out: &mut dyn Write, group: &Node) -> io::Result<()> {
    writeln!(out, "  <back-matter>")?;
    for resource in &group.children {
        let uuid = resource.id.as_deref().unwrap_or_default();
        writeln!(out, r#"    <resource uuid="{}">"#, escape(uuid))?;
        if let Some(title) = &resource.title {
            element(out, 3, "title", title)?;
        }
        if let Some((citation, remarks)) = resource.paragraphs.split_first() {
            writeln!(out, "      <citation>")?;
            element(out, 4, "text", citation)?;
            writeln!(out, "      </citation>")?;
            if !remarks.is_empty() {
                writeln!(out, "      <remarks>")?;
                for remark in remarks {
                    element(out, 4, "p", remark)?;
                }
                writeln!(out, "      </remarks>")?;
            }
        }
        writeln!(out, "    </resource>")?;
    }
    writeln!(out, "  </back-matter>")
}

fn element(out: &mut dyn Write, depth: usize, name: &str, text: &str) -> io::Result<()> {
    writeln!(out, "{}<{name}>{}</{name}>", indent(depth), escape(text))
}

fn prop(
    out: &mut dyn Write,
    depth: usize,
    name: &str,
    value: &str,
    class: Option<&str>,
) -> io::Result<()> {
    let class = class
        .map(|c| format!(r#" class="{}""#, escape(c)))
        .unwrap_or_default();
    writeln!(
        out,
        r#"{}<prop name="{}" value="{}"{class}/>"#,
        indent(depth),
        escape(name),
        escape(value)
    )
}

/// Escaped text with each `{{ insert: TYPE, ID }}` written as an `<insert>` element.
///
/// ```text
/// "Require {{ insert: param, p1 }} & more"  →  Require <insert type="param" id-ref="p1"/> &amp; more
/// ```
fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{ insert: ") {
        let Some(len) = rest[start..].find(" }}") else {
            break;
        };
        let inner = &rest[start + "{{ insert: ".len()..start + len];
        let Some((kind, id)) = inner.split_once(", ") else {
            break;
        };
        out.push_str(&escape(&rest[..start]));
        out.push_str(&format!(
            r#"<insert type="{}" id-ref="{}"/>"#,
            escape(kind),
            escape(id)
        ));
        rest = &rest[start + len + " }}".len()..];
    }
    out.push_str(&escape(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_become_elements_and_text_is_escaped() {
        assert_eq!(
            markup("Require {{ insert: param, p1 }} & <more>"),
            r#"Require <insert type="param" id-ref="p1"/> &amp; &lt;more&gt;"#
        );
        assert_eq!(markup("{{ not an insert }}"), "{{ not an insert }}");
    }
}
