//! The JSON wire format (`--format json`), a public contract: versioned by
//! [`SCHEMA_VERSION`], separate from the internal types, deterministic (maps are sorted,
//! numbers rounded). `rmfdiff schema` prints the JSON Schema generated from these types.

use std::collections::BTreeMap;
use std::io;

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

use crate::diff::Op;
use crate::model::{Metadata, WithdrawalKind};
use crate::report::history::History;
use crate::report::{self, Report, Scan};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize, JsonSchema)]
/// `rmfdiff diff --format json`
pub struct DiffOutput<'a> {
    pub schema_version: u32,
    pub tool: Tool,
    pub old: Document,
    pub new: Document,
    pub summary: Summary,
    pub changes: Vec<Change<'a>>,
}

#[derive(Serialize, JsonSchema)]
/// `rmfdiff scan --format json`
pub struct ScanOutput {
    pub schema_version: u32,
    pub tool: Tool,
    pub document: Document,
    /// Per topic key.
    pub topics: BTreeMap<String, ScanTopic>,
    pub references: Vec<ScanReference>,
}

#[derive(Serialize, JsonSchema)]
/// `rmfdiff history --format json`
pub struct HistoryOutput {
    pub schema_version: u32,
    pub tool: Tool,
    /// The versions, oldest first; `version` fields elsewhere are indices into this list.
    pub versions: Vec<Document>,
    /// Per topic key: its references in each version.
    pub topics: BTreeMap<String, TopicTimeline>,
    /// Every reference, in the order it first appears.
    pub references: Vec<Lineage>,
}

#[derive(Serialize, JsonSchema)]
pub struct TopicTimeline {
    pub name: String,
    /// One count per version.
    pub all: Vec<usize>,
    /// One count per version, direct terms only.
    pub direct: Vec<usize>,
}

#[derive(Serialize, JsonSchema)]
pub struct Lineage {
    pub topic: String,
    pub term: String,
    pub strength: Strength,
    pub matched: String,
    /// Where it is in the last version it appears in.
    pub path: Vec<String>,
    /// The version it first appears in.
    pub first: usize,
    /// Its wording in `first`, then in each version in which the text around it changed.
    pub wording: Vec<Wording>,
    /// The version it is gone from; null while it is still there.
    pub gone_in: Option<usize>,
    /// How it went: `removed` or `reworded`; null while it is still there.
    pub gone_as: Option<Status>,
    /// Each time it went and came back in the same place, oldest first; `wording` holds its
    /// wording in each `back_in` version.
    pub returns: Vec<Return>,
}

#[derive(Serialize, JsonSchema)]
pub struct Wording {
    pub version: usize,
    pub excerpt: String,
    /// The page of the excerpt: its position in the source file, where known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<u32>,
    /// The number printed on that page, which is what to cite ("23" on the 28th page).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page_label: Option<String>,
}

#[derive(Serialize, JsonSchema)]
/// A reference that went in one version and came back in a later one.
pub struct Return {
    /// The first version it was missing from.
    pub gone_in: usize,
    /// How it went: `removed` or `reworded`.
    pub gone_as: Status,
    /// The version it is back in.
    pub back_in: usize,
}

#[derive(Serialize, JsonSchema)]
pub struct Tool {
    pub name: String,
    pub version: String,
    pub lexicon_version: String,
    /// The lexicon's profile: `directive` (the default), `broad`, or a user lexicon's name.
    pub profile: String,
}

#[derive(Serialize, JsonSchema)]
/// Provenance of one input.
pub struct Document {
    pub title: String,
    pub version: Option<String>,
    pub publication: Option<String>,
    /// `YYYY-MM-DD`
    pub published: Option<String>,
    pub source: String,
    pub sha256: String,
    /// For a document made by `rmfdiff import`: the publication files it was made from.
    pub imported_from: Option<Provenance>,
}

#[derive(Serialize, JsonSchema)]
/// The publication files an imported document was made from.
pub struct Provenance {
    /// In the order they were imported; the first gives the document.
    pub sources: Vec<SourceFile>,
    /// The importer, e.g. `rmfdiff 0.1.0`.
    pub importer: String,
}

#[derive(Serialize, JsonSchema)]
pub struct SourceFile {
    pub file: String,
    pub sha256: String,
}

#[derive(Serialize, JsonSchema)]
pub struct Summary {
    pub nodes: NodeCounts,
    /// Per topic key (`misinformation`, `dei`, `climate`, and any a user's lexicon adds).
    pub topics: BTreeMap<String, TopicCounts>,
    /// Per top-level division (AI RMF function, SP 800-53 family, section), in document order.
    pub functions: Vec<FunctionCounts>,
    /// Similarity threshold used to pair entries by text.
    pub similarity_threshold: f64,
    /// Word diffs that hit the deadline (their segments are correct but may not be minimal).
    pub approximate_diffs: usize,
    /// The removed and reworded references grouped by what the new text has in their place,
    /// most first (then by topic, term, matched, replaced_by). The counts add up to the
    /// topics' removed + reworded.
    pub substitutions: Vec<Substitution>,
    /// Each lexicon term's occurrences in each version, in lexicon order; terms found in
    /// neither are left out. Per topic, `old` and `new` add up to the topic's.
    pub term_counts: Vec<TermCount>,
    /// At most ten words the changed entries use more in the new version than in the old
    /// (lower-cased letters, four or more, common words left out): most risen
    /// (`inserted - deleted`) first, then alphabetical.
    pub rising_words: Vec<RisingWord>,
}

#[derive(Serialize, JsonSchema)]
pub struct Substitution {
    pub topic: String,
    pub term: String,
    /// The old wording, lower-cased.
    pub matched: String,
    /// The words now in its place, lower-cased; empty when nothing is.
    pub replaced_by: String,
    pub count: usize,
}

#[derive(Serialize, JsonSchema)]
pub struct TermCount {
    pub topic: String,
    pub term: String,
    pub old: usize,
    pub new: usize,
}

#[derive(Serialize, JsonSchema)]
pub struct RisingWord {
    pub word: String,
    /// Occurrences in the words the changed entries lost.
    pub deleted: usize,
    /// Occurrences in the words the changed entries gained.
    pub inserted: usize,
}

#[derive(Serialize, JsonSchema)]
pub struct NodeCounts {
    pub added: usize,
    pub removed: usize,
    pub modified: usize,
    pub moved: usize,
    pub unchanged: usize,
    /// Of the removed: old entries merged into new ones (`merged_into`).
    pub merged: usize,
    /// Of the added: new entries split from old ones (`split_from`).
    pub split: usize,
    /// Of the removed: old entries NIST withdrew (`withdrawn`).
    pub withdrawn: usize,
}

#[derive(Serialize, JsonSchema)]
/// Occurrences of a topic's terms: in each version and by status.
pub struct StatusCounts {
    pub old: usize,
    pub new: usize,
    pub removed: usize,
    pub reworded: usize,
    pub retained: usize,
    pub added: usize,
}

#[derive(Serialize, JsonSchema)]
pub struct TopicCounts {
    pub name: String,
    #[serde(flatten)]
    pub all: StatusCounts,
    /// The directive's own words alone.
    pub direct: StatusCounts,
}

#[derive(Serialize, JsonSchema)]
pub struct FunctionCounts {
    pub name: String,
    pub nodes: NodeCounts,
    pub topics: StatusCounts,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
    Moved,
    Unchanged,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    Id,
    Title,
    Similarity,
    /// Most of one entry's words are in the other.
    Content,
    /// The new version keeps the old entry's id as NIST's withdrawal placeholder.
    Nist,
}

#[derive(Serialize, JsonSchema)]
pub struct Change<'a> {
    pub kind: ChangeKind,
    pub old_id: Option<String>,
    pub new_id: Option<String>,
    pub old_title: Option<String>,
    pub new_title: Option<String>,
    pub path: Vec<String>,
    /// How the old and new entries were paired; null for added and removed entries.
    pub matched_by: Option<MatchedBy>,
    /// Word similarity of the pair, 0 to 1 (3 decimals).
    pub similarity: f64,
    pub approximate: bool,
    /// Word diff; empty for unchanged entries. For a merged or split entry, against the part
    /// of its first destination that holds its words.
    pub segments: Vec<Segment<'a>>,
    pub topics: Vec<TopicRef>,
    /// A removed entry whose words went into these new entries (its topic references are
    /// classified there). For a withdrawn entry: those NIST names that are in the new
    /// version, whether or not its words arrived there (`shares` says how many did).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub merged_into: Vec<String>,
    /// A removed entry NIST withdrew: the new version keeps its id (`new_id`) as a
    /// placeholder that says where its text went (`withdrawal`).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub withdrawn: bool,
    /// What NIST's placeholder says.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub withdrawal: Option<Withdrawal>,
    /// An added entry whose words came from these old entries.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub split_from: Vec<String>,
    /// A paired entry that also received these old entries.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub merged_from: Vec<String>,
    /// A paired entry that also gave text to these new entries.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub split_into: Vec<String>,
    /// An entry in one version only: the entries of the other version holding its words,
    /// with the share found in each, most first. Without `merged_into` / `split_from` these
    /// are candidates only: the evidence is partial.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub shares: Vec<Share>,
}

#[derive(Serialize, JsonSchema)]
pub struct Withdrawal {
    /// How the text went: into other entries, or moved whole under another id.
    pub relation: WithdrawalRelation,
    /// The entries NIST names, as it names them; empty when it names none.
    pub targets: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WithdrawalRelation {
    IncorporatedInto,
    MovedTo,
}

#[derive(Serialize, JsonSchema)]
pub struct Share {
    pub id: String,
    /// The share of the entry's words found there, 0 to 1 (3 decimals).
    pub share: f64,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SegmentOp {
    Equal,
    Delete,
    Insert,
}

#[derive(Serialize, JsonSchema)]
// Borrows its text from the report: the segments are most of a diff's bytes.
pub struct Segment<'a> {
    pub op: SegmentOp,
    pub text: &'a str,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    Direct,
    Related,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Removed,
    Reworded,
    Retained,
    Added,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Old,
    New,
}

#[derive(Serialize, JsonSchema)]
pub struct TopicRef {
    pub topic: String,
    pub term: String,
    pub strength: Strength,
    pub status: Status,
    pub side: Side,
    pub matched: String,
    pub excerpt: String,
    /// Reworded references: the new wording in the same place.
    pub new_excerpt: Option<String>,
    /// Removed and reworded references: the words the new text has where the reference's
    /// words were deleted, as written ("" when nothing stands there).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replaced_by: Option<String>,
    /// The page of the excerpt in the version `side` names: its position in the source file.
    pub page: Option<u32>,
    /// The number printed on that page, which is what to cite ("23" on the 28th page).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page_label: Option<String>,
    /// A retained reference: its page in the old version, and the number printed there.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub previous_page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub previous_page_label: Option<String>,
    /// A retained reference whose term changed, narrowed ("diversity, equity, inclusion, and
    /// accessibility" → "accessibility") or widened: its old wording. Among the direct terms
    /// it counts as reworded when it was direct and is now related, as added the other way.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub was: Option<Was>,
}

#[derive(Serialize, JsonSchema)]
pub struct Was {
    pub term: String,
    pub strength: Strength,
    pub matched: String,
    pub excerpt: String,
}

#[derive(Serialize, JsonSchema)]
pub struct ScanTopic {
    pub name: String,
    pub total: usize,
    pub direct: usize,
}

#[derive(Serialize, JsonSchema)]
pub struct ScanReference {
    pub topic: String,
    pub term: String,
    pub strength: Strength,
    pub id: Option<String>,
    pub path: Vec<String>,
    /// The page's position in the source file, and the number printed on it (what to cite).
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page_label: Option<String>,
    pub matched: String,
    pub excerpt: String,
}

fn tool(tool_version: &str, lexicon_version: &str, profile: &str) -> Tool {
    Tool {
        name: "rmfdiff".into(),
        version: tool_version.into(),
        lexicon_version: lexicon_version.into(),
        profile: profile.into(),
    }
}

fn document(meta: &Metadata) -> Document {
    Document {
        title: meta.title.clone(),
        version: meta.version.clone(),
        publication: meta.publication.clone(),
        published: meta.published.clone(),
        source: meta.source.clone(),
        sha256: meta.sha256.clone(),
        imported_from: meta.imported_from.as_ref().map(|p| Provenance {
            sources: p
                .sources
                .iter()
                .map(|s| SourceFile {
                    file: s.file.clone(),
                    sha256: s.sha256.clone(),
                })
                .collect(),
            importer: p.importer.clone(),
        }),
    }
}

fn ids(links: &[report::Link]) -> Vec<String> {
    links.iter().map(|l| l.id.clone()).collect()
}

fn node_counts(c: &report::NodeCounts) -> NodeCounts {
    NodeCounts {
        added: c.added,
        removed: c.removed,
        modified: c.modified,
        moved: c.moved,
        unchanged: c.unchanged,
        merged: c.merged,
        split: c.split,
        withdrawn: c.withdrawn,
    }
}

fn status_counts(c: &report::StatusCounts) -> StatusCounts {
    StatusCounts {
        old: c.in_old(),
        new: c.in_new(),
        removed: c.removed,
        reworded: c.reworded,
        retained: c.retained,
        added: c.added,
    }
}

fn strength(s: crate::topics::Strength) -> Strength {
    match s {
        crate::topics::Strength::Direct => Strength::Direct,
        crate::topics::Strength::Related => Strength::Related,
    }
}

fn status(s: report::Status) -> Status {
    match s {
        report::Status::Removed => Status::Removed,
        report::Status::Reworded => Status::Reworded,
        report::Status::Retained => Status::Retained,
        report::Status::Added => Status::Added,
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl DiffOutput<'_> {
    pub fn new(report: &Report) -> DiffOutput<'_> {
        DiffOutput {
            changes: report.changes.iter().map(change).collect(),
            ..DiffOutput::new_without_changes(report)
        }
    }

    /// All but the changes: the summary and the inputs.
    fn new_without_changes(report: &Report) -> DiffOutput<'_> {
        let topics = report.topics.iter().map(|t| {
            let counts = TopicCounts {
                name: t.name.clone(),
                all: status_counts(&t.all),
                direct: status_counts(&t.direct),
            };
            (t.key.clone(), counts)
        });
        let functions = report.functions.iter().map(|f| FunctionCounts {
            name: f.name.clone(),
            nodes: node_counts(&f.nodes),
            topics: status_counts(&f.topics),
        });
        DiffOutput {
            schema_version: SCHEMA_VERSION,
            tool: tool(
                &report.tool_version,
                &report.lexicon_version,
                &report.lexicon_profile,
            ),
            old: document(&report.old),
            new: document(&report.new),
            summary: Summary {
                nodes: node_counts(&report.nodes),
                topics: topics.collect(),
                functions: functions.collect(),
                similarity_threshold: report.threshold,
                approximate_diffs: report.approximate_diffs,
                substitutions: report
                    .substitutions
                    .iter()
                    .map(|s| Substitution {
                        topic: s.topic.clone(),
                        term: s.term.clone(),
                        matched: s.matched.clone(),
                        replaced_by: s.replaced_by.clone(),
                        count: s.count,
                    })
                    .collect(),
                term_counts: report
                    .term_counts
                    .iter()
                    .map(|t| TermCount {
                        topic: t.topic.clone(),
                        term: t.term.clone(),
                        old: t.old,
                        new: t.new,
                    })
                    .collect(),
                rising_words: report
                    .rising_words
                    .iter()
                    .map(|w| RisingWord {
                        word: w.word.clone(),
                        deleted: w.deleted,
                        inserted: w.inserted,
                    })
                    .collect(),
            },
            changes: Vec::new(),
        }
    }
}

fn change(c: &report::Change) -> Change<'_> {
    Change {
        kind: match c.kind {
            report::ChangeKind::Added => ChangeKind::Added,
            report::ChangeKind::Removed => ChangeKind::Removed,
            report::ChangeKind::Modified => ChangeKind::Modified,
            report::ChangeKind::Moved => ChangeKind::Moved,
            report::ChangeKind::Unchanged => ChangeKind::Unchanged,
        },
        old_id: c.old_id.clone(),
        new_id: c.new_id.clone(),
        old_title: c.old_title.clone(),
        new_title: c.new_title.clone(),
        path: c.path.clone(),
        matched_by: c.matched_by.map(|m| match m {
            crate::align::MatchedBy::Id => MatchedBy::Id,
            crate::align::MatchedBy::Title => MatchedBy::Title,
            crate::align::MatchedBy::Similarity => MatchedBy::Similarity,
            crate::align::MatchedBy::Content => MatchedBy::Content,
            crate::align::MatchedBy::Nist => MatchedBy::Nist,
        }),
        similarity: round3(c.similarity),
        approximate: c.approximate,
        merged_into: ids(c.merged_into()),
        withdrawn: c.withdrawal.is_some(),
        withdrawal: c.withdrawal.as_ref().map(|w| Withdrawal {
            relation: match w.kind {
                WithdrawalKind::Incorporated => WithdrawalRelation::IncorporatedInto,
                WithdrawalKind::Moved => WithdrawalRelation::MovedTo,
            },
            targets: w.targets.clone(),
        }),
        split_from: ids(c.split_from()),
        merged_from: c.merged_from.clone(),
        split_into: c.split_into.clone(),
        shares: c
            .shares
            .iter()
            .map(|l| Share {
                id: l.id.clone(),
                share: round3(l.share),
            })
            .collect(),
        segments: c
            .segments
            .iter()
            .map(|s| Segment {
                op: match s.op {
                    Op::Equal => SegmentOp::Equal,
                    Op::Delete => SegmentOp::Delete,
                    Op::Insert => SegmentOp::Insert,
                },
                text: &s.text,
            })
            .collect(),
        topics: c
            .topics
            .iter()
            .map(|t| TopicRef {
                topic: t.topic.clone(),
                term: t.term.clone(),
                strength: strength(t.strength),
                status: status(t.status),
                side: match t.side {
                    report::Side::Old => Side::Old,
                    report::Side::New => Side::New,
                },
                matched: t.matched.clone(),
                excerpt: t.excerpt.clone(),
                new_excerpt: t.new_excerpt.clone(),
                replaced_by: t.replaced_by.clone(),
                page: t.page.as_ref().map(|p| p.index),
                page_label: t.page.as_ref().and_then(|p| p.label.clone()),
                previous_page: t.previous_page.as_ref().map(|p| p.index),
                previous_page_label: t.previous_page.as_ref().and_then(|p| p.label.clone()),
                was: t.was.as_ref().map(|w| Was {
                    term: w.term.clone(),
                    strength: strength(w.strength),
                    matched: w.matched.clone(),
                    excerpt: w.excerpt.clone(),
                }),
            })
            .collect(),
    }
}

impl ScanOutput {
    pub fn new(scan: &Scan) -> ScanOutput {
        let topics = scan.topics.iter().map(|t| {
            let counts = ScanTopic {
                name: t.name.clone(),
                total: t.total,
                direct: t.direct,
            };
            (t.key.clone(), counts)
        });
        ScanOutput {
            schema_version: SCHEMA_VERSION,
            tool: tool(
                &scan.tool_version,
                &scan.lexicon_version,
                &scan.lexicon_profile,
            ),
            document: document(&scan.doc),
            topics: topics.collect(),
            references: scan
                .hits
                .iter()
                .map(|h| ScanReference {
                    topic: h.topic.clone(),
                    term: h.term.clone(),
                    strength: strength(h.strength),
                    id: h.id.clone(),
                    path: h.path.clone(),
                    page: h.page.as_ref().map(|p| p.index),
                    page_label: h.page.as_ref().and_then(|p| p.label.clone()),
                    matched: h.matched.clone(),
                    excerpt: h.excerpt.clone(),
                })
                .collect(),
        }
    }
}

/// Writes `value` as pretty JSON with a final newline.
pub fn write(value: &impl Serialize, out: &mut dyn io::Write) -> io::Result<()> {
    // Rendered in memory first: serde_json writes a few bytes at a time, each through the
    // `dyn Write` call, which made writing a large report several times slower.
    let mut text = serde_json::to_vec_pretty(value)?;
    text.push(b'\n');
    out.write_all(&text)
}

/// Writes the JSON of a diff `report` ([`DiffOutput`]), as [`write`] would, with its changes
/// rendered on all cores: they are most of a large report. Each change is rendered on its
/// own, laid out as it is at its place in the array, two levels in.
pub fn write_diff(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    const CHANGES_END: &[u8] = b"\"changes\": []\n}";
    let text = serde_json::to_vec_pretty(&DiffOutput::new_without_changes(report))?;
    debug_assert!(
        text.ends_with(CHANGES_END),
        "the changes are the last field"
    );
    if report.changes.is_empty() || !text.ends_with(CHANGES_END) {
        return write(&DiffOutput::new(report), out);
    }
    let changes: Vec<Vec<u8>> = (report.changes.par_iter())
        .map(|c| {
            // The first line's indent; the formatter writes the others.
            let mut one = b"    ".to_vec();
            let formatter = Pretty {
                depth: 2,
                has_value: false,
            };
            let mut serializer = serde_json::Serializer::with_formatter(&mut one, formatter);
            change(c)
                .serialize(&mut serializer)
                .expect("a change serializes");
            one
        })
        .collect();
    // Written piece by piece: joined first, the copy of every byte cost milliseconds.
    out.write_all(&text[..text.len() - b"[]\n}".len()])?;
    out.write_all(b"[\n")?;
    for (i, change) in changes.iter().enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        out.write_all(change)?;
    }
    out.write_all(b"\n  ]\n}\n")
}

/// serde_json's pretty layout (`to_vec_pretty`: two spaces a level), begun `depth` levels in,
/// which its `PrettyFormatter` cannot be: a change rendered on its own is laid out as at its
/// place in the report, with no second pass over its lines to indent them (which cost as
/// much as rendering it). A unit test holds the two layouts to each other.
struct Pretty {
    depth: usize,
    /// The array or object last begun holds a value.
    has_value: bool,
}

impl Pretty {
    fn begin(&mut self, out: &mut (impl io::Write + ?Sized), bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn end(&mut self, out: &mut (impl io::Write + ?Sized), bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(out)?;
        }
        out.write_all(bracket)
    }

    fn new_line(&self, out: &mut (impl io::Write + ?Sized)) -> io::Result<()> {
        out.write_all(b"\n")?;
        (0..self.depth).try_for_each(|_| out.write_all(b"  "))
    }

    fn item(&self, out: &mut (impl io::Write + ?Sized), first: bool) -> io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        self.new_line(out)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: io::Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.begin(out, b"[")
    }

    fn end_array<W: io::Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.end(out, b"]")
    }

    fn begin_array_value<W: io::Write + ?Sized>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(out, first)
    }

    fn end_array_value<W: io::Write + ?Sized>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: io::Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.begin(out, b"{")
    }

    fn end_object<W: io::Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.end(out, b"}")
    }

    fn begin_object_key<W: io::Write + ?Sized>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(out, first)
    }

    fn begin_object_value<W: io::Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: io::Write + ?Sized>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The JSON Schema of the diff output, pretty-printed.
pub fn diff_schema() -> String {
    schema_text(schemars::schema_for!(DiffOutput<'static>))
}

/// The JSON Schema of the history output, pretty-printed.
pub fn history_schema() -> String {
    schema_text(schemars::schema_for!(HistoryOutput))
}

/// The JSON Schema of the scan output, pretty-printed.
pub fn scan_schema() -> String {
    schema_text(schemars::schema_for!(ScanOutput))
}

fn schema_text(schema: schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

impl HistoryOutput {
    pub fn new(history: &History) -> HistoryOutput {
        let topics = history.topics.iter().map(|t| {
            let timeline = TopicTimeline {
                name: t.name.clone(),
                all: t.all.clone(),
                direct: t.direct.clone(),
            };
            (t.key.clone(), timeline)
        });
        let references = history.references.iter().map(|l| Lineage {
            topic: l.topic.clone(),
            term: l.term.clone(),
            strength: strength(l.strength),
            matched: l.matched.clone(),
            path: l.path.clone(),
            first: l.first,
            wording: l
                .wording
                .iter()
                .map(|w| Wording {
                    version: w.version,
                    excerpt: w.excerpt.clone(),
                    page: w.page.as_ref().map(|p| p.index),
                    page_label: w.page.as_ref().and_then(|p| p.label.clone()),
                })
                .collect(),
            gone_in: l.gone.map(|(v, _)| v),
            gone_as: l.gone.map(|(_, s)| status(s)),
            returns: l
                .returns
                .iter()
                .map(|r| Return {
                    gone_in: r.gone,
                    gone_as: status(r.gone_as),
                    back_in: r.back,
                })
                .collect(),
        });
        HistoryOutput {
            schema_version: SCHEMA_VERSION,
            tool: tool(
                &history.tool_version,
                &history.lexicon_version,
                &history.lexicon_profile,
            ),
            versions: history.versions.iter().map(document).collect(),
            topics: topics.collect(),
            references: references.collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::text;
    use crate::report::Options;
    use crate::topics::Lexicon;

    fn bytes(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        out
    }

    #[test]
    fn the_diff_rendered_in_parallel_is_the_diff_rendered_whole() {
        let old =
            "# GOVERN\n\nGOVERN 1.1: Teams are diverse.\n\nGOVERN 1.2: Weigh climate change.\n";
        let new =
            "# GOVERN\n\nGOVERN 1.1: Teams are skilled.\n\nGOVERN 1.3: New \"quoted\"\nline.\n";
        // (old, new, how many changes): the second has none, an empty array.
        let cases = [
            (old, new, 3),
            ("GOVERN 1.1: Plain.\n", "GOVERN 1.1: Plain.\n", 0),
        ];
        for (old, new, changes) in cases {
            let old = text::parse(old, Path::new("old.md")).unwrap();
            let new = text::parse(new, Path::new("new.md")).unwrap();
            let report = Report::diff(&old, &new, &Lexicon::builtin(), &Options::default());
            assert_eq!(report.changes.len(), changes);
            let whole = bytes(|out| write(&DiffOutput::new(&report), out));
            let parallel = bytes(|out| write_diff(&report, out));
            assert_eq!(
                String::from_utf8(parallel).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }
}
