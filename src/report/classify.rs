//! Classifies each topic hit of a matched pair as removed, reworded, retained or added, by
//! locating it in the word diff of the pair.
//!
//! Every old hit gets exactly one of removed / reworded / retained, and every new hit is
//! either the partner of one retained old hit or added, so that
//! `old = removed + reworded + retained` and `new = retained + added`. A partner has the
//! same strength: a direct term whose context now makes it related ("inclusion" →
//! "inclusion of") is reworded, and the related one added, so that the direct counts of
//! each version are those of a scan of it too.

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
    /// For a retained (new) hit: where it was in the old text.
    pub previous: Option<Range<usize>>,
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
    let mut taken = vec![false; new_hits.len()];
    let mut out = Vec::new();
    for hit in old_hits {
        let (window, unchanged, replaced) = counterpart(&spans, hit.start..hit.end);
        let partner = new_hits.iter().enumerate().position(|(i, new)| {
            !taken[i]
                && new.topic == hit.topic
                && new.strength == hit.strength
                && (new.term == hit.term
                    || untouched(&spans, hit.start..hit.end, Side::Old)
                        && untouched(&spans, new.start..new.end, Side::New))
                && overlaps(&window, &(new.start..new.end))
        });
        let status = match partner {
            Some(i) => {
                taken[i] = true;
                out.push(Classified {
                    hit: &new_hits[i],
                    status: Status::Retained,
                    counterpart: None,
                    previous: Some(hit.start..hit.end),
                });
                continue;
            }
            None if replaced || unchanged => Status::Reworded,
            None => Status::Removed,
        };
        out.push(Classified {
            hit,
            status,
            counterpart: Some(window),
            previous: None,
        });
    }
    for (i, hit) in new_hits.iter().enumerate() {
        if !taken[i] {
            out.push(Classified {
                hit,
                status: Status::Added,
                counterpart: None,
                previous: None,
            });
        }
    }
    out
}

/// Where the old range `hit` went in the new text: the new range it maps to (widened over
/// any words that replaced it), whether it lies wholly in unchanged text, and whether
/// new words replaced some of it.
fn counterpart(spans: &[Span], hit: Range<usize>) -> (Range<usize>, bool, bool) {
    let mut window: Option<Range<usize>> = None;
    let mut unchanged = true;
    let mut replaced = false;
    let mut widen = |range: Range<usize>| {
        window = Some(match window.take() {
            Some(w) => w.start.min(range.start)..w.end.max(range.end),
            None => range,
        });
    };
    for (i, span) in spans.iter().enumerate() {
        if span.op == Op::Insert || !overlaps(&span.old, &hit) {
            continue;
        }
        match span.op {
            Op::Equal => {
                let start = span.new.start + hit.start.saturating_sub(span.old.start);
                let end = span.new.start + (hit.end.min(span.old.end) - span.old.start);
                widen(start..end);
            }
            _ => {
                unchanged = false;
                widen(span.new.clone());
                for neighbour in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
                    if let Some(s) = spans.get(neighbour).filter(|s| s.op == Op::Insert) {
                        replaced |= !s.new.is_empty();
                        widen(s.new.clone());
                    }
                }
            }
        }
    }
    (window.unwrap_or(0..0), unchanged, replaced)
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Old,
    New,
}

/// True when `range` of one side's text lies in unchanged text, with nothing of the other
/// side inserted inside it. It is the same test from either side, so the classification of
/// old against new mirrors that of new against old.
fn untouched(spans: &[Span], range: Range<usize>, side: Side) -> bool {
    let (own, other) = match side {
        Side::Old => (Op::Delete, Op::Insert),
        Side::New => (Op::Insert, Op::Delete),
    };
    spans.iter().all(|span| {
        let at = if side == Side::Old {
            &span.old
        } else {
            &span.new
        };
        if span.op == own {
            !overlaps(at, &range)
        } else if span.op == other {
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
