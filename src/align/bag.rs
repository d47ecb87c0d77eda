//! Entries as bags of words, the text evidence of the alignment: the Dice similarity of two
//! bags, the share of one bag found in another, and an inverted index that finds an entry's
//! likely partners without comparing all pairs.
//!
//! Words are numbered once, over both versions ([`Vocabulary`]), so comparing bags compares
//! numbers, not strings. The numbers follow the words' alphabetical order, which is the same
//! whichever version is old, so every sum over a bag adds in the same order both ways.

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::Entry;

/// Words shared by more entries than this are not used to find candidates.
const COMMON_WORD: usize = 64;

/// A word's number in the [`Vocabulary`].
pub type Word = u32;

/// An entry's words: the distinct ones in the order they first appear, with their counts,
/// and each word of the entry in order as an index into those.
pub struct Words<'a> {
    distinct: Vec<(Cow<'a, str>, u32)>,
    sequence: Vec<u32>,
}

/// Every distinct lower-cased word of both versions, numbered in alphabetical order.
pub struct Vocabulary<'a> {
    numbers: FxHashMap<&'a str, Word>,
}

impl<'a> Vocabulary<'a> {
    /// The words of both versions' entries (each entry's [`distinct_words`]).
    pub fn new(versions: [&'a [Words<'_>]; 2]) -> Vocabulary<'a> {
        let entries = versions.into_iter().flatten();
        let distinct = entries.flat_map(|words| &words.distinct);
        let all: FxHashSet<&str> = distinct.map(|(w, _)| w.as_ref()).collect();
        let mut all: Vec<&str> = all.into_iter().collect();
        all.par_sort_unstable();
        let numbers = all.into_iter().zip(0..).collect();
        Vocabulary { numbers }
    }

    /// How many distinct words there are.
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    fn number(&self, word: &str) -> Option<Word> {
        self.numbers.get(word).copied()
    }
}

/// An entry's words (title and text, lower-cased).
pub fn distinct_words<'a>(entry: &'a Entry<'_>) -> Words<'a> {
    // Word → (index in `distinct`, count).
    // Room for the words of a text of prose made once, not grown word by word.
    let room = entry.text.len() / 6;
    let mut seen: FxHashMap<Cow<'a, str>, (u32, u32)> =
        FxHashMap::with_capacity_and_hasher(room / 2, Default::default());
    let mut sequence = Vec::with_capacity(room);
    for word in entry_words(entry) {
        let next = seen.len() as u32;
        let (at, count) = seen.entry(word).or_insert((next, 0));
        *count += 1;
        sequence.push(*at);
    }
    let mut distinct = vec![(Cow::Borrowed(""), 0); seen.len()];
    for (word, (at, count)) in seen {
        distinct[at as usize] = (word, count);
    }
    Words { distinct, sequence }
}

/// An entry's words as numbers, with their counts, in order.
pub struct Bag {
    pub words: Vec<(Word, u32)>,
    pub total: u32,
    /// Each word of the entry in order, as an index into `words`.
    sequence: Vec<u32>,
}

impl Bag {
    /// The bag of `words` (one entry's [`distinct_words`]).
    pub fn of(words: &Words<'_>, vocabulary: &Vocabulary<'_>) -> Bag {
        // (number, count, index in `words.distinct`), in the vocabulary's order.
        let mut numbered: Vec<(Word, u32, usize)> = (words.distinct.iter().enumerate())
            .map(|(at, (w, count))| {
                let number = vocabulary.number(w);
                (number.expect("every word is in the vocabulary"), *count, at)
            })
            .collect();
        numbered.sort_unstable();
        let mut place = vec![0; numbered.len()];
        for (i, &(_, _, at)) in numbered.iter().enumerate() {
            place[at] = i as u32;
        }
        Bag {
            words: numbered.iter().map(|&(w, count, _)| (w, count)).collect(),
            total: words.distinct.iter().map(|(_, count)| count).sum(),
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
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared(i, j);
                    i += 1;
                    j += 1;
                }
            }
        }
    }

    /// Dice coefficient of the two bags: `2 × shared words / (words in both)`, from 0 to 1.
    pub fn dice(&self, other: &Bag) -> f64 {
        if self.total + other.total == 0 {
            return 1.0;
        }
        let mut shared = 0u32;
        self.for_shared(other, |i, j| {
            shared += self.words[i].1.min(other.words[j].1);
        });
        2.0 * f64::from(shared) / f64::from(self.total + other.total)
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

/// The words of an entry's title and text, in order. A title that only repeats the id (AI
/// RMF subcategories) is id evidence, not words.
fn entry_words<'a>(entry: &'a Entry<'_>) -> impl Iterator<Item = Cow<'a, str>> {
    let title = entry.node.own_title().unwrap_or_default();
    words(title).chain(words(&entry.text))
}

/// The words of `text` (runs of letters and digits), lower-cased (borrowed when ASCII and
/// already lower-case).
fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    // Nearly all of NIST's text is ASCII: cut by bytes, with no character decoding.
    let runs: Box<dyn Iterator<Item = &str>> = if text.is_ascii() {
        Box::new(AsciiWords { text, at: 0 })
    } else {
        Box::new(text.split(|c: char| !c.is_alphanumeric()))
    };
    runs.filter(|w| !w.is_empty()).map(|w| {
        if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            Cow::Borrowed(w)
        } else {
            Cow::Owned(w.to_lowercase())
        }
    })
}

/// The runs of ASCII letters and digits of an ASCII text.
struct AsciiWords<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let rest = bytes.get(self.at..)?;
        let start = self.at + rest.iter().position(u8::is_ascii_alphanumeric)?;
        let len = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(bytes.len() - start);
        self.at = start + len;
        Some(&self.text[start..start + len])
    }
}

/// Word → the entries of one version that contain it.
pub struct WordIndex {
    postings: Vec<Vec<usize>>,
    entries: usize,
}

impl WordIndex {
    pub fn new(bags: &[Bag], vocabulary: &Vocabulary<'_>) -> WordIndex {
        let mut postings = vec![Vec::new(); vocabulary.len()];
        for (n, bag) in bags.iter().enumerate() {
            for &(word, _) in &bag.words {
                postings[word as usize].push(n);
            }
        }
        WordIndex {
            postings,
            entries: bags.len(),
        }
    }

    /// How many entries hold `word`.
    pub fn frequency(&self, word: Word) -> usize {
        self.postings[word as usize].len()
    }

    /// The `limit` entries sharing the most distinct, not-too-common words with `bag`.
    pub fn candidates(&self, bag: &Bag, limit: usize) -> Vec<usize> {
        let mut shared = vec![0u32; self.entries];
        let mut touched = Vec::new();
        for &(word, _) in &bag.words {
            let list = &self.postings[word as usize];
            if list.len() > COMMON_WORD {
                continue;
            }
            for &n in list {
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
