//! `rmfdiff site OUT V1 … Vn`: loads the versions, makes each report once, renders the site
//! ([`crate::render::site`]) in memory and writes it into OUT whole or not at all: into a
//! temporary folder beside OUT, renamed into place at the end.

use std::fs;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{SiteArgs, command_line, load_all_as};
use crate::error::{Error, Result};
use crate::exit;
use crate::render::site::{self, GENERATOR, INDEX};
use crate::report::history::History;
use crate::report::{self, Report, Scan};

pub(super) fn run(args: SiteArgs) -> Result<u8> {
    // Refuse a wrong OUT before the slow part.
    let out = target(&args.out)?;
    for version in &args.versions {
        if version.canonicalize().is_ok_and(|v| v.starts_with(&out)) {
            return Err(Error::Usage(format!(
                "{} is inside {}, which the site replaces; choose another folder",
                version.display(),
                args.out.display()
            )));
        }
    }
    let inputs: Vec<&Path> = args.versions.iter().map(PathBuf::as_path).collect();
    let (lexicon, docs) = load_all_as(
        &inputs,
        &args.lexicon,
        &args.topics,
        args.from,
        args.max_input_mb,
    )?;
    let options = report::Options {
        topics: args.topics.clone(),
        ..report::Options::default()
    };
    let command = command_line(std::env::args().skip(1));
    let reports: Vec<Report> = docs
        .par_windows(2)
        .map(|pair| {
            let mut report = Report::diff(&pair[0], &pair[1], &lexicon, &options);
            report.method.command = Some(command.clone());
            report
        })
        .collect();
    let scans: Vec<Scan> = docs
        .par_iter()
        .map(|doc| Scan::new(doc, &lexicon, &args.topics))
        .collect();
    let history = History::from_reports(&docs, &reports, &lexicon);
    let files = site::files(&history, &reports, &scans).map_err(|source| Error::Write {
        path: args.out.clone(),
        source,
    })?;
    write(&out, &files).map_err(|source| Error::Write {
        path: args.out.clone(),
        source,
    })?;
    Ok(exit::SUCCESS)
}

/// OUT as an absolute path, after checking it may be written: missing, an empty folder,
/// or a site made earlier by `rmfdiff site`.
fn target(out: &Path) -> Result<PathBuf> {
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "{} {why}; choose a new or empty folder for the site",
            out.display()
        )))
    };
    let read_error = |source| Error::Read {
        path: out.into(),
        source,
    };
    match fs::metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let name = out
                .file_name()
                .ok_or_else(|| Error::Usage(format!("{} names no folder", out.display())))?;
            let parent = match out.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            // A missing parent is made only when the site is written, so an error before
            // that leaves nothing behind.
            match parent.canonicalize() {
                Ok(parent) => Ok(parent.join(name)),
                Err(_) => std::path::absolute(out).map_err(read_error),
            }
        }
        Err(source) => Err(read_error(source)),
        Ok(meta) if !meta.is_dir() => refuse("is not a folder"),
        Ok(_) => {
            let out = out.canonicalize().map_err(read_error)?;
            let empty = fs::read_dir(&out).map_err(read_error)?.next().is_none();
            if out.parent().is_none() {
                refuse("is the root folder")
            } else if empty || made_by_site(&out) {
                Ok(out)
            } else {
                refuse(&format!(
                    "is not empty and holds no site made by rmfdiff site (no {INDEX} from it)"
                ))
            }
        }
    }
}

/// Whether `dir/index.html` is an index written by `rmfdiff site`: its head says so.
fn made_by_site(dir: &Path) -> bool {
    let Ok(file) = fs::File::open(dir.join(INDEX)) else {
        return false;
    };
    let mut head = Vec::new();
    // The generator is in the first lines of the head.
    if file.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    let marker = format!(r#"<meta name="generator" content="{GENERATOR}">"#);
    String::from_utf8_lossy(&head).contains(&marker)
}

/// Writes `files` into a temporary folder beside `out`, then puts it in `out`'s place; an
/// earlier site there is removed only once the new one is in place.
fn write(out: &Path, files: &[site::File]) -> io::Result<()> {
    let parent = out.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let progress = io::stderr().is_terminal();
    let staging = tempfile::Builder::new()
        .prefix(".rmfdiff-site-")
        .tempdir_in(parent)?;
    for file in files {
        fs::write(staging.path().join(&file.name), &file.bytes)?;
        if progress {
            eprintln!("rmfdiff site: {}", file.name);
        }
    }
    if !out.exists() {
        fs::rename(staging.path(), out)?;
        // `staging` is now `out`: keep it from being removed.
        let _ = staging.keep();
        return Ok(());
    }
    // A folder cannot be renamed over a non-empty one: move the old site aside first, and
    // back should the new one fail to take its place.
    let aside = tempfile::Builder::new()
        .prefix(".rmfdiff-site-old-")
        .tempdir_in(parent)?;
    let old = aside.path().join("site");
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(staging.path(), out) {
        fs::rename(&old, out)?;
        return Err(e);
    }
    // `staging` is now `out`: keep it from being removed; `aside` goes with the old site.
    let _ = staging.keep();
    Ok(())
}
