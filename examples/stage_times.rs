//! Each stage of the pipeline timed on one pair of versions, on one thread, best of `RUNS`
//! (default 15), for a quick before/after of a change on any pair (the criterion benches,
//! `benches/stages.rs`, time SP 800-53 only):
//!
//! ```sh
//! RAYON_NUM_THREADS=1 cargo run --release --example stage_times -- ai-rmf-1.0 ai-600-1
//! ```
//!
//! The topic scan is timed from a fresh lexicon, as a run meets it: its terms' and phrases'
//! patterns are compiled when first needed.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use rmfdiff::report::{Options, Report};
use rmfdiff::topics::Lexicon;
use rmfdiff::{align, diff, exit, frameworks, load, render::json};

/// Runs `stage` `runs` times and prints its best time; returns its last result.
fn time<R>(name: &str, runs: usize, mut stage: impl FnMut() -> R) -> R {
    let mut best = f64::MAX;
    let mut result = None;
    for _ in 0..runs {
        let start = Instant::now();
        result = Some(stage());
        best = best.min(start.elapsed().as_secs_f64() * 1e3);
    }
    println!("{name:<24} {best:8.2} ms");
    result.expect("at least one run")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [old, new] = args.as_slice() else {
        eprintln!("usage: stage_times OLD NEW (shipped names or paths)");
        std::process::exit(exit::ERROR.into());
    };
    let runs = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15);
    let load = |name: &str| match frameworks::find(name) {
        Some(shipped) => shipped.load(),
        None => load::load(Path::new(name), None),
    };
    let old = time("load old", runs, || {
        load(old).expect("the old version loads")
    });
    let new = time("load new", runs, || {
        load(new).expect("the new version loads")
    });
    let lexicon = time("lexicon", runs, Lexicon::builtin);
    let old_entries = time("entries old", runs, || align::entries(&old));
    let new_entries = time("entries new", runs, || align::entries(&new));
    let threshold = align::DEFAULT_THRESHOLD;
    let pairs = time("align", runs, || {
        align::align(&old_entries, &new_entries, threshold)
    });
    time("word diff", runs, || {
        for pair in &pairs {
            let old = pair.old.map_or("", |o| old_entries[o].text.as_str());
            let new = pair.new.map_or("", |n| new_entries[n].text.as_str());
            black_box(diff::diff_words(old, new, None));
        }
    });
    let entries = || old_entries.iter().chain(&new_entries);
    time("topic scan", runs, || {
        let lexicon = Lexicon::builtin();
        entries()
            .map(|e| lexicon.find(&e.text).len())
            .sum::<usize>()
    });
    let options = Options::default();
    let report = time("report (all stages)", runs, || {
        Report::diff(&old, &new, &lexicon, &options)
    });
    time("render json", runs, || {
        let mut out = Vec::new();
        json::write_diff(&report, &mut out).expect("rendered in memory");
        out.len()
    });
}
