//! ACI funding (S9): the fixed annual envelope of every CPTS before and after the plan, by
//! its size class, and the totals by scope. A CPTS at stage `aci` receives its class's
//! envelope; earlier stages receive nothing; a new CPTS of the plan (or a project the plan
//! matures) receives its envelope once it signs ("potential").

use crate::inputs::listing::Listing;
use crate::inputs::weights::Tariff;
use crate::model::{SizeClass, Stage};
use crate::plan::{Plan, TargetKind};
use crate::territory::Territory;
use std::collections::BTreeMap;

/// On what ground a CPTS is funded after the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// ACI signed: funded now and after.
    Signed,
    /// A new CPTS of the plan, or a project the plan matures: funded once it signs the ACI.
    Potential,
    /// Below the ACI and not matured by the plan: no ACI envelope.
    None,
}

impl Basis {
    /// `signed`, `potential` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Signed => "signed",
            Basis::Potential => "potential",
            Basis::None => "none",
        }
    }
}

/// One CPTS, existing or proposed.
#[derive(Debug, Clone, PartialEq)]
pub struct FundingRow {
    /// CPTS id (or the new CPTS's id).
    pub id: String,
    /// Its name.
    pub name: String,
    /// `existing` or `new`.
    pub kind: &'static str,
    /// Stage at the date of the analysis (`None` for a new CPTS).
    pub stage: Option<Stage>,
    /// Population before the plan.
    pub population_before: u64,
    /// Population after the plan.
    pub population_after: u64,
    /// ACI envelope now, euros a year.
    pub envelope_before: u64,
    /// ACI envelope after the plan (potential for new CPTS).
    pub envelope_after: u64,
    /// On what ground it is funded after the plan.
    pub basis_after: Basis,
    /// Where its totals are counted: the département holding most of its population (ties:
    /// smallest code), and that département's région.
    pub departement: String,
    /// The région of that département.
    pub region: String,
}

impl FundingRow {
    /// Size class before (none for a new CPTS).
    pub fn class_before(&self) -> Option<SizeClass> {
        (self.population_before > 0).then(|| SizeClass::of_population(self.population_before))
    }

    /// Size class after.
    pub fn class_after(&self) -> SizeClass {
        SizeClass::of_population(self.population_after)
    }

    /// Envelope after minus before.
    pub fn delta(&self) -> i64 {
        self.envelope_after as i64 - self.envelope_before as i64
    }
}

/// Totals of a scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FundingTotals {
    /// CPTS under ACI now.
    pub cpts_signed: usize,
    /// CPTS funded once the plan is carried out and signed.
    pub cpts_funded_after: usize,
    /// Envelopes now, euros a year.
    pub envelope_before: u64,
    /// Envelopes after.
    pub envelope_after: u64,
}

impl FundingTotals {
    fn add(&mut self, row: &FundingRow) {
        self.cpts_signed += usize::from(row.basis_after == Basis::Signed);
        self.cpts_funded_after += usize::from(row.basis_after != Basis::None);
        self.envelope_before += row.envelope_before;
        self.envelope_after += row.envelope_after;
    }

    /// After minus before.
    pub fn delta(&self) -> i64 {
        self.envelope_after as i64 - self.envelope_before as i64
    }
}

/// The funding of a plan: one row per CPTS (existing, then new), totals by scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Funding {
    /// The tariff used.
    pub tariff: Tariff,
    /// Every CPTS, existing then new.
    pub rows: Vec<FundingRow>,
    /// Totals of the study area.
    pub total: FundingTotals,
    /// Totals by région.
    pub regions: BTreeMap<String, FundingTotals>,
    /// Totals by département.
    pub departements: BTreeMap<String, FundingTotals>,
}

/// The département holding most of `units`' population (ties: smallest code).
fn home(territory: &Territory, units: impl Iterator<Item = usize>) -> (String, String) {
    let mut by_dep: BTreeMap<&str, (u64, &str)> = BTreeMap::new();
    for u in units {
        let unit = &territory.units[u];
        let entry = by_dep
            .entry(unit.departement.as_str())
            .or_insert((0, unit.region.as_str()));
        entry.0 += unit.population;
    }
    by_dep
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))
        .map(|(d, (_, r))| (d.to_string(), r.to_string()))
        .unwrap_or_default()
}

impl Funding {
    /// S9 for a plan on a listing.
    pub fn of(territory: &Territory, listing: &Listing, plan: &Plan, tariff: &Tariff) -> Funding {
        let target_of_cpts: BTreeMap<usize, usize> = plan
            .targets
            .iter()
            .enumerate()
            .filter_map(|(t, target)| match target.kind {
                TargetKind::Existing(c) => Some((c, t)),
                TargetKind::New { .. } => None,
            })
            .collect();
        let envelope = |population: u64| tariff.envelope(SizeClass::of_population(population));
        let mut rows: Vec<FundingRow> = Vec::new();
        for (c, cpts) in listing.cpts.iter().enumerate() {
            let target = target_of_cpts.get(&c).map(|&t| &plan.targets[t]);
            let Some(stage) = cpts.stage else { continue };
            if target.is_none() && !cpts.units.iter().any(|&u| territory.in_area(u)) {
                continue;
            }
            let before = cpts.population(territory);
            let after = target.map_or(before, |t| t.population_after);
            let basis_after = match (stage, target) {
                (Stage::Aci, _) => Basis::Signed,
                (_, Some(t)) if t.mature => Basis::Potential,
                _ => Basis::None,
            };
            let (departement, region) = home(territory, cpts.units.iter().copied());
            rows.push(FundingRow {
                id: cpts.id.clone(),
                name: cpts.name.clone(),
                kind: "existing",
                stage: Some(stage),
                population_before: before,
                population_after: after,
                envelope_before: if stage == Stage::Aci {
                    envelope(before)
                } else {
                    0
                },
                envelope_after: if basis_after == Basis::None {
                    0
                } else {
                    envelope(after)
                },
                basis_after,
                departement,
                region,
            });
        }
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        for target in &plan.targets {
            if let TargetKind::New { .. } = target.kind {
                let (departement, region) = home(territory, target.units_added.iter().copied());
                rows.push(FundingRow {
                    id: target.id.clone(),
                    name: target.name.clone(),
                    kind: "new",
                    stage: None,
                    population_before: 0,
                    population_after: target.population_after,
                    envelope_before: 0,
                    envelope_after: envelope(target.population_after),
                    basis_after: Basis::Potential,
                    departement,
                    region,
                });
            }
        }
        let mut funding = Funding {
            tariff: tariff.clone(),
            rows,
            total: FundingTotals::default(),
            regions: BTreeMap::new(),
            departements: BTreeMap::new(),
        };
        for row in &funding.rows {
            funding.total.add(row);
            // S7: a CPTS counted in a région only when the région is reported.
            let region_reported = match &territory.area {
                Some(area) => area.regions.contains(&row.region),
                None => !row.region.is_empty(),
            };
            if region_reported {
                funding
                    .regions
                    .entry(row.region.clone())
                    .or_default()
                    .add(row);
            }
            funding
                .departements
                .entry(row.departement.clone())
                .or_default()
                .add(row);
        }
        funding
    }
}
