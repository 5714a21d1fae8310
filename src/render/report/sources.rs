//! The head of the report: title, the inputs it was made from, and what its figures assume.

use super::{Report, STYLE, escape, report_date, thousands};
use std::fmt::Write;

impl Report<'_> {
    /// The document head (CSP, style) and the page header.
    pub(super) fn head(&self, html: &mut String) {
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
                .record
                .as_of
                .map(|d| format!(" · situation au {}", d.format("%d/%m/%Y")))
                .unwrap_or_default()
        );
    }

    /// The inputs: files, reference, listing, evidence tables, study area.
    pub(super) fn sources(&self, html: &mut String) {
        let run = self.run;
        let coverage_run = self.coverage_run;
        let territory = self.territory;
        let cog = self.cog;
        let listing = self.listing;
        let min_stage = self.min_stage;
        html.push_str("<section id=\"sources\"><h2>Données</h2><ul>");
        if let Some(path) = &coverage_run.record.communes {
            let prepared = coverage_run
                .record
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
                escape(&path.display().to_string()),
                thousands(coverage_run.record.communes_features as u64),
                escape(coverage_run.record.communes_crs.as_deref().unwrap_or("-"))
            );
        }
        // S7: the CPTS of the reporting area, not every CPTS of a regional listing.
        let counts = &coverage_run.findings.counts;
        let cpts = match &territory.area {
            Some(area) => format!(
                "{} CPTS dans {} (la liste en compte {})",
                counts.cpts,
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
            match counts.listing_rows_unresolved {
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
        if let Some(d) = &run.decisions {
            let refused = run.decision_statuses.iter().filter(|s| !s.applied).count();
            let _ = write!(
                html,
                "<li>Décisions : <code>{}</code> — {} lignes, {} appliquées, {} refusées (voir « Décisions de la task force »)</li>",
                escape(&d.source),
                d.rows,
                d.rows - refused.min(d.rows),
                refused
            );
        }
        let study = self.study_line();
        let _ = writeln!(
            html,
            "<li>{study} ; non couvert = étape inférieure à « {} »</li></ul></section>",
            min_stage.label_fr()
        );
        self.assumptions(html);
    }

    /// "Territoire du rapport : … — N unités, 1 département ; contexte (non compté) : …" (S7),
    /// or the whole study's units and départements.
    fn study_line(&self) -> String {
        let territory = self.territory;
        let plural = |n: usize| if n > 1 { "s" } else { "" };
        match &territory.area {
            // S7: the reporting area's units and départements; the context is named as such.
            Some(area) => {
                let inside = (0..territory.units.len())
                    .filter(|&u| territory.in_area(u))
                    .count();
                let context: Vec<&str> = territory
                    .departements
                    .iter()
                    .map(String::as_str)
                    .filter(|d| !area.departements.contains(*d))
                    .collect();
                format!(
                    "Territoire du rapport : {} — {} unités, {} département{}{}",
                    escape(&area.name),
                    thousands(inside as u64),
                    area.departements.len(),
                    plural(area.departements.len()),
                    if context.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " ; contexte (non compté) : {} unités des départements {}",
                            thousands((territory.units.len() - inside) as u64),
                            context.join(", ")
                        )
                    }
                )
            }
            None => format!(
                "Étude : {} unités, {} département{}",
                thousands(territory.units.len() as u64),
                territory.departements.len(),
                plural(territory.departements.len())
            ),
        }
    }

    /// What the figures assume: the threshold, the default stage, the listing's date, rows not
    /// resolved, partial départements of the layer.
    pub(super) fn assumptions(&self, html: &mut String) {
        let record = &self.coverage_run.record;
        let mut items: Vec<String> = vec![format!(
            "Seuil de couverture : une unité est couverte à partir de l'étape « {} » (option --min-stage) ; en dessous, elle est en zone blanche.",
            self.min_stage.label_fr()
        )];
        items.push(match record.default_stage {
            Some(stage) => format!(
                "Étape par défaut : les lignes sans étape sont comptées à l'étape « {} » (option --default-stage).",
                stage.label_fr()
            ),
            None => "Étape par défaut : aucune ; chaque ligne de la liste porte son étape.".to_string(),
        });
        items.push(match (record.as_of, self.listing.latest_date()) {
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
        let unresolved = self.coverage_run.findings.counts.listing_rows_unresolved;
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
}
