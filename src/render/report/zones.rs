//! The report's map, its zones blanches with their recommended option, and the plan.

use super::{Report, escape, fr, kind_fr, thousands};
use crate::analysis::PlanRun;
use crate::model::SizeClass;
use crate::model::catalogue::Lang;
use crate::plan::options::OptionKind;
use crate::render::map::{Layer, MapInput, render_svg};
use std::fmt::Write;

impl Report<'_> {
    /// The map with stages, plan, CPTS and département borders, zones.
    pub(super) fn map(&self, html: &mut String) {
        let run = self.run;
        let input = MapInput::of(&run.zoning, Some(&run.plan));
        // On screen 1200 px wide; printed, a narrower drawing whose labels print at 8 pt or
        // more on A4 (190 mm).
        let (screen, print) = rayon::join(
            || render_svg(&input, &Layer::ALL, 1200.0),
            || render_svg(&input, &Layer::ALL, super::pages::PRINT_MAP_WIDTH),
        );
        html.push_str(
            "<section id=\"carte\" class=\"map\"><h2>Carte</h2><div class=\"screen-only\">",
        );
        html.push_str(&screen);
        html.push_str("</div><div class=\"print-only\">");
        html.push_str(&print);
        html.push_str("</div>");
        html.push_str("<p class=\"note\">Unités colorées par étape de la CPTS la plus avancée ; zones blanches entourées en rouge avec leur identifiant et leur population ; hachures : territoires proposés par le plan (rouge : nouvelles CPTS, bleu : extensions).</p></section>\n");
    }

    /// Zones blanches by population with their recommended option.
    pub(super) fn zones(&self, html: &mut String) {
        let run = self.run;
        let territory = self.territory;
        let zones = self.zones;
        let listing = self.listing;
        let units = &territory.units;
        let cpts = &listing.cpts;
        let priority = run.zoning.coverage.monitoring.priority_name();
        let priorities = run.zoning.priorities();
        let register = run.zoning.register.is_some();
        let _ = write!(
            html,
            "<section id=\"zones\"><h2>Zones blanches, par {}</h2><p class=\"note\">Option recommandée : la mieux classée (score sur 100, voir options.csv pour toutes les options et le détail des points). Le plan la suit tant que la CPTS visée reste sous le plafond.</p><div class=\"scroll\"><table class=\"sortable\" id=\"zones-table\"><thead><tr>\
          <th>Zone</th><th class=\"n\">Population</th>{}<th class=\"n\">Communes</th><th>Départements</th><th>Principales communes</th>\
          <th>Option recommandée</th><th>Cible</th><th class=\"n\">Score</th><th>Plan retenu</th>{}<th>Motifs</th></tr></thead><tbody>",
            match priority {
                Some(p) => format!("priorité ({})", escape(p)),
                None => "population".into(),
            },
            priority.map_or(String::new(), |p| format!(
                "<th class=\"n\">{}</th>",
                escape(p)
            )),
            if register { "<th>Registre</th>" } else { "" },
        );
        for z in run.zoning.report_order() {
            let zone = &zones[z];
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
                        OptionKind::Create => {
                            o.formed_ids(territory, |c| cpts[c].id.clone()).join(", ")
                        }
                        OptionKind::Split => o
                            .split
                            .iter()
                            .map(|p| format!("{} ({})", cpts[p.cpts].name, cpts[p.cpts].id))
                            .collect::<Vec<_>>()
                            .join(", "),
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
                        o.rationale.say(Lang::Fr),
                        o.kind.as_str(),
                    )
                }
                None => ("—", String::new(), String::new(), String::new(), "none"),
            };
            let priority_cell = priorities.as_ref().map_or(String::new(), |v| match v[z] {
                Some(x) => format!("<td class=\"n\" data-v=\"{x}\">{}</td>", fr(x)),
                None => "<td class=\"n\" data-v=\"-1e300\">—</td>".into(),
            });
            let register_cell = if register {
                format!("<td class=\"register\">{}</td>", register_text(run, z))
            } else {
                String::new()
            };
            let _ = writeln!(
                html,
                "<tr data-zone=\"{id}\" data-key=\"{key}\"><td>{id}<br><span class=\"note\">{key}</span></td><td class=\"n\" data-v=\"{pop}\">{popf}</td>{priority_cell}<td class=\"n\">{n}</td><td>{deps}</td><td>{names}{more}</td>\
                 <td class=\"kind-{class}\">{kind}</td><td>{target}</td><td class=\"n\" data-v=\"{score}\">{score}</td><td class=\"built{decided}\">{built}</td>{register_cell}<td class=\"note\">{rationale}</td></tr>",
                id = zone.id,
                key = zone.key,
                built = escape(&run.zone_plan_text(z, Lang::Fr)),
                decided = if run.zone_decided(z) { " decided" } else { "" },
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

    /// How many zones stand at each status of the register, in one line.
    pub(super) fn register_line(&self, html: &mut String) {
        let zoning = &self.run.zoning;
        if zoning.register.is_none() {
            return;
        }
        let mut counts = std::collections::BTreeMap::new();
        let mut none = 0usize;
        for z in 0..zoning.zones.len() {
            match zoning.register_now(z) {
                Some(e) => *counts.entry(e.status).or_insert(0usize) += 1,
                None => none += 1,
            }
        }
        let mut parts: Vec<String> = counts
            .iter()
            .map(|(s, n)| format!("{} : {n}", s.label()))
            .collect();
        parts.push(format!("absentes du registre : {none}"));
        let _ = writeln!(
            html,
            "<p id=\"register-line\" class=\"note\">Registre de la task force — zones par statut : {}.</p>",
            escape(&parts.join(" ; "))
        );
    }

    /// What the 100 % plan does, in one paragraph.
    pub(super) fn plan(&self, html: &mut String) {
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
}

/// A zone's current register row as a cell: status, date, coordinator, strategy, comment.
pub(super) fn register_text(run: &PlanRun, z: usize) -> String {
    let Some(e) = run.zoning.register_now(z) else {
        return "<span class=\"note\">absente du registre</span>".into();
    };
    let mut parts = vec![format!("<b>{}</b>", escape(e.status.label()))];
    if let Some(d) = e.date {
        parts.push(d.format("%d/%m/%Y").to_string());
    }
    match e.coordinator {
        Some(true) => parts.push("coordonnateur financé".into()),
        Some(false) => parts.push("sans coordonnateur".into()),
        None => {}
    }
    for text in [&e.strategy, &e.comment] {
        if !text.is_empty() {
            parts.push(escape(text));
        }
    }
    parts.join(" · ")
}
