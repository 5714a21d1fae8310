//! Coverage (S3, S4): each unit's best stage and CPTS, overlaps, and the population by stage
//! for France, régions, départements and EPCI, aggregated with polars.

use crate::cog::Cog;
use crate::listing::Listing;
use crate::model::Stage;
use crate::territory::Territory;
use polars::prelude::*;

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
    pub unit: usize,
    pub cpts: Vec<usize>,
    /// Shared big cities are normal; elsewhere the ARS must arbitrate.
    pub nature: OverlapNature,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverlapNature {
    /// A city of 50 000 inhabitants or more, or a municipal arrondissement.
    SharedCity,
    /// Anything else: a conflict to arbitrate.
    Conflict,
}

impl OverlapNature {
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
    pub units: Vec<UnitCoverage>,
    pub overlaps: Vec<Overlap>,
}

/// Population of a set of units by best stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTotals {
    pub total: u64,
    pub aci: u64,
    pub ps: u64,
    pub li: u64,
    pub preprojet: u64,
    pub none: u64,
    pub units: u64,
}

impl StageTotals {
    /// Share of the population at `stage` or above, in percent (0 when the total is 0).
    pub fn pct_at_least(&self, stage: Stage) -> f64 {
        let covered = match stage {
            Stage::Aci => self.aci,
            Stage::Ps => self.aci + self.ps,
            Stage::Li => self.aci + self.ps + self.li,
            Stage::Preprojet => self.aci + self.ps + self.li + self.preprojet,
        };
        percent(covered, self.total)
    }
}

/// 100 × part / total, 0 for an empty total.
pub fn percent(part: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        100.0 * part as f64 / total as f64
    }
}

impl Coverage {
    /// S3: a unit's stage is the highest stage over the existing CPTS that list it.
    pub fn compute(territory: &Territory, listing: &Listing) -> Coverage {
        let mut units = vec![UnitCoverage::default(); territory.units.len()];
        let mut order: Vec<usize> = (0..listing.cpts.len()).collect();
        order.sort_by(|&a, &b| listing.cpts[a].id.cmp(&listing.cpts[b].id));
        for index in order {
            let cpts = &listing.cpts[index];
            let Some(stage) = cpts.stage else { continue };
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

    /// National totals by stage (S4).
    pub fn totals(&self, territory: &Territory) -> StageTotals {
        let mut t = StageTotals::default();
        for (unit, coverage) in territory.units.iter().zip(&self.units) {
            let p = unit.population;
            t.total += p;
            t.units += 1;
            match coverage.stage {
                Some(Stage::Aci) => t.aci += p,
                Some(Stage::Ps) => t.ps += p,
                Some(Stage::Li) => t.li += p,
                Some(Stage::Preprojet) => t.preprojet += p,
                None => t.none += p,
            }
        }
        t
    }

    /// The S4 statistics table (`coverage.csv`): one row per scope, France first, then régions,
    /// départements and EPCI, each sorted by code.
    pub fn statistics(&self, territory: &Territory, cog: &Cog) -> PolarsResult<DataFrame> {
        // Long format: one row per (unit, scope it belongs to), then a single group-by.
        let n = territory.units.len();
        let mut rank: Vec<u32> = Vec::with_capacity(4 * n);
        let mut code: Vec<&str> = Vec::with_capacity(4 * n);
        let mut population: Vec<u64> = Vec::with_capacity(4 * n);
        let mut stage: Vec<u32> = Vec::with_capacity(4 * n);
        for (unit, coverage) in territory.units.iter().zip(&self.units) {
            let s = coverage.stage.map(|s| s as u32 + 1).unwrap_or(0);
            let scopes = [
                Some("FR"),
                Some(unit.region.as_str()),
                Some(unit.departement.as_str()),
                unit.epci.as_deref(),
            ];
            for (r, c) in scopes.into_iter().enumerate() {
                if let Some(c) = c {
                    rank.push(r as u32);
                    code.push(c);
                    population.push(unit.population);
                    stage.push(s);
                }
            }
        }
        let long = df!(
            "scope_rank" => rank,
            "scope_code" => code,
            "population" => population,
            "stage" => stage,
        )?;
        // Stage codes: 0 none, 1 preprojet, 2 li, 3 ps, 4 aci.
        let pop_at = |code: u32, name: &str| {
            when(col("stage").eq(lit(code)))
                .then(col("population"))
                .otherwise(lit(0u64))
                .sum()
                .alias(name)
        };
        let pct = |name: &str, parts: &[&str]| {
            let covered = parts
                .iter()
                .map(|p| col(format!("pop_{p}")))
                .reduce(|a, b| a + b)
                .unwrap_or(lit(0u64));
            when(col("population_total").gt(lit(0u64)))
                .then(
                    covered.cast(DataType::Float64) * lit(100.0)
                        / col("population_total").cast(DataType::Float64),
                )
                .otherwise(lit(0.0))
                .alias(name)
        };
        let scope_type = when(col("scope_rank").eq(lit(0u32)))
            .then(lit("france"))
            .when(col("scope_rank").eq(lit(1u32)))
            .then(lit("region"))
            .when(col("scope_rank").eq(lit(2u32)))
            .then(lit("departement"))
            .otherwise(lit("epci"))
            .alias("scope_type");
        let names = scope_names(territory, cog)?;
        long.lazy()
            .group_by([col("scope_rank"), col("scope_code")])
            .agg([
                col("population").sum().alias("population_total"),
                pop_at(4, "pop_aci"),
                pop_at(3, "pop_ps"),
                pop_at(2, "pop_li"),
                pop_at(1, "pop_preprojet"),
                pop_at(0, "pop_none"),
                len().cast(DataType::UInt64).alias("units"),
            ])
            .with_columns([
                scope_type,
                pct("pct_ge_li", &["aci", "ps", "li"]),
                pct("pct_ge_ps", &["aci", "ps"]),
                pct("pct_aci", &["aci"]),
            ])
            .join(
                names.lazy(),
                [col("scope_type"), col("scope_code")],
                [col("scope_type"), col("scope_code")],
                JoinArgs::new(JoinType::Left),
            )
            .sort(["scope_rank", "scope_code"], SortMultipleOptions::default())
            .select([
                col("scope_type"),
                col("scope_code"),
                col("scope_name"),
                col("population_total"),
                col("pop_aci"),
                col("pop_ps"),
                col("pop_li"),
                col("pop_preprojet"),
                col("pop_none"),
                col("pct_ge_li"),
                col("pct_ge_ps"),
                col("pct_aci"),
                col("units"),
            ])
            .collect()
    }
}

/// "France" when the study area holds every département of metropolitan France and the DROM
/// of the reference, else a name that says it is a partial study area.
pub fn study_area_name(territory: &Territory, cog: &Cog) -> String {
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

/// Names of every scope of the territory (France, régions, départements, EPCI).
fn scope_names(territory: &Territory, cog: &Cog) -> PolarsResult<DataFrame> {
    use std::collections::BTreeSet;
    let mut rows: BTreeSet<(&'static str, String, String)> = BTreeSet::new();
    rows.insert(("france", "FR".into(), study_area_name(territory, cog)));
    for unit in &territory.units {
        let region = cog.region_name(&unit.region).map(String::from);
        rows.insert((
            "region",
            unit.region.clone(),
            region.unwrap_or_else(|| format!("Région {}", unit.region)),
        ));
        let dep = cog.departement_name(&unit.departement).map(String::from);
        rows.insert((
            "departement",
            unit.departement.clone(),
            dep.unwrap_or_else(|| format!("Département {}", unit.departement)),
        ));
        if let Some(e) = &unit.epci {
            let name = cog
                .epci_name(e)
                .map(String::from)
                .unwrap_or_else(|| format!("EPCI {e}"));
            rows.insert(("epci", e.clone(), name));
        }
    }
    let (types, rest): (Vec<&str>, Vec<(String, String)>) =
        rows.into_iter().map(|(t, c, n)| (t, (c, n))).unzip();
    let (codes, names): (Vec<String>, Vec<String>) = rest.into_iter().unzip();
    df!("scope_type" => types, "scope_code" => codes, "scope_name" => names)
}

/// A title for maps and reports: `France`, `Provence-Alpes-Côte d'Azur` when the study area is
/// exactly one région, `Alpes-de-Haute-Provence (04)` for one département, else the study area
/// name.
pub fn study_area_title(territory: &Territory, cog: &Cog) -> String {
    let name = study_area_name(territory, cog);
    if name == "France" {
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
