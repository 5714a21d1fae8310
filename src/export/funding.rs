//! The tables of ACI funding (S9): `funding.csv` (one row per CPTS, existing then new) and
//! `funding_scopes.csv` (totals of the study area, its régions and départements).

use crate::analysis::PlanRun;
use crate::coverage::Scopes;
use crate::export::tables::scope_rows;
use crate::plan::funding::FundingTotals;
use polars::prelude::*;

/// `funding.csv`.
pub(crate) fn funding_frame(run: &PlanRun) -> PolarsResult<DataFrame> {
    let r = &run.funding.rows;
    df!(
        "cpts_id" => r.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
        "name" => r.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
        "kind" => r.iter().map(|x| x.kind).collect::<Vec<_>>(),
        "stage" => r.iter().map(|x| x.stage.map(|s| s.as_str())).collect::<Vec<_>>(),
        "population_before" => r.iter().map(|x| x.population_before).collect::<Vec<_>>(),
        "population_after" => r.iter().map(|x| x.population_after).collect::<Vec<_>>(),
        "size_class_before" => r.iter().map(|x| x.class_before().map(|c| c.as_str())).collect::<Vec<_>>(),
        "size_class_after" => r.iter().map(|x| x.class_after().as_str()).collect::<Vec<_>>(),
        "envelope_before_eur" => r.iter().map(|x| x.envelope_before).collect::<Vec<_>>(),
        "envelope_after_eur" => r.iter().map(|x| x.envelope_after).collect::<Vec<_>>(),
        "delta_eur" => r.iter().map(|x| x.delta()).collect::<Vec<_>>(),
        "basis_after" => r.iter().map(|x| x.basis_after.as_str()).collect::<Vec<_>>(),
        "departement" => r.iter().map(|x| x.departement.as_str()).collect::<Vec<_>>(),
    )
}

/// `funding_scopes.csv`: every CPTS counted once, in the département holding most of its
/// population (and that département's région); the first row is the whole study area.
pub(crate) fn funding_scopes_frame(run: &PlanRun) -> PolarsResult<DataFrame> {
    let territory = &run.zoning.coverage.territory;
    let funding = &run.funding;
    let scopes = Scopes {
        france: funding.total,
        regions: funding.regions.clone(),
        // S7: a CPTS whose home is beyond the reporting area counts in the area's total only.
        departements: funding
            .departements
            .iter()
            .filter(|(d, _)| {
                territory
                    .area
                    .as_ref()
                    .is_none_or(|a| a.departements.contains(*d))
            })
            .map(|(d, t)| (d.clone(), *t))
            .collect(),
        epcis: Default::default(),
    };
    let rows = scope_rows(territory, &run.zoning.coverage.cog, &scopes, false);
    let t: Vec<&FundingTotals> = rows.iter().map(|r| r.3).collect();
    df!(
        "scope_type" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "scope_code" => rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        "scope_name" => rows.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
        "cpts_signed" => t.iter().map(|x| x.cpts_signed as u32).collect::<Vec<_>>(),
        "cpts_funded_after" => t.iter().map(|x| x.cpts_funded_after as u32).collect::<Vec<_>>(),
        "envelope_before_eur" => t.iter().map(|x| x.envelope_before).collect::<Vec<_>>(),
        "envelope_after_eur" => t.iter().map(|x| x.envelope_after).collect::<Vec<_>>(),
        "delta_eur" => t.iter().map(|x| x.delta()).collect::<Vec<_>>(),
    )
}
