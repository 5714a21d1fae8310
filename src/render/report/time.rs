//! The report's sections on time and money: the ACI funding of the plan (S9) and the stalled
//! CPTS (S10).

use super::{Report, escape, thousands};
use crate::model::SizeClass;
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
pub(super) fn stalled_section(
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
            DateSource::SeriesEnd => "dernière date de la série",
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
