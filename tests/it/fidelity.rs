//! Topic fidelity: the default lexicon's hits in every shipped version checked against a
//! labelled corpus (`tests/data/labels.tsv`: every hit judged by reading, the hits context
//! rules exclude, the known misses), with precision and recall per document and topic.

use std::collections::BTreeMap;

use rmfdiff::frameworks::SHIPPED;
use rmfdiff::report::Scan;
use rmfdiff::topics::{Lexicon, Profile, Strength};
use sha2::{Digest, Sha256};

use crate::support::root;

/// Least precision per topic on a document with at least [`MIN_HITS`] hits of it.
const PRECISION_FLOOR: f64 = 0.97;
const MIN_HITS: usize = 5;
/// Least share of the labelled references (found or missed) that are found.
const RECALL_FLOOR: f64 = 0.98;

/// One row of the corpus.
struct Label {
    key: Key,
    verdict: String,
    reason: String,
}

/// What names a hit: version, path, topic, term, matched words, excerpt hash.
type Key = [String; 6];

fn labels() -> Vec<Label> {
    let text = std::fs::read_to_string(root().join("tests/data/labels.tsv")).expect("the corpus");
    let mut rows = text.lines().filter(|l| !l.starts_with('#'));
    let header = rows.next().expect("a header");
    assert_eq!(
        header,
        "version\tpath\ttopic\tterm\tmatched\texcerpt\tverdict\treason"
    );
    rows.map(|line| {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 8, "{line}");
        Label {
            key: std::array::from_fn(|i| cells[i].to_string()),
            verdict: cells[6].to_string(),
            reason: cells[7].to_string(),
        }
    })
    .collect()
}

/// The first 10 hex digits of the SHA-256 of `text`.
fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every hit of the default lexicon in every shipped version.
fn hits() -> Vec<Key> {
    let lexicon = Lexicon::builtin();
    let mut keys = Vec::new();
    for shipped in SHIPPED {
        let scan = Scan::new(&shipped.load().unwrap(), &lexicon, &[]);
        keys.extend(scan.hits.into_iter().map(|h| {
            [
                shipped.name.to_string(),
                h.path.join(" › "),
                h.topic,
                h.term,
                h.matched,
                short_hash(&h.excerpt),
            ]
        }));
    }
    keys
}

/// True when `hit` is what a missed reference's row names: the same place, topic and words.
fn is_the_miss(hit: &Key, miss: &Key) -> bool {
    hit[..3] == miss[..3] && hit[4].eq_ignore_ascii_case(&miss[4])
}

#[derive(Default)]
struct Tally {
    found_true: usize,
    found_false: usize,
    missed: usize,
    /// Hits the lexicon's exclusions and rules keep out.
    excluded: usize,
}

#[test]
fn hits_match_the_labelled_corpus_with_precision_and_recall_above_their_floors() {
    let labels = labels();
    for label in &labels {
        assert!(
            ["true", "false", "excluded", "missed"].contains(&label.verdict.as_str()),
            "unknown verdict {:?}",
            label.verdict
        );
        assert!(
            !label.reason.trim().is_empty(),
            "{:?} has no reason",
            label.key
        );
    }
    let mut unlabelled: Vec<Key> = hits();
    let mut problems = Vec::new();
    for label in &labels {
        let found = unlabelled
            .iter()
            .position(|h| match label.verdict.as_str() {
                "missed" => is_the_miss(h, &label.key),
                _ => *h == label.key,
            });
        match (label.verdict.as_str(), found) {
            ("true" | "false", Some(at)) => {
                unlabelled.swap_remove(at);
            }
            ("true" | "false", None) => problems.push(format!(
                "labelled {} but no longer found (relabel it missed or excluded): {}",
                label.verdict,
                label.key.join("\t")
            )),
            (_, Some(_)) => problems.push(format!(
                "labelled {} but found (relabel it true or false): {}",
                label.verdict,
                label.key.join("\t")
            )),
            _ => {}
        }
    }
    for hit in &unlabelled {
        problems.push(format!(
            "a hit not in the corpus (add it, judged): {}\t?\t?",
            hit.join("\t")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for label in &labels {
        let tally = tallies
            .entry((label.key[0].clone(), label.key[2].clone()))
            .or_default();
        match label.verdict.as_str() {
            "true" => tally.found_true += 1,
            "false" => tally.found_false += 1,
            "missed" => tally.missed += 1,
            _ => tally.excluded += 1,
        }
    }
    let percent = |part: usize, whole: usize| {
        if whole == 0 {
            1.0
        } else {
            part as f64 / whole as f64
        }
    };
    let mut table = String::from(
        "| version | topic | hits | true | false | missed | kept out | precision | recall |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    let mut low = Vec::new();
    let (mut all_true, mut all_missed) = (0, 0);
    for ((version, topic), t) in &tallies {
        let hits = t.found_true + t.found_false;
        let precision = percent(t.found_true, hits);
        let recall = percent(t.found_true, t.found_true + t.missed);
        (all_true, all_missed) = (all_true + t.found_true, all_missed + t.missed);
        table.push_str(&format!(
            "| {version} | {topic} | {hits} | {} | {} | {} | {} | {:.1} % | {:.1} % |\n",
            t.found_true,
            t.found_false,
            t.missed,
            t.excluded,
            precision * 100.0,
            recall * 100.0
        ));
        if hits >= MIN_HITS && precision < PRECISION_FLOOR {
            low.push(format!("{version} {topic}: precision {precision:.3}"));
        }
    }
    let recall = percent(all_true, all_true + all_missed);
    table.push_str(&format!(
        "\nRecall over all labelled references: {all_true} of {} ({:.1} %).\n",
        all_true + all_missed,
        recall * 100.0
    ));
    println!("{table}");
    assert!(low.is_empty(), "{}\n{table}", low.join("\n"));
    assert!(recall >= RECALL_FLOOR, "{table}");
}

/// The AI RMF's own references are all still found: 9 direct and 31 DEI in all, 17 climate.
#[test]
fn the_ai_rmf_keeps_its_references() {
    let doc = SHIPPED[0].load().unwrap();
    assert_eq!(SHIPPED[0].name, "ai-rmf-1.0");
    let scan = Scan::new(&doc, &Lexicon::builtin(), &[]);
    let count = |topic: &str, direct: bool| {
        let hits = scan.hits.iter().filter(|h| h.topic == topic);
        hits.filter(|h| !direct || h.strength == Strength::Direct)
            .count()
    };
    assert_eq!((count("dei", true), count("dei", false)), (9, 31));
    assert_eq!(count("climate", false), 17);
}

/// The broad profile finds every default hit and more on NIST AI 600-1: words of the
/// flagged-term lists, each term naming its source.
#[test]
fn the_broad_profile_finds_more_and_names_its_sources() {
    let doc = rmfdiff::frameworks::find("ai-600-1")
        .unwrap()
        .load()
        .unwrap();
    let (directive, broad) = (Lexicon::builtin(), Lexicon::profile(Profile::Broad));
    assert_eq!(
        (directive.profile.as_str(), broad.profile.as_str()),
        ("directive", "broad")
    );
    let found = |lexicon: &Lexicon| -> Vec<(String, String, String)> {
        let scan = Scan::new(&doc, lexicon, &[]);
        let hits = scan.hits.into_iter();
        hits.map(|h| (h.path.join(" › "), h.excerpt, h.term))
            .collect()
    };
    let (few, many) = (found(&directive), found(&broad));
    for hit in &few {
        assert!(
            many.contains(hit),
            "{hit:?} is not found by the broad profile"
        );
    }
    assert!(many.len() > few.len(), "{} vs {}", many.len(), few.len());
    let topics = broad.topics.iter();
    let sourced = topics.flat_map(|t| t.terms.iter()).filter_map(|t| {
        let source = t.source.as_ref()?;
        Some((t.phrase.as_str(), broad.sources.get(source)))
    });
    for (phrase, citation) in sourced {
        assert!(citation.is_some_and(|c| !c.is_empty()), "{phrase}");
    }
    let added = many.iter().filter(|(_, _, term)| {
        let terms = directive.topics.iter().flat_map(|t| t.terms.iter());
        !terms.map(|t| &t.phrase).any(|p| p == term)
    });
    assert!(added.count() > 0);
}
