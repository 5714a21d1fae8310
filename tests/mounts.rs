//! Mounts (issue 27): `--out` on a mount point (a Docker volume, a bind mount, tmpfs), where
//! the staging folder cannot live beside `--out` (a rename would cross devices), and an input
//! on a read-only mount. Each test runs itself again inside a user and mount namespace
//! (`unshare -rm`) that mounts a tmpfs, so it needs no privilege and leaves no mount behind.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Set inside the namespace: the folder the tmpfs is mounted on.
const MOUNTED: &str = "ZB_TEST_MOUNTED_OUT";

/// In the namespace: mount a tmpfs on the folder and return it. Outside: run this test again
/// in a new namespace, assert that it passed, and return `None` (skipping loudly when the
/// machine allows no namespace).
fn tmpfs_out(test: &str) -> Option<PathBuf> {
    if let Ok(dir) = std::env::var(MOUNTED) {
        let dir = PathBuf::from(dir);
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=256m", "zb-test"])
            .arg(&dir)
            .status()
            .expect("mount");
        assert!(mounted.success(), "mount tmpfs on {}", dir.display());
        return Some(dir);
    }
    let allowed = Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !allowed {
        eprintln!("SKIPPED {test}: `unshare -rm` is not allowed here (no user namespaces)");
        return None;
    }
    let dir = temp_dir(test).join("volume");
    std::fs::create_dir_all(&dir).unwrap();
    let output = Command::new("unshare")
        .arg("-rm")
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads", "1"])
        .env(MOUNTED, &dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{test} in a mount namespace:\n{text}"
    );
    assert!(text.contains("1 passed"), "{test} did not run:\n{text}");
    for line in text.lines().filter(|l| l.starts_with("kill test")) {
        eprintln!("{line}");
    }
    // Nothing was written to the folder under the mount.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    None
}

/// The output files of a folder (not the staging folders of a run), by name.
fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Staging folders left in a folder.
fn stagings(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect()
}

#[test]
fn a_run_writes_into_a_mount_point_and_replaces_the_earlier_set() {
    let Some(out) = tmpfs_out("a_run_writes_into_a_mount_point_and_replaces_the_earlier_set")
    else {
        return;
    };
    let args = |command| demo_run_args(command, None, None, &out);
    let zones = run_args(&args("zones"));
    assert_eq!(zones.status.code(), Some(0), "{zones:?}");
    let after_zones = outputs(&out);
    assert!(
        after_zones.contains_key("zones.csv"),
        "{:?}",
        after_zones.keys()
    );
    // coverage writes 8 files (the demo's listing has dates: stage_durations.csv): the zones
    // files of the earlier run are removed.
    let coverage = run_args(&args("coverage"));
    assert_eq!(coverage.status.code(), Some(0), "{coverage:?}");
    let after_coverage = outputs(&out);
    assert!(!after_coverage.contains_key("zones.csv"));
    assert_eq!(
        after_coverage.keys().collect::<Vec<_>>(),
        [
            "coverage.csv",
            "overlaps.csv",
            "stage_durations.csv",
            "stalled.csv",
            "summary.json",
            "units.csv",
            "units.geojson",
            "unresolved.csv"
        ]
    );
    assert!(stagings(&out).is_empty(), "{:?}", stagings(&out));
    // A run that fails leaves the set as it was, and no staging folder.
    let mut bad = args("zones");
    bad[6] = "/nonexistent/cpts.csv".into();
    let failed = run_args(&bad);
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(outputs(&out), after_coverage);
    assert!(stagings(&out).is_empty());
    // Same inputs, same bytes as a run into a folder of the ordinary kind.
    let plain = temp_dir("mount-plain").join("out");
    assert!(
        run_args(&demo_run_args("coverage", None, None, &plain))
            .status
            .success()
    );
    assert_eq!(outputs(&plain), after_coverage);
}

/// What a folder holds once the switch of the staging folder left in it (by a killed run) is
/// completed, as the next run completes it.
fn completed(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = outputs(out);
    for staging in stagings(out) {
        let Ok(journal) = std::fs::read_to_string(staging.join(".switch")) else {
            continue;
        };
        for line in journal.lines() {
            if let Some(name) = line.strip_prefix("put ") {
                if let Ok(bytes) = std::fs::read(staging.join(name)) {
                    files.insert(name.to_string(), bytes);
                }
            } else if let Some(name) = line.strip_prefix("remove ") {
                files.remove(name);
            }
        }
    }
    files
}

#[test]
fn a_run_killed_while_writing_into_a_mount_point_loses_nothing() {
    let test = "a_run_killed_while_writing_into_a_mount_point_loses_nothing";
    let Some(data) = shared_data(test) else {
        return;
    };
    let Some(out) = tmpfs_out(test) else {
        return;
    };
    let args = |command: &str, as_of| national_run_args(&data, command, &out, as_of);
    let (a_args, b_args) = (args("coverage", None), args("zones", Some("2024-02-01")));
    let start = Instant::now();
    assert!(killable(&a_args).status().unwrap().success());
    let duration = start.elapsed();
    let a = outputs(&out);
    assert!(killable(&b_args).status().unwrap().success());
    let b = outputs(&out);
    assert_ne!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let attempts = 20;
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    for attempt in 0..attempts {
        let this_run = if attempt % 2 == 0 { &a_args } else { &b_args };
        let fraction = 0.6 + 0.6 * attempt as f64 / (attempts - 1) as f64;
        let mut child = killable(this_run).spawn().unwrap();
        std::thread::sleep(Duration::from_secs_f64(duration.as_secs_f64() * fraction));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = outputs(&out);
        let outcome = if now == a || now == b {
            "a complete set"
        } else {
            // Killed between two renames: the journal left completes the killed run's set.
            let done = completed(&out);
            assert!(
                done == a || done == b,
                "attempt {attempt} ({status}): a mix that the journal does not complete: {:?}",
                now.keys().collect::<Vec<_>>()
            );
            "a journal to complete"
        };
        *outcomes.entry(outcome).or_default() += 1;
        // The next run completes or removes what the killed one left, then writes its set.
        if !stagings(&out).is_empty() {
            let expected = completed(&out);
            let other = if expected == a { &b_args } else { &a_args };
            assert!(killable(other).status().unwrap().success());
            assert!(stagings(&out).is_empty(), "attempt {attempt}: staging left");
            assert!(outputs(&out) == a || outputs(&out) == b);
        }
    }
    eprintln!("kill test on a mount point: {outcomes:?} out of {attempts}");
    assert!(killable(&a_args).status().unwrap().success());
    assert_eq!(outputs(&out), a);
    assert!(stagings(&out).is_empty());
}

/// A GeoPackage in WAL mode (as QGIS leaves them) in a read-only folder: SQLite cannot create
/// its `-shm` file there. With nothing pending in its `-wal` file it is read as it is; with
/// changes pending, the error says why and what to do.
#[test]
fn a_wal_geopackage_in_a_read_only_folder() {
    let test = "a_wal_geopackage_in_a_read_only_folder";
    if std::env::var(MOUNTED).is_err() && ogr2ogr(test).is_none() {
        return;
    }
    let Some(volume) = tmpfs_out(test) else {
        return;
    };
    let work = volume.parent().unwrap().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    let package = work.join("communes.gpkg");
    let _ = std::fs::remove_file(&package);
    gdal(&[
        "-f",
        "GPKG",
        path_str(&package),
        path_str(&root.join("communes.geojson")),
    ]);
    let db = rusqlite::Connection::open(&package).unwrap();
    let mode: String = db
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(db);
    std::fs::copy(&package, volume.join("communes.gpkg")).unwrap();
    std::fs::copy(&package, volume.join("pending.gpkg")).unwrap();
    std::fs::write(volume.join("pending.gpkg-wal"), [1u8; 64]).unwrap();
    let remount = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&volume)
        .status()
        .unwrap();
    assert!(remount.success());
    assert!(
        std::fs::write(volume.join("probe"), "x").is_err(),
        "read-only"
    );
    let run_on = |layer: &str, out: &str| {
        let layer = volume.join(layer);
        run_args(&demo_run_args(
            "coverage",
            Some(&layer),
            None,
            &work.join(out),
        ))
    };
    // Read as the GeoJSON it was made from.
    let read = run_on("communes.gpkg", "from-gpkg");
    assert_eq!(read.status.code(), Some(0), "{read:?}");
    let plain = work.join("from-geojson");
    assert!(
        run_args(&demo_run_args("coverage", None, None, &plain))
            .status
            .success()
    );
    assert_eq!(
        std::fs::read(work.join("from-gpkg/coverage.csv")).unwrap(),
        std::fs::read(plain.join("coverage.csv")).unwrap()
    );
    let refused = run_on("pending.gpkg", "pending");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "pending.gpkg: file: a GeoPackage in WAL mode whose changes are still in its -wal file"
        ) && stderr.contains("wal_checkpoint"),
        "{stderr}"
    );
}
