//! Word diff: the stage after [`crate::align`]. For each matched pair of entries it computes a
//! word-level diff ([`hunt`], with `similar`'s hooks: the only module that uses the crate) and
//! converts it into the project's own [`Segment`]s. A deadline bounds the work on huge
//! inputs; past it, the diff is coarser (still correct) and [`WordDiff::approximate`] says so.

mod hunt;

use std::ops::Range;
use std::time::Instant;

use similar::DiffTag;
use unicode_segmentation::UnicodeSegmentation;

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
    let (spans, approximate) = if old.is_empty() || new.is_empty() {
        // An entry in one version only: deleted or inserted whole, with no words to match.
        (whole(old, new), false)
    } else if old == new {
        let mut same = Vec::new();
        push(&mut same, Op::Equal, 0..old.len(), 0..new.len());
        (same, false)
    } else {
        let (spans, approximate) = diff_spans(old, new, deadline);
        (coalesce(&spans, old, new), approximate)
    };
    WordDiff {
        segments: texts(&spans, old, new),
        approximate,
    }
}

/// The spans of a text deleted whole and another inserted whole.
fn whole(old: &str, new: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    push(&mut spans, Op::Delete, 0..old.len(), 0..0);
    push(&mut spans, Op::Insert, 0..0, 0..new.len());
    spans
}

/// The word diff of `old` against `new` before [`coalesce`], and whether the deadline passed.
/// A longest common subsequence has ties, which each direction would break its own way.
/// Diffing always from the lesser text to the greater, and mirroring when needed, makes the
/// diff of new against old the mirror of old against new, so swapping the versions of a
/// report swaps what it calls removed and added.
fn diff_spans(old: &str, new: &str, deadline: Option<Instant>) -> (Vec<Span>, bool) {
    if old < new {
        return word_spans(old, new, deadline);
    }
    let (mut spans, approximate) = word_spans(new, old, deadline);
    for span in &mut spans {
        span.op = match span.op {
            Op::Delete => Op::Insert,
            Op::Insert => Op::Delete,
            Op::Equal => Op::Equal,
        };
        std::mem::swap(&mut span.old, &mut span.new);
    }
    (spans, approximate)
}

/// A segment before its text is copied out: where it is in the old text (`Equal`, `Delete`)
/// and in the new one (`Equal`, `Insert`; the range of a side it is not in is unused). The
/// diff is worked out on these and each segment's text copied once at the end.
#[derive(Debug)]
struct Span {
    op: Op,
    old: Range<usize>,
    new: Range<usize>,
}

/// The word diff of `old` against `new`, before [`coalesce`], and whether the deadline
/// passed while it was computed.
fn word_spans(old: &str, new: &str, deadline: Option<Instant>) -> (Vec<Span>, bool) {
    let (old_words, new_words) = (Words::of(old), Words::of(new));
    // Reading the clock costs more than diffing a short text: below this size the work is
    // bounded by (words)² steps, a few milliseconds at most, and no deadline is set.
    let deadline = deadline.filter(|_| old_words.words.len() + new_words.words.len() > 2000);
    // Hunt finds a longest common subsequence of words from the matching pairs, with a
    // bounded budget (then Myers): on SP 800-53 Rev. 4 → Rev. 5 it changes fewer bytes than
    // Myers and takes under half its time, since rewritten prose shares few words in order.
    let ops = hunt::diff(&old_words.words, &new_words.words, deadline);
    let mut spans: Vec<Span> = Vec::new();
    push_gap(&mut spans, old_words.lead(), new_words.lead(), (old, new));
    for op in &ops {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        match op.tag() {
            DiffTag::Equal => {
                for (o, n) in old_range.zip(new_range) {
                    let (old_word, new_word) = (old_words.word(o), new_words.word(n));
                    push(&mut spans, Op::Equal, old_word, new_word);
                    push_gap(&mut spans, old_words.gap(o), new_words.gap(n), (old, new));
                }
            }
            _ => {
                push(&mut spans, Op::Delete, old_words.span(old_range), 0..0);
                push(&mut spans, Op::Insert, 0..0, new_words.span(new_range));
            }
        }
    }
    (spans, deadline.is_some_and(|d| Instant::now() >= d))
}

/// A text cut into words (Unicode word boundaries: words, numbers, punctuation marks) and
/// the whitespace after each. Only the words are diffed: whitespace tokens would double
/// the length of the sequences and match everywhere, which makes the diff several times
/// slower without making it better; whitespace is compared word by word afterwards.
struct Words<'a> {
    text: &'a str,
    words: Vec<&'a str>,
    /// Byte offset of each word.
    starts: Vec<usize>,
    /// Byte offset of the end of the whitespace after each word.
    ends: Vec<usize>,
}

impl<'a> Words<'a> {
    fn of(text: &'a str) -> Words<'a> {
        // About one word in six bytes of prose: room made once, not grown word by word.
        let room = text.len() / 6 + 1;
        let mut words = Words {
            text,
            words: Vec::with_capacity(room),
            starts: Vec::with_capacity(room),
            ends: Vec::with_capacity(room),
        };
        let mut add = |start: usize, token: &'a str| {
            let end = start + token.len();
            if token.chars().all(char::is_whitespace) {
                if let Some(last) = words.ends.last_mut() {
                    *last = end;
                }
            } else {
                words.words.push(token);
                words.starts.push(start);
                words.ends.push(end);
            }
        };
        word_bounds(text).for_each(|(start, token)| add(start, token));
        words
    }

    /// Where word `i` is.
    fn word(&self, i: usize) -> Range<usize> {
        self.starts[i]..self.starts[i] + self.words[i].len()
    }

    /// Where the whitespace before the first word is.
    fn lead(&self) -> Range<usize> {
        0..self.starts.first().copied().unwrap_or(self.text.len())
    }

    /// Where the whitespace after word `i` is.
    fn gap(&self, i: usize) -> Range<usize> {
        self.starts[i] + self.words[i].len()..self.ends[i]
    }

    /// Where words `range` are, each with the whitespace after it.
    fn span(&self, range: Range<usize>) -> Range<usize> {
        match (range.is_empty(), self.starts.get(range.start)) {
            (false, Some(&start)) => start..self.ends[range.end - 1],
            _ => 0..0,
        }
    }
}

/// The tokens of `text` at Unicode word boundaries (UAX #29), with their byte offsets. An
/// ASCII text is cut whole by [`AsciiWordBounds`]. In any other, a line feed always ends a
/// token (WB3a), so each line is cut on its own: an ASCII line by [`AsciiWordBounds`], any
/// other in [`pieces`], its ASCII ones by [`AsciiWordBounds`] and the others by
/// `unicode-segmentation`. So a text with a few curly quotes takes the fast path nearly
/// everywhere.
fn word_bounds(text: &str) -> Tokens<'_> {
    if text.is_ascii() {
        return tokens(text, true);
    }
    let mut line_start = 0;
    Box::new(text.split_inclusive('\n').flat_map(move |line| {
        let base = line_start;
        line_start += line.len();
        let tokens: Tokens<'_> = if line.is_ascii() {
            tokens(line, true)
        } else {
            Box::new(pieces(line).into_iter().flat_map(move |(at, ascii)| {
                let piece_tokens = tokens(&line[at.clone()], ascii);
                piece_tokens.map(move |(start, token)| (at.start + start, token))
            }))
        };
        tokens.map(move |(start, token)| (base + start, token))
    }))
}

/// Tokens with their byte offsets.
type Tokens<'a> = Box<dyn Iterator<Item = (usize, &'a str)> + 'a>;

/// The tokens of `text`: by [`AsciiWordBounds`] when it is `ascii`, else by
/// `unicode-segmentation`.
fn tokens(text: &str, ascii: bool) -> Tokens<'_> {
    if ascii {
        Box::new(AsciiWordBounds { text, at: 0 })
    } else {
        Box::new(text.split_word_bound_indices())
    }
}

/// A line with some non-ASCII character cut where UAX #29 always puts a word boundary and
/// no rule looks across it: after a space and before an ASCII character other than a space
/// (neither joins them, WB3d and WB4, and no other rule joins anything to a space). So a
/// curly quote sends only its own stretch of the line to the Unicode tables, not the whole
/// paragraph. Each piece says whether it is ASCII; pieces alike are joined.
fn pieces(line: &str) -> Vec<(Range<usize>, bool)> {
    let bytes = line.as_bytes();
    let mut pieces: Vec<(Range<usize>, bool)> = Vec::new();
    let (mut start, mut ascii) = (0, true);
    for at in 1..=bytes.len() {
        ascii &= bytes[at - 1].is_ascii();
        let cut = at == bytes.len()
            || (bytes[at - 1] == b' ' && bytes[at].is_ascii() && bytes[at] != b' ');
        if !cut {
            continue;
        }
        match pieces.last_mut() {
            Some((last, last_ascii)) if *last_ascii == ascii => last.end = at,
            _ => pieces.push((start..at, ascii)),
        }
        (start, ascii) = (at, true);
    }
    pieces
}

/// The tokens of an ASCII text at Unicode word boundaries (UAX #29), with their byte
/// offsets: the same tokens as `split_word_bound_indices`, several times faster, since
/// nearly all of NIST's text is ASCII and needs no table look-ups. In ASCII the rules are
/// few: letters, digits and `_` hold together; a letter, then `:`, `.` or `'`, then a
/// letter hold together (WB6, WB7), and so do a digit, then `,`, `;`, `.` or `'`, then a
/// digit (WB11, WB12); runs of spaces hold together (WB3d), and so does CR LF (WB3);
/// every other character is a token of its own.
struct AsciiWordBounds<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for AsciiWordBounds<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let first = *bytes.get(start)?;
        let run = |test: fn(u8) -> bool| bytes[start..].iter().take_while(|&&b| test(b)).count();
        let len = match first {
            b'\r' if bytes.get(start + 1) == Some(&b'\n') => 2,
            b' ' => run(|b| b == b' '),
            b if is_word_byte(b) => {
                let mut end = start + 1;
                while let Some(&b) = bytes.get(end) {
                    if is_word_byte(b) {
                        end += 1;
                        continue;
                    }
                    let (before, after) = (bytes[end - 1], bytes.get(end + 1).copied());
                    let joins_letters = before.is_ascii_alphabetic()
                        && matches!(b, b':' | b'.' | b'\'')
                        && after.is_some_and(|a| a.is_ascii_alphabetic());
                    let joins_digits = before.is_ascii_digit()
                        && matches!(b, b',' | b';' | b'.' | b'\'')
                        && after.is_some_and(|a| a.is_ascii_digit());
                    if !(joins_letters || joins_digits) {
                        break;
                    }
                    end += 2;
                }
                end - start
            }
            _ => 1,
        };
        self.at = start + len;
        Some((start, &self.text[start..start + len]))
    }
}

/// A letter, a digit or `_`: ASCII characters that hold together in a word (WB5, WB8–WB10,
/// WB13a, WB13b).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whitespace after a word that is in both texts: the same, or replaced.
fn push_gap(
    spans: &mut Vec<Span>,
    old: Range<usize>,
    new: Range<usize>,
    (old_text, new_text): (&str, &str),
) {
    if old_text[old.clone()] == new_text[new.clone()] {
        push(spans, Op::Equal, old, new);
    } else {
        push(spans, Op::Delete, old, 0..0);
        push(spans, Op::Insert, 0..0, new);
    }
}

/// Appends a span with `op`, extending the last one when it has the same op: the two are
/// then next to each other in each text they are in, since the spans rebuild both texts.
fn push(spans: &mut Vec<Span>, op: Op, old: Range<usize>, new: Range<usize>) {
    let text = if op == Op::Insert { &new } else { &old };
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.op == op => {
            last.old.end = old.end;
            last.new.end = new.end;
        }
        _ => spans.push(Span { op, old, new }),
    }
}

/// Merges changes separated only by whitespace and punctuation into one deletion and one
/// insertion, so a rewritten phrase reads `[-old words-]{+new words+}` rather than word by
/// word, or around a comma or bracket the two texts happen to share.
fn coalesce(spans: &[Span], old: &str, new: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let mut i = 0;
    while i < spans.len() {
        if spans[i].op == Op::Equal {
            push(
                &mut out,
                Op::Equal,
                spans[i].old.clone(),
                spans[i].new.clone(),
            );
            i += 1;
            continue;
        }
        // A run of changes, possibly bridged by whitespace-only equal spans.
        let mut end = i;
        let mut j = i;
        while j < spans.len() {
            let bridge = spans[j].op == Op::Equal
                && !old[spans[j].old.clone()].contains(char::is_alphanumeric);
            if spans[j].op != Op::Equal {
                end = j + 1;
            } else if !bridge {
                break;
            }
            j += 1;
        }
        // The run's old side (equal and deleted spans) and new side (equal and inserted) are
        // each one stretch of its text.
        let (mut deleted, mut inserted): (Option<Range<usize>>, Option<Range<usize>>) =
            (None, None);
        for span in &spans[i..end] {
            if span.op != Op::Insert {
                deleted = Some(deleted.map_or(span.old.clone(), |d| d.start..span.old.end));
            }
            if span.op != Op::Delete {
                inserted = Some(inserted.map_or(span.new.clone(), |n| n.start..span.new.end));
            }
        }
        let (deleted, inserted) = (deleted.unwrap_or(0..0), inserted.unwrap_or(0..0));
        // Whitespace that ends both sides is kept out of the change: `[-a b-]{+c+} d`.
        let shared = common_whitespace_suffix(&old[deleted.clone()], &new[inserted.clone()]);
        let (old_cut, new_cut) = (deleted.end - shared, inserted.end - shared);
        push(&mut out, Op::Delete, deleted.start..old_cut, 0..0);
        push(&mut out, Op::Insert, 0..0, inserted.start..new_cut);
        push(
            &mut out,
            Op::Equal,
            old_cut..deleted.end,
            new_cut..inserted.end,
        );
        i = end;
    }
    out
}

/// The spans' texts: equal and deleted text from the old text, inserted from the new.
fn texts(spans: &[Span], old: &str, new: &str) -> Vec<Segment> {
    let text = |span: &Span| match span.op {
        Op::Insert => new[span.new.clone()].to_string(),
        _ => old[span.old.clone()].to_string(),
    };
    spans
        .iter()
        .map(|span| Segment {
            op: span.op,
            text: text(span),
        })
        .collect()
}

/// The length in bytes of the whitespace both texts end with.
fn common_whitespace_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y && x.is_whitespace())
        .map(|(x, _)| x.len_utf8())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(diff: &WordDiff) -> Vec<(Op, &str)> {
        diff.segments
            .iter()
            .map(|s| (s.op, s.text.as_str()))
            .collect()
    }

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
        assert_eq!(
            ops(&diff),
            [
                (Op::Equal, "a team "),
                (Op::Delete, "committed to diversity"),
                (Op::Insert, "with range"),
                (Op::Equal, " and skill"),
            ]
        );
    }

    #[test]
    fn changes_bridged_by_punctuation_read_as_one_rewrite() {
        let diff = diff_words("Apply AC-6(2) here", "Apply SC-7(3) here", None);
        assert_eq!(
            ops(&diff),
            [
                (Op::Equal, "Apply "),
                (Op::Delete, "AC-6(2"),
                (Op::Insert, "SC-7(3"),
                (Op::Equal, ") here"),
            ]
        );
    }

    #[test]
    fn whitespace_is_compared_after_the_words() {
        let cases = [
            ("  lead and words\n", "lead  and\nwords"),
            ("", "   "),
            (" \n ", ""),
            ("a, b; c.", "a,b ; c. d"),
            ("tail", "tail\n\nmore words"),
        ];
        for (old, new) in cases {
            let diff = diff_words(old, new, None);
            assert_eq!(side(&diff, Op::Insert), old, "{old:?} → {new:?}");
            assert_eq!(side(&diff, Op::Delete), new, "{old:?} → {new:?}");
        }
        let diff = diff_words("keep  these words", "keep these\nwords", None);
        assert_eq!(
            ops(&diff),
            [
                (Op::Equal, "keep"),
                (Op::Delete, " "),
                (Op::Equal, " these"),
                (Op::Delete, " "),
                (Op::Insert, "\n"),
                (Op::Equal, "words"),
            ]
        );
    }

    /// The ASCII fast path cuts a text where the Unicode word segmentation does.
    fn assert_same_word_bounds(text: &str) {
        let fast: Vec<_> = AsciiWordBounds { text, at: 0 }.collect();
        let unicode: Vec<_> = text.split_word_bound_indices().collect();
        assert_eq!(fast, unicode, "{text:?}");
    }

    #[test]
    fn ascii_word_bounds_are_unicode_word_bounds() {
        let cases = [
            "",
            "AC-6(2), a.b a..b a:b a.1 1.a 1,000.50 1;2 1'2 can't x'' 'a",
            "e.g., U.S. (NIST SP 800-53r5) foo_bar _x x_ __ a_.b 3.a_1",
            "  two  spaces\tand\t\ttabs\r\n\r\rCR\n\nend.\x0b\x0c\x01!?",
            "http://www.nist.gov/a:b:c/ID.AM-01:x",
        ];
        for text in cases {
            assert_same_word_bounds(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_word_bounds_on_any_ascii(text in "[aZ19_ .,;:'\"()\\r\n\t\x0b\x01!-]{0,40}") {
            assert_same_word_bounds(&text);
        }

        /// Lines mixing ASCII with what the Unicode rules treat apart: combining marks and
        /// joiners after spaces, flags, emoji, curly quotes, letters with accents.
        #[test]
        fn word_bounds_on_any_text(
            text in "([ab1 .,':\r\n_\t]|é|\u{301}|\u{200D}|\u{1F1FA}|\u{1F1F8}|\u{1F600}|“|—|\u{A0}|\u{3000}){0,40}"
        ) {
            let unicode: Vec<_> = text.split_word_bound_indices().collect();
            proptest::prop_assert_eq!(word_bounds(&text).collect::<Vec<_>>(), unicode);
        }

        /// Texts of few words, spaces and punctuation, so the two share runs and differ in
        /// whitespace: the segments rebuild both, and each differs in op from the one before.
        #[test]
        fn segments_rebuild_both_texts_in_runs(
            old in "([ab,é]|  |\n){0,24}",
            new in "([ab,é]|  |\n){0,24}",
        ) {
            let diff = diff_words(&old, &new, None);
            proptest::prop_assert_eq!(side(&diff, Op::Insert), old);
            proptest::prop_assert_eq!(side(&diff, Op::Delete), new);
            let ops = diff.segments.iter().map(|s| s.op);
            proptest::prop_assert!(ops.clone().zip(ops.skip(1)).all(|(a, b)| a != b));
            proptest::prop_assert!(diff.segments.iter().all(|s| !s.text.is_empty()));
        }

        /// A text against nothing is deleted or inserted whole, as diffing its words gives.
        #[test]
        fn a_text_against_nothing_is_its_words_diffed(text in "([ab,é]|  |\n){0,24}") {
            for (old, new) in [("", text.as_str()), (text.as_str(), "")] {
                let (spans, _) = diff_spans(old, new, None);
                let diffed = texts(&coalesce(&spans, old, new), old, new);
                proptest::prop_assert_eq!(texts(&whole(old, new), old, new), diffed);
            }
        }
    }

    #[test]
    fn word_bounds_line_by_line_are_unicode_word_bounds() {
        let cases = [
            "a “quoted” line\nan ASCII line, e.g. AC-2\r\n\u{301}x — dash\n\n",
            "\n\u{1F1FA}\u{1F1F8}\n\u{1F1FA}x",
        ];
        let shipped = crate::frameworks::SHIPPED.iter();
        let shipped = shipped.map(|s| std::str::from_utf8(s.xml).unwrap());
        for text in cases.into_iter().chain(shipped) {
            let unicode: Vec<_> = text.split_word_bound_indices().collect();
            assert_eq!(word_bounds(text).collect::<Vec<_>>(), unicode);
        }
    }

    #[test]
    fn ascii_word_bounds_on_every_shipped_text() {
        for shipped in crate::frameworks::SHIPPED {
            let text = std::str::from_utf8(shipped.xml).unwrap();
            // Each line alone and the whole file (ASCII ones; the others take the Unicode path).
            for line in text.lines().filter(|l| l.is_ascii()) {
                assert_same_word_bounds(line);
            }
            let ascii: String = text.chars().filter(char::is_ascii).collect();
            assert_same_word_bounds(&ascii);
        }
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
