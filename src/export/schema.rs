//! The schemas of the outputs, shipped with the binary (`zones-blanches schema`): a JSON
//! Schema of `summary.json` and the columns and types of every table. Both are files of the
//! repository (`schema/`), the contract dashboards read; the tests validate every output
//! against them.

/// JSON Schema (draft 2020-12) of `summary.json`, schema version 1.
pub const SUMMARY_SCHEMA: &str = include_str!("../../schema/summary.schema.json");

/// Every table (CSV and Parquet): its columns in order, each with its type (`string`,
/// `integer`, `number`, `boolean`, `date`), whether it may be empty, and what it means.
pub const TABLES_SCHEMA: &str = include_str!("../../schema/tables.json");
