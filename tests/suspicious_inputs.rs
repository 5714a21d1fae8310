//! Inputs of issue 27 that are valid (an Excel multi-line cell) or only suspicious (decisions
//! written twice, a column no field reads, units without geometry): the run gives its figures,
//! counted once, and warns in `summary.json` where a warning is due.

mod common;
use common::*;
use std::path::Path;

/// S8: the same decision written twice is one decision: the plan of the PACA listing with the
/// three assignments of the task force written once or 600 times is the same, byte for byte,
/// and the repetition is a warning.
#[test]
fn s8_a_repeated_decision_counts_once() {
    let Some(data) = shared_data("s8_a_repeated_decision_counts_once") else {
        return;
    };
    let dir = temp_dir("s8-repeated");
    let rows = "06079;PACA048;assign\n06138;PACA048;assign\n83133;PACA048;assign\n";
    let once = dir.join("once.csv");
    std::fs::write(&once, format!("unit;cpts;decision\n{rows}")).unwrap();
    let repeated = dir.join("repeated.csv");
    std::fs::write(
        &repeated,
        format!("unit;cpts;decision\n{}", rows.repeat(600)),
    )
    .unwrap();
    let run_with = |file: &Path, name: &str| {
        let mut inputs = paca_inputs(&data);
        inputs.extend([
            "--region".into(),
            "93".into(),
            "--decisions".into(),
            path_str(file).into(),
        ]);
        run_into("plan", name, &inputs, &[], &[])
    };
    let (a, b) = (run_with(&once, "s8-once"), run_with(&repeated, "s8-600"));
    for file in [
        "plan.csv",
        "options.csv",
        "funding.csv",
        "plan_coverage.csv",
        "zones.csv",
    ] {
        // The same, but for the decisions file each names.
        let text = |dir: &Path| std::fs::read_to_string(dir.join(file)).unwrap();
        let same = text(&a).replace("once.csv", "repeated.csv") == text(&b);
        assert!(same, "{file} differs between once.csv and repeated.csv");
    }
    let plan = read_csv(&b.join("plan.csv"));
    let decided = plan.iter().filter(|r| r["decided"] == "true").count();
    assert_eq!(decided, 3);
    let summary = read_json(&b.join("summary.json"));
    let warning = summary["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "decisions_repeated")
        .expect("a warning of the repetition");
    let message = warning["message"].as_str().unwrap();
    assert!(
        message.contains("repeated.csv") && message.contains("1797"),
        "{message}"
    );
    let summary = read_json(&a.join("summary.json"));
    assert!(
        summary["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["kind"] != "decisions_repeated")
    );
}

/// A valid Excel export: a quoted cell written over two lines (Alt+Enter), its second line
/// holding the separator, is one value, not a stray quote.
#[test]
fn an_excel_multi_line_cell_is_read() {
    let dir = temp_dir("multi-line-cell");
    let listing = dir.join("listing.csv");
    std::fs::write(
        &listing,
        "cpts_id;cpts_name;stage;commune_code\r\nDEMO-01;\"CPTS du Val\r\nNord; Sud\";ACI;99241\r\nDEMO-01;CPTS du Val;ACI;99242\r\n",
    )
    .unwrap();
    let out = dir.join("out");
    let output = run_args(&demo_run_args("coverage", None, Some(&listing), &out));
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let units = read_csv(&out.join("units.csv"));
    for code in ["99241", "99242"] {
        let unit = units.iter().find(|u| u["code"] == code).unwrap();
        assert_eq!(unit["cpts_ids"], "DEMO-01", "{unit:?}");
    }
}

/// A column no field reads whose values are arrondissement codes: the run goes on (the
/// column may be a note) and warns, naming the column and the `--cpts-column` that reads it;
/// given, the coverage changes (PACA: the whole-city rows no longer cover every
/// arrondissement of Marseille).
#[test]
fn an_unread_column_of_arrondissement_codes_is_a_warning() {
    let Some(data) = shared_data("an_unread_column_of_arrondissement_codes_is_a_warning") else {
        return;
    };
    let dir = temp_dir("unread-column");
    let text = std::fs::read_to_string(data.join("paca/cpts-paca-2026-01.csv")).unwrap();
    let renamed = dir.join("paca.csv");
    std::fs::write(
        &renamed,
        text.replacen("arrondissement_municipal", "Arr.", 1),
    )
    .unwrap();
    let inputs = |listing: &Path, extra: &[&str]| {
        let mut inputs = paca_inputs(&data);
        inputs[3] = path_str(listing).into();
        inputs.extend(["--region".to_string(), "93".to_string()]);
        inputs.extend(extra.iter().map(|s| s.to_string()));
        inputs
    };
    let unread = run_into("coverage", "unread-arr", &inputs(&renamed, &[]), &[], &[]);
    let summary = read_json(&unread.join("summary.json"));
    let warning = summary["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "unused_listing_column")
        .expect("a warning on the column");
    let message = warning["message"].as_str().unwrap();
    assert!(
        message.contains("column `Arr.` is not read but holds arrondissement codes")
            && message.contains("--cpts-column arrondissement_code=Arr."),
        "{message}"
    );
    let read = run_into(
        "coverage",
        "read-arr",
        &inputs(&renamed, &["--cpts-column", "arrondissement_code=Arr."]),
        &[],
        &[],
    );
    let original = run_into(
        "coverage",
        "original-arr",
        &inputs(&data.join("paca/cpts-paca-2026-01.csv"), &[]),
        &[],
        &[],
    );
    assert_eq!(
        std::fs::read(read.join("coverage.csv")).unwrap(),
        std::fs::read(original.join("coverage.csv")).unwrap()
    );
    let uncovered = |dir: &Path| num(&read_csv(&dir.join("coverage.csv"))[0], "pop_none");
    assert!(
        uncovered(&unread) < uncovered(&read),
        "the unread column overstated the coverage"
    );
    let summary = read_json(&original.join("summary.json"));
    assert!(
        summary["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["kind"] != "unused_listing_column")
    );
}

/// A few units without geometry are a warning in `summary.json` (above 1 % of the units);
/// `coverage` needs none and gives its figures.
#[test]
fn units_without_geometry_above_the_threshold_are_a_warning() {
    let dir = temp_dir("some-null-geometry");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/communes.geojson"),
    )
    .unwrap();
    let mut layer: serde_json::Value = serde_json::from_str(&text).unwrap();
    let features = layer["features"].as_array_mut().unwrap();
    let total = features.len();
    for feature in features.iter_mut().take(10) {
        feature["geometry"] = serde_json::Value::Null;
    }
    let path = dir.join("communes.geojson");
    std::fs::write(&path, serde_json::to_vec(&layer).unwrap()).unwrap();
    let out = dir.join("out");
    let output = run_args(&demo_run_args("coverage", Some(&path), None, &out));
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let summary = read_json(&out.join("summary.json"));
    let warning = summary["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "units_without_geometry")
        .expect("a warning");
    let message = warning["message"].as_str().unwrap();
    assert!(
        message.contains("communes.geojson") && message.contains(&format!("10 of {total}")),
        "{message}"
    );
}
