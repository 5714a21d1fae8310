//! `units.geojson` and `zones.geojson`: the units with their coverage and the dissolved zones
//! blanches, RFC 7946 FeatureCollections in WGS84, features built in parallel in table order.

use super::registry::Run;
use crate::analysis::{CoverageRun, ZonesRun};
use crate::io::geojson_write::{
    Feature, Geometry, collection_of, feature_collection, fixed, to_bytes, write_json,
};
use crate::model::format::join_ids;
use crate::zones::WhiteZones;
use rayon::prelude::*;
use serde::Serialize;

/// Properties of a unit in `units.geojson`: those of `units.csv` (`zone_id` in a zones run,
/// `outside_area` with a reporting area), and the names of its CPTS.
#[derive(Serialize)]
struct UnitProperties<'a> {
    code: &'a str,
    name: &'a str,
    departement: &'a str,
    region: &'a str,
    epci: Option<&'a str>,
    population: u64,
    stage: Option<&'static str>,
    cpts_ids: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    zone_id: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    zone_key: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outside_area: Option<bool>,
    cpts_names: Option<String>,
}

/// `units.geojson` of `run`, its waves handed to `write` (`None`: the run has no commune layer,
/// or is a series or a comparison, which write no units layer).
pub(crate) fn with_units_layer<R>(
    run: Run,
    write: impl FnOnce(&mut dyn Iterator<Item = Vec<Vec<u8>>>) -> R,
) -> Option<R> {
    let coverage = run.coverage();
    if !coverage.territory.has_geometry || matches!(run, Run::Series(_) | Run::Compare(_)) {
        return None;
    }
    let zones = run.zones().map(|z| &z.zones);
    let reported = super::tables::reported_units(coverage, zones);
    Some(write(&mut units_geojson(coverage, &reported, zones)))
}

/// `units.geojson`: the units in WGS84 with their coverage; units without geometry have a null
/// geometry. The document comes as waves of consecutive parts (blocks of features), each built
/// when the previous one has been written.
pub(crate) fn units_geojson<'a>(
    run: &'a CoverageRun,
    reported: &'a [usize],
    zones: Option<&'a WhiteZones>,
) -> impl Iterator<Item = Vec<Vec<u8>>> + 'a {
    let cpts = &run.listing.cpts;
    collection_of(reported, move |&u, out| {
        let (unit, coverage) = (&run.territory.units[u], &run.cover.units[u]);
        write_json(
            &Feature {
                properties: UnitProperties {
                    code: &unit.code,
                    name: &unit.name,
                    departement: &unit.departement,
                    region: &unit.region,
                    epci: unit.epci.as_deref(),
                    population: unit.population,
                    stage: coverage.stage.map(|s| s.as_str()),
                    cpts_ids: (!coverage.cpts.is_empty())
                        .then(|| join_ids(coverage.cpts.iter().map(|&i| cpts[i].id.as_str()))),
                    zone_id: zones.map(|z| z.zone_of[u].map(|k| z[k].id.as_str())),
                    zone_key: zones.map(|z| z.zone_of[u].map(|k| z[k].key.as_str())),
                    outside_area: run
                        .territory
                        .area
                        .is_some()
                        .then(|| !run.territory.in_area(u)),
                    cpts_names: (!coverage.cpts.is_empty()).then(|| {
                        coverage
                            .cpts
                            .iter()
                            .map(|&i| cpts[i].name.as_str())
                            .collect::<Vec<_>>()
                            .join(";")
                    }),
                },
                geometry: unit.geometry.as_ref().map(|g| Geometry::new(g, None)),
            },
            out,
        )
    })
}

/// Properties of a zone in `zones.geojson` (those of `zones.csv`).
#[derive(Serialize)]
struct ZoneProperties<'a> {
    zone_id: &'a str,
    zone_key: &'a str,
    population: u64,
    units: usize,
    area_km2: Box<serde_json::value::RawValue>,
    departements: String,
    codes: String,
    zone_name: &'a str,
}

/// `zones.geojson`: dissolved outlines in WGS84 (7 decimals), properties as in `zones.csv`.
pub(crate) fn zones_geojson(run: &ZonesRun) -> Vec<u8> {
    let units = &run.coverage.territory.units;
    let features: Vec<Vec<u8>> = run
        .zones
        .par_iter()
        .map(|zone| {
            let outline = crate::zones::printable_outline(&zone.outline, zone.crs);
            to_bytes(&Feature {
                properties: ZoneProperties {
                    zone_id: &zone.id,
                    zone_key: &zone.key,
                    population: zone.population,
                    units: zone.units.len(),
                    area_km2: fixed(zone.area_km2, 2),
                    departements: zone.departements.join(";"),
                    codes: join_ids(zone.units.iter().map(|&u| units[u].code.as_str())),
                    zone_name: &zone.name,
                },
                geometry: Some(Geometry::new(&outline, Some(7))),
            })
        })
        .collect();
    feature_collection(&features)
}
