//! Import of the AI RMF 1.0 Core as JSON (`ai-rmf-1.0-subcategories.json`: an array of
//! `{subcategory_id, function, category_id, category_text, description}`, one record per
//! subcategory) into the tree [`crate::load::text`] builds for AI RMF ids: function groups,
//! category controls, subcategory controls, each with a `statement` part.
//!
//! It also holds what the structured importers share: reading a JSON array of records with
//! errors that name the record ([`json_records`], [`Record`]), and building the function /
//! category / subcategory tree ([`ai_rmf_subcategory`], [`set_statement`]; nodes are found or
//! added with [`crate::model::child`]).

use std::collections::HashSet;
use std::fmt::Display;
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::{Document, Metadata, Node, NodeKind, child};

/// The AI RMF functions in the order the Core presents them.
pub(crate) const FUNCTIONS: [&str; 4] = ["GOVERN", "MAP", "MEASURE", "MANAGE"];

pub fn parse(text: &str, path: &Path) -> Result<Document> {
    let value = parse_json(text, path)?;
    let mut tree = Vec::new();
    let mut seen = HashSet::new();
    for record in json_records(&value, path, "subcategory_id")? {
        let id = record.subcategory_id("subcategory_id")?;
        if !seen.insert(id) {
            return Err(record.error(format!("duplicate subcategory {id}")));
        }
        record.check_function(&id, record.str("function")?)?;
        let category_id = record.str("category_id")?;
        if category_id != id.category_id() {
            return Err(record.error(format!("{id} is not under category {category_id}")));
        }
        let category_text = record.str("category_text")?;
        let category = ai_rmf_category(&mut tree, &id);
        set_statement(category, category_text).map_err(|m| record.error(m))?;
        let description = record.str("description")?;
        let subcategory = ai_rmf_subcategory(&mut tree, &id);
        // Three records of the source (GOVERN 6.2, MAP 5.1, MEASURE 3.2) have an empty
        // description; like the text loader, an empty text gives no statement part.
        set_statement(subcategory, description).map_err(|m| record.error(m))?;
    }
    sort_ai_rmf(&mut tree);
    // Publication facts of NIST AI 100-1 (not in the file; from frameworks/sources/MANIFEST.tsv).
    Ok(Document {
        meta: Metadata {
            title: "Artificial Intelligence Risk Management Framework (AI RMF 1.0)".into(),
            version: Some("1.0".into()),
            publication: Some("NIST AI 100-1".into()),
            published: Some("2023-01-26".into()),
            ..Metadata::default()
        },
        nodes: tree,
    })
}

/// Parses JSON, reporting a syntax error at its line and column.
pub(crate) fn parse_json(text: &str, path: &Path) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; the error already says where.
        let message = match message.rsplit_once(" at line ") {
            Some((message, _)) => message.to_string(),
            None => message,
        };
        Error::Syntax {
            path: path.into(),
            line: e.line().max(1),
            column: e.column().max(1),
            message,
        }
    })
}

/// The records of a JSON array of objects, each named in errors by its `id_field`.
pub(crate) fn json_records<'a>(
    value: &'a Value,
    path: &'a Path,
    id_field: &str,
) -> Result<Vec<Record<'a>>> {
    let Value::Array(items) = value else {
        return Err(Error::Invalid {
            path: path.into(),
            message: format!(
                "expected a JSON array of records, found {}",
                type_name(value)
            ),
        });
    };
    if items.is_empty() {
        return Err(Error::Invalid {
            path: path.into(),
            message: "the JSON array has no records".into(),
        });
    }
    let mut records = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let name = item.get(id_field).and_then(Value::as_str);
        let Value::Object(fields) = item else {
            let record = Record {
                number: index + 1,
                name,
                fields: None,
                path,
            };
            return Err(record.error(format!("expected an object, found {}", type_name(item))));
        };
        records.push(Record {
            number: index + 1,
            name,
            fields: Some(fields),
            path,
        });
    }
    Ok(records)
}

/// One object of a JSON array of records.
pub(crate) struct Record<'a> {
    /// 1-based position in the array.
    number: usize,
    /// The record's id, if it has one, to name it in errors.
    name: Option<&'a str>,
    fields: Option<&'a Map<String, Value>>,
    path: &'a Path,
}

impl<'a> Record<'a> {
    /// An error about this record: `record 12 (GOVERN 3.2): missing field description`.
    pub(crate) fn error(&self, message: impl Display) -> Error {
        let name = self.name.map(|n| format!(" ({n})")).unwrap_or_default();
        Error::Invalid {
            path: self.path.into(),
            message: format!("record {}{name}: {message}", self.number),
        }
    }

    /// The field `name`, if present (`null` counts as absent).
    pub(crate) fn get(&self, name: &str) -> Option<&'a Value> {
        self.fields?.get(name).filter(|v| !v.is_null())
    }

    /// The string field `name`, which must be present.
    pub(crate) fn str(&self, name: &str) -> Result<&'a str> {
        self.opt_str(name)?
            .ok_or_else(|| self.error(format!("missing field {name}")))
    }

    /// The string field `name`, if present.
    pub(crate) fn opt_str(&self, name: &str) -> Result<Option<&'a str>> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.error(format!(
                "field {name} is {}, expected a string",
                type_name(other)
            ))),
        }
    }

    /// The field `name`, an array of strings, which must be present.
    pub(crate) fn strings(&self, name: &str) -> Result<Vec<&'a str>> {
        let value = self
            .get(name)
            .ok_or_else(|| self.error(format!("missing field {name}")))?;
        let items = value.as_array().map(|items| {
            items
                .iter()
                .map(Value::as_str)
                .collect::<Option<Vec<&str>>>()
        });
        items
            .flatten()
            .ok_or_else(|| self.error(format!("field {name} is not an array of strings")))
    }

    /// The AI RMF subcategory id in field `name`.
    pub(crate) fn subcategory_id(&self, name: &str) -> Result<AiRmfId> {
        let text = self.str(name)?;
        AiRmfId::parse(text).ok_or_else(|| {
            self.error(format!(
                "{name} {text:?} is not an AI RMF subcategory id such as GOVERN 1.1"
            ))
        })
    }

    /// Checks that the record's `function` (`Govern`, any case) is the function of `id`.
    pub(crate) fn check_function(&self, id: &AiRmfId, function: &str) -> Result<()> {
        if function.eq_ignore_ascii_case(id.function) {
            return Ok(());
        }
        Err(self.error(format!(
            "function {function:?} does not match subcategory {id}"
        )))
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An AI RMF subcategory id: `MEASURE 2.11` → function `MEASURE`, category 2, subcategory 11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct AiRmfId {
    pub function: &'static str,
    pub category: u32,
    pub sub: u32,
}

impl AiRmfId {
    /// `"GOVERN 1.2"` → Some; anything else (`"GOVERN 1"`, `"Govern 1.2"`) → None.
    pub(crate) fn parse(text: &str) -> Option<AiRmfId> {
        let (function, numbers) = text.split_once(' ')?;
        let function = FUNCTIONS.into_iter().find(|f| *f == function)?;
        let (category, sub) = numbers.split_once('.')?;
        let number = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        Some(AiRmfId {
            function,
            category: number(category)?,
            sub: number(sub)?,
        })
    }

    pub(crate) fn category_id(&self) -> String {
        format!("{} {}", self.function, self.category)
    }
}

impl Display for AiRmfId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}.{}", self.function, self.category, self.sub)
    }
}

/// The category control of `id` (`GOVERN 1`), made with its function group when first needed.
pub(crate) fn ai_rmf_category<'a>(tree: &'a mut Vec<Node>, id: &AiRmfId) -> &'a mut Node {
    let function = child(tree, NodeKind::Group, "function", id.function, id.function);
    let category = id.category_id();
    child(
        &mut function.children,
        NodeKind::Control,
        "category",
        &category,
        &category,
    )
}

/// The subcategory control `id` (`GOVERN 1.1`), made with its category and function when
/// first needed.
pub(crate) fn ai_rmf_subcategory<'a>(tree: &'a mut Vec<Node>, id: &AiRmfId) -> &'a mut Node {
    let category = ai_rmf_category(tree, id);
    let id = id.to_string();
    child(
        &mut category.children,
        NodeKind::Control,
        "subcategory",
        &id,
        &id,
    )
}

/// Puts functions in Core order and categories and subcategories in numeric order (`MEASURE
/// 2.10` after `MEASURE 2.9`), whatever order the records came in. Parts stay first.
pub(crate) fn sort_ai_rmf(tree: &mut [Node]) {
    fn key(node: &Node) -> (usize, Vec<u32>) {
        let id = node.id.as_deref().unwrap_or_default();
        let (function, numbers) = id.split_once(' ').unwrap_or((id, ""));
        let function = FUNCTIONS.iter().position(|f| *f == function);
        let numbers = numbers.split('.').filter_map(|n| n.parse().ok()).collect();
        match node.kind {
            NodeKind::Part => (0, Vec::new()),
            _ => (function.map_or(usize::MAX, |f| f + 1), numbers),
        }
    }
    tree.sort_by_key(key);
    for function in tree {
        function.children.sort_by_key(key);
        for category in &mut function.children {
            category.children.sort_by_key(key);
        }
    }
}

/// Sets the `statement` part of `node` to `text` (whitespace collapsed). An empty text adds
/// nothing; a second, different text is an error (a category's text repeats in every record).
pub(crate) fn set_statement(node: &mut Node, text: &str) -> std::result::Result<(), String> {
    let text = clean(text);
    if text.is_empty() {
        return Ok(());
    }
    let existing = node
        .children
        .iter()
        .find(|c| c.kind == NodeKind::Part && c.class.as_deref() == Some("statement"));
    match existing {
        Some(part) if part.paragraphs == [text.as_str()] => Ok(()),
        Some(part) => Err(format!(
            "{} has two different texts: {:?} and {text:?}",
            node.display_name(),
            part.paragraphs.join(" ")
        )),
        None => {
            node.insert_part(part("statement", None, [text]));
            Ok(())
        }
    }
}

/// A part of class `class` holding the non-empty `paragraphs`.
pub(crate) fn part(
    class: &str,
    id: Option<&str>,
    paragraphs: impl IntoIterator<Item = String>,
) -> Node {
    let mut node = Node::new(NodeKind::Part);
    node.class = Some(class.into());
    node.id = id.map(Into::into);
    node.paragraphs = paragraphs.into_iter().filter(|p| !p.is_empty()).collect();
    node
}

/// Whitespace collapsed to single spaces, as the OSCAL XML loader reads text back, so that
/// imported documents round-trip (the sources carry PDF line breaks inside sentences), and
/// typographic ligatures spelt out, so that `deﬁning` is the word `defining`.
///
/// ```text
/// " Operation and\nMonitoring " → "Operation and Monitoring";  "aﬀected" → "affected"
/// ```
pub(crate) fn clean(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    super::spell_out_ligatures(&words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ai_rmf_ids() {
        let id = AiRmfId::parse("MEASURE 2.11").unwrap();
        assert_eq!((id.function, id.category, id.sub), ("MEASURE", 2, 11));
        assert_eq!(id.category_id(), "MEASURE 2");
        assert_eq!(id.to_string(), "MEASURE 2.11");
        for bad in [
            "GOVERN 1",
            "Govern 1.1",
            "GOVERN 1.x",
            "GOVERN 1.+1",
            "GOVERN  1.1",
            "",
        ] {
            assert_eq!(AiRmfId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn tree_is_sorted_numerically() {
        let mut tree = Vec::new();
        for id in [
            "MAP 1.1",
            "GOVERN 2.10",
            "GOVERN 2.9",
            "GOVERN 10.1",
            "GOVERN 1.1",
        ] {
            ai_rmf_subcategory(&mut tree, &AiRmfId::parse(id).unwrap());
        }
        sort_ai_rmf(&mut tree);
        let ids: Vec<&str> = tree
            .iter()
            .flat_map(|n| n.walk())
            .filter(|n| n.class.as_deref() == Some("subcategory"))
            .filter_map(|n| n.id.as_deref())
            .collect();
        assert_eq!(
            ids,
            [
                "GOVERN 1.1",
                "GOVERN 2.9",
                "GOVERN 2.10",
                "GOVERN 10.1",
                "MAP 1.1"
            ]
        );
    }

    #[test]
    fn statements_conflict() {
        let mut node = Node::new(NodeKind::Control);
        set_statement(&mut node, " a\n b ").unwrap();
        set_statement(&mut node, "a b").unwrap();
        set_statement(&mut node, "").unwrap();
        assert_eq!(node.children.len(), 1);
        assert_eq!(node.children[0].paragraphs, ["a b"]);
        assert!(set_statement(&mut node, "c").is_err());
    }
}
