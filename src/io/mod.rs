//! Readers and writers, one file per format.

pub mod crs;
pub mod geojson;
pub mod shapefile;
pub mod source;
pub mod table;
pub mod write;

use geo::MultiPolygon;

/// A feature of a polygon layer as read from any format, before the domain reads its fields.
#[derive(Debug, Clone)]
pub struct SourceFeature {
    /// 1-based position in the file, used in error messages.
    pub number: usize,
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// WGS84 lon/lat polygons, or `None` for a feature without geometry.
    pub geometry: Option<MultiPolygon<f64>>,
}
