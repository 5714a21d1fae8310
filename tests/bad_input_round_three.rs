//! The bad-input catalogue, round three (issue 27): a spreadsheet that would eat the memory,
//! stage labels that say "not yet" or "no longer", decisions repeated or contradictory, stage
//! maps that contradict themselves, geometry that is not there, forged or compressed prepared
//! files, rows cut short, and the messages that were unclear. Each hostile input ends in exit
//! code 2 with one error line naming the file and the row, feature or field, `--out` left as it
//! was. The inputs of that round that are valid or only suspicious are in
//! `suspicious_inputs.rs`.

mod common;
use common::catalogue::*;
use common::*;
use std::path::Path;
use zones_blanches::{PrepareInputs, Silent, prepare};

const HEADER: &str = "cpts_id;cpts_name;stage;commune_code\n";

/// A demo listing run through `coverage`.
fn listing(name: &'static str, text: String, needles: &[&'static str]) -> Case {
    case(
        name,
        vec![("listing.csv", text.into_bytes())],
        &[
            "coverage",
            "--communes",
            "%communes.geojson",
            "--cog",
            "%cog.csv",
            "--cpts",
            "@listing.csv",
        ],
        needles,
    )
}

/// An XLSX listing of the demo with the cells given as (row, column, text), zero-based.
fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (column, title) in ["cpts_id", "cpts_name", "stage", "commune_code"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, column as u16, *title).unwrap();
    }
    for (row, values) in [
        ["DEMO-01", "CPTS Nord", "ACI", "99241"],
        ["DEMO-01", "CPTS Nord", "ACI", "99242"],
    ]
    .iter()
    .enumerate()
    {
        for (column, value) in values.iter().enumerate() {
            sheet
                .write_string(row as u32 + 1, column as u16, *value)
                .unwrap();
        }
    }
    for (row, column, text) in cells {
        sheet.write_string(*row, *column, *text).unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// The stage labels of the issue that were read as the stage they deny: each is refused (S3),
/// named with its row.
fn label_cases() -> Vec<Case> {
    [
        ("label_sans_li", "Sans LI"),
        ("label_aucune_li", "Aucune LI"),
        ("label_aci_resilie", "ACI résilié"),
        ("label_aci_denonce", "ACI dénoncé"),
        ("label_aci_signe_puis_resilie", "ACI signé puis résilié"),
        ("label_fin_de_l_aci", "Fin de l'ACI"),
        ("label_ex_cpts", "ex-CPTS (ACI)"),
        ("label_aci_prevu", "ACI prévu en 2026"),
        ("label_objectif_aci", "Objectif : ACI fin 2025"),
        ("label_pre_aci", "Pré-ACI"),
        ("label_aci_question", "ACI ?"),
        ("label_aci_renouvellement", "ACI en cours de renouvellement"),
        ("label_ps_a_revoir", "Projet de santé à revoir"),
    ]
    .into_iter()
    .map(|(name, label)| {
        let text = format!("{HEADER}D1;CPTS Nord;ACI;99001\nD2;CPTS Sud;{label};99002\n");
        let needle: &'static str =
            Box::leak(format!("`{label}` (1 row, first row 3)").into_boxed_str());
        listing(
            name,
            text,
            &["listing.csv", "field `stage`", "not understood", needle],
        )
    })
    .collect()
}

/// A `plan` of the demo with a decisions file.
fn decisions(name: &'static str, text: &str, needles: &[&'static str]) -> Case {
    case(
        name,
        vec![("decisions.csv", text.as_bytes().to_vec())],
        &[
            "plan",
            "--communes",
            "%communes.geojson",
            "--cog",
            "%cog.csv",
            "--cpts",
            "%cpts.csv",
            "--decisions",
            "@decisions.csv",
        ],
        needles,
    )
}

/// The demo layer with every geometry null.
fn demo_without_geometry() -> Vec<u8> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/communes.geojson"),
    )
    .unwrap();
    let mut layer: serde_json::Value = serde_json::from_str(&text).unwrap();
    for feature in layer["features"].as_array_mut().unwrap() {
        feature["geometry"] = serde_json::Value::Null;
    }
    serde_json::to_vec(&layer).unwrap()
}

fn cases() -> Vec<Case> {
    let mut cases = vec![
        // The crash: one far-off cell allocated the whole grid.
        case(
            "xlsx_stray_cell_in_xfd1048576",
            vec![("listing.xlsx", workbook(&[(1_048_575, 16_383, "x")]))],
            &[
                "coverage",
                "--communes",
                "%communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "@listing.xlsx",
            ],
            &[
                "listing.xlsx",
                "row 1048576, column XFD",
                "`x`",
                "stray cell",
            ],
        ),
        // Decisions: contradictory rows, named both.
        decisions(
            "decisions_assign_and_forbid",
            "unit;cpts;decision\n99253;DEMO-07;assign\n99254;DEMO-07;assign\n99253;DEMO-07;forbid\n",
            &[
                "decisions.csv",
                "rows 2 and 4",
                "99253",
                "contradict each other",
            ],
        ),
        decisions(
            "decisions_two_targets",
            "unit;cpts;decision\n99253;DEMO-07;assign\n99253;DEMO-03;assign\n",
            &[
                "decisions.csv",
                "rows 2 and 3",
                "99253",
                "contradict each other",
            ],
        ),
        decisions(
            "decisions_two_new_names",
            "unit;cpts;decision\n99005;new:CPTS A;assign\n99005;new:CPTS B;assign\n",
            &[
                "decisions.csv",
                "rows 2 and 3",
                "99005",
                "contradict each other",
            ],
        ),
        // Stage maps that contradict themselves, on the command line or in the file.
        case(
            "stage_map_conflict_on_the_command_line",
            vec![],
            &[
                "coverage",
                "--stage-map",
                "En attente=aci",
                "--stage-map",
                "en attente=li",
            ],
            &[
                "--stage-map",
                "mapped to aci by `En attente=aci` and to li by `en attente=li`",
            ],
        ),
        case(
            "stage_map_conflict_in_the_file",
            vec![(
                "map.csv",
                "label;stage\nEn attente;aci\nEN ATTENTE;li\n"
                    .as_bytes()
                    .to_vec(),
            )],
            &["coverage", "--stage-map-file", "@map.csv"],
            &[
                "map.csv",
                "row 3",
                "`EN ATTENTE` is mapped to aci by",
                "map.csv row 2",
                "and to li by",
            ],
        ),
        // Geometry that is not there.
        case(
            "every_geometry_null_for_zones",
            vec![("communes.geojson", demo_without_geometry())],
            &[
                "zones",
                "--communes",
                "@communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "%cpts.csv",
            ],
            &["communes.geojson", "geometry", "has a usable polygon"],
        ),
        case(
            "every_geometry_null_for_plan",
            vec![("communes.geojson", demo_without_geometry())],
            &[
                "plan",
                "--communes",
                "@communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "%cpts.csv",
            ],
            &["communes.geojson", "geometry", "has a usable polygon"],
        ),
        // A compressed prepared territory.
        case(
            "zbt_gz",
            vec![("communes.zbt.gz", b"\x1f\x8b\x08\x00".to_vec())],
            &[
                "coverage",
                "--communes",
                "@communes.zbt.gz",
                "--cpts",
                "%cpts.csv",
            ],
            &["communes.zbt.gz", "a prepared territory is not compressed"],
        ),
        // A row cut short.
        listing(
            "row_cut_short",
            "cpts_id;cpts_name;stage;commune_code;date_li\nD1;CPTS Nord;aci;99001;\nD2;CPTS Sud;aci\n"
                .to_string(),
            &[
                "listing.csv",
                "row 3",
                "the row has 3 fields and the header 5",
                "no `commune_code`",
            ],
        ),
        // A JSON array of features.
        case(
            "json_array_of_features",
            vec![("communes.geojson", {
                let layer = demo_without_geometry();
                let value: serde_json::Value = serde_json::from_slice(&layer).unwrap();
                serde_json::to_vec(&value["features"]).unwrap()
            })],
            &[
                "coverage",
                "--communes",
                "@communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "%cpts.csv",
            ],
            &[
                "communes.geojson",
                "top level",
                "found a JSON array of",
                "FeatureCollection",
            ],
        ),
    ];
    cases.extend(label_cases());
    cases
}

/// Shapefile cases on a copy of the real Toulouse layer: a `.prj` that holds garbage, a `.dbf`
/// field of an unknown type.
fn shapefile_cases(data: &Path) -> Vec<Case> {
    let source = data.join("shapefiles/toulouse-metropole-wgs84/communes");
    let part = |ext: &str| std::fs::read(source.with_extension(ext)).unwrap();
    let layer = |prj: Vec<u8>, dbf: Vec<u8>| {
        vec![
            ("c.shp", part("shp")),
            ("c.shx", part("shx")),
            ("c.dbf", dbf),
            ("c.prj", prj),
        ]
    };
    let mut bad_type = part("dbf");
    bad_type[32 + 11] = b'Z';
    vec![
        case(
            "prj_of_garbage",
            layer(b"\x00\xff garbage \x01".to_vec(), part("dbf")),
            &["coverage", "--communes", "@c.shp", "--cpts", "%cpts.csv"],
            &["c.prj", "WKT", "unknown CRS `", "garbage", "--crs"],
        ),
        case(
            "dbf_field_of_unknown_type",
            layer(part("prj"), bad_type),
            &["coverage", "--communes", "@c.shp", "--cpts", "%cpts.csv"],
            &[
                "c.dbf",
                "field 1 `code_insee` has type `Z`",
                "not a dBase type",
            ],
        ),
    ]
}

#[test]
fn every_hostile_input_of_round_three_is_a_clear_error() {
    let root = temp_dir("catalogue-3");
    let before = previous_set(&root);
    let data = shared_data("bad-input catalogue round three, Shapefile cases");
    let mut cases = cases();
    if let Some(data) = &data {
        cases.extend(shapefile_cases(data));
    }
    run_cases(&cases, &before, &root, data.as_deref());
    eprintln!(
        "bad-input catalogue, round three: {} cases passed",
        cases.len()
    );
}

/// A file of `prepare` edited after it was written, its checksums recomputed: every forged
/// figure is refused as a layer would refuse it, naming the unit.
#[test]
fn a_forged_prepared_territory_is_refused() {
    let Some(data) = shared_data("a_forged_prepared_territory_is_refused") else {
        return;
    };
    let root = temp_dir("forged-zbt");
    let layer = data.join("shapefiles/toulouse-metropole-wgs84/communes.shp");
    let prepared = prepare(&PrepareInputs::new(layer.as_path()), &Silent).unwrap();
    let toulouse = prepared
        .territory
        .units
        .iter()
        .position(|u| u.code == "31555")
        .unwrap();
    type Edit = Box<dyn Fn(&mut zones_blanches::PreparedTerritory)>;
    let forgeries: Vec<(&str, Edit, &[&str])> = vec![
        (
            "population_max",
            Box::new(move |p| p.territory.units[toulouse].population = u64::MAX),
            &[
                "unit 31555",
                "population 18446744073709551615 is beyond any commune",
            ],
        ),
        (
            "population_1e12",
            Box::new(move |p| p.territory.units[toulouse].population = 1_000_000_000_000),
            &[
                "unit 31555",
                "population 1000000000000 is beyond any commune",
            ],
        ),
        (
            "departement_zz",
            Box::new(move |p| {
                p.territory.units[toulouse].departement = "ZZ".into();
                p.territory.departements.insert("ZZ".into());
            }),
            &["unit 31555", "département `ZZ` where the COG says `31`"],
        ),
        (
            "nan_vertex",
            Box::new(move |p| {
                let g = p.territory.units[toulouse].geometry.as_mut().unwrap();
                g.0[0].exterior_mut(|ring| ring.0[1].x = f64::NAN);
            }),
            &["content", "a vertex is not a finite number"],
        ),
        (
            "moved_away",
            Box::new(move |p| {
                let g = p.territory.units[toulouse].geometry.as_mut().unwrap();
                g.0.iter_mut().for_each(|polygon| {
                    polygon.exterior_mut(|ring| ring.0.iter_mut().for_each(|c| c.y += 5.0))
                });
            }),
            &["unit 31555, geometry", "outside their département"],
        ),
    ];
    for (name, edit, needles) in forgeries {
        let mut forged = prepared.clone();
        edit(&mut forged);
        let path = root.join(format!("{name}.zbt"));
        std::fs::write(&path, forged.to_bytes()).unwrap();
        let out = root.join(format!("{name}-out"));
        let output = run(
            &[
                "coverage",
                "--communes",
                path_str(&path),
                "--cpts",
                "data/demo/cpts.csv",
                "--out",
                path_str(&out),
            ],
            &[],
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(&format!("{name}.zbt")), "{name}: {stderr}");
        for needle in needles {
            assert!(stderr.contains(needle), "{name}: no {needle:?} in {stderr}");
        }
        assert!(!out.exists(), "{name}: outputs written");
    }
    // The file as `prepare` wrote it is read.
    let path = root.join("toulouse.zbt");
    std::fs::write(&path, prepared.to_bytes()).unwrap();
    let out = root.join("good-out");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&path),
        "--cpts",
        "data/demo/cpts.csv",
        "--out",
        path_str(&out),
        "-q",
    ]);
}

/// A GeoPackage whose geometry column holds WKT text (written by a script, not by GDAL): an
/// error naming the layer, the feature and the column, not a run with 0 zones.
#[test]
fn a_geopackage_of_wkt_text_is_refused() {
    let test = "a_geopackage_of_wkt_text_is_refused";
    if ogr2ogr(test).is_none() {
        return;
    }
    let dir = temp_dir("gpkg-wkt");
    let package = dir.join("communes.gpkg");
    gdal(&[
        "-f",
        "GPKG",
        "-nln",
        "communes",
        // No R-tree: its triggers call GDAL's SQL functions, which a plain SQLite lacks.
        "-lco",
        "SPATIAL_INDEX=NO",
        path_str(&package),
        "data/demo/communes.geojson",
    ]);
    let db = rusqlite::Connection::open(&package).unwrap();
    let column: String = db
        .query_row(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'communes'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    db.execute(
        &format!("UPDATE communes SET \"{column}\" = 'POLYGON ((2.5 45.1, 2.55 45.1, 2.55 45.15, 2.5 45.1))'"),
        [],
    )
    .unwrap();
    drop(db);
    let out = dir.join("out");
    let output = run_args(&demo_run_args("zones", Some(&package), None, &out));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("communes.gpkg: layer communes, feature 1, ")
            && stderr.contains("the geometry is text (`POLYGON ((2.5 45.1"),
        "{stderr}"
    );
    assert!(!out.exists());
}
