//! The binary as users run it: output snapshots, exit codes, errors, output files.

use std::process::Stdio;

use insta_cmd::assert_cmd_snapshot;

use crate::support::{fixture, rmfdiff, settings};

const CASES: [&str; 7] = [
    "misinformation-deleted",
    "dei-reworded",
    "climate-paragraph-removed",
    "renumbered",
    "retained",
    "added",
    "unchanged",
];

#[test]
fn diff_term_each_fixture() {
    for case in CASES {
        let old = format!("tests/fixtures/{case}/old.md");
        let new = format!("tests/fixtures/{case}/new.md");
        settings().bind(|| {
            assert_cmd_snapshot!(
                format!("cli_diff_term_{case}"),
                rmfdiff(&["diff", &old, &new])
            );
        });
    }
}

#[test]
fn diff_term_in_colour() {
    let mut settings = settings();
    // Show each escape sequence as a readable tag: ⟨31;9⟩ opens red strikethrough, ⟨0⟩ resets.
    settings.add_filter(r"\x1b\[([0-9;]*)m", "⟨$1⟩");
    let (old, new) = (
        "tests/fixtures/dei-reworded/old.md",
        "tests/fixtures/dei-reworded/new.md",
    );
    settings.bind(|| {
        assert_cmd_snapshot!(
            "cli_diff_term_colour",
            rmfdiff(&["diff", old, new, "--color", "always"])
        );
    });
}

#[test]
fn diff_json() {
    let (old, new) = (
        "tests/fixtures/dei-reworded/old.md",
        "tests/fixtures/dei-reworded/new.md",
    );
    settings().bind(|| {
        assert_cmd_snapshot!(
            "cli_diff_json_dei_reworded",
            rmfdiff(&["diff", old, new, "--format", "json"])
        );
    });
}

#[test]
fn diff_topic_filter_and_only_topics() {
    let (old, new) = (
        "tests/fixtures/climate-paragraph-removed/old.md",
        "tests/fixtures/misinformation-deleted/new.md",
    );
    settings().bind(|| {
        assert_cmd_snapshot!(
            "cli_diff_topic_filter",
            rmfdiff(&["diff", old, new, "--topic", "climate", "--only-topics"])
        );
    });
}

#[test]
fn scan_and_lexicon() {
    settings().bind(|| {
        assert_cmd_snapshot!(
            "cli_scan_climate_paragraph",
            rmfdiff(&["scan", "tests/fixtures/climate-paragraph-removed/old.md"])
        );
        assert_cmd_snapshot!("cli_lexicon", rmfdiff(&["lexicon"]));
    });
}

#[test]
fn help_explains_the_commands() {
    settings().bind(|| {
        assert_cmd_snapshot!("cli_help", rmfdiff(&["--help"]));
        assert_cmd_snapshot!("cli_diff_help", rmfdiff(&["diff", "--help"]));
    });
}

fn status(args: &[&str]) -> i32 {
    let output = rmfdiff(args).output().expect("rmfdiff runs");
    output.status.code().expect("exited normally")
}

#[test]
fn exit_codes() {
    let changed = [
        "diff",
        "tests/fixtures/added/old.md",
        "tests/fixtures/added/new.md",
    ];
    let same = [
        "diff",
        "tests/fixtures/unchanged/old.md",
        "tests/fixtures/unchanged/new.md",
    ];
    let deleted = [
        "diff",
        "tests/fixtures/misinformation-deleted/old.md",
        "tests/fixtures/misinformation-deleted/new.md",
    ];
    assert_eq!(status(&changed), 0, "differences alone are not a failure");
    assert_eq!(status(&[&changed[..], &["--exit-code"]].concat()), 1);
    assert_eq!(status(&[&same[..], &["--exit-code"]].concat()), 0);
    assert_eq!(
        status(&[&deleted[..], &["--fail-on", "removed"]].concat()),
        1
    );
    assert_eq!(
        status(&[&changed[..], &["--fail-on", "removed"]].concat()),
        0
    );
    assert_eq!(status(&[&same[..], &["--fail-on", "retained"]].concat()), 1);
    assert_eq!(status(&[&changed[..], &["--fail-on", "any"]].concat()), 1);
    assert_eq!(
        status(&[
            "scan",
            "tests/fixtures/added/new.md",
            "--fail-on",
            "retained"
        ]),
        1
    );
    assert_eq!(
        status(&[
            "scan",
            "tests/fixtures/renumbered/new.md",
            "--fail-on",
            "any"
        ]),
        0
    );
    assert_eq!(status(&["diff", "--no-such-flag"]), 2);
}

#[test]
fn bad_inputs_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "  \n").unwrap();
    let latin1 = dir.path().join("latin1.md");
    std::fs::write(&latin1, b"# Title\nna\xefve\n").unwrap();
    let broken = dir.path().join("broken.xml");
    std::fs::write(
        &broken,
        "<catalog xmlns=\"http://csrc.nist.gov/ns/oscal/1.0\">\n<group>\n</control>\n",
    )
    .unwrap();
    let good = "tests/fixtures/added/old.md";
    let cases = [
        ("missing", "tests/fixtures/no-such-file.md".to_string()),
        ("directory", "tests/fixtures".to_string()),
        ("empty", empty.display().to_string()),
        ("not_utf8", latin1.display().to_string()),
        ("malformed_xml", broken.display().to_string()),
    ];
    let mut settings = settings();
    settings.add_filter(&regex::escape(&dir.path().display().to_string()), "[TEMP]");
    settings.bind(|| {
        for (name, path) in &cases {
            assert_cmd_snapshot!(format!("cli_error_{name}"), rmfdiff(&["diff", good, path]));
        }
        assert_cmd_snapshot!(
            "cli_error_unknown_topic",
            rmfdiff(&["diff", good, good, "--topic", "weather"])
        );
    });
}

#[test]
fn output_file_is_written_whole_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (fixture("added", "old.md"), fixture("added", "new.md"));
    let report = dir.path().join("report.json");
    let args = |out: &std::path::Path| {
        let mut cmd = rmfdiff(&["diff", "--format", "json", "-o"]);
        cmd.arg(out).arg(&old).arg(&new);
        cmd
    };
    let output = args(&report).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stdout.is_empty());
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 1);
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");

    let before = std::fs::read(&new).unwrap();
    let output = args(&new).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is one of the inputs"));
    assert_eq!(
        std::fs::read(&new).unwrap(),
        before,
        "the input is untouched"
    );

    let missing_dir = dir.path().join("no/such/dir/report.json");
    let output = args(&missing_dir).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: cannot write"));
    assert!(!missing_dir.exists());
}

#[test]
fn broken_pipe_exits_quietly() {
    // A large report into a pipe whose reader has gone.
    let rev4 =
        crate::support::source("NIST_SP-800-53_rev4_HIGH-baseline-resolved-profile_catalog.xml");
    let rev5 =
        crate::support::source("NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog.xml");
    let mut child = rmfdiff(&[])
        .arg("diff")
        .arg(rev4)
        .arg(rev5)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn list_and_shipped_names_in_place_of_paths() {
    settings().bind(|| {
        assert_cmd_snapshot!("cli_list", rmfdiff(&["list"]));
    });
    let output = rmfdiff(&[
        "diff",
        "sp800-53-rev4-high",
        "sp800-53-rev5-high",
        "--format",
        "json",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["old"]["source"], "sp800-53-rev4-high");
    assert_eq!(
        json["new"]["imported_from"]["sources"][0]["file"],
        "NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog.xml"
    );
}

#[test]
fn import_writes_a_catalog_with_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("renumbered.xml");
    let status = rmfdiff(&["import", "tests/fixtures/renumbered/new.md", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let doc = rmfdiff::load::load(&out, None).unwrap();
    let origin = doc.meta.imported_from.unwrap();
    assert_eq!(origin.sources.len(), 1);
    assert_eq!(origin.sources[0].file, "new.md");
    let bytes = std::fs::read(fixture("renumbered", "new.md")).unwrap();
    assert_eq!(origin.sources[0].sha256, rmfdiff::load::sha256_hex(&bytes));
    assert!(origin.importer.starts_with("rmfdiff "));
    let same = rmfdiff(&["diff", "tests/fixtures/renumbered/new.md", "--exit-code"])
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(same.code(), Some(0), "the stored catalog diffs to nothing");
}

#[test]
fn diff_in_markdown_and_csv() {
    let (old, new) = (
        "tests/fixtures/climate-paragraph-removed/old.md",
        "tests/fixtures/climate-paragraph-removed/new.md",
    );
    settings().bind(|| {
        for format in ["md", "csv"] {
            assert_cmd_snapshot!(
                format!("cli_diff_{format}_climate_paragraph"),
                rmfdiff(&["diff", old, new, "--format", format])
            );
        }
        let (old, new) = (
            "tests/fixtures/dei-reworded/old.md",
            "tests/fixtures/dei-reworded/new.md",
        );
        assert_cmd_snapshot!(
            "cli_diff_md_dei_reworded",
            rmfdiff(&["diff", old, new, "--format", "md"])
        );
        assert_cmd_snapshot!(
            "cli_scan_csv_climate_paragraph",
            rmfdiff(&["scan", old, "--format", "csv"])
        );
    });
}

#[test]
fn csv_rows_parse_back_one_per_reference() {
    let output = rmfdiff(&[
        "diff",
        "tests/fixtures/climate-paragraph-removed/old.md",
        "tests/fixtures/climate-paragraph-removed/new.md",
        "--format",
        "csv",
    ])
    .output()
    .unwrap();
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[4], "classification");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "three climate references were removed");
    assert!(
        rows.iter()
            .all(|r| &r[0] == "climate" && &r[4] == "removed")
    );
    assert!(
        rows.iter()
            .all(|r| r[10].contains(&r[2]) && r[11].is_empty())
    );
    // The last column: nothing stands where a removed reference was.
    assert_eq!(&header[13], "replaced_by");
    assert!(rows.iter().all(|r| r.len() == 16 && r[13].is_empty()));
    // Then the printed pages, old and new: a Markdown file has none.
    assert_eq!((&header[14], &header[15]), ("old_page", "new_page"));
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let output = rmfdiff(&["completions", shell]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        for command in ["diff", "scan", "history", "import", "only-topics"] {
            assert!(script.contains(command), "{shell} completes {command}");
        }
    }
    let man = rmfdiff(&["man"]).output().unwrap();
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(
        page.starts_with(".ie") && page.contains(".TH rmfdiff 1"),
        "{page}"
    );
    let dir = tempfile::tempdir().unwrap();
    let status = rmfdiff(&["man", "--dir"]).arg(dir.path()).status().unwrap();
    assert_eq!(status.code(), Some(0));
    let diff_page = std::fs::read_to_string(dir.path().join("rmfdiff-diff.1")).unwrap();
    assert!(diff_page.contains("only\\-topics"), "{diff_page}");
}

/// The README's set-up shows what its first command prints: every line of the sample is a
/// line of the real output, in order ("…" stands for lines left out).
#[test]
fn the_readme_sample_is_what_the_main_job_prints() {
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).unwrap();
    let setup = &readme[readme.find("## Set-up").expect("a set-up section")..];
    let command = "cargo run --release -- ";
    let args = setup[setup.find(command).expect("the main job") + command.len()..]
        .lines()
        .next()
        .unwrap();
    let after = &setup[setup.find("The first command prints").expect("its sample")..];
    let sample = after.split("```").nth(1).expect("a fenced sample");
    let args: Vec<&str> = args
        .split_whitespace()
        .chain(["--color", "never"])
        .collect();
    let output = rmfdiff(&args).output().unwrap();
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    let mut lines = printed.lines();
    for line in sample
        .lines()
        .filter(|l| !l.trim().is_empty() && l.trim() != "…")
    {
        assert!(
            lines.any(|printed| printed == line),
            "the README shows a line the command does not print (or not in this order): {line}"
        );
    }
}

/// A published report names its inputs by file name and SHA-256: the folder they were in
/// appears nowhere, in any format, nor in the command it quotes.
#[test]
fn reports_never_name_a_local_directory() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("private-folder");
    std::fs::create_dir(&folder).unwrap();
    for file in ["old.md", "new.md"] {
        let text = std::fs::read(fixture("dei-reworded", file)).unwrap();
        std::fs::write(folder.join(file), text).unwrap();
    }
    let (old, new) = (folder.join("old.md"), folder.join("new.md"));
    for format in ["term", "md", "html", "json", "csv"] {
        let output = rmfdiff(&["diff", "--format", format])
            .args([&old, &new])
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            !text.contains("private-folder"),
            "{format} names the folder"
        );
        // A CSV row is a reference; it names no input.
        assert!(
            format == "csv" || text.contains("old.md"),
            "{format} names the file"
        );
    }
}

#[test]
fn pdf_limits_stop_the_import_with_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ai-rmf.xml");
    let pdf = "frameworks/sources/NIST.AI.100-1.pdf";
    let cases = [
        (
            "--max-pdf-pages",
            "47",
            "48 pages, more than the limit of 47;",
        ),
        (
            "--max-pdf-objects",
            "100",
            "objects, more than the limit of 100;",
        ),
        (
            "--max-pdf-mb",
            "0",
            "its page contents decompress to more than the limit of 0 MB (at page 1 of 48);",
        ),
    ];
    for (flag, value, says) in cases {
        let output = rmfdiff(&["import", pdf, flag, value, "-o"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{flag}: {stderr}");
        assert!(stderr.starts_with(&format!("error: {pdf}: ")), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(
            stderr
                .trim_end()
                .ends_with(&format!("raise the limit with {flag}")),
            "{stderr}"
        );
        assert!(!out.exists(), "{flag}: no output file");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
    // The 142 pages of the Playbook take longer than a second in a debug build; a release
    // build may read them in time.
    let playbook = "frameworks/sources/AI_RMF_Playbook.pdf";
    let output = rmfdiff(&["import", playbook, "--max-pdf-seconds", "1", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if cfg!(debug_assertions) || output.status.code() == Some(2) {
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("reading it took longer than the limit of 1 s"),
            "{stderr}"
        );
        assert!(stderr.trim_end().ends_with("--max-pdf-seconds"), "{stderr}");
        assert!(!out.exists(), "no output file");
    }
    assert_eq!(status(&["import", pdf, "--max-pdf-seconds", "0"]), 2);
}
