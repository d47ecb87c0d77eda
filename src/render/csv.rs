//! CSV renderer (`--format csv`): one row per topic reference, for spreadsheets. RFC 4180
//! quoting by the `csv` crate; a header row names the columns.

use std::io::{self, Write};

use crate::model::Page;
use crate::report::{Report, Scan};

/// New columns go at the end, so existing column positions stay.
const HEADER: [&str; 16] = [
    "topic",
    "term",
    "matched",
    "strength",
    "classification",
    "old_id",
    "new_id",
    "path",
    "page",
    "change",
    "old_excerpt",
    "new_excerpt",
    "joins",
    "replaced_by",
    "old_page",
    "new_page",
];

/// Renders every topic reference of a diff report as a CSV row.
pub fn write_report(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(HEADER)?;
    for change in &report.changes {
        for r in &change.topics {
            let (old_excerpt, new_excerpt) = r.wording();
            let (old_excerpt, new_excerpt) = (old_excerpt.unwrap_or(""), new_excerpt.unwrap_or(""));
            let printed = |page: Option<&Page>| page.map(Page::to_string).unwrap_or_default();
            let (old_page, new_page) = r.pages();
            let page = printed(r.page.as_ref());
            csv.write_record([
                r.topic.as_str(),
                &r.term,
                &r.matched,
                r.strength.as_str(),
                r.status.as_str(),
                change.old_id.as_deref().unwrap_or(""),
                change.new_id.as_deref().unwrap_or(""),
                &change.path.join(" › "),
                &page,
                change.label(),
                old_excerpt,
                new_excerpt,
                &change.joins().join("; "),
                r.replaced_by.as_deref().unwrap_or(""),
                &printed(old_page),
                &printed(new_page),
            ])?;
        }
    }
    csv.flush()
}

const SCAN_HEADER: [&str; 8] = [
    "topic", "term", "matched", "strength", "id", "path", "page", "excerpt",
];

/// Renders every topic reference of a scan as a CSV row.
pub fn write_scan(scan: &Scan, out: &mut dyn Write) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(SCAN_HEADER)?;
    for hit in &scan.hits {
        let page = hit.page.as_ref().map(Page::to_string).unwrap_or_default();
        csv.write_record([
            hit.topic.as_str(),
            &hit.term,
            &hit.matched,
            hit.strength.as_str(),
            hit.id.as_deref().unwrap_or(""),
            &hit.path.join(" › "),
            &page,
            &hit.excerpt,
        ])?;
    }
    csv.flush()
}
