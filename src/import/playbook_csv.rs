//! Import of the NIST AI RMF Playbook as CSV (`nist_ai_rmf_playbook.csv`, a third-party
//! rendering). Its layout is one column per subcategory: the first row holds the subcategory
//! ids, the next four rows the Playbook's "About" text, suggested actions, transparency and
//! documentation questions, and references, as Markdown. Each subcategory becomes a control
//! in the AI RMF tree of [`super::core_json`] with four parts (`about`, `suggested-actions`,
//! `documentation-questions`, `references`); each Markdown paragraph, heading or list item
//! is a paragraph of its part. The file covers the MANAGE function only, and carries no
//! category or subcategory statements.

use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::core_json::{AiRmfId, ai_rmf_subcategory, clean, part, sort_ai_rmf};
use crate::error::{Error, Result, line_column};
use crate::model::{Document, Metadata};

/// The rows after the ids: part class and the suffix of its id (`MANAGE 1.1-actions`).
const ROWS: [(&str, &str); 4] = [
    ("about", "about"),
    ("suggested-actions", "actions"),
    ("documentation-questions", "questions"),
    ("references", "references"),
];

/// A Markdown link, `[text](url)`.
static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\(([^)]*)\)").expect("valid regex"));

pub fn parse(text: &str, path: &Path) -> Result<Document> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let rows = reader
        .records()
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| csv_error(&e, text, path))?;
    let invalid = |message: String| Error::Invalid {
        path: path.into(),
        message,
    };
    let Some((header, body)) = rows.split_first() else {
        return Err(invalid(
            "no rows; expected subcategory ids in the first row".into(),
        ));
    };
    let ids: Vec<Option<AiRmfId>> = header.iter().map(|c| AiRmfId::parse(c.trim())).collect();
    if let Some(column) = ids.iter().position(Option::is_none) {
        let one_per_row = body
            .iter()
            .any(|row| row.get(0).and_then(|c| AiRmfId::parse(c.trim())).is_some());
        let message = if one_per_row {
            "the layout has one row per subcategory; this importer reads the layout with one \
             column per subcategory (subcategory ids in the first row)"
                .to_string()
        } else {
            let cell = header.get(column).unwrap_or_default();
            format!(
                "row 1, column {}: {cell:?} is not an AI RMF subcategory id such as MANAGE 1.1; \
                 expected subcategory ids in the first row",
                column + 1
            )
        };
        return Err(invalid(message));
    }
    if body.len() != ROWS.len() {
        return Err(invalid(format!(
            "expected {} rows (subcategory ids, about, suggested actions, documentation \
             questions, references), found {}",
            ROWS.len() + 1,
            rows.len()
        )));
    }
    let mut tree = Vec::new();
    let mut seen = HashSet::new();
    for (column, id) in ids.into_iter().flatten().enumerate() {
        if !seen.insert(id) {
            return Err(invalid(format!("column {}: duplicate id {id}", column + 1)));
        }
        let subcategory = ai_rmf_subcategory(&mut tree, &id);
        for (row, (class, suffix)) in body.iter().zip(ROWS) {
            // The reader checks that every row has as many cells as the first.
            let cell = row.get(column).unwrap_or_default();
            let paragraphs = paragraphs(cell);
            if !paragraphs.is_empty() {
                let part_id = format!("{id}-{suffix}");
                subcategory
                    .children
                    .push(part(class, Some(&part_id), paragraphs));
            }
        }
    }
    sort_ai_rmf(&mut tree);
    // The Playbook is a NIST web resource with no publication number, version or date of
    // its own (MANIFEST.tsv: "undated"), so only its name is set.
    Ok(Document {
        meta: Metadata {
            title: "NIST AI RMF Playbook".into(),
            publication: Some("NIST AI RMF Playbook".into()),
            ..Metadata::default()
        },
        nodes: tree,
    })
}

fn csv_error(error: &csv::Error, text: &str, path: &Path) -> Error {
    match error.position() {
        Some(position) => {
            let (line, column) = line_column(text, position.byte() as usize);
            let message = match error.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!("a row of {len} cells; the first row has {expected_len}"),
                _ => error.to_string(),
            };
            Error::Syntax {
                path: path.into(),
                line,
                column,
                message,
            }
        }
        None => Error::Invalid {
            path: path.into(),
            message: error.to_string(),
        },
    }
}

/// The paragraphs of a Markdown cell: a blank line ends a paragraph, and each heading and
/// list item (nested or not) is one of its own, without its marker; links read `text (url)`.
///
/// ```text
/// "Intro\ncontinued\n\n### Heading\n- item one\n\t- nested [URL](https://x)"
///   → ["Intro continued", "Heading", "item one", "nested URL (https://x)"]
/// ```
fn paragraphs(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in cell.lines() {
        let line = line.trim();
        let heading = heading(line);
        let item = list_item(line);
        if line.is_empty() || heading.is_some() || item.is_some() {
            out.push(std::mem::take(&mut current));
        }
        if let Some(heading) = heading {
            out.push(heading.to_string());
            continue;
        }
        current.push(' ');
        current.push_str(item.unwrap_or(line));
    }
    out.push(current);
    out.iter()
        .map(|p| clean(&LINK.replace_all(p, link)))
        .filter(|p| !p.is_empty())
        .collect()
}

/// `- item` → `item`. The source once lost the space (`-Establish mechanisms…`, MANAGE 2.2):
/// a `-` before a capital letter starts an item too.
fn list_item(line: &str) -> Option<&str> {
    let item = ["- ", "* ", "+ "]
        .iter()
        .find_map(|marker| line.strip_prefix(marker));
    let unspaced = line
        .strip_prefix('-')
        .filter(|rest| rest.starts_with(char::is_uppercase));
    item.or(unspaced)
}

/// `### Heading` → `Heading`.
fn heading(line: &str) -> Option<&str> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    let text = line[level..].strip_prefix(' ')?;
    (1..=6).contains(&level).then_some(text)
}

/// `[text](url)` → `text (url)`; just `url` when the text is empty or the url itself.
fn link(caps: &regex::Captures<'_>) -> String {
    let (text, url) = (caps[1].trim(), caps[2].trim());
    if text.is_empty() || text == url {
        url.to_string()
    } else {
        format!("{text} ({url})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_split() {
        let cell = "Intro\ncontinued\n\n### Heading \n- item one \n\t- nested [URL](https://x)\n\
                    - [https://y](https://y) and [](https://z), [URL] (kept)\n-Unspaced\n-lower";
        assert_eq!(
            paragraphs(cell),
            [
                "Intro continued",
                "Heading",
                "item one",
                "nested URL (https://x)",
                "https://y and https://z, [URL] (kept)",
                "Unspaced -lower"
            ]
        );
        assert!(paragraphs(" \n\n").is_empty());
        assert_eq!(paragraphs("#hashtag"), ["#hashtag"]);
    }
}
