//! S7: a task-force run reports its area and analyses the context around it — zones reported
//! whole across the border, CPTS of the neighbouring département as candidates, flagged; a
//! regional listing's unknown neighbours left out and named (real PACA listing, national layer).

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn paca(data: &Path, command: &str, name: &str, area: &[&str]) -> PathBuf {
    let out = temp_dir(name);
    let communes = data.join("france/communes-2026.geojson.gz");
    let listing = data.join("paca/cpts-paca-2026-01.csv");
    let mut args = vec![
        command,
        "--communes",
        path_str(&communes),
        "--cpts",
        path_str(&listing),
        "--cpts-column",
        "commune_code=code_insee_cog2026",
        "--default-stage",
        "aci",
        "--out",
        path_str(&out),
        "-q",
    ];
    args.extend_from_slice(area);
    run_ok(&args);
    out
}

#[test]
fn s7_a_departement_run_reports_its_zones_whole_and_flags_the_border() {
    let Some(data) =
        shared_data("s7_a_departement_run_reports_its_zones_whole_and_flags_the_border")
    else {
        return;
    };
    let out = paca(&data, "plan", "s7-06", &["--departement", "06"]);
    // The zone of Mandelieu runs into the Var: reported whole, 83133 flagged.
    let zones = read_csv(&out.join("zones.csv"));
    let mandelieu = zones
        .iter()
        .find(|z| z["codes"] == "06079;06138;83133")
        .expect("the zone 06079;06138;83133");
    assert_eq!(num(mandelieu, "population"), 24_867);
    assert_eq!(mandelieu["departements"], "06;83");
    assert_eq!(mandelieu["outside_area"], "83133");
    let units = read_csv(&out.join("units.csv"));
    let flagged: Vec<&str> = units
        .iter()
        .filter(|u| u["outside_area"] == "true")
        .map(|u| u["code"].as_str())
        .collect();
    assert_eq!(
        flagged,
        ["83133"],
        "only the zone's unit outside 06 is listed"
    );
    assert_eq!(units.len(), 163 + 1);
    // A CPTS of the Var is a candidate, flagged cross-border.
    let options = read_csv(&out.join("options.csv"));
    let zone_id = &mandelieu["zone_id"];
    let var = options
        .iter()
        .find(|o| &o["zone_id"] == zone_id && o["target_name"].contains("Var"))
        .expect("a Var CPTS among the options");
    assert_eq!(var["cross_border"], "true");
    assert!(["extend", "mentor", "split"].contains(&var["kind"].as_str()));
    // The first row names the area; no France row; the plan's figures are 06's.
    let coverage = read_csv(&out.join("coverage.csv"));
    assert_eq!(
        (
            coverage[0]["scope_type"].as_str(),
            coverage[0]["scope_code"].as_str()
        ),
        ("area", "06")
    );
    assert_eq!(coverage[0]["scope_name"], "Alpes-Maritimes (06)");
    assert!(
        coverage
            .iter()
            .all(|r| r["scope_type"] != "france" && r["scope_type"] != "region")
    );
    assert_eq!(num(&coverage[0], "units"), 163);
    let plan = read_csv(&out.join("plan_coverage.csv"));
    assert_eq!(plan[0]["scope_name"], "Alpes-Maritimes (06)");
    assert_eq!(
        num(&plan[0], "population_total"),
        num(&coverage[0], "population_total")
    );
    assert_eq!(plan[0]["pct_after_plan"], "100.00");
    // The summary counts the CPTS of 06, not the 70 of the listing.
    let summary = read_json(&out.join("summary.json"));
    let cpts = summary["counts"]["cpts"].as_u64().unwrap();
    assert!(cpts < 70 && cpts > 5, "{cpts} CPTS touch 06");
}

#[test]
fn s7_a_regional_listing_leaves_its_unknown_neighbours_out() {
    let Some(data) = shared_data("s7_a_regional_listing_leaves_its_unknown_neighbours_out") else {
        return;
    };
    let out = paca(&data, "zones", "s7-93", &["--region", "PACA"]);
    // PACA's 7 zones (6 of communes and Marseille 1er), none running into the Drôme.
    let zones = read_csv(&out.join("zones.csv"));
    assert_eq!(zones.len(), 7);
    assert!(zones.iter().all(|z| z["outside_area"].is_empty()));
    let summary = read_json(&out.join("summary.json"));
    let warning = summary["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "context_left_out")
        .expect("a warning names the départements left out");
    let message = warning["message"].as_str().unwrap();
    for neighbour in ["26 Drôme", "38 Isère", "73 Savoie", "30 Gard"] {
        assert!(message.contains(neighbour), "{message}");
    }
    let coverage = read_csv(&out.join("coverage.csv"));
    assert_eq!(coverage[0]["scope_name"], "Provence-Alpes-Côte d'Azur (93)");
    assert_eq!(coverage[1]["scope_type"], "region");
}

/// S8: decisions change the plan — three units assigned to a CPTS of the Var, a CPTS that
/// refuses every extension — and those that cannot be honoured are reported with their reason.
#[test]
fn s8_the_plan_follows_the_task_force_decisions() {
    let Some(data) = shared_data("s8_the_plan_follows_the_task_force_decisions") else {
        return;
    };
    let dir = temp_dir("s8-decisions");
    let decisions = dir.join("decisions.csv");
    std::fs::write(
        &decisions,
        "Décisions de la task force du 12/11/2026\n\
         unit;cpts;decision\n\
         06079;PACA048;assign\n\
         06138;PACA048;assign\n\
         83133;PACA048;assign\n\
         ;PACA004;forbid\n\
         13001;PACA048;assign\n\
         04140;PACA016;assign\n\
         06022;PACA999;assign\n\
         13111;new:CPTS Sainte-Victoire;assign\n",
    )
    .unwrap();
    let before = paca(&data, "plan", "s8-before", &["--region", "93"]);
    let after = paca(
        &data,
        "plan",
        "s8-after",
        &["--region", "93", "--decisions", path_str(&decisions)],
    );
    let plan = |dir: &Path| read_csv(&dir.join("plan.csv"));
    let row = |rows: &[std::collections::HashMap<String, String>], code: &str| {
        rows.iter().find(|r| r["code"] == code).unwrap().clone()
    };
    let (was, now) = (plan(&before), plan(&after));
    // Assigned: the zone of Mandelieu goes to CPTS Var Estérel Méditerranée, decided.
    assert_eq!(
        row(&was, "06079")["target_id"],
        "PACA068",
        "S11: the zone is shared along its EPCI"
    );
    for code in ["06079", "06138", "83133"] {
        let r = row(&now, code);
        assert_eq!(
            (r["target_id"].as_str(), r["decided"].as_str()),
            ("PACA048", "true"),
            "{code}"
        );
        assert!(
            r["reason"].starts_with("decided by the task force ("),
            "{r:?}"
        );
    }
    // Refused: the zone of Sisteron, shared along its EPCI between Buëch-Dévoluy and Alpes
    // Bléone Durance (S11), no longer can be once the latter is ruled out: it becomes a new
    // CPTS (sparse zone, S11), and says why.
    assert_eq!(row(&was, "04209")["target_id"], "PACA006");
    let sisteron = row(&now, "04209");
    assert_eq!(sisteron["target_id"], "N-04209");
    assert_eq!(sisteron["decided"], "false");
    assert!(
        sisteron["reason"].contains("follows option 2")
            && sisteron["reason"].contains("ruled out by a decision"),
        "{sisteron:?}"
    );
    assert!(
        now.iter().all(|r| !r["reason"].is_empty()),
        "every unit has a reason"
    );
    // The impossible ones, each with its reason.
    let unresolved = read_csv(&after.join("unresolved.csv"));
    let reason = |value: &str| {
        unresolved
            .iter()
            .find(|r| r["value"] == value && r["file"].ends_with("decisions.csv"))
            .map(|r| (r["row"].clone(), r["reason"].clone()))
            .unwrap_or_else(|| panic!("{value} not reported: {unresolved:?}"))
    };
    let (row_aix, why_aix) = reason("13001");
    assert_eq!(row_aix, "7");
    assert!(why_aix.contains("covered"), "{why_aix}");
    assert!(reason("04140").1.contains("shares no border"));
    assert!(reason("PACA999").1.contains("unknown CPTS"));
    // A new CPTS the task force names.
    let vauvenargues = row(&now, "13111");
    assert_eq!(vauvenargues["decided"], "true");
    assert_eq!(vauvenargues["kind"], "create");
    let geojson = read_json(&after.join("plan.geojson"));
    let named = geojson["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["target_id"] == vauvenargues["target_id"].as_str())
        .expect("the new CPTS in plan.geojson");
    assert_eq!(named["properties"]["name"], "CPTS Sainte-Victoire");
    // Every uncovered unit is still placed once.
    assert_eq!(was.len(), now.len());
}
