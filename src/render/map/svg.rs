//! SVG path data: pixel tenths as compact decimals, polylines with relative line-tos, polygons
//! with consecutive duplicate pixels and collinear points dropped.

use super::frames::Frame;
use geo::MultiPolygon;
use std::fmt::Write;

/// Append tenths of a pixel as a decimal number.
pub(super) fn push_tenths(out: &mut String, v: i32) {
    if v < 0 {
        out.push('-');
    }
    let a = v.unsigned_abs();
    let _ = write!(out, "{}", a / 10);
    if !a.is_multiple_of(10) {
        let _ = write!(out, ".{}", a % 10);
    }
}

pub(super) fn push_point(out: &mut String, command: char, p: (i32, i32)) {
    out.push(command);
    push_tenths(out, p.0);
    out.push(' ');
    push_tenths(out, p.1);
}

/// A polyline as SVG path data: an absolute move, then relative line-tos (`l` once, then bare
/// pairs; a minus sign separates numbers by itself), the most compact encoding SVG has.
pub(super) fn push_polyline(out: &mut String, points: &[(i32, i32)], close: bool) {
    let Some(&first) = points.first() else { return };
    push_point(out, 'M', first);
    let mut last = first;
    for (k, &p) in points[1..].iter().enumerate() {
        out.push(if k == 0 { 'l' } else { ' ' });
        let (dx, dy) = (p.0 - last.0, p.1 - last.1);
        push_tenths(out, dx);
        if dy >= 0 {
            out.push(' ');
        }
        push_tenths(out, dy);
        last = p;
    }
    if close {
        out.push('z');
    }
}

/// Drop points that lie on the straight line between their neighbours (after snapping).
pub(super) fn drop_collinear(points: &mut Vec<(i32, i32)>) {
    if points.len() < 4 {
        return;
    }
    let mut kept: Vec<(i32, i32)> = Vec::with_capacity(points.len());
    for &p in points.iter() {
        while kept.len() >= 2 {
            let a = kept[kept.len() - 2];
            let b = kept[kept.len() - 1];
            let cross =
                (b.0 - a.0) as i64 * (p.1 - a.1) as i64 - (b.1 - a.1) as i64 * (p.0 - a.0) as i64;
            let forward =
                (b.0 - a.0) as i64 * (p.0 - b.0) as i64 + (b.1 - a.1) as i64 * (p.1 - b.1) as i64;
            if cross == 0 && forward >= 0 {
                kept.pop();
            } else {
                break;
            }
        }
        kept.push(p);
    }
    *points = kept;
}

/// SVG path data of polygons (rings closed, consecutive duplicate pixels dropped).
/// The path data of `units` (those with metric geometry), in their order.
pub(super) fn units_path(
    frame: &Frame,
    metric: &[Option<MultiPolygon<f64>>],
    units: impl IntoIterator<Item = usize>,
) -> String {
    let mut d = String::new();
    for u in units {
        if let Some(g) = &metric[u] {
            push_polygons(&mut d, frame, g);
        }
    }
    d
}

pub(super) fn push_polygons(out: &mut String, frame: &Frame, geometry: &MultiPolygon<f64>) {
    for polygon in &geometry.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut points: Vec<(i32, i32)> = Vec::with_capacity(ring.0.len());
            for c in &ring.0 {
                let p = frame.project(c.x, c.y);
                if points.last() != Some(&p) {
                    points.push(p);
                }
            }
            if points.len() > 1 && points.first() == points.last() {
                points.pop();
            }
            drop_collinear(&mut points);
            if points.len() < 3 {
                continue;
            }
            push_polyline(out, &points, true);
        }
    }
}
