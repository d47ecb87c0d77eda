//! Terminal renderer: a word-level diff headed by each entry's path, like
//! `git diff --word-diff`, with the topic references of each entry listed under it.
//!
//! Without colour, deleted words read `[-like this-]` and inserted words `{+like this+}`.
//! With colour, deletions are red and struck through, insertions green and underlined, and
//! topic terms inside the text are bold on a yellow background.

use std::io::{self, Write};
use std::ops::Range;

use anstyle::{AnsiColor, Effects, Style};

use crate::diff::Op;
use crate::model::Metadata;
use crate::report::history::History;
use crate::report::{
    Change, Report, Scan, Side, Status, StatusCounts, TopicRef, lexicon_name, rising_line,
};
use crate::topics::{Lexicon, Strength};

const HEADER: Style = Style::new().bold();
const PATH: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)))
    .bold();
const DELETE: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .effects(Effects::STRIKETHROUGH);
const INSERT: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)))
    .effects(Effects::UNDERLINE);
const HIT: Style = Style::new()
    .bg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)))
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Black)))
    .bold();
const DIM: Style = Style::new().dimmed();

/// Writes styled text: escape codes with colour, plain text without.
struct Painter<'w> {
    out: &'w mut dyn Write,
    color: bool,
}

impl Painter<'_> {
    fn paint(&mut self, style: Style, text: &str) -> io::Result<()> {
        if self.color && style != Style::new() {
            // The reset goes before a final newline, so no line starts inside a style.
            let (body, newline) = text.strip_suffix('\n').map_or((text, ""), |b| (b, "\n"));
            write!(self.out, "{style}{body}{style:#}{newline}")
        } else {
            self.out.write_all(text.as_bytes())
        }
    }

    fn plain(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())
    }
}

/// How much of each change the terminal report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The word diff and the topic references of each change.
    Full,
    /// One line per change: its path, kind and how it was matched.
    Summary,
}

/// Renders a diff report.
pub fn write_report(
    report: &Report,
    out: &mut dyn Write,
    color: bool,
    detail: Detail,
) -> io::Result<()> {
    let mut p = Painter { out, color };
    p.paint(HEADER, &format!("rmfdiff {}", report.tool_version))?;
    let lexicon = lexicon_name(&report.lexicon_version, &report.lexicon_profile);
    p.plain(&format!(" · lexicon {lexicon}\n"))?;
    write_document(&mut p, "old", &report.old)?;
    write_document(&mut p, "new", &report.new)?;
    p.plain(&format!("\nEntries: {}\n", report.nodes.sentence()))?;
    if report.approximate_diffs > 0 {
        p.plain(&format!(
            "Note: {} word diffs hit the deadline (--deadline-ms) and may not be minimal.\n",
            report.approximate_diffs
        ))?;
    }
    write_topic_table(&mut p, report)?;
    write_substitutions(&mut p, report)?;
    if detail == Detail::Summary {
        p.plain("\n")?;
    }
    for change in &report.changes {
        write_change(&mut p, change, detail)?;
    }
    Ok(())
}

fn write_document(p: &mut Painter<'_>, side: &str, meta: &Metadata) -> io::Result<()> {
    p.paint(HEADER, &format!("{side:<4}"))?;
    p.plain(&meta.title)?;
    let details: Vec<String> = [
        meta.version.as_ref().map(|v| format!("version {v}")),
        meta.publication.clone(),
        meta.published.as_ref().map(|d| format!("published {d}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !details.is_empty() {
        p.plain(&format!(" ({})", details.join(", ")))?;
    }
    p.plain("\n    ")?;
    p.paint(DIM, &format!("{}  sha256 {}", meta.source, meta.sha256))?;
    if let Some(origin) = &meta.imported_from {
        for source in &origin.sources {
            p.plain("\n    ")?;
            let line = format!("from {}  sha256 {}", source.file, source.sha256);
            p.paint(DIM, &line)?;
        }
        p.paint(DIM, &format!("  ({})", origin.importer))?;
    }
    p.plain("\n")
}

fn write_topic_table(p: &mut Painter<'_>, report: &Report) -> io::Result<()> {
    p.plain("\n")?;
    p.paint(
        HEADER,
        &format!(
            "{:<24}{:>6}{:>6}{:>9}{:>10}{:>10}{:>7}\n",
            "Topic references", "old", "new", "removed", "reworded", "retained", "added"
        ),
    )?;
    let row = |name: &str, c: &StatusCounts| {
        format!(
            "{:<24}{:>6}{:>6}{:>9}{:>10}{:>10}{:>7}\n",
            name,
            c.in_old(),
            c.in_new(),
            c.removed,
            c.reworded,
            c.retained,
            c.added
        )
    };
    for topic in &report.topics {
        p.plain(&row(&topic.key, &topic.all))?;
        p.paint(DIM, &row("  direct terms only", &topic.direct))?;
    }
    Ok(())
}

/// How many substitution rows the terminal shows; the other formats show them all.
const SUBSTITUTION_ROWS: usize = 10;

/// What the new text has where the removed and reworded references were, most frequent
/// first, and the words that rose most; nothing when no reference went.
fn write_substitutions(p: &mut Painter<'_>, report: &Report) -> io::Result<()> {
    if report.substitutions.is_empty() {
        return Ok(());
    }
    p.plain("\n")?;
    p.paint(
        HEADER,
        "Substitutions (removed or reworded → now in their place)\n",
    )?;
    let shown = &report.substitutions[..report.substitutions.len().min(SUBSTITUTION_ROWS)];
    let width = shown.iter().map(|s| s.term.chars().count()).max();
    let width = width.unwrap_or_default();
    for s in shown {
        p.plain(&format!(
            "{:<15} {:<width$}  \"{}\" → {} ×{}\n",
            s.topic,
            s.term,
            s.matched,
            replacement(&s.replaced_by),
            s.count
        ))?;
    }
    let more = report.substitutions.len() - shown.len();
    if more > 0 {
        p.paint(
            DIM,
            &format!("… and {more} more (the JSON, Markdown and HTML reports list all)\n"),
        )?;
    }
    if !report.rising_words.is_empty() {
        let words = rising_line(&report.rising_words);
        p.plain(&format!("Rising words in the changed entries: {words}\n"))?;
    }
    Ok(())
}

/// A replacement in quotes, or `(nothing)`.
fn replacement(replaced_by: &str) -> String {
    if replaced_by.is_empty() {
        "(nothing)".to_string()
    } else {
        format!("\"{replaced_by}\"")
    }
}

fn write_change(p: &mut Painter<'_>, change: &Change, detail: Detail) -> io::Result<()> {
    if detail == Detail::Full {
        p.plain("\n")?;
    }
    p.paint(PATH, &format!("── {}", change.path.join(" › ")))?;
    p.plain(&format!(" · {}", change.label()))?;
    if let Some(by) = change.paired_by() {
        let was = change
            .renumbered_from()
            .map_or(String::new(), |old| format!("; was {old}"));
        p.paint(DIM, &format!(" (matched by {}{was})", by.as_str()))?;
    }
    let joins = change.joins();
    if detail == Detail::Summary {
        for join in &joins {
            p.plain(&format!(" · {join}"))?;
        }
        let refs = change.topics.len();
        if refs > 0 {
            p.plain(&format!(" · {refs} topic reference(s)"))?;
        }
        return p.plain("\n");
    }
    p.plain("\n")?;
    for join in &joins {
        p.paint(DIM, &format!("   {join}\n"))?;
    }
    if let (Some(old), Some(new)) = (&change.old_title, &change.new_title)
        && old != new
    {
        p.plain("   title: ")?;
        p.paint(DELETE, &marked(old, Op::Delete, p.color))?;
        p.plain(" → ")?;
        p.paint(INSERT, &marked(new, Op::Insert, p.color))?;
        p.plain("\n")?;
    }
    write_segments(p, change)?;
    for reference in &change.topics {
        write_reference(p, reference)?;
    }
    Ok(())
}

/// The text with git's word-diff markers when there is no colour to show the change.
fn marked(text: &str, op: Op, color: bool) -> String {
    match (op, color) {
        (Op::Delete, false) => format!("[-{text}-]"),
        (Op::Insert, false) => format!("{{+{text}+}}"),
        _ => text.to_string(),
    }
}

/// A run of text to print on one line, with its op and whether it is a topic term.
struct Piece<'a> {
    text: &'a str,
    op: Op,
    hit: bool,
}

/// Prints the lines of the entry's text that changed; unchanged lines are counted, not shown.
fn write_segments(p: &mut Painter<'_>, change: &Change) -> io::Result<()> {
    let old_hits: Vec<Range<usize>> = hit_ranges(change, Side::Old);
    let new_hits: Vec<Range<usize>> = hit_ranges(change, Side::New);
    let mut lines: Vec<Vec<Piece<'_>>> = vec![Vec::new()];
    let (mut old_at, mut new_at) = (0, 0);
    for segment in &change.segments {
        let (at, hits) = match segment.op {
            Op::Insert => (new_at, &new_hits),
            _ => (old_at, &old_hits),
        };
        let mut offset = at;
        for (i, line) in segment.text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
                offset += 1;
            }
            for (piece, hit) in split_hits(line, offset, hits)
                .into_iter()
                .filter(|(t, _)| !t.is_empty())
            {
                lines
                    .last_mut()
                    .expect("lines starts non-empty")
                    .push(Piece {
                        text: piece,
                        op: segment.op,
                        hit,
                    });
            }
            offset += line.len();
        }
        match segment.op {
            Op::Equal => {
                old_at += segment.text.len();
                new_at += segment.text.len();
            }
            Op::Delete => old_at += segment.text.len(),
            Op::Insert => new_at += segment.text.len(),
        }
    }
    let mut skipped = 0;
    for line in &lines {
        if !line.iter().any(|piece| piece.op != Op::Equal) {
            skipped += usize::from(!line.is_empty());
            continue;
        }
        if skipped > 0 {
            p.paint(DIM, &format!("   ⋮ {skipped} unchanged line(s)\n"))?;
            skipped = 0;
        }
        p.plain("   ")?;
        write_line(p, line)?;
        p.plain("\n")?;
    }
    if skipped > 0 && lines.len() > skipped {
        p.paint(DIM, &format!("   ⋮ {skipped} unchanged line(s)\n"))?;
    }
    Ok(())
}

fn write_line(p: &mut Painter<'_>, line: &[Piece<'_>]) -> io::Result<()> {
    // Consecutive pieces of one op share one pair of markers.
    let mut i = 0;
    while i < line.len() {
        let op = line[i].op;
        let end = line[i..]
            .iter()
            .position(|x| x.op != op)
            .map_or(line.len(), |n| i + n);
        let (style, open, close) = match (op, p.color) {
            (Op::Equal, _) => (Style::new(), "", ""),
            (Op::Delete, false) => (DELETE, "[-", "-]"),
            (Op::Insert, false) => (INSERT, "{+", "+}"),
            (Op::Delete, true) => (DELETE, "", ""),
            (Op::Insert, true) => (INSERT, "", ""),
        };
        p.plain(open)?;
        for piece in &line[i..end] {
            let style = if piece.hit {
                combine(style, HIT)
            } else {
                style
            };
            p.paint(style, piece.text)?;
        }
        p.plain(close)?;
        i = end;
    }
    Ok(())
}

fn combine(base: Style, hit: Style) -> Style {
    hit.effects(hit.get_effects() | base.get_effects())
}

fn hit_ranges(change: &Change, side: Side) -> Vec<Range<usize>> {
    let refs = change.topics.iter().filter(|t| t.side == side);
    refs.map(|t| t.range.clone()).collect()
}

/// Splits `line` (starting at byte `offset` of its side's text) into pieces inside and
/// outside the `hits` ranges.
fn split_hits<'a>(line: &'a str, offset: usize, hits: &[Range<usize>]) -> Vec<(&'a str, bool)> {
    let mut cuts: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| h.start < offset + line.len() && h.end > offset)
        .map(|h| {
            (
                h.start.max(offset) - offset,
                h.end.min(offset + line.len()) - offset,
            )
        })
        .collect();
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let mut at = 0;
    for (start, end) in cuts {
        let start = start.max(at);
        if start >= end {
            continue;
        }
        if start > at {
            pieces.push((&line[at..start], false));
        }
        pieces.push((&line[start..end], true));
        at = end;
    }
    if at < line.len() || pieces.is_empty() {
        pieces.push((&line[at..], false));
    }
    pieces
}

fn write_reference(p: &mut Painter<'_>, r: &TopicRef) -> io::Result<()> {
    let style = match r.status {
        Status::Removed | Status::Reworded => DELETE.effects(Effects::BOLD),
        Status::Added => INSERT.effects(Effects::BOLD),
        Status::Retained => HEADER,
    };
    p.plain("   ")?;
    p.paint(style, &format!("{:<9}", r.status.as_str()))?;
    p.plain(&format!(" {:<15} \"{}\"", r.topic, r.matched))?;
    let note = term_note(&r.term, &r.matched);
    let was = r.was_note().map_or(String::new(), |w| format!("; {w}"));
    p.paint(DIM, &format!(" ({}{note}{was})", r.strength.as_str()))?;
    if let Some(pages) = r.cited_pages() {
        p.plain(&format!(" {pages}"))?;
    }
    p.plain("\n")?;
    match r.wording() {
        (Some(old), Some(new)) => {
            p.paint(DIM, &format!("             old: {old}\n"))?;
            p.paint(DIM, &format!("             new: {new}\n"))
        }
        (Some(one), None) | (None, Some(one)) => p.paint(DIM, &format!("             {one}\n")),
        (None, None) => Ok(()),
    }
}

/// Names the lexicon term when the text matched an inflection of it.
fn term_note(term: &str, matched: &str) -> String {
    if term.eq_ignore_ascii_case(matched) {
        String::new()
    } else {
        format!(", term \"{term}\"")
    }
}

/// Renders a scan: the topic counts, then every reference grouped by topic.
pub fn write_scan(scan: &Scan, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let mut p = Painter { out, color };
    p.paint(HEADER, &format!("rmfdiff {}", scan.tool_version))?;
    let lexicon = lexicon_name(&scan.lexicon_version, &scan.lexicon_profile);
    p.plain(&format!(" · lexicon {lexicon}\n"))?;
    write_document(&mut p, "doc", &scan.doc)?;
    p.plain("\n")?;
    p.paint(
        HEADER,
        &format!("{:<24}{:>11}{:>8}\n", "Topic", "references", "direct"),
    )?;
    for topic in &scan.topics {
        p.plain(&format!(
            "{:<24}{:>11}{:>8}\n",
            topic.key, topic.total, topic.direct
        ))?;
    }
    for topic in &scan.topics {
        let hits: Vec<_> = scan.hits.iter().filter(|h| h.topic == topic.key).collect();
        if hits.is_empty() {
            continue;
        }
        p.plain("\n")?;
        p.paint(HEADER, &format!("{} ({})\n", topic.name, topic.key))?;
        for hit in hits {
            p.plain("  ")?;
            p.paint(PATH, &hit.path.join(" › "))?;
            if let Some(page) = &hit.page {
                p.plain(&format!(" p. {page}"))?;
            }
            p.plain(&format!(" \"{}\"", hit.matched))?;
            let note = term_note(&hit.term, &hit.matched);
            p.paint(DIM, &format!(" ({}{note})\n", hit.strength.as_str()))?;
            p.paint(DIM, &format!("      {}\n", hit.excerpt))?;
        }
    }
    Ok(())
}

/// Renders a history: the versions, each topic's count per version, then each reference's
/// life: where it first appears, each change of wording, where it is gone.
pub fn write_history(history: &History, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let mut p = Painter { out, color };
    p.paint(HEADER, &format!("rmfdiff {}", history.tool_version))?;
    let lexicon = lexicon_name(&history.lexicon_version, &history.lexicon_profile);
    p.plain(&format!(" · lexicon {lexicon}\n"))?;
    for (i, meta) in history.versions.iter().enumerate() {
        write_document(&mut p, &format!("v{}", i + 1), meta)?;
    }
    p.plain("\n")?;
    let columns: String = (1..=history.versions.len())
        .map(|v| format!("{:>6}", format!("v{v}")))
        .collect();
    p.paint(HEADER, &format!("{:<24}{columns}\n", "Topic references"))?;
    for topic in &history.topics {
        let row =
            |counts: &[usize]| -> String { counts.iter().map(|c| format!("{c:>6}")).collect() };
        p.plain(&format!("{:<24}{}\n", topic.key, row(&topic.all)))?;
        p.paint(
            DIM,
            &format!("{:<24}{}\n", "  direct terms only", row(&topic.direct)),
        )?;
    }
    for lineage in &history.references {
        p.plain("\n")?;
        p.paint(PATH, &lineage.path.join(" › "))?;
        let note = term_note(&lineage.term, &lineage.matched);
        p.plain(&format!(" {} \"{}\"", lineage.topic, lineage.matched))?;
        p.paint(DIM, &format!(" ({}{note})\n", lineage.strength.as_str()))?;
        for event in lineage.events(history.versions.len()) {
            if event.wording.is_none() && !event.gone {
                p.paint(DIM, "   still present in the last version\n")?;
                continue;
            }
            p.plain(&format!("   v{:<3}", event.version + 1))?;
            if event.gone {
                p.paint(DELETE.effects(Effects::BOLD), &format!("{}\n", event.kind))?;
                continue;
            }
            p.plain(&format!("{:<10}", event.kind.replace("wording ", "")))?;
            if let Some(page) = event.page {
                p.plain(&format!("p. {page}  "))?;
            }
            p.paint(DIM, &format!("{}\n", event.wording.unwrap_or_default()))?;
        }
    }
    Ok(())
}

/// Renders the list of shipped versions: name, title, publication, date, source and its hash.
pub fn write_list(versions: &[(&str, Metadata)], out: &mut dyn Write) -> io::Result<()> {
    for (name, meta) in versions {
        writeln!(out, "{name}")?;
        writeln!(out, "    {}", meta.title)?;
        let facts: Vec<String> = [
            meta.publication.clone(),
            meta.version.as_ref().map(|v| format!("version {v}")),
            meta.published.as_ref().map(|d| format!("published {d}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        writeln!(out, "    {}", facts.join(" · "))?;
        for source in meta.imported_from.iter().flat_map(|o| &o.sources) {
            writeln!(out, "    from {}  sha256 {}", source.file, source.sha256)?;
        }
    }
    Ok(())
}

/// Renders the lexicon: its version, then each topic's terms by strength and its exclusions.
pub fn write_lexicon(lexicon: &Lexicon, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let mut p = Painter { out, color };
    let name = lexicon_name(&lexicon.version, &lexicon.profile);
    p.paint(HEADER, &format!("lexicon {name}\n"))?;
    for topic in &lexicon.topics {
        p.plain("\n")?;
        p.paint(HEADER, &format!("{} ({})\n", topic.name, topic.key))?;
        for s in [Strength::Direct, Strength::Related] {
            let terms: Vec<String> = topic
                .terms
                .iter()
                .filter(|t| t.strength == s)
                .map(|t| match &t.source {
                    Some(source) => format!("{} [{source}]", t.phrase),
                    None => t.phrase.clone(),
                })
                .collect();
            if !terms.is_empty() {
                p.plain(&format!(
                    "  {:<12}{}\n",
                    format!("{}:", s.as_str()),
                    terms.join(", ")
                ))?;
            }
        }
        for (label, phrases) in [
            ("excluded:", &topic.exclusions),
            ("as related:", &topic.as_related),
        ] {
            if !phrases.is_empty() {
                p.plain(&format!("  {label:<12}{}\n", phrases.join(", ")))?;
            }
        }
        for rule in &topic.rules {
            p.plain(&format!(
                "  {:<12}\"{}\" unless one of the next {} words is: {}\n",
                "rule:",
                rule.phrase,
                rule.within,
                rule.unless_followed_by.join(", ")
            ))?;
        }
    }
    if !lexicon.sources.is_empty() {
        p.plain("\n")?;
        p.paint(HEADER, "Sources\n")?;
        for (key, citation) in &lexicon.sources {
            p.plain(&format!("  {key:<12}{citation}\n"))?;
        }
    }
    Ok(())
}
