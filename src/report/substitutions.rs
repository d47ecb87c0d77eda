//! What took the place of the references that went: the question after "what was removed".
//! Computed once from the report's finished changes, for the renderers to read:
//! [`Substitution`] rows (a removed or reworded reference and the words now where it was),
//! [`TermCount`]s (each term's occurrences in each version) and [`RisingWord`]s (the words
//! the changed passages gained most).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::{Change, ChangeKind, Status, TopicSummary};
use crate::align::EntryWords;
use crate::diff::Op;
use crate::topics::Lexicon;
use crate::words::{Run, WordMap, each_run};

/// How many removed or reworded references of one wording the new text replaced with the
/// same words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    pub topic: String,
    /// The lexicon term.
    pub term: String,
    /// The words as written in the old text, lower-cased.
    pub matched: String,
    /// What stands in their place in the new text, lower-cased; empty when nothing does.
    pub replaced_by: String,
    pub count: usize,
}

/// One lexicon term's occurrences in each version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermCount {
    pub topic: String,
    pub term: String,
    pub old: usize,
    pub new: usize,
}

/// A word used more often in the changed passages of the new version than in the old.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RisingWord {
    /// Lower-cased letters.
    pub word: String,
    /// Occurrences in the text the new version dropped.
    pub deleted: usize,
    /// Occurrences in the text the new version brought.
    pub inserted: usize,
}

impl RisingWord {
    /// How many more times the new version uses it.
    pub fn rise(&self) -> usize {
        self.inserted - self.deleted
    }
}

/// The rising words on one line, for the reports: `range +1 (0 → 1), broad +1 (0 → 1)`.
pub fn rising_line(words: &[RisingWord]) -> String {
    let words = words.iter().map(|w| {
        let (rise, deleted, inserted) = (w.rise(), w.deleted, w.inserted);
        format!("{} +{rise} ({deleted} → {inserted})", w.word)
    });
    words.collect::<Vec<_>>().join(", ")
}

/// How many rising words a report names.
const RISING_WORDS: usize = 10;

/// Words shorter than this are not counted among the rising words.
const MIN_WORD: usize = 4;

/// Common words of four letters or more that say nothing about what a revision is about,
/// and the schemes of web addresses (cited sources are cut into words like any text).
const STOPWORDS: &[&str] = &[
    "about", "also", "been", "being", "between", "both", "could", "does", "each", "from", "have",
    "http", "https", "into", "more", "most", "must", "other", "shall", "should", "some", "such",
    "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "upon", "were", "what", "when", "where", "which", "while", "will", "with", "within", "without",
    "would",
];

/// The removed and reworded references grouped by what replaced them: most frequent first,
/// then by topic, term, wording and replacement.
pub(super) fn substitutions(changes: &[Change]) -> Vec<Substitution> {
    let mut counts: BTreeMap<[String; 4], usize> = BTreeMap::new();
    for r in changes.iter().flat_map(|c| &c.topics) {
        if let Some(replaced_by) = &r.replaced_by {
            let key = [
                r.topic.clone(),
                r.term.clone(),
                r.matched.to_lowercase(),
                replaced_by.to_lowercase(),
            ];
            *counts.entry(key).or_default() += 1;
        }
    }
    let mut rows: Vec<Substitution> = counts
        .into_iter()
        .map(
            |([topic, term, matched, replaced_by], count)| Substitution {
                topic,
                term,
                matched,
                replaced_by,
                count,
            },
        )
        .collect();
    // The map gave them in key order; a stable sort keeps it among equal counts.
    rows.sort_by_key(|row| std::cmp::Reverse(row.count));
    rows
}

/// Each term of the report's topics, in lexicon order, with its occurrences in the old and
/// the new version; terms found in neither are left out. A reference that narrowed or
/// widened counts under its old term in the old version, so each column is what a scan of
/// that version finds.
pub(super) fn term_counts(
    lexicon: &Lexicon,
    topics: &[TopicSummary],
    changes: &[Change],
) -> Vec<TermCount> {
    let mut rows: Vec<TermCount> = lexicon
        .topics
        .iter()
        .filter(|t| topics.iter().any(|s| s.key == t.key))
        .flat_map(|t| {
            t.terms.iter().map(|term| TermCount {
                topic: t.key.clone(),
                term: term.phrase.clone(),
                old: 0,
                new: 0,
            })
        })
        .collect();
    let mut at: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        at.entry((&row.topic, &row.term)).or_insert(i);
    }
    let mut old = vec![0; rows.len()];
    let mut new = vec![0; rows.len()];
    for r in changes.iter().flat_map(|c| &c.topics) {
        let old_term = r.was.as_ref().map_or(&r.term, |w| &w.term);
        if r.status != Status::Added
            && let Some(&i) = at.get(&(r.topic.as_str(), old_term.as_str()))
        {
            old[i] += 1;
        }
        if matches!(r.status, Status::Retained | Status::Added)
            && let Some(&i) = at.get(&(r.topic.as_str(), r.term.as_str()))
        {
            new[i] += 1;
        }
    }
    for (i, row) in rows.iter_mut().enumerate() {
        (row.old, row.new) = (old[i], new[i]);
    }
    rows.retain(|row| row.old > 0 || row.new > 0);
    rows
}

/// The words whose use rose most in the changed entries: inserted minus deleted, most first,
/// then alphabetical; only those that rose. `words` are the versions' words, found as they
/// were read.
pub(super) fn rising_words(changes: &[Change], words: [&EntryWords; 2]) -> Vec<RisingWord> {
    let counts = word_counts(changes, words);
    // The best ones kept in order as the words come: a word is written out only to join them.
    let mut rising: Vec<RisingWord> = Vec::with_capacity(RISING_WORDS + 1);
    counts.for_each(|word, (deleted, inserted)| {
        if inserted <= deleted {
            return;
        }
        let rise = inserted - deleted;
        // Most rise first, then alphabetical: each word is one place in that order.
        let before =
            |r: &RisingWord| r.rise() > rise || (r.rise() == rise && r.word.as_str() < word);
        let at = rising.partition_point(before);
        // Stopwords are dropped here, once per distinct word that would be kept, not at each
        // occurrence.
        if at < RISING_WORDS && !is_stopword(word) {
            let word = word.to_string();
            rising.insert(
                at,
                RisingWord {
                    word,
                    deleted,
                    inserted,
                },
            );
            rising.truncate(RISING_WORDS);
        }
    });
    rising
}

/// Word → (deleted, inserted) in the changes' text, each word as [`each_word`] cuts it.
fn word_counts<'t>(
    changes: &'t [Change],
    words: [&'t EntryWords; 2],
) -> WordMap<'t, (usize, usize)> {
    // An entry in one version only counts every word of its text, each of which was found
    // when its version was read: a text whose words are ASCII is counted from those, not cut
    // again (its letters' runs lie each in one of those words).
    let mut whole = words.map(|w| vec![0; w.distinct_words()]);
    let mut to_cut: Vec<&Change> = Vec::new();
    for change in changes.iter().filter(|c| c.kind != ChangeKind::Unchanged) {
        let entry = match (change.kind, change.entries) {
            (ChangeKind::Removed, (Some(old), _)) => Some((0, old)),
            (ChangeKind::Added, (_, Some(new))) => Some((1, new)),
            _ => None,
        };
        if !entry.is_some_and(|(side, e)| words[side].count_ascii_text(e, &mut whole[side])) {
            to_cut.push(change);
        }
    }
    let mut counts = cut_word_counts(&to_cut);
    for (side, (words, whole)) in words.iter().zip(&whole).enumerate() {
        words.each_counted(whole, |word, n| {
            // A lower-cased ASCII run of letters and digits: the words its letters make.
            let letters = word.split(|c: char| c.is_ascii_digit());
            for letters in letters.filter(|l| l.len() >= MIN_WORD) {
                let (deleted, inserted) = counts.entry(letters, true, |_| (0, 0));
                *if side == 1 { inserted } else { deleted } += n as usize;
            }
        });
    }
    counts
}

/// [`word_counts`] of `changes`, each segment's text cut into words.
fn cut_word_counts<'t>(changes: &[&'t Change]) -> WordMap<'t, (usize, usize)> {
    // Counted on all cores, one share of the changes' text each, and summed once: the same
    // counts whatever the number of cores. (Rayon's own splitting made dozens of maps to
    // merge, which took longer than the counting.)
    let text = |c: &&Change| c.segments.iter().map(|s| s.text.len()).sum();
    (even_shares(changes, rayon::current_num_threads(), text).into_par_iter())
        .map(|changes| {
            let mut counts: WordMap<'_, (usize, usize)> = WordMap::default();
            for change in changes {
                for segment in &change.segments {
                    let Some(inserted) = counted_as_inserted(change.kind, segment.op) else {
                        continue;
                    };
                    each_word(&segment.text, |word, lower| {
                        let (deleted, added) = counts.entry(word, lower, |_| (0, 0));
                        *if inserted { added } else { deleted } += 1;
                    });
                }
            }
            counts
        })
        .reduce(WordMap::default, |mut sum, counts| {
            sum.merge(counts, |sum, (deleted, inserted)| {
                (sum.0, sum.1) = (sum.0 + deleted, sum.1 + inserted);
            });
            sum
        })
}

/// `items` cut into at most `parts` runs of about equal `weight` each (for the rising words,
/// text: a removed entry may have as many words as dozens of edits together).
fn even_shares<T>(items: &[T], parts: usize, weight: impl Fn(&T) -> usize) -> Vec<&[T]> {
    let total: usize = items.iter().map(&weight).sum();
    let mut shares = Vec::with_capacity(parts);
    let (mut start, mut so_far) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        so_far += weight(item);
        if shares.len() + 1 < parts && so_far * parts >= total * (shares.len() + 1) {
            shares.push(&items[start..=i]);
            start = i + 1;
        }
    }
    shares.push(&items[start..]);
    shares
}

/// Whether a segment's words count as inserted (`Some(true)`), deleted (`Some(false)`) or not
/// at all. An entry in one version only counts all its own words: a merged or withdrawn
/// entry's segments are a diff against where its words went, whose insertions are the
/// destination's words (counted in the destination's own change) and whose equal text is
/// its own words, moved, which its destination's change counts as inserted.
fn counted_as_inserted(kind: ChangeKind, op: Op) -> Option<bool> {
    match (kind, op) {
        (ChangeKind::Removed, Op::Insert) | (ChangeKind::Added, Op::Delete) => None,
        (ChangeKind::Removed, _) => Some(false),
        (ChangeKind::Added, _) => Some(true),
        (_, Op::Equal) => None,
        (_, Op::Delete) => Some(false),
        (_, Op::Insert) => Some(true),
    }
}

/// Calls `found(word, lower)` for each word of `text` that may count: a run of letters of
/// [`MIN_WORD`] letters or more (those that are not [`is_stopword`]s count), with whether it
/// is in lower case already.
fn each_word<'t>(text: &'t str, mut found: impl FnMut(&'t str, bool)) {
    each_run(text, Run::Letters, |word, lower| {
        // Letters, not bytes, are counted; an ASCII word has as many of each.
        if word.len() >= MIN_WORD && (word.is_ascii() || word.chars().count() >= MIN_WORD) {
            found(word, lower);
        }
    });
}

fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_weigh_about_the_same_and_hold_every_item_once_in_order() {
        let items = [900, 10, 10, 10, 10, 10, 10, 10, 10, 10, 500, 500];
        let shares = |parts| even_shares(&items, parts, |&w| w);
        assert_eq!(shares(2), [&items[..11], &items[11..]]);
        assert_eq!(shares(3), [&items[..1], &items[1..11], &items[11..]]);
        assert_eq!(shares(1), [&items[..]]);
        for parts in 1..=20 {
            assert_eq!(shares(parts).concat(), items, "{parts} parts");
            assert!(shares(parts).len() <= parts);
        }
        assert_eq!(even_shares(&[0usize; 0], 2, |&w| w).concat(), [0usize; 0]);
    }

    /// An entry in one version only is counted from its version's words when those are
    /// ASCII (its punctuation may not be), by cutting its text when not: either way, as if
    /// every text were cut.
    #[test]
    fn whole_entries_count_as_their_cut_text_does() {
        use crate::load::{Format, load_bytes};
        use crate::report::{Options, Report, Version};
        let old = "# Plan\n\n## Scope\n\nEquity and fairness for teams.\n\n## Response\n\n\
            COVID19 response: the “diversity” plan’s 2nd edition covers all3 teams’ members.\n\n\
            ## Screening\n\nThe naïve approach to résumé screening.\n";
        let new = "# Plan\n\n## Scope\n\nEquity for teams.\n\n## Engineering\n\n\
            Resilience engineering for teams’ AI4 systems, 2nd edition.\n\n## Risks\n\n\
            Resilience engineering with 4 new risks ΣΊΣΥΦΟΣ.\n";
        let path = std::path::Path::new("plan.md");
        let load = |text: &str| load_bytes(text.as_bytes(), path, Some(Format::Text)).unwrap();
        let (old, new) = (load(old), load(new));
        let lexicon = Lexicon::builtin();
        let (old, new) = (
            Version::read(&old, &lexicon, &[]),
            Version::read(&new, &lexicon, &[]),
        );
        let report = Report::diff_versions(&old, &new, &lexicon, &Options::default());
        let words = [&old.words, &new.words];
        // Each kind of entry in one version only is counted each way once.
        let mut ways = Vec::new();
        for change in &report.changes {
            let (side, entry) = match (change.kind, change.entries) {
                (ChangeKind::Removed, (Some(o), _)) => (0, o),
                (ChangeKind::Added, (_, Some(n))) => (1, n),
                _ => continue,
            };
            let mut counts = vec![0; words[side].distinct_words()];
            ways.push((
                change.kind,
                words[side].count_ascii_text(entry, &mut counts),
            ));
        }
        ways.sort();
        let (removed, added) = (ChangeKind::Removed, ChangeKind::Added);
        assert_eq!(
            ways,
            [
                (added, false),
                (added, true),
                (removed, false),
                (removed, true)
            ]
        );
        let sorted = |counts: WordMap<'_, (usize, usize)>| {
            let mut list = Vec::new();
            counts.for_each(|word, n| list.push((word.to_string(), n)));
            list.sort();
            list
        };
        let counted = sorted(word_counts(&report.changes, words));
        let cut = sorted(cut_word_counts(&report.changes.iter().collect::<Vec<_>>()));
        assert_eq!(counted, cut);
        assert!(counted.contains(&("covid".into(), (1, 0))), "{counted:?}");
        assert!(counted.contains(&("edition".into(), (1, 1))), "{counted:?}");
    }

    #[test]
    fn stopwords_are_sorted_for_a_binary_search() {
        assert!(STOPWORDS.is_sorted());
    }

    #[test]
    fn words_are_letters_lower_cased_long_enough_and_not_stopwords() {
        let mut found = Vec::new();
        let text = "AI-related Resilience, with 4 new SC-7(21) risks ΣΊΣΥΦΟΣ";
        each_word(text, |word, lower| {
            assert_eq!(lower, word == word.to_lowercase(), "{word}");
            found.push(word.to_lowercase());
        });
        assert_eq!(found, ["related", "resilience", "with", "risks", "σίσυφος"]);
        let counted: Vec<&String> = found.iter().filter(|w| !is_stopword(w)).collect();
        assert_eq!(counted, ["related", "resilience", "risks", "σίσυφος"]);
    }
}
