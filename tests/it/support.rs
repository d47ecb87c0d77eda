//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Command;

use rmfdiff::load;
use rmfdiff::report::{Options, Report};
use rmfdiff::topics::Lexicon;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<case>/<file>`.
pub fn fixture(case: &str, file: &str) -> PathBuf {
    root().join("tests/fixtures").join(case).join(file)
}

/// A real NIST source file shipped in `frameworks/sources/`.
pub fn source(file: &str) -> PathBuf {
    root().join("frameworks/sources").join(file)
}

/// insta settings: snapshots in the top-level `snapshots/` folder, named by the test alone.
pub fn snapshots() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// The report for `tests/fixtures/<case>/{old,new}.<ext>` with the built-in lexicon.
pub fn diff_fixture(case: &str, ext: &str) -> Report {
    let old = load::load(&fixture(case, &format!("old.{ext}")), None).expect("old fixture loads");
    let new = load::load(&fixture(case, &format!("new.{ext}")), None).expect("new fixture loads");
    Report::diff(&old, &new, &Lexicon::builtin(), &Options::default())
}

/// `rmfdiff ARGS` run from the repository root with a cleared environment.
pub fn rmfdiff(args: &[&str]) -> Command {
    let mut cmd = Command::new(insta_cmd::get_cargo_bin("rmfdiff"));
    cmd.args(args).current_dir(root()).env_clear();
    cmd
}

/// insta settings that hide what changes between releases and machines.
pub fn settings() -> insta::Settings {
    let mut settings = snapshots();
    settings.add_filter(r"rmfdiff \d+\.\d+\.\d+", "rmfdiff [VERSION]");
    settings.add_filter(r#""version": "\d+\.\d+\.\d+""#, r#""version": "[VERSION]""#);
    settings.add_filter(r"/tmp/\.tmp\w+", "[TEMP]");
    settings
}
