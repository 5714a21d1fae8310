//! Borders between units: the units' boundary segments snapped to the page, matched with the
//! unit on their other side, and chained into polylines (CPTS and département borders are the
//! segments whose two sides differ).

use super::frames::Frame;
use super::svg::{drop_collinear, push_polyline};
use geo::MultiPolygon;
use rayon::prelude::*;
use std::fmt::Write;

/// Calls `emit(a, b)` for every segment of a unit's rings between two distinct snapped points
/// (`a < b`), in ring order.
pub(super) fn snapped_segments(
    frame: &Frame,
    geometry: &MultiPolygon<f64>,
    mut emit: impl FnMut((i32, i32), (i32, i32)),
) {
    for polygon in &geometry.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut previous: Option<(i32, i32)> = None;
            for c in &ring.0 {
                let p = frame.project(c.x, c.y);
                if let Some(q) = previous
                    && q != p
                {
                    let (a, b) = if q < p { (q, p) } else { (p, q) };
                    emit(a, b);
                }
                previous = Some(p);
            }
        }
    }
}

/// Boundary segments of the units in pixel tenths, each with the units on its two sides
/// (`None` outside the drawn area), found by matching identical segments.
pub(super) fn segments(frame: &Frame, metric: &[Option<MultiPolygon<f64>>]) -> Vec<Edge> {
    // Exact counts first (projecting is cheap): room for the vertices instead would hold
    // 2.5 times the segments that remain once points snap together (the national map: 1.5 M
    // vertices, 584 000 segments).
    let bounds: Vec<usize> = frame
        .units
        .par_iter()
        .map(|&u| {
            let mut n = 0;
            if let Some(g) = &metric[u] {
                snapped_segments(frame, g, |_, _| n += 1);
            }
            n
        })
        .collect();
    let empty: SegmentKey = (0, (0, 0), (0, 0), 0);
    let mut all = crate::parallel::gather(&bounds, empty, |k, slot| {
        let u = frame.units[k];
        let mut n = 0;
        if let Some(g) = &metric[u] {
            snapped_segments(frame, g, |a, b| {
                let key = ((a.0 as u64 & 0xffff) << 48)
                    | ((a.1 as u64 & 0xffff) << 32)
                    | ((b.0 as u64 & 0xffff) << 16)
                    | (b.1 as u64 & 0xffff);
                slot[n] = (key, a, b, u as u32);
                n += 1;
            });
        }
        n
    });
    all.par_sort_unstable();
    let mut edges = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let mut j = i + 1;
        while j < all.len() && all[j].1 == all[i].1 && all[j].2 == all[i].2 {
            j += 1;
        }
        let left = all[i].3 as usize;
        // A segment drawn by more than two units (pixel rounding) keeps its first two.
        let right = all[i + 1..j]
            .iter()
            .map(|s| s.3 as usize)
            .find(|&v| v != left);
        if right.is_some() || j - i == 1 {
            edges.push(Edge {
                a: all[i].1,
                b: all[i].2,
                left,
                right,
            });
        }
        i = j;
    }
    edges
}

/// A snapped segment: sort key, endpoints (tenths of a pixel), unit.
pub(super) type SegmentKey = (u64, (i32, i32), (i32, i32), u32);

pub(super) struct Edge {
    pub(super) a: (i32, i32),
    pub(super) b: (i32, i32),
    pub(super) left: usize,
    pub(super) right: Option<usize>,
}

/// Chain segments into polylines and write them as path data.
pub(super) fn push_chained(out: &mut String, edges: &[&Edge]) {
    // The edges at each point, in edge order: (point, edge) pairs sorted, found by bisection
    // (no hashing and no vector per point; the national map has ~700 000 border edges).
    let mut ends: Vec<((i32, i32), usize)> = Vec::with_capacity(2 * edges.len());
    for (k, e) in edges.iter().enumerate() {
        ends.push((e.a, k));
        ends.push((e.b, k));
    }
    ends.par_sort_unstable();
    let at = |p: (i32, i32)| {
        let start = ends.partition_point(|e| e.0 < p);
        let end = start + ends[start..].partition_point(|e| e.0 == p);
        &ends[start..end]
    };
    let mut used = vec![false; edges.len()];
    for start in 0..edges.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut points = vec![edges[start].a, edges[start].b];
        let mut point = edges[start].b;
        loop {
            let next = at(point).iter().map(|&(_, k)| k).find(|&k| !used[k]);
            let Some(k) = next else { break };
            used[k] = true;
            point = if edges[k].a == point {
                edges[k].b
            } else {
                edges[k].a
            };
            points.push(point);
        }
        drop_collinear(&mut points);
        push_polyline(out, &points, false);
    }
}

/// Chained border segments, one `<path>` per stroke (a light casing first keeps a dark line
/// visible on dark fills).
pub(super) fn push_borders(svg: &mut String, borders: &[&Edge], class: &str, strokes: &[&str]) {
    let mut d = String::new();
    push_chained(&mut d, borders);
    if d.is_empty() {
        return;
    }
    for (k, stroke) in strokes.iter().enumerate() {
        let class = if k + 1 == strokes.len() {
            class.to_string()
        } else {
            format!("{class}-casing")
        };
        let _ = writeln!(
            svg,
            "<path class=\"{class}\" fill=\"none\" {stroke} stroke-linejoin=\"round\" d=\"{d}\"/>"
        );
    }
}
