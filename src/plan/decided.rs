//! What is settled before any option: the task force's `assign` decisions (S8), each honoured
//! or reported with its reason (the unit is covered, already decided, would break contiguity or
//! the cap), and the units of CPTS projects below the stage asked (préprojets; with
//! `--min-stage ps|aci`, projects at `li` or above), which stay with their CPTS (S11).

use crate::inputs::decisions::{Assignment, DecisionTarget, Decisions};
use crate::model::Unresolved;
use crate::model::catalogue::{PlanPhrase, RowReason};
use crate::plan::assignment::{Builder, TargetKind};
use std::collections::BTreeMap;

impl Builder<'_, '_> {
    /// A uncovered unit listed by a CPTS project below the stage asked — a préprojet, or a
    /// CPTS at `li` or above with `--min-stage ps|aci` — stays with that project (the most
    /// advanced, ties: listing order): the option is to mature it (kind `mature`), never to
    /// hand the unit to another CPTS (S11: existing projects first; the 2016 instruction warns
    /// against competing projects).
    pub(super) fn keep_projects(&mut self) {
        let ctx = self.ctx;
        for (z, zone) in ctx.zones.iter().enumerate() {
            for &u in &zone.units {
                if self.target_of[u].is_some() {
                    continue;
                }
                let Some(c) = ctx.project_of(u) else { continue };
                let t = self.existing_target(c);
                self.targets[t].mature = true;
                // Already one of its units: placed, without counting its population twice.
                self.assign(u, t, z);
                self.targets[t].population_after -= ctx.territory.units[u].population;
                let cpts = &ctx.listing.cpts[c];
                self.reason_of[u] = Some(
                    PlanPhrase::Matured {
                        cpts: cpts.name.clone(),
                        stage: cpts.stage,
                        asked: ctx.zones.min_stage,
                    }
                    .into(),
                );
            }
        }
    }

    /// Place the decided units, target by target in the order of their first row. A unit joins
    /// its target only when it shares a border with it (its CPTS's units, or units already
    /// given to it); the others are retried until nothing changes, then reported.
    pub(super) fn apply(&mut self, decisions: &Decisions) {
        // The rows of each target, targets in the order of their first row (one pass: a file
        // of 100 000 distinct `new:` names stays linear).
        let mut groups: Vec<(&DecisionTarget, Vec<&Assignment>)> = Vec::new();
        let mut group_of: BTreeMap<&DecisionTarget, usize> = BTreeMap::new();
        for a in &decisions.assignments {
            let g = *group_of.entry(&a.target).or_insert_with(|| {
                groups.push((&a.target, Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push(a);
        }
        for (target, rows) in groups {
            let mut pending: Vec<&Assignment> = Vec::new();
            for a in rows {
                match self.refusal(decisions, a) {
                    Some(reason) => self.report(decisions, a, reason),
                    None => pending.push(a),
                }
            }
            let mut t: Option<usize> = None;
            loop {
                let before = pending.len();
                let mut still = Vec::new();
                for a in pending {
                    let touches = match t {
                        None => self.touches_cpts(a.unit, target),
                        Some(t) => self.touches_target(a.unit, t, target),
                    };
                    if !touches {
                        still.push(a);
                        continue;
                    }
                    let population = self.ctx.territory.units[a.unit].population;
                    let current = t.map_or_else(
                        || match target {
                            DecisionTarget::Cpts(c) => self.cpts_population(*c),
                            DecisionTarget::New(_) => 0,
                        },
                        |t| self.targets[t].population_after,
                    );
                    if current + population > self.cap() {
                        self.report(
                            decisions,
                            a,
                            RowReason::OverCap {
                                population: current + population,
                            },
                        );
                        continue;
                    }
                    let zone = self.ctx.zones.zone_of[a.unit].expect("checked: in a zone");
                    let target_index = *t.get_or_insert_with(|| match target {
                        DecisionTarget::Cpts(c) => self.existing_target(*c),
                        DecisionTarget::New(name) => {
                            let t = self.new_target(zone, None);
                            self.targets[t].name = name.clone();
                            t
                        }
                    });
                    self.assign(a.unit, target_index, zone);
                    self.decided[a.unit] = true;
                    self.reason_of[a.unit] = Some(
                        PlanPhrase::Decided {
                            file: decisions.source.clone(),
                            row: a.row,
                        }
                        .into(),
                    );
                }
                pending = still;
                if pending.is_empty() || pending.len() == before {
                    break;
                }
            }
            for a in pending {
                let reason = match self.joining_chain(a.unit, t, target) {
                    Some(chain) => {
                        let units = &self.ctx.territory.units;
                        let reason = RowReason::NotContiguousJoinedBy {
                            chain: chain
                                .iter()
                                .map(|&u| (units[u].name.clone(), units[u].code.clone()))
                                .collect(),
                            population: self.ctx.population(&chain),
                        };
                        let hint = self.hints.entry(a.row).or_default();
                        hint.extend(chain);
                        hint.sort_unstable();
                        hint.dedup();
                        reason
                    }
                    None => RowReason::NotContiguous,
                };
                self.report(decisions, a, reason);
            }
        }
    }

    /// Why a decision cannot even be tried, if it cannot.
    fn refusal(&self, decisions: &Decisions, a: &Assignment) -> Option<RowReason> {
        if self.ctx.zones.zone_of[a.unit].is_none() {
            let stage = self.ctx.cover.units[a.unit].stage;
            return Some(if stage.is_some_and(|s| s >= self.ctx.zones.min_stage) {
                RowReason::UnitCovered
            } else if self.ctx.zones.unzoned.contains(&a.unit) {
                RowReason::UnitWithoutGeometry
            } else {
                RowReason::ZoneOutsideArea
            });
        }
        if self.target_of[a.unit].is_some() {
            return Some(RowReason::AlreadyAssigned);
        }
        match &a.target {
            DecisionTarget::Cpts(c) if !decisions.allows(a.unit, *c) => {
                Some(RowReason::ForbiddenByAnotherRow)
            }
            DecisionTarget::Cpts(c) if !self.ctx.cpts[*c].target => Some(RowReason::CptsBelowStage),
            _ => None,
        }
    }

    /// Whether a unit touches the territory of a decided target not created yet: the units
    /// of the CPTS, or anything for a new CPTS (its first unit).
    pub(super) fn touches_cpts(&self, unit: usize, target: &DecisionTarget) -> bool {
        match target {
            DecisionTarget::New(_) => true,
            DecisionTarget::Cpts(c) => self
                .ctx
                .adjacency
                .neighbours(unit)
                .iter()
                .any(|&(v, _)| self.ctx.cover.units[v].cpts.contains(c)),
        }
    }

    /// Whether a unit touches a plan target (its units before or added).
    pub(super) fn touches_target(&self, unit: usize, t: usize, target: &DecisionTarget) -> bool {
        let existing = match self.targets[t].kind {
            TargetKind::Existing(_) => self.touches_cpts(unit, target),
            TargetKind::New { .. } => false,
        };
        existing
            || self
                .ctx
                .adjacency
                .neighbours(unit)
                .iter()
                .any(|&(v, _)| self.target_of[v] == Some(t))
    }

    fn report(&mut self, decisions: &Decisions, a: &Assignment, reason: RowReason) {
        self.unresolved.push(Unresolved {
            file: decisions.source.clone(),
            row: a.row,
            value: self.ctx.territory.units[a.unit].code.clone(),
            reason: RowReason::DecisionNotApplied(Box::new(reason)).into(),
        });
    }
}
