//! Extension options (S6): every CPTS that borders the zone, or the nearest ones across the sea
//! for an island, with their shared border, size class before and after, stage, département,
//! distance, flows and the EPCI it keeps whole or cuts (S11).

use super::{
    Component, CoverageOption, OptionKind, Populations, ZoneFacts, epci, facts_of, maturity, score,
};
use crate::model::catalogue::{OptionPhrase, Text};
use crate::plan::context::{Context, distance};
use crate::zones::WhiteZone;
use std::collections::BTreeSet;

/// Extension options: every neighbouring CPTS, or, for an island, the CPTS holding its EPCI
/// and the nearest ones across the sea (S11).
pub(super) fn extend_options(
    zone: &WhiteZone,
    facts: &ZoneFacts,
    ctx: &Context,
    current: Populations,
) -> Vec<CoverageOption> {
    let mut candidates: Vec<(usize, f64, bool)> =
        facts.borders.iter().map(|(&c, &b)| (c, b, false)).collect();
    if candidates.is_empty() {
        // No neighbour by land (an island): the CPTS holding its EPCI, then the three nearest
        // CPTS in the same CRS.
        let holders = ctx
            .belonging
            .parts(&zone.units)
            .into_iter()
            .filter_map(|(g, _)| {
                g.and_then(|g| ctx.belonging.holder(g))
                    .filter(|&c| ctx.cpts[c].target)
            });
        let nearest = facts.centre.into_iter().flat_map(|centre| {
            ctx.cpts_by_distance(centre, facts.crs)
                .into_iter()
                .take(3)
                .map(|(_, c)| c)
        });
        for c in holders.chain(nearest) {
            if !candidates.iter().any(|&(x, _, _)| x == c) {
                candidates.push((c, 0.0, true));
            }
        }
    }
    // The units of projects stay with them (S11): an extension takes the others that reach the
    // CPTS through one another.
    let free = ctx.free_units(&zone.units);
    if free.len() == zone.units.len() {
        return candidates
            .into_iter()
            .map(|(c, border, by_sea)| {
                extend_option(&zone.units, facts, c, border, by_sea, ctx, current)
            })
            .collect();
    }
    candidates
        .into_iter()
        .filter_map(|(c, border, by_sea)| {
            let units = if by_sea {
                free.clone()
            } else {
                ctx.reaching(c, &free)
            };
            if units.is_empty() {
                return None;
            }
            let facts = facts_of(&units, zone.crs, ctx);
            let border = if by_sea {
                border
            } else {
                facts.borders.get(&c).copied().unwrap_or(0.0)
            };
            Some(extend_option(
                &units, &facts, c, border, by_sea, ctx, current,
            ))
        })
        .collect()
}

/// Extending CPTS `c` over `units` (their `facts`), as large as `current` says it is now.
pub(super) fn extend_option(
    units: &[usize],
    facts: &ZoneFacts,
    c: usize,
    border: f64,
    by_sea: bool,
    ctx: &Context,
    current: Populations,
) -> CoverageOption {
    let w = &ctx.weights.extend;
    let t = &ctx.weights.thresholds;
    let cpts = &ctx.cpts[c];
    let before = current(c);
    let after = before + facts.population;
    let border_share = if facts.perimeter_m > 0.0 {
        (border / facts.perimeter_m).min(1.0)
    } else {
        0.0
    };
    let same_dep_share = same_departement_share(facts, &cpts.departements);
    let distance_km = match (cpts.centre, facts.centre) {
        (Some((c, crs)), Some(z)) if crs == facts.crs => Some(distance(c, z) / 1000.0),
        _ => None,
    };
    let absorption = if after > 0 {
        before as f64 / after as f64
    } else {
        1.0
    };
    let units_of_cpts = &ctx.listing.cpts[c].units;
    let flow_share = ctx.flow_share(units, |d| units_of_cpts.binary_search(&d).is_ok());
    let coherence = epci::extension(units, c, ctx);
    let (score, components) = score(&[
        (Component::Border, w.border, Some(border_share)),
        (Component::Maturity, w.maturity, Some(maturity(cpts.stage))),
        (Component::Absorption, w.absorption, Some(absorption)),
        (Component::Departement, w.departement, Some(same_dep_share)),
        (
            Component::Proximity,
            w.proximity,
            distance_km.map(|d| 1.0 / (1.0 + d / t.proximity_half_km)),
        ),
        (Component::Flows, w.flows, flow_share),
        (Component::Epci, w.epci, Some(coherence.value)),
    ]);
    let feasible = after <= t.max_population;
    let (name, stage) = (ctx.listing.cpts[c].name.clone(), cpts.stage);
    let mut rationale = Text::from(if by_sea {
        OptionPhrase::ExtendBySea {
            cpts: name,
            stage,
            before,
            after,
        }
    } else {
        OptionPhrase::Extend {
            cpts: name,
            stage,
            border_m: border,
            border_share,
            before,
            after,
        }
    });
    if let Some(share) = flow_share {
        rationale.push(OptionPhrase::FlowsGoThere { share });
    }
    rationale.extend(coherence.phrase);
    if !feasible {
        rationale.push(OptionPhrase::OverCap {
            cap: t.max_population,
        });
    }
    CoverageOption {
        kind: OptionKind::Extend,
        cpts: Some(c),
        new_cpts: Vec::new(),
        split: Vec::new(),
        leftover: Vec::new(),
        feasible,
        by_sea,
        score,
        components,
        shared_border_m: border,
        population_before: Some(before),
        population_after: after,
        same_departement_share: Some(same_dep_share),
        distance_km,
        flow_share,
        compactness: None,
        msp_count: None,
        rationale,
    }
}

/// The share of the zone's population in the départements of the CPTS (of its départements when
/// nobody lives in the zone).
fn same_departement_share(facts: &ZoneFacts, departements: &BTreeSet<String>) -> f64 {
    if facts.population > 0 {
        let same: u64 = facts
            .departements
            .iter()
            .filter(|(d, _)| departements.contains(*d))
            .map(|(_, p)| p)
            .sum();
        return same as f64 / facts.population as f64;
    }
    let n = facts.departements.len().max(1) as f64;
    facts
        .departements
        .keys()
        .filter(|d| departements.contains(*d))
        .count() as f64
        / n
}
