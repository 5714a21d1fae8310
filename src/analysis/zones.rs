//! The zones run (S5): the coverage run, then the units in their metric CRS, their adjacency
//! and the zones blanches. The zones stage owns its geometry.

use super::coverage::{CoverageRun, coverage_and_geometry};
use super::figures::ZonesSummary;
use super::monitor::ZoneRegister;
use crate::adjacency::Adjacency;
use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::model::Stage;
use crate::model::setting::Setting;
use crate::progress::{Progress, Silent, timed};
use crate::zones::WhiteZones;
use geo::MultiPolygon;

/// The result of a zones run: coverage, then metric geometry, adjacency and zones (S5).
#[derive(Debug, Clone)]
pub struct ZonesRun {
    /// The coverage of the run.
    pub coverage: CoverageRun,
    /// Unit geometry in its metric CRS (`None` for units without geometry).
    pub metric: Vec<Option<MultiPolygon<f64>>>,
    /// Edge adjacency of the units (S5).
    pub adjacency: Adjacency,
    /// The zones blanches, largest population first.
    pub zones: WhiteZones,
    /// The `zones` section of `summary.json`.
    pub summary: ZonesSummary,
    /// The register matched to the zones (`--register`).
    pub register: Option<ZoneRegister>,
}

/// Run S1–S5: coverage, then the zones blanches of units below `min_stage`.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use zones_blanches::{Inputs, Stage, run_zones};
/// let run = run_zones(&Inputs::demo(), Stage::Li)?;
/// let largest = &run.zones[0];
/// assert_eq!(largest.id, "Z0001");
/// // Zones come largest first, and every unit of a zone is below the stage asked (S5).
/// assert!(run.zones.iter().all(|z| z.population <= largest.population));
/// for &u in &largest.units {
///     assert!(run.coverage.cover.units[u].stage.is_none_or(|s| s < Stage::Li));
/// }
/// # Ok(())
/// # }
/// ```
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
        return Err(Error::Setting(format!(
            "zones need geometry: give {} (a commune layer)",
            Setting::Communes
        )));
    }
    let (mut coverage, geometry) = coverage_and_geometry(inputs, progress)?;
    require_geometry(&coverage, inputs)?;
    let (metric, adjacency, gaps) = geometry.complete(&coverage.territory, progress);
    if let Some(gaps) = gaps {
        // S11: the layer's gaps are a warning of the run, like the layer's other notices.
        coverage.territory.notices.push(gaps);
    }
    let zones = timed(progress, "zones + dissolve", || {
        WhiteZones::find(
            &coverage.territory,
            &coverage.cover,
            &metric,
            &adjacency,
            min_stage,
        )
    });
    let summary = ZonesSummary::of(&coverage.territory, &zones);
    let register = coverage
        .monitoring
        .register
        .as_ref()
        .map(|r| ZoneRegister::of(r, &zones));
    coverage.refresh_findings(register.as_ref(), Vec::new(), &[]);
    Ok(ZonesRun {
        coverage,
        metric,
        adjacency,
        zones,
        summary,
        register,
    })
}

/// The zones blanches need polygons: a run with a commune layer none of whose units has one
/// (every geometry null, or none the readers could use) is an error, never zero zones.
pub(crate) fn require_geometry(coverage: &CoverageRun, inputs: &Inputs) -> Result<()> {
    let territory = &coverage.territory;
    if !territory.has_geometry || territory.units.iter().any(|u| u.geometry.is_some()) {
        return Ok(());
    }
    let path = inputs
        .communes
        .as_ref()
        .map(|s| s.path().to_path_buf())
        .unwrap_or_default();
    Err(Error::input(
        &path,
        "geometry",
        format!(
            "none of the {} units has a usable polygon (every geometry is null or empty): the zones blanches need the communes' polygons",
            territory.units.len()
        ),
    ))
}
