//! Words as the alignment and the report count them: lower-cased without an allocation each,
//! and kept in a map that looks most of them up as one number.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

/// A map keyed by words, lower-cased. A word of up to 16 bytes (most) is one number, its
/// bytes padded with zeros, which no word holds: looking it up follows no pointer into the
/// text and compares no string, which is most of what a string key costs. Longer words are
/// strings.
pub(crate) struct WordMap<'t, V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<Cow<'t, str>, V>,
    /// Where a word is lower-cased.
    buffer: String,
}

impl<V> Default for WordMap<'_, V> {
    fn default() -> Self {
        WordMap {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
            buffer: String::new(),
        }
    }
}

impl<'t, V> WordMap<'t, V> {
    /// The value of `word` lower-cased (`lower`: it is already), made by `value` from the
    /// word as kept (borrowed from the text when it is written there as it is) when new.
    pub fn entry(
        &mut self,
        word: &'t str,
        lower: bool,
        value: impl FnOnce(Cow<'t, str>) -> V,
    ) -> &mut V {
        let key = if lower {
            word
        } else {
            lower_case(word, &mut self.buffer)
        };
        let kept = || match lower {
            true => Cow::Borrowed(word),
            false => Cow::Owned(key.to_string()),
        };
        if let Some(packed) = packed(key) {
            return self.short.entry(packed).or_insert_with(|| value(kept()));
        }
        if !self.long.contains_key(key) {
            let kept = kept();
            self.long.insert(kept.clone(), value(kept));
        }
        self.long.get_mut(key).expect("the word was just inserted")
    }

    /// `other`'s words added to these, `combine` adding its value of a word to this one's.
    pub fn merge(&mut self, other: WordMap<'t, V>, combine: impl Fn(&mut V, V))
    where
        V: Default,
    {
        if self.short.is_empty() && self.long.is_empty() {
            *self = other;
            return;
        }
        for (key, value) in other.short {
            combine(self.short.entry(key).or_default(), value);
        }
        for (word, value) in other.long {
            combine(self.long.entry(word).or_default(), value);
        }
    }

    /// Calls `each(word, value)` for every word, in no particular order (a short word is
    /// written out on the stack: no allocation).
    pub fn for_each(self, mut each: impl FnMut(&str, V)) {
        for (key, value) in self.short {
            let bytes = key.to_le_bytes();
            let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
            let word = std::str::from_utf8(&bytes[..len]).expect("packed from a whole word");
            each(word, value);
        }
        for (word, value) in self.long {
            each(&word, value);
        }
    }
}

/// What a word is made of: letters, or letters and digits.
#[derive(Clone, Copy)]
pub(crate) enum Run {
    Letters,
    LettersAndDigits,
}

impl Run {
    fn holds(self, c: char) -> bool {
        match self {
            Run::Letters => c.is_alphabetic(),
            Run::LettersAndDigits => c.is_alphanumeric(),
        }
    }

    fn holds_byte(self, b: u8) -> bool {
        match self {
            Run::Letters => b.is_ascii_alphabetic(),
            Run::LettersAndDigits => b.is_ascii_alphanumeric(),
        }
    }
}

/// Calls `found(word, lower)` for each `run` of `text` (a longest run of its characters), in
/// order, with whether the word is ASCII with no capital (it is its own lower case).
pub(crate) fn each_run<'t>(text: &'t str, run: Run, mut found: impl FnMut(&'t str, bool)) {
    if !text.is_ascii() {
        let words = text
            .split(|c: char| !run.holds(c))
            .filter(|w| !w.is_empty());
        let lower = |w: &str| {
            w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        };
        words.for_each(|w| found(w, lower(w)));
        return;
    }
    // Nearly all of NIST's text is ASCII: cut by bytes, with no character decoding.
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !run.holds_byte(bytes[at]) {
            at += 1;
            continue;
        }
        let (start, mut lower) = (at, true);
        while at < bytes.len() && run.holds_byte(bytes[at]) {
            lower &= !bytes[at].is_ascii_uppercase();
            at += 1;
        }
        found(&text[start..at], lower);
    }
}

/// `word` lower-cased, written into `buffer`: no allocation for an ASCII word, nearly all of
/// NIST's.
fn lower_case<'b>(word: &str, buffer: &'b mut String) -> &'b str {
    buffer.clear();
    if word.is_ascii() {
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
    } else {
        buffer.push_str(&word.to_lowercase());
    }
    buffer
}

/// A word of at most 16 bytes as one number.
fn packed(word: &str) -> Option<u128> {
    let mut bytes = [0u8; 16];
    bytes
        .get_mut(..word.len())?
        .copy_from_slice(word.as_bytes());
    Some(u128::from_le_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_words_keep_their_values_and_come_back_whole() {
        let words = [
            "ai",
            "risk",
            "ΣΊΣΥΦΟΣ",
            "AI",
            "interoperability",
            "internationalization",
            "sixteen-letters!",
            "accountabilities-x",
            "σίσυφος",
            "ai",
        ];
        let mut map: WordMap<'_, usize> = WordMap::default();
        for word in words {
            let lower = word.bytes().all(|b| b.is_ascii_lowercase());
            *map.entry(word, lower, |_| 0) += 1;
        }
        let mut other: WordMap<'_, usize> = WordMap::default();
        *other.entry("Risk", false, |_| 0) += 5;
        *other.entry("internationalization", true, |_| 0) += 2;
        map.merge(other, |sum, n| *sum += n);
        let mut found: Vec<(String, usize)> = Vec::new();
        map.for_each(|word, n| found.push((word.to_string(), n)));
        found.retain(|&(_, n)| n >= 2);
        found.sort();
        let expected = [
            ("ai", 3),
            ("internationalization", 3),
            ("risk", 6),
            ("σίσυφος", 2),
        ];
        let expected: Vec<(String, usize)> =
            expected.iter().map(|&(w, n)| (w.to_string(), n)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn words_are_kept_as_they_are_written_when_lower_case() {
        let mut map: WordMap<'_, Cow<'_, str>> = WordMap::default();
        let kept = |map: &mut WordMap<'static, Cow<'static, str>>, word, lower| {
            map.entry(word, lower, |kept| kept).clone()
        };
        assert!(matches!(
            kept(&mut map, "risk", true),
            Cow::Borrowed("risk")
        ));
        assert_eq!(
            kept(&mut map, "Governance", false),
            Cow::<str>::Owned("governance".into())
        );
    }

    #[test]
    fn lower_case_follows_unicode() {
        let mut buffer = String::new();
        assert_eq!(lower_case("AI-RMF", &mut buffer), "ai-rmf");
        // A final capital sigma lower-cases as a final sigma.
        assert_eq!(lower_case("ΣΊΣΥΦΟΣ", &mut buffer), "σίσυφος");
    }

    #[test]
    fn words_are_lower_cased_runs_of_letters_and_digits() {
        let mut found = Vec::new();
        for text in [
            "AC-2(1) the Role’s “Zeta” Σίσυφος",
            "ASCII only: e.g. AI RMF 1.0",
        ] {
            each_run(text, Run::LettersAndDigits, |word, lower| {
                found.push((word.to_string(), lower))
            });
        }
        let lowered: Vec<String> = (found.iter())
            .map(|(w, lower)| {
                // Said to be lower case only when it is.
                assert!(
                    !lower || (w.is_ascii() && *w == w.to_ascii_lowercase()),
                    "{w}"
                );
                w.to_lowercase()
            })
            .collect();
        let expected = "ac 2 1 the role s zeta σίσυφος ascii only e g ai rmf 1 0";
        assert_eq!(lowered.join(" "), expected);
    }

    /// Each run of `text` with whether it is ASCII with no capital, cut character by character.
    fn runs_by_characters(text: &str, run: Run) -> Vec<(&str, bool)> {
        let no_capital = |w: &str| w.is_ascii() && !w.bytes().any(|b| b.is_ascii_uppercase());
        (text.split(|c: char| !run.holds(c)))
            .filter(|w| !w.is_empty())
            .map(|w| (w, no_capital(w)))
            .collect()
    }

    proptest::proptest! {
        /// The ASCII path cuts as the characters' own classes do, and says lower case alike.
        #[test]
        fn runs_are_cut_by_the_character_classes(text in "([aZ19 .,'\n-]|é|Σ|\u{2019}){0,30}") {
            let ascii: String = text.chars().filter(char::is_ascii).collect();
            for text in [&text, &ascii] {
                for run in [Run::Letters, Run::LettersAndDigits] {
                    let mut found = Vec::new();
                    each_run(text, run, |word, lower| found.push((word, lower)));
                    proptest::prop_assert_eq!(found, runs_by_characters(text, run));
                }
            }
        }
    }
}
