//! S11 groups: a grouping of the units an ARS reasons in besides the EPCI (INSEE bassins de
//! vie, territoires de santé), read from `--groups FILE` (a code, a group id, optionally its
//! name); every row is applied, counted outside the study area, or reported.

use super::Territory;
use crate::error::{Error, Result};
use crate::io::source::Source;
use crate::io::table::{HeaderRow, RawTable, find_name};
use crate::model::catalogue::RowReason;
use crate::model::{Notice, Unresolved, clean_code};
use crate::territory::cog::{Cog, Resolution};
use std::collections::BTreeMap;

/// Headers of a commune code column in the tables keyed by commune (groups, indicators).
pub(crate) const CODE: &[&str] = &[
    "code",
    "codgeo",
    "code_commune",
    "commune_code",
    "code_insee",
    "insee",
    "com",
    "depcom",
    "code_geo",
];
const GROUP: &[&str] = &[
    "group",
    "groupe",
    "group_id",
    "bv2022",
    "bv2012",
    "bassin_de_vie",
    "code_bv",
    "bv",
    "territoire_de_sante",
    "code_ts",
    "ts",
];
const NAME: &[&str] = &[
    "group_name",
    "nom_groupe",
    "libbv2022",
    "libbv2012",
    "libelle_bassin_de_vie",
    "nom_bv",
    "libelle_ts",
    "nom_ts",
    "libelle_groupe",
];

/// The group of each unit of the study area.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    /// The file, as named.
    pub source: String,
    /// Group ids, sorted.
    pub ids: Vec<String>,
    /// Each group's name (the id when the file gives none).
    pub names: Vec<String>,
    /// Each unit's group (index into `ids`); `None` for a unit the file does not name.
    pub of_unit: Vec<Option<usize>>,
}

impl Groups {
    /// The id and name of a unit's group.
    pub fn of(&self, unit: usize) -> Option<(&str, &str)> {
        self.of_unit[unit].map(|g| (self.ids[g].as_str(), self.names[g].as_str()))
    }
}

impl Groups {
    /// The groups from what the file said of each unit (`given`: unit → group id and row) and
    /// each group's name.
    fn assemble(
        source: String,
        names: BTreeMap<String, String>,
        given: &BTreeMap<usize, (String, usize)>,
        units: usize,
    ) -> Groups {
        let ids: Vec<String> = names.keys().cloned().collect();
        let index: BTreeMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, g)| (g.as_str(), i))
            .collect();
        let mut of_unit = vec![None; units];
        for (unit, (group, _)) in given {
            of_unit[*unit] = Some(index[group.as_str()]);
        }
        Groups {
            source,
            names: ids.iter().map(|g| names[g].clone()).collect(),
            ids,
            of_unit,
        }
    }
}

/// The warnings of a groups file: units in no group, rows outside the study area.
fn groups_notices(file: &str, groups: Option<&Groups>, outside: usize) -> Vec<Notice> {
    let mut notices = Vec::new();
    let Some(groups) = groups else {
        return notices;
    };
    let without = groups.of_unit.iter().filter(|g| g.is_none()).count();
    if without > 0 {
        notices.push(Notice {
            kind: "units_without_group",
            message: format!(
                "{file}: {without} of {} units of the run are in no group (S11)",
                groups.of_unit.len()
            ),
        });
    }
    if outside > 0 {
        notices.push(Notice {
            kind: "group_rows_outside_study_area",
            message: format!("{file}: {outside} rows name units outside the study area"),
        });
    }
    notices
}

impl Territory {
    /// The units a code of a groups file names: the unit, the arrondissements of a city
    /// counted by them, the current commune of a former code; none (`Some(empty)`) for a unit
    /// of the COG outside the study area; `None` for a code the COG does not know.
    fn units_named(&self, code: &str, cog: &Cog) -> Option<Vec<usize>> {
        let current = match cog.resolve(code) {
            Resolution::Former { current } => current,
            _ => code.to_string(),
        };
        if let Some(unit) = self.position(&current) {
            return Some(vec![unit]);
        }
        let arrondissements: Vec<usize> = cog
            .arrondissements_of(&current)
            .iter()
            .filter_map(|a| self.position(a))
            .collect();
        (!arrondissements.is_empty() || cog.get(&current).is_some()).then_some(arrondissements)
    }

    /// Read `--groups FILE` and give each unit of the study area its group. A unit named twice
    /// with two groups is an error naming both rows; a city counted by its arrondissements
    /// gives its group to each of them; a former code to its current commune; an unknown code
    /// is reported; a code outside the study area is counted.
    pub(crate) fn apply_groups(&mut self, source: &Source, cog: &Cog) -> Result<()> {
        let is_header = |names: &[String]| {
            find_name(names, CODE).is_some() && find_name(names, GROUP).is_some()
        };
        let table = RawTable::read_with(source, None, HeaderRow::Detect(&is_header))?;
        let (Some(code_col), Some(group_col)) = (table.find_column(CODE), table.find_column(GROUP))
        else {
            return Err(Error::input(
                &table.path,
                table.header_location(),
                format!(
                    "a groups table needs a code column ({}) and a group column ({}); columns are: {}",
                    CODE.join(", "),
                    GROUP.join(", "),
                    table.headers.join(", ")
                ),
            ));
        };
        let name_col = table.find_column(NAME);
        let file = table.path.display().to_string();
        // Unit → (group id, row); group id → name.
        let mut given: BTreeMap<usize, (String, usize)> = BTreeMap::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut outside = 0;
        for row in &table.rows {
            let raw = RawTable::cell(row, code_col);
            let group = RawTable::cell(row, group_col).to_string();
            if group.is_empty() {
                return Err(Error::input(
                    &table.path,
                    format!("row {}, field `{}`", row.row, table.headers[group_col]),
                    "empty group",
                ));
            }
            let name = name_col.map(|c| RawTable::cell(row, c)).unwrap_or("");
            names.entry(group.clone()).or_insert_with(|| {
                if name.is_empty() {
                    group.clone()
                } else {
                    name.to_string()
                }
            });
            let Some(units) = self.units_named(&clean_code(raw), cog) else {
                self.unresolved.push(Unresolved {
                    file: file.clone(),
                    row: row.row,
                    value: raw.to_string(),
                    reason: RowReason::UnknownCode.into(),
                });
                continue;
            };
            if units.is_empty() {
                outside += 1;
                continue;
            }
            for unit in units {
                match given.get(&unit) {
                    Some((earlier, first)) if *earlier != group => {
                        return Err(Error::input(
                            &table.path,
                            format!("rows {first} and {}", row.row),
                            format!(
                                "unit {} is in group `{earlier}` (row {first}) and in group `{group}` (row {}): one group per unit",
                                self.units[unit].code, row.row
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        given.insert(unit, (group.clone(), row.row));
                    }
                }
            }
        }
        self.groups = Some(Groups::assemble(
            file.clone(),
            names,
            &given,
            self.units.len(),
        ));
        self.notices
            .extend(groups_notices(&file, self.groups.as_ref(), outside));
        Ok(())
    }
}
