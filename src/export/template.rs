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
