//! Columns of a listing that no field reads but whose values look like one (arrondissement
//! codes, stages, dates of a stage): a warning naming the column and the `--cpts-column`
//! that would read it, since a column left aside can change the figures.

use super::columns::Field;
use crate::inputs::stage_label::{StageMap, read_stage_label};
use crate::io::table::{RawTable, header_key};
use crate::model::date::parse_date;
use crate::model::{Notice, UnitKind, clean_code};
use crate::territory::cog::Cog;
use std::collections::BTreeMap;

/// Share of a column's non-empty values that must look like the field (0.8: a few notes or
/// typos do not hide it).
const SHARE: f64 = 0.8;

/// A notice for each unread column whose values look like a field the listing has no column
/// for.
pub(super) fn unused_column_notices(
    table: &RawTable,
    columns: &BTreeMap<Field, usize>,
    stage_map: &StageMap,
    cog: &Cog,
) -> Vec<Notice> {
    let used: Vec<usize> = columns.values().copied().collect();
    let mut notices = Vec::new();
    for (column, header) in table.headers.iter().enumerate() {
        if used.contains(&column) {
            continue;
        }
        let values: Vec<&str> = table
            .rows
            .iter()
            .map(|row| RawTable::cell(row, column).trim())
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            continue;
        }
        let Some((field, what)) = looks_like(header, &values, stage_map, cog)
            .filter(|(field, _)| !columns.contains_key(field))
        else {
            continue;
        };
        notices.push(Notice {
            kind: "unused_listing_column",
            message: format!(
                "{}: column `{header}` is not read but holds {what} (e.g. `{}`): if it is the `{}` of each row, give --cpts-column {}={header}",
                table.path.display(),
                values[0],
                field.as_str(),
                field.as_str()
            ),
        });
    }
    notices
}

/// The field whose values these look like, with a word on what they are.
fn looks_like(
    header: &str,
    values: &[&str],
    stage_map: &StageMap,
    cog: &Cog,
) -> Option<(Field, &'static str)> {
    let most = |test: &dyn Fn(&str) -> bool| {
        values.iter().filter(|v| test(v)).count() as f64 >= SHARE * values.len() as f64
    };
    let arrondissement = |v: &str| {
        cog.get(&clean_code(v))
            .is_some_and(|u| u.kind == UnitKind::Arrondissement)
    };
    if most(&arrondissement) {
        return Some((Field::ArrondissementCode, "arrondissement codes"));
    }
    if most(&|v| read_stage_label(v, stage_map).is_some()) {
        return Some((Field::Stage, "stage labels"));
    }
    if most(&|v| matches!(parse_date(v), Ok(Some(_)))) {
        let key = header_key(header);
        let words = |list: &[&str]| key.split('_').any(|w| list.contains(&w));
        if words(&["li", "lettre", "intention"]) {
            return Some((Field::DateLi, "dates"));
        }
        if words(&["ps", "projet"]) {
            return Some((Field::DatePs, "dates"));
        }
        if words(&["aci", "contrat", "signature"]) {
            return Some((Field::DateAci, "dates"));
        }
    }
    None
}
