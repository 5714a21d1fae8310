//! S10 series: one listing evaluated at many dates. The inputs are read, resolved, projected
//! and their adjacency built once; each date only re-evaluates the stages (S3 `--as-of`), the
//! figures by scope (S4) and the zone components (S5), so each point equals an `--as-of` run.

use crate::analysis::{CoverageRun, run_coverage_with};
use crate::coverage::{Coverage, Scopes, StageTotals};
use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::model::Stage;
use crate::progress::{Progress, timed};
use crate::territory::Territory;
use crate::zones::zone_groups;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Number of CPTS at each stage (li, ps, aci) with a unit in a scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CptsAtStage {
    pub li: usize,
    pub ps: usize,
    pub aci: usize,
}

/// Zones blanches at one date (S5), counted without dissolving their outlines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ZoneFigures {
    pub zones: usize,
    pub population: u64,
    pub largest: u64,
}

/// One date of a series.
#[derive(Debug, Clone)]
pub struct SeriesPoint {
    pub date: NaiveDate,
    /// Population by stage of every scope, as `coverage.csv` at `--as-of date`.
    pub scopes: Scopes<StageTotals>,
    pub cpts: Scopes<CptsAtStage>,
    /// With a commune layer.
    pub zones: Option<ZoneFigures>,
}

/// A series: the run as read (for names, inputs, warnings) and one point per date.
#[derive(Debug, Clone)]
pub struct SeriesRun {
    pub coverage: CoverageRun,
    pub min_stage: Stage,
    pub points: Vec<SeriesPoint>,
}

/// The scopes a CPTS reaches (its units of the reporting area): `(in area, régions,
/// départements)`, with the région rule of [`Scopes::fold`].
type Reach = (bool, BTreeSet<String>, BTreeSet<String>);

fn reach_of(territory: &Territory, units: &[usize]) -> Reach {
    let mut reach: Reach = (false, BTreeSet::new(), BTreeSet::new());
    for &u in units.iter().filter(|&&u| territory.in_area(u)) {
        let unit = &territory.units[u];
        reach.0 = true;
        let region_reported = match &territory.area {
            Some(area) => area.regions.contains(&unit.region),
            None => !unit.region.is_empty(),
        };
        if region_reported {
            reach.1.insert(unit.region.clone());
        }
        reach.2.insert(unit.departement.clone());
    }
    reach
}

fn count_cpts(reach: &[Reach], stages: &[Option<Stage>]) -> Scopes<CptsAtStage> {
    let mut scopes: Scopes<CptsAtStage> = Scopes::default();
    for (r, stage) in reach.iter().zip(stages) {
        let add = |c: &mut CptsAtStage| match stage {
            Some(Stage::Li) => c.li += 1,
            Some(Stage::Ps) => c.ps += 1,
            Some(Stage::Aci) => c.aci += 1,
            _ => {}
        };
        if r.0 {
            add(&mut scopes.france);
        }
        for region in &r.1 {
            add(scopes.regions.entry(region.clone()).or_default());
        }
        for dep in &r.2 {
            add(scopes.departements.entry(dep.clone()).or_default());
        }
    }
    scopes
}

/// Run S1–S5 at every date of `dates` (sorted, deduplicated), reading everything once.
pub fn run_series_with(
    inputs: &Inputs,
    dates: &[NaiveDate],
    min_stage: Stage,
    progress: &dyn Progress,
) -> Result<SeriesRun> {
    if inputs.listing.as_of.is_some() {
        return Err(Error::Usage(
            "a series takes its dates from --dates or --from/--to, not --as-of".into(),
        ));
    }
    if dates.is_empty() {
        return Err(Error::Usage(
            "the series has no date: --to is before --from".into(),
        ));
    }
    let mut coverage = run_coverage_with(inputs, progress)?;
    let geometry = coverage
        .territory
        .has_geometry
        .then(|| coverage.take_metric_and_adjacency(progress));
    let territory = &coverage.territory;
    let listing = &coverage.listing;
    let reach: Vec<Reach> = listing
        .cpts
        .iter()
        .map(|c| reach_of(territory, &c.units))
        .collect();
    let points = timed(progress, "series", || {
        dates
            .par_iter()
            .map(|&date| {
                let stages = listing.stages_at(date);
                let at = Coverage::with_stages(territory, listing, &stages);
                let zones = geometry.as_ref().map(|(metric, adjacency)| {
                    let (groups, _) = zone_groups(territory, &at, metric, adjacency, min_stage);
                    let population = |g: &Vec<usize>| -> u64 {
                        g.iter().map(|&u| territory.units[u].population).sum()
                    };
                    ZoneFigures {
                        zones: groups.len(),
                        population: groups.iter().map(population).sum(),
                        largest: groups.first().map(population).unwrap_or(0),
                    }
                });
                SeriesPoint {
                    date,
                    scopes: at.scopes(territory),
                    cpts: count_cpts(&reach, &stages),
                    zones,
                }
            })
            .collect()
    });
    Ok(SeriesRun {
        coverage,
        min_stage,
        points,
    })
}
