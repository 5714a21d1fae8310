//! Where the files of a run go as they are built: a list in memory ([`Files`], the library's
//! answer) or straight into an output set's staging folder (the CLI), so that a file leaves
//! memory as soon as it is written instead of waiting for the whole set.

use crate::error::Result;
use crate::export::{Files, TableStyle, finish};
use crate::io::write::OutputSet;

/// A destination for output files. A file may come in several parts (the blocks of a large
/// GeoJSON layer): they are its bytes in order.
pub trait FileSink {
    fn put(&mut self, name: &str, parts: Vec<Vec<u8>>) -> Result<()>;

    /// A file whose parts are built a wave at a time (each wave is built when the previous one
    /// has been taken), so that a large file is never whole in memory when written to disk.
    fn put_waves(
        &mut self,
        name: &str,
        waves: &mut dyn Iterator<Item = Vec<Vec<u8>>>,
    ) -> Result<()> {
        let parts = waves.flatten().collect();
        self.put(name, parts)
    }
}

impl FileSink for Files {
    fn put(&mut self, name: &str, parts: Vec<Vec<u8>>) -> Result<()> {
        let bytes = if parts.len() == 1 {
            parts.into_iter().next().unwrap_or_default()
        } else {
            parts.concat()
        };
        self.push((name.to_string(), bytes));
        Ok(())
    }
}

impl FileSink for OutputSet {
    fn put(&mut self, name: &str, parts: Vec<Vec<u8>>) -> Result<()> {
        self.stage_parts(name, &parts)
    }

    fn put_waves(
        &mut self,
        name: &str,
        waves: &mut dyn Iterator<Item = Vec<Vec<u8>>>,
    ) -> Result<()> {
        self.stage_waves(name, waves)
    }
}

/// Build a run's files into `sink`. The workbook and the GeoPackage are made from every CSV
/// table at once, so with `--format xlsx` or `gpkg` the files are gathered first (and the CSV
/// files dropped when CSV was not asked for); otherwise each file goes to `sink` as it is built.
pub(crate) fn deliver<T>(
    style: TableStyle,
    sink: &mut dyn FileSink,
    build: impl FnOnce(&mut dyn FileSink) -> Result<T>,
) -> Result<T> {
    if !(style.format.xlsx || style.format.gpkg) {
        return build(sink);
    }
    let mut files = Files::new();
    let value = build(&mut files)?;
    for (name, bytes) in finish(files, style)? {
        sink.put(&name, vec![bytes])?;
    }
    Ok(value)
}
