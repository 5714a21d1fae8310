//! What a run reads, beyond the territory: the CPTS listing (S2, S3) or CPTS polygons, the
//! evidence tables of the options (flows, MSP), the option weights, and the embedded demo.
//! [`Inputs`] names every source of a run, as files or as bytes held in memory.

pub mod cpts_polygons;
pub(crate) mod decision_cells;
pub mod decisions;
pub mod demo;
pub mod evidence;
pub mod indicators;
pub mod listing;
pub(crate) mod names;
pub mod register;
pub mod stage_label;
pub mod weights;

use crate::io::source::Source;
use crate::territory::FieldNames;
use listing::ListingOptions;
use std::path::PathBuf;

/// Everything a run reads. Sources are files or bytes in memory ([`Source::memory`]).
///
/// ```
/// use zones_blanches::{Inputs, Source};
/// let inputs = Inputs::new(Source::memory("cpts.csv", "cpts_id,stage,commune_code\nA,aci,01001\n"));
/// assert!(inputs.communes.is_none()); // a COG-only run
/// assert!(inputs.files().is_empty()); // no file on disk to protect from the outputs
/// ```
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Commune layer (GeoJSON, plain or `.gz`, or a Shapefile on disk); `None` = COG-only run.
    pub communes: Option<Source>,
    /// Which properties of the layer hold the code, name and population (`None` = detect).
    pub fields: FieldNames,
    /// INSEE-style population table overriding or supplying population by code.
    pub population: Option<Source>,
    /// S11: groups of units (`--groups`): code, group id, optional group name.
    pub groups: Option<Source>,
    /// COG reference; `None` = the embedded COG 2026.
    pub cog: Option<Source>,
    /// CPTS listing (CSV or XLSX), or CPTS polygons (GeoJSON, Shapefile).
    pub cpts: Source,
    /// How to read the listing: column overrides, default stage, `--as-of`, sheet.
    pub listing: ListingOptions,
    /// Polygon route (S2): share of a unit's area a CPTS polygon must cover (`--min-overlap`).
    pub min_overlap: Option<f64>,
    /// CRS of the commune layer (`--crs EPSG:2154`), overriding a Shapefile's `.prj`.
    pub crs: Option<String>,
    /// Feature layer of a GeoPackage commune layer (`--communes-layer`).
    pub communes_layer: Option<String>,
    /// Restrict the study area to these régions (`--region`) …
    pub regions: Vec<String>,
    /// … and/or these départements (`--departement`).
    pub departements: Vec<String>,
    /// Flow table for the options (`--flows`): origin, destination, count.
    pub flows: Option<Source>,
    /// MSP table for the options (`--msp`): id, name, commune code or lon/lat.
    pub msp: Option<Source>,
    /// Weights of the options (`--weights`, TOML); `None` = the built-in weights.
    pub weights: Option<Source>,
    /// The task force's decisions (`--decisions`, S8).
    pub decisions: Option<Source>,
    /// Indicators per commune (`--indicators`): a code column and `name:sum`/`name:mean`
    /// columns, aggregated onto zones, CPTS and scopes.
    pub indicators: Option<Source>,
    /// The indicator the report ranks zones by (`--priority`), highest first.
    pub priority: Option<String>,
    /// The indicator counting professionals per commune (`--professionals`): with the
    /// listing's member counts, each CPTS's share of members.
    pub professionals: Option<String>,
    /// The task force's register of the zones (`--register`).
    pub register: Option<Source>,
}

impl Inputs {
    /// A COG-only run of the listing `cpts`, every other input at its default.
    pub fn new(cpts: impl Into<Source>) -> Inputs {
        Inputs {
            communes: None,
            fields: FieldNames::default(),
            population: None,
            groups: None,
            cog: None,
            cpts: cpts.into(),
            listing: ListingOptions::default(),
            min_overlap: None,
            crs: None,
            communes_layer: None,
            regions: Vec::new(),
            departements: Vec::new(),
            flows: None,
            msp: None,
            weights: None,
            decisions: None,
            indicators: None,
            priority: None,
            professionals: None,
            register: None,
        }
    }

    /// The embedded demo: a fictional département of 384 communes, its COG and a listing of 12
    /// CPTS, generated in memory (nothing is read from disk).
    pub fn demo() -> Inputs {
        let [communes, cog, cpts] = demo::sources();
        Inputs {
            communes: Some(communes),
            cog: Some(cog),
            ..Inputs::new(cpts)
        }
    }

    /// Every input source, so that a script can give bytes where a file was named.
    pub fn sources_mut(&mut self) -> impl Iterator<Item = &mut Source> {
        [
            &mut self.communes,
            &mut self.population,
            &mut self.groups,
            &mut self.cog,
            &mut self.flows,
            &mut self.msp,
            &mut self.weights,
            &mut self.decisions,
            &mut self.indicators,
            &mut self.register,
        ]
        .into_iter()
        .flatten()
        .chain(std::iter::once(&mut self.cpts))
    }

    /// Every input file on disk, so that no output overwrites one.
    pub fn files(&self) -> Vec<PathBuf> {
        [
            &self.communes,
            &self.population,
            &self.groups,
            &self.cog,
            &self.flows,
            &self.msp,
            &self.weights,
            &self.decisions,
            &self.indicators,
            &self.register,
        ]
        .into_iter()
        .flatten()
        .chain(std::iter::once(&self.cpts))
        .filter_map(|s| s.file().map(|p| p.to_path_buf()))
        .collect()
    }
}
