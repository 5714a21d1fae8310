//! `plan` and `analyze` (which adds `report.html`): S1–S6, the options of every zone and the
//! 100 % plan.

use super::args::{InputArgs, OutputArgs, PlanInputArgs};
use super::progress::Spinner;
use super::terminal::{SHOWN_ZONES, coverage_lines, fit, more_zones, pct};
use super::zones::zones_lines;
use super::{done, write_outputs};
use crate::export::{FileSink, Options, analyze_outputs, dgos_outputs, plan_outputs};
use crate::format::thousands;
use crate::{Error, Lang, PlanRun, run_plan_with};
use clap::Args;

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

/// What a plan command writes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Outputs {
    /// `plan`: the tables and layers.
    Plan,
    /// `analyze`: with the report and the templates.
    Analyze,
    /// `report-dgos`: `analyze`'s files and the return to the DGOS.
    Dgos,
}

/// `plan`, `analyze` or `report-dgos`.
pub fn run(args: &PlanArgs, outputs: Outputs) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches", args.output.quiet);
    let inputs = args.plan.apply(args.inputs.to_inputs()?);
    let min_stage = args.plan.min_stage();
    let run = spinner.time("inputs + plan", || {
        run_plan_with(&inputs, min_stage, &spinner)
    })?;
    if args.plan.strict_decisions {
        refused_decisions(&run)?;
    }
    let options = args.output.options(args.write_adjacency);
    write_outputs(&spinner, &args.output, &inputs.files(), |sink| {
        plan_files(&run, outputs, &options, sink)
    })?;
    done(spinner, &args.output, |lang| {
        let coverage = &run.zoning.coverage;
        coverage_lines(coverage, &coverage.findings, min_stage, lang)
            + &zones_lines(&run.zoning, lang)
            + &plan_lines(&run, lang)
    });
    // A refused decision is never only a count: each one on stderr once the
    // spinner is gone, even with `-q` (S8).
    for warning in &run.zoning.coverage.findings.warnings {
        if warning.kind == "decision_refused" {
            eprintln!("warning: {}", warning.message);
        }
    }
    Ok(())
}

/// The files of `plan`, `analyze` or `report-dgos`.
pub(super) fn plan_files(
    run: &PlanRun,
    outputs: Outputs,
    options: &Options,
    sink: &mut dyn FileSink,
) -> Result<(), Error> {
    match outputs {
        Outputs::Plan => plan_outputs(run, options, sink),
        Outputs::Analyze => analyze_outputs(run, options, sink),
        Outputs::Dgos => {
            analyze_outputs(run, options, sink)?;
            dgos_outputs(run, sink)
        }
    }
}

/// The plan's totals and its ACI funding, two lines.
fn plan_totals(run: &PlanRun, lang: Lang) -> String {
    let summary = &run.summary;
    let w = lang.words();
    let colon = w.colon;
    let mut out = format!(
        "{}{colon} {} {} ({} {}) {} — {} {}, {}{} {} ({} {}){} {} {} % → {} %\n",
        w.plan,
        summary.units_placed,
        w.units,
        thousands(summary.population_placed),
        w.inh,
        w.placed,
        summary.cpts_extended,
        one_or(summary.cpts_extended, w.extended_one, w.extended),
        if summary.cpts_matured > 0 {
            format!(
                "{} {}, ",
                summary.cpts_matured,
                one_or(summary.cpts_matured, w.to_mature_one, w.to_mature)
            )
        } else {
            String::new()
        },
        summary.new_cpts,
        one_or(summary.new_cpts, w.new_cpts_one, w.new_cpts),
        summary.new_cpts_mentored,
        w.mentored,
        w.semicolon,
        w.coverage,
        pct(lang, summary.pct_covered),
        pct(lang, summary.pct_after_plan)
    );
    let funding = &run.funding.total;
    out.push_str(&format!(
        "  {}{colon} {} {} ({} {}) → {} {} ({}{} €)\n",
        w.funding,
        thousands(funding.envelope_before),
        w.a_year_now,
        funding.cpts_signed,
        w.signed,
        thousands(funding.envelope_after),
        w.once_signed,
        if funding.delta() < 0 { "−" } else { "+" },
        thousands(funding.delta().unsigned_abs())
    ));
    if !summary.units_unplaced.is_empty() {
        out.push_str(&fit(format!(
            "  {} {}{colon} {}",
            summary.units_unplaced.len(),
            w.unplaced,
            summary.units_unplaced.join(", ")
        )));
    }
    out
}

/// The recommended option of the ten most populated zones, one line each.
pub fn plan_lines(run: &PlanRun, lang: Lang) -> String {
    let w = lang.words();
    let zones = &run.zoning.zones;
    let units = &run.zoning.coverage.territory.units;
    let mut out = plan_totals(run, lang);
    for (z, zone) in zones.iter().enumerate().take(2 * SHOWN_ZONES) {
        let first = &units[zone.main];
        let place = if zone.units.len() == 1 {
            format!("{} {}", first.code, first.name)
        } else {
            format!("{} {} +{}", first.code, first.name, zone.units.len() - 1)
        };
        let decided = run.zone_decided(z);
        let matured = zone
            .units
            .iter()
            .all(|&u| run.plan.target_of[u].is_some_and(|t| run.plan.targets[t].mature));
        let followed = match run.plan.followed[z] {
            _ if decided => format!(" [{}]", w.decided),
            _ if matured => format!(" [{}]", w.matured),
            Some(0) => String::new(),
            Some(i) => format!(" [{} {}]", w.follows, i + 1),
            None => format!(" [{}]", w.leftover),
        };
        // The plan as built where it departs from the first option (S8: a decision is never
        // shown with the text of the option it overrode).
        let line = match (run.options[z].first(), run.plan.followed[z]) {
            (Some(o), Some(0)) if !decided => {
                format!("{} (score {:.0})", o.rationale.say(lang), o.score)
            }
            (None, _) if run.zone_targets(z).is_empty() => w.no_option.to_string(),
            _ => format!("→ {}", run.zone_plan_text(z, lang)),
        };
        out.push_str(&fit(format!(
            "  {}  {:>9} {}  {}{}{} {}",
            zone.id,
            thousands(zone.population),
            w.inh,
            place,
            followed,
            w.colon,
            line
        )));
    }
    out.push_str(&more_zones(zones.len(), 2 * SHOWN_ZONES, w));
    out
}

/// `--strict-decisions`: the refused rows of the decisions file, as one error (exit 2).
pub(super) fn refused_decisions(run: &PlanRun) -> Result<(), Error> {
    let Some(decisions) = &run.decisions else {
        return Ok(());
    };
    let territory = &run.zoning.coverage.territory;
    let refused: Vec<String> = run
        .decision_statuses
        .iter()
        .filter(|s| !s.applied)
        .map(|s| format!("row {}: {}", s.row, s.reason(Lang::En, territory)))
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    Err(Error::Input {
        path: std::path::PathBuf::from(&decisions.source),
        location: "rows".into(),
        message: format!(
            "{} decision{} cannot be applied (--strict-decisions): {}",
            refused.len(),
            if refused.len() == 1 { "" } else { "s" },
            refused.join(" | ")
        ),
    })
}

/// The singular word for one, else the plural.
fn one_or(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}
