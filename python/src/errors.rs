//! The engine's errors raised as the package's exceptions (`zones_blanches.InputError`…, defined
//! in `_errors.py`): the kind, the file and the location kept apart so that a script can read
//! the row and the field.

use pyo3::prelude::*;
use zones_blanches::Error;

/// `error` as an exception of `zones_blanches._errors`; each setting it names is named as the
/// keyword argument (`code_field`).
pub fn raise(py: Python<'_>, error: Error) -> PyErr {
    let text = error.render(&|setting| setting.name().to_string());
    let (kind, path, location) = match &error {
        Error::Read { path, .. } => ("read", Some(path), None),
        Error::Input { path, location, .. } => ("input", Some(path), Some(location.as_str())),
        Error::Write { path, .. } => ("write", Some(path), None),
        Error::Setting(_) => ("setting", None, None),
    };
    let path = path.map(|p| p.display().to_string());
    let reason = match &error {
        Error::Input { message, .. } => message.clone(),
        _ => text.clone(),
    };
    let built = py
        .import("zones_blanches._errors")
        .and_then(|m| m.getattr("from_engine"))
        .and_then(|f| f.call1((kind, text, path, location, reason)));
    match built {
        Ok(exception) => PyErr::from_value(exception),
        Err(e) => e,
    }
}
