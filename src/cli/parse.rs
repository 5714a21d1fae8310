//! The value parsers of the flags: each flag is read into the library's type at the edge
//! (`--min-stage` into a [`Stage`], `--format` into a [`TableFormat`]…), so a bad value is
//! refused by clap, naming the flag, before anything is read.

use crate::export::TableFormat;
use crate::parts::{Every, Field, Layer, parse_date};
use crate::{Lang, Stage};
use std::num::NonZeroUsize;

/// A stage label (`preprojet`, `li`, `ps`, `aci`, or a French label).
pub fn stage(text: &str) -> Result<Stage, String> {
    Stage::parse_label(text).ok_or_else(|| "unknown stage (preprojet, li, ps, aci)".to_string())
}

/// The stage from which a unit counts as covered: li, ps or aci.
pub fn min_stage(text: &str) -> Result<Stage, String> {
    Stage::parse_label(text)
        .filter(|s| *s > Stage::Preprojet)
        .ok_or_else(|| "li, ps or aci".to_string())
}

/// A date as listings write them (YYYY-MM-DD or DD/MM/YYYY).
pub fn date(text: &str) -> Result<chrono::NaiveDate, String> {
    match parse_date(text) {
        Ok(Some(d)) => Ok(d),
        _ => Err("not a date (YYYY-MM-DD)".into()),
    }
}

/// `csv`, `parquet`, `xlsx`, `gpkg`, `both`, or a comma-separated list.
pub fn format(text: &str) -> Result<TableFormat, String> {
    text.parse().map_err(|_| {
        "csv, parquet, xlsx, gpkg, both (csv and parquet), or a list such as csv,xlsx,gpkg".into()
    })
}

/// `fr` or `en`.
pub fn lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| "fr or en".to_string())
}

/// `month`, `quarter` or `year`.
pub fn every(text: &str) -> Result<Every, String> {
    Every::parse(text).ok_or_else(|| "month, quarter or year".to_string())
}

/// A map layer.
pub fn layer(text: &str) -> Result<Layer, String> {
    Layer::parse(text)
        .ok_or_else(|| "stages, cpts, departements, zones, plan or cpts-names".to_string())
}

/// `FIELD=HEADER`: a listing field read from a header of another name.
pub fn cpts_column(spec: &str) -> Result<(Field, String), String> {
    let (field, header) = spec
        .split_once('=')
        .ok_or_else(|| "expected FIELD=HEADER".to_string())?;
    let field = Field::parse(field).ok_or_else(|| {
        format!(
            "unknown field `{field}`; fields: {}",
            Field::ALL.map(|f| f.as_str()).join(", ")
        )
    })?;
    Ok((field, header.trim().to_string()))
}

/// A share in (0, 1].
pub fn share(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 1.0 => Ok(v),
        _ => Err("a share in (0, 1]".into()),
    }
}

/// A spreadsheet row number (rows start at 1).
pub fn row(text: &str) -> Result<NonZeroUsize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("rows start at 1".into()),
        Ok(n) => NonZeroUsize::new(n).ok_or_else(|| "rows start at 1".into()),
        Err(_) => Err("not a row number".into()),
    }
}

/// A map width in pixels, 100 to 10 000.
pub fn width(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(w) if (100..=10_000).contains(&w) => Ok(w),
        _ => Err("between 100 and 10000 pixels".into()),
    }
}
