//! French for the sentences the engine composes (option rationales, plan reasons, unresolved
//! reasons): the English fragments of its own templates and their French, replaced in order.
//! The report always reads French; `--lang fr` gives the tables' sentence columns in French
//! too. Names and codes inside the sentences are French already and pass through.

/// The language of the sentences (`--lang`); CSV headers and JSON keys never change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// English (the default of the CSV files and the terminal: stable for scripts).
    #[default]
    En,
    Fr,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "en" | "english" | "anglais" => Some(Lang::En),
            "fr" | "french" | "français" | "francais" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// `text` in this language.
    pub fn say(self, text: &str) -> String {
        match self {
            Lang::En => text.to_string(),
            Lang::Fr => french(text),
        }
    }
}

/// Fragments of the engine's English templates and their French, in the order they apply.
const FRAGMENTS: &[(&str, &str)] = &[
    // Options (S6).
    (
        ") across the sea: the zone has no neighbour by land; ",
        ") par la mer : la zone n'a aucun voisin par la terre ; ",
    ),
    ("% of the zone's outline); ", "% du contour de la zone) ; "),
    (
        "% of the zone's flows go there",
        "% des flux de la zone y vont",
    ),
    (
        "% of its flows stay inside",
        "% de ses flux restent dans la zone",
    ),
    (
        " go to neighbouring territories",
        " rejoignent des territoires voisins",
    ),
    (" MSP in the zone", " MSP dans la zone"),
    ("over the cap of ", "au-delà du plafond de "),
    (" extends temporarily (", " s'étend temporairement ("),
    (
        ") while it mentors: new CPTS of ",
        ") en accompagnant une nouvelle CPTS de ",
    ),
    (") while it mentors: ", ") en accompagnant "),
    ("a new CPTS of ", "une nouvelle CPTS de "),
    (" new CPTS of ", " nouvelles CPTS de "),
    (", compactness ", ", compacité "),
    (", sharing ", ", frontière commune de "),
    ("the zone already holds ", "la zone compte déjà "),
    (
        ": the communes of a CPTS at the lettre d'intention stage or above stay with it, to be matured",
        " : les communes d'une CPTS au stade lettre d'intention ou au-delà y restent, à faire mûrir",
    ),
    // Plan reasons (S6, S8).
    (
        "is ruled out by a decision of the task force",
        "est écartée par une décision de la task force",
    ),
    (
        "no longer fits under the cap",
        "ne tient plus sous le plafond",
    ),
    ("is not feasible", "n'est pas réalisable"),
    (
        "left by its zone's option, with no neighbour with room: new CPTS ",
        "laissée par l'option de sa zone, sans voisin qui ait la place : nouvelle CPTS ",
    ),
    (
        "left by its zone's option: joins ",
        "laissée par l'option de sa zone : rejoint ",
    ),
    (
        ", the neighbour with which it shares the longest border and that has room",
        ", le voisin avec lequel elle partage la plus longue frontière et qui a la place",
    ),
    ("island: joins ", "île : rejoint "),
    (
        ", the nearest CPTS with room across the sea",
        ", la CPTS la plus proche qui ait la place, par la mer",
    ),
    ("decided by the task force", "décidé par la task force"),
    (
        "no geometry: it cannot be placed contiguously",
        "sans géométrie : elle ne peut être rattachée d'un seul tenant",
    ),
    ("decision not applied: ", "décision non appliquée : "),
    ("): option ", ") : l'option "),
    ("follows option ", "suit l'option "),
    // Unresolved reasons.
    (
        "unknown arrondissement code",
        "code d'arrondissement inconnu",
    ),
    ("unknown commune code", "code commune inconnu"),
    ("unknown code", "code inconnu"),
    ("empty commune code", "code commune vide"),
    (
        "city counted by its arrondissements (S1): give the arrondissement code",
        "ville comptée par arrondissements (S1) : donner le code de l'arrondissement",
    ),
    (
        ", a city counted by its arrondissements",
        ", ville comptée par arrondissements",
    ),
    ("former code of ", "ancien code de "),
    (" belongs to ", " appartient à "),
    (", not to ", ", pas à "),
    ("flow origin: ", "origine du flux : "),
    ("flow destination: ", "destination du flux : "),
    (
        "CPTS feature without geometry",
        "entité CPTS sans géométrie",
    ),
    (
        "the polygon covers no unit of the study area at ≥ ",
        "le polygone ne couvre aucune unité de la zone d'étude à ≥ ",
    ),
    // Shared words, last.
    (" inh.", " hab."),
    (" units (", " unités ("),
    ("(extend ", "(extension de "),
    ("(create ", "(création "),
    ("(create)", "(création)"),
    ("(mentor ", "(accompagnement par "),
    ("; ", " ; "),
];

/// Our English sentence in French (see [`FRAGMENTS`]); the verb that opens an option's
/// rationale is translated at the start only.
pub fn french(text: &str) -> String {
    let mut out = text.to_string();
    for (english, french) in FRAGMENTS {
        if out.contains(english) {
            out = out.replace(english, french);
        }
    }
    for (english, french) in [
        ("extend ", "étendre "),
        ("create ", "créer "),
        ("arrondissement ", "l'arrondissement "),
    ] {
        if let Some(rest) = out.strip_prefix(english) {
            out = format!("{french}{rest}");
        }
    }
    decimal_commas(&out.replace("  ; ", " ; "))
}

/// `18.0 km` → `18,0 km`: a point between two digits is a decimal point, written as a comma in
/// French. Codes and names of the sentences never hold one.
fn decimal_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit());
        out.push(if c == '.' && between_digits { ',' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_read_in_french() {
        assert_eq!(
            french(
                "extend CPTS du Gapençais (ACI signé), sharing 3.8 km (32 % of the zone's outline); 135 532 → 197 461 inh. (taille 4)"
            ),
            "étendre CPTS du Gapençais (ACI signé), frontière commune de 3,8 km (32 % du contour de la zone) ; 135 532 → 197 461 hab. (taille 4)"
        );
        assert_eq!(
            french(
                "create 3 new CPTS of 99 678 + 92 665 + 86 823 inh., compactness 0.20; the zone already holds CPTS X (pré-projet)"
            ),
            "créer 3 nouvelles CPTS de 99 678 + 92 665 + 86 823 hab., compacité 0,20 ; la zone compte déjà CPTS X (pré-projet)"
        );
        assert_eq!(
            french(
                "follows option 2 (extend CPTS B): option 1 (extend CPTS A) is ruled out by a decision of the task force"
            ),
            "suit l'option 2 (extension de CPTS B) : l'option 1 (extension de CPTS A) est écartée par une décision de la task force"
        );
        assert_eq!(french("unknown commune code"), "code commune inconnu");
        assert_eq!(Lang::parse("FR"), Some(Lang::Fr));
        assert_eq!(Lang::En.say("unknown code"), "unknown code");
    }
}
