//! The task force's register (`--register`): what has been done with each zone blanche — one row
//! per step, keyed by the zone key of the S8 amendment (`Z-` + the code of its most populous
//! unit): status, date, strategy, whether a coordinator is funded, a comment. A zone's status at
//! a date is its last row dated on or before it; its current status its last row.

use crate::error::{Error, Result};
use crate::io::source::Source;
use crate::io::table::{HeaderRow, RawTable, find_name};
use crate::model::date::parse_date;
use crate::model::normalize_label;
use chrono::NaiveDate;

const ZONE: &[&str] = &["zone", "zone_key", "cle_zone", "cle", "key"];
const STATUS: &[&str] = &["status", "statut", "etat", "etape"];
const DATE: &[&str] = &["date", "date_statut", "date_status", "le"];
const STRATEGY: &[&str] = &["strategy", "strategie", "mode_de_couverture", "mode"];
const COORDINATOR: &[&str] = &[
    "coordinator",
    "coordonnateur",
    "coordinateur",
    "coordonnateur_finance",
    "coordinator_funded",
];
const COMMENT: &[&str] = &["comment", "commentaire", "remarque", "observations", "note"];

/// Where a zone stands in the task force's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RegisterStatus {
    /// `à instruire`.
    ToExamine,
    /// `réunion tenue`.
    MeetingHeld,
    /// `porteur identifié`.
    LeadFound,
    /// `LI signée`: a lettre d'intention is signed.
    LiSigned,
    /// `abandonnée`.
    Abandoned,
}

impl RegisterStatus {
    /// Every status, in the order of the work.
    pub const ALL: [RegisterStatus; 5] = [
        RegisterStatus::ToExamine,
        RegisterStatus::MeetingHeld,
        RegisterStatus::LeadFound,
        RegisterStatus::LiSigned,
        RegisterStatus::Abandoned,
    ];

    /// Its place in [`RegisterStatus::ALL`]: the column of a count by status.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The French label, as the register and the outputs write it.
    pub fn label(self) -> &'static str {
        match self {
            RegisterStatus::ToExamine => "à instruire",
            RegisterStatus::MeetingHeld => "réunion tenue",
            RegisterStatus::LeadFound => "porteur identifié",
            RegisterStatus::LiSigned => "LI signée",
            RegisterStatus::Abandoned => "abandonnée",
        }
    }

    /// A machine key: `to_examine`, `meeting_held`, `lead_found`, `li_signed`, `abandoned`.
    pub fn key(self) -> &'static str {
        match self {
            RegisterStatus::ToExamine => "to_examine",
            RegisterStatus::MeetingHeld => "meeting_held",
            RegisterStatus::LeadFound => "lead_found",
            RegisterStatus::LiSigned => "li_signed",
            RegisterStatus::Abandoned => "abandoned",
        }
    }

    /// A status as a meeting writes it (any case, accents or not, French or English).
    pub fn parse(text: &str) -> Option<RegisterStatus> {
        let label = normalize_label(text);
        let has = |w: &str| label.contains(w);
        Some(match label.as_str() {
            _ if has("abandon") => RegisterStatus::Abandoned,
            _ if (has("li") && (has("sign") || has("valid")))
                || has("lettre d intention")
                || label == "li" =>
            {
                RegisterStatus::LiSigned
            }
            _ if has("porteur") || has("lead") => RegisterStatus::LeadFound,
            _ if has("reunion") || has("meeting") => RegisterStatus::MeetingHeld,
            _ if has("instruire") || has("examine") || has("a faire") || has("todo") => {
                RegisterStatus::ToExamine
            }
            _ => return None,
        })
    }
}

/// One row of the register.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    /// The spreadsheet row.
    pub row: usize,
    /// The zone key, as written (trimmed, upper case).
    pub zone: String,
    /// The status.
    pub status: RegisterStatus,
    /// The date of the status; `None` when not written.
    pub date: Option<NaiveDate>,
    /// The strategy (free text: extension of a CPTS, creation, mentoring…).
    pub strategy: String,
    /// A coordinator is funded: yes, no, or not said.
    pub coordinator: Option<bool>,
    /// The comment.
    pub comment: String,
}

impl RegisterEntry {
    /// Whether a coordinator is funded, as the French outputs write it: `oui`, `non`, or empty
    /// when the row does not say.
    pub fn coordinator_fr(&self) -> &'static str {
        match self.coordinator {
            Some(true) => "oui",
            Some(false) => "non",
            None => "",
        }
    }
}

/// The register as read, rows in file order.
#[derive(Debug, Clone, Default)]
pub struct Register {
    /// The file, as named.
    pub source: String,
    /// Its rows with a zone and a status.
    pub entries: Vec<RegisterEntry>,
    /// Data rows of the file.
    pub rows: usize,
    /// Rows without a status (a template's zones not yet examined): skipped.
    pub rows_without_status: usize,
}

impl Register {
    /// Read a register (CSV or XLSX; title rows above the header are skipped).
    pub fn load(source: &Source) -> Result<Register> {
        let is_header = |cells: &[String]| {
            find_name(cells, ZONE).is_some() && find_name(cells, STATUS).is_some()
        };
        let table = RawTable::read_with(source, None, HeaderRow::Detect(&is_header))?;
        let path = &table.path;
        let need = |aliases: &[&str], what: &str| {
            table.find_column(aliases).ok_or_else(|| {
                Error::input(
                    path,
                    table.header_location(),
                    format!(
                        "no {what} column (looked for {}); the register's columns are zone,status,date,strategy,coordinator,comment; columns are: {}",
                        aliases.join(", "),
                        table.headers.join(", ")
                    ),
                )
            })
        };
        let (zone, status) = (need(ZONE, "zone")?, need(STATUS, "status")?);
        let [date, strategy, coordinator, comment] =
            [DATE, STRATEGY, COORDINATOR, COMMENT].map(|a| table.find_column(a));
        let cell = |row, c: Option<usize>| c.map(|c| RawTable::cell(row, c)).unwrap_or("");
        let mut out = Register {
            source: path.display().to_string(),
            rows: table.rows.len(),
            entries: Vec::new(),
            rows_without_status: 0,
        };
        for row in &table.rows {
            let key = RawTable::cell(row, zone).to_uppercase();
            let status_text = RawTable::cell(row, status);
            if status_text.is_empty() {
                // A row of the template left as it was: nothing recorded for the zone yet.
                out.rows_without_status += 1;
                continue;
            }
            let at = |c: usize| format!("row {}, field `{}`", row.row, table.headers[c]);
            if key.is_empty() {
                return Err(Error::input(
                    path,
                    at(zone),
                    "empty zone key: give the zone's key (Z- + the code of its most populous commune, as in zones.csv)",
                ));
            }
            let status = RegisterStatus::parse(status_text).ok_or_else(|| {
                Error::input(
                    path,
                    at(status),
                    format!(
                        "`{status_text}` is not a status: write one of {}",
                        RegisterStatus::ALL.map(|s| s.label()).join(", ")
                    ),
                )
            })?;
            let date_text = cell(row, date);
            let date_value = parse_date(date_text).map_err(|_| {
                Error::input(
                    path,
                    at(date.unwrap_or(zone)),
                    format!("`{date_text}` is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
                )
            })?;
            let coordinator_text = cell(row, coordinator);
            let coordinator_value = yes_no(coordinator_text).map_err(|_| {
                Error::input(
                    path,
                    at(coordinator.unwrap_or(zone)),
                    format!("`{coordinator_text}` is not yes or no (oui/non)"),
                )
            })?;
            out.entries.push(RegisterEntry {
                row: row.row,
                zone: key,
                status,
                date: date_value,
                strategy: cell(row, strategy).to_string(),
                coordinator: coordinator_value,
                comment: cell(row, comment).to_string(),
            });
        }
        Ok(out)
    }

    /// The rows of each zone key in the order the register tells its story: by date (undated
    /// rows first: their time is not known), then in file order.
    pub fn history(&self) -> std::collections::BTreeMap<&str, Vec<&RegisterEntry>> {
        let mut out: std::collections::BTreeMap<&str, Vec<&RegisterEntry>> = Default::default();
        for e in &self.entries {
            out.entry(e.zone.as_str()).or_default().push(e);
        }
        for rows in out.values_mut() {
            rows.sort_by_key(|e| (e.date, e.row));
        }
        out
    }
}

/// The register's entry for a zone at `date`: its last row dated on or before it.
pub fn status_at<'a>(history: &[&'a RegisterEntry], date: NaiveDate) -> Option<&'a RegisterEntry> {
    history
        .iter()
        .rev()
        .find(|e| e.date.is_some_and(|d| d <= date))
        .copied()
}

fn yes_no(text: &str) -> std::result::Result<Option<bool>, ()> {
    match normalize_label(text).as_str() {
        "" => Ok(None),
        "oui" | "yes" | "o" | "y" | "1" | "true" | "vrai" | "x" | "finance" => Ok(Some(true)),
        "non" | "no" | "n" | "0" | "false" | "faux" | "non finance" => Ok(Some(false)),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_read_as_meetings_write_them() {
        let cases = [
            ("à instruire", RegisterStatus::ToExamine),
            ("A INSTRUIRE", RegisterStatus::ToExamine),
            ("Réunion tenue", RegisterStatus::MeetingHeld),
            ("reunion tenue le 12/03", RegisterStatus::MeetingHeld),
            ("Porteur identifié", RegisterStatus::LeadFound),
            ("LI signée", RegisterStatus::LiSigned),
            ("lettre d'intention signée", RegisterStatus::LiSigned),
            ("Abandonnée", RegisterStatus::Abandoned),
        ];
        for (text, status) in cases {
            assert_eq!(RegisterStatus::parse(text), Some(status), "{text}");
        }
        assert_eq!(RegisterStatus::parse("peut-être"), None);
        for (i, s) in RegisterStatus::ALL.into_iter().enumerate() {
            assert_eq!(RegisterStatus::parse(s.label()), Some(s));
            assert_eq!(s.index(), i);
        }
    }

    #[test]
    fn a_zone_status_at_a_date_is_its_last_row_dated_before() {
        let csv = "zone;statut;date;strategie;coordonnateur;commentaire\n\
                   Z-04209;réunion tenue;2026-03-01;extension;non;\n\
                   Z-04209;à instruire;2026-01-10;;;\n\
                   Z-04209;porteur identifié;15/06/2026;création;oui;Dr X\n";
        let register = Register::load(&Source::memory("register.csv", csv)).expect("register");
        let history = register.history();
        let rows = &history["Z-04209"];
        let d = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").expect("date");
        assert_eq!(
            status_at(rows, d("2026-02-01")).map(|e| e.status),
            Some(RegisterStatus::ToExamine)
        );
        assert_eq!(
            status_at(rows, d("2026-06-15")).map(|e| e.status),
            Some(RegisterStatus::LeadFound)
        );
        assert!(status_at(rows, d("2025-12-31")).is_none());
        assert_eq!(rows.last().map(|e| e.coordinator), Some(Some(true)));
        let bad = "zone,status\nZ-04209,peut-être\n";
        let error = Register::load(&Source::memory("r.csv", bad)).expect_err("bad status");
        assert!(error.to_string().contains("row 2"), "{error}");
    }
}
