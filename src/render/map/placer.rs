//! Map labels that never collide: each label, most important first, takes the first free spot
//! among positions over its anchor and around it (with a leader line), or is left out and
//! counted. Boxes are estimated from DejaVu Sans advance widths, rounded up.

/// An axis-aligned box on the page, px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        }
    }

    fn intersects(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    fn contains(&self, other: &Rect) -> bool {
        other.x0 >= self.x0 && other.x1 <= self.x1 && other.y0 >= self.y0 && other.y1 <= self.y1
    }

    fn grown(&self, by: f64) -> Rect {
        Rect {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }

    /// The point of the box nearest to `p`.
    fn nearest(&self, p: (f64, f64)) -> (f64, f64) {
        (p.0.clamp(self.x0, self.x1), p.1.clamp(self.y0, self.y1))
    }

    /// Whether the segment `a`–`b` crosses the box (Liang–Barsky clipping).
    fn crossed_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let mut t0: f64 = 0.0;
        let mut t1: f64 = 1.0;
        for (p, q) in [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        t0 < t1
    }
}

/// Advance width of a character in em, from DejaVu Sans (the font the maps ask for first),
/// rounded up so that narrower fallbacks (Arial, Helvetica) fit too.
fn advance(c: char) -> f64 {
    match c {
        '0'..='9' => 0.64,
        ' ' | '\u{a0}' | '.' | ',' | '·' | ':' | '\'' | '’' | '(' | ')' => 0.40,
        'i' | 'l' | 'j' | 'I' | 'î' | 'ï' => 0.30,
        'f' | 'r' | 't' => 0.45,
        'm' | 'w' | 'M' | 'W' | 'Œ' | 'œ' | 'æ' => 1.0,
        '→' => 0.84,
        c if c.is_uppercase() => 0.78,
        _ => 0.64,
    }
}

/// Width of `text` at `font` px.
pub fn text_width(text: &str, font: f64) -> f64 {
    text.chars().map(advance).sum::<f64>() * font
}

/// Where a label went: its box (text centred in it) and, when it sits away from its anchor, the
/// leader line from the anchor to the box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub rect: Rect,
    pub leader: Option<((f64, f64), (f64, f64))>,
}

/// Boxes and leader lines already on the page; every new label avoids them all.
#[derive(Debug, Default)]
pub struct Placer {
    boxes: Vec<Rect>,
    leaders: Vec<((f64, f64), (f64, f64))>,
}

/// Free space kept around each label, px.
const PAD: f64 = 1.5;

impl Placer {
    /// Reserve a box no label may cover (titles, inset names, the legend).
    pub fn block(&mut self, rect: Rect) {
        self.boxes.push(rect);
    }

    fn free(&self, rect: &Rect, leader: Option<((f64, f64), (f64, f64))>) -> bool {
        let padded = rect.grown(PAD);
        if self.boxes.iter().any(|b| b.intersects(&padded)) {
            return false;
        }
        if self.leaders.iter().any(|&(a, b)| padded.crossed_by(a, b)) {
            return false;
        }
        match leader {
            Some((a, b)) => !self.boxes.iter().any(|r| r.crossed_by(a, b)),
            None => true,
        }
    }

    /// Place a `w`×`h` label for a feature whose pixel extent is `extent`, anchored at `anchor`,
    /// inside `within`: over the anchor when the label fits in the feature, else (or when that
    /// spot is taken) at the nearest free spot around it, with a leader line. `None`: no room.
    pub fn place(
        &mut self,
        anchor: (f64, f64),
        extent: Rect,
        (w, h): (f64, f64),
        within: Rect,
    ) -> Option<Placement> {
        let centred = |cx: f64, cy: f64| Rect::new(cx - w / 2.0, cy - h / 2.0, w, h);
        let fits_inside = extent.x1 - extent.x0 >= w && extent.y1 - extent.y0 >= h;
        let mut candidates: Vec<(Rect, bool)> = Vec::with_capacity(48);
        if fits_inside {
            for dy in [0.0, -0.6, 0.6, -1.2, 1.2] {
                candidates.push((centred(anchor.0, anchor.1 + dy * h), false));
            }
        }
        // Around the anchor: right, left, above, below, then the diagonals, further each ring.
        for ring in [0.9, 2.0, 3.5, 5.5, 8.0] {
            let r = ring * h;
            let (hw, hh) = (w / 2.0, h / 2.0);
            for (dx, dy) in [
                (r + hw, 0.0),
                (-(r + hw), 0.0),
                (0.0, -(r + hh)),
                (0.0, r + hh),
                (r * 0.7 + hw, -(r * 0.7 + hh)),
                (-(r * 0.7 + hw), -(r * 0.7 + hh)),
                (r * 0.7 + hw, r * 0.7 + hh),
                (-(r * 0.7 + hw), r * 0.7 + hh),
            ] {
                candidates.push((centred(anchor.0 + dx, anchor.1 + dy), true));
            }
        }
        for (rect, away) in candidates {
            if !within.contains(&rect) {
                continue;
            }
            let leader = away.then(|| (anchor, rect.nearest(anchor)));
            if self.free(&rect, leader) {
                self.boxes.push(rect);
                if let Some(l) = leader {
                    self.leaders.push(l);
                }
                return Some(Placement { rect, leader });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_crowded_anchors_never_overlap() {
        let mut placer = Placer::default();
        let page = Rect::new(0.0, 0.0, 400.0, 300.0);
        let mut placed = Vec::new();
        // 200 tiny features on a 20×10 grid 10 px apart: most labels must go or move away.
        for k in 0..200 {
            let anchor = (
                100.0 + (k % 20) as f64 * 10.0,
                100.0 + (k / 20) as f64 * 10.0,
            );
            let extent = Rect::new(anchor.0 - 2.0, anchor.1 - 2.0, 4.0, 4.0);
            if let Some(p) = placer.place(anchor, extent, (40.0, 10.0), page) {
                placed.push(p);
            }
        }
        assert!(placed.len() > 10 && placed.len() < 200, "{}", placed.len());
        for (i, a) in placed.iter().enumerate() {
            assert!(page.contains(&a.rect));
            assert!(a.leader.is_some(), "a 4 px feature cannot hold its label");
            for b in &placed[i + 1..] {
                assert!(!a.rect.intersects(&b.rect), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_label_that_fits_sits_on_its_anchor() {
        let mut placer = Placer::default();
        let p = placer
            .place(
                (50.0, 50.0),
                Rect::new(0.0, 0.0, 100.0, 100.0),
                (30.0, 10.0),
                Rect::new(0.0, 0.0, 100.0, 100.0),
            )
            .unwrap();
        assert_eq!(p.rect, Rect::new(35.0, 45.0, 30.0, 10.0));
        assert_eq!(p.leader, None);
        assert!(text_width("Z0001 Marseille", 10.0) > 80.0);
    }
}
