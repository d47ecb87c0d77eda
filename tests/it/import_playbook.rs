//! The Playbook PDF importer on the real `AI_RMF_Playbook.pdf` shipped in
//! `frameworks/sources/` (NIST's PDF export, 2024-05-02), measured against poppler's
//! `pdftotext`.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use rmfdiff::import::{self, SourceKind, playbook_pdf};
use rmfdiff::model::{Document, Node, NodeKind};
use rmfdiff::report::Scan;
use rmfdiff::topics::Lexicon;

use crate::support;

const PDF: &str = "AI_RMF_Playbook.pdf";

/// The parts of every subcategory, in the order printed, as the CSV importer names them.
const PARTS: [(&str, Option<&str>); 5] = [
    ("statement", None),
    ("about", Some("about")),
    ("suggested-actions", Some("actions")),
    ("documentation-questions", Some("questions")),
    ("references", Some("references")),
];

/// The shipped PDF, imported once for all tests.
fn doc() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        let path = support::source(PDF);
        let bytes = std::fs::read(&path).expect("the shipped PDF");
        playbook_pdf::parse(&bytes, &path).unwrap_or_else(|e| panic!("{e}"))
    })
}

fn find<'d>(doc: &'d Document, id: &str) -> &'d Node {
    let mut nodes = doc.nodes.iter().flat_map(Node::walk);
    nodes
        .find(|n| n.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no {id}"))
}

/// The paragraphs of `id`'s part of class `class`.
fn part<'d>(doc: &'d Document, id: &str, class: &str) -> &'d [String] {
    let parts = find(doc, id).children.iter();
    let mut found = parts.filter(|c| c.kind == NodeKind::Part && c.class.as_deref() == Some(class));
    let part = found.next().unwrap_or_else(|| panic!("{id}: no {class}"));
    &part.paragraphs
}

#[derive(serde::Deserialize)]
struct CoreRecord {
    subcategory_id: String,
}

#[test]
fn every_subcategory_of_the_four_functions_has_its_parts() {
    let doc = doc();
    let json = std::fs::read_to_string(support::source("ai-rmf-1.0-subcategories.json"))
        .expect("the shipped Core JSON");
    let records: Vec<CoreRecord> = serde_json::from_str(&json).expect("Core JSON");
    let expected: Vec<&str> = records.iter().map(|r| r.subcategory_id.as_str()).collect();
    assert_eq!(expected.len(), 72);

    let functions: Vec<&str> = doc.nodes.iter().filter_map(|n| n.id.as_deref()).collect();
    assert_eq!(functions, ["GOVERN", "MAP", "MEASURE", "MANAGE"]);
    let nodes = doc.nodes.iter().flat_map(Node::walk);
    let subcategories: Vec<&Node> = nodes
        .filter(|n| n.class.as_deref() == Some("subcategory"))
        .collect();
    let ids: Vec<&str> = subcategories
        .iter()
        .filter_map(|n| n.id.as_deref())
        .collect();
    assert_eq!(ids, expected);

    for sub in subcategories {
        let id = sub.id.as_deref().unwrap_or_default();
        assert_eq!(sub.kind, NodeKind::Control);
        assert_eq!(sub.title.as_deref(), Some(id));
        assert!(sub.page.is_some(), "{id} has no page");
        let parts: Vec<(&str, Option<&str>)> = sub
            .children
            .iter()
            .map(|p| (p.class.as_deref().unwrap_or_default(), p.id.as_deref()))
            .collect();
        let expected: Vec<(&str, Option<String>)> = PARTS
            .iter()
            .map(|(class, suffix)| (*class, suffix.map(|s| format!("{id}-{s}"))))
            .collect();
        let expected: Vec<(&str, Option<&str>)> =
            expected.iter().map(|(c, i)| (*c, i.as_deref())).collect();
        assert_eq!(parts, expected, "{id}");
        for part in &sub.children {
            assert!(!part.paragraphs.is_empty(), "{}", part.display_name());
            assert!(part.page.is_some_and(|p| p >= sub.page.unwrap_or(0)));
            for paragraph in &part.paragraphs {
                assert!(!paragraph.starts_with('•'), "{paragraph}");
            }
        }
        // The documentation part starts as printed and, like the CSV's, holds its two
        // sub-headings as paragraphs.
        let questions = part(doc, id, "documentation-questions");
        assert_eq!(
            questions[0], "Organizations can document the following",
            "{id}"
        );
        assert!(
            questions.iter().any(|p| p == "AI Transparency Resources"),
            "{id}"
        );
    }
}

#[test]
fn known_passages_are_exact() {
    let doc = doc();
    assert_eq!(
        part(doc, "GOVERN 3.1", "statement"),
        [
            "Decision-makings related to mapping, measuring, and managing AI risks throughout \
             the lifecycle is informed by a diverse team (e.g., diversity of demographics, \
             disciplines, experience, expertise, and backgrounds)."
        ]
    );
    let about = part(doc, "GOVERN 3.1", "about");
    assert_eq!(
        about,
        [
            "A diverse team that includes AI actors with diversity of experience, disciplines, \
             and backgrounds to enhance organizational capacity and capability for anticipating \
             risks is better equipped to carry out risk management. Consultation with external \
             personnel may be necessary when internal teams lack a diverse range of lived \
             experiences or disciplinary expertise.",
            "To extend the benefits of diversity, equity, and inclusion to both the users and AI \
             actors, it is recommended that teams are composed of a diverse group of individuals \
             who reflect a range of backgrounds, perspectives and expertise.",
            "Without commitment from senior leadership, beneficial aspects of team diversity and \
             inclusion can be overridden by unstated organizational incentives that \
             inadvertently conflict with the broader values of a diverse workforce."
        ]
    );
    // A list cut by a page break ("20 of 137" between two items) stays one list.
    let actions = part(doc, "GOVERN 3.1", "suggested-actions");
    assert_eq!(actions[0], "Organizational management can:");
    assert_eq!(
        actions[4],
        "Seek external expertise to supplement organizational diversity, equity, inclusion, \
         and accessibility where internal expertise is lacking."
    );
    assert_eq!(actions.len(), 6);

    assert_eq!(
        part(doc, "MEASURE 2.12", "statement"),
        [
            "Environmental impact and sustainability of AI model training and management \
             activities – as identified in the MAP function – are assessed and documented."
        ]
    );
    let about = part(doc, "MEASURE 2.12", "about");
    assert_eq!(
        about[0],
        "Large-scale, high-performance computational resources used by AI systems for training \
         and operation can contribute to environmental impacts. Direct negative impacts to the \
         environment from these processes are related to energy consumption, water consumption, \
         and greenhouse gas (GHG) emissions. The OECD has identified metrics for each type of \
         negative direct impact."
    );
    let actions = part(doc, "MEASURE 2.12", "suggested-actions");
    assert_eq!(
        actions.last().map(String::as_str),
        Some(
            "Estimate AI system emissions levels throughout the AI lifecycle via carbon \
             calculators or similar process."
        )
    );
    // A hyphen at a line end is printed ("mission-" / "critical"), even where the document
    // prints the joined word elsewhere ("Pretrained" in a cited title).
    let actions = part(doc, "MANAGE 3.2", "suggested-actions");
    assert!(actions[2].starts_with(
        "Monitor performance and trustworthiness of AI system components connected to \
         pre-trained models"
    ));
    let actions = part(doc, "MANAGE 2.3", "suggested-actions");
    assert!(
        actions
            .iter()
            .any(|a| a.contains("associated with mission-critical"))
    );
    // The function's own text is its statement.
    assert_eq!(
        part(doc, "GOVERN", "statement"),
        [
            "Policies, processes, procedures and practices across the organization related to \
             the mapping, measuring and managing of AI risks are in place, transparent, and \
             implemented effectively."
        ]
    );
}

#[test]
fn pages_and_metadata_come_from_the_pdf() {
    let doc = doc();
    // Physical pages (pdftotext -f N -l N): GOVERN 1.1 on page 7 (printed "5 of 137"), its
    // references on page 8; MEASURE 2.12 on page 127 (printed "122 of 137").
    assert_eq!(find(doc, "GOVERN").page, Some(7));
    assert_eq!(find(doc, "GOVERN 1.1").page, Some(7));
    assert_eq!(find(doc, "GOVERN 1.1-references").page, Some(8));
    assert_eq!(find(doc, "MEASURE 2.12").page, Some(127));
    // The PDF has no page labels: the printed numbers come from the footers.
    let printed = |id: &str| find(doc, id).page_label.clone();
    assert_eq!(printed("GOVERN 1.1").as_deref(), Some("5"));
    assert_eq!(printed("GOVERN 1.1-references").as_deref(), Some("6"));
    assert_eq!(printed("MEASURE 2.12").as_deref(), Some("122"));
    let meta = &doc.meta;
    assert_eq!(meta.title, "NIST AI RMF Playbook");
    assert_eq!(meta.publication.as_deref(), Some("NIST AI RMF Playbook"));
    // The PDF states no date; its CreationDate is 2024-05-02.
    assert_eq!(meta.published.as_deref(), Some("2024-05-02"));
}

/// Lower-case words (runs of letters and digits).
fn words(text: &str) -> Vec<String> {
    let runs = text.split(|c: char| !c.is_alphanumeric());
    runs.filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The text of the shipped PDF as `pdftotext -raw` reads it, from the first function's page
/// on, its lines joined by spaces, and without what the importer leaves out or turns into
/// structure by design: the cover, contents, foreword and divider pages, the footer `N of
/// 137`, and the part headings (`About`, `Suggested Actions`, `Transparency &
/// Documentation`, `References`), which are the parts' names.
fn pdftotext() -> String {
    let path = support::source(PDF);
    let output = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run pdftotext ({e}): install it with `apt-get install poppler-utils`")
        });
    assert!(output.status.success(), "pdftotext failed: {output:?}");
    let text = String::from_utf8(output.stdout).expect("UTF-8 from pdftotext");
    let footer = regex::Regex::new(r"^\d+ of \d+$").expect("valid regex");
    let headings = [
        "About",
        "Suggested Actions",
        "Transparency & Documentation",
        "References",
    ];
    let pages = text.split('\x0c');
    let body = pages.skip_while(|p| !p.lines().any(|l| l.trim() == "Govern"));
    let mut out = String::new();
    for line in body.flat_map(str::lines) {
        let line = line.trim();
        if footer.is_match(line) || headings.contains(&line) {
            continue;
        }
        // Word, which made this PDF, does not hyphenate: a hyphen at a line end is printed
        // (`mission-` / `critical`), so the lines are joined with a space.
        out.push(' ');
        out.push_str(line);
    }
    out
}

#[test]
fn keeps_the_words_of_pdftotext_in_order() {
    let doc = doc();
    // The functions in the order printed (Govern, Manage, Map, Measure), each's text in tree
    // order; subcategory ids are printed, category ids are not.
    let mut functions: Vec<&Node> = doc.nodes.iter().collect();
    functions.sort_by_key(|f| f.page);
    let mut passages: Vec<&str> = Vec::new();
    for function in functions {
        for node in function.walk() {
            let printed = matches!(node.class.as_deref(), Some("function" | "subcategory"));
            if let (true, Some(title)) = (printed, &node.title) {
                passages.push(title);
            }
            passages.extend(node.paragraphs.iter().map(String::as_str));
        }
    }
    let ours = words(&passages.join(" "));
    let reference = words(&pdftotext());
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &reference, &ours);
    let kept: usize = ops
        .iter()
        .filter_map(|op| match op {
            similar::DiffOp::Equal { len, .. } => Some(*len),
            _ => None,
        })
        .sum();
    let share = kept as f64 / reference.len() as f64;
    println!(
        "pdftotext words kept in order: {kept} of {} ({:.2} %); ours: {}",
        reference.len(),
        100.0 * share,
        ours.len()
    );
    // Measured: 42,502 of 42,505 (99.99 %).
    assert!(
        share >= 0.999,
        "only {:.2} % of pdftotext's words in order",
        100.0 * share
    );
}

#[test]
fn scan_finds_the_dei_and_environmental_wording() {
    let scan = Scan::new(doc(), &Lexicon::builtin(), &[]);
    let found = |id: &str, topic: &str, matched: &str| {
        scan.hits.iter().any(|h| {
            h.path.last().map(String::as_str) == Some(id)
                && h.topic == topic
                && h.matched.eq_ignore_ascii_case(matched)
        })
    };
    assert!(found(
        "GOVERN 3.1",
        "dei",
        "diversity, equity, and inclusion"
    ));
    assert!(found("GOVERN 3.1", "dei", "diversity"));
    assert!(found("MEASURE 2.12", "climate", "environmental impact"));
    assert!(found("MEASURE 2.12", "climate", "sustainability"));
    assert!(found("MEASURE 2.12", "climate", "emissions"));
}

#[test]
fn the_playbook_pdf_is_told_from_other_nist_pdfs() {
    let playbook = support::source(PDF);
    let doc = import::import(&[playbook.as_path()], None).unwrap_or_else(|e| panic!("{e}"));
    let subcategories = doc
        .walk()
        .filter(|n| n.class.as_deref() == Some("subcategory"))
        .count();
    assert_eq!(subcategories, 72);
    assert!(
        doc.walk()
            .any(|n| n.id.as_deref() == Some("GOVERN 1.1-about"))
    );

    // NIST AI 100-1 is still read by the AI RMF importer: sections, no Playbook parts.
    let ai_rmf = support::source("NIST.AI.100-1.pdf");
    let doc = import::import(&[ai_rmf.as_path()], None).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        doc.walk()
            .any(|n| n.id.as_deref() == Some("executive-summary"))
    );
    assert!(!doc.walk().any(|n| n.class.as_deref() == Some("about")));

    // Forcing the Playbook importer on it says what to do instead.
    let forced = import::import(&[ai_rmf.as_path()], Some(SourceKind::PlaybookPdf));
    let message = forced.expect_err("not a Playbook").to_string();
    assert!(message.contains("no Playbook subcategory"), "{message}");
    assert!(message.contains("--kind pdf"), "{message}");
}

#[test]
fn unreadable_playbooks_are_errors_that_say_what_is_wrong() {
    let real = std::fs::read(support::source(PDF)).expect("the shipped PDF");
    let error = |bytes: &[u8], name: &str| match playbook_pdf::parse(bytes, Path::new(name)) {
        Ok(doc) => panic!("{name} imported: {:?}", doc.meta),
        Err(e) => e.to_string(),
    };
    let truncated = error(&real[..real.len() / 2], "half.pdf");
    assert!(
        truncated.starts_with("half.pdf: truncated PDF"),
        "{truncated}"
    );
    let text = error(b"GOVERN 1.1\nAbout\n", "notes.pdf");
    assert!(text.starts_with("notes.pdf: not a PDF"), "{text}");
}
