//! CPTS listings (S2, S3): the long table of (CPTS, unit) rows read from CSV or XLSX — its
//! columns ([`columns`]), each row's codes resolved against the territory ([`resolve`]), the
//! stage labels and dates ([`stages`]) — into the CPTS and the units each lists.

mod columns;
mod resolve;
mod stages;
mod unused;

use crate::error::{Error, Result};
use crate::inputs::stage_label::{StageMap, StageReading};
use crate::io::table::{RawRow, RawTable};
use crate::model::Stage;
pub use crate::model::date::parse_date;
use crate::model::{Notice, Unresolved};
use crate::territory::Territory;
use crate::territory::cog::Cog;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use columns::Field;
use columns::field_cell;
pub(crate) use columns::{listing_columns, match_fields, read_listing_table};
pub(crate) use resolve::listing_departements;
use resolve::{RowTarget, resolve_row};
pub(crate) use stages::stage_at;
use stages::{read_date, read_members, read_stages};

/// How to read a listing.
#[derive(Debug, Clone, Default)]
pub struct ListingOptions {
    /// `--cpts-column FIELD=HEADER` overrides.
    pub columns: BTreeMap<Field, String>,
    /// `--default-stage`: stage of rows with no stage column or an empty stage cell.
    pub default_stage: Option<Stage>,
    /// `--as-of`: stages as they were at that date (S3).
    pub as_of: Option<NaiveDate>,
    /// Worksheet of an XLSX listing.
    pub sheet: Option<String>,
    /// `--header-row N`: the header's row (found among the first rows otherwise).
    pub header_row: Option<usize>,
    /// `--stage-map`, `--stage-map-file`: labels no rule can read.
    pub stage_map: StageMap,
    /// `--stalled-months`: a CPTS at `li`/`ps` longer than this is stalled (S10; default 18).
    pub stalled_months: Option<u32>,
}

/// One CPTS of the listing.
#[derive(Debug, Clone)]
pub struct Cpts {
    /// Its id in the listing.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Stage as listed.
    pub listed_stage: Stage,
    /// Date of the validated lettre d'intention.
    pub date_li: Option<NaiveDate>,
    /// Date of the validated projet de santé.
    pub date_ps: Option<NaiveDate>,
    /// Date the ACI was signed.
    pub date_aci: Option<NaiveDate>,
    /// Its member professionals (adhérents), when the listing says (the largest figure of its
    /// rows).
    pub members: Option<u32>,
    /// Stage at the date of the analysis (S3); `None` = the CPTS does not exist yet.
    pub stage: Option<Stage>,
    /// Indices of its units in the territory, sorted.
    pub units: Vec<usize>,
    /// Rows of the listing that name it.
    pub rows: usize,
    /// S7: population of its communes outside the study area (the COG's figures): with it, a
    /// CPTS keeps its whole population in a task-force run.
    pub outside_population: u64,
    /// Départements of those communes.
    pub outside_departements: BTreeSet<String>,
}

/// A listing resolved against a territory.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The listing, as named.
    pub source: String,
    /// The CPTS, in order of first appearance.
    pub cpts: Vec<Cpts>,
    /// Data rows of the listing.
    pub rows: usize,
    /// Rows no unit could be tied to (S2).
    pub unresolved: Vec<Unresolved>,
    /// What was read by rule or repaired, for `summary.json`.
    pub notices: Vec<Notice>,
    /// Rows tied to at least one unit of the study area.
    pub rows_resolved: usize,
    /// Rows naming units outside the study area (counted, not lost).
    pub rows_outside_study_area: usize,
    /// The départements of those rows' codes (to say where the listing is, S7).
    pub departements_outside: BTreeSet<String>,
    /// Former codes resolved to their current commune: (former, current, rows).
    pub former_codes: BTreeMap<(String, String), usize>,
    /// Headers used for each field.
    pub columns_used: BTreeMap<Field, String>,
    /// Polygon route (S2): share of each unit's area covered by its best CPTS polygon.
    pub covered_fraction: Option<Vec<f64>>,
}

impl Listing {
    /// Read and resolve a listing (S2, S3).
    pub(crate) fn load(
        table: &RawTable,
        options: &ListingOptions,
        territory: &Territory,
        cog: &Cog,
    ) -> Result<Listing> {
        if table.rows.is_empty() {
            return Err(Error::input(
                &table.path,
                "file",
                "the listing has a header but no row",
            ));
        }
        let columns = listing_columns(table, options)?;
        columns::check_cut_rows(table, &columns, options)?;
        let (stages, stage_notice) = read_stages(table, &columns, options)?;
        let mut builder = ListingBuilder::new(table, &columns);
        builder.stages = stages;
        builder.listing.notices.extend(stage_notice);
        builder
            .listing
            .notices
            .extend(unused::unused_column_notices(
                table,
                &columns,
                &options.stage_map,
                cog,
            ));
        if table.title_rows > 0 {
            builder.listing.notices.push(Notice {
                kind: "listing_header_row",
                message: format!(
                    "{}: header found on row {} ({} title row{} above it skipped; --header-row N to choose another)",
                    table.path.display(),
                    table.header_row,
                    table.title_rows,
                    if table.title_rows == 1 { "" } else { "s" }
                ),
            });
        }
        for row in &table.rows {
            let index = builder.cpts_of_row(table, row, &columns)?;
            builder.resolve_row(row, &columns, index, territory, cog);
        }
        Ok(builder.finish(options, cog))
    }
}

impl Cpts {
    /// Its whole population (S7): its units of the territory and its communes beyond it.
    pub fn population(&self, territory: &Territory) -> u64 {
        self.units
            .iter()
            .map(|&u| territory.units[u].population)
            .sum::<u64>()
            + self.outside_population
    }
}

impl Listing {
    /// S3 at `date`: the stage of each CPTS (`None`: it does not exist yet). A series (S10)
    /// evaluates one resolved listing at many dates with it.
    pub fn stages_at(&self, date: NaiveDate) -> Vec<Option<Stage>> {
        self.cpts.iter().map(|c| stage_at(c, Some(date))).collect()
    }

    /// The latest date the listing records (any stage): the date of a listing that has no
    /// `--as-of`.
    pub fn latest_date(&self) -> Option<NaiveDate> {
        self.cpts
            .iter()
            .flat_map(|c| [c.date_li, c.date_ps, c.date_aci])
            .flatten()
            .max()
    }
}

/// A listing being read row by row: the CPTS by id and the units of each.
struct ListingBuilder {
    listing: Listing,
    by_id: BTreeMap<String, usize>,
    members: Vec<BTreeSet<usize>>,
    /// Codes of each CPTS's units outside the study area (S7: its whole population).
    outside: Vec<BTreeSet<String>>,
    /// CPTS whose rows disagree on stage or dates.
    inconsistent: BTreeSet<String>,
    /// Stage of each label of the file (labels repeat on every row of a CPTS).
    stages: HashMap<String, StageReading>,
}

impl ListingBuilder {
    fn new(table: &RawTable, columns: &BTreeMap<Field, usize>) -> ListingBuilder {
        ListingBuilder {
            listing: Listing {
                source: table.path.display().to_string(),
                cpts: Vec::new(),
                rows: table.rows.len(),
                unresolved: Vec::new(),
                notices: Vec::new(),
                rows_resolved: 0,
                rows_outside_study_area: 0,
                departements_outside: BTreeSet::new(),
                former_codes: BTreeMap::new(),
                columns_used: columns
                    .iter()
                    .map(|(f, &c)| (*f, table.headers[c].clone()))
                    .collect(),
                covered_fraction: None,
            },
            by_id: BTreeMap::new(),
            members: Vec::new(),
            outside: Vec::new(),
            inconsistent: BTreeSet::new(),
            stages: HashMap::new(),
        }
    }

    /// The CPTS a row names (created on its first row), its stage and dates merged in.
    fn cpts_of_row(
        &mut self,
        table: &RawTable,
        row: &RawRow,
        columns: &BTreeMap<Field, usize>,
    ) -> Result<usize> {
        let id_col = columns[&Field::CptsId];
        let id = RawTable::cell(row, id_col);
        if id.is_empty() {
            return Err(Error::input(
                &table.path,
                format!("row {}, field `{}`", row.row, table.headers[id_col]),
                "empty CPTS id",
            ));
        }
        let label = field_cell(row, columns, Field::Stage);
        let reading = self.stages[label];
        let stage = reading.stage;
        let label_date = |s: Stage| reading.date.filter(|_| reading.stage == s);
        let date_li = read_date(table, row, columns, Field::DateLi)?.or(label_date(Stage::Li));
        let date_ps = read_date(table, row, columns, Field::DatePs)?.or(label_date(Stage::Ps));
        let date_aci = read_date(table, row, columns, Field::DateAci)?.or(label_date(Stage::Aci));
        let members = read_members(table, row, columns)?;
        let cpts_list = &mut self.listing.cpts;
        let index = match self.by_id.get(id) {
            Some(&index) => index,
            None => {
                self.by_id.insert(id.to_string(), cpts_list.len());
                let name = field_cell(row, columns, Field::CptsName);
                cpts_list.push(Cpts {
                    id: id.to_string(),
                    name: if name.is_empty() { id } else { name }.to_string(),
                    listed_stage: stage,
                    date_li,
                    date_ps,
                    date_aci,
                    members,
                    stage: None,
                    units: Vec::new(),
                    rows: 0,
                    outside_population: 0,
                    outside_departements: BTreeSet::new(),
                });
                self.members.push(BTreeSet::new());
                self.outside.push(BTreeSet::new());
                cpts_list.len() - 1
            }
        };
        let cpts = &mut cpts_list[index];
        cpts.rows += 1;
        cpts.members = cpts.members.max(members);
        if stage != cpts.listed_stage
            || (date_li, date_ps, date_aci) != (cpts.date_li, cpts.date_ps, cpts.date_aci)
        {
            self.inconsistent.insert(cpts.id.clone());
            cpts.listed_stage = cpts.listed_stage.max(stage);
            cpts.date_li = cpts.date_li.or(date_li);
            cpts.date_ps = cpts.date_ps.or(date_ps);
            cpts.date_aci = cpts.date_aci.or(date_aci);
        }
        Ok(index)
    }

    /// Tie the row's code to units of the study area, count it outside, or report it.
    fn resolve_row(
        &mut self,
        row: &RawRow,
        columns: &BTreeMap<Field, usize>,
        index: usize,
        territory: &Territory,
        cog: &Cog,
    ) {
        let raw_code = field_cell(row, columns, Field::CommuneCode);
        let raw_arrondissement = field_cell(row, columns, Field::ArrondissementCode);
        let listing = &mut self.listing;
        match resolve_row(raw_code, raw_arrondissement, territory, cog) {
            RowTarget::Units(units, former) => {
                if let Some((from, to)) = former {
                    *listing.former_codes.entry((from, to)).or_default() += 1;
                }
                self.members[index].extend(units);
                listing.rows_resolved += 1;
            }
            RowTarget::Outside(code) => {
                listing.rows_outside_study_area += 1;
                listing
                    .departements_outside
                    .insert(crate::model::departement_of_code(&code).to_string());
                self.outside[index].insert(code);
            }
            RowTarget::Unresolved(value, reason) => listing.unresolved.push(Unresolved {
                file: listing.source.clone(),
                row: row.row,
                value,
                reason: reason.into(),
            }),
        }
    }

    /// Units and stage at the date of each CPTS (S3), and the notices of the listing.
    fn finish(self, options: &ListingOptions, cog: &Cog) -> Listing {
        let mut listing = self.listing;
        for ((cpts, units), outside) in listing.cpts.iter_mut().zip(self.members).zip(self.outside)
        {
            cpts.units = units.into_iter().collect();
            cpts.stage = stage_at(cpts, options.as_of);
            for code in outside {
                if let Some(unit) = cog.get(&code) {
                    cpts.outside_population += unit.population.unwrap_or(0);
                    cpts.outside_departements.insert(unit.departement.clone());
                }
            }
        }
        for id in self.inconsistent {
            listing.notices.push(Notice {
                kind: "inconsistent_cpts_rows",
                message: format!(
                    "CPTS {id}: its rows disagree on stage or dates; the highest stage and the first date of each kind are used"
                ),
            });
        }
        let file = &listing.source;
        if !listing.former_codes.is_empty() {
            let rows: usize = listing.former_codes.values().sum();
            listing.notices.push(Notice {
                kind: "former_codes_resolved",
                message: format!(
                    "{file}: {} former codes resolved to their current commune ({rows} rows): see former_codes in summary.json",
                    listing.former_codes.len()
                ),
            });
        }
        if listing.rows_outside_study_area > 0 {
            listing.notices.push(Notice {
                kind: "rows_outside_study_area",
                message: format!(
                    "{file}: {} rows name communes outside the study area",
                    listing.rows_outside_study_area
                ),
            });
        }
        listing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpts(stage: Stage, li: Option<&str>, ps: Option<&str>, aci: Option<&str>) -> Cpts {
        let d = |s: Option<&str>| s.map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        Cpts {
            id: "X".into(),
            name: "X".into(),
            listed_stage: stage,
            date_li: d(li),
            date_ps: d(ps),
            date_aci: d(aci),
            members: None,
            stage: None,
            units: vec![],
            rows: 1,
            outside_population: 0,
            outside_departements: BTreeSet::new(),
        }
    }

    #[test]
    fn s3_as_of_takes_the_highest_dated_stage() {
        let at = |s| Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        let c = cpts(
            Stage::Aci,
            Some("2020-01-01"),
            Some("2021-01-01"),
            Some("2022-01-01"),
        );
        assert_eq!(stage_at(&c, None), Some(Stage::Aci));
        assert_eq!(stage_at(&c, at("2019-12-31")), None);
        assert_eq!(stage_at(&c, at("2020-01-01")), Some(Stage::Li));
        assert_eq!(stage_at(&c, at("2021-06-01")), Some(Stage::Ps));
        assert_eq!(stage_at(&c, at("2024-01-01")), Some(Stage::Aci));
        // A préprojet has no date: it does not exist at any date.
        let p = cpts(Stage::Preprojet, None, None, None);
        assert_eq!(stage_at(&p, None), Some(Stage::Preprojet));
        assert_eq!(stage_at(&p, at("2030-01-01")), None);
        // Capped by the listed stage.
        let l = cpts(Stage::Li, Some("2020-01-01"), None, Some("2021-01-01"));
        assert_eq!(stage_at(&l, at("2024-01-01")), Some(Stage::Li));
    }
}
