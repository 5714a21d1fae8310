//! The words of a map in French (the default: maps go into French reports and slides) or
//! English (`map --lang en`).

use crate::model::Stage;
use crate::model::catalogue::Lang;
use crate::model::format::thousands;

/// The phrases a map writes, in one language.
pub struct MapWords {
    /// The language.
    pub lang: Lang,
}

impl MapWords {
    /// The words of `lang`.
    pub fn of(lang: Lang) -> MapWords {
        MapWords { lang }
    }

    fn pick(&self, en: &'static str, fr: &'static str) -> &'static str {
        match self.lang {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    /// A stage's label.
    pub fn stage(&self, stage: Stage) -> &'static str {
        match (self.lang, stage) {
            (Lang::Fr, s) => s.label_fr(),
            (Lang::En, Stage::Preprojet) => "pre-project",
            (Lang::En, Stage::Li) => "validated letter of intent",
            (Lang::En, Stage::Ps) => "validated health project",
            (Lang::En, Stage::Aci) => "ACI signed",
        }
    }

    /// The legend labels of the five stage classes, in display order.
    pub fn stage_classes(&self) -> [&'static str; 5] {
        match self.lang {
            Lang::Fr => [
                "ACI signé",
                "Projet de santé validé",
                "Lettre d'intention validée",
                "Pré-projet",
                "Aucune CPTS",
            ],
            Lang::En => [
                "ACI signed",
                "Health project validated",
                "Letter of intent validated",
                "Pre-project",
                "No CPTS",
            ],
        }
    }

    /// "Légende".
    pub fn legend(&self) -> &'static str {
        self.pick("Legend", "Légende")
    }

    /// " (non couvert)".
    pub fn not_covered(&self) -> &'static str {
        self.pick(" (not covered)", " (non couvert)")
    }

    /// "12 unités, 3 400 hab.".
    pub fn units_inh(&self, n: usize, population: u64) -> String {
        match self.lang {
            Lang::Fr => format!(
                "{} unité{}, {} hab.",
                thousands(n as u64),
                if n > 1 { "s" } else { "" },
                thousands(population)
            ),
            Lang::En => format!(
                "{} unit{}, {} inh.",
                thousands(n as u64),
                if n == 1 { "" } else { "s" },
                thousands(population)
            ),
        }
    }

    /// "12 unités".
    pub fn units(&self, n: usize) -> String {
        match self.lang {
            Lang::Fr => format!(
                "{} unité{}",
                thousands(n as u64),
                if n > 1 { "s" } else { "" }
            ),
            Lang::En => format!(
                "{} unit{}",
                thousands(n as u64),
                if n == 1 { "" } else { "s" }
            ),
        }
    }

    /// "hab." / "inh.".
    pub fn inh(&self) -> &'static str {
        self.pick("inh.", "hab.")
    }

    /// The grey units beyond the reporting area.
    pub fn neighbours(&self) -> &'static str {
        self.pick(
            "Outside the study area (neighbours)",
            "Hors zone d'étude (voisins)",
        )
    }

    /// A comparison's hatched units.
    pub fn changed(&self, gained: bool) -> &'static str {
        match gained {
            true => self.pick("Became covered", "Devenue couverte"),
            false => self.pick("No longer covered", "Plus couverte"),
        }
    }

    /// The zones' legend line.
    pub fn zones(&self, min_stage: Stage, n: usize, population: u64) -> String {
        match self.lang {
            Lang::Fr => format!(
                "Zone blanche (étape inférieure à « {} ») : {} zone{}, {} hab.",
                self.stage(min_stage),
                n,
                if n > 1 { "s" } else { "" },
                thousands(population)
            ),
            Lang::En => format!(
                "Zone blanche (below “{}”): {} zone{}, {} inh.",
                self.stage(min_stage),
                n,
                if n == 1 { "" } else { "s" },
                thousands(population)
            ),
        }
    }

    /// "Limite de CPTS".
    pub fn cpts_border(&self) -> &'static str {
        self.pick("CPTS border", "Limite de CPTS")
    }

    /// "Limite de département".
    pub fn departement_border(&self) -> &'static str {
        self.pick("Département border", "Limite de département")
    }

    /// The plan's hatches.
    pub fn plan(&self, new: bool) -> &'static str {
        match new {
            true => self.pick("Plan: new CPTS", "Plan : nouvelle CPTS"),
            false => self.pick("Plan: extension of a CPTS", "Plan : extension d'une CPTS"),
        }
    }

    /// ": " in English, " : " in French.
    pub fn colon(&self) -> &'static str {
        self.pick(": ", " : ")
    }

    /// The note on zones left unlabelled.
    pub fn zones_note(&self, labelled: usize, drawn: usize) -> String {
        match self.lang {
            Lang::Fr => format!(
                "Étiquettes : {labelled} zones sur {drawn}, les plus peuplées d'abord ; les autres figurent dans zones.csv."
            ),
            Lang::En => format!(
                "Labels: {labelled} zones of {drawn}, most populated first; the others are in zones.csv."
            ),
        }
    }

    /// The note on CPTS names left out.
    pub fn names_note(&self, named: usize, names: usize) -> String {
        match self.lang {
            Lang::Fr => format!(
                "Noms de CPTS : {named} sur {names}, les plus peuplées d'abord ; les autres n'ont pas trouvé de place."
            ),
            Lang::En => format!(
                "CPTS names: {named} of {names}, most populated first; the others found no room."
            ),
        }
    }

    /// "Marseille (arrondissements)".
    pub fn arrondissements(&self, city: &str) -> String {
        format!("{city} (arrondissements)")
    }

    /// "→ 3 cibles".
    pub fn targets(&self, n: usize) -> String {
        match self.lang {
            Lang::Fr => format!("→ {n} cibles"),
            Lang::En => format!("→ {n} targets"),
        }
    }
}
