//! Plain text and Markdown loader (a format of the [`crate::load`] stage).
//!
//! - A Markdown heading (`#` … `######`) opens a section (a group of class `section`), nested
//!   by level. A heading on the first line is the document's title instead.
//! - Paragraphs (separated by blank lines; list items and table rows are paragraphs of
//!   their own) go into one `prose` part per section.
//! - A line starting with an AI RMF id (`GOVERN 1`, `MAP 2.3:`, `- **MEASURE 2.11**`) is a
//!   category or subcategory: a control with a `statement` part holding the rest of the line
//!   and the lines that continue it, under its category and function (a group of class
//!   `function`), which are created when first needed.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Result};
use crate::model::{Document, Metadata, Node, NodeKind, child};

/// An AI RMF id at the start of a line, after list, table or emphasis markers.
static ID_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s>*|_-]*(GOVERN|MAP|MEASURE|MANAGE) (\d+)(?:\.(\d+))?\b[*_]*\s*[:.]?\s*(.*)$")
        .expect("valid regex")
});

/// Where an AI RMF id followed by a colon starts inside a line ("… GOVERN 1.2: …").
static INNER_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(?:GOVERN|MAP|MEASURE|MANAGE) \d+(?:\.\d+)?:").expect("valid regex")
});

pub fn parse(text: &str, path: &Path) -> Result<Document> {
    let mut builder = Builder::default();
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        builder.line(line, number, path)?;
    }
    builder.end_block();
    let title = builder.title.clone().unwrap_or_else(|| {
        let stem = path.file_stem().unwrap_or_default();
        stem.to_string_lossy().into_owned()
    });
    Ok(Document {
        meta: Metadata {
            title,
            ..Metadata::default()
        },
        nodes: builder.finish(),
    })
}

/// Where new text goes.
enum Block {
    /// Lines of the paragraph being read, with its first line number.
    Paragraph(Vec<String>, u32),
    /// Lines of the statement of an AI RMF control being read, with its id path.
    Statement(Vec<String>, (usize, usize, Option<usize>)),
}

#[derive(Default)]
struct Builder {
    title: Option<String>,
    /// Top-level nodes built so far; sections and functions interleave in reading order.
    top: Vec<Node>,
    /// Open sections: (heading level, node).
    sections: Vec<(usize, Node)>,
    block: Option<Block>,
    /// Ids seen, with their line, to report duplicates.
    seen: Vec<(String, u32)>,
    /// The function (index in `top`) of the last AI RMF id line, until the next heading:
    /// text between Core rows (captions, notes) belongs to the function, not to a section.
    in_function: Option<usize>,
}

impl Builder {
    fn line(&mut self, raw: &str, number: u32, path: &Path) -> Result<()> {
        let line = raw.trim();
        if let Some((level, heading)) = heading(line) {
            self.end_block();
            let nothing_yet = self.top.is_empty() && self.sections.is_empty();
            if self.title.is_none() && nothing_yet {
                // A heading that opens the file is the document's title, not a section.
                self.title = Some(heading);
            } else {
                self.in_function = None;
                self.open_section(level, heading, number);
            }
            return Ok(());
        }
        if line.is_empty() {
            self.end_block();
            return Ok(());
        }
        if is_noise(line) {
            return Ok(());
        }
        // Several ids on one line (a table row of a machine extraction): split before each.
        let mut starts: Vec<usize> = INNER_ID.find_iter(line).map(|m| m.start() + 1).collect();
        if !starts.is_empty() && ID_LINE.is_match(line) {
            starts.insert(0, 0);
            starts.push(line.len());
            for pair in starts.windows(2) {
                self.text(&line[pair[0]..pair[1]], number, path)?;
            }
            return Ok(());
        }
        self.text(line, number, path)
    }

    fn text(&mut self, line: &str, number: u32, path: &Path) -> Result<()> {
        let line = line.trim();
        if let Some(id) = ID_LINE.captures(line) {
            self.end_block();
            let function = id[1].to_string();
            let category: usize = id[2].parse().unwrap_or_default();
            let sub: Option<usize> = id.get(3).and_then(|m| m.as_str().parse().ok());
            let full = match sub {
                Some(sub) => format!("{function} {category}.{sub}"),
                None => format!("{function} {category}"),
            };
            if let Some((_, first)) = self.seen.iter().find(|(seen, _)| *seen == full) {
                return Err(Error::Syntax {
                    path: path.into(),
                    line: number as usize,
                    column: 1,
                    message: format!("duplicate id {full} (first at line {first})"),
                });
            }
            self.seen.push((full, number));
            let f = self.function(&function, number);
            self.in_function = Some(f);
            let control = control_at(&mut self.top[f], category, sub, number);
            control.line = Some(number);
            let words = id[4].trim();
            let lines = if words.is_empty() {
                Vec::new()
            } else {
                vec![words.to_string()]
            };
            self.block = Some(Block::Statement(lines, (f, category, sub)));
            return Ok(());
        }
        let is_item = is_list_item(line) || line.starts_with('|');
        if is_item {
            self.end_block();
        }
        match &mut self.block {
            Some(Block::Paragraph(lines, _)) | Some(Block::Statement(lines, _)) => {
                lines.push(line.to_string())
            }
            _ => self.block = Some(Block::Paragraph(vec![line.to_string()], number)),
        }
        if is_item {
            self.end_block();
        }
        Ok(())
    }

    /// Stores the paragraph or statement being read.
    fn end_block(&mut self) {
        match self.block.take() {
            Some(Block::Paragraph(lines, number)) => {
                let paragraph = join_lines(&lines);
                if paragraph.is_empty() {
                    return;
                }
                let holder = match self.in_function {
                    Some(f) => &mut self.top[f],
                    None => self.current_section(number),
                };
                prose_part(holder, number).paragraphs.push(paragraph);
            }
            Some(Block::Statement(lines, (f, category, sub))) => {
                let text = join_lines(&lines);
                let control = control_at(&mut self.top[f], category, sub, 0);
                if !text.is_empty() {
                    let mut part = Node::new(NodeKind::Part);
                    part.class = Some("statement".into());
                    part.paragraphs.push(text);
                    part.line = control.line;
                    control.insert_part(part);
                }
            }
            None => {}
        }
    }

    fn open_section(&mut self, level: usize, heading: String, number: u32) {
        // The untitled section of text before any heading never holds headed sections.
        let untitled_open = self.sections.first().is_some_and(|(l, _)| *l == 0);
        self.close_sections(if untitled_open { 0 } else { level });
        let mut section = Node::new(NodeKind::Group);
        section.class = Some("section".into());
        section.title = Some(heading);
        section.line = Some(number);
        self.sections.push((level, section));
    }

    /// Closes open sections at `level` or deeper, attaching each to its parent.
    fn close_sections(&mut self, level: usize) {
        while self.sections.last().is_some_and(|(l, _)| *l >= level) {
            let (_, section) = self.sections.pop().expect("checked non-empty");
            match self.sections.last_mut() {
                Some((_, parent)) => parent.children.push(section),
                None => self.top.push(section),
            }
        }
    }

    /// The innermost open section, opening an untitled one for text before any heading.
    fn current_section(&mut self, number: u32) -> &mut Node {
        if self.sections.is_empty() {
            let mut section = Node::new(NodeKind::Group);
            section.class = Some("section".into());
            section.line = Some(number);
            self.sections.push((0, section));
        }
        &mut self.sections.last_mut().expect("just ensured").1
    }

    /// Index in `top` of the function group named `name`, created after what is open now.
    fn function(&mut self, name: &str, number: u32) -> usize {
        if let Some(i) = self.top.iter().position(|n| is_function(n, name)) {
            return i;
        }
        self.close_sections(0);
        child(&mut self.top, NodeKind::Group, "function", name, name).line = Some(number);
        self.top.len() - 1
    }

    fn finish(mut self) -> Vec<Node> {
        self.close_sections(0);
        self.top
    }
}

/// The `prose` part that ends `node`'s children, added if there is none.
fn prose_part(node: &mut Node, number: u32) -> &mut Node {
    if node.children.last().and_then(|c| c.class.as_deref()) != Some("prose") {
        let mut part = Node::new(NodeKind::Part);
        part.class = Some("prose".into());
        part.line = Some(number);
        node.children.push(part);
    }
    node.children.last_mut().expect("just ensured")
}

fn is_function(node: &Node, name: &str) -> bool {
    node.class.as_deref() == Some("function") && node.id.as_deref() == Some(name)
}

/// The category control `FUNCTION category` in `function`, or its subcategory `sub`,
/// created (in numeric order) if missing.
fn control_at(function: &mut Node, category: usize, sub: Option<usize>, number: u32) -> &mut Node {
    let name = function.id.clone().unwrap_or_default();
    let category_id = format!("{name} {category}");
    let cat = child_control(function, &category_id, "category", number);
    match sub {
        None => cat,
        Some(sub) => child_control(
            cat,
            &format!("{name} {category}.{sub}"),
            "subcategory",
            number,
        ),
    }
}

fn child_control<'a>(parent: &'a mut Node, id: &str, class: &str, number: u32) -> &'a mut Node {
    let control = child(&mut parent.children, NodeKind::Control, class, id, id);
    if number > 0 {
        control.line.get_or_insert(number);
    }
    control
}

/// `# Heading` → (1, "Heading").
fn heading(line: &str) -> Option<(usize, String)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) || !line[level..].starts_with(' ') {
        return None;
    }
    let text = line[level..].trim().trim_end_matches('#').trim();
    Some((level, strip_emphasis(text).trim().to_string()))
}

fn is_list_item(line: &str) -> bool {
    let bullet = ["- ", "* ", "+ "].iter().any(|b| line.starts_with(b));
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    bullet || (digits > 0 && line[digits..].starts_with(". "))
}

/// Lines that carry no text: images, table separator rows, horizontal rules.
fn is_noise(line: &str) -> bool {
    let separator = line.starts_with('|') && line.chars().all(|c| "|-: ".contains(c));
    let rule = line.len() >= 3 && line.chars().all(|c| "-*_ ".contains(c));
    line.starts_with("![") || separator || rule
}

/// Joins the lines of a paragraph with spaces (a word hyphenated at a line end is joined
/// when the next line starts in lower case), strips list and table markers, and collapses
/// whitespace.
fn join_lines(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = strip_markers(line);
        if out.ends_with('-') && line.starts_with(char::is_lowercase) {
            out.pop();
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&line);
    }
    strip_emphasis(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Markdown emphasis markers (`*`, `**`, `_`, `__` around words) removed: they are markup,
/// not words of the text. A `*` or `_` inside a word (`a*b`, `snake_case`) is kept.
fn strip_emphasis(text: &str) -> String {
    static EMPHASIS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(^|[\s(\[/-])(?:\*{1,2}|_{1,2})(\S)|(\S)(?:\*{1,2}|_{1,2})($|[\s)\].,;:!?/-])")
            .expect("valid regex")
    });
    // Twice, since one marker's match may hide the next one's leading or trailing character.
    let once = EMPHASIS.replace_all(text, "$1$2$3$4");
    EMPHASIS.replace_all(&once, "$1$2$3$4").into_owned()
}

fn strip_markers(line: &str) -> String {
    let line = line.trim();
    if line.starts_with('|') {
        let cells = line
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty());
        return cells.collect::<Vec<_>>().join(" | ");
    }
    let without_bullet = ["- ", "* ", "+ "]
        .iter()
        .find_map(|b| line.strip_prefix(b))
        .unwrap_or(line);
    without_bullet.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(heading("## Part 1 ##"), Some((2, "Part 1".into())));
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(heading("# **Bold**"), Some((1, "Bold".into())));
        assert_eq!(
            heading("## 3. Suggested Actions **To Manage Gai Risks**"),
            Some((2, "3. Suggested Actions To Manage Gai Risks".into()))
        );
    }

    #[test]
    fn paragraph_lines_join() {
        let lines = ["- infor-".to_string(), "mation and".into(), "More".into()];
        assert_eq!(join_lines(&lines), "information and More");
        assert_eq!(join_lines(&["| a | b |".to_string()]), "a | b");
        let emphasis =
            "Not **every** _AI_ actor: *this*, __that__ (**x**); Third-**Party a*b snake_case"
                .to_string();
        assert_eq!(
            join_lines(&[emphasis]),
            "Not every AI actor: this, that (x); Third-Party a*b snake_case"
        );
    }
}
