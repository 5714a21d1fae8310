//! Gaps in a commune layer (S11): a unit with no neighbour whose polygon lies within
//! `LAYER_GAP_M` of other units is their land neighbour — a join "by sea" across a sliver the
//! layer left out would be wrong — and the gap is reported.

use crate::adjacency::{Adjacency, Neighbours};
use crate::model::Notice;
use crate::territory::Territory;
use geo::{BoundingRect, Distance, Euclidean, MultiPolygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

/// A unit with no neighbour is joined to the units within this distance, metres.
pub const LAYER_GAP_M: f64 = 200.0;

/// Join every unit with no neighbour to the units whose polygons lie within `LAYER_GAP_M`;
/// returns the pairs joined (a, b, distance in metres).
pub(crate) fn join(
    adjacency: &mut Adjacency,
    metric: &[Option<MultiPolygon<f64>>],
) -> Vec<(usize, usize, f64)> {
    let alone: Vec<usize> = (0..metric.len())
        .filter(|&u| metric[u].is_some() && adjacency.neighbours(u).is_empty())
        .collect();
    if alone.is_empty() {
        return Vec::new();
    }
    let boxes: Vec<GeomWithData<Rectangle<[f64; 2]>, usize>> = metric
        .iter()
        .enumerate()
        .filter_map(|(u, g)| {
            let r = g.as_ref()?.bounding_rect()?;
            Some(GeomWithData::new(
                Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                u,
            ))
        })
        .collect();
    let tree = RTree::bulk_load(boxes);
    let mut joined = Vec::new();
    for &u in &alone {
        let Some(g) = metric[u].as_ref() else {
            continue;
        };
        let Some(r) = g.bounding_rect() else { continue };
        let reach = AABB::from_corners(
            [r.min().x - LAYER_GAP_M, r.min().y - LAYER_GAP_M],
            [r.max().x + LAYER_GAP_M, r.max().y + LAYER_GAP_M],
        );
        let mut near: Vec<usize> = tree
            .locate_in_envelope_intersecting(&reach)
            .map(|b| b.data)
            .filter(|&v| v != u)
            .collect();
        near.sort_unstable();
        for v in near {
            let Some(h) = metric[v].as_ref() else {
                continue;
            };
            let d = Euclidean.distance(g, h);
            if d <= LAYER_GAP_M {
                joined.push((u.min(v), u.max(v), d));
            }
        }
    }
    joined.sort_by_key(|a| (a.0, a.1));
    joined.dedup_by(|a, b| (a.0, a.1) == (b.0, b.1));
    if !joined.is_empty() {
        let mut pairs = adjacency.pairs.clone();
        pairs.extend(joined.iter().map(|&(a, b, _)| Neighbours {
            a,
            b,
            shared_m: 0.0,
            overlap_m2: 0.0,
        }));
        pairs.sort_by_key(|x| (x.a, x.b));
        *adjacency =
            Adjacency::from_pairs(metric.len(), pairs, adjacency.exact_m, adjacency.tolerant_m);
    }
    joined
}

/// The warning naming the units joined across a gap of the layer.
pub(crate) fn notice(territory: &Territory, joined: &[(usize, usize, f64)]) -> Option<Notice> {
    if joined.is_empty() {
        return None;
    }
    let named: Vec<String> = joined
        .iter()
        .take(5)
        .map(|&(a, b, d)| {
            let (a, b) = (&territory.units[a], &territory.units[b]);
            format!("{} {} – {} {} ({d:.0} m)", a.code, a.name, b.code, b.name)
        })
        .collect();
    Some(Notice {
        kind: "layer_gaps",
        message: format!(
            "{} pair(s) of units joined across a gap in the layer: a unit with no neighbour lies within {LAYER_GAP_M:.0} m of these and is taken as their land neighbour, not reached by sea (S11): {}{}",
            joined.len(),
            named.join(", "),
            if joined.len() > 5 { ", …" } else { "" }
        ),
    })
}
