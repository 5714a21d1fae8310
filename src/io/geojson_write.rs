//! GeoJSON written through serde (RFC 7946): features serialize their properties with
//! `#[derive(Serialize)]` and their geometry through [`Geometry`], which orients rings
//! (exteriors counter-clockwise, holes clockwise) and rounds coordinates; numbers are printed in
//! the shortest form that reads back to the same `f64`, without a trailing `.0`.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use std::io;

/// A GeoJSON Feature: `{"type":"Feature","properties":…,"geometry":…}`.
pub(crate) struct Feature<'a, P: Serialize> {
    pub properties: P,
    /// `None` for a feature without geometry (`"geometry":null`).
    pub geometry: Option<Geometry<'a>>,
}

impl<P: Serialize> Serialize for Feature<'_, P> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut feature = serializer.serialize_struct("Feature", 3)?;
        feature.serialize_field("type", "Feature")?;
        feature.serialize_field("properties", &self.properties)?;
        feature.serialize_field("geometry", &self.geometry)?;
        feature.end()
    }
}

/// A MultiPolygon as a GeoJSON geometry, coordinates rounded to `decimals` places when given.
#[derive(Clone, Copy)]
pub(crate) struct Geometry<'a> {
    pub polygons: &'a MultiPolygon<f64>,
    pub decimals: Option<u32>,
}

impl<'a> Geometry<'a> {
    pub fn new(polygons: &'a MultiPolygon<f64>, decimals: Option<u32>) -> Geometry<'a> {
        Geometry { polygons, decimals }
    }

    fn round(&self, v: f64) -> f64 {
        match self.decimals {
            Some(d) => {
                let factor = 10f64.powi(d as i32);
                (v * factor).round() / factor
            }
            None => v,
        }
    }
}

impl Serialize for Geometry<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("type", "MultiPolygon")?;
        map.serialize_entry("coordinates", &Polygons(*self))?;
        map.end()
    }
}

struct Polygons<'a>(Geometry<'a>);

impl Serialize for Polygons<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let polygons = &self.0.polygons.0;
        let mut seq = serializer.serialize_seq(Some(polygons.len()))?;
        for polygon in polygons {
            seq.serialize_element(&Rings(self.0, polygon))?;
        }
        seq.end()
    }
}

struct Rings<'a>(Geometry<'a>, &'a Polygon<f64>);

impl Serialize for Rings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let polygon = self.1;
        let mut seq = serializer.serialize_seq(Some(1 + polygon.interiors().len()))?;
        seq.serialize_element(&Ring(self.0, polygon.exterior(), true))?;
        for hole in polygon.interiors() {
            seq.serialize_element(&Ring(self.0, hole, false))?;
        }
        seq.end()
    }
}

/// A ring, written counter-clockwise when it is an exterior, clockwise when a hole.
struct Ring<'a>(Geometry<'a>, &'a LineString<f64>, bool);

impl Serialize for Ring<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Ring(geometry, ring, exterior) = self;
        let reverse = (signed_area(&ring.0) > 0.0) != *exterior;
        let mut seq = serializer.serialize_seq(Some(ring.0.len()))?;
        let mut position =
            |c: &Coord<f64>| seq.serialize_element(&[geometry.round(c.x), geometry.round(c.y)]);
        if reverse {
            ring.0.iter().rev().try_for_each(&mut position)?;
        } else {
            ring.0.iter().try_for_each(&mut position)?;
        }
        seq.end()
    }
}

/// Shoelace signed area of a closed ring (positive when counter-clockwise).
pub(crate) fn signed_area(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum::<f64>()
        / 2.0
}

/// serde_json's compact output with floats in their shortest round-trip form and no `.0` on
/// whole numbers (`46`, not `46.0`), as GeoJSON producers write coordinates.
struct ShortFloats;

impl serde_json::ser::Formatter for ShortFloats {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        let mut buffer = ryu::Buffer::new();
        let text = buffer.format_finite(value);
        writer.write_all(text.strip_suffix(".0").unwrap_or(text).as_bytes())
    }
}

/// One value (a feature) as compact JSON bytes.
pub(crate) fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    write_json(value, &mut out);
    out
}

/// One value (a feature) appended to `out` as compact JSON.
pub(crate) fn write_json<T: Serialize>(value: &T, out: &mut Vec<u8>) {
    let start = out.len();
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, ShortFloats);
    // Serializing into a Vec fails only on a non-string map key, which no feature has.
    if value.serialize(&mut serializer).is_err() {
        out.truncate(start);
        out.extend_from_slice(b"null");
    }
}

/// What a FeatureCollection written one feature per line starts and ends with.
const COLLECTION_HEAD: &[u8] = b"{\"type\":\"FeatureCollection\",\"features\":[\n";
const COLLECTION_TAIL: &[u8] = b"\n]}\n";

/// Items per block of [`collection_of`]: enough to keep both cores busy, few enough buffers.
const FEATURES_PER_BLOCK: usize = 512;
/// Blocks built at a time by [`collection_of`] (about 7 MB of the national units.geojson): the
/// document is handed over a wave at a time, never held whole.
const BLOCKS_PER_WAVE: usize = 16;

/// A FeatureCollection of one feature per item, one per line, written by `feature` in
/// parallel blocks: one buffer per block of items instead of one per feature (the national
/// units.geojson is 35 000 features, 32 MB), the same bytes as [`feature_collection`]. The
/// document comes as consecutive waves of parts, each built in parallel when the previous one
/// has been taken: a writer writes them one after the other.
pub(crate) fn collection_of<'a, T, F>(
    items: &'a [T],
    feature: F,
) -> impl Iterator<Item = Vec<Vec<u8>>> + 'a
where
    T: Sync,
    F: Fn(&T, &mut Vec<u8>) + Sync + 'a,
{
    use rayon::prelude::*;
    let waves = items.chunks(FEATURES_PER_BLOCK * BLOCKS_PER_WAVE);
    let count = waves.len();
    let body = waves.enumerate().map(move |(w, wave)| {
        let mut parts = if w == 0 {
            vec![COLLECTION_HEAD.to_vec()]
        } else {
            Vec::new()
        };
        parts.par_extend(
            wave.par_chunks(FEATURES_PER_BLOCK)
                .enumerate()
                .map(|(k, block)| {
                    let mut out = Vec::new();
                    for (i, item) in block.iter().enumerate() {
                        if w > 0 || k > 0 || i > 0 {
                            out.extend_from_slice(b",\n");
                        }
                        feature(item, &mut out);
                    }
                    out
                }),
        );
        if w + 1 == count {
            parts.push(COLLECTION_TAIL.to_vec());
        }
        parts
    });
    let empty = (count == 0).then(|| vec![COLLECTION_HEAD.to_vec(), COLLECTION_TAIL.to_vec()]);
    body.chain(empty)
}

/// A FeatureCollection of serialized features, one feature per line.
pub(crate) fn feature_collection(features: &[Vec<u8>]) -> Vec<u8> {
    let mut doc = Vec::with_capacity(features.iter().map(|f| f.len() + 2).sum::<usize>() + 64);
    doc.extend_from_slice(COLLECTION_HEAD);
    for (i, feature) in features.iter().enumerate() {
        if i > 0 {
            doc.extend_from_slice(b",\n");
        }
        doc.extend_from_slice(feature);
    }
    doc.extend_from_slice(COLLECTION_TAIL);
    doc
}

/// A number printed exactly as `text` (for properties with a fixed number of decimals).
pub(crate) fn fixed(value: f64, decimals: usize) -> Box<serde_json::value::RawValue> {
    let text = if value.is_finite() {
        format!("{value:.decimals$}")
    } else {
        "null".to_string()
    };
    serde_json::value::RawValue::from_string(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[derive(Serialize)]
    struct Props<'a> {
        name: &'a str,
        area_km2: Box<serde_json::value::RawValue>,
        stage: Option<&'a str>,
    }

    #[test]
    fn features_are_oriented_rounded_and_escaped() {
        let clockwise = polygon![(x: 0.0, y: 0.0), (x: 0.0, y: 1.0), (x: 1.0, y: 1.0), (x: 1.123456789, y: 0.0)];
        let geometry = MultiPolygon(vec![clockwise]);
        let feature = Feature {
            properties: Props {
                name: "L'Haÿ \"x\"\n",
                area_km2: fixed(12.3, 2),
                stage: None,
            },
            geometry: Some(Geometry::new(&geometry, Some(7))),
        };
        let text = String::from_utf8(to_bytes(&feature)).unwrap();
        assert_eq!(
            text,
            r#"{"type":"Feature","properties":{"name":"L'Haÿ \"x\"\n","area_km2":12.30,"stage":null},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1.1234568,0],[1,1],[0,1],[0,0]]]]}}"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["properties"]["name"], "L'Haÿ \"x\"\n");
    }

    #[test]
    fn a_collection_holds_one_feature_per_line() {
        let doc = feature_collection(&[b"{}".to_vec(), b"{}".to_vec()]);
        assert_eq!(
            String::from_utf8(doc).unwrap(),
            "{\"type\":\"FeatureCollection\",\"features\":[\n{},\n{}\n]}\n"
        );
    }

    #[test]
    fn a_collection_in_waves_is_the_same_document() {
        // 0 items, one block, one wave, and three waves with a short last block.
        for n in [
            0,
            3,
            FEATURES_PER_BLOCK * BLOCKS_PER_WAVE,
            FEATURES_PER_BLOCK * BLOCKS_PER_WAVE * 2 + 7,
        ] {
            let items: Vec<usize> = (0..n).collect();
            let features: Vec<Vec<u8>> = items
                .iter()
                .map(|i| format!("{{\"n\":{i}}}").into_bytes())
                .collect();
            let waves: Vec<Vec<Vec<u8>>> =
                collection_of(&items, |i, out| out.extend_from_slice(&features[*i])).collect();
            assert_eq!(
                waves.len(),
                n.div_ceil(FEATURES_PER_BLOCK * BLOCKS_PER_WAVE).max(1)
            );
            assert_eq!(
                waves.concat().concat(),
                feature_collection(&features),
                "{n} items"
            );
        }
    }
}
