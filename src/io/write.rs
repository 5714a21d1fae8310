//! Atomic outputs: every file is staged as a temporary file in the output folder and renamed
//! into place only once all of them are written; an output never replaces an input.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A set of output files written together into one folder.
pub struct OutputSet {
    dir: PathBuf,
    protected: Vec<PathBuf>,
    staged: Vec<(PathBuf, PathBuf)>,
}

impl OutputSet {
    /// Prepare writing into `dir` (created if needed); `inputs` are never overwritten.
    pub fn new(dir: &Path, inputs: &[PathBuf]) -> Result<OutputSet> {
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        let protected = inputs
            .iter()
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        Ok(OutputSet {
            dir: dir.to_path_buf(),
            protected,
            staged: Vec::new(),
        })
    }

    /// Stage one file; it appears under its final name only on [`OutputSet::commit`].
    pub fn stage(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let target = self.dir.join(name);
        check_not_input(&target, &self.protected)?;
        let temp = self.dir.join(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::write(&temp, bytes).map_err(|e| Error::write(&temp, e))?;
        self.staged.push((temp, target));
        Ok(())
    }

    /// Rename every staged file into place; returns the final paths.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let staged = std::mem::take(&mut self.staged);
        let mut written = Vec::with_capacity(staged.len());
        for (temp, target) in staged {
            std::fs::rename(&temp, &target).map_err(|e| Error::write(&target, e))?;
            written.push(target);
        }
        Ok(written)
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        for (temp, _) in &self.staged {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// Write one file atomically (temporary file in the same folder, then rename).
pub fn write_file_atomic(target: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<()> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Usage(format!("{}: not a file name", target.display())))?;
    let mut set = OutputSet::new(&dir, inputs)?;
    set.stage(name, bytes)?;
    set.commit().map(|_| ())
}

fn check_not_input(target: &Path, protected: &[PathBuf]) -> Result<()> {
    if let Ok(canonical) = std::fs::canonicalize(target)
        && protected.contains(&canonical)
    {
        return Err(Error::write(
            target,
            "this output would overwrite an input file; choose another --out",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_files_appear_only_on_commit_and_inputs_are_protected() {
        let dir = std::env::temp_dir().join(format!("zb-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("input.csv");
        std::fs::write(&input, "x").unwrap();
        let mut set = OutputSet::new(&dir, std::slice::from_ref(&input)).unwrap();
        set.stage("a.csv", b"1").unwrap();
        assert!(!dir.join("a.csv").exists());
        assert!(set.stage("input.csv", b"2").is_err());
        set.commit().unwrap();
        assert_eq!(std::fs::read(dir.join("a.csv")).unwrap(), b"1");
        assert_eq!(std::fs::read(&input).unwrap(), b"x");
        let mut dropped = OutputSet::new(&dir, &[]).unwrap();
        dropped.stage("b.csv", b"1").unwrap();
        drop(dropped);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        std::fs::remove_dir_all(&dir).ok();
    }
}
