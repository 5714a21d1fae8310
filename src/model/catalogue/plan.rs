//! Why a unit of the plan goes where it goes (S6, S8), and why a plan target departs from the
//! rules, in English and French.

use super::Lang;
use crate::model::Stage;
use crate::model::format::thousands;

/// An option of a zone as a reason names it: its rank (from 1), kind and CPTS.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionRef {
    /// Its rank among the zone's options, from 1.
    pub rank: usize,
    /// `extend`, `create` or `mentor`.
    pub kind: &'static str,
    /// The CPTS it extends or that mentors, by name.
    pub cpts: Option<String>,
}

impl OptionRef {
    /// "option 2 (extend CPTS B)", "l'option 2 (extension de CPTS B)".
    fn say(&self, lang: Lang) -> String {
        let name = self.cpts.as_deref().unwrap_or("");
        match lang {
            Lang::En => {
                let name = if name.is_empty() {
                    String::new()
                } else {
                    format!(" {name}")
                };
                format!("option {} ({}{name})", self.rank, self.kind)
            }
            Lang::Fr => {
                let what = match self.kind {
                    "extend" => format!("extension de {name}"),
                    "mentor" => format!("accompagnement par {name}"),
                    _ if name.is_empty() => "création".to_string(),
                    _ => format!("création {name}"),
                };
                format!("l'option {} ({what})", self.rank)
            }
        }
    }
}

/// Why the plan passed over an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passed {
    /// The option is not feasible (over the cap).
    NotFeasible,
    /// A decision of the task force rules it out (S8).
    RuledOut,
    /// The CPTS has grown since and no longer has room.
    NoLongerFits,
    /// The CPTS would grow by more size classes than the plan allows (S11).
    GrowsTooMuch,
    /// The CPTS would enclose another CPTS (S11).
    Encloses,
}

impl Passed {
    fn say(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Passed::NotFeasible, Lang::En) => "is not feasible",
            (Passed::NotFeasible, Lang::Fr) => "n'est pas réalisable",
            (Passed::RuledOut, Lang::En) => "is ruled out by a decision of the task force",
            (Passed::RuledOut, Lang::Fr) => "est écartée par une décision de la task force",
            (Passed::NoLongerFits, Lang::En) => "no longer fits under the cap",
            (Passed::NoLongerFits, Lang::Fr) => "ne tient plus sous le plafond",
            (Passed::Encloses, Lang::En) => "would make the CPTS enclose another one",
            (Passed::Encloses, Lang::Fr) => "ferait encercler une autre CPTS par la CPTS étendue",
            (Passed::GrowsTooMuch, Lang::En) => {
                "would make the CPTS grow by more than one size class through the plan"
            }
            (Passed::GrowsTooMuch, Lang::Fr) => {
                "ferait grandir la CPTS de plus d'une classe de taille au fil du plan"
            }
        }
    }
}

/// Why a plan target departs from the rules (`plan.geojson`'s `note`, and the reasons of its
/// units).
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// A commune alone is over the cap.
    CommuneOverCap {
        /// Its code.
        code: String,
        /// Its name.
        name: String,
        /// Its population.
        population: u64,
    },
    /// No contiguous split keeps every part under the cap.
    NoSplitUnderCap {
        /// The units of the part.
        units: usize,
        /// The cap, inhabitants.
        cap: u64,
    },
    /// An island with no CPTS with room across the sea.
    IslandAlone {
        /// How far across the sea the engine looked, km.
        km: f64,
    },
    /// A part below the create threshold that no neighbour has room for.
    BelowCreateThreshold {
        /// The threshold, inhabitants.
        threshold: u64,
    },
    /// A CPTS that grows by more than the size classes allowed: no other option (S11).
    GrowsBeyondClass {
        /// Its population before the plan.
        before: u64,
        /// Its population after.
        after: u64,
    },
}

impl Note {
    /// The note in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            Note::CommuneOverCap {
                code,
                name,
                population,
            } => {
                let population = thousands(*population);
                if fr {
                    format!(
                        "au-delà du plafond : la commune {code} {name} compte à elle seule {population} hab."
                    )
                } else {
                    format!("over the cap: the commune {code} {name} alone has {population} inh.")
                }
            }
            Note::NoSplitUnderCap { units, cap } => {
                let cap = thousands(*cap);
                if fr {
                    format!(
                        "au-delà du plafond : aucun découpage d'un seul tenant de ces {units} unités ne garde chaque partie sous {cap} hab."
                    )
                } else {
                    format!(
                        "over the cap: no contiguous split of these {units} units keeps every part under {cap} inh."
                    )
                }
            }
            Note::IslandAlone { km } => {
                if fr {
                    format!(
                        "île : aucune CPTS n'a la place à moins de {} km par la mer ; proposée comme CPTS à part entière",
                        km.to_string().replace('.', ",")
                    )
                } else {
                    format!(
                        "island: no CPTS with room within {km} km across the sea; proposed as its own CPTS"
                    )
                }
            }
            Note::GrowsBeyondClass { before, after } => {
                let (from, to) = (
                    crate::model::SizeClass::of_population(*before).as_str(),
                    crate::model::SizeClass::of_population(*after).as_str(),
                );
                let (before, after) = (thousands(*before), thousands(*after));
                if fr {
                    format!(
                        "grandit de {before} à {after} hab. ({from} → {to}) : plus d'une classe de taille, faute d'autre option pour ces zones"
                    )
                } else {
                    format!(
                        "grows from {before} to {after} inh. ({from} → {to}): more than one size class, for want of another option for these zones"
                    )
                }
            }
            Note::BelowCreateThreshold { threshold } => {
                let threshold = thousands(*threshold);
                if fr {
                    format!(
                        "sous le seuil de création ({threshold} hab.) : aucun territoire voisin n'a la place pour ces unités"
                    )
                } else {
                    format!(
                        "below the create threshold ({threshold} inh.): no neighbouring territory has room for these units"
                    )
                }
            }
        }
    }
}

/// Why a unit of the plan goes where it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanPhrase {
    /// It follows an option of its zone, perhaps after passing over a better-ranked one.
    Follows {
        /// The option followed.
        option: OptionRef,
        /// The first option passed over, and why.
        passed: Option<(OptionRef, Passed)>,
    },
    /// Left by its zone's option, it joins the neighbour with the longest border and room.
    LeftoverJoins {
        /// The target's id.
        target: String,
        /// A new CPTS joined across a région or département border, for want of any other
        /// target (S11).
        across: bool,
    },
    /// An island joining the nearest CPTS with room across the sea.
    IslandJoins {
        /// The target's id.
        target: String,
    },
    /// Left by its zone's option with no neighbour with room: a new CPTS.
    LeftoverNew {
        /// The new CPTS's id.
        target: String,
        /// Why the new CPTS departs from the rules, if it does.
        note: Option<Note>,
    },
    /// It stays with its CPTS project, below the stage asked, to be matured.
    Matured {
        /// The project's name.
        cpts: String,
        /// Its stage.
        stage: Option<Stage>,
        /// The stage that counts as covered.
        asked: Stage,
    },
    /// The task force decided it (S8).
    Decided {
        /// The decisions file.
        file: String,
        /// Its row.
        row: usize,
    },
    /// It has no geometry: it cannot be placed.
    NoGeometry,
}

impl PlanPhrase {
    pub(super) fn say(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            PlanPhrase::Follows { option, passed } => {
                let option = option.say(lang);
                match (passed, fr) {
                    (None, false) => format!("follows {option}"),
                    (None, true) => format!("suit {option}"),
                    (Some((other, why)), false) => {
                        format!("follows {option}: {} {}", other.say(lang), why.say(lang))
                    }
                    (Some((other, why)), true) => {
                        format!("suit {option} : {} {}", other.say(lang), why.say(lang))
                    }
                }
            }
            PlanPhrase::LeftoverJoins { target, across } => {
                let mut said = if fr {
                    format!(
                        "laissée par l'option de sa zone : rejoint {target}, le voisin avec lequel elle partage la plus longue frontière et qui a la place"
                    )
                } else {
                    format!(
                        "left by its zone's option: joins {target}, the neighbour with which it shares the longest border and that has room"
                    )
                };
                if *across {
                    said.push_str(if fr {
                        ", au-delà de la limite de département ou de région faute de toute autre cible"
                    } else {
                        ", across a département or région border for want of any other target"
                    });
                }
                said
            }
            PlanPhrase::IslandJoins { target } => {
                if fr {
                    format!(
                        "île : rejoint {target}, la CPTS la plus proche qui ait la place, par la mer"
                    )
                } else {
                    format!("island: joins {target}, the nearest CPTS with room across the sea")
                }
            }
            PlanPhrase::LeftoverNew { target, note } => {
                let note = note
                    .as_ref()
                    .map(|n| format!(" ({})", n.say(lang)))
                    .unwrap_or_default();
                if fr {
                    format!(
                        "laissée par l'option de sa zone, sans voisin qui ait la place : nouvelle CPTS {target}{note}"
                    )
                } else {
                    format!(
                        "left by its zone's option, with no neighbour with room: new CPTS {target}{note}"
                    )
                }
            }
            PlanPhrase::Matured { cpts, stage, asked } => {
                let stage = stage.map_or("", |s| s.label_fr());
                if fr {
                    format!(
                        "reste avec sa CPTS {cpts} ({stage}) : l'option est de la faire mûrir jusqu'à l'étape demandée ({})",
                        asked.label_fr()
                    )
                } else {
                    format!(
                        "stays with its CPTS {cpts} ({stage}): the option is to mature it to the stage asked (--min-stage {})",
                        asked.as_str()
                    )
                }
            }
            PlanPhrase::Decided { file, row } => {
                if fr {
                    format!("décidé par la task force ({file} ligne {row})")
                } else {
                    format!("decided by the task force ({file} row {row})")
                }
            }
            PlanPhrase::NoGeometry => if fr {
                "sans géométrie : elle ne peut être rattachée d'un seul tenant"
            } else {
                "no geometry: it cannot be placed contiguously"
            }
            .to_string(),
        }
    }
}
