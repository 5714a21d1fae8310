//! What surrounds the map itself: the title block, the legend (only what is drawn, with counts),
//! a scale bar per frame and the source line.

use super::frames::Frame;
use super::placer::{Placer, Rect};
use super::words::MapWords;
use super::{Layer, MapInput, STAGE_FILLS, ZONE_STROKE};
use crate::model::display_rank;
use crate::model::format::escape_xml;
use crate::zones::is_reported;
use std::fmt::Write;

/// Height of the title block: the title and one line of scope, date and threshold.
pub const TITLE_H: f64 = 44.0;

/// Title and subtitle; their boxes are reserved in `placer`.
pub fn title(svg: &mut String, input: &MapInput, margin: f64, width: f64, placer: &mut Placer) {
    let _ = writeln!(
        svg,
        "<text class=\"map-title\" x=\"{margin}\" y=\"20\" font-size=\"16\" font-weight=\"bold\" fill=\"#222\">{}</text>\
         <text class=\"map-subtitle\" x=\"{margin}\" y=\"36\" font-size=\"11\" fill=\"#444\">{}</text>",
        escape_xml(&input.title),
        escape_xml(&input.subtitle)
    );
    placer.block(Rect::new(0.0, 0.0, width, TITLE_H));
}

/// A round length close to a fifth of the frame's width: 1, 2 or 5 × 10ⁿ metres.
fn scale_length(frame: &Frame) -> f64 {
    let target = frame.w / 5.0 / frame.scale;
    let magnitude = 10f64.powf(target.log10().floor());
    [5.0, 2.0, 1.0]
        .iter()
        .map(|k| k * magnitude)
        .find(|&l| l <= target)
        .unwrap_or(magnitude)
}

/// A scale bar in the frame's lower left corner; its box is reserved in `placer`.
pub fn scale_bar(svg: &mut String, frame: &Frame, placer: &mut Placer) {
    if frame.w < 60.0 || !frame.scale.is_finite() || frame.scale <= 0.0 {
        return;
    }
    let metres = scale_length(frame);
    let px = metres * frame.scale;
    let text = if metres >= 1000.0 {
        format!("{} km", metres / 1000.0)
    } else {
        format!("{metres} m")
    };
    let (x, y) = (frame.x + 2.0, frame.y + frame.h - 3.0);
    let _ = writeln!(
        svg,
        "<g class=\"scale-bar\" font-size=\"8\" fill=\"#222\"><path d=\"M{x:.1} {:.1}v3h{px:.1}v-3\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2.5\"/>\
         <path d=\"M{x:.1} {:.1}v3h{px:.1}v-3\" fill=\"none\" stroke=\"#222\" stroke-width=\"1\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" stroke=\"#fff\" stroke-width=\"2\" paint-order=\"stroke\">{text}</text></g>",
        y - 3.0,
        y - 3.0,
        x + px + 3.0,
        y + 0.5
    );
    let text_w = super::placer::text_width(&text, 8.0);
    placer.block(Rect::new(x - 1.0, y - 11.0, px + 5.0 + text_w, 13.0));
}

/// Units and inhabitants of each stage class among the units the map reports (S7: the area and
/// the units of its zones; with or without geometry, as in units.csv).
fn stage_counts(input: &MapInput) -> [(usize, u64); 5] {
    let mut counts = [(0usize, 0u64); 5];
    for (u, unit) in input.territory.units.iter().enumerate() {
        if is_reported(input.territory, input.zones, u) {
            let class = display_rank(input.cover.units[u].stage);
            counts[class].0 += 1;
            counts[class].1 += unit.population;
        }
    }
    counts
}

/// Legend items: a swatch and its text.
pub fn legend_items(input: &MapInput, frames: &[Frame], layers: &[Layer]) -> Vec<(String, String)> {
    let mut items: Vec<(String, String)> = Vec::new();
    let words = MapWords::of(input.lang);
    let colon = words.colon();
    let min_rank = display_rank(Some(input.min_stage));
    if layers.contains(&Layer::Stages) {
        for (class, (count, population)) in stage_counts(input).into_iter().enumerate() {
            if count == 0 {
                continue;
            }
            let (label, fill) = (words.stage_classes()[class], STAGE_FILLS[class].1);
            // S3 with --min-stage: a stage below the threshold is not covered, say so here too.
            let uncovered = if class > min_rank && class < 4 {
                words.not_covered()
            } else {
                ""
            };
            items.push((
                format!("<rect width=\"14\" height=\"10\" fill=\"{fill}\" stroke=\"#999\" stroke-width=\"0.5\"/>"),
                format!(
                    "{label}{uncovered}{colon}{}",
                    words.units_inh(count, population)
                ),
            ));
        }
    }
    if frames.iter().any(|f| !f.neighbours.is_empty()) {
        items.push((
            format!("<rect width=\"14\" height=\"10\" fill=\"{}\" stroke=\"#999\" stroke-width=\"0.5\"/>", super::NEIGHBOUR_FILL),
            words.neighbours().to_string(),
        ));
    }
    if let Some(changed) = &input.changed {
        let units = &input.territory.units;
        for (gained, fill) in [(true, "url(#hatch-gained)"), (false, "url(#hatch-lost)")] {
            let label = words.changed(gained);
            let (n, population) = changed
                .iter()
                .filter(|c| c.1 == gained)
                .fold((0usize, 0u64), |(n, p), c| {
                    (n + 1, p + units[c.0].population)
                });
            if n == 0 {
                continue;
            }
            items.push((
                format!("<rect width=\"14\" height=\"10\" fill=\"{fill}\" stroke=\"#999\" stroke-width=\"0.5\"/>"),
                format!("{label}{colon}{}", words.units_inh(n, population)),
            ));
        }
    }
    if layers.contains(&Layer::Zones)
        && let Some(zones) = input.zones
    {
        let n = zones.len();
        items.push((
            format!("<rect width=\"14\" height=\"10\" fill=\"none\" stroke=\"{ZONE_STROKE}\" stroke-width=\"1.4\"/>"),
            words.zones(
                input.min_stage,
                n,
                zones.iter().map(|z| z.population).sum(),
            ),
        ));
    }
    if layers.contains(&Layer::Cpts) {
        items.push((
            "<line x1=\"0\" y1=\"5\" x2=\"14\" y2=\"5\" stroke=\"#fff\" stroke-width=\"2\"/><line x1=\"0\" y1=\"5\" x2=\"14\" y2=\"5\" stroke=\"#263238\" stroke-width=\"0.8\"/>"
                .into(),
            words.cpts_border().into(),
        ));
    }
    if layers.contains(&Layer::Departements) {
        items.push((
            "<line x1=\"0\" y1=\"5\" x2=\"14\" y2=\"5\" stroke=\"#111\" stroke-width=\"2.1\"/>"
                .into(),
            words.departement_border().into(),
        ));
    }
    if layers.contains(&Layer::Plan)
        && let Some(plan) = input.plan
    {
        let (mut new, mut extended) = (0usize, 0usize);
        for &u in frames.iter().flat_map(|f| &f.units) {
            match plan.target_of[u].map(|t| &plan.targets[t].kind) {
                Some(crate::plan::TargetKind::New { .. }) => new += 1,
                Some(crate::plan::TargetKind::Existing(_)) => extended += 1,
                None => {}
            }
        }
        for (count, fill, label) in [
            (new, "url(#hatch-new)", words.plan(true)),
            (extended, "url(#hatch-ext)", words.plan(false)),
        ] {
            if count > 0 {
                items.push((
                    format!("<rect width=\"14\" height=\"10\" fill=\"{fill}\"/>"),
                    format!("{label}{colon}{}", words.units(count)),
                ));
            }
        }
    }
    items
}

/// Height of a legend line, px.
const LEGEND_LINE: f64 = 16.0;

/// Columns of the legend and their width: as many as fit the longest item.
fn legend_columns(items: &[(String, String)], width: f64, margin: f64) -> (usize, f64) {
    let widest = items
        .iter()
        .map(|(_, label)| super::placer::text_width(label, 10.0))
        .fold(0.0, f64::max);
    let column = widest + 34.0;
    let columns = ((width - 2.0 * margin - 12.0) / column).floor().max(1.0) as usize;
    (columns, column)
}

/// A note on unlabelled zones at its longest, to reserve its lines before it is known.
const LONGEST_NOTE: &str = "Étiquettes : 999 zones sur 999, les plus peuplées d'abord ; les autres figurent dans zones.csv.";

/// `text` cut at spaces into lines at most `max_w` px wide at `font` px (a word longer than
/// that stands alone on its line).
fn wrap(text: &str, font: f64, max_w: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && super::placer::text_width(&candidate, font) > max_w {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

/// The source line cut into lines: whole when it fits, else one line per `;` clause (each
/// wrapped if it must be), so that where it breaks does not depend on the length of a file
/// name (a `.zbt` and its layer give the same lines but for the name).
fn source_lines(source: &str, font: f64, max_w: f64) -> Vec<String> {
    if super::placer::text_width(source, font) <= max_w {
        return vec![source.to_string()];
    }
    let clauses: Vec<&str> = source.split(" ; ").collect();
    let last = clauses.len() - 1;
    clauses
        .iter()
        .enumerate()
        .flat_map(|(k, clause)| {
            let clause = if k < last {
                format!("{clause} ;")
            } else {
                clause.to_string()
            };
            wrap(&clause, font, max_w)
        })
        .collect()
}

/// The lines of each legend item: one, unless the legend has a single column too narrow for
/// it (a narrow map, such as a zone's page).
fn item_lines(items: &[(String, String)], width: f64, margin: f64) -> Vec<Vec<String>> {
    let (columns, _) = legend_columns(items, width, margin);
    let room = width - 2.0 * margin - 12.0 - 34.0;
    items
        .iter()
        .map(|(_, label)| {
            if columns == 1 {
                wrap(label, 10.0, room)
            } else {
                vec![label.clone()]
            }
        })
        .collect()
}

/// Height of the legend block's items.
fn items_height(items: &[(String, String)], width: f64, margin: f64) -> f64 {
    let (columns, _) = legend_columns(items, width, margin);
    if columns == 1 {
        item_lines(items, width, margin)
            .iter()
            .map(|l| l.len() as f64 * LEGEND_LINE - (l.len() as f64 - 1.0) * 4.0)
            .sum::<f64>()
    } else {
        items.len().div_ceil(columns) as f64 * LEGEND_LINE
    }
}

/// Height the legend, its notes and the source line need at this width.
pub fn legend_height(input: &MapInput, items: &[(String, String)], width: f64, margin: f64) -> f64 {
    let text_w = width - 2.0 * margin;
    let notes =
        wrap(LONGEST_NOTE, 9.0, text_w).len() + source_lines(&input.source, 9.0, text_w).len();
    // Title line, items, the note lines and the source lines.
    24.0 + items_height(items, width, margin) + notes as f64 * 14.0
}

/// The lines of `text` as `<tspan>`s under one another from `x`, `step` px apart.
fn tspans(lines: &[String], x: f64, step: f64) -> String {
    lines
        .iter()
        .enumerate()
        .map(|(k, line)| {
            format!(
                "<tspan x=\"{x:.1}\" dy=\"{}\">{}</tspan>",
                if k == 0 { 0.0 } else { step },
                escape_xml(line)
            )
        })
        .collect()
}

/// The legend as one framed block, then the note on unlabelled zones and the source line.
pub fn legend(
    svg: &mut String,
    input: &MapInput,
    items: &[(String, String)],
    (width, y, margin): (f64, f64, f64),
    note: &str,
) {
    let (columns, column) = legend_columns(items, width, margin);
    let block_h = 22.0 + items_height(items, width, margin);
    let _ = writeln!(
        svg,
        "<g class=\"legend\" font-size=\"10\" fill=\"#222\"><rect x=\"{margin}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{block_h:.1}\" fill=\"#fafafa\" stroke=\"#ccc\" stroke-width=\"0.6\" rx=\"3\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"bold\">{}</text>",
        width - 2.0 * margin,
        margin + 6.0,
        y + 13.0,
        MapWords::of(input.lang).legend()
    );
    let lines = item_lines(items, width, margin);
    let mut yy = y + 18.0;
    for (k, (swatch, label)) in items.iter().enumerate() {
        let x = margin + 6.0 + (k % columns) as f64 * column;
        let row_y = if columns == 1 {
            yy
        } else {
            y + 18.0 + (k / columns) as f64 * LEGEND_LINE
        };
        let text = if lines[k].len() > 1 {
            tspans(&lines[k], 20.0, 12.0)
        } else {
            escape_xml(label)
        };
        let _ = writeln!(
            svg,
            "<g transform=\"translate({x:.1} {row_y:.1})\">{swatch}<text x=\"20\" y=\"9\">{text}</text></g>"
        );
        yy += lines[k].len() as f64 * LEGEND_LINE - (lines[k].len() as f64 - 1.0) * 4.0;
    }
    svg.push_str("</g>\n");
    let text_w = width - 2.0 * margin;
    let note_lines = if note.is_empty() {
        Vec::new()
    } else {
        wrap(note, 9.0, text_w)
    };
    let note_y = y + block_h + 12.0;
    let source_y = note_y + note_lines.len().max(1) as f64 * 14.0;
    let _ = writeln!(
        svg,
        "<text class=\"map-note\" x=\"{margin}\" y=\"{note_y:.1}\" font-size=\"9\" fill=\"#444\">{}</text>\
         <text class=\"map-source\" x=\"{margin}\" y=\"{source_y:.1}\" font-size=\"9\" fill=\"#444\">{}</text>",
        tspans(&note_lines, margin, 14.0),
        tspans(&source_lines(&input.source, 9.0, text_w), margin, 14.0)
    );
}
