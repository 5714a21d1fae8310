//! Helpers shared by the end-to-end tests: run the CLI, locate ../shared/data, read outputs.
#![allow(dead_code)]

pub mod browser;
pub mod catalogue;
pub mod cdp;
pub mod server;

#[allow(unused_imports)]
pub use browser::{chromium, headless, poppler, print_to_pdf};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The real data folder (`ZB_SHARED_DATA` or `../shared/data`), or `None` with a loud skip message.
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("ZB_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if dir.join("france/communes-2026.geojson.gz").exists() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED {test}: real data not found at {} (set ZB_SHARED_DATA to the shared/data folder)",
            dir.display()
        );
        None
    }
}

/// A fresh, empty temporary folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zb-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Run the binary with arguments (and optional environment variables).
pub fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_zones-blanches"));
    command.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("run zones-blanches");
    if output.status.success()
        && let Some(k) = args.iter().position(|a| *a == "--out")
        && let Some(out) = args.get(k + 1)
    {
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join(out);
        if out.is_dir() {
            check_outputs_against_schemas(&out);
        }
    }
    output
}

/// Run and require success; returns stdout.
pub fn run_ok(args: &[&str]) -> String {
    let output = run(args, &[]);
    assert!(
        output.status.success(),
        "zones-blanches {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A CSV output read as rows of header → value.
pub fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().expect("headers").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read json")).expect("parse json")
}

pub fn num(row: &HashMap<String, String>, field: &str) -> u64 {
    row[field]
        .parse()
        .unwrap_or_else(|_| panic!("{field} = {:?} is not a number", row[field]))
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Run `command` with `inputs`, writing to a fresh folder `name`, then `extra` arguments, with
/// `env` set; requires success and returns the output folder.
pub fn run_into(
    command: &str,
    name: &str,
    inputs: &[String],
    extra: &[&str],
    env: &[(&str, &str)],
) -> PathBuf {
    let out = temp_dir(name);
    let mut args: Vec<&str> = vec![command];
    args.extend(inputs.iter().map(|s| s.as_str()));
    args.extend(["--out", path_str(&out), "--quiet"]);
    args.extend_from_slice(extra);
    let output = run(&args, env);
    assert!(
        output.status.success(),
        "zones-blanches {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// The input arguments of a run on the real ARS PACA listing over the national communes, as
/// the issues prescribe (`code_insee_source` as the commune column, `--default-stage aci`).
pub fn paca_inputs(data: &Path) -> Vec<String> {
    vec![
        "--communes".into(),
        path_str(&data.join("france/communes-2026.geojson.gz")).into(),
        "--cpts".into(),
        path_str(&data.join("paca/cpts-paca-2026-01.csv")).into(),
        "--cpts-column".into(),
        "commune_code=code_insee_source".into(),
        "--default-stage".into(),
        "aci".into(),
    ]
}

/// The input arguments of a run on the national commune layer and the national scenario.
fn national_inputs(data: &Path) -> Vec<String> {
    vec![
        "--communes".into(),
        path_str(&data.join("france/communes-2026.geojson.gz")).into(),
        "--cpts".into(),
        path_str(&data.join("scenarios/france-dev.csv")).into(),
    ]
}

/// Run `command` on the real ARS PACA listing, plus `extra` arguments; returns the output folder.
pub fn run_paca(command: &str, name: &str, data: &Path, extra: &[&str]) -> PathBuf {
    run_into(command, name, &paca_inputs(data), extra, &[])
}

/// Run `command` on the national data, plus `extra` arguments; returns the output folder.
pub fn run_national(command: &str, name: &str, data: &Path, extra: &[&str]) -> PathBuf {
    run_into(command, name, &national_inputs(data), extra, &[])
}

/// [`run_national`] with environment variables set.
pub fn run_national_with_env(
    command: &str,
    name: &str,
    data: &Path,
    env: &[(&str, &str)],
) -> PathBuf {
    run_into(command, name, &national_inputs(data), &[], env)
}

/// Check every output of `dir` against the shipped schemas (`schema/`): `summary.json` against
/// the JSON Schema, each CSV's header against its table's columns (order, conditional columns)
/// and each cell against its column's type. Called after every successful run of [`run`].
pub fn check_outputs_against_schemas(dir: &Path) {
    // Only an output set (it always has a summary): not `generate-demo`'s folder.
    let summary = dir.join("summary.json");
    if !summary.exists() {
        return;
    }
    validate_summary(&read_json(&summary), &summary);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let tables = tables_schema();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".csv"))
        else {
            continue;
        };
        let table = tables["tables"].get(name).unwrap_or_else(|| {
            panic!(
                "{}: no table `{name}` in schema/tables.json",
                path.display()
            )
        });
        check_csv(&path, table);
    }
}

fn tables_schema() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/tables.json");
    read_json(&path)
}

/// Validate a `summary.json` value against `schema/summary.schema.json` (draft 2020-12).
pub fn validate_summary(value: &serde_json::Value, origin: &Path) {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/summary.schema.json");
    let schema = read_json(&schema_path);
    let id = schema["$id"].as_str().expect("$id").to_string();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource(&id, schema).expect("schema resource");
    let index = compiler
        .compile(&id, &mut schemas)
        .expect("schema compiles");
    if let Err(error) = schemas.validate(value, index) {
        panic!(
            "{} does not validate against schema/summary.schema.json:\n{error:#}",
            origin.display()
        );
    }
}

fn check_csv(path: &Path, table: &serde_json::Value) {
    let bytes = std::fs::read(path).expect("read csv");
    let text = String::from_utf8(bytes).expect("csv is UTF-8");
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let separator = if text.lines().next().is_some_and(|l| l.contains(';'))
        && !text.lines().next().is_some_and(|l| l.contains(','))
    {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let columns = table["columns"].as_array().expect("columns");
    let known: Vec<&serde_json::Value> = columns
        .iter()
        .filter(|c| header.iter().any(|h| h == c["name"].as_str().unwrap_or("")))
        .collect();
    let names: Vec<&str> = known
        .iter()
        .map(|c| c["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        header.iter().map(String::as_str).collect::<Vec<_>>(),
        "{}: columns not in the order (or not in) schema/tables.json",
        path.display()
    );
    for column in columns.iter().filter(|c| c.get("only_when").is_none()) {
        let name = column["name"].as_str().unwrap_or("");
        assert!(
            header.iter().any(|h| h == name),
            "{}: column `{name}` missing",
            path.display()
        );
    }
    for (row, record) in reader.records().enumerate() {
        let record = record.expect("record");
        for (cell, column) in record.iter().zip(&known) {
            let name = column["name"].as_str().unwrap_or("");
            if cell.is_empty() {
                assert!(
                    column["nullable"].as_bool() == Some(true) || column["type"] == "string",
                    "{} row {}: `{name}` is empty but not nullable",
                    path.display(),
                    row + 2
                );
                continue;
            }
            let number = cell.replace(',', ".");
            let ok = match column["type"].as_str() {
                Some("integer") => cell.parse::<i64>().is_ok(),
                Some("number") => number.parse::<f64>().is_ok_and(f64::is_finite),
                Some("boolean") => cell == "true" || cell == "false",
                Some("date") => chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").is_ok(),
                _ => true,
            };
            assert!(
                ok,
                "{} row {}: `{name}` = {cell:?} is not a {}",
                path.display(),
                row + 2,
                column["type"]
            );
        }
    }
}

/// `ogr2ogr` from Debian's `gdal-bin` (installed by .ci/run), or `None` with a loud skip.
pub fn ogr2ogr(test: &str) -> Option<&'static str> {
    match Command::new("ogr2ogr").arg("--version").output() {
        Ok(o) if o.status.success() => Some("ogr2ogr"),
        _ => {
            eprintln!("SKIPPED {test}: ogr2ogr (gdal-bin) is not installed");
            None
        }
    }
}

/// Run `ogr2ogr` with `args`; fails the test with GDAL's message.
pub fn gdal(args: &[&str]) {
    let output = Command::new("ogr2ogr").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "ogr2ogr {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The report's visible text (no script, style, map, file paths) holds no English sentence:
/// rationales, reasons and references are in French (issue 14).
pub fn assert_french(html: &str, what: &str) {
    let visible = visible_text(html);
    let found = english_in(&visible);
    assert!(
        found.is_empty(),
        "{what}: English in the report: {found:#?}"
    );
}

/// The text a reader sees in an HTML page: no script, style, SVG or code.
pub fn visible_text(html: &str) -> String {
    let mut text = html.to_string();
    for (open, close) in [
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<svg", "</svg>"),
        ("<code>", "</code>"),
    ] {
        while let Some(a) = text.find(open) {
            let b = text[a..]
                .find(close)
                .map_or(text.len(), |b| a + b + close.len());
            text.replace_range(a..b, " ");
        }
    }
    let mut visible = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                visible.push(' ');
            }
            c if !in_tag => visible.push(c),
            _ => {}
        }
    }
    visible
}

/// The words of an English stop list found in `text`, each with its context: French outputs
/// hold none (rationales, reasons, references).
pub fn english_in(visible: &str) -> Vec<String> {
    zones_blanches::bench::ENGLISH_MARKERS
        .iter()
        .filter_map(|w| {
            visible.find(w).map(|i| {
                let start = visible[..i]
                    .char_indices()
                    .rev()
                    .nth(40)
                    .map_or(0, |(k, _)| k);
                let end = visible[i..]
                    .char_indices()
                    .nth(60)
                    .map_or(visible.len(), |(k, _)| i + k);
                format!("{w:?} in …{}…", &visible[start..end])
            })
        })
        .collect()
}

/// The arguments of a national run (the layer and the scenario) writing into `out`, quietly,
/// at `as_of` when given: the two sets the kill tests switch between.
pub fn national_run_args(
    data: &Path,
    command: &str,
    out: &Path,
    as_of: Option<&str>,
) -> Vec<String> {
    let mut args: Vec<String> = [command, "--out", path_str(out), "-q"]
        .map(String::from)
        .to_vec();
    args.extend(national_inputs(data));
    if let Some(date) = as_of {
        args.extend(["--as-of".to_string(), date.to_string()]);
    }
    args
}

/// A run of the binary whose switch of its output set is widened by a pause
/// (`ZB_FAILPOINT_COMMIT_PAUSE_MS`), so that a kill lands there; its streams are discarded.
pub fn killable(args: &[String]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zones-blanches"));
    command
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1795392000")
        .env("ZB_FAILPOINT_COMMIT_PAUSE_MS", "40")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command
}

/// The arguments of a quiet run of the demo into `out`, with `communes` and `cpts` in place of
/// the demo's layer and listing when given (the demo's COG stays).
pub fn demo_run_args(
    command: &str,
    communes: Option<&Path>,
    cpts: Option<&Path>,
    out: &Path,
) -> Vec<String> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    let communes = communes.map_or(demo.join("communes.geojson"), Path::to_path_buf);
    let cpts = cpts.map_or(demo.join("cpts.csv"), Path::to_path_buf);
    [
        command,
        "--communes",
        path_str(&communes),
        "--cog",
        path_str(&demo.join("cog.csv")),
        "--cpts",
        path_str(&cpts),
        "--out",
        path_str(out),
        "-q",
    ]
    .map(String::from)
    .to_vec()
}

/// Run with owned arguments (see [`run`]).
pub fn run_args(args: &[String]) -> Output {
    run(&args.iter().map(String::as_str).collect::<Vec<_>>(), &[])
}
