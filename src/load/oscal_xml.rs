//! OSCAL catalog XML loader (a format of the [`crate::load`] stage), the canonical format
//! of `frameworks/`.
//!
//! A streaming read with quick-xml and an explicit stack of open elements, so no input can
//! overflow the call stack; nesting deeper than [`MAX_DEPTH`] is an error. Entities other than
//! XML's five predefined ones and character references are never expanded or fetched: a
//! DOCTYPE is skipped, and a reference to an entity it declares is an error. Characters XML
//! does not allow (control characters, raw or as `&#1;`) are errors, and so are two elements
//! with the same id, or ids that are the same once compared as [`id_key`] compares them.
//!
//! `group`, `control`, `part` and `param` become [`Node`]s; `prop`s their properties (our own
//! `page` and `line` props become [`Node::page`] / [`Node::line`]), `link`s saying where a
//! withdrawn control went its [`Node::links`]; `p`, `li` and table rows
//! their paragraphs, with inline markup reduced to its text and `<insert type="param"
//! id-ref="X"/>` kept as `{{ insert: param, X }}`. Back matter becomes a last top-level
//! group of class `back-matter` holding one `resource` part per resource.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use rustc_hash::FxHashMap;

use crate::align::id_key;
use crate::error::{Error, Result, line_column};
use crate::model::{Document, Link, Metadata, Node, NodeKind, Prop};

/// Deepest element nesting accepted (real catalogs stay under 20).
pub const MAX_DEPTH: usize = 1000;

/// An open element.
struct Open {
    /// Its local name: borrowed for the names this loader knows, so that most elements
    /// cost no allocation for it.
    name: Cow<'static, str>,
    /// Byte offset of its start tag, for "not closed" errors.
    at: usize,
    /// The node it builds, for group/control/part/param/resource/back-matter.
    node: Option<Node>,
    /// Text gathered inside it, for elements whose text is kept ([`keeps_text`]); the
    /// whitespace between the elements of a control or a group is not gathered.
    text: String,
    keeps_text: bool,
    /// Attribute values that matter once it closes (of `prop`, `select`, `insert`, `link`).
    attributes: Vec<String>,
}

pub fn parse(text: &str, path: &Path) -> Result<Document> {
    let mut reader = Reader::from_str(text);
    let mut meta = Metadata::default();
    let mut nodes: Vec<Node> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // Each id seen (as compared), with the id as written and where its element starts.
    let mut ids: FxHashMap<String, (String, usize)> = FxHashMap::default();
    let syntax = |at: usize, message: String| {
        let (line, column) = line_column(text, at);
        Error::Syntax {
            path: path.into(),
            line,
            column,
            message,
        }
    };
    let invalid = may_hold_invalid_chars(text)
        .then(|| text.char_indices().find(|&(_, c)| !is_xml_char(c)))
        .flatten();
    if let Some((at, c)) = invalid {
        let code = u32::from(c);
        let what = if c.is_control() {
            "XML does not allow control characters"
        } else {
            "not a character XML allows"
        };
        return Err(syntax(
            at,
            format!("invalid character U+{code:04X}: {what}"),
        ));
    }
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
            syntax(at, format!("malformed XML: {e}"))
        })?;
        match event {
            Event::Start(start) | Event::Empty(start) if stack.len() >= MAX_DEPTH => {
                let name = local_name(&start);
                return Err(syntax(
                    at,
                    format!("<{name}> is nested more than {MAX_DEPTH} levels deep"),
                ));
            }
            Event::Start(start) => {
                let open = open(&start, &stack, at).map_err(|m| syntax(at, m))?;
                check_id(&open, &mut ids, text).map_err(|m| syntax(at, m))?;
                stack.push(open);
            }
            Event::Empty(start) => {
                let open = open(&start, &stack, at).map_err(|m| syntax(at, m))?;
                check_id(&open, &mut ids, text).map_err(|m| syntax(at, m))?;
                stack.push(open);
                close(&mut stack, &mut meta, &mut nodes);
            }
            Event::End(_) => close(&mut stack, &mut meta, &mut nodes),
            Event::Text(t) => {
                if let Some(open) = stack.last_mut().filter(|o| o.keeps_text) {
                    open.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(open) = stack.last_mut().filter(|o| o.keeps_text) {
                    open.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let c = resolve_reference(&r).map_err(|m| syntax(at, m))?;
                if let Some(open) = stack.last_mut().filter(|o| o.keeps_text) {
                    open.text.push(c);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
        if stack.len() == 1 && stack[0].name != "catalog" {
            let name = &stack[0].name;
            return Err(Error::Invalid {
                path: path.into(),
                message: format!("not an OSCAL catalog: the root element is <{name}>"),
            });
        }
    }
    if let Some(open) = stack.last() {
        let (line, column) = line_column(text, open.at);
        return Err(Error::Syntax {
            path: path.into(),
            line,
            column,
            message: format!(
                "malformed XML: <{}> is not closed before the end of the file",
                open.name
            ),
        });
    }
    if meta.title.is_empty() && nodes.is_empty() {
        return Err(Error::Invalid {
            path: path.into(),
            message: "not an OSCAL catalog: no <catalog> element".into(),
        });
    }
    Ok(Document { meta, nodes })
}

fn local_name(start: &BytesStart<'_>) -> Cow<'static, str> {
    let name = start.local_name();
    let name: &str = name.as_ref();
    match KNOWN_NAMES.iter().find(|known| **known == name) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(name.to_string()),
    }
}

/// The elements of an OSCAL catalog this loader reads, and the common ones it skips.
const KNOWN_NAMES: &[&str] = &[
    "catalog",
    "metadata",
    "group",
    "control",
    "part",
    "param",
    "prop",
    "link",
    "title",
    "p",
    "insert",
    "label",
    "select",
    "choice",
    "value",
    "resource",
    "back-matter",
    "li",
    "ol",
    "ul",
    "em",
    "strong",
    "b",
    "i",
    "a",
    "q",
    "code",
    "sub",
    "sup",
    "span",
    "table",
    "tr",
    "td",
    "th",
    "text",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "version",
    "published",
    "last-modified",
    "document-id",
    "oscal-version",
    "citation",
    "rlink",
    "remarks",
    "guideline",
    "role",
    "party",
    "responsible-party",
    "party-uuid",
    "name",
    "email-address",
    "address",
    "addr-line",
    "city",
    "state",
    "postal-code",
    "country",
    "constraint",
    "description",
];

/// Whether the text inside an element is read: the elements [`close`] reads text from, and
/// inline markup, whose text goes to the element around it.
fn keeps_text(name: &str) -> bool {
    matches!(
        name,
        "title"
            | "version"
            | "published"
            | "last-modified"
            | "document-id"
            | "label"
            | "choice"
            | "value"
            | "p"
            | "li"
            | "tr"
            | "text"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "td"
            | "th"
            | "em"
            | "strong"
            | "b"
            | "i"
            | "a"
            | "q"
            | "code"
            | "sub"
            | "sup"
            | "span"
    )
}

/// The values of attributes `names`, unescaped, read in one pass that ends once all are found.
fn attributes<const N: usize>(
    start: &BytesStart<'_>,
    names: [&str; N],
) -> std::result::Result<[Option<String>; N], String> {
    let mut values = [const { None }; N];
    let mut missing = N;
    for attr in start.attributes() {
        if missing == 0 {
            break;
        }
        let attr = attr.map_err(|e| format!("malformed attribute: {e}"))?;
        let key = attr.key.local_name();
        let key: &str = key.as_ref();
        let Some(i) = names.iter().position(|name| *name == key) else {
            continue;
        };
        if values[i].is_none() {
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| format!("attribute {}: {e} (entities are not expanded)", names[i]))?;
            values[i] = Some(value.into_owned());
            missing -= 1;
        }
    }
    Ok(values)
}

/// `{{ insert: TYPE, ID }}` for an `<insert>` element.
fn insert_text(start: &BytesStart<'_>) -> std::result::Result<String, String> {
    let [kind, id] = attributes(start, ["type", "id-ref"])?;
    let kind = kind.unwrap_or_else(|| "param".into());
    let id = id.unwrap_or_default();
    Ok(format!("{{{{ insert: {kind}, {id} }}}}"))
}

/// The open element for a start tag, with the node it builds.
fn open(start: &BytesStart<'_>, stack: &[Open], at: usize) -> std::result::Result<Open, String> {
    let name = local_name(start);
    let in_back_matter = stack.last().is_some_and(|o| o.name == "back-matter");
    let kind = match name.as_ref() {
        "group" => Some(NodeKind::Group),
        "control" => Some(NodeKind::Control),
        "part" => Some(NodeKind::Part),
        "param" => Some(NodeKind::Param),
        "resource" if in_back_matter => Some(NodeKind::Part),
        "back-matter" => Some(NodeKind::Group),
        _ => None,
    };
    let node = match kind {
        Some(kind) => {
            let mut node = Node::new(kind);
            match name.as_ref() {
                "resource" => {
                    node.class = Some("resource".into());
                    [node.id] = attributes(start, ["uuid"])?;
                }
                "back-matter" => {
                    node.class = Some("back-matter".into());
                    node.title = Some("Back matter".into());
                }
                "part" => [node.class, node.id] = attributes(start, ["name", "id"])?,
                _ => [node.class, node.id] = attributes(start, ["class", "id"])?,
            }
            Some(node)
        }
        None => None,
    };
    let attributes = match name.as_ref() {
        "prop" => attributes(start, ["name", "value", "class"])?.into(),
        "select" => attributes(start, ["how-many"])?.into(),
        "link" => attributes(start, ["rel", "href"])?.into(),
        "insert" => vec![Some(insert_text(start)?)],
        _ => Vec::new(),
    };
    Ok(Open {
        keeps_text: keeps_text(&name),
        name,
        at,
        node,
        text: String::new(),
        attributes: attributes
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
    })
}

/// Closes the innermost open element, delivering what it holds to its parent.
fn close(stack: &mut Vec<Open>, meta: &mut Metadata, nodes: &mut Vec<Node>) {
    let Some(open) = stack.pop() else {
        return;
    };
    let parent_name = stack.last().map_or(Cow::Borrowed(""), |p| p.name.clone());
    let Open {
        name,
        node,
        text,
        mut attributes,
        ..
    } = open;
    if let Some(node) = node {
        match nearest_node(stack) {
            Some(parent) => parent.children.push(node),
            None => nodes.push(node),
        }
        return;
    }
    match (name.as_ref(), parent_name.as_ref()) {
        ("title", "metadata") => meta.title = collapse_whitespace(text),
        ("version", "metadata") => meta.version = Some(collapse_whitespace(text)),
        ("published", "metadata") => meta.published = Some(date(&collapse_whitespace(text))),
        ("last-modified", "metadata") => {
            meta.published
                .get_or_insert_with(|| date(&collapse_whitespace(text)));
        }
        ("document-id", "metadata") => {
            meta.publication
                .get_or_insert_with(|| collapse_whitespace(text));
        }
        ("prop", "metadata") => {
            let value = std::mem::take(&mut attributes[1]);
            match attributes[0].as_str() {
                "publication" => meta.publication = Some(value),
                name => meta.set_provenance(name, value),
            }
        }
        ("title", _) => set_on_parent(stack, |node| node.title = Some(collapse_whitespace(text))),
        ("label", "param") => {
            set_on_parent(stack, |node| node.title = Some(collapse_whitespace(text)))
        }
        ("prop", _) => {
            let [name, value, class] = [0, 1, 2].map(|i| std::mem::take(&mut attributes[i]));
            set_on_parent(stack, |node| add_prop(node, name, value, class));
        }
        ("link", _) => {
            let [rel, href] = [0, 1].map(|i| std::mem::take(&mut attributes[i]));
            set_on_parent(stack, |node| add_link(node, rel, href));
        }
        ("select", "param") if !attributes[0].is_empty() => {
            let how_many = std::mem::take(&mut attributes[0]);
            set_on_parent(stack, |node| {
                add_prop(node, "how-many".into(), how_many, String::new())
            });
        }
        ("insert", _) => {
            if let Some(parent) = stack.last_mut() {
                parent.text.push_str(&attributes[0]);
            }
        }
        ("choice", _) => push_prop(stack, "choice", collapse_whitespace(text)),
        ("value", "param") => push_prop(stack, "value", collapse_whitespace(text)),
        ("p" | "li" | "tr" | "text" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre", _) => {
            let paragraph = collapse_whitespace(text);
            if !paragraph.is_empty()
                && let Some(node) = nearest_node(stack)
            {
                node.paragraphs.push(paragraph);
            }
        }
        ("td" | "th", _) => {
            if let Some(parent) = stack.last_mut() {
                if !parent.text.trim().is_empty() {
                    parent.text.push_str(" | ");
                }
                parent.text.push_str(&collapse_whitespace(text));
            }
        }
        // Inline markup: its text belongs to the enclosing element.
        ("em" | "strong" | "b" | "i" | "a" | "q" | "code" | "sub" | "sup" | "span", _) => {
            if let Some(parent) = stack.last_mut() {
                parent.text.push_str(&text);
            }
        }
        _ => {}
    }
}

/// The words of `text` separated by one space each.
fn collapse_whitespace(text: String) -> String {
    // Most paragraphs of a stored catalog are so already: kept, not copied.
    if is_collapsed(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// True when `text` is its words separated by one space each. A character Unicode calls
/// whitespace is either ASCII or begins with one of four bytes: text without those bytes and
/// without two spaces in a row (most paragraphs) is told by a vectorised scan.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let may_be_space =
        |b: u8| (b.wrapping_sub(b'\t') < 5) | (b == 0xc2) | (b.wrapping_sub(0xe1) < 3);
    if !super::any_byte(text, may_be_space) {
        return !text.contains("  ");
    }
    let mut after_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => return false,
            0xc2 | 0xe1..=0xe3 if text[i..].starts_with(char::is_whitespace) => return false,
            _ => after_space = false,
        }
    }
    true
}

fn nearest_node(stack: &mut [Open]) -> Option<&mut Node> {
    stack.iter_mut().rev().find_map(|o| o.node.as_mut())
}

/// Applies `f` to the node of the direct parent, if the parent builds one.
fn set_on_parent(stack: &mut [Open], f: impl FnOnce(&mut Node)) {
    if let Some(node) = stack.last_mut().and_then(|o| o.node.as_mut()) {
        f(node);
    }
}

/// Adds a `choice` or `value` property to the enclosing parameter.
fn push_prop(stack: &mut [Open], name: &str, value: String) {
    let param = stack
        .iter_mut()
        .rev()
        .find_map(|o| o.node.as_mut().filter(|n| n.kind == NodeKind::Param));
    if let Some(param) = param {
        add_prop(param, name.into(), value, String::new());
    }
}

fn add_prop(node: &mut Node, name: String, value: String, class: String) {
    let number = value.parse::<u32>().ok();
    match (name.as_str(), number, class.is_empty()) {
        ("page", Some(page), true) => node.page = Some(page),
        ("page-label", _, true) => node.page_label = Some(value),
        ("line", Some(line), true) => node.line = Some(line),
        _ => node.props.push(Prop {
            name,
            value,
            class: (!class.is_empty()).then_some(class),
        }),
    }
}

/// Keeps a link that says where a withdrawn node went (see [`Link`]).
pub(super) fn add_link(node: &mut Node, rel: String, href: String) {
    if matches!(rel.as_str(), "incorporated-into" | "moved-to") {
        node.links.push(Link { rel, href });
    }
}

/// The date part of an OSCAL date-time.
fn date(text: &str) -> String {
    text.get(..10).unwrap_or(text).to_string()
}

/// XML's predefined entities and character references; an error for anything else.
fn resolve_reference(
    reference: &quick_xml::events::BytesRef<'_>,
) -> std::result::Result<char, String> {
    let name: &str = reference;
    if reference.is_char_ref() {
        return match reference.resolve_char_ref() {
            Ok(Some(c)) if is_xml_char(c) => Ok(c),
            _ => Err(format!(
                "invalid character reference &{name}; (not a character XML allows)"
            )),
        };
    }
    match name {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        _ => Err(format!(
            "reference to undefined entity &{name}; (entities are not expanded)"
        )),
    }
}

/// A fast byte scan before the exact one: every character XML forbids in a `str` is an ASCII
/// control or U+FFFE / U+FFFF, whose UTF-8 starts with 0xEF.
fn may_hold_invalid_chars(text: &str) -> bool {
    super::any_byte(text, |b| {
        (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b == 0xef)
    })
}

/// A character XML 1.0 allows in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Records the id of the element just opened; an error if an earlier element has the same
/// id, or one that only differs in case or leading zeros (alignment could not tell them apart).
fn check_id(
    open: &Open,
    ids: &mut FxHashMap<String, (String, usize)>,
    text: &str,
) -> std::result::Result<(), String> {
    let Some(id) = open.node.as_ref().and_then(|n| n.id.as_deref()) else {
        return Ok(());
    };
    match ids.entry(id_key(id)) {
        Entry::Vacant(slot) => {
            slot.insert((id.to_string(), open.at));
            Ok(())
        }
        Entry::Occupied(first) => {
            let (first_id, at) = first.get();
            let (line, column) = line_column(text, *at);
            let same = if first_id == id {
                format!("duplicate id {id:?}")
            } else {
                format!(
                    "id {id:?} is the same as {first_id:?} once case and leading zeros are \
ignored, as ids are compared"
                )
            };
            Err(format!(
                "{same} (first at line {line} column {column}); ids must be unique"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_collapsed_text_is_kept_and_any_other_collapsed(
            text in "[a’ \t\n\u{a0}\u{85}\u{2009}\u{3000}\u{1680}é]{0,12}",
        ) {
            let words: Vec<&str> = text.split_whitespace().collect();
            let collapsed = words.join(" ");
            proptest::prop_assert_eq!(is_collapsed(&text), collapsed == text);
            proptest::prop_assert_eq!(collapse_whitespace(text), collapsed);
        }
    }
}
