//! Merges and splits in the report. An entry left without a partner whose words the
//! alignment found in other entries ([`crate::align::Share`]) is reported with them: an old
//! entry *merged into* new ones, a new entry *split from* old ones; the partners of those
//! say they received (`merged_from`) or gave (`split_into`) text. An old entry NIST
//! withdrew is followed the same way into the entries NIST names.
//!
//! When the evidence is enough for a merge or split, the entry's topic references are
//! classified where its words went: its text is word-diffed against the part of each
//! destination that holds its words (the destination's own text before and after is left
//! out), and a reference that arrived there is *retained*, one dropped on the way *removed*
//! or *reworded*. The destination's hit that a reference arrived as is taken out of the
//! destination's own change (where it would read as added, or, seen from the other
//! version, as gone), so every hit is still counted once. Joins are resolved in an order
//! both versions agree on (largest share first), so swapping the versions mirrors the
//! report.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::classify;
use super::{Change, Link, Status, TopicRef, Version, reference};
use crate::align::{MatchedBy, Pair};
use crate::diff::{self, Op, Segment, WordDiff};
use crate::topics::Hit;

/// Fills in the shares and joins of `changes` (one per row of `pairs`) and classifies the
/// topic references of merged and split entries where their words went.
pub fn follow(
    changes: &mut [Change],
    pairs: &[Pair],
    versions: [&Version<'_>; 2],
    deadline: Duration,
) {
    let mut rows: [Vec<usize>; 2] = [
        vec![usize::MAX; versions[0].entries.len()],
        vec![usize::MAX; versions[1].entries.len()],
    ];
    for (row, pair) in pairs.iter().enumerate() {
        if let Some(o) = pair.old {
            rows[0][o] = row;
        }
        if let Some(n) = pair.new {
            rows[1][n] = row;
        }
    }
    let name = |side: usize, entry: usize| {
        let node = versions[side].entries[entry].node;
        node.display_name().to_string()
    };
    // (share, joined entry, its side, destination, first destination): one classification
    // each.
    let mut joins: Vec<(f64, usize, usize, usize, bool)> = Vec::new();
    for (row, pair) in pairs.iter().enumerate() {
        let (side, entry) = match (pair.old, pair.new) {
            (Some(o), None) => (0, o),
            // Withdrawn: paired with its placeholder, its words went where NIST says.
            (Some(o), Some(_)) if pair.matched_by == Some(MatchedBy::Nist) => (0, o),
            (None, Some(n)) => (1, n),
            _ => continue,
        };
        let other = 1 - side;
        changes[row].joined = pair.joined;
        changes[row].shares = pair
            .shares
            .iter()
            .map(|s| Link {
                id: name(other, s.entry),
                share: s.share,
            })
            .collect();
        if !pair.joined {
            continue;
        }
        for (i, share) in pair.shares.iter().enumerate() {
            let partner = &mut changes[rows[other][share.entry]];
            match side {
                0 => partner.merged_from.push(name(side, entry)),
                _ => partner.split_into.push(name(side, entry)),
            }
            joins.push((share.share, entry, side, share.entry, i == 0));
        }
    }
    joins.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(a.3.cmp(&b.3))
            .then(a.2.cmp(&b.2))
    });

    // The word diffs of the joins, on all cores: they depend on the two texts alone.
    let places: Vec<(Place, bool)> = (joins.into_iter())
        .map(|(_, entry, side, destination, first)| {
            let place = Place {
                side,
                entry,
                destination,
            };
            (place, first)
        })
        .collect();
    let diffs: Vec<WordDiff> = (places.par_iter())
        .map(|(place, _)| joined_diff(&versions, *place, deadline))
        .collect();
    // Per joined entry: what its first destination says of its references not kept.
    let mut fallbacks: BTreeMap<(usize, usize), Fallback> = BTreeMap::new();
    for ((place, first), word_diff) in places.into_iter().zip(diffs) {
        let Place { side, entry, .. } = place;
        let fallback = join(changes, &rows, &versions, place, word_diff);
        if first {
            fallbacks.insert((side, entry), fallback);
        }
    }
    for ((side, entry), fallback) in fallbacks {
        let change = &mut changes[rows[side][entry]];
        change.segments = fallback.segments;
        for reference in &mut change.topics {
            if own_outcome(side, reference.status)
                && let Some(decided) = fallback.references.get(&reference.range.start)
            {
                *reference = decided.clone();
            }
        }
    }
}

/// True when `status` is what a joined entry's reference reads before it is classified
/// where its words went: gone from an old entry, added in a new one.
fn own_outcome(side: usize, status: Status) -> bool {
    match side {
        0 => matches!(status, Status::Removed | Status::Reworded),
        _ => status == Status::Added,
    }
}

/// What a destination says of a joined entry's references it did not keep, and the word diff
/// against it.
struct Fallback {
    /// By the start of the joined entry's hit.
    references: BTreeMap<usize, TopicRef>,
    segments: Vec<Segment>,
}

/// A joined entry (on `side`: 0 old, 1 new) and one of its destinations.
#[derive(Clone, Copy)]
struct Place {
    side: usize,
    entry: usize,
    destination: usize,
}

/// The word diff of a joined entry against one destination (old text against new).
fn joined_diff(versions: &[&Version<'_>; 2], place: Place, deadline: Duration) -> WordDiff {
    let Place {
        side,
        entry,
        destination,
    } = place;
    let (entry_text, destination_text) = (
        &versions[side].entries[entry].text,
        &versions[1 - side].entries[destination].text,
    );
    let (old_text, new_text) = match side {
        0 => (entry_text, destination_text),
        _ => (destination_text, entry_text),
    };
    diff::diff_words(old_text, new_text, Some(Instant::now() + deadline))
}

/// Classifies the references of a joined entry still open against one destination, given
/// their `word_diff`: those that arrived there are decided at once (retained, and the
/// destination's hit taken out of its own change); what it says of the others is returned.
fn join(
    changes: &mut [Change],
    rows: &[Vec<usize>; 2],
    versions: &[&Version<'_>; 2],
    place: Place,
    word_diff: WordDiff,
) -> Fallback {
    let Place {
        side,
        entry,
        destination,
    } = place;
    let other = 1 - side;
    let (row, destination_row) = (rows[side][entry], rows[other][destination]);
    // The hits still open on each side, by the start of their ranges.
    let open = |row: usize, side: usize| -> Vec<usize> {
        let topics = changes[row].topics.iter();
        topics
            .filter(|r| own_outcome(side, r.status))
            .map(|r| r.range.start)
            .collect()
    };
    let (own_open, their_open) = (open(row, side), open(destination_row, other));
    let own: Vec<Hit> = versions[side].hits[entry]
        .iter()
        .filter(|h| own_open.contains(&h.start))
        .cloned()
        .collect();
    // The ops of text only the joined entry has, and only the destination has.
    let (only_here, only_there) = match side {
        0 => (Op::Delete, Op::Insert),
        _ => (Op::Insert, Op::Delete),
    };
    let (segments, skipped) = part(&word_diff.segments, only_there);
    let part_len: usize = segments
        .iter()
        .filter(|s| s.op != only_here)
        .map(|s| s.text.len())
        .sum();
    let theirs: Vec<Hit> = versions[other].hits[destination]
        .iter()
        .filter(|h| their_open.contains(&h.start))
        .filter(|h| h.start >= skipped && h.end <= skipped + part_len)
        .map(|h| Hit {
            start: h.start - skipped,
            end: h.end - skipped,
            ..h.clone()
        })
        .collect();
    let (old_hits, new_hits) = match side {
        0 => (&own, &theirs),
        _ => (&theirs, &own),
    };
    let mut base = [0, 0];
    base[other] = skipped;
    let mut entries = [None, None];
    entries[side] = Some((entry, &versions[side].entries[entry]));
    entries[other] = Some((destination, &versions[other].entries[destination]));
    let mut references = BTreeMap::new();
    for c in classify::classify(&segments, old_hits, new_hits) {
        let reference = reference(&c, entries, base);
        if c.status == Status::Retained {
            // Where the joined entry's hit and the destination's are, each in its own text.
            let previous = reference.previous.as_ref().map_or(0, |r| r.start);
            let (own_start, their_start) = match side {
                0 => (previous, reference.range.start),
                _ => (reference.range.start, previous),
            };
            let theirs = &mut changes[destination_row].topics;
            theirs.retain(|r| !(own_outcome(other, r.status) && r.range.start == their_start));
            let own = changes[row].topics.iter_mut();
            if let Some(slot) = own
                .filter(|r| own_outcome(side, r.status))
                .find(|r| r.range.start == own_start)
            {
                *slot = reference;
            }
        } else if own_outcome(side, c.status) {
            references.insert(reference.range.start, reference);
        }
    }
    Fallback {
        references,
        segments,
    }
}

/// The word diff without the text only the destination has before the first word they share
/// and after the last (`only_there` is that text's op), and how many bytes of it come first.
/// Which of a deletion and an insertion comes first is the diff's convention, so both are
/// looked through: the part is the same seen from either version.
fn part(segments: &[Segment], only_there: Op) -> (Vec<Segment>, usize) {
    let first = segments.iter().position(|s| s.op == Op::Equal);
    let last = segments.iter().rposition(|s| s.op == Op::Equal);
    let (first, last) = (first.unwrap_or(segments.len()), last.unwrap_or(0));
    let mut skipped = 0;
    let mut kept = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let outside = i < first || i > last;
        if outside && segment.op == only_there {
            if i < first {
                skipped += segment.text.len();
            }
        } else {
            kept.push(segment.clone());
        }
    }
    (kept, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(op: Op, text: &str) -> Segment {
        Segment {
            op,
            text: text.into(),
        }
    }

    /// Found by the swap property: a deletion listed before the destination's insertion hid
    /// the insertion from the trim in one direction only.
    #[test]
    fn the_part_is_the_same_from_either_version() {
        let (here, there) = ("equity ", "climate ");
        let forward = [
            segment(Op::Delete, here),
            segment(Op::Insert, there),
            segment(Op::Equal, "with"),
            segment(Op::Insert, " more"),
        ];
        let (kept, skipped) = part(&forward, Op::Insert);
        assert_eq!(
            kept,
            [segment(Op::Delete, here), segment(Op::Equal, "with")]
        );
        assert_eq!(skipped, there.len());
        let backward = [
            segment(Op::Delete, there),
            segment(Op::Insert, here),
            segment(Op::Equal, "with"),
            segment(Op::Delete, " more"),
        ];
        let (kept, skipped) = part(&backward, Op::Delete);
        assert_eq!(
            kept,
            [segment(Op::Insert, here), segment(Op::Equal, "with")]
        );
        assert_eq!(skipped, there.len());
    }
}
