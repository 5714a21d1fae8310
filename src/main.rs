//! The `zones-blanches` binary: run the command line, print the one error, set the exit code
//! (2 for bad input or usage, 1 for a failure to write).

use std::process::ExitCode;
use zones_blanches::{Error, cli};

/// mimalloc: the engine allocates millions of small vectors (rings, strings) across rayon
/// threads, where it is markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v3's `mi_option_purge_delay` (its place in the `mi_option_t` enum of
/// `mimalloc.h` 3.3; libmimalloc-sys names the v2 constants only).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A run is one short process that builds its outputs and exits: memory freed between steps
/// (the inflated layer, the segment arrays of the adjacency and the map) is kept for the next
/// step instead of being given back to the OS after 10 ms and faulted in again, which costs
/// 0.1–0.5 s of kernel time on the national layer (measured with `perf`: `clear_page_erms` was a
/// third of the samples). The OS takes everything back at exit.
fn keep_freed_memory() {
    // SAFETY: sets a plain integer option of the allocator before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// No transparent huge pages for this process. mimalloc asks for them (`madvise`), and on a
/// machine whose memory is fragmented each 2 MiB fault stalls while the kernel clears or
/// compacts: kernel time went from run to run between 0.03 and 0.6 s on the national
/// `analyze`, and half-used huge pages added 60 MB of RSS. With 4 KiB pages it is a steady
/// 0.14 s (A/B, n = 5: median wall 0.94 → 0.76 s, peak RSS 364 → 299 MB).
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
    keep_freed_memory();
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", error.render(&cli::flag));
            match error {
                Error::Write { .. } => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}
