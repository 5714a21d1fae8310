//! The plan run (S6, S8, S9): the zones run, the evidence of the options (flows, MSP), the
//! task force's decisions, the ranked options of every zone, the 100 % plan, its figures by
//! scope, the ACI funding, and the plan's totals.

use super::figures::{
    EvidenceSummary, FundingSummary, PlanSummary, TARIFF_SOURCE, rounded_percent,
};
use super::zones::{ZonesRun, run_zones_with};
use crate::coverage::Scopes;
use crate::error::Result;
use crate::inputs::Inputs;
use crate::inputs::decisions::Decisions;
use crate::inputs::evidence::{Flows, MspTable};
use crate::inputs::weights::Weights;
use crate::io::source::Source;
use crate::io::table::RawTable;
use crate::model::{Stage, Unresolved};
use crate::plan::applied::{DecisionStatus, refused_notices, statuses};
use crate::plan::context::{Context, UnitFacts, unit_facts};
use crate::plan::funding::Funding;
use crate::plan::options::CoverageOption;
use crate::plan::scopes::{PlanTotals, plan_scopes};
use crate::plan::{Plan, TargetKind};
use crate::progress::{Progress, Silent, timed};
use std::collections::BTreeMap;

/// The result of a plan run: zones, then the options of every zone and the plan (S6).
#[derive(Debug, Clone)]
pub struct PlanRun {
    /// The zones (and, inside, the coverage) the plan covers.
    pub zoning: ZonesRun,
    /// The option weights and thresholds used.
    pub weights: Weights,
    /// The flow table, as read and placed.
    pub flows: Option<Flows>,
    /// The MSP table, as read and placed.
    pub msp: Option<MspTable>,
    /// The task force's decisions (S8), as read.
    pub decisions: Option<Decisions>,
    /// What became of each row of the decisions file (S8 amendment), in file order.
    pub decision_statuses: Vec<DecisionStatus>,
    /// Ranked options of each zone (same order as the zones).
    pub options: Vec<Vec<CoverageOption>>,
    /// Every uncovered unit's target (S6).
    pub plan: Plan,
    /// Figures by scope now and once the plan is carried out.
    pub scopes: Scopes<PlanTotals>,
    /// ACI envelopes before and after the plan (S9).
    pub funding: Funding,
    /// The plan's totals (the `plan` section of `summary.json`).
    pub summary: PlanSummary,
    /// The funding totals and the tariff's source (the `funding` section of `summary.json`).
    pub funding_summary: FundingSummary,
    /// Centre, area and perimeter of every unit, computed once for every plan of the run.
    unit_facts: Vec<UnitFacts>,
}

/// Run S1–S6: zones, then options and the 100 % plan.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use zones_blanches::{Inputs, Stage, run_plan};
/// let run = run_plan(&Inputs::demo(), Stage::Li)?;
/// let zones = &run.zoning.zones;
/// assert!(!zones.is_empty());
/// // Every uncovered unit with geometry is placed by the plan (S6).
/// let placed = run.plan.target_of.iter().filter(|t| t.is_some()).count();
/// assert_eq!(placed, zones.iter().map(|z| z.units.len()).sum::<usize>());
/// assert_eq!(run.summary.units_placed, placed);
/// assert_eq!(run.summary.pct_after_plan, 100.0);
/// # Ok(())
/// # }
/// ```
pub fn run_plan(inputs: &Inputs, min_stage: Stage) -> Result<PlanRun> {
    run_plan_with(inputs, min_stage, &Silent)
}

/// [`run_plan`], telling `progress` of each step.
pub fn run_plan_with(
    inputs: &Inputs,
    min_stage: Stage,
    progress: &dyn Progress,
) -> Result<PlanRun> {
    let weights = match &inputs.weights {
        Some(source) => Weights::load(source)?,
        None => Weights::default(),
    };
    let zoning = run_zones_with(inputs, min_stage, progress)?;
    let (territory, cog) = (&zoning.coverage.territory, &zoning.coverage.cog);
    let flows = evidence(progress, "read flows", inputs.flows.as_ref(), |table| {
        Flows::load(table, territory, cog)
    })?;
    let msp = evidence(progress, "read MSP", inputs.msp.as_ref(), |table| {
        MspTable::load(table, territory, cog)
    })?;
    let weights_from = inputs
        .weights
        .as_ref()
        .map(|s| s.path().display().to_string())
        .unwrap_or_else(|| "built-in".into());
    let mut run = PlanRun {
        zoning,
        weights,
        flows,
        msp,
        decisions: None,
        decision_statuses: Vec::new(),
        options: Vec::new(),
        plan: Plan::default(),
        scopes: Scopes::default(),
        funding: Funding::default(),
        summary: PlanSummary {
            weights: weights_from,
            ..PlanSummary::default()
        },
        funding_summary: FundingSummary::default(),
        unit_facts: Vec::new(),
    };
    run.unit_facts = unit_facts(&run.zoning.metric);
    run.replan_with(inputs.decisions.as_ref(), progress)?;
    Ok(run)
}

impl PlanRun {
    /// The plan again, around other decisions (S8): the territory, coverage, zones and
    /// evidence stay as they are; the decisions, options, plan, figures, funding and
    /// findings are rebuilt, equal to a run from the same inputs with `decisions`. The
    /// planning table calls this after every edit. On an error the run is left unchanged.
    pub fn replan(&mut self, decisions: Option<&Source>) -> Result<()> {
        self.replan_with(decisions, &Silent)
    }

    /// [`PlanRun::replan`], telling `progress` of each step.
    pub fn replan_with(
        &mut self,
        decisions: Option<&Source>,
        progress: &dyn Progress,
    ) -> Result<()> {
        let zoning = &self.zoning;
        let (territory, cog) = (&zoning.coverage.territory, &zoning.coverage.cog);
        let decisions = timed(progress, "read decisions", || {
            decisions
                .map(|source| {
                    let zones: Vec<(String, Vec<usize>)> = zoning
                        .zones
                        .iter()
                        .map(|z| (z.key.clone(), z.units.clone()))
                        .collect();
                    Decisions::load(source, territory, &zoning.coverage.listing, cog, &zones)
                })
                .transpose()
        })?;
        let (options, plan) = timed(progress, "options + plan", || {
            let coverage = &zoning.coverage;
            let mut ctx = Context::new(
                &coverage.territory,
                &coverage.listing,
                &coverage.cover,
                &self.unit_facts,
                &zoning.adjacency,
                &zoning.zones,
                &self.weights,
                self.flows.as_ref(),
                self.msp.as_ref(),
                decisions.as_ref(),
            );
            ctx.belonging.name_epci(cog);
            crate::plan::options_and_plan(&ctx)
        });
        let coverage = &zoning.coverage;
        let figures_started = std::time::Instant::now();
        self.scopes = plan_scopes(
            &coverage.territory,
            &coverage.cover,
            &coverage.scopes,
            &zoning.zones,
            &plan,
        );
        self.funding = Funding::of(
            &coverage.territory,
            &coverage.listing,
            &plan,
            &self.weights.funding,
        );
        // The run's findings: the evidence tables, the decisions and the plan add their rows.
        let extra: Vec<Unresolved> = self
            .flows
            .iter()
            .flat_map(|f| &f.unresolved)
            .chain(self.msp.iter().flat_map(|m| &m.unresolved))
            .chain(decisions.iter().flat_map(|d| &d.unresolved))
            .chain(&plan.unresolved)
            .cloned()
            .collect();
        self.decision_statuses = decisions
            .as_ref()
            .map(|d| statuses(d, &plan, &coverage.listing, &coverage.territory))
            .unwrap_or_default();
        let mut notices = decisions.as_ref().map_or(Vec::new(), |d| d.notices.clone());
        if let Some(d) = &decisions {
            notices.extend(refused_notices(
                &self.decision_statuses,
                &d.source,
                &coverage.territory,
            ));
        }
        self.zoning
            .coverage
            .refresh_findings(self.zoning.register.as_ref(), extra, &notices);
        self.decisions = decisions;
        self.options = options;
        self.plan = plan;
        let weights_from = std::mem::take(&mut self.summary.weights);
        self.summary = plan_summary(self, weights_from.clone());
        self.funding_summary = funding_summary(self, weights_from);
        progress.done("plan figures + findings", figures_started.elapsed());
        Ok(())
    }
}

/// An evidence table of the options, when given: read, then resolved by `load`.
fn evidence<T>(
    progress: &dyn Progress,
    step: &str,
    source: Option<&Source>,
    load: impl Fn(&RawTable) -> Result<T>,
) -> Result<Option<T>> {
    timed(progress, step, || {
        source
            .map(|source| load(&RawTable::read(source, None)?))
            .transpose()
    })
}

/// The plan's totals.
fn plan_summary(run: &PlanRun, weights: String) -> PlanSummary {
    let plan = &run.plan;
    let territory = &run.zoning.coverage.territory;
    let cap = run.weights.thresholds.max_population;
    let mut recommended: BTreeMap<&'static str, usize> = ["extend", "split", "create", "mentor"]
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
    let count = |keep: &dyn Fn(&crate::plan::PlanTarget) -> bool| {
        plan.targets.iter().filter(|t| keep(t)).count()
    };
    let ids = |keep: &dyn Fn(&crate::plan::PlanTarget) -> bool| {
        plan.targets
            .iter()
            .filter(|t| keep(t))
            .map(|t| t.id.clone())
            .collect()
    };
    PlanSummary {
        weights,
        create_min_population: run.weights.thresholds.create_min_population,
        max_population: cap,
        flows: run.flows.as_ref().map(|f| {
            let unresolved = f.unresolved.len();
            evidence(&f.source, f.rows, f.flows.len(), f.rows_outside, unresolved)
        }),
        msp: run.msp.as_ref().map(|m| {
            let unresolved = m.unresolved.len();
            evidence(&m.source, m.rows, m.msp.len(), m.rows_outside, unresolved)
        }),
        options: run.options.iter().map(|o| o.len()).sum(),
        recommended,
        cpts_extended: count(&|t| matches!(t.kind, TargetKind::Existing(_)) && !t.mature),
        cpts_matured: count(&|t| t.mature),
        new_cpts: count(&|t| matches!(t.kind, TargetKind::New { .. })),
        new_cpts_mentored: count(&|t| {
            matches!(
                t.kind,
                TargetKind::New {
                    mentor: Some(_),
                    ..
                }
            )
        }),
        units_placed: placed.len(),
        population_placed: placed.iter().map(|&u| territory.units[u].population).sum(),
        units_unplaced: plan
            .unplaced
            .iter()
            .map(|&u| territory.units[u].code.clone())
            .collect(),
        by_sea: ids(&|t| t.by_sea),
        over_cap: ids(&|t| t.population_after > cap && !t.units_added.is_empty()),
        pct_covered: rounded_percent(france.covered, france.stages.total),
        pct_after_plan: rounded_percent(france.after_plan, france.stages.total),
    }
}

/// The funding totals of the study area and where the tariff comes from.
fn funding_summary(run: &PlanRun, tariff_from: String) -> FundingSummary {
    let f = &run.funding;
    FundingSummary {
        tariff: f.tariff.clone(),
        tariff_from,
        tariff_source: TARIFF_SOURCE,
        cpts_signed: f.total.cpts_signed,
        cpts_funded_after: f.total.cpts_funded_after,
        envelope_before_eur: f.total.envelope_before,
        envelope_after_eur: f.total.envelope_after,
        delta_eur: f.total.delta(),
    }
}
