//! What the options and the plan read, computed once: unit centres, areas and perimeters in the
//! metric CRS, each CPTS as a target (population, stage, départements, centre), flows by origin
//! and MSP by unit.

use crate::adjacency::Adjacency;
use crate::coverage::Coverage;
use crate::inputs::decisions::Decisions;
use crate::inputs::evidence::{Flows, MspTable};
use crate::inputs::listing::Listing;
use crate::inputs::weights::Weights;
use crate::io::crs::MetricCrs;
use crate::model::Stage;
use crate::territory::Territory;
use crate::zones::WhiteZones;
use geo::{Area, Centroid, MultiPolygon};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// The geometry facts of every unit (metric CRS): they depend on the territory only, so a run
/// computes them once and every plan of it (the planning table re-plans after each edit)
/// borrows them.
pub fn unit_facts(metric: &[Option<MultiPolygon<f64>>]) -> Vec<UnitFacts> {
    metric
        .par_iter()
        .map(|g| match g {
            Some(g) => UnitFacts {
                centre: g.centroid().map(|p| [p.x(), p.y()]),
                area_m2: g.unsigned_area(),
                perimeter_m: perimeter(g),
            },
            None => UnitFacts::default(),
        })
        .collect()
}

/// Geometry facts of a unit in its metric CRS.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnitFacts {
    pub centre: Option<[f64; 2]>,
    pub area_m2: f64,
    pub perimeter_m: f64,
}

/// An existing CPTS seen as a target: the CPTS that make a unit covered.
#[derive(Debug, Clone)]
pub struct CptsFacts {
    pub population: u64,
    pub stage: Option<Stage>,
    /// Counts as covering (stage ≥ the zones' `min_stage`): can be extended.
    pub target: bool,
    pub departements: BTreeSet<String>,
    /// Population-weighted centre and its CRS (`None` without geometry).
    pub centre: Option<([f64; 2], MetricCrs)>,
}

/// Everything the options and the plan read, with the facts computed once.
pub struct Context<'a> {
    pub territory: &'a Territory,
    pub listing: &'a Listing,
    pub cover: &'a Coverage,
    pub adjacency: &'a Adjacency,
    pub zones: &'a WhiteZones,
    pub weights: &'a Weights,
    pub flows: Option<&'a Flows>,
    pub msp: Option<&'a MspTable>,
    /// The task force's decisions (S8).
    pub decisions: Option<&'a Decisions>,
    pub units: &'a [UnitFacts],
    pub cpts: Vec<CptsFacts>,
    /// Flows by origin unit: (destination, count).
    pub flows_from: Vec<Vec<(Option<usize>, f64)>>,
    /// MSP count by unit.
    pub msp_in: Vec<usize>,
    /// EPCI (groups) of the units and who holds them (S11).
    pub belonging: crate::plan::belonging::Belonging,
    /// Units touching the outside (see [`Context::touches_outside`]).
    outside: Vec<bool>,
}

fn perimeter(geometry: &MultiPolygon<f64>) -> f64 {
    geometry
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|ring| {
            ring.0
                .windows(2)
                .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
                .sum::<f64>()
        })
        .sum()
}

pub(crate) fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// Population-weighted centre of units (area-weighted when nobody lives there).
pub(crate) fn weighted_centre(units: &[usize], ctx: &Context) -> Option<[f64; 2]> {
    let population: u64 = units
        .iter()
        .map(|&u| ctx.territory.units[u].population)
        .sum();
    let (mut x, mut y, mut w) = (0.0, 0.0, 0.0);
    for &u in units {
        let Some(c) = ctx.units[u].centre else {
            continue;
        };
        let weight = if population > 0 {
            ctx.territory.units[u].population as f64
        } else {
            ctx.units[u].area_m2
        };
        x += c[0] * weight;
        y += c[1] * weight;
        w += weight;
    }
    (w > 0.0).then(|| [x / w, y / w])
}

impl<'a> Context<'a> {
    /// Compute the facts (in parallel where it pays).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        territory: &'a Territory,
        listing: &'a Listing,
        cover: &'a Coverage,
        units: &'a [UnitFacts],
        adjacency: &'a Adjacency,
        zones: &'a WhiteZones,
        weights: &'a Weights,
        flows: Option<&'a Flows>,
        msp: Option<&'a MspTable>,
        decisions: Option<&'a Decisions>,
    ) -> Context<'a> {
        let n = territory.units.len();
        let mut flows_from = vec![Vec::new(); n];
        if let Some(flows) = flows {
            for f in &flows.flows {
                flows_from[f.origin].push((f.destination, f.count));
            }
        }
        let mut msp_in = vec![0; n];
        if let Some(table) = msp {
            for m in &table.msp {
                msp_in[m.unit] += 1;
            }
        }
        let mut ctx = Context {
            territory,
            listing,
            cover,
            adjacency,
            zones,
            weights,
            flows,
            msp,
            decisions,
            units,
            cpts: Vec::new(),
            flows_from,
            msp_in,
            belonging: Default::default(),
            outside: Vec::new(),
        };
        ctx.outside = (0..n)
            .into_par_iter()
            .map(|u| {
                let shared: f64 = adjacency
                    .neighbours(u)
                    .iter()
                    .map(|&(_, k)| adjacency.pairs[k].shared_m)
                    .sum();
                let free = ctx.units[u].perimeter_m - shared;
                free > 500.0 && free > 0.05 * ctx.units[u].perimeter_m
            })
            .collect();
        ctx.cpts = listing
            .cpts
            .par_iter()
            .map(|c| {
                let geo_units: Vec<usize> = c
                    .units
                    .iter()
                    .copied()
                    .filter(|&u| ctx.units[u].centre.is_some())
                    .collect();
                let crs = geo_units
                    .first()
                    .map(|&u| MetricCrs::for_departement(&territory.units[u].departement));
                let same_crs: Vec<usize> = geo_units
                    .into_iter()
                    .filter(|&u| {
                        Some(MetricCrs::for_departement(&territory.units[u].departement)) == crs
                    })
                    .collect();
                CptsFacts {
                    // S7: the whole CPTS, its communes beyond the context included.
                    population: c.population(territory),
                    stage: c.stage,
                    target: c.stage.is_some_and(|s| s >= zones.min_stage),
                    departements: c
                        .units
                        .iter()
                        .map(|&u| territory.units[u].departement.clone())
                        .chain(c.outside_departements.iter().cloned())
                        .collect(),
                    centre: weighted_centre(&same_crs, &ctx).zip(crs),
                }
            })
            .collect();
        ctx.belonging =
            crate::plan::belonging::Belonging::new(territory, |u| ctx.target_cpts_of(u));
        ctx
    }

    /// Whether a unit touches the outside (the sea, the edge of the layer): more than 500 m and
    /// 5 % of its outline are shared with no other unit (less is digitising noise).
    pub(crate) fn touches_outside(&self, unit: usize) -> bool {
        self.outside[unit]
    }

    /// The CPTS project (below the stage asked) a uncovered unit belongs to: the most advanced
    /// that lists it (ties: listing order). S11: its units stay with it.
    pub(crate) fn project_of(&self, unit: usize) -> Option<usize> {
        self.zones.zone_of[unit]?;
        self.cover.units[unit]
            .cpts
            .iter()
            .copied()
            .filter(|&c| self.listing.cpts[c].stage.is_some())
            .max_by(|&a, &b| {
                self.listing.cpts[a]
                    .stage
                    .cmp(&self.listing.cpts[b].stage)
                    .then(b.cmp(&a))
            })
    }

    /// The units of a zone an option can give to an existing CPTS: those of no project (they
    /// stay with it, S11).
    pub(crate) fn free_units(&self, units: &[usize]) -> Vec<usize> {
        units
            .iter()
            .copied()
            .filter(|&u| self.project_of(u).is_none())
            .collect()
    }

    /// The units (sorted) that reach CPTS `c` through one another: an extension takes those.
    pub(crate) fn reaching(&self, c: usize, units: &[usize]) -> Vec<usize> {
        self.reaching_where(units, |v| self.cover.units[v].cpts.contains(&c))
    }

    /// The units (sorted) that reach, through one another, a unit outside them where `goal`
    /// holds.
    pub(crate) fn reaching_where(
        &self,
        units: &[usize],
        goal: impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        let touches = |u: usize| self.adjacency.neighbours(u).iter().any(|&(v, _)| goal(v));
        let mut seen: Vec<bool> = units.iter().map(|&u| touches(u)).collect();
        let mut stack: Vec<usize> = (0..units.len()).filter(|&i| seen[i]).collect();
        while let Some(i) = stack.pop() {
            for &(v, _) in self.adjacency.neighbours(units[i]) {
                if let Ok(j) = units.binary_search(&v)
                    && !seen[j]
                {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        units
            .iter()
            .zip(seen)
            .filter(|(_, s)| *s)
            .map(|(&u, _)| u)
            .collect()
    }

    /// The projects among `units` (sorted), each with its units there, by listing order.
    pub(crate) fn projects_in(&self, units: &[usize]) -> Vec<(usize, Vec<usize>)> {
        let mut found: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for &u in units {
            if let Some(c) = self.project_of(u) {
                found.entry(c).or_default().push(u);
            }
        }
        found.into_iter().collect()
    }

    /// The population from which `units` (sorted) can stand alone as a new CPTS: the create
    /// threshold, or the sparse one below `sparse_density` inhabitants per km² (S11).
    pub(crate) fn create_threshold(&self, units: &[usize]) -> u64 {
        let t = &self.weights.thresholds;
        let km2 = self.area_perimeter(units).0 / 1e6;
        let density = if km2 > 0.0 {
            self.population(units) as f64 / km2
        } else {
            f64::INFINITY
        };
        if density < t.sparse_density {
            t.create_min_population_sparse
        } else {
            t.create_min_population
        }
    }

    /// Population-weighted centre of units (area-weighted when nobody lives there).
    pub(crate) fn centre(&self, units: &[usize]) -> Option<[f64; 2]> {
        weighted_centre(units, self)
    }

    /// CPTS that can be extended (targets) whose centre is in `crs`, nearest to `centre` first
    /// (ties: listing order): the candidates across the sea for a zone with no land neighbour.
    /// Only CPTS within `max_sea_distance_km` of the centre count: an island is not joined to a
    /// CPTS hundreds of kilometres away.
    pub(crate) fn cpts_by_distance(&self, centre: [f64; 2], crs: MetricCrs) -> Vec<(f64, usize)> {
        let max = self.weights.thresholds.max_sea_distance_km * 1000.0;
        let mut by_distance: Vec<(f64, usize)> = self
            .cpts
            .iter()
            .enumerate()
            .filter(|(_, c)| c.target)
            .filter_map(|(i, c)| {
                let (p, cpts_crs) = c.centre?;
                let d = distance(p, centre);
                (cpts_crs == crs && d <= max).then_some((d, i))
            })
            .collect();
        by_distance.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        by_distance
    }

    /// Sum of populations.
    pub(crate) fn population(&self, units: &[usize]) -> u64 {
        units
            .iter()
            .map(|&u| self.territory.units[u].population)
            .sum()
    }

    /// Area and perimeter of a set of units: internal shared borders are not perimeter.
    pub(crate) fn area_perimeter(&self, units: &[usize]) -> (f64, f64) {
        let mut area = 0.0;
        let mut perimeter = 0.0;
        let mut internal = 0.0;
        for &u in units {
            area += self.units[u].area_m2;
            perimeter += self.units[u].perimeter_m;
            for &(v, k) in self.adjacency.neighbours(u) {
                if v > u && units.binary_search(&v).is_ok() {
                    internal += self.adjacency.pairs[k].shared_m;
                }
            }
        }
        (area, (perimeter - 2.0 * internal).max(0.0))
    }

    /// Polsby–Popper compactness of a set of units (sorted).
    pub(crate) fn compactness(&self, units: &[usize]) -> f64 {
        let (area, perimeter) = self.area_perimeter(units);
        if perimeter > 0.0 {
            (4.0 * std::f64::consts::PI * area / (perimeter * perimeter)).min(1.0)
        } else {
            0.0
        }
    }

    /// The CPTS through which a covered unit is covered (targets only), sorted.
    pub(crate) fn target_cpts_of(&self, unit: usize) -> impl Iterator<Item = usize> + '_ {
        self.cover.units[unit]
            .cpts
            .iter()
            .copied()
            .filter(|&c| self.cpts[c].target)
    }

    /// The share of the flows leaving `units` (sorted) that go to units where `to` holds, the
    /// flows from a commune to itself (people who stay) left out; `None` without `--flows` or
    /// when no flow leaves these units (no evidence either way).
    pub(crate) fn flow_share(&self, units: &[usize], to: impl Fn(usize) -> bool) -> Option<f64> {
        self.flows?;
        let (mut total, mut part) = (0.0, 0.0);
        for &u in units {
            // People who stay in their own commune say nothing of where a zone turns to.
            for &(d, count) in self.flows_from[u].iter().filter(|(d, _)| *d != Some(u)) {
                total += count;
                if d.is_some_and(&to) {
                    part += count;
                }
            }
        }
        (total > 0.0).then(|| part / total)
    }

    pub(crate) fn msp_count(&self, units: &[usize]) -> Option<usize> {
        self.msp?;
        Some(units.iter().map(|&u| self.msp_in[u]).sum())
    }
}
