//! The report as the task force's meeting document (S8 amendment): the "Décisions" section
//! (every row of the decisions file, applied or refused with its reason and hint) and the plan
//! table, commune by commune, with the EPCI each target keeps or cuts.

use super::{Report, escape, thousands};
use crate::analysis::EpciShares;
use crate::model::catalogue::{Lang, PlanPhrase, Text};
use crate::model::format::decimal_fr as fr;
use std::fmt::Write;

/// The kind of a placement, in French.
pub(super) fn placement_fr(kind: &str) -> &'static str {
    match kind {
        "extend" => "extension",
        "mature" => "projet à faire mûrir",
        "create" => "nouvelle CPTS",
        "mentor" => "nouvelle CPTS accompagnée",
        _ => "non rattachée",
    }
}

impl Report<'_> {
    /// "Décisions de la task force": one row per row of the decisions file.
    pub(super) fn decisions(&self, html: &mut String) {
        let run = self.run;
        let Some(decisions) = &run.decisions else {
            return;
        };
        let statuses = &run.decision_statuses;
        let refused = statuses.iter().filter(|s| !s.applied).count();
        let units = &self.territory.units;
        let _ = write!(
            html,
            "<section id=\"decisions\"><h2>Décisions de la task force ({n})</h2><p>Fichier {file} : {applied} appliquée{sa}, <b>{refused} refusée{sr}</b>. \
             Une décision refusée l'est avec sa raison ; « pour l'appliquer » nomme les communes à attribuer aussi (le plus petit nombre d'habitants) pour qu'elle le devienne.</p>\
             <table id=\"decisions-table\"><thead><tr><th class=\"n\">Ligne</th><th>Commune ou zone</th><th>CPTS</th><th>Décision</th><th>Statut</th><th>Motif</th><th>Pour l'appliquer</th></tr></thead><tbody>",
            n = statuses.len(),
            file = escape(&decisions.source),
            applied = statuses.len() - refused,
            sa = if statuses.len() - refused > 1 {
                "s"
            } else {
                ""
            },
            sr = if refused > 1 { "s" } else { "" },
        );
        html.push('\n');
        for s in statuses {
            let hint: Vec<String> = s
                .hint
                .iter()
                .map(|&u| format!("{} ({})", units[u].name, units[u].code))
                .collect();
            let _ = writeln!(
                html,
                "<tr class=\"decision-{status}\" data-row=\"{row}\"><td class=\"n\">{row}</td><td>{unit}</td><td>{cpts}</td><td>{decision}</td><td class=\"status-{status}\">{status_fr}</td><td class=\"note\">{reason}</td><td>{hint}</td></tr>",
                status = s.status(),
                row = s.row,
                unit = escape(&s.unit),
                cpts = escape(&s.cpts),
                decision = if s.assign { "affecter" } else { "interdire" },
                status_fr = if s.applied { "appliquée" } else { "refusée" },
                reason = escape(&s.reason(Lang::Fr, self.territory)),
                hint = escape(&hint.join(", ")),
            );
        }
        html.push_str("</tbody></table></section>\n");
    }

    /// "Plan commune par commune": every unit of the zones, its target by name, the share of
    /// its EPCI the target holds, whether the task force decided it, and why.
    pub(super) fn plan_table(&self, html: &mut String) {
        let run = self.run;
        let plan = &run.plan;
        let units = &self.territory.units;
        if !self.has_pages() {
            let units: usize = self.zones.iter().map(|z| z.units.len()).sum();
            let _ = writeln!(
                html,
                "<section id=\"plan-communes\"><h2>Plan commune par commune</h2><p>{} communes dans {} zones blanches : la cible de chacune est dans <code>plan.csv</code> ; le tableau et les fiches sont dans les rapports d'une région (<code>--region</code>) ou d'un département (<code>--departement</code>).</p></section>",
                thousands(units as u64),
                self.zones.len()
            );
            return;
        }
        let epci = EpciShares::of(run);
        html.push_str("<section id=\"plan-communes\"><h2>Plan commune par commune</h2><p class=\"note\">Chaque commune des zones blanches, la CPTS qui la couvrira et pourquoi. « EPCI dans la cible » : part de la population de l'EPCI de la commune que couvrira sa cible (100 % : l'EPCI reste entier).</p>\
          <table class=\"sortable\" id=\"plan-table\"><thead><tr><th>Code</th><th>Commune</th><th>Zone</th><th class=\"n\">Population</th><th>Cible</th><th>Mode</th><th>EPCI</th><th class=\"n\">EPCI dans la cible</th><th>Décidé</th><th>Motif</th></tr></thead><tbody>\n");
        for zone in self.zones.iter() {
            for &u in &zone.units {
                let unit = &units[u];
                let target = plan.target_of[u].map(|t| &plan.targets[t]);
                let reason = match &plan.reason_of[u] {
                    Some(reason) => reason.say(Lang::Fr),
                    None => Text::from(PlanPhrase::NoGeometry).say(Lang::Fr),
                };
                let share = epci.share(u);
                let _ = writeln!(
                    html,
                    "<tr data-code=\"{code}\"{ctx}><td>{code}</td><td>{name}</td><td>{zone} <span class=\"note\">{key}</span></td><td class=\"n\" data-v=\"{pop}\">{popf}</td><td>{target}</td><td>{kind}</td><td>{epci}</td><td class=\"n\" data-v=\"{sharev}\">{share}</td><td>{decided}</td><td class=\"note\">{reason}</td></tr>",
                    code = unit.code,
                    ctx = if self.territory.in_area(u) {
                        ""
                    } else {
                        " class=\"context\""
                    },
                    name = escape(&unit.name),
                    zone = zone.id,
                    key = zone.key,
                    pop = unit.population,
                    popf = thousands(unit.population),
                    target = target.map_or(String::new(), |t| format!(
                        "{} ({})",
                        escape(&t.name),
                        escape(&t.id)
                    )),
                    kind = placement_fr(plan.target_of[u].map_or("", |t| plan.kind_of(t))),
                    epci = escape(unit.epci.as_deref().map_or("", |e| self.epci_name(e))),
                    sharev = share.unwrap_or(-1.0),
                    share = share.map_or(String::new(), |s| format!("{} %", fr(s))),
                    decided = if plan.decided[u] { "oui" } else { "" },
                    reason = escape(&reason),
                );
            }
        }
        html.push_str("</tbody></table></section>\n");
    }

    /// An EPCI's name from the COG, else its SIREN.
    pub(super) fn epci_name<'e>(&'e self, siren: &'e str) -> &'e str {
        self.cog.epci_name(siren).unwrap_or(siren)
    }
}
