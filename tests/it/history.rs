//! `rmfdiff history`: references followed across three versions of a fixture.

use insta_cmd::assert_cmd_snapshot;
use rmfdiff::report::Options;
use rmfdiff::report::classify::Status;
use rmfdiff::report::history::{History, Lineage};
use rmfdiff::topics::Lexicon;

use crate::support::{fixture, rmfdiff, settings};

fn history() -> History {
    let docs: Vec<_> = ["v1.md", "v2.md", "v3.md"]
        .iter()
        .map(|v| rmfdiff::load::load(&fixture("history", v), None).unwrap())
        .collect();
    History::new(&docs, &Lexicon::builtin(), &Options::default())
}

/// (matched, first version, versions whose wording changed, gone).
type Life<'h> = (&'h str, usize, Vec<usize>, Option<(usize, Status)>);

fn lives(history: &History) -> Vec<Life<'_>> {
    let lives = history.references.iter().map(|l| {
        let changed = l.wording.iter().skip(1).map(|w| w.version).collect();
        (l.matched.as_str(), l.first, changed, l.gone)
    });
    lives.collect()
}

#[test]
fn each_reference_is_followed_from_first_to_last_version() {
    let history = history();
    assert_eq!(
        lives(&history),
        [
            ("misinformation", 0, vec![1], Some((2, Status::Removed))),
            ("diverse", 0, vec![], None),
            (
                "diversity, equity, and inclusion",
                0,
                vec![],
                Some((1, Status::Reworded))
            ),
            (
                "Environmental impact",
                0,
                vec![],
                Some((2, Status::Removed))
            ),
            ("sustainability", 0, vec![], Some((2, Status::Removed))),
            ("disinformation", 1, vec![], None),
        ]
    );
    let misinformation = &history.references[0];
    assert!(
        misinformation.wording[1]
            .excerpt
            .ends_with("to the organization and its users.")
    );
}

#[test]
fn counts_per_version_match_a_scan_of_each_version() {
    let history = history();
    for (v, file) in ["v1.md", "v2.md", "v3.md"].iter().enumerate() {
        let doc = rmfdiff::load::load(&fixture("history", file), None).unwrap();
        let scan = rmfdiff::report::Scan::new(&doc, &Lexicon::builtin(), &[]);
        for topic in &scan.topics {
            let timeline = history.topics.iter().find(|t| t.key == topic.key).unwrap();
            assert_eq!(timeline.all[v], topic.total, "{} in {file}", topic.key);
            assert_eq!(timeline.direct[v], topic.direct, "{} in {file}", topic.key);
        }
    }
}

#[test]
fn history_in_each_format() {
    let versions = [
        "tests/fixtures/history/v1.md",
        "tests/fixtures/history/v2.md",
        "tests/fixtures/history/v3.md",
    ];
    settings().bind(|| {
        for format in ["term", "json", "md", "html"] {
            let mut args = vec!["history", "--format", format];
            args.extend(versions);
            assert_cmd_snapshot!(format!("history_{format}"), rmfdiff(&args));
        }
    });
}

#[test]
fn history_needs_two_versions_and_fails_on_removed() {
    let one = rmfdiff(&["history", "tests/fixtures/history/v1.md"])
        .output()
        .unwrap();
    assert_eq!(one.status.code(), Some(2));
    let mut args = vec!["history", "--fail-on", "removed"];
    args.extend([
        "tests/fixtures/history/v1.md",
        "tests/fixtures/history/v3.md",
    ]);
    assert_eq!(rmfdiff(&args).output().unwrap().status.code(), Some(1));
    let same = [
        "history",
        "--fail-on",
        "removed",
        "tests/fixtures/history/v2.md",
        "tests/fixtures/history/v2.md",
    ];
    assert_eq!(rmfdiff(&same).output().unwrap().status.code(), Some(0));
}

/// A reference that went with its subcategory into another (v1 → v2) and stayed there (v2 →
/// v3) is one lineage, never "first in v3"; the same when a subcategory is split off, or
/// withdrawn into another by NIST's placeholder.
#[test]
fn references_are_followed_through_merges_and_splits() {
    use crate::revisions::{ai_rmf, as_loaded, merge, split, withdraw};
    let merged = merge(ai_rmf(), "MEASURE 2.11", "MEASURE 2.12", None);
    let cut = split(ai_rmf(), "MAP 1.1", "Considerations include:");
    let withdrawn = as_loaded(&withdraw(ai_rmf(), "GOVERN 3.1", "GOVERN 2.1", None));
    for docs in [
        [ai_rmf(), merged.clone(), merged],
        [ai_rmf(), cut.clone(), cut],
        [ai_rmf(), withdrawn.clone(), withdrawn],
    ] {
        let history = History::new(&docs, &Lexicon::builtin(), &Options::default());
        let late: Vec<&str> = history
            .references
            .iter()
            .filter(|l| l.first > 0 || l.gone.is_some())
            .map(|l| l.matched.as_str())
            .collect();
        assert!(late.is_empty(), "{}: {late:?}", docs[1].meta.title);
    }
}

/// GOVERN 3.1 of the shipped AI RMF with "diverse team (e.g., diversity of demographics, …)"
/// reworded (words of the test's own): its DEI references go.
fn without_diversity() -> rmfdiff::model::Document {
    use crate::revisions::{ai_rmf, reword};
    reword(
        ai_rmf(),
        "GOVERN 3.1",
        "a diverse team (e.g., diversity of demographics, disciplines, experience, expertise, and backgrounds)",
        "a team with a range of disciplines, experience, and expertise",
    )
}

/// The lineage of the GOVERN 3.1 reference that matched `matched`.
fn govern_3_1<'h>(history: &'h History, matched: &str) -> Vec<&'h Lineage> {
    let found = history
        .references
        .iter()
        .filter(|l| l.matched == matched && l.path.last().is_some_and(|p| p == "GOVERN 3.1"));
    found.collect()
}

fn what(lineage: &Lineage, versions: usize) -> Vec<String> {
    lineage
        .events(versions)
        .into_iter()
        .map(|e| e.what)
        .collect()
}

/// v1 the AI RMF, v2 without GOVERN 3.1's "diversity", v3 as v1: one lineage per reference,
/// gone in v2 and back in v3, never a second one "first in v3".
#[test]
fn a_reference_that_returns_is_one_lineage() {
    use crate::revisions::ai_rmf;
    let docs = [ai_rmf(), without_diversity(), ai_rmf()];
    let history = History::new(&docs, &Lexicon::builtin(), &Options::default());
    let diversity = govern_3_1(&history, "diversity");
    assert_eq!(diversity.len(), 1, "{diversity:#?}");
    let diversity = diversity[0];
    assert_eq!(
        what(diversity, 3),
        [
            "first in v1",
            "gone (reworded) in v2",
            "back in v3",
            "still present in v3"
        ]
    );
    assert_eq!(diversity.gone, None);
    assert_eq!(diversity.returned_in(), [2]);
    let pages: Vec<String> = diversity
        .wording
        .iter()
        .map(|w| w.page.as_ref().map(ToString::to_string).unwrap_or_default())
        .collect();
    assert_eq!(pages, ["23", "23"]);
    for matched in ["diverse", "demographics"] {
        let lives = govern_3_1(&history, matched);
        assert_eq!(lives.len(), 1, "{matched}");
        assert_eq!(lives[0].returns.len(), 1, "{matched}");
    }
    // Nothing else of the AI RMF came or went.
    let moved = history
        .references
        .iter()
        .filter(|l| l.first > 0 || l.gone.is_some());
    assert_eq!(moved.count(), 0);
}

/// The same reference gone in v2 and not back in v3 (v3 as v2): gone for good, no return.
#[test]
fn a_reference_that_does_not_return_stays_gone() {
    use crate::revisions::ai_rmf;
    let docs = [ai_rmf(), without_diversity(), without_diversity()];
    let history = History::new(&docs, &Lexicon::builtin(), &Options::default());
    let diversity = govern_3_1(&history, "diversity");
    assert_eq!(diversity.len(), 1);
    assert_eq!(
        what(diversity[0], 3),
        ["first in v1", "gone (reworded) in v2"]
    );
    assert!(diversity[0].returns.is_empty());
    assert_eq!(diversity[0].gone, Some((1, Status::Reworded)));
}

/// A term that is gone from GOVERN 3.1 and appears in another entry later is a new
/// reference there, not the old one back.
#[test]
fn a_reference_elsewhere_is_not_a_return() {
    use crate::revisions::reword;
    let elsewhere = reword(
        without_diversity(),
        "GOVERN 1.1",
        "Legal and regulatory requirements",
        "Legal and regulatory requirements on diversity of demographics",
    );
    let docs = [crate::revisions::ai_rmf(), without_diversity(), elsewhere];
    let history = History::new(&docs, &Lexicon::builtin(), &Options::default());
    let gone = govern_3_1(&history, "diversity");
    assert_eq!(gone.len(), 1);
    assert!(gone[0].returns.is_empty() && gone[0].gone.is_some());
    let new: Vec<&Lineage> = history.references.iter().filter(|l| l.first == 2).collect();
    assert!(
        new.iter()
            .any(|l| l.matched == "diversity" && l.path.last().is_some_and(|p| p == "GOVERN 1.1")),
        "{new:#?}"
    );
}

/// The returning GOVERN 3.1 references alone, as each report tells them.
#[test]
fn a_return_in_each_format() {
    use crate::revisions::ai_rmf;
    use rmfdiff::render::{json, markdown, term};
    let docs = [ai_rmf(), without_diversity(), ai_rmf()];
    let mut history = History::new(&docs, &Lexicon::builtin(), &Options::default());
    history
        .references
        .retain(|l| l.path.last().is_some_and(|p| p == "GOVERN 3.1"));
    let mut out = Vec::new();
    term::write_history(&history, &mut out, false).unwrap();
    let term = String::from_utf8(out).unwrap();
    let mut out = Vec::new();
    markdown::write_history(&history, &mut out).unwrap();
    let md = String::from_utf8(out).unwrap();
    let mut out = Vec::new();
    json::write(&json::HistoryOutput::new(&history), &mut out).unwrap();
    let json = String::from_utf8(out).unwrap();
    assert!(md.contains("- back in v3 (p. 23): "), "{md}");
    settings().bind(|| {
        insta::assert_snapshot!("history_return_term", term);
        insta::assert_snapshot!("history_return_md", md);
        insta::assert_snapshot!("history_return_json", json);
    });
}

/// The page names each input by its file name, never the directory it was in, and says
/// "unknown" for a date the input does not give.
#[test]
fn history_page_shows_no_local_directory() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "history".to_string(),
        "--format".to_string(),
        "html".to_string(),
    ];
    for v in ["v1.md", "v2.md", "v3.md"] {
        let path = dir.path().join(v);
        std::fs::copy(fixture("history", v), &path).unwrap();
        args.push(path.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = rmfdiff(&args).output().unwrap();
    assert!(output.status.success());
    let page = String::from_utf8(output.stdout).unwrap();
    let dir_name = dir.path().display().to_string();
    assert!(!page.contains(&dir_name), "{dir_name} is in the page");
    for v in ["v1.md", "v2.md", "v3.md"] {
        let sha = rmfdiff::load::load(&fixture("history", v), None).unwrap();
        assert!(page.contains(&format!("<td>{v}<br>")), "{v}");
        assert!(page.contains(&sha.meta.sha256), "{v}");
    }
    assert!(page.contains(">unknown</td>"));
    assert!(!page.contains("<td></td>"), "a blank cell");
}
