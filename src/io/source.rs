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
    Memory {
        /// The name, with the extension of the format.
        name: PathBuf,
        /// The bytes.
        bytes: Arc<[u8]>,
    },
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

/// A UTF-8 file with a byte that is not UTF-8: decoding it as Windows-1252 would turn every
/// accented letter of the file into mojibake, so the byte is reported instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadUtf8Byte {
    /// 1-based line of the byte.
    pub line: usize,
    pub byte: u8,
}

impl std::fmt::Display for BadUtf8Byte {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "byte 0x{:02X} is not UTF-8 in a file that is otherwise UTF-8 (it has UTF-8 accented letters); re-save the file as UTF-8 or fix that character",
            self.byte
        )
    }
}

/// SHA-256 of `bytes`, in lowercase hex (as `sha256sum` prints it).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}

/// Bytes in lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Decode bytes to text: strip a UTF-8 BOM; UTF-8 when valid; Windows-1252 (what Excel in
/// French exports) when the file has no UTF-8 multi-byte sequence at all; otherwise the file
/// is UTF-8 with a stray byte, reported with its line.
pub(crate) fn decode_text(bytes: &[u8]) -> Result<(String, TextEncoding), BadUtf8Byte> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), TextEncoding::Utf8)),
        Err(error) => {
            let bad = error.valid_up_to();
            if has_utf8_multibyte(bytes) {
                let line = 1 + bytes[..bad].iter().filter(|&&b| b == b'\n').count();
                return Err(BadUtf8Byte {
                    line,
                    byte: bytes[bad],
                });
            }
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text.into_owned(), TextEncoding::Windows1252))
        }
    }
}

/// Whether `bytes` hold at least one valid UTF-8 sequence of two or more bytes (an accented
/// letter written as UTF-8), which a Windows-1252 file practically never does.
fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => return !text.is_ascii(),
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                // The valid prefix is valid UTF-8 by construction.
                if !valid.is_ascii() {
                    return true;
                }
                let skip = error.error_len().unwrap_or(after.len()).max(1);
                rest = &after[skip.min(after.len())..];
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_bom_and_windows_1252() {
        let (text, enc) = decode_text(b"\xEF\xBB\xBFnom\nSaint-\xC3\x89tienne").unwrap();
        assert_eq!(text, "nom\nSaint-Étienne");
        assert_eq!(enc, TextEncoding::Utf8);
        let (text, enc) = decode_text(b"Saint-\xC9tienne;Pr\xE9-projet").unwrap();
        assert_eq!(text, "Saint-Étienne;Pré-projet");
        assert_eq!(enc, TextEncoding::Windows1252);
        // One stray byte in a UTF-8 file is reported with its line, not decoded as 1252.
        let bad = decode_text(b"nom\nSaint-\xC3\x89tienne\nPr\xE9-projet").unwrap_err();
        assert_eq!((bad.line, bad.byte), (3, 0xE9));
    }
}
