//! `summary.json` (versioned schema, documented in the README): national figures, counts,
//! inputs, warnings, and the zones and plan sections of the commands that compute them.

use crate::analysis::{CoverageRun, PlanRun};
use crate::coverage::{OverlapNature, StageTotals};
use crate::export::tables::unresolved_rows;
use crate::inputs::weights::Tariff;
use crate::model::format::{percent, round2};
use crate::model::{Notice, Stage, Unresolved};
use crate::plan::TargetKind;
use crate::timeline::stalled::Stalled;
use crate::zones::WhiteZones;
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the `summary.json` schema; bumped on any incompatible change.
pub const SUMMARY_SCHEMA_VERSION: u32 = 1;

/// `summary.json`, schema version [`SUMMARY_SCHEMA_VERSION`] (documented in the README).
#[derive(Debug, Serialize)]
pub struct Summary {
    pub schema: &'static str,
    pub schema_version: u32,
    pub engine_version: &'static str,
    pub command: String,
    pub as_of: Option<String>,
    pub inputs: SummaryInputs,
    pub study_area: StudyArea,
    pub france: NationalFigures,
    pub counts: Counts,
    /// Zones blanches (S5), for the commands that compute them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zones: Option<ZonesSummary>,
    /// Options and plan (S6), for `plan` and `analyze`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanSummary>,
    /// ACI funding before and after the plan (S9), for `plan` and `analyze`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding: Option<FundingSummary>,
    /// CPTS stuck at `li` or `ps` (S10).
    pub stalled: StalledSummary,
    /// The dates of a `series` (S10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<SeriesSummary>,
    /// The two sides of a `compare` and what changed (S10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare: Option<CompareSummary>,
    /// Former codes of the listing and the commune each resolved to (S2).
    pub former_codes: Vec<FormerCode>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Serialize)]
pub struct ZonesSummary {
    /// Units below this stage are uncovered (`li` unless `--min-stage`).
    pub min_stage: &'static str,
    pub count: usize,
    pub population: u64,
    pub units: usize,
    /// Uncovered units without geometry: counted in the statistics, not zoned.
    pub unzoned_units: Vec<String>,
}

impl ZonesSummary {
    pub(crate) fn of(run: &CoverageRun, zones: &WhiteZones) -> ZonesSummary {
        ZonesSummary {
            min_stage: zones.min_stage.as_str(),
            count: zones.zones.len(),
            population: zones.zones.iter().map(|z| z.population).sum(),
            units: zones.zones.iter().map(|z| z.units.len()).sum(),
            unzoned_units: zones
                .unzoned
                .iter()
                .map(|&u| run.territory.units[u].code.clone())
                .collect(),
        }
    }
}

/// The `stalled` section: the date of the analysis and where it comes from, the threshold,
/// the stalled CPTS (listed in `stalled.csv`) and those whose stage has no date.
#[derive(Debug, Serialize)]
pub struct StalledSummary {
    pub date: Option<String>,
    /// `as_of`, or `latest_listing_date` without `--as-of`.
    pub date_source: &'static str,
    pub threshold_months: u32,
    pub count: usize,
    pub since_unknown: Vec<String>,
}

impl StalledSummary {
    pub(crate) fn of(stalled: &Stalled) -> StalledSummary {
        StalledSummary {
            date: stalled.date.map(|d| d.format("%Y-%m-%d").to_string()),
            date_source: stalled.date_source.as_str(),
            threshold_months: stalled.threshold_months,
            count: stalled.cpts.len(),
            since_unknown: stalled.since_unknown.clone(),
        }
    }
}

/// Where the default tariff comes from (also in the weights file and the README).
pub const TARIFF_SOURCE: &str = "ACI CPTS of 20 June 2019 (arrêté of 21 August 2019), fixed annual envelope for the functioning of the CPTS by size class";

/// The `funding` section (S9): the tariff used, so that every euro can be traced, and the
/// totals of the study area.
#[derive(Debug, Serialize)]
pub struct FundingSummary {
    /// Euros per year by size class.
    pub tariff: Tariff,
    /// `built-in` (the source follows) or the `--weights` file.
    pub tariff_from: String,
    pub tariff_source: &'static str,
    pub cpts_signed: usize,
    pub cpts_funded_after: usize,
    pub envelope_before_eur: u64,
    pub envelope_after_eur: u64,
    pub delta_eur: i64,
}

impl FundingSummary {
    pub fn of(run: &PlanRun) -> FundingSummary {
        let f = &run.funding;
        FundingSummary {
            tariff: f.tariff.clone(),
            tariff_from: run
                .zones
                .coverage
                .inputs
                .weights
                .as_ref()
                .map(|s| s.path().display().to_string())
                .unwrap_or_else(|| "built-in".into()),
            tariff_source: TARIFF_SOURCE,
            cpts_signed: f.total.cpts_signed,
            cpts_funded_after: f.total.cpts_funded_after,
            envelope_before_eur: f.total.envelope_before,
            envelope_after_eur: f.total.envelope_after,
            delta_eur: f.total.delta(),
        }
    }
}

/// The `series` section: the dates and the study area's figures at the first and last.
#[derive(Debug, Serialize)]
pub struct SeriesSummary {
    pub dates: Vec<String>,
    pub min_stage: &'static str,
    pub zones: bool,
    pub first: NationalFigures,
    pub last: NationalFigures,
}

/// One side of a comparison.
#[derive(Debug, Serialize)]
pub struct CompareSide {
    pub label: String,
    pub cpts: String,
    pub as_of: Option<String>,
    pub figures: NationalFigures,
    pub cpts_existing: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zones: Option<usize>,
}

/// The `compare` section: both sides and the number of changes of each kind.
#[derive(Debug, Serialize)]
pub struct CompareSummary {
    pub before: CompareSide,
    pub after: CompareSide,
    pub units_changed: usize,
    /// Count of each `change` of `changes_cpts.csv` and `changes_zones.csv`.
    pub cpts_changes: BTreeMap<&'static str, usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zones_changes: Option<BTreeMap<&'static str, usize>>,
}

#[derive(Debug, Serialize)]
pub struct FormerCode {
    pub former: String,
    pub current: String,
    pub rows: usize,
}

/// The layer a prepared territory was built from.
#[derive(Debug, Serialize)]
pub struct PreparedFrom {
    pub source: String,
    pub source_sha256: String,
    /// Whether the layer was found where it was prepared and checked to be unchanged.
    pub source_checked: bool,
    pub engine: String,
}

#[derive(Debug, Serialize)]
pub struct SummaryInputs {
    pub communes: Option<String>,
    /// When `communes` is a prepared territory (`.zbt`): the layer it was prepared from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub communes_prepared: Option<PreparedFrom>,
    pub communes_features: usize,
    pub communes_crs: Option<String>,
    pub cog: String,
    pub cpts: String,
    pub cpts_rows: usize,
    pub cpts_columns: BTreeMap<String, String>,
    pub default_stage: Option<&'static str>,
    pub population: String,
}

#[derive(Debug, Serialize)]
pub struct StudyArea {
    pub departements: usize,
    pub units: usize,
    pub geometry: bool,
    pub split_cities: Vec<String>,
    pub units_without_geometry: Vec<String>,
}

#[derive(Debug, Serialize, PartialEq)]
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

#[derive(Debug, Serialize)]
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

#[derive(Debug, Serialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub kind: String,
    pub message: String,
}

impl NationalFigures {
    pub(crate) fn from_totals(t: &StageTotals) -> NationalFigures {
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

/// Build the summary of a run; `extra` are the evidence tables' unresolved rows.
pub(crate) fn summary(
    run: &CoverageRun,
    command: &str,
    extra: &[Unresolved],
    stalled: &Stalled,
) -> Summary {
    let unresolved = unresolved_rows(run, extra).len();
    let counts = Counts::of(run, unresolved);
    let listing = &run.listing;
    Summary {
        schema: "zones-blanches/summary",
        schema_version: SUMMARY_SCHEMA_VERSION,
        engine_version: env!("CARGO_PKG_VERSION"),
        command: command.to_string(),
        as_of: run
            .inputs
            .listing
            .as_of
            .map(|d| d.format("%Y-%m-%d").to_string()),
        inputs: SummaryInputs::of(run),
        study_area: StudyArea::of(run),
        france: NationalFigures::from_totals(&run.scopes.france),
        zones: None,
        plan: None,
        funding: None,
        stalled: StalledSummary::of(stalled),
        series: None,
        compare: None,
        former_codes: listing
            .former_codes
            .iter()
            .map(|((former, current), rows)| FormerCode {
                former: former.clone(),
                current: current.clone(),
                rows: *rows,
            })
            .collect(),
        warnings: warnings(run, &counts),
        counts,
    }
}

/// The notices of the territory and the listing, and warnings on unresolved rows and
/// conflicting overlaps, sorted.
fn warnings(run: &CoverageRun, counts: &Counts) -> Vec<Warning> {
    let mut notices: Vec<Notice> = run
        .territory
        .notices
        .iter()
        .chain(&run.listing.notices)
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

impl SummaryInputs {
    fn of(run: &CoverageRun) -> SummaryInputs {
        let listing = &run.listing;
        SummaryInputs {
            communes: run
                .inputs
                .communes
                .as_ref()
                .map(|s| s.path().display().to_string()),
            communes_prepared: run.prepared.as_ref().map(|p| PreparedFrom {
                source: p.provenance.source.clone(),
                source_sha256: p.provenance.source_sha256.clone(),
                source_checked: p.source_checked,
                engine: p.provenance.engine.clone(),
            }),
            communes_features: run.features_read,
            communes_crs: run.communes_crs.clone(),
            cog: run.cog.describe(),
            cpts: listing.source.clone(),
            cpts_rows: listing.rows,
            cpts_columns: listing
                .columns_used
                .iter()
                .map(|(f, h)| (f.as_str().to_string(), h.clone()))
                .collect(),
            default_stage: run.inputs.listing.default_stage.map(|s| s.as_str()),
            population: run.territory.population_source.clone(),
        }
    }
}

impl StudyArea {
    fn of(run: &CoverageRun) -> StudyArea {
        let territory = &run.territory;
        StudyArea {
            departements: territory.departements.len(),
            units: territory.units.len(),
            geometry: territory.has_geometry,
            split_cities: territory.split_cities.iter().cloned().collect(),
            units_without_geometry: territory
                .units_without_geometry()
                .iter()
                .map(|u| u.code.clone())
                .collect(),
        }
    }
}

impl Counts {
    fn of(run: &CoverageRun, unresolved: usize) -> Counts {
        let listing = &run.listing;
        let territory = &run.territory;
        // S7: the CPTS, units and overlaps of the reporting area (everything without one).
        let in_area = |u: usize| territory.in_area(u);
        let cpts: Vec<&crate::inputs::listing::Cpts> = listing
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
        let covered = run
            .coverage
            .units
            .iter()
            .enumerate()
            .filter(|(u, c)| in_area(*u) && c.stage.is_some_and(|s| s.is_covered()))
            .count();
        let overlaps: Vec<_> = run
            .coverage
            .overlaps
            .iter()
            .filter(|o| in_area(o.unit))
            .collect();
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
    /// CPTS projects below `--min-stage` whose units stay with them (kind `mature`).
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

impl PlanSummary {
    /// The plan section of `summary.json` for a plan run.
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
        let france = &run.scopes.france;
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
                .map(|s| s.path().display().to_string())
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
                .filter(|t| matches!(t.kind, TargetKind::Existing(_)) && !t.mature)
                .count(),
            cpts_matured: plan.targets.iter().filter(|t| t.mature).count(),
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
            pct_covered: round2(percent(france.covered, france.stages.total)),
            pct_after_plan: round2(percent(france.after_plan, france.stages.total)),
        }
    }
}
