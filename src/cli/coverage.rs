//! `coverage`: S1–S4, with or without a commune layer.

use super::args::{InputArgs, OutputArgs};
use super::progress::Spinner;
use super::terminal::coverage_lines;
use super::{done, write_outputs};
use crate::export::coverage_outputs;
use crate::{Error, Stage, run_coverage_with};
use clap::Args;

#[derive(Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: &CoverageArgs) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches", args.output.quiet);
    let inputs = args.inputs.to_inputs()?;
    let run = spinner.time("inputs + coverage", || run_coverage_with(&inputs, &spinner))?;
    let options = args.output.options(false);
    write_outputs(&spinner, &args.output, &inputs.files(), |sink| {
        coverage_outputs(&run, &options, sink)
    })?;
    done(spinner, &args.output, |lang| {
        coverage_lines(&run, &run.findings, Stage::Li, lang)
    });
    Ok(())
}
