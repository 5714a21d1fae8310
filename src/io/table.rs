//! Listings as analysts have them: CSV (`,` `;` or tab, UTF-8 with or without BOM, Windows-1252)
//! and XLSX, read into one raw string table whose rows keep their spreadsheet row numbers.

use crate::error::{Error, Result};
use crate::io::source::{Source, decode_text};
use crate::model::normalize_label;
use crate::model::setting::Setting;
use std::path::{Path, PathBuf};

/// One data row with the row number a spreadsheet user sees (the first line is row 1).
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
    /// Row number of the header (1 unless title rows come first).
    pub header_row: usize,
    /// Non-empty rows above the header (titles of an export), skipped.
    pub title_rows: usize,
}

/// Where the header of a table is.
#[derive(Clone, Copy)]
pub enum HeaderRow<'a> {
    /// The first non-empty row.
    First,
    /// The first of the first [`HEADER_SEARCH_ROWS`] non-empty rows that the test accepts (exports
    /// put title rows above the header); the first non-empty row when none does, so that the
    /// caller's missing-column error shows the row it looked at.
    Detect(&'a dyn Fn(&[String]) -> bool),
    /// `--header-row N`: spreadsheet row N.
    At(usize),
}

/// How many non-empty rows header detection looks at.
pub const HEADER_SEARCH_ROWS: usize = 30;

impl RawTable {
    /// Read a CSV or XLSX/XLS/ODS table, chosen by extension (CSV otherwise; `.gz` accepted),
    /// with its header on the first non-empty row.
    pub(crate) fn read(source: &Source, sheet: Option<&str>) -> Result<RawTable> {
        RawTable::read_with(source, sheet, HeaderRow::First)
    }

    /// Read a table whose header is found as `header` says. `sheet` picks a worksheet by name;
    /// the first one is read otherwise.
    pub(crate) fn read_with(
        source: &Source,
        sheet: Option<&str>,
        header: HeaderRow<'_>,
    ) -> Result<RawTable> {
        let ext = source
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .unwrap_or_default();
        let (rows, location) = match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(source, sheet)?,
            _ => (read_csv(source, header)?, "file".to_string()),
        };
        RawTable::from_rows(source.path(), rows, header, &location)
    }

    /// Split the non-empty rows of a file into header and data rows.
    fn from_rows(
        path: &Path,
        mut rows: Vec<RawRow>,
        header: HeaderRow<'_>,
        location: &str,
    ) -> Result<RawTable> {
        if rows.is_empty() {
            return Err(Error::input(
                path,
                location,
                "the file is empty: expected a header row",
            ));
        }
        let index = match header {
            HeaderRow::First => 0,
            HeaderRow::Detect(is_header) => rows
                .iter()
                .take(HEADER_SEARCH_ROWS)
                .position(|r| {
                    let cells: Vec<String> = r.cells.iter().map(|c| c.trim().to_string()).collect();
                    is_header(&cells)
                })
                .unwrap_or(0),
            HeaderRow::At(n) => rows.iter().position(|r| r.row == n).ok_or_else(|| {
                Error::input(
                    path,
                    format!("row {n}"),
                    format!(
                        "{}: this row is empty or beyond the end of the file",
                        Setting::HeaderRow
                    ),
                )
            })?,
        };
        let data = rows.split_off(index + 1);
        let header = rows.pop().expect("the header row is in the table");
        let headers: Vec<String> = header.cells.iter().map(|h| h.trim().to_string()).collect();
        let width = headers.len();
        for row in &data {
            if let Some(extra) = row
                .cells
                .iter()
                .skip(width)
                .position(|c| !c.trim().is_empty())
            {
                return Err(Error::input(
                    path,
                    format!("row {}", row.row),
                    format!(
                        "the row has a value in column {} but the header (row {}) has {width} columns: a separator inside an unquoted value? Quote it (\"…\") or remove it",
                        width + extra + 1,
                        header.row
                    ),
                ));
            }
        }
        Ok(RawTable {
            path: path.to_path_buf(),
            headers,
            rows: data,
            header_row: header.row,
            title_rows: rows.len(),
        })
    }

    /// Position of the first header whose normalized form is one of `aliases` (normalized too).
    pub(crate) fn find_column(&self, aliases: &[&str]) -> Option<usize> {
        find_name(&self.headers, aliases)
    }

    /// The cell of `row` at `column`, trimmed; empty when the row is short.
    pub(crate) fn cell(row: &RawRow, column: usize) -> &str {
        row.cells.get(column).map(|s| s.trim()).unwrap_or("")
    }

    /// "row N" of the header, with the title rows skipped, for messages.
    pub(crate) fn header_location(&self) -> String {
        if self.title_rows == 0 {
            "header row".to_string()
        } else {
            format!("header (row {})", self.header_row)
        }
    }
}

/// Position of the first of `names` whose normalized form is one of `aliases` (normalized too).
pub(crate) fn find_name(names: &[String], aliases: &[&str]) -> Option<usize> {
    let wanted: Vec<String> = aliases.iter().map(|a| header_key(a)).collect();
    let keys: Vec<String> = names.iter().map(|h| header_key(h)).collect();
    wanted.iter().find_map(|w| keys.iter().position(|k| k == w))
}

/// Normalized header key: lowercase, no accents, words joined by `_`.
pub(crate) fn header_key(header: &str) -> String {
    normalize_label(header).replace(' ', "_")
}

/// Every non-empty record of a CSV file with its line number. A quoted value that runs over
/// lines holding separators (a stray or unbalanced `"` swallowing the rows after it) is an
/// error naming the row where the quote opens; a row that is not valid text is named too.
fn read_csv(source: &Source, header: HeaderRow<'_>) -> Result<Vec<RawRow>> {
    let path = source.path();
    let bytes = source.read()?;
    let (text, _) = decode_text(&bytes)
        .map_err(|e| Error::input(path, format!("row {}", e.line), e.to_string()))?;
    let delimiter = match header {
        HeaderRow::Detect(is_header) => delimiter_of_header(&text, is_header),
        _ => None,
    }
    .unwrap_or_else(|| sniff_delimiter(&text));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Row numbers from each record's byte offset (1 + the line feeds before it): the csv
    // crate's own line count is one low on CRLF files, as Excel and Python write them.
    let mut lines = LineCounter::default();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::input(
                path,
                format!("row {}", index + 1),
                format!("malformed CSV: {e}"),
            )
        })?;
        let row = record
            .position()
            .map(|p| lines.line_at(text.as_bytes(), p.byte() as usize))
            .unwrap_or(index + 1);
        if let Some(cell) = record
            .iter()
            .find(|c| c.contains('\n') && c.contains(delimiter as char))
        {
            let spanned = cell.matches('\n').count();
            return Err(Error::input(
                path,
                format!("row {row}"),
                format!(
                    "a quoted value opens on this row and runs over {spanned} more lines (to line {}), swallowing their rows: a stray or unbalanced `\"`? Close the quote or remove it",
                    row + spanned
                ),
            ));
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(RawRow {
            row,
            cells: record.iter().map(|c| c.to_string()).collect(),
        });
    }
    Ok(rows)
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

/// The separator under which one of the first lines is a header the caller recognises.
fn delimiter_of_header(text: &str, is_header: &dyn Fn(&[String]) -> bool) -> Option<u8> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(HEADER_SEARCH_ROWS)
        .collect();
    CANDIDATES
        .into_iter()
        .find(|&d| lines.iter().any(|line| is_header(&split_line(line, d))))
}

/// The separators recognised, in order of preference on a tie.
const CANDIDATES: [u8; 3] = [b';', b',', b'\t'];

/// The separator of a table: of `;`, `,` and tab (outside quotes), the one that splits the
/// first non-empty lines most consistently (the most lines with its most common number of
/// occurrences), then the most often; `,` when none occurs.
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<[usize; 3]> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(HEADER_SEARCH_ROWS)
        .map(delimiters_in)
        .collect();
    let score = |i: usize| -> (usize, usize) {
        let mut counts: Vec<usize> = lines.iter().map(|c| c[i]).filter(|&n| n > 0).collect();
        counts.sort_unstable();
        let mut best = (0, 0);
        for group in counts.chunk_by(|a, b| a == b) {
            best = best.max((group.len(), group[0]));
        }
        best
    };
    let winner = (0..3).max_by_key(|&i| (score(i), 3 - i)).unwrap_or(1);
    if score(winner).0 == 0 {
        b','
    } else {
        CANDIDATES[winner]
    }
}

/// The cells of one line split on `delimiter` outside quotes, trimmed, quotes removed.
fn split_line(line: &str, delimiter: u8) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut in_quotes = false;
    for ch in line.chars() {
        match ch {
            '"' => in_quotes = !in_quotes,
            c if !in_quotes && c == delimiter as char => cells.push(String::new()),
            c => cells.last_mut().expect("one cell at least").push(c),
        }
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}

/// Occurrences of `;`, `,` and tab outside quotes in one line.
fn delimiters_in(line: &str) -> [usize; 3] {
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
    counts
}

/// Every non-empty row of a worksheet with its row number, and the sheet for messages.
fn read_workbook(source: &Source, sheet: Option<&str>) -> Result<(Vec<RawRow>, String)> {
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
        rows.push(RawRow { row, cells: texts });
    }
    Ok((rows, format!("sheet `{name}`")))
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
        // A title line with a comma above a `;` header.
        assert_eq!(
            sniff_delimiter("Suivi des CPTS, export\na;b;c\n1;2;3"),
            b';'
        );
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
