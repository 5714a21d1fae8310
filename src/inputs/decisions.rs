//! S8: the task force's decisions (`--decisions FILE`, CSV or XLSX): `unit,cpts,decision` rows,
//! `assign` a unit to a CPTS (or to a new CPTS `new:NAME`) or `forbid` it, resolved against the
//! territory and the listing; what cannot be resolved is reported, never dropped.

use crate::error::{Error, Result};
use crate::inputs::listing::Listing;
use crate::inputs::names::{Match, Names, name_key};
use crate::io::source::Source;
use crate::io::table::{HeaderRow, RawRow, RawTable, find_name};
use crate::model::catalogue::RowReason;
use crate::model::{Notice, Unresolved, clean_code, normalize_label};
use crate::territory::Territory;
use crate::territory::cog::{Cog, Resolution};
use crate::zones::WhiteZones;
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
    /// A new CPTS the task force names (`new:NAME`): that name in every output.
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

/// What a row's `unit` cell names.
enum Named {
    /// Nothing (an empty cell).
    Nothing,
    /// A unit.
    Unit(usize),
    /// Every unit of a zone (its key, its units).
    Zone(String, Vec<usize>),
}

/// What resolves the cells of a decisions file: the territory, the listing, the zones.
struct Resolver<'a> {
    path: &'a std::path::Path,
    territory: &'a Territory,
    cog: &'a Cog,
    zones: &'a WhiteZones,
    listing: &'a Listing,
    communes: Names,
    cpts_names: Names,
    by_id: BTreeMap<&'a str, usize>,
    /// The first spelling of each `new:` name, by its key (one new CPTS per name).
    new_names: BTreeMap<String, String>,
}

impl Resolver<'_> {
    /// The `cpts` cell: `new:NAME`, an id, or a name; `Ok(None)`: unknown (refused).
    fn target(&mut self, raw: &str, row: usize) -> Result<Option<DecisionTarget>> {
        if let Some((prefix, name)) = raw.split_once(':')
            && prefix.trim().eq_ignore_ascii_case("new")
            && !name.trim().is_empty()
        {
            let name = name.trim();
            let spelling = self
                .new_names
                .entry(name_key(name))
                .or_insert_with(|| name.to_string());
            return Ok(Some(DecisionTarget::New(spelling.clone())));
        }
        if let Some(&c) = self.by_id.get(raw) {
            return Ok(Some(DecisionTarget::Cpts(c)));
        }
        match self.cpts_names.find(raw) {
            Match::None => Ok(None),
            Match::One(c) => Ok(Some(DecisionTarget::Cpts(c))),
            Match::Several(candidates) => {
                let listed: Vec<String> = candidates
                    .iter()
                    .map(|&c| {
                        let cpts = &self.listing.cpts[c];
                        format!("{} ({})", cpts.name, cpts.id)
                    })
                    .collect();
                Err(self.ambiguous(row, "cpts", raw, &listed, "its id"))
            }
        }
    }

    /// The `unit` cell: a zone key, a code (former codes resolve) or a commune name;
    /// `Ok(None)`: unknown (refused).
    fn named(&self, raw: &str, row: usize) -> Result<Option<Named>> {
        if raw.is_empty() {
            return Ok(Some(Named::Nothing));
        }
        if let Some(code) = zone_key_code(raw) {
            let key = crate::zones::zone_key(&code);
            return Ok(self
                .zones
                .iter()
                .find(|z| z.key == key)
                .map(|z| Named::Zone(key, z.units.clone())));
        }
        if let Some(u) = locate(raw, self.territory, self.cog) {
            return Ok(Some(Named::Unit(u)));
        }
        match self.communes.find(raw) {
            Match::None => Ok(None),
            Match::One(u) => Ok(Some(Named::Unit(u))),
            Match::Several(candidates) => {
                let units = &self.territory.units;
                let listed: Vec<String> = candidates
                    .iter()
                    .map(|&u| {
                        format!(
                            "{} ({}, {})",
                            units[u].name, units[u].code, units[u].departement
                        )
                    })
                    .collect();
                Err(self.ambiguous(row, "unit", raw, &listed, "its code"))
            }
        }
    }

    /// "row 4, field `unit`: `Saint-Martin` names 3 communes: … — write its code".
    fn ambiguous(
        &self,
        row: usize,
        field: &str,
        raw: &str,
        listed: &[String],
        write: &str,
    ) -> Error {
        Error::input(
            self.path,
            format!("row {row}, field `{field}`"),
            format!(
                "`{raw}` names {} {}: {} — write {write} instead (S8)",
                listed.len(),
                if field == "unit" { "communes" } else { "CPTS" },
                listed.join(", ")
            ),
        )
    }
}

/// The code of a zone key `Z-04209` (any case, spaces ignored), if `raw` is one.
fn zone_key_code(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let rest = raw
        .strip_prefix("Z-")
        .or_else(|| raw.strip_prefix("z-"))?
        .trim();
    (!rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric())).then(|| clean_code(rest))
}

impl Decisions {
    /// Whether unit `unit` may join CPTS `cpts`.
    pub fn allows(&self, unit: usize, cpts: usize) -> bool {
        !self.refused.contains(&cpts) && !self.forbidden.contains(&(unit, cpts))
    }

    /// Read and resolve a decisions table: units by code, name or zone key, CPTS by id or
    /// name (S8 amendment).
    pub(crate) fn load(
        source: &Source,
        territory: &Territory,
        listing: &Listing,
        cog: &Cog,
        zones: &WhiteZones,
    ) -> Result<Decisions> {
        let is_header = |names: &[String]| {
            find_name(names, CPTS).is_some() && find_name(names, DECISION).is_some()
        };
        let table = RawTable::read_with(source, None, HeaderRow::Detect(&is_header))?;
        let (unit_col, cpts_col, decision_col) = decision_columns(&table)?;
        let mut resolver = Resolver {
            path: &table.path,
            territory,
            cog,
            zones,
            listing,
            communes: Names::new(territory.units.iter().map(|u| u.name.as_str()), false),
            cpts_names: Names::new(listing.cpts.iter().map(|c| c.name.as_str()), true),
            by_id: listing
                .cpts
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect(),
            new_names: BTreeMap::new(),
        };
        let mut decisions = Decisions {
            source: table.path.display().to_string(),
            ..Decisions::default()
        };
        let mut rows = RowsSeen::default();
        // Zone keys stand for the units no other row decides: they are expanded last.
        let mut zone_rows: Vec<(usize, Vec<usize>, DecisionTarget, bool)> = Vec::new();
        for row in &table.rows {
            let cell = |c: usize| RawTable::cell(row, c);
            let (raw_unit, raw_cpts) = (cell(unit_col), cell(cpts_col));
            // A template row the meeting left alone (no target, no decision) decides nothing;
            // a target without a decision is an assignment.
            let undecided = cell(decision_col).is_empty();
            if undecided && raw_cpts.is_empty() {
                continue;
            }
            let assign = undecided || is_assign(&table, row, decision_col)?;
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
            decisions.table.push(entry);
            decisions.rows += 1;
            let mut report = |value: &str, reason: RowReason| {
                decisions.unresolved.push(Unresolved {
                    file: decisions.source.clone(),
                    row: row.row,
                    value: value.to_string(),
                    reason: RowReason::DecisionNotApplied(Box::new(reason)).into(),
                });
            };
            let Some(target) = target else {
                report(raw_cpts, RowReason::UnknownCptsId);
                continue;
            };
            let unit = match named {
                Some(Named::Nothing) => {
                    match (&target, assign) {
                        (DecisionTarget::Cpts(c), false) => {
                            decisions.refused.insert(*c);
                        }
                        _ => report(raw_cpts, RowReason::EmptyUnitNeedsForbid),
                    }
                    continue;
                }
                None if zone_key_code(raw_unit).is_some() => {
                    report(raw_unit, RowReason::UnknownZoneKey);
                    continue;
                }
                None => {
                    report(raw_unit, RowReason::UnknownUnitOrOutside);
                    continue;
                }
                Some(Named::Zone(_, units)) => {
                    if matches!(target, DecisionTarget::New(_)) && !assign {
                        report(raw_cpts, RowReason::ForbidNamesExisting);
                    } else {
                        zone_rows.push((row.row, units, target, assign));
                    }
                    continue;
                }
                Some(Named::Unit(u)) => u,
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
                    return Err(contradiction(
                        &table.path,
                        listing,
                        &territory.units[unit].code,
                        (first, &other, other_assign),
                        (row.row, &target, assign),
                    ));
                }
            }
            decisions.record(unit, target, assign, row.row);
        }
        for (row, units, target, assign) in zone_rows {
            decisions.expand_zone(&mut rows, row, &units, target, assign);
        }
        // File order, a zone's units at its row (the plan numbers its targets in that order).
        decisions.assignments.sort_by_key(|a| a.row);
        decisions.notices.extend(decisions.repeated_notice());
        Ok(decisions)
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
