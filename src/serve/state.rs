//! The planning table's state: the plan run, the task force's decisions as rows of an S8 file
//! (with their undo/redo history) and a version every change increments; each change re-plans
//! through the engine and saves the decisions file atomically before it is answered.

use crate::export::write_file_atomic;
use crate::parts::TargetKind;
use crate::{Error, Lang, PlanRun, Source};
use std::path::PathBuf;

/// One row of the decisions file, as the meeting (or a script) wrote it (S8).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Row {
    /// A unit code, a zone key `Z-CODE`, a commune name, or empty (a CPTS locked).
    #[serde(default)]
    pub unit: String,
    /// A CPTS id or name, or `new:NAME`.
    #[serde(default)]
    pub cpts: String,
    /// `assign` or `forbid`.
    #[serde(default)]
    pub decision: String,
}

/// What an editor asks for.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Edit {
    /// These units go to `cpts` (an existing id, or `new:NAME`).
    Assign { units: Vec<String>, cpts: String },
    /// `cpts` must not take these units (a zone key forbids it the whole zone).
    Forbid { units: Vec<String>, cpts: String },
    /// `cpts` takes no extension at all.
    Lock { cpts: String },
    /// `cpts` may be extended again.
    Unlock { cpts: String },
    /// The decisions about these units are withdrawn: the engine places them again.
    Clear { units: Vec<String> },
    /// Every unit of a zone no decision names is assigned where the plan puts it now.
    Complete,
}

/// Why a change was not made.
#[derive(Debug)]
pub enum Refusal {
    /// The request names something that does not exist, or is malformed (400).
    Bad(String),
    /// The editor's version is not the current one (409).
    Stale { current: u64 },
    /// The decisions file could not be written (500); nothing changed.
    Save(String),
}

/// The table: the run and its decisions.
pub struct Table {
    /// The plan run around the current decisions.
    pub run: PlanRun,
    /// Each version's decisions; `history[cursor]` is the current one.
    history: Vec<Vec<Row>>,
    cursor: usize,
    /// Incremented by every change (edit, undo, redo, replacement).
    pub version: u64,
    /// Where the decisions are saved after every change.
    pub decisions_path: PathBuf,
    /// The input files, which a save never overwrites.
    inputs: Vec<PathBuf>,
    /// Language of the reasons.
    pub lang: Lang,
}

impl Table {
    /// A table around `run`, whose decisions (if any) are its first rows.
    pub fn new(run: PlanRun, decisions_path: PathBuf, inputs: Vec<PathBuf>, lang: Lang) -> Table {
        let rows = run
            .decisions
            .iter()
            .flat_map(|d| &d.table)
            .map(|r| Row {
                unit: r.unit.clone(),
                cpts: r.cpts.clone(),
                decision: if r.assign { "assign" } else { "forbid" }.to_string(),
            })
            .collect();
        Table {
            run,
            history: vec![rows],
            cursor: 0,
            version: 1,
            decisions_path,
            inputs,
            lang,
        }
    }

    /// The current decisions.
    pub fn rows(&self) -> &[Row] {
        &self.history[self.cursor]
    }

    /// Whether there is a change to undo, and one to redo.
    pub fn can_undo_redo(&self) -> (bool, bool) {
        (self.cursor > 0, self.cursor + 1 < self.history.len())
    }

    /// Apply an edit made at `version`.
    pub fn edit(&mut self, version: u64, edit: &Edit) -> Result<(), Refusal> {
        self.check(version)?;
        let rows = self.edited(edit)?;
        self.change(rows)
    }

    /// Replace every decision (the API's POST of a whole decisions list).
    pub fn replace(&mut self, version: u64, rows: Vec<Row>) -> Result<(), Refusal> {
        self.check(version)?;
        for (i, row) in rows.iter().enumerate() {
            decision_word(&row.decision).ok_or_else(|| {
                Refusal::Bad(format!(
                    "decisions[{i}].decision `{}`: assign or forbid",
                    row.decision
                ))
            })?;
        }
        self.change(rows)
    }

    /// Back to the previous decisions (`forward`: redo).
    pub fn step(&mut self, version: u64, forward: bool) -> Result<(), Refusal> {
        self.check(version)?;
        let to = match forward {
            true if self.cursor + 1 < self.history.len() => self.cursor + 1,
            false if self.cursor > 0 => self.cursor - 1,
            _ => return Err(Refusal::Bad(format!("nothing to {}", undo_word(forward)))),
        };
        self.replan(&self.history[to].clone())?;
        self.cursor = to;
        self.version += 1;
        self.save()
    }

    fn check(&self, version: u64) -> Result<(), Refusal> {
        if version == self.version {
            Ok(())
        } else {
            Err(Refusal::Stale {
                current: self.version,
            })
        }
    }

    /// Re-plan around `rows`; if they name a unit or a CPTS that does not exist, the plan
    /// goes back to the current rows and the request is refused.
    fn change(&mut self, rows: Vec<Row>) -> Result<(), Refusal> {
        self.replan(&rows)?;
        if let Some(message) = self.unknown_names() {
            let current = self.rows().to_vec();
            self.replan(&current)?;
            return Err(Refusal::Bad(message));
        }
        self.history.truncate(self.cursor + 1);
        self.history.push(rows);
        self.cursor += 1;
        self.version += 1;
        self.save()
    }

    fn replan(&mut self, rows: &[Row]) -> Result<(), Refusal> {
        let source = Source::memory(&self.decisions_path, csv_bytes(rows));
        let decisions = (!rows.is_empty()).then_some(&source);
        self.run
            .replan(decisions)
            .map_err(|e| Refusal::Bad(e.to_string()))
    }

    /// The first row whose unit or CPTS cell names nothing, said as the command line says it.
    fn unknown_names(&self) -> Option<String> {
        let decisions = self.run.decisions.as_ref()?;
        let territory = &self.run.zoning.coverage.territory;
        decisions.table.iter().find_map(|row| {
            let unknown_unit = !row.unit.trim().is_empty() && row.units.is_empty();
            let unknown_cpts = !row.cpts.trim().is_empty() && row.target.is_none();
            if !(unknown_unit || unknown_cpts) {
                return None;
            }
            let status = self.run.decision_statuses.iter().find(|s| s.row == row.row);
            let reason = status.map_or_else(String::new, |s| s.reason(self.lang, territory));
            let what = if unknown_unit { "unit" } else { "cpts" };
            let cell = if unknown_unit { &row.unit } else { &row.cpts };
            Some(format!("{what} `{cell}`: {reason}"))
        })
    }

    /// Save the current decisions (temp file + rename: a killed server leaves the old file
    /// or the new one, never a part).
    fn save(&self) -> Result<(), Refusal> {
        write_file_atomic(&self.decisions_path, &csv_bytes(self.rows()), &self.inputs)
            .map_err(|e| Refusal::Save(e.to_string()))
    }

    /// The rows an edit leads to.
    fn edited(&self, edit: &Edit) -> Result<Vec<Row>, Refusal> {
        let mut rows = self.rows().to_vec();
        let row = |unit: &str, cpts: &str, decision: &str| Row {
            unit: unit.trim().to_string(),
            cpts: cpts.trim().to_string(),
            decision: decision.to_string(),
        };
        let nonempty = |units: &[String]| {
            if units.is_empty() {
                Err(Refusal::Bad("units: name at least one unit".into()))
            } else {
                Ok(())
            }
        };
        let cpts_given = |cpts: &str| {
            if cpts.trim().is_empty() || cpts.trim() == "new:" {
                Err(Refusal::Bad("cpts: name a CPTS id or new:NAME".into()))
            } else {
                Ok(())
            }
        };
        match edit {
            Edit::Assign { units, cpts } => {
                nonempty(units)?;
                cpts_given(cpts)?;
                // A unit's earlier assignment is replaced, not repeated.
                rows.retain(|r| !(r.decision == "assign" && units.contains(&r.unit)));
                rows.extend(units.iter().map(|u| row(u, cpts, "assign")));
            }
            Edit::Forbid { units, cpts } => {
                nonempty(units)?;
                cpts_given(cpts)?;
                rows.extend(units.iter().map(|u| row(u, cpts, "forbid")));
            }
            Edit::Lock { cpts } => {
                cpts_given(cpts)?;
                rows.push(row("", cpts, "forbid"));
            }
            Edit::Unlock { cpts } => {
                rows.retain(|r| !(r.unit.is_empty() && r.cpts == cpts.trim()));
            }
            Edit::Clear { units } => {
                nonempty(units)?;
                rows.retain(|r| !units.contains(&r.unit));
            }
            Edit::Complete => rows.extend(self.completion()),
        }
        Ok(rows)
    }

    /// An `assign` row for every unit of a zone no decision touches, to the plan's target
    /// (a new CPTS by its name).
    fn completion(&self) -> Vec<Row> {
        let run = &self.run;
        let units = &run.zoning.coverage.territory.units;
        let listing = &run.zoning.coverage.listing;
        let mut out = Vec::new();
        for (z, zone) in run.zoning.zones.iter().enumerate() {
            if run.zone_decided(z) {
                continue;
            }
            for &u in &zone.units {
                let Some(t) = run.plan.target_of[u] else {
                    continue;
                };
                let target = &run.plan.targets[t];
                let cpts = match target.kind {
                    TargetKind::Existing(c) => listing.cpts[c].id.clone(),
                    TargetKind::New { .. } => format!("new:{}", target.name),
                };
                out.push(Row {
                    unit: units[u].code.clone(),
                    cpts,
                    decision: "assign".into(),
                });
            }
        }
        out
    }
}

/// Whether the decisions can be saved at `path`: not a folder, not one of `inputs` (checked
/// before anything is read, so that the first edit does not find out; nothing is written yet).
pub fn check_save_path(path: &std::path::Path, inputs: &[PathBuf]) -> Result<(), Error> {
    let canonical = |p: &std::path::Path| std::fs::canonicalize(p).ok();
    let is_input =
        canonical(path).is_some_and(|c| inputs.iter().any(|i| canonical(i).as_ref() == Some(&c)));
    if path.is_dir() || is_input {
        return Err(Error::Setting(format!(
            "--decisions {}: {}; give the CSV file the table saves its decisions to",
            path.display(),
            if is_input {
                "this is an input of the run"
            } else {
                "this is a folder"
            }
        )));
    }
    Ok(())
}

fn undo_word(forward: bool) -> &'static str {
    if forward { "redo" } else { "undo" }
}

/// `assign` or `forbid` as a decisions file writes it (free-text labels are the reader's).
fn decision_word(word: &str) -> Option<&'static str> {
    match word.trim().to_lowercase().as_str() {
        "assign" | "" => Some("assign"),
        "forbid" => Some("forbid"),
        _ => None,
    }
}

/// The decisions file: `unit,cpts,decision`, one row per decision, CSV quoting.
pub fn csv_bytes(rows: &[Row]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let written = (|| -> csv::Result<Vec<u8>> {
        out.write_record(["unit", "cpts", "decision"])?;
        for row in rows {
            out.write_record([&row.unit, &row.cpts, &row.decision])?;
        }
        out.into_inner().map_err(|e| e.into_error().into())
    })();
    // Writing to a vector cannot fail.
    written.unwrap_or_default()
}
