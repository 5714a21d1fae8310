//! The bad-input catalogue (issue 11): every hostile input ends in exit code 2 with one error
//! line naming the file and the row, feature or field, and `--out` keeps the previous run's
//! files byte for byte.

mod common;
use common::catalogue::*;
use common::*;
use std::path::Path;

const HEADER: &str = "cpts_id;cpts_name;stage;commune_code;date_li;date_ps;date_aci\n";

/// A demo listing with `rows` after the header, run through `coverage` with `extra` flags.
fn listing(
    name: &'static str,
    text: String,
    extra: &[&'static str],
    needles: &[&'static str],
) -> Case {
    let mut args = vec![
        "coverage",
        "--communes",
        "%communes.geojson",
        "--cog",
        "%cog.csv",
        "--cpts",
        "@listing.csv",
    ];
    args.extend_from_slice(extra);
    case(
        name,
        vec![("listing.csv", text.into_bytes())],
        &args,
        needles,
    )
}

/// A commune layer given as GeoJSON text, with the demo listing.
fn communes(
    name: &'static str,
    geojson: String,
    embedded_cog: bool,
    needles: &[&'static str],
) -> Case {
    let mut args = vec![
        "coverage",
        "--communes",
        "@communes.geojson",
        "--cpts",
        "%cpts.csv",
    ];
    if !embedded_cog {
        args.extend(["--cog", "%cog.csv"]);
    }
    case(
        name,
        vec![("communes.geojson", geojson.into_bytes())],
        &args,
        needles,
    )
}

/// A square feature with a code, a population and the given lon/lat corner.
fn square(code: &str, population: &str, lon: f64, lat: f64, size: f64) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{"code":"{code}","population":{population}}},"geometry":{{"type":"Polygon","coordinates":[[[{lon},{lat}],[{},{lat}],[{},{}],[{lon},{}],[{lon},{lat}]]]}}}}"#,
        lon + size,
        lon + size,
        lat + size,
        lat + size
    )
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

/// A demo-like layer of two communes (99001, 99002) with one feature changed by `edit`.
fn demo_layer(first: String) -> String {
    collection(&[first, square("99002", "315", 2.5, 45.1, 0.05)])
}

fn plan_args(extra: &'static [&'static str]) -> Vec<&'static str> {
    let mut args = vec![
        "plan",
        "--communes",
        "%communes.geojson",
        "--cog",
        "%cog.csv",
        "--cpts",
        "%cpts.csv",
    ];
    args.extend_from_slice(extra);
    args
}

fn listing_cases() -> Vec<Case> {
    let row = |s: &str| format!("{HEADER}{s}");
    vec![
        listing(
            "stray_quote",
            row(
                "D1;\"CPTS Nord;aci;99001;;;\nD1;CPTS Nord;aci;99002;;;\nD2;CPTS Sud;aci;99003;;;\n",
            ),
            &[],
            &["listing.csv", "row 2", "stray or unbalanced"],
        ),
        listing(
            "unbalanced_quote_at_end",
            row(
                "D1;CPTS Nord;aci;99001;;;\nD2;\"CPTS Sud;aci;99003;;;\nD3;CPTS Est;aci;99004;;;\n",
            ),
            &[],
            &["listing.csv", "row 3", "quote"],
        ),
        listing(
            "value_beyond_the_header",
            "cpts_id;cpts_name;stage;commune_code\nD1;CPTS Nord;aci;99001\nD1;CPTS; Nord;aci;99002\n".into(),
            &[],
            &["listing.csv", "row 3", "column 5", "separator inside"],
        ),
        listing(
            "unknown_stage_labels_all_at_once",
            row("D1;N;Abandonné;99001;;;\nD1;N;Abandonné;99002;;;\nD2;S;???;99003;;;\n"),
            &[],
            &[
                "listing.csv",
                "`stage`",
                "`Abandonné` (2 rows, first row 2)",
                "`???` (1 row, first row 4)",
                "--stage-map",
            ],
        ),
        listing(
            "empty_stage",
            row("D1;N;aci;99001;;;\nD2;S;;99003;;;\n"),
            &[],
            &[
                "listing.csv",
                "(empty) (1 row, first row 3)",
                "--default-stage",
            ],
        ),
        listing(
            "negated_label_is_not_guessed",
            row("D1;N;LI non validée;99001;;;\n"),
            &[],
            &["listing.csv", "`LI non validée`"],
        ),
        listing(
            "date_that_does_not_parse",
            row("D1;N;ps;99001;2020-01-01;2020-13-45;\n"),
            &[],
            &["listing.csv", "row 2", "`date_ps`", "2020-13-45"],
        ),
        listing(
            "impossible_date",
            row("D1;N;aci;99001;;;2024-02-30\n"),
            &[],
            &["listing.csv", "row 2", "`date_aci`"],
        ),
        listing(
            "empty_cpts_id",
            row(";N;aci;99001;;;\n"),
            &[],
            &["listing.csv", "row 2", "empty CPTS id"],
        ),
        listing(
            "no_commune_code_column",
            "cpts_id;stage;lieu\nD1;aci;99001\n".into(),
            &[],
            &["listing.csv", "commune_code", "--cpts-column"],
        ),
        listing(
            "no_id_column",
            "nom;stage;code_insee\nN;aci;99001\n".into(),
            &[],
            &["listing.csv", "cpts_id"],
        ),
        listing(
            "no_stage_column",
            "cpts_id;code_insee\nD1;99001\n".into(),
            &[],
            &["listing.csv", "`stage`", "--default-stage"],
        ),
        listing(
            "header_only",
            HEADER.into(),
            &[],
            &["listing.csv", "no row"],
        ),
        listing("empty_file", String::new(), &[], &["listing.csv", "empty"]),
        listing(
            "blank_lines_only",
            "\n\n  \n".into(),
            &[],
            &["listing.csv", "empty"],
        ),
        case(
            "stray_byte_in_utf8",
            vec![(
                "listing.csv",
                [
                    HEADER.as_bytes(),
                    "D1;CPTS Bérard;aci;99001;;;\n".as_bytes(),
                    b"D2;Pr\xE9;aci;99002;;;\n",
                ]
                .concat(),
            )],
            &[
                "coverage",
                "--communes",
                "%communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "@listing.csv",
            ],
            &["listing.csv", "row 3", "0xE9", "UTF-8"],
        ),
        listing(
            "header_row_beyond_the_end",
            row("D1;N;aci;99001;;;\n"),
            &["--header-row", "9"],
            &["listing.csv", "row 9", "--header-row"],
        ),
        listing(
            "header_row_zero",
            row("D1;N;aci;99001;;;\n"),
            &["--header-row", "0"],
            &["--header-row", "start at 1"],
        ),
        listing(
            "header_row_on_a_title",
            format!("Suivi des CPTS — ARS\n{}", row("D1;N;aci;99001;;;\n")),
            &["--header-row", "1"],
            &["listing.csv", "row 2", "header (row 1)"],
        ),
        listing(
            "stage_map_without_equals",
            row("D1;N;Abandonné;99001;;;\n"),
            &["--stage-map", "Abandonné"],
            &["--stage-map", "LABEL=STAGE"],
        ),
        listing(
            "stage_map_unknown_stage",
            row("D1;N;Abandonné;99001;;;\n"),
            &["--stage-map", "Abandonné=bientôt"],
            &["--stage-map", "bientôt"],
        ),
        case(
            "stage_map_file_without_columns",
            vec![
                ("listing.csv", row("D1;N;Abandonné;99001;;;\n").into_bytes()),
                ("map.csv", b"a;b\nAbandonne;li\n".to_vec()),
            ],
            &[
                "coverage",
                "--communes",
                "%communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "@listing.csv",
                "--stage-map-file",
                "@map.csv",
            ],
            &["map.csv", "`label` and a `stage` column"],
        ),
        case(
            "stage_map_file_bad_stage",
            vec![
                ("listing.csv", row("D1;N;Abandonné;99001;;;\n").into_bytes()),
                ("map.csv", b"label;stage\nAbandonne;bof\n".to_vec()),
            ],
            &[
                "coverage",
                "--communes",
                "%communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "@listing.csv",
                "--stage-map-file",
                "@map.csv",
            ],
            &["map.csv", "row 2", "bof"],
        ),
        listing(
            "cpts_column_unknown_field",
            row("D1;N;aci;99001;;;\n"),
            &["--cpts-column", "couleur=stage"],
            &["couleur"],
        ),
        listing(
            "cpts_column_absent_header",
            row("D1;N;aci;99001;;;\n"),
            &["--cpts-column", "commune_code=absent"],
            &["listing.csv", "absent", "commune_code"],
        ),
        case(
            "xlsx_that_is_not_a_workbook",
            vec![("listing.xlsx", b"cpts_id;stage\nD1;aci\n".to_vec())],
            &[
                "coverage",
                "--communes",
                "%communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "@listing.xlsx",
            ],
            &["listing.xlsx", "not a readable spreadsheet"],
        ),
        case(
            "xlsx_sheet_absent",
            vec![],
            &[
                "coverage",
                "--communes",
                "%communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "&cpts-demo.xlsx",
                "--sheet",
                "Feuil9",
            ],
            &["cpts-demo.xlsx", "Feuil9", "no such sheet"],
        ),
        case(
            "listing_missing",
            vec![],
            &[
                "coverage",
                "--communes",
                "%communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "@absent.csv",
            ],
            &["absent.csv", "cannot read"],
        ),
        case(
            "listing_near_twin",
            vec![("listing.csv.gz", b"x".to_vec())],
            &[
                "coverage",
                "--communes",
                "%communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "@listing.csv",
            ],
            &["listing.csv", "did you mean", "listing.csv.gz"],
        ),
    ]
}

fn layer_cases() -> Vec<Case> {
    vec![
        communes("not_json", "{\"type\": \"FeatureCollection\", ".into(), false, &["communes.geojson", "not valid GeoJSON"]),
        communes("not_a_collection", r#"{"type":"Feature","properties":{}}"#.into(), false, &["communes.geojson", "FeatureCollection"]),
        communes(
            "point_geometry",
            collection(&[r#"{"type":"Feature","properties":{"code":"99001"},"geometry":{"type":"Point","coordinates":[2.4,45.1]}}"#.into()]),
            false,
            &["communes.geojson", "feature 1", "not a polygon"],
        ),
        communes(
            "lambert_metres_in_geojson",
            demo_layer(square("99001", "1755", 700000.0, 6600000.0, 1000.0)),
            false,
            &["communes.geojson", "feature 1", "EPSG:2154"],
        ),
        communes(
            "longitude_400",
            demo_layer(square("99001", "1755", 400.0, 45.1, 0.05)),
            false,
            &["communes.geojson", "feature 1", "outside longitude"],
        ),
        communes(
            "unknown_crs_member",
            r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[]}"#.into(),
            false,
            &["communes.geojson", "crs member", "3857"],
        ),
        communes(
            "duplicate_codes",
            collection(&[square("99001", "1755", 2.4, 45.1, 0.05), square("99001", "1755", 2.5, 45.1, 0.05)]),
            false,
            &["communes.geojson", "feature 2", "duplicate unit code 99001"],
        ),
        communes(
            "feature_without_code",
            collection(&[square("99001", "1755", 2.4, 45.1, 0.05), square("", "315", 2.5, 45.1, 0.05)]),
            false,
            &["communes.geojson", "feature 2", "no commune code"],
        ),
        communes(
            "population_not_a_number",
            demo_layer(square("99001", "\"beaucoup\"", 2.4, 45.1, 0.05)),
            false,
            &["communes.geojson", "feature 1", "`population`", "beaucoup"],
        ),
        communes(
            "population_beyond_any_commune",
            demo_layer(square("99001", "1e12", 2.4, 45.1, 0.05)),
            false,
            &["communes.geojson", "feature 1", "0 to 10000000"],
        ),
        communes(
            "population_negative",
            demo_layer(square("99001", "-3", 2.4, 45.1, 0.05)),
            false,
            &["communes.geojson", "feature 1", "`population`"],
        ),
        communes(
            "lat_lon_swapped",
            collection(&[square("04070", "16000", 44.09, 6.23, 0.05), square("04001", "300", 44.2, 6.3, 0.05)]),
            true,
            &["communes.geojson", "04070", "outside their département", "swapped"],
        ),
        communes(
            "unit_far_from_its_departement",
            collection(&[square("04070", "16000", 6.2, 44.05, 0.05), square("04001", "300", -3.0, 48.0, 0.05)]),
            true,
            &["communes.geojson", "04001", "outside their département"],
        ),
        communes("no_feature", collection(&[]), false, &["communes.geojson", "no feature"]),
        communes(
            "nan_is_not_json",
            demo_layer(square("99001", "1755", 2.4, 45.1, 0.05).replace("2.4,", "NaN,")),
            false,
            &["communes.geojson", "line 1", "not valid GeoJSON"],
        ),
        communes(
            "geometry_collection_of_lines",
            collection(&[r#"{"type":"Feature","properties":{"code":"99001"},"geometry":{"type":"GeometryCollection","geometries":[{"type":"LineString","coordinates":[[2.4,45.1],[2.5,45.1]]}]}}"#.into()]),
            false,
            &["communes.geojson", "feature 1", "LineString"],
        ),
        case(
            "communes_missing",
            vec![],
            &["coverage", "--communes", "@absent.geojson", "--cpts", "%cpts.csv"],
            &["absent.geojson", "cannot read"],
        ),
    ]
}

fn table_cases() -> Vec<Case> {
    let coverage_with = |flag: &'static str| {
        vec![
            "coverage",
            "--communes",
            "%communes.geojson",
            "--cog",
            "%cog.csv",
            "--cpts",
            "%cpts.csv",
            flag,
            "@table.csv",
        ]
    };
    let table = |name: &'static str, text: &str, flag: &'static str, needles: &[&'static str]| {
        case(
            name,
            vec![("table.csv", text.as_bytes().to_vec())],
            &coverage_with(flag),
            needles,
        )
    };
    let plan_table =
        |name: &'static str, text: &str, flag: &'static str, needles: &[&'static str]| {
            let mut args = plan_args(&[]);
            args.extend([flag, "@table.csv"]);
            case(
                name,
                vec![("table.csv", text.as_bytes().to_vec())],
                &args,
                needles,
            )
        };
    let weights = |name: &'static str, text: &str, needles: &[&'static str]| {
        let mut args = plan_args(&[]);
        args.extend(["--weights", "@weights.toml"]);
        case(
            name,
            vec![("weights.toml", text.as_bytes().to_vec())],
            &args,
            needles,
        )
    };
    vec![
        table(
            "population_duplicate_code",
            "code;population\n99001;100\n99002;200\n99001;300\n",
            "--population",
            &["table.csv", "row 4", "also on row 2"],
        ),
        table(
            "population_not_a_number",
            "code;population\n99001;cent\n",
            "--population",
            &["table.csv", "row 2", "`population`", "cent"],
        ),
        table(
            "population_1e308",
            "code;population\n99001;1e308\n",
            "--population",
            &["table.csv", "row 2", "0 to 10000000"],
        ),
        table(
            "population_without_population_column",
            "code;habitants_estimes\n99001;100\n",
            "--population",
            &["table.csv", "no population column"],
        ),
        table(
            "population_empty_cell",
            "code;population\n99001;\n",
            "--population",
            &["table.csv", "row 2", "empty population"],
        ),
        plan_table(
            "flows_header_only",
            "i;j;fij\n",
            "--flows",
            &["table.csv", "no row"],
        ),
        plan_table(
            "flows_1e308",
            "i;j;fij\n99001;99002;1e308\n",
            "--flows",
            &["table.csv", "row 2", "`fij`"],
        ),
        plan_table(
            "flows_negative",
            "i;j;fij\n99001;99002;-4\n",
            "--flows",
            &["table.csv", "row 2", "`fij`"],
        ),
        plan_table(
            "flows_without_count",
            "i;j\n99001;99002\n",
            "--flows",
            &["table.csv", "no count column"],
        ),
        plan_table(
            "decision_unknown",
            "unit;cpts;decision\n99001;DEMO-01;peut-être\n",
            "--decisions",
            &["table.csv", "row 2", "`decision`", "assign or forbid"],
        ),
        plan_table(
            "decisions_without_unit_column",
            "cpts;decision\nDEMO-01;assign\n",
            "--decisions",
            &["table.csv", "no `unit` column"],
        ),
        weights(
            "weight_1e308",
            "[extend]\nborder = 1e308\n",
            &["weights.toml", "extend.border"],
        ),
        weights(
            "weight_negative",
            "[create]\nsize = -1\n",
            &["weights.toml", "create.size"],
        ),
        weights(
            "weights_all_zero",
            "[mentor]\nsize = 0\ncompactness = 0\nautonomy = 0\nborder = 0\nproximity = 0\nmsp_gap = 0\nepci = 0\n",
            &["weights.toml", "[mentor]", "every weight is 0"],
        ),
        weights(
            "create_threshold_zero",
            "[thresholds]\ncreate_min_population = 0\n",
            &["weights.toml", "create_min_population"],
        ),
        weights(
            "weights_unknown_key",
            "[extend]\ncolour = 1\n",
            &["weights.toml", "colour"],
        ),
        weights("weights_not_toml", "[extend\n", &["weights.toml"]),
        case(
            "cog_without_columns",
            vec![("cog.csv", b"code;nom\n99001;X\n".to_vec())],
            &["coverage", "--cog", "@cog.csv", "--cpts", "%cpts.csv"],
            &["cog.csv"],
        ),
    ]
}

fn area_and_output_cases() -> Vec<Case> {
    let demo = [
        "coverage",
        "--communes",
        "%communes.geojson",
        "--cog",
        "%cog.csv",
        "--cpts",
        "%cpts.csv",
    ];
    let with = |extra: &[&'static str]| {
        let mut args = demo.to_vec();
        args.extend_from_slice(extra);
        args
    };
    vec![
        case("departement_ambiguous", vec![], &with(&["--departement", "20"]), &["20", "2A", "2B"]),
        case("region_unknown", vec![], &["coverage", "--cpts", "%cpts.csv", "--region", "Atlantide"], &["Atlantide"]),
        case("min_stage_preprojet", vec![], &plan_args(&["--min-stage", "preprojet"]), &["--min-stage"]),
        case("as_of_not_a_date", vec![], &with(&["--as-of", "hier"]), &["--as-of", "hier"]),
        case("default_stage_unknown", vec![], &with(&["--default-stage", "bientot"]), &["--default-stage", "bientot"]),
        case("format_unknown", vec![], &with(&["--format", "xls"]), &["--format"]),
        case("crs_unsupported", vec![], &with(&["--crs", "EPSG:3857"]), &["--crs", "3857"]),
        case("min_overlap_out_of_range", vec![], &with(&["--min-overlap", "1.5"]), &["--min-overlap"]),
        case(
            "polygons_far_from_the_communes",
            vec![(
                "cpts.geojson",
                collection(&[r#"{"type":"Feature","properties":{"cpts_id":"P1","stage":"aci"},"geometry":{"type":"Polygon","coordinates":[[[-3,48],[-2.9,48],[-2.9,48.1],[-3,48]]]}}"#.into()])
                    .into_bytes(),
            )],
            &["coverage", "--communes", "%communes.geojson", "--cog", "%cog.csv", "--cpts", "@cpts.geojson"],
            &["cpts.geojson", "do not overlap the communes"],
        ),
        case(
            "polygon_stage_unknown",
            vec![(
                "cpts.geojson",
                collection(&[r#"{"type":"Feature","properties":{"cpts_id":"P1","stage":"peut-être"},"geometry":{"type":"Polygon","coordinates":[[[2.4,45.1],[2.5,45.1],[2.5,45.2],[2.4,45.1]]]}}"#.into()])
                    .into_bytes(),
            )],
            &["coverage", "--communes", "%communes.geojson", "--cog", "%cog.csv", "--cpts", "@cpts.geojson"],
            &["cpts.geojson", "feature 1", "--stage-map"],
        ),
        case(
            "out_is_a_file",
            vec![("taken.txt", b"x".to_vec())],
            &with(&["--out", "@taken.txt"]),
            &["taken.txt", "names a file"],
        ),
        case(
            "folder_named_like_an_output",
            vec![("out/zones.csv/keep.txt", b"mine".to_vec())],
            &["zones", "--communes", "%communes.geojson", "--cog", "%cog.csv", "--cpts", "%cpts.csv"],
            &["zones.csv", "a folder has the name of this output"],
        ),
        case(
            "map_out_is_a_folder",
            vec![("folder/keep.txt", b"x".to_vec())],
            &["map", "--communes", "%communes.geojson", "--cog", "%cog.csv", "--cpts", "%cpts.csv", "--out", "@folder"],
            &["folder", ".svg or .png"],
        ),
    ]
}

/// How a Shapefile case changes one part (by extension): new bytes, or `None` to leave it out.
type PartEdit = dyn Fn(&str, Vec<u8>) -> Option<Vec<u8>>;

fn shapefile_cases(data: &Path) -> Vec<Case> {
    let source = data.join("shapefiles/toulouse-metropole-wgs84/communes");
    let part = |ext: &str| std::fs::read(source.with_extension(ext)).expect("shapefile part");
    let parts = |edit: &PartEdit| -> Vec<(&'static str, Vec<u8>)> {
        [
            ("c.shp", "shp"),
            ("c.shx", "shx"),
            ("c.dbf", "dbf"),
            ("c.prj", "prj"),
        ]
        .into_iter()
        .filter_map(|(name, ext)| edit(ext, part(ext)).map(|bytes| (name, bytes)))
        .collect()
    };
    fn u32le(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }
    fn u16le(b: &[u8], at: usize) -> usize {
        u16::from_le_bytes([b[at], b[at + 1]]) as usize
    }
    let args = [
        "coverage",
        "--communes",
        "@c.shp",
        "--cpts",
        "$scenarios/france-dev.csv",
    ];
    let shp = |name: &'static str, edit: &PartEdit, needles: &[&'static str]| {
        case(name, parts(edit), &args, needles)
    };
    vec![
        shp(
            "dbf_with_fewer_records",
            &|ext, mut b| {
                if ext == "dbf" {
                    let (n, h, r) = (u32le(&b, 4), u16le(&b, 8), u16le(&b, 10));
                    b[4..8].copy_from_slice(&(n - 3).to_le_bytes());
                    b.truncate(h + r * (n as usize - 3));
                }
                Some(b)
            },
            &["c.dbf", "34 records", "37 shapes"],
        ),
        shp(
            "dbf_header_count_wrong",
            &|ext, mut b| {
                if ext == "dbf" {
                    let n = u32le(&b, 4);
                    b[4..8].copy_from_slice(&(n + 5).to_le_bytes());
                }
                Some(b)
            },
            &["c.dbf", "declares 42 records"],
        ),
        shp(
            "dbf_truncated",
            &|ext, mut b| {
                if ext == "dbf" {
                    let (h, r) = (u16le(&b, 8), u16le(&b, 10));
                    b.truncate(h + r * 5 + 7);
                }
                Some(b)
            },
            &["c.dbf", "record 6", "truncated"],
        ),
        shp(
            "shx_damaged",
            &|ext, mut b| {
                if ext == "shx" {
                    b[100..].iter_mut().for_each(|x| *x = 0xFF);
                }
                Some(b)
            },
            &["c.shx", "record 1", "outside the .shp"],
        ),
        shp(
            "shp_truncated",
            &|ext, mut b| {
                if ext == "shp" {
                    b.truncate(b.len() / 2);
                }
                Some(b)
            },
            &["c.shp", "truncated"],
        ),
        shp(
            "prj_garbage",
            &|ext, b| {
                Some(if ext == "prj" {
                    b"not a WKT at all".to_vec()
                } else {
                    b
                })
            },
            &["c.prj", "unknown CRS", "--crs"],
        ),
        shp(
            "nan_vertex",
            &|ext, mut b| {
                if ext == "shp" {
                    // First record: header 8, type 4, box 32, parts 4, points 4, part starts.
                    let parts = u32le(&b, 100 + 8 + 36) as usize;
                    let first_x = 100 + 8 + 44 + 4 * parts;
                    b[first_x..first_x + 8].copy_from_slice(&f64::NAN.to_le_bytes());
                }
                Some(b)
            },
            &["c.shp", "feature 1", "not a finite number"],
        ),
        shp(
            "prj_missing",
            &|ext, b| (ext != "prj").then_some(b),
            &["c.prj", "missing .prj", "--crs"],
        ),
        shp(
            "dbf_missing",
            &|ext, b| (ext != "dbf").then_some(b),
            &["c.dbf", "cannot read"],
        ),
        case(
            "crs_contradicts_the_coordinates",
            parts(&|_, b| Some(b)),
            &[
                "coverage",
                "--communes",
                "@c.shp",
                "--crs",
                "EPSG:2154",
                "--cpts",
                "$scenarios/france-dev.csv",
            ],
            &["c.shp", "feature 1", "EPSG:2154", "EPSG:4326"],
        ),
    ]
}

#[test]
fn every_hostile_input_is_a_clear_error_and_out_keeps_its_previous_files() {
    let root = temp_dir("catalogue");
    let before = previous_set(&root);

    let data = shared_data("bad-input catalogue, Shapefile cases");
    let mut cases = listing_cases();
    cases.extend(layer_cases());
    cases.extend(table_cases());
    cases.extend(area_and_output_cases());
    if let Some(data) = &data {
        cases.extend(shapefile_cases(data));
    }
    assert!(cases.len() >= 60, "the catalogue has {} cases", cases.len());
    run_cases(&cases, &before, &root, data.as_deref());
    eprintln!("bad-input catalogue: {} cases passed", cases.len());
}
