//! Outputs of the options and the plan (S6): `options.csv`, `plan.csv`, `plan_coverage.csv`,
//! `plan.geojson`, the `plan` section of `summary.json` and the terminal lines.

use crate::coverage::percent;
use crate::error::Result;
use crate::io::crs::MetricCrs;
use crate::io::geojson::{push_geometry, push_json_string};
use crate::model::{SizeClass, Stage};
use crate::options::{Component, CoverageOption, OptionKind};
use crate::output::{
    Extras, TableStyle, feature_collection, join_ids, table_files, thousands, zones_files,
};
use crate::pipeline::PlanRun;
use crate::plan::{TargetKind, new_cpts_ids};
use polars::prelude::*;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Ids of the new CPTS an option forms: `Z0003-N1;Z0003-N2`.
fn new_ids(zone_id: &str, option: &CoverageOption) -> Option<String> {
    (!option.new_cpts.is_empty()).then(|| new_cpts_ids(zone_id, option.new_cpts.len(), ";"))
}

/// `options.csv`: every option of every zone, zones in order, options by rank.
pub fn options_frame(run: &PlanRun) -> PolarsResult<DataFrame> {
    let zones = &run.zones.zones.zones;
    let cpts = &run.zones.coverage.listing.cpts;
    let rows: Vec<(usize, usize, &CoverageOption)> = run
        .options
        .iter()
        .enumerate()
        .flat_map(|(z, options)| options.iter().enumerate().map(move |(r, o)| (z, r, o)))
        .collect();
    let target_id = |z: usize, o: &CoverageOption| match o.kind {
        OptionKind::Create => new_ids(&zones[z].id, o).unwrap_or_default(),
        _ => o.cpts.map(|c| cpts[c].id.clone()).unwrap_or_default(),
    };
    let target_name = |z: usize, o: &CoverageOption| match o.kind {
        OptionKind::Create => {
            let ids = new_ids(&zones[z].id, o).unwrap_or_default();
            format!("Nouvelle CPTS {ids}")
        }
        _ => o.cpts.map(|c| cpts[c].name.clone()).unwrap_or_default(),
    };
    let mut frame = df!(
        "zone_id" => rows.iter().map(|(z, _, _)| zones[*z].id.as_str()).collect::<Vec<_>>(),
        "rank" => rows.iter().map(|(_, r, _)| *r as u32 + 1).collect::<Vec<_>>(),
        "kind" => rows.iter().map(|(_, _, o)| o.kind.as_str()).collect::<Vec<_>>(),
        "target_id" => rows.iter().map(|(z, _, o)| target_id(*z, o)).collect::<Vec<_>>(),
        "target_name" => rows.iter().map(|(z, _, o)| target_name(*z, o)).collect::<Vec<_>>(),
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
        "new_cpts" => rows.iter().map(|(z, _, o)| new_ids(&zones[*z].id, o)).collect::<Vec<_>>(),
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
    frame.with_column(Column::new(
        "rationale".into(),
        rows.iter()
            .map(|(_, _, o)| o.rationale.as_str())
            .collect::<Vec<_>>(),
    ))?;
    Ok(frame)
}

/// `plan.csv`: every uncovered unit and its target; units without geometry are listed as
/// `unplaced_no_geometry` with no target.
pub fn plan_frame(run: &PlanRun) -> PolarsResult<DataFrame> {
    let units = &run.zones.coverage.territory.units;
    let plan = &run.plan;
    let mut rows: Vec<(String, Option<&str>, Option<&str>, &str)> = Vec::new();
    for zone in &run.zones.zones.zones {
        for &u in &zone.units {
            let target = plan.target_of[u];
            rows.push((
                units[u].code.clone(),
                Some(zone.id.as_str()),
                target.map(|t| plan.targets[t].id.as_str()),
                target.map(|t| plan.kind_of(t)).unwrap_or("unplaced"),
            ));
        }
    }
    for &u in &plan.unplaced {
        rows.push((units[u].code.clone(), None, None, "unplaced_no_geometry"));
    }
    df!(
        "code" => rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        "zone_id" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "target_id" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        "kind" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
    )
}

/// Figures of one scope (France, a région, a département, an EPCI) now and after the plan.
#[derive(Debug, Default, Clone, Copy)]
pub struct ScopeTotals {
    pub population: u64,
    pub units: u64,
    /// Population by stage class, in [`crate::model::display_rank`] order.
    pub by_stage: [u64; 5],
    /// Population covered now: stage ≥ the zones' `min_stage`.
    pub covered: u64,
    /// Population covered once the plan is carried out.
    pub after_plan: u64,
    /// Uncovered units the plan does not place (no geometry).
    pub unplaced: u64,
    /// Zones blanches touching the scope.
    pub zones: usize,
}

impl ScopeTotals {
    /// Population at `stage` or beyond.
    pub fn at_least(&self, stage: Stage) -> u64 {
        self.by_stage[..=crate::model::display_rank(Some(stage))]
            .iter()
            .sum()
    }
}

/// The figures of a plan run by scope, computed in one pass over the units; the one source of
/// `plan_coverage.csv`, the plan summary and the report's tables.
#[derive(Debug, Default)]
pub struct PlanScopes<'a> {
    pub france: ScopeTotals,
    pub regions: BTreeMap<&'a str, ScopeTotals>,
    pub departements: BTreeMap<&'a str, ScopeTotals>,
    /// By EPCI SIREN (`""` for units whose EPCI is unknown).
    pub epcis: BTreeMap<&'a str, ScopeTotals>,
}

impl<'a> PlanScopes<'a> {
    pub fn of(run: &'a PlanRun) -> PlanScopes<'a> {
        let coverage = &run.zones.coverage;
        let territory = &coverage.territory;
        let min_stage = run.zones.zones.min_stage;
        let mut scopes = PlanScopes::default();
        for (u, unit) in territory.units.iter().enumerate() {
            let stage = coverage.coverage.units[u].stage;
            let covered = stage.is_some_and(|s| s >= min_stage);
            let placed = run.plan.target_of[u].is_some();
            for totals in [
                &mut scopes.france,
                scopes.regions.entry(unit.region.as_str()).or_default(),
                scopes
                    .departements
                    .entry(unit.departement.as_str())
                    .or_default(),
                scopes
                    .epcis
                    .entry(unit.epci.as_deref().unwrap_or(""))
                    .or_default(),
            ] {
                totals.population += unit.population;
                totals.units += 1;
                totals.by_stage[crate::model::display_rank(stage)] += unit.population;
                if covered {
                    totals.covered += unit.population;
                }
                if covered || placed {
                    totals.after_plan += unit.population;
                } else {
                    totals.unplaced += 1;
                }
            }
        }
        for zone in &run.zones.zones.zones {
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
}

/// `plan_coverage.csv`: France, régions, départements — population covered now (stage ≥ the
/// zones' `min_stage`) and once the plan is carried out.
pub fn plan_coverage_frame(run: &PlanRun) -> PolarsResult<DataFrame> {
    let rows = plan_coverage_rows(run);
    df!(
        "scope_type" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "scope_code" => rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        "scope_name" => rows.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
        "population_total" => rows.iter().map(|r| r.3.population).collect::<Vec<_>>(),
        "pop_covered" => rows.iter().map(|r| r.3.covered).collect::<Vec<_>>(),
        "pct_covered" => rows.iter().map(|r| round2(percent(r.3.covered, r.3.population))).collect::<Vec<_>>(),
        "pop_after_plan" => rows.iter().map(|r| r.3.after_plan).collect::<Vec<_>>(),
        "pct_after_plan" => rows.iter().map(|r| round2(percent(r.3.after_plan, r.3.population))).collect::<Vec<_>>(),
        "units" => rows.iter().map(|r| r.3.units).collect::<Vec<_>>(),
        "units_unplaced" => rows.iter().map(|r| r.3.unplaced).collect::<Vec<_>>(),
    )
}

type CoverageRow = (&'static str, String, String, ScopeTotals);

fn plan_coverage_rows(run: &PlanRun) -> Vec<CoverageRow> {
    let scopes = PlanScopes::of(run);
    let cog = &run.zones.coverage.cog;
    let mut rows = vec![(
        "france",
        "FR".to_string(),
        "France".to_string(),
        scopes.france,
    )];
    rows.extend(scopes.regions.into_iter().map(|(code, t)| {
        let name = cog.region_name(code).unwrap_or(code).to_string();
        ("region", code.to_string(), name, t)
    }));
    rows.extend(scopes.departements.into_iter().map(|(code, t)| {
        let name = cog.departement_name(code).unwrap_or(code).to_string();
        ("departement", code.to_string(), name, t)
    }));
    rows
}

/// `plan.geojson`: every territory the plan changes or creates, dissolved, in WGS84.
pub fn plan_geojson(run: &PlanRun) -> String {
    let territory = &run.zones.coverage.territory;
    let metric = &run.zones.metric;
    let cpts = &run.zones.coverage.listing.cpts;
    let zones = &run.zones.zones.zones;
    let cap = run.weights.thresholds.max_population;
    let features: Vec<String> = run
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
            let mut out = String::new();
            out.push_str("{\"type\":\"Feature\",\"properties\":{\"target_id\":");
            push_json_string(&mut out, &target.id);
            out.push_str(",\"name\":");
            push_json_string(&mut out, &target.name);
            out.push_str(",\"kind\":");
            push_json_string(&mut out, run.plan.kind_of(t));
            let (stage, mentor) = match &target.kind {
                TargetKind::Existing(c) => (cpts[*c].stage.map(|s| s.as_str()), None),
                TargetKind::New { mentor, .. } => (None, mentor.map(|m| cpts[m].id.as_str())),
            };
            out.push_str(",\"stage\":");
            match stage {
                Some(s) => push_json_string(&mut out, s),
                None => out.push_str("null"),
            }
            out.push_str(",\"mentor_id\":");
            match mentor {
                Some(m) => push_json_string(&mut out, m),
                None => out.push_str("null"),
            }
            out.push_str(&format!(
                ",\"population_before\":{},\"size_class_before\":",
                target.population_before
            ));
            if target.units_before.is_empty() {
                out.push_str("null");
            } else {
                push_json_string(
                    &mut out,
                    SizeClass::of_population(target.population_before).as_str(),
                );
            }
            out.push_str(&format!(
                ",\"population_after\":{},\"size_class_after\":",
                target.population_after
            ));
            push_json_string(
                &mut out,
                SizeClass::of_population(target.population_after).as_str(),
            );
            out.push_str(&format!(
                ",\"units_before\":{},\"units_added\":{},\"over_cap\":{},\"by_sea\":{},\"zones\":",
                target.units_before.len(),
                target.units_added.len(),
                target.population_after > cap,
                target.by_sea
            ));
            push_json_string(
                &mut out,
                &join_ids(target.zones.iter().map(|&z| zones[z].id.as_str())),
            );
            out.push_str(",\"codes_added\":");
            push_json_string(
                &mut out,
                &join_ids(
                    target
                        .units_added
                        .iter()
                        .map(|&u| territory.units[u].code.as_str()),
                ),
            );
            out.push_str("},\"geometry\":");
            push_geometry(&mut out, &crs.unproject(&outline), Some(7));
            out.push('}');
            out
        })
        .collect();
    feature_collection(&features)
}

/// An evidence table in `summary.json`.
#[derive(Debug, Serialize, Clone)]
pub struct EvidenceSummary {
    pub file: String,
    pub rows: usize,
    pub rows_used: usize,
    pub rows_outside_study_area: usize,
    pub rows_unresolved: usize,
}

/// The `plan` section of `summary.json`.
#[derive(Debug, Serialize, Clone)]
pub struct PlanSummary {
    /// `built-in` or the path of the `--weights` file.
    pub weights: String,
    pub create_min_population: u64,
    pub max_population: u64,
    pub flows: Option<EvidenceSummary>,
    pub msp: Option<EvidenceSummary>,
    pub options: usize,
    /// Kind of the first-ranked option of each zone: counts.
    pub recommended: BTreeMap<&'static str, usize>,
    pub cpts_extended: usize,
    pub new_cpts: usize,
    pub new_cpts_mentored: usize,
    pub units_placed: usize,
    pub population_placed: u64,
    /// Uncovered units without geometry: not placed (no contiguity can be checked).
    pub units_unplaced: Vec<String>,
    /// Targets joined across the sea (island zones).
    pub by_sea: Vec<String>,
    /// Targets above the cap after the plan (only a single unit above the cap can cause it).
    pub over_cap: Vec<String>,
    pub pct_covered: f64,
    pub pct_after_plan: f64,
}

impl PlanSummary {
    pub fn of(run: &PlanRun) -> PlanSummary {
        let plan = &run.plan;
        let territory = &run.zones.coverage.territory;
        let cap = run.weights.thresholds.max_population;
        let mut recommended: BTreeMap<&'static str, usize> = ["extend", "create", "mentor"]
            .into_iter()
            .map(|k| (k, 0))
            .collect();
        for options in &run.options {
            if let Some(first) = options.first() {
                *recommended.entry(first.kind.as_str()).or_default() += 1;
            }
        }
        let placed: Vec<usize> = (0..territory.units.len())
            .filter(|&u| plan.target_of[u].is_some())
            .collect();
        let france = PlanScopes::of(run).france;
        let evidence = |file: &str, rows, used, outside, unresolved| EvidenceSummary {
            file: file.to_string(),
            rows,
            rows_used: used,
            rows_outside_study_area: outside,
            rows_unresolved: unresolved,
        };
        PlanSummary {
            weights: run
                .zones
                .coverage
                .inputs
                .weights
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "built-in".into()),
            create_min_population: run.weights.thresholds.create_min_population,
            max_population: cap,
            flows: run.flows.as_ref().map(|f| {
                evidence(
                    &f.source,
                    f.rows,
                    f.flows.len(),
                    f.rows_outside,
                    f.unresolved.len(),
                )
            }),
            msp: run.msp.as_ref().map(|m| {
                evidence(
                    &m.source,
                    m.rows,
                    m.msp.len(),
                    m.rows_outside,
                    m.unresolved.len(),
                )
            }),
            options: run.options.iter().map(|o| o.len()).sum(),
            recommended,
            cpts_extended: plan
                .targets
                .iter()
                .filter(|t| matches!(t.kind, TargetKind::Existing(_)))
                .count(),
            new_cpts: plan
                .targets
                .iter()
                .filter(|t| matches!(t.kind, TargetKind::New { .. }))
                .count(),
            new_cpts_mentored: plan
                .targets
                .iter()
                .filter(|t| {
                    matches!(
                        t.kind,
                        TargetKind::New {
                            mentor: Some(_),
                            ..
                        }
                    )
                })
                .count(),
            units_placed: placed.len(),
            population_placed: placed.iter().map(|&u| territory.units[u].population).sum(),
            units_unplaced: plan
                .unplaced
                .iter()
                .map(|&u| territory.units[u].code.clone())
                .collect(),
            by_sea: plan
                .targets
                .iter()
                .filter(|t| t.by_sea)
                .map(|t| t.id.clone())
                .collect(),
            over_cap: plan
                .targets
                .iter()
                .filter(|t| t.population_after > cap && !t.units_added.is_empty())
                .map(|t| t.id.clone())
                .collect(),
            pct_covered: round2(percent(france.covered, france.population)),
            pct_after_plan: round2(percent(france.after_plan, france.population)),
        }
    }
}

/// Every output of `plan`: the zones outputs, then options, plan, plan coverage, plan layer;
/// `analyze` adds `report.html`.
pub fn plan_files(
    run: &PlanRun,
    command: &str,
    style: TableStyle,
    with_adjacency: bool,
) -> Result<Vec<(String, Vec<u8>)>> {
    let summary = PlanSummary::of(run);
    let report = (command == "analyze").then(|| {
        crate::pipeline::timed("report.html", || crate::report::report_html(run, &summary))
    });
    let extras = Extras {
        zones: None,
        plan: Some(summary),
        unresolved: run.evidence_unresolved(),
    };
    let mut files = zones_files(&run.zones, command, style, with_adjacency, extras)?;
    files.extend(table_files("options", options_frame(run), style)?);
    files.extend(table_files("plan", plan_frame(run), style)?);
    files.extend(table_files(
        "plan_coverage",
        plan_coverage_frame(run),
        style,
    )?);
    let geojson = crate::pipeline::timed("plan.geojson", || plan_geojson(run));
    files.push(("plan.geojson".to_string(), geojson.into_bytes()));
    if let Some(report) = report {
        files.push(("report.html".to_string(), report.into_bytes()));
    }
    Ok(files)
}

/// The recommended option of the ten most populated zones, one line each.
pub fn terminal_plan(run: &PlanRun) -> String {
    let zones = &run.zones.zones.zones;
    let units = &run.zones.coverage.territory.units;
    let summary = PlanSummary::of(run);
    let mut out = format!(
        "Plan: {} units ({} inh.) placed — {} CPTS extended, {} new CPTS ({} mentored); coverage {:.2} % → {:.2} %\n",
        summary.units_placed,
        thousands(summary.population_placed),
        summary.cpts_extended,
        summary.new_cpts,
        summary.new_cpts_mentored,
        summary.pct_covered,
        summary.pct_after_plan
    );
    if !summary.units_unplaced.is_empty() {
        out.push_str(&format!(
            "  {} uncovered units without geometry not placed: {}\n",
            summary.units_unplaced.len(),
            summary.units_unplaced.join(", ")
        ));
    }
    for (z, zone) in zones.iter().enumerate().take(10) {
        let first = &units[zone.units[0]];
        let place = if zone.units.len() == 1 {
            format!("{} {}", first.code, first.name)
        } else {
            format!("{} {} +{}", first.code, first.name, zone.units.len() - 1)
        };
        let line = match run.options[z].first() {
            Some(o) => format!("{} (score {:.0})", o.rationale, o.score),
            None => "no option".to_string(),
        };
        let followed = match run.plan.followed[z] {
            Some(0) => String::new(),
            Some(i) => format!(" [plan follows option {}]", i + 1),
            None => " [plan: leftover rule]".to_string(),
        };
        out.push_str(&format!(
            "  {}  {:>9} inh.  {}: {}{}\n",
            zone.id,
            thousands(zone.population),
            place,
            line,
            followed
        ));
    }
    out
}
