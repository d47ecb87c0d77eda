//! Markdown renderer (`--format md`): the audit report. It reads well on GitHub and converts
//! to PDF. Findings first: a headline and every reference as a numbered one-line finding
//! (removed, reworded, retained, added) linked to its entry; then the counts (references and
//! entries apart), the substitutions, each entry with its references' old and new wording,
//! the provenance of both inputs, and the method (directive, lexicon terms and exclusions,
//! command).
//!
//! Document text is escaped ([`text`], [`code`]) so that nothing in a framework can turn
//! into Markdown or HTML markup.

use std::io::{self, Write};

use super::{CLASSIFICATIONS, anchors, headline, listed};
use crate::model::Metadata;
use crate::report::history::History;
use crate::report::{
    Change, ChangeKind, Report, Scan, Status, TopicRef, lexicon_name, rising_line,
};

/// The sentence of the AI Action Plan the topics come from.
pub const DIRECTIVE: &str = "revise the NIST AI Risk Management Framework to eliminate \
references to misinformation, Diversity, Equity, and Inclusion, and climate change";
/// Where [`DIRECTIVE`] is quoted from.
pub const DIRECTIVE_SOURCE: &str = "America's AI Action Plan (The White House, July 2025)";

/// Renders a diff report as a Markdown audit report: findings first, then the counts, the
/// changed entries with each reference's old and new wording, the inputs and the method.
pub fn write_report(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let title = format!(
        "Audit report: {} → {}",
        text(&report.old.title),
        text(&report.new.title)
    );
    let lexicon = lexicon_name(&report.lexicon_version, &report.lexicon_profile);
    write_heading(out, &title, &report.tool_version, &lexicon)?;
    let anchors = anchors(&report.changes);
    write_findings(out, report, &anchors)?;
    write_counts(out, report)?;
    write_substitutions(out, report)?;
    write_entries(out, report, &anchors)?;
    write_inputs(out, &report.old, &report.new)?;
    write_method(out, report)
}

/// The title of a report (already Markdown) and what made it.
fn write_heading(out: &mut dyn Write, title: &str, tool: &str, lexicon: &str) -> io::Result<()> {
    writeln!(out, "# {title}\n")?;
    writeln!(
        out,
        "Made by rmfdiff {tool} with topic lexicon {lexicon}.\n"
    )
}

/// The directive the topics come from, quoted with its source.
fn write_directive(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "> {DIRECTIVE}\n>\n> — {DIRECTIVE_SOURCE}\n")
}

fn write_inputs(out: &mut dyn Write, old: &Metadata, new: &Metadata) -> io::Result<()> {
    writeln!(out, "## Inputs\n")?;
    writeln!(out, "| | old | new |\n|---|---|---|")?;
    let row = |out: &mut dyn Write, label: &str, f: &dyn Fn(&Metadata) -> String| {
        writeln!(out, "| {label} | {} | {} |", f(old), f(new))
    };
    let opt = |v: &Option<String>| v.as_deref().map_or_else(|| "–".to_string(), text);
    row(out, "Title", &|m| text(&m.title))?;
    row(out, "Publication", &|m| opt(&m.publication))?;
    row(out, "Version", &|m| opt(&m.version))?;
    row(out, "Published", &|m| opt(&m.published))?;
    row(out, "File", &|m| code(&m.source))?;
    row(out, "SHA-256", &|m| code(&m.sha256))?;
    row(out, "Imported from", &|m| match &m.imported_from {
        None => "–".to_string(),
        Some(origin) => {
            let files: Vec<String> = origin
                .sources
                .iter()
                .map(|s| format!("{} (SHA-256 {})", code(&s.file), code(&s.sha256)))
                .collect();
            format!("{} by {}", files.join("<br>"), text(&origin.importer))
        }
    })?;
    writeln!(out)
}

/// Reference counts by topic, then entry counts: two tables, so that an entry is never
/// read as a reference. A topic with no reference in either version is a sentence.
fn write_counts(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(out, "## Counts\n")?;
    writeln!(out, "### References by topic\n")?;
    let (found, none): (Vec<_>, Vec<_>) = report.topics.iter().partition(|t| t.all.total() > 0);
    if !found.is_empty() {
        writeln!(
            out,
            "| Topic (references) | in old | in new | removed | reworded | retained | added |\n\
             |---|--:|--:|--:|--:|--:|--:|"
        )?;
        for topic in found {
            for (label, c) in [
                (text(&topic.name), &topic.all),
                ("↳ direct terms only".to_string(), &topic.direct),
            ] {
                writeln!(
                    out,
                    "| {label} | {} | {} | {} | {} | {} | {} |",
                    c.in_old(),
                    c.in_new(),
                    c.removed,
                    c.reworded,
                    c.retained,
                    c.added
                )?;
            }
        }
        writeln!(out)?;
    }
    if !none.is_empty() {
        let names: Vec<String> = none.iter().map(|t| text(&t.name)).collect();
        writeln!(
            out,
            "No reference in either version: {}.\n",
            names.join(", ")
        )?;
    }
    writeln!(out, "### Entries by change\n")?;
    writeln!(out, "| Entries | count |\n|---|--:|")?;
    for (what, count) in report.nodes.rows() {
        writeln!(out, "| {what} | {count} |")?;
    }
    writeln!(out)?;
    if report.approximate_diffs > 0 {
        writeln!(
            out,
            "Note: {} word diffs hit the time limit (`--deadline-ms`); they are correct but \
may not be minimal.\n",
            report.approximate_diffs
        )?;
    }
    Ok(())
}

/// What the new text has where the removed and reworded references were, and the words the
/// changed entries gained most.
fn write_substitutions(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(out, "## Substitutions\n")?;
    if report.substitutions.is_empty() {
        writeln!(out, "No reference was removed or reworded.\n")?;
    } else {
        writeln!(
            out,
            "What the new text has where removed and reworded references were (lower-cased).\n"
        )?;
        writeln!(
            out,
            "| Topic | Term | Matched | Replaced by | Count |\n|---|---|---|---|--:|"
        )?;
        for s in &report.substitutions {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                text(&s.topic),
                text(&s.term),
                code(&s.matched),
                replacement(&s.replaced_by),
                s.count
            )?;
        }
        writeln!(out)?;
    }
    if !report.rising_words.is_empty() {
        let words = text(&rising_line(&report.rising_words));
        writeln!(out, "Rising words in the changed entries: {words}.\n")?;
    }
    Ok(())
}

/// A replacement as inline code, or *nothing*.
fn replacement(replaced_by: &str) -> String {
    if replaced_by.is_empty() {
        "*nothing*".to_string()
    } else {
        code(replaced_by)
    }
}

/// The headline, then every reference as a numbered one-line finding: removed, reworded,
/// retained, added, each linked to its entry.
fn write_findings(out: &mut dyn Write, report: &Report, anchors: &[String]) -> io::Result<()> {
    writeln!(out, "## Findings\n")?;
    writeln!(out, "**{}**\n", text(&headline(report)))?;
    for (number, (at, r)) in report.findings().into_iter().enumerate() {
        let line = finding(&report.changes[at], r, &anchors[at]);
        writeln!(out, "{}. {line}", number + 1)?;
    }
    if !report.changes.iter().any(|c| !c.topics.is_empty()) {
        writeln!(out, "No finding.")?;
    }
    writeln!(out)
}

/// One finding on one line: classification, topic, words, where, and what replaced them.
fn finding(change: &Change, r: &TopicRef, anchor: &str) -> String {
    let term = if r.term.eq_ignore_ascii_case(&r.matched) {
        String::new()
    } else {
        format!(", term {}", code(&r.term))
    };
    let was = r.was.as_ref().map_or(String::new(), |w| {
        format!("; was {} ({})", code(&w.matched), w.strength.as_str())
    });
    let replaced = r.replaced_by.as_deref().map_or(String::new(), |by| {
        format!(" · replaced by {}", replacement(by))
    });
    let name = change.path.last().map_or(String::new(), |n| text(n));
    let page = r
        .cited_pages()
        .map(|p| format!(", {p}"))
        .unwrap_or_default();
    format!(
        "**{}** · {} · {} ({}{term}{was}) · [{name}](#{anchor}){page}{replaced}",
        r.status.as_str(),
        text(&r.topic),
        code(&r.matched),
        r.strength.as_str(),
    )
}

/// Each entry that changed or holds a reference, in document order: what happened to it,
/// and each of its references with the old and the new wording.
fn write_entries(out: &mut dyn Write, report: &Report, anchors: &[String]) -> io::Result<()> {
    writeln!(out, "## Entries\n")?;
    if report.changes.is_empty() {
        return writeln!(out, "No entry changed.\n");
    }
    for (change, anchor) in report.changes.iter().zip(anchors) {
        writeln!(out, "<a id=\"{anchor}\"></a>\n")?;
        writeln!(
            out,
            "### {} — {}\n",
            text(&change.path.join(" › ")),
            change.label()
        )?;
        let mut facts = Vec::new();
        if let Some(by) = change
            .paired_by()
            .filter(|_| change.kind != ChangeKind::Unchanged)
        {
            let was = change
                .renumbered_from()
                .map_or(String::new(), |old| format!("; was {}", code(old)));
            facts.push(format!("matched by {}{was}", by.as_str()));
        }
        facts.extend(change.joins().iter().map(|j| text(j)));
        if !facts.is_empty() {
            writeln!(out, "{}.\n", facts.join("; "))?;
        }
        for r in &change.topics {
            write_reference(out, change, r)?;
        }
        if !change.topics.is_empty() {
            writeln!(out)?;
        }
    }
    Ok(())
}

fn write_reference(out: &mut dyn Write, change: &Change, r: &TopicRef) -> io::Result<()> {
    let page = r
        .cited_pages()
        .map(|p| format!(", {p}"))
        .unwrap_or_default();
    writeln!(
        out,
        "- **{}** {} {} ({}){page}",
        r.status.as_str(),
        text(&r.topic),
        code(&r.matched),
        r.strength.as_str(),
    )?;
    let (old, new) = r.wording();
    if let Some(old) = old {
        writeln!(out, "  - old: {}", text(old))?;
    }
    match (new, r.status) {
        (Some(new), _) => writeln!(out, "  - new: {}", text(new)),
        (None, Status::Removed) if change.withdrawal.is_some() => writeln!(
            out,
            "  - new: NIST withdrew the entry; {}; these words are not there",
            text(&change.joins().join("; "))
        ),
        (None, Status::Removed) if !change.merged_into().is_empty() => {
            let into: Vec<&str> = change.merged_into().iter().map(|l| l.id.as_str()).collect();
            let into = text(&into.join(", "));
            writeln!(
                out,
                "  - new: the entry was merged into {into} without these words"
            )
        }
        (None, Status::Removed) if change.kind == ChangeKind::Removed => {
            writeln!(out, "  - new: the entry is gone")
        }
        (None, _) => writeln!(out, "  - new: the passage is gone"),
    }
}

/// How the report was made: the directive, what the classifications mean, the tool, the
/// lexicon with each topic's terms and exclusions, and the command.
fn write_method(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(out, "## Method\n")?;
    writeln!(out, "What is checked:\n")?;
    write_directive(out)?;
    writeln!(
        out,
        "Each occurrence of a lexicon term of these topics is a reference. *Direct* terms are \
the directive's own words; *related* ones are their neighbours. Pages are the numbers \
printed on them, in the old or the new version as said.\n"
    )?;
    for (status, meaning) in CLASSIFICATIONS {
        writeln!(out, "- **{status}**: {meaning}")?;
    }
    let lexicon = lexicon_name(&report.lexicon_version, &report.lexicon_profile);
    writeln!(
        out,
        "\nMade by rmfdiff {} with topic lexicon {lexicon}; entries paired at similarity {} or more.\n",
        text(&report.tool_version),
        report.threshold
    )?;
    if let Some(command) = &report.method.command {
        writeln!(out, "Command: {}\n", code(command))?;
    }
    for topic in &report.method.topics {
        let list = |terms: &[String]| listed(terms.iter().map(|t| code(t)));
        writeln!(out, "**{}**\n", text(&topic.name))?;
        writeln!(out, "- direct terms: {}", list(&topic.direct))?;
        writeln!(out, "- related terms: {}", list(&topic.related))?;
        let exclusions: Vec<String> = topic.exclusions.iter().map(|e| text(e)).collect();
        writeln!(
            out,
            "- not counted (other senses): {}\n",
            exclusions.join("; ")
        )?;
    }
    Ok(())
}

/// Renders a scan: every passage of one version that the directive would touch, by topic.
pub fn write_scan(scan: &Scan, out: &mut dyn Write) -> io::Result<()> {
    let title = format!("Topic references: {}", text(&scan.doc.title));
    let lexicon = lexicon_name(&scan.lexicon_version, &scan.lexicon_profile);
    write_heading(out, &title, &scan.tool_version, &lexicon)?;
    write_directive(out)?;
    writeln!(out, "| | |\n|---|---|")?;
    writeln!(out, "| File | {} |", code(&scan.doc.source))?;
    writeln!(out, "| SHA-256 | {} |\n", code(&scan.doc.sha256))?;
    writeln!(out, "| Topic | references | direct |\n|---|--:|--:|")?;
    for topic in &scan.topics {
        let name = text(&topic.name);
        writeln!(out, "| {name} | {} | {} |", topic.total, topic.direct)?;
    }
    let mut number = 0;
    for topic in &scan.topics {
        writeln!(out, "\n## {}\n", text(&topic.name))?;
        for hit in scan.hits.iter().filter(|h| h.topic == topic.key) {
            number += 1;
            let page = hit
                .page
                .as_ref()
                .map(|p| format!(", p. {p}"))
                .unwrap_or_default();
            writeln!(
                out,
                "{number}. {} ({}) in {}{page}\n   - {}",
                code(&hit.matched),
                hit.strength.as_str(),
                text(&hit.path.join(" › ")),
                text(&hit.excerpt)
            )?;
        }
    }
    Ok(())
}

/// Renders a history: the versions, a timeline of counts, then each reference's life.
pub fn write_history(history: &History, out: &mut dyn Write) -> io::Result<()> {
    let lexicon = lexicon_name(&history.lexicon_version, &history.lexicon_profile);
    write_heading(
        out,
        "History of topic references",
        &history.tool_version,
        &lexicon,
    )?;
    write_directive(out)?;
    writeln!(out, "## Versions\n")?;
    writeln!(
        out,
        "| | Title | Published | File | SHA-256 |\n|---|---|---|---|---|"
    )?;
    for (i, meta) in history.versions.iter().enumerate() {
        let published = meta
            .published
            .as_deref()
            .map_or_else(|| "–".to_string(), text);
        writeln!(
            out,
            "| v{} | {} | {published} | {} | {} |",
            i + 1,
            text(&meta.title),
            code(&meta.source),
            code(&meta.sha256)
        )?;
    }
    writeln!(out, "\n## References per version\n")?;
    let versions = history.versions.len();
    let head: String = (1..=versions).map(|v| format!(" v{v} |")).collect();
    writeln!(out, "| Topic |{head}\n|---|{}", "--:|".repeat(versions))?;
    for topic in &history.topics {
        let row =
            |counts: &[usize]| -> String { counts.iter().map(|c| format!(" {c} |")).collect() };
        writeln!(out, "| {} |{}", text(&topic.name), row(&topic.all))?;
        writeln!(out, "| ↳ direct terms only |{}", row(&topic.direct))?;
    }
    writeln!(out, "\n## References\n")?;
    for (n, lineage) in history.references.iter().enumerate() {
        writeln!(
            out,
            "{}. {} ({}, {}) in {}",
            n + 1,
            code(&lineage.matched),
            text(&lineage.topic),
            lineage.strength.as_str(),
            text(&lineage.path.join(" › "))
        )?;
        for event in lineage.events(versions) {
            let page = event.page.map(|p| format!(" (p. {p})")).unwrap_or_default();
            match (event.gone, event.wording) {
                (true, _) => writeln!(out, "   - **{}**", event.what)?,
                (false, Some(wording)) => {
                    writeln!(out, "   - {}{page}: {}", event.what, text(wording))?
                }
                (false, None) => writeln!(out, "   - {}", event.what)?,
            }
        }
    }
    Ok(())
}

/// Document text as literal Markdown: characters that could start markup are escaped, and
/// line breaks become spaces so that a finding stays one list item.
///
/// ```
/// use rmfdiff::render::markdown::text;
/// assert_eq!(text("a *b* <i>|[x](y)"), r"a \*b\* &lt;i&gt;\|\[x\](y)");
/// ```
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            // With `[` escaped no link or image can form, so `(` and `!` may stay.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A short literal (a file name, a hash, a matched term) as inline code.
fn code(s: &str) -> String {
    // Backticks cannot be escaped inside a code span; a longer fence around it works.
    let fence = if s.contains('`') { "`` " } else { "`" };
    let close = if s.contains('`') { " ``" } else { "`" };
    format!("{fence}{}{close}", s.replace(['\n', '|'], " "))
}
