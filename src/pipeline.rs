//! The coverage run as one call: read the inputs, build the territory, resolve the listing,
//! compute coverage. The CLI and any script call this; nothing here prints.

use crate::adjacency::Adjacency;
use crate::cog::Cog;
use crate::coverage::Coverage;
use crate::error::{Error, Result};
use crate::evidence::{Flows, MspTable};
use crate::io::table::RawTable;
use crate::listing::{Listing, ListingOptions};
use crate::model::Stage;
use crate::options::{Context, CoverageOption, options_for_zones};
use crate::plan::Plan;
use crate::territory::{FieldNames, Territory};
use crate::weights::Weights;
use crate::zones::{WhiteZones, project_units};
use geo::MultiPolygon;
use std::path::PathBuf;

/// Everything a coverage run reads.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Commune layer (GeoJSON, plain or `.gz`); `None` = COG-only run.
    pub communes: Option<PathBuf>,
    pub fields: FieldNames,
    /// INSEE-style population table overriding or supplying population by code.
    pub population: Option<PathBuf>,
    /// COG reference; `None` = the embedded COG 2026.
    pub cog: Option<PathBuf>,
    /// CPTS listing (CSV or XLSX).
    pub cpts: PathBuf,
    pub listing: ListingOptions,
    /// Polygon route (S2): share of a unit's area a CPTS polygon must cover (`--min-overlap`).
    pub min_overlap: Option<f64>,
    /// CRS of the commune layer (`--crs EPSG:2154`), overriding a Shapefile's `.prj`.
    pub crs: Option<String>,
    /// Restrict the study area to these régions (`--region`) …
    pub regions: Vec<String>,
    /// … and/or these départements (`--departement`).
    pub departements: Vec<String>,
    /// Flow table for the options (`--flows`): origin, destination, count.
    pub flows: Option<PathBuf>,
    /// MSP table for the options (`--msp`): id, name, commune code or lon/lat.
    pub msp: Option<PathBuf>,
    /// Weights of the options (`--weights`, TOML); `None` = the built-in weights.
    pub weights: Option<PathBuf>,
}

impl Inputs {
    /// Every input file, so that no output overwrites one.
    pub fn files(&self) -> Vec<PathBuf> {
        [
            &self.communes,
            &self.population,
            &self.cog,
            &self.flows,
            &self.msp,
            &self.weights,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .chain(std::iter::once(self.cpts.clone()))
        .collect()
    }
}

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
    /// Units in their metric CRS, when a step already needed them (CPTS polygons).
    pub metric: Option<Vec<Option<MultiPolygon<f64>>>>,
    pub listing: Listing,
    pub coverage: Coverage,
}

/// Run `work`, naming it on the progress spinner, and printing its wall time on stderr when
/// `ZB_TIMINGS` is set (for profiling runs).
pub fn timed<T>(label: &str, work: impl FnOnce() -> T) -> T {
    crate::progress::step(label);
    if std::env::var_os("ZB_TIMINGS").is_none() {
        return work();
    }
    let start = std::time::Instant::now();
    let result = work();
    eprintln!(
        "[timing] {label}: {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    result
}

/// Where the CPTS come from: a listing table or a polygon layer.
enum ListingSource {
    Table(RawTable),
    Polygons(Vec<crate::io::SourceFeature>),
}

/// A CPTS input given as polygons: `.shp`, `.geojson`, `.json` (optionally `.gz`).
pub fn is_polygon_layer(path: &std::path::Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    [".shp", ".geojson", ".json"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// Read a commune layer by its extension: Shapefile (`.shp`) or GeoJSON (plain or `.gz`).
/// Returns the features in WGS84 and the CRS the layer was in.
pub fn read_layer(
    path: &std::path::Path,
    crs: Option<&str>,
) -> Result<(Vec<crate::io::SourceFeature>, String)> {
    use crate::io::shapefile::LayerCrs;
    let crs = crs
        .map(|label| {
            LayerCrs::from_epsg_label(label).ok_or_else(|| {
                Error::Usage(format!(
                    "--crs {label}: supported are EPSG:4326, 2154, 5490, 2972, 2975, 4471"
                ))
            })
        })
        .transpose()?;
    let is_shp = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("shp"));
    if is_shp {
        let (features, crs) = crate::io::shapefile::read_features(path, crs)?;
        return Ok((features, crs.describe()));
    }
    match crs {
        Some(LayerCrs::Metric(_)) => Err(Error::Usage(
            "--crs: GeoJSON layers are WGS84 (RFC 7946); reproject them or give a Shapefile".into(),
        )),
        _ => Ok((
            crate::io::geojson::read_features(path)?,
            LayerCrs::Geographic.describe(),
        )),
    }
}

/// Run S1–S4 on the inputs.
pub fn run_coverage(inputs: &Inputs) -> Result<CoverageRun> {
    // The reference, the layer and the listing are read in parallel: they do not depend on each other.
    let ((cog, features), table) = rayon::join(
        || {
            rayon::join(
                || {
                    timed("read COG", || match &inputs.cog {
                        Some(path) => Cog::load(path),
                        None => Cog::embedded(),
                    })
                },
                || {
                    timed("read communes", || match &inputs.communes {
                        Some(path) => read_layer(path, inputs.crs.as_deref()).map(Some),
                        None => Ok(None),
                    })
                },
            )
        },
        || {
            timed("read listing", || {
                if is_polygon_layer(&inputs.cpts) {
                    read_layer(&inputs.cpts, None).map(|(f, _)| ListingSource::Polygons(f))
                } else {
                    RawTable::read(&inputs.cpts, inputs.listing.sheet.as_deref())
                        .map(ListingSource::Table)
                }
            })
        },
    );
    let (cog, layer, table) = (cog?, features?, table?);
    let communes_crs = layer.as_ref().map(|(_, crs)| crs.clone());
    let features = layer.map(|(features, _)| features);
    let features_read = features.as_ref().map(|f| f.len()).unwrap_or(0);
    let mut territory = timed("build territory", || match (&inputs.communes, features) {
        (Some(path), Some(features)) => {
            Territory::from_features(path, features, &inputs.fields, &cog)
        }
        _ => Territory::from_cog(&cog),
    })?;
    territory.restrict(&inputs.regions, &inputs.departements)?;
    if let Some(path) = &inputs.population {
        let table = RawTable::read(path, None)?;
        territory.apply_population_table(&table, &cog)?;
    }
    if territory.units.is_empty() {
        return Err(Error::Usage("the study area has no unit".into()));
    }
    // The polygon route needs the units in their metric CRS; they are kept for the zones.
    let mut metric = None;
    let listing = timed("resolve listing", || match table {
        ListingSource::Table(table) => Listing::load(&table, &inputs.listing, &territory, &cog),
        ListingSource::Polygons(features) => {
            if !territory.has_geometry {
                return Err(Error::Usage(
                    "CPTS polygons need a commune layer: give --communes FILE".into(),
                ));
            }
            let metric = metric.insert(project_units(&territory));
            crate::cpts_polygons::listing_from_polygons(
                &inputs.cpts,
                features,
                &inputs.listing,
                &territory,
                metric,
                inputs
                    .min_overlap
                    .unwrap_or(crate::cpts_polygons::DEFAULT_MIN_OVERLAP),
            )
        }
    })?;
    let coverage = timed("coverage", || Coverage::compute(&territory, &listing));
    Ok(CoverageRun {
        inputs: inputs.clone(),
        cog,
        territory,
        features_read,
        communes_crs,
        metric,
        listing,
        coverage,
    })
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

/// Run S1–S5: coverage, then the zones blanches of units below `min_stage`.
pub fn run_zones(inputs: &Inputs, min_stage: Stage) -> Result<ZonesRun> {
    if inputs.communes.is_none() {
        return Err(Error::Usage(
            "zones need geometry: give --communes FILE (a commune layer)".into(),
        ));
    }
    let mut coverage = run_coverage(inputs)?;
    let metric = match coverage.metric.take() {
        Some(metric) => metric,
        None => timed("project to metric CRS", || {
            project_units(&coverage.territory)
        }),
    };
    let adjacency = timed("adjacency", || Adjacency::build(&metric));
    let zones = timed("zones + dissolve", || {
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

/// The result of a plan run: zones, then the options of every zone and the plan (S6).
#[derive(Debug, Clone)]
pub struct PlanRun {
    pub zones: ZonesRun,
    pub weights: Weights,
    pub flows: Option<Flows>,
    pub msp: Option<MspTable>,
    /// Ranked options of each zone (same order as the zones).
    pub options: Vec<Vec<CoverageOption>>,
    pub plan: Plan,
}

impl PlanRun {
    /// Rows of the evidence tables (flows, MSP) that could not be placed, for unresolved.csv.
    pub fn evidence_unresolved(&self) -> Vec<crate::territory::Unresolved> {
        self.flows
            .iter()
            .flat_map(|f| &f.unresolved)
            .chain(self.msp.iter().flat_map(|m| &m.unresolved))
            .cloned()
            .collect()
    }
}

/// Run S1–S6: zones, then options and the 100 % plan.
pub fn run_plan(inputs: &Inputs, min_stage: Stage) -> Result<PlanRun> {
    let weights = match &inputs.weights {
        Some(path) => Weights::load(path)?,
        None => Weights::default(),
    };
    let zones = run_zones(inputs, min_stage)?;
    let (territory, cog) = (&zones.coverage.territory, &zones.coverage.cog);
    let flows = timed("read flows", || {
        inputs
            .flows
            .as_ref()
            .map(|path| Flows::load(&RawTable::read(path, None)?, territory, cog))
            .transpose()
    })?;
    let msp = timed("read MSP", || {
        inputs
            .msp
            .as_ref()
            .map(|path| MspTable::load(&RawTable::read(path, None)?, territory, cog))
            .transpose()
    })?;
    let (options, plan) = timed("options + plan", || {
        plan_zones(&zones, &weights, flows.as_ref(), msp.as_ref())
    });
    Ok(PlanRun {
        zones,
        weights,
        flows,
        msp,
        options,
        plan,
    })
}

/// Options of every zone (scored in parallel) and the plan, from a zones run.
pub fn plan_zones(
    zones: &ZonesRun,
    weights: &Weights,
    flows: Option<&Flows>,
    msp: Option<&MspTable>,
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
    );
    let options = options_for_zones(&ctx);
    let plan = Plan::build(&ctx, &options);
    (options, plan)
}
