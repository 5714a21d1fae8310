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
    /// Stage of each label key, and where the entry comes from (for a conflict's message).
    entries: BTreeMap<String, (Stage, String)>,
}

impl StageMap {
    /// Add one `LABEL=STAGE` entry (STAGE: preprojet, li, ps, aci or any S3 label). A label
    /// already mapped to another stage is an error naming both entries.
    pub fn add_entry(&mut self, entry: &str) -> std::result::Result<(), String> {
        let (label, stage) = entry
            .rsplit_once('=')
            .ok_or_else(|| format!("`{entry}` is not LABEL=STAGE"))?;
        self.add(label, stage, format!("`{}`", entry.trim()))
    }

    fn add(&mut self, label: &str, stage: &str, origin: String) -> std::result::Result<(), String> {
        let key = map_key(label);
        if key.is_empty() {
            return Err(format!("empty label in `{label}={stage}`"));
        }
        let stage = Stage::parse_label(stage).ok_or_else(|| {
            format!("unknown stage `{stage}` for `{label}` (preprojet, li, ps or aci)")
        })?;
        match self.entries.get(&key) {
            Some((earlier, from)) if *earlier != stage => Err(format!(
                "`{}` is mapped to {} by {from} and to {} by {origin}: one label, one stage",
                label.trim(),
                earlier.as_str(),
                stage.as_str()
            )),
            Some(_) => Ok(()),
            None => {
                self.entries.insert(key, (stage, origin));
                Ok(())
            }
        }
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
            let origin = format!("{} row {}", table.path.display(), row.row);
            self.add(
                RawTable::cell(row, label),
                RawTable::cell(row, stage),
                origin,
            )
            .map_err(|message| Error::input(&table.path, format!("row {}", row.row), message))?;
        }
        Ok(())
    }

    /// The stage the map gives `label` (compared as the listing's labels are: case, accents
    /// and punctuation aside), if it maps it.
    pub fn stage_of(&self, label: &str) -> Option<Stage> {
        self.entries.get(&map_key(label)).map(|&(stage, _)| stage)
    }

    /// Whether no label is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Words that say the stage named next to them is being worked towards, not reached: the
/// project is at the stage before it ("LI en cours" = pré-projet, "PS déposé" = LI validée,
/// "LI à déposer" = pré-projet).
const IN_PROGRESS: &[&str] = &[
    "cours",
    "depose",
    "deposee",
    "deposes",
    "deposees",
    "deposer",
    "preparation",
    "construction",
    "attente",
    "instruction",
    "soumis",
    "soumise",
    "redaction",
    "rediger",
    "negociation",
    "elaboration",
    "finalisation",
    "finaliser",
    "transmis",
    "transmise",
    "valider",
    "signer",
];

/// Words that make a label unsafe to read (S3): such a label is unknown, to be mapped with the
/// stage map. A word of refusal or abandon ("refusé", "abandonné"), of absence ("sans LI",
/// "aucune LI"), of an end ("ACI résilié", "fin de l'ACI", "ex-CPTS"), of a future or an aim
/// ("ACI prévu en 2026", "objectif : ACI") or of a revision ("ACI en cours de
/// renouvellement", "projet de santé à revoir") never lets a label be read as the stage it
/// names.
#[rustfmt::skip]
const UNSAFE: &[&str] = &[
    // refusal, abandon, suspension
    "non", "pas", "refus", "refuse", "refusee", "abandon", "abandonne", "abandonnee", "rejet",
    "rejete", "rejetee", "suspendu", "suspendue", "arret", "arrete", "annule", "annulee",
    // absence
    "sans", "aucun", "aucune", "ni", "absence", "absent", "absente", "manquant", "manquante",
    // an end
    "resilie", "resiliee", "resiliation", "denonce", "denoncee", "denonciation", "ex", "dissous",
    "dissoute", "dissolution", "termine", "terminee", "echu", "echue", "expire", "expiree",
    "expiration", "cesse", "cessation", "ferme", "fermee", "fermeture", "caduc", "caduque",
    "retire", "retiree", "retrait", "perdu", "perdue", "ancien", "ancienne",
    // a future, an aim
    "prevu", "prevue", "prevus", "prevues", "prevision", "previsionnel", "previsionnelle",
    "objectif", "objectifs", "cible", "vise", "visee", "envisage", "envisagee", "futur", "future",
    "prochain", "prochaine", "projete", "projetee", "venir",
    // a revision
    "renouvellement", "renouveler", "revoir", "revision", "reviser", "modification", "avenant",
];

/// Whether a label's words hold a word of [`UNSAFE`], `fin` that is not the start of a date
/// ("fin de l'ACI", not "signé fin 2021"), or `pré` before anything but `projet` ("pré-ACI").
fn is_unsafe(key: &str) -> bool {
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1).copied().unwrap_or("");
        UNSAFE.contains(w)
            || (*w == "fin" && !looks_like_date_part(next))
            || (*w == "pre" && next != "projet")
    })
}

/// Connecting words around a date in a cell ("signé le 12/03/2022").
const DATE_WORDS: &[&str] = &["le", "du", "depuis", "au", "en", "date", "a", "compter"];

/// Read a stage label: the user's map first, then the labels of S3, then the free-text rules:
/// the highest stage the label names (ACI/contrat/en fonctionnement > projet de santé/PS >
/// lettre d'intention/LI > pré-projet/émergence/réflexion), lowered by one when a word says
/// it is in progress ("en cours", "déposée", "en préparation"…). A label with a question mark,
/// a word of refusal, absence, end, future or revision ([`UNSAFE`]), or naming no stage is
/// unknown (`None`).
pub fn read_stage_label(label: &str, map: &StageMap) -> Option<StageReading> {
    if let Some(&(stage, _)) = map.entries.get(&map_key(label)) {
        let date = single_date(label);
        return Some(StageReading {
            stage,
            date,
            rule: LabelRule::UserMap,
        });
    }
    let key = normalize_label(label);
    // A question is not an answer ("ACI ?"); a word of absence, end, future or revision.
    if label.contains('?') || is_unsafe(&key) {
        return None;
    }
    if let Some(stage) = Stage::parse_label(label) {
        return Some(StageReading {
            stage,
            date: None,
            rule: LabelRule::Canonical,
        });
    }
    let date = single_date(label);
    let words: Vec<&str> = key
        .split(' ')
        .filter(|w| !w.is_empty() && !looks_like_date_part(w))
        .collect();
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

    /// S3, the free-text rule, on labels as ARS listings hold them: a stage reached is read, a
    /// stage worked towards is the stage before, and a label that says a stage is refused,
    /// absent, ended, planned, under revision or questioned is never read as that stage.
    #[test]
    fn s3_every_kind_of_label_is_read_by_the_rule() {
        use Stage::{Aci, Li, Preprojet, Ps};
        let cases: &[(&str, Option<Stage>)] = &[
            // Reached.
            ("ACI signé", Some(Aci)),
            ("ACI", Some(Aci)),
            ("contrat signé", Some(Aci)),
            ("CPTS en fonctionnement", Some(Aci)),
            ("CPTS en fonctionnement (ACI)", Some(Aci)),
            ("Contrat ACI signé le 12/03/2022", Some(Aci)),
            ("ACI signé fin 2021", Some(Aci)),
            ("PS", Some(Ps)),
            ("PS validé", Some(Ps)),
            ("Projet de santé validé par l'ARS", Some(Ps)),
            ("LI", Some(Li)),
            ("LI validée", Some(Li)),
            ("Lettre d'intention validée le 2023-02-01", Some(Li)),
            ("pré-projet", Some(Preprojet)),
            ("Pré-projet (en réflexion)", Some(Preprojet)),
            ("émergence", Some(Preprojet)),
            ("Projet émergent", Some(Preprojet)),
            // Worked towards: the stage before.
            ("LI en cours", Some(Preprojet)),
            ("Lettre d'intention déposée", Some(Preprojet)),
            ("LI à déposer", Some(Preprojet)),
            ("Projet de santé en cours", Some(Li)),
            ("PS déposé", Some(Li)),
            ("PS en cours de rédaction", Some(Li)),
            ("PS à valider", Some(Li)),
            ("PS en attente de validation", Some(Li)),
            ("Projet de santé en élaboration", Some(Li)),
            ("ACI en cours de signature", Some(Ps)),
            ("ACI à signer", Some(Ps)),
            ("ACI en négociation", Some(Ps)),
            ("PS validé, ACI en cours de signature", Some(Ps)),
            // Refused, abandoned, suspended.
            ("Projet refusé", None),
            ("LI non validée", None),
            ("Abandonné", None),
            ("LI rejetée", None),
            ("PS refusé par l'ARS", None),
            ("Projet suspendu", None),
            ("ACI annulé", None),
            ("CPTS dissoute", None),
            // Ended.
            ("ACI résilié", None),
            ("ACI dénoncé", None),
            ("ACI signé puis résilié", None),
            ("Fin de l'ACI", None),
            ("ex-CPTS (ACI)", None),
            ("ACI expiré", None),
            ("ACI échu", None),
            ("CPTS fermée", None),
            ("Ancienne CPTS (ACI)", None),
            // Planned, aimed at.
            ("ACI prévu en 2026", None),
            ("Objectif : ACI fin 2025", None),
            ("Pré-ACI", None),
            ("ACI visé pour 2026", None),
            ("LI prévue", None),
            ("Signature ACI envisagée", None),
            ("PS cible 2025", None),
            ("Futur ACI", None),
            ("ACI à venir", None),
            // Absent.
            ("Sans LI", None),
            ("Aucune LI", None),
            ("Pas de LI", None),
            ("Pas encore de projet de santé", None),
            ("Absence de LI", None),
            // Under revision.
            ("ACI en cours de renouvellement", None),
            ("Projet de santé à revoir", None),
            ("PS en révision", None),
            ("Avenant ACI", None),
            // Questioned.
            ("ACI ?", None),
            ("LI?", None),
            ("PS (?)", None),
            ("?", None),
            // Naming no stage.
            ("en cours", None),
            ("Dossier complet", None),
            ("", None),
        ];
        assert!(cases.len() >= 60);
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(label, want)| read(label).map(|r| r.0) != *want)
            .map(|(label, want)| format!("{label:?}: {:?}, not {want:?}", read(label)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
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
        // The same label twice: the same stage is one entry, another stage an error naming both.
        assert!(map.add_entry("abandonne = PREPROJET").is_ok());
        let conflict = map.add_entry("Abandonné=aci").unwrap_err();
        assert!(
            conflict.contains("`Abandonné=preprojet`") && conflict.contains("`Abandonné=aci`"),
            "{conflict}"
        );
    }
}
