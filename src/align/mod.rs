//! Alignment: the stage after [`crate::load`]. It pairs the entries of the old document with
//! those of the new one as one decision over all the evidence, then says where the words of
//! the entries left alone went (merges and splits).
//!
//! **Evidence.** Every candidate pair is scored: its word similarity (the Dice coefficient
//! of the two entries' bags of words, title and text: `2 × shared words / (words in old +
//! words in new)`, 0 to 1), plus [`ID_WEIGHT`] when the ids are equal (case and zero-padding
//! aside: `ID.AM-1` ↔ `ID.AM-01`), plus [`TITLE_WEIGHT`] when the titles are, plus
//! [`PARENT_WEIGHT`] when the parents are paired too. A pair with neither id nor title in
//! common must reach the similarity threshold ([`DEFAULT_THRESHOLD`], `--similarity`).
//!
//! **One assignment.** The pairs are taken best score first, each entry at most once (a
//! greedy maximum-weight matching), twice: the first round decides the parents, the second
//! adds the parent evidence. So an equal id is strong evidence, not proof: when NIST deletes
//! MEASURE 2.12 and renumbers 2.13 → 2.12, old 2.13 and new 2.12 (the same text) outscore old
//! and new 2.12 (different texts with one id), old 2.13 is *renumbered* and old 2.12
//! *removed*. Ties go to the pair nearer in document order, then to the lower indices, so
//! the decision is the same seen from either version.
//!
//! Candidates are the pairs with an equal id or title, and for each entry the best
//! [`CANDIDATES`] of the other version by shared rare words (an inverted index), so no step
//! compares all pairs. An entry whose id names one entry in each version, with texts that
//! agree (similarity at least the threshold), is not looked up: its id pair is accepted
//! unless another entry, looking for its own partner, makes a better pair with one of them.
//!
//! A pair is *moved* when its parent entries are not paired with each other, or when it was
//! *renumbered*: its id changed (an id that only names a resource, a UUID, does not count).
//! Entries left unpaired get their [`Share`]s (see [`joins`]).
//!
//! **NIST's word first.** When the new version keeps an old entry's id as a withdrawal
//! placeholder (`ID.AM-06: [Withdrawn: Incorporated into GV.RR-02, GV.SC-02]`, or OSCAL's
//! `status = withdrawn` with `incorporated-into` / `moved-to` links), the two are paired
//! before anything else ([`MatchedBy::Nist`]) and the old entry is *withdrawn* into the
//! entries NIST names, with the share of its words found in each.

mod bag;
pub mod entries;
mod joins;

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use rayon::prelude::*;

pub use bag::EntryWords;
use bag::{Bag, Bags, Spread, WordIndex};
pub use entries::{Entry, entries};
pub use joins::Share;

use crate::model::Withdrawal;
use crate::model::withdrawal::without_item;

/// Default minimum similarity of a pair with neither id nor title in common.
pub const DEFAULT_THRESHOLD: f64 = 0.6;
/// How many candidates per entry are scored from the word index.
pub const CANDIDATES: usize = 8;
/// What an equal id adds to a pair's score.
pub const ID_WEIGHT: f64 = 0.4;
/// What an equal title (other than the id) adds to a pair's score.
pub const TITLE_WEIGHT: f64 = 0.2;
/// What paired parents add to a pair's score.
pub const PARENT_WEIGHT: f64 = 0.1;

/// The strongest evidence a pair has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchedBy {
    Id,
    Title,
    Similarity,
    /// Most of one entry's words are in the other (a short citation and its longer form).
    Content,
    /// The new version keeps the old entry's id as NIST's withdrawal placeholder, which says
    /// where its text went.
    Nist,
}

impl MatchedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Id => "id",
            MatchedBy::Title => "title",
            MatchedBy::Similarity => "similarity",
            MatchedBy::Content => "content",
            MatchedBy::Nist => "nist",
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
        if leading_zero {
            continue;
        }
        // Ids are nearly always ASCII: no look-up in Unicode's case tables.
        if c.is_ascii() {
            key.push(c.to_ascii_lowercase());
        } else {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// One row of the alignment: an old entry, a new entry, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub matched_by: Option<MatchedBy>,
    /// Word similarity of the pair (1.0 when the texts are equal).
    pub similarity: f64,
    pub moved: bool,
    /// The id changed (case and zero-padding aside).
    pub renumbered: bool,
    /// For an entry in one version only: the entries of the other version that hold its
    /// words, with the share found in each, most first.
    pub shares: Vec<Share>,
    /// The shares are enough to say an old entry was merged into them, or a new entry split
    /// from them; otherwise they are only candidates. For a withdrawn entry
    /// ([`MatchedBy::Nist`]) the shares are in the entries NIST names, in the new version,
    /// and they are joined when there is at least one.
    pub joined: bool,
}

impl Pair {
    /// The row of an entry in one version only, with where its words are in the other.
    fn alone(old: Option<usize>, new: Option<usize>, (shares, joined): (Vec<Share>, bool)) -> Pair {
        Pair {
            old,
            new,
            matched_by: None,
            similarity: 0.0,
            moved: false,
            renumbered: false,
            shares,
            joined,
        }
    }
}

/// Pairs `old` entries with `new` entries. Rows come in new-document order; an old entry with
/// no partner comes right after the row of its nearest paired predecessor.
pub fn align(old: &[Entry<'_>], new: &[Entry<'_>], threshold: f64) -> Vec<Pair> {
    let (old_words, new_words) = rayon::join(|| EntryWords::of(old), || EntryWords::of(new));
    align_words((old, &old_words), (new, &new_words), threshold)
}

/// [`align`] of two versions whose [`EntryWords`] were found already: a caller that reads
/// the versions as they load finds the first one's while the other still loads.
pub fn align_words(
    (old, old_words): (&[Entry<'_>], &EntryWords),
    (new, new_words): (&[Entry<'_>], &EntryWords),
    threshold: f64,
) -> Vec<Pair> {
    let Bags {
        old: old_bags,
        new: new_bags,
        words,
    } = Bags::of(old_words, new_words);
    let (old_index, new_index) = rayon::join(
        || WordIndex::new(&old_bags, words),
        || WordIndex::new(&new_bags, words),
    );
    let sides = Sides {
        old: Side::new(old, &old_bags, &old_index),
        new: Side::new(new, &new_bags, &new_index),
    };
    let withdrawn = withdrawals(old, new);
    let mut candidates = candidates(&sides, words, threshold);
    if !withdrawn.is_empty() {
        let (mut old_fixed, mut new_fixed) = (vec![false; old.len()], vec![false; new.len()]);
        for w in &withdrawn {
            (old_fixed[w.old], new_fixed[w.new]) = (true, true);
        }
        candidates.retain(|c| !old_fixed[c.old] && !new_fixed[c.new]);
    }
    let first = choose(&candidates, &sides, &withdrawn, |_| 0.0);
    let matching = choose(&candidates, &sides, &withdrawn, |c| {
        if first.parents_paired(&sides, c.old, c.new) {
            PARENT_WEIGHT
        } else {
            0.0
        }
    });
    let (mut old_shares, mut new_shares) = rayon::join(
        || {
            let unpaired = |o: usize| matching.old[o].is_none();
            joins::shares(&sides.old, &sides.new, unpaired)
        },
        || {
            let unpaired = |n: usize| matching.new[n].is_none();
            joins::shares(&sides.new, &sides.old, unpaired)
        },
    );
    for w in &withdrawn {
        let shares = joins::shares_in(&sides.old, &sides.new, w.old, &w.targets);
        old_shares[w.old] = (shares, !w.targets.is_empty());
        // NIST already says where its words went: its destinations are not also split from it.
        for &t in &w.targets {
            let (shares, joined) = &mut new_shares[t];
            let before = shares.len();
            shares.retain(|s| s.entry != w.old);
            *joined &= shares.len() == before;
        }
    }
    let mut matching = matching;
    // Only back-matter resources: a citation and its longer form are one reference, where a
    // short entry inside a longer one elsewhere is a merge.
    let old_unpaired = |o: usize| matching.old[o].is_none() && is_resource(&old[o]);
    let new_unpaired = |n: usize| matching.new[n].is_none() && is_resource(&new[n]);
    for (o, n) in joins::one_to_one(&old_shares, &new_shares, old_unpaired, new_unpaired) {
        matching.old[o] = Some(Partner {
            new: n,
            by: MatchedBy::Content,
            similarity: sides.old.bags[o].dice(&sides.new.bags[n]),
        });
        matching.new[n] = Some(o);
        old_shares[o] = (Vec::new(), false);
        new_shares[n] = (Vec::new(), false);
    }
    matching.rows(&sides, old_shares, new_shares)
}

/// An old entry the new version keeps as NIST's withdrawal placeholder.
struct Withdrawn {
    old: usize,
    /// The placeholder.
    new: usize,
    /// The new entries the placeholder names, found by id or label.
    targets: Vec<usize>,
}

/// The old entries whose id (case and zero-padding aside) the new version keeps as a
/// withdrawn placeholder, with the entries it names. An old entry that was already a
/// placeholder is not withdrawn again.
fn withdrawals(old: &[Entry<'_>], new: &[Entry<'_>]) -> Vec<Withdrawn> {
    let said: Vec<(usize, Withdrawal)> = new
        .iter()
        .enumerate()
        .filter_map(|(n, e)| Some((n, e.node.withdrawal()?)))
        .collect();
    if said.is_empty() {
        return Vec::new();
    }
    let mut new_by_name: HashMap<String, usize> = HashMap::new();
    for (n, entry) in new.iter().enumerate() {
        let names = [entry.node.id.as_deref(), entry.node.prop("label")];
        for name in names.into_iter().flatten() {
            new_by_name.entry(id_key(name)).or_insert(n);
        }
    }
    let old_by_id: HashMap<String, usize> = old
        .iter()
        .enumerate()
        .filter(|(_, e)| e.node.withdrawal().is_none())
        .filter_map(|(o, e)| Some((id_key(e.node.id.as_deref()?), o)))
        .collect();
    said.into_iter()
        .filter_map(|(n, said)| {
            let old = *old_by_id.get(&id_key(new[n].node.id.as_deref()?))?;
            let mut targets: Vec<usize> = Vec::new();
            for target in &said.targets {
                // A statement item (`AC-2k`) is in its control's text.
                let found = [target.as_str(), without_item(target)]
                    .into_iter()
                    .find_map(|name| new_by_name.get(&id_key(name)).copied());
                if let Some(t) = found.filter(|&t| t != n && !targets.contains(&t)) {
                    targets.push(t);
                }
            }
            Some(Withdrawn {
                old,
                new: n,
                targets,
            })
        })
        .collect()
}

/// One version's entries, their bags of words and its word index.
struct Side<'s, 'a> {
    entries: &'s [Entry<'a>],
    bags: &'s [Bag],
    index: &'s WordIndex,
    /// Each entry's likely partners in the other version, looked up once: the pairing and
    /// the search for where an unpaired entry's words went both ask.
    likely: Vec<OnceLock<Vec<usize>>>,
}

impl<'s, 'a> Side<'s, 'a> {
    fn new(entries: &'s [Entry<'a>], bags: &'s [Bag], index: &'s WordIndex) -> Side<'s, 'a> {
        let likely = entries.iter().map(|_| OnceLock::new()).collect();
        Side {
            entries,
            bags,
            index,
            likely,
        }
    }

    /// The [`CANDIDATES`] entries of `other` sharing the most rare words with entry `i`.
    fn likely_partners(&self, i: usize, other: &Side<'_, '_>) -> &[usize] {
        self.likely[i].get_or_init(|| other.index.candidates(&self.bags[i], CANDIDATES))
    }
}

/// Both versions.
struct Sides<'s, 'a> {
    old: Side<'s, 'a>,
    new: Side<'s, 'a>,
}

/// A pair that may be chosen, with its evidence.
struct Candidate {
    old: usize,
    new: usize,
    by: MatchedBy,
    similarity: f64,
    same_title: bool,
}

impl Candidate {
    fn score(&self) -> f64 {
        let id = if self.by == MatchedBy::Id {
            ID_WEIGHT
        } else {
            0.0
        };
        let title = if self.same_title { TITLE_WEIGHT } else { 0.0 };
        self.similarity + id + title
    }
}

/// The candidate pairs, scored; `words` is how many distinct words the two versions have.
fn candidates(sides: &Sides<'_, '_>, words: usize, threshold: f64) -> Vec<Candidate> {
    let (old, new) = (sides.old.entries, sides.new.entries);
    let id = |e: &Entry<'_>| e.node.id.as_deref().map(id_key);
    let title = |e: &Entry<'_>| title_key(e).map(|t| (e.node.kind, t));
    let mut pairs = same_key(old, new, id);
    let same_id: FxHashSet<(usize, usize)> = pairs.iter().copied().collect();
    // An id found once in each version whose texts agree (at least the threshold) is accepted
    // without looking for other partners of its two entries (other entries looking for theirs
    // may still find them): most entries of a revision, so the word index is read for few.
    let (mut old_settled, mut new_settled) = (vec![false; old.len()], vec![false; new.len()]);
    for (o, n) in unique_pairs(&pairs) {
        if sides.old.bags[o].dice(&sides.new.bags[n]) >= threshold {
            (old_settled[o], new_settled[n]) = (true, true);
        }
    }
    let titled = same_key(old, new, title);
    // A title is evidence only when it names one entry in each version: "Cryptographic
    // Protection" heads many SP 800-53 enhancements.
    let unique_title = unique_pairs(&titled);
    pairs.extend(titled);
    // Each entry's best partners by shared rare words, looked up from either version, so
    // the candidates are the same whichever version is old.
    let partners = |this: &Side<'_, '_>, settled: &[bool], other: &Side<'_, '_>| {
        let unsettled = (0..this.entries.len())
            .into_par_iter()
            .filter(|&i| !settled[i]);
        unsettled
            .flat_map_iter(|i| this.likely_partners(i, other).iter().map(move |&j| (i, j)))
            .collect::<Vec<(usize, usize)>>()
    };
    let (from_old, from_new) = rayon::join(
        || partners(&sides.old, &old_settled, &sides.new),
        || partners(&sides.new, &new_settled, &sides.old),
    );
    pairs.extend(from_old);
    pairs.extend(from_new.into_iter().map(|(n, o)| (o, n)));
    pairs.par_sort_unstable();
    pairs.dedup();
    // Pairs come sorted by old entry: each old bag is spread once for all its partners.
    let scored = pairs.par_chunk_by(|a, b| a.0 == b.0).map_init(
        || Spread::new(words),
        |spread, group| {
            spread.set(&sides.old.bags[group[0].0]);
            let group = group.iter().filter_map(|&(o, n)| {
                let same_id = same_id.contains(&(o, n));
                let same_title = unique_title.contains(&(o, n));
                if !same_id && old[o].node.kind != new[n].node.kind {
                    return None;
                }
                // Paired by their words alone, two entries whose lengths keep them under the
                // threshold are not compared (a short one and a long one share rare words).
                let bag = &sides.new.bags[n];
                if !same_id && !same_title && spread.dice_at_most(bag) < threshold {
                    return None;
                }
                let similarity = spread.dice(bag);
                let by = if same_id {
                    MatchedBy::Id
                } else if same_title {
                    MatchedBy::Title
                } else if similarity >= threshold {
                    MatchedBy::Similarity
                } else {
                    return None;
                };
                Some(Candidate {
                    old: o,
                    new: n,
                    by,
                    similarity,
                    same_title,
                })
            });
            group.collect::<Vec<_>>()
        },
    );
    scored.flatten().collect()
}

/// The pairs of entries with an equal `key`: all of them in a small group, in a large one
/// (duplicate titles) each entry with those of the other version nearest in group order.
fn same_key<K: std::hash::Hash + Eq>(
    old: &[Entry<'_>],
    new: &[Entry<'_>],
    key: impl Fn(&Entry<'_>) -> Option<K>,
) -> Vec<(usize, usize)> {
    const SMALL_GROUP: usize = 64;
    const NEAR: usize = 2;
    let mut groups: HashMap<K, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (o, entry) in old.iter().enumerate() {
        if let Some(k) = key(entry) {
            groups.entry(k).or_default().0.push(o);
        }
    }
    for (n, entry) in new.iter().enumerate() {
        if let Some(group) = key(entry).and_then(|k| groups.get_mut(&k)) {
            group.1.push(n);
        }
    }
    let mut pairs = Vec::new();
    for (olds, news) in groups.values() {
        let small = olds.len() * news.len() <= SMALL_GROUP;
        for (i, &o) in olds.iter().enumerate() {
            for (j, &n) in news.iter().enumerate() {
                if small || i.abs_diff(j) <= NEAR {
                    pairs.push((o, n));
                }
            }
        }
    }
    pairs
}

/// True when a paired entry's id changed. Back-matter resources are named by their titles;
/// their ids are UUIDs that say nothing to a reader.
fn renumbered(old: &Entry<'_>, new: &Entry<'_>) -> bool {
    let key = |e: &Entry<'_>| e.node.id.as_deref().map(id_key);
    !is_resource(old) && !is_resource(new) && key(old) != key(new)
}

/// A back-matter resource (a citation).
fn is_resource(entry: &Entry<'_>) -> bool {
    entry.node.class.as_deref() == Some("resource")
}

/// The pairs whose entries appear in no other pair.
fn unique_pairs(pairs: &[(usize, usize)]) -> FxHashSet<(usize, usize)> {
    let mut olds: HashMap<usize, usize> = HashMap::new();
    let mut news: HashMap<usize, usize> = HashMap::new();
    for &(o, n) in pairs {
        *olds.entry(o).or_default() += 1;
        *news.entry(n).or_default() += 1;
    }
    pairs
        .iter()
        .copied()
        .filter(|(o, n)| olds[o] == 1 && news[n] == 1)
        .collect()
}

/// An entry's title as compared, when it is more than its id (AI RMF subcategories are
/// titled by their id, which is evidence of its own).
fn title_key(entry: &Entry<'_>) -> Option<String> {
    let title = entry.node.own_title()?;
    let key = title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!key.is_empty()).then_some(key)
}

/// Pairs the `withdrawn` entries with their placeholders, then takes the candidates best
/// score (plus `bonus`) first, each entry at most once.
fn choose(
    candidates: &[Candidate],
    sides: &Sides<'_, '_>,
    withdrawn: &[Withdrawn],
    bonus: impl Fn(&Candidate) -> f64 + Sync,
) -> Matching {
    let (olds, news) = (
        sides.old.entries.len() as f64,
        sides.new.entries.len() as f64,
    );
    // How far apart the two entries are in their documents, as a fraction of each.
    let distance = |c: &Candidate| {
        let at = |i: usize, len: f64| (i as f64 + 0.5) / len;
        (at(c.old, olds) - at(c.new, news)).abs()
    };
    let mut order: Vec<(f64, f64, usize)> = candidates
        .par_iter()
        .enumerate()
        .map(|(i, c)| (c.score() + bonus(c), distance(c), i))
        .collect();
    // Every key is the same seen from either version, so swapping them mirrors the choice.
    let ends = |i: usize| {
        let c = &candidates[i];
        (c.old.min(c.new), c.old.max(c.new), c.old)
    };
    order.par_sort_unstable_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.total_cmp(&b.1))
            .then_with(|| ends(a.2).cmp(&ends(b.2)))
    });
    let mut matching = Matching {
        old: vec![None; sides.old.entries.len()],
        new: vec![None; sides.new.entries.len()],
    };
    for w in withdrawn {
        matching.old[w.old] = Some(Partner {
            new: w.new,
            by: MatchedBy::Nist,
            // Not compared with its placeholder: its row says where NIST sent its words.
            similarity: 0.0,
        });
        matching.new[w.new] = Some(w.old);
    }
    for (_, _, i) in order {
        let c = &candidates[i];
        if matching.old[c.old].is_none() && matching.new[c.new].is_none() {
            matching.old[c.old] = Some(Partner {
                new: c.new,
                by: c.by,
                similarity: c.similarity,
            });
            matching.new[c.new] = Some(c.old);
        }
    }
    matching
}

/// Who is paired with whom.
struct Matching {
    old: Vec<Option<Partner>>,
    new: Vec<Option<usize>>,
}

/// An old entry's partner in the new version, the strongest evidence for the pair, and the
/// pair's word similarity (worked out when the pair was a candidate).
#[derive(Clone, Copy)]
struct Partner {
    new: usize,
    by: MatchedBy,
    similarity: f64,
}

impl Matching {
    /// True when the parents of old entry `o` and new entry `n` are paired (or both are at
    /// the top).
    fn parents_paired(&self, sides: &Sides<'_, '_>, o: usize, n: usize) -> bool {
        match (sides.old.entries[o].parent, sides.new.entries[n].parent) {
            (None, None) => true,
            (Some(op), Some(np)) => self.old[op].map(|p| p.new) == Some(np),
            _ => false,
        }
    }

    fn rows(
        &self,
        sides: &Sides<'_, '_>,
        mut old_shares: Vec<(Vec<Share>, bool)>,
        mut new_shares: Vec<(Vec<Share>, bool)>,
    ) -> Vec<Pair> {
        let (old, new) = (sides.old.entries, sides.new.entries);
        // Unpaired old entries, keyed by the new row they follow (None: before the first).
        let mut removed_after: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
        let mut anchor = None;
        for (o, slot) in self.old.iter().enumerate() {
            match slot {
                Some(partner) => anchor = Some(partner.new),
                None => removed_after.entry(anchor).or_default().push(o),
            }
        }
        let mut take = |o: usize| std::mem::take(&mut old_shares[o]);
        let mut rows: Vec<Pair> = Vec::new();
        for o in removed_after.remove(&None).unwrap_or_default() {
            rows.push(Pair::alone(Some(o), None, take(o)));
        }
        for n in 0..new.len() {
            let partner = |o: usize| self.old[o].expect("paired both ways");
            rows.push(match self.new[n] {
                Some(o) if partner(o).by == MatchedBy::Nist => Pair {
                    matched_by: Some(MatchedBy::Nist),
                    ..Pair::alone(Some(o), Some(n), take(o))
                },
                Some(o) => {
                    let renumbered = renumbered(&old[o], &new[n]);
                    Pair {
                        old: Some(o),
                        new: Some(n),
                        matched_by: Some(partner(o).by),
                        similarity: partner(o).similarity,
                        moved: renumbered || !self.parents_paired(sides, o, n),
                        renumbered,
                        shares: Vec::new(),
                        joined: false,
                    }
                }
                None => Pair::alone(None, Some(n), std::mem::take(&mut new_shares[n])),
            });
            for o in removed_after.remove(&Some(n)).unwrap_or_default() {
                rows.push(Pair::alone(Some(o), None, take(o)));
            }
        }
        rows
    }
}
