//! Criterion benchmarks of the planning table's engine step: `PlanRun::replan` after an edit of
//! 10 communes (decisions read, options, plan, figures, funding, findings), on the national
//! scenario for the région Provence-Alpes-Côte d'Azur and for all of France. The HTTP round
//! trip (panel JSON and the atomic save included) is measured by `benches/serve_load.rs`.
//! Run: `cargo bench --bench planning_table`.

#[path = "data.rs"]
mod data;
use data::data_dir;

use criterion::{Criterion, criterion_group, criterion_main};
use zones_blanches::{Inputs, PlanRun, Source, Stage, run_plan};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Ten units of the largest zones, each assigned where the plan puts it now — the edit a
/// meeting makes most (validating the plan commune by commune) — as an S8 file.
fn ten_decisions(run: &PlanRun) -> Source {
    let units = &run.zoning.coverage.territory.units;
    let mut csv = String::from("unit,cpts,decision\n");
    let mut n = 0;
    'zones: for zone in run.zoning.zones.iter() {
        for &u in &zone.units {
            if let Some(t) = run.plan.target_of[u] {
                let target = &run.plan.targets[t];
                let cpts = match target.kind {
                    zones_blanches::parts::TargetKind::Existing(_) => target.id.clone(),
                    zones_blanches::parts::TargetKind::New { .. } => format!("new:{}", target.name),
                };
                csv.push_str(&format!("{},{},assign\n", units[u].code, cpts));
                n += 1;
                if n == 10 {
                    break 'zones;
                }
            }
        }
    }
    Source::memory("decisions.csv", csv)
}

fn benches(c: &mut Criterion) {
    let Some(data) = data_dir() else {
        eprintln!("SKIPPED: no real data (set ZB_SHARED_DATA)");
        return;
    };
    let mut group = c.benchmark_group("planning_table");
    group.sample_size(20);
    for (name, region) in [("region_93", Some("93")), ("national", None)] {
        let mut inputs = Inputs::new(Source::File(data.join("scenarios/france-dev.csv")));
        inputs.communes = Some(Source::File(data.join("france/communes-2026.geojson.gz")));
        inputs.regions = region.map(String::from).into_iter().collect();
        let mut run = run_plan(&inputs, Stage::Li).expect("plan");
        let ten = ten_decisions(&run);
        let mut toggle = false;
        // Each iteration is an edit: ten decisions on, then off (undo), alternately.
        group.bench_function(format!("replan_after_edit_of_10_{name}"), |b| {
            b.iter(|| {
                toggle = !toggle;
                run.replan(toggle.then_some(&ten)).expect("replan");
            })
        });
    }
    group.finish();
}

criterion_group!(planning_table, benches);
criterion_main!(planning_table);
