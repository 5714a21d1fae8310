//! `prepare`: a commune layer made ready for repeated runs (`FILE.zbt`).

use super::args::LayerArgs;
use super::progress::Spinner;
use clap::Args;
use std::path::PathBuf;
use zones_blanches::export::write_file_atomic;
use zones_blanches::format::thousands;
use zones_blanches::{Error, PrepareInputs, PreparedTerritory, Source, is_prepared, prepare};

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
    if !is_prepared(&args.out) {
        return Err(Error::Setting(format!(
            "--out {}: a prepared territory is written as FILE.zbt (the commands know it by that extension)",
            args.out.display()
        )));
    }
    let spinner = Spinner::start("zones-blanches", args.quiet);
    let inputs = args.to_inputs();
    let prepared = spinner.time("prepare", || prepare(&inputs, &spinner))?;
    let bytes = spinner.time("encode", || prepared.to_bytes());
    let protected: Vec<PathBuf> = [Some(&args.communes), args.cog.as_ref()]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    spinner.time("write", || write_file_atomic(&args.out, &bytes, &protected))?;
    spinner.finish();
    if !args.quiet {
        print!("{}", prepared_line(&prepared, &args.out, bytes.len()));
    }
    Ok(())
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
