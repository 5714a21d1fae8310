//! The message catalogue: every sentence the engine composes for people — option rationales,
//! plan reasons, the reasons a row could not be used, the terminal's words — held as typed
//! phrases and written in English or French, both languages side by side. A French output
//! never goes through English words: each phrase is written in its language, numbers with a
//! decimal comma in French.

mod options;
mod plan;
mod rows;
mod words;

use std::fmt;

pub use options::{NewCptsFigures, OptionPhrase};
pub use plan::{Note, OptionRef, Passed, PlanPhrase};
pub use rows::RowReason;
pub use words::Words;

/// The language of the sentences: the terminal, the sentence columns of the tables
/// (`rationale`, `reason`); the report is French. Headers and JSON keys never change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (the default of the CSV files and the terminal: stable for scripts).
    #[default]
    En,
    /// French.
    Fr,
}

impl Lang {
    /// `en`, `fr` (or `english`, `français`…), any case.
    ///
    /// ```
    /// use zones_blanches::Lang;
    /// assert_eq!(Lang::parse("FR"), Some(Lang::Fr));
    /// assert_eq!(Lang::parse("de"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "en" | "english" | "anglais" => Some(Lang::En),
            "fr" | "french" | "français" | "francais" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The words of the terminal's lines in this language.
    pub fn words(self) -> &'static Words {
        words::of(self)
    }

    /// A number with `places` decimals: a decimal point in English, a comma in French.
    pub fn decimals(self, value: f64, places: usize) -> String {
        let text = format!("{value:.places$}");
        match self {
            Lang::En => text,
            Lang::Fr => text.replace('.', ","),
        }
    }

    /// What separates the clauses of a sentence: `; ` in English, ` ; ` in French.
    fn semicolon(self) -> &'static str {
        match self {
            Lang::En => "; ",
            Lang::Fr => " ; ",
        }
    }

    /// `inh.` or `hab.`
    fn inh(self) -> &'static str {
        match self {
            Lang::En => "inh.",
            Lang::Fr => "hab.",
        }
    }
}

/// One phrase of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Phrase {
    /// A clause of an option's rationale.
    Option(OptionPhrase),
    /// Why a unit of the plan goes where it goes.
    Plan(PlanPhrase),
    /// Why a row of an input could not be used.
    Row(RowReason),
}

impl Phrase {
    fn say(&self, lang: Lang) -> String {
        match self {
            Phrase::Option(p) => p.say(lang),
            Phrase::Plan(p) => p.say(lang),
            Phrase::Row(p) => p.say(lang),
        }
    }
}

/// A sentence the engine composes: its phrases, said in either language, clauses joined by
/// semicolons. `to_string()` says it in English.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use zones_blanches::{Inputs, Lang, Stage, run_plan};
/// let run = run_plan(&Inputs::demo(), Stage::Li)?;
/// let rationale = &run.options[0][0].rationale;
/// assert!(rationale.to_string().contains("inh."));
/// assert!(rationale.say(Lang::Fr).contains("hab."));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text(Vec<Phrase>);

impl Text {
    /// The sentence in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        self.0
            .iter()
            .map(|p| p.say(lang))
            .collect::<Vec<_>>()
            .join(lang.semicolon())
    }

    /// Rename the plan targets its phrases name (`#N3` → `N-04209`, S8 amendment).
    pub(crate) fn rename_targets(&mut self, rename: &std::collections::BTreeMap<String, String>) {
        for phrase in &mut self.0 {
            if let Phrase::Plan(
                PlanPhrase::LeftoverJoins { target, .. }
                | PlanPhrase::IslandJoins { target }
                | PlanPhrase::LeftoverNew { target, .. },
            ) = phrase
                && let Some(id) = rename.get(target.as_str())
            {
                target.clone_from(id);
            }
        }
    }

    /// Whether the sentence has no phrase.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Add a clause.
    pub(crate) fn push(&mut self, phrase: impl Into<Phrase>) {
        self.0.push(phrase.into());
    }

    /// The EPCI this text says are cut (S11), as a clause of their own.
    pub(crate) fn epci_cut(&self) -> Option<Phrase> {
        self.0.iter().find_map(|p| match p {
            Phrase::Option(OptionPhrase::Epci { cut, groups, .. }) if !cut.is_empty() => {
                Some(Phrase::Option(OptionPhrase::Epci {
                    kept: Vec::new(),
                    cut: cut.clone(),
                    groups: *groups,
                }))
            }
            _ => None,
        })
    }

    /// Add the clauses there are.
    pub(crate) fn extend<P: Into<Phrase>>(&mut self, phrases: impl IntoIterator<Item = P>) {
        self.0.extend(phrases.into_iter().map(Into::into));
    }
}

macro_rules! phrase_kind {
    ($kind:ident, $variant:ident) => {
        impl From<$kind> for Phrase {
            fn from(p: $kind) -> Phrase {
                Phrase::$variant(p)
            }
        }

        impl From<$kind> for Text {
            fn from(p: $kind) -> Text {
                Text(vec![Phrase::$variant(p)])
            }
        }
    };
}

phrase_kind!(OptionPhrase, Option);
phrase_kind!(PlanPhrase, Plan);
phrase_kind!(RowReason, Row);

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl Eq for Text {}

/// Sentences sort as their English words (rows of `unresolved.csv` with the same file, row
/// and value).
impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.to_string().cmp(&other.to_string())
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// `count` with its noun in the singular or the plural.
fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Words that only English sentences hold (with their spaces, so that French words that contain
/// them do not count): a French output holds none of them (the catalogue's test, and the tests
/// of French runs and reports, through the hidden `bench` module).
pub(crate) const ENGLISH_MARKERS: &[&str] = &[
    " the ",
    " of ",
    " inh.",
    "unknown",
    "follows",
    "sharing",
    "extend ",
    "create ",
    "outline",
    "embedded",
    " with ",
    " flows",
    "new CPTS",
    " units",
    "across",
    "neighbour",
    " is ",
    " by ",
    "over the cap",
    "island",
    "below the",
    "left by",
    "stays with",
    "decided by",
    "decision not",
    "no geometry",
    " row ",
    "former code",
    " empty",
    "cannot",
    "mentors",
    "compactness",
    "temporarily",
    " to ",
    " not ",
    "below",
    "zone's",
    " go ",
    "former",
    "city",
    "names an",
    "already",
    "MSP in",
    " stay",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SizeClass, Stage};

    fn new_cpts(n: usize) -> NewCptsFigures {
        NewCptsFigures {
            populations: (1..=n as u64).map(|k| 10_000 * k).collect(),
            class: SizeClass::T1,
            compactness: 0.41,
        }
    }

    fn option_ref(kind: &'static str) -> OptionRef {
        OptionRef {
            rank: 2,
            kind,
            cpts: (kind != "create").then(|| "CPTS du Nord".to_string()),
        }
    }

    /// One of every phrase of the catalogue.
    fn every_phrase() -> Vec<Phrase> {
        let stage = Some(Stage::Aci);
        let mut phrases: Vec<Phrase> = vec![
            OptionPhrase::Extend {
                cpts: "CPTS du Nord".into(),
                stage,
                border_m: 18_040.0,
                border_share: 0.32,
                before: 35_284,
                after: 66_055,
            }
            .into(),
            OptionPhrase::ExtendBySea {
                cpts: "CPTS du Nord".into(),
                stage,
                before: 1,
                after: 2,
            }
            .into(),
            OptionPhrase::FlowsGoThere { share: 0.5 }.into(),
            OptionPhrase::OverCap { cap: 250_000 }.into(),
            OptionPhrase::Create(new_cpts(1)).into(),
            OptionPhrase::Create(new_cpts(3)).into(),
            OptionPhrase::Create(new_cpts(5)).into(),
            OptionPhrase::Mentor {
                cpts: "CPTS du Nord".into(),
                before: 1,
                during: 2,
                new: new_cpts(1),
            }
            .into(),
            OptionPhrase::LeftToNeighbours {
                units: 3,
                population: 1_200,
            }
            .into(),
            OptionPhrase::MspInZone { count: 2 }.into(),
            OptionPhrase::FlowsStayInside { share: 0.7 }.into(),
            OptionPhrase::ExistingProjects {
                named: vec![("CPTS X".into(), Some(Stage::Li))],
                more: true,
                kept: true,
            }
            .into(),
            OptionPhrase::Epci {
                kept: vec!["CA Cannes Pays de Lérins".into()],
                cut: vec!["CC du Pays de Fayence".into()],
                groups: false,
            }
            .into(),
            OptionPhrase::Epci {
                kept: vec!["BV Grasse".into()],
                cut: vec!["BV Cannes".into()],
                groups: true,
            }
            .into(),
            OptionPhrase::Split {
                parts: vec![
                    ("CPTS A".into(), 116_288, 139_405, vec!["CA X".into()]),
                    ("CPTS B".into(), 28_914, 30_664, vec!["CC Y".into()]),
                ],
                groups: false,
            }
            .into(),
            OptionPhrase::Split {
                parts: vec![("CPTS A".into(), 1, 2, vec!["BV X".into()])],
                groups: true,
            }
            .into(),
            OptionPhrase::Sparse { threshold: 7_500 }.into(),
            OptionPhrase::Mature {
                named: vec!["CPTS X".into()],
                new: new_cpts(1),
            }
            .into(),
            OptionPhrase::AroundProjects {
                named: vec!["CPTS X".into()],
            }
            .into(),
            OptionPhrase::AroundMsp {
                communes: vec!["Sisteron".into()],
            }
            .into(),
        ];
        for kind in ["extend", "create", "mentor"] {
            for why in [
                Passed::NotFeasible,
                Passed::RuledOut,
                Passed::NoLongerFits,
                Passed::GrowsTooMuch,
                Passed::Encloses,
            ] {
                phrases.push(
                    PlanPhrase::Follows {
                        option: option_ref("extend"),
                        passed: Some((option_ref(kind), why)),
                    }
                    .into(),
                );
            }
        }
        let notes = [
            Note::CommuneOverCap {
                code: "13055".into(),
                name: "Marseille".into(),
                population: 870_000,
            },
            Note::NoSplitUnderCap {
                units: 4,
                cap: 250_000,
            },
            Note::IslandAlone { km: 50.0 },
            Note::BelowCreateThreshold { threshold: 20_000 },
            Note::GrowsBeyondClass {
                before: 35_284,
                after: 112_384,
            },
        ];
        for note in notes {
            phrases.push(
                PlanPhrase::LeftoverNew {
                    target: "Z0003-N1".into(),
                    note: Some(note),
                }
                .into(),
            );
        }
        phrases.extend([
            PlanPhrase::LeftoverJoins {
                target: "C1".into(),
                across: false,
            }
            .into(),
            PlanPhrase::LeftoverJoins {
                target: "C1".into(),
                across: true,
            }
            .into(),
            PlanPhrase::IslandJoins {
                target: "C1".into(),
            }
            .into(),
            PlanPhrase::Matured {
                cpts: "CPTS X".into(),
                stage: Some(Stage::Li),
                asked: Stage::Aci,
            }
            .into(),
            PlanPhrase::Decided {
                file: "decisions.csv".into(),
                row: 3,
            }
            .into(),
            PlanPhrase::NoGeometry.into(),
        ]);
        let rows = [
            RowReason::EmptyCommuneCode,
            RowReason::UnknownCommuneCode,
            RowReason::UnknownArrondissementCode,
            RowReason::UnknownCode,
            RowReason::ArrondissementOfOtherCity {
                arrondissement: "13201".into(),
                city: "13055".into(),
                code: "69123".into(),
            },
            RowReason::GiveTheArrondissement,
            RowReason::SplitCityNotApplied,
            RowReason::FormerCodeOfSplitCity {
                current: "75056".into(),
            },
            RowReason::FormerCodeInPopulation {
                current: "01001".into(),
            },
            RowReason::FlowOrigin(Box::new(RowReason::UnknownCode)),
            RowReason::FlowDestination(Box::new(RowReason::EmptyCommuneCode)),
            RowReason::Msp(Box::new(RowReason::GiveTheArrondissement)),
            RowReason::Indicator(Box::new(RowReason::UnknownCode)),
            RowReason::IndicatorNotANumber {
                column: "apl:mean".into(),
            },
            RowReason::RegisterUnknownZone,
            RowReason::CptsWithoutGeometry,
            RowReason::PolygonCoversNoUnit {
                min_overlap_pct: 50.0,
            },
            RowReason::UnknownCptsId,
            RowReason::EmptyUnitNeedsForbid,
            RowReason::UnknownUnitOrOutside,
            RowReason::ForbidNamesExisting,
            RowReason::OverCap {
                population: 260_000,
            },
            RowReason::NotContiguous,
            RowReason::NotContiguousJoinedBy {
                chain: vec![("Tanneron".into(), "83133".into())],
                population: 1_650,
            },
            RowReason::UnknownZoneKey,
            RowReason::UnitCovered,
            RowReason::UnitWithoutGeometry,
            RowReason::ZoneOutsideArea,
            RowReason::AlreadyAssigned,
            RowReason::ForbiddenByAnotherRow,
            RowReason::CptsBelowStage,
        ];
        for row in rows {
            phrases.push(RowReason::DecisionNotApplied(Box::new(row.clone())).into());
            phrases.push(row.into());
        }
        phrases
    }

    #[test]
    fn every_phrase_is_said_in_french_without_an_english_word() {
        for phrase in every_phrase() {
            let (en, fr) = (phrase.say(Lang::En), phrase.say(Lang::Fr));
            assert!(!en.is_empty() && !fr.is_empty(), "{phrase:?}");
            assert_ne!(en, fr, "{phrase:?}");
            for word in ENGLISH_MARKERS {
                assert!(
                    !fr.contains(word),
                    "{word:?} in the French of {phrase:?}: {fr}"
                );
            }
            // Numbers with decimals take a comma in French.
            let point = fr.char_indices().any(|(i, c)| {
                c == '.'
                    && fr[..i].ends_with(|d: char| d.is_ascii_digit())
                    && fr[i + 1..].starts_with(|d: char| d.is_ascii_digit())
            });
            assert!(!point, "decimal point in {fr}");
        }
    }

    #[test]
    fn a_sentence_joins_its_clauses_as_each_language_does() {
        let mut text = Text::from(OptionPhrase::Extend {
            cpts: "CPTS du Gapençais".into(),
            stage: Some(Stage::Aci),
            border_m: 3_800.0,
            border_share: 0.32,
            before: 135_532,
            after: 197_461,
        });
        text.push(OptionPhrase::FlowsGoThere { share: 0.5 });
        assert_eq!(
            text.to_string(),
            "extend CPTS du Gapençais (ACI signé), sharing 3.8 km (32 % of the zone's outline); 135\u{a0}532 → 197\u{a0}461 inh. (taille 4); 50 % of the zone's flows go there"
        );
        assert_eq!(
            text.say(Lang::Fr),
            "étendre CPTS du Gapençais (ACI signé), frontière commune de 3,8 km (32 % du contour de la zone) ; 135\u{a0}532 → 197\u{a0}461 hab. (taille 4) ; 50 % des flux de la zone y vont"
        );
        let follows = Text::from(PlanPhrase::Follows {
            option: OptionRef {
                rank: 2,
                kind: "extend",
                cpts: Some("CPTS B".into()),
            },
            passed: Some((
                OptionRef {
                    rank: 1,
                    kind: "extend",
                    cpts: Some("CPTS A".into()),
                },
                Passed::RuledOut,
            )),
        });
        assert_eq!(
            follows.say(Lang::Fr),
            "suit l'option 2 (extension de CPTS B) : l'option 1 (extension de CPTS A) est écartée par une décision de la task force"
        );
    }
}
