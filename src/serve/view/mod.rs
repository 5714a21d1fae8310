//! Map data for one view of the planning table (`/api/map`): the units meeting a lon/lat box as
//! GeoJSON with what the page shows of them (stage, CPTS, zone, plan), and the borders
//! (département, CPTS, zone blanche, plan). A view too large to draw commune by commune (over
//! [`MAX_UNITS`]) gets the overview instead: one polygon per look. What does not change with
//! the decisions is built once per zoom ([`level`]).

mod grid;
mod level;
mod lines;
mod overview;

use crate::PlanRun;
use crate::parts::{TargetKind, Territory};
use grid::Point;
use level::{Level, STATIC_BORDERS};
use lines::{Line, boxes_meet, chain, push_feature};
use overview::Overview;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Zooms the server snaps to (coarser views use the coarsest, finer the finest).
pub const ZOOMS: std::ops::RangeInclusive<u8> = 4..=14;

/// The most units a view draws one by one; beyond, the overview.
pub const MAX_UNITS: usize = 6000;

/// What is drawn at each zoom for one version of the decisions (the version it was drawn at).
type Drawn<T> = Mutex<HashMap<u8, (u64, Arc<T>)>>;

/// The map of a territory: unit boxes and inner points, and the levels built so far.
pub struct Atlas {
    boxes: Vec<Option<[f64; 4]>>,
    /// A point inside each unit (lon/lat): where the page labels, clicks and lassoes it.
    inside: Vec<Option<[f64; 2]>>,
    /// The reporting area's box (it depends on the territory only).
    extent: Option<[f64; 4]>,
    levels: Mutex<HashMap<u8, Arc<Level>>>,
    overviews: Drawn<Overview>,
    /// The plan's borders of each zoom, for the version of the decisions they were drawn at.
    plans: Drawn<Vec<Line>>,
}

impl Atlas {
    /// The boxes and inner points of the territory's units (lon/lat).
    pub fn new(territory: &Territory) -> Atlas {
        use geo::{BoundingRect, InteriorPoint};
        use rayon::prelude::*;
        let round5 = |x: f64| (x * 1e5).round() / 1e5;
        let inside = territory
            .units
            .par_iter()
            .map(|u| {
                let p = u.geometry.as_ref()?.interior_point()?;
                Some([round5(p.x()), round5(p.y())])
            })
            .collect();
        let boxes: Vec<Option<[f64; 4]>> = territory
            .units
            .iter()
            .map(|u| {
                let rect = u.geometry.as_ref()?.bounding_rect()?;
                Some([rect.min().x, rect.min().y, rect.max().x, rect.max().y])
            })
            .collect();
        let extent = area_extent(territory, &boxes);
        Atlas {
            boxes,
            inside,
            extent,
            levels: Mutex::new(HashMap::new()),
            overviews: Mutex::new(HashMap::new()),
            plans: Mutex::new(HashMap::new()),
        }
    }

    /// The reporting area's box, lon/lat (`[west, south, east, north]`): its metropolitan part
    /// when it has one (the page opens on it; the DROM are a pan away).
    pub fn extent(&self) -> Option<[f64; 4]> {
        self.extent
    }

    fn level(&self, run: &PlanRun, zoom: u8) -> Arc<Level> {
        let mut levels = self.levels.lock().unwrap_or_else(|e| e.into_inner());
        levels
            .entry(zoom)
            .or_insert_with(|| Arc::new(level::build(run, zoom)))
            .clone()
    }

    fn overview(&self, run: &PlanRun, level: &Level, version: u64) -> Arc<Overview> {
        drawn(&self.overviews, level.zoom, version, || {
            Overview::build(run, level)
        })
    }

    fn plan_lines(&self, run: &PlanRun, level: &Level, version: u64) -> Arc<Vec<Line>> {
        drawn(&self.plans, level.zoom, version, || {
            chain(&plan_edges(run, level), level.zoom)
        })
    }

    /// The GeoJSON of a view of the plan at `version` of the decisions.
    pub fn view(&self, run: &PlanRun, version: u64, bbox: [f64; 4], zoom: u8) -> String {
        let zoom = zoom.clamp(*ZOOMS.start(), *ZOOMS.end());
        let level = self.level(run, zoom);
        let inside: Vec<usize> = (0..self.boxes.len())
            .filter(|&u| self.boxes[u].is_some_and(|b| boxes_meet(&b, &bbox)))
            .collect();
        let overview = inside.len() > MAX_UNITS;
        let mut out = String::with_capacity(inside.len().min(MAX_UNITS) * 700 + 4096);
        out.push_str(r#"{"type":"FeatureCollection","overview":"#);
        out.push_str(if overview { "true" } else { "false" });
        out.push_str(r#","features":["#);
        let mut first = true;
        if overview {
            self.overview(run, &level, version)
                .push(&mut out, &bbox, &mut first);
        } else {
            for &u in &inside {
                if !level.geometry[u].is_empty() {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    self.push_unit(&mut out, run, u, &level);
                }
            }
        }
        for (class, lines) in STATIC_BORDERS.iter().zip(&level.static_lines) {
            let props = format!(r#"{{"border":"{class}"}}"#);
            let meeting = lines.iter().filter(|l| l.meets(&bbox));
            push_feature(&mut out, &props, "MultiLineString", meeting, &mut first);
        }
        // The plan's borders are drawn once communes are (in the overview they would hide it).
        if !overview {
            let plan = self.plan_lines(run, &level, version);
            let meeting = plan.iter().filter(|l| l.meets(&bbox));
            push_feature(
                &mut out,
                r#"{"border":"plan"}"#,
                "MultiLineString",
                meeting,
                &mut first,
            );
        }
        out.push_str("]}");
        out
    }

    /// One unit as a GeoJSON feature (short property names: a view holds thousands).
    fn push_unit(&self, out: &mut String, run: &PlanRun, u: usize, level: &Level) {
        let territory = &run.zoning.coverage.territory;
        let listing = &run.zoning.coverage.listing;
        let cover = &run.zoning.coverage.cover.units[u];
        let unit = &territory.units[u];
        let cpts: Vec<&str> = cover
            .cpts
            .iter()
            .map(|&c| listing.cpts[c].id.as_str())
            .collect();
        let names: Vec<&str> = cover
            .cpts
            .iter()
            .map(|&c| listing.cpts[c].name.as_str())
            .collect();
        let zone = run.zoning.zones.zone_of[u].map(|z| &run.zoning.zones[z]);
        let target = run.plan.target_of[u].map(|t| &run.plan.targets[t]);
        let epci = unit
            .epci
            .as_deref()
            .and_then(|e| run.zoning.coverage.cog.epci_name(e));
        let props = serde_json::json!({
            "c": unit.code,
            "n": unit.name,
            "p": unit.population,
            "d": unit.departement,
            "s": cover.stage.map(|s| s.as_str()),
            "k": cpts,
            "kn": names,
            "e": epci,
            "z": zone.map(|z| &z.key),
            "zn": zone.map(|z| &z.name),
            "t": target.map(|t| &t.id),
            "tn": target.map(|t| &t.name),
            "tk": target.map(|t| match t.kind {
                TargetKind::Existing(_) => "extend",
                TargetKind::New { .. } => "new",
            }),
            "x": run.plan.decided[u],
            "a": territory.in_area(u),
            "lp": self.inside[u],
        });
        out.push_str(r#"{"type":"Feature","id":""#);
        out.push_str(&unit.code);
        out.push_str(r#"","properties":"#);
        out.push_str(&props.to_string());
        out.push_str(r#","geometry":{"type":"MultiPolygon","coordinates":"#);
        out.push_str(&level.geometry[u]);
        out.push_str("}}");
    }
}

/// What `cache` holds for `zoom` if it was drawn at `version`, else drawn now and kept.
fn drawn<T>(cache: &Drawn<T>, zoom: u8, version: u64, draw: impl FnOnce() -> T) -> Arc<T> {
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    match cache.get(&zoom) {
        Some((v, drawn)) if *v == version => drawn.clone(),
        _ => {
            let drawn = Arc::new(draw());
            cache.insert(zoom, (version, drawn.clone()));
            drawn
        }
    }
}

/// The box of the reporting area's units: their metropolitan part when they have one.
fn area_extent(territory: &Territory, boxes: &[Option<[f64; 4]>]) -> Option<[f64; 4]> {
    let overseas = |u: usize| territory.units[u].departement.starts_with("97");
    let metropolitan = (0..boxes.len()).any(|u| territory.in_area(u) && !overseas(u));
    let mut out: Option<[f64; 4]> = None;
    for (u, b) in boxes.iter().enumerate() {
        let (Some(b), true) = (b, territory.in_area(u) && !(metropolitan && overseas(u))) else {
            continue;
        };
        out = Some(match out {
            None => *b,
            Some(o) => [
                o[0].min(b[0]),
                o[1].min(b[1]),
                o[2].max(b[2]),
                o[3].max(b[3]),
            ],
        });
    }
    out
}

/// The segments between two units the plan puts in different territories where it places one
/// of them (the borders the plan draws; the others are CPTS borders now).
fn plan_edges(run: &PlanRun, level: &Level) -> Vec<(Point, Point)> {
    let cover = &run.zoning.coverage.cover.units;
    // Where a unit is once the plan is carried out: a new CPTS, else a CPTS of the listing.
    let after = |u: usize| match run.plan.target_of[u] {
        Some(t) => match run.plan.targets[t].kind {
            TargetKind::Existing(c) => (2, c),
            TargetKind::New { .. } => (1, t),
        },
        None => cover[u].cpts.first().map_or((0, 0), |&c| (2, c)),
    };
    level
        .zone_edges
        .iter()
        .filter_map(|&k| {
            let (a, b, l, r) = level.edges[k];
            let (l, r) = (l as usize, r? as usize);
            let planned = run.plan.target_of[l].is_some() || run.plan.target_of[r].is_some();
            (planned && after(l) != after(r)).then_some((a, b))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Inputs, Stage, run_plan};

    fn demo() -> (PlanRun, Atlas) {
        let run = run_plan(&Inputs::demo(), Stage::Li).expect("demo plan");
        let atlas = Atlas::new(&run.zoning.coverage.territory);
        (run, atlas)
    }

    #[test]
    fn a_view_draws_every_unit_in_its_box_once_with_its_plan() {
        let (run, atlas) = demo();
        let bbox = atlas.extent().expect("extent");
        let view: serde_json::Value =
            serde_json::from_str(&atlas.view(&run, 1, bbox, 10)).expect("GeoJSON");
        assert_eq!(view["overview"], false);
        let features = view["features"].as_array().expect("features");
        let units: Vec<&serde_json::Value> = features
            .iter()
            .filter(|f| f["properties"]["c"].is_string())
            .collect();
        assert_eq!(units.len(), run.zoning.coverage.territory.units.len());
        let placed = units
            .iter()
            .filter(|f| f["properties"]["t"].is_string())
            .count();
        assert_eq!(placed, run.plan.target_of.iter().flatten().count());
        let borders: Vec<&str> = features
            .iter()
            .filter_map(|f| f["properties"]["border"].as_str())
            .collect();
        assert!(
            borders.contains(&"cpts") && borders.contains(&"zone"),
            "{borders:?}"
        );
    }

    #[test]
    fn the_overview_merges_units_into_closed_rings_at_every_zoom() {
        let (run, _) = demo();
        for zoom in ZOOMS {
            let level = level::build(&run, zoom);
            let overview = Overview::build(&run, &level);
            let mut out = String::new();
            let mut first = true;
            overview.push(&mut out, &[-180.0, -85.0, 180.0, 85.0], &mut first);
            let features: serde_json::Value =
                serde_json::from_str(&format!("[{out}]")).expect("features");
            for feature in features.as_array().expect("array") {
                for ring in feature["geometry"]["coordinates"]
                    .as_array()
                    .expect("rings")
                {
                    let ring = ring.as_array().expect("ring");
                    assert_eq!(ring.first(), ring.last(), "an open ring at zoom {zoom}");
                }
            }
        }
    }
}
