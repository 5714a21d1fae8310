//! Where the files of a run go as they are built: a list in memory ([`Files`], the library's
//! answer) or straight into an output set's staging folder (the CLI), so that a file leaves
//! memory as soon as it is written instead of waiting for the whole set.

use crate::error::Result;
use crate::io::write::OutputSet;

/// A run's output files, in writing order, as (file name, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// A destination for output files. A file may come in several parts (the blocks of a large
/// GeoJSON layer): they are its bytes in order.
pub trait FileSink: Send {
    /// Take file `name`, whose bytes are `parts` in order.
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
