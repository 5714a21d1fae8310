//! The report's closing sections: overlaps, rows not resolved, and the method.

use super::{Report, escape, thousands};
use crate::coverage::OverlapNature;
use crate::model::catalogue::Lang;
use std::fmt::Write;

impl Report<'_> {
    /// Units listed by two or more CPTS.
    pub(super) fn overlaps(&self, html: &mut String) {
        let coverage_run = self.coverage_run;
        let units = &self.territory.units;
        let cpts = &self.listing.cpts;
        // S7: the overlaps of the reporting area only.
        let overlaps: Vec<_> = coverage_run
            .cover
            .overlaps
            .iter()
            .filter(|o| self.territory.in_area(o.unit))
            .collect();
        let _ = write!(
            html,
            "<section id=\"chevauchements\"><h2>Chevauchements ({})</h2>",
            overlaps.len()
        );
        if overlaps.is_empty() {
            html.push_str("<p>Aucune unité n'est revendiquée par plusieurs CPTS.</p>");
        } else {
            html.push_str("<div class=\"scroll\"><table class=\"sortable\" id=\"overlaps-table\"><thead><tr><th>Code</th><th>Commune</th><th class=\"n\">Population</th><th>Nature</th><th>CPTS</th></tr></thead><tbody>");
            for o in &overlaps {
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
    pub(super) fn unresolved(&self, html: &mut String) {
        let unresolved = &self.coverage_run.findings.unresolved;
        let _ = write!(
            html,
            "<section id=\"non-resolus\"><h2>Codes non résolus ({})</h2>",
            unresolved.len()
        );
        if unresolved.is_empty() {
            html.push_str("<p>Toutes les lignes des fichiers ont été rattachées à une unité.</p>");
        } else {
            html.push_str("<div class=\"scroll\"><table id=\"unresolved-table\"><thead><tr><th>Fichier</th><th class=\"n\">Ligne</th><th>Valeur</th><th>Motif</th></tr></thead><tbody>");
            for r in unresolved {
                let _ = write!(
                    html,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&r.file),
                    r.row,
                    escape(&r.value),
                    escape(&r.reason.say(Lang::Fr))
                );
            }
            html.push_str("</tbody></table></div>");
        }
        html.push_str("</section>\n");
    }

    /// Notes on method.
    pub(super) fn method(&self, html: &mut String) {
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
