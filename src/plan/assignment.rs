//! The 100 % plan (S6): every uncovered unit assigned to exactly one target — an existing CPTS or
//! a proposed new one — keeping every territory contiguous and every CPTS under the cap.
//!
//! Zones are taken in order (most inhabitants first), each following its best option that still
//! fits: a whole-zone extension while the CPTS has room left, or the new CPTS of a `create` /
//! `mentor` option. Units no option placed (parts below the threshold, extensions that no longer
//! fit) are then grown, one at a time, into the neighbouring target — existing or new — with
//! which they share the longest border and that has room; what remains becomes a new CPTS per
//! connected piece (or, for an island, joins the nearest CPTS across the sea).

use crate::model::catalogue::{Note, Text};
use crate::plan::context::Context;
use crate::plan::options::{CoverageOption, new_cpts_id, new_cpts_name};
use rayon::prelude::*;
use std::collections::BTreeMap;

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
    /// For each decisions row refused as not contiguous, the uncovered units (sorted) whose
    /// assignment too would make it possible (S8 amendment).
    pub hints: BTreeMap<usize, Vec<usize>>,
}

/// The working state: populations change as the plan goes.
pub(super) struct Builder<'c, 'a> {
    pub(super) ctx: &'c Context<'a>,
    pub(super) targets: Vec<PlanTarget>,
    pub(super) existing: BTreeMap<usize, usize>,
    pub(super) target_of: Vec<Option<usize>>,
    /// Why each placed unit is where it is (`plan.csv`'s `reason`).
    pub(super) reason_of: Vec<Option<Text>>,
    /// Units placed by a decision of the task force (S8).
    pub(super) decided: Vec<bool>,
    /// Decisions the plan could not honour, with their reason.
    pub(super) unresolved: Vec<crate::model::Unresolved>,
    /// For a refused assignment's row, the uncovered units that would make it possible.
    pub(super) hints: BTreeMap<usize, Vec<usize>>,
    /// The ring searches' marks: the search each unit was last seen by (S11).
    pub(super) marks: std::cell::RefCell<Marks>,
}

/// Marks of the ring searches: `seen[u]` is the number of the search that last reached `u`.
#[derive(Default)]
pub(super) struct Marks {
    pub(super) seen: Vec<u32>,
    pub(super) search: u32,
}

impl<'c, 'a> Builder<'c, 'a> {
    pub(super) fn cap(&self) -> u64 {
        self.ctx.weights.thresholds.max_population
    }

    /// Whether CPTS `c` at `after` inhabitants has grown by more size classes than the plan
    /// allows (`max_class_growth`, S11).
    pub(super) fn grows_too_much(&self, c: usize, after: u64) -> bool {
        let class = |p: u64| crate::model::SizeClass::of_population(p) as u8;
        class(after)
            > class(self.ctx.cpts[c].population) + self.ctx.weights.thresholds.max_class_growth
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

    /// A new CPTS for `zone`. Its id (`N-` + its most populous unit) and default name are
    /// given once its units are known ([`Plan::build`]); until then it is `#N<t>`.
    pub(super) fn new_target(&mut self, zone: usize, mentor: Option<usize>) -> usize {
        let t = self.targets.len();
        self.targets.push(PlanTarget {
            name: String::new(),
            id: placeholder_id(t),
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

    /// The units not placed yet (decided or kept with their project first).
    pub(super) fn unplaced(&self, units: &[usize]) -> Vec<usize> {
        units
            .iter()
            .copied()
            .filter(|&u| self.target_of[u].is_none())
            .collect()
    }

    /// Whether the decisions let `unit` join CPTS `cpts` (S8).
    pub(super) fn allowed(&self, unit: usize, cpts: usize) -> bool {
        self.ctx.decisions.is_none_or(|d| d.allows(unit, cpts))
    }
}

/// The id a new target has while the plan is built.
fn placeholder_id(t: usize) -> String {
    format!("#N{t}")
}

/// Name the new targets now their units are known: id `N-` + the code of the most populous
/// unit, name the task force's (`new:NAME`) or "Nouvelle CPTS" + that unit's name; the
/// reasons that named a placeholder name the id.
fn name_new_targets(targets: &mut [PlanTarget], reasons: &mut [Option<Text>], ctx: &Context) {
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    for t in targets.iter_mut() {
        if !matches!(t.kind, TargetKind::New { .. }) {
            continue;
        }
        let id = new_cpts_id(&t.units_added, ctx.territory);
        if t.name.is_empty() {
            t.name = new_cpts_name(&t.units_added, ctx.territory);
        }
        rename.insert(std::mem::replace(&mut t.id, id.clone()), id);
    }
    if rename.is_empty() {
        return;
    }
    reasons.par_iter_mut().flatten().for_each(|reason| {
        reason.rename_targets(&rename);
    });
}

impl Plan {
    /// Build the plan from the ranked options of every zone (zones in id order).
    /// Options a CPTS grown by earlier zones makes differ are re-scored in place (S11).
    pub(crate) fn build(ctx: &Context, options: &mut [Vec<CoverageOption>]) -> Plan {
        let n = ctx.territory.units.len();
        let mut builder = Builder {
            ctx,
            targets: Vec::new(),
            existing: BTreeMap::new(),
            target_of: vec![None; n],
            reason_of: vec![None; n],
            decided: vec![false; n],
            unresolved: Vec::new(),
            hints: BTreeMap::new(),
            marks: std::cell::RefCell::new(Marks {
                seen: vec![0; n],
                search: 0,
            }),
        };
        if let Some(decisions) = ctx.decisions {
            builder.apply(decisions);
        }
        builder.keep_projects();
        let mut followed = Vec::with_capacity(options.len());
        for (zone, zone_options) in options.iter_mut().enumerate() {
            let (option, left) = builder.follow(zone, zone_options);
            builder.place_leftovers(zone, left);
            followed.push(option);
        }
        let mut targets = builder.targets;
        let mut reason_of = builder.reason_of;
        name_new_targets(&mut targets, &mut reason_of, ctx);
        let max_growth = ctx.weights.thresholds.max_class_growth;
        targets.par_iter_mut().for_each(|t| {
            t.units_added.sort_unstable();
            t.zones.sort_unstable();
            let class = |p: u64| crate::model::SizeClass::of_population(p) as u8;
            if matches!(t.kind, TargetKind::Existing(_))
                && t.note.is_none()
                && class(t.population_after) > class(t.population_before) + max_growth
            {
                t.note = Some(Note::GrowsBeyondClass {
                    before: t.population_before,
                    after: t.population_after,
                });
            }
        });
        Plan {
            targets,
            target_of: builder.target_of,
            followed,
            unplaced: ctx.zones.unzoned.clone(),
            reason_of,
            decided: builder.decided,
            unresolved: builder.unresolved,
            hints: builder.hints,
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
    fn new_cpts_are_named_after_their_most_populous_unit() {
        let run = demo_plan();
        let territory = &run.zoning.coverage.territory;
        let mut new = 0;
        for t in &run.plan.targets {
            if let super::TargetKind::New { .. } = t.kind {
                new += 1;
                let main = t
                    .units_added
                    .iter()
                    .map(|&u| &territory.units[u])
                    .max_by_key(|u| u.population)
                    .expect("a new CPTS has units");
                assert_eq!(t.id, format!("N-{}", main.code));
                assert_eq!(t.name, format!("Nouvelle CPTS {}", main.name));
            }
        }
        assert!(new > 0, "the demo plan forms new CPTS");
    }
}
