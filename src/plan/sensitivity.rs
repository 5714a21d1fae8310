//! How much an analyst can trust a zone's first option: its margin over the second, and which
//! single weight, changed by how much, would put the second first.

use crate::plan::options::CoverageOption;

/// The factors tried: switching a weight off, lowering it, raising it up to ten times.
const FACTORS: [f64; 12] = [
    0.0, 0.25, 0.5, 0.75, 0.9, 1.1, 1.25, 1.5, 2.0, 3.0, 5.0, 10.0,
];

/// The option's score with the weight `key` (`extend.border`…) multiplied by `factor`.
fn score_with(option: &CoverageOption, key: &str, factor: f64) -> f64 {
    // The key is compared in its two parts: no string built per component (this runs
    // 12 factors × every weight × two options for each zone's first option).
    let (kind, component) = key.split_once('.').unwrap_or((key, ""));
    let own_kind = option.kind.as_str() == kind;
    let (mut points, mut total) = (0.0, 0.0);
    for c in &option.components {
        let weight = if own_kind && c.component.as_str() == component {
            c.weight * factor
        } else {
            c.weight
        };
        points += weight * c.value;
        total += weight;
    }
    if total > 0.0 {
        100.0 * points / total
    } else {
        0.0
    }
}

/// The single weight changes that put `second` ahead of `first`: each weight of either option,
/// with the factor nearest to 1 among [`FACTORS`] at which it flips ("extend.border ×0.5"),
/// nearest first; two at most. Empty when no single change up to ×10 flips the choice.
pub fn flips(first: &CoverageOption, second: &CoverageOption) -> Vec<String> {
    let mut keys: Vec<String> = first
        .components
        .iter()
        .map(|c| format!("{}.{}", first.kind.as_str(), c.component.as_str()))
        .chain(
            second
                .components
                .iter()
                .map(|c| format!("{}.{}", second.kind.as_str(), c.component.as_str())),
        )
        .collect();
    keys.sort();
    keys.dedup();
    let mut found: Vec<(f64, String)> = keys
        .into_iter()
        .filter_map(|key| {
            FACTORS
                .iter()
                .copied()
                .filter(|&f| score_with(second, &key, f) > score_with(first, &key, f))
                .min_by(|a, b| a.ln().abs().total_cmp(&b.ln().abs()))
                .map(|f| (f.ln().abs(), format!("{key} ×{f}")))
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    found.into_iter().take(2).map(|(_, text)| text).collect()
}
