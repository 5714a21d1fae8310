//! A prepared territory (`prepare` → `.zbt`) end to end: every command given the `.zbt` writes
//! the same files as with the layer it was prepared from (only the name of the communes input
//! differs in summary.json and the report), on the national layer, a département and a
//! Lambert-93 Shapefile; a stale, damaged, foreign or mismatched file is refused with its name.

mod common;

use common::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Every file of `a` equals the file of the same name in `b`, except summary.json and
/// report.html, which must be equal once the communes input's name is replaced.
fn assert_same_outputs(a: &Path, b: &Path, layer: &str, zbt: &str) {
    let names = |d: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("outputs")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(a), names(b));
    for name in names(a) {
        let (x, y) = (
            std::fs::read(a.join(&name)).expect("file"),
            std::fs::read(b.join(&name)).expect("file"),
        );
        match name.as_str() {
            "summary.json" => {
                let mut x: serde_json::Value = serde_json::from_slice(&x).expect("json");
                let mut y: serde_json::Value = serde_json::from_slice(&y).expect("json");
                assert_eq!(x["inputs"]["communes"], layer);
                assert_eq!(y["inputs"]["communes"], zbt);
                let prepared = y["inputs"]
                    .as_object_mut()
                    .expect("inputs")
                    .remove("communes_prepared")
                    .expect("communes_prepared");
                assert!(
                    prepared["source"]
                        .as_str()
                        .unwrap()
                        .ends_with(Path::new(layer).file_name().unwrap().to_str().unwrap())
                );
                x["inputs"]["communes"] = serde_json::Value::Null;
                y["inputs"]["communes"] = serde_json::Value::Null;
                assert_eq!(x, y, "summary.json");
            }
            "report.html" => {
                let x = String::from_utf8(x).expect("utf-8");
                let y = String::from_utf8(y).expect("utf-8");
                let from = y
                    .find(" (territoire préparé depuis")
                    .expect("prepared note");
                let to = from + y[from..].find("</code>").unwrap() + "</code>".len();
                let y = y[..from].to_string() + &y[y[to..].find(" — ").unwrap() + to..];
                let name = |p: &str| {
                    Path::new(p)
                        .file_name()
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .to_owned()
                };
                let x = x.replace(layer, zbt).replace(&name(layer), &name(zbt));
                // The map's source line names the layer the territory was prepared from.
                let prepared = format!("{} (préparées dans {})", name(layer), name(zbt));
                assert!(y.contains(&prepared), "the source line names the layer");
                let y = y.replace(&prepared, &name(zbt));
                assert!(x == y, "report.html: {}", first_difference(&x, &y));
            }
            _ => assert!(x == y, "{name} differs"),
        }
    }
}

/// Where two texts part, with some context.
fn first_difference(a: &str, b: &str) -> String {
    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let around = |t: &str| -> String {
        t.chars()
            .skip(a[..at].chars().count().saturating_sub(60))
            .take(160)
            .collect()
    };
    format!("\n{}\n---\n{}", around(a), around(b))
}

fn sha256_of(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).expect("file"))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The real data folder, `layer` in it, the territory prepared from it into a fresh folder and
/// what `prepare` printed; `None` (skipped loudly) without the real data.
fn prepared_real(test: &str, layer: &str) -> Option<(PathBuf, PathBuf, PathBuf, String)> {
    let data = shared_data(test)?;
    let layer = data.join(layer);
    let zbt = temp_dir(test).join("prepared.zbt");
    let said = run_ok(&[
        "prepare",
        "--communes",
        path_str(&layer),
        "--out",
        path_str(&zbt),
    ]);
    Some((data, layer, zbt, said))
}

#[test]
fn a_national_prepared_territory_gives_the_files_of_its_layer() {
    let Some((data, layer, zbt, said)) = prepared_real(
        "a_national_prepared_territory_gives_the_files_of_its_layer",
        "france/communes-2026.geojson.gz",
    ) else {
        return;
    };
    // S1: 34 916 features; 34 917 units (the COG adds the units the layer lacks, without
    // polygons; Paris, Lyon and Marseille by arrondissement).
    assert!(
        said.contains("34\u{a0}917 units (34\u{a0}913 with polygons)"),
        "{said}"
    );
    assert!(said.contains("34\u{a0}916 features"), "{said}");
    assert!(said.contains(&sha256_of(&layer)), "{said}");
    let listing = data.join("scenarios/france-dev.csv");
    let with = |communes: &Path, name: &str, extra: &[&str]| {
        let inputs = vec![
            "--communes".to_string(),
            path_str(communes).to_string(),
            "--cpts".into(),
            path_str(&listing).into(),
        ];
        run_into("analyze", name, &inputs, extra, &[])
    };
    let from_layer = with(&layer, "prepared-national-layer", &[]);
    let from_zbt = with(&zbt, "prepared-national-zbt", &[]);
    assert_same_outputs(&from_layer, &from_zbt, path_str(&layer), path_str(&zbt));
    let summary = read_json(&from_zbt.join("summary.json"));
    let prepared = &summary["inputs"]["communes_prepared"];
    assert_eq!(prepared["source_sha256"], sha256_of(&layer).as_str());
    assert_eq!(prepared["source_checked"], true);
    // The national scenario's 525 zones (S11: one layer gap joined) blanches, as from the layer.
    assert_eq!(read_csv(&from_zbt.join("zones.csv")).len(), 525);

    // S7: a département run restricts the prepared units and computes their adjacency again.
    let extra = ["--departement", "04"];
    let from_layer = with(&layer, "prepared-04-layer", &extra);
    let from_zbt = with(&zbt, "prepared-04-zbt", &extra);
    assert_same_outputs(&from_layer, &from_zbt, path_str(&layer), path_str(&zbt));
    let zones = read_csv(&from_zbt.join("zones.csv"));
    assert!(!zones.is_empty());
    assert!(zones.iter().all(|z| z["departements"].contains("04")));
}

#[test]
fn a_lambert_93_shapefile_prepared_keeps_its_metric_polygons() {
    let Some((data, layer, zbt, said)) = prepared_real(
        "a_lambert_93_shapefile_prepared_keeps_its_metric_polygons",
        "shapefiles/haute-garonne-31-l93/commune.shp",
    ) else {
        return;
    };
    assert!(said.contains("EPSG:2154"), "{said}");
    let inputs = |communes: &Path| {
        vec![
            "--communes".to_string(),
            path_str(communes).to_string(),
            "--population".into(),
            path_str(&data.join("shapefiles/haute-garonne-31-l93/commune.csv")).into(),
            "--cpts".into(),
            path_str(&data.join("scenarios/france-dev.csv")).into(),
        ]
    };
    let extra = ["--write-adjacency"];
    let from_layer = run_into("zones", "prepared-31-layer", &inputs(&layer), &extra, &[]);
    let from_zbt = run_into("zones", "prepared-31-zbt", &inputs(&zbt), &extra, &[]);
    assert_same_outputs(&from_layer, &from_zbt, path_str(&layer), path_str(&zbt));
    // 586 communes of Haute-Garonne, with populations from the INSEE table.
    assert_eq!(read_csv(&from_zbt.join("units.csv")).len(), 586);
}

/// The demo layer copied into `dir`, prepared with the demo COG.
fn prepared_demo(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let layer = dir.join("communes.geojson");
    std::fs::copy(root.join("data/demo/communes.geojson"), &layer).expect("copy");
    let zbt = dir.join("demo.zbt");
    run_ok(&[
        "prepare",
        "--communes",
        path_str(&layer),
        "--cog",
        "data/demo/cog.csv",
        "--out",
        path_str(&zbt),
        "--quiet",
    ]);
    (layer, zbt)
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn error_of(args: &[&str]) -> String {
    let output = run(args, &[]);
    assert!(!output.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_stale_damaged_foreign_or_mismatched_prepared_territory_is_refused() {
    let dir = temp_dir("prepared-refused");
    let (layer, zbt) = prepared_demo(&dir);
    let out = dir.join("out");
    let zones = |communes: &Path, more: &[&str]| {
        let mut args = vec![
            "zones",
            "--communes",
            path_str(communes),
            "--cpts",
            "data/demo/cpts.csv",
            "--out",
            path_str(&out),
            "--quiet",
        ];
        args.extend_from_slice(more);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let cog = ["--cog", "data/demo/cog.csv"];
    run_ok(&args(&zones(&zbt, &cog)));
    assert_eq!(
        read_json(&out.join("summary.json"))["inputs"]["communes_prepared"]["source_checked"],
        true
    );

    // Another COG than the one it was prepared with.
    let err = error_of(&args(&zones(&zbt, &[])));
    assert!(err.contains("demo.zbt was prepared with the COG"), "{err}");
    assert!(
        err.contains("give the same --cog, or prepare again"),
        "{err}"
    );
    // Reading options belong to `prepare`.
    let err = error_of(&args(&zones(
        &zbt,
        &["--cog", "data/demo/cog.csv", "--code-field", "code"],
    )));
    assert!(err.contains("--code-field read a commune layer"), "{err}");

    // A damaged file: one byte changed, or cut short.
    let bytes = std::fs::read(&zbt).expect("zbt");
    let damaged = dir.join("damaged.zbt");
    let mut flipped = bytes.clone();
    let last = flipped.len() - 100;
    flipped[last] ^= 0x40;
    std::fs::write(&damaged, &flipped).expect("write");
    let err = error_of(&args(&zones(&damaged, &cog)));
    assert!(err.contains("damaged.zbt: content: damaged"), "{err}");
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).expect("write");
    let err = error_of(&args(&zones(&damaged, &cog)));
    assert!(err.contains("damaged.zbt: content: damaged"), "{err}");
    // A foreign file named .zbt.
    let foreign = dir.join("foreign.zbt");
    std::fs::copy(&layer, &foreign).expect("copy");
    let err = error_of(&args(&zones(&foreign, &cog)));
    assert!(
        err.contains("foreign.zbt: header: not a prepared territory"),
        "{err}"
    );

    // The layer changed since it was prepared.
    let mut text = std::fs::read(&layer).expect("layer");
    text.push(b'\n');
    std::fs::write(&layer, &text).expect("write");
    let err = error_of(&args(&zones(&zbt, &cog)));
    assert!(err.contains("which has changed since"), "{err}");
    assert!(err.contains("prepare it again (`prepare`)"), "{err}");
    // The layer gone: the prepared territory stands alone, and says it was not checked.
    std::fs::remove_file(&layer).expect("remove");
    run_ok(&args(&zones(&zbt, &cog)));
    assert_eq!(
        read_json(&out.join("summary.json"))["inputs"]["communes_prepared"]["source_checked"],
        false
    );

    // prepare writes FILE.zbt only, and never over its input.
    let err = error_of(&[
        "prepare",
        "--communes",
        path_str(&zbt),
        "--out",
        path_str(&dir.join("x.zbt")),
    ]);
    assert!(err.contains("is already a prepared territory"), "{err}");
    let err = error_of(&[
        "prepare",
        "--communes",
        "data/demo/communes.geojson",
        "--out",
        path_str(&dir.join("x.geojson")),
    ]);
    assert!(
        err.contains("a prepared territory is written as FILE.zbt"),
        "{err}"
    );
}

#[test]
fn series_and_compare_read_a_prepared_territory() {
    let dir = temp_dir("prepared-timeline");
    let (layer, zbt) = prepared_demo(&dir);
    for communes in [&layer, &zbt] {
        let ext = communes.extension().unwrap().to_str().unwrap();
        let common = [
            "--communes",
            path_str(communes),
            "--cog",
            "data/demo/cog.csv",
            "--cpts",
            "data/demo/cpts.csv",
            "--quiet",
        ];
        let series_out = dir.join(format!("series-{ext}"));
        let mut series = vec!["series", "--dates", "2024-01-01,2025-01-01,2026-01-01"];
        series.extend(common);
        series.extend(["--out", path_str(&series_out)]);
        run_ok(&series);
        let compare_out = dir.join(format!("compare-{ext}"));
        let mut compare = vec!["compare", "--as-of", "2024-01-01", "--as-of", "2026-01-01"];
        compare.extend(common);
        compare.extend(["--out", path_str(&compare_out)]);
        run_ok(&compare);
    }
    for name in [
        "series-EXT/coverage_series.csv",
        "series-EXT/zones_series.csv",
        "compare-EXT/changes_units.csv",
        "compare-EXT/changes_zones.csv",
    ] {
        let a = std::fs::read(dir.join(name.replace("EXT", "geojson"))).expect(name);
        let b = std::fs::read(dir.join(name.replace("EXT", "zbt"))).expect(name);
        assert!(a == b, "{name} differs");
    }
    let zones = read_csv(&dir.join("series-zbt/zones_series.csv"));
    assert_eq!(zones.len(), 3);
    assert!(zones.iter().all(|row| num(row, "zones") > 0), "{zones:?}");
    assert!(!read_csv(&dir.join("compare-zbt/changes_zones.csv")).is_empty());
}
