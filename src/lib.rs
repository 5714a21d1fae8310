//! zones-blanches: measure how much of France is covered by CPTS, by maturity stage, and find the
//! zones blanches no CPTS covers. See SEMANTICS in the README for what every number means.
//!
//! The flow goes one way: inputs → [`territory::Territory`] → [`coverage::Coverage`] → outputs.

pub mod adjacency;
pub mod cog;
pub mod coverage;
pub mod cpts_polygons;
pub mod demo;
pub mod error;
pub mod evidence;
pub mod io;
pub mod listing;
pub mod map;
pub mod model;
pub mod options;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod plan_output;
pub mod progress;
pub mod report;
pub mod territory;
pub mod weights;
pub mod zones;

pub use error::{Error, Result};
pub use model::{SizeClass, Stage};
pub use pipeline::{CoverageRun, Inputs, PlanRun, ZonesRun, run_coverage, run_plan, run_zones};
