//! One function per command: arguments → library run → output files → terminal lines.

use crate::cli::args::{
    CompareArgs, CoverageArgs, MapArgs, OutputArgs, PlanArgs, PrepareArgs, SeriesArgs, ZonesArgs,
    parse_cli_date, parse_min_stage,
};
use crate::cli::progress::Spinner;
use crate::cli::terminal::{
    compare_lines, coverage_lines, plan_lines, prepared_line, series_lines, written_line,
    zones_lines,
};
use zones_blanches::Stage;
use zones_blanches::export::timeline::{compare_outputs, series_outputs};
use zones_blanches::export::{
    Files, coverage_outputs_into, output_file_names, plan_outputs_into, zones_outputs_into,
};
use zones_blanches::prepared;
use zones_blanches::render::map::{Layer, MapInput, render_png, render_svg};
use zones_blanches::render::report::report_html;
use zones_blanches::render::report::{series_chart, series_report_html};
use zones_blanches::summary::PlanSummary;
use zones_blanches::timeline::compare::{compare as compare_snapshots, snapshot};
use zones_blanches::timeline::series::run_series_with;
use zones_blanches::timeline::{Every, dates_between};
use zones_blanches::write::{OutputSet, write_file_atomic};
use zones_blanches::{Error, Inputs, run_coverage_with, run_plan_with, run_zones_with};

/// Stage every file in one set and switch it into `--out` at once.
fn write_outputs(
    spinner: &Spinner,
    output: &OutputArgs,
    inputs: &Inputs,
    files: &Files,
) -> Result<(), Error> {
    spinner.time("write outputs", || {
        let mut set = output_set(output, inputs)?;
        for (name, bytes) in files {
            set.stage(name, bytes)?;
        }
        set.commit().map(|_| ())
    })
}

/// The output set of `--out`: files are staged into it as they are built (each leaves memory
/// once written), then switched in at once by [`OutputSet::commit`].
fn output_set(output: &OutputArgs, inputs: &Inputs) -> Result<OutputSet, Error> {
    Ok(OutputSet::new(&output.out, &inputs.files())?.replacing(&output_file_names()))
}

/// `coverage`: S1–S4.
pub fn coverage(args: &CoverageArgs) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches", args.output.quiet);
    let inputs = args.inputs.to_inputs()?;
    let run = spinner.time("inputs + coverage", || run_coverage_with(&inputs, &spinner))?;
    let style = args.output.style()?;
    let mut set = output_set(&args.output, &inputs)?;
    let summary = spinner.time("build + stage outputs", || {
        coverage_outputs_into(&run, "coverage", style, &mut set)
    })?;
    spinner.time("switch outputs in", || set.commit())?;
    spinner.finish();
    if !args.output.quiet {
        print!("{}", coverage_lines(&run, &summary, Stage::Li, style.lang));
        print!("{}", written_line(style.lang, &args.output.out));
    }
    Ok(())
}

/// `zones`: S1–S5.
pub fn zones(args: &ZonesArgs) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches", args.output.quiet);
    let inputs = args.inputs.to_inputs()?;
    let min_stage = parse_min_stage(&args.min_stage)?;
    let run = spinner.time("inputs + zones", || {
        run_zones_with(&inputs, min_stage, &spinner)
    })?;
    let style = args.output.style()?;
    let mut set = output_set(&args.output, &inputs)?;
    let summary = spinner.time("build + stage outputs", || {
        zones_outputs_into(&run, "zones", style, args.write_adjacency, &mut set)
    })?;
    spinner.time("switch outputs in", || set.commit())?;
    spinner.finish();
    if !args.output.quiet {
        print!(
            "{}",
            coverage_lines(&run.coverage, &summary, run.zones.min_stage, style.lang)
        );
        print!("{}", zones_lines(&run, style.lang));
        print!("{}", written_line(style.lang, &args.output.out));
    }
    Ok(())
}

/// `plan` and `analyze` (which adds `report.html`): S1–S6.
pub fn plan(args: &PlanArgs, command: &str) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches", args.output.quiet);
    let (inputs, min_stage) = args.plan.apply(args.inputs.to_inputs()?)?;
    let run = spinner.time("inputs + plan", || {
        run_plan_with(&inputs, min_stage, &spinner)
    })?;
    let style = args.output.style()?;
    let plan_summary = PlanSummary::of(&run);
    let mut set = output_set(&args.output, &inputs)?;
    // The report and the other files are built at the same time: each is mostly one thread's
    // work (the report's map, the GeoJSON and CSV writers).
    let (report, summary) = rayon::join(
        || {
            (command == "analyze")
                .then(|| spinner.time("report.html", || report_html(&run, &plan_summary)))
        },
        || {
            spinner.time("build + stage outputs", || {
                plan_outputs_into(
                    &run,
                    plan_summary.clone(),
                    command,
                    style,
                    args.write_adjacency,
                    &mut set,
                )
            })
        },
    );
    let summary = summary?;
    if let Some(html) = report {
        set.stage("report.html", html.as_bytes())?;
    }
    spinner.time("switch outputs in", || set.commit())?;
    spinner.finish();
    if !args.output.quiet {
        print!(
            "{}",
            coverage_lines(
                &run.zones.coverage,
                &summary,
                run.zones.zones.min_stage,
                style.lang
            )
        );
        print!("{}", zones_lines(&run.zones, style.lang));
        print!("{}", plan_lines(&run, &plan_summary, style.lang));
        print!("{}", written_line(style.lang, &args.output.out));
    }
    Ok(())
}

/// The map layers of `--layer` (default: all but the plan).
fn map_layers(names: &[String]) -> Result<Vec<Layer>, Error> {
    if names.is_empty() {
        return Ok(Layer::DEFAULT.to_vec());
    }
    names
        .iter()
        .map(|name| {
            Layer::parse(name).ok_or_else(|| {
                Error::Usage(format!(
                    "--layer `{name}`: stages, cpts, departements, zones or plan"
                ))
            })
        })
        .collect()
}

/// `prepare`: a commune layer made ready for repeated runs (`FILE.zbt`).
pub fn prepare(args: &PrepareArgs) -> Result<(), Error> {
    if !prepared::is_prepared(&args.out) {
        return Err(Error::Usage(format!(
            "--out {}: a prepared territory is written as FILE.zbt (the commands know it by that extension)",
            args.out.display()
        )));
    }
    let spinner = Spinner::start("zones-blanches", args.quiet);
    let inputs = args.to_inputs();
    let prepared = spinner.time("prepare", || prepared::prepare(&inputs, &spinner))?;
    let bytes = spinner.time("encode", || prepared.to_bytes());
    let protected: Vec<std::path::PathBuf> = [Some(&args.communes), args.cog.as_ref()]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    spinner.time("write", || write_file_atomic(&args.out, &bytes, &protected))?;
    spinner.finish();
    if !args.quiet {
        print!("{}", prepared_line(&prepared, &args.out, bytes.len()));
    }
    Ok(())
}

/// `map`: SVG or PNG by the extension of `--out`.
pub fn map(args: &MapArgs) -> Result<(), Error> {
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
    let layers = map_layers(&args.layers)?;
    let spinner = Spinner::start("zones-blanches", args.quiet);
    let (inputs, min_stage) = args.plan.apply(args.inputs.to_inputs()?)?;
    // The plan is only computed when its layer is drawn.
    let (zones, plan) = if layers.contains(&Layer::Plan) {
        let run = spinner.time("inputs + plan", || {
            run_plan_with(&inputs, min_stage, &spinner)
        })?;
        (run.zones, Some(run.plan))
    } else {
        let run = spinner.time("inputs + zones", || {
            run_zones_with(&inputs, min_stage, &spinner)
        })?;
        (run, None)
    };
    let input = MapInput::of(&zones, plan.as_ref());
    let svg = spinner.time("render SVG", || {
        render_svg(&input, &layers, args.width as f64)
    });
    let bytes = if png {
        spinner.time("render PNG", || render_png(&svg, args.width))?
    } else {
        svg.into_bytes()
    };
    write_file_atomic(&args.out, &bytes, &inputs.files())?;
    spinner.finish();
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

/// The dates of a series: `--dates`, or `--from`/`--to` every `--every`.
fn series_dates(args: &SeriesArgs) -> Result<Vec<chrono::NaiveDate>, Error> {
    let mut dates: Vec<chrono::NaiveDate> = if !args.dates.is_empty() {
        args.dates
            .iter()
            .filter(|d| !d.trim().is_empty())
            .map(|d| parse_cli_date("--dates", d))
            .collect::<Result<_, _>>()?
    } else {
        let (Some(from), Some(to)) = (&args.from, &args.to) else {
            return Err(Error::Usage(
                "series: give --from DATE --to DATE [--every month|quarter|year], or --dates D1,D2,…"
                    .into(),
            ));
        };
        let every = Every::parse(&args.every).ok_or_else(|| {
            Error::Usage(format!("--every `{}`: month, quarter or year", args.every))
        })?;
        dates_between(
            parse_cli_date("--from", from)?,
            parse_cli_date("--to", to)?,
            every,
        )
    };
    dates.sort();
    dates.dedup();
    if dates.len() > MAX_SERIES_DATES {
        return Err(Error::Usage(format!(
            "series: {} dates; at most {MAX_SERIES_DATES} (a century of months)",
            dates.len()
        )));
    }
    Ok(dates)
}

/// A bound on the number of dates of a series (each date holds a table by scope in memory).
const MAX_SERIES_DATES: usize = 1200;

/// `series`: S10, one listing at many dates.
pub fn series(args: &SeriesArgs) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches", args.output.quiet);
    let inputs = args.inputs.to_inputs()?;
    let min_stage = parse_min_stage(&args.min_stage)?;
    let dates = series_dates(args)?;
    let run = spinner.time("inputs + series", || {
        run_series_with(&inputs, &dates, min_stage, &spinner)
    })?;
    let style = args.output.style()?;
    let (summary, mut files) = spinner.time("build outputs", || series_outputs(&run, style))?;
    let chart = series_chart(&run);
    files.push((
        "report.html".into(),
        series_report_html(&run, &chart).into_bytes(),
    ));
    files.push(("coverage_series.svg".into(), chart.into_bytes()));
    write_outputs(&spinner, &args.output, &inputs, &files)?;
    spinner.finish();
    if !args.output.quiet {
        print!("{}", series_lines(&run, &summary, style.lang));
        print!("{}", written_line(style.lang, &args.output.out));
    }
    Ok(())
}

/// `compare`: S10, two listings or one listing at two dates.
pub fn compare(args: &CompareArgs) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches", args.output.quiet);
    let [(before, before_label), (after, after_label)] = args.inputs.to_compare_inputs()?;
    let min_stage = parse_min_stage(&args.min_stage)?;
    let before_side = spinner.time("before", || {
        snapshot(&before, before_label, min_stage, &spinner)
    })?;
    let after_side = spinner.time("after", || {
        snapshot(&after, after_label, min_stage, &spinner)
    })?;
    let comparison = spinner.time("compare", || compare_snapshots(before_side, after_side));
    let style = args.output.style()?;
    let (summary, files) = spinner.time("build outputs", || compare_outputs(&comparison, style))?;
    let mut protected = before.files();
    protected.extend(after.files());
    spinner.time("write outputs", || {
        let mut set = OutputSet::new(&args.output.out, &protected)?.replacing(&output_file_names());
        for (name, bytes) in &files {
            set.stage(name, bytes)?;
        }
        set.commit().map(|_| ())
    })?;
    spinner.finish();
    if !args.output.quiet {
        print!("{}", compare_lines(&comparison, &summary, style.lang));
        print!("{}", written_line(style.lang, &args.output.out));
    }
    Ok(())
}

/// `schema`: the JSON Schema of summary.json, or the columns of every table.
pub fn schema(which: &str) -> Result<(), Error> {
    match which {
        "summary" => print!("{}", zones_blanches::export::schema::SUMMARY_SCHEMA),
        "tables" => print!("{}", zones_blanches::export::schema::TABLES_SCHEMA),
        other => {
            return Err(Error::Usage(format!("schema `{other}`: summary or tables")));
        }
    }
    Ok(())
}
