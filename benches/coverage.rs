//! Criterion benchmarks of the coverage, zones, plan and map stages on the real national data (../shared/data or
//! ZB_SHARED_DATA). Run: `cargo bench --bench coverage`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;
use zones_blanches::Stage;
use zones_blanches::adjacency::Adjacency;
use zones_blanches::cog::Cog;
use zones_blanches::coverage::Coverage;
use zones_blanches::io::geojson::read_features;
use zones_blanches::io::table::RawTable;
use zones_blanches::listing::{Listing, ListingOptions};
use zones_blanches::map::{Layer, MapInput, render_png, render_svg};
use zones_blanches::options::{Context, options_for_zones};
use zones_blanches::plan::Plan;
use zones_blanches::territory::{FieldNames, Territory};
use zones_blanches::weights::Weights;
use zones_blanches::zones::{WhiteZones, project_units};

fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ZB_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")));
    dir.join("france/communes-2026.geojson.gz")
        .exists()
        .then_some(dir)
}

fn benches(c: &mut Criterion) {
    let Some(data) = data_dir() else {
        eprintln!("SKIPPED: no real data (set ZB_SHARED_DATA)");
        return;
    };
    let communes = data.join("france/communes-2026.geojson.gz");
    let scenario = data.join("scenarios/france-dev.csv");
    let cog = Cog::embedded().expect("cog");
    let mut group = c.benchmark_group("coverage");
    group.sample_size(10);
    group.bench_function("read_geojson_gz_national", |b| {
        b.iter(|| black_box(read_features(&communes).expect("read")))
    });
    let shp = data.join("shapefiles/haute-garonne-31-l93/commune.shp");
    group.bench_function("read_shapefile_l93_haute_garonne", |b| {
        b.iter(|| {
            black_box(zones_blanches::io::shapefile::read_features(&shp, None).expect("read"))
        })
    });
    group.bench_function("cog_embedded_parse", |b| {
        b.iter(|| black_box(Cog::embedded().expect("cog")))
    });
    let features = read_features(&communes).expect("read");
    group.bench_function("territory_from_features", |b| {
        b.iter(|| {
            black_box(
                Territory::from_features(&communes, features.clone(), &FieldNames::default(), &cog)
                    .expect("territory"),
            )
        })
    });
    let territory = Territory::from_features(&communes, features, &FieldNames::default(), &cog)
        .expect("territory");
    let table = RawTable::read(&scenario, None).expect("listing");
    group.bench_function("listing_read_and_resolve", |b| {
        b.iter(|| {
            let table = RawTable::read(&scenario, None).expect("listing");
            black_box(
                Listing::load(&table, &ListingOptions::default(), &territory, &cog).expect("load"),
            )
        })
    });
    let listing =
        Listing::load(&table, &ListingOptions::default(), &territory, &cog).expect("load");
    group.bench_function("coverage_and_statistics", |b| {
        b.iter(|| {
            let coverage = Coverage::compute(&territory, &listing);
            black_box(coverage.statistics(&territory, &cog).expect("stats"))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("zones");
    group.sample_size(10);
    let coverage = Coverage::compute(&territory, &listing);
    group.bench_function("project_to_metric_crs", |b| {
        b.iter(|| black_box(project_units(&territory)))
    });
    let metric = project_units(&territory);
    group.bench_function("adjacency_national", |b| {
        b.iter(|| black_box(Adjacency::build(&metric)))
    });
    let adjacency = Adjacency::build(&metric);
    group.bench_function("components_and_dissolve_national_scenario", |b| {
        b.iter(|| {
            black_box(WhiteZones::find(
                &territory,
                &coverage,
                &metric,
                &adjacency,
                Stage::Li,
            ))
        })
    });
    group.finish();

    // S6: options of the 526 zones of the national scenario and the plan (issue target ≤ 0.5 s).
    let zones = WhiteZones::find(&territory, &coverage, &metric, &adjacency, Stage::Li);
    let weights = Weights::default();
    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    group.bench_function("options_and_plan_national_scenario", |b| {
        b.iter(|| {
            let ctx = Context::new(
                &territory, &listing, &coverage, &metric, &adjacency, &zones, &weights, None, None,
            );
            let options = options_for_zones(&ctx);
            black_box(Plan::build(&ctx, &options))
        })
    });
    group.finish();

    // Maps: the whole of France with the overseas insets (issue target ≤ 1 s).
    let ctx = Context::new(
        &territory, &listing, &coverage, &metric, &adjacency, &zones, &weights, None, None,
    );
    let options = options_for_zones(&ctx);
    let plan = Plan::build(&ctx, &options);
    let input = MapInput {
        cog: &cog,
        territory: &territory,
        listing: &listing,
        coverage: &coverage,
        metric: &metric,
        zones: Some(&zones),
        plan: Some(&plan),
        title: "France".into(),
    };
    let mut group = c.benchmark_group("map");
    group.sample_size(10);
    group.bench_function("render_svg_france_default_layers", |b| {
        b.iter(|| black_box(render_svg(&input, &Layer::DEFAULT, 1200.0)))
    });
    let all = [
        Layer::Stages,
        Layer::Plan,
        Layer::Cpts,
        Layer::Departements,
        Layer::Zones,
    ];
    group.bench_function("render_svg_france_with_plan", |b| {
        b.iter(|| black_box(render_svg(&input, &all, 1200.0)))
    });
    let svg = render_svg(&input, &Layer::DEFAULT, 1200.0);
    group.bench_function("render_png_france_1200px", |b| {
        b.iter(|| black_box(render_png(&svg, 1200).expect("png")))
    });
    group.finish();
}

criterion_group!(coverage_benches, benches);
criterion_main!(coverage_benches);
