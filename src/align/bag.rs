//! Entries as bags of words, the text evidence of the alignment: the Dice similarity of two
//! bags, the share of one bag found in another, and an inverted index that finds an entry's
//! likely partners without comparing all pairs.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::Entry;

/// Words shared by more entries than this are not used to find candidates.
const COMMON_WORD: usize = 64;

/// Lower-cased words of an entry's title and text, with their counts, sorted.
pub struct Bag<'a> {
    pub words: Vec<(Cow<'a, str>, u32)>,
    pub total: u32,
}

impl<'a> Bag<'a> {
    pub fn of(entry: &'a Entry<'_>) -> Bag<'a> {
        let mut all: Vec<Cow<'a, str>> = entry_words(entry).collect();
        let total = u32::try_from(all.len()).unwrap_or(u32::MAX);
        all.sort_unstable();
        let mut words: Vec<(Cow<'a, str>, u32)> = Vec::new();
        for word in all {
            match words.last_mut() {
                Some((last, count)) if *last == word => *count += 1,
                _ => words.push((word, 1)),
            }
        }
        Bag { words, total }
    }

    /// Calls `shared(index in self, index in other)` for each word the two bags share (a merge
    /// of two sorted lists).
    fn for_shared(&self, other: &Bag, mut shared: impl FnMut(usize, usize)) {
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

    /// Which of this bag's distinct words (by index, each once) lie together in `entry`'s
    /// title and text: within the run of `window` words of it that holds the most `weights`.
    /// So a long entry does not seem to hold a short one's words because they are scattered
    /// all over it.
    pub fn found_in(&self, entry: &Entry<'_>, weights: &[f64], window: usize) -> Vec<(usize, u32)> {
        let at: Vec<Option<usize>> = entry_words(entry)
            .map(|w| {
                self.words
                    .binary_search_by(|(x, _)| x.as_ref().cmp(&w))
                    .ok()
            })
            .collect();
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

/// The words of `text`, lower-cased (borrowed when ASCII and already lower-case).
fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase())
            }
        })
}

/// Word → the entries of one version that contain it.
pub struct WordIndex<'a> {
    postings: FxHashMap<&'a str, Vec<usize>>,
    entries: usize,
}

impl<'a> WordIndex<'a> {
    pub fn new(bags: &'a [Bag<'_>]) -> WordIndex<'a> {
        let mut postings: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (n, bag) in bags.iter().enumerate() {
            for (word, _) in &bag.words {
                postings.entry(word.as_ref()).or_default().push(n);
            }
        }
        WordIndex {
            postings,
            entries: bags.len(),
        }
    }

    /// How many entries hold `word`.
    pub fn frequency(&self, word: &str) -> usize {
        self.postings.get(word).map_or(0, Vec::len)
    }

    /// The `limit` entries sharing the most distinct, not-too-common words with `bag`.
    pub fn candidates(&self, bag: &Bag, limit: usize) -> Vec<usize> {
        let mut shared = vec![0u32; self.entries];
        let mut touched = Vec::new();
        for (word, _) in &bag.words {
            match self.postings.get(word.as_ref()) {
                Some(list) if list.len() <= COMMON_WORD => {
                    for &n in list {
                        if shared[n] == 0 {
                            touched.push(n);
                        }
                        shared[n] += 1;
                    }
                }
                _ => {}
            }
        }
        let mut ranked: Vec<(u32, usize)> = touched.into_iter().map(|n| (shared[n], n)).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.into_iter().take(limit).map(|(_, n)| n).collect()
    }
}
