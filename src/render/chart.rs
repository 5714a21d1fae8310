//! The line chart of a series (S10): the shares of the population covered from the lettre
//! d'intention, from the projet de santé and under a signed ACI, on a time axis with ticks on
//! month or quarter starts, the 100 % target, and a source line (plain SVG; PNG for slides).

use crate::coverage::StageTotals;
use crate::model::Stage;
use crate::model::format::{decimal_fr, escape_xml};
use chrono::{Datelike, NaiveDate};
use std::fmt::Write;

/// The three lines, widest coverage first: colours of the Okabe–Ito palette (told apart with
/// every common colour-vision deficiency) and dash patterns, so that a grey print still tells
/// them apart.
const LINES: [(Stage, &str, &str, &str); 3] = [
    (Stage::Li, "≥ lettre d'intention", "#E69F00", "10 5"),
    (Stage::Ps, "≥ projet de santé", "#56B4E9", "4 3"),
    (Stage::Aci, "ACI signé", "#0072B2", ""),
];

/// What a chart shows besides its points.
pub struct ChartText<'a> {
    /// The title.
    pub title: &'a str,
    /// The source line under the chart: the listing, the engine, the series' last date.
    pub source: &'a str,
}

/// The chart's logical size: 960×540 (16:9); the PNG for slides is drawn at 1920×1080.
pub const CHART_SIZE: (f64, f64) = (960.0, 540.0);

/// The first day of every month (≤ 18 months), quarter (≤ 6 years) or year between `from` and
/// `to`, as tick dates, with their label format.
fn ticks(from: NaiveDate, to: NaiveDate) -> (Vec<NaiveDate>, &'static str) {
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let (step, format) = match months {
        m if m <= 18 => (1, "%m/%Y"),
        m if m <= 72 => (3, "T%q"),
        _ => (12, "%Y"),
    };
    let mut out = Vec::new();
    let mut next = NaiveDate::from_ymd_opt(from.year(), from.month(), 1);
    while let Some(d) = next.filter(|d| *d <= to) {
        if d >= from && (d.month0() as i32) % step == 0 {
            out.push(d);
        }
        next = d.checked_add_months(chrono::Months::new(1));
    }
    (out, format)
}

/// A tick's label on two lines: the month (`03`) or quarter (`T2`), and the year under the
/// first tick and under each January; a year alone for yearly ticks.
fn tick_label(d: NaiveDate, format: &str, first: bool) -> (String, Option<String>) {
    let year = (first || d.month() == 1).then(|| d.year().to_string());
    match format {
        "T%q" => (format!("T{}", d.month0() / 3 + 1), year),
        "%m/%Y" => (d.format("%m").to_string(), year),
        _ => (d.year().to_string(), None),
    }
}

/// An SVG line chart of `points` (date, figures of the study area), `width`×`height` pixels
/// (the drawing is 960×540 and scales).
pub fn series_chart_svg(
    text: &ChartText,
    points: &[(NaiveDate, StageTotals)],
    width: u32,
    height: u32,
) -> String {
    let (w, h) = CHART_SIZE;
    let (left, right, top, bottom) = (64.0, 300.0, 56.0, 84.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let first = points.first().map(|p| p.0);
    let last = points.last().map(|p| p.0);
    let span = match (first, last) {
        (Some(a), Some(b)) => (b - a).num_days().max(1) as f64,
        _ => 1.0,
    };
    let x = |d: NaiveDate| match first {
        Some(a) if points.len() > 1 => left + pw * (d - a).num_days() as f64 / span,
        _ => left + pw / 2.0,
    };
    let y = |pct: f64| top + ph * (1.0 - pct.clamp(0.0, 100.0) / 100.0);
    let mut svg = String::with_capacity(12 << 10);
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{width}\" height=\"{height}\" font-family=\"DejaVu Sans, Arial, sans-serif\" role=\"img\" aria-label=\"{}\">",
        escape_xml(text.title)
    );
    svg.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    let _ = writeln!(
        svg,
        "<text x=\"{left}\" y=\"30\" font-size=\"20\" font-weight=\"bold\" fill=\"#222\">{}</text>",
        escape_xml(text.title)
    );
    for pct in [0, 25, 50, 75] {
        let yy = y(pct as f64);
        let _ = writeln!(
            svg,
            "<line x1=\"{left}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#e0e3e6\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" text-anchor=\"end\" fill=\"#444\">{pct} %</text>",
            left + pw,
            left - 8.0,
            yy + 5.0
        );
    }
    // The target of the Plan 100 % CPTS.
    let _ = writeln!(
        svg,
        "<g id=\"target\"><line x1=\"{left}\" y1=\"{t:.1}\" x2=\"{:.1}\" y2=\"{t:.1}\" stroke=\"#C0392B\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" text-anchor=\"end\" fill=\"#444\">100 %</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" text-anchor=\"end\" fill=\"#C0392B\">objectif 100 % CPTS</text></g>",
        left + pw,
        left - 8.0,
        y(100.0) + 5.0,
        left + pw,
        y(100.0) - 6.0,
        t = y(100.0)
    );
    if let (Some(a), Some(b)) = (first, last) {
        let (dates, format) = ticks(a, b);
        svg.push_str("<g id=\"ticks\">");
        for (i, d) in dates.into_iter().enumerate() {
            let xx = x(d);
            let (label, year) = tick_label(d, format, i == 0);
            let _ = write!(
                svg,
                "<line x1=\"{xx:.1}\" y1=\"{:.1}\" x2=\"{xx:.1}\" y2=\"{:.1}\" stroke=\"#888\"/><text x=\"{xx:.1}\" y=\"{:.1}\" font-size=\"14\" text-anchor=\"middle\" fill=\"#444\">{label}</text>",
                top + ph,
                top + ph + 6.0,
                top + ph + 24.0,
            );
            if let Some(year) = year {
                let _ = write!(
                    svg,
                    "<text x=\"{xx:.1}\" y=\"{:.1}\" font-size=\"14\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#444\">{year}</text>",
                    top + ph + 42.0
                );
            }
        }
        svg.push_str("</g>\n");
    }
    for (k, (stage, label, colour, dash)) in LINES.iter().enumerate() {
        let path: Vec<String> = points
            .iter()
            .map(|(d, t)| format!("{:.1},{:.1}", x(*d), y(t.pct_at_least(*stage))))
            .collect();
        let _ = writeln!(
            svg,
            "<polyline class=\"line-{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\" points=\"{}\"/>",
            stage.as_str(),
            path.join(" ")
        );
        if let Some((_, end)) = points.last() {
            let ly = top + 18.0 + 28.0 * k as f64;
            let _ = writeln!(
                svg,
                "<line x1=\"{:.1}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{colour}\" stroke-width=\"4\" stroke-dasharray=\"{dash}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"15\" fill=\"#222\">{} : {} %</text>",
                left + pw + 16.0,
                left + pw + 48.0,
                left + pw + 56.0,
                ly + 5.0,
                escape_xml(label),
                decimal_fr(end.pct_at_least(*stage))
            );
        }
    }
    let _ = writeln!(
        svg,
        "<text id=\"source\" x=\"{left}\" y=\"{:.1}\" font-size=\"13\" fill=\"#555\">{}</text>",
        h - 16.0,
        escape_xml(text.source)
    );
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(t: &str) -> NaiveDate {
        NaiveDate::parse_from_str(t, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn s10_ticks_fall_on_month_quarter_or_year_starts() {
        let (months, f) = ticks(d("2025-01-15"), d("2025-12-31"));
        assert_eq!(f, "%m/%Y");
        assert_eq!(months.first(), Some(&d("2025-02-01")));
        assert_eq!(months.len(), 11);
        let (quarters, f) = ticks(d("2023-01-01"), d("2025-12-01"));
        assert_eq!(f, "T%q");
        assert!(quarters.iter().all(|q| q.day() == 1 && q.month0() % 3 == 0));
        assert_eq!(quarters.len(), 12);
        assert_eq!(tick_label(d("2024-04-01"), f, false), ("T2".into(), None));
        assert_eq!(
            tick_label(d("2024-01-01"), f, false),
            ("T1".into(), Some("2024".into()))
        );
        let (years, _) = ticks(d("2015-06-01"), d("2025-06-01"));
        assert!(years.iter().all(|y| y.month() == 1 && y.day() == 1));
    }
}
