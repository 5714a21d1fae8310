//! How the plan follows a zone's options (S6, S11): the first that still fits, that the
//! decisions allow and that grows no CPTS by more than the size classes allowed — re-scored
//! first when a CPTS it reads has grown through earlier zones, so that growth counts once.

use crate::model::catalogue::{OptionRef, Passed, PlanPhrase, Text};
use crate::plan::assignment::Builder;
use crate::plan::options::{CoverageOption, OptionKind, cpts_read, zone_options};

/// The most units a ring the plan refuses to close may enclose: a CPTS ringing more communes
/// than this is not a case the check looks for, and the search stays short.
const RING_MAX_UNITS: usize = 600;

impl Builder<'_, '_> {
    /// Follow the first option of the zone that still fits and that the decisions allow, for
    /// the zone's units not placed yet (decided units are); return its index and leftovers.
    /// The options are re-scored (and re-ranked) when a CPTS they read has grown.
    pub(super) fn follow(
        &mut self,
        zone: usize,
        options: &mut Vec<CoverageOption>,
    ) -> (Option<usize>, Vec<usize>) {
        let ctx = self.ctx;
        let units = self.unplaced(&ctx.zones[zone].units);
        if units.is_empty() {
            return (None, Vec::new());
        }
        let grown = options
            .iter()
            .flat_map(cpts_read)
            .any(|c| self.cpts_population(c) != ctx.cpts[c].population);
        if grown {
            let current = |c: usize| self.cpts_population(c);
            *options = zone_options(&ctx.zones[zone], ctx, &current);
        }
        let mut passed: Option<(OptionRef, Passed)> = None;
        let mut beyond: Option<usize> = None;
        for (i, option) in options.iter().enumerate() {
            match self.why_not(option, &units) {
                Some(why) => {
                    passed.get_or_insert((self.label(i, option), why));
                    if why == Passed::GrowsTooMuch {
                        beyond.get_or_insert(i);
                    }
                }
                None => {
                    let mut reason = Text::from(PlanPhrase::Follows {
                        option: self.label(i, option),
                        passed: passed.clone(),
                    });
                    // A target that cuts an EPCI says so (S11).
                    reason.extend(option.rationale.epci_cut());
                    return (Some(i), self.carry_out(zone, option, &units, reason));
                }
            }
        }
        // No other option: the first that only grows a CPTS too much (the target is noted).
        if let Some(i) = beyond {
            let mut reason = Text::from(PlanPhrase::Follows {
                option: self.label(i, &options[i]),
                passed: None,
            });
            reason.extend(options[i].rationale.epci_cut());
            return (Some(i), self.carry_out(zone, &options[i], &units, reason));
        }
        (None, units)
    }

    fn label(&self, i: usize, option: &CoverageOption) -> OptionRef {
        OptionRef {
            rank: i + 1,
            kind: option.kind.as_str(),
            cpts: option.cpts.map(|c| self.ctx.listing.cpts[c].name.clone()),
        }
    }

    /// Why the plan passes over an option for these units, if it does.
    fn why_not(&self, option: &CoverageOption, units: &[usize]) -> Option<Passed> {
        let ctx = self.ctx;
        // Each CPTS the option extends, with the units it would take.
        let takes: Vec<(usize, u64)> = match option.kind {
            OptionKind::Extend | OptionKind::Mentor => option
                .cpts
                .map(|c| (c, ctx.population(units)))
                .into_iter()
                .collect(),
            OptionKind::Split => option
                .split
                .iter()
                .map(|p| (p.cpts, ctx.population(&self.unplaced(&p.units))))
                .collect(),
            OptionKind::Create => Vec::new(),
        };
        let refused = match option.kind {
            OptionKind::Split => option
                .split
                .iter()
                .any(|p| !p.units.iter().all(|&u| self.allowed(u, p.cpts))),
            _ => option
                .cpts
                .is_some_and(|c| !units.iter().all(|&u| self.allowed(u, c))),
        };
        if !option.feasible {
            Some(Passed::NotFeasible)
        } else if refused {
            Some(Passed::RuledOut)
        } else if takes
            .iter()
            .any(|&(c, p)| self.cpts_population(c) + p > self.cap())
        {
            Some(Passed::NoLongerFits)
        } else if option.kind != OptionKind::Mentor
            && takes.iter().any(|&(c, _)| {
                let part = match option.kind {
                    OptionKind::Split => option
                        .split
                        .iter()
                        .find(|p| p.cpts == c)
                        .map(|p| self.unplaced(&p.units)),
                    _ => Some(units.to_vec()),
                };
                part.is_some_and(|part| self.encloses(c, &part))
            })
        {
            Some(Passed::Encloses)
        } else if option.kind != OptionKind::Mentor
            && takes
                .iter()
                .any(|&(c, p)| self.grows_too_much(c, self.cpts_population(c) + p))
        {
            Some(Passed::GrowsTooMuch)
        } else {
            None
        }
    }

    /// Whether CPTS `c`, given `units` (sorted), would enclose other units it did not enclose
    /// before the plan: some units around the new ones would be cut off from the outside (the sea or
    /// the edge of the layer) by `c`'s territory alone (S11: no ring around a city).
    fn encloses(&self, c: usize, units: &[usize]) -> bool {
        let ctx = self.ctx;
        let target = self.existing.get(&c).copied();
        let before = |v: usize| ctx.cover.units[v].cpts.contains(&c);
        let after = |v: usize| {
            before(v)
                || units.binary_search(&v).is_ok()
                || (target.is_some() && self.target_of[v] == target)
        };
        let mut starts: Vec<usize> = units
            .iter()
            .flat_map(|&u| ctx.adjacency.neighbours(u).iter().map(|&(v, _)| v))
            .filter(|&v| !after(v))
            .collect();
        starts.sort_unstable();
        starts.dedup();
        // Units found joined to the outside: the starts among them need no search of their own
        // (same component, same answer).
        let mut open: Vec<u32> = Vec::new();
        starts.into_iter().any(|v| {
            if open.contains(&self.marks.borrow().seen[v]) {
                return false;
            }
            match self.cut_off(v, &after) {
                Ok(()) => self.cut_off(v, &before).is_err(),
                Err(search) => {
                    open.push(search);
                    false
                }
            }
        })
    }

    /// `Ok` when the units reachable from `start` without crossing `wall` are few (at most
    /// `RING_MAX_UNITS`) and none touches the outside; else the number of the search, which
    /// marks the units it saw (all joined to the outside).
    fn cut_off(&self, start: usize, wall: &dyn Fn(usize) -> bool) -> Result<(), u32> {
        let ctx = self.ctx;
        let mut marks = self.marks.borrow_mut();
        marks.search += 1;
        let search = marks.search;
        marks.seen[start] = search;
        let mut stack = vec![start];
        let mut count = 1;
        while let Some(u) = stack.pop() {
            if count > RING_MAX_UNITS || ctx.touches_outside(u) {
                return Err(search);
            }
            for &(v, _) in ctx.adjacency.neighbours(u) {
                if marks.seen[v] != search && !wall(v) {
                    marks.seen[v] = search;
                    count += 1;
                    stack.push(v);
                }
            }
        }
        Ok(())
    }

    /// The units (sorted) that reach CPTS `c` (plan target `t`) through one another: a zone
    /// whose project units stay with their project may leave some cut off; those go to the
    /// leftover rule, so that every territory stays contiguous.
    fn reached(&self, t: usize, c: usize, units: &[usize]) -> Vec<usize> {
        let ctx = self.ctx;
        ctx.reaching_where(units, |v| {
            ctx.cover.units[v].cpts.contains(&c) || self.target_of[v] == Some(t)
        })
    }

    /// Place the units as the option says; return the units it leaves to the leftover rule.
    fn carry_out(
        &mut self,
        zone: usize,
        option: &CoverageOption,
        units: &[usize],
        reason: Text,
    ) -> Vec<usize> {
        match option.kind {
            OptionKind::Extend => {
                let Some(c) = option.cpts else {
                    return units.to_vec();
                };
                let t = self.existing_target(c);
                self.targets[t].by_sea |= option.by_sea;
                let reached = if option.by_sea {
                    units.to_vec()
                } else {
                    self.reached(t, c, units)
                };
                for &u in &reached {
                    self.assign(u, t, zone);
                    self.reason_of[u] = Some(reason.clone());
                }
                self.unplaced(units)
            }
            OptionKind::Split => {
                for part in &option.split {
                    let t = self.existing_target(part.cpts);
                    let part_cpts = part.cpts;
                    let part = self.unplaced(&part.units);
                    for u in self.reached(t, part_cpts, &part) {
                        self.assign(u, t, zone);
                        self.reason_of[u] = Some(reason.clone());
                    }
                }
                self.unplaced(units)
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
                    let t = match new.project {
                        Some(c) => self.existing_target(c),
                        None => self.new_target(zone, mentor),
                    };
                    for &u in &part {
                        self.assign(u, t, zone);
                        self.reason_of[u] = Some(reason.clone());
                    }
                }
                self.unplaced(&option.leftover)
            }
        }
    }
}
