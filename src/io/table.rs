//! Listings as analysts have them: CSV (`,` `;` or tab, UTF-8 with or without BOM, Windows-1252)
//! and XLSX, read into one raw string table whose rows keep their spreadsheet row numbers.

use crate::error::{Error, Result};
use crate::io::quoted::is_stray_quote;
use crate::io::source::{Source, decode_text};
use crate::io::workbook::read_workbook;
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
    /// Read from a spreadsheet, whose rows end at their last value (a CSV row shorter than
    /// its header has lost fields).
    pub from_sheet: bool,
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
        let from_sheet = matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods");
        let (rows, location, width) = if from_sheet {
            let (rows, location, width) = read_workbook(source, sheet)?;
            let rows = rows
                .into_iter()
                .map(|(row, cells)| RawRow { row, cells })
                .collect();
            (rows, location, width)
        } else {
            (read_csv(source, header)?, "file".to_string(), 0)
        };
        let mut table = RawTable::from_rows(source.path(), rows, header, &location, width)?;
        table.from_sheet = from_sheet;
        Ok(table)
    }

    /// Split the non-empty rows of a file into header and data rows.
    /// A spreadsheet's header is as wide as the sheet's used area (`width`; 0 for CSV): a value
    /// beyond its last title is a column without a name, not an error.
    fn from_rows(
        path: &Path,
        mut rows: Vec<RawRow>,
        header: HeaderRow<'_>,
        location: &str,
        width: usize,
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
        let mut headers: Vec<String> = header.cells.iter().map(|h| h.trim().to_string()).collect();
        if headers.len() < width {
            headers.resize(width, String::new());
            stray_cells(path, &data, &headers)?;
        }
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
            from_sheet: false,
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

/// A spreadsheet row whose only values lie in columns without a header (a stray cell, far to the
/// right or far down) is an error naming the cell, never a row read as empty.
fn stray_cells(path: &Path, data: &[RawRow], headers: &[String]) -> Result<()> {
    for row in data {
        let mut values = row
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.trim().is_empty());
        if values.clone().all(|(c, _)| headers[c].is_empty())
            && let Some((column, value)) = values.next()
        {
            return Err(Error::input(
                path,
                format!("row {}, column {}", row.row, column_letters(column)),
                format!(
                    "`{}` is the row's only value and its column has no header: a stray cell? Remove it",
                    value.trim().chars().take(40).collect::<String>()
                ),
            ));
        }
    }
    Ok(())
}

/// A spreadsheet's column name: `A`, `Z`, `AA`, `XFD` (0-based index).
pub(crate) fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Normalized header key: lowercase, no accents, words joined by `_`.
pub(crate) fn header_key(header: &str) -> String {
    normalize_label(header).replace(' ', "_")
}

/// Every non-empty record of a CSV file with its line number. A quoted value that runs over
/// lines holding separators is an Excel multi-line cell when its quotes balance and its lines
/// are not rows; otherwise (a stray or unbalanced `"` swallowing the rows after it) an error
/// names the row where the quote opens. A row that is not valid text is named too.
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
    // Row numbers from each record's byte offset (1 + the line feeds before it): the csv
    // crate's own line count is one low on CRLF files, as Excel and Python write them.
    let mut lines = LineCounter::default();
    let mut records = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::input(
                path,
                format!("row {}", index + 1),
                format!("malformed CSV: {e}"),
            )
        })?;
        let start = record.position().map(|p| p.byte() as usize);
        let row = start
            .map(|p| lines.line_at(text.as_bytes(), p))
            .unwrap_or(index + 1);
        records.push((row, start.unwrap_or(0), record));
    }
    let multi_line = |record: &csv::StringRecord| {
        record
            .iter()
            .position(|c| c.contains('\n') && c.contains(delimiter as char))
    };
    let width = typical_width(
        records
            .iter()
            .map(|(_, _, r)| r)
            .filter(|r| multi_line(r).is_none()),
    );
    // Each record's text ends where the next one starts; records are freed as they become rows.
    let ends: Vec<usize> = records
        .iter()
        .skip(1)
        .map(|(_, next, _)| *next)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut rows = Vec::with_capacity(records.len());
    for ((row, start, record), end) in records.into_iter().zip(ends) {
        if let Some(cell) = multi_line(&record).map(|c| &record[c])
            && is_stray_quote(&text[start..end], cell, record.len(), delimiter, width)
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

/// The number of values of most rows (0 for a table of no row).
fn typical_width<'a>(records: impl Iterator<Item = &'a csv::StringRecord>) -> usize {
    let mut counts = std::collections::BTreeMap::new();
    for record in records {
        *counts.entry(record.len()).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(width, n)| (n, width))
        .map_or(0, |(width, _)| width)
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
