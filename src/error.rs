//! The library's error type: every input error names the file, the row or feature, and the
//! field; a message speaks of the run's settings ([`Setting`]), never of a shell's flags.

use crate::model::setting::{Setting, library_name, name_settings};
use std::path::{Path, PathBuf};

/// Errors raised by the engine. Input errors always carry the file and a location.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened or read; `hint` names a file nearby that exists, if any.
    #[error("{}", self.render(&library_name))]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
        /// " (did you mean …?)", or empty.
        hint: String,
    },
    /// A file was read but its content is wrong: `location` names the row, feature or field.
    #[error("{}", self.render(&library_name))]
    Input {
        /// The file.
        path: PathBuf,
        /// `row 12, field `stage``, `feature 3`, `header`.
        location: String,
        /// What is wrong, and what would mend it.
        message: String,
    },
    /// An output could not be written.
    #[error("{}", self.render(&library_name))]
    Write {
        /// The output file or folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Settings that contradict each other or name something that does not exist (a
    /// [`Setting`] in the message is named by whoever shows it: [`Error::render`]).
    #[error("{}", self.render(&library_name))]
    Setting(String),
}

impl Error {
    /// The message, each [`Setting`] it mentions named by `name` (the command line writes
    /// `--code-field`, a script `code_field`). `to_string()` names them `` `code_field` ``.
    ///
    /// ```
    /// use zones_blanches::{Inputs, Source, run_coverage};
    /// let mut inputs = Inputs::new(Source::memory("listing.csv", "cpts_id,commune_code\nA,01001\n"));
    /// inputs.departements = vec!["01".into()];
    /// let error = run_coverage(&inputs).unwrap_err();
    /// // The listing has no stage column: the error names the setting that would mend it.
    /// assert!(error.to_string().contains("`default_stage`"));
    /// let flag = |s: zones_blanches::Setting| format!("--{}", s.name().replace('_', "-"));
    /// assert!(error.render(&flag).contains("--default-stage"));
    /// ```
    pub fn render(&self, name: &dyn Fn(Setting) -> String) -> String {
        let text = match self {
            Error::Read { path, source, hint } => {
                format!("{}: cannot read: {source}{hint}", path.display())
            }
            Error::Input {
                path,
                location,
                message,
            } => format!("{}: {location}: {message}", path.display()),
            Error::Write { path, message } => {
                format!("{}: cannot write: {message}", path.display())
            }
            Error::Setting(message) => message.clone(),
        };
        name_settings(&text, name)
    }

    /// An error about the content of an input file.
    pub(crate) fn input(
        path: &Path,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error::Input {
            path: path.to_path_buf(),
            location: location.into(),
            message: message.into(),
        }
    }

    /// An error reading an input file; a missing file suggests its near twin (`.gz` added or
    /// dropped, another letter case).
    pub(crate) fn read(path: &Path, source: std::io::Error) -> Error {
        let hint = match source.kind() {
            std::io::ErrorKind::NotFound => near_file(path)
                .map(|near| format!(" (did you mean {}?)", near.display()))
                .unwrap_or_default(),
            _ => String::new(),
        };
        Error::Read {
            path: path.to_path_buf(),
            source,
            hint,
        }
    }

    /// An error writing an output file.
    pub(crate) fn write(path: &Path, message: impl ToString) -> Error {
        Error::Write {
            path: path.to_path_buf(),
            message: message.to_string(),
        }
    }
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A file that exists next to a missing `path` and is probably the one meant: the same name
/// with `.gz` added or removed, or the same name in another letter case.
fn near_file(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut candidates = vec![path.with_file_name(format!("{name}.gz"))];
    if let Some(plain) = name.strip_suffix(".gz") {
        candidates.push(path.with_file_name(plain));
    }
    if let Some(found) = candidates.into_iter().find(|c| c.is_file()) {
        return Some(found);
    }
    let lower = name.to_lowercase();
    let mut same_but_case: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.to_lowercase() == lower)
        })
        .map(|e| path.with_file_name(e.file_name()))
        .collect();
    same_but_case.sort();
    same_but_case.into_iter().next()
}
