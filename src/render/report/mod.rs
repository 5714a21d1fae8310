//! `report.html`: one self-contained file (inline CSS, SVG and script, a Content-Security-Policy
//! that forbids any request) with the figures by stage, the régions and départements, the map,
//! the zones and their recommended options, overlaps, unresolved codes and notes on method.

use crate::analysis::figures::PlanSummary;
use crate::analysis::{CoverageRun, PlanRun};
use crate::coverage::Scopes;
use crate::inputs::listing::Listing;
use crate::model::Stage;
use crate::model::format::{decimal_fr as fr, escape_xml as escape, thousands};
use crate::plan::options::OptionKind;
use crate::plan::scopes::PlanTotals;
use crate::territory::Territory;
use crate::territory::cog::Cog;
use crate::zones::WhiteZones;

mod compare;
mod dgos;
mod figures;
mod meeting;
mod notes;
mod pages;
mod series;
mod sources;
mod time;
mod zones;
pub use compare::{compare_map, compare_report_html};
pub use dgos::dgos_html;
pub use series::{series_chart, series_report_html};

const STYLE: &str = r#"
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;margin:0;color:#1d232a;background:#f6f7f8;font-size:14px}
header{background:#12355b;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:2px 0;opacity:.9}
main{padding:8px 28px 40px;max-width:1400px}
section{background:#fff;border:1px solid #dde1e5;border-radius:6px;margin:16px 0;padding:12px 18px}
h2{font-size:17px;margin:6px 0 10px;color:#12355b}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e4e7ea;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef1f4;position:sticky;top:0}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th:after{content:" \2195";color:#9aa5b1;font-size:11px}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bar{display:inline-block;width:90px;height:9px;background:#e6e8eb;border-radius:2px;margin-right:6px;vertical-align:middle}
.bar span{display:block;height:100%;background:#1b7f5b;border-radius:2px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid #dde1e5;border-radius:6px;padding:8px 14px;min-width:150px}
.card b{display:block;font-size:22px;color:#12355b}
.stack{display:flex;height:22px;border-radius:3px;overflow:hidden;margin:12px 0 4px;border:1px solid #ccd}
.stack div{height:100%}
.legend span{display:inline-block;margin-right:14px;font-size:12px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-2px;border:1px solid #aaa}
.map svg{width:100%;height:auto}
.scroll{max-height:640px;overflow:auto}
.note{color:#56616c;font-size:12px}
.pct{white-space:nowrap}
.kind-extend{color:#1f5fbf}.kind-create{color:#c62828}.kind-mentor{color:#8e24aa}
.print-only{display:none}
.page h3{font-size:14px;margin:10px 0 4px;color:#12355b}
.zone-map svg{width:100%;max-width:640px;height:auto}
.status-refused{color:#c62828;font-weight:bold}.status-applied{color:#1b7f5b}
tr.context td{color:#7a848e;font-style:italic}
@page{size:A4;margin:12mm 10mm}
@media print{
body{background:#fff;font-size:9pt}
header{background:none;color:#000;padding:0 0 6pt;border-bottom:2pt solid #12355b}
header h1{color:#12355b}
main{padding:0;max-width:none}
section{border:none;border-radius:0;margin:0 0 10pt;padding:0;break-inside:auto}
/* The document flows; only the pages of the zones (after the first) and of the CPTS start a
   page, so that no page is left nearly empty. */
.zone-page+.zone-page,.cpts-page,.page h3.next-page{break-before:page}
h2,h3{break-after:avoid}
.zone-head{break-inside:avoid}
.scroll{max-height:none;overflow:visible}
table{font-size:8pt;page-break-inside:auto}
th,td{padding:1.5pt 3pt}
.page h2{margin:0 0 3pt}.page h3{font-size:10pt;margin:6pt 0 2pt}.page p{margin:2pt 0}
thead{display:table-header-group}
tr{break-inside:avoid}
th{position:static}
table.sortable th:after{content:none}
.screen-only{display:none}
.print-only{display:block}
.print-only svg{width:190mm;max-width:190mm;height:auto}
.zone-map svg{width:158.3mm;max-width:158.3mm;height:auto}
.bar{width:40px;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.stack,.legend i,.card,.zone-map,.print-only{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
"#;

const SCRIPT: &str = r#"
(function(){
  function key(cell){var v=cell.getAttribute('data-v');if(v!==null){return parseFloat(v);}return cell.textContent.trim().toLowerCase();}
  document.querySelectorAll('table.sortable').forEach(function(table){
    table.querySelectorAll('th').forEach(function(th,col){
      th.addEventListener('click',function(){
        var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
        var asc=th.getAttribute('data-asc')!=='1';th.setAttribute('data-asc',asc?'1':'0');
        rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);if(x<y)return asc?-1:1;if(x>y)return asc?1:-1;return 0;});
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  document.documentElement.setAttribute('data-ready','1');
  document.documentElement.setAttribute('data-resources',String(performance.getEntriesByType('resource').length));
})();
"#;

fn bar(value: f64) -> String {
    format!(
        "<span class=\"pct\"><span class=\"bar\"><span style=\"width:{:.1}%\"></span></span>{} %</span>",
        value.clamp(0.0, 100.0),
        fr(value)
    )
}

fn kind_fr(kind: OptionKind) -> &'static str {
    match kind {
        OptionKind::Extend => "Extension",
        OptionKind::Split => "Partage entre CPTS voisines selon les EPCI",
        OptionKind::Create => "Nouvelle CPTS",
        OptionKind::Mentor => "Extension temporaire avec accompagnement",
    }
}

/// The date the report shows: `SOURCE_DATE_EPOCH` when set (reproducible builds), else today.
fn report_date() -> String {
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    };
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(now);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.date_naive().format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// Everything the sections of the report read.
struct Report<'a> {
    run: &'a PlanRun,
    summary: &'a PlanSummary,
    coverage_run: &'a CoverageRun,
    territory: &'a Territory,
    cog: &'a Cog,
    zones: &'a WhiteZones,
    listing: &'a Listing,
    min_stage: Stage,
    scopes: &'a Scopes<PlanTotals>,
    task_force: bool,
}

/// Build `report.html` for a plan run.
pub fn report_html(run: &PlanRun) -> String {
    let coverage_run = &run.zoning.coverage;
    let report = Report {
        run,
        summary: &run.summary,
        coverage_run,
        territory: &coverage_run.territory,
        cog: &coverage_run.cog,
        zones: &run.zoning.zones,
        listing: &coverage_run.listing,
        min_stage: run.zoning.zones.min_stage,
        scopes: &run.scopes,
        // One département reported (S7: the area's, not its context's).
        task_force: match &coverage_run.territory.area {
            Some(area) => area.departements.len() == 1,
            None => coverage_run.territory.departements.len() == 1,
        },
    };
    let mut html = String::with_capacity(1 << 20);
    report.head(&mut html);
    report.sources(&mut html);
    report.key_figures(&mut html);
    report.decisions(&mut html);
    report.scope_tables(&mut html);
    report.map(&mut html);
    report.register_line(&mut html);
    report.zones(&mut html);
    report.plan(&mut html);
    report.plan_table(&mut html);
    report.funding(&mut html);
    report.stalled(&mut html);
    report.overlaps(&mut html);
    report.unresolved(&mut html);
    report.method(&mut html);
    report.zone_pages(&mut html);
    report.cpts_pages(&mut html);
    html.push_str("</main>\n<script>");
    html.push_str(SCRIPT);
    html.push_str("</script>\n</body></html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::demo_plan;

    #[test]
    fn the_report_is_self_contained_and_lists_every_zone() {
        let run = demo_plan();
        let html = report_html(run);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
        // Nothing to fetch: no source or link outside the file (the SVG namespace is a name).
        for fetch in ["src=\"http", "href=\"http", "url(http", "@import"] {
            assert!(!html.contains(fetch), "{fetch}");
        }
        for zone in run.zoning.zones.iter() {
            assert!(html.contains(&format!(
                "<tr data-zone=\"{}\" data-key=\"{}\">",
                zone.id, zone.key
            )));
        }
        assert!(html.contains("<section id=\"methode\">"));
        assert!(html.trim_end().ends_with("</html>"));
    }
}
