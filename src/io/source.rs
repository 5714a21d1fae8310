//! Reading input bytes: transparent gzip, BOM stripping and text decoding (UTF-8, else Windows-1252).

use crate::error::{Error, Result};
use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where an input's bytes come from: a file, or bytes the caller already holds (a table built
/// by a script, the embedded demo), named for messages and `summary.json`.
///
/// ```
/// use zones_blanches::Source;
/// let listing = Source::memory("listing.csv", "cpts_id,commune_code\nA,01001\n");
/// assert_eq!(listing.path().to_str(), Some("listing.csv"));
/// assert!(listing.file().is_none());
/// let layer = Source::from("communes.geojson.gz");
/// assert!(layer.file().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Bytes in memory (plain or gzipped), with the name they go by; the format is chosen by the
    /// name's extension, as for a file.
    Memory { name: PathBuf, bytes: Arc<[u8]> },
}

impl Source {
    /// Bytes held in memory under `name` (e.g. `listing.csv`, `communes.geojson`).
    pub fn memory(name: impl Into<PathBuf>, bytes: impl AsRef<[u8]>) -> Source {
        Source::Memory {
            name: name.into(),
            bytes: Arc::from(bytes.as_ref()),
        }
    }

    /// The file's path, or the name of the bytes in memory.
    pub fn path(&self) -> &Path {
        match self {
            Source::File(path) => path,
            Source::Memory { name, .. } => name,
        }
    }

    /// The file's path, `None` for bytes in memory.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Source::File(path) => Some(path),
            Source::Memory { .. } => None,
        }
    }

    /// The raw bytes, as stored.
    pub(crate) fn raw(&self) -> Result<Cow<'_, [u8]>> {
        match self {
            Source::File(path) => std::fs::read(path)
                .map(Cow::Owned)
                .map_err(|e| Error::read(path, e)),
            Source::Memory { bytes, .. } => Ok(Cow::Borrowed(bytes)),
        }
    }

    /// The bytes, gunzipped when they start with the gzip magic bytes.
    pub(crate) fn read(&self) -> Result<Vec<u8>> {
        let raw = self.raw()?;
        if raw.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::with_capacity(raw.len() * 5);
            flate2::read::MultiGzDecoder::new(&raw[..])
                .read_to_end(&mut out)
                .map_err(|e| {
                    Error::input(
                        self.path(),
                        "gzip stream",
                        format!("corrupt gzip data: {e}"),
                    )
                })?;
            Ok(out)
        } else {
            Ok(raw.into_owned())
        }
    }
}

impl From<PathBuf> for Source {
    fn from(path: PathBuf) -> Source {
        Source::File(path)
    }
}

impl From<&Path> for Source {
    fn from(path: &Path) -> Source {
        Source::File(path.to_path_buf())
    }
}

impl From<&str> for Source {
    fn from(path: &str) -> Source {
        Source::File(PathBuf::from(path))
    }
}

/// The text encodings the engine recognises in tables and DBF files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Windows1252,
}

/// Decode bytes to text: strip a UTF-8 BOM; UTF-8 when valid, else Windows-1252 (a superset
/// of Latin-1 for printable characters), which is what Excel in French exports.
pub(crate) fn decode_text(bytes: &[u8]) -> (String, TextEncoding) {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), TextEncoding::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), TextEncoding::Windows1252)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_bom_and_windows_1252() {
        let (text, enc) = decode_text(b"\xEF\xBB\xBFnom\nSaint-\xC3\x89tienne");
        assert_eq!(text, "nom\nSaint-Étienne");
        assert_eq!(enc, TextEncoding::Utf8);
        let (text, enc) = decode_text(b"Saint-\xC9tienne;Pr\xE9-projet");
        assert_eq!(text, "Saint-Étienne;Pré-projet");
        assert_eq!(enc, TextEncoding::Windows1252);
    }
}
