//! Criterion micro-benchmarks of the pipeline's stages on the real SP 800-53 Rev. 4 → Rev. 5
//! HIGH baseline files, so that a regression shows stage by stage (load, entries, align, word
//! diff, topic scan, lexicon, the whole report, the JSON rendering):
//! `cargo bench --bench stages` (one stage: `cargo bench --bench stages -- align`).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rmfdiff::render::json;
use rmfdiff::report::{Options, Report};
use rmfdiff::topics::Lexicon;
use rmfdiff::{align, diff, load};

const OLD: &str =
    "frameworks/sources/NIST_SP-800-53_rev4_HIGH-baseline-resolved-profile_catalog.xml";
const NEW: &str =
    "frameworks/sources/NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog.xml";

fn stages(c: &mut Criterion) {
    let path = |p: &str| Path::new(env!("CARGO_MANIFEST_DIR")).join(p);
    let old = load::load(&path(OLD), None).unwrap();
    let new = load::load(&path(NEW), None).unwrap();
    let old_entries = align::entries(&old);
    let new_entries = align::entries(&new);
    let pairs = align::align(&old_entries, &new_entries, align::DEFAULT_THRESHOLD);
    let lexicon = Lexicon::builtin();
    let texts = |pair: &align::Pair| {
        let old = pair.old.map_or("", |o| old_entries[o].text.as_str());
        let new = pair.new.map_or("", |n| new_entries[n].text.as_str());
        (old, new)
    };

    let mut group = c.benchmark_group("rev4-rev5");
    // The slow stages take a few hundred milliseconds: few samples keep a run short.
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    group.bench_function("load", |b| {
        b.iter(|| (load::load(&path(OLD), None), load::load(&path(NEW), None)))
    });
    group.bench_function("entries", |b| {
        b.iter(|| (align::entries(&old).len(), align::entries(&new).len()))
    });
    group.bench_function("align", |b| {
        b.iter(|| align::align(&old_entries, &new_entries, align::DEFAULT_THRESHOLD))
    });
    group.bench_function("word diff (1 thread)", |b| {
        b.iter(|| {
            for pair in &pairs {
                let (old, new) = texts(pair);
                black_box(diff::diff_words(old, new, None));
            }
        })
    });
    // As a run scans, from a fresh lexicon: its terms' patterns are compiled when first met.
    group.bench_function("topic scan (1 thread)", |b| {
        b.iter(|| {
            let lexicon = Lexicon::builtin();
            for entry in old_entries.iter().chain(&new_entries) {
                black_box(lexicon.find(&entry.text));
            }
        })
    });
    group.bench_function("lexicon build", |b| b.iter(Lexicon::builtin));
    group.bench_function("report (align, diff, topics; all threads)", |b| {
        b.iter(|| Report::diff(&old, &new, &lexicon, &Options::default()))
    });
    let report = Report::diff(&old, &new, &lexicon, &Options::default());
    group.bench_function("render json", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            json::write(&json::DiffOutput::new(&report), &mut out).unwrap();
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
