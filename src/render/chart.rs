//! The line chart of a series (S10): the shares of the population covered from the lettre
//! d'intention, from the projet de santé and under a signed ACI, date by date (plain SVG).

use crate::coverage::StageTotals;
use crate::model::Stage;
use crate::model::format::{decimal_fr, escape_xml};
use chrono::NaiveDate;
use std::fmt::Write;

/// The three lines, from the widest coverage to the narrowest, with the map's stage colours.
const LINES: [(Stage, &str, &str); 3] = [
    (Stage::Li, "≥ lettre d'intention", "#7cc49a"),
    (Stage::Ps, "≥ projet de santé", "#2e9d6d"),
    (Stage::Aci, "ACI signé", "#12553c"),
];

/// An SVG line chart of `points` (date, figures of the study area), `title` above it.
pub fn series_chart_svg(title: &str, points: &[(NaiveDate, StageTotals)]) -> String {
    let (w, h) = (900.0, 380.0);
    let (left, right, top, bottom) = (56.0, 250.0, 40.0, 48.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let n = points.len();
    let x = |i: usize| {
        if n <= 1 {
            left + pw / 2.0
        } else {
            left + pw * i as f64 / (n - 1) as f64
        }
    };
    let y = |pct: f64| top + ph * (1.0 - pct.clamp(0.0, 100.0) / 100.0);
    let mut svg = String::with_capacity(8 << 10);
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"DejaVu Sans, Arial, sans-serif\" role=\"img\" aria-label=\"{}\">",
        escape_xml(title)
    );
    svg.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    let _ = writeln!(
        svg,
        "<text x=\"{left}\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">{}</text>",
        escape_xml(title)
    );
    for pct in [0, 25, 50, 75, 100] {
        let yy = y(pct as f64);
        let _ = writeln!(
            svg,
            "<line x1=\"{left}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#e0e3e6\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">{pct} %</text>",
            left + pw,
            left - 6.0,
            yy + 4.0
        );
    }
    // Date labels: at most 8, evenly spaced, first and last included.
    let step = n.div_ceil(8).max(1);
    let last_apart = n > 0 && (n - 1) % step > step / 2;
    for i in (0..n).filter(|i| i % step == 0 || (*i + 1 == n && last_apart)) {
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
            x(i),
            top + ph + 18.0,
            points[i].0.format("%m/%Y")
        );
    }
    for (k, (stage, label, colour)) in LINES.iter().enumerate() {
        let path: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, (_, t))| format!("{:.1},{:.1}", x(i), y(t.pct_at_least(*stage))))
            .collect();
        let _ = writeln!(
            svg,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" points=\"{}\"/>",
            path.join(" ")
        );
        if let Some((_, last)) = points.last() {
            let ly = top + 14.0 + 22.0 * k as f64;
            let _ = writeln!(
                svg,
                "<line x1=\"{:.1}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{colour}\" stroke-width=\"3\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#222\">{} : {} %</text>",
                left + pw + 12.0,
                left + pw + 30.0,
                left + pw + 36.0,
                ly + 4.0,
                escape_xml(label),
                decimal_fr(last.pct_at_least(*stage))
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}
