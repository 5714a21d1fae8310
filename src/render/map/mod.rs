//! Maps drawn by the engine itself: units by stage, CPTS and département borders, zones blanches
//! outlined and labelled, the plan hatched; France with the overseas départements as insets.
//! SVG, and PNG through resvg.

mod furniture;
pub mod labels;

use crate::coverage::Coverage;
use crate::error::{Error, Result};
use crate::inputs::listing::Listing;
use crate::io::covering_rect;
use crate::io::crs::MetricCrs;
use crate::model::display_rank;
use crate::model::format::escape_xml;
use crate::plan::{Plan, TargetKind};
use crate::territory::Territory;
use crate::zones::{WhiteZones, is_reported};
use geo::{Area, BoundingRect, InteriorPoint, MultiPolygon};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
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

/// What to draw.
pub struct MapInput<'a> {
    pub cog: &'a crate::territory::cog::Cog,
    pub territory: &'a Territory,
    pub listing: &'a Listing,
    pub coverage: &'a Coverage,
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
}

/// A frame of the map: the units of one CRS (and, for insets, one département) scaled into a box.
struct Frame {
    units: Vec<usize>,
    label: Option<String>,
    /// Box on the page, px.
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    /// Metric bounding box.
    min: [f64; 2],
    max: [f64; 2],
    scale: f64,
    /// Coordinates are snapped to multiples of this many tenths of a pixel: 10 (whole pixels)
    /// for large frames, where finer detail cannot be seen and would only weigh on the file.
    quantum: i32,
}

impl Frame {
    /// Map a metric coordinate to tenths of a pixel.
    fn project(&self, x: f64, y: f64) -> (i32, i32) {
        let px = self.x + (x - self.min[0]) * self.scale;
        let py = self.y + (self.max[1] - y) * self.scale;
        let q = self.quantum as f64;
        (
            ((px * 10.0 / q).round() * q) as i32,
            ((py * 10.0 / q).round() * q) as i32,
        )
    }

    fn place(&mut self, x: f64, y: f64, w: f64, h: f64) {
        let (bw, bh) = (
            (self.max[0] - self.min[0]).max(1.0),
            (self.max[1] - self.min[1]).max(1.0),
        );
        self.scale = (w / bw).min(h / bh);
        // Centre the content in its box.
        self.x = x + (w - bw * self.scale) / 2.0;
        self.y = y + (h - bh * self.scale) / 2.0;
        self.w = bw * self.scale;
        self.h = bh * self.scale;
    }
}

/// Append tenths of a pixel as a decimal number.
fn push_tenths(out: &mut String, v: i32) {
    if v < 0 {
        out.push('-');
    }
    let a = v.unsigned_abs();
    let _ = write!(out, "{}", a / 10);
    if !a.is_multiple_of(10) {
        let _ = write!(out, ".{}", a % 10);
    }
}

fn push_point(out: &mut String, command: char, p: (i32, i32)) {
    out.push(command);
    push_tenths(out, p.0);
    out.push(' ');
    push_tenths(out, p.1);
}

/// A polyline as SVG path data: an absolute move, then relative line-tos (`l` once, then bare
/// pairs; a minus sign separates numbers by itself), the most compact encoding SVG has.
fn push_polyline(out: &mut String, points: &[(i32, i32)], close: bool) {
    let Some(&first) = points.first() else { return };
    push_point(out, 'M', first);
    let mut last = first;
    for (k, &p) in points[1..].iter().enumerate() {
        out.push(if k == 0 { 'l' } else { ' ' });
        let (dx, dy) = (p.0 - last.0, p.1 - last.1);
        push_tenths(out, dx);
        if dy >= 0 {
            out.push(' ');
        }
        push_tenths(out, dy);
        last = p;
    }
    if close {
        out.push('z');
    }
}

/// Drop points that lie on the straight line between their neighbours (after snapping).
fn drop_collinear(points: &mut Vec<(i32, i32)>) {
    if points.len() < 4 {
        return;
    }
    let mut kept: Vec<(i32, i32)> = Vec::with_capacity(points.len());
    for &p in points.iter() {
        while kept.len() >= 2 {
            let a = kept[kept.len() - 2];
            let b = kept[kept.len() - 1];
            let cross =
                (b.0 - a.0) as i64 * (p.1 - a.1) as i64 - (b.1 - a.1) as i64 * (p.0 - a.0) as i64;
            let forward =
                (b.0 - a.0) as i64 * (p.0 - b.0) as i64 + (b.1 - a.1) as i64 * (p.1 - b.1) as i64;
            if cross == 0 && forward >= 0 {
                kept.pop();
            } else {
                break;
            }
        }
        kept.push(p);
    }
    *points = kept;
}

/// SVG path data of polygons (rings closed, consecutive duplicate pixels dropped).
fn push_polygons(out: &mut String, frame: &Frame, geometry: &MultiPolygon<f64>) {
    for polygon in &geometry.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut points: Vec<(i32, i32)> = Vec::with_capacity(ring.0.len());
            for c in &ring.0 {
                let p = frame.project(c.x, c.y);
                if points.last() != Some(&p) {
                    points.push(p);
                }
            }
            if points.len() > 1 && points.first() == points.last() {
                points.pop();
            }
            drop_collinear(&mut points);
            if points.len() < 3 {
                continue;
            }
            push_polyline(out, &points, true);
        }
    }
}

/// Calls `emit(a, b)` for every segment of a unit's rings between two distinct snapped points
/// (`a < b`), in ring order.
fn snapped_segments(
    frame: &Frame,
    geometry: &MultiPolygon<f64>,
    mut emit: impl FnMut((i32, i32), (i32, i32)),
) {
    for polygon in &geometry.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut previous: Option<(i32, i32)> = None;
            for c in &ring.0 {
                let p = frame.project(c.x, c.y);
                if let Some(q) = previous
                    && q != p
                {
                    let (a, b) = if q < p { (q, p) } else { (p, q) };
                    emit(a, b);
                }
                previous = Some(p);
            }
        }
    }
}

/// Boundary segments of the units in pixel tenths, each with the units on its two sides
/// (`None` outside the drawn area), found by matching identical segments.
fn segments(frame: &Frame, metric: &[Option<MultiPolygon<f64>>]) -> Vec<Edge> {
    // Exact counts first (projecting is cheap): room for the vertices instead would hold
    // 2.5 times the segments that remain once points snap together (the national map: 1.5 M
    // vertices, 584 000 segments).
    let bounds: Vec<usize> = frame
        .units
        .par_iter()
        .map(|&u| {
            let mut n = 0;
            if let Some(g) = &metric[u] {
                snapped_segments(frame, g, |_, _| n += 1);
            }
            n
        })
        .collect();
    let empty: SegmentKey = (0, (0, 0), (0, 0), 0);
    let mut all = crate::parallel::gather(&bounds, empty, |k, slot| {
        let u = frame.units[k];
        let mut n = 0;
        if let Some(g) = &metric[u] {
            snapped_segments(frame, g, |a, b| {
                let key = ((a.0 as u64 & 0xffff) << 48)
                    | ((a.1 as u64 & 0xffff) << 32)
                    | ((b.0 as u64 & 0xffff) << 16)
                    | (b.1 as u64 & 0xffff);
                slot[n] = (key, a, b, u as u32);
                n += 1;
            });
        }
        n
    });
    all.par_sort_unstable();
    let mut edges = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let mut j = i + 1;
        while j < all.len() && all[j].1 == all[i].1 && all[j].2 == all[i].2 {
            j += 1;
        }
        let left = all[i].3 as usize;
        // A segment drawn by more than two units (pixel rounding) keeps its first two.
        let right = all[i + 1..j]
            .iter()
            .map(|s| s.3 as usize)
            .find(|&v| v != left);
        if right.is_some() || j - i == 1 {
            edges.push(Edge {
                a: all[i].1,
                b: all[i].2,
                left,
                right,
            });
        }
        i = j;
    }
    edges
}

/// A snapped segment: sort key, endpoints (tenths of a pixel), unit.
type SegmentKey = (u64, (i32, i32), (i32, i32), u32);

struct Edge {
    a: (i32, i32),
    b: (i32, i32),
    left: usize,
    right: Option<usize>,
}

/// Chain segments into polylines and write them as path data.
fn push_chained(out: &mut String, edges: &[&Edge]) {
    // The edges at each point, in edge order: (point, edge) pairs sorted, found by bisection
    // (no hashing and no vector per point; the national map has ~700 000 border edges).
    let mut ends: Vec<((i32, i32), usize)> = Vec::with_capacity(2 * edges.len());
    for (k, e) in edges.iter().enumerate() {
        ends.push((e.a, k));
        ends.push((e.b, k));
    }
    ends.par_sort_unstable();
    let at = |p: (i32, i32)| {
        let start = ends.partition_point(|e| e.0 < p);
        let end = start + ends[start..].partition_point(|e| e.0 == p);
        &ends[start..end]
    };
    let mut used = vec![false; edges.len()];
    for start in 0..edges.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut points = vec![edges[start].a, edges[start].b];
        let mut point = edges[start].b;
        loop {
            let next = at(point).iter().map(|&(_, k)| k).find(|&k| !used[k]);
            let Some(k) = next else { break };
            used[k] = true;
            point = if edges[k].a == point {
                edges[k].b
            } else {
                edges[k].a
            };
            points.push(point);
        }
        drop_collinear(&mut points);
        push_polyline(out, &points, false);
    }
}

/// Chained border segments, one `<path>` per stroke (a light casing first keeps a dark line
/// visible on dark fills).
fn push_borders(svg: &mut String, borders: &[&Edge], class: &str, strokes: &[&str]) {
    let mut d = String::new();
    push_chained(&mut d, borders);
    if d.is_empty() {
        return;
    }
    for (k, stroke) in strokes.iter().enumerate() {
        let class = if k + 1 == strokes.len() {
            class.to_string()
        } else {
            format!("{class}-casing")
        };
        let _ = writeln!(
            svg,
            "<path class=\"{class}\" fill=\"none\" {stroke} stroke-linejoin=\"round\" d=\"{d}\"/>"
        );
    }
}

/// Frames of a study area: the main one (metropolitan France, or the only CRS there is) and an
/// inset per overseas département.
fn frames(input: &MapInput) -> Vec<Frame> {
    let mut groups: BTreeMap<(u8, String), Vec<usize>> = BTreeMap::new();
    for (u, unit) in input.territory.units.iter().enumerate() {
        // S7: the reporting area and the units of its zones beyond it, not the whole context.
        if input.metric[u].is_none() || !is_reported(input.territory, input.zones, u) {
            continue;
        }
        let crs = MetricCrs::for_departement(&unit.departement);
        let key = if crs == MetricCrs::Lambert93 {
            (0, String::new())
        } else {
            (1, unit.departement.clone())
        };
        groups.entry(key).or_default().push(u);
    }
    groups
        .into_iter()
        .map(|((_, dep), units)| {
            let mut min = [f64::INFINITY; 2];
            let mut max = [f64::NEG_INFINITY; 2];
            for &u in &units {
                if let Some(r) = input.metric[u].as_ref().and_then(|g| g.bounding_rect()) {
                    min = [min[0].min(r.min().x), min[1].min(r.min().y)];
                    max = [max[0].max(r.max().x), max[1].max(r.max().y)];
                }
            }
            let label = (!dep.is_empty()).then_some(dep);
            Frame {
                quantum: if units.len() > 3000 { 10 } else { 1 },
                units,
                label,
                x: 0.0,
                y: 0.0,
                w: 0.0,
                h: 0.0,
                min,
                max,
                scale: 1.0,
            }
        })
        .collect()
}

/// Render the map as a standalone SVG document, `width` px wide.
pub fn render_svg(input: &MapInput, layers: &[Layer], width: f64) -> String {
    let mut frames = frames(input);
    let margin = 10.0;
    let title_h = furniture::TITLE_H;
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
        let inset_w = if insets.is_empty() { 0.0 } else { width * 0.16 };
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
    let legend_y = height + margin;
    let legend = furniture::legend_items(input, &frames, layers);
    height = legend_y + furniture::legend_height(&legend, width, margin) + margin;
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
         <rect width=\"6\" height=\"6\" fill=\"#e3ecfa\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#1f5fbf\" stroke-width=\"1.5\"/></pattern></defs>\n",
    );
    svg.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    let mut placer = labels::Placer::default();
    furniture::title(&mut svg, input, margin, width, &mut placer);
    let has = |l: Layer| layers.contains(&l);
    for frame in &frames {
        if let Some(label) = &frame.label {
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
            placer.block(labels::Rect::new(
                frame.x,
                frame.y - 15.0,
                labels::text_width(&name, 9.0),
                11.0,
            ));
        }
        render_frame(&mut svg, input, frame, &has);
    }
    for frame in &frames {
        furniture::scale_bar(&mut svg, frame, &mut placer);
    }
    let (labelled, drawn) = render_labels(&mut svg, input, &frames, layers, width, &mut placer);
    let note = if drawn == 0 || labelled == drawn {
        String::new()
    } else {
        format!(
            "Étiquettes : {labelled} zones sur {drawn}, les plus peuplées d'abord ; les autres figurent dans zones.csv."
        )
    };
    furniture::legend(&mut svg, input, &legend, (width, legend_y, margin), &note);
    svg.push_str("</svg>\n");
    svg
}

fn render_frame(svg: &mut String, input: &MapInput, frame: &Frame, has: &dyn Fn(Layer) -> bool) {
    let metric = input.metric;
    if has(Layer::Stages) {
        let names = ["aci", "ps", "li", "preprojet", "none"];
        let paths: Vec<String> = (0..5)
            .into_par_iter()
            .map(|class| {
                let mut d = String::new();
                for &u in &frame.units {
                    if display_rank(input.coverage.units[u].stage) == class
                        && let Some(g) = &metric[u]
                    {
                        push_polygons(&mut d, frame, g);
                    }
                }
                d
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
            let mut d = String::new();
            for &u in &frame.units {
                let Some(t) = plan.target_of[u] else { continue };
                let is_new = matches!(plan.targets[t].kind, TargetKind::New { .. });
                if (kind == "new") == is_new
                    && let Some(g) = &metric[u]
                {
                    push_polygons(&mut d, frame, g);
                }
            }
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
        let cpts = |u: usize| &input.coverage.units[u].cpts;
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
            &["stroke=\"#111\" stroke-width=\"1\""],
        );
    }
    if has(Layer::Zones)
        && let Some(zones) = input.zones
    {
        render_zones(svg, frame, zones);
    }
}

/// The outlines of the zones of a frame.
fn render_zones(svg: &mut String, frame: &Frame, zones: &WhiteZones) {
    let members: std::collections::HashSet<usize> = frame.units.iter().copied().collect();
    svg.push_str("<g class=\"zones\">\n");
    for zone in zones.zones.iter().filter(|z| members.contains(&z.units[0])) {
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

/// A feature to label: where, how big on the page, and the texts to try, longest first.
struct LabelTask {
    frame: usize,
    anchor: (f64, f64),
    extent: labels::Rect,
    /// Each variant is one or more lines.
    variants: Vec<Vec<String>>,
    kind: LabelKind,
    key: String,
}

/// What a label names: a zone blanche or a CPTS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    Zone,
    Cpts,
}

/// How a kind of label is drawn.
struct LabelLook {
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

/// Page position (px) of a metric point, and the page box of a metric box.
fn page_point(frame: &Frame, x: f64, y: f64) -> (f64, f64) {
    let (px, py) = frame.project(x, y);
    (px as f64 / 10.0, py as f64 / 10.0)
}

fn page_rect(frame: &Frame, r: geo::Rect<f64>) -> labels::Rect {
    let (x0, y1) = page_point(frame, r.min().x, r.min().y);
    let (x1, y0) = page_point(frame, r.max().x, r.max().y);
    labels::Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// Where each zone goes in the plan: "→ CPTS du Gapençais", "→ nouvelle CPTS Z0003-N1".
fn plan_line(plan: &Plan, zone: &crate::zones::WhiteZone) -> Option<String> {
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
            TargetKind::New { .. } => format!("→ nouvelle CPTS {}", plan.targets[*t].id),
            TargetKind::Existing(_) => format!("→ {}", plan.targets[*t].name),
        }),
        many => Some(format!("→ {} cibles", many.len())),
    }
}

/// The zones to label (most populated first), then the CPTS names.
fn label_tasks(input: &MapInput, frames: &[Frame], layers: &[Layer]) -> Vec<LabelTask> {
    let mut tasks = Vec::new();
    let frame_of: HashMap<usize, usize> = frames
        .iter()
        .enumerate()
        .flat_map(|(f, frame)| frame.units.iter().map(move |&u| (u, f)))
        .collect();
    if layers.contains(&Layer::Zones)
        && let Some(zones) = input.zones
    {
        for zone in &zones.zones {
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
                "{id_name} · {} hab.",
                crate::model::format::thousands(zone.population)
            );
            let plan = layers
                .contains(&Layer::Plan)
                .then(|| input.plan.and_then(|plan| plan_line(plan, zone)))
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
fn cpts_name_tasks(
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
            extent: extent.map_or(labels::Rect::new(0.0, 0.0, 0.0, 0.0), |e| {
                page_rect(frame, e)
            }),
            variants: vec![vec![cpts.name.clone()]],
            kind: LabelKind::Cpts,
            key: cpts.id.clone(),
        });
    }
    tasks
}

/// Place and draw every label that finds room; returns (zones labelled, zones drawn).
fn render_labels(
    svg: &mut String,
    input: &MapInput,
    frames: &[Frame],
    layers: &[Layer],
    width: f64,
    placer: &mut labels::Placer,
) -> (usize, usize) {
    let font = (width / 110.0).clamp(8.0, 13.0);
    let tasks = label_tasks(input, frames, layers);
    let drawn = tasks.iter().filter(|t| t.kind == LabelKind::Zone).count();
    let mut labelled = 0;
    let mut leaders = String::new();
    let mut texts = String::new();
    for task in &tasks {
        let frame = &frames[task.frame];
        let within = labels::Rect::new(frame.x, frame.y, frame.w, frame.h);
        let look = task.kind.look();
        let (size, fill, style, data) = (font * look.scale, look.fill, look.style, look.data);
        let placed = task.variants.iter().find_map(|lines| {
            let w = lines
                .iter()
                .map(|l| labels::text_width(l, size))
                .fold(0.0, f64::max);
            let h = lines.len() as f64 * size * 1.25;
            placer
                .place(task.anchor, task.extent, (w, h), within)
                .map(|p| (p, lines))
        });
        let Some((placement, lines)) = placed else {
            continue;
        };
        if task.kind == LabelKind::Zone {
            labelled += 1;
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
    (labelled, drawn)
}

/// Rasterize an SVG document to PNG, `width` px wide (system fonts for the labels).
pub fn render_png(svg: &str, width: u32) -> Result<Vec<u8>> {
    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_str(svg, &options)
        .map_err(|e| Error::Usage(format!("map: SVG not rendered: {e}")))?;
    let size = tree.size();
    let scale = width as f32 / size.width();
    let height = (size.height() * scale).ceil().max(1.0) as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width.max(1), height)
        .ok_or_else(|| Error::Usage(format!("map: a {width}×{height} image is too large")))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| Error::Usage(format!("map: PNG not encoded: {e}")))
}

impl<'a> MapInput<'a> {
    /// A map of a zones run (and of its plan when there is one).
    pub fn of(zones: &'a crate::analysis::ZonesRun, plan: Option<&'a Plan>) -> MapInput<'a> {
        let run = &zones.coverage;
        let min_stage = zones.zones.min_stage;
        let date = run
            .inputs
            .listing
            .as_of
            .or_else(|| run.listing.latest_date())
            .map(|d| d.format("%d/%m/%Y").to_string());
        let file_name = |p: &std::path::Path| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        };
        let communes = match &run.inputs.communes {
            Some(source) => format!("communes {}", file_name(source.path())),
            None => "communes du référentiel".to_string(),
        };
        let reference = match &run.cog.source {
            Some(p) => format!("référentiel {}", file_name(p)),
            None => "COG 2026 et populations INSEE (Etalab, @etalab/decoupage-administratif 6.0.0)"
                .to_string(),
        };
        let listing = format!(
            "liste CPTS {}{}",
            file_name(std::path::Path::new(&run.listing.source)),
            date.as_ref()
                .map(|d| format!(" (dernière date : {d})"))
                .unwrap_or_default()
        );
        MapInput {
            cog: &run.cog,
            territory: &run.territory,
            listing: &run.listing,
            coverage: &run.coverage,
            metric: &zones.metric,
            zones: Some(&zones.zones),
            plan,
            min_stage,
            title: format!(
                "Couverture CPTS — {}",
                crate::coverage::study_area_title(&run.territory, &run.cog)
            ),
            subtitle: format!(
                "{}Non couvert : étape inférieure à « {} »",
                match (run.inputs.listing.as_of, &date) {
                    (Some(d), _) => format!("Situation au {} · ", d.format("%d/%m/%Y")),
                    (None, Some(d)) => format!("Dernière date de la liste : {d} · "),
                    (None, None) => String::new(),
                },
                min_stage.label_fr()
            ),
            source: format!(
                "Sources : {communes} ; {reference} ; {listing} · zones-blanches {}",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::demo_plan;

    #[test]
    fn the_demo_map_has_every_stage_and_one_label_per_zone() {
        let run = demo_plan();
        let input = MapInput::of(&run.zones, Some(&run.plan));
        let svg = render_svg(&input, &Layer::ALL, 800.0);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        for (label, fill) in STAGE_FILLS {
            assert!(svg.contains(fill), "no fill for {label}");
        }
        for zone in &run.zones.zones.zones {
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
