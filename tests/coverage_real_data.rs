//! End-to-end tests of `zones-blanches coverage` on the real data of ../shared/data (S1–S4).

mod common;
use common::*;
use std::collections::{BTreeSet, HashMap};

/// S1, S2, S4 on the real ARS PACA listing (January 2026) over the national communes.
#[test]
fn paca_listing_on_national_communes() {
    let Some(data) = shared_data("paca_listing_on_national_communes") else {
        return;
    };
    let out = run_paca("coverage", "paca", &data, &[]);

    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["schema_version"], 1);
    assert_eq!(
        summary["counts"]["cpts"], 70,
        "every CPTS of the listing is loaded"
    );
    assert_eq!(summary["counts"]["unresolved"], 0, "S2: no unresolved code");
    assert_eq!(
        summary["counts"]["former_codes_resolved"], 1,
        "S2: 05120 → 05001"
    );
    assert_eq!(
        summary["study_area"]["units"],
        34_916 - 3 + 4,
        "S1: cities replaced by arrondissements, 4 Cantal communes without geometry added"
    );
    let without: Vec<&str> = summary["study_area"]["units_without_geometry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        without,
        ["15031", "15035", "15047", "15171"],
        "S1: restored Cantal communes"
    );

    let coverage = read_csv(&out.join("coverage.csv"));
    let paca = coverage
        .iter()
        .find(|r| r["scope_type"] == "region" && r["scope_code"] == "93")
        .expect("PACA row");
    assert_eq!(paca["scope_name"], "Provence-Alpes-Côte d'Azur");
    assert_eq!(
        num(paca, "units"),
        961,
        "S1: Marseille counted as its 16 arrondissements"
    );
    assert_eq!(num(paca, "population_total"), 5_218_960);
    assert_eq!(
        num(paca, "pop_none"),
        101_089,
        "population of the 46 uncovered units"
    );
    assert_eq!(num(paca, "pop_aci"), 5_218_960 - 101_089);
    assert_eq!(paca["pct_ge_li"], "98.06");

    let units = read_csv(&out.join("units.csv"));
    let paca_units: Vec<_> = units.iter().filter(|u| u["region"] == "93").collect();
    assert_eq!(paca_units.len(), 961);
    let uncovered: Vec<_> = paca_units
        .iter()
        .filter(|u| u["stage"].is_empty())
        .collect();
    assert_eq!(
        uncovered.len(),
        46,
        "45 communes and Marseille's 1er arrondissement"
    );
    assert!(uncovered.iter().any(|u| u["code"] == "13201"));
    assert_eq!(
        uncovered
            .iter()
            .filter(|u| u["code"].starts_with("132"))
            .count(),
        1
    );
    assert_eq!(
        uncovered.iter().map(|u| num(u, "population")).sum::<u64>(),
        101_089
    );
    assert!(
        !units.iter().any(|u| u["code"] == "13055"),
        "S1: the city's own unit is dropped"
    );
    let abries = units.iter().find(|u| u["code"] == "05001").unwrap();
    assert_eq!(
        abries["stage"], "aci",
        "the former code 05120 covers Abriès-Ristolas"
    );

    let overlaps = read_csv(&out.join("overlaps.csv"));
    assert_eq!(overlaps.len(), 2);
    let nice = overlaps
        .iter()
        .find(|o| o["code"] == "06088")
        .expect("Nice overlap");
    assert_eq!(nice["cpts_count"], "3");
    assert_eq!(nice["nature"], "shared_city");
    let toulon = overlaps
        .iter()
        .find(|o| o["code"] == "83137")
        .expect("Toulon overlap");
    assert_eq!(toulon["cpts_count"], "2");

    // units.geojson: every unit, WGS84 coordinates.
    let geojson = read_json(&out.join("units.geojson"));
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(features.len(), units.len());
    let marseille1 = features
        .iter()
        .find(|f| f["properties"]["code"] == "13201")
        .unwrap();
    let first = &marseille1["geometry"]["coordinates"][0][0][0];
    let (lon, lat) = (first[0].as_f64().unwrap(), first[1].as_f64().unwrap());
    assert!(
        (5.3..5.45).contains(&lon) && (43.28..43.32).contains(&lat),
        "{lon},{lat}"
    );
}

/// S4 invariants on the national scenario, and the COG-only run gives the same statistics.
#[test]
fn national_scenario_with_and_without_geometry() {
    let Some(data) = shared_data("national_scenario_with_and_without_geometry") else {
        return;
    };
    let listing = data.join("scenarios/france-dev.csv");
    let geo = temp_dir("scenario-geo");
    let cog_only = temp_dir("scenario-cog");
    let past = temp_dir("scenario-past");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&data.join("france/communes-2026.geojson.gz")),
        "--cpts",
        path_str(&listing),
        "--out",
        path_str(&geo),
        "-q",
    ]);
    run_ok(&[
        "coverage",
        "--cog",
        path_str(&data.join("france/cog-communes-2026.csv.gz")),
        "--cpts",
        path_str(&listing),
        "--out",
        path_str(&cog_only),
        "-q",
    ]);
    run_ok(&[
        "coverage",
        "--cog",
        path_str(&data.join("france/cog-communes-2026.csv.gz")),
        "--cpts",
        path_str(&listing),
        "--as-of",
        "2024-02-01",
        "--out",
        path_str(&past),
        "-q",
    ]);

    let coverage = read_csv(&geo.join("coverage.csv"));
    let types: BTreeSet<&str> = coverage.iter().map(|r| r["scope_type"].as_str()).collect();
    assert_eq!(
        types,
        BTreeSet::from(["departement", "epci", "france", "region"])
    );
    for row in &coverage {
        let parts: u64 = ["pop_aci", "pop_ps", "pop_li", "pop_preprojet", "pop_none"]
            .iter()
            .map(|f| num(row, f))
            .sum();
        assert_eq!(
            parts,
            num(row, "population_total"),
            "S4: stages add up for {} {}",
            row["scope_type"],
            row["scope_code"]
        );
    }
    assert_eq!(
        coverage
            .iter()
            .filter(|r| r["scope_type"] == "departement")
            .count(),
        101
    );
    assert_eq!(
        coverage
            .iter()
            .filter(|r| r["scope_type"] == "region")
            .count(),
        18
    );
    let france = coverage
        .iter()
        .find(|r| r["scope_type"] == "france")
        .unwrap();
    let units = read_csv(&geo.join("units.csv"));
    assert_eq!(
        num(france, "population_total"),
        units.iter().map(|u| num(u, "population")).sum::<u64>()
    );
    assert_eq!(num(france, "units") as usize, units.len());
    let departements_total: u64 = coverage
        .iter()
        .filter(|r| r["scope_type"] == "departement")
        .map(|r| num(r, "population_total"))
        .sum();
    assert_eq!(departements_total, num(france, "population_total"));

    // Every listing row is resolved or reported (S2): the counts add up to the file's rows,
    // and every reported code is really absent from the COG reference.
    let summary = read_json(&geo.join("summary.json"));
    let unresolved = read_csv(&geo.join("unresolved.csv"));
    let counts = &summary["counts"];
    let file_rows = std::fs::read_to_string(&listing)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count() as u64;
    assert_eq!(counts["listing_rows"].as_u64().unwrap(), file_rows);
    assert_eq!(
        counts["unresolved"].as_u64().unwrap() as usize,
        unresolved.len()
    );
    assert!(
        !unresolved.is_empty(),
        "the scenario has a few unknown codes"
    );
    assert_eq!(
        counts["listing_rows_resolved"].as_u64().unwrap()
            + counts["listing_rows_unresolved"].as_u64().unwrap()
            + counts["listing_rows_outside_study_area"].as_u64().unwrap(),
        file_rows,
        "rows = resolved + unresolved + outside"
    );
    let cog_codes: BTreeSet<String> = {
        let text = {
            use std::io::Read;
            let mut s = String::new();
            flate2::read::GzDecoder::new(
                std::fs::File::open(data.join("france/cog-communes-2026.csv.gz")).unwrap(),
            )
            .read_to_string(&mut s)
            .unwrap();
            s
        };
        text.lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect()
    };
    for row in &unresolved {
        assert!(
            !cog_codes.contains(&row["value"]),
            "{} is in the COG but was reported unresolved",
            row["value"]
        );
        assert!(row["row"].parse::<u64>().unwrap() >= 2);
    }
    assert!(
        counts["former_codes_resolved"].as_u64().unwrap() > 0,
        "the scenario uses former codes"
    );

    // The COG-only run gives identical statistics, plus the overseas collectivités of the plan
    // (S1: 975, 977, 978 count in a COG-only run; the layer has no feature there).
    let rows_of = |dir: &std::path::Path| -> Vec<HashMap<String, String>> {
        read_csv(&dir.join("coverage.csv"))
    };
    let (with_geometry, cog_rows) = (rows_of(&geo), rows_of(&cog_only));
    let collectivites: Vec<&HashMap<String, String>> = cog_rows
        .iter()
        .filter(|r| {
            r["scope_type"] == "departement"
                && ["975", "977", "978"].contains(&r["scope_code"].as_str())
        })
        .collect();
    assert_eq!(
        collectivites.len(),
        3,
        "S1: 975, 977 and 978 are scopes of their own"
    );
    let extra: u64 = collectivites
        .iter()
        .map(|r| r["population_total"].parse::<u64>().unwrap())
        .sum();
    assert_eq!(extra, 5_790 + 10_660 + 31_160, "COG 2026 populations");
    let total = |rows: &[HashMap<String, String>]| -> u64 {
        rows.iter().find(|r| r["scope_type"] == "france").unwrap()["population_total"]
            .parse()
            .unwrap()
    };
    assert_eq!(total(&cog_rows), total(&with_geometry) + extra);
    let comparable = |rows: &[HashMap<String, String>]| -> Vec<HashMap<String, String>> {
        rows.iter()
            .filter(|r| {
                r["scope_type"] != "france"
                    && !(r["scope_type"] == "epci" && r["scope_code"].is_empty())
                    && !["975", "977", "978"].contains(&r["scope_code"].as_str())
            })
            .cloned()
            .collect()
    };
    assert!(
        comparable(&cog_rows) == comparable(&with_geometry),
        "COG-only coverage.csv must equal the geometry run's for every other scope"
    );
    assert!(!cog_only.join("units.geojson").exists());

    // S3: coverage on 1 Feb 2024 is lower than today's.
    let past_france = read_csv(&past.join("coverage.csv"))
        .into_iter()
        .find(|r| r["scope_type"] == "france")
        .unwrap();
    let pct = |r: &HashMap<String, String>, f: &str| r[f].parse::<f64>().unwrap();
    assert!(pct(&past_france, "pct_ge_li") < pct(france, "pct_ge_li"));
    assert!(pct(&past_france, "pct_aci") < pct(france, "pct_aci"));
    let past_summary = read_json(&past.join("summary.json"));
    assert_eq!(past_summary["as_of"], "2024-02-01");
    assert!(
        past_summary["counts"]["cpts_existing"].as_u64()
            < summary["counts"]["cpts_existing"].as_u64()
    );
}

/// Determinism: byte-identical outputs (coverage, zones, adjacency) across runs and with one thread.
#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    let Some(data) = shared_data("outputs_are_byte_identical_across_runs_and_thread_counts") else {
        return;
    };
    let args = |out: &std::path::Path| {
        vec![
            "zones".to_string(),
            "--write-adjacency".into(),
            "--communes".into(),
            data.join("france/communes-2026.geojson.gz")
                .display()
                .to_string(),
            "--cpts".into(),
            data.join("scenarios/france-dev.csv").display().to_string(),
            "--out".into(),
            out.display().to_string(),
            "-q".into(),
        ]
    };
    let dirs = [temp_dir("det-a"), temp_dir("det-b"), temp_dir("det-1")];
    for (i, dir) in dirs.iter().enumerate() {
        let a = args(dir);
        let a: Vec<&str> = a.iter().map(|s| s.as_str()).collect();
        let threads = if i == 2 { "1" } else { "2" };
        let output = run(&a, &[("RAYON_NUM_THREADS", threads)]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    for name in [
        "coverage.csv",
        "units.csv",
        "overlaps.csv",
        "unresolved.csv",
        "summary.json",
        "units.geojson",
    ] {
        let a = std::fs::read(dirs[0].join(name)).unwrap();
        assert_eq!(
            a,
            std::fs::read(dirs[1].join(name)).unwrap(),
            "{name} differs between two runs"
        );
        assert_eq!(
            a,
            std::fs::read(dirs[2].join(name)).unwrap(),
            "{name} differs with RAYON_NUM_THREADS=1"
        );
    }
}

/// `--region PACA`, `--departement 4` and `2a` are the codes 93, 04 and 2A (same bytes out);
/// an unknown code and a path missing its `.gz` get a suggestion.
#[test]
fn area_codes_as_users_type_them_and_near_file_suggestions() {
    let Some(data) = shared_data("area_codes_as_users_type_them_and_near_file_suggestions") else {
        return;
    };
    let listing = data.join("paca/cpts-paca-2026-01.csv");
    let coverage_of = |name: &str, area: &[&str]| {
        let out = temp_dir(name);
        let mut args = vec![
            "coverage",
            "--cpts",
            path_str(&listing),
            "--cpts-column",
            "commune_code=code_insee_source",
            "--default-stage",
            "aci",
            "--out",
            path_str(&out),
            "-q",
        ];
        args.extend_from_slice(area);
        run_ok(&args);
        std::fs::read(out.join("coverage.csv")).expect("coverage.csv")
    };
    assert_eq!(
        coverage_of("area-paca", &["--region", "PACA"]),
        coverage_of("area-93", &["--region", "93"])
    );
    let alpes = coverage_of("area-4", &["--departement", "4", "--departement", "2a"]);
    assert_eq!(
        alpes,
        coverage_of("area-04", &["--departement", "04", "--departement", "2A"])
    );
    assert!(String::from_utf8_lossy(&alpes).contains("departement,04,Alpes-de-Haute-Provence"));

    let output = run(
        &[
            "coverage",
            "--cpts",
            path_str(&listing),
            "--departement",
            "20",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("did you mean 2A (Corse-du-Sud) or 2B (Haute-Corse)?"),
        "{stderr}"
    );

    let plain = data.join("france/communes-2026.geojson");
    let output = run(
        &[
            "coverage",
            "--communes",
            path_str(&plain),
            "--cpts",
            path_str(&listing),
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("communes-2026.geojson.gz?"), "{stderr}");
}
