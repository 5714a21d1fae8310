//! Readers and writers, one file per format, and the dispatch of a polygon layer to its reader.

pub mod crs;
pub mod geojson;
mod geojson_split;
pub mod geojson_write;
pub mod geometry_check;
pub mod geopackage;
mod quoted;
pub mod shapefile;
pub mod source;
pub mod table;
pub mod workbook;
pub mod write;

use crate::error::{Error, Result};
use crate::model::Notice;
use crate::model::setting::Setting;
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

/// The smallest box holding every one of `rects`; `None` when there is none.
pub(crate) fn covering_rect(
    rects: impl IntoIterator<Item = geo::Rect<f64>>,
) -> Option<geo::Rect<f64>> {
    rects.into_iter().reduce(|a, b| {
        geo::Rect::new(
            geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
            geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
        )
    })
}

/// A CPTS input given as polygons: `.shp`, `.gpkg`, `.geojson`, `.json` (optionally `.gz`).
pub(crate) fn is_polygon_layer(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    [".shp", ".gpkg", ".geojson", ".json"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// A polygon layer as read: features in WGS84 (with their metric polygons when the layer was
/// metric), the CRS it was in, and what was repaired.
#[derive(Debug)]
pub(crate) struct PolygonLayer {
    pub features: Vec<SourceFeature>,
    pub crs: String,
    pub notices: Vec<Notice>,
}

/// Read a polygon layer by its extension: Shapefile (`.shp`, on disk with its `.dbf`, `.shx`,
/// `.prj`), GeoPackage (`.gpkg`, its feature layer `layer`) or GeoJSON (plain or `.gz`, file or memory; WGS84 unless its legacy `crs` member
/// names another CRS). `crs` (`EPSG:2154`…) overrides both. Every feature is checked
/// (`geometry_check`) before it is projected to WGS84.
pub(crate) fn read_polygon_layer(
    source: &Source,
    crs: Option<&str>,
    layer: Option<&str>,
) -> Result<PolygonLayer> {
    let crs = crs
        .map(|label| {
            LayerCrs::from_epsg_label(label).ok_or_else(|| {
                Error::Setting(format!(
                    "{} {label}: supported are EPSG:4326, 2154, 5490, 2972, 2975, 4471, 4467",
                    Setting::Crs
                ))
            })
        })
        .transpose()?;
    let extension = |ext: &str| {
        source
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    };
    let path = source.path();
    let name = path.to_string_lossy().to_ascii_lowercase();
    if [".zbt.gz", ".zbt.zip", ".zbt.xz", ".zbt.bz2", ".zbt.zst"]
        .iter()
        .any(|e| name.ends_with(e))
    {
        return Err(Error::input(
            path,
            "file",
            "a prepared territory is not compressed: decompress it (`gunzip`, `unzip`…) and give the .zbt",
        ));
    }
    if layer.is_some() && !extension("gpkg") {
        return Err(Error::Setting(format!(
            "{} names a layer of a GeoPackage; {} is not a .gpkg",
            Setting::CommunesLayer,
            path.display()
        )));
    }
    let (mut features, crs) = if extension("gpkg") {
        let file = source
            .file()
            .ok_or_else(|| Error::input(path, "file", "a GeoPackage is read from disk"))?;
        geopackage::read_features(file, layer, crs)?
    } else if extension("shp") {
        let file = source.file().ok_or_else(|| {
            Error::input(
                path,
                "file",
                "a Shapefile is read from disk, with its .dbf, .shx and .prj beside it",
            )
        })?;
        shapefile::read_features(file, crs)?
    } else {
        let (features, declared) = geojson::read_features(source)?;
        (features, crs.or(declared).unwrap_or(LayerCrs::Geographic))
    };
    let notices = geometry_check::check_features(path, &mut features, crs)?;
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
        geometry_check::check_area(path, &features, m)?;
    }
    Ok(PolygonLayer {
        features,
        crs: crs.describe(),
        notices,
    })
}
