//! The series run (S10): the inputs read, resolved, projected and their adjacency built once,
//! then the listing evaluated at every date.

use super::coverage::{CoverageRun, coverage_and_geometry};
use super::zones::require_geometry;
use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::model::Stage;
use crate::model::setting::Setting;
use crate::progress::{Progress, Silent, timed};
use crate::time::series::{SeriesPoint, points};
use crate::time::stalled::{DateSource, Stalled};
use chrono::NaiveDate;

/// A series: the run as read (for names, inputs, warnings, stalled CPTS) and one point per
/// date.
#[derive(Debug, Clone)]
pub struct SeriesRun {
    /// The coverage of the listing as read (no `as_of`).
    pub coverage: CoverageRun,
    /// Units below this stage are uncovered in the zones of each point.
    pub min_stage: Stage,
    /// One point per date, in date order.
    pub points: Vec<SeriesPoint>,
}

/// Run S1–S5 at every date of `dates` (sorted, deduplicated), reading everything once.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use chrono::NaiveDate;
/// use zones_blanches::{Inputs, Stage, run_series};
/// let dates = [NaiveDate::from_ymd_opt(2023, 1, 1).ok_or("not found")?, NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("not found")?];
/// let run = run_series(&Inputs::demo(), &dates, Stage::Li)?;
/// let (first, last) = (&run.points[0], &run.points[1]);
/// // CPTS only ever reach later stages: coverage never falls from one date to the next.
/// assert!(first.scopes.france.at_least(Stage::Li) <= last.scopes.france.at_least(Stage::Li));
/// assert!(last.zones.is_some()); // the demo has a commune layer: zones are counted
/// # Ok(())
/// # }
/// ```
pub fn run_series(inputs: &Inputs, dates: &[NaiveDate], min_stage: Stage) -> Result<SeriesRun> {
    run_series_with(inputs, dates, min_stage, &Silent)
}

/// [`run_series`], telling `progress` of each step.
pub fn run_series_with(
    inputs: &Inputs,
    dates: &[NaiveDate],
    min_stage: Stage,
    progress: &dyn Progress,
) -> Result<SeriesRun> {
    if inputs.listing.as_of.is_some() {
        return Err(Error::Setting(format!(
            "a series takes its dates from {} or {}/{}, not {}",
            Setting::Dates,
            Setting::From,
            Setting::To,
            Setting::AsOf
        )));
    }
    if dates.is_empty() {
        return Err(Error::Setting(format!(
            "the series has no date: {} is before {}",
            Setting::To,
            Setting::From
        )));
    }
    let (mut coverage, geometry) = coverage_and_geometry(inputs, progress)?;
    // S10: a series judges its stalled CPTS at its last date, not the listing's.
    if let Some(&end) = dates.iter().max() {
        let threshold = coverage.stalled.threshold_months;
        coverage.stalled =
            Stalled::of(&coverage.listing, &coverage.territory, Some(end), threshold);
        coverage.stalled.date_source = DateSource::SeriesEnd;
    }
    require_geometry(&coverage, inputs)?;
    let geometry = coverage
        .territory
        .has_geometry
        .then(|| geometry.complete(&coverage.territory, progress))
        .map(|(metric, adjacency, _)| (metric, adjacency));
    let points = timed(progress, "series", || {
        points(
            &coverage.territory,
            &coverage.listing,
            geometry.as_ref().map(|(m, a)| (m.as_slice(), a)),
            dates,
            min_stage,
        )
    });
    Ok(SeriesRun {
        coverage,
        min_stage,
        points,
    })
}
