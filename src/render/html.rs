//! HTML renderer: the render stage (`report::Report ─▶ render`) for publishers. It writes one
//! self-contained page (style and script embedded, no network requests) with the provenance
//! of both versions, a summary with inline-SVG bar charts, a table of contents, and every
//! change in an inline and a side-by-side view, with topic filters and a permalink per entry.
//!
//! Safety by construction: every piece of document text or metadata is written through
//! `Text` (element content) or `Attr` (a double-quoted attribute value), the only two
//! escapers. The script is a constant and reads no embedded data: the filters use `data-`
//! attributes of plain tokens. A Content-Security-Policy allows only that script and style
//! (by hash) and no network access, as a second line of defence. The reader needs no
//! JavaScript: the inline view, which shows everything, is the default; the script only
//! reveals the view switch and the filters.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, BufWriter, Write};
use std::ops::Range;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::markdown::{DIRECTIVE, DIRECTIVE_SOURCE};
use super::{CLASSIFICATIONS, anchors, headline, listed};
use crate::diff::Op;
use crate::model::{Metadata, Page, Provenance};
use crate::report::history::History;
use crate::report::{
    Change, ChangeKind, Report, Scan, Side, Status, StatusCounts, TopicRef, lexicon_name,
    rising_line,
};
use crate::topics::Strength;

/// Writes the report as one self-contained HTML page: findings first, then the counts,
/// every entry, the inputs and the method.
pub fn write_report(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut w = BufWriter::new(out);
    let anchors = anchors(&report.changes);
    let findings = Findings::new(report);
    let title = format!("rmfdiff: {}", heading(report));
    let generator = format!("rmfdiff {}", report.tool_version);
    write_head(&mut w, &title, &generator, &[STYLE], &[SCRIPT])?;
    write_header(&mut w, report)?;
    write_findings(&mut w, report, &findings, &anchors)?;
    write_summary(&mut w, report)?;
    writeln!(w, r#"<div class="layout">"#)?;
    write_contents(&mut w, report, &anchors)?;
    writeln!(w, r#"<main id="changes" aria-labelledby="changes-title">"#)?;
    writeln!(w, r#"<h2 id="changes-title">Entries</h2>"#)?;
    write_controls(&mut w, report)?;
    if report.changes.is_empty() {
        writeln!(w, "<p>No entry changed.</p>")?;
    }
    for (change, anchor) in report.changes.iter().zip(&anchors) {
        write_change(&mut w, report, change, anchor, &findings)?;
    }
    writeln!(w, "</main>\n</div>")?;
    write_inputs(&mut w, report)?;
    write_method(&mut w, report)?;
    writeln!(w, "<script>{SCRIPT}</script>\n</body>\n</html>")?;
    w.flush()
}

/// The report's findings in the order they are cited, each reference numbered: removed,
/// reworded, retained, added (see [`Report::findings`]).
struct Findings<'r> {
    list: Vec<(usize, &'r TopicRef)>,
    /// A reference's number (from 1), by its address in the report.
    numbers: std::collections::HashMap<*const TopicRef, usize>,
}

impl<'r> Findings<'r> {
    fn new(report: &'r Report) -> Findings<'r> {
        let list = report.findings();
        let numbers = list
            .iter()
            .enumerate()
            .map(|(i, (_, r))| (*r as *const TopicRef, i + 1))
            .collect();
        Findings { list, numbers }
    }

    fn number(&self, r: &TopicRef) -> usize {
        self.numbers[&(r as *const TopicRef)]
    }
}

/// The headline and every finding on one line, linked to where it is in its entry; the
/// removed and reworded ones with their passage.
fn write_findings(
    w: &mut dyn Write,
    report: &Report,
    findings: &Findings<'_>,
    anchors: &[String],
) -> io::Result<()> {
    writeln!(
        w,
        r#"<section id="findings" aria-labelledby="findings-title">"#
    )?;
    writeln!(w, r#"<h2 id="findings-title">Findings</h2>"#)?;
    writeln!(w, r#"<p class="headline">{}</p>"#, Text(&headline(report)))?;
    if findings.list.is_empty() {
        writeln!(w, "<p>No finding.</p>")?;
    } else {
        writeln!(w, r#"<ol class="findings">"#)?;
    }
    for (number, &(at, r)) in findings.list.iter().enumerate() {
        let (change, entry) = (&report.changes[at], anchors[at].as_str());
        let status = r.status.as_str();
        write!(
            w,
            r##"<li data-status="{status}"><span class="status s-{status}">{status}</span> {} “{}”"##,
            topic_label(topic_token(report, &r.topic), &r.topic),
            Text(&r.matched)
        )?;
        let name = change.path.last().map_or("", String::as_str);
        write!(
            w,
            r##" · <a href="#finding-{}" data-entry="{}">{}</a>"##,
            number + 1,
            Attr(entry),
            Text(name)
        )?;
        if let Some(pages) = r.cited_pages() {
            write!(w, ", {}", Text(&pages))?;
        }
        match r.replaced_by.as_deref() {
            Some("") => write!(w, r#" · replaced by <span class="muted">(nothing)</span>"#)?,
            Some(by) => write!(w, " · replaced by “{}”", Text(by))?,
            None => {}
        }
        if matches!(r.status, Status::Removed | Status::Reworded) {
            write!(
                w,
                r#"<br><span class="excerpt">{}</span>"#,
                Text(&r.excerpt)
            )?;
        }
        writeln!(w, "</li>")?;
    }
    if !findings.list.is_empty() {
        writeln!(w, "</ol>")?;
    }
    writeln!(w, "</section>")
}

/// Writes a scan as one page: the document, each topic's count, then a table of every
/// reference with its location and excerpt.
pub fn write_scan(scan: &Scan, out: &mut dyn Write) -> io::Result<()> {
    let mut w = BufWriter::new(out);
    let title = format!("rmfdiff: topic references in {}", scan.doc.title);
    let generator = format!("rmfdiff {}", scan.tool_version);
    write_head(&mut w, &title, &generator, &[STYLE], &[SCRIPT])?;
    writeln!(w, "<header>\n<h1>{}</h1>", Text(&title))?;
    write_facts_table(&mut w, &["document"], &[&scan.doc])?;
    writeln!(w, "</header>\n<main>")?;
    writeln!(
        w,
        "<table>\n<thead><tr><th scope=\"col\">Topic</th><th scope=\"col\">References</th><th scope=\"col\">Direct terms</th></tr></thead>\n<tbody>"
    )?;
    for topic in &scan.topics {
        writeln!(
            w,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            Text(&topic.name),
            topic.total,
            topic.direct
        )?;
    }
    writeln!(w, "</tbody>\n</table>")?;
    writeln!(
        w,
        "<table>\n<thead><tr><th scope=\"col\">Topic</th><th scope=\"col\">Matched</th><th scope=\"col\">Where</th><th scope=\"col\">Page</th><th scope=\"col\">Excerpt</th></tr></thead>\n<tbody>"
    )?;
    for hit in &scan.hits {
        let page = hit.page.as_ref().map(Page::to_string).unwrap_or_default();
        writeln!(
            w,
            "<tr><td>{}</td><td>{} <small>({})</small></td><td>{}</td><td>{page}</td><td>{}</td></tr>",
            Text(&hit.topic),
            Text(&hit.matched),
            strength(hit.strength),
            Text(&hit.path.join(" › ")),
            Text(&hit.excerpt)
        )?;
    }
    writeln!(w, "</tbody>\n</table>\n</main>\n</body>\n</html>")?;
    w.flush()
}

/// Writes a history as one page: the tool and lexicon, the provenance of each version, a
/// timeline table of each topic's references per version, then each reference's life with
/// the printed page of each wording. Wide tables scroll inside their own box, so the page
/// itself never scrolls sideways.
pub fn write_history(history: &History, out: &mut dyn Write) -> io::Result<()> {
    let mut w = BufWriter::new(out);
    let title = "rmfdiff: history of topic references";
    let generator = format!("rmfdiff {}", history.tool_version);
    write_head(&mut w, title, &generator, &[STYLE, HISTORY_STYLE], &[])?;
    writeln!(w, "<header class=\"history\">\n<h1>{}</h1>", Text(title))?;
    writeln!(
        w,
        r#"<p class="muted">Topic references followed across {} versions by rmfdiff {} · lexicon {}</p>"#,
        history.versions.len(),
        Text(&history.tool_version),
        Text(&lexicon_name(
            &history.lexicon_version,
            &history.lexicon_profile
        ))
    )?;
    write_history_versions(&mut w, &history.versions)?;
    writeln!(w, "</header>\n<main class=\"history\">")?;
    write_history_timeline(&mut w, history)?;
    write_history_references(&mut w, history)?;
    writeln!(w, "</main>\n</body>\n</html>")?;
    w.flush()
}

/// One row per version (a column each would overflow with many versions): its facts, its
/// file's name and SHA-256, and the publication files it was imported from.
fn write_history_versions(w: &mut dyn Write, versions: &[Metadata]) -> io::Result<()> {
    writeln!(w, "<div class=\"scroll\">\n<table class=\"documents\">")?;
    writeln!(
        w,
        "<caption>Versions</caption>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">Title</th><th scope=\"col\">Version</th><th scope=\"col\">Publication</th><th scope=\"col\">Published</th><th scope=\"col\">File</th><th scope=\"col\">Imported from</th></tr></thead>\n<tbody>"
    )?;
    let or_unknown = |value: &Option<String>| value.clone().unwrap_or_else(|| "unknown".into());
    for (i, meta) in versions.iter().enumerate() {
        write!(
            w,
            "<tr><th scope=\"row\">v{}</th><td>{}</td><td class=\"nowrap\">{}</td><td class=\"nowrap\">{}</td><td class=\"nowrap\">{}</td>",
            i + 1,
            Text(&meta.title),
            Text(&or_unknown(&meta.version)),
            Text(&or_unknown(&meta.publication)),
            Text(&or_unknown(&meta.published)),
        )?;
        write!(
            w,
            "<td>{}<br><code class=\"hash\">sha256 {}</code></td><td>",
            Text(file_name(&meta.source)),
            Text(&meta.sha256)
        )?;
        match &meta.imported_from {
            Some(origin) => write_origin(w, origin)?,
            None => write!(w, "<span class=\"muted\">not imported</span>")?,
        }
        writeln!(w, "</td></tr>")?;
    }
    writeln!(w, "</tbody>\n</table>\n</div>")
}

/// The publication files a stored version was imported from, each by name and SHA-256, and
/// the importer.
pub(crate) fn write_origin(w: &mut dyn Write, origin: &Provenance) -> io::Result<()> {
    for source in &origin.sources {
        write!(
            w,
            "{}<br><code class=\"hash\">sha256 {}</code><br>",
            Text(file_name(&source.file)),
            Text(&source.sha256)
        )?;
    }
    write!(
        w,
        "<span class=\"muted\">by {}</span>",
        Text(&origin.importer)
    )
}

/// The last part of a path as the user named it: a page shows a file's name, never the
/// directory it was in on someone's machine.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn write_history_timeline(w: &mut dyn Write, history: &History) -> io::Result<()> {
    writeln!(w, "<h2>Timeline</h2>\n<div class=\"scroll\">\n<table>")?;
    write!(w, "<thead><tr><th scope=\"col\">Topic</th>")?;
    for v in 1..=history.versions.len() {
        write!(w, "<th scope=\"col\">v{v}</th>")?;
    }
    writeln!(w, "</tr></thead>\n<tbody>")?;
    for topic in &history.topics {
        for (class, name, counts) in [
            ("", topic.name.as_str(), &topic.all),
            (" class=\"direct\"", "direct terms only", &topic.direct),
        ] {
            write!(w, "<tr{class}><th scope=\"row\">{}</th>", Text(name))?;
            for count in counts {
                write!(w, "<td class=\"n\">{count}</td>")?;
            }
            writeln!(w, "</tr>")?;
        }
    }
    writeln!(w, "</tbody>\n</table>\n</div>")
}

/// Each reference's life: first, each change of wording, each time it went and came back,
/// and where it is gone; each wording with its printed page where known.
fn write_history_references(w: &mut dyn Write, history: &History) -> io::Result<()> {
    writeln!(w, "<h2>References</h2>")?;
    if history.references.is_empty() {
        return writeln!(w, "<p>No topic reference in any version.</p>");
    }
    writeln!(
        w,
        "<div class=\"scroll\">\n<table class=\"lives\">\n<thead><tr><th scope=\"col\">Topic</th><th scope=\"col\">Matched</th><th scope=\"col\">Where</th><th scope=\"col\">Life</th></tr></thead>\n<tbody>"
    )?;
    for lineage in &history.references {
        write!(
            w,
            "<tr><td class=\"nowrap\">{}</td><td>{} <small>({})</small></td><td>{}</td><td><ul class=\"life\">",
            Text(&lineage.topic),
            Text(&lineage.matched),
            strength(lineage.strength),
            Text(&lineage.path.join(" › "))
        )?;
        for event in lineage.events(history.versions.len()) {
            let class = match event.kind.as_str() {
                "back" => " class=\"back\"",
                _ if event.gone => " class=\"gone\"",
                _ => "",
            };
            write!(w, "<li{class}>")?;
            if event.gone {
                write!(w, "<strong>{}</strong>", Text(&event.what))?;
            } else {
                write!(w, "{}", Text(&event.what))?;
            }
            if let Some(page) = event.page {
                write!(
                    w,
                    " <span class=\"muted\">(p. {})</span>",
                    Text(&page.to_string())
                )?;
            }
            if let Some(wording) = event.wording {
                write!(w, "<br><span class=\"excerpt\">{}</span>", Text(wording))?;
            }
            write!(w, "</li>")?;
        }
        writeln!(w, "</ul></td></tr>")?;
    }
    writeln!(w, "</tbody>\n</table>\n</div>")
}

/// A table of the facts of each document, one column per document.
fn write_facts_table(w: &mut dyn Write, labels: &[&str], docs: &[&Metadata]) -> io::Result<()> {
    write!(w, "<table>\n<thead><tr><th></th>")?;
    for label in labels {
        write!(w, "<th scope=\"col\">{}</th>", Text(label))?;
    }
    writeln!(w, "</tr></thead>\n<tbody>")?;
    let rows = docs.iter().map(|m| facts(m)).collect::<Vec<_>>();
    for (i, (name, _)) in rows[0].iter().enumerate() {
        write!(w, "<tr><th scope=\"row\">{name}</th>")?;
        for row in &rows {
            write!(w, "<td>{}</td>", Text(row[i].1))?;
        }
        writeln!(w, "</tr>")?;
    }
    write!(w, "<tr><th scope=\"row\">SHA-256</th>")?;
    for m in docs {
        write!(w, "<td><code>{}</code></td>", Text(&m.sha256))?;
    }
    writeln!(w, "</tr>\n</tbody>\n</table>")
}

/// Document text or metadata as element content: the one text escaper.
pub(crate) struct Text<'a>(pub(crate) &'a str);

/// Document text or metadata as a double-quoted attribute value: the one attribute escaper.
struct Attr<'a>(&'a str);

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape(f, self.0, false)
    }
}

impl fmt::Display for Attr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape(f, self.0, true)
    }
}

fn escape(f: &mut fmt::Formatter<'_>, s: &str, attribute: bool) -> fmt::Result {
    let mut done = 0;
    for (i, c) in s.char_indices() {
        let entity = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if attribute => "&quot;",
            '\'' if attribute => "&#39;",
            _ => continue,
        };
        f.write_str(&s[done..i])?;
        f.write_str(entity)?;
        done = i + c.len_utf8();
    }
    f.write_str(&s[done..])
}

/// The filter token of a topic: its position in the report (topic keys come from a
/// user's lexicon and could hold any character).
fn topic_token(report: &Report, key: &str) -> usize {
    let at = report.topics.iter().position(|t| t.key == key);
    at.unwrap_or(report.topics.len())
}

/// The filter token of a function: its position in the report.
fn function_token(report: &Report, change: &Change) -> usize {
    let name = change.path.first().map_or("", String::as_str);
    let at = report.functions.iter().position(|f| f.name == name);
    at.unwrap_or(report.functions.len())
}

fn function_name(name: &str) -> &str {
    if name.is_empty() { "(top level)" } else { name }
}

/// `sha256-…` of an inline element's content, for the Content-Security-Policy.
fn csp_hash(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// A page's head and the opening of its body. No network access at all, and only the given
/// style sheets and scripts may apply, by hash (the page writes its scripts itself).
pub(crate) fn write_head(
    w: &mut dyn Write,
    title: &str,
    generator: &str,
    styles: &[&str],
    scripts: &[&str],
) -> io::Result<()> {
    let hashes = |parts: &[&str]| match parts {
        [] => "'none'".to_string(),
        _ => parts
            .iter()
            .map(|p| csp_hash(p))
            .collect::<Vec<_>>()
            .join(" "),
    };
    writeln!(w, "<!doctype html>")?;
    writeln!(w, r#"<html lang="en">"#)?;
    writeln!(w, "<head>")?;
    writeln!(w, r#"<meta charset="utf-8">"#)?;
    writeln!(
        w,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(
        w,
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'">"#,
        hashes(scripts),
        hashes(styles)
    )?;
    writeln!(
        w,
        r#"<meta name="generator" content="{}">"#,
        Attr(generator)
    )?;
    // An empty icon, so browsers do not request /favicon.ico from the host.
    writeln!(w, r#"<link rel="icon" href="data:,">"#)?;
    writeln!(w, "<title>{}</title>", Text(title))?;
    for style in styles {
        writeln!(w, "<style>{style}</style>")?;
    }
    writeln!(w, "</head>")?;
    writeln!(w, "<body>")
}

/// What the page compares: the two titles, or the one title both versions share.
fn heading(report: &Report) -> String {
    let (old, new) = (&report.old.title, &report.new.title);
    if old == new {
        old.clone()
    } else {
        format!("{old} → {new}")
    }
}

fn write_header(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(w, "<header>")?;
    writeln!(w, "<h1>{}</h1>", Text(&heading(report)))?;
    writeln!(
        w,
        r#"<p class="muted">Word-level diff and topic references by rmfdiff {} · lexicon {} · similarity threshold {}</p>"#,
        Text(&report.tool_version),
        Text(&lexicon_name(
            &report.lexicon_version,
            &report.lexicon_profile
        )),
        report.threshold
    )?;
    writeln!(w, "</header>")
}

/// The versions compared: what each is, its file by name, its SHA-256 and where it was
/// imported from.
fn write_inputs(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    let (old, new) = (&report.old, &report.new);
    writeln!(w, r#"<section id="inputs" aria-labelledby="inputs-title">"#)?;
    writeln!(w, r#"<h2 id="inputs-title">Inputs</h2>"#)?;
    writeln!(w, "<div class=\"wide\"><table class=\"documents\">")?;
    writeln!(
        w,
        "<caption>Versions compared</caption>\n<tr><th scope=\"col\"></th><th scope=\"col\">Old</th><th scope=\"col\">New</th></tr>"
    )?;
    for ((name, old), (_, new)) in facts(old).into_iter().zip(facts(new)) {
        if old.is_empty() && new.is_empty() {
            continue;
        }
        writeln!(
            w,
            "<tr><th scope=\"row\">{name}</th><td>{}</td><td>{}</td></tr>",
            Text(old),
            Text(new)
        )?;
    }
    writeln!(
        w,
        "<tr><th scope=\"row\">SHA-256</th><td><code class=\"hash\">{}</code></td><td><code class=\"hash\">{}</code></td></tr>",
        Text(&old.sha256),
        Text(&new.sha256)
    )?;
    if old.imported_from.is_some() || new.imported_from.is_some() {
        write!(w, "<tr><th scope=\"row\">Imported from</th>")?;
        for meta in [old, new] {
            write!(w, "<td>")?;
            if let Some(origin) = &meta.imported_from {
                write_origin(w, origin)?;
            }
            write!(w, "</td>")?;
        }
        writeln!(w, "</tr>")?;
    }
    writeln!(w, "</table></div>\n</section>")
}

/// How the report was made: the directive, what the classifications mean, the tool, the
/// lexicon with each topic's terms and exclusions, and the command.
fn write_method(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(w, r#"<section id="method" aria-labelledby="method-title">"#)?;
    writeln!(w, r#"<h2 id="method-title">Method</h2>"#)?;
    writeln!(
        w,
        "<blockquote><p>{}</p><footer>— {}</footer></blockquote>",
        Text(DIRECTIVE),
        Text(DIRECTIVE_SOURCE)
    )?;
    writeln!(
        w,
        "<p>Each occurrence of a lexicon term of these topics is a reference. <em>Direct</em> \
         terms are the directive's own words; <em>related</em> ones are their neighbours. \
         Pages are the numbers printed on them, in the old or the new version as said.</p>"
    )?;
    writeln!(w, "<dl class=\"classes\">")?;
    for (status, meaning) in CLASSIFICATIONS {
        writeln!(
            w,
            r#"<dt><span class="status s-{status}">{status}</span></dt><dd>{meaning}</dd>"#
        )?;
    }
    writeln!(w, "</dl>")?;
    writeln!(
        w,
        "<p>Made by rmfdiff {} with topic lexicon {}; entries paired at similarity {} or more.</p>",
        Text(&report.tool_version),
        Text(&lexicon_name(
            &report.lexicon_version,
            &report.lexicon_profile
        )),
        report.threshold
    )?;
    if let Some(command) = &report.method.command {
        writeln!(w, "<p>Command: <code>{}</code></p>", Text(command))?;
    }
    for topic in &report.method.topics {
        let list = |terms: &[String]| listed(terms.iter().map(|t| format!("“{}”", Text(t))));
        writeln!(
            w,
            "<details><summary>{} — terms and exclusions</summary><dl>\
             <dt>direct terms</dt><dd>{}</dd><dt>related terms</dt><dd>{}</dd>\
             <dt>not counted (other senses)</dt><dd>{}</dd></dl></details>",
            Text(&topic.name),
            list(&topic.direct),
            list(&topic.related),
            list(&topic.exclusions)
        )?;
    }
    writeln!(w, "</section>")
}

/// The rows of the versions table.
fn facts(meta: &Metadata) -> [(&'static str, &str); 5] {
    fn or_empty(value: &Option<String>) -> &str {
        value.as_deref().unwrap_or("")
    }
    [
        ("Title", &meta.title),
        ("Version", or_empty(&meta.version)),
        ("Publication", or_empty(&meta.publication)),
        ("Published", meta.published.as_deref().unwrap_or("unknown")),
        ("Source", &meta.source),
    ]
}

/// The counts: topic references and entries in tables of their own, each labelled, rows
/// of zeros folded into one line.
fn write_summary(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(w, r#"<section id="counts" aria-labelledby="counts-title">"#)?;
    writeln!(w, r#"<h2 id="counts-title">Counts</h2>"#)?;
    if report.approximate_diffs > 0 {
        writeln!(
            w,
            "<p>Note: {} word diffs hit the deadline and may not be minimal.</p>",
            report.approximate_diffs
        )?;
    }
    writeln!(w, "<div class=\"summary\">\n<div>")?;
    // Topics: a table with old and new totals, the directive's own words on a row of their own.
    writeln!(w, "<table>\n<caption>Topic references, by topic</caption>")?;
    write_count_header(w, "Topic", &["Old", "New"])?;
    let mut none = Vec::new();
    for (i, topic) in report.topics.iter().enumerate() {
        if topic.all.total() == 0 {
            none.push(topic.name.as_str());
            continue;
        }
        for (label, counts, class) in [
            (topic.name.as_str(), &topic.all, ""),
            ("direct terms only", &topic.direct, " class=\"direct\""),
        ] {
            write!(w, "<tr{class}><th scope=\"row\">")?;
            if class.is_empty() {
                write!(w, "{} ", topic_label(i, &topic.key))?;
            }
            write!(w, "{}</th>", Text(label))?;
            write!(
                w,
                "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                counts.in_old(),
                counts.in_new()
            )?;
            write_counts(w, counts)?;
        }
    }
    writeln!(w, "</table>")?;
    if !none.is_empty() {
        writeln!(
            w,
            r#"<p class="muted">No reference in either version: {}.</p>"#,
            Text(&none.join(", "))
        )?;
    }
    let rows: Vec<(&str, StatusCounts)> = report
        .topics
        .iter()
        .filter(|t| t.all.total() > 0)
        .map(|t| (t.key.as_str(), t.all))
        .collect();
    write_chart(w, "Topic references by classification", &rows)?;
    writeln!(w, "</div>\n<div>")?;
    // Functions: references and entries apart, rows with nothing to say folded.
    let functions: Vec<_> = report
        .functions
        .iter()
        .filter(|f| f.topics.total() > 0)
        .collect();
    writeln!(
        w,
        "<table>\n<caption>Topic references, by function</caption>"
    )?;
    write_count_header(w, "Function", &[])?;
    for function in &functions {
        write!(
            w,
            "<tr><th scope=\"row\">{}</th>",
            Text(function_name(&function.name))
        )?;
        write_counts(w, &function.topics)?;
    }
    writeln!(w, "</table>")?;
    let rows: Vec<(&str, StatusCounts)> = functions
        .iter()
        .map(|f| (function_name(&f.name), f.topics))
        .collect();
    write_chart(w, "Topic references by function and classification", &rows)?;
    writeln!(w, "</div>\n<div>")?;
    writeln!(w, "<table>\n<caption>Entries, by change</caption>")?;
    writeln!(
        w,
        "<tr><th scope=\"col\">Entries</th><th scope=\"col\">Count</th></tr>"
    )?;
    for (what, count) in report.nodes.rows() {
        writeln!(
            w,
            "<tr><th scope=\"row\">{what}</th><td class=\"n\">{count}</td></tr>"
        )?;
    }
    writeln!(w, "</table>")?;
    writeln!(
        w,
        "<table>\n<caption>Changed entries, by function</caption>"
    )?;
    writeln!(
        w,
        "<tr><th scope=\"col\">Function</th><th scope=\"col\">Changed entries</th></tr>"
    )?;
    for function in report.functions.iter().filter(|f| f.nodes.changed() > 0) {
        writeln!(
            w,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td></tr>",
            Text(function_name(&function.name)),
            function.nodes.changed()
        )?;
    }
    writeln!(w, "</table>\n</div>")?;
    write_substitutions(w, report)?;
    writeln!(w, "</div>\n</section>")
}

/// What the new text has where the removed and reworded references were, and the words the
/// changed entries gained most; nothing when there are neither.
fn write_substitutions(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    if report.substitutions.is_empty() && report.rising_words.is_empty() {
        return Ok(());
    }
    writeln!(w, "<div>")?;
    if !report.substitutions.is_empty() {
        writeln!(w, "<table>\n<caption>Substitutions</caption>")?;
        writeln!(
            w,
            "<tr><th scope=\"col\">Topic</th><th scope=\"col\">Term</th><th scope=\"col\">Matched</th><th scope=\"col\">Replaced by</th><th scope=\"col\">Count</th></tr>"
        )?;
        for s in &report.substitutions {
            let replaced_by = if s.replaced_by.is_empty() {
                r#"<span class="muted">(nothing)</span>"#.to_string()
            } else {
                format!("“{}”", Text(&s.replaced_by))
            };
            writeln!(
                w,
                "<tr><td>{}</td><td>{}</td><td>“{}”</td><td>{replaced_by}</td><td class=\"n\">{}</td></tr>",
                topic_label(topic_token(report, &s.topic), &s.topic),
                Text(&s.term),
                Text(&s.matched),
                s.count
            )?;
        }
        writeln!(w, "</table>")?;
    }
    if !report.rising_words.is_empty() {
        let words = rising_line(&report.rising_words);
        writeln!(
            w,
            "<p>Rising words in the changed entries: {}</p>",
            Text(&words)
        )?;
    }
    writeln!(w, "</div>")
}

fn write_count_header(w: &mut dyn Write, first: &str, columns: &[&str]) -> io::Result<()> {
    write!(w, "<tr><th scope=\"col\">{first}</th>")?;
    for column in columns {
        write!(w, "<th scope=\"col\">{column}</th>")?;
    }
    for status in Status::ALL {
        write!(w, "<th scope=\"col\">{}</th>", status.as_str())?;
    }
    writeln!(w, "</tr>")
}

fn write_counts(w: &mut dyn Write, counts: &StatusCounts) -> io::Result<()> {
    for status in Status::ALL {
        write!(w, "<td class=\"n\">{}</td>", counts.get(status))?;
    }
    writeln!(w, "</tr>")
}

/// A horizontal stacked bar per row, one segment per classification in the legend's order.
fn write_chart(w: &mut dyn Write, caption: &str, rows: &[(&str, StatusCounts)]) -> io::Result<()> {
    const LABEL: usize = 260;
    const BAR: usize = 300;
    const ROW: usize = 22;
    let max = rows
        .iter()
        .map(|(_, c)| c.total())
        .max()
        .unwrap_or(0)
        .max(1);
    let (width, height) = (LABEL + BAR + 50, rows.len() * ROW + 4);
    writeln!(
        w,
        r#"<figure class="chart"><svg role="img" aria-label="{}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">"#,
        Attr(caption)
    )?;
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = i * ROW + 2;
        let short: String = if label.chars().count() > 36 {
            label.chars().take(35).chain(['…']).collect()
        } else {
            label.to_string()
        };
        write!(w, r#"<text x="0" y="{}">{}</text>"#, y + 14, Text(&short))?;
        let mut x = LABEL;
        for status in Status::ALL {
            let n = counts.get(status);
            if n == 0 {
                continue;
            }
            // Never thinner than 2px, so a single reference among thousands still shows.
            let bar = (n * BAR / max).max(2);
            write!(
                w,
                r#"<rect class="s-{}" x="{x}" y="{y}" width="{bar}" height="{}"><title>{}: {n} {}</title></rect>"#,
                status.as_str(),
                ROW - 6,
                Text(label),
                status.as_str()
            )?;
            x += bar;
        }
        writeln!(
            w,
            r#"<text x="{}" y="{}">{}</text>"#,
            x + 4,
            y + 14,
            counts.total()
        )?;
    }
    write!(w, "</svg><figcaption>")?;
    for status in Status::ALL {
        write!(w, r#"<span class="key s-{0}">{0}</span> "#, status.as_str())?;
    }
    writeln!(w, "</figcaption></figure>")
}

/// A topic's label: its key, in its colour and border pattern.
fn topic_label(token: usize, key: &str) -> String {
    format!(
        r#"<span class="topic t{}">{}</span>"#,
        token % TOPIC_STYLES,
        Text(key)
    )
}

/// How many topic colours and patterns the style sheet has; more topics reuse them.
const TOPIC_STYLES: usize = 6;

/// The table of contents: each function, then its entries, indented by depth.
fn write_contents(w: &mut dyn Write, report: &Report, anchors: &[String]) -> io::Result<()> {
    writeln!(w, r#"<nav id="contents" aria-labelledby="contents-title">"#)?;
    writeln!(w, r#"<h2 id="contents-title">Contents</h2>"#)?;
    writeln!(w, "<ul>")?;
    for (token, function) in report.functions.iter().enumerate() {
        let entries: Vec<(&Change, &String)> = report
            .changes
            .iter()
            .zip(anchors)
            .filter(|(c, _)| function_token(report, c) == token)
            .collect();
        if entries.is_empty() {
            continue;
        }
        writeln!(
            w,
            "<li><details open><summary>{} <span class=\"muted\">({})</span></summary><ul>",
            Text(function_name(&function.name)),
            entries.len()
        )?;
        for (change, anchor) in entries {
            let name = change.path.last().map_or("", String::as_str);
            writeln!(
                w,
                r##"<li data-entry="{0}" class="depth{1}"><a href="#{0}">{2}</a> <span class="kind k-{3}">{4}</span></li>"##,
                Attr(anchor),
                change.path.len().clamp(1, 4),
                Text(name),
                change.kind.as_str(),
                change.label()
            )?;
        }
        writeln!(w, "</ul></details></li>")?;
    }
    writeln!(w, "</ul>\n</nav>")
}

/// The view switch and the filters; hidden until the script that makes them work runs.
fn write_controls(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(
        w,
        r#"<form id="controls" hidden aria-label="View and filters">"#
    )?;
    // `label` is markup: constant text, or document text already through `Text`.
    let radio = |name: &str, value: &str, label: &str, checked: bool| {
        let checked = if checked { " checked" } else { "" };
        format!(
            r#"<label><input type="radio" name="{name}" value="{}"{checked}> {}</label>"#,
            Attr(value),
            label
        )
    };
    writeln!(w, "<fieldset><legend>View</legend>")?;
    writeln!(w, "{}", radio("view", "inline", "Inline", true))?;
    writeln!(w, "{}", radio("view", "side", "Side by side", false))?;
    writeln!(w, "</fieldset>")?;
    writeln!(
        w,
        "<fieldset><legend>Entries with references of topic</legend>"
    )?;
    writeln!(w, "{}", radio("topic", "", "Any", true))?;
    for (i, topic) in report.topics.iter().enumerate() {
        let label = format!("{} {}", topic_label(i, &topic.key), Text(&topic.name));
        writeln!(w, "{}", radio("topic", &format!("t{i}"), &label, false))?;
    }
    writeln!(w, "</fieldset>")?;
    writeln!(
        w,
        "<fieldset><legend>Entries with references classified</legend>"
    )?;
    writeln!(w, "{}", radio("status", "", "Any", true))?;
    for status in Status::ALL {
        let s = status.as_str();
        let label = format!(r#"<span class="status s-{s}">{s}</span>"#);
        writeln!(w, "{}", radio("status", s, &label, false))?;
    }
    writeln!(w, "</fieldset>")?;
    writeln!(w, "<fieldset><legend>Entries</legend>")?;
    writeln!(
        w,
        r#"<label>Function <select name="function"><option value="">All</option>"#
    )?;
    for (i, function) in report.functions.iter().enumerate() {
        writeln!(
            w,
            r#"<option value="f{i}">{}</option>"#,
            Text(function_name(&function.name))
        )?;
    }
    writeln!(w, "</select></label>")?;
    writeln!(
        w,
        r#"<label><input type="checkbox" name="changed" checked> Changed only</label>"#
    )?;
    writeln!(
        w,
        r#"<button type="button" class="show-all">Show all</button>"#
    )?;
    writeln!(w, "</fieldset>")?;
    writeln!(w, r#"<p id="shown" aria-live="polite"></p>"#)?;
    writeln!(w, "</form>")
}

fn write_change(
    w: &mut dyn Write,
    report: &Report,
    change: &Change,
    anchor: &str,
    findings: &Findings<'_>,
) -> io::Result<()> {
    // The filters read these tokens: `t<topic>:<status>` per reference, `f<function>`.
    let refs: BTreeSet<String> = change
        .topics
        .iter()
        .map(|r| format!("t{}:{}", topic_token(report, &r.topic), r.status.as_str()))
        .collect();
    let refs: Vec<String> = refs.into_iter().collect();
    writeln!(
        w,
        r#"<article class="entry" id="{}" data-kind="{}" data-function="f{}" data-refs="{}">"#,
        Attr(anchor),
        change.kind.as_str(),
        function_token(report, change),
        Attr(&refs.join(" "))
    )?;
    write!(w, r##"<h3><a href="#{}">"##, Attr(anchor))?;
    if let Some((last, parents)) = change.path.split_last() {
        for parent in parents {
            write!(w, r#"<span class="muted">{} › </span>"#, Text(parent))?;
        }
        write!(w, "{}", Text(last))?;
    }
    write!(
        w,
        r#"</a> <span class="kind k-{}">{}</span>"#,
        change.kind.as_str(),
        change.label()
    )?;
    if let Some(by) = change.paired_by() {
        write!(w, r#" <span class="muted">matched by {}"#, by.as_str())?;
        if let Some(old) = change.renumbered_from() {
            write!(w, "; was {}", Text(old))?;
        }
        write!(w, "</span>")?;
    }
    writeln!(w, "</h3>")?;
    for join in change.joins() {
        writeln!(w, r#"<p class="joins">{}</p>"#, Text(&join))?;
    }
    write_title(w, change)?;
    if change.approximate {
        writeln!(
            w,
            r#"<p class="muted">This word diff hit the deadline: it is correct but may not be minimal.</p>"#
        )?;
    }
    if change.kind == ChangeKind::Unchanged {
        writeln!(
            w,
            r#"<p class="muted">Text unchanged; its topic references follow.</p>"#
        )?;
    } else {
        write!(w, r#"<div class="inline text">"#)?;
        write_text(w, report, change, Column::Both)?;
        writeln!(w, "</div>")?;
        write!(
            w,
            r#"<div class="side"><div class="old"><p class="column">Old</p>"#
        )?;
        if change.kind == ChangeKind::Added {
            write!(w, r#"<p class="muted">Not in the old version.</p>"#)?;
        } else {
            write!(w, r#"<div class="text">"#)?;
            write_text(w, report, change, Column::Old)?;
            write!(w, "</div>")?;
        }
        write!(w, r#"</div><div class="new"><p class="column">New</p>"#)?;
        if change.kind == ChangeKind::Removed {
            write!(w, r#"<p class="muted">Not in the new version.</p>"#)?;
        } else {
            write!(w, r#"<div class="text">"#)?;
            write_text(w, report, change, Column::New)?;
            write!(w, "</div>")?;
        }
        writeln!(w, "</div></div>")?;
    }
    if !change.topics.is_empty() {
        writeln!(w, r#"<ul class="refs" aria-label="Topic references">"#)?;
        for reference in &change.topics {
            write_reference(w, report, reference, findings)?;
        }
        writeln!(w, "</ul>")?;
    }
    writeln!(w, "</article>")
}

/// The entry's title when it says more than the path: both wordings if it changed.
fn write_title(w: &mut dyn Write, change: &Change) -> io::Result<()> {
    let last = change.path.last();
    match (&change.old_title, &change.new_title) {
        (Some(old), Some(new)) if old != new => writeln!(
            w,
            r#"<p class="title">Title: <del>{}</del> → <ins>{}</ins></p>"#,
            Text(old),
            Text(new)
        ),
        (Some(title), _) | (None, Some(title)) if Some(title) != last => {
            writeln!(w, r#"<p class="title">{}</p>"#, Text(title))
        }
        _ => Ok(()),
    }
}

/// Which text of a change to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// Old and new interleaved: deletions struck through, insertions underlined.
    Both,
    Old,
    New,
}

/// Writes the change's text from its segments, with topic hits marked.
fn write_text(
    w: &mut dyn Write,
    report: &Report,
    change: &Change,
    column: Column,
) -> io::Result<()> {
    let (mut old_at, mut new_at) = (0, 0);
    for segment in &change.segments {
        let len = segment.text.len();
        // Where the segment is in each text: equal text is in both.
        let (old, new) = match segment.op {
            Op::Equal => (Some(old_at..old_at + len), Some(new_at..new_at + len)),
            Op::Delete => (Some(old_at..old_at + len), None),
            Op::Insert => (None, Some(new_at..new_at + len)),
        };
        old_at += old.as_ref().map_or(0, |r| r.len());
        new_at += new.as_ref().map_or(0, |r| r.len());
        let (open, close) = match (segment.op, column) {
            (Op::Insert, Column::Old) | (Op::Delete, Column::New) => continue,
            (Op::Equal, _) => ("", ""),
            (Op::Delete, _) => ("<del>", "</del>"),
            (Op::Insert, _) => ("<ins>", "</ins>"),
        };
        // The new text holds only the new version's references (retained, added).
        let old = if column == Column::New { None } else { old };
        write!(w, "{open}")?;
        for (piece, hit) in split_hits(&segment.text, &local_hits(change, old, new)) {
            match hit {
                None => write!(w, "{}", Text(piece))?,
                Some((r, ends)) => {
                    let token = topic_token(report, &r.topic);
                    write!(
                        w,
                        r#"<mark class="hit t{}" title="{}, {}: “{}” ({})""#,
                        token % TOPIC_STYLES,
                        Attr(&r.topic),
                        r.status.as_str(),
                        Attr(&r.matched),
                        strength(r.strength)
                    )?;
                    // The topic's name shows once, after the last piece of the hit.
                    if ends {
                        write!(w, r#" data-topic="{}""#, Attr(&r.topic))?;
                    }
                    write!(w, ">{}</mark>", Text(piece))?;
                }
            }
        }
        write!(w, "{close}")?;
    }
    Ok(())
}

/// A topic hit inside one segment: its range there, the reference, and whether it ends there.
type LocalHit<'r> = (Range<usize>, &'r TopicRef, bool);

/// The topic hits that fall in a segment spanning `old` in the old text and `new` in the new
/// text (either may be absent), in the segment's own byte offsets.
fn local_hits(
    change: &Change,
    old: Option<Range<usize>>,
    new: Option<Range<usize>>,
) -> Vec<LocalHit<'_>> {
    let mut hits: Vec<LocalHit<'_>> = change
        .topics
        .iter()
        .filter_map(|r| {
            let span = match r.side {
                Side::Old => old.as_ref()?,
                Side::New => new.as_ref()?,
            };
            let (start, end) = (r.range.start.max(span.start), r.range.end.min(span.end));
            (start < end).then(|| {
                (
                    start - span.start..end - span.start,
                    r,
                    r.range.end <= span.end,
                )
            })
        })
        .collect();
    hits.sort_by_key(|(range, _, _)| (range.start, range.end));
    hits
}

/// Splits `text` into pieces outside and inside the hits; overlapping hits keep the first.
fn split_hits<'t, 'r>(
    text: &'t str,
    hits: &[LocalHit<'r>],
) -> Vec<(&'t str, Option<(&'r TopicRef, bool)>)> {
    let mut pieces = Vec::new();
    let mut at = 0;
    for (range, reference, ends) in hits {
        let start = range.start.max(at);
        if start >= range.end {
            continue;
        }
        if start > at {
            pieces.push((&text[at..start], None));
        }
        pieces.push((&text[start..range.end], Some((*reference, *ends))));
        at = range.end;
    }
    if at < text.len() {
        pieces.push((&text[at..], None));
    }
    pieces
}

/// A reference in its entry, numbered as in the findings, with links to the previous and
/// the next finding.
fn write_reference(
    w: &mut dyn Write,
    report: &Report,
    r: &TopicRef,
    findings: &Findings<'_>,
) -> io::Result<()> {
    let status = r.status.as_str();
    let number = findings.number(r);
    write!(w, r#"<li id="finding-{number}"><span class="finding-nav">"#)?;
    if number > 1 {
        write!(
            w,
            r##"<a href="#finding-{}" aria-label="previous finding">←</a> "##,
            number - 1
        )?;
    }
    write!(w, "{number}")?;
    if number < findings.list.len() {
        write!(
            w,
            r##" <a href="#finding-{}" aria-label="next finding">→</a>"##,
            number + 1
        )?;
    }
    write!(
        w,
        r#"</span> <span class="status s-{status}">{status}</span> {} “{}” <span class="muted">({}"#,
        topic_label(topic_token(report, &r.topic), &r.topic),
        Text(&r.matched),
        strength(r.strength)
    )?;
    if !r.term.eq_ignore_ascii_case(&r.matched) {
        write!(w, ", term “{}”", Text(&r.term))?;
    }
    if let Some(pages) = r.cited_pages() {
        write!(w, ", {}", Text(&pages))?;
    }
    if let Some(was) = r.was_note() {
        write!(w, "; {}", Text(&was))?;
    }
    write!(w, ")</span>")?;
    let (old, new) = r.wording();
    let label = |l: &'static str| {
        if old.is_some() && new.is_some() {
            l
        } else {
            ""
        }
    };
    if let Some(old) = old {
        write!(
            w,
            r#"<br><span class="excerpt">{}{}</span>"#,
            label("old: "),
            Text(old)
        )?;
    }
    if let Some(new) = new {
        write!(
            w,
            r#"<br><span class="excerpt">{}{}</span>"#,
            label("new: "),
            Text(new)
        )?;
    }
    writeln!(w, "</li>")
}

fn strength(s: Strength) -> &'static str {
    match s {
        Strength::Direct => "direct",
        Strength::Related => "related",
    }
}

pub(crate) const STYLE: &str = r#"
:root {
  color-scheme: light dark;
  --bg: #fff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --link: #0550ae; --focus: #0969da;
  --del-bg: #ffebe9; --del-fg: #82071e; --ins-bg: #dafbe1; --ins-fg: #116329;
  --removed: #cf222e; --reworded: #bc4c00; --retained: #8250df; --added: #1a7f37;
  --t0: #ffe08a; --t1: #b6e3ff; --t2: #e0d4ff; --t3: #ffcfe3; --t4: #aceebb; --t5: #ffd8b5;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --link: #4493f8; --focus: #4493f8;
    --del-bg: #4b1113; --del-fg: #ffdcd7; --ins-bg: #0f3a1e; --ins-fg: #aff5b4;
    --removed: #ff7b72; --reworded: #f0883e; --retained: #bc8cff; --added: #3fb950;
    --t0: #5c4a00; --t1: #0c3a66; --t2: #3b2a6e; --t3: #5e1a3a; --t4: #144d24; --t5: #5a3410;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
[hidden] { display: none !important; }
a { color: var(--link); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
header, .layout { max-width: 96rem; margin: 0 auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 1rem 0 .25rem; }
h2 { font-size: 1.2rem; }
.muted { color: var(--muted); }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.direct th { font-weight: normal; padding-left: 1.5rem; color: var(--muted); }
code.hash { word-break: break-all; font-size: .85em; }
.summary { display: flex; flex-wrap: wrap; gap: 0 2rem; align-items: flex-start; }
.summary > div { max-width: 100%; overflow-x: auto; }
.chart { margin: .5rem 0 1rem; }
.chart svg { max-width: 100%; height: auto; font-size: 13px; }
.chart text { fill: var(--fg); }
.chart figcaption { font-size: .85rem; }
.key { white-space: nowrap; margin-right: .5rem; padding-left: .3em; border-left: .8em solid; }
rect.s-removed { fill: var(--removed); } .key.s-removed { border-color: var(--removed); }
rect.s-reworded { fill: var(--reworded); } .key.s-reworded { border-color: var(--reworded); }
rect.s-retained { fill: var(--retained); } .key.s-retained { border-color: var(--retained); }
rect.s-added { fill: var(--added); } .key.s-added { border-color: var(--added); }
.status { font-weight: 700; font-variant: small-caps; }
.status.s-removed { color: var(--removed); }
.status.s-reworded { color: var(--reworded); }
.status.s-retained { color: var(--retained); }
.status.s-added { color: var(--added); }
.kind { font-size: .75rem; font-weight: 600; border: 1px solid var(--line); border-radius: 1em; padding: 0 .5em; white-space: nowrap; }
.layout { display: grid; grid-template-columns: 17rem minmax(0, 1fr); gap: 1.5rem; align-items: start; }
@media (max-width: 60rem) { .layout { grid-template-columns: minmax(0, 1fr); } }
#contents { position: sticky; top: 0; max-height: 100vh; overflow: auto; font-size: .85rem; padding-bottom: 1rem; }
#contents ul { list-style: none; margin: 0; padding: 0; }
#contents summary { font-weight: 600; cursor: pointer; }
#contents .depth2 { padding-left: .75rem; }
#contents .depth3 { padding-left: 1.5rem; }
#contents .depth4 { padding-left: 2.25rem; }
#controls { border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-start; padding: .5rem 0; font-size: .9rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0; padding: .1rem .5rem .3rem; }
legend { font-weight: 600; padding: 0 .25rem; }
fieldset label { white-space: nowrap; margin-right: .5rem; }
#shown { margin: 0; align-self: center; color: var(--muted); }
button, select { font: inherit; }
.entry { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; padding: .25rem 1rem .75rem; }
.entry:target { outline: 3px solid var(--focus); }
.entry h3 { font-size: 1rem; margin: .5rem 0; }
.entry h3 a { text-decoration: none; }
.entry h3 a:hover { text-decoration: underline; }
.entry h3 .muted { font-weight: normal; }
.title { font-weight: 600; margin: .25rem 0; }
.joins { font-style: italic; margin: .25rem 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.side { display: none; grid-template-columns: 1fr 1fr; gap: 1rem; }
.side > div { background: var(--panel); border-radius: 4px; padding: .25rem .5rem; }
.column { margin: 0; font-size: .75rem; font-weight: 700; text-transform: uppercase; color: var(--muted); }
body[data-view="side"] .side { display: grid; }
body[data-view="side"] .inline { display: none; }
del { background: var(--del-bg); color: var(--del-fg); text-decoration: line-through; }
ins { background: var(--ins-bg); color: var(--ins-fg); text-decoration: underline; }
mark, .topic { color: inherit; background: var(--t); }
mark { border-bottom: 2px var(--pattern) var(--fg); }
.topic { font-size: .8rem; font-weight: 600; padding: 0 .3em; border-radius: 3px; border-left: 3px solid var(--fg); }
.hit[data-topic]::after { content: attr(data-topic); display: inline-block; margin-left: .15em; padding: 0 .2em;
  font-size: .65em; font-weight: 700; vertical-align: super; line-height: 1; border: 1px solid currentColor; border-radius: 2px; }
.t0 { --t: var(--t0); --pattern: solid; }
.t1 { --t: var(--t1); --pattern: dashed; }
.t2 { --t: var(--t2); --pattern: dotted; }
.t3 { --t: var(--t3); --pattern: double; }
.t4 { --t: var(--t4); --pattern: solid; }
.t5 { --t: var(--t5); --pattern: dashed; }
.headline { font-size: 1.1rem; font-weight: 600; }
.findings { padding-left: 2rem; }
.findings li { margin: .2rem 0; }
#findings, #counts, #inputs, #method { max-width: 96rem; margin: 0 auto; padding: 0 1rem; }
.wide { max-width: 100%; overflow-x: auto; }
.finding-nav { font-size: .8rem; color: var(--muted); white-space: nowrap; }
.finding-nav a { text-decoration: none; }
li[id^="finding-"]:target { outline: 3px solid var(--focus); }
.kind.k-removed { border-color: var(--removed); color: var(--removed); }
.kind.k-added { border-color: var(--added); color: var(--added); }
.kind.k-modified, .kind.k-moved { border-color: var(--reworded); color: var(--reworded); }
.kind.k-unchanged { color: var(--muted); border-style: dashed; }
blockquote { border-left: 4px solid var(--line); margin: .5rem 0; padding: 0 1rem; }
dl.classes dt { float: left; clear: left; width: 7rem; }
dl.classes dd { margin-left: 7.5rem; }
.refs { margin: .5rem 0 0; padding-left: 1.25rem; font-size: .9rem; }
.refs li { margin: .25rem 0; }
.excerpt { color: var(--muted); }
@media print {
  #controls, #contents { display: none !important; }
  .layout { display: block; }
  body[data-view] .inline { display: block; }
  body[data-view] .side { display: none; }
  .entry { break-inside: avoid; border-color: #999; }
  .entry h3 a { color: inherit; }
  del, ins, mark, .topic, .key, rect { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"#;

/// The history page's own rules, beside [`STYLE`]: its main column, tables that scroll in
/// their own box rather than widen the page, and long words and hashes that wrap.
const HISTORY_STYLE: &str = r#"
main.history { max-width: 96rem; margin: 0 auto; padding: 0 1rem 2rem; }
.scroll { max-width: 100%; overflow-x: auto; }
.scroll table { margin: .5rem 0; }
table.documents { width: 100%; }
table.documents td, table.lives td { overflow-wrap: break-word; }
td.nowrap { white-space: nowrap; }
table.lives { width: 100%; }
table.lives td:last-child { min-width: 20rem; }
ul.life { margin: 0; padding-left: 1.1rem; }
ul.life li { margin: .15rem 0; }
ul.life li.gone strong { color: var(--removed); }
ul.life li.back { font-weight: 600; }
ul.life li.back .excerpt { font-weight: normal; }
"#;

const SCRIPT: &str = r##"
"use strict";
(() => {
  const form = document.getElementById("controls");
  const entries = [...document.querySelectorAll("article.entry")];
  const toc = new Map([...document.querySelectorAll("#contents li[data-entry]")].map((li) => [li.dataset.entry, li]));
  const shown = document.getElementById("shown");
  const fields = ["view", "topic", "status", "function"];
  // The filters live in the URL fragment (#view=side&topic=t1&changed=0), so a filtered view
  // can be shared; any other fragment is an anchor on the page.
  function fromFragment() {
    const hash = location.hash.slice(1);
    if (!hash.includes("=")) return;
    const state = new URLSearchParams(hash);
    for (const name of fields) {
      const value = state.get(name);
      if (value !== null) form.elements[name].value = value;
    }
    form.elements.changed.checked = state.get("changed") !== "0";
  }
  function toFragment() {
    const state = new URLSearchParams();
    for (const name of fields) {
      const value = form.elements[name].value;
      if (value !== "" && !(name === "view" && value === "inline")) state.set(name, value);
    }
    if (!form.elements.changed.checked) state.set("changed", "0");
    const hash = state.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }
  function apply() {
    const f = form.elements;
    document.body.dataset.view = f.view.value;
    const topic = f.topic.value, status = f.status.value, fn = f.function.value, changed = f.changed.checked;
    let count = 0, unchanged = 0;
    for (const entry of entries) {
      const refs = entry.dataset.refs.split(" ").filter(Boolean).map((r) => r.split(":"));
      const matches = (fn === "" || entry.dataset.function === fn)
        && ((topic === "" && status === "")
          || refs.some(([t, s]) => (topic === "" || t === topic) && (status === "" || s === status)));
      const visible = matches && (!changed || entry.dataset.kind !== "unchanged");
      unchanged += matches && !visible ? 1 : 0;
      entry.hidden = !visible;
      const item = toc.get(entry.id);
      if (item) item.hidden = !visible;
      count += visible ? 1 : 0;
    }
    for (const group of document.querySelectorAll("#contents > ul > li")) {
      group.hidden = !group.querySelector("li[data-entry]:not([hidden])");
    }
    const hidden = unchanged ? ` (${unchanged} unchanged hidden: untick "Changed only" to show them)` : "";
    shown.textContent = `Showing ${count} of ${entries.length} entries${hidden}`;
  }
  // A link to a finding or an entry that the filters hide shows everything first.
  function reveal() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && !id.includes("=") ? document.getElementById(id) : null;
    if (target && target.closest("article[hidden]")) {
      form.reset();
      form.elements.changed.checked = false;
      apply();
      target.scrollIntoView();
    }
  }
  form.addEventListener("change", () => { apply(); toFragment(); });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.querySelector(".show-all").addEventListener("click", () => {
    form.reset();
    form.elements.changed.checked = false;
    apply();
    toFragment();
  });
  window.addEventListener("hashchange", () => { fromFragment(); apply(); reveal(); });
  form.hidden = false;
  fromFragment();
  apply();
  reveal();
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        Text(s).to_string()
    }

    fn attr(s: &str) -> String {
        Attr(s).to_string()
    }

    #[test]
    fn escapers_escape_markup_and_quotes() {
        assert_eq!(
            text(r#"<b class="x">Tom & 'Jerry'</b>"#),
            r#"&lt;b class="x"&gt;Tom &amp; 'Jerry'&lt;/b&gt;"#
        );
        assert_eq!(
            attr(r#""><img src=x onerror='a'>"#),
            "&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;"
        );
        assert_eq!(text("équité — “fine”"), "équité — “fine”");
    }
}
