//! The tables of time (S10): `coverage_series.csv`, `zones_series.csv`, `changes_units.csv`,
//! `changes_cpts.csv`, `changes_zones.csv` and `stalled.csv`.

use crate::analysis::CoverageRun;
use crate::coverage::StageTotals;
use crate::error::{Error, Result};
use crate::export::summary::{
    CompareSide, CompareSummary, NationalFigures, SeriesSummary, Summary, summary,
};
use crate::export::tables::{
    scope_columns, scope_rows, stage_columns, unresolved_frame, unresolved_rows, unresolved_table,
};
use crate::export::{Files, TableStyle, summary_file, table_files};
use crate::model::format::join_ids;
use crate::model::{SizeClass, Stage};
use crate::timeline::compare::Comparison;
use crate::timeline::compare::Snapshot;
use crate::timeline::series::{CptsAtStage, SeriesRun};
use crate::timeline::stalled::Stalled;
use polars::prelude::*;
use std::collections::BTreeMap;

fn date_text(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// `coverage_series.csv`: per date, the rows of `coverage.csv` at `--as-of` that date (the
/// study area, régions, départements; no EPCI) and the number of CPTS at each stage.
pub(crate) fn coverage_series_frame(run: &SeriesRun) -> PolarsResult<DataFrame> {
    let (territory, cog) = (&run.coverage.territory, &run.coverage.cog);
    let mut date = Vec::new();
    let mut rows = Vec::new();
    let mut counts: Vec<CptsAtStage> = Vec::new();
    for point in &run.points {
        for row in scope_rows(territory, cog, &point.scopes, false) {
            let c = match row.0 {
                "region" => point.cpts.regions.get(&row.1).copied(),
                "departement" => point.cpts.departements.get(&row.1).copied(),
                _ => Some(point.cpts.france),
            };
            date.push(date_text(point.date));
            counts.push(c.unwrap_or_default());
            rows.push(row);
        }
    }
    let totals: Vec<&StageTotals> = rows.iter().map(|r| r.3).collect();
    let mut columns = vec![Column::new("date".into(), date)];
    columns.extend(scope_columns(&rows));
    columns.extend(stage_columns(&totals));
    for (name, count) in [
        (
            "cpts_li",
            (|c: &CptsAtStage| c.li) as fn(&CptsAtStage) -> usize,
        ),
        ("cpts_ps", |c| c.ps),
        ("cpts_aci", |c| c.aci),
    ] {
        let values: Vec<u32> = counts.iter().map(|c| count(c) as u32).collect();
        columns.push(Column::new(name.into(), values));
    }
    DataFrame::new_infer_height(columns)
}

/// `zones_series.csv`: per date, the zones blanches (S5) of the study area.
pub(crate) fn zones_series_frame(run: &SeriesRun) -> PolarsResult<DataFrame> {
    let points: Vec<_> = run
        .points
        .iter()
        .filter_map(|p| p.zones.map(|z| (p.date, z)))
        .collect();
    df!(
        "date" => points.iter().map(|p| date_text(p.0)).collect::<Vec<_>>(),
        "zones" => points.iter().map(|p| p.1.zones as u32).collect::<Vec<_>>(),
        "population_in_zones" => points.iter().map(|p| p.1.population).collect::<Vec<_>>(),
        "largest_zone_population" => points.iter().map(|p| p.1.largest).collect::<Vec<_>>(),
    )
}

/// A list cell: ids joined with `;`, empty (null) when there is none.
fn list(ids: &[String]) -> Option<String> {
    (!ids.is_empty()).then(|| ids.join(";"))
}

fn stage_text(stage: Option<Stage>) -> Option<&'static str> {
    stage.map(|s| s.as_str())
}

/// `changes_units.csv`: units whose best stage or CPTS changed.
pub(crate) fn changes_units_frame(c: &Comparison) -> PolarsResult<DataFrame> {
    let u = &c.units;
    df!(
        "code" => u.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(),
        "name" => u.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
        "departement" => u.iter().map(|x| x.departement.as_str()).collect::<Vec<_>>(),
        "population" => u.iter().map(|x| x.population).collect::<Vec<_>>(),
        "change" => u.iter().map(|x| x.change).collect::<Vec<_>>(),
        "stage_before" => u.iter().map(|x| stage_text(x.stage_before)).collect::<Vec<_>>(),
        "stage_after" => u.iter().map(|x| stage_text(x.stage_after)).collect::<Vec<_>>(),
        "cpts_before" => u.iter().map(|x| list(&x.cpts_before)).collect::<Vec<_>>(),
        "cpts_after" => u.iter().map(|x| list(&x.cpts_after)).collect::<Vec<_>>(),
    )
}

/// `changes_cpts.csv`: CPTS that appeared, disappeared, changed stage or perimeter.
pub(crate) fn changes_cpts_frame(c: &Comparison) -> PolarsResult<DataFrame> {
    let r = &c.cpts;
    let class = |p: Option<u64>| p.map(|p| SizeClass::of_population(p).as_str());
    df!(
        "cpts_id" => r.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
        "name" => r.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
        "change" => r.iter().map(|x| x.change).collect::<Vec<_>>(),
        "stage_before" => r.iter().map(|x| stage_text(x.stage_before)).collect::<Vec<_>>(),
        "stage_after" => r.iter().map(|x| stage_text(x.stage_after)).collect::<Vec<_>>(),
        "stage_date" => r.iter().map(|x| x.stage_date.map(date_text)).collect::<Vec<_>>(),
        "communes_added" => r.iter().map(|x| list(&x.codes_added)).collect::<Vec<_>>(),
        "communes_removed" => r.iter().map(|x| list(&x.codes_removed)).collect::<Vec<_>>(),
        "population_before" => r.iter().map(|x| x.population_before).collect::<Vec<_>>(),
        "population_after" => r.iter().map(|x| x.population_after).collect::<Vec<_>>(),
        "size_class_before" => r.iter().map(|x| class(x.population_before)).collect::<Vec<_>>(),
        "size_class_after" => r.iter().map(|x| class(x.population_after)).collect::<Vec<_>>(),
    )
}

/// `changes_zones.csv`: zones closed, opened, shrunk, grown, reshaped, split or merged.
pub(crate) fn changes_zones_frame(
    changes: &[crate::timeline::compare::ZoneChange],
) -> PolarsResult<DataFrame> {
    let z = changes;
    df!(
        "zones_before" => z.iter().map(|x| list(&x.zones_before)).collect::<Vec<_>>(),
        "zones_after" => z.iter().map(|x| list(&x.zones_after)).collect::<Vec<_>>(),
        "change" => z.iter().map(|x| x.change).collect::<Vec<_>>(),
        "name" => z.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
        "population_before" => z.iter().map(|x| x.population_before).collect::<Vec<_>>(),
        "population_after" => z.iter().map(|x| x.population_after).collect::<Vec<_>>(),
        "units_before" => z.iter().map(|x| x.units_before as u32).collect::<Vec<_>>(),
        "units_after" => z.iter().map(|x| x.units_after as u32).collect::<Vec<_>>(),
        "units_gained" => z.iter().map(|x| x.units_gained as u32).collect::<Vec<_>>(),
        "units_lost" => z.iter().map(|x| x.units_lost as u32).collect::<Vec<_>>(),
    )
}

/// `stalled.csv`: CPTS at `li` or `ps` for longer than the threshold (S10), longest first.
pub(crate) fn stalled_frame(run: &CoverageRun, stalled: &Stalled) -> PolarsResult<DataFrame> {
    let s = &stalled.cpts;
    let cpts = &run.listing.cpts;
    df!(
        "cpts_id" => s.iter().map(|x| cpts[x.cpts].id.as_str()).collect::<Vec<_>>(),
        "name" => s.iter().map(|x| cpts[x.cpts].name.as_str()).collect::<Vec<_>>(),
        "stage" => s.iter().map(|x| x.stage.as_str()).collect::<Vec<_>>(),
        "since" => s.iter().map(|x| date_text(x.since)).collect::<Vec<_>>(),
        "months_at_stage" => s.iter().map(|x| x.months).collect::<Vec<_>>(),
        "population" => s.iter().map(|x| x.population).collect::<Vec<_>>(),
        "departements" => s.iter().map(|x| join_ids(x.departements.iter().map(|d| d.as_str()))).collect::<Vec<_>>(),
    )
}

/// Every output of `series`: `coverage_series.csv`, `zones_series.csv` (with a commune layer),
/// `unresolved.csv`, `summary.json`; and the summary.
pub fn series_outputs(run: &SeriesRun, style: TableStyle) -> Result<(Summary, Files)> {
    let base = &run.coverage;
    let stalled = Stalled::of(base);
    let mut summary = summary(base, "series", &[], &stalled);
    let first_scope =
        |p: &crate::timeline::series::SeriesPoint| NationalFigures::from_totals(&p.scopes.france);
    let (Some(first), Some(last)) = (run.points.first(), run.points.last()) else {
        return Err(Error::Usage("the series has no date".into()));
    };
    summary.series = Some(SeriesSummary {
        dates: run.points.iter().map(|p| date_text(p.date)).collect(),
        min_stage: run.min_stage.as_str(),
        zones: first.zones.is_some(),
        first: first_scope(first),
        last: first_scope(last),
    });
    let mut files = table_files("coverage_series", coverage_series_frame(run), style)?;
    if first.zones.is_some() {
        files.extend(table_files("zones_series", zones_series_frame(run), style)?);
    }
    files.extend(table_files(
        "unresolved",
        unresolved_frame(base, &[], style.lang),
        style,
    )?);
    files.push(summary_file(&summary)?);
    Ok((summary, crate::export::finish(files, style)?))
}

/// One side of a comparison in `summary.json`.
fn compare_side(side: &Snapshot) -> CompareSide {
    let run = &side.run;
    CompareSide {
        label: side.label.clone(),
        cpts: run.listing.source.clone(),
        as_of: run.inputs.listing.as_of.map(date_text),
        figures: NationalFigures::from_totals(&run.scopes.france),
        cpts_existing: run
            .listing
            .cpts
            .iter()
            .filter(|c| c.stage.is_some() && c.units.iter().any(|&u| run.territory.in_area(u)))
            .count(),
        zones: side.zones.as_ref().map(|z| z.len()),
    }
}

fn count_changes(kinds: impl Iterator<Item = &'static str>) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for kind in kinds {
        *counts.entry(kind).or_default() += 1;
    }
    counts
}

/// Every output of `compare`: `changes_units.csv`, `changes_cpts.csv`, `changes_zones.csv`
/// (with a commune layer), `unresolved.csv` (both sides), `summary.json` (the side after,
/// with the `compare` section); and the summary.
pub fn compare_outputs(c: &Comparison, style: TableStyle) -> Result<(Summary, Files)> {
    let after = &c.after.run;
    let stalled = Stalled::of(after);
    let before_unresolved = unresolved_rows(&c.before.run, &[]);
    let mut summary = summary(after, "compare", &before_unresolved, &stalled);
    summary.compare = Some(CompareSummary {
        before: compare_side(&c.before),
        after: compare_side(&c.after),
        units_changed: c.units.len(),
        cpts_changes: count_changes(c.cpts.iter().map(|x| x.change)),
        zones_changes: c
            .zones
            .as_ref()
            .map(|z| count_changes(z.iter().map(|x| x.change))),
    });
    let mut files = table_files("changes_units", changes_units_frame(c), style)?;
    files.extend(table_files("changes_cpts", changes_cpts_frame(c), style)?);
    if let Some(zones) = &c.zones {
        files.extend(table_files(
            "changes_zones",
            changes_zones_frame(zones),
            style,
        )?);
    }
    let mut rows = unresolved_rows(after, &before_unresolved);
    rows.dedup();
    files.extend(table_files("unresolved", unresolved_table(&rows), style)?);
    files.push(summary_file(&summary)?);
    Ok((summary, crate::export::finish(files, style)?))
}
