//! What would make a refused assignment possible (S8 amendment): the chain of uncovered units,
//! fewest inhabitants first, that joins a decided unit to its target.

use crate::inputs::decisions::DecisionTarget;
use crate::plan::assignment::Builder;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

impl Builder<'_, '_> {
    /// The uncovered units (free, or given to the same target) that, assigned too, would join
    /// `unit` to `target` (`t`: its plan target once it has one), ordered from the unit
    /// outwards; `None` when no such chain exists. Dijkstra over the zone units, a step
    /// costing the population of the unit it enters (ties: fewer units, then smaller index).
    pub(super) fn joining_chain(
        &self,
        unit: usize,
        t: Option<usize>,
        target: &DecisionTarget,
    ) -> Option<Vec<usize>> {
        let ctx = self.ctx;
        let usable = |v: usize| {
            ctx.zones.zone_of[v].is_some()
                && self.target_of[v].is_none()
                && match target {
                    DecisionTarget::Cpts(c) => self.allowed(v, *c),
                    DecisionTarget::New(_) => true,
                }
        };
        let joins = |v: usize| match t {
            Some(t) => self.touches_target(v, t, target),
            None => self.touches_cpts(v, target),
        };
        let mut best: HashMap<usize, (u64, usize)> = HashMap::from([(unit, (0, 0))]);
        let mut came_from: HashMap<usize, usize> = HashMap::new();
        let mut heap = BinaryHeap::from([Reverse((0u64, 0usize, unit))]);
        while let Some(Reverse((cost, steps, v))) = heap.pop() {
            if best.get(&v).is_some_and(|&b| b < (cost, steps)) {
                continue;
            }
            if v != unit && joins(v) {
                let mut chain = vec![v];
                let mut at = v;
                while let Some(&previous) = came_from.get(&at) {
                    if previous == unit {
                        break;
                    }
                    chain.push(previous);
                    at = previous;
                }
                chain.reverse();
                return Some(chain);
            }
            for &(w, _) in ctx.adjacency.neighbours(v) {
                if !usable(w) {
                    continue;
                }
                let next = (cost + ctx.territory.units[w].population, steps + 1);
                if best.get(&w).is_none_or(|&b| next < b) {
                    best.insert(w, next);
                    came_from.insert(w, v);
                    heap.push(Reverse((next.0, next.1, w)));
                }
            }
        }
        None
    }
}
