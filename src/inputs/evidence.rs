//! Optional evidence for the options (S6): a flow table (origin, destination, count) and a table
//! of maisons de santé pluriprofessionnelles (MSP) placed by commune code or by lon/lat.

use crate::error::{Error, Result};
use crate::io::table::RawTable;
use crate::model::Unresolved;
use crate::model::catalogue::RowReason;
use crate::model::clean_code;
use crate::model::setting::Setting;
use crate::territory::Territory;
use crate::territory::cog::{Cog, Resolution};
use geo::{BoundingRect, Contains, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

const ORIGIN: &[&str] = &[
    "origin",
    "origine",
    "i",
    "code_origine",
    "commune_origine",
    "from",
    "residence",
    "commune_residence",
    "code_residence",
    "codgeo",
];
const DESTINATION: &[&str] = &[
    "destination",
    "j",
    "code_destination",
    "commune_destination",
    "dest",
    "to",
    "dclt",
    "lieu_travail",
    "lieu_de_soin",
];
const COUNT: &[&str] = &[
    "count",
    "fij",
    "flux",
    "flow",
    "flows",
    "nb",
    "nombre",
    "effectif",
    "ipondi",
    "patients",
    "navetteurs",
];
const MSP_ID: &[&str] = &["id", "msp_id", "finess", "identifiant", "code"];
const MSP_NAME: &[&str] = &["name", "nom", "msp_nom", "raison_sociale", "libelle"];
const MSP_COMMUNE: &[&str] = &[
    "commune_code",
    "code_commune",
    "code_insee",
    "insee",
    "codgeo",
    "commune",
];
const LON: &[&str] = &["lon", "lng", "longitude", "x"];
const LAT: &[&str] = &["lat", "latitude", "y"];

/// A flow between two units of the study area (`destination` `None`: outside it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flow {
    /// Origin unit (index into the territory).
    pub origin: usize,
    /// Destination unit, `None` outside the study area.
    pub destination: Option<usize>,
    /// Count (commuters, patients).
    pub count: f64,
}

/// The flows whose origin is in the study area, and what could not be placed.
#[derive(Debug, Clone, Default)]
pub struct Flows {
    /// The flow table, as named.
    pub source: String,
    /// The flows placed.
    pub flows: Vec<Flow>,
    /// Data rows of the table.
    pub rows: usize,
    /// Rows whose origin lies outside the study area (legitimate; not used).
    pub rows_outside: usize,
    /// Rows whose codes could not be placed.
    pub unresolved: Vec<Unresolved>,
}

/// An MSP placed in a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Msp {
    /// The MSP's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its unit (index into the territory).
    pub unit: usize,
}

/// The MSP of the study area, and what could not be placed.
#[derive(Debug, Clone, Default)]
pub struct MspTable {
    /// The MSP table, as named.
    pub source: String,
    /// The MSP placed.
    pub msp: Vec<Msp>,
    /// Data rows of the table.
    pub rows: usize,
    /// Rows outside the study area (a national table used on a région).
    pub rows_outside: usize,
    /// Rows that could not be placed.
    pub unresolved: Vec<Unresolved>,
}

/// Where a commune code of an evidence table falls.
pub(crate) enum Placement {
    Unit(usize),
    Outside,
    Unresolved(RowReason),
}

pub(crate) fn place_code(raw: &str, territory: &Territory, cog: &Cog) -> Placement {
    let code = clean_code(raw);
    if code.is_empty() {
        return Placement::Unresolved(RowReason::EmptyCommuneCode);
    }
    if let Some(i) = territory.position(&code) {
        return Placement::Unit(i);
    }
    if territory.split_cities.contains(&code) {
        return Placement::Unresolved(RowReason::GiveTheArrondissement);
    }
    match cog.resolve(&code) {
        Resolution::Former { current } => match territory.position(&current) {
            Some(i) => Placement::Unit(i),
            None if territory.split_cities.contains(&current) => {
                Placement::Unresolved(RowReason::FormerCodeOfSplitCity { current })
            }
            None => Placement::Outside,
        },
        Resolution::Current(_) => Placement::Outside,
        Resolution::Unknown => Placement::Unresolved(RowReason::UnknownCode),
    }
}

fn column(table: &RawTable, aliases: &[&str], what: &str) -> Result<usize> {
    table.find_column(aliases).ok_or_else(|| {
        Error::input(
            &table.path,
            "header row",
            format!(
                "no {what} column (looked for {}); columns are: {}",
                aliases.join(", "),
                table.headers.join(", ")
            ),
        )
    })
}

/// The largest flow between two communes: more people than live in France is not a count.
pub const MAX_FLOW: f64 = 1e8;

impl Flows {
    /// Read a flow table: origin code, destination code, count (commuting or patient flows).
    pub(crate) fn load(table: &RawTable, territory: &Territory, cog: &Cog) -> Result<Flows> {
        let origin = column(table, ORIGIN, "origin code")?;
        let destination = column(table, DESTINATION, "destination code")?;
        let count = column(table, COUNT, "count")?;
        if table.rows.is_empty() {
            return Err(Error::input(
                &table.path,
                "file",
                format!(
                    "the flow table has a header but no row: give a table with flows, or leave out {}",
                    Setting::Flows
                ),
            ));
        }
        let file = table.path.display().to_string();
        let mut flows = Flows {
            source: file.clone(),
            rows: table.rows.len(),
            ..Flows::default()
        };
        for row in &table.rows {
            let text = RawTable::cell(row, count);
            let value: f64 = text
                .replace([' ', '\u{a0}', '\u{202f}'], "")
                .replace(',', ".")
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && (0.0..=MAX_FLOW).contains(v))
                .ok_or_else(|| {
                    Error::input(
                        &table.path,
                        format!("row {}, field `{}`", row.row, table.headers[count]),
                        format!("`{text}` is not a count of people between 0 and {MAX_FLOW:e}"),
                    )
                })?;
            let raw_origin = RawTable::cell(row, origin);
            let raw_destination = RawTable::cell(row, destination);
            let origin = match place_code(raw_origin, territory, cog) {
                Placement::Unit(i) => i,
                Placement::Outside => {
                    flows.rows_outside += 1;
                    continue;
                }
                Placement::Unresolved(reason) => {
                    flows.unresolved.push(Unresolved {
                        file: file.clone(),
                        row: row.row,
                        value: raw_origin.to_string(),
                        reason: RowReason::FlowOrigin(Box::new(reason)).into(),
                    });
                    continue;
                }
            };
            let destination = match place_code(raw_destination, territory, cog) {
                Placement::Unit(i) => Some(i),
                Placement::Outside => None,
                Placement::Unresolved(reason) => {
                    flows.unresolved.push(Unresolved {
                        file: file.clone(),
                        row: row.row,
                        value: raw_destination.to_string(),
                        reason: RowReason::FlowDestination(Box::new(reason)).into(),
                    });
                    continue;
                }
            };
            flows.flows.push(Flow {
                origin,
                destination,
                count: value,
            });
        }
        Ok(flows)
    }
}

impl MspTable {
    /// Read an MSP table: id, name, and a commune code or lon/lat (WGS84) columns.
    pub(crate) fn load(table: &RawTable, territory: &Territory, cog: &Cog) -> Result<MspTable> {
        let id = column(table, MSP_ID, "MSP id")?;
        let name = table.find_column(MSP_NAME);
        let commune = table.find_column(MSP_COMMUNE).filter(|&c| c != id);
        let lonlat = table.find_column(LON).zip(table.find_column(LAT));
        if commune.is_none() && lonlat.is_none() {
            return Err(Error::input(
                &table.path,
                "header row",
                format!(
                    "no commune code ({}) nor lon/lat columns; columns are: {}",
                    MSP_COMMUNE.join(", "),
                    table.headers.join(", ")
                ),
            ));
        }
        if lonlat.is_some() && !territory.has_geometry {
            return Err(Error::Setting(format!(
                "{}: MSP given by lon/lat need a commune layer ({})",
                table.path.display(),
                Setting::Communes
            )));
        }
        let index = lonlat.map(|_| UnitIndex::new(territory));
        let file = table.path.display().to_string();
        let mut out = MspTable {
            source: file.clone(),
            rows: table.rows.len(),
            ..MspTable::default()
        };
        for row in &table.rows {
            let code_text = commune.map(|c| RawTable::cell(row, c)).unwrap_or("");
            let (placement, value) = if let (true, Some((lon_col, lat_col))) =
                (code_text.is_empty(), lonlat)
            {
                let lon_text = RawTable::cell(row, lon_col);
                let lat_text = RawTable::cell(row, lat_col);
                let parse = |t: &str| t.replace(',', ".").parse::<f64>().ok();
                let value = format!("{lon_text} {lat_text}");
                match (parse(lon_text), parse(lat_text)) {
                    (Some(lon), Some(lat))
                        if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) =>
                    {
                        let placement = match index.as_ref().and_then(|ix| ix.locate(lon, lat)) {
                            Some(u) => Placement::Unit(u),
                            None => Placement::Outside,
                        };
                        (placement, value)
                    }
                    _ => {
                        return Err(Error::input(
                            &table.path,
                            format!(
                                "row {}, fields `{}`/`{}`",
                                row.row, table.headers[lon_col], table.headers[lat_col]
                            ),
                            format!("`{value}` is not a WGS84 longitude/latitude"),
                        ));
                    }
                }
            } else {
                (place_code(code_text, territory, cog), code_text.to_string())
            };
            match placement {
                Placement::Unit(unit) => out.msp.push(Msp {
                    id: RawTable::cell(row, id).to_string(),
                    name: name
                        .map(|c| RawTable::cell(row, c).to_string())
                        .unwrap_or_default(),
                    unit,
                }),
                Placement::Outside => out.rows_outside += 1,
                Placement::Unresolved(reason) => out.unresolved.push(Unresolved {
                    file: file.clone(),
                    row: row.row,
                    value,
                    reason: RowReason::Msp(Box::new(reason)).into(),
                }),
            }
        }
        Ok(out)
    }
}

/// Point-in-unit lookup over the WGS84 unit geometries.
struct UnitIndex<'a> {
    territory: &'a Territory,
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

impl<'a> UnitIndex<'a> {
    fn new(territory: &'a Territory) -> UnitIndex<'a> {
        let boxes = territory
            .units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| {
                let rect = u.geometry.as_ref()?.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners(rect.min().into(), rect.max().into()),
                    i,
                ))
            })
            .collect();
        UnitIndex {
            territory,
            tree: RTree::bulk_load(boxes),
        }
    }

    /// The unit containing the point (the smallest index when it lies on a shared border).
    fn locate(&self, lon: f64, lat: f64) -> Option<usize> {
        let point = Point::new(lon, lat);
        let mut hits: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&AABB::from_point([lon, lat]))
            .map(|g| g.data)
            .collect();
        hits.sort_unstable();
        hits.into_iter().find(|&u| {
            self.territory.units[u]
                .geometry
                .as_ref()
                .is_some_and(|g| g.contains(&point) || geo::Intersects::intersects(g, &point))
        })
    }
}
