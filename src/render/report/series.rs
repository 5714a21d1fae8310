//! `report.html` of a series (S10): the chart of the study area, one chart per scope of the
//! reporting area (régions of France, départements of a région), the figures date by date with
//! what the zone counts mean, the register's zones by status over time, and the CPTS stalled
//! at the series' last date.

use super::time::stalled_section;
use super::{STYLE, escape, report_date, thousands};
use crate::analysis::SeriesRun;
use crate::coverage::StageTotals;
use crate::inputs::register::{RegisterStatus, status_at};
use crate::model::Stage;
use crate::model::format::decimal_fr as fr;
use crate::render::chart::{ChartText, series_chart_svg};
use chrono::NaiveDate;
use std::fmt::Write;

/// The source line of the series' charts: the listing, the engine, the last date.
fn source_line(run: &SeriesRun) -> String {
    let listing = std::path::Path::new(&run.coverage.listing.source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| run.coverage.listing.source.clone());
    let last = run
        .points
        .last()
        .map(|p| p.date.format("%d/%m/%Y").to_string())
        .unwrap_or_default();
    format!(
        "Source : {listing} (dates d'étape de la liste) · zones-blanches {} · situation au {last}",
        env!("CARGO_PKG_VERSION")
    )
}

/// The points of one scope: `None` = the study area, else a région or département code.
fn scope_points(run: &SeriesRun, scope: Option<(&str, &str)>) -> Vec<(NaiveDate, StageTotals)> {
    run.points
        .iter()
        .filter_map(|p| {
            let totals = match scope {
                None => Some(&p.scopes.france),
                Some(("region", code)) => p.scopes.regions.get(code),
                Some((_, code)) => p.scopes.departements.get(code),
            }?;
            Some((p.date, *totals))
        })
        .collect()
}

/// The chart of a series: the study area's shares date by date, `width`×`height` pixels (the
/// report's 960×540; 1920×1080 for a slide).
pub fn series_chart(run: &SeriesRun, width: u32, height: u32) -> String {
    let base = &run.coverage;
    let title = format!(
        "Part de la population couverte — {}",
        crate::coverage::study_area_title(&base.territory, &base.cog)
    );
    let source = source_line(run);
    let text = ChartText {
        title: &title,
        source: &source,
    };
    series_chart_svg(&text, &scope_points(run, None), width, height)
}

/// One chart per scope of the reporting area: the régions of a national series, else the
/// départements.
fn scope_charts(run: &SeriesRun, html: &mut String) {
    let Some(last) = run.points.last() else {
        return;
    };
    let base = &run.coverage;
    let national = base.territory.area.is_none();
    let (kind, codes): (&str, Vec<&String>) = if national || last.scopes.departements.len() <= 1 {
        ("region", last.scopes.regions.keys().collect())
    } else {
        ("departement", last.scopes.departements.keys().collect())
    };
    if codes.len() <= 1 {
        return;
    }
    let source = source_line(run);
    let _ = write!(
        html,
        "<section id=\"par-territoire\"><h2>Par {}</h2><div class=\"small-multiples\">",
        if kind == "region" {
            "région"
        } else {
            "département"
        }
    );
    for code in codes {
        let name = match kind {
            "region" => base.cog.region_name(code),
            _ => base.cog.departement_name(code),
        }
        .unwrap_or(code);
        let title = format!("{name} ({code})");
        let text = ChartText {
            title: &title,
            source: &source,
        };
        let chart = series_chart_svg(&text, &scope_points(run, Some((kind, code))), 480, 270);
        let _ = write!(
            html,
            "<figure data-scope=\"{kind}-{}\">{chart}</figure>",
            escape(code)
        );
    }
    html.push_str("</div></section>\n");
}

/// What the zone counts mean, first date against last: a CPTS created inside a zone splits it.
fn zones_sentence(run: &SeriesRun) -> String {
    let zones: Vec<_> = run
        .points
        .iter()
        .filter_map(|p| p.zones.map(|z| (p.date, z)))
        .collect();
    let (Some((d0, a)), Some((d1, b))) = (zones.first(), zones.last()) else {
        return String::new();
    };
    let mut text = format!(
        "Du {} au {}, le nombre de zones blanches passe de {} à {} et leur population de {} à {} habitants.",
        d0.format("%d/%m/%Y"),
        d1.format("%d/%m/%Y"),
        a.zones,
        b.zones,
        thousands(a.population),
        thousands(b.population)
    );
    text.push_str(if b.zones > a.zones && b.population < a.population {
        " Le nombre de zones augmente alors que leur population baisse : une CPTS qui se crée au milieu d'une zone blanche la découpe en plusieurs zones plus petites. Suivre la population en zone blanche, pas le nombre de zones."
    } else {
        " Une zone blanche est un groupe de communes voisines non couvertes : une CPTS créée au milieu d'une zone la découpe en plusieurs zones, si bien que leur nombre peut augmenter quand la couverture progresse ; la population en zone blanche est l'indicateur à suivre."
    });
    format!("<p id=\"zones-sentence\">{}</p>", escape(&text))
}

/// The register's zones by status at each date of the series.
fn register_table(run: &SeriesRun, html: &mut String) {
    let Some(register) = &run.coverage.monitoring.register else {
        return;
    };
    let history = register.history();
    html.push_str("<section id=\"registre\"><h2>Registre de la task force : zones par statut</h2><table id=\"register-table\"><thead><tr><th>Date</th>");
    for s in RegisterStatus::ALL {
        let _ = write!(html, "<th class=\"n\">{}</th>", s.label());
    }
    html.push_str("</tr></thead><tbody>");
    for p in &run.points {
        let mut counts = [0usize; 5];
        for rows in history.values() {
            if let Some(e) = status_at(rows, p.date) {
                counts[e.status.index()] += 1;
            }
        }
        let _ = write!(html, "<tr><td>{}</td>", p.date.format("%d/%m/%Y"));
        for n in counts {
            let _ = write!(html, "<td class=\"n\">{n}</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></section>\n");
}

/// `report.html` of a series: the charts of the shares and the figures date by date.
pub fn series_report_html(run: &SeriesRun, chart_svg: &str) -> String {
    let base = &run.coverage;
    let title = crate::coverage::study_area_title(&base.territory, &base.cog);
    let mut html = String::with_capacity(64 << 10);
    html.push_str("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    let _ = writeln!(
        html,
        "<title>Évolution de la couverture CPTS — {t}</title>\n<style>{STYLE}.small-multiples{{display:flex;flex-wrap:wrap;gap:8px}}.small-multiples figure{{margin:0;width:480px;max-width:100%}}.small-multiples svg{{width:100%;height:auto}}</style></head><body><header><h1>Évolution de la couverture CPTS — {t}</h1><p>Part de la population couverte à chaque date, selon les dates d'étape de la liste <code>{}</code></p><p>Rapport du {} · zones-blanches {}</p></header><main>",
        escape(&base.listing.source),
        report_date(),
        env!("CARGO_PKG_VERSION"),
        t = escape(&title)
    );
    let _ = writeln!(
        html,
        "<section id=\"courbe\"><h2>Part de la population couverte</h2><div class=\"map\">{chart_svg}</div></section>"
    );
    scope_charts(run, &mut html);
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
            fr(f.pct_at_least(Stage::Li)),
            fr(f.pct_at_least(Stage::Ps)),
            fr(f.pct_at_least(Stage::Aci)),
            c.li,
            c.ps,
            c.aci
        );
    }
    html.push_str("</tbody></table>");
    html.push_str(&zones_sentence(run));
    html.push_str("</section>\n");
    register_table(run, &mut html);
    stalled_section(&mut html, &base.stalled, &base.listing);
    html.push_str("<section id=\"methode\"><h2>Méthode</h2><p>Chaque date est évaluée comme une analyse « situation au » cette date : une CPTS compte à l'étape la plus haute dont la date est antérieure ou égale ; une CPTS dont la lettre d'intention est postérieure, ou sans date, n'existe pas encore. Une commune est couverte à partir de la lettre d'intention validée. Les zones blanches sont les groupes de communes voisines non couvertes. Les CPTS à risque d'essoufflement sont jugées à la dernière date de la série.</p></section>\n</main></body></html>\n");
    html
}
