//! Map legibility (issue 14): the France and 04 maps laid out by a real SVG engine (usvg, with the
//! system fonts): no two drawn labels overlap, none leaves the page, every zone is labelled or
//! counted in the note, and the furniture (legend with counts, scale bar, source line) is there.

mod common;
use common::*;
use resvg::usvg;
use std::path::Path;

/// Every label's box as laid out by usvg: (id, left, top, right, bottom).
fn label_boxes(svg: &str) -> (Vec<(String, [f32; 4])>, [f32; 2]) {
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = usvg::Tree::from_str(svg, &options).expect("the SVG parses");
    fn walk(group: &usvg::Group, out: &mut Vec<(String, [f32; 4])>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => walk(g, out),
                usvg::Node::Text(t) if t.id().starts_with("label-") => {
                    let b = t.abs_bounding_box();
                    out.push((
                        t.id().to_string(),
                        [b.left(), b.top(), b.right(), b.bottom()],
                    ));
                }
                _ => {}
            }
        }
    }
    let mut boxes = Vec::new();
    walk(tree.root(), &mut boxes);
    (boxes, [tree.size().width(), tree.size().height()])
}

/// Assert that no two labels overlap and all are on the page; returns how many there are.
fn assert_legible(svg: &str, what: &str) -> usize {
    let (boxes, [width, height]) = label_boxes(svg);
    assert!(!boxes.is_empty(), "{what}: no label");
    for (id, b) in &boxes {
        assert!(b[2] > b[0] && b[3] > b[1], "{what}: {id} has no size");
        assert!(
            b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= width && b[3] <= height,
            "{what}: {id} leaves the page: {b:?}"
        );
    }
    let mut overlaps = Vec::new();
    for (i, (a_id, a)) in boxes.iter().enumerate() {
        for (b_id, b) in &boxes[i + 1..] {
            // Half a pixel of tolerance for antialiasing.
            if a[0] + 0.5 < b[2] && b[0] + 0.5 < a[2] && a[1] + 0.5 < b[3] && b[1] + 0.5 < a[3] {
                overlaps.push(format!("{a_id} {a:?} × {b_id} {b:?}"));
            }
        }
    }
    assert!(
        overlaps.is_empty(),
        "{what}: {} overlapping labels: {:#?}",
        overlaps.len(),
        &overlaps[..overlaps.len().min(5)]
    );
    boxes.len()
}

/// Zones labelled on the map, and the note's count when some are left out.
fn zone_labels(svg: &str, zones: usize) -> usize {
    let labelled = svg.matches("class=\"zone-label\"").count();
    if labelled < zones {
        let note = format!("Étiquettes : {labelled} zones sur {zones}, les plus peuplées d'abord");
        assert!(svg.contains(&note), "the note counts the unlabelled zones");
    }
    labelled
}

fn map(inputs: &[String], extra: &[&str], out: &Path) -> String {
    let mut args: Vec<&str> = vec!["map"];
    args.extend(inputs.iter().map(|s| s.as_str()));
    args.extend(extra);
    args.extend(["--out", path_str(out), "--quiet"]);
    run_ok(&args);
    std::fs::read_to_string(out).unwrap()
}

/// France at 1600 px (the national scenario, 525 zones): the labels that fit, none overlapping;
/// Z0001 (Marseille 1er) labelled; the legend lists the stages drawn with their counts.
#[test]
fn france_map_labels_never_overlap() {
    let Some(data) = shared_data("france_map_labels_never_overlap") else {
        return;
    };
    let out = run_national("zones", "labels-france", &data, &[]);
    let zones = read_csv(&out.join("zones.csv"));
    assert_eq!(zones.len(), 525);
    let inputs = vec![
        "--communes".to_string(),
        path_str(&data.join("france/communes-2026.geojson.gz")).to_string(),
        "--cpts".to_string(),
        path_str(&data.join("scenarios/france-dev.csv")).to_string(),
    ];
    let svg = map(&inputs, &["--width", "1600"], &out.join("france.svg"));
    let labels = assert_legible(&svg, "France");
    let labelled = zone_labels(&svg, zones.len());
    assert_eq!(labels, labelled);
    assert!((100..525).contains(&labelled), "{labelled} zone labels");
    // The most populated zones come first: Z0001 always has its label, with its name.
    assert!(svg.contains("id=\"label-Z0001\""));
    let z1 = &zones[0];
    assert_eq!(z1["zone_id"], "Z0001");
    assert!(svg.contains(&format!(">Z0001 {}", z1["zone_name"])));
    // Legend: the national totals of units.csv per stage class, a scale bar per frame, the
    // source line.
    let units = read_csv(&out.join("units.csv"));
    let aci = units.iter().filter(|u| u["stage"] == "aci").count();
    assert!(
        svg.contains(&format!(
            "ACI signé : {} unités",
            zones_blanches::format::thousands(aci as u64)
        )),
        "legend count of ACI units"
    );
    // France, five overseas insets and the insets of Paris, Lyon and Marseille (issue 28).
    assert_eq!(svg.matches("class=\"scale-bar\"").count(), 9);
    for city in ["Paris", "Lyon", "Marseille"] {
        assert!(
            svg.contains(&format!("{city} (arrondissements)")),
            "{city} inset"
        );
    }
    assert!(svg.contains("Sources : communes communes-2026.geojson.gz"));
    assert!(svg.contains("france-dev.csv"));
}

/// Département 04 with every layer (plan, CPTS names): labels and names never overlap; each
/// zone's label says which CPTS it joins; the legend lists only what is drawn.
#[test]
fn departement_04_map_labels_never_overlap() {
    let Some(data) = shared_data("departement_04_map_labels_never_overlap") else {
        return;
    };
    let out = run_paca("plan", "labels-04", &data, &["--departement", "04"]);
    let zones = read_csv(&out.join("zones.csv"));
    let plan = read_csv(&out.join("plan.csv"));
    let listing = read_csv(&data.join("paca/cpts-paca-2026-01.csv"));
    for width in ["1200", "600"] {
        let svg = map(
            &paca_inputs(&data),
            &[
                "--departement",
                "04",
                "--layer",
                "stages,plan,cpts,departements,zones,cpts-names",
                "--width",
                width,
            ],
            &out.join(format!("04-{width}.svg")),
        );
        assert_legible(&svg, &format!("04 at {width} px"));
        assert_eq!(zone_labels(&svg, zones.len()), zones.len(), "{width} px");
        assert!(svg.contains("class=\"cpts-label\""), "CPTS names drawn");
        // The label of the largest zone names the CPTS its units join in plan.csv.
        // A zone shared among several CPTS (S11) says how many.
        let z1 = &zones[0];
        let targets: std::collections::BTreeSet<&str> = plan
            .iter()
            .filter(|p| p["zone_id"] == z1["zone_id"])
            .map(|p| p["target_id"].as_str())
            .collect();
        let expected = if targets.len() == 1 {
            let target = targets.first().expect("plan row of Z0001");
            let name = &listing
                .iter()
                .find(|c| c["cpts_id"] == *target)
                .expect("the target in the listing")["cpts_nom"];
            format!("→ {}", zones_blanches::format::escape_xml(name))
        } else {
            format!("→ {} cibles", targets.len())
        };
        assert!(svg.contains(&expected), "{width} px: Z0001 {expected}");
        // Only extensions here: no legend item for new CPTS.
        assert!(plan.iter().all(|p| p["kind"] != "create"));
        assert!(!svg.contains("Plan : nouvelle CPTS"));
        assert!(svg.contains("Plan : extension d'une CPTS"));
        assert!(!svg.contains("Pré-projet"), "no pre-project unit in 04");
    }
}

/// Issue 28: the Bouches-du-Rhône with Marseille's arrondissements in an inset — the inset is
/// drawn clipped, Z0001 (Marseille 1er) is labelled in it, no label overlaps another (inset
/// and main frame together), and the CPTS names that found no room are counted in the note.
#[test]
fn bouches_du_rhone_map_with_the_marseille_inset_labels_never_overlap() {
    let Some(data) = shared_data("bouches_du_rhone_map_with_the_marseille_inset") else {
        return;
    };
    let out = temp_dir("labels-13");
    let listing = read_csv(&data.join("paca/cpts-paca-2026-01.csv"));
    let in_13: std::collections::BTreeSet<&str> = listing
        .iter()
        .filter(|r| r["code_insee_source"].starts_with("13"))
        .map(|r| r["cpts_id"].as_str())
        .collect();
    for width in ["1600", "1000"] {
        let svg = map(
            &paca_inputs(&data),
            &[
                "--departement",
                "13",
                "--layer",
                "stages,cpts,departements,zones,cpts-names",
                "--width",
                width,
            ],
            &out.join(format!("13-{width}.svg")),
        );
        assert!(
            svg.contains("Marseille (arrondissements)"),
            "the inset is named"
        );
        assert!(
            svg.contains("clip-path=\"url(#clip-marseille)\""),
            "and clipped"
        );
        assert_legible(&svg, &format!("13 at {width} px"));
        assert!(
            svg.contains("id=\"label-Z0001\""),
            "Z0001 labelled at {width} px"
        );
        let named = svg.matches("class=\"cpts-label\"").count();
        assert!(named >= in_13.len() / 2, "{named} CPTS names");
        if named < in_13.len() {
            let note = format!("Noms de CPTS : {named} sur {}", in_13.len());
            assert!(svg.contains(&note), "{note}");
        }
    }
    // The PNG of the README.
    let png = out.join("13-1600.png");
    let mut args: Vec<&str> = vec!["map"];
    let inputs = paca_inputs(&data);
    args.extend(inputs.iter().map(|s| s.as_str()));
    args.extend([
        "--departement",
        "13",
        "--layer",
        "stages,cpts,departements,zones,cpts-names",
        "--width",
        "1600",
        "--out",
        path_str(&png),
        "-q",
    ]);
    run_ok(&args);
    assert!(std::fs::read(&png).expect("png").starts_with(b"\x89PNG"));
}

/// Issue 28: `map --lang en` writes its words in English (French stays the default), and its
/// labels still never overlap.
#[test]
fn a_map_speaks_english_with_lang_en() {
    let Some(data) = shared_data("a_map_speaks_english_with_lang_en") else {
        return;
    };
    let out = temp_dir("labels-lang");
    let layers = "stages,plan,cpts,departements,zones,cpts-names";
    let en = map(
        &paca_inputs(&data),
        &["--departement", "04", "--layer", layers, "--lang", "en"],
        &out.join("04-en.svg"),
    );
    let fr = map(
        &paca_inputs(&data),
        &["--departement", "04", "--layer", layers],
        &out.join("04-fr.svg"),
    );
    for word in [
        "CPTS coverage — ",
        ">Legend<",
        "No CPTS: ",
        "CPTS border",
        "Sources: ",
    ] {
        assert!(en.contains(word), "English map: {word}");
    }
    for word in ["Légende", "Couverture CPTS", "hab.", "Limite de", "unités"] {
        assert!(!en.contains(word), "French left in the English map: {word}");
        assert!(fr.contains(word), "French map: {word}");
    }
    assert_legible(&en, "04 in English");
}
