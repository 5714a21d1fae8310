//! The study area as units (S1): communes and arrondissements with population, administrative
//! codes and optional geometry, built from a commune layer and/or the COG reference.

mod area;
pub mod cog;
pub(crate) mod extent;
pub mod groups;
mod layer;
pub mod metric;
pub mod reporting;

use crate::error::{Error, Result};
use crate::io::crs::MetricCrs;
use crate::io::table::{RawTable, header_key};
use crate::io::{PolygonLayer, SourceFeature};
use crate::model::catalogue::RowReason;
use crate::model::setting::Setting;
use crate::model::{InvalidValue, Notice, UnitKind, Unresolved, clean_code, in_plan_territory};
use crate::territory::cog::{Cog, Resolution};
use geo::MultiPolygon;
use layer::{CODE_FIELDS, population_rank};
use rayon::prelude::*;
use reporting::ReportingArea;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// A unit of the study area (S1).
#[derive(Debug, Clone)]
pub struct Unit {
    /// INSEE code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Département code.
    pub departement: String,
    /// Région code (empty for the overseas collectivités).
    pub region: String,
    /// EPCI SIREN, when known.
    pub epci: Option<String>,
    /// Population municipale.
    pub population: u64,
    /// Commune or arrondissement.
    pub kind: UnitKind,
    /// WGS84 lon/lat polygons; `None` for a unit the input has no feature for.
    pub geometry: Option<MultiPolygon<f64>>,
    /// The polygons in the metric CRS the layer was read in (a Lambert-93 Shapefile), used
    /// instead of projecting `geometry` back when that CRS is the unit's.
    pub(crate) source_metric: Option<(MetricCrs, MultiPolygon<f64>)>,
}

/// Which property of a commune layer holds what; `None` = detect.
#[derive(Debug, Clone, Default)]
pub struct FieldNames {
    /// Property holding the code (`None`: detect).
    pub code: Option<String>,
    /// Property holding the name.
    pub name: Option<String>,
    /// Property holding the population.
    pub population: Option<String>,
}

/// The units of the study area, sorted by code.
#[derive(Debug, Clone)]
pub struct Territory {
    /// The units, sorted by code.
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
    /// What was read by rule or repaired, for `summary.json`.
    pub notices: Vec<Notice>,
    /// Rows of a population table no unit could be tied to.
    pub unresolved: Vec<Unresolved>,
    /// S7: the reporting area (`--region`, `--departement`); the units are its context.
    pub area: Option<ReportingArea>,
    /// S11: each unit's group from `--groups FILE` (bassins de vie, territoires de santé).
    pub groups: Option<groups::Groups>,
}

impl Territory {
    /// S1 for a COG-only run: every commune of metropolitan France, the DROM and the overseas
    /// collectivités of the plan (975, 977, 978), cities with
    /// arrondissements represented by their arrondissements, population from the COG.
    pub(crate) fn from_cog(cog: &Cog) -> Result<Territory> {
        let source = cog.describe();
        let path = Path::new(&source);
        let split_cities: BTreeSet<String> = cog
            .cities_with_arrondissements()
            .map(String::from)
            .collect();
        let mut units = Vec::new();
        for u in cog.units() {
            if !in_plan_territory(&u.zone, &u.departement) {
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
                source_metric: None,
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

    /// S1 from a commune layer as read: its features, then the notices of its reading (the
    /// polygons repaired).
    pub(crate) fn from_layer(
        path: &Path,
        layer: PolygonLayer,
        fields: &FieldNames,
        cog: &Cog,
    ) -> Result<Territory> {
        let mut territory = Territory::from_features(path, layer.features, fields, cog)?;
        territory.notices.extend(layer.notices);
        Ok(territory)
    }

    /// S1 for a run with a commune layer: one unit per feature, the city feature dropped where
    /// its arrondissements are present, and every COG unit of the study area's départements
    /// that has no feature added without geometry.
    pub(crate) fn from_features(
        path: &Path,
        features: Vec<SourceFeature>,
        fields: &FieldNames,
        cog: &Cog,
    ) -> Result<Territory> {
        if features.is_empty() {
            return Err(Error::input(path, "features", "the layer has no feature"));
        }
        let keys = layer::LayerKeys::detect(path, &features, fields)?;
        let mut notices = Vec::new();
        let mut units = layer::LayerUnits::default();
        // Fields read and codes resolved in parallel; units assembled in file order.
        let read: Vec<Result<layer::ReadFeature>> = features
            .into_par_iter()
            .map(|feature| layer::ReadFeature::read(path, &keys, feature, cog))
            .collect();
        for feature in read {
            units.add(path, &keys, feature?, &mut notices)?;
        }
        notices.extend(units.rounded.notice(&path.display().to_string()));
        let mut by_code = units.by_code;
        let split_cities = layer::split_cities(cog, &mut by_code, &mut notices);
        let departements = layer::complete_from_cog(cog, &mut by_code, &split_cities, &mut notices);
        let population_source = match &keys.population {
            Some(k) => format!("property `{k}` of {}", path.display()),
            None => format!("COG ({})", cog.describe()),
        };
        let units: Vec<Unit> = by_code.into_values().collect();
        extent::check_units(path, &units)?;
        notices.extend(without_geometry_notice(path, &units));
        Ok(Territory::assemble(
            units,
            split_cities,
            departements,
            true,
            population_source,
            notices,
        ))
    }

    /// The territory of `units` (sorted here by code), its notices sorted; also how a prepared
    /// territory is read back (`prepared`).
    pub(crate) fn assemble(
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
            area: None,
            groups: None,
        }
    }

    /// S7: keep the units of the context (the reporting area and the bordering départements
    /// where the coverage is known) and remember the area; the study area becomes the context.
    pub(crate) fn restrict_to(
        &mut self,
        context: &BTreeSet<String>,
        area: ReportingArea,
    ) -> Result<()> {
        let units: Vec<Unit> = std::mem::take(&mut self.units)
            .into_iter()
            .filter(|u| context.contains(&u.departement))
            .collect();
        if !units
            .iter()
            .any(|u| area.departements.contains(&u.departement))
        {
            return Err(Error::Setting(format!(
                "{}/{} {}: no unit of the input is there",
                Setting::Region,
                Setting::Departement,
                area.code
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
            area: Some(area),
            ..restricted
        };
        Ok(())
    }

    /// Whether a unit is in the reporting area (S7): every unit when no area was named.
    pub fn in_area(&self, unit: usize) -> bool {
        match &self.area {
            Some(area) => area.departements.contains(&self.units[unit].departement),
            None => true,
        }
    }

    /// Index of the unit with this code.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// The unit with this code.
    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.position(code).map(|u| &self.units[u])
    }

    /// Units without geometry in a run that has geometry (S1: reported wherever geometry is needed).
    pub fn units_without_geometry(&self) -> Vec<&Unit> {
        if !self.has_geometry {
            return Vec::new();
        }
        self.units.iter().filter(|u| u.geometry.is_none()).collect()
    }

    /// Read an INSEE-style population table, its header found below any title rows.
    pub(crate) fn read_population_table(source: &crate::io::source::Source) -> Result<RawTable> {
        let is_header = |names: &[String]| {
            let keys: Vec<String> = names.iter().map(|h| header_key(h)).collect();
            crate::io::table::find_name(names, CODE_FIELDS).is_some()
                && population_rank(&keys).is_some()
        };
        RawTable::read_with(
            source,
            None,
            crate::io::table::HeaderRow::Detect(&is_header),
        )
    }

    /// Override or supply population from an INSEE-style table (`--population FILE`).
    /// Codes that are not units of the study area are reported in `unresolved`.
    pub(crate) fn apply_population_table(&mut self, table: &RawTable, cog: &Cog) -> Result<usize> {
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
        let mut rounded = RoundedPopulations::default();
        let mut first_row: HashMap<String, usize> = HashMap::new();
        for row in &table.rows {
            let raw_code = RawTable::cell(row, code_col);
            let code = clean_code(raw_code);
            if let Some(first) = first_row.insert(code.clone(), row.row) {
                return Err(Error::input(
                    &table.path,
                    format!("row {}, field `{}`", row.row, table.headers[code_col]),
                    format!("code {code} is also on row {first}: one population per code"),
                ));
            }
            let text = RawTable::cell(row, pop_col);
            let population = parse_population_text(text).map_err(|_| {
                Error::input(
                    &table.path,
                    format!("row {}, field `{}`", row.row, table.headers[pop_col]),
                    format!("`{text}` is not a number of inhabitants (0 to {MAX_UNIT_POPULATION})"),
                )
            })?;
            if let Some(value) = population {
                rounded.record(&code, value);
            }
            let Some(population) = population.map(|p| p.count) else {
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
                RowReason::SplitCityNotApplied
            } else {
                match cog.resolve(&code) {
                    Resolution::Former { current } => RowReason::FormerCodeInPopulation { current },
                    Resolution::Current(_) => {
                        outside += 1;
                        continue;
                    }
                    Resolution::Unknown => RowReason::UnknownCode,
                }
            };
            self.unresolved.push(Unresolved {
                file: file.clone(),
                row: row.row,
                value: raw_code.to_string(),
                reason: reason.into(),
            });
        }
        self.notices.extend(rounded.notice(&file));
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

/// The largest population a unit may have (Paris has 2.1 million): a larger figure is an input
/// error, and the bound keeps every sum over France far from overflow (35 000 × 10⁷ < 2⁶³).
pub const MAX_UNIT_POPULATION: u64 = 10_000_000;

/// A population figure as read: rounded to the nearest inhabitant (INSEE weighted populations
/// such as `4463.99999999999`), with the value as given when it was more than 0.01 from a
/// whole number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PopulationValue {
    pub count: u64,
    pub rounded_from: Option<f64>,
}

impl PopulationValue {
    /// A number of inhabitants: finite, ≥ 0 and at most [`MAX_UNIT_POPULATION`].
    pub(crate) fn from_f64(value: f64) -> Result<PopulationValue, InvalidValue> {
        if !value.is_finite() || value < 0.0 || value > MAX_UNIT_POPULATION as f64 + 0.5 {
            return Err(InvalidValue);
        }
        let count = value.round();
        Ok(PopulationValue {
            count: count as u64,
            rounded_from: ((value - count).abs() > 0.01).then_some(value),
        })
    }
}

/// `12345`, `12 345` (also with non-breaking spaces), `12345.0`, weighted `4463,99999999999`
/// or `4463.99999999999` (rounded); empty → `None`.
pub(crate) fn parse_population_text(text: &str) -> Result<Option<PopulationValue>, InvalidValue> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}')
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    if let Ok(count) = cleaned.parse::<u64>() {
        return PopulationValue::from_f64(count as f64).map(Some);
    }
    // A decimal comma (French exports); a number never has both separators here.
    let decimal = if cleaned.contains('.') {
        cleaned
    } else {
        cleaned.replacen(',', ".", 1)
    };
    if !decimal
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return Err(InvalidValue);
    }
    let value: f64 = decimal.parse().map_err(|_| InvalidValue)?;
    PopulationValue::from_f64(value).map(Some)
}

/// Populations more than 0.01 from a whole number, rounded: reported in one notice.
#[derive(Debug, Default)]
pub(crate) struct RoundedPopulations {
    far: Vec<(String, f64)>,
}

impl RoundedPopulations {
    pub(crate) fn record(&mut self, code: &str, value: PopulationValue) {
        if let Some(given) = value.rounded_from {
            self.far.push((code.to_string(), given));
        }
    }

    /// The warning, naming the first units.
    pub(crate) fn notice(&self, source: &str) -> Option<Notice> {
        let first: Vec<String> = self
            .far
            .iter()
            .take(5)
            .map(|(code, value)| format!("{code} ({value})"))
            .collect();
        (!self.far.is_empty()).then(|| Notice {
            kind: "populations_rounded",
            message: format!(
                "{source}: {} populations are not whole numbers (more than 0.01 away) and were rounded to the nearest inhabitant: {}{}",
                self.far.len(),
                first.join(", "),
                if self.far.len() > 5 { ", …" } else { "" }
            ),
        })
    }
}

/// Above this share of a layer's units without a polygon, the run says so in `summary.json`.
const WITHOUT_GEOMETRY_WARNING_SHARE: f64 = 0.01;

/// A warning when more than 1 % of a layer's units have no polygon (null or empty geometry, or
/// no feature): they count in the statistics but not in the zones nor on the maps (S1).
fn without_geometry_notice(path: &Path, units: &[Unit]) -> Option<Notice> {
    let without = units.iter().filter(|u| u.geometry.is_none()).count();
    let share = without as f64 / units.len().max(1) as f64;
    (share > WITHOUT_GEOMETRY_WARNING_SHARE).then(|| Notice {
        kind: "units_without_geometry",
        message: format!(
            "{}: {without} of {} units ({:.1} %) have no polygon: they count in the statistics, not in the zones blanches nor on the maps (S1)",
            path.display(),
            units.len(),
            100.0 * share
        ),
    })
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
        assert_eq!(layer::population_rank(&keys), Some(3));
        let keys: Vec<String> = ["p19_pop", "p21_pop"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(layer::population_rank(&keys), Some(1));
        let keys: Vec<String> = ["population_data_france"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(layer::population_rank(&keys), None);
    }

    #[test]
    fn population_text_accepts_french_thousands() {
        let count = |t| parse_population_text(t).map(|v| v.map(|v| v.count));
        assert_eq!(count("12 345"), Ok(Some(12345)));
        assert_eq!(count("12\u{a0}345"), Ok(Some(12345)));
        assert_eq!(count("860.0"), Ok(Some(860)));
        assert_eq!(count(""), Ok(None));
        assert!(count("n/a").is_err());
        assert!(count("-5").is_err());
        // Weighted INSEE populations, decimal point or comma: the nearest inhabitant, silently
        // when within 0.01 of it.
        let weighted = parse_population_text("4463.99999999999").unwrap().unwrap();
        assert_eq!((weighted.count, weighted.rounded_from), (4464, None));
        assert_eq!(count("4463,99999999999"), Ok(Some(4464)));
        let far = parse_population_text("4 463,4").unwrap().unwrap();
        assert_eq!((far.count, far.rounded_from), (4463, Some(4463.4)));
        // Beyond any commune, not finite, overflowing: errors, never a wrapped sum.
        for bad in ["1e308", "NaN", "inf", "18446744073709551616", "10000001"] {
            assert!(count(bad).is_err(), "{bad}");
        }
    }
}
