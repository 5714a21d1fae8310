//! Progress on the terminal for long runs: a spinner naming the current step, drawn on stderr
//! only when stderr is a terminal (nothing at all in pipes, files and CI logs).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;

static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Start showing progress (no-op when stderr is not a terminal).
pub fn start(label: &str) {
    if !std::io::stderr().is_terminal() {
        return;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed}] {prefix}: {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_prefix(label.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    if let Ok(mut slot) = BAR.lock() {
        *slot = Some(bar);
    }
}

/// Name the step now running.
pub fn step(message: &str) {
    if let Ok(slot) = BAR.lock()
        && let Some(bar) = slot.as_ref()
    {
        bar.set_message(message.to_string());
    }
}

/// Remove the spinner before the summary is printed.
pub fn finish() {
    if let Ok(mut slot) = BAR.lock()
        && let Some(bar) = slot.take()
    {
        bar.finish_and_clear();
    }
}
