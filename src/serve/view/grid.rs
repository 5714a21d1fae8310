//! The Web Mercator grid of one zoom in half-pixels: where a unit's points snap, so that the
//! points two units share snap alike, and back to lon/lat.

use std::f64::consts::PI;

/// A snapped point: half-pixels of the world at one zoom.
pub type Point = (i32, i32);

/// World half-pixels of a lon/lat point at `zoom`.
pub fn snap(lon: f64, lat: f64, zoom: u8) -> Point {
    let size = 512.0 * f64::from(1u32 << zoom);
    let lat = lat.clamp(-85.0, 85.0).to_radians();
    let x = (lon + 180.0) / 360.0 * size;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * size;
    (x.round() as i32, y.round() as i32)
}

/// The lon/lat of a snapped point.
pub fn unsnap(p: Point, zoom: u8) -> (f64, f64) {
    let size = 512.0 * f64::from(1u32 << zoom);
    let lon = f64::from(p.0) / size * 360.0 - 180.0;
    let n = PI * (1.0 - 2.0 * f64::from(p.1) / size);
    let lat = n.sinh().atan().to_degrees();
    (lon, lat)
}
