//! Scoring weights and thresholds of the coverage options (S6), read from a TOML file.

use crate::error::{Error, Result};
use crate::io::source::Source;
use serde::Deserialize;
use std::path::Path;

/// The built-in weights, printed by `zones-blanches weights`; a `--weights` file has the same
/// shape and may give only the values it changes.
pub const DEFAULT_WEIGHTS_TOML: &str = r#"# zones-blanches — weights of the coverage options (SEMANTICS S6).
#
# Every option gets components in [0, 1]. Its score is
#     100 × Σ weight × component / Σ weight
# over the components that have data: `flows` and `autonomy` only with --flows,
# `msp` and `msp_gap` only with --msp. Weights are relative within a section;
# a weight of 0 switches a component off. Give this file to --weights after
# editing it; keys left out keep the values below.

[thresholds]
# A zone, or a contiguous part of one, can stand alone as a new CPTS from this
# population on (and with at least two units).
create_min_population = 20000
# Where the zone is sparse — fewer than `sparse_density` inhabitants per km² —
# the create threshold is `create_min_population_sparse` (S11): CPTS of rural
# territories have 7 600–15 700 inhabitants in the real PACA listing.
create_min_population_sparse = 7500
sparse_density = 30.0
# No CPTS grows beyond this population through the plan (taille 4 and at most
# 250 000 inhabitants).
max_population = 250000
# Population aimed at when a large zone is split into several new CPTS.
new_cpts_target_population = 100000
# Distance between population-weighted centres at which `proximity` is 1/2, km.
proximity_half_km = 15.0
# An island zone joins a CPTS across the sea only within this distance of its
# population centre, km (Belle-Île–Quiberon 15, Yeu–Fromentine 25, Ouessant–Brest
# 30); beyond it, the island is proposed as its own CPTS. The CPTS covering the
# island's EPCI is a candidate whatever its distance (S11).
max_sea_distance_km = 50.0
# Not a setting: before zones are found, a unit with no neighbour is joined to
# the units within 200 m of it (a gap in the layer, not the sea; S11).
# Size classes (taille 1–4) a CPTS may gain through the whole plan (S11): an
# extension that would take it further is passed over unless the zone has no
# other option, and then the plan notes it.
max_class_growth = 1

[extend]
# Share of the zone's outline shared with the CPTS.
border = 3.0
# Stage of the CPTS: ACI signé 1, projet de santé 0.6, lettre d'intention 0.3.
maturity = 1.5
# Share of the extended CPTS's population it already had: CPTS / (CPTS + zone).
absorption = 2.0
# Share of the zone's population living in a département of the CPTS.
departement = 1.5
# 1 / (1 + distance / proximity_half_km) between population-weighted centres.
proximity = 1.0
# Share of the zone's flows (--flows) that go to the CPTS's communes.
flows = 3.0
# EPCI coherence (S11; groups with --groups): the share of the zone's EPCI
# parts that end in the territory holding their EPCI — an EPCI with no covered
# commune counts when the part joins whole. A *split* option (each EPCI part
# of the zone to the CPTS holding most of its EPCI) is scored with these
# weights, each component the population-weighted mean over its parts.
epci = 4.0

[create]
# min(1, smallest new CPTS / (2 × create_min_population)).
size = 3.0
# Polsby–Popper compactness 4πA/P² of the new territory (population-weighted).
compactness = 1.5
# Share of the zone's flows (--flows) that stay inside it.
autonomy = 2.0
# min(1, MSP in the zone / 2) (--msp).
msp = 2.0
# Share of the zone's EPCI parts that the new CPTS keep whole (S11).
epci = 1.5

[mentor]
# As for `create`: the new CPTS the mentor helps to form.
size = 3.0
compactness = 1.5
autonomy = 2.0
# Share of the zone's outline shared with the mentoring ACI-signed CPTS.
border = 1.5
# As for `extend`, towards the mentoring CPTS.
proximity = 1.0
# 1 when the zone has no MSP to build a CPTS on (--msp): the case for mentoring.
msp_gap = 2.0
# As for `create`.
epci = 1.5

[funding]
# ACI funding (SEMANTICS S9): the fixed annual envelope of a CPTS that has signed
# the ACI, by size class, in euros per year. Source: accord conventionnel
# interprofessionnel CPTS of 20 June 2019 (approved by arrêté of 21 August 2019,
# JORF 24 August 2019), "financement du fonctionnement de la communauté
# professionnelle", kept by its amendments. The variable part (missions and
# their indicators) depends on results and is not counted here.
taille_1 = 50000
taille_2 = 60000
taille_3 = 75000
taille_4 = 90000
"#;

/// The largest weight: weights are relative, and a bound keeps their sums finite.
pub const MAX_WEIGHT: f64 = 1e6;

/// Thresholds of the options and of the plan.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    pub create_min_population: u64,
    pub create_min_population_sparse: u64,
    pub sparse_density: f64,
    pub max_population: u64,
    pub new_cpts_target_population: u64,
    pub proximity_half_km: f64,
    pub max_sea_distance_km: f64,
    pub max_class_growth: u8,
}

/// Weights of an `extend` option.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ExtendWeights {
    pub border: f64,
    pub maturity: f64,
    pub absorption: f64,
    pub departement: f64,
    pub proximity: f64,
    pub flows: f64,
    pub epci: f64,
}

/// Weights of a `create` option.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CreateWeights {
    pub size: f64,
    pub compactness: f64,
    pub autonomy: f64,
    pub msp: f64,
    pub epci: f64,
}

/// Weights of a `mentor` option.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MentorWeights {
    pub size: f64,
    pub compactness: f64,
    pub autonomy: f64,
    pub border: f64,
    pub proximity: f64,
    pub msp_gap: f64,
    pub epci: f64,
}

/// The ACI tariff (S9): the fixed annual envelope of an ACI-signed CPTS by size class, euros.
#[derive(Debug, Clone, Deserialize, PartialEq, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Tariff {
    /// Taille 1 (below 40 000 inhabitants), euros a year.
    pub taille_1: u64,
    /// Taille 2 (40 000 to 80 000).
    pub taille_2: u64,
    /// Taille 3 (80 000 to 175 000).
    pub taille_3: u64,
    /// Taille 4 (175 000 and more).
    pub taille_4: u64,
}

/// The largest envelope a tariff may give, euros per year (a bound against typing errors).
pub const MAX_ENVELOPE_EUR: u64 = 10_000_000;

impl Default for Tariff {
    fn default() -> Self {
        Tariff {
            taille_1: 50_000,
            taille_2: 60_000,
            taille_3: 75_000,
            taille_4: 90_000,
        }
    }
}

impl Tariff {
    /// The envelope of a CPTS of this size class.
    pub fn envelope(&self, class: crate::model::SizeClass) -> u64 {
        use crate::model::SizeClass;
        match class {
            SizeClass::T1 => self.taille_1,
            SizeClass::T2 => self.taille_2,
            SizeClass::T3 => self.taille_3,
            SizeClass::T4 => self.taille_4,
        }
    }
}

/// Everything the options and the plan are tuned by.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Thresholds: create, cap, target population, distances.
    pub thresholds: Thresholds,
    /// Weights of the extend options.
    pub extend: ExtendWeights,
    /// Weights of the create options.
    pub create: CreateWeights,
    /// Weights of the mentor options.
    pub mentor: MentorWeights,
    /// The ACI tariff (S9).
    pub funding: Tariff,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            create_min_population: 20_000,
            create_min_population_sparse: 7_500,
            sparse_density: 30.0,
            max_population: 250_000,
            new_cpts_target_population: 100_000,
            proximity_half_km: 15.0,
            max_sea_distance_km: 50.0,
            max_class_growth: 1,
        }
    }
}

impl Default for ExtendWeights {
    fn default() -> Self {
        ExtendWeights {
            border: 3.0,
            maturity: 1.5,
            absorption: 2.0,
            departement: 1.5,
            proximity: 1.0,
            flows: 3.0,
            epci: 4.0,
        }
    }
}

impl Default for CreateWeights {
    fn default() -> Self {
        CreateWeights {
            size: 3.0,
            compactness: 1.5,
            autonomy: 2.0,
            msp: 2.0,
            epci: 1.5,
        }
    }
}

impl Default for MentorWeights {
    fn default() -> Self {
        MentorWeights {
            size: 3.0,
            compactness: 1.5,
            autonomy: 2.0,
            border: 1.5,
            proximity: 1.0,
            msp_gap: 2.0,
            epci: 1.5,
        }
    }
}

impl Weights {
    /// Parse a weights file; unknown keys, negative weights and impossible thresholds are errors
    /// naming the file and the key.
    pub(crate) fn parse(path: &Path, text: &str) -> Result<Weights> {
        let weights: Weights = toml::from_str(text).map_err(|e| {
            let location = e
                .span()
                .map(|span| format!("line {}", text[..span.start].matches('\n').count() + 1))
                .unwrap_or_else(|| "file".into());
            Error::input(path, location, e.message().to_string())
        })?;
        weights.validate(path)?;
        Ok(weights)
    }

    /// Read a weights file.
    pub(crate) fn load(source: &Source) -> Result<Weights> {
        let path = source.path();
        let bytes = source.read()?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::input(
                path,
                "file",
                "not UTF-8 text: a weights file is TOML, written in UTF-8",
            )
        })?;
        Weights::parse(path, &text)
    }

    fn validate(&self, path: &Path) -> Result<()> {
        let e = &self.extend;
        let c = &self.create;
        let m = &self.mentor;
        let all = [
            ("extend.border", e.border),
            ("extend.maturity", e.maturity),
            ("extend.absorption", e.absorption),
            ("extend.departement", e.departement),
            ("extend.proximity", e.proximity),
            ("extend.flows", e.flows),
            ("extend.epci", e.epci),
            ("create.size", c.size),
            ("create.compactness", c.compactness),
            ("create.autonomy", c.autonomy),
            ("create.msp", c.msp),
            ("create.epci", c.epci),
            ("mentor.size", m.size),
            ("mentor.compactness", m.compactness),
            ("mentor.autonomy", m.autonomy),
            ("mentor.border", m.border),
            ("mentor.proximity", m.proximity),
            ("mentor.msp_gap", m.msp_gap),
            ("mentor.epci", m.epci),
        ];
        for (key, value) in all {
            if !(value.is_finite() && (0.0..=MAX_WEIGHT).contains(&value)) {
                return Err(Error::input(
                    path,
                    key,
                    format!(
                        "weight {value}: must be a number from 0 to {MAX_WEIGHT} (weights are relative)"
                    ),
                ));
            }
        }
        for section in ["extend", "create", "mentor"] {
            if all
                .iter()
                .filter(|(key, _)| key.starts_with(section))
                .all(|(_, value)| *value == 0.0)
            {
                return Err(Error::input(
                    path,
                    format!("[{section}]"),
                    "every weight is 0: the options of this kind could not be ranked; give at least one weight > 0",
                ));
            }
        }
        let t = &self.thresholds;
        if t.create_min_population == 0
            || t.max_population == 0
            || t.create_min_population > t.max_population
        {
            return Err(Error::input(
                path,
                "thresholds",
                format!(
                    "create_min_population {} must be > 0 and not exceed max_population {}",
                    t.create_min_population, t.max_population
                ),
            ));
        }
        if t.new_cpts_target_population == 0 || t.new_cpts_target_population > t.max_population {
            return Err(Error::input(
                path,
                "thresholds.new_cpts_target_population",
                format!(
                    "{} must be in 1..=max_population ({})",
                    t.new_cpts_target_population, t.max_population
                ),
            ));
        }
        validate_sparse(path, t)?;
        if !(t.max_sea_distance_km.is_finite() && t.max_sea_distance_km >= 0.0) {
            return Err(Error::input(
                path,
                "thresholds.max_sea_distance_km",
                format!("{}: must be ≥ 0", t.max_sea_distance_km),
            ));
        }
        let f = &self.funding;
        for (key, value) in [
            ("funding.taille_1", f.taille_1),
            ("funding.taille_2", f.taille_2),
            ("funding.taille_3", f.taille_3),
            ("funding.taille_4", f.taille_4),
        ] {
            if value > MAX_ENVELOPE_EUR {
                return Err(Error::input(
                    path,
                    key,
                    format!(
                        "{value} €: an annual envelope above {MAX_ENVELOPE_EUR} € is a typing error"
                    ),
                ));
            }
        }
        if !(t.proximity_half_km.is_finite() && t.proximity_half_km > 0.0) {
            return Err(Error::input(
                path,
                "thresholds.proximity_half_km",
                format!("{}: must be > 0", t.proximity_half_km),
            ));
        }
        Ok(())
    }
}

/// The sparse create threshold and density of S11.
fn validate_sparse(path: &Path, t: &Thresholds) -> Result<()> {
    if t.create_min_population_sparse == 0
        || t.create_min_population_sparse > t.create_min_population
    {
        return Err(Error::input(
            path,
            "thresholds.create_min_population_sparse",
            format!(
                "{} must be > 0 and not exceed create_min_population {}",
                t.create_min_population_sparse, t.create_min_population
            ),
        ));
    }
    for (key, value) in [("thresholds.sparse_density", t.sparse_density)] {
        if !(value.is_finite() && value >= 0.0) {
            return Err(Error::input(path, key, format!("{value}: must be ≥ 0")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_defaults_are_the_built_in_defaults() {
        let parsed = Weights::parse(Path::new("default.toml"), DEFAULT_WEIGHTS_TOML).unwrap();
        assert_eq!(parsed, Weights::default());
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let w = Weights::parse(Path::new("w.toml"), "[extend]\nflows = 10\n").unwrap();
        assert_eq!(w.extend.flows, 10.0);
        assert_eq!(w.extend.border, ExtendWeights::default().border);
        assert_eq!(w.thresholds, Thresholds::default());
    }

    #[test]
    fn unknown_key_and_negative_weight_are_named() {
        let err = Weights::parse(Path::new("w.toml"), "[extend]\nborders = 1\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("w.toml") && text.contains("borders"),
            "{text}"
        );
        let err = Weights::parse(Path::new("w.toml"), "[create]\nsize = -1\n").unwrap_err();
        assert!(err.to_string().contains("create.size"), "{err}");
    }
}
