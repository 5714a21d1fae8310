//! The 100 % plan (S6): every uncovered unit assigned to exactly one target — an existing CPTS or
//! a proposed new one — keeping every territory contiguous and every CPTS under the cap.
//!
//! Zones are taken in order (most inhabitants first), each following its best option that still
//! fits: a whole-zone extension while the CPTS has room left, or the new CPTS of a `create` /
//! `mentor` option. Units no option placed (parts below the threshold, extensions that no longer
//! fit) are then grown, one at a time, into the neighbouring target — existing or new — with
//! which they share the longest border and that has room; what remains becomes a new CPTS per
//! connected piece (or, for an island, joins the nearest CPTS across the sea).

use crate::model::catalogue::{Note, OptionRef, Passed, PlanPhrase, Text};
use crate::plan::context::Context;
use crate::plan::options::{CoverageOption, OptionKind};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Id of the `n`-th (from 1) new CPTS proposed for a zone: `Z0003-N1`. Options, the plan and
/// the report all name new CPTS this way.
pub fn new_cpts_id(zone_id: &str, n: usize) -> String {
    format!("{zone_id}-N{n}")
}

/// Ids of the first `count` new CPTS of a zone, joined by `separator`.
pub fn new_cpts_ids(zone_id: &str, count: usize, separator: &str) -> String {
    (1..=count)
        .map(|n| new_cpts_id(zone_id, n))
        .collect::<Vec<_>>()
        .join(separator)
}

/// What a plan target is.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetKind {
    /// An existing CPTS (index into the listing), extended.
    Existing(usize),
    /// A new CPTS formed for a zone (index into the zones), possibly mentored by a CPTS.
    New {
        /// The zone (index into the zones).
        zone: usize,
        /// The CPTS that mentors it (index into the listing).
        mentor: Option<usize>,
    },
}

/// A territory the plan adds units to.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanTarget {
    /// CPTS id, or `Z0003-N1` for the first new CPTS of zone Z0003.
    pub id: String,
    /// Its name (the CPTS's, or the name a task force gives a new one).
    pub name: String,
    /// What it is.
    pub kind: TargetKind,
    /// Units it had before the plan (empty for a new CPTS), sorted.
    pub units_before: Vec<usize>,
    /// Units the plan gives it, sorted.
    pub units_added: Vec<usize>,
    /// Population before the plan (0 for a new CPTS).
    pub population_before: u64,
    /// Population once the plan is carried out.
    pub population_after: u64,
    /// Zones (indices) it takes units from, sorted.
    pub zones: Vec<usize>,
    /// Joined across the sea (an island zone): the one case where the territory is not
    /// contiguous by land.
    pub by_sea: bool,
    /// A CPTS project below `--min-stage` whose own units stay with it: the option is to
    /// mature it (kind `mature`), never to hand its communes to another CPTS.
    pub mature: bool,
    /// Why the target departs from the rules, when it does: an island with no CPTS within
    /// reach, a new CPTS below the create threshold, a commune alone over the cap.
    pub note: Option<Note>,
}

/// The plan.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Every target the plan changes or creates.
    pub targets: Vec<PlanTarget>,
    /// Target of each unit the plan placed (`None` for units it did not need to place).
    pub target_of: Vec<Option<usize>>,
    /// For each zone, the index into its ranked options of the option the plan followed
    /// (`None`: the leftover rule placed all its units).
    pub followed: Vec<Option<usize>>,
    /// Uncovered units without geometry: they cannot be placed contiguously; reported.
    pub unplaced: Vec<usize>,
    /// Why each placed unit is where it is: the option it follows, why it departs from the
    /// options before it, the leftover rule, or the task force's decision.
    pub reason_of: Vec<Option<Text>>,
    /// Units placed by a decision of the task force (S8).
    pub decided: Vec<bool>,
    /// Decisions the plan could not honour (contiguity, cap, covered unit…), for unresolved.csv.
    pub unresolved: Vec<crate::model::Unresolved>,
}

/// A territory a leftover unit could join: a plan target already made, or an existing CPTS
/// (listing index) the plan has not touched yet. Ordered targets first, then CPTS, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Candidate {
    Target(usize),
    Cpts(usize),
}

/// The working state: populations change as the plan goes.
pub(super) struct Builder<'c, 'a> {
    pub(super) ctx: &'c Context<'a>,
    pub(super) targets: Vec<PlanTarget>,
    existing: BTreeMap<usize, usize>,
    /// How many new CPTS each zone has so far (their ids are numbered in the zone).
    new_in_zone: BTreeMap<usize, usize>,
    pub(super) target_of: Vec<Option<usize>>,
    /// Why each placed unit is where it is (`plan.csv`'s `reason`).
    pub(super) reason_of: Vec<Option<Text>>,
    /// Units placed by a decision of the task force (S8).
    pub(super) decided: Vec<bool>,
    /// Decisions the plan could not honour, with their reason.
    pub(super) unresolved: Vec<crate::model::Unresolved>,
}

impl<'c, 'a> Builder<'c, 'a> {
    pub(super) fn cap(&self) -> u64 {
        self.ctx.weights.thresholds.max_population
    }

    /// Current population of an existing CPTS (its plan target's when it already has one).
    pub(super) fn cpts_population(&self, c: usize) -> u64 {
        match self.existing.get(&c) {
            Some(&t) => self.targets[t].population_after,
            None => self.ctx.cpts[c].population,
        }
    }

    pub(super) fn existing_target(&mut self, c: usize) -> usize {
        if let Some(&t) = self.existing.get(&c) {
            return t;
        }
        let cpts = &self.ctx.listing.cpts[c];
        let t = self.targets.len();
        self.targets.push(PlanTarget {
            id: cpts.id.clone(),
            name: cpts.name.clone(),
            kind: TargetKind::Existing(c),
            units_before: cpts.units.clone(),
            units_added: Vec::new(),
            population_before: self.ctx.cpts[c].population,
            population_after: self.ctx.cpts[c].population,
            zones: Vec::new(),
            by_sea: false,
            mature: false,
            note: None,
        });
        self.existing.insert(c, t);
        t
    }

    pub(super) fn new_target(&mut self, zone: usize, mentor: Option<usize>) -> usize {
        let zone_id = &self.ctx.zones[zone].id;
        let n = self.new_in_zone.entry(zone).or_default();
        *n += 1;
        let t = self.targets.len();
        let id = new_cpts_id(zone_id, *n);
        self.targets.push(PlanTarget {
            name: format!("Nouvelle CPTS {id}"),
            id,
            kind: TargetKind::New { zone, mentor },
            units_before: Vec::new(),
            units_added: Vec::new(),
            population_before: 0,
            population_after: 0,
            zones: vec![zone],
            by_sea: false,
            mature: false,
            note: None,
        });
        t
    }

    pub(super) fn assign(&mut self, unit: usize, target: usize, zone: usize) {
        self.target_of[unit] = Some(target);
        let t = &mut self.targets[target];
        t.units_added.push(unit);
        t.population_after += self.ctx.territory.units[unit].population;
        if !t.zones.contains(&zone) {
            t.zones.push(zone);
        }
    }

    /// Targets a unit could join now: its neighbours' targets with room, with the border shared.
    fn candidates(&self, unit: usize, zone: usize) -> BTreeMap<Candidate, f64> {
        let ctx = self.ctx;
        let population = ctx.territory.units[unit].population;
        let mut found: BTreeMap<Candidate, f64> = BTreeMap::new();
        for &(v, k) in ctx.adjacency.neighbours(unit) {
            let shared = ctx.adjacency.pairs[k].shared_m;
            if ctx.zones.zone_of[v] == Some(zone) {
                if let Some(t) = self.target_of[v]
                    && self.targets[t].population_after + population <= self.cap()
                    && self.target_allows(t, unit)
                {
                    *found.entry(Candidate::Target(t)).or_default() += shared;
                }
                continue;
            }
            for c in ctx.target_cpts_of(v) {
                if self.cpts_population(c) + population <= self.cap() && self.allowed(unit, c) {
                    let key = match self.existing.get(&c) {
                        Some(&t) => Candidate::Target(t),
                        None => Candidate::Cpts(c),
                    };
                    *found.entry(key).or_default() += shared;
                }
            }
        }
        found
    }

    /// Whether a target may take `unit`: a new CPTS always, an existing one as decided.
    fn target_allows(&self, t: usize, unit: usize) -> bool {
        match self.targets[t].kind {
            TargetKind::Existing(c) => self.allowed(unit, c),
            TargetKind::New { .. } => true,
        }
    }

    /// Leftover rule: grow units into neighbouring targets with room (longest shared border
    /// first), then make new CPTS of what remains, or join the nearest CPTS across the sea.
    fn place_leftovers(&mut self, zone: usize, mut left: Vec<usize>) {
        loop {
            let mut progress = false;
            let mut still = Vec::new();
            for &u in &left {
                let best = self
                    .candidates(u, zone)
                    .into_iter()
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
                match best {
                    Some((key, _)) => {
                        let t = match key {
                            Candidate::Target(t) => t,
                            Candidate::Cpts(c) => self.existing_target(c),
                        };
                        self.assign(u, t, zone);
                        self.reason_of[u] = Some(
                            PlanPhrase::LeftoverJoins {
                                target: self.targets[t].id.clone(),
                            }
                            .into(),
                        );
                        progress = true;
                    }
                    None => still.push(u),
                }
            }
            left = still;
            if !progress || left.is_empty() {
                break;
            }
        }
        // What remains: connected pieces of the leftover units.
        for piece in pieces(&left, self.ctx) {
            let island = piece.iter().all(|&u| {
                self.ctx
                    .adjacency
                    .neighbours(u)
                    .iter()
                    .all(|&(v, _)| piece.binary_search(&v).is_ok())
            });
            let population = self.ctx.population(&piece);
            let nearest = if island {
                self.nearest_by_sea(&piece, population)
            } else {
                None
            };
            match nearest {
                Some(c) => {
                    let t = self.existing_target(c);
                    self.targets[t].by_sea = true;
                    for &u in &piece {
                        self.assign(u, t, zone);
                        self.reason_of[u] = Some(
                            PlanPhrase::IslandJoins {
                                target: self.targets[t].id.clone(),
                            }
                            .into(),
                        );
                    }
                }
                None => self.new_targets_for(zone, &piece, island),
            }
        }
    }

    /// New CPTS for a leftover piece: one, or, above the cap, contiguous parts of about the
    /// target population; each says why it departs from the rules (island, below the create
    /// threshold, a commune alone over the cap).
    fn new_targets_for(&mut self, zone: usize, piece: &[usize], island: bool) {
        let ctx = self.ctx;
        let thresholds = &ctx.weights.thresholds;
        let population = ctx.population(piece);
        let mut parts = vec![piece.to_vec()];
        if population > self.cap() {
            let k = population.div_ceil(thresholds.new_cpts_target_population) as usize;
            let (split, rest) = super::partition::partition(piece, k, self.cap(), ctx);
            parts = Vec::new();
            // A part the growth could not keep under the cap falls back to its communes, one
            // new CPTS each (contiguous by themselves); only a commune alone over the cap stays.
            for part in split.into_iter().chain(pieces(&rest, ctx)) {
                if part.len() > 1 && ctx.population(&part) > self.cap() {
                    parts.extend(part.into_iter().map(|u| vec![u]));
                } else {
                    parts.push(part);
                }
            }
        }
        for part in parts {
            let t = self.new_target(zone, None);
            for &u in &part {
                self.assign(u, t, zone);
            }
            let after = self.targets[t].population_after;
            let note = if after > self.cap() {
                let largest = part
                    .iter()
                    .copied()
                    .max_by_key(|&u| ctx.territory.units[u].population)
                    .expect("a part has units");
                let unit = &ctx.territory.units[largest];
                Some(if part.len() == 1 {
                    Note::CommuneOverCap {
                        code: unit.code.clone(),
                        name: unit.name.clone(),
                        population: unit.population,
                    }
                } else {
                    Note::NoSplitUnderCap {
                        units: part.len(),
                        cap: self.cap(),
                    }
                })
            } else if island {
                Some(Note::IslandAlone {
                    km: thresholds.max_sea_distance_km,
                })
            } else if after < thresholds.create_min_population {
                Some(Note::BelowCreateThreshold {
                    threshold: thresholds.create_min_population,
                })
            } else {
                None
            };
            // plan.csv says it too, unit by unit.
            let reason = Text::from(PlanPhrase::LeftoverNew {
                target: self.targets[t].id.clone(),
                note: note.clone(),
            });
            for &u in &part {
                self.reason_of[u] = Some(reason.clone());
            }
            self.targets[t].note = note;
        }
    }

    /// The nearest CPTS with room in the same CRS, from a piece's population-weighted centre.
    fn nearest_by_sea(&self, piece: &[usize], population: u64) -> Option<usize> {
        let ctx = self.ctx;
        let crs =
            crate::io::crs::MetricCrs::for_departement(&ctx.territory.units[piece[0]].departement);
        ctx.cpts_by_distance(ctx.centre(piece)?, crs)
            .into_iter()
            .map(|(_, c)| c)
            .find(|&c| self.cpts_population(c) + population <= self.cap())
    }

    /// Follow the first option of the zone that still fits and that the decisions allow, for
    /// the zone's units not placed yet (decided units are); return its index and leftovers.
    fn follow(&mut self, zone: usize, options: &[CoverageOption]) -> (Option<usize>, Vec<usize>) {
        let units = self.unplaced(&self.ctx.zones[zone].units);
        if units.is_empty() {
            return (None, Vec::new());
        }
        let population = self.ctx.population(&units);
        let mut passed: Option<(OptionRef, Passed)> = None;
        for (i, option) in options.iter().enumerate() {
            let label = OptionRef {
                rank: i + 1,
                kind: option.kind.as_str(),
                cpts: option.cpts.map(|c| self.ctx.listing.cpts[c].name.clone()),
            };
            let refused = option
                .cpts
                .is_some_and(|c| !units.iter().all(|&u| self.allowed(u, c)));
            let why_not = if !option.feasible {
                Some(Passed::NotFeasible)
            } else if refused {
                Some(Passed::RuledOut)
            } else if matches!(option.kind, OptionKind::Extend | OptionKind::Mentor)
                && option
                    .cpts
                    .is_some_and(|c| self.cpts_population(c) + population > self.cap())
            {
                Some(Passed::NoLongerFits)
            } else {
                None
            };
            if let Some(why) = why_not {
                passed.get_or_insert((label, why));
                continue;
            }
            let reason = Text::from(PlanPhrase::Follows {
                option: label,
                passed: passed.clone(),
            });
            match option.kind {
                OptionKind::Extend => {
                    let Some(c) = option.cpts else { continue };
                    let t = self.existing_target(c);
                    self.targets[t].by_sea |= option.by_sea;
                    for &u in &units {
                        self.assign(u, t, zone);
                        self.reason_of[u] = Some(reason.clone());
                    }
                    return (Some(i), Vec::new());
                }
                OptionKind::Create | OptionKind::Mentor => {
                    let mentor = (option.kind == OptionKind::Mentor)
                        .then_some(option.cpts)
                        .flatten();
                    for new in &option.new_cpts {
                        let part = self.unplaced(&new.units);
                        if part.is_empty() {
                            continue;
                        }
                        let t = self.new_target(zone, mentor);
                        for &u in &part {
                            self.assign(u, t, zone);
                            self.reason_of[u] = Some(reason.clone());
                        }
                    }
                    return (Some(i), self.unplaced(&option.leftover));
                }
            }
        }
        (None, units)
    }

    /// The units not placed yet (decided or kept with their project first).
    fn unplaced(&self, units: &[usize]) -> Vec<usize> {
        units
            .iter()
            .copied()
            .filter(|&u| self.target_of[u].is_none())
            .collect()
    }

    /// Whether the decisions let `unit` join CPTS `cpts` (S8).
    fn allowed(&self, unit: usize, cpts: usize) -> bool {
        self.ctx.decisions.is_none_or(|d| d.allows(unit, cpts))
    }
}

/// Connected pieces of a sorted set of units, each sorted, in order of their first unit.
fn pieces(units: &[usize], ctx: &Context) -> Vec<Vec<usize>> {
    let mut seen = vec![false; units.len()];
    let mut out = Vec::new();
    for start in 0..units.len() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![start];
        let mut piece = Vec::new();
        while let Some(i) = stack.pop() {
            piece.push(units[i]);
            for &(v, _) in ctx.adjacency.neighbours(units[i]) {
                if let Ok(j) = units.binary_search(&v)
                    && !seen[j]
                {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        piece.sort_unstable();
        out.push(piece);
    }
    out
}

impl Plan {
    /// Build the plan from the ranked options of every zone (zones in id order).
    pub(crate) fn build(ctx: &Context, options: &[Vec<CoverageOption>]) -> Plan {
        let n = ctx.territory.units.len();
        let mut builder = Builder {
            ctx,
            targets: Vec::new(),
            existing: BTreeMap::new(),
            new_in_zone: BTreeMap::new(),
            target_of: vec![None; n],
            reason_of: vec![None; n],
            decided: vec![false; n],
            unresolved: Vec::new(),
        };
        if let Some(decisions) = ctx.decisions {
            builder.apply(decisions);
        }
        builder.keep_projects();
        let mut followed = Vec::with_capacity(options.len());
        for (zone, zone_options) in options.iter().enumerate() {
            let (option, left) = builder.follow(zone, zone_options);
            builder.place_leftovers(zone, left);
            followed.push(option);
        }
        let mut targets = builder.targets;
        targets.par_iter_mut().for_each(|t| {
            t.units_added.sort_unstable();
            t.zones.sort_unstable();
        });
        Plan {
            targets,
            target_of: builder.target_of,
            followed,
            unplaced: ctx.zones.unzoned.clone(),
            reason_of: builder.reason_of,
            decided: builder.decided,
            unresolved: builder.unresolved,
        }
    }

    /// The kind of placement of a unit: `extend`, `create` or `mentor`.
    pub fn kind_of(&self, target: usize) -> &'static str {
        match &self.targets[target].kind {
            TargetKind::Existing(_) if self.targets[target].mature => "mature",
            TargetKind::Existing(_) => "extend",
            TargetKind::New { mentor: None, .. } => "create",
            TargetKind::New {
                mentor: Some(_), ..
            } => "mentor",
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::demo_plan;

    #[test]
    fn s6_every_uncovered_unit_is_placed_once_under_the_cap() {
        let run = demo_plan();
        let plan = &run.plan;
        let cap = run.weights.thresholds.max_population;
        for zone in &run.zoning.zones {
            for &u in &zone.units {
                let target = plan.target_of[u].expect("placed");
                assert!(plan.targets[target].units_added.contains(&u));
            }
        }
        let added: usize = plan.targets.iter().map(|t| t.units_added.len()).sum();
        let placed = plan.target_of.iter().filter(|t| t.is_some()).count();
        assert_eq!(added, placed, "a unit joins exactly one target");
        for target in &plan.targets {
            assert!(target.population_after <= cap, "{} over the cap", target.id);
            assert!(target.population_after >= target.population_before);
        }
    }

    #[test]
    fn new_cpts_are_named_after_their_zone() {
        assert_eq!(super::new_cpts_id("Z0003", 2), "Z0003-N2");
        assert_eq!(super::new_cpts_ids("Z0003", 2, ";"), "Z0003-N1;Z0003-N2");
    }
}
