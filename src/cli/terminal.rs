//! What the commands print on the terminal: the national share by stage, the zones blanches
//! and the recommended option of the most populated zones. `-q` silences all of it.

use zones_blanches::coverage::study_area_name;
use zones_blanches::format::{percent, thousands};
use zones_blanches::summary::{PlanSummary, Summary};
use zones_blanches::timeline::compare::Comparison;
use zones_blanches::timeline::series::SeriesRun;
use zones_blanches::{CoverageRun, PlanRun, Stage, ZonesRun};

/// The short human summary printed on the terminal.
/// `min_stage` is the threshold of the zones (S3, `--min-stage`): the "not covered" line counts
/// the units below it, as the zones and the map do.
pub fn coverage_lines(run: &CoverageRun, s: &Summary, min_stage: Stage) -> String {
    let f = &s.france;
    let mut out = String::new();
    let scope = study_area_name(&run.territory, &run.cog);
    out.push_str(&format!(
        "{scope}: {} units, {} inhabitants, {} CPTS ({} existing{})\n",
        f.units,
        thousands(f.population_total),
        s.counts.cpts,
        s.counts.cpts_existing,
        s.as_of
            .as_ref()
            .map(|d| format!(" on {d}"))
            .unwrap_or_default()
    ));
    out.push_str(&format!(
        "  covered (≥ lettre d'intention): {:>6.2} %  ({} inh.)\n",
        f.pct_ge_li,
        thousands(f.pop_aci + f.pop_ps + f.pop_li)
    ));
    out.push_str(&format!(
        "  ≥ projet de santé validé:        {:>6.2} %\n",
        f.pct_ge_ps
    ));
    out.push_str(&format!(
        "  ACI signé:                       {:>6.2} %\n",
        f.pct_aci
    ));
    // S3: below the threshold, in the area (S7), as the zones count them.
    let (mut below_units, mut below_population) = (0usize, 0u64);
    for (u, unit) in run.territory.units.iter().enumerate() {
        if run.territory.in_area(u) && run.coverage.units[u].stage.is_none_or(|st| st < min_stage) {
            below_units += 1;
            below_population += unit.population;
        }
    }
    out.push_str(&format!(
        "  {:<32}{:>6.2} %  ({} inh., {} units)\n",
        format!(
            "zone blanche (no CPTS ≥ {}):",
            min_stage.as_str().to_uppercase()
        ),
        percent(below_population, f.population_total),
        thousands(below_population),
        below_units
    ));
    if s.stalled.count > 0
        && let Some(date) = &s.stalled.date
    {
        out.push_str(&format!(
            "  stalled: {} CPTS at LI or PS for more than {} months on {date} (stalled.csv)\n",
            s.stalled.count, s.stalled.threshold_months
        ));
    }
    out.push_str(&format!(
        "  overlaps: {} ({} conflicts), unresolved rows: {}, warnings: {}\n",
        s.counts.overlaps,
        s.counts.overlap_conflicts,
        s.counts.unresolved,
        s.warnings.len()
    ));
    out
}

/// Terminal lines for zones: how many, and the five most populated.
pub fn zones_lines(run: &ZonesRun) -> String {
    let units = &run.coverage.territory.units;
    let zones = &run.zones.zones;
    let mut out = format!(
        "Zones blanches (stage < {}): {} zones, {} inhabitants, {} units{}\n",
        run.zones.min_stage.as_str(),
        zones.len(),
        thousands(zones.iter().map(|z| z.population).sum()),
        zones.iter().map(|z| z.units.len()).sum::<usize>(),
        if run.zones.unzoned.is_empty() {
            String::new()
        } else {
            format!(
                " ({} uncovered units without geometry not zoned)",
                run.zones.unzoned.len()
            )
        }
    );
    for zone in zones.iter().take(SHOWN_ZONES) {
        let main = &units[main_unit(units, &zone.units)];
        out.push_str(&fit(format!(
            "  {}  {:>9} inh.  {:>4} units  {:>8.1} km²  dép. {}  ({} {})",
            zone.id,
            thousands(zone.population),
            zone.units.len(),
            zone.area_km2,
            zone.departements.join(","),
            main.code,
            main.name
        )));
    }
    out.push_str(&more_zones(zones.len(), SHOWN_ZONES));
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
fn more_zones(total: usize, shown: usize) -> String {
    if total > shown {
        format!("  … {} more zones in zones.csv\n", total - shown)
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
/// The recommended option of the ten most populated zones, one line each.
pub fn plan_lines(run: &PlanRun, summary: &PlanSummary) -> String {
    let zones = &run.zones.zones.zones;
    let units = &run.zones.coverage.territory.units;
    let mut out = format!(
        "Plan: {} units ({} inh.) placed — {} CPTS extended, {}{} new CPTS ({} mentored); coverage {:.2} % → {:.2} %\n",
        summary.units_placed,
        thousands(summary.population_placed),
        summary.cpts_extended,
        if summary.cpts_matured > 0 {
            format!("{} CPTS projects to mature, ", summary.cpts_matured)
        } else {
            String::new()
        },
        summary.new_cpts,
        summary.new_cpts_mentored,
        summary.pct_covered,
        summary.pct_after_plan
    );
    let funding = &run.funding.total;
    out.push_str(&format!(
        "  ACI funding: {} € a year now ({} CPTS signed) → {} € once every proposed CPTS signs ({}{} €)\n",
        thousands(funding.envelope_before),
        funding.cpts_signed,
        thousands(funding.envelope_after),
        if funding.delta() < 0 { "−" } else { "+" },
        thousands(funding.delta().unsigned_abs())
    ));
    if !summary.units_unplaced.is_empty() {
        out.push_str(&fit(format!(
            "  {} uncovered units without geometry not placed: {}",
            summary.units_unplaced.len(),
            summary.units_unplaced.join(", ")
        )));
    }
    for (z, zone) in zones.iter().enumerate().take(2 * SHOWN_ZONES) {
        let first = &units[main_unit(units, &zone.units)];
        let place = if zone.units.len() == 1 {
            format!("{} {}", first.code, first.name)
        } else {
            format!("{} {} +{}", first.code, first.name, zone.units.len() - 1)
        };
        let line = match run.options[z].first() {
            Some(o) => format!("{} (score {:.0})", o.rationale, o.score),
            None => "no option".to_string(),
        };
        let decided = zone.units.iter().all(|&u| run.plan.decided[u]);
        let matured = zone
            .units
            .iter()
            .all(|&u| run.plan.target_of[u].is_some_and(|t| run.plan.targets[t].mature));
        let followed = match run.plan.followed[z] {
            _ if decided => " [decided by the task force]".to_string(),
            _ if matured => " [stays with its CPTS project: mature it]".to_string(),
            Some(0) => String::new(),
            Some(i) => format!(" [plan follows option {}]", i + 1),
            None => " [plan: leftover rule]".to_string(),
        };
        out.push_str(&fit(format!(
            "  {}  {:>9} inh.  {}{}: {}",
            zone.id,
            thousands(zone.population),
            place,
            followed,
            line
        )));
    }
    out.push_str(&more_zones(zones.len(), 2 * SHOWN_ZONES));
    out
}

/// Terminal lines of a series: the study area's shares at the first and last date, and the
/// zones blanches.
pub fn series_lines(run: &SeriesRun, s: &Summary) -> String {
    let Some(series) = &s.series else {
        return String::new();
    };
    let scope = study_area_name(&run.coverage.territory, &run.coverage.cog);
    let (first, last) = (&series.first, &series.last);
    let mut out = format!(
        "{scope}: {} dates from {} to {}\n",
        series.dates.len(),
        series.dates.first().map(String::as_str).unwrap_or(""),
        series.dates.last().map(String::as_str).unwrap_or("")
    );
    for (label, a, b) in [
        ("≥ lettre d'intention", first.pct_ge_li, last.pct_ge_li),
        ("≥ projet de santé", first.pct_ge_ps, last.pct_ge_ps),
        ("ACI signé", first.pct_aci, last.pct_aci),
    ] {
        out.push_str(&format!(
            "  {label:<22} {a:>6.2} % → {b:>6.2} %  ({:+.2} pts)\n",
            b - a
        ));
    }
    if let (Some(z0), Some(z1)) = (
        run.points.first().and_then(|p| p.zones),
        run.points.last().and_then(|p| p.zones),
    ) {
        out.push_str(&format!(
            "  zones blanches: {} ({} inh.) → {} ({} inh.)\n",
            z0.zones,
            thousands(z0.population),
            z1.zones,
            thousands(z1.population)
        ));
    }
    out
}

/// Terminal lines of a comparison: what changed, in a few lines.
pub fn compare_lines(c: &Comparison, s: &Summary) -> String {
    let Some(cmp) = &s.compare else {
        return String::new();
    };
    let (b, a) = (&cmp.before, &cmp.after);
    let mut out = format!("Changes from {} to {}:\n", b.label, a.label);
    out.push_str(&format!(
        "  covered (≥ LI): {:.2} % → {:.2} % ({:+.2} pts); ACI signé: {:.2} % → {:.2} %\n",
        b.figures.pct_ge_li,
        a.figures.pct_ge_li,
        a.figures.pct_ge_li - b.figures.pct_ge_li,
        b.figures.pct_aci,
        a.figures.pct_aci
    ));
    let kinds = |m: &std::collections::BTreeMap<&str, usize>| {
        if m.is_empty() {
            "none".to_string()
        } else {
            m.iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    out.push_str(&format!(
        "  CPTS: {} → {} existing; changes: {}\n",
        b.cpts_existing,
        a.cpts_existing,
        kinds(&cmp.cpts_changes)
    ));
    out.push_str(&format!("  units changed: {}\n", c.units.len()));
    if let (Some(zb), Some(za), Some(z)) = (b.zones, a.zones, &cmp.zones_changes) {
        out.push_str(&format!("  zones blanches: {zb} → {za}; {}\n", kinds(z)));
    }
    out
}
