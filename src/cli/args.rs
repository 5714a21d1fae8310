//! The flags several commands share — the inputs, the reading of a commune layer, the plan's
//! evidence, the outputs — typed at the edge ([`super::parse`]) and turned into the library's
//! [`Inputs`] and [`Options`]. Each flag's doc is its `--help` text.

use super::parse;
use crate::export::{Options, TableFormat};
use crate::parts::{Field, FieldNames, ListingOptions, StageMap};
use crate::{Error, Inputs, Lang, Setting, Source, Stage};
use chrono::NaiveDate;
use clap::Args;
use std::num::NonZeroUsize;
use std::path::PathBuf;

/// How to read a commune layer: which layer of a GeoPackage, its CRS, which properties hold what.
#[derive(Args)]
pub struct LayerArgs {
    /// Feature layer of a GeoPackage --communes holding several (ADMIN EXPRESS: `commune`).
    #[arg(long, value_name = "NAME")]
    pub communes_layer: Option<String>,
    /// CRS of a Shapefile without a usable .prj: EPSG:2154, 4326, 5490, 2972, 2975, 4471 or 4467.
    #[arg(long, value_name = "EPSG:CODE")]
    pub crs: Option<String>,
    /// Property holding the commune code (default: detect code, insee_com, code_insee, codgeo, com).
    #[arg(long, value_name = "NAME")]
    pub code_field: Option<String>,
    /// Property holding the commune name (default: detect nom, nom_com, libgeo, libelle).
    #[arg(long, value_name = "NAME")]
    pub name_field: Option<String>,
    /// Property holding the population (default: detect population_municipale*, population, pmun, pNN_pop).
    #[arg(long, value_name = "NAME")]
    pub population_field: Option<String>,
}

impl LayerArgs {
    pub fn fields(&self) -> FieldNames {
        FieldNames {
            code: self.code_field.clone(),
            name: self.name_field.clone(),
            population: self.population_field.clone(),
        }
    }
}

#[derive(Args)]
pub struct InputArgs {
    /// Commune layer: GeoJSON FeatureCollection (plain or .gz, WGS84), Shapefile (.shp with
    /// .dbf, .shx, .prj, optional .cpg) or GeoPackage (.gpkg, as IGN ships ADMIN EXPRESS); or a
    /// territory prepared from one (FILE.zbt, see `prepare`). Without it, coverage is computed
    /// from the COG alone.
    #[arg(long, value_name = "FILE")]
    pub communes: Option<PathBuf>,
    #[command(flatten)]
    pub layer: LayerArgs,
    /// CPTS polygons: share of a unit's area a polygon must cover for the unit to belong to it.
    #[arg(long, value_name = "SHARE", value_parser = parse::share)]
    pub min_overlap: Option<f64>,
    /// INSEE-style population table (CSV, `;` or `,`): overrides or supplies population by code.
    #[arg(long, value_name = "FILE")]
    pub population: Option<PathBuf>,
    /// Groups of units besides the EPCI (S11): CSV/XLSX with a code, a group id and optionally
    /// a group name (INSEE bassins de vie, territoires de santé); units.csv carries each unit's.
    #[arg(long, value_name = "FILE")]
    pub groups: Option<PathBuf>,
    /// COG reference (format of cog-communes-2026.csv); default: the embedded COG 2026.
    #[arg(long, value_name = "FILE")]
    pub cog: Option<PathBuf>,
    /// CPTS listing: CSV (`,`/`;`, UTF-8 or Windows-1252) or XLSX, one row per (CPTS, commune);
    /// or CPTS polygons (GeoJSON or Shapefile with id, name, stage and date properties).
    /// `compare` takes it twice (the listing before, then after).
    #[arg(long, value_name = "FILE")]
    pub cpts: Vec<PathBuf>,
    /// Map a listing field to a header, e.g. `commune_code=code_insee_source`. Fields: cpts_id,
    /// cpts_name, stage, commune_code, arrondissement_code, date_li, date_ps, date_aci, members.
    #[arg(long = "cpts-column", value_name = "FIELD=HEADER", value_parser = parse::cpts_column)]
    pub cpts_columns: Vec<(Field, String)>,
    /// Worksheet to read in an XLSX listing (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Row of the listing's header (spreadsheet numbering); default: the first row that has the
    /// listing's columns, so title rows above it are skipped.
    #[arg(long, value_name = "N", value_parser = parse::row)]
    pub header_row: Option<NonZeroUsize>,
    /// Read a stage label no rule understands, e.g. `'Dossier complet=ps'`; repeatable.
    #[arg(long = "stage-map", value_name = "LABEL=STAGE")]
    pub stage_map: Vec<String>,
    /// Stage labels from a table with `label` and `stage` columns (CSV or XLSX).
    #[arg(long, value_name = "FILE")]
    pub stage_map_file: Option<PathBuf>,
    /// Stage of rows without one (listings with no stage column): preprojet, li, ps or aci.
    #[arg(long, value_name = "STAGE", value_parser = parse::stage)]
    pub default_stage: Option<Stage>,
    /// Coverage as it was at this date (YYYY-MM-DD): each CPTS at its highest dated stage.
    /// `compare` takes it twice (one listing at two dates).
    #[arg(long, value_name = "DATE", value_parser = parse::date)]
    pub as_of: Vec<NaiveDate>,
    /// A CPTS at the lettre d'intention or the projet de santé for longer than this many
    /// months at the date of the analysis is stalled (stalled.csv, S10).
    #[arg(long, value_name = "MONTHS", default_value = "18")]
    pub stalled_months: u32,
    /// Restrict the study area to a région (INSEE code, e.g. 93); repeatable.
    #[arg(long = "region", value_name = "CODE")]
    pub regions: Vec<String>,
    /// Restrict the study area to a département (e.g. 04, 2A, 974); repeatable.
    #[arg(long = "departement", value_name = "CODE")]
    pub departements: Vec<String>,
    /// Indicators per commune (CSV/XLSX): a code column and numeric columns named
    /// `name:sum` (a count, summed) or `name:mean` (a rate, mean weighted by population); no
    /// suffix = sum. Aggregated onto scopes, zones and CPTS in indicators.csv.
    #[arg(long, value_name = "FILE")]
    pub indicators: Option<PathBuf>,
    /// Rank the zones of the report by this indicator of --indicators, highest first.
    #[arg(long, value_name = "COLUMN", requires = "indicators")]
    pub priority: Option<String>,
    /// The indicator of --indicators that counts professionals per commune: with a members
    /// column in the listing, cpts_members.csv gives each CPTS's share of members.
    #[arg(long, value_name = "COLUMN", requires = "indicators")]
    pub professionals: Option<String>,
    /// The task force's register (CSV/XLSX): zone (key, Z-CODE), status (à instruire, réunion
    /// tenue, porteur identifié, LI signée, abandonnée), date, strategy, coordinator (oui/non),
    /// comment; one row per step. Carried into zones.csv, the report and the series.
    #[arg(long, value_name = "FILE")]
    pub register: Option<PathBuf>,
}

impl InputArgs {
    /// `--stage-map` entries and `--stage-map-file`, the entries on the command line last.
    fn stage_map(&self) -> Result<StageMap, Error> {
        let mut map = StageMap::default();
        if let Some(path) = &self.stage_map_file {
            map.read_file(&Source::File(path.clone()))?;
        }
        for entry in &self.stage_map {
            map.add_entry(entry)
                .map_err(|e| Error::Setting(format!("{}: {e}", Setting::StageMap)))?;
        }
        Ok(map)
    }

    fn is_empty(&self) -> bool {
        self.communes.is_none()
            && self.cpts.is_empty()
            && self.cog.is_none()
            && self.population.is_none()
            && self.groups.is_none()
    }

    /// The inputs of a command that reads one listing at one date.
    pub fn to_inputs(&self) -> Result<Inputs, Error> {
        if self.cpts.len() > 1 || self.as_of.len() > 1 {
            return Err(Error::Setting(
                "--cpts and --as-of are given once; only `compare` takes two listings or two dates"
                    .into(),
            ));
        }
        self.inputs_of(self.cpts.first(), self.as_of.first().copied())
    }

    /// The two sides of `compare` and their labels: two listings (at the same `--as-of`, if
    /// any) or one listing at two dates.
    pub fn to_compare_inputs(&self) -> Result<[(Inputs, String); 2], Error> {
        let label = |path: Option<&PathBuf>, date: Option<&NaiveDate>| match (path, date) {
            (_, Some(d)) if self.as_of.len() == 2 => d.to_string(),
            (Some(p), _) => p.display().to_string(),
            (None, Some(d)) => d.to_string(),
            (None, None) => "demo".into(),
        };
        let sides: [(Option<&PathBuf>, Option<&NaiveDate>); 2] = match (
            self.cpts.len(),
            self.as_of.len(),
        ) {
            (2, 0 | 1) => [
                (self.cpts.first(), self.as_of.first()),
                (self.cpts.get(1), self.as_of.first()),
            ],
            (0 | 1, 2) => [
                (self.cpts.first(), self.as_of.first()),
                (self.cpts.first(), self.as_of.get(1)),
            ],
            _ => {
                return Err(Error::Setting(
                        "compare: give two listings (--cpts OLD --cpts NEW) or one listing at two dates (--as-of A --as-of B)".into(),
                    ));
            }
        };
        let side = |(path, date): (Option<&PathBuf>, Option<&NaiveDate>)| {
            Ok((self.inputs_of(path, date.copied())?, label(path, date)))
        };
        Ok([side(sides[0])?, side(sides[1])?])
    }

    fn inputs_of(&self, cpts: Option<&PathBuf>, as_of: Option<NaiveDate>) -> Result<Inputs, Error> {
        let mut inputs = Inputs {
            communes: self.communes.clone().map(Source::File),
            fields: self.layer.fields(),
            population: self.population.clone().map(Source::File),
            groups: self.groups.clone().map(Source::File),
            cog: self.cog.clone().map(Source::File),
            listing: ListingOptions {
                columns: self.cpts_columns.iter().cloned().collect(),
                default_stage: self.default_stage,
                as_of,
                sheet: self.sheet.clone(),
                header_row: self.header_row.map(NonZeroUsize::get),
                stage_map: self.stage_map()?,
                stalled_months: Some(self.stalled_months),
            },
            regions: self.regions.clone(),
            departements: self.departements.clone(),
            crs: self.layer.crs.clone(),
            communes_layer: self.layer.communes_layer.clone(),
            min_overlap: self.min_overlap,
            indicators: self.indicators.clone().map(Source::File),
            priority: self.priority.clone(),
            professionals: self.professionals.clone(),
            register: self.register.clone().map(Source::File),
            ..Inputs::new(Source::File(PathBuf::new()))
        };
        if self.is_empty() {
            let demo = Inputs::demo();
            inputs.communes = demo.communes;
            inputs.cog = demo.cog;
            inputs.cpts = demo.cpts;
        } else {
            inputs.cpts = cpts.cloned().map(Source::File).ok_or_else(|| {
                Error::Setting("--cpts FILE is required (the CPTS listing); run without any input flag for the demo".into())
            })?;
        }
        Ok(inputs)
    }
}

/// What the zones and the plan read besides the inputs: the stage that counts as covered and
/// the evidence of the options (shared by `plan`, `analyze`, `map` and `serve`).
#[derive(Args)]
pub struct EvidenceArgs {
    /// Units below this stage are uncovered: li (default, S3), ps or aci.
    #[arg(long, value_name = "STAGE", default_value = "li", value_parser = parse::min_stage)]
    pub min_stage: Stage,
    /// Flow table (CSV/XLSX): origin code, destination code, count — commuting or patient flows.
    #[arg(long, value_name = "FILE")]
    pub flows: Option<PathBuf>,
    /// MSP table (CSV/XLSX): id, name, and a commune code or lon/lat (WGS84).
    #[arg(long, value_name = "FILE")]
    pub msp: Option<PathBuf>,
    /// Option weights and thresholds (TOML; see `zones-blanches weights`).
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
}

impl EvidenceArgs {
    /// The inputs with the evidence files.
    pub fn apply(&self, mut inputs: Inputs) -> Inputs {
        inputs.flows = self.flows.clone().map(Source::File);
        inputs.msp = self.msp.clone().map(Source::File);
        inputs.weights = self.weights.clone().map(Source::File);
        inputs
    }
}

/// The evidence and the task force's decisions of a plan run.
#[derive(Args)]
pub struct PlanInputArgs {
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    /// The task force's decisions (CSV/XLSX: unit = a code, a commune name or a zone key
    /// Z-CODE; cpts = an id, a name, or `new:NAME` for a new CPTS; decision = assign or
    /// forbid; an empty unit with forbid: the CPTS takes no extension).
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,
    /// A decision that cannot be applied is an error (exit 2), not a warning: for scripts.
    #[arg(long, requires = "decisions")]
    pub strict_decisions: bool,
}

impl PlanInputArgs {
    /// The inputs with the evidence files and the decisions.
    pub fn apply(&self, inputs: Inputs) -> Inputs {
        let mut inputs = self.evidence.apply(inputs);
        inputs.decisions = self.decisions.clone().map(Source::File);
        inputs
    }

    /// The stage that counts as covered.
    pub fn min_stage(&self) -> Stage {
        self.evidence.min_stage
    }
}

/// The stage that counts as covered in the zones, for the commands without plan evidence.
#[derive(Args)]
pub struct MinStageArgs {
    /// Units below this stage are uncovered: li (default, S3), ps or aci.
    #[arg(long, value_name = "STAGE", default_value = "li", value_parser = parse::min_stage)]
    pub min_stage: Stage,
}

#[derive(Args)]
pub struct OutputArgs {
    /// Output folder (created if needed).
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Write CSV for Excel in French: `;`-separated with a UTF-8 BOM.
    #[arg(long)]
    pub excel_csv: bool,
    /// Table formats: csv (default), parquet, xlsx (one workbook, zones-blanches.xlsx), gpkg
    /// (one GeoPackage, zones-blanches.gpkg, with the geometry layers and every table), both
    /// (csv and parquet), or a comma-separated list such as csv,xlsx,gpkg.
    #[arg(long, value_name = "FORMAT", default_value = "csv", value_parser = parse::format)]
    pub format: TableFormat,
    /// Language of the terminal summary and of the sentences in the tables (options.csv
    /// rationale, plan.csv and unresolved.csv reason): en (default, stable for scripts) or fr.
    /// The report is always in French; CSV headers and JSON keys never change.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = parse::lang)]
    pub lang: Lang,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

impl OutputArgs {
    /// The export options of these flags (`adjacency`: `--write-adjacency`).
    pub fn options(&self, adjacency: bool) -> Options {
        Options {
            format: self.format,
            excel_csv: self.excel_csv,
            lang: self.lang,
            adjacency,
        }
    }
}
