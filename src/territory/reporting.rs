//! S7: the reporting area a task force names (`--region`, `--departement`) and the context the
//! analysis runs on — the area plus the bordering départements where the coverage is known.

use crate::error::Result;
use crate::territory::area::{departement_codes, region_codes};
use crate::territory::cog::Cog;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

const EMBEDDED_NEIGHBOURS: &str = include_str!("../../data/cog/departements-neighbours.csv");

/// The départements that share a border with each département (from the shared IGN layer).
fn neighbours() -> &'static BTreeMap<String, BTreeSet<String>> {
    static NEIGHBOURS: OnceLock<BTreeMap<String, BTreeSet<String>>> = OnceLock::new();
    NEIGHBOURS.get_or_init(|| {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for line in EMBEDDED_NEIGHBOURS.lines().skip(1) {
            if let Some((a, b)) = line.split_once(',') {
                map.entry(a.to_string()).or_default().insert(b.to_string());
                map.entry(b.to_string()).or_default().insert(a.to_string());
            }
        }
        map
    })
}

/// What `--region` / `--departement` name: the scopes reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportingArea {
    /// Départements of the area.
    pub departements: BTreeSet<String>,
    /// Régions named whole (`--region`).
    pub regions: Vec<String>,
    /// `06`, `93`, `04+05`: the `scope_code` of the area's row.
    pub code: String,
    /// "Alpes-Maritimes (06)", "Provence-Alpes-Côte d'Azur (93)": the area's row and titles.
    pub name: String,
}

impl ReportingArea {
    /// The area the settings name, or `None` without any (the whole input is reported).
    pub(crate) fn from_settings(
        cog: &Cog,
        regions: &[String],
        departements: &[String],
    ) -> Result<Option<ReportingArea>> {
        if regions.is_empty() && departements.is_empty() {
            return Ok(None);
        }
        let regions = region_codes(cog, regions)?;
        let named = departement_codes(cog, departements)?;
        let mut all: BTreeSet<String> = named.iter().cloned().collect();
        for u in cog.units() {
            if regions.contains(&u.region) {
                all.insert(u.departement.clone());
            }
        }
        let mut parts: Vec<String> = regions.clone();
        parts.extend(
            named
                .iter()
                .filter(|d| {
                    !cog.units()
                        .iter()
                        .any(|u| &u.departement == *d && regions.contains(&u.region))
                })
                .cloned(),
        );
        let name_of = |code: &str| {
            cog.region_name(code)
                .filter(|_| regions.iter().any(|r| r == code))
                .or_else(|| cog.departement_name(code))
                .map(|n| format!("{n} ({code})"))
                .unwrap_or_else(|| code.to_string())
        };
        let names: Vec<String> = parts.iter().map(|p| name_of(p)).collect();
        Ok(Some(ReportingArea {
            departements: all,
            regions,
            code: parts.join("+"),
            name: names.join(", "),
        }))
    }

    /// The context (S7): the area, and each bordering département for which `known` holds (the
    /// listing has a row there). Returns it with the bordering départements left out.
    pub(crate) fn context(
        &self,
        known: impl Fn(&str) -> bool,
    ) -> (BTreeSet<String>, BTreeSet<String>) {
        let mut context = self.departements.clone();
        let mut left_out = BTreeSet::new();
        for d in &self.departements {
            for n in neighbours().get(d).into_iter().flatten() {
                if self.departements.contains(n) {
                    continue;
                }
                if known(n) {
                    context.insert(n.clone());
                } else {
                    left_out.insert(n.clone());
                }
            }
        }
        (context, left_out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s7_the_context_adds_the_bordering_departements_that_are_known() {
        let cog = Cog::embedded().unwrap();
        let area = ReportingArea::from_settings(&cog, &[], &["06".into()])
            .unwrap()
            .unwrap();
        assert_eq!(
            (area.code.as_str(), area.name.as_str()),
            ("06", "Alpes-Maritimes (06)")
        );
        let (context, left_out) = area.context(|d| d == "83");
        assert_eq!(context.into_iter().collect::<Vec<_>>(), ["06", "83"]);
        assert_eq!(left_out.into_iter().collect::<Vec<_>>(), ["04"]);
        let paca = ReportingArea::from_settings(&cog, &["PACA".into()], &[])
            .unwrap()
            .unwrap();
        assert_eq!(paca.name, "Provence-Alpes-Côte d'Azur (93)");
        assert_eq!(paca.departements.len(), 6);
        // A regional listing says nothing of the Drôme, the Isère…: left out, named.
        let (context, left_out) = paca.context(|d| paca.departements.contains(d));
        assert_eq!(context, paca.departements);
        assert!(
            left_out.contains("26") && left_out.contains("38"),
            "{left_out:?}"
        );
        assert!(neighbours()["2A"].contains("2B"));
    }
}
