//! The monitoring tables: `indicators.csv` (each indicator over scopes, zones, CPTS now and
//! after the plan), `stage_durations.csv` (months from one stage to the next, by scope), and
//! the priority and register columns of `zones.csv`.

use super::tables::{ScopeRow, scope_columns, scope_rows};
use crate::analysis::{CoverageRun, PlanRun, ZonesRun};
use crate::coverage::Scopes;
use crate::inputs::indicators::{Aggregate, Indicators};
use crate::plan::TargetKind;
use crate::time::durations::{Step, quantile, stage_durations};
use polars::prelude::*;

/// One entity an indicator is aggregated over: level, code, name, units.
type Entity = (&'static str, String, String, Vec<usize>);

/// The scopes of the run (S4, S7) with their units.
fn scope_entities(run: &CoverageRun) -> Vec<Entity> {
    let units: Scopes<Vec<usize>> = Scopes::fold(&run.territory, |v: &mut Vec<usize>, u| v.push(u));
    scope_rows(&run.territory, &run.cog, &units, true)
        .into_iter()
        .map(|(kind, code, name, units)| (kind, code, name, units.clone()))
        .collect()
}

/// The zones, the CPTS of the listing that reach the reporting area, and, with a plan, every
/// CPTS once the plan is carried out (new ones included).
fn entities(
    coverage: &CoverageRun,
    zones: Option<&ZonesRun>,
    plan: Option<&PlanRun>,
) -> Vec<Entity> {
    let mut out = scope_entities(coverage);
    if let Some(z) = zones {
        out.extend(
            z.zones
                .iter()
                .map(|x| ("zone", x.key.clone(), x.name.clone(), x.units.clone())),
        );
    }
    let territory = &coverage.territory;
    let reaching: Vec<usize> = (0..coverage.listing.cpts.len())
        .filter(|&c| {
            coverage.listing.cpts[c]
                .units
                .iter()
                .any(|&u| territory.in_area(u))
        })
        .collect();
    for &c in &reaching {
        let cpts = &coverage.listing.cpts[c];
        out.push((
            "cpts",
            cpts.id.clone(),
            cpts.name.clone(),
            cpts.units.clone(),
        ));
    }
    if let Some(plan) = plan {
        let targets = &plan.plan.targets;
        for &c in &reaching {
            let cpts = &coverage.listing.cpts[c];
            let mut units = cpts.units.clone();
            if let Some(t) = targets.iter().find(|t| t.kind == TargetKind::Existing(c)) {
                units.extend(&t.units_added);
                units.sort_unstable();
            }
            out.push(("cpts_after_plan", cpts.id.clone(), cpts.name.clone(), units));
        }
        for t in targets
            .iter()
            .filter(|t| matches!(t.kind, TargetKind::New { .. }))
        {
            out.push((
                "cpts_after_plan",
                t.id.clone(),
                t.name.clone(),
                t.units_added.clone(),
            ));
        }
    }
    out
}

/// `indicators.csv`: one row per entity and indicator — the sum or the population-weighted
/// mean over the units with a value, and the units left out for want of one.
pub(crate) fn indicators_frame(
    coverage: &CoverageRun,
    zones: Option<&ZonesRun>,
    plan: Option<&PlanRun>,
) -> Option<PolarsResult<DataFrame>> {
    let table: &Indicators = coverage.monitoring.indicators.as_ref()?;
    let territory = &coverage.territory;
    let mut rows: Vec<(&Entity, usize, Aggregate)> = Vec::new();
    let entities = entities(coverage, zones, plan);
    for entity in &entities {
        for i in 0..table.indicators.len() {
            let aggregate = table.aggregate(i, entity.3.iter().copied(), territory);
            rows.push((entity, i, aggregate));
        }
    }
    let text = |f: &dyn Fn(&(&Entity, usize, Aggregate)) -> String| {
        rows.iter().map(f).collect::<Vec<String>>()
    };
    Some(df!(
        "level" => rows.iter().map(|r| r.0.0).collect::<Vec<_>>(),
        "code" => text(&|r| r.0.1.clone()),
        "name" => text(&|r| r.0.2.clone()),
        "indicator" => text(&|r| table.indicators[r.1].name.clone()),
        "aggregation" => rows.iter().map(|r| table.indicators[r.1].aggregation.as_str()).collect::<Vec<_>>(),
        "value" => rows.iter().map(|r| r.2.value).collect::<Vec<Option<f64>>>(),
        "units" => rows.iter().map(|r| r.2.units as u32).collect::<Vec<_>>(),
        "units_missing" => rows.iter().map(|r| r.2.units_missing as u32).collect::<Vec<_>>(),
        "population_missing" => rows.iter().map(|r| r.2.population_missing).collect::<Vec<_>>(),
    ))
}

/// `zones.csv` with the priority indicator (`--priority`) and the current register row of each
/// zone (`--register`).
pub(crate) fn zone_columns(mut frame: DataFrame, run: &ZonesRun) -> PolarsResult<DataFrame> {
    if let Some(values) = run.priorities() {
        frame.with_column(Column::new("priority".into(), values))?;
    }
    let (Some(register), Some(matched)) = (&run.coverage.monitoring.register, &run.register) else {
        return Ok(frame);
    };
    let current: Vec<_> = (0..run.zones.len())
        .map(|z| matched.current(register, z))
        .collect();
    let text = |f: fn(&crate::inputs::register::RegisterEntry) -> String| {
        current
            .iter()
            .map(|e| e.map(f))
            .collect::<Vec<Option<String>>>()
    };
    let columns = [
        Column::new(
            "register_status".into(),
            text(|e| e.status.label().to_string()),
        ),
        Column::new(
            "register_date".into(),
            current
                .iter()
                .map(|e| {
                    e.and_then(|e| e.date)
                        .map(|d| d.format("%Y-%m-%d").to_string())
                })
                .collect::<Vec<_>>(),
        ),
        Column::new("register_strategy".into(), text(|e| e.strategy.clone())),
        Column::new(
            "register_coordinator".into(),
            current
                .iter()
                .map(|e| e.and_then(|e| e.coordinator))
                .collect::<Vec<Option<bool>>>(),
        ),
        Column::new("register_comment".into(), text(|e| e.comment.clone())),
        Column::new(
            "register_rows".into(),
            matched
                .of_zone
                .iter()
                .map(|r| r.len() as u32)
                .collect::<Vec<_>>(),
        ),
    ];
    for column in columns {
        frame.with_column(column)?;
    }
    Ok(frame)
}

/// `stage_durations.csv` (S10): per scope and step, how many CPTS took it and the median and
/// quartiles of the months it took — written when the listing has dates.
pub(crate) fn stage_durations_frame(run: &CoverageRun) -> Option<PolarsResult<DataFrame>> {
    run.listing.latest_date()?;
    let durations = stage_durations(&run.territory, &run.listing);
    let scopes = scope_rows(&run.territory, &run.cog, &durations, false);
    let mut rows: Vec<ScopeRow<'_, crate::time::durations::Durations>> = Vec::new();
    let mut steps = Vec::new();
    for row in &scopes {
        for step in Step::ALL {
            rows.push(row.clone());
            steps.push(step);
        }
    }
    let values: Vec<&[f64]> = rows.iter().zip(&steps).map(|(r, s)| r.3.of(*s)).collect();
    let stat = |name: &str, q: f64| {
        let v: Vec<Option<f64>> = values
            .iter()
            .map(|v| quantile(v, q).map(|m| (m * 10.0).round() / 10.0))
            .collect();
        Column::new(name.into(), v)
    };
    let mut columns = scope_columns(&rows);
    columns.push(Column::new(
        "step".into(),
        steps.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
    ));
    columns.push(Column::new(
        "cpts".into(),
        values.iter().map(|v| v.len() as u32).collect::<Vec<_>>(),
    ));
    columns.push(stat("q1_months", 0.25));
    columns.push(stat("median_months", 0.5));
    columns.push(stat("q3_months", 0.75));
    Some(DataFrame::new_infer_height(columns))
}

/// `cpts_members.csv`: each CPTS of the listing that reaches the reporting area with its
/// members (the listing's `members` column) and, with `--professionals`, the professionals of
/// its communes (that indicator's sum) and the share of them who are members — written when the
/// listing gives members.
pub(crate) fn cpts_members_frame(run: &CoverageRun) -> Option<PolarsResult<DataFrame>> {
    let listing = &run.listing;
    if listing.cpts.iter().all(|c| c.members.is_none()) {
        return None;
    }
    let territory = &run.territory;
    let cpts: Vec<&crate::inputs::listing::Cpts> = listing
        .cpts
        .iter()
        .filter(|c| c.units.iter().any(|&u| territory.in_area(u)))
        .collect();
    let monitoring = &run.monitoring;
    let professionals: Vec<Option<Aggregate>> = cpts
        .iter()
        .map(|c| {
            let (table, i) = (monitoring.indicators.as_ref()?, monitoring.professionals?);
            Some(table.aggregate(i, c.units.iter().copied(), territory))
        })
        .collect();
    let share: Vec<Option<f64>> = cpts
        .iter()
        .zip(&professionals)
        .map(|(c, p)| {
            let (members, total) = (c.members?, p.as_ref()?.value?);
            (total > 0.0).then(|| (1000.0 * members as f64 / total).round() / 10.0)
        })
        .collect();
    Some(df!(
        "cpts_id" => cpts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        "name" => cpts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        "stage" => cpts.iter().map(|c| c.stage.map(|s| s.as_str())).collect::<Vec<_>>(),
        "members" => cpts.iter().map(|c| c.members).collect::<Vec<_>>(),
        "professionals" => professionals.iter().map(|p| p.and_then(|p| p.value)).collect::<Vec<_>>(),
        "professionals_units_missing" => professionals.iter().map(|p| p.map(|p| p.units_missing as u32)).collect::<Vec<_>>(),
        "members_share_pct" => share,
    ))
}
