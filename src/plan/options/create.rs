//! Create options (S6, S11): the zone, or its contiguous parts around the target population of
//! a new CPTS, when it is large enough to stand alone (a lower threshold where it is sparse) or
//! holds a project to grow from; their size, compactness, autonomy, MSP and EPCI kept whole.

use super::{Component, CoverageOption, NewCpts, OptionKind, epci, score};
use crate::model::SizeClass;
use crate::model::catalogue::{NewCptsFigures, OptionPhrase, Text};
use crate::plan::context::Context;
use crate::plan::partition::partition;
use crate::zones::WhiteZone;

/// The new CPTS of a `create` option: the zone, or its parts when it is larger than the target
/// population of a new CPTS, each project of the zone the seed of its own; parts below the
/// threshold (`threshold`) are left to the plan's leftover rule.
pub(super) fn new_cpts_of(
    zone: &WhiteZone,
    threshold: u64,
    ctx: &Context,
) -> (Vec<NewCpts>, Vec<usize>) {
    let projects = ctx.projects_in(&zone.units);
    let (parts, mut leftover) = partition(&zone.units, &projects, ctx);
    let mut new = Vec::new();
    for part in parts {
        let population = ctx.population(&part.units);
        if part.project.is_some() || (population >= threshold && part.units.len() >= 2) {
            new.push(NewCpts {
                compactness: ctx.compactness(&part.units),
                population,
                units: part.units,
                project: part.project,
            });
        } else {
            leftover.extend(part.units);
        }
    }
    leftover.sort_unstable();
    (new, leftover)
}

/// What the create and mentor options of a zone share: its new CPTS and their figures.
pub(super) struct CreateFacts {
    pub(super) new: Vec<NewCpts>,
    pub(super) leftover: Vec<usize>,
    pub(super) largest: u64,
    /// Population-weighted compactness of the new CPTS.
    pub(super) compactness: f64,
    /// Size component: the smallest new CPTS against twice the create threshold.
    pub(super) size: f64,
    pub(super) autonomy: Option<f64>,
    pub(super) msp_count: Option<usize>,
    pub(super) feasible: bool,
    /// The create threshold of the zone (lower where it is sparse).
    pub(super) threshold: u64,
    pub(super) coherence: epci::Coherence,
}

impl CreateFacts {
    /// `None` when the zone cannot stand alone (too small, one unit, or no viable part) and
    /// holds no project to grow from.
    pub(super) fn of(zone: &WhiteZone, ctx: &Context) -> Option<CreateFacts> {
        let t = &ctx.weights.thresholds;
        let threshold = ctx.create_threshold(&zone.units);
        let has_project = zone.units.iter().any(|&u| ctx.project_of(u).is_some());
        if !has_project && (zone.population < threshold || zone.units.len() < 2) {
            return None;
        }
        let (new, leftover) = new_cpts_of(zone, threshold, ctx);
        if new.is_empty() {
            return None;
        }
        let smallest = new.iter().map(|n| n.population).min().unwrap_or(0);
        let largest = new.iter().map(|n| n.population).max().unwrap_or(0);
        let placed: u64 = new.iter().map(|n| n.population).sum();
        let compactness = new
            .iter()
            .map(|n| n.compactness * n.population as f64)
            .sum::<f64>()
            / placed.max(1) as f64;
        let in_new = |d: usize| new.iter().any(|n| n.units.binary_search(&d).is_ok());
        Some(CreateFacts {
            size: (smallest as f64 / (2.0 * threshold as f64)).min(1.0),
            threshold,
            coherence: epci::creation(&zone.units, &new, ctx),
            autonomy: ctx.flow_share(&zone.units, in_new),
            msp_count: ctx.msp_count(&zone.units),
            feasible: largest <= t.max_population,
            new,
            leftover,
            largest,
            compactness,
        })
    }

    /// The new CPTS, as a rationale names them.
    pub(super) fn figures(&self) -> NewCptsFigures {
        NewCptsFigures {
            populations: self.new.iter().map(|n| n.population).collect(),
            class: SizeClass::of_population(self.largest),
            compactness: self.compactness,
        }
    }

    /// `first` (what the option does), then what the new CPTS leave to their neighbours, the
    /// MSP of the zone and the flows that stay inside.
    pub(super) fn rationale(&self, first: OptionPhrase, ctx: &Context) -> Text {
        let mut text = Text::from(first);
        let projects: Vec<String> = self
            .new
            .iter()
            .filter_map(|n| n.project)
            .map(|c| ctx.listing.cpts[c].name.clone())
            .collect();
        if self.new.iter().all(|n| n.project.is_some()) {
            // Only projects: the option is to mature them, nothing is created.
            text = Text::from(OptionPhrase::Mature {
                named: projects,
                new: self.figures(),
            });
        } else if !projects.is_empty() {
            text.push(OptionPhrase::AroundProjects { named: projects });
        }
        let msp: Vec<String> = self
            .new
            .iter()
            .flat_map(|n| n.units.iter().copied())
            .filter(|&u| ctx.msp_in[u] > 0)
            .map(|u| ctx.territory.units[u].name.clone())
            .collect();
        if !msp.is_empty() {
            text.push(OptionPhrase::AroundMsp { communes: msp });
        }
        if !self.leftover.is_empty() {
            text.push(OptionPhrase::LeftToNeighbours {
                units: self.leftover.len(),
                population: ctx.population(&self.leftover),
            });
        }
        if let Some(count) = self.msp_count {
            text.push(OptionPhrase::MspInZone { count });
        }
        if let Some(share) = self.autonomy {
            text.push(OptionPhrase::FlowsStayInside { share });
        }
        text.extend(self.coherence.phrase.clone());
        if self.threshold < ctx.weights.thresholds.create_min_population {
            text.push(OptionPhrase::Sparse {
                threshold: self.threshold,
            });
        }
        text
    }
}

/// The create option of a zone that can stand alone, and what its mentor option shares.
pub(super) fn create_option(
    zone: &WhiteZone,
    ctx: &Context,
) -> Option<(CreateFacts, CoverageOption)> {
    let create = CreateFacts::of(zone, ctx)?;
    let wc = &ctx.weights.create;
    let (score_create, components) = score(&[
        (Component::Size, wc.size, Some(create.size)),
        (
            Component::Compactness,
            wc.compactness,
            Some(create.compactness),
        ),
        (Component::Autonomy, wc.autonomy, create.autonomy),
        (
            Component::Msp,
            wc.msp,
            create.msp_count.map(|m| (m as f64 / 2.0).min(1.0)),
        ),
        (Component::Epci, wc.epci, Some(create.coherence.value)),
    ]);
    let base = CoverageOption {
        kind: OptionKind::Create,
        cpts: None,
        new_cpts: create.new.clone(),
        split: Vec::new(),
        leftover: create.leftover.clone(),
        feasible: create.feasible,
        by_sea: false,
        score: score_create,
        components,
        shared_border_m: 0.0,
        population_before: None,
        population_after: create.largest,
        same_departement_share: None,
        distance_km: None,
        flow_share: None,
        compactness: Some(create.compactness),
        msp_count: create.msp_count,
        rationale: create.rationale(OptionPhrase::Create(create.figures()), ctx),
    };
    Some((create, base))
}
