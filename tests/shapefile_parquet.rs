//! Shapefiles as IGN delivers them (`.prj`, Latin-1 DBF without `.cpg`, UTF-8 with `.cpg`),
//! and Parquet tables equal to the CSV ones.

mod common;
use common::*;
use geo::Area;
use polars::prelude::*;
use std::collections::BTreeSet;
use zones_blanches::bench::read_shapefile as read_features;
use zones_blanches::{Inputs, Stage, run_zones};

#[test]
fn latin1_dbf_without_cpg_reads_accents_and_lambert93_from_prj() {
    let Some(data) = shared_data("latin1_dbf_without_cpg_reads_accents_and_lambert93_from_prj")
    else {
        return;
    };
    let (features, crs) =
        read_features(&data.join("shapefiles/haute-garonne-31-l93/commune.shp")).expect("read");
    assert_eq!(crs, "EPSG:2154");
    assert_eq!(features.len(), 586);
    let name = |code: &str| {
        features
            .iter()
            .find(|f| f.properties["INSEE_COM"] == code)
            .map(|f| f.properties["NOM_COM"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(name("31013"), "Ardiège");
    assert_eq!(name("31042"), "Bagnères-de-Luchon");
    assert_eq!(name("31060"), "Bélesta-en-Lauragais");
    // Reprojected to WGS84: Toulouse (31555) lies around 1.44°E 43.60°N.
    let toulouse = features
        .iter()
        .find(|f| f.properties["INSEE_COM"] == "31555")
        .unwrap();
    let c = toulouse.geometry.as_ref().unwrap().0[0].exterior().0[0];
    assert!(
        (1.3..1.6).contains(&c.x) && (43.5..43.7).contains(&c.y),
        "{c:?}"
    );
    // The UTF-8 twin with a .cpg gives the same names.
    let (twin, _) =
        read_features(&data.join("shapefiles/haute-garonne-31-l93/commune_with_pop.shp"))
            .expect("read");
    assert_eq!(
        twin.iter()
            .find(|f| f.properties["INSEE_COM"] == "31013")
            .unwrap()
            .properties["NOM_COM"],
        "Ardiège"
    );
}

/// S5 on the Shapefile equals S5 on the national GeoJSON restricted to département 31.
#[test]
fn shapefile_zones_equal_national_layer_restricted_to_31() {
    let Some(data) = shared_data("shapefile_zones_equal_national_layer_restricted_to_31") else {
        return;
    };
    let listing = data.join("scenarios/france-dev.csv");
    let shp = temp_dir("shp31");
    let national = temp_dir("nat31");
    run_ok(&[
        "zones",
        "--communes",
        path_str(&data.join("shapefiles/haute-garonne-31-l93/commune.shp")),
        "--cpts",
        path_str(&listing),
        "--write-adjacency",
        "--out",
        path_str(&shp),
        "-q",
    ]);
    run_ok(&[
        "zones",
        "--communes",
        path_str(&data.join("france/communes-2026.geojson.gz")),
        "--departement",
        "31",
        "--cpts",
        path_str(&listing),
        "--write-adjacency",
        "--out",
        path_str(&national),
        "-q",
    ]);
    let pairs = |dir: &std::path::Path| -> BTreeSet<(String, String)> {
        read_csv(&dir.join("adjacency.csv"))
            .into_iter()
            .map(|r| (r["code_a"].clone(), r["code_b"].clone()))
            .collect()
    };
    // Same neighbour pairs (shared lengths differ: the national layer is simplified).
    assert_eq!(pairs(&shp), pairs(&national));
    let zones = |dir: &std::path::Path| -> Vec<(String, String)> {
        read_csv(&dir.join("zones.csv"))
            .into_iter()
            .map(|r| (r["zone_id"].clone(), r["codes"].clone()))
            .collect()
    };
    assert_eq!(zones(&shp), zones(&national));
    assert_eq!(read_csv(&shp.join("units.csv")).len(), 586);
    let summary = read_json(&shp.join("summary.json"));
    assert_eq!(summary["inputs"]["communes_crs"], "EPSG:2154");

    // Total area within 1 % of the same communes in the national layer.
    let area = |communes: std::path::PathBuf, departement: Vec<String>| {
        let inputs = Inputs {
            communes: Some(communes.into()),
            departements: departement,
            ..Inputs::new(listing.clone())
        };
        let run = run_zones(&inputs, Stage::Li).expect("zones");
        // S7: the units of the reporting area (the run holds its context too).
        run.metric
            .iter()
            .enumerate()
            .filter(|(u, _)| run.coverage.territory.in_area(*u))
            .filter_map(|(_, g)| g.as_ref())
            .map(|g| g.unsigned_area())
            .sum::<f64>()
    };
    let a = area(
        data.join("shapefiles/haute-garonne-31-l93/commune.shp"),
        vec![],
    );
    let b = area(
        data.join("france/communes-2026.geojson.gz"),
        vec!["31".into()],
    );
    assert!(
        (a - b).abs() / b < 0.01,
        "shapefile {a} m² vs national {b} m²"
    );
    assert!(
        (6.2e9..6.4e9).contains(&a),
        "Haute-Garonne is about 6 300 km²: {a}"
    );
}

/// Population from a DBF field, or from `--population` joined by code, gives the same units.
#[test]
fn population_from_field_or_from_table() {
    let Some(data) = shared_data("population_from_field_or_from_table") else {
        return;
    };
    let dir = data.join("shapefiles/haute-garonne-31-l93");
    let listing = data.join("scenarios/france-dev.csv");
    let with_field = temp_dir("pop-field");
    let with_table = temp_dir("pop-table");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&dir.join("commune_with_pop.shp")),
        "--cpts",
        path_str(&listing),
        "--out",
        path_str(&with_field),
        "-q",
    ]);
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&dir.join("commune.shp")),
        "--population",
        path_str(&dir.join("commune.csv")),
        "--cpts",
        path_str(&listing),
        "--out",
        path_str(&with_table),
        "-q",
    ]);
    let a = std::fs::read(with_field.join("units.csv")).unwrap();
    assert_eq!(a, std::fs::read(with_table.join("units.csv")).unwrap());
    assert_eq!(
        std::fs::read(with_field.join("coverage.csv")).unwrap(),
        std::fs::read(with_table.join("coverage.csv")).unwrap()
    );
    let summary = read_json(&with_field.join("summary.json"));
    assert!(
        summary["inputs"]["population"]
            .as_str()
            .unwrap()
            .contains("POPULATION")
    );
}

#[test]
fn wgs84_shapefile_is_detected() {
    let Some(data) = shared_data("wgs84_shapefile_is_detected") else {
        return;
    };
    let out = temp_dir("toulouse");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&data.join("shapefiles/toulouse-metropole-wgs84/communes.shp")),
        "--cpts",
        path_str(&data.join("scenarios/france-dev.csv")),
        "--out",
        path_str(&out),
        "-q",
    ]);
    assert_eq!(read_csv(&out.join("units.csv")).len(), 37);
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(
        summary["inputs"]["communes_crs"],
        "EPSG:4326 (WGS84 lon/lat)"
    );
    assert_eq!(summary["study_area"]["units"], 37);
    // An extract of a département: the study area there is the layer's communes, said so.
    let warnings = summary["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w["kind"] == "partial_layer"
        && w["message"].as_str().unwrap().contains("37 of the 586")));
}

#[test]
fn missing_prj_asks_for_crs() {
    let Some(data) = shared_data("missing_prj_asks_for_crs") else {
        return;
    };
    let dir = temp_dir("noprj");
    for ext in ["shp", "shx", "dbf"] {
        std::fs::copy(
            data.join(format!(
                "shapefiles/toulouse-metropole-wgs84/communes.{ext}"
            )),
            dir.join(format!("c.{ext}")),
        )
        .unwrap();
    }
    let out = dir.join("out");
    let (shp, listing) = (dir.join("c.shp"), data.join("scenarios/france-dev.csv"));
    let args = [
        "coverage",
        "--communes",
        path_str(&shp),
        "--cpts",
        path_str(&listing),
        "--out",
        path_str(&out),
    ];
    let output = run(&args, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("c.prj") && stderr.contains("--crs EPSG:2154"),
        "{stderr}"
    );
    let mut with_crs = args.to_vec();
    with_crs.extend_from_slice(&["--crs", "EPSG:4326", "-q"]);
    run_ok(&with_crs);
    assert_eq!(read_csv(&out.join("units.csv")).len(), 37);
}

/// Parquet tables read back equal to the CSV tables (same columns, same values).
#[test]
fn parquet_tables_equal_csv_tables() {
    let out = temp_dir("parquet");
    run_ok(&[
        "zones",
        "--format",
        "both",
        "--write-adjacency",
        "--out",
        path_str(&out),
        "-q",
    ]);
    for table in [
        "coverage",
        "units",
        "overlaps",
        "unresolved",
        "zones",
        "adjacency",
    ] {
        let file = std::fs::File::open(out.join(format!("{table}.parquet"))).unwrap();
        let mut frame = ParquetReader::new(file).finish().unwrap();
        let mut csv = Vec::new();
        CsvWriter::new(&mut csv)
            .include_header(true)
            .with_float_precision(Some(2))
            .finish(&mut frame)
            .unwrap();
        assert_eq!(
            csv,
            std::fs::read(out.join(format!("{table}.csv"))).unwrap(),
            "{table}.parquet differs from {table}.csv"
        );
    }
    let units = ParquetReader::new(std::fs::File::open(out.join("units.parquet")).unwrap())
        .finish()
        .unwrap();
    assert_eq!(
        units.column("population").unwrap().dtype(),
        &DataType::UInt64
    );
    assert_eq!(units.column("code").unwrap().dtype(), &DataType::String);
}
