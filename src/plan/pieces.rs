//! Connected pieces of a set of units over the adjacency: all of them, or only through the
//! links a rule allows (S11: units that may share a new CPTS).

use crate::plan::context::Context;

/// Connected pieces of a sorted set of units, each sorted, in order of their first unit.
pub(crate) fn pieces(units: &[usize], ctx: &Context) -> Vec<Vec<usize>> {
    pieces_where(units, ctx, |_, _| true)
}

/// Connected pieces of a sorted set of units through the links where `linked(u, v)` holds.
pub(crate) fn pieces_where(
    units: &[usize],
    ctx: &Context,
    linked: impl Fn(usize, usize) -> bool,
) -> Vec<Vec<usize>> {
    let mut seen = vec![false; units.len()];
    let mut out = Vec::new();
    for start in 0..units.len() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![start];
        let mut piece = Vec::new();
        while let Some(i) = stack.pop() {
            piece.push(units[i]);
            for &(v, _) in ctx.adjacency.neighbours(units[i]) {
                if let Ok(j) = units.binary_search(&v)
                    && !seen[j]
                    && linked(units[i], v)
                {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        piece.sort_unstable();
        out.push(piece);
    }
    out
}

/// The pieces of a set of units that may each form one new CPTS: connected, within one région,
/// and within one département unless an EPCI spanning two joins them (S11).
pub(crate) fn ars_pieces(units: &[usize], ctx: &Context) -> Vec<Vec<usize>> {
    pieces_where(units, ctx, |u, v| {
        ctx.belonging.compatible(ctx.territory, u, v)
    })
}
