//! What a task force follows beside coverage: indicators joined onto the units (`--indicators`),
//! the indicator zones are ranked by (`--priority`), and the register of what was done with
//! each zone (`--register`), matched to the zones of the run by their keys.

use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::inputs::indicators::Indicators;
use crate::inputs::register::{Register, RegisterEntry, status_at};
use crate::model::catalogue::RowReason;
use crate::model::setting::Setting;
use crate::model::{Notice, Unresolved};
use crate::territory::Territory;
use crate::territory::cog::Cog;
use crate::zones::WhiteZones;
use chrono::NaiveDate;

/// The monitoring inputs of a run, as read.
#[derive(Debug, Clone, Default)]
pub struct Monitoring {
    /// Indicators per unit (`--indicators`).
    pub indicators: Option<Indicators>,
    /// The indicator zones are ranked by (`--priority`): its index in `indicators`.
    pub priority: Option<usize>,
    /// The indicator counting professionals (`--professionals`): its index in `indicators`.
    pub professionals: Option<usize>,
    /// The task force's register (`--register`).
    pub register: Option<Register>,
}

impl Monitoring {
    /// Read the indicators and the register of `inputs`; `--priority` must name an indicator.
    pub(crate) fn load(inputs: &Inputs, territory: &Territory, cog: &Cog) -> Result<Monitoring> {
        let indicators = inputs
            .indicators
            .as_ref()
            .map(|s| Indicators::load(s, territory, cog))
            .transpose()?;
        let priority = indicator(Setting::Priority, inputs.priority.as_deref(), &indicators)?;
        let professionals = indicator(
            Setting::Professionals,
            inputs.professionals.as_deref(),
            &indicators,
        )?;
        let register = inputs.register.as_ref().map(Register::load).transpose()?;
        Ok(Monitoring {
            indicators,
            priority,
            professionals,
            register,
        })
    }

    /// The rows and warnings the indicator table adds to the run's findings.
    pub(crate) fn findings(&self) -> (Vec<Unresolved>, Vec<Notice>) {
        match &self.indicators {
            Some(i) => (i.unresolved.clone(), i.notices.clone()),
            None => (Vec::new(), Vec::new()),
        }
    }

    /// The name of the priority indicator.
    pub fn priority_name(&self) -> Option<&str> {
        let i = self.priority?;
        Some(self.indicators.as_ref()?.indicators[i].name.as_str())
    }
}

/// The index of the indicator a setting names (`--priority`, `--professionals`).
fn indicator(
    setting: Setting,
    name: Option<&str>,
    indicators: &Option<Indicators>,
) -> Result<Option<usize>> {
    let Some(name) = name else {
        return Ok(None);
    };
    let Some(table) = indicators else {
        return Err(Error::Setting(format!(
            "{setting} `{name}` names an indicator: give the indicator table ({})",
            Setting::Indicators
        )));
    };
    let found = table.position(name).ok_or_else(|| {
        Error::Setting(format!(
            "{setting} `{name}`: {} has no such indicator; its indicators are: {}",
            table.source,
            table
                .indicators
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    Ok(Some(found))
}

/// The register matched to the zones of a run.
#[derive(Debug, Clone, Default)]
pub struct ZoneRegister {
    /// For each zone (index), its register rows (indices into the register's entries) in the
    /// order of its story: by date, undated rows first, then file order.
    pub of_zone: Vec<Vec<usize>>,
    /// Rows whose key names no zone blanche of the run.
    pub unknown: Vec<usize>,
}

impl ZoneRegister {
    /// Match `register` to `zones` by zone key.
    pub(crate) fn of(register: &Register, zones: &WhiteZones) -> ZoneRegister {
        let by_key: std::collections::HashMap<&str, usize> = zones
            .iter()
            .enumerate()
            .map(|(z, zone)| (zone.key.as_str(), z))
            .collect();
        let mut out = ZoneRegister {
            of_zone: vec![Vec::new(); zones.len()],
            unknown: Vec::new(),
        };
        for (i, entry) in register.entries.iter().enumerate() {
            match by_key.get(entry.zone.as_str()) {
                Some(&z) => out.of_zone[z].push(i),
                None => out.unknown.push(i),
            }
        }
        for rows in &mut out.of_zone {
            rows.sort_by_key(|&i| (register.entries[i].date, register.entries[i].row));
        }
        out
    }

    /// The zone's current register row: its last.
    pub fn current<'a>(&self, register: &'a Register, z: usize) -> Option<&'a RegisterEntry> {
        self.of_zone[z].last().map(|&i| &register.entries[i])
    }

    /// The zone's register row at `date`: its last dated on or before it.
    pub fn at<'a>(
        &self,
        register: &'a Register,
        z: usize,
        date: NaiveDate,
    ) -> Option<&'a RegisterEntry> {
        let rows: Vec<&RegisterEntry> = self.of_zone[z]
            .iter()
            .map(|&i| &register.entries[i])
            .collect();
        status_at(&rows, date)
    }

    /// The rows naming no zone of the run, for `unresolved.csv`, and a warning when a zone has
    /// several undated rows (its story cannot be told in order).
    pub(crate) fn findings(&self, register: &Register) -> (Vec<Unresolved>, Vec<Notice>) {
        let unresolved = self
            .unknown
            .iter()
            .map(|&i| {
                let e = &register.entries[i];
                Unresolved {
                    file: register.source.clone(),
                    row: e.row,
                    value: e.zone.clone(),
                    reason: RowReason::RegisterUnknownZone.into(),
                }
            })
            .collect();
        let undated = self
            .of_zone
            .iter()
            .filter(|rows| {
                rows.iter()
                    .filter(|&&i| register.entries[i].date.is_none())
                    .count()
                    > 1
            })
            .count();
        let notices = if undated > 0 {
            vec![Notice {
                kind: "register_rows_repeated",
                message: format!(
                    "{}: {undated} zones have several undated rows: their current status is their last row in the file",
                    register.source
                ),
            }]
        } else {
            Vec::new()
        };
        (unresolved, notices)
    }
}

impl super::ZonesRun {
    /// The priority indicator (`--priority`) over every zone, in zone order: the sum, or the
    /// mean weighted by population, of its units with a value.
    pub fn priorities(&self) -> Option<Vec<Option<f64>>> {
        let monitoring = &self.coverage.monitoring;
        let (table, i) = (monitoring.indicators.as_ref()?, monitoring.priority?);
        let territory = &self.coverage.territory;
        Some(
            self.zones
                .iter()
                .map(|z| table.aggregate(i, z.units.iter().copied(), territory).value)
                .collect(),
        )
    }

    /// The zones in the order the report lists them: by the priority indicator, highest
    /// first (zones without a value last), with `--priority`; by population otherwise.
    pub fn report_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.zones.len()).collect();
        if let Some(values) = self.priorities() {
            order.sort_by(|&a, &b| {
                let key = |z: usize| values[z].unwrap_or(f64::NEG_INFINITY);
                key(b).total_cmp(&key(a)).then(a.cmp(&b))
            });
        }
        order
    }

    /// The zone's current register row, with `--register`.
    pub fn register_now(&self, z: usize) -> Option<&RegisterEntry> {
        let register = self.coverage.monitoring.register.as_ref()?;
        self.register.as_ref()?.current(register, z)
    }
}
