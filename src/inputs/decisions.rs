//! S8: the task force's decisions (`--decisions FILE`, CSV or XLSX): `unit,cpts,decision` rows,
//! `assign` a unit to a CPTS (or to a new CPTS `new:NAME`) or `forbid` it, resolved against the
//! territory and the listing; what cannot be resolved is reported, never dropped.

use crate::error::{Error, Result};
use crate::inputs::listing::Listing;
use crate::io::source::Source;
use crate::io::table::{HeaderRow, RawRow, RawTable, find_name};
use crate::model::catalogue::RowReason;
use crate::model::{Notice, Unresolved, clean_code, normalize_label};
use crate::territory::Territory;
use crate::territory::cog::{Cog, Resolution};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    /// Rows that repeat an earlier row (row, the earlier row): one decision each.
    pub repeated: Vec<(usize, usize)>,
    /// What the run should know of the file (repeated rows), for `summary.json`.
    pub notices: Vec<Notice>,
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
        let (unit_col, cpts_col, decision_col) = decision_columns(&table)?;
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
        let mut rows = RowsSeen::default();
        for row in &table.rows {
            let cell = |c: usize| RawTable::cell(row, c);
            let (raw_unit, raw_cpts) = (cell(unit_col), cell(cpts_col));
            let assign = is_assign(&table, row, decision_col)?;
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
            if let DecisionTarget::New(_) = &target
                && !assign
            {
                report(raw_cpts, RowReason::ForbidNamesExisting);
                continue;
            }
            match rows.see(unit, &target, assign, row.row) {
                Seen::First => {}
                Seen::Again(first) => {
                    decisions.repeated.push((row.row, first));
                    continue;
                }
                Seen::Contradicts(first, other, other_assign) => {
                    let what = |t: &DecisionTarget, a: bool| {
                        let label = match t {
                            DecisionTarget::Cpts(c) => listing.cpts[*c].id.clone(),
                            DecisionTarget::New(name) => format!("new:{name}"),
                        };
                        format!("{} {label}", if a { "assign to" } else { "forbid" })
                    };
                    return Err(Error::input(
                        &table.path,
                        format!("rows {first} and {}", row.row),
                        format!(
                            "unit {}: `{}` (row {first}) and `{}` (row {}) contradict each other: keep one",
                            territory.units[unit].code,
                            what(&other, other_assign),
                            what(&target, assign),
                            row.row
                        ),
                    ));
                }
            }
            match (target, assign) {
                (target, true) => decisions.assignments.push(Assignment {
                    row: row.row,
                    unit,
                    target,
                }),
                (DecisionTarget::Cpts(c), false) => {
                    decisions.forbidden.insert((unit, c));
                }
                (DecisionTarget::New(_), false) => {}
            }
        }
        decisions.notices.extend(decisions.repeated_notice());
        Ok(decisions)
    }

    /// "decisions.csv: 3 rows repeat an earlier row (row 7 = row 4, …): each is one decision".
    fn repeated_notice(&self) -> Option<Notice> {
        if self.repeated.is_empty() {
            return None;
        }
        let pairs: Vec<String> = self
            .repeated
            .iter()
            .take(10)
            .map(|(row, first)| format!("row {row} = row {first}"))
            .collect();
        Some(Notice {
            kind: "decisions_repeated",
            message: format!(
                "{}: {} row{} repeat{} an earlier row ({}{}): each decision counts once (S8)",
                self.source,
                self.repeated.len(),
                if self.repeated.len() == 1 { "" } else { "s" },
                if self.repeated.len() == 1 { "s" } else { "" },
                pairs.join(", "),
                if self.repeated.len() > 10 {
                    ", …"
                } else {
                    ""
                }
            ),
        })
    }
}

/// The `unit`, `cpts` and `decision` columns of a decisions table; a missing one is an error
/// listing the columns there are.
fn decision_columns(table: &RawTable) -> Result<(usize, usize, usize)> {
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
    Ok((
        column(UNIT, "unit")?,
        column(CPTS, "cpts")?,
        column(DECISION, "decision")?,
    ))
}

/// Whether a row's decision is `assign` (else `forbid`); another word is an error naming it.
fn is_assign(table: &RawTable, row: &RawRow, column: usize) -> Result<bool> {
    match normalize_label(RawTable::cell(row, column)).as_str() {
        "assign" | "affecter" | "rattacher" | "attribuer" | "assigner" => Ok(true),
        "forbid" | "interdire" | "exclure" | "refuser" | "refus" => Ok(false),
        other => Err(Error::input(
            &table.path,
            format!("row {}, field `{}`", row.row, table.headers[column]),
            format!("`{other}` is not a decision: assign or forbid"),
        )),
    }
}

/// What an earlier row of the decisions file said of the same unit.
enum Seen {
    /// Nothing yet.
    First,
    /// The same decision, on this row.
    Again(usize),
    /// Another decision on the unit that cannot stand with this one: its row, target and kind
    /// (`true`: assign).
    Contradicts(usize, DecisionTarget, bool),
}

/// The decisions met so far, by unit: its assignment, and the CPTS it forbids.
#[derive(Default)]
struct RowsSeen {
    assigned: HashMap<usize, (DecisionTarget, usize)>,
    forbidden: HashMap<(usize, usize), usize>,
}

impl RowsSeen {
    /// Record a row's decision on `unit` (`assign`: to `target`, else forbid it).
    fn see(&mut self, unit: usize, target: &DecisionTarget, assign: bool, row: usize) -> Seen {
        let cpts = match target {
            DecisionTarget::Cpts(c) => Some(*c),
            DecisionTarget::New(_) => None,
        };
        if assign {
            if let Some((earlier, first)) = self.assigned.get(&unit) {
                return if earlier == target {
                    Seen::Again(*first)
                } else {
                    Seen::Contradicts(*first, earlier.clone(), true)
                };
            }
            if let Some(&first) = cpts.and_then(|c| self.forbidden.get(&(unit, c))) {
                return Seen::Contradicts(first, target.clone(), false);
            }
            self.assigned.insert(unit, (target.clone(), row));
            return Seen::First;
        }
        let Some(c) = cpts else {
            return Seen::First;
        };
        if let Some(&first) = self.forbidden.get(&(unit, c)) {
            return Seen::Again(first);
        }
        if let Some((earlier, first)) = self.assigned.get(&unit)
            && earlier == target
        {
            return Seen::Contradicts(*first, earlier.clone(), true);
        }
        self.forbidden.insert((unit, c), row);
        Seen::First
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
