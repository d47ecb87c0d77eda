//! Import of the suggested actions of NIST AI 600-1, the Generative AI Profile
//! (`ai-600-1-1.0-actions.json`: an array of `{action_id, function, subcategory_id,
//! subcategory_text, suggested_action, gai_risks, ai_actor_tasks}`), into the AI RMF tree of
//! [`super::core_json`]: each action is a part of class `action` of its subcategory, with one
//! `gai-risk` and one `ai-actor-task` prop per risk and task. The file does not carry the
//! category texts, so category controls have no statement.

use std::collections::HashSet;
use std::path::Path;

use super::core_json::{
    ai_rmf_subcategory, clean, json_records, parse_json, part, set_statement, sort_ai_rmf,
};
use crate::error::Result;
use crate::model::{Document, Metadata, Node, Prop};

pub fn parse(text: &str, path: &Path) -> Result<Document> {
    let value = parse_json(text, path)?;
    let mut tree = Vec::new();
    let mut seen = HashSet::new();
    for record in json_records(&value, path, "action_id")? {
        let action_id = clean(record.str("action_id")?);
        if action_id.is_empty() || !seen.insert(action_id.clone()) {
            return Err(record.error(format!("empty or duplicate action_id {action_id:?}")));
        }
        let id = record.subcategory_id("subcategory_id")?;
        // The source has one record (GV4.3--001) with an empty function; the subcategory id
        // says it, so only a function that contradicts it is an error.
        let function = record.str("function")?;
        if !function.is_empty() {
            record.check_function(&id, function)?;
        }
        let subcategory_text = record.str("subcategory_text")?;
        let suggested_action = record.str("suggested_action")?;
        let mut action = part("action", Some(&action_id), [clean(suggested_action)]);
        for (name, field) in [
            ("gai-risk", "gai_risks"),
            ("ai-actor-task", "ai_actor_tasks"),
        ] {
            for value in record.strings(field)? {
                action.props.push(Prop {
                    name: name.into(),
                    value: clean(value),
                    class: None,
                });
            }
        }
        let subcategory = ai_rmf_subcategory(&mut tree, &id);
        set_statement(subcategory, subcategory_text).map_err(|m| record.error(m))?;
        subcategory.children.push(action);
    }
    sort_ai_rmf(&mut tree);
    for node in tree.iter_mut().flat_map(|f| &mut f.children) {
        for subcategory in &mut node.children {
            // Actions in the order of their number, as the Profile prints them: the source
            // lists the misprinted `GV4.3--001` last, after GV-4.3-002 and -003.
            subcategory.children.sort_by_key(action_number);
        }
    }
    // Publication facts of NIST AI 600-1: the title is the one on its cover (see
    // ai-600-1-1.0.md), the date is from frameworks/sources/MANIFEST.tsv. The Profile has no
    // version number of its own ("1.0" in the file name is the dataset's), so none is set.
    Ok(Document {
        meta: Metadata {
            title: "Artificial Intelligence Risk Management Framework: \
                    Generative Artificial Intelligence Profile"
                .into(),
            version: None,
            publication: Some("NIST AI 600-1".into()),
            published: Some("2024-07-26".into()),
            ..Metadata::default()
        },
        nodes: tree,
    })
}

/// The number after the last `-` of an action id (`GV-1.2-003` → 3); 0 for the statement,
/// which stays first.
fn action_number(node: &Node) -> u32 {
    let Some(id) = node.id.as_deref() else {
        return 0;
    };
    id.rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeKind;

    #[test]
    fn action_numbers() {
        let mut node = Node::new(NodeKind::Part);
        assert_eq!(action_number(&node), 0);
        for (id, number) in [("GV-1.2-003", 3), ("GV4.3--001", 1), ("odd", u32::MAX)] {
            node.id = Some(id.into());
            assert_eq!(action_number(&node), number, "{id}");
        }
    }
}
