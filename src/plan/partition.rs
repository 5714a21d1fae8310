//! Splitting a zone blanche into contiguous new CPTS (S6, S11): within one région (and one
//! département unless an EPCI spans two), along EPCI (group) borders, each part grown from a
//! pole — an existing project, an MSP commune or the most populous town — by nearest-first
//! growth, so that no part rings another.

use crate::plan::context::{Context, distance};
use crate::plan::pieces::{ars_pieces, pieces};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// A part of a zone: its units (sorted) and the project it grows from, if any.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part {
    pub(crate) units: Vec<usize>,
    pub(crate) project: Option<usize>,
}

/// A set of units moved as one: a connected EPCI piece, a project's units, or one unit.
struct Block {
    units: Vec<usize>,
    population: u64,
    centre: [f64; 2],
    group: Option<usize>,
    project: Option<usize>,
    /// The population of its most populous unit, and its MSP count.
    pole: u64,
    msp: usize,
}

/// Split `units` (sorted) into parts of about the target population under the cap; `projects`
/// (CPTS, their units among `units`) seed their own part each. Returns the parts, largest
/// first, and the units no part could take under the cap.
pub(crate) fn partition(
    units: &[usize],
    projects: &[(usize, Vec<usize>)],
    ctx: &Context,
) -> (Vec<Part>, Vec<usize>) {
    let mut parts = Vec::new();
    let mut leftover = Vec::new();
    for piece in ars_pieces(units, ctx) {
        let (p, l) = partition_piece(&piece, projects, ctx);
        parts.extend(p);
        leftover.extend(l);
    }
    parts.sort_by(|a, b| {
        ctx.population(&b.units)
            .cmp(&ctx.population(&a.units))
            .then(a.units[0].cmp(&b.units[0]))
    });
    leftover.sort_unstable();
    (parts, leftover)
}

/// The blocks of a piece: each project's units, then connected EPCI parts under the cap (an
/// EPCI part over the cap falls apart into its units).
fn blocks(piece: &[usize], projects: &[(usize, Vec<usize>)], ctx: &Context) -> Vec<Block> {
    let cap = ctx.weights.thresholds.max_population;
    let mut taken = vec![false; piece.len()];
    let mut sets: Vec<(Vec<usize>, Option<usize>)> = Vec::new();
    for (c, own) in projects {
        let mine: Vec<usize> = own
            .iter()
            .copied()
            .filter(|u| piece.binary_search(u).is_ok())
            .collect();
        for p in pieces(&mine, ctx) {
            for &u in &p {
                if let Ok(i) = piece.binary_search(&u) {
                    taken[i] = true;
                }
            }
            sets.push((p, Some(*c)));
        }
    }
    let free: Vec<usize> = piece
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(&u, _)| u)
        .collect();
    for (_, part) in ctx.belonging.parts(&free) {
        for p in pieces(&part, ctx) {
            if p.len() > 1 && ctx.population(&p) > cap {
                sets.extend(p.into_iter().map(|u| (vec![u], None)));
            } else {
                sets.push((p, None));
            }
        }
    }
    sets.into_iter()
        .map(|(units, project)| Block {
            population: ctx.population(&units),
            centre: ctx.centre(&units).unwrap_or([0.0, 0.0]),
            group: ctx.belonging.group_of[units[0]],
            pole: units
                .iter()
                .map(|&u| ctx.territory.units[u].population)
                .max()
                .unwrap_or(0),
            msp: units.iter().map(|&u| ctx.msp_in[u]).sum(),
            project,
            units,
        })
        .collect()
}

/// Seeds: every project, then the block of the most populous unit, then each time the block
/// whose pole (MSP first) weighs most, discounted when it is nearer the seeds than the typical
/// part radius √(area / k).
fn seeds(blocks: &[Block], k: usize, area_m2: f64) -> Vec<usize> {
    let mut seeds: Vec<usize> = (0..blocks.len())
        .filter(|&b| blocks[b].project.is_some())
        .collect();
    let radius = (area_m2 / k.max(1) as f64).sqrt().max(1.0);
    while seeds.len() < k.min(blocks.len()) {
        let near = |b: usize| {
            seeds
                .iter()
                .map(|&s| distance(blocks[s].centre, blocks[b].centre))
                .fold(f64::INFINITY, f64::min)
        };
        let weight = |b: usize| {
            let pole = blocks[b].pole as f64 + 1.0;
            let msp = 1.0 + 2.0 * blocks[b].msp.min(3) as f64;
            pole * msp * (near(b) / radius).min(1.0)
        };
        let next = (0..blocks.len())
            .filter(|b| !seeds.contains(b))
            .max_by(|&a, &b| weight(a).total_cmp(&weight(b)).then(b.cmp(&a)));
        match next {
            Some(b) => seeds.push(b),
            None => break,
        }
    }
    seeds
}

fn partition_piece(
    piece: &[usize],
    projects: &[(usize, Vec<usize>)],
    ctx: &Context,
) -> (Vec<Part>, Vec<usize>) {
    let t = &ctx.weights.thresholds;
    let population = ctx.population(piece);
    let blocks = blocks(piece, projects, ctx);
    let k = (population.div_ceil(t.new_cpts_target_population) as usize).max(1);
    let seeds = seeds(&blocks, k, ctx.area_perimeter(piece).0);
    // Block adjacency, through the units' adjacency.
    let mut block_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (b, block) in blocks.iter().enumerate() {
        for &u in &block.units {
            block_of.insert(u, b);
        }
    }
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); blocks.len()];
    for (b, block) in blocks.iter().enumerate() {
        for &u in &block.units {
            for &(v, _) in ctx.adjacency.neighbours(u) {
                if let Some(&o) = block_of.get(&v)
                    && o != b
                    && !next[b].contains(&o)
                {
                    next[b].push(o);
                }
            }
        }
    }
    // First each part up to 1.3 × its share of the piece (a city seed larger than that up to
    // 1.3 × itself, so that its suburbs join it rather than ring it), then up to the cap.
    let share = population as f64 / seeds.len().max(1) as f64;
    let soft: Vec<u64> = seeds
        .iter()
        .map(|&s| ((share.max(blocks[s].population as f64) * 1.3) as u64).min(t.max_population))
        .collect();
    let owner = grow(&blocks, &next, &seeds, &soft, t.max_population);
    let mut parts: Vec<Part> = seeds
        .iter()
        .map(|&s| Part {
            units: Vec::new(),
            project: blocks[s].project,
        })
        .collect();
    let mut leftover = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        match owner[b] {
            Some(p) => parts[p].units.extend(&block.units),
            None => leftover.extend(&block.units),
        }
    }
    for part in &mut parts {
        part.units.sort_unstable();
    }
    parts.retain(|p| !p.units.is_empty());
    (parts, leftover)
}

/// Nearest-first growth of the parts from their seeds over the blocks (distance between
/// centres, half as far again across a group border), each part under its `soft` limit first,
/// then what remains under the `cap`; a part of one unit may pass its soft limit.
fn grow(
    blocks: &[Block],
    next: &[Vec<usize>],
    seeds: &[usize],
    soft: &[u64],
    cap: u64,
) -> Vec<Option<usize>> {
    let mut owner: Vec<Option<usize>> = vec![None; blocks.len()];
    let mut population = vec![0u64; seeds.len()];
    let mut units = vec![0usize; seeds.len()];
    for (p, &s) in seeds.iter().enumerate() {
        owner[s] = Some(p);
        population[p] = blocks[s].population;
        units[p] = blocks[s].units.len();
    }
    for phase in [true, false] {
        let limit = |p: usize| if phase { soft[p] } else { cap };
        let mut heap: BinaryHeap<Reverse<(u64, usize, usize)>> = BinaryHeap::new();
        let push = |heap: &mut BinaryHeap<_>, b: usize, p: usize, d: u64| {
            for &n in &next[b] {
                let step = distance(blocks[b].centre, blocks[n].centre);
                let step = if blocks[b].group == blocks[n].group {
                    step
                } else {
                    step * 1.5
                };
                heap.push(Reverse((d + step as u64, n, p)));
            }
        };
        for (b, o) in owner.iter().enumerate() {
            if let Some(p) = *o {
                push(&mut heap, b, p, 0);
            }
        }
        while let Some(Reverse((d, b, p))) = heap.pop() {
            if owner[b].is_some() || blocks[b].project.is_some() {
                continue;
            }
            let fits = population[p] + blocks[b].population <= limit(p)
                || (units[p] < 2 && population[p] + blocks[b].population <= cap);
            if !fits {
                continue;
            }
            owner[b] = Some(p);
            population[p] += blocks[b].population;
            units[p] += blocks[b].units.len();
            push(&mut heap, b, p, d);
        }
    }
    owner
}
