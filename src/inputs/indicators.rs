//! Indicators per commune (`--indicators`): a code column and numeric columns whose header says
//! how each one adds up over a set of units — `medecins:sum` (a count: summed), `apl:mean` (a
//! rate: mean weighted by population); a header without a suffix is a count. Codes are resolved
//! as the evidence tables' (S1: former codes, arrondissements); codes that cannot be placed and
//! cells that are not numbers are reported, never read as zero.

use crate::error::{Error, Result};
use crate::inputs::evidence::{Placement, place_code};
use crate::io::source::Source;
use crate::io::table::{HeaderRow, RawTable, header_key};
use crate::model::catalogue::RowReason;
use crate::model::{Notice, Unresolved};
use crate::territory::Territory;
use crate::territory::cog::Cog;
// The code column's headers are those of the groups table.
use crate::territory::groups::CODE;

/// Label columns an indicator table often carries: not indicators.
const LABELS: &[&str] = &[
    "libgeo",
    "libelle",
    "nom",
    "name",
    "nom_commune",
    "commune",
    "lib_commune",
    "dep",
    "departement",
    "reg",
    "region",
];

/// How an indicator adds up over a set of units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregation {
    /// A count: the sum over the units with a value.
    Sum,
    /// A rate: the mean over the units with a value, weighted by their population.
    Mean,
}

impl Aggregation {
    /// `sum` or `mean`.
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregation::Sum => "sum",
            Aggregation::Mean => "mean",
        }
    }

    fn parse(suffix: &str) -> Option<Aggregation> {
        match header_key(suffix).as_str() {
            "sum" | "somme" | "total" => Some(Aggregation::Sum),
            "mean" | "moyenne" | "avg" | "weighted_mean" | "moyenne_ponderee" => {
                Some(Aggregation::Mean)
            }
            _ => None,
        }
    }
}

/// One indicator: its name (the header without its suffix) and how it aggregates.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// The header without `:sum`/`:mean`.
    pub name: String,
    /// How it adds up.
    pub aggregation: Aggregation,
}

/// The value of one indicator over a set of units.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Aggregate {
    /// Sum, or population-weighted mean, over the units with a value; `None` when none has one.
    pub value: Option<f64>,
    /// Units with a value.
    pub units: usize,
    /// Units without one (no row, an empty cell or not a number): left out, and said.
    pub units_missing: usize,
    /// Their population.
    pub population_missing: u64,
}

/// The indicators of the study area's units, and what could not be used.
#[derive(Debug, Clone, Default)]
pub struct Indicators {
    /// The file, as named.
    pub source: String,
    /// The indicators, in the file's column order.
    pub indicators: Vec<Indicator>,
    /// `values[i][u]`: indicator `i` of unit `u`; `None` when the unit has no value.
    pub values: Vec<Vec<Option<f64>>>,
    /// Data rows of the file.
    pub rows: usize,
    /// Rows of communes outside the study area (a national table used on a région).
    pub rows_outside: usize,
    /// Rows whose code could not be placed, and cells that are not numbers.
    pub unresolved: Vec<Unresolved>,
    /// What was read by rule: merged rows, label columns left aside, units without values.
    pub notices: Vec<Notice>,
}

impl Indicators {
    /// Read an indicator table and join it onto the units of `territory`.
    pub(crate) fn load(source: &Source, territory: &Territory, cog: &Cog) -> Result<Indicators> {
        let has_code = |cells: &[String]| crate::io::table::find_name(cells, CODE).is_some();
        let table = RawTable::read_with(source, None, HeaderRow::Detect(&has_code))?;
        let path = &table.path;
        let code = table.find_column(CODE).ok_or_else(|| {
            Error::input(
                path,
                table.header_location(),
                format!(
                    "no commune code column (looked for {}); columns are: {}",
                    CODE.join(", "),
                    table.headers.join(", ")
                ),
            )
        })?;
        let file = path.display().to_string();
        let mut out = Indicators {
            source: file.clone(),
            rows: table.rows.len(),
            ..Indicators::default()
        };
        let columns = indicator_columns(&table, code, &mut out)?;
        let units = territory.units.len();
        out.values = vec![vec![None; units]; columns.len()];
        // Rows read per unit and indicator: former communes merged into one add up (a sum) or
        // average (a mean), and are said.
        let mut seen = vec![vec![0u32; units]; columns.len()];
        for row in &table.rows {
            let raw = RawTable::cell(row, code);
            let unit = match place_code(raw, territory, cog) {
                Placement::Unit(u) => u,
                Placement::Outside => {
                    out.rows_outside += 1;
                    continue;
                }
                Placement::Unresolved(reason) => {
                    out.unresolved.push(Unresolved {
                        file: file.clone(),
                        row: row.row,
                        value: raw.to_string(),
                        reason: RowReason::Indicator(Box::new(reason)).into(),
                    });
                    continue;
                }
            };
            for (i, &(column, _)) in columns.iter().enumerate() {
                let text = RawTable::cell(row, column);
                let Some(value) = number(text) else {
                    if !text.is_empty() {
                        out.unresolved.push(Unresolved {
                            file: file.clone(),
                            row: row.row,
                            value: text.to_string(),
                            reason: RowReason::IndicatorNotANumber {
                                column: table.headers[column].clone(),
                            }
                            .into(),
                        });
                    }
                    continue;
                };
                let slot = &mut out.values[i][unit];
                seen[i][unit] += 1;
                *slot = Some(slot.unwrap_or(0.0) + value);
            }
        }
        out.merge_repeated(&columns, &seen, territory);
        out.say_missing(territory);
        Ok(out)
    }

    /// Several rows on one unit (former communes merged into it, or a repeated code): a sum
    /// adds them; a mean takes their plain mean (their own populations are not known).
    fn merge_repeated(
        &mut self,
        columns: &[(usize, Indicator)],
        seen: &[Vec<u32>],
        territory: &Territory,
    ) {
        let mut merged = std::collections::BTreeSet::new();
        for (i, (_, indicator)) in columns.iter().enumerate() {
            for (u, &n) in seen[i].iter().enumerate() {
                if n > 1 {
                    merged.insert(territory.units[u].code.clone());
                    if indicator.aggregation == Aggregation::Mean {
                        self.values[i][u] = self.values[i][u].map(|v| v / n as f64);
                    }
                }
            }
        }
        if !merged.is_empty() {
            let codes: Vec<String> = merged.into_iter().collect();
            self.notices.push(Notice {
                kind: "indicator_rows_merged",
                message: format!(
                    "{}: {} units have several rows (former communes or repeated codes): their counts are added and their rates averaged ({})",
                    self.source,
                    codes.len(),
                    first_codes(&codes)
                ),
            });
        }
    }

    /// One warning per indicator some units of the reporting area have no value for.
    fn say_missing(&mut self, territory: &Territory) {
        for (i, indicator) in self.indicators.iter().enumerate() {
            let area = (0..territory.units.len()).filter(|&u| territory.in_area(u));
            let missing = self.aggregate(i, area, territory);
            if missing.units_missing > 0 {
                self.notices.push(Notice {
                    kind: "indicator_values_missing",
                    message: format!(
                        "{}: indicator `{}` has no value for {} units of the area ({} inhabitants): the aggregates leave them out and count them in units_missing of indicators.csv",
                        self.source,
                        indicator.name,
                        missing.units_missing,
                        crate::model::format::thousands(missing.population_missing)
                    ),
                });
            }
        }
    }

    /// Indicator `i` over `units`: the sum, or the mean weighted by population, of the units
    /// that have a value; those without one are counted apart.
    pub fn aggregate(
        &self,
        i: usize,
        units: impl IntoIterator<Item = usize>,
        territory: &Territory,
    ) -> Aggregate {
        let values = &self.values[i];
        let mut out = Aggregate::default();
        let (mut sum, mut weighted, mut weight) = (0.0, 0.0, 0.0);
        for u in units {
            let population = territory.units[u].population;
            match values[u] {
                Some(v) => {
                    out.units += 1;
                    sum += v;
                    weighted += v * population as f64;
                    weight += population as f64;
                }
                None => {
                    out.units_missing += 1;
                    out.population_missing += population;
                }
            }
        }
        out.value = match self.indicators[i].aggregation {
            _ if out.units == 0 => None,
            Aggregation::Sum => Some(sum),
            Aggregation::Mean if weight > 0.0 => Some(weighted / weight),
            // Units of no inhabitant: their plain mean.
            Aggregation::Mean => Some(sum / out.units as f64),
        };
        out
    }

    /// The index of the indicator named `name` (any case, with or without its suffix).
    pub fn position(&self, name: &str) -> Option<usize> {
        let key = header_key(name.split(':').next().unwrap_or(name));
        self.indicators
            .iter()
            .position(|i| header_key(&i.name) == key)
    }
}

/// The first ten codes of a list, and how many more.
fn first_codes(codes: &[String]) -> String {
    let shown = codes
        .iter()
        .take(10)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    match codes.len() {
        n if n > 10 => format!("{shown} and {} more", n - 10),
        _ => shown,
    }
}

/// The indicator columns: every column but the code and the label columns, with its
/// aggregation from its suffix. A suffix that is neither `sum` nor `mean` is an error; a
/// column without a suffix and without any number is a label, left aside and said.
fn indicator_columns(
    table: &RawTable,
    code: usize,
    out: &mut Indicators,
) -> Result<Vec<(usize, Indicator)>> {
    let mut columns = Vec::new();
    let mut labels = Vec::new();
    for (c, header) in table.headers.iter().enumerate() {
        if c == code || header.trim().is_empty() {
            continue;
        }
        let (name, aggregation) = match header.rsplit_once(':') {
            Some((name, suffix)) => {
                let aggregation = Aggregation::parse(suffix).ok_or_else(|| {
                    Error::input(
                        &table.path,
                        format!("{}, column `{header}`", table.header_location()),
                        format!(
                            "`:{suffix}` is not an aggregation: write `{name}:sum` for a count (summed) or `{name}:mean` for a rate (mean weighted by population)"
                        ),
                    )
                })?;
                (name.trim().to_string(), Some(aggregation))
            }
            None => (header.trim().to_string(), None),
        };
        let numeric = table
            .rows
            .iter()
            .any(|r| number(RawTable::cell(r, c)).is_some());
        let label = LABELS.contains(&header_key(&name).as_str());
        match aggregation {
            None if label || !numeric => labels.push(header.clone()),
            _ => columns.push((
                c,
                Indicator {
                    name,
                    aggregation: aggregation.unwrap_or(Aggregation::Sum),
                },
            )),
        }
    }
    if columns.is_empty() {
        return Err(Error::input(
            &table.path,
            table.header_location(),
            format!(
                "no indicator column: give numeric columns beside the code, named `name:sum` (a count) or `name:mean` (a rate); columns are: {}",
                table.headers.join(", ")
            ),
        ));
    }
    let mut names: Vec<String> = columns.iter().map(|(_, i)| header_key(&i.name)).collect();
    names.sort();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::input(
            &table.path,
            table.header_location(),
            format!("two indicator columns are named `{}`", w[0]),
        ));
    }
    if !labels.is_empty() {
        out.notices.push(Notice {
            kind: "indicator_columns_ignored",
            message: format!(
                "{}: columns {} hold labels, not numbers: not indicators",
                table.path.display(),
                labels.join(", ")
            ),
        });
    }
    out.indicators = columns.iter().map(|(_, i)| i.clone()).collect();
    Ok(columns)
}

/// A number as analysts' tables write it: spaces as thousands separators, a decimal comma.
/// Secret-statistique marks (`s`, `nd`, `NA`) and any other text are not numbers.
fn number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_analysts_write_them() {
        assert_eq!(number("1 234,5"), Some(1234.5));
        assert_eq!(number("3.25"), Some(3.25));
        assert_eq!(number("-2"), Some(-2.0));
        assert_eq!(number("s"), None);
        assert_eq!(number("nd"), None);
        assert_eq!(number(""), None);
        assert_eq!(number("inf"), None);
    }

    #[test]
    fn suffixes_say_how_an_indicator_adds_up() {
        assert_eq!(Aggregation::parse("sum"), Some(Aggregation::Sum));
        assert_eq!(Aggregation::parse("Moyenne"), Some(Aggregation::Mean));
        assert_eq!(Aggregation::parse("median"), None);
    }
}
