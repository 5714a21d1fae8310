//! `map`: a map of the zones (and of the plan) as SVG or PNG, by the extension of `--out`.

use super::args::{InputArgs, PlanInputArgs};
use super::parse;
use super::progress::Spinner;
use crate::export::{MapFormat, map_output_in, write_file_atomic};
use crate::parts::{Layer, study_area_title};
use crate::{Error, Lang, run_plan_with, run_zones_with};
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct MapArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub plan: PlanInputArgs,
    /// Layers, comma-separated or repeated: stages, cpts, departements, zones, plan,
    /// cpts-names (default: stages,cpts,departements,zones).
    #[arg(long = "layer", value_name = "LAYER", value_delimiter = ',', value_parser = parse::layer)]
    pub layers: Vec<Layer>,
    /// Width of the map in pixels (SVG and PNG), 100 to 10000.
    #[arg(long, value_name = "PX", default_value = "1200", value_parser = parse::width)]
    pub width: u32,
    /// Output file: FILE.svg or FILE.png.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Language of the map's words: fr (default: maps go into French reports and slides) or
    /// en.
    #[arg(long, value_name = "LANG", default_value = "fr", value_parser = parse::lang)]
    pub lang: Lang,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The format `--out` names by its extension.
fn map_format(out: &std::path::Path) -> Result<MapFormat, Error> {
    let extension = out
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("svg") => Ok(MapFormat::Svg),
        Some("png") => Ok(MapFormat::Png),
        _ => Err(Error::Setting(format!(
            "--out {}: a map is written as .svg or .png",
            out.display()
        ))),
    }
}

pub fn run(args: &MapArgs) -> Result<(), Error> {
    let format = map_format(&args.out)?;
    let layers = if args.layers.is_empty() {
        Layer::DEFAULT.to_vec()
    } else {
        args.layers.clone()
    };
    let spinner = Spinner::start("zones-blanches", args.quiet);
    let inputs = args.plan.apply(args.inputs.to_inputs()?);
    let min_stage = args.plan.min_stage();
    // The plan is only computed when its layer is drawn.
    let (zoning, plan) = if layers.contains(&Layer::Plan) {
        let run = spinner.time("inputs + plan", || {
            run_plan_with(&inputs, min_stage, &spinner)
        })?;
        (run.zoning, Some(run.plan))
    } else {
        let run = spinner.time("inputs + zones", || {
            run_zones_with(&inputs, min_stage, &spinner)
        })?;
        (run, None)
    };
    let bytes = spinner.time("render map", || {
        map_output_in(
            &zoning,
            plan.as_ref(),
            &layers,
            (args.width, format),
            args.lang,
        )
    })?;
    write_file_atomic(&args.out, &bytes, &inputs.files())?;
    spinner.finish();
    if !args.quiet {
        println!(
            "Map of {} ({} zones blanches) written to {}",
            study_area_title(&zoning.coverage.territory, &zoning.coverage.cog),
            zoning.zones.len(),
            args.out.display()
        );
    }
    Ok(())
}
