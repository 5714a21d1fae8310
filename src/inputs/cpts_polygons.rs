//! CPTS given as polygons (S2): a unit belongs to a CPTS when the CPTS polygon covers at least
//! `min_overlap` (default half) of the unit's area, measured in the unit's metric CRS. Hand-drawn
//! borders a little off the communes' still give the commune-level answer.

use crate::error::{Error, Result};
use crate::inputs::listing::{
    Cpts, Field, Listing, ListingOptions, match_fields, parse_date, stage_at,
};
use crate::inputs::stage_label::read_stage_label;
use crate::io::crs::MetricCrs;
use crate::io::{SourceFeature, covering_rect};
use crate::model::Unresolved;
use crate::model::catalogue::RowReason;
use crate::model::setting::Setting;
use crate::territory::Territory;
use geo::{Area, BooleanOps, BoundingRect, MultiPolygon};
use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use std::collections::BTreeMap;
use std::path::Path;

/// Default share of a unit's area a CPTS polygon must cover (`--min-overlap`).
pub const DEFAULT_MIN_OVERLAP: f64 = 0.5;

/// Which property holds each listing field, and the text of a feature's field.
struct PolygonFields {
    columns: BTreeMap<Field, String>,
    id_key: String,
}

impl PolygonFields {
    fn detect(path: &Path, features: &[SourceFeature], options: &ListingOptions) -> Result<Self> {
        let mut keys: Vec<String> = features
            .iter()
            .flat_map(|f| f.properties.keys().cloned())
            .collect();
        keys.sort();
        keys.dedup();
        let columns: BTreeMap<Field, String> =
            match_fields(path, "properties", &keys, &options.columns)?
                .into_iter()
                .map(|(field, k)| (field, keys[k].clone()))
                .collect();
        let id_key = columns.get(&Field::CptsId).cloned().ok_or_else(|| {
            Error::input(path, "properties", format!("no CPTS id property (cpts_id, id…); name it with {} cpts_id=NAME; properties are: {}", Setting::CptsColumn, keys.join(", ")))
        })?;
        Ok(PolygonFields { columns, id_key })
    }

    fn text(&self, feature: &SourceFeature, field: Field) -> String {
        self.columns
            .get(&field)
            .and_then(|k| feature.properties.get(k))
            .map(|v| match v {
                serde_json::Value::String(s) => s.trim().to_string(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    }

    /// The CPTS a feature describes (id, name, stage, dates), without its units yet.
    fn cpts(&self, path: &Path, feature: &SourceFeature, options: &ListingOptions) -> Result<Cpts> {
        let number = feature.number;
        let id = self.text(feature, Field::CptsId);
        if id.is_empty() {
            return Err(Error::input(
                path,
                format!("feature {number}, property `{}`", self.id_key),
                "empty CPTS id",
            ));
        }
        let stage = match self.text(feature, Field::Stage) {
            label if label.is_empty() => options.default_stage.ok_or_else(|| {
                Error::input(
                    path,
                    format!("feature {number}, property `stage`"),
                    format!("no stage (give {})", Setting::DefaultStage),
                )
            })?,
            label => read_stage_label(&label, &options.stage_map)
                .map(|r| r.stage)
                .ok_or_else(|| {
                    Error::input(
                        path,
                        format!(
                            "feature {number}, property `{}`",
                            self.columns
                                .get(&Field::Stage)
                                .map_or("stage", |s| s.as_str())
                        ),
                        format!(
                            "unknown stage label `{label}`: map it with {} 'LABEL=STAGE'",
                            Setting::StageMap
                        ),
                    )
                })?,
        };
        let date = |field: Field| -> Result<_> {
            let t = self.text(feature, field);
            parse_date(&t).map_err(|_| {
                Error::input(
                    path,
                    format!("feature {number}, property `{}`", field.as_str()),
                    format!("`{t}` is not a date"),
                )
            })
        };
        let name = self.text(feature, Field::CptsName);
        Ok(Cpts {
            name: if name.is_empty() { id.clone() } else { name },
            id,
            listed_stage: stage,
            date_li: date(Field::DateLi)?,
            date_ps: date(Field::DatePs)?,
            date_aci: date(Field::DateAci)?,
            members: {
                let text = self.text(feature, Field::Members);
                let text = text.trim();
                match text {
                    "" => None,
                    t => Some(t.trim_end_matches(".0").parse::<u32>().map_err(|_| {
                        Error::input(
                            path,
                            format!("feature {number}, property `{}`", Field::Members.as_str()),
                            format!("`{t}` is not a number of members (a whole number)"),
                        )
                    })?),
                }
            },
            stage: None,
            units: Vec::new(),
            rows: 1,
            outside_population: 0,
            outside_departements: Default::default(),
        })
    }
}

/// Finds the units a polygon covers: an R-tree of the units' WGS84 envelopes for candidates,
/// then the covered share of each candidate measured in its metric CRS.
struct UnitLocator<'a> {
    territory: &'a Territory,
    metric: &'a [Option<MultiPolygon<f64>>],
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    area: Vec<f64>,
}

impl<'a> UnitLocator<'a> {
    fn new(territory: &'a Territory, metric: &'a [Option<MultiPolygon<f64>>]) -> Self {
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
        let area = metric
            .iter()
            .map(|g| g.as_ref().map_or(0.0, |g| g.unsigned_area()))
            .collect();
        UnitLocator {
            territory,
            metric,
            tree,
            area,
        }
    }

    /// Units covered at `min_overlap` or more by `geometry` (WGS84), with the share, by unit.
    fn members(&self, geometry: &MultiPolygon<f64>, min_overlap: f64) -> Vec<(usize, f64)> {
        let Some(bbox) = geometry.bounding_rect() else {
            return Vec::new();
        };
        let candidates: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&AABB::from_corners(
                [bbox.min().x, bbox.min().y],
                [bbox.max().x, bbox.max().y],
            ))
            .map(|item| item.data)
            .collect();
        let crs_of = |u: usize| MetricCrs::for_departement(&self.territory.units[u].departement);
        let mut projected: BTreeMap<MetricCrs, MultiPolygon<f64>> = BTreeMap::new();
        for &u in &candidates {
            let crs = crs_of(u);
            projected
                .entry(crs)
                .or_insert_with(|| crs.project(geometry));
        }
        let mut members: Vec<(usize, f64)> = candidates
            .par_iter()
            .filter_map(|&u| {
                let unit = self.metric[u].as_ref()?;
                let share = unit.intersection(&projected[&crs_of(u)]).unsigned_area()
                    / self.area[u].max(f64::MIN_POSITIVE);
                (share >= min_overlap).then_some((u, share.min(1.0)))
            })
            .collect();
        members.sort_by_key(|m| m.0);
        members
    }
}

/// Build a listing from CPTS polygons (WGS84 features) over a territory with geometry.
pub(crate) fn listing_from_polygons(
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
    let fields = PolygonFields::detect(path, &features, options)?;
    let locator = UnitLocator::new(territory, metric);
    let mut listing = Listing {
        source: path.display().to_string(),
        cpts: Vec::new(),
        rows: features.len(),
        unresolved: Vec::new(),
        notices: Vec::new(),
        rows_resolved: 0,
        rows_outside_study_area: 0,
        departements_outside: Default::default(),
        former_codes: BTreeMap::new(),
        columns_used: fields.columns.clone(),
        covered_fraction: None,
    };
    let mut fraction = vec![0.0f64; territory.units.len()];
    for feature in &features {
        let mut cpts = fields.cpts(path, feature, options)?;
        let Some(geometry) = feature.geometry.as_ref() else {
            listing.unresolved.push(Unresolved {
                file: listing.source.clone(),
                row: feature.number,
                value: cpts.id,
                reason: RowReason::CptsWithoutGeometry.into(),
            });
            continue;
        };
        let members = locator.members(geometry, min_overlap);
        if members.is_empty() {
            listing.unresolved.push(Unresolved {
                file: listing.source.clone(),
                row: feature.number,
                value: cpts.id.clone(),
                reason: RowReason::PolygonCoversNoUnit {
                    min_overlap_pct: min_overlap * 100.0,
                }
                .into(),
            });
        } else {
            listing.rows_resolved += 1;
        }
        cpts.units = members.iter().map(|m| m.0).collect();
        cpts.stage = stage_at(&cpts, options.as_of);
        for (u, share) in members {
            fraction[u] = fraction[u].max(share);
        }
        add_cpts(&mut listing.cpts, cpts);
    }
    if listing.rows_resolved == 0 {
        return Err(no_overlap_at_all(path, &features, territory, min_overlap));
    }
    listing.covered_fraction = Some(fraction);
    Ok(listing)
}

/// The error of a polygon layer that covers no unit: when the boxes of the two layers do not
/// even meet, the CPTS polygons are elsewhere (another CRS, swapped axes).
fn no_overlap_at_all(
    path: &Path,
    features: &[SourceFeature],
    territory: &Territory,
    min_overlap: f64,
) -> Error {
    let cpts = covering_rect(
        features
            .iter()
            .filter_map(|f| f.geometry.as_ref()?.bounding_rect()),
    );
    let units = covering_rect(
        territory
            .units
            .iter()
            .filter_map(|u| u.geometry.as_ref()?.bounding_rect()),
    );
    let show = |r: &geo::Rect<f64>| {
        format!(
            "lon {:.3}…{:.3}, lat {:.3}…{:.3}",
            r.min().x,
            r.max().x,
            r.min().y,
            r.max().y
        )
    };
    let message = match (cpts, units) {
        (Some(c), Some(u))
            if c.max().x < u.min().x
                || u.max().x < c.min().x
                || c.max().y < u.min().y
                || u.max().y < c.min().y =>
        {
            format!(
                "the CPTS polygons ({}) do not overlap the communes ({}) at all: are they in another CRS (check the .prj, {} applies to the communes only), or outside the study area?",
                show(&c),
                show(&u),
                Setting::Crs
            )
        }
        _ => format!(
            "no CPTS polygon covers a unit of the study area at ≥ {:.0} % (see {})",
            min_overlap * 100.0,
            Setting::MinOverlap
        ),
    };
    Error::input(path, "features", message)
}

/// A CPTS drawn as several features is one CPTS: its units are merged.
fn add_cpts(all: &mut Vec<Cpts>, cpts: Cpts) {
    match all.iter_mut().find(|c| c.id == cpts.id) {
        Some(existing) => {
            existing.units.extend(cpts.units);
            existing.units.sort_unstable();
            existing.units.dedup();
            existing.rows += 1;
        }
        None => all.push(cpts),
    }
}
