//! Lines of the map: snapped segments chained into polylines (points on straight runs dropped),
//! each written once as GeoJSON coordinates with its box, so that a view only picks and joins.

use super::grid::{Point, unsnap};
use std::fmt::Write;

/// A polyline or ring, written: its lon/lat box and its `[[lon,lat],…]`.
pub struct Line {
    pub bbox: [f64; 4],
    pub coordinates: String,
}

impl Line {
    /// The line of snapped points at `zoom`, with the decimals a half-pixel needs (3 at zoom
    /// 6, 5 from zoom 12).
    pub fn of(points: &[Point], zoom: u8) -> Line {
        let decimals = match zoom {
            0..=7 => 3,
            8..=11 => 4,
            _ => 5,
        };
        let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        let mut coordinates = String::with_capacity(points.len() * 20 + 2);
        coordinates.push('[');
        for (i, &p) in points.iter().enumerate() {
            if i > 0 {
                coordinates.push(',');
            }
            let (lon, lat) = unsnap(p, zoom);
            bbox = [
                bbox[0].min(lon),
                bbox[1].min(lat),
                bbox[2].max(lon),
                bbox[3].max(lat),
            ];
            let _ = write!(coordinates, "[{lon:.decimals$},{lat:.decimals$}]");
        }
        coordinates.push(']');
        Line { bbox, coordinates }
    }

    /// Whether it meets the box.
    pub fn meets(&self, b: &[f64; 4]) -> bool {
        boxes_meet(&self.bbox, b)
    }
}

/// Whether two lon/lat boxes (`[west, south, east, north]`) meet.
pub fn boxes_meet(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]
}

/// Chain segments into polylines (a ring comes back to its start), straight runs thinned.
pub fn chain(edges: &[(Point, Point)], zoom: u8) -> Vec<Line> {
    let mut ends: Vec<(Point, usize)> = Vec::with_capacity(2 * edges.len());
    for (k, e) in edges.iter().enumerate() {
        ends.push((e.0, k));
        ends.push((e.1, k));
    }
    ends.sort_unstable();
    let at = |p: Point| {
        let start = ends.partition_point(|e| e.0 < p);
        let end = start + ends[start..].partition_point(|e| e.0 == p);
        &ends[start..end]
    };
    let mut used = vec![false; edges.len()];
    let mut lines = Vec::new();
    for start in 0..edges.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut points = vec![edges[start].0, edges[start].1];
        let mut point = edges[start].1;
        while let Some(k) = at(point).iter().map(|&(_, k)| k).find(|&k| !used[k]) {
            used[k] = true;
            point = if edges[k].0 == point {
                edges[k].1
            } else {
                edges[k].0
            };
            points.push(point);
        }
        drop_straight(&mut points);
        lines.push(Line::of(&points, zoom));
    }
    lines
}

/// Points strictly between two others on a straight line (the snapped staircase of a border
/// has many), dropped; the ends stay.
pub fn drop_straight(points: &mut Vec<Point>) {
    if points.len() < 3 {
        return;
    }
    let mut kept: Vec<Point> = Vec::with_capacity(points.len());
    kept.push(points[0]);
    for k in 1..points.len() - 1 {
        let (a, b, c) = (kept[kept.len() - 1], points[k], points[k + 1]);
        let cross = i64::from(b.0 - a.0) * i64::from(c.1 - a.1)
            - i64::from(b.1 - a.1) * i64::from(c.0 - a.0);
        if cross != 0 {
            kept.push(b);
        }
    }
    kept.push(points[points.len() - 1]);
    *points = kept;
}

/// A feature of `geometry_type` whose coordinates are the lines meeting `bbox` (none: nothing
/// written); `properties` is a JSON object. Returns whether it wrote.
pub fn push_feature<'l>(
    out: &mut String,
    properties: &str,
    geometry_type: &str,
    lines: impl Iterator<Item = &'l Line>,
    first: &mut bool,
) -> bool {
    let mut wrote = false;
    for line in lines {
        if !wrote {
            if !*first {
                out.push(',');
            }
            *first = false;
            out.push_str(r#"{"type":"Feature","properties":"#);
            out.push_str(properties);
            out.push_str(r#","geometry":{"type":""#);
            out.push_str(geometry_type);
            out.push_str(r#"","coordinates":["#);
            wrote = true;
        } else {
            out.push(',');
        }
        out.push_str(&line.coordinates);
    }
    if wrote {
        out.push_str("]}}");
    }
    wrote
}
