//! Classifies each topic hit of a matched pair as removed, reworded, retained or added, by
//! locating it in the word diff of the pair.
//!
//! Every old hit gets exactly one of removed / reworded / retained, and every new hit is
//! either the partner of one retained old hit or added, so that
//! `old = removed + reworded + retained` and `new = retained + added`. A partner is the same
//! term in the same place, or a term whose words all lie in unchanged text inside the
//! other's: the reference narrowed ("diversity, equity, inclusion, and accessibility" →
//! "accessibility") or widened, and is retained, never added. A partner with the same term
//! has the same strength: a direct term whose context now makes it related ("inclusion" →
//! "inclusion of") is reworded, and the related one added. A narrowed reference may change
//! strength; the report counts it among the direct terms as reworded (or, widened, added),
//! so that the direct counts of each version are those of a scan of it too. Classifying new
//! against old gives the mirror image (what was removed or reworded is added, and the same references are retained): the
//! word diff is a mirror image too, and a partner must fit seen from either side.

use std::ops::Range;

use crate::diff::{Op, Segment};
use crate::topics::Hit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// The term is gone and nothing replaced the words around it.
    Removed,
    /// The term is gone but other words took its place: the passage was rewritten.
    Reworded,
    /// The term is still there.
    Retained,
    /// The term is new.
    Added,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Removed,
        Status::Reworded,
        Status::Retained,
        Status::Added,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Removed => "removed",
            Status::Reworded => "reworded",
            Status::Retained => "retained",
            Status::Added => "added",
        }
    }
}

/// The outcome for one hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified<'h> {
    pub hit: &'h Hit,
    pub status: Status,
    /// For a removed or reworded old hit: where its replacement is in the new text.
    pub counterpart: Option<Range<usize>>,
    /// For a removed or reworded old hit: the new text inserted where its words were
    /// deleted, from the first insertion beside them to the last (`None` when nothing was
    /// inserted there). Part of `counterpart`, without the hit's own words that stayed.
    pub inserted: Option<Range<usize>>,
    /// For a retained (new) hit: the old hit it continues.
    pub previous: Option<&'h Hit>,
}

/// A segment with its place in both texts.
struct Span {
    op: Op,
    old: Range<usize>,
    new: Range<usize>,
}

fn spans(segments: &[Segment]) -> Vec<Span> {
    let (mut o, mut n) = (0, 0);
    let mut out = Vec::with_capacity(segments.len());
    for segment in segments {
        let len = segment.text.len();
        let (old_len, new_len) = match segment.op {
            Op::Equal => (len, len),
            Op::Delete => (len, 0),
            Op::Insert => (0, len),
        };
        out.push(Span {
            op: segment.op,
            old: o..o + old_len,
            new: n..n + new_len,
        });
        o += old_len;
        n += new_len;
    }
    out
}

/// Classifies the hits of a pair whose texts are related by `segments`.
pub fn classify<'h>(
    segments: &[Segment],
    old_hits: &'h [Hit],
    new_hits: &'h [Hit],
) -> Vec<Classified<'h>> {
    let spans = spans(segments);
    // Where each new hit's text was in the old text: a partner must lie where the other's
    // text went, seen from both sides, so that old against new mirrors new against old.
    let previous: Vec<Range<usize>> = new_hits
        .iter()
        .map(|new| counterpart(&spans, new.start..new.end, Side::New).window)
        .collect();
    let mut taken = vec![false; new_hits.len()];
    let mut out = Vec::new();
    for hit in old_hits {
        let Counterpart {
            window,
            unchanged,
            replacement: inserted,
        } = counterpart(&spans, hit.start..hit.end, Side::Old);
        let partner = new_hits.iter().enumerate().position(|(i, new)| {
            let old_kept = untouched(&spans, hit.start..hit.end, Side::Old);
            let new_kept = untouched(&spans, new.start..new.end, Side::New);
            let same_term = new.term == hit.term && new.strength == hit.strength;
            let narrowed = new.term != hit.term && (old_kept || new_kept);
            !taken[i]
                && new.topic == hit.topic
                && (same_term || narrowed)
                && overlaps(&window, &(new.start..new.end))
                && overlaps(&previous[i], &(hit.start..hit.end))
        });
        let status = match partner {
            Some(i) => {
                taken[i] = true;
                out.push(Classified {
                    hit: &new_hits[i],
                    status: Status::Retained,
                    counterpart: None,
                    inserted: None,
                    previous: Some(hit),
                });
                continue;
            }
            None if inserted.is_some() || unchanged => Status::Reworded,
            None => Status::Removed,
        };
        out.push(Classified {
            hit,
            status,
            counterpart: Some(window),
            inserted,
            previous: None,
        });
    }
    for (i, hit) in new_hits.iter().enumerate() {
        if !taken[i] {
            out.push(Classified {
                hit,
                status: Status::Added,
                counterpart: None,
                inserted: None,
                previous: None,
            });
        }
    }
    out
}

/// Where a hit of one side's text went in the other text.
struct Counterpart {
    /// The range it maps to, widened over any words that replaced it.
    window: Range<usize>,
    /// It lies wholly in unchanged text.
    unchanged: bool,
    /// The other side's text that took the place of its deleted words: from the first
    /// non-empty segment of that side's own beside them to the last.
    replacement: Option<Range<usize>>,
}

/// Where `hit`, a range of `side`'s text, went in the other text.
fn counterpart(spans: &[Span], hit: Range<usize>, side: Side) -> Counterpart {
    let other = side.other();
    let mut window: Option<Range<usize>> = None;
    let mut replacement: Option<Range<usize>> = None;
    let mut unchanged = true;
    for (i, span) in spans.iter().enumerate() {
        let own = side.range(span);
        if span.op == other.only() || !overlaps(own, &hit) {
            continue;
        }
        let there = other.range(span);
        if span.op == Op::Equal {
            let start = there.start + hit.start.saturating_sub(own.start);
            let end = there.start + (hit.end.min(own.end) - own.start);
            widen(&mut window, start..end);
            continue;
        }
        unchanged = false;
        widen(&mut window, there.clone());
        for neighbour in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
            if let Some(s) = spans.get(neighbour).filter(|s| s.op == other.only()) {
                let beside = other.range(s).clone();
                if !beside.is_empty() {
                    widen(&mut replacement, beside.clone());
                }
                widen(&mut window, beside);
            }
        }
    }
    Counterpart {
        window: window.unwrap_or(0..0),
        unchanged,
        replacement,
    }
}

/// Extends `range` to cover `by` (or sets it).
fn widen(range: &mut Option<Range<usize>>, by: Range<usize>) {
    *range = Some(match range.take() {
        Some(r) => r.start.min(by.start)..r.end.max(by.end),
        None => by,
    });
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Old,
    New,
}

impl Side {
    fn other(self) -> Side {
        match self {
            Side::Old => Side::New,
            Side::New => Side::Old,
        }
    }

    /// The op of segments whose text is only on this side.
    fn only(self) -> Op {
        match self {
            Side::Old => Op::Delete,
            Side::New => Op::Insert,
        }
    }

    /// Where `span` is in this side's text.
    fn range(self, span: &Span) -> &Range<usize> {
        match self {
            Side::Old => &span.old,
            Side::New => &span.new,
        }
    }
}

/// True when `range` of one side's text lies in unchanged text, with nothing of the other
/// side inserted inside it. It is the same test from either side, so the classification of
/// old against new mirrors that of new against old.
fn untouched(spans: &[Span], range: Range<usize>, side: Side) -> bool {
    spans.iter().all(|span| {
        let at = side.range(span);
        if span.op == side.only() {
            !overlaps(at, &range)
        } else if span.op == side.other().only() {
            !(range.start < at.start && at.start < range.end)
        } else {
            true
        }
    })
}

/// True when the ranges share a byte, or when an empty `a` sits inside `b`.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    if a.is_empty() {
        return b.start <= a.start && a.start <= b.end;
    }
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff_words;
    use crate::topics::Lexicon;

    /// (removed + reworded, retained, added) of `old` against `new`.
    fn counts(old: &str, new: &str) -> (usize, usize, usize) {
        let lexicon = Lexicon::builtin();
        let (old_hits, new_hits) = (lexicon.find(old), lexicon.find(new));
        let diff = diff_words(old, new, None);
        let classified = classify(&diff.segments, &old_hits, &new_hits);
        let count = |wanted: &[Status]| {
            classified
                .iter()
                .filter(|c| wanted.contains(&c.status))
                .count()
        };
        (
            count(&[Status::Removed, Status::Reworded]),
            count(&[Status::Retained]),
            count(&[Status::Added]),
        )
    }

    /// The new text `counterpart` finds inserted where the old text's `hit` was deleted.
    fn inserted(segments: &[(Op, &str)], hit: &str) -> Option<String> {
        let segments: Vec<Segment> = segments
            .iter()
            .map(|&(op, text)| Segment {
                op,
                text: text.into(),
            })
            .collect();
        let old: String = segments
            .iter()
            .filter(|s| s.op != Op::Insert)
            .map(|s| s.text.as_str())
            .collect();
        let new: String = segments
            .iter()
            .filter(|s| s.op != Op::Delete)
            .map(|s| s.text.as_str())
            .collect();
        let start = old.find(hit).expect("the hit is in the old text");
        let found = counterpart(&spans(&segments), start..start + hit.len(), Side::Old);
        found.replacement.map(|r| new[r].to_string())
    }

    #[test]
    fn the_insertion_beside_a_deleted_hit_is_what_replaced_it() {
        use Op::{Delete, Equal, Insert};
        let after = [
            (Equal, "draws on a "),
            (Delete, "diversity"),
            (Insert, "range"),
            (Equal, " of experts"),
        ];
        assert_eq!(inserted(&after, "diversity").as_deref(), Some("range"));
        let before = [
            (Equal, "draws on a "),
            (Insert, "range"),
            (Delete, "diversity"),
            (Equal, " of experts"),
        ];
        assert_eq!(inserted(&before, "diversity").as_deref(), Some("range"));
        let nothing = [
            (Equal, "a team "),
            (Delete, "of diverse people "),
            (Equal, "works"),
        ];
        assert_eq!(inserted(&nothing, "diverse"), None);
        let inside = [
            (Equal, "a team "),
            (Delete, "committed to diversity and care"),
            (Insert, "with skill"),
            (Equal, " works"),
        ];
        assert_eq!(
            inserted(&inside, "diversity").as_deref(),
            Some("with skill")
        );
    }

    #[test]
    fn only_insertions_touching_the_hits_deleted_words_count() {
        use Op::{Delete, Equal, Insert};
        // The hit's first word stayed: only what replaced the rest stands in its place.
        let kept = [
            (Equal, "address climate "),
            (Delete, "change"),
            (Insert, "resilience"),
            (Equal, " now"),
        ];
        assert_eq!(
            inserted(&kept, "climate change").as_deref(),
            Some("resilience")
        );
        // Two insertions around a word the hit kept: the words between them, as written.
        let split = [
            (Equal, "a team "),
            (Delete, "committed to diversity, equity,"),
            (Insert, "with a broad range of expertise"),
            (Equal, " and "),
            (Delete, "inclusion"),
            (Insert, "experience"),
            (Equal, " across"),
        ];
        assert_eq!(
            inserted(&split, "diversity, equity, and inclusion").as_deref(),
            Some("with a broad range of expertise and experience")
        );
        // An insertion elsewhere in the passage is not a replacement.
        let elsewhere = [
            (Equal, "a "),
            (Delete, "diversity"),
            (Equal, " of experts "),
            (Insert, "and users"),
        ];
        assert_eq!(inserted(&elsewhere, "diversity"), None);
    }

    #[test]
    fn swapping_the_texts_swaps_gone_and_added() {
        // Found by the swap property: the deleted "climate" at the end of the old text
        // touched the kept "climate" of the new one in one direction only.
        let pairs = [
            (
                "disinformation climate",
                "climate change climate information",
            ),
            ("diverse teams", "teams"),
            ("misinformation and climate change", "climate change policy"),
        ];
        for (a, b) in pairs {
            let (gone, retained, added) = counts(a, b);
            assert_eq!(counts(b, a), (added, retained, gone), "{a:?} / {b:?}");
        }
        assert_eq!(
            counts("misinformation and climate change", "climate change policy"),
            (1, 1, 0)
        );
    }
}
