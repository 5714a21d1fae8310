//! The planning table over HTTP on loopback, as a meeting and a dashboard use it: an edit of
//! 10 communes to updated panel data (re-plan, atomic save of the decisions, panel JSON), a map
//! view, and 200 concurrent API requests — for the région PACA (real ARS listing) and for
//! France (national scenario). Medians and p95 over repeated requests, one server per case.
//! Run: `cargo bench --bench serve_load` (needs ../shared/data or ZB_SHARED_DATA).

#[path = "data.rs"]
mod data;
use data::data_dir;

#[path = "../tests/common/server.rs"]
#[allow(dead_code)]
mod server;

use serde_json::json;
use server::{Client, Server};
use std::time::Instant;

/// Median and 95th percentile of milliseconds.
fn quantiles(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95), ms[ms.len() - 1])
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = work();
    (out, start.elapsed().as_secs_f64() * 1000.0)
}

/// Ten units the plan gives to one CPTS (the one it extends most), to that CPTS.
fn ten_units(client: &Client) -> (Vec<String>, String) {
    let plan = client.get("/api/plan");
    let rows = plan.as_array().expect("rows");
    let mut by_target: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for r in rows.iter().filter(|r| r["kind"] == "extend") {
        by_target
            .entry(r["target_id"].as_str().expect("target"))
            .or_default()
            .push(r["code"].as_str().expect("code"));
    }
    let (target, codes) = by_target
        .into_iter()
        .max_by_key(|(_, codes)| codes.len())
        .expect("an extension");
    (
        codes.iter().take(10).map(|c| c.to_string()).collect(),
        target.to_string(),
    )
}

fn case(name: &str, args: &[String], view: &str) {
    let dir = std::env::temp_dir().join(format!("zb-serve-load-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let mut all: Vec<String> = args.to_vec();
    all.extend([
        "--decisions".into(),
        dir.join("decisions.csv").display().to_string(),
    ]);
    all.extend(["--out".into(), dir.join("out").display().to_string()]);
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let (server, ready_ms) = timed(|| Server::start(&all));
    let (units, target) = ten_units(&server);
    // Edits: ten communes assigned, then undone, alternately (each answered with the panel).
    let mut edits = Vec::new();
    for k in 0..40 {
        let v = server.version();
        let body = if k % 2 == 0 {
            json!({"version": v, "action": "assign", "units": units, "cpts": target})
        } else {
            json!({"version": v})
        };
        let path = if k % 2 == 0 { "/api/edit" } else { "/api/undo" };
        let ((status, _), ms) = timed(|| server.post(path, &body));
        assert_eq!(status, 200);
        edits.push(ms);
    }
    let _ = server.request("GET", view, b"", &[]);
    let views: Vec<f64> = (0..30)
        .map(|_| timed(|| server.request("GET", view, b"", &[])).1)
        .collect();
    let (_, view_bytes) = server.request("GET", view, b"", &[]);
    // 200 requests at once, from 200 threads: state, zones, a map view in turn.
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(200));
    let (latencies, wall) = timed(|| {
        let handles: Vec<_> = (0..200)
            .map(|k| {
                let client = server.client.clone();
                let barrier = barrier.clone();
                let path = ["/api/state", "/api/zones", view][k % 3].to_string();
                std::thread::spawn(move || {
                    barrier.wait();
                    let ((status, _), ms) = timed(|| client.request("GET", &path, b"", &[]));
                    assert_eq!(status, 200, "{path}");
                    ms
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect::<Vec<f64>>()
    });
    let (e50, e95, _) = quantiles(edits);
    let (v50, v95, _) = quantiles(views);
    let (c50, c95, cmax) = quantiles(latencies);
    println!(
        "{name}: ready {ready_ms:.0} ms | edit of {} communes: median {e50:.1} ms, p95 {e95:.1} ms | map view ({} kB): median {v50:.1} ms, p95 {v95:.1} ms | 200 concurrent: p50 {c50:.1} ms, p95 {c95:.1} ms, max {cmax:.1} ms, all in {wall:.0} ms",
        units.len(),
        view_bytes.len() / 1024
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs it once with no argument
    // and is skipped (it is a measurement, not a test).
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let Some(data) = data_dir() else {
        eprintln!("SKIPPED: no real data (set ZB_SHARED_DATA)");
        return;
    };
    let path = |p: &str| data.join(p).display().to_string();
    let communes = std::env::var("ZB_SERVE_COMMUNES")
        .unwrap_or_else(|_| path("france/communes-2026.geojson.gz"));
    let paca: Vec<String> = vec![
        "--communes".into(),
        communes.clone(),
        "--cpts".into(),
        path("paca/cpts-paca-2026-01.csv"),
        "--cpts-column".into(),
        "commune_code=code_insee_source".into(),
        "--default-stage".into(),
        "aci".into(),
        "--region".into(),
        "93".into(),
    ];
    case(
        "region 93 (PACA listing)",
        &paca,
        "/api/map?bbox=4.2,42.9,7.8,45.2&zoom=8",
    );
    let national: Vec<String> = vec![
        "--communes".into(),
        communes,
        "--cpts".into(),
        path("scenarios/france-dev.csv"),
    ];
    case(
        "national (scenario)",
        &national,
        "/api/map?bbox=-5.5,41.2,10,51.2&zoom=6",
    );
}
