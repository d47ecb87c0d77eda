//! The `rmfdiff` binary: parses arguments, runs [`rmfdiff::app::run`], prints errors and
//! picks the exit code. Nothing else exits the process.

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;
use rmfdiff::app::{Cli, Command, run};
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
    // The commands that run on rayon's threads; the others need none started.
    if matches!(
        cli.command,
        Command::Diff(_) | Command::Scan(_) | Command::History(_) | Command::Site(_)
    ) {
        huge_pages::for_workers();
    }
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

/// Huge pages for the heaps of rayon's worker threads, which do all of a run's work: glibc
/// gives each thread a heap of its own, and without them each 4 KB page of it is a fault of
/// its own when first touched, a quarter of a run's time (SP 800-53 Rev. 4 → Rev. 5: about
/// 7,300 faults a run, 1,500 with huge pages; the AI RMF pair 1,250 and 360). Where the
/// system does not offer transparent huge pages, or glibc's heaps are not where they are
/// looked for, nothing changes but the time.
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
mod huge_pages {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use libc::{MADV_COLLAPSE, MADV_HUGEPAGE, c_void, madvise};

    /// glibc maps each thread's heap at a multiple of its largest size, 64 MB on 64-bit
    /// systems, so that `free` finds a chunk's heap by rounding its address down.
    const HEAP_MAX: usize = 64 << 20;
    const HUGE_PAGE: usize = 2 << 20;
    /// How far into its heap a thread's first allocation may lie: past glibc's own records.
    const FIRST_ALLOCATION_WITHIN: usize = 64 << 10;
    /// How many heaps get their first huge page at once, when the pool starts: a small run
    /// uses less than 2 MB a thread, so it would not otherwise reach a page of its own. At
    /// most 8 MB set aside however many cores there are; other heaps get huge pages only as
    /// they grow past their first 2 MB.
    const FIRST_PAGE_AT_ONCE: usize = 4;

    /// Builds rayon's global pool with each worker's heap on huge pages.
    pub fn for_workers() {
        let first_page_at_once = transparent_huge_pages_enabled();
        let started = AtomicUsize::new(0);
        let _ = rayon::ThreadPoolBuilder::new()
            .start_handler(move |_| {
                let at_once = started.fetch_add(1, Ordering::Relaxed) < FIRST_PAGE_AT_ONCE;
                this_threads_heap(first_page_at_once && at_once);
            })
            .build_global();
    }

    /// Asks for huge pages in the calling thread's heap, and the first one at once if
    /// `first_page`.
    fn this_threads_heap(first_page: bool) {
        // A thread's first allocation makes its heap, and lies at its start.
        let first = std::hint::black_box(Vec::<u8>::with_capacity(64));
        let Some(heap) = heap_of_first_allocation(first.as_ptr() as usize) else {
            return;
        };
        let heap = heap as *mut c_void;
        // SAFETY: advice only, on glibc's own mapping of this heap: no memory changes.
        unsafe {
            madvise(heap, HEAP_MAX, MADV_HUGEPAGE);
            if first_page {
                // The heap's first pages are touched already, so its first huge page has to
                // be made from them (Linux 6.1 and later; refused before, at no cost). The
                // heap grows 16 MB at a time (`keep_freed_memory`), so those 2 MB are mapped.
                madvise(heap, HUGE_PAGE, MADV_COLLAPSE);
            }
        }
    }

    /// The start of the heap that a thread's first allocation at `address` began, if it lies
    /// where a new heap's first allocation does; else glibc gave the thread a heap that
    /// another thread has, and it is left alone.
    pub(super) fn heap_of_first_allocation(address: usize) -> Option<usize> {
        let heap = address & !(HEAP_MAX - 1);
        (address - heap < FIRST_ALLOCATION_WITHIN).then_some(heap)
    }

    /// Whether the system offers transparent huge pages (`always`, or `madvise`: to those who
    /// ask). Asking for the first page at once would bypass a setting of `never`.
    fn transparent_huge_pages_enabled() -> bool {
        let setting = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled");
        setting.is_ok_and(|s| s.contains("[always]") || s.contains("[madvise]"))
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64")))]
mod huge_pages {
    /// Only glibc's heaps on Linux are known here.
    pub fn for_workers() {}
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

// Whether the workers' heaps get huge pages is tested on the binary: tests/it/memory.rs.
#[cfg(all(
    test,
    target_os = "linux",
    target_env = "gnu",
    target_pointer_width = "64"
))]
mod tests {
    use super::huge_pages::heap_of_first_allocation;

    #[test]
    fn a_heap_is_found_from_its_first_allocation_only() {
        let heap = 7 << 26; // a multiple of 64 MB
        assert_eq!(heap_of_first_allocation(heap + 0x12c0), Some(heap));
        assert_eq!(heap_of_first_allocation(heap + (1 << 20)), None);
    }
}
