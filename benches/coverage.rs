//! Criterion benchmarks of the coverage, zones, plan and map stages on the real national data
//! (../shared/data or ZB_SHARED_DATA), through the stage entry points of `zones_blanches::bench`.
//! Run: `cargo bench --bench coverage`.

#[path = "data.rs"]
mod data;
use data::data_dir;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Read;
use std::path::Path;
use zones_blanches::bench;
use zones_blanches::parts::Layer;

/// The binary's allocator, so that the stages are timed as the command line runs them (the
/// readers compare differently under the system allocator).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The national layer, inflated.
fn gunzip(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).expect("open"))
        .read_to_end(&mut bytes)
        .expect("gunzip");
    bytes
}

/// The national layer read by the `geojson` crate into geo polygons: what the engine would do
/// with the crate's reader instead of its typed one (same gunzip, same conversion to geo).
fn read_with_geojson_crate(path: &Path) -> Vec<Option<geo::MultiPolygon<f64>>> {
    parse_with_geojson_crate(&gunzip(path))
}

/// GeoJSON bytes parsed by the `geojson` crate and converted to geo polygons.
fn parse_with_geojson_crate(bytes: &[u8]) -> Vec<Option<geo::MultiPolygon<f64>>> {
    let collection: geojson::FeatureCollection = serde_json::from_slice(bytes).expect("GeoJSON");
    collection
        .features
        .into_iter()
        .map(|f| {
            let geometry: geo::Geometry<f64> = f.geometry?.try_into().ok()?;
            match geometry {
                geo::Geometry::Polygon(p) => Some(geo::MultiPolygon(vec![p])),
                geo::Geometry::MultiPolygon(m) => Some(m),
                _ => None,
            }
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let Some(data) = data_dir() else {
        eprintln!("SKIPPED: no real data (set ZB_SHARED_DATA)");
        return;
    };
    let communes = data.join("france/communes-2026.geojson.gz");
    let scenario = data.join("scenarios/france-dev.csv");
    let cog = bench::cog().expect("cog");
    let mut group = c.benchmark_group("coverage");
    group.sample_size(10);
    group.bench_function("read_geojson_gz_national", |b| {
        b.iter(|| black_box(bench::read_geojson(&communes).expect("read")))
    });
    // The typed reader stays because it is faster than the geojson crate's (whose geometry is an
    // internally tagged, flattened enum that serde buffers): these pairs measure by how much,
    // with and without gunzip.
    group.bench_function("read_geojson_gz_national_with_geojson_crate", |b| {
        b.iter(|| black_box(read_with_geojson_crate(&communes)))
    });
    let inflated = gunzip(&communes);
    group.bench_function("parse_geojson_national", |b| {
        b.iter(|| black_box(bench::parse_geojson(&inflated).expect("parse")))
    });
    group.bench_function("parse_geojson_national_with_geojson_crate", |b| {
        b.iter(|| black_box(parse_with_geojson_crate(&inflated)))
    });
    group.bench_function("gunzip_national", |b| {
        b.iter(|| black_box(gunzip(&communes)))
    });
    drop(inflated);
    let shp = data.join("shapefiles/haute-garonne-31-l93/commune.shp");
    group.bench_function("read_shapefile_l93_haute_garonne", |b| {
        b.iter(|| black_box(bench::read_shapefile(&shp).expect("read")))
    });
    group.bench_function("cog_embedded_parse", |b| {
        b.iter(|| black_box(bench::cog().expect("cog")))
    });
    let features = bench::read_geojson(&communes).expect("read");
    group.bench_function("territory_from_features", |b| {
        b.iter(|| {
            black_box(bench::territory(&communes, features.clone(), &cog).expect("territory"))
        })
    });
    let territory = bench::territory(&communes, features, &cog).expect("territory");
    group.bench_function("listing_read_and_resolve", |b| {
        b.iter(|| black_box(bench::listing(&scenario, &territory, &cog).expect("listing")))
    });
    let listing = bench::listing(&scenario, &territory, &cog).expect("listing");
    group.bench_function("coverage_and_scopes", |b| {
        b.iter(|| black_box(bench::coverage(&territory, &listing)))
    });
    group.finish();

    let mut group = c.benchmark_group("zones");
    group.sample_size(10);
    let coverage = bench::coverage(&territory, &listing);
    group.bench_function("project_to_metric_crs", |b| {
        b.iter(|| black_box(bench::project(&territory)))
    });
    let metric = bench::project(&territory);
    group.bench_function("adjacency_national", |b| {
        b.iter(|| black_box(bench::adjacency(&metric)))
    });
    let adjacency = bench::adjacency(&metric);
    group.bench_function("components_and_dissolve_national_scenario", |b| {
        b.iter(|| black_box(bench::zones(&territory, &coverage, &metric, &adjacency)))
    });
    group.finish();

    // A prepared territory (`prepare` → .zbt): written once, then read by every run instead of
    // the three steps above (read + territory, projection, adjacency).
    let mut group = c.benchmark_group("prepared");
    group.sample_size(10);
    let prepared = zones_blanches::prepare(
        &zones_blanches::PrepareInputs::new(communes.as_path()),
        &zones_blanches::Silent,
    )
    .expect("prepare");
    group.bench_function("encode_national", |b| {
        b.iter(|| black_box(prepared.to_bytes()))
    });
    let zbt = std::env::temp_dir().join(format!("zb-bench-{}.zbt", std::process::id()));
    std::fs::write(&zbt, prepared.to_bytes()).expect("write .zbt");
    drop(prepared);
    let source = zones_blanches::Source::from(zbt.as_path());
    group.bench_function("read_national_zbt", |b| {
        b.iter(|| black_box(zones_blanches::PreparedTerritory::read(&source).expect("read")))
    });
    group.finish();
    let _ = std::fs::remove_file(&zbt);

    // S6: options of the 526 zones of the national scenario and the plan (issue target ≤ 0.5 s).
    let zones = bench::zones(&territory, &coverage, &metric, &adjacency);
    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    group.bench_function("options_and_plan_national_scenario", |b| {
        b.iter(|| {
            black_box(bench::options_and_plan(
                &territory, &listing, &coverage, &metric, &adjacency, &zones,
            ))
        })
    });
    group.finish();

    // Maps: the whole of France with the overseas insets (issue target ≤ 1 s).
    let (_, plan) =
        bench::options_and_plan(&territory, &listing, &coverage, &metric, &adjacency, &zones);
    let map = |layers: &[Layer]| {
        bench::map_svg(
            &cog,
            &territory,
            &listing,
            &coverage,
            &metric,
            &zones,
            Some(&plan),
            layers,
            1200.0,
        )
    };
    let mut group = c.benchmark_group("map");
    group.sample_size(10);
    group.bench_function("render_svg_france_default_layers", |b| {
        b.iter(|| black_box(map(&Layer::DEFAULT)))
    });
    group.bench_function("render_svg_france_with_plan", |b| {
        b.iter(|| black_box(map(&Layer::ALL)))
    });
    let svg = map(&Layer::DEFAULT);
    group.bench_function("render_png_france_1200px", |b| {
        b.iter(|| black_box(bench::map_png(&svg, 1200).expect("png")))
    });
    group.finish();
}

criterion_group!(coverage_benches, benches);
criterion_main!(coverage_benches);
