//! The word diff's longest common subsequence: `similar`'s `Algorithm::Hunt`, with the same
//! ops (a property test holds them to it), in less time. The word diff of SP 800-53 spent
//! most of its time in that algorithm's search for where each match goes, and in numbering
//! the words through `similar`'s general maps. Here the words are numbered once with a fast
//! hash, each word's places in the new text are one slice of one array, and a match's place
//! is looked for only below the last one's. `similar` still shapes the ops (its `Compact`
//! and `Replace` hooks) and still diffs what Hunt gives up on (Myers).

use std::convert::Infallible;
use std::ops::Range;
use std::time::Instant;

use rustc_hash::{FxHashMap, FxHashSet};
use similar::DiffOp;
use similar::algorithms::{Capture, Compact, DiffHook, NoFinishHook, Replace, myers};

/// The ops of `old` against `new`, as `similar`'s Hunt with the same `deadline` gives them
/// (past the deadline both give up on minimality, each at its own moment).
pub fn diff(old: &[&str], new: &[&str], deadline: Option<Instant>) -> Vec<DiffOp> {
    let mut hook = Compact::new(Replace::new(Capture::new()), old, new);
    let Ok(()) = diff_into(&mut hook, old, new, deadline);
    hook.into_inner().into_inner().into_ops()
}

fn diff_into<D: DiffHook<Error = Infallible>>(
    d: &mut D,
    old: &[&str],
    new: &[&str],
    deadline: Option<Instant>,
) -> Result<(), Infallible> {
    if nearly_disjoint(old, new) {
        d.delete(0, old.len(), 0)?;
        d.insert(0, 0, new.len())?;
        return d.finish();
    }
    let prefix = old.iter().zip(new).take_while(|(o, n)| o == n).count();
    let (old_rest, new_rest) = (old[prefix..].iter().rev(), new[prefix..].iter().rev());
    let suffix = old_rest.zip(new_rest).take_while(|(o, n)| o == n).count();
    let old_middle = prefix..old.len() - suffix;
    let new_middle = prefix..new.len() - suffix;
    if prefix > 0 {
        d.equal(0, 0, prefix)?;
    }
    if old_middle.is_empty() {
        if !new_middle.is_empty() {
            d.insert(old_middle.start, new_middle.start, new_middle.len())?;
        }
    } else if new_middle.is_empty() {
        d.delete(old_middle.start, old_middle.len(), new_middle.start)?;
    } else {
        let mut middle_d = NoFinishHook::new(&mut *d);
        diff_middle(&mut middle_d, old, old_middle, new, new_middle, deadline)?;
    }
    if suffix > 0 {
        d.equal(old.len() - suffix, new.len() - suffix, suffix)?;
    }
    d.finish()
}

/// `similar`'s fast path for long texts with almost no word in common: one replacement,
/// without a search (its conditions and budget exactly, deadline aside).
fn nearly_disjoint(old: &[&str], new: &[&str]) -> bool {
    let (n, m) = (old.len(), new.len());
    if n < 512 || m < 512 || n.saturating_mul(m) < 128 * 1024 {
        return false;
    }
    let probe = n.min(m).min(9);
    let meets_an_end = |skip: usize| {
        new[skip] == old[0]
            || new[0] == old[skip]
            || new[m - 1 - skip] == old[n - 1]
            || new[m - 1] == old[n - 1 - skip]
    };
    if (0..probe).any(meets_an_end) {
        return false;
    }
    let budget = (n.min(m) / 1024).clamp(1, 64);
    let old_words: FxHashSet<&str> = old.iter().copied().collect();
    let mut common = new.iter().filter(|word| old_words.contains(*word));
    common.nth(budget).is_none()
}

/// The diff of the middles (no common first or last word), each word numbered: an old word
/// by its first place in the old middle, every new word that is not an old one by
/// `distinct`, the number of old words (Myers then sees what Hunt's caller would show it).
fn diff_middle<D: DiffHook<Error = Infallible>>(
    d: &mut D,
    old: &[&str],
    old_middle: Range<usize>,
    new: &[&str],
    new_middle: Range<usize>,
    deadline: Option<Instant>,
) -> Result<(), Infallible> {
    let mut numbers: FxHashMap<&str, usize> = FxHashMap::default();
    numbers.reserve(old_middle.len());
    let mut old_ids = vec![0; old.len()];
    for i in old_middle.clone() {
        let next = numbers.len();
        old_ids[i] = *numbers.entry(old[i]).or_insert(next);
    }
    let distinct = numbers.len();
    let mut new_ids = vec![distinct; new.len()];
    for j in new_middle.clone() {
        if let Some(&id) = numbers.get(new[j]) {
            new_ids[j] = id;
        }
    }
    match anchors(
        &old_ids,
        old_middle.clone(),
        &new_ids,
        new_middle.clone(),
        distinct,
        deadline,
    ) {
        Some(anchors) => emit_anchored(d, old_middle, new_middle, &anchors),
        None => myers::diff_deadline(
            d,
            &old_ids[..],
            old_middle,
            &new_ids[..],
            new_middle,
            deadline,
        ),
    }
}

/// A match of an old word with a new one, on a chain of matches in order.
#[derive(Clone, Copy)]
struct Candidate {
    old: u32,
    new: u32,
    /// The match before it on its chain, or `u32::MAX`.
    prev: u32,
}

/// How many old indices between two looks at the clock: reading it costs more than a step.
const CLOCK_EVERY: usize = 256;

/// The matches (old index, new index) of a longest common subsequence, as Hunt–Szymanski
/// finds it: each old word in order, its places in the new text from last to first, each
/// ending the longest chain it can (the threshold array holds, per chain length, the least
/// new index that ends one). None when the matching pairs are too many (Myers is faster on
/// such repetitive texts) or the deadline passed: `similar`'s budget and fallback.
fn anchors(
    old_ids: &[usize],
    old_middle: Range<usize>,
    new_ids: &[usize],
    new_middle: Range<usize>,
    distinct: usize,
    deadline: Option<Instant>,
) -> Option<Vec<(usize, usize)>> {
    let late =
        |i: usize| i.is_multiple_of(CLOCK_EVERY) && deadline.is_some_and(|d| Instant::now() > d);
    // Each old word's places in the new middle, ascending: `places[starts[id]..starts[id + 1]]`.
    let mut starts = vec![0u32; distinct + 2];
    for &id in &new_ids[new_middle.clone()] {
        if id < distinct {
            starts[id + 2] += 1;
        }
    }
    for id in 2..starts.len() {
        starts[id] += starts[id - 1];
    }
    let mut places = vec![0u32; starts[distinct + 1] as usize];
    for j in new_middle.clone() {
        let id = new_ids[j];
        if id < distinct {
            places[starts[id + 1] as usize] = j as u32;
            starts[id + 1] += 1;
        }
    }
    let places_of = |id: usize| &places[starts[id] as usize..starts[id + 1] as usize];

    let budget = (old_middle.len() + new_middle.len())
        .saturating_mul(64)
        .min(1_000_000);
    let mut pairs = 0usize;
    for i in old_middle.clone() {
        if late(i) {
            return None;
        }
        pairs += places_of(old_ids[i]).len();
        if pairs > budget {
            return None;
        }
    }

    let mut thresholds: Vec<u32> = Vec::new();
    let mut links: Vec<u32> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::with_capacity(pairs.min(1 << 16));
    for i in old_middle {
        if late(i) {
            return None;
        }
        // Places come from last to first, so each one's chain length is at most the last's.
        let mut below = thresholds.len();
        for &j in places_of(old_ids[i]).iter().rev() {
            let k = chain_length(&thresholds[..below], j);
            below = k;
            if k == thresholds.len() || j < thresholds[k] {
                let prev = if k > 0 { links[k - 1] } else { u32::MAX };
                let index = candidates.len() as u32;
                candidates.push(Candidate {
                    old: i as u32,
                    new: j,
                    prev,
                });
                if k == thresholds.len() {
                    thresholds.push(j);
                    links.push(index);
                } else {
                    thresholds[k] = j;
                    links[k] = index;
                }
            }
        }
    }
    let mut anchors = Vec::with_capacity(links.len());
    let mut at = links.last().copied().unwrap_or(u32::MAX);
    while at != u32::MAX {
        let candidate = candidates[at as usize];
        anchors.push((candidate.old as usize, candidate.new as usize));
        at = candidate.prev;
    }
    anchors.reverse();
    Some(anchors)
}

/// How many of the ascending `thresholds` are below `j`, galloping down from the top: a
/// match usually extends a chain near the longest, or one near the last match's.
fn chain_length(thresholds: &[u32], j: u32) -> usize {
    let (mut low, mut high) = (0, thresholds.len());
    let mut step = 1;
    while step <= high {
        let probe = high - step;
        if thresholds[probe] < j {
            low = probe + 1;
            break;
        }
        high = probe;
        step *= 2;
    }
    low + thresholds[low..high].partition_point(|&t| t < j)
}

/// The ops between the anchors: each run of consecutive anchors is one equal op, and the
/// words between runs are deleted, then inserted (as `similar` emits them).
fn emit_anchored<D: DiffHook<Error = Infallible>>(
    d: &mut D,
    old_middle: Range<usize>,
    new_middle: Range<usize>,
    anchors: &[(usize, usize)],
) -> Result<(), Infallible> {
    let (mut old_at, mut new_at) = (old_middle.start, new_middle.start);
    let mut rest = anchors;
    while let Some(&(old_run, new_run)) = rest.first() {
        let run = 1 + rest
            .windows(2)
            .take_while(|w| w[1] == (w[0].0 + 1, w[0].1 + 1))
            .count();
        if old_at < old_run {
            d.delete(old_at, old_run - old_at, new_at)?;
            old_at = old_run;
        }
        if new_at < new_run {
            d.insert(old_at, new_at, new_run - new_at)?;
        }
        d.equal(old_run, new_run, run)?;
        (old_at, new_at) = (old_run + run, new_run + run);
        rest = &rest[run..];
    }
    if old_at < old_middle.end {
        d.delete(old_at, old_middle.end - old_at, new_at)?;
        old_at = old_middle.end;
    }
    if new_at < new_middle.end {
        d.insert(old_at, new_at, new_middle.end - new_at)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use similar::{Algorithm, TextDiff};

    fn similar_hunt(old: &[&str], new: &[&str]) -> Vec<DiffOp> {
        let diff = TextDiff::configure()
            .algorithm(Algorithm::Hunt)
            .diff_slices(old, new);
        diff.ops().to_vec()
    }

    fn assert_same_ops(old: &[&str], new: &[&str]) {
        assert_eq!(
            diff(old, new, None),
            similar_hunt(old, new),
            "{old:?} → {new:?}"
        );
    }

    proptest::proptest! {
        #[test]
        fn the_ops_are_similars_hunt_ops(
            old in proptest::collection::vec("[a-e]", 0..120),
            new in proptest::collection::vec("[a-e]", 0..120),
        ) {
            let (old, new): (Vec<&str>, Vec<&str>) = (
                old.iter().map(String::as_str).collect(),
                new.iter().map(String::as_str).collect(),
            );
            assert_same_ops(&old, &new);
        }
    }

    proptest::proptest! {
        #[test]
        fn chain_length_is_the_count_below(
            mut thresholds in proptest::collection::vec(0u32..200, 0..60),
            j in 0u32..210,
        ) {
            thresholds.sort_unstable();
            thresholds.dedup();
            let below = thresholds.iter().filter(|&&t| t < j).count();
            proptest::prop_assert_eq!(chain_length(&thresholds, j), below);
        }
    }

    #[test]
    fn the_ops_are_similars_on_every_shipped_pair_of_texts() {
        let words = |name: &str| {
            let xml = crate::frameworks::find(name).expect("shipped").xml;
            let text = std::str::from_utf8(xml).expect("UTF-8");
            text.split_whitespace().collect::<Vec<_>>()
        };
        let pairs = [("ai-rmf-1.0", "ai-600-1"), ("csf-1.1", "csf-2.0")];
        for (old, new) in pairs {
            let (old, new) = (words(old), words(new));
            // Paragraph-sized windows, like the entries a report diffs.
            for (a, b) in old.chunks(700).zip(new.chunks(900)) {
                assert_same_ops(a, b);
            }
        }
    }

    #[test]
    fn nearly_disjoint_texts_are_one_replacement_as_in_similar() {
        let old: Vec<String> = (0..600).map(|i| format!("o{i}")).collect();
        let mut new: Vec<String> = (0..600).map(|i| format!("n{i}")).collect();
        new[300] = "o17".into();
        let old: Vec<&str> = old.iter().map(String::as_str).collect();
        let new_words: Vec<&str> = new.iter().map(String::as_str).collect();
        assert!(nearly_disjoint(&old, &new_words));
        assert_same_ops(&old, &new_words);
        // Two words in common are over the budget of one: a search.
        let mut more = new.clone();
        more[400] = "o18".into();
        let more: Vec<&str> = more.iter().map(String::as_str).collect();
        assert!(!nearly_disjoint(&old, &more));
        assert_same_ops(&old, &more);
        // A common first word is a common edge: a search too.
        let mut first = new.clone();
        first[0] = "o0".into();
        let first: Vec<&str> = first.iter().map(String::as_str).collect();
        assert!(!nearly_disjoint(&old, &first));
        assert_same_ops(&old, &first);
    }

    #[test]
    fn repetitive_texts_fall_back_to_myers_as_in_similar() {
        // 300 × n matching pairs against a budget of 64 × (300 + n).
        for (n, searched) in [(80, true), (90, false)] {
            let old: Vec<&str> = std::iter::once("x").chain(vec!["a"; 300]).collect();
            let new: Vec<&str> = std::iter::once("y")
                .chain(vec!["a"; n])
                .chain(["b"])
                .collect();
            let (old_ids, new_ids) = (vec![0; old.len()], vec![0; new.len()]);
            let found = anchors(&old_ids, 1..301, &new_ids, 1..n + 1, 1, None);
            assert_eq!(found.is_some(), searched, "{n}");
            assert_same_ops(&old, &new);
        }
    }
}
