//! How a run tells its caller of each step (the CLI's spinner and `ZB_TIMINGS` lines).

use std::time::{Duration, Instant};

/// Told of each step of a run as it starts and ends. The library prints nothing: the CLI draws
/// its spinner and its `ZB_TIMINGS` lines from these calls; a script may log them or ignore them.
pub trait Progress: Sync {
    /// A step starts (`read communes`, `adjacency`, …).
    fn step(&self, _label: &str) {}
    /// The step ends after `elapsed`.
    fn done(&self, _label: &str, _elapsed: Duration) {}
}

/// A [`Progress`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}

/// Run `work` as the step `label` of `progress`.
pub(crate) fn timed<T>(progress: &dyn Progress, label: &str, work: impl FnOnce() -> T) -> T {
    progress.step(label);
    let start = Instant::now();
    let result = work();
    progress.done(label, start.elapsed());
    result
}
