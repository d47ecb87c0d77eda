//! The report: the single hand-off type between the pipeline and the renderers. It runs
//! align ─▶ diff ─▶ topics over two documents ([`Report::diff`]) or topics over one
//! ([`Scan::new`]) and computes every count once; renderers only read it.

pub mod classify;
pub mod history;
mod joins;
mod substitutions;

use std::ops::Range;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use classify::Status;
pub use substitutions::{RisingWord, Substitution, TermCount, rising_line};

use crate::align::{self, Entry, EntryWords, MatchedBy, Pair};
use crate::diff::{self, Segment};
use crate::model::{Document, Metadata, Page, Withdrawal};
use crate::topics::{Hit, Lexicon, Strength};

/// The lexicon as reports name it: `2026.12.2, profile directive`.
pub fn lexicon_name(version: &str, profile: &str) -> String {
    format!("{version}, profile {profile}")
}

/// Characters of context on each side of a hit in an excerpt.
const EXCERPT_CONTEXT: usize = 80;

/// The version of this tool, as reported.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Settings of a diff.
#[derive(Debug, Clone)]
pub struct Options {
    /// Minimum similarity for pairing entries by text (see [`align`]).
    pub threshold: f64,
    /// Time allowed for the word diff of one pair before it settles for a coarser diff.
    pub deadline: Duration,
    /// Only these topic keys (all when empty).
    pub topics: Vec<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            threshold: align::DEFAULT_THRESHOLD,
            deadline: Duration::from_secs(2),
            topics: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
    Moved,
    Unchanged,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Modified => "modified",
            ChangeKind::Moved => "moved",
            ChangeKind::Unchanged => "unchanged",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    Old,
    New,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
        }
    }
}

/// One reference to a topic, located and classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicRef {
    pub topic: String,
    /// The lexicon term that matched.
    pub term: String,
    pub strength: Strength,
    pub status: Status,
    /// Which version the excerpt is from: old for removed/reworded, new for retained/added.
    pub side: Side,
    /// The words as written in the document.
    pub matched: String,
    pub excerpt: String,
    /// For a reworded reference: the new wording in the same place.
    pub new_excerpt: Option<String>,
    /// For a removed or reworded reference: the words the new text has where its words were
    /// deleted (the insertions of the word diff beside them, on one line), empty when
    /// nothing stands there; `None` for a retained or added reference.
    pub replaced_by: Option<String>,
    /// The page of the excerpt, in the version `side` names.
    pub page: Option<Page>,
    /// Byte range of `matched` in the entry's text on `side`.
    pub range: Range<usize>,
    /// For a retained reference: its byte range in the old entry's text, and its page there.
    pub previous: Option<Range<usize>>,
    pub previous_page: Option<Page>,
    /// For a retained reference that narrowed or widened: the old wording of the reference.
    pub was: Option<Was>,
    /// The entries (indices into `align::entries` of the old and the new version) whose
    /// texts `range` and `previous` are in: the old one for a removed or reworded
    /// reference, the new one for an added one, both for a retained one. They are not
    /// always the change's own entries: a merged entry's retained reference is in the entry
    /// it was merged into.
    pub entries: [Option<usize>; 2],
}

/// A retained reference's old wording when its term changed: "diversity, equity, inclusion,
/// and accessibility" that is now "accessibility".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Was {
    pub term: String,
    pub strength: Strength,
    pub matched: String,
    pub excerpt: String,
}

impl TopicRef {
    /// The reference's old and new wording, where each exists: the old for a removed one,
    /// both for a reworded one (and a retained one that narrowed or widened), the new for a
    /// retained or added one.
    pub fn wording(&self) -> (Option<&str>, Option<&str>) {
        let excerpt = Some(self.excerpt.as_str());
        match (self.status, &self.was) {
            (Status::Removed, _) => (excerpt, None),
            (Status::Reworded, _) => (excerpt, self.new_excerpt.as_deref()),
            (Status::Retained, Some(was)) => (Some(was.excerpt.as_str()), excerpt),
            (Status::Retained | Status::Added, _) => (None, excerpt),
        }
    }

    /// The printed pages of the reference in the old and the new version, where each exists.
    pub fn pages(&self) -> (Option<&Page>, Option<&Page>) {
        match self.side {
            Side::Old => (self.page.as_ref(), None),
            Side::New => (self.previous_page.as_ref(), self.page.as_ref()),
        }
    }

    /// Where the reference is printed, as a reader cites it: "old p. 23" for a removed or
    /// reworded one, "new p. 5" for an added one; "p. 23" for a retained one on the same
    /// printed page in both versions, "old p. 22, new p. 23" for one that moved.
    pub fn cited_pages(&self) -> Option<String> {
        match self.pages() {
            (Some(old), Some(new)) if old.to_string() == new.to_string() => {
                Some(format!("p. {new}"))
            }
            (Some(old), Some(new)) => Some(format!("old p. {old}, new p. {new}")),
            (Some(old), None) => Some(format!("old p. {old}")),
            (None, Some(new)) => Some(format!("new p. {new}")),
            (None, None) => None,
        }
    }

    /// For a retained reference that narrowed or widened: `was "…" (direct)`.
    pub fn was_note(&self) -> Option<String> {
        let was = self.was.as_ref()?;
        Some(format!(
            "was \"{}\" ({})",
            was.matched,
            was.strength.as_str()
        ))
    }

    /// How the reference counts among the directive's own (direct) terms: as its status, or
    /// for a retained one that changed strength, as reworded (direct → related) or added
    /// (related → direct); `None` when it is related on both sides.
    pub fn direct_status(&self) -> Option<Status> {
        let now = self.strength == Strength::Direct;
        let before = self
            .was
            .as_ref()
            .map_or(now, |w| w.strength == Strength::Direct);
        match (self.status, before, now) {
            (Status::Retained, true, false) => Some(Status::Reworded),
            (Status::Retained, false, true) => Some(Status::Added),
            (_, _, true) => Some(self.status),
            _ => None,
        }
    }
}

/// What happened to one entry (group, control, section) between the versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    pub old_id: Option<String>,
    pub new_id: Option<String>,
    pub old_title: Option<String>,
    pub new_title: Option<String>,
    /// Where the entry is: in the new version, or in the old one if it was removed (or
    /// withdrawn).
    pub path: Vec<String>,
    pub matched_by: Option<MatchedBy>,
    pub similarity: f64,
    /// The word diff of the entry's text; empty when unchanged.
    pub segments: Vec<Segment>,
    pub topics: Vec<TopicRef>,
    /// The diff deadline was hit: the segments are correct but may not be minimal.
    pub approximate: bool,
    /// The pair of entries (indices into `align::entries` of each version) compared.
    pub entries: (Option<usize>, Option<usize>),
    /// The entry's id changed (see [`align::Pair::renumbered`]).
    pub renumbered: bool,
    /// For an entry in one version only: the entries of the other version that hold its
    /// words (where an old entry's words went, where a new entry's came from), most first.
    pub shares: Vec<Link>,
    /// The shares make the entry a merge (old) or a split (new), not only candidates: its
    /// topic references are classified against them, and `segments` are the word diff
    /// against the part of the first that holds its words.
    pub joined: bool,
    /// For a paired entry: old entries merged into its new entry.
    pub merged_from: Vec<String>,
    /// For a paired entry: new entries split from its old entry.
    pub split_into: Vec<String>,
    /// For an old entry NIST withdrew: what its placeholder in the new version says. The
    /// change is `Removed`; `shares` are in the entries NIST names that are in the new
    /// version, and its topic references are classified there.
    pub withdrawal: Option<Withdrawal>,
}

/// An entry of the other version that holds some of an entry's words.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Its id, or for a resource or a section its title (as in paths).
    pub id: String,
    /// The share of the entry's words found there, 0 to 1.
    pub share: f64,
}

impl Change {
    /// How the old and new entries were paired, for reports to say: `None` for a withdrawn
    /// entry (its placeholder is NIST's note, not a partner).
    pub fn paired_by(&self) -> Option<MatchedBy> {
        self.matched_by.filter(|_| self.withdrawal.is_none())
    }

    /// The old id of a paired entry whose id changed (renumbered), for "was …" notes.
    /// Ids that differ only in case or zero-padding (`ID.AM-1`, `ID.AM-01`) are the same id.
    pub fn renumbered_from(&self) -> Option<&str> {
        self.old_id.as_deref().filter(|_| self.renumbered)
    }

    /// For an old entry gone from the new version: the new entries it was merged into (or,
    /// withdrawn, that NIST names and that are in the new version).
    pub fn merged_into(&self) -> &[Link] {
        self.joined_as(ChangeKind::Removed)
    }

    /// For an entry new in the new version: the old entries it was split from.
    pub fn split_from(&self) -> &[Link] {
        self.joined_as(ChangeKind::Added)
    }

    /// What happened, in the word a reader expects: the kind, or `renumbered`, `merged`,
    /// `split`.
    pub fn label(&self) -> &'static str {
        if self.withdrawal.is_some() {
            "withdrawn"
        } else if !self.merged_into().is_empty() {
            "merged"
        } else if !self.split_from().is_empty() {
            "split"
        } else if self.kind == ChangeKind::Moved && self.renumbered_from().is_some() {
            "renumbered"
        } else {
            self.kind.as_str()
        }
    }

    /// Where the entry's words went or came from, one sentence each:
    /// `merged into GOVERN 3.1 (92 % of its words)`, `GOVERN 3.2 merged into it`,
    /// `its words may have gone to MAP 1.2 (41 % of its words)`, and for a withdrawn entry
    /// `incorporated into GV.RR-02, GV.SC-02, per NIST (37 % of its words in GV.SC-02, 17 %
    /// in GV.RR-02)`.
    pub fn joins(&self) -> Vec<String> {
        if let Some(withdrawal) = &self.withdrawal {
            return vec![withdrawn(withdrawal, &self.shares)];
        }
        let shares = || {
            let shares = self.shares.iter().enumerate();
            shares
                .map(|(i, l)| {
                    let of = if i == 0 { " of its words" } else { "" };
                    format!("{} ({:.0} %{of})", l.id, l.share * 100.0)
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = Vec::new();
        if !self.shares.is_empty() {
            out.push(match (self.kind, self.joined) {
                (ChangeKind::Removed, true) => format!("merged into {}", shares()),
                (ChangeKind::Removed, false) => format!("its words may have gone to {}", shares()),
                (_, true) => format!("split from {}", shares()),
                (_, false) => format!("its words may have come from {}", shares()),
            });
        }
        if !self.merged_from.is_empty() {
            out.push(format!("{} merged into it", self.merged_from.join(", ")));
        }
        if !self.split_into.is_empty() {
            out.push(format!("{} split from it", self.split_into.join(", ")));
        }
        out
    }

    fn joined_as(&self, kind: ChangeKind) -> &[Link] {
        if self.joined && self.kind == kind {
            &self.shares
        } else {
            &[]
        }
    }
}

/// NIST's withdrawal in words, with how much of the entry's words is in each destination
/// found in the new version.
fn withdrawn(withdrawal: &Withdrawal, shares: &[Link]) -> String {
    if withdrawal.targets.is_empty() {
        return "NIST names no entry that holds its text".into();
    }
    let named = withdrawal.targets.join(", ");
    let mut sentence = format!("{} {named}, per NIST", withdrawal.kind.phrase());
    let found: Vec<String> = shares
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let of = if i == 0 { " of its words" } else { "" };
            format!("{:.0} %{of} in {}", l.share * 100.0, l.id)
        })
        .collect();
    if found.is_empty() {
        sentence.push_str(" (not in this version)");
    } else {
        sentence.push_str(&format!(" ({})", found.join(", ")));
    }
    // The shares may overlap, so only their sum below the mark says most are missing.
    if !shares.is_empty() && shares.iter().map(|l| l.share).sum::<f64>() < FEW_WORDS {
        sentence.push_str("; most of its words are not there");
    }
    sentence
}

/// Below this share of a withdrawn entry's words in all the destinations NIST names, a
/// report says most of its words did not arrive there.
const FEW_WORDS: f64 = 0.4;

/// Occurrences of topic terms, by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub removed: usize,
    pub reworded: usize,
    pub retained: usize,
    pub added: usize,
}

impl StatusCounts {
    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::Removed => self.removed,
            Status::Reworded => self.reworded,
            Status::Retained => self.retained,
            Status::Added => self.added,
        }
    }

    fn count(&mut self, status: Status) {
        match status {
            Status::Removed => self.removed += 1,
            Status::Reworded => self.reworded += 1,
            Status::Retained => self.retained += 1,
            Status::Added => self.added += 1,
        }
    }

    /// Occurrences in the old version.
    pub fn in_old(&self) -> usize {
        self.removed + self.reworded + self.retained
    }

    /// Occurrences in the new version.
    pub fn in_new(&self) -> usize {
        self.retained + self.added
    }

    /// References in either version: each old one once, with the added ones.
    pub fn total(&self) -> usize {
        self.in_old() + self.added
    }
}

/// Counts for one topic: all terms, and the directive's own (direct) terms alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicSummary {
    pub key: String,
    pub name: String,
    pub all: StatusCounts,
    pub direct: StatusCounts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NodeCounts {
    pub added: usize,
    pub removed: usize,
    pub modified: usize,
    pub moved: usize,
    pub unchanged: usize,
    /// Of the removed: old entries merged into new ones.
    pub merged: usize,
    /// Of the added: new entries split from old ones.
    pub split: usize,
    /// Of the removed: old entries NIST withdrew (into others, or not).
    pub withdrawn: usize,
}

impl NodeCounts {
    /// The counts as a table's rows, the parts of a kind (`↳ merged into another`) after
    /// it and only when there are any.
    pub fn rows(&self) -> Vec<(&'static str, usize)> {
        let rows = [
            ("added", self.added),
            ("↳ split from another", self.split),
            ("removed", self.removed),
            ("↳ merged into another", self.merged),
            ("↳ withdrawn by NIST", self.withdrawn),
            ("modified", self.modified),
            ("moved or renumbered", self.moved),
            ("unchanged", self.unchanged),
        ];
        let shown = rows
            .into_iter()
            .filter(|(what, n)| *n > 0 || !what.starts_with('↳'));
        shown.collect()
    }

    fn count(&mut self, change: &Change) {
        let withdrawn = change.withdrawal.is_some();
        self.withdrawn += usize::from(withdrawn);
        self.merged += usize::from(!withdrawn && !change.merged_into().is_empty());
        self.split += usize::from(!change.split_from().is_empty());
        match change.kind {
            ChangeKind::Added => self.added += 1,
            ChangeKind::Removed => self.removed += 1,
            ChangeKind::Modified => self.modified += 1,
            ChangeKind::Moved => self.moved += 1,
            ChangeKind::Unchanged => self.unchanged += 1,
        }
    }

    /// The counts in words, as every report shows them: `3 added, 2 removed (1 merged into
    /// other entries, 1 withdrawn by NIST), 1 modified, 0 moved, 12 unchanged`.
    pub fn sentence(&self) -> String {
        let of = |parts: &[(usize, &str)]| {
            let said: Vec<String> = parts
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            if said.is_empty() {
                String::new()
            } else {
                format!(" ({})", said.join(", "))
            }
        };
        format!(
            "{} added{}, {} removed{}, {} modified, {} moved, {} unchanged",
            self.added,
            of(&[(self.split, "split from other entries")]),
            self.removed,
            of(&[
                (self.merged, "merged into other entries"),
                (self.withdrawn, "withdrawn by NIST"),
            ]),
            self.modified,
            self.moved,
            self.unchanged
        )
    }

    /// Entries that changed in any way.
    pub fn changed(&self) -> usize {
        self.added + self.removed + self.modified + self.moved
    }
}

/// Tallies for one top-level division (an AI RMF function, an SP 800-53 family, a section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSummary {
    pub name: String,
    pub nodes: NodeCounts,
    pub topics: StatusCounts,
}

/// Everything a renderer shows about a diff of two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub tool_version: String,
    pub lexicon_version: String,
    /// The lexicon's profile (`directive`, `broad`, or a user lexicon's name).
    pub lexicon_profile: String,
    pub old: Metadata,
    pub new: Metadata,
    pub threshold: f64,
    pub nodes: NodeCounts,
    pub topics: Vec<TopicSummary>,
    pub functions: Vec<FunctionSummary>,
    /// Changed entries, and unchanged ones that hold topic references, in document order.
    pub changes: Vec<Change>,
    /// How many word diffs hit the deadline.
    pub approximate_diffs: usize,
    /// The removed and reworded references grouped by what replaced them, most first.
    pub substitutions: Vec<Substitution>,
    /// Each lexicon term's occurrences in each version, in lexicon order (terms in neither
    /// left out).
    pub term_counts: Vec<TermCount>,
    /// The words the changed entries gained most (inserted minus deleted), at most ten.
    pub rising_words: Vec<RisingWord>,
    pub method: Method,
}

/// How a report was made, for the reader who checks it: the command, and the terms and
/// exclusions of each topic compared, as the lexicon writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Method {
    /// The command line, each input by its file name (set by the CLI).
    pub command: Option<String>,
    pub topics: Vec<MethodTopic>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodTopic {
    pub name: String,
    pub direct: Vec<String>,
    pub related: Vec<String>,
    pub exclusions: Vec<String>,
}

impl Method {
    fn new(lexicon: &Lexicon, only: &[String]) -> Method {
        let topics = lexicon
            .topics
            .iter()
            .filter(|t| only.is_empty() || only.contains(&t.key));
        let terms = |t: &crate::topics::Topic, strength: Strength| {
            let of = t.terms.iter().filter(|term| term.strength == strength);
            of.map(|term| term.phrase.clone()).collect()
        };
        Method {
            command: None,
            topics: topics
                .map(|t| MethodTopic {
                    name: t.name.clone(),
                    direct: terms(t, Strength::Direct),
                    related: terms(t, Strength::Related),
                    exclusions: t.exclusions.clone(),
                })
                .collect(),
        }
    }
}

/// One version as the reports read it: its entries, the topic references in each, and
/// their words for the alignment.
pub struct Version<'d> {
    pub doc: &'d Document,
    pub entries: Vec<Entry<'d>>,
    /// The hits of each entry, in order.
    pub hits: Vec<Vec<Hit>>,
    pub words: EntryWords,
}

impl<'d> Version<'d> {
    /// Flattens `doc` into entries, scans each for the lexicon's topics (`only` those, when
    /// any are named) and finds their words for the alignment, on all cores.
    pub fn read(doc: &'d Document, lexicon: &Lexicon, only: &[String]) -> Version<'d> {
        let entries = align::entries(doc);
        // The words on this thread, the scan for another: the scan splits over entries, so
        // a thread that comes free takes a share of it, where the words are one task.
        let (words, hits) = rayon::join(
            || EntryWords::of(&entries),
            || find_all(lexicon, only, &entries),
        );
        Version {
            doc,
            entries,
            hits,
            words,
        }
    }
}

impl Report {
    /// Every topic reference as a finding, the ones an auditor cites first: removed, then
    /// reworded, retained and added, each in document order. Each comes with the index of
    /// its change in `changes`.
    pub fn findings(&self) -> Vec<(usize, &TopicRef)> {
        let all = self.changes.iter().enumerate();
        let all = all.flat_map(|(i, c)| c.topics.iter().map(move |r| (i, r)));
        let mut findings: Vec<(usize, &TopicRef)> = all.collect();
        findings.sort_by_key(|(_, r)| r.status);
        findings
    }

    /// Diffs `old` against `new`.
    pub fn diff(old: &Document, new: &Document, lexicon: &Lexicon, options: &Options) -> Report {
        let read = |doc| Version::read(doc, lexicon, &options.topics);
        let (old, new) = rayon::join(|| read(old), || read(new));
        Report::diff_versions(&old, &new, lexicon, options)
    }

    /// [`Report::diff`] of two versions already read: a caller that loads the documents
    /// can read each one as soon as it has loaded, while the other still loads.
    pub fn diff_versions(
        old: &Version,
        new: &Version,
        lexicon: &Lexicon,
        options: &Options,
    ) -> Report {
        // Both cores: the per-pair word diffs are spread over threads. Results are collected
        // in input order, so the report is the same whatever the number of threads.
        let (old_side, new_side) = (
            (&old.entries[..], &old.words),
            (&new.entries[..], &new.words),
        );
        let pairs = align::align_words(old_side, new_side, options.threshold);
        let mut changes: Vec<Change> = pairs
            .par_iter()
            .map(|pair| {
                let old_side = |o: usize| (&old.entries[o], old.hits[o].as_slice());
                let new_side = |n: usize| (&new.entries[n], new.hits[n].as_slice());
                let (old, new) = (pair.old.map(old_side), pair.new.map(new_side));
                change(pair, old, new, options.deadline)
            })
            .collect();
        joins::follow(&mut changes, &pairs, [old, new], options.deadline);

        let mut report = Report {
            tool_version: TOOL_VERSION.to_string(),
            lexicon_version: lexicon.version.clone(),
            lexicon_profile: lexicon.profile.clone(),
            old: old.doc.meta.clone(),
            new: new.doc.meta.clone(),
            threshold: options.threshold,
            nodes: NodeCounts::default(),
            topics: topic_summaries(lexicon, &options.topics),
            functions: Vec::new(),
            changes: Vec::new(),
            approximate_diffs: 0,
            substitutions: Vec::new(),
            term_counts: Vec::new(),
            rising_words: Vec::new(),
            method: Method::new(lexicon, &options.topics),
        };
        // The rising words beside the counts, which take one thread: both read every change,
        // and an unchanged entry with no reference, dropped next, adds to none of them.
        let (rising_words, ()) = rayon::join(
            || substitutions::rising_words(&changes, [&old.words, &new.words]),
            || {
                changes.iter().for_each(|change| report.tally(change));
                report.substitutions = substitutions::substitutions(&changes);
                report.term_counts = substitutions::term_counts(lexicon, &report.topics, &changes);
            },
        );
        report.rising_words = rising_words;
        report.changes = (changes.into_iter())
            .filter(|c| c.kind != ChangeKind::Unchanged || !c.topics.is_empty())
            .collect();
        report
    }

    fn tally(&mut self, change: &Change) {
        self.nodes.count(change);
        self.approximate_diffs += usize::from(change.approximate);
        let function = change.path.first().cloned().unwrap_or_default();
        let at = match self.functions.iter().position(|f| f.name == function) {
            Some(at) => at,
            None => {
                self.functions.push(FunctionSummary {
                    name: function,
                    nodes: NodeCounts::default(),
                    topics: StatusCounts::default(),
                });
                self.functions.len() - 1
            }
        };
        self.functions[at].nodes.count(change);
        for reference in &change.topics {
            self.functions[at].topics.count(reference.status);
            let summary = self.topics.iter_mut().find(|t| t.key == reference.topic);
            if let Some(summary) = summary {
                summary.all.count(reference.status);
                if let Some(status) = reference.direct_status() {
                    summary.direct.count(status);
                }
            }
        }
    }

    /// True when any entry changed.
    pub fn has_changes(&self) -> bool {
        self.nodes.changed() > 0
    }

    /// All topics together.
    pub fn topic_totals(&self) -> StatusCounts {
        let mut total = StatusCounts::default();
        for t in &self.topics {
            total.removed += t.all.removed;
            total.reworded += t.all.reworded;
            total.retained += t.all.retained;
            total.added += t.all.added;
        }
        total
    }
}

fn topic_summaries(lexicon: &Lexicon, only: &[String]) -> Vec<TopicSummary> {
    lexicon
        .topics
        .iter()
        .filter(|t| only.is_empty() || only.contains(&t.key))
        .map(|t| TopicSummary {
            key: t.key.clone(),
            name: t.name.clone(),
            all: StatusCounts::default(),
            direct: StatusCounts::default(),
        })
        .collect()
}

/// The hits of each of `entries`, on all cores.
fn find_all(lexicon: &Lexicon, only: &[String], entries: &[Entry<'_>]) -> Vec<Vec<Hit>> {
    let find = |entry: &Entry<'_>| find_hits(lexicon, only, &entry.text);
    entries.par_iter().map(find).collect()
}

fn find_hits(lexicon: &Lexicon, only: &[String], text: &str) -> Vec<Hit> {
    let mut hits = lexicon.find(text);
    if !only.is_empty() {
        hits.retain(|h| only.contains(&h.topic));
    }
    hits
}

/// One side of a pair: the entry and its topic hits, if that side exists.
type EntryHits<'e, 'h> = Option<(&'e Entry<'e>, &'h [Hit])>;

fn change(
    pair: &Pair,
    old: EntryHits<'_, '_>,
    new: EntryHits<'_, '_>,
    deadline: Duration,
) -> Change {
    // A withdrawn entry is compared with where NIST says it went (see `joins`), not with
    // its placeholder: until then, all its words are gone.
    let withdrawn = pair.matched_by == Some(MatchedBy::Nist);
    let compared = if withdrawn { None } else { new };
    let old_text = old.map_or("", |(e, _)| e.text.as_str());
    let new_text = compared.map_or("", |(e, _)| e.text.as_str());
    let word_diff = diff::diff_words(old_text, new_text, Some(Instant::now() + deadline));
    let title =
        |side: EntryHits<'_, '_>| side.and_then(|(e, _)| e.node.own_title().map(String::from));
    let kind = match (old, compared) {
        (None, _) => ChangeKind::Added,
        (_, None) => ChangeKind::Removed,
        _ if pair.moved => ChangeKind::Moved,
        _ if !word_diff.is_unchanged() || title(old) != title(new) => ChangeKind::Modified,
        _ => ChangeKind::Unchanged,
    };
    let old_hits = old.map_or(&[][..], |(_, h)| h);
    let new_hits = compared.map_or(&[][..], |(_, h)| h);
    let old_entry = old.zip(pair.old).map(|((e, _), o)| (o, e));
    let new_entry = compared.zip(pair.new).map(|((e, _), n)| (n, e));
    let topics = classify::classify(&word_diff.segments, old_hits, new_hits)
        .iter()
        .map(|c| reference(c, [old_entry, new_entry], [0, 0]))
        .collect();
    let id = |side: EntryHits<'_, '_>| side.and_then(|(e, _)| e.node.id.clone());
    // A withdrawn entry is where it was: its placeholder is only NIST's note.
    let shown = if withdrawn { old } else { new.or(old) };
    let path = shown.map(|(e, _)| e.path.clone()).unwrap_or_default();
    Change {
        kind,
        old_id: id(old),
        new_id: id(new),
        old_title: title(old),
        new_title: title(new),
        path,
        matched_by: pair.matched_by,
        similarity: pair.similarity,
        segments: if kind == ChangeKind::Unchanged {
            Vec::new()
        } else {
            word_diff.segments
        },
        topics,
        approximate: word_diff.approximate,
        entries: (pair.old, pair.new),
        renumbered: pair.renumbered,
        shares: Vec::new(),
        joined: false,
        merged_from: Vec::new(),
        split_into: Vec::new(),
        withdrawal: new
            .filter(|_| withdrawn)
            .and_then(|(e, _)| e.node.withdrawal()),
    }
}

/// The report's account of one classified hit. `entries` are the old and new entries (with
/// their indices) whose texts were compared; the classified ranges are in parts of those
/// texts that start at `base` (old, new) bytes.
fn reference(
    c: &classify::Classified<'_>,
    entries: [Option<(usize, &Entry<'_>)>; 2],
    base: [usize; 2],
) -> TopicRef {
    let indices = entries.map(|e| e.map(|(i, _)| i));
    let entries = entries.map(|e| e.map(|(_, entry)| entry));
    let new = entries[1];
    fn text<'t>(entry: Option<&'t Entry<'_>>) -> &'t str {
        entry.map_or("", |e| e.text.as_str())
    }
    let shift = |r: std::ops::Range<usize>, side: usize| r.start + base[side]..r.end + base[side];
    let (side, at) = match c.status {
        Status::Removed | Status::Reworded => (Side::Old, 0),
        Status::Retained | Status::Added => (Side::New, 1),
    };
    let entry = entries[at];
    let range = shift(c.hit.start..c.hit.end, at);
    TopicRef {
        topic: c.hit.topic.clone(),
        term: c.hit.term.clone(),
        strength: c.hit.strength,
        status: c.status,
        side,
        matched: text(entry)[range.clone()].to_string(),
        excerpt: excerpt(text(entry), range.clone()),
        new_excerpt: (c.status == Status::Reworded)
            .then(|| {
                c.counterpart
                    .clone()
                    .map(|r| excerpt(text(new), shift(r, 1)))
            })
            .flatten(),
        replaced_by: (side == Side::Old).then(|| {
            let inserted = c.inserted.clone().map(|r| &text(new)[shift(r, 1)]);
            one_line(inserted.unwrap_or(""))
        }),
        page: entry.and_then(|e| e.page_at(range.start)),
        previous_page: c
            .previous
            .and_then(|h| entries[0].and_then(|e| e.page_at(h.start + base[0]))),
        entries: match side {
            Side::Old => [indices[0], None],
            Side::New if c.previous.is_some() => indices,
            Side::New => [None, indices[1]],
        },
        range,
        previous: c.previous.map(|h| shift(h.start..h.end, 0)),
        was: c.previous.filter(|h| h.term != c.hit.term).map(|h| {
            let (range, text) = (shift(h.start..h.end, 0), text(entries[0]));
            Was {
                term: h.term.clone(),
                strength: h.strength,
                matched: text[range.clone()].to_string(),
                excerpt: excerpt(text, range),
            }
        }),
    }
}

/// The text around `range`, cut at word boundaries, on one line.
///
/// ```
/// use rmfdiff::report::excerpt;
/// assert_eq!(excerpt("Keep teams diverse.\nNext paragraph.", 11..18), "Keep teams diverse.");
/// ```
pub fn excerpt(text: &str, range: Range<usize>) -> String {
    // Stay within the paragraph (line) of the match.
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    let mut start = floor_char(
        text,
        range.start.saturating_sub(EXCERPT_CONTEXT).max(line_start),
    );
    let mut end = ceil_char(text, (range.end + EXCERPT_CONTEXT).min(line_end));
    if start > line_start {
        start = text[start..range.start]
            .find(char::is_whitespace)
            .map_or(start, |i| start + i + 1);
    }
    if end < line_end {
        end = text[range.end..end]
            .rfind(char::is_whitespace)
            .map_or(end, |i| range.end + i);
    }
    let body = one_line(&text[start..end]);
    let before = if start > line_start { "…" } else { "" };
    let after = if end < line_end { "…" } else { "" };
    format!("{before}{body}{after}")
}

/// `text` on one line: its words separated by single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Every topic reference in one version: what a revision would have to change.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    pub tool_version: String,
    pub lexicon_version: String,
    /// The lexicon's profile (`directive`, `broad`, or a user lexicon's name).
    pub lexicon_profile: String,
    pub doc: Metadata,
    pub topics: Vec<ScanTopic>,
    pub hits: Vec<ScanHit>,
}

/// Occurrences of one topic's terms in a scanned version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanTopic {
    pub key: String,
    pub name: String,
    pub total: usize,
    pub direct: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanHit {
    pub topic: String,
    pub term: String,
    pub strength: Strength,
    pub id: Option<String>,
    pub path: Vec<String>,
    pub page: Option<Page>,
    pub matched: String,
    pub excerpt: String,
}

impl Scan {
    pub fn new(doc: &Document, lexicon: &Lexicon, only: &[String]) -> Scan {
        let mut topics: Vec<ScanTopic> = topic_summaries(lexicon, only)
            .into_iter()
            .map(|t| ScanTopic {
                key: t.key,
                name: t.name,
                total: 0,
                direct: 0,
            })
            .collect();
        let mut hits = Vec::new();
        let entries = align::entries(doc);
        let found = find_all(lexicon, only, &entries);
        for (entry, found) in entries.iter().zip(found) {
            for hit in found {
                if let Some(topic) = topics.iter_mut().find(|t| t.key == hit.topic) {
                    topic.total += 1;
                    topic.direct += usize::from(hit.strength == Strength::Direct);
                }
                let range = hit.start..hit.end;
                hits.push(ScanHit {
                    page: entry.page_at(hit.start),
                    id: entry.node.id.clone(),
                    path: entry.path.clone(),
                    matched: entry.text[range.clone()].to_string(),
                    excerpt: excerpt(&entry.text, range),
                    topic: hit.topic,
                    term: hit.term,
                    strength: hit.strength,
                });
            }
        }
        Scan {
            tool_version: TOOL_VERSION.to_string(),
            lexicon_version: lexicon.version.clone(),
            lexicon_profile: lexicon.profile.clone(),
            doc: doc.meta.clone(),
            topics,
            hits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The work is spread over threads; the report must not depend on how many.
    #[test]
    fn report_is_the_same_on_one_thread_and_on_several() {
        let load = |name| crate::frameworks::find(name).unwrap().load().unwrap();
        let (old, new) = (load("csf-1.1"), load("csf-2.0"));
        let lexicon = Lexicon::builtin();
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads);
            let pool = pool.build().unwrap();
            pool.install(|| Report::diff(&old, &new, &lexicon, &Options::default()))
        };
        let one = run(1);
        assert!(one.has_changes());
        assert_eq!(one, run(3));
        let scan = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads);
            let pool = pool.build().unwrap();
            pool.install(|| Scan::new(&new, &lexicon, &[]))
        };
        assert_eq!(scan(1), scan(3));
    }
}
