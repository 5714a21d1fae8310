//! Names as a meeting writes them (S8 amendment): commune and CPTS names matched with accents,
//! case, hyphens, apostrophes and "Saint"/"St" ignored, so "st etienne de tinee" finds
//! Saint-Étienne-de-Tinée and "Baous" finds CPTS des Baous.

use crate::model::normalize_label;
use std::collections::HashMap;

/// The key a name is matched by: `normalize_label` (accents, case, punctuation), `st`/`ste`
/// read as `saint`/`sainte`, `oe`/`ae` ligatures spelt out.
pub(crate) fn name_key(name: &str) -> String {
    let spelt = name.replace(['œ', 'Œ'], "oe").replace(['æ', 'Æ'], "ae");
    normalize_label(&spelt)
        .split(' ')
        .map(|word| match word {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A CPTS name's key without its leading "CPTS" and article: "CPTS des Baous" → "baous".
fn short_key(key: &str) -> &str {
    let mut rest = key;
    for prefix in ["cpts ", "communaute professionnelle territoriale de sante "] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    for article in ["du ", "de la ", "de l ", "des ", "de ", "d "] {
        if let Some(after) = rest.strip_prefix(article) {
            return after;
        }
    }
    rest
}

/// What a name matched.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Match {
    /// Nothing.
    None,
    /// Exactly this one.
    One(usize),
    /// Several: the candidates (indices), in index order.
    Several(Vec<usize>),
}

/// An index of names: each key → the indices that bear it.
#[derive(Debug, Default)]
pub(crate) struct Names {
    full: HashMap<String, Vec<usize>>,
    short: HashMap<String, Vec<usize>>,
}

impl Names {
    /// Index `names` (their position is their index); `short` also indexes each name without
    /// a leading "CPTS" and article.
    pub(crate) fn new<'a>(names: impl Iterator<Item = &'a str>, short: bool) -> Names {
        let mut index = Names::default();
        for (i, name) in names.enumerate() {
            let key = name_key(name);
            if short {
                let s = short_key(&key).to_string();
                if s != key {
                    index.short.entry(s).or_default().push(i);
                }
            }
            index.full.entry(key).or_default().push(i);
        }
        index
    }

    /// The indices whose name is `name` (whole names first, then names without "CPTS").
    pub(crate) fn find(&self, name: &str) -> Match {
        let key = name_key(name);
        let found = self
            .full
            .get(&key)
            .or_else(|| self.short.get(short_key(&key)))
            .or_else(|| self.short.get(&key));
        match found.map(Vec::as_slice) {
            None | Some([]) => Match::None,
            Some([one]) => Match::One(*one),
            Some(several) => Match::Several(several.to_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s8_names_match_without_accents_case_hyphens_or_saint() {
        let communes = [
            "Saint-Étienne-de-Tinée",
            "Hœdic",
            "L'Escarène",
            "Sainte-Agnès",
        ];
        let names = Names::new(communes.iter().copied(), false);
        assert_eq!(names.find("st etienne de tinee"), Match::One(0));
        assert_eq!(names.find("SAINT-ETIENNE-DE-TINÉE"), Match::One(0));
        assert_eq!(names.find("Hoedic"), Match::One(1));
        assert_eq!(names.find("l escarene"), Match::One(2));
        assert_eq!(names.find("Ste Agnes"), Match::One(3));
        assert_eq!(names.find("Nice"), Match::None);
    }

    #[test]
    fn s8_cpts_names_match_with_or_without_cpts() {
        let cpts = ["CPTS des Baous", "CPTS du Pays de Lérins", "CPTS Baous"];
        let names = Names::new(cpts.iter().copied(), true);
        assert_eq!(names.find("cpts des baous"), Match::One(0));
        assert_eq!(names.find("Pays de Lerins"), Match::One(1));
        assert_eq!(names.find("CPTS Pays de Lérins"), Match::One(1));
        // "Baous" is both names without their "CPTS": a choice the reader must make.
        assert_eq!(names.find("Baous"), Match::Several(vec![0, 2]));
    }
}
