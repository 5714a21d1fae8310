//! The plan's leftover rule (S6, S11): units no option placed grow, one at a time, into the
//! neighbouring target with the longest shared border that has room (within the size classes
//! allowed first); what remains becomes new CPTS within one ARS, or, for an island, joins the
//! CPTS of its EPCI or the nearest one across the sea.

use crate::model::catalogue::{Note, PlanPhrase, Text};
use crate::plan::assignment::{Builder, TargetKind};
use crate::plan::pieces::{ars_pieces, pieces};
use std::collections::BTreeMap;

/// A territory a leftover unit could join: a plan target already made, or an existing CPTS
/// (listing index) the plan has not touched yet. Ordered targets first, then CPTS, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Candidate {
    Target(usize),
    Cpts(usize),
}

/// How far the leftover rule goes to place a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Targets within the size classes allowed, new CPTS within one ARS.
    WithinClass,
    /// Existing CPTS beyond the size classes allowed too.
    BeyondClass,
    /// New CPTS across a département or région border too.
    AcrossArs,
}

impl Builder<'_, '_> {
    /// Targets a unit could join now: its neighbours' targets with room (and, unless `grow`,
    /// within the size classes the plan allows), with the border shared; a new CPTS only
    /// within its région and département (S11).
    fn candidates(&self, unit: usize, zone: usize, stage: Stage) -> BTreeMap<Candidate, f64> {
        let grow = stage != Stage::WithinClass;
        let ctx = self.ctx;
        let population = ctx.territory.units[unit].population;
        let mut found: BTreeMap<Candidate, f64> = BTreeMap::new();
        for &(v, k) in ctx.adjacency.neighbours(unit) {
            let shared = ctx.adjacency.pairs[k].shared_m;
            if ctx.zones.zone_of[v] == Some(zone) {
                if let Some(t) = self.target_of[v]
                    && self.targets[t].population_after + population <= self.cap()
                    && (stage == Stage::AcrossArs || self.target_allows(t, unit, v))
                    && (grow || !self.target_grows_too_much(t, population))
                {
                    *found.entry(Candidate::Target(t)).or_default() += shared;
                }
                continue;
            }
            for c in ctx.target_cpts_of(v) {
                let after = self.cpts_population(c) + population;
                if after <= self.cap()
                    && self.allowed(unit, c)
                    && (grow || !self.grows_too_much(c, after))
                {
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

    /// Whether a target may take `unit` (beside its unit `v`): an existing CPTS as decided, a
    /// new CPTS within its région and département (S11).
    fn target_allows(&self, t: usize, unit: usize, v: usize) -> bool {
        match self.targets[t].kind {
            TargetKind::Existing(c) => self.allowed(unit, c),
            TargetKind::New { .. } => self.ctx.belonging.compatible(self.ctx.territory, unit, v),
        }
    }

    /// Whether adding `population` to target `t` takes an existing CPTS beyond its growth.
    fn target_grows_too_much(&self, t: usize, population: u64) -> bool {
        match self.targets[t].kind {
            TargetKind::Existing(c) => {
                self.grows_too_much(c, self.targets[t].population_after + population)
            }
            TargetKind::New { .. } => false,
        }
    }

    /// Leftover rule: grow units into neighbouring targets with room (longest shared border
    /// first), then make new CPTS of what remains, or join the nearest CPTS across the sea.
    pub(super) fn place_leftovers(&mut self, zone: usize, mut left: Vec<usize>) {
        // Within the size classes allowed first; then, for what no one could take, beyond; last,
        // a new CPTS across a département or région border.
        let mut stage = Stage::WithinClass;
        loop {
            let mut progress = false;
            let mut still = Vec::new();
            for &u in &left {
                let best = self
                    .candidates(u, zone, stage)
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
                                across: stage == Stage::AcrossArs
                                    && matches!(self.targets[t].kind, TargetKind::New { .. }),
                            }
                            .into(),
                        );
                        progress = true;
                    }
                    None => still.push(u),
                }
            }
            left = still;
            if left.is_empty() || (!progress && stage == Stage::AcrossArs) {
                break;
            }
            if !progress {
                stage = match stage {
                    Stage::WithinClass => Stage::BeyondClass,
                    _ => Stage::AcrossArs,
                };
            }
        }
        // What remains: connected pieces of the leftover units, each within one ARS.
        for piece in ars_pieces(&left, self.ctx) {
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
            let (split, rest) = super::partition::partition(piece, &[], ctx);
            parts = Vec::new();
            // A part the growth could not keep under the cap falls back to its communes, one
            // new CPTS each (contiguous by themselves); only a commune alone over the cap stays.
            let split = split.into_iter().map(|p| p.units);
            for part in split.chain(pieces(&rest, ctx)) {
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
            } else if after < ctx.create_threshold(&part) {
                Some(Note::BelowCreateThreshold {
                    threshold: ctx.create_threshold(&part),
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

    /// The CPTS holding the island's EPCI, else the nearest CPTS with room in the same CRS
    /// from the piece's population-weighted centre (S11).
    fn nearest_by_sea(&self, piece: &[usize], population: u64) -> Option<usize> {
        let ctx = self.ctx;
        let crs =
            crate::io::crs::MetricCrs::for_departement(&ctx.territory.units[piece[0]].departement);
        let holders = ctx
            .belonging
            .parts(piece)
            .into_iter()
            .filter_map(|(g, _)| g.and_then(|g| ctx.belonging.holder(g)))
            .filter(|&c| ctx.cpts[c].target && self.allowed(piece[0], c));
        let nearest = ctx
            .cpts_by_distance(ctx.centre(piece)?, crs)
            .into_iter()
            .map(|(_, c)| c);
        holders
            .chain(nearest)
            .find(|&c| self.cpts_population(c) + population <= self.cap())
    }
}
