//! Issue 28, monitoring the plan: indicators per commune aggregated onto zones and scopes, the
//! task force's register carried into zones.csv, the report and the DGOS return, CPTS counts
//! by stage and the months from one stage to the next — on the real PACA listing and the
//! national scenario, checked against computations written here.

mod common;

use common::{path_str, read_csv, run_into, shared_data, temp_dir};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// PACA over the national layer, as a task force of the région runs it.
fn paca(data: &Path) -> Vec<String> {
    let mut inputs = common::paca_inputs(data);
    inputs.extend(["--region".into(), "93".into()]);
    inputs
}

/// Values written per code: (médecins, APL).
type Written = HashMap<String, (Option<f64>, Option<f64>)>;

/// An indicator table as DREES/INSEE ship them: a title row, `;`, CRLF, decimal commas, a
/// label column, secret-statistique cells (`s`), communes left out and an unknown code.
/// Returns the file and the values written (code → (médecins, APL)).
fn indicator_file(dir: &Path, units: &[HashMap<String, String>]) -> (PathBuf, Written) {
    let mut text = String::from("Indicateurs d'accès aux soins — DREES 2025\r\n\r\n");
    text.push_str("CODGEO;LIBGEO;medecins:sum;apl:mean\r\n");
    let mut written = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        if i % 89 == 3 {
            continue; // a commune the table does not hold
        }
        let code = &u["code"];
        let n: u64 = code[code.len() - 3..].parse().unwrap_or(0);
        let medecins = (n % 9) as f64;
        let apl = (n % 47) as f64 / 10.0 + 0.25;
        let (apl_cell, apl_value) = if i % 61 == 7 {
            ("s".to_string(), None)
        } else {
            (format!("{apl:.2}").replace('.', ","), Some(apl))
        };
        text.push_str(&format!(
            "{code};{};{};{apl_cell}\r\n",
            u["name"], medecins as u64
        ));
        written.insert(code.clone(), (Some(medecins), apl_value));
    }
    text.push_str("99998;Commune inconnue;4;3,0\r\n");
    let path = dir.join("indicateurs-drees.csv");
    std::fs::write(&path, text).expect("write indicators");
    (path, written)
}

/// A register as a task force keeps it: a title row, French headers, several rows per zone,
/// French dates, a zone key no zone has.
fn register_file(dir: &Path, zones: &[HashMap<String, String>]) -> PathBuf {
    let mut text = String::from(
        "Registre de la task force PACA\nzone;statut;date;stratégie;coordonnateur;commentaire\n",
    );
    for (i, z) in zones.iter().enumerate() {
        let key = &z["zone_key"];
        text.push_str(&format!("{key};à instruire;15/01/2026;;;\n"));
        if i % 2 == 0 {
            text.push_str(&format!(
                "{key};Réunion tenue;2026-03-0{};extension;non;réunion avec la CPTS voisine\n",
                1 + i % 8
            ));
        }
        if i % 3 == 0 {
            text.push_str(&format!(
                "{key};porteur identifié;20/05/2026;création clé en main;oui;\"Dr Martin; MSP\"\n"
            ));
        }
    }
    text.push_str("Z-99999;abandonnée;2026-04-01;;;couverte depuis\n");
    let path = dir.join("registre.csv");
    std::fs::write(&path, text).expect("write register");
    path
}

fn value(row: &HashMap<String, String>) -> Option<f64> {
    let v = &row["value"];
    (!v.is_empty()).then(|| v.parse().expect("value"))
}

/// The sum of médecins and the population-weighted mean of APL over `units`, and the units
/// without an APL value — computed here from units.csv and the values written.
fn expected(units: &[&HashMap<String, String>], written: &Written) -> (f64, f64, usize) {
    let (mut sum, mut weighted, mut weight, mut missing) = (0.0, 0.0, 0.0, 0);
    for u in units {
        let population: f64 = u["population"].parse().expect("population");
        let (m, a) = written.get(&u["code"]).copied().unwrap_or((None, None));
        sum += m.unwrap_or(0.0);
        match a {
            Some(a) => {
                weighted += a * population;
                weight += population;
            }
            None => missing += 1,
        }
    }
    (sum, weighted / weight, missing)
}

#[test]
fn indicators_aggregate_onto_zones_and_scopes_as_an_independent_join_and_the_register_round_trips()
{
    let Some(data) = shared_data("monitoring::indicators") else {
        return;
    };
    // A first run gives the units and zones the files are written for.
    let first = run_into("zones", "monitoring-first", &paca(&data), &[], &[]);
    let units = read_csv(&first.join("units.csv"));
    let zones = read_csv(&first.join("zones.csv"));
    assert!(zones.len() >= 5, "PACA has zones blanches: {}", zones.len());
    let dir = temp_dir("monitoring-inputs");
    let (indicators, written) = indicator_file(&dir, &units);
    let register = register_file(&dir, &zones);
    let out = run_into(
        "report-dgos",
        "monitoring",
        &paca(&data),
        &[
            "--indicators",
            path_str(&indicators),
            "--priority",
            "apl",
            "--register",
            path_str(&register),
        ],
        &[],
    );
    let rows = read_csv(&out.join("indicators.csv"));
    let find = |level: &str, code: &str, indicator: &str| {
        rows.iter()
            .find(|r| r["level"] == level && r["code"] == code && r["indicator"] == indicator)
            .unwrap_or_else(|| panic!("no row {level} {code} {indicator}"))
    };
    // Every zone: the sum and the weighted mean of its units, as joined here.
    let mut priorities = BTreeMap::new();
    for zone in &zones {
        let members: Vec<&HashMap<String, String>> = units
            .iter()
            .filter(|u| u["zone_key"] == zone["zone_key"])
            .collect();
        let (sum, mean, missing) = expected(&members, &written);
        let medecins = find("zone", &zone["zone_key"], "medecins");
        let apl = find("zone", &zone["zone_key"], "apl");
        assert_eq!(medecins["aggregation"], "sum");
        assert_eq!(apl["aggregation"], "mean");
        assert!(
            (value(medecins).expect("sum") - sum).abs() < 0.006,
            "{zone:?}"
        );
        assert!(
            (value(apl).expect("mean") - mean).abs() < 0.006,
            "{zone:?}: {mean}"
        );
        assert_eq!(apl["units_missing"].parse::<usize>().expect("n"), missing);
        priorities.insert(zone["zone_key"].clone(), mean);
    }
    // The reporting area and each département.
    let area: Vec<&HashMap<String, String>> = units
        .iter()
        .filter(|u| u["outside_area"] == "false")
        .collect();
    let (sum, mean, missing) = expected(&area, &written);
    assert!((value(find("area", "93", "medecins")).expect("sum") - sum).abs() < 0.006);
    assert!((value(find("area", "93", "apl")).expect("mean") - mean).abs() < 0.006);
    assert_eq!(
        find("area", "93", "apl")["units_missing"],
        missing.to_string()
    );
    for dep in ["04", "05", "06", "13", "83", "84"] {
        let members: Vec<&HashMap<String, String>> = area
            .iter()
            .copied()
            .filter(|u| u["departement"] == dep)
            .collect();
        let (sum, mean, _) = expected(&members, &written);
        assert!((value(find("departement", dep, "medecins")).expect("sum") - sum).abs() < 0.006);
        assert!((value(find("departement", dep, "apl")).expect("mean") - mean).abs() < 0.006);
    }
    // CPTS now and after the plan: a CPTS the plan extends gains its communes' médecins.
    let plan = read_csv(&out.join("plan.csv"));
    let mut added: BTreeMap<String, f64> = BTreeMap::new();
    for row in &plan {
        let m = written.get(&row["code"]).and_then(|w| w.0).unwrap_or(0.0);
        *added.entry(row["target_id"].clone()).or_default() += m;
    }
    assert!(!added.is_empty());
    for (target, gained) in &added {
        let after = value(find("cpts_after_plan", target, "medecins")).expect("after");
        let before = rows
            .iter()
            .find(|r| r["level"] == "cpts" && &r["code"] == target && r["indicator"] == "medecins")
            .map_or(0.0, |r| value(r).unwrap_or(0.0));
        assert!(
            (after - before - gained).abs() < 0.006,
            "{target}: {before} + {gained} ≠ {after}"
        );
    }
    // Nothing silently zero: the unknown code and the secret cells are in unresolved.csv.
    let unresolved = read_csv(&out.join("unresolved.csv"));
    let file = |r: &&HashMap<String, String>| r["file"].ends_with("indicateurs-drees.csv");
    assert!(
        unresolved
            .iter()
            .filter(file)
            .any(|r| r["value"] == "99998")
    );
    let secret = written.values().filter(|(_, a)| a.is_none()).count();
    let in_area_secret = unresolved
        .iter()
        .filter(file)
        .filter(|r| r["value"] == "s")
        .count();
    assert_eq!(in_area_secret, secret);
    let summary = common::read_json(&out.join("summary.json"));
    let warnings = summary["warnings"].as_array().expect("warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w["kind"] == "indicator_values_missing"
                && w["message"].as_str().unwrap_or("").contains("`apl`"))
    );
    // --priority: zones.csv carries it and the report lists the zones by it, highest first.
    let zones_out = read_csv(&out.join("zones.csv"));
    for z in &zones_out {
        let p: f64 = z["priority"].parse().expect("priority");
        assert!((p - priorities[&z["zone_key"]]).abs() < 0.006);
    }
    let report = std::fs::read_to_string(out.join("report.html")).expect("report");
    let table = &report[report.find("id=\"zones-table\"").expect("zones table")..];
    let listed: Vec<&str> = table
        .split("data-key=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').expect("quote")])
        .take(zones.len())
        .collect();
    let mut by_priority: Vec<(&String, &f64)> = priorities.iter().collect();
    by_priority.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    let by_priority: Vec<&str> = by_priority.iter().map(|(k, _)| k.as_str()).collect();
    // Ties keep the zones' own order; only compare the values.
    let value_of = |k: &str| priorities[k];
    assert!(
        listed.windows(2).all(|w| value_of(w[0]) >= value_of(w[1])),
        "{listed:?} vs {by_priority:?}"
    );
    check_register(&out, &zones, &register);
}

/// The register in zones.csv, the report, the DGOS return, and back through the template.
fn check_register(out: &Path, zones: &[HashMap<String, String>], register: &Path) {
    let zones_out = read_csv(&out.join("zones.csv"));
    for (i, zone) in zones.iter().enumerate() {
        let z = zones_out
            .iter()
            .find(|z| z["zone_key"] == zone["zone_key"])
            .expect("zone");
        let (status, date, coordinator) = match (i % 3, i % 2) {
            (0, _) => ("porteur identifié", "2026-05-20".to_string(), "true"),
            (_, 0) => ("réunion tenue", format!("2026-03-0{}", 1 + i % 8), "false"),
            _ => ("à instruire", "2026-01-15".to_string(), ""),
        };
        assert_eq!(z["register_status"], status, "{}", zone["zone_key"]);
        assert_eq!(z["register_date"], date);
        assert_eq!(z["register_coordinator"], coordinator);
        let rows = 1 + usize::from(i % 2 == 0) + usize::from(i % 3 == 0);
        assert_eq!(z["register_rows"], rows.to_string());
    }
    let unresolved = read_csv(&out.join("unresolved.csv"));
    assert!(
        unresolved
            .iter()
            .any(|r| r["value"] == "Z-99999" && r["file"] == path_str(register))
    );
    // The report says it, zone by zone.
    let report = std::fs::read_to_string(out.join("report.html")).expect("report");
    assert!(report.contains("Registre de la task force — zones par statut"));
    assert!(report.contains("<b>porteur identifié</b> · 20/05/2026 · coordonnateur financé"));
    // The DGOS return lists every zone with its plan and its status.
    let dgos = std::fs::read_to_string(out.join("retour-dgos.html")).expect("dgos");
    common::assert_french(&dgos, "retour-dgos.html");
    for zone in &zones_out {
        let at = dgos
            .find(&format!("data-key=\"{}\"", zone["zone_key"]))
            .unwrap_or_else(|| panic!("{} not in the return", zone["zone_key"]));
        let row = &dgos[at..at + dgos[at..].find("</tr>").expect("row end")];
        assert!(row.contains(&format!("<td class=\"status\">{}", zone["register_status"])));
        assert!(
            ["extension", "création", "maturation"]
                .iter()
                .any(|m| row.contains(m)),
            "{row}"
        );
    }
    assert!(dgos.contains("data-region=\"93\""));
    // Printable: Chromium prints it to A4 landscape pages whose text holds every zone key.
    if let (Some(browser), Some(pdftotext)) = (
        common::browser::chromium("monitoring::dgos print"),
        common::browser::poppler("pdftotext", "monitoring::dgos print"),
    ) {
        let pdf = out.join("retour-dgos.pdf");
        common::browser::print_to_pdf(&browser, &out.join("retour-dgos.html"), &pdf, "dgos-print");
        let text = std::process::Command::new(pdftotext)
            .args(["-layout", path_str(&pdf), "-"])
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("retour à la DGOS"), "{text}");
        for zone in &zones_out {
            assert!(
                text.contains(zone["zone_key"].as_str()),
                "{} printed",
                zone["zone_key"]
            );
        }
    }
    let workbook = out.join("retour-dgos.xlsx");
    let sheets = xlsx_rows(&workbook, "zones");
    assert_eq!(sheets.len(), zones_out.len() + 1);
    for zone in &zones_out {
        assert!(
            sheets
                .iter()
                .any(|r| r[2] == zone["zone_key"] && r[9] == zone["register_status"])
        );
    }
    let summary = xlsx_rows(&workbook, "synthese");
    let region_row = summary.iter().find(|r| r[0] == "93").expect("PACA row");
    assert_eq!(region_row[10], zones_out.len().to_string());
    // The template analyze writes, filled as it comes (the current rows), reads back to the
    // same statuses.
    let again = run_into(
        "analyze",
        "monitoring-template",
        &paca(&shared_data("monitoring::template").expect("data")),
        &["--register", path_str(&out.join("register-template.xlsx"))],
        &[],
    );
    let back = read_csv(&again.join("zones.csv"));
    for z in &zones_out {
        let b = back
            .iter()
            .find(|b| b["zone_key"] == z["zone_key"])
            .expect("zone");
        assert_eq!(b["register_status"], z["register_status"]);
        assert_eq!(b["register_date"], z["register_date"]);
        assert_eq!(b["register_coordinator"], z["register_coordinator"]);
    }
}

/// The cells of a sheet as text.
fn xlsx_rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(path).expect("open workbook");
    let range = book.worksheet_range(sheet).expect("sheet");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// S10: months from one stage to the next by scope, against the listing's own dates; and the
/// CPTS counts by stage of coverage.csv.
#[test]
fn s10_stage_durations_and_cpts_counts_follow_the_listing() {
    let Some(data) = shared_data("monitoring::durations") else {
        return;
    };
    let listing = data.join("scenarios/france-dev.csv");
    let inputs = vec!["--cpts".to_string(), path_str(&listing).to_string()];
    let out = run_into("coverage", "monitoring-durations", &inputs, &[], &[]);
    // Months LI → PS and PS → ACI of every CPTS, from its first row.
    let text = std::fs::read_to_string(&listing).expect("listing");
    let mut seen = std::collections::BTreeSet::new();
    let (mut li_ps, mut ps_aci) = (Vec::new(), Vec::new());
    let date = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(';').collect();
        if !seen.insert(cells[0].to_string()) {
            continue;
        }
        let (li, ps, aci) = (date(cells[5]), date(cells[6]), date(cells[7]));
        if let (Some(a), Some(b)) = (li, ps) {
            li_ps.push((b - a).num_days() as f64 / 30.4375);
        }
        if let (Some(a), Some(b)) = (ps, aci) {
            ps_aci.push((b - a).num_days() as f64 / 30.4375);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let rank = 0.5 * (v.len() - 1) as f64;
        let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
        v[lo] + (v[hi] - v[lo]) * (rank - lo as f64)
    };
    let rows = read_csv(&out.join("stage_durations.csv"));
    let france = |step: &str| {
        rows.iter()
            .find(|r| r["scope_type"] == "france" && r["step"] == step)
            .expect("france row")
    };
    for (step, values) in [("li_to_ps", &mut li_ps), ("ps_to_aci", &mut ps_aci)] {
        let row = france(step);
        assert_eq!(row["cpts"], values.len().to_string(), "{step}");
        let m: f64 = row["median_months"].parse().expect("median");
        assert!(
            (m - median(values)).abs() <= 0.051,
            "{step}: {m} vs {}",
            median(values)
        );
        let (q1, q3): (f64, f64) = (
            row["q1_months"].parse().expect("q1"),
            row["q3_months"].parse().expect("q3"),
        );
        assert!(q1 <= m && m <= q3);
    }
    assert!(rows.iter().filter(|r| r["scope_type"] == "region").count() >= 13);
    // CPTS counts: every CPTS of the scenario is in France at one stage.
    let coverage = read_csv(&out.join("coverage.csv"));
    let fr = coverage
        .iter()
        .find(|r| r["scope_type"] == "france")
        .expect("france");
    let count = |k: &str| fr[k].parse::<usize>().expect("count");
    let summary = common::read_json(&out.join("summary.json"));
    let cpts = summary["counts"]["cpts"].as_u64().expect("cpts count") as usize;
    assert!(count("cpts_aci") > 0 && count("cpts_li") > 0);
    assert!(count("cpts_li") + count("cpts_ps") + count("cpts_aci") <= cpts);
    let dep = coverage
        .iter()
        .filter(|r| r["scope_type"] == "departement")
        .map(|r| r["cpts_aci"].parse::<usize>().expect("n"))
        .sum::<usize>();
    assert!(
        dep >= count("cpts_aci"),
        "a CPTS counts in each département it reaches"
    );
}

/// Issue 28: `compare` writes a report with a map of the units that gained or lost coverage —
/// the national scenario on three départements at two dates; its counts are those of
/// changes_units.csv, and headless Chromium opens it (the README's screenshot).
#[test]
fn s10_compare_writes_a_report_with_a_map_of_what_changed() {
    let Some(data) = shared_data("monitoring::compare") else {
        return;
    };
    let inputs: Vec<String> = [
        "--communes",
        path_str(&data.join("france/communes-2026.geojson.gz")),
        "--cpts",
        path_str(&data.join("scenarios/france-dev.csv")),
        "--departement",
        "13",
        "--departement",
        "83",
        "--departement",
        "84",
    ]
    .map(String::from)
    .to_vec();
    let out = run_into(
        "compare",
        "monitoring-compare",
        &inputs,
        &["--as-of", "2024-01-01", "--as-of", "2025-06-01"],
        &[],
    );
    let units = read_csv(&out.join("changes_units.csv"));
    let covered: Vec<&HashMap<String, String>> =
        units.iter().filter(|u| u["change"] == "covered").collect();
    assert!(
        !covered.is_empty(),
        "communes became covered between the dates"
    );
    let population: u64 = covered.iter().map(|u| common::num(u, "population")).sum();
    let report = std::fs::read_to_string(out.join("report.html")).expect("report");
    common::assert_french(&report, "compare report.html");
    let line = format!(
        "{} communes devenues couvertes ({} hab.)",
        covered.len(),
        zones_blanches::format::thousands(population)
    );
    assert!(report.contains(&line), "{line}");
    assert!(
        report.contains("class=\"changed changed-gained\""),
        "the map hatches them"
    );
    assert!(report.contains(&format!(
        "Devenue couverte : {} unités, {} hab.",
        covered.len(),
        zones_blanches::format::thousands(population)
    )));
    let cpts = read_csv(&out.join("changes_cpts.csv"));
    for c in &cpts {
        assert!(report.contains(&format!("data-cpts=\"{}\"", c["cpts_id"])));
    }
    // Marseille's arrondissements are in an inset of the map.
    assert!(report.contains("Marseille (arrondissements)"));
    if let Some(browser) = common::browser::chromium("monitoring::compare screenshot") {
        let shot = out.join("compare-report.png");
        let profile = temp_dir("monitoring-compare-chromium");
        common::browser::headless(
            &browser,
            &profile,
            &out.join("report.html"),
            &[
                "--window-size=1400,1500".to_string(),
                format!("--screenshot={}", shot.display()),
            ],
        );
        let png = std::fs::read(&shot).expect("Chromium wrote the screenshot");
        assert!(png.starts_with(b"\x89PNG") && png.len() > 50_000);
    }
}

/// Issue 28: with a members column in the listing and `--professionals`, each CPTS's share of
/// members — checked against the professionals summed here over its communes.
#[test]
fn the_share_of_members_of_each_cpts_is_its_members_over_its_professionals() {
    let Some(data) = shared_data("monitoring::members") else {
        return;
    };
    let dir = temp_dir("monitoring-members-inputs");
    // The real PACA listing with a members column, as an ARS export would add it.
    let text = std::fs::read_to_string(data.join("paca/cpts-paca-2026-01.csv")).expect("listing");
    let mut lines = text.lines();
    let mut listing = format!(
        "{};nb_adherents\n",
        lines.next().expect("header").replace(',', ";")
    );
    let mut members: BTreeMap<String, u32> = BTreeMap::new();
    for line in lines {
        let id = line.split(',').next().unwrap_or_default().to_string();
        let n = 20 + id.bytes().map(u32::from).sum::<u32>() % 60;
        members.insert(id, n);
        // Quoted cells keep their commas: only the separators between cells change.
        let mut cells = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        for record in reader.records() {
            cells.extend(record.expect("row").iter().map(String::from));
        }
        listing.push_str(&format!("{};{n}\n", cells.join(";")));
    }
    let listing_path = dir.join("cpts-paca-adherents.csv");
    std::fs::write(&listing_path, listing).expect("write listing");
    let first = run_into(
        "coverage",
        "monitoring-members-units",
        &paca(&data),
        &[],
        &[],
    );
    let units = read_csv(&first.join("units.csv"));
    let (indicators, written) = indicator_file(&dir, &units);
    let mut inputs = paca(&data);
    let at = inputs.iter().position(|a| a == "--cpts").expect("--cpts") + 1;
    inputs[at] = path_str(&listing_path).to_string();
    let out = run_into(
        "coverage",
        "monitoring-members",
        &inputs,
        &[
            "--indicators",
            path_str(&indicators),
            "--professionals",
            "medecins",
        ],
        &[],
    );
    let rows = read_csv(&out.join("cpts_members.csv"));
    assert!(rows.len() >= 60, "{} CPTS", rows.len());
    for row in &rows {
        let id = &row["cpts_id"];
        assert_eq!(row["members"], members[id].to_string(), "{id}");
        let professionals: f64 = units
            .iter()
            .filter(|u| u["cpts_ids"].split(';').any(|c| c == id))
            .filter_map(|u| written.get(&u["code"]).and_then(|w| w.0))
            .sum();
        let got: f64 = row["professionals"].parse().expect("professionals");
        assert!(
            (got - professionals).abs() < 0.006,
            "{id}: {got} vs {professionals}"
        );
        if professionals > 0.0 {
            let share: f64 = row["members_share_pct"].parse().expect("share");
            let expected = (1000.0 * members[id] as f64 / professionals).round() / 10.0;
            assert!(
                (share - expected).abs() < 0.051,
                "{id}: {share} vs {expected}"
            );
        }
    }
    // A member count that is not a number is an error naming the row and the field.
    let bad = dir.join("bad-members.csv");
    std::fs::write(
        &bad,
        "cpts_id;cpts_name;stage;commune_code;nb_adherents\nX1;CPTS X;aci;04001;une trentaine\n",
    )
    .expect("write");
    let output = common::run(
        &[
            "coverage",
            "--cpts",
            path_str(&bad),
            "--out",
            path_str(&dir.join("bad-out")),
            "-q",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("row 2") && stderr.contains("nb_adherents"),
        "{stderr}"
    );
}
