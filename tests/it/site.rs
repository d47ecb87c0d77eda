//! `rmfdiff site OUT V1 … Vn`: every page and download, no local directory in any file,
//! OUT refused unless new, empty or an earlier site, and the same bytes on every run.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use insta_cmd::assert_cmd_snapshot;

use crate::support::{fixture, rmfdiff, settings};

const VERSIONS: [&str; 3] = ["v1.md", "v2.md", "v3.md"];

/// The history fixture's three versions, copied into `dir` (so their paths hold it).
pub fn versions_in(dir: &Path) -> Vec<PathBuf> {
    VERSIONS
        .iter()
        .map(|v| {
            let to = dir.join(v);
            fs::copy(fixture("history", v), &to).expect("copy a fixture");
            to
        })
        .collect()
}

/// `rmfdiff site OUT VERSIONS…`
pub fn site(out: &Path, versions: &[PathBuf]) -> Output {
    let mut cmd = rmfdiff(&["site"]);
    cmd.arg(out).args(versions);
    cmd.output().expect("rmfdiff runs")
}

/// Every file of a site, by name.
fn read_site(out: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(out)
        .expect("the site exists")
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, fs::read(entry.path()).unwrap())
        })
        .collect()
}

#[test]
fn site_has_every_page_and_download_and_no_local_path() {
    let dir = tempfile::tempdir().unwrap();
    let versions = versions_in(dir.path());
    let out = dir.path().join("site");
    let output = site(&out, &versions);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stdout.is_empty());
    let files = read_site(&out);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "diff-1-2.csv",
            "diff-1-2.html",
            "diff-1-2.json",
            "diff-2-3.csv",
            "diff-2-3.html",
            "diff-2-3.json",
            "history.html",
            "history.json",
            "index.html",
            "scan-1.csv",
            "scan-1.html",
            "scan-1.json",
            "scan-2.csv",
            "scan-2.html",
            "scan-2.json",
            "scan-3.csv",
            "scan-3.html",
            "scan-3.json",
        ]
    );
    // Nothing left beside the site: the inputs and the site only.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 4);

    let temp = dir.path().to_string_lossy().into_owned();
    let canonical = dir.path().canonicalize().unwrap();
    let canonical = canonical.to_string_lossy().into_owned();
    for (name, bytes) in &files {
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        assert!(!text.contains(&temp), "{name} holds {temp}");
        assert!(!text.contains(&canonical), "{name} holds {canonical}");
        assert!(!text.contains("://"), "{name} links off the site");
        if name.ends_with(".html") && name != "index.html" {
            assert!(
                text.contains(
                    r#"<body>
<header><nav class="site" aria-label="Site"><a href="index.html">"#
                ),
                "{name} links back to the index"
            );
        }
    }
    // The index links to every other file, and names the inputs by file name.
    let index = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(index.contains(r#"<meta name="generator" content="rmfdiff site">"#));
    for name in files.keys().filter(|n| *n != "index.html") {
        assert!(index.contains(&format!("href=\"{name}\"")), "{name}");
    }
    for version in VERSIONS {
        assert!(index.contains(&format!("<td>{version}<br>")), "{version}");
    }
    assert!(index.contains("<svg"), "a chart of the timeline");
    // The downloads are the JSON the other commands write.
    let json: serde_json::Value = serde_json::from_slice(&files["diff-1-2.json"]).unwrap();
    assert_eq!(json["schema_version"], 1);
    let json: serde_json::Value = serde_json::from_slice(&files["history.json"]).unwrap();
    assert_eq!(json["versions"].as_array().map(Vec::len), Some(3));
}

#[test]
fn site_is_the_same_bytes_every_run() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (first, second) = (a.path().join("site"), b.path().join("site"));
    assert!(site(&first, &versions_in(a.path())).status.success());
    assert!(site(&second, &versions_in(b.path())).status.success());
    assert_eq!(read_site(&first), read_site(&second));
    // Into the same folder again: the earlier site is replaced, the bytes are the same.
    let before = read_site(&first);
    let output = site(&first, &versions_in(a.path()));
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(read_site(&first), before);
    assert_eq!(
        fs::read_dir(a.path()).unwrap().count(),
        4,
        "nothing left aside"
    );
}

#[test]
fn site_refuses_a_folder_it_did_not_make() {
    let dir = tempfile::tempdir().unwrap();
    let versions = versions_in(dir.path());
    let out = dir.path().join("photos");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("index.html"), "<p>my page</p>").unwrap();
    let output = site(&out, &versions);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: ")
            && stderr.contains("is not empty")
            && stderr.contains("choose a new or empty folder"),
        "{stderr}"
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), 1, "untouched");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 4);

    // A file is no folder; an empty folder is fine.
    let file = dir.path().join("v1.md");
    assert_eq!(site(&file, &versions).status.code(), Some(2));
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    assert_eq!(site(&empty, &versions).status.code(), Some(0));
    assert!(empty.join("index.html").exists());

    // An input inside OUT would be replaced with it.
    let inside = empty.join("v1.md");
    fs::copy(&versions[0], &inside).unwrap();
    let output = site(&empty, &[inside, versions[1].clone()]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
}

#[test]
fn site_needs_two_versions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let output = site(&out, &[fixture("history", "v1.md")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.exists());
    // A missing input writes nothing.
    let output = site(
        &out,
        &[fixture("history", "v1.md"), dir.path().join("no.md")],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    // Nor are missing parents made.
    let deep = dir.path().join("a/b/site");
    let output = site(
        &deep,
        &[fixture("history", "v1.md"), dir.path().join("no.md")],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    // They are when the site is written.
    let versions = [fixture("history", "v1.md"), fixture("history", "v2.md")];
    assert!(site(&deep, &versions).status.success());
    assert!(deep.join("index.html").exists());
}

#[test]
fn site_help_explains_it() {
    settings().bind(|| {
        assert_cmd_snapshot!("cli_site_help", rmfdiff(&["site", "--help"]));
    });
}
