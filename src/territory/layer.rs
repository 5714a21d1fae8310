//! S1 from a commune layer: which properties hold the code, name, population and département,
//! one unit per feature (former codes merged into their commune), cities represented by their
//! arrondissements, and the COG units a full layer lacks added without geometry.

use crate::error::{Error, Result};
use crate::io::SourceFeature;
use crate::io::table::header_key;
use crate::model::setting::Setting;
use crate::model::{Notice, UnitKind, clean_code, departement_of_code};
use crate::territory::cog::{Cog, CogUnit, Resolution};
use crate::territory::{
    FieldNames, PopulationValue, RoundedPopulations, Unit, parse_population_text,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

pub(super) const CODE_FIELDS: &[&str] = &[
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

/// The properties of a layer that hold each field (`None`: the layer has none).
pub(super) struct LayerKeys {
    code: String,
    name: Option<String>,
    pub(super) population: Option<String>,
    departement: Option<String>,
}

impl LayerKeys {
    /// Detect the fields among the properties of every feature, or take the user's names.
    pub(super) fn detect(
        path: &Path,
        features: &[SourceFeature],
        fields: &FieldNames,
    ) -> Result<LayerKeys> {
        // Layers repeat one schema: a feature with the keys of the one before adds nothing.
        let mut keys: BTreeSet<&str> = BTreeSet::new();
        let mut previous: Option<&serde_json::Map<String, Value>> = None;
        for properties in features.iter().map(|f| &f.properties) {
            if previous.is_some_and(|p| p.keys().eq(properties.keys())) {
                continue;
            }
            keys.extend(properties.keys().map(String::as_str));
            previous = Some(properties);
        }
        let code = pick_field(path, &keys, fields.code.as_deref(), "code", |k| {
            CODE_FIELDS.contains(&k)
        })?
        .ok_or_else(|| {
            Error::input(
                path,
                "properties",
                format!(
                    "no commune code property (looked for {}); name it with {}; properties are: {}",
                    CODE_FIELDS.join(", "),
                    Setting::CodeField,
                    keys.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        Ok(LayerKeys {
            code,
            name: pick_field(path, &keys, fields.name.as_deref(), "name", |k| {
                NAME_FIELDS.contains(&k)
            })?,
            population: pick_population_field(path, &keys, fields.population.as_deref())?,
            departement: pick_field(path, &keys, None, "departement", |k| {
                DEPARTEMENT_FIELDS.contains(&k)
            })?,
        })
    }
}

/// What a feature says before the COG is consulted.
struct FeatureFields {
    number: usize,
    code: String,
    population: Option<PopulationValue>,
    name: String,
}

impl FeatureFields {
    fn read(path: &Path, keys: &LayerKeys, feature: &SourceFeature) -> Result<FeatureFields> {
        let number = feature.number;
        let code_key = &keys.code;
        let code = match feature.properties.get(code_key).map(value_text) {
            Some(text) if !text.is_empty() => clean_code(&text),
            _ => {
                return Err(Error::input(
                    path,
                    format!("feature {number}, property `{code_key}`"),
                    "no commune code",
                ));
            }
        };
        let population = match &keys.population {
            None => None,
            Some(key) => parse_population(feature.properties.get(key)).map_err(|text| {
                Error::input(
                    path,
                    format!("feature {number} (code {code}), property `{key}`"),
                    format!(
                        "`{text}` is not a number of inhabitants (0 to {})",
                        crate::territory::MAX_UNIT_POPULATION
                    ),
                )
            })?,
        };
        let name = keys
            .name
            .as_ref()
            .and_then(|k| feature.properties.get(k))
            .map(value_text)
            .unwrap_or_default();
        Ok(FeatureFields {
            number,
            code,
            population,
            name,
        })
    }
}

/// The units read so far, by code, and the feature each code came from.
#[derive(Default)]
pub(super) struct LayerUnits {
    pub(super) by_code: BTreeMap<String, Unit>,
    feature_of: HashMap<String, usize>,
    /// Populations of the layer that were not whole numbers.
    pub(super) rounded: RoundedPopulations,
}

/// A feature read and resolved against the COG, before it joins the units (read in parallel;
/// the units are assembled in file order, so messages and errors come in that order).
pub(super) struct ReadFeature {
    number: usize,
    /// The code as the layer writes it, and its whole-number check.
    layer_code: String,
    population: Option<PopulationValue>,
    /// The current code of the feature's commune, and the former code it was given under.
    code: String,
    merged_from: Option<String>,
    in_cog: bool,
    /// The unit the feature makes when its code is new (or why it cannot make one), without
    /// its geometry, which is here.
    unit: Result<Unit>,
    geometry: Option<geo::MultiPolygon<f64>>,
    metric: Option<(crate::io::crs::MetricCrs, geo::MultiPolygon<f64>)>,
}

impl ReadFeature {
    /// Read a feature's fields and resolve its code (no state: safe to run in parallel).
    pub(super) fn read(
        path: &Path,
        keys: &LayerKeys,
        feature: SourceFeature,
        cog: &Cog,
    ) -> Result<ReadFeature> {
        let FeatureFields {
            number,
            code: layer_code,
            population,
            name,
        } = FeatureFields::read(path, keys, &feature)?;
        let (code, merged_from) = match cog.resolve(&layer_code) {
            Resolution::Current(c) => (c, None),
            Resolution::Former { current } => (current, Some(layer_code.clone())),
            Resolution::Unknown => (layer_code.clone(), None),
        };
        let reference = cog.get(&code);
        let departement = reference
            .map(|r| r.departement.clone())
            .or_else(|| {
                keys.departement
                    .as_ref()
                    .and_then(|k| feature.properties.get(k))
                    .map(value_text)
                    .filter(|s| !s.is_empty())
            })
            .unwrap_or_else(|| departement_of_code(&code).to_string());
        let unit_population = match (
            merged_from.is_some(),
            population.map(|p| p.count),
            reference.and_then(|r| r.population),
        ) {
            (true, _, Some(p)) => Ok(p),
            (_, Some(p), _) => Ok(p),
            (_, None, Some(p)) => Ok(p),
            (_, None, None) => Err(Error::input(
                path,
                format!("feature {number} (code {code})"),
                format!(
                    "no population: the layer has none for this unit and the COG does not know it; give {} FILE",
                    Setting::Population
                ),
            )),
        };
        let unit = unit_population.map(|population| Unit {
            name: reference
                .map(|r| r.name.clone())
                .filter(|n| !n.is_empty())
                .unwrap_or(name),
            region: reference.map(|r| r.region.clone()).unwrap_or_default(),
            epci: reference.and_then(|r| r.epci.clone()),
            kind: reference.map(|r| r.kind).unwrap_or(UnitKind::Commune),
            departement,
            population,
            geometry: None,
            source_metric: None,
            code: code.clone(),
        });
        Ok(ReadFeature {
            number,
            layer_code,
            population,
            code,
            merged_from,
            in_cog: reference.is_some(),
            unit,
            geometry: feature.geometry,
            metric: feature.metric,
        })
    }
}

impl LayerUnits {
    /// Add a feature: a new unit, or a former commune's part merged into its current commune.
    pub(super) fn add(
        &mut self,
        path: &Path,
        keys: &LayerKeys,
        read: ReadFeature,
        notices: &mut Vec<Notice>,
    ) -> Result<()> {
        let ReadFeature {
            number,
            layer_code,
            population,
            code,
            merged_from,
            in_cog,
            unit,
            geometry,
            metric,
        } = read;
        if let Some(value) = population {
            self.rounded.record(&layer_code, value);
        }
        let code_key = &keys.code;
        if let Some(former) = &merged_from {
            notices.push(Notice {
                kind: "former_code_feature",
                message: format!(
                    "feature {number}: code {former} is a former code, merged into commune {code}"
                ),
            });
        }
        if let Some(existing) = self.by_code.get_mut(&code) {
            if merged_from.is_none() {
                if let Some(first) = self.feature_of.get(&code) {
                    return Err(Error::input(
                        path,
                        format!("feature {number}, property `{code_key}`"),
                        format!("duplicate unit code {code} (already used by feature {first})"),
                    ));
                }
                self.feature_of.insert(code.clone(), number);
            }
            // A former commune's feature joins its current commune.
            match (existing.geometry.as_mut(), geometry) {
                (Some(g), Some(add)) => g.0.extend(add.0),
                (None, add) => existing.geometry = add,
                _ => {}
            }
            match (existing.source_metric.as_mut(), metric) {
                (Some((_, g)), Some((_, add))) => g.0.extend(add.0),
                (None, add) => existing.source_metric = add,
                _ => {}
            }
            return Ok(());
        }
        if merged_from.is_none() {
            self.feature_of.insert(code.clone(), number);
        }
        if !in_cog {
            notices.push(Notice {
                kind: "code_not_in_cog",
                message: format!(
                    "feature {number}: code {code} is not in the COG reference; kept as a unit"
                ),
            });
        }
        let mut unit = unit?;
        unit.geometry = geometry;
        unit.source_metric = metric;
        self.by_code.insert(code, unit);
        Ok(())
    }
}

/// S1: a city whose arrondissements are in the input is represented by them only; its own
/// feature is dropped. Returns the split cities.
pub(super) fn split_cities(
    cog: &Cog,
    by_code: &mut BTreeMap<String, Unit>,
    notices: &mut Vec<Notice>,
) -> BTreeSet<String> {
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
    split_cities
}

/// Départements of which a layer holds less than half of the communes: extracts (a
/// métropole, a bassin de vie), whose study area there is the layer's own units.
fn partial_departements(
    cog: &Cog,
    by_code: &BTreeMap<String, Unit>,
    departements: &BTreeSet<String>,
    notices: &mut Vec<Notice>,
) -> BTreeSet<String> {
    let mut in_layer: BTreeMap<&str, usize> = BTreeMap::new();
    for u in by_code.values() {
        *in_layer.entry(u.departement.as_str()).or_default() += 1;
    }
    let mut in_cog: BTreeMap<&str, usize> = BTreeMap::new();
    for r in cog.units() {
        if departements.contains(&r.departement) {
            *in_cog.entry(r.departement.as_str()).or_default() += 1;
        }
    }
    let partial: BTreeSet<String> = in_layer
        .iter()
        .filter(|(d, n)| 2 * **n < in_cog.get(*d).copied().unwrap_or(0))
        .map(|(d, _)| d.to_string())
        .collect();
    for d in &partial {
        notices.push(Notice {
            kind: "partial_layer",
            message: format!(
                "the layer holds {} of the {} communes of département {d}: the study area there is the layer's communes only",
                in_layer[d.as_str()], in_cog[d.as_str()]
            ),
        });
    }
    partial
}

/// S1: COG units of the study area without a feature still count, without geometry (except in
/// the départements of which the layer is an extract). Returns the study area's départements.
pub(super) fn complete_from_cog(
    cog: &Cog,
    by_code: &mut BTreeMap<String, Unit>,
    split_cities: &BTreeSet<String>,
    notices: &mut Vec<Notice>,
) -> BTreeSet<String> {
    let departements: BTreeSet<String> = by_code
        .values()
        .map(|u| u.departement.as_str())
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    let partial = partial_departements(cog, by_code, &departements, notices);
    for reference in cog.units() {
        if !departements.contains(&reference.departement)
            || partial.contains(&reference.departement)
            || by_code.contains_key(&reference.code)
            || !wanted(reference, split_cities)
        {
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
                source_metric: None,
            },
        );
    }
    departements
}

/// Whether a COG unit belongs in the study area: arrondissements of split cities, communes
/// that are not split.
fn wanted(reference: &CogUnit, split_cities: &BTreeSet<String>) -> bool {
    match reference.kind {
        UnitKind::Arrondissement => reference
            .city
            .as_ref()
            .is_some_and(|c| split_cities.contains(c)),
        UnitKind::Commune => !split_cities.contains(&reference.code),
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
pub(super) fn population_rank(keys: &[String]) -> Option<usize> {
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

/// A population property (string or number), rounded to the nearest inhabitant; `None` when null.
fn parse_population(value: Option<&Value>) -> Result<Option<PopulationValue>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_f64().map(PopulationValue::from_f64) {
            Some(Ok(p)) => Ok(Some(p)),
            _ => Err(n.to_string()),
        },
        Some(Value::String(s)) => parse_population_text(s).map_err(|_| s.clone()),
        Some(other) => Err(other.to_string()),
    }
}
