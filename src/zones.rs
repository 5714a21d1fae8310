//! Zones blanches (S5): connected components of uncovered units under edge adjacency, their ids
//! (largest population first), figures and dissolved outlines.

use crate::adjacency::Adjacency;
use crate::coverage::Coverage;
use crate::io::crs::MetricCrs;
use crate::model::Stage;
use crate::territory::Territory;
use geo::orient::{Direction, Orient};
use geo::{Area, MultiPolygon};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// A zone blanche.
#[derive(Debug, Clone)]
pub struct WhiteZone {
    /// `Z0001`, `Z0002`… in order of population, largest first (ties: smallest member code):
    /// the order of one run.
    pub id: String,
    /// `Z-` + the code of its most populous unit (`Z-04209`): the same whatever the reporting
    /// area (S8 amendment), what a task force writes in its decisions.
    pub key: String,
    /// Member units (indices into the territory), sorted by code.
    pub units: Vec<usize>,
    /// Its population.
    pub population: u64,
    /// Area of the dissolved outline, km².
    pub area_km2: f64,
    /// Sum of the member units' areas, km² (equal to `area_km2` on a clean layer).
    pub units_area_km2: f64,
    /// Its départements.
    pub departements: Vec<String>,
    /// Name of its most populous unit (ties: smallest code): "Z0003 Biarritz" on maps.
    pub name: String,
    /// Its most populous unit (ties: smallest code), which names it.
    pub main: usize,
    /// Dissolved outline in the zone's metric CRS.
    pub outline: MultiPolygon<f64>,
    /// The metric CRS of its outline.
    pub crs: MetricCrs,
}

/// The zones of a territory, largest population first, and the uncovered units that could not
/// be zoned. It reads as the slice of its zones: `zones[0]`, `zones.iter()`, `zones.len()`.
#[derive(Debug, Clone)]
pub struct WhiteZones {
    /// Stage below which a unit counts as uncovered (`li` by default, S3).
    pub min_stage: Stage,
    list: Vec<WhiteZone>,
    /// Zone of each unit (index into the zones), `None` for units in no zone.
    pub zone_of: Vec<Option<usize>>,
    /// Uncovered units without geometry: reported, not zoned (S1).
    pub unzoned: Vec<usize>,
}

impl std::ops::Deref for WhiteZones {
    type Target = [WhiteZone];

    fn deref(&self) -> &[WhiteZone] {
        &self.list
    }
}

impl<'a> IntoIterator for &'a WhiteZones {
    type Item = &'a WhiteZone;
    type IntoIter = std::slice::Iter<'a, WhiteZone>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl WhiteZones {
    /// S5: components of the units whose stage is below `min_stage`.
    pub(crate) fn find(
        territory: &Territory,
        cover: &Coverage,
        metric: &[Option<MultiPolygon<f64>>],
        adjacency: &Adjacency,
        min_stage: Stage,
    ) -> WhiteZones {
        let n = territory.units.len();
        let (groups, unzoned) = zone_groups(territory, cover, metric, adjacency, min_stage);
        let population = |g: &Vec<usize>| {
            g.iter()
                .map(|&u| territory.units[u].population)
                .sum::<u64>()
        };
        let zones: Vec<WhiteZone> = groups
            .par_iter()
            .enumerate()
            .map(|(k, units)| {
                let outline = dissolve(units.iter().filter_map(|&u| metric[u].as_ref()));
                let units_area: f64 = units
                    .iter()
                    .filter_map(|&u| metric[u].as_ref())
                    .map(|g| g.unsigned_area())
                    .sum();
                let departements: BTreeSet<String> = units
                    .iter()
                    .map(|&u| territory.units[u].departement.clone())
                    .collect();
                let main = units
                    .iter()
                    .copied()
                    .max_by(|&a, &b| {
                        let (a, b) = (&territory.units[a], &territory.units[b]);
                        a.population.cmp(&b.population).then(b.code.cmp(&a.code))
                    })
                    .unwrap_or(units[0]);
                WhiteZone {
                    id: format!("Z{:04}", k + 1),
                    key: zone_key(&territory.units[main].code),
                    name: territory.units[main].name.clone(),
                    main,
                    population: population(units),
                    area_km2: outline.unsigned_area() / 1e6,
                    units_area_km2: units_area / 1e6,
                    departements: departements.into_iter().collect(),
                    crs: MetricCrs::for_departement(&territory.units[units[0]].departement),
                    outline,
                    units: units.clone(),
                }
            })
            .collect();
        let mut zone_of = vec![None; n];
        for (k, zone) in zones.iter().enumerate() {
            for &u in &zone.units {
                zone_of[u] = Some(k);
            }
        }
        WhiteZones {
            min_stage,
            list: zones,
            zone_of,
            unzoned,
        }
    }
}

pub use crate::model::zone_key;

/// S5 without geometry work: the member units of every zone (with a unit in the reporting
/// area), in zone order (largest population first, ties by smallest member code), and the
/// uncovered units of the area without geometry. A series (S10) counts zones with this alone.
pub(crate) fn zone_groups(
    territory: &Territory,
    cover: &Coverage,
    metric: &[Option<MultiPolygon<f64>>],
    adjacency: &Adjacency,
    min_stage: Stage,
) -> (Vec<Vec<usize>>, Vec<usize>) {
    let n = territory.units.len();
    let uncovered: Vec<bool> = cover
        .units
        .iter()
        .map(|c| c.stage.is_none_or(|s| s < min_stage))
        .collect();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for pair in &adjacency.pairs {
        if uncovered[pair.a]
            && uncovered[pair.b]
            && metric[pair.a].is_some()
            && metric[pair.b].is_some()
        {
            let (ra, rb) = (root(&mut parent, pair.a), root(&mut parent, pair.b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut members: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    let mut unzoned = Vec::new();
    for u in 0..n {
        if !uncovered[u] {
            continue;
        }
        if metric[u].is_none() {
            if territory.in_area(u) {
                unzoned.push(u);
            }
            continue;
        }
        let r = root(&mut parent, u);
        members.entry(r).or_default().push(u);
    }
    // S7: the zones with a unit in the reporting area, whole (their units in the context
    // outside the area included).
    let mut groups: Vec<(u64, Vec<usize>)> = members
        .into_values()
        .filter(|g| g.iter().any(|&u| territory.in_area(u)))
        .map(|g| (g.iter().map(|&u| territory.units[u].population).sum(), g))
        .collect();
    // Units are sorted by code, so the first member has the smallest code.
    groups.sort_by(|a, b| b.0.cmp(&a.0).then(a.1[0].cmp(&b.1[0])));
    (groups.into_iter().map(|(_, g)| g).collect(), unzoned)
}

/// S7: whether a run reports unit `u`: it lies in the reporting area (every unit without one),
/// or in one of the `zones`, which are reported whole.
pub(crate) fn is_reported(territory: &Territory, zones: Option<&WhiteZones>, u: usize) -> bool {
    territory.in_area(u) || zones.is_some_and(|z| z.zone_of[u].is_some())
}

/// Union of unit outlines: shared borders vanish, holes (covered enclaves) stay.
pub(crate) fn dissolve<'a>(
    parts: impl Iterator<Item = &'a MultiPolygon<f64>>,
) -> MultiPolygon<f64> {
    let polygons: Vec<&geo::Polygon<f64>> = parts.flat_map(|m| m.0.iter()).collect();
    if polygons.len() == 1 {
        return MultiPolygon(vec![polygons[0].clone()]);
    }
    geo::unary_union(polygons).orient(Direction::Default)
}

/// Mean width (2 × area / perimeter, metres) below which a hole of a dissolved outline is a gap
/// between the layer's communes, not an enclave. On the national layer the 37 holes of the zones
/// are either such slivers (3-point triangles ≤ 4 cm wide, up to 1.7 km long) or ≥ 16 m wide.
const SLIVER_WIDTH_M: f64 = 1.0;

/// A dissolved metric outline as written to GeoJSON: sliver holes dropped (rounded to 7 decimals,
/// about 1 cm, they would collapse or cross themselves, as Z0002 and Z0026 of the national
/// scenario did), then in WGS84. The figures (`area_km2`) keep the outline as computed.
pub(crate) fn printable_outline(outline: &MultiPolygon<f64>, crs: MetricCrs) -> MultiPolygon<f64> {
    use geo::{Euclidean, Length, Polygon};
    let is_sliver = |ring: &geo::LineString<f64>| {
        let area = Polygon::new(ring.clone(), Vec::new()).unsigned_area();
        let perimeter = Euclidean.length(ring);
        perimeter > 0.0 && 2.0 * area / perimeter < SLIVER_WIDTH_M
    };
    let cleaned = MultiPolygon(
        outline
            .0
            .iter()
            .map(|p| {
                let holes = p
                    .interiors()
                    .iter()
                    .filter(|h| !is_sliver(h))
                    .cloned()
                    .collect();
                Polygon::new(p.exterior().clone(), holes)
            })
            .collect(),
    );
    crs.unproject(&cleaned)
}

#[cfg(test)]
mod tests {
    use crate::model::Stage;
    use crate::testing::grid_zones;

    fn codes(run: &crate::ZonesRun, zone: usize) -> Vec<&str> {
        let units = &run.coverage.territory.units;
        run.zones[zone]
            .units
            .iter()
            .map(|&u| units[u].code.as_str())
            .collect()
    }

    #[test]
    fn s5_uncovered_neighbours_form_one_zone_with_its_figures() {
        let run = grid_zones(Stage::Li);
        assert_eq!(run.zones.len(), 1);
        let zone = &run.zones[0];
        assert_eq!(zone.id, "Z0001");
        assert_eq!(codes(&run, 0), ["99003", "99004"]);
        assert_eq!(zone.population, 7_000);
        assert_eq!(zone.departements, ["99"]);
        // Two 0.1° squares at 45°N: about 2 × 11.1 km × 7.9 km.
        assert!((170.0..180.0).contains(&zone.area_km2), "{}", zone.area_km2);
        assert!((zone.area_km2 - zone.units_area_km2).abs() < 1e-6);
        // The dissolved outline is one polygon, without the shared border.
        assert_eq!(zone.outline.0.len(), 1);
        assert!(zone.outline.0[0].interiors().is_empty());
    }

    #[test]
    fn s5_min_stage_aci_adds_the_li_unit_to_the_zone() {
        let run = grid_zones(Stage::Aci);
        assert_eq!(run.zones.len(), 1);
        assert_eq!(codes(&run, 0), ["99002", "99003", "99004"]);
        assert_eq!(run.zones[0].population, 9_000);
        let covered = run.coverage.territory.position("99001").expect("unit");
        assert_eq!(run.zones.zone_of[covered], None);
    }
}
