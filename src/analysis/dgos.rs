//! The periodic return to the DGOS (instruction DGOS/R5/CNAM/2023/156): per région of the
//! reporting area, the zones blanches (count, population), the coverage strategy of each zone
//! (the plan's, and the task force's from its register), the coordinators funded and the
//! calendar of the register. One model, written as XLSX and as printable HTML.

use super::PlanRun;
use crate::inputs::register::RegisterEntry;
use crate::model::Stage;
use crate::model::catalogue::Lang;
use crate::plan::TargetKind;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One zone blanche of the return.
#[derive(Debug, Clone)]
pub struct DgosZone {
    /// Index into the zones.
    pub zone: usize,
    /// Its région (that of its most populous unit).
    pub region: String,
    /// Its départements, `, `-joined.
    pub departements: String,
    /// Its key, id, name, population and number of communes.
    pub key: String,
    /// `Z0001`…
    pub id: String,
    /// The name of its most populous unit.
    pub name: String,
    /// Population.
    pub population: u64,
    /// Communes.
    pub communes: usize,
    /// The plan's mode: `extension`, `création`, `création accompagnée`, `maturation`.
    pub plan_mode: String,
    /// The plan's targets in words.
    pub plan_text: String,
    /// The register's current row.
    pub register: Option<RegisterEntry>,
    /// The register's rows of the zone, in order: the calendar.
    pub calendar: Vec<RegisterEntry>,
}

impl DgosZone {
    /// The register's rows as a calendar: "15/01/2026 à instruire → 01/03/2026 réunion tenue".
    pub fn calendar_text(&self) -> String {
        self.calendar
            .iter()
            .map(|e| match e.date {
                Some(d) => format!("{} {}", d.format("%d/%m/%Y"), e.status.label()),
                None => e.status.label().to_string(),
            })
            .collect::<Vec<_>>()
            .join(" → ")
    }
}

/// The figures of one région.
#[derive(Debug, Clone, Default)]
pub struct DgosRegion {
    /// Code and name.
    pub code: String,
    /// Name.
    pub name: String,
    /// Population of the région in the reporting area.
    pub population: u64,
    /// Share of it covered (≥ `--min-stage`), percent.
    pub pct_covered: f64,
    /// Share at each stage or more (li, ps, aci), percent.
    pub pct_stages: [f64; 3],
    /// CPTS at li, ps, aci.
    pub cpts: [usize; 3],
    /// Zones blanches and their population.
    pub zones: usize,
    /// Their population.
    pub zones_population: u64,
    /// Zones by register status (in [`RegisterStatus::ALL`] order), and without a row.
    pub by_status: [usize; 5],
    /// Zones absent from the register.
    pub not_in_register: usize,
    /// Zones whose current row says a coordinator is funded.
    pub coordinators: usize,
}

/// The return.
#[derive(Debug, Clone, Default)]
pub struct DgosReturn {
    /// The date of the situation (`--as-of`, else the listing's latest date).
    pub date: Option<NaiveDate>,
    /// The reporting area's name.
    pub area: String,
    /// The régions, by code.
    pub regions: Vec<DgosRegion>,
    /// The zones, by région then population.
    pub zones: Vec<DgosZone>,
    /// Whether a register was read.
    pub with_register: bool,
}

/// The plan's mode for zone `z` in French words.
fn plan_mode(run: &PlanRun, z: usize) -> String {
    let mut modes: Vec<&str> = Vec::new();
    for x in run.zone_targets(z) {
        let t = &run.plan.targets[x.target];
        let mode = match t.kind {
            TargetKind::Existing(_) if t.mature => "maturation",
            TargetKind::Existing(_) => "extension",
            TargetKind::New {
                mentor: Some(_), ..
            } => "création accompagnée",
            TargetKind::New { mentor: None, .. } => "création",
        };
        if !modes.contains(&mode) {
            modes.push(mode);
        }
    }
    modes.join(" + ")
}

impl DgosReturn {
    /// The return of a plan run.
    pub fn of(run: &PlanRun) -> DgosReturn {
        let coverage = &run.zoning.coverage;
        let territory = &coverage.territory;
        let cog = &coverage.cog;
        let register = coverage.monitoring.register.as_ref();
        let mut zones: Vec<DgosZone> = run
            .zoning
            .zones
            .iter()
            .enumerate()
            .map(|(z, zone)| {
                let calendar: Vec<RegisterEntry> = match (register, &run.zoning.register) {
                    (Some(r), Some(m)) => {
                        m.of_zone[z].iter().map(|&i| r.entries[i].clone()).collect()
                    }
                    _ => Vec::new(),
                };
                DgosZone {
                    zone: z,
                    region: territory.units[zone.main].region.clone(),
                    departements: zone.departements.join(", "),
                    key: zone.key.clone(),
                    id: zone.id.clone(),
                    name: zone.name.clone(),
                    population: zone.population,
                    communes: zone.units.len(),
                    plan_mode: plan_mode(run, z),
                    plan_text: run.zone_plan_text(z, Lang::Fr),
                    register: calendar.last().cloned(),
                    calendar,
                }
            })
            .collect();
        zones.sort_by(|a, b| a.region.cmp(&b.region).then(a.zone.cmp(&b.zone)));
        let cpts = crate::time::series::cpts_by_scope(territory, &coverage.listing);
        let min_stage = run.zoning.zones.min_stage;
        let mut regions: BTreeMap<String, DgosRegion> = BTreeMap::new();
        for (code, totals) in &coverage.scopes.regions {
            let c = cpts.regions.get(code).copied().unwrap_or_default();
            regions.insert(
                code.clone(),
                DgosRegion {
                    code: code.clone(),
                    name: cog.region_name(code).unwrap_or(code).to_string(),
                    population: totals.total,
                    pct_covered: totals.pct_at_least(min_stage),
                    pct_stages: [Stage::Li, Stage::Ps, Stage::Aci].map(|s| totals.pct_at_least(s)),
                    cpts: [c.li, c.ps, c.aci],
                    ..DgosRegion::default()
                },
            );
        }
        for zone in &zones {
            let r = regions
                .entry(zone.region.clone())
                .or_insert_with(|| DgosRegion {
                    code: zone.region.clone(),
                    name: cog
                        .region_name(&zone.region)
                        .unwrap_or(&zone.region)
                        .to_string(),
                    ..DgosRegion::default()
                });
            r.zones += 1;
            r.zones_population += zone.population;
            match &zone.register {
                Some(e) => {
                    r.by_status[e.status.index()] += 1;
                    if e.coordinator == Some(true) {
                        r.coordinators += 1;
                    }
                }
                None => r.not_in_register += 1,
            }
        }
        DgosReturn {
            date: coverage.stalled.date,
            area: crate::coverage::first_scope(territory, cog).2,
            regions: regions.into_values().collect(),
            zones,
            with_register: register.is_some(),
        }
    }
}
