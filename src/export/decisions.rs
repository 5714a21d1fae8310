//! `decisions_applied.csv`: every row of the decisions file with its status (S8 amendment).

use crate::analysis::PlanRun;
use crate::model::catalogue::Lang;
use polars::prelude::*;

/// One row per row of the decisions file, in file order.
pub(crate) fn decisions_applied_frame(run: &PlanRun, lang: Lang) -> PolarsResult<DataFrame> {
    let rows = &run.decision_statuses;
    let territory = &run.zoning.coverage.territory;
    let units = &territory.units;
    df!(
        "row" => rows.iter().map(|r| r.row as u32).collect::<Vec<_>>(),
        "unit" => rows.iter().map(|r| r.unit.as_str()).collect::<Vec<_>>(),
        "cpts" => rows.iter().map(|r| r.cpts.as_str()).collect::<Vec<_>>(),
        "decision" => rows.iter().map(|r| r.decision()).collect::<Vec<_>>(),
        "status" => rows.iter().map(|r| r.status()).collect::<Vec<_>>(),
        "target_name" => rows.iter().map(|r| r.target.as_deref()).collect::<Vec<_>>(),
        "units" => rows.iter().map(|r| r.units.len() as u32).collect::<Vec<_>>(),
        "reason" => rows.iter().map(|r| r.reason(lang, territory)).collect::<Vec<_>>(),
        "hint" => rows
            .iter()
            .map(|r| {
                (!r.hint.is_empty()).then(|| {
                    r.hint
                        .iter()
                        .map(|&u| units[u].code.as_str())
                        .collect::<Vec<_>>()
                        .join(";")
                })
            })
            .collect::<Vec<_>>(),
    )
}
