//! Unit geometry in its metric CRS (Lambert-93, or the UTM zone of an overseas département),
//! where every length and area of S5 and S6 is measured.

use crate::io::crs::MetricCrs;
use crate::territory::Territory;
use geo::MultiPolygon;
use geo::orient::{Direction, Orient};
use rayon::prelude::*;

/// Metric geometry of every unit, in parallel: the polygons as read when the layer was in the
/// unit's metric CRS, else its WGS84 polygons projected; exteriors counter-clockwise.
pub(crate) fn project_units(territory: &Territory) -> Vec<Option<MultiPolygon<f64>>> {
    territory
        .units
        .par_iter()
        .map(|u| {
            let crs = MetricCrs::for_departement(&u.departement);
            let metric = match &u.source_metric {
                Some((source, read)) if *source == crs => Some(read.clone()),
                _ => u.geometry.as_ref().map(|g| crs.project(g)),
            };
            metric.map(|g| g.orient(Direction::Default))
        })
        .collect()
}
