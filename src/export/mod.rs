//! Output files of a run, built as bytes in memory: tables as CSV and/or Parquet through
//! polars ([`tables`], [`plan`]), GeoJSON layers ([`geojson`]) and `summary.json` ([`summary`]).
//! Nothing here writes to disk: the CLI stages the files and switches them in at once.

pub mod funding;
pub mod geojson;
pub mod package;
pub mod plan;
pub mod schema;
pub mod sink;
pub mod summary;
pub mod tables;
pub mod timeline;
pub mod workbook;

use crate::analysis::{CoverageRun, PlanRun, ZonesRun};
use crate::error::{Error, Result};
use crate::model::Unresolved;
use crate::timeline::stalled::Stalled;
use crate::zones::WhiteZones;
use polars::prelude::*;
pub use sink::FileSink;
use sink::deliver;
use std::path::Path;
use summary::{FundingSummary, PlanSummary, Summary, ZonesSummary, summary};
use tables::{
    adjacency_frame, coverage_frame, overlaps_frame, units_frame, unresolved_frame, zones_frame,
};

/// How tables are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableStyle {
    /// `;`-separated with a UTF-8 BOM, for Excel in French.
    pub excel: bool,
    /// Which files each table becomes.
    pub format: TableFormat,
    /// Language of the sentence columns (`rationale`, `reason`), `--lang`.
    pub lang: crate::model::french::Lang,
}

/// The file formats of the output tables (`--format csv,parquet,xlsx`; `both` = csv,parquet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableFormat {
    pub csv: bool,
    pub parquet: bool,
    /// One workbook, `zones-blanches.xlsx`, with a sheet per table ([`workbook`]).
    pub xlsx: bool,
    /// One GeoPackage, `zones-blanches.gpkg`, with the geometry layers and every table
    /// ([`package`]).
    pub gpkg: bool,
}

impl Default for TableFormat {
    fn default() -> Self {
        TableFormat {
            csv: true,
            parquet: false,
            xlsx: false,
            gpkg: false,
        }
    }
}

impl TableFormat {
    /// `csv`, `parquet`, `xlsx`, `both` (csv and parquet), or a comma-separated list of them.
    pub fn parse(text: &str) -> Option<TableFormat> {
        let mut format = TableFormat {
            csv: false,
            parquet: false,
            xlsx: false,
            gpkg: false,
        };
        for part in text.split(',').map(|p| p.trim().to_ascii_lowercase()) {
            match part.as_str() {
                "csv" => format.csv = true,
                "parquet" => format.parquet = true,
                "xlsx" | "excel" => format.xlsx = true,
                "gpkg" | "geopackage" => format.gpkg = true,
                "both" => {
                    format.csv = true;
                    format.parquet = true;
                }
                _ => return None,
            }
        }
        Some(format)
    }
}

/// The files of one table (`NAME.csv` and/or `NAME.parquet`), same columns and types.
/// Every file name a command may write into `--out`: the files of an earlier run that a new
/// set does not hold are removed when it is switched in.
pub fn output_file_names() -> Vec<String> {
    let tables = [
        "coverage",
        "units",
        "overlaps",
        "unresolved",
        "zones",
        "adjacency",
        "options",
        "plan",
        "plan_coverage",
        "stalled",
        "funding",
        "funding_scopes",
        "coverage_series",
        "zones_series",
        "changes_units",
        "changes_cpts",
        "changes_zones",
    ];
    let mut names: Vec<String> = tables
        .iter()
        .flat_map(|t| [format!("{t}.csv"), format!("{t}.parquet")])
        .collect();
    names.extend(
        [
            "summary.json",
            "units.geojson",
            "zones.geojson",
            "plan.geojson",
            "report.html",
            "coverage_series.svg",
            workbook::WORKBOOK,
            package::PACKAGE,
        ]
        .map(String::from),
    );
    names
}

pub(crate) fn table_files(
    name: &str,
    frame: PolarsResult<DataFrame>,
    style: TableStyle,
) -> Result<Vec<(String, Vec<u8>)>> {
    let csv_name = format!("{name}.csv");
    let mut frame = frame.map_err(|e| Error::write(Path::new(&csv_name), e))?;
    let mut files = Vec::new();
    // The workbook is built from the CSV files (then dropped when CSV was not asked for).
    if style.format.csv || style.format.xlsx || style.format.gpkg {
        files.push((csv_name.clone(), csv_bytes(&mut frame, style, &csv_name)?));
    }
    if style.format.parquet {
        let parquet_name = format!("{name}.parquet");
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes)
            .finish(&mut frame)
            .map_err(|e| Error::write(Path::new(&parquet_name), e))?;
        files.push((parquet_name, bytes));
    }
    Ok(files)
}

/// A CSV output read back as `style` wrote it (BOM, separator), to build the workbook and the
/// GeoPackage from the same bytes as the CSV files.
pub(crate) fn read_back(bytes: &[u8], style: TableStyle) -> csv::Reader<&[u8]> {
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .delimiter(if style.excel { b';' } else { b',' })
        .from_reader(text)
}

/// A number of a CSV output read back (a decimal comma with `--excel-csv`).
pub(crate) fn read_back_number(cell: &str) -> Option<f64> {
    cell.replace(',', ".").parse::<f64>().ok()
}

/// Serialize a frame as CSV bytes (floats with 2 decimals).
pub(crate) fn csv_bytes(frame: &mut DataFrame, style: TableStyle, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    CsvWriter::new(&mut bytes)
        .include_header(true)
        .include_bom(style.excel)
        .with_separator(if style.excel { b';' } else { b',' })
        .with_decimal_comma(style.excel)
        .with_float_precision(Some(2))
        .finish(frame)
        .map_err(|e| Error::write(Path::new(name), e))?;
    Ok(bytes)
}

/// `summary.json`, pretty-printed with a final newline.
pub(crate) fn summary_file(summary: &Summary) -> Result<(String, Vec<u8>)> {
    let mut json = serde_json::to_string_pretty(summary)
        .map_err(|e| Error::write(Path::new("summary.json"), e))?;
    json.push('\n');
    Ok(("summary.json".to_string(), json.into_bytes()))
}

/// A run's output files, in writing order, as (file name, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// Add the workbook and the GeoPackage `--format` asks for, then drop the CSV files that were
/// only made for them.
pub(crate) fn finish(mut files: Files, style: TableStyle) -> Result<Files> {
    workbook::add(&mut files, style)?;
    package::add(&mut files, style)?;
    if !style.format.csv {
        files.retain(|(name, _)| !name.ends_with(".csv"));
    }
    Ok(files)
}

/// Every output of the `coverage` command, and the summary they include.
pub fn coverage_outputs(
    run: &CoverageRun,
    command: &str,
    style: TableStyle,
) -> Result<(Summary, Files)> {
    let mut files = Files::new();
    let summary = coverage_outputs_into(run, command, style, &mut files)?;
    Ok((summary, files))
}

/// [`coverage_outputs`], each file handed to `sink` as soon as it is built.
pub fn coverage_outputs_into(
    run: &CoverageRun,
    command: &str,
    style: TableStyle,
    sink: &mut dyn FileSink,
) -> Result<Summary> {
    let stalled = Stalled::of(run);
    let summary = summary(run, command, &[], &stalled);
    deliver(style, sink, |sink| {
        coverage_files(run, &summary, style, None, &[], &stalled, sink)
    })?;
    Ok(summary)
}

/// S7: the units a run reports, by index: those of the reporting area, and the units of its
/// zones that lie outside it (every unit without a reporting area).
pub(crate) fn reported_units(run: &CoverageRun, zones: Option<&WhiteZones>) -> Vec<usize> {
    (0..run.territory.units.len())
        .filter(|&u| crate::zones::is_reported(&run.territory, zones, u))
        .collect()
}

/// Hand every file of a table to `sink`.
fn put_table(
    sink: &mut dyn FileSink,
    name: &str,
    frame: PolarsResult<DataFrame>,
    style: TableStyle,
) -> Result<()> {
    for (file, bytes) in table_files(name, frame, style)? {
        sink.put(&file, vec![bytes])?;
    }
    Ok(())
}

/// The coverage files: tables, `summary.json`, `units.geojson` with a commune layer. `zones`
/// adds a `zone_id` column to `units.csv`; `unresolved` rows of the evidence tables join the
/// listing's in `unresolved.csv`.
fn coverage_files(
    run: &CoverageRun,
    summary: &Summary,
    style: TableStyle,
    zones: Option<&WhiteZones>,
    unresolved: &[Unresolved],
    stalled: &Stalled,
    sink: &mut dyn FileSink,
) -> Result<()> {
    put_table(sink, "coverage", coverage_frame(run), style)?;
    put_table(sink, "units", units_frame(run, zones), style)?;
    put_table(sink, "overlaps", overlaps_frame(run), style)?;
    let unresolved = unresolved_frame(run, unresolved, style.lang);
    put_table(sink, "unresolved", unresolved, style)?;
    put_table(
        sink,
        "stalled",
        timeline::stalled_frame(run, stalled),
        style,
    )?;
    let (name, bytes) = summary_file(summary)?;
    sink.put(&name, vec![bytes])?;
    if run.territory.has_geometry {
        let reported = reported_units(run, zones);
        sink.put_waves(
            "units.geojson",
            &mut geojson::units_geojson(run, &reported, zones),
        )?;
    }
    Ok(())
}

/// Every output of the `zones` command: those of `coverage` (with `zone_id` in `units.csv`),
/// `zones.csv`, `zones.geojson`, and `adjacency.csv` on request; and the summary.
pub fn zones_outputs(
    run: &ZonesRun,
    command: &str,
    style: TableStyle,
    with_adjacency: bool,
) -> Result<(Summary, Files)> {
    let mut files = Files::new();
    let summary = zones_outputs_into(run, command, style, with_adjacency, &mut files)?;
    Ok((summary, files))
}

/// [`zones_outputs`], each file handed to `sink` as soon as it is built.
pub fn zones_outputs_into(
    run: &ZonesRun,
    command: &str,
    style: TableStyle,
    with_adjacency: bool,
    sink: &mut dyn FileSink,
) -> Result<Summary> {
    let extras = ZonesExtras {
        with_adjacency,
        plan: None,
        funding: None,
        unresolved: &[],
    };
    deliver(style, sink, |sink| {
        zones_files(run, command, style, extras, sink)
    })
}

/// What `plan` adds to the zones files.
struct ZonesExtras<'a> {
    with_adjacency: bool,
    plan: Option<PlanSummary>,
    funding: Option<FundingSummary>,
    unresolved: &'a [Unresolved],
}

fn zones_files(
    run: &ZonesRun,
    command: &str,
    style: TableStyle,
    extras: ZonesExtras,
    sink: &mut dyn FileSink,
) -> Result<Summary> {
    let stalled = Stalled::of(&run.coverage);
    let mut summary = summary(&run.coverage, command, extras.unresolved, &stalled);
    summary.zones = Some(ZonesSummary::of(&run.coverage, &run.zones));
    summary.plan = extras.plan;
    summary.funding = extras.funding;
    coverage_files(
        &run.coverage,
        &summary,
        style,
        Some(&run.zones),
        extras.unresolved,
        &stalled,
        sink,
    )?;
    put_table(sink, "zones", zones_frame(run), style)?;
    sink.put("zones.geojson", vec![geojson::zones_geojson(run)])?;
    if extras.with_adjacency {
        put_table(sink, "adjacency", adjacency_frame(run), style)?;
    }
    Ok(summary)
}

/// Every output of `plan`: the zones outputs, then options, plan, plan coverage, plan layer;
/// and the summary. `plan_summary` is [`PlanSummary::of`] the run (the report shows it too).
pub fn plan_outputs(
    run: &PlanRun,
    plan_summary: PlanSummary,
    command: &str,
    style: TableStyle,
    with_adjacency: bool,
) -> Result<(Summary, Files)> {
    let mut files = Files::new();
    let summary = plan_outputs_into(
        run,
        plan_summary,
        command,
        style,
        with_adjacency,
        &mut files,
    )?;
    Ok((summary, files))
}

/// [`plan_outputs`], each file handed to `sink` as soon as it is built.
pub fn plan_outputs_into(
    run: &PlanRun,
    plan_summary: PlanSummary,
    command: &str,
    style: TableStyle,
    with_adjacency: bool,
    sink: &mut dyn FileSink,
) -> Result<Summary> {
    let unresolved = run.evidence_unresolved();
    let extras = ZonesExtras {
        with_adjacency,
        plan: Some(plan_summary),
        funding: Some(FundingSummary::of(run)),
        unresolved: &unresolved,
    };
    deliver(style, sink, |sink| {
        let summary = zones_files(&run.zones, command, style, extras, sink)?;
        put_table(sink, "options", plan::options_frame(run, style.lang), style)?;
        put_table(sink, "plan", plan::plan_frame(run, style.lang), style)?;
        put_table(sink, "plan_coverage", plan::plan_coverage_frame(run), style)?;
        sink.put("plan.geojson", vec![plan::plan_geojson(run)])?;
        put_table(sink, "funding", funding::funding_frame(run), style)?;
        put_table(
            sink,
            "funding_scopes",
            funding::funding_scopes_frame(run),
            style,
        )?;
        Ok(summary)
    })
}
