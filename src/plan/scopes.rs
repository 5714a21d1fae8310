//! The plan's figures by scope (France, régions, départements, EPCI): population by stage,
//! covered now (stage ≥ the zones' `min_stage`), covered once the plan is carried out, units left
//! unplaced and zones blanches touching the scope. Computed once per plan run; the one source of
//! `plan_coverage.csv`, the plan summary and the report's tables.

use crate::coverage::{Coverage, Scopes, StageTotals};
use crate::plan::Plan;
use crate::territory::Territory;
use crate::zones::WhiteZones;
use std::collections::BTreeMap;

/// Figures of one scope now and after the plan.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct PlanTotals {
    /// Population by stage now.
    pub stages: StageTotals,
    /// Population covered now: stage ≥ the zones' `min_stage`.
    pub covered: u64,
    /// Population covered once the plan is carried out.
    pub after_plan: u64,
    /// Uncovered units the plan does not place (no geometry).
    pub unplaced: u64,
    /// Zones blanches touching the scope.
    pub zones: usize,
}

/// The plan's figures for every scope of the territory: the stage totals of `stages` (the
/// coverage's scopes), and the uncovered units visited once for what the plan changes.
pub(crate) fn plan_scopes(
    territory: &Territory,
    coverage: &Coverage,
    stages: &Scopes<StageTotals>,
    zones: &WhiteZones,
    plan: &Plan,
) -> Scopes<PlanTotals> {
    let of = |stages: &StageTotals| {
        let covered = stages.at_least(zones.min_stage);
        PlanTotals {
            stages: *stages,
            covered,
            after_plan: covered,
            unplaced: 0,
            zones: 0,
        }
    };
    let all = |map: &BTreeMap<String, StageTotals>| -> BTreeMap<String, PlanTotals> {
        map.iter().map(|(k, v)| (k.clone(), of(v))).collect()
    };
    let mut scopes = Scopes {
        france: of(&stages.france),
        regions: all(&stages.regions),
        departements: all(&stages.departements),
        epcis: all(&stages.epcis),
    };
    for (u, unit) in territory.units.iter().enumerate() {
        // S7: only the reporting area's units are reported.
        if !territory.in_area(u)
            || coverage.units[u]
                .stage
                .is_some_and(|s| s >= zones.min_stage)
        {
            continue;
        }
        let placed = plan.target_of[u].is_some();
        let epci = unit.epci.as_deref().unwrap_or("");
        for totals in [
            Some(&mut scopes.france),
            scopes.regions.get_mut(unit.region.as_str()),
            scopes.departements.get_mut(unit.departement.as_str()),
            scopes.epcis.get_mut(epci),
        ]
        .into_iter()
        .flatten()
        {
            if placed {
                totals.after_plan += unit.population;
            } else {
                totals.unplaced += 1;
            }
        }
    }
    for zone in zones.iter() {
        scopes.france.zones += 1;
        for dep in &zone.departements {
            if let Some(s) = scopes.departements.get_mut(dep.as_str()) {
                s.zones += 1;
            }
        }
        // A zone counts in the région of its first unit.
        let region = territory.units[zone.units[0]].region.as_str();
        if let Some(s) = scopes.regions.get_mut(region) {
            s.zones += 1;
        }
        let mut epcis: Vec<&str> = zone
            .units
            .iter()
            .map(|&u| territory.units[u].epci.as_deref().unwrap_or(""))
            .collect();
        epcis.sort_unstable();
        epcis.dedup();
        for e in epcis {
            if let Some(s) = scopes.epcis.get_mut(e) {
                s.zones += 1;
            }
        }
    }
    scopes
}

#[cfg(test)]
mod tests {
    use crate::model::Stage;
    use crate::testing::demo_plan;

    #[test]
    fn s6_the_plan_covers_every_unit_with_geometry() {
        let run = demo_plan();
        let france = &run.scopes.france;
        assert_eq!(france.stages, run.zoning.coverage.scopes.france);
        assert_eq!(france.covered, france.stages.at_least(Stage::Li));
        assert_eq!(france.after_plan, france.stages.total);
        assert_eq!(france.unplaced, 0);
        assert_eq!(france.zones, run.zoning.zones.len());
    }
}
