//! `--format xlsx` and `--excel-csv` as French analysts open them: one workbook with the
//! expected sheets, codes as text (04001 keeps its zero), figures as numbers, read back with
//! calamine; CSV for Excel with `;`, a BOM and decimal commas.

mod common;
use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;

#[test]
fn the_task_force_workbook_of_04_has_typed_sheets() {
    let Some(data) = shared_data("XLSX workbook") else {
        return;
    };
    let out = run_paca(
        "analyze",
        "workbook-04",
        &data,
        &["--departement", "04", "--format", "csv,xlsx"],
    );
    let mut book: Xlsx<_> = open_workbook(out.join("zones-blanches.xlsx")).expect("open xlsx");
    assert_eq!(
        book.sheet_names(),
        [
            "summary",
            "coverage",
            "zones",
            "options",
            "plan",
            "plan_coverage",
            "funding",
            "funding_scopes",
            "stalled",
            "units",
            "overlaps",
            "unresolved"
        ]
    );
    // units: the same rows as units.csv; codes are text with their leading zero, populations numbers.
    let units = book.worksheet_range("units").expect("units sheet");
    let csv = read_csv(&out.join("units.csv"));
    assert_eq!(units.height(), csv.len() + 1);
    let header: Vec<String> = units
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let code = header.iter().position(|h| h == "code").unwrap();
    let population = header.iter().position(|h| h == "population").unwrap();
    let row = units
        .rows()
        .find(|r| r[code] == Data::String("04001".into()))
        .expect("04001 as text");
    let want = csv.iter().find(|r| r["code"] == "04001").unwrap();
    assert_eq!(row[population], Data::Float(num(want, "population") as f64));
    // coverage: percentages are numbers equal to the CSV's.
    let coverage = book.worksheet_range("coverage").expect("coverage sheet");
    let first = coverage.rows().nth(1).unwrap();
    let pct = read_csv(&out.join("coverage.csv"))[0]["pct_ge_li"]
        .parse::<f64>()
        .unwrap();
    assert!(
        matches!(first[10], Data::Float(v) if (v - pct).abs() < 1e-9),
        "{:?}",
        first[10]
    );
    // summary: the fields of summary.json, flattened.
    let summary = book.worksheet_range("summary").expect("summary sheet");
    let value = |field: &str| {
        summary
            .rows()
            .find(|r| r[0] == Data::String(field.into()))
            .map(|r| r[1].clone())
    };
    assert_eq!(value("command"), Some(Data::String("analyze".into())));
    let zones = read_csv(&out.join("zones.csv")).len();
    assert_eq!(value("zones.count"), Some(Data::Float(zones as f64)));
    // The same inputs give the same bytes.
    let again = run_paca(
        "analyze",
        "workbook-04-again",
        &data,
        &["--departement", "04", "--format", "xlsx"],
    );
    assert_eq!(
        std::fs::read(out.join("zones-blanches.xlsx")).unwrap(),
        std::fs::read(again.join("zones-blanches.xlsx")).unwrap()
    );
    // xlsx alone: no CSV is written.
    assert!(!again.join("units.csv").exists());
}

#[test]
fn excel_csv_has_semicolons_a_bom_and_decimal_commas() {
    let out = temp_dir("excel-csv");
    run_ok(&["coverage", "--excel-csv", "--out", path_str(&out), "-q"]);
    let bytes = std::fs::read(out.join("coverage.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    let line = text.lines().nth(1).unwrap();
    let cells: Vec<&str> = line.split(';').collect();
    // 13 figures, then the CPTS at li, ps and aci of the scope.
    assert_eq!(cells.len(), 16, "{line}");
    assert!(cells[9].contains(',') && !cells[9].contains('.'), "{line}");
}

/// `--lang fr`: the sentence columns and the terminal summary in French (decimal commas,
/// non-breaking thousands separators), headers unchanged; `--lang` checked.
#[test]
fn lang_fr_writes_the_sentences_in_french() {
    let dir = temp_dir("lang-fr");
    let terminal = run_ok(&["analyze", "--lang", "fr", "--out", path_str(&dir)]);
    for line in [
        "Zone d'étude (1 département) : 384 unités, 736\u{a0}262 habitants, 12 CPTS (12 existantes)",
        "  couverts (≥ lettre d'intention) :  76,16 %  (560\u{a0}763 hab.)",
        "  zone blanche (aucune CPTS ≥ LI) :  23,84 %  (175\u{a0}499 hab., 103 unités)",
        "Zones blanches (stade < li) : 3 zones, 175\u{a0}499 habitants, 103 unités",
        "Plan : 103 unités (175\u{a0}499 hab.) placées — 2 CPTS étendues, 1 projet de CPTS à faire mûrir, 1 nouvelle CPTS (0 accompagnées) ; couverture 76,16 % → 100,00 %",
    ] {
        assert!(terminal.contains(line), "{line:?} not in\n{terminal}");
    }
    assert!(terminal.contains("1 unité "), "{terminal}");
    assert!(
        terminal.contains("frontière commune de 18,0 km"),
        "{terminal}"
    );
    for english in [" inh.", " units", "Outputs", "sharing", " of "] {
        assert!(!terminal.contains(english), "{english:?} in\n{terminal}");
    }
    let report = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        report.contains("175\u{a0}499"),
        "report: thousands not grouped by a no-break space"
    );
    assert!(
        !report.contains("175 499"),
        "report: a plain space in a number"
    );
    let options = read_csv(&dir.join("options.csv"));
    assert!(options.iter().all(|o| {
        let r = &o["rationale"];
        ["étendre ", "créer ", "partager la zone ", "faire mûrir "]
            .iter()
            .any(|start| r.starts_with(start))
            || r.contains("s'étend temporairement")
    }));
    assert!(options.iter().any(|o| o["rationale"].contains(" hab.")));
    let plan = read_csv(&dir.join("plan.csv"));
    assert!(
        plan.iter()
            .any(|p| p["reason"].starts_with("suit l'option 1 ("))
    );
    let unresolved = read_csv(&dir.join("unresolved.csv"));
    assert_eq!(unresolved[0]["reason"], "code commune inconnu");
    let english = temp_dir("lang-en");
    let terminal = run_ok(&["analyze", "--out", path_str(&english)]);
    assert!(
        terminal.contains("  covered (≥ lettre d'intention):    76.16 %  (560\u{a0}763 inh.)"),
        "{terminal}"
    );
    assert!(terminal.contains("Outputs written to"), "{terminal}");
    assert_eq!(
        read_csv(&english.join("unresolved.csv"))[0]["reason"],
        "unknown commune code"
    );
    let output = run(
        &["analyze", "--lang", "de", "--out", path_str(&dir.join("x"))],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("invalid value 'de' for '--lang <LANG>': fr or en")
    );
}
