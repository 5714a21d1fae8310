//! What a map of a zones run shows besides its units: title, subtitle and source line, in
//! French (the default) or English.

use super::MapInput;
use crate::model::catalogue::Lang;
use crate::plan::Plan;

fn file_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl<'a> MapInput<'a> {
    /// A map of a zones run (and of its plan when there is one), in French.
    pub fn of(zoning: &'a crate::analysis::ZonesRun, plan: Option<&'a Plan>) -> MapInput<'a> {
        MapInput::of_in(zoning, plan, Lang::Fr)
    }

    /// [`MapInput::of`] in `lang`.
    pub fn of_in(
        zoning: &'a crate::analysis::ZonesRun,
        plan: Option<&'a Plan>,
        lang: Lang,
    ) -> MapInput<'a> {
        let run = &zoning.coverage;
        let min_stage = zoning.zones.min_stage;
        let fr = lang == Lang::Fr;
        let t = |en: &'static str, french: &'static str| if fr { french } else { en };
        let words = super::words::MapWords::of(lang);
        let date = run
            .record
            .as_of
            .or_else(|| run.listing.latest_date())
            .map(|d| d.format(t("%Y-%m-%d", "%d/%m/%Y")).to_string());
        // A prepared territory is named by the layer it was prepared from.
        let communes = match (&run.record.communes, &run.record.prepared) {
            (Some(path), Some(prepared)) => format!(
                "{} {} ({} {})",
                t("communes", "communes"),
                file_name(std::path::Path::new(&prepared.provenance.source)),
                t("prepared in", "préparées dans"),
                file_name(path)
            ),
            (Some(path), None) => format!("communes {}", file_name(path)),
            (None, _) => t("communes of the reference", "communes du référentiel").to_string(),
        };
        let reference = match &run.cog.source {
            Some(p) => format!("{} {}", t("reference", "référentiel"), file_name(p)),
            None => t(
                "COG 2026 and INSEE populations (Etalab, @etalab/decoupage-administratif 6.0.0)",
                "COG 2026 et populations INSEE (Etalab, @etalab/decoupage-administratif 6.0.0)",
            )
            .to_string(),
        };
        let listing = format!(
            "{} {}{}",
            t("CPTS listing", "liste CPTS"),
            file_name(std::path::Path::new(&run.listing.source)),
            date.as_ref()
                .map(|d| format!(
                    " ({}{}{d})",
                    t("latest date", "dernière date"),
                    words.colon()
                ))
                .unwrap_or_default()
        );
        let situation = match (run.record.as_of, &date) {
            (Some(d), _) => format!(
                "{} {} · ",
                t("Situation on", "Situation au"),
                d.format(t("%Y-%m-%d", "%d/%m/%Y"))
            ),
            (None, Some(d)) => format!(
                "{}{}{d} · ",
                t("Latest date of the listing", "Dernière date de la liste"),
                words.colon()
            ),
            (None, None) => String::new(),
        };
        let below = match lang {
            Lang::Fr => format!(
                "Non couvert : étape inférieure à « {} »",
                words.stage(min_stage)
            ),
            Lang::En => format!("Not covered: below “{}”", words.stage(min_stage)),
        };
        MapInput {
            cog: &run.cog,
            territory: &run.territory,
            listing: &run.listing,
            cover: &run.cover,
            metric: &zoning.metric,
            zones: Some(&zoning.zones),
            plan,
            min_stage,
            title: format!(
                "{} — {}",
                t("CPTS coverage", "Couverture CPTS"),
                crate::coverage::study_area_title(&run.territory, &run.cog)
            ),
            subtitle: format!("{situation}{below}"),
            source: format!(
                "Sources{}{communes} ; {reference} ; {listing} · zones-blanches {}",
                words.colon(),
                env!("CARGO_PKG_VERSION")
            ),
            focus: None,
            changed: None,
            lang,
        }
    }
}
