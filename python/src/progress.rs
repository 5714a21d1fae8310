//! The engine's steps told to a Python callable: `callback(event, step, seconds)` with event
//! `"start"` (seconds `None`) or `"done"`.

use pyo3::prelude::*;
use std::sync::Mutex;
use std::time::Duration;
use zones_blanches::Progress;

/// A [`Progress`] calling back into Python; the first exception the callback raises is kept
/// and raised once the run is over (a step cannot be stopped half-way).
pub struct Callback {
    callable: Option<Py<PyAny>>,
    error: Mutex<Option<PyErr>>,
}

impl Callback {
    pub fn new(callable: Option<Py<PyAny>>) -> Callback {
        Callback {
            callable,
            error: Mutex::new(None),
        }
    }

    fn call(&self, event: &str, step: &str, seconds: Option<f64>) {
        let Some(callable) = &self.callable else {
            return;
        };
        Python::attach(|py| {
            if let Err(e) = callable.call1(py, (event, step, seconds)) {
                let mut first = self.error.lock().unwrap_or_else(|p| p.into_inner());
                first.get_or_insert(e);
            }
        });
    }

    /// The callback's first exception, if it raised one.
    pub fn raised(self) -> Option<PyErr> {
        self.error.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

impl Progress for Callback {
    fn step(&self, label: &str) {
        self.call("start", label, None);
    }

    fn done(&self, label: &str, elapsed: Duration) {
        self.call("done", label, Some(elapsed.as_secs_f64()));
    }
}
