//! The library's error type: every input error names the file, the row or feature, and the field.

use std::path::{Path, PathBuf};

/// Errors raised by the engine. Input errors always carry the file and a location.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened or read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file was read but its content is wrong: `location` names the row, feature or field.
    #[error("{}: {location}: {message}", path.display())]
    Input {
        path: PathBuf,
        location: String,
        message: String,
    },
    /// An output could not be written.
    #[error("{}: cannot write: {message}", path.display())]
    Write { path: PathBuf, message: String },
    /// Arguments that contradict each other or name something that does not exist.
    #[error("{0}")]
    Usage(String),
}

impl Error {
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

    /// An error reading an input file.
    pub(crate) fn read(path: &Path, source: std::io::Error) -> Error {
        Error::Read {
            path: path.to_path_buf(),
            source,
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
