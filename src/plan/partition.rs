//! Splitting a large zone blanche into contiguous new CPTS of balanced population: seeded
//! region growing over the adjacency, following intercommunalités where it can (S6).

use crate::plan::context::{Context, distance};
use std::collections::BinaryHeap;

/// Split a zone into `k` contiguous parts of balanced population (seeded region growing),
/// returning the parts and the units no part could take under the cap.
pub(crate) fn partition(
    units: &[usize],
    k: usize,
    cap: u64,
    ctx: &Context,
) -> (Vec<Vec<usize>>, Vec<usize>) {
    if k <= 1 || units.len() <= 1 {
        return (vec![units.to_vec()], Vec::new());
    }
    let k = k.min(units.len());
    let local = |u: usize| units.binary_search(&u).ok();
    let population = |i: usize| ctx.territory.units[units[i]].population;
    let centre = |i: usize| ctx.units[units[i]].centre.unwrap_or([0.0, 0.0]);
    // Seeds: the most populated unit, then each time the unit farthest from the seeds.
    let first = (0..units.len())
        .max_by(|&a, &b| population(a).cmp(&population(b)).then(b.cmp(&a)))
        .unwrap_or(0);
    let mut seeds = vec![first];
    let mut nearest: Vec<f64> = (0..units.len())
        .map(|i| distance(centre(i), centre(first)))
        .collect();
    while seeds.len() < k {
        let next = (0..units.len())
            .filter(|i| !seeds.contains(i))
            .max_by(|&a, &b| nearest[a].total_cmp(&nearest[b]).then(b.cmp(&a)));
        let Some(next) = next else { break };
        seeds.push(next);
        for (i, d) in nearest.iter_mut().enumerate() {
            *d = d.min(distance(centre(i), centre(next)));
        }
    }
    let mut owner: Vec<Option<usize>> = vec![None; units.len()];
    let mut part_population = vec![0u64; seeds.len()];
    let mut part_units = vec![0usize; seeds.len()];
    // Frontier: (distance key, unit) per part, nearest first; units of another EPCI than the
    // seed's count half as near again, so parts follow intercommunalités where they can.
    let mut frontier: Vec<BinaryHeap<std::cmp::Reverse<(u64, usize)>>> =
        vec![BinaryHeap::new(); seeds.len()];
    for (p, &s) in seeds.iter().enumerate() {
        frontier[p].push(std::cmp::Reverse((0, s)));
    }
    let key = |p: usize, i: usize| {
        let seed = seeds[p];
        let d = distance(centre(i), centre(seed));
        let same_epci = ctx.territory.units[units[i]].epci == ctx.territory.units[units[seed]].epci;
        (if same_epci { d } else { d * 1.5 }) as u64
    };
    // The smallest part that can still grow takes its nearest frontier unit; a part of one
    // unit (a city seed) first takes a neighbour, so that it can stand as a CPTS.
    while let Some(p) = (0..seeds.len())
        .filter(|&p| !frontier[p].is_empty())
        .min_by_key(|&p| (part_units[p] >= 2, part_population[p], p))
    {
        let Some(std::cmp::Reverse((_, i))) = frontier[p].pop() else {
            continue;
        };
        if owner[i].is_some() {
            continue;
        }
        if part_population[p] > 0 && part_population[p] + population(i) > cap {
            continue;
        }
        owner[i] = Some(p);
        part_population[p] += population(i);
        part_units[p] += 1;
        for &(v, _) in ctx.adjacency.neighbours(units[i]) {
            if let Some(j) = local(v)
                && owner[j].is_none()
            {
                frontier[p].push(std::cmp::Reverse((key(p, j), j)));
            }
        }
    }
    let mut parts = vec![Vec::new(); seeds.len()];
    let mut leftover = Vec::new();
    for (i, o) in owner.iter().enumerate() {
        match o {
            Some(p) => parts[*p].push(units[i]),
            None => leftover.push(units[i]),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.sort_by(|a, b| {
        ctx.population(b)
            .cmp(&ctx.population(a))
            .then(a[0].cmp(&b[0]))
    });
    (parts, leftover)
}
