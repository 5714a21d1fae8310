//! What the commands print on the terminal: the national share by stage, the zones blanches
//! and the recommended option of the most populated zones, in English or French (`--lang`).
//! `-q` silences all of it.

use zones_blanches::coverage::study_area_name;
use zones_blanches::format::{percent, thousands};
use zones_blanches::french::Lang;
use zones_blanches::summary::{PlanSummary, Summary};
use zones_blanches::timeline::compare::Comparison;
use zones_blanches::timeline::series::SeriesRun;
use zones_blanches::{CoverageRun, PlanRun, Stage, ZonesRun};

/// The words of the terminal lines in one language.
struct Words {
    colon: &'static str,
    semicolon: &'static str,
    unit: &'static str,
    units: &'static str,
    inhabitants: &'static str,
    inh: &'static str,
    existing: &'static str,
    on: &'static str,
    covered: &'static str,
    covered_li: &'static str,
    ge_ps: &'static str,
    aci: &'static str,
    below: &'static str,
    stalled: &'static str,
    stalled_more_than: &'static str,
    months_on: &'static str,
    overlaps: &'static str,
    conflicts: &'static str,
    unresolved: &'static str,
    warnings: &'static str,
    zones_title: &'static str,
    zones: &'static str,
    unzoned: &'static str,
    more_zones: &'static str,
    plan: &'static str,
    placed: &'static str,
    extended: &'static str,
    to_mature: &'static str,
    new_cpts: &'static str,
    mentored: &'static str,
    coverage: &'static str,
    funding: &'static str,
    a_year_now: &'static str,
    signed: &'static str,
    once_signed: &'static str,
    unplaced: &'static str,
    no_option: &'static str,
    decided: &'static str,
    matured: &'static str,
    follows: &'static str,
    leftover: &'static str,
    dates_from: &'static str,
    to: &'static str,
    zones_blanches: &'static str,
    changes_from: &'static str,
    none: &'static str,
    changes: &'static str,
    units_changed: &'static str,
    outputs: &'static str,
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

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &ENGLISH,
        Lang::Fr => &FRENCH,
    }
}

/// A number already formatted with a decimal point, with a decimal comma in French.
fn decimals(lang: Lang, text: String) -> String {
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

/// A percentage with two decimals.
fn pct(lang: Lang, x: f64) -> String {
    decimals(lang, format!("{x:.2}"))
}

/// A change in points with its sign.
fn points(lang: Lang, x: f64) -> String {
    decimals(lang, format!("{x:+.2}"))
}

/// "Outputs written to DIR".
pub fn written_line(lang: Lang, out: &std::path::Path) -> String {
    format!("{} {}\n", words(lang).outputs, out.display())
}

/// What `prepare` wrote: units, polygons, neighbour pairs, and what it was built from.
pub fn prepared_line(
    prepared: &zones_blanches::prepared::PreparedTerritory,
    out: &std::path::Path,
    bytes: usize,
) -> String {
    let units = &prepared.territory.units;
    let with_geometry = units.iter().filter(|u| u.geometry.is_some()).count();
    let p = &prepared.provenance;
    format!(
        "Prepared territory written to {} ({:.1} MB): {} units ({} with polygons), {} neighbour pairs\n  from {} ({} features, {}; SHA-256 {})\n  with {}\n",
        out.display(),
        bytes as f64 / 1e6,
        thousands(units.len() as u64),
        thousands(with_geometry as u64),
        thousands(prepared.adjacency.pairs.len() as u64),
        p.source,
        thousands(p.features as u64),
        p.crs,
        p.source_sha256,
        p.cog
    )
}

/// The short human summary printed on the terminal.
/// `min_stage` is the threshold of the zones (S3, `--min-stage`): the "not covered" line counts
/// the units below it, as the zones and the map do.
pub fn coverage_lines(run: &CoverageRun, s: &Summary, min_stage: Stage, lang: Lang) -> String {
    let w = words(lang);
    let f = &s.france;
    let mut out = String::new();
    let scope = study_area_name(&run.territory, &run.cog);
    let colon = w.colon;
    out.push_str(&format!(
        "{scope}{colon} {} {}, {} {}, {} CPTS ({} {}{})\n",
        f.units,
        w.units,
        thousands(f.population_total),
        w.inhabitants,
        s.counts.cpts,
        s.counts.cpts_existing,
        w.existing,
        s.as_of
            .as_ref()
            .map(|d| format!(" {} {d}", w.on))
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
    // S3: below the threshold, in the area (S7), as the zones count them.
    let (mut below_units, mut below_population) = (0usize, 0u64);
    for (u, unit) in run.territory.units.iter().enumerate() {
        if run.territory.in_area(u) && run.coverage.units[u].stage.is_none_or(|st| st < min_stage) {
            below_units += 1;
            below_population += unit.population;
        }
    }
    out.push_str(&format!(
        "  {:<34}{:>6} %  ({} {}, {} {})\n",
        format!("{} {}){colon}", w.below, min_stage.as_str().to_uppercase()),
        pct(lang, percent(below_population, f.population_total)),
        thousands(below_population),
        w.inh,
        below_units,
        w.units
    ));
    if s.stalled.count > 0
        && let Some(date) = &s.stalled.date
    {
        out.push_str(&format!(
            "  {}{colon} {} {} {} {} {date} (stalled.csv)\n",
            w.stalled,
            s.stalled.count,
            w.stalled_more_than,
            s.stalled.threshold_months,
            w.months_on
        ));
    }
    out.push_str(&format!(
        "  {}{colon} {} ({} {}), {}{colon} {}, {}{colon} {}\n",
        w.overlaps,
        s.counts.overlaps,
        s.counts.overlap_conflicts,
        w.conflicts,
        w.unresolved,
        s.counts.unresolved,
        w.warnings,
        s.warnings.len()
    ));
    out
}

/// Terminal lines for zones: how many, and the five most populated.
pub fn zones_lines(run: &ZonesRun, lang: Lang) -> String {
    let w = words(lang);
    let units = &run.coverage.territory.units;
    let zones = &run.zones.zones;
    let colon = w.colon;
    let mut out = format!(
        "{} {}){colon} {} {}, {} {}, {} {}{}\n",
        w.zones_title,
        run.zones.min_stage.as_str(),
        zones.len(),
        w.zones,
        thousands(zones.iter().map(|z| z.population).sum()),
        w.inhabitants,
        zones.iter().map(|z| z.units.len()).sum::<usize>(),
        w.units,
        if run.zones.unzoned.is_empty() {
            String::new()
        } else {
            format!(" ({} {})", run.zones.unzoned.len(), w.unzoned)
        }
    );
    for zone in zones.iter().take(SHOWN_ZONES) {
        let main = &units[main_unit(units, &zone.units)];
        out.push_str(&fit(format!(
            "  {}  {:>9} {}  {:>4} {}  {:>8} km²  dép. {}  ({} {})",
            zone.id,
            thousands(zone.population),
            w.inh,
            zone.units.len(),
            if zone.units.len() == 1 {
                w.unit
            } else {
                w.units
            },
            decimals(lang, format!("{:.1}", zone.area_km2)),
            zone.departements.join(","),
            main.code,
            main.name
        )));
    }
    out.push_str(&more_zones(zones.len(), SHOWN_ZONES, w));
    out
}

/// Zones listed on the terminal by `zones` (the plan lists twice as many).
const SHOWN_ZONES: usize = 5;

/// Terminal lines are cut to this many characters (an ellipsis ends a cut line).
const LINE_WIDTH: usize = 160;

/// A line of at most [`LINE_WIDTH`] characters, with its newline.
fn fit(line: String) -> String {
    if line.chars().count() <= LINE_WIDTH {
        return line + "\n";
    }
    let cut: String = line.chars().take(LINE_WIDTH - 1).collect();
    cut + "…\n"
}

/// "  … 519 more zones in zones.csv" when the list is cut.
fn more_zones(total: usize, shown: usize, w: &Words) -> String {
    if total > shown {
        format!("  … {} {}\n", total - shown, w.more_zones)
    } else {
        String::new()
    }
}

/// The unit that names a zone: its most populous (ties: the smallest code).
fn main_unit(units: &[zones_blanches::territory::Unit], members: &[usize]) -> usize {
    members
        .iter()
        .copied()
        .max_by(|&a, &b| {
            units[a]
                .population
                .cmp(&units[b].population)
                .then(units[b].code.cmp(&units[a].code))
        })
        .unwrap_or(members[0])
}

/// The plan's totals and its ACI funding, two lines.
fn plan_totals(run: &PlanRun, summary: &PlanSummary, lang: Lang) -> String {
    let w = words(lang);
    let colon = w.colon;
    let mut out = format!(
        "{}{colon} {} {} ({} {}) {} — {} {}, {}{} {} ({} {}){} {} {} % → {} %\n",
        w.plan,
        summary.units_placed,
        w.units,
        thousands(summary.population_placed),
        w.inh,
        w.placed,
        summary.cpts_extended,
        w.extended,
        if summary.cpts_matured > 0 {
            format!("{} {}, ", summary.cpts_matured, w.to_mature)
        } else {
            String::new()
        },
        summary.new_cpts,
        w.new_cpts,
        summary.new_cpts_mentored,
        w.mentored,
        w.semicolon,
        w.coverage,
        pct(lang, summary.pct_covered),
        pct(lang, summary.pct_after_plan)
    );
    let funding = &run.funding.total;
    out.push_str(&format!(
        "  {}{colon} {} {} ({} {}) → {} {} ({}{} €)\n",
        w.funding,
        thousands(funding.envelope_before),
        w.a_year_now,
        funding.cpts_signed,
        w.signed,
        thousands(funding.envelope_after),
        w.once_signed,
        if funding.delta() < 0 { "−" } else { "+" },
        thousands(funding.delta().unsigned_abs())
    ));
    if !summary.units_unplaced.is_empty() {
        out.push_str(&fit(format!(
            "  {} {}{colon} {}",
            summary.units_unplaced.len(),
            w.unplaced,
            summary.units_unplaced.join(", ")
        )));
    }
    out
}

/// The recommended option of the ten most populated zones, one line each.
pub fn plan_lines(run: &PlanRun, summary: &PlanSummary, lang: Lang) -> String {
    let w = words(lang);
    let zones = &run.zones.zones.zones;
    let units = &run.zones.coverage.territory.units;
    let mut out = plan_totals(run, summary, lang);
    for (z, zone) in zones.iter().enumerate().take(2 * SHOWN_ZONES) {
        let first = &units[main_unit(units, &zone.units)];
        let place = if zone.units.len() == 1 {
            format!("{} {}", first.code, first.name)
        } else {
            format!("{} {} +{}", first.code, first.name, zone.units.len() - 1)
        };
        let line = match run.options[z].first() {
            Some(o) => format!("{} (score {:.0})", lang.say(&o.rationale), o.score),
            None => w.no_option.to_string(),
        };
        let decided = zone.units.iter().all(|&u| run.plan.decided[u]);
        let matured = zone
            .units
            .iter()
            .all(|&u| run.plan.target_of[u].is_some_and(|t| run.plan.targets[t].mature));
        let followed = match run.plan.followed[z] {
            _ if decided => format!(" [{}]", w.decided),
            _ if matured => format!(" [{}]", w.matured),
            Some(0) => String::new(),
            Some(i) => format!(" [{} {}]", w.follows, i + 1),
            None => format!(" [{}]", w.leftover),
        };
        out.push_str(&fit(format!(
            "  {}  {:>9} {}  {}{}{} {}",
            zone.id,
            thousands(zone.population),
            w.inh,
            place,
            followed,
            w.colon,
            line
        )));
    }
    out.push_str(&more_zones(zones.len(), 2 * SHOWN_ZONES, w));
    out
}

/// Terminal lines of a series: the study area's shares at the first and last date, and the
/// zones blanches.
pub fn series_lines(run: &SeriesRun, s: &Summary, lang: Lang) -> String {
    let Some(series) = &s.series else {
        return String::new();
    };
    let w = words(lang);
    let colon = w.colon;
    let scope = study_area_name(&run.coverage.territory, &run.coverage.cog);
    let (first, last) = (&series.first, &series.last);
    let mut out = format!(
        "{scope}{colon} {} {} {} {} {}\n",
        series.dates.len(),
        w.dates_from,
        series.dates.first().map(String::as_str).unwrap_or(""),
        w.to,
        series.dates.last().map(String::as_str).unwrap_or("")
    );
    for (label, a, b) in [
        ("≥ lettre d'intention", first.pct_ge_li, last.pct_ge_li),
        ("≥ projet de santé", first.pct_ge_ps, last.pct_ge_ps),
        ("ACI signé", first.pct_aci, last.pct_aci),
    ] {
        out.push_str(&format!(
            "  {label:<22} {:>6} % → {:>6} %  ({} pts)\n",
            pct(lang, a),
            pct(lang, b),
            points(lang, b - a)
        ));
    }
    if let (Some(z0), Some(z1)) = (
        run.points.first().and_then(|p| p.zones),
        run.points.last().and_then(|p| p.zones),
    ) {
        out.push_str(&format!(
            "  {}{colon} {} ({} {}) → {} ({} {})\n",
            w.zones_blanches,
            z0.zones,
            thousands(z0.population),
            w.inh,
            z1.zones,
            thousands(z1.population),
            w.inh
        ));
    }
    out
}

/// A change kind of `compare` (the identifiers of its CSV files) in the terminal's language.
fn change_kind(kind: &str, lang: Lang) -> &str {
    if lang == Lang::En {
        return kind;
    }
    match kind {
        "covered" => "couvertes",
        "uncovered" => "découvertes",
        "stage_up" => "stade en hausse",
        "stage_down" => "stade en baisse",
        "cpts" => "changement de CPTS",
        "appeared" => "apparues",
        "disappeared" => "disparues",
        "stage+perimeter" => "stade et périmètre",
        "stage" => "stade",
        "perimeter" => "périmètre",
        "closed" => "fermées",
        "opened" => "ouvertes",
        "shrunk" => "réduites",
        "grown" => "agrandies",
        "reshaped" => "redessinées",
        "split" => "scindées",
        "merged" => "fusionnées",
        "split+merged" => "scindées et fusionnées",
        other => other,
    }
}

/// Terminal lines of a comparison: what changed, in a few lines.
pub fn compare_lines(c: &Comparison, s: &Summary, lang: Lang) -> String {
    let Some(cmp) = &s.compare else {
        return String::new();
    };
    let w = words(lang);
    let colon = w.colon;
    let (b, a) = (&cmp.before, &cmp.after);
    let mut out = format!(
        "{} {} {} {}{colon}\n",
        w.changes_from, b.label, w.to, a.label
    );
    out.push_str(&format!(
        "  {} (≥ LI){colon} {} % → {} % ({} pts){} ACI signé{colon} {} % → {} %\n",
        w.covered,
        pct(lang, b.figures.pct_ge_li),
        pct(lang, a.figures.pct_ge_li),
        points(lang, a.figures.pct_ge_li - b.figures.pct_ge_li),
        w.semicolon,
        pct(lang, b.figures.pct_aci),
        pct(lang, a.figures.pct_aci)
    ));
    let kinds = |m: &std::collections::BTreeMap<&str, usize>| {
        if m.is_empty() {
            w.none.to_string()
        } else {
            m.iter()
                .map(|(k, n)| format!("{n} {}", change_kind(k, lang)))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    out.push_str(&format!(
        "  CPTS{colon} {} → {} {}{} {}{colon} {}\n",
        b.cpts_existing,
        a.cpts_existing,
        w.existing,
        w.semicolon,
        w.changes,
        kinds(&cmp.cpts_changes)
    ));
    out.push_str(&format!("  {}{colon} {}\n", w.units_changed, c.units.len()));
    if let (Some(zb), Some(za), Some(z)) = (b.zones, a.zones, &cmp.zones_changes) {
        out.push_str(&format!(
            "  {}{colon} {zb} → {za}{} {}\n",
            w.zones_blanches,
            w.semicolon,
            kinds(z)
        ));
    }
    out
}
