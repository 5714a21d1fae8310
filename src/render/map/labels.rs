//! The labels of a map: the zones blanches (most populated first, with their plan target) and
//! the CPTS names, placed without collision by the [`placer`](super::placer).

use super::frames::{Frame, page_point, page_rect};
use super::placer;
use super::{Layer, MapInput};
use crate::io::covering_rect;
use crate::model::format::escape_xml;
use crate::plan::{Plan, TargetKind};
use geo::{Area, BoundingRect, InteriorPoint};
use std::collections::HashMap;
use std::fmt::Write;

/// A feature to label: where, how big on the page, and the texts to try, longest first.
pub(super) struct LabelTask {
    frame: usize,
    anchor: (f64, f64),
    extent: placer::Rect,
    /// Each variant is one or more lines.
    variants: Vec<Vec<String>>,
    kind: LabelKind,
    key: String,
}

/// What a label names: a zone blanche or a CPTS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LabelKind {
    Zone,
    Cpts,
}

/// How a kind of label is drawn.
pub(super) struct LabelLook {
    class: &'static str,
    /// The attribute carrying the zone or CPTS id.
    data: &'static str,
    fill: &'static str,
    /// Extra attributes of the `<text>`.
    style: &'static str,
    /// Size relative to the map's label font.
    scale: f64,
}

impl LabelKind {
    fn look(self) -> LabelLook {
        match self {
            LabelKind::Zone => LabelLook {
                class: "zone-label",
                data: "data-zone",
                fill: "#7f0000",
                style: "",
                scale: 1.0,
            },
            LabelKind::Cpts => LabelLook {
                class: "cpts-label",
                data: "data-cpts",
                fill: "#263238",
                style: " font-style=\"italic\"",
                scale: 0.9,
            },
        }
    }
}

/// Where each zone goes in the plan: "→ CPTS du Gapençais", "→ nouvelle CPTS Z0003-N1".
pub(super) fn plan_line(
    plan: &Plan,
    zone: &crate::zones::WhiteZone,
    words: &super::words::MapWords,
) -> Option<String> {
    let mut targets: Vec<usize> = zone
        .units
        .iter()
        .filter_map(|&u| plan.target_of[u])
        .collect();
    targets.sort_unstable();
    targets.dedup();
    match targets.as_slice() {
        [] => None,
        [t] => Some(match plan.targets[*t].kind {
            // Its name: the task force's (`new:NAME`), else "Nouvelle CPTS" + its pole.
            TargetKind::New { .. } => format!("→ {}", plan.targets[*t].name),
            TargetKind::Existing(_) => format!("→ {}", plan.targets[*t].name),
        }),
        many => Some(words.targets(many.len())),
    }
}

/// The zones to label (most populated first), then the CPTS names.
pub(super) fn label_tasks(input: &MapInput, frames: &[Frame], layers: &[Layer]) -> Vec<LabelTask> {
    let words = super::words::MapWords::of(input.lang);
    let mut tasks = Vec::new();
    // A city inset labels its arrondissements, which the main frame leaves to it.
    let frame_of: HashMap<usize, usize> = frames
        .iter()
        .enumerate()
        .flat_map(|(f, frame)| {
            frame
                .city
                .as_ref()
                .unwrap_or(&frame.units)
                .iter()
                .map(move |&u| (u, f))
        })
        .collect();
    if layers.contains(&Layer::Zones)
        && let Some(zones) = input.zones
    {
        for zone in zones.iter() {
            let Some(&f) = frame_of.get(&zone.units[0]) else {
                continue;
            };
            let frame = &frames[f];
            let largest = zone
                .outline
                .0
                .iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()));
            let (Some(p), Some(r)) = (
                largest.and_then(|p| p.interior_point()),
                largest.and_then(|p| p.bounding_rect()),
            ) else {
                continue;
            };
            let id_name = format!("{} {}", zone.id, zone.name);
            let full = format!(
                "{id_name} · {} {}",
                crate::model::format::thousands(zone.population),
                words.inh()
            );
            let plan = layers
                .contains(&Layer::Plan)
                .then(|| input.plan.and_then(|plan| plan_line(plan, zone, &words)))
                .flatten();
            let mut variants = Vec::new();
            if let Some(line) = &plan {
                variants.push(vec![full.clone(), line.clone()]);
            }
            variants.push(vec![full]);
            variants.push(vec![id_name]);
            variants.push(vec![zone.id.clone()]);
            tasks.push(LabelTask {
                frame: f,
                anchor: page_point(frame, p.x(), p.y()),
                extent: page_rect(frame, r),
                variants,
                kind: LabelKind::Zone,
                key: zone.id.clone(),
            });
        }
    }
    if layers.contains(&Layer::CptsNames) {
        tasks.extend(cpts_name_tasks(input, frames, &frame_of));
    }
    tasks
}

/// One label per CPTS drawn, at the interior point of its most populous unit in a frame.
pub(super) fn cpts_name_tasks(
    input: &MapInput,
    frames: &[Frame],
    frame_of: &HashMap<usize, usize>,
) -> Vec<LabelTask> {
    let units = &input.territory.units;
    let mut order: Vec<usize> = (0..input.listing.cpts.len()).collect();
    let population = |c: usize| -> u64 {
        input.listing.cpts[c]
            .units
            .iter()
            .map(|&u| units[u].population)
            .sum()
    };
    order.sort_by_key(|&c| (std::cmp::Reverse(population(c)), c));
    let mut tasks = Vec::new();
    for c in order {
        let cpts = &input.listing.cpts[c];
        let Some(&home) = cpts
            .units
            .iter()
            .filter(|u| frame_of.contains_key(u) && input.metric[**u].is_some())
            .max_by_key(|&&u| (units[u].population, std::cmp::Reverse(u)))
        else {
            continue;
        };
        let f = frame_of[&home];
        let frame = &frames[f];
        let extent = covering_rect(
            cpts.units
                .iter()
                .filter(|u| frame_of.get(u) == Some(&f))
                .filter_map(|&u| input.metric[u].as_ref()?.bounding_rect()),
        );
        let Some(p) = input.metric[home].as_ref().and_then(|g| g.interior_point()) else {
            continue;
        };
        tasks.push(LabelTask {
            frame: f,
            anchor: page_point(frame, p.x(), p.y()),
            extent: extent.map_or(placer::Rect::new(0.0, 0.0, 0.0, 0.0), |e| {
                page_rect(frame, e)
            }),
            variants: vec![vec![cpts.name.clone()]],
            kind: LabelKind::Cpts,
            key: cpts.id.clone(),
        });
    }
    tasks
}

/// Place and draw every label that finds room; returns (zones labelled, zones drawn) and
/// (CPTS names placed, CPTS names asked).
pub(super) fn render_labels(
    svg: &mut String,
    input: &MapInput,
    frames: &[Frame],
    layers: &[Layer],
    width: f64,
    placer: &mut placer::Placer,
) -> ((usize, usize), (usize, usize)) {
    let font = (width / 110.0).clamp(8.0, 13.0);
    let tasks = label_tasks(input, frames, layers);
    let drawn = tasks.iter().filter(|t| t.kind == LabelKind::Zone).count();
    let names = tasks.len() - drawn;
    let mut labelled = 0;
    let mut named = 0;
    let mut leaders = String::new();
    let mut texts = String::new();
    for task in &tasks {
        let frame = &frames[task.frame];
        let within = placer::Rect::new(frame.x, frame.y, frame.w, frame.h);
        let look = task.kind.look();
        let (size, fill, style, data) = (font * look.scale, look.fill, look.style, look.data);
        let placed = task.variants.iter().find_map(|lines| {
            let w = lines
                .iter()
                .map(|l| placer::text_width(l, size))
                .fold(0.0, f64::max);
            let h = lines.len() as f64 * size * 1.25;
            placer
                .place(task.anchor, task.extent, (w, h), within)
                .map(|p| (p, lines))
        });
        let Some((placement, lines)) = placed else {
            continue;
        };
        match task.kind {
            LabelKind::Zone => labelled += 1,
            _ => named += 1,
        }
        if let Some((a, b)) = placement.leader {
            let _ = writeln!(
                leaders,
                "<path class=\"leader\" data-for=\"{}\" d=\"M{:.1} {:.1}L{:.1} {:.1}\" stroke=\"{fill}\" stroke-width=\"0.6\" fill=\"none\"/>\
                 <circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"1.2\" fill=\"{fill}\"/>",
                escape_xml(&task.key),
                a.0,
                a.1,
                b.0,
                b.1,
                a.0,
                a.1
            );
        }
        let r = placement.rect;
        let cx = (r.x0 + r.x1) / 2.0;
        let _ = write!(
            texts,
            "<text class=\"{}\" id=\"label-{}\" {data}=\"{}\" x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"{size:.1}\"{style} text-anchor=\"middle\" \
             fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"{:.1}\" stroke-opacity=\"0.85\" paint-order=\"stroke\">",
            look.class,
            escape_xml(&task.key),
            escape_xml(&task.key),
            r.y0 + size * 0.98,
            size / 4.0,
        );
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                texts,
                "<tspan x=\"{cx:.1}\" dy=\"{}\">{}</tspan>",
                if k == 0 { 0.0 } else { size * 1.25 },
                escape_xml(line)
            );
        }
        texts.push_str("</text>\n");
    }
    svg.push_str("<g class=\"leaders\">\n");
    svg.push_str(&leaders);
    svg.push_str("</g>\n<g class=\"zone-labels\">\n");
    svg.push_str(&texts);
    svg.push_str("</g>\n");
    ((labelled, drawn), (named, names))
}
