//! A prepared territory (`.zbt`): the units of a commune layer with their WGS84 and metric
//! polygons and their adjacency, built once by `prepare` and read by every command in place of
//! the layer, so that repeated runs skip parsing, projection and adjacency.
//!
//! The file is versioned and checked: its format, the engine that wrote it, a CRC-32 of its
//! content, the SHA-256 of the COG it was built with and, when the source layer is still where
//! it was, the SHA-256 of that layer. A stale or foreign file is an error, never a wrong answer.

mod checks;
mod encoding;
mod file;

use crate::adjacency::Adjacency;
use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::io::read_polygon_layer;
use crate::io::source::{Source, hex};
use crate::model::setting::Setting;
use crate::progress::{Progress, timed};
use crate::territory::cog::Cog;
use crate::territory::metric::project_units;
use crate::territory::{FieldNames, Territory};
use geo::MultiPolygon;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The layout this engine writes and reads; any change of layout or meaning bumps it.
pub const FORMAT_VERSION: u32 = 1;

/// What a prepared territory was built from, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// `zones-blanches X.Y.Z`: a file written by another version is prepared again.
    pub engine: String,
    /// The commune layer, as an absolute path (or the name of bytes held in memory).
    pub source: String,
    /// SHA-256 of the layer's bytes (for a Shapefile: of its .shp, .shx, .dbf, .prj and .cpg).
    pub source_sha256: String,
    /// Features in the layer.
    pub features: usize,
    /// The CRS the layer was read in.
    pub crs: String,
    /// The COG the units were resolved against, and the SHA-256 of its text.
    pub cog: String,
    /// SHA-256 of the COG text.
    pub cog_sha256: String,
    /// The reading options given to `prepare` (`--code-field name`…), for the record.
    pub options: Vec<(String, String)>,
}

/// A commune layer made ready for repeated runs.
#[derive(Debug, Clone)]
pub struct PreparedTerritory {
    /// Every unit of the layer and of the COG (S1), before any `--region`/`--departement`.
    pub territory: Territory,
    /// The units' polygons in their metric CRS, oriented (exteriors counter-clockwise).
    pub metric: Vec<Option<MultiPolygon<f64>>>,
    /// Their adjacency (S5).
    pub adjacency: Adjacency,
    /// What it was prepared from.
    pub provenance: Provenance,
}

/// How a run used a prepared territory, for `summary.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedUse {
    /// What it was prepared from.
    pub provenance: Provenance,
    /// Whether the source layer was found where it was prepared and checked to be unchanged.
    pub source_checked: bool,
}

/// A prepared territory is named `*.zbt` (how every command tells it from a layer).
pub fn is_prepared(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zbt"))
}

/// What `prepare` reads: a commune layer, how to read it, and the COG.
#[derive(Debug, Clone)]
pub struct PrepareInputs {
    /// The commune layer.
    pub communes: Source,
    /// Which properties hold the code, name and population (`None` = detect).
    pub fields: FieldNames,
    /// CRS of the layer (`--crs EPSG:2154`), overriding a Shapefile's `.prj`.
    pub crs: Option<String>,
    /// Feature layer of a GeoPackage (`--communes-layer`).
    pub communes_layer: Option<String>,
    /// COG reference; `None` = the embedded COG 2026.
    pub cog: Option<Source>,
}

impl PrepareInputs {
    /// The layer `communes`, read with the defaults and the embedded COG.
    pub fn new(communes: impl Into<Source>) -> PrepareInputs {
        PrepareInputs {
            communes: communes.into(),
            fields: FieldNames::default(),
            crs: None,
            communes_layer: None,
            cog: None,
        }
    }
}

/// Read the commune layer and the COG, build the units, project them and compute their
/// adjacency: everything a run does to a layer before it looks at a listing.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use zones_blanches::{Inputs, PrepareInputs, Silent, Source, Stage, prepare, run_zones};
/// let demo = Inputs::demo();
/// let mut inputs = PrepareInputs::new(demo.communes.clone().ok_or("not found")?);
/// inputs.cog = demo.cog.clone();
/// let prepared = prepare(&inputs, &Silent)?;
/// // A run reads the prepared territory (a `.zbt` file, here its bytes) in place of the layer,
/// // and finds the same zones.
/// let from_layer = run_zones(&demo, Stage::Li)?;
/// let mut from_zbt = demo.clone();
/// from_zbt.communes = Some(Source::memory("demo.zbt", prepared.to_bytes()));
/// let from_zbt = run_zones(&from_zbt, Stage::Li)?;
/// assert_eq!(from_zbt.zones.len(), from_layer.zones.len());
/// assert_eq!(from_zbt.zones[0].units, from_layer.zones[0].units);
/// # Ok(())
/// # }
/// ```
pub fn prepare(inputs: &PrepareInputs, progress: &dyn Progress) -> Result<PreparedTerritory> {
    let source = &inputs.communes;
    if is_prepared(source.path()) {
        return Err(Error::Setting(format!(
            "{} is already a prepared territory",
            source.path().display()
        )));
    }
    let (cog, (layer, fingerprint)) = rayon::join(
        || {
            timed(progress, "read COG", || {
                Cog::load_or_embedded(inputs.cog.as_ref())
            })
        },
        || {
            rayon::join(
                || {
                    timed(progress, "read communes", || {
                        read_polygon_layer(
                            source,
                            inputs.crs.as_deref(),
                            inputs.communes_layer.as_deref(),
                        )
                    })
                },
                || source_sha256(source),
            )
        },
    );
    let (cog, layer, source_sha256) = (cog?, layer?, fingerprint?);
    let (features, crs) = (layer.features.len(), layer.crs.clone());
    let territory = timed(progress, "build territory", || {
        Territory::from_layer(source.path(), layer, &inputs.fields, &cog)
    })?;
    let metric = timed(progress, "project to metric CRS", || {
        project_units(&territory)
    });
    let adjacency = timed(progress, "adjacency", || Adjacency::build(&metric));
    let options = [
        ("code_field", &inputs.fields.code),
        ("name_field", &inputs.fields.name),
        ("population_field", &inputs.fields.population),
        ("crs", &inputs.crs),
        ("communes_layer", &inputs.communes_layer),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k.to_string(), v.clone()?)))
    .collect();
    let provenance = Provenance {
        engine: engine(),
        source: match source.file() {
            Some(path) => std::path::absolute(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display()
                .to_string(),
            None => source.path().display().to_string(),
        },
        source_sha256,
        features,
        crs,
        cog: cog.describe(),
        cog_sha256: cog.fingerprint.clone(),
        options,
    };
    Ok(PreparedTerritory {
        territory,
        metric,
        adjacency,
        provenance,
    })
}

fn engine() -> String {
    format!("zones-blanches {}", env!("CARGO_PKG_VERSION"))
}

/// SHA-256 of a layer's bytes as stored (what `sha256sum` prints for a one-file layer); a
/// Shapefile is its .shp and the files beside it that hold its attributes, index, CRS and
/// encoding. Files are hashed as they are read, never held whole.
fn source_sha256(source: &Source) -> Result<String> {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    let Some(file) = source.file() else {
        hasher.update(&source.raw()?);
        return Ok(hex(&hasher.finalize()));
    };
    let is_shapefile = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("shp"));
    if is_shapefile {
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            // The files beside it as the Shapefile reader opens them.
            let part = file.with_extension(ext);
            if ext == "shp" || part.exists() {
                let length = std::fs::metadata(&part).map_err(|e| Error::read(&part, e))?;
                hasher.update(ext.as_bytes());
                hasher.update(length.len().to_le_bytes());
                hash_file(&mut hasher, &part)?;
            }
        }
    } else {
        hash_file(&mut hasher, file)?;
    }
    Ok(hex(&hasher.finalize()))
}

/// Feed a file to `hasher`, a megabyte at a time.
fn hash_file(hasher: &mut sha2::Sha256, path: &Path) -> Result<()> {
    use sha2::Digest;
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer).map_err(|e| Error::read(path, e))?;
        if n == 0 {
            return Ok(());
        }
        hasher.update(&buffer[..n]);
    }
}

impl PreparedTerritory {
    /// The file's bytes (see `file` for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        file::to_bytes(self)
    }

    /// Read a prepared territory from the bytes [`PreparedTerritory::to_bytes`] wrote; `path`
    /// names it in errors.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<PreparedTerritory> {
        let stored = file::Stored::Memory(bytes);
        file::read(path, &stored, file::read_front(path, &stored)?)
    }

    /// Read a `.zbt` file (or bytes in memory) and check, when its source layer is still where
    /// it was prepared, that the layer has not changed since (the two run in parallel).
    pub fn read(source: &Source) -> Result<(PreparedTerritory, PreparedUse)> {
        let path = source.path();
        let stored = match source {
            Source::File(file) => file::Stored::open(file)?,
            Source::Memory { bytes, .. } => file::Stored::Memory(bytes),
        };
        // The provenance comes first in the file: it says which layer to hash while the
        // polygons are read.
        let front = file::read_front(path, &stored)?;
        let provenance = front.provenance.clone();
        let origin = PathBuf::from(&provenance.source);
        let check = origin.is_absolute() && origin.exists();
        let (prepared, now) = rayon::join(
            || file::read(path, &stored, front),
            || check.then(|| source_sha256(&Source::File(origin.clone()))),
        );
        let prepared = prepared?;
        if let Some(now) = now.transpose()?
            && now != provenance.source_sha256
        {
            return Err(Error::input(
                path,
                "provenance",
                format!(
                    "prepared from {} (SHA-256 {}), which has changed since (now {}): prepare it again (`prepare`)",
                    origin.display(),
                    short(&provenance.source_sha256),
                    short(&now)
                ),
            ));
        }
        Ok((
            prepared,
            PreparedUse {
                provenance,
                source_checked: check,
            },
        ))
    }

    /// A run reads the prepared territory with the COG it was built with, and without the
    /// reading options of a layer (they were applied by `prepare`).
    pub(crate) fn check_run(&self, path: &Path, inputs: &Inputs, cog: &Cog) -> Result<()> {
        let given: Vec<String> = [
            (Setting::CodeField, inputs.fields.code.is_some()),
            (Setting::NameField, inputs.fields.name.is_some()),
            (Setting::PopulationField, inputs.fields.population.is_some()),
            (Setting::Crs, inputs.crs.is_some()),
            (Setting::CommunesLayer, inputs.communes_layer.is_some()),
        ]
        .into_iter()
        .filter(|(_, on)| *on)
        .map(|(setting, _)| setting.to_string())
        .collect();
        if !given.is_empty() {
            return Err(Error::Setting(format!(
                "{} read a commune layer; {} is already prepared: give them to `prepare`",
                given.join(", "),
                path.display()
            )));
        }
        if cog.fingerprint != self.provenance.cog_sha256 {
            return Err(Error::Setting(format!(
                "{} was prepared with the COG {} (SHA-256 {}); this run reads {} (SHA-256 {}): give the same {}, or prepare again",
                path.display(),
                self.provenance.cog,
                short(&self.provenance.cog_sha256),
                cog.describe(),
                short(&cog.fingerprint),
                Setting::Cog
            )));
        }
        checks::check(path, self, cog)
    }
}

/// The first 12 hex digits of a SHA-256, enough to tell two files apart in a message.
pub(crate) fn short(sha256: &str) -> &str {
    &sha256[..sha256.len().min(12)]
}

#[cfg(test)]
mod tests;
