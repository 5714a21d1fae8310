//! What every command prints on the terminal: the share of the population by stage and the
//! counts of the run, and the helpers of the commands' own lines, in English or French
//! (`--lang`). `-q` silences all of it.

use crate::figures::Findings;
use crate::format::{percent, thousands};
use crate::parts::study_area_name;
use crate::{CoverageRun, Lang, Stage, Words};

/// A percentage with two decimals.
pub fn pct(lang: Lang, x: f64) -> String {
    lang.decimals(x, 2)
}

/// A change in points with its sign.
pub fn points(lang: Lang, x: f64) -> String {
    let text = format!("{x:+.2}");
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

/// "Outputs written to DIR".
pub fn written_line(lang: Lang, out: &std::path::Path) -> String {
    format!("{} {}\n", lang.words().outputs, out.display())
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
    let w = lang.words();
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
