//! The real data folder of the benches: `ZB_SHARED_DATA`, else `../shared/data`.

use std::path::PathBuf;

/// The folder, when it holds the national commune layer.
pub fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ZB_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")));
    dir.join("france/communes-2026.geojson.gz")
        .exists()
        .then_some(dir)
}
