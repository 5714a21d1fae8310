//! CPTS given as polygons (S2): a unit belongs to a CPTS when the CPTS polygon covers at least
//! `min_overlap` (default half) of the unit's area, measured in the unit's metric CRS. Hand-drawn
//! borders a little off the communes' still give the commune-level answer.

use crate::error::{Error, Result};
use crate::io::SourceFeature;
use crate::io::crs::MetricCrs;
use crate::inputs::listing::{Cpts, Field, Listing, ListingOptions, match_fields, parse_date, stage_at};
use crate::model::Stage;
use crate::model::Unresolved;
use crate::territory::Territory;
use geo::{Area, BooleanOps, BoundingRect, MultiPolygon};
use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use std::collections::BTreeMap;
use std::path::Path;

/// Default share of a unit's area a CPTS polygon must cover (`--min-overlap`).
pub const DEFAULT_MIN_OVERLAP: f64 = 0.5;

/// Build a listing from CPTS polygons (WGS84 features) over a territory with geometry.
pub fn listing_from_polygons(
    path: &Path,
    features: Vec<SourceFeature>,
    options: &ListingOptions,
    territory: &Territory,
    metric: &[Option<MultiPolygon<f64>>],
    min_overlap: f64,
) -> Result<Listing> {
    if features.is_empty() {
        return Err(Error::input(
            path,
            "features",
            "the layer has no CPTS polygon",
        ));
    }
    let keys: Vec<String> = {
        let mut k: Vec<String> = features
            .iter()
            .flat_map(|f| f.properties.keys().cloned())
            .collect();
        k.sort();
        k.dedup();
        k
    };
    let columns: BTreeMap<Field, String> =
        match_fields(path, "properties", &keys, &options.columns)?
            .into_iter()
            .map(|(field, k)| (field, keys[k].clone()))
            .collect();
    let id_key = columns.get(&Field::CptsId).cloned().ok_or_else(|| {
        Error::input(path, "properties", format!("no CPTS id property (cpts_id, id…); name it with --cpts-column cpts_id=NAME; properties are: {}", keys.join(", ")))
    })?;
    let text = |f: &SourceFeature, field: Field| -> String {
        columns
            .get(&field)
            .and_then(|k| f.properties.get(k))
            .map(|v| match v {
                serde_json::Value::String(s) => s.trim().to_string(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    };

    // Units' envelopes (WGS84) for candidate search.
    let tree = RTree::bulk_load(
        territory
            .units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| {
                let r = u.geometry.as_ref()?.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                ))
            })
            .collect(),
    );
    let unit_area: Vec<f64> = metric
        .iter()
        .map(|g| g.as_ref().map_or(0.0, |g| g.unsigned_area()))
        .collect();

    let mut listing = Listing {
        source: path.display().to_string(),
        cpts: Vec::new(),
        rows: features.len(),
        unresolved: Vec::new(),
        notices: Vec::new(),
        rows_resolved: 0,
        rows_outside_study_area: 0,
        former_codes: BTreeMap::new(),
        columns_used: columns.iter().map(|(f, k)| (*f, k.clone())).collect(),
        covered_fraction: None,
    };
    let mut fraction = vec![0.0f64; territory.units.len()];
    for feature in &features {
        let number = feature.number;
        let id = text(feature, Field::CptsId);
        if id.is_empty() {
            return Err(Error::input(
                path,
                format!("feature {number}, property `{id_key}`"),
                "empty CPTS id",
            ));
        }
        let stage = match text(feature, Field::Stage) {
            label if label.is_empty() => options.default_stage.ok_or_else(|| {
                Error::input(
                    path,
                    format!("feature {number}, property `stage`"),
                    "no stage (give --default-stage)",
                )
            })?,
            label => Stage::parse_label(&label).ok_or_else(|| {
                Error::input(
                    path,
                    format!(
                        "feature {number}, property `{}`",
                        columns.get(&Field::Stage).map_or("stage", |s| s.as_str())
                    ),
                    format!("unknown stage label `{label}`"),
                )
            })?,
        };
        let date = |field: Field| -> Result<_> {
            let t = text(feature, field);
            parse_date(&t).map_err(|_| {
                Error::input(
                    path,
                    format!("feature {number}, property `{}`", field.as_str()),
                    format!("`{t}` is not a date"),
                )
            })
        };
        let (date_li, date_ps, date_aci) = (
            date(Field::DateLi)?,
            date(Field::DatePs)?,
            date(Field::DateAci)?,
        );
        let name = text(feature, Field::CptsName);
        let Some(geometry) = feature.geometry.as_ref() else {
            listing.unresolved.push(Unresolved {
                file: listing.source.clone(),
                row: number,
                value: id,
                reason: "CPTS feature without geometry".into(),
            });
            continue;
        };
        let Some(bbox) = geometry.bounding_rect() else {
            continue;
        };
        let candidates: Vec<usize> = tree
            .locate_in_envelope_intersecting(&AABB::from_corners(
                [bbox.min().x, bbox.min().y],
                [bbox.max().x, bbox.max().y],
            ))
            .map(|item| item.data)
            .collect();
        let mut projected: BTreeMap<MetricCrs, MultiPolygon<f64>> = BTreeMap::new();
        for &u in &candidates {
            let crs = MetricCrs::for_departement(&territory.units[u].departement);
            projected
                .entry(crs)
                .or_insert_with(|| crs.project(geometry));
        }
        let mut members: Vec<(usize, f64)> = candidates
            .par_iter()
            .filter_map(|&u| {
                let unit = metric[u].as_ref()?;
                let crs = MetricCrs::for_departement(&territory.units[u].departement);
                let share = unit.intersection(&projected[&crs]).unsigned_area()
                    / unit_area[u].max(f64::MIN_POSITIVE);
                (share >= min_overlap).then_some((u, share.min(1.0)))
            })
            .collect();
        members.sort_by_key(|m| m.0);
        if members.is_empty() {
            listing.unresolved.push(Unresolved {
                file: listing.source.clone(),
                row: number,
                value: id.clone(),
                reason: format!(
                    "the polygon covers no unit of the study area at ≥ {:.0} %",
                    min_overlap * 100.0
                ),
            });
        } else {
            listing.rows_resolved += 1;
        }
        let mut cpts = Cpts {
            name: if name.is_empty() { id.clone() } else { name },
            id,
            listed_stage: stage,
            date_li,
            date_ps,
            date_aci,
            stage: None,
            units: members.iter().map(|m| m.0).collect(),
            rows: 1,
        };
        cpts.stage = stage_at(&cpts, options.as_of);
        for (u, share) in members {
            fraction[u] = fraction[u].max(share);
        }
        // A CPTS drawn as several features is one CPTS.
        match listing.cpts.iter_mut().find(|c| c.id == cpts.id) {
            Some(existing) => {
                existing.units.extend(cpts.units);
                existing.units.sort_unstable();
                existing.units.dedup();
                existing.rows += 1;
            }
            None => listing.cpts.push(cpts),
        }
    }
    listing.covered_fraction = Some(fraction);
    Ok(listing)
}
