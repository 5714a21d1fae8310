//! The clauses of an option's rationale (S6), in English and French: what the option does
//! and the evidence that weighs on it.

use super::Lang;
use crate::model::format::thousands;
use crate::model::{SizeClass, Stage};

/// The new CPTS an option forms: their populations, the size class of the largest, and their
/// population-weighted compactness.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCptsFigures {
    /// Population of each new CPTS.
    pub populations: Vec<u64>,
    /// Size class of the largest.
    pub class: SizeClass,
    /// Population-weighted compactness.
    pub compactness: f64,
}

impl NewCptsFigures {
    /// `45 000`, `12 000 + 30 000`, or a range when there are more than three.
    fn populations(&self) -> String {
        let min = self.populations.iter().min().copied().unwrap_or(0);
        let max = self.populations.iter().max().copied().unwrap_or(0);
        if self.populations.len() > 3 {
            format!("{} – {}", thousands(min), thousands(max))
        } else {
            self.populations
                .iter()
                .map(|&p| thousands(p))
                .collect::<Vec<_>>()
                .join(" + ")
        }
    }

    /// "a new CPTS of 45 000 inh. (taille 2), compactness 0.41", "3 new CPTS of …"; `article`:
    /// whether a single CPTS takes its article.
    fn say(&self, lang: Lang, article: bool) -> String {
        let populations = self.populations();
        let compactness = lang.decimals(self.compactness, 2);
        let n = self.populations.len();
        match (lang, n) {
            (Lang::En, 1) => format!(
                "{}new CPTS of {populations} inh. ({}), compactness {compactness}",
                if article { "a " } else { "" },
                self.class.as_str()
            ),
            (Lang::En, _) => {
                format!("{n} new CPTS of {populations} inh., compactness {compactness}")
            }
            (Lang::Fr, 1) => format!(
                "une nouvelle CPTS de {populations} hab. ({}), compacité {compactness}",
                self.class.as_str()
            ),
            (Lang::Fr, _) => {
                format!("{n} nouvelles CPTS de {populations} hab., compacité {compactness}")
            }
        }
    }
}

/// A clause of an option's rationale.
#[derive(Debug, Clone, PartialEq)]
pub enum OptionPhrase {
    /// Extend a neighbouring CPTS, sharing a border with the zone.
    Extend {
        /// The CPTS's name.
        cpts: String,
        /// Its stage.
        stage: Option<Stage>,
        /// The border it shares with the zone, metres.
        border_m: f64,
        /// That border's share of the zone's outline.
        border_share: f64,
        /// Its population before.
        before: u64,
        /// Its population after.
        after: u64,
    },
    /// Extend the nearest CPTS across the sea (an island).
    ExtendBySea {
        /// The CPTS's name.
        cpts: String,
        /// Its stage.
        stage: Option<Stage>,
        /// Its population before.
        before: u64,
        /// Its population after.
        after: u64,
    },
    /// The share of the zone's flows that go to the CPTS.
    FlowsGoThere {
        /// A share in [0, 1].
        share: f64,
    },
    /// The option takes a CPTS over the cap.
    OverCap {
        /// The cap, inhabitants.
        cap: u64,
    },
    /// Create new CPTS.
    Create(NewCptsFigures),
    /// Mature the zone's projects over it (S11: existing projects first).
    Mature {
        /// The projects' names.
        named: Vec<String>,
        /// The territories they become.
        new: NewCptsFigures,
    },
    /// A mature CPTS extends temporarily while it mentors new CPTS.
    Mentor {
        /// The mentor's name.
        cpts: String,
        /// Its population before.
        before: u64,
        /// Its population while it mentors.
        during: u64,
        /// The new CPTS it mentors.
        new: NewCptsFigures,
    },
    /// Units of the zone left to the neighbouring territories.
    LeftToNeighbours {
        /// How many units.
        units: usize,
        /// Their population.
        population: u64,
    },
    /// The MSP of the zone.
    MspInZone {
        /// How many.
        count: usize,
    },
    /// The share of the zone's flows that stay inside the new CPTS.
    FlowsStayInside {
        /// A share in [0, 1].
        share: f64,
    },
    /// The EPCI (groups) of the zone an option keeps whole and those it cuts (S11).
    Epci {
        /// Names of the EPCI whose part ends with the territory holding them.
        kept: Vec<String>,
        /// Names of the EPCI cut.
        cut: Vec<String>,
        /// They are the `--groups` file's groups, not EPCI.
        groups: bool,
    },
    /// Share the zone among neighbouring CPTS along its EPCI (S11).
    Split {
        /// Each CPTS: its name, population before and after, and the EPCI of its part.
        parts: Vec<(String, u64, u64, Vec<String>)>,
        /// Along the `--groups` file's groups, not EPCI.
        groups: bool,
    },
    /// The zone is sparse: the lower create threshold applies (S11).
    Sparse {
        /// The threshold, inhabitants.
        threshold: u64,
    },
    /// The new CPTS grow from the zone's existing projects (S11).
    AroundProjects {
        /// The projects' names.
        named: Vec<String>,
    },
    /// The new CPTS are built around the zone's MSP communes (S11).
    AroundMsp {
        /// The communes' names.
        communes: Vec<String>,
    },
    /// The CPTS projects the zone already holds (below the stage asked).
    ExistingProjects {
        /// The first three, named with their stage.
        named: Vec<(String, Option<Stage>)>,
        /// Whether there are more.
        more: bool,
        /// Whether their communes stay with them (projects at `li` or above, to be matured).
        kept: bool,
    },
}

/// `Name (ACI signé)`, the stage in French in both languages (the analysts' words).
fn with_stage(name: &str, stage: Option<Stage>) -> String {
    format!("{name} ({})", stage.map(|s| s.label_fr()).unwrap_or("-"))
}

impl OptionPhrase {
    pub(super) fn say(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            OptionPhrase::Extend {
                cpts,
                stage,
                border_m,
                border_share,
                before,
                after,
            } => {
                let (km, pct) = (
                    lang.decimals(border_m / 1000.0, 1),
                    lang.decimals(100.0 * border_share, 0),
                );
                let (cpts, growth) = (with_stage(cpts, *stage), growth(lang, *before, *after));
                if fr {
                    format!(
                        "étendre {cpts}, frontière commune de {km} km ({pct} % du contour de la zone) ; {growth}"
                    )
                } else {
                    format!(
                        "extend {cpts}, sharing {km} km ({pct} % of the zone's outline); {growth}"
                    )
                }
            }
            OptionPhrase::ExtendBySea {
                cpts,
                stage,
                before,
                after,
            } => {
                let (cpts, growth) = (with_stage(cpts, *stage), growth(lang, *before, *after));
                if fr {
                    format!(
                        "étendre {cpts} par la mer : la zone n'a aucun voisin par la terre ; {growth}"
                    )
                } else {
                    format!(
                        "extend {cpts} across the sea: the zone has no neighbour by land; {growth}"
                    )
                }
            }
            OptionPhrase::FlowsGoThere { share } => {
                let pct = lang.decimals(100.0 * share, 0);
                if fr {
                    format!("{pct} % des flux de la zone y vont")
                } else {
                    format!("{pct} % of the zone's flows go there")
                }
            }
            OptionPhrase::OverCap { cap } => {
                if fr {
                    format!("au-delà du plafond de {} hab.", thousands(*cap))
                } else {
                    format!("over the cap of {} inh.", thousands(*cap))
                }
            }
            OptionPhrase::Mentor {
                cpts,
                before,
                during,
                new,
            } => {
                let (before, during, new) =
                    (thousands(*before), thousands(*during), new.say(lang, false));
                if fr {
                    format!(
                        "{cpts} s'étend temporairement ({before} → {during} hab.) en accompagnant {new}"
                    )
                } else {
                    format!(
                        "{cpts} extends temporarily ({before} → {during} inh.) while it mentors: {new}"
                    )
                }
            }
            OptionPhrase::LeftToNeighbours { units, population } => {
                let population = thousands(*population);
                if fr {
                    format!(
                        "{} ({population} hab.) rejoignent des territoires voisins",
                        super::plural(*units, "unité", "unités")
                    )
                } else {
                    format!("{units} units ({population} inh.) go to neighbouring territories")
                }
            }
            OptionPhrase::MspInZone { count } => {
                if fr {
                    format!("{count} MSP dans la zone")
                } else {
                    format!("{count} MSP in the zone")
                }
            }
            OptionPhrase::FlowsStayInside { share } => {
                let pct = lang.decimals(100.0 * share, 0);
                if fr {
                    format!("{pct} % de ses flux restent dans la zone")
                } else {
                    format!("{pct} % of its flows stay inside")
                }
            }
            OptionPhrase::ExistingProjects { named, more, kept } => {
                existing_projects(lang, named, *more, *kept)
            }
            OptionPhrase::Epci { .. }
            | OptionPhrase::Split { .. }
            | OptionPhrase::Sparse { .. }
            | OptionPhrase::AroundProjects { .. }
            | OptionPhrase::AroundMsp { .. }
            | OptionPhrase::Mature { .. }
            | OptionPhrase::Create(_) => self.say_territory(lang),
        }
    }

    /// The clauses of new territories and of S11: create, mature, EPCI, split, sparse zones,
    /// projects and MSP.
    fn say_territory(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            OptionPhrase::Epci { kept, cut, groups } => epci(lang, kept, cut, *groups),
            OptionPhrase::Sparse { threshold } => {
                let threshold = thousands(*threshold);
                if fr {
                    format!("zone peu dense : seuil de création de {threshold} hab.")
                } else {
                    format!("sparse zone: create threshold {threshold} inh.")
                }
            }
            OptionPhrase::Split { parts, groups } => split(lang, parts, *groups),
            OptionPhrase::AroundProjects { named } => {
                let named = listed(named);
                if fr {
                    format!("à partir du projet existant {named}")
                } else {
                    format!("grown from the existing project {named}")
                }
            }
            OptionPhrase::AroundMsp { communes } => {
                let communes = listed(communes);
                if fr {
                    format!("autour des MSP de {communes}")
                } else {
                    format!("around the MSP of {communes}")
                }
            }
            OptionPhrase::Mature { named, new } => {
                let (named, populations) = (listed(named), new.populations());
                let compactness = lang.decimals(new.compactness, 2);
                let class = new.class.as_str();
                if fr {
                    format!(
                        "faire mûrir {named} sur la zone : {populations} hab. ({class}), compacité {compactness}"
                    )
                } else {
                    format!(
                        "mature {named} over the zone: {populations} inh. ({class}), compactness {compactness}"
                    )
                }
            }
            OptionPhrase::Create(new) => {
                let new = new.say(lang, true);
                if fr {
                    format!("créer {new}")
                } else {
                    format!("create {new}")
                }
            }
            _ => String::new(),
        }
    }
}

/// Up to three names, then `…`.
fn listed(names: &[String]) -> String {
    let mut text = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 3 {
        text.push_str(", …");
    }
    text
}

/// "keeps EPCI together: CA X; cuts EPCI: CC Y" (S11), or of groups.
fn epci(lang: Lang, kept: &[String], cut: &[String], groups: bool) -> String {
    let (kept_word, cut_word) = match (lang, groups) {
        (Lang::Fr, false) => ("EPCI respecté : ", "EPCI coupé : "),
        (Lang::Fr, true) => ("groupe respecté : ", "groupe coupé : "),
        (Lang::En, false) => ("keeps EPCI together: ", "cuts EPCI: "),
        (Lang::En, true) => ("keeps groups together: ", "cuts groups: "),
    };
    let mut said = Vec::new();
    if !kept.is_empty() {
        said.push(format!("{kept_word}{}", listed(kept)));
    }
    if !cut.is_empty() {
        said.push(format!("{cut_word}{}", listed(cut)));
    }
    said.join(lang.semicolon())
}

/// "share the zone along its EPCI: CA X → CPTS A (52 000 → 61 000 inh., taille 2), …".
fn split(lang: Lang, parts: &[(String, u64, u64, Vec<String>)], groups: bool) -> String {
    let said: Vec<String> = parts
        .iter()
        .map(|(cpts, before, after, groups)| {
            format!(
                "{} → {cpts} ({} → {} {}, {})",
                listed(groups),
                thousands(*before),
                thousands(*after),
                lang.inh(),
                SizeClass::of_population(*after).as_str()
            )
        })
        .collect();
    match (lang, groups) {
        (Lang::Fr, false) => format!("partager la zone selon ses EPCI : {}", said.join(", ")),
        (Lang::Fr, true) => format!("partager la zone selon ses groupes : {}", said.join(", ")),
        (Lang::En, false) => format!("share the zone along its EPCI: {}", said.join(", ")),
        (Lang::En, true) => format!("share the zone along its groups: {}", said.join(", ")),
    }
}

/// "35 284 → 66 055 inh. (taille 2)": a CPTS's growth.
fn growth(lang: Lang, before: u64, after: u64) -> String {
    format!(
        "{} → {} {} ({})",
        thousands(before),
        thousands(after),
        lang.inh(),
        SizeClass::of_population(after).as_str()
    )
}

/// "the zone already holds CPTS X (lettre d'intention validée), …: the communes … stay with it".
fn existing_projects(
    lang: Lang,
    named: &[(String, Option<Stage>)],
    more: bool,
    kept: bool,
) -> String {
    let named: Vec<String> = named.iter().map(|(n, s)| with_stage(n, *s)).collect();
    let (named, more) = (named.join(", "), if more { ", …" } else { "" });
    match (lang, kept) {
        (Lang::Fr, true) => format!(
            "la zone compte déjà {named}{more} : les communes d'une CPTS au stade lettre d'intention ou au-delà y restent, à faire mûrir"
        ),
        (Lang::Fr, false) => format!("la zone compte déjà {named}{more}"),
        (Lang::En, true) => format!(
            "the zone already holds {named}{more}: the communes of a CPTS at the lettre d'intention stage or above stay with it, to be matured"
        ),
        (Lang::En, false) => format!("the zone already holds {named}{more}"),
    }
}
