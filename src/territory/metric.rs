//! Unit geometry in its metric CRS (Lambert-93, or the UTM zone of an overseas département),
//! where every length and area of S5 and S6 is measured.

use crate::io::crs::MetricCrs;
use crate::territory::Territory;
use geo::MultiPolygon;
use geo::orient::{Direction, Orient};
use rayon::prelude::*;

/// Metric geometry of every unit (projected once, in parallel) and its area in m².
pub(crate) fn project_units(territory: &Territory) -> Vec<Option<MultiPolygon<f64>>> {
    territory
        .units
        .par_iter()
        .map(|u| {
            u.geometry.as_ref().map(|g| {
                MetricCrs::for_departement(&u.departement)
                    .project(g)
                    .orient(Direction::Default)
            })
        })
        .collect()
}
