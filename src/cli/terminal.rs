//! What the commands print on the terminal: the national share by stage, the zones blanches
//! and the recommended option of the most populated zones. `-q` silences all of it.

use zones_blanches::coverage::study_area_name;
use zones_blanches::format::{percent, thousands};
use zones_blanches::summary::{PlanSummary, Summary};
use zones_blanches::{CoverageRun, PlanRun, ZonesRun};

/// The short human summary printed on the terminal.
pub fn coverage_lines(run: &CoverageRun, s: &Summary) -> String {
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
    out.push_str(&format!(
        "  zone blanche (no CPTS ≥ LI):     {:>6.2} %  ({} inh., {} units)\n",
        percent(f.pop_none + f.pop_preprojet, f.population_total),
        thousands(f.pop_none + f.pop_preprojet),
        s.counts.units_uncovered
    ));
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
    for zone in zones.iter().take(5) {
        let first = &units[zone.units[0]];
        out.push_str(&format!(
            "  {}  {:>9} inh.  {:>4} units  {:>8.1} km²  dép. {}  (from {} {})\n",
            zone.id,
            thousands(zone.population),
            zone.units.len(),
            zone.area_km2,
            zone.departements.join(","),
            first.code,
            first.name
        ));
    }
    out
}
/// The recommended option of the ten most populated zones, one line each.
pub fn plan_lines(run: &PlanRun, summary: &PlanSummary) -> String {
    let zones = &run.zones.zones.zones;
    let units = &run.zones.coverage.territory.units;
    let mut out = format!(
        "Plan: {} units ({} inh.) placed — {} CPTS extended, {} new CPTS ({} mentored); coverage {:.2} % → {:.2} %\n",
        summary.units_placed,
        thousands(summary.population_placed),
        summary.cpts_extended,
        summary.new_cpts,
        summary.new_cpts_mentored,
        summary.pct_covered,
        summary.pct_after_plan
    );
    if !summary.units_unplaced.is_empty() {
        out.push_str(&format!(
            "  {} uncovered units without geometry not placed: {}\n",
            summary.units_unplaced.len(),
            summary.units_unplaced.join(", ")
        ));
    }
    for (z, zone) in zones.iter().enumerate().take(10) {
        let first = &units[zone.units[0]];
        let place = if zone.units.len() == 1 {
            format!("{} {}", first.code, first.name)
        } else {
            format!("{} {} +{}", first.code, first.name, zone.units.len() - 1)
        };
        let line = match run.options[z].first() {
            Some(o) => format!("{} (score {:.0})", o.rationale, o.score),
            None => "no option".to_string(),
        };
        let followed = match run.plan.followed[z] {
            Some(0) => String::new(),
            Some(i) => format!(" [plan follows option {}]", i + 1),
            None => " [plan: leftover rule]".to_string(),
        };
        out.push_str(&format!(
            "  {}  {:>9} inh.  {}: {}{}\n",
            zone.id,
            thousands(zone.population),
            place,
            line,
            followed
        ));
    }
    out
}
