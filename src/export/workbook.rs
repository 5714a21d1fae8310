//! `--format xlsx`: one workbook for the task force, `zones-blanches.xlsx`, with a `summary`
//! sheet and one sheet per table of the run. Cells are typed by the shipped table schema
//! (`schema/tables.json`): codes stay text (04001 keeps its zero), figures are numbers, flags
//! booleans; each sheet has a frozen, filterable header. Byte-identical for the same inputs.

use crate::error::{Error, Result};
use crate::export::schema::{TABLES_SCHEMA, column_type};
use crate::export::{Files, TableStyle, read_back, read_back_number};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The workbook's file name.
pub const WORKBOOK: &str = "zones-blanches.xlsx";

/// Sheets in the order a task force reads them; tables a run does not write are left out.
const SHEETS: [&str; 17] = [
    "coverage",
    "zones",
    "options",
    "plan",
    "plan_coverage",
    "funding",
    "funding_scopes",
    "stalled",
    "coverage_series",
    "zones_series",
    "changes_cpts",
    "changes_zones",
    "changes_units",
    "units",
    "overlaps",
    "unresolved",
    "adjacency",
];

/// Add the workbook to `files` when `--format` asks for it.
pub(crate) fn add(files: &mut Files, style: TableStyle) -> Result<()> {
    if !style.format.xlsx {
        return Ok(());
    }
    let bytes = build(files, style).map_err(|e| Error::write(Path::new(WORKBOOK), e))?;
    files.push((WORKBOOK.to_string(), bytes));
    Ok(())
}

fn build(files: &Files, style: TableStyle) -> std::result::Result<Vec<u8>, XlsxError> {
    let schema: serde_json::Value = serde_json::from_str(TABLES_SCHEMA)
        .map_err(|e| XlsxError::ParameterError(e.to_string()))?;
    let mut workbook = Workbook::new();
    // No clock in the file: the creation date is fixed, so the bytes depend on the inputs only.
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?)
            .set_author("zones-blanches"),
    );
    let header = Format::new().set_bold().set_background_color("EEF1F4");
    if let Some((_, json)) = files.iter().find(|(n, _)| n == "summary.json") {
        let value: serde_json::Value =
            serde_json::from_slice(json).map_err(|e| XlsxError::ParameterError(e.to_string()))?;
        let sheet = workbook.add_worksheet();
        sheet.set_name("summary")?;
        summary_sheet(sheet, &value, &header)?;
    }
    for name in SHEETS {
        let Some((_, bytes)) = files.iter().find(|(n, _)| *n == format!("{name}.csv")) else {
            continue;
        };
        let columns = &schema["tables"][name]["columns"];
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        table_sheet(sheet, bytes, columns, style, &header)?;
    }
    workbook.save_to_buffer()
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
    csv_bytes: &[u8],
    columns: &serde_json::Value,
    style: TableStyle,
    header: &Format,
) -> std::result::Result<(), XlsxError> {
    let mut reader = read_back(csv_bytes, style);
    let names: Vec<String> = reader
        .headers()
        .map_err(|e| XlsxError::ParameterError(e.to_string()))?
        .iter()
        .map(String::from)
        .collect();
    let kinds: Vec<&str> = names.iter().map(|n| column_type(columns, n)).collect();
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, name, header)?;
    }
    let mut last = 0u32;
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| XlsxError::ParameterError(e.to_string()))?;
        let r = r as u32 + 1;
        last = r;
        for (c, (cell, kind)) in record.iter().zip(&kinds).enumerate() {
            if cell.is_empty() {
                continue;
            }
            let c = c as u16;
            match (*kind, read_back_number(cell)) {
                ("integer" | "number", Some(n)) => {
                    sheet.write_number(r, c, n)?;
                }
                ("boolean", _) if cell == "true" || cell == "false" => {
                    sheet.write_boolean(r, c, cell == "true")?;
                }
                _ => {
                    sheet.write_string(r, c, cell)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !names.is_empty() {
        sheet.autofilter(0, 0, last, names.len() as u16 - 1)?;
    }
    sheet.set_autofit_max_width(400);
    sheet.autofit();
    Ok(())
}
