//! Alignment: the stage after [`crate::load`]. It pairs the entries of the old document
//! with those of the new one, in three passes, each only over what earlier passes left:
//!
//! 1. same id (`GOVERN 1.1` ↔ `GOVERN 1.1`; case and zero-padding aside: `ID.AM-1` ↔
//!    `ID.AM-01`);
//! 2. same title and kind (the most similar text wins among several);
//! 3. text similarity at or above a threshold ([`DEFAULT_THRESHOLD`], `--similarity`).
//!
//! Similarity is the Dice coefficient of the two entries' bags of words (title and text):
//! `2 × shared words / (words in old + words in new)`, from 0 (nothing shared) to 1.
//! Candidates come from an inverted index of words, skipping words common to many entries,
//! and only the best [`CANDIDATES`] per entry are scored, so the pass stays near-linear.
//!
//! A pair is *moved* when its parent entries are not paired with each other, or when its
//! id changed (renumbered).

pub mod entries;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

pub use entries::{Entry, entries};

/// Default minimum similarity for the third pass.
pub const DEFAULT_THRESHOLD: f64 = 0.6;
/// How many candidates per entry the similarity pass scores.
pub const CANDIDATES: usize = 8;
/// Words shared by more entries than this are not used to find candidates.
const COMMON_WORD: usize = 64;

/// How a pair was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchedBy {
    Id,
    Title,
    Similarity,
}

impl MatchedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Id => "id",
            MatchedBy::Title => "title",
            MatchedBy::Similarity => "similarity",
        }
    }
}

/// An id as compared: case and zero-padding of numbers do not count, so CSF 1.1's
/// `ID.AM-1` is CSF 2.0's `ID.AM-01`.
///
/// ```
/// use rmfdiff::align::id_key;
/// assert_eq!(id_key("ID.AM-01"), id_key("id.am-1"));
/// assert_ne!(id_key("GOVERN 1.10"), id_key("GOVERN 1.1"));
/// ```
pub fn id_key(id: &str) -> String {
    let mut key = String::with_capacity(id.len());
    let mut in_number = false;
    for (i, c) in id.char_indices() {
        let leading_zero =
            c == '0' && !in_number && id[i + 1..].starts_with(|d: char| d.is_ascii_digit());
        in_number = c.is_ascii_digit() && !leading_zero;
        if !leading_zero {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// One row of the alignment: an old entry, a new entry, or both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub matched_by: Option<MatchedBy>,
    /// Word similarity of the pair (1.0 when the texts are equal).
    pub similarity: f64,
    pub moved: bool,
}

/// Pairs `old` entries with `new` entries. Rows come in new-document order; an old entry with
/// no partner comes right after the row of its nearest paired predecessor.
pub fn align(old: &[Entry<'_>], new: &[Entry<'_>], threshold: f64) -> Vec<Pair> {
    let (old_words, new_words): (Vec<Bag>, Vec<Bag>) = rayon::join(
        || old.par_iter().map(Bag::of).collect(),
        || new.par_iter().map(Bag::of).collect(),
    );
    let mut matching = Matching::new(old.len(), new.len());

    // 1. Same id.
    let new_ids: HashMap<String, usize> = new
        .iter()
        .enumerate()
        .rev() // so the first of duplicate ids wins
        .filter_map(|(i, e)| Some((id_key(e.node.id.as_deref()?), i)))
        .collect();
    for (o, entry) in old.iter().enumerate() {
        let id = entry.node.id.as_deref().map(id_key);
        if let Some(&n) = id.and_then(|id| new_ids.get(&id)) {
            matching.pair(o, n, MatchedBy::Id);
        }
    }

    // 2. Same title and kind.
    let mut by_title: HashMap<(crate::model::NodeKind, String), Vec<usize>> = HashMap::new();
    for (n, entry) in new.iter().enumerate() {
        if let (None, Some(title)) = (matching.new[n], title_key(entry)) {
            by_title
                .entry((entry.node.kind, title))
                .or_default()
                .push(n);
        }
    }
    for (o, entry) in old.iter().enumerate() {
        let Some(title) = title_key(entry).filter(|_| matching.old[o].is_none()) else {
            continue;
        };
        let Some(candidates) = by_title.get(&(entry.node.kind, title)) else {
            continue;
        };
        let best = candidates
            .iter()
            .filter(|&&n| matching.new[n].is_none())
            .max_by(|&&a, &&b| {
                let (sa, sb) = (
                    old_words[o].dice(&new_words[a]),
                    old_words[o].dice(&new_words[b]),
                );
                sa.total_cmp(&sb).then(b.cmp(&a))
            });
        if let Some(&n) = best {
            matching.pair(o, n, MatchedBy::Title);
        }
    }

    // 3. Similar text, best pairs first.
    let index = WordIndex::new(&new_words, |n| matching.new[n].is_none());
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (o, bag) in old_words.iter().enumerate() {
        if matching.old[o].is_some() {
            continue;
        }
        for n in index.candidates(bag) {
            if old[o].node.kind == new[n].node.kind {
                let score = bag.dice(&new_words[n]);
                if score >= threshold {
                    scored.push((score, o, n));
                }
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, o, n) in scored {
        if matching.old[o].is_none() && matching.new[n].is_none() {
            matching.pair(o, n, MatchedBy::Similarity);
        }
    }

    matching.rows(old, new, &old_words, &new_words)
}

fn title_key(entry: &Entry<'_>) -> Option<String> {
    let title = entry.node.title.as_deref()?;
    let key = title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!key.is_empty()).then_some(key)
}

/// Who is paired with whom so far.
struct Matching {
    old: Vec<Option<(usize, MatchedBy)>>,
    new: Vec<Option<usize>>,
}

impl Matching {
    fn new(old: usize, new: usize) -> Matching {
        Matching {
            old: vec![None; old],
            new: vec![None; new],
        }
    }

    fn pair(&mut self, o: usize, n: usize, by: MatchedBy) {
        if self.old[o].is_none() && self.new[n].is_none() {
            self.old[o] = Some((n, by));
            self.new[n] = Some(o);
        }
    }

    fn rows(&self, old: &[Entry<'_>], new: &[Entry<'_>], ow: &[Bag], nw: &[Bag]) -> Vec<Pair> {
        // Unpaired old entries, keyed by the new row they follow (None: before the first).
        let mut removed_after: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
        let mut anchor = None;
        for (o, slot) in self.old.iter().enumerate() {
            match slot {
                Some((n, _)) => anchor = Some(*n),
                None => removed_after.entry(anchor).or_default().push(o),
            }
        }
        let removed = |o: usize| Pair {
            old: Some(o),
            new: None,
            matched_by: None,
            similarity: 0.0,
            moved: false,
        };
        let mut rows: Vec<Pair> = removed_after
            .remove(&None)
            .unwrap_or_default()
            .into_iter()
            .map(removed)
            .collect();
        for n in 0..new.len() {
            rows.push(match self.new[n] {
                Some(o) => {
                    let by = self.old[o].map(|(_, by)| by);
                    let parent_paired = match (old[o].parent, new[n].parent) {
                        (None, None) => true,
                        (Some(op), Some(np)) => self.old[op].map(|(m, _)| m) == Some(np),
                        _ => false,
                    };
                    Pair {
                        old: Some(o),
                        new: Some(n),
                        matched_by: by,
                        similarity: ow[o].dice(&nw[n]),
                        moved: !parent_paired
                            || old[o].node.id.as_deref().map(id_key)
                                != new[n].node.id.as_deref().map(id_key),
                    }
                }
                None => Pair {
                    old: None,
                    new: Some(n),
                    matched_by: None,
                    similarity: 0.0,
                    moved: false,
                },
            });
            rows.extend(
                removed_after
                    .remove(&Some(n))
                    .unwrap_or_default()
                    .into_iter()
                    .map(removed),
            );
        }
        rows
    }
}

/// Lower-cased words of an entry's title and text, with their counts, sorted.
struct Bag<'a> {
    words: Vec<(Cow<'a, str>, u32)>,
    total: u32,
}

impl<'a> Bag<'a> {
    fn of(entry: &'a Entry<'_>) -> Bag<'a> {
        let title = entry.node.title.as_deref().unwrap_or_default();
        let mut all: Vec<Cow<'a, str>> = words(title).chain(words(&entry.text)).collect();
        let total = u32::try_from(all.len()).unwrap_or(u32::MAX);
        all.sort_unstable();
        let mut words: Vec<(Cow<'a, str>, u32)> = Vec::new();
        for word in all {
            match words.last_mut() {
                Some((last, count)) if *last == word => *count += 1,
                _ => words.push((word, 1)),
            }
        }
        Bag { words, total }
    }

    /// Dice coefficient of the two bags (merge of two sorted lists).
    fn dice(&self, other: &Bag) -> f64 {
        if self.total + other.total == 0 {
            return 1.0;
        }
        let (mut i, mut j, mut shared) = (0, 0, 0u32);
        while i < self.words.len() && j < other.words.len() {
            match self.words[i].0.cmp(&other.words[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.words[i].1.min(other.words[j].1);
                    i += 1;
                    j += 1;
                }
            }
        }
        2.0 * f64::from(shared) / f64::from(self.total + other.total)
    }
}

/// The words of `text`, lower-cased (borrowed when ASCII and already lower-case).
fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase())
            }
        })
}

/// Word → the new entries (still unpaired) that contain it.
struct WordIndex<'a> {
    postings: HashMap<&'a str, Vec<usize>>,
}

impl<'a> WordIndex<'a> {
    fn new(bags: &'a [Bag<'_>], include: impl Fn(usize) -> bool) -> WordIndex<'a> {
        let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
        for (n, bag) in bags.iter().enumerate().filter(|(n, _)| include(*n)) {
            for (word, _) in &bag.words {
                postings.entry(word.as_ref()).or_default().push(n);
            }
        }
        WordIndex { postings }
    }

    /// The entries sharing the most distinct, not-too-common words with `bag`.
    fn candidates(&self, bag: &Bag) -> Vec<usize> {
        let mut shared: HashMap<usize, u32> = HashMap::new();
        for (word, _) in &bag.words {
            match self.postings.get(word.as_ref()) {
                Some(list) if list.len() <= COMMON_WORD => {
                    for &n in list {
                        *shared.entry(n).or_default() += 1;
                    }
                }
                _ => {}
            }
        }
        let mut ranked: Vec<(u32, usize)> = shared.into_iter().map(|(n, c)| (c, n)).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked
            .into_iter()
            .take(CANDIDATES)
            .map(|(_, n)| n)
            .collect()
    }
}
