//! Each row's codes resolved to units (S1, S2): former codes to the current commune, a city
//! with arrondissements to its arrondissements; and the départements a listing speaks of (S7).

use super::ListingOptions;
use super::columns::{Field, field_cell, listing_columns};
use crate::io::table::RawTable;
use crate::model::catalogue::RowReason;
use crate::model::clean_code;
use crate::territory::Territory;
use crate::territory::cog::{Cog, Resolution};
use std::collections::BTreeSet;

/// S7: the départements where the listing has at least one row (its coverage is known there),
/// from the codes as the reference resolves them; empty when the columns cannot be found (the
/// listing's own error comes when it is loaded).
pub(crate) fn listing_departements(
    table: &RawTable,
    options: &ListingOptions,
    cog: &Cog,
) -> BTreeSet<String> {
    let Ok(columns) = listing_columns(table, options) else {
        return BTreeSet::new();
    };
    let mut departements = BTreeSet::new();
    for row in &table.rows {
        for field in [Field::ArrondissementCode, Field::CommuneCode] {
            let code = clean_code(field_cell(row, &columns, field));
            let current = match cog.resolve(&code) {
                Resolution::Current(c) => c,
                Resolution::Former { current } => current,
                Resolution::Unknown => continue,
            };
            if let Some(unit) = cog.get(&current) {
                departements.insert(unit.departement.clone());
            }
        }
    }
    departements
}

pub(super) enum RowTarget {
    /// Units of the territory, and the (former, current) pair when a former code was resolved.
    Units(Vec<usize>, Option<(String, String)>),
    /// A unit of the reference outside the study area (its code).
    Outside(String),
    Unresolved(String, RowReason),
}

/// S1/S2: resolve one row's commune (and optional arrondissement) code to units.
pub(super) fn resolve_row(
    raw_code: &str,
    raw_arrondissement: &str,
    territory: &Territory,
    cog: &Cog,
) -> RowTarget {
    let code = clean_code(raw_code);
    let arrondissement = clean_code(raw_arrondissement);
    if code.is_empty() && arrondissement.is_empty() {
        return RowTarget::Unresolved(String::new(), RowReason::EmptyCommuneCode);
    }
    // An arrondissement code, when given, is the most precise information of the row.
    if !arrondissement.is_empty() {
        let city = cog.get(&arrondissement).and_then(|u| u.city.clone());
        match city {
            Some(city) if code.is_empty() || code == city || code == arrondissement => {
                return unit_or_city(&arrondissement, &city, territory, None);
            }
            Some(city) => {
                return RowTarget::Unresolved(
                    format!("{raw_code}/{raw_arrondissement}"),
                    RowReason::ArrondissementOfOtherCity {
                        arrondissement,
                        city,
                        code,
                    },
                );
            }
            None => {
                return RowTarget::Unresolved(
                    raw_arrondissement.to_string(),
                    RowReason::UnknownArrondissementCode,
                );
            }
        }
    }
    let (current, former) = match cog.resolve(&code) {
        Resolution::Current(c) => (c, None),
        Resolution::Former { current } => (current.clone(), Some((code.clone(), current))),
        Resolution::Unknown => {
            // A unit of the layer that the COG does not know (kept by the territory).
            return match territory.position(&code) {
                Some(i) => RowTarget::Units(vec![i], None),
                None => RowTarget::Unresolved(raw_code.to_string(), RowReason::UnknownCommuneCode),
            };
        }
    };
    if let Some(city) = cog.get(&current).and_then(|u| u.city.clone()) {
        return unit_or_city(&current, &city, territory, former);
    }
    if territory.split_cities.contains(&current) {
        // S2: a city code without arrondissement covers all its arrondissements.
        let units: Vec<usize> = cog
            .arrondissements_of(&current)
            .iter()
            .filter_map(|a| territory.position(a))
            .collect();
        return if units.is_empty() {
            RowTarget::Outside(current)
        } else {
            RowTarget::Units(units, former)
        };
    }
    match territory.position(&current) {
        Some(i) => RowTarget::Units(vec![i], former),
        None => RowTarget::Outside(current),
    }
}

/// An arrondissement resolves to itself when the city is split, else to the city's unit.
pub(super) fn unit_or_city(
    arrondissement: &str,
    city: &str,
    territory: &Territory,
    former: Option<(String, String)>,
) -> RowTarget {
    let target = if territory.split_cities.contains(city) {
        arrondissement
    } else {
        city
    };
    match territory.position(target) {
        Some(i) => RowTarget::Units(vec![i], former),
        None => RowTarget::Outside(target.to_string()),
    }
}
