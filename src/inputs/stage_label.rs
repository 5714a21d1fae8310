//! Stage labels as ARS write them (S3): the canonical labels, rules for free text ("LI en
//! cours", "Contrat ACI signé le 12/03/2022"), and the user's `--stage-map`.

use crate::error::{Error, Result};
use crate::io::table::{HeaderRow, RawTable, find_name};
use crate::model::date::parse_date;
use crate::model::{Stage, normalize_label};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// How a label was read, for the notices that explain it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelRule {
    /// One of the labels of S3 ("LI", "projet de santé validé"…).
    Canonical,
    /// The free-text rules of this module.
    FreeText,
    /// `--stage-map`.
    UserMap,
}

/// The stage a label says, and the date the cell gives with it ("ACI signé le 12/03/2022").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageReading {
    pub stage: Stage,
    /// Date of reaching `stage`, when the cell holds exactly one date.
    pub date: Option<NaiveDate>,
    pub rule: LabelRule,
}

/// Labels mapped by the user (`--stage-map 'LABEL=STAGE'`, `--stage-map-file FILE`), matched
/// after normalization (case, accents, punctuation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageMap {
    entries: BTreeMap<String, Stage>,
}

impl StageMap {
    /// Add one `LABEL=STAGE` entry (STAGE: preprojet, li, ps, aci or any S3 label).
    pub fn add_entry(&mut self, entry: &str) -> std::result::Result<(), String> {
        let (label, stage) = entry
            .rsplit_once('=')
            .ok_or_else(|| format!("`{entry}` is not LABEL=STAGE"))?;
        self.add(label, stage)
    }

    fn add(&mut self, label: &str, stage: &str) -> std::result::Result<(), String> {
        let key = map_key(label);
        if key.is_empty() {
            return Err(format!("empty label in `{label}={stage}`"));
        }
        let stage = Stage::parse_label(stage).ok_or_else(|| {
            format!("unknown stage `{stage}` for `{label}` (preprojet, li, ps or aci)")
        })?;
        self.entries.insert(key, stage);
        Ok(())
    }

    /// Entries from a two-column table (`label`, `stage`; CSV or XLSX).
    pub fn read_file(&mut self, source: &crate::io::source::Source) -> Result<()> {
        const LABEL: &[&str] = &["label", "libelle", "statut", "valeur", "value"];
        const STAGE: &[&str] = &["stage", "etape", "stade", "maturite"];
        let is_header = |names: &[String]| {
            find_name(names, LABEL).is_some() && find_name(names, STAGE).is_some()
        };
        let table = RawTable::read_with(source, None, HeaderRow::Detect(&is_header))?;
        let (Some(label), Some(stage)) = (table.find_column(LABEL), table.find_column(STAGE))
        else {
            return Err(Error::input(
                &table.path,
                table.header_location(),
                format!(
                    "a stage map needs a `label` and a `stage` column; columns are: {}",
                    table.headers.join(", ")
                ),
            ));
        };
        for row in &table.rows {
            self.add(RawTable::cell(row, label), RawTable::cell(row, stage))
                .map_err(|message| {
                    Error::input(&table.path, format!("row {}", row.row), message)
                })?;
        }
        Ok(())
    }

    /// Whether no label is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Words that say the stage named next to them is being worked towards, not reached: the
/// project is at the stage before it ("LI en cours" = pré-projet, "PS déposé" = LI validée).
const IN_PROGRESS: &[&str] = &[
    "cours",
    "depose",
    "deposee",
    "deposes",
    "deposees",
    "preparation",
    "construction",
    "attente",
    "instruction",
    "soumis",
    "soumise",
    "redaction",
    "negociation",
    "elaboration",
    "transmis",
    "transmise",
    "valider",
    "signer",
];

/// Words that make a label unsafe to guess (a refused or abandoned project): such labels
/// must be mapped with `--stage-map`.
const NEGATIONS: &[&str] = &[
    "non",
    "pas",
    "refus",
    "refuse",
    "refusee",
    "abandon",
    "abandonne",
    "abandonnee",
    "rejet",
    "rejete",
    "rejetee",
    "dissoute",
    "suspendu",
    "suspendue",
    "arret",
    "arrete",
    "annule",
    "annulee",
];

/// Connecting words around a date in a cell ("signé le 12/03/2022").
const DATE_WORDS: &[&str] = &["le", "du", "depuis", "au", "en", "date", "a", "compter"];

/// Read a stage label: the user's map first, then the labels of S3, then the free-text rules:
/// the highest stage the label names (ACI/contrat/en fonctionnement > projet de santé/PS >
/// lettre d'intention/LI > pré-projet/émergence/réflexion), lowered by one when a word says
/// it is in progress ("en cours", "déposée", "en préparation"…). A label with a negation
/// ("refusé", "abandonné") or naming no stage is unknown (`None`).
pub fn read_stage_label(label: &str, map: &StageMap) -> Option<StageReading> {
    if let Some(&stage) = map.entries.get(&map_key(label)) {
        let date = single_date(label);
        return Some(StageReading {
            stage,
            date,
            rule: LabelRule::UserMap,
        });
    }
    if let Some(stage) = Stage::parse_label(label) {
        return Some(StageReading {
            stage,
            date: None,
            rule: LabelRule::Canonical,
        });
    }
    let date = single_date(label);
    let key = normalize_label(label);
    let words: Vec<&str> = key
        .split(' ')
        .filter(|w| !w.is_empty() && !looks_like_date_part(w))
        .collect();
    if words.iter().any(|w| NEGATIONS.contains(w)) {
        return None;
    }
    let without_date: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !DATE_WORDS.contains(w))
        .collect();
    if let Some(stage) = Stage::parse_label(&without_date.join(" ")) {
        return Some(StageReading {
            stage,
            date,
            rule: LabelRule::FreeText,
        });
    }
    let named = highest_stage_named(&words)?;
    let in_progress = words.iter().any(|w| IN_PROGRESS.contains(w));
    let stage = if in_progress {
        stage_before(named)
    } else {
        named
    };
    Some(StageReading {
        stage,
        date: if stage == Stage::Preprojet {
            None
        } else {
            date
        },
        rule: LabelRule::FreeText,
    })
}

/// The key of a label in the map: its normalized words, or the trimmed label itself when it
/// has none (`???`).
fn map_key(label: &str) -> String {
    match normalize_label(label) {
        key if key.is_empty() => label.trim().to_lowercase(),
        key => key,
    }
}

/// The highest stage a label's words name, if any.
fn highest_stage_named(words: &[&str]) -> Option<Stage> {
    let text = format!(" {} ", words.join(" "));
    let has = |phrase: &str| text.contains(&format!(" {phrase} "));
    if has("aci") || has("contrat") || has("fonctionnement") {
        Some(Stage::Aci)
    } else if has("projet de sante") || has("projet sante") || has("ps") {
        Some(Stage::Ps)
    } else if has("lettre d intention") || has("lettre intention") || has("li") {
        Some(Stage::Li)
    } else if has("pre projet")
        || has("preprojet")
        || has("emergence")
        || has("emergent")
        || has("reflexion")
        || has("amorcage")
    {
        Some(Stage::Preprojet)
    } else {
        None
    }
}

/// The stage a project working towards `stage` is at.
fn stage_before(stage: Stage) -> Stage {
    match stage {
        Stage::Aci => Stage::Ps,
        Stage::Ps => Stage::Li,
        Stage::Li | Stage::Preprojet => Stage::Preprojet,
    }
}

/// The date of a cell when it holds exactly one (`12/03/2022`, `2022-03-12`…).
fn single_date(label: &str) -> Option<NaiveDate> {
    let mut dates = label
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';' | ':'))
        .map(|t| t.trim_matches(|c: char| !c.is_ascii_digit()))
        .filter(|t| t.len() >= 8)
        .filter_map(|t| parse_date(t).ok().flatten());
    let first = dates.next()?;
    match dates.next() {
        None => Some(first),
        Some(_) => None,
    }
}

/// A normalized word that is part of a date (digits only).
fn looks_like_date_part(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(label: &str) -> Option<(Stage, Option<NaiveDate>)> {
        read_stage_label(label, &StageMap::default()).map(|r| (r.stage, r.date))
    }

    #[test]
    fn s3_labels_as_ars_write_them() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        for (label, stage) in [
            ("Projet de santé en cours", Stage::Li),
            ("LI en cours", Stage::Preprojet),
            ("Lettre d'intention déposée", Stage::Preprojet),
            ("Pré-projet (en réflexion)", Stage::Preprojet),
            ("Projet de santé validé par l'ARS", Stage::Ps),
            ("CPTS en fonctionnement (ACI)", Stage::Aci),
            ("PS validé, ACI en cours de signature", Stage::Ps),
            ("LI validée", Stage::Li),
            ("aci", Stage::Aci),
        ] {
            assert_eq!(read(label).map(|r| r.0), Some(stage), "{label}");
        }
        assert_eq!(
            read("Contrat ACI signé le 12/03/2022"),
            Some((Stage::Aci, d(2022, 3, 12)))
        );
        assert_eq!(
            read("LI validée le 2023-02-01"),
            Some((Stage::Li, d(2023, 2, 1)))
        );
    }

    #[test]
    fn unsafe_or_empty_labels_are_unknown() {
        for label in [
            "Projet refusé",
            "LI non validée",
            "Abandonné",
            "en cours",
            "?",
            "",
        ] {
            assert_eq!(read(label), None, "{label}");
        }
    }

    #[test]
    fn the_user_map_comes_first() {
        let mut map = StageMap::default();
        map.add_entry("Abandonné=preprojet").unwrap();
        map.add_entry("En cours=li").unwrap();
        let reading = read_stage_label("ABANDONNÉ", &map).unwrap();
        assert_eq!(
            (reading.stage, reading.rule),
            (Stage::Preprojet, LabelRule::UserMap)
        );
        assert_eq!(read_stage_label("en cours", &map).unwrap().stage, Stage::Li);
        assert!(map.add_entry("x=bientôt").is_err());
        assert!(map.add_entry("no equals sign").is_err());
    }
}
