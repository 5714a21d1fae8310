//! `summary.json` (versioned schema, documented in the README): national figures, counts,
//! inputs, warnings, and the zones and plan sections of the commands that compute them.

use super::registry::Run;
use crate::analysis::figures::{
    Counts, FundingSummary, NationalFigures, PlanSummary, Warning, ZonesSummary,
};
use crate::analysis::{CoverageRun, Snapshot};
use crate::time::stalled::Stalled;
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the `summary.json` schema; bumped on any incompatible change.
pub(crate) const SUMMARY_SCHEMA_VERSION: u32 = 1;

/// `summary.json`, schema version [`SUMMARY_SCHEMA_VERSION`] (documented in the README).
#[derive(Debug, Serialize)]
pub(crate) struct Summary {
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

/// The `stalled` section: the date of the analysis and where it comes from, the threshold,
/// the stalled CPTS (listed in `stalled.csv`) and those whose stage has no date.
#[derive(Debug, Serialize)]
pub(crate) struct StalledSummary {
    pub date: Option<String>,
    /// `as_of`, or `latest_listing_date` without `--as-of`.
    pub date_source: &'static str,
    pub threshold_months: u32,
    pub count: usize,
    pub since_unknown: Vec<String>,
}

impl StalledSummary {
    fn of(stalled: &Stalled) -> StalledSummary {
        StalledSummary {
            date: stalled.date.map(|d| d.format("%Y-%m-%d").to_string()),
            date_source: stalled.date_source.as_str(),
            threshold_months: stalled.threshold_months,
            count: stalled.cpts.len(),
            since_unknown: stalled.since_unknown.clone(),
        }
    }
}

/// The `series` section: the dates and the study area's figures at the first and last.
#[derive(Debug, Serialize)]
pub(crate) struct SeriesSummary {
    pub dates: Vec<String>,
    pub min_stage: &'static str,
    pub zones: bool,
    pub first: NationalFigures,
    pub last: NationalFigures,
}

/// One side of a comparison.
#[derive(Debug, Serialize)]
pub(crate) struct CompareSide {
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
pub(crate) struct CompareSummary {
    pub before: CompareSide,
    pub after: CompareSide,
    pub units_changed: usize,
    /// Count of each `change` of `changes_cpts.csv` and `changes_zones.csv`.
    pub cpts_changes: BTreeMap<&'static str, usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zones_changes: Option<BTreeMap<&'static str, usize>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct FormerCode {
    pub former: String,
    pub current: String,
    pub rows: usize,
}

/// The layer a prepared territory was built from.
#[derive(Debug, Serialize)]
pub(crate) struct PreparedFrom {
    pub source: String,
    pub source_sha256: String,
    /// Whether the layer was found where it was prepared and checked to be unchanged.
    pub source_checked: bool,
    pub engine: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct SummaryInputs {
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
    /// S11, with `--groups`: the file, its groups and the units it leaves in none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<GroupsRead>,
}

#[derive(Debug, Serialize)]
pub(crate) struct GroupsRead {
    pub source: String,
    pub groups: usize,
    pub units_without_group: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct StudyArea {
    pub departements: usize,
    pub units: usize,
    pub geometry: bool,
    pub split_cities: Vec<String>,
    pub units_without_geometry: Vec<String>,
}

impl SummaryInputs {
    fn of(run: &CoverageRun) -> SummaryInputs {
        let listing = &run.listing;
        SummaryInputs {
            communes: run
                .record
                .communes
                .as_ref()
                .map(|p| p.display().to_string()),
            communes_prepared: run.record.prepared.as_ref().map(|p| PreparedFrom {
                source: p.provenance.source.clone(),
                source_sha256: p.provenance.source_sha256.clone(),
                source_checked: p.source_checked,
                engine: p.provenance.engine.clone(),
            }),
            communes_features: run.record.communes_features,
            communes_crs: run.record.communes_crs.clone(),
            cog: run.cog.describe(),
            cpts: listing.source.clone(),
            cpts_rows: listing.rows,
            cpts_columns: listing
                .columns_used
                .iter()
                .map(|(f, h)| (f.as_str().to_string(), h.clone()))
                .collect(),
            default_stage: run.record.default_stage.map(|s| s.as_str()),
            population: run.territory.population_source.clone(),
            groups: run.territory.groups.as_ref().map(|g| GroupsRead {
                source: g.source.clone(),
                groups: g.ids.len(),
                units_without_group: g.of_unit.iter().filter(|u| u.is_none()).count(),
            }),
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

fn date_text(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

impl Summary {
    /// `summary.json` of a run written by `command`.
    pub(crate) fn of(run: Run, command: &str) -> Summary {
        let coverage = run.coverage();
        let findings = match run {
            Run::Compare(c) => &c.findings,
            _ => &coverage.findings,
        };
        let plan = match run {
            Run::Plan(plan) => Some(plan),
            _ => None,
        };
        Summary {
            schema: "zones-blanches/summary",
            schema_version: SUMMARY_SCHEMA_VERSION,
            engine_version: env!("CARGO_PKG_VERSION"),
            command: command.to_string(),
            as_of: coverage.record.as_of.map(date_text),
            inputs: SummaryInputs::of(coverage),
            study_area: StudyArea::of(coverage),
            france: coverage.national(),
            counts: findings.counts.clone(),
            zones: run.zones().map(|z| z.summary.clone()),
            plan: plan.map(|p| p.summary.clone()),
            funding: plan.map(|p| p.funding_summary.clone()),
            stalled: StalledSummary::of(&coverage.stalled),
            series: series_section(run),
            compare: compare_section(run),
            former_codes: coverage
                .listing
                .former_codes
                .iter()
                .map(|((former, current), rows)| FormerCode {
                    former: former.clone(),
                    current: current.clone(),
                    rows: *rows,
                })
                .collect(),
            warnings: findings.warnings.clone(),
        }
    }
}

/// The `series` section of a series run.
fn series_section(run: Run) -> Option<SeriesSummary> {
    let Run::Series(run) = run else {
        return None;
    };
    let (first, last) = (run.points.first()?, run.points.last()?);
    let figures =
        |p: &crate::time::series::SeriesPoint| NationalFigures::from_totals(&p.scopes.france);
    Some(SeriesSummary {
        dates: run.points.iter().map(|p| date_text(p.date)).collect(),
        min_stage: run.min_stage.as_str(),
        zones: first.zones.is_some(),
        first: figures(first),
        last: figures(last),
    })
}

/// The `compare` section of a comparison.
fn compare_section(run: Run) -> Option<CompareSummary> {
    let Run::Compare(c) = run else {
        return None;
    };
    Some(CompareSummary {
        before: compare_side(&c.before),
        after: compare_side(&c.after),
        units_changed: c.changes.units.len(),
        cpts_changes: c.changes.cpts_counts(),
        zones_changes: c.changes.zones_counts(),
    })
}

/// One side of a comparison in `summary.json`.
fn compare_side(side: &Snapshot) -> CompareSide {
    let run = &side.run;
    CompareSide {
        label: side.label.clone(),
        cpts: run.listing.source.clone(),
        as_of: run.record.as_of.map(date_text),
        figures: run.national(),
        cpts_existing: run.findings.counts.cpts_existing,
        zones: side.zones.as_ref().map(|z| z.len()),
    }
}
