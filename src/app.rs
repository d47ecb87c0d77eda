//! The command line: parses nothing itself (clap does, in `main`), runs the pipeline for the
//! chosen subcommand and returns the exit code. Output goes to stdout or, with `-o FILE`, to
//! a file written atomically (a temporary file in the same folder, renamed when complete).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::exit;
use crate::frameworks;
use crate::import::pdf::PdfLimits;
use crate::import::{self, SourceKind};
use crate::load::{self, Format};
use crate::model::Document;
use crate::render::{self, ColorChoice, json, term};
use crate::report::history::History;
use crate::report::{self, Report, Scan, Version};
use crate::store;
use crate::topics::{Lexicon, Profile};

mod site;

/// Diff versions of the NIST AI Risk Management Framework and its companion documents, and
/// report what changed, above all references to misinformation, diversity/equity/inclusion
/// (DEI) and climate change.
#[derive(Debug, Parser)]
#[command(name = "rmfdiff", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 success; 1 differences found (with --exit-code) or a \
--fail-on condition met; 2 error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare two versions: a structure-aware word diff with every topic reference
    /// classified removed, reworded, retained or added.
    Diff(DiffArgs),
    /// List every topic reference in one version: what a revision would have to change.
    Scan(ScanArgs),
    /// Follow every topic reference across several versions, oldest first: where it first
    /// appears, each version in which its wording changed, and where it is gone.
    History(HistoryArgs),
    /// Publish several versions as a static site in the folder OUT: an index with their
    /// provenance and a timeline, linked to diff, scan and history pages and their JSON and CSV.
    #[command(
        long_about = None,
        after_help = "Example: rmfdiff site site-csf csf-1.1 csf-2.0, then open site-csf/index.html.\n\n\
Every page is self-contained and linked by relative links only: the folder works from \
file:// and from any static host. OUT is created if missing; a folder made earlier by \
rmfdiff site is replaced whole; any other non-empty folder is refused. The site is written \
into a temporary folder beside OUT and renamed into place, so an error leaves no half site."
    )]
    Site(SiteArgs),
    /// Print the topic lexicon in use: topics, terms, strengths and exclusions.
    Lexicon(LexiconArgs),
    /// Turn a NIST publication (PDF, Markdown, JSON, CSV or OSCAL) into an OSCAL catalog
    /// with provenance, the stored format of frameworks/.
    Import(ImportArgs),
    /// List the shipped versions, whose names every command accepts in place of a path.
    List,
    /// Print a shell completion script, e.g. `rmfdiff completions bash > /etc/bash_completion.d/rmfdiff`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `rmfdiff man | man -l -`, or write one page per
    /// command into a folder.
    Man {
        /// Write rmfdiff.1, rmfdiff-diff.1, … into DIR instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print the JSON Schema of the `--format json` output.
    Schema {
        /// Which output.
        #[arg(value_enum, default_value_t = SchemaKind::Diff)]
        kind: SchemaKind,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Diff,
    Scan,
    History,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    /// Coloured text for a terminal.
    #[default]
    Term,
    /// The versioned JSON report (see `rmfdiff schema`).
    Json,
    /// A Markdown audit report: provenance, summary, numbered findings.
    Md,
    /// One CSV row per topic reference.
    Csv,
    /// A self-contained HTML page: side-by-side and inline views, filters, permalinks.
    Html,
}

/// When a run should exit with code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A topic reference was removed or reworded.
    Removed,
    /// A topic reference is still present in the new version (for scan: any reference).
    Retained,
    /// Any topic reference at all, in either version.
    Any,
}

/// Options shared by subcommands that read documents and write a report.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Input format; by default sniffed from the content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// Write the report to FILE (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only report this topic (repeatable): misinformation, dei, climate, or a key of --lexicon.
    #[arg(long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,
    /// Exit with 1 when this condition is met.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Option<FailOn>,
    #[command(flatten)]
    pub lexicon: LexiconChoice,
    /// When to colour terminal output (NO_COLOR, CLICOLOR_FORCE and TERM=dumb are honoured
    /// under auto).
    #[arg(long, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Refuse inputs larger than this many MB (MiB).
    #[arg(long, value_name = "MB", default_value_t = load::DEFAULT_MAX_INPUT_MB)]
    pub max_input_mb: u64,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version (a file, or the name of a shipped version: see `rmfdiff list`).
    pub old: PathBuf,
    /// The new version (a file, or the name of a shipped version).
    pub new: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Only show entries that hold topic references.
    #[arg(long)]
    pub only_topics: bool,
    /// Terminal output: one line per changed entry instead of its word diff.
    #[arg(long)]
    pub summary: bool,
    /// Exit with 1 when any entry changed.
    #[arg(long)]
    pub exit_code: bool,
    /// Minimum word similarity (0 to 1) for pairing entries that share neither id nor title.
    #[arg(long, value_name = "RATIO", default_value_t = report::Options::default().threshold)]
    pub similarity: f64,
    /// Time allowed for the word diff of one entry before settling for a coarser diff.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub deadline_ms: u64,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The document to scan (a file, or the name of a shipped version: see `rmfdiff list`).
    pub doc: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The versions, oldest first (files or names of shipped versions).
    #[arg(required = true, num_args = 2.., value_name = "VERSION")]
    pub versions: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder to write the site into.
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// The versions, oldest first (files or names of shipped versions).
    #[arg(required = true, num_args = 2.., value_name = "VERSION")]
    pub versions: Vec<PathBuf>,
    /// Input format; by default sniffed from the content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// Only report this topic (repeatable): misinformation, dei, climate, or a key of --lexicon.
    #[arg(long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,
    #[command(flatten)]
    pub lexicon: LexiconChoice,
    /// Refuse inputs larger than this many MB (MiB).
    #[arg(long, value_name = "MB", default_value_t = load::DEFAULT_MAX_INPUT_MB)]
    pub max_input_mb: u64,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The publication file; more files add structured renderings of parts of it (their
    /// nodes replace those of the same id), e.g. `ai-600-1-1.0.md ai-600-1-1.0-actions.json`.
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<PathBuf>,
    /// What the sources are; by default told from each one's content.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<SourceKind>,
    /// Store it as the shipped version NAME: write frameworks/NAME.xml (unless -o says
    /// otherwise).
    #[arg(long = "as", value_name = "NAME")]
    pub name: Option<String>,
    /// Write the catalog to FILE (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Refuse sources larger than this many MB (MiB).
    #[arg(long, value_name = "MB", default_value_t = load::DEFAULT_MAX_INPUT_MB)]
    pub max_input_mb: u64,
    #[command(flatten)]
    pub pdf: PdfLimitArgs,
}

/// What reading a PDF may cost (see [`PdfLimits`]).
#[derive(Debug, Args)]
pub struct PdfLimitArgs {
    /// Refuse PDFs with more pages than this.
    #[arg(long, value_name = "N", default_value_t = PdfLimits::default().pages)]
    pub max_pdf_pages: usize,
    /// Refuse PDFs with more objects than this.
    #[arg(long, value_name = "N", default_value_t = PdfLimits::default().objects)]
    pub max_pdf_objects: usize,
    /// Refuse PDFs whose page contents decompress to more than this many MB (MiB).
    #[arg(long, value_name = "MB", default_value_t = PdfLimits::default().decompressed_mb)]
    pub max_pdf_mb: u64,
    /// Give up reading a PDF after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = PdfLimits::default().seconds,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_pdf_seconds: u64,
}

impl PdfLimitArgs {
    fn limits(&self) -> PdfLimits {
        PdfLimits {
            pages: self.max_pdf_pages,
            objects: self.max_pdf_objects,
            decompressed_mb: self.max_pdf_mb,
            seconds: self.max_pdf_seconds,
        }
    }
}

/// Which lexicon finds the topic references.
#[derive(Debug, Args)]
pub struct LexiconChoice {
    /// Built-in lexicon: `directive` (the directive's three topics, the default) or `broad`
    /// (adds the words of the federal flagged-term lists of 2025, each with its source).
    #[arg(long, value_enum, value_name = "NAME")]
    pub profile: Option<Profile>,
    /// Use this lexicon file (TOML) instead: on its own, or added to the profile it
    /// `extends` (or to --profile).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LexiconArgs {
    #[command(flatten)]
    pub lexicon: LexiconChoice,
    /// When to colour terminal output.
    #[arg(long, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// Runs one command and says how the process should exit.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Diff(args) => diff(args),
        Command::Scan(args) => scan(args),
        Command::History(args) => history(args),
        Command::Site(args) => site::run(args),
        Command::Lexicon(args) => {
            let lexicon = lexicon(&args.lexicon)?;
            let color = color(args.color, None);
            emit(None, &[], |out| term::write_lexicon(&lexicon, out, color))?;
            Ok(exit::SUCCESS)
        }
        Command::Import(args) => {
            let sources: Vec<&Path> = args.sources.iter().map(PathBuf::as_path).collect();
            let limits = args.pdf.limits();
            let doc = import::import_at_most(&sources, args.kind, args.max_input_mb, limits)?;
            let output = args.output.or_else(|| {
                let name = args.name?;
                Some(Path::new("frameworks").join(format!("{name}.xml")))
            });
            emit(output.as_deref(), &sources, |out| {
                store::write_oscal_xml(&doc, out)
            })?;
            Ok(exit::SUCCESS)
        }
        Command::List => {
            let metas = frameworks::SHIPPED
                .iter()
                .map(|s| Ok((s.name, s.metadata()?)))
                .collect::<Result<Vec<_>>>()?;
            emit(None, &[], |out| term::write_list(&metas, out))?;
            Ok(exit::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            emit(None, &[], |out| {
                clap_complete::generate(shell, &mut command, "rmfdiff", out);
                Ok(())
            })?;
            Ok(exit::SUCCESS)
        }
        Command::Man { dir: Some(dir) } => {
            clap_mangen::generate_to(Cli::command(), &dir).map_err(|source| Error::Write {
                path: dir.clone(),
                source,
            })?;
            Ok(exit::SUCCESS)
        }
        Command::Man { dir: None } => {
            let man = clap_mangen::Man::new(Cli::command());
            emit(None, &[], |out| man.render(out))?;
            Ok(exit::SUCCESS)
        }
        Command::Schema { kind } => {
            let schema = match kind {
                SchemaKind::Diff => json::diff_schema(),
                SchemaKind::Scan => json::scan_schema(),
                SchemaKind::History => json::history_schema(),
            };
            emit(None, &[], |out| out.write_all(schema.as_bytes()))?;
            Ok(exit::SUCCESS)
        }
    }
}

/// The command as a report quotes it: `rmfdiff` and its arguments, a path by its file name
/// (a report is published; where the files were is not part of it).
///
/// ```text
/// rmfdiff diff ai-rmf-1.0 rev.xml --format html -o report.html
/// ```
fn command_line(args: impl Iterator<Item = String>) -> String {
    let name = |arg: &str| -> String {
        let path = Path::new(arg);
        match path.file_name() {
            Some(file) if arg.contains(std::path::MAIN_SEPARATOR) => {
                file.to_string_lossy().into_owned()
            }
            _ => arg.to_string(),
        }
    };
    let words = args.map(|arg| {
        let arg = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => format!("{flag}={}", name(value)),
            _ => name(&arg),
        };
        let plain = !arg.is_empty()
            && arg
                .chars()
                .all(|c| c.is_alphanumeric() || "-_.=,:/+@".contains(c));
        if plain {
            arg
        } else {
            format!("'{}'", arg.replace('\'', r"'\''"))
        }
    });
    std::iter::once("rmfdiff".to_string())
        .chain(words)
        .collect::<Vec<_>>()
        .join(" ")
}

fn diff(args: DiffArgs) -> Result<u8> {
    let common = &args.common;
    if !(0.0..=1.0).contains(&args.similarity) {
        return Err(Error::Usage(format!(
            "--similarity must be between 0 and 1, got {}",
            args.similarity
        )));
    }
    let inputs = [args.old.as_path(), args.new.as_path()];
    // Each version is read (flattened and scanned) as soon as it has loaded, while the other
    // still loads: two inputs are seldom the same size. The lexicon is built (or taken, when
    // `prepare` built it) by a task of its own that another thread takes, or by the first
    // version to need it, whichever comes first.
    let lexicon_cell: OnceLock<Result<Lexicon>> = OnceLock::new();
    let lexicon_of = || lexicon_cell.get_or_init(|| lexicon(&common.lexicon));
    let docs: [OnceLock<Document>; 2] = Default::default();
    let read = |i: usize| -> Result<Option<Version<'_>>> {
        let doc = load_input_as(inputs[i], common.from, common.max_input_mb)?;
        let doc = docs[i].get_or_init(|| doc);
        let Ok(lexicon) = lexicon_of() else {
            return Ok(None);
        };
        Ok(Some(Version::read(doc, lexicon, &common.topics)))
    };
    // This thread begins the larger input; the other, once it has the lexicon, reads the
    // second.
    let read_both = || {
        if input_bytes(inputs[1]) > input_bytes(inputs[0]) {
            let (new, old) = rayon::join(|| read(1), || read(0));
            (old, new)
        } else {
            rayon::join(|| read(0), || read(1))
        }
    };
    let ((old, new), _) = rayon::join(read_both, lexicon_of);
    // Errors in the order `load_all` gives them: the lexicon, the topics, then the inputs.
    let lexicon = lexicon_cell.into_inner().expect("the lexicon was built")?;
    check_topics(&lexicon, &common.topics)?;
    let (Some(old), Some(new)) = (old?, new?) else {
        unreachable!("with a lexicon, both versions are read")
    };
    let options = report::Options {
        threshold: args.similarity,
        deadline: Duration::from_millis(args.deadline_ms),
        topics: common.topics.clone(),
    };
    let mut report = Report::diff_versions(&old, &new, &lexicon, &options);
    report.method.command = Some(command_line(std::env::args().skip(1)));
    if args.only_topics {
        report.changes.retain(|c| !c.topics.is_empty());
    }
    let color = color(common.color, common.output.as_deref());
    let detail = if args.summary {
        term::Detail::Summary
    } else {
        term::Detail::Full
    };
    emit(common.output.as_deref(), &inputs, |out| {
        match common.format {
            OutputFormat::Term => term::write_report(&report, out, color, detail),
            OutputFormat::Json => json::write_diff(&report, out),
            OutputFormat::Md => render::markdown::write_report(&report, out),
            OutputFormat::Csv => render::csv::write_report(&report, out),
            OutputFormat::Html => render::html::write_report(&report, out),
        }
    })?;
    let totals = report.topic_totals();
    let failed = match common.fail_on {
        Some(FailOn::Removed) => totals.removed + totals.reworded > 0,
        Some(FailOn::Retained) => totals.retained > 0,
        Some(FailOn::Any) => totals.total() > 0,
        None => false,
    };
    let code = if failed || (args.exit_code && report.has_changes()) {
        exit::DIFFERENCES
    } else {
        exit::SUCCESS
    };
    // The process ends next, and its memory goes back whole: freeing the documents and the
    // report piece by piece first took milliseconds of a run.
    std::mem::forget((report, old, new, lexicon));
    std::mem::forget(docs);
    Ok(code)
}

fn scan(args: ScanArgs) -> Result<u8> {
    let common = &args.common;
    let (lexicon, docs) = load_all(&[args.doc.as_path()], common)?;
    let Ok([doc]) = <[Document; 1]>::try_from(docs) else {
        unreachable!("one input loads as one document")
    };
    let scan = Scan::new(&doc, &lexicon, &common.topics);
    let color = color(common.color, common.output.as_deref());
    emit(
        common.output.as_deref(),
        &[args.doc.as_path()],
        |out| match common.format {
            OutputFormat::Term => term::write_scan(&scan, out, color),
            OutputFormat::Json => json::write(&json::ScanOutput::new(&scan), out),
            OutputFormat::Md => render::markdown::write_scan(&scan, out),
            OutputFormat::Csv => render::csv::write_scan(&scan, out),
            OutputFormat::Html => render::html::write_scan(&scan, out),
        },
    )?;
    // One version has nothing removed; any reference is one a revision would have to touch.
    let failed = match common.fail_on {
        Some(FailOn::Retained | FailOn::Any) => !scan.hits.is_empty(),
        Some(FailOn::Removed) | None => false,
    };
    Ok(if failed {
        exit::DIFFERENCES
    } else {
        exit::SUCCESS
    })
}

/// The lexicon and the `inputs`, read side by side, with the chosen topics checked against
/// the lexicon. The first error wins: the lexicon's, the topics', then the inputs' in order.
fn load_all(inputs: &[&Path], common: &CommonArgs) -> Result<(Lexicon, Vec<Document>)> {
    let choice = &common.lexicon;
    load_all_as(
        inputs,
        choice,
        &common.topics,
        common.from,
        common.max_input_mb,
    )
}

/// [`load_all`] with the lexicon, topics, format and size limit given directly.
fn load_all_as(
    inputs: &[&Path],
    choice: &LexiconChoice,
    topics: &[String],
    from: Option<Format>,
    max_input_mb: u64,
) -> Result<(Lexicon, Vec<Document>)> {
    let (docs, lexicon) = rayon::join(
        || {
            let docs = inputs.par_iter();
            let docs = docs.map(|input| load_input_as(input, from, max_input_mb));
            docs.collect::<Vec<Result<Document>>>()
        },
        || lexicon(choice),
    );
    let lexicon = lexicon?;
    check_topics(&lexicon, topics)?;
    let docs = docs.into_iter().collect::<Result<Vec<_>>>()?;
    Ok((lexicon, docs))
}

/// Loads a document from a file or, if no such file exists, a shipped version of that name.
fn load_input_as(arg: &Path, from: Option<Format>, max_input_mb: u64) -> Result<Document> {
    if let Some(shipped) = shipped_input(arg) {
        return shipped.load();
    }
    let bytes = load::read_at_most(arg, max_input_mb);
    bytes
        .and_then(|b| load::load_bytes(&b, arg, from))
        .map_err(|e| match e {
            Error::Read { path, source } if source.kind() == io::ErrorKind::NotFound => {
                Error::Missing {
                    path,
                    shipped: frameworks::names(),
                }
            }
            e => e,
        })
}

/// The shipped version `arg` names, unless a file of that name is there, which comes first.
fn shipped_input(arg: &Path) -> Option<&'static frameworks::Shipped> {
    if arg.exists() {
        return None;
    }
    arg.to_str().and_then(frameworks::find)
}

/// The size of the input `load_input_as` reads from `arg`, 0 if it cannot say.
fn input_bytes(arg: &Path) -> u64 {
    match shipped_input(arg) {
        Some(shipped) => shipped.xml.len() as u64,
        None => std::fs::metadata(arg).map_or(0, |m| m.len()),
    }
}

fn history(args: HistoryArgs) -> Result<u8> {
    let common = &args.common;
    let inputs: Vec<&Path> = args.versions.iter().map(PathBuf::as_path).collect();
    let (lexicon, docs) = load_all(&inputs, common)?;
    let options = report::Options {
        topics: common.topics.clone(),
        ..report::Options::default()
    };
    let history = History::new(&docs, &lexicon, &options);
    let color = color(common.color, common.output.as_deref());
    emit(common.output.as_deref(), &inputs, |out| {
        match common.format {
            OutputFormat::Term => term::write_history(&history, out, color),
            OutputFormat::Json => json::write(&json::HistoryOutput::new(&history), out),
            OutputFormat::Md => render::markdown::write_history(&history, out),
            OutputFormat::Html => render::html::write_history(&history, out),
            OutputFormat::Csv => Err(io::Error::other(
                "history has no CSV form; use --format term, json, md or html",
            )),
        }
    })?;
    let last = history.versions.len() - 1;
    let still = |l: &&report::history::Lineage| l.gone.is_none();
    let failed = match common.fail_on {
        Some(FailOn::Removed) => history.references.iter().any(|l| l.gone.is_some()),
        Some(FailOn::Retained) => history
            .references
            .iter()
            .filter(still)
            .any(|l| l.first < last),
        Some(FailOn::Any) => !history.references.is_empty(),
        None => false,
    };
    Ok(if failed {
        exit::DIFFERENCES
    } else {
        exit::SUCCESS
    })
}

fn lexicon(choice: &LexiconChoice) -> Result<Lexicon> {
    match (&choice.lexicon, choice.profile.unwrap_or_default()) {
        (Some(path), _) => Lexicon::load(path, choice.profile),
        (None, Profile::Directive) => {
            let prepared = prepared_lexicon().lock().expect("not poisoned").take();
            Ok(prepared.unwrap_or_else(Lexicon::builtin))
        }
        (None, profile) => Ok(Lexicon::profile(profile)),
    }
}

/// Builds the default lexicon ahead of need: `main` has a worker do so while it parses the
/// arguments, as most commands need it.
pub fn prepare() {
    prepared_lexicon();
}

/// The default lexicon (the `directive` profile) built once, for the first command to take;
/// a caller that comes while it is being built waits for it rather than build another.
fn prepared_lexicon() -> &'static Mutex<Option<Lexicon>> {
    static PREPARED: OnceLock<Mutex<Option<Lexicon>>> = OnceLock::new();
    PREPARED.get_or_init(|| Mutex::new(Some(Lexicon::builtin())))
}

fn check_topics(lexicon: &Lexicon, topics: &[String]) -> Result<()> {
    for topic in topics {
        if !lexicon.topics.iter().any(|t| &t.key == topic) {
            let known: Vec<&str> = lexicon.topics.iter().map(|t| t.key.as_str()).collect();
            return Err(Error::Usage(format!(
                "unknown topic {topic:?}; the lexicon has: {}",
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// Colour for the terminal renderer: never into a file.
fn color(choice: ColorChoice, output: Option<&Path>) -> bool {
    let to_stdout = output.is_none_or(|p| p == Path::new("-"));
    let is_tty = to_stdout && io::stdout().is_terminal();
    let env = |name: &str| std::env::var(name).ok();
    to_stdout && render::use_color(choice, env, is_tty)
}

/// How much output is gathered before it is written: a large report (3.5 MB of JSON for SP
/// 800-53) took 440 writes of the default 8 KB, and now takes 55. A larger buffer only adds
/// fresh pages for the copy to touch (1 MB cost the AI RMF → AI 600-1 diff 65 page faults).
const OUTPUT_BUFFER: usize = 64 << 10;

/// Writes the output of `render` to stdout, or atomically to `output`, which must not be
/// one of the `inputs`.
fn emit(
    output: Option<&Path>,
    inputs: &[&Path],
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let Some(path) = output.filter(|p| *p != Path::new("-")) else {
        let stdout = io::stdout();
        let mut out = io::BufWriter::with_capacity(OUTPUT_BUFFER, stdout.lock());
        let stdout_error = |source| Error::Write {
            path: "<stdout>".into(),
            source,
        };
        render(&mut out).map_err(stdout_error)?;
        return out.flush().map_err(stdout_error);
    };
    let write_error = |source| Error::Write {
        path: path.into(),
        source,
    };
    if inputs.iter().any(|input| same_file(input, path)) {
        return Err(Error::Usage(format!(
            "-o {} is one of the inputs; choose another output file",
            path.display()
        )));
    }
    // A device or a pipe (`-o /dev/stdout`, a FIFO) cannot be replaced, and renaming over it
    // would destroy it: it is written into. A directory fails there too, with nothing created.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let file = std::fs::OpenOptions::new().write(true).open(path);
        let mut out = io::BufWriter::with_capacity(OUTPUT_BUFFER, file.map_err(write_error)?);
        render(&mut out).map_err(write_error)?;
        return out.flush().map_err(write_error);
    }
    // Through a symlink, the file it points to is replaced, and the link kept.
    let path = &path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = temp_file(dir).map_err(write_error)?;
    let mut out = io::BufWriter::with_capacity(OUTPUT_BUFFER, file.as_file_mut());
    render(&mut out).map_err(write_error)?;
    out.flush().map_err(write_error)?;
    drop(out);
    file.persist(path).map_err(|e| write_error(e.error))?;
    Ok(())
}

/// A temporary file in `dir`, readable like any file the user creates (tempfile's default
/// is private to the owner).
fn temp_file(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // tempfile's errors end with the name of the temporary file, which was never made.
    builder.tempfile_in(dir).map_err(|e| {
        let text = e.to_string();
        let cause = text
            .rsplit_once(" at path ")
            .map_or(&*text, |(cause, _)| cause);
        io::Error::new(e.kind(), cause)
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_is_sized_as_it_will_be_read() {
        let shipped = frameworks::find("ai-600-1").expect("shipped");
        assert_eq!(input_bytes(Path::new("ai-600-1")), shipped.xml.len() as u64);
        let file = Path::new("tests/fixtures/dei-reworded/old.md");
        let on_disk = std::fs::metadata(file).expect("the fixture is there").len();
        assert_eq!(input_bytes(file), on_disk);
        assert_eq!(input_bytes(Path::new("no/such/input.xml")), 0);
    }

    #[test]
    fn the_default_lexicon_built_ahead_is_taken_once_then_built_anew() {
        prepare();
        let choice = |profile| LexiconChoice {
            profile,
            lexicon: None,
        };
        let terms = |l: &Lexicon| l.topics.iter().map(|t| t.terms.len()).sum::<usize>();
        let directive = Lexicon::builtin();
        for profile in [None, Some(Profile::Directive), None] {
            let lexicon = lexicon(&choice(profile)).expect("a built-in lexicon");
            assert_eq!(lexicon.profile, directive.profile);
            assert_eq!(terms(&lexicon), terms(&directive));
        }
        assert!(prepared_lexicon().lock().unwrap().is_none(), "it was taken");
        let broad = lexicon(&choice(Some(Profile::Broad))).expect("a built-in lexicon");
        assert_eq!(broad.profile, "broad");
    }
}
