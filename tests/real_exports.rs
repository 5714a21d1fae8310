//! Real exports as ARS and INSEE deliver them (issue 11): title rows, free-text stage labels with
//! dates, CRLF, Windows-1252, weighted populations with decimal commas, overseas Shapefiles in
//! UTM made by GDAL — each gives the figures of the clean input, on the real data.

mod common;
use common::*;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// The real PACA listing rewritten as an ARS export: a title and a blank row above the
/// header, French headers, free-text stage labels (one with its date), CRLF, Windows-1252.
fn ars_export(data: &Path) -> Vec<u8> {
    let text = std::fs::read_to_string(data.join("paca/cpts-paca-2026-01.csv")).unwrap();
    let mut out = String::from(
        "Suivi des CPTS — ARS Provence-Alpes-Côte d'Azur — export du 12/01/2026;;;;\r\n;;;;\r\n",
    );
    out.push_str("N° CPTS;Nom de la CPTS;Statut;Code INSEE;Arrondissement municipal\r\n");
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        // One label per CPTS, as an export writes its CPTS's status on each of its rows.
        let number: u32 = cells[0].trim_start_matches("PACA").parse().unwrap();
        let stage = if number.is_multiple_of(2) {
            "CPTS en fonctionnement (ACI)"
        } else {
            "Contrat ACI signé le 12/03/2022"
        };
        out.push_str(&format!(
            "{};{};{stage};{};{}\r\n",
            cells[0], cells[1], cells[3], cells[4]
        ));
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&out);
    assert!(!unmappable);
    bytes.into_owned()
}

fn coverage_rows(dir: &Path) -> Vec<HashMap<String, String>> {
    read_csv(&dir.join("coverage.csv"))
}

fn warnings(dir: &Path) -> Vec<(String, String)> {
    read_json(&dir.join("summary.json"))["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["kind"].as_str().unwrap().to_string(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_ars_export_gives_the_figures_of_the_clean_listing() {
    let Some(data) = shared_data("an_ars_export_gives_the_figures_of_the_clean_listing") else {
        return;
    };
    let dir = temp_dir("ars-export");
    let export = dir.join("suivi-cpts-paca.csv");
    std::fs::write(&export, ars_export(&data)).unwrap();
    let communes = data.join("france/communes-2026.geojson.gz");
    let clean = dir.join("clean");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&communes),
        "--region",
        "93",
        "--cpts",
        path_str(&data.join("paca/cpts-paca-2026-01.csv")),
        "--cpts-column",
        "commune_code=code_insee_cog2026",
        "--default-stage",
        "aci",
        "--out",
        path_str(&clean),
        "-q",
    ]);
    let messy = dir.join("messy");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&communes),
        "--region",
        "PACA",
        "--cpts",
        path_str(&export),
        "--out",
        path_str(&messy),
        "-q",
    ]);
    assert_eq!(coverage_rows(&messy), coverage_rows(&clean));
    let france = &coverage_rows(&messy)[0];
    // PACA: 946 communes in the COG sense, Marseille counted by its 16 arrondissements (S1),
    // and 45 uncovered communes (data/README.md).
    assert_eq!(num(france, "units"), 946 - 1 + 16);
    let units = read_csv(&messy.join("units.csv"));
    let uncovered: Vec<&str> = units
        .iter()
        .filter(|u| u["stage"].is_empty())
        .map(|u| u["code"].as_str())
        .collect();
    // The 45 communes, and Marseille's 1er arrondissement, in no CPTS.
    assert_eq!(uncovered.len(), 45 + 1);
    assert!(uncovered.contains(&"13201"));
    let warnings = warnings(&messy);
    assert!(
        !warnings.iter().any(|(k, _)| k == "inconsistent_cpts_rows"),
        "{warnings:?}"
    );
    let said = |kind: &str, text: &str| warnings.iter().any(|(k, m)| k == kind && m.contains(text));
    assert!(
        said(
            "listing_header_row",
            "header found on row 3 (1 title row above it"
        ),
        "{warnings:?}"
    );
    assert!(
        said(
            "stage_labels_read",
            "`Contrat ACI signé le 12/03/2022` → aci dated 2022-03-12"
        ),
        "{warnings:?}"
    );
    // S3: the date in the label is the ACI date: before it, those CPTS had not signed.
    let before = dir.join("before");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&communes),
        "--region",
        "93",
        "--cpts",
        path_str(&export),
        "--as-of",
        "2022-01-01",
        "--out",
        path_str(&before),
        "-q",
    ]);
    assert!(num(&coverage_rows(&before)[0], "pop_aci") < num(france, "pop_aci"));
}

#[test]
fn weighted_populations_with_decimal_commas_are_rounded() {
    let Some(data) = shared_data("weighted_populations_with_decimal_commas_are_rounded") else {
        return;
    };
    let dir = temp_dir("weighted");
    let folder = data.join("shapefiles/haute-garonne-31-l93");
    let table = std::fs::read_to_string(folder.join("commune.csv")).unwrap();
    // INSEE weighted form: 115 → "114,99999999999"; one value far from a whole number.
    let mut weighted = String::from("INSEE_COM;P13_POP\n");
    for (i, line) in table.lines().skip(1).enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        let code = cells[0].trim_matches('"');
        let population: u64 = cells[2].parse().unwrap();
        let text = match i {
            0 => format!("{},4", population),
            _ if i % 2 == 0 => format!("{},99999999999", population - 1),
            _ => format!("{population},00000000001"),
        };
        weighted.push_str(&format!("{code};{text}\n"));
    }
    let weighted_path = dir.join("populations.csv");
    std::fs::write(&weighted_path, weighted).unwrap();
    let run_with = |population: &Path, out: &Path| {
        run_ok(&[
            "coverage",
            "--communes",
            path_str(&folder.join("commune.shp")),
            "--population",
            path_str(population),
            "--cpts",
            path_str(&data.join("scenarios/france-dev.csv")),
            "--out",
            path_str(out),
            "-q",
        ]);
    };
    let (whole, rounded) = (dir.join("whole"), dir.join("rounded"));
    run_with(&folder.join("commune.csv"), &whole);
    run_with(&weighted_path, &rounded);
    assert_eq!(coverage_rows(&rounded), coverage_rows(&whole));
    let warnings = warnings(&rounded);
    let rounding: Vec<&(String, String)> = warnings
        .iter()
        .filter(|(k, _)| k == "populations_rounded")
        .collect();
    assert_eq!(rounding.len(), 1, "{warnings:?}");
    assert!(rounding[0].1.contains("1 populations") && rounding[0].1.contains("31001 (115.4)"));
}

#[test]
fn an_overseas_shapefile_in_utm_with_weighted_populations_runs_end_to_end() {
    let test = "an_overseas_shapefile_in_utm_with_weighted_populations_runs_end_to_end";
    let (Some(data), Some(_)) = (shared_data(test), ogr2ogr(test)) else {
        return;
    };
    let dir = temp_dir("overseas-utm");
    let communes = data.join("france/communes-2026.geojson.gz");
    // Martinique as IGN delivers it: RGAF09 / UTM 20N, INSEE_COM, weighted P13_POP, written by
    // GDAL with its own .prj.
    let source = format!("/vsigzip/{}", path_str(&communes));
    let listing = Command::new("ogrinfo")
        .args(["-q", "-so", &source])
        .output()
        .unwrap();
    let layer = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .find_map(|l| {
            l.strip_prefix("1: ")
                .map(|n| n.split(' ').next().unwrap().to_string())
        })
        .expect("ogrinfo names the layer");
    let sql = format!(
        "SELECT code AS INSEE_COM, nom AS NOM_COM, population_municipale_2023 - 0.00000000001 AS P13_POP, geometry FROM \"{layer}\" WHERE departement = '972'"
    );
    let shp = dir.join("communes_972.shp");
    gdal(&[
        "-f",
        "ESRI Shapefile",
        "-t_srs",
        "EPSG:5490",
        "-dialect",
        "sqlite",
        "-sql",
        &sql,
        path_str(&shp),
        &source,
    ]);
    let scenario = data.join("scenarios/france-dev.csv");
    let (utm, reference) = (dir.join("utm"), dir.join("reference"));
    run_ok(&[
        "zones",
        "--communes",
        path_str(&shp),
        "--cpts",
        path_str(&scenario),
        "--out",
        path_str(&utm),
        "-q",
    ]);
    run_ok(&[
        "zones",
        "--communes",
        path_str(&communes),
        "--departement",
        "972",
        "--cpts",
        path_str(&scenario),
        "--out",
        path_str(&reference),
        "-q",
    ]);
    let summary = read_json(&utm.join("summary.json"));
    assert_eq!(summary["inputs"]["communes_crs"], "EPSG:5490", "{summary}");
    let france = &coverage_rows(&utm)[0];
    assert_eq!(
        (num(france, "units"), num(france, "population_total")),
        (34, 360_630)
    );
    let local = |dir: &Path| -> Vec<HashMap<String, String>> {
        coverage_rows(dir)
            .into_iter()
            .filter(|r| r["scope_type"] == "departement" || r["scope_type"] == "epci")
            .collect()
    };
    assert_eq!(local(&utm), local(&reference));
    assert_eq!(
        read_csv(&utm.join("zones.csv")).len(),
        read_csv(&reference.join("zones.csv")).len()
    );
    assert!(
        !warnings(&utm)
            .iter()
            .any(|(k, _)| k == "populations_rounded"),
        "values within 0.01 of a whole number are rounded silently"
    );
}

#[test]
fn s1_saint_pierre_et_miquelon_is_its_own_scope_in_no_region() {
    let test = "s1_saint_pierre_et_miquelon_is_its_own_scope_in_no_region";
    if ogr2ogr(test).is_none() {
        return;
    }
    let dir = temp_dir("spm");
    // Two outlines around Miquelon-Langlade and Saint-Pierre (lon/lat), then RGSPM06 / UTM 21N.
    let geojson = dir.join("spm.geojson");
    std::fs::write(
        &geojson,
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"97501"},"geometry":{"type":"Polygon","coordinates":[[[-56.40,46.78],[-56.24,46.78],[-56.24,47.14],[-56.40,47.14],[-56.40,46.78]]]}},
{"type":"Feature","properties":{"code":"97502"},"geometry":{"type":"Polygon","coordinates":[[[-56.24,46.74],[-56.13,46.74],[-56.13,46.82],[-56.24,46.82],[-56.24,46.74]]]}}]}"#,
    )
    .unwrap();
    let shp = dir.join("spm.shp");
    gdal(&[
        "-f",
        "ESRI Shapefile",
        "-s_srs",
        "EPSG:4326",
        "-t_srs",
        "EPSG:4467",
        path_str(&shp),
        path_str(&geojson),
    ]);
    let listing = dir.join("listing.csv");
    std::fs::write(
        &listing,
        "cpts_id;stage;commune_code\nSPM1;LI en cours;97502\n",
    )
    .unwrap();
    let out = dir.join("out");
    run_ok(&[
        "zones",
        "--communes",
        path_str(&shp),
        "--cpts",
        path_str(&listing),
        "--out",
        path_str(&out),
        "-q",
    ]);
    let rows = coverage_rows(&out);
    let scope = |kind: &str| rows.iter().filter(|r| r["scope_type"] == kind).count();
    assert_eq!(scope("region"), 0, "S1: no région");
    let departement = rows
        .iter()
        .find(|r| r["scope_type"] == "departement")
        .unwrap();
    assert_eq!(departement["scope_code"], "975");
    assert_eq!(departement["scope_name"], "Saint-Pierre-et-Miquelon");
    // COG 2026 populations; "LI en cours" is a pré-projet: nobody is covered yet.
    assert_eq!(num(departement, "population_total"), 596 + 5_194);
    assert_eq!(num(departement, "pop_preprojet"), 5_194);
    assert_eq!(read_csv(&out.join("zones.csv")).len(), 1);
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["inputs"]["communes_crs"], "EPSG:4467");
}
