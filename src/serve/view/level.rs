//! One zoom of the map, built once: every unit's rings snapped to half-pixels of the Web
//! Mercator grid (shared borders snap alike, so neighbours still meet), written as GeoJSON;
//! the segments two units share, matched; and the borders that never change with the
//! decisions (département, CPTS now, zone blanche) chained and written.

use super::grid::{Point, snap};
use super::lines::{Line, chain, drop_straight};
use crate::PlanRun;
use rayon::prelude::*;

/// A shared segment: its ends, the unit on one side and the unit on the other (`None` on the
/// territory's edge).
pub type Edge = (Point, Point, u32, Option<u32>);

/// The static border classes, in drawing order.
pub const STATIC_BORDERS: [&str; 3] = ["departement", "cpts", "zone"];

/// A zoom of the map.
pub struct Level {
    pub zoom: u8,
    /// For each unit, the `coordinates` of its GeoJSON MultiPolygon; empty when it vanishes.
    pub geometry: Vec<String>,
    /// Every segment of every unit's rings, sorted: `(a, b, unit)` with `a < b`.
    pub segments: Vec<(Point, Point, u32)>,
    /// Every segment, matched with the units on its two sides.
    pub edges: Vec<Edge>,
    /// The lines of each class of [`STATIC_BORDERS`].
    pub static_lines: Vec<Vec<Line>>,
    /// The edges with a zone blanche's unit on a side: the only ones the plan can change.
    pub zone_edges: Vec<usize>,
}

/// Build the level of `zoom`.
pub fn build(run: &PlanRun, zoom: u8) -> Level {
    let rings = snapped_rings(run, zoom);
    let segments = sorted_segments(&rings);
    let edges = matched_edges(&segments);
    let geometry = rings
        .par_iter()
        .map(|unit_rings| multipolygon_coordinates(unit_rings, zoom))
        .collect();
    let units = &run.zoning.coverage.territory.units;
    let cover = &run.zoning.coverage.cover.units;
    let zone_of = &run.zoning.zones.zone_of;
    let mut classes: Vec<Vec<(Point, Point)>> = vec![Vec::new(); STATIC_BORDERS.len()];
    let mut zone_edges = Vec::new();
    for (k, &(a, b, left, right)) in edges.iter().enumerate() {
        let l = left as usize;
        let r = right.map(|r| r as usize);
        if zone_of[l].is_some() || r.is_some_and(|r| zone_of[r].is_some()) {
            zone_edges.push(k);
        }
        let Some(r) = r else {
            if zone_of[l].is_some() {
                classes[2].push((a, b));
            }
            continue;
        };
        if units[l].departement != units[r].departement {
            classes[0].push((a, b));
        }
        if cover[l].cpts.first() != cover[r].cpts.first() {
            classes[1].push((a, b));
        }
        if zone_of[l] != zone_of[r] {
            classes[2].push((a, b));
        }
    }
    let static_lines = classes.par_iter().map(|edges| chain(edges, zoom)).collect();
    Level {
        zoom,
        geometry,
        segments,
        edges,
        static_lines,
        zone_edges,
    }
}

/// Each unit's rings, snapped, repeated points dropped, first point not repeated at the end.
fn snapped_rings(run: &PlanRun, zoom: u8) -> Vec<Vec<Vec<Point>>> {
    run.zoning
        .coverage
        .territory
        .units
        .par_iter()
        .map(|unit| {
            let Some(geometry) = &unit.geometry else {
                return Vec::new();
            };
            let mut out = Vec::new();
            for polygon in &geometry.0 {
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    let mut points: Vec<Point> = Vec::with_capacity(ring.0.len());
                    for c in &ring.0 {
                        let p = snap(c.x, c.y, zoom);
                        if points.last() != Some(&p) {
                            points.push(p);
                        }
                    }
                    if points.len() > 1 && points.first() == points.last() {
                        points.pop();
                    }
                    if points.len() >= 3 {
                        out.push(points);
                    }
                }
            }
            out
        })
        .collect()
}

/// The segments of every ring, sorted.
fn sorted_segments(rings: &[Vec<Vec<Point>>]) -> Vec<(Point, Point, u32)> {
    let mut segments: Vec<(Point, Point, u32)> = Vec::new();
    for (u, unit_rings) in rings.iter().enumerate() {
        for ring in unit_rings {
            for k in 0..ring.len() {
                let (p, q) = (ring[k], ring[(k + 1) % ring.len()]);
                let (a, b) = if p < q { (p, q) } else { (q, p) };
                segments.push((a, b, u as u32));
            }
        }
    }
    segments.par_sort_unstable();
    segments
}

/// One edge per distinct segment, with the units on its two sides (a segment three units
/// draw, by rounding, keeps its first two).
fn matched_edges(segments: &[(Point, Point, u32)]) -> Vec<Edge> {
    let mut edges = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        let mut j = i + 1;
        while j < segments.len() && segments[j].0 == segments[i].0 && segments[j].1 == segments[i].1
        {
            j += 1;
        }
        let left = segments[i].2;
        let right = segments[i + 1..j].iter().map(|s| s.2).find(|&v| v != left);
        if right.is_some() || j - i == 1 {
            edges.push((segments[i].0, segments[i].1, left, right));
        }
        i = j;
    }
    edges
}

/// `[[ring]…]`: each ring a polygon of its own (holes are rare at this scale; the canvas fills
/// each ring once), closed, straight runs thinned.
fn multipolygon_coordinates(rings: &[Vec<Point>], zoom: u8) -> String {
    let mut out = String::new();
    for ring in rings {
        let mut points: Vec<Point> = ring
            .iter()
            .chain(std::iter::once(&ring[0]))
            .copied()
            .collect();
        drop_straight(&mut points);
        if points.len() < 4 {
            continue;
        }
        out.push_str(if out.is_empty() { "[[" } else { ",[" });
        out.push_str(&Line::of(&points, zoom).coordinates);
        out.push(']');
    }
    if !out.is_empty() {
        out.push(']');
    }
    out
}
