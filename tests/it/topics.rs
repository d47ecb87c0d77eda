//! The topic lexicon and matcher: what counts as a reference, how words are matched, and the
//! precision traps the built-in lexicon must avoid. Every sentence here is a hand-written
//! test input, not NIST text, except in the last test, which reads a real NIST catalog.

use std::path::Path;
use std::sync::LazyLock;

use rmfdiff::error::Error;
use rmfdiff::topics::{Hit, Lexicon, Profile, Strength};

use Strength::{Direct, Related};

/// Compiled once for all tests.
static BUILTIN: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

/// (topic, term, strength, matched text) of every hit of the built-in lexicon in `text`.
fn hits(text: &str) -> Vec<(String, String, Strength, String)> {
    described(&BUILTIN.find(text), text)
}

fn described(hits: &[Hit], text: &str) -> Vec<(String, String, Strength, String)> {
    hits.iter()
        .map(|h| {
            let matched = text[h.start..h.end].to_string();
            (h.topic.clone(), h.term.clone(), h.strength, matched)
        })
        .collect()
}

/// Builds the expected value of [`hits`].
fn hit(
    topic: &str,
    term: &str,
    strength: Strength,
    matched: &str,
) -> (String, String, Strength, String) {
    (topic.into(), term.into(), strength, matched.into())
}

/// The matched text of every hit.
fn matched(text: &str) -> Vec<String> {
    hits(text).into_iter().map(|h| h.3).collect()
}

fn assert_no_hits(texts: &[&str]) {
    for text in texts {
        assert_eq!(hits(text), [], "in {text:?}");
    }
}

#[test]
fn builtin_lexicon_has_the_three_topics_and_a_version() {
    let lexicon = Lexicon::builtin();
    assert_eq!(lexicon.version, "2026.12.2");
    assert_eq!(lexicon.profile, "directive");
    let topics: Vec<(&str, &str)> = lexicon
        .topics
        .iter()
        .map(|t| (t.key.as_str(), t.name.as_str()))
        .collect();
    assert_eq!(
        topics,
        [
            ("misinformation", "Misinformation"),
            ("dei", "Diversity, equity and inclusion"),
            ("climate", "Climate change"),
        ]
    );
    for topic in &lexicon.topics {
        assert!(
            topic.terms.iter().any(|t| t.strength == Direct),
            "{}",
            topic.key
        );
        assert!(
            topic.terms.iter().any(|t| t.strength == Related),
            "{}",
            topic.key
        );
        assert!(!topic.exclusions.is_empty(), "{}", topic.key);
    }
}

#[test]
fn direct_terms_of_each_topic() {
    assert_eq!(
        hits("Misinformation; diversity, equity, and inclusion; climate change."),
        [
            hit("misinformation", "misinformation", Direct, "Misinformation"),
            hit(
                "dei",
                "diversity, equity, and inclusion",
                Direct,
                "diversity, equity, and inclusion"
            ),
            hit("climate", "climate change", Direct, "climate change"),
        ]
    );
    assert_eq!(
        hits("diversity and equity; the inclusion; DEI and DEIA; the climate"),
        [
            hit("dei", "diversity", Direct, "diversity"),
            hit("dei", "equity", Direct, "equity"),
            hit("dei", "inclusion", Direct, "inclusion"),
            hit("dei", "DEI", Direct, "DEI"),
            hit("dei", "DEIA", Direct, "DEIA"),
            hit("climate", "climate", Direct, "climate"),
        ]
    );
    assert_eq!(
        hits("Workforce diversity, equity, inclusion, and accessibility processes"),
        [hit(
            "dei",
            "diversity, equity, inclusion, and accessibility",
            Direct,
            "diversity, equity, inclusion, and accessibility"
        )]
    );
}

#[test]
fn related_terms_are_marked_related() {
    assert_eq!(
        hits(
            "Disinformation harms information integrity; demographically diverse teams; carbon emissions."
        ),
        [
            hit(
                "misinformation",
                "disinformation",
                Related,
                "Disinformation"
            ),
            hit(
                "misinformation",
                "information integrity",
                Related,
                "information integrity"
            ),
            hit("dei", "demographic*", Related, "demographically"),
            hit("dei", "diverse", Related, "diverse"),
            hit("climate", "carbon emission*", Related, "carbon emissions"),
        ]
    );
}

#[test]
fn inflections() {
    // Without `*`: plural and possessive only.
    assert_eq!(
        matched("diversities, climate's toll, deepfakes, greenhouse gases"),
        ["diversities", "climate's", "deepfakes", "greenhouse gases"]
    );
    // With `*`: any continuation ("-ed", "-ing", "-ly", …).
    assert_eq!(
        matched("marginalized and marginalizing; fact-checking; sustainable; deepfaked"),
        [
            "marginalized",
            "marginalizing",
            "fact-checking",
            "sustainable",
            "deepfaked"
        ]
    );
    // A word without `*` does not take other endings.
    assert_no_hits(&["disinformational", "equitableness", "climatic"]);
}

#[test]
fn case_insensitive_except_acronyms() {
    assert_eq!(
        hits("MISINFORMATION and Climate Change"),
        [
            hit("misinformation", "misinformation", Direct, "MISINFORMATION"),
            hit("climate", "climate change", Direct, "Climate Change"),
        ]
    );
    // Acronyms match in capitals only, and as whole words.
    assert_eq!(
        matched("DEI, DEIs and DEIA programs"),
        ["DEI", "DEIs", "DEIA"]
    );
    assert_no_hits(&["Agnus Dei", "dei", "DEIX", "nucleotide deidentified"]);
}

#[test]
fn whole_words_only() {
    assert_no_hits(&[
        "climatology",
        "equityholder",
        "diversification",
        "trace, racetrack, embrace",
        "Winogender schemas",
        "carbonated",
        "éclimate",
    ]);
    // A plural is still the word: "inclusions" counts as "inclusion".
    assert_eq!(
        hits("inclusions"),
        [hit("dei", "inclusion", Direct, "inclusions")]
    );
}

#[test]
fn words_broken_across_lines_or_by_soft_hyphens() {
    let text = "spread of misin-\nformation and dis-\n  information; mis\u{ad}information";
    assert_eq!(
        hits(text),
        [
            hit(
                "misinformation",
                "misinformation",
                Direct,
                "misin-\nformation"
            ),
            hit(
                "misinformation",
                "disinformation",
                Related,
                "dis-\n  information"
            ),
            hit(
                "misinformation",
                "misinformation",
                Direct,
                "mis\u{ad}information"
            ),
        ]
    );
    // A real hyphen at a line end still separates words.
    assert_eq!(
        hits("climate-\nrelated risks and cli-\r\nmate"),
        [
            hit("climate", "climate", Direct, "climate"),
            hit("climate", "climate", Direct, "cli-\r\nmate")
        ]
    );
}

#[test]
fn phrases_match_across_line_breaks_and_hyphens() {
    assert_eq!(
        matched(
            "climate\nchange, climate-change, climate \u{2013} change, information\n   integrity"
        ),
        [
            "climate\nchange",
            "climate-change",
            "climate \u{2013} change",
            "information\n   integrity"
        ]
    );
    assert_eq!(
        hits("diversity,\nequity and inclusion"),
        [hit(
            "dei",
            "diversity, equity, and inclusion",
            Direct,
            "diversity,\nequity and inclusion"
        )]
    );
    // A one-word term inside a hyphenated compound.
    assert_eq!(
        hits("climate-related and DEI-focused"),
        [
            hit("climate", "climate", Direct, "climate"),
            hit("dei", "DEI", Direct, "DEI")
        ]
    );
}

#[test]
fn longest_term_wins_and_hits_do_not_overlap() {
    assert_eq!(
        hits("climate change"),
        [hit("climate", "climate change", Direct, "climate change")]
    );
    assert_eq!(
        hits("a carbon footprint"),
        [hit(
            "climate",
            "carbon footprint*",
            Related,
            "carbon footprint"
        )]
    );
    assert_eq!(
        hits("harms to the environment and the planet"),
        [hit(
            "climate",
            "the environment and the planet",
            Related,
            "the environment and the planet"
        )]
    );
    let text = "Training increases energy consumption and carbon emissions, which \
                contributes to climate change and to disinformation about it.";
    let found = BUILTIN.find(text);
    assert!(
        found.windows(2).all(|w| w[0].end <= w[1].start),
        "{found:?}"
    );
    let terms: Vec<&str> = found.iter().map(|h| h.term.as_str()).collect();
    assert_eq!(
        terms,
        [
            "energy consumption",
            "carbon emission*",
            "climate change",
            "disinformation"
        ]
    );
}

#[test]
fn environmental_in_the_physical_sense_is_not_climate() {
    assert_no_hits(&[
        "Physical and Environmental Protection",
        "environmental threats and hazards",
        "environmental controls",
        "environmental conditions in the data center",
        "the operating environment",
        "a test environment",
        "the environment in which the system is intended to operate",
        "data regarding the environment where the system is in use",
        "threat actors within the environment",
    ]);
    assert_eq!(
        hits("the environmental impacts of training; harms to the environment"),
        [
            hit(
                "climate",
                "environmental impact*",
                Related,
                "environmental impacts"
            ),
            hit("climate", "the environment", Related, "the environment"),
        ]
    );
}

#[test]
fn equity_in_the_financial_sense_is_not_dei() {
    assert_no_hits(&[
        "a private equity firm",
        "an equity investment",
        "equity stakes",
        "shareholder equity",
        "shareholders' equity",
        "equities and bonds",
    ]);
    assert_eq!(
        hits("health equity"),
        [hit("dei", "equity", Direct, "equity")]
    );
}

#[test]
fn inclusion_of_a_thing_is_not_dei_but_of_people_is() {
    // SP 800-53 AC-6(2), SA-4: a thing included.
    assert_no_hits(&[
        "The inclusion of roles addresses situations where organizations implement access",
        "and the inclusion of security and privacy requirements in contracts",
        "the inclusion of the data in the baseline",
    ]);
    // People included within the next four words keep the sense; the phrase stays unclear.
    for people in [
        "the inclusion of older workers",
        "inclusion of all stakeholders",
        "the inclusion of the perspectives of impacted communities",
    ] {
        assert_eq!(
            hits(people),
            [hit("dei", "inclusion", Related, "inclusion")],
            "{people}"
        );
    }
    // "Inclusion in" is left unclear (related): what is included is not said.
    assert_eq!(
        hits("their inclusion in the design process"),
        [hit("dei", "inclusion", Related, "inclusion")]
    );
    assert_eq!(
        hits("a culture of inclusion"),
        [hit("dei", "inclusion", Direct, "inclusion")]
    );
}

#[test]
fn accessibility_of_places_and_systems_is_not_dei() {
    // SP 800-53 CP-6(2), CP-6(3).
    assert_no_hits(&[
        "the systems supporting recovery operations that ensure accessibility and correct execution",
        "to retrieve backup information if electronic accessibility to the alternate site is disrupted",
        "network accessibility",
        "accessibility of the data during an outage",
    ]);
    for people in [
        "Accessibility and reasonable accommodations",
        "challenges to model adoption, inclusion, and accessibility",
        "accessibility for people with disabilities",
    ] {
        assert!(
            hits(people)
                .iter()
                .any(|h| h.1 == "accessibility" && h.2 == Related),
            "{people}"
        );
    }
}

#[test]
fn content_diversity_of_model_output_is_not_dei() {
    // NIST AI 600-1: homogenised generative output.
    assert_no_hits(&[
        "repetitive aesthetic styles and reduced content diversity",
        "Does writing with language models reduce content diversity?",
        "the diversity of outputs across prompts",
    ]);
    assert_eq!(
        hits("Workforce diversity and interdisciplinary teams"),
        [hit("dei", "diversity", Direct, "diversity")]
    );
}

#[test]
fn diverse_roles_ways_and_composition_are_not_dei_but_diverse_teams_are() {
    assert_no_hits(&[
        // SP 800-53 SR-2(1); NIST AI 600-1 A.1.4 and GOVERN 2.1.
        "organizational personnel with diverse roles and responsibilities for leading",
        "The diverse ways and contexts in which GAI systems may be developed",
        "teams for GAI system incident response with diverse composition and responsibilities",
        "diverse use cases",
    ]);
    for people in [
        "informed by a diverse team",
        "diverse perspectives, disciplines, professions",
        "representative of diverse in-context user populations",
        "consultations with diverse stakeholder groups",
    ] {
        assert_eq!(
            hits(people),
            [hit("dei", "diverse", Related, "diverse")],
            "{people}"
        );
    }
}

#[test]
fn diverse_set_of_things_is_not_dei_but_of_people_is() {
    assert_no_hits(&[
        "a diverse set of test data",
        "a diverse range of inputs",
        "a diverse set of information technologies",
        "the diversity of operating systems",
        "diversity in information technologies",
    ]);
    assert_eq!(
        hits("a diverse set of actors"),
        [hit("dei", "diverse", Related, "diverse")]
    );
    // Unclear: a direct word in a phrase that may not be about people becomes related.
    assert_eq!(
        hits("Supplier Diversity"),
        [hit("dei", "diversity", Related, "Diversity")]
    );
}

#[test]
fn information_integrity_in_the_cybersecurity_sense_is_not_misinformation() {
    assert_no_hits(&[
        "System and Information Integrity",
        "software, firmware, and information integrity verification tools",
        "to verify information integrity",
        "cryptographic mechanisms to protect information integrity",
        "automated information integrity checks",
        "employ realistic, but misleading information about the security posture",
        "the insertion of false information into sessions",
    ]);
    assert_eq!(
        hits("threats to information integrity from synthetic media"),
        [hit(
            "misinformation",
            "information integrity",
            Related,
            "information integrity"
        )]
    );
}

#[test]
fn race_conditions_carbon_copies_and_emanations_are_not_topics() {
    assert_no_hits(&[
        "a race condition in the scheduler",
        "an AI arms race",
        "send a carbon copy",
        "emissions security to control wireless emanations",
        "National Emissions / TEMPEST Policies",
        "electromagnetic emissions",
    ]);
    assert_eq!(
        hits("race and ethnicity; emissions"),
        [
            hit("dei", "race", Related, "race"),
            hit("dei", "ethnic*", Related, "ethnicity"),
            hit("climate", "emission*", Related, "emissions"),
        ]
    );
}

#[test]
fn climate_as_a_metaphor_is_reported_as_related() {
    assert_eq!(
        hits("the organizational climate and the climate of trust"),
        [
            hit("climate", "climate", Related, "climate"),
            hit("climate", "climate", Related, "climate")
        ]
    );
}

#[test]
fn a_user_lexicon_has_its_own_topics_syntax_and_exclusions() {
    let text = r#"
        version = "mine-1"
        [[topic]]
        key = "weather"
        name = "Weather"
        terms = [
          { phrase = "rain*", strength = "direct" },
          { phrase = "storm|gale warning", strength = "related" },
        ]
        exclusions = ["rainbow"]
        as_related = ["brainstorm"]
    "#;
    let lexicon = Lexicon::parse(text, Path::new("mine.toml"), None).unwrap();
    assert_eq!(lexicon.version, "mine-1");
    assert_eq!(lexicon.topics[0].exclusions, ["rainbow"]);
    let text = "Rainfall, a rainbow, gale warnings, and climate change.";
    assert_eq!(
        described(&lexicon.find(text), text),
        [
            hit("weather", "rain*", Direct, "Rainfall"),
            hit("weather", "storm|gale warning", Related, "gale warnings"),
        ]
    );
}

#[test]
fn a_malformed_lexicon_is_a_syntax_error_with_line_and_column() {
    let path = Path::new("my.toml");
    match Lexicon::parse("version = \"1\"\n[[topic]\nkey = 1", path, None) {
        Err(Error::Syntax {
            path,
            line,
            column,
            message,
        }) => {
            assert_eq!((path.as_path(), line, column), (Path::new("my.toml"), 2, 9));
            assert!(message.starts_with("invalid lexicon: "), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let misspelt = "version = \"1\"\n[[topic]]\nkey = \"w\"\nname = \"W\"\ndirect = [\"x\"]\n";
    let message = Lexicon::parse(misspelt, path, None)
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("my.toml:5:1: invalid lexicon: unknown field `direct`"),
        "{message}"
    );
}

#[test]
fn an_unknown_strength_is_an_error_at_its_place() {
    let text = "version = \"1\"\n[[topic]]\nkey = \"w\"\nname = \"W\"\n\
                terms = [{ phrase = \"rain\", strength = \"strong\" }]\n";
    match Lexicon::parse(text, Path::new("my.toml"), None) {
        Err(Error::Syntax {
            line,
            column,
            message,
            ..
        }) => {
            assert_eq!((line, column), (5, 40));
            assert!(
                message.contains("unknown variant `strong`, expected `direct` or `related`"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_topic_without_terms_is_invalid_and_named() {
    let path = Path::new("my.toml");
    for terms in ["", "terms = []\n"] {
        let text =
            format!("version = \"1\"\n[[topic]]\nkey = \"weather\"\nname = \"Weather\"\n{terms}");
        match Lexicon::parse(&text, path, None) {
            Err(e @ Error::Invalid { .. }) => {
                assert_eq!(e.to_string(), "my.toml: topic \"weather\" has no terms");
            }
            other => panic!("{other:?}"),
        }
    }
    let no_words = "version = \"1\"\n[[topic]]\nkey = \"w\"\nname = \"W\"\n\
                    terms = [{ phrase = \" - \", strength = \"direct\" }]\n";
    let message = Lexicon::parse(no_words, path, None)
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "my.toml: topic \"w\" has a phrase with no words: \"-\""
    );
}

#[test]
fn loading_a_lexicon_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lexicon.toml");
    let text = "version = \"2\"\n[[topic]]\nkey = \"w\"\nname = \"W\"\n\
                terms = [{ phrase = \"rain\", strength = \"direct\" }]\n";
    std::fs::write(&file, text).unwrap();
    assert_eq!(Lexicon::load(&file, None).unwrap().version, "2");

    std::fs::write(&file, " \n").unwrap();
    assert!(matches!(
        Lexicon::load(&file, None),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        Lexicon::load(dir.path(), None),
        Err(Error::IsDirectory { .. })
    ));
    let missing = dir.path().join("missing.toml");
    assert!(matches!(
        Lexicon::load(&missing, None),
        Err(Error::Read { .. })
    ));
}

#[test]
fn real_security_catalog_environmental_protection_is_not_climate() {
    let path =
        crate::support::source("NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog.xml");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("Physical and Environmental Protection"));
    let found = BUILTIN.find(&text);
    assert!(found.windows(2).all(|w| w[0].end <= w[1].start));
    for h in found.iter().filter(|h| h.topic == "climate") {
        let matched_and_after = text[h.start..].to_lowercase();
        assert!(
            !matched_and_after.starts_with("environmental protection"),
            "{:?} at {}",
            &text[h.start..h.end],
            h.start
        );
    }
    // Neither is the SI family title, "System and Information Integrity".
    let si_title = text.find("System and Information Integrity").unwrap();
    let inside_title = si_title..si_title + "System and Information Integrity".len();
    assert!(found.iter().all(|h| !inside_title.contains(&h.start)));
}

#[test]
fn a_user_lexicon_can_extend_a_profile() {
    let text = r#"
version = "7"
profile = "mine"
extends = "broad"
[sources]
memo = "An agency memo"
[[topic]]
key = "dei"
terms = [{ phrase = "belonging", strength = "related", source = "memo" }]
[[topic]]
key = "ai"
name = "AI"
terms = [{ phrase = "frontier model", strength = "direct" }]
"#;
    let lexicon = Lexicon::parse(text, Path::new("mine.toml"), None).unwrap();
    assert_eq!(
        (lexicon.version.as_str(), lexicon.profile.as_str()),
        ("7", "mine")
    );
    let found = described(
        &lexicon.find("belonging, bias, diversity and a frontier model"),
        "belonging, bias, diversity and a frontier model",
    );
    let terms: Vec<&str> = found.iter().map(|h| h.1.as_str()).collect();
    // Its own term, broad's, the directive's, and a new topic.
    assert_eq!(terms, ["belonging", "bias", "diversity", "frontier model"]);
    assert_eq!(lexicon.sources["memo"], "An agency memo");
    assert!(lexicon.sources.contains_key("nyt-2025"));
    // --profile gives the base when the file names none; the file's own choice must agree.
    let plain = "version = \"1\"\n[[topic]]\nkey = \"dei\"\nterms = []\n";
    let on_broad = Lexicon::parse(plain, Path::new("p.toml"), Some(Profile::Broad)).unwrap();
    assert_eq!(on_broad.profile, "broad+custom");
    let message = Lexicon::parse(text, Path::new("mine.toml"), Some(Profile::Directive))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("extends profile \"broad\", but --profile says \"directive\""),
        "{message}"
    );
}

#[test]
fn lexicon_profile_mistakes_are_named() {
    for (text, says) in [
        (
            "version = \"1\"\nextends = \"wide\"\n[[topic]]\nkey = \"x\"\nname = \"X\"\nterms = [{ phrase = \"y\", strength = \"direct\" }]\n",
            "no such profile",
        ),
        (
            "version = \"1\"\n[[topic]]\nkey = \"x\"\nname = \"X\"\nterms = [{ phrase = \"y\", strength = \"direct\", source = \"nowhere\" }]\n",
            "source \"nowhere\" is not among the lexicon's [sources]",
        ),
        (
            "version = \"1\"\n[[topic]]\nkey = \"x\"\nterms = [{ phrase = \"y\", strength = \"direct\" }]\n",
            "topic \"x\" has no name",
        ),
        (
            "version = \"1\"\n[[topic]]\nkey = \"x\"\nname = \"X\"\nterms = [{ phrase = \"y\", strength = \"direct\" }]\nrules = [{ phrase = \"y of\", unless_followed_by = [\"two words\"] }]\n",
            "\"two words\" is not one word",
        ),
    ] {
        let message = Lexicon::parse(text, Path::new("bad.toml"), None)
            .unwrap_err()
            .to_string();
        assert!(message.contains(says), "{message}");
        assert!(message.contains("bad.toml"), "{message}");
    }
}
