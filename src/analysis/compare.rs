//! The comparison run (S10): two listings, or one listing at two dates, each side read as a
//! coverage run (with the zone components when there is a commune layer), then every change.

use super::coverage::{CoverageRun, coverage_and_geometry};
use super::figures::Findings;
use super::zones::require_geometry;
use crate::error::Result;
use crate::inputs::Inputs;
use crate::model::Stage;
use crate::progress::{Progress, Silent, timed};
use crate::time::compare::{Changes, Side, changes};
use crate::zones::zone_groups;
use geo::MultiPolygon;

/// One side of a comparison: a coverage run and, with a commune layer, its zones (member
/// units, in zone order: `Z0001` first).
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// `2024-02-01`, or the listing's file name.
    pub label: String,
    /// The side's coverage.
    pub run: CoverageRun,
    /// The side's zones blanches, as member units.
    pub zones: Option<Vec<Vec<usize>>>,
    /// The units in their metric CRS, for the map of the side after (the side before drops
    /// them once the changes are known).
    pub metric: Option<Vec<Option<MultiPolygon<f64>>>>,
}

impl Snapshot {
    fn side(&self) -> Side<'_> {
        Side {
            territory: &self.run.territory,
            listing: &self.run.listing,
            cover: &self.run.cover,
            zones: self.zones.as_deref(),
        }
    }
}

/// A comparison and its changes.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The side before.
    pub before: Snapshot,
    /// The side after.
    pub after: Snapshot,
    /// What changed.
    pub changes: Changes,
    /// The findings of the comparison: the side after's, with the rows of both sides that no
    /// unit could be tied to (each row once).
    pub findings: Findings,
    /// Units below this stage are uncovered (S3).
    pub min_stage: Stage,
}

/// Read one side: coverage, and the zone components (no outline) with a commune layer.
fn snapshot(
    inputs: &Inputs,
    label: String,
    min_stage: Stage,
    progress: &dyn Progress,
) -> Result<Snapshot> {
    let (run, geometry) = coverage_and_geometry(inputs, progress)?;
    require_geometry(&run, inputs)?;
    let (zones, metric) = if run.territory.has_geometry {
        let (metric, adjacency, _) = geometry.complete(&run.territory, progress);
        let zones = zone_groups(&run.territory, &run.cover, &metric, &adjacency, min_stage).0;
        (Some(zones), Some(metric))
    } else {
        (None, None)
    };
    Ok(Snapshot {
        label,
        run,
        zones,
        metric,
    })
}

/// Compare two sides.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use chrono::NaiveDate;
/// use zones_blanches::{Inputs, Stage, run_compare};
/// let at = |y| {
///     let mut inputs = Inputs::demo();
///     inputs.listing.as_of = NaiveDate::from_ymd_opt(y, 1, 1);
///     (inputs, y.to_string())
/// };
/// let comparison = run_compare(at(2023), at(2025), Stage::Li)?;
/// // Each CPTS that appeared between the two dates is reported once, by id.
/// let appeared = comparison.changes.cpts.iter().filter(|c| c.change == "appeared").count();
/// assert!(appeared > 0);
/// # Ok(())
/// # }
/// ```
pub fn run_compare(
    before: (Inputs, String),
    after: (Inputs, String),
    min_stage: Stage,
) -> Result<Comparison> {
    run_compare_with(before, after, min_stage, &Silent)
}

/// [`run_compare`], telling `progress` of each step.
pub fn run_compare_with(
    (before, before_label): (Inputs, String),
    (after, after_label): (Inputs, String),
    min_stage: Stage,
    progress: &dyn Progress,
) -> Result<Comparison> {
    let mut before = timed(progress, "before", || {
        snapshot(&before, before_label, min_stage, progress)
    })?;
    let after = timed(progress, "after", || {
        snapshot(&after, after_label, min_stage, progress)
    })?;
    let changes = timed(progress, "compare", || {
        changes(&before.side(), &after.side())
    });
    before.metric = None;
    let run = &after.run;
    let findings = Findings::of(
        &run.territory,
        &run.listing,
        &run.cover,
        before.run.findings.unresolved.clone(),
        &[],
    );
    Ok(Comparison {
        before,
        after,
        changes,
        findings,
        min_stage,
    })
}
