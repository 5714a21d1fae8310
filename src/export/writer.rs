//! How the files of a run reach their sink: each table as CSV and/or Parquet as soon as its
//! frame is built, other files as they come; the frames, the layers and the summary are kept
//! for the workbook and the GeoPackage when the format asks for them, which are built last,
//! from the frames (never from CSV text read back).

use super::registry::Table;
use super::{FileSink, Options, package, workbook};
use crate::error::{Error, Result};
use polars::prelude::*;
use std::path::Path;

/// A run's files on their way to a sink.
pub(crate) struct Writer<'a> {
    options: &'a Options,
    sink: &'a mut dyn FileSink,
    /// Frames of the tables, for the workbook and the GeoPackage.
    tables: Vec<(Table, DataFrame)>,
    /// GeoJSON layers (name without extension, bytes), for the GeoPackage.
    layers: Vec<(String, Vec<u8>)>,
    /// `summary.json`, for the workbook's summary sheet.
    summary: Option<Vec<u8>>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(options: &'a Options, sink: &'a mut dyn FileSink) -> Writer<'a> {
        Writer {
            options,
            sink,
            tables: Vec::new(),
            layers: Vec::new(),
            summary: None,
        }
    }

    fn keeps_frames(&self) -> bool {
        self.options.format.xlsx || self.options.format.gpkg
    }

    /// A table: `NAME.csv` and/or `NAME.parquet`, same columns and types.
    pub(crate) fn table(&mut self, table: Table, frame: PolarsResult<DataFrame>) -> Result<()> {
        let name = table.name();
        let csv_name = format!("{name}.csv");
        let mut frame = frame.map_err(|e| Error::write(Path::new(&csv_name), e))?;
        let format = self.options.format;
        if format.csv {
            let bytes = csv_bytes(&mut frame, self.options.excel_csv, &csv_name)?;
            self.sink.put(&csv_name, vec![bytes])?;
        }
        if format.parquet {
            let parquet_name = format!("{name}.parquet");
            let mut bytes = Vec::new();
            ParquetWriter::new(&mut bytes)
                .finish(&mut frame)
                .map_err(|e| Error::write(Path::new(&parquet_name), e))?;
            self.sink.put(&parquet_name, vec![bytes])?;
        }
        if self.keeps_frames() {
            self.tables.push((table, frame));
        }
        Ok(())
    }

    /// `summary.json`, pretty-printed with a final newline.
    pub(crate) fn summary(&mut self, summary: &impl serde::Serialize) -> Result<()> {
        let mut json = serde_json::to_string_pretty(summary)
            .map_err(|e| Error::write(Path::new("summary.json"), e))?;
        json.push('\n');
        let bytes = json.into_bytes();
        if self.options.format.xlsx {
            self.summary = Some(bytes.clone());
        }
        self.sink.put("summary.json", vec![bytes])
    }

    /// A GeoJSON layer (`NAME.geojson`) that comes as waves of parts.
    pub(crate) fn layer_waves(
        &mut self,
        name: &str,
        waves: &mut dyn Iterator<Item = Vec<Vec<u8>>>,
    ) -> Result<()> {
        let file = format!("{name}.geojson");
        if !self.options.format.gpkg {
            return self.sink.put_waves(&file, waves);
        }
        let bytes: Vec<u8> = waves.flatten().flatten().collect();
        self.layers.push((name.to_string(), bytes.clone()));
        self.sink.put(&file, vec![bytes])
    }

    /// A GeoJSON layer whole.
    pub(crate) fn layer(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        self.layer_waves(name, &mut std::iter::once(vec![bytes]))
    }

    /// Any other file (`report.html`, a chart).
    pub(crate) fn file(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        self.sink.put(name, vec![bytes])
    }

    /// The workbook and the GeoPackage the format asks for, from the kept frames.
    pub(crate) fn finish(self) -> Result<()> {
        if self.options.format.xlsx {
            let bytes = workbook::build(&self.tables, self.summary.as_deref())
                .map_err(|e| Error::write(Path::new(workbook::WORKBOOK), e))?;
            self.sink.put(workbook::WORKBOOK, vec![bytes])?;
        }
        if self.options.format.gpkg {
            let bytes = package::build(&self.tables, &self.layers)
                .map_err(|e| Error::write(Path::new(package::PACKAGE), e))?;
            self.sink.put(package::PACKAGE, vec![bytes])?;
        }
        Ok(())
    }
}

/// A frame as CSV bytes (floats with 2 decimals); `excel`: `;`-separated with a UTF-8 BOM and
/// decimal commas.
fn csv_bytes(frame: &mut DataFrame, excel: bool, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    CsvWriter::new(&mut bytes)
        .include_header(true)
        .include_bom(excel)
        .with_separator(if excel { b';' } else { b',' })
        .with_decimal_comma(excel)
        .with_float_precision(Some(2))
        .finish(frame)
        .map_err(|e| Error::write(Path::new(name), e))?;
    Ok(bytes)
}
