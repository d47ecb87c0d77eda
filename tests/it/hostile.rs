//! Hostile inputs, through the real binary: each case ends in a correct result, or in exit 2
//! with one `error: …` line naming the file and the problem, never in a panic, and never
//! with an output file (or a temporary one) left behind when `-o` is given. The inputs that
//! fuzzing found to crash are cases here too (`fuzz_regression_*`), so `cargo test` replays
//! them.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use crate::support::{fixture, rmfdiff};

/// A scratch folder for one case's inputs.
struct Scratch(tempfile::TempDir);

impl Scratch {
    fn new() -> Scratch {
        Scratch(tempfile::tempdir().expect("a temporary folder"))
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    /// Writes `bytes` to the file `name` and returns its path as a string.
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("the input is written");
        text(&path)
    }
}

fn text(path: &Path) -> String {
    path.to_str()
        .expect("temporary paths are UTF-8")
        .to_string()
}

/// A small valid document to diff hostile ones against.
fn good() -> String {
    text(&fixture("added", "old.md"))
}

/// Runs rmfdiff and checks it did not panic.
fn run(args: &[&str]) -> Output {
    let output = rmfdiff(args).output().expect("rmfdiff runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    output
}

/// Runs rmfdiff with `-o` into an empty folder and checks it exits 2 with exactly
/// `error: {message}`, writes nothing to stdout and leaves the folder empty.
fn rejects(args: &[&str], message: &str) {
    let out = Scratch::new();
    let report = text(&out.path("report.json"));
    let output = run(&[args, &["-o", &report]].concat());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!("error: {message}\n"),
        "{args:?}"
    );
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert!(output.stdout.is_empty(), "{args:?}");
    let left: Vec<_> = std::fs::read_dir(out.0.path()).unwrap().collect();
    assert!(left.is_empty(), "{args:?} left {left:?}");
}

/// Runs rmfdiff, checks it succeeded quietly and returns its stdout.
fn succeeds(args: &[&str]) -> String {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    assert!(stderr.is_empty(), "{args:?}: {stderr}");
    String::from_utf8(output.stdout).expect("output is UTF-8")
}

/// The JSON report of `rmfdiff diff OLD NEW`.
fn diff_json(old: &str, new: &str) -> serde_json::Value {
    let stdout = succeeds(&["diff", old, new, "--format", "json"]);
    serde_json::from_str(&stdout).expect("the report is JSON")
}

/// `(kind, old_id, new_id, matched_by)` of each change in a JSON report.
fn changes(report: &serde_json::Value) -> Vec<(String, String, String, String)> {
    let field = |c: &serde_json::Value, name: &str| match &c[name] {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            let f = |name| field(c, name);
            (f("kind"), f("old_id"), f("new_id"), f("matched_by"))
        })
        .collect()
}

/// An OSCAL catalog with `body` after its metadata.
fn catalog(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<catalog xmlns=\"http://csrc.nist.gov/ns/oscal/1.0\">\n\
<metadata><title>Hostile</title></metadata>\n{body}\n</catalog>\n"
    )
}

const CONTROLS: &str = r#"<group id="gv" class="function"><title>GOVERN</title>
<control id="gv-1"><title>Policies</title><part name="statement"><p>Address climate change.</p></part></control>
<control id="gv-2"><title>Teams</title><part name="statement"><p>Teams reflect diversity.</p></part></control>
</group>"#;

// ── Empty, blank, binary, wrongly encoded ───────────────────────────────────────────────

#[test]
fn empty_file() {
    let dir = Scratch::new();
    let path = dir.file("empty.md", "");
    rejects(
        &["diff", &good(), &path],
        &format!("{path} is empty; pass a framework document (OSCAL XML/JSON, text or Markdown)"),
    );
}

#[test]
fn only_whitespace() {
    let dir = Scratch::new();
    let path = dir.file("blank.xml", " \n\t\r\n  \n");
    rejects(
        &["scan", &path],
        &format!("{path} is empty; pass a framework document (OSCAL XML/JSON, text or Markdown)"),
    );
}

#[test]
fn binary_garbage() {
    let dir = Scratch::new();
    let path = dir.file("image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    rejects(
        &["diff", &path, &good()],
        &format!(
            "{path}:3:1: binary content (a NUL byte), not a text document; pass OSCAL XML/JSON, \
text or Markdown (UTF-8)"
        ),
    );
}

#[test]
fn non_utf8_text() {
    let dir = Scratch::new();
    let path = dir.file("latin1.md", b"# Title\n\nGOVERN 1.1: na\xefve text\n");
    rejects(
        &["scan", &path],
        &format!("{path}:3:15: not valid UTF-8 text; convert the file to UTF-8"),
    );
}

#[test]
fn utf16_with_bom() {
    let dir = Scratch::new();
    let utf16: Vec<u8> = "\u{feff}# Title\nGOVERN 1.1: text\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let path = dir.file("utf16.md", utf16);
    rejects(
        &["diff", &good(), &path],
        &format!(
            "{path} is UTF-16LE text; convert it to UTF-8 (e.g. `iconv -f UTF-16LE -t UTF-8`)"
        ),
    );
    let big_endian: Vec<u8> = "\u{feff}<catalog/>"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let path = dir.file("utf16be.xml", big_endian);
    rejects(
        &["scan", &path],
        &format!(
            "{path} is UTF-16BE text; convert it to UTF-8 (e.g. `iconv -f UTF-16BE -t UTF-8`)"
        ),
    );
}

#[test]
fn utf8_bom_is_accepted() {
    let dir = Scratch::new();
    let plain = std::fs::read_to_string(fixture("added", "old.md")).unwrap();
    let with_bom = dir.file("bom.md", format!("\u{feff}{plain}"));
    let report = diff_json(&good(), &with_bom);
    assert_eq!(
        report["summary"]["nodes"]["unchanged"],
        report_nodes(&report)
    );
    assert_eq!(report["new"]["title"], report["old"]["title"]);
    let xml = dir.file("bom.xml", format!("\u{feff}{}", catalog(CONTROLS)));
    let scan: serde_json::Value =
        serde_json::from_str(&succeeds(&["scan", &xml, "--format", "json"])).unwrap();
    assert_eq!(scan["document"]["title"], "Hostile");
}

/// Entries counted in a report's summary.
fn report_nodes(report: &serde_json::Value) -> serde_json::Value {
    let nodes = &report["summary"]["nodes"];
    let total: u64 = ["added", "removed", "modified", "moved", "unchanged"]
        .iter()
        .map(|k| nodes[k].as_u64().unwrap())
        .sum();
    total.into()
}

#[test]
fn pdf_passed_to_diff() {
    let dir = Scratch::new();
    let path = dir.file("ai-rmf.pdf", "%PDF-1.7\n%\u{e2}\u{e3}\n1 0 obj\n");
    rejects(
        &["diff", &good(), &path],
        &format!(
            "{path}: a PDF, not a catalog; turn it into one first with `rmfdiff import \
FILE.pdf -o FILE.xml`"
        ),
    );
}

// ── Malformed XML ───────────────────────────────────────────────────────────────────────

/// The catalog cut after its first `at` bytes.
fn truncated(at: usize) -> (Scratch, String) {
    let dir = Scratch::new();
    let whole = catalog(CONTROLS);
    let path = dir.file("cut.xml", &whole[..at]);
    (dir, path)
}

#[test]
fn truncated_xml_inside_a_start_tag() {
    let whole = catalog(CONTROLS);
    let (_dir, path) = truncated(whole.find("http").unwrap() + 4);
    rejects(
        &["scan", &path],
        &format!(
            "{path}:2:1: malformed XML: syntax error: attribute value not closed: `\"` not \
found before end of input"
        ),
    );
}

#[test]
fn truncated_xml_inside_text() {
    let whole = catalog(CONTROLS);
    let (_dir, path) = truncated(whole.find("climate").unwrap() + 3);
    rejects(
        &["scan", &path],
        &format!("{path}:5:66: malformed XML: <p> is not closed before the end of the file"),
    );
}

#[test]
fn truncated_xml_inside_an_end_tag() {
    let whole = catalog(CONTROLS);
    let (_dir, path) = truncated(whole.find("</group>").unwrap() + 4);
    rejects(
        &["scan", &path],
        &format!(
            "{path}:7:1: malformed XML: syntax error: tag not closed: `>` not found before end \
of input"
        ),
    );
}

#[test]
fn truncated_xml_before_the_root_closes() {
    let whole = catalog(CONTROLS);
    let (_dir, path) = truncated(whole.find("</catalog>").unwrap());
    rejects(
        &["diff", &path, &good()],
        &format!("{path}:2:1: malformed XML: <catalog> is not closed before the end of the file"),
    );
}

#[test]
fn unclosed_tags() {
    let dir = Scratch::new();
    let path = dir.file(
        "unclosed.xml",
        catalog(r#"<group id="g"><title>G</title><part name="p" id="p1"><p>Text</part></group>"#),
    );
    rejects(
        &["scan", &path],
        &format!(
            "{path}:4:61: malformed XML: ill-formed document: expected `</p>`, but `</part>` \
was found"
        ),
    );
}

#[test]
fn mismatched_tags_name_line_and_column() {
    let dir = Scratch::new();
    let path = dir.file(
        "mismatched.xml",
        catalog("<group id=\"g\">\n  <title>G</group>\n</title>"),
    );
    rejects(
        &["diff", &good(), &path],
        &format!(
            "{path}:5:11: malformed XML: ill-formed document: expected `</title>`, but \
`</group>` was found"
        ),
    );
}

#[test]
fn control_character_in_xml() {
    let dir = Scratch::new();
    let path = dir.file(
        "control.xml",
        catalog("<group id=\"g\"><title>G\u{1b}[2J</title></group>"),
    );
    rejects(
        &["scan", &path],
        &format!("{path}:4:23: invalid character U+001B: XML does not allow control characters"),
    );
}

#[test]
fn nul_character_reference_in_xml() {
    let dir = Scratch::new();
    let path = dir.file(
        "nul-ref.xml",
        catalog("<group id=\"g\"><title>G&#0;</title></group>"),
    );
    rejects(
        &["scan", &path],
        &format!("{path}:4:23: invalid character reference &#0; (not a character XML allows)"),
    );
}

#[test]
fn control_character_reference_in_xml() {
    let dir = Scratch::new();
    let path = dir.file(
        "esc-ref.xml",
        catalog("<group id=\"g\"><title>G&#x1B;[2J</title></group>"),
    );
    rejects(
        &["scan", &path],
        &format!("{path}:4:23: invalid character reference &#x1B; (not a character XML allows)"),
    );
}

// ── Entities ────────────────────────────────────────────────────────────────────────────

#[test]
fn billion_laughs_is_never_expanded() {
    let mut doctype = String::from("<!DOCTYPE catalog [\n<!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        doctype.push_str(&format!("<!ENTITY lol{i} \"{refs}\">\n"));
    }
    doctype.push_str("]>\n");
    let dir = Scratch::new();
    let body = "<catalog><metadata><title>&lol9;</title></metadata></catalog>\n";
    let path = dir.file("laughs.xml", format!("{doctype}{body}"));
    rejects(
        &["scan", &path],
        &format!("{path}:13:27: reference to undefined entity &lol9; (entities are not expanded)"),
    );
}

#[test]
fn doctype_with_unused_entities_is_skipped() {
    let dir = Scratch::new();
    let xml = catalog(CONTROLS).replacen(
        "<catalog",
        "<!DOCTYPE catalog [ <!ENTITY lol \"lol\"> <!ENTITY lol1 \"&lol;&lol;\"> ]>\n<catalog",
        1,
    );
    let path = dir.file("doctype.xml", xml);
    let scan: serde_json::Value =
        serde_json::from_str(&succeeds(&["scan", &path, "--format", "json"])).unwrap();
    assert_eq!(scan["topics"]["climate"]["total"], 1, "{scan}");
    assert_eq!(scan["topics"]["dei"]["total"], 1, "{scan}");
}

#[test]
fn external_entities_are_never_resolved() {
    let dir = Scratch::new();
    let secret = dir.file("secret.txt", "TOP-SECRET-7f3a climate change diversity");
    let url = format!("file://{secret}");
    // In text: an error, without reading the file.
    let xxe = dir.file(
        "xxe.xml",
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE catalog [ <!ENTITY xxe SYSTEM \"{url}\"> ]>\n\
<catalog><metadata><title>X</title></metadata><group id=\"g\"><title>&xxe;</title></group></catalog>\n"
        ),
    );
    let output = run(&["scan", &xxe, "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: {xxe}:3:68: reference to undefined entity &xxe; (entities are not expanded)\n"
        )
    );
    // An external DTD and an entity in an attribute: never fetched, the document reads as
    // written.
    let dtd = dir.file(
        "dtd.xml",
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE catalog SYSTEM \"{url}\">\n\
<catalog><metadata><title>X</title></metadata><group id=\"g\" x=\"&amp;\"><title>G</title></group></catalog>\n"
        ),
    );
    let stdout = succeeds(&["scan", &dtd, "--format", "json"]);
    assert!(!stdout.contains("TOP-SECRET"), "{stdout}");
    let scan: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        scan["references"],
        serde_json::json!([]),
        "the secret's words were not read"
    );
    // The system's password file, the classic target: its content never appears.
    let passwd = dir.file(
        "passwd.xml",
        "<!DOCTYPE catalog [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n\
<catalog><metadata><title>&x;</title></metadata></catalog>\n",
    );
    let output = run(&["scan", &passwd]);
    assert_eq!(output.status.code(), Some(2));
    let all = [output.stdout, output.stderr].concat();
    assert!(!String::from_utf8_lossy(&all).contains("root:"));
}

// ── Depth and size ──────────────────────────────────────────────────────────────────────

#[test]
fn xml_nested_100000_levels() {
    let dir = Scratch::new();
    let head = "<catalog><metadata><title>T</title></metadata>";
    let depth = 100_000;
    let xml = format!(
        "{head}{}{}</catalog>",
        "<group>".repeat(depth),
        "</group>".repeat(depth)
    );
    let path = dir.file("deep.xml", xml);
    // The 1000th open element (the catalog and 999 groups) is where it stops.
    let column = head.len() + 999 * "<group>".len() + 1;
    rejects(
        &["scan", &path],
        &format!("{path}:1:{column}: <group> is nested more than 1000 levels deep"),
    );
}

#[test]
fn xml_nested_at_the_limit_is_diffed() {
    // 998 groups inside the catalog: deep, but allowed; nothing downstream recurses.
    let dir = Scratch::new();
    let mut xml = String::from("<catalog><metadata><title>T</title></metadata>");
    for i in 0..998 {
        xml.push_str(&format!("<group id=\"g{i}\"><title>G{i}</title>"));
    }
    xml.push_str(&"</group>".repeat(998));
    xml.push_str("</catalog>");
    let path = dir.file("deep.xml", &xml);
    let changed = dir.file("deep2.xml", xml.replace("<title>G997<", "<title>Climate<"));
    let report = diff_json(&path, &changed);
    assert_eq!(report["summary"]["nodes"]["modified"], 1, "{report}");
    assert_eq!(report["summary"]["nodes"]["unchanged"], 997);
}

#[test]
fn json_nested_100000_levels() {
    let dir = Scratch::new();
    let depth = 100_000;
    let json = format!(
        "{{\"catalog\":{{\"metadata\":{{\"title\":\"T\"}},\"groups\":{}[]{}}}}}",
        "[{\"title\":\"x\",\"groups\":".repeat(depth),
        "}]".repeat(depth)
    );
    let path = dir.file("deep.json", json);
    rejects(
        &["scan", &path],
        &format!(
            "{path}:1:1474: invalid OSCAL JSON: arrays and objects nested more than 128 levels \
deep"
        ),
    );
}

#[test]
fn document_of_200_mb_is_refused_by_size() {
    // A sparse file: 200 MB on paper, nothing on disk. It is refused from its size alone,
    // before a byte is read; raising the limit lets it be read (and found to be binary).
    let dir = Scratch::new();
    let path = dir.path("huge.xml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(200 << 20).unwrap();
    let path = text(&path);
    rejects(
        &["diff", &good(), &path],
        &format!(
            "{path} is larger than the input limit of 64 MB; if it really is a framework \
document, raise the limit with --max-input-mb"
        ),
    );
    rejects(
        &["scan", &path, "--max-input-mb", "256"],
        &format!(
            "{path}:1:1: binary content (a NUL byte), not a text document; pass OSCAL XML/JSON, \
text or Markdown (UTF-8)"
        ),
    );
    rejects(
        &["import", &path],
        &format!(
            "{path} is larger than the input limit of 64 MB; if it really is a framework \
document, raise the limit with --max-input-mb"
        ),
    );
}

#[test]
fn endless_input_is_cut_at_the_limit() {
    // A device has no size to check: reading stops at the limit.
    rejects(
        &["scan", "/dev/zero", "--max-input-mb", "1"],
        "/dev/zero is larger than the input limit of 1 MB; if it really is a framework \
document, raise the limit with --max-input-mb",
    );
}

#[test]
fn diff_deadline_is_reported_when_hit() {
    // One subcategory of 6,000 words whose order is shuffled: a word diff of that size cannot
    // finish in 0 ms. The diff is still exact on both sides, and every output says it may not
    // be minimal; the short subcategory beside it is never flagged.
    let dir = Scratch::new();
    let old_words = "alpha beta gamma delta epsilon zeta ".repeat(1000);
    let new_words = "beta alpha delta gamma zeta epsilon ".repeat(1000);
    let doc =
        |words: &str, short: &str| format!("# T\n\nGOVERN 1.1: {words}\n\nGOVERN 1.2: {short}\n");
    let old = dir.file("old.md", doc(&old_words, "a short one"));
    let new = dir.file("new.md", doc(&new_words, "a short two"));
    let report: serde_json::Value = serde_json::from_str(&succeeds(&[
        "diff",
        &old,
        &new,
        "--format",
        "json",
        "--deadline-ms",
        "0",
    ]))
    .expect("the report is JSON");
    assert_eq!(report["summary"]["approximate_diffs"], 1);
    assert_eq!(report["summary"]["nodes"]["modified"], 2);
    let change = &report["changes"][0];
    assert_eq!(
        (&change["new_id"], &change["approximate"]),
        (&"GOVERN 1.1".into(), &true.into())
    );
    let side = |skip: &str| -> String {
        let segments = change["segments"].as_array().expect("segments");
        let kept = segments.iter().filter(|s| s["op"] != skip);
        kept.map(|s| s["text"].as_str().expect("text")).collect()
    };
    assert_eq!(side("insert"), old_words.trim_end());
    assert_eq!(side("delete"), new_words.trim_end());
    let term = succeeds(&["diff", &old, &new, "--deadline-ms", "0", "--summary"]);
    assert!(
        term.contains(
            "Note: 1 word diffs hit the deadline (--deadline-ms) and may not be minimal."
        ),
        "{term}"
    );
    let relaxed: serde_json::Value =
        serde_json::from_str(&succeeds(&["diff", &old, &new, "--format", "json"])).unwrap();
    assert_eq!(relaxed["summary"]["approximate_diffs"], 0);
}

// ── Ids ─────────────────────────────────────────────────────────────────────────────────

#[test]
fn duplicate_ids_in_oscal_xml() {
    let dir = Scratch::new();
    let path = dir.file(
        "dup.xml",
        catalog(&CONTROLS.replace("id=\"gv-2\"", "id=\"gv-1\"")),
    );
    rejects(
        &["diff", &path, &good()],
        &format!(
            "{path}:6:1: duplicate id \"gv-1\" (first at line 5 column 1); ids must be unique"
        ),
    );
}

#[test]
fn ids_that_collide_once_normalised() {
    // Alignment compares ids without case or zero-padding (CSF 1.1 `ID.AM-1` is CSF 2.0
    // `ID.AM-01`), so one document cannot hold both.
    let dir = Scratch::new();
    let body = CONTROLS
        .replace("id=\"gv-1\"", "id=\"ID.AM-1\"")
        .replace("id=\"gv-2\"", "id=\"id.am-01\"");
    let path = dir.file("collide.xml", catalog(&body));
    rejects(
        &["scan", &path],
        &format!(
            "{path}:6:1: id \"id.am-01\" is the same as \"ID.AM-1\" once case and leading zeros \
are ignored, as ids are compared (first at line 5 column 1); ids must be unique"
        ),
    );
}

#[test]
fn duplicate_ids_in_oscal_json() {
    let dir = Scratch::new();
    let json = r#"{"catalog": {"metadata": {"title": "T"}, "groups": [
        {"id": "gv", "title": "GOVERN", "controls": [
            {"id": "GV-01", "title": "One"}, {"id": "gv-1", "title": "Two"}]}]}}"#;
    let path = dir.file("dup.json", json);
    rejects(
        &["scan", &path],
        &format!(
            "{path}: two objects with the same id (ids are compared without case or leading \
zeros): the control \"GV-01\" (\"One\") and the control \"gv-1\" (\"Two\"); ids must be unique"
        ),
    );
}

#[test]
fn duplicate_ai_rmf_ids_in_text() {
    let dir = Scratch::new();
    let path = dir.file(
        "dup.md",
        "# T\n\nGOVERN 1.1: First.\n\nGOVERN 1.01: Second.\n",
    );
    rejects(
        &["diff", &good(), &path],
        &format!("{path}:5:1: duplicate id GOVERN 1.1 (first at line 3)"),
    );
}

#[test]
fn missing_ids_pair_by_title() {
    let dir = Scratch::new();
    let no_ids = CONTROLS
        .replace(" id=\"gv-1\"", "")
        .replace(" id=\"gv-2\"", "");
    let old = dir.file("old.xml", catalog(&no_ids));
    let new = dir.file(
        "new.xml",
        catalog(&no_ids.replace("climate change", "weather")),
    );
    let report = diff_json(&old, &new);
    assert_eq!(
        changes(&report),
        [
            (
                "modified".into(),
                "null".into(),
                "null".into(),
                "title".into()
            ),
            (
                "unchanged".into(),
                "null".into(),
                "null".into(),
                "title".into()
            ),
        ]
    );
    assert_eq!(report["summary"]["topics"]["climate"]["reworded"], 1);
}

#[test]
fn empty_titles() {
    let dir = Scratch::new();
    let body = CONTROLS.replace("<title>Policies</title>", "<title></title>");
    let old = dir.file("old.xml", catalog(&body));
    let new = dir.file(
        "new.xml",
        catalog(&body.replace("<title>Teams</title>", "<title/>")),
    );
    let report = diff_json(&old, &new);
    assert_eq!(report["summary"]["nodes"]["modified"], 1, "{report}");
    assert_eq!(report["summary"]["nodes"]["unchanged"], 2, "{report}");
    assert_eq!(report["summary"]["topics"]["dei"]["retained"], 1);
}

#[test]
fn control_with_no_text() {
    let dir = Scratch::new();
    let empty = CONTROLS.replace(
        "<part name=\"statement\"><p>Address climate change.</p></part>",
        "<part name=\"statement\"><p> </p></part>",
    );
    let old = dir.file("old.xml", catalog(&empty));
    let new = dir.file("new.xml", catalog(CONTROLS));
    let report = diff_json(&old, &new);
    assert_eq!(
        changes(&report)[0],
        ("modified".into(), "gv-1".into(), "gv-1".into(), "id".into())
    );
    assert_eq!(report["summary"]["topics"]["climate"]["added"], 1);
    let same = diff_json(&old, &old);
    assert_eq!(same["summary"]["nodes"]["unchanged"], 3);
}

// ── OSCAL JSON ──────────────────────────────────────────────────────────────────────────

#[test]
fn oscal_json_with_wrong_types() {
    let dir = Scratch::new();
    let path = dir.file(
        "types.json",
        "{\"catalog\": {\"metadata\": {\"title\": 5}}}",
    );
    rejects(
        &["scan", &path],
        &format!(
            "{path}:1:36: invalid OSCAL JSON: invalid type: integer `5`, expected a string at \
line 1 column 36"
        ),
    );
    let groups = dir.file(
        "groups.json",
        "{\"catalog\": {\"metadata\": {\"title\": \"T\"}, \"groups\": {\"id\": \"g\"}}}",
    );
    rejects(
        &["scan", &groups],
        &format!(
            "{groups}:1:51: invalid OSCAL JSON: invalid type: map, expected a sequence at line 1 \
column 51"
        ),
    );
}

#[test]
fn oscal_json_with_unknown_fields_is_accepted() {
    let dir = Scratch::new();
    let json = r#"{"catalog": {"uuid": "u", "x-vendor": {"a": [1, null]},
        "metadata": {"title": "T", "remarks": "hi", "zzz": 3},
        "groups": [{"id": "g", "title": "G", "foo": true,
            "parts": [{"name": "prose", "id": "p1", "prose": "climate change", "bar": {}}]}]}}"#;
    let path = dir.file("unknown.json", json);
    let scan: serde_json::Value =
        serde_json::from_str(&succeeds(&["scan", &path, "--format", "json"])).unwrap();
    assert_eq!(scan["topics"]["climate"]["total"], 1, "{scan}");
    assert_eq!(scan["references"][0]["id"], "p1");
}

// ── Files that are not files ────────────────────────────────────────────────────────────

#[test]
fn directory_passed_as_a_file() {
    let dir = Scratch::new();
    let path = text(dir.0.path());
    rejects(
        &["diff", &good(), &path],
        &format!("{path} is a directory; pass a document file"),
    );
}

#[test]
fn missing_file() {
    let dir = Scratch::new();
    let path = text(&dir.path("nowhere.md"));
    let output = run(&["scan", &path]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected =
        format!("error: {path} does not exist; name a document file or a shipped version (");
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(stderr.contains("sp800-53-rev5-high"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
}

#[test]
fn file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Scratch::new();
    let path = dir.file(
        "secret.md",
        std::fs::read(fixture("added", "old.md")).unwrap(),
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Mode 000 stops an ordinary user, but root (CI runs the tests as root) has
    // CAP_DAC_OVERRIDE and reads any file whatever its mode. So the test asks the system,
    // with the same user as rmfdiff, whether the file can be opened, and asserts what rmfdiff
    // must then do: report the denial, or read the file like any other.
    match std::fs::File::open(&path) {
        Err(e) => {
            assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied);
            rejects(
                &["scan", &path],
                &format!("cannot read {path}: Permission denied (os error 13)"),
            );
        }
        Ok(_) => {
            let report = diff_json(&good(), &path);
            assert_eq!(
                report["summary"]["nodes"]["unchanged"],
                report_nodes(&report)
            );
        }
    }
}

#[test]
fn path_through_a_file() {
    // `file.md/x`: a read fails the same way for every user, root included.
    let path = format!("{}/old.md", good());
    rejects(
        &["diff", &good(), &path],
        &format!("cannot read {path}: Not a directory (os error 20)"),
    );
}

// ── Output ──────────────────────────────────────────────────────────────────────────────

#[test]
fn unwritable_output_target() {
    let dir = Scratch::new();
    let blocker = dir.file("file", "x");
    let target = format!("{blocker}/report.json");
    let output = run(&["diff", &good(), &good(), "-o", &target]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!("error: cannot write {target}: Not a directory (os error 20)\n")
    );
    let left: Vec<_> = std::fs::read_dir(dir.0.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the blocking file: {left:?}");
}

#[test]
fn output_is_a_directory() {
    let dir = Scratch::new();
    let target = text(dir.0.path());
    let output = run(&["scan", &good(), "-o", &target]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!("error: cannot write {target}: Is a directory (os error 21)\n")
    );
    assert_eq!(std::fs::read_dir(dir.0.path()).unwrap().count(), 0);
}

#[test]
fn output_is_one_of_the_inputs() {
    let dir = Scratch::new();
    let input = dir.file("doc.md", std::fs::read(fixture("added", "new.md")).unwrap());
    let before = std::fs::read(&input).unwrap();
    // Named another way: through `..` and a relative path.
    let other_spelling = format!("{}/../{}/doc.md", dir.0.path().display(), dir_name(&dir));
    for target in [input.as_str(), other_spelling.as_str()] {
        let output = run(&["diff", &good(), &input, "--format", "json", "-o", target]);
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!("error: -o {target} is one of the inputs; choose another output file\n")
        );
        assert_eq!(
            std::fs::read(&input).unwrap(),
            before,
            "the input is untouched"
        );
    }
    assert_eq!(std::fs::read_dir(dir.0.path()).unwrap().count(), 1);
}

fn dir_name(dir: &Scratch) -> String {
    dir.0
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn output_through_a_symlink_keeps_the_link() {
    let dir = Scratch::new();
    let real = dir.file("real.json", "old report");
    let link = dir.path("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    succeeds(&["scan", &good(), "--format", "json", "-o", &text(&link)]);
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&real).unwrap()).expect("the target has the report");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(std::fs::read_dir(dir.0.path()).unwrap().count(), 2);
}

#[test]
fn output_into_a_fifo_writes_into_it() {
    use std::io::Read;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    // A pipe (like `-o /dev/stdout`) cannot be replaced by a renamed file: it is written
    // into, and stays a pipe.
    let dir = Scratch::new();
    let fifo = dir.path("pipe");
    let c_path = std::ffi::CString::new(text(&fifo)).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    // Opened for reading without blocking first, so that rmfdiff's open does not block and
    // the report (a few KB) waits in the pipe's buffer.
    let mut reader = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo)
        .unwrap();
    succeeds(&["scan", &good(), "--format", "json", "-o", &text(&fifo)]);
    let mut report = String::new();
    reader.read_to_string(&mut report).unwrap();
    let json: serde_json::Value = serde_json::from_str(&report).expect("the report came through");
    assert_eq!(json["schema_version"], 1);
    assert!(fifo.metadata().unwrap().file_type().is_fifo());
    assert_eq!(std::fs::read_dir(dir.0.path()).unwrap().count(), 1);
}

#[test]
fn broken_pipe_on_stdout() {
    let mut child = rmfdiff(&[
        "diff",
        "sp800-53-rev4-high",
        "sp800-53-rev5-high",
        "--color",
        "always",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

// ── Lexicon ─────────────────────────────────────────────────────────────────────────────

#[test]
fn malformed_lexicon() {
    let dir = Scratch::new();
    let lexicon = dir.file("lexicon.toml", "version = \"1\"\n[[topic]\nkey = \"x\"\n");
    rejects(
        &["diff", &good(), &good(), "--lexicon", &lexicon],
        &format!("{lexicon}:2:9: invalid lexicon: unclosed array table, expected `]`"),
    );
    let binary = dir.file("lexicon.bin", b"\0\x01\x02");
    rejects(
        &["scan", &good(), "--lexicon", &binary],
        &format!(
            "{binary}:1:1: binary content (a NUL byte), not a text document; pass OSCAL XML/JSON, \
text or Markdown (UTF-8)"
        ),
    );
}

#[test]
fn lexicon_with_an_empty_topic() {
    let dir = Scratch::new();
    let no_terms = dir.file(
        "lexicon.toml",
        "version = \"1\"\n[[topic]]\nkey = \"x\"\nname = \"X\"\n",
    );
    rejects(
        &["scan", &good(), "--lexicon", &no_terms],
        &format!("{no_terms}: topic \"x\" has no terms"),
    );
    let blank_term = dir.file(
        "blank.toml",
        "version = \"1\"\n[[topic]]\nkey = \"x\"\nname = \"X\"\n\
terms = [{ phrase = \" - \", strength = \"direct\" }]\n",
    );
    rejects(
        &["diff", &good(), &good(), "--lexicon", &blank_term],
        &format!("{blank_term}: topic \"x\" has a phrase with no words: \"-\""),
    );
}

// ── Escape sequences ────────────────────────────────────────────────────────────────────

#[test]
fn escape_sequences_never_reach_the_terminal() {
    // Control characters a document smuggles in (raw in text, escaped in JSON) would drive
    // the terminal (clear it, retitle it, hide lines); they are shown as U+FFFD instead.
    let dir = Scratch::new();
    let old = dir.file("old.md", "# T\n\nGOVERN 1.1: Teams value diversity.\n");
    let new = dir.file(
        "new.md",
        "# T\n\nGOVERN 1.1: Teams value \u{1b}]0;owned\u{7}\u{1b}[2Jdiversity\u{9b}31m.\r\n",
    );
    let stdout = succeeds(&["diff", &old, &new, "--color", "never"]);
    assert!(
        !stdout.contains(['\u{1b}', '\u{7}', '\u{9b}', '\r']),
        "{stdout:?}"
    );
    assert!(
        stdout.contains("{+\u{fffd}]0;owned\u{fffd}\u{fffd}[2Jdiversity\u{fffd}31m+}"),
        "{stdout}"
    );
    let json = dir.file(
        "esc.json",
        r#"{"catalog": {"metadata": {"title": "T\u001b[2J"}, "groups": [{"id": "g",
            "title": "G\u0007", "parts": [{"name": "p", "id": "p1", "prose": "climate\u001b[8m change"}]}]}}"#,
    );
    let stdout = succeeds(&["scan", &json, "--color", "never"]);
    assert!(!stdout.contains(['\u{1b}', '\u{7}']), "{stdout:?}");
    assert!(stdout.contains("doc T\u{fffd}[2J"), "{stdout}");
}

// ── Import ──────────────────────────────────────────────────────────────────────────────

#[test]
fn import_json_with_a_character_across_the_sniffed_head() {
    // The importer tells JSON kinds from the first 4096 bytes; a two-byte character at bytes
    // 4095–4096 once made it slice inside the character and panic.
    let dir = Scratch::new();
    let json = format!("[{{\"x\": \"{}é\"}}]", "a".repeat(4087));
    assert!(!json.is_char_boundary(4096));
    let path = dir.file("records.json", json);
    rejects(
        &["import", &path],
        &format!("{path}: JSON of a shape rmfdiff does not know; pass --kind to say what it is"),
    );
}

// ── Found by fuzzing ────────────────────────────────────────────────────────────────────

/// Imports `source` (of `kind`) to a catalog, and checks the catalog loads and holds
/// `expected`.
fn imports_and_reloads(kind: &str, source: &str, expected: &str) {
    let dir = Scratch::new();
    let catalog = text(&dir.path("catalog.xml"));
    succeeds(&["import", "--kind", kind, source, "-o", &catalog]);
    let scan = succeeds(&["scan", &catalog, "--format", "json"]);
    let stored = std::fs::read_to_string(&catalog).unwrap();
    assert!(stored.contains(expected), "{stored}");
    assert!(scan.contains("\"schema_version\": 1"), "{scan}");
}

#[test]
fn fuzz_regression_playbook_csv_control_character() {
    // fuzz target playbook_csv: a control character (U+001A) in a cell was stored raw, and
    // the stored catalog was not XML. Imports now store it as U+FFFD.
    let dir = Scratch::new();
    let csv = dir.file(
        "playbook.csv",
        "MANAGE 1.1\n\"About \u{1a} text\"\n\"Act\"\n\"Ask\"\n\"Ref\"\n",
    );
    imports_and_reloads("playbook-csv", &csv, "<p>About \u{fffd} text</p>");
}

#[test]
fn fuzz_regression_noncharacter_in_markdown_import() {
    // Found while fixing the case above: U+FFFF is no XML character either.
    let dir = Scratch::new();
    let md = dir.file("doc.md", "# T\n\nGOVERN 1.1: a\u{ffff} b\n");
    imports_and_reloads("markdown", &md, "<p>a\u{fffd} b</p>");
    let xml = dir.file(
        "ffff.xml",
        catalog("<group id=\"g\"><title>G\u{ffff}</title></group>"),
    );
    rejects(
        &["scan", &xml],
        &format!("{xml}:4:23: invalid character U+FFFF: not a character XML allows"),
    );
}

#[test]
fn fuzz_regression_pdf_reader_panic() {
    // fuzz target pdf: pdf_oxide 0.3.78 panics on this damaged file, slicing a line of it
    // inside a character (`has_standalone_obj_keyword`, on a byte sequence decoded as U+FFFD
    // before "obj"). The importer turns a panic of its reader thread into an error, and the
    // binary does not report the panic itself.
    let pdf = text(&fixture("fuzz", "pdf-reader-panic.pdf"));
    rejects(
        &["import", &pdf],
        &format!(
            "{pdf}: damaged PDF: the PDF reader failed on it (start byte index 177 is not a \
             char boundary; it is inside '\u{fffd}' (bytes 175..178) of); download the file \
             again, and if it opens in a PDF viewer, report this"
        ),
    );
}

#[test]
fn fuzz_regression_pdf_reader_slow() {
    // fuzz target pdf: pdf_oxide 0.3.78 takes over 10 s (debug build) to parse the page of
    // this damaged 2.7 KB file (its Flate streams corrupt, recovered as garbage). The time
    // limit cuts it short; a release build may finish first, and find no text.
    let pdf = text(&fixture("fuzz", "pdf-reader-slow.pdf"));
    let out = Scratch::new();
    let catalog = text(&out.path("catalog.xml"));
    let output = run(&["import", &pdf, "--max-pdf-seconds", "1", "-o", &catalog]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with(&format!("error: {pdf}: ")), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    if cfg!(debug_assertions) {
        assert!(
            stderr.contains("reading it took longer than the limit of 1 s"),
            "{stderr}"
        );
    }
    assert!(!out.path("catalog.xml").exists());
    assert_eq!(std::fs::read_dir(out.0.path()).unwrap().count(), 0);
}
