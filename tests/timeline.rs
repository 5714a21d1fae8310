//! Time and money end to end (S9, S10): series equal to `--as-of` runs, comparisons, stalled
//! projects and ACI funding, checked against figures computed here from the inputs and from
//! the other commands' outputs. Real data from ../shared/data (skipped loudly without it).

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// The rows of `coverage.csv` keyed by (scope_type, scope_code), without the EPCI rows.
fn coverage_rows(dir: &Path) -> BTreeMap<(String, String), HashMap<String, String>> {
    read_csv(&dir.join("coverage.csv"))
        .into_iter()
        .filter(|r| r["scope_type"] != "epci")
        .map(|r| ((r["scope_type"].clone(), r["scope_code"].clone()), r))
        .collect()
}

/// S10: the point of `date` in a series has exactly the figures of the `--as-of date` run.
fn assert_point_equals_as_of(series: &Path, as_of: &Path, date: &str) {
    let expected = coverage_rows(as_of);
    let point: Vec<HashMap<String, String>> = read_csv(&series.join("coverage_series.csv"))
        .into_iter()
        .filter(|r| r["date"] == date)
        .collect();
    assert_eq!(point.len(), expected.len(), "one row per scope at {date}");
    let fields = [
        "scope_name",
        "population_total",
        "pop_aci",
        "pop_ps",
        "pop_li",
        "pop_preprojet",
        "pop_none",
        "pct_ge_li",
        "pct_ge_ps",
        "pct_aci",
    ];
    for row in &point {
        let key = (row["scope_type"].clone(), row["scope_code"].clone());
        let want = &expected[&key];
        for f in fields {
            assert_eq!(row[f], want[f], "{key:?} {f} at {date}");
        }
    }
    // The CPTS counted at each stage in the study area are the as-of run's.
    let summary = read_json(&as_of.join("summary.json"));
    let first = &point[0];
    for stage in ["li", "ps", "aci"] {
        assert_eq!(
            num(first, &format!("cpts_{stage}")),
            summary["counts"]["cpts_by_stage"][stage].as_u64().unwrap(),
            "cpts_{stage} at {date}"
        );
    }
}

#[test]
fn s10_demo_series_points_equal_as_of_runs() {
    let out = temp_dir("series-demo");
    let dates = "2020-06-30,2023-01-01,2025-09-30";
    run_ok(&["series", "--dates", dates, "--out", path_str(&out), "-q"]);
    for date in dates.split(',') {
        let as_of = temp_dir(&format!("series-demo-{date}"));
        run_ok(&["zones", "--as-of", date, "--out", path_str(&as_of), "-q"]);
        assert_point_equals_as_of(&out, &as_of, date);
        let zones = read_csv(&as_of.join("zones.csv"));
        let point = read_csv(&out.join("zones_series.csv"))
            .into_iter()
            .find(|r| r["date"] == date)
            .expect("zones point");
        assert_eq!(num(&point, "zones"), zones.len() as u64);
        let populations: Vec<u64> = zones.iter().map(|z| num(z, "population")).collect();
        assert_eq!(
            num(&point, "population_in_zones"),
            populations.iter().sum::<u64>()
        );
        assert_eq!(
            num(&point, "largest_zone_population"),
            populations.iter().copied().max().unwrap_or(0)
        );
    }
    // The chart and the report are there, with the three lines.
    let svg = std::fs::read_to_string(out.join("coverage_series.svg")).expect("svg");
    assert_eq!(svg.matches("<polyline").count(), 3);
    let report = std::fs::read_to_string(out.join("report.html")).expect("report");
    assert!(report.contains("<svg") && report.contains("series-table"));
}

#[test]
fn s10_series_from_to_every_and_errors() {
    let out = temp_dir("series-steps");
    run_ok(&[
        "series",
        "--from",
        "2019-01-31",
        "--to",
        "2020-01-31",
        "--every",
        "quarter",
        "--out",
        path_str(&out),
        "-q",
    ]);
    let dates: BTreeSet<String> = read_csv(&out.join("zones_series.csv"))
        .into_iter()
        .map(|r| r["date"].clone())
        .collect();
    let want: BTreeSet<String> = [
        "2019-01-31",
        "2019-04-30",
        "2019-07-31",
        "2019-10-31",
        "2020-01-31",
    ]
    .map(String::from)
    .into();
    assert_eq!(dates, want);
    for (args, message) in [
        (vec!["series"], "--from DATE --to DATE"),
        (
            vec!["series", "--dates", "2024-13-01"],
            "invalid value '2024-13-01' for '--dates <D1,D2,…>': not a date",
        ),
        (
            vec![
                "series",
                "--from",
                "2024-01-01",
                "--to",
                "2024-06-01",
                "--every",
                "week",
            ],
            "invalid value 'week' for '--every <STEP>'",
        ),
        (
            vec!["series", "--from", "2025-01-01", "--to", "2024-06-01"],
            "no date",
        ),
        (
            vec!["series", "--dates", "2024-01-01", "--as-of", "2024-01-01"],
            "not --as-of",
        ),
    ] {
        let output = run(&args, &[]);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn s10_national_series_point_on_2024_02_01_equals_the_as_of_run() {
    let Some(data) = shared_data("national series") else {
        return;
    };
    let series = run_national(
        "series",
        "series-national",
        &data,
        &["--dates", "2023-06-01,2024-02-01,2025-01-01"],
    );
    let as_of = run_national(
        "zones",
        "series-national-as-of",
        &data,
        &["--as-of", "2024-02-01"],
    );
    assert_point_equals_as_of(&series, &as_of, "2024-02-01");
    let zones = read_csv(&as_of.join("zones.csv"));
    let point = read_csv(&series.join("zones_series.csv"))
        .into_iter()
        .find(|r| r["date"] == "2024-02-01")
        .expect("point");
    assert_eq!(num(&point, "zones"), zones.len() as u64);
    assert_eq!(
        num(&point, "population_in_zones"),
        zones.iter().map(|z| num(z, "population")).sum::<u64>()
    );
    // Coverage grows over time in the scenario.
    let france: Vec<f64> = read_csv(&series.join("coverage_series.csv"))
        .into_iter()
        .filter(|r| r["scope_type"] == "france")
        .map(|r| r["pct_ge_li"].parse().unwrap())
        .collect();
    assert_eq!(france.len(), 3);
    assert!(france[0] < france[1] && france[1] < france[2], "{france:?}");
}

/// The stage of every CPTS of the scenario at `date`, from its date columns alone.
fn scenario_stages(data: &Path, date: &str) -> BTreeMap<String, &'static str> {
    let text = std::fs::read_to_string(data.join("scenarios/france-dev.csv")).expect("scenario");
    let mut stages = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(';').collect();
        let on = |k: usize| !cells[k].is_empty() && cells[k] <= date;
        let stage = if on(7) {
            "aci"
        } else if on(6) {
            "ps"
        } else if on(5) {
            "li"
        } else {
            continue;
        };
        stages.insert(cells[0].to_string(), stage);
    }
    stages
}

#[test]
fn s10_national_comparison_of_two_dates() {
    let Some(data) = shared_data("national comparison") else {
        return;
    };
    let (a, b) = ("2023-01-01", "2025-01-01");
    let out = run_national(
        "compare",
        "compare-national",
        &data,
        &["--as-of", a, "--as-of", b],
    );
    let changes = read_csv(&out.join("changes_cpts.csv"));
    let (before, after) = (scenario_stages(&data, a), scenario_stages(&data, b));
    // CPTS whose stage changed between the dates, from the scenario's dates alone.
    let stage_changed: BTreeSet<&String> = before
        .iter()
        .filter(|(id, s)| after.get(*id).is_some_and(|t| t != *s))
        .map(|(id, _)| id)
        .collect();
    let reported: BTreeSet<&String> = changes
        .iter()
        .filter(|r| r["change"].starts_with("stage"))
        .map(|r| &r["cpts_id"])
        .collect();
    assert!(stage_changed.len() > 50, "{}", stage_changed.len());
    assert_eq!(reported, stage_changed);
    let appeared: BTreeSet<&String> = after
        .keys()
        .filter(|id| !before.contains_key(*id))
        .collect();
    let reported: BTreeSet<&String> = changes
        .iter()
        .filter(|r| r["change"] == "appeared")
        .map(|r| &r["cpts_id"])
        .collect();
    assert_eq!(reported, appeared);
    for row in changes.iter().filter(|r| r["change"] == "stage") {
        assert_eq!(row["stage_before"], before[&row["cpts_id"]]);
        assert_eq!(row["stage_after"], after[&row["cpts_id"]]);
        assert!(row["stage_date"].as_str() > a && row["stage_date"].as_str() <= b);
    }
    // Zones closed: the zones at A none of whose units is in a zone at B.
    let zones_at = |date: &str| {
        let dir = run_national(
            "zones",
            &format!("compare-zones-{date}"),
            &data,
            &["--as-of", date],
        );
        read_csv(&dir.join("zones.csv"))
    };
    let (za, zb) = (zones_at(a), zones_at(b));
    let in_b: BTreeSet<&str> = zb.iter().flat_map(|z| z["codes"].split(';')).collect();
    let closed: BTreeSet<&str> = za
        .iter()
        .filter(|z| z["codes"].split(';').all(|c| !in_b.contains(c)))
        .map(|z| z["zone_id"].as_str())
        .collect();
    let zone_changes = read_csv(&out.join("changes_zones.csv"));
    let reported: BTreeSet<&str> = zone_changes
        .iter()
        .filter(|r| r["change"] == "closed")
        .map(|r| r["zones_before"].as_str())
        .collect();
    assert!(!closed.is_empty());
    assert_eq!(reported, closed);
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["compare"]["before"]["zones"], za.len());
    assert_eq!(summary["compare"]["after"]["zones"], zb.len());
    // Units newly covered: every one is in a zone at A and in none at B.
    let in_a: BTreeSet<&str> = za.iter().flat_map(|z| z["codes"].split(';')).collect();
    for row in read_csv(&out.join("changes_units.csv")) {
        if row["change"] == "covered" && in_a.contains(row["code"].as_str()) {
            assert!(!in_b.contains(row["code"].as_str()), "{}", row["code"]);
        }
    }
}

#[test]
fn s10_stalled_projects_of_the_national_scenario() {
    let Some(data) = shared_data("stalled projects") else {
        return;
    };
    let date = "2025-06-01";
    let out = temp_dir("stalled-national");
    let scenario = data.join("scenarios/france-dev.csv");
    run_ok(&[
        "coverage",
        "--cpts",
        path_str(&scenario),
        "--as-of",
        date,
        "--out",
        path_str(&out),
        "-q",
    ]);
    // From the scenario: at li or ps on the date, reached more than 18 months before it.
    let text = std::fs::read_to_string(&scenario).expect("scenario");
    let mut expected: BTreeMap<String, (String, String)> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split(';').collect();
        let on = |k: usize| !c[k].is_empty() && c[k] <= date;
        let since = if on(7) {
            continue;
        } else if on(6) {
            ("ps", c[6])
        } else if on(5) {
            ("li", c[5])
        } else {
            continue;
        };
        let d = chrono::NaiveDate::parse_from_str(since.1, "%Y-%m-%d").unwrap();
        let limit = d.checked_add_months(chrono::Months::new(18)).unwrap();
        if limit.format("%Y-%m-%d").to_string().as_str() < date {
            expected.insert(c[0].to_string(), (since.0.to_string(), since.1.to_string()));
        }
    }
    let rows = read_csv(&out.join("stalled.csv"));
    let got: BTreeMap<String, (String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["cpts_id"].clone(),
                (r["stage"].clone(), r["since"].clone()),
            )
        })
        .collect();
    assert!(expected.len() >= 5, "{}", expected.len());
    assert_eq!(got, expected);
    let months: Vec<u64> = rows.iter().map(|r| num(r, "months_at_stage")).collect();
    assert!(months.windows(2).all(|w| w[0] >= w[1]), "longest first");
    assert!(months.iter().all(|&m| m >= 18));
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["stalled"]["date"], date);
    assert_eq!(summary["stalled"]["date_source"], "as_of");
    assert_eq!(summary["stalled"]["count"], rows.len());
    // A higher threshold keeps only the older projects.
    let out36 = temp_dir("stalled-national-36");
    run_ok(&[
        "coverage",
        "--cpts",
        path_str(&scenario),
        "--as-of",
        date,
        "--stalled-months",
        "36",
        "--out",
        path_str(&out36),
        "-q",
    ]);
    let older = read_csv(&out36.join("stalled.csv"));
    assert!(older.len() < rows.len());
    assert!(older.iter().all(|r| num(r, "months_at_stage") >= 36));
}

/// ACI tariff by population (S9 defaults).
fn tariff(population: u64) -> u64 {
    match population {
        p if p < 40_000 => 50_000,
        p if p < 80_000 => 60_000,
        p if p < 175_000 => 75_000,
        _ => 90_000,
    }
}

#[test]
fn s9_funding_of_paca_equals_the_tariff_over_its_aci_cpts() {
    let Some(data) = shared_data("PACA funding") else {
        return;
    };
    let out = run_paca("analyze", "funding-paca", &data, &["--region", "93"]);
    // From units.csv: population of each CPTS (a shared unit counts for each of its CPTS).
    let mut population: BTreeMap<String, u64> = BTreeMap::new();
    for unit in read_csv(&out.join("units.csv")) {
        for id in unit["cpts_ids"].split(';').filter(|s| !s.is_empty()) {
            *population.entry(id.to_string()).or_default() += num(&unit, "population");
        }
    }
    assert_eq!(population.len(), 70);
    let expected_before: u64 = population.values().map(|&p| tariff(p)).sum();
    let scopes = read_csv(&out.join("funding_scopes.csv"));
    assert_eq!(scopes[0]["scope_type"], "area");
    assert_eq!(num(&scopes[0], "envelope_before_eur"), expected_before);
    assert_eq!(num(&scopes[0], "cpts_signed"), 70);
    // Every row: its envelope is the tariff of its class; the totals add up.
    let rows = read_csv(&out.join("funding.csv"));
    let mut after = 0;
    for row in &rows {
        let id = &row["cpts_id"];
        if row["kind"] == "existing" {
            assert_eq!(num(row, "population_before"), population[id], "{id}");
            assert_eq!(num(row, "envelope_before_eur"), tariff(population[id]));
        }
        assert_eq!(
            num(row, "envelope_after_eur"),
            tariff(num(row, "population_after"))
        );
        after += num(row, "envelope_after_eur");
    }
    assert_eq!(num(&scopes[0], "envelope_after_eur"), after);
    // The plan extends CPTS of PACA over its 46 uncovered units: some change class and cost more.
    assert!(after > expected_before);
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["funding"]["envelope_before_eur"], expected_before);
    assert_eq!(summary["funding"]["tariff"]["taille_4"], 90_000);
    // Département rows add up to the area's total (every CPTS counted once, in its home).
    let deps: u64 = scopes
        .iter()
        .filter(|r| r["scope_type"] == "departement")
        .map(|r| num(r, "envelope_before_eur"))
        .sum();
    assert_eq!(deps, expected_before);
    // The report says what the plan costs, with the figure computed here.
    let report = std::fs::read_to_string(out.join("report.html")).expect("report");
    let spaced = expected_before
        .to_string()
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\u{a0}");
    assert!(
        report.contains(&format!(
            "<b>{spaced} €</b>par an aujourd'hui (70 CPTS sous ACI)"
        )),
        "funding section"
    );
}

#[test]
fn s9_a_weights_file_changes_the_tariff() {
    let dir = temp_dir("funding-tariff");
    let weights = dir.join("w.toml");
    std::fs::write(
        &weights,
        "[funding]\ntaille_1 = 1\ntaille_2 = 2\ntaille_3 = 3\ntaille_4 = 4\n",
    )
    .unwrap();
    let out = dir.join("out");
    run_ok(&[
        "plan",
        "--weights",
        path_str(&weights),
        "--out",
        path_str(&out),
        "-q",
    ]);
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["funding"]["tariff"]["taille_3"], 3);
    assert_eq!(summary["funding"]["tariff_from"], path_str(&weights));
    for row in read_csv(&out.join("funding.csv")) {
        let class = row["size_class_after"]
            .trim_start_matches("taille ")
            .parse::<u64>()
            .unwrap();
        let funded = row["basis_after"] != "none";
        assert_eq!(
            num(&row, "envelope_after_eur"),
            if funded { class } else { 0 }
        );
    }
    std::fs::write(&weights, "[funding]\ntaille_1 = 50000000\n").unwrap();
    let output = run(
        &[
            "plan",
            "--weights",
            path_str(&weights),
            "--out",
            path_str(&out),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("funding.taille_1"));
}

#[test]
fn the_shipped_schemas_are_printed_and_catch_a_wrong_summary() {
    let printed = run_ok(&["schema", "summary"]);
    let file = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/summary.schema.json"),
    )
    .unwrap();
    assert_eq!(printed, file);
    let tables: serde_json::Value = serde_json::from_str(&run_ok(&["schema", "tables"])).unwrap();
    assert!(
        tables["tables"]["funding"]["columns"]
            .as_array()
            .unwrap()
            .len()
            >= 10
    );
    // Every command's summary validates (run() checks it); a changed one must not.
    let out = temp_dir("schema-wrong");
    run_ok(&["coverage", "--out", path_str(&out), "-q"]);
    let mut summary = read_json(&out.join("summary.json"));
    validate_summary(&summary, &out);
    summary["counts"]["surprise"] = serde_json::json!(1);
    let caught = std::panic::catch_unwind(|| validate_summary(&summary, &out));
    assert!(caught.is_err(), "an unknown field must fail the schema");
}
