//! `retour-dgos.xlsx`: the periodic return to the DGOS as a workbook — a summary sheet per
//! région, one row per zone blanche with the plan's strategy and the register's status, and the
//! register's calendar.

use crate::analysis::dgos::DgosReturn;
use crate::inputs::register::{RegisterEntry, RegisterStatus};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// The workbook's file name.
pub const DGOS_WORKBOOK: &str = "retour-dgos.xlsx";

fn date(entry: Option<&RegisterEntry>) -> String {
    entry
        .and_then(|e| e.date)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn headers(sheet: &mut Worksheet, names: &[&str], widths: &[f64]) -> Result<(), XlsxError> {
    let header = super::workbook::header_format();
    for (c, (name, width)) in names.iter().zip(widths).enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn summary_sheet(sheet: &mut Worksheet, r: &DgosReturn) -> Result<(), XlsxError> {
    sheet.set_name("synthese")?;
    let mut names = vec![
        "region",
        "nom",
        "population",
        "pct_couverte",
        "pct_ge_li",
        "pct_ge_ps",
        "pct_aci",
        "cpts_li",
        "cpts_ps",
        "cpts_aci",
        "zones_blanches",
        "population_zones_blanches",
    ];
    if r.with_register {
        names.extend(RegisterStatus::ALL.map(|s| s.label()));
        names.extend(["hors_registre", "coordonnateurs_finances"]);
    }
    let widths = vec![9.0; names.len()];
    headers(sheet, &names, &widths)?;
    sheet.set_column_width(1, 30)?;
    let pct = Format::new().set_num_format("0.0");
    for (i, region) in r.regions.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &region.code)?;
        sheet.write_string(row, 1, &region.name)?;
        sheet.write_number(row, 2, region.population as f64)?;
        sheet.write_number_with_format(row, 3, region.pct_covered, &pct)?;
        for (k, v) in region.pct_stages.iter().enumerate() {
            sheet.write_number_with_format(row, 4 + k as u16, *v, &pct)?;
        }
        for (k, v) in region.cpts.iter().enumerate() {
            sheet.write_number(row, 7 + k as u16, *v as f64)?;
        }
        sheet.write_number(row, 10, region.zones as f64)?;
        sheet.write_number(row, 11, region.zones_population as f64)?;
        if r.with_register {
            for (k, v) in region.by_status.iter().enumerate() {
                sheet.write_number(row, 12 + k as u16, *v as f64)?;
            }
            sheet.write_number(row, 17, region.not_in_register as f64)?;
            sheet.write_number(row, 18, region.coordinators as f64)?;
        }
    }
    Ok(())
}

fn zones_sheet(sheet: &mut Worksheet, r: &DgosReturn) -> Result<(), XlsxError> {
    sheet.set_name("zones")?;
    let names = [
        "region",
        "departements",
        "zone",
        "id_zone",
        "nom",
        "population",
        "communes",
        "mode_propose",
        "plan",
        "statut",
        "date_statut",
        "strategie",
        "coordonnateur",
        "commentaire",
        "calendrier",
    ];
    let widths = [
        8.0, 12.0, 11.0, 8.0, 26.0, 11.0, 9.0, 20.0, 60.0, 18.0, 11.0, 28.0, 13.0, 36.0, 60.0,
    ];
    headers(sheet, &names, &widths)?;
    for (i, z) in r.zones.iter().enumerate() {
        let row = i as u32 + 1;
        let e = z.register.as_ref();
        let text = [
            z.region.as_str(),
            z.departements.as_str(),
            z.key.as_str(),
            z.id.as_str(),
            z.name.as_str(),
        ];
        for (c, t) in text.iter().enumerate() {
            sheet.write_string(row, c as u16, *t)?;
        }
        sheet.write_number(row, 5, z.population as f64)?;
        sheet.write_number(row, 6, z.communes as f64)?;
        sheet.write_string(row, 7, &z.plan_mode)?;
        sheet.write_string(row, 8, &z.plan_text)?;
        sheet.write_string(row, 9, e.map_or("", |e| e.status.label()))?;
        sheet.write_string(row, 10, date(e))?;
        sheet.write_string(row, 11, e.map_or("", |e| e.strategy.as_str()))?;
        sheet.write_string(row, 12, e.map_or("", RegisterEntry::coordinator_fr))?;
        sheet.write_string(row, 13, e.map_or("", |e| e.comment.as_str()))?;
        sheet.write_string(row, 14, z.calendar_text())?;
    }
    sheet.autofilter(0, 0, r.zones.len().max(1) as u32, 14)?;
    Ok(())
}

fn calendar_sheet(sheet: &mut Worksheet, r: &DgosReturn) -> Result<(), XlsxError> {
    sheet.set_name("calendrier")?;
    let names = [
        "date",
        "zone",
        "nom",
        "statut",
        "strategie",
        "coordonnateur",
        "commentaire",
    ];
    headers(sheet, &names, &[11.0, 11.0, 26.0, 18.0, 28.0, 13.0, 40.0])?;
    let mut rows: Vec<(&RegisterEntry, &str, &str)> = r
        .zones
        .iter()
        .flat_map(|z| {
            z.calendar
                .iter()
                .map(|e| (e, z.key.as_str(), z.name.as_str()))
        })
        .collect();
    rows.sort_by_key(|(e, key, _)| (e.date, *key, e.row));
    for (i, (e, key, name)) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, date(Some(e)))?;
        sheet.write_string(row, 1, *key)?;
        sheet.write_string(row, 2, *name)?;
        sheet.write_string(row, 3, e.status.label())?;
        sheet.write_string(row, 4, &e.strategy)?;
        sheet.write_string(row, 5, e.coordinator_fr())?;
        sheet.write_string(row, 6, &e.comment)?;
    }
    Ok(())
}

/// The workbook of the return.
pub(crate) fn dgos_workbook(r: &DgosReturn) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = super::workbook::reproducible_workbook()?;
    summary_sheet(workbook.add_worksheet(), r)?;
    zones_sheet(workbook.add_worksheet(), r)?;
    if r.with_register {
        calendar_sheet(workbook.add_worksheet(), r)?;
    }
    workbook.save_to_buffer()
}
