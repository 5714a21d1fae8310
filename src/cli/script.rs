//! The commands run for a script (the Python package): an argument vector read by the command
//! line's own flags, run, and its result kept — tables, summary, layers, files — instead of
//! printed and written, so that a keyword option means exactly what its flag means.

pub use super::analyze::Outputs;
use super::analyze::{PlanArgs, plan_files, refused_decisions};
use super::args::{InputArgs, OutputArgs};
use super::prepare::prepare_file;
use super::series::series_dates;
use super::{Cli, Command, output_set};
use crate::export::{
    FileSink, Files, MapFormat, Options, Run, compare_outputs, coverage_outputs, frames,
    layer_geojson, map_output_in, series_outputs, summary_of, zones_outputs,
};
use crate::parts::Layer;
use crate::progress::timed;
use crate::{
    Comparison, CoverageRun, Error, Inputs, PlanRun, Progress, SeriesRun, Source, ZonesRun,
    run_compare_with, run_coverage_with, run_plan_with, run_series_with, run_zones_with,
};
use clap::{ArgAction, CommandFactory, Parser};
use polars::prelude::DataFrame;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The result of a command's run.
pub enum Outcome {
    /// `coverage`.
    Coverage(Box<CoverageRun>),
    /// `zones`.
    Zones(Box<ZonesRun>),
    /// `plan`, `analyze` or `report-dgos` (which files they write).
    Plan(Box<PlanRun>, Outputs),
    /// `series`.
    Series(Box<SeriesRun>),
    /// `compare`.
    Compare(Box<Comparison>),
}

/// A command run for a script: its result, how its files are written (the output flags) and
/// the files it read, which no output may overwrite.
pub struct Computed {
    /// The command (`analyze`, `compare`…), as `summary.json` names it.
    pub command: &'static str,
    /// The run.
    pub outcome: Outcome,
    /// The output flags given with the command (`--format`, `--lang`, `--excel-csv`,
    /// `--write-adjacency`).
    pub options: Options,
    /// The input files on disk.
    pub inputs: Vec<PathBuf>,
}

/// A flag of a command as a script names it: `code_field` for `--code-field`.
pub struct Flag {
    /// The keyword: the long flag with `_` for `-`.
    pub keyword: String,
    /// `true`: a switch (`--excel-csv`), given or not.
    pub switch: bool,
    /// `true`: may be given several times (`--cpts`, `--region`).
    pub repeated: bool,
    /// What the value is (`FILE`, `DATE`, `CODE`…; empty for a switch).
    pub value: String,
    /// The flag's `--help` text.
    pub help: String,
}

/// The flags of `command`, as keywords (`None`: no such command).
pub fn flags(command: &str) -> Option<Vec<Flag>> {
    let cli = Cli::command();
    let sub = cli.find_subcommand(command)?;
    Some(
        sub.get_arguments()
            .filter_map(|arg| {
                let long = arg.get_long()?;
                Some(Flag {
                    keyword: long.replace('-', "_"),
                    switch: matches!(arg.get_action(), ArgAction::SetTrue),
                    repeated: matches!(arg.get_action(), ArgAction::Append),
                    value: arg
                        .get_value_names()
                        .and_then(|names| names.first())
                        .map(|name| name.to_string())
                        .unwrap_or_default(),
                    help: arg.get_help().map(|h| h.to_string()).unwrap_or_default(),
                })
            })
            .collect(),
    )
}

/// Run the command of `argv` (`["analyze", "--communes", "fr.zbt", …]`, without the program's
/// name). `memory` holds bytes a script gave instead of files: an input flag naming one of
/// them reads those bytes. A flag's bad value is an [`Error::Setting`], as on the command line.
pub fn compute(
    argv: &[String],
    memory: &[(String, Vec<u8>)],
    progress: &dyn Progress,
) -> Result<Computed, Error> {
    let cli = parse(argv)?;
    let in_memory = |mut inputs: Inputs| {
        for source in inputs.sources_mut() {
            let name = source.path().to_path_buf();
            if let Some((_, bytes)) = memory.iter().find(|(n, _)| Path::new(n) == name) {
                *source = Source::memory(name, bytes);
            }
        }
        inputs
    };
    let single = |args: &InputArgs| args.to_inputs().map(in_memory);
    let computed = |command, outcome, output: &OutputArgs, adjacency, inputs| Computed {
        command,
        outcome,
        options: output.options(adjacency),
        inputs,
    };
    Ok(match cli.command {
        Command::Coverage(args) => {
            let inputs = single(&args.inputs)?;
            let run = run_coverage_with(&inputs, progress)?;
            let outcome = Outcome::Coverage(Box::new(run));
            computed("coverage", outcome, &args.output, false, inputs.files())
        }
        Command::Zones(args) => {
            let inputs = single(&args.inputs)?;
            let run = run_zones_with(&inputs, args.stage.min_stage, progress)?;
            let outcome = Outcome::Zones(Box::new(run));
            let adjacency = args.write_adjacency;
            computed("zones", outcome, &args.output, adjacency, inputs.files())
        }
        Command::Plan(args) => plan(&args, Outputs::Plan, single, progress)?,
        Command::Analyze(args) => plan(&args, Outputs::Analyze, single, progress)?,
        Command::ReportDgos(args) => plan(&args, Outputs::Dgos, single, progress)?,
        Command::Series(args) => {
            let inputs = single(&args.inputs)?;
            let dates = series_dates(&args)?;
            let run = run_series_with(&inputs, &dates, args.stage.min_stage, progress)?;
            let outcome = Outcome::Series(Box::new(run));
            computed("series", outcome, &args.output, false, inputs.files())
        }
        Command::Compare(args) => {
            let [before, after] = args.inputs.to_compare_inputs()?;
            let before = (in_memory(before.0), before.1);
            let after = (in_memory(after.0), after.1);
            let files = [before.0.files(), after.0.files()].concat();
            let run = run_compare_with(before, after, args.stage.min_stage, progress)?;
            let outcome = Outcome::Compare(Box::new(run));
            computed("compare", outcome, &args.output, false, files)
        }
        _ => {
            return Err(Error::Setting(format!(
                "`{}` is not a run a script can keep",
                argv.first().map(String::as_str).unwrap_or_default()
            )));
        }
    })
}

/// `plan`, `analyze` or `report-dgos` (`outputs`): the plan run, `--strict-decisions` checked.
fn plan(
    args: &PlanArgs,
    outputs: Outputs,
    single: impl Fn(&InputArgs) -> Result<Inputs, Error>,
    progress: &dyn Progress,
) -> Result<Computed, Error> {
    let command = match outputs {
        Outputs::Plan => "plan",
        Outputs::Analyze => "analyze",
        Outputs::Dgos => "report-dgos",
    };
    let inputs = args.plan.apply(single(&args.inputs)?);
    let run = run_plan_with(&inputs, args.plan.min_stage(), progress)?;
    if args.plan.strict_decisions {
        refused_decisions(&run)?;
    }
    Ok(Computed {
        command,
        outcome: Outcome::Plan(Box::new(run), outputs),
        options: args.output.options(args.write_adjacency),
        inputs: inputs.files(),
    })
}

/// `prepare` from `argv` (`["prepare", "--communes", …, "--out", "fr.zbt"]`): the file is
/// written; returns what the command line prints.
pub fn prepare(argv: &[String], progress: &dyn Progress) -> Result<String, Error> {
    let Command::Prepare(args) = parse(argv)?.command else {
        return Err(Error::Setting("not a `prepare` command".into()));
    };
    let (prepared, bytes) = prepare_file(&args, progress)?;
    Ok(super::prepare::prepared_line(&prepared, &args.out, bytes))
}

/// The command line's parser on `argv`; any refusal is one [`Error::Setting`] line.
fn parse(argv: &[String]) -> Result<Cli, Error> {
    let program = std::iter::once("zones-blanches".to_string());
    Cli::try_parse_from(program.chain(argv.iter().cloned())).map_err(|e| {
        let text = e.render().to_string();
        let line = text.lines().next().unwrap_or_default();
        Error::Setting(line.strip_prefix("error: ").unwrap_or(line).to_string())
    })
}

impl Computed {
    /// The run as the export functions see it.
    pub fn run(&self) -> Run<'_> {
        match &self.outcome {
            Outcome::Coverage(run) => Run::Coverage(run),
            Outcome::Zones(run) => Run::Zones(run),
            Outcome::Plan(run, _) => Run::Plan(run),
            Outcome::Series(run) => Run::Series(run),
            Outcome::Compare(run) => Run::Compare(run),
        }
    }

    /// Every file the command writes with `options`, into `sink`.
    pub fn build(&self, options: &Options, sink: &mut dyn FileSink) -> Result<(), Error> {
        match &self.outcome {
            Outcome::Coverage(run) => coverage_outputs(run, options, sink),
            Outcome::Zones(run) => zones_outputs(run, options, sink),
            Outcome::Plan(run, outputs) => plan_files(run, *outputs, options, sink),
            Outcome::Series(run) => series_outputs(run, options, sink),
            Outcome::Compare(run) => compare_outputs(run, options, sink),
        }
    }

    /// Every file the command writes with `options`, in memory.
    pub fn files(&self, options: &Options) -> Result<Files, Error> {
        let mut files = Files::new();
        self.build(options, &mut files)?;
        Ok(files)
    }

    /// Write the command's files into the folder `out` as the command line does: staged, then
    /// switched in at once; an earlier run's files it does not write are removed; never over
    /// an input.
    pub fn write(
        &self,
        out: &Path,
        options: &Options,
        progress: &dyn Progress,
    ) -> Result<(), Error> {
        let mut set = output_set(out, &self.inputs)?;
        timed(progress, "build + stage outputs", || {
            self.build(options, &mut set)
        })?;
        timed(progress, "switch outputs in", || set.commit())?;
        Ok(())
    }

    /// The tables, by name, in the order of the files.
    pub fn tables(&self, options: &Options) -> Result<Vec<(&'static str, DataFrame)>, Error> {
        frames(self.run(), options.lang, options.adjacency)
    }

    /// `summary.json`, as a value (`report-dgos` writes that of `analyze`).
    pub fn summary(&self) -> Result<Value, Error> {
        let command = match self.command {
            "report-dgos" => "analyze",
            command => command,
        };
        summary_of(self.run(), command)
    }

    /// A map of the run, as `zones-blanches map` draws it: `layers` by name (`stages`, `cpts`,
    /// `departements`, `zones`, `plan`, `cpts-names`; none: the map's defaults), `width`
    /// pixels, `svg` or `png`, in `lang`. A zones or plan run only; the plan layer needs a plan.
    pub fn map(
        &self,
        layers: &[String],
        width: u32,
        format: &str,
        lang: &str,
    ) -> Result<Vec<u8>, Error> {
        let (zoning, plan) = match &self.outcome {
            Outcome::Zones(run) => (&**run, None),
            Outcome::Plan(run, _) => (&run.zoning, Some(&run.plan)),
            _ => {
                return Err(Error::Setting(format!(
                    "a map draws zones blanches: `{}` finds none (zones, plan or analyze do)",
                    self.command
                )));
            }
        };
        let mut drawn = Vec::with_capacity(layers.len());
        for name in layers {
            drawn.push(
                super::parse::layer(name)
                    .map_err(|e| Error::Setting(format!("layer `{name}`: {e}")))?,
            );
        }
        if drawn.is_empty() {
            drawn = Layer::DEFAULT.to_vec();
        }
        if drawn.contains(&Layer::Plan) && plan.is_none() {
            return Err(Error::Setting(
                "the plan layer needs a plan: run plan or analyze".into(),
            ));
        }
        let width = super::parse::width(&width.to_string())
            .map_err(|e| Error::Setting(format!("width: {e}")))?;
        let format = match format {
            "svg" => MapFormat::Svg,
            "png" => MapFormat::Png,
            other => return Err(Error::Setting(format!("map format `{other}`: svg or png"))),
        };
        let lang = super::parse::lang(lang).map_err(|e| Error::Setting(format!("lang: {e}")))?;
        map_output_in(zoning, plan, &drawn, (width, format), lang)
    }

    /// The GeoJSON layer `name` (`units`, `zones`, `plan`) as the bytes of its file.
    pub fn layer(&self, name: &str) -> Option<Vec<u8>> {
        layer_geojson(self.run(), name)
    }
}
