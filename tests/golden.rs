//! Byte-identity guard: every output of a set of reference runs (embedded demo, real PACA,
//! national scenario, COG-only, Shapefile, flows, maps) is hashed and compared with the
//! manifests in `tests/golden/`. A refactoring must leave every byte as it was; a change of
//! behaviour shows as a changed manifest in its commit.
//!
//! Re-record after an intended change: `ZB_GOLDEN_RECORD=1 cargo test --release --test golden`.
//! Runs on the real data start inside the shared data folder and name their inputs relative to
//! it, so the paths written into `summary.json` and `report.html` are the same on every machine.

mod common;
use common::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Pinned report date (`SOURCE_DATE_EPOCH`): 2026-11-23.
const EPOCH: &str = "1795392000";

const PACA: &[&str] = &[
    "--communes",
    "france/communes-2026.geojson.gz",
    "--cpts",
    "paca/cpts-paca-2026-01.csv",
    "--cpts-column",
    "commune_code=code_insee_source",
    "--default-stage",
    "aci",
];
const NATIONAL: &[&str] = &[
    "--communes",
    "france/communes-2026.geojson.gz",
    "--cpts",
    "scenarios/france-dev.csv",
];

/// One reference run: a name (the manifest's), where it starts, its arguments; `OUT` stands for
/// the output folder or file.
struct Case {
    name: &'static str,
    shared: bool,
    args: Vec<&'static str>,
}

fn cases() -> Vec<Case> {
    let with = |base: &[&'static str], extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };
    vec![
        Case {
            name: "demo-analyze",
            shared: false,
            args: vec!["analyze", "--write-adjacency", "--out", "OUT"],
        },
        Case {
            name: "demo-coverage-both",
            shared: false,
            args: vec![
                "coverage",
                "--format",
                "both",
                "--excel-csv",
                "--out",
                "OUT",
            ],
        },
        Case {
            name: "demo-map",
            shared: false,
            args: vec![
                "map",
                "--layer",
                "stages,cpts,departements,zones,plan",
                "--out",
                "OUT/map.svg",
            ],
        },
        Case {
            name: "paca-analyze",
            shared: true,
            args: with(
                &["analyze"],
                &with(
                    PACA,
                    &["--region", "93", "--write-adjacency", "--out", "OUT"],
                ),
            ),
        },
        Case {
            name: "paca-map-04",
            shared: true,
            args: with(
                &["map"],
                &with(
                    PACA,
                    &[
                        "--departement",
                        "04",
                        "--layer",
                        "stages,cpts,departements,zones,plan",
                        "--width",
                        "1600",
                        "--out",
                        "OUT/04.svg",
                    ],
                ),
            ),
        },
        Case {
            name: "national-analyze",
            shared: true,
            args: with(
                &["analyze"],
                &with(
                    NATIONAL,
                    &["--write-adjacency", "--format", "both", "--out", "OUT"],
                ),
            ),
        },
        Case {
            name: "national-cog-only-as-of",
            shared: true,
            args: vec![
                "coverage",
                "--cpts",
                "scenarios/france-dev.csv",
                "--as-of",
                "2024-02-01",
                "--out",
                "OUT",
            ],
        },
        Case {
            name: "martinique-plan-flows",
            shared: true,
            args: with(
                &["plan"],
                &with(
                    NATIONAL,
                    &[
                        "--departement",
                        "972",
                        "--flows",
                        "martinique-flows/commuting-flows.csv",
                        "--min-stage",
                        "aci",
                        "--out",
                        "OUT",
                    ],
                ),
            ),
        },
        Case {
            name: "haute-garonne-shapefile-zones",
            shared: true,
            args: vec![
                "zones",
                "--communes",
                "shapefiles/haute-garonne-31-l93/commune.shp",
                "--population",
                "shapefiles/haute-garonne-31-l93/commune.csv",
                "--cpts",
                "scenarios/france-dev.csv",
                "--write-adjacency",
                "--out",
                "OUT",
            ],
        },
    ]
}

/// `hash  name` lines of every file under `dir`, sorted by name.
fn manifest(dir: &Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("output folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("output file");
            let hash: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let name = path.file_name().and_then(|n| n.to_str()).expect("name");
            format!("{hash}  {name}\n")
        })
        .collect()
}

fn run_case(case: &Case, cwd: &Path) -> String {
    let out = temp_dir(&format!("golden-{}", case.name));
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| a.replace("OUT", path_str(&out)))
        .chain(["--quiet".to_string()])
        .collect();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_zones-blanches"))
        .args(&args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("run zones-blanches");
    assert!(
        output.status.success(),
        "{}: zones-blanches {args:?} failed: {}",
        case.name,
        String::from_utf8_lossy(&output.stderr)
    );
    check_outputs_against_schemas(&out);
    let text = manifest(&out);
    std::fs::remove_dir_all(&out).ok();
    text
}

#[test]
fn outputs_are_byte_identical_to_the_recorded_manifests() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let record = std::env::var_os("ZB_GOLDEN_RECORD").is_some();
    let data = shared_data("golden runs on the real data");
    let mut differences = Vec::new();
    for case in cases() {
        let cwd = if case.shared {
            match &data {
                Some(dir) => dir.clone(),
                None => continue,
            }
        } else {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        };
        let actual = run_case(&case, &cwd);
        let path = golden.join(format!("{}.sha256", case.name));
        if record {
            std::fs::create_dir_all(&golden).expect("golden dir");
            std::fs::write(&path, &actual).expect("record manifest");
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (record with ZB_GOLDEN_RECORD=1)", path.display()));
        if expected != actual {
            differences.push(format!(
                "{}:\n--- recorded\n{expected}+++ now\n{actual}",
                case.name
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "outputs changed (re-record with ZB_GOLDEN_RECORD=1 only if the change is intended):\n{}",
        differences.join("\n")
    );
}
