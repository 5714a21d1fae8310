//! The cells of a table frame as the workbook and the GeoPackage type them: text, whole
//! numbers, numbers as the CSV writes them (two decimals), booleans; an empty text or a null
//! is a blank cell, as in the CSV file.

use polars::prelude::*;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Blank,
    Text(String),
    Integer(i64),
    /// The value as the CSV file shows it, two decimals (the text too, for a number that
    /// is not finite).
    Real(f64, String),
    Bool(bool),
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Integer,
    Real,
    Bool,
}

/// The kind of a column, by its type in the frame.
pub(crate) fn kind(column: &Column) -> Kind {
    match column.dtype() {
        DataType::Boolean => Kind::Bool,
        DataType::Float32 | DataType::Float64 => Kind::Real,
        d if d.is_integer() => Kind::Integer,
        _ => Kind::Text,
    }
}

/// The cells of a column, top to bottom.
pub(crate) fn cells(column: &Column) -> PolarsResult<Vec<Cell>> {
    Ok(match kind(column) {
        Kind::Bool => column
            .bool()?
            .iter()
            .map(|v| v.map_or(Cell::Blank, Cell::Bool))
            .collect(),
        Kind::Real => column
            .cast(&DataType::Float64)?
            .f64()?
            .iter()
            .map(|v| {
                v.map_or(Cell::Blank, |x| {
                    let text = format!("{x:.2}");
                    let value = text.parse::<f64>().unwrap_or(x);
                    Cell::Real(value, text)
                })
            })
            .collect(),
        Kind::Integer => column
            .cast(&DataType::Int64)?
            .i64()?
            .iter()
            .map(|v| v.map_or(Cell::Blank, Cell::Integer))
            .collect(),
        Kind::Text => column
            .cast(&DataType::String)?
            .str()?
            .iter()
            .map(|v| match v {
                None | Some("") => Cell::Blank,
                Some(s) => Cell::Text(s.to_string()),
            })
            .collect(),
    })
}
