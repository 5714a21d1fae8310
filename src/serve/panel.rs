//! The live panel of the planning table: coverage now, with the decisions and once the plan is
//! carried out, the zones left to decide, every CPTS the decisions touch (population, size
//! class, ACI envelope before and after, the warnings of its refused rows), the funding
//! total and every decision row with its status, reason and hint.

use super::state::Table;
use crate::parts::{DecisionTarget, TargetKind};
use crate::{Lang, PlanRun};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The panel and the decisions, as the page and the API's `/api/state` show them.
pub fn state_json(table: &Table) -> Value {
    let run = &table.run;
    let (can_undo, can_redo) = table.can_undo_redo();
    json!({
        "version": table.version,
        "lang": if table.lang == Lang::Fr { "fr" } else { "en" },
        "study_area": run.zoning.coverage.territory.area.as_ref().map(|a| a.name.clone()),
        "decisions_file": table.decisions_path.display().to_string(),
        "can_undo": can_undo,
        "can_redo": can_redo,
        "coverage": coverage(run),
        "zones": zones(run),
        "funding": {
            "envelope_before_eur": run.funding.total.envelope_before,
            "envelope_after_eur": run.funding.total.envelope_after,
            "delta_eur": run.funding.total.delta(),
            "cpts_funded_after": run.funding.total.cpts_funded_after,
        },
        "cpts": touched(table),
        "decisions": decisions(table),
    })
}

/// Population covered now, with the units decided so far, and once the plan is carried out.
fn coverage(run: &PlanRun) -> Value {
    let territory = &run.zoning.coverage.territory;
    let france = &run.scopes.france;
    let decided: u64 = (0..territory.units.len())
        .filter(|&u| territory.in_area(u) && run.plan.decided[u])
        .map(|u| territory.units[u].population)
        .sum();
    let total = france.stages.total;
    let pct = |n: u64| {
        if total == 0 {
            0.0
        } else {
            (1000.0 * n as f64 / total as f64).round() / 10.0
        }
    };
    json!({
        "population_total": total,
        "covered": france.covered,
        "with_decisions": france.covered + decided,
        "after_plan": france.after_plan,
        "pct_covered": pct(france.covered),
        "pct_with_decisions": pct(france.covered + decided),
        "pct_after_plan": pct(france.after_plan),
    })
}

/// Zones blanches: all, and those no decision touches yet.
fn zones(run: &PlanRun) -> Value {
    let zones = &run.zoning.zones;
    let left: Vec<usize> = (0..zones.len()).filter(|&z| !run.zone_decided(z)).collect();
    json!({
        "total": zones.len(),
        "left": left.len(),
        "population_left": left.iter().map(|&z| zones[z].population).sum::<u64>(),
        "decided_units": run.plan.decided.iter().filter(|&&d| d).count(),
    })
}

/// Every target the decisions name (and the CPTS they lock), with its figures before and
/// after the plan.
fn touched(table: &Table) -> Vec<Value> {
    let run = &table.run;
    let Some(decisions) = &run.decisions else {
        return Vec::new();
    };
    let listing = &run.zoning.coverage.listing;
    let territory = &run.zoning.coverage.territory;
    // Target id → (warnings, locked), in the order the rows name them.
    let mut named: BTreeMap<String, (Vec<String>, bool)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (row, status) in decisions.table.iter().zip(&run.decision_statuses) {
        let id = match &row.target {
            Some(DecisionTarget::Cpts(c)) => listing.cpts[*c].id.clone(),
            Some(DecisionTarget::New(name)) => new_target_id(run, name).unwrap_or_default(),
            None => continue,
        };
        if id.is_empty() {
            continue;
        }
        if !named.contains_key(&id) {
            order.push(id.clone());
        }
        let entry = named.entry(id).or_default();
        if row.units.is_empty() && !row.assign {
            entry.1 = true;
        }
        if !status.applied {
            entry.0.push(status.reason(table.lang, territory));
        }
    }
    order
        .iter()
        .filter_map(|id| {
            let f = run.funding.rows.iter().find(|r| &r.id == id)?;
            let (warnings, locked) = &named[id];
            let decided: u64 = run
                .plan
                .targets
                .iter()
                .filter(|t| &t.id == id)
                .flat_map(|t| &t.units_added)
                .filter(|&&u| run.plan.decided[u])
                .map(|&u| territory.units[u].population)
                .sum();
            Some(json!({
                "id": f.id,
                "name": f.name,
                "kind": f.kind,
                "locked": locked,
                "population_before": f.population_before,
                "population_decided": f.population_before + decided,
                "population_after": f.population_after,
                "size_class_before": f.class_before().map(|c| c.as_str()),
                "size_class_after": f.class_after().as_str(),
                "envelope_before_eur": f.envelope_before,
                "envelope_after_eur": f.envelope_after,
                "warnings": warnings,
            }))
        })
        .collect()
}

/// The id of the new CPTS a `new:NAME` row created.
fn new_target_id(run: &PlanRun, name: &str) -> Option<String> {
    run.plan
        .targets
        .iter()
        .find(|t| matches!(t.kind, TargetKind::New { .. }) && t.name == name)
        .map(|t| t.id.clone())
}

/// Every decision row: what it says, its status, why, and the hint of a refused assignment.
fn decisions(table: &Table) -> Vec<Value> {
    let run = &table.run;
    let territory = &run.zoning.coverage.territory;
    run.decision_statuses
        .iter()
        .map(|s| {
            json!({
                "row": s.row,
                "unit": s.unit,
                "cpts": s.cpts,
                "decision": s.decision(),
                "status": s.status(),
                "target_name": s.target,
                "units": s.units.iter().map(|&u| territory.units[u].code.clone()).collect::<Vec<_>>(),
                "reason": s.reason(table.lang, territory),
                "hint": s.hint.iter().map(|&u| json!({
                    "code": territory.units[u].code,
                    "name": territory.units[u].name,
                    "population": territory.units[u].population,
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}
