//! The study area as units (S1): communes and arrondissements with population, administrative
//! codes and optional geometry, built from a commune layer and/or the COG reference.

pub mod cog;
pub mod metric;

use crate::territory::cog::{Cog, Resolution};
use crate::error::{Error, Result};
use crate::io::SourceFeature;
use crate::io::table::{RawTable, header_key};
use crate::model::{InvalidValue, Notice, UnitKind, Unresolved, clean_code, departement_of_code};
use geo::MultiPolygon;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// A unit of the study area (S1).
#[derive(Debug, Clone)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub departement: String,
    pub region: String,
    pub epci: Option<String>,
    pub population: u64,
    pub kind: UnitKind,
    /// WGS84 lon/lat polygons; `None` for a unit the input has no feature for.
    pub geometry: Option<MultiPolygon<f64>>,
}

/// Which property of a commune layer holds what; `None` = detect.
#[derive(Debug, Clone, Default)]
pub struct FieldNames {
    pub code: Option<String>,
    pub name: Option<String>,
    pub population: Option<String>,
}

/// The units of the study area, sorted by code.
#[derive(Debug, Clone)]
pub struct Territory {
    pub units: Vec<Unit>,
    index: HashMap<String, usize>,
    /// Cities represented by their arrondissements (S1).
    pub split_cities: BTreeSet<String>,
    /// Départements of the study area.
    pub departements: BTreeSet<String>,
    /// Whether the units come with geometry (a commune layer was given).
    pub has_geometry: bool,
    /// Where population figures came from, for the summary.
    pub population_source: String,
    pub notices: Vec<Notice>,
    pub unresolved: Vec<Unresolved>,
}

const CODE_FIELDS: &[&str] = &[
    "code",
    "insee_com",
    "code_insee",
    "codgeo",
    "com",
    "insee",
    "depcom",
    "code_commune",
];
const NAME_FIELDS: &[&str] = &["nom", "nom_com", "libgeo", "libelle", "nom_commune", "name"];
const DEPARTEMENT_FIELDS: &[&str] = &["departement", "dep", "insee_dep", "code_dept", "code_dep"];

impl Territory {
    /// S1 for a COG-only run: every commune of metropolitan France and the DROM, cities with
    /// arrondissements represented by their arrondissements, population from the COG.
    pub fn from_cog(cog: &Cog) -> Result<Territory> {
        let source = cog.describe();
        let path = Path::new(&source);
        let split_cities: BTreeSet<String> = cog
            .cities_with_arrondissements()
            .map(String::from)
            .collect();
        let mut units = Vec::new();
        for u in cog.units() {
            if !(u.zone == "metro" || u.zone == "drom" || u.zone.is_empty()) {
                continue;
            }
            if split_cities.contains(&u.code) {
                continue;
            }
            let population = u.population.ok_or_else(|| {
                Error::input(
                    path,
                    format!("commune {}, field `population_municipale`", u.code),
                    "no population",
                )
            })?;
            units.push(Unit {
                code: u.code.clone(),
                name: u.name.clone(),
                departement: u.departement.clone(),
                region: u.region.clone(),
                epci: u.epci.clone(),
                population,
                kind: u.kind,
                geometry: None,
            });
        }
        let departements = units.iter().map(|u| u.departement.clone()).collect();
        Ok(Territory::assemble(
            units,
            split_cities,
            departements,
            false,
            format!("COG ({source})"),
            Vec::new(),
        ))
    }

    /// S1 for a run with a commune layer: one unit per feature, the city feature dropped where
    /// its arrondissements are present, and every COG unit of the study area's départements
    /// that has no feature added without geometry.
    pub fn from_features(
        path: &Path,
        features: Vec<SourceFeature>,
        fields: &FieldNames,
        cog: &Cog,
    ) -> Result<Territory> {
        if features.is_empty() {
            return Err(Error::input(path, "features", "the layer has no feature"));
        }
        let keys: BTreeSet<&str> = features
            .iter()
            .flat_map(|f| f.properties.keys().map(|k| k.as_str()))
            .collect();
        let code_key = pick_field(path, &keys, fields.code.as_deref(), "code", |k| {
            CODE_FIELDS.contains(&k)
        })?
        .ok_or_else(|| {
            Error::input(
                path,
                "properties",
                format!(
                    "no commune code property (looked for {}); name it with --code-field; properties are: {}",
                    CODE_FIELDS.join(", "),
                    keys.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        let name_key = pick_field(path, &keys, fields.name.as_deref(), "name", |k| {
            NAME_FIELDS.contains(&k)
        })?;
        let population_key = pick_population_field(path, &keys, fields.population.as_deref())?;
        let departement_key = pick_field(path, &keys, None, "departement", |k| {
            DEPARTEMENT_FIELDS.contains(&k)
        })?;

        let mut notices = Vec::new();
        let mut by_code: BTreeMap<String, Unit> = BTreeMap::new();
        let mut feature_of: HashMap<String, usize> = HashMap::new();
        for feature in features {
            let number = feature.number;
            let code = match feature.properties.get(&code_key).map(value_text) {
                Some(text) if !text.is_empty() => clean_code(&text),
                _ => {
                    return Err(Error::input(
                        path,
                        format!("feature {number}, property `{code_key}`"),
                        "no commune code",
                    ));
                }
            };
            let population = match &population_key {
                None => None,
                Some(key) => parse_population(feature.properties.get(key)).map_err(|text| {
                    Error::input(
                        path,
                        format!("feature {number} (code {code}), property `{key}`"),
                        format!("`{text}` is not a whole number of inhabitants"),
                    )
                })?,
            };
            let name = name_key
                .as_ref()
                .and_then(|k| feature.properties.get(k))
                .map(value_text)
                .unwrap_or_default();
            let (code, merged_from) = match cog.resolve(&code) {
                Resolution::Current(c) => (c, None),
                Resolution::Former { current } => (current, Some(code)),
                Resolution::Unknown => (code, None),
            };
            if let Some(former) = &merged_from {
                notices.push(Notice {
                    kind: "former_code_feature",
                    message: format!(
                        "feature {number}: code {former} is a former code, merged into commune {code}"
                    ),
                });
            }
            if let Some(existing) = by_code.get_mut(&code) {
                if merged_from.is_none() {
                    if let Some(first) = feature_of.get(&code) {
                        return Err(Error::input(
                            path,
                            format!("feature {number}, property `{code_key}`"),
                            format!("duplicate unit code {code} (already used by feature {first})"),
                        ));
                    }
                    feature_of.insert(code.clone(), number);
                }
                // A former commune's feature joins its current commune.
                match (existing.geometry.as_mut(), feature.geometry) {
                    (Some(g), Some(add)) => g.0.extend(add.0),
                    (None, add) => existing.geometry = add,
                    _ => {}
                }
                continue;
            }
            if merged_from.is_none() {
                feature_of.insert(code.clone(), number);
            }
            let reference = cog.get(&code);
            if reference.is_none() {
                notices.push(Notice {
                    kind: "code_not_in_cog",
                    message: format!(
                        "feature {number}: code {code} is not in the COG reference; kept as a unit"
                    ),
                });
            }
            let departement = reference
                .map(|r| r.departement.clone())
                .or_else(|| {
                    departement_key
                        .as_ref()
                        .and_then(|k| feature.properties.get(k))
                        .map(value_text)
                        .filter(|s| !s.is_empty())
                })
                .unwrap_or_else(|| departement_of_code(&code).to_string());
            let population = match (
                merged_from.is_some(),
                population,
                reference.and_then(|r| r.population),
            ) {
                (true, _, Some(p)) => p,
                (_, Some(p), _) => p,
                (_, None, Some(p)) => p,
                (_, None, None) => {
                    return Err(Error::input(
                        path,
                        format!("feature {number} (code {code})"),
                        "no population: the layer has none for this unit and the COG does not know it; give --population FILE",
                    ));
                }
            };
            by_code.insert(
                code.clone(),
                Unit {
                    name: reference
                        .map(|r| r.name.clone())
                        .filter(|n| !n.is_empty())
                        .unwrap_or(name),
                    region: reference.map(|r| r.region.clone()).unwrap_or_default(),
                    epci: reference.and_then(|r| r.epci.clone()),
                    kind: reference.map(|r| r.kind).unwrap_or(UnitKind::Commune),
                    departement,
                    population,
                    geometry: feature.geometry,
                    code,
                },
            );
        }

        // S1: a city whose arrondissements are in the input is represented by them only.
        let mut split_cities = BTreeSet::new();
        for city in cog.cities_with_arrondissements() {
            let arrondissements = cog.arrondissements_of(city);
            if arrondissements.iter().any(|a| by_code.contains_key(a)) {
                split_cities.insert(city.to_string());
                if by_code.remove(city).is_some() {
                    notices.push(Notice {
                        kind: "city_feature_dropped",
                        message: format!(
                            "city {city} is represented by its {} arrondissements; its own feature is not counted",
                            arrondissements.len()
                        ),
                    });
                }
            }
        }

        // S1: COG units of the study area without a feature still count, without geometry.
        let departements: BTreeSet<String> =
            by_code.values().map(|u| u.departement.clone()).collect();
        // A layer that holds less than half of a département's communes is an extract (a
        // métropole, a bassin de vie): its study area there is the layer's own units, and the
        // COG units it lacks are not added (they would all be "no geometry").
        let mut in_layer: BTreeMap<String, usize> = BTreeMap::new();
        for u in by_code.values() {
            *in_layer.entry(u.departement.clone()).or_default() += 1;
        }
        let mut in_cog: BTreeMap<String, usize> = BTreeMap::new();
        for r in cog.units() {
            if departements.contains(&r.departement) {
                *in_cog.entry(r.departement.clone()).or_default() += 1;
            }
        }
        let partial: BTreeSet<String> = in_layer
            .iter()
            .filter(|(d, n)| 2 * **n < in_cog.get(*d).copied().unwrap_or(0))
            .map(|(d, _)| d.clone())
            .collect();
        for d in &partial {
            notices.push(Notice {
                kind: "partial_layer",
                message: format!(
                    "the layer holds {} of the {} communes of département {d}: the study area there is the layer's communes only",
                    in_layer[d], in_cog[d]
                ),
            });
        }
        for reference in cog.units() {
            if !departements.contains(&reference.departement)
                || partial.contains(&reference.departement)
                || by_code.contains_key(&reference.code)
            {
                continue;
            }
            let wanted = match reference.kind {
                UnitKind::Arrondissement => reference
                    .city
                    .as_ref()
                    .is_some_and(|c| split_cities.contains(c)),
                UnitKind::Commune => !split_cities.contains(&reference.code),
            };
            if !wanted {
                continue;
            }
            let Some(population) = reference.population else {
                continue;
            };
            notices.push(Notice {
                kind: "no_geometry",
                message: format!(
                    "unit {} ({}) is in the COG but has no feature: counted with its COG population, no geometry",
                    reference.code, reference.name
                ),
            });
            by_code.insert(
                reference.code.clone(),
                Unit {
                    code: reference.code.clone(),
                    name: reference.name.clone(),
                    departement: reference.departement.clone(),
                    region: reference.region.clone(),
                    epci: reference.epci.clone(),
                    population,
                    kind: reference.kind,
                    geometry: None,
                },
            );
        }
        let population_source = match &population_key {
            Some(k) => format!("property `{k}` of {}", path.display()),
            None => format!("COG ({})", cog.describe()),
        };
        Ok(Territory::assemble(
            by_code.into_values().collect(),
            split_cities,
            departements,
            true,
            population_source,
            notices,
        ))
    }

    fn assemble(
        mut units: Vec<Unit>,
        split_cities: BTreeSet<String>,
        departements: BTreeSet<String>,
        has_geometry: bool,
        population_source: String,
        mut notices: Vec<Notice>,
    ) -> Territory {
        units.sort_by(|a, b| a.code.cmp(&b.code));
        let index = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.clone(), i))
            .collect();
        notices.sort();
        Territory {
            units,
            index,
            split_cities,
            departements,
            has_geometry,
            population_source,
            notices,
            unresolved: Vec::new(),
        }
    }

    /// Keep only the units of the given régions and départements (`--region`, `--departement`);
    /// empty lists keep everything. The study area becomes their départements.
    pub fn restrict(&mut self, regions: &[String], departements: &[String]) -> Result<()> {
        if regions.is_empty() && departements.is_empty() {
            return Ok(());
        }
        let units: Vec<Unit> = std::mem::take(&mut self.units)
            .into_iter()
            .filter(|u| regions.contains(&u.region) || departements.contains(&u.departement))
            .collect();
        if units.is_empty() {
            return Err(Error::Usage(format!(
                "--region {} --departement {}: no unit of the input is there",
                regions.join(","),
                departements.join(",")
            )));
        }
        self.departements = units.iter().map(|u| u.departement.clone()).collect();
        self.split_cities
            .retain(|c| units.iter().any(|u| u.code.starts_with(&c[..2])));
        let kept: BTreeSet<&str> = units.iter().map(|u| u.code.as_str()).collect();
        self.notices.retain(|n| {
            n.kind != "no_geometry"
                || kept
                    .iter()
                    .any(|c| n.message.starts_with(&format!("unit {c} ")))
        });
        let restricted = Territory::assemble(
            units,
            std::mem::take(&mut self.split_cities),
            std::mem::take(&mut self.departements),
            self.has_geometry,
            std::mem::take(&mut self.population_source),
            std::mem::take(&mut self.notices),
        );
        *self = Territory {
            unresolved: std::mem::take(&mut self.unresolved),
            ..restricted
        };
        Ok(())
    }

    /// Index of the unit with this code.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// Units without geometry in a run that has geometry (S1: reported wherever geometry is needed).
    pub fn units_without_geometry(&self) -> Vec<&Unit> {
        if !self.has_geometry {
            return Vec::new();
        }
        self.units.iter().filter(|u| u.geometry.is_none()).collect()
    }

    /// Override or supply population from an INSEE-style table (`--population FILE`).
    /// Codes that are not units of the study area are reported in `unresolved`.
    pub fn apply_population_table(&mut self, table: &RawTable, cog: &Cog) -> Result<usize> {
        let code_col = table.find_column(CODE_FIELDS).ok_or_else(|| {
            Error::input(
                &table.path,
                "header row",
                format!(
                    "no commune code column (looked for {}); columns are: {}",
                    CODE_FIELDS.join(", "),
                    table.headers.join(", ")
                ),
            )
        })?;
        let keys: Vec<String> = table.headers.iter().map(|h| header_key(h)).collect();
        let pop_col = population_rank(&keys).ok_or_else(|| {
            Error::input(
                &table.path,
                "header row",
                format!(
                    "no population column (population, pmun, population_municipale…, pNN_pop); columns are: {}",
                    table.headers.join(", ")
                ),
            )
        })?;
        let file = table.path.display().to_string();
        let mut applied = 0;
        let mut outside = 0;
        for row in &table.rows {
            let raw_code = RawTable::cell(row, code_col);
            let code = clean_code(raw_code);
            let text = RawTable::cell(row, pop_col);
            let population = parse_population_text(text).map_err(|_| {
                Error::input(
                    &table.path,
                    format!("row {}, field `{}`", row.row, table.headers[pop_col]),
                    format!("`{text}` is not a whole number of inhabitants"),
                )
            })?;
            let Some(population) = population else {
                return Err(Error::input(
                    &table.path,
                    format!("row {}, field `{}`", row.row, table.headers[pop_col]),
                    "empty population",
                ));
            };
            if let Some(i) = self.position(&code) {
                self.units[i].population = population;
                applied += 1;
                continue;
            }
            let reason = if self.split_cities.contains(&code) {
                "city counted by its arrondissements (S1): row not applied".to_string()
            } else {
                match cog.resolve(&code) {
                    Resolution::Former { current } => {
                        format!(
                            "former code (now {current}): population tables must use current codes"
                        )
                    }
                    Resolution::Current(_) => {
                        outside += 1;
                        continue;
                    }
                    Resolution::Unknown => "unknown code".to_string(),
                }
            };
            self.unresolved.push(Unresolved {
                file: file.clone(),
                row: row.row,
                value: raw_code.to_string(),
                reason,
            });
        }
        self.population_source =
            format!("{} (--population, {applied} units)", table.path.display());
        if outside > 0 {
            self.notices.push(Notice {
                kind: "population_rows_outside_study_area",
                message: format!(
                    "{}: {outside} rows name communes outside the study area and were not used",
                    table.path.display()
                ),
            });
        }
        Ok(applied)
    }
}

/// Pick a property: the user's name (must exist, case-insensitive) or the first that `matches`.
fn pick_field(
    path: &Path,
    keys: &BTreeSet<&str>,
    explicit: Option<&str>,
    what: &str,
    matches: impl Fn(&str) -> bool,
) -> Result<Option<String>> {
    if let Some(name) = explicit {
        return keys
            .iter()
            .find(|k| k.eq_ignore_ascii_case(name))
            .map(|k| Some(k.to_string()))
            .ok_or_else(|| {
                Error::input(
                    path,
                    "properties",
                    format!(
                        "no property `{name}` for the {what}; properties are: {}",
                        keys.iter().cloned().collect::<Vec<_>>().join(", ")
                    ),
                )
            });
    }
    let normalized: Vec<(String, &str)> = keys.iter().map(|k| (header_key(k), *k)).collect();
    // Keep the detection order of the alias list: try each key in its normalized form.
    Ok(normalized
        .iter()
        .filter(|(n, _)| matches(n))
        .min_by_key(|(n, _)| n.len())
        .map(|(_, k)| k.to_string()))
}

fn pick_population_field(
    path: &Path,
    keys: &BTreeSet<&str>,
    explicit: Option<&str>,
) -> Result<Option<String>> {
    if explicit.is_some() {
        return pick_field(path, keys, explicit, "population", |_| false);
    }
    let list: Vec<&str> = keys.iter().cloned().collect();
    let normalized: Vec<String> = list.iter().map(|k| header_key(k)).collect();
    Ok(population_rank(&normalized).map(|i| list[i].to_string()))
}

/// The best population column among normalized names: `population_municipale*` (latest year
/// first), then `population`, `pmun`, then `pNN_pop` (latest year first).
fn population_rank(keys: &[String]) -> Option<usize> {
    let rank = |k: &str| -> Option<(u8, String)> {
        if k.starts_with("population_municipale") {
            Some((0, k.to_string()))
        } else if k == "population" {
            Some((1, String::new()))
        } else if k == "pmun" {
            Some((2, String::new()))
        } else if k.len() == 7
            && k.starts_with('p')
            && k[1..3].bytes().all(|b| b.is_ascii_digit())
            && k.ends_with("_pop")
        {
            Some((3, k.to_string()))
        } else {
            None
        }
    };
    keys.iter()
        .enumerate()
        .filter_map(|(i, k)| rank(k).map(|(r, s)| (r, std::cmp::Reverse(s), i)))
        .min()
        .map(|(_, _, i)| i)
}

/// Text of a property value (numbers without a trailing `.0`).
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A population property: a whole non-negative number (string or number); `None` when null.
fn parse_population(value: Option<&Value>) -> Result<Option<u64>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(p) => Ok(Some(p)),
            None => match n.as_f64() {
                Some(f) if f >= 0.0 && f.fract() == 0.0 => Ok(Some(f as u64)),
                _ => Err(n.to_string()),
            },
        },
        Some(Value::String(s)) => parse_population_text(s).map_err(|_| s.clone()),
        Some(other) => Err(other.to_string()),
    }
}

/// `12345`, `12 345` (also with non-breaking spaces), `12345.0`; empty → `None`.
pub fn parse_population_text(text: &str) -> Result<Option<u64>, InvalidValue> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}')
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let cleaned = cleaned
        .strip_suffix(".0")
        .or_else(|| cleaned.strip_suffix(",0"))
        .unwrap_or(&cleaned);
    cleaned.parse::<u64>().map(Some).map_err(|_| InvalidValue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn population_columns_are_ranked() {
        let keys: Vec<String> = [
            "code",
            "p21_pop",
            "population_data_france",
            "population_municipale_2023",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(population_rank(&keys), Some(3));
        let keys: Vec<String> = ["p19_pop", "p21_pop"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(population_rank(&keys), Some(1));
        let keys: Vec<String> = ["population_data_france"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(population_rank(&keys), None);
    }

    #[test]
    fn population_text_accepts_french_thousands() {
        assert_eq!(parse_population_text("12 345"), Ok(Some(12345)));
        assert_eq!(parse_population_text("12\u{a0}345"), Ok(Some(12345)));
        assert_eq!(parse_population_text("860.0"), Ok(Some(860)));
        assert_eq!(parse_population_text(""), Ok(None));
        assert!(parse_population_text("n/a").is_err());
        assert!(parse_population_text("-5").is_err());
    }
}
