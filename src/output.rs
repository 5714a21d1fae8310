//! Output tables and documents of a coverage run: `coverage.csv`, `units.csv`, `overlaps.csv`,
//! `unresolved.csv`, `summary.json` (versioned schema) and `units.geojson`, built as bytes.

use crate::coverage::{StageTotals, percent};
use crate::error::{Error, Result};
use crate::io::geojson::{push_geometry, push_json_string};
use crate::model::Stage;
use crate::pipeline::{CoverageRun, ZonesRun};
use crate::territory::{Notice, Unresolved};
use crate::zones::WhiteZones;
use polars::prelude::*;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Version of the `summary.json` schema; bumped on any incompatible change.
pub const SUMMARY_SCHEMA_VERSION: u32 = 1;

/// How tables are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableStyle {
    /// `;`-separated with a UTF-8 BOM, for Excel in French.
    pub excel: bool,
    /// Which files each table becomes.
    pub format: TableFormat,
}

/// The file formats of the output tables (`--format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TableFormat {
    #[default]
    Csv,
    Parquet,
    Both,
}

impl TableFormat {
    pub fn parse(text: &str) -> Option<TableFormat> {
        match text.to_ascii_lowercase().as_str() {
            "csv" => Some(TableFormat::Csv),
            "parquet" => Some(TableFormat::Parquet),
            "both" | "csv,parquet" | "parquet,csv" => Some(TableFormat::Both),
            _ => None,
        }
    }
}

/// The files of one table (`NAME.csv` and/or `NAME.parquet`), same columns and types.
pub fn table_files(
    name: &str,
    frame: PolarsResult<DataFrame>,
    style: TableStyle,
) -> Result<Vec<(String, Vec<u8>)>> {
    let csv_name = format!("{name}.csv");
    let mut frame = frame.map_err(|e| Error::write(Path::new(&csv_name), e))?;
    let mut files = Vec::new();
    if style.format != TableFormat::Parquet {
        files.push((csv_name.clone(), csv_bytes(&mut frame, style, &csv_name)?));
    }
    if style.format != TableFormat::Csv {
        let parquet_name = format!("{name}.parquet");
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes)
            .finish(&mut frame)
            .map_err(|e| Error::write(Path::new(&parquet_name), e))?;
        files.push((parquet_name, bytes));
    }
    Ok(files)
}

/// Serialize a frame as CSV bytes (floats with 2 decimals).
pub fn csv_bytes(frame: &mut DataFrame, style: TableStyle, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    CsvWriter::new(&mut bytes)
        .include_header(true)
        .include_bom(style.excel)
        .with_separator(if style.excel { b';' } else { b',' })
        .with_float_precision(Some(2))
        .finish(frame)
        .map_err(|e| Error::write(Path::new(name), e))?;
    Ok(bytes)
}

/// `units.csv`: one row per unit, sorted by code; `stage` empty when no CPTS covers it.
pub fn units_frame(run: &CoverageRun, zones: Option<&WhiteZones>) -> PolarsResult<DataFrame> {
    let units = &run.territory.units;
    let cpts = &run.listing.cpts;
    // No CPTS → null (an empty cell in CSV), like `stage`.
    let ids: Vec<Option<String>> = run
        .coverage
        .units
        .iter()
        .map(|c| {
            (!c.cpts.is_empty()).then(|| join_ids(c.cpts.iter().map(|&i| cpts[i].id.as_str())))
        })
        .collect();
    df!(
        "code" => units.iter().map(|u| u.code.as_str()).collect::<Vec<_>>(),
        "name" => units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
        "departement" => units.iter().map(|u| u.departement.as_str()).collect::<Vec<_>>(),
        "region" => units.iter().map(|u| u.region.as_str()).collect::<Vec<_>>(),
        "epci" => units.iter().map(|u| u.epci.as_deref()).collect::<Vec<_>>(),
        "population" => units.iter().map(|u| u.population).collect::<Vec<_>>(),
        "stage" => run.coverage.units.iter().map(|c| c.stage.map(|s| s.as_str())).collect::<Vec<_>>(),
        "cpts_ids" => ids,
    )
    .and_then(|mut frame| {
        if let Some(fractions) = &run.listing.covered_fraction {
            frame.with_column(Column::new("covered_fraction".into(), fractions.clone()))?;
        }
        if let Some(zones) = zones {
            let ids: Vec<Option<&str>> = zones.zone_of.iter().map(|z| z.map(|k| zones.zones[k].id.as_str())).collect();
            frame.with_column(Column::new("zone_id".into(), ids))?;
        }
        Ok(frame)
    })
}

/// `zones.csv`: one row per zone blanche, largest population first (S5).
pub fn zones_frame(run: &ZonesRun) -> PolarsResult<DataFrame> {
    let units = &run.coverage.territory.units;
    let z = &run.zones.zones;
    df!(
        "zone_id" => z.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
        "population" => z.iter().map(|x| x.population).collect::<Vec<_>>(),
        "units" => z.iter().map(|x| x.units.len() as u32).collect::<Vec<_>>(),
        "area_km2" => z.iter().map(|x| x.area_km2).collect::<Vec<_>>(),
        "departements" => z.iter().map(|x| x.departements.join(";")).collect::<Vec<_>>(),
        "codes" => z.iter().map(|x| join_ids(x.units.iter().map(|&u| units[u].code.as_str()))).collect::<Vec<_>>(),
    )
}

/// `zones.geojson`: dissolved outlines in WGS84 (RFC 7946), properties as in `zones.csv`.
pub fn zones_geojson(run: &ZonesRun) -> String {
    let units = &run.coverage.territory.units;
    let features: Vec<String> = run
        .zones
        .zones
        .par_iter()
        .map(|zone| {
            let mut out = String::new();
            out.push_str("{\"type\":\"Feature\",\"properties\":{\"zone_id\":");
            push_json_string(&mut out, &zone.id);
            out.push_str(&format!(
                ",\"population\":{},\"units\":{},\"area_km2\":{:.2},\"departements\":",
                zone.population,
                zone.units.len(),
                zone.area_km2
            ));
            push_json_string(&mut out, &zone.departements.join(";"));
            out.push_str(",\"codes\":");
            push_json_string(
                &mut out,
                &join_ids(zone.units.iter().map(|&u| units[u].code.as_str())),
            );
            out.push_str("},\"geometry\":");
            push_geometry(&mut out, &zone.crs.unproject(&zone.outline), Some(7));
            out.push('}');
            out
        })
        .collect();
    feature_collection(&features)
}

/// `adjacency.csv`: `code_a,code_b,shared_m` with code_a < code_b (and the overlap area).
pub fn adjacency_frame(run: &ZonesRun) -> PolarsResult<DataFrame> {
    let units = &run.coverage.territory.units;
    let p = &run.adjacency.pairs;
    df!(
        "code_a" => p.iter().map(|x| units[x.a].code.as_str()).collect::<Vec<_>>(),
        "code_b" => p.iter().map(|x| units[x.b].code.as_str()).collect::<Vec<_>>(),
        "shared_m" => p.iter().map(|x| x.shared_m).collect::<Vec<_>>(),
        "overlap_m2" => p.iter().map(|x| x.overlap_m2).collect::<Vec<_>>(),
    )
}

pub(crate) fn feature_collection(features: &[String]) -> String {
    let mut doc = String::with_capacity(features.iter().map(|f| f.len() + 2).sum::<usize>() + 64);
    doc.push_str("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (i, f) in features.iter().enumerate() {
        if i > 0 {
            doc.push_str(",\n");
        }
        doc.push_str(f);
    }
    doc.push_str("\n]}\n");
    doc
}

/// `overlaps.csv`: units listed by two or more CPTS, with their nature (S4).
pub fn overlaps_frame(run: &CoverageRun) -> PolarsResult<DataFrame> {
    let units = &run.territory.units;
    let cpts = &run.listing.cpts;
    let o = &run.coverage.overlaps;
    df!(
        "code" => o.iter().map(|x| units[x.unit].code.as_str()).collect::<Vec<_>>(),
        "name" => o.iter().map(|x| units[x.unit].name.as_str()).collect::<Vec<_>>(),
        "departement" => o.iter().map(|x| units[x.unit].departement.as_str()).collect::<Vec<_>>(),
        "population" => o.iter().map(|x| units[x.unit].population).collect::<Vec<_>>(),
        "nature" => o.iter().map(|x| x.nature.as_str()).collect::<Vec<_>>(),
        "cpts_count" => o.iter().map(|x| x.cpts.len() as u32).collect::<Vec<_>>(),
        "cpts_ids" => o.iter().map(|x| join_ids(x.cpts.iter().map(|&i| cpts[i].id.as_str()))).collect::<Vec<_>>(),
        "cpts_names" => o.iter().map(|x| join_ids(x.cpts.iter().map(|&i| cpts[i].name.as_str()))).collect::<Vec<_>>(),
    )
}

/// All rows that could not be tied to a unit, from every input, sorted by file then row.
pub fn unresolved_rows(run: &CoverageRun, extra: &[Unresolved]) -> Vec<Unresolved> {
    let mut rows: Vec<Unresolved> = run
        .territory
        .unresolved
        .iter()
        .chain(&run.listing.unresolved)
        .chain(extra)
        .cloned()
        .collect();
    rows.sort();
    rows
}

/// `unresolved.csv`: file, row, value, reason.
pub fn unresolved_frame(run: &CoverageRun, extra: &[Unresolved]) -> PolarsResult<DataFrame> {
    let rows = unresolved_rows(run, extra);
    df!(
        "file" => rows.iter().map(|r| r.file.as_str()).collect::<Vec<_>>(),
        "row" => rows.iter().map(|r| r.row as u64).collect::<Vec<_>>(),
        "value" => rows.iter().map(|r| r.value.as_str()).collect::<Vec<_>>(),
        "reason" => rows.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>(),
    )
}

pub(crate) fn join_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.collect::<Vec<_>>().join(";")
}

/// `summary.json`, schema version [`SUMMARY_SCHEMA_VERSION`] (documented in the README).
#[derive(Debug, Serialize)]
pub struct Summary {
    pub schema: &'static str,
    pub schema_version: u32,
    pub engine_version: &'static str,
    pub command: String,
    pub as_of: Option<String>,
    pub inputs: SummaryInputs,
    pub study_area: StudyArea,
    pub france: NationalFigures,
    pub counts: Counts,
    /// Zones blanches (S5), for the commands that compute them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zones: Option<ZonesSummary>,
    /// Options and plan (S6), for `plan` and `analyze`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::plan_output::PlanSummary>,
    /// Former codes of the listing and the commune each resolved to (S2).
    pub former_codes: Vec<FormerCode>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Serialize)]
pub struct ZonesSummary {
    /// Units below this stage are uncovered (`li` unless `--min-stage`).
    pub min_stage: &'static str,
    pub count: usize,
    pub population: u64,
    pub units: usize,
    /// Uncovered units without geometry: counted in the statistics, not zoned.
    pub unzoned_units: Vec<String>,
}

impl ZonesSummary {
    fn of(run: &CoverageRun, zones: &WhiteZones) -> ZonesSummary {
        ZonesSummary {
            min_stage: zones.min_stage.as_str(),
            count: zones.zones.len(),
            population: zones.zones.iter().map(|z| z.population).sum(),
            units: zones.zones.iter().map(|z| z.units.len()).sum(),
            unzoned_units: zones
                .unzoned
                .iter()
                .map(|&u| run.territory.units[u].code.clone())
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct FormerCode {
    pub former: String,
    pub current: String,
    pub rows: usize,
}

#[derive(Debug, Serialize)]
pub struct SummaryInputs {
    pub communes: Option<String>,
    pub communes_features: usize,
    pub communes_crs: Option<String>,
    pub cog: String,
    pub cpts: String,
    pub cpts_rows: usize,
    pub cpts_columns: BTreeMap<String, String>,
    pub default_stage: Option<&'static str>,
    pub population: String,
}

#[derive(Debug, Serialize)]
pub struct StudyArea {
    pub departements: usize,
    pub units: usize,
    pub geometry: bool,
    pub split_cities: Vec<String>,
    pub units_without_geometry: Vec<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct NationalFigures {
    pub population_total: u64,
    pub pop_aci: u64,
    pub pop_ps: u64,
    pub pop_li: u64,
    pub pop_preprojet: u64,
    pub pop_none: u64,
    pub pct_ge_li: f64,
    pub pct_ge_ps: f64,
    pub pct_aci: f64,
    pub units: u64,
}

#[derive(Debug, Serialize)]
pub struct Counts {
    pub cpts: usize,
    pub cpts_existing: usize,
    pub cpts_by_stage: BTreeMap<&'static str, usize>,
    pub units_covered: usize,
    pub units_uncovered: usize,
    pub overlaps: usize,
    pub overlap_conflicts: usize,
    pub unresolved: usize,
    pub listing_rows: usize,
    pub listing_rows_resolved: usize,
    pub listing_rows_unresolved: usize,
    pub listing_rows_outside_study_area: usize,
    pub former_codes_resolved: usize,
}

#[derive(Debug, Serialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub kind: String,
    pub message: String,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl NationalFigures {
    pub fn from_totals(t: &StageTotals) -> NationalFigures {
        NationalFigures {
            population_total: t.total,
            pop_aci: t.aci,
            pop_ps: t.ps,
            pop_li: t.li,
            pop_preprojet: t.preprojet,
            pop_none: t.none,
            pct_ge_li: round2(t.pct_at_least(Stage::Li)),
            pct_ge_ps: round2(t.pct_at_least(Stage::Ps)),
            pct_aci: round2(t.pct_at_least(Stage::Aci)),
            units: t.units,
        }
    }
}

/// Build the summary of a run.
pub fn summary(run: &CoverageRun, command: &str, extra: &[Unresolved]) -> Summary {
    let territory = &run.territory;
    let listing = &run.listing;
    let totals = run.coverage.totals(territory);
    let mut by_stage: BTreeMap<&'static str, usize> =
        Stage::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    by_stage.insert("not_yet_existing", 0);
    for c in &listing.cpts {
        *by_stage
            .entry(c.stage.map(|s| s.as_str()).unwrap_or("not_yet_existing"))
            .or_default() += 1;
    }
    let unresolved = unresolved_rows(run, extra);
    let conflicts = run
        .coverage
        .overlaps
        .iter()
        .filter(|o| o.nature == crate::coverage::OverlapNature::Conflict)
        .count();
    let covered = run
        .coverage
        .units
        .iter()
        .filter(|c| c.stage.is_some_and(|s| s.is_covered()))
        .count();
    let mut notices: Vec<Notice> = territory
        .notices
        .iter()
        .chain(&listing.notices)
        .cloned()
        .collect();
    if !unresolved.is_empty() {
        notices.push(Notice {
            kind: "unresolved",
            message: format!(
                "{} rows could not be tied to a unit: see unresolved.csv",
                unresolved.len()
            ),
        });
    }
    if conflicts > 0 {
        notices.push(Notice {
            kind: "overlap_conflicts",
            message: format!(
                "{conflicts} units outside big cities are listed by two or more CPTS: see overlaps.csv"
            ),
        });
    }
    notices.sort();
    Summary {
        schema: "zones-blanches/summary",
        schema_version: SUMMARY_SCHEMA_VERSION,
        engine_version: env!("CARGO_PKG_VERSION"),
        command: command.to_string(),
        as_of: run
            .inputs
            .listing
            .as_of
            .map(|d| d.format("%Y-%m-%d").to_string()),
        inputs: SummaryInputs {
            communes: run
                .inputs
                .communes
                .as_ref()
                .map(|p| p.display().to_string()),
            communes_features: run.features_read,
            communes_crs: run.communes_crs.clone(),
            cog: run.cog.describe(),
            cpts: listing.source.clone(),
            cpts_rows: listing.rows,
            cpts_columns: listing
                .columns_used
                .iter()
                .map(|(f, h)| (f.as_str().to_string(), h.clone()))
                .collect(),
            default_stage: run.inputs.listing.default_stage.map(|s| s.as_str()),
            population: territory.population_source.clone(),
        },
        study_area: StudyArea {
            departements: territory.departements.len(),
            units: territory.units.len(),
            geometry: territory.has_geometry,
            split_cities: territory.split_cities.iter().cloned().collect(),
            units_without_geometry: territory
                .units_without_geometry()
                .iter()
                .map(|u| u.code.clone())
                .collect(),
        },
        france: NationalFigures::from_totals(&totals),
        zones: None,
        plan: None,
        counts: Counts {
            cpts: listing.cpts.len(),
            cpts_existing: listing.cpts.iter().filter(|c| c.stage.is_some()).count(),
            cpts_by_stage: by_stage,
            units_covered: covered,
            units_uncovered: territory.units.len() - covered,
            overlaps: run.coverage.overlaps.len(),
            overlap_conflicts: conflicts,
            unresolved: unresolved.len(),
            listing_rows: listing.rows,
            listing_rows_resolved: listing.rows_resolved,
            listing_rows_unresolved: listing.unresolved.len(),
            listing_rows_outside_study_area: listing.rows_outside_study_area,
            former_codes_resolved: listing.former_codes.values().sum(),
        },
        former_codes: listing
            .former_codes
            .iter()
            .map(|((former, current), rows)| FormerCode {
                former: former.clone(),
                current: current.clone(),
                rows: *rows,
            })
            .collect(),
        warnings: notices
            .into_iter()
            .map(|n| Warning {
                kind: n.kind.to_string(),
                message: n.message,
            })
            .collect(),
    }
}

/// `units.geojson`: RFC 7946 FeatureCollection of the units in WGS84 with their coverage;
/// units without geometry have a null geometry. Features are built in parallel, in code order.
pub fn units_geojson(run: &CoverageRun) -> String {
    let cpts = &run.listing.cpts;
    let features: Vec<String> = run
        .territory
        .units
        .par_iter()
        .zip(run.coverage.units.par_iter())
        .map(|(unit, coverage)| {
            let vertices: usize = unit.geometry.as_ref().map_or(0, |g| {
                g.0.iter()
                    .map(|p| {
                        p.exterior().0.len()
                            + p.interiors().iter().map(|r| r.0.len()).sum::<usize>()
                    })
                    .sum()
            });
            let mut out = String::with_capacity(256 + vertices * 22);
            out.push_str("{\"type\":\"Feature\",\"properties\":{\"code\":");
            push_json_string(&mut out, &unit.code);
            out.push_str(",\"name\":");
            push_json_string(&mut out, &unit.name);
            out.push_str(",\"departement\":");
            push_json_string(&mut out, &unit.departement);
            out.push_str(",\"region\":");
            push_json_string(&mut out, &unit.region);
            out.push_str(",\"epci\":");
            match &unit.epci {
                Some(e) => push_json_string(&mut out, e),
                None => out.push_str("null"),
            }
            out.push_str(&format!(",\"population\":{},\"stage\":", unit.population));
            match coverage.stage {
                Some(stage) => push_json_string(&mut out, stage.as_str()),
                None => out.push_str("null"),
            }
            out.push_str(",\"cpts_ids\":");
            if coverage.cpts.is_empty() {
                out.push_str("null");
            } else {
                push_json_string(
                    &mut out,
                    &join_ids(coverage.cpts.iter().map(|&i| cpts[i].id.as_str())),
                );
            }
            out.push('}');
            out.push_str(",\"geometry\":");
            match &unit.geometry {
                Some(g) => push_geometry(&mut out, g, None),
                None => out.push_str("null"),
            }
            out.push('}');
            out
        })
        .collect();
    feature_collection(&features)
}

/// What the later steps add to the coverage outputs.
#[derive(Debug, Default)]
pub struct Extras<'a> {
    /// Zones: a `zone_id` column in units.csv and a `zones` section in summary.json.
    pub zones: Option<&'a WhiteZones>,
    /// The `plan` section of summary.json.
    pub plan: Option<crate::plan_output::PlanSummary>,
    /// Rows of the evidence tables that could not be placed (unresolved.csv).
    pub unresolved: Vec<Unresolved>,
}

/// Every output of the `coverage` command, as (file name, bytes), in writing order.
pub fn coverage_files(
    run: &CoverageRun,
    command: &str,
    style: TableStyle,
    extras: Extras,
) -> Result<Vec<(String, Vec<u8>)>> {
    let zones = extras.zones;
    let mut files = Vec::new();
    let stats = crate::pipeline::timed("statistics (polars)", || {
        run.coverage.statistics(&run.territory, &run.cog)
    });
    files.extend(table_files("coverage", stats, style)?);
    files.extend(table_files("units", units_frame(run, zones), style)?);
    files.extend(table_files("overlaps", overlaps_frame(run), style)?);
    files.extend(table_files(
        "unresolved",
        unresolved_frame(run, &extras.unresolved),
        style,
    )?);
    let mut summary = summary(run, command, &extras.unresolved);
    if let Some(zones) = zones {
        summary.zones = Some(ZonesSummary::of(run, zones));
    }
    summary.plan = extras.plan;
    let mut json = serde_json::to_string_pretty(&summary)
        .map_err(|e| Error::write(Path::new("summary.json"), e))?;
    json.push('\n');
    files.push(("summary.json".to_string(), json.into_bytes()));
    if run.territory.has_geometry {
        files.push(("units.geojson".to_string(), units_geojson(run).into_bytes()));
    }
    Ok(files)
}

/// The short human summary printed on the terminal.
pub fn terminal_summary(run: &CoverageRun, command: &str) -> String {
    let s = summary(run, command, &[]);
    let f = &s.france;
    let mut out = String::new();
    let scope = crate::coverage::study_area_name(&run.territory, &run.cog);
    out.push_str(&format!(
        "{scope}: {} units, {} inhabitants, {} CPTS ({} existing{})\n",
        f.units,
        thousands(f.population_total),
        s.counts.cpts,
        s.counts.cpts_existing,
        s.as_of
            .as_ref()
            .map(|d| format!(" on {d}"))
            .unwrap_or_default()
    ));
    out.push_str(&format!(
        "  covered (≥ lettre d'intention): {:>6.2} %  ({} inh.)\n",
        f.pct_ge_li,
        thousands(f.pop_aci + f.pop_ps + f.pop_li)
    ));
    out.push_str(&format!(
        "  ≥ projet de santé validé:        {:>6.2} %\n",
        f.pct_ge_ps
    ));
    out.push_str(&format!(
        "  ACI signé:                       {:>6.2} %\n",
        f.pct_aci
    ));
    out.push_str(&format!(
        "  zone blanche (no CPTS ≥ LI):     {:>6.2} %  ({} inh., {} units)\n",
        percent(f.pop_none + f.pop_preprojet, f.population_total),
        thousands(f.pop_none + f.pop_preprojet),
        s.counts.units_uncovered
    ));
    out.push_str(&format!(
        "  overlaps: {} ({} conflicts), unresolved rows: {}, warnings: {}\n",
        s.counts.overlaps,
        s.counts.overlap_conflicts,
        s.counts.unresolved,
        s.warnings.len()
    ));
    out
}

/// `1234567` → `1 234 567` (French grouping).
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

/// Every output of the `zones` command: those of `coverage` (with `zone_id` in `units.csv`),
/// `zones.csv`, `zones.geojson`, and `adjacency.csv` on request.
pub fn zones_files(
    run: &ZonesRun,
    command: &str,
    style: TableStyle,
    with_adjacency: bool,
    extras: Extras,
) -> Result<Vec<(String, Vec<u8>)>> {
    let extras = Extras {
        zones: Some(&run.zones),
        ..extras
    };
    let mut files = coverage_files(&run.coverage, command, style, extras)?;
    files.extend(table_files("zones", zones_frame(run), style)?);
    files.push(("zones.geojson".to_string(), zones_geojson(run).into_bytes()));
    if with_adjacency {
        files.extend(table_files("adjacency", adjacency_frame(run), style)?);
    }
    Ok(files)
}

/// Terminal lines for zones: how many, and the five most populated.
pub fn terminal_zones(run: &ZonesRun) -> String {
    let units = &run.coverage.territory.units;
    let zones = &run.zones.zones;
    let mut out = format!(
        "Zones blanches (stage < {}): {} zones, {} inhabitants, {} units{}\n",
        run.zones.min_stage.as_str(),
        zones.len(),
        thousands(zones.iter().map(|z| z.population).sum()),
        zones.iter().map(|z| z.units.len()).sum::<usize>(),
        if run.zones.unzoned.is_empty() {
            String::new()
        } else {
            format!(
                " ({} uncovered units without geometry not zoned)",
                run.zones.unzoned.len()
            )
        }
    );
    for zone in zones.iter().take(5) {
        let first = &units[zone.units[0]];
        out.push_str(&format!(
            "  {}  {:>9} inh.  {:>4} units  {:>8.1} km²  dép. {}  (from {} {})\n",
            zone.id,
            thousands(zone.population),
            zone.units.len(),
            zone.area_km2,
            zone.departements.join(","),
            first.code,
            first.name
        ));
    }
    out
}
