//! Listings as analysts have them: CSV (`,` `;` or tab, UTF-8 with or without BOM, Windows-1252)
//! and XLSX, read into one raw string table whose rows keep their spreadsheet row numbers.

use crate::error::{Error, Result};
use crate::io::source::{Source, decode_text};
use crate::model::normalize_label;
use std::path::PathBuf;

/// One data row with the row number a spreadsheet user sees (the header is row 1).
#[derive(Debug, Clone)]
pub struct RawRow {
    pub row: usize,
    pub cells: Vec<String>,
}

/// A table of strings, as read from a CSV or XLSX file.
#[derive(Debug, Clone)]
pub struct RawTable {
    pub path: PathBuf,
    pub headers: Vec<String>,
    pub rows: Vec<RawRow>,
}

impl RawTable {
    /// Read a CSV or XLSX/XLS/ODS table, chosen by extension (CSV otherwise; `.gz` accepted).
    /// `sheet` picks a worksheet by name; the first one is read otherwise.
    pub(crate) fn read(source: &Source, sheet: Option<&str>) -> Result<RawTable> {
        let ext = source
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(source, sheet),
            _ => read_csv(source),
        }
    }

    /// Position of the first header whose normalized form is one of `aliases` (normalized too).
    pub(crate) fn find_column(&self, aliases: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = aliases.iter().map(|a| header_key(a)).collect();
        let keys: Vec<String> = self.headers.iter().map(|h| header_key(h)).collect();
        wanted.iter().find_map(|w| keys.iter().position(|k| k == w))
    }

    /// The cell of `row` at `column`, trimmed; empty when the row is short.
    pub(crate) fn cell(row: &RawRow, column: usize) -> &str {
        row.cells.get(column).map(|s| s.trim()).unwrap_or("")
    }
}

/// Normalized header key: lowercase, no accents, words joined by `_`.
pub(crate) fn header_key(header: &str) -> String {
    normalize_label(header).replace(' ', "_")
}

fn read_csv(source: &Source) -> Result<RawTable> {
    let path = source.path();
    let bytes = source.read()?;
    let (text, _) = decode_text(&bytes);
    let first_line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .ok_or_else(|| Error::input(path, "file", "the file is empty: expected a header row"))?;
    let delimiter = sniff_delimiter(first_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::input(path, "header row", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    // Row numbers from each record's byte offset (1 + the line feeds before it): the csv
    // crate's own line count is one low on CRLF files, as Excel and Python write them.
    let mut lines = LineCounter::default();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::input(
                path,
                format!("row {}", index + 2),
                format!("malformed CSV: {e}"),
            )
        })?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = record
            .position()
            .map(|p| lines.line_at(text.as_bytes(), p.byte() as usize))
            .unwrap_or(index + 2);
        rows.push(RawRow {
            row,
            cells: record.iter().map(|c| c.to_string()).collect(),
        });
    }
    Ok(RawTable {
        path: path.to_path_buf(),
        headers,
        rows,
    })
}

/// Line numbers of byte offsets met in increasing order, counting line feeds incrementally.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    /// The 1-based line of the record starting at `offset` (offsets must not decrease); the
    /// line terminators the csv crate leaves before a record (the `\n` of a CRLF, blank lines)
    /// are skipped first.
    fn line_at(&mut self, text: &[u8], offset: usize) -> usize {
        let mut end = offset.min(text.len());
        while end < text.len() && matches!(text[end], b'\r' | b'\n') {
            end += 1;
        }
        if end > self.offset {
            self.line += text[self.offset..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.offset = end;
        }
        self.line + 1
    }
}

/// The separator of a header line: the most frequent of `;`, `,`, tab outside quotes.
fn sniff_delimiter(line: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for ch in line.chars() {
        match ch {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => counts[0] += 1,
            ',' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b',', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(1);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

fn read_workbook(source: &Source, sheet: Option<&str>) -> Result<RawTable> {
    use calamine::{Data, Reader, open_workbook_auto_from_rs};
    let path = source.path();
    let bytes = source.raw()?;
    let mut workbook = open_workbook_auto_from_rs(std::io::Cursor::new(&bytes[..]))
        .map_err(|e| Error::input(path, "workbook", format!("not a readable spreadsheet: {e}")))?;
    let names = workbook.sheet_names().to_vec();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
            .ok_or_else(|| {
                Error::input(
                    path,
                    format!("sheet `{wanted}`"),
                    format!("no such sheet; sheets are: {}", names.join(", ")),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::input(path, "workbook", "the workbook has no sheet"))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| Error::input(path, format!("sheet `{name}`"), e.to_string()))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (offset, cells) in range.rows().enumerate() {
        let row = first_row as usize + offset + 1;
        let texts: Vec<String> = cells
            .iter()
            .map(|cell| match cell {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Int(i) => i.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(dt) => dt
                    .as_datetime()
                    .map(|d| d.date().format("%Y-%m-%d").to_string())
                    .unwrap_or_else(|| dt.as_f64().to_string()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(e) => format!("#ERROR {e:?}"),
            })
            .collect();
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        match header {
            None => header = Some(texts.iter().map(|t| t.trim().to_string()).collect()),
            Some(_) => rows.push(RawRow { row, cells: texts }),
        }
    }
    let headers = header
        .ok_or_else(|| Error::input(path, format!("sheet `{name}`"), "the sheet is empty"))?;
    Ok(RawTable {
        path: path.to_path_buf(),
        headers,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_separators_outside_quotes() {
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("a,b,c"), b',');
        assert_eq!(sniff_delimiter("\"a;x\",b,c"), b',');
        assert_eq!(sniff_delimiter("a\tb"), b'\t');
        assert_eq!(sniff_delimiter("single"), b',');
    }

    #[test]
    fn header_keys_ignore_case_accents_and_punctuation() {
        assert_eq!(header_key("Code INSEE"), "code_insee");
        assert_eq!(header_key("Étape"), "etape");
        assert_eq!(header_key("date_LI"), "date_li");
    }

    #[test]
    fn row_numbers_agree_for_lf_and_crlf_files() {
        for (name, text) in [
            ("lf.csv", "a;b\nx;1\n\ny;2\n"),
            ("crlf.csv", "a;b\r\nx;1\r\n\r\ny;2\r\n"),
        ] {
            let table = RawTable::read(&Source::memory(name, text), None).unwrap();
            let rows: Vec<usize> = table.rows.iter().map(|r| r.row).collect();
            assert_eq!(rows, [2, 4], "{name}");
        }
    }
}
