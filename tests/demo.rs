//! The embedded demo: runs with no input flag, is regenerated identically by the code that
//! made it, and shows every case the engine handles (stages, overlap, former and unknown codes).

mod common;
use common::*;
use std::path::Path;

#[test]
fn demo_data_is_regenerated_byte_for_byte() {
    let dir = temp_dir("demo-regen");
    run_ok(&["generate-demo", "--out", path_str(&dir)]);
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    for name in ["communes.geojson", "cog.csv", "cpts.csv"] {
        assert_eq!(
            std::fs::read(dir.join(name)).unwrap(),
            std::fs::read(committed.join(name)).unwrap(),
            "data/demo/{name} differs from what `generate-demo` produces"
        );
    }
}

#[test]
fn coverage_runs_on_the_demo_without_input_flags() {
    let out = temp_dir("demo-run");
    let stdout = run_ok(&["coverage", "--out", path_str(&out)]);
    assert!(stdout.contains("76.16 %"), "terminal summary: {stdout}");

    let coverage = read_csv(&out.join("coverage.csv"));
    let france = &coverage[0];
    assert_eq!(france["scope_type"], "france");
    assert_eq!(france["scope_name"], "Zone d'étude (1 département)");
    assert_eq!(num(france, "units"), 384);
    assert_eq!(num(france, "population_total"), 736_262);
    // S3/S4: every stage is present in the demo.
    for field in ["pop_aci", "pop_ps", "pop_li", "pop_preprojet", "pop_none"] {
        assert!(num(france, field) > 0, "{field} is empty in the demo");
    }
    assert_eq!(france["pct_ge_li"], "76.16");
    assert_eq!(
        coverage
            .iter()
            .filter(|r| r["scope_type"] == "epci")
            .count(),
        6
    );

    let overlaps = read_csv(&out.join("overlaps.csv"));
    assert_eq!(overlaps.len(), 1);
    assert_eq!(overlaps[0]["code"], "99252");
    assert_eq!(overlaps[0]["cpts_ids"], "DEMO-02;DEMO-07");

    let unresolved = read_csv(&out.join("unresolved.csv"));
    assert_eq!(unresolved.len(), 1);
    assert_eq!(unresolved[0]["value"], "99999");

    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["former_codes"][0]["former"], "99390");
    assert_eq!(summary["former_codes"][0]["current"], "99050");
    assert_eq!(summary["counts"]["cpts"], 12);
    let units = read_csv(&out.join("units.csv"));
    let uncovered = units
        .iter()
        .filter(|u| u["stage"].is_empty() || u["stage"] == "preprojet")
        .count();
    assert_eq!(
        uncovered as u64,
        summary["counts"]["units_uncovered"].as_u64().unwrap()
    );
    assert!(out.join("units.geojson").exists());

    // --excel-csv: `;` and a UTF-8 BOM.
    let excel = temp_dir("demo-excel");
    run_ok(&["coverage", "--excel-csv", "--out", path_str(&excel), "-q"]);
    let bytes = std::fs::read(excel.join("coverage.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFscope_type;scope_code;"));
}

/// Zones blanches of the demo (S5): the `zones` part of the README's first command (`analyze`).
#[test]
fn zones_run_on_the_demo() {
    let out = temp_dir("demo-zones");
    let stdout = run_ok(&["zones", "--out", path_str(&out)]);
    assert!(stdout.contains("3 zones"), "{stdout}");
    let zones = read_csv(&out.join("zones.csv"));
    assert_eq!(zones.len(), 3);
    assert_eq!(
        (zones[0]["zone_id"].as_str(), num(&zones[0], "units")),
        ("Z0001", 98)
    );
    assert_eq!(
        zones[2]["codes"], "99291",
        "a one-commune zone enclosed by covered communes"
    );
    let units = read_csv(&out.join("units.csv"));
    let uncovered = units
        .iter()
        .filter(|u| u["stage"].is_empty() || u["stage"] == "preprojet")
        .count();
    assert_eq!(
        zones.iter().map(|z| num(z, "units")).sum::<u64>() as usize,
        uncovered
    );
}

/// One run, one file set: the library's `analyze_outputs` (files in memory, `report.html` and
/// its map included) gives the files the command line writes into its output folder, byte for
/// byte, in every table format; and the library's map is the `map` command's file.
#[test]
fn library_files_in_memory_equal_the_files_the_cli_writes() {
    use zones_blanches::export::{
        Files, MapFormat, Options, TableFormat, analyze_outputs, map_output,
    };
    use zones_blanches::parts::Layer;
    use zones_blanches::{Inputs, Lang, Stage, run_plan};
    let out = temp_dir("demo-sink");
    run_ok(&[
        "analyze",
        "--write-adjacency",
        "--format",
        "csv,parquet,xlsx,gpkg",
        "--lang",
        "fr",
        "--out",
        path_str(&out),
    ]);
    let run = run_plan(&Inputs::demo(), Stage::Li).expect("demo plan");
    let options = Options {
        format: "csv,parquet,xlsx,gpkg"
            .parse::<TableFormat>()
            .expect("format"),
        excel_csv: false,
        lang: Lang::Fr,
        adjacency: true,
    };
    let mut files = Files::new();
    analyze_outputs(&run, &options, &mut files).expect("outputs");
    let mut on_disk: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut in_memory: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
    in_memory.sort();
    assert_eq!(in_memory, on_disk);
    for name in [
        "units.geojson",
        "report.html",
        "zones-blanches.xlsx",
        "zones-blanches.gpkg",
        "adjacency.parquet",
    ] {
        assert!(in_memory.contains(&name.to_string()), "{name}");
    }
    for (name, bytes) in &files {
        let written = std::fs::read(out.join(name)).unwrap();
        assert!(
            &written == bytes,
            "{name} differs between the library and the CLI"
        );
    }
    // The map: the `map` command's file is the library's.
    let map = out.join("map.svg");
    run_ok(&[
        "map",
        "--layer",
        "stages,cpts,zones,plan",
        "--width",
        "900",
        "--out",
        path_str(&map),
    ]);
    let layers = [Layer::Stages, Layer::Cpts, Layer::Zones, Layer::Plan];
    let svg = map_output(&run.zoning, Some(&run.plan), &layers, 900, MapFormat::Svg).expect("map");
    assert!(
        std::fs::read(&map).unwrap() == svg,
        "map.svg differs between the library and the CLI"
    );
}
