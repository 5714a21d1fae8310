//! The schemas of the outputs, shipped with the binary (`zones-blanches schema`): a JSON
//! Schema of `summary.json` and the columns and types of every table. Both are files of the
//! repository (`schema/`), the contract dashboards read; the tests validate every output
//! against them.

/// JSON Schema (draft 2020-12) of `summary.json`, schema version
/// [`crate::summary::SUMMARY_SCHEMA_VERSION`].
pub const SUMMARY_SCHEMA: &str = include_str!("../../schema/summary.schema.json");

/// Every table (CSV and Parquet): its columns in order, each with its type (`string`,
/// `integer`, `number`, `boolean`, `date`), whether it may be empty, and what it means.
pub const TABLES_SCHEMA: &str = include_str!("../../schema/tables.json");

/// The type `schema/tables.json` gives the column `name` of a table (`columns`, its parsed
/// column list): `string` when the schema does not name it.
pub(crate) fn column_type<'a>(columns: &'a serde_json::Value, name: &str) -> &'a str {
    columns
        .as_array()
        .and_then(|cols| cols.iter().find(|c| c["name"] == name))
        .and_then(|c| c["type"].as_str())
        .unwrap_or("string")
}
