//! Stage-by-stage entry points for the criterion benchmarks in `benches/` and the tests that
//! look at one stage (not part of the API: hidden from the documentation, free to change with
//! the internals they reach).

use crate::Stage;
use crate::adjacency::Adjacency;
use crate::coverage::Coverage;
use crate::error::Result;
use crate::inputs::listing::{Listing, ListingOptions};
use crate::inputs::weights::Weights;
use crate::io::SourceFeature;
use crate::io::source::Source;
use crate::io::table::RawTable;
use crate::plan::Plan;
use crate::plan::context::Context;
use crate::plan::options::CoverageOption;
use crate::territory::cog::Cog;
use crate::territory::{FieldNames, Territory};
use crate::zones::WhiteZones;
use geo::MultiPolygon;
use std::path::Path;

/// The English stop list a French output never holds (the catalogue's own test uses it).
pub const ENGLISH_MARKERS: &[&str] = crate::model::catalogue::ENGLISH_MARKERS;

/// Features of a GeoJSON layer, read and checked as the engine does (typed reader, then
/// `geometry_check`).
pub fn read_geojson(path: &Path) -> Result<Vec<SourceFeature>> {
    crate::io::read_polygon_layer(&Source::from(path), None, None).map(|layer| layer.features)
}

/// Features of GeoJSON bytes already in memory (the parser alone, without gunzip).
pub fn parse_geojson(bytes: &[u8]) -> Result<Vec<SourceFeature>> {
    crate::io::geojson::parse_features(Path::new("bench.geojson"), bytes)
}

/// Features of a Shapefile (WGS84, checked) and the CRS read from its `.prj` (`EPSG:2154`…).
pub fn read_shapefile(path: &Path) -> Result<(Vec<SourceFeature>, String)> {
    crate::io::read_polygon_layer(&Source::from(path), None, None).map(|l| (l.features, l.crs))
}

/// A CSV or XLSX listing table as the listing reader sees it (its header found below any
/// title rows): the headers, and each data row with its spreadsheet row number.
pub type TableRows = (Vec<String>, Vec<(usize, Vec<String>)>);

/// Read a listing table held in memory (`name` gives the format by its extension), with the
/// column check of a run (a CPTS id and a commune code column; the stage may be missing).
pub fn read_listing_table(name: &str, bytes: &[u8]) -> Result<TableRows> {
    let options = ListingOptions {
        default_stage: Some(Stage::Aci),
        ..ListingOptions::default()
    };
    let table = crate::inputs::listing::read_listing_table(&Source::memory(name, bytes), &options)?;
    crate::inputs::listing::listing_columns(&table, &options)?;
    Ok((
        table.headers,
        table.rows.into_iter().map(|r| (r.row, r.cells)).collect(),
    ))
}

/// Read and check a polygon layer (GeoJSON in memory or on disk, Shapefile on disk) as a run
/// does.
pub fn read_layer(source: &Source) -> Result<Vec<SourceFeature>> {
    crate::io::read_polygon_layer(source, None, None).map(|layer| layer.features)
}

/// The embedded COG.
pub fn cog() -> Result<Cog> {
    Cog::embedded()
}

/// The territory of a layer's features.
pub fn territory(path: &Path, features: Vec<SourceFeature>, cog: &Cog) -> Result<Territory> {
    Territory::from_features(path, features, &FieldNames::default(), cog)
}

/// Read and resolve a listing.
pub fn listing(path: &Path, territory: &Territory, cog: &Cog) -> Result<Listing> {
    let table = RawTable::read(&Source::from(path), None)?;
    Listing::load(&table, &ListingOptions::default(), territory, cog)
}

/// Coverage and its figures by scope.
pub fn coverage(territory: &Territory, listing: &Listing) -> Coverage {
    let coverage = Coverage::compute(territory, listing);
    std::hint::black_box(coverage.scopes(territory));
    coverage
}

/// Metric geometry of every unit.
pub fn project(territory: &Territory) -> Vec<Option<MultiPolygon<f64>>> {
    crate::territory::metric::project_units(territory)
}

/// Edge adjacency of the units.
pub fn adjacency(metric: &[Option<MultiPolygon<f64>>]) -> Adjacency {
    Adjacency::build(metric)
}

/// The zones blanches (components and dissolve).
pub fn zones(
    territory: &Territory,
    coverage: &Coverage,
    metric: &[Option<MultiPolygon<f64>>],
    adjacency: &Adjacency,
) -> WhiteZones {
    WhiteZones::find(territory, coverage, metric, adjacency, Stage::Li)
}

/// Options of every zone and the plan, with the built-in weights.
#[allow(clippy::too_many_arguments)]
pub fn options_and_plan(
    territory: &Territory,
    listing: &Listing,
    coverage: &Coverage,
    metric: &[Option<MultiPolygon<f64>>],
    adjacency: &Adjacency,
    zones: &WhiteZones,
) -> (Vec<Vec<CoverageOption>>, Plan) {
    let weights = Weights::default();
    let units = crate::plan::context::unit_facts(metric);
    let ctx = Context::new(
        territory, listing, coverage, &units, adjacency, zones, &weights, None, None, None,
    );
    crate::plan::options_and_plan(&ctx)
}

/// The France map of these parts, titled "France", `width` px wide, with `plan` when given.
#[allow(clippy::too_many_arguments)]
pub fn map_svg(
    cog: &Cog,
    territory: &Territory,
    listing: &Listing,
    coverage: &Coverage,
    metric: &[Option<MultiPolygon<f64>>],
    zones: &WhiteZones,
    plan: Option<&Plan>,
    layers: &[crate::render::map::Layer],
    width: f64,
) -> String {
    let input = crate::render::map::MapInput {
        cog,
        territory,
        listing,
        cover: coverage,
        metric,
        zones: Some(zones),
        plan,
        min_stage: zones.min_stage,
        title: "France".into(),
        subtitle: String::new(),
        source: String::new(),
        focus: None,
        changed: None,
        lang: crate::model::catalogue::Lang::Fr,
    };
    crate::render::map::render_svg(&input, layers, width)
}

/// A map's PNG.
pub fn map_png(svg: &str, width: u32) -> Result<Vec<u8>> {
    crate::render::map::render_png(svg, width)
}
