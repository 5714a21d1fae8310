//! Domain vocabulary: maturity stages (S3), ACI size classes (S6), unit kinds, notices and code
//! helpers; the settings a message names ([`setting`]) and the message catalogue ([`catalogue`]).

pub mod catalogue;
pub mod date;
pub mod format;
pub mod setting;

use catalogue::Text;

use std::fmt;

/// Maturity stage of a CPTS project, ordered as in SEMANTICS.md S3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Pré-projet / émergence: not yet counted as covered.
    Preprojet,
    /// Lettre d'intention validée: covered from here on.
    Li,
    /// Projet de santé validé.
    Ps,
    /// ACI signé, CPTS en fonctionnement.
    Aci,
}

impl Stage {
    /// All stages, lowest first.
    pub const ALL: [Stage; 4] = [Stage::Preprojet, Stage::Li, Stage::Ps, Stage::Aci];

    /// Canonical machine label used in every output (`preprojet`, `li`, `ps`, `aci`).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Preprojet => "preprojet",
            Stage::Li => "li",
            Stage::Ps => "ps",
            Stage::Aci => "aci",
        }
    }

    /// French label for people.
    pub fn label_fr(self) -> &'static str {
        match self {
            Stage::Preprojet => "pré-projet",
            Stage::Li => "lettre d'intention validée",
            Stage::Ps => "projet de santé validé",
            Stage::Aci => "ACI signé",
        }
    }

    /// S3: a unit is covered from the validated lettre d'intention on.
    pub fn is_covered(self) -> bool {
        self >= Stage::Li
    }

    /// Parse a messy French label (case-, accent- and punctuation-insensitive), per S3.
    /// Returns `None` for an unknown label.
    pub fn parse_label(label: &str) -> Option<Stage> {
        let key = normalize_label(label);
        let stage = match key.as_str() {
            "preprojet" | "pre projet" | "emergence" | "en emergence" | "projet emergent" => {
                Stage::Preprojet
            }
            "li"
            | "lettre d intention"
            | "lettre d intention validee"
            | "lettre intention"
            | "lettre intention validee"
            | "li validee" => Stage::Li,
            "ps" | "projet de sante" | "projet de sante valide" | "ps valide" => Stage::Ps,
            "aci" | "aci signe" | "contrat" | "contrat signe" | "en fonctionnement" => Stage::Aci,
            _ => return None,
        };
        Some(stage)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A cell or property whose text is not a valid value of its field (the caller names the place).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidValue;

/// Lowercase, strip French accents, turn every non-alphanumeric run into one space.
/// Used to match stage labels and column headers written by hand.
pub(crate) fn normalize_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.trim().chars() {
        let base = fold_accent(ch);
        if base.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(base.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Map an accented Latin letter to its base letter (French accents and ligatures' first letter).
fn fold_accent(ch: char) -> char {
    match ch {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => 'a',
        'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => 'A',
        'ç' => 'c',
        'Ç' => 'C',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'î' | 'ï' | 'í' | 'ì' => 'i',
        'Î' | 'Ï' | 'Í' | 'Ì' => 'I',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
        'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => 'O',
        'û' | 'ü' | 'ù' | 'ú' => 'u',
        'Û' | 'Ü' | 'Ù' | 'Ú' => 'U',
        'ÿ' => 'y',
        'Ÿ' => 'Y',
        'œ' => 'o',
        'Œ' => 'O',
        'æ' => 'a',
        'Æ' => 'A',
        other => other,
    }
}

/// Overseas collectivités where the plan 100 % CPTS applies (S1): Saint-Pierre-et-Miquelon,
/// Saint-Barthélemy, Saint-Martin. Each is its own "département" scope, in no région.
pub const PLAN_COLLECTIVITES: [&str; 3] = ["975", "977", "978"];

/// Whether a commune of the COG (by its `zone` and département) is in the territory of the
/// plan (S1): metropolitan France, the DROM and [`PLAN_COLLECTIVITES`]; not Polynésie,
/// Nouvelle-Calédonie, Wallis-et-Futuna.
pub fn in_plan_territory(zone: &str, departement: &str) -> bool {
    matches!(zone, "metro" | "drom" | "") || PLAN_COLLECTIVITES.contains(&departement)
}

/// Display order of a unit's stage in maps and reports: ACI signé 0, projet de santé 1, lettre
/// d'intention 2, pré-projet 3, no CPTS 4.
pub fn display_rank(stage: Option<Stage>) -> usize {
    match stage {
        Some(Stage::Aci) => 0,
        Some(Stage::Ps) => 1,
        Some(Stage::Li) => 2,
        Some(Stage::Preprojet) => 3,
        None => 4,
    }
}

/// ACI size class by population (S6): taille 1 < 40 000 ≤ taille 2 < 80 000 ≤ taille 3 < 175 000 ≤ taille 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SizeClass {
    /// Below 40 000 inhabitants.
    T1,
    /// 40 000 to 80 000.
    T2,
    /// 80 000 to 175 000.
    T3,
    /// 175 000 and more.
    T4,
}

impl SizeClass {
    /// The size class of a population.
    pub fn of_population(population: u64) -> SizeClass {
        match population {
            p if p < 40_000 => SizeClass::T1,
            p if p < 80_000 => SizeClass::T2,
            p if p < 175_000 => SizeClass::T3,
            _ => SizeClass::T4,
        }
    }

    /// `taille 1` … `taille 4`.
    pub fn as_str(self) -> &'static str {
        match self {
            SizeClass::T1 => "taille 1",
            SizeClass::T2 => "taille 2",
            SizeClass::T3 => "taille 3",
            SizeClass::T4 => "taille 4",
        }
    }
}

/// What kind of unit a code names (S1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A commune.
    Commune,
    /// A municipal arrondissement of Paris, Lyon or Marseille.
    Arrondissement,
}

/// Clean a commune code typed by hand or exported from Excel: trims, uppercases `2a`/`2b`,
/// restores the leading zero Excel strips from numeric codes (`1001` → `01001`, `1001.0` → `01001`).
pub(crate) fn clean_code(raw: &str) -> String {
    let mut code = raw.trim().trim_matches('"').trim().to_ascii_uppercase();
    if let Some(stripped) = code.strip_suffix(".0")
        && stripped.bytes().all(|b| b.is_ascii_digit())
    {
        code = stripped.to_string();
    }
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
        code.insert(0, '0');
    }
    code
}

/// A zone's stable key: `Z-` + the code of its most populous unit (S8 amendment).
pub fn zone_key(main_code: &str) -> String {
    format!("Z-{main_code}")
}

/// Département code of a commune code: 3 characters overseas (97x, 98x), else 2.
pub(crate) fn departement_of_code(code: &str) -> &str {
    if code.len() >= 3 && (code.starts_with("97") || code.starts_with("98")) {
        &code[..3]
    } else if code.len() >= 2 {
        &code[..2]
    } else {
        code
    }
}

/// Every kind of [`Notice`] (the `kind` of a warning in `summary.json`); a prepared territory
/// stores its notices by kind and reads them back through this list.
pub const NOTICE_KINDS: &[&str] = &[
    "city_feature_dropped",
    "code_not_in_cog",
    "context_left_out",
    "decision_refused",
    "decisions_repeated",
    "former_code_feature",
    "former_codes_resolved",
    "geometry_repaired",
    "group_rows_outside_study_area",
    "indicator_columns_ignored",
    "indicator_rows_merged",
    "indicator_values_missing",
    "inconsistent_cpts_rows",
    "layer_gaps",
    "listing_header_row",
    "no_geometry",
    "overlap_conflicts",
    "partial_layer",
    "register_rows_repeated",
    "population_rows_outside_study_area",
    "populations_rounded",
    "rows_outside_study_area",
    "stage_labels_read",
    "units_without_geometry",
    "units_without_group",
    "unresolved",
    "unused_listing_column",
];

/// Something about the inputs the user should know; none of these stop the run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Notice {
    /// What it is about: `partial_layer`, `former_codes_resolved`…
    pub kind: &'static str,
    /// The sentence.
    pub message: String,
}

/// A row of a table that could not be tied to a unit (written to `unresolved.csv`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unresolved {
    /// The file.
    pub file: String,
    /// The row (spreadsheet numbering), or the feature number of a layer.
    pub row: usize,
    /// The value that could not be used.
    pub value: String,
    /// Why, in either language.
    pub reason: Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kind of every notice the sources build (a `Notice` literal with a quoted kind).
    fn notice_kinds_in(dir: &std::path::Path, out: &mut std::collections::BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                notice_kinds_in(&path, out);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            for (at, _) in text.match_indices("Notice {") {
                let after: String = text[at..].chars().take(120).collect();
                if let Some(start) = after.find("kind: \"") {
                    let rest = &after[start + 7..];
                    out.insert(rest[..rest.find('"').expect("closing quote")].to_string());
                }
            }
        }
    }

    #[test]
    fn every_notice_kind_of_the_code_is_listed() {
        let mut kinds = std::collections::BTreeSet::new();
        notice_kinds_in(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut kinds,
        );
        assert!(kinds.len() > 10, "{kinds:?}");
        let listed: std::collections::BTreeSet<String> =
            NOTICE_KINDS.iter().map(|k| k.to_string()).collect();
        assert_eq!(kinds, listed);
    }

    #[test]
    fn s3_stage_labels_are_matched_case_and_accent_insensitively() {
        let cases = [
            ("pré-projet", Stage::Preprojet),
            ("PRE-PROJET", Stage::Preprojet),
            ("Émergence", Stage::Preprojet),
            ("préprojet", Stage::Preprojet),
            ("LI", Stage::Li),
            ("Lettre d'intention", Stage::Li),
            ("LETTRE D'INTENTION VALIDEE", Stage::Li),
            ("lettre d’intention validée", Stage::Li),
            ("PS", Stage::Ps),
            ("Projet de santé", Stage::Ps),
            ("PROJET DE SANTE VALIDE", Stage::Ps),
            ("ACI", Stage::Aci),
            ("Aci signe", Stage::Aci),
            ("ACI signé", Stage::Aci),
            ("Contrat signé", Stage::Aci),
            ("contrat", Stage::Aci),
            ("En fonctionnement", Stage::Aci),
            ("  aci  ", Stage::Aci),
        ];
        for (label, stage) in cases {
            assert_eq!(Stage::parse_label(label), Some(stage), "{label}");
        }
        assert_eq!(Stage::parse_label("en cours"), None);
        assert_eq!(Stage::parse_label(""), None);
    }

    #[test]
    fn s3_stages_are_ordered_and_covered_from_li() {
        assert!(Stage::Preprojet < Stage::Li && Stage::Li < Stage::Ps && Stage::Ps < Stage::Aci);
        assert!(!Stage::Preprojet.is_covered());
        assert!(Stage::Li.is_covered() && Stage::Aci.is_covered());
    }

    #[test]
    fn s6_size_classes_follow_aci_thresholds() {
        assert_eq!(SizeClass::of_population(39_999), SizeClass::T1);
        assert_eq!(SizeClass::of_population(40_000), SizeClass::T2);
        assert_eq!(SizeClass::of_population(79_999), SizeClass::T2);
        assert_eq!(SizeClass::of_population(80_000), SizeClass::T3);
        assert_eq!(SizeClass::of_population(174_999), SizeClass::T3);
        assert_eq!(SizeClass::of_population(175_000), SizeClass::T4);
    }

    #[test]
    fn codes_from_excel_get_their_leading_zero_back() {
        assert_eq!(clean_code("1001"), "01001");
        assert_eq!(clean_code("1001.0"), "01001");
        assert_eq!(clean_code(" 2a004 "), "2A004");
        assert_eq!(clean_code("75056"), "75056");
        assert_eq!(departement_of_code("97411"), "974");
        assert_eq!(departement_of_code("2B033"), "2B");
    }
}
