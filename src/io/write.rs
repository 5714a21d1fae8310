//! Atomic output sets: every file of a run is written into a staging folder next to `--out`,
//! then the folder is switched in with one atomic exchange, so a reader sees the old set or
//! the new one, never a mix; an output never replaces an input. A folder that cannot be
//! exchanged — one holding files of the user's, or a mount point (a Docker volume, a bind
//! mount), where the set is staged inside it — is switched file by file under a journal that
//! the next run completes if this one is killed.

use crate::error::{Error, Result};
use crate::model::setting::Setting;
use std::path::{Path, PathBuf};

/// Prefix of the staging folders, next to the output folder: `.NAME.zb-staging-PID` (inside a
/// mount point: `.zb-staging-PID`).
const STAGING: &str = "zb-staging-";

/// The journal of a file-by-file switch, in its staging folder: `put NAME` and `remove NAME`
/// lines, written before the first rename.
const JOURNAL: &str = ".switch";

/// A set of output files written together into one folder.
pub struct OutputSet {
    dir: PathBuf,
    staging: PathBuf,
    protected: Vec<PathBuf>,
    /// Names of files an earlier run of any command may have left in the folder.
    known: Vec<String>,
    staged: Vec<String>,
    /// Staged inside `dir` (a mount point), switched file by file under a journal.
    inside: bool,
}

impl OutputSet {
    /// Prepare writing into `dir` (created on commit if needed); `inputs` are never
    /// overwritten. Staging folders left by killed runs are removed first.
    pub fn new(dir: &Path, inputs: &[PathBuf]) -> Result<OutputSet> {
        if dir.is_file() {
            return Err(Error::Setting(format!(
                "{} {}: names a file, not a folder; give a folder for the outputs",
                Setting::Out,
                dir.display()
            )));
        }
        let dir = absolute(dir)?;
        let (parent, name) = split(&dir)?;
        std::fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
        remove_stale_staging(&parent, &name);
        let inside = is_mount_point(&dir, &parent);
        let staging = if inside {
            dir.join(format!(".{STAGING}{}", std::process::id()))
        } else {
            parent.join(format!(".{name}.{STAGING}{}", std::process::id()))
        };
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
        }
        std::fs::create_dir(&staging).map_err(|e| Error::write(&staging, e))?;
        let protected = inputs
            .iter()
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        Ok(OutputSet {
            dir,
            staging,
            protected,
            known: Vec::new(),
            staged: Vec::new(),
            inside,
        })
    }

    /// Files of earlier runs that this set replaces: those of `names` that are in the folder
    /// and not in the new set are removed with the switch (a `coverage` run does not leave
    /// the `zones.csv` of an earlier `zones` run next to its outputs).
    pub fn replacing(mut self, names: &[String]) -> OutputSet {
        self.known = names.to_vec();
        self
    }

    /// Stage one file; it appears under its final name only on [`OutputSet::commit`].
    pub fn stage(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        self.stage_parts(name, &[bytes])
    }

    /// Stage one file given as consecutive parts (written one after the other, never joined
    /// in memory).
    pub fn stage_parts(&mut self, name: &str, parts: &[impl AsRef<[u8]>]) -> Result<()> {
        self.stage_with(name, |file| {
            for part in parts {
                std::io::Write::write_all(file, part.as_ref())?;
            }
            Ok(())
        })
    }

    /// Stage one file given as waves of consecutive parts, each written as it comes (and
    /// freed) before the next is asked for.
    pub fn stage_waves(
        &mut self,
        name: &str,
        waves: &mut dyn Iterator<Item = Vec<Vec<u8>>>,
    ) -> Result<()> {
        self.stage_with(name, |file| {
            for wave in waves {
                for part in wave {
                    std::io::Write::write_all(file, &part)?;
                }
            }
            Ok(())
        })
    }

    fn stage_with(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
    ) -> Result<()> {
        let target = self.dir.join(name);
        check_not_input(&target, &self.protected)?;
        if target.is_dir() {
            return Err(Error::Setting(format!(
                "{}: a folder has the name of this output: remove it or choose another {}",
                target.display(),
                Setting::Out
            )));
        }
        let temp = self.staging.join(name);
        std::fs::File::create(&temp)
            .and_then(|mut file| write(&mut file))
            .map_err(|e| Error::write(&temp, e))?;
        self.staged.push(name.to_string());
        Ok(())
    }

    /// Switch the staged set in; returns the final paths. When the folder holds nothing but
    /// outputs of this tool, the staging folder is exchanged with it in one step (Linux
    /// `renameat2(RENAME_EXCHANGE)`; a new folder is one rename). A folder that holds other
    /// files keeps them, and a mount point cannot be exchanged: the files are then renamed in
    /// one by one under a journal, and the outputs of earlier runs that the set does not hold
    /// are removed.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let written: Vec<PathBuf> = self.staged.iter().map(|n| self.dir.join(n)).collect();
        failpoint_pause();
        if !self.dir.exists() {
            std::fs::rename(&self.staging, &self.dir).map_err(|e| Error::write(&self.dir, e))?;
            return Ok(written);
        }
        let entries = folder_entries(&self.dir)?;
        let only_outputs = entries.iter().all(|name| self.is_earlier_output(name));
        if !self.inside && only_outputs && exchange(&self.staging, &self.dir).is_ok() {
            // The staging path now holds the previous set.
            let _ = std::fs::remove_dir_all(&self.staging);
            return Ok(written);
        }
        self.switch_file_by_file(&entries)?;
        Ok(written)
    }

    /// Whether a file of the folder is an output of an earlier run (a name this set's command
    /// family writes, and not an input of this run).
    fn is_earlier_output(&self, name: &str) -> bool {
        self.known.iter().any(|k| k == name)
            && !self
                .protected
                .contains(&std::fs::canonicalize(self.dir.join(name)).unwrap_or_default())
    }
}

impl OutputSet {
    /// The switch file by file: the journal first (the files to put, `summary.json` last, and
    /// the earlier outputs to remove), then the renames, which stay on one device.
    fn switch_file_by_file(&mut self, entries: &[String]) -> Result<()> {
        let mut puts = self.staged.clone();
        puts.sort_by_key(|n| n == "summary.json");
        let removes = entries
            .iter()
            .filter(|name| self.is_earlier_output(name) && !self.staged.contains(name));
        let mut journal = String::new();
        for name in &puts {
            journal.push_str(&format!("put {name}\n"));
        }
        for name in removes {
            journal.push_str(&format!("remove {name}\n"));
        }
        let temp = self.staging.join(format!("{JOURNAL}.tmp"));
        std::fs::write(&temp, journal)
            .and_then(|()| std::fs::rename(&temp, self.staging.join(JOURNAL)))
            .map_err(|e| Error::write(&temp, e))?;
        finish_switch(&self.dir, &self.staging)?;
        self.staged.clear();
        Ok(())
    }
}

/// Carry out the journal of a file-by-file switch (this run's, or a killed run's), then
/// remove its staging folder. Renames already done are skipped, so it can run twice.
fn finish_switch(dir: &Path, staging: &Path) -> Result<()> {
    let journal = staging.join(JOURNAL);
    let text = std::fs::read_to_string(&journal).map_err(|e| Error::read(&journal, e))?;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("put ") {
            let (from, to) = (staging.join(name), dir.join(name));
            if from.exists() {
                std::fs::rename(&from, &to).map_err(|e| Error::write(&to, e))?;
                failpoint_pause();
            }
        } else if let Some(name) = line.strip_prefix("remove ") {
            let stale = dir.join(name);
            if stale.is_file() {
                std::fs::remove_file(&stale).map_err(|e| Error::write(&stale, e))?;
            }
        }
    }
    let _ = std::fs::remove_dir_all(staging);
    Ok(())
}

/// Whether `dir` is on another device than its parent (a mount point), where a folder cannot
/// be renamed across.
#[cfg(unix)]
fn is_mount_point(dir: &Path, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(dir), std::fs::metadata(parent)) {
        (Ok(d), Ok(p)) => d.is_dir() && d.dev() != p.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path, _: &Path) -> bool {
    false
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// Test hook: `ZB_FAILPOINT_COMMIT_PAUSE_MS` pauses before the switch (and between the renames
/// of a folder that holds other files), so that tests can kill a run at that moment.
fn failpoint_pause() {
    if let Some(ms) = std::env::var("ZB_FAILPOINT_COMMIT_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Write one file atomically (temporary file in the same folder, then rename).
pub fn write_file_atomic(target: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<()> {
    if target.is_dir() {
        return Err(Error::write(
            target,
            "this is a folder: give a file name (e.g. map.svg or map.png)",
        ));
    }
    let target = absolute(target)?;
    let (dir, name) = split(&target)?;
    std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    let protected: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    check_not_input(&target, &protected)?;
    remove_stale_staging(&dir, &name);
    let temp = dir.join(format!(".{name}.{STAGING}{}", std::process::id()));
    let result = std::fs::write(&temp, bytes)
        .map_err(|e| Error::write(&temp, e))
        .and_then(|()| std::fs::rename(&temp, &target).map_err(|e| Error::write(&target, e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// The path made absolute (from the current folder), so its parent and name are known.
fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| Error::write(path, e))
}

/// Parent folder and file name of an absolute path.
fn split(path: &Path) -> Result<(PathBuf, String)> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Setting(format!("{}: not a usable name", path.display())))?;
    let parent = path.parent().unwrap_or(Path::new("/")).to_path_buf();
    Ok((parent, name.to_string()))
}

/// Names of the entries of a folder, sorted.
fn folder_entries(dir: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| Error::write(dir, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(&format!(".{STAGING}")))
        .collect();
    names.sort();
    Ok(names)
}

/// Complete the switches that runs killed while writing `name` in `parent` began (their
/// process is gone, their journal is there), remove what else they staged, beside the folder
/// or inside it, and the `.NAME.tmp-PID` files of earlier versions inside it.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.{STAGING}");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        if pid.parse::<u32>().is_ok_and(|pid| !process_alive(pid)) {
            complete_or_remove(&parent.join(name), &entry.path());
        }
    }
    if let Ok(entries) = std::fs::read_dir(parent.join(name)) {
        for entry in entries.filter_map(|e| e.ok()) {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let killed = file_name
                .strip_prefix(&format!(".{STAGING}"))
                .is_some_and(|pid| pid.parse::<u32>().is_ok_and(|p| !process_alive(p)));
            if killed {
                complete_or_remove(&parent.join(name), &entry.path());
                continue;
            }
            let stale = file_name.starts_with('.')
                && file_name
                    .rsplit_once(".tmp-")
                    .is_some_and(|(_, pid)| pid.parse::<u32>().is_ok_and(|p| !process_alive(p)));
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// What a killed run left: a switch it began (its journal is there) is completed; anything
/// else it staged (a folder, or the temporary file of a single output) is removed.
fn complete_or_remove(dir: &Path, staging: &Path) {
    if staging.join(JOURNAL).is_file() && finish_switch(dir, staging).is_ok() {
        return;
    }
    let _ = std::fs::remove_dir_all(staging).or_else(|_| std::fs::remove_file(staging));
}

/// Whether a process with this id runs (on Linux; elsewhere only this process is known).
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        false
    }
}

/// Exchange two folders atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Without an atomic exchange, the caller renames the files in one by one.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

fn check_not_input(target: &Path, protected: &[PathBuf]) -> Result<()> {
    if let Ok(canonical) = std::fs::canonicalize(target)
        && protected.contains(&canonical)
    {
        return Err(Error::write(
            target,
            format!(
                "this output would overwrite an input file; choose another {}",
                Setting::Out
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        folder_entries(dir).unwrap()
    }

    #[test]
    fn staged_files_appear_only_on_commit_and_inputs_are_protected() {
        let root = std::env::temp_dir().join(format!("zb-write-{}", std::process::id()));
        let dir = root.join("out");
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("input.csv");
        std::fs::write(&input, "x").unwrap();
        let known = ["a.csv".to_string(), "b.csv".to_string()];
        let mut set = OutputSet::new(&dir, std::slice::from_ref(&input))
            .unwrap()
            .replacing(&known);
        set.stage("a.csv", b"1").unwrap();
        assert!(!dir.join("a.csv").exists());
        assert!(set.stage("input.csv", b"2").is_err());
        set.commit().unwrap();
        assert_eq!(std::fs::read(dir.join("a.csv")).unwrap(), b"1");
        assert_eq!(std::fs::read(&input).unwrap(), b"x");
        // A dropped set leaves nothing behind, next to the folder or in it.
        let mut dropped = OutputSet::new(&dir, &[]).unwrap();
        dropped.stage("b.csv", b"1").unwrap();
        drop(dropped);
        assert_eq!(names(&dir), ["a.csv", "input.csv"]);
        assert_eq!(names(&root), ["out"]);
        std::fs::remove_dir_all(&root).ok();
    }

    #[test]
    fn the_switch_a_killed_run_began_is_completed_by_the_next_run() {
        let root = std::env::temp_dir().join(format!("zb-journal-{}", std::process::id()));
        let dir = root.join("out");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("zones.csv"), "old").unwrap();
        std::fs::write(dir.join("coverage.csv"), "old").unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        // Killed after renaming coverage.csv: units.csv is still staged.
        let staging = root.join(format!(".out.{STAGING}4294967295"));
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("units.csv"), "new").unwrap();
        std::fs::write(
            staging.join(JOURNAL),
            "put coverage.csv\nput units.csv\nremove zones.csv\n",
        )
        .unwrap();
        drop(OutputSet::new(&dir, &[]).unwrap());
        assert_eq!(names(&dir), ["coverage.csv", "notes.txt", "units.csv"]);
        assert_eq!(std::fs::read(dir.join("units.csv")).unwrap(), b"new");
        assert_eq!(names(&root), ["out"]);
        std::fs::remove_dir_all(&root).ok();
    }

    #[test]
    fn a_folder_of_outputs_is_switched_whole_and_stale_outputs_go() {
        let root = std::env::temp_dir().join(format!("zb-switch-{}", std::process::id()));
        let dir = root.join("out");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("zones.csv"), "old").unwrap();
        std::fs::write(dir.join("coverage.csv"), "old").unwrap();
        // A staging folder of a killed run (no such process).
        std::fs::create_dir_all(root.join(format!(".out.{STAGING}4294967295"))).unwrap();
        let known = ["coverage.csv".to_string(), "zones.csv".to_string()];
        let mut set = OutputSet::new(&dir, &[]).unwrap().replacing(&known);
        set.stage("coverage.csv", b"new").unwrap();
        set.commit().unwrap();
        assert_eq!(names(&dir), ["coverage.csv"]);
        assert_eq!(names(&root), ["out"]);
        // With a file of the user's in the folder, it stays, and stale outputs still go.
        std::fs::write(dir.join("zones.csv"), "old").unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        let mut set = OutputSet::new(&dir, &[]).unwrap().replacing(&known);
        set.stage("coverage.csv", b"newer").unwrap();
        set.commit().unwrap();
        assert_eq!(names(&dir), ["coverage.csv", "notes.txt"]);
        assert_eq!(std::fs::read(dir.join("coverage.csv")).unwrap(), b"newer");
        // A folder with an output's name is an error before anything moves.
        std::fs::create_dir(dir.join("zones.csv")).unwrap();
        let mut set = OutputSet::new(&dir, &[]).unwrap().replacing(&known);
        assert!(set.stage("zones.csv", b"x").is_err());
        drop(set);
        assert_eq!(std::fs::read(dir.join("coverage.csv")).unwrap(), b"newer");
        std::fs::remove_dir_all(&root).ok();
    }
}
