//! What a person looks at: maps (SVG, PNG) and the self-contained HTML report, drawn from the
//! results of a run.

pub mod chart;
pub mod map;
pub mod report;
