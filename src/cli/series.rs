//! `series`: S10, one listing at many dates, read once.

use super::args::{InputArgs, MinStageArgs, OutputArgs};
use super::parse;
use super::progress::Spinner;
use super::terminal::{pct, points};
use super::{done, write_outputs};
use crate::export::series_outputs;
use crate::figures::NationalFigures;
use crate::format::thousands;
use crate::parts::{Every, dates_between, study_area_name};
use crate::{Error, Lang, SeriesRun, run_series_with};
use chrono::NaiveDate;
use clap::Args;

#[derive(Args)]
pub struct SeriesArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// First date of the series (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "to", value_parser = parse::date)]
    pub from: Option<NaiveDate>,
    /// Last date of the series (included when a step lands on it).
    #[arg(long, value_name = "DATE", requires = "from", value_parser = parse::date)]
    pub to: Option<NaiveDate>,
    /// Step between --from and --to: month, quarter or year.
    #[arg(long, value_name = "STEP", default_value = "month", value_parser = parse::every)]
    pub every: Every,
    /// The dates themselves, comma-separated (instead of --from/--to).
    #[arg(
        long,
        value_name = "D1,D2,…",
        value_delimiter = ',',
        conflicts_with = "from",
        value_parser = parse::date
    )]
    pub dates: Vec<NaiveDate>,
    #[command(flatten)]
    pub stage: MinStageArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// A bound on the number of dates of a series (each date holds a table by scope in memory).
const MAX_SERIES_DATES: usize = 1200;

/// The dates of a series: `--dates`, or `--from`/`--to` every `--every`.
pub(super) fn series_dates(args: &SeriesArgs) -> Result<Vec<NaiveDate>, Error> {
    let mut dates: Vec<NaiveDate> = if !args.dates.is_empty() {
        args.dates.clone()
    } else {
        let (Some(from), Some(to)) = (args.from, args.to) else {
            return Err(Error::Setting(
                "series: give --from DATE --to DATE [--every month|quarter|year], or --dates D1,D2,…"
                    .into(),
            ));
        };
        dates_between(from, to, args.every)
    };
    dates.sort();
    dates.dedup();
    if dates.len() > MAX_SERIES_DATES {
        return Err(Error::Setting(format!(
            "series: {} dates; at most {MAX_SERIES_DATES} (a century of months)",
            dates.len()
        )));
    }
    Ok(dates)
}

pub fn run(args: &SeriesArgs) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches", args.output.quiet);
    let inputs = args.inputs.to_inputs()?;
    let dates = series_dates(args)?;
    let run = spinner.time("inputs + series", || {
        run_series_with(&inputs, &dates, args.stage.min_stage, &spinner)
    })?;
    let options = args.output.options(false);
    write_outputs(&spinner, &args.output, &inputs.files(), |sink| {
        series_outputs(&run, &options, sink)
    })?;
    done(spinner, &args.output, |lang| series_lines(&run, lang));
    Ok(())
}

/// Terminal lines of a series: the study area's shares at the first and last date, and the
/// zones blanches.
pub fn series_lines(run: &SeriesRun, lang: Lang) -> String {
    let (Some(first_point), Some(last_point)) = (run.points.first(), run.points.last()) else {
        return String::new();
    };
    let first = NationalFigures::from_totals(&first_point.scopes.france);
    let last = NationalFigures::from_totals(&last_point.scopes.france);
    let w = lang.words();
    let colon = w.colon;
    let scope = study_area_name(&run.coverage.territory, &run.coverage.cog);
    let mut out = format!(
        "{scope}{colon} {} {} {} {} {}\n",
        run.points.len(),
        w.dates_from,
        first_point.date.format("%Y-%m-%d"),
        w.to,
        last_point.date.format("%Y-%m-%d")
    );
    for (label, a, b) in [
        ("≥ lettre d'intention", first.pct_ge_li, last.pct_ge_li),
        ("≥ projet de santé", first.pct_ge_ps, last.pct_ge_ps),
        ("ACI signé", first.pct_aci, last.pct_aci),
    ] {
        out.push_str(&format!(
            "  {label:<22} {:>6} % → {:>6} %  ({} pts)\n",
            pct(lang, a),
            pct(lang, b),
            points(lang, b - a)
        ));
    }
    if let (Some(z0), Some(z1)) = (
        run.points.first().and_then(|p| p.zones),
        run.points.last().and_then(|p| p.zones),
    ) {
        out.push_str(&format!(
            "  {}{colon} {} ({} {}) → {} ({} {})\n",
            w.zones_blanches,
            z0.zones,
            thousands(z0.population),
            w.inh,
            z1.zones,
            thousands(z1.population),
            w.inh
        ));
    }
    out
}
