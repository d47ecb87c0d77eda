//! Topics: the stage after [`crate::diff`] in the pipeline
//! (`load ─▶ model ─▶ align ─▶ diff ─▶ topics ─▶ report ─▶ render`). It finds references to
//! the lexicon's topics in a text; [`crate::report`] then classifies each hit as removed,
//! reworded, retained or added.
//!
//! The lexicon is data, not code: a built-in **profile** (`--profile`): `directive.toml`, the
//! directive's three topics (embedded; its header documents the syntax), or `broad.toml`,
//! which extends it with terms from the federal flagged-term lists of 2025, each naming its
//! source; or a user's file given with `--lexicon`, standalone or extending a profile.
//!
//! Terms are found as one case-insensitive alternation of them all, ordered longest first,
//! would find them: at any position the longest term wins ("climate change" over
//! "climate"), and hits never overlap. No such regex is built: a trie of the terms' stems,
//! walked from each place a word may begin, finds where a term's first word may start, and
//! only the terms that may start there are tried.
//! Exclusions, `as_related` phrases and rules are only tried around a hit. Each term and
//! phrase stands for a regex ([`phrase_pattern`]), and is matched by hand as that regex would
//! match (`pattern.rs`): compiling the regexes a run met cost more than the rest of a small
//! document's scan.
//! A stem (`word*`) is followed in ASCII letters and digits (as Unicode `\w` made the regexes
//! slow to build and to start searching); a hit whose term ends in a stem is then extended
//! over any letters, so "marginaliz*" matches "marginalizé" whole.

mod pattern;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pattern::{Pattern, Word, is_word_byte};
use regex::Regex;
use serde::Deserialize;

use crate::error::{Error, Result, line_column};

/// A built-in lexicon (`--profile`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Profile {
    /// The directive's three topics, in its own words and their neighbours.
    #[default]
    Directive,
    /// The directive's topics plus the words on the federal flagged-term lists of 2025
    /// ("bias", "women", "clean energy", …), each naming the list it comes from.
    Broad,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Directive => "directive",
            Profile::Broad => "broad",
        }
    }

    /// The profile as written.
    #[cfg(test)]
    fn text(self) -> &'static str {
        match self {
            Profile::Directive => include_str!("directive.toml"),
            Profile::Broad => include_str!("broad.toml"),
        }
    }

    /// The profile's file, read from the JSON that `build.rs` made of its TOML.
    fn file(self) -> LexiconFile {
        let json = match self {
            Profile::Directive => include_str!(concat!(env!("OUT_DIR"), "/directive.json")),
            Profile::Broad => include_str!(concat!(env!("OUT_DIR"), "/broad.json")),
        };
        serde_json::from_str(json).expect("build.rs converted a valid profile")
    }

    fn named(name: &str) -> Option<Profile> {
        [Profile::Directive, Profile::Broad]
            .into_iter()
            .find(|p| p.as_str() == name)
    }
}

/// Words a [`Rule`] looks at after its phrase, by default.
const RULE_WITHIN: usize = 4;

/// What may separate the words of a phrase: whitespace (line breaks too), hyphens and dashes,
/// commas, slashes and apostrophes ("shareholders' equity").
const SEPARATOR: &str = r"[\s,/'’\-\u{2010}-\u{2015}]+";

/// How far around a hit an exclusion or `as_related` phrase is looked for, in bytes.
const CONTEXT: usize = 200;

/// Whether a term is one of the directive's own words or a neighbouring one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    Direct,
    Related,
}

impl Strength {
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Direct => "direct",
            Strength::Related => "related",
        }
    }
}

/// One term of a topic, as written in the lexicon.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub phrase: String,
    pub strength: Strength,
    /// Where the term comes from: a key of the lexicon's `sources`.
    pub source: Option<String>,
}

/// A sense rule, as written: a hit inside a match of `phrase` is dropped unless one of the
/// `within` words after the match is one of `unless_followed_by` ("inclusion of roles" is a
/// thing included; "inclusion of women" keeps its sense).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub phrase: String,
    pub unless_followed_by: Vec<String>,
    #[serde(default = "rule_within")]
    pub within: usize,
}

fn rule_within() -> usize {
    RULE_WITHIN
}

#[derive(Debug, Clone)]
pub struct Topic {
    /// `misinformation`, `dei`, `climate`, or a key of a user's lexicon.
    pub key: String,
    pub name: String,
    pub terms: Vec<Term>,
    /// Phrases of other senses, as written: a hit inside a match of one is dropped.
    pub exclusions: Vec<String>,
    /// Phrases of unclear sense, as written: a direct hit inside a match of one is reported
    /// as related.
    pub as_related: Vec<String>,
    /// Sense rules, as written.
    pub rules: Vec<Rule>,
    exclude: Phrases,
    weaken: Phrases,
    senses: Vec<Sense>,
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

/// The topics and their matcher.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub version: String,
    /// `directive`, `broad`, or the name a user's lexicon gives itself.
    pub profile: String,
    /// Where terms come from: key → citation.
    pub sources: BTreeMap<String, String>,
    /// In file order.
    pub topics: Vec<Topic>,
    matcher: Matcher,
}

/// The lexicon file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    version: String,
    profile: Option<String>,
    /// A built-in profile this file adds to.
    extends: Option<String>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    topic: Vec<TopicFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicFile {
    key: String,
    /// Required for a new topic; an extended topic keeps its name unless this says.
    name: Option<String>,
    #[serde(default)]
    terms: Vec<Term>,
    #[serde(default)]
    exclusions: Vec<String>,
    #[serde(default)]
    as_related: Vec<String>,
    #[serde(default)]
    rules: Vec<Rule>,
}

impl Lexicon {
    /// The default lexicon: the `directive` profile.
    pub fn builtin() -> Lexicon {
        Lexicon::profile(Profile::Directive)
    }

    /// A built-in profile.
    pub fn profile(profile: Profile) -> Lexicon {
        let path = format!("<built-in profile {}>", profile.as_str());
        Lexicon::from_file(profile.file(), Path::new(&path), None)
            .expect("the built-in profiles are valid (a unit test checks them)")
    }

    /// Reads the lexicon file at `path`; it adds to `base` if it names no profile to extend.
    pub fn load(path: &Path, base: Option<Profile>) -> Result<Lexicon> {
        let bytes = crate::load::read(path)?;
        Lexicon::parse(crate::load::decode(&bytes, path)?, path, base)
    }

    /// Parses the text of a lexicon file named `path` (the name is used in messages), laid
    /// over the profile it `extends`, else over `base` if given.
    pub fn parse(text: &str, path: &Path, base: Option<Profile>) -> Result<Lexicon> {
        Lexicon::from_file(read_file(text, path)?, path, base)
    }

    /// The lexicon of a `file` read from `path`, laid over the profile it `extends`, else
    /// over `base` if given.
    fn from_file(file: LexiconFile, path: &Path, base: Option<Profile>) -> Result<Lexicon> {
        let invalid = |message: String| Error::Invalid {
            path: path.into(),
            message,
        };
        let extends = match (file.extends.as_deref(), base) {
            (Some(name), Some(base)) if name != base.as_str() => {
                return Err(invalid(format!(
                    "the lexicon extends profile {name:?}, but --profile says {:?}",
                    base.as_str()
                )));
            }
            (Some(name), _) => Some(Profile::named(name).ok_or_else(|| {
                invalid(format!(
                    "`extends = {name:?}`: there is no such profile (directive, broad)"
                ))
            })?),
            (None, base) => base,
        };
        Lexicon::compile(over_profile(file, extends), path)
    }

    fn compile(file: LexiconFile, path: &Path) -> Result<Lexicon> {
        let invalid = |message: String| Error::Invalid {
            path: path.into(),
            message,
        };
        if file.version.trim().is_empty() {
            return Err(invalid("the lexicon's `version` is empty".into()));
        }
        if file.topic.is_empty() {
            return Err(invalid("the lexicon has no [[topic]]".into()));
        }
        let mut topics: Vec<Topic> = Vec::new();
        for t in file.topic {
            let key = t.key.trim().to_string();
            if key.is_empty() || topics.iter().any(|o| o.key == key) {
                return Err(invalid(format!("topic key {key:?} is empty or repeated")));
            }
            if t.terms.is_empty() {
                return Err(invalid(format!("topic {key:?} has no terms")));
            }
            let Some(name) = t.name else {
                return Err(invalid(format!("topic {key:?} has no name")));
            };
            if let Some(source) = t
                .terms
                .iter()
                .filter_map(|t| t.source.as_ref())
                .find(|s| !file.sources.contains_key(s.as_str()))
            {
                return Err(invalid(format!(
                    "topic {key:?}: source {source:?} is not among the lexicon's [sources]"
                )));
            }
            let terms: Vec<Term> = t
                .terms
                .into_iter()
                .map(|term| Term {
                    phrase: term.phrase.trim().to_string(),
                    ..term
                })
                .collect();
            let phrases = terms.iter().map(|t| &t.phrase);
            let rule_phrases = t.rules.iter().map(|r| &r.phrase);
            if let Some(bad) = phrases
                .chain(&t.exclusions)
                .chain(&t.as_related)
                .chain(rule_phrases)
                .find(|p| words(p).is_empty())
            {
                return Err(invalid(format!(
                    "topic {key:?} has a phrase with no words: {bad:?}"
                )));
            }
            let compile = |phrases: &[String]| -> Result<Phrases> {
                Phrases::new(phrases)
                    .map_err(|(p, e)| invalid(format!("topic {key:?}: phrase {p:?}: {e}")))
            };
            let senses = t
                .rules
                .iter()
                .map(|rule| Sense::new(rule).map_err(|e| invalid(format!("topic {key:?}: {e}"))))
                .collect::<Result<Vec<Sense>>>()?;
            topics.push(Topic {
                exclude: compile(&t.exclusions)?,
                weaken: compile(&t.as_related)?,
                senses,
                key,
                name,
                terms,
                exclusions: t.exclusions,
                as_related: t.as_related,
                rules: t.rules,
            });
        }
        let matcher = Matcher::new(&topics)
            .map_err(|(p, e)| invalid(format!("term {p:?} does not compile: {e}")))?;
        Ok(Lexicon {
            version: file.version.trim().to_string(),
            profile: file.profile.unwrap_or_else(|| "custom".into()),
            sources: file.sources,
            topics,
            matcher,
        })
    }

    /// Every reference in `text`, sorted by start, without overlaps.
    ///
    /// ```
    /// use rmfdiff::topics::{Lexicon, Strength};
    /// let hits = Lexicon::builtin().find("Weigh climate-change and energy use.");
    /// let found: Vec<_> = hits.iter().map(|h| (h.term.as_str(), h.strength)).collect();
    /// assert_eq!(found, [("climate change", Strength::Direct), ("energy use", Strength::Related)]);
    /// ```
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = self.scan(text);
        // Words broken across lines ("misin-\nformation") or by soft hyphens match in a second
        // pass over the text with those breaks removed. Both passes count: a real hyphen at a
        // line end ("climate-\nrelated") only matches in the first.
        if has_broken_words(text) {
            let (joined, map) = join_broken_words(text);
            hits.extend(self.scan(&joined).into_iter().map(|hit| Hit {
                start: map[hit.start],
                end: map[hit.end - 1] + 1,
                ..hit
            }));
            // At each start the longest hit wins; later hits overlapping it are dropped.
            hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
            let mut end = 0;
            hits.retain(|h| {
                let keep = h.start >= end;
                end = end.max(h.end);
                keep
            });
        }
        hits
    }

    fn scan(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (k, m) in self.matcher.matches(text) {
            let (t, j) = self.matcher.groups[k];
            let topic = &self.topics[t];
            let mut range = m;
            let term = &topic.terms[j];
            if ends_in_stem(&term.phrase) {
                range.end = end_of_word(text, range.end);
            }
            if !is_whole_word(text, &range)
                || topic.exclude.around(text, &range)
                || topic.senses.iter().any(|s| s.excludes(text, &range))
            {
                continue;
            }
            let strength = if topic.weaken.around(text, &range) {
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

/// The terms of all topics, found as one alternation of them all would find them (the
/// leftmost match, and there the first term in search order), without building it: a trie
/// of the literal stems of the terms' words, walked from each place a word may begin, finds
/// where a term may start (its first word's stem at a word boundary) and whether the text
/// holds a stem of each of its words; only such terms are tried, there. One regex of every
/// term cost more to build, and to warm up, than a small document takes to diff.
#[derive(Debug, Clone)]
struct Matcher {
    /// Every term in search order: more words first, then longer; ties in file order.
    terms: Vec<Phrase>,
    /// (topic index, term index) of each of `terms`.
    groups: Vec<(usize, usize)>,
    /// Per term, per word, the indices of its word's stems; none: any word.
    term_stems: Vec<Vec<Vec<usize>>>,
    /// Per stem, the terms (indices into `terms`, in search order) whose first word it may
    /// begin.
    starting: Vec<Vec<usize>>,
    /// The trie of the stems of the terms' words, lower-cased; a stem's index is its place
    /// in their sorted order.
    stems: Stems,
    /// The terms whose first word has no literal stem (an apostrophe in it): tried at every
    /// ASCII word boundary, where their patterns begin.
    anywhere: Vec<usize>,
}

impl Matcher {
    fn new(topics: &[Topic]) -> std::result::Result<Matcher, (String, String)> {
        let mut groups: Vec<(usize, usize)> = topics
            .iter()
            .enumerate()
            .flat_map(|(i, topic)| (0..topic.terms.len()).map(move |j| (i, j)))
            .collect();
        groups.sort_by_cached_key(|&(i, j)| {
            let phrase = &topics[i].terms[j].phrase;
            std::cmp::Reverse((words(phrase).len(), phrase.len()))
        });
        let terms = groups
            .iter()
            .map(|&(i, j)| Phrase::new(&topics[i].terms[j].phrase))
            .collect::<std::result::Result<Vec<Phrase>, _>>()?;
        let size: usize = terms.iter().map(|t| t.regex().len()).sum();
        if size > MAX_TERMS_PATTERN {
            let why = format!(
                "the terms are too many or too long together ({size} bytes of pattern, at most {MAX_TERMS_PATTERN})"
            );
            return Err(("(all terms)".into(), why));
        }
        let mut stems: Vec<&str> = (terms.iter())
            .flat_map(|t| t.stems.iter().flatten().map(String::as_str))
            .collect();
        stems.sort_unstable();
        stems.dedup();
        let index = |stem: &String| stems.binary_search(&stem.as_str()).expect("a listed stem");
        let term_stems: Vec<Vec<Vec<usize>>> = (terms.iter())
            .map(|t| {
                t.stems
                    .iter()
                    .map(|word| word.iter().map(index).collect())
                    .collect()
            })
            .collect();
        let mut starting = vec![Vec::new(); stems.len()];
        let mut anywhere = Vec::new();
        for (k, words) in term_stems.iter().enumerate() {
            match words.first().filter(|first| !first.is_empty()) {
                Some(first) => first.iter().for_each(|&s| starting[s].push(k)),
                None => anywhere.push(k),
            }
        }
        let stems = Stems::new(&stems);
        Ok(Matcher {
            terms,
            groups,
            term_stems,
            starting,
            stems,
            anywhere,
        })
    }

    /// The terms' matches in `text`, in order and without overlaps, as (index into `terms`,
    /// byte range).
    fn matches(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        // A term's pattern begins at an ASCII word boundary.
        let boundary = |at: usize| pattern::boundary(text.as_bytes(), at);
        // (where a term may start, the term), in order of place, then of search.
        let mut tries: Vec<(usize, usize)> = Vec::new();
        let mut present = vec![false; self.starting.len()];
        self.stems.each(text.as_bytes(), |at, stem| {
            present[stem] = true;
            if !self.starting[stem].is_empty() && boundary(at) {
                tries.extend(self.starting[stem].iter().map(|&k| (at, k)));
            }
        });
        if !self.anywhere.is_empty() {
            for at in (0..=text.len()).filter(|&at| boundary(at)) {
                tries.extend(self.anywhere.iter().map(|&k| (at, k)));
            }
        }
        // A term whose words' stems are not all in the text cannot match in it.
        let held = |k: usize| {
            let word_held =
                |stems: &Vec<usize>| stems.is_empty() || stems.iter().any(|&s| present[s]);
            self.term_stems[k].iter().all(word_held)
        };
        let mut may_occur: Vec<Option<bool>> = vec![None; self.terms.len()];
        tries.sort_unstable();
        tries.dedup();
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        let mut end = 0;
        for (start, k) in tries {
            // Inside the last match, or where it starts: a term earlier in search order won.
            if start < end || !*may_occur[k].get_or_insert_with(|| held(k)) {
                continue;
            }
            if let Some(m_end) = self.terms[k].match_at(text, start) {
                found.push((k, start..m_end));
                end = m_end;
            }
        }
        found
    }
}

/// Lower-cased stems as a trie over their bytes, found in a text ASCII case aside. It is
/// walked only from the places a phrase's word may begin: not inside a run of ASCII letters,
/// digits and `_`, as a word begins at a boundary or after a separator. A stem met
/// elsewhere could not begin a match, so skipping those places loses none; and one short
/// walk per word beats an automaton stepping through every byte.
#[derive(Debug, Clone)]
struct Stems {
    /// The root's children by byte (0: none): the first step of every walk.
    roots: Box<[u32; 256]>,
    /// Per node (node 0 the root). A walk reads one node and its edges per byte: each node's
    /// edges lie together, in two arrays for all nodes (a vector of its own per node made
    /// each step a miss in the cache).
    nodes: Vec<StemNode>,
    /// The bytes of the edges, lower-cased.
    edge_bytes: Vec<u8>,
    /// The node each edge leads to.
    edge_nodes: Vec<u32>,
    /// Per byte, [`WORD_BYTE`] and [`BEGINS_STEM`].
    class: [u8; 256],
}

/// A node of [`Stems`]: its edges, `edges..edges + edge_count` of the edge arrays, and the
/// index of the stem ending there ([`NO_STEM`]: none).
#[derive(Debug, Clone, Copy)]
struct StemNode {
    edges: u32,
    edge_count: u32,
    stem: u32,
}

const NO_STEM: u32 = u32::MAX;

impl Stems {
    /// The trie of `stems`, each lower-cased and listed once; a stem's index is its place in
    /// `stems`.
    fn new(stems: &[&str]) -> Stems {
        // Built with a vector of edges per node, then laid out flat.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut ends = vec![NO_STEM];
        for (i, stem) in (0..).zip(stems) {
            let mut node = 0;
            for &b in stem.as_bytes() {
                let child = children[node].iter().find(|&&(byte, _)| byte == b);
                node = match child {
                    Some(&(_, child)) => child as usize,
                    None => {
                        let child = ends.len();
                        children[node].push((b, child as u32));
                        children.push(Vec::new());
                        ends.push(NO_STEM);
                        child
                    }
                };
            }
            ends[node] = i;
        }
        let mut trie = Stems {
            roots: Box::new([0; 256]),
            nodes: Vec::with_capacity(ends.len()),
            edge_bytes: Vec::new(),
            edge_nodes: Vec::new(),
            class: [0; 256],
        };
        for (edges, stem) in children.iter().zip(ends) {
            trie.nodes.push(StemNode {
                edges: trie.edge_bytes.len() as u32,
                edge_count: edges.len() as u32,
                stem,
            });
            trie.edge_bytes.extend(edges.iter().map(|&(b, _)| b));
            trie.edge_nodes
                .extend(edges.iter().map(|&(_, child)| child));
        }
        for &(b, child) in &children[0] {
            trie.roots[usize::from(b)] = child;
        }
        for (b, class) in (0..=u8::MAX).zip(&mut trie.class) {
            let word = is_word_byte(b);
            let begins = trie.roots[usize::from(b.to_ascii_lowercase())] != 0;
            *class = (u8::from(word) * WORD_BYTE) | (u8::from(begins) * BEGINS_STEM);
        }
        trie
    }

    /// Calls `found(at, stem)` for each stem that begins at a place of `text` a word may
    /// begin at, in order of place, then of length.
    fn each(&self, text: &[u8], mut found: impl FnMut(usize, usize)) {
        // Where to walk from is worked out 64 bytes at a time, with no branch per byte: a
        // branch at each end of a word, which no predictor guesses, cost more than the walks.
        let mut after_word = false;
        for (chunk, bytes) in text.chunks(64).enumerate() {
            let mut starts = 0u64;
            for (k, &b) in bytes.iter().enumerate() {
                let class = self.class[usize::from(b)];
                let word = class & WORD_BYTE != 0;
                let begins = class & BEGINS_STEM != 0 && !(after_word && word);
                starts |= u64::from(begins) << k;
                after_word = word;
            }
            while starts != 0 {
                let at = chunk * 64 + starts.trailing_zeros() as usize;
                starts &= starts - 1;
                self.walk(text, at, &mut found);
            }
        }
    }

    /// Calls `found(at, stem)` for each stem that `text` holds at `at`, shortest first.
    fn walk(&self, text: &[u8], at: usize, found: &mut impl FnMut(usize, usize)) {
        let mut node = self.roots[usize::from(text[at].to_ascii_lowercase())] as usize;
        let mut next = at + 1;
        while node != 0 {
            let StemNode {
                edges,
                edge_count,
                stem,
            } = self.nodes[node];
            if stem != NO_STEM {
                found(at, stem as usize);
            }
            let Some(byte) = text.get(next).map(u8::to_ascii_lowercase) else {
                break;
            };
            let edges = edges as usize..(edges + edge_count) as usize;
            node = match self.edge_bytes[edges.clone()]
                .iter()
                .position(|&b| b == byte)
            {
                Some(i) => self.edge_nodes[edges.start + i] as usize,
                None => 0,
            };
            next += 1;
        }
    }
}

/// [`Stems::class`]: an ASCII letter, digit or `_`.
const WORD_BYTE: u8 = 1;
/// [`Stems::class`]: some stem begins with the byte (either case).
const BEGINS_STEM: u8 = 2;

/// A topic's exclusion or `as_related` phrases. Each is looked for only where the text around
/// a hit holds the literal stem of every one of its words (ASCII case aside).
#[derive(Debug, Clone)]
struct Phrases(Vec<Phrase>);

#[derive(Debug, Clone)]
struct Phrase {
    /// The phrase as the lexicon writes it.
    text: String,
    /// The phrase matched by hand: building it costs nothing, where compiling its
    /// [`Phrase::regex`] cost 50–90 µs.
    pattern: Pattern,
    /// Per word, the lower-cased literal stems of its alternatives; one must occur.
    stems: Vec<Vec<String>>,
}

/// Longest phrase accepted, in characters: a bound on the work of matching one. A phrase's
/// regex is always valid (its words are escaped).
const MAX_PHRASE: usize = 300;

/// Most terms' pattern text accepted in one lexicon: a bound on the work of reading one.
const MAX_TERMS_PATTERN: usize = 200_000;

impl Phrases {
    /// The phrases, or the first that is not a valid pattern and why.
    fn new(phrases: &[String]) -> std::result::Result<Phrases, (String, String)> {
        let phrases = phrases.iter().map(|phrase| Phrase::new(phrase));
        Ok(Phrases(phrases.collect::<std::result::Result<_, _>>()?))
    }

    /// True when `range` of `text` lies inside an occurrence of one of the phrases.
    fn around(&self, text: &str, range: &Range<usize>) -> bool {
        !self.containing(text, range).is_empty()
    }

    /// The occurrences of the phrases in `text` that `range` lies inside.
    fn containing(&self, text: &str, range: &Range<usize>) -> Vec<Range<usize>> {
        if self.0.is_empty() {
            return Vec::new();
        }
        // Phrases are short: look only at the neighbourhood of the hit.
        let mut start = range.start.saturating_sub(CONTEXT);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (range.end + CONTEXT).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let around = &text[start..end];
        let lower = around.to_ascii_lowercase();
        let has = |stem: &str| lower.contains(stem);
        // An occurrence that begins after the hit cannot hold it: the search stops there.
        let found = self.0.iter().filter(|p| p.may_occur(has)).flat_map(|p| {
            (p.pattern.find_iter(around, range.start - start))
                .map(|m| start + m.start..start + m.end)
                .filter(|m| m.start <= range.start && range.end <= m.end)
        });
        found.collect()
    }
}

impl Phrase {
    /// A phrase of the lexicon, or why it is not a valid one.
    fn new(phrase: &str) -> std::result::Result<Phrase, (String, String)> {
        if phrase.chars().count() > MAX_PHRASE {
            let why = format!("longer than {MAX_PHRASE} characters");
            return Err((phrase.to_string(), why));
        }
        Ok(Phrase {
            text: phrase.to_string(),
            pattern: Pattern::new(phrase),
            stems: words(phrase).into_iter().map(stems).collect(),
        })
    }

    /// The regex the phrase stands for ([`phrase_pattern`]): what `pattern` matches, by
    /// definition (the tests hold the two to each other). Written only when asked for: a run
    /// needs only the terms' lengths.
    fn regex(&self) -> String {
        phrase_pattern(&self.text)
    }

    /// The phrase's words' literal stems (tests build texts from them).
    #[cfg(test)]
    fn pattern_words(&self) -> impl Iterator<Item = &str> {
        self.stems.iter().flatten().map(String::as_str)
    }

    /// False when a text cannot hold the phrase: for one of its words, `has` (is this
    /// lower-cased stem in the text?) finds none of the word's stems.
    fn may_occur(&self, has: impl Fn(&str) -> bool) -> bool {
        let word_found = |stems: &Vec<String>| stems.is_empty() || stems.iter().any(|s| has(s));
        self.stems.iter().all(word_found)
    }

    /// The end of the phrase's match that begins at `start` of `text`, if one does.
    fn match_at(&self, text: &str, start: usize) -> Option<usize> {
        self.pattern.match_at(text, start)
    }
}

/// The literal stems a word's match must contain, lower-cased: `diversity` → `diversit`
/// (for "diversities"), `data*` → `data`, `set|range` → `set`, `range`. A word with an
/// apostrophe has none (the text may curl it), nor has an empty one: no constraint.
fn stems(word: &str) -> Vec<String> {
    let alternatives: Vec<String> = word
        .split('|')
        .map(|alt| {
            let alt = alt.trim_end_matches('*').to_ascii_lowercase();
            match ends_in_consonant_y(&alt) {
                true => alt[..alt.len() - 1].to_string(),
                false => alt,
            }
        })
        .collect();
    let unconstrained = |a: &String| a.is_empty() || a.contains(['\'', '’']);
    if alternatives.iter().any(unconstrained) {
        Vec::new()
    } else {
        alternatives
    }
}

/// A compiled [`Rule`].
#[derive(Debug, Clone)]
struct Sense {
    phrase: Phrases,
    /// Any one of the words that keep the sense, whole.
    keep: Vec<Word>,
    within: usize,
}

impl Sense {
    fn new(rule: &Rule) -> std::result::Result<Sense, String> {
        let phrase = Phrases::new(std::slice::from_ref(&rule.phrase))
            .map_err(|(p, e)| format!("rule phrase {p:?}: {e}"))?;
        if let Some(bad) = rule.unless_followed_by.iter().find(|w| words(w).len() != 1) {
            return Err(format!("rule {:?}: {bad:?} is not one word", rule.phrase));
        }
        if rule.unless_followed_by.is_empty() || rule.within == 0 {
            return Err(format!(
                "rule {:?} needs words in `unless_followed_by` and a `within` of 1 or more",
                rule.phrase
            ));
        }
        let keep = rule.unless_followed_by.iter().map(|w| Word::new(w.trim()));
        let keep = keep.collect();
        Ok(Sense {
            phrase,
            keep,
            within: rule.within,
        })
    }

    /// True when `range` of `text` lies inside the rule's phrase and none of the words after
    /// it keeps the sense.
    fn excludes(&self, text: &str, range: &Range<usize>) -> bool {
        self.phrase.containing(text, range).iter().any(|m| {
            let mut next = text[m.end..]
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
                .filter(|w| !w.is_empty())
                .take(self.within);
            !next.any(|w| self.keep.iter().any(|keep| keep.is(w)))
        })
    }
}

/// Reads a lexicon file's TOML.
fn read_file(text: &str, path: &Path) -> Result<LexiconFile> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = line_column(text, e.span().map_or(0, |s| s.start));
        Error::Syntax {
            path: path.into(),
            line,
            column,
            message: format!("invalid lexicon: {}", e.message().trim_end()),
        }
    })
}

/// `file` laid over the built-in `profile` (itself laid over the one it extends), if any: its
/// topics add their terms, exclusions, `as_related` phrases and rules to the topic of the
/// same key (or are new topics), its sources join the base's, and it names the result.
fn over_profile(file: LexiconFile, profile: Option<Profile>) -> LexiconFile {
    let Some(profile) = profile else {
        return file;
    };
    let base = profile.file();
    let extends = base
        .extends
        .as_deref()
        .map(|e| Profile::named(e).expect("a built-in profile extends a built-in profile"));
    let mut base = over_profile(base, extends);
    for topic in file.topic {
        match base
            .topic
            .iter_mut()
            .find(|t| t.key.trim() == topic.key.trim())
        {
            Some(extended) => {
                if topic.name.is_some() {
                    extended.name = topic.name;
                }
                extended.terms.extend(topic.terms);
                extended.exclusions.extend(topic.exclusions);
                extended.as_related.extend(topic.as_related);
                extended.rules.extend(topic.rules);
            }
            None => base.topic.push(topic),
        }
    }
    base.sources.extend(file.sources);
    LexiconFile {
        version: file.version,
        profile: Some(
            file.profile
                .unwrap_or_else(|| format!("{}+custom", profile.as_str())),
        ),
        extends: None,
        sources: base.sources,
        topic: base.topic,
    }
}

/// The words of a phrase: runs of letters, digits, apostrophes, `*` and `|`.
///
/// ```text
/// "diversity, equity, and inclusion"  →  ["diversity", "equity", "and", "inclusion"]
/// ```
fn words(phrase: &str) -> Vec<&str> {
    phrase
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '*' | '|' | '\'' | '’')))
        .filter(|w| w.split('|').any(|alt| !alt.trim_matches('*').is_empty()))
        .collect()
}

/// The regex of a phrase (see the syntax at the top of `directive.toml`): whole words, joined
/// by [`SEPARATOR`]. The word boundaries are ASCII ones: Unicode `\b` makes the regex engine
/// fall back to a far slower one on non-ASCII text; [`is_whole_word`] completes the check.
/// Words ignore ASCII case only: Unicode case folding (the Kelvin sign for `k`, `ſ` for `s`)
/// finds nothing in English terms and makes every run's lexicon build slower.
///
/// ```text
/// "climate change"  →  \b(?i-u:(?:climate(?:s|es)?(?:'s|’s)?))SEP(?i-u:(?:change(?:s|es)?(?:'s|’s)?))\b
/// ```
fn phrase_pattern(phrase: &str) -> String {
    let words: Vec<String> = words(phrase)
        .into_iter()
        .map(|w| format!("(?i-u:{})", word_pattern(w)))
        .collect();
    format!(r"(?-u:\b){}(?-u:\b)", words.join(SEPARATOR))
}

/// True when the last word of `phrase` (or one of its alternatives) is a stem (`word*`).
fn ends_in_stem(phrase: &str) -> bool {
    words(phrase)
        .last()
        .is_some_and(|w| w.split('|').any(|a| a.ends_with('*')))
}

/// `end` moved past the word characters (Unicode `\w`) that follow it: a stem matches any
/// continuation ("marginaliz*": "marginalizé"), while the regex only follows ASCII ones.
fn end_of_word(text: &str, end: usize) -> usize {
    static WORD: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"^\w+").expect("a valid regex"));
    // The regex stopped at a non-word ASCII character or at a non-ASCII one: only the
    // latter may continue the word.
    if !text[end..].starts_with(|c: char| !c.is_ascii()) {
        return end;
    }
    WORD.find(&text[end..]).map_or(end, |m| end + m.end())
}

/// True when no letter or digit touches `range` of `text` (the Unicode part of the
/// whole-word rule: "éclimate" has no word "climate").
fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let is_word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !is_word_char(text[..range.start].chars().next_back())
        && !is_word_char(text[range.end..].chars().next())
}

/// The regex of one word of a phrase; `a|b` is either word.
fn word_pattern(word: &str) -> String {
    let alternatives: Vec<String> = word
        .split('|')
        .filter(|w| !w.trim_matches('*').is_empty())
        .map(one_word_pattern)
        .collect();
    format!("(?:{})", alternatives.join("|"))
}

fn one_word_pattern(word: &str) -> String {
    const POSSESSIVE: &str = "(?:'s|’s)?";
    if let Some(stem) = word.strip_suffix('*') {
        // ASCII `\w`: the Unicode class is thousands of UTF-8 states per stem, which made
        // building the lexicon and the first searches (the lazy DFAs) cost a tenth of a
        // second; a term's final stem is extended over any letters by `end_of_word`.
        return format!(r"{}(?-u:\w)*", regex::escape(stem));
    }
    let is_acronym = (2..=5).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase());
    if is_acronym {
        return format!("(?-i:{}s?)", regex::escape(word));
    }
    if ends_in_consonant_y(word) {
        let stem = regex::escape(&word[..word.len() - 1]);
        return format!("{stem}(?:y|ies){POSSESSIVE}");
    }
    format!("{}(?:s|es)?{POSSESSIVE}", regex::escape(word))
}

/// True when `word`'s plural turns its final `y` into `ies` ("diversity", not "day").
fn ends_in_consonant_y(word: &str) -> bool {
    word.len() > 2
        && word.ends_with('y')
        && !word[..word.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u'])
}

/// True when `text` may hold a word broken by a soft hyphen or a hyphen at a line end.
fn has_broken_words(text: &str) -> bool {
    text.contains('\u{ad}') || text.contains("-\n") || text.contains("-\r\n")
}

/// `text` without soft hyphens and without the hyphen + line break inside broken words, and
/// for each byte of the result the offset in `text` it came from.
///
/// ```text
/// "misin-\n  formation"  →  "misinformation"
/// ```
fn join_broken_words(text: &str) -> (String, Vec<usize>) {
    let mut joined = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut previous_is_letter = false;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let next = i + c.len_utf8();
        let is_break = c == '\u{ad}' || (c == '-' && previous_is_letter);
        if is_break {
            // A soft hyphen is dropped, with the line break after it if any; a hyphen only
            // when a line break and then a letter follow.
            match line_break_then_letter(&text[next..]) {
                Some(gap) => {
                    i = next + gap;
                    continue;
                }
                None if c == '\u{ad}' => {
                    i = next;
                    continue;
                }
                None => {}
            }
        }
        previous_is_letter = c.is_alphabetic();
        map.extend(i..next);
        joined.push(c);
        i = next;
    }
    (joined, map)
}

/// The length of the spaces, one line break and indentation at the start of `rest`, if a
/// letter follows them.
fn line_break_then_letter(rest: &str) -> Option<usize> {
    let after_spaces = rest.trim_start_matches([' ', '\t']);
    let after_break = after_spaces
        .strip_prefix("\r\n")
        .or_else(|| after_spaces.strip_prefix('\n'))?;
    let next_line = after_break.trim_start_matches([' ', '\t']);
    next_line
        .starts_with(char::is_alphabetic)
        .then(|| rest.len() - next_line.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    /// What `build.rs` converted is what the TOML says, field for field: the lexicons are
    /// the same down to their compiled matchers.
    #[test]
    fn builtin_profiles_read_from_json_are_their_toml() {
        for profile in [Profile::Directive, Profile::Broad] {
            let path = format!("<built-in profile {}>", profile.as_str());
            let from_toml = Lexicon::parse(profile.text(), Path::new(&path), None).unwrap();
            let from_json = Lexicon::profile(profile);
            assert_eq!(format!("{from_json:?}"), format!("{from_toml:?}"));
            assert!(from_json.topics.iter().all(|t| !t.terms.is_empty()));
        }
    }

    #[test]
    fn builtin_profiles_are_valid_and_have_the_three_topics() {
        for profile in [Profile::Directive, Profile::Broad] {
            let lexicon = Lexicon::parse(profile.text(), Path::new("profile"), None).unwrap();
            assert_eq!(lexicon.profile, profile.as_str());
            let keys: Vec<&str> = lexicon.topics.iter().map(|t| t.key.as_str()).collect();
            assert_eq!(keys, ["misinformation", "dei", "climate"]);
            // Every regex a phrase stands for is valid: every term, every phrase.
            for term in &lexicon.matcher.terms {
                Regex::new(&term.regex()).unwrap();
            }
            for phrase in all_phrases(&lexicon) {
                Regex::new(&phrase.regex()).unwrap();
            }
        }
        let lexicon = Lexicon::builtin();
        assert!(!lexicon.version.is_empty());
        for topic in &lexicon.topics {
            let direct = topic
                .terms
                .iter()
                .filter(|t| t.strength == Strength::Direct);
            assert!(direct.count() > 0, "{} has no direct term", topic.key);
        }
    }

    #[test]
    fn word_patterns() {
        assert_eq!(word_pattern("emission*"), r"(?:emission(?-u:\w)*)");
        assert_eq!(word_pattern("DEI"), "(?:(?-i:DEIs?))");
        assert_eq!(word_pattern("diversity"), "(?:diversit(?:y|ies)(?:'s|’s)?)");
        assert_eq!(word_pattern("harm"), "(?:harm(?:s|es)?(?:'s|’s)?)");
        assert_eq!(
            word_pattern("set|range*"),
            "(?:set(?:s|es)?(?:'s|’s)?|range(?-u:\\w)*)"
        );
    }

    #[test]
    fn a_final_stem_takes_any_letters() {
        let text = "marginalizé and minoritiés";
        let hits = Lexicon::builtin().find(text);
        let found: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(found, ["marginalizé", "minoritiés"]);
    }

    #[test]
    fn terms_are_found_whole_and_across_broken_lines() {
        let lexicon = Lexicon::builtin();
        let hits = lexicon.find("A diverse team weighs climate change.");
        let found: Vec<&str> = hits.iter().map(|h| h.term.as_str()).collect();
        assert_eq!(found, ["diverse", "climate change"]);
        assert!(lexicon.find("Access control.").is_empty());
        // A word broken across lines is found: the joined text is searched too.
        assert_eq!(lexicon.find("misin-\nformation").len(), 1);
    }

    /// The exclusion, `as_related` and rule phrases of a lexicon's topics.
    fn all_phrases(lexicon: &Lexicon) -> impl Iterator<Item = &Phrase> {
        lexicon.topics.iter().flat_map(|topic| {
            let phrases = [&topic.exclude, &topic.weaken].into_iter();
            let senses = topic.senses.iter().map(|s| &s.phrase);
            phrases.chain(senses).flat_map(|p| &p.0)
        })
    }

    /// What joins the words of a property test's text: apostrophes, dashes, plurals,
    /// non-ASCII letters and spaces.
    const GLUE: [&str; 14] = [
        " ", "-", ", ", "\n", "’s ", "'", "\u{2014}", "s ", "ies ", "é", "_", "  /", "'S ",
        "\u{a0}",
    ];

    /// A text of `words` (ASCII ones), each piece a word (by index, wrapping), the [`GLUE`]
    /// after it, and a case: as written, upper case, capitalised, or its first half.
    fn text_of(words: &[&str], pieces: &[(usize, usize, usize)]) -> String {
        let mut text = String::new();
        for &(word, glue, case) in pieces {
            let word = words[word % words.len()];
            text.push_str(&match case {
                0 => word.to_string(),
                1 => word.to_uppercase(),
                2 => word[..1].to_uppercase() + &word[1..],
                _ => word[..word.len() / 2].to_string(),
            });
            text.push_str(GLUE[glue]);
        }
        text
    }

    /// Each built-in profile's lexicon, with the regexes of its phrases (for whole texts and
    /// searched anchored at one place), compiled once for all the cases of a property test.
    fn phrase_regexes(profile: Profile) -> &'static (Lexicon, Vec<(Regex, MetaRegex)>) {
        type Compiled = (Lexicon, Vec<(Regex, MetaRegex)>);
        static COMPILED: OnceLock<[Compiled; 2]> = OnceLock::new();
        let compiled = COMPILED.get_or_init(|| {
            [Profile::Directive, Profile::Broad].map(|profile| {
                let lexicon = Lexicon::profile(profile);
                let regexes = all_phrases(&lexicon)
                    .map(|p| {
                        (
                            Regex::new(&p.regex()).unwrap(),
                            MetaRegex::new(&p.regex()).unwrap(),
                        )
                    })
                    .collect();
                (lexicon, regexes)
            })
        });
        &compiled[usize::from(profile == Profile::Broad)]
    }

    type MetaRegex = regex_automata::meta::Regex;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Every phrase and rule word of both profiles, matched by hand, matches as its regex:
        /// over texts made of the phrases' own words, anchored at each place of them, and with
        /// the search stopped at a place.
        #[test]
        fn phrases_match_as_their_regexes(
            pieces in proptest::collection::vec((0usize..400, 0..GLUE.len(), 0usize..4), 0..14),
            broad in proptest::bool::ANY,
            last_start in 0usize..200,
        ) {
            let profile = if broad { Profile::Broad } else { Profile::Directive };
            let (lexicon, regexes) = phrase_regexes(profile);
            let phrases: Vec<&Phrase> = all_phrases(lexicon).collect();
            let words: Vec<&str> = phrases.iter().flat_map(|p| p.pattern_words()).collect();
            let text = text_of(&words, &pieces);
            for (phrase, (regex, anchored)) in phrases.iter().zip(regexes) {
                let by_regex: Vec<Range<usize>> = regex.find_iter(&text).map(|m| m.range()).collect();
                let by_hand: Vec<Range<usize>> = phrase.pattern.find_iter(&text, text.len()).collect();
                proptest::prop_assert_eq!(&by_hand, &by_regex, "{} in {:?}", phrase.regex(), &text);
                // Stopped anywhere, and just at and before each match.
                let starts = by_regex.iter().flat_map(|m| [m.start, m.start.saturating_sub(1)]);
                for last in starts.chain([last_start]) {
                    let stopped: Vec<Range<usize>> = phrase.pattern.find_iter(&text, last).collect();
                    let up_to = by_regex.iter().take_while(|m| m.start <= last).cloned();
                    proptest::prop_assert_eq!(stopped, up_to.collect::<Vec<_>>(), "{} in {:?} to {}", phrase.regex(), &text, last);
                }
                for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                    let input = regex_automata::Input::new(&text)
                        .range(at..)
                        .anchored(regex_automata::Anchored::Yes);
                    let by_regex = anchored.search(&input).map(|m| m.end());
                    proptest::prop_assert_eq!(phrase.match_at(&text, at), by_regex, "{} at {} of {:?}", phrase.regex(), at, &text);
                }
            }
            for rule in lexicon.topics.iter().flat_map(|t| &t.rules) {
                for word in &rule.unless_followed_by {
                    let regex = format!("^(?:(?i-u:{}))$", word_pattern(word.trim()));
                    let regex = Regex::new(&regex).unwrap();
                    let keep = Word::new(word.trim());
                    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
                        proptest::prop_assert_eq!(keep.is(w), regex.is_match(w), "{} {:?}", word, w);
                    }
                }
            }
        }
    }

    #[test]
    fn the_stems_trie_finds_every_stem_where_a_word_may_begin() {
        let lexicon = Lexicon::profile(Profile::Broad);
        let matcher = &lexicon.matcher;
        let mut stems: Vec<&str> = (matcher.terms.iter())
            .flat_map(|t| t.pattern_words())
            .collect();
        stems.sort_unstable();
        stems.dedup();
        let by_hand = |text: &[u8]| -> Vec<(usize, usize)> {
            let starts = (0..text.len())
                .filter(|&at| at == 0 || !is_word_byte(text[at - 1]) || !is_word_byte(text[at]));
            let starts: Vec<usize> = starts.collect();
            let mut found: Vec<(usize, usize)> = starts
                .iter()
                .flat_map(|&at| {
                    let there = move |s: &&str| {
                        text[at..]
                            .get(..s.len())
                            .is_some_and(|t| t.eq_ignore_ascii_case(s.as_bytes()))
                    };
                    stems
                        .iter()
                        .enumerate()
                        .filter(move |(_, s)| there(s))
                        .map(move |(i, _)| (at, i))
                })
                .collect();
            found.sort_by_key(|&(at, i)| (at, stems[i].len()));
            found
        };
        let samples = [
            crate::frameworks::find("ai-rmf-1.0").unwrap().xml,
            "DIVERSITY, équité, Climate-change; misinformation's disinfo_x EQUITABLE 12gender"
                .as_bytes(),
        ];
        for text in samples {
            let mut by_trie = Vec::new();
            matcher
                .stems
                .each(text, |at, stem| by_trie.push((at, stem)));
            assert!(by_trie.len() > 5, "the sample holds stems: {by_trie:?}");
            assert_eq!(by_trie, by_hand(text));
        }
    }

    /// The matches of one regex alternating all the lexicon's terms, in search order: what
    /// [`Matcher::matches`] must find without building it.
    fn alternation_matches(lexicon: &Lexicon, text: &str) -> Vec<(usize, Range<usize>)> {
        static ALTERNATIONS: OnceLock<Vec<(String, Regex)>> = OnceLock::new();
        let alternations = ALTERNATIONS.get_or_init(|| {
            [Profile::Directive, Profile::Broad]
                .map(|profile| {
                    let lexicon = Lexicon::profile(profile);
                    let terms = lexicon.matcher.terms.iter();
                    let groups: Vec<String> = terms.map(|t| format!("({})", t.regex())).collect();
                    (lexicon.profile, Regex::new(&groups.join("|")).unwrap())
                })
                .into()
        });
        let (_, alternation) = alternations
            .iter()
            .find(|(profile, _)| *profile == lexicon.profile)
            .expect("a built-in profile");
        let captures = alternation.captures_iter(text);
        captures
            .map(|c| {
                let group = (1..c.len()).find(|&g| c.get(g).is_some()).unwrap();
                (group - 1, c.get(0).unwrap().range())
            })
            .collect()
    }

    #[test]
    fn terms_are_found_as_one_alternation_of_them_would_find_them() {
        // The leftmost match wins, and at one place the term first in search order (more
        // words, then longer); a match hides the terms that start inside it.
        let lexicon = Lexicon::builtin();
        let text = "Climate change, climate-related DEI's diversity, equity, and inclusion \
                    (diversity and inclusion) of information ecosystems; misinformation and \
                    disinformation; greenhouse gas emissions' footprint; diverse teams.";
        let expected = alternation_matches(&lexicon, text);
        assert!(expected.len() > 8, "{expected:?}");
        assert_eq!(lexicon.matcher.matches(text), expected);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Texts made of the terms' own words, cased and joined every which way, with
        /// apostrophes, dashes, plurals and non-ASCII letters around them.
        #[test]
        fn any_text_gives_the_alternations_matches(
            pieces in proptest::collection::vec((0usize..400, 0..GLUE.len(), 0usize..4), 0..40),
            broad in proptest::bool::ANY,
        ) {
            let profile = if broad { Profile::Broad } else { Profile::Directive };
            let lexicon = Lexicon::profile(profile);
            let words: Vec<&str> = lexicon.matcher.terms.iter().flat_map(|t| t.pattern_words()).collect();
            let text = text_of(&words, &pieces);
            proptest::prop_assert_eq!(lexicon.matcher.matches(&text), alternation_matches(&lexicon, &text), "{:?}", text);
        }
    }

    #[test]
    fn too_many_terms_are_refused_when_read() {
        let terms: Vec<String> = (0..3000)
            .map(|i| {
                format!(
                    "{{ phrase = \"{} {i}\", strength = \"direct\" }}",
                    "word ".repeat(20)
                )
            })
            .collect();
        let text = format!(
            "version = \"1\"\n[[topic]]\nkey = \"x\"\nname = \"X\"\nterms = [{}]\n",
            terms.join(", ")
        );
        let message = Lexicon::parse(&text, Path::new("big.toml"), None)
            .unwrap_err()
            .to_string();
        assert!(message.contains("too many or too long"), "{message}");
    }

    #[test]
    fn phrase_stems_are_what_a_match_must_contain() {
        assert_eq!(stems("diversity"), ["diversit"]);
        assert_eq!(stems("set|range*"), ["set", "range"]);
        assert_eq!(stems("DEI"), ["dei"]);
        assert!(stems("women's").is_empty());
        let phrases = Phrases::new(&["diverse set|range of data*".to_string()]).unwrap();
        let phrase = &phrases.0[0];
        assert!(phrase.may_occur(|s| "a diverse range of datasets".contains(s)));
        assert!(!phrase.may_occur(|s| "a diverse team".contains(s)));
        let text = "a Diverse Range of Datasets";
        assert!(phrases.around(text, &(2..9)));
        let long = "word ".repeat(70);
        assert!(Phrases::new(&[long]).is_err());
    }

    #[test]
    fn phrase_words() {
        assert_eq!(
            words("diversity, equity, and inclusion"),
            ["diversity", "equity", "and", "inclusion"]
        );
        assert_eq!(words("set|range of data*"), ["set|range", "of", "data*"]);
        assert!(words(" * , | ").is_empty());
    }

    #[test]
    fn broken_words_are_joined_with_a_map_back() {
        let text = "misin-\n  formation, dis\u{ad}information and decision-making";
        let (joined, map) = join_broken_words(text);
        assert_eq!(joined, "misinformation, disinformation and decision-making");
        assert_eq!(map.len(), joined.len());
        assert_eq!(map[4], 4);
        assert_eq!(&text[map[5]..map[6]], "f");
        assert_eq!(&text[map[19]..], "information and decision-making");
    }

    #[test]
    fn a_hyphen_at_a_line_end_before_a_non_letter_is_kept() {
        let (joined, _) = join_broken_words("pre-\n2020 and x-\r\ny");
        assert_eq!(joined, "pre-\n2020 and xy");
    }
}
