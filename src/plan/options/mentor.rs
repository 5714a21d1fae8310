//! Mentor options (S6): the ACI-signed neighbour with the longest shared border extends
//! temporarily over the zone while it helps the new CPTS of the create option to form.

use super::create::CreateFacts;
use super::{Component, CoverageOption, OptionKind, Populations, ZoneFacts, score};
use crate::model::Stage;
use crate::model::catalogue::OptionPhrase;
use crate::plan::context::Context;
use crate::zones::WhiteZone;

/// Mentor: the best-bordering ACI-signed neighbour helps the new CPTS to form — offered when
/// the zone has no MSP to build on, or always as an alternative without an MSP table.
pub(super) fn mentor_option(
    zone: &WhiteZone,
    facts: &ZoneFacts,
    create: &CreateFacts,
    base: &CoverageOption,
    extend: &[CoverageOption],
    ctx: &Context,
    current: Populations,
) -> Option<CoverageOption> {
    if create.msp_count.is_some_and(|m| m > 0) {
        return None;
    }
    let (mentor, c) = extend
        .iter()
        .filter(|o| !o.by_sea && o.kind == OptionKind::Extend)
        .filter_map(|o| Some((o, o.cpts?)))
        .filter(|&(_, c)| ctx.cpts[c].stage == Some(Stage::Aci))
        .max_by(|(a, ca), (b, cb)| {
            a.shared_border_m
                .total_cmp(&b.shared_border_m)
                .then(cb.cmp(ca))
        })?;
    let t = &ctx.weights.thresholds;
    let wm = &ctx.weights.mentor;
    let border_share = if facts.perimeter_m > 0.0 {
        (mentor.shared_border_m / facts.perimeter_m).min(1.0)
    } else {
        0.0
    };
    let (score, components) = score(&[
        (Component::Size, wm.size, Some(create.size)),
        (
            Component::Compactness,
            wm.compactness,
            Some(create.compactness),
        ),
        (Component::Autonomy, wm.autonomy, create.autonomy),
        (Component::Border, wm.border, Some(border_share)),
        (
            Component::Proximity,
            wm.proximity,
            mentor
                .distance_km
                .map(|d| 1.0 / (1.0 + d / t.proximity_half_km)),
        ),
        (Component::MspGap, wm.msp_gap, create.msp_count.map(|_| 1.0)),
        (Component::Epci, wm.epci, Some(create.coherence.value)),
    ]);
    let temporary = current(c) + zone.population;
    let feasible = create.feasible && temporary <= t.max_population;
    let mentors = OptionPhrase::Mentor {
        cpts: ctx.listing.cpts[c].name.clone(),
        before: current(c),
        during: temporary,
        new: create.figures(),
    };
    let mut rationale = create.rationale(mentors, ctx);
    if !feasible {
        rationale.push(OptionPhrase::OverCap {
            cap: t.max_population,
        });
    }
    Some(CoverageOption {
        kind: OptionKind::Mentor,
        cpts: Some(c),
        feasible,
        score,
        components,
        shared_border_m: mentor.shared_border_m,
        population_before: Some(current(c)),
        population_after: create.largest,
        same_departement_share: mentor.same_departement_share,
        distance_km: mentor.distance_km,
        rationale,
        ..base.clone()
    })
}
