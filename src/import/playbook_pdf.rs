//! Import of the NIST AI RMF Playbook as NIST exports it to PDF (`AI_RMF_Playbook.pdf`, 142
//! pages, 2024-05-02), a source kind of the [`crate::import`] stage. It reads the positioned
//! rows of [`super::pdf`] and gives the tree that [`super::playbook_csv`] gives, so that the
//! two renderings of the Playbook diff entry by entry: a function group per function, with
//! category and subcategory controls, and for each subcategory the parts `about`,
//! `suggested-actions`, `documentation-questions` ("Organizations can document the
//! following" and "AI Transparency Resources" are paragraphs of it, as in the CSV) and
//! `references`. The PDF also prints each function's and subcategory's own text (the Core's
//! wording): it becomes their `statement` part, which the CSV does not have.
//!
//! The layout read, the same on every page from the first function on: the function's name
//! (`Govern`) in bold type larger than the body's, its text; a subcategory's id (`GOVERN 1.1`)
//! bold, its text; the headings `About`, `Suggested Actions`, `Transparency & Documentation`,
//! `References` in bold body type. Paragraphs are set off by a vertical gap, list items by a
//! bullet, and bold sub-headings ("AI Transparency Resources", "Software Resources") are
//! paragraphs of their own. The cover, the contents, the foreword and the divider pages (one
//! function name in display type) are not part of the tree; the footer `5 of 137` is left out.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use super::core_json::{AiRmfId, FUNCTIONS, ai_rmf_category, ai_rmf_subcategory, sort_ai_rmf};
use pdf_oxide::PdfDocument;

use super::pdf::{self, PdfLimits, Row};
use crate::error::{Error, Result};
use crate::model::{Document, Metadata, Node, NodeKind, child};

/// The headings of a subcategory's parts: the part's class and the suffix of its id
/// (`GOVERN 1.1-about`), the names [`super::playbook_csv`] gives them.
const PARTS: [(&str, &str, &str); 4] = [
    ("About", "about", "about"),
    ("Suggested Actions", "suggested-actions", "actions"),
    (
        "Transparency & Documentation",
        "documentation-questions",
        "questions",
    ),
    ("References", "references", "references"),
];

/// True when the first page with text names the Playbook ("AI RMF PLAYBOOK" on its cover):
/// tells it from the other NIST AI PDFs, which [`super::pdf`] reads.
pub(crate) fn is_playbook(pages: &[Vec<Row>]) -> bool {
    let first = pages.iter().find(|rows| !rows.is_empty());
    let mut rows = first.into_iter().flatten();
    rows.any(|r| r.text.to_lowercase().contains("playbook"))
}

pub fn parse(bytes: &[u8], path: &Path) -> Result<Document> {
    parse_within(bytes, path, PdfLimits::default())
}

/// [`parse`] within the limits on pages, objects, decompressed bytes and time.
pub fn parse_within(bytes: &[u8], path: &Path, limits: PdfLimits) -> Result<Document> {
    pdf::within_time(bytes, path, limits, read_playbook)
}

fn read_playbook(
    bytes: &[u8],
    path: &Path,
    limits: &PdfLimits,
    deadline: Instant,
) -> Result<Document> {
    let (pdf, pages) = pdf::read_text(bytes, path, limits, deadline)?;
    from_pages(&pdf, &pages, path)
}

/// The Playbook from the rows of its pages.
pub(crate) fn from_pages(pdf: &PdfDocument, pages: &[Vec<Row>], path: &Path) -> Result<Document> {
    let invalid = |message: String| Error::Invalid {
        path: path.into(),
        message,
    };
    let all: Vec<&Row> = pages.iter().flatten().collect();
    let mut reader = Reader {
        body: pdf::body_size(&all),
        words: vocabulary(pages),
        ..Reader::default()
    };
    // Of the running furniture only the page number ("5 of 137") goes: the generic rule for
    // headers and footers would drop bullets and headings repeated at page edges.
    for row in all {
        if !pdf::is_page_number(row) {
            reader.row(row).map_err(invalid)?;
        }
    }
    reader.end_part();
    if reader.seen.is_empty() {
        return Err(invalid(
            "no Playbook subcategory found (a bold id such as `GOVERN 1.1` after a function \
             heading such as `Govern`); if it is another NIST AI publication, import it with \
             --kind pdf"
                .into(),
        ));
    }
    let mut tree = reader.tree;
    sort_ai_rmf(&mut tree);
    pdf::label_pages(&mut tree, &pdf::printed_pages(pdf, pages));
    // The cover prints "AI RMF PLAYBOOK" and no date or version: the name is NIST's for the
    // Playbook (as the CSV importer gives it), the date the PDF's CreationDate.
    Ok(Document {
        meta: Metadata {
            title: "NIST AI RMF Playbook".into(),
            publication: Some("NIST AI RMF Playbook".into()),
            published: pdf::creation_date(pdf),
            ..Metadata::default()
        },
        nodes: tree,
    })
}

/// The words [`pdf::join_lines`] knows, made to keep every hyphen at a line end: Word, which
/// made this PDF, does not hyphenate, so such a hyphen belongs to a compound (`mission-` /
/// `critical`), even one whose joined form the document prints elsewhere (`pre-` / `trained`,
/// and "Pretrained" in a cited title).
fn vocabulary(pages: &[Vec<Row>]) -> HashSet<String> {
    let mut words = pdf::vocabulary(pages);
    let letters =
        |text: &str| -> String { text.chars().take_while(|c| c.is_alphabetic()).collect() };
    let rows: Vec<&Row> = pages.iter().flatten().collect();
    for pair in rows.windows(2) {
        let Some(stem) = pair[0].text.strip_suffix('-') else {
            continue;
        };
        let head: String = letters(&stem.chars().rev().collect::<String>())
            .chars()
            .rev()
            .collect();
        let tail = letters(pair[1].text.trim_start_matches(['•', ' ']));
        if head.is_empty() || tail.is_empty() {
            continue;
        }
        words.remove(&format!("{head}{tail}").to_lowercase());
        words.insert(format!("{head}-{tail}").to_lowercase());
    }
    words
}

/// Whose text is being read.
#[derive(Clone, Copy)]
enum Owner {
    Function(&'static str),
    Subcategory(AiRmfId),
}

/// A paragraph being read: its printed lines and where its rows stand.
struct Paragraph {
    lines: Vec<String>,
    bold: bool,
    /// Left edge of its first row: a list item's continuation stands further right.
    x: f32,
    /// The last row's page and baseline.
    page: u32,
    y: f32,
}

#[derive(Default)]
struct Reader {
    body: f32,
    words: HashSet<String>,
    tree: Vec<Node>,
    /// The part being read (none before the first function heading) and its owner.
    part: Option<(Owner, Node)>,
    paragraph: Option<Paragraph>,
    /// The subcategories read, with the page of their id, to refuse one printed twice.
    seen: HashMap<AiRmfId, u32>,
}

impl Reader {
    fn row(&mut self, row: &Row) -> std::result::Result<(), String> {
        // Display type: the cover and the divider page before each function.
        if row.size > 2.0 * self.body {
            return Ok(());
        }
        let heading = row.bold();
        // `Govern`: the function's name as its page prints it, capitalized.
        let capitalized = |f: &str| format!("{}{}", &f[..1], f[1..].to_lowercase());
        let function = FUNCTIONS.into_iter().find(|f| capitalized(f) == row.text);
        if let (true, Some(function), true) = (heading, function, row.size > self.body + 1.0) {
            self.end_part();
            let group = child(
                &mut self.tree,
                NodeKind::Group,
                "function",
                function,
                function,
            );
            group.page.get_or_insert(row.page);
            self.start_part(Owner::Function(function), "statement", None, row.page);
            return Ok(());
        }
        // Before the first function: the cover, the contents and the foreword.
        let Some((owner, _)) = &self.part else {
            return Ok(());
        };
        let owner = *owner;
        if let (true, Some(id)) = (heading, AiRmfId::parse(&row.text)) {
            if let Some(first) = self.seen.insert(id, row.page) {
                return Err(format!(
                    "{id} is printed twice, on pages {first} and {}; pass the Playbook as NIST \
                     exports it",
                    row.page
                ));
            }
            self.end_part();
            ai_rmf_category(&mut self.tree, &id)
                .page
                .get_or_insert(row.page);
            ai_rmf_subcategory(&mut self.tree, &id).page = Some(row.page);
            self.start_part(Owner::Subcategory(id), "statement", None, row.page);
            return Ok(());
        }
        let part = PARTS.iter().find(|(title, ..)| *title == row.text);
        if let (true, Some((_, class, suffix)), Owner::Subcategory(id)) = (heading, part, owner) {
            self.end_part();
            let part_id = format!("{id}-{suffix}");
            self.start_part(owner, class, Some(part_id), row.page);
            return Ok(());
        }
        self.text(row);
        Ok(())
    }

    /// Adds a row of text to the paragraph it continues, or starts a paragraph with it.
    fn text(&mut self, row: &Row) {
        let item = row.text.strip_prefix('•').map(str::trim_start);
        let bold = row.bold();
        let continues = self.paragraph.as_ref().is_some_and(|p| {
            let same_page = p.page == row.page;
            let last = p.lines.last().map_or("", String::as_str);
            // A page break cuts a paragraph that has not ended, or a list item whose next
            // line stands indented under its text.
            let cut = !same_page
                && (row.text.starts_with(char::is_lowercase)
                    || row.x() > p.x + 2.0
                    || !last.ends_with(['.', '?', '!', ':', ')']));
            let close = same_page && p.y - row.y < 1.5 * row.size;
            item.is_none() && p.bold == bold && (close || cut)
        });
        if !continues {
            self.end_paragraph();
            self.paragraph = Some(Paragraph {
                lines: Vec::new(),
                bold,
                x: row.x(),
                page: row.page,
                y: row.y,
            });
        }
        let paragraph = self.paragraph.as_mut().expect("just ensured");
        paragraph.lines.push(item.unwrap_or(&row.text).to_string());
        (paragraph.page, paragraph.y) = (row.page, row.y);
    }

    fn start_part(&mut self, owner: Owner, class: &str, id: Option<String>, page: u32) {
        let mut part = Node::new(NodeKind::Part);
        part.class = Some(class.into());
        part.id = id;
        part.page = Some(page);
        self.part = Some((owner, part));
    }

    fn end_paragraph(&mut self) {
        let Some(paragraph) = self.paragraph.take() else {
            return;
        };
        let text = pdf::join_lines(&paragraph.lines, &self.words);
        if let Some((_, part)) = &mut self.part
            && !text.is_empty()
        {
            part.paragraphs.push(text);
        }
    }

    /// Puts the part read into its owner; a part without text is left out.
    fn end_part(&mut self) {
        self.end_paragraph();
        let Some((owner, part)) = self.part.take() else {
            return;
        };
        if part.paragraphs.is_empty() {
            return;
        }
        let node = match owner {
            Owner::Function(function) => child(
                &mut self.tree,
                NodeKind::Group,
                "function",
                function,
                function,
            ),
            Owner::Subcategory(id) => ai_rmf_subcategory(&mut self.tree, &id),
        };
        if part.class.as_deref() == Some("statement") {
            node.insert_part(part);
        } else {
            node.children.push(part);
        }
    }
}
