//! The HTML page (`render::html`): a snapshot of the page for one fixture pair, and hostile
//! document text and metadata that must come out escaped.

use std::fs;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use rmfdiff::load;
use rmfdiff::model::{Document, Provenance, SourceFile};
use rmfdiff::render::html;
use rmfdiff::report::{Options, Report};
use rmfdiff::topics::Lexicon;

use crate::support::settings;

/// The page for a report.
pub fn page(report: &Report) -> String {
    let mut out = Vec::new();
    html::write_report(report, &mut out).expect("writing to a buffer succeeds");
    String::from_utf8(out).expect("the page is UTF-8")
}

/// The report for `tests/fixtures/<case>/{old,new}.md`, with paths relative to the
/// repository root (where cargo runs the tests), so the page does not name this machine.
pub fn fixture_report(case: &str) -> Report {
    let load = |file: &str| {
        let path = format!("tests/fixtures/{case}/{file}");
        load::load(Path::new(&path), None).expect("fixture loads")
    };
    Report::diff(
        &load("old.md"),
        &load("new.md"),
        &Lexicon::builtin(),
        &Options::default(),
    )
}

#[test]
fn page_for_dei_reworded() {
    let page = page(&fixture_report("dei-reworded"));
    settings().bind(|| insta::assert_snapshot!("html_dei_reworded", page));
}

/// Markup that would run script or load something if it were written unescaped. Each tries
/// to set `window.pwned` or open an alert.
const HOSTILE: &str = r#"<script>window.pwned = 1; alert(1)</script> "><img src=x onerror="window.pwned=2;alert(2)"> </script><script>window.pwned = 3</script> <a href="javascript:window.pwned=4">click</a> [link](javascript:alert(5)) ' onmouseover='window.pwned=6"#;

const OLD: &str = "\
# Hostile <script>window.pwned = 1; alert(1)</script> \"><img src=x onerror=\"window.pwned=2\">

HOSTILE_TEXT

## Section \"><img src=x onerror=alert(1)> & 'quotes' </script>

Climate change matters: HOSTILE_TEXT

GOVERN 1.1: Teams track misinformation HOSTILE_TEXT and keep records.
GOVERN 1.2: Diversity is <b onmouseover=\"window.pwned=8\">valued</b> here.
";

const NEW: &str = "\
# Hostile <script>window.pwned = 1; alert(1)</script> \"><img src=x onerror=\"window.pwned=2\">

HOSTILE_TEXT and more

## Section \"><img src=x onerror=alert(1)> & 'quotes' </script>

Sustainability matters: HOSTILE_TEXT

GOVERN 1.1: Teams track false content <script>window.pwned = 9</script> HOSTILE_TEXT and keep records.
GOVERN 1.3: Added <img src=x onerror=\"window.pwned=10\"> with disinformation HOSTILE_TEXT.
";

/// A diff of two Markdown files full of hostile text (headings, paragraphs, id lines), with
/// hostile metadata too.
pub fn hostile_report() -> Report {
    let dir = tempfile::tempdir().expect("temp dir");
    let load = |name: &str, text: &str| -> Document {
        let path = dir.path().join(name);
        fs::write(&path, text.replace("HOSTILE_TEXT", HOSTILE)).expect("write fixture");
        let mut doc = load::load(&path, None).expect("hostile fixture loads");
        doc.meta.version = Some(HOSTILE.to_string());
        doc.meta.publication = Some(HOSTILE.to_string());
        doc.meta.published = Some(HOSTILE.to_string());
        doc.meta.imported_from = Some(Provenance {
            sources: vec![SourceFile {
                file: HOSTILE.to_string(),
                sha256: HOSTILE.to_string(),
            }],
            importer: HOSTILE.to_string(),
        });
        doc
    };
    let (old, new) = (load("old.md", OLD), load("new.md", NEW));
    Report::diff(&old, &new, &Lexicon::builtin(), &Options::default())
}

/// Every tag the renderer writes; document text must never add another.
const TAGS: &[&str] = &[
    "!doctype",
    "a",
    "article",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "dl",
    "dt",
    "em",
    "div",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "head",
    "header",
    "html",
    "input",
    "ins",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "mark",
    "meta",
    "nav",
    "ol",
    "option",
    "p",
    "rect",
    "script",
    "section",
    "select",
    "span",
    "style",
    "summary",
    "svg",
    "table",
    "td",
    "text",
    "th",
    "title",
    "tr",
    "ul",
];

static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<(/?)([^\s>/]*)([^>]*)>").unwrap());

#[test]
fn hostile_text_is_escaped() {
    let report = hostile_report();
    // The fixture exercises every kind of change and topic reference, so every writer runs.
    assert!(
        report.nodes.added > 0 && report.nodes.modified > 0,
        "{:?}",
        report.nodes
    );
    assert!(report.changes.iter().any(|c| !c.topics.is_empty()));
    // What replaced a reference is markup too: the substitution table writes it.
    assert!(
        report
            .substitutions
            .iter()
            .any(|s| s.replaced_by.contains("<script>")),
        "{:?}",
        report.substitutions
    );
    let page = page(&report);

    for raw in [
        "<script>window",
        "</script><script>",
        "<img",
        "\"><img",
        "<a href=\"javascript",
        "<b ",
    ] {
        assert!(!page.contains(raw), "{raw:?} is in the page unescaped");
    }
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert_eq!(page.matches("</script>").count(), 1);
    assert!(page.contains("&lt;script&gt;window.pwned = 1; alert(1)&lt;/script&gt;"));
    assert!(page.contains("\"&gt;&lt;img src=x onerror=\"window.pwned=2"));

    let handler = Regex::new(r"\son\w+\s*=").unwrap();
    let href = Regex::new(r#"href="([^"]*)""#).unwrap();
    for tag in TAG.captures_iter(&page) {
        let (name, attributes) = (tag[2].to_ascii_lowercase(), &tag[3]);
        assert!(
            TAGS.contains(&name.as_str()),
            "unexpected tag {:?}",
            &tag[0]
        );
        // Any `>` or quote inside a value is escaped, so the tag's attributes end here.
        assert!(
            !handler.is_match(attributes),
            "event handler in {:?}",
            &tag[0]
        );
        for link in href.captures_iter(attributes) {
            assert!(
                link[1].starts_with('#') || &link[1] == "data:,",
                "link leaves the page: {:?}",
                &tag[0]
            );
        }
    }
}

#[test]
fn permalinks_are_ids_and_unique() {
    let page = page(&hostile_report());
    let ids: Vec<&str> = Regex::new(r#"<article class="entry" id="([^"]*)""#)
        .unwrap()
        .captures_iter(&page)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert!(
        ids.contains(&"GOVERN-1.1") && ids.contains(&"GOVERN-1.3"),
        "{ids:?}"
    );
    for id in &ids {
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c)),
            "{id:?}"
        );
        assert!(page.contains(&format!("href=\"#{id}\"")), "no link to {id}");
    }
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
}

#[test]
fn page_is_deterministic() {
    let case = "climate-paragraph-removed";
    assert_eq!(page(&fixture_report(case)), page(&fixture_report(case)));
}
