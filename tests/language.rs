//! One way to speak a language (issue 23): a French run's sentences — every sentence column of
//! its tables (options.csv `rationale`, plan.csv and unresolved.csv `reason`) and its report —
//! hold no word of an English stop list, on the demo with a decisions file that is refused in
//! every way a meeting can write it, and on the real Martinique and national runs.

mod common;
use common::*;
use std::path::Path;

/// The sentence columns of a French run's tables and its report: English words found.
fn english_in_run(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (table, column) in [
        ("options.csv", "rationale"),
        ("plan.csv", "reason"),
        ("unresolved.csv", "reason"),
    ] {
        for row in read_csv(&out.join(table)) {
            for word in english_in(&format!(" {} ", row[column])) {
                found.push(format!("{table} {column}: {word}"));
            }
        }
    }
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    for word in english_in(&visible_text(&report)) {
        found.push(format!("report.html: {word}"));
    }
    found
}

/// Decisions a task force might write, most of them refused (S8): each refusal's reason comes
/// out in French. (Rows that contradict each other are an error, not a refusal: issue 27.)
const DECISIONS: &str = "unit,cpts,decision\n\
    99005,new:Maison de santé du Nord,assign\n\
    99253,DEMO-01,assign\n\
    99241,DEMO-02,assign\n\
    99999,DEMO-02,assign\n\
    99006,DEMO-99,assign\n\
    ,new:X,forbid\n\
    99007,new:Y,forbid\n\
    ,DEMO-03,forbid\n\
    99008,DEMO-03,assign\n";

#[test]
fn a_french_run_of_the_demo_with_refused_decisions_holds_no_english_word() {
    let dir = temp_dir("language-demo");
    let decisions = dir.join("decisions.csv");
    std::fs::write(&decisions, DECISIONS).unwrap();
    let out = dir.join("out");
    run_ok(&[
        "analyze",
        "--decisions",
        path_str(&decisions),
        "--lang",
        "fr",
        "--out",
        path_str(&out),
    ]);
    let unresolved = read_csv(&out.join("unresolved.csv"));
    let reasons: Vec<&str> = unresolved.iter().map(|r| r["reason"].as_str()).collect();
    // Every decision row but the first is refused, each with its reason, in French.
    for expected in [
        "décision non appliquée : l'unité est couverte : il n'y a rien à attribuer",
        "décision non appliquée : code ou nom de commune inconnu, ou hors de la zone d'étude",
        "décision non appliquée : CPTS inconnue",
        "décision non appliquée : une unité vide ne va qu'avec `forbid`",
        "décision non appliquée : `forbid` désigne une CPTS existante",
        "décision non appliquée : la même CPTS est interdite pour cette unité par une autre ligne",
    ] {
        assert!(
            reasons.iter().any(|r| r.starts_with(expected)),
            "{expected:?} not in {reasons:#?}"
        );
    }
    let plan = read_csv(&out.join("plan.csv"));
    let decided = plan.iter().find(|p| p["code"] == "99005").unwrap();
    assert!(
        decided["reason"].starts_with("décidé par la task force (")
            && decided["reason"].ends_with(" ligne 2)"),
        "{}",
        decided["reason"]
    );
    let found = english_in_run(&out);
    assert!(found.is_empty(), "English in a French run: {found:#?}");
}

#[test]
fn french_runs_on_real_data_hold_no_english_word() {
    let Some(data) = shared_data("French runs on real data") else {
        return;
    };
    let communes = data.join("france/communes-2026.geojson.gz");
    let scenario = data.join("scenarios/france-dev.csv");
    // Martinique at `--min-stage aci` with flows: projects to mature, flow shares.
    let out = temp_dir("language-972");
    run_ok(&[
        "analyze",
        "--communes",
        path_str(&communes),
        "--cpts",
        path_str(&scenario),
        "--departement",
        "972",
        "--flows",
        path_str(&data.join("martinique-flows/commuting-flows.csv")),
        "--min-stage",
        "aci",
        "--lang",
        "fr",
        "--out",
        path_str(&out),
    ]);
    let plan = read_csv(&out.join("plan.csv"));
    assert!(
        plan.iter()
            .any(|p| p["reason"].starts_with("reste avec sa CPTS ")),
        "no project to mature in the 972 plan"
    );
    let options = read_csv(&out.join("options.csv"));
    assert!(
        options
            .iter()
            .any(|o| o["rationale"].contains("% des flux")
                || o["rationale"].contains("% de ses flux"))
    );
    let found = english_in_run(&out);
    assert!(found.is_empty(), "972: {found:#?}");
    // The national scenario: every kind of option and leftover rule, islands across the sea.
    let out = temp_dir("language-national");
    run_ok(&[
        "analyze",
        "--communes",
        path_str(&communes),
        "--cpts",
        path_str(&scenario),
        "--lang",
        "fr",
        "--out",
        path_str(&out),
    ]);
    let options = read_csv(&out.join("options.csv"));
    for opening in ["étendre ", "créer ", " s'étend temporairement ("] {
        assert!(
            options.iter().any(|o| o["rationale"].contains(opening)),
            "no {opening:?} rationale"
        );
    }
    let found = english_in_run(&out);
    assert!(found.is_empty(), "national: {found:#?}");
}
