//! Spreadsheets (XLSX, XLSB, XLS, ODS) read as rows of text. An XLSX or XLSB sheet is read
//! from the cells that exist, never as a full grid: one stray value in XFD1048576 costs one
//! cell, not 17 billion; what a sheet may cost is bounded and refused beyond, with the cell
//! that made it so.

use crate::error::{Error, Result};
use crate::io::source::Source;
use calamine::{Cell, Data, DataRef, Reader, Sheets, open_workbook_auto_from_rs};
use std::collections::BTreeMap;
use std::path::Path;

/// At most this many cells of a sheet are held, counting the empty ones a row holds before its
/// last value (a national listing holds about 300 000; a far-off value costs its row's width).
pub(crate) const MAX_SHEET_CELLS: usize = 10_000_000;

/// The last row and column a spreadsheet can have (XLSX: 1 048 576 rows, XFD = 16 384 columns).
const MAX_ROW: u32 = 1_048_575;
const MAX_COLUMN: u32 = 16_383;

/// A non-empty row of a sheet: its number (the first row is 1) and its texts from column A.
pub(crate) type SheetRow = (usize, Vec<String>);

/// The rows of a sheet, the sheet's name for messages, and the width of its used area (the
/// header is at least that wide, as the spreadsheet shows it).
pub(crate) type SheetRows = (Vec<SheetRow>, String, usize);

/// Every non-empty row of a worksheet with its row number (the first sheet, or `sheet`).
pub(crate) fn read_workbook(source: &Source, sheet: Option<&str>) -> Result<SheetRows> {
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
    let location = format!("sheet `{name}`");
    let failed = |e: &dyn std::fmt::Display| Error::input(path, &location, e.to_string());
    let mut grid = Grid::new(path, &location);
    match &mut workbook {
        Sheets::Xlsx(xlsx) => {
            let mut cells = xlsx.worksheet_cells_reader(&name).map_err(|e| failed(&e))?;
            while let Some(cell) = cells.next_cell().map_err(|e| failed(&e))? {
                grid.put(cell)?;
            }
        }
        Sheets::Xlsb(xlsb) => {
            let mut cells = xlsb.worksheet_cells_reader(&name).map_err(|e| failed(&e))?;
            while let Some(cell) = cells.next_cell().map_err(|e| failed(&e))? {
                grid.put(cell)?;
            }
        }
        // XLS (at most 65 536 × 256 cells by its format) and ODS come as a grid from calamine.
        other => {
            let range = other.worksheet_range(&name).map_err(|e| failed(&e))?;
            let (first_row, first_column) = range.start().unwrap_or((0, 0));
            for (r, cells) in range.rows().enumerate() {
                for (c, value) in cells.iter().enumerate() {
                    let position = (first_row + r as u32, first_column + c as u32);
                    grid.put_text(position, data_text(value))?;
                }
            }
        }
    }
    let (rows, width) = grid.rows();
    Ok((rows, location, width))
}

/// The cells read so far, by row.
struct Grid<'a> {
    path: &'a Path,
    location: &'a str,
    rows: BTreeMap<u32, BTreeMap<u32, String>>,
    /// The last column holding a value, plus one (0: none).
    width: u32,
    held: usize,
}

impl<'a> Grid<'a> {
    fn new(path: &'a Path, location: &'a str) -> Grid<'a> {
        Grid {
            path,
            location,
            rows: BTreeMap::new(),
            width: 0,
            held: 0,
        }
    }

    fn put(&mut self, cell: Cell<DataRef<'_>>) -> Result<()> {
        let position = cell.get_position();
        let text = match cell.get_value() {
            DataRef::Empty => return Ok(()),
            DataRef::SharedString(s) => s.to_string(),
            value => data_text(&Data::from(value.clone())),
        };
        self.put_text(position, text)
    }

    /// Hold the text of the cell at (row, column), zero-based; empty texts are not held.
    fn put_text(&mut self, (row, column): (u32, u32), text: String) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        if row > MAX_ROW || column > MAX_COLUMN {
            return Err(Error::input(
                self.path,
                self.location,
                format!(
                    "a cell at row {}, column {} lies beyond the last cell a spreadsheet can have (row 1 048 576, column XFD): the file is damaged",
                    row as u64 + 1,
                    column as u64 + 1
                ),
            ));
        }
        self.width = self.width.max(column + 1);
        let cells = self.rows.entry(row).or_default();
        let width = cells.keys().next_back().map_or(0, |&c| c + 1);
        cells.insert(column, text);
        // The cells this row will hold, empty ones before its last value included.
        self.held += (column + 1).saturating_sub(width).max(1) as usize;
        if self.held > MAX_SHEET_CELLS {
            return Err(Error::input(
                self.path,
                format!("{}, row {}, column {}", self.location, row + 1, column + 1),
                format!(
                    "the sheet holds more than {} cells (counting the empty ones before each row's last value): a listing has one row per (CPTS, commune) and a few columns; a value far to the right or far down (a stray cell?) makes its row that wide",
                    crate::model::format::thousands(MAX_SHEET_CELLS as u64)
                ),
            ));
        }
        Ok(())
    }

    /// The rows, each from column A to its own last value, blank rows left out (row numbers
    /// and column letters are the spreadsheet's), and the width of the used area.
    fn rows(self) -> (Vec<SheetRow>, usize) {
        let rows = self
            .rows
            .into_iter()
            .filter(|(_, cells)| cells.values().any(|t| !t.trim().is_empty()))
            .map(|(row, cells)| {
                let width = cells.keys().next_back().map_or(0, |&c| c as usize + 1);
                let mut texts = vec![String::new(); width];
                for (column, text) in cells {
                    texts[column as usize] = text;
                }
                (row as usize + 1, texts)
            })
            .collect();
        (rows, self.width as usize)
    }
}

/// A cell's value as the listing reads it: whole numbers without a decimal point, dates as
/// `YYYY-MM-DD`.
fn data_text(value: &Data) -> String {
    match value {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_far_cell_costs_one_cell_and_a_sheet_beyond_its_bounds_is_refused() {
        let path = Path::new("listing.xlsx");
        let mut grid = Grid::new(path, "sheet `Feuil1`");
        grid.put_text((0, 0), "cpts_id".into()).unwrap();
        // XFD1048576: held as one value, its row as wide as the sheet.
        grid.put_text((MAX_ROW, MAX_COLUMN), "x".into()).unwrap();
        assert_eq!(grid.held, 1 + MAX_COLUMN as usize + 1);
        let (rows, width) = grid.rows();
        assert_eq!(width, 16_384);
        assert_eq!(rows[1].0, 1_048_576);
        // A damaged reference beyond the last cell a spreadsheet can have.
        let mut grid = Grid::new(path, "sheet `Feuil1`");
        let said = grid
            .put_text((MAX_ROW + 1, 0), "x".into())
            .unwrap_err()
            .to_string();
        assert!(
            said.contains("row 1048577, column 1 lies beyond the last cell"),
            "{said}"
        );
        let said = grid
            .put_text((0, MAX_COLUMN + 1), "x".into())
            .unwrap_err()
            .to_string();
        assert!(said.contains("the file is damaged"), "{said}");
        // Rows made 16 384 wide by values in their last column: refused past the bound,
        // naming the cell that crossed it.
        let mut grid = Grid::new(path, "sheet `Feuil1`");
        let crossed = (0..1_000)
            .map(|row| grid.put_text((row, MAX_COLUMN), "x".into()))
            .position(|r| r.is_err())
            .expect("refused");
        assert_eq!(crossed, MAX_SHEET_CELLS / 16_384);
    }
}
