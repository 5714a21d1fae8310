//! Outputs of the options and the plan (S6): `options.csv`, `plan.csv`, `plan_coverage.csv`,
//! `plan.geojson` (the plan section of `summary.json` is in `summary.rs`).

use crate::analysis::PlanRun;
use crate::io::crs::MetricCrs;
use crate::io::geojson_write::{Feature, Geometry, feature_collection, to_bytes};
use crate::model::SizeClass;
use crate::model::catalogue::Lang;
use crate::model::catalogue::{PlanPhrase, Text};
use crate::model::format::{join_ids, percent, round2};
use crate::plan::TargetKind;
use crate::plan::options::{Component, CoverageOption, OptionKind};
use crate::plan::scopes::PlanTotals;
use polars::prelude::*;
use rayon::prelude::*;
use serde::Serialize;

/// S7: whether carrying out something that places `units` into CPTS `cpts` crosses the border
/// of the reporting area (the CPTS or a unit lies outside it): the neighbouring task force
/// must agree. Always false without a reporting area.
fn crosses_border(run: &PlanRun, cpts: Option<usize>, units: &[usize]) -> bool {
    let territory = &run.zoning.coverage.territory;
    if territory.area.is_none() {
        return false;
    }
    let listing = &run.zoning.coverage.listing;
    units.iter().any(|&u| !territory.in_area(u))
        || cpts.is_some_and(|c| {
            let c = &listing.cpts[c];
            !c.outside_departements.is_empty() || c.units.iter().any(|&u| !territory.in_area(u))
        })
}

/// The whole population of a CPTS (its communes beyond the context included, S7).
fn cpts_population(run: &PlanRun, c: usize) -> u64 {
    run.zoning.coverage.listing.cpts[c].population(&run.zoning.coverage.territory)
}

/// The CPTS a plan target extends or that mentors it.
fn target_cpts(target: &crate::plan::assignment::PlanTarget) -> Option<usize> {
    match &target.kind {
        TargetKind::Existing(c) => Some(*c),
        TargetKind::New { mentor, .. } => *mentor,
    }
}

/// Ids of the territories an option forms: `N-04209;N-04070`, a project's id for a part grown
/// from it (S11).
fn new_ids(run: &PlanRun, option: &CoverageOption) -> Option<String> {
    let cpts = &run.zoning.coverage.listing.cpts;
    let territory = &run.zoning.coverage.territory;
    (!option.new_cpts.is_empty()).then(|| {
        option
            .formed_ids(territory, |c| cpts[c].id.clone())
            .join(";")
    })
}

/// The id and name of what an option extends, shares the zone among, or forms (S6, S11).
fn option_target(run: &PlanRun, o: &CoverageOption) -> (String, String) {
    let coverage = &run.zoning.coverage;
    let cpts = &coverage.listing.cpts;
    let names = o
        .target_names(&coverage.listing, &coverage.territory)
        .join("; ");
    let ids = match o.kind {
        OptionKind::Create => new_ids(run, o).unwrap_or_default(),
        OptionKind::Split => {
            let ids: Vec<&str> = o.split.iter().map(|p| cpts[p.cpts].id.as_str()).collect();
            ids.join(";")
        }
        _ => o.cpts.map(|c| cpts[c].id.clone()).unwrap_or_default(),
    };
    (ids, names)
}

/// `options.csv`: every option of every zone, zones in order, options by rank.
pub(crate) fn options_frame(run: &PlanRun, lang: Lang) -> PolarsResult<DataFrame> {
    let zones = &run.zoning.zones;
    let cpts = &run.zoning.coverage.listing.cpts;
    let rows: Vec<(usize, usize, &CoverageOption)> = run
        .options
        .iter()
        .enumerate()
        .flat_map(|(z, options)| options.iter().enumerate().map(move |(r, o)| (z, r, o)))
        .collect();
    let target_id = |o: &CoverageOption| option_target(run, o).0;
    let target_name = |o: &CoverageOption| option_target(run, o).1;
    let mut frame = df!(
        "zone_id" => rows.iter().map(|(z, _, _)| zones[*z].id.as_str()).collect::<Vec<_>>(),
        "zone_key" => rows.iter().map(|(z, _, _)| zones[*z].key.as_str()).collect::<Vec<_>>(),
        "rank" => rows.iter().map(|(_, r, _)| *r as u32 + 1).collect::<Vec<_>>(),
        "kind" => rows.iter().map(|(_, _, o)| o.kind.as_str()).collect::<Vec<_>>(),
        "target_id" => rows.iter().map(|(_, _, o)| target_id(o)).collect::<Vec<_>>(),
        "target_name" => rows.iter().map(|(_, _, o)| target_name(o)).collect::<Vec<_>>(),
        "score" => rows.iter().map(|(_, _, o)| round2(o.score)).collect::<Vec<_>>(),
        "zone_population" => rows.iter().map(|(z, _, _)| zones[*z].population).collect::<Vec<_>>(),
        "feasible" => rows.iter().map(|(_, _, o)| o.feasible).collect::<Vec<_>>(),
        "by_sea" => rows.iter().map(|(_, _, o)| o.by_sea).collect::<Vec<_>>(),
        "shared_border_km" => rows.iter().map(|(_, _, o)| round2(o.shared_border_m / 1000.0)).collect::<Vec<_>>(),
        "target_stage" => rows.iter().map(|(_, _, o)| o.cpts.and_then(|c| cpts[c].stage).map(|s| s.as_str())).collect::<Vec<_>>(),
        "population_before" => rows.iter().map(|(_, _, o)| o.population_before).collect::<Vec<_>>(),
        "size_class_before" => rows.iter().map(|(_, _, o)| o.population_before.map(|p| SizeClass::of_population(p).as_str())).collect::<Vec<_>>(),
        "population_after" => rows.iter().map(|(_, _, o)| o.population_after).collect::<Vec<_>>(),
        "size_class_after" => rows.iter().map(|(_, _, o)| SizeClass::of_population(o.population_after).as_str()).collect::<Vec<_>>(),
        "new_cpts" => rows.iter().map(|(_, _, o)| new_ids(run, o)).collect::<Vec<_>>(),
        "same_departement_pct" => rows.iter().map(|(_, _, o)| o.same_departement_share.map(|x| round2(100.0 * x))).collect::<Vec<_>>(),
        "distance_km" => rows.iter().map(|(_, _, o)| o.distance_km.map(round2)).collect::<Vec<_>>(),
        "flow_pct" => rows.iter().map(|(_, _, o)| o.flow_share.map(|x| round2(100.0 * x))).collect::<Vec<_>>(),
        "compactness" => rows.iter().map(|(_, _, o)| o.compactness.map(round2)).collect::<Vec<_>>(),
        "msp_count" => rows.iter().map(|(_, _, o)| o.msp_count.map(|m| m as u32)).collect::<Vec<_>>(),
    )?;
    for component in Component::ALL {
        let points: Vec<Option<f64>> = rows
            .iter()
            .map(|(_, _, o)| {
                o.components
                    .iter()
                    .find(|s| s.component == component)
                    .map(|s| round2(s.points))
            })
            .collect();
        frame.with_column(Column::new(
            format!("pts_{}", component.as_str()).into(),
            points,
        ))?;
    }
    // How much to trust the first option: its margin over the second, and the single weight
    // changes that would flip them (rank-1 rows of zones with two options or more).
    let second = |z: usize| run.options[z].get(1);
    let margin: Vec<Option<f64>> = rows
        .iter()
        .map(|(z, r, o)| {
            (*r == 0)
                .then(|| second(*z).map(|b| round2(o.score - b.score)))
                .flatten()
        })
        .collect();
    let flips_if: Vec<Option<String>> = rows
        .iter()
        .map(|(z, r, o)| {
            (*r == 0)
                .then(|| second(*z).map(|b| crate::plan::sensitivity::flips(o, b).join("; ")))
                .flatten()
        })
        .collect();
    // A mentor extends temporarily: its population while it mentors (the cap holds on it).
    let during: Vec<Option<u64>> = rows
        .iter()
        .map(|(z, _, o)| {
            (o.kind == OptionKind::Mentor)
                .then(|| o.population_before.map(|p| p + zones[*z].population))
                .flatten()
        })
        .collect();
    frame.with_column(Column::new("mentor_population_during".into(), during))?;
    frame.with_column(Column::new("margin".into(), margin))?;
    frame.with_column(Column::new("flips_if".into(), flips_if))?;
    if run.zoning.coverage.territory.area.is_some() {
        let cross: Vec<bool> = rows
            .iter()
            .map(|(z, _, o)| crosses_border(run, o.cpts, &zones[*z].units))
            .collect();
        frame.with_column(Column::new("cross_border".into(), cross))?;
    }
    frame.with_column(Column::new(
        "rationale".into(),
        rows.iter()
            .map(|(_, _, o)| o.rationale.say(lang))
            .collect::<Vec<_>>(),
    ))?;
    Ok(frame)
}

/// A row of `plan.csv` before its columns: code, zone id, target id, kind, zone key.
type PlanRow<'a> = (
    String,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    Option<&'a str>,
);

/// `plan.csv`: every uncovered unit and its target; units without geometry are listed as
/// `unplaced_no_geometry` with no target.
pub(crate) fn plan_frame(run: &PlanRun, lang: Lang) -> PolarsResult<DataFrame> {
    let units = &run.zoning.coverage.territory.units;
    let plan = &run.plan;
    let mut rows: Vec<PlanRow> = Vec::new();
    for zone in &run.zoning.zones {
        for &u in &zone.units {
            let target = plan.target_of[u];
            rows.push((
                units[u].code.clone(),
                Some(zone.id.as_str()),
                target.map(|t| plan.targets[t].id.as_str()),
                target.map(|t| plan.kind_of(t)).unwrap_or("unplaced"),
                Some(zone.key.as_str()),
            ));
        }
    }
    for &u in &plan.unplaced {
        rows.push((
            units[u].code.clone(),
            None,
            None,
            "unplaced_no_geometry",
            None,
        ));
    }
    // S8: whether the task force decided the unit, and why it is where it is.
    let order: Vec<usize> = run
        .zoning
        .zones
        .iter()
        .flat_map(|zone| zone.units.iter().copied())
        .chain(plan.unplaced.iter().copied())
        .collect();
    let decided: Vec<bool> = order.iter().map(|&u| plan.decided[u]).collect();
    let reasons: Vec<String> = order
        .iter()
        .map(|&u| match &plan.reason_of[u] {
            Some(reason) => reason.say(lang),
            None if plan.target_of[u].is_none() => Text::from(PlanPhrase::NoGeometry).say(lang),
            None => String::new(),
        })
        .collect();
    let target = |u: usize| plan.target_of[u].map(|t| &plan.targets[t]);
    let epci = crate::analysis::EpciShares::of(run);
    let mut frame = df!(
        "code" => rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        "zone_id" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "zone_key" => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
        "target_id" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        "target_name" => order.iter().map(|&u| target(u).map(|t| t.name.as_str())).collect::<Vec<_>>(),
        "kind" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        "decided" => decided,
        "target_population_after" => order.iter().map(|&u| target(u).map(|t| t.population_after)).collect::<Vec<_>>(),
        "target_size_class_after" => order.iter().map(|&u| target(u).map(|t| SizeClass::of_population(t.population_after).as_str())).collect::<Vec<_>>(),
        "epci" => order.iter().map(|&u| units[u].epci.as_deref()).collect::<Vec<_>>(),
        "epci_in_target_pct" => order.iter().map(|&u| epci.share(u)).collect::<Vec<_>>(),
        "reason" => reasons,
    )?;
    if run.zoning.coverage.territory.area.is_some() {
        let territory = &run.zoning.coverage.territory;
        let cross: Vec<bool> = run
            .zoning
            .zones
            .iter()
            .flat_map(|zone| zone.units.iter())
            .map(|&u| {
                plan.target_of[u].is_some_and(|t| {
                    let target = &plan.targets[t];
                    crosses_border(run, target_cpts(target), &target.units_added)
                }) || !territory.in_area(u)
            })
            .chain(plan.unplaced.iter().map(|_| false))
            .collect();
        frame.with_column(Column::new("cross_border".into(), cross))?;
    }
    Ok(frame)
}

/// `plan_coverage.csv`: France, régions, départements — population covered now (stage ≥ the
/// zones' `min_stage`) and once the plan is carried out.
pub(crate) fn plan_coverage_frame(run: &PlanRun) -> PolarsResult<DataFrame> {
    let rows = plan_coverage_rows(run);
    let population = |t: &PlanTotals| t.stages.total;
    df!(
        "scope_type" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "scope_code" => rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        "scope_name" => rows.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
        "population_total" => rows.iter().map(|r| population(r.3)).collect::<Vec<_>>(),
        "pop_covered" => rows.iter().map(|r| r.3.covered).collect::<Vec<_>>(),
        "pct_covered" => rows.iter().map(|r| round2(percent(r.3.covered, population(r.3)))).collect::<Vec<_>>(),
        "pop_after_plan" => rows.iter().map(|r| r.3.after_plan).collect::<Vec<_>>(),
        "pct_after_plan" => rows.iter().map(|r| round2(percent(r.3.after_plan, population(r.3)))).collect::<Vec<_>>(),
        "units" => rows.iter().map(|r| r.3.stages.units).collect::<Vec<_>>(),
        "units_unplaced" => rows.iter().map(|r| r.3.unplaced).collect::<Vec<_>>(),
    )
}

type CoverageRow<'a> = (&'static str, String, String, &'a PlanTotals);

fn plan_coverage_rows(run: &PlanRun) -> Vec<CoverageRow<'_>> {
    let scopes = &run.scopes;
    let cog = &run.zoning.coverage.cog;
    let (kind, code, name) = crate::coverage::first_scope(&run.zoning.coverage.territory, cog);
    let mut rows = vec![(kind, code, name, &scopes.france)];
    rows.extend(scopes.regions.iter().map(|(code, t)| {
        let name = cog.region_name(code).unwrap_or(code).to_string();
        ("region", code.clone(), name, t)
    }));
    rows.extend(scopes.departements.iter().map(|(code, t)| {
        let name = cog.departement_name(code).unwrap_or(code).to_string();
        ("departement", code.clone(), name, t)
    }));
    rows
}

/// Properties of a territory in `plan.geojson`.
#[derive(Serialize)]
struct PlanProperties<'a> {
    target_id: &'a str,
    name: &'a str,
    kind: &'static str,
    stage: Option<&'static str>,
    mentor_id: Option<&'a str>,
    population_before: u64,
    size_class_before: Option<&'static str>,
    population_after: u64,
    size_class_after: &'static str,
    units_before: usize,
    units_added: usize,
    over_cap: bool,
    by_sea: bool,
    /// S7, with a reporting area only.
    #[serde(skip_serializing_if = "Option::is_none")]
    cross_border: Option<bool>,
    /// Why the target departs from the rules (island, below threshold, over the cap).
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    /// A mentored new CPTS: the mentor's temporary extension, and its population meanwhile.
    #[serde(skip_serializing_if = "Option::is_none")]
    temporary_extension_of: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mentor_population_during: Option<u64>,
    zones: String,
    zone_keys: String,
    codes_added: String,
}

/// `plan.geojson`: every territory the plan changes or creates, dissolved, in WGS84.
pub(crate) fn plan_geojson(run: &PlanRun) -> Vec<u8> {
    let territory = &run.zoning.coverage.territory;
    let metric = &run.zoning.metric;
    let cpts = &run.zoning.coverage.listing.cpts;
    let zones = &run.zoning.zones;
    let cap = run.weights.thresholds.max_population;
    let features: Vec<Vec<u8>> = run
        .plan
        .targets
        .par_iter()
        .enumerate()
        .map(|(t, target)| {
            let mut units: Vec<usize> = target
                .units_before
                .iter()
                .chain(&target.units_added)
                .copied()
                .filter(|&u| metric[u].is_some())
                .collect();
            units.sort_unstable();
            units.dedup();
            let crs = target
                .units_added
                .first()
                .map(|&u| MetricCrs::for_departement(&territory.units[u].departement))
                .unwrap_or(MetricCrs::Lambert93);
            let outline = crate::zones::dissolve(
                units
                    .iter()
                    .filter(|&&u| {
                        MetricCrs::for_departement(&territory.units[u].departement) == crs
                    })
                    .filter_map(|&u| metric[u].as_ref()),
            );
            let (stage, mentor) = match &target.kind {
                TargetKind::Existing(c) => (cpts[*c].stage.map(|s| s.as_str()), None),
                TargetKind::New { mentor, .. } => (None, mentor.map(|m| cpts[m].id.as_str())),
            };
            let outline = crate::zones::printable_outline(&outline, crs);
            to_bytes(&Feature {
                properties: PlanProperties {
                    target_id: &target.id,
                    name: &target.name,
                    kind: run.plan.kind_of(t),
                    stage,
                    mentor_id: mentor,
                    population_before: target.population_before,
                    size_class_before: (!target.units_before.is_empty())
                        .then(|| SizeClass::of_population(target.population_before).as_str()),
                    population_after: target.population_after,
                    size_class_after: SizeClass::of_population(target.population_after).as_str(),
                    units_before: target.units_before.len(),
                    units_added: target.units_added.len(),
                    over_cap: target.population_after > cap,
                    by_sea: target.by_sea,
                    note: target.note.as_ref().map(|n| n.say(Lang::En)),
                    temporary_extension_of: mentor,
                    mentor_population_during: match &target.kind {
                        TargetKind::New {
                            mentor: Some(m), ..
                        } => Some(
                            run.plan
                                .targets
                                .iter()
                                .find(|t| t.kind == TargetKind::Existing(*m))
                                .map_or(cpts_population(run, *m), |t| t.population_after)
                                + target.population_after,
                        ),
                        _ => None,
                    },
                    cross_border: territory
                        .area
                        .is_some()
                        .then(|| crosses_border(run, target_cpts(target), &target.units_added)),
                    zones: join_ids(target.zones.iter().map(|&z| zones[z].id.as_str())),
                    zone_keys: join_ids(target.zones.iter().map(|&z| zones[z].key.as_str())),
                    codes_added: join_ids(
                        target
                            .units_added
                            .iter()
                            .map(|&u| territory.units[u].code.as_str()),
                    ),
                },
                geometry: Some(Geometry::new(&outline, Some(7))),
            })
        })
        .collect();
    feature_collection(&features)
}
