//! The report's figures: key figures by stage with their stacked bar, and the tables of
//! régions, départements and EPCI.

use super::{Report, bar, escape, fr, thousands};
use crate::model::Stage;
use crate::model::format::percent;
use crate::plan::scopes::PlanTotals;
use crate::render::map::STAGE_FILLS;
use std::fmt::Write;

impl Report<'_> {
    /// Key figures by stage, a stacked bar and its legend.
    pub(super) fn key_figures(&self, html: &mut String) {
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
            zones.len(),
            thousands(zones.iter().map(|z| z.population).sum()),
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
    pub(super) fn scope_tables(&self, html: &mut String) {
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
}
