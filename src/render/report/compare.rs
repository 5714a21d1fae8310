//! `report.html` of a comparison (S10): coverage before and after by stage, a map of the units
//! that gained or lost coverage, the CPTS that appeared or moved on, the zones that changed and
//! the units with the largest populations among those that changed — in French.

use super::{STYLE, escape, report_date, thousands};
use crate::analysis::Comparison;
use crate::model::Stage;
use crate::model::format::decimal_fr as fr;
use crate::render::map::{Layer, MapInput, render_svg};
use std::fmt::Write;

/// The map of what changed: the side after by stage, the units that became covered or stopped
/// being covered hatched over it; `None` without a commune layer.
pub fn compare_map(c: &Comparison, width: f64) -> Option<String> {
    let after = &c.after;
    let metric = after.metric.as_ref()?;
    let run = &after.run;
    let changed: Vec<(usize, bool)> = c
        .changes
        .units
        .iter()
        .filter(|u| matches!(u.change, "covered" | "uncovered"))
        .filter_map(|u| Some((run.territory.position(&u.code)?, u.change == "covered")))
        .collect();
    let input = MapInput {
        cog: &run.cog,
        territory: &run.territory,
        listing: &run.listing,
        cover: &run.cover,
        metric,
        zones: None,
        plan: None,
        min_stage: c.min_stage,
        title: format!(
            "Ce qui a changé — {}",
            crate::coverage::study_area_title(&run.territory, &run.cog)
        ),
        subtitle: format!(
            "Du {} au {} · étapes à la seconde date ; hachures : communes devenues couvertes ou qui ne le sont plus",
            c.before.label, c.after.label
        ),
        source: format!(
            "Sources : {} · zones-blanches {}",
            if c.before.run.listing.source == run.listing.source {
                format!("liste {} à ses deux dates", file_name(&run.listing.source))
            } else {
                format!(
                    "listes {} et {}",
                    file_name(&c.before.run.listing.source),
                    file_name(&run.listing.source)
                )
            },
            env!("CARGO_PKG_VERSION")
        ),
        focus: None,
        changed: Some(changed),
        lang: crate::model::catalogue::Lang::Fr,
    };
    let layers = [Layer::Stages, Layer::Cpts, Layer::Departements];
    Some(render_svg(&input, &layers, width))
}

/// The file name of a path, as the maps' source lines show it.
fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

fn stage_row(html: &mut String, label: &str, before: f64, after: f64) {
    let delta = after - before;
    let _ = write!(
        html,
        "<tr><td>{label}</td><td class=\"n\">{} %</td><td class=\"n\">{} %</td><td class=\"n\">{}{} pt</td></tr>",
        fr(before),
        fr(after),
        if delta >= 0.0 { "+" } else { "−" },
        fr(delta.abs())
    );
}

fn cpts_table(html: &mut String, c: &Comparison) {
    let rows: Vec<_> = c.changes.cpts.iter().collect();
    let _ = write!(
        html,
        "<section id=\"cpts\"><h2>CPTS ({} changements)</h2>",
        rows.len()
    );
    if rows.is_empty() {
        html.push_str("<p>Aucune CPTS n'a changé.</p></section>\n");
        return;
    }
    html.push_str("<div class=\"scroll\"><table class=\"sortable\" id=\"cpts-changes\"><thead><tr><th>CPTS</th><th>Changement</th><th>Étape avant</th><th>Étape après</th><th>Date</th><th class=\"n\">Communes +/−</th><th class=\"n\">Population après</th></tr></thead><tbody>");
    let change_fr = |k: &str| match k {
        "appeared" => "apparue",
        "disappeared" => "disparue",
        "stage" => "étape",
        "perimeter" => "périmètre",
        _ => "étape et périmètre",
    };
    let stage = |s: Option<Stage>| s.map_or("—", |s| s.label_fr());
    for r in rows {
        let _ = write!(
            html,
            "<tr data-cpts=\"{id}\"><td>{name} ({id})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">+{} / −{}</td><td class=\"n\">{}</td></tr>",
            change_fr(r.change),
            stage(r.stage_before),
            stage(r.stage_after),
            r.stage_date
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            r.codes_added.len(),
            r.codes_removed.len(),
            r.population_after.map(thousands).unwrap_or_default(),
            id = escape(&r.id),
            name = escape(&r.name),
        );
    }
    html.push_str("</tbody></table></div></section>\n");
}

fn zones_table(html: &mut String, c: &Comparison) {
    let Some(zones) = &c.changes.zones else {
        return;
    };
    let _ = write!(
        html,
        "<section id=\"zones\"><h2>Zones blanches ({} changements)</h2><div class=\"scroll\"><table class=\"sortable\" id=\"zone-changes\"><thead><tr><th>Avant</th><th>Après</th><th>Changement</th><th>Commune principale</th><th class=\"n\">Population avant</th><th class=\"n\">Population après</th></tr></thead><tbody>",
        zones.len()
    );
    let change_fr = |k: &str| match k {
        "closed" => "fermée",
        "opened" => "ouverte",
        "shrunk" => "réduite",
        "grown" => "agrandie",
        "reshaped" => "remodelée",
        "split" => "scindée",
        "merged" => "fusionnée",
        _ => "scindée et fusionnée",
    };
    for z in zones {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td></tr>",
            escape(&z.zones_before.join(", ")),
            escape(&z.zones_after.join(", ")),
            change_fr(z.change),
            escape(&z.name),
            z.population_before,
            thousands(z.population_before),
            z.population_after,
            thousands(z.population_after),
        );
    }
    html.push_str("</tbody></table></div></section>\n");
}

/// `report.html` of a comparison, with the map of [`compare_map`] when there is one.
pub fn compare_report_html(c: &Comparison, map_svg: Option<&str>) -> String {
    let run = &c.after.run;
    let title = crate::coverage::study_area_title(&run.territory, &run.cog);
    let mut html = String::with_capacity(256 << 10);
    let _ = writeln!(
        html,
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"><title>Évolution — {t}</title><style>{STYLE}</style></head><body><header><h1>Ce qui a changé — {t}</h1><p>Du {} au {}</p><p>Rapport du {} · zones-blanches {}</p></header><main>",
        escape(&c.before.label),
        escape(&c.after.label),
        report_date(),
        env!("CARGO_PKG_VERSION"),
        t = escape(&title)
    );
    let (b, a) = (&c.before.run.scopes.france, &run.scopes.france);
    html.push_str("<section id=\"couverture\"><h2>Population couverte</h2><table id=\"coverage-change\"><thead><tr><th>Étape</th><th class=\"n\">Avant</th><th class=\"n\">Après</th><th class=\"n\">Écart</th></tr></thead><tbody>");
    for (label, stage) in [
        ("≥ lettre d'intention", Stage::Li),
        ("≥ projet de santé", Stage::Ps),
        ("ACI signé", Stage::Aci),
    ] {
        stage_row(
            &mut html,
            label,
            b.pct_at_least(stage),
            a.pct_at_least(stage),
        );
    }
    html.push_str("</tbody></table>");
    let count = |k: &str| c.changes.units.iter().filter(|u| u.change == k).count();
    let population = |k: &str| -> u64 {
        c.changes
            .units
            .iter()
            .filter(|u| u.change == k)
            .map(|u| u.population)
            .sum()
    };
    let _ = writeln!(
        html,
        "<p id=\"units-line\">{} communes devenues couvertes ({} hab.), {} qui ne le sont plus ({} hab.), {} montées d'étape, {} descendues, {} changées de CPTS.</p></section>",
        count("covered"),
        thousands(population("covered")),
        count("uncovered"),
        thousands(population("uncovered")),
        count("stage_up"),
        count("stage_down"),
        count("cpts")
    );
    if let Some(svg) = map_svg {
        let _ = writeln!(
            html,
            "<section id=\"carte\" class=\"map\"><h2>Carte</h2>{svg}</section>"
        );
    }
    cpts_table(&mut html, c);
    zones_table(&mut html, c);
    html.push_str("<section id=\"methode\"><h2>Méthode</h2><p>Chaque côté est une analyse complète (situation à sa date, ou sa liste). Une commune « devenue couverte » passe au-dessus de l'étape retenue ; les zones sont appariées par les communes qu'elles partagent, jamais par leur identifiant. Le détail est dans changes_units.csv, changes_cpts.csv et changes_zones.csv.</p></section>\n</main></body></html>\n");
    html
}
