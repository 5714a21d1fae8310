//! The figures of a run that every output shows, computed once at the end of the run: the
//! counts and warnings of the study area, the rows no unit could be tied to, the zones, plan
//! and funding totals. `summary.json`, the report and the terminal read them; none recomputes.

use crate::coverage::{Coverage, OverlapNature, StageTotals};
use crate::inputs::listing::{Cpts, Listing};
use crate::inputs::weights::Tariff;
use crate::model::format::{percent, round2};
use crate::model::{Notice, Stage, Unresolved};
use crate::territory::Territory;
use crate::zones::WhiteZones;
use serde::Serialize;
use std::collections::BTreeMap;

/// Population by stage of a scope, with the cumulative shares rounded to two decimals (S4):
/// the `france` section of `summary.json` and the terminal's lines.
#[derive(Debug, Serialize, PartialEq, Clone)]
#[allow(missing_docs)]
pub struct NationalFigures {
    pub population_total: u64,
    pub pop_aci: u64,
    pub pop_ps: u64,
    pub pop_li: u64,
    pub pop_preprojet: u64,
    pub pop_none: u64,
    pub pct_ge_li: f64,
    pub pct_ge_ps: f64,
    pub pct_aci: f64,
    pub units: u64,
}

impl NationalFigures {
    /// The figures of a scope's totals.
    pub fn from_totals(t: &StageTotals) -> NationalFigures {
        NationalFigures {
            population_total: t.total,
            pop_aci: t.aci,
            pop_ps: t.ps,
            pop_li: t.li,
            pop_preprojet: t.preprojet,
            pop_none: t.none,
            pct_ge_li: round2(t.pct_at_least(Stage::Li)),
            pct_ge_ps: round2(t.pct_at_least(Stage::Ps)),
            pct_aci: round2(t.pct_at_least(Stage::Aci)),
            units: t.units,
        }
    }
}

/// Counts of the reporting area (S7; everything without one): CPTS, units, overlaps, rows.
#[derive(Debug, Serialize, Clone, Default)]
#[allow(missing_docs)]
pub struct Counts {
    pub cpts: usize,
    pub cpts_existing: usize,
    pub cpts_by_stage: BTreeMap<&'static str, usize>,
    pub units_covered: usize,
    pub units_uncovered: usize,
    pub overlaps: usize,
    pub overlap_conflicts: usize,
    pub unresolved: usize,
    pub listing_rows: usize,
    pub listing_rows_resolved: usize,
    pub listing_rows_unresolved: usize,
    pub listing_rows_outside_study_area: usize,
    pub former_codes_resolved: usize,
}

/// A warning of `summary.json`: a notice of the inputs, or a word on unresolved rows and
/// conflicting overlaps.
#[derive(Debug, Serialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// What it is about (`partial_layer`, `unresolved`…).
    pub kind: String,
    /// The sentence.
    pub message: String,
}

/// What a run found it could not use: every row of every input that could not be tied to a
/// unit (sorted by file, row), the counts of the reporting area and the warnings.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// `unresolved.csv`.
    pub unresolved: Vec<Unresolved>,
    /// The `counts` section of `summary.json`.
    pub counts: Counts,
    /// The `warnings` section of `summary.json`, sorted.
    pub warnings: Vec<Warning>,
}

impl Findings {
    /// The findings of a run: the rows of the territory and the listing, and `extra` (the
    /// rows of the evidence tables, decisions and plan of a plan run) with their `notices`.
    pub(crate) fn of(
        territory: &Territory,
        listing: &Listing,
        cover: &Coverage,
        extra: Vec<Unresolved>,
        notices: &[Notice],
    ) -> Findings {
        let mut unresolved: Vec<Unresolved> = territory
            .unresolved
            .iter()
            .chain(&listing.unresolved)
            .cloned()
            .chain(extra)
            .collect();
        unresolved.sort();
        // A row two sides of a comparison both hold is one finding.
        unresolved.dedup();
        let counts = counts(territory, listing, cover, unresolved.len());
        let warnings = warnings(territory, listing, notices, &counts);
        Findings {
            unresolved,
            counts,
            warnings,
        }
    }
}

fn counts(territory: &Territory, listing: &Listing, cover: &Coverage, unresolved: usize) -> Counts {
    // S7: the CPTS, units and overlaps of the reporting area (everything without one).
    let in_area = |u: usize| territory.in_area(u);
    let cpts: Vec<&Cpts> = listing
        .cpts
        .iter()
        .filter(|c| territory.area.is_none() || c.units.iter().any(|&u| in_area(u)))
        .collect();
    let mut by_stage: BTreeMap<&'static str, usize> =
        Stage::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    by_stage.insert("not_yet_existing", 0);
    for c in &cpts {
        *by_stage
            .entry(c.stage.map(|s| s.as_str()).unwrap_or("not_yet_existing"))
            .or_default() += 1;
    }
    let area_units = (0..territory.units.len()).filter(|&u| in_area(u)).count();
    let covered = cover
        .units
        .iter()
        .enumerate()
        .filter(|(u, c)| in_area(*u) && c.stage.is_some_and(|s| s.is_covered()))
        .count();
    let overlaps: Vec<_> = cover.overlaps.iter().filter(|o| in_area(o.unit)).collect();
    Counts {
        cpts: cpts.len(),
        cpts_existing: cpts.iter().filter(|c| c.stage.is_some()).count(),
        cpts_by_stage: by_stage,
        units_covered: covered,
        units_uncovered: area_units - covered,
        overlaps: overlaps.len(),
        overlap_conflicts: overlaps
            .iter()
            .filter(|o| o.nature == OverlapNature::Conflict)
            .count(),
        unresolved,
        listing_rows: listing.rows,
        listing_rows_resolved: listing.rows_resolved,
        listing_rows_unresolved: listing.unresolved.len(),
        listing_rows_outside_study_area: listing.rows_outside_study_area,
        former_codes_resolved: listing.former_codes.values().sum(),
    }
}

/// The notices of the territory and the listing, and warnings on unresolved rows and
/// conflicting overlaps, sorted.
fn warnings(
    territory: &Territory,
    listing: &Listing,
    extra: &[Notice],
    counts: &Counts,
) -> Vec<Warning> {
    let mut notices: Vec<Notice> = territory
        .notices
        .iter()
        .chain(&listing.notices)
        .chain(extra)
        .cloned()
        .collect();
    if counts.unresolved > 0 {
        notices.push(Notice {
            kind: "unresolved",
            message: format!(
                "{} rows could not be tied to a unit: see unresolved.csv",
                counts.unresolved
            ),
        });
    }
    let conflicts = counts.overlap_conflicts;
    if conflicts > 0 {
        notices.push(Notice {
            kind: "overlap_conflicts",
            message: format!(
                "{conflicts} units outside big cities are listed by two or more CPTS: see overlaps.csv"
            ),
        });
    }
    notices.sort();
    notices
        .into_iter()
        .map(|n| Warning {
            kind: n.kind.to_string(),
            message: n.message,
        })
        .collect()
}

/// The `zones` section of `summary.json` (S5).
#[derive(Debug, Serialize, Clone)]
pub struct ZonesSummary {
    /// Units below this stage are uncovered (`li` unless asked otherwise).
    pub min_stage: &'static str,
    /// Number of zones blanches.
    pub count: usize,
    /// Their population.
    pub population: u64,
    /// Their units.
    pub units: usize,
    /// Uncovered units without geometry: counted in the statistics, not zoned.
    pub unzoned_units: Vec<String>,
}

impl ZonesSummary {
    pub(crate) fn of(territory: &Territory, zones: &WhiteZones) -> ZonesSummary {
        ZonesSummary {
            min_stage: zones.min_stage.as_str(),
            count: zones.len(),
            population: zones.iter().map(|z| z.population).sum(),
            units: zones.iter().map(|z| z.units.len()).sum(),
            unzoned_units: zones
                .unzoned
                .iter()
                .map(|&u| territory.units[u].code.clone())
                .collect(),
        }
    }
}

/// Where the default tariff comes from (also in the weights file and the README).
pub const TARIFF_SOURCE: &str = "ACI CPTS of 20 June 2019 (arrêté of 21 August 2019), fixed annual envelope for the functioning of the CPTS by size class";

/// The `funding` section of `summary.json` (S9): the tariff used, so that every euro can be
/// traced, and the totals of the study area.
#[derive(Debug, Serialize, Clone, Default)]
#[allow(missing_docs)]
pub struct FundingSummary {
    /// Euros per year by size class.
    pub tariff: Tariff,
    /// `built-in` (the source follows) or the weights file.
    pub tariff_from: String,
    pub tariff_source: &'static str,
    pub cpts_signed: usize,
    pub cpts_funded_after: usize,
    pub envelope_before_eur: u64,
    pub envelope_after_eur: u64,
    pub delta_eur: i64,
}

/// An evidence table in `summary.json`.
#[derive(Debug, Serialize, Clone)]
#[allow(missing_docs)]
pub struct EvidenceSummary {
    pub file: String,
    pub rows: usize,
    pub rows_used: usize,
    pub rows_outside_study_area: usize,
    pub rows_unresolved: usize,
}

/// The `plan` section of `summary.json` (S6), the plan's totals on the terminal and in the
/// report.
#[derive(Debug, Serialize, Clone, Default)]
#[allow(missing_docs)]
pub struct PlanSummary {
    /// `built-in` or the path of the weights file.
    pub weights: String,
    pub create_min_population: u64,
    pub max_population: u64,
    pub flows: Option<EvidenceSummary>,
    pub msp: Option<EvidenceSummary>,
    pub options: usize,
    /// Kind of the first-ranked option of each zone: counts.
    pub recommended: BTreeMap<&'static str, usize>,
    pub cpts_extended: usize,
    /// CPTS projects below the stage asked whose units stay with them (kind `mature`).
    pub cpts_matured: usize,
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

/// `covered` out of `total` in percent, rounded to two decimals.
pub(crate) fn rounded_percent(covered: u64, total: u64) -> f64 {
    round2(percent(covered, total))
}
