//! Writes that survive anything (issue 11): national runs killed (SIGKILL) at many moments,
//! around their writes, leave `--out` holding a complete old set or a complete new set, never
//! a mix; the staging folders of the killed runs are gone after the next run. The
//! `ZB_FAILPOINT_COMMIT_PAUSE_MS` hook widens the moment of the switch (and the gaps between
//! the renames of a folder shared with other files) so that kills land there.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_killed_run_leaves_the_old_set_or_the_new_one() {
    let Some(data) = shared_data("a_killed_run_leaves_the_old_set_or_the_new_one") else {
        return;
    };
    let dir = temp_dir("kill");
    let out = dir.join("out");
    let args = |command: &str, as_of| national_run_args(&data, command, &out, as_of);
    // Two different sets: a coverage run today (6 files) and a zones run in 2024 (8 files).
    let a_args = args("coverage", None);
    let b_args = args("zones", Some("2024-02-01"));
    let start = Instant::now();
    assert!(killable(&a_args).status().unwrap().success());
    let duration = start.elapsed();
    let a = snapshot(&out);
    assert!(killable(&b_args).status().unwrap().success());
    let b = snapshot(&out);
    assert_ne!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());

    // Kill each run at a moment between 50 % and 110 % of a run's duration (the writes come
    // last), alternating the two sets.
    let attempts = 30;
    let mut outcomes = BTreeMap::new();
    for attempt in 0..attempts {
        let run_args = if attempt % 2 == 0 { &a_args } else { &b_args };
        let fraction = 0.5 + 0.6 * attempt as f64 / (attempts - 1) as f64;
        let mut child = killable(run_args).spawn().unwrap();
        std::thread::sleep(Duration::from_secs_f64(duration.as_secs_f64() * fraction));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = snapshot(&out);
        let which = if now == a {
            "old or new set A"
        } else if now == b {
            "old or new set B"
        } else {
            panic!(
                "attempt {attempt} (killed at {:.0} %, {status}): --out holds a mix: {:?}",
                fraction * 100.0,
                now.keys().collect::<Vec<_>>()
            )
        };
        *outcomes
            .entry(if status.success() {
                "finished"
            } else {
                "killed"
            })
            .or_insert(0) += 1;
        let _ = which;
    }
    eprintln!("kill test: {outcomes:?} out of {attempts}");
    assert!(
        outcomes.get("killed").copied().unwrap_or(0) > 0,
        "no run was killed"
    );
    // The next run removes the staging folders the killed runs left next to --out.
    assert!(killable(&a_args).status().unwrap().success());
    assert_eq!(snapshot(&out), a);
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "out")
        .collect();
    assert!(leftovers.is_empty(), "stale staging left: {leftovers:?}");
}
