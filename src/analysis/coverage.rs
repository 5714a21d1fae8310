//! The coverage run (S1–S4, S10 stalled): read the inputs, resolve the listing, compute each
//! unit's best stage, the population by stage of every scope, the stalled CPTS and the
//! findings.

use super::figures::{Findings, NationalFigures};
use super::monitor::{Monitoring, ZoneRegister};
use super::read::{Layered, ListingSource, polygons_need_communes, read};
use crate::adjacency::Adjacency;
use crate::coverage::{Coverage, Scopes, StageTotals};
use crate::error::Result;
use crate::inputs::Inputs;
use crate::inputs::cpts_polygons::{DEFAULT_MIN_OVERLAP, listing_from_polygons};
use crate::inputs::listing::Listing;
use crate::io::PolygonLayer;
use crate::model::{Notice, Stage, Unresolved};
use crate::prepared::PreparedUse;
use crate::progress::{Progress, Silent, timed};
use crate::territory::Territory;
use crate::territory::cog::Cog;
use crate::territory::metric::project_units;
use crate::time::stalled::{DEFAULT_STALLED_MONTHS, Stalled};
use chrono::NaiveDate;
use geo::MultiPolygon;
use std::path::PathBuf;

/// What a run read, as its outputs name it: the files and the settings that change figures.
#[derive(Debug, Clone)]
pub struct InputRecord {
    /// The commune layer (or prepared territory) as given; `None` in a COG-only run.
    pub communes: Option<PathBuf>,
    /// Number of features in the commune layer (0 in a COG-only run).
    pub communes_features: usize,
    /// CRS the commune layer was read from.
    pub communes_crs: Option<String>,
    /// The prepared territory the units were read from, if any.
    pub prepared: Option<PreparedUse>,
    /// The date of the situation (S3), if one was asked.
    pub as_of: Option<NaiveDate>,
    /// The stage of listing rows without one.
    pub default_stage: Option<Stage>,
}

/// The result of a coverage run: each part a plain value computed from the previous ones.
#[derive(Debug, Clone)]
pub struct CoverageRun {
    /// What was read.
    pub record: InputRecord,
    /// The COG reference of the run.
    pub cog: Cog,
    /// The units of the study area (S1), restricted to the context of a reporting area (S7).
    pub territory: Territory,
    /// The CPTS and the units each lists (S2, S3).
    pub listing: Listing,
    /// Each unit's best stage and CPTS, and the overlaps (S3, S4).
    pub cover: Coverage,
    /// Population by stage of the study area and of each région, département and EPCI (S4).
    pub scopes: Scopes<StageTotals>,
    /// The CPTS stuck at `li` or `ps` (S10).
    pub stalled: Stalled,
    /// Rows no unit could be tied to, counts and warnings. A plan run adds the rows of its
    /// evidence tables and decisions here: these are the findings of the whole run.
    pub findings: Findings,
    /// Indicators, the priority indicator and the register, as read.
    pub monitoring: Monitoring,
}

impl CoverageRun {
    /// The run's findings again: the listing's and the territory's, the indicator table's,
    /// the register's (`zone_register`: matched to zones) and `extra`/`notices` of later steps.
    pub(crate) fn refresh_findings(
        &mut self,
        zone_register: Option<&ZoneRegister>,
        extra: Vec<Unresolved>,
        notices: &[Notice],
    ) {
        let (mut rows, mut said) = self.monitoring.findings();
        if let (Some(matched), Some(register)) = (zone_register, &self.monitoring.register) {
            let (r, n) = matched.findings(register);
            rows.extend(r);
            said.extend(n);
        }
        rows.extend(extra);
        said.extend_from_slice(notices);
        self.findings = Findings::of(&self.territory, &self.listing, &self.cover, rows, &said);
    }

    /// The study area's population by stage, shares rounded (the `france` section of
    /// `summary.json`).
    pub fn national(&self) -> NationalFigures {
        NationalFigures::from_totals(&self.scopes.france)
    }

    /// Units of the reporting area below `min_stage` (S3, S7): their number and population,
    /// as the zones count them.
    pub fn below(&self, min_stage: Stage) -> (usize, u64) {
        let mut below = (0usize, 0u64);
        for (u, unit) in self.territory.units.iter().enumerate() {
            if self.territory.in_area(u) && self.cover.units[u].stage.is_none_or(|s| s < min_stage)
            {
                below.0 += 1;
                below.1 += unit.population;
            }
        }
        below
    }
}

/// What the coverage stage hands to the zones stage: the units' metric polygons and their
/// adjacency when a step already computed them (CPTS polygons) or a prepared territory held them.
#[derive(Default)]
pub(crate) struct Geometry {
    pub metric: Option<Vec<Option<MultiPolygon<f64>>>>,
    pub adjacency: Option<Adjacency>,
}

impl Geometry {
    /// The metric polygons and adjacency: as prepared, else projected and computed now; units
    /// with no neighbour joined across the gaps of the layer (S11), with the warning saying so.
    pub(crate) fn complete(
        self,
        territory: &Territory,
        progress: &dyn Progress,
    ) -> (
        Vec<Option<MultiPolygon<f64>>>,
        Adjacency,
        Option<crate::model::Notice>,
    ) {
        let metric = match self.metric {
            Some(metric) => metric,
            None => timed(progress, "project to metric CRS", || {
                project_units(territory)
            }),
        };
        let mut adjacency = match self.adjacency {
            Some(adjacency) => adjacency,
            None => timed(progress, "adjacency", || Adjacency::build(&metric)),
        };
        let gaps = crate::layer_gaps::join(&mut adjacency, &metric);
        let notice = crate::layer_gaps::notice(territory, &gaps);
        (metric, adjacency, notice)
    }
}

/// Run S1–S4 on the inputs.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use zones_blanches::{Inputs, Source, Stage, run_coverage};
/// let listing = "cpts_id;cpts_name;stage;commune_code\n\
///                C1;CPTS du Bugey;aci;01004\n\
///                C1;CPTS du Bugey;aci;01007\n";
/// let mut inputs = Inputs::new(Source::memory("listing.csv", listing));
/// inputs.departements = vec!["01".into()];
/// let run = run_coverage(&inputs)?;
/// let covered = run.scopes.france.at_least(Stage::Li);
/// let ambérieu = run.territory.unit("01004").ok_or("not found")?;
/// let château_gaillard = run.territory.unit("01007").ok_or("not found")?;
/// assert_eq!(covered, ambérieu.population + château_gaillard.population);
/// assert_eq!(run.listing.cpts.len(), 1);
/// assert!(run.findings.unresolved.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn run_coverage(inputs: &Inputs) -> Result<CoverageRun> {
    run_coverage_with(inputs, &Silent)
}

/// [`run_coverage`], telling `progress` of each step.
pub fn run_coverage_with(inputs: &Inputs, progress: &dyn Progress) -> Result<CoverageRun> {
    coverage_and_geometry(inputs, progress).map(|(run, _)| run)
}

/// The coverage run and the geometry its reading brought, for the zones stage.
pub(crate) fn coverage_and_geometry(
    inputs: &Inputs,
    progress: &dyn Progress,
) -> Result<(CoverageRun, Geometry)> {
    let read = read(inputs, progress)?;
    let Layered {
        features_read,
        crs,
        metric,
        adjacency,
        prepared,
    } = read.layered;
    let (cog, territory) = (read.cog, read.territory);
    // The polygon route needs the units in their metric CRS; they are kept for the zones.
    let mut metric = metric;
    let listing = timed(progress, "resolve listing", || match read.cpts {
        ListingSource::Table(table) => Listing::load(&table, &inputs.listing, &territory, &cog),
        ListingSource::Polygons(layer) => {
            if !territory.has_geometry {
                return Err(polygons_need_communes());
            }
            let metric = match &mut metric {
                Some(metric) => metric,
                None => metric.insert(project_units(&territory)),
            };
            let PolygonLayer {
                features, notices, ..
            } = layer;
            let mut listing = listing_from_polygons(
                inputs.cpts.path(),
                features,
                &inputs.listing,
                &territory,
                metric,
                inputs.min_overlap.unwrap_or(DEFAULT_MIN_OVERLAP),
            )?;
            listing.notices.extend(notices);
            Ok(listing)
        }
    })?;
    listing_reaches_area(&territory, &listing)?;
    let (cover, scopes) = timed(progress, "coverage", || {
        let cover = Coverage::compute(&territory, &listing);
        let scopes = cover.scopes(&territory);
        (cover, scopes)
    });
    let as_of = inputs.listing.as_of;
    let stalled = Stalled::of(
        &listing,
        &territory,
        as_of,
        inputs
            .listing
            .stalled_months
            .unwrap_or(DEFAULT_STALLED_MONTHS),
    );
    let monitoring = timed(progress, "read indicators + register", || {
        Monitoring::load(inputs, &territory, &cog)
    })?;
    let (rows, notices) = monitoring.findings();
    let findings = Findings::of(&territory, &listing, &cover, rows, &notices);
    let record = InputRecord {
        communes: inputs.communes.as_ref().map(|s| s.path().to_path_buf()),
        communes_features: features_read,
        communes_crs: crs,
        prepared,
        as_of,
        default_stage: inputs.listing.default_stage,
    };
    let run = CoverageRun {
        record,
        cog,
        territory,
        listing,
        cover,
        scopes,
        stalled,
        findings,
        monitoring,
    };
    Ok((run, Geometry { metric, adjacency }))
}

/// S7: a reporting area in which the listing has no row has an unknown coverage, not a zero
/// one — an error naming the départements the listing does cover.
fn listing_reaches_area(territory: &Territory, listing: &Listing) -> Result<()> {
    let Some(area) = &territory.area else {
        return Ok(());
    };
    let reaches = listing
        .cpts
        .iter()
        .any(|c| c.units.iter().any(|&u| territory.in_area(u)));
    if reaches || (listing.cpts.is_empty() && listing.rows_outside_study_area == 0) {
        return Ok(());
    }
    let mut covered: std::collections::BTreeSet<String> = listing.departements_outside.clone();
    for c in &listing.cpts {
        covered.extend(
            c.units
                .iter()
                .map(|&u| territory.units[u].departement.clone()),
        );
    }
    Err(crate::error::Error::input(
        std::path::Path::new(&listing.source),
        "rows",
        format!(
            "the listing has no row in the reporting area {}: its coverage there is unknown (S7), not zero; the listing covers départements {}",
            area.name,
            covered.into_iter().collect::<Vec<_>>().join(", ")
        ),
    ))
}
