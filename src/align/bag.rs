//! Entries as bags of words, the text evidence of the alignment: the Dice similarity of two
//! bags, the share of one bag found in another, and an inverted index that finds an entry's
//! likely partners without comparing all pairs.
//!
//! Each version's words are found on their own ([`EntryWords`], as soon as it is read), then
//! numbered once over both versions ([`Bags::of`]), so comparing bags compares numbers, not
//! strings. The numbers follow the words' alphabetical order, which is the same
//! whichever version is old, so every sum over a bag adds in the same order both ways.

use std::cmp::Ordering;

use rayon::prelude::*;

use super::Entry;
use crate::words::{Run, WordMap, each_run};

/// Words shared by more entries than this are not used to find candidates.
const COMMON_WORD: usize = 64;

/// A word's number over both versions.
pub type Word = u32;

/// Both versions' entries as bags of words, numbered over both.
pub struct Bags {
    pub old: Vec<Bag>,
    pub new: Vec<Bag>,
    /// How many distinct words the two versions have.
    pub words: usize,
}

impl Bags {
    /// The bags of two versions' entries, from each version's [`EntryWords`]: the two lists
    /// of words are sorted and merged into one alphabetical numbering.
    pub fn of(old: &EntryWords, new: &EntryWords) -> Bags {
        let (old_numbers, new_numbers, words) = number_alphabetically(
            &old.words().collect::<Vec<_>>(),
            &new.words().collect::<Vec<_>>(),
        );
        let bags = |version: &EntryWords, numbers: &[Word]| -> Vec<Bag> {
            let entries = version.entries.par_iter();
            entries.map(|words| Bag::of(words, numbers)).collect()
        };
        let (old, new) = rayon::join(|| bags(old, &old_numbers), || bags(new, &new_numbers));
        Bags { old, new, words }
    }
}

/// One version's words, for the alignment: each distinct word once, lower-cased, in the order
/// they first appear, and each entry's words (title and text) as indices into them. Found
/// from one version alone, so a version's can be found as soon as it is read, while the
/// other still loads; its words are its own copies, so it can be kept beside the entries.
pub struct EntryWords {
    /// The distinct words, one after another.
    text: String,
    /// Where each distinct word is in `text`.
    spans: Vec<(u32, u32)>,
    entries: Vec<Words>,
}

/// An entry's words: the distinct ones (the version's word index) in the order they first
/// appear, with their counts, and each word of the entry in order as an index into those.
struct Words {
    distinct: Vec<(u32, u32)>,
    sequence: Vec<u32>,
    /// Where the text's words begin in `sequence`, after the title's; none if a word of the
    /// text is not all ASCII.
    ascii_text_from: Option<u32>,
}

impl EntryWords {
    /// The words of `entries`, numbered as they come (one hash look-up a word).
    pub fn of(entries: &[Entry<'_>]) -> EntryWords {
        let mut numbers: WordMap<'_, u32> = WordMap::default();
        let (mut text, mut spans) = (String::new(), Vec::new());
        // Per word: the last entry that held it (plus one) and its index in that entry's
        // distinct words.
        let mut seen_in: Vec<(u32, u32)> = Vec::new();
        let entries = (entries.iter().zip(1..))
            .map(|(entry, seen)| {
                // Room for the words of a text of prose made once, not grown word by word.
                let room = entry.text.len() / 6;
                let mut entry_words = Words {
                    distinct: Vec::with_capacity(room / 2),
                    sequence: Vec::with_capacity(room),
                    ascii_text_from: None,
                };
                let (mut title_words, mut ascii_text) = (0, true);
                each_entry_word(entry, |word, lower, in_title| {
                    title_words += u32::from(in_title);
                    // (`lower`: ASCII, and in lower case.)
                    ascii_text &= in_title || lower || word.is_ascii();
                    let number = *numbers.entry(word, lower, |kept| {
                        let start = offset(text.len());
                        text.push_str(&kept);
                        spans.push((start, offset(text.len())));
                        seen_in.push((0, 0));
                        (spans.len() - 1) as u32
                    });
                    let (last, at) = &mut seen_in[number as usize];
                    if *last != seen {
                        (*last, *at) = (seen, entry_words.distinct.len() as u32);
                        entry_words.distinct.push((number, 0));
                    }
                    entry_words.distinct[*at as usize].1 += 1;
                    entry_words.sequence.push(*at);
                });
                entry_words.ascii_text_from = ascii_text.then_some(title_words);
                entry_words
            })
            .collect();
        EntryWords {
            text,
            spans,
            entries,
        }
    }

    /// How many distinct words the version has.
    pub fn distinct_words(&self) -> usize {
        self.spans.len()
    }

    /// Adds each word of entry `entry`'s text (its title aside) to `counts`, one per distinct
    /// word of the version; or counts nothing and returns false if a word of that text is
    /// not all ASCII.
    pub fn count_ascii_text(&self, entry: usize, counts: &mut [u32]) -> bool {
        let words = &self.entries[entry];
        let Some(from) = words.ascii_text_from else {
            return false;
        };
        for &at in &words.sequence[from as usize..] {
            counts[words.distinct[at as usize].0 as usize] += 1;
        }
        true
    }

    /// Calls `counted(word, count)` for each distinct word (lower-cased) that `counts`,
    /// one per distinct word of the version, does not give as 0.
    pub fn each_counted<'w>(&'w self, counts: &[u32], mut counted: impl FnMut(&'w str, u32)) {
        for (word, &count) in self.words().zip(counts) {
            if count > 0 {
                counted(word, count);
            }
        }
    }

    /// The distinct words, in the order of their indices.
    fn words(&self) -> impl Iterator<Item = &str> {
        let word = |&(start, end): &(u32, u32)| &self.text[start as usize..end as usize];
        self.spans.iter().map(word)
    }
}

/// A place in a version's text of distinct words.
fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("a version's distinct words take under 4 GB")
}

/// Numbers for the words of both versions in alphabetical order (the same whichever
/// version is old): for each version's words, its number, and how many numbers there are.
fn number_alphabetically(old: &[&str], new: &[&str]) -> (Vec<Word>, Vec<Word>, usize) {
    // Each word with its first 16 bytes as a number that sorts as they do: integers are
    // compared, and the words themselves only when those bytes are equal.
    let sorted = |words: &[&str]| {
        let mut order: Vec<(u128, u32)> = (words.iter().zip(0..))
            .map(|(word, i)| (sort_key(word), i))
            .collect();
        order.par_sort_unstable_by(|a, b| {
            (a.0.cmp(&b.0)).then_with(|| words[a.1 as usize].cmp(words[b.1 as usize]))
        });
        order
    };
    let (old_order, new_order) = rayon::join(|| sorted(old), || sorted(new));
    let (mut old_numbers, mut new_numbers) = (vec![0; old.len()], vec![0; new.len()]);
    let (mut i, mut j, mut next) = (0, 0, 0);
    while i < old_order.len() || j < new_order.len() {
        let (o, n) = (old_order.get(i).copied(), new_order.get(j).copied());
        let order = match (o, n) {
            (Some((o_key, o)), Some((n_key, n))) => {
                (o_key.cmp(&n_key)).then_with(|| old[o as usize].cmp(new[n as usize]))
            }
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        if let (Some((_, o)), Ordering::Less | Ordering::Equal) = (o, order) {
            old_numbers[o as usize] = next;
            i += 1;
        }
        if let (Some((_, n)), Ordering::Greater | Ordering::Equal) = (n, order) {
            new_numbers[n as usize] = next;
            j += 1;
        }
        next += 1;
    }
    (old_numbers, new_numbers, next as usize)
}

/// A word's first 16 bytes, big-endian, zero-padded: words compare as their keys do, or
/// have equal keys when those bytes are equal (a word holds no zero byte, so a shorter
/// word's padding sorts it before the longer words it begins).
fn sort_key(word: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let n = word.len().min(16);
    bytes[..n].copy_from_slice(&word.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

/// An entry's words as numbers, with their counts, in order.
pub struct Bag {
    pub words: Vec<(Word, u32)>,
    pub total: u32,
    /// Each word of the entry in order, as an index into `words`.
    sequence: Vec<u32>,
}

impl Bag {
    /// The bag of an entry's `words`, given each of its version's words' number.
    fn of(words: &Words, numbers: &[Word]) -> Bag {
        // (number, count, index in `words.distinct`), in the numbers' order.
        let mut numbered: Vec<(Word, u32, usize)> = (words.distinct.iter().enumerate())
            .map(|(at, &(word, count))| (numbers[word as usize], count, at))
            .collect();
        numbered.sort_unstable();
        let mut place = vec![0; numbered.len()];
        for (i, &(_, _, at)) in numbered.iter().enumerate() {
            place[at] = i as u32;
        }
        Bag {
            words: numbered.iter().map(|&(w, count, _)| (w, count)).collect(),
            total: words.sequence.len() as u32,
            sequence: words
                .sequence
                .iter()
                .map(|&at| place[at as usize])
                .collect(),
        }
    }

    /// Calls `shared(index in self, index in other)` for each word the two bags share (a merge
    /// of two sorted lists).
    pub fn for_shared(&self, other: &Bag, mut shared: impl FnMut(usize, usize)) {
        let (mut i, mut j) = (0, 0);
        while i < self.words.len() && j < other.words.len() {
            match self.words[i].0.cmp(&other.words[j].0) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => {
                    shared(i, j);
                    i += 1;
                    j += 1;
                }
            }
        }
    }

    /// Dice coefficient of the two bags: `2 × shared words / (words in both)`, from 0 to 1.
    pub fn dice(&self, other: &Bag) -> f64 {
        let mut shared = 0u32;
        self.for_shared(other, |i, j| {
            shared += self.words[i].1.min(other.words[j].1);
        });
        dice(shared, self.total + other.total)
    }

    /// Which of this bag's distinct words (by index, each once) lie together in `other`'s
    /// entry: within the run of `window` words of its title and text that holds the most
    /// `weights`. So a long entry does not seem to hold a short one's words because they are
    /// scattered all over it.
    pub fn found_in(&self, other: &Bag, weights: &[f64], window: usize) -> Vec<(usize, u32)> {
        // Each of the other's distinct words, as one of ours.
        let mut ours = vec![None; other.words.len()];
        other.for_shared(self, |j, i| ours[j] = Some(i));
        let at: Vec<Option<usize>> = other.sequence.iter().map(|&j| ours[j as usize]).collect();
        let mut count = vec![0u32; self.words.len()];
        let (mut held, mut best, mut best_end) = (0.0, 0.0, 0);
        for end in 0..at.len() {
            if let Some(i) = at[end] {
                if count[i] == 0 {
                    held += weights[i];
                }
                count[i] += 1;
            }
            if end >= window
                && let Some(i) = at[end - window]
            {
                count[i] -= 1;
                if count[i] == 0 {
                    held -= weights[i];
                }
            }
            if held > best + 1e-9 {
                (best, best_end) = (held, end + 1);
            }
        }
        let mut count = vec![0u32; self.words.len()];
        for i in at[best_end.saturating_sub(window)..best_end]
            .iter()
            .flatten()
        {
            count[*i] = 1;
        }
        count
            .into_iter()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// Calls `found(word, lower, in_title)` for each word of an entry's title and text, in
/// order, as it is written, with whether it is ASCII in lower case already. A title that
/// only repeats the id (AI RMF subcategories) is id evidence, not words.
fn each_entry_word<'a>(entry: &'a Entry<'_>, mut found: impl FnMut(&'a str, bool, bool)) {
    let title = entry.node.own_title().unwrap_or_default();
    each_run(title, Run::LettersAndDigits, |word, lower| {
        found(word, lower, true)
    });
    each_run(&entry.text, Run::LettersAndDigits, |word, lower| {
        found(word, lower, false)
    });
}

/// One bag's counts spread over all the words, so that comparing it with many others is a
/// look-up per word of theirs instead of a merge of two sorted lists.
pub struct Spread {
    counts: Vec<u32>,
    words: Vec<Word>,
    total: u32,
}

impl Spread {
    /// Room for `words` distinct words, no bag spread yet.
    pub fn new(words: usize) -> Spread {
        Spread {
            counts: vec![0; words],
            words: Vec::new(),
            total: 0,
        }
    }

    /// Spreads `bag` in place of the last one.
    pub fn set(&mut self, bag: &Bag) {
        for &w in &self.words {
            self.counts[w as usize] = 0;
        }
        self.words.clear();
        for &(w, count) in &bag.words {
            self.counts[w as usize] = count;
            self.words.push(w);
        }
        self.total = bag.total;
    }

    /// [`Bag::dice`] of the spread bag and `other`.
    pub fn dice(&self, other: &Bag) -> f64 {
        let shared: u32 = (other.words.iter())
            .map(|&(w, count)| self.counts[w as usize].min(count))
            .sum();
        dice(shared, self.total + other.total)
    }

    /// At least [`Spread::dice`] of the spread bag and `other`, from their lengths alone: two
    /// bags share at most the shorter one's words.
    pub fn dice_at_most(&self, other: &Bag) -> f64 {
        dice(self.total.min(other.total), self.total + other.total)
    }
}

/// The Dice coefficient of two bags that share `shared` of their `words` together: 1 when
/// both are empty.
fn dice(shared: u32, words: u32) -> f64 {
    if words == 0 {
        return 1.0;
    }
    2.0 * f64::from(shared) / f64::from(words)
}

/// Word → the entries of one version that contain it.
pub struct WordIndex {
    /// The entries holding each word, word after word: those of word `w` are
    /// `holding[starts[w]..starts[w + 1]]`, in order. One array, not one per word.
    holding: Vec<u32>,
    starts: Vec<u32>,
    entries: usize,
}

impl WordIndex {
    /// The index of one version's `bags`, of `words` distinct words over both versions.
    pub fn new(bags: &[Bag], words: usize) -> WordIndex {
        let mut starts = vec![0u32; words + 1];
        for bag in bags {
            for &(word, _) in &bag.words {
                starts[word as usize + 1] += 1;
            }
        }
        for w in 1..starts.len() {
            starts[w] += starts[w - 1];
        }
        let mut next = starts.clone();
        let mut holding = vec![0u32; starts[words] as usize];
        for (n, bag) in bags.iter().enumerate() {
            for &(word, _) in &bag.words {
                holding[next[word as usize] as usize] = n as u32;
                next[word as usize] += 1;
            }
        }
        WordIndex {
            holding,
            starts,
            entries: bags.len(),
        }
    }

    /// The entries that hold `word`, in order.
    fn postings(&self, word: Word) -> &[u32] {
        let w = word as usize;
        &self.holding[self.starts[w] as usize..self.starts[w + 1] as usize]
    }

    /// How many entries hold `word`.
    pub fn frequency(&self, word: Word) -> usize {
        self.postings(word).len()
    }

    /// The `limit` entries sharing the most distinct, not-too-common words with `bag`.
    pub fn candidates(&self, bag: &Bag, limit: usize) -> Vec<usize> {
        let mut shared = vec![0u32; self.entries];
        let mut touched = Vec::new();
        for &(word, _) in &bag.words {
            let list = self.postings(word);
            if list.len() > COMMON_WORD {
                continue;
            }
            for n in list.iter().map(|&n| n as usize) {
                if shared[n] == 0 {
                    touched.push(n);
                }
                shared[n] += 1;
            }
        }
        let mut ranked: Vec<(u32, usize)> = touched.into_iter().map(|n| (shared[n], n)).collect();
        let order = |a: &(u32, usize), b: &(u32, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        // Only the best `limit` are wanted in order: picked out first, then sorted.
        if ranked.len() > limit && limit > 0 {
            ranked.select_nth_unstable_by(limit - 1, order);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by(order);
        ranked.into_iter().take(limit).map(|(_, n)| n).collect()
    }
}

#[cfg(test)]
mod tests {
    use rustc_hash::FxHashMap;

    use super::super::entries;
    use super::*;
    use crate::frameworks;

    /// Every number names a word, each bag is sorted by them and counts every word, and the
    /// spread bag's Dice is the merged one's, bit for bit.
    #[test]
    fn bags_count_every_word_and_spread_dice_is_dice() {
        let load = |name: &str| frameworks::find(name).unwrap().load().unwrap();
        let (old, new) = (load("ai-rmf-1.0"), load("csf-2.0"));
        let (old, new) = (entries(&old), entries(&new));
        let bags = Bags::of(&EntryWords::of(&old), &EntryWords::of(&new));
        assert_eq!((bags.old.len(), bags.new.len()), (old.len(), new.len()));
        let all = bags.old.iter().chain(&bags.new);
        let used: FxHashMap<Word, ()> = all.flat_map(|b| &b.words).map(|&(w, _)| (w, ())).collect();
        assert_eq!(
            used.len(),
            bags.words,
            "every number names a word of some entry"
        );
        for bag in bags.old.iter().chain(&bags.new) {
            assert!(bag.words.windows(2).all(|w| w[0].0 < w[1].0));
            let counted: u32 = bag.words.iter().map(|&(_, n)| n).sum();
            assert_eq!(counted, bag.total);
        }
        let mut spread = Spread::new(bags.words);
        let mut compared = 0;
        for old in &bags.old {
            spread.set(old);
            for new in &bags.new {
                assert_eq!(spread.dice(new).to_bits(), old.dice(new).to_bits());
                assert!(spread.dice(new) <= spread.dice_at_most(new));
                compared += usize::from(old.dice(new) > 0.0);
            }
        }
        assert!(compared > 1000, "{compared}");
    }

    /// The numbers are the words' places in the alphabetical order of both lists together,
    /// where words share their first 16 bytes or one begins another.
    #[test]
    fn words_are_numbered_alphabetically_over_both_versions() {
        let old = [
            "interoperability",
            "internationalization",
            "interoperabilities",
            "ai",
            "σίσυφος",
            "internationalizations",
        ];
        let new = [
            "internationalizations",
            "interoperable",
            "a",
            "interoperability",
            "zebra",
            "internationalisation",
        ];
        let (old_numbers, new_numbers, words) = number_alphabetically(&old, &new);
        let mut all: Vec<&str> = old.iter().chain(&new).copied().collect();
        all.sort_unstable();
        all.dedup();
        let place = |word: &str| all.binary_search(&word).unwrap() as Word;
        assert_eq!(words, all.len());
        assert_eq!(old_numbers, old.map(place));
        assert_eq!(new_numbers, new.map(place));
    }
}
