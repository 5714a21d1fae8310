//! Extension options (S6): every CPTS that borders the zone, or the nearest ones across the sea
//! for an island, with their shared border, size class before and after, stage, département,
//! distance and flows.

use super::{Component, CoverageOption, OptionKind, ZoneFacts, maturity, score};
use crate::model::catalogue::{OptionPhrase, Text};
use crate::plan::context::{Context, distance};
use crate::zones::WhiteZone;
use std::collections::BTreeSet;

/// Extension options: every neighbouring CPTS, or the nearest ones across the sea.
pub(super) fn extend_options(
    zone: &WhiteZone,
    facts: &ZoneFacts,
    ctx: &Context,
) -> Vec<CoverageOption> {
    let w = &ctx.weights.extend;
    let t = &ctx.weights.thresholds;
    let mut candidates: Vec<(usize, f64, bool)> =
        facts.borders.iter().map(|(&c, &b)| (c, b, false)).collect();
    if candidates.is_empty() {
        // No neighbour by land (an island): the three nearest CPTS in the same CRS.
        if let Some(centre) = facts.centre {
            candidates = ctx
                .cpts_by_distance(centre, facts.crs)
                .into_iter()
                .take(3)
                .map(|(_, c)| (c, 0.0, true))
                .collect();
        }
    }
    candidates
        .into_iter()
        .map(|(c, border, by_sea)| {
            let cpts = &ctx.cpts[c];
            let after = cpts.population + facts.population;
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
                cpts.population as f64 / after as f64
            } else {
                1.0
            };
            let units_of_cpts = &ctx.listing.cpts[c].units;
            let flow_share =
                ctx.flow_share(&zone.units, |d| units_of_cpts.binary_search(&d).is_ok());
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
            ]);
            let feasible = after <= t.max_population;
            let (name, stage) = (ctx.listing.cpts[c].name.clone(), cpts.stage);
            let mut rationale = Text::from(if by_sea {
                OptionPhrase::ExtendBySea {
                    cpts: name,
                    stage,
                    before: cpts.population,
                    after,
                }
            } else {
                OptionPhrase::Extend {
                    cpts: name,
                    stage,
                    border_m: border,
                    border_share,
                    before: cpts.population,
                    after,
                }
            });
            if let Some(share) = flow_share {
                rationale.push(OptionPhrase::FlowsGoThere { share });
            }
            if !feasible {
                rationale.push(OptionPhrase::OverCap {
                    cap: t.max_population,
                });
            }
            CoverageOption {
                kind: OptionKind::Extend,
                cpts: Some(c),
                new_cpts: Vec::new(),
                leftover: Vec::new(),
                feasible,
                by_sea,
                score,
                components,
                shared_border_m: border,
                population_before: Some(cpts.population),
                population_after: after,
                same_departement_share: Some(same_dep_share),
                distance_km,
                flow_share,
                compactness: None,
                msp_count: None,
                rationale,
            }
        })
        .collect()
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
