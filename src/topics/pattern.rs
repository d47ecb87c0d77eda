//! A phrase of the lexicon matched by hand, as the regex [`super::phrase_pattern`] writes for
//! it would match: the same ends, in the same order of preference (tests hold the two to each
//! other). Compiling that regex took 50–90 µs per phrase, and a diff of two AI RMF documents
//! met about 90 phrases: a sixth of its time. The regex's parts are few, and each is matched
//! here the way a backtracking engine takes it: a word's alternatives in order, its endings
//! longest-first where the regex is greedy, the separators between words longest-first.

use super::{ends_in_consonant_y, words};

/// The words of a phrase, each matching whole, joined by separators.
#[derive(Debug, Clone)]
pub(super) struct Pattern(Vec<Word>);

/// One word of a phrase: its alternatives (`a|b`), tried in order.
#[derive(Debug, Clone)]
pub(super) struct Word(Vec<Form>);

/// One alternative of a word (the regex [`super::one_word_pattern`] writes for it). Letters
/// match either ASCII case, but an acronym's; other characters match themselves.
#[derive(Debug, Clone)]
enum Form {
    /// `stem*`: the stem, then any ASCII letters, digits or `_` (as many as possible).
    Stem(Vec<u8>),
    /// Two to five capitals, in capitals, then `s` if there is one.
    Acronym(Vec<u8>),
    /// A word, then one of `endings` (`s`, `es`; or the stem of a word in `y`, then `y`,
    /// `ies`), or none if they are `optional`, then `'s` or `’s` if there is one.
    Word {
        base: Vec<u8>,
        endings: [&'static [u8]; 2],
        optional: bool,
    },
}

impl Pattern {
    pub(super) fn new(phrase: &str) -> Pattern {
        Pattern(words(phrase).into_iter().map(Word::new).collect())
    }

    /// The end of the phrase's match that begins at `start` of `text`, if one does.
    pub(super) fn match_at(&self, text: &str, start: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        if !boundary(bytes, start) {
            return None;
        }
        if self.0.is_empty() {
            return Some(start);
        }
        self.words_from(text, 0, start)
    }

    /// The phrase's matches in `text` that begin at or before `last_start`, leftmost first,
    /// none overlapping (as a regex's `find_iter`, stopped there).
    pub(super) fn find_iter<'a>(
        &'a self,
        text: &'a str,
        last_start: usize,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
        let mut at = Some(0);
        std::iter::from_fn(move || {
            while let Some(start) = at.filter(|&start| start <= last_start) {
                let next = text[start..].chars().next().map(|c| start + c.len_utf8());
                match self.match_at(text, start) {
                    Some(end) => {
                        at = if end > start { Some(end) } else { next };
                        return Some(start..end);
                    }
                    None => at = next,
                }
            }
            None
        })
    }

    /// The end of a match of words `i..` beginning at `at`.
    fn words_from(&self, text: &str, i: usize, at: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let last = i + 1 == self.0.len();
        self.0[i].each_end(bytes, at, &mut |end| {
            if last {
                return boundary(bytes, end).then_some(end);
            }
            // One or more separators, as many as possible first.
            let ends = text[end..]
                .char_indices()
                .take_while(|&(_, c)| is_separator(c))
                .map(|(i, c)| end + i + c.len_utf8());
            let ends: Vec<usize> = ends.collect();
            ends.into_iter()
                .rev()
                .find_map(|next| self.words_from(text, i + 1, next))
        })
    }
}

impl Word {
    pub(super) fn new(word: &str) -> Word {
        let alternatives = word.split('|').filter(|w| !w.trim_matches('*').is_empty());
        Word(alternatives.map(Form::new).collect())
    }

    /// True when `text` is this word, whole.
    pub(super) fn is(&self, text: &str) -> bool {
        let mut whole = |end| (end == text.len()).then_some(end);
        self.each_end(text.as_bytes(), 0, &mut whole).is_some()
    }

    /// The first end of the word beginning at `at` for which `then` finds a match, and the
    /// match `then` found.
    fn each_end(
        &self,
        text: &[u8],
        at: usize,
        then: &mut dyn FnMut(usize) -> Option<usize>,
    ) -> Option<usize> {
        self.0.iter().find_map(|form| form.each_end(text, at, then))
    }
}

impl Form {
    fn new(word: &str) -> Form {
        if let Some(stem) = word.strip_suffix('*') {
            return Form::Stem(stem.as_bytes().to_vec());
        }
        let is_acronym =
            (2..=5).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase());
        if is_acronym {
            return Form::Acronym(word.as_bytes().to_vec());
        }
        if ends_in_consonant_y(word) {
            return Form::Word {
                base: word.as_bytes()[..word.len() - 1].to_vec(),
                endings: [b"y", b"ies"],
                optional: false,
            };
        }
        Form::Word {
            base: word.as_bytes().to_vec(),
            endings: [b"s", b"es"],
            optional: true,
        }
    }

    /// Each end of this form beginning at `at`, most preferred first, until `then` finds a
    /// match from one.
    fn each_end(
        &self,
        text: &[u8],
        at: usize,
        then: &mut dyn FnMut(usize) -> Option<usize>,
    ) -> Option<usize> {
        match self {
            Form::Stem(stem) => {
                let after = starts_with(text, at, stem)?;
                let run = text[after..]
                    .iter()
                    .take_while(|&&b| is_word_byte(b))
                    .count();
                (0..=run).rev().find_map(|n| then(after + n))
            }
            Form::Acronym(acronym) => {
                let after = at + acronym.len();
                if text.get(at..after) != Some(acronym.as_slice()) {
                    return None;
                }
                let plural = (text.get(after) == Some(&b's')).then_some(after + 1);
                plural.into_iter().chain([after]).find_map(&mut *then)
            }
            Form::Word {
                base,
                endings,
                optional,
            } => {
                let after = starts_with(text, at, base)?;
                let ended = endings.iter().filter_map(|e| starts_with(text, after, e));
                let unended = optional.then_some(after);
                ended.chain(unended).find_map(|end| {
                    let possessive = [b"'s".as_slice(), "’s".as_bytes()]
                        .into_iter()
                        .filter_map(|p| starts_with(text, end, p));
                    possessive.chain([end]).find_map(&mut *then)
                })
            }
        }
    }
}

/// The end of `literal` in `text` at `at`, ASCII case aside, if it is there.
fn starts_with(text: &[u8], at: usize, literal: &[u8]) -> Option<usize> {
    let end = at + literal.len();
    let there = text.get(at..end)?;
    there.eq_ignore_ascii_case(literal).then_some(end)
}

/// An ASCII word boundary (`(?-u:\b)`): a letter, digit or `_` on one side only.
pub(super) fn boundary(text: &[u8], at: usize) -> bool {
    let word_at = |i: usize| text.get(i).is_some_and(|&b| is_word_byte(b));
    (at > 0 && word_at(at - 1)) != word_at(at)
}

/// A letter, digit or `_`: an ASCII byte inside a word, for [`boundary`] and for where the
/// stems' trie may begin a walk.
pub(super) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A character between the words of a phrase ([`super::SEPARATOR`]).
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '/' | '\'' | '’' | '-' | '\u{2010}'..='\u{2015}')
}
