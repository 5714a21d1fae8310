//! Readers and writers, one file per format, and the dispatch of a polygon layer to its reader.

pub mod crs;
pub mod geojson;
pub mod geojson_write;
pub mod shapefile;
pub mod source;
pub mod table;
pub mod write;

use crate::error::{Error, Result};
use crs::MetricCrs;
use geo::MultiPolygon;
use shapefile::LayerCrs;
use source::Source;
use std::path::Path;

/// A feature of a polygon layer as read from any format, before the domain reads its fields.
#[derive(Debug, Clone)]
pub struct SourceFeature {
    /// 1-based position in the file, used in error messages.
    pub number: usize,
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// WGS84 lon/lat polygons, or `None` for a feature without geometry.
    pub geometry: Option<MultiPolygon<f64>>,
    /// The polygons as read, when the layer is in a metric CRS (a Lambert-93 Shapefile): kept
    /// so that units in that CRS are not projected back from WGS84.
    pub metric: Option<(MetricCrs, MultiPolygon<f64>)>,
}

/// A CPTS input given as polygons: `.shp`, `.geojson`, `.json` (optionally `.gz`).
pub(crate) fn is_polygon_layer(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    [".shp", ".geojson", ".json"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// Read a polygon layer by its extension: Shapefile (`.shp`, on disk with its `.dbf`, `.shx`,
/// `.prj`) or GeoJSON (plain or `.gz`, file or memory). `crs` (`EPSG:2154`…) overrides a
/// Shapefile's `.prj`. Returns the features in WGS84 and the CRS the layer was in.
pub(crate) fn read_polygon_layer(
    source: &Source,
    crs: Option<&str>,
) -> Result<(Vec<SourceFeature>, String)> {
    let crs = crs
        .map(|label| {
            LayerCrs::from_epsg_label(label).ok_or_else(|| {
                Error::Usage(format!(
                    "--crs {label}: supported are EPSG:4326, 2154, 5490, 2972, 2975, 4471"
                ))
            })
        })
        .transpose()?;
    let is_shp = source
        .path()
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("shp"));
    if is_shp {
        let path = source.file().ok_or_else(|| {
            Error::input(
                source.path(),
                "file",
                "a Shapefile is read from disk, with its .dbf, .shx and .prj beside it",
            )
        })?;
        let (features, crs) = shapefile::read_features(path, crs)?;
        return Ok((features, crs.describe()));
    }
    match crs {
        Some(LayerCrs::Metric(_)) => Err(Error::Usage(
            "--crs: GeoJSON layers are WGS84 (RFC 7946); reproject them or give a Shapefile".into(),
        )),
        _ => Ok((
            geojson::read_features(source)?,
            LayerCrs::Geographic.describe(),
        )),
    }
}
