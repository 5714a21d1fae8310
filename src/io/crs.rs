//! Projections (proj4rs): WGS84 lon/lat ⇄ the metric CRS of each part of France (S5):
//! Lambert-93 for metropolitan France, the right UTM zone for each overseas département.

use geo::{Coord, MultiPolygon};
use proj4rs::proj::Proj;
use std::sync::OnceLock;

/// A metric CRS used for lengths and areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MetricCrs {
    /// EPSG:2154 RGF93 v1 / Lambert-93 (metropolitan France).
    Lambert93,
    /// EPSG:5490 RGAF09 / UTM zone 20N (Guadeloupe, Martinique).
    Utm20N,
    /// EPSG:2972 RGFG95 / UTM zone 22N (Guyane).
    Utm22N,
    /// EPSG:2975 RGR92 / UTM zone 40S (La Réunion).
    Utm40S,
    /// EPSG:4471 RGM04 / UTM zone 38S (Mayotte).
    Utm38S,
    /// EPSG:4467 RGSPM06 / UTM zone 21N (Saint-Pierre-et-Miquelon).
    Utm21N,
}

impl MetricCrs {
    /// Every metric CRS the engine projects to.
    pub const ALL: [MetricCrs; 6] = [
        MetricCrs::Lambert93,
        MetricCrs::Utm20N,
        MetricCrs::Utm22N,
        MetricCrs::Utm40S,
        MetricCrs::Utm38S,
        MetricCrs::Utm21N,
    ];

    /// The CRS of a département or overseas collectivité (S1, S5).
    pub fn for_departement(departement: &str) -> MetricCrs {
        match departement {
            "971" | "972" | "977" | "978" => MetricCrs::Utm20N,
            "973" => MetricCrs::Utm22N,
            "974" => MetricCrs::Utm40S,
            "976" => MetricCrs::Utm38S,
            "975" => MetricCrs::Utm21N,
            _ => MetricCrs::Lambert93,
        }
    }

    /// The EPSG code.
    pub fn epsg(self) -> u16 {
        match self {
            MetricCrs::Lambert93 => 2154,
            MetricCrs::Utm20N => 5490,
            MetricCrs::Utm22N => 2972,
            MetricCrs::Utm40S => 2975,
            MetricCrs::Utm38S => 4471,
            MetricCrs::Utm21N => 4467,
        }
    }

    /// PROJ definition. The realisations (RGF93, RGAF09, RGFG95, RGR92, RGM04) coincide with
    /// WGS84 at the centimetre level, so no datum shift is applied (towgs84 = 0).
    pub(crate) fn proj_string(self) -> &'static str {
        match self {
            MetricCrs::Lambert93 => {
                "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +units=m +no_defs"
            }
            MetricCrs::Utm20N => "+proj=utm +zone=20 +ellps=GRS80 +units=m +no_defs",
            MetricCrs::Utm22N => "+proj=utm +zone=22 +ellps=GRS80 +units=m +no_defs",
            MetricCrs::Utm40S => "+proj=utm +zone=40 +south +ellps=GRS80 +units=m +no_defs",
            MetricCrs::Utm38S => "+proj=utm +zone=38 +south +ellps=GRS80 +units=m +no_defs",
            MetricCrs::Utm21N => "+proj=utm +zone=21 +ellps=GRS80 +units=m +no_defs",
        }
    }

    fn proj(self) -> &'static Proj {
        static PROJS: OnceLock<Vec<Proj>> = OnceLock::new();
        let all = PROJS.get_or_init(|| {
            MetricCrs::ALL
                .iter()
                .map(|c| Proj::from_proj_string(c.proj_string()).expect("built-in PROJ string"))
                .collect()
        });
        &all[self as usize]
    }

    fn geographic() -> &'static Proj {
        static GEO: OnceLock<Proj> = OnceLock::new();
        GEO.get_or_init(|| {
            Proj::from_proj_string("+proj=longlat +ellps=GRS80 +no_defs")
                .expect("built-in PROJ string")
        })
    }

    /// Project a lon/lat MultiPolygon to this CRS.
    pub(crate) fn project(self, geometry: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        let mut out = geometry.clone();
        for_each_ring(&mut out, |ring| {
            ring.iter_mut().for_each(|c| {
                c.x = c.x.to_radians();
                c.y = c.y.to_radians();
            });
            let _ = proj4rs::transform::transform(
                MetricCrs::geographic(),
                self.proj(),
                &mut Coords(ring),
            );
        });
        out
    }

    /// Where this CRS is used, as a lon/lat box `[west, south, east, north]` with a margin of
    /// about half a degree: coordinates landing outside it are not in this CRS.
    pub fn area(self) -> [f64; 4] {
        match self {
            MetricCrs::Lambert93 => [-10.0, 40.5, 12.0, 52.0],
            MetricCrs::Utm20N => [-64.0, 13.5, -60.0, 19.0],
            MetricCrs::Utm22N => [-55.5, 1.0, -50.5, 6.5],
            MetricCrs::Utm40S => [54.5, -22.0, 56.5, -20.0],
            MetricCrs::Utm38S => [44.5, -13.5, 46.0, -12.0],
            MetricCrs::Utm21N => [-57.0, 46.0, -55.5, 47.7],
        }
    }

    /// Whether a lon/lat position lies in [`MetricCrs::area`].
    pub(crate) fn covers(self, c: Coord<f64>) -> bool {
        let [w, s, e, n] = self.area();
        c.x >= w && c.x <= e && c.y >= s && c.y <= n
    }

    /// One metric position back to lon/lat (NaN when it has none).
    pub(crate) fn unproject_point(self, c: Coord<f64>) -> Coord<f64> {
        let mut one = [c];
        let ok = proj4rs::transform::transform(
            self.proj(),
            MetricCrs::geographic(),
            &mut Coords(&mut one),
        );
        match ok {
            Ok(()) => Coord {
                x: one[0].x.to_degrees(),
                y: one[0].y.to_degrees(),
            },
            Err(_) => Coord {
                x: f64::NAN,
                y: f64::NAN,
            },
        }
    }

    /// Project a metric MultiPolygon back to lon/lat.
    pub(crate) fn unproject(self, geometry: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        let mut out = geometry.clone();
        for_each_ring(&mut out, |ring| {
            let _ = proj4rs::transform::transform(
                self.proj(),
                MetricCrs::geographic(),
                &mut Coords(ring),
            );
            ring.iter_mut().for_each(|c| {
                c.x = c.x.to_degrees();
                c.y = c.y.to_degrees();
            });
        });
        out
    }
}

/// Coordinates transformed in place (no copy into tuples).
struct Coords<'a>(&'a mut [Coord<f64>]);

impl proj4rs::transform::Transform for Coords<'_> {
    fn transform_coordinates<F: proj4rs::transform::TransformClosure>(
        &mut self,
        f: &mut F,
    ) -> proj4rs::errors::Result<()> {
        self.0.iter_mut().try_for_each(|c| {
            let (x, y, _) = f(c.x, c.y, 0.0)?;
            (c.x, c.y) = (x, y);
            Ok(())
        })
    }
}

fn for_each_ring(geometry: &mut MultiPolygon<f64>, mut f: impl FnMut(&mut [Coord<f64>])) {
    for polygon in geometry.0.iter_mut() {
        polygon.exterior_mut(|ring| f(&mut ring.0));
        polygon.interiors_mut(|rings| rings.iter_mut().for_each(|ring| f(&mut ring.0)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Control points computed with PROJ (pyproj 3, EPSG:4326 → each EPSG code); tolerance 1 mm.
    #[test]
    fn s5_projections_match_proj_control_points() {
        let cases = [
            (MetricCrs::Lambert93, (3.0, 46.5), (700000.0, 6600000.0)),
            (
                MetricCrs::Lambert93,
                (2.3522, 48.8566),
                (652469.0227, 6862035.2594),
            ),
            (
                MetricCrs::Lambert93,
                (5.3698, 43.2965),
                (892390.2216, 6247035.2568),
            ),
            (
                MetricCrs::Lambert93,
                (-4.4861, 48.3904),
                (146632.9785, 6836262.3267),
            ),
            (
                MetricCrs::Utm20N,
                (-61.0588, 14.6161),
                (709096.3158, 1616759.7331),
            ),
            (
                MetricCrs::Utm22N,
                (-52.3335, 4.9224),
                (352145.2227, 544234.1784),
            ),
            (
                MetricCrs::Utm40S,
                (55.4504, -20.8823),
                (338811.2385, 7690101.3600),
            ),
            (
                MetricCrs::Utm38S,
                (45.2279, -12.7806),
                (524735.3747, 8587115.8115),
            ),
            // Saint-Pierre, by PROJ 9 (cs2cs EPSG:4326 EPSG:4467).
            (
                MetricCrs::Utm21N,
                (-56.1773, 46.7811),
                (562801.1017, 5181167.5970),
            ),
        ];
        for (crs, (lon, lat), (x, y)) in cases {
            // A small triangle whose first vertex is the control point, through the geometry
            // path the engine uses.
            let triangle = geo::Polygon::new(
                geo::LineString::from(vec![(lon, lat), (lon + 0.01, lat), (lon, lat + 0.01)]),
                vec![],
            );
            let projected = crs.project(&MultiPolygon(vec![triangle]));
            let p = projected.0[0].exterior().0[0];
            assert!(
                (p.x - x).abs() < 1e-3 && (p.y - y).abs() < 1e-3,
                "{crs:?} {lon},{lat} → {p:?}, expected {x},{y}"
            );
            let back = crs.unproject(&projected).0[0].exterior().0[0];
            assert!(
                (back.x - lon).abs() < 1e-9 && (back.y - lat).abs() < 1e-9,
                "round trip {crs:?}"
            );
        }
        assert_eq!(MetricCrs::for_departement("2A"), MetricCrs::Lambert93);
        assert_eq!(MetricCrs::for_departement("972"), MetricCrs::Utm20N);
        assert_eq!(MetricCrs::for_departement("976").epsg(), 4471);
        for (crs, (lon, lat), _) in cases {
            assert!(crs.covers(Coord { x: lon, y: lat }), "{crs:?}");
        }
        // S1: the overseas collectivités of the plan.
        assert_eq!(MetricCrs::for_departement("975").epsg(), 4467);
        assert_eq!(MetricCrs::for_departement("977").epsg(), 5490);
        assert_eq!(MetricCrs::for_departement("978").epsg(), 5490);
    }
}
