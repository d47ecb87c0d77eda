//! History across many versions (`rmfdiff history V1 V2 … Vn`): each consecutive pair is
//! diffed into a [`Report`], and each topic reference is followed from version to version
//! through its retained links, from the version it first appears in to the one it
//! disappears in, noting each version in which the wording around it changed.

use std::collections::HashMap;

use crate::align;
use crate::model::{Document, Metadata};
use crate::report::{Options, Report, Side, Status, TOOL_VERSION, TopicRef, excerpt};
use crate::topics::{Lexicon, Strength};

/// The life of the references in a series of versions.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub tool_version: String,
    pub lexicon_version: String,
    pub lexicon_profile: String,
    pub versions: Vec<Metadata>,
    /// Per topic, its references in each version.
    pub topics: Vec<TopicTimeline>,
    /// Every reference, in the order it first appears.
    pub references: Vec<Lineage>,
}

/// How many references one topic has in each version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicTimeline {
    pub key: String,
    pub name: String,
    /// Occurrences of all its terms, one count per version.
    pub all: Vec<usize>,
    /// Occurrences of its direct terms, one count per version.
    pub direct: Vec<usize>,
}

/// One reference followed across versions (versions are indices into [`History::versions`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lineage {
    pub topic: String,
    pub term: String,
    pub strength: Strength,
    /// The words as first written.
    pub matched: String,
    /// Where it is in the last version it appears in.
    pub path: Vec<String>,
    /// The version it first appears in.
    pub first: usize,
    /// Its wording: in `first`, then in each version in which the text around it changed.
    pub wording: Vec<(usize, String)>,
    /// The version it is gone from, and how it went (removed or reworded).
    pub gone: Option<(usize, Status)>,
}

/// One line of a reference's life, as the reports tell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    /// "first in v1", "wording changed in v3", "gone (removed) in v4", "still present in v5".
    pub what: String,
    /// The wording then: for the first version and each change.
    pub wording: Option<&'a str>,
    /// The reference is gone: reports make this line stand out.
    pub gone: bool,
}

impl Lineage {
    /// Its life in a history of `versions` versions, oldest first.
    pub fn events(&self, versions: usize) -> Vec<Event<'_>> {
        let mut events: Vec<Event<'_>> = self
            .wording
            .iter()
            .enumerate()
            .map(|(i, (version, wording))| Event {
                what: match i {
                    0 => format!("first in v{}", version + 1),
                    _ => format!("wording changed in v{}", version + 1),
                },
                wording: Some(wording),
                gone: false,
            })
            .collect();
        events.push(match self.gone {
            Some((version, status)) => Event {
                what: format!("gone ({}) in v{}", status.as_str(), version + 1),
                wording: None,
                gone: true,
            },
            None => Event {
                what: format!("still present in v{versions}"),
                wording: None,
                gone: false,
            },
        });
        events
    }
}

impl History {
    /// Follows the references of `docs`, oldest first. Needs at least two versions.
    pub fn new(docs: &[Document], lexicon: &Lexicon, options: &Options) -> History {
        // One report at a time: each is dropped once its references are followed.
        let reports = docs
            .windows(2)
            .map(|pair| Report::diff(&pair[0], &pair[1], lexicon, options));
        History::follow(docs, reports, lexicon)
    }

    /// As [`History::new`], from the reports of each consecutive pair already made (by
    /// `rmfdiff site`, which also publishes them) with the same lexicon and options.
    pub fn from_reports(docs: &[Document], reports: &[Report], lexicon: &Lexicon) -> History {
        History::follow(docs, reports.iter(), lexicon)
    }

    fn follow<R: std::borrow::Borrow<Report>>(
        docs: &[Document],
        reports: impl Iterator<Item = R>,
        lexicon: &Lexicon,
    ) -> History {
        let texts: Vec<Vec<String>> = docs
            .iter()
            .map(|d| align::entries(d).into_iter().map(|e| e.text).collect())
            .collect();
        let mut history = History {
            tool_version: TOOL_VERSION.to_string(),
            lexicon_version: lexicon.version.clone(),
            lexicon_profile: lexicon.profile.clone(),
            versions: docs.iter().map(|d| d.meta.clone()).collect(),
            topics: Vec::new(),
            references: Vec::new(),
        };
        // The lineage of each reference of the current version, by (entry, byte offset).
        let mut live: HashMap<(usize, usize), usize> = HashMap::new();
        for (k, report) in reports.enumerate() {
            let report = report.borrow();
            history.count(k, report, docs.len());
            let mut next = HashMap::new();
            for change in &report.changes {
                for r in &change.topics {
                    let [old_entry, new_entry] = r.entries;
                    let old_at = match r.side {
                        Side::Old => Some(r.range.clone()),
                        Side::New => r.previous.clone(),
                    };
                    let continued = match (old_entry, old_at) {
                        (Some(entry), Some(at)) => {
                            Some(live.get(&(entry, at.start)).copied().unwrap_or_else(|| {
                                // In the first version (or if a link is missing): a new one.
                                let wording = excerpt(&texts[k][entry], at.clone());
                                history.start(r, &texts[k][entry][at], k, wording)
                            }))
                        }
                        _ => None,
                    };
                    let l = continued
                        .unwrap_or_else(|| history.start(r, &r.matched, k + 1, r.excerpt.clone()));
                    let lineage = &mut history.references[l];
                    lineage.path.clone_from(&change.path);
                    if matches!(r.status, Status::Removed | Status::Reworded) {
                        lineage.gone = Some((k + 1, r.status));
                        continue;
                    }
                    if lineage.wording.last().is_some_and(|(_, w)| *w != r.excerpt) {
                        lineage.wording.push((k + 1, r.excerpt.clone()));
                    }
                    if let Some(entry) = new_entry {
                        next.insert((entry, r.range.start), l);
                    }
                }
            }
            live = next;
        }
        history
    }

    fn start(&mut self, r: &TopicRef, matched: &str, version: usize, wording: String) -> usize {
        self.references.push(Lineage {
            topic: r.topic.clone(),
            term: r.term.clone(),
            strength: r.strength,
            matched: matched.to_string(),
            path: Vec::new(),
            first: version,
            wording: vec![(version, wording)],
            gone: None,
        });
        self.references.len() - 1
    }

    /// Takes the counts of version `k` (and of the last version) from the report of `k → k+1`.
    fn count(&mut self, k: usize, report: &Report, versions: usize) {
        for summary in &report.topics {
            let at = match self.topics.iter().position(|t| t.key == summary.key) {
                Some(at) => at,
                None => {
                    self.topics.push(TopicTimeline {
                        key: summary.key.clone(),
                        name: summary.name.clone(),
                        all: vec![0; versions],
                        direct: vec![0; versions],
                    });
                    self.topics.len() - 1
                }
            };
            let timeline = &mut self.topics[at];
            timeline.all[k] = summary.all.in_old();
            timeline.all[k + 1] = summary.all.in_new();
            timeline.direct[k] = summary.direct.in_old();
            timeline.direct[k + 1] = summary.direct.in_new();
        }
    }
}
