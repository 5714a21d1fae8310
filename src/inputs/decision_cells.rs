//! What the cells of a decisions file name (S8 amendment): a unit by code, former code or
//! commune name, a zone by its key, a CPTS by id or name, a new CPTS by `new:NAME`.

use crate::error::{Error, Result};
use crate::inputs::listing::Listing;
use crate::inputs::names::{Match, Names, name_key};
use crate::model::clean_code;
use crate::territory::Territory;
use crate::territory::cog::{Cog, Resolution};
use std::collections::BTreeMap;

/// Where a decided unit goes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum DecisionTarget {
    /// An existing CPTS (index into the listing).
    Cpts(usize),
    /// A new CPTS the task force names (`new:NAME`): that name in every output.
    New(String),
}

/// What a row's `unit` cell names.
pub(super) enum Named {
    /// Nothing (an empty cell).
    Nothing,
    /// A unit.
    Unit(usize),
    /// Every unit of a zone (its key, its units).
    Zone(String, Vec<usize>),
}

/// What resolves the cells of a decisions file: the territory, the listing, the zones.
pub(super) struct Resolver<'a> {
    path: &'a std::path::Path,
    pub(super) territory: &'a Territory,
    cog: &'a Cog,
    zones: &'a [(String, Vec<usize>)],
    pub(super) listing: &'a Listing,
    /// Commune and CPTS names, indexed the first time a cell is not a code, an id or a zone
    /// key (the planning table re-reads its decisions after every edit: mostly codes).
    communes: std::cell::OnceCell<Names>,
    cpts_names: std::cell::OnceCell<Names>,
    by_id: BTreeMap<&'a str, usize>,
    /// The first spelling of each `new:` name, by its key (one new CPTS per name).
    new_names: BTreeMap<String, String>,
}

impl<'a> Resolver<'a> {
    /// The resolver of a decisions file against the run's territory, listing and zones.
    pub(super) fn new(
        path: &'a std::path::Path,
        territory: &'a Territory,
        cog: &'a Cog,
        zones: &'a [(String, Vec<usize>)],
        listing: &'a Listing,
    ) -> Resolver<'a> {
        Resolver {
            path,
            territory,
            cog,
            zones,
            listing,
            communes: std::cell::OnceCell::new(),
            cpts_names: std::cell::OnceCell::new(),
            by_id: listing
                .cpts
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect(),
            new_names: BTreeMap::new(),
        }
    }

    /// The `cpts` cell: `new:NAME`, an id, or a name; `Ok(None)`: unknown (refused).
    pub(super) fn target(&mut self, raw: &str, row: usize) -> Result<Option<DecisionTarget>> {
        if let Some((prefix, name)) = raw.split_once(':')
            && prefix.trim().eq_ignore_ascii_case("new")
            && !name.trim().is_empty()
        {
            let name = name.trim();
            let spelling = self
                .new_names
                .entry(name_key(name))
                .or_insert_with(|| name.to_string());
            return Ok(Some(DecisionTarget::New(spelling.clone())));
        }
        if let Some(&c) = self.by_id.get(raw) {
            return Ok(Some(DecisionTarget::Cpts(c)));
        }
        let cpts_names = self
            .cpts_names
            .get_or_init(|| Names::new(self.listing.cpts.iter().map(|c| c.name.as_str()), true));
        match cpts_names.find(raw) {
            Match::None => Ok(None),
            Match::One(c) => Ok(Some(DecisionTarget::Cpts(c))),
            Match::Several(candidates) => {
                let listed: Vec<String> = candidates
                    .iter()
                    .map(|&c| {
                        let cpts = &self.listing.cpts[c];
                        format!("{} ({})", cpts.name, cpts.id)
                    })
                    .collect();
                Err(self.ambiguous(row, "cpts", raw, &listed, "its id"))
            }
        }
    }

    /// The `unit` cell: a zone key, a code (former codes resolve) or a commune name;
    /// `Ok(None)`: unknown (refused).
    pub(super) fn named(&self, raw: &str, row: usize) -> Result<Option<Named>> {
        if raw.is_empty() {
            return Ok(Some(Named::Nothing));
        }
        if let Some(code) = zone_key_code(raw) {
            let key = crate::model::zone_key(&code);
            return Ok(self
                .zones
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, units)| Named::Zone(key, units.clone())));
        }
        if let Some(u) = locate(raw, self.territory, self.cog) {
            return Ok(Some(Named::Unit(u)));
        }
        let communes = self.communes.get_or_init(|| {
            Names::new(self.territory.units.iter().map(|u| u.name.as_str()), false)
        });
        match communes.find(raw) {
            Match::None => Ok(None),
            Match::One(u) => Ok(Some(Named::Unit(u))),
            Match::Several(candidates) => {
                let units = &self.territory.units;
                let listed: Vec<String> = candidates
                    .iter()
                    .map(|&u| {
                        format!(
                            "{} ({}, {})",
                            units[u].name, units[u].code, units[u].departement
                        )
                    })
                    .collect();
                Err(self.ambiguous(row, "unit", raw, &listed, "its code"))
            }
        }
    }

    /// "row 4, field `unit`: `Saint-Martin` names 3 communes: … — write its code".
    fn ambiguous(
        &self,
        row: usize,
        field: &str,
        raw: &str,
        listed: &[String],
        write: &str,
    ) -> Error {
        Error::input(
            self.path,
            format!("row {row}, field `{field}`"),
            format!(
                "`{raw}` names {} {}: {} — write {write} instead (S8)",
                listed.len(),
                if field == "unit" { "communes" } else { "CPTS" },
                listed.join(", ")
            ),
        )
    }
}

/// The code of a zone key `Z-04209` (any case, spaces ignored), if `raw` is one.
pub(super) fn zone_key_code(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let rest = raw
        .strip_prefix("Z-")
        .or_else(|| raw.strip_prefix("z-"))?
        .trim();
    (!rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric())).then(|| clean_code(rest))
}

/// A unit of the territory by its code; former codes resolve to their current commune.
fn locate(raw: &str, territory: &Territory, cog: &Cog) -> Option<usize> {
    let code = clean_code(raw);
    territory
        .position(&code)
        .or_else(|| match cog.resolve(&code) {
            Resolution::Former { current } => territory.position(&current),
            _ => None,
        })
}
