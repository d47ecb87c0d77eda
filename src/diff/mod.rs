//! Word diff: the stage after [`crate::align`]. For each matched pair of entries it computes a
//! word-level diff with `similar` (the only module that uses it) and converts it into the
//! project's own [`Segment`]s. A deadline bounds the work on huge inputs; past it, `similar`
//! returns a coarser (still correct) diff and [`WordDiff::approximate`] says so.

use std::time::Instant;

use similar::{ChangeTag, TextDiff};

/// What a segment does to the old text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

/// A run of text with one [`Op`]. Old text = `Equal` + `Delete` segments in order; new text =
/// `Equal` + `Insert` segments in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub op: Op,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordDiff {
    pub segments: Vec<Segment>,
    /// The deadline passed: the diff is correct but may not be minimal.
    pub approximate: bool,
}

impl WordDiff {
    /// True when old and new text are the same.
    pub fn is_unchanged(&self) -> bool {
        self.segments.iter().all(|s| s.op == Op::Equal)
    }
}

/// Diffs `old` against `new` word by word, giving up on minimality at `deadline`.
///
/// ```
/// use rmfdiff::diff::{diff_words, Op};
/// let diff = diff_words("fair and diverse teams", "fair teams", None);
/// let ops: Vec<_> = diff.segments.iter().map(|s| (s.op, s.text.as_str())).collect();
/// assert_eq!(ops, [(Op::Equal, "fair "), (Op::Delete, "and diverse "), (Op::Equal, "teams")]);
/// ```
pub fn diff_words(old: &str, new: &str, deadline: Option<Instant>) -> WordDiff {
    let mut config = TextDiff::configure();
    if let Some(deadline) = deadline {
        config.deadline(deadline);
    }
    let diff = config.diff_unicode_words(old, new);
    let mut segments: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => Op::Equal,
            ChangeTag::Delete => Op::Delete,
            ChangeTag::Insert => Op::Insert,
        };
        push(&mut segments, op, change.value());
    }
    WordDiff {
        segments: coalesce(segments),
        approximate: deadline.is_some_and(|d| Instant::now() >= d),
    }
}

/// Appends text with `op`, extending the last segment when it has the same op.
fn push(segments: &mut Vec<Segment>, op: Op, text: &str) {
    match segments.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ => segments.push(Segment {
            op,
            text: text.to_string(),
        }),
    }
}

/// Merges changes separated only by whitespace into one deletion and one insertion, so a
/// rewritten phrase reads `[-old words-]{+new words+}` rather than word by word.
fn coalesce(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut i = 0;
    while i < segments.len() {
        if segments[i].op == Op::Equal {
            push(&mut out, Op::Equal, &segments[i].text);
            i += 1;
            continue;
        }
        // A run of changes, possibly bridged by whitespace-only equal segments.
        let mut end = i;
        let mut j = i;
        while j < segments.len() {
            let bridge = segments[j].op == Op::Equal && segments[j].text.trim().is_empty();
            if segments[j].op != Op::Equal {
                end = j + 1;
            } else if !bridge {
                break;
            }
            j += 1;
        }
        let (mut deleted, mut inserted) = (String::new(), String::new());
        for segment in &segments[i..end] {
            if segment.op != Op::Insert {
                deleted.push_str(&segment.text);
            }
            if segment.op != Op::Delete {
                inserted.push_str(&segment.text);
            }
        }
        for (op, text) in [(Op::Delete, deleted), (Op::Insert, inserted)] {
            if !text.is_empty() {
                push(&mut out, op, &text);
            }
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(diff: &WordDiff, skip: Op) -> String {
        let parts = diff.segments.iter().filter(|s| s.op != skip);
        parts.map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn segments_rebuild_both_sides() {
        let old = "Address misinformation risks.\nKeep teams diverse.";
        let new = "Address information risks.\nKeep teams skilled and diverse.";
        let diff = diff_words(old, new, None);
        assert_eq!(side(&diff, Op::Insert), old);
        assert_eq!(side(&diff, Op::Delete), new);
        assert!(!diff.is_unchanged());
    }

    #[test]
    fn changes_bridged_by_spaces_read_as_one_rewrite() {
        let diff = diff_words(
            "a team committed to diversity and skill",
            "a team with range and skill",
            None,
        );
        let ops: Vec<_> = diff
            .segments
            .iter()
            .map(|s| (s.op, s.text.as_str()))
            .collect();
        assert_eq!(
            ops,
            [
                (Op::Equal, "a team "),
                (Op::Delete, "committed to diversity"),
                (Op::Insert, "with range"),
                (Op::Equal, " and skill"),
            ]
        );
    }

    #[test]
    fn identical_text_is_one_equal_segment() {
        let diff = diff_words("same words", "same words", None);
        assert!(diff.is_unchanged());
        assert_eq!(diff.segments.len(), 1);
    }

    #[test]
    fn past_deadline_still_gives_a_correct_diff() {
        let old = "a b c d e f ".repeat(2000);
        let new = "a c b d f e ".repeat(2000);
        let diff = diff_words(&old, &new, Some(Instant::now()));
        assert!(diff.approximate);
        assert_eq!(side(&diff, Op::Insert), old);
        assert_eq!(side(&diff, Op::Delete), new);
    }
}
