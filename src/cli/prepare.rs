//! `prepare`: a commune layer made ready for repeated runs (`FILE.zbt`).

use super::args::LayerArgs;
use super::progress::Spinner;
use crate::export::write_file_atomic;
use crate::format::thousands;
use crate::progress::timed;
use crate::{Error, PrepareInputs, PreparedTerritory, Progress, Source, is_prepared, prepare};
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct PrepareArgs {
    /// Commune layer to prepare: GeoJSON (plain or .gz), Shapefile or GeoPackage, read as the
    /// other commands read --communes.
    #[arg(long, value_name = "FILE")]
    pub communes: PathBuf,
    #[command(flatten)]
    pub layer: LayerArgs,
    /// COG reference the units are resolved against; the runs must give the same --cog.
    #[arg(long, value_name = "FILE")]
    pub cog: Option<PathBuf>,
    /// The prepared territory to write (FILE.zbt).
    #[arg(long, value_name = "FILE.zbt")]
    pub out: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

impl PrepareArgs {
    fn to_inputs(&self) -> PrepareInputs {
        PrepareInputs {
            communes: Source::File(self.communes.clone()),
            fields: self.layer.fields(),
            crs: self.layer.crs.clone(),
            communes_layer: self.layer.communes_layer.clone(),
            cog: self.cog.clone().map(Source::File),
        }
    }
}

pub fn run(args: &PrepareArgs) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches", args.quiet);
    let (prepared, bytes) = prepare_file(args, &spinner)?;
    spinner.finish();
    if !args.quiet {
        print!("{}", prepared_line(&prepared, &args.out, bytes));
    }
    Ok(())
}

/// Prepare the layer and write `--out` atomically (never over an input): the prepared
/// territory and the size of its file.
pub(super) fn prepare_file(
    args: &PrepareArgs,
    progress: &dyn Progress,
) -> Result<(PreparedTerritory, usize), Error> {
    if !is_prepared(&args.out) {
        return Err(Error::Setting(format!(
            "--out {}: a prepared territory is written as FILE.zbt (the commands know it by that extension)",
            args.out.display()
        )));
    }
    let inputs = args.to_inputs();
    let prepared = timed(progress, "prepare", || prepare(&inputs, progress))?;
    let bytes = timed(progress, "encode", || prepared.to_bytes());
    let protected: Vec<PathBuf> = [Some(&args.communes), args.cog.as_ref()]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    timed(progress, "write", || {
        write_file_atomic(&args.out, &bytes, &protected)
    })?;
    Ok((prepared, bytes.len()))
}

/// What `prepare` wrote: units, polygons, neighbour pairs, and what it was built from.
pub fn prepared_line(prepared: &PreparedTerritory, out: &std::path::Path, bytes: usize) -> String {
    let units = &prepared.territory.units;
    let with_geometry = units.iter().filter(|u| u.geometry.is_some()).count();
    let p = &prepared.provenance;
    format!(
        "Prepared territory written to {} ({:.1} MB): {} units ({} with polygons), {} neighbour pairs\n  from {} ({} features, {}; SHA-256 {})\n  with {}\n",
        out.display(),
        bytes as f64 / 1e6,
        thousands(units.len() as u64),
        thousands(with_geometry as u64),
        thousands(prepared.adjacency.pairs.len() as u64),
        p.source,
        thousands(p.features as u64),
        p.crs,
        p.source_sha256,
        p.cog
    )
}
