//! Flattens a document into the units that are compared: [`Entry`]s. An entry is a group, a
//! control, or a part with an id directly under a group (a prose section, a back-matter
//! resource). Parts and parameters inside a control are that control's text, so a change
//! report speaks of "ac-2" or "GOVERN 1.1", not of each statement item.

use std::collections::HashMap;
use std::ops::Range;

use crate::model::{Document, Node, NodeKind, Page};

/// One comparable unit of a document.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub node: &'a Node,
    /// Display names from the top of the document down to this entry.
    pub path: Vec<String>,
    /// Index of the enclosing entry in the same list.
    pub parent: Option<usize>,
    /// The entry's own text (parts flattened in order, parameter references resolved), one
    /// line per paragraph.
    pub text: String,
    /// Where each line came from: byte range in `text` and source page.
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub range: Range<usize>,
    pub page: Option<Page>,
}

impl Entry<'_> {
    /// The source page of the text at byte `offset`, else of the entry itself.
    pub fn page_at(&self, offset: usize) -> Option<Page> {
        self.lines
            .iter()
            .find(|line| line.range.contains(&offset) || line.range.end == offset)
            .and_then(|line| line.page.clone())
            .or_else(|| self.node.cited_page())
    }
}

/// The entries of `doc` in document order.
pub fn entries(doc: &Document) -> Vec<Entry<'_>> {
    let params = ParamTexts::new(doc);
    let mut out = Vec::new();
    // Explicit stack (node, parent entry, parent is a group) so deep documents cannot overflow.
    let mut stack: Vec<(&Node, Option<usize>, bool)> =
        doc.nodes.iter().rev().map(|n| (n, None, true)).collect();
    while let Some((node, parent, under_group)) = stack.pop() {
        if !is_entry(node, under_group) {
            continue;
        }
        let mut path = parent.map_or_else(Vec::new, |p: usize| out_path(&out, p));
        path.push(node.display_name().to_string());
        let mut entry = Entry {
            node,
            path,
            parent,
            text: String::new(),
            lines: Vec::new(),
        };
        collect_text(&mut entry, node, &params, true);
        let index = out.len();
        out.push(entry);
        let is_group = node.kind == NodeKind::Group;
        stack.extend(
            node.children
                .iter()
                .rev()
                .map(|c| (c, Some(index), is_group)),
        );
    }
    out
}

fn out_path(entries: &[Entry<'_>], index: usize) -> Vec<String> {
    entries[index].path.clone()
}

fn is_entry(node: &Node, under_group: bool) -> bool {
    match node.kind {
        NodeKind::Group | NodeKind::Control => true,
        NodeKind::Part => under_group && node.id.is_some(),
        NodeKind::Param => false,
    }
}

/// Appends the text of `node` (if it is the entry itself or a part of it) and of its
/// non-entry descendants.
fn collect_text(entry: &mut Entry<'_>, node: &Node, params: &ParamTexts, is_self: bool) {
    let mut stack = vec![(node, is_self)];
    while let Some((node, is_self)) = stack.pop() {
        if !is_self && node.kind != NodeKind::Part {
            continue;
        }
        if !is_self && let Some(title) = &node.title {
            push_line(entry, node.cited_page(), |text| text.push_str(title));
        }
        let label = if node.kind == NodeKind::Part {
            node.prop("label")
        } else {
            None
        };
        for (i, paragraph) in node.paragraphs.iter().enumerate() {
            push_line(entry, node.cited_page(), |text| {
                if let Some(label) = label.filter(|_| i == 0) {
                    text.push_str(label);
                    text.push(' ');
                }
                params.resolve_into(paragraph, text);
            });
        }
        let under_group = node.kind == NodeKind::Group;
        let children = node.children.iter().rev();
        stack.extend(
            children
                .filter(|c| !is_entry(c, under_group))
                .map(|c| (c, false)),
        );
    }
}

/// Adds a line that `write` appends to the entry's text (written in place, not built apart
/// and copied); a line of only whitespace is taken back.
fn push_line(entry: &mut Entry<'_>, page: Option<Page>, write: impl FnOnce(&mut String)) {
    let before = entry.text.len();
    if before > 0 {
        entry.text.push('\n');
    }
    let start = entry.text.len();
    write(&mut entry.text);
    if entry.text[start..].trim().is_empty() {
        entry.text.truncate(before);
        return;
    }
    entry.lines.push(Line {
        range: start..entry.text.len(),
        page,
    });
}

/// How each parameter reads where it is inserted, as NIST prints it:
/// `[Assignment: organization-defined frequency]`, `[Selection (one or more): a; b]`.
struct ParamTexts(HashMap<String, String>);

impl ParamTexts {
    fn new(doc: &Document) -> ParamTexts {
        let params = doc.walk().filter(|n| n.kind == NodeKind::Param);
        let texts = params
            .filter_map(|p| Some((p.id.clone()?, Self::describe(p))))
            .collect();
        ParamTexts(texts)
    }

    fn describe(param: &Node) -> String {
        let choices: Vec<&str> = param
            .props
            .iter()
            .filter(|p| p.name == "choice")
            .map(|p| p.value.as_str())
            .collect();
        if !choices.is_empty() {
            let how_many = match param.prop("how-many") {
                Some(how) => format!(" ({})", how.replace('-', " ")),
                None => String::new(),
            };
            return format!("[Selection{how_many}: {}]", choices.join("; "));
        }
        let values: Vec<&str> = param
            .props
            .iter()
            .filter(|p| p.name == "value")
            .map(|p| p.value.as_str())
            .collect();
        if !values.is_empty() {
            return values.join(", ");
        }
        format!(
            "[Assignment: {}]",
            param.title.as_deref().unwrap_or("value")
        )
    }

    /// Appends `text` to `out` with each `{{ insert: param, ID }}` replaced by the parameter's
    /// text (one level: choices that insert other parameters keep their reference, so cycles
    /// cannot loop).
    fn resolve_into(&self, text: &str, out: &mut String) {
        let mut rest = text;
        while let Some(start) = find_doubled(rest, '{') {
            let Some(len) = find_doubled(&rest[start..], '}') else {
                break;
            };
            let inner = &rest[start + 2..start + len];
            out.push_str(&rest[..start]);
            let param_id = inner
                .trim()
                .strip_prefix("insert:")
                .and_then(|s| s.split_once(','))
                .filter(|(kind, _)| kind.trim() == "param")
                .map(|(_, id)| id.trim());
            match param_id {
                Some(id) => match self.0.get(id) {
                    Some(param) => out.push_str(param),
                    None => {
                        out.push_str("[Assignment: ");
                        out.push_str(id);
                        out.push(']');
                    }
                },
                None => out.push_str(&rest[start..start + len + 2]),
            }
            rest = &rest[start + len + 2..];
        }
        out.push_str(rest);
    }
}

/// Where `c` first comes twice in a row in `text`: a search for one character (`memchr`)
/// and a look at the next. Searching for the two-character string took a third of this
/// stage on SP 800-53, whose every paragraph is searched for a parameter.
fn find_doubled(text: &str, c: char) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find(c).map(|at| from + at) {
        from = at + c.len_utf8();
        if text[from..].starts_with(c) {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Prop;

    fn node(kind: NodeKind, id: &str, paragraphs: &[&str]) -> Node {
        let mut node = Node::new(kind);
        node.id = (!id.is_empty()).then(|| id.to_string());
        node.paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
        node
    }

    #[test]
    fn controls_own_their_parts_and_params_resolve() {
        let mut param = node(NodeKind::Param, "p1", &[]);
        param.title = Some("frequency".into());
        let mut item = node(
            NodeKind::Part,
            "c-1_smt.a",
            &["Review {{ insert: param, p1 }};"],
        );
        item.props.push(Prop {
            name: "label".into(),
            value: "a.".into(),
            class: None,
        });
        let mut control = node(NodeKind::Control, "c-1", &[]);
        control.children = vec![param, item];
        let mut group = node(NodeKind::Group, "c", &[]);
        group.children = vec![control];
        let doc = Document {
            nodes: vec![group],
            ..Document::default()
        };
        let entries = entries(&doc);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].path, ["c", "c-1"]);
        assert_eq!(entries[1].parent, Some(0));
        assert_eq!(entries[1].text, "a. Review [Assignment: frequency];");
    }

    #[test]
    fn doubled_braces_are_found_where_they_first_pair() {
        assert_eq!(find_doubled("a { b {{ c", '{'), Some(6));
        assert_eq!(find_doubled("{{", '{'), Some(0));
        assert_eq!(find_doubled("x {{{", '{'), Some(2));
        assert_eq!(find_doubled("} } }", '}'), None);
        assert_eq!(find_doubled("é{{", '{'), Some(2));
    }

    #[test]
    fn selections_read_as_nist_prints_them() {
        let mut param = node(NodeKind::Param, "p", &[]);
        for (name, value) in [
            ("how-many", "one-or-more"),
            ("choice", "x"),
            ("choice", "y"),
        ] {
            param.props.push(Prop {
                name: name.into(),
                value: value.into(),
                class: None,
            });
        }
        assert_eq!(
            ParamTexts::describe(&param),
            "[Selection (one or more): x; y]"
        );
    }
}
