//! What every command prints on the terminal: the share of the population by stage and the
//! counts of the run, and the helpers of the commands' own lines, in English or French
//! (`--lang`). `-q` silences all of it.

use zones_blanches::figures::Findings;
use zones_blanches::format::{percent, thousands};
use zones_blanches::parts::study_area_name;
use zones_blanches::{CoverageRun, Lang, Stage};

/// The words of the terminal lines in one language.
pub struct Words {
    pub colon: &'static str,
    pub semicolon: &'static str,
    pub unit: &'static str,
    pub units: &'static str,
    pub inhabitants: &'static str,
    pub inh: &'static str,
    pub existing: &'static str,
    pub on: &'static str,
    pub covered: &'static str,
    pub covered_li: &'static str,
    pub ge_ps: &'static str,
    pub aci: &'static str,
    pub below: &'static str,
    pub stalled: &'static str,
    pub stalled_more_than: &'static str,
    pub months_on: &'static str,
    pub overlaps: &'static str,
    pub conflicts: &'static str,
    pub unresolved: &'static str,
    pub warnings: &'static str,
    pub zones_title: &'static str,
    pub zones: &'static str,
    pub unzoned: &'static str,
    pub more_zones: &'static str,
    pub plan: &'static str,
    pub placed: &'static str,
    pub extended: &'static str,
    pub to_mature: &'static str,
    pub new_cpts: &'static str,
    pub mentored: &'static str,
    pub coverage: &'static str,
    pub funding: &'static str,
    pub a_year_now: &'static str,
    pub signed: &'static str,
    pub once_signed: &'static str,
    pub unplaced: &'static str,
    pub no_option: &'static str,
    pub decided: &'static str,
    pub matured: &'static str,
    pub follows: &'static str,
    pub leftover: &'static str,
    pub dates_from: &'static str,
    pub to: &'static str,
    pub zones_blanches: &'static str,
    pub changes_from: &'static str,
    pub none: &'static str,
    pub changes: &'static str,
    pub units_changed: &'static str,
    pub outputs: &'static str,
}

const ENGLISH: Words = Words {
    colon: ":",
    semicolon: ";",
    unit: "unit",
    units: "units",
    inhabitants: "inhabitants",
    inh: "inh.",
    existing: "existing",
    on: "on",
    covered: "covered",
    covered_li: "covered (≥ lettre d'intention):",
    ge_ps: "≥ projet de santé validé:",
    aci: "ACI signé:",
    below: "zone blanche (no CPTS ≥",
    stalled: "stalled",
    stalled_more_than: "CPTS at LI or PS for more than",
    months_on: "months on",
    overlaps: "overlaps",
    conflicts: "conflicts",
    unresolved: "unresolved rows",
    warnings: "warnings",
    zones_title: "Zones blanches (stage <",
    zones: "zones",
    unzoned: "uncovered units without geometry not zoned",
    more_zones: "more zones in zones.csv",
    plan: "Plan",
    placed: "placed",
    extended: "CPTS extended",
    to_mature: "CPTS projects to mature",
    new_cpts: "new CPTS",
    mentored: "mentored",
    coverage: "coverage",
    funding: "ACI funding",
    a_year_now: "€ a year now",
    signed: "CPTS signed",
    once_signed: "€ once every proposed CPTS signs",
    unplaced: "uncovered units without geometry not placed",
    no_option: "no option",
    decided: "decided by the task force",
    matured: "stays with its CPTS project: mature it",
    follows: "plan follows option",
    leftover: "plan: leftover rule",
    dates_from: "dates from",
    to: "to",
    zones_blanches: "zones blanches",
    changes_from: "Changes from",
    none: "none",
    changes: "changes",
    units_changed: "units changed",
    outputs: "Outputs written to",
};

const FRENCH: Words = Words {
    colon: " :",
    semicolon: " ;",
    unit: "unité",
    units: "unités",
    inhabitants: "habitants",
    inh: "hab.",
    existing: "existantes",
    on: "au",
    covered: "couverts",
    covered_li: "couverts (≥ lettre d'intention) :",
    ge_ps: "≥ projet de santé validé :",
    aci: "ACI signé :",
    below: "zone blanche (aucune CPTS ≥",
    stalled: "à l'arrêt",
    stalled_more_than: "CPTS en LI ou PS depuis plus de",
    months_on: "mois au",
    overlaps: "chevauchements",
    conflicts: "conflits",
    unresolved: "lignes non résolues",
    warnings: "avertissements",
    zones_title: "Zones blanches (stade <",
    zones: "zones",
    unzoned: "unités non couvertes sans géométrie, hors zones",
    more_zones: "autres zones dans zones.csv",
    plan: "Plan",
    placed: "placées",
    extended: "CPTS étendues",
    to_mature: "projets de CPTS à faire mûrir",
    new_cpts: "nouvelles CPTS",
    mentored: "accompagnées",
    coverage: "couverture",
    funding: "Financement ACI",
    a_year_now: "€ par an aujourd'hui",
    signed: "CPTS signataires",
    once_signed: "€ quand toutes les CPTS proposées auront signé",
    unplaced: "unités non couvertes sans géométrie, non placées",
    no_option: "aucune option",
    decided: "décidé par la task force",
    matured: "reste avec son projet de CPTS : le faire mûrir",
    follows: "le plan suit l'option",
    leftover: "plan : règle des restes",
    dates_from: "dates du",
    to: "au",
    zones_blanches: "zones blanches",
    changes_from: "Évolution du",
    none: "aucun",
    changes: "changements",
    units_changed: "unités modifiées",
    outputs: "Fichiers écrits dans",
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &ENGLISH,
        Lang::Fr => &FRENCH,
    }
}

/// A number already formatted with a decimal point, with a decimal comma in French.
pub fn decimals(lang: Lang, text: String) -> String {
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

/// A percentage with two decimals.
pub fn pct(lang: Lang, x: f64) -> String {
    decimals(lang, format!("{x:.2}"))
}

/// A change in points with its sign.
pub fn points(lang: Lang, x: f64) -> String {
    decimals(lang, format!("{x:+.2}"))
}

/// "Outputs written to DIR".
pub fn written_line(lang: Lang, out: &std::path::Path) -> String {
    format!("{} {}\n", words(lang).outputs, out.display())
}

/// The short human summary printed on the terminal: the study area, the shares by stage, the
/// units below `min_stage` (S3, the threshold of the zones: as the zones and the map count
/// them), the stalled CPTS and the findings.
pub fn coverage_lines(
    run: &CoverageRun,
    findings: &Findings,
    min_stage: Stage,
    lang: Lang,
) -> String {
    let w = words(lang);
    let f = run.national();
    let counts = &findings.counts;
    let mut out = String::new();
    let scope = study_area_name(&run.territory, &run.cog);
    let colon = w.colon;
    out.push_str(&format!(
        "{scope}{colon} {} {}, {} {}, {} CPTS ({} {}{})\n",
        f.units,
        w.units,
        thousands(f.population_total),
        w.inhabitants,
        counts.cpts,
        counts.cpts_existing,
        w.existing,
        run.record
            .as_of
            .map(|d| format!(" {} {}", w.on, d.format("%Y-%m-%d")))
            .unwrap_or_default()
    ));
    out.push_str(&format!(
        "  {:<34}{:>6} %  ({} {})\n",
        w.covered_li,
        pct(lang, f.pct_ge_li),
        thousands(f.pop_aci + f.pop_ps + f.pop_li),
        w.inh
    ));
    out.push_str(&format!(
        "  {:<34}{:>6} %\n",
        w.ge_ps,
        pct(lang, f.pct_ge_ps)
    ));
    out.push_str(&format!("  {:<34}{:>6} %\n", w.aci, pct(lang, f.pct_aci)));
    let (below_units, below_population) = run.below(min_stage);
    out.push_str(&format!(
        "  {:<34}{:>6} %  ({} {}, {} {})\n",
        format!("{} {}){colon}", w.below, min_stage.as_str().to_uppercase()),
        pct(lang, percent(below_population, f.population_total)),
        thousands(below_population),
        w.inh,
        below_units,
        w.units
    ));
    let stalled = &run.stalled;
    if !stalled.cpts.is_empty()
        && let Some(date) = stalled.date
    {
        out.push_str(&format!(
            "  {}{colon} {} {} {} {} {} (stalled.csv)\n",
            w.stalled,
            stalled.cpts.len(),
            w.stalled_more_than,
            stalled.threshold_months,
            w.months_on,
            date.format("%Y-%m-%d")
        ));
    }
    out.push_str(&format!(
        "  {}{colon} {} ({} {}), {}{colon} {}, {}{colon} {}\n",
        w.overlaps,
        counts.overlaps,
        counts.overlap_conflicts,
        w.conflicts,
        w.unresolved,
        counts.unresolved,
        w.warnings,
        findings.warnings.len()
    ));
    out
}

/// Zones listed on the terminal by `zones` (the plan lists twice as many).
pub const SHOWN_ZONES: usize = 5;

/// Terminal lines are cut to this many characters (an ellipsis ends a cut line).
const LINE_WIDTH: usize = 160;

/// A line of at most [`LINE_WIDTH`] characters, with its newline.
pub fn fit(line: String) -> String {
    if line.chars().count() <= LINE_WIDTH {
        return line + "\n";
    }
    let cut: String = line.chars().take(LINE_WIDTH - 1).collect();
    cut + "…\n"
}

/// "  … 519 more zones in zones.csv" when the list is cut.
pub fn more_zones(total: usize, shown: usize, w: &Words) -> String {
    if total > shown {
        format!("  … {} {}\n", total - shown, w.more_zones)
    } else {
        String::new()
    }
}
