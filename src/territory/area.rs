//! The study area a user names (`--region`, `--departement`) as codes of the reference: what is
//! unambiguous is accepted (`4` → `04`, `2a` → `2A`, `PACA` or `Provence-Alpes-Côte d'Azur` →
//! `93`), anything else is an error that suggests the nearest codes.

use crate::error::{Error, Result};
use crate::model::normalize_label;
use crate::model::setting::Setting;
use crate::territory::cog::Cog;
use std::collections::BTreeSet;

/// Usual acronyms of the régions (normalized), as ARS and DGOS documents write them.
const REGION_ACRONYMS: &[(&str, &str)] = &[
    ("idf", "11"),
    ("cvl", "24"),
    ("bfc", "27"),
    ("hdf", "32"),
    ("ara", "84"),
    ("aura", "84"),
    ("naq", "75"),
    ("na", "75"),
    ("ge", "44"),
    ("occ", "76"),
    ("pdl", "52"),
    ("paca", "93"),
];

/// A code typed by a user: trimmed, upper case, one digit padded to two.
fn normalize_code(text: &str) -> String {
    let code = text.trim().to_uppercase();
    if code.len() == 1 && code.chars().all(|c| c.is_ascii_digit()) {
        format!("0{code}")
    } else {
        code
    }
}

/// Known codes that look like `code`: those that extend it first (`97` → `971`…), then those
/// one character away (`21` for `20`); four at most.
fn near<'a>(code: &str, known: &'a BTreeSet<String>) -> Vec<&'a str> {
    if code.is_empty() {
        return Vec::new();
    }
    let one_off = |a: &str| {
        a.len() == code.len() && a.chars().zip(code.chars()).filter(|(x, y)| x != y).count() == 1
    };
    let extending = known.iter().filter(|k| k.starts_with(code));
    let close = known.iter().filter(|k| one_off(k));
    extending.chain(close).map(|k| k.as_str()).take(4).collect()
}

/// "; did you mean 2A (Corse-du-Sud) or 2B (Haute-Corse)?" for the candidates, named by `name`.
fn did_you_mean<'c>(candidates: &[&str], name: impl Fn(&str) -> Option<&'c str>) -> String {
    if candidates.is_empty() {
        return String::new();
    }
    let named: Vec<String> = candidates
        .iter()
        .map(|&c| match name(c) {
            Some(n) => format!("{c} ({n})"),
            None => c.to_string(),
        })
        .collect();
    format!("; did you mean {}?", named.join(" or "))
}

/// The départements named, as codes of the reference.
pub(crate) fn departement_codes(cog: &Cog, typed: &[String]) -> Result<Vec<String>> {
    let known: BTreeSet<String> = cog.units().iter().map(|u| u.departement.clone()).collect();
    typed
        .iter()
        .map(|text| {
            let code = normalize_code(text);
            if known.contains(&code) {
                return Ok(code);
            }
            // Corse was département 20 until 1976.
            let candidates = match code.as_str() {
                "20" => vec!["2A", "2B"],
                _ => near(&code, &known),
            };
            let hint = did_you_mean(&candidates, |c| cog.departement_name(c));
            Err(Error::Setting(format!(
                "{} {text}: not a département of the reference{hint}",
                Setting::Departement
            )))
        })
        .collect()
}

/// The régions named (by code, name or usual acronym), as codes of the reference.
pub(crate) fn region_codes(cog: &Cog, typed: &[String]) -> Result<Vec<String>> {
    let known: BTreeSet<String> = cog
        .units()
        .iter()
        .map(|u| u.region.clone())
        .filter(|r| !r.is_empty())
        .collect();
    typed
        .iter()
        .map(|text| {
            let code = normalize_code(text);
            if known.contains(&code) {
                return Ok(code);
            }
            let label = normalize_label(text);
            let by_name = known
                .iter()
                .find(|k| {
                    cog.region_name(k)
                        .is_some_and(|n| normalize_label(n) == label)
                })
                .cloned()
                .or_else(|| {
                    REGION_ACRONYMS
                        .iter()
                        .find(|(acronym, _)| label.replace(' ', "") == *acronym)
                        .map(|(_, code)| code.to_string())
                });
            if let Some(code) = by_name.filter(|c| known.contains(c)) {
                return Ok(code);
            }
            let hint = did_you_mean(&near(&code, &known), |c| cog.region_name(c));
            Err(Error::Setting(format!(
                "{} {text}: not a région of the reference (a code such as 93, a name such as \
                 « Bretagne », or PACA, IDF, ARA, HDF…){hint}",
                Setting::Region
            )))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unambiguous_codes_and_names_are_accepted() {
        let cog = Cog::embedded().expect("embedded COG");
        let deps = |t: &[&str]| {
            departement_codes(&cog, &t.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        let regs =
            |t: &[&str]| region_codes(&cog, &t.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            deps(&["4", " 2a", "974", "06"]).unwrap(),
            ["04", "2A", "974", "06"]
        );
        assert_eq!(
            regs(&[
                "PACA",
                "provence-alpes-cote d'azur",
                "93",
                "Île-de-France",
                "idf"
            ])
            .unwrap(),
            ["93", "93", "93", "11", "11"]
        );
    }

    #[test]
    fn unknown_codes_are_errors_that_suggest_near_ones() {
        let cog = Cog::embedded().expect("embedded COG");
        let err = departement_codes(&cog, &["20".to_string()])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`departement` 20") && err.contains("2A"),
            "{err}"
        );
        let err = departement_codes(&cog, &["97".to_string()])
            .unwrap_err()
            .to_string();
        // Overseas codes have three digits: "97" suggests them.
        assert!(err.contains("did you mean 971 (Guadeloupe)"), "{err}");
        let err = region_codes(&cog, &["Provence".to_string()])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`region` Provence") && err.contains("PACA"),
            "{err}"
        );
    }
}
