//! Every file a command writes, from the result of its run, into a [`FileSink`]: a list in
//! memory ([`Files`]) or the staging folder of an output set. One function per command; the
//! command line, a script and the planning table call the same ones, so the same run gives the
//! same bytes whoever asks. Tables come from one registry ([`Table`]) and are written as CSV,
//! Parquet, a workbook or a GeoPackage; `summary.json`, the GeoJSON layers, `report.html` and
//! the maps are built beside them.

mod api;
mod cells;
mod decisions;
mod dgos;
mod funding;
mod geojson;
mod monitor;
mod package;
mod plan;
mod registry;
pub mod schema;
mod sink;
mod summary;
mod tables;
mod template;
pub use template::{REGISTER_TEMPLATE, TEMPLATE};
mod time;
mod workbook;
mod writer;

use crate::analysis::{Comparison, CoverageRun, PlanRun, SeriesRun, ZonesRun};
use crate::error::{Error, Result};
pub use crate::io::write::{OutputSet, write_file_atomic};
use crate::model::catalogue::Lang;
use crate::model::setting::Setting;
use crate::plan::Plan;
use crate::render::map::{Layer, MapInput, render_png, render_svg};
use crate::render::report::{report_html, series_chart, series_report_html};
pub use api::{frames, layer_geojson, summary_json, summary_of, table_json};
pub use package::PACKAGE;
pub use registry::{Run, Table};
pub use sink::{FileSink, Files};
use summary::Summary;
pub use workbook::WORKBOOK;
use writer::Writer;

/// The file formats of the output tables (`csv,parquet,xlsx,gpkg`; `both` = csv and parquet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableFormat {
    /// `NAME.csv` per table.
    pub csv: bool,
    /// `NAME.parquet` per table.
    pub parquet: bool,
    /// One workbook, `zones-blanches.xlsx`, with a sheet per table.
    pub xlsx: bool,
    /// One GeoPackage, `zones-blanches.gpkg`, with the geometry layers and every table.
    pub gpkg: bool,
}

impl Default for TableFormat {
    fn default() -> Self {
        TableFormat {
            csv: true,
            parquet: false,
            xlsx: false,
            gpkg: false,
        }
    }
}

impl std::str::FromStr for TableFormat {
    type Err = Error;

    /// `csv`, `parquet`, `xlsx`, `gpkg`, `both` (csv and parquet), or a comma-separated list.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use zones_blanches::export::TableFormat;
    /// let format: TableFormat = "csv,xlsx".parse()?;
    /// assert!(format.csv && format.xlsx && !format.parquet);
    /// assert!("xls".parse::<TableFormat>().is_err());
    /// # Ok(())
    /// # }
    /// ```
    fn from_str(text: &str) -> Result<TableFormat> {
        let mut format = TableFormat {
            csv: false,
            parquet: false,
            xlsx: false,
            gpkg: false,
        };
        for part in text.split(',').map(|p| p.trim().to_ascii_lowercase()) {
            match part.as_str() {
                "csv" => format.csv = true,
                "parquet" => format.parquet = true,
                "xlsx" | "excel" => format.xlsx = true,
                "gpkg" | "geopackage" => format.gpkg = true,
                "both" => {
                    format.csv = true;
                    format.parquet = true;
                }
                _ => {
                    return Err(Error::Setting(format!(
                        "{} `{text}`: csv, parquet, xlsx, gpkg, both (csv and parquet), or a list such as csv,xlsx,gpkg",
                        Setting::Format
                    )));
                }
            }
        }
        Ok(format)
    }
}

/// How a run's files are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Which files each table becomes.
    pub format: TableFormat,
    /// CSV for Excel in French: `;`-separated, decimal commas, a UTF-8 BOM.
    pub excel_csv: bool,
    /// Language of the sentence columns (`rationale`, `reason`); headers never change.
    pub lang: Lang,
    /// Also write `adjacency.csv` (zones and plan runs).
    pub adjacency: bool,
}

/// Every file name a command may write into an output folder: the files of an earlier run
/// that a new set does not hold are removed when it is switched in.
pub fn output_file_names() -> Vec<String> {
    let mut names: Vec<String> = Table::ALL
        .iter()
        .flat_map(|t| [format!("{}.csv", t.name()), format!("{}.parquet", t.name())])
        .collect();
    names.extend(
        [
            "summary.json",
            "units.geojson",
            "zones.geojson",
            "plan.geojson",
            "report.html",
            "coverage_series.svg",
            "coverage_series.png",
            WORKBOOK,
            TEMPLATE,
            REGISTER_TEMPLATE,
            dgos::DGOS_WORKBOOK,
            "retour-dgos.html",
            PACKAGE,
        ]
        .map(String::from),
    );
    names
}

/// The tables `run` writes, in registry order.
fn tables(w: &mut Writer, run: Run, options: &Options) -> Result<()> {
    for table in Table::ALL {
        if let Some(frame) = table.frame(run, options.lang, options.adjacency) {
            w.table(table, frame)?;
        }
    }
    Ok(())
}

/// The files of a coverage, zones or plan run: tables, `summary.json` and the GeoJSON layers.
fn run_files(w: &mut Writer, run: Run, command: &str, options: &Options) -> Result<()> {
    tables(w, run, options)?;
    w.summary(&Summary::of(run, command))?;
    if let Some(written) = geojson::with_units_layer(run, |waves| w.layer_waves("units", waves)) {
        written?;
    }
    if let Some(zones) = run.zones() {
        w.layer("zones", geojson::zones_geojson(zones))?;
    }
    if let Run::Plan(plan) = run {
        w.layer("plan", plan::plan_geojson(plan))?;
    }
    Ok(())
}

/// Every file of the `coverage` command: `coverage`, `units`, `overlaps`, `unresolved`,
/// `stalled` tables, `summary.json` and, with a commune layer, `units.geojson`.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use zones_blanches::{Inputs, run_coverage};
/// use zones_blanches::export::{Files, Options, coverage_outputs};
/// let run = run_coverage(&Inputs::demo())?;
/// let mut files = Files::new();
/// coverage_outputs(&run, &Options::default(), &mut files)?;
/// let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
/// assert!(names.contains(&"coverage.csv") && names.contains(&"summary.json"));
/// # Ok(())
/// # }
/// ```
pub fn coverage_outputs(
    run: &CoverageRun,
    options: &Options,
    sink: &mut dyn FileSink,
) -> Result<()> {
    let mut w = Writer::new(options, sink);
    run_files(&mut w, Run::Coverage(run), "coverage", options)?;
    w.finish()
}

/// Every file of the `zones` command: those of `coverage` (with `zone_id` in `units.csv`),
/// `zones.csv`, `zones.geojson`, and `adjacency.csv` when `options.adjacency`.
pub fn zones_outputs(run: &ZonesRun, options: &Options, sink: &mut dyn FileSink) -> Result<()> {
    let mut w = Writer::new(options, sink);
    run_files(&mut w, Run::Zones(run), "zones", options)?;
    w.finish()
}

/// Every file of the `plan` command: the zones files, then `options`, `plan`,
/// `plan_coverage`, `funding`, `funding_scopes` and `plan.geojson`.
pub fn plan_outputs(run: &PlanRun, options: &Options, sink: &mut dyn FileSink) -> Result<()> {
    let mut w = Writer::new(options, sink);
    run_files(&mut w, Run::Plan(run), "plan", options)?;
    w.finish()
}

/// Every file of the `analyze` command: those of `plan` and `report.html` (with its map).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use zones_blanches::{Inputs, Stage, run_plan};
/// use zones_blanches::export::{Files, Options, analyze_outputs};
/// let run = run_plan(&Inputs::demo(), Stage::Li)?;
/// let mut files = Files::new();
/// analyze_outputs(&run, &Options::default(), &mut files)?;
/// let report = files.iter().find(|(name, _)| name == "report.html").ok_or("not found")?;
/// assert!(String::from_utf8_lossy(&report.1).contains("<svg"));
/// # Ok(())
/// # }
/// ```
pub fn analyze_outputs(run: &PlanRun, options: &Options, sink: &mut dyn FileSink) -> Result<()> {
    // The report (mostly its maps) and the decisions template are built beside the other
    // files, each mostly one thread's work.
    let ((report, (template, register)), files) = rayon::join(
        || {
            rayon::join(
                || report_html(run),
                || {
                    (
                        template::decisions_template(run, options.lang),
                        template::register_template(run),
                    )
                },
            )
        },
        || {
            let mut w = Writer::new(options, sink);
            run_files(&mut w, Run::Plan(run), "analyze", options)?;
            w.finish()
        },
    );
    files?;
    let template = template.map_err(|e| crate::error::Error::Write {
        path: TEMPLATE.into(),
        message: e.to_string(),
    })?;
    sink.put(TEMPLATE, vec![template])?;
    let register = register.map_err(|e| crate::error::Error::Write {
        path: REGISTER_TEMPLATE.into(),
        message: e.to_string(),
    })?;
    sink.put(REGISTER_TEMPLATE, vec![register])?;
    sink.put("report.html", vec![report.into_bytes()])
}

/// The periodic return to the DGOS of a plan run: `retour-dgos.xlsx` (summary per région,
/// zones, the register's calendar) and the printable `retour-dgos.html`, in French.
pub fn dgos_outputs(run: &PlanRun, sink: &mut dyn FileSink) -> Result<()> {
    let r = crate::analysis::dgos::DgosReturn::of(run);
    let workbook = dgos::dgos_workbook(&r).map_err(|e| crate::error::Error::Write {
        path: dgos::DGOS_WORKBOOK.into(),
        message: e.to_string(),
    })?;
    sink.put(dgos::DGOS_WORKBOOK, vec![workbook])?;
    sink.put(
        "retour-dgos.html",
        vec![crate::render::report::dgos_html(&r).into_bytes()],
    )
}

/// Every file of `series`: `coverage_series`, `zones_series` (with a commune layer),
/// `unresolved`, `summary.json`, `coverage_series.svg` and `report.html`.
pub fn series_outputs(run: &SeriesRun, options: &Options, sink: &mut dyn FileSink) -> Result<()> {
    let mut w = Writer::new(options, sink);
    tables(&mut w, Run::Series(run), options)?;
    w.summary(&Summary::of(Run::Series(run), "series"))?;
    let chart = series_chart(run, 960, 540);
    w.file("report.html", series_report_html(run, &chart).into_bytes())?;
    w.file("coverage_series.svg", chart.into_bytes())?;
    // For a slide: 1920×1080, the same drawing at twice the size.
    let png = crate::render::map::png::render_png(&series_chart(run, 1920, 1080), 1920)?;
    w.file("coverage_series.png", png)?;
    w.finish()
}

/// Every file of `compare`: `changes_units`, `changes_cpts`, `changes_zones` (with a commune
/// layer), `unresolved` (both sides), and `summary.json` (the side after, with a `compare`
/// section).
pub fn compare_outputs(run: &Comparison, options: &Options, sink: &mut dyn FileSink) -> Result<()> {
    let mut w = Writer::new(options, sink);
    tables(&mut w, Run::Compare(run), options)?;
    w.summary(&Summary::of(Run::Compare(run), "compare"))?;
    let map = crate::render::report::compare_map(run, 1200.0);
    let report = crate::render::report::compare_report_html(run, map.as_deref());
    w.file("report.html", report.into_bytes())?;
    w.finish()
}

/// The file format of a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapFormat {
    /// An SVG document.
    Svg,
    /// A PNG image (the SVG rasterized with the system fonts).
    Png,
}

/// A map of a zones run (and of its plan, when given and `layers` holds [`Layer::Plan`]),
/// `width` pixels wide.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use zones_blanches::{Inputs, Stage, run_zones};
/// use zones_blanches::export::{MapFormat, map_output};
/// use zones_blanches::parts::Layer;
/// let run = run_zones(&Inputs::demo(), Stage::Li)?;
/// let svg = map_output(&run, None, &Layer::DEFAULT, 600, MapFormat::Svg)?;
/// let svg = String::from_utf8(svg)?;
/// // Every zone blanche is labelled or counted under the legend.
/// assert!(svg.contains("id=\"label-Z0001\""));
/// # Ok(())
/// # }
/// ```
pub fn map_output(
    run: &ZonesRun,
    plan: Option<&Plan>,
    layers: &[Layer],
    width: u32,
    format: MapFormat,
) -> Result<Vec<u8>> {
    map_output_in(run, plan, layers, (width, format), Lang::Fr)
}

/// [`map_output`] with its words in `lang` (`map --lang`).
pub fn map_output_in(
    run: &ZonesRun,
    plan: Option<&Plan>,
    layers: &[Layer],
    (width, format): (u32, MapFormat),
    lang: Lang,
) -> Result<Vec<u8>> {
    let input = MapInput::of_in(run, plan, lang);
    let svg = render_svg(&input, layers, width as f64);
    match format {
        MapFormat::Svg => Ok(svg.into_bytes()),
        MapFormat::Png => render_png(&svg, width),
    }
}
