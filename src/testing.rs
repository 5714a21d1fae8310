//! Fixtures of the unit tests: a four-commune territory small enough to check by hand, and the
//! embedded demo run once and shared.

use crate::analysis::{PlanRun, ZonesRun, run_plan, run_zones};
use crate::inputs::Inputs;
use crate::io::source::Source;
use crate::model::Stage;
use std::sync::OnceLock;

/// Four communes of a fictional département 99 on a 2 × 2 grid of 0.1° squares:
/// 99001 (1 000 inh.) and 99002 (2 000) in the south row, 99003 (3 000) and 99004 (4 000) in
/// the north row. CPTS C1 (ACI) lists 99001; C2 (LI) lists 99001 and 99002. 99003 and 99004 are
/// covered by nobody and share their border.
pub(crate) fn grid_inputs() -> Inputs {
    let square = |x: f64, y: f64| {
        let (x0, y0) = (2.0 + 0.1 * x, 45.0 + 0.1 * y);
        format!(
            "[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]",
            x1 = x0 + 0.1,
            y1 = y0 + 0.1
        )
    };
    let cells = [
        ("99001", 0.0, 0.0),
        ("99002", 1.0, 0.0),
        ("99003", 0.0, 1.0),
        ("99004", 1.0, 1.0),
    ];
    let features: Vec<String> = cells
        .iter()
        .map(|(code, x, y)| {
            format!(
                "{{\"type\":\"Feature\",\"properties\":{{\"code\":\"{code}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{}}}}}",
                square(*x, *y)
            )
        })
        .collect();
    let layer = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{}]}}",
        features.join(",")
    );
    let mut cog = String::from(
        "code,nom,type,zone,departement,region,arrondissement,epci_siren,epci_nom,epci_type,population_municipale,chef_lieu,commune_parent,anciens_codes,siren\n",
    );
    for (i, (code, _, _)) in cells.iter().enumerate() {
        cog.push_str(&format!(
            "{code},Commune {i},commune-actuelle,metro,99,99,,299000001,CC Test,CC,{},,,,\n",
            1000 * (i + 1)
        ));
    }
    let listing = "cpts_id;cpts_name;stage;commune_code\n\
                   C1;CPTS Sud;ACI signé;99001\n\
                   C2;CPTS Large;lettre d'intention;99001\n\
                   C2;CPTS Large;lettre d'intention;99002\n";
    Inputs {
        communes: Some(Source::memory("grid.geojson", layer)),
        cog: Some(Source::memory("grid-cog.csv", cog)),
        ..Inputs::new(Source::memory("grid-listing.csv", listing))
    }
}

/// Zones of the grid below `min_stage`.
pub(crate) fn grid_zones(min_stage: Stage) -> ZonesRun {
    run_zones(&grid_inputs(), min_stage).expect("grid run")
}

/// The plan of the embedded demo (computed once for all tests).
pub(crate) fn demo_plan() -> &'static PlanRun {
    static RUN: OnceLock<PlanRun> = OnceLock::new();
    RUN.get_or_init(|| run_plan(&Inputs::demo(), Stage::Li).expect("demo run"))
}
