//! GeoPackage (issue 14): the national layer read from a `.gpkg` written by GDAL gives the same
//! units, zones and coverage as from GeoJSON; a Lambert-93 package takes its CRS from
//! `gpkg_spatial_ref_sys`; `--format gpkg` writes one package that GDAL opens, with every
//! layer and table, valid polygons, and reads back as a commune layer.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

/// `ogrinfo` on a package: its standard output (fails the test on an error).
fn ogrinfo(args: &[&str]) -> String {
    let output = Command::new("ogrinfo").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "ogrinfo {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The integer a one-row `-sql` query returns in `field`.
fn sql_integer(package: &Path, sql: &str, field: &str) -> i64 {
    let text = ogrinfo(&["-ro", "-q", path_str(package), "-sql", sql]);
    text.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix(&format!("{field} (Integer"))
                .and_then(|r| r.split("= ").nth(1))
        })
        .unwrap_or_else(|| panic!("{sql}: {text}"))
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn the_national_layer_from_a_geopackage_gives_the_same_units() {
    let test = "the_national_layer_from_a_geopackage_gives_the_same_units";
    let (Some(data), Some(_)) = (shared_data(test), ogr2ogr(test)) else {
        return;
    };
    let dir = temp_dir("gpkg-national");
    let geojson = data.join("france/communes-2026.geojson.gz");
    // As IGN ships ADMIN EXPRESS: a `commune` layer, plus another layer beside it.
    let package = dir.join("communes.gpkg");
    let source = format!("/vsigzip/{}", path_str(&geojson));
    gdal(&["-f", "GPKG", path_str(&package), &source, "-nln", "commune"]);
    gdal(&[
        "-update",
        "-f",
        "GPKG",
        path_str(&package),
        &source,
        "-nln",
        "departement_04",
        "-where",
        "departement = '04'",
    ]);
    let listing = path_str(&data.join("scenarios/france-dev.csv")).to_string();
    let from_geojson = run_into(
        "zones",
        "gpkg-national-geojson",
        &[
            "--communes".into(),
            path_str(&geojson).into(),
            "--cpts".into(),
            listing.clone(),
        ],
        &[],
        &[],
    );
    let from_gpkg = run_into(
        "zones",
        "gpkg-national-gpkg",
        &[
            "--communes".into(),
            path_str(&package).into(),
            "--cpts".into(),
            listing.clone(),
        ],
        &["--communes-layer", "commune"],
        &[],
    );
    for file in [
        "units.csv",
        "zones.csv",
        "coverage.csv",
        "units.geojson",
        "zones.geojson",
    ] {
        assert!(
            std::fs::read(from_geojson.join(file)).unwrap()
                == std::fs::read(from_gpkg.join(file)).unwrap(),
            "{file} differs between the GeoJSON and the GeoPackage layer"
        );
    }
    let summary = read_json(&from_gpkg.join("summary.json"));
    assert_eq!(summary["france"]["units"], 34_917);
    // Two feature layers and no --communes-layer: an error naming both; a wrong name too.
    let mut args = vec![
        "zones",
        "--communes",
        path_str(&package),
        "--cpts",
        &listing,
    ];
    let out = dir.join("out");
    args.extend(["--out", path_str(&out)]);
    let output = run(&args, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("2 feature layers (commune, departement_04)")
            && stderr.contains("--communes-layer"),
        "{stderr}"
    );
    args.extend(["--communes-layer", "communes"]);
    let output = run(&args, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no feature layer `communes`; the package has: commune, departement_04"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written on an error");
}

/// A Lambert-93 package (IGN's CRS) of département 04: the CRS comes from the package, the
/// coverage equals the WGS84 GeoJSON run's.
#[test]
fn a_lambert_93_geopackage_reads_its_crs_from_the_package() {
    let test = "a_lambert_93_geopackage_reads_its_crs_from_the_package";
    let (Some(data), Some(_)) = (shared_data(test), ogr2ogr(test)) else {
        return;
    };
    let dir = temp_dir("gpkg-l93");
    let package = dir.join("communes-04-l93.gpkg");
    let source = format!(
        "/vsigzip/{}",
        path_str(&data.join("france/communes-2026.geojson.gz"))
    );
    gdal(&[
        "-f",
        "GPKG",
        path_str(&package),
        &source,
        "-t_srs",
        "EPSG:2154",
        "-nln",
        "commune",
        "-where",
        "departement = '04'",
    ]);
    let mut inputs = paca_inputs(&data);
    let out_geojson = run_into(
        "zones",
        "gpkg-l93-geojson",
        &inputs,
        &["--departement", "04"],
        &[],
    );
    inputs[1] = path_str(&package).to_string();
    let out_gpkg = run_into(
        "zones",
        "gpkg-l93-gpkg",
        &inputs,
        &["--departement", "04"],
        &[],
    );
    let summary = read_json(&out_gpkg.join("summary.json"));
    assert_eq!(summary["inputs"]["communes_crs"], "EPSG:2154");
    assert_eq!(summary["france"]["units"], 198);
    for file in ["coverage.csv", "units.csv"] {
        assert_eq!(
            std::fs::read_to_string(out_geojson.join(file)).unwrap(),
            std::fs::read_to_string(out_gpkg.join(file)).unwrap(),
            "{file}"
        );
    }
    let zones_a = read_csv(&out_geojson.join("zones.csv"));
    let zones_b = read_csv(&out_gpkg.join("zones.csv"));
    assert_eq!(zones_a.len(), zones_b.len());
    for (a, b) in zones_a.iter().zip(&zones_b) {
        assert_eq!(
            (&a["codes"], &a["population"]),
            (&b["codes"], &b["population"])
        );
    }
}

/// `plan --format csv,gpkg` on the national scenario: GDAL opens the package; layers and
/// tables hold the rows of the CSV files; every zone and plan polygon is valid for GEOS (and
/// for geo, read back from the GeoJSON); units carry zone_id and CPTS names.
#[test]
fn the_written_geopackage_opens_in_gdal_with_valid_polygons() {
    let test = "the_written_geopackage_opens_in_gdal_with_valid_polygons";
    let (Some(data), Some(_)) = (shared_data(test), ogr2ogr(test)) else {
        return;
    };
    let out = run_national("plan", "gpkg-write", &data, &["--format", "csv,gpkg"]);
    let package = out.join("zones-blanches.gpkg");
    let summary = ogrinfo(&["-ro", "-so", "-q", path_str(&package)]);
    for layer in [
        "units (Multi Polygon)",
        "zones (Multi Polygon)",
        "plan (Multi Polygon)",
    ] {
        assert!(summary.contains(layer), "{layer}: {summary}");
    }
    for table in [
        "coverage",
        "options",
        "plan_table",
        "plan_coverage",
        "overlaps",
        "unresolved",
    ] {
        assert!(
            summary.contains(&format!(": {table} (None)")),
            "{table}: {summary}"
        );
    }
    let count =
        |layer: &str| sql_integer(&package, &format!("SELECT COUNT(*) AS n FROM {layer}"), "n");
    assert_eq!(
        count("units") as usize,
        read_csv(&out.join("units.csv")).len()
    );
    assert_eq!(
        count("zones"),
        525,
        "S11: Hesdin-la-Forêt joins its neighbours across a gap of the layer"
    );
    assert_eq!(
        count("plan_table") as usize,
        read_csv(&out.join("plan.csv")).len()
    );
    assert_eq!(
        count("options") as usize,
        read_csv(&out.join("options.csv")).len()
    );
    for layer in ["zones", "plan"] {
        let valid = sql_integer(
            &package,
            &format!("SELECT SUM(ST_IsValid(geom)) AS v FROM {layer}"),
            "v",
        );
        assert_eq!(valid, count(layer), "{layer}: polygons invalid for GEOS");
    }
    // Codes stay text, figures are numbers.
    let units = ogrinfo(&["-ro", "-so", path_str(&package), "units"]);
    for column in [
        "code: String",
        "population: Integer64",
        "zone_id: String",
        "cpts_names: String",
    ] {
        assert!(units.contains(column), "{column}: {units}");
    }
    let sum = sql_integer(&package, "SELECT SUM(population) AS p FROM zones", "p");
    let zones = read_csv(&out.join("zones.csv"));
    assert_eq!(
        sum as u64,
        zones.iter().map(|z| num(z, "population")).sum::<u64>()
    );
    // The same polygons as GeoJSON, valid for geo too (no zero-area hole: Z0026 had one).
    use geo::Validation;
    for file in ["zones.geojson", "plan.geojson"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        let collection: geojson::FeatureCollection = text.parse().unwrap();
        for feature in collection.features {
            let geometry: geo::Geometry<f64> = feature.geometry.unwrap().value.try_into().unwrap();
            assert!(
                geometry.is_valid(),
                "{file}: {:?} invalid",
                feature.properties
            );
        }
    }
}

/// The demo's package read back as a commune layer (its `units` layer): same coverage.
#[test]
fn a_written_geopackage_reads_back_as_a_commune_layer() {
    let dir = temp_dir("gpkg-roundtrip");
    let first = dir.join("first");
    run_ok(&[
        "zones",
        "--format",
        "gpkg",
        "--out",
        path_str(&first),
        "--quiet",
    ]);
    assert!(
        !first.join("units.csv").exists(),
        "gpkg alone writes no CSV"
    );
    let package = first.join("zones-blanches.gpkg");
    let again = dir.join("again");
    run_ok(&[
        "zones",
        "--format",
        "gpkg",
        "--out",
        path_str(&again),
        "--quiet",
    ]);
    assert_eq!(
        std::fs::read(&package).unwrap(),
        std::fs::read(again.join("zones-blanches.gpkg")).unwrap(),
        "byte-identical"
    );
    let demo = dir.join("demo");
    run_ok(&["generate-demo", "--out", path_str(&demo)]);
    let second = dir.join("second");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&package),
        "--communes-layer",
        "units",
        "--cog",
        path_str(&demo.join("cog.csv")),
        "--cpts",
        path_str(&demo.join("cpts.csv")),
        "--out",
        path_str(&second),
        "--quiet",
    ]);
    let reference = dir.join("reference");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&demo.join("communes.geojson")),
        "--cog",
        path_str(&demo.join("cog.csv")),
        "--cpts",
        path_str(&demo.join("cpts.csv")),
        "--out",
        path_str(&reference),
        "--quiet",
    ]);
    assert_eq!(
        std::fs::read_to_string(second.join("coverage.csv")).unwrap(),
        std::fs::read_to_string(reference.join("coverage.csv")).unwrap()
    );
}
