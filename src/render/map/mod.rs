//! Maps drawn by the engine itself: units by stage, CPTS and département borders, zones blanches
//! outlined and labelled, the plan hatched; France with the overseas départements as insets.
//! SVG, and PNG through resvg.

mod borders;
mod frames;
mod furniture;
mod input;
mod labels;
mod placer;
pub(crate) mod png;
mod svg;
pub mod words;

use borders::{Edge, push_borders, segments};
use frames::{Frame, frames};
use labels::render_labels;
pub use png::render_png;
use svg::{push_point, push_polygons, units_path};

use crate::coverage::Coverage;
use crate::inputs::listing::Listing;
use crate::model::display_rank;
use crate::model::format::escape_xml;
use crate::plan::{Plan, TargetKind};
use crate::territory::Territory;
use crate::zones::WhiteZones;
use geo::{InteriorPoint, MultiPolygon};
use rayon::prelude::*;
use std::fmt::Write;

/// Layers a map can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// Units filled by stage.
    Stages,
    /// CPTS borders.
    Cpts,
    /// Département borders.
    Departements,
    /// Zones blanches outlined and labelled.
    Zones,
    /// The plan: new CPTS hatched, extensions outlined.
    Plan,
    /// CPTS names at their territory.
    CptsNames,
}

impl Layer {
    /// Every layer, in drawing order (the report's map).
    pub const ALL: [Layer; 5] = [
        Layer::Stages,
        Layer::Plan,
        Layer::Cpts,
        Layer::Departements,
        Layer::Zones,
    ];

    /// The layers of `map` without `--layer`: all but the plan.
    pub const DEFAULT: [Layer; 4] = [
        Layer::Stages,
        Layer::Cpts,
        Layer::Departements,
        Layer::Zones,
    ];

    /// A layer by its name (`stages`, `cpts-names`…).
    pub fn parse(name: &str) -> Option<Layer> {
        match name.trim().to_ascii_lowercase().as_str() {
            "stages" | "stage" => Some(Layer::Stages),
            "cpts" => Some(Layer::Cpts),
            "departements" | "departement" | "dep" => Some(Layer::Departements),
            "zones" | "zone" => Some(Layer::Zones),
            "plan" => Some(Layer::Plan),
            "cpts-names" | "cpts_names" | "names" => Some(Layer::CptsNames),
            _ => None,
        }
    }
}

/// Legend label and fill colour of each stage class, in [`display_rank`] order
/// (colour-blind safe greens, amber, light grey).
pub const STAGE_FILLS: [(&str, &str); 5] = [
    ("ACI signé", "#1b7f5b"),
    ("Projet de santé validé", "#5db489"),
    ("Lettre d'intention validée", "#b9e0c5"),
    ("Pré-projet", "#f2cf6b"),
    ("Aucune CPTS", "#ececec"),
];
const ZONE_STROKE: &str = "#c62828";
/// Units beyond the reporting area.
const NEIGHBOUR_FILL: &str = "#d4d6d9";

/// What to draw.
pub struct MapInput<'a> {
    pub cog: &'a crate::territory::cog::Cog,
    pub territory: &'a Territory,
    pub listing: &'a Listing,
    pub cover: &'a Coverage,
    /// Units in their metric CRS.
    pub metric: &'a [Option<MultiPolygon<f64>>],
    pub zones: Option<&'a WhiteZones>,
    pub plan: Option<&'a Plan>,
    /// Stage below which a unit is not covered (S3, `--min-stage`).
    pub min_stage: crate::model::Stage,
    pub title: String,
    /// Scope, date of the listing and threshold, under the title.
    pub subtitle: String,
    /// The inputs the map is drawn from, at the bottom.
    pub source: String,
    /// Units to frame (a zone's page): the map shows them and their surroundings, clipped.
    pub focus: Option<Vec<usize>>,
    /// A comparison's map: units that became covered (`true`) or stopped being (`false`),
    /// hatched over the stages.
    pub changed: Option<Vec<(usize, bool)>>,
    /// The language of its words (French by default: maps go into French reports).
    pub lang: crate::model::catalogue::Lang,
}

/// Render the map as a standalone SVG document, `width` px wide.
pub fn render_svg(input: &MapInput, layers: &[Layer], width: f64) -> String {
    let mut frames = frames(input);
    let margin = 10.0;
    let title_h = furniture::TITLE_H;
    let mut height = layout(&mut frames, width, margin, title_h);
    let legend_y = height + margin;
    let legend = furniture::legend_items(input, &frames, layers);
    // The legend, its notes and the source line are laid out for a narrower page and scaled
    // up, so that their text stays at least 1.1 % of the map's width (a slide, a wide PNG).
    // The smallest text there is 9 px (notes, source line): 9 × k ≥ 1.1 % of the width.
    let k = (width * 0.011 / 9.0).max(1.0);
    height = legend_y + furniture::legend_height(input, &legend, width / k, margin) * k + margin;
    let mut svg = String::with_capacity(1 << 20);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" \
         font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" class=\"zb-map\">",
        w = width,
        h = height
    );
    svg.push_str(
        "<defs><pattern id=\"hatch-new\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"#fde0dc\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c62828\" stroke-width=\"2\"/></pattern>\
         <pattern id=\"hatch-ext\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">\
         <rect width=\"6\" height=\"6\" fill=\"#e3ecfa\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#1f5fbf\" stroke-width=\"1.5\"/></pattern>\
         <pattern id=\"hatch-gained\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"5\" height=\"5\" fill=\"#cfe3f3\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#0072B2\" stroke-width=\"2\"/></pattern>\
         <pattern id=\"hatch-lost\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">\
         <rect width=\"5\" height=\"5\" fill=\"#f9dccb\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#D55E00\" stroke-width=\"2\"/></pattern></defs>\n",
    );
    svg.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    let mut placer = placer::Placer::default();
    furniture::title(&mut svg, input, margin, width, &mut placer);
    let has = |l: Layer| layers.contains(&l);
    for frame in &frames {
        inset_name(&mut svg, input, frame, &mut placer);
        if input.focus.is_some() || frame.city.is_some() || !frame.neighbours.is_empty() {
            let id = match &frame.label {
                Some(city) if frame.city.is_some() => format!("clip-{}", city.to_lowercase()),
                _ if input.focus.is_some() => "focus-clip".to_string(),
                _ => "clip-main".to_string(),
            };
            let _ = write!(
                svg,
                "<clipPath id=\"{id}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/></clipPath><g clip-path=\"url(#{id})\">",
                frame.x, frame.y, frame.w, frame.h
            );
            render_frame(&mut svg, input, frame, &has);
            svg.push_str("</g>\n");
        } else {
            render_frame(&mut svg, input, frame, &has);
        }
    }
    for frame in &frames {
        furniture::scale_bar(&mut svg, frame, &mut placer);
    }
    let ((labelled, drawn), (named, names)) =
        render_labels(&mut svg, input, &frames, layers, width, &mut placer);
    let note = labels_note(input.lang, (labelled, drawn), (named, names));
    let _ = write!(
        svg,
        "<g class=\"furniture\" transform=\"translate(0 {legend_y:.1}) scale({k:.4})\">"
    );
    furniture::legend(&mut svg, input, &legend, (width / k, 0.0, margin), &note);
    svg.push_str("</g>\n");
    svg.push_str("</svg>\n");
    svg
}

/// Place the frames on the page: the main frame on the right, insets stacked in a column on the
/// left (overseas only: a row); returns the height used, title included.
fn layout(frames: &mut [Frame], width: f64, margin: f64, title_h: f64) -> f64 {
    // Layout: the main frame on the right, insets stacked in a column on the left.
    let (main, insets): (Vec<usize>, Vec<usize>) = if frames.len() > 1 && frames[0].label.is_none()
    {
        (vec![0], (1..frames.len()).collect())
    } else if frames.len() == 1 {
        (vec![0], Vec::new())
    } else {
        // Overseas only, several départements: each gets a cell of a row.
        (Vec::new(), (0..frames.len()).collect())
    };
    let mut height = title_h + margin;
    if let Some(&m) = main.first() {
        // A city's arrondissements need room to be read: a wider column than the overseas'.
        let inset_w = match insets.iter().any(|&i| frames[i].city.is_some()) {
            _ if insets.is_empty() => 0.0,
            true => width * 0.28,
            false => width * 0.16,
        };
        let w = width - 2.0 * margin - inset_w;
        let f = &frames[m];
        let aspect = (f.max[1] - f.min[1]).max(1.0) / (f.max[0] - f.min[0]).max(1.0);
        let h = (w * aspect).min(w * 1.6);
        frames[m].place(margin + inset_w, title_h + margin, w, h);
        let cell = if insets.is_empty() {
            0.0
        } else {
            (h / insets.len() as f64).min(inset_w)
        };
        for (k, &i) in insets.iter().enumerate() {
            let y = title_h + margin + k as f64 * cell;
            frames[i].place(margin + 6.0, y + 16.0, inset_w - 16.0, cell - 24.0);
        }
        height += h;
    } else if !insets.is_empty() {
        let cell = (width - 2.0 * margin) / insets.len() as f64;
        for (k, &i) in insets.iter().enumerate() {
            frames[i].place(
                margin + k as f64 * cell + 4.0,
                title_h + margin + 16.0,
                cell - 12.0,
                cell,
            );
        }
        height += cell + 16.0;
    }
    height
}

/// The legend's note on the labels left out for want of room: zones, then CPTS names.
fn labels_note(
    lang: crate::model::catalogue::Lang,
    (labelled, drawn): (usize, usize),
    (named, names): (usize, usize),
) -> String {
    let words = words::MapWords::of(lang);
    let mut note = if drawn == 0 || labelled == drawn {
        String::new()
    } else {
        words.zones_note(labelled, drawn)
    };
    if named < names {
        if !note.is_empty() {
            note.push(' ');
        }
        note.push_str(&words.names_note(named, names));
    }
    note
}

/// The name above an inset (an overseas département, a city's arrondissements) and its frame.
fn inset_name(svg: &mut String, input: &MapInput, frame: &Frame, placer: &mut placer::Placer) {
    let Some(label) = &frame.label else {
        return;
    };
    let label = &if frame.city.is_some() {
        words::MapWords::of(input.lang).arrondissements(label)
    } else {
        label.clone()
    };
    let name = input
        .cog
        .departement_name(label)
        .unwrap_or(label)
        .to_string();
    let _ = writeln!(
        svg,
        "<text class=\"inset-name\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"#444\">{}</text>\
                 <rect class=\"inset-frame\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#bbb\" stroke-width=\"0.5\"/>",
        frame.x,
        frame.y - 6.0,
        escape_xml(&name),
        frame.x - 4.0,
        frame.y - 4.0,
        frame.w + 8.0,
        frame.h + 8.0
    );
    placer.block(placer::Rect::new(
        frame.x,
        frame.y - 15.0,
        placer::text_width(&name, 9.0),
        11.0,
    ));
}

/// The units beyond the reporting area, in grey.
fn render_neighbours(svg: &mut String, frame: &Frame, metric: &[Option<MultiPolygon<f64>>]) {
    if frame.neighbours.is_empty() {
        return;
    }
    let d = units_path(frame, metric, frame.neighbours.iter().copied());
    let _ = writeln!(
        svg,
        "<path class=\"neighbours\" fill=\"{NEIGHBOUR_FILL}\" fill-rule=\"evenodd\" stroke=\"#ffffff\" stroke-width=\"0.4\" d=\"{d}\"/>"
    );
}

/// The units filled by stage, one path per stage class.
fn render_stages(svg: &mut String, input: &MapInput, frame: &Frame) {
    let metric = input.metric;
    let names = ["aci", "ps", "li", "preprojet", "none"];
    let paths: Vec<String> = (0..5)
        .into_par_iter()
        .map(|class| {
            let of_class = |&u: &usize| display_rank(input.cover.units[u].stage) == class;
            units_path(frame, metric, frame.units.iter().copied().filter(of_class))
        })
        .collect();
    for (class, d) in paths.iter().enumerate() {
        if !d.is_empty() {
            let _ = writeln!(
                svg,
                "<path class=\"stage stage-{}\" fill=\"{}\" fill-rule=\"evenodd\" stroke=\"{}\" stroke-width=\"0.15\" d=\"{d}\"/>",
                names[class], STAGE_FILLS[class].1, STAGE_FILLS[class].1
            );
        }
    }
}

fn render_frame(svg: &mut String, input: &MapInput, frame: &Frame, has: &dyn Fn(Layer) -> bool) {
    let metric = input.metric;
    render_neighbours(svg, frame, metric);
    if has(Layer::Stages) {
        render_stages(svg, input, frame);
    }
    if let Some(changed) = &input.changed {
        render_changed(svg, frame, metric, changed);
    }
    let need_edges = has(Layer::Cpts) || has(Layer::Departements) || has(Layer::Plan);
    let edges = if need_edges {
        segments(frame, metric)
    } else {
        Vec::new()
    };
    let units = &input.territory.units;
    if has(Layer::Plan)
        && let Some(plan) = input.plan
    {
        for (kind, fill) in [("new", "url(#hatch-new)"), ("ext", "url(#hatch-ext)")] {
            let of_kind = |&u: &usize| {
                plan.target_of[u].is_some_and(|t| {
                    let is_new = matches!(plan.targets[t].kind, TargetKind::New { .. });
                    (kind == "new") == is_new
                })
            };
            let d = units_path(frame, metric, frame.units.iter().copied().filter(of_kind));
            if !d.is_empty() {
                let _ = writeln!(
                    svg,
                    "<path class=\"plan plan-{kind}\" fill=\"{fill}\" fill-rule=\"evenodd\" d=\"{d}\"/>"
                );
            }
        }
        let target = |u: usize| plan.target_of[u];
        let borders: Vec<&Edge> = edges
            .iter()
            .filter(|e| {
                let a = target(e.left);
                let b = e.right.and_then(target);
                (a.is_some() || b.is_some()) && a != b
            })
            .collect();
        push_borders(
            svg,
            &borders,
            "plan-borders",
            &["stroke=\"#1f5fbf\" stroke-width=\"0.9\" stroke-dasharray=\"3 2\""],
        );
    }
    if has(Layer::Cpts) {
        let cpts = |u: usize| &input.cover.units[u].cpts;
        let borders: Vec<&Edge> = edges
            .iter()
            .filter(|e| match e.right {
                Some(r) => cpts(e.left) != cpts(r),
                None => !cpts(e.left).is_empty(),
            })
            .collect();
        push_borders(
            svg,
            &borders,
            "cpts-borders",
            &[
                "stroke=\"#ffffff\" stroke-opacity=\"0.8\" stroke-width=\"1.8\"",
                "stroke=\"#263238\" stroke-width=\"0.7\"",
            ],
        );
    }
    if has(Layer::Departements) {
        let borders: Vec<&Edge> = edges
            .iter()
            .filter(|e| match e.right {
                Some(r) => units[e.left].departement != units[r].departement,
                None => true,
            })
            .collect();
        push_borders(
            svg,
            &borders,
            "departement-borders",
            // Three times the CPTS borders' width, with a white casing: never taken for one.
            &[
                "stroke=\"#ffffff\" stroke-opacity=\"0.9\" stroke-width=\"3.6\"",
                "stroke=\"#111\" stroke-width=\"2.1\"",
            ],
        );
    }
    if has(Layer::Zones)
        && let Some(zones) = input.zones
    {
        render_zones(svg, frame, zones);
    }
}

/// A comparison's units that gained or lost coverage, hatched.
fn render_changed(
    svg: &mut String,
    frame: &Frame,
    metric: &[Option<MultiPolygon<f64>>],
    changed: &[(usize, bool)],
) {
    let members: std::collections::HashSet<usize> = frame.units.iter().copied().collect();
    for (gained, class, fill) in [
        (true, "gained", "url(#hatch-gained)"),
        (false, "lost", "url(#hatch-lost)"),
    ] {
        let units = changed
            .iter()
            .filter(|&&(u, g)| g == gained && members.contains(&u))
            .map(|&(u, _)| u);
        let d = units_path(frame, metric, units);
        if !d.is_empty() {
            let _ = writeln!(
                svg,
                "<path class=\"changed changed-{class}\" fill=\"{fill}\" fill-rule=\"evenodd\" stroke=\"none\" d=\"{d}\"/>"
            );
        }
    }
}

/// The outlines of the zones of a frame.
fn render_zones(svg: &mut String, frame: &Frame, zones: &WhiteZones) {
    let members: std::collections::HashSet<usize> = frame.units.iter().copied().collect();
    svg.push_str("<g class=\"zones\">\n");
    for zone in zones.iter().filter(|z| members.contains(&z.units[0])) {
        let mut d = String::new();
        push_polygons(&mut d, frame, &zone.outline);
        if d.is_empty() {
            // Smaller than a pixel: a small circle so that the zone still shows.
            if let Some(p) = zone.outline.interior_point() {
                let (x, y) = frame.project(p.x(), p.y());
                let r = 15;
                push_point(&mut d, 'M', (x - r, y));
                let _ = write!(d, "a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0 -3 0");
            }
        }
        let _ = writeln!(
            svg,
            "<path class=\"zone\" data-zone=\"{id}\" fill=\"none\" stroke=\"{ZONE_STROKE}\" stroke-width=\"1.4\" stroke-linejoin=\"round\" d=\"{d}\"/>",
            id = zone.id
        );
    }
    svg.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::demo_plan;

    #[test]
    fn the_demo_map_has_every_stage_and_one_label_per_zone() {
        let run = demo_plan();
        let input = MapInput::of(&run.zoning, Some(&run.plan));
        let svg = render_svg(&input, &Layer::ALL, 800.0);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        for (label, fill) in STAGE_FILLS {
            assert!(svg.contains(fill), "no fill for {label}");
        }
        for zone in run.zoning.zones.iter() {
            assert_eq!(
                svg.matches(&format!("id=\"label-{}\"", zone.id)).count(),
                1,
                "label of {}",
                zone.id
            );
        }
        assert_eq!(Layer::parse("plan"), Some(Layer::Plan));
        assert_eq!(Layer::parse("rivers"), None);
    }
}
