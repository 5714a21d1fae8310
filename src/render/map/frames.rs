//! The frames of a map: the units of one CRS (and, for insets, one département) scaled into a
//! box of the page, laid out with the overseas départements as insets beside the main frame.

use super::MapInput;
use super::placer;
use crate::io::crs::MetricCrs;
use crate::zones::is_reported;
use geo::BoundingRect;
use std::collections::BTreeMap;

/// A frame of the map: the units of one CRS (and, for insets, one département) scaled into a box.
pub(super) struct Frame {
    pub(super) units: Vec<usize>,
    pub(super) label: Option<String>,
    /// Box on the page, px.
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
    /// Metric bounding box.
    pub(super) min: [f64; 2],
    pub(super) max: [f64; 2],
    pub(super) scale: f64,
    /// Coordinates are snapped to multiples of this many tenths of a pixel: 10 (whole pixels)
    /// for large frames, where finer detail cannot be seen and would only weigh on the file.
    pub(super) quantum: i32,
    /// A city inset: drawn clipped to its box, and labels only for these units (the city's
    /// arrondissements), which the main frame then leaves to it.
    pub(super) city: Option<Vec<usize>>,
    /// Units beyond the reporting area that reach into the frame (S7 context): drawn in grey,
    /// so that the area is seen among its neighbours.
    pub(super) neighbours: Vec<usize>,
}

impl Frame {
    /// A frame of `units` over the metric box `(min, max)`, not placed on the page yet.
    fn unplaced(
        units: Vec<usize>,
        label: Option<String>,
        (min, max): ([f64; 2], [f64; 2]),
        quantum: i32,
    ) -> Frame {
        Frame {
            quantum,
            units,
            label,
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
            min,
            max,
            scale: 1.0,
            city: None,
            neighbours: Vec::new(),
        }
    }

    /// Map a metric coordinate to tenths of a pixel.
    pub(super) fn project(&self, x: f64, y: f64) -> (i32, i32) {
        let px = self.x + (x - self.min[0]) * self.scale;
        let py = self.y + (self.max[1] - y) * self.scale;
        let q = self.quantum as f64;
        (
            ((px * 10.0 / q).round() * q) as i32,
            ((py * 10.0 / q).round() * q) as i32,
        )
    }

    pub(super) fn place(&mut self, x: f64, y: f64, w: f64, h: f64) {
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

/// Frames of a study area: the main one (metropolitan France, or the only CRS there is) and an
/// inset per overseas département.
pub(super) fn frames(input: &MapInput) -> Vec<Frame> {
    if let Some(focus) = &input.focus {
        return vec![focus_frame(input, focus)];
    }
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
    let mut out: Vec<Frame> = groups
        .into_iter()
        .map(|((_, dep), units)| {
            let (min, max) = bounds(input, &units);
            let label = (!dep.is_empty()).then_some(dep);
            let quantum = if units.len() > 3000 { 10 } else { 1 };
            Frame::unplaced(units, label, (min, max), quantum)
        })
        .collect();
    if let Some(main) = out.first_mut().filter(|f| f.label.is_none()) {
        main.neighbours = neighbours(input, main);
        let insets = city_insets(input, main);
        out.extend(insets);
    }
    out
}

/// The units of the run beyond the reporting area (its S7 context) in the frame's CRS whose box
/// meets the frame's.
fn neighbours(input: &MapInput, frame: &Frame) -> Vec<usize> {
    let territory = input.territory;
    if territory.area.is_none() {
        return Vec::new();
    }
    (0..territory.units.len())
        .filter(|&u| {
            !is_reported(territory, input.zones, u)
                && MetricCrs::for_departement(&territory.units[u].departement)
                    == MetricCrs::Lambert93
                && meets(input, u, (frame.min, frame.max))
        })
        .collect()
}

/// The cities counted by their arrondissements (S1), by the codes of their arrondissements.
const CITIES: [(&str, &str, std::ops::RangeInclusive<u32>); 3] = [
    ("Paris", "75", 75101..=75120),
    ("Lyon", "69", 69381..=69389),
    ("Marseille", "13", 13201..=13216),
];

/// An inset per city whose arrondissements are in the main frame but too small in it to read
/// (under a third of its width): the arrondissements and what surrounds them, clipped.
fn city_insets(input: &MapInput, main: &Frame) -> Vec<Frame> {
    let units = &input.territory.units;
    let width = main.max[0] - main.min[0];
    let mut out = Vec::new();
    for (name, _, codes) in CITIES {
        let city: Vec<usize> = main
            .units
            .iter()
            .copied()
            .filter(|&u| {
                units[u]
                    .code
                    .parse::<u32>()
                    .is_ok_and(|c| codes.contains(&c))
            })
            .collect();
        if city.len() < 2 {
            continue;
        }
        let (min, max) = bounds(input, &city);
        if max[0] - min[0] >= 0.35 * width {
            continue;
        }
        let pad = ((max[0] - min[0]).max(max[1] - min[1]) * 0.12).max(1500.0);
        let (min, max) = ([min[0] - pad, min[1] - pad], [max[0] + pad, max[1] + pad]);
        let drawn: Vec<usize> = main
            .units
            .iter()
            .copied()
            .filter(|&u| meets(input, u, (min, max)))
            .collect();
        let mut frame = Frame::unplaced(drawn, Some(name.to_string()), (min, max), 1);
        frame.city = Some(city);
        out.push(frame);
    }
    out
}

/// Page position (px) of a metric point, and the page box of a metric box.
pub(super) fn page_point(frame: &Frame, x: f64, y: f64) -> (f64, f64) {
    let (px, py) = frame.project(x, y);
    (px as f64 / 10.0, py as f64 / 10.0)
}

pub(super) fn page_rect(frame: &Frame, r: geo::Rect<f64>) -> placer::Rect {
    let (x0, y1) = page_point(frame, r.min().x, r.min().y);
    let (x1, y0) = page_point(frame, r.max().x, r.max().y);
    placer::Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// The frame of a focused map (a zone's page): the focus units' box widened by a quarter (at
/// least 3 km) each side and to a landscape shape, with every unit that reaches into it
/// (clipped when drawn).
fn focus_frame(input: &MapInput, focus: &[usize]) -> Frame {
    let (mut min, mut max) = bounds(input, focus);
    if !min[0].is_finite() {
        (min, max) = ([0.0; 2], [1.0; 2]);
    }
    let pad = |a: f64, b: f64| ((b - a) * 0.25).max(3000.0);
    let (px, py) = (pad(min[0], max[0]), pad(min[1], max[1]));
    let (mut min, mut max) = ([min[0] - px, min[1] - py], [max[0] + px, max[1] + py]);
    // Landscape at most 0.35 high for 1 wide, so that a zone's map leaves room on its page.
    let (w, h) = (max[0] - min[0], max[1] - min[1]);
    if h > 0.35 * w {
        let widen = (h / 0.35 - w) / 2.0;
        (min[0], max[0]) = (min[0] - widen, max[0] + widen);
    }
    let crs = focus
        .first()
        .map(|&u| MetricCrs::for_departement(&input.territory.units[u].departement));
    let units: Vec<usize> = (0..input.territory.units.len())
        .filter(|&u| {
            crs.is_none_or(|c| {
                MetricCrs::for_departement(&input.territory.units[u].departement) == c
            }) && meets(input, u, (min, max))
        })
        .collect();
    Frame::unplaced(units, None, (min, max), 1)
}

/// Whether unit `u`'s box meets the metric box `(min, max)`.
fn meets(input: &MapInput, u: usize, (min, max): ([f64; 2], [f64; 2])) -> bool {
    input.metric[u]
        .as_ref()
        .and_then(|g| g.bounding_rect())
        .is_some_and(|r| {
            r.max().x >= min[0] && r.min().x <= max[0] && r.max().y >= min[1] && r.min().y <= max[1]
        })
}

/// The metric bounding box of `units` (infinite when none has a geometry).
fn bounds(input: &MapInput, units: &[usize]) -> ([f64; 2], [f64; 2]) {
    let mut min = [f64::INFINITY; 2];
    let mut max = [f64::NEG_INFINITY; 2];
    for &u in units {
        if let Some(r) = input.metric[u].as_ref().and_then(|g| g.bounding_rect()) {
            min = [min[0].min(r.min().x), min[1].min(r.min().y)];
            max = [max[0].max(r.max().x), max[1].max(r.max().y)];
        }
    }
    (min, max)
}
