//! Reading polygon layers from GeoJSON with the `geojson` crate: a FeatureCollection of
//! (Multi)Polygons (GeometryCollections of them accepted), converted to geo polygons with the
//! checks a commune layer needs (rings closed, too-short rings and other geometry types named by
//! their feature). Writing is `geojson_write.rs`.

use crate::error::{Error, Result};
use crate::io::SourceFeature;
use crate::io::source::Source;
use geo::{Coord, LineString, MultiPolygon, Polygon};
use geojson::{GeoJson, GeometryValue, Position};
use std::path::Path;

/// Read a GeoJSON FeatureCollection (plain or `.gz`) of polygons.
pub(crate) fn read_features(source: &Source) -> Result<Vec<SourceFeature>> {
    parse_features(source.path(), &source.read()?)
}

/// Parse a GeoJSON FeatureCollection of polygons held in memory (`path` names it in errors).
pub(crate) fn parse_features(path: &Path, bytes: &[u8]) -> Result<Vec<SourceFeature>> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let document: GeoJson = serde_json::from_slice(bytes).map_err(|e| {
        Error::input(
            path,
            format!("line {}, column {}", e.line(), e.column()),
            format!("not valid GeoJSON: {e}"),
        )
    })?;
    let collection = match document {
        GeoJson::FeatureCollection(collection) => collection,
        GeoJson::Feature(_) => return Err(not_a_collection(path, "Feature")),
        GeoJson::Geometry(g) => return Err(not_a_collection(path, g.value.type_name())),
    };
    collection
        .features
        .into_iter()
        .enumerate()
        .map(|(index, feature)| {
            let number = index + 1;
            let geometry = match feature.geometry {
                None => None,
                Some(g) => Some(to_multipolygon(g.value).map_err(|message| {
                    Error::input(path, format!("feature {number}, geometry"), message)
                })?),
            };
            Ok(SourceFeature {
                number,
                properties: feature.properties.unwrap_or_default(),
                geometry: geometry.filter(|g| !g.0.is_empty()),
                metric: None,
            })
        })
        .collect()
}

fn not_a_collection(path: &Path, kind: &str) -> Error {
    Error::input(
        path,
        "top level",
        format!("expected a GeoJSON FeatureCollection, found type `{kind}`"),
    )
}

fn to_multipolygon(geometry: GeometryValue) -> Result<MultiPolygon<f64>, String> {
    let mut polygons = Vec::new();
    collect_polygons(geometry, &mut polygons)?;
    Ok(MultiPolygon(polygons))
}

fn collect_polygons(geometry: GeometryValue, out: &mut Vec<Polygon<f64>>) -> Result<(), String> {
    match geometry {
        GeometryValue::Polygon { coordinates } => out.push(polygon(coordinates)?),
        GeometryValue::MultiPolygon { coordinates } => {
            for p in coordinates {
                out.push(polygon(p)?);
            }
        }
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                collect_polygons(g.value, out)?;
            }
        }
        other => {
            return Err(format!(
                "geometry type `{}` is not a polygon: communes and CPTS must be (Multi)Polygons",
                other.type_name()
            ));
        }
    }
    Ok(())
}

fn polygon(rings: Vec<Vec<Position>>) -> Result<Polygon<f64>, String> {
    let mut rings = rings.into_iter().map(ring);
    let exterior = rings
        .next()
        .ok_or_else(|| "a Polygon has no exterior ring".to_string())??;
    let interiors = rings.collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

/// A ring's positions (a third coordinate is ignored), closed if needed; at least three
/// distinct positions.
fn ring(positions: Vec<Position>) -> Result<LineString<f64>, String> {
    let mut coords = Vec::with_capacity(positions.len() + 1);
    for p in &positions {
        match p.as_slice() {
            [x, y, ..] => coords.push(Coord { x: *x, y: *y }),
            _ => return Err("a position needs two coordinates".into()),
        }
    }
    if coords.len() < 3 {
        return Err(format!(
            "a ring has {} positions: at least 4 are needed",
            coords.len()
        ));
    }
    if coords.first() != coords.last() {
        coords.push(coords[0]);
    }
    Ok(LineString(coords))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_polygons_multipolygons_and_3d_positions() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"code":"01001"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
          {"type":"Feature","geometry":{"coordinates":[[[[0,0,5],[1,0,5],[1,1,5]]]],"type":"MultiPolygon"},"properties":null},
          {"type":"Feature","properties":{"code":"x"},"geometry":null}
        ]}"#;
        let dir = std::env::temp_dir().join(format!("zb-geojson-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.geojson");
        std::fs::write(&path, text).unwrap();
        let features = read_features(&Source::from(path.as_path())).unwrap();
        assert_eq!(features.len(), 3);
        assert_eq!(features[0].geometry.as_ref().unwrap().0.len(), 1);
        // The open ring of feature 2 is closed on read.
        assert_eq!(
            features[1].geometry.as_ref().unwrap().0[0]
                .exterior()
                .0
                .len(),
            4
        );
        assert!(features[2].geometry.is_none());
        std::fs::write(&path, r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#).unwrap();
        let err = read_features(&Source::from(path.as_path()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("feature 1") && err.contains("Point"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
