//! Coverage options for every zone blanche (S6, S11): extend a neighbouring CPTS ([`extend`]),
//! share the zone along its EPCI among neighbours ([`split`]), create a new one ([`create`]), or
//! extend a mature CPTS temporarily while it mentors a new one ([`mentor`]); each with its
//! evidence, components and a score in [0, 100], scored in parallel.

mod create;
mod epci;
mod extend;
mod mentor;
mod split;

use crate::io::crs::MetricCrs;
use crate::model::Stage;
use crate::model::catalogue::{OptionPhrase, Text};
use crate::plan::context::{Context, weighted_centre};
use crate::zones::WhiteZone;
use rayon::prelude::*;
use std::collections::BTreeMap;

use create::create_option;
use extend::extend_options;
use mentor::mentor_option;
use split::split_option;

/// The population of each existing CPTS (listing index) as the options see it: before the
/// plan, or as the plan has made it so far (S11: growth counted once).
pub(crate) type Populations<'f> = &'f dyn Fn(usize) -> u64;

/// What an option proposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OptionKind {
    /// Extend a neighbouring CPTS to the zone.
    Extend,
    /// Share the zone among neighbouring CPTS, each EPCI part to the CPTS holding its EPCI.
    Split,
    /// Create one or more new CPTS ("clé en main") covering the zone.
    Create,
    /// Extend a mature (ACI-signed) CPTS temporarily while it mentors a new one.
    Mentor,
}

impl OptionKind {
    /// `extend`, `create` or `mentor`.
    pub fn as_str(self) -> &'static str {
        match self {
            OptionKind::Extend => "extend",
            OptionKind::Split => "split",
            OptionKind::Create => "create",
            OptionKind::Mentor => "mentor",
        }
    }
}

/// The components a score is made of, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Component {
    /// Shared border with the zone.
    Border,
    /// Stage of the CPTS.
    Maturity,
    /// How little the zone weighs on the CPTS.
    Absorption,
    /// Share of the zone in the CPTS's départements.
    Departement,
    /// Closeness of the CPTS to the zone.
    Proximity,
    /// Share of the zone's flows toward the CPTS.
    Flows,
    /// Size of the new CPTS.
    Size,
    /// Compactness of the new CPTS.
    Compactness,
    /// Share of the flows that stay inside.
    Autonomy,
    /// MSP in the zone.
    Msp,
    /// No MSP to build on (a mentor helps).
    MspGap,
    /// EPCI (groups) kept whole or joined to the CPTS holding them (S11).
    Epci,
}

impl Component {
    /// Every component, in output order.
    pub const ALL: [Component; 12] = [
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
        Component::Epci,
    ];

    /// The column suffix: `border`, `maturity`…
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
            Component::Epci => "epci",
        }
    }
}

/// One component of a score: its value in [0, 1] and the points it adds to the score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// Which component.
    pub component: Component,
    /// The weight of the component in the option's section (`extend`, `create`, `mentor`).
    pub weight: f64,
    /// Its value in [0, 1].
    pub value: f64,
    /// The points it adds to the score.
    pub points: f64,
}

/// A new CPTS proposed by a `create` or `mentor` option: a contiguous part of a zone.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCpts {
    /// Units, sorted by index.
    pub units: Vec<usize>,
    /// Its population.
    pub population: u64,
    /// Polsby–Popper compactness 4πA/P² (1 for a disc).
    pub compactness: f64,
    /// The CPTS project (below the stage asked, listing index) it grows from: the part is that
    /// project matured, not a new id (S11: existing projects first).
    pub project: Option<usize>,
}

/// A part of a zone a `split` option gives to one neighbouring CPTS.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitPart {
    /// The CPTS (listing index).
    pub cpts: usize,
    /// The zone's units it takes, sorted.
    pub units: Vec<usize>,
    /// Its population before and after.
    pub before: u64,
    /// Its population after.
    pub after: u64,
}

/// An option for a zone, with the evidence S6 lists.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageOption {
    /// What the option proposes.
    pub kind: OptionKind,
    /// The CPTS extended (`extend`) or mentoring (`mentor`), index into the listing.
    pub cpts: Option<usize>,
    /// The new CPTS a `create`/`mentor` option forms (several when the zone is split).
    pub new_cpts: Vec<NewCpts>,
    /// The parts of a `split` option, by CPTS (listing order).
    pub split: Vec<SplitPart>,
    /// Units the option leaves to the plan's leftover rule (parts below the threshold).
    pub leftover: Vec<usize>,
    /// Within the cap; an infeasible option is listed, ranked after the feasible ones.
    pub feasible: bool,
    /// Reached across the sea: the zone has no neighbour by land.
    pub by_sea: bool,
    /// Score in [0, 100].
    pub score: f64,
    /// The components of the score.
    pub components: Vec<Scored>,
    /// Border shared with the zone, metres.
    pub shared_border_m: f64,
    /// Population of the CPTS before (extend, mentor).
    pub population_before: Option<u64>,
    /// Population of the CPTS after (the largest new CPTS for create).
    pub population_after: u64,
    /// Share of the zone in the CPTS's départements.
    pub same_departement_share: Option<f64>,
    /// Distance from the zone's centre to the CPTS's, km.
    pub distance_km: Option<f64>,
    /// Share of the zone's flows going to the CPTS (with a flow table).
    pub flow_share: Option<f64>,
    /// Compactness of the new CPTS (create, mentor).
    pub compactness: Option<f64>,
    /// MSP in the zone (with an MSP table).
    pub msp_count: Option<usize>,
    /// Why, in either language.
    pub rationale: Text,
}

/// Id of a new CPTS: `N-` + the code of its most populous unit (ties: the smallest code), the
/// same whatever the reporting area (S8 amendment). Options, the plan and the report all name
/// new CPTS this way.
pub fn new_cpts_id(units: &[usize], territory: &crate::territory::Territory) -> String {
    let main = units.iter().map(|&u| &territory.units[u]).max_by(|a, b| {
        a.population
            .cmp(&b.population)
            .then_with(|| b.code.cmp(&a.code))
    });
    format!("N-{}", main.map_or("", |u| u.code.as_str()))
}

/// The default name of a new CPTS: "Nouvelle CPTS Sisteron", after its most populous unit.
pub fn new_cpts_name(units: &[usize], territory: &crate::territory::Territory) -> String {
    let main = units.iter().map(|&u| &territory.units[u]).max_by(|a, b| {
        a.population
            .cmp(&b.population)
            .then_with(|| b.code.cmp(&a.code))
    });
    format!("Nouvelle CPTS {}", main.map_or("", |u| u.name.as_str()))
}

impl CoverageOption {
    /// The name of each CPTS the option extends, shares the zone among, or forms (a new one:
    /// its default name, "Nouvelle CPTS" + its pole; a project's: the project's), in order.
    pub fn target_names(
        &self,
        listing: &crate::inputs::listing::Listing,
        territory: &crate::territory::Territory,
    ) -> Vec<String> {
        let cpts = &listing.cpts;
        match self.kind {
            OptionKind::Create => self
                .new_cpts
                .iter()
                .map(|new| match new.project {
                    Some(c) => cpts[c].name.clone(),
                    None => new_cpts_name(&new.units, territory),
                })
                .collect(),
            OptionKind::Split => self
                .split
                .iter()
                .map(|p| cpts[p.cpts].name.clone())
                .collect(),
            _ => self
                .cpts
                .map(|c| cpts[c].name.clone())
                .into_iter()
                .collect(),
        }
    }

    /// The id of each territory a `create`/`mentor` option forms, in order: the project's id
    /// (`id_of` its listing index) for a part grown from a project, else `N-` + the code of
    /// its most populous unit, as the plan names it.
    pub fn formed_ids(
        &self,
        territory: &crate::territory::Territory,
        id_of: impl Fn(usize) -> String,
    ) -> Vec<String> {
        self.new_cpts
            .iter()
            .map(|new| match new.project {
                Some(c) => id_of(c),
                None => new_cpts_id(&new.units, territory),
            })
            .collect()
    }
}

/// Score = 100 × Σ wᵢ·cᵢ / Σ wᵢ over the components that have a value.
pub(super) fn score(parts: &[(Component, f64, Option<f64>)]) -> (f64, Vec<Scored>) {
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

pub(super) fn maturity(stage: Option<Stage>) -> f64 {
    match stage {
        Some(Stage::Aci) => 1.0,
        Some(Stage::Ps) => 0.6,
        Some(Stage::Li) => 0.3,
        _ => 0.0,
    }
}

/// What the options of one zone share: its figures and its neighbouring CPTS.
pub(super) struct ZoneFacts {
    pub(super) population: u64,
    pub(super) perimeter_m: f64,
    pub(super) centre: Option<[f64; 2]>,
    pub(super) crs: MetricCrs,
    /// Shared border with each neighbouring target CPTS, metres.
    pub(super) borders: BTreeMap<usize, f64>,
    /// Population by département.
    pub(super) departements: BTreeMap<String, u64>,
}

/// The facts of a set of units (sorted): a zone, or a part of one.
pub(super) fn facts_of(units: &[usize], crs: MetricCrs, ctx: &Context) -> ZoneFacts {
    let mut borders: BTreeMap<usize, f64> = BTreeMap::new();
    let mut departements: BTreeMap<String, u64> = BTreeMap::new();
    for &u in units {
        let unit = &ctx.territory.units[u];
        *departements.entry(unit.departement.clone()).or_default() += unit.population;
        for &(v, k) in ctx.adjacency.neighbours(u) {
            if units.binary_search(&v).is_ok() {
                continue;
            }
            for c in ctx.target_cpts_of(v) {
                *borders.entry(c).or_default() += ctx.adjacency.pairs[k].shared_m;
            }
        }
    }
    ZoneFacts {
        population: ctx.population(units),
        perimeter_m: ctx.area_perimeter(units).1,
        centre: weighted_centre(units, ctx),
        crs,
        borders,
        departements,
    }
}

/// "the zone already holds CPTS X (lettre d'intention validée): …" when units of the zone are
/// listed by CPTS below the stage asked (`ps` or `aci`), so no option reads as if the zone
/// were empty.
fn existing_projects(zone: &WhiteZone, ctx: &Context) -> Option<OptionPhrase> {
    let mut projects: Vec<usize> = zone
        .units
        .iter()
        .flat_map(|&u| ctx.cover.units[u].cpts.iter().copied())
        .filter(|&c| ctx.listing.cpts[c].stage.is_some())
        .collect();
    projects.sort_unstable();
    projects.dedup();
    if projects.is_empty() {
        return None;
    }
    let named: Vec<(String, Option<Stage>)> = projects
        .iter()
        .take(3)
        .map(|&c| (ctx.listing.cpts[c].name.clone(), ctx.listing.cpts[c].stage))
        .collect();
    // The projects the plan keeps whole (see `keep_projects`): at LI or above, below the stage asked.
    let kept = ctx.zones.min_stage > Stage::Li
        && projects
            .iter()
            .any(|&c| ctx.listing.cpts[c].stage.is_some_and(|s| s >= Stage::Li));
    Some(OptionPhrase::ExistingProjects {
        named,
        more: projects.len() > 3,
        kept,
    })
}

/// Every option of every zone, ranked (feasible first, then by score), scored in parallel
/// against the CPTS as they are before the plan.
pub(crate) fn options_for_zones(ctx: &Context) -> Vec<Vec<CoverageOption>> {
    let before = |c: usize| ctx.cpts[c].population;
    ctx.zones
        .par_iter()
        .map(|zone| zone_options(zone, ctx, &before))
        .collect()
}

/// The ranked options of one zone, the CPTS at the populations `current` gives.
pub(crate) fn zone_options(
    zone: &WhiteZone,
    ctx: &Context,
    current: Populations,
) -> Vec<CoverageOption> {
    let facts = facts_of(&zone.units, zone.crs, ctx);
    let mut options = extend_options(zone, &facts, ctx, current);
    options.extend(split_option(zone, ctx, current));
    if let Some((create, base)) = create_option(zone, ctx) {
        let mentor = if create.new.iter().any(|n| n.project.is_none()) {
            mentor_option(zone, &facts, &create, &base, &options, ctx, current)
        } else {
            None
        };
        options.push(base);
        options.extend(mentor);
    }
    rank(&mut options, ctx);
    if let Some(existing) = existing_projects(zone, ctx) {
        for option in &mut options {
            option.rationale.push(existing.clone());
        }
    }
    options
}

/// The existing CPTS whose population an option's figures read (extended, shared, mentoring).
pub(crate) fn cpts_read(option: &CoverageOption) -> impl Iterator<Item = usize> + '_ {
    option
        .cpts
        .into_iter()
        .chain(option.split.iter().map(|p| p.cpts))
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
        assert_eq!(run.options.len(), run.zoning.zones.len());
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
        let zones = &run.zoning.zones;
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
