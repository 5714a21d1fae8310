//! S8: the task force's decisions (`--decisions FILE`, CSV or XLSX): `unit,cpts,decision` rows,
//! `assign` a unit to a CPTS (or to a new CPTS `new:NAME`) or `forbid` it, resolved against the
//! territory and the listing; what cannot be resolved is reported, never dropped.

pub use super::decision_cells::DecisionTarget;
use super::decision_cells::{Named, Resolver, zone_key_code};
use crate::error::{Error, Result};
use crate::inputs::listing::Listing;
use crate::io::source::Source;
use crate::io::table::{HeaderRow, RawRow, RawTable, find_name};
use crate::model::catalogue::RowReason;
use crate::model::{Notice, Unresolved, normalize_label};
use crate::territory::Territory;
use crate::territory::cog::Cog;
use std::collections::{BTreeSet, HashMap};

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

/// A row of the decisions file as written, for `decisions_applied.csv` and the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    /// Its row (spreadsheet numbering).
    pub row: usize,
    /// The `unit` cell: a code, a commune name, a zone key, or empty.
    pub unit: String,
    /// The `cpts` cell: an id, a name, or `new:NAME`.
    pub cpts: String,
    /// `assign` or `forbid`.
    pub assign: bool,
    /// The units it names (every unit of the zone for a zone key), sorted.
    pub units: Vec<usize>,
    /// The zone it names, by key, when `unit` is a zone key.
    pub zone: Option<String>,
    /// Its target, when the `cpts` cell resolved.
    pub target: Option<DecisionTarget>,
}

/// The decisions of a run, resolved.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    /// The decisions file, as named.
    pub source: String,
    /// Its data rows that decide something (template rows left empty are not counted).
    pub rows: usize,
    /// Every data row, as written and resolved.
    pub table: Vec<DecisionRow>,
    /// The `assign` rows that resolved, in file order (a zone key: one per unit of the zone,
    /// except the units another row decides).
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

/// A zone key's row: its row, the zone's units, the target, and whether it assigns.
type ZoneRow = (usize, Vec<usize>, DecisionTarget, bool);

impl Decisions {
    /// Whether unit `unit` may join CPTS `cpts`.
    pub fn allows(&self, unit: usize, cpts: usize) -> bool {
        !self.refused.contains(&cpts) && !self.forbidden.contains(&(unit, cpts))
    }

    /// Read and resolve a decisions table: units by code, name or zone key (`zones`: each
    /// zone's key and units), CPTS by id or name (S8 amendment).
    pub(crate) fn load(
        source: &Source,
        territory: &Territory,
        listing: &Listing,
        cog: &Cog,
        zones: &[(String, Vec<usize>)],
    ) -> Result<Decisions> {
        let is_header = |names: &[String]| {
            find_name(names, CPTS).is_some() && find_name(names, DECISION).is_some()
        };
        let table = RawTable::read_with(source, None, HeaderRow::Detect(&is_header))?;
        let columns = decision_columns(&table)?;
        let mut resolver = Resolver::new(&table.path, territory, cog, zones, listing);
        let mut decisions = Decisions {
            source: table.path.display().to_string(),
            ..Decisions::default()
        };
        let mut seen = RowsSeen::default();
        // Zone keys stand for the units no other row decides: they are expanded last.
        let mut zone_rows: Vec<ZoneRow> = Vec::new();
        for row in &table.rows {
            decisions.read_row(
                &table,
                row,
                columns,
                &mut resolver,
                &mut seen,
                &mut zone_rows,
            )?;
        }
        for (row, units, target, assign) in zone_rows {
            decisions.expand_zone(&mut seen, row, &units, target, assign);
        }
        // File order, a zone's units at its row (the plan numbers its targets in that order).
        decisions.assignments.sort_by_key(|a| a.row);
        decisions.notices.extend(decisions.repeated_notice());
        Ok(decisions)
    }

    /// Read one row of the decisions file: record it, resolve its cells, and record its
    /// decision (a zone key's row is kept in `zone_rows`, expanded once every unit row is read).
    fn read_row(
        &mut self,
        table: &RawTable,
        row: &RawRow,
        columns: (usize, usize, usize),
        resolver: &mut Resolver,
        seen: &mut RowsSeen,
        zone_rows: &mut Vec<ZoneRow>,
    ) -> Result<()> {
        let cell = |c: usize| RawTable::cell(row, c);
        let (raw_unit, raw_cpts) = (cell(columns.0), cell(columns.1));
        // A template row the meeting left alone (no target, no decision) decides nothing;
        // a target without a decision is an assignment.
        let undecided = cell(columns.2).is_empty();
        if undecided && raw_cpts.is_empty() {
            return Ok(());
        }
        let assign = undecided || is_assign(table, row, columns.2)?;
        let mut entry = DecisionRow {
            row: row.row,
            unit: raw_unit.to_string(),
            cpts: raw_cpts.to_string(),
            assign,
            units: Vec::new(),
            zone: None,
            target: None,
        };
        let named = resolver.named(raw_unit, row.row)?;
        match &named {
            Some(Named::Unit(u)) => entry.units = vec![*u],
            Some(Named::Zone(key, units)) => {
                entry.units.clone_from(units);
                entry.zone = Some(key.clone());
            }
            _ => {}
        }
        let target = resolver.target(raw_cpts, row.row)?;
        entry.target.clone_from(&target);
        self.table.push(entry);
        self.rows += 1;
        let mut report = |value: &str, reason: RowReason| {
            self.unresolved.push(Unresolved {
                file: self.source.clone(),
                row: row.row,
                value: value.to_string(),
                reason: RowReason::DecisionNotApplied(Box::new(reason)).into(),
            });
        };
        let Some(target) = target else {
            report(raw_cpts, RowReason::UnknownCptsId);
            return Ok(());
        };
        let unit = match named {
            Some(Named::Nothing) => {
                match (&target, assign) {
                    (DecisionTarget::Cpts(c), false) => {
                        self.refused.insert(*c);
                    }
                    _ => report(raw_cpts, RowReason::EmptyUnitNeedsForbid),
                }
                return Ok(());
            }
            None if zone_key_code(raw_unit).is_some() => {
                report(raw_unit, RowReason::UnknownZoneKey);
                return Ok(());
            }
            None => {
                report(raw_unit, RowReason::UnknownUnitOrOutside);
                return Ok(());
            }
            Some(Named::Zone(_, units)) => {
                if matches!(target, DecisionTarget::New(_)) && !assign {
                    report(raw_cpts, RowReason::ForbidNamesExisting);
                } else {
                    zone_rows.push((row.row, units, target, assign));
                }
                return Ok(());
            }
            Some(Named::Unit(u)) => u,
        };
        if let DecisionTarget::New(_) = &target
            && !assign
        {
            report(raw_cpts, RowReason::ForbidNamesExisting);
            return Ok(());
        }
        match seen.see(unit, &target, assign, row.row) {
            Seen::First => {}
            Seen::Again(first) => {
                self.repeated.push((row.row, first));
                return Ok(());
            }
            Seen::Contradicts(first, other, other_assign) => {
                return Err(contradiction(
                    &table.path,
                    resolver.listing,
                    &resolver.territory.units[unit].code,
                    (first, &other, other_assign),
                    (row.row, &target, assign),
                ));
            }
        }
        self.record(unit, target, assign, row.row);
        Ok(())
    }

    /// Record a resolved decision on one unit.
    fn record(&mut self, unit: usize, target: DecisionTarget, assign: bool, row: usize) {
        match (target, assign) {
            (target, true) => self.assignments.push(Assignment { row, unit, target }),
            (DecisionTarget::Cpts(c), false) => {
                self.forbidden.insert((unit, c));
            }
            (DecisionTarget::New(_), false) => {}
        }
    }

    /// A zone key's row: the decision on each unit of the zone that no other row decides
    /// otherwise (a row on one commune of the zone wins over the zone's row).
    fn expand_zone(
        &mut self,
        rows: &mut RowsSeen,
        row: usize,
        units: &[usize],
        target: DecisionTarget,
        assign: bool,
    ) {
        let mut any = false;
        for &u in units {
            if matches!(rows.see(u, &target, assign, row), Seen::First) {
                self.record(u, target.clone(), assign, row);
                any = true;
            }
        }
        if !any {
            self.unresolved.push(Unresolved {
                file: self.source.clone(),
                row,
                value: String::new(),
                reason: RowReason::DecisionNotApplied(Box::new(RowReason::AlreadyAssigned)).into(),
            });
        }
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
        let n = self.repeated.len();
        Some(Notice {
            kind: "decisions_repeated",
            message: format!(
                "{}: {n} row{} repeat{} an earlier row ({}{}): each decision counts once (S8)",
                self.source,
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" },
                pairs.join(", "),
                if n > 10 { ", …" } else { "" }
            ),
        })
    }
}

/// Two rows on one unit that cannot both stand: an error naming both (S8).
fn contradiction(
    path: &std::path::Path,
    listing: &Listing,
    code: &str,
    (first, other, other_assign): (usize, &DecisionTarget, bool),
    (row, target, assign): (usize, &DecisionTarget, bool),
) -> Error {
    let what = |t: &DecisionTarget, a: bool| {
        let label = match t {
            DecisionTarget::Cpts(c) => listing.cpts[*c].id.clone(),
            DecisionTarget::New(name) => format!("new:{name}"),
        };
        format!("{} {label}", if a { "assign to" } else { "forbid" })
    };
    Error::input(
        path,
        format!("rows {first} and {row}"),
        format!(
            "unit {code}: `{}` (row {first}) and `{}` (row {row}) contradict each other: keep one",
            what(other, other_assign),
            what(target, assign),
        ),
    )
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
