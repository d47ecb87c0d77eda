//! Import of the NIST Cybersecurity Framework Core as JSON (`csf-1.1.json`, `csf-2.0.json`:
//! arrays of flat records, one per subcategory, repeating its function and category).
//!
//! A function is a group (class `function`, id `ID`, title `IDENTIFY`, an `overview` part
//! with its description if there is one), a category a control (class `category`, id
//! `ID.AM`, title its name, a `statement` part with its description), a subcategory a nested
//! control (class `subcategory`, id `ID.AM-1` or `GV.OC-01`, a `statement` part with its
//! text, then parts `examples` and `references` with one paragraph per line). Items the
//! file marks withdrawn (CSF 2.0 lists the 1.1 outcomes it withdrew, e.g. `ID.BE-01:
//! [Withdrawn: Incorporated into GV.OC-05]`) keep that note as their text; the `Status`
//! field becomes the prop `status`, and the note's destinations links (see
//! [`crate::model::withdrawal`]). Records are kept in file order, which is NIST's.

use std::collections::HashSet;
use std::path::Path;

use super::core_json::{Record, clean, json_records, parse_json, part, set_statement};
use crate::error::Result;
use crate::model::{Document, Metadata, Node, NodeKind, Prop, child};

pub fn parse(text: &str, path: &Path) -> Result<Document> {
    let value = parse_json(text, path)?;
    let records = json_records(&value, path, "Subcategory ID")?;
    // CSF 2.0 added the GOVERN function and the Status field; 1.1 has neither.
    let is_v2 = records
        .iter()
        .any(|r| r.get("Status").is_some() || r.opt_str("Function ID").ok() == Some(Some("GV")));
    let mut tree = Vec::new();
    let mut seen = HashSet::new();
    for record in &records {
        let subcategory = record.str("Subcategory ID")?.trim();
        if !seen.insert(subcategory) {
            return Err(record.error(format!("duplicate subcategory {subcategory}")));
        }
        add_record(&mut tree, record)?;
    }
    // Publication facts (not in the files): CSF 2.0 is NIST CSWP 29 of 2024-02-26
    // (MANIFEST.tsv), titled as on its cover. CSF 1.1 is of 2018-04-16 (MANIFEST.tsv); its
    // cover gives no publication number (only the DOI 10.6028/NIST.CSWP.04162018), so none
    // is set rather than a guessed one.
    let meta = if is_v2 {
        Metadata {
            title: "The NIST Cybersecurity Framework (CSF) 2.0".into(),
            version: Some("2.0".into()),
            publication: Some("NIST CSWP 29".into()),
            published: Some("2024-02-26".into()),
            ..Metadata::default()
        }
    } else {
        Metadata {
            title: "Framework for Improving Critical Infrastructure Cybersecurity, Version 1.1"
                .into(),
            version: Some("1.1".into()),
            publication: None,
            published: Some("2018-04-16".into()),
            ..Metadata::default()
        }
    };
    Ok(Document { meta, nodes: tree })
}

/// Adds the subcategory of `record` (and its function and category when first seen) to
/// `tree`.
fn add_record(tree: &mut Vec<Node>, record: &Record<'_>) -> Result<()> {
    let function_id = record.str("Function ID")?.trim();
    let function_name = clean(record.str("Function Name")?);
    let category_id = record.str("Category ID")?.trim();
    let category_name = clean(record.str("Category Name")?);
    let subcategory_id = record.str("Subcategory ID")?.trim();
    if !category_id.starts_with(&format!("{function_id}.")) {
        let message = format!("category {category_id} is not under function {function_id}");
        return Err(record.error(message));
    }
    if !subcategory_id.starts_with(&format!("{category_id}-")) {
        let message = format!("subcategory {subcategory_id} is not under category {category_id}");
        return Err(record.error(message));
    }

    let function = child(
        tree,
        NodeKind::Group,
        "function",
        function_id,
        &function_name,
    );
    same_title(record, function, &function_name)?;
    if let Some(description) = record.opt_str("Function Description")? {
        let description = clean(description);
        let overview = function
            .children
            .iter()
            .find(|c| c.class.as_deref() == Some("overview"));
        match overview {
            None if !description.is_empty() => function
                .children
                .insert(0, part("overview", None, [description])),
            Some(o) if o.paragraphs != [description.as_str()] => {
                let message = format!("function {function_id} has two different descriptions");
                return Err(record.error(message));
            }
            _ => {}
        }
    }

    let category = child(
        &mut function.children,
        NodeKind::Control,
        "category",
        category_id,
        &category_name,
    );
    same_title(record, category, &category_name)?;
    let description = record.str("Category Description")?;
    set_statement(category, description).map_err(|m| record.error(m))?;

    let subcategory = child(
        &mut category.children,
        NodeKind::Control,
        "subcategory",
        subcategory_id,
        subcategory_id,
    );
    let text = record.str("Subcategory")?;
    set_statement(subcategory, text).map_err(|m| record.error(m))?;
    let status_field = record.opt_str("Status")?.map(str::trim);
    if let Some(s) = status_field.filter(|s| !s.eq_ignore_ascii_case("active")) {
        subcategory.props.push(status(&s.to_lowercase()));
    }
    for (class, field) in [
        ("examples", "Implementation Examples"),
        ("references", "Informative References"),
    ] {
        let lines = record
            .opt_str(field)?
            .unwrap_or_default()
            .lines()
            .map(clean);
        let part = part(class, None, lines);
        if !part.paragraphs.is_empty() {
            subcategory.children.push(part);
        }
    }
    Ok(())
}

/// Checks that a function or category is named the same in every record.
fn same_title(record: &Record<'_>, node: &Node, title: &str) -> Result<()> {
    if node.title.as_deref() == Some(title) {
        return Ok(());
    }
    Err(record.error(format!(
        "{} is named both {:?} and {title:?}",
        node.display_name(),
        node.title.as_deref().unwrap_or_default()
    )))
}

fn status(value: &str) -> Prop {
    Prop {
        name: "status".into(),
        value: value.into(),
        class: None,
    }
}
