//! A run as one call, one result per command: read the inputs, build the territory, resolve
//! the listing, compute coverage (S1–S4), then zones (S5), then options and the plan (S6), or
//! the same listing at many dates (S10). Every figure the outputs show is computed here, once
//! ([`figures`]); nothing here prints or writes a file.

mod built;
mod compare;
mod coverage;
pub mod dgos;
pub mod figures;
mod monitor;
mod plan;
mod read;
mod series;
mod zones;

pub use built::{EpciShares, ZoneTarget};
pub use compare::{Comparison, Snapshot, run_compare, run_compare_with};
pub use coverage::{CoverageRun, InputRecord, run_coverage, run_coverage_with};
pub use monitor::{Monitoring, ZoneRegister};
pub use plan::{PlanRun, run_plan, run_plan_with};
pub use series::{SeriesRun, run_series, run_series_with};
pub use zones::{ZonesRun, run_zones, run_zones_with};
