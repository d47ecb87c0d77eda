//! The `rmfdiff` binary: parses arguments, runs [`rmfdiff::app::run`], prints errors and
//! picks the exit code. Nothing else exits the process.

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;
use rmfdiff::app::{Cli, run};
use rmfdiff::error::Error;
use rmfdiff::exit;

fn main() -> ExitCode {
    keep_freed_memory();
    // The PDF importer turns a panic of its reader thread into an error naming the file; the
    // default report of the panic would only add noise to that one line.
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(rmfdiff::import::pdf::READER_THREAD) {
            report(info);
        }
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::ERROR
            } else {
                exit::SUCCESS
            };
            // Help and version go to stdout; a closed pipe there is not an error.
            let _ = e.print();
            return exit::code(code);
        }
    };
    match run(cli) {
        Ok(code) => exit::code(code),
        // `rmfdiff … | head`: the reader has what it wanted.
        Err(Error::Write { source, .. }) if source.kind() == ErrorKind::BrokenPipe => {
            exit::code(exit::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {}", chain(&e));
            exit::code(exit::ERROR)
        }
    }
}

/// A run allocates and frees many small pieces in bursts (a document, then the report). By
/// default glibc gives memory back to the system each time the top of the heap is free and
/// takes it again a moment later, page by page: a tenth of a run's time. This keeps what was
/// freed for the next allocation (the peak is what it was) and grows the heap 16 MB at a
/// time (address space only: a page costs nothing until it is used).
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets glibc's allocator parameters, before any thread is started.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
    }
}

/// The error and its causes, joined by ": ", without repeating a cause already in the text.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text = format!("{text}: {cause_text}");
        }
        source = cause.source();
    }
    text
}
