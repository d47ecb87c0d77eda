//! PDF importer, a source kind of the [`crate::import`] stage (`import ─▶ store ─▶
//! frameworks/*.xml ─▶ load ─▶ …`): turns a NIST AI-series PDF (NIST AI 100-1, the AI RMF,
//! and its revisions) into a [`Document`], from the positioned text of its pages.
//!
//! - Metadata: the title (the largest type on the first page), the publication id (from the
//!   `doi.org/10.6028/NIST.…` line), the version (the number ending the title), the date.
//! - Sections: bold headings (`Part 1: …`, `1. …`, `1.2.1 …`, `Appendix A: …`, and unnumbered
//!   ones such as "Executive Summary") open groups of class `section`, nested by number. Their
//!   re-flowed paragraphs go into `prose` parts, one per page so that every paragraph has its
//!   page; notes in small type at the foot of a page go into `footnote` parts.
//! - The Core tables: a row starting with an AI RMF id (`GOVERN 1:`) starts a two-column
//!   table, split where the subcategory ids (`GOVERN 1.1:`) stand; it gives function groups
//!   and category and subcategory controls with `statement` parts, the shape that
//!   [`crate::load::text`] gives.
//! - Running headers, footers and page numbers are left out: lines at the top or bottom edge
//!   repeated on several pages (numbers and words in capitals compare equal), or bare page
//!   numbers there.
//!
//! Nothing depends on page numbers or positions of one edition: only on type (bold, size),
//! vertical gaps and id patterns.
//!
//! The text comes from `pdf_oxide`, chosen over `pdf-extract` and `lopdf` by measurements on
//! NIST AI 100-1 (48 pages) against poppler's `pdftotext` (release builds):
//!
//! | | pdf_oxide 0.3.78 | pdf-extract 0.12.1 | lopdf 0.47 |
//! |---|---|---|---|
//! | words in order, runs read in rows, vs `-layout` | 99.60 % | 99.55 % | no positions |
//! | words in order, own text, vs plain `pdftotext` | 95.8 % | 96.8 % | 95.5 % |
//! | subcategories whole in the crate's own text, of 72 | 55 | 34 | 34 |
//! | ligatures (ﬁ, ﬂ) | spelled out | spelled out | 246 kept |
//! | panics on 60 damaged copies of the file | 0 | 16 | 0 |
//! | time for the 48 pages | 0.2–0.5 s | 0.3–0.8 s | 0.02 s |
//! | crates built (default features off) | 167 | 72 | 65 |
//!
//! pdf_oxide gives runs of text with their size, weight and rotation, returns errors on
//! damaged files where pdf-extract panics, and tells an encrypted file apart; lopdf gives no
//! positions, so no columns. Its price is weight: the largest dependency tree of the three
//! and the longest first build.

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::LazyLock;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use pdf_oxide::PdfDocument;
use pdf_oxide::decoders::{FlateDecoder, StreamDecoder};
use pdf_oxide::layout::TextSpan;
use pdf_oxide::object::Object;
use regex::Regex;

use crate::error::{Error, Result};
use crate::import::spell_out_ligatures;
use crate::model::{Document, Metadata, Node, NodeKind, child};

/// An AI RMF id opening a table cell: `GOVERN 1:` (a category), `MAP 1.1:` (a subcategory).
static ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(GOVERN|MAP|MEASURE|MANAGE) (\d+)(?:\.(\d+))?(:?)\s*(.*)$").expect("valid regex")
});

/// A numbered heading: `Part 1: …`, `Appendix A: …`, `1. Framing Risk`, `1.2.1 Risk …`.
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(Part|Appendix) ([0-9A-Z]+):\s*|(\d+(?:\.\d+)*)\.?\s+)(.*)$")
        .expect("valid regex")
});

/// The DOI line NIST prints on every publication: `https://doi.org/10.6028/NIST.AI.100-1`.
static DOI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"doi\.org/10\.6028/NIST\.([A-Z]+)\.(\S*[0-9A-Za-z])").expect("valid regex")
});

/// A line that is only a date: `January 2023`, `January 26, 2023`.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(January|February|March|April|May|June|July|August|September|October|November|December) (?:(\d{1,2}), )?(\d{4})$",
    )
    .expect("valid regex")
});

/// A version number in a title: `(AI RMF 1.0)`.
static VERSION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+\.\d+").expect("valid regex"));

/// A number in running furniture: `Page 22`.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").expect("valid regex"));

/// A page number alone: `12`, `Page 12`, `iv`, `- 3 -`, `37 of 137`; the number is group 1.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:page |- )?(\d{1,6}|[ivxlc]{1,8})(?: -| of \d+)?$").expect("valid regex")
});

/// A numbered list item: `2. Be consensus-driven…`.
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}\.\s").expect("valid regex"));

/// The number that starts a footnote: `1 See …`.
static NOTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,3} ?\S").expect("valid regex"));

/// What reading one PDF may cost at most. Each limit, when exceeded, stops the import with an
/// error that names it and the `rmfdiff import` flag that raises it: a PDF may come from
/// anywhere, and a small file can claim millions of pages or objects, or hold streams that
/// decompress to gigabytes.
///
/// The defaults leave wide room for any NIST publication: AI 100-1 has 48 pages, 547 objects
/// and 0.3 MB of page contents; the AI RMF Playbook 142 pages, 12,016 objects and 2.3 MB,
/// read in 6 s by a debug build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfLimits {
    /// Pages (`--max-pdf-pages`).
    pub pages: usize,
    /// Objects in the file's cross-reference table and object streams (`--max-pdf-objects`).
    pub objects: usize,
    /// MB (MiB) that the pages' content streams decompress to, all pages together
    /// (`--max-pdf-mb`).
    pub decompressed_mb: u64,
    /// Seconds of wall time for reading the text of all pages (`--max-pdf-seconds`).
    pub seconds: u64,
}

impl Default for PdfLimits {
    /// 2,000 pages: four times NIST SP 800-53 Rev. 5 (492 pages), the longest publication of
    /// its family. 500,000 objects: three times what 2,000 pages at the Playbook's 85 a page
    /// would have. 256 MB of page contents: eight times 2,000 pages at the Playbook's 17 KB a
    /// page. 120 s: 2,000 pages at the Playbook's 42 ms a page (debug build; release is
    /// faster) take 85 s.
    fn default() -> Self {
        PdfLimits {
            pages: 2000,
            objects: 500_000,
            decompressed_mb: 256,
            seconds: 120,
        }
    }
}

const MB: u64 = 1024 * 1024;

pub fn parse(bytes: &[u8], path: &Path) -> Result<Document> {
    parse_within(bytes, path, PdfLimits::default())
}

/// [`parse`] within `limits`.
pub fn parse_within(bytes: &[u8], path: &Path, limits: PdfLimits) -> Result<Document> {
    within_time(bytes, path, limits, read_document)
}

/// The name of the thread that reads a PDF (see [`within_time`]).
pub const READER_THREAD: &str = "pdf import";

/// Runs `read` on a thread of its own and stops waiting for it when `limits.seconds` have
/// passed: pdf_oxide cannot be interrupted within a page, and a damaged file might keep it
/// busy for long. `read` gets the deadline, to stop by itself at the next page.
pub(crate) fn within_time<T: Send + 'static>(
    bytes: &[u8],
    path: &Path,
    limits: PdfLimits,
    read: fn(&[u8], &Path, &PdfLimits, Instant) -> Result<T>,
) -> Result<T> {
    // Far beyond any run, and without the overflow of `Instant + u64::MAX seconds`.
    const CENTURY: u64 = 100 * 365 * 24 * 3600;
    let deadline = Instant::now() + Duration::from_secs(limits.seconds.min(CENTURY));
    let (sender, receiver) = mpsc::channel();
    let (owned_bytes, owned_path) = (bytes.to_vec(), path.to_path_buf());
    let worker = std::thread::Builder::new()
        .name(READER_THREAD.into())
        // As much stack as a main thread has: page contents nest.
        .stack_size(8 * MB as usize)
        .spawn(move || {
            let result = without_panics(&owned_path, || {
                read(&owned_bytes, &owned_path, &limits, deadline)
            });
            // The receiver is gone only when the deadline passed; nobody waits any more.
            let _ = sender.send(result);
        });
    let Ok(worker) = worker else {
        return without_panics(path, || read(bytes, path, &limits, deadline));
    };
    let wait = deadline.saturating_duration_since(Instant::now());
    match receiver.recv_timeout(wait) {
        Ok(result) => {
            // The reader has sent its result; it ends now. Waiting for it lets nothing it
            // holds (pdf_oxide's thread-locals) outlive the call: the fuzzer's leak check saw
            // them once, freed a moment after it looked.
            let _ = worker.join();
            result
        }
        Err(_) => Err(Error::Invalid {
            path: path.into(),
            message: too_slow(&limits, None),
        }),
    }
}

/// `read`, with a panic turned into an error: pdf_oxide 0.3.78 panics on some damaged files
/// (found by fuzzing: `tests/it/hostile.rs`, `fuzz_regression_pdf_*`).
fn without_panics<T>(path: &Path, read: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(AssertUnwindSafe(read)).unwrap_or_else(|panic| {
        let what = panic.downcast_ref::<&str>().copied();
        let what = what.or_else(|| panic.downcast_ref::<String>().map(String::as_str));
        // Its first line: the message may quote the file's bytes, over several lines.
        let what = what.and_then(|w| w.lines().next()).unwrap_or("no message");
        Err(Error::Invalid {
            path: path.into(),
            message: format!(
                "damaged PDF: the PDF reader failed on it ({}); download the file again, and \
                 if it opens in a PDF viewer, report this",
                what.trim_end_matches([' ', '`'])
            ),
        })
    })
}

fn too_slow(limits: &PdfLimits, at: Option<(usize, usize)>) -> String {
    let at = at.map_or(String::new(), |(page, count)| {
        format!(", stopped at page {page} of {count}")
    });
    format!(
        "reading it took longer than the limit of {} s{at}; if it really is a framework \
         document, raise the limit with --max-pdf-seconds",
        limits.seconds
    )
}

/// The PDF and the rows of its pages, within `limits`; an error when it has no text at all.
pub(crate) fn read_text(
    bytes: &[u8],
    path: &Path,
    limits: &PdfLimits,
    deadline: Instant,
) -> Result<(PdfDocument, Vec<Vec<Row>>)> {
    let invalid = |message: String| Error::Invalid {
        path: path.into(),
        message,
    };
    let pdf = open(bytes, limits).map_err(invalid)?;
    let pages = read_pages(&pdf, limits, deadline).map_err(invalid)?;
    if pages.iter().all(Vec::is_empty) {
        return Err(invalid(format!(
            "no text in any of its {} pages: a scan or image-only PDF (run OCR on it first, \
             e.g. `ocrmypdf IN.pdf OUT.pdf`) or a damaged file",
            pages.len()
        )));
    }
    Ok((pdf, pages))
}

/// [`parse_within`], but a PDF whose first page names the AI RMF Playbook is read as the
/// Playbook: what `rmfdiff import FILE.pdf` does without `--kind`.
pub fn parse_any_within(bytes: &[u8], path: &Path, limits: PdfLimits) -> Result<Document> {
    within_time(bytes, path, limits, read_any)
}

fn read_any(bytes: &[u8], path: &Path, limits: &PdfLimits, deadline: Instant) -> Result<Document> {
    let (pdf, pages) = read_text(bytes, path, limits, deadline)?;
    if super::playbook_pdf::is_playbook(&pages) {
        super::playbook_pdf::from_pages(&pdf, &pages, path)
    } else {
        from_pages(&pdf, pages, path)
    }
}

fn read_document(
    bytes: &[u8],
    path: &Path,
    limits: &PdfLimits,
    deadline: Instant,
) -> Result<Document> {
    let (pdf, pages) = read_text(bytes, path, limits, deadline)?;
    from_pages(&pdf, pages, path)
}

/// The document from the rows of its pages.
fn from_pages(pdf: &PdfDocument, mut pages: Vec<Vec<Row>>, path: &Path) -> Result<Document> {
    // What the document says of itself is read before its furniture is dropped: a cover may
    // repeat the title and the DOI line.
    let all: Vec<&Row> = pages.iter().flatten().collect();
    let body = body_size(&all);
    let title = title_rows(&pages, body);
    // The title's type is reserved for it: no heading is set in it.
    let title_size = title.first().map_or(f32::MAX, |r| r.size);
    let title: Vec<&str> = title.iter().map(|r| r.text.as_str()).collect();
    let meta = metadata(pdf, &all, title.join(" "), path);
    let printed = printed_pages(pdf, &pages);
    drop_furniture(&mut pages);
    let words = vocabulary(&pages);
    let mut reader = Reader {
        body,
        title_size,
        ..Reader::default()
    };
    for page in &pages {
        reader.page(page);
    }
    join_across_pages(&mut reader.blocks);
    let mut nodes = build(reader.blocks, &words);
    label_pages(&mut nodes, &printed);
    Ok(Document { meta, nodes })
}

/// The number printed on each page, in page order: the PDF's own page labels where it has
/// them, else the page number in the page's running header or footer.
pub(crate) fn printed_pages(pdf: &PdfDocument, pages: &[Vec<Row>]) -> Vec<Option<String>> {
    use pdf_oxide::extractors::{PageLabelExtractor, PageLabelRange};
    // A hostile file could ask for the roman numeral of four billion on every page.
    let sensible = |r: &PageLabelRange| {
        r.start_value <= 100_000 && r.prefix.as_ref().is_none_or(|p| p.chars().count() <= 32)
    };
    let ranges = PageLabelExtractor::extract(pdf).unwrap_or_default();
    if !ranges.is_empty() && ranges.iter().all(sensible) {
        let label = |index| Some(PageLabelExtractor::get_label(&ranges, index));
        return (0..pages.len())
            .map(|i| label(i).filter(|l| !l.is_empty()))
            .collect();
    }
    let footer = |rows: &Vec<Row>| {
        let mut edges = rows.iter().filter(|r| r.edge);
        edges.find_map(|r| Some(PAGE_NUMBER.captures(&r.text)?[1].to_string()))
    };
    pages.iter().map(footer).collect()
}

/// Gives every node with a page the number printed on that page.
pub(crate) fn label_pages(nodes: &mut [Node], printed: &[Option<String>]) {
    let mut stack: Vec<&mut Node> = nodes.iter_mut().collect();
    while let Some(node) = stack.pop() {
        let index = node
            .page
            .and_then(|p| usize::try_from(p).ok()?.checked_sub(1));
        node.page_label = index.and_then(|i| printed.get(i)?.clone());
        stack.extend(node.children.iter_mut());
    }
}

/// Opens the PDF, telling what is wrong with a file that cannot be read or has more pages or
/// objects than `limits` allow.
fn open(bytes: &[u8], limits: &PdfLimits) -> std::result::Result<PdfDocument, String> {
    let has = |part: &[u8], marker: &[u8]| part.windows(marker.len()).any(|w| w == marker);
    if !has(&bytes[..bytes.len().min(1024)], b"%PDF-") {
        return Err("not a PDF (no %PDF- header); pass the publication's PDF file".into());
    }
    if !has(&bytes[bytes.len().saturating_sub(1024)..], b"%%EOF") {
        return Err("truncated PDF (no %%EOF marker at its end); download the file again".into());
    }
    let damaged = |e: pdf_oxide::Error| format!("damaged PDF ({e}); download the file again");
    let pdf = PdfDocument::from_bytes(bytes.to_vec()).map_err(damaged)?;
    let locked = "encrypted PDF that needs a password; decrypt it first, e.g. \
                  `qpdf --decrypt --password=PASSWORD IN.pdf OUT.pdf`";
    // An encrypted file opens with the empty user password or not at all.
    if pdf.is_encrypted() && !pdf.authenticate(b"").unwrap_or(false) {
        return Err(locked.into());
    }
    let objects = pdf.all_object_ids().len();
    if objects > limits.objects {
        return Err(format!(
            "{objects} objects, more than the limit of {}; if it really is a framework \
             document, raise the limit with --max-pdf-objects",
            limits.objects
        ));
    }
    match pdf.page_count() {
        Err(pdf_oxide::Error::EncryptedPdf) => Err(locked.into()),
        Err(e) => Err(damaged(e)),
        Ok(0) => Err("PDF without pages; download the file again".into()),
        Ok(pages) if pages > limits.pages => Err(format!(
            "{pages} pages, more than the limit of {}; if it really is a framework document, \
             raise the limit with --max-pdf-pages",
            limits.pages
        )),
        Ok(_) => Ok(pdf),
    }
}

/// A run of text, in the frame of its own writing direction: `x` along the line, `y` up.
#[derive(Clone)]
struct Frag {
    x: f32,
    y: f32,
    end: f32,
    size: f32,
    bold: bool,
    text: String,
}

/// One printed line: the runs on one baseline, left to right.
pub(crate) struct Row {
    /// 1-based physical page.
    pub(crate) page: u32,
    pub(crate) y: f32,
    /// Near the top or bottom edge of the page, where running headers and footers stand.
    edge: bool,
    frags: Vec<Frag>,
    /// Largest type on the line.
    pub(crate) size: f32,
    pub(crate) text: String,
}

impl Row {
    fn new(page: u32, edge: bool, mut frags: Vec<Frag>) -> Row {
        frags.sort_by(|a, b| a.x.total_cmp(&b.x));
        Row {
            page,
            y: frags.iter().map(|f| f.y).fold(f32::MIN, f32::max),
            edge,
            size: frags.iter().map(|f| f.size).fold(0.0, f32::max),
            text: join_frags(&frags),
            frags,
        }
    }

    pub(crate) fn x(&self) -> f32 {
        self.frags[0].x
    }

    pub(crate) fn bold(&self) -> bool {
        self.frags.iter().all(|f| f.bold)
    }

    /// The widest space between two runs: a table's column gap or a contents page's leader.
    fn widest_gap(&self) -> f32 {
        let gaps = self.frags.windows(2).map(|w| w[1].x - w[0].end);
        gaps.fold(0.0, f32::max)
    }
}

/// The runs' text, with a space where the runs stand apart.
fn join_frags(frags: &[Frag]) -> String {
    let mut text = String::new();
    let mut end = f32::MIN;
    for f in frags {
        if f.x - end > 0.15 * f.size {
            text.push(' ');
        }
        text.push_str(&f.text);
        end = f.end;
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rows of every page: upright text first, then text in each other direction, each top to
/// bottom. Fails when a page's contents cannot be read in full (rather than pass the page off
/// as one without text), decompress beyond `limits`, or the deadline passes.
fn read_pages(
    pdf: &PdfDocument,
    limits: &PdfLimits,
    deadline: Instant,
) -> std::result::Result<Vec<Vec<Row>>, String> {
    let count = pdf.page_count().map_err(|e| e.to_string())?;
    let mut left = limits.decompressed_mb.saturating_mul(MB);
    let mut cut: Vec<(u32, String)> = Vec::new();
    let mut pages = Vec::with_capacity(count);
    for index in 0..count {
        let page = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if Instant::now() > deadline {
            return Err(too_slow(limits, Some((index + 1, count))));
        }
        match content_bytes(pdf, index, left) {
            Ok(bytes) => left -= bytes,
            Err(Cut::Limit) => {
                return Err(format!(
                    "its page contents decompress to more than the limit of {} MB (at page \
                     {page} of {count}); if it really is a framework document, raise the limit \
                     with --max-pdf-mb",
                    limits.decompressed_mb
                ));
            }
            Err(Cut::Damaged(reason)) => cut.push((page, reason)),
        }
        let spans = pdf
            .extract_spans(index)
            .map_err(|e| format!("cannot read the text of page {page}: {e}"))?;
        let (_, y0, _, y1) = pdf
            .get_page_media_box(index)
            .unwrap_or((0.0, 0.0, 612.0, 792.0));
        pages.push(page_rows(spans, page, y0.min(y1), y0.max(y1)));
    }
    if let Some((page, reason)) = cut.first() {
        let pages: Vec<String> = cut.iter().map(|(page, _)| page.to_string()).collect();
        return Err(format!(
            "{} of its {count} pages could not be read in full (pages {}; page {page}: \
             {reason}); the file is damaged: download it again",
            cut.len(),
            pages.join(", ")
        ));
    }
    Ok(pages)
}

/// Why a page's contents were not read in full.
enum Cut {
    /// They decompress to more than is left of the limit.
    Limit,
    /// A content stream cannot be decoded.
    Damaged(String),
}

/// How many bytes the content streams of page `index` decompress to, when at most `left`.
/// Flate streams, nearly all there are, are decompressed here before pdf_oxide reads them,
/// so that one that would give gigabytes stops at the limit: pdf_oxide's own cap is 256 MB a
/// stream, and it skips a stream it cannot decode without telling.
fn content_bytes(pdf: &PdfDocument, index: usize, left: u64) -> std::result::Result<u64, Cut> {
    let damaged = |e: pdf_oxide::Error| Cut::Damaged(e.to_string());
    if pdf.is_encrypted() {
        // Only pdf_oxide can decrypt the streams; it decompresses them under its own cap.
        let data = pdf.get_page_content_data(index).map_err(damaged)?;
        let bytes = data.len() as u64;
        return if bytes > left {
            Err(Cut::Limit)
        } else {
            Ok(bytes)
        };
    }
    let page = pdf.get_page(index).map_err(damaged)?;
    let contents = page.as_dict().and_then(|d| d.get("Contents"));
    let contents = match contents {
        Some(Object::Reference(r)) => pdf.load_object(*r).map_err(damaged)?,
        Some(other) => other.clone(),
        None => Object::Null,
    };
    let streams = match contents {
        Object::Array(items) => items,
        other => vec![other],
    };
    let mut total = 0;
    for stream in streams {
        let stream = match stream {
            Object::Reference(r) => pdf.load_object(r).map_err(damaged)?,
            other => other,
        };
        let left = left - total;
        total += match &stream {
            Object::Null => 0,
            Object::Stream { dict, data } if flate_only(dict) => {
                match FlateDecoder::with_limit(left.saturating_add(1)).decode(data) {
                    Ok(decoded) => decoded.len() as u64,
                    // The decoder's only way to say that it reached the limit.
                    Err(e) if e.to_string().contains("safety limit") => return Err(Cut::Limit),
                    Err(e) => return Err(damaged(e)),
                }
            }
            other => {
                let decoded = other.decode_stream_data().map_err(damaged)?;
                if decoded.len() as u64 > left {
                    return Err(Cut::Limit);
                }
                decoded.len() as u64
            }
        };
    }
    Ok(total)
}

/// A stream compressed with Flate alone, without predictor parameters.
fn flate_only(dict: &HashMap<String, Object>) -> bool {
    let flate = |o: &Object| matches!(o.as_name(), Some("FlateDecode" | "Fl"));
    let filter = match dict.get("Filter") {
        Some(Object::Array(filters)) => filters.len() == 1 && flate(&filters[0]),
        Some(filter) => flate(filter),
        None => false,
    };
    filter && matches!(dict.get("DecodeParms"), None | Some(Object::Null))
}

fn page_rows(spans: Vec<TextSpan>, page: u32, bottom: f32, top: f32) -> Vec<Row> {
    let band = (top - bottom) * 0.25;
    let mut frags: Vec<(i32, bool, Frag)> = spans
        .into_iter()
        .filter(|s| !s.text.trim().is_empty())
        .map(|s| {
            // Turn rotated text upright: x along its direction, y across it.
            let (sin, cos) = s.rotation_degrees.to_radians().sin_cos();
            let x = s.bbox.x * cos + s.bbox.y * sin;
            let y = s.bbox.y * cos - s.bbox.x * sin;
            let direction = (s.rotation_degrees.round() as i32).rem_euclid(360);
            let near_edge = s.bbox.y > top - band || s.bbox.y < bottom + band;
            let frag = Frag {
                x,
                y,
                end: x + s.bbox.width,
                size: s.font_size,
                bold: s.font_weight.is_bold(),
                text: spell_out_ligatures(&s.text),
            };
            (direction, near_edge, frag)
        })
        .collect();
    frags.sort_by(|(da, _, a), (db, _, b)| {
        da.cmp(db)
            .then(b.y.total_cmp(&a.y))
            .then(a.x.total_cmp(&b.x))
    });
    let mut rows = Vec::new();
    let mut line: Vec<Frag> = Vec::new();
    let (mut direction, mut edge) = (0, false);
    for (d, e, frag) in frags {
        // Runs a fraction of the type size apart share a baseline (superscripts, small caps).
        let same = line.first().is_some_and(|first| {
            d == direction && (first.y - frag.y).abs() <= 0.45 * first.size.max(frag.size)
        });
        if !same && !line.is_empty() {
            rows.push(Row::new(page, edge, std::mem::take(&mut line)));
        }
        if line.is_empty() {
            (direction, edge) = (d, e);
        }
        line.push(frag);
    }
    if !line.is_empty() {
        rows.push(Row::new(page, edge, line));
    }
    // Headers and footers are the outermost rows: three at most at each end.
    let count = rows.len();
    for (i, row) in rows.iter_mut().enumerate() {
        row.edge &= i < 3 || i + 3 >= count;
    }
    rows
}

/// Removes running headers and footers: rows at a page edge whose text is at the edge of
/// three pages or more, any number counting the same (`Page 22`), or with any word in
/// capitals counting the same too, at the same height (`Table 2: … MAP function.
/// (Continued)`); if it has three words or more, two pages are enough for the same text.
/// Bare page numbers there go too.
fn drop_furniture(pages: &mut [Vec<Row>]) {
    struct Edge {
        page: u32,
        y: f32,
        text: String,
        shape: String,
    }
    let edge = |r: &Row| Edge {
        page: r.page,
        y: r.y,
        text: furniture_key(&r.text, false),
        shape: furniture_key(&r.text, true),
    };
    let edges: Vec<Edge> = pages
        .iter()
        .flatten()
        .filter(|r| r.edge)
        .map(edge)
        .collect();
    let is_furniture = |row: &Row| {
        let this = edge(row);
        let pages = |same: &dyn Fn(&Edge) -> bool| {
            let pages: HashSet<u32> = edges.iter().filter(|e| same(e)).map(|e| e.page).collect();
            pages.len()
        };
        let same_text = pages(&|e| e.text == this.text);
        let same_place = pages(&|e| e.shape == this.shape && (e.y - this.y).abs() <= 2.0);
        let words = this.text.split(' ').count();
        let repeated =
            (words >= 2 && same_text.max(same_place) >= 3) || (words >= 3 && same_text >= 2);
        (row.edge && repeated) || is_page_number(row)
    };
    for rows in pages.iter_mut() {
        rows.retain(|row| !is_furniture(row));
    }
}

/// A page number alone at the top or bottom edge of its page.
pub(crate) fn is_page_number(row: &Row) -> bool {
    row.edge && PAGE_NUMBER.is_match(&row.text)
}

/// `Page 22`, `Page ii` → `Page #`; with `capitals`, `for the MAP function` → `for the #
/// function`.
fn furniture_key(text: &str, capitals: bool) -> String {
    let roman = |w: &str| w.len() <= 4 && w.chars().all(|c| "ivxlc".contains(c));
    let upper = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase());
    let words = text.split(' ').map(|w| {
        if roman(w) || (capitals && upper(w)) {
            "#".to_string()
        } else {
            NUMBER.replace_all(w, "#").into_owned()
        }
    });
    words.collect::<Vec<_>>().join(" ")
}

/// The rows of the first page with text set in its largest type: the title.
/// None when that type is no larger than the body text's.
fn title_rows(pages: &[Vec<Row>], body: f32) -> Vec<&Row> {
    let Some(first) = pages.iter().find(|rows| !rows.is_empty()) else {
        return Vec::new();
    };
    let largest = first.iter().map(|r| r.size).fold(0.0, f32::max);
    let title = first.iter().filter(|r| r.size >= largest - 0.5);
    title.filter(|_| largest > 1.2 * body).collect()
}

/// The most common type size, by characters: the body text's.
pub(crate) fn body_size(rows: &[&Row]) -> f32 {
    let mut chars: HashMap<i32, usize> = HashMap::new();
    for frag in rows.iter().flat_map(|r| &r.frags) {
        *chars.entry((frag.size * 10.0).round() as i32).or_default() += frag.text.len();
    }
    let most = chars.into_iter().max_by_key(|&(size, n)| (n, size));
    most.map_or(12.0, |(size, _)| size as f32 / 10.0)
}

/// The title is the cover's, else the PDF's /Title, else the file's name.
fn metadata(pdf: &PdfDocument, rows: &[&Row], title: String, path: &Path) -> Metadata {
    let title = Some(title)
        .filter(|t| !t.is_empty())
        .or_else(|| info(pdf, "Title").filter(|t| !t.trim().is_empty()))
        .unwrap_or_else(|| {
            let stem = path.file_stem().unwrap_or_default();
            stem.to_string_lossy().into_owned()
        });
    let version = VERSION
        .find_iter(&title)
        .last()
        .map(|m| m.as_str().to_string());
    let publication = rows.iter().find_map(|r| {
        let doi = DOI.captures(&r.text)?;
        Some(format!("NIST {} {}", &doi[1], &doi[2]))
    });
    Metadata {
        version,
        publication,
        published: published(pdf, rows),
        title,
        ..Metadata::default()
    }
}

/// The date the document states (a line that is only a date, like `January 2023`). A
/// month and year alone are completed with the day of the PDF's CreationDate when that falls
/// in the same month (NIST prints no day); a document that states no date gets its
/// CreationDate.
fn published(pdf: &PdfDocument, rows: &[&Row]) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let created = creation_date(pdf);
    let Some(date) = rows.iter().find_map(|r| DATE.captures(&r.text)) else {
        return created;
    };
    let month = MONTHS.iter().position(|m| *m == &date[1]).unwrap_or(0) + 1;
    let month = format!("{}-{month:02}", &date[3]);
    match date.get(2) {
        Some(day) => Some(format!("{month}-{:0>2}", day.as_str())),
        None => created.filter(|c| c.starts_with(&month)),
    }
}

/// `/Info /CreationDate (D:20230124194546Z)` → `2023-01-24`.
pub(crate) fn creation_date(pdf: &PdfDocument) -> Option<String> {
    let date = info(pdf, "CreationDate")?;
    let digits = date.strip_prefix("D:").unwrap_or(&date).get(..8)?;
    digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]))
}

/// A text entry of the PDF's /Info dictionary (UTF-16 with a byte order mark, or
/// PDFDocEncoding, read as Latin-1).
fn info(pdf: &PdfDocument, key: &str) -> Option<String> {
    let info = pdf.trailer().as_dict()?.get("Info")?;
    let info = pdf.resolve_object(info).ok()?;
    let bytes = info.as_dict()?.get(key)?.as_string()?;
    Some(match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units = utf16
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]));
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    })
}

/// What the rows say, in reading order, before it becomes a tree.
enum Block {
    Heading {
        level: usize,
        id: String,
        title: String,
        page: u32,
    },
    /// A paragraph of a `prose` or `footnote` part, as printed lines.
    Text {
        class: &'static str,
        lines: Vec<String>,
        page: u32,
    },
    /// A category (`sub` is `None`) or subcategory cell of a Core table.
    Cell {
        function: String,
        category: u32,
        sub: Option<u32>,
        lines: Vec<String>,
        page: u32,
    },
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    body: f32,
    /// Type this size or larger is the title's, never a heading.
    title_size: f32,
    /// Level of the innermost heading read.
    level: usize,
    /// Left edge of the page's text.
    margin: f32,
    /// The previous prose row: page, baseline, left edge, size.
    last: Option<(u32, f32, f32, f32)>,
    table: Option<Table>,
}

/// A Core table being read.
#[derive(Default)]
struct Table {
    /// Where the subcategory column starts.
    split: Option<f32>,
    category: Option<usize>,
    subcategory: Option<usize>,
}

impl Reader {
    fn page(&mut self, rows: &[Row]) {
        let notes = footnotes_start(rows, self.body);
        self.margin = rows.iter().map(Row::x).fold(f32::MAX, f32::min);
        let mut i = 0;
        while i < notes {
            let gap_before = i == 0 || rows[i - 1].y - rows[i].y > 1.5 * rows[i].size;
            if let Some((heading, used)) = self.heading(&rows[i..notes], gap_before) {
                self.table = None;
                self.last = None;
                self.blocks.push(heading);
                i += used;
                continue;
            }
            let row = &rows[i];
            i += 1;
            if self.table.is_none() && ID.captures(&row.text).is_some_and(|c| &c[4] == ":") {
                self.table = Some(Table::default());
            }
            if self.table.is_some() && self.table_row(row) {
                continue;
            }
            self.table = None;
            self.prose(row);
        }
        for row in &rows[notes..] {
            match self.blocks.last_mut() {
                Some(Block::Text {
                    class: "footnote",
                    lines,
                    page,
                }) if *page == row.page && !NOTE.is_match(&row.text) => {
                    lines.push(row.text.clone())
                }
                _ => self.blocks.push(Block::Text {
                    class: "footnote",
                    lines: vec![row.text.clone()],
                    page: row.page,
                }),
            }
        }
        self.last = None;
    }

    /// The heading starting at `rows[0]`, with the number of rows it takes.
    fn heading(&mut self, rows: &[Row], gap_before: bool) -> Option<(Block, usize)> {
        let row = &rows[0];
        let looks =
            |r: &Row| r.bold() && r.widest_gap() < 2.0 * r.size && r.size < self.title_size - 0.5;
        if !looks(row) {
            return None;
        }
        let (level, id) = match NUMBERED.captures(&row.text) {
            Some(c) => match (c.get(1), c.get(2), c.get(3)) {
                (Some(kind), Some(n), _) => (
                    1,
                    format!("{}-{}", kind.as_str(), n.as_str()).to_lowercase(),
                ),
                (_, _, Some(number)) => {
                    let depth = number.as_str().split('.').count();
                    (depth + 1, format!("sec-{}", number.as_str()))
                }
                _ => return None,
            },
            None => {
                let words = row.text.split(' ').count();
                let capital = row.text.starts_with(|c: char| c.is_uppercase());
                let open = !row.text.ends_with(['.', ':', ',', ';']);
                if !(gap_before && capital && open && words <= 8) {
                    return None;
                }
                // Large type opens a top-level section; body-size type one inside the
                // innermost numbered section, without deepening later headings.
                let level = if row.size > self.body + 1.0 {
                    1
                } else {
                    self.level + 1
                };
                (level, slug(&row.text))
            }
        };
        // A long heading runs on over the next rows in the same type.
        let mut title = row.text.clone();
        let mut used = 1;
        while let Some(next) = rows.get(used) {
            let close = rows[used - 1].y - next.y < 2.0 * next.size;
            if !(looks(next) && close && (next.size - row.size).abs() < 0.5)
                || NUMBERED.is_match(&next.text)
            {
                break;
            }
            title.push(' ');
            title.push_str(&next.text);
            used += 1;
        }
        if NUMBERED.is_match(&row.text) || row.size > self.body + 1.0 {
            self.level = level;
        }
        let heading = Block::Heading {
            level,
            id,
            title,
            page: row.page,
        };
        Some((heading, used))
    }

    /// Reads a row into the open Core table; false when the row is no longer part of it.
    fn table_row(&mut self, row: &Row) -> bool {
        let table = self.table.as_mut().expect("a table is open");
        if table.split.is_none() {
            // The subcategory column starts at the first subcategory id after the row's start.
            table.split = (0..row.frags.len()).find_map(|k| {
                let text = join_frags(&row.frags[k..]);
                let id = ID.captures(&text)?;
                (id.get(3).is_some() && (k > 0 || table.category.is_some()))
                    .then_some(row.frags[k].x)
            });
        }
        let split = table.split.unwrap_or(f32::MAX) - 2.0;
        // Running text crosses the column gap; table cells never do.
        if row.frags.iter().any(|f| f.x < split && f.end > split + 4.0) {
            return false;
        }
        let (left, right): (Vec<Frag>, Vec<Frag>) =
            row.frags.iter().cloned().partition(|f| f.x < split);
        for (frags, is_right) in [(left, false), (right, true)] {
            if frags.is_empty() {
                continue;
            }
            let text = join_frags(&frags);
            let table = self.table.as_mut().expect("a table is open");
            let opened = ID
                .captures(&text)
                .filter(|c| c.get(3).is_some() == is_right);
            if let Some(id) = opened {
                let at = Some(self.blocks.len());
                if is_right {
                    table.subcategory = at;
                } else {
                    (table.category, table.subcategory) = (at, None);
                }
                self.blocks.push(Block::Cell {
                    function: id[1].to_string(),
                    category: id[2].parse().unwrap_or_default(),
                    sub: id.get(3).and_then(|s| s.as_str().parse().ok()),
                    lines: vec![id[5].to_string()],
                    page: row.page,
                });
                continue;
            }
            let cell = if is_right {
                table.subcategory.or(table.category)
            } else {
                table.category
            };
            match cell.map(|at| &mut self.blocks[at]) {
                Some(Block::Cell { lines, .. }) => lines.push(text),
                _ => return false,
            }
        }
        true
    }

    fn prose(&mut self, row: &Row) {
        let bullet = row.text.strip_prefix('•').map(str::trim_start);
        let starts_new = match self.last {
            None => true,
            Some((page, y, x, size)) => {
                page != row.page
                    || y - row.y > 1.5 * size.max(row.size)
                    || (size - row.size).abs() > 1.0
                    || bullet.is_some()
                    || (LIST_ITEM.is_match(&row.text)
                        && row.x() < x + 2.0
                        && row.x() > self.margin + 3.0)
                    || !matches!(self.blocks.last(), Some(Block::Text { class: "prose", .. }))
            }
        };
        let text = bullet.unwrap_or(&row.text).to_string();
        self.last = Some((row.page, row.y, row.x(), row.size));
        if let (false, Some(Block::Text { lines, .. })) = (starts_new, self.blocks.last_mut()) {
            lines.push(text);
            return;
        }
        self.blocks.push(Block::Text {
            class: "prose",
            lines: vec![text],
            page: row.page,
        });
    }
}

/// Index of the first row of a page's footnotes: rows in smaller type than the body at the
/// foot of the page, set off from the text above, the first starting with its number.
fn footnotes_start(rows: &[Row], body: f32) -> usize {
    let mut start = rows.len();
    while start > 0 && rows[start - 1].size < 0.9 * body {
        start -= 1;
    }
    let Some(above) = start.checked_sub(1).map(|i| &rows[i]) else {
        return rows.len();
    };
    match rows.get(start) {
        Some(first) if NOTE.is_match(&first.text) && above.y - first.y > 1.5 * first.size => start,
        _ => rows.len(),
    }
}

/// Joins each paragraph cut by a page break to its continuation (see [`continuation`]).
fn join_across_pages(blocks: &mut Vec<Block>) {
    let mut i = 0;
    while i < blocks.len() {
        let Some(j) = continuation(blocks, i) else {
            i += 1;
            continue;
        };
        if let Block::Text { lines: more, .. } = blocks.remove(j)
            && let Block::Text { lines, .. } = &mut blocks[i]
        {
            lines.extend(more);
        }
    }
}

/// Where the paragraph `blocks[i]` goes on if a page break cut it (it ends without a full
/// stop): the next paragraph on one of the next two pages that starts in lower case, past
/// notes and at most two other paragraphs (figure captions).
fn continuation(blocks: &[Block], i: usize) -> Option<usize> {
    let Block::Text {
        class: "prose",
        lines,
        page,
    } = &blocks[i]
    else {
        return None;
    };
    let last = lines.last()?.trim_end_matches(['”', '"', '’', ')']);
    if last.ends_with(['.', '!', '?', ':', ';']) {
        return None;
    }
    let mut captions = 0;
    for (j, block) in blocks.iter().enumerate().skip(i + 1) {
        match block {
            Block::Text {
                class: "footnote", ..
            } => {}
            Block::Text { lines, page: p, .. } if p > page && *p <= page + 2 && captions < 2 => {
                if lines[0].starts_with(char::is_lowercase) {
                    return Some(j);
                }
                captions += 1;
            }
            _ => return None,
        }
    }
    None
}

/// Every word of the document as printed within a line, lower case: tells a word split at a
/// line end (`inte-`, `grated`) from a hyphenated compound (`third-`, `party`).
pub(crate) fn vocabulary(pages: &[Vec<Row>]) -> HashSet<String> {
    let words = pages.iter().flatten().flat_map(|r| r.text.split(' '));
    let trimmed = words.map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    });
    trimmed.filter(|w| !w.is_empty()).collect()
}

/// Joins printed lines into one paragraph. A hyphen at a line end is a line-break artefact
/// (dropped) unless the document prints the hyphenated compound elsewhere and never the joined
/// word, the next line starts in upper case (`human-` `AI`), or it is suspended (`high- or
/// low-impact`).
pub(crate) fn join_lines(lines: &[String], words: &HashSet<String>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        let head: String = {
            let stem = out.strip_suffix('-').unwrap_or_default();
            let letters: Vec<char> = stem
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect();
            letters.into_iter().rev().collect()
        };
        let tail: String = line.chars().take_while(|c| c.is_alphabetic()).collect();
        if head.is_empty() || tail.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
        } else {
            let joined = format!("{head}{tail}").to_lowercase();
            let compound = format!("{head}-{tail}").to_lowercase();
            let suspended = ["or", "and", "nor", "to"].contains(&tail.as_str());
            let upper = tail.starts_with(char::is_uppercase) && !head.ends_with(char::is_uppercase);
            if suspended {
                out.push(' ');
            } else if words.contains(&joined) || !(upper || words.contains(&compound)) {
                out.pop();
            }
        }
        out.push_str(line);
    }
    out
}

fn slug(text: &str) -> String {
    let lower = text.to_lowercase();
    let words = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    words.collect::<Vec<_>>().join("-")
}

/// The document tree from the blocks: sections nest by level; Core cells go under their
/// function group, which stands at the top level after what is open.
fn build(blocks: Vec<Block>, words: &HashSet<String>) -> Vec<Node> {
    let mut tree = Tree::default();
    for block in blocks {
        match block {
            Block::Heading {
                level,
                id,
                title,
                page,
            } => tree.open(level, id, title, page),
            Block::Text { class, lines, page } => {
                let text = join_lines(&lines, words);
                tree.paragraph(class, text, page);
            }
            Block::Cell {
                function,
                category,
                sub,
                lines,
                page,
            } => {
                let control = tree.control(&function, category, sub, page);
                let text = join_lines(&lines, words);
                if !text.is_empty() {
                    let mut part = Node::new(NodeKind::Part);
                    part.class = Some("statement".into());
                    part.page = Some(page);
                    part.paragraphs.push(text);
                    control.insert_part(part);
                }
            }
        }
    }
    tree.top
}

#[derive(Default)]
struct Tree {
    top: Vec<Node>,
    /// The open sections, outermost first: heading level and index among the parent's
    /// children (the tree only grows at the end, so indices stay valid).
    open: Vec<(usize, usize)>,
    ids: HashSet<String>,
}

impl Tree {
    fn open(&mut self, level: usize, id: String, title: String, page: u32) {
        // The front matter (level 0) ends at the first heading.
        while self.open.last().is_some_and(|&(l, _)| l >= level || l == 0) {
            self.open.pop();
        }
        let mut id = id;
        let base = id.clone();
        let mut n = 1;
        while !self.ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        let mut section = Node::new(NodeKind::Group);
        section.class = Some("section".into());
        section.id = Some(id);
        section.title = Some(title);
        section.page = Some(page);
        let siblings = match self.open.len() {
            0 => &mut self.top,
            _ => &mut self.section(page).children,
        };
        siblings.push(section);
        let at = siblings.len() - 1;
        self.open.push((level, at));
    }

    /// The innermost open section; text before any heading goes into `front-matter`.
    fn section(&mut self, page: u32) -> &mut Node {
        if self.open.is_empty() {
            let mut front = Node::new(NodeKind::Group);
            front.page = Some(page);
            front.class = Some("section".into());
            front.id = Some("front-matter".into());
            self.ids.insert("front-matter".into());
            self.top.push(front);
            self.open.push((0, self.top.len() - 1));
        }
        let mut node = &mut self.top[self.open[0].1];
        for &(_, at) in &self.open[1..] {
            node = &mut node.children[at];
        }
        node
    }

    /// Adds a paragraph to the section's part of `class` for `page`.
    fn paragraph(&mut self, class: &str, text: String, page: u32) {
        if text.is_empty() {
            return;
        }
        let section = self.section(page);
        let same = |n: &Node| n.class.as_deref() == Some(class) && n.page == Some(page);
        if !section.children.last().is_some_and(same) {
            let mut part = Node::new(NodeKind::Part);
            part.class = Some(class.to_string());
            part.page = Some(page);
            section.children.push(part);
        }
        let part = section.children.last_mut().expect("just ensured");
        part.paragraphs.push(text);
    }

    /// The category control `FUNCTION category`, or its subcategory, created if missing
    /// under a function group at the top level.
    fn control(&mut self, function: &str, category: u32, sub: Option<u32>, page: u32) -> &mut Node {
        let group = child(
            &mut self.top,
            NodeKind::Group,
            "function",
            function,
            function,
        );
        group.page.get_or_insert(page);
        let category_id = format!("{function} {category}");
        let cat = child_control(group, &category_id, "category", page);
        match sub {
            None => cat,
            Some(sub) => child_control(cat, &format!("{category_id}.{sub}"), "subcategory", page),
        }
    }
}

fn child_control<'a>(parent: &'a mut Node, id: &str, class: &str, page: u32) -> &'a mut Node {
    let control = child(&mut parent.children, NodeKind::Control, class, id, id);
    control.page.get_or_insert(page);
    control
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(y: f32, size: f32, text: &str) -> Row {
        let frag = Frag {
            x: 90.0,
            y,
            end: 90.0 + 5.0 * text.len() as f32,
            size,
            bold: false,
            text: text.into(),
        };
        Row::new(1, false, vec![frag])
    }

    #[test]
    fn line_end_hyphens() {
        let words: HashSet<String> = ["third-party", "integrated"].map(String::from).into();
        let join = |lines: &[&str]| {
            let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            join_lines(&lines, &words)
        };
        assert_eq!(join(&["are inte-", "grated into"]), "are integrated into");
        assert_eq!(join(&["of a third-", "party"]), "of a third-party");
        assert_eq!(join(&["human-", "AI teaming"]), "human-AI teaming");
        assert_eq!(
            join(&["long- or short-term, high-", "or low-probability"]),
            "long- or short-term, high- or low-probability"
        );
        assert_eq!(join(&["the GOV-", "ERN function"]), "the GOVERN function");
        assert_eq!(join(&["decom-", "missioning"]), "decommissioning");
    }

    #[test]
    fn page_numbers_compare_equal() {
        assert_eq!(furniture_key("Page 22", false), "Page #");
        assert_eq!(furniture_key("Page ii", false), "Page #");
        assert_eq!(
            furniture_key("Table 2: for the MAP function. (Continued)", true),
            "Table #: for the # function. (Continued)"
        );
        assert!(PAGE_NUMBER.is_match("117") && PAGE_NUMBER.is_match("Page iv"));
        assert!(!PAGE_NUMBER.is_match("GOVERN 1.1"));
    }

    #[test]
    fn footnotes_are_small_type_at_the_foot() {
        let rows = [
            row(700.0, 12.0, "Body text of the page that refers to a note."),
            row(686.0, 12.0, "More body text."),
            row(120.0, 9.0, "1 The first note, which runs"),
            row(110.0, 9.0, "over two lines."),
            row(100.0, 9.0, "2 The second note."),
        ];
        assert_eq!(footnotes_start(&rows, 12.0), 2);
        let mut reader = Reader {
            body: 12.0,
            title_size: 24.0,
            ..Reader::default()
        };
        reader.page(&rows);
        let notes: Vec<&Vec<String>> = reader
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Text {
                    class: "footnote",
                    lines,
                    ..
                } => Some(lines),
                _ => None,
            })
            .collect();
        assert_eq!(notes.len(), 2);
        assert_eq!(
            notes[0].join(" "),
            "1 The first note, which runs over two lines."
        );
        // Small type without a note number is not a footnote (an imprint, a caption).
        let imprint = [
            row(700.0, 12.0, "January 2023"),
            row(120.0, 10.0, "U.S. Department of Commerce"),
        ];
        assert_eq!(footnotes_start(&imprint, 12.0), 2);
    }
}
