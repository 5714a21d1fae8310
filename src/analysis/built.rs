//! The plan as built, zone by zone: where the plan (decisions included) puts each zone's units,
//! target by target — what the terminal and the report show beside the recommended option, so
//! that a decision is never contradicted by the text of the option it overrode (S8).

use super::PlanRun;
use crate::model::SizeClass;
use crate::model::catalogue::Lang;
use crate::model::format::thousands;

/// One target of a zone's units in the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneTarget {
    /// The plan target (index into `plan.targets`).
    pub target: usize,
    /// The zone's units it takes, sorted.
    pub units: Vec<usize>,
    /// Their population.
    pub population: u64,
    /// Whether the task force decided all of them.
    pub decided: bool,
}

impl PlanRun {
    /// Where the plan puts the units of zone `z`, most inhabitants first (ties: target order).
    pub fn zone_targets(&self, z: usize) -> Vec<ZoneTarget> {
        let plan = &self.plan;
        let units = &self.zoning.coverage.territory.units;
        let mut out: Vec<ZoneTarget> = Vec::new();
        for &u in &self.zoning.zones[z].units {
            let Some(t) = plan.target_of[u] else { continue };
            let i = match out.iter().position(|x| x.target == t) {
                Some(i) => i,
                None => {
                    out.push(ZoneTarget {
                        target: t,
                        units: Vec::new(),
                        population: 0,
                        decided: true,
                    });
                    out.len() - 1
                }
            };
            out[i].units.push(u);
            out[i].population += units[u].population;
            out[i].decided &= plan.decided[u];
        }
        out.sort_by(|a, b| {
            b.population
                .cmp(&a.population)
                .then(a.target.cmp(&b.target))
        });
        out
    }

    /// Whether the task force decided any unit of zone `z`.
    pub fn zone_decided(&self, z: usize) -> bool {
        self.zoning.zones[z]
            .units
            .iter()
            .any(|&u| self.plan.decided[u])
    }

    /// "CPTS des Baous (PACA006): 5 units, 36 729 → 56 986 inh. (taille 2)" for each target of
    /// zone `z`, `; `-joined.
    pub fn zone_plan_text(&self, z: usize, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        let plan = &self.plan;
        self.zone_targets(z)
            .iter()
            .map(|x| {
                let t = &plan.targets[x.target];
                let n = x.units.len();
                let (units, inh) = match (fr, n) {
                    (true, 1) => ("1 commune".to_string(), "hab."),
                    (true, _) => (format!("{n} communes"), "hab."),
                    (false, 1) => ("1 unit".to_string(), "inh."),
                    (false, _) => (format!("{n} units"), "inh."),
                };
                format!(
                    "{} ({}){} {units}, {} → {} {inh} ({}){}",
                    t.name,
                    t.id,
                    if fr { " :" } else { ":" },
                    thousands(t.population_before),
                    thousands(t.population_after),
                    SizeClass::of_population(t.population_after).as_str(),
                    match (x.decided, fr) {
                        (true, true) => " [décision]",
                        (true, false) => " [decision]",
                        _ => "",
                    }
                )
            })
            .collect::<Vec<_>>()
            .join(if fr { " ; " } else { "; " })
    }
}

/// S11: how much of each unit's EPCI ends in the unit's plan target (its units before the plan
/// and those it receives).
pub struct EpciShares<'r> {
    run: &'r PlanRun,
    /// Population of each (target, EPCI) and of each EPCI.
    in_target: std::collections::HashMap<(usize, &'r str), u64>,
    total: std::collections::HashMap<&'r str, u64>,
}

impl<'r> EpciShares<'r> {
    pub fn of(run: &'r PlanRun) -> EpciShares<'r> {
        let units = &run.zoning.coverage.territory.units;
        let mut total = std::collections::HashMap::new();
        for u in units {
            if let Some(e) = u.epci.as_deref() {
                *total.entry(e).or_default() += u.population;
            }
        }
        let mut in_target = std::collections::HashMap::new();
        for (t, target) in run.plan.targets.iter().enumerate() {
            let mut all: Vec<usize> = target
                .units_before
                .iter()
                .chain(&target.units_added)
                .copied()
                .collect();
            all.sort_unstable();
            all.dedup();
            for u in all {
                if let Some(e) = units[u].epci.as_deref() {
                    *in_target.entry((t, e)).or_default() += units[u].population;
                }
            }
        }
        EpciShares {
            run,
            in_target,
            total,
        }
    }

    /// The share of unit `u`'s EPCI population in its target, percent.
    pub fn share(&self, u: usize) -> Option<f64> {
        let t = self.run.plan.target_of[u]?;
        let e = self.run.zoning.coverage.territory.units[u]
            .epci
            .as_deref()?;
        let total = *self.total.get(e)?;
        let here = self.in_target.get(&(t, e)).copied().unwrap_or(0);
        (total > 0).then(|| crate::model::format::round2(100.0 * here as f64 / total as f64))
    }
}
