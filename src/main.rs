//! The `zones-blanches` command line: clap arguments → library calls → writers; nothing else.

use clap::{Args, Parser, Subcommand};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use zones_blanches::io::write::OutputSet;
use zones_blanches::listing::{Field, ListingOptions, parse_date};
use zones_blanches::output::{
    Extras, TableFormat, TableStyle, coverage_files, terminal_summary, terminal_zones, zones_files,
};
use zones_blanches::pipeline::timed;
use zones_blanches::plan_output::{plan_files, terminal_plan};
use zones_blanches::territory::FieldNames;
use zones_blanches::{Error, Inputs, Stage, demo, run_coverage, run_plan, run_zones};

#[derive(Parser)]
#[command(
    name = "zones-blanches",
    version,
    about = "Measure CPTS coverage of France by maturity stage and find the zones blanches",
    long_about = "Measure how much of the population is covered by CPTS at each maturity stage \
(lettre d'intention validée → projet de santé validé → ACI signé), by région, département and EPCI.\n\n\
With no input flag, every command runs on the embedded demo (data/demo/)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    /// Regenerate the embedded demo data (data/demo/) deterministically.
    #[command(hide = true)]
    GenerateDemo {
        #[arg(long, default_value = "data/demo")]
        out: PathBuf,
    },
}

#[derive(Args)]
struct CoverageArgs {
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args)]
struct ZonesArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Units below this stage are uncovered: li (default, S3), ps or aci.
    #[arg(long, value_name = "STAGE", default_value = "li")]
    min_stage: String,
    /// Also write adjacency.csv (code_a,code_b,shared_m,overlap_m2).
    #[arg(long)]
    write_adjacency: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// What the zones and the plan read besides the inputs: the stage that counts as covered and
/// the evidence of the options.
#[derive(Args)]
struct PlanInputArgs {
    /// Units below this stage are uncovered: li (default, S3), ps or aci.
    #[arg(long, value_name = "STAGE", default_value = "li")]
    min_stage: String,
    /// Flow table (CSV/XLSX): origin code, destination code, count — commuting or patient flows.
    #[arg(long, value_name = "FILE")]
    flows: Option<PathBuf>,
    /// MSP table (CSV/XLSX): id, name, and a commune code or lon/lat (WGS84).
    #[arg(long, value_name = "FILE")]
    msp: Option<PathBuf>,
    /// Option weights and thresholds (TOML; see `zones-blanches weights`).
    #[arg(long, value_name = "FILE")]
    weights: Option<PathBuf>,
}

impl PlanInputArgs {
    /// The inputs with the evidence files, and the stage that counts as covered.
    fn apply(&self, mut inputs: Inputs) -> Result<(Inputs, Stage), Error> {
        inputs.flows = self.flows.clone();
        inputs.msp = self.msp.clone();
        inputs.weights = self.weights.clone();
        Ok((inputs, parse_min_stage(&self.min_stage)?))
    }
}

#[derive(Args)]
struct PlanArgs {
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    plan: PlanInputArgs,
    /// Also write adjacency.csv (code_a,code_b,shared_m,overlap_m2).
    #[arg(long)]
    write_adjacency: bool,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args)]
struct MapArgs {
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    plan: PlanInputArgs,
    /// Layers, comma-separated or repeated: stages, cpts, departements, zones, plan
    /// (default: stages,cpts,departements,zones).
    #[arg(long = "layer", value_name = "LAYER", value_delimiter = ',')]
    layers: Vec<String>,
    /// Width of the map in pixels (SVG and PNG).
    #[arg(long, value_name = "PX", default_value = "1200")]
    width: u32,
    /// Output file: FILE.svg or FILE.png.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct InputArgs {
    /// Commune layer: GeoJSON FeatureCollection (plain or .gz, WGS84) or Shapefile (.shp with
    /// .dbf, .shx, .prj, optional .cpg). Without it, coverage is computed from the COG alone.
    #[arg(long, value_name = "FILE")]
    communes: Option<PathBuf>,
    /// CPTS polygons: share of a unit's area a polygon must cover for the unit to belong to it.
    #[arg(long, value_name = "SHARE")]
    min_overlap: Option<f64>,
    /// CRS of a Shapefile without a usable .prj: EPSG:2154, 4326, 5490, 2972, 2975 or 4471.
    #[arg(long, value_name = "EPSG:CODE")]
    crs: Option<String>,
    /// Property holding the commune code (default: detect code, insee_com, code_insee, codgeo, com).
    #[arg(long, value_name = "NAME")]
    code_field: Option<String>,
    /// Property holding the commune name (default: detect nom, nom_com, libgeo, libelle).
    #[arg(long, value_name = "NAME")]
    name_field: Option<String>,
    /// Property holding the population (default: detect population_municipale*, population, pmun, pNN_pop).
    #[arg(long, value_name = "NAME")]
    population_field: Option<String>,
    /// INSEE-style population table (CSV, `;` or `,`): overrides or supplies population by code.
    #[arg(long, value_name = "FILE")]
    population: Option<PathBuf>,
    /// COG reference (format of cog-communes-2026.csv); default: the embedded COG 2026.
    #[arg(long, value_name = "FILE")]
    cog: Option<PathBuf>,
    /// CPTS listing: CSV (`,`/`;`, UTF-8 or Windows-1252) or XLSX, one row per (CPTS, commune);
    /// or CPTS polygons (GeoJSON or Shapefile with id, name, stage and date properties).
    #[arg(long, value_name = "FILE")]
    cpts: Option<PathBuf>,
    /// Map a listing field to a header, e.g. `commune_code=code_insee_source`. Fields: cpts_id,
    /// cpts_name, stage, commune_code, arrondissement_code, date_li, date_ps, date_aci.
    #[arg(long = "cpts-column", value_name = "FIELD=HEADER")]
    cpts_columns: Vec<String>,
    /// Worksheet to read in an XLSX listing (default: the first).
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// Stage of rows without one (listings with no stage column): preprojet, li, ps or aci.
    #[arg(long, value_name = "STAGE")]
    default_stage: Option<String>,
    /// Coverage as it was at this date (YYYY-MM-DD): each CPTS at its highest dated stage.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Restrict the study area to a région (INSEE code, e.g. 93); repeatable.
    #[arg(long = "region", value_name = "CODE")]
    regions: Vec<String>,
    /// Restrict the study area to a département (e.g. 04, 2A, 974); repeatable.
    #[arg(long = "departement", value_name = "CODE")]
    departements: Vec<String>,
}

#[derive(Args)]
struct OutputArgs {
    /// Output folder (created if needed).
    #[arg(long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// Write CSV for Excel in French: `;`-separated with a UTF-8 BOM.
    #[arg(long)]
    excel_csv: bool,
    /// Table format: csv (default), parquet, or both.
    #[arg(long, value_name = "FORMAT", default_value = "csv")]
    format: String,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

impl OutputArgs {
    fn style(&self) -> Result<TableStyle, Error> {
        let format = TableFormat::parse(&self.format).ok_or_else(|| {
            Error::Usage(format!("--format `{}`: csv, parquet or both", self.format))
        })?;
        Ok(TableStyle {
            excel: self.excel_csv,
            format,
        })
    }
}

impl InputArgs {
    fn is_empty(&self) -> bool {
        self.communes.is_none()
            && self.cpts.is_none()
            && self.cog.is_none()
            && self.population.is_none()
    }

    fn to_inputs(&self) -> Result<Inputs, Error> {
        let mut inputs = Inputs {
            communes: self.communes.clone(),
            fields: FieldNames {
                code: self.code_field.clone(),
                name: self.name_field.clone(),
                population: self.population_field.clone(),
            },
            population: self.population.clone(),
            cog: self.cog.clone(),
            cpts: PathBuf::new(),
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
                as_of: self
                    .as_of
                    .as_deref()
                    .map(|s| match parse_date(s) {
                        Ok(Some(d)) => Ok(d),
                        _ => Err(Error::Usage(format!(
                            "--as-of: `{s}` is not a date (YYYY-MM-DD)"
                        ))),
                    })
                    .transpose()?,
                sheet: self.sheet.clone(),
            },
            regions: self.regions.clone(),
            departements: self.departements.clone(),
            flows: None,
            msp: None,
            weights: None,
            crs: self.crs.clone(),
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
            let dir = demo::demo_dir();
            inputs.communes = Some(dir.join("communes.geojson"));
            inputs.cog = Some(dir.join("cog.csv"));
            inputs.cpts = dir.join("cpts.csv");
        } else {
            inputs.cpts = self.cpts.clone().ok_or_else(|| {
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

fn run_coverage_command(args: &CoverageArgs) -> Result<(), Error> {
    let inputs = args.inputs.to_inputs()?;
    let run = timed("inputs + coverage", || run_coverage(&inputs))?;
    let style = args.output.style()?;
    let files = timed("build outputs", || {
        coverage_files(&run, "coverage", style, Extras::default())
    })?;
    write_outputs(&args.output, &inputs, &files)?;
    zones_blanches::progress::finish();
    if !args.output.quiet {
        print!("{}", terminal_summary(&run, "coverage"));
        println!("Outputs written to {}", args.output.out.display());
    }
    Ok(())
}

fn write_outputs(
    output: &OutputArgs,
    inputs: &Inputs,
    files: &[(String, Vec<u8>)],
) -> Result<(), Error> {
    timed("write outputs", || {
        let mut set = OutputSet::new(&output.out, &inputs.files())?;
        for (name, bytes) in files {
            set.stage(name, bytes)?;
        }
        set.commit().map(|_| ())
    })
}

fn parse_min_stage(text: &str) -> Result<Stage, Error> {
    Stage::parse_label(text)
        .filter(|s| *s > Stage::Preprojet)
        .ok_or_else(|| Error::Usage(format!("--min-stage: `{text}` must be li, ps or aci")))
}

fn run_plan_command(args: &PlanArgs, command: &str) -> Result<(), Error> {
    let (inputs, min_stage) = args.plan.apply(args.inputs.to_inputs()?)?;
    let run = timed("inputs + plan", || run_plan(&inputs, min_stage))?;
    let style = args.output.style()?;
    let files = timed("build outputs", || {
        plan_files(&run, command, style, args.write_adjacency)
    })?;
    write_outputs(&args.output, &inputs, &files)?;
    zones_blanches::progress::finish();
    if !args.output.quiet {
        print!("{}", terminal_summary(&run.zones.coverage, command));
        print!("{}", terminal_zones(&run.zones));
        print!("{}", terminal_plan(&run));
        println!("Outputs written to {}", args.output.out.display());
    }
    Ok(())
}

fn run_map_command(args: &MapArgs) -> Result<(), Error> {
    use zones_blanches::map::{Layer, MapInput, render_png, render_svg};
    let extension = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let png = match extension.as_deref() {
        Some("svg") => false,
        Some("png") => true,
        _ => {
            return Err(Error::Usage(format!(
                "--out {}: a map is written as .svg or .png",
                args.out.display()
            )));
        }
    };
    if !(100..=10_000).contains(&args.width) {
        return Err(Error::Usage(format!(
            "--width {}: between 100 and 10000 pixels",
            args.width
        )));
    }
    let layers: Vec<Layer> = if args.layers.is_empty() {
        Layer::DEFAULT.to_vec()
    } else {
        args.layers
            .iter()
            .map(|name| {
                Layer::parse(name).ok_or_else(|| {
                    Error::Usage(format!(
                        "--layer `{name}`: stages, cpts, departements, zones or plan"
                    ))
                })
            })
            .collect::<Result<_, _>>()?
    };
    let (inputs, min_stage) = args.plan.apply(args.inputs.to_inputs()?)?;
    // The plan is only computed when its layer is drawn.
    let (zones, plan) = if layers.contains(&Layer::Plan) {
        let run = timed("inputs + plan", || run_plan(&inputs, min_stage))?;
        (run.zones, Some(run.plan))
    } else {
        (
            timed("inputs + zones", || run_zones(&inputs, min_stage))?,
            None,
        )
    };
    let input = MapInput::of(&zones, plan.as_ref());
    let svg = timed("render SVG", || {
        render_svg(&input, &layers, args.width as f64)
    });
    let bytes = if png {
        timed("render PNG", || render_png(&svg, args.width))?
    } else {
        svg.into_bytes()
    };
    zones_blanches::io::write::write_file_atomic(&args.out, &bytes, &inputs.files())?;
    zones_blanches::progress::finish();
    if !args.quiet {
        println!(
            "Map of {} ({} zones blanches) written to {}",
            zones_blanches::coverage::study_area_title(
                &zones.coverage.territory,
                &zones.coverage.cog
            ),
            zones.zones.zones.len(),
            args.out.display()
        );
    }
    Ok(())
}

fn run_zones_command(args: &ZonesArgs) -> Result<(), Error> {
    let inputs = args.inputs.to_inputs()?;
    let min_stage = parse_min_stage(&args.min_stage)?;
    let run = timed("inputs + zones", || run_zones(&inputs, min_stage))?;
    let style = args.output.style()?;
    let files = timed("build outputs", || {
        zones_files(
            &run,
            "zones",
            style,
            args.write_adjacency,
            Extras::default(),
        )
    })?;
    write_outputs(&args.output, &inputs, &files)?;
    zones_blanches::progress::finish();
    if !args.output.quiet {
        print!("{}", terminal_summary(&run.coverage, "zones"));
        print!("{}", terminal_zones(&run));
        println!("Outputs written to {}", args.output.out.display());
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = match &cli.command {
        Command::Coverage(a) => a.output.quiet,
        Command::Zones(a) => a.output.quiet,
        Command::Plan(a) | Command::Analyze(a) => a.output.quiet,
        Command::Map(a) => a.quiet,
        Command::Weights | Command::GenerateDemo { .. } => true,
    };
    if !quiet {
        zones_blanches::progress::start("zones-blanches");
    }
    let result = match &cli.command {
        Command::Coverage(args) => run_coverage_command(args),
        Command::Zones(args) => run_zones_command(args),
        Command::Plan(args) => run_plan_command(args, "plan"),
        Command::Analyze(args) => run_plan_command(args, "analyze"),
        Command::Map(args) => run_map_command(args),
        Command::Weights => {
            print!("{}", zones_blanches::weights::DEFAULT_WEIGHTS_TOML);
            Ok(())
        }
        Command::GenerateDemo { out } => {
            demo::write(out).map(|_| println!("demo data written to {}", out.display()))
        }
    };
    zones_blanches::progress::finish();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            match error {
                Error::Write { .. } => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

/// mimalloc: the engine allocates millions of small vectors (rings, strings) across rayon
/// threads, where it is markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
