//! S2, polygon route: CPTS drawn as polygons give the same unit → CPTS assignment as the listing.

mod common;
use common::*;
use geo::{Buffer, Coord, MultiPolygon};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

/// WGS84 polygons of the national layer by code, read with the `geojson` crate (an
/// independent reader, not the engine's).
fn commune_polygons(data: &std::path::Path, region: &str) -> BTreeMap<String, MultiPolygon<f64>> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(data.join("france/communes-2026.geojson.gz")).expect("communes"),
    )
    .read_to_string(&mut text)
    .expect("gunzip");
    let collection: geojson::FeatureCollection = text.parse().expect("GeoJSON");
    collection
        .features
        .into_iter()
        .filter(|f| f.property("region").and_then(|r| r.as_str()) == Some(region))
        .map(|f| {
            let code = f
                .property("code")
                .and_then(|c| c.as_str())
                .unwrap()
                .to_string();
            let geometry: geo::Geometry<f64> = f.geometry.unwrap().try_into().unwrap();
            let polygons = match geometry {
                geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
                geo::Geometry::MultiPolygon(m) => m,
                other => panic!("{code}: {other:?}"),
            };
            (code, polygons)
        })
        .collect()
}

/// Outline of each real PACA CPTS: the union of its units, grown by ~30 m and jittered by up to
/// ~20 m at every vertex, to imitate a hand-drawn QGIS polygon of another vintage.
fn hand_drawn_paca_cpts(data: &std::path::Path) -> String {
    let geometry = commune_polygons(data, "93");
    let text = std::fs::read_to_string(data.join("paca/cpts-paca-2026-01.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut members: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        let code = if row[4].is_empty() {
            row[3].to_string()
        } else {
            row[4].to_string()
        };
        members
            .entry((row[0].to_string(), row[1].to_string()))
            .or_default()
            .insert(code);
    }
    let mut features = Vec::new();
    for ((id, name), codes) in &members {
        let parts: Vec<&geo::Polygon<f64>> =
            codes.iter().flat_map(|c| geometry[c].0.iter()).collect();
        let union = geo::unary_union(parts);
        let grown = union.buffer(0.0003);
        let mut n = 0u64;
        let jittered = MultiPolygon(
            grown
                .0
                .iter()
                .map(|p| {
                    let mut jitter = |c: &Coord<f64>| {
                        n += 1;
                        let h = (n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as f64
                            / (1u64 << 24) as f64
                            - 0.5;
                        Coord {
                            x: c.x + 0.0004 * h,
                            y: c.y - 0.0004 * h,
                        }
                    };
                    let ext: Vec<Coord<f64>> = p.exterior().0.iter().map(&mut jitter).collect();
                    let mut ext = ext;
                    let first = ext[0];
                    *ext.last_mut().unwrap() = first;
                    geo::Polygon::new(geo::LineString(ext), vec![])
                })
                .collect(),
        );
        let mut feature = geojson::Feature::from(geojson::Geometry::from(&jittered));
        feature.set_property("cpts_id", id.as_str());
        feature.set_property("cpts_nom", name.as_str());
        feature.set_property("statut", "ACI signé");
        features.push(feature);
    }
    geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }
    .to_string()
}

#[test]
fn hand_drawn_polygons_give_the_listing_assignment() {
    let Some(data) = shared_data("hand_drawn_polygons_give_the_listing_assignment") else {
        return;
    };
    let dir = temp_dir("cpts-polygons");
    let polygons = dir.join("cpts-paca.geojson");
    std::fs::write(&polygons, hand_drawn_paca_cpts(&data)).unwrap();
    let from_polygons = dir.join("out");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&data.join("france/communes-2026.geojson.gz")),
        "--region",
        "93",
        "--cpts",
        path_str(&polygons),
        "--out",
        path_str(&from_polygons),
        "-q",
    ]);
    let from_listing = run_paca("coverage", "cpts-listing", &data, &["--region", "93"]);

    let assignment = |dir: &std::path::Path| -> Vec<(String, String, String)> {
        read_csv(&dir.join("units.csv"))
            .into_iter()
            .map(|u| (u["code"].clone(), u["stage"].clone(), u["cpts_ids"].clone()))
            .collect()
    };
    let (a, b) = (assignment(&from_polygons), assignment(&from_listing));
    assert_eq!(a.len(), 961);
    let differences: Vec<_> = a.iter().zip(&b).filter(|(x, y)| x != y).collect();
    assert!(
        differences.is_empty(),
        "{} units differ, e.g. {:?}",
        differences.len(),
        &differences[..differences.len().min(5)]
    );

    // The covered fraction is reported: near 1 inside a CPTS, 0 outside.
    let units = read_csv(&from_polygons.join("units.csv"));
    let fraction = |code: &str| {
        units.iter().find(|u| u["code"] == code).unwrap()["covered_fraction"]
            .parse::<f64>()
            .unwrap()
    };
    assert!(fraction("06088") > 0.95, "Nice");
    assert_eq!(fraction("13201"), 0.0, "Marseille 1er is in no CPTS");
    let summary = read_json(&from_polygons.join("summary.json"));
    assert_eq!(summary["counts"]["cpts"], 70);
    assert_eq!(summary["counts"]["unresolved"], 0);

    // From a prepared territory the polygons meet the stored metric polygons: the same units.csv.
    let zbt = dir.join("france.zbt");
    let layer = data.join("france/communes-2026.geojson.gz");
    run_ok(&[
        "prepare",
        "--communes",
        path_str(&layer),
        "--out",
        path_str(&zbt),
        "-q",
    ]);
    let from_zbt = dir.join("out-zbt");
    run_ok(&[
        "coverage",
        "--communes",
        path_str(&zbt),
        "--region",
        "93",
        "--cpts",
        path_str(&polygons),
        "--out",
        path_str(&from_zbt),
        "-q",
    ]);
    for name in ["units.csv", "coverage.csv", "overlaps.csv"] {
        let same = std::fs::read(from_polygons.join(name)).unwrap()
            == std::fs::read(from_zbt.join(name)).unwrap();
        assert!(same, "{name} differs from a .zbt");
    }
}
