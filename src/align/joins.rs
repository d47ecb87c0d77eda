//! Merges and splits: where the words of an entry left without a partner went. When NIST
//! folds GOVERN 3.1 into GOVERN 3.2, old 3.1 has no partner, but most of its words are in
//! new 3.2: it was *merged into* 3.2. Seen from the other version the same evidence reads
//! as new entries *split from* an old one.
//!
//! Words are weighed by their rarity over both versions (`ln((N + 1) / (entries holding
//! it + 1))`), so "the" and "AI" say little and "demographics" much. The share of an entry
//! found in another is the weight of its distinct words found there over that of all of them.
//! Only words found together count: within a run of the destination twice as long as the
//! entry, so a long destination does not seem to hold a short entry's words because they are
//! scattered all over it. Destinations are taken greedily, the one adding the most of the
//! entry's words first, up to [`MAX_DESTINATIONS`], each holding at least
//! [`CANDIDATE_SHARE`] and adding at least [`MIN_GAIN`]; together they must hold
//! [`JOIN_SHARE`] of the words to count as a merge or split. Below that they are still named
//! with their share, as candidates only.

use rayon::prelude::*;

use super::Side;
use super::bag::{Bag, Word};

/// Share of an entry's words its destinations must hold together for a merge or split.
pub const JOIN_SHARE: f64 = 0.6;
/// Share of an entry's words a destination must hold to be named at all.
pub const CANDIDATE_SHARE: f64 = 0.4;
/// Share a further destination must add.
pub const MIN_GAIN: f64 = 0.15;
/// Most destinations named for one entry.
pub const MAX_DESTINATIONS: usize = 3;
/// Entries with fewer words are too short to say where they went.
const MIN_WORDS: u32 = 5;

/// An entry of the other version that holds some of an entry's words.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// Index of the entry in its version's entries.
    pub entry: usize,
    /// The share of the words found there, 0 to 1.
    pub share: f64,
}

/// For each entry of `this` version that `unpaired` says has no partner: the entries of the
/// `other` holding its words, and whether they hold enough to call it a merge or split.
pub fn shares(
    this: &Side<'_, '_>,
    other: &Side<'_, '_>,
    unpaired: impl Fn(usize) -> bool + Sync,
) -> Vec<(Vec<Share>, bool)> {
    (0..this.entries.len())
        .into_par_iter()
        .map(|u| {
            let Some(weighed) = unpaired(u).then(|| Weighed::new(this, other, u)).flatten() else {
                return (Vec::new(), false);
            };
            let kind = this.entries[u].node.kind;
            let nothing = vec![0u32; weighed.bag.words.len()];
            let mut covered = nothing.clone();
            // Per destination, once looked for: what it holds.
            let mut found: Vec<(usize, Option<Held>)> = (this.likely_partners(u, other).iter())
                .filter(|&&p| other.entries[p].node.kind == kind)
                .map(|&p| (p, None))
                .collect();
            let mut picked: Vec<Share> = Vec::new();
            let mut held = 0.0;
            while picked.len() < MAX_DESTINATIONS {
                let unpicked = |p: usize| picked.iter().all(|s| s.entry != p);
                // Finding the words together is the costly step: it is done only for the
                // destinations that could be the best, holding all the words they share.
                let best = loop {
                    let best = (found.iter())
                        .filter_map(|(p, f)| Some((*p, f.as_ref()?)))
                        .filter(|(p, _)| unpicked(*p))
                        .map(|(p, (words, share))| {
                            (weighed.weigh(words, &covered), p, words, *share)
                        })
                        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
                    let could_be_best = |p: usize| match &best {
                        Some((gain, ..)) => weighed.at_most(other, p, &covered) >= *gain,
                        // None looked at yet: one holding under the candidate share could only
                        // end the search, as having none does.
                        None => weighed.at_most(other, p, &covered) >= CANDIDATE_SHARE,
                    };
                    let look: Vec<usize> = (0..found.len())
                        .filter(|&i| found[i].1.is_none() && unpicked(found[i].0))
                        .filter(|&i| could_be_best(found[i].0))
                        .collect();
                    if look.is_empty() {
                        break best.map(|(gain, p, words, share)| (gain, p, words.clone(), share));
                    }
                    for i in look {
                        let words = weighed.found_in(other, found[i].0);
                        let share = weighed.weigh(&words, &nothing);
                        found[i].1 = Some((words, share));
                    }
                };
                let floor = if picked.is_empty() { 0.0 } else { MIN_GAIN };
                let enough = |b: &(f64, usize, _, f64)| b.0 >= floor && b.3 >= CANDIDATE_SHARE;
                let Some((gain, p, words, share)) = best.filter(enough) else {
                    break;
                };
                held += gain;
                for &(i, n) in &words {
                    covered[i] = covered[i].max(n);
                }
                picked.push(Share { entry: p, share });
            }
            picked.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.entry.cmp(&b.entry)));
            (picked, held >= JOIN_SHARE)
        })
        .collect()
}

/// What a destination holds of an entry: the entry's words found together there, and their
/// share alone (nothing else covered).
type Held = (Vec<(usize, u32)>, f64);

/// The share of entry `u` of `this` version found in each of the `destinations` of the
/// `other` that someone else chose (NIST, withdrawing it), most first.
pub fn shares_in(
    this: &Side<'_, '_>,
    other: &Side<'_, '_>,
    u: usize,
    destinations: &[usize],
) -> Vec<Share> {
    let weighed = Weighed::new(this, other, u);
    let mut shares: Vec<Share> = destinations
        .iter()
        .map(|&p| Share {
            entry: p,
            share: weighed.as_ref().map_or(0.0, |w| {
                let words = w.found_in(other, p);
                w.weigh(&words, &vec![0; w.bag.words.len()])
            }),
        })
        .collect();
    shares.sort_by(|a, b| b.share.total_cmp(&a.share));
    shares
}

/// An entry's distinct words, each weighed by its rarity over both versions.
struct Weighed<'b> {
    bag: &'b Bag,
    weights: Vec<f64>,
    total: f64,
    /// How long a run of a destination its words must be found in.
    window: usize,
}

impl<'b> Weighed<'b> {
    /// `None` for an entry too short to say where it went.
    fn new(this: &Side<'b, '_>, other: &Side<'_, '_>, u: usize) -> Option<Weighed<'b>> {
        let bag = &this.bags[u];
        if bag.total < MIN_WORDS {
            return None;
        }
        let all_entries = (this.entries.len() + other.entries.len() + 1) as f64;
        let rarity = |word: Word| {
            let holding = this.index.frequency(word) + other.index.frequency(word);
            (all_entries / (holding + 1) as f64).ln()
        };
        let weights: Vec<f64> = bag.words.iter().map(|&(w, _)| rarity(w)).collect();
        // Distinct words: a citation repeats its title as its text.
        let total: f64 = weights.iter().sum();
        (total > 0.0).then(|| Weighed {
            bag,
            weights,
            total,
            window: 2 * bag.total as usize,
        })
    }

    /// The entry's words found together in entry `p` of the `other` version.
    fn found_in(&self, other: &Side<'_, '_>, p: usize) -> Vec<(usize, u32)> {
        self.bag
            .found_in(&other.bags[p], &self.weights, self.window)
    }

    /// At least the share that entry `p` of the `other` version adds beyond what is
    /// `covered` ([`Weighed::weigh`] of its [`Weighed::found_in`]): that of all the words it
    /// shares, wherever they lie, added in the same order.
    fn at_most(&self, other: &Side<'_, '_>, p: usize, covered: &[u32]) -> f64 {
        let mut held = 0.0;
        self.bag.for_shared(&other.bags[p], |i, _| {
            held += f64::from(1u32.saturating_sub(covered[i])) * self.weights[i];
        });
        held / self.total
    }

    /// The share of the entry that `words` hold beyond what is `covered`.
    fn weigh(&self, words: &[(usize, u32)], covered: &[u32]) -> f64 {
        // A fold from +0.0: an empty `sum` is -0.0, which would print as "-0".
        let held = words.iter().fold(0.0, |held, &(i, n)| {
            held + f64::from(n.saturating_sub(covered[i])) * self.weights[i]
        });
        held / self.total
    }
}

/// Pairs of entries both left unpaired (as `old_unpaired` and `new_unpaired` say) where one
/// holds [`JOIN_SHARE`] of the other's words: the same entry, shortened or lengthened (a
/// citation "Executive Order 13587" that became "EO 13587, Structural Reforms …"). Best
/// share first, each entry once.
pub fn one_to_one(
    old_shares: &[(Vec<Share>, bool)],
    new_shares: &[(Vec<Share>, bool)],
    old_unpaired: impl Fn(usize) -> bool,
    new_unpaired: impl Fn(usize) -> bool,
) -> Vec<(usize, usize)> {
    // (share, entry, the other version's entry) for each entry that `mine` admits.
    let whole = |shares: &[(Vec<Share>, bool)],
                 mine: &dyn Fn(usize) -> bool,
                 theirs: &dyn Fn(usize) -> bool| {
        let entries = shares.iter().enumerate().filter(|(u, _)| mine(*u));
        entries
            .flat_map(|(u, (shares, _))| shares.iter().map(move |s| (s.share, u, s.entry)))
            .filter(|&(share, _, p)| share >= JOIN_SHARE && theirs(p))
            .collect::<Vec<_>>()
    };
    let mut found = whole(old_shares, &old_unpaired, &new_unpaired);
    let from_new = whole(new_shares, &new_unpaired, &old_unpaired);
    found.extend(from_new.into_iter().map(|(share, n, o)| (share, o, n)));
    // The same from either version: by share, then by the lower index of the two.
    let key = |&(_, o, n): &(f64, usize, usize)| (o.min(n), o.max(n), o);
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then(key(a).cmp(&key(b))));
    let mut old_taken = vec![false; old_shares.len()];
    let mut new_taken = vec![false; new_shares.len()];
    let mut pairs = Vec::new();
    for (_, o, n) in found {
        if !old_taken[o] && !new_taken[n] {
            (old_taken[o], new_taken[n]) = (true, true);
            pairs.push((o, n));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::super::bag::{Bags, EntryWords, WordIndex};
    use super::super::entries;
    use super::*;
    use crate::frameworks;

    /// What [`shares`] skips on the strength of [`Weighed::at_most`] could never have been
    /// chosen: the bound is at least what finding the words together gives, whatever is
    /// already covered.
    #[test]
    fn the_bound_is_never_below_what_a_destination_holds() {
        let load = |name: &str| frameworks::find(name).unwrap().load().unwrap();
        let (old, new) = (load("ai-rmf-1.0"), load("ai-600-1"));
        let (old, new) = (entries(&old), entries(&new));
        let Bags {
            old: old_bags,
            new: new_bags,
            words,
        } = Bags::of(&EntryWords::of(&old), &EntryWords::of(&new));
        let old_index = WordIndex::new(&old_bags, words);
        let new_index = WordIndex::new(&new_bags, words);
        let this = Side::new(&old, &old_bags, &old_index);
        let other = Side::new(&new, &new_bags, &new_index);
        let mut checked = 0;
        for u in 0..old.len() {
            let Some(weighed) = Weighed::new(&this, &other, u) else {
                continue;
            };
            // Nothing covered, then the first half of the entry's words covered.
            let half: Vec<u32> = (0..weighed.bag.words.len())
                .map(|i| u32::from(i < weighed.bag.words.len() / 2))
                .collect();
            for &p in this.likely_partners(u, &other) {
                let found = weighed.found_in(&other, p);
                for covered in [vec![0; half.len()], half.clone()] {
                    let bound = weighed.at_most(&other, p, &covered);
                    assert!(bound >= weighed.weigh(&found, &covered), "entry {u} in {p}");
                }
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
