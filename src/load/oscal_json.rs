//! OSCAL catalog JSON loader (a format of the [`crate::load`] stage), with serde.
//!
//! It builds the same [`Document`] as [`super::oscal_xml`] does for the same catalog. OSCAL
//! JSON keeps children by type, so they come in OSCAL's element order: params, parts, then
//! nested groups and controls. Prose is OSCAL Markdown: blank lines separate paragraphs, each
//! list item is a paragraph, and emphasis and link markers are reduced to their text.
//! Links saying where a withdrawn control went are kept. Unknown fields are ignored, as OSCAL allows extensions. Two objects with the same id (as
//! [`id_key`] compares ids) are an error.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::align::id_key;
use crate::error::{Error, Result};
use crate::model::{Document, Metadata, Node, NodeKind, Prop};

#[derive(Deserialize)]
struct File {
    catalog: Option<Catalog>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Catalog {
    metadata: WireMetadata,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    controls: Vec<Control>,
    #[serde(default)]
    groups: Vec<Group>,
    back_matter: Option<BackMatter>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct WireMetadata {
    title: String,
    version: Option<String>,
    published: Option<String>,
    last_modified: Option<String>,
    #[serde(default)]
    props: Vec<WireProp>,
    #[serde(default)]
    document_ids: Vec<DocumentId>,
}

#[derive(Deserialize)]
struct DocumentId {
    identifier: String,
}

#[derive(Deserialize)]
struct WireProp {
    name: String,
    value: String,
    class: Option<String>,
}

#[derive(Deserialize)]
struct WireLink {
    rel: Option<String>,
    href: String,
}

#[derive(Deserialize)]
struct Group {
    id: Option<String>,
    class: Option<String>,
    title: String,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    props: Vec<WireProp>,
    #[serde(default)]
    links: Vec<WireLink>,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Control {
    id: Option<String>,
    class: Option<String>,
    title: String,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    props: Vec<WireProp>,
    #[serde(default)]
    links: Vec<WireLink>,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Part {
    id: Option<String>,
    name: Option<String>,
    title: Option<String>,
    #[serde(default)]
    props: Vec<WireProp>,
    prose: Option<String>,
    #[serde(default)]
    parts: Vec<Part>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Param {
    id: Option<String>,
    label: Option<String>,
    #[serde(default)]
    props: Vec<WireProp>,
    #[serde(default)]
    guidelines: Vec<Guideline>,
    select: Option<Select>,
    #[serde(default)]
    values: Vec<String>,
}

#[derive(Deserialize)]
struct Guideline {
    prose: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Select {
    how_many: Option<String>,
    #[serde(default)]
    choice: Vec<String>,
}

#[derive(Deserialize)]
struct BackMatter {
    #[serde(default)]
    resources: Vec<Resource>,
}

#[derive(Deserialize)]
struct Resource {
    uuid: Option<String>,
    title: Option<String>,
    citation: Option<Citation>,
    remarks: Option<String>,
}

#[derive(Deserialize)]
struct Citation {
    text: String,
}

pub fn parse(text: &str, path: &Path) -> Result<Document> {
    let file: File = serde_json::from_str(text).map_err(|e| Error::Syntax {
        path: path.into(),
        line: e.line(),
        column: e.column(),
        // serde_json stops at 128 levels rather than overflow the stack.
        message: if e.to_string().starts_with("recursion limit exceeded") {
            "invalid OSCAL JSON: arrays and objects nested more than 128 levels deep".into()
        } else {
            format!("invalid OSCAL JSON: {e}")
        },
    })?;
    let Some(catalog) = file.catalog else {
        return Err(Error::Invalid {
            path: path.into(),
            message: "not an OSCAL catalog: no top-level \"catalog\" object".into(),
        });
    };
    let m = catalog.metadata;
    let publication_prop = m.props.iter().find(|p| p.name == "publication");
    let mut meta = Metadata {
        title: collapse(&m.title),
        version: m.version,
        publication: publication_prop
            .map(|p| p.value.clone())
            .or_else(|| m.document_ids.first().map(|d| d.identifier.clone())),
        published: m
            .published
            .or(m.last_modified)
            .map(|d| d.chars().take(10).collect()),
        ..Metadata::default()
    };
    for p in &m.props {
        meta.set_provenance(&p.name, p.value.clone());
    }
    let mut nodes: Vec<Node> = catalog.params.into_iter().map(param).collect();
    nodes.extend(catalog.controls.into_iter().map(control));
    nodes.extend(catalog.groups.into_iter().map(group));
    if let Some(back_matter) = catalog.back_matter {
        let mut node = Node::new(NodeKind::Group);
        node.class = Some("back-matter".into());
        node.title = Some("Back matter".into());
        node.children = back_matter.resources.into_iter().map(resource).collect();
        nodes.push(node);
    }
    check_unique_ids(&nodes, path)?;
    Ok(Document { meta, nodes })
}

/// An error naming both objects if two have the same id, or ids that differ only in case or
/// leading zeros (alignment could not tell them apart).
fn check_unique_ids(nodes: &[Node], path: &Path) -> Result<()> {
    let mut seen: HashMap<String, &Node> = HashMap::new();
    let mut stack: Vec<&Node> = nodes.iter().rev().collect();
    while let Some(node) = stack.pop() {
        stack.extend(node.children.iter().rev());
        let Some(id) = node.id.as_deref() else {
            continue;
        };
        let Some(first) = seen.insert(id_key(id), node) else {
            continue;
        };
        let describe = |n: &Node| {
            let kind = n.kind.as_str();
            let id = n.id.as_deref().unwrap_or_default();
            match n.title.as_deref() {
                Some(title) => format!("{kind} {id:?} ({title:?})"),
                None => format!("{kind} {id:?}"),
            }
        };
        return Err(Error::Invalid {
            path: path.into(),
            message: format!(
                "two objects with the same id (ids are compared without case or leading zeros): \
the {} and the {}; ids must be unique",
                describe(first),
                describe(node)
            ),
        });
    }
    Ok(())
}

fn node(kind: NodeKind, class: Option<String>, id: Option<String>, title: Option<String>) -> Node {
    let mut node = Node::new(kind);
    node.class = class;
    node.id = id;
    node.title = title.map(|t| collapse(&t));
    node
}

fn group(g: Group) -> Node {
    let mut n = node(NodeKind::Group, g.class, g.id, Some(g.title));
    add_props(&mut n, g.props);
    add_links(&mut n, g.links);
    n.children.extend(g.params.into_iter().map(param));
    n.children.extend(g.parts.into_iter().map(part));
    n.children.extend(g.groups.into_iter().map(group));
    n.children.extend(g.controls.into_iter().map(control));
    n
}

fn control(c: Control) -> Node {
    let mut n = node(NodeKind::Control, c.class, c.id, Some(c.title));
    add_props(&mut n, c.props);
    add_links(&mut n, c.links);
    n.children.extend(c.params.into_iter().map(param));
    n.children.extend(c.parts.into_iter().map(part));
    n.children.extend(c.controls.into_iter().map(control));
    n
}

fn part(p: Part) -> Node {
    let mut n = node(NodeKind::Part, p.name, p.id, p.title);
    add_props(&mut n, p.props);
    n.paragraphs = p.prose.as_deref().map(paragraphs).unwrap_or_default();
    n.children.extend(p.parts.into_iter().map(part));
    n
}

fn param(p: Param) -> Node {
    let mut n = node(NodeKind::Param, None, p.id, p.label);
    add_props(&mut n, p.props);
    n.paragraphs = p
        .guidelines
        .iter()
        .flat_map(|g| paragraphs(&g.prose))
        .collect();
    if let Some(select) = p.select {
        if let Some(how_many) = select.how_many {
            add_prop(&mut n, "how-many", how_many, None);
        }
        for choice in select.choice {
            add_prop(&mut n, "choice", collapse(&choice), None);
        }
    }
    for value in p.values {
        add_prop(&mut n, "value", collapse(&value), None);
    }
    n
}

fn resource(r: Resource) -> Node {
    let mut n = node(NodeKind::Part, Some("resource".into()), r.uuid, r.title);
    n.paragraphs = r.citation.map(|c| paragraphs(&c.text)).unwrap_or_default();
    n.paragraphs
        .extend(r.remarks.as_deref().map(paragraphs).unwrap_or_default());
    n
}

fn add_links(node: &mut Node, links: Vec<WireLink>) {
    for link in links {
        let rel = link.rel.unwrap_or_default();
        super::oscal_xml::add_link(node, rel, link.href);
    }
}

fn add_props(node: &mut Node, props: Vec<WireProp>) {
    for p in props {
        add_prop(node, &p.name, p.value, p.class);
    }
}

/// Adds a property; our own `page` and `line` properties set the node's location.
fn add_prop(node: &mut Node, name: &str, value: String, class: Option<String>) {
    match (name, value.parse::<u32>(), &class) {
        ("page", Ok(page), None) => node.page = Some(page),
        ("page-label", _, None) => node.page_label = Some(value),
        ("line", Ok(line), None) => node.line = Some(line),
        _ => node.props.push(Prop {
            name: name.to_string(),
            value,
            class,
        }),
    }
}

/// OSCAL Markdown prose as plain paragraphs.
///
/// ```text
/// "First *line*\nsame paragraph.\n\n- item one\n- [item](https://x) two"
///   → ["First line same paragraph.", "item one", "item two"]
/// ```
fn paragraphs(prose: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let text = collapse(&plain(current));
        if !text.is_empty() {
            out.push(text);
        }
        current.clear();
    };
    for line in prose.lines() {
        let trimmed = line.trim();
        let item = ["- ", "* ", "+ "]
            .iter()
            .find_map(|b| trimmed.strip_prefix(b))
            .or_else(|| {
                let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
                trimmed[digits..].strip_prefix(". ").filter(|_| digits > 0)
            });
        if trimmed.is_empty() || item.is_some() {
            flush(&mut current, &mut out);
        }
        current.push(' ');
        current.push_str(item.unwrap_or(trimmed));
    }
    flush(&mut current, &mut out);
    out
}

/// Drops Markdown emphasis markers and keeps the text of links; `{{ insert: … }}` is kept
/// with its spacing normalised.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("{{")
            && let Some(end) = rest.find("}}")
        {
            let inner = collapse(&rest[2..end]).replace(" ,", ",");
            out.push_str(&format!("{{{{ {} }}}}", inner.trim()));
            rest = &rest[end + 2..];
            continue;
        }
        if c == '['
            && let Some(close) = rest.find("](")
            && let Some(paren) = rest[close..].find(')')
        {
            out.push_str(&rest[1..close]);
            rest = &rest[close + paren + 1..];
            continue;
        }
        if c != '*' && c != '_' || is_inner_underscore(&out, rest) {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// An underscore between word characters (`snake_case`) is text, not emphasis.
fn is_inner_underscore(before: &str, rest: &str) -> bool {
    rest.starts_with('_')
        && before.chars().last().is_some_and(char::is_alphanumeric)
        && rest[1..].chars().next().is_some_and(char::is_alphanumeric)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_becomes_plain_paragraphs() {
        let prose = "First *line*\nsame paragraph.\n\n- item one\n- [item](https://x) two\n1. third {{insert: param,  p1}}";
        assert_eq!(
            paragraphs(prose),
            [
                "First line same paragraph.",
                "item one",
                "item two",
                "third {{ insert: param, p1 }}"
            ]
        );
        assert_eq!(plain("ac_2 **bold**"), "ac_2 bold");
    }
}
