//! The stages of a listing (S3): every distinct label read once, free-text labels by rule,
//! dates as listings write them, and the stage of a CPTS at a date (`as_of`).

use super::columns::Field;
use super::{Cpts, ListingOptions};
use crate::error::{Error, Result};
use crate::inputs::stage_label::{LabelRule, StageReading, read_stage_label};
use crate::io::table::{RawRow, RawTable};
use crate::model::date::parse_date;
use crate::model::setting::Setting;
use crate::model::{Notice, Stage};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// S3 with `--as-of`: the highest stage whose date is ≤ the date, capped by the listed stage;
/// a CPTS with no date on or before the date does not exist yet.
pub(crate) fn stage_at(cpts: &Cpts, as_of: Option<NaiveDate>) -> Option<Stage> {
    let Some(date) = as_of else {
        return Some(cpts.listed_stage);
    };
    if cpts.date_li.is_some_and(|d| d > date) {
        return None;
    }
    let reached = [
        (Stage::Aci, cpts.date_aci),
        (Stage::Ps, cpts.date_ps),
        (Stage::Li, cpts.date_li),
    ]
    .into_iter()
    .find(|(_, d)| d.is_some_and(|d| d <= date))
    .map(|(s, _)| s)?;
    Some(reached.min(cpts.listed_stage))
}

/// The stage of every distinct label of the file, read once (S3 and the free-text rules of
/// `stage_label`); every unknown or empty label is reported in one error, with its count and
/// first row. The notice says how free-text labels were read.
pub(super) fn read_stages(
    table: &RawTable,
    columns: &BTreeMap<Field, usize>,
    options: &ListingOptions,
) -> Result<(HashMap<String, StageReading>, Option<Notice>)> {
    let default = options.default_stage.map(|stage| StageReading {
        stage,
        date: None,
        rule: LabelRule::Canonical,
    });
    let Some(&column) = columns.get(&Field::Stage) else {
        let reading = default.ok_or_else(|| {
            Error::Setting(format!("no stage column and no {}", Setting::DefaultStage))
        })?;
        return Ok((HashMap::from([(String::new(), reading)]), None));
    };
    // label → (reading, rows, first row), in first-seen order for messages.
    let mut seen: HashMap<&str, (Option<StageReading>, usize, usize)> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for row in &table.rows {
        let label = RawTable::cell(row, column);
        let entry = seen.entry(label).or_insert_with(|| {
            order.push(label);
            let reading = if label.is_empty() {
                default
            } else {
                read_stage_label(label, &options.stage_map)
            };
            (reading, 0, row.row)
        });
        entry.1 += 1;
    }
    let unknown: Vec<String> = order
        .iter()
        .filter(|l| seen[*l].0.is_none())
        .map(|l| {
            let (_, rows, first) = seen[l];
            let shown = if l.is_empty() {
                "(empty)".to_string()
            } else {
                format!("`{l}`")
            };
            let rows = if rows == 1 {
                "1 row".to_string()
            } else {
                format!("{rows} rows")
            };
            format!("{shown} ({rows}, first row {first})")
        })
        .collect();
    if !unknown.is_empty() {
        return Err(Error::input(
            &table.path,
            format!("field `{}`", table.headers[column]),
            format!(
                "{} stage label{} not understood: {}. Map each with {} 'LABEL=STAGE' (STAGE: preprojet, li, ps, aci) or {} FILE{}; understood: pré-projet/émergence, LI/lettre d'intention (validée), PS/projet de santé (validé), ACI/contrat (signé)/en fonctionnement, and these with \"en cours\"/\"déposé(e)\" (the stage before)",
                unknown.len(),
                if unknown.len() == 1 { " is" } else { "s are" },
                unknown.join("; "),
                Setting::StageMap,
                Setting::StageMapFile,
                if seen.get("").is_some_and(|e| e.0.is_none()) {
                    format!(", and {} for empty cells", Setting::DefaultStage)
                } else {
                    String::new()
                }
            ),
        ));
    }
    let free_text: Vec<String> = order
        .iter()
        .filter_map(|l| {
            let (reading, rows, _) = seen[l];
            let reading = reading?;
            (reading.rule != LabelRule::Canonical).then(|| {
                let date = reading
                    .date
                    .map(|d| format!(" dated {d}"))
                    .unwrap_or_default();
                format!("`{l}` → {}{date} ({rows} rows)", reading.stage)
            })
        })
        .collect();
    let notice = (!free_text.is_empty()).then(|| Notice {
        kind: "stage_labels_read",
        message: format!(
            "{}: stage labels read by rule or --stage-map (S3; \"en cours\"/\"déposé\" = the stage before): {}",
            table.path.display(),
            free_text.join("; ")
        ),
    });
    let stages = seen
        .into_iter()
        .filter_map(|(label, (reading, _, _))| Some((label.to_string(), reading?)))
        .collect();
    Ok((stages, notice))
}

pub(super) fn read_date(
    table: &RawTable,
    row: &RawRow,
    columns: &BTreeMap<Field, usize>,
    field: Field,
) -> Result<Option<NaiveDate>> {
    let Some(&column) = columns.get(&field) else {
        return Ok(None);
    };
    let text = RawTable::cell(row, column);
    parse_date(text).map_err(|_| {
        Error::input(
            &table.path,
            format!("row {}, field `{}`", row.row, table.headers[column]),
            format!("`{text}` is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"),
        )
    })
}

/// The row's member count (`members`), a whole number; empty = not said.
pub(super) fn read_members(
    table: &RawTable,
    row: &RawRow,
    columns: &BTreeMap<Field, usize>,
) -> Result<Option<u32>> {
    let Some(&column) = columns.get(&Field::Members) else {
        return Ok(None);
    };
    let text = RawTable::cell(row, column);
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let whole = cleaned
        .strip_suffix(".0")
        .or_else(|| cleaned.strip_suffix(",0"))
        .unwrap_or(&cleaned);
    whole.parse::<u32>().map(Some).map_err(|_| {
        Error::input(
            &table.path,
            format!("row {}, field `{}`", row.row, table.headers[column]),
            format!("`{text}` is not a number of members (a whole number)"),
        )
    })
}
