//! `decisions-template.xlsx` (S8 amendment): one row per unit of the zones blanches with its
//! name, zone key, population and the plan's target, a `cpts` cell whose drop-down offers the
//! targets of that zone's options, and an empty `decision` cell. Filled in by the task force,
//! it is read back as `--decisions` (rows left without a target are skipped).

use crate::analysis::PlanRun;
use crate::model::catalogue::Lang;
use crate::plan::options::{OptionKind, new_cpts_name};
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Format, Formula, XlsxError};

/// The template's file name.
pub const TEMPLATE: &str = "decisions-template.xlsx";

/// The register template's file name.
pub const REGISTER_TEMPLATE: &str = "register-template.xlsx";

/// The headers, in English or French; `unit`/`commune`, `cpts`/`cible` and `decision` are
/// the columns `--decisions` reads.
fn headers(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::En => [
            "unit",
            "name",
            "zone_key",
            "zone_id",
            "population",
            "plan_target_id",
            "plan_target_name",
            "cpts",
            "decision",
        ],
        Lang::Fr => [
            "commune",
            "nom",
            "cle_zone",
            "zone",
            "population",
            "id_cible_du_plan",
            "cible_du_plan",
            "cible",
            "decision",
        ],
    }
}

/// The targets a zone's options offer, as the `cpts` cell takes them: existing CPTS by name,
/// new ones as `new:NAME`, each once, in option order.
fn option_targets(run: &PlanRun, z: usize) -> Vec<String> {
    let cpts = &run.zoning.coverage.listing.cpts;
    let territory = &run.zoning.coverage.territory;
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: String| {
        if !out.contains(&name) {
            out.push(name);
        }
    };
    for o in &run.options[z] {
        match o.kind {
            OptionKind::Split => o.split.iter().for_each(|p| push(cpts[p.cpts].name.clone())),
            OptionKind::Create => {
                for new in &o.new_cpts {
                    push(match new.project {
                        Some(c) => cpts[c].name.clone(),
                        None => format!("new:{}", new_cpts_name(&new.units, territory)),
                    });
                }
            }
            _ => {
                if let Some(c) = o.cpts {
                    push(cpts[c].name.clone());
                }
            }
        }
    }
    out
}

/// Build the template of a plan run.
pub(crate) fn decisions_template(run: &PlanRun, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = super::workbook::reproducible_workbook()?;
    let header = super::workbook::header_format();
    let text = Format::new().set_num_format("@");
    let input = Format::new()
        .set_background_color("FFF8DC")
        .set_num_format("@");
    let zones = &run.zoning.zones;
    let units = &run.zoning.coverage.territory.units;
    let plan = &run.plan;
    // The drop-down lists: one row per zone on a hidden sheet.
    let lists: Vec<Vec<String>> = (0..zones.len()).map(|z| option_targets(run, z)).collect();
    let sheet = workbook.add_worksheet();
    sheet.set_name(match lang {
        Lang::En => "decisions",
        Lang::Fr => "decisions",
    })?;
    for (c, h) in headers(lang).iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &header)?;
    }
    let (assign, forbid) = match lang {
        Lang::En => ("assign", "forbid"),
        Lang::Fr => ("affecter", "interdire"),
    };
    let decision = DataValidation::new()
        .allow_list_strings(&[assign, forbid])?
        .set_error_style(DataValidationErrorStyle::Warning);
    let mut r = 1u32;
    for (z, zone) in zones.iter().enumerate() {
        let first = r;
        for &u in &zone.units {
            let unit = &units[u];
            sheet.write_string_with_format(r, 0, &unit.code, &text)?;
            sheet.write_string(r, 1, &unit.name)?;
            sheet.write_string(r, 2, &zone.key)?;
            sheet.write_string(r, 3, &zone.id)?;
            sheet.write_number(r, 4, unit.population as f64)?;
            if let Some(t) = plan.target_of[u] {
                sheet.write_string(r, 5, &plan.targets[t].id)?;
                sheet.write_string(r, 6, &plan.targets[t].name)?;
            }
            sheet.write_blank(r, 7, &input)?;
            sheet.write_blank(r, 8, &input)?;
            r += 1;
        }
        if r > first && !lists[z].is_empty() {
            // Other values stay possible (a `new:NAME` of the meeting's own): a warning only.
            let last = crate::io::table::column_letters(lists[z].len() - 1);
            let range = format!("=cibles!$A${0}:${last}${0}", z + 1);
            let targets = DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .set_error_style(DataValidationErrorStyle::Warning);
            sheet.add_data_validation(first, 7, r - 1, 7, &targets)?;
        }
    }
    if r > 1 {
        sheet.add_data_validation(1, 8, r - 1, 8, &decision)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, r.saturating_sub(1).max(1), 8)?;
    for (c, width) in [10, 28, 12, 8, 11, 14, 34, 34, 12].into_iter().enumerate() {
        sheet.set_column_width(c as u16, width)?;
    }
    let hidden = workbook.add_worksheet();
    hidden.set_name("cibles")?;
    for (z, list) in lists.iter().enumerate() {
        for (c, name) in list.iter().enumerate() {
            hidden.write_string(z as u32, c as u16, name)?;
        }
    }
    hidden.set_hidden(true);
    workbook.save_to_buffer()
}

/// `register-template.xlsx`: one row per zone blanche with its key, name, population and the
/// plan's proposal, and the cells of the register to fill in (status from a drop-down, date,
/// strategy, coordinator oui/non, comment) — prefilled with the zone's current row when the
/// run read a register. Read back as `--register`; rows left without a status are skipped.
pub(crate) fn register_template(run: &PlanRun) -> Result<Vec<u8>, XlsxError> {
    use crate::inputs::register::RegisterStatus;
    let mut workbook = super::workbook::reproducible_workbook()?;
    let header = super::workbook::header_format();
    let input = Format::new().set_background_color("FFF8DC");
    let date_format = Format::new()
        .set_background_color("FFF8DC")
        .set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet();
    sheet.set_name("registre")?;
    let headers = [
        "zone",
        "id_zone",
        "nom",
        "population",
        "departements",
        "proposition_du_plan",
        "statut",
        "date",
        "strategie",
        "coordonnateur",
        "commentaire",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &header)?;
    }
    let zones = &run.zoning.zones;
    for (z, zone) in zones.iter().enumerate() {
        let r = z as u32 + 1;
        sheet.write_string(r, 0, &zone.key)?;
        sheet.write_string(r, 1, &zone.id)?;
        sheet.write_string(r, 2, &zone.name)?;
        sheet.write_number(r, 3, zone.population as f64)?;
        sheet.write_string(r, 4, zone.departements.join(", "))?;
        sheet.write_string(r, 5, run.zone_plan_text(z, Lang::Fr))?;
        let now = run.zoning.register_now(z);
        let text = |f: fn(&crate::inputs::register::RegisterEntry) -> String| now.map(f);
        sheet.write_string_with_format(
            r,
            6,
            text(|e| e.status.label().into()).unwrap_or_default(),
            &input,
        )?;
        match now.and_then(|e| e.date) {
            Some(d) => sheet.write_string_with_format(
                r,
                7,
                d.format("%Y-%m-%d").to_string(),
                &date_format,
            )?,
            None => sheet.write_blank(r, 7, &date_format)?,
        };
        sheet.write_string_with_format(
            r,
            8,
            text(|e| e.strategy.clone()).unwrap_or_default(),
            &input,
        )?;
        let coordinator = now.map_or("", |e| e.coordinator_fr());
        sheet.write_string_with_format(r, 9, coordinator, &input)?;
        sheet.write_string_with_format(
            r,
            10,
            text(|e| e.comment.clone()).unwrap_or_default(),
            &input,
        )?;
    }
    let last = zones.len() as u32;
    if last > 0 {
        let statuses = RegisterStatus::ALL.map(|s| s.label());
        let status = DataValidation::new()
            .allow_list_strings(&statuses)?
            .set_error_style(DataValidationErrorStyle::Stop);
        sheet.add_data_validation(1, 6, last, 6, &status)?;
        let yes_no = DataValidation::new()
            .allow_list_strings(&["oui", "non"])?
            .set_error_style(DataValidationErrorStyle::Stop);
        sheet.add_data_validation(1, 9, last, 9, &yes_no)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last.max(1), 10)?;
    for (c, width) in [12, 8, 28, 11, 12, 44, 18, 12, 28, 13, 40]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, width)?;
    }
    workbook.save_to_buffer()
}
