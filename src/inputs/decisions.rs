//! S8: the task force's decisions (`--decisions FILE`, CSV or XLSX): `unit,cpts,decision` rows,
//! `assign` a unit to a CPTS (or to a new CPTS `new:NAME`) or `forbid` it, resolved against the
//! territory and the listing; what cannot be resolved is reported, never dropped.

use crate::error::{Error, Result};
use crate::inputs::listing::Listing;
use crate::io::source::Source;
use crate::io::table::{HeaderRow, RawTable, find_name};
use crate::model::catalogue::RowReason;
use crate::model::{Unresolved, clean_code, normalize_label};
use crate::territory::Territory;
use crate::territory::cog::{Cog, Resolution};
use std::collections::{BTreeMap, BTreeSet};

const UNIT: &[&str] = &[
    "unit",
    "unite",
    "commune",
    "code_commune",
    "commune_code",
    "code_insee",
    "insee",
    "code",
];
const CPTS: &[&str] = &["cpts", "cpts_id", "id_cpts", "target", "cible"];
const DECISION: &[&str] = &["decision", "action", "choix"];

/// Where a decided unit goes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum DecisionTarget {
    /// An existing CPTS (index into the listing).
    Cpts(usize),
    /// A new CPTS the task force names (`new:NAME`).
    New(String),
}

/// `assign`: a unit goes to a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Row of the decisions file (spreadsheet numbering).
    pub row: usize,
    /// The unit (index into the territory).
    pub unit: usize,
    /// Where it goes.
    pub target: DecisionTarget,
}

/// The decisions of a run, resolved.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    /// The decisions file, as named.
    pub source: String,
    /// Its data rows.
    pub rows: usize,
    /// The `assign` rows that resolved, in file order.
    pub assignments: Vec<Assignment>,
    /// (unit, CPTS) pairs the task force forbids.
    pub forbidden: BTreeSet<(usize, usize)>,
    /// CPTS that take no extension at all (a `forbid` row with an empty unit).
    pub refused: BTreeSet<usize>,
    /// Rows that cannot be honoured, with their reason (the plan adds its own).
    pub unresolved: Vec<Unresolved>,
}

impl Decisions {
    /// Whether unit `unit` may join CPTS `cpts`.
    pub fn allows(&self, unit: usize, cpts: usize) -> bool {
        !self.refused.contains(&cpts) && !self.forbidden.contains(&(unit, cpts))
    }

    /// Read and resolve a decisions table.
    pub(crate) fn load(
        source: &Source,
        territory: &Territory,
        listing: &Listing,
        cog: &Cog,
    ) -> Result<Decisions> {
        let is_header = |names: &[String]| {
            find_name(names, CPTS).is_some() && find_name(names, DECISION).is_some()
        };
        let table = RawTable::read_with(source, None, HeaderRow::Detect(&is_header))?;
        let column = |aliases: &[&str], what: &str| {
            table.find_column(aliases).ok_or_else(|| {
                Error::input(
                    &table.path,
                    table.header_location(),
                    format!(
                        "no `{what}` column (looked for {}); columns are: {}",
                        aliases.join(", "),
                        table.headers.join(", ")
                    ),
                )
            })
        };
        let (unit_col, cpts_col, decision_col) = (
            column(UNIT, "unit")?,
            column(CPTS, "cpts")?,
            column(DECISION, "decision")?,
        );
        let by_id: BTreeMap<&str, usize> = listing
            .cpts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut decisions = Decisions {
            source: table.path.display().to_string(),
            rows: table.rows.len(),
            ..Decisions::default()
        };
        for row in &table.rows {
            let cell = |c: usize| RawTable::cell(row, c);
            let (raw_unit, raw_cpts) = (cell(unit_col), cell(cpts_col));
            let assign = match normalize_label(cell(decision_col)).as_str() {
                "assign" | "affecter" | "rattacher" | "attribuer" | "assigner" => true,
                "forbid" | "interdire" | "exclure" | "refuser" | "refus" => false,
                other => {
                    return Err(Error::input(
                        &table.path,
                        format!("row {}, field `{}`", row.row, table.headers[decision_col]),
                        format!("`{other}` is not a decision: assign or forbid"),
                    ));
                }
            };
            let mut report = |value: &str, reason: RowReason| {
                decisions.unresolved.push(Unresolved {
                    file: decisions.source.clone(),
                    row: row.row,
                    value: value.to_string(),
                    reason: RowReason::DecisionNotApplied(Box::new(reason)).into(),
                });
            };
            let target = match raw_cpts.split_once(':') {
                Some((prefix, name))
                    if prefix.eq_ignore_ascii_case("new") && !name.trim().is_empty() =>
                {
                    DecisionTarget::New(name.trim().to_string())
                }
                _ => match by_id.get(raw_cpts) {
                    Some(&c) => DecisionTarget::Cpts(c),
                    None => {
                        report(raw_cpts, RowReason::UnknownCptsId);
                        continue;
                    }
                },
            };
            if raw_unit.is_empty() {
                match (&target, assign) {
                    (DecisionTarget::Cpts(c), false) => {
                        decisions.refused.insert(*c);
                    }
                    _ => report(raw_cpts, RowReason::EmptyUnitNeedsForbid),
                }
                continue;
            }
            let Some(unit) = locate(raw_unit, territory, cog) else {
                report(raw_unit, RowReason::UnknownUnitOrOutside);
                continue;
            };
            match (target, assign) {
                (target, true) => decisions.assignments.push(Assignment {
                    row: row.row,
                    unit,
                    target,
                }),
                (DecisionTarget::Cpts(c), false) => {
                    decisions.forbidden.insert((unit, c));
                }
                (DecisionTarget::New(_), false) => {
                    report(raw_cpts, RowReason::ForbidNamesExisting);
                }
            }
        }
        Ok(decisions)
    }
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
