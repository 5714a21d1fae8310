//! IGN-style Shapefiles (`.shp` + `.dbf` + `.shx`, `.prj`, optional `.cpg`): polygons and their
//! attributes, reprojected to WGS84 from the CRS named in the `.prj` (or `--crs`).

use crate::error::{Error, Result};
use crate::io::SourceFeature;
use crate::io::crs::MetricCrs;
use crate::model::setting::Setting;
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
            ("21", false, MetricCrs::Utm21N),
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

/// Read a polygon Shapefile; returns its features in the layer's own CRS, and that CRS.
pub(crate) fn read_features(
    path: &Path,
    crs: Option<LayerCrs>,
) -> Result<(Vec<SourceFeature>, LayerCrs)> {
    let crs = match crs {
        Some(c) => c,
        None => {
            let prj = path.with_extension("prj");
            let bytes = std::fs::read(&prj).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Error::input(&prj, "file", format!("missing .prj: name the CRS with {} EPSG:2154 (Lambert-93), EPSG:4326 (WGS84), EPSG:5490, 2972, 2975, 4471 or 4467", Setting::Crs)),
                _ => Error::read(&prj, e),
            })?;
            // A .prj that is not text is shown as text, so that the error says what it holds.
            let text: String = String::from_utf8_lossy(&bytes)
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            LayerCrs::from_prj(&text).ok_or_else(|| {
                Error::input(&prj, "WKT", format!(
                    "unknown CRS `{}`: name it with {} EPSG:2154 (Lambert-93), EPSG:4326 (WGS84), EPSG:5490, 2972, 2975, 4471 or 4467",
                    text.trim().chars().take(80).collect::<String>(),
                    Setting::Crs
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
    let dbf = path.with_extension("dbf");
    let dbf_bytes = std::fs::read(&dbf).map_err(|e| Error::read(&dbf, e))?;
    check_parts(path, &dbf_bytes)?;
    let shapes = shapefile::ShapeReader::from_path(path).map_err(shape_err)?;
    // Text encoding of the DBF: the `.cpg` when given; else UTF-8 when the records are valid
    // UTF-8, else Windows-1252 (a superset of Latin-1), as IGN deliveries without .cpg are.
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
    let descriptors = dbf_bytes[..header_len.min(dbf_bytes.len())].to_vec();
    let records = dbase::ReaderBuilder::new()
        .with_encoding(dbase::encoding::EncodingRs::from(encoding))
        .build(std::io::Cursor::new(dbf_bytes))
        .map_err(|e| Error::input(&dbf, "file", describe_dbf_error(&e, &descriptors)))?;
    let mut reader = shapefile::Reader::new(shapes, records);
    let mut features = Vec::new();
    for (index, item) in reader.iter_shapes_and_records().enumerate() {
        let number = index + 1;
        let (shape, record) = item.map_err(|e| {
            Error::input(path, format!("feature {number}"), describe_read_error(&e))
        })?;
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
    Ok((features, crs))
}

/// The three parts of a Shapefile agree before any is read: the `.shp` is as long as its
/// header says, the `.shx` indexes records inside the `.shp`, and the `.dbf` holds as many
/// complete records as its header declares and as there are shapes.
fn check_parts(path: &Path, dbf: &[u8]) -> Result<()> {
    let shx_path = path.with_extension("shx");
    let shx = std::fs::read(&shx_path).map_err(|e| Error::read(&shx_path, e))?;
    let shp_len = std::fs::metadata(path)
        .map_err(|e| Error::read(path, e))?
        .len();
    let declared = |bytes: &[u8]| -> Option<u64> {
        bytes
            .get(24..28)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as u64 * 2)
    };
    let mut shp_header = Vec::with_capacity(28);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(|e| Error::read(path, e))?,
            28,
        ),
        &mut shp_header,
    )
    .map_err(|e| Error::read(path, e))?;
    if declared(&shp_header) != Some(shp_len) {
        return Err(Error::input(
            path,
            "file header",
            format!(
                "the .shp is {shp_len} bytes but its header declares another length: the file is truncated or damaged"
            ),
        ));
    }
    if shx.len() < 100 || declared(&shx) != Some(shx.len() as u64) || (shx.len() - 100) % 8 != 0 {
        return Err(Error::input(
            &shx_path,
            "file header",
            "the .shx index is damaged (its length disagrees with its header): rebuild it, e.g. with ogr2ogr",
        ));
    }
    let shapes = (shx.len() - 100) / 8;
    for (i, entry) in shx[100..].chunks_exact(8).enumerate() {
        let offset = u32::from_be_bytes([entry[0], entry[1], entry[2], entry[3]]) as u64 * 2;
        let length = u32::from_be_bytes([entry[4], entry[5], entry[6], entry[7]]) as u64 * 2;
        if offset < 100 || offset + 8 + length > shp_len {
            return Err(Error::input(
                &shx_path,
                format!("record {}", i + 1),
                "the .shx points outside the .shp: the index is damaged or belongs to another file; rebuild it, e.g. with ogr2ogr",
            ));
        }
    }
    let dbf_path = path.with_extension("dbf");
    let field = |range: std::ops::Range<usize>| dbf.get(range).map(|b| b.to_vec());
    let (Some(count), Some(header), Some(record)) = (field(4..8), field(8..10), field(10..12))
    else {
        return Err(Error::input(
            &dbf_path,
            "file header",
            "the .dbf is shorter than its header: the file is truncated",
        ));
    };
    let count = u32::from_le_bytes([count[0], count[1], count[2], count[3]]) as usize;
    let header = u16::from_le_bytes([header[0], header[1]]) as usize;
    let record = u16::from_le_bytes([record[0], record[1]]).max(1) as usize;
    let complete = dbf.len().saturating_sub(header) / record;
    if complete < count {
        return Err(Error::input(
            &dbf_path,
            format!("record {}", complete + 1),
            format!(
                "the .dbf header declares {count} records but the file holds {complete} complete ones: the .dbf is truncated or its header is wrong"
            ),
        ));
    }
    if count != shapes {
        return Err(Error::input(
            &dbf_path,
            "file header",
            format!(
                "the .dbf has {count} records but the .shp has {shapes} shapes: the parts of the Shapefile do not belong together (every shape needs its record)"
            ),
        ));
    }
    Ok(())
}

/// A sentence for an error of the shapefile crate met while reading a feature.
fn describe_read_error(error: &shapefile::Error) -> String {
    match error {
        shapefile::Error::DbaseError(_) => {
            "its .dbf record cannot be read (truncated or damaged .dbf)".into()
        }
        shapefile::Error::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file ends in the middle of this shape: the .shp is truncated".into()
        }
        other => format!("the shape cannot be read ({other}): the .shp or .shx is damaged"),
    }
}

/// What is wrong with a `.dbf` the dBase reader refuses, in words: a field of an unknown type
/// is named, with its position among the field descriptors.
fn describe_dbf_error(error: &dbase::Error, dbf: &[u8]) -> String {
    match error.kind() {
        dbase::ErrorKind::InvalidFieldType(code) => {
            // Field descriptors: 32 bytes each from byte 32, name in 0..11, type at 11.
            let field = dbf
                .get(32..)
                .unwrap_or(&[])
                .chunks_exact(32)
                .take_while(|d| d[0] != 0x0D)
                .enumerate()
                .find(|(_, d)| d[11] as char == *code)
                .map(|(i, d)| {
                    let name = String::from_utf8_lossy(&d[..11]);
                    format!("field {} `{}`", i + 1, name.trim_end_matches('\0'))
                })
                .unwrap_or_else(|| "a field".into());
            format!(
                "{field} has type `{}`, which is not a dBase type (C, N, F, L, D, M…): the .dbf is damaged or was not written by a GIS; export the layer again",
                code.escape_default()
            )
        }
        kind => format!("not a readable DBF ({kind}): the .dbf is damaged; export the layer again"),
    }
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
