//! `retour-dgos.html`: the periodic return to the DGOS, printable (A4 landscape, one région per
//! page), in French: per région the coverage by stage, the zones blanches and the strategy of
//! each, the register's status, coordinators and calendar.

use crate::analysis::dgos::{DgosRegion, DgosReturn, DgosZone};
use crate::inputs::register::RegisterStatus;
use crate::model::format::{decimal_fr as fr, escape_xml as escape, thousands};
use std::fmt::Write;

const STYLE: &str = r#"
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1d232a;margin:24px;font-size:13px}
h1{font-size:20px;color:#12355b;margin:0 0 4px}h2{font-size:16px;color:#12355b;margin:18px 0 6px}
p.note{color:#56616c;font-size:11px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid #cfd5db;padding:3px 5px;text-align:left;vertical-align:top}
th{background:#eef1f4}td.key{white-space:nowrap}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.cards{display:flex;gap:10px;flex-wrap:wrap}.card{border:1px solid #cfd5db;border-radius:4px;padding:6px 10px}
.card b{display:block;font-size:18px;color:#12355b}
@page{size:A4 landscape;margin:10mm}
@media print{body{margin:0;font-size:8pt}section.region+section.region{break-before:page}tr{break-inside:avoid}thead{display:table-header-group}}
"#;

fn region_cards(html: &mut String, r: &DgosRegion, with_register: bool) {
    let _ = write!(
        html,
        "<div class=\"cards\"><div class=\"card\"><b>{} %</b>population couverte</div><div class=\"card\"><b>{}</b>zones blanches</div><div class=\"card\"><b>{}</b>habitants en zone blanche</div><div class=\"card\"><b>{} / {} / {}</b>CPTS en LI / PS / ACI</div>",
        fr(r.pct_covered),
        r.zones,
        thousands(r.zones_population),
        r.cpts[0],
        r.cpts[1],
        r.cpts[2],
    );
    if with_register {
        let _ = write!(
            html,
            "<div class=\"card\"><b>{}</b>coordonnateurs financés</div>",
            r.coordinators
        );
    }
    html.push_str("</div>\n");
    if with_register {
        let parts: Vec<String> = RegisterStatus::ALL
            .iter()
            .zip(r.by_status)
            .map(|(s, n)| format!("{} : {n}", s.label()))
            .chain(std::iter::once(format!(
                "hors registre : {}",
                r.not_in_register
            )))
            .collect();
        let _ = writeln!(
            html,
            "<p class=\"status-line\">Zones par statut — {}.</p>",
            escape(&parts.join(" ; "))
        );
    }
}

fn zone_row(html: &mut String, z: &DgosZone, with_register: bool) {
    let _ = write!(
        html,
        "<tr data-key=\"{key}\"><td class=\"key\">{key}<br>{id}</td><td>{name}</td><td>{deps}</td><td class=\"n\">{pop}</td><td class=\"n\">{n}</td><td><b>{mode}</b><br>{plan}</td>",
        key = escape(&z.key),
        id = escape(&z.id),
        name = escape(&z.name),
        deps = escape(&z.departements),
        pop = thousands(z.population),
        n = z.communes,
        mode = escape(&z.plan_mode),
        plan = escape(&z.plan_text),
    );
    if with_register {
        let (status, date, strategy, coordinator, comment) = match &z.register {
            Some(e) => (
                e.status.label().to_string(),
                e.date
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                e.strategy.clone(),
                e.coordinator_fr(),
                e.comment.clone(),
            ),
            None => (
                "hors registre".into(),
                String::new(),
                String::new(),
                "",
                String::new(),
            ),
        };
        let _ = write!(
            html,
            "<td class=\"status\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            escape(&status),
            date,
            escape(&strategy),
            coordinator,
            escape(&comment),
            escape(&z.calendar_text())
        );
    }
    html.push_str("</tr>\n");
}

/// The printable return.
pub fn dgos_html(r: &DgosReturn) -> String {
    let mut html = String::with_capacity(64 << 10);
    let date = r
        .date
        .map(|d| format!("situation au {}", d.format("%d/%m/%Y")))
        .unwrap_or_else(|| "situation non datée (la liste ne porte aucune date)".into());
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"><title>Retour DGOS — zones blanches CPTS — {area}</title><style>{STYLE}</style></head><body>\
         <h1>Plan 100 % CPTS — retour à la DGOS</h1><p>{area} — {date}. Instruction DGOS/R5/CNAM/2023/156 : nombre de zones blanches, stratégie de couverture proposée, financement d'un coordonnateur.</p>\
         <p class=\"note\">Zones blanches : communes non couvertes par une CPTS au stade retenu, d'un seul tenant. Mode proposé : celui du plan 100 % de zones-blanches (extension d'une CPTS voisine, création, création accompagnée par une CPTS mature, maturation d'un projet). Statut, stratégie, coordonnateur et calendrier : registre de la task force.</p>\n",
        area = escape(&r.area),
    );
    for region in &r.regions {
        let _ = writeln!(
            html,
            "<section class=\"region\" data-region=\"{code}\"><h2>{name} ({code}) — {pop} hab.</h2>",
            code = escape(&region.code),
            name = escape(&region.name),
            pop = thousands(region.population),
        );
        region_cards(&mut html, region, r.with_register);
        html.push_str("<table><thead><tr><th>Zone</th><th>Nom</th><th>Départements</th><th class=\"n\">Population</th><th class=\"n\">Communes</th><th>Stratégie proposée (plan)</th>");
        if r.with_register {
            html.push_str("<th>Statut</th><th>Date</th><th>Stratégie (task force)</th><th>Coordonnateur</th><th>Commentaire</th><th>Calendrier</th>");
        }
        html.push_str("</tr></thead><tbody>\n");
        for z in r.zones.iter().filter(|z| z.region == region.code) {
            zone_row(&mut html, z, r.with_register);
        }
        html.push_str("</tbody></table></section>\n");
    }
    html.push_str("<p class=\"note\">Produit par zones-blanches à partir des fichiers de l'analyse ; les chiffres sont ceux de coverage.csv et zones.csv de la même analyse.</p></body></html>\n");
    html
}
