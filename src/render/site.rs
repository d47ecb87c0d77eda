//! The static site of `rmfdiff site OUT V1 … Vn`: the render stage for a framework family
//! over time. Every page comes from the existing renderers (a diff page per consecutive
//! pair, a scan page per version, the history page, their JSON and CSV beside them); this
//! module adds the index and a navigation bar that links each page back to it.
//!
//! Pages are made in memory, named by relative file names only, so the site works from
//! `file://` and from any static host, and no local directory can appear in it. Writing
//! them to disk is the caller's (`app`'s) job.

use std::io::{self, Write};

use super::html::{STYLE, Text};
use super::{csv, headline, html, json};
use crate::model::Metadata;
use crate::report::history::History;
use crate::report::{Report, Scan};

/// The generator of the index page: what marks a folder as one `rmfdiff site` may replace.
pub const GENERATOR: &str = "rmfdiff site";

/// The index page's file name.
pub const INDEX: &str = "index.html";

/// One file of the site: its name (relative, no folder) and its bytes.
pub struct File {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Every file of the site, the index last: `scan-K.*` per version, `diff-K-L.*` per
/// consecutive pair (`reports[k]` compares versions k and k+1), `history.*`, `index.html`.
pub fn files(history: &History, reports: &[Report], scans: &[Scan]) -> io::Result<Vec<File>> {
    let mut files = Vec::new();
    for (k, scan) in scans.iter().enumerate() {
        let stem = scan_stem(k);
        let page = render(|out| html::write_scan(scan, out))?;
        files.push(page_with_nav(&stem, page, &["json", "csv"]));
        files.push(File {
            name: format!("{stem}.json"),
            bytes: render(|out| json::write(&json::ScanOutput::new(scan), out))?,
        });
        files.push(File {
            name: format!("{stem}.csv"),
            bytes: render(|out| csv::write_scan(scan, out))?,
        });
    }
    for (k, report) in reports.iter().enumerate() {
        let stem = diff_stem(k);
        let page = render(|out| html::write_report(report, out))?;
        files.push(page_with_nav(&stem, page, &["json", "csv"]));
        files.push(File {
            name: format!("{stem}.json"),
            bytes: render(|out| json::write_diff(report, out))?,
        });
        files.push(File {
            name: format!("{stem}.csv"),
            bytes: render(|out| csv::write_report(report, out))?,
        });
    }
    let page = render(|out| html::write_history(history, out))?;
    files.push(page_with_nav("history", page, &["json"]));
    files.push(File {
        name: "history.json".into(),
        bytes: render(|out| json::write(&json::HistoryOutput::new(history), out))?,
    });
    files.push(File {
        name: INDEX.into(),
        bytes: render(|out| write_index(history, reports, out))?,
    });
    Ok(files)
}

/// `scan-1` for the first version (pages count from 1, as the reports' `v1` does).
fn scan_stem(k: usize) -> String {
    format!("scan-{}", k + 1)
}

/// `diff-1-2` for the report of the first two versions.
fn diff_stem(k: usize) -> String {
    format!("diff-{}-{}", k + 1, k + 2)
}

fn render(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write(&mut bytes)?;
    Ok(bytes)
}

/// The page `STEM.html` with a navigation bar right after `<body>`: back to the index and
/// to its downloads. Plain markup: the page's Content-Security-Policy needs no change.
fn page_with_nav(stem: &str, page: Vec<u8>, downloads: &[&str]) -> File {
    let mut nav = format!(
        "<header><nav class=\"site\" aria-label=\"Site\"><a href=\"{INDEX}\">← All versions</a>"
    );
    for ext in downloads {
        let upper = ext.to_uppercase();
        nav.push_str(&format!(" · <a href=\"{stem}.{ext}\">Download {upper}</a>"));
    }
    nav.push_str("</nav></header>\n");
    const BODY: &[u8] = b"<body>\n";
    // Every renderer starts its page with the same head; were one not to, the bar goes first.
    let at = page
        .windows(BODY.len())
        .position(|w| w == BODY)
        .map_or(0, |i| i + BODY.len());
    let mut bytes = Vec::with_capacity(page.len() + nav.len());
    bytes.extend_from_slice(&page[..at]);
    bytes.extend_from_slice(nav.as_bytes());
    bytes.extend_from_slice(&page[at..]);
    File {
        name: format!("{stem}.html"),
        bytes,
    }
}

/// The index: the versions with their provenance and pages, the timeline of each topic's
/// references, and every comparison with its headline.
fn write_index(history: &History, reports: &[Report], w: &mut dyn Write) -> io::Result<()> {
    let title = format!("rmfdiff: {}", family(&history.versions));
    // No script at all, only the shared style sheet, no network access.
    html::write_head(w, &title, GENERATOR, &[STYLE], &[])?;
    writeln!(w, "<header>\n<h1>{}</h1>", Text(&title))?;
    writeln!(
        w,
        "<p class=\"muted\">{} versions, oldest first. Made by rmfdiff {} with lexicon {} ({}). \
Every page here is self-contained and works offline.</p>\n</header>",
        history.versions.len(),
        Text(&history.tool_version),
        Text(&history.lexicon_version),
        Text(&history.lexicon_profile)
    )?;
    write_versions(w, &history.versions)?;
    write_timeline(w, history)?;
    write_comparisons(w, reports)?;
    writeln!(w, "</body>\n</html>")
}

/// What the site covers: the one title all versions share, else the first and last.
fn family(versions: &[Metadata]) -> String {
    match (versions.first(), versions.last()) {
        (Some(first), Some(last)) if first.title != last.title => {
            format!("{} → {}", first.title, last.title)
        }
        (Some(first), _) => first.title.clone(),
        _ => String::new(),
    }
}

fn write_versions(w: &mut dyn Write, versions: &[Metadata]) -> io::Result<()> {
    writeln!(
        w,
        "<section id=\"inputs\">\n<h2>Versions</h2>\n<div class=\"wide\">"
    )?;
    writeln!(
        w,
        "<table>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">Title</th><th scope=\"col\">Version</th><th scope=\"col\">Published</th><th scope=\"col\">File</th><th scope=\"col\">Imported from</th><th scope=\"col\">Scan (its references)</th></tr></thead>\n<tbody>"
    )?;
    for (k, meta) in versions.iter().enumerate() {
        let stem = scan_stem(k);
        write!(
            w,
            "<tr><th scope=\"row\">v{}</th><td>{}</td><td>{}</td><td>{}</td>",
            k + 1,
            Text(&meta.title),
            Text(meta.version.as_deref().unwrap_or("")),
            Text(meta.published.as_deref().unwrap_or("unknown"))
        )?;
        write!(
            w,
            "<td>{}<br><code class=\"hash\">sha256 {}</code></td><td>",
            Text(&meta.source),
            Text(&meta.sha256)
        )?;
        match &meta.imported_from {
            Some(origin) => html::write_origin(w, origin)?,
            None => write!(w, "<span class=\"muted\">—</span>")?,
        }
        writeln!(
            w,
            "</td><td><a href=\"{stem}.html\">page</a> · <a href=\"{stem}.json\">JSON</a> · <a href=\"{stem}.csv\">CSV</a></td></tr>"
        )?;
    }
    writeln!(w, "</tbody>\n</table>\n</div>\n</section>")
}

/// Each topic's references per version: a chart, and the table it is drawn from.
fn write_timeline(w: &mut dyn Write, history: &History) -> io::Result<()> {
    writeln!(w, "<section id=\"counts\">\n<h2>Timeline</h2>")?;
    writeln!(
        w,
        "<p><a href=\"history.html\">History of every reference</a> · <a href=\"history.json\">JSON</a></p>"
    )?;
    write_chart(w, history)?;
    write!(
        w,
        "<div class=\"wide\">\n<table>\n<caption>References per version</caption>\n<thead><tr><th scope=\"col\">Topic</th>"
    )?;
    for k in 1..=history.versions.len() {
        write!(w, "<th scope=\"col\">v{k}</th>")?;
    }
    writeln!(w, "</tr></thead>\n<tbody>")?;
    for topic in &history.topics {
        for (name, counts, class) in [
            (topic.name.as_str(), &topic.all, ""),
            ("direct terms only", &topic.direct, " class=\"direct\""),
        ] {
            write!(w, "<tr{class}><th scope=\"row\">{}</th>", Text(name))?;
            for count in counts {
                write!(w, "<td class=\"n\">{count}</td>")?;
            }
            writeln!(w, "</tr>")?;
        }
    }
    writeln!(w, "</tbody>\n</table>\n</div>\n</section>")
}

/// Line colours by topic: presentation attributes, which the style policy does not govern.
const LINE_COLOURS: [&str; 6] = [
    "#0969da", "#cf222e", "#1a7f37", "#8250df", "#bc4c00", "#6e7781",
];

/// An inline SVG line chart of each topic's references (all terms) per version.
fn write_chart(w: &mut dyn Write, history: &History) -> io::Result<()> {
    let versions = history.versions.len();
    if versions < 2 || history.topics.is_empty() {
        return Ok(());
    }
    let (left, right, top, plot_height) = (40, 20, 10, 160);
    // Wide enough for the legend's topic names, and 80 px between versions at least.
    let width = (left + 80 * (versions - 1) + right).max(480);
    let plot_width = width - left - right;
    let legend_top = top + plot_height + 30;
    let height = legend_top + 20 * history.topics.len();
    let max = history
        .topics
        .iter()
        .flat_map(|t| t.all.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let x = |k: usize| left + plot_width * k / (versions - 1);
    let y = |n: usize| top + plot_height - plot_height * n / max;
    writeln!(
        w,
        r#"<figure class="chart"><svg role="img" aria-label="References per version and topic" viewBox="0 0 {width} {height}" width="{width}" height="{height}">"#
    )?;
    let bottom = top + plot_height;
    writeln!(
        w,
        r##"<line x1="{left}" y1="{bottom}" x2="{}" y2="{bottom}" stroke="#8c959f"/><line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#8c959f"/>"##,
        width - right
    )?;
    writeln!(
        w,
        r#"<text x="{}" y="{}" text-anchor="end">{max}</text><text x="{}" y="{}" text-anchor="end">0</text>"#,
        left - 6,
        top + 10,
        left - 6,
        bottom + 4
    )?;
    for k in 0..versions {
        writeln!(
            w,
            r#"<text x="{}" y="{}" text-anchor="middle">v{}</text>"#,
            x(k),
            bottom + 18,
            k + 1
        )?;
    }
    for (i, topic) in history.topics.iter().enumerate() {
        let colour = LINE_COLOURS[i % LINE_COLOURS.len()];
        let points: Vec<String> = topic
            .all
            .iter()
            .enumerate()
            .map(|(k, &n)| format!("{},{}", x(k), y(n)))
            .collect();
        writeln!(
            w,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
            points.join(" ")
        )?;
        for (k, &n) in topic.all.iter().enumerate() {
            writeln!(
                w,
                r#"<circle cx="{}" cy="{}" r="4" fill="{colour}"><title>{}: {n} in v{}</title></circle>"#,
                x(k),
                y(n),
                Text(&topic.name),
                k + 1
            )?;
        }
        let row = legend_top + 20 * i;
        writeln!(
            w,
            r#"<rect x="{left}" y="{}" width="12" height="12" fill="{colour}"/><text x="{}" y="{}">{}</text>"#,
            row,
            left + 18,
            row + 11,
            Text(&topic.name)
        )?;
    }
    writeln!(
        w,
        "</svg><figcaption>References (all terms) per version; the table below has the numbers.</figcaption></figure>"
    )
}

/// Each consecutive pair: its page, downloads and headline.
fn write_comparisons(w: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    writeln!(
        w,
        "<section id=\"findings\">\n<h2>Changes between versions</h2>\n<ul>"
    )?;
    for (k, report) in reports.iter().enumerate() {
        let stem = diff_stem(k);
        writeln!(
            w,
            "<li><a href=\"{stem}.html\">v{} → v{}</a> (<a href=\"{stem}.json\">JSON</a>, <a href=\"{stem}.csv\">CSV</a>): {}</li>",
            k + 1,
            k + 2,
            Text(&headline(report))
        )?;
    }
    writeln!(w, "</ul>\n</section>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_goes_right_after_body() {
        let page = b"<html><head></head>\n<body>\n<h1>x</h1>".to_vec();
        let file = page_with_nav("diff-1-2", page, &["json"]);
        let text = String::from_utf8(file.bytes).unwrap();
        assert_eq!(file.name, "diff-1-2.html");
        assert!(text.starts_with("<html><head></head>\n<body>\n<header><nav class=\"site\""));
        assert!(text.contains("<a href=\"diff-1-2.json\">Download JSON</a>"));
        assert!(text.ends_with("</nav></header>\n<h1>x</h1>"));
    }

    #[test]
    fn a_page_without_body_gets_the_bar_first() {
        let file = page_with_nav("scan-1", b"text".to_vec(), &[]);
        assert!(
            String::from_utf8(file.bytes)
                .unwrap()
                .ends_with("</header>\ntext")
        );
    }
}
