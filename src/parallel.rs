//! Filling one large vector from many producers in parallel, without a vector per producer.

use rayon::prelude::*;

/// One vector of the items of every producer, in producer order: producer `i` writes at most
/// `bounds[i]` items into the slice it is given (`fill(i, slice)`) and returns how many it
/// wrote. Memory is the final vector only — collecting per-producer vectors and concatenating
/// them holds the items twice (90 MB for the 1.4 M boundary segments of the national layer).
pub(crate) fn gather<T, F>(bounds: &[usize], empty: T, fill: F) -> Vec<T>
where
    T: Copy + Send + Sync,
    F: Fn(usize, &mut [T]) -> usize + Sync + Send,
{
    let mut items = vec![empty; bounds.iter().sum()];
    let mut slots: Vec<&mut [T]> = Vec::with_capacity(bounds.len());
    let mut rest = items.as_mut_slice();
    for &bound in bounds {
        let (head, tail) = rest.split_at_mut(bound);
        slots.push(head);
        rest = tail;
    }
    let used: Vec<usize> = slots
        .into_par_iter()
        .enumerate()
        .map(|(i, slot)| fill(i, slot))
        .collect();
    let (mut write, mut read) = (0, 0);
    for (&bound, &n) in bounds.iter().zip(&used) {
        items.copy_within(read..read + n, write);
        write += n;
        read += bound;
    }
    items.truncate(write);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_producer_order_and_drops_unused_room() {
        let bounds = [3, 0, 2, 4];
        let items = gather(&bounds, 0u32, |i, slot| {
            let n = i.min(slot.len());
            for (k, x) in slot.iter_mut().take(n).enumerate() {
                *x = (10 * i + k) as u32;
            }
            n
        });
        assert_eq!(items, vec![20, 21, 30, 31, 32]);
    }
}
