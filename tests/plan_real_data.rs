//! End-to-end tests of `zones-blanches plan` (S6) on the real data: the PACA listing, the
//! national scenario, the Martinique commuting flows, an MSP table, and thread-count determinism.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

type Row = HashMap<String, String>;

/// S6 invariants of a plan output folder (written with `--write-adjacency`): every unit of every
/// zone placed exactly once; every extended CPTS stays contiguous through the units it gains and
/// every new CPTS is contiguous (except targets joined across the sea, listed in summary.json);
/// no target grows beyond the cap. Returns the plan rows by code.
fn check_plan(out: &Path) -> BTreeMap<String, Row> {
    let summary = read_json(&out.join("summary.json"));
    let cap = summary["plan"]["max_population"].as_u64().expect("cap");
    let by_sea: BTreeSet<String> = summary["plan"]["by_sea"]
        .as_array()
        .expect("by_sea")
        .iter()
        .map(|v| v.as_str().expect("id").to_string())
        .collect();
    let zones = read_csv(&out.join("zones.csv"));
    let plan_rows = read_csv(&out.join("plan.csv"));
    let mut plan: BTreeMap<String, Row> = BTreeMap::new();
    for row in plan_rows {
        let code = row["code"].clone();
        assert!(
            plan.insert(code.clone(), row).is_none(),
            "{code} placed twice"
        );
    }
    for zone in &zones {
        for code in zone["codes"].split(';') {
            let row = &plan[code];
            assert_eq!(row["zone_id"], zone["zone_id"], "{code}");
            assert!(
                !row["target_id"].is_empty(),
                "S6: {code} of {} has no target",
                zone["zone_id"]
            );
            assert!(
                ["extend", "create", "mentor", "mature"].contains(&row["kind"].as_str()),
                "{code}: {}",
                row["kind"]
            );
        }
    }

    // Territories after the plan: original members (units.csv) plus the units the plan adds.
    let units = read_csv(&out.join("units.csv"));
    let mut members: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut original: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for unit in &units {
        for id in unit["cpts_ids"].split(';').filter(|s| !s.is_empty()) {
            original
                .entry(id.to_string())
                .or_default()
                .insert(unit["code"].clone());
        }
    }
    let mut added: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (code, row) in &plan {
        if !row["target_id"].is_empty() {
            added
                .entry(row["target_id"].clone())
                .or_default()
                .push(code.clone());
        }
    }
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
    let population: HashMap<&str, u64> = units
        .iter()
        .map(|u| (u["code"].as_str(), num(u, "population")))
        .collect();
    for (target, codes) in &added {
        let before = original.get(target).cloned().unwrap_or_default();
        let mut territory = before.clone();
        territory.extend(codes.iter().cloned());
        members.insert(target.clone(), territory.clone());
        let after: u64 = territory.iter().map(|c| population[c.as_str()]).sum();
        assert!(
            after <= cap,
            "S6 cap: {target} reaches {after} > {cap} inhabitants"
        );
        if by_sea.contains(target) {
            continue;
        }
        // Every added unit must reach an original unit (or, for a new CPTS, the first added
        // unit) through units of the territory.
        let starts: Vec<String> = if before.is_empty() {
            vec![codes[0].clone()]
        } else {
            before.iter().cloned().collect()
        };
        let mut seen: BTreeSet<String> = starts.iter().cloned().collect();
        let mut stack = starts;
        while let Some(c) = stack.pop() {
            for n in neighbours.get(&c).into_iter().flatten() {
                if territory.contains(n) && seen.insert(n.clone()) {
                    stack.push(n.clone());
                }
            }
        }
        for code in codes {
            assert!(
                seen.contains(code),
                "S6 contiguity: {code} is not connected to the rest of {target}"
            );
        }
    }
    plan
}

/// Zone id → its options (rank order).
fn options_by_zone(out: &Path) -> BTreeMap<String, Vec<Row>> {
    let mut by_zone: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for row in read_csv(&out.join("options.csv")) {
        by_zone.entry(row["zone_id"].clone()).or_default().push(row);
    }
    for options in by_zone.values() {
        let ranks: Vec<u64> = options.iter().map(|o| num(o, "rank")).collect();
        assert_eq!(ranks, (1..=options.len() as u64).collect::<Vec<_>>());
    }
    by_zone
}

fn score(row: &Row) -> f64 {
    row["score"].parse().expect("score")
}

/// S6 on the real ARS PACA listing (région 93): the plan covers 100 %, stays contiguous and
/// under the cap; the options the acceptance names.
#[test]
fn paca_plan() {
    let Some(data) = shared_data("paca_plan") else {
        return;
    };
    let out = run_paca(
        "plan",
        "paca-plan",
        &data,
        &["--region", "93", "--write-adjacency"],
    );
    let plan = check_plan(&out);
    assert_eq!(plan.len(), 46, "the 46 uncovered PACA units");

    let coverage = read_csv(&out.join("plan_coverage.csv"));
    let paca = coverage
        .iter()
        .find(|r| r["scope_type"] == "region" && r["scope_code"] == "93")
        .expect("région 93");
    assert_eq!(paca["pct_covered"], "98.06");
    assert_eq!(
        paca["pct_after_plan"], "100.00",
        "S6: coverage reaches 100 %"
    );
    assert_eq!(num(paca, "pop_after_plan"), num(paca, "population_total"));
    assert!(coverage.iter().all(|r| r["pct_after_plan"] == "100.00"));
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["plan"]["units_placed"], 46);
    assert_eq!(summary["plan"]["population_placed"], 101_089);
    assert_eq!(summary["plan"]["over_cap"].as_array().unwrap().len(), 0);

    let options = options_by_zone(&out);
    let zones = read_csv(&out.join("zones.csv"));
    let units = read_csv(&out.join("units.csv"));
    let cpts_of: HashMap<&str, Vec<&str>> = units
        .iter()
        .map(|u| {
            (
                u["code"].as_str(),
                u["cpts_ids"].split(';').filter(|s| !s.is_empty()).collect(),
            )
        })
        .collect();
    let adjacency = read_csv(&out.join("adjacency.csv"));

    // Mandelieu-la-Napoule / Théoule-sur-Mer / Tanneron: the Grassois extension borders the
    // zone, and the border it reports is the one adjacency.csv gives (S11 puts a split first).
    let mandelieu = zones
        .iter()
        .find(|z| z["codes"] == "06079;06138;83133")
        .expect("Mandelieu zone");
    let first = options[&mandelieu["zone_id"]]
        .iter()
        .find(|o| o["target_id"] == "PACA033")
        .expect("CPTS Pays Grassois");
    assert_eq!(first["kind"], "extend");
    let zone_codes: BTreeSet<&str> = mandelieu["codes"].split(';').collect();
    let shared_m: f64 = adjacency
        .iter()
        .filter_map(|p| {
            let (a, b) = (p["code_a"].as_str(), p["code_b"].as_str());
            let outside = match (zone_codes.contains(a), zone_codes.contains(b)) {
                (true, false) => b,
                (false, true) => a,
                _ => return None,
            };
            cpts_of[outside]
                .contains(&"PACA033")
                .then(|| p["shared_m"].parse::<f64>().unwrap())
        })
        .sum();
    let reported: f64 = first["shared_border_km"].parse().unwrap();
    assert!(shared_m > 0.0, "PACA033 borders the zone");
    assert!(
        (reported - shared_m / 1000.0).abs() < 0.01,
        "{reported} km vs {shared_m} m"
    );
    assert_eq!(
        plan["06079"]["target_id"], "PACA068",
        "S11: the plan shares the zone along its EPCI"
    );

    // Marseille 1er: extension of a CPTS of the arrondissements around it.
    let first = &options["Z0001"][0];
    assert_eq!(zones[0]["codes"], "13201");
    assert_eq!(first["kind"], "extend");
    let target = first["target_id"].as_str();
    let arrondissements: Vec<&str> = cpts_of
        .iter()
        .filter(|(code, ids)| code.starts_with("132") && ids.contains(&target))
        .map(|(code, _)| *code)
        .collect();
    assert!(
        !arrondissements.is_empty(),
        "{target} covers Marseille arrondissements"
    );
    assert_eq!(plan["13201"]["target_id"], target);
    assert_eq!(plan["13201"]["kind"], "extend");

    // A one-commune zone is never proposed as a new CPTS.
    for zone in zones.iter().filter(|z| num(z, "units") == 1) {
        let id = &zone["zone_id"];
        assert!(
            options[id].iter().all(|o| o["kind"] == "extend"),
            "{id} ({}) is offered a new CPTS",
            zone["codes"]
        );
        assert_eq!(plan[&zone["codes"]]["kind"], "extend");
    }
    // The 32-commune zone of the Alpes-de-Haute-Provence is shared along its EPCI among the
    // CPTS holding them (S11), each unit with one of the split's CPTS.
    let sisteron = zones.iter().find(|z| num(z, "units") == 32).expect("32");
    let first = &options[&sisteron["zone_id"]][0];
    assert_eq!(first["kind"], "split");
    let targets: Vec<&str> = first["target_id"].split(';').collect();
    assert!(targets.len() >= 2, "{targets:?}");
    assert!(sisteron["codes"].split(';').all(|c| {
        targets.contains(&plan[c]["target_id"].as_str())
            && plan[c]["reason"].starts_with("follows option 1 (split)")
    }));
    // Scores are in [0, 100] and are the sum of their points.
    for row in options.values().flatten() {
        let s = score(row);
        assert!((0.0..=100.0).contains(&s), "{s}");
        let points: f64 = row
            .iter()
            .filter(|(k, v)| k.starts_with("pts_") && !v.is_empty())
            .map(|(_, v)| v.parse::<f64>().unwrap())
            .sum();
        assert!((points - s).abs() < 0.1, "{row:?}");
    }
}

/// S6 on the national scenario: every uncovered unit with geometry placed; coverage after the
/// plan is 100 % in every département that has geometry for all its units.
#[test]
fn national_plan() {
    let Some(data) = shared_data("national_plan") else {
        return;
    };
    let out = run_national("plan", "national-plan", &data, &["--write-adjacency"]);
    let plan = check_plan(&out);
    let zones = read_csv(&out.join("zones.csv"));
    assert_eq!(zones.len(), 525);
    let zoned: usize = zones.iter().map(|z| num(z, "units") as usize).sum();
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["plan"]["units_placed"], zoned as u64);
    assert_eq!(summary["plan"]["over_cap"].as_array().unwrap().len(), 0);
    // Uncovered units without geometry are listed, not placed.
    let unzoned: Vec<&str> = summary["zones"]["unzoned_units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for code in &unzoned {
        assert_eq!(plan[*code]["kind"], "unplaced_no_geometry");
        assert_eq!(plan[*code]["target_id"], "");
    }
    assert_eq!(plan.len(), zoned + unzoned.len());

    let without_geometry: BTreeSet<String> = summary["study_area"]["units_without_geometry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap()[..2].to_string())
        .collect();
    let coverage = read_csv(&out.join("plan_coverage.csv"));
    let mut checked = 0;
    for row in coverage.iter().filter(|r| r["scope_type"] == "departement") {
        let code = &row["scope_code"];
        if without_geometry
            .iter()
            .any(|d| code.starts_with(d.as_str()))
        {
            continue;
        }
        assert_eq!(row["pct_after_plan"], "100.00", "S6: département {code}");
        assert_eq!(num(row, "pop_after_plan"), num(row, "population_total"));
        checked += 1;
    }
    assert!(checked >= 95, "{checked} départements checked");
    // The 800 000-inhabitant Anjou–Mayenne zone is split into several new CPTS under the cap.
    let options = options_by_zone(&out);
    let first = &options["Z0001"][0];
    assert_eq!(first["kind"], "create");
    assert!(first["new_cpts"].split(';').count() >= 4, "{first:?}");
    // Corse has no neighbour by land: new CPTS, no extension across the sea for a large zone.
    let corse = zones
        .iter()
        .find(|z| z["departements"] == "2A;2B")
        .expect("Corse");
    assert!(options[&corse["zone_id"]][0]["kind"] != "extend");
}

/// Real flows: Martinique commuting flows (INSEE) on a listing where four communes around
/// Fort-de-France are left uncovered; every extension's flow share is the share of the zone's
/// commuters going to the CPTS's communes, computed here from the CSV.
#[test]
fn martinique_flows_evidence() {
    let Some(data) = shared_data("martinique_flows_evidence") else {
        return;
    };
    let out = temp_dir("martinique-flows");
    let scenario = std::fs::read_to_string(data.join("scenarios/france-dev.csv")).unwrap();
    let white = ["97209", "97229", "97213", "97224"];
    let mut listing = String::new();
    let mut lines = scenario.lines();
    listing.push_str(lines.next().unwrap());
    listing.push('\n');
    for line in lines {
        let fields: Vec<&str> = line.split(';').collect();
        if fields[3].starts_with("972") && !white.contains(&fields[3]) {
            listing.push_str(line);
            listing.push('\n');
        }
    }
    let listing_path = out.join("cpts-972.csv");
    std::fs::write(&listing_path, listing).unwrap();
    let flows_path = data.join("martinique-flows/commuting-flows.csv");
    let results = out.join("results");
    run_ok(&[
        "plan",
        "--communes",
        path_str(&data.join("france/communes-2026.geojson.gz")),
        "--cpts",
        path_str(&listing_path),
        "--departement",
        "972",
        "--flows",
        path_str(&flows_path),
        "--write-adjacency",
        "--out",
        path_str(&results),
        "--quiet",
    ]);
    check_plan(&results);
    let summary = read_json(&results.join("summary.json"));
    assert_eq!(summary["plan"]["flows"]["rows"], 119);
    assert_eq!(summary["plan"]["flows"]["rows_used"], 119);
    assert_eq!(summary["plan"]["flows"]["rows_unresolved"], 0);
    let zones = read_csv(&results.join("zones.csv"));
    assert_eq!(zones.len(), 1, "{zones:?}");
    let zone: BTreeSet<&str> = zones[0]["codes"].split(';').collect();
    assert_eq!(zone, white.into_iter().collect());

    let units = read_csv(&results.join("units.csv"));
    let mut communes_of: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for u in &units {
        for id in u["cpts_ids"].split(';').filter(|s| !s.is_empty()) {
            communes_of
                .entry(id)
                .or_default()
                .insert(u["code"].as_str());
        }
    }
    let flows = read_csv(&flows_path);
    let from_zone: Vec<(&str, f64)> = flows
        .iter()
        .filter(|f| zone.contains(f["i"].as_str()))
        .map(|f| (f["j"].as_str(), f["fij"].parse::<f64>().unwrap()))
        .collect();
    let total: f64 = from_zone.iter().map(|(_, n)| n).sum();
    assert!(total > 0.0);
    let options = options_by_zone(&results);
    let extends: Vec<&Row> = options["Z0001"]
        .iter()
        .filter(|o| o["kind"] == "extend")
        .collect();
    assert!(extends.len() >= 2, "{extends:?}");
    for option in &extends {
        let communes = &communes_of[option["target_id"].as_str()];
        let expected: f64 = from_zone
            .iter()
            .filter(|(j, _)| communes.contains(j))
            .map(|(_, n)| n)
            .sum::<f64>()
            / total;
        let reported: f64 = option["flow_pct"].parse().unwrap();
        assert!(
            (reported - 100.0 * expected).abs() < 0.006,
            "{}: flow share {reported} vs {expected}",
            option["target_id"]
        );
        assert!(!option["pts_flows"].is_empty());
    }
    // The create option reports the share of flows that stay in the zone.
    if let Some(create) = options["Z0001"].iter().find(|o| o["kind"] == "create") {
        let inside: f64 = from_zone
            .iter()
            .filter(|(j, _)| zone.contains(j))
            .map(|(_, n)| n)
            .sum::<f64>()
            / total;
        assert!(!create["pts_autonomy"].is_empty());
        assert!(inside > 0.0, "some commuters stay in the zone");
    }
}

/// MSP evidence (S6): MSP located by commune code and by lon/lat; a zone with an MSP gets no
/// mentor option, one without gets it; an unknown code is reported, not dropped.
#[test]
fn paca_msp_evidence() {
    let Some(data) = shared_data("paca_msp_evidence") else {
        return;
    };
    let dir = temp_dir("paca-msp-input");
    let msp = dir.join("msp.csv");
    std::fs::write(
        &msp,
        "id;nom;code_commune;lon;lat\n\
         MSP-1;MSP de Mandelieu;;6,9383;43,5466\n\
         MSP-2;MSP de Théoule;06138;;\n\
         MSP-3;MSP fantôme;99999;;\n\
         MSP-4;MSP de Gap;05061;;\n",
    )
    .unwrap();
    let out = run_paca(
        "plan",
        "paca-msp",
        &data,
        &["--region", "93", "--msp", path_str(&msp)],
    );
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["plan"]["msp"]["rows"], 4);
    assert_eq!(summary["plan"]["msp"]["rows_used"], 3);
    assert_eq!(summary["plan"]["msp"]["rows_unresolved"], 1);
    let unresolved = read_csv(&out.join("unresolved.csv"));
    let row = unresolved
        .iter()
        .find(|r| r["value"] == "99999")
        .expect("unknown MSP code reported");
    assert!(
        row["file"].ends_with("msp.csv") && row["row"] == "4",
        "{row:?}"
    );
    assert!(row["reason"].contains("MSP"), "{row:?}");

    let options = options_by_zone(&out);
    let zones = read_csv(&out.join("zones.csv"));
    let mandelieu = &zones
        .iter()
        .find(|z| z["codes"] == "06079;06138;83133")
        .unwrap()["zone_id"];
    let create = options[mandelieu]
        .iter()
        .find(|o| o["kind"] == "create")
        .expect("create option");
    assert_eq!(create["msp_count"], "2");
    assert!(options[mandelieu].iter().all(|o| o["kind"] != "mentor"));
    // Bouyon zone (06): viable for a new CPTS, no MSP → mentor offered.
    let bouyon = &zones
        .iter()
        .find(|z| z["codes"].starts_with("06022"))
        .unwrap()["zone_id"];
    let mentor = options[bouyon]
        .iter()
        .find(|o| o["kind"] == "mentor")
        .expect("mentor option");
    assert_eq!(mentor["msp_count"], "0");
    assert_eq!(mentor["target_stage"], "aci");
}

/// Determinism: the plan outputs and the report (its date pinned by `SOURCE_DATE_EPOCH`) are
/// byte-identical with 1 and with 2 threads.
#[test]
fn plan_outputs_identical_across_thread_counts() {
    let Some(data) = shared_data("plan_outputs_identical_across_thread_counts") else {
        return;
    };
    let outputs: Vec<_> = ["1", "2"]
        .into_iter()
        .map(|threads| {
            run_national_with_env(
                "analyze",
                &format!("plan-threads-{threads}"),
                &data,
                &[
                    ("RAYON_NUM_THREADS", threads),
                    ("SOURCE_DATE_EPOCH", "1795392000"),
                ],
            )
        })
        .collect();
    for name in [
        "options.csv",
        "plan.csv",
        "plan_coverage.csv",
        "plan.geojson",
        "summary.json",
        "zones.csv",
        "report.html",
    ] {
        let a = std::fs::read(outputs[0].join(name)).unwrap();
        let b = std::fs::read(outputs[1].join(name)).unwrap();
        assert!(a == b, "{name} differs between 1 and 2 threads");
    }
}
