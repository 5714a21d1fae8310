//! The tables of time (S10): `coverage_series.csv`, `zones_series.csv`, `changes_units.csv`,
//! `changes_cpts.csv`, `changes_zones.csv` and `stalled.csv`.

use super::tables::{cpts_columns, cpts_of_row, scope_columns, scope_rows, stage_columns};
use crate::analysis::{Comparison, CoverageRun, SeriesRun};
use crate::coverage::StageTotals;
use crate::model::format::join_ids;
use crate::model::{SizeClass, Stage};
use crate::time::series::CptsAtStage;
use polars::prelude::*;

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
            date.push(date_text(point.date));
            counts.push(cpts_of_row(&point.cpts, &row));
            rows.push(row);
        }
    }
    let totals: Vec<&StageTotals> = rows.iter().map(|r| r.3).collect();
    let mut columns = vec![Column::new("date".into(), date)];
    columns.extend(scope_columns(&rows));
    columns.extend(stage_columns(&totals));
    columns.extend(cpts_columns(&counts));
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
    let u = &c.changes.units;
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
    let r = &c.changes.cpts;
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
    changes: &[crate::time::compare::ZoneChange],
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
pub(crate) fn stalled_frame(run: &CoverageRun) -> PolarsResult<DataFrame> {
    let s = &run.stalled.cpts;
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
