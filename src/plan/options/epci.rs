//! The EPCI-coherence component of an option (S11): how many of the zone's EPCI (groups) parts
//! end in the territory that holds their EPCI, and the evidence naming those kept and cut.

use super::NewCpts;
use crate::model::catalogue::OptionPhrase;
use crate::plan::context::Context;

/// The component's value and the phrase naming the EPCI kept whole and cut.
#[derive(Debug, Clone)]
pub(super) struct Coherence {
    /// In [0, 1]: the mean over the zone's EPCI parts.
    pub(super) value: f64,
    pub(super) phrase: Option<OptionPhrase>,
}

/// Fold per-part values (group, value) into the component and its evidence; a part counts as
/// kept from a value of 1/2 on.
fn fold(ctx: &Context, values: Vec<(Option<usize>, f64)>) -> Coherence {
    let b = &ctx.belonging;
    let n = values.len().max(1) as f64;
    let value = values.iter().map(|(_, v)| v).sum::<f64>() / n;
    let named = |keep: bool| -> Vec<String> {
        values
            .iter()
            .filter(|(g, v)| g.is_some() && (*v >= 0.5) == keep)
            .map(|(g, _)| b.name(*g))
            .collect()
    };
    let (kept, cut) = (named(true), named(false));
    let phrase = (!kept.is_empty() || !cut.is_empty()).then_some(OptionPhrase::Epci {
        kept,
        cut,
        groups: b.are_groups(),
    });
    Coherence { value, phrase }
}

/// Extending CPTS `cpts` over `units`: each EPCI part is worth the share of its EPCI's covered
/// population that the CPTS holds (1 when nobody in the EPCI is covered: it joins whole).
pub(super) fn extension(units: &[usize], cpts: usize, ctx: &Context) -> Coherence {
    let b = &ctx.belonging;
    let values = b
        .parts(units)
        .into_iter()
        .map(|(g, _)| {
            let v = g.and_then(|g| b.share_held(g, cpts)).unwrap_or(1.0);
            (g, v)
        })
        .collect();
    fold(ctx, values)
}

/// A split: each part goes to its own CPTS (`target_of` the part's first unit).
pub(super) fn split(
    units: &[usize],
    target_of: impl Fn(usize) -> usize,
    ctx: &Context,
) -> Coherence {
    let b = &ctx.belonging;
    let values = b
        .parts(units)
        .into_iter()
        .map(|(g, part)| {
            let v = match g {
                None => 1.0,
                Some(g) => {
                    // A part shared between two CPTS keeps the mean of its units' shares.
                    let shares: f64 = part
                        .iter()
                        .map(|&u| b.share_held(g, target_of(u)).unwrap_or(1.0))
                        .sum();
                    shares / part.len() as f64
                }
            };
            (g, v)
        })
        .collect();
    fold(ctx, values)
}

/// New CPTS over a zone: an EPCI part kept in one new CPTS is worth the uncovered share of its
/// EPCI's population there; a part shared among new CPTS, or left to neighbours, is cut (0).
pub(super) fn creation(units: &[usize], new: &[NewCpts], ctx: &Context) -> Coherence {
    let b = &ctx.belonging;
    let home = |u: usize| new.iter().position(|n| n.units.binary_search(&u).is_ok());
    let values = b
        .parts(units)
        .into_iter()
        .map(|(g, part)| {
            let first = home(part[0]);
            let whole = first.is_some() && part.iter().all(|&u| home(u) == first);
            let v = match (g, whole) {
                (_, false) => 0.0,
                (None, true) => 1.0,
                (Some(g), true) => {
                    let covered: u64 = b.held[g].iter().map(|(_, p)| p).sum();
                    let here = ctx.population(&part);
                    if here + covered > 0 {
                        here as f64 / (here + covered) as f64
                    } else {
                        1.0
                    }
                }
            };
            (g, v)
        })
        .collect();
    fold(ctx, values)
}
