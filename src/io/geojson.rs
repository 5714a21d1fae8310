//! Fast GeoJSON reading of commune layers: typed serde, coordinates read straight into geo
//! polygons with no intermediate tree (writing is `geojson_write.rs`).

use crate::error::{Error, Result};
use crate::io::SourceFeature;
use crate::io::geojson_split::split_features;
use crate::io::shapefile::LayerCrs;
use crate::io::source::Source;
use geo::{Coord, LineString, MultiPolygon, Polygon};
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use std::fmt;
use std::path::Path;

#[derive(Deserialize)]
struct RawCollection {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    features: Vec<RawFeature>,
    /// The legacy (2008) `crs` member that QGIS and GDAL still write for non-WGS84 layers.
    #[serde(default)]
    crs: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct RawFeature {
    #[serde(default)]
    properties: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    geometry: Option<RawGeometry>,
}

/// A geometry object. When `type` comes before `coordinates` (as every writer we know puts it),
/// Polygon and MultiPolygon coordinates are read straight into geo types; otherwise through
/// the generic nested form.
struct RawGeometry {
    kind: String,
    coordinates: Option<Coordinates>,
    polygons: Option<Vec<Polygon<f64>>>,
    geometries: Option<Vec<RawGeometry>>,
}

impl<'de> Deserialize<'de> for RawGeometry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GeometryVisitor;
        impl<'de> Visitor<'de> for GeometryVisitor {
            type Value = RawGeometry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a GeoJSON geometry object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawGeometry, A::Error> {
                let mut geometry = RawGeometry {
                    kind: String::new(),
                    coordinates: None,
                    polygons: None,
                    geometries: None,
                };
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "type" => geometry.kind = map.next_value()?,
                        "coordinates" => match geometry.kind.as_str() {
                            "Polygon" => {
                                geometry.polygons = Some(vec![map.next_value_seed(PolygonSeed)?])
                            }
                            "MultiPolygon" => {
                                geometry.polygons =
                                    Some(map.next_value_seed(ListSeed(PolygonSeed))?)
                            }
                            _ => geometry.coordinates = Some(map.next_value()?),
                        },
                        "geometries" => geometry.geometries = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(geometry)
            }
        }
        deserializer.deserialize_map(GeometryVisitor)
    }
}

/// Reads a JSON array whose elements are read by the inner seed.
#[derive(Clone, Copy)]
struct ListSeed<S>(S);

impl<'de, S: de::DeserializeSeed<'de> + Copy> de::DeserializeSeed<'de> for ListSeed<S> {
    type Value = Vec<S::Value>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        struct ListVisitor<S>(S);
        impl<'de, S: de::DeserializeSeed<'de> + Copy> Visitor<'de> for ListVisitor<S> {
            type Value = Vec<S::Value>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(4));
                while let Some(item) = seq.next_element_seed(self.0)? {
                    out.push(item);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_seq(ListVisitor(self.0))
    }
}

/// A position `[x, y, ...]` read as a `Coord` (z and m ignored).
#[derive(Clone, Copy)]
struct CoordSeed;

impl<'de> de::DeserializeSeed<'de> for CoordSeed {
    type Value = Coord<f64>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        struct CoordVisitor;
        impl<'de> Visitor<'de> for CoordVisitor {
            type Value = Coord<f64>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a position [x, y]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coord<f64>, A::Error> {
                let x: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::custom("a position needs two numbers"))?;
                let y: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::custom("a position needs two numbers"))?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                if !x.is_finite() || !y.is_finite() {
                    return Err(de::Error::custom("non-finite coordinate"));
                }
                Ok(Coord { x, y })
            }
        }
        deserializer.deserialize_seq(CoordVisitor)
    }
}

/// A Polygon's rings read directly into a geo `Polygon` (rings closed and checked).
#[derive(Clone, Copy)]
struct PolygonSeed;

impl<'de> de::DeserializeSeed<'de> for PolygonSeed {
    type Value = Polygon<f64>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let rings = ListSeed(ListSeed(CoordSeed)).deserialize(deserializer)?;
        let mut rings = rings.into_iter().map(close_ring);
        let exterior = rings
            .next()
            .ok_or_else(|| de::Error::custom("a Polygon has no exterior ring"))?
            .map_err(de::Error::custom)?;
        let interiors = rings
            .collect::<Result<Vec<_>, _>>()
            .map_err(de::Error::custom)?;
        Ok(Polygon::new(exterior, interiors))
    }
}

/// Nested coordinate arrays of any depth; positions keep x and y (z and m are ignored).
enum Coordinates {
    Position(f64, f64),
    List(Vec<Coordinates>),
}

/// One element of a coordinate array: a number (inside a position) or a nested array.
enum Element {
    Number(f64),
    Nested(Coordinates),
}

impl<'de> Deserialize<'de> for Coordinates {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(CoordinatesVisitor)
    }
}

struct CoordinatesVisitor;

impl<'de> Visitor<'de> for CoordinatesVisitor {
    type Value = Coordinates;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON coordinate array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coordinates, A::Error> {
        match seq.next_element::<Element>()? {
            None => Ok(Coordinates::List(Vec::new())),
            Some(Element::Number(x)) => {
                let y: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::custom("a position needs two numbers"))?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                if !x.is_finite() || !y.is_finite() {
                    return Err(de::Error::custom("non-finite coordinate"));
                }
                Ok(Coordinates::Position(x, y))
            }
            Some(Element::Nested(first)) => {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(8) + 1);
                items.push(first);
                while let Some(item) = seq.next_element::<Coordinates>()? {
                    items.push(item);
                }
                Ok(Coordinates::List(items))
            }
        }
    }
}

impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ElementVisitor;
        impl<'de> Visitor<'de> for ElementVisitor {
            type Value = Element;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or an array")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Element, E> {
                Ok(Element::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Element, E> {
                Ok(Element::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Element, E> {
                Ok(Element::Number(v as f64))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Element, A::Error> {
                CoordinatesVisitor.visit_seq(seq).map(Element::Nested)
            }
        }
        deserializer.deserialize_any(ElementVisitor)
    }
}

/// Read a GeoJSON FeatureCollection (plain or `.gz`) of polygons.
/// Read a GeoJSON file: its features, and the CRS its legacy `crs` member names, if any.
pub(crate) fn read_features(source: &Source) -> Result<(Vec<SourceFeature>, Option<LayerCrs>)> {
    parse_collection(source.path(), &source.read()?)
}

/// Parse a GeoJSON FeatureCollection of polygons held in memory (`path` names it in errors).
pub(crate) fn parse_features(path: &Path, bytes: &[u8]) -> Result<Vec<SourceFeature>> {
    parse_collection(path, bytes).map(|(features, _)| features)
}

/// The CRS of a legacy `crs` member (`{"type": "name", "properties": {"name":
/// "urn:ogc:def:crs:EPSG::2154"}}`); CRS84 and EPSG:4326 are WGS84.
fn declared_crs(path: &Path, member: &serde_json::Value) -> Result<Option<LayerCrs>> {
    let Some(name) = member.pointer("/properties/name").and_then(|n| n.as_str()) else {
        return Ok(None);
    };
    if name.to_ascii_uppercase().ends_with("CRS84") {
        return Ok(Some(LayerCrs::Geographic));
    }
    let code = name.rsplit(':').next().unwrap_or(name);
    LayerCrs::from_epsg_label(code).map(Some).ok_or_else(|| {
        Error::input(
            path,
            "crs member",
            format!(
                "the layer declares CRS `{name}`, which the engine does not read: reproject it to WGS84 lon/lat (EPSG:4326), or to EPSG:2154, 5490, 2972, 2975, 4471 or 4467"
            ),
        )
    })
}

/// The collection parsed feature by feature in parallel; `None` when the text is not laid out
/// as [`split_features`] expects or a feature does not parse (the caller then parses it whole,
/// which names the line of the error).
fn parse_in_parallel(bytes: &[u8]) -> Option<RawCollection> {
    let split = split_features(bytes)?;
    let mut collection: RawCollection = serde_json::from_slice(&split.head).ok()?;
    collection.features = split
        .features
        .par_iter()
        .map(|span| serde_json::from_slice::<RawFeature>(&bytes[span.clone()]))
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    Some(collection)
}

/// Valid JSON that is not a FeatureCollection (an array of features, one Feature, a bare
/// geometry) named as such, rather than by the field the parser missed.
fn not_a_collection(path: &Path, bytes: &[u8]) -> Option<Error> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let found = match &value {
        serde_json::Value::Array(items) => format!("a JSON array of {} items", items.len()),
        serde_json::Value::Object(o) => match o.get("type").and_then(|t| t.as_str()) {
            Some("FeatureCollection") => return None,
            Some(kind) => format!("one object of type `{kind}`"),
            None => "an object without `type`".to_string(),
        },
        _ => "a JSON value that is not an object".to_string(),
    };
    Some(Error::input(
        path,
        "top level",
        format!(
            "expected a GeoJSON FeatureCollection, found {found}: wrap the features as {{\"type\": \"FeatureCollection\", \"features\": [...]}}"
        ),
    ))
}

fn parse_collection(path: &Path, bytes: &[u8]) -> Result<(Vec<SourceFeature>, Option<LayerCrs>)> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let collection = match parse_in_parallel(bytes) {
        Some(collection) => collection,
        None => serde_json::from_slice::<RawCollection>(bytes).map_err(|e| {
            not_a_collection(path, bytes).unwrap_or_else(|| {
                Error::input(
                    path,
                    format!("line {}, column {}", e.line(), e.column()),
                    format!("not valid GeoJSON: {e}"),
                )
            })
        })?,
    };
    if collection.kind != "FeatureCollection" {
        return Err(Error::input(
            path,
            "top level",
            format!(
                "expected a GeoJSON FeatureCollection, found type `{}`",
                collection.kind
            ),
        ));
    }
    let crs = match &collection.crs {
        Some(member) => declared_crs(path, member)?,
        None => None,
    };
    // Converted in parallel; the first error in file order is the one reported.
    let features: Vec<Result<SourceFeature>> = collection
        .features
        .into_par_iter()
        .enumerate()
        .map(|(index, raw)| {
            let number = index + 1;
            let geometry = match raw.geometry {
                None => None,
                Some(g) => Some(to_multipolygon(g).map_err(|message| {
                    Error::input(path, format!("feature {number}, geometry"), message)
                })?),
            };
            Ok(SourceFeature {
                number,
                properties: raw.properties.unwrap_or_default(),
                geometry: geometry.filter(|g| !g.0.is_empty()),
                metric: None,
            })
        })
        .collect();
    Ok((features.into_iter().collect::<Result<Vec<_>>>()?, crs))
}

fn to_multipolygon(geometry: RawGeometry) -> Result<MultiPolygon<f64>, String> {
    let mut polygons = Vec::new();
    collect_polygons(geometry, &mut polygons)?;
    Ok(MultiPolygon(polygons))
}

fn collect_polygons(geometry: RawGeometry, out: &mut Vec<Polygon<f64>>) -> Result<(), String> {
    if let Some(polygons) = geometry.polygons {
        out.extend(polygons);
        return Ok(());
    }
    match geometry.kind.as_str() {
        "Polygon" => {
            if let Some(c) = geometry.coordinates {
                out.push(polygon(c)?);
            }
        }
        "MultiPolygon" => match geometry.coordinates {
            Some(Coordinates::List(polys)) => {
                for p in polys {
                    out.push(polygon(p)?);
                }
            }
            Some(Coordinates::Position(..)) => {
                return Err("MultiPolygon coordinates must be arrays of polygons".into());
            }
            None => {}
        },
        "GeometryCollection" => {
            for g in geometry.geometries.unwrap_or_default() {
                collect_polygons(g, out)?;
            }
        }
        other => {
            return Err(format!(
                "geometry type `{other}` is not a polygon: communes and CPTS must be (Multi)Polygons"
            ));
        }
    }
    Ok(())
}

fn polygon(coordinates: Coordinates) -> Result<Polygon<f64>, String> {
    let Coordinates::List(rings) = coordinates else {
        return Err("Polygon coordinates must be arrays of rings".into());
    };
    let mut rings = rings.into_iter().map(ring);
    let exterior = rings
        .next()
        .ok_or_else(|| "a Polygon has no exterior ring".to_string())??;
    let interiors = rings.collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

fn ring(coordinates: Coordinates) -> Result<LineString<f64>, String> {
    let Coordinates::List(positions) = coordinates else {
        return Err("a ring must be an array of positions".into());
    };
    let mut coords = Vec::with_capacity(positions.len() + 1);
    for p in positions {
        match p {
            Coordinates::Position(x, y) => coords.push(Coord { x, y }),
            Coordinates::List(_) => return Err("a ring must be an array of positions".into()),
        }
    }
    close_ring(coords)
}

/// Close a ring if needed. A ring with fewer than three distinct positions is kept as it is:
/// `geometry_check` drops it and reports the feature.
fn close_ring(mut coords: Vec<Coord<f64>>) -> Result<LineString<f64>, String> {
    if let (Some(first), Some(last)) = (coords.first(), coords.last())
        && first != last
    {
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
        let (features, _) = read_features(&Source::from(path.as_path())).unwrap();
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

    #[test]
    fn features_parsed_in_parallel_are_those_of_the_whole_text() {
        let feature = |k: usize| {
            format!(
                r#"{{"type":"Feature","properties":{{"code":"{k:05}","nom":"a \"b\" {{c}}"}},"geometry":{{"type":"Polygon","coordinates":[[[{k},0],[1,0],[1,1],[{k},0]]]}}}}"#
            )
        };
        let features: Vec<String> = (0..2000).map(feature).collect();
        let text = format!(
            "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n],\"crs\":{{\"type\":\"name\",\"properties\":{{\"name\":\"urn:ogc:def:crs:EPSG::2154\"}}}}}}",
            features.join(",\n")
        );
        let parallel = parse_in_parallel(text.as_bytes()).expect("split");
        let whole: RawCollection = serde_json::from_slice(text.as_bytes()).unwrap();
        assert_eq!(parallel.features.len(), 2000);
        assert_eq!(parallel.kind, whole.kind);
        assert_eq!(parallel.crs, whole.crs);
        for (a, b) in parallel.features.iter().zip(&whole.features) {
            assert_eq!(a.properties, b.properties);
            assert_eq!(
                a.geometry.as_ref().and_then(|g| g.polygons.clone()),
                b.geometry.as_ref().and_then(|g| g.polygons.clone())
            );
        }
        let (read, crs) = parse_collection(Path::new("t.geojson"), text.as_bytes()).unwrap();
        assert_eq!(read[1999].number, 2000);
        assert_eq!(read[1999].properties["code"], "01999");
        assert!(matches!(crs, Some(LayerCrs::Metric(_))));
        // A feature that does not parse: the whole text is parsed again for the error's line.
        let broken = text.replacen("[[[7,0]", "[[[7,,0]", 1);
        assert!(parse_in_parallel(broken.as_bytes()).is_none());
        let err = parse_collection(Path::new("t.geojson"), broken.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("t.geojson") && err.contains("line 9,"),
            "{err}"
        );
    }
}
