//! Realistic revisions of shipped documents, built in memory as test fixtures.
//!
//! Each builder edits the real shipped text the way NIST revises a framework: an outcome is
//! withdrawn and the ones after it are renumbered, two outcomes are merged (and a phrase is
//! dropped on the way), an outcome is split in two or moved to another function, an outcome
//! is added from another NIST publication, withdrawn placeholders are cleaned out. They drop
//! or move NIST's words; only [`reword`] puts in
//! words of the test's own, and every result's `meta.title` says it is a test fixture, not
//! NIST text. The tests here check that each
//! builder did what it says on the real text; what a diff makes of the revisions is tested
//! where the diff is.

use rmfdiff::align::{entries, id_key};
use rmfdiff::frameworks;
use rmfdiff::model::{Document, Node, NodeKind};

/// The shipped document called `name` (`ai-rmf-1.0`, `csf-2.0`, …).
pub(crate) fn shipped(name: &str) -> Document {
    frameworks::find(name)
        .unwrap_or_else(|| panic!("{name} is shipped"))
        .load()
        .unwrap_or_else(|e| panic!("{name} loads: {e}"))
}

/// The shipped AI RMF 1.0 (NIST AI 100-1), the base of the AI RMF revisions.
pub(crate) fn ai_rmf() -> Document {
    shipped("ai-rmf-1.0")
}

/// The document as reprinted with one more page before page `before` (a new layout, a
/// longer preface): every passage from that page on is a page later, in the file and in
/// the printed numbers.
pub(crate) fn insert_page(mut doc: Document, before: u32) -> Document {
    each_node(&mut doc, |node| {
        if let Some(page) = node.page.filter(|&p| p >= before) {
            node.page = Some(page + 1);
            let printed = node
                .page_label
                .as_deref()
                .and_then(|l| l.parse::<u32>().ok());
            node.page_label = printed
                .map(|n| (n + 1).to_string())
                .or(node.page_label.take());
        }
    });
    doc.meta.title = format!("{} (test fixture: one page inserted)", doc.meta.title);
    doc
}

/// `id` with its `level`-th number (0 for the first) moved by `delta`, keeping any zero
/// padding: `renumber("GOVERN 4.2", 0, -1)` is `GOVERN 3.2`, `renumber("MEASURE 2.13", 1, -1)`
/// is `MEASURE 2.12`, `renumber("ID.AM-06", 0, 1)` is `ID.AM-07`. An id with no such number
/// is returned unchanged.
pub(crate) fn renumber(id: &str, level: usize, delta: i64) -> String {
    let Some(run) = number_runs(id).into_iter().nth(level) else {
        return id.to_string();
    };
    let digits = &id[run.clone()];
    let value: i64 = digits.parse().expect("a run of ASCII digits");
    let shifted = value + delta;
    assert!(shifted >= 0, "renumbering {id} by {delta} goes below zero");
    let width = if digits.starts_with('0') {
        digits.len()
    } else {
        0
    };
    format!("{}{shifted:0width$}{}", &id[..run.start], &id[run.end..])
}

/// The level of the last number of `id`: 0 for a category (`GOVERN 3`), 1 for a
/// subcategory (`GOVERN 3.1`).
pub(crate) fn level_of(id: &str) -> usize {
    number_runs(id)
        .len()
        .checked_sub(1)
        .unwrap_or_else(|| panic!("{id} has no number to renumber"))
}

/// The byte ranges of the runs of ASCII digits in `id`.
fn number_runs(id: &str) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in id.char_indices() {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push(s..id.len());
    }
    runs
}

/// The sibling list that holds the node with id `id`, and its index there.
fn siblings_of<'a>(nodes: &'a mut Vec<Node>, id: &str) -> Option<(&'a mut Vec<Node>, usize)> {
    if let Some(i) = nodes.iter().position(|n| n.id.as_deref() == Some(id)) {
        return Some((nodes, i));
    }
    nodes
        .iter_mut()
        .find_map(|n| siblings_of(&mut n.children, id))
}

/// Renumbers `node` and every descendant with an id: the `level`-th number of each id moves
/// by `delta`, and a title that repeats the id (as AI RMF titles do) follows it.
fn shift(node: &mut Node, level: usize, delta: i64) {
    if let Some(id) = &node.id {
        let new = renumber(id, level, delta);
        if node.title.as_deref() == Some(id.as_str()) {
            node.title = Some(new.clone());
        }
        node.id = Some(new);
    }
    for child in &mut node.children {
        shift(child, level, delta);
    }
}

/// Renumbers by `delta` the siblings of `class` from index `from` on (and their
/// descendants), at the level of `id`'s last number. Returns the ids they had.
fn shift_siblings(
    siblings: &mut [Node],
    from: usize,
    class: Option<&str>,
    level: usize,
    delta: i64,
) -> Vec<String> {
    let mut moved = Vec::new();
    for sibling in siblings.iter_mut().skip(from) {
        if sibling.class.as_deref() != class {
            continue;
        }
        moved.extend(sibling.id.clone());
        shift(sibling, level, delta);
    }
    moved
}

/// `AI RMF 1.0 — test revision: WHAT (not NIST text)`. The name is the abbreviation NIST
/// puts in parentheses at the end of the title, else the title; a title that already names
/// a test revision keeps its name.
fn retitle(doc: &mut Document, what: &str) {
    let title = &doc.meta.title;
    let name = match title.split_once(" — test revision: ") {
        Some((name, _)) => name,
        None => title
            .strip_suffix(')')
            .and_then(|t| t.rsplit_once('('))
            .map_or(title.as_str(), |(_, abbreviation)| abbreviation),
    };
    doc.meta.title = format!("{name} — test revision: {what} (not NIST text)");
}

/// `first, …, last` or the one id of a renumbered range, for titles.
fn range(ids: &[String]) -> String {
    match ids {
        [] => String::new(),
        [one] => one.clone(),
        [first, .., last] => format!("{first}–{last}"),
    }
}

/// The statement part of a control.
fn statement(control: &mut Node) -> &mut Node {
    let id = control.display_name().to_string();
    control
        .children
        .iter_mut()
        .find(|c| c.kind == NodeKind::Part && c.class.as_deref() == Some("statement"))
        .unwrap_or_else(|| panic!("{id} has a statement"))
}

fn find<'a>(doc: &'a mut Document, id: &str) -> &'a mut Node {
    let (siblings, i) =
        siblings_of(&mut doc.nodes, id).unwrap_or_else(|| panic!("{id} is in the document"));
    &mut siblings[i]
}

/// `text` with the spacing a removed phrase leaves behind closed up: no double spaces, no
/// space before `.`, `,`, `;`, `:` or `)`, no space after `(`.
fn tidy(text: &str) -> String {
    let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [
        (" .", "."),
        (" ,", ","),
        (" ;", ";"),
        (" :", ":"),
        (" )", ")"),
    ] {
        out = out.replace(from, to);
    }
    out.replace("( ", "(")
}

/// NIST withdraws an outcome and renumbers the ones after it (CSF 2.0 withdrew CSF 1.1
/// outcomes but kept numbered placeholders; a revision dropping GOVERN 3, workforce
/// diversity, equity, inclusion and accessibility, or MEASURE 2.12, environmental impact,
/// might close the gap instead): the control `id` is removed with everything under it, and
/// each following sibling of its class moves down one at that level with its descendants
/// (`GOVERN 4` → `GOVERN 3`, `GOVERN 4.1` → `GOVERN 3.1`; `MEASURE 2.13` → `MEASURE 2.12`).
/// Their text is kept as it was.
pub(crate) fn delete_and_renumber(mut doc: Document, id: &str) -> Document {
    let level = level_of(id);
    let (siblings, i) =
        siblings_of(&mut doc.nodes, id).unwrap_or_else(|| panic!("{id} is in the document"));
    let removed = siblings.remove(i);
    let moved = shift_siblings(siblings, i, removed.class.as_deref(), level, -1);
    let what = if moved.is_empty() {
        format!("{id} deleted")
    } else {
        format!("{id} deleted, {} renumbered", range(&moved))
    };
    retitle(&mut doc, &what);
    doc
}

/// NIST folds one outcome into its neighbour, as CSF 2.0 did with many CSF 1.1
/// subcategories ("Incorporated into …") and as a revised AI RMF might with GOVERN 3.1
/// (diverse teams) and GOVERN 3.2, or MEASURE 2.12 (environmental impact) and MEASURE 2.11
/// (fairness and bias): the statement of `from` is appended to the last paragraph of
/// `into`'s statement as further sentences, without the phrase `drop` (a literal part of
/// `from`'s text, e.g. a parenthetical listing kinds of diversity), then `from` is deleted
/// and the siblings after it renumbered ([`delete_and_renumber`]). If `from` comes before
/// `into`, `into` is renumbered with them.
pub(crate) fn merge(mut doc: Document, into: &str, from: &str, drop: Option<&str>) -> Document {
    append_statement(&mut doc, into, from, drop);
    let mut doc = delete_and_renumber(doc, from);
    let what = match drop {
        Some(drop) => format!("{from} merged into {into} without {drop:?}, the rest renumbered"),
        None => format!("{from} merged into {into}, the rest renumbered"),
    };
    retitle(&mut doc, &what);
    doc
}

/// NIST withdraws an outcome and keeps its number as a placeholder that says where its text
/// went, as CSF 2.0 did (`[Withdrawn: Incorporated into GV.OC-05]`): `from`'s statement is
/// appended to `into`'s as in [`merge`] (without the phrase `drop`), then replaced by
/// NIST's placeholder wording, `[Withdrawn: Incorporated into INTO]`; its other parts go.
/// Nothing is renumbered. Only the wording says it is withdrawn (no `status` prop, no
/// links), as in a revision imported from a PDF.
pub(crate) fn withdraw(mut doc: Document, from: &str, into: &str, drop: Option<&str>) -> Document {
    append_statement(&mut doc, into, from, drop);
    let withdrawn = find(&mut doc, from);
    withdrawn
        .children
        .retain(|c| c.kind != NodeKind::Part || c.class.as_deref() == Some("statement"));
    statement(withdrawn).paragraphs = vec![format!("[Withdrawn: Incorporated into {into}]")];
    let what = match drop {
        Some(drop) => format!("{from} withdrawn into {into} without {drop:?}"),
        None => format!("{from} withdrawn into {into}"),
    };
    retitle(&mut doc, &what);
    doc
}

/// `doc` as a user would load it: written as an OSCAL catalog and read back.
pub(crate) fn as_loaded(doc: &Document) -> Document {
    let mut xml = Vec::new();
    rmfdiff::store::write_oscal_xml(doc, &mut xml).expect("writes");
    let path = std::path::Path::new("revision.xml");
    rmfdiff::load::load_bytes(&xml, path, None).expect("loads")
}

/// Appends the statement of `from` to the last paragraph of `into`'s statement as further
/// sentences, without the phrase `drop` (a literal part of `from`'s text).
fn append_statement(doc: &mut Document, into: &str, from: &str, drop: Option<&str>) {
    let moved = statement(find(doc, from)).paragraphs.join(" ");
    let moved = match drop {
        Some(drop) => {
            assert!(
                moved.contains(drop),
                "{from} does not say {drop:?}: {moved}"
            );
            tidy(&moved.replacen(drop, "", 1))
        }
        None => moved,
    };
    let target = statement(find(doc, into));
    match target.paragraphs.last_mut() {
        Some(last) => *last = format!("{} {moved}", last.trim_end()),
        None => target.paragraphs.push(moved),
    }
}

/// NIST splits one outcome in two, as a revised AI RMF might split MAP 1.1 (intended
/// purposes; then "Considerations include: …") or MAP 1.6 (requirements; then design
/// decisions): `id`'s statement is cut where the literal text `at` begins; the text from `at`
/// on (with any later paragraphs) becomes a new control inserted right after `id` with `id`'s
/// number plus one, and the following siblings move up one (`MAP 1.2` → `MAP 1.3`, …,
/// `MAP 1.6` → `MAP 1.7`). `id` keeps its other parts.
pub(crate) fn split(mut doc: Document, id: &str, at: &str) -> Document {
    let level = level_of(id);
    let (siblings, i) =
        siblings_of(&mut doc.nodes, id).unwrap_or_else(|| panic!("{id} is in the document"));
    let original = &mut siblings[i];
    let class = original.class.clone();
    let mut new = original.clone();
    new.children.retain(|c| c.kind != NodeKind::Control);

    let kept = statement(original);
    let p = kept
        .paragraphs
        .iter()
        .position(|p| p.contains(at))
        .unwrap_or_else(|| panic!("{id} does not say {at:?}"));
    let cut = kept.paragraphs[p].find(at).expect("found above");
    let mut tail: Vec<String> = kept.paragraphs.drain(p..).collect();
    let head = tail[0][..cut].trim_end().to_string();
    tail[0] = tail[0][cut..].to_string();
    assert!(!head.is_empty(), "{id} would be left with no text");
    kept.paragraphs.push(head);

    let new_statement = statement(&mut new).clone();
    new.children.retain(|c| c.kind != NodeKind::Part);
    new.children.push(Node {
        paragraphs: tail,
        ..new_statement
    });
    shift(&mut new, level, 1);

    let moved = shift_siblings(siblings, i + 1, class.as_deref(), level, 1);
    siblings.insert(i + 1, new);
    let what = if moved.is_empty() {
        format!("{id} split at {at:?}")
    } else {
        format!("{id} split at {at:?}, {} renumbered", range(&moved))
    };
    retitle(&mut doc, &what);
    doc
}

/// NIST reorders two outcomes, putting `id` after the next sibling of its kind and giving
/// each the other's number, as a revision might to lead GOVERN 3 with human-AI oversight
/// (3.2) rather than the diverse team (3.1): the texts stay as they were.
pub(crate) fn swap_with_next(mut doc: Document, id: &str) -> Document {
    let level = level_of(id);
    let (siblings, i) =
        siblings_of(&mut doc.nodes, id).unwrap_or_else(|| panic!("{id} is in the document"));
    let class = siblings[i].class.clone();
    let next = (i + 1..siblings.len())
        .find(|&j| siblings[j].class == class)
        .unwrap_or_else(|| panic!("{id} has a next sibling of its kind"));
    let next_id = siblings[next].id.clone().expect("a numbered sibling");
    shift(&mut siblings[i], level, 1);
    shift(&mut siblings[next], level, -1);
    siblings.swap(i, next);
    retitle(&mut doc, &format!("{id} and {next_id} swapped"));
    doc
}

/// NIST adds an outcome in the middle of a category, as a revision might add one from the
/// Generative AI Profile (AI 600-1): a new subcategory numbered `id` whose statement is the
/// text of `source_id` in `source`, with `id` and the siblings after it renumbered one up.
pub(crate) fn insert(mut doc: Document, id: &str, source: &Document, source_id: &str) -> Document {
    let paragraphs = source
        .walk()
        .find(|n| n.id.as_deref() == Some(source_id))
        .unwrap_or_else(|| panic!("{source_id} is in {}", source.meta.title))
        .paragraphs
        .clone();
    let level = level_of(id);
    let (siblings, i) =
        siblings_of(&mut doc.nodes, id).unwrap_or_else(|| panic!("{id} is in the document"));
    let class = siblings[i].class.clone();
    let mut new = siblings[i].clone();
    new.children.retain(|c| c.kind == NodeKind::Part);
    statement(&mut new).paragraphs = paragraphs;
    let moved = shift_siblings(siblings, i, class.as_deref(), level, 1);
    siblings.insert(i, new);
    retitle(
        &mut doc,
        &format!("{source_id} inserted as {id}, {} renumbered", range(&moved)),
    );
    doc
}

/// NIST moves an outcome to another function, as a revision might move MEASURE 2.12
/// (environmental impact) under MAP 5 (impacts to individuals, groups, society): the control
/// `id` is taken out, the siblings after it renumbered ([`delete_and_renumber`]), and it is
/// appended to the control `under` as `new_id` with its text as it was.
pub(crate) fn move_to(doc: Document, id: &str, under: &str, new_id: &str) -> Document {
    let found = doc.walk().find(|n| n.id.as_deref() == Some(id));
    let mut moved = found
        .unwrap_or_else(|| panic!("{id} is in the document"))
        .clone();
    let mut doc = delete_and_renumber(doc, id);
    moved.id = Some(new_id.to_string());
    if moved.title.as_deref() == Some(id) {
        moved.title = Some(new_id.to_string());
    }
    find(&mut doc, under).children.push(moved);
    retitle(
        &mut doc,
        &format!("{id} moved to {under} as {new_id}, the rest renumbered"),
    );
    doc
}

/// The document as a new typesetting gives it, with no word changed: curly quotes and
/// apostrophes straightened, en and em dashes set as hyphens, every title in capitals.
pub(crate) fn retypeset(mut doc: Document) -> Document {
    each_node(&mut doc, |node| {
        for paragraph in &mut node.paragraphs {
            *paragraph = straighten(paragraph);
        }
        if let Some(title) = &mut node.title {
            *title = straighten(title).to_uppercase();
        }
    });
    retitle(
        &mut doc,
        "retypeset: straight quotes, hyphens for dashes, titles in capitals",
    );
    doc
}

/// `text` with curly quotes and apostrophes straightened and en and em dashes set as
/// hyphens, as [`retypeset`] sets it.
pub(crate) fn straighten(text: &str) -> String {
    text.replace(['“', '”'], "\"")
        .replace(['‘', '’'], "'")
        .replace(['–', '—'], "-")
}

/// Calls `visit` on every node of `doc`, at any depth.
fn each_node(doc: &mut Document, mut visit: impl FnMut(&mut Node)) {
    let mut stack: Vec<&mut Node> = doc.nodes.iter_mut().collect();
    while let Some(node) = stack.pop() {
        visit(node);
        stack.extend(node.children.iter_mut());
    }
}

/// NIST rewords a passage in place: the literal text `from` in the node `id` (or in a part
/// under it) becomes `to`, words of the test's own (the title says so).
pub(crate) fn reword(mut doc: Document, id: &str, from: &str, to: &str) -> Document {
    fn paragraph<'a>(node: &'a mut Node, from: &str) -> Option<&'a mut String> {
        match node.paragraphs.iter_mut().position(|p| p.contains(from)) {
            Some(at) => Some(&mut node.paragraphs[at]),
            None => node.children.iter_mut().find_map(|c| paragraph(c, from)),
        }
    }
    let target =
        paragraph(find(&mut doc, id), from).unwrap_or_else(|| panic!("{id} does not say {from:?}"));
    *target = target.replacen(from, to, 1);
    retitle(&mut doc, &format!("{id} reworded: {from:?} → {to:?}"));
    doc
}

/// CSF 2.0 as it would read without the placeholders NIST kept for withdrawn CSF 1.1
/// outcomes (`ID.AM-06: [Withdrawn: Incorporated into GV.RR-02, GV.SC-02]`): every category
/// and subcategory with `status = withdrawn` is removed, with what is under it. Also
/// returns where NIST says each withdrawn 1.1 subcategory went: its CSF 1.1 id (`ID.AM-6`,
/// without 2.0's zero padding) and the subcategory ids its placeholder names (`GV.RR-02`,
/// as printed). Placeholders naming only categories (`GV.OC`, `other Categories and
/// Functions`) are left out, as are withdrawn categories (their subcategories are listed one
/// by one).
pub(crate) fn csf_without_placeholders() -> (Document, Vec<(String, Vec<String>)>) {
    let mut doc = shipped("csf-2.0");
    let mut destinations = Vec::new();
    for node in doc.walk() {
        if node.class.as_deref() != Some("subcategory") || !is_withdrawn(node) {
            continue;
        }
        let text: String = node
            .walk()
            .filter(|n| n.class.as_deref() == Some("statement"))
            .flat_map(|n| n.paragraphs.iter().map(String::as_str))
            .collect();
        let to = withdrawn_to(&text);
        if !to.is_empty() {
            let id = node.id.as_deref().expect("a subcategory has an id");
            destinations.push((unpadded(id), to));
        }
    }
    remove_withdrawn(&mut doc.nodes);
    retitle(&mut doc, "withdrawn placeholders removed");
    (doc, destinations)
}

fn is_withdrawn(node: &Node) -> bool {
    node.prop("status") == Some("withdrawn")
}

fn remove_withdrawn(nodes: &mut Vec<Node>) {
    nodes.retain(|n| !is_withdrawn(n));
    for node in nodes {
        remove_withdrawn(&mut node.children);
    }
}

/// The subcategory ids (`XX.YY-NN`) a placeholder names: `[Withdrawn: Moved to PR.AA-01]`,
/// `[Withdrawn: Incorporated into GV.PO, GV.PO-01, GV.PO-02]` (the category is skipped).
fn withdrawn_to(text: &str) -> Vec<String> {
    let Some(rest) = text.trim_start().strip_prefix("[Withdrawn:") else {
        return Vec::new();
    };
    let note = rest.split(']').next().unwrap_or_default();
    note.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| is_subcategory_id(w))
        .map(str::to_string)
        .collect()
}

/// `XX.YY-NN`: two capitals, a dot, two capitals, a hyphen, digits.
fn is_subcategory_id(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 7
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2] == b'.'
        && b[3..5].iter().all(u8::is_ascii_uppercase)
        && b[5] == b'-'
        && b[6..].iter().all(u8::is_ascii_digit)
}

/// `ID.AM-06` → `ID.AM-6`: CSF 1.1 did not pad its numbers.
fn unpadded(id: &str) -> String {
    match id.rsplit_once('-') {
        Some((stem, n)) => format!("{stem}-{}", n.trim_start_matches('0')),
        None => id.to_string(),
    }
}

// ── tests of the builders themselves ──────────────────────────────────────────────────────

/// The text of the entry with id `id`, if there is one.
fn text(doc: &Document, id: &str) -> Option<String> {
    entries(doc)
        .into_iter()
        .find(|e| e.node.id.as_deref() == Some(id))
        .map(|e| e.text)
}

fn count(doc: &Document, class: &str) -> usize {
    doc.walk()
        .filter(|n| n.class.as_deref() == Some(class))
        .count()
}

/// The ids of the children of class `class` of the node `id`, in order.
fn child_ids(doc: &Document, id: &str, class: &str) -> Vec<String> {
    let node = doc
        .walk()
        .find(|n| n.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("{id} is in the document"));
    node.children
        .iter()
        .filter(|c| c.class.as_deref() == Some(class))
        .map(|c| c.id.clone().unwrap())
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn contains_words(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (words(haystack), words(needle));
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn renumber_moves_the_number_at_the_level() {
    assert_eq!(
        renumber("GOVERN 4.2", level_of("GOVERN 3"), -1),
        "GOVERN 3.2"
    );
    assert_eq!(renumber("GOVERN 4", 0, -1), "GOVERN 3");
    assert_eq!(
        renumber("MEASURE 2.13", level_of("MEASURE 2.12"), -1),
        "MEASURE 2.12"
    );
    assert_eq!(renumber("MAP 1.6", 1, 1), "MAP 1.7");
    assert_eq!(renumber("MAP 1.9", 1, 1), "MAP 1.10");
    assert_eq!(renumber("ID.AM-06", 0, 1), "ID.AM-07");
    assert_eq!(renumber("GOVERN 4.2_smt", 0, -1), "GOVERN 3.2_smt");
    assert_eq!(renumber("GOVERN", 0, -1), "GOVERN");
}

#[test]
fn delete_and_renumber_a_subcategory() {
    let old = ai_rmf();
    let old_2_12 = text(&old, "MEASURE 2.12").unwrap();
    let old_2_13 = text(&old, "MEASURE 2.13").unwrap();
    assert!(old_2_12.starts_with("Environmental impact and sustainability"));

    let new = delete_and_renumber(old.clone(), "MEASURE 2.12");
    assert_eq!(
        new.meta.title,
        "AI RMF 1.0 — test revision: MEASURE 2.12 deleted, MEASURE 2.13 renumbered \
         (not NIST text)"
    );
    assert!(
        entries(&new).iter().all(|e| !e.text.contains(&old_2_12)),
        "the old MEASURE 2.12 text is gone"
    );
    assert_eq!(text(&new, "MEASURE 2.12").unwrap(), old_2_13);
    assert_eq!(text(&new, "MEASURE 2.13"), None);
    assert_eq!(count(&new, "subcategory"), count(&old, "subcategory") - 1);
    assert_eq!(entries(&new).len(), entries(&old).len() - 1);
    // Nothing before it and nothing outside MEASURE 2 moved.
    for id in ["MEASURE 2.11", "MEASURE 3.1", "GOVERN 3.1", "MANAGE 4.3"] {
        assert_eq!(text(&new, id), text(&old, id), "{id}");
    }
}

#[test]
fn delete_and_renumber_a_category() {
    let old = ai_rmf();
    let new = delete_and_renumber(old.clone(), "GOVERN 3");
    assert_eq!(
        new.meta.title,
        "AI RMF 1.0 — test revision: GOVERN 3 deleted, GOVERN 4–GOVERN 6 renumbered \
         (not NIST text)"
    );
    // GOVERN 3 with GOVERN 3.1 and 3.2: three controls.
    assert_eq!(entries(&new).len(), entries(&old).len() - 3);
    assert_eq!(count(&new, "category"), count(&old, "category") - 1);
    assert_eq!(count(&new, "subcategory"), count(&old, "subcategory") - 2);
    assert!(entries(&new).iter().all(|e| !e.text.contains(
        "Workforce diversity, equity, inclusion, and accessibility processes are prioritized"
    ) && !e.text.contains("informed by a diverse team")));

    assert_eq!(
        child_ids(&new, "GOVERN", "category"),
        ["GOVERN 1", "GOVERN 2", "GOVERN 3", "GOVERN 4", "GOVERN 5"]
    );
    // Each later category and its subcategories moved down one with their text.
    for (now, was) in [
        ("GOVERN 3", "GOVERN 4"),
        ("GOVERN 3.1", "GOVERN 4.1"),
        ("GOVERN 3.3", "GOVERN 4.3"),
        ("GOVERN 4", "GOVERN 5"),
        ("GOVERN 4.2", "GOVERN 5.2"),
        ("GOVERN 5", "GOVERN 6"),
        ("GOVERN 5.2", "GOVERN 6.2"),
    ] {
        assert_eq!(text(&new, now), text(&old, was), "{now} holds {was}");
    }
    assert_eq!(
        child_ids(&new, "GOVERN 3", "subcategory"),
        ["GOVERN 3.1", "GOVERN 3.2", "GOVERN 3.3"]
    );
    // Titles follow the ids.
    assert!(new.walk().all(|n| match n.class.as_deref() {
        Some("category" | "subcategory") => n.title == n.id,
        _ => true,
    }));
    assert_eq!(text(&new, "GOVERN 6"), None);
    assert_eq!(text(&new, "GOVERN 2.1"), text(&old, "GOVERN 2.1"));
}

#[test]
fn merge_folds_one_subcategory_into_another_dropping_a_phrase() {
    let old = ai_rmf();
    let old_3_1 = text(&old, "GOVERN 3.1").unwrap();
    let old_3_2 = text(&old, "GOVERN 3.2").unwrap();
    let drop = "(e.g., diversity of demographics, disciplines, experience, expertise, and \
                backgrounds)";

    // GOVERN 3.1 (diverse teams) folded into GOVERN 3.2 (human-AI roles); 3.2 becomes 3.1.
    let new = merge(old.clone(), "GOVERN 3.2", "GOVERN 3.1", Some(drop));
    assert!(new.meta.title.starts_with(
        "AI RMF 1.0 — test revision: GOVERN 3.1 merged into GOVERN 3.2 without \"(e.g., \
         diversity"
    ));
    assert!(new.meta.title.ends_with("(not NIST text)"));
    assert_eq!(child_ids(&new, "GOVERN 3", "subcategory"), ["GOVERN 3.1"]);
    assert_eq!(count(&new, "subcategory"), count(&old, "subcategory") - 1);
    let merged = text(&new, "GOVERN 3.1").unwrap();
    let kept = old_3_1.replace(drop, "");
    assert_eq!(merged, format!("{old_3_2} {}", tidy(&kept)));
    assert!(merged.starts_with(&old_3_2));
    assert!(
        contains_words(&merged, &kept),
        "every word of 3.1 but the phrase"
    );
    assert!(!merged.contains("diversity of demographics"));
    assert!(merged.ends_with("is informed by a diverse team."));
    assert_eq!(text(&new, "GOVERN 3.2"), None);
    assert_eq!(text(&new, "GOVERN 4.1"), text(&old, "GOVERN 4.1"));

    // MEASURE 2.12 (environmental impact) folded into MEASURE 2.11 (fairness and bias) whole.
    let old_2_11 = text(&old, "MEASURE 2.11").unwrap();
    let old_2_12 = text(&old, "MEASURE 2.12").unwrap();
    let new = merge(old.clone(), "MEASURE 2.11", "MEASURE 2.12", None);
    assert_eq!(
        new.meta.title,
        "AI RMF 1.0 — test revision: MEASURE 2.12 merged into MEASURE 2.11, the rest \
         renumbered (not NIST text)"
    );
    assert_eq!(
        text(&new, "MEASURE 2.11").unwrap(),
        format!("{old_2_11} {old_2_12}")
    );
    assert_eq!(text(&new, "MEASURE 2.12"), text(&old, "MEASURE 2.13"));
    assert_eq!(text(&new, "MEASURE 2.13"), None);
    assert_eq!(count(&new, "subcategory"), count(&old, "subcategory") - 1);
}

#[test]
fn split_cuts_a_subcategory_in_two_and_renumbers_the_rest() {
    let old = ai_rmf();
    let old_1_1 = text(&old, "MAP 1.1").unwrap();
    let at = "Considerations include:";

    let new = split(old.clone(), "MAP 1.1", at);
    assert_eq!(
        new.meta.title,
        "AI RMF 1.0 — test revision: MAP 1.1 split at \"Considerations include:\", \
         MAP 1.2–MAP 1.6 renumbered (not NIST text)"
    );
    assert_eq!(count(&new, "subcategory"), count(&old, "subcategory") + 1);
    assert_eq!(
        child_ids(&new, "MAP 1", "subcategory"),
        [
            "MAP 1.1", "MAP 1.2", "MAP 1.3", "MAP 1.4", "MAP 1.5", "MAP 1.6", "MAP 1.7"
        ]
    );
    let head = text(&new, "MAP 1.1").unwrap();
    let tail = text(&new, "MAP 1.2").unwrap();
    assert!(
        head.starts_with("Intended purposes") && head.ends_with("are understood and documented.")
    );
    assert!(tail.starts_with(at) && tail.ends_with("related TEVV and system metrics."));
    assert_eq!(format!("{head} {tail}"), old_1_1, "no word lost or added");
    for (now, was) in [("MAP 1.3", "MAP 1.2"), ("MAP 1.7", "MAP 1.6")] {
        assert_eq!(text(&new, now), text(&old, was), "{now} holds {was}");
    }
    assert_eq!(text(&new, "MAP 2.1"), text(&old, "MAP 2.1"));
    let added = new
        .walk()
        .find(|n| n.id.as_deref() == Some("MAP 1.2"))
        .unwrap();
    assert_eq!(added.title.as_deref(), Some("MAP 1.2"));
    assert_eq!(added.class.as_deref(), Some("subcategory"));

    // The last subcategory of a category: nothing after it to renumber.
    let old_1_6 = text(&old, "MAP 1.6").unwrap();
    let new = split(old.clone(), "MAP 1.6", "Design decisions");
    assert_eq!(
        child_ids(&new, "MAP 1", "subcategory")
            .last()
            .map(String::as_str),
        Some("MAP 1.7")
    );
    let (head, tail) = (
        text(&new, "MAP 1.6").unwrap(),
        text(&new, "MAP 1.7").unwrap(),
    );
    assert!(tail.starts_with("Design decisions take socio-technical implications"));
    assert_eq!(format!("{head} {tail}"), old_1_6);
}

#[test]
fn insert_adds_a_subcategory_and_renumbers_the_rest() {
    let old = ai_rmf();
    let genai = shipped("ai-600-1");
    let new = insert(old.clone(), "GOVERN 1.3", &genai, "GV-1.1-001");
    assert_eq!(
        new.meta.title,
        "AI RMF 1.0 — test revision: GV-1.1-001 inserted as GOVERN 1.3, GOVERN 1.3–GOVERN 1.7 \
         renumbered (not NIST text)"
    );
    assert_eq!(count(&new, "subcategory"), count(&old, "subcategory") + 1);
    let inserted = text(&new, "GOVERN 1.3").unwrap();
    assert!(inserted.starts_with("Align GAI development and use with applicable laws"));
    assert_eq!(text(&new, "GOVERN 1.4"), text(&old, "GOVERN 1.3"));
    assert_eq!(text(&new, "GOVERN 1.8"), text(&old, "GOVERN 1.7"));
    assert_eq!(text(&new, "GOVERN 1.2"), text(&old, "GOVERN 1.2"));
}

#[test]
fn swap_with_next_trades_two_subcategories_places_and_numbers() {
    let old = ai_rmf();
    let new = swap_with_next(old.clone(), "GOVERN 3.1");
    assert_eq!(
        new.meta.title,
        "AI RMF 1.0 — test revision: GOVERN 3.1 and GOVERN 3.2 swapped (not NIST text)"
    );
    assert_eq!(
        child_ids(&new, "GOVERN 3", "subcategory"),
        child_ids(&old, "GOVERN 3", "subcategory")
    );
    assert_eq!(text(&new, "GOVERN 3.1"), text(&old, "GOVERN 3.2"));
    assert_eq!(text(&new, "GOVERN 3.2"), text(&old, "GOVERN 3.1"));
    assert_eq!(count(&new, "subcategory"), count(&old, "subcategory"));
    let titles = |doc: &Document| -> Vec<Option<String>> {
        let under = doc
            .walk()
            .find(|n| n.id.as_deref() == Some("GOVERN 3"))
            .unwrap();
        under.children.iter().map(|c| c.title.clone()).collect()
    };
    assert_eq!(titles(&new), titles(&old), "titles follow the numbers");
}

#[test]
fn csf_without_placeholders_removes_them_and_keeps_their_destinations() {
    let old = shipped("csf-2.0");
    let withdrawn = old.walk().filter(|n| is_withdrawn(n)).count();
    let (new, destinations) = csf_without_placeholders();
    eprintln!(
        "csf-2.0: {withdrawn} withdrawn placeholders, {} with subcategory destinations",
        destinations.len()
    );
    assert!(
        new.meta
            .title
            .ends_with("test revision: withdrawn placeholders removed (not NIST text)")
    );

    // 91 placeholders: 12 categories and 79 subcategories; of the subcategories, all but
    // DE.DP-02 ("Incorporated into DE.AE", a category) name subcategories.
    assert_eq!(withdrawn, 91);
    assert_eq!(destinations.len(), 78);
    assert!(new.walk().all(|n| !is_withdrawn(n)));
    assert!(
        entries(&new)
            .iter()
            .all(|e| !e.text.trim_start().starts_with("[Withdrawn"))
    );
    assert_eq!(text(&new, "ID.BE"), None);
    assert_eq!(text(&new, "ID.AM-06"), None);
    assert!(text(&new, "ID.AM-07").is_some());

    assert!(destinations.contains(&(
        "ID.AM-6".to_string(),
        vec!["GV.RR-02".to_string(), "GV.SC-02".to_string()]
    )));
    // Only the subcategory of "Incorporated into GV.PO, GV.PO-01, GV.PO-02".
    assert!(
        destinations
            .iter()
            .any(|(_, to)| to == &["GV.PO-01", "GV.PO-02"])
    );
    assert!(destinations.iter().all(|(from, _)| from != "DE.DP-2"));

    // Every 1.1 id is printed as CSF 1.1 prints it, every destination is a live 2.0
    // subcategory. The shipped CSF 1.1 (NIST's csf-1.1.json) lacks two subcategories that
    // CSF 1.1 added to 1.0 and CSF 2.0 withdrew: PR.AC-7 (→ PR.AA-03) and RS.AN-5
    // (→ ID.RA-08).
    let csf_1_1 = shipped("csf-1.1");
    let mut not_in_1_1 = Vec::new();
    for (from, to) in &destinations {
        match csf_1_1
            .walk()
            .find(|n| n.id.as_deref() == Some(from.as_str()))
        {
            Some(in_1_1) => {
                assert_eq!(in_1_1.class.as_deref(), Some("subcategory"), "{from}");
            }
            None => not_in_1_1.push(from.as_str()),
        }
        assert!(!to.is_empty());
        for id in to {
            let live = new
                .walk()
                .find(|n| n.id.as_deref() == Some(id.as_str()))
                .unwrap_or_else(|| panic!("{from} → {id}, which is in CSF 2.0"));
            assert_eq!(live.class.as_deref(), Some("subcategory"), "{id}");
            assert_ne!(
                id_key(id),
                id_key(from),
                "{from} is not its own destination"
            );
        }
    }
    assert_eq!(not_in_1_1, ["PR.AC-7", "RS.AN-5"]);
}
