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

/// A heading's section number: `1.2.1 Risk Measurement`, `2. Audience`, `A.1.2. Governance`.
static NUMBERED_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^((?:[A-Z]\.)?\d+(?:\.\d+)*)\.?\s").expect("valid regex"));

/// A heading that opens a part of the document: `Part 1: …`, `Appendix A. …`.
static PART_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Part|Appendix)\s").expect("valid regex"));

/// Where an AI RMF id followed by a colon starts in a table cell ("Subcategories GOVERN 1.1:").
static ID_IN_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:GOVERN|MAP|MEASURE|MANAGE) \d+(?:\.\d+)?:").expect("valid regex")
});

/// What the Core tables print on every page and an extraction puts into the cells: the
/// note "Continued on next page", and the column headings before a cell's first id.
static CONTINUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*\bcontinued on next page\b").expect("valid regex"));
static COLUMN_HEADINGS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:(?:sub)?categories\s*)+$").expect("valid regex"));

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
    /// Lines of the statement of an AI RMF control being read.
    Statement(Vec<String>, ControlKey),
}

/// Where an AI RMF control is: its function's index in `Builder::top`, its category number
/// and its subcategory number.
type ControlKey = (usize, usize, Option<usize>);

#[derive(Default)]
struct Builder {
    title: Option<String>,
    /// Top-level sections closed so far.
    top: Vec<Node>,
    /// The AI RMF function groups, each with the number of top-level sections it follows: a
    /// function stands at the top level after the section its Core table is printed in, which
    /// stays open for the headings that follow ("5.2 Map" after the GOVERN table).
    functions: Vec<(usize, Node)>,
    /// Open sections: (heading level, node).
    sections: Vec<(usize, Node)>,
    block: Option<Block>,
    /// Ids seen, with their line, to report duplicates.
    seen: Vec<(String, u32)>,
    /// The function (index in `functions`) of the last AI RMF id line, until the next heading:
    /// text between Core rows (captions, notes) belongs to the function, not to a section.
    in_function: Option<usize>,
    /// The last line was a table row.
    in_table: bool,
    /// The control last opened in each column of the Core tables of this section.
    columns: Vec<Option<ControlKey>>,
    /// Statements read from table cells, in the order their controls were opened.
    cell_statements: Vec<(ControlKey, Vec<String>)>,
}

impl Builder {
    fn line(&mut self, raw: &str, number: u32, path: &Path) -> Result<()> {
        let line = raw.trim();
        if let Some((level, heading)) = heading(line) {
            self.end_block();
            self.end_tables();
            let headed = self.sections.iter().any(|(l, _)| *l > 0);
            let first = !headed && self.top.is_empty() && self.functions.is_empty();
            let opens = self.sections.is_empty() || level == 1;
            if self.title.is_none() && first && opens {
                // A heading that opens the file, or its first `#` heading after a cover's
                // loose lines, is the document's title, not a section.
                self.title = Some(heading);
            } else {
                self.in_function = None;
                self.open_section(level, heading, number);
            }
            return Ok(());
        }
        if line.is_empty() {
            self.end_block();
            self.in_table = false;
            return Ok(());
        }
        if line.starts_with('|') {
            // The first row of a table is its header.
            let header = !std::mem::replace(&mut self.in_table, true);
            return self.table_row(line, number, header, path);
        }
        self.in_table = false;
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
            let key = self.open_control(&id, number, path)?;
            let words = id[4].trim();
            let lines = if words.is_empty() {
                Vec::new()
            } else {
                vec![words.to_string()]
            };
            self.block = Some(Block::Statement(lines, key));
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

    /// A row of a table. A Core table (the AI RMF's categories beside their subcategories) is
    /// printed over several pages and extracted with several ids in one cell and a statement
    /// broken over rows and tables: each id opens its control, and a cell's text before any
    /// id continues the statement last opened in its column (or, if none, in its row). Any
    /// other row is a paragraph; so is a header row's text before its first id (a caption).
    fn table_row(&mut self, line: &str, number: u32, header: bool, path: &Path) -> Result<()> {
        if is_noise(line) {
            return Ok(());
        }
        self.end_block();
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if self.columns.is_empty() && !cells.iter().any(|c| ID_IN_CELL.is_match(c)) {
            return self.text(line, number, path);
        }
        let mut in_row = None;
        for (column, cell) in cells.into_iter().enumerate() {
            let cell = CONTINUED.replace_all(cell, "");
            let cell = cell.as_ref();
            let mut starts: Vec<usize> = ID_IN_CELL.find_iter(cell).map(|m| m.start()).collect();
            let lead = &cell[..starts.first().copied().unwrap_or(cell.len())];
            let lead = if COLUMN_HEADINGS.is_match(lead) {
                ""
            } else {
                lead
            };
            let continued = self.columns.get(column).copied().flatten().or(in_row);
            match continued.filter(|_| !header) {
                _ if lead.trim().is_empty() => {}
                Some(key) => self.continue_statement(key, lead),
                None => {
                    self.text(lead, number, path)?;
                    self.end_block();
                }
            }
            starts.push(cell.len());
            for pair in starts.windows(2) {
                let Some(id) = ID_LINE.captures(cell[pair[0]..pair[1]].trim()) else {
                    continue;
                };
                let key = self.open_control(&id, number, path)?;
                self.continue_statement(key, &id[4]);
                if self.columns.len() <= column {
                    self.columns.resize(column + 1, None);
                }
                self.columns[column] = Some(key);
                in_row = Some(key);
            }
        }
        Ok(())
    }

    /// Adds words to a statement read from table cells, stored when the table's section ends.
    fn continue_statement(&mut self, key: ControlKey, words: &str) {
        let words = words.trim();
        if words.is_empty() {
            return;
        }
        match self.cell_statements.iter_mut().find(|(k, _)| *k == key) {
            Some((_, lines)) => lines.push(words.to_string()),
            None => self.cell_statements.push((key, vec![words.to_string()])),
        }
    }

    /// Opens the control an id line names (creating its function and category when first
    /// needed); an id seen before is an error.
    fn open_control(
        &mut self,
        id: &regex::Captures<'_>,
        number: u32,
        path: &Path,
    ) -> Result<ControlKey> {
        {
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
            let control = control_at(&mut self.functions[f].1, category, sub, number);
            control.line = Some(number);
            Ok((f, category, sub))
        }
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
                    Some(f) => &mut self.functions[f].1,
                    None => self.current_section(number),
                };
                prose_part(holder, number).paragraphs.push(paragraph);
            }
            Some(Block::Statement(lines, key)) => self.store_statement(key, &lines),
            None => {}
        }
    }

    fn store_statement(&mut self, (f, category, sub): ControlKey, lines: &[String]) {
        let text = join_lines(lines);
        let control = control_at(&mut self.functions[f].1, category, sub, 0);
        if !text.is_empty() {
            let mut part = Node::new(NodeKind::Part);
            part.class = Some("statement".into());
            part.paragraphs.push(text);
            part.line = control.line;
            control.insert_part(part);
        }
    }

    /// Stores the statements read from table cells: the tables' section has ended.
    fn end_tables(&mut self) {
        self.columns.clear();
        for (key, lines) in std::mem::take(&mut self.cell_statements) {
            self.store_statement(key, &lines);
        }
    }

    fn open_section(&mut self, level: usize, heading: String, number: u32) {
        // A numbered heading nests by its number, whatever its `#`s say: "## 1.1" under
        // "## 1.", "## A.1.2" under "## A.1". An unnumbered one with as many `#`s as a numbered
        // section open is inside the innermost such ("## Field Testing" in "## A.1.5"), as
        // printed in smaller type. A part or an appendix is at the top.
        let numbered_at = |open: usize, node: &Node| {
            let depth = section_depth(node.title.as_deref()?)?;
            (open + 1 - depth == level).then_some(open + 1)
        };
        let level = match section_depth(&heading) {
            Some(depth) => level + depth - 1,
            None if PART_HEADING.is_match(&heading) => 1,
            None => {
                let mut open = self.sections.iter().rev();
                open.find_map(|(l, s)| numbered_at(*l, s)).unwrap_or(level)
            }
        };
        // The untitled section of text before any heading never holds headed sections, nor
        // does a table of contents or a list of figures.
        let untitled_open = self.sections.first().is_some_and(|(l, _)| *l == 0);
        self.close_sections(if untitled_open { 0 } else { level });
        while self.sections.last().is_some_and(|(_, s)| is_contents(s)) {
            let (open, _) = self.sections.last().expect("checked non-empty");
            self.close_sections(*open);
        }
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

    /// Index in `functions` of the function group named `name`, created after the top-level
    /// section open now.
    fn function(&mut self, name: &str, number: u32) -> usize {
        let found = self
            .functions
            .iter()
            .position(|(_, n)| is_function(n, name));
        if let Some(i) = found {
            return i;
        }
        let mut function = Node::new(NodeKind::Group);
        function.class = Some("function".into());
        function.id = Some(name.to_string());
        function.title = Some(name.to_string());
        function.line = Some(number);
        let after = self.top.len() + usize::from(!self.sections.is_empty());
        self.functions.push((after, function));
        self.functions.len() - 1
    }

    /// The top-level nodes: sections, each function after the section it was printed in.
    fn finish(mut self) -> Vec<Node> {
        self.end_tables();
        self.close_sections(0);
        let mut functions = self.functions.into_iter().peekable();
        let mut nodes = Vec::new();
        for (i, section) in self.top.into_iter().enumerate() {
            while let Some((_, function)) = functions.next_if(|(after, _)| *after <= i) {
                nodes.push(function);
            }
            nodes.push(section);
        }
        nodes.extend(functions.map(|(_, function)| function));
        nodes
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

/// How deep a numbered heading's number is: 3 for `1.2.1 …` and `A.1.2. …`.
fn section_depth(heading: &str) -> Option<usize> {
    let number = NUMBERED_HEADING.captures(heading)?;
    Some(number[1].split('.').count())
}

/// A table of contents or a list of figures or tables: a section that holds none.
fn is_contents(section: &Node) -> bool {
    static CONTENTS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:table of )?contents$|^list of (?:figures|tables|illustrations)$")
            .expect("valid regex")
    });
    section
        .title
        .as_deref()
        .is_some_and(|t| CONTENTS.is_match(t))
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
