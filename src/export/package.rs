//! `--format gpkg`: one GeoPackage, `zones-blanches.gpkg`, that QGIS opens as it is: the
//! geometry layers (units, zones, plan; WGS84) and every table of the run as attribute tables,
//! columns typed by the shipped table schema (`schema/tables.json`). Byte-identical for the same
//! inputs.

use crate::error::{Error, Result};
use crate::export::schema::{TABLES_SCHEMA, column_type};
use crate::export::{Files, TableStyle, read_back, read_back_number};
use crate::io::geopackage::{ColumnType, Table, write};
use serde_json::Value;
use std::path::Path;

/// The package's file name.
pub const PACKAGE: &str = "zones-blanches.gpkg";

/// Add the package to `files` when `--format` asks for it.
pub(crate) fn add(files: &mut Files, style: TableStyle) -> Result<()> {
    if !style.format.gpkg {
        return Ok(());
    }
    let fail = |e: String| Error::write(Path::new(PACKAGE), e);
    let schema: Value = serde_json::from_str(TABLES_SCHEMA).map_err(|e| fail(e.to_string()))?;
    let mut tables = Vec::new();
    for (name, bytes) in files.iter() {
        if let Some(layer) = name.strip_suffix(".geojson") {
            // Columns in the order of the table of the same name, then the layer's own.
            let order = files
                .iter()
                .find(|(n, _)| *n == format!("{layer}.csv"))
                .map(|(_, csv)| csv_header(csv, style))
                .unwrap_or_default();
            tables.push(layer_table(layer, bytes, &order).map_err(fail)?);
        }
    }
    let layers = tables.len();
    for (name, bytes) in files.iter() {
        if let Some(table) = name.strip_suffix(".csv") {
            let columns = &schema["tables"][table]["columns"];
            let mut table = csv_table(table, bytes, columns, style).map_err(fail)?;
            // A layer of the same name (units, zones) holding every column of the table makes
            // the table redundant; otherwise (plan: one row per unit, the layer one per
            // target) the table keeps its rows under another name.
            if let Some(layer) = tables[..layers].iter().find(|l| l.name == table.name) {
                let covered = table
                    .columns
                    .iter()
                    .all(|(c, _)| layer.columns.iter().any(|(l, _)| l == c));
                if covered {
                    continue;
                }
                table.name = format!("{}_table", table.name);
            }
            tables.push(table);
        }
    }
    let bytes = write(&tables).map_err(fail)?;
    files.push((PACKAGE.to_string(), bytes));
    Ok(())
}

/// The column names of a CSV output.
fn csv_header(bytes: &[u8], style: TableStyle) -> Vec<String> {
    read_back(bytes, style)
        .headers()
        .map(|h| h.iter().map(String::from).collect())
        .unwrap_or_default()
}

/// A GeoJSON output as a feature layer: its properties as columns, typed by their values.
fn layer_table(name: &str, bytes: &[u8], order: &[String]) -> std::result::Result<Table, String> {
    let collection: geojson::FeatureCollection =
        serde_json::from_slice(bytes).map_err(|e| format!("{name}.geojson: {e}"))?;
    let mut columns: Vec<(String, ColumnType)> = Vec::new();
    for feature in &collection.features {
        for (key, value) in feature.properties.iter().flatten() {
            let kind = match value {
                Value::Bool(_) => ColumnType::Boolean,
                Value::Number(n) if n.is_i64() || n.is_u64() => ColumnType::Integer,
                Value::Number(_) => ColumnType::Real,
                Value::Null => continue,
                _ => ColumnType::Text,
            };
            match columns.iter_mut().find(|(k, _)| k == key) {
                None => columns.push((key.clone(), kind)),
                // A column with whole and decimal numbers is a real column.
                Some((_, k)) if *k == ColumnType::Integer && kind == ColumnType::Real => *k = kind,
                Some(_) => {}
            }
        }
    }
    columns.sort_by_key(|(c, _)| order.iter().position(|h| h == c).unwrap_or(usize::MAX));
    let mut rows = Vec::with_capacity(collection.features.len());
    let mut geometries = Vec::with_capacity(collection.features.len());
    for feature in collection.features {
        rows.push(
            columns
                .iter()
                .map(|(k, _)| {
                    feature
                        .properties
                        .as_ref()
                        .and_then(|p| p.get(k))
                        .cloned()
                        .unwrap_or(Value::Null)
                })
                .collect(),
        );
        let geometry = match feature.geometry {
            None => None,
            Some(g) => match geo::Geometry::<f64>::try_from(g.value)
                .map_err(|e| format!("{name}.geojson: {e}"))?
            {
                geo::Geometry::Polygon(p) => Some(geo::MultiPolygon(vec![p])),
                geo::Geometry::MultiPolygon(m) => Some(m),
                _ => return Err(format!("{name}.geojson: a feature is not a polygon")),
            },
        };
        geometries.push(geometry);
    }
    Ok(Table {
        name: name.to_string(),
        columns,
        rows,
        geometries: Some(geometries),
    })
}

/// A CSV output as an attribute table, typed by the table schema.
fn csv_table(
    name: &str,
    bytes: &[u8],
    schema_columns: &Value,
    style: TableStyle,
) -> std::result::Result<Table, String> {
    let mut reader = read_back(bytes, style);
    let names: Vec<String> = reader
        .headers()
        .map_err(|e| format!("{name}.csv: {e}"))?
        .iter()
        .map(String::from)
        .collect();
    let columns: Vec<(String, ColumnType)> = names
        .iter()
        .map(|n| {
            let kind = match column_type(schema_columns, n) {
                "integer" => ColumnType::Integer,
                "number" => ColumnType::Real,
                "boolean" => ColumnType::Boolean,
                _ => ColumnType::Text,
            };
            (n.clone(), kind)
        })
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{name}.csv: {e}"))?;
        rows.push(
            record
                .iter()
                .zip(&columns)
                .map(|(cell, (_, kind))| {
                    if cell.is_empty() {
                        return Value::Null;
                    }
                    match kind {
                        ColumnType::Integer => cell
                            .parse::<i64>()
                            .map(Value::from)
                            .unwrap_or_else(|_| Value::from(cell)),
                        ColumnType::Real => read_back_number(cell)
                            .and_then(serde_json::Number::from_f64)
                            .map_or_else(|| Value::from(cell), Value::Number),
                        ColumnType::Boolean => match cell {
                            "true" => Value::Bool(true),
                            "false" => Value::Bool(false),
                            other => Value::from(other),
                        },
                        ColumnType::Text => Value::from(cell),
                    }
                })
                .collect(),
        );
    }
    Ok(Table {
        name: name.to_string(),
        columns,
        rows,
        geometries: None,
    })
}
