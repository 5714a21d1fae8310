//! What became of each row of the decisions file (S8 amendment): `applied` or `refused` with
//! its reasons and, for an assignment refused as not contiguous, the units that would make it
//! possible — for `decisions_applied.csv`, the report and the run's warnings.

use crate::inputs::decisions::{DecisionTarget, Decisions};
use crate::inputs::listing::Listing;
use crate::model::catalogue::Lang;
use crate::model::{Notice, Unresolved};
use crate::plan::{Plan, TargetKind};
use crate::territory::Territory;

/// The status of one row of the decisions file.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionStatus {
    /// The row (spreadsheet numbering).
    pub row: usize,
    /// The `unit` cell as written.
    pub unit: String,
    /// The `cpts` cell as written.
    pub cpts: String,
    /// `assign` (else `forbid`).
    pub assign: bool,
    /// The target's name, when the `cpts` cell resolved.
    pub target: Option<String>,
    /// The units the row names (a zone key: its zone's), sorted.
    pub units: Vec<usize>,
    /// Whether the row was honoured whole.
    pub applied: bool,
    /// Why not, unit by unit (the value is the unit's code, or the cell).
    pub refusals: Vec<Unresolved>,
    /// Units whose assignment too would make a refused assignment possible, sorted.
    pub hint: Vec<usize>,
}

impl DecisionStatus {
    /// `applied` or `refused`.
    pub fn status(&self) -> &'static str {
        if self.applied { "applied" } else { "refused" }
    }

    /// `assign` or `forbid`.
    pub fn decision(&self) -> &'static str {
        if self.assign { "assign" } else { "forbid" }
    }

    /// The row's reason in `lang`: what it did, or why it was refused.
    pub fn reason(&self, lang: Lang, territory: &Territory) -> String {
        let fr = lang == Lang::Fr;
        if !self.applied {
            let said: Vec<String> = self
                .refusals
                .iter()
                .map(|r| {
                    let name = territory
                        .position(&r.value)
                        .map(|u| format!("{} ({}) : ", territory.units[u].name, r.value));
                    let reason = r.reason.say(lang);
                    match name {
                        Some(name) if self.units.len() > 1 => {
                            format!(
                                "{}{reason}",
                                if fr { name } else { name.replace(" : ", ": ") }
                            )
                        }
                        _ => reason,
                    }
                })
                .collect();
            return said.join(if fr { " ; " } else { "; " });
        }
        let target = self.target.as_deref().unwrap_or("");
        let n = self.units.len();
        match (self.assign, self.units.is_empty(), fr) {
            (false, true, false) => format!("{target} takes no extension"),
            (false, true, true) => format!("{target} ne prend aucune extension"),
            (true, _, false) => format!("{n} unit{} → {target}", if n == 1 { "" } else { "s" }),
            (true, _, true) => format!("{n} unité{} → {target}", if n == 1 { "" } else { "s" }),
            (false, _, false) => format!("{target} forbidden for {n} unit{}", plural(n)),
            (false, _, true) => format!("{target} interdite pour {n} unité{}", plural(n)),
        }
    }

    /// The warning of a refused row: "decisions.csv row 4: assign Carros → CPTS des Baous
    /// refused (S8): …".
    fn notice(&self, source: &str, territory: &Territory) -> Notice {
        let unit = if self.unit.is_empty() {
            "—"
        } else {
            &self.unit
        };
        Notice {
            kind: "decision_refused",
            message: format!(
                "{source} row {}: {} {unit} → {} refused (S8): {}",
                self.row,
                self.decision(),
                self.cpts,
                self.reason(Lang::En, territory)
            ),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The status of every row of `decisions` once the plan is built, in file order.
pub fn statuses(
    decisions: &Decisions,
    plan: &Plan,
    listing: &Listing,
    territory: &Territory,
) -> Vec<DecisionStatus> {
    decisions
        .table
        .iter()
        .map(|row| {
            // An assignment refused when it was tried (before the options) that the plan
            // carries out anyway, its zone going to the same target, is honoured.
            let honoured = |r: &Unresolved| {
                let (Some(u), Some(target)) = (territory.position(&r.value), &row.target) else {
                    return false;
                };
                row.assign
                    && plan.target_of[u].is_some_and(|t| {
                        let t = &plan.targets[t];
                        match (target, &t.kind) {
                            (DecisionTarget::Cpts(c), TargetKind::Existing(e)) => c == e,
                            (DecisionTarget::New(name), TargetKind::New { .. }) => &t.name == name,
                            _ => false,
                        }
                    })
            };
            let refusals: Vec<Unresolved> = decisions
                .unresolved
                .iter()
                .chain(&plan.unresolved)
                .filter(|r| r.row == row.row && r.file == decisions.source && !honoured(r))
                .cloned()
                .collect();
            let hint = if refusals.is_empty() {
                Vec::new()
            } else {
                plan.hints.get(&row.row).cloned().unwrap_or_default()
            };
            DecisionStatus {
                row: row.row,
                unit: row.unit.clone(),
                cpts: row.cpts.clone(),
                assign: row.assign,
                target: row.target.as_ref().map(|t| match t {
                    DecisionTarget::Cpts(c) => listing.cpts[*c].name.clone(),
                    DecisionTarget::New(name) => name.clone(),
                }),
                units: row.units.clone(),
                applied: refusals.is_empty(),
                refusals,
                hint,
            }
        })
        .collect()
}

/// The warnings of the refused rows (never only a count, S8 amendment).
pub fn refused_notices(
    statuses: &[DecisionStatus],
    source: &str,
    territory: &Territory,
) -> Vec<Notice> {
    statuses
        .iter()
        .filter(|s| !s.applied)
        .map(|s| s.notice(source, territory))
        .collect()
}
