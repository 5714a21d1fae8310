//! Coverage options and the 100 % plan (S6): the facts every option reads ([`context`]), the
//! options of each zone with their evidence and scores ([`options`]), the split of a large zone
//! into new CPTS ([`partition`]), the assignment of every uncovered unit ([`assignment`]) and
//! the figures by scope before and after the plan ([`scopes`]).

pub mod applied;
pub mod assignment;
pub mod belonging;
pub mod context;
mod decided;
mod follow;
pub mod funding;
mod hint;
mod leftovers;
pub mod options;
pub mod partition;
pub(crate) mod pieces;
pub mod scopes;
pub mod sensitivity;

pub use assignment::{Plan, PlanTarget, TargetKind};

/// The ranked options of every zone (scored in parallel) and the plan that follows them.
pub(crate) fn options_and_plan(
    ctx: &context::Context,
) -> (Vec<Vec<options::CoverageOption>>, Plan) {
    let mut options = options::options_for_zones(ctx);
    let plan = Plan::build(ctx, &mut options);
    (options, plan)
}
