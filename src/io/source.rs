//! Reading input bytes: transparent gzip, BOM stripping and text decoding (UTF-8, else Windows-1252).

use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// Read a whole file, gunzipping it when it starts with the gzip magic bytes.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let raw = std::fs::read(path).map_err(|e| Error::read(path, e))?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(raw.len() * 5);
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| Error::input(path, "gzip stream", format!("corrupt gzip data: {e}")))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// The text encodings the engine recognises in tables and DBF files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Windows1252,
}

impl TextEncoding {
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Decode bytes to text: strip a UTF-8 BOM; UTF-8 when valid, else Windows-1252 (a superset
/// of Latin-1 for printable characters), which is what Excel in French exports.
pub fn decode_text(bytes: &[u8]) -> (String, TextEncoding) {
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
