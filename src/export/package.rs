//! The `gpkg` format: one GeoPackage, `zones-blanches.gpkg`, that QGIS opens as it is: the
//! geometry layers (units, zones, plan; WGS84, from the GeoJSON layers as written) and every
//! table of the run as attribute tables, built from the tables' frames and typed by their
//! columns. Byte-identical for the same inputs.

use super::cells::{Cell, Kind, cells, kind};
use super::registry::Table as OutputTable;
use crate::io::geopackage::{ColumnType, Table, write};
use polars::prelude::{DataFrame, PolarsResult};
use serde_json::Value;

/// The package's file name.
pub const PACKAGE: &str = "zones-blanches.gpkg";

/// The package of a run: its GeoJSON layers (units, zones, plan) as feature layers, then its
/// tables as attribute tables, in the order the run wrote them.
pub(crate) fn build(
    tables: &[(OutputTable, DataFrame)],
    layers: &[(String, Vec<u8>)],
) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for (layer, bytes) in layers {
        // Columns in the order of the table of the same name, then the layer's own.
        let order: Vec<String> = tables
            .iter()
            .find(|(t, _)| t.name() == layer)
            .map(|(_, frame)| {
                frame
                    .get_column_names()
                    .iter()
                    .map(|n| n.to_string())
                    .collect()
            })
            .unwrap_or_default();
        out.push(layer_table(layer, bytes, &order)?);
    }
    let layers = out.len();
    for (table, frame) in tables {
        let mut table = frame_table(table.name(), frame).map_err(|e| e.to_string())?;
        // A layer of the same name (units, zones) holding every column of the table makes
        // the table redundant; otherwise (plan: one row per unit, the layer one per
        // target) the table keeps its rows under another name.
        if let Some(layer) = out[..layers].iter().find(|l| l.name == table.name) {
            let covered = table
                .columns
                .iter()
                .all(|(c, _)| layer.columns.iter().any(|(l, _)| l == c));
            if covered {
                continue;
            }
            table.name = format!("{}_table", table.name);
        }
        out.push(table);
    }
    write(&out)
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

/// A table frame as an attribute table, columns typed by their kind.
fn frame_table(name: &str, frame: &DataFrame) -> PolarsResult<Table> {
    let mut columns = Vec::new();
    let mut values: Vec<Vec<Value>> = Vec::new();
    for column in frame.columns() {
        let kind = match kind(column) {
            Kind::Integer => ColumnType::Integer,
            Kind::Real => ColumnType::Real,
            Kind::Bool => ColumnType::Boolean,
            Kind::Text => ColumnType::Text,
        };
        columns.push((column.name().to_string(), kind));
        values.push(
            cells(column)?
                .into_iter()
                .map(|cell| match cell {
                    Cell::Blank => Value::Null,
                    Cell::Text(text) => Value::from(text),
                    Cell::Integer(n) => Value::from(n),
                    Cell::Real(x, text) => {
                        serde_json::Number::from_f64(x).map_or(Value::from(text), Value::Number)
                    }
                    Cell::Bool(b) => Value::Bool(b),
                })
                .collect(),
        );
    }
    let rows = (0..frame.height())
        .map(|r| values.iter().map(|column| column[r].clone()).collect())
        .collect();
    Ok(Table {
        name: name.to_string(),
        columns,
        rows,
        geometries: None,
    })
}
