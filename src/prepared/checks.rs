//! A prepared territory read back is checked as a layer is: a file edited after `prepare`
//! (its checksums recomputed) must not give a figure the layer would have been refused for.

use super::PreparedTerritory;
use crate::error::{Error, Result};
use crate::territory::cog::Cog;
use crate::territory::{MAX_UNIT_POPULATION, Unit, extent};
use std::collections::BTreeSet;
use std::path::Path;

/// Populations within the bounds of a layer's, units where the COG puts them (or kept with the
/// notice a layer gives to a code the COG does not know), départements of the COG, and every
/// geometry inside its département's extent. Finite coordinates are checked as the file is
/// decoded.
pub(super) fn check(path: &Path, prepared: &PreparedTerritory, cog: &Cog) -> Result<()> {
    let territory = &prepared.territory;
    let edited = |unit: &Unit, what: String| {
        Error::input(
            path,
            format!("unit {}", unit.code),
            format!("{what}: the file was changed after `prepare`; prepare the territory again"),
        )
    };
    for unit in &territory.units {
        if unit.population > MAX_UNIT_POPULATION {
            return Err(edited(
                unit,
                format!(
                    "population {} is beyond any commune (0 to {MAX_UNIT_POPULATION})",
                    unit.population
                ),
            ));
        }
        match cog.get(&unit.code) {
            Some(reference) => {
                let fields = [
                    ("département", &unit.departement, &reference.departement),
                    ("région", &unit.region, &reference.region),
                ];
                for (field, stored, known) in fields {
                    if stored != known {
                        return Err(edited(
                            unit,
                            format!("{field} `{stored}` where the COG says `{known}`"),
                        ));
                    }
                }
                if unit.kind != reference.kind {
                    return Err(edited(unit, "its kind is not the COG's".into()));
                }
            }
            None => {
                let noticed = territory.notices.iter().any(|n| {
                    n.kind == "code_not_in_cog"
                        && n.message.contains(&format!("code {} ", unit.code))
                });
                if !noticed {
                    return Err(edited(
                        unit,
                        "the code is not in the COG and the file holds no notice of it".into(),
                    ));
                }
            }
        }
    }
    let known: BTreeSet<&str> = cog.units().iter().map(|u| u.departement.as_str()).collect();
    if let Some(unknown) = territory
        .departements
        .iter()
        .find(|d| !known.contains(d.as_str()))
    {
        return Err(Error::input(
            path,
            "départements",
            format!(
                "département `{unknown}` is not in the COG: the file was changed after `prepare`; prepare the territory again"
            ),
        ));
    }
    extent::check_units(path, &territory.units)
}
