//! S10 comparison: two listings, or one listing at two dates. Every change is reported: units
//! whose best stage or CPTS changed, CPTS that appeared, disappeared, changed stage or
//! perimeter, zones that closed, opened, shrank, grew, split or merged — matched by the units
//! they share (by code), never by id.

use crate::coverage::Coverage;
use crate::inputs::listing::{Cpts, Listing};
use crate::model::Stage;
use crate::territory::Territory;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// One side of a comparison: a territory, its listing and coverage, and, with a commune
/// layer, its zones (member units, in zone order: `Z0001` first).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Side<'a> {
    pub territory: &'a Territory,
    pub listing: &'a Listing,
    pub cover: &'a Coverage,
    pub zones: Option<&'a [Vec<usize>]>,
}

/// A unit whose best stage or CPTS changed.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitChange {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its département.
    pub departement: String,
    /// Its population.
    pub population: u64,
    /// Its best stage before.
    pub stage_before: Option<Stage>,
    /// Its best stage after.
    pub stage_after: Option<Stage>,
    /// Its CPTS before, by id.
    pub cpts_before: Vec<String>,
    /// Its CPTS after, by id.
    pub cpts_after: Vec<String>,
    /// `covered`, `uncovered` (crossing the S3 line, `li`), `stage_up`, `stage_down`, `cpts`.
    pub change: &'static str,
}

/// A CPTS that appeared, disappeared, or changed stage or perimeter.
#[derive(Debug, Clone, PartialEq)]
pub struct CptsChange {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `appeared`, `disappeared`, or `stage`, `perimeter`, `stage+perimeter`.
    pub change: &'static str,
    /// Its stage before.
    pub stage_before: Option<Stage>,
    /// Its stage after.
    pub stage_after: Option<Stage>,
    /// Date the stage after was reached (the listing's date column for it).
    pub stage_date: Option<NaiveDate>,
    /// Communes it gained.
    pub codes_added: Vec<String>,
    /// Communes it lost.
    pub codes_removed: Vec<String>,
    /// Its population before.
    pub population_before: Option<u64>,
    /// Its population after.
    pub population_after: Option<u64>,
}

/// Zones before and after that share units (a component of the "shares a unit" graph).
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneChange {
    /// Zone ids before.
    pub zones_before: Vec<String>,
    /// Zone ids after.
    pub zones_after: Vec<String>,
    /// `closed`, `opened`, `shrunk`, `grown`, `reshaped`, `split`, `merged`, `split+merged`.
    pub change: &'static str,
    /// The most populous commune of the units involved.
    pub name: String,
    /// Their population before.
    pub population_before: u64,
    /// Their population after.
    pub population_after: u64,
    /// Their units before.
    pub units_before: usize,
    /// Their units after.
    pub units_after: usize,
    /// Units that joined.
    pub units_gained: usize,
    /// Units that left.
    pub units_lost: usize,
}

/// Every change between two sides.
#[derive(Debug, Clone)]
pub struct Changes {
    /// Units whose best stage or CPTS changed, by code.
    pub units: Vec<UnitChange>,
    /// CPTS that appeared, disappeared, changed stage or perimeter, by id.
    pub cpts: Vec<CptsChange>,
    /// With a commune layer: zones closed, opened, shrunk, grown, split or merged.
    pub zones: Option<Vec<ZoneChange>>,
}

impl Changes {
    /// How many CPTS changed, by kind of change (`appeared`, `stage`…).
    pub fn cpts_counts(&self) -> BTreeMap<&'static str, usize> {
        count(self.cpts.iter().map(|x| x.change))
    }

    /// How many zone changes there are of each kind, with a commune layer.
    pub fn zones_counts(&self) -> Option<BTreeMap<&'static str, usize>> {
        self.zones
            .as_ref()
            .map(|z| count(z.iter().map(|x| x.change)))
    }
}

fn count(kinds: impl Iterator<Item = &'static str>) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for kind in kinds {
        *counts.entry(kind).or_default() += 1;
    }
    counts
}

/// Compare two sides (S10).
pub(crate) fn changes(before: &Side, after: &Side) -> Changes {
    Changes {
        units: unit_changes(before, after),
        cpts: cpts_changes(before, after),
        zones: match (before.zones, after.zones) {
            (Some(b), Some(a)) => Some(zone_changes(before, b, after, a)),
            _ => None,
        },
    }
}

/// Per unit code of the reporting area: (index, best stage, CPTS ids).
fn unit_states<'a>(run: &Side<'a>) -> BTreeMap<&'a str, (usize, Option<Stage>, Vec<String>)> {
    let cpts = &run.listing.cpts;
    (0..run.territory.units.len())
        .filter(|&u| run.territory.in_area(u))
        .map(|u| {
            let c = &run.cover.units[u];
            let ids = c.cpts.iter().map(|&i| cpts[i].id.clone()).collect();
            (run.territory.units[u].code.as_str(), (u, c.stage, ids))
        })
        .collect()
}

fn unit_changes(before: &Side, after: &Side) -> Vec<UnitChange> {
    let (b, a) = (unit_states(before), unit_states(after));
    let codes: BTreeSet<&str> = b.keys().chain(a.keys()).copied().collect();
    let none = (usize::MAX, None, Vec::new());
    codes
        .into_iter()
        .filter_map(|code| {
            let (sb, sa) = (b.get(code), a.get(code));
            let (ub, stage_before, cpts_before) = sb.unwrap_or(&none);
            let (ua, stage_after, cpts_after) = sa.unwrap_or(&none);
            let covered = |s: &Option<Stage>| s.is_some_and(|s| s.is_covered());
            let change = match () {
                _ if !covered(stage_before) && covered(stage_after) => "covered",
                _ if covered(stage_before) && !covered(stage_after) => "uncovered",
                _ if stage_after > stage_before => "stage_up",
                _ if stage_after < stage_before => "stage_down",
                _ if cpts_after != cpts_before => "cpts",
                _ => return None,
            };
            let unit = match sa {
                Some(_) => &after.territory.units[*ua],
                None => &before.territory.units[*ub],
            };
            Some(UnitChange {
                code: code.to_string(),
                name: unit.name.clone(),
                departement: unit.departement.clone(),
                population: unit.population,
                stage_before: *stage_before,
                stage_after: *stage_after,
                cpts_before: cpts_before.clone(),
                cpts_after: cpts_after.clone(),
                change,
            })
        })
        .collect()
}

/// The CPTS of a run that exist at its date and touch its reporting area, by id: the CPTS,
/// its unit codes and its whole population.
fn cpts_states<'a>(run: &Side<'a>) -> BTreeMap<&'a str, (&'a Cpts, BTreeSet<&'a str>, u64)> {
    let territory = &run.territory;
    run.listing
        .cpts
        .iter()
        .filter(|c| c.stage.is_some() && c.units.iter().any(|&u| territory.in_area(u)))
        .map(|c| {
            let codes = c
                .units
                .iter()
                .map(|&u| territory.units[u].code.as_str())
                .collect();
            let population = c.population(territory);
            (c.id.as_str(), (c, codes, population))
        })
        .collect()
}

fn cpts_changes(before: &Side, after: &Side) -> Vec<CptsChange> {
    let (b, a) = (cpts_states(before), cpts_states(after));
    let ids: BTreeSet<&str> = b.keys().chain(a.keys()).copied().collect();
    ids.into_iter()
        .filter_map(|id| {
            let (sb, sa) = (b.get(id), a.get(id));
            let empty = BTreeSet::new();
            let codes_b = sb.map_or(&empty, |s| &s.1);
            let codes_a = sa.map_or(&empty, |s| &s.1);
            let added: Vec<String> = codes_a.difference(codes_b).map(|c| c.to_string()).collect();
            let removed: Vec<String> = codes_b.difference(codes_a).map(|c| c.to_string()).collect();
            let stage_before = sb.and_then(|s| s.0.stage);
            let stage_after = sa.and_then(|s| s.0.stage);
            let change = match (sb, sa) {
                (None, Some(_)) => "appeared",
                (Some(_), None) => "disappeared",
                _ => match (
                    stage_before != stage_after,
                    !added.is_empty() || !removed.is_empty(),
                ) {
                    (true, true) => "stage+perimeter",
                    (true, false) => "stage",
                    (false, true) => "perimeter",
                    (false, false) => return None,
                },
            };
            let cpts = sa.or(sb).map(|s| s.0)?;
            let stage_date = sa.and_then(|s| match s.0.stage? {
                Stage::Aci => s.0.date_aci,
                Stage::Ps => s.0.date_ps,
                Stage::Li => s.0.date_li,
                Stage::Preprojet => None,
            });
            Some(CptsChange {
                id: id.to_string(),
                name: cpts.name.clone(),
                change,
                stage_before,
                stage_after,
                stage_date,
                codes_added: if sb.is_some() { added } else { Vec::new() },
                codes_removed: if sa.is_some() { removed } else { Vec::new() },
                population_before: sb.map(|s| s.2),
                population_after: sa.map(|s| s.2),
            })
        })
        .collect()
}

/// Zone `k`'s id, as `zones.csv` numbers it.
fn zone_id(k: usize) -> String {
    format!("Z{:04}", k + 1)
}

fn zone_changes(
    before: &Side,
    zb: &[Vec<usize>],
    after: &Side,
    za: &[Vec<usize>],
) -> Vec<ZoneChange> {
    let code = |run: &Side, u: usize| run.territory.units[u].code.clone();
    let sets = |run: &Side, zones: &[Vec<usize>]| -> Vec<BTreeSet<String>> {
        zones
            .iter()
            .map(|z| z.iter().map(|&u| code(run, u)).collect())
            .collect()
    };
    let (sb, sa) = (sets(before, zb), sets(after, za));
    let zone_after: BTreeMap<&str, usize> = sa
        .iter()
        .enumerate()
        .flat_map(|(k, s)| s.iter().map(move |c| (c.as_str(), k)))
        .collect();
    // Components of the bipartite "shares a unit" graph: nodes 0..nb are the zones before,
    // nb.. the zones after.
    let nb = sb.len();
    let mut parent: Vec<usize> = (0..nb + sa.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (i, set) in sb.iter().enumerate() {
        for c in set {
            if let Some(&j) = zone_after.get(c.as_str()) {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, nb + j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for node in 0..parent.len() {
        let r = root(&mut parent, node);
        let group = groups.entry(r).or_default();
        if node < nb {
            group.0.push(node);
        } else {
            group.1.push(node - nb);
        }
    }
    let population = |run: &Side, zones: &[Vec<usize>], ks: &[usize]| -> u64 {
        ks.iter()
            .flat_map(|&k| &zones[k])
            .map(|&u| run.territory.units[u].population)
            .sum()
    };
    let mut changes: Vec<ZoneChange> = groups
        .into_values()
        .filter_map(|(bs, as_)| {
            let codes_b: BTreeSet<&String> = bs.iter().flat_map(|&k| &sb[k]).collect();
            let codes_a: BTreeSet<&String> = as_.iter().flat_map(|&k| &sa[k]).collect();
            let gained = codes_a.difference(&codes_b).count();
            let lost = codes_b.difference(&codes_a).count();
            let change = match (bs.len(), as_.len()) {
                (_, 0) => "closed",
                (0, _) => "opened",
                (1, 1) => match (gained > 0, lost > 0) {
                    (false, false) => return None,
                    (false, true) => "shrunk",
                    (true, false) => "grown",
                    (true, true) => "reshaped",
                },
                (1, _) => "split",
                (_, 1) => "merged",
                _ => "split+merged",
            };
            let name = bs
                .iter()
                .flat_map(|&k| zb[k].iter().map(|&u| &before.territory.units[u]))
                .chain(
                    as_.iter()
                        .flat_map(|&k| za[k].iter().map(|&u| &after.territory.units[u])),
                )
                .max_by(|x, y| x.population.cmp(&y.population).then(y.code.cmp(&x.code)))
                .map(|u| u.name.clone())
                .unwrap_or_default();
            Some(ZoneChange {
                zones_before: bs.iter().map(|&k| zone_id(k)).collect(),
                zones_after: as_.iter().map(|&k| zone_id(k)).collect(),
                change,
                name,
                population_before: population(before, zb, &bs),
                population_after: population(after, za, &as_),
                units_before: codes_b.len(),
                units_after: codes_a.len(),
                units_gained: gained,
                units_lost: lost,
            })
        })
        .collect();
    changes.sort_by(|x, y| {
        let key = |c: &ZoneChange| c.population_before.max(c.population_after);
        key(y)
            .cmp(&key(x))
            .then_with(|| x.zones_before.cmp(&y.zones_before))
            .then_with(|| x.zones_after.cmp(&y.zones_after))
    });
    changes
}
