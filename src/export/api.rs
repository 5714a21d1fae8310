//! A run's tables, summary and layers as values, for the planning table's API and scripts (the
//! Python package): the same frames as the CSV and Parquet files (same columns, same order, the
//! types of `zones-blanches schema tables`), as frames or one JSON object per row.

use super::registry::{Run, Table};
use super::summary::Summary;
use crate::analysis::PlanRun;
use crate::error::{Error, Result};
use crate::model::catalogue::Lang;
use polars::prelude::*;
use serde_json::{Map, Value};
use std::path::Path;

/// `summary.json` of `analyze` for this run, as a JSON value.
pub fn summary_json(run: &PlanRun) -> Result<Value> {
    summary_of(Run::Plan(run), "analyze")
}

/// `summary.json` of `command` for `run`, as a JSON value.
pub fn summary_of(run: Run, command: &str) -> Result<Value> {
    serde_json::to_value(Summary::of(run, command))
        .map_err(|e| Error::write(Path::new("summary.json"), e))
}

/// Every table `run` writes, with its name, in the registry's order (the order of the files):
/// the frames the CSV and Parquet files are written from, built in parallel.
pub fn frames(run: Run, lang: Lang, adjacency: bool) -> Result<Vec<(&'static str, DataFrame)>> {
    use rayon::prelude::*;
    let built: Vec<Option<(Table, PolarsResult<DataFrame>)>> = Table::ALL
        .par_iter()
        .map(|&table| Some((table, table.frame(run, lang, adjacency)?)))
        .collect();
    built
        .into_iter()
        .flatten()
        .map(|(table, frame)| {
            let file = format!("{}.csv", table.name());
            frame
                .map(|f| (table.name(), f))
                .map_err(|e| Error::write(Path::new(&file), e))
        })
        .collect()
}

/// The GeoJSON layer `name` of `run` (`units`, `zones` or `plan`) as the bytes of its file
/// (`NAME.geojson`), or `None` when the run has no such layer.
pub fn layer_geojson(run: Run, name: &str) -> Option<Vec<u8>> {
    let zones = run.zones();
    match name {
        "units" => {
            super::geojson::with_units_layer(run, |waves| waves.flatten().flatten().collect())
        }
        "zones" => zones.map(super::geojson::zones_geojson),
        "plan" => match run {
            Run::Plan(plan) => Some(super::plan::plan_geojson(plan)),
            _ => None,
        },
        _ => None,
    }
}

/// The rows of `table` for this run (`None`: a plan run does not write it), each an object
/// keyed by the table's columns, in the order of the CSV file.
pub fn table_json(run: &PlanRun, table: Table, lang: Lang) -> Result<Option<Vec<Value>>> {
    let Some(frame) = table.frame(Run::Plan(run), lang, false) else {
        return Ok(None);
    };
    let name = format!("{}.json", table.name());
    let frame = frame.map_err(|e| Error::write(Path::new(&name), e))?;
    let columns: Vec<(String, &Column)> = frame
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c))
        .collect();
    let mut rows = Vec::with_capacity(frame.height());
    for i in 0..frame.height() {
        let mut row = Map::with_capacity(columns.len());
        for (column_name, column) in &columns {
            let cell = column
                .get(i)
                .map_err(|e| Error::write(Path::new(&name), e))?;
            row.insert(column_name.clone(), cell_json(cell));
        }
        rows.push(Value::Object(row));
    }
    Ok(Some(rows))
}

/// One cell: strings (dates are `YYYY-MM-DD` strings in the frames), integers, numbers and
/// booleans as the schema types them; an empty cell is `null`.
fn cell_json(cell: AnyValue) -> Value {
    match cell {
        AnyValue::Null => Value::Null,
        AnyValue::Boolean(b) => Value::Bool(b),
        AnyValue::String(s) => Value::String(s.to_string()),
        AnyValue::StringOwned(s) => Value::String(s.to_string()),
        AnyValue::Int8(v) => v.into(),
        AnyValue::Int16(v) => v.into(),
        AnyValue::Int32(v) => v.into(),
        AnyValue::Int64(v) => v.into(),
        AnyValue::UInt8(v) => v.into(),
        AnyValue::UInt16(v) => v.into(),
        AnyValue::UInt32(v) => v.into(),
        AnyValue::UInt64(v) => v.into(),
        AnyValue::Float32(v) => number(f64::from(v)),
        AnyValue::Float64(v) => number(v),
        other => Value::String(other.to_string()),
    }
}

/// A number with the CSV's two decimals (`null` for NaN).
fn number(v: f64) -> Value {
    serde_json::Number::from_f64((v * 100.0).round() / 100.0).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::run_plan;
    use crate::inputs::Inputs;
    use crate::model::Stage;

    #[test]
    fn tables_as_json_keep_the_csv_columns_and_types() {
        let run = run_plan(&Inputs::demo(), Stage::Li).expect("demo plan");
        let plan = table_json(&run, Table::Plan, Lang::En)
            .expect("frame")
            .expect("plan table");
        let placed = run.plan.target_of.iter().flatten().count();
        assert_eq!(plan.len(), placed);
        let first = plan[0].as_object().expect("object");
        assert!(first["code"].is_string());
        assert!(first["decided"].is_boolean());
        let coverage = table_json(&run, Table::Coverage, Lang::En).expect("frame");
        let coverage = coverage.expect("coverage table");
        assert_eq!(coverage[0]["scope_type"], "france");
        assert!(coverage[0]["population_total"].is_u64());
        // Series tables belong to another run.
        assert!(
            table_json(&run, Table::CoverageSeries, Lang::En)
                .expect("none")
                .is_none()
        );
        let summary = summary_json(&run).expect("summary");
        assert_eq!(summary["command"], "analyze");
    }
}
