//! What the fuzz targets do: each loader's output goes through the rest of the pipeline,
//! with the invariants that must hold for any input that loads. Each target in
//! `fuzz_targets/` is one call of [`run`]; the main crate's tests compile this file too and
//! replay the seed corpus through [`run`] (`tests/it/fuzz_replay.rs`), so CI checks every
//! target's invariants without cargo-fuzz or a nightly compiler.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{LazyLock, Once};
use std::time::Duration;

use rmfdiff::import;
use rmfdiff::load::{self, Format};
use rmfdiff::model::Document;
use rmfdiff::render::json;
use rmfdiff::report::{Options, Report, Scan};
use rmfdiff::topics::Lexicon;

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

/// The fuzz targets, by name (the names of `fuzz_targets/*.rs` and `seeds/*/`).
pub const TARGETS: [&str; 9] = [
    "oscal_xml",
    "oscal_json",
    "text",
    "core_json",
    "actions_json",
    "playbook_csv",
    "csf_json",
    "pdf",
    "diff",
];

/// What fuzz target `target` does with one input.
pub fn run(target: &str, data: &[u8]) {
    type Importer = fn(&str, &Path) -> rmfdiff::error::Result<Document>;
    let importer: Importer = match target {
        "oscal_xml" => return drop(load(data, "fuzz", Some(Format::OscalXml))),
        "oscal_json" => return drop(load(data, "fuzz", Some(Format::OscalJson))),
        "text" => return drop(load(data, "fuzz", Some(Format::Text))),
        "diff" => return diff_halves(data),
        "pdf" => return import_pdf(data),
        "core_json" => import::core_json::parse,
        "actions_json" => import::actions_json::parse,
        "playbook_csv" => import::playbook_csv::parse,
        "csf_json" => import::csf_json::parse,
        _ => panic!("no fuzz target {target}"),
    };
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(doc) = importer(text, Path::new("fuzz"))
    {
        store_and_reload(doc);
    }
}

/// Limits that keep each run of the PDF importer short: a page or two of a NIST PDF is far
/// below them.
pub const PDF_LIMITS: import::pdf::PdfLimits = import::pdf::PdfLimits {
    pages: 16,
    objects: 5000,
    decompressed_mb: 1,
    seconds: 5,
};

/// Imports `data` as a PDF. What imports must store and load back, and import the same again
/// (the importer is deterministic). An input that takes longer than the time limit ends in
/// its error, the guard against pdf_oxide's slow inputs (`fuzz_regression_pdf_reader_slow`).
fn import_pdf(data: &[u8]) {
    // A panic within pdf_oxide is turned into an error by the importer (a known failing of
    // the reader, guarded); libFuzzer's hook would abort on it all the same. A panic anywhere
    // else is still a finding.
    static GUARDED: Once = Once::new();
    GUARDED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info
                .location()
                .is_some_and(|l| l.file().contains("/pdf_oxide-"))
            {
                previous(info);
            }
        }));
    });
    let read = || import::pdf::parse_any_within(data, Path::new("fuzz.pdf"), PDF_LIMITS);
    let Ok(doc) = read() else { return };
    let stored = store(doc);
    let again = match read() {
        Ok(again) => again,
        // The machine may be slower the second time.
        Err(e) if e.to_string().contains("--max-pdf-seconds") => return,
        Err(e) => panic!("imported once, not twice: {e}"),
    };
    assert!(stored == store(again), "two imports of the same PDF differ");
    load::load_bytes(&stored, Path::new("stored.xml"), Some(Format::OscalXml))
        .unwrap_or_else(|e| panic!("the stored catalog does not load: {e}"));
}

/// The catalog as `rmfdiff import` stores it.
fn store(mut doc: Document) -> Vec<u8> {
    load::sanitize(&mut doc);
    let mut xml = Vec::new();
    rmfdiff::store::write_oscal_xml(&doc, &mut xml).expect("writing to memory cannot fail");
    xml
}

/// Two documents separated by a NUL byte (which no loadable document contains), each
/// sniffed as XML, JSON or text, diffed.
fn diff_halves(data: &[u8]) {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let (old, new) = (&data[..split], &data[(split + 1).min(data.len())..]);
    if let (Some(old), Some(new)) = (load(old, "old", None), load(new, "new", None)) {
        diff(&old, &new);
    }
}

/// Loads `data` as `format` (sniffed when None) and, if it loads, scans it.
pub fn load(data: &[u8], name: &str, format: Option<Format>) -> Option<Document> {
    let doc = load::load_bytes(data, Path::new(name), format).ok()?;
    Scan::new(&doc, &LEXICON, &[]);
    Some(doc)
}

/// A catalog an importer made, made safe as `rmfdiff import` does, must be storable, and the
/// stored XML must load again.
pub fn store_and_reload(doc: Document) {
    let xml = store(doc);
    if let Err(e) = load::load_bytes(&xml, Path::new("stored.xml"), Some(Format::OscalXml)) {
        panic!("the stored catalog does not load: {e}");
    }
}

/// Diffs two documents, renders the JSON report, and checks the counts against scans.
pub fn diff(old: &Document, new: &Document) {
    let options = Options {
        deadline: Duration::from_millis(50),
        ..Options::default()
    };
    let report = Report::diff(old, new, &LEXICON, &options);
    json::write(&json::DiffOutput::new(&report), &mut Vec::new()).expect("JSON renders");
    let (scan_old, scan_new) = (Scan::new(old, &LEXICON, &[]), Scan::new(new, &LEXICON, &[]));
    for (topic, (o, n)) in report
        .topics
        .iter()
        .zip(scan_old.topics.iter().zip(&scan_new.topics))
    {
        assert_eq!(topic.all.in_old(), o.total, "{} in old", topic.key);
        assert_eq!(topic.all.in_new(), n.total, "{} in new", topic.key);
    }
    // Swapping the versions swaps what is gone and what is added, wherever alignment paired
    // the same entries both ways (it breaks ties between equal titles or scores in document
    // order) and no word diff hit the deadline.
    let back = Report::diff(new, old, &LEXICON, &options);
    let pairs = |r: &Report, flip: bool| -> BTreeSet<(Option<usize>, Option<usize>)> {
        let pair = |(o, n)| if flip { (n, o) } else { (o, n) };
        r.changes.iter().map(|c| pair(c.entries)).collect()
    };
    if report.approximate_diffs + back.approximate_diffs == 0
        && pairs(&report, false) == pairs(&back, true)
    {
        for (f, b) in report.topics.iter().zip(&back.topics) {
            let gone = |t: &rmfdiff::report::TopicSummary| t.all.removed + t.all.reworded;
            assert_eq!(
                gone(f),
                b.all.added,
                "{}: gone one way, added the other",
                f.key
            );
            assert_eq!(
                f.all.retained, b.all.retained,
                "{}: retained both ways",
                f.key
            );
        }
    }
}
