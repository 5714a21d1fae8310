//! Edge adjacency of units (S5) in a metric CRS: two units are neighbours when their boundaries
//! share more than 1 m, or their interiors overlap by more than 1 m². Point contacts are not
//! adjacency.
//!
//! Method: (1) every boundary segment is keyed by its endpoints snapped to the millimetre;
//! identical segments of two units are a shared border (clean layers share vertices, and this
//! exact pass is O(n log n)). (2) Segments left without a twin go into an R-tree (rstar, bulk
//! loaded); for each, nearby segments of other units that run within `SNAP_TOLERANCE_M` of it
//! and nearly parallel (under ~11°) count for the length over which they do, so borders
//! digitised with different vertices still match. (3) Pairs whose boundaries cross are checked
//! for interior overlap with a polygon intersection (geo boolean ops).

use geo::{Area, BooleanOps, Coord, MultiPolygon};
use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use std::collections::{BTreeMap, BTreeSet};

/// Shared border length above which two units are adjacent (S5).
pub const SHARED_BORDER_MIN_M: f64 = 1.0;
/// Interior overlap above which two units are adjacent (S5).
pub const OVERLAP_MIN_M2: f64 = 1.0;
/// Distance under which two boundary pieces are taken as the same border (tolerant pass).
pub const SNAP_TOLERANCE_M: f64 = 0.5;
/// Largest |sin(angle)| between two segments of the same border (≈ 11.5°).
const MAX_SIN_ANGLE: f64 = 0.2;

/// One adjacent pair, `a < b` (unit indices).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbours {
    /// One unit (index into the territory), the smaller index.
    pub a: usize,
    /// The other unit.
    pub b: usize,
    /// Length of the shared border, metres.
    pub shared_m: f64,
    /// Area of interior overlap, m² (0 unless the boundaries cross).
    pub overlap_m2: f64,
}

/// The adjacency graph of the units.
#[derive(Debug, Clone, Default)]
pub struct Adjacency {
    /// Adjacent pairs sorted by (a, b).
    pub pairs: Vec<Neighbours>,
    offsets: Vec<usize>,
    neighbours: Vec<(usize, usize)>,
    /// Shared length found by exact segment matching and by the tolerant pass, metres.
    pub exact_m: f64,
    /// Tolerance of the second pass (metres): segments this close count as shared.
    pub tolerant_m: f64,
}

/// A boundary segment, endpoints snapped to the centimetre (i32 holds every metric coordinate
/// of the French CRS in centimetres), oriented so that `a <= b`.
#[derive(Clone, Copy)]
struct Segment {
    key: u64,
    unit: u32,
    length: f32,
    a: [i32; 2],
    b: [i32; 2],
}

const SNAP_PER_M: f64 = 100.0;

fn snap(c: Coord<f64>) -> [i32; 2] {
    [
        (c.x * SNAP_PER_M).round() as i32,
        (c.y * SNAP_PER_M).round() as i32,
    ]
}

fn hash_key(a: [i32; 2], b: [i32; 2]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in [a[0], a[1], b[0], b[1]] {
        h ^= v as u32 as u64;
        h = h.wrapping_mul(0x0100_0000_01b3).rotate_left(23);
    }
    h
}

/// Ring edges of a geometry: an upper bound of its segment count.
fn edge_count(geometry: &MultiPolygon<f64>) -> usize {
    geometry
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|r| r.0.len().saturating_sub(1))
        .sum()
}

/// The boundary segments of one unit, written to `out` (at most [`edge_count`] of them);
/// returns how many.
fn unit_segments(unit: usize, geometry: &MultiPolygon<f64>, out: &mut [Segment]) -> usize {
    let mut n = 0;
    for polygon in &geometry.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for w in ring.0.windows(2) {
                let (p, q) = (snap(w[0]), snap(w[1]));
                if p == q {
                    continue;
                }
                let (a, b) = if p <= q { (p, q) } else { (q, p) };
                let length = ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt() as f32;
                out[n] = Segment {
                    key: hash_key(a, b),
                    unit: unit as u32,
                    length,
                    a,
                    b,
                };
                n += 1;
            }
        }
    }
    n
}

/// Every unit's boundary segments in one vector, in unit order, built in parallel in place.
fn all_segments(geometries: &[Option<MultiPolygon<f64>>]) -> Vec<Segment> {
    let bounds: Vec<usize> = geometries
        .par_iter()
        .map(|g| g.as_ref().map_or(0, edge_count))
        .collect();
    let empty = Segment {
        key: 0,
        unit: 0,
        length: 0.0,
        a: [0; 2],
        b: [0; 2],
    };
    crate::parallel::gather(&bounds, empty, |unit, slot| {
        geometries[unit]
            .as_ref()
            .map_or(0, |g| unit_segments(unit, g, slot))
    })
}

impl Adjacency {
    /// Build the graph from metric geometries (one per unit; `None` = no geometry): (1) exact
    /// matching of snapped segments, (2) a tolerant R-tree pass over segments left without a
    /// twin, (3) interior overlaps of pairs whose boundaries cross.
    pub(crate) fn build(geometries: &[Option<MultiPolygon<f64>>]) -> Adjacency {
        let mut segments = all_segments(geometries);
        segments
            .par_sort_unstable_by(|x, y| (x.key, x.a, x.b, x.unit).cmp(&(y.key, y.a, y.b, y.unit)));
        let (mut contributions, unmatched) = exact_pass(&segments);
        drop(segments);
        let exact_m: f64 = contributions.iter().map(|c| c.2).sum();
        let mut tolerant_m = 0.0;
        let mut crossing_pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
        for (u, v, along, crossing) in tolerant_pass(&unmatched) {
            if along > 0.0 {
                contributions.push((u as u32, v as u32, along));
                tolerant_m += along;
            }
            if crossing {
                crossing_pairs.insert((u, v));
            }
        }
        let shared = sum_by_pair(contributions);
        let overlaps = interior_overlaps(&crossing_pairs, geometries);
        let mut keys: BTreeSet<(usize, usize)> = shared
            .iter()
            .filter(|(_, m)| **m > SHARED_BORDER_MIN_M)
            .map(|(k, _)| *k)
            .collect();
        keys.extend(overlaps.keys().copied());
        let pairs: Vec<Neighbours> = keys
            .into_iter()
            .map(|(a, b)| Neighbours {
                a,
                b,
                shared_m: shared.get(&(a, b)).copied().unwrap_or(0.0),
                overlap_m2: overlaps.get(&(a, b)).copied().unwrap_or(0.0),
            })
            .collect();
        Adjacency::from_pairs(geometries.len(), pairs, exact_m, tolerant_m)
    }

    /// The graph of `pairs` (sorted by (a, b)) over `units` units.
    pub(crate) fn from_pairs(
        units: usize,
        pairs: Vec<Neighbours>,
        exact_m: f64,
        tolerant_m: f64,
    ) -> Adjacency {
        let mut degree = vec![0usize; units + 1];
        for p in &pairs {
            degree[p.a] += 1;
            degree[p.b] += 1;
        }
        let mut offsets = vec![0usize; units + 1];
        for u in 0..units {
            offsets[u + 1] = offsets[u] + degree[u];
        }
        let mut fill = offsets.clone();
        let mut neighbours = vec![(0usize, 0usize); offsets[units]];
        for (k, p) in pairs.iter().enumerate() {
            neighbours[fill[p.a]] = (p.b, k);
            fill[p.a] += 1;
            neighbours[fill[p.b]] = (p.a, k);
            fill[p.b] += 1;
        }
        for u in 0..units {
            neighbours[offsets[u]..offsets[u + 1]].sort_unstable();
        }
        Adjacency {
            pairs,
            offsets,
            neighbours,
            exact_m,
            tolerant_m,
        }
    }

    /// Neighbours of a unit as (unit, index into `pairs`), sorted by unit.
    pub fn neighbours(&self, unit: usize) -> &[(usize, usize)] {
        &self.neighbours[self.offsets[unit]..self.offsets[unit + 1]]
    }

    /// Shared border between two units, metres (0 when not adjacent).
    pub fn shared_m(&self, u: usize, v: usize) -> f64 {
        self.neighbours(u)
            .binary_search_by_key(&v, |&(w, _)| w)
            .map(|k| self.pairs[self.neighbours(u)[k].1].shared_m)
            .unwrap_or(0.0)
    }
}

/// (1) Exact pass over sorted segments: runs of identical segments give the length each pair
/// of their units shares; segments of a run with one unit are left for the tolerant pass.
fn exact_pass(segments: &[Segment]) -> (Vec<(u32, u32, f64)>, Vec<Segment>) {
    let mut contributions: Vec<(u32, u32, f64)> = Vec::with_capacity(segments.len() / 2 + 1);
    let mut unmatched: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        let first = segments[i];
        let mut j = i + 1;
        while j < segments.len()
            && segments[j].key == first.key
            && segments[j].a == first.a
            && segments[j].b == first.b
        {
            j += 1;
        }
        // Units of the run, sorted (the sort key ends with the unit), without repeats.
        let mut units: Vec<u32> = segments[i..j].iter().map(|s| s.unit).collect();
        units.dedup();
        if units.len() >= 2 {
            for (x, &u) in units.iter().enumerate() {
                for &v in &units[x + 1..] {
                    contributions.push((u, v, first.length as f64));
                }
            }
        } else {
            unmatched.extend_from_slice(&segments[i..j]);
        }
        i = j;
    }
    (contributions, unmatched)
}

/// (2) Tolerant pass over segments without a twin: (unit, other unit, length along within the
/// tolerance, whether they cross), each pair once (unit < other unit).
fn tolerant_pass(unmatched: &[Segment]) -> Vec<(usize, usize, f64, bool)> {
    let to_m = |p: [i32; 2]| [p[0] as f64 / SNAP_PER_M, p[1] as f64 / SNAP_PER_M];
    let tree = RTree::bulk_load(
        unmatched
            .iter()
            .enumerate()
            .map(|(k, s)| GeomWithData::new(Rectangle::from_corners(to_m(s.a), to_m(s.b)), k))
            .collect(),
    );
    unmatched
        .par_iter()
        .flat_map_iter(|s| {
            let (a, b) = (to_m(s.a), to_m(s.b));
            let e = SNAP_TOLERANCE_M;
            let envelope = AABB::from_corners(
                [a[0].min(b[0]) - e, a[1].min(b[1]) - e],
                [a[0].max(b[0]) + e, a[1].max(b[1]) + e],
            );
            let mut out = Vec::new();
            for item in tree.locate_in_envelope_intersecting(&envelope) {
                let t = &unmatched[item.data];
                if t.unit <= s.unit {
                    continue;
                }
                let (p, q) = (to_m(t.a), to_m(t.b));
                let along = overlap_along(a, b, p, q, e);
                let crossing = segments_cross(a, b, p, q);
                if along > 0.0 || crossing {
                    out.push((s.unit as usize, t.unit as usize, along, crossing));
                }
            }
            out
        })
        .collect()
}

/// Shared length per pair, summed in a fixed order (sorted first, so the sum does not depend on
/// the thread count).
fn sum_by_pair(mut contributions: Vec<(u32, u32, f64)>) -> BTreeMap<(usize, usize), f64> {
    contributions
        .par_sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)).then(x.2.total_cmp(&y.2)));
    let mut shared: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for chunk in contributions.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        shared.insert(
            (chunk[0].0 as usize, chunk[0].1 as usize),
            chunk.iter().map(|c| c.2).sum(),
        );
    }
    shared
}

/// (3) Interior overlap (m²) of the pairs whose boundaries cross, kept above the S5 threshold.
fn interior_overlaps(
    crossing_pairs: &BTreeSet<(usize, usize)>,
    geometries: &[Option<MultiPolygon<f64>>],
) -> BTreeMap<(usize, usize), f64> {
    let candidates: Vec<(usize, usize)> = crossing_pairs.iter().copied().collect();
    candidates
        .par_iter()
        .filter_map(|&(u, v)| {
            let (gu, gv) = (geometries[u].as_ref()?, geometries[v].as_ref()?);
            let area = gu.intersection(gv).unsigned_area();
            (area > OVERLAP_MIN_M2).then_some(((u, v), area))
        })
        .collect()
}

/// Length of segment `a→b` over which segment `p→q` runs within `tolerance` of it, nearly parallel.
fn overlap_along(a: [f64; 2], b: [f64; 2], p: [f64; 2], q: [f64; 2], tolerance: f64) -> f64 {
    let d = [b[0] - a[0], b[1] - a[1]];
    let length = (d[0] * d[0] + d[1] * d[1]).sqrt();
    let e = [q[0] - p[0], q[1] - p[1]];
    let other = (e[0] * e[0] + e[1] * e[1]).sqrt();
    if length == 0.0 || other == 0.0 {
        return 0.0;
    }
    let u = [d[0] / length, d[1] / length];
    let sin = (u[0] * e[1] - u[1] * e[0]) / other;
    if sin.abs() > MAX_SIN_ANGLE {
        return 0.0;
    }
    let n = [-u[1], u[0]];
    let (off_p, off_q) = (
        (p[0] - a[0]) * n[0] + (p[1] - a[1]) * n[1],
        (q[0] - a[0]) * n[0] + (q[1] - a[1]) * n[1],
    );
    let (along_p, along_q) = (
        (p[0] - a[0]) * u[0] + (p[1] - a[1]) * u[1],
        (q[0] - a[0]) * u[0] + (q[1] - a[1]) * u[1],
    );
    // Part of p→q (parameter λ in [0, 1]) whose offset from the line a→b is within tolerance.
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let slope = off_q - off_p;
    if slope.abs() < 1e-12 {
        if off_p.abs() > tolerance {
            return 0.0;
        }
    } else {
        let l1 = (-tolerance - off_p) / slope;
        let l2 = (tolerance - off_p) / slope;
        lo = lo.max(l1.min(l2));
        hi = hi.min(l1.max(l2));
        if lo >= hi {
            return 0.0;
        }
    }
    let s1 = along_p + lo * (along_q - along_p);
    let s2 = along_p + hi * (along_q - along_p);
    let (s1, s2) = (s1.min(s2).max(0.0), s1.max(s2).min(length));
    (s2 - s1).max(0.0)
}

/// Whether two segments cross at a single interior point (not collinear, not at an endpoint).
fn segments_cross(a: [f64; 2], b: [f64; 2], p: [f64; 2], q: [f64; 2]) -> bool {
    let orient = |o: [f64; 2], x: [f64; 2], y: [f64; 2]| {
        (x[0] - o[0]) * (y[1] - o[1]) - (x[1] - o[1]) * (y[0] - o[0])
    };
    let (d1, d2) = (orient(a, b, p), orient(a, b, q));
    let (d3, d4) = (orient(p, q, a), orient(p, q, b));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square(x: f64, y: f64, size: f64) -> Option<MultiPolygon<f64>> {
        Some(MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + size, y: y), (x: x + size, y: y + size), (x: x, y: y + size)],
        ]))
    }

    #[test]
    fn s5_shared_edges_point_contacts_and_overlaps() {
        let geometries = vec![
            square(0.0, 0.0, 100.0),     // 0
            square(100.0, 0.0, 100.0),   // 1: shares a 100 m edge with 0
            square(200.0, 100.0, 100.0), // 2: touches 1 at a point only
            square(99.0, 100.0, 50.0), // 3: overlaps 0's top? no: sits on top of 0 and 1 (shares 1 m with 0, 49 m with 1)
            None,
        ];
        let adjacency = Adjacency::build(&geometries);
        let pairs: Vec<(usize, usize)> = adjacency.pairs.iter().map(|p| (p.a, p.b)).collect();
        assert!(pairs.contains(&(0, 1)));
        assert!(!pairs.contains(&(1, 2)), "point contact is not adjacency");
        assert!(!pairs.contains(&(0, 3)), "exactly 1 m is not more than 1 m");
        assert!(pairs.contains(&(1, 3)));
        assert!((adjacency.shared_m(0, 1) - 100.0).abs() < 1e-6);
        assert!((adjacency.shared_m(3, 1) - 49.0).abs() < 1e-6);
    }

    #[test]
    fn s5_borders_digitised_differently_still_match() {
        // Neighbour 1's left edge has an extra vertex and is 0.2 m off; neighbour 2 overlaps 0 by 3 m.
        let a = square(0.0, 0.0, 100.0);
        let b = Some(MultiPolygon(vec![
            polygon![(x: 100.2, y: 0.0), (x: 200.0, y: 0.0), (x: 200.0, y: 100.0), (x: 100.2, y: 100.0), (x: 100.1, y: 50.0)],
        ]));
        let c = Some(MultiPolygon(vec![
            polygon![(x: 10.0, y: 97.0), (x: 60.0, y: 97.0), (x: 60.0, y: 200.0), (x: 10.0, y: 200.0)],
        ]));
        let adjacency = Adjacency::build(&[a, b, c]);
        assert!(
            adjacency.shared_m(0, 1) > 99.0,
            "{}",
            adjacency.shared_m(0, 1)
        );
        let ac = adjacency
            .pairs
            .iter()
            .find(|p| (p.a, p.b) == (0, 2))
            .expect("overlapping neighbours are adjacent");
        assert!((ac.overlap_m2 - 150.0).abs() < 1e-6, "{}", ac.overlap_m2);
    }
}
