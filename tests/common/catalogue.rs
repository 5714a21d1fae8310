//! The harness of the bad-input catalogues: hostile cases (files, arguments, the words the
//! error must hold), each run in its own folder whose `--out` holds a previous good run.

use super::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One hostile input: files written into the case folder, the arguments, and what the error
/// must say. In `args`, `@NAME` is a file of the case, `%NAME` a demo file, `$NAME` a file of
/// the shared data, and `OUT` the output folder.
pub struct Case {
    pub name: &'static str,
    pub files: Vec<(&'static str, Vec<u8>)>,
    pub args: Vec<&'static str>,
    pub needles: Vec<&'static str>,
}

pub fn case(
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: &[&'static str],
    needles: &[&'static str],
) -> Case {
    Case {
        name,
        files,
        args: args.to_vec(),
        needles: needles.to_vec(),
    }
}

/// The previous content of every case's `--out`: the files of a good run of the demo, made in
/// `root/previous`.
pub fn previous_set(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let previous = root.join("previous");
    run_ok(&["coverage", "--out", path_str(&previous), "-q"]);
    let before = snapshot(&previous);
    assert!(before.contains_key("coverage.csv"));
    before
}

/// Every file of a folder, by relative name.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_file() {
            files.insert(
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            );
        }
    }
    files
}

pub fn resolve(arg: &str, case_dir: &Path, out: &Path, data: Option<&Path>) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match arg.split_at(1) {
        ("@", name) => case_dir.join(name),
        ("%", name) => root.join("data/demo").join(name),
        ("&", name) => root.join("tests/fixtures").join(name),
        ("$", name) => data.expect("shared data").join(name),
        _ if arg == "OUT" => out.to_path_buf(),
        _ => PathBuf::from(arg),
    }
}

/// Run every case, each in a folder of `root` whose `out` holds `before`; every case must end
/// in exit code 2 with one error line holding its needles, `out` left as it was and no staging
/// folder left behind.
pub fn run_cases(
    cases: &[Case],
    before: &BTreeMap<String, Vec<u8>>,
    root: &Path,
    data: Option<&Path>,
) {
    let mut failures = Vec::new();
    for case in cases {
        let dir = root.join(case.name);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in &case.files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let out = dir.join("out");
        std::fs::create_dir_all(&out).unwrap();
        for (name, bytes) in before {
            std::fs::write(out.join(name), bytes).unwrap();
        }
        let mut args: Vec<String> = case
            .args
            .iter()
            .map(|a| resolve(a, &dir, &out, data).display().to_string())
            .collect();
        if !args.iter().any(|a| a == "--out") {
            args.extend(["--out".to_string(), out.display().to_string()]);
        }
        let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        let output = run(&refs, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let mut problems = Vec::new();
        if output.status.code() != Some(2) {
            problems.push(format!("exit code {:?}", output.status.code()));
        }
        for needle in &case.needles {
            if !stderr.contains(needle) {
                problems.push(format!("no {needle:?}"));
            }
        }
        if stderr.lines().count() != 1 {
            problems.push("not one error line".into());
        }
        if &snapshot(&out) != before {
            problems.push("--out changed".into());
        }
        let leftovers: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("zb-staging"))
            .collect();
        if !leftovers.is_empty() {
            problems.push(format!("staging left: {leftovers:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {} — stderr: {stderr}",
                case.name,
                problems.join(", ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
