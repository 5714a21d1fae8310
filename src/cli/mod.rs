//! The command line: one module per command (its arguments, its run, its terminal lines), the
//! flags they share ([`args`], typed by [`parse`]), the terminal's shared lines ([`terminal`])
//! and the progress spinner ([`progress`]). The only place that prints; the library's
//! [`Setting`]s are named here as flags.

mod analyze;
mod args;
mod compare;
mod coverage;
mod map;
mod parse;
mod prepare;
mod progress;
pub mod script;
mod series;
mod serve;
mod terminal;
mod zones;

use crate::export::OutputSet;
use crate::export::{FileSink, output_file_names};
use crate::{Error, Lang, Setting};
use args::OutputArgs;
use clap::{Parser, Subcommand};
use progress::Spinner;
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "zones-blanches",
    version,
    about = "Measure CPTS coverage of France by maturity stage and find the zones blanches",
    long_about = "Measure how much of the population is covered by CPTS at each maturity stage \
(lettre d'intention validée → projet de santé validé → ACI signé), by région, département and EPCI.\n\n\
With no input flag, every command runs on the embedded demo (a fictional département, generated in memory)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Coverage by stage (S1–S4): coverage.csv, units.csv, overlaps.csv, unresolved.csv,
    /// summary.json and, with a commune layer, units.geojson.
    Coverage(Box<coverage::CoverageArgs>),
    /// Zones blanches (S5): everything `coverage` writes, plus zones.csv, zones.geojson and a
    /// zone_id column in units.csv. Needs a commune layer.
    Zones(Box<zones::ZonesArgs>),
    /// Coverage options and the 100 % plan (S6): everything `zones` writes, plus options.csv,
    /// plan.csv, plan_coverage.csv and plan.geojson. Needs a commune layer.
    Plan(Box<analyze::PlanArgs>),
    /// Coverage, zones and plan in one go (the whole analysis of a task force).
    Analyze(Box<analyze::PlanArgs>),
    /// The periodic return to the DGOS: everything `analyze` writes, plus retour-dgos.xlsx and
    /// the printable retour-dgos.html — per région the zones blanches, the strategy of each
    /// (the plan's and, with --register, the task force's), coordinators and calendar.
    #[command(name = "report-dgos")]
    ReportDgos(Box<analyze::PlanArgs>),
    /// The planning table: an offline map page and a JSON API on 127.0.0.1:8642 where the task
    /// force assigns communes and watches the plan change; every edit is saved to --decisions.
    Serve(Box<serve::ServeArgs>),
    /// Print the built-in option weights (TOML): a starting point for --weights.
    Weights,
    /// Draw a map (SVG or PNG, by the extension of --out): units by stage, CPTS and département
    /// borders, zones blanches outlined and labelled; `--layer plan` adds the plan.
    Map(Box<map::MapArgs>),
    /// Coverage (and, with a commune layer, zones blanches) at a list of dates (S10):
    /// coverage_series.csv, zones_series.csv, coverage_series.svg and report.html. The inputs
    /// are read once; each date equals an `--as-of` run at that date.
    Series(Box<series::SeriesArgs>),
    /// What changed between two listings (`--cpts OLD --cpts NEW`) or one listing at two dates
    /// (`--as-of A --as-of B`), S10: changes_units.csv, changes_cpts.csv, changes_zones.csv.
    Compare(Box<compare::CompareArgs>),
    /// Prepare a commune layer once for repeated runs: FILE.zbt holds its units, their WGS84
    /// and metric polygons and their adjacency; every command takes it as --communes and skips
    /// parsing, projecting and adjacency. A file prepared from a layer that has changed since,
    /// with another COG or by another version is refused.
    Prepare(Box<prepare::PrepareArgs>),
    /// Print the schema of the outputs: `summary` (JSON Schema of summary.json) or `tables`
    /// (the columns and types of every CSV/Parquet table).
    Schema {
        /// summary or tables.
        #[arg(default_value = "summary", value_parser = ["summary", "tables"])]
        which: String,
    },
    /// Regenerate the embedded demo data (data/demo/) deterministically.
    #[command(hide = true)]
    GenerateDemo {
        #[arg(long, default_value = "data/demo")]
        out: PathBuf,
    },
}

/// Parse the arguments and run the command. A flag's bad value is one error line, as every
/// other error.
pub fn run() -> Result<(), Error> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if e.use_stderr()
                && matches!(
                    e.kind(),
                    clap::error::ErrorKind::ValueValidation | clap::error::ErrorKind::InvalidValue
                ) =>
        {
            let text = e.render().to_string();
            let line = text.lines().next().unwrap_or_default();
            return Err(Error::Setting(
                line.strip_prefix("error: ").unwrap_or(line).to_string(),
            ));
        }
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Coverage(args) => coverage::run(&args),
        Command::Zones(args) => zones::run(&args),
        Command::Plan(args) => analyze::run(&args, analyze::Outputs::Plan),
        Command::Analyze(args) => analyze::run(&args, analyze::Outputs::Analyze),
        Command::ReportDgos(args) => analyze::run(&args, analyze::Outputs::Dgos),
        Command::Map(args) => map::run(&args),
        Command::Series(args) => series::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Prepare(args) => prepare::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Schema { which } => {
            match which.as_str() {
                "tables" => print!("{}", crate::export::schema::TABLES_SCHEMA),
                _ => print!("{}", crate::export::schema::SUMMARY_SCHEMA),
            }
            Ok(())
        }
        Command::Weights => {
            print!("{}", crate::DEFAULT_WEIGHTS_TOML);
            Ok(())
        }
        Command::GenerateDemo { out } => crate::write_demo_files(&out)
            .map(|_| println!("demo data written to {}", out.display())),
    }
}

/// A library setting as the command line names it: `--code-field`.
pub fn flag(setting: Setting) -> String {
    format!("--{}", setting.name().replace('_', "-"))
}

/// The output set of `--out`: files are staged into it as they are built (each leaves memory
/// once written), then switched in at once by [`OutputSet::commit`]; none may overwrite one
/// of `inputs`.
fn output_set(out: &Path, inputs: &[PathBuf]) -> Result<OutputSet, Error> {
    Ok(OutputSet::new(out, inputs)?.replacing(&output_file_names()))
}

/// The end of a command that writes a folder: the spinner stopped, then (unless `-q`) its
/// terminal lines in the language asked and where the files went.
fn done(spinner: Spinner, output: &OutputArgs, lines: impl FnOnce(Lang) -> String) {
    spinner.finish();
    if !output.quiet {
        print!("{}", lines(output.lang));
        print!("{}", terminal::written_line(output.lang, &output.out));
    }
}

/// Build a command's files into the output set of `--out`, then switch them in.
fn write_outputs(
    spinner: &Spinner,
    output: &OutputArgs,
    inputs: &[PathBuf],
    build: impl FnOnce(&mut dyn FileSink) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut set = output_set(&output.out, inputs)?;
    spinner.time("build + stage outputs", || build(&mut set))?;
    spinner.time("switch outputs in", || set.commit())?;
    Ok(())
}
