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
//! A script calls [`run_coverage`], [`run_zones`] or [`run_plan`] on [`Inputs`] (files or bytes
//! in memory, see [`Source`]) and reads the result types; [`export`] turns a run into the files
//! the CLI writes, [`render`] draws maps and the report. The library prints nothing.
//!
//! ```
//! use zones_blanches::{Inputs, Stage, run_plan};
//! let run = run_plan(&Inputs::demo(), Stage::Li).unwrap();
//! let zones = &run.zones.zones.zones;
//! assert!(!zones.is_empty());
//! // Every uncovered unit with geometry is placed by the plan (S6).
//! let placed = run.plan.target_of.iter().filter(|t| t.is_some()).count();
//! assert_eq!(placed, zones.iter().map(|z| z.units.len()).sum::<usize>());
//! ```

pub mod adjacency;
pub mod analysis;
pub mod coverage;
pub mod error;
pub mod export;
pub mod inputs;
pub(crate) mod io;
pub mod model;
mod parallel;
pub mod plan;
pub mod prepared;
pub(crate) mod progress;
pub mod render;
pub mod territory;
pub mod timeline;
pub mod zones;

#[doc(hidden)]
pub mod bench;
#[cfg(test)]
mod testing;

pub use analysis::{
    CoverageRun, PlanRun, Progress, Silent, ZonesRun, run_coverage, run_coverage_with, run_plan,
    run_plan_with, run_zones, run_zones_with,
};
pub use error::{Error, Result};
pub use export::summary;
pub use inputs::{Inputs, cpts_polygons, demo, evidence, listing, stage_label, weights};
pub use io::crs::MetricCrs;
pub use io::source::Source;
pub use io::write;
pub use model::{SizeClass, Stage};
pub use model::{format, french};
