//! Why a row of an input could not be used (`unresolved.csv`), in English and French: codes that
//! resolve to no unit, evidence rows, CPTS polygons, decisions that cannot be honoured (S8).

use super::Lang;
use crate::model::format::thousands;

/// Why a row could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum RowReason {
    /// The commune code cell is empty.
    EmptyCommuneCode,
    /// No commune of the reference or the layer has this code.
    UnknownCommuneCode,
    /// No arrondissement has this code.
    UnknownArrondissementCode,
    /// The reference does not know this code.
    UnknownCode,
    /// The arrondissement belongs to another city than the row's commune code.
    ArrondissementOfOtherCity {
        /// The arrondissement's code.
        arrondissement: String,
        /// Its city.
        city: String,
        /// The row's commune code.
        code: String,
    },
    /// A city counted by its arrondissements (S1): the row must name the arrondissement.
    GiveTheArrondissement,
    /// A city counted by its arrondissements (S1): a population row not applied.
    SplitCityNotApplied,
    /// A former code of a city counted by its arrondissements.
    FormerCodeOfSplitCity {
        /// The city's current code.
        current: String,
    },
    /// A former code in a population table.
    FormerCodeInPopulation {
        /// The current code.
        current: String,
    },
    /// The origin of a flow.
    FlowOrigin(Box<RowReason>),
    /// The destination of a flow.
    FlowDestination(Box<RowReason>),
    /// An MSP's commune.
    Msp(Box<RowReason>),
    /// The commune of an indicator row.
    Indicator(Box<RowReason>),
    /// An indicator cell that is not a number (secret statistique, text).
    IndicatorNotANumber {
        /// The column's header.
        column: String,
    },
    /// A register row names no zone blanche of the run.
    RegisterUnknownZone,
    /// A CPTS feature has no geometry.
    CptsWithoutGeometry,
    /// A CPTS polygon covers no unit enough (S2).
    PolygonCoversNoUnit {
        /// The share of a unit's area it must cover, percent.
        min_overlap_pct: f64,
    },
    /// A decision of the task force that cannot be honoured (S8).
    DecisionNotApplied(Box<RowReason>),
    /// The decision names no CPTS of the listing.
    UnknownCptsId,
    /// An empty unit only goes with `forbid` of an existing CPTS.
    EmptyUnitNeedsForbid,
    /// The decision's unit is unknown or outside the study area.
    UnknownUnitOrOutside,
    /// No zone blanche of the run has this key.
    UnknownZoneKey,
    /// `forbid` must name an existing CPTS.
    ForbidNamesExisting,
    /// The assignment would take the CPTS over the cap.
    OverCap {
        /// The CPTS's population with the unit.
        population: u64,
    },
    /// The assignment would not be contiguous.
    NotContiguous,
    /// The assignment would not be contiguous; assigning these uncovered units too (the
    /// chain with the fewest inhabitants) would join the unit to its target (S8 amendment).
    NotContiguousJoinedBy {
        /// The chain's units: (name, code), from the unit towards the target.
        chain: Vec<(String, String)>,
        /// Their population.
        population: u64,
    },
    /// The unit is covered already.
    UnitCovered,
    /// The unit has no geometry.
    UnitWithoutGeometry,
    /// The unit's zone does not touch the reporting area.
    ZoneOutsideArea,
    /// An earlier row assigned the unit.
    AlreadyAssigned,
    /// Another row forbids the same CPTS for the unit.
    ForbiddenByAnotherRow,
    /// The CPTS is below the stage that counts as covered: it cannot be extended.
    CptsBelowStage,
}

impl RowReason {
    pub(super) fn say(&self, lang: Lang) -> String {
        let (en, fr): (String, String) = match self {
            RowReason::FlowOrigin(inner) => (
                format!("flow origin: {}", inner.say(lang)),
                format!("origine du flux : {}", inner.say(lang)),
            ),
            RowReason::FlowDestination(inner) => (
                format!("flow destination: {}", inner.say(lang)),
                format!("destination du flux : {}", inner.say(lang)),
            ),
            RowReason::Msp(inner) => (
                format!("MSP: {}", inner.say(lang)),
                format!("MSP : {}", inner.say(lang)),
            ),
            RowReason::Indicator(inner) => (
                format!("indicator: {}", inner.say(lang)),
                format!("indicateur : {}", inner.say(lang)),
            ),
            RowReason::IndicatorNotANumber { column } => (
                format!("`{column}` is not a number: the unit has no value for it"),
                format!(
                    "`{column}` n'est pas un nombre : l'unité n'a pas de valeur pour cet indicateur"
                ),
            ),
            RowReason::RegisterUnknownZone => pair(
                "register: no zone blanche of this run has this key (Z- + the code of its most populous commune: see zones.csv)",
                "registre : aucune zone blanche de cette analyse n'a cette clé (Z- + le code de sa commune la plus peuplée : voir zones.csv)",
            ),
            RowReason::DecisionNotApplied(inner) => (
                format!("decision not applied: {}", inner.say(lang)),
                format!("décision non appliquée : {}", inner.say(lang)),
            ),
            RowReason::ArrondissementOfOtherCity {
                arrondissement,
                city,
                code,
            } => (
                format!("arrondissement {arrondissement} belongs to {city}, not to {code}"),
                format!("l'arrondissement {arrondissement} appartient à {city}, pas à {code}"),
            ),
            RowReason::FormerCodeOfSplitCity { current } => (
                format!("former code of {current}, a city counted by its arrondissements"),
                format!("ancien code de {current}, ville comptée par arrondissements"),
            ),
            RowReason::FormerCodeInPopulation { current } => (
                format!("former code (now {current}): population tables must use current codes"),
                format!(
                    "ancien code (aujourd'hui {current}) : les tables de population doivent utiliser les codes en vigueur"
                ),
            ),
            RowReason::PolygonCoversNoUnit { min_overlap_pct } => {
                let pct = lang.decimals(*min_overlap_pct, 0);
                (
                    format!("the polygon covers no unit of the study area at ≥ {pct} %"),
                    format!("le polygone ne couvre aucune unité de la zone d'étude à ≥ {pct} %"),
                )
            }
            RowReason::OverCap { population } => {
                let population = thousands(*population);
                (
                    format!("it would take the CPTS over the cap ({population} inh.)"),
                    format!("elle porterait la CPTS au-delà du plafond ({population} hab.)"),
                )
            }

            RowReason::EmptyCommuneCode => pair("empty commune code", "code commune vide"),
            RowReason::UnknownCommuneCode => pair("unknown commune code", "code commune inconnu"),
            RowReason::UnknownArrondissementCode => pair(
                "unknown arrondissement code",
                "code d'arrondissement inconnu",
            ),
            RowReason::UnknownCode => pair("unknown code", "code inconnu"),
            RowReason::GiveTheArrondissement => pair(
                "city counted by its arrondissements (S1): give the arrondissement code",
                "ville comptée par arrondissements (S1) : donner le code de l'arrondissement",
            ),
            RowReason::SplitCityNotApplied => pair(
                "city counted by its arrondissements (S1): row not applied",
                "ville comptée par arrondissements (S1) : ligne non appliquée",
            ),
            RowReason::CptsWithoutGeometry => pair(
                "CPTS feature without geometry",
                "entité CPTS sans géométrie",
            ),
            other => other.decision_pair().unwrap_or_default(),
        };
        match lang {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    /// The reasons of a decision that cannot be honoured (S8), in English and French; `None`
    /// for the other reasons.
    fn decision_pair(&self) -> Option<(String, String)> {
        Some(match self {
            RowReason::UnknownCptsId => pair(
                "unknown CPTS (give a listing id or name, or new:NAME for a new CPTS)",
                "CPTS inconnue (donner un identifiant ou un nom de la liste, ou new:NOM pour une nouvelle CPTS)",
            ),
            RowReason::UnknownZoneKey => pair(
                "no zone blanche of this run has this key (Z- + the code of its most populous commune: see zones.csv)",
                "aucune zone blanche de cette analyse n'a cette clé (Z- + le code de sa commune la plus peuplée : voir zones.csv)",
            ),
            RowReason::EmptyUnitNeedsForbid => pair(
                "an empty unit only goes with `forbid` of an existing CPTS (it refuses every extension)",
                "une unité vide ne va qu'avec `forbid` d'une CPTS existante (elle refuse toute extension)",
            ),
            RowReason::UnknownUnitOrOutside => pair(
                "unknown commune code or name, or outside the study area",
                "code ou nom de commune inconnu, ou hors de la zone d'étude",
            ),
            RowReason::ForbidNamesExisting => pair(
                "`forbid` names an existing CPTS",
                "`forbid` désigne une CPTS existante",
            ),
            RowReason::NotContiguous => pair(
                "the unit shares no border with that CPTS nor with the units decided for it: the territory would not be contiguous",
                "l'unité ne partage aucune frontière avec cette CPTS ni avec les unités qui lui sont attribuées : le territoire ne serait pas d'un seul tenant",
            ),
            RowReason::NotContiguousJoinedBy { chain, population } => {
                let units: Vec<String> = chain
                    .iter()
                    .map(|(name, code)| format!("{name} ({code})"))
                    .collect();
                let (units, population) = (units.join(", "), thousands(*population));
                (
                    format!(
                        "the unit shares no border with that CPTS nor with the units decided for it; assigning also {units} — {population} inh. — would join them"
                    ),
                    format!(
                        "l'unité ne partage aucune frontière avec cette CPTS ni avec les unités qui lui sont attribuées ; attribuer aussi {units} — {population} hab. — les relierait"
                    ),
                )
            }
            RowReason::UnitCovered => pair(
                "the unit is covered: there is nothing to assign",
                "l'unité est couverte : il n'y a rien à attribuer",
            ),
            RowReason::UnitWithoutGeometry => pair(
                "the unit has no geometry: it cannot be placed contiguously",
                "l'unité n'a pas de géométrie : elle ne peut être rattachée d'un seul tenant",
            ),
            RowReason::ZoneOutsideArea => pair(
                "the unit's zone blanche does not touch the reporting area",
                "la zone blanche de l'unité ne touche pas le territoire du rapport",
            ),
            RowReason::AlreadyAssigned => pair(
                "the unit is already assigned by an earlier row",
                "l'unité est déjà attribuée par une ligne précédente",
            ),
            RowReason::ForbiddenByAnotherRow => pair(
                "the same CPTS is forbidden for this unit by another row",
                "la même CPTS est interdite pour cette unité par une autre ligne",
            ),
            RowReason::CptsBelowStage => pair(
                "the CPTS is below the stage that counts as covered (--min-stage): it cannot be extended",
                "la CPTS est en dessous de l'étape qui compte comme couverte : elle ne peut pas être étendue",
            ),
            _ => return None,
        })
    }
}

/// A reason without figures, in English and French.
fn pair(en: &str, fr: &str) -> (String, String) {
    (en.to_string(), fr.to_string())
}
