//! zones-blanches: measure how much of France is covered by CPTS (communautés professionnelles
//! territoriales de santé) at each maturity stage, find the *zones blanches* no CPTS covers, and
//! propose how to cover each one — the work of the task forces of the Plan 100 % CPTS.
//!
//! The flow goes one way, each stage a plain value computed from the previous ones:
//!
//! ```text
//! Inputs ─► Territory ─► Listing ─► Coverage ─► Adjacency ─► WhiteZones ─► options ─► Plan
//! (files    units (S1)   rows → units  stage per    metric      components,   scored     100 %,
//!  or bytes)             (S2, S3)      unit, scopes  pairs (S5)  outlines (S5) (S6)      contiguous
//! ```
//!
//! A script names its [`Inputs`] (files, or bytes held in memory: [`Source`]), calls one run —
//! [`run_coverage`], [`run_zones`], [`run_plan`], [`run_series`], [`run_compare`] — and reads
//! its result, every figure computed once ([`figures`]); [`export`] turns a result into the
//! files the command line writes, byte for byte, into memory or a folder. The library prints
//! nothing, and its errors ([`Error`]) name the file, row and field, and the [`Setting`] to
//! change.
//!
//! ```
//! use zones_blanches::export::{Files, Options, analyze_outputs};
//! use zones_blanches::{Inputs, Stage, run_plan};
//! let run = run_plan(&Inputs::demo(), Stage::Li)?;
//! println!("{} zones blanches", run.zoning.zones.len());
//! let mut files = Files::new();
//! analyze_outputs(&run, &Options::default(), &mut files)?;
//! assert!(files.iter().any(|(name, _)| name == "report.html"));
//! # Ok::<(), zones_blanches::Error>(())
//! ```
#![warn(missing_docs)]

mod adjacency;
mod analysis;
mod coverage;
mod error;
pub mod export;
mod inputs;
mod io;
mod layer_gaps;
mod model;
mod parallel;
mod plan;
mod prepared;
mod progress;
mod render;
mod territory;
mod time;
mod zones;

#[doc(hidden)]
pub mod bench;
/// The command line (`--flag` parsing, each command's run and terminal lines), in the library
/// so that the Python package runs the same commands with the same flags; not a stable API.
#[cfg(feature = "cli")]
#[doc(hidden)]
#[allow(missing_docs)]
pub mod cli;
#[cfg(feature = "cli")]
mod serve;
#[cfg(test)]
mod testing;

pub use analysis::figures;
pub use analysis::{
    Comparison, CoverageRun, InputRecord, Monitoring, PlanRun, SeriesRun, Snapshot, ZoneRegister,
    ZoneTarget, ZonesRun, run_compare, run_compare_with, run_coverage, run_coverage_with, run_plan,
    run_plan_with, run_series, run_series_with, run_zones, run_zones_with,
};
pub use error::{Error, Result};
pub use inputs::Inputs;
pub use inputs::demo::write as write_demo_files;
pub use inputs::weights::DEFAULT_WEIGHTS_TOML;
pub use io::source::Source;
pub use model::catalogue::{Lang, Text, Words};
pub use model::format;
pub use model::setting::Setting;
pub use model::{SizeClass, Stage};
pub use prepared::{
    PrepareInputs, PreparedTerritory, PreparedUse, Provenance, is_prepared, prepare,
};
pub use progress::{Progress, Silent};

/// The parts a result holds, by stage, so that a script can name them.
pub mod parts {
    pub use crate::adjacency::{Adjacency, Neighbours};
    pub use crate::coverage::{
        Coverage, Overlap, OverlapNature, Scopes, StageTotals, UnitCoverage, study_area_name,
        study_area_title,
    };
    pub use crate::inputs::decisions::{Assignment, DecisionTarget, Decisions};
    pub use crate::inputs::evidence::{Flow, Flows, Msp, MspTable};
    pub use crate::inputs::listing::{Cpts, Field, Listing, ListingOptions, parse_date};
    pub use crate::inputs::stage_label::StageMap;
    pub use crate::inputs::weights::{Tariff, Weights};
    pub use crate::io::crs::MetricCrs;
    pub use crate::model::{Notice, UnitKind, Unresolved};
    pub use crate::plan::funding::{Basis, Funding, FundingRow, FundingTotals};
    pub use crate::plan::options::{Component, CoverageOption, NewCpts, OptionKind, Scored};
    pub use crate::plan::scopes::PlanTotals;
    pub use crate::plan::{Plan, PlanTarget, TargetKind};
    pub use crate::render::map::Layer;
    pub use crate::territory::cog::Cog;
    pub use crate::territory::reporting::ReportingArea;
    pub use crate::territory::{FieldNames, Territory, Unit};
    pub use crate::time::compare::{Changes, CptsChange, UnitChange, ZoneChange};
    pub use crate::time::series::{CptsAtStage, SeriesPoint, ZoneFigures};
    pub use crate::time::stalled::{DateSource, Stalled, StalledCpts};
    pub use crate::time::{Every, dates_between};
    pub use crate::zones::{WhiteZone, WhiteZones};
}
