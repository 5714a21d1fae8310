//! IGN-style Shapefiles (`.shp` + `.dbf` + `.shx`, `.prj`, optional `.cpg`): polygons and their
//! attributes, reprojected to WGS84 from the CRS named in the `.prj` (or `--crs`).

use crate::error::{Error, Result};
use crate::io::SourceFeature;
use crate::io::crs::MetricCrs;
use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde_json::Value;
use shapefile::dbase;
use std::path::Path;

/// The CRS of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerCrs {
    /// WGS84 (or a realisation that coincides with it) longitude/latitude in degrees.
    Geographic,
    /// One of the metric CRS of S5.
    Metric(MetricCrs),
}

impl LayerCrs {
    /// Parse `EPSG:2154`, `2154`, `EPSG:4326`…
    pub(crate) fn from_epsg_label(label: &str) -> Option<LayerCrs> {
        let code: u16 = label
            .trim()
            .trim_start_matches("EPSG:")
            .trim_start_matches("epsg:")
            .parse()
            .ok()?;
        match code {
            4326 | 4171 | 4258 | 7084 => Some(LayerCrs::Geographic),
            _ => MetricCrs::ALL
                .into_iter()
                .find(|c| c.epsg() == code)
                .map(LayerCrs::Metric),
        }
    }

    /// Recognise the ESRI WKT that IGN and QGIS write in `.prj` files.
    pub(crate) fn from_prj(wkt: &str) -> Option<LayerCrs> {
        let w = wkt.to_ascii_uppercase().replace([' ', '-'], "_");
        if !w.starts_with("PROJCS") {
            return (w.starts_with("GEOGCS")
                && (w.contains("WGS") || w.contains("RGF") || w.contains("ETRS")))
            .then_some(LayerCrs::Geographic);
        }
        if w.contains("LAMBERT_93")
            || (w.contains("LAMBERT_CONFORMAL_CONIC")
                && w.contains("700000")
                && w.contains("6600000"))
        {
            return Some(LayerCrs::Metric(MetricCrs::Lambert93));
        }
        let utm = |zone: &str, south: bool| {
            w.contains(&format!("UTM_ZONE_{zone}{}", if south { "S" } else { "N" }))
                || w.contains(&format!("UTM_{zone}{}", if south { "S" } else { "N" }))
        };
        [
            ("20", false, MetricCrs::Utm20N),
            ("22", false, MetricCrs::Utm22N),
            ("40", true, MetricCrs::Utm40S),
            ("38", true, MetricCrs::Utm38S),
        ]
        .into_iter()
        .find(|(zone, south, _)| utm(zone, *south))
        .map(|(_, _, crs)| LayerCrs::Metric(crs))
    }

    pub(crate) fn describe(self) -> String {
        match self {
            LayerCrs::Geographic => "EPSG:4326 (WGS84 lon/lat)".into(),
            LayerCrs::Metric(c) => format!("EPSG:{}", c.epsg()),
        }
    }
}

/// Read a polygon Shapefile; returns its features in WGS84 and the CRS it was read from.
pub(crate) fn read_features(
    path: &Path,
    crs: Option<LayerCrs>,
) -> Result<(Vec<SourceFeature>, LayerCrs)> {
    let crs = match crs {
        Some(c) => c,
        None => {
            let prj = path.with_extension("prj");
            let text = std::fs::read_to_string(&prj).map_err(|_| {
                Error::input(&prj, "file", "missing .prj: name the CRS with --crs EPSG:2154 (Lambert-93), EPSG:4326 (WGS84), EPSG:5490, 2972, 2975 or 4471")
            })?;
            LayerCrs::from_prj(&text).ok_or_else(|| {
                Error::input(&prj, "WKT", format!(
                    "unknown CRS `{}`: name it with --crs EPSG:2154 (Lambert-93), EPSG:4326 (WGS84), EPSG:5490, 2972, 2975 or 4471",
                    text.trim().chars().take(80).collect::<String>()
                ))
            })?
        }
    };
    let cpg = std::fs::read_to_string(path.with_extension("cpg")).ok();
    let encoding = match cpg
        .as_deref()
        .map(|l| l.trim().trim_start_matches('\u{feff}'))
    {
        None | Some("") => None,
        Some(label) => Some(
            encoding_rs::Encoding::for_label(label.as_bytes())
                .or_else(|| {
                    label.parse::<u32>().ok().and_then(|n| {
                        encoding_rs::Encoding::for_label(format!("windows-{n}").as_bytes())
                    })
                })
                .ok_or_else(|| {
                    Error::input(
                        &path.with_extension("cpg"),
                        "file",
                        format!("unknown encoding `{label}`"),
                    )
                })?,
        ),
    };
    let shape_err =
        |e: shapefile::Error| Error::input(path, "file", format!("not a readable Shapefile: {e}"));
    let shapes = shapefile::ShapeReader::from_path(path).map_err(shape_err)?;
    // Text encoding of the DBF: the `.cpg` when given; else UTF-8 when the records are valid
    // UTF-8, else Windows-1252 (a superset of Latin-1), as IGN deliveries without .cpg are.
    let dbf = path.with_extension("dbf");
    let dbf_bytes = std::fs::read(&dbf).map_err(|e| Error::read(&dbf, e))?;
    let header_len = dbf_bytes
        .get(8..10)
        .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
        .unwrap_or(0);
    let encoding = encoding.unwrap_or_else(|| {
        match std::str::from_utf8(dbf_bytes.get(header_len..).unwrap_or(&[])) {
            Ok(_) => encoding_rs::UTF_8,
            Err(_) => encoding_rs::WINDOWS_1252,
        }
    });
    let records = dbase::ReaderBuilder::new()
        .with_encoding(dbase::encoding::EncodingRs::from(encoding))
        .build(std::io::Cursor::new(dbf_bytes))
        .map_err(|e| Error::input(&dbf, "file", format!("not a readable DBF: {e}")))?;
    let mut reader = shapefile::Reader::new(shapes, records);
    let mut features = Vec::new();
    for (index, item) in reader.iter_shapes_and_records().enumerate() {
        let number = index + 1;
        let (shape, record) =
            item.map_err(|e| Error::input(path, format!("feature {number}"), e.to_string()))?;
        let geometry = match shape {
            shapefile::Shape::NullShape => None,
            shapefile::Shape::Polygon(p) => Some(rings_to_multipolygon(p.rings())),
            shapefile::Shape::PolygonZ(p) => Some(rings_to_multipolygon(p.rings())),
            shapefile::Shape::PolygonM(p) => Some(rings_to_multipolygon(p.rings())),
            other => {
                return Err(Error::input(
                    path,
                    format!("feature {number}, geometry"),
                    format!("shape type {} is not a polygon", other.shapetype()),
                ));
            }
        };
        let mut properties = serde_json::Map::new();
        for (name, value) in record {
            properties.insert(name, field_value(value));
        }
        features.push(SourceFeature {
            number,
            properties,
            geometry: geometry.filter(|g| !g.0.is_empty()),
            metric: None,
        });
    }
    // WGS84 for the outputs, in parallel (the inverse projection is the costly part of
    // reading); the metric polygons as read are kept for the lengths and areas.
    if let LayerCrs::Metric(m) = crs {
        use rayon::prelude::*;
        features.par_iter_mut().for_each(|f| {
            if let Some(g) = f.geometry.as_mut() {
                let wgs84 = m.unproject(g);
                f.metric = Some((m, std::mem::replace(g, wgs84)));
            }
        });
    }
    Ok((features, crs))
}

/// ESRI rings (outer clockwise, holes counter-clockwise, each hole after its outer ring) to polygons.
fn rings_to_multipolygon<P: shapefile::record::traits::HasXY>(
    rings: &[shapefile::PolygonRing<P>],
) -> MultiPolygon<f64> {
    let mut polygons: Vec<Polygon<f64>> = Vec::new();
    for r in rings {
        let outer = matches!(r, shapefile::PolygonRing::Outer(_));
        let points: Vec<Coord<f64>> = r
            .points()
            .iter()
            .map(|p| Coord { x: p.x(), y: p.y() })
            .collect();
        let ring = LineString(points);
        if outer || polygons.is_empty() {
            polygons.push(Polygon::new(ring, vec![]));
        } else if let Some(last) = polygons.last_mut() {
            last.interiors_push(ring);
        }
    }
    MultiPolygon(polygons)
}

fn field_value(value: dbase::FieldValue) -> Value {
    use dbase::FieldValue as F;
    let number = |f: f64| {
        serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    };
    match value {
        F::Character(Some(s)) => Value::String(s.trim().to_string()),
        F::Numeric(Some(f)) | F::Double(f) | F::Currency(f) => number(f),
        F::Float(Some(f)) => number(f as f64),
        F::Integer(i) => Value::Number(i.into()),
        F::Logical(Some(b)) => Value::Bool(b),
        F::Date(Some(d)) => {
            Value::String(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        }
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prj_of_ign_and_qgis_are_recognised() {
        let l93 = r#"PROJCS["RGF_1993_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]"#;
        assert_eq!(
            LayerCrs::from_prj(l93),
            Some(LayerCrs::Metric(MetricCrs::Lambert93))
        );
        let wgs = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]"#;
        assert_eq!(LayerCrs::from_prj(wgs), Some(LayerCrs::Geographic));
        for (name, crs) in [
            ("RGAF09_UTM_Zone_20N", MetricCrs::Utm20N),
            ("RGFG95_UTM_Zone_22N", MetricCrs::Utm22N),
            ("RGR92_UTM_Zone_40S", MetricCrs::Utm40S),
            ("RGM04_UTM_Zone_38S", MetricCrs::Utm38S),
        ] {
            let wkt =
                format!(r#"PROJCS["{name}",GEOGCS["GCS_X"],PROJECTION["Transverse_Mercator"]]"#);
            assert_eq!(
                LayerCrs::from_prj(&wkt),
                Some(LayerCrs::Metric(crs)),
                "{name}"
            );
        }
        assert_eq!(
            LayerCrs::from_prj(r#"PROJCS["NTF_Paris_Lambert_II"]"#),
            None
        );
        assert_eq!(
            LayerCrs::from_epsg_label("EPSG:2154"),
            Some(LayerCrs::Metric(MetricCrs::Lambert93))
        );
        assert_eq!(
            LayerCrs::from_epsg_label("4326"),
            Some(LayerCrs::Geographic)
        );
        assert_eq!(LayerCrs::from_epsg_label("EPSG:27572"), None);
    }
}
