//! A run as one call: read the inputs, build the territory, resolve the listing, compute
//! coverage (S1–S4), then zones (S5), then options and the plan (S6). Every result is a plain
//! value computed from the previous ones; nothing here prints or writes a file.

use crate::adjacency::Adjacency;
use crate::coverage::{Coverage, Scopes, StageTotals};
use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::inputs::cpts_polygons::{DEFAULT_MIN_OVERLAP, listing_from_polygons};
use crate::inputs::decisions::Decisions;
use crate::inputs::evidence::{Flows, MspTable};
use crate::inputs::listing::{Listing, listing_departements, read_listing_table};
use crate::inputs::weights::Weights;
use crate::io::table::RawTable;
use crate::io::{PolygonLayer, is_polygon_layer, read_polygon_layer};
use crate::model::{Notice, Stage, Unresolved};
use crate::plan::Plan;
use crate::plan::context::Context;
use crate::plan::funding::Funding;
use crate::plan::options::CoverageOption;
use crate::plan::scopes::{PlanTotals, plan_scopes};
use crate::prepared::{PreparedTerritory, PreparedUse, is_prepared};
pub(crate) use crate::progress::timed;
pub use crate::progress::{Progress, Silent};
use crate::territory::Territory;
use crate::territory::cog::Cog;
use crate::territory::context::ReportingArea;
use crate::territory::metric::project_units;
use crate::zones::WhiteZones;
use geo::BoundingRect;
use geo::MultiPolygon;

/// The result of a coverage run: each stage is a plain value computed from the previous ones.
#[derive(Debug, Clone)]
pub struct CoverageRun {
    pub inputs: Inputs,
    pub cog: Cog,
    pub territory: Territory,
    /// Number of features in the commune layer (0 in a COG-only run).
    pub features_read: usize,
    /// CRS the commune layer was read from.
    pub communes_crs: Option<String>,
    /// Units in their metric CRS, when a step already needed them (CPTS polygons) or a prepared
    /// territory held them.
    pub metric: Option<Vec<Option<MultiPolygon<f64>>>>,
    /// The units' adjacency, from a prepared territory (when the run kept all its units).
    pub adjacency: Option<Adjacency>,
    /// The prepared territory the units were read from, if any.
    pub prepared: Option<PreparedUse>,
    pub listing: Listing,
    pub coverage: Coverage,
    /// Population by stage of the study area and of each région, département and EPCI (S4).
    pub scopes: Scopes<StageTotals>,
}

/// The result of a zones run: coverage, then metric geometry, adjacency and zones (S5).
#[derive(Debug, Clone)]
pub struct ZonesRun {
    pub coverage: CoverageRun,
    /// Unit geometry in its metric CRS (`None` for units without geometry).
    pub metric: Vec<Option<MultiPolygon<f64>>>,
    pub adjacency: Adjacency,
    pub zones: WhiteZones,
}

/// The result of a plan run: zones, then the options of every zone and the plan (S6).
#[derive(Debug, Clone)]
pub struct PlanRun {
    pub zones: ZonesRun,
    pub weights: Weights,
    pub flows: Option<Flows>,
    pub msp: Option<MspTable>,
    /// The task force's decisions (S8), as read.
    pub decisions: Option<Decisions>,
    /// Ranked options of each zone (same order as the zones).
    pub options: Vec<Vec<CoverageOption>>,
    pub plan: Plan,
    /// Figures by scope now and once the plan is carried out.
    pub scopes: Scopes<PlanTotals>,
    /// ACI envelopes before and after the plan (S9).
    pub funding: Funding,
}

impl PlanRun {
    /// Rows of the evidence tables (flows, MSP) that could not be placed, and the decisions
    /// that could not be honoured, for unresolved.csv.
    pub fn evidence_unresolved(&self) -> Vec<Unresolved> {
        self.flows
            .iter()
            .flat_map(|f| &f.unresolved)
            .chain(self.msp.iter().flat_map(|m| &m.unresolved))
            .chain(self.decisions.iter().flat_map(|d| &d.unresolved))
            .chain(&self.plan.unresolved)
            .cloned()
            .collect()
    }
}

/// Where the CPTS come from: a listing table or a polygon layer.
enum ListingSource {
    Table(RawTable),
    Polygons(PolygonLayer),
}

/// Where the units come from: a commune layer, or a territory prepared from one.
enum CommunesSource {
    Layer(PolygonLayer),
    Prepared(Box<(PreparedTerritory, PreparedUse)>),
}

/// The reference, the commune layer (features and CRS) and the CPTS source, read in parallel:
/// they do not depend on each other.
type Read = (Cog, Option<CommunesSource>, ListingSource);

fn read_inputs(inputs: &Inputs, progress: &dyn Progress) -> Result<Read> {
    let ((cog, features), table) = rayon::join(
        || {
            rayon::join(
                || {
                    timed(progress, "read COG", || {
                        Cog::load_or_embedded(inputs.cog.as_ref())
                    })
                },
                || {
                    let Some(source) = &inputs.communes else {
                        return Ok(None);
                    };
                    if is_prepared(source.path()) {
                        return timed(progress, "read prepared territory", || {
                            PreparedTerritory::read(source)
                        })
                        .map(|p| Some(CommunesSource::Prepared(Box::new(p))));
                    }
                    timed(progress, "read communes", || {
                        read_polygon_layer(
                            source,
                            inputs.crs.as_deref(),
                            inputs.communes_layer.as_deref(),
                        )
                    })
                    .map(|layer| Some(CommunesSource::Layer(layer)))
                },
            )
        },
        || {
            timed(progress, "read listing", || {
                if is_polygon_layer(inputs.cpts.path()) {
                    read_polygon_layer(&inputs.cpts, None, None).map(ListingSource::Polygons)
                } else {
                    read_listing_table(&inputs.cpts, &inputs.listing).map(ListingSource::Table)
                }
            })
        },
    );
    Ok((cog?, features?, table?))
}

/// S7 for CPTS polygons: the départements with a unit whose centre lies in a CPTS polygon
/// (the coverage is known where CPTS are drawn).
fn polygon_departements(
    territory: &Territory,
    features: &[crate::io::SourceFeature],
) -> std::collections::BTreeSet<String> {
    use geo::Contains;
    let polygons: Vec<(&MultiPolygon<f64>, geo::Rect<f64>)> = features
        .iter()
        .filter_map(|f| {
            let g = f.geometry.as_ref()?;
            Some((g, g.bounding_rect()?))
        })
        .collect();
    territory
        .units
        .iter()
        .filter(|u| {
            let Some(centre) = u.geometry.as_ref().and_then(|g| g.bounding_rect()) else {
                return false;
            };
            let c = centre.center();
            polygons.iter().any(|(g, r)| {
                c.x >= r.min().x
                    && c.x <= r.max().x
                    && c.y >= r.min().y
                    && c.y <= r.max().y
                    && g.contains(&geo::Point::from(c))
            })
        })
        .map(|u| u.departement.clone())
        .collect()
}

/// What the commune layer or prepared territory brought besides the units.
#[derive(Default)]
struct Layered {
    features_read: usize,
    crs: Option<String>,
    metric: Option<Vec<Option<MultiPolygon<f64>>>>,
    adjacency: Option<Adjacency>,
    prepared: Option<PreparedUse>,
}

impl Layered {
    /// S7 on what was prepared: the metric polygons of the units kept (in the same order); the
    /// adjacency is computed again on them, since it was computed over every unit.
    fn restrict(&mut self, territory: &Territory, context: &std::collections::BTreeSet<String>) {
        if let Some(metric) = self.metric.take() {
            let kept = territory
                .units
                .iter()
                .zip(metric)
                .filter(|(u, _)| context.contains(&u.departement))
                .map(|(_, m)| m)
                .collect();
            self.metric = Some(kept);
        }
        self.adjacency = None;
    }
}

impl CoverageRun {
    /// The units' metric polygons and adjacency: as prepared, else projected and computed now.
    pub(crate) fn take_metric_and_adjacency(
        &mut self,
        progress: &dyn Progress,
    ) -> (Vec<Option<MultiPolygon<f64>>>, Adjacency) {
        let metric = match self.metric.take() {
            Some(metric) => metric,
            None => timed(progress, "project to metric CRS", || {
                project_units(&self.territory)
            }),
        };
        let adjacency = match self.adjacency.take() {
            Some(adjacency) => adjacency,
            None => timed(progress, "adjacency", || Adjacency::build(&metric)),
        };
        (metric, adjacency)
    }
}

/// Run S1–S4 on the inputs.
///
/// ```
/// use zones_blanches::{Inputs, Source, run_coverage};
/// let listing = "cpts_id;cpts_name;stage;commune_code\n\
///                C1;CPTS du Bugey;aci;01004\n\
///                C1;CPTS du Bugey;aci;01007\n";
/// let mut inputs = Inputs::new(Source::memory("listing.csv", listing));
/// inputs.departements = vec!["01".into()];
/// let run = run_coverage(&inputs).unwrap();
/// let covered = run.scopes.france.at_least(zones_blanches::Stage::Li);
/// let ambérieu = run.territory.units.iter().find(|u| u.code == "01004").unwrap();
/// let château_gaillard = run.territory.units.iter().find(|u| u.code == "01007").unwrap();
/// assert_eq!(covered, ambérieu.population + château_gaillard.population);
/// assert_eq!(run.listing.cpts.len(), 1);
/// ```
pub fn run_coverage(inputs: &Inputs) -> Result<CoverageRun> {
    run_coverage_with(inputs, &Silent)
}

/// [`run_coverage`], telling `progress` of each step.
pub fn run_coverage_with(inputs: &Inputs, progress: &dyn Progress) -> Result<CoverageRun> {
    let (cog, communes, table) = read_inputs(inputs, progress)?;
    let mut layer = Layered::default();
    let communes_path = inputs.communes.as_ref().map(|s| s.path());
    let mut territory = timed(progress, "build territory", || match communes {
        Some(CommunesSource::Layer(read)) => {
            layer.features_read = read.features.len();
            layer.crs = Some(read.crs.clone());
            let path = communes_path.expect("a layer was read");
            Territory::from_layer(path, read, &inputs.fields, &cog)
        }
        Some(CommunesSource::Prepared(prepared)) => {
            let (prepared, used) = *prepared;
            prepared.check_run(communes_path.expect("a territory was read"), inputs, &cog)?;
            layer.features_read = prepared.provenance.features;
            layer.crs = Some(prepared.provenance.crs.clone());
            layer.metric = Some(prepared.metric);
            layer.adjacency = Some(prepared.adjacency);
            layer.prepared = Some(used);
            Ok(prepared.territory)
        }
        None => Territory::from_cog(&cog),
    })?;
    if let Some(area) = ReportingArea::from_flags(&cog, &inputs.regions, &inputs.departements)? {
        let known = match &table {
            ListingSource::Table(table) => listing_departements(table, &inputs.listing, &cog),
            ListingSource::Polygons(layer) => polygon_departements(&territory, &layer.features),
        };
        let (context, left_out) = area.context(|d| known.contains(d));
        layer.restrict(&territory, &context);
        territory.restrict_to(&context, area)?;
        if !left_out.is_empty() {
            let names: Vec<String> = left_out
                .iter()
                .map(|d| match cog.departement_name(d) {
                    Some(n) => format!("{d} {n}"),
                    None => d.clone(),
                })
                .collect();
            territory.notices.push(Notice {
                kind: "context_left_out",
                message: format!(
                    "bordering départements left out of the analysis: the listing has no row there, so their coverage is unknown (S7): {}",
                    names.join(", ")
                ),
            });
        }
    }
    if let Some(source) = &inputs.population {
        let table = Territory::read_population_table(source)?;
        territory.apply_population_table(&table, &cog)?;
    }
    if territory.units.is_empty() {
        return Err(Error::Usage("the study area has no unit".into()));
    }
    // The polygon route needs the units in their metric CRS; they are kept for the zones.
    let mut metric = layer.metric.take();
    let listing = timed(progress, "resolve listing", || match table {
        ListingSource::Table(table) => Listing::load(&table, &inputs.listing, &territory, &cog),
        ListingSource::Polygons(features) => {
            if !territory.has_geometry {
                return Err(Error::Usage(
                    "CPTS polygons need a commune layer: give --communes FILE".into(),
                ));
            }
            let metric = match &mut metric {
                Some(metric) => metric,
                None => metric.insert(project_units(&territory)),
            };
            let PolygonLayer {
                features, notices, ..
            } = features;
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
    let (coverage, scopes) = timed(progress, "coverage", || {
        let coverage = Coverage::compute(&territory, &listing);
        let scopes = coverage.scopes(&territory);
        (coverage, scopes)
    });
    Ok(CoverageRun {
        inputs: inputs.clone(),
        cog,
        territory,
        features_read: layer.features_read,
        communes_crs: layer.crs,
        metric,
        adjacency: layer.adjacency,
        prepared: layer.prepared,
        listing,
        coverage,
        scopes,
    })
}

/// Run S1–S5: coverage, then the zones blanches of units below `min_stage`.
pub fn run_zones(inputs: &Inputs, min_stage: Stage) -> Result<ZonesRun> {
    run_zones_with(inputs, min_stage, &Silent)
}

/// [`run_zones`], telling `progress` of each step.
pub fn run_zones_with(
    inputs: &Inputs,
    min_stage: Stage,
    progress: &dyn Progress,
) -> Result<ZonesRun> {
    if inputs.communes.is_none() {
        return Err(Error::Usage(
            "zones need geometry: give --communes FILE (a commune layer)".into(),
        ));
    }
    let mut coverage = run_coverage_with(inputs, progress)?;
    let (metric, adjacency) = coverage.take_metric_and_adjacency(progress);
    let zones = timed(progress, "zones + dissolve", || {
        WhiteZones::find(
            &coverage.territory,
            &coverage.coverage,
            &metric,
            &adjacency,
            min_stage,
        )
    });
    Ok(ZonesRun {
        coverage,
        metric,
        adjacency,
        zones,
    })
}

/// Run S1–S6: zones, then options and the 100 % plan.
pub fn run_plan(inputs: &Inputs, min_stage: Stage) -> Result<PlanRun> {
    run_plan_with(inputs, min_stage, &Silent)
}

/// [`run_plan`], telling `progress` of each step.
pub fn run_plan_with(
    inputs: &Inputs,
    min_stage: Stage,
    progress: &dyn Progress,
) -> Result<PlanRun> {
    let weights = match &inputs.weights {
        Some(source) => Weights::load(source)?,
        None => Weights::default(),
    };
    let zones = run_zones_with(inputs, min_stage, progress)?;
    let (territory, cog) = (&zones.coverage.territory, &zones.coverage.cog);
    let flows = timed(progress, "read flows", || {
        inputs
            .flows
            .as_ref()
            .map(|source| Flows::load(&RawTable::read(source, None)?, territory, cog))
            .transpose()
    })?;
    let msp = timed(progress, "read MSP", || {
        inputs
            .msp
            .as_ref()
            .map(|source| MspTable::load(&RawTable::read(source, None)?, territory, cog))
            .transpose()
    })?;
    let decisions = timed(progress, "read decisions", || {
        inputs
            .decisions
            .as_ref()
            .map(|source| Decisions::load(source, territory, &zones.coverage.listing, cog))
            .transpose()
    })?;
    let (options, plan) = timed(progress, "options + plan", || {
        plan_zones(
            &zones,
            &weights,
            flows.as_ref(),
            msp.as_ref(),
            decisions.as_ref(),
        )
    });
    let scopes = plan_scopes(
        &zones.coverage.territory,
        &zones.coverage.coverage,
        &zones.coverage.scopes,
        &zones.zones,
        &plan,
    );
    let funding = Funding::of(
        &zones.coverage.territory,
        &zones.coverage.listing,
        &plan,
        &weights.funding,
    );
    Ok(PlanRun {
        zones,
        weights,
        flows,
        msp,
        decisions,
        options,
        plan,
        scopes,
        funding,
    })
}

/// Options of every zone (scored in parallel) and the plan, from a zones run.
pub(crate) fn plan_zones(
    zones: &ZonesRun,
    weights: &Weights,
    flows: Option<&Flows>,
    msp: Option<&MspTable>,
    decisions: Option<&Decisions>,
) -> (Vec<Vec<CoverageOption>>, Plan) {
    let ctx = Context::new(
        &zones.coverage.territory,
        &zones.coverage.listing,
        &zones.coverage.coverage,
        &zones.metric,
        &zones.adjacency,
        &zones.zones,
        weights,
        flows,
        msp,
        decisions,
    );
    crate::plan::options_and_plan(&ctx)
}
