//! Which intercommunalité (or `--groups` group) each unit belongs to, which CPTS holds each
//! one's covered population, and which units may share a new CPTS (S11).

use crate::territory::Territory;
use crate::territory::cog::Cog;
use std::collections::{BTreeMap, HashMap};

/// The groups the plan follows: EPCI from the COG, or the `--groups` file's groups (S11).
#[derive(Debug, Clone, Default)]
pub struct Belonging {
    /// Each unit's group (index into `keys`); `None` when the unit has none.
    pub group_of: Vec<Option<usize>>,
    /// Group keys: EPCI SIREN, or the `--groups` id.
    pub keys: Vec<String>,
    /// Group names (the key when no name is known).
    pub names: Vec<String>,
    /// Covered population of each group by target CPTS (listing index), sorted by CPTS.
    pub held: Vec<Vec<(usize, u64)>>,
    /// Each unit's EPCI (index into `epci_keys`), for the département rule.
    epci_of: Vec<Option<usize>>,
    /// Whether each EPCI has units in two départements or more.
    epci_crosses: Vec<bool>,
    /// The groups are the `--groups` file's (not the EPCI).
    from_groups: bool,
}

/// Index values into a key table, in order of first appearance.
fn index(values: impl Iterator<Item = Option<String>>) -> (Vec<Option<usize>>, Vec<String>) {
    let mut keys: Vec<String> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let of = values
        .map(|v| {
            v.map(|k| {
                *seen.entry(k.clone()).or_insert_with(|| {
                    keys.push(k);
                    keys.len() - 1
                })
            })
        })
        .collect();
    (of, keys)
}

impl Belonging {
    /// Build from the territory (EPCI, or its `--groups`; EPCI are named by their SIREN until
    /// [`Belonging::name_epci`]); `covering(u)` lists the target CPTS covering unit `u`.
    pub(crate) fn new<I: Iterator<Item = usize>>(
        territory: &Territory,
        covering: impl Fn(usize) -> I,
    ) -> Belonging {
        let units = &territory.units;
        let (epci_of, epci_keys) = index(units.iter().map(|u| u.epci.clone()));
        let mut departements: Vec<Option<&str>> = vec![None; epci_keys.len()];
        let mut epci_crosses = vec![false; epci_keys.len()];
        for (u, e) in epci_of.iter().enumerate() {
            if let Some(e) = *e {
                let d = units[u].departement.as_str();
                match departements[e] {
                    None => departements[e] = Some(d),
                    Some(first) if first != d => epci_crosses[e] = true,
                    _ => {}
                }
            }
        }
        let (group_of, keys, names) = match &territory.groups {
            Some(groups) => (
                groups.of_unit.clone(),
                groups.ids.clone(),
                groups.names.clone(),
            ),
            None => (epci_of.clone(), epci_keys.clone(), epci_keys.clone()),
        };
        let mut held: Vec<BTreeMap<usize, u64>> = vec![BTreeMap::new(); keys.len()];
        for (u, g) in group_of.iter().enumerate() {
            if let Some(g) = *g {
                for c in covering(u) {
                    *held[g].entry(c).or_default() += units[u].population;
                }
            }
        }
        Belonging {
            from_groups: territory.groups.is_some(),
            group_of,
            keys,
            names,
            held: held.into_iter().map(|m| m.into_iter().collect()).collect(),
            epci_of,
            epci_crosses,
        }
    }

    /// Whether the groups are the `--groups` file's (not the EPCI).
    pub fn are_groups(&self) -> bool {
        self.from_groups
    }

    /// Name the EPCI from the COG (the `--groups` file names its groups).
    pub(crate) fn name_epci(&mut self, cog: &Cog) {
        if !self.from_groups {
            for (name, key) in self.names.iter_mut().zip(&self.keys) {
                if let Some(n) = cog.epci_name(key) {
                    *name = n.to_string();
                }
            }
        }
    }

    /// The CPTS holding most of a group's covered population (ties: listing order).
    pub fn holder(&self, group: usize) -> Option<usize> {
        self.held[group]
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|&(c, _)| c)
    }

    /// The share of a group's covered population that CPTS `cpts` holds; `None` when nobody
    /// in the group is covered.
    pub fn share_held(&self, group: usize, cpts: usize) -> Option<f64> {
        let total: u64 = self.held[group].iter().map(|(_, p)| p).sum();
        let part = self.held[group]
            .iter()
            .find(|(c, _)| *c == cpts)
            .map_or(0, |(_, p)| *p);
        (total > 0).then(|| part as f64 / total as f64)
    }

    /// Whether two units may share a new CPTS: same région, and same département unless their
    /// common EPCI spans both (S11: a new CPTS stays within one ARS).
    pub fn compatible(&self, territory: &Territory, u: usize, v: usize) -> bool {
        let (a, b) = (&territory.units[u], &territory.units[v]);
        if a.region != b.region {
            return false;
        }
        a.departement == b.departement
            || (self.epci_of[u].is_some()
                && self.epci_of[u] == self.epci_of[v]
                && self.epci_of[u].is_some_and(|e| self.epci_crosses[e]))
    }

    /// The zone's parts by group: (group, its units sorted) in order of first unit; units
    /// without a group form one part of their own each.
    pub fn parts(&self, units: &[usize]) -> Vec<(Option<usize>, Vec<usize>)> {
        let mut parts: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
        let mut at: HashMap<usize, usize> = HashMap::new();
        for &u in units {
            match self.group_of[u] {
                Some(g) => {
                    let i = *at.entry(g).or_insert_with(|| {
                        parts.push((Some(g), Vec::new()));
                        parts.len() - 1
                    });
                    parts[i].1.push(u);
                }
                None => parts.push((None, vec![u])),
            }
        }
        parts
    }

    /// The group's name, or `—` for a unit without one.
    pub fn name(&self, group: Option<usize>) -> String {
        group.map_or_else(|| "—".to_string(), |g| self.names[g].clone())
    }
}
