//! Progress on the terminal for long runs: a spinner naming the current step, drawn on stderr
//! only when stderr is a terminal (nothing at all in pipes, files and CI logs), and the time of
//! each step on stderr when `ZB_TIMINGS` is set, with the memory the process holds then.

use crate::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// The spinner of one command, and the `ZB_TIMINGS` switch.
pub struct Spinner {
    bar: Option<ProgressBar>,
    timings: bool,
}

impl Spinner {
    /// Start a spinner labelled `label` (none when `quiet` or stderr is not a terminal).
    pub fn start(label: &str, quiet: bool) -> Spinner {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed}] {prefix}: {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_prefix(label.to_string());
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        });
        Spinner {
            bar,
            timings: std::env::var_os("ZB_TIMINGS").is_some(),
        }
    }

    /// Run `work` as a step of the command (building and writing outputs, drawing a map).
    pub fn time<T>(&self, label: &str, work: impl FnOnce() -> T) -> T {
        crate::progress::timed(self, label, work)
    }

    /// Remove the spinner before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Spinner {
    fn step(&self, label: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(label.to_string());
        }
    }

    fn done(&self, label: &str, elapsed: Duration) {
        if self.timings {
            eprintln!(
                "[timing] {label}: {:.1} ms{}",
                elapsed.as_secs_f64() * 1e3,
                memory()
            );
        }
    }
}

/// ", rss 212 MB (peak 250 MB)" from `/proc/self/status` (Linux; empty elsewhere).
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!(", rss {rss} MB (peak {peak} MB)"),
        _ => String::new(),
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.finish();
    }
}
