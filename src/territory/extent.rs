//! Every unit where its département is (S1): a table of département extents (lon/lat boxes
//! from IGN ADMIN EXPRESS) catches geometry in the wrong CRS, swapped axes and misplaced features.

use crate::error::{Error, Result};
use crate::model::setting::Setting;
use crate::territory::Unit;
use geo::{BoundingRect, Coord};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

const EMBEDDED_BOXES: &str = include_str!("../../data/cog/departements-bbox.csv");

/// Margin around a département's box, in degrees (≈ 5 km): finer geometry than the layer the
/// boxes come from may reach a little further.
const MARGIN: f64 = 0.05;

/// `[west, south, east, north]` of each département and overseas collectivité of the plan.
fn boxes() -> &'static HashMap<String, [f64; 4]> {
    static BOXES: OnceLock<HashMap<String, [f64; 4]>> = OnceLock::new();
    BOXES.get_or_init(|| {
        EMBEDDED_BOXES
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut cells = line.split(',');
                let code = cells.next()?.to_string();
                let values: Vec<f64> = cells.filter_map(|c| c.parse().ok()).collect();
                Some((code, [values[0], values[1], values[2], values[3]]))
            })
            .collect()
    })
}

/// Whether a lon/lat position is in the box of `departement` (with the margin); `None` when
/// the département has no box (a code the reference does not know).
fn inside(departement: &str, c: Coord<f64>) -> Option<bool> {
    let [w, s, e, n] = boxes().get(departement)?;
    Some(c.x >= w - MARGIN && c.x <= e + MARGIN && c.y >= s - MARGIN && c.y <= n + MARGIN)
}

/// Error naming the units whose geometry's centre is outside their département's extent, with
/// what the coordinates look like (swapped axes, another place).
pub(crate) fn check_units(path: &Path, units: &[Unit]) -> Result<()> {
    let misplaced: Vec<(&Unit, Coord<f64>)> = units
        .par_iter()
        .filter_map(|u| {
            let rect = u.geometry.as_ref()?.bounding_rect()?;
            let centre = rect.center();
            (inside(&u.departement, centre) == Some(false)).then_some((u, centre))
        })
        .collect();
    let Some(&(first, centre)) = misplaced.first() else {
        return Ok(());
    };
    let swapped = inside(
        &first.departement,
        Coord {
            x: centre.y,
            y: centre.x,
        },
    ) == Some(true);
    let hint = if swapped {
        "latitude and longitude are swapped (GeoJSON is lon, lat)".to_string()
    } else if misplaced.len() * 2 > units.len() {
        format!(
            "most units are elsewhere: the layer's CRS is not the one it was read in (check the .prj, the crs member or {})",
            Setting::Crs
        )
    } else {
        "the feature's code or its geometry is wrong".to_string()
    };
    let names: Vec<String> = misplaced
        .iter()
        .take(5)
        .map(|(u, c)| {
            format!(
                "{} {} (département {}) at lon {:.3}, lat {:.3}",
                u.code, u.name, u.departement, c.x, c.y
            )
        })
        .collect();
    Err(Error::input(
        path,
        format!("unit {}, geometry", first.code),
        format!(
            "{} unit(s) lie outside their département: {}{}; {hint}",
            misplaced.len(),
            names.join("; "),
            if misplaced.len() > 5 { "; …" } else { "" }
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_departement_of_the_plan_has_a_box() {
        let cog = crate::territory::cog::Cog::embedded().unwrap();
        for u in cog.units() {
            if crate::model::in_plan_territory(&u.zone, &u.departement) {
                assert!(boxes().contains_key(&u.departement), "{}", u.departement);
            }
        }
        // Digne-les-Bains is in the Alpes-de-Haute-Provence; swapped, it is not.
        assert_eq!(inside("04", Coord { x: 6.23, y: 44.09 }), Some(true));
        assert_eq!(inside("04", Coord { x: 44.09, y: 6.23 }), Some(false));
        assert_eq!(inside("99", Coord { x: 0.0, y: 0.0 }), None);
    }
}
