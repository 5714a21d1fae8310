//! Options and plan (S6) on small built territories: flows decide between two CPTS that border
//! a zone equally; weights files; `weights` and `analyze` commands; bad evidence inputs.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// Three squares in a row, symmetric about the Lambert-93 central meridian (3° E), so that the
/// two outer units border the middle one over exactly the same length at the same distance:
/// A = 03001 (CPTS-A), Z = 03002 (uncovered), B = 03003 (CPTS-B).
fn symmetric_territory(dir: &Path) -> (PathBuf, PathBuf) {
    let square = |x0: f64, x1: f64| {
        format!("[[[{x0},46.5],[{x1},46.5],[{x1},46.52],[{x0},46.52],[{x0},46.5]]]")
    };
    let feature = |code: &str, population: u32, x0: f64, x1: f64| {
        format!(
            "{{\"type\":\"Feature\",\"properties\":{{\"code\":\"{code}\",\"population\":{population}}},\
             \"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{}}}}}",
            square(x0, x1)
        )
    };
    let layer = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{},{},{}]}}",
        feature("03001", 12_000, 2.97, 2.99),
        feature("03002", 1_500, 2.99, 3.01),
        feature("03003", 12_000, 3.01, 3.03),
    );
    let communes = dir.join("communes.geojson");
    std::fs::write(&communes, layer).unwrap();
    let listing = dir.join("cpts.csv");
    std::fs::write(
        &listing,
        "cpts_id,cpts_nom,stade,code_commune\n\
         CPTS-A,CPTS A,ACI signé,03001\n\
         CPTS-B,CPTS B,ACI signé,03003\n",
    )
    .unwrap();
    (communes, listing)
}

fn plan_args<'a>(communes: &'a Path, listing: &'a Path, out: &'a Path) -> Vec<&'a str> {
    vec![
        "plan",
        "--communes",
        path_str(communes),
        "--cpts",
        path_str(listing),
        "--out",
        path_str(out),
        "--quiet",
    ]
}

/// S6: with two CPTS bordering the zone equally, a flow table sending the zone's patients to
/// one of them ranks that one first (without flows the tie is broken by CPTS id).
#[test]
fn flows_change_the_answer() {
    let dir = temp_dir("flows-tie");
    let (communes, listing) = symmetric_territory(&dir);

    let without = dir.join("without");
    run_ok(&plan_args(&communes, &listing, &without));
    let options = read_csv(&without.join("options.csv"));
    let extends: Vec<_> = options.iter().filter(|o| o["kind"] == "extend").collect();
    assert_eq!(extends.len(), 2, "{options:?}");
    assert_eq!(
        extends[0]["score"], extends[1]["score"],
        "a true tie without flows"
    );
    assert_eq!(
        extends[0]["shared_border_km"],
        extends[1]["shared_border_km"]
    );
    assert_eq!(extends[0]["target_id"], "CPTS-A", "tie broken by id");
    assert_eq!(extends[0]["flow_pct"], "");

    let flows = dir.join("flows.csv");
    std::fs::write(
        &flows,
        "origine;destination;patients\n03002;03003;90\n03002;03001;10\n03002;03002;0\n",
    )
    .unwrap();
    let with = dir.join("with");
    let mut args = plan_args(&communes, &listing, &with);
    args.extend(["--flows", path_str(&flows)]);
    run_ok(&args);
    let options = read_csv(&with.join("options.csv"));
    assert_eq!(options[0]["kind"], "extend");
    assert_eq!(
        options[0]["target_id"], "CPTS-B",
        "flows send the zone to B"
    );
    assert_eq!(options[0]["flow_pct"].parse::<f64>().unwrap(), 90.0);
    let plan = read_csv(&with.join("plan.csv"));
    assert_eq!(plan.len(), 1);
    assert_eq!(plan[0]["code"], "03002");
    assert_eq!(plan[0]["target_id"], "CPTS-B");
    assert_eq!(plan[0]["kind"], "extend");
    // plan.geojson: B after the plan, population and size class before/after.
    let layer = read_json(&with.join("plan.geojson"));
    let features = layer["features"].as_array().unwrap();
    assert_eq!(features.len(), 1);
    let p = &features[0]["properties"];
    assert_eq!(p["target_id"], "CPTS-B");
    assert_eq!(p["population_before"], 12_000);
    assert_eq!(p["population_after"], 13_500);
    assert_eq!(p["size_class_after"], "taille 1");
    assert_eq!(features[0]["geometry"]["type"], "MultiPolygon");
    assert_eq!(
        features[0]["geometry"]["coordinates"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "B and the zone dissolve into one polygon"
    );

    // A weights file that ignores flows restores the tie.
    let weights = dir.join("weights.toml");
    std::fs::write(&weights, "[extend]\nflows = 0\n").unwrap();
    let reweighted = dir.join("reweighted");
    let mut args = plan_args(&communes, &listing, &reweighted);
    args.extend(["--flows", path_str(&flows), "--weights", path_str(&weights)]);
    run_ok(&args);
    let options = read_csv(&reweighted.join("options.csv"));
    assert_eq!(options[0]["target_id"], "CPTS-A");
    let summary = read_json(&reweighted.join("summary.json"));
    assert!(
        summary["plan"]["weights"]
            .as_str()
            .unwrap()
            .ends_with("weights.toml")
    );
}

/// `weights` prints the built-in TOML, which `--weights` accepts as is.
#[test]
fn weights_command_round_trips() {
    let printed = run_ok(&["weights"]);
    assert!(printed.contains("[thresholds]") && printed.contains("max_population = 250000"));
    let dir = temp_dir("weights-round-trip");
    let weights = dir.join("default.toml");
    std::fs::write(&weights, &printed).unwrap();
    let out = dir.join("out");
    run_ok(&[
        "plan",
        "--weights",
        path_str(&weights),
        "--out",
        path_str(&out),
        "--quiet",
    ]);
    let builtin = dir.join("builtin");
    run_ok(&["plan", "--out", path_str(&builtin), "--quiet"]);
    assert_eq!(
        std::fs::read(out.join("options.csv")).unwrap(),
        std::fs::read(builtin.join("options.csv")).unwrap()
    );
}

/// Bad weights and evidence files: exit 2, the file and the key, row or column named.
#[test]
fn bad_weights_and_evidence_are_named() {
    let dir = temp_dir("bad-plan-inputs");
    let weights = dir.join("w.toml");
    std::fs::write(&weights, "[extend]\nborder = -2\n").unwrap();
    let output = run(
        &[
            "plan",
            "--weights",
            path_str(&weights),
            "--out",
            path_str(&dir.join("o1")),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("w.toml") && err.contains("extend.border"),
        "{err}"
    );

    std::fs::write(&weights, "[extend]\nborderz = 2\n").unwrap();
    let output = run(
        &[
            "plan",
            "--weights",
            path_str(&weights),
            "--out",
            path_str(&dir.join("o2")),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("w.toml") && err.contains("line 2") && err.contains("borderz"),
        "{err}"
    );

    let flows = dir.join("flows.csv");
    std::fs::write(
        &flows,
        "origin,destination,count\n99001,99002,12\n99001,99003,douze\n",
    )
    .unwrap();
    let output = run(
        &[
            "plan",
            "--flows",
            path_str(&flows),
            "--out",
            path_str(&dir.join("o3")),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("flows.csv") && err.contains("row 3") && err.contains("count"),
        "{err}"
    );

    let msp = dir.join("msp.csv");
    std::fs::write(&msp, "id,nom\nM1,Maison\n").unwrap();
    let output = run(
        &[
            "plan",
            "--msp",
            path_str(&msp),
            "--out",
            path_str(&dir.join("o4")),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("msp.csv") && err.contains("lon/lat"), "{err}");
    assert!(!dir.join("o4").exists(), "nothing written on error");
}

/// `analyze` on the embedded demo (the README's first command): coverage, zones, plan and report
/// in one go, with the figures of the demo (3 zones, 103 uncovered units, 100 % after the plan).
#[test]
fn analyze_demo() {
    let out = temp_dir("analyze-demo");
    let output = run(&["analyze", "--out", path_str(&out)], &[]);
    assert!(output.status.success());
    // stderr is a pipe here: no progress display, nothing at all.
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Plan: 103 units"), "{stdout}");
    for name in [
        "coverage.csv",
        "units.csv",
        "zones.csv",
        "zones.geojson",
        "options.csv",
        "plan.csv",
        "plan_coverage.csv",
        "plan.geojson",
        "summary.json",
        "report.html",
    ] {
        assert!(out.join(name).exists(), "{name}");
    }
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["command"], "analyze");
    assert_eq!(summary["zones"]["count"], 3);
    assert_eq!(summary["plan"]["units_placed"], 103);
    assert_eq!(summary["plan"]["pct_after_plan"], 100.0);
    let plan = read_csv(&out.join("plan.csv"));
    assert_eq!(plan.len(), 103);
    // Demo zone Z0001 (166 266 inh.) holds the émergence project DEMO-11: the project grows
    // over its part of the zone (kind mature, S11) beside one new CPTS.
    let targets: std::collections::BTreeSet<(&str, &str)> = plan
        .iter()
        .filter(|r| r["zone_id"] == "Z0001")
        .map(|r| (r["target_id"].as_str(), r["kind"].as_str()))
        .collect();
    let expected = [("DEMO-11", "mature"), ("N-99214", "create")];
    assert_eq!(targets, expected.into_iter().collect(), "{targets:?}");
}
