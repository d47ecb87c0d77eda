//! Topics: finds references to the lexicon's topics in a text. It runs after
//! [`crate::diff`] on both sides of every pair; [`crate::report`] then classifies each hit.
//!
//! The lexicon is data, not code: `lexicon.toml` (embedded; its header documents the term
//! syntax) or a user's file given with `--lexicon`. All terms of all topics compile into one
//! case-insensitive regex whose alternatives are ordered longest first, so at any position
//! the longest term wins ("climate change" over "climate") and hits never overlap.

use std::ops::Range;
use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use crate::error::{Error, Result, line_column};

const BUILTIN: &str = include_str!("lexicon.toml");

/// What may separate the words of a phrase: spaces, line breaks, hyphens, dashes, commas,
/// slashes.
const SEPARATOR: &str = r"[\s,/\-\u{2010}-\u{2014}]+";

/// Whether a term is one of the directive's own words or a neighbouring one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    Direct,
    Related,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub phrase: String,
    pub strength: Strength,
}

#[derive(Debug, Clone)]
pub struct Topic {
    /// `misinformation`, `dei`, `climate`, or a key of a user's lexicon.
    pub key: String,
    pub name: String,
    pub terms: Vec<Term>,
    /// Phrases of other senses: a hit inside one is dropped.
    pub exclusions: Vec<String>,
    /// Phrases of unclear sense: a direct hit inside one is reported as related.
    pub as_related: Vec<String>,
    exclude: Option<Regex>,
    weaken: Option<Regex>,
}

/// One reference found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The topic's key.
    pub topic: String,
    /// The lexicon phrase that matched.
    pub term: String,
    pub strength: Strength,
    /// Byte range in the text searched.
    pub start: usize,
    pub end: usize,
}

/// The topics and their compiled matcher.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub version: String,
    pub topics: Vec<Topic>,
    /// One alternation of every term, one capture group per term, longest first.
    matcher: Regex,
    /// (topic index, term index) of each capture group, in group order.
    groups: Vec<(usize, usize)>,
}

/// The lexicon file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    version: String,
    topic: Vec<TopicFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicFile {
    key: String,
    name: String,
    #[serde(default)]
    direct: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    as_related: Vec<String>,
}

impl Lexicon {
    /// The lexicon built into the binary.
    pub fn builtin() -> Lexicon {
        Lexicon::parse(BUILTIN, Path::new("<built-in lexicon>"))
            .expect("the built-in lexicon is valid (a unit test checks it)")
    }

    /// Reads a lexicon file.
    pub fn load(path: &Path) -> Result<Lexicon> {
        if path.is_dir() {
            return Err(Error::IsDirectory { path: path.into() });
        }
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.into(),
            source,
        })?;
        if text.trim().is_empty() {
            return Err(Error::Empty { path: path.into() });
        }
        Lexicon::parse(&text, path)
    }

    /// Parses the text of a lexicon file named `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Lexicon> {
        let file: LexiconFile = toml::from_str(text).map_err(|e| {
            let (line, column) = line_column(text, e.span().map_or(0, |s| s.start));
            Error::Syntax {
                path: path.into(),
                line,
                column,
                message: format!("invalid lexicon: {}", e.message()),
            }
        })?;
        let invalid = |message: String| Error::Invalid {
            path: path.into(),
            message,
        };
        if file.topic.is_empty() {
            return Err(invalid("the lexicon has no [[topic]]".into()));
        }
        let mut topics: Vec<Topic> = Vec::new();
        for t in file.topic {
            if t.key.trim().is_empty() || topics.iter().any(|o| o.key == t.key) {
                return Err(invalid(format!("topic key {:?} is empty or repeated", t.key)));
            }
            let direct = t.direct.iter().map(|p| (p, Strength::Direct));
            let related = t.related.iter().map(|p| (p, Strength::Related));
            let terms: Vec<Term> = direct
                .chain(related)
                .map(|(phrase, strength)| Term {
                    phrase: phrase.trim().to_string(),
                    strength,
                })
                .collect();
            if terms.is_empty() {
                return Err(invalid(format!("topic {:?} has no terms", t.key)));
            }
            let all_phrases = terms.iter().map(|t| &t.phrase).chain(&t.exclude).chain(&t.as_related);
            if let Some(bad) = all_phrases.into_iter().find(|p| words(p).is_empty()) {
                return Err(invalid(format!("topic {:?} has a phrase with no words: {bad:?}", t.key)));
            }
            topics.push(Topic {
                exclude: any_of(&t.exclude),
                weaken: any_of(&t.as_related),
                key: t.key,
                name: t.name,
                terms,
                exclusions: t.exclude,
                as_related: t.as_related,
            });
        }
        let mut groups: Vec<(usize, usize)> = topics
            .iter()
            .enumerate()
            .flat_map(|(i, topic)| (0..topic.terms.len()).map(move |j| (i, j)))
            .collect();
        // Longest phrase first; ties in file order, so the result does not depend on sorting.
        groups.sort_by_key(|&(i, j)| std::cmp::Reverse(topics[i].terms[j].phrase.len()));
        let alternatives: Vec<String> = groups
            .iter()
            .map(|&(i, j)| format!("({})", phrase_pattern(&topics[i].terms[j].phrase)))
            .collect();
        let matcher = Regex::new(&format!("(?i){}", alternatives.join("|")))
            .map_err(|e| invalid(format!("the terms do not compile: {e}")))?;
        Ok(Lexicon {
            version: file.version,
            topics,
            matcher,
            groups,
        })
    }

    /// Every reference in `text`, in order, without overlaps.
    ///
    /// ```
    /// use rmfdiff::topics::{Lexicon, Strength};
    /// let hits = Lexicon::builtin().find("Weigh climate-change and energy use.");
    /// let found: Vec<_> = hits.iter().map(|h| (h.term.as_str(), h.strength)).collect();
    /// assert_eq!(found, [("climate change", Strength::Direct), ("energy use", Strength::Related)]);
    /// ```
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = self.scan(text);
        // Words broken across lines ("misin-\nformation") or by soft hyphens match in a
        // second pass over the text with those breaks removed.
        if text.contains('\u{ad}') || text.contains("-\n") {
            let (joined, map) = join_broken_words(text);
            for mut hit in self.scan(&joined) {
                hit.start = map[hit.start];
                hit.end = map[hit.end];
                if !hits.iter().any(|h| h.start < hit.end && hit.start < h.end) {
                    hits.push(hit);
                }
            }
            hits.sort_by_key(|h| h.start);
        }
        hits
    }

    fn scan(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for captures in self.matcher.captures_iter(text) {
            let Some((group, m)) = captures.iter().skip(1).enumerate().find_map(|(g, m)| Some((g, m?)))
            else {
                continue;
            };
            let (t, j) = self.groups[group];
            let topic = &self.topics[t];
            let range = m.range();
            if inside(&topic.exclude, text, &range) {
                continue;
            }
            let term = &topic.terms[j];
            let strength = if inside(&topic.weaken, text, &range) {
                Strength::Related
            } else {
                term.strength
            };
            hits.push(Hit {
                topic: topic.key.clone(),
                term: term.phrase.clone(),
                strength,
                start: range.start,
                end: range.end,
            });
        }
        hits
    }
}

/// True when `range` of `text` lies inside a match of `regex`.
fn inside(regex: &Option<Regex>, text: &str, range: &Range<usize>) -> bool {
    let Some(regex) = regex else {
        return false;
    };
    // Phrases are short: look only at the neighbourhood of the hit.
    let start = floor_char(text, range.start.saturating_sub(80));
    let end = ceil_char(text, (range.end + 80).min(text.len()));
    regex
        .find_iter(&text[start..end])
        .any(|m| start + m.start() <= range.start && range.end <= start + m.end())
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// One case-insensitive regex matching any of `phrases`, or None for none.
fn any_of(phrases: &[String]) -> Option<Regex> {
    if phrases.is_empty() {
        return None;
    }
    let alternatives: Vec<String> = phrases.iter().map(|p| phrase_pattern(p)).collect();
    Regex::new(&format!("(?i){}", alternatives.join("|"))).ok()
}

/// The words of a phrase: runs of letters, digits, apostrophes and `*`.
fn words(phrase: &str) -> Vec<&str> {
    phrase
        .split(|c: char| !(c.is_alphanumeric() || c == '*' || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty() && *w != "*")
        .collect()
}

/// The regex of a phrase (see the syntax at the top of `lexicon.toml`).
///
/// ```text
/// "climate change"  →  \bclimate(?:s|es)?(?:'s|’s)?SEP change(?:s|es)?(?:'s|’s)?\b
/// ```
fn phrase_pattern(phrase: &str) -> String {
    let words: Vec<String> = words(phrase).into_iter().map(word_pattern).collect();
    format!(r"\b{}\b", words.join(SEPARATOR))
}

fn word_pattern(word: &str) -> String {
    const POSSESSIVE: &str = "(?:'s|’s)?";
    if let Some(stem) = word.strip_suffix('*') {
        return format!(r"{}\w*", regex::escape(stem));
    }
    let is_acronym = (2..=5).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase());
    if is_acronym {
        return format!("(?-i:{}s?)", regex::escape(word));
    }
    let consonant_y = word.len() > 2
        && word.ends_with('y')
        && !word[..word.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        let stem = regex::escape(&word[..word.len() - 1]);
        return format!("{stem}(?:y|ies){POSSESSIVE}");
    }
    format!("{}(?:s|es)?{POSSESSIVE}", regex::escape(word))
}

/// `text` without soft hyphens and without hyphen + line break inside words, and for each
/// byte of the result (and its end) the offset in `text` it came from.
fn join_broken_words(text: &str) -> (String, Vec<usize>) {
    let mut joined = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut chars = text.char_indices().peekable();
    let mut previous_is_letter = false;
    while let Some((i, c)) = chars.next() {
        if c == '\u{ad}' {
            continue;
        }
        if c == '-' && previous_is_letter {
            // A hyphen, spaces, one line break, spaces, then a letter: a broken word.
            let rest = &text[i + 1..];
            let gap = rest.len() - rest.trim_start_matches([' ', '\t', '\r']).len();
            let after_gap = &rest[gap..];
            if let Some(next_line) = after_gap.strip_prefix('\n') {
                let indent = next_line.len() - next_line.trim_start_matches([' ', '\t']).len();
                if next_line[indent..].starts_with(char::is_alphabetic) {
                    let skip_to = i + 1 + gap + 1 + indent;
                    while chars.peek().is_some_and(|&(j, _)| j < skip_to) {
                        chars.next();
                    }
                    continue;
                }
            }
        }
        previous_is_letter = c.is_alphabetic();
        for (k, _) in c.to_string().bytes().enumerate() {
            map.push(i + k);
        }
        joined.push(c);
    }
    map.push(text.len());
    (joined, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_is_valid_and_has_the_three_topics() {
        let lexicon = Lexicon::parse(BUILTIN, Path::new("lexicon.toml")).unwrap();
        let keys: Vec<&str> = lexicon.topics.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["misinformation", "dei", "climate"]);
        assert!(!lexicon.version.is_empty());
        for topic in &lexicon.topics {
            assert!(topic.terms.iter().any(|t| t.strength == Strength::Direct), "{}", topic.key);
        }
    }

    #[test]
    fn word_patterns() {
        assert_eq!(word_pattern("emission*"), r"emission\w*");
        assert_eq!(word_pattern("DEI"), "(?-i:DEIs?)");
        assert_eq!(word_pattern("diversity"), "diversit(?:y|ies)(?:'s|’s)?");
        assert_eq!(word_pattern("harm"), "harm(?:s|es)?(?:'s|’s)?");
    }

    #[test]
    fn broken_words_are_joined_with_a_map_back() {
        let text = "misin-\n  formation and decision-making";
        let (joined, map) = join_broken_words(text);
        assert_eq!(joined, "misinformation and decision-making");
        assert_eq!(map[4], 4);
        assert_eq!(&text[map[5]..map[6]], "f");
        assert_eq!(map[joined.len()], text.len());
    }
}
