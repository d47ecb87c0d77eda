//! History across many versions (`rmfdiff history V1 V2 … Vn`): each consecutive pair is
//! diffed into a [`Report`], and each topic reference is followed from version to version
//! through its retained links, from the version it first appears in to the one it
//! disappears in, noting each version in which the wording around it changed. A reference
//! that disappears and is later added again in the same place (same topic and term, in the
//! entry it was in or the one it was merged or withdrawn into) is the same lineage, back.

use std::collections::HashMap;

use crate::align;
use crate::model::{Document, Metadata, Page};
use crate::report::{Change, Options, Report, Side, Status, TOOL_VERSION, TopicRef, excerpt};
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
    /// Its wording: in `first`, then in each version in which the text around it changed
    /// or it came back.
    pub wording: Vec<Wording>,
    /// The version it is gone from, and how it went (removed or reworded); `None` when it is
    /// in the last version.
    pub gone: Option<(usize, Status)>,
    /// Each time it went and came back, oldest first.
    pub returns: Vec<Return>,
    /// Ids (as [`align::id_key`]) of the entries it was last in or went to: where it may
    /// come back.
    place: Vec<String>,
}

/// A reference's wording in one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub version: usize,
    pub excerpt: String,
    /// The printed page of the excerpt, where known.
    pub page: Option<Page>,
}

/// A reference that went in one version and is back in a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Return {
    /// The first version it is missing from, and how it went (removed or reworded).
    pub gone: usize,
    pub gone_as: Status,
    /// The version it is back in.
    pub back: usize,
}

/// One line of a reference's life, as the reports tell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    /// The version (an index into [`History::versions`]).
    pub version: usize,
    /// "first", "wording changed", "gone (removed)", "back", "still present".
    pub kind: String,
    /// "first in v1", "wording changed in v3", "gone (removed) in v4", "back in v5",
    /// "still present in v5".
    pub what: String,
    /// The wording then: for the first version, each change and each return.
    pub wording: Option<&'a str>,
    /// The printed page of that wording, where known.
    pub page: Option<&'a Page>,
    /// The reference is gone: reports make this line stand out.
    pub gone: bool,
}

impl Lineage {
    /// Its life in a history of `versions` versions, oldest first: "first in v1", "gone
    /// (reworded) in v2", "back in v3", …, "still present in v4".
    pub fn events(&self, versions: usize) -> Vec<Event<'_>> {
        let mut events: Vec<Event<'_>> = Vec::new();
        for (i, wording) in self.wording.iter().enumerate() {
            let kind = if i == 0 {
                "first"
            } else if self.returns.iter().any(|r| r.back == wording.version) {
                "back"
            } else {
                "wording changed"
            };
            events.push(Event {
                version: wording.version,
                kind: kind.to_string(),
                what: format!("{kind} in v{}", wording.version + 1),
                wording: Some(&wording.excerpt),
                page: wording.page.as_ref(),
                gone: false,
            });
        }
        for r in &self.returns {
            events.push(gone_event(r.gone, r.gone_as));
        }
        // A version has a wording or an absence, never both: the order is the versions'.
        events.sort_by_key(|e| e.version);
        events.push(match self.gone {
            Some((version, status)) => gone_event(version, status),
            None => Event {
                version: versions.saturating_sub(1),
                kind: "still present".to_string(),
                what: format!("still present in v{versions}"),
                wording: None,
                page: None,
                gone: false,
            },
        });
        events
    }

    /// The version it came back in, for each time it did.
    pub fn returned_in(&self) -> Vec<usize> {
        self.returns.iter().map(|r| r.back).collect()
    }
}

fn gone_event<'a>(version: usize, status: Status) -> Event<'a> {
    let kind = format!("gone ({})", status.as_str());
    Event {
        version,
        what: format!("{kind} in v{}", version + 1),
        kind,
        wording: None,
        page: None,
        gone: true,
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
                                let wording = Wording {
                                    version: k,
                                    excerpt: excerpt(&texts[k][entry], at.clone()),
                                    page: r.pages().0.cloned(),
                                };
                                history.start(r, &texts[k][entry][at], wording)
                            }))
                        }
                        _ => None,
                    };
                    let l = continued.unwrap_or_else(|| {
                        let wording = Wording {
                            version: k + 1,
                            excerpt: r.excerpt.clone(),
                            page: r.page.clone(),
                        };
                        match history.returning(r, change, k + 1) {
                            Some(l) => history.come_back(l, k + 1, wording),
                            None => history.start(r, &r.matched, wording),
                        }
                    });
                    let lineage = &mut history.references[l];
                    lineage.path.clone_from(&change.path);
                    lineage.place = places(change);
                    if matches!(r.status, Status::Removed | Status::Reworded) {
                        lineage.gone = Some((k + 1, r.status));
                        continue;
                    }
                    if lineage
                        .wording
                        .last()
                        .is_some_and(|w| w.excerpt != r.excerpt)
                    {
                        lineage.wording.push(Wording {
                            version: k + 1,
                            excerpt: r.excerpt.clone(),
                            page: r.pages().1.cloned(),
                        });
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

    fn start(&mut self, r: &TopicRef, matched: &str, wording: Wording) -> usize {
        self.references.push(Lineage {
            topic: r.topic.clone(),
            term: r.term.clone(),
            strength: r.strength,
            matched: matched.to_string(),
            path: Vec::new(),
            first: wording.version,
            wording: vec![wording],
            gone: None,
            returns: Vec::new(),
            place: Vec::new(),
        });
        self.references.len() - 1
    }

    /// The lineage that reference `r`, new in `version` in `change`'s entry, continues: one of
    /// the same topic and term that went from that place in an earlier version (one that
    /// matched the same words first).
    fn returning(&self, r: &TopicRef, change: &Change, version: usize) -> Option<usize> {
        let here = places(change);
        let candidates: Vec<usize> = (0..self.references.len())
            .filter(|&l| {
                let lineage = &self.references[l];
                lineage.gone.is_some_and(|(gone, _)| gone < version)
                    && lineage.topic == r.topic
                    && lineage.term.eq_ignore_ascii_case(&r.term)
                    && lineage.place.iter().any(|p| here.contains(p))
            })
            .collect();
        let same_words = candidates
            .iter()
            .find(|&&l| self.references[l].matched.eq_ignore_ascii_case(&r.matched));
        same_words.or(candidates.first()).copied()
    }

    fn come_back(&mut self, l: usize, version: usize, wording: Wording) -> usize {
        let lineage = &mut self.references[l];
        if let Some((gone, gone_as)) = lineage.gone.take() {
            lineage.returns.push(Return {
                gone,
                gone_as,
                back: version,
            });
        }
        lineage.wording.push(wording);
        l
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

/// The ids of the entries a change's references are in or went to: its old and new entry,
/// and the entries it was merged or withdrawn into.
fn places(change: &Change) -> Vec<String> {
    let ids = change.old_id.iter().chain(&change.new_id);
    let joined = change.merged_into().iter().map(|link| &link.id);
    ids.chain(joined).map(|id| align::id_key(id)).collect()
}
