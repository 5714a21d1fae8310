//! Bad input gets one clear error naming the file, row or feature and field, exit code 2,
//! and no partial output. Unknown codes are not errors: they are reported (S2).

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/demo")
        .join(name)
}

/// Run `coverage` on the demo communes with a given listing; expect failure with all `needles`.
fn expect_error(
    test: &str,
    communes: &Path,
    listing_text: Option<&str>,
    extra: &[&str],
    needles: &[&str],
) {
    let dir = temp_dir(test);
    let listing = match listing_text {
        Some(text) => {
            let p = dir.join("listing.csv");
            std::fs::write(&p, text).unwrap();
            p
        }
        None => demo("cpts.csv"),
    };
    let out = dir.join("out");
    let cog = demo("cog.csv");
    let mut args = vec![
        "coverage",
        "--communes",
        path_str(communes),
        "--cog",
        path_str(&cog),
        "--cpts",
        path_str(&listing),
        "--out",
        path_str(&out),
    ];
    args.extend_from_slice(extra);
    let output = run(&args, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{test}: expected exit code 2, stderr: {stderr}"
    );
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{test}: stderr lacks {needle:?}: {stderr}"
        );
    }
    assert_eq!(
        stderr.lines().count(),
        1,
        "{test}: one error line, got: {stderr}"
    );
    assert!(
        !out.exists() || std::fs::read_dir(&out).unwrap().next().is_none(),
        "{test}: partial outputs written"
    );
}

const HEADER: &str =
    "cpts_id;cpts_name;stage;commune_code;arrondissement_code;date_li;date_ps;date_aci\n";

#[test]
fn missing_file() {
    expect_error(
        "missing",
        Path::new("/nonexistent/communes.geojson"),
        None,
        &[],
        &["/nonexistent/communes.geojson", "cannot read"],
    );
}

#[test]
fn wrong_format() {
    let dir = temp_dir("wrong-format-src");
    let bad = dir.join("communes.geojson");
    std::fs::write(&bad, "code,nom\n01001,X\n").unwrap();
    expect_error(
        "wrong-format",
        &bad,
        None,
        &[],
        &["communes.geojson", "line 1", "not valid GeoJSON"],
    );
}

#[test]
fn missing_code_column() {
    expect_error(
        "no-code",
        &demo("communes.geojson"),
        Some("cpts_id;stage;ville\nA;aci;99001\n"),
        &[],
        &["listing.csv", "header row", "commune_code", "--cpts-column"],
    );
}

#[test]
fn duplicate_unit_codes() {
    let dir = temp_dir("dup-src");
    let text = std::fs::read_to_string(demo("communes.geojson"))
        .unwrap()
        .replace("\"code\":\"99002\"", "\"code\":\"99001\"");
    let p = dir.join("dup.geojson");
    std::fs::write(&p, text).unwrap();
    expect_error(
        "dup",
        &p,
        None,
        &[],
        &[
            "dup.geojson",
            "feature 2",
            "duplicate unit code 99001",
            "feature 1",
        ],
    );
}

#[test]
fn non_numeric_population() {
    let dir = temp_dir("pop-src");
    let text = std::fs::read_to_string(demo("communes.geojson")).unwrap();
    let start = text.find("\"code\":\"99003\"").unwrap();
    let pop = start + text[start..].find("\"population\":").unwrap();
    let end = pop + text[pop..].find('}').unwrap();
    let text = format!(
        "{}\"population\":\"beaucoup\"{}",
        &text[..pop],
        &text[end..]
    );
    let p = dir.join("pop.geojson");
    std::fs::write(&p, text).unwrap();
    expect_error(
        "pop",
        &p,
        None,
        &[],
        &[
            "pop.geojson",
            "feature 3",
            "code 99003",
            "`population`",
            "beaucoup",
        ],
    );
}

#[test]
fn unknown_stage_label() {
    let listing = format!("{HEADER}A;CPTS A;aci;99001;;;;\nA;CPTS A;en cours;99002;;;;\n");
    expect_error(
        "stage",
        &demo("communes.geojson"),
        Some(&listing),
        &[],
        &["listing.csv", "row 3", "`stage`", "en cours"],
    );
}

#[test]
fn date_that_does_not_parse() {
    let listing = format!("{HEADER}A;CPTS A;aci;99001;;2020-01-01;2020-13-45;;\n");
    expect_error(
        "date",
        &demo("communes.geojson"),
        Some(&listing),
        &[],
        &["listing.csv", "row 2", "`date_ps`", "2020-13-45"],
    );
}

#[test]
fn empty_listing() {
    expect_error(
        "empty",
        &demo("communes.geojson"),
        Some(HEADER),
        &[],
        &["listing.csv", "no row"],
    );
    expect_error(
        "empty-file",
        &demo("communes.geojson"),
        Some(""),
        &[],
        &["listing.csv", "empty"],
    );
}

#[test]
fn bad_flags_are_usage_errors() {
    expect_error(
        "as-of",
        &demo("communes.geojson"),
        None,
        &["--as-of", "hier"],
        &["--as-of", "hier"],
    );
    expect_error(
        "default-stage",
        &demo("communes.geojson"),
        None,
        &["--default-stage", "bientot"],
        &["--default-stage", "bientot"],
    );
    expect_error(
        "column",
        &demo("communes.geojson"),
        None,
        &["--cpts-column", "commune_code=absent"],
        &["cpts.csv", "absent", "commune_code"],
    );
}

/// S2: unknown and former codes are not errors; Windows-1252 listings with `;` are read.
#[test]
fn unknown_codes_are_reported_not_fatal_and_windows_1252_is_read() {
    let dir = temp_dir("cp1252");
    let mut bytes = b"cpts_id;cpts_name;stage;commune_code\n".to_vec();
    bytes.extend_from_slice(b"A;CPTS des Pr\xe9s;Pr\xe9-projet;99001\nA;CPTS des Pr\xe9s;Pr\xe9-projet;12345\nB;CPTS \xc9vian;Lettre d'intention valid\xe9e;99390\n");
    let listing = dir.join("listing.csv");
    std::fs::write(&listing, bytes).unwrap();
    let out = dir.join("out");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&demo("communes.geojson")),
        "--cog",
        path_str(&demo("cog.csv")),
        "--cpts",
        path_str(&listing),
        "--out",
        path_str(&out),
        "-q",
    ]);
    let unresolved = read_csv(&out.join("unresolved.csv"));
    assert_eq!(unresolved.len(), 1);
    assert_eq!(unresolved[0]["row"], "3");
    assert_eq!(unresolved[0]["value"], "12345");
    let units = read_csv(&out.join("units.csv"));
    let u = |code: &str| units.iter().find(|u| u["code"] == code).unwrap().clone();
    assert_eq!(u("99001")["stage"], "preprojet");
    assert_eq!(
        u("99050")["stage"],
        "li",
        "former code 99390 resolves to 99050"
    );
    let summary = read_json(&out.join("summary.json"));
    assert!(
        summary["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "unresolved")
    );
}

/// Outputs never overwrite an input.
#[test]
fn outputs_never_overwrite_inputs() {
    let dir = temp_dir("overwrite");
    let listing = dir.join("units.csv");
    std::fs::copy(demo("cpts.csv"), &listing).unwrap();
    let before = std::fs::read(&listing).unwrap();
    let output = run(
        &[
            "coverage",
            "--communes",
            path_str(&demo("communes.geojson")),
            "--cog",
            path_str(&demo("cog.csv")),
            "--cpts",
            path_str(&listing),
            "--out",
            path_str(&dir),
        ],
        &[],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("overwrite an input"));
    assert_eq!(std::fs::read(&listing).unwrap(), before);
    assert!(!dir.join("coverage.csv").exists(), "no partial outputs");
}

/// S2: XLSX listings as ARS send them (French headers, numeric codes, Excel dates, sheets).
#[test]
fn xlsx_listing_is_read() {
    let dir = temp_dir("xlsx");
    let xlsx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cpts-demo.xlsx");
    let out = dir.join("out");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&demo("communes.geojson")),
        "--cog",
        path_str(&demo("cog.csv")),
        "--cpts",
        path_str(&xlsx),
        "--out",
        path_str(&out),
        "-q",
    ]);
    let units = read_csv(&out.join("units.csv"));
    let stage = |code: &str| units.iter().find(|u| u["code"] == code).unwrap()["stage"].clone();
    assert_eq!(stage("99001"), "aci");
    assert_eq!(stage("99002"), "aci");
    assert_eq!(stage("99025"), "li");
    assert_eq!(stage("99026"), "li");
    assert_eq!(units.iter().filter(|u| !u["stage"].is_empty()).count(), 4);
    // Excel dates drive --as-of: on 2020-06-01 X1 had only its lettre d'intention.
    let past = dir.join("past");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&demo("communes.geojson")),
        "--cog",
        path_str(&demo("cog.csv")),
        "--cpts",
        path_str(&xlsx),
        "--as-of",
        "2020-06-01",
        "--out",
        path_str(&past),
        "-q",
    ]);
    let units = read_csv(&past.join("units.csv"));
    assert_eq!(
        units.iter().find(|u| u["code"] == "99001").unwrap()["stage"],
        "li"
    );
    assert_eq!(
        units.iter().find(|u| u["code"] == "99025").unwrap()["stage"],
        ""
    );
    // Another sheet by name.
    let other = dir.join("other");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&demo("communes.geojson")),
        "--cog",
        path_str(&demo("cog.csv")),
        "--cpts",
        path_str(&xlsx),
        "--sheet",
        "Autres",
        "--out",
        path_str(&other),
        "-q",
    ]);
    let units = read_csv(&other.join("units.csv"));
    assert_eq!(
        units.iter().find(|u| u["code"] == "99100").unwrap()["stage"],
        "ps"
    );
}

/// Row numbers are spreadsheet rows (header = row 1) in LF and CRLF files alike, in error
/// messages and in `unresolved.csv`.
#[test]
fn row_numbers_agree_for_lf_and_crlf_listings() {
    for (name, newline) in [("lf", "\n"), ("crlf", "\r\n")] {
        let dir = temp_dir(&format!("rows-{name}"));
        let lines = [
            "cpts_id;cpts_name;stage;commune_code",
            "C1;CPTS Un;aci;99001",
            "C1;CPTS Un;aci;99998",
        ];
        let listing = dir.join("listing.csv");
        std::fs::write(&listing, lines.join(newline) + newline).unwrap();
        let out = dir.join("out");
        let cog = demo("cog.csv");
        run_ok(&[
            "coverage",
            "--cog",
            path_str(&cog),
            "--cpts",
            path_str(&listing),
            "--out",
            path_str(&out),
            "-q",
        ]);
        let unresolved = read_csv(&out.join("unresolved.csv"));
        assert_eq!(unresolved.len(), 1, "{name}");
        assert_eq!(unresolved[0]["row"], "3", "{name}");
        assert_eq!(unresolved[0]["value"], "99998", "{name}");

        let bad = [lines[0], lines[1], "C2;CPTS Deux;en cours de truc;99002"];
        std::fs::write(&listing, bad.join(newline) + newline).unwrap();
        let output = run(
            &[
                "coverage",
                "--cog",
                path_str(&cog),
                "--cpts",
                path_str(&listing),
                "--out",
                path_str(&out),
            ],
            &[],
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains("field `stage`")
                && stderr.contains("`en cours de truc` (1 row, first row 3)"),
            "{name}: {stderr}"
        );
    }
}
