//! Coverage (S3, S4): each unit's best stage and CPTS, overlaps, and the population by stage
//! for France, régions, départements and EPCI, aggregated with polars.

use crate::inputs::listing::Listing;
use crate::model::Stage;
use crate::model::format::percent;
use crate::territory::Territory;
use crate::territory::cog::Cog;
use std::collections::{BTreeMap, HashMap};

/// Coverage of one unit.
#[derive(Debug, Clone, Default)]
pub struct UnitCoverage {
    /// Highest stage over the CPTS that list the unit and exist at the date (S3).
    pub stage: Option<Stage>,
    /// Indices into `Listing::cpts`, sorted by CPTS id.
    pub cpts: Vec<usize>,
}

/// A unit listed by two or more CPTS (S4).
#[derive(Debug, Clone)]
pub struct Overlap {
    /// The unit (index into the territory).
    pub unit: usize,
    /// The CPTS that list it (indices into the listing), sorted by id.
    pub cpts: Vec<usize>,
    /// Shared big cities are normal; elsewhere the ARS must arbitrate.
    pub nature: OverlapNature,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// Whether an overlap is normal or a conflict to arbitrate (S4).
pub enum OverlapNature {
    /// A city of 50 000 inhabitants or more, or a municipal arrondissement.
    SharedCity,
    /// Anything else: a conflict to arbitrate.
    Conflict,
}

impl OverlapNature {
    /// `shared_city` or `conflict`.
    pub fn as_str(self) -> &'static str {
        match self {
            OverlapNature::SharedCity => "shared_city",
            OverlapNature::Conflict => "conflict",
        }
    }
}

/// Population above which a unit shared by several CPTS is a normal shared city.
pub const SHARED_CITY_POPULATION: u64 = 50_000;

/// Coverage of the territory by a listing.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// Coverage of each unit, in territory order.
    pub units: Vec<UnitCoverage>,
    /// Units listed by two or more CPTS.
    pub overlaps: Vec<Overlap>,
}

/// Population of a set of units by best stage (S4). [`StageTotals::add`] is the one place
/// where a unit's population is counted by stage: every table, summary, map legend and report
/// figure adds units through it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTotals {
    /// Population of the units.
    pub total: u64,
    /// Population whose best stage is `aci`.
    pub aci: u64,
    /// … `ps`.
    pub ps: u64,
    /// … `li`.
    pub li: u64,
    /// … `preprojet`.
    pub preprojet: u64,
    /// Population no CPTS lists.
    pub none: u64,
    /// Number of units.
    pub units: u64,
}

impl StageTotals {
    /// Count one unit of `population` at its best `stage` (`None`: no CPTS).
    pub fn add(&mut self, population: u64, stage: Option<Stage>) {
        self.total += population;
        self.units += 1;
        match stage {
            Some(Stage::Aci) => self.aci += population,
            Some(Stage::Ps) => self.ps += population,
            Some(Stage::Li) => self.li += population,
            Some(Stage::Preprojet) => self.preprojet += population,
            None => self.none += population,
        }
    }

    /// Population at `stage` or beyond.
    pub fn at_least(&self, stage: Stage) -> u64 {
        match stage {
            Stage::Aci => self.aci,
            Stage::Ps => self.aci + self.ps,
            Stage::Li => self.aci + self.ps + self.li,
            Stage::Preprojet => self.aci + self.ps + self.li + self.preprojet,
        }
    }

    /// Share of the population at `stage` or above, in percent (0 when the total is 0).
    pub fn pct_at_least(&self, stage: Stage) -> f64 {
        percent(self.at_least(stage), self.total)
    }

    /// Population by stage in display order: ACI, PS, LI, pré-projet, none.
    pub fn in_display_order(&self) -> [u64; 5] {
        [self.aci, self.ps, self.li, self.preprojet, self.none]
    }
}

/// Figures by scope (S4): the study area (`france`), each région, département and EPCI, keyed
/// by code. Units whose EPCI is unknown are under the EPCI key `""` (the statistics table
/// leaves that row out: S4 has no such scope).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scopes<T> {
    /// The study area (or the reporting area, S7).
    pub france: T,
    /// Each région of the area, by code.
    pub regions: BTreeMap<String, T>,
    /// Each département of the area, by code.
    pub departements: BTreeMap<String, T>,
    /// Each EPCI, by SIREN (`""`: units whose EPCI is unknown).
    pub epcis: BTreeMap<String, T>,
}

impl<T: Default> Scopes<T> {
    /// Fold every unit (by index) into the scopes it belongs to, in one pass (hash maps on the
    /// codes while folding, sorted by code at the end).
    pub(crate) fn fold(territory: &Territory, mut add: impl FnMut(&mut T, usize)) -> Scopes<T> {
        let mut france = T::default();
        let mut regions: HashMap<&str, T> = HashMap::new();
        let mut departements: HashMap<&str, T> = HashMap::new();
        let mut epcis: HashMap<&str, T> = HashMap::new();
        for (u, unit) in territory.units.iter().enumerate() {
            // S7: only the units of the reporting area are reported.
            if !territory.in_area(u) {
                continue;
            }
            add(&mut france, u);
            // S1: the overseas collectivités belong to no région; S7: a région is a scope of the
            // reporting area only when it was named whole.
            let region_reported = match &territory.area {
                Some(area) => area.regions.contains(&unit.region),
                None => !unit.region.is_empty(),
            };
            if region_reported {
                add(regions.entry(&unit.region).or_default(), u);
            }
            add(departements.entry(&unit.departement).or_default(), u);
            add(
                epcis.entry(unit.epci.as_deref().unwrap_or("")).or_default(),
                u,
            );
        }
        let sorted = |map: HashMap<&str, T>| -> BTreeMap<String, T> {
            map.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
        };
        Scopes {
            france,
            regions: sorted(regions),
            departements: sorted(departements),
            epcis: sorted(epcis),
        }
    }
}

impl Coverage {
    /// S3: a unit's stage is the highest stage over the existing CPTS that list it.
    pub(crate) fn compute(territory: &Territory, listing: &Listing) -> Coverage {
        let stages: Vec<Option<Stage>> = listing.cpts.iter().map(|c| c.stage).collect();
        Coverage::with_stages(territory, listing, &stages)
    }

    /// S3 with the stage of each CPTS given (`None`: it does not exist), e.g. at another date
    /// of a series (S10): the same listing, evaluated again without reading it again.
    pub(crate) fn with_stages(
        territory: &Territory,
        listing: &Listing,
        stages: &[Option<Stage>],
    ) -> Coverage {
        let mut units = vec![UnitCoverage::default(); territory.units.len()];
        let mut order: Vec<usize> = (0..listing.cpts.len()).collect();
        order.sort_by(|&a, &b| listing.cpts[a].id.cmp(&listing.cpts[b].id));
        for index in order {
            let cpts = &listing.cpts[index];
            let Some(stage) = stages[index] else { continue };
            for &unit in &cpts.units {
                let coverage = &mut units[unit];
                coverage.stage = coverage.stage.max(Some(stage));
                coverage.cpts.push(index);
            }
        }
        let overlaps = units
            .iter()
            .enumerate()
            .filter(|(_, c)| c.cpts.len() >= 2)
            .map(|(unit, c)| {
                let u = &territory.units[unit];
                let nature = if u.population >= SHARED_CITY_POPULATION
                    || u.kind == crate::model::UnitKind::Arrondissement
                {
                    OverlapNature::SharedCity
                } else {
                    OverlapNature::Conflict
                };
                Overlap {
                    unit,
                    cpts: c.cpts.clone(),
                    nature,
                }
            })
            .collect();
        Coverage { units, overlaps }
    }

    /// Population by stage for every scope of the territory (S4), in one pass.
    pub(crate) fn scopes(&self, territory: &Territory) -> Scopes<StageTotals> {
        Scopes::fold(territory, |totals: &mut StageTotals, u| {
            totals.add(territory.units[u].population, self.units[u].stage)
        })
    }
}

/// The first row of the coverage tables (S7): `("area", "06", "Alpes-Maritimes (06)")` for a
/// reporting area, else `("france", "FR", study area name)`.
pub fn first_scope(territory: &Territory, cog: &Cog) -> (&'static str, String, String) {
    match &territory.area {
        Some(area) => ("area", area.code.clone(), area.name.clone()),
        None => ("france", "FR".to_string(), study_area_name(territory, cog)),
    }
}

/// "France" when the study area holds every département of metropolitan France and the DROM
/// of the reference, else a name that says it is a partial study area.
pub fn study_area_name(territory: &Territory, cog: &Cog) -> String {
    if let Some(area) = &territory.area {
        return area.name.clone();
    }
    let all: std::collections::BTreeSet<&str> = cog
        .units()
        .iter()
        .filter(|u| u.zone == "metro" || u.zone == "drom")
        .map(|u| u.departement.as_str())
        .collect();
    if all.len() > 90 && all.iter().all(|d| territory.departements.contains(*d)) {
        "France".to_string()
    } else {
        match territory.departements.len() {
            1 => "Zone d'étude (1 département)".to_string(),
            n => format!("Zone d'étude ({n} départements)"),
        }
    }
}

/// A title for maps and reports: `France`, `Provence-Alpes-Côte d'Azur` when the study area is
/// exactly one région, `Alpes-de-Haute-Provence (04)` for one département, else the study area
/// name.
pub fn study_area_title(territory: &Territory, cog: &Cog) -> String {
    let name = study_area_name(territory, cog);
    if name == "France" || territory.area.is_some() {
        return name;
    }
    if territory.departements.len() == 1
        && let Some(code) = territory.departements.first()
    {
        return match cog.departement_name(code) {
            Some(dep) => format!("{dep} ({code})"),
            None => format!("Département {code}"),
        };
    }
    let regions: std::collections::BTreeSet<&str> =
        territory.units.iter().map(|u| u.region.as_str()).collect();
    if regions.len() == 1
        && let Some(&region) = regions.first()
    {
        let complete = cog
            .units()
            .iter()
            .filter(|u| u.region == region)
            .all(|u| territory.departements.contains(&u.departement));
        if complete && let Some(r) = cog.region_name(region) {
            return r.to_string();
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::grid_zones;

    fn unit(run: &crate::ZonesRun, code: &str) -> usize {
        run.coverage.territory.position(code).expect("unit")
    }

    #[test]
    fn s3_a_unit_takes_the_highest_stage_of_its_cpts() {
        let run = grid_zones(Stage::Li);
        let coverage = &run.coverage.cover;
        assert_eq!(coverage.units[unit(&run, "99001")].stage, Some(Stage::Aci));
        assert_eq!(coverage.units[unit(&run, "99002")].stage, Some(Stage::Li));
        assert_eq!(coverage.units[unit(&run, "99003")].stage, None);
        assert_eq!(coverage.units[unit(&run, "99001")].cpts.len(), 2);
    }

    #[test]
    fn s4_overlaps_and_population_by_stage_in_every_scope() {
        let run = grid_zones(Stage::Li);
        let overlaps = &run.coverage.cover.overlaps;
        assert_eq!(overlaps.len(), 1);
        // 1 000 inhabitants, not an arrondissement: a conflict for the ARS.
        assert_eq!(overlaps[0].nature, OverlapNature::Conflict);
        let france = &run.coverage.scopes.france;
        assert_eq!(
            (
                france.total,
                france.aci,
                france.li,
                france.none,
                france.units
            ),
            (10_000, 1_000, 2_000, 7_000, 4)
        );
        assert_eq!(france.at_least(Stage::Li), 3_000);
        assert_eq!(france.pct_at_least(Stage::Aci), 10.0);
        assert_eq!(run.coverage.scopes.departements["99"], *france);
        assert_eq!(run.coverage.scopes.epcis["299000001"], *france);
    }

    #[test]
    fn stage_totals_add_up() {
        let mut totals = StageTotals::default();
        totals.add(10, Some(Stage::Ps));
        totals.add(5, Some(Stage::Preprojet));
        totals.add(1, None);
        assert_eq!(totals.in_display_order(), [0, 10, 0, 5, 1]);
        assert_eq!(totals.at_least(Stage::Preprojet), 15);
        assert_eq!(StageTotals::default().pct_at_least(Stage::Li), 0.0);
    }
}
