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
}

/// Calls `found(word, lower)` for each `run` of `text` (a longest run of its characters), in
/// order, with whether the word is ASCII with no capital (it is its own lower case).
pub(crate) fn each_run<'t>(text: &'t str, run: Run, mut found: impl FnMut(&'t str, bool)) {
    let bytes = text.as_bytes();
    // The run under way: where it began, and whether it is its own lower case so far.
    let mut open: Option<(usize, bool)> = None;
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii() {
            let c = text[at..].chars().next().expect("a character begins here");
            match (run.holds(c), open) {
                (true, None) => open = Some((at, false)),
                (true, Some((start, _))) => open = Some((start, false)),
                (false, Some((start, lower))) => {
                    found(&text[start..at], lower);
                    open = None;
                }
                (false, None) => {}
            }
            at += c.len_utf8();
            continue;
        }
        // Nearly all of NIST's text is ASCII: the next 64 bytes give two masks (the bytes the
        // run holds, the capitals), good up to the first that is not ASCII, and runs begin
        // and end where the first mask changes, with no branch at each end of a word, which
        // no predictor guesses.
        let piece = &bytes[at..bytes.len().min(at + 64)];
        let mut block = [0u8; 64];
        block[..piece.len()].copy_from_slice(piece);
        let (held, capitals, ascii) = ascii_masks(&block, run);
        let n = ascii.min(piece.len());
        // No capital in bytes `from..to` of the block (`from` may be before it).
        let lower = |from: usize, to: usize| capitals & bits(from.saturating_sub(at), to) == 0;
        let mut changes = (held ^ ((held << 1) | u64::from(open.is_some()))) & bits(0, n);
        while changes != 0 {
            let k = changes.trailing_zeros() as usize;
            changes &= changes - 1;
            match open.take() {
                None => open = Some((at + k, true)),
                Some((start, so_far)) => found(&text[start..at + k], so_far && lower(start, k)),
            }
        }
        if let Some((start, so_far)) = open {
            open = Some((start, so_far && lower(start, n)));
        }
        at += n;
    }
    if let Some((start, lower)) = open {
        found(&text[start..], lower);
    }
}

/// For 64 bytes, one bit each, first lowest: those `run` holds and the capitals, both good
/// up to the first byte that is not ASCII, and how many come before it. Eight bytes are
/// looked at together in a `u64`: adding to a byte below 0x80 carries into no other.
fn ascii_masks(block: &[u8; 64], run: Run) -> (u64, u64, usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte in `lo..=hi`.
    let within = |v: u64, lo: u8, hi: u8| {
        let at_least_lo = v.wrapping_add(ONES * u64::from(0x80 - lo));
        let above_hi = v.wrapping_add(ONES * u64::from(0x7f - hi));
        at_least_lo & !above_hi & HIGH
    };
    // The high bits of the eight bytes, as the low eight bits.
    let gather = |m: u64| ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
    let (mut held, mut capitals) = (0u64, 0u64);
    for (i, eight) in block.chunks_exact(8).enumerate() {
        let v = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        // A byte of 0x80 or more spoils the sums of those after it, not before.
        let upper = within(v, b'A', b'Z');
        let mut holds = upper | within(v, b'a', b'z');
        if let Run::LettersAndDigits = run {
            holds |= within(v, b'0', b'9');
        }
        held |= gather(holds) << (8 * i);
        capitals |= gather(upper) << (8 * i);
        if v & HIGH != 0 {
            let ascii = 8 * i + (v & HIGH).trailing_zeros() as usize / 8;
            return (held, capitals, ascii);
        }
    }
    (held, capitals, 64)
}

/// The bits `from..to` of a `u64` (`from <= to <= 64`).
fn bits(from: usize, to: usize) -> u64 {
    let below_to = if to == 64 { u64::MAX } else { (1 << to) - 1 };
    below_to & !((1u64 << from) - 1)
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

/// A word of at most 16 bytes as one number: its bytes, then zeros (little-endian). Read in
/// two loads that may overlap, not copied into a buffer: the copy (a call to `memcpy`, then
/// a load of what it had just stored) was a sixth of the time to number a version's words.
fn packed(word: &str) -> Option<u128> {
    let (b, n) = (word.as_bytes(), word.len());
    let u64_at = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    let u32_at = |at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().expect("4")));
    // The second load ends with the word; shifted right, it keeps only the bytes the first
    // did not hold, and they land just after them.
    let (low, high) = match n {
        0 => (0, 0),
        1..=3 => {
            let (first, middle, last) = (b[0], b[n / 2], b[n - 1]);
            let low = u64::from(first) | u64::from(middle) << (8 * (n / 2));
            (low | u64::from(last) << (8 * (n - 1)), 0)
        }
        4..=7 => (u32_at(0) | (u32_at(n - 4) >> (8 * (8 - n))) << 32, 0),
        8 => (u64_at(0), 0),
        9..=16 => (u64_at(0), u64_at(n - 8) >> (8 * (16 - n))),
        _ => return None,
    };
    Some(u128::from(low) | u128::from(high) << 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_word_is_its_bytes_then_zeros() {
        let text = "abcdefghijklmnopq";
        for n in 0..=text.len() {
            let word = &text[..n];
            let mut bytes = [0u8; 16];
            let fits = n <= 16;
            if fits {
                bytes[..n].copy_from_slice(word.as_bytes());
            }
            let expected = fits.then(|| u128::from_le_bytes(bytes));
            assert_eq!(packed(word), expected, "{word:?}");
        }
    }

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
        /// The ASCII path cuts as the characters' own classes do, and says lower case alike:
        /// over texts longer than its 64-byte blocks, with runs across their ends, non-ASCII
        /// characters in them, and the bytes either side of each class of ASCII letters and
        /// digits (`@[`{/:`).
        #[test]
        fn runs_are_cut_by_the_character_classes(text in "([aAbmzZ019 @\\[`{/:.,'\n\u{7f}-]{0,90}(é|Σ|\u{2019})?){0,4}") {
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
