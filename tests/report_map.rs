//! The report and the maps: `report.html` opened in a real headless Chromium (demo and real PACA
//! data), the SVG of département 04, PNG output, and map errors.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// Open `report.html` of an `analyze` output folder in Chromium and check it.
fn check_report(browser: &Path, out: &Path, name: &str) {
    let report = out.join("report.html");
    let html = std::fs::read_to_string(&report).expect("report.html");
    assert_french(&html, name);
    assert!(
        !html.contains("http://") || !html.contains("src=\"http"),
        "no remote resource"
    );
    let profile = temp_dir(&format!("chromium-{name}"));
    let (dom, log) = headless(browser, &profile, &report, &["--dump-dom".to_string()]);
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "console messages (errors or blocked requests): {console:#?}"
    );
    assert!(
        dom.contains("data-ready=\"1\""),
        "the report's script ran: {}",
        &dom[..dom.len().min(300)]
    );
    assert!(
        dom.contains("data-resources=\"0\""),
        "no network request attempted"
    );

    let zones = read_csv(&out.join("zones.csv"));
    let rows = dom.matches("<tr data-zone=\"").count();
    assert_eq!(rows, zones.len(), "one row per zone in the zone table");
    // The screen map (the printed one and the zones' pages draw them again).
    let screen = dom
        .split("class=\"screen-only\">")
        .nth(1)
        .expect("screen map");
    let screen = &screen[..screen.find("</svg>").expect("its end")];
    for zone in &zones {
        let id = &zone["zone_id"];
        let outline = format!("class=\"zone\" data-zone=\"{id}\"");
        // Once, and once more when it lies in a city's inset (Marseille, issue 28).
        let drawn = screen.matches(&outline).count();
        let in_city = zone["codes"].split(';').any(|c| c.starts_with("132"));
        assert!(drawn == 1 || drawn == 2, "outline of {id}: {drawn}");
        assert!(!in_city || drawn == 2, "{id} is in the Marseille inset too");
    }
    // Every zone labelled, or counted in the map's note (labels never overlap: map_labels.rs).
    let labels = screen.matches("class=\"zone-label\"").count();
    assert!(labels <= zones.len());
    if labels < zones.len() {
        assert!(dom.contains(&format!("Étiquettes : {labels} zones sur {}", zones.len())));
    } else {
        for zone in &zones {
            let label = format!("class=\"zone-label\" id=\"label-{}\"", zone["zone_id"]);
            assert_eq!(
                screen.matches(&label).count(),
                1,
                "label of {}",
                zone["zone_id"]
            );
        }
    }

    let shot = profile.join("screenshot.png");
    headless(
        browser,
        &profile,
        &report,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1300,2200".to_string(),
        ],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    let image = resvg::tiny_skia::Pixmap::decode_png(&png).expect("screenshot decodes");
    assert_eq!(image.width(), 1300);
    let pixels = image.pixels();
    let colours: BTreeSet<(u8, u8, u8)> = pixels
        .iter()
        .step_by(7)
        .map(|p| (p.red(), p.green(), p.blue()))
        .collect();
    let white = pixels
        .iter()
        .filter(|p| p.red() > 245 && p.green() > 245 && p.blue() > 245)
        .count();
    assert!(
        colours.len() > 50,
        "screenshot has {} colours",
        colours.len()
    );
    assert!(
        (white as f64) < 0.9 * pixels.len() as f64,
        "screenshot is mostly blank"
    );
}

/// The report of the embedded demo in a real browser.
#[test]
fn demo_report_in_chromium() {
    let Some(browser) = chromium("demo_report_in_chromium") else {
        return;
    };
    let out = temp_dir("report-demo");
    run_ok(&["analyze", "--out", path_str(&out), "--quiet"]);
    check_report(&browser, &out, "demo");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Zones blanches, par population"));
    assert!(
        html.contains("Codes non résolus (1)"),
        "the demo's unknown code"
    );
}

/// The task-force report of the real PACA listing in a real browser.
#[test]
fn paca_report_in_chromium() {
    let Some(data) = shared_data("paca_report_in_chromium") else {
        return;
    };
    let Some(browser) = chromium("paca_report_in_chromium") else {
        return;
    };
    let out = run_paca("analyze", "report-paca", &data, &["--region", "93"]);
    check_report(&browser, &out, "paca");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("Provence-Alpes-Côte d&#39;Azur")
            || html.contains("Provence-Alpes-Côte d'Azur")
    );
    // The six PACA départements in the table, each with its figures.
    for dep in ["04", "05", "06", "13", "83", "84"] {
        assert!(html.contains(&format!("<tr><td>{dep}</td>")), "{dep}");
    }
}

/// The SVG of département 04 (real PACA listing) shows the 32-commune zone, one outline and one
/// label per zone, every label inside the view box.
#[test]
fn departement_04_svg() {
    let Some(data) = shared_data("departement_04_svg") else {
        return;
    };
    let out = run_paca("zones", "map-04-zones", &data, &["--departement", "04"]);
    let zones = read_csv(&out.join("zones.csv"));
    let big = zones
        .iter()
        .find(|z| num(z, "units") == 32)
        .expect("the 32-commune zone");
    let svg_path = out.join("04.svg");
    let inputs = paca_inputs(&data);
    let mut args = vec!["map"];
    args.extend(inputs.iter().map(|s| s.as_str()));
    args.extend([
        "--departement",
        "04",
        "--out",
        path_str(&svg_path),
        "--quiet",
    ]);
    run_ok(&args);
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert_eq!(
        svg.matches("<path class=\"zone\"").count(),
        zones.len(),
        "one outline per zone"
    );
    let outline = svg
        .lines()
        .find(|l| l.contains(&format!("class=\"zone\" data-zone=\"{}\"", big["zone_id"])))
        .expect("outline of the 32-commune zone");
    assert!(outline.matches('M').count() >= 1);
    // The view box and the labels.
    let view_box: Vec<f64> = svg
        .split("viewBox=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let labels: Vec<&str> = svg
        .lines()
        .filter(|l| l.contains("class=\"zone-label\""))
        .collect();
    assert_eq!(labels.len(), zones.len());
    let attribute = |line: &str, name: &str| -> f64 {
        line.split(&format!(" {name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    for label in &labels {
        let (x, y) = (attribute(label, "x"), attribute(label, "y"));
        assert!(
            x >= view_box[0] && x <= view_box[0] + view_box[2],
            "{label}"
        );
        assert!(
            y >= view_box[1] && y <= view_box[1] + view_box[3],
            "{label}"
        );
    }
    let big_label = labels
        .iter()
        .find(|l| l.contains(&format!("data-zone=\"{}\"", big["zone_id"])))
        .unwrap();
    assert!(big_label.contains(&zones_blanches::format::thousands(num(big, "population"))));
    // Units of all five stage classes that exist here are drawn; département border present.
    assert!(svg.contains("class=\"stage stage-aci\""));
    assert!(svg.contains("class=\"departement-borders\""));
    assert!(svg.contains("class=\"cpts-borders\""));
}

/// PNG at a chosen width with the plan layer; a bad extension or layer is a usage error.
#[test]
fn png_map_and_errors() {
    let dir = temp_dir("map-png");
    let png = dir.join("demo.png");
    run_ok(&[
        "map",
        "--layer",
        "stages,zones,plan",
        "--width",
        "640",
        "--out",
        path_str(&png),
        "--quiet",
    ]);
    let image = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&png).unwrap()).unwrap();
    assert_eq!(image.width(), 640);
    assert!(image.height() > 300);
    let output = run(&["map", "--out", path_str(&dir.join("demo.jpg"))], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains(".svg or .png"));
    let output = run(
        &[
            "map",
            "--layer",
            "roads",
            "--out",
            path_str(&dir.join("x.svg")),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("invalid value 'roads' for '--layer <LAYER>'")
    );
    assert!(!dir.join("x.svg").exists());
}

/// `analyze --departement 04`: the task-force report of one département, with its EPCI table
/// (one row per EPCI of units.csv) and the zones of the département.
#[test]
fn departement_04_task_force_report() {
    let Some(data) = shared_data("departement_04_task_force_report") else {
        return;
    };
    let out = run_paca("analyze", "report-04", &data, &["--departement", "04"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Rapport de task force — Alpes-de-Haute-Provence (04)"));
    // S7: the CPTS of 04, not the 70 of the PACA listing.
    let summary = read_json(&out.join("summary.json"));
    let in_04 = summary["counts"]["cpts"].as_u64().unwrap();
    assert!(in_04 < 70, "{in_04}");
    assert!(
        html.contains(&format!(
            "{in_04} CPTS dans Alpes-de-Haute-Provence (04) (la liste en compte 70)"
        )),
        "the report counts the CPTS of 04"
    );
    let units = read_csv(&out.join("units.csv"));
    let epcis: BTreeSet<&str> = units.iter().map(|u| u["epci"].as_str()).collect();
    let table = html
        .split("id=\"table-epci\"")
        .nth(1)
        .expect("EPCI table")
        .split("</table>")
        .next()
        .unwrap();
    assert_eq!(table.matches("<tr><td>").count(), epcis.len());
    assert!(
        table.contains("CC du Sisteronais-Buëch"),
        "the EPCI of Sisteron"
    );
    let zones = read_csv(&out.join("zones.csv"));
    assert_eq!(html.matches("<tr data-zone=\"").count(), zones.len());
    assert!(html.contains("100,00 %"), "coverage after the plan");
}

/// The national report printed to PDF by headless Chromium (issue 14): A4 pages, and every zone
/// and every département row on paper, not lost in a scroll box.
#[test]
fn national_report_prints_every_row() {
    let test = "national_report_prints_every_row";
    let Some(data) = shared_data(test) else {
        return;
    };
    let (Some(browser), Some(pdfinfo), Some(pdftotext)) = (
        chromium(test),
        poppler("pdfinfo", test),
        poppler("pdftotext", test),
    ) else {
        return;
    };
    let out = run_national("analyze", "print-national", &data, &[]);
    assert_french(
        &std::fs::read_to_string(out.join("report.html")).unwrap(),
        "national",
    );
    let pdf = out.join("report.pdf");
    print_to_pdf(&browser, &out.join("report.html"), &pdf, "chromium-print");
    let info = std::process::Command::new(pdfinfo)
        .arg(&pdf)
        .output()
        .expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(info.contains("(A4)"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("page count");
    // Before the print stylesheet: 6 pages, the tables cut at their scroll box.
    assert!(pages >= 30, "{pages} pages");
    let text = std::process::Command::new(pdftotext)
        .args(["-layout", path_str(&pdf), "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let words: BTreeSet<&str> = text.split_whitespace().collect();
    let zones = read_csv(&out.join("zones.csv"));
    assert_eq!(zones.len(), 525);
    let missing: Vec<&str> = zones
        .iter()
        .map(|z| z["zone_id"].as_str())
        .filter(|id| !words.contains(id))
        .collect();
    assert!(missing.is_empty(), "zones not printed: {missing:?}");
    // Every département of the run has its row: code then name at the start of a line.
    let names = read_csv(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cog/departements.csv"));
    let units = read_csv(&out.join("units.csv"));
    let departements: BTreeSet<&str> = units.iter().map(|u| u["departement"].as_str()).collect();
    assert_eq!(departements.len(), 101);
    let lines: Vec<&str> = text.lines().map(str::trim_start).collect();
    for code in departements {
        let name = &names.iter().find(|d| d["code"] == code).expect("name")["nom"];
        // Long names wrap in their cell: the first word up to a hyphen.
        let first_word = name.split([' ', '-']).next().unwrap();
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("{code} ")) && l.contains(first_word)),
            "département {code} {name} not printed"
        );
    }
}
