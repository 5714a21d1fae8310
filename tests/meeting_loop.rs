//! The task force's meeting loop on the real PACA listing (S8 amendment, issue 25): decisions
//! by names and zone keys, what the report, the terminal and `decisions_applied.csv` say of
//! them, refused assignments' hints, the decisions template filled in and read back, and the
//! reporting area (S7).

mod common;
use common::*;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Run `analyze --region 93` on the PACA listing with `decisions` (a file written into the
/// run's folder as `name`); returns (output folder, stdout, stderr).
fn paca_with(
    name: &str,
    data: &Path,
    decisions: &str,
    extra: &[&str],
) -> (PathBuf, String, String) {
    let dir = temp_dir(name);
    let file = dir.join("decisions.csv");
    std::fs::write(&file, decisions).unwrap();
    let out = dir.join("out");
    let mut args: Vec<String> = vec!["analyze".into()];
    args.extend(paca_inputs(data));
    args.extend(
        [
            "--region",
            "93",
            "--decisions",
            path_str(&file),
            "--out",
            path_str(&out),
        ]
        .map(String::from),
    );
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args, &[]);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert!(output.status.success(), "{}", text(&output.stderr));
    (out, text(&output.stdout), text(&output.stderr))
}

/// `decisions_applied.csv` by row number.
fn statuses(out: &Path) -> HashMap<String, HashMap<String, String>> {
    read_csv(&out.join("decisions_applied.csv"))
        .into_iter()
        .map(|r| (r["row"].clone(), r))
        .collect()
}

/// `plan.csv` by code.
fn plan(out: &Path) -> HashMap<String, HashMap<String, String>> {
    read_csv(&out.join("plan.csv"))
        .into_iter()
        .map(|r| (r["code"].clone(), r))
        .collect()
}

/// S8 amended: forbidding the recommended CPTS of Marseille 1er (written by its zone key and the
/// CPTS's name) moves the zone to another CPTS, and the report's zone row, plan table and
/// "Décisions" section and the terminal line all show the decided target, never the text of
/// the overridden option; a refused row is a warning, and `--strict-decisions` exits 2.
#[test]
fn s8_a_forbidden_recommendation_shows_the_decided_target_everywhere() {
    let test = "s8_a_forbidden_recommendation_shows_the_decided_target_everywhere";
    let Some(data) = shared_data(test) else {
        return;
    };
    let decisions = "unit,cpts,decision\n\
                     Z-13201,CPTS Coordination Santé Marseille 2 & 3,forbid\n\
                     Trifouillis-les-Oies,CPTS des Baous,assign\n";
    let (out, stdout, _) = paca_with("meeting-forbid", &data, decisions, &[]);
    let zones = read_csv(&out.join("zones.csv"));
    let marseille = zones.iter().find(|z| z["zone_key"] == "Z-13201").unwrap();
    assert_eq!(marseille["zone_id"], "Z0001");
    assert_eq!(num(marseille, "population"), 37_599);
    let options = read_csv(&out.join("options.csv"));
    let first = options.iter().find(|o| o["zone_key"] == "Z-13201").unwrap();
    assert_eq!(
        first["target_id"], "PACA010",
        "the recommendation stays the ranking's"
    );
    let placed = &plan(&out)["13201"];
    assert_ne!(placed["target_id"], "PACA010", "the decision is honoured");
    let decided = placed["target_name"].clone();
    assert_eq!(decided, "CPTS Activ Santé (Marseille 4-5)");
    // The terminal line of Z0001 gives the plan as built.
    let line = stdout
        .lines()
        .rfind(|l| l.trim_start().starts_with("Z0001"))
        .unwrap();
    assert!(line.contains(&decided), "{line}");
    assert!(!line.contains("extend CPTS Coordination"), "{line}");
    // The report: zone row, plan table, decisions section.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let row = html
        .split("<tr data-zone=\"Z0001\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap();
    let built = row.split("<td class=\"built").nth(1).unwrap();
    assert!(built.contains(&decided), "{built}");
    let table_row = html
        .split("<tr data-code=\"13201\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap();
    assert!(table_row.contains(&decided), "{table_row}");
    let section = html
        .split("<section id=\"decisions\">")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap();
    assert!(section.contains("<tr class=\"decision-applied\" data-row=\"2\""));
    assert!(section.contains("<tr class=\"decision-refused\" data-row=\"3\""));
    assert!(section.contains("Trifouillis-les-Oies"));
    // decisions_applied.csv, and the refused row as a warning.
    let rows = statuses(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows["2"]["status"], "applied");
    assert_eq!(
        rows["2"]["target_name"],
        "CPTS Coordination Santé Marseille 2 & 3"
    );
    assert_eq!(rows["3"]["status"], "refused");
    assert!(
        rows["3"]["reason"].contains("unknown commune"),
        "{:?}",
        rows["3"]
    );
    let summary = read_json(&out.join("summary.json"));
    let warnings = summary["warnings"].as_array().unwrap();
    let refused: Vec<&str> = warnings
        .iter()
        .filter(|w| w["kind"] == "decision_refused")
        .filter_map(|w| w["message"].as_str())
        .collect();
    assert_eq!(refused.len(), 1, "{warnings:?}");
    assert!(refused[0].contains("row 3"), "{}", refused[0]);
    // For scripts: the same file with --strict-decisions is an error naming the row.
    let dir = temp_dir("meeting-strict");
    let file = dir.join("decisions.csv");
    std::fs::write(&file, decisions).unwrap();
    let mut args: Vec<String> = vec!["analyze".into()];
    args.extend(paca_inputs(&data));
    args.extend(
        [
            "--region",
            "93",
            "--decisions",
            path_str(&file),
            "--strict-decisions",
            "--out",
            path_str(&dir.join("out")),
            "-q",
        ]
        .map(String::from),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("row 3") && stderr.contains("--strict-decisions"),
        "{stderr}"
    );
    assert!(!dir.join("out").exists(), "nothing written");
}

/// S8 amended: decisions written with commune names, a zone key and CPTS names give the same
/// files, byte for byte, as the same decisions written with codes and ids (except the two that
/// echo the file as written: `decisions_applied.csv` and the report's "Décisions" section).
#[test]
fn s8_names_and_zone_keys_decide_as_codes_do() {
    let test = "s8_names_and_zone_keys_decide_as_codes_do";
    let Some(data) = shared_data(test) else {
        return;
    };
    let by_name = "unit,cpts,decision\n\
                   Z-13201,CPTS Activ Santé (Marseille 4-5),assign\n\
                   mandelieu la napoule,Pays de Lérins,assign\n\
                   TANNERON,cpts du pays de lerins,assign\n\
                   Sisteron,new:CPTS du Sisteronais,assign\n\
                   ,CPTS Durance-Haut Var,forbid\n";
    let by_code = "unit,cpts,decision\n\
                   13201,PACA002,assign\n\
                   06079,PACA068,assign\n\
                   83133,PACA068,assign\n\
                   04209,new:CPTS du Sisteronais,assign\n\
                   ,PACA013,forbid\n";
    let (names, _, _) = paca_with("meeting-names", &data, by_name, &["-q"]);
    let (codes, _, _) = paca_with("meeting-codes", &data, by_code, &["-q"]);
    // The same path in both runs' reasons ("decided by the task force (FILE row 3)").
    let mut compared = 0;
    for entry in std::fs::read_dir(&codes).unwrap() {
        let file = entry.unwrap().file_name();
        let file = file.to_str().unwrap();
        if file == "decisions_applied.csv" || file == "report.html" {
            continue;
        }
        let (a, b) = (
            std::fs::read(names.join(file)).unwrap(),
            std::fs::read(codes.join(file)).unwrap(),
        );
        let strip = |bytes: Vec<u8>| {
            String::from_utf8_lossy(&bytes).replace("meeting-names", "meeting-codes")
        };
        assert!(strip(a) == strip(b), "{file} differs");
        compared += 1;
    }
    assert!(compared >= 15, "{compared} files compared");
    let rows = statuses(&names);
    assert!(rows.values().all(|r| r["status"] == "applied"), "{rows:?}");
    let plan = plan(&names);
    assert_eq!(plan["83133"]["target_id"], "PACA068");
    // The new CPTS keeps the name the meeting gave it, with a stable id.
    assert_eq!(plan["04209"]["target_name"], "CPTS du Sisteronais");
    assert_eq!(plan["04209"]["target_id"], "N-04209");
}

/// S8 amended: an assignment refused as not contiguous names the uncovered units that would
/// join it; added to the file, they make it applied.
#[test]
fn s8_a_refused_assignments_hint_makes_it_possible() {
    let test = "s8_a_refused_assignments_hint_makes_it_possible";
    let Some(data) = shared_data(test) else {
        return;
    };
    let first = "unit,cpts,decision\nTanneron,CPTS du Pays de Lérins,assign\n";
    let (out, stdout, stderr) = paca_with("meeting-hint", &data, first, &["-q"]);
    // Quiet, yet the refused decision is said on stderr.
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("warning: ") && stderr.contains("row 2: assign Tanneron"),
        "{stderr}"
    );
    let rows = statuses(&out);
    assert_eq!(rows["2"]["status"], "refused", "{:?}", rows["2"]);
    let hint = rows["2"]["hint"].clone();
    assert_eq!(
        hint, "06079",
        "Mandelieu-la-Napoule joins Tanneron to Lérins"
    );
    assert!(rows["2"]["reason"].contains("Mandelieu-la-Napoule (06079)"));
    let mut again = first.to_string();
    for code in hint.split(';') {
        again.push_str(&format!("{code},CPTS du Pays de Lérins,assign\n"));
    }
    let (out, _, stderr) = paca_with("meeting-hint-again", &data, &again, &["-q"]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let rows = statuses(&out);
    assert!(rows.values().all(|r| r["status"] == "applied"), "{rows:?}");
    let plan = plan(&out);
    assert_eq!(plan["83133"]["target_id"], "PACA068");
    assert_eq!(plan["83133"]["decided"], "true");
}

/// Replace the cells `(column letter, row)` of a worksheet's XML with inline strings, as a
/// spreadsheet program saves typed values.
fn fill_cells(xml: &str, cells: &[(String, String)]) -> String {
    let mut xml = xml.to_string();
    for (cell, value) in cells {
        let start = xml
            .find(&format!("<c r=\"{cell}\" "))
            .unwrap_or_else(|| panic!("no cell {cell}"));
        let end = start + xml[start..].find("/>").unwrap() + 2;
        let open = &xml[start..end - 2];
        let filled = format!("{open} t=\"inlineStr\"><is><t>{value}</t></is></c>");
        xml.replace_range(start..end, &filled);
    }
    xml
}

/// S8 amended: `decisions-template.xlsx` (French headers with `--lang fr`) has a row per unit of
/// the zones with its zone key, and a drop-down of the zone's option targets; filled in — the
/// Sisteron zone to the second target its drop-down offers — it is a valid `--decisions` file.
#[test]
fn s8_the_decisions_template_filled_in_is_read_back() {
    let test = "s8_the_decisions_template_filled_in_is_read_back";
    let Some(data) = shared_data(test) else {
        return;
    };
    let out = run_paca(
        "analyze",
        "meeting-template",
        &data,
        &["--region", "93", "--lang", "fr"],
    );
    let template = out.join("decisions-template.xlsx");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&template).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let (sheet, lists, strings) = (
        read("xl/worksheets/sheet1.xml"),
        read("xl/worksheets/sheet2.xml"),
        read("xl/sharedStrings.xml"),
    );
    for header in ["commune", "cle_zone", "cible_du_plan", "cible", "decision"] {
        assert!(strings.contains(&format!("<t>{header}</t>")), "{header}");
    }
    assert!(sheet.contains("<dataValidation"), "drop-downs");
    assert!(sheet.contains("cibles!$A$4"), "zone 4's list");
    // Rows follow zones.csv: zone after zone, units in its order.
    let zones = read_csv(&out.join("zones.csv"));
    let mut row = 2;
    let mut filled = Vec::new();
    let mut sisteron = Vec::new();
    for zone in &zones {
        let codes: Vec<&str> = zone["codes"].split(';').collect();
        if zone["zone_key"] == "Z-04209" {
            sisteron = codes.iter().map(|c| c.to_string()).collect();
            for r in row..row + codes.len() {
                filled.push((format!("H{r}"), "CHOICE".to_string()));
                filled.push((format!("I{r}"), "affecter".to_string()));
            }
        }
        row += codes.len();
    }
    assert_eq!(sisteron.len(), 32);
    // The second target of zone 4's drop-down (its 4th row in the hidden sheet).
    let list_row = lists.split("<row r=\"4\" ").nth(1).unwrap();
    let second: usize = list_row
        .split("<v>")
        .nth(2)
        .and_then(|v| v.split('<').next())
        .and_then(|v| v.parse().ok())
        .expect("a second target");
    let choice = strings
        .split("<si>")
        .nth(second + 1)
        .and_then(|s| s.split("<t>").nth(1))
        .and_then(|s| s.split("</t>").next())
        .unwrap()
        .to_string();
    let filled: Vec<(String, String)> = filled
        .into_iter()
        .map(|(c, v)| (c, v.replace("CHOICE", &choice)))
        .collect();
    let sheet = fill_cells(&sheet, &filled);
    // Write the filled-in copy: every part as it was, the sheet changed.
    let copy = out.parent().unwrap().join("decisions-filled.xlsx");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&template).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&copy).unwrap());
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().expect("part name").to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            bytes = sheet.clone().into_bytes();
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    let again = run_paca(
        "analyze",
        "meeting-template-again",
        &data,
        &["--region", "93", "--decisions", path_str(&copy)],
    );
    let rows = read_csv(&again.join("decisions_applied.csv"));
    assert_eq!(
        rows.len(),
        32,
        "one decision per filled row, the empty rows skipped"
    );
    assert!(rows.iter().all(|r| r["status"] == "applied"), "{rows:?}");
    let plan = plan(&again);
    let expected = choice.strip_prefix("new:").unwrap_or(&choice);
    for code in &sisteron {
        assert_eq!(plan[code]["target_name"], expected, "{code}");
        assert_eq!(plan[code]["decided"], "true");
    }
}

/// S7: the report of `--departement 04` speaks of the 04 only — its overlaps (none), its units
/// and département count — and flags context units; the PACA listing asked about Paris is an
/// error naming the départements it covers.
#[test]
fn s7_a_departement_report_speaks_of_its_area_only() {
    let test = "s7_a_departement_report_speaks_of_its_area_only";
    let Some(data) = shared_data(test) else {
        return;
    };
    let out = run_paca("analyze", "meeting-04", &data, &["--departement", "04"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("<h2>Chevauchements (0)</h2>"),
        "no overlap in the 04"
    );
    let overlaps = html
        .split("<section id=\"chevauchements\">")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap();
    for outside in ["Nice", "Toulon"] {
        assert!(!overlaps.contains(outside), "{outside}");
    }
    assert!(
        html.contains(
            "Territoire du rapport : Alpes-de-Haute-Provence (04) — 198 unités, 1 département"
        ),
        "the Données line counts the 04"
    );
    let units = read_csv(&out.join("units.csv"));
    let context: Vec<&str> = units
        .iter()
        .filter(|u| u["outside_area"] == "true" && !u["zone_id"].is_empty())
        .map(|u| u["code"].as_str())
        .collect();
    // Every context unit the plan table shows is flagged as such.
    for code in &context {
        assert!(
            html.contains(&format!("<tr data-code=\"{code}\" class=\"context\">")),
            "{code}"
        );
    }
    // The CPTS pages' communes too: those beyond the 04 are flagged.
    for page in html.split("class=\"page cpts-page\"").skip(1) {
        for row in page.split("<tr").skip(1).filter(|r| r.contains("<td>")) {
            let code = row
                .split("<td>")
                .nth(1)
                .and_then(|c| c.split('<').next())
                .unwrap();
            if code.len() == 5 && code.chars().all(|c| c.is_ascii_alphanumeric()) {
                assert!(
                    code.starts_with("04") || row.starts_with(" class=\"context\""),
                    "{code} outside the 04 unflagged on a CPTS page"
                );
            }
        }
    }
    for row in html.split("<tr data-code=\"").skip(1) {
        let code = &row[..5];
        assert!(
            code.starts_with("04") || row.contains("class=\"context\""),
            "{code} outside the 04 unflagged"
        );
    }
    // Paris with the PACA listing: one line, exit 2.
    let mut args: Vec<String> = vec!["coverage".into()];
    args.extend(paca_inputs(&data));
    let dir = temp_dir("meeting-75");
    args.extend(["--departement", "75", "--out", path_str(&dir.join("out"))].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no row in the reporting area Paris (75)"),
        "{stderr}"
    );
    assert!(stderr.contains("04, 05, 06, 13, 83, 84"), "{stderr}");
}

/// The PACA report printed by headless Chromium (S8 amendment): no page with fewer than five
/// lines, each zone's page its own, every zone's communes in full, and map text at 8 pt or more.
#[test]
fn the_paca_report_prints_one_page_per_zone() {
    let test = "the_paca_report_prints_one_page_per_zone";
    let Some(data) = shared_data(test) else {
        return;
    };
    let (Some(browser), Some(pdftotext)) = (chromium(test), poppler("pdftotext", test)) else {
        return;
    };
    let out = run_paca("analyze", "meeting-print", &data, &["--region", "93"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // The printed maps: their smallest text, scaled to their printed width, is 8 pt or more.
    for (class, printed_mm, width_px) in [("print-only", 190.0, 480.0), ("zone-map", 158.3, 400.0)]
    {
        let block = html.split(&format!("class=\"{class}\">")).nth(1).unwrap();
        let svg = &block[..block.find("</svg>").unwrap()];
        assert!(svg.contains(&format!("width=\"{width_px:.0}\"")), "{class}");
        let smallest = svg
            .split("font-size=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next()?.parse::<f64>().ok())
            .fold(f64::INFINITY, f64::min);
        let points = smallest * printed_mm / width_px / 0.3528;
        assert!(
            points >= 8.0,
            "{class}: {smallest} px print at {points:.1} pt"
        );
    }
    let pdf = out.join("report.pdf");
    print_to_pdf(
        &browser,
        &out.join("report.html"),
        &pdf,
        "chromium-print-paca",
    );
    let text = std::process::Command::new(pdftotext)
        .args(["-layout", path_str(&pdf), "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 15, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        let lines = page.lines().filter(|l| !l.trim().is_empty()).count();
        assert!(lines >= 5, "page {} has {lines} lines:\n{page}", i + 1);
    }
    let zones = read_csv(&out.join("zones.csv"));
    assert_eq!(zones.len(), 7);
    for zone in &zones {
        let heading = format!("Zone {} · {}", zone["zone_id"], zone["zone_key"]);
        let on: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].contains(&heading))
            .collect();
        assert_eq!(on.len(), 1, "{heading} on pages {on:?}");
        let page = on[0];
        assert_eq!(
            pages[page].matches("Zone Z0").count(),
            1,
            "one zone heading on page {}",
            page + 1
        );
        // Its communes in full, on its page or the next one.
        let around = pages[page..(page + 2).min(pages.len())].join("\n");
        for code in zone["codes"].split(';') {
            assert!(around.contains(code), "{heading}: {code}");
        }
    }
}
