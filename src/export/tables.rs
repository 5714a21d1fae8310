//! The tables of a run as polars frames: `coverage.csv` (S4 statistics by scope), `units.csv`,
//! `overlaps.csv`, `unresolved.csv`, `zones.csv` and `adjacency.csv`.

use crate::analysis::{CoverageRun, ZonesRun};
use crate::coverage::{Scopes, StageTotals, first_scope};
use crate::model::catalogue::Lang;
use crate::model::format::{join_ids, percent};
use crate::model::{Stage, Unresolved};
use crate::territory::Territory;
use crate::territory::cog::Cog;
use crate::time::series::{CptsAtStage, cpts_by_scope};
use crate::zones::WhiteZones;
use polars::prelude::*;
use std::collections::BTreeMap;

/// The rows of one kind of scope, named, leaving out the unknown-EPCI key `""`.
fn named<'a, T>(
    kind: &'static str,
    map: &'a BTreeMap<String, T>,
    name: impl Fn(&str) -> String + 'a,
) -> impl Iterator<Item = (&'static str, String, String, &'a T)> + 'a {
    map.iter()
        .filter(|(code, _)| !code.is_empty())
        .map(move |(code, totals)| (kind, code.clone(), name(code), totals))
}

/// A scope row: kind, code, name, figures.
pub(crate) type ScopeRow<'a, T> = (&'static str, String, String, &'a T);

/// The rows of a table by scope (S4, S7): the study area first (`france`, or `area`), then
/// régions, départements and, with `epci`, EPCI — each sorted by code and named from the COG.
pub(crate) fn scope_rows<'a, T>(
    territory: &Territory,
    cog: &'a Cog,
    scopes: &'a Scopes<T>,
    epci: bool,
) -> Vec<ScopeRow<'a, T>> {
    let region = |c: &str| {
        cog.region_name(c)
            .map(String::from)
            .unwrap_or_else(|| format!("Région {c}"))
    };
    let departement = |c: &str| {
        cog.departement_name(c)
            .map(String::from)
            .unwrap_or_else(|| format!("Département {c}"))
    };
    let epci_name = |c: &str| {
        cog.epci_name(c)
            .map(String::from)
            .unwrap_or_else(|| format!("EPCI {c}"))
    };
    let (kind, code, name) = first_scope(territory, cog);
    let mut rows: Vec<ScopeRow<'a, T>> = std::iter::once((kind, code, name, &scopes.france))
        .chain(named("region", &scopes.regions, region))
        .chain(named("departement", &scopes.departements, departement))
        .collect();
    if epci {
        rows.extend(named("epci", &scopes.epcis, epci_name));
    }
    rows
}

/// `coverage.csv` (S4): one row per scope, France first, then régions, départements and EPCI,
/// each sorted by code; population by stage and the cumulative percentages.
pub(crate) fn coverage_frame(run: &CoverageRun) -> PolarsResult<DataFrame> {
    let rows = scope_rows(&run.territory, &run.cog, &run.scopes, true);
    let totals: Vec<&StageTotals> = rows.iter().map(|r| r.3).collect();
    let mut columns = scope_columns(&rows);
    columns.extend(stage_columns(&totals));
    columns.push(Column::new(
        "units".into(),
        totals.iter().map(|t| t.units).collect::<Vec<_>>(),
    ));
    let cpts = cpts_by_scope(&run.territory, &run.listing);
    let counts: Vec<CptsAtStage> = rows.iter().map(|r| cpts_of_row(&cpts, r)).collect();
    columns.extend(cpts_columns(&counts));
    DataFrame::new_infer_height(columns)
}

/// The CPTS counts of a scope row.
pub(crate) fn cpts_of_row<T>(cpts: &Scopes<CptsAtStage>, row: &ScopeRow<'_, T>) -> CptsAtStage {
    let found = match row.0 {
        "region" => cpts.regions.get(&row.1),
        "departement" => cpts.departements.get(&row.1),
        "epci" => cpts.epcis.get(&row.1),
        _ => Some(&cpts.france),
    };
    found.copied().unwrap_or_default()
}

/// `cpts_li,cpts_ps,cpts_aci`: the number of CPTS at each stage with a unit in the scope.
pub(crate) fn cpts_columns(counts: &[CptsAtStage]) -> Vec<Column> {
    let column = |name: &str, count: fn(&CptsAtStage) -> usize| {
        let values: Vec<u32> = counts.iter().map(|c| count(c) as u32).collect();
        Column::new(name.into(), values)
    };
    vec![
        column("cpts_li", |c| c.li),
        column("cpts_ps", |c| c.ps),
        column("cpts_aci", |c| c.aci),
    ]
}

/// `scope_type,scope_code,scope_name` of scope rows.
pub(crate) fn scope_columns<T>(rows: &[ScopeRow<'_, T>]) -> Vec<Column> {
    vec![
        Column::new(
            "scope_type".into(),
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        ),
        Column::new(
            "scope_code".into(),
            rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "scope_name".into(),
            rows.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
        ),
    ]
}

/// The S4 figures of `coverage.csv`: population by best stage and the cumulative percentages.
pub(crate) fn stage_columns(totals: &[&StageTotals]) -> Vec<Column> {
    let pop = |name: &str, f: fn(&StageTotals) -> u64| {
        Column::new(name.into(), totals.iter().map(|t| f(t)).collect::<Vec<_>>())
    };
    let pct = |name: &str, stage: Stage| {
        let values: Vec<f64> = totals
            .iter()
            .map(|t| percent(t.at_least(stage), t.total))
            .collect();
        Column::new(name.into(), values)
    };
    vec![
        pop("population_total", |t| t.total),
        pop("pop_aci", |t| t.aci),
        pop("pop_ps", |t| t.ps),
        pop("pop_li", |t| t.li),
        pop("pop_preprojet", |t| t.preprojet),
        pop("pop_none", |t| t.none),
        pct("pct_ge_li", Stage::Li),
        pct("pct_ge_ps", Stage::Ps),
        pct("pct_aci", Stage::Aci),
    ]
}

/// `units.csv`: one row per unit, sorted by code; `stage` empty when no CPTS covers it.
pub(crate) fn units_frame(
    run: &CoverageRun,
    zones: Option<&WhiteZones>,
) -> PolarsResult<DataFrame> {
    let rows = reported_units(run, zones);
    let units: Vec<&crate::territory::Unit> =
        rows.iter().map(|&u| &run.territory.units[u]).collect();
    let coverage: Vec<_> = rows.iter().map(|&u| &run.cover.units[u]).collect();
    let cpts = &run.listing.cpts;
    // No CPTS → null (an empty cell in CSV), like `stage`.
    let ids: Vec<Option<String>> = coverage
        .iter()
        .map(|c| {
            (!c.cpts.is_empty()).then(|| join_ids(c.cpts.iter().map(|&i| cpts[i].id.as_str())))
        })
        .collect();
    df!(
        "code" => units.iter().map(|u| u.code.as_str()).collect::<Vec<_>>(),
        "name" => units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
        "departement" => units.iter().map(|u| u.departement.as_str()).collect::<Vec<_>>(),
        "region" => units.iter().map(|u| u.region.as_str()).collect::<Vec<_>>(),
        "epci" => units.iter().map(|u| u.epci.as_deref()).collect::<Vec<_>>(),
        "population" => units.iter().map(|u| u.population).collect::<Vec<_>>(),
        "stage" => coverage.iter().map(|c| c.stage.map(|s| s.as_str())).collect::<Vec<_>>(),
        "cpts_ids" => ids,
    )
    .and_then(|mut frame| {
        if let Some(fractions) = &run.listing.covered_fraction {
            let kept: Vec<f64> = rows.iter().map(|&u| fractions[u]).collect();
            frame.with_column(Column::new("covered_fraction".into(), kept))?;
        }
        if let Some(zones) = zones {
            let ids: Vec<Option<&str>> = rows
                .iter()
                .map(|&u| zones.zone_of[u].map(|k| zones[k].id.as_str()))
                .collect();
            let keys: Vec<Option<&str>> = rows
                .iter()
                .map(|&u| zones.zone_of[u].map(|k| zones[k].key.as_str()))
                .collect();
            frame.with_column(Column::new("zone_id".into(), ids))?;
            frame.with_column(Column::new("zone_key".into(), keys))?;
        }
        // S7: the units of a zone that lie outside the reporting area are flagged.
        if run.territory.area.is_some() {
            let outside: Vec<bool> = rows.iter().map(|&u| !run.territory.in_area(u)).collect();
            frame.with_column(Column::new("outside_area".into(), outside))?;
        }
        // S11: each unit's group, with `--groups`.
        if let Some(groups) = &run.territory.groups {
            let of: Vec<Option<(&str, &str)>> = rows.iter().map(|&u| groups.of(u)).collect();
            let ids: Vec<Option<&str>> = of.iter().map(|g| g.map(|(id, _)| id)).collect();
            let names: Vec<Option<&str>> = of.iter().map(|g| g.map(|(_, name)| name)).collect();
            frame.with_column(Column::new("group".into(), ids))?;
            frame.with_column(Column::new("group_name".into(), names))?;
        }
        Ok(frame)
    })
}

/// `zones.csv`: one row per zone blanche, largest population first (S5).
pub(crate) fn zones_frame(run: &ZonesRun) -> PolarsResult<DataFrame> {
    let territory = &run.coverage.territory;
    let units = &territory.units;
    let z = &run.zones;
    df!(
        "zone_id" => z.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
        "zone_key" => z.iter().map(|x| x.key.as_str()).collect::<Vec<_>>(),
        "population" => z.iter().map(|x| x.population).collect::<Vec<_>>(),
        "units" => z.iter().map(|x| x.units.len() as u32).collect::<Vec<_>>(),
        "area_km2" => z.iter().map(|x| x.area_km2).collect::<Vec<_>>(),
        "departements" => z.iter().map(|x| x.departements.join(";")).collect::<Vec<_>>(),
        "codes" => z.iter().map(|x| join_ids(x.units.iter().map(|&u| units[u].code.as_str()))).collect::<Vec<_>>(),
        "zone_name" => z.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
    )
    .and_then(|mut frame| {
        // S7: a zone is reported whole; its units outside the reporting area are named.
        if territory.area.is_some() {
            let outside: Vec<Option<String>> = z
                .iter()
                .map(|x| {
                    let codes = join_ids(
                        x.units
                            .iter()
                            .filter(|&&u| !territory.in_area(u))
                            .map(|&u| units[u].code.as_str()),
                    );
                    (!codes.is_empty()).then_some(codes)
                })
                .collect();
            frame.with_column(Column::new("outside_area".into(), outside))?;
        }
        Ok(frame)
    })
}

/// `adjacency.csv`: `code_a,code_b,shared_m` with code_a < code_b (and the overlap area).
pub(crate) fn adjacency_frame(run: &ZonesRun) -> PolarsResult<DataFrame> {
    let units = &run.coverage.territory.units;
    // S7: the pairs of the reported units (the area and its zones' units beyond it).
    let reported = reported_units(&run.coverage, Some(&run.zones));
    let p: Vec<&crate::adjacency::Neighbours> = run
        .adjacency
        .pairs
        .iter()
        .filter(|x| reported.binary_search(&x.a).is_ok() && reported.binary_search(&x.b).is_ok())
        .collect();
    df!(
        "code_a" => p.iter().map(|x| units[x.a].code.as_str()).collect::<Vec<_>>(),
        "code_b" => p.iter().map(|x| units[x.b].code.as_str()).collect::<Vec<_>>(),
        "shared_m" => p.iter().map(|x| x.shared_m).collect::<Vec<_>>(),
        "overlap_m2" => p.iter().map(|x| x.overlap_m2).collect::<Vec<_>>(),
    )
}

/// `overlaps.csv`: units listed by two or more CPTS, with their nature (S4).
pub(crate) fn overlaps_frame(run: &CoverageRun) -> PolarsResult<DataFrame> {
    let units = &run.territory.units;
    let cpts = &run.listing.cpts;
    let o = &run.cover.overlaps;
    df!(
        "code" => o.iter().map(|x| units[x.unit].code.as_str()).collect::<Vec<_>>(),
        "name" => o.iter().map(|x| units[x.unit].name.as_str()).collect::<Vec<_>>(),
        "departement" => o.iter().map(|x| units[x.unit].departement.as_str()).collect::<Vec<_>>(),
        "population" => o.iter().map(|x| units[x.unit].population).collect::<Vec<_>>(),
        "nature" => o.iter().map(|x| x.nature.as_str()).collect::<Vec<_>>(),
        "cpts_count" => o.iter().map(|x| x.cpts.len() as u32).collect::<Vec<_>>(),
        "cpts_ids" => o.iter().map(|x| join_ids(x.cpts.iter().map(|&i| cpts[i].id.as_str()))).collect::<Vec<_>>(),
        "cpts_names" => o.iter().map(|x| join_ids(x.cpts.iter().map(|&i| cpts[i].name.as_str()))).collect::<Vec<_>>(),
    )
}

/// `unresolved.csv`: file, row, value, reason (in `lang`).
pub(crate) fn unresolved_frame(rows: &[Unresolved], lang: Lang) -> PolarsResult<DataFrame> {
    df!(
        "file" => rows.iter().map(|r| r.file.as_str()).collect::<Vec<_>>(),
        "row" => rows.iter().map(|r| r.row as u64).collect::<Vec<_>>(),
        "value" => rows.iter().map(|r| r.value.as_str()).collect::<Vec<_>>(),
        "reason" => rows.iter().map(|r| r.reason.say(lang)).collect::<Vec<_>>(),
    )
}

/// S7: the units a run reports, by index: those of the reporting area, and the units of its
/// zones that lie outside it (every unit without a reporting area).
pub(crate) fn reported_units(run: &CoverageRun, zones: Option<&WhiteZones>) -> Vec<usize> {
    (0..run.territory.units.len())
        .filter(|&u| crate::zones::is_reported(&run.territory, zones, u))
        .collect()
}
