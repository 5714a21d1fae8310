//! Reading a run's inputs: the COG reference, the commune layer (or a territory prepared from
//! it) and the CPTS source are read in parallel, then the territory is built and restricted to
//! the context of the reporting area (S7).

use crate::adjacency::Adjacency;
use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::inputs::listing::{listing_departements, read_listing_table};
use crate::io::table::RawTable;
use crate::io::{PolygonLayer, SourceFeature, is_polygon_layer, read_polygon_layer};
use crate::model::Notice;
use crate::model::setting::Setting;
use crate::prepared::{PreparedTerritory, PreparedUse, is_prepared};
use crate::progress::{Progress, timed};
use crate::territory::Territory;
use crate::territory::cog::Cog;
use crate::territory::reporting::ReportingArea;
use geo::{BoundingRect, MultiPolygon};
use std::collections::BTreeSet;

/// Where the CPTS come from: a listing table or a polygon layer.
pub(super) enum ListingSource {
    Table(RawTable),
    Polygons(PolygonLayer),
}

/// Where the units come from: a commune layer, or a territory prepared from one.
enum CommunesSource {
    Layer(PolygonLayer),
    Prepared(Box<(PreparedTerritory, PreparedUse)>),
}

/// What the commune layer or the prepared territory brought besides the units.
#[derive(Default)]
pub(super) struct Layered {
    pub features_read: usize,
    pub crs: Option<String>,
    /// Metric polygons and adjacency, as prepared (the adjacency only while every unit is kept).
    pub metric: Option<Vec<Option<MultiPolygon<f64>>>>,
    pub adjacency: Option<Adjacency>,
    pub prepared: Option<PreparedUse>,
}

impl Layered {
    /// S7 on what was prepared: the metric polygons of the units kept (in the same order); the
    /// adjacency is computed again on them, since it was computed over every unit.
    fn restrict(&mut self, territory: &Territory, context: &BTreeSet<String>) {
        if let Some(metric) = self.metric.take() {
            let kept = territory
                .units
                .iter()
                .zip(metric)
                .filter(|(u, _)| context.contains(&u.departement))
                .map(|(_, m)| m)
                .collect();
            self.metric = Some(kept);
        }
        self.adjacency = None;
    }
}

/// The territory of a run (restricted to its context), what its layer brought, the reference
/// and the CPTS source, still to be resolved.
pub(super) struct ReadInputs {
    pub cog: Cog,
    pub territory: Territory,
    pub layered: Layered,
    pub cpts: ListingSource,
}

/// The reference, the commune layer (features and CRS) and the CPTS source, read in parallel:
/// they do not depend on each other.
fn read_files(
    inputs: &Inputs,
    progress: &dyn Progress,
) -> Result<(Cog, Option<CommunesSource>, ListingSource)> {
    let ((cog, features), table) = rayon::join(
        || {
            rayon::join(
                || {
                    timed(progress, "read COG", || {
                        Cog::load_or_embedded(inputs.cog.as_ref())
                    })
                },
                || read_communes(inputs, progress),
            )
        },
        || {
            timed(progress, "read listing", || {
                if is_polygon_layer(inputs.cpts.path()) {
                    read_polygon_layer(&inputs.cpts, None, None).map(ListingSource::Polygons)
                } else {
                    read_listing_table(&inputs.cpts, &inputs.listing).map(ListingSource::Table)
                }
            })
        },
    );
    Ok((cog?, features?, table?))
}

fn read_communes(inputs: &Inputs, progress: &dyn Progress) -> Result<Option<CommunesSource>> {
    let Some(source) = &inputs.communes else {
        return Ok(None);
    };
    if is_prepared(source.path()) {
        return timed(progress, "read prepared territory", || {
            PreparedTerritory::read(source)
        })
        .map(|p| Some(CommunesSource::Prepared(Box::new(p))));
    }
    timed(progress, "read communes", || {
        read_polygon_layer(
            source,
            inputs.crs.as_deref(),
            inputs.communes_layer.as_deref(),
        )
    })
    .map(|layer| Some(CommunesSource::Layer(layer)))
}

/// Read the inputs and build the territory of the run: its units (S1), restricted to the
/// context of the reporting area (S7), with the population table applied.
pub(super) fn read(inputs: &Inputs, progress: &dyn Progress) -> Result<ReadInputs> {
    let (cog, communes, cpts) = read_files(inputs, progress)?;
    let mut layered = Layered::default();
    let mut territory = timed(progress, "build territory", || {
        match (communes, &inputs.communes) {
            (Some(CommunesSource::Layer(read)), Some(source)) => {
                layered.features_read = read.features.len();
                layered.crs = Some(read.crs.clone());
                Territory::from_layer(source.path(), read, &inputs.fields, &cog)
            }
            (Some(CommunesSource::Prepared(prepared)), Some(source)) => {
                let (prepared, used) = *prepared;
                prepared.check_run(source.path(), inputs, &cog)?;
                layered.features_read = prepared.provenance.features;
                layered.crs = Some(prepared.provenance.crs.clone());
                layered.metric = Some(prepared.metric);
                layered.adjacency = Some(prepared.adjacency);
                layered.prepared = Some(used);
                Ok(prepared.territory)
            }
            _ => Territory::from_cog(&cog),
        }
    })?;
    if let Some(area) = ReportingArea::from_settings(&cog, &inputs.regions, &inputs.departements)? {
        let known = match &cpts {
            ListingSource::Table(table) => listing_departements(table, &inputs.listing, &cog),
            ListingSource::Polygons(layer) => polygon_departements(&territory, &layer.features),
        };
        let (context, left_out) = area.context(|d| known.contains(d));
        layered.restrict(&territory, &context);
        territory.restrict_to(&context, area)?;
        if !left_out.is_empty() {
            territory.notices.push(left_out_notice(&cog, &left_out));
        }
    }
    if let Some(source) = &inputs.population {
        let table = Territory::read_population_table(source)?;
        territory.apply_population_table(&table, &cog)?;
    }
    if let Some(source) = &inputs.groups {
        territory.apply_groups(source, &cog)?;
    }
    if territory.units.is_empty() {
        return Err(Error::Setting("the study area has no unit".into()));
    }
    Ok(ReadInputs {
        cog,
        territory,
        layered,
        cpts,
    })
}

/// S7: the bordering départements left out of the context, named.
fn left_out_notice(cog: &Cog, left_out: &BTreeSet<String>) -> Notice {
    let names: Vec<String> = left_out
        .iter()
        .map(|d| match cog.departement_name(d) {
            Some(n) => format!("{d} {n}"),
            None => d.clone(),
        })
        .collect();
    Notice {
        kind: "context_left_out",
        message: format!(
            "bordering départements left out of the analysis: the listing has no row there, so their coverage is unknown (S7): {}",
            names.join(", ")
        ),
    }
}

/// S7 for CPTS polygons: the départements with a unit whose centre lies in a CPTS polygon
/// (the coverage is known where CPTS are drawn).
fn polygon_departements(territory: &Territory, features: &[SourceFeature]) -> BTreeSet<String> {
    use geo::Contains;
    let polygons: Vec<(&MultiPolygon<f64>, geo::Rect<f64>)> = features
        .iter()
        .filter_map(|f| {
            let g = f.geometry.as_ref()?;
            Some((g, g.bounding_rect()?))
        })
        .collect();
    territory
        .units
        .iter()
        .filter(|u| {
            let Some(centre) = u.geometry.as_ref().and_then(|g| g.bounding_rect()) else {
                return false;
            };
            let c = centre.center();
            polygons.iter().any(|(g, r)| {
                c.x >= r.min().x
                    && c.x <= r.max().x
                    && c.y >= r.min().y
                    && c.y <= r.max().y
                    && g.contains(&geo::Point::from(c))
            })
        })
        .map(|u| u.departement.clone())
        .collect()
}

/// The CPTS polygons route needs a commune layer (S2).
pub(super) fn polygons_need_communes() -> Error {
    Error::Setting(format!(
        "CPTS polygons need a commune layer: give {}",
        Setting::Communes
    ))
}
