//! The overview of a view too large to draw commune by commune (a national view holds 35 000):
//! units of the same look — stage, zone blanche, decided, inside the reporting area — merged
//! into one polygon per look, from the segments where the look changes (modulo 2). Built for the whole
//! territory once per zoom and version of the decisions; a view picks the rings it meets.

use super::grid::Point;
use super::level::Level;
use super::lines::{Line, chain, push_feature};
use crate::PlanRun;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The merged polygons of one zoom, for one version of the decisions.
pub struct Overview {
    /// Each look's properties (a JSON object) and its rings.
    looks: Vec<(String, Vec<Line>)>,
}

impl Overview {
    /// Merge the units of `level` by look.
    pub fn build(run: &PlanRun, level: &Level) -> Overview {
        let territory = &run.zoning.coverage.territory;
        let cover = &run.zoning.coverage.cover.units;
        let zone_of = &run.zoning.zones.zone_of;
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        let look: Vec<usize> = (0..territory.units.len())
            .map(|u| {
                let props = serde_json::json!({
                    "agg": true,
                    "s": cover[u].stage.map(|s| s.as_str()),
                    "z": zone_of[u].is_some(),
                    "x": run.plan.decided[u],
                    "a": territory.in_area(u),
                })
                .to_string();
                let next = index.len();
                *index.entry(props).or_insert(next)
            })
            .collect();
        // A look's outline is the sum modulo 2 of its units' rings: a segment its units draw an
        // odd number of times. Each ring is a cycle, so the outline's every point has an even
        // degree and chains into closed rings, even where units collapse at this zoom.
        let mut edges: Vec<Vec<(Point, Point)>> = vec![Vec::new(); index.len()];
        let segments = &level.segments;
        let mut odd: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < segments.len() {
            let (a, b) = (segments[i].0, segments[i].1);
            odd.clear();
            while i < segments.len() && segments[i].0 == a && segments[i].1 == b {
                let l = look[segments[i].2 as usize];
                match odd.iter().position(|&x| x == l) {
                    Some(k) => {
                        odd.swap_remove(k);
                    }
                    None => odd.push(l),
                }
                i += 1;
            }
            for &l in &odd {
                edges[l].push((a, b));
            }
        }
        let mut props: Vec<String> = vec![String::new(); index.len()];
        for (p, k) in index {
            props[k] = p;
        }
        let looks = edges
            .par_iter()
            .map(|e| chain(e, level.zoom))
            .collect::<Vec<_>>()
            .into_iter()
            .zip(props)
            .map(|(rings, p)| (p, rings))
            .collect();
        Overview { looks }
    }

    /// One Polygon feature per look (its rings meeting `bbox`, filled even-odd).
    pub fn push(&self, out: &mut String, bbox: &[f64; 4], first: &mut bool) {
        for (props, rings) in &self.looks {
            push_feature(
                out,
                props,
                "Polygon",
                rings.iter().filter(|r| r.meets(bbox)),
                first,
            );
        }
    }
}
