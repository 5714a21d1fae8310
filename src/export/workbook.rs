//! The `xlsx` format: one workbook for the task force, `zones-blanches.xlsx`, with a `summary`
//! sheet and one sheet per table of the run, built from the tables' frames. Cells are typed by
//! their column: codes stay text (04001 keeps its zero), figures are numbers (two decimals, as
//! in the CSV), flags booleans; each sheet has a frozen, filterable header. Byte-identical for
//! the same inputs.

use super::cells::{Cell, cells};
use super::registry::Table;
use polars::prelude::{DataFrame, PolarsError};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// The workbook's file name.
pub const WORKBOOK: &str = "zones-blanches.xlsx";

/// The workbook of a run's tables (sheets in [`Table::SHEETS`] order) and its summary.
pub(crate) fn build(
    tables: &[(Table, DataFrame)],
    summary: Option<&[u8]>,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut workbook = reproducible_workbook()?;
    let header = header_format();
    if let Some(json) = summary {
        let value: serde_json::Value =
            serde_json::from_slice(json).map_err(|e| XlsxError::ParameterError(e.to_string()))?;
        let sheet = workbook.add_worksheet();
        sheet.set_name("summary")?;
        summary_sheet(sheet, &value, &header)?;
    }
    for table in Table::SHEETS {
        let Some((_, frame)) = tables.iter().find(|(t, _)| *t == table) else {
            continue;
        };
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name())?;
        table_sheet(sheet, frame, &header)?;
    }
    workbook.save_to_buffer()
}

/// A workbook without a clock: its creation date is fixed, so its bytes depend on the inputs
/// only (the run's workbook and the decisions template).
pub(crate) fn reproducible_workbook() -> std::result::Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?)
            .set_author("zones-blanches"),
    );
    Ok(workbook)
}

/// The header cells' format: bold on light grey.
pub(crate) fn header_format() -> Format {
    Format::new().set_bold().set_background_color("EEF1F4")
}

/// `summary.json` flattened: one row per value, its path (`france.pct_ge_li`) and the value.
fn summary_sheet(
    sheet: &mut Worksheet,
    value: &serde_json::Value,
    header: &Format,
) -> std::result::Result<(), XlsxError> {
    let mut rows: Vec<(String, &serde_json::Value)> = Vec::new();
    flatten(String::new(), value, &mut rows);
    sheet.write_string_with_format(0, 0, "field", header)?;
    sheet.write_string_with_format(0, 1, "value", header)?;
    for (r, (path, value)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, path)?;
        match value {
            serde_json::Value::Number(n) => {
                sheet.write_number(r, 1, n.as_f64().unwrap_or(0.0))?;
            }
            serde_json::Value::Bool(b) => {
                sheet.write_boolean(r, 1, *b)?;
            }
            serde_json::Value::String(s) => {
                sheet.write_string(r, 1, s)?;
            }
            _ => {}
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 60)?;
    Ok(())
}

fn flatten<'a>(
    path: String,
    value: &'a serde_json::Value,
    out: &mut Vec<(String, &'a serde_json::Value)>,
) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                flatten(join(k), v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(join(&(i + 1).to_string()), v, out);
            }
        }
        _ => out.push((path, value)),
    }
}

/// One table: typed cells, bold frozen header, autofilter, widths fitted to the content.
fn table_sheet(
    sheet: &mut Worksheet,
    frame: &DataFrame,
    header: &Format,
) -> std::result::Result<(), XlsxError> {
    let failed = |e: PolarsError| XlsxError::ParameterError(e.to_string());
    let columns = frame.columns();
    for (c, column) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, column.name().as_str(), header)?;
        for (r, cell) in cells(column).map_err(failed)?.into_iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Blank => {}
                Cell::Text(text) => {
                    sheet.write_string(r, c, text)?;
                }
                Cell::Integer(n) => {
                    sheet.write_number(r, c, n as f64)?;
                }
                Cell::Real(x, _) => {
                    sheet.write_number(r, c, x)?;
                }
                Cell::Bool(b) => {
                    sheet.write_boolean(r, c, b)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !columns.is_empty() {
        sheet.autofilter(0, 0, frame.height() as u32, columns.len() as u16 - 1)?;
    }
    sheet.set_autofit_max_width(400);
    sheet.autofit();
    Ok(())
}
