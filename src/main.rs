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
    // The workers start before the arguments are parsed, and one builds the default lexicon
    // meanwhile: most commands need it, and it took a millisecond after the parse.
    let workers = Workers::start();
    if let Some(workers) = &workers {
        workers.pool.spawn(rmfdiff::app::prepare);
    }
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
    // The commands that work on rayon's threads run in the pool (see `workers`); the others
    // on this thread.
    let parallel = matches!(
        cli.command,
        Command::Diff(_) | Command::Scan(_) | Command::History(_) | Command::Site(_)
    );
    let result = match workers {
        Some(workers) if parallel => workers.run(|| run(cli)),
        _ => run(cli),
    };
    match result {
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
/// time (address space only: a page costs nothing until it is used). Blocks of up to 32 MB
/// (the most a thread's heap allows) come from the heap, on its huge pages (`workers`),
/// not from mappings of their own.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets glibc's allocator parameters, before any thread is started.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
    }
}

/// A pool of rayon's threads (see `workers`), all started as it is built. Not the global
/// pool: building that waits until every thread has started, where this one takes its first
/// task as soon as one has. (Started one by one, the first now and the others once the
/// arguments were parsed, they began later: a thread created while this one parses is queued
/// behind it on its core, and the second found the other core busy; the AI RMF pair took
/// 1.08× as long, the fixture 1.3×.)
struct Workers {
    pool: rayon::ThreadPool,
}

impl Workers {
    /// The pool, its workers started; where `workers` knows the heaps, the first ones' on
    /// huge pages.
    fn start() -> Option<Workers> {
        let builder = rayon::ThreadPoolBuilder::new();
        #[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
        let builder = builder.start_handler(workers::on_start());
        let pool = builder.build().ok()?;
        Some(Workers { pool })
    }

    /// Runs `op` in the pool and leaves the pool to the end of the process, which comes next.
    /// This thread only waits.
    fn run<R: Send>(self, op: impl FnOnce() -> R + Send) -> R {
        let result = self.pool.install(op);
        // Dropped, the pool would wake each worker, on a core of its own, only to tell it to
        // stop: 1–2 % of the AI RMF pair's time.
        std::mem::forget(self);
        result
    }
}

/// The heaps of rayon's worker threads, which do all of a command's work (the main thread only
/// parses the arguments, then waits), on transparent huge pages: glibc gives
/// each thread a heap of its own, and with 4 KB pages each page of it is a fault of its own
/// when first touched (SP 800-53 Rev. 4 → Rev. 5: about 7,300 faults a run, 500–700 with
/// huge pages; the AI RMF pair 1,250 and 360). Where the system offers no transparent huge
/// pages, or glibc's heaps are not where they are looked for, nothing changes but the time.
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
mod workers {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use libc::{MADV_HUGEPAGE, c_void, madvise};

    /// glibc maps each thread's heap at a multiple of its largest size, 64 MB on 64-bit
    /// systems, so that `free` finds a chunk's heap by rounding its address down.
    const HEAP_MAX: usize = 64 << 20;
    const HUGE_PAGE: usize = 2 << 20;
    /// How far into its heap a thread's first allocation may lie: past glibc's own records.
    const FIRST_ALLOCATION_WITHIN: usize = 64 << 10;
    /// How far short of the heap's second 2 MB the unused block ends: glibc's record of the
    /// free space after it then lies in the first 2 MB, and the first huge page is touched
    /// only when the thread first allocates.
    const ROOM: usize = 128;

    /// How many workers' heaps are put on huge pages, at most: each holds 2 MB as soon as it
    /// is used, which on many cores costs more memory than the pages save time (16 threads:
    /// the AI RMF pair took 39 MB, against 14 MB with one).
    const HUGE_HEAPS: usize = 4;

    /// What each worker does as it starts: the first [`HUGE_HEAPS`] ask for huge pages.
    pub fn on_start() -> impl Fn(usize) + Send + Sync + 'static {
        let started = AtomicUsize::new(0);
        move |_| {
            if started.fetch_add(1, Ordering::Relaxed) < HUGE_HEAPS {
                this_threads_heap();
            }
        }
    }

    /// Asks for huge pages in the calling thread's heap.
    fn this_threads_heap() {
        // A thread's first allocation makes its heap, and lies at its start.
        let first = std::hint::black_box(Vec::<u8>::with_capacity(64));
        let Some(heap) = heap_of_first_allocation(first.as_ptr() as usize) else {
            return;
        };
        // SAFETY: advice only, on glibc's own mapping of this heap: no memory changes.
        unsafe { madvise(heap as *mut c_void, HEAP_MAX, MADV_HUGEPAGE) };
        // The heap's first 2 MB are 4 KB pages already: glibc wrote its records there. So the
        // rest of them is taken by one block, never touched nor freed (it costs address space
        // only), and the thread's allocations begin in its first huge page. The block comes
        // from the heap, not a mapping of its own, as it is under glibc's mmap threshold
        // (`keep_freed_memory`); `black_box`, or a block never used may be left out.
        let rest = heap + HUGE_PAGE - ROOM - first.as_ptr() as usize;
        std::mem::forget(std::hint::black_box(Vec::<u8>::with_capacity(rest)));
    }

    /// The start of the heap that a thread's first allocation at `address` began, if it lies
    /// where a new heap's first allocation does; else glibc gave the thread a heap that
    /// another thread has, and it is left alone.
    pub(super) fn heap_of_first_allocation(address: usize) -> Option<usize> {
        let heap = address & !(HEAP_MAX - 1);
        (address - heap < FIRST_ALLOCATION_WITHIN).then_some(heap)
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

// Whether the workers' heaps get huge pages is tested on the binary: tests/it/memory.rs.
#[cfg(all(
    test,
    target_os = "linux",
    target_env = "gnu",
    target_pointer_width = "64"
))]
mod tests {
    use super::workers::heap_of_first_allocation;

    #[test]
    fn a_heap_is_found_from_its_first_allocation_only() {
        let heap = 7 << 26; // a multiple of 64 MB
        assert_eq!(heap_of_first_allocation(heap + 0x12c0), Some(heap));
        assert_eq!(heap_of_first_allocation(heap + (1 << 20)), None);
    }
}
