//! Split options (S11): a zone shared among neighbouring CPTS along its EPCI (groups) — each
//! EPCI part to the adjacent CPTS holding most of its EPCI's covered population, else the one
//! sharing the longest border — scored as extensions, part by part.

use super::extend::extend_option;
use super::{Component, CoverageOption, OptionKind, Populations, SplitPart, epci, facts_of, score};
use crate::io::crs::MetricCrs;
use crate::model::catalogue::{OptionPhrase, Text};
use crate::plan::context::Context;
use crate::plan::pieces::pieces;
use crate::zones::WhiteZone;
use std::collections::BTreeMap;

/// The CPTS each connected EPCI piece of the zone goes to; `None` when a piece can reach none.
fn targets(
    parts: Vec<(Option<usize>, Vec<usize>)>,
    crs: MetricCrs,
    ctx: &Context,
) -> Option<Vec<(usize, Vec<usize>)>> {
    let b = &ctx.belonging;
    let mut found: Vec<(Vec<usize>, Option<usize>)> = Vec::new();
    for (g, part) in parts {
        for piece in pieces(&part, ctx) {
            let facts = facts_of(&piece, crs, ctx);
            let held = |c: usize| g.and_then(|g| b.share_held(g, c)).unwrap_or(0.0);
            let best = facts
                .borders
                .iter()
                .max_by(|a, b| {
                    held(*a.0)
                        .total_cmp(&held(*b.0))
                        .then(a.1.total_cmp(b.1))
                        .then(b.0.cmp(a.0))
                })
                .map(|(&c, _)| c);
            found.push((piece, best));
        }
    }
    // Pieces enclosed by the zone follow the neighbouring piece they share most border with.
    loop {
        let mut progress = false;
        for i in 0..found.len() {
            if found[i].1.is_some() {
                continue;
            }
            let mut shared: BTreeMap<usize, f64> = BTreeMap::new();
            for &u in &found[i].0 {
                for &(v, k) in ctx.adjacency.neighbours(u) {
                    let owner = found
                        .iter()
                        .find(|(p, t)| t.is_some() && p.binary_search(&v).is_ok());
                    if let Some((_, Some(t))) = owner {
                        *shared.entry(*t).or_default() += ctx.adjacency.pairs[k].shared_m;
                    }
                }
            }
            if let Some((&t, _)) = shared
                .iter()
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            {
                found[i].1 = Some(t);
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }
    let mut by_cpts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (piece, target) in found {
        by_cpts.entry(target?).or_default().extend(piece);
    }
    Some(
        by_cpts
            .into_iter()
            .map(|(c, mut units)| {
                units.sort_unstable();
                (c, units)
            })
            .collect(),
    )
}

/// The split option of a zone of two EPCI parts or more that go to different CPTS.
pub(super) fn split_option(
    zone: &WhiteZone,
    ctx: &Context,
    current: Populations,
) -> Option<CoverageOption> {
    // The units of projects stay with them (S11).
    let free = ctx.free_units(&zone.units);
    let parts = ctx.belonging.parts(&free);
    if parts.len() < 2 {
        return None;
    }
    let targets = targets(parts, zone.crs, ctx)?;
    if targets.len() < 2 {
        return None;
    }
    let t = &ctx.weights.thresholds;
    let weight_of = |units: &[usize]| {
        if zone.population > 0 {
            ctx.population(units) as f64
        } else {
            units.len() as f64
        }
    };
    let total: f64 = targets.iter().map(|(_, u)| weight_of(u)).sum();
    // Each component: the weighted mean of the parts' values (absent if one part lacks it).
    let mut values: BTreeMap<Component, (f64, f64, usize)> = BTreeMap::new();
    let mut parts = Vec::new();
    let mut said = Vec::new();
    let (mut border, mut same_dep, mut distance, mut flows) = (0.0, 0.0, Some(0.0), Some(0.0));
    for (c, units) in &targets {
        let facts = facts_of(units, zone.crs, ctx);
        let b = facts.borders.get(c).copied().unwrap_or(0.0);
        let o = extend_option(units, &facts, *c, b, false, ctx, current);
        let w = weight_of(units) / total.max(f64::MIN_POSITIVE);
        for s in &o.components {
            let e = values.entry(s.component).or_insert((s.weight, 0.0, 0));
            e.1 += w * s.value;
            e.2 += 1;
        }
        border += b;
        same_dep += w * o.same_departement_share.unwrap_or(0.0);
        distance = distance.zip(o.distance_km).map(|(a, d)| a + w * d);
        flows = flows.zip(o.flow_share).map(|(a, f)| a + w * f);
        let groups = ctx
            .belonging
            .parts(units)
            .into_iter()
            .map(|(g, _)| ctx.belonging.name(g))
            .collect();
        said.push((
            ctx.listing.cpts[*c].name.clone(),
            current(*c),
            o.population_after,
            groups,
        ));
        parts.push(SplitPart {
            cpts: *c,
            units: units.clone(),
            before: current(*c),
            after: o.population_after,
        });
    }
    let target_of = |u: usize| {
        parts
            .iter()
            .find(|p| p.units.binary_search(&u).is_ok())
            .map_or(usize::MAX, |p| p.cpts)
    };
    let coherence = epci::split(&free, target_of, ctx);
    let complete = |&(_, &(_, _, n)): &(&Component, &(f64, f64, usize))| n == targets.len();
    let mut scored: Vec<(Component, f64, Option<f64>)> = values
        .iter()
        .filter(complete)
        .map(|(&component, &(weight, value, _))| (component, weight, Some(value)))
        .collect();
    if let Some(e) = scored.iter_mut().find(|s| s.0 == Component::Epci) {
        e.2 = Some(coherence.value);
    }
    let (score, components) = score(&scored);
    let largest = parts.iter().map(|p| p.after).max().unwrap_or(0);
    let feasible = largest <= t.max_population;
    let mut rationale = Text::from(OptionPhrase::Split {
        parts: said,
        groups: ctx.belonging.are_groups(),
    });
    rationale.extend(coherence.phrase);
    if !feasible {
        rationale.push(OptionPhrase::OverCap {
            cap: t.max_population,
        });
    }
    Some(CoverageOption {
        kind: OptionKind::Split,
        cpts: None,
        new_cpts: Vec::new(),
        split: parts,
        leftover: Vec::new(),
        feasible,
        by_sea: false,
        score,
        components,
        shared_border_m: border,
        population_before: None,
        population_after: largest,
        same_departement_share: Some(same_dep),
        distance_km: distance,
        flow_share: flows,
        compactness: None,
        msp_count: None,
        rationale,
    })
}
