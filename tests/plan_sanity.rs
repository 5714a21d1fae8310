//! Plans without absurd proposals (issue 12), on the national layer with the extreme input
//! (the PACA listing alone: all France but PACA uncovered) and with the national scenario: every
//! uncovered unit placed once, no join across the sea beyond 50 km, nothing over the cap but a
//! commune that alone exceeds it (said in a note), and every new CPTS below the create threshold
//! explained.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn plan(data: &Path, name: &str, listing: &[&str]) -> std::path::PathBuf {
    let out = temp_dir(name);
    let communes = data.join("france/communes-2026.geojson.gz");
    let mut args = vec![
        "plan",
        "--communes",
        path_str(&communes),
        "--write-adjacency",
        "--out",
        path_str(&out),
        "-q",
    ];
    args.extend_from_slice(listing);
    run_ok(&args);
    out
}

/// Each plan target's added units, with the units its CPTS already had, form pieces that each
/// hold one of the CPTS's units (a new CPTS: one piece), by the adjacency the run wrote.
fn contiguous(out: &Path, label: &str) {
    use std::collections::{BTreeMap, HashMap};
    let mut neighbours: HashMap<String, Vec<String>> = HashMap::new();
    for pair in read_csv(&out.join("adjacency.csv")) {
        neighbours
            .entry(pair["code_a"].clone())
            .or_default()
            .push(pair["code_b"].clone());
        neighbours
            .entry(pair["code_b"].clone())
            .or_default()
            .push(pair["code_a"].clone());
    }
    let mut before: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for unit in read_csv(&out.join("units.csv")) {
        for id in unit["cpts_ids"].split(';').filter(|id| !id.is_empty()) {
            before
                .entry(id.to_string())
                .or_default()
                .insert(unit["code"].clone());
        }
    }
    let mut added: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in read_csv(&out.join("plan.csv")) {
        if !row["target_id"].is_empty() {
            added
                .entry(row["target_id"].clone())
                .or_default()
                .insert(row["code"].clone());
        }
    }
    let geojson = read_json(&out.join("plan.geojson"));
    let by_sea: BTreeSet<String> = geojson["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["by_sea"] == true)
        .map(|f| f["properties"]["target_id"].as_str().unwrap().to_string())
        .collect();
    for (target, units) in &added {
        if by_sea.contains(target) {
            continue;
        }
        let old = before.get(target).cloned().unwrap_or_default();
        let all: BTreeSet<&String> = units.iter().chain(old.iter()).collect();
        // Grow from the CPTS's units (or from one added unit for a new CPTS).
        let mut seen: BTreeSet<&String> = if old.is_empty() {
            units.iter().take(1).collect()
        } else {
            old.iter().collect()
        };
        let mut stack: Vec<&String> = seen.iter().copied().collect();
        while let Some(u) = stack.pop() {
            for v in neighbours.get(u.as_str()).into_iter().flatten() {
                if all.contains(v) && seen.insert(v) {
                    stack.push(v);
                }
            }
        }
        let cut: Vec<&String> = units.iter().filter(|u| !seen.contains(u)).take(3).collect();
        assert!(
            cut.is_empty(),
            "{label}: {target} gets units it does not touch: {cut:?}"
        );
    }
}

fn check(out: &Path, label: &str) -> (usize, usize) {
    // Every unit of every zone is in plan.csv once.
    let zones = read_csv(&out.join("zones.csv"));
    let zone_units: BTreeSet<String> = zones
        .iter()
        .flat_map(|z| z["codes"].split(';').map(String::from).collect::<Vec<_>>())
        .collect();
    let plan = read_csv(&out.join("plan.csv"));
    let placed: Vec<&str> = plan
        .iter()
        .filter(|r| r["kind"] != "unplaced_no_geometry")
        .map(|r| r["code"].as_str())
        .collect();
    let unique: BTreeSet<String> = placed.iter().map(|c| c.to_string()).collect();
    assert_eq!(unique.len(), placed.len(), "{label}: a unit placed twice");
    assert_eq!(unique, zone_units, "{label}: every zone unit placed");
    assert!(
        plan.iter()
            .all(|r| !r["target_id"].is_empty() || r["kind"] == "unplaced_no_geometry")
    );
    // Every territory stays contiguous: the units a target receives touch its CPTS (or each
    // other, for a new CPTS), except the joins across the sea, which are listed.
    contiguous(out, label);
    // Each zone's first option carries its margin over the second, and what would flip them.
    let options = read_csv(&out.join("options.csv"));
    for pair in options.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a["rank"] == "1" && b["rank"] == "2" {
            let (sa, sb): (f64, f64) = (a["score"].parse().unwrap(), b["score"].parse().unwrap());
            let margin: f64 = a["margin"].parse().unwrap();
            assert!((margin - (sa - sb)).abs() < 0.011, "{label}: {a:?}");
            for flip in a["flips_if"].split("; ").filter(|f| !f.is_empty()) {
                let (key, factor) = flip.split_once(" ×").expect("key ×factor");
                assert!(key.contains('.') && factor.parse::<f64>().is_ok(), "{flip}");
            }
        }
    }
    // A mentor's temporary extension has its own figure, under the cap when feasible.
    for o in options.iter().filter(|o| o["kind"] == "mentor") {
        let during: u64 = o["mentor_population_during"].parse().unwrap();
        assert_eq!(
            during,
            num(o, "population_before") + num(o, "zone_population"),
            "{o:?}"
        );
        assert!(
            o["feasible"] == "false" || during <= 250_000,
            "{label}: {o:?}"
        );
    }
    // Across the sea only within 50 km.
    for option in options {
        if option["by_sea"] == "true" {
            let km: f64 = option["distance_km"].parse().unwrap();
            assert!(
                km <= 50.0,
                "{label}: {} joins {} at {km} km",
                option["zone_id"],
                option["target_id"]
            );
        }
    }
    // Nothing over the cap without its reason; below the threshold only with one.
    let geojson = read_json(&out.join("plan.geojson"));
    let mut over = 0;
    let mut notes = 0;
    for feature in geojson["features"].as_array().unwrap() {
        let p = &feature["properties"];
        let note = p["note"].as_str().unwrap_or("");
        if p["over_cap"] == true {
            over += 1;
            assert!(
                note.starts_with("over the cap") && note.contains(" alone has "),
                "{label}: {} over the cap: {p}",
                p["target_id"]
            );
        }
        let new = p["kind"] == "create" || p["kind"] == "mentor";
        if new && p["population_after"].as_u64().unwrap() < 20_000 {
            assert!(
                !note.is_empty(),
                "{label}: {} below the threshold unexplained",
                p["target_id"]
            );
        }
        if !note.is_empty() {
            notes += 1;
        }
    }
    (over, notes)
}

#[test]
fn the_extreme_input_gets_a_plan_without_absurd_proposals() {
    let Some(data) = shared_data("the_extreme_input_gets_a_plan_without_absurd_proposals") else {
        return;
    };
    let paca = data.join("paca/cpts-paca-2026-01.csv");
    let out = plan(
        &data,
        "sanity-extreme",
        &[
            "--cpts",
            path_str(&paca),
            "--cpts-column",
            "commune_code=code_insee_cog2026",
            "--default-stage",
            "aci",
        ],
    );
    let (over, notes) = check(&out, "PACA only");
    // Toulouse, Bordeaux, Montpellier, Nantes, Strasbourg alone exceed 250 000 inh.; no island
    // of the Atlantic joins a CPTS of Provence any more (they are their own CPTS, noted).
    assert_eq!(over, 5, "only the communes that alone exceed the cap");
    assert!(notes >= over);
    let plan = read_csv(&out.join("plan.csv"));
    let re = plan
        .iter()
        .find(|r| r["code"] == "17286")
        .expect("an island of Ré in the plan");
    assert!(re["target_id"].starts_with("N-"), "Île de Ré: {re:?}");
    // plan.csv says why a target departs from the rules, unit by unit.
    let toulouse = plan.iter().find(|r| r["code"] == "31555").unwrap();
    assert!(
        toulouse["reason"].contains("over the cap: the commune 31555 Toulouse alone"),
        "{toulouse:?}"
    );
}

#[test]
fn the_national_scenario_gets_a_plan_within_the_rules() {
    let Some(data) = shared_data("the_national_scenario_gets_a_plan_within_the_rules") else {
        return;
    };
    let scenario = data.join("scenarios/france-dev.csv");
    let out = plan(&data, "sanity-national", &["--cpts", path_str(&scenario)]);
    let (over, _) = check(&out, "national scenario");
    assert_eq!(over, 0);
}

/// With `--min-stage aci`, the Martinique communes of a CPTS project at the lettre d'intention
/// stay with it (kind `mature`): never handed to another CPTS or a new one.
#[test]
fn projects_below_the_stage_asked_are_matured_not_dismantled() {
    let Some(data) = shared_data("projects_below_the_stage_asked_are_matured_not_dismantled")
    else {
        return;
    };
    let scenario = data.join("scenarios/france-dev.csv");
    let out = plan(
        &data,
        "sanity-mature",
        &[
            "--cpts",
            path_str(&scenario),
            "--departement",
            "972",
            "--min-stage",
            "aci",
        ],
    );
    let units = read_csv(&out.join("units.csv"));
    let plan = read_csv(&out.join("plan.csv"));
    assert!(!plan.is_empty());
    let mut matured = 0;
    for row in &plan {
        let unit = units.iter().find(|u| u["code"] == row["code"]).unwrap();
        let in_project = matches!(unit["stage"].as_str(), "li" | "ps");
        if in_project {
            matured += 1;
            assert_eq!(row["kind"], "mature", "{row:?}");
            assert!(
                unit["cpts_ids"].split(';').any(|c| c == row["target_id"]),
                "{row:?}"
            );
            assert!(row["reason"].starts_with("stays with its CPTS"), "{row:?}");
        }
    }
    assert!(
        matured > 0,
        "Martinique has communes in a CPTS at the LI stage"
    );
    // Every option of that zone says what already exists there.
    for option in read_csv(&out.join("options.csv")) {
        assert!(
            option["rationale"].contains("the zone already holds CPTS du Pays Nord Martinique"),
            "{}",
            option["rationale"]
        );
    }
    let summary = read_json(&out.join("summary.json"));
    assert!(summary["plan"]["cpts_matured"].as_u64().unwrap() >= 1);
}
