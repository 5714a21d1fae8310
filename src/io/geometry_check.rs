//! Polygons checked as read, before any projection: non-finite or out-of-range coordinates are
//! errors naming the feature; degenerate rings are dropped and self-intersecting rings repaired,
//! each reported, so no invalid ring is ever measured as it came.

use crate::error::{Error, Result};
use crate::io::SourceFeature;
use crate::io::crs::MetricCrs;
use crate::io::shapefile::LayerCrs;
use crate::model::Notice;
use crate::model::setting::Setting;
use geo::{Area, BooleanOps, Coord, MultiPolygon, Polygon};
use rayon::prelude::*;
use std::path::Path;

/// What was done to one feature's polygons.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Repairs {
    degenerate_rings: usize,
    self_intersecting: usize,
}

/// Check every feature of a layer in its own CRS; repair what can be repaired and return the
/// notices that say so.
pub(crate) fn check_features(
    path: &Path,
    features: &mut [SourceFeature],
    crs: LayerCrs,
) -> Result<Vec<Notice>> {
    let outcomes: Vec<Result<Repairs>> = features
        .par_iter_mut()
        .map(|feature| {
            let number = feature.number;
            let Some(geometry) = feature.geometry.as_mut() else {
                return Ok(Repairs::default());
            };
            check_coordinates(geometry, crs).map_err(|message| {
                Error::input(path, format!("feature {number}, geometry"), message)
            })?;
            let repairs = repair(geometry);
            if geometry.0.is_empty() {
                feature.geometry = None;
            }
            Ok(repairs)
        })
        .collect();
    let mut notices = Vec::new();
    for (feature, outcome) in features.iter().zip(outcomes) {
        let repairs = outcome?;
        if repairs == Repairs::default() {
            continue;
        }
        let mut what = Vec::new();
        if repairs.degenerate_rings > 0 {
            what.push(format!(
                "{} ring(s) with no area (fewer than 3 distinct positions, or all in a line) dropped",
                repairs.degenerate_rings
            ));
        }
        if repairs.self_intersecting > 0 {
            what.push(format!(
                "{} self-intersecting polygon(s) (a bow-tie) rebuilt as the area they enclose",
                repairs.self_intersecting
            ));
        }
        let outcome = if feature.geometry.is_none() {
            ": nothing is left, the feature has no geometry"
        } else {
            ""
        };
        notices.push(Notice {
            kind: "geometry_repaired",
            message: format!(
                "{}: feature {} ({}): {}{outcome}",
                path.display(),
                feature.number,
                feature_label(feature),
                what.join("; ")
            ),
        });
    }
    Ok(notices)
}

/// The code or name of a feature, for messages.
fn feature_label(feature: &SourceFeature) -> String {
    [
        "code",
        "insee_com",
        "code_insee",
        "cpts_id",
        "id",
        "nom",
        "name",
    ]
    .iter()
    .find_map(|key| {
        feature
            .properties
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
    })
    .unwrap_or_else(|| "no code".into())
}

/// Every coordinate finite and plausible for the CRS; the message says what the numbers look
/// like when they are not (metres in a lon/lat layer, swapped axes).
fn check_coordinates(geometry: &MultiPolygon<f64>, crs: LayerCrs) -> Result<(), String> {
    for (p, polygon) in geometry.0.iter().enumerate() {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for (v, c) in ring.0.iter().enumerate() {
                if !(c.x.is_finite() && c.y.is_finite()) {
                    return Err(format!(
                        "polygon {}, vertex {}: coordinate ({}, {}) is not a finite number",
                        p + 1,
                        v + 1,
                        c.x,
                        c.y
                    ));
                }
                if let Some(problem) = implausible(*c, crs) {
                    return Err(format!(
                        "polygon {}, vertex {}: ({}, {}) {problem}",
                        p + 1,
                        v + 1,
                        c.x,
                        c.y
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Why a coordinate cannot be right in `crs`, if it cannot (metric layers are checked once in
/// lon/lat, by [`check_area`]).
fn implausible(c: Coord<f64>, crs: LayerCrs) -> Option<String> {
    if crs != LayerCrs::Geographic || (c.x.abs() <= 180.0 && c.y.abs() <= 90.0) {
        return None;
    }
    let guess = MetricCrs::ALL
        .into_iter()
        .find(|m| m.covers(m.unproject_point(c)))
        .map(|m| {
            format!(
                " They look like EPSG:{} metres: give {} EPSG:{} (or reproject the layer to WGS84 lon/lat)",
                m.epsg(),
                Setting::Crs,
                m.epsg()
            )
        })
        .unwrap_or_default();
    Some(format!(
        "is outside longitude −180…180 / latitude −90…90: the layer is read as WGS84 lon/lat (RFC 7946; no .prj, crs member or {crs} says otherwise).{guess}",
        crs = Setting::Crs
    ))
}

/// A metric layer, once in lon/lat: every feature must land in the area of its CRS (a `.prj`
/// or `--crs` that contradicts the coordinates lands them elsewhere).
pub(crate) fn check_area(path: &Path, features: &[SourceFeature], crs: MetricCrs) -> Result<()> {
    use geo::BoundingRect;
    for feature in features {
        let (Some(wgs84), Some((_, metric))) = (&feature.geometry, &feature.metric) else {
            continue;
        };
        let Some(rect) = wgs84.bounding_rect() else {
            continue;
        };
        if crs.covers(rect.min()) && crs.covers(rect.max()) {
            continue;
        }
        let first = metric.0[0].exterior().0[0];
        let hint = if first.x.abs() <= 180.0 && first.y.abs() <= 90.0 {
            format!(
                "the coordinates look like lon/lat degrees: the .prj or {crs} is wrong (try {crs} EPSG:4326)",
                crs = Setting::Crs
            )
        } else {
            format!(
                "check the .prj or {crs} (EPSG:2154 metropolitan France, 5490 Antilles, 2972 Guyane, 2975 La Réunion, 4471 Mayotte, 4467 Saint-Pierre-et-Miquelon)",
                crs = Setting::Crs
            )
        };
        return Err(Error::input(
            path,
            format!(
                "feature {} ({}), geometry",
                feature.number,
                feature_label(feature)
            ),
            format!(
                "read as EPSG:{} it lands at lon {:.3}…{:.3}, lat {:.3}…{:.3}, outside the area of that CRS: {hint}",
                crs.epsg(),
                rect.min().x,
                rect.max().x,
                rect.min().y,
                rect.max().y
            ),
        ));
    }
    Ok(())
}

/// Drop rings without area and rebuild self-intersecting polygons as the area they enclose
/// (their union, which resolves the crossing), keeping everything else as it is.
fn repair(geometry: &mut MultiPolygon<f64>) -> Repairs {
    let mut repairs = Repairs::default();
    let mut kept: Vec<Polygon<f64>> = Vec::with_capacity(geometry.0.len());
    for polygon in geometry.0.drain(..) {
        if is_degenerate(polygon.exterior()) {
            repairs.degenerate_rings += 1 + polygon.interiors().len();
            continue;
        }
        let (exterior, interiors) = polygon.into_inner();
        let before = interiors.len();
        let interiors: Vec<_> = interiors
            .into_iter()
            .filter(|r| !is_degenerate(r))
            .collect();
        repairs.degenerate_rings += before - interiors.len();
        let polygon = Polygon::new(exterior, interiors);
        // Only a ring whose edges cross is rebuilt: a ring touching itself at a vertex (an
        // "inverted hole", common in IGN layers) is invalid for OGC but its area and borders
        // are right, and rebuilding it would move its vertices off its neighbours'.
        if !std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .any(has_crossing)
        {
            kept.push(polygon);
            continue;
        }
        repairs.self_intersecting += 1;
        let rebuilt = MultiPolygon(vec![polygon]).union(&MultiPolygon::<f64>(vec![]));
        kept.extend(rebuilt.0.into_iter().filter(|p| p.unsigned_area() > 0.0));
    }
    geometry.0 = kept;
    repairs
}

/// Whether two edges of a ring cross (meet inside both, not at a shared vertex): a sweep over
/// the edges sorted by their west end.
fn has_crossing(ring: &geo::LineString<f64>) -> bool {
    use geo::line_intersection::{LineIntersection, line_intersection};
    let mut edges: Vec<(usize, geo::Line<f64>)> = ring.lines().enumerate().collect();
    let n = edges.len();
    let west = |l: &geo::Line<f64>| l.start.x.min(l.end.x);
    let east = |l: &geo::Line<f64>| l.start.x.max(l.end.x);
    edges.sort_by(|a, b| west(&a.1).total_cmp(&west(&b.1)));
    for (k, (i, a)) in edges.iter().enumerate() {
        for (j, b) in &edges[k + 1..] {
            if west(b) > east(a) {
                break;
            }
            let adjacent = i.abs_diff(*j) == 1 || i.abs_diff(*j) == n - 1;
            if adjacent {
                continue;
            }
            if let Some(LineIntersection::SinglePoint {
                is_proper: true, ..
            }) = line_intersection(*a, *b)
            {
                return true;
            }
        }
    }
    false
}

/// A ring that encloses nothing: fewer than three distinct positions, or all of them on one
/// line (a bow-tie has zero signed area too, but encloses two triangles: it is not degenerate).
fn is_degenerate(ring: &geo::LineString<f64>) -> bool {
    let coords = &ring.0;
    let Some(&origin) = coords.first() else {
        return true;
    };
    let Some(&direction) = coords.iter().find(|c| **c != origin) else {
        return true;
    };
    let (dx, dy) = (direction.x - origin.x, direction.y - origin.y);
    let scale = dx.hypot(dy);
    !coords.iter().any(|c| {
        let (ex, ey) = (c.x - origin.x, c.y - origin.y);
        (dx * ey - dy * ex).abs() > 1e-9 * scale * ex.hypot(ey)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::LineString;

    fn feature(rings: Vec<Vec<(f64, f64)>>) -> SourceFeature {
        let mut rings = rings.into_iter().map(LineString::from);
        let exterior = rings.next().unwrap();
        SourceFeature {
            number: 1,
            properties: serde_json::Map::new(),
            geometry: Some(MultiPolygon(vec![Polygon::new(exterior, rings.collect())])),
            metric: None,
        }
    }

    #[test]
    fn a_bow_tie_is_rebuilt_as_its_two_triangles() {
        // (0,0)-(1,1)-(1,0)-(0,1): signed areas cancel, a naive area is 0.
        let mut features = [feature(vec![vec![
            (5.0, 45.0),
            (5.1, 45.1),
            (5.1, 45.0),
            (5.0, 45.1),
            (5.0, 45.0),
        ]])];
        let notices =
            check_features(Path::new("t.geojson"), &mut features, LayerCrs::Geographic).unwrap();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].message.contains("bow-tie"));
        let area = features[0].geometry.as_ref().unwrap().unsigned_area();
        assert!((area - 0.005).abs() < 1e-9, "{area}");
    }

    #[test]
    fn a_ring_touching_itself_at_a_vertex_is_kept_as_read() {
        // A square whose boundary visits (5.1, 45.05) twice, enclosing a notch: OGC-invalid,
        // but its area and vertices are right (IGN has such rings).
        let ring = vec![
            (5.0, 45.0),
            (5.2, 45.0),
            (5.2, 45.1),
            (5.1, 45.05),
            (5.15, 45.1),
            (5.05, 45.1),
            (5.1, 45.05),
            (5.0, 45.1),
            (5.0, 45.0),
        ];
        let mut features = [feature(vec![ring.clone()])];
        let notices =
            check_features(Path::new("t.geojson"), &mut features, LayerCrs::Geographic).unwrap();
        assert!(notices.is_empty(), "{notices:?}");
        let kept = features[0].geometry.as_ref().unwrap();
        assert_eq!(kept.0[0].exterior().0.len(), ring.len());
    }

    #[test]
    fn rings_without_area_are_dropped_and_reported() {
        let mut features = [feature(vec![vec![
            (5.0, 45.0),
            (5.1, 45.1),
            (5.2, 45.2),
            (5.0, 45.0),
        ]])];
        let notices =
            check_features(Path::new("t.geojson"), &mut features, LayerCrs::Geographic).unwrap();
        assert!(features[0].geometry.is_none());
        assert!(notices[0].message.contains("no geometry"), "{notices:?}");
    }

    #[test]
    fn non_finite_and_out_of_range_coordinates_name_the_feature() {
        let mut nan = [feature(vec![vec![
            (5.0, 45.0),
            (f64::NAN, 45.1),
            (5.1, 45.0),
            (5.0, 45.0),
        ]])];
        let error = check_features(Path::new("t.shp"), &mut nan, LayerCrs::Geographic)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("feature 1") && error.contains("not a finite number"),
            "{error}"
        );
        // Lambert-93 metres read as degrees.
        let mut metres = [feature(vec![vec![
            (700000.0, 6600000.0),
            (701000.0, 6600000.0),
            (700000.0, 6601000.0),
            (700000.0, 6600000.0),
        ]])];
        let error = check_features(Path::new("t.geojson"), &mut metres, LayerCrs::Geographic)
            .unwrap_err()
            .to_string();
        assert!(error.contains("EPSG:2154"), "{error}");
        // Degrees under a Lambert-93 .prj.
        let mut degrees = [feature(vec![vec![
            (5.0, 45.0),
            (5.1, 45.1),
            (5.1, 45.0),
            (5.0, 45.0),
        ]])];
        let crs = MetricCrs::Lambert93;
        for f in degrees.iter_mut() {
            let metric = f.geometry.take().unwrap();
            f.geometry = Some(crs.unproject(&metric));
            f.metric = Some((crs, metric));
        }
        let error = check_area(Path::new("t.shp"), &degrees, crs)
            .unwrap_err()
            .to_string();
        assert!(error.contains("EPSG:4326"), "{error}");
    }
}
