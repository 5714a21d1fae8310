//! S11 groups (issue 24, first part): `--groups FILE` gives each unit a group besides its EPCI
//! (INSEE bassins de vie, territoires de santé); `units.csv` carries it and `summary.json` says
//! what was read. Every row is applied, counted outside the study area, or reported; a unit put
//! in two groups, a table without a group column and an empty group are errors.

mod common;
use common::catalogue::*;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

/// A groups file of PACA built from the COG: each commune in the group of its arrondissement
/// (a real grouping of the communes, as bassins de vie are), one unknown code; returns the
/// file's text and the arrondissement of each commune.
fn paca_groups(data: &Path) -> (String, BTreeMap<String, String>) {
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(data.join("france/cog-communes-2026.csv.gz")).unwrap(),
    )
    .read_to_string(&mut text)
    .unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (code, kind, region, arrondissement) =
        (at("code"), at("type"), at("region"), at("arrondissement"));
    let mut of = BTreeMap::new();
    for line in lines {
        // The fields used come before the quoted names that may hold commas.
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() > arrondissement
            && cells[region] == "93"
            && cells[kind] == "commune-actuelle"
        {
            of.insert(cells[code].to_string(), cells[arrondissement].to_string());
        }
    }
    let mut file = String::from("Bassins de vie (test)\ncode;bassin_de_vie;nom_bv\n");
    for (code, arr) in &of {
        file.push_str(&format!("{code};AR{arr};Arrondissement {arr}\n"));
    }
    file.push_str("99999;AR999;Nulle part\n");
    (file, of)
}

#[test]
fn s11_every_unit_gets_its_group_and_a_city_gives_it_to_its_arrondissements() {
    let Some(data) = shared_data("s11_every_unit_gets_its_group") else {
        return;
    };
    let dir = temp_dir("groups-paca");
    let (text, of) = paca_groups(&data);
    let file = dir.join("groups.csv");
    std::fs::write(&file, text).unwrap();
    let out = run_paca(
        "coverage",
        "groups-paca-out",
        &data,
        &["--region", "93", "--groups", path_str(&file)],
    );
    let units = read_csv(&out.join("units.csv"));
    assert_eq!(
        units.len(),
        946 - 1 + 16,
        "PACA: 945 communes and Marseille's 16 arrondissements"
    );
    for unit in &units {
        let code = &unit["code"];
        // Marseille's arrondissements take the group of the city's row.
        let city = if code.starts_with("132") {
            "13055"
        } else {
            code.as_str()
        };
        let arr = &of[city];
        assert_eq!(unit["group"], format!("AR{arr}"), "{code}");
        assert_eq!(
            unit["group_name"],
            format!("Arrondissement {arr}"),
            "{code}"
        );
    }
    let summary = read_json(&out.join("summary.json"));
    let groups = &summary["inputs"]["groups"];
    let distinct: BTreeSet<&String> = of.values().collect();
    assert_eq!(
        groups["groups"],
        distinct.len() + 1,
        "with the unknown code's group"
    );
    assert_eq!(groups["units_without_group"], 0);
    let unresolved = read_csv(&out.join("unresolved.csv"));
    let unknown = unresolved
        .iter()
        .find(|r| r["value"] == "99999")
        .expect("reported");
    assert_eq!(unknown["row"], format!("{}", of.len() + 3));
    assert_eq!(unknown["reason"], "unknown code");
    // Without --groups, units.csv has no group column.
    let plain = run_paca("coverage", "groups-paca-plain", &data, &["--region", "93"]);
    let header = std::fs::read_to_string(plain.join("units.csv")).unwrap();
    assert!(!header.lines().next().unwrap().contains("group"));
}

#[test]
fn s11_a_unit_in_two_groups_is_an_error() {
    let root = temp_dir("groups-catalogue");
    let before = previous_set(&root);
    let groups = |name: &'static str, text: &str, needles: &[&'static str]| {
        case(
            name,
            vec![("groups.csv", text.as_bytes().to_vec())],
            &[
                "coverage",
                "--communes",
                "%communes.geojson",
                "--cog",
                "%cog.csv",
                "--cpts",
                "%cpts.csv",
                "--groups",
                "@groups.csv",
            ],
            needles,
        )
    };
    let cases = vec![
        groups(
            "two_groups",
            "code;groupe\n99001;A\n99002;A\n99001;B\n",
            &[
                "groups.csv",
                "rows 2 and 4",
                "unit 99001 is in group `A` (row 2) and in group `B` (row 4)",
            ],
        ),
        groups(
            "no_group_column",
            "code;nom\n99001;A\n",
            &[
                "groups.csv",
                "needs a code column",
                "and a group column",
                "columns are: code, nom",
            ],
        ),
        groups(
            "empty_group",
            "code;groupe\n99001;A\n99002;\n",
            &["groups.csv", "row 3, field `groupe`", "empty group"],
        ),
    ];
    run_cases(&cases, &before, &root, None);
}

/// S11: with `--groups`, the plan follows the groups where it follows EPCI otherwise — the
/// Mandelieu zone, grouped by arrondissement, is shared between the CPTS holding the
/// arrondissement of Grasse and the one holding Draguignan's, and its evidence says "groups".
#[test]
fn s11_the_plan_follows_the_groups() {
    let Some(data) = shared_data("s11_the_plan_follows_the_groups") else {
        return;
    };
    let dir = temp_dir("groups-paca-plan");
    let file = dir.join("groups.csv");
    std::fs::write(&file, paca_groups(&data).0).unwrap();
    let out = run_paca(
        "plan",
        "groups-paca-plan-out",
        &data,
        &["--region", "93", "--groups", path_str(&file)],
    );
    let plan: BTreeMap<String, _> = read_csv(&out.join("plan.csv"))
        .into_iter()
        .map(|r| (r["code"].clone(), r))
        .collect();
    assert_eq!(plan["06079"]["target_name"], "CPTS du Pays de Lérins");
    assert_eq!(plan["06138"]["target_name"], "CPTS du Pays de Lérins");
    assert_eq!(
        plan["83133"]["target_name"],
        "CPTS Var Estérel Méditerranée"
    );
    let zone = &plan["06079"]["zone_id"];
    let first = read_csv(&out.join("options.csv"))
        .into_iter()
        .find(|o| &o["zone_id"] == zone)
        .expect("options of the zone");
    assert_eq!(first["kind"], "split");
    let rationale = &first["rationale"];
    assert!(
        rationale.starts_with(
            "share the zone along its groups: Arrondissement 831 → CPTS Var Estérel Méditerranée"
        ) && rationale.contains("Arrondissement 061 → CPTS du Pays de Lérins"),
        "{rationale}"
    );
    // Arrondissements are shared among many CPTS: each part is with a minority holder.
    assert!(
        rationale.contains("cuts groups: Arrondissement 061, Arrondissement 831"),
        "{rationale}"
    );
}
