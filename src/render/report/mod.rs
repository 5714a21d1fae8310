//! `report.html`: one self-contained file (inline CSS, SVG and script, a Content-Security-Policy
//! that forbids any request) with the figures by stage, the régions and départements, the map,
//! the zones and their recommended options, overlaps, unresolved codes and notes on method.

use crate::analysis::CoverageRun;
use crate::analysis::PlanRun;
use crate::coverage::OverlapNature;
use crate::coverage::Scopes;
use crate::export::summary::PlanSummary;
use crate::export::tables::unresolved_rows;
use crate::inputs::listing::Listing;
use crate::model::format::{decimal_fr as fr, escape_xml as escape, percent, thousands};
use crate::model::french::french;
use crate::model::{SizeClass, Stage};
use crate::plan::new_cpts_ids;
use crate::plan::options::OptionKind;
use crate::plan::scopes::PlanTotals;
use crate::render::map::{Layer, MapInput, STAGE_FILLS, render_svg};
use crate::territory::Territory;
use crate::territory::cog::Cog;
use crate::zones::WhiteZones;
use std::fmt::Write;

mod time;
pub use time::{series_chart, series_report_html};

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
@page{size:A4;margin:12mm 10mm}
@media print{
body{background:#fff;font-size:9pt}
header{background:none;color:#000;padding:0 0 6pt;border-bottom:2pt solid #12355b}
header h1{color:#12355b}
main{padding:0;max-width:none}
section{border:none;border-radius:0;margin:0 0 10pt;padding:0;break-inside:auto}
#regions,#departements,#epci,#carte,#zones,#financement,#chevauchements,#non-resolus,#methode{break-before:page}
h2{break-after:avoid}
.scroll{max-height:none;overflow:visible}
table{font-size:8pt;page-break-inside:auto}
thead{display:table-header-group}
tr{break-inside:avoid}
th{position:static}
table.sortable th:after{content:none}
.map svg{max-height:250mm}
.bar{width:40px;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.stack,.legend i,.card{print-color-adjust:exact;-webkit-print-color-adjust:exact}
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

/// Build `report.html` for a plan run and its summary.
pub fn report_html(run: &PlanRun, summary: &PlanSummary) -> String {
    let coverage_run = &run.zones.coverage;
    let report = Report {
        run,
        summary,
        coverage_run,
        territory: &coverage_run.territory,
        cog: &coverage_run.cog,
        zones: &run.zones.zones,
        listing: &coverage_run.listing,
        min_stage: run.zones.zones.min_stage,
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
    report.scope_tables(&mut html);
    report.map(&mut html);
    report.zones(&mut html);
    report.plan(&mut html);
    report.funding(&mut html);
    report.stalled(&mut html);
    report.overlaps(&mut html);
    report.unresolved(&mut html);
    report.method(&mut html);
    html.push_str("</main>\n<script>");
    html.push_str(SCRIPT);
    html.push_str("</script>\n</body></html>\n");
    html
}

impl Report<'_> {
    /// The document head (CSP, style) and the page header.
    fn head(&self, html: &mut String) {
        let title = crate::coverage::study_area_title(self.territory, self.cog);
        html.push_str("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\n");
        html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
        html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        let _ = writeln!(
            html,
            "<title>Couverture CPTS — {}</title>\n<style>{STYLE}</style></head><body>",
            escape(&title)
        );
        let _ = writeln!(
            html,
            "<header><h1>{} — {}</h1><p>Plan 100 % CPTS (instruction DGOS/R5/CNAM/2023/156) : population couverte par une CPTS à chaque étape, zones blanches et propositions de couverture</p><p>Rapport du {} · zones-blanches {}{}</p></header><main>",
            if self.task_force {
                "Rapport de task force"
            } else {
                "Couverture CPTS"
            },
            escape(&title),
            report_date(),
            env!("CARGO_PKG_VERSION"),
            self.coverage_run
                .inputs
                .listing
                .as_of
                .map(|d| format!(" · situation au {}", d.format("%d/%m/%Y")))
                .unwrap_or_default()
        );
    }

    /// The inputs: files, reference, listing, evidence tables, study area.
    fn sources(&self, html: &mut String) {
        let run = self.run;
        let coverage_run = self.coverage_run;
        let territory = self.territory;
        let cog = self.cog;
        let listing = self.listing;
        let min_stage = self.min_stage;
        html.push_str("<section id=\"sources\"><h2>Données</h2><ul>");
        if let Some(path) = &coverage_run.inputs.communes {
            let prepared = coverage_run
                .prepared
                .as_ref()
                .map(|p| {
                    format!(
                        " (territoire préparé depuis <code>{}</code>, SHA-256 {}{})",
                        escape(&p.provenance.source),
                        crate::prepared::short(&p.provenance.source_sha256),
                        if p.source_checked {
                            ", inchangé depuis"
                        } else {
                            ", fichier source absent : non vérifié"
                        }
                    )
                })
                .unwrap_or_default();
            let _ = write!(
                html,
                "<li>Communes : <code>{}</code>{prepared} — {} entités, {}</li>",
                escape(&path.path().display().to_string()),
                thousands(coverage_run.features_read as u64),
                escape(coverage_run.communes_crs.as_deref().unwrap_or("-"))
            );
        }
        // S7: the CPTS of the reporting area, not every CPTS of a regional listing.
        let in_area = listing
            .cpts
            .iter()
            .filter(|c| c.units.iter().any(|&u| territory.in_area(u)))
            .count();
        let cpts = match &territory.area {
            Some(area) => format!(
                "{in_area} CPTS dans {} (la liste en compte {})",
                escape(&area.name),
                listing.cpts.len()
            ),
            None => format!("{} CPTS", listing.cpts.len()),
        };
        let _ = write!(
            html,
            "<li>Référentiel : {}</li><li>CPTS : <code>{}</code> — {} lignes, {cpts} (<a href=\"#non-resolus\">{}</a>)</li>",
            escape(&match &cog.source {
                Some(p) => p.display().to_string(),
                None => "COG 2026 embarqué (Etalab, INSEE, DGCL — @etalab/decoupage-administratif 6.0.0)".to_string(),
            }),
            escape(&listing.source),
            thousands(listing.rows as u64),
            match listing.unresolved.len() {
                1 => "1 ligne non résolue".to_string(),
                n => format!("{} lignes non résolues", thousands(n as u64)),
            }
        );
        if let Some(f) = &run.flows {
            let _ = write!(
                html,
                "<li>Flux : <code>{}</code> — {} lignes, {} utilisées</li>",
                escape(&f.source),
                f.rows,
                f.flows.len()
            );
        }
        if let Some(m) = &run.msp {
            let _ = write!(
                html,
                "<li>MSP : <code>{}</code> — {} lignes, {} placées</li>",
                escape(&m.source),
                m.rows,
                m.msp.len()
            );
        }
        let _ = writeln!(
            html,
            "<li>Étude : {} unités, {} département{} ; non couvert = étape inférieure à « {} »</li></ul></section>",
            thousands(territory.units.len() as u64),
            territory.departements.len(),
            if territory.departements.len() > 1 {
                "s"
            } else {
                ""
            },
            min_stage.label_fr()
        );
        self.assumptions(html);
    }

    /// What the figures assume: the threshold, the default stage, the listing's date, rows not
    /// resolved, partial départements of the layer.
    fn assumptions(&self, html: &mut String) {
        let inputs = &self.coverage_run.inputs;
        let mut items: Vec<String> = vec![format!(
            "Seuil de couverture : une unité est couverte à partir de l'étape « {} » (option --min-stage) ; en dessous, elle est en zone blanche.",
            self.min_stage.label_fr()
        )];
        items.push(match inputs.listing.default_stage {
            Some(stage) => format!(
                "Étape par défaut : les lignes sans étape sont comptées à l'étape « {} » (option --default-stage).",
                stage.label_fr()
            ),
            None => "Étape par défaut : aucune ; chaque ligne de la liste porte son étape.".to_string(),
        });
        items.push(match (inputs.listing.as_of, self.listing.latest_date()) {
            (Some(d), _) => format!(
                "Date : situation au {} (option --as-of) ; les étapes atteintes après cette date ne comptent pas.",
                d.format("%d/%m/%Y")
            ),
            (None, Some(d)) => format!(
                "Date : la liste ne fixe pas de date de situation ; sa date la plus récente est le {}.",
                d.format("%d/%m/%Y")
            ),
            (None, None) => "Date : la liste ne porte aucune date ; les étapes sont prises telles quelles.".to_string(),
        });
        let unresolved = self.listing.unresolved.len();
        items.push(format!(
            "Lignes non résolues : {} (<a href=\"#non-resolus\">liste en fin de rapport</a>) ; elles ne comptent dans aucun chiffre.",
            thousands(unresolved as u64)
        ));
        let partial: Vec<&str> = self
            .territory
            .notices
            .iter()
            .filter(|n| n.kind == "partial_layer")
            .map(|n| n.message.as_str())
            .collect();
        if !partial.is_empty() {
            items.push(format!(
                "Couche partielle : {} département{} dont la couche ne contient qu'une partie des communes ; la zone d'étude y est limitée aux communes de la couche.",
                partial.len(),
                if partial.len() > 1 { "s" } else { "" }
            ));
        }
        html.push_str("<section id=\"hypotheses\"><h2>Hypothèses</h2><ul>");
        for item in items {
            // Built from our own sentences and numbers; the option names are code.
            let _ = write!(html, "<li>{item}</li>");
        }
        html.push_str("</ul></section>\n");
    }

    /// Key figures by stage, a stacked bar and its legend.
    fn key_figures(&self, html: &mut String) {
        let zones = self.zones;
        let total = &self.scopes.france;
        let p = total.stages.total;
        let _ = write!(
            html,
            "<section id=\"chiffres\"><h2>Chiffres clés</h2><div class=\"cards\">\
             <div class=\"card\"><b>{}</b>habitants</div>\
             <div class=\"card\"><b>{} %</b>couverts (≥ lettre d'intention)</div>\
             <div class=\"card\"><b>{} %</b>≥ projet de santé validé</div>\
             <div class=\"card\"><b>{} %</b>ACI signé</div>\
             <div class=\"card\"><b>{}</b>zones blanches ({} hab.)</div>\
             <div class=\"card\"><b>{} %</b>couverts après le plan</div></div>",
            thousands(p),
            fr(percent(total.stages.at_least(Stage::Li), p)),
            fr(percent(total.stages.at_least(Stage::Ps), p)),
            fr(percent(total.stages.at_least(Stage::Aci), p)),
            zones.zones.len(),
            thousands(zones.zones.iter().map(|z| z.population).sum()),
            fr(percent(total.after_plan, p)),
        );
        let labels = STAGE_FILLS.map(|(label, _)| label);
        let colours = STAGE_FILLS.map(|(_, colour)| colour);
        html.push_str("<div class=\"stack\">");
        for k in 0..5 {
            let _ = write!(
                html,
                "<div style=\"width:{:.2}%;background:{}\" title=\"{}\"></div>",
                percent(total.stages.in_display_order()[k], p),
                colours[k],
                labels[k]
            );
        }
        html.push_str("</div><div class=\"legend\">");
        for k in 0..5 {
            let _ = write!(
                html,
                "<span><i style=\"background:{}\"></i>{} : {} hab. ({} %)</span>",
                colours[k],
                labels[k],
                thousands(total.stages.in_display_order()[k]),
                fr(percent(total.stages.in_display_order()[k], p))
            );
        }
        html.push_str("</div></section>\n");
    }

    /// Sortable tables of régions, départements and (for one département) EPCI.
    fn scope_tables(&self, html: &mut String) {
        let cog = self.cog;
        let task_force = self.task_force;
        let regions = &self.scopes.regions;
        let departements = &self.scopes.departements;
        let epcis = &self.scopes.epcis;
        let scope_table = |html: &mut String,
                           id: &str,
                           title: &str,
                           rows: &[(&str, String, PlanTotals)]| {
            let _ = write!(
                html,
                "<section id=\"{id}\"><h2>{title}</h2><div class=\"scroll\"><table class=\"sortable\" id=\"table-{id}\"><thead><tr>\
                 <th>Code</th><th>Nom</th><th class=\"n\">Population</th><th>≥ lettre d'intention</th><th>≥ projet de santé</th>\
                 <th>ACI signé</th><th class=\"n\">Non couverts</th><th class=\"n\">Zones blanches</th><th>Après le plan</th></tr></thead><tbody>"
            );
            for (code, name, s) in rows {
                let li = percent(s.stages.at_least(Stage::Li), s.stages.total);
                let ps = percent(s.stages.at_least(Stage::Ps), s.stages.total);
                let aci = percent(s.stages.at_least(Stage::Aci), s.stages.total);
                let after = percent(s.after_plan, s.stages.total);
                let _ = write!(
                    html,
                    "<tr><td>{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td data-v=\"{li:.4}\">{}</td><td data-v=\"{ps:.4}\">{}</td>\
                     <td data-v=\"{aci:.4}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\">{}</td><td data-v=\"{after:.4}\">{}</td></tr>",
                    escape(code),
                    escape(name),
                    s.stages.total,
                    thousands(s.stages.total),
                    bar(li),
                    bar(ps),
                    bar(aci),
                    s.stages.total - s.stages.at_least(self.min_stage),
                    thousands(s.stages.total - s.stages.at_least(self.min_stage)),
                    s.zones,
                    bar(after)
                );
            }
            html.push_str("</tbody></table></div></section>\n");
        };
        let region_rows: Vec<(&str, String, PlanTotals)> = regions
            .iter()
            .map(|(c, s)| (c.as_str(), cog.region_name(c).unwrap_or(c).to_string(), *s))
            .collect();
        let departement_rows: Vec<(&str, String, PlanTotals)> = departements
            .iter()
            .map(|(c, s)| {
                (
                    c.as_str(),
                    cog.departement_name(c).unwrap_or(c).to_string(),
                    *s,
                )
            })
            .collect();
        if region_rows.len() > 1 {
            scope_table(html, "regions", "Régions", &region_rows);
        }
        scope_table(html, "departements", "Départements", &departement_rows);
        if task_force {
            // The task force works by intercommunalité.
            let epci_rows: Vec<(&str, String, PlanTotals)> = epcis
                .iter()
                .map(|(c, s)| {
                    let name = if c.is_empty() {
                        "(EPCI inconnu)".to_string()
                    } else {
                        cog.epci_name(c).unwrap_or(c).to_string()
                    };
                    (c.as_str(), name, *s)
                })
                .collect();
            scope_table(html, "epci", "Intercommunalités (EPCI)", &epci_rows);
        }
    }

    /// The map with stages, plan, CPTS and département borders, zones.
    fn map(&self, html: &mut String) {
        let run = self.run;
        let input = MapInput::of(&run.zones, Some(&run.plan));
        let svg = render_svg(&input, &Layer::ALL, 1200.0);
        html.push_str("<section id=\"carte\" class=\"map\"><h2>Carte</h2>");
        html.push_str(&svg);
        html.push_str("<p class=\"note\">Unités colorées par étape de la CPTS la plus avancée ; zones blanches entourées en rouge avec leur identifiant et leur population ; hachures : territoires proposés par le plan (rouge : nouvelles CPTS, bleu : extensions).</p></section>\n");
    }

    /// Zones blanches by population with their recommended option.
    fn zones(&self, html: &mut String) {
        let run = self.run;
        let territory = self.territory;
        let zones = self.zones;
        let listing = self.listing;
        let units = &territory.units;
        let cpts = &listing.cpts;
        html.push_str("<section id=\"zones\"><h2>Zones blanches, par population</h2><p class=\"note\">Option recommandée : la mieux classée (score sur 100, voir options.csv pour toutes les options et le détail des points). Le plan la suit tant que la CPTS visée reste sous le plafond.</p><div class=\"scroll\"><table class=\"sortable\" id=\"zones-table\"><thead><tr>\
          <th>Zone</th><th class=\"n\">Population</th><th class=\"n\">Communes</th><th>Départements</th><th>Principales communes</th>\
          <th>Option recommandée</th><th>Cible</th><th class=\"n\">Score</th><th>Motifs</th></tr></thead><tbody>\n");
        for (z, zone) in zones.zones.iter().enumerate() {
            let mut members: Vec<usize> = zone.units.clone();
            members.sort_by(|&a, &b| {
                units[b]
                    .population
                    .cmp(&units[a].population)
                    .then(a.cmp(&b))
            });
            let names: Vec<String> = members
                .iter()
                .take(3)
                .map(|&u| format!("{} ({})", units[u].name, units[u].code))
                .collect();
            let more = if members.len() > 3 {
                format!(" + {}", members.len() - 3)
            } else {
                String::new()
            };
            let (kind, target, score, rationale, class) = match run.options[z].first() {
                Some(o) => {
                    let target = match o.kind {
                        OptionKind::Create => new_cpts_ids(&zone.id, o.new_cpts.len(), ", "),
                        _ => o
                            .cpts
                            .map(|c| {
                                format!(
                                    "{} ({}, {} → {} hab., {})",
                                    cpts[c].name,
                                    cpts[c].id,
                                    thousands(o.population_before.unwrap_or(0)),
                                    thousands(o.population_after),
                                    SizeClass::of_population(o.population_after).as_str()
                                )
                            })
                            .unwrap_or_default(),
                    };
                    (
                        kind_fr(o.kind),
                        target,
                        format!("{:.0}", o.score),
                        french(&o.rationale),
                        o.kind.as_str(),
                    )
                }
                None => ("—", String::new(), String::new(), String::new(), "none"),
            };
            let _ = writeln!(
                html,
                "<tr data-zone=\"{id}\"><td>{id}</td><td class=\"n\" data-v=\"{pop}\">{popf}</td><td class=\"n\">{n}</td><td>{deps}</td><td>{names}{more}</td>\
                 <td class=\"kind-{class}\">{kind}</td><td>{target}</td><td class=\"n\" data-v=\"{score}\">{score}</td><td class=\"note\">{rationale}</td></tr>",
                id = zone.id,
                pop = zone.population,
                popf = thousands(zone.population),
                n = zone.units.len(),
                deps = escape(&zone.departements.join(", ")),
                names = escape(&names.join(", ")),
                target = escape(&target),
                rationale = escape(&rationale),
            );
        }
        html.push_str("</tbody></table></div></section>\n");
    }

    /// What the 100 % plan does, in one paragraph.
    fn plan(&self, html: &mut String) {
        let summary = self.summary;
        let _ = writeln!(
            html,
            "<section id=\"plan\"><h2>Plan 100 %</h2><p>{} unités ({} hab.) rattachées : {} CPTS étendues, {} nouvelles CPTS dont {} accompagnées. \
             Couverture {} % → {} %.{}{}</p></section>",
            thousands(summary.units_placed as u64),
            thousands(summary.population_placed),
            summary.cpts_extended,
            summary.new_cpts,
            summary.new_cpts_mentored,
            fr(summary.pct_covered),
            fr(summary.pct_after_plan),
            if summary.units_unplaced.is_empty() {
                String::new()
            } else {
                format!(
                    " Unités sans géométrie non rattachées : {}.",
                    escape(&summary.units_unplaced.join(", "))
                )
            },
            if summary.by_sea.is_empty() {
                String::new()
            } else {
                format!(
                    " Rattachements d'îles par la mer : {}.",
                    escape(&summary.by_sea.join(", "))
                )
            }
        );
    }

    /// Units listed by two or more CPTS.
    fn overlaps(&self, html: &mut String) {
        let coverage_run = self.coverage_run;
        let units = &self.territory.units;
        let cpts = &self.listing.cpts;
        let overlaps = &coverage_run.coverage.overlaps;
        let _ = write!(
            html,
            "<section id=\"chevauchements\"><h2>Chevauchements ({})</h2>",
            overlaps.len()
        );
        if overlaps.is_empty() {
            html.push_str("<p>Aucune unité n'est revendiquée par plusieurs CPTS.</p>");
        } else {
            html.push_str("<div class=\"scroll\"><table class=\"sortable\" id=\"overlaps-table\"><thead><tr><th>Code</th><th>Commune</th><th class=\"n\">Population</th><th>Nature</th><th>CPTS</th></tr></thead><tbody>");
            for o in overlaps {
                let unit = &units[o.unit];
                let names: Vec<String> = o
                    .cpts
                    .iter()
                    .map(|&c| format!("{} ({})", cpts[c].name, cpts[c].id))
                    .collect();
                let _ = write!(
                    html,
                    "<tr><td>{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&unit.code),
                    escape(&unit.name),
                    unit.population,
                    thousands(unit.population),
                    match o.nature {
                        OverlapNature::SharedCity => "ville partagée (normal)",
                        OverlapNature::Conflict => "conflit à arbitrer",
                    },
                    escape(&names.join(" ; "))
                );
            }
            html.push_str("</tbody></table></div>");
        }
        html.push_str("</section>\n");
    }

    /// Rows of any input that could not be tied to a unit.
    fn unresolved(&self, html: &mut String) {
        let run = self.run;
        let coverage_run = self.coverage_run;
        let unresolved = unresolved_rows(coverage_run, &run.evidence_unresolved());
        let _ = write!(
            html,
            "<section id=\"non-resolus\"><h2>Codes non résolus ({})</h2>",
            unresolved.len()
        );
        if unresolved.is_empty() {
            html.push_str("<p>Toutes les lignes des fichiers ont été rattachées à une unité.</p>");
        } else {
            html.push_str("<div class=\"scroll\"><table id=\"unresolved-table\"><thead><tr><th>Fichier</th><th class=\"n\">Ligne</th><th>Valeur</th><th>Motif</th></tr></thead><tbody>");
            for r in &unresolved {
                let _ = write!(
                    html,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&r.file),
                    r.row,
                    escape(&r.value),
                    escape(&french(&r.reason))
                );
            }
            html.push_str("</tbody></table></div>");
        }
        html.push_str("</section>\n");
    }

    /// Notes on method.
    fn method(&self, html: &mut String) {
        let run = self.run;
        let t = &run.weights.thresholds;
        let _ = writeln!(
            html,
            "<section id=\"methode\"><h2>Méthode</h2><ul class=\"note\">\
             <li>Une unité (commune, ou arrondissement municipal de Paris, Lyon, Marseille) est couverte à partir de la lettre d'intention validée ; son étape est la plus avancée des CPTS qui la listent (S3). Les pourcentages rapportent la population municipale couverte à la population totale (S4).</li>\
             <li>Une zone blanche est un ensemble connexe d'unités non couvertes qui partagent une frontière de plus d'un mètre (S5), calculée en Lambert-93 (UTM outre-mer).</li>\
             <li>Options (S6) : extension de chaque CPTS limitrophe ; nouvelle CPTS si la zone (ou une partie contiguë) compte au moins {} habitants et deux unités ; extension temporaire d'une CPTS à ACI signé accompagnant une nouvelle CPTS. Score sur 100 : somme pondérée de composantes (frontière partagée, maturité, taille, département, distance, flux, compacité, MSP), détaillée dans options.csv.</li>\
             <li>Plan : chaque unité non couverte rejoint une seule cible ; les territoires restent d'un seul tenant (sauf îles rattachées par la mer) et aucune CPTS ne dépasse {} habitants.</li>\
             <li>Rattachement de la liste : chaque ligne désigne une commune par son code INSEE ; un ancien code (fusion de communes) est ramené à la commune actuelle ; Paris, Lyon et Marseille sont comptées par arrondissement municipal ; une ligne dont le code reste inconnu est listée dans « Codes non résolus » et ne compte nulle part.</li>\
             <li>Territoire du rapport : lorsqu'un département ou une région est demandé, les chiffres portent sur ce territoire ; les départements voisins servent de contexte (une zone blanche qui déborde est montrée entière, une CPTS voisine peut être proposée).</li>\
             <li>Financement : l'enveloppe ACI d'une CPTS dépend de sa taille (taille 1 : moins de 40 000 habitants ; taille 2 : 40 000 à 80 000 ; taille 3 : 80 000 à 175 000 ; taille 4 : au-delà), selon l'accord conventionnel interprofessionnel des CPTS.</li>\
             <li>Population : population municipale de l'INSEE de la couche des communes ou du référentiel ; les pourcentages sont arrondis à deux décimales.</li></ul></section>",
            thousands(t.create_min_population),
            thousands(t.max_population)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::demo_plan;

    #[test]
    fn the_report_is_self_contained_and_lists_every_zone() {
        let run = demo_plan();
        let summary = PlanSummary::of(run);
        let html = report_html(run, &summary);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
        // Nothing to fetch: no source or link outside the file (the SVG namespace is a name).
        for fetch in ["src=\"http", "href=\"http", "url(http", "@import"] {
            assert!(!html.contains(fetch), "{fetch}");
        }
        for zone in &run.zones.zones.zones {
            assert!(html.contains(&format!("<tr data-zone=\"{}\">", zone.id)));
        }
        assert!(html.contains("<section id=\"methode\">"));
        assert!(html.trim_end().ends_with("</html>"));
    }
}
