//! The report's sections on time and money: the ACI funding of the plan (S9), the stalled
//! CPTS (S10), and `report.html` of a `series` with its chart.

use super::{Report, STYLE, escape, report_date, thousands};
use crate::analysis::SeriesRun;
use crate::model::SizeClass;
use crate::model::format::decimal_fr as fr;
use crate::render::chart::series_chart_svg;
use crate::time::stalled::{DateSource, Stalled};
use std::fmt::Write;

/// The source of the tariff, in French (summary.json keeps `TARIFF_SOURCE`, in English).
const TARIFF_SOURCE_FR: &str = "accord conventionnel interprofessionnel (ACI) des CPTS du 20 juin 2019, arrêté du 21 août 2019 : enveloppe annuelle fixe de fonctionnement de la CPTS selon sa taille";

/// Euros with thousands separators: "1 250 000 €".
fn euros(value: i64) -> String {
    let sign = if value < 0 { "−" } else { "" };
    format!("{sign}{} €", thousands(value.unsigned_abs()))
}

impl Report<'_> {
    /// S9: what the plan costs the Assurance Maladie per year once every new CPTS signs.
    pub(super) fn funding(&self, html: &mut String) {
        let funding = &self.run.funding;
        let t = &funding.total;
        let tariff = &funding.tariff;
        html.push_str("<section id=\"financement\"><h2>Financement ACI</h2>");
        let _ = write!(
            html,
            "<div class=\"cards\"><div class=\"card\"><b>{}</b>par an aujourd'hui ({} CPTS sous ACI)</div><div class=\"card\"><b>{}</b>par an une fois le plan réalisé et chaque CPTS proposée signataire ({} CPTS)</div><div class=\"card\"><b>{}</b>par an de plus</div></div>",
            euros(t.envelope_before as i64),
            t.cpts_signed,
            euros(t.envelope_after as i64),
            t.cpts_funded_after,
            euros(t.delta())
        );
        let _ = write!(
            html,
            "<p class=\"note\">Dotation fixe annuelle de fonctionnement par taille : taille 1 {} · taille 2 {} · taille 3 {} · taille 4 {} (source : {}). Une CPTS sous ACI reçoit la dotation de sa taille ; avant l'ACI, aucune. Les nouvelles CPTS du plan, et les projets que le plan fait mûrir, sont comptés « potentiels » : leur dotation une fois l'ACI signé. La part variable (missions, indicateurs) n'est pas comptée.</p>",
            euros(tariff.taille_1 as i64),
            euros(tariff.taille_2 as i64),
            euros(tariff.taille_3 as i64),
            euros(tariff.taille_4 as i64),
            escape(TARIFF_SOURCE_FR)
        );
        let changed: Vec<_> = funding.rows.iter().filter(|r| r.delta() != 0).collect();
        if !changed.is_empty() {
            html.push_str("<div class=\"scroll\"><table class=\"sortable\" id=\"funding-table\"><thead><tr><th>CPTS</th><th>Nature</th><th>Taille avant</th><th>Taille après</th><th class=\"n\">Dotation avant</th><th class=\"n\">Dotation après</th><th class=\"n\">Écart</th></tr></thead><tbody>");
            for r in changed {
                let _ = write!(
                    html,
                    "<tr><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td></tr>",
                    escape(&r.name),
                    escape(&r.id),
                    if r.kind == "new" {
                        "nouvelle (potentielle)"
                    } else {
                        "existante"
                    },
                    r.class_before().map(SizeClass::as_str).unwrap_or("—"),
                    r.class_after().as_str(),
                    r.envelope_before,
                    euros(r.envelope_before as i64),
                    r.envelope_after,
                    euros(r.envelope_after as i64),
                    r.delta(),
                    euros(r.delta())
                );
            }
            html.push_str("</tbody></table></div>");
        }
        html.push_str("</section>\n");
    }

    /// S10: the CPTS stuck at the lettre d'intention or the projet de santé.
    pub(super) fn stalled(&self, html: &mut String) {
        stalled_section(html, &self.coverage_run.stalled, self.listing);
    }
}

/// The stalled CPTS as a section (also in the series report).
fn stalled_section(
    html: &mut String,
    stalled: &Stalled,
    listing: &crate::inputs::listing::Listing,
) {
    let _ = write!(
        html,
        "<section id=\"essoufflement\"><h2>CPTS à risque d'essoufflement ({})</h2>",
        stalled.cpts.len()
    );
    let Some(date) = stalled.date else {
        html.push_str("<p>La liste ne porte aucune date : l'ancienneté des étapes ne peut pas être mesurée.</p></section>\n");
        return;
    };
    let _ = write!(
        html,
        "<p>CPTS restées à la lettre d'intention ou au projet de santé plus de {} mois au {} ({}).",
        stalled.threshold_months,
        date.format("%d/%m/%Y"),
        match stalled.date_source {
            DateSource::AsOf => "date de la situation demandée",
            DateSource::Listing => "date la plus récente de la liste",
        }
    );
    if !stalled.since_unknown.is_empty() {
        let _ = write!(
            html,
            " {} CPTS sans date pour leur étape ne peuvent pas être jugées.",
            stalled.since_unknown.len()
        );
    }
    html.push_str("</p>");
    if !stalled.cpts.is_empty() {
        html.push_str("<div class=\"scroll\"><table class=\"sortable\" id=\"stalled-table\"><thead><tr><th>CPTS</th><th>Étape</th><th>Depuis</th><th class=\"n\">Mois</th><th class=\"n\">Population</th><th>Départements</th></tr></thead><tbody>");
        for s in &stalled.cpts {
            let c = &listing.cpts[s.cpts];
            let _ = write!(
                html,
                "<tr><td>{} ({})</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\" data-v=\"{}\">{}</td><td>{}</td></tr>",
                escape(&c.name),
                escape(&c.id),
                s.stage.label_fr(),
                s.since.format("%d/%m/%Y"),
                s.months,
                s.population,
                thousands(s.population),
                escape(&s.departements.join(", "))
            );
        }
        html.push_str("</tbody></table></div>");
    }
    html.push_str("</section>\n");
}

/// `report.html` of a series: the chart of the three shares and the figures date by date.
pub fn series_report_html(run: &SeriesRun, chart_svg: &str) -> String {
    let base = &run.coverage;
    let title = crate::coverage::study_area_title(&base.territory, &base.cog);
    let mut html = String::with_capacity(64 << 10);
    html.push_str("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    let _ = writeln!(
        html,
        "<title>Évolution de la couverture CPTS — {t}</title>\n<style>{STYLE}</style></head><body><header><h1>Évolution de la couverture CPTS — {t}</h1><p>Part de la population couverte à chaque date, selon les dates d'étape de la liste <code>{}</code></p><p>Rapport du {} · zones-blanches {}</p></header><main>",
        escape(&base.listing.source),
        report_date(),
        env!("CARGO_PKG_VERSION"),
        t = escape(&title)
    );
    let _ = writeln!(
        html,
        "<section id=\"courbe\"><h2>Part de la population couverte</h2><div class=\"map\">{chart_svg}</div></section>"
    );
    html.push_str("<section id=\"points\"><h2>Chiffres par date</h2><table id=\"series-table\"><thead><tr><th>Date</th><th class=\"n\">≥ LI</th><th class=\"n\">≥ PS</th><th class=\"n\">ACI</th><th class=\"n\">CPTS LI / PS / ACI</th><th class=\"n\">Zones blanches</th><th class=\"n\">Population en zone blanche</th></tr></thead><tbody>");
    for p in &run.points {
        let f = &p.scopes.france;
        let c = &p.cpts.france;
        let (zones, population) = match p.zones {
            Some(z) => (z.zones.to_string(), thousands(z.population)),
            None => ("—".into(), "—".into()),
        };
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"n\">{} %</td><td class=\"n\">{} %</td><td class=\"n\">{} %</td><td class=\"n\">{} / {} / {}</td><td class=\"n\">{zones}</td><td class=\"n\">{population}</td></tr>",
            p.date.format("%d/%m/%Y"),
            fr(f.pct_at_least(crate::model::Stage::Li)),
            fr(f.pct_at_least(crate::model::Stage::Ps)),
            fr(f.pct_at_least(crate::model::Stage::Aci)),
            c.li,
            c.ps,
            c.aci
        );
    }
    html.push_str("</tbody></table></section>\n");
    stalled_section(&mut html, &base.stalled, &base.listing);
    html.push_str("<section id=\"methode\"><h2>Méthode</h2><p>Chaque date est évaluée comme une analyse « situation au » cette date : une CPTS compte à l'étape la plus haute dont la date est antérieure ou égale ; une CPTS dont la lettre d'intention est postérieure, ou sans date, n'existe pas encore. Une commune est couverte à partir de la lettre d'intention validée. Les zones blanches sont les groupes de communes voisines non couvertes.</p></section>\n</main></body></html>\n");
    html
}

/// The chart of a series: the study area's shares date by date.
pub fn series_chart(run: &SeriesRun) -> String {
    let base = &run.coverage;
    let title = format!(
        "Part de la population couverte — {}",
        crate::coverage::study_area_title(&base.territory, &base.cog)
    );
    let points: Vec<_> = run
        .points
        .iter()
        .map(|p| (p.date, p.scopes.france))
        .collect();
    series_chart_svg(&title, &points)
}
