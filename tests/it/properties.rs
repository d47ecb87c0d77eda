//! Properties of the pipeline on generated documents (proptest): Markdown versions of an
//! AI RMF-like core whose subcategories are kept, rewritten, edited, removed or added, in
//! words drawn from a vocabulary rich in topic terms and in the traps around them.

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use rmfdiff::align;
use rmfdiff::diff::{Op, Segment};
use rmfdiff::load::{self, Format};
use rmfdiff::model::Document;
use rmfdiff::render::json;
use rmfdiff::report::{ChangeKind, Options, Report, Scan, StatusCounts};
use rmfdiff::topics::Lexicon;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

const VOCABULARY: &[&str] = &[
    "misinformation",
    "disinformation",
    "information",
    "integrity",
    "diversity,",
    "equity,",
    "and",
    "inclusion",
    "diverse",
    "teams",
    "climate",
    "change",
    "climate change",
    "environmental",
    "impact",
    "energy",
    "consumption",
    "sustainability",
    "private equity",
    "inclusion of",
    "the",
    "AI",
    "risks",
    "are",
    "managed",
    "documented",
    "policies",
    "with",
    "across",
    "lifecycle.",
    "organizations",
    "measure",
    "impacts",
    "of",
    "deepfakes",
    "underrepresented",
    "groups",
];

const FUNCTIONS: [&str; 4] = ["GOVERN", "MAP", "MEASURE", "MANAGE"];
/// Subcategories in the generated core: each function has categories 1–2 of 3 each.
const SUBCATEGORIES: usize = FUNCTIONS.len() * 2 * 3;

fn sentence() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(VOCABULARY), 1..16)
}

/// One subcategory's text in the old and in the new version (None: absent there).
fn subcategory() -> impl Strategy<Value = (Option<String>, Option<String>)> {
    (sentence(), sentence(), 0..6u8, any::<prop::sample::Index>()).prop_map(
        |(old, other, how, at)| {
            let edited = {
                // Some words of the old text replaced, in place.
                let mut words = old.clone();
                let i = at.index(words.len());
                words.splice(i..=i, other.iter().take(3).copied());
                words
            };
            let join = |w: &[&str]| w.join(" ");
            match how {
                0 => (Some(join(&old)), Some(join(&old))),
                1 => (Some(join(&old)), Some(join(&other))),
                2 => (Some(join(&old)), None),
                3 => (None, Some(join(&other))),
                _ => (Some(join(&old)), Some(join(&edited))),
            }
        },
    )
}

/// Both versions as Markdown.
fn versions() -> impl Strategy<Value = (String, String)> {
    prop::collection::vec(subcategory(), SUBCATEGORIES).prop_map(|subs| {
        let mut old = String::from("# Generated core\n\n");
        let mut new = old.clone();
        for (i, (o, n)) in subs.iter().enumerate() {
            let id = format!("{} {}.{}", FUNCTIONS[i / 6], i % 6 / 3 + 1, i % 3 + 1);
            for (doc, text) in [(&mut old, o), (&mut new, n)] {
                if let Some(text) = text {
                    doc.push_str(&format!("{id}: {text}\n\n"));
                }
            }
        }
        (old, new)
    })
}

fn load(text: &str, name: &str) -> Document {
    load::load_bytes(text.as_bytes(), Path::new(name), Some(Format::Text))
        .expect("generated Markdown loads")
}

fn diff(old: &Document, new: &Document) -> Report {
    Report::diff(old, new, &LEXICON, &Options::default())
}

fn json_bytes(report: &Report) -> Vec<u8> {
    let mut out = Vec::new();
    json::write(&json::DiffOutput::new(report), &mut out).expect("JSON renders");
    out
}

/// The text of each entry of `doc`, by id (every generated entry has one).
fn texts(doc: &Document) -> Vec<(String, String)> {
    align::entries(doc)
        .into_iter()
        .map(|e| (e.node.id.clone().expect("an id"), e.text))
        .collect()
}

fn text_of<'a>(texts: &'a [(String, String)], id: &Option<String>) -> &'a str {
    let id = id.as_deref().expect("an id");
    let (_, text) = texts.iter().find(|(i, _)| i == id).expect("a known id");
    text
}

/// A word diff as runs: unchanged text, or (deleted, inserted) text; with `mirror`, as the
/// diff the other way round reads. The order of a deletion and an insertion within one change
/// does not count.
fn runs(segments: &[Segment], mirror: bool) -> Vec<(String, String, bool)> {
    let mut out: Vec<(String, String, bool)> = Vec::new();
    for segment in segments {
        let text = segment.text.clone();
        let op = match (segment.op, mirror) {
            (Op::Delete, true) => Op::Insert,
            (Op::Insert, true) => Op::Delete,
            (op, _) => op,
        };
        match (op, out.last_mut()) {
            (Op::Equal, _) => out.push((text, String::new(), true)),
            (Op::Delete, Some((deleted, _, false))) => deleted.push_str(&text),
            (Op::Insert, Some((_, inserted, false))) => inserted.push_str(&text),
            (Op::Delete, _) => out.push((text, String::new(), false)),
            (Op::Insert, _) => out.push((String::new(), text, false)),
        }
    }
    out
}

/// What the other direction should count: what is gone one way is added the other way.
fn swapped(counts: &StatusCounts) -> (usize, usize, usize) {
    (
        counts.added,
        counts.retained,
        counts.removed + counts.reworded,
    )
}

fn gone_retained_added(counts: &StatusCounts) -> (usize, usize, usize) {
    (
        counts.removed + counts.reworded,
        counts.retained,
        counts.added,
    )
}

/// The report computed on a pool of `threads` threads.
fn diff_on_threads(old: &Document, new: &Document, threads: usize) -> Report {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    pool.install(|| diff(old, new))
}

/// 64 cases each, or `PROPTEST_CASES` for a deeper run.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok());
    ProptestConfig {
        cases: cases.unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_version_diffed_with_itself_has_no_change((old, _) in versions()) {
        let doc = load(&old, "a.md");
        let report = diff(&doc, &doc);
        prop_assert!(!report.has_changes());
        prop_assert_eq!(report.nodes.changed(), 0);
        for change in &report.changes {
            prop_assert_eq!(change.kind, ChangeKind::Unchanged);
        }
        for topic in &report.topics {
            prop_assert_eq!(topic.all.removed + topic.all.reworded + topic.all.added, 0, "{}", topic.key);
        }
    }

    #[test]
    fn segments_rebuild_both_versions((old, new) in versions()) {
        let (a, b) = (load(&old, "old.md"), load(&new, "new.md"));
        let report = diff(&a, &b);
        let (old_texts, new_texts) = (texts(&a), texts(&b));
        let side = |segments: &[rmfdiff::diff::Segment], skip: Op| -> String {
            segments.iter().filter(|s| s.op != skip).map(|s| s.text.as_str()).collect()
        };
        let mut listed = Vec::new();
        for change in &report.changes {
            if change.kind == ChangeKind::Unchanged {
                continue;
            }
            if change.old_id.is_some() {
                prop_assert_eq!(side(&change.segments, Op::Insert), text_of(&old_texts, &change.old_id));
            }
            if change.new_id.is_some() {
                prop_assert_eq!(side(&change.segments, Op::Delete), text_of(&new_texts, &change.new_id));
            }
            listed.extend(change.old_id.clone());
            listed.extend(change.new_id.clone());
        }
        // Entries the report does not list as changed read the same in both versions.
        for (id, text) in &old_texts {
            if !listed.contains(id) {
                prop_assert_eq!(text_of(&new_texts, &Some(id.clone())), text.as_str(), "{}", id);
            }
        }
    }

    #[test]
    fn json_output_is_byte_identical_across_runs((old, new) in versions()) {
        let first = json_bytes(&diff(&load(&old, "old.md"), &load(&new, "new.md")));
        let second = json_bytes(&diff(&load(&old, "old.md"), &load(&new, "new.md")));
        prop_assert_eq!(first, second);
    }

    #[test]
    fn json_output_is_byte_identical_across_thread_counts((old, new) in versions()) {
        let (a, b) = (load(&old, "old.md"), load(&new, "new.md"));
        let one = json_bytes(&diff_on_threads(&a, &b, 1));
        let three = json_bytes(&diff_on_threads(&a, &b, 3));
        prop_assert_eq!(one, three);
    }

    #[test]
    fn swapping_old_and_new_swaps_removed_and_added((old, new) in versions()) {
        let (a, b) = (load(&old, "old.md"), load(&new, "new.md"));
        let (forward, backward) = (diff(&a, &b), diff(&b, &a));
        prop_assert_eq!(forward.nodes.added, backward.nodes.removed);
        prop_assert_eq!(forward.nodes.removed, backward.nodes.added);
        // What is merged one way is split the other way.
        prop_assert_eq!(forward.nodes.merged, backward.nodes.split);
        prop_assert_eq!(forward.nodes.split, backward.nodes.merged);
        for (f, r) in forward.topics.iter().zip(&backward.topics) {
            prop_assert_eq!(&f.key, &r.key);
            prop_assert_eq!(swapped(&f.all), gone_retained_added(&r.all), "{}", f.key);
            prop_assert_eq!(swapped(&f.direct), gone_retained_added(&r.direct), "{}", f.key);
        }
        // Each pair's word diff the other way round is its mirror.
        for change in forward.changes.iter().filter(|c| c.old_id.is_some() && c.new_id.is_some()) {
            let back = backward
                .changes
                .iter()
                .find(|c| c.old_id == change.new_id && c.new_id == change.old_id);
            if let Some(back) = back {
                prop_assert_eq!(runs(&change.segments, false), runs(&back.segments, true));
            }
        }
    }

    #[test]
    fn topic_counts_equal_a_scan_of_each_version((old, new) in versions()) {
        let (a, b) = (load(&old, "old.md"), load(&new, "new.md"));
        let report = diff(&a, &b);
        let (scan_old, scan_new) = (Scan::new(&a, &LEXICON, &[]), Scan::new(&b, &LEXICON, &[]));
        for topic in &report.topics {
            let in_scan = |scan: &Scan| {
                let t = scan.topics.iter().find(|t| t.key == topic.key).expect("same topics");
                (t.total, t.direct)
            };
            prop_assert_eq!((topic.all.in_old(), topic.direct.in_old()), in_scan(&scan_old), "{}", topic.key);
            prop_assert_eq!((topic.all.in_new(), topic.direct.in_new()), in_scan(&scan_new), "{}", topic.key);
        }
    }
}
