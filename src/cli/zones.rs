//! `zones`: S1–S5, the zones blanches of a commune layer.

use super::args::{InputArgs, MinStageArgs, OutputArgs};
use super::progress::Spinner;
use super::terminal::{SHOWN_ZONES, coverage_lines, fit, more_zones};
use super::{done, write_outputs};
use crate::export::zones_outputs;
use crate::format::thousands;
use crate::{Error, Lang, ZonesRun, run_zones_with};
use clap::Args;

#[derive(Args)]
pub struct ZonesArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub stage: MinStageArgs,
    /// Also write adjacency.csv (code_a,code_b,shared_m,overlap_m2).
    #[arg(long)]
    pub write_adjacency: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: &ZonesArgs) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches", args.output.quiet);
    let inputs = args.inputs.to_inputs()?;
    let min_stage = args.stage.min_stage;
    let run = spinner.time("inputs + zones", || {
        run_zones_with(&inputs, min_stage, &spinner)
    })?;
    let options = args.output.options(args.write_adjacency);
    write_outputs(&spinner, &args.output, &inputs.files(), |sink| {
        zones_outputs(&run, &options, sink)
    })?;
    done(spinner, &args.output, |lang| {
        let coverage = &run.coverage;
        coverage_lines(coverage, &coverage.findings, min_stage, lang) + &zones_lines(&run, lang)
    });
    Ok(())
}

/// Terminal lines for zones: how many, and the five most populated.
pub fn zones_lines(run: &ZonesRun, lang: Lang) -> String {
    let w = lang.words();
    let units = &run.coverage.territory.units;
    let zones = &run.zones;
    let summary = &run.summary;
    let colon = w.colon;
    let mut out = format!(
        "{} {}){colon} {} {}, {} {}, {} {}{}\n",
        w.zones_title,
        summary.min_stage,
        summary.count,
        w.zones,
        thousands(summary.population),
        w.inhabitants,
        summary.units,
        w.units,
        if summary.unzoned_units.is_empty() {
            String::new()
        } else {
            format!(" ({} {})", summary.unzoned_units.len(), w.unzoned)
        }
    );
    for zone in zones.iter().take(SHOWN_ZONES) {
        let main = &units[zone.main];
        out.push_str(&fit(format!(
            "  {}  {:>9} {}  {:>4} {}  {:>8} km²  dép. {}  ({} {})",
            zone.id,
            thousands(zone.population),
            w.inh,
            zone.units.len(),
            if zone.units.len() == 1 {
                w.unit
            } else {
                w.units
            },
            lang.decimals(zone.area_km2, 1),
            zone.departements.join(","),
            main.code,
            main.name
        )));
    }
    out.push_str(&more_zones(zones.len(), SHOWN_ZONES, w));
    out
}
