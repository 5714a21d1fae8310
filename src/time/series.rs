//! S10 series: one listing evaluated at many dates. Each date only re-evaluates the stages
//! (S3 `as_of`), the figures by scope (S4) and the zone components (S5) of a territory read
//! once, so each point equals an `as_of` run at that date.

use crate::adjacency::Adjacency;
use crate::coverage::{Coverage, Scopes, StageTotals};
use crate::inputs::listing::Listing;
use crate::model::Stage;
use crate::territory::Territory;
use crate::zones::zone_groups;
use chrono::NaiveDate;
use geo::MultiPolygon;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Number of CPTS at each stage (li, ps, aci) with a unit in a scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CptsAtStage {
    /// CPTS at `li`.
    pub li: usize,
    /// CPTS at `ps`.
    pub ps: usize,
    /// CPTS at `aci`.
    pub aci: usize,
}

/// Zones blanches at one date (S5), counted without dissolving their outlines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ZoneFigures {
    /// Number of zones.
    pub zones: usize,
    /// Their population.
    pub population: u64,
    /// Population of the largest.
    pub largest: u64,
}

/// One date of a series.
#[derive(Debug, Clone)]
pub struct SeriesPoint {
    /// The date.
    pub date: NaiveDate,
    /// Population by stage of every scope, as `coverage.csv` at `--as-of date`.
    pub scopes: Scopes<StageTotals>,
    /// CPTS at each stage by scope.
    pub cpts: Scopes<CptsAtStage>,
    /// With a commune layer.
    pub zones: Option<ZoneFigures>,
}

/// The scopes a CPTS reaches (its units of the reporting area): `(in area, régions,
/// départements, EPCI)`, with the région rule of [`Scopes::fold`].
pub(crate) type Reach = (bool, BTreeSet<String>, BTreeSet<String>, BTreeSet<String>);

pub(crate) fn reach_of(territory: &Territory, units: &[usize]) -> Reach {
    let mut reach: Reach = (false, BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
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
        if let Some(epci) = &unit.epci {
            reach.3.insert(epci.clone());
        }
    }
    reach
}

/// CPTS at each stage by scope, each CPTS at its stage of the run (S3), counted in every scope
/// its units of the reporting area reach (the columns `cpts_li`… of `coverage.csv`).
pub(crate) fn cpts_by_scope(territory: &Territory, listing: &Listing) -> Scopes<CptsAtStage> {
    let reach: Vec<Reach> = listing
        .cpts
        .iter()
        .map(|c| reach_of(territory, &c.units))
        .collect();
    let stages: Vec<Option<Stage>> = listing.cpts.iter().map(|c| c.stage).collect();
    count_cpts(&reach, &stages)
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
        for epci in &r.3 {
            add(scopes.epcis.entry(epci.clone()).or_default());
        }
    }
    scopes
}

/// The unit geometry a series counts zones with: metric polygons and adjacency.
pub(crate) type ZoneGeometry<'a> = (&'a [Option<MultiPolygon<f64>>], &'a Adjacency);

/// S10: the figures of the listing at every date of `dates`, evaluated in parallel: stages at
/// the date (S3 `as_of`), figures by scope (S4), CPTS counts and, with geometry, the zone
/// components (S5).
pub(crate) fn points(
    territory: &Territory,
    listing: &Listing,
    geometry: Option<ZoneGeometry>,
    dates: &[NaiveDate],
    min_stage: Stage,
) -> Vec<SeriesPoint> {
    let reach: Vec<Reach> = listing
        .cpts
        .iter()
        .map(|c| reach_of(territory, &c.units))
        .collect();
    dates
        .par_iter()
        .map(|&date| {
            let stages = listing.stages_at(date);
            let at = Coverage::with_stages(territory, listing, &stages);
            let zones = geometry.map(|(metric, adjacency)| {
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
}
