//! OGC GeoPackage (SQLite, `.gpkg`), as IGN ships ADMIN EXPRESS: reading a polygon layer
//! (`--communes X.gpkg`, `--communes-layer NAME`) and writing one package of feature layers and
//! attribute tables. Geometries are GeoPackage blobs: the `GP` header, then WKB.

use crate::error::{Error, Result};
use crate::io::SourceFeature;
use crate::io::shapefile::LayerCrs;
use crate::model::setting::Setting;
use geo::{BoundingRect, Geometry, MultiPolygon};
use geo_traits::to_geo::ToGeoGeometry;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use std::path::Path;

/// `SQLITE_OPEN_READ_ONLY`: an input is never written, not even its journal. A package in
/// WAL mode needs its `-shm` file beside it, which a read-only folder cannot hold: with no
/// change left in its `-wal` file it is read as immutable, otherwise the error says why.
fn open_read_only(path: &Path) -> Result<Connection> {
    if let Err(e) = std::fs::metadata(path) {
        return Err(Error::read(path, e));
    }
    let open = |target: &Path, flags: OpenFlags| {
        Connection::open_with_flags(target, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| Error::input(path, "file", format!("not an SQLite file: {e}")))
    };
    let connection = open(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let readable = connection
        .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .is_ok();
    if readable || !in_wal_mode(path) {
        return Ok(connection);
    }
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let pending = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    if pending {
        return Err(Error::input(
            path,
            "file",
            "a GeoPackage in WAL mode whose changes are still in its -wal file, in a folder this run cannot write (SQLite needs a -shm file beside it): copy the .gpkg and its -wal file to a writable folder, or checkpoint it where it was written (`sqlite3 FILE 'PRAGMA wal_checkpoint(TRUNCATE)'`)",
        ));
    }
    let uri = format!("file:{}?immutable=1", uri_path(path));
    open(
        Path::new(&uri),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
    )
}

/// Whether the SQLite header says WAL (bytes 18 and 19 are 2).
fn in_wal_mode(path: &Path) -> bool {
    let mut header = [0u8; 20];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
        .is_ok_and(|()| header[18] == 2 && header[19] == 2)
}

/// A path as the path of a `file:` URI (absolute, `%`, `?` and `#` escaped).
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23")
}

/// A SQL identifier in double quotes.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The feature layers of a package, by name.
fn feature_layers(connection: &Connection, path: &Path) -> Result<Vec<String>> {
    let not_gpkg = |e: rusqlite::Error| {
        Error::input(
            path,
            "gpkg_contents",
            format!("not a GeoPackage (no readable gpkg_contents table: {e})"),
        )
    };
    let mut statement = connection
        .prepare(
            "SELECT table_name FROM gpkg_contents WHERE lower(data_type) = 'features' ORDER BY table_name",
        )
        .map_err(not_gpkg)?;
    let names = statement
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(not_gpkg)?
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(not_gpkg)?;
    Ok(names)
}

/// The CRS of a GeoPackage `srs_id`: EPSG codes, else the WKT definition.
fn layer_crs(connection: &Connection, path: &Path, layer: &str, srs_id: i64) -> Result<LayerCrs> {
    let row = connection.query_row(
        "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
        [srs_id],
        |row| {
            Ok((
                row.get::<_, Option<String>>(0)?,
                row.get::<_, Option<i64>>(1)?,
                row.get::<_, Option<String>>(2)?,
            ))
        },
    );
    let unknown = |what: String| {
        Error::input(
            path,
            format!("layer {layer}, srs_id {srs_id}"),
            format!(
                "unknown CRS {what}: name it with {crs} EPSG:2154 (Lambert-93), EPSG:4326 (WGS84), EPSG:5490, 2972, 2975, 4471 or 4467",
                crs = Setting::Crs
            ),
        )
    };
    let (organization, code, definition) =
        row.map_err(|_| unknown("(not in gpkg_spatial_ref_sys)".into()))?;
    if organization.is_some_and(|o| o.eq_ignore_ascii_case("EPSG"))
        && let Some(crs) = code.and_then(|c| LayerCrs::from_epsg_label(&c.to_string()))
    {
        return Ok(crs);
    }
    let definition = definition.unwrap_or_default();
    LayerCrs::from_prj(&definition).ok_or_else(|| {
        unknown(format!(
            "`{}`",
            definition.chars().take(80).collect::<String>()
        ))
    })
}

/// Decode a GeoPackage geometry blob: `GP`, version, flags, srs_id, envelope, then WKB.
fn decode_blob(blob: &[u8]) -> std::result::Result<Option<Geometry<f64>>, String> {
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err("not a GeoPackage geometry (no `GP` header)".into());
    }
    let flags = blob[3];
    if flags & 0b0010_0000 != 0 {
        return Err("extended GeoPackage geometry types are not supported".into());
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        other => return Err(format!("invalid envelope code {other}")),
    };
    if flags & 0b0001_0000 != 0 {
        return Ok(None);
    }
    let wkb = blob
        .get(8 + envelope..)
        .ok_or("geometry blob shorter than its header")?;
    let geometry = wkb::reader::read_wkb(wkb).map_err(|e| format!("invalid WKB: {e}"))?;
    Ok(Some(geometry.to_geometry()))
}

/// Polygons of a geometry, or why it is not a polygon.
fn polygons(geometry: Geometry<f64>) -> std::result::Result<MultiPolygon<f64>, String> {
    match geometry {
        Geometry::Polygon(p) => Ok(MultiPolygon(vec![p])),
        Geometry::MultiPolygon(m) => Ok(m),
        Geometry::GeometryCollection(c) if c.0.is_empty() => Ok(MultiPolygon(Vec::new())),
        other => Err(format!(
            "a {} where a (multi)polygon is expected",
            match other {
                Geometry::Point(_) | Geometry::MultiPoint(_) => "point",
                Geometry::Line(_) | Geometry::LineString(_) | Geometry::MultiLineString(_) =>
                    "line",
                _ => "geometry collection",
            }
        )),
    }
}

/// The feature layer a run reads: `wanted`, else the package's only one.
fn choose_layer(path: &Path, layers: &[String], wanted: Option<&str>) -> Result<String> {
    let layer = match wanted {
        Some(name) => layers
            .iter()
            .find(|l| l.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::input(
                    path,
                    Setting::CommunesLayer.to_string(),
                    format!(
                        "no feature layer `{name}`; the package has: {}",
                        layers.join(", ")
                    ),
                )
            })?,
        None => match layers {
            [one] => one,
            [] => return Err(Error::input(path, "gpkg_contents", "no feature layer")),
            many => {
                return Err(Error::input(
                    path,
                    Setting::CommunesLayer.to_string(),
                    format!(
                        "{} feature layers ({}): name the commune layer with {}",
                        many.len(),
                        many.join(", "),
                        Setting::CommunesLayer
                    ),
                ));
            }
        },
    };
    Ok(layer.clone())
}

/// Read the polygon layer `layer` of a GeoPackage (the only feature layer when `None`); returns
/// its features in the layer's CRS (`crs` overrides the package's), and that CRS.
pub(crate) fn read_features(
    path: &Path,
    layer: Option<&str>,
    crs: Option<LayerCrs>,
) -> Result<(Vec<SourceFeature>, LayerCrs)> {
    let connection = open_read_only(path)?;
    let layers = feature_layers(&connection, path)?;
    let layer = choose_layer(path, &layers, layer)?;
    let (column, srs_id): (String, i64) = connection
        .query_row(
            "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?1",
            [&layer],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .map_err(|e| {
            Error::input(
                path,
                format!("layer {layer}"),
                format!("no entry in gpkg_geometry_columns: {e}"),
            )
        })?;
    let crs = match crs {
        Some(c) => c,
        None => layer_crs(&connection, path, &layer, srs_id)?,
    };
    let sql_error =
        |e: rusqlite::Error| Error::input(path, format!("layer {layer}"), e.to_string());
    let mut statement = connection
        .prepare(&format!("SELECT * FROM {}", quoted(&layer)))
        .map_err(sql_error)?;
    let names: Vec<String> = statement.column_names().map(|s| s.to_string()).collect();
    let geometry_at = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(&column))
        .ok_or_else(|| {
            Error::input(
                path,
                format!("layer {layer}"),
                format!("geometry column `{column}` missing"),
            )
        })?;
    let mut rows = statement.query([]).map_err(sql_error)?;
    let mut features = Vec::new();
    while let Some(row) = rows.next().map_err(sql_error)? {
        let number = features.len() + 1;
        let mut properties = serde_json::Map::new();
        let mut geometry = None;
        for (k, name) in names.iter().enumerate() {
            let value = row.get_ref(k).map_err(sql_error)?;
            if k == geometry_at {
                if let ValueRef::Text(text) = value {
                    let start: String = String::from_utf8_lossy(text).chars().take(30).collect();
                    return Err(Error::input(
                        path,
                        format!("layer {layer}, feature {number}, {column}"),
                        format!(
                            "the geometry is text (`{start}…`), not a GeoPackage geometry blob: WKT written into the column? Convert the layer with GDAL (ogr2ogr) or export it again from QGIS"
                        ),
                    ));
                }
                if let ValueRef::Blob(blob) = value {
                    let g = decode_blob(blob)
                        .and_then(|g| g.map(polygons).transpose())
                        .map_err(|m| {
                            Error::input(
                                path,
                                format!("layer {layer}, feature {number}, {column}"),
                                m,
                            )
                        })?;
                    geometry = g.filter(|m| !m.0.is_empty());
                }
                continue;
            }
            let v = match value {
                ValueRef::Null | ValueRef::Blob(_) => Value::Null,
                ValueRef::Integer(i) => Value::from(i),
                ValueRef::Real(r) => {
                    serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number)
                }
                ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
            };
            properties.insert(name.clone(), v);
        }
        features.push(SourceFeature {
            number,
            properties,
            geometry,
            metric: None,
        });
    }
    Ok((features, crs))
}

/// A column of a layer or table being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Integer,
    Real,
    Text,
    Boolean,
}

impl ColumnType {
    fn sql(self) -> &'static str {
        match self {
            ColumnType::Integer => "INTEGER",
            ColumnType::Real => "DOUBLE",
            ColumnType::Text => "TEXT",
            ColumnType::Boolean => "BOOLEAN",
        }
    }
}

/// A table to write: columns, then rows of JSON values (null for empty); with geometries
/// (WGS84) it is a feature layer, else an attribute table.
pub struct Table {
    pub name: String,
    pub columns: Vec<(String, ColumnType)>,
    pub rows: Vec<Vec<Value>>,
    pub geometries: Option<Vec<Option<MultiPolygon<f64>>>>,
}

/// The fixed date of `gpkg_contents.last_change`: the bytes depend on the inputs only.
const LAST_CHANGE: &str = "2000-01-01T00:00:00.000Z";

const WGS84_WKT: &str = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

/// A GeoPackage geometry blob (little-endian, XY envelope, srs 4326) of polygons.
fn encode_blob(geometry: &MultiPolygon<f64>) -> std::result::Result<Vec<u8>, String> {
    let mut blob = Vec::with_capacity(64);
    blob.extend_from_slice(b"GP");
    blob.push(0);
    let Some(r) = geometry.bounding_rect() else {
        // Empty: flag set, no envelope.
        blob.push(0b0001_0001);
        blob.extend_from_slice(&4326i32.to_le_bytes());
        wkb::writer::write_geometry(&mut blob, geometry, &Default::default())
            .map_err(|e| e.to_string())?;
        return Ok(blob);
    };
    blob.push(0b0000_0011);
    blob.extend_from_slice(&4326i32.to_le_bytes());
    for v in [r.min().x, r.max().x, r.min().y, r.max().y] {
        blob.extend_from_slice(&v.to_le_bytes());
    }
    wkb::writer::write_geometry(
        &mut blob,
        geometry,
        &wkb::writer::WriteOptions {
            endianness: wkb::Endianness::LittleEndian,
        },
    )
    .map_err(|e| e.to_string())?;
    Ok(blob)
}

/// Write `tables` as one GeoPackage (1.3, which GDAL 3.6 reads without a warning) and return its bytes.
pub fn write(tables: &[Table]) -> std::result::Result<Vec<u8>, String> {
    let text = |e: rusqlite::Error| e.to_string();
    let mut db = Connection::open_in_memory().map_err(text)?;
    db.execute_batch(&format!(
        "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
         CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
           organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
           ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{WGS84_WKT}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
         CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
           description TEXT DEFAULT '', last_change DATETIME NOT NULL, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
           srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
           srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
           CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
           CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));"
    ))
    .map_err(text)?;
    let transaction = db.transaction().map_err(text)?;
    for table in tables {
        write_table(&transaction, table)?;
    }
    transaction.commit().map_err(text)?;
    db.execute_batch("VACUUM;").map_err(text)?;
    let data = db.serialize(rusqlite::MAIN_DB).map_err(text)?;
    Ok(data.to_vec())
}

/// One table (or feature layer) into the package, with its `gpkg_contents` row.
fn write_table(
    transaction: &rusqlite::Transaction,
    table: &Table,
) -> std::result::Result<(), String> {
    let text = |e: rusqlite::Error| e.to_string();
    let mut columns = vec!["fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL".to_string()];
    if table.geometries.is_some() {
        columns.push("geom MULTIPOLYGON".into());
    }
    columns.extend(
        table
            .columns
            .iter()
            .map(|(n, t)| format!("{} {}", quoted(n), t.sql())),
    );
    transaction
        .execute_batch(&format!(
            "CREATE TABLE {} ({});",
            quoted(&table.name),
            columns.join(", ")
        ))
        .map_err(text)?;
    let extent = table.geometries.as_ref().and_then(|geometries| {
        crate::io::covering_rect(
            geometries
                .iter()
                .flatten()
                .filter_map(|g| g.bounding_rect()),
        )
    });
    let placeholders = (1..=table.columns.len() + usize::from(table.geometries.is_some()))
        .map(|k| format!("?{k}"))
        .collect::<Vec<_>>()
        .join(", ");
    let names = table
        .geometries
        .iter()
        .map(|_| "geom".to_string())
        .chain(table.columns.iter().map(|(n, _)| quoted(n)))
        .collect::<Vec<_>>()
        .join(", ");
    let mut insert = transaction
        .prepare(&format!(
            "INSERT INTO {} ({names}) VALUES ({placeholders})",
            quoted(&table.name)
        ))
        .map_err(text)?;
    for (r, row) in table.rows.iter().enumerate() {
        let mut values: Vec<rusqlite::types::Value> = Vec::with_capacity(row.len() + 1);
        if let Some(geometries) = &table.geometries {
            match geometries.get(r).and_then(|g| g.as_ref()) {
                Some(g) => values.push(rusqlite::types::Value::Blob(encode_blob(g)?)),
                None => values.push(rusqlite::types::Value::Null),
            }
        }
        for (value, (_, kind)) in row.iter().zip(&table.columns) {
            values.push(match (value, kind) {
                (Value::Null, _) => rusqlite::types::Value::Null,
                (Value::Bool(b), _) => rusqlite::types::Value::Integer(i64::from(*b)),
                (Value::Number(n), ColumnType::Integer | ColumnType::Boolean) => n.as_i64().map_or(
                    rusqlite::types::Value::Null,
                    rusqlite::types::Value::Integer,
                ),
                (Value::Number(n), _) => n
                    .as_f64()
                    .map_or(rusqlite::types::Value::Null, rusqlite::types::Value::Real),
                (Value::String(s), _) => rusqlite::types::Value::Text(s.clone()),
                (other, _) => rusqlite::types::Value::Text(other.to_string()),
            });
        }
        insert
            .execute(rusqlite::params_from_iter(values))
            .map_err(text)?;
    }
    drop(insert);
    let (data_type, srs) = if table.geometries.is_some() {
        ("features", Some(4326))
    } else {
        ("attributes", None)
    };
    let bounds = extent.map(|e| [e.min().x, e.min().y, e.max().x, e.max().y]);
    transaction
        .execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, last_change, min_x, min_y, max_x, max_y, srs_id)
             VALUES (?1, ?2, ?1, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![
                table.name,
                data_type,
                LAST_CHANGE,
                bounds.map(|b| b[0]),
                bounds.map(|b| b[1]),
                bounds.map(|b| b[2]),
                bounds.map(|b| b[3]),
                srs
            ],
        )
        .map_err(text)?;
    if table.geometries.is_some() {
        transaction
            .execute(
                "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', 'MULTIPOLYGON', 4326, 0, 0)",
                [&table.name],
            )
            .map_err(text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn a_written_package_reads_back() {
        let square = MultiPolygon(vec![polygon![
            (x: 5.0, y: 44.0), (x: 5.1, y: 44.0), (x: 5.1, y: 44.1), (x: 5.0, y: 44.1), (x: 5.0, y: 44.0)
        ]]);
        let table = Table {
            name: "units".into(),
            columns: vec![
                ("code".into(), ColumnType::Text),
                ("population".into(), ColumnType::Integer),
            ],
            rows: vec![
                vec![Value::from("04001"), Value::from(1399)],
                vec![Value::from("04002"), Value::Null],
            ],
            geometries: Some(vec![Some(square.clone()), None]),
        };
        let bytes = write(&[table]).unwrap();
        assert_eq!(&bytes[..16], b"SQLite format 3\0");
        assert_eq!(write(&[]).unwrap(), write(&[]).unwrap(), "deterministic");
        let dir = std::env::temp_dir().join(format!("zb-gpkg-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.gpkg");
        std::fs::write(&path, &bytes).unwrap();
        let (features, crs) = read_features(&path, None, None).unwrap();
        assert_eq!(crs, LayerCrs::Geographic);
        assert_eq!(features.len(), 2);
        assert_eq!(features[0].properties["code"], "04001");
        assert_eq!(features[0].properties["population"], 1399);
        assert_eq!(features[0].geometry.as_ref(), Some(&square));
        assert_eq!(features[1].geometry, None);
        let error = read_features(&path, Some("communes"), None).unwrap_err();
        assert!(
            error.to_string().contains("the package has: units"),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
