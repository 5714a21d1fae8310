//! The command line's arguments (clap): one struct per command, the input flags shared by all,
//! and their translation into the library's [`Inputs`]. Each flag's doc is its `--help` text.

use clap::{Args, Parser, Subcommand};
use std::collections::BTreeMap;
use std::path::PathBuf;
use zones_blanches::export::{TableFormat, TableStyle};
use zones_blanches::french::Lang;
use zones_blanches::listing::{Field, ListingOptions, parse_date};
use zones_blanches::prepared::PrepareInputs;
use zones_blanches::stage_label::StageMap;
use zones_blanches::territory::FieldNames;
use zones_blanches::{Error, Inputs, Source, Stage};

#[derive(Parser)]
#[command(
    name = "zones-blanches",
    version,
    about = "Measure CPTS coverage of France by maturity stage and find the zones blanches",
    long_about = "Measure how much of the population is covered by CPTS at each maturity stage \
(lettre d'intention validée → projet de santé validé → ACI signé), by région, département and EPCI.\n\n\
With no input flag, every command runs on the embedded demo (a fictional département, generated in memory)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Coverage by stage (S1–S4): coverage.csv, units.csv, overlaps.csv, unresolved.csv,
    /// summary.json and, with a commune layer, units.geojson.
    Coverage(Box<CoverageArgs>),
    /// Zones blanches (S5): everything `coverage` writes, plus zones.csv, zones.geojson and a
    /// zone_id column in units.csv. Needs a commune layer.
    Zones(Box<ZonesArgs>),
    /// Coverage options and the 100 % plan (S6): everything `zones` writes, plus options.csv,
    /// plan.csv, plan_coverage.csv and plan.geojson. Needs a commune layer.
    Plan(Box<PlanArgs>),
    /// Coverage, zones and plan in one go (the whole analysis of a task force).
    Analyze(Box<PlanArgs>),
    /// Print the built-in option weights (TOML): a starting point for --weights.
    Weights,
    /// Draw a map (SVG or PNG, by the extension of --out): units by stage, CPTS and département
    /// borders, zones blanches outlined and labelled; `--layer plan` adds the plan.
    Map(Box<MapArgs>),
    /// Coverage (and, with a commune layer, zones blanches) at a list of dates (S10):
    /// coverage_series.csv, zones_series.csv, coverage_series.svg and report.html. The inputs
    /// are read once; each date equals an `--as-of` run at that date.
    Series(Box<SeriesArgs>),
    /// What changed between two listings (`--cpts OLD --cpts NEW`) or one listing at two dates
    /// (`--as-of A --as-of B`), S10: changes_units.csv, changes_cpts.csv, changes_zones.csv.
    Compare(Box<CompareArgs>),
    /// Prepare a commune layer once for repeated runs: FILE.zbt holds its units, their WGS84
    /// and metric polygons and their adjacency; every command takes it as --communes and skips
    /// parsing, projecting and adjacency. A file prepared from a layer that has changed since,
    /// with another COG or by another version is refused.
    Prepare(Box<PrepareArgs>),
    /// Print the schema of the outputs: `summary` (JSON Schema of summary.json) or `tables`
    /// (the columns and types of every CSV/Parquet table).
    Schema {
        /// summary or tables.
        #[arg(default_value = "summary")]
        which: String,
    },
    /// Regenerate the embedded demo data (data/demo/) deterministically.
    #[command(hide = true)]
    GenerateDemo {
        #[arg(long, default_value = "data/demo")]
        out: PathBuf,
    },
}

#[derive(Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct ZonesArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Units below this stage are uncovered: li (default, S3), ps or aci.
    #[arg(long, value_name = "STAGE", default_value = "li")]
    pub min_stage: String,
    /// Also write adjacency.csv (code_a,code_b,shared_m,overlap_m2).
    #[arg(long)]
    pub write_adjacency: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What the zones and the plan read besides the inputs: the stage that counts as covered and
/// the evidence of the options.
#[derive(Args)]
pub struct PlanInputArgs {
    /// Units below this stage are uncovered: li (default, S3), ps or aci.
    #[arg(long, value_name = "STAGE", default_value = "li")]
    pub min_stage: String,
    /// Flow table (CSV/XLSX): origin code, destination code, count — commuting or patient flows.
    #[arg(long, value_name = "FILE")]
    pub flows: Option<PathBuf>,
    /// MSP table (CSV/XLSX): id, name, and a commune code or lon/lat (WGS84).
    #[arg(long, value_name = "FILE")]
    pub msp: Option<PathBuf>,
    /// Option weights and thresholds (TOML; see `zones-blanches weights`).
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// The task force's decisions (CSV/XLSX: unit, cpts, decision = assign or forbid; cpts
    /// `new:NAME` for a new CPTS; an empty unit with forbid: the CPTS takes no extension).
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,
}

impl PlanInputArgs {
    /// The inputs with the evidence files, and the stage that counts as covered.
    pub fn apply(&self, mut inputs: Inputs) -> Result<(Inputs, Stage), Error> {
        inputs.flows = self.flows.clone().map(Source::File);
        inputs.msp = self.msp.clone().map(Source::File);
        inputs.weights = self.weights.clone().map(Source::File);
        inputs.decisions = self.decisions.clone().map(Source::File);
        Ok((inputs, parse_min_stage(&self.min_stage)?))
    }
}

#[derive(Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub plan: PlanInputArgs,
    /// Also write adjacency.csv (code_a,code_b,shared_m,overlap_m2).
    #[arg(long)]
    pub write_adjacency: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct SeriesArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// First date of the series (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "to")]
    pub from: Option<String>,
    /// Last date of the series (included when a step lands on it).
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
    /// Step between --from and --to: month, quarter or year.
    #[arg(long, value_name = "STEP", default_value = "month")]
    pub every: String,
    /// The dates themselves, comma-separated (instead of --from/--to).
    #[arg(
        long,
        value_name = "D1,D2,…",
        value_delimiter = ',',
        conflicts_with = "from"
    )]
    pub dates: Vec<String>,
    /// Units below this stage are uncovered in the zones: li (default, S3), ps or aci.
    #[arg(long, value_name = "STAGE", default_value = "li")]
    pub min_stage: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Units below this stage are uncovered in the zones: li (default, S3), ps or aci.
    #[arg(long, value_name = "STAGE", default_value = "li")]
    pub min_stage: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct MapArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub plan: PlanInputArgs,
    /// Layers, comma-separated or repeated: stages, cpts, departements, zones, plan
    /// (default: stages,cpts,departements,zones).
    #[arg(long = "layer", value_name = "LAYER", value_delimiter = ',')]
    pub layers: Vec<String>,
    /// Width of the map in pixels (SVG and PNG).
    #[arg(long, value_name = "PX", default_value = "1200")]
    pub width: u32,
    /// Output file: FILE.svg or FILE.png.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

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
    fn fields(&self) -> FieldNames {
        FieldNames {
            code: self.code_field.clone(),
            name: self.name_field.clone(),
            population: self.population_field.clone(),
        }
    }
}

#[derive(Args)]
pub struct PrepareArgs {
    /// Commune layer to prepare: GeoJSON (plain or .gz), Shapefile or GeoPackage, read as the
    /// other commands read --communes.
    #[arg(long, value_name = "FILE")]
    pub communes: PathBuf,
    #[command(flatten)]
    pub layer: LayerArgs,
    /// COG reference the units are resolved against; the runs must give the same --cog.
    #[arg(long, value_name = "FILE")]
    pub cog: Option<PathBuf>,
    /// The prepared territory to write (FILE.zbt).
    #[arg(long, value_name = "FILE.zbt")]
    pub out: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

impl PrepareArgs {
    pub fn to_inputs(&self) -> PrepareInputs {
        PrepareInputs {
            communes: Source::File(self.communes.clone()),
            fields: self.layer.fields(),
            crs: self.layer.crs.clone(),
            communes_layer: self.layer.communes_layer.clone(),
            cog: self.cog.clone().map(Source::File),
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
    #[arg(long, value_name = "SHARE")]
    pub min_overlap: Option<f64>,
    /// INSEE-style population table (CSV, `;` or `,`): overrides or supplies population by code.
    #[arg(long, value_name = "FILE")]
    pub population: Option<PathBuf>,
    /// COG reference (format of cog-communes-2026.csv); default: the embedded COG 2026.
    #[arg(long, value_name = "FILE")]
    pub cog: Option<PathBuf>,
    /// CPTS listing: CSV (`,`/`;`, UTF-8 or Windows-1252) or XLSX, one row per (CPTS, commune);
    /// or CPTS polygons (GeoJSON or Shapefile with id, name, stage and date properties).
    /// `compare` takes it twice (the listing before, then after).
    #[arg(long, value_name = "FILE")]
    pub cpts: Vec<PathBuf>,
    /// Map a listing field to a header, e.g. `commune_code=code_insee_source`. Fields: cpts_id,
    /// cpts_name, stage, commune_code, arrondissement_code, date_li, date_ps, date_aci.
    #[arg(long = "cpts-column", value_name = "FIELD=HEADER")]
    pub cpts_columns: Vec<String>,
    /// Worksheet to read in an XLSX listing (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Row of the listing's header (spreadsheet numbering); default: the first row that has the
    /// listing's columns, so title rows above it are skipped.
    #[arg(long, value_name = "N")]
    pub header_row: Option<usize>,
    /// Read a stage label no rule understands, e.g. `'Dossier complet=ps'`; repeatable.
    #[arg(long = "stage-map", value_name = "LABEL=STAGE")]
    pub stage_map: Vec<String>,
    /// Stage labels from a table with `label` and `stage` columns (CSV or XLSX).
    #[arg(long, value_name = "FILE")]
    pub stage_map_file: Option<PathBuf>,
    /// Stage of rows without one (listings with no stage column): preprojet, li, ps or aci.
    #[arg(long, value_name = "STAGE")]
    pub default_stage: Option<String>,
    /// Coverage as it was at this date (YYYY-MM-DD): each CPTS at its highest dated stage.
    /// `compare` takes it twice (one listing at two dates).
    #[arg(long, value_name = "DATE")]
    pub as_of: Vec<String>,
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
    #[arg(long, value_name = "FORMAT", default_value = "csv")]
    pub format: String,
    /// Language of the terminal summary and of the sentences in the tables (options.csv
    /// rationale, plan.csv and unresolved.csv reason): en (default, stable for scripts) or fr.
    /// The report is always in French; CSV headers and JSON keys never change.
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: String,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

impl OutputArgs {
    pub fn style(&self) -> Result<TableStyle, Error> {
        let format = TableFormat::parse(&self.format).ok_or_else(|| {
            Error::Usage(format!(
                "--format `{}`: csv, parquet, xlsx, gpkg, both (csv and parquet), or a list such as csv,xlsx,gpkg",
                self.format
            ))
        })?;
        let lang = Lang::parse(&self.lang)
            .ok_or_else(|| Error::Usage(format!("--lang `{}`: fr or en", self.lang)))?;
        Ok(TableStyle {
            excel: self.excel_csv,
            format,
            lang,
        })
    }
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
                .map_err(|e| Error::Usage(format!("--stage-map: {e}")))?;
        }
        Ok(map)
    }

    fn is_empty(&self) -> bool {
        self.communes.is_none()
            && self.cpts.is_empty()
            && self.cog.is_none()
            && self.population.is_none()
    }

    /// The inputs of a command that reads one listing at one date.
    pub fn to_inputs(&self) -> Result<Inputs, Error> {
        if self.cpts.len() > 1 || self.as_of.len() > 1 {
            return Err(Error::Usage(
                "--cpts and --as-of are given once; only `compare` takes two listings or two dates"
                    .into(),
            ));
        }
        self.inputs_of(self.cpts.first(), self.as_of.first().map(String::as_str))
    }

    /// The two sides of `compare` and their labels: two listings (at the same `--as-of`, if
    /// any) or one listing at two dates.
    pub fn to_compare_inputs(&self) -> Result<[(Inputs, String); 2], Error> {
        let label = |path: Option<&PathBuf>, date: Option<&String>| match (path, date) {
            (_, Some(d)) if self.as_of.len() == 2 => d.clone(),
            (Some(p), _) => p.display().to_string(),
            (None, Some(d)) => d.clone(),
            (None, None) => "demo".into(),
        };
        let sides: [(Option<&PathBuf>, Option<&String>); 2] = match (
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
                return Err(Error::Usage(
                        "compare: give two listings (--cpts OLD --cpts NEW) or one listing at two dates (--as-of A --as-of B)".into(),
                    ));
            }
        };
        let side = |(path, date): (Option<&PathBuf>, Option<&String>)| {
            Ok((
                self.inputs_of(path, date.map(String::as_str))?,
                label(path, date),
            ))
        };
        Ok([side(sides[0])?, side(sides[1])?])
    }

    fn inputs_of(&self, cpts: Option<&PathBuf>, as_of: Option<&str>) -> Result<Inputs, Error> {
        let mut inputs = Inputs {
            communes: self.communes.clone().map(Source::File),
            fields: self.layer.fields(),
            population: self.population.clone().map(Source::File),
            cog: self.cog.clone().map(Source::File),
            cpts: Source::File(PathBuf::new()),
            listing: ListingOptions {
                columns: parse_columns(&self.cpts_columns)?,
                default_stage: self
                    .default_stage
                    .as_deref()
                    .map(|s| {
                        Stage::parse_label(s).ok_or_else(|| {
                            Error::Usage(format!(
                                "--default-stage: unknown stage `{s}` (preprojet, li, ps, aci)"
                            ))
                        })
                    })
                    .transpose()?,
                as_of: as_of.map(|s| parse_cli_date("--as-of", s)).transpose()?,
                sheet: self.sheet.clone(),
                header_row: match self.header_row {
                    Some(0) => return Err(Error::Usage("--header-row: rows start at 1".into())),
                    other => other,
                },
                stage_map: self.stage_map()?,
                stalled_months: Some(self.stalled_months),
            },
            regions: self.regions.clone(),
            departements: self.departements.clone(),
            flows: None,
            msp: None,
            weights: None,
            decisions: None,
            crs: self.layer.crs.clone(),
            communes_layer: self.layer.communes_layer.clone(),
            min_overlap: match self.min_overlap {
                Some(v) if !(v > 0.0 && v <= 1.0) => {
                    return Err(Error::Usage(format!(
                        "--min-overlap {v}: a share in (0, 1]"
                    )));
                }
                other => other,
            },
        };
        if self.is_empty() {
            let demo = Inputs::demo();
            inputs.communes = demo.communes;
            inputs.cog = demo.cog;
            inputs.cpts = demo.cpts;
        } else {
            inputs.cpts = cpts.cloned().map(Source::File).ok_or_else(|| {
                Error::Usage("--cpts FILE is required (the CPTS listing); run without any input flag for the demo".into())
            })?;
        }
        Ok(inputs)
    }
}

fn parse_columns(specs: &[String]) -> Result<BTreeMap<Field, String>, Error> {
    specs
        .iter()
        .map(|spec| {
            let (field, header) = spec.split_once('=').ok_or_else(|| {
                Error::Usage(format!("--cpts-column `{spec}`: expected FIELD=HEADER"))
            })?;
            let field = Field::parse(field).ok_or_else(|| {
                Error::Usage(format!(
                    "--cpts-column `{spec}`: unknown field `{field}`; fields: {}",
                    Field::ALL.map(|f| f.as_str()).join(", ")
                ))
            })?;
            Ok((field, header.trim().to_string()))
        })
        .collect()
}

/// A date of the command line (YYYY-MM-DD or DD/MM/YYYY), `flag` naming it in the error.
pub fn parse_cli_date(flag: &str, text: &str) -> Result<chrono::NaiveDate, Error> {
    match parse_date(text) {
        Ok(Some(d)) => Ok(d),
        _ => Err(Error::Usage(format!(
            "{flag}: `{text}` is not a date (YYYY-MM-DD)"
        ))),
    }
}

/// The stage from which a unit counts as covered (`--min-stage`): li, ps or aci.
pub fn parse_min_stage(text: &str) -> Result<Stage, Error> {
    Stage::parse_label(text)
        .filter(|s| *s > Stage::Preprojet)
        .ok_or_else(|| Error::Usage(format!("--min-stage: `{text}` must be li, ps or aci")))
}
