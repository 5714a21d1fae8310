//! The `zones-blanches` binary: run the command line, print the one error, set the exit code
//! (2 for bad input or usage, 1 for a failure to write).

mod cli;

use std::process::ExitCode;
use zones_blanches::Error;

/// mimalloc: the engine allocates millions of small vectors (rings, strings) across rayon
/// threads, where it is markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            match error {
                Error::Write { .. } => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}
