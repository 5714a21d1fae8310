//! Coverage options for every zone blanche (S6): extend a neighbouring CPTS, create a new one,
//! or mentor; each with its evidence, components and a score in [0, 100], scored in parallel.

use crate::io::crs::MetricCrs;
use crate::model::format::thousands;
use crate::model::{SizeClass, Stage};
use crate::plan::context::{Context, distance, weighted_centre};
use crate::plan::partition::partition;
use crate::zones::WhiteZone;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// What an option proposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OptionKind {
    /// Extend a neighbouring CPTS to the zone.
    Extend,
    /// Create one or more new CPTS ("clé en main") covering the zone.
    Create,
    /// Extend a mature (ACI-signed) CPTS temporarily while it mentors a new one.
    Mentor,
}

impl OptionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OptionKind::Extend => "extend",
            OptionKind::Create => "create",
            OptionKind::Mentor => "mentor",
        }
    }
}

/// The components a score is made of, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Component {
    Border,
    Maturity,
    Absorption,
    Departement,
    Proximity,
    Flows,
    Size,
    Compactness,
    Autonomy,
    Msp,
    MspGap,
}

impl Component {
    pub const ALL: [Component; 11] = [
        Component::Border,
        Component::Maturity,
        Component::Absorption,
        Component::Departement,
        Component::Proximity,
        Component::Flows,
        Component::Size,
        Component::Compactness,
        Component::Autonomy,
        Component::Msp,
        Component::MspGap,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Component::Border => "border",
            Component::Maturity => "maturity",
            Component::Absorption => "absorption",
            Component::Departement => "departement",
            Component::Proximity => "proximity",
            Component::Flows => "flows",
            Component::Size => "size",
            Component::Compactness => "compactness",
            Component::Autonomy => "autonomy",
            Component::Msp => "msp",
            Component::MspGap => "msp_gap",
        }
    }
}

/// One component of a score: its value in [0, 1] and the points it adds to the score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub component: Component,
    /// The weight of the component in the option's section (`extend`, `create`, `mentor`).
    pub weight: f64,
    pub value: f64,
    pub points: f64,
}

/// A new CPTS proposed by a `create` or `mentor` option: a contiguous part of a zone.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCpts {
    /// Units, sorted by index.
    pub units: Vec<usize>,
    pub population: u64,
    /// Polsby–Popper compactness 4πA/P² (1 for a disc).
    pub compactness: f64,
}

/// An option for a zone, with the evidence S6 lists.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageOption {
    pub kind: OptionKind,
    /// The CPTS extended (`extend`) or mentoring (`mentor`), index into the listing.
    pub cpts: Option<usize>,
    /// The new CPTS a `create`/`mentor` option forms (several when the zone is split).
    pub new_cpts: Vec<NewCpts>,
    /// Units the option leaves to the plan's leftover rule (parts below the threshold).
    pub leftover: Vec<usize>,
    /// Within the cap; an infeasible option is listed, ranked after the feasible ones.
    pub feasible: bool,
    /// Reached across the sea: the zone has no neighbour by land.
    pub by_sea: bool,
    pub score: f64,
    pub components: Vec<Scored>,
    pub shared_border_m: f64,
    pub population_before: Option<u64>,
    pub population_after: u64,
    pub same_departement_share: Option<f64>,
    pub distance_km: Option<f64>,
    pub flow_share: Option<f64>,
    pub compactness: Option<f64>,
    pub msp_count: Option<usize>,
    pub rationale: String,
}

/// Score = 100 × Σ wᵢ·cᵢ / Σ wᵢ over the components that have a value.
fn score(parts: &[(Component, f64, Option<f64>)]) -> (f64, Vec<Scored>) {
    let total: f64 = parts
        .iter()
        .filter(|(_, _, v)| v.is_some())
        .map(|(_, w, _)| w)
        .sum();
    let scored: Vec<Scored> = parts
        .iter()
        .filter_map(|&(component, weight, value)| {
            let value = value?.clamp(0.0, 1.0);
            Some(Scored {
                component,
                weight,
                value,
                points: if total > 0.0 {
                    100.0 * weight * value / total
                } else {
                    0.0
                },
            })
        })
        .collect();
    (scored.iter().map(|s| s.points).sum(), scored)
}

fn maturity(stage: Option<Stage>) -> f64 {
    match stage {
        Some(Stage::Aci) => 1.0,
        Some(Stage::Ps) => 0.6,
        Some(Stage::Li) => 0.3,
        _ => 0.0,
    }
}

/// What the options of one zone share: its figures and its neighbouring CPTS.
struct ZoneFacts {
    population: u64,
    perimeter_m: f64,
    centre: Option<[f64; 2]>,
    crs: MetricCrs,
    /// Shared border with each neighbouring target CPTS, metres.
    borders: BTreeMap<usize, f64>,
    /// Population by département.
    departements: BTreeMap<String, u64>,
}

fn zone_facts(zone: &WhiteZone, ctx: &Context) -> ZoneFacts {
    let mut borders: BTreeMap<usize, f64> = BTreeMap::new();
    let mut departements: BTreeMap<String, u64> = BTreeMap::new();
    for &u in &zone.units {
        let unit = &ctx.territory.units[u];
        *departements.entry(unit.departement.clone()).or_default() += unit.population;
        for &(v, k) in ctx.adjacency.neighbours(u) {
            if zone.units.binary_search(&v).is_ok() {
                continue;
            }
            for c in ctx.target_cpts_of(v) {
                *borders.entry(c).or_default() += ctx.adjacency.pairs[k].shared_m;
            }
        }
    }
    ZoneFacts {
        population: zone.population,
        perimeter_m: ctx.area_perimeter(&zone.units).1,
        centre: weighted_centre(&zone.units, ctx),
        crs: zone.crs,
        borders,
        departements,
    }
}

/// Extension options: every neighbouring CPTS, or the nearest ones across the sea.
fn extend_options(zone: &WhiteZone, facts: &ZoneFacts, ctx: &Context) -> Vec<CoverageOption> {
    let w = &ctx.weights.extend;
    let t = &ctx.weights.thresholds;
    let mut candidates: Vec<(usize, f64, bool)> =
        facts.borders.iter().map(|(&c, &b)| (c, b, false)).collect();
    if candidates.is_empty() {
        // No neighbour by land (an island): the three nearest CPTS in the same CRS.
        if let Some(centre) = facts.centre {
            candidates = ctx
                .cpts_by_distance(centre, facts.crs)
                .into_iter()
                .take(3)
                .map(|(_, c)| (c, 0.0, true))
                .collect();
        }
    }
    candidates
        .into_iter()
        .map(|(c, border, by_sea)| {
            let cpts = &ctx.cpts[c];
            let after = cpts.population + facts.population;
            let border_share = if facts.perimeter_m > 0.0 {
                (border / facts.perimeter_m).min(1.0)
            } else {
                0.0
            };
            let same_dep: u64 = facts
                .departements
                .iter()
                .filter(|(d, _)| cpts.departements.contains(*d))
                .map(|(_, p)| p)
                .sum();
            let same_dep_share = if facts.population > 0 {
                same_dep as f64 / facts.population as f64
            } else {
                let n = facts.departements.len().max(1) as f64;
                facts
                    .departements
                    .keys()
                    .filter(|d| cpts.departements.contains(*d))
                    .count() as f64
                    / n
            };
            let distance_km = match (cpts.centre, facts.centre) {
                (Some((c, crs)), Some(z)) if crs == facts.crs => Some(distance(c, z) / 1000.0),
                _ => None,
            };
            let absorption = if after > 0 {
                cpts.population as f64 / after as f64
            } else {
                1.0
            };
            let units_of_cpts = &ctx.listing.cpts[c].units;
            let flow_share =
                ctx.flow_share(&zone.units, |d| units_of_cpts.binary_search(&d).is_ok());
            let (score, components) = score(&[
                (Component::Border, w.border, Some(border_share)),
                (Component::Maturity, w.maturity, Some(maturity(cpts.stage))),
                (Component::Absorption, w.absorption, Some(absorption)),
                (Component::Departement, w.departement, Some(same_dep_share)),
                (
                    Component::Proximity,
                    w.proximity,
                    distance_km.map(|d| 1.0 / (1.0 + d / t.proximity_half_km)),
                ),
                (Component::Flows, w.flows, flow_share),
            ]);
            let feasible = after <= t.max_population;
            let name = &ctx.listing.cpts[c].name;
            let stage = cpts.stage.map(|s| s.label_fr()).unwrap_or("-");
            let mut rationale = if by_sea {
                format!(
                    "extend {name} ({stage}) across the sea: the zone has no neighbour by land; {} → {} inh. ({})",
                    thousands(cpts.population),
                    thousands(after),
                    SizeClass::of_population(after).as_str()
                )
            } else {
                format!(
                    "extend {name} ({stage}), sharing {:.1} km ({:.0} % of the zone's outline); {} → {} inh. ({})",
                    border / 1000.0,
                    100.0 * border_share,
                    thousands(cpts.population),
                    thousands(after),
                    SizeClass::of_population(after).as_str()
                )
            };
            if let Some(share) = flow_share {
                rationale.push_str(&format!("; {:.0} % of the zone's flows go there", 100.0 * share));
            }
            if !feasible {
                rationale.push_str(&format!(
                    "; over the cap of {} inh.",
                    thousands(t.max_population)
                ));
            }
            CoverageOption {
                kind: OptionKind::Extend,
                cpts: Some(c),
                new_cpts: Vec::new(),
                leftover: Vec::new(),
                feasible,
                by_sea,
                score,
                components,
                shared_border_m: border,
                population_before: Some(cpts.population),
                population_after: after,
                same_departement_share: Some(same_dep_share),
                distance_km,
                flow_share,
                compactness: None,
                msp_count: None,
                rationale,
            }
        })
        .collect()
}

/// The new CPTS of a `create` option: the zone, or its parts when it is larger than the target
/// population of a new CPTS; parts below the threshold are left to the plan's leftover rule.
fn new_cpts_of(zone: &WhiteZone, ctx: &Context) -> (Vec<NewCpts>, Vec<usize>) {
    let t = &ctx.weights.thresholds;
    let k = zone
        .population
        .div_ceil(t.new_cpts_target_population)
        .max(1) as usize;
    let (parts, mut leftover) = partition(&zone.units, k, t.max_population, ctx);
    let mut new = Vec::new();
    for part in parts {
        let population = ctx.population(&part);
        if population >= t.create_min_population && part.len() >= 2 {
            new.push(NewCpts {
                compactness: ctx.compactness(&part),
                population,
                units: part,
            });
        } else {
            leftover.extend(part);
        }
    }
    leftover.sort_unstable();
    (new, leftover)
}

/// What the create and mentor options of a zone share: its new CPTS and their figures.
struct CreateFacts {
    new: Vec<NewCpts>,
    leftover: Vec<usize>,
    largest: u64,
    /// Population-weighted compactness of the new CPTS.
    compactness: f64,
    /// Size component: the smallest new CPTS against twice the create threshold.
    size: f64,
    autonomy: Option<f64>,
    msp_count: Option<usize>,
    feasible: bool,
}

impl CreateFacts {
    /// `None` when the zone cannot stand alone (too small, one unit, or no viable part).
    fn of(zone: &WhiteZone, ctx: &Context) -> Option<CreateFacts> {
        let t = &ctx.weights.thresholds;
        if zone.population < t.create_min_population || zone.units.len() < 2 {
            return None;
        }
        let (new, leftover) = new_cpts_of(zone, ctx);
        if new.is_empty() {
            return None;
        }
        let smallest = new.iter().map(|n| n.population).min().unwrap_or(0);
        let largest = new.iter().map(|n| n.population).max().unwrap_or(0);
        let placed: u64 = new.iter().map(|n| n.population).sum();
        let compactness = new
            .iter()
            .map(|n| n.compactness * n.population as f64)
            .sum::<f64>()
            / placed.max(1) as f64;
        let in_new = |d: usize| new.iter().any(|n| n.units.binary_search(&d).is_ok());
        Some(CreateFacts {
            size: (smallest as f64 / (2.0 * t.create_min_population as f64)).min(1.0),
            autonomy: ctx.flow_share(&zone.units, in_new),
            msp_count: ctx.msp_count(&zone.units),
            feasible: largest <= t.max_population,
            new,
            leftover,
            largest,
            compactness,
        })
    }

    /// "create a new CPTS of 45 000 inh. (taille 2), compactness 0.41; …" (`what` = "create").
    fn describe(&self, what: &str, ctx: &Context) -> String {
        // A count and a range when the zone is split into many new CPTS, never a wall of figures.
        let parts_text = if self.new.len() > 3 {
            let smallest = self.new.iter().map(|n| n.population).min().unwrap_or(0);
            format!("{} – {}", thousands(smallest), thousands(self.largest))
        } else {
            self.new
                .iter()
                .map(|n| thousands(n.population))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let mut text = if self.new.len() == 1 {
            format!(
                "{what} a new CPTS of {} inh. ({}), compactness {:.2}",
                parts_text,
                SizeClass::of_population(self.largest).as_str(),
                self.compactness
            )
        } else {
            format!(
                "{what} {} new CPTS of {} inh., compactness {:.2}",
                self.new.len(),
                parts_text,
                self.compactness
            )
        };
        if !self.leftover.is_empty() {
            text.push_str(&format!(
                "; {} units ({} inh.) go to neighbouring territories",
                self.leftover.len(),
                thousands(ctx.population(&self.leftover))
            ));
        }
        if let Some(m) = self.msp_count {
            text.push_str(&format!("; {m} MSP in the zone"));
        }
        if let Some(a) = self.autonomy {
            text.push_str(&format!("; {:.0} % of its flows stay inside", 100.0 * a));
        }
        text
    }
}

/// Create and mentor options of a zone that can stand alone.
fn create_options(
    zone: &WhiteZone,
    facts: &ZoneFacts,
    extend: &[CoverageOption],
    ctx: &Context,
) -> Vec<CoverageOption> {
    let Some(create) = CreateFacts::of(zone, ctx) else {
        return Vec::new();
    };
    let wc = &ctx.weights.create;
    let (score_create, components) = score(&[
        (Component::Size, wc.size, Some(create.size)),
        (
            Component::Compactness,
            wc.compactness,
            Some(create.compactness),
        ),
        (Component::Autonomy, wc.autonomy, create.autonomy),
        (
            Component::Msp,
            wc.msp,
            create.msp_count.map(|m| (m as f64 / 2.0).min(1.0)),
        ),
    ]);
    let base = CoverageOption {
        kind: OptionKind::Create,
        cpts: None,
        new_cpts: create.new.clone(),
        leftover: create.leftover.clone(),
        feasible: create.feasible,
        by_sea: false,
        score: score_create,
        components,
        shared_border_m: 0.0,
        population_before: None,
        population_after: create.largest,
        same_departement_share: None,
        distance_km: None,
        flow_share: None,
        compactness: Some(create.compactness),
        msp_count: create.msp_count,
        rationale: create.describe("create", ctx),
    };
    let mentor = mentor_option(zone, facts, &create, &base, extend, ctx);
    std::iter::once(base).chain(mentor).collect()
}

/// Mentor: the best-bordering ACI-signed neighbour helps the new CPTS to form — offered when
/// the zone has no MSP to build on, or always as an alternative without an MSP table.
fn mentor_option(
    zone: &WhiteZone,
    facts: &ZoneFacts,
    create: &CreateFacts,
    base: &CoverageOption,
    extend: &[CoverageOption],
    ctx: &Context,
) -> Option<CoverageOption> {
    if create.msp_count.is_some_and(|m| m > 0) {
        return None;
    }
    let (mentor, c) = extend
        .iter()
        .filter(|o| !o.by_sea)
        .filter_map(|o| Some((o, o.cpts?)))
        .filter(|&(_, c)| ctx.cpts[c].stage == Some(Stage::Aci))
        .max_by(|(a, ca), (b, cb)| {
            a.shared_border_m
                .total_cmp(&b.shared_border_m)
                .then(cb.cmp(ca))
        })?;
    let t = &ctx.weights.thresholds;
    let wm = &ctx.weights.mentor;
    let border_share = if facts.perimeter_m > 0.0 {
        (mentor.shared_border_m / facts.perimeter_m).min(1.0)
    } else {
        0.0
    };
    let (score, components) = score(&[
        (Component::Size, wm.size, Some(create.size)),
        (
            Component::Compactness,
            wm.compactness,
            Some(create.compactness),
        ),
        (Component::Autonomy, wm.autonomy, create.autonomy),
        (Component::Border, wm.border, Some(border_share)),
        (
            Component::Proximity,
            wm.proximity,
            mentor
                .distance_km
                .map(|d| 1.0 / (1.0 + d / t.proximity_half_km)),
        ),
        (Component::MspGap, wm.msp_gap, create.msp_count.map(|_| 1.0)),
    ]);
    let temporary = ctx.cpts[c].population + zone.population;
    let feasible = create.feasible && temporary <= t.max_population;
    let mut rationale = format!(
        "{} extends temporarily ({} → {} inh.) while it mentors: {}",
        ctx.listing.cpts[c].name,
        thousands(ctx.cpts[c].population),
        thousands(temporary),
        create
            .describe("", ctx)
            .trim_start()
            .trim_start_matches("a ")
    );
    if !feasible {
        rationale.push_str(&format!(
            "; over the cap of {} inh.",
            thousands(t.max_population)
        ));
    }
    Some(CoverageOption {
        kind: OptionKind::Mentor,
        cpts: Some(c),
        feasible,
        score,
        components,
        shared_border_m: mentor.shared_border_m,
        population_before: Some(ctx.cpts[c].population),
        population_after: create.largest,
        same_departement_share: mentor.same_departement_share,
        distance_km: mentor.distance_km,
        rationale,
        ..base.clone()
    })
}

/// "; the zone already holds CPTS X (lettre d'intention validée): …" when units of the zone are
/// listed by CPTS below the stage asked (`--min-stage ps|aci`), so no option reads as if the
/// zone were empty.
fn existing_projects(zone: &WhiteZone, ctx: &Context) -> Option<String> {
    let mut projects: Vec<usize> = zone
        .units
        .iter()
        .flat_map(|&u| ctx.coverage.units[u].cpts.iter().copied())
        .filter(|&c| ctx.listing.cpts[c].stage.is_some())
        .collect();
    projects.sort_unstable();
    projects.dedup();
    if projects.is_empty() {
        return None;
    }
    let named: Vec<String> = projects
        .iter()
        .take(3)
        .map(|&c| {
            let cpts = &ctx.listing.cpts[c];
            format!(
                "{} ({})",
                cpts.name,
                cpts.stage.map_or("", |s| s.label_fr())
            )
        })
        .collect();
    // The projects the plan keeps whole (see `keep_projects`): at LI or above, below the stage asked.
    let kept = ctx.zones.min_stage > Stage::Li
        && projects
            .iter()
            .any(|&c| ctx.listing.cpts[c].stage.is_some_and(|s| s >= Stage::Li));
    Some(format!(
        "; the zone already holds {}{}{}",
        named.join(", "),
        if projects.len() > 3 { ", …" } else { "" },
        if kept {
            ": the communes of a CPTS at the lettre d'intention stage or above stay with it, to be matured"
        } else {
            ""
        }
    ))
}

/// Every option of every zone, ranked (feasible first, then by score), scored in parallel.
pub(crate) fn options_for_zones(ctx: &Context) -> Vec<Vec<CoverageOption>> {
    ctx.zones
        .zones
        .par_iter()
        .map(|zone| {
            let facts = zone_facts(zone, ctx);
            let mut options = extend_options(zone, &facts, ctx);
            let create = create_options(zone, &facts, &options, ctx);
            options.extend(create);
            rank(&mut options, ctx);
            if let Some(existing) = existing_projects(zone, ctx) {
                for option in &mut options {
                    option.rationale.push_str(&existing);
                }
            }
            options
        })
        .collect()
}

/// Feasible options first, then by score (to 1e-9), kind, and target id: a total order.
fn rank(options: &mut [CoverageOption], ctx: &Context) {
    let id = |o: &CoverageOption| {
        o.cpts
            .map(|c| ctx.listing.cpts[c].id.as_str())
            .unwrap_or("")
    };
    let rounded = |s: f64| (s * 1e9).round() as i64;
    options.sort_by(|a, b| {
        b.feasible
            .cmp(&a.feasible)
            .then(rounded(b.score).cmp(&rounded(a.score)))
            .then(a.kind.cmp(&b.kind))
            .then(id(a).cmp(id(b)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::demo_plan;

    #[test]
    fn s6_points_sum_to_the_score_and_options_are_ranked() {
        let run = demo_plan();
        assert_eq!(run.options.len(), run.zones.zones.zones.len());
        for options in &run.options {
            for o in options {
                let points: f64 = o.components.iter().map(|c| c.points).sum();
                assert!((points - o.score).abs() < 1e-9, "{points} vs {}", o.score);
                assert!((0.0..=100.0).contains(&o.score));
                assert!(o.components.iter().all(|c| (0.0..=1.0).contains(&c.value)));
            }
            for pair in options.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                assert!(a.feasible >= b.feasible, "feasible options come first");
                if a.feasible == b.feasible {
                    assert!(a.score >= b.score - 1e-9, "{} before {}", a.score, b.score);
                }
            }
        }
    }

    #[test]
    fn s6_every_zone_can_be_extended_by_a_bordering_cpts_and_no_single_commune_is_created() {
        let run = demo_plan();
        let zones = &run.zones.zones.zones;
        for (zone, options) in zones.iter().zip(&run.options) {
            for o in options
                .iter()
                .filter(|o| o.kind == OptionKind::Extend && !o.by_sea)
            {
                assert!(
                    o.shared_border_m > 0.0,
                    "{}: extension without a border",
                    zone.id
                );
            }
            if zone.units.len() == 1 {
                assert!(options.iter().all(|o| o.kind == OptionKind::Extend));
            }
        }
        assert!(
            run.options
                .iter()
                .flatten()
                .any(|o| o.kind == OptionKind::Extend)
        );
    }
}
