//! The one registry of output tables: each table's name, the runs that write it and how its
//! frame is built, its place in the workbook. The CSV/Parquet writer, the workbook, the
//! GeoPackage, the clean-up of an earlier run's files in the output folder and the shipped
//! schema's `written_by` all read it: adding a table is one variant and its arms here.

use super::{decisions, funding, monitor, plan, tables, time};
use crate::analysis::{Comparison, CoverageRun, PlanRun, SeriesRun, ZonesRun};
use crate::model::catalogue::Lang;
use polars::prelude::{DataFrame, PolarsResult};

/// A run whose files are written, as the tables see it.
#[derive(Clone, Copy)]
pub enum Run<'a> {
    /// `coverage`.
    Coverage(&'a CoverageRun),
    /// `zones`.
    Zones(&'a ZonesRun),
    /// `plan`, `analyze`, `report-dgos`.
    Plan(&'a PlanRun),
    /// `series`.
    Series(&'a SeriesRun),
    /// `compare`.
    Compare(&'a Comparison),
}

impl<'a> Run<'a> {
    /// The coverage the files describe (the side after, for a comparison).
    pub(crate) fn coverage(self) -> &'a CoverageRun {
        match self {
            Run::Coverage(run) => run,
            Run::Zones(run) => &run.coverage,
            Run::Plan(run) => &run.zoning.coverage,
            Run::Series(run) => &run.coverage,
            Run::Compare(c) => &c.after.run,
        }
    }

    /// The zones, for the runs that find them.
    pub(crate) fn zones(self) -> Option<&'a ZonesRun> {
        match self {
            Run::Zones(run) => Some(run),
            Run::Plan(run) => Some(&run.zoning),
            _ => None,
        }
    }
}

/// Every table a command may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Table {
    Coverage,
    Units,
    Overlaps,
    CoverageSeries,
    ZonesSeries,
    ChangesUnits,
    ChangesCpts,
    ChangesZones,
    Unresolved,
    Stalled,
    StageDurations,
    Indicators,
    CptsMembers,
    Zones,
    Adjacency,
    Options,
    Plan,
    DecisionsApplied,
    PlanCoverage,
    Funding,
    FundingScopes,
}

impl Table {
    /// Every table, in the order a run writes them (and the GeoPackage holds them).
    pub const ALL: [Table; 21] = [
        Table::Coverage,
        Table::Units,
        Table::Overlaps,
        Table::CoverageSeries,
        Table::ZonesSeries,
        Table::ChangesUnits,
        Table::ChangesCpts,
        Table::ChangesZones,
        Table::Unresolved,
        Table::Stalled,
        Table::StageDurations,
        Table::Indicators,
        Table::CptsMembers,
        Table::Zones,
        Table::Adjacency,
        Table::Options,
        Table::Plan,
        Table::DecisionsApplied,
        Table::PlanCoverage,
        Table::Funding,
        Table::FundingScopes,
    ];

    /// The sheets of the workbook, in the order a task force reads them.
    pub(crate) const SHEETS: [Table; 21] = [
        Table::Coverage,
        Table::Zones,
        Table::Indicators,
        Table::Options,
        Table::Plan,
        Table::DecisionsApplied,
        Table::PlanCoverage,
        Table::Funding,
        Table::FundingScopes,
        Table::Stalled,
        Table::StageDurations,
        Table::CptsMembers,
        Table::CoverageSeries,
        Table::ZonesSeries,
        Table::ChangesCpts,
        Table::ChangesZones,
        Table::ChangesUnits,
        Table::Units,
        Table::Overlaps,
        Table::Unresolved,
        Table::Adjacency,
    ];

    /// The file name without extension: `coverage` for `coverage.csv` and `coverage.parquet`.
    pub fn name(self) -> &'static str {
        match self {
            Table::Coverage => "coverage",
            Table::Units => "units",
            Table::Overlaps => "overlaps",
            Table::CoverageSeries => "coverage_series",
            Table::ZonesSeries => "zones_series",
            Table::ChangesUnits => "changes_units",
            Table::ChangesCpts => "changes_cpts",
            Table::ChangesZones => "changes_zones",
            Table::Unresolved => "unresolved",
            Table::Stalled => "stalled",
            Table::StageDurations => "stage_durations",
            Table::Indicators => "indicators",
            Table::CptsMembers => "cpts_members",
            Table::Zones => "zones",
            Table::Adjacency => "adjacency",
            Table::Options => "options",
            Table::Plan => "plan",
            Table::DecisionsApplied => "decisions_applied",
            Table::PlanCoverage => "plan_coverage",
            Table::Funding => "funding",
            Table::FundingScopes => "funding_scopes",
        }
    }

    /// The table's frame for `run`, or `None` when the run does not write it (`adjacency`:
    /// when asked; `zones_series`, `changes_zones`: with a commune layer).
    pub(crate) fn frame(
        self,
        run: Run,
        lang: Lang,
        adjacency: bool,
    ) -> Option<PolarsResult<DataFrame>> {
        let single = !matches!(run, Run::Series(_) | Run::Compare(_));
        let coverage = run.coverage();
        let zones = run.zones();
        let plan = match run {
            Run::Plan(plan) => Some(plan),
            _ => None,
        };
        let zones_table = zones.map(|z| &z.zones);
        Some(match (self, run) {
            (Table::Coverage, _) if single => tables::coverage_frame(coverage),
            (Table::Units, _) if single => tables::units_frame(coverage, zones_table),
            (Table::Overlaps, _) if single => tables::overlaps_frame(coverage),
            (Table::Stalled, _) if single => time::stalled_frame(coverage),
            (Table::StageDurations, _) if single => monitor::stage_durations_frame(coverage)?,
            (Table::Indicators, _) if single => monitor::indicators_frame(coverage, zones, plan)?,
            (Table::CptsMembers, _) if single => monitor::cpts_members_frame(coverage)?,
            (Table::Unresolved, Run::Compare(c)) => {
                tables::unresolved_frame(&c.findings.unresolved, lang)
            }
            (Table::Unresolved, _) => tables::unresolved_frame(&coverage.findings.unresolved, lang),
            (Table::CoverageSeries, Run::Series(s)) => time::coverage_series_frame(s),
            (Table::ZonesSeries, Run::Series(s)) if s.coverage.territory.has_geometry => {
                time::zones_series_frame(s)
            }
            (Table::ChangesUnits, Run::Compare(c)) => time::changes_units_frame(c),
            (Table::ChangesCpts, Run::Compare(c)) => time::changes_cpts_frame(c),
            (Table::ChangesZones, Run::Compare(c)) => {
                time::changes_zones_frame(c.changes.zones.as_deref()?)
            }
            (Table::Zones, _) => {
                let zones = zones?;
                tables::zones_frame(zones).and_then(|f| monitor::zone_columns(f, zones))
            }
            (Table::Adjacency, _) if adjacency => tables::adjacency_frame(zones?),
            (Table::Options, _) => plan::options_frame(plan?, lang),
            (Table::Plan, _) => plan::plan_frame(plan?, lang),
            (Table::DecisionsApplied, _) if plan?.decisions.is_some() => {
                decisions::decisions_applied_frame(plan?, lang)
            }
            (Table::PlanCoverage, _) => plan::plan_coverage_frame(plan?),
            (Table::Funding, _) => funding::funding_frame(plan?),
            (Table::FundingScopes, _) => funding::funding_scopes_frame(plan?),
            _ => return None,
        })
    }

    /// The commands that write the table (the shipped schema's `written_by`).
    pub fn written_by(self) -> &'static [&'static str] {
        const SINGLE: &[&str] = &["coverage", "zones", "plan", "analyze"];
        const ZONES: &[&str] = &["zones", "plan", "analyze"];
        const PLAN: &[&str] = &["plan", "analyze"];
        match self {
            Table::Coverage
            | Table::Units
            | Table::Overlaps
            | Table::Stalled
            | Table::StageDurations
            | Table::Indicators
            | Table::CptsMembers => SINGLE,
            Table::Unresolved => &["coverage", "zones", "plan", "analyze", "series", "compare"],
            Table::CoverageSeries | Table::ZonesSeries => &["series"],
            Table::ChangesUnits | Table::ChangesCpts | Table::ChangesZones => &["compare"],
            Table::Zones | Table::Adjacency => ZONES,
            Table::Options
            | Table::Plan
            | Table::DecisionsApplied
            | Table::PlanCoverage
            | Table::Funding
            | Table::FundingScopes => PLAN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::schema::TABLES_SCHEMA;

    /// The shipped schema documents exactly the registry's tables, each written by the
    /// commands the registry says.
    #[test]
    fn the_schema_documents_every_table_of_the_registry() {
        let schema: serde_json::Value = serde_json::from_str(TABLES_SCHEMA).expect("schema");
        let documented: Vec<&str> = schema["tables"]
            .as_object()
            .expect("tables")
            .keys()
            .map(String::as_str)
            .collect();
        let mut registered: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        let mut documented_sorted = documented.clone();
        registered.sort();
        documented_sorted.sort();
        assert_eq!(registered, documented_sorted);
        for table in Table::ALL {
            let written_by: Vec<&str> = schema["tables"][table.name()]["written_by"]
                .as_array()
                .expect("written_by")
                .iter()
                .filter_map(|c| c.as_str())
                .collect();
            assert_eq!(written_by, table.written_by(), "{}", table.name());
        }
        for sheet in Table::SHEETS {
            assert!(Table::ALL.contains(&sheet));
        }
    }
}
