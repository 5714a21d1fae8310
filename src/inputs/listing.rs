//! CPTS listings (S2, S3): the long table of (CPTS, unit) rows read from CSV or XLSX, with
//! header aliases, stage labels, dates, and every code resolved against the territory.

use crate::error::{Error, Result};
use crate::inputs::stage_label::{LabelRule, StageMap, StageReading, read_stage_label};
use crate::io::source::Source;
use crate::io::table::{HeaderRow, RawRow, RawTable, header_key};
pub use crate::model::date::parse_date;
use crate::model::{Notice, Unresolved};
use crate::model::{Stage, clean_code};
use crate::territory::Territory;
use crate::territory::cog::{Cog, Resolution};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A logical field of the listing (S2) and the headers accepted for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    CptsId,
    CptsName,
    Stage,
    CommuneCode,
    ArrondissementCode,
    DateLi,
    DatePs,
    DateAci,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::CptsId,
        Field::CptsName,
        Field::Stage,
        Field::CommuneCode,
        Field::ArrondissementCode,
        Field::DateLi,
        Field::DatePs,
        Field::DateAci,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::CptsId => "cpts_id",
            Field::CptsName => "cpts_name",
            Field::Stage => "stage",
            Field::CommuneCode => "commune_code",
            Field::ArrondissementCode => "arrondissement_code",
            Field::DateLi => "date_li",
            Field::DatePs => "date_ps",
            Field::DateAci => "date_aci",
        }
    }

    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.as_str() == header_key(name))
    }

    /// Header aliases, compared after normalization (case, accents, punctuation).
    pub(crate) fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::CptsId => &[
                "cpts_id",
                "id_cpts",
                "code_cpts",
                "cpts_code",
                "identifiant_cpts",
                "identifiant",
                "id",
                "numero_cpts",
                "n_cpts",
                "no_cpts",
                "num_cpts",
                "n_de_la_cpts",
                "finess",
            ],
            Field::CptsName => &[
                "cpts_name",
                "cpts_nom",
                "nom_cpts",
                "nom_de_la_cpts",
                "libelle_cpts",
                "raison_sociale",
                "cpts",
                "nom",
                "name",
            ],
            Field::Stage => &[
                "stage",
                "statut",
                "etape",
                "stade",
                "maturite",
                "etat",
                "avancement",
                "etat_d_avancement",
                "niveau",
                "statut_cpts",
            ],
            Field::CommuneCode => &[
                "commune_code",
                "code_commune",
                "code_insee",
                "insee",
                "code_insee_commune",
                "insee_com",
                "codgeo",
                "depcom",
                "com",
                "code_geo",
            ],
            Field::ArrondissementCode => &[
                "arrondissement_code",
                "code_arrondissement",
                "arrondissement_municipal",
                "code_arrondissement_municipal",
                "arm",
                "code_arm",
            ],
            Field::DateLi => &[
                "date_li",
                "date_lettre_intention",
                "date_lettre_d_intention",
                "date_validation_li",
                "li_date",
            ],
            Field::DatePs => &[
                "date_ps",
                "date_projet_sante",
                "date_projet_de_sante",
                "date_validation_ps",
                "ps_date",
            ],
            Field::DateAci => &[
                "date_aci",
                "date_signature_aci",
                "date_contrat",
                "date_signature",
                "aci_date",
            ],
        }
    }
}

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
    pub id: String,
    pub name: String,
    /// Stage as listed.
    pub listed_stage: Stage,
    pub date_li: Option<NaiveDate>,
    pub date_ps: Option<NaiveDate>,
    pub date_aci: Option<NaiveDate>,
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
    pub source: String,
    pub cpts: Vec<Cpts>,
    pub rows: usize,
    pub unresolved: Vec<Unresolved>,
    pub notices: Vec<Notice>,
    /// Rows tied to at least one unit of the study area.
    pub rows_resolved: usize,
    /// Rows naming units outside the study area (counted, not lost).
    pub rows_outside_study_area: usize,
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
        let (stages, stage_notice) = read_stages(table, &columns, options)?;
        let mut builder = ListingBuilder::new(table, &columns);
        builder.stages = stages;
        builder.listing.notices.extend(stage_notice);
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

/// Read a listing table, its header found among the first rows (title rows of ARS exports
/// above it) unless `--header-row` names it.
pub(crate) fn read_listing_table(source: &Source, options: &ListingOptions) -> Result<RawTable> {
    let is_header = |names: &[String]| {
        match_fields(source.path(), "header", names, &BTreeMap::new())
            .map(|c| c.contains_key(&Field::CptsId) && c.contains_key(&Field::CommuneCode))
            .unwrap_or(false)
            || (!options.columns.is_empty()
                && match_fields(source.path(), "header", names, &options.columns).is_ok())
    };
    let header = match options.header_row {
        Some(n) => HeaderRow::At(n),
        None => HeaderRow::Detect(&is_header),
    };
    RawTable::read_with(source, options.sheet.as_deref(), header)
}

/// S7: the départements where the listing has at least one row (its coverage is known there),
/// from the codes as the reference resolves them; empty when the columns cannot be found (the
/// listing's own error comes when it is loaded).
pub(crate) fn listing_departements(
    table: &RawTable,
    options: &ListingOptions,
    cog: &Cog,
) -> BTreeSet<String> {
    let Ok(columns) = listing_columns(table, options) else {
        return BTreeSet::new();
    };
    let mut departements = BTreeSet::new();
    for row in &table.rows {
        for field in [Field::ArrondissementCode, Field::CommuneCode] {
            let code = clean_code(field_cell(row, &columns, field));
            let current = match cog.resolve(&code) {
                Resolution::Current(c) => c,
                Resolution::Former { current } => current,
                Resolution::Unknown => continue,
            };
            if let Some(unit) = cog.get(&current) {
                departements.insert(unit.departement.clone());
            }
        }
    }
    departements
}

/// The column of each field; the id and commune code columns are required, and the stage
/// column unless `--default-stage` is given.
pub(crate) fn listing_columns(
    table: &RawTable,
    options: &ListingOptions,
) -> Result<BTreeMap<Field, usize>> {
    let path = &table.path;
    let location = table.header_location();
    let columns = match_fields(path, &location, &table.headers, &options.columns)?;
    let missing = |field: Field, hint: &str| {
        Error::input(
            path,
            &location,
            format!(
                "no column for `{}` ({hint}); columns are: {}{}",
                field.as_str(),
                table.headers.join(", "),
                if options.header_row.is_none() {
                    " (no row among the first 30 has both a CPTS id and a commune code column; if the header is below title rows, --header-row N names it)"
                } else {
                    ""
                }
            ),
        )
    };
    if !columns.contains_key(&Field::CptsId) {
        return Err(missing(
            Field::CptsId,
            "name it with --cpts-column cpts_id=HEADER",
        ));
    }
    if !columns.contains_key(&Field::CommuneCode) {
        return Err(missing(
            Field::CommuneCode,
            "name it with --cpts-column commune_code=HEADER",
        ));
    }
    if !columns.contains_key(&Field::Stage) && options.default_stage.is_none() {
        return Err(missing(
            Field::Stage,
            "name it with --cpts-column stage=HEADER, or give --default-stage for a listing without stages",
        ));
    }
    Ok(columns)
}

/// The cell of `field` in `row` (empty when the listing has no such column).
fn field_cell<'r>(row: &'r RawRow, columns: &BTreeMap<Field, usize>, field: Field) -> &'r str {
    columns
        .get(&field)
        .map(|&c| RawTable::cell(row, c))
        .unwrap_or("")
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
                self.outside[index].insert(code);
            }
            RowTarget::Unresolved(value, reason) => listing.unresolved.push(Unresolved {
                file: listing.source.clone(),
                row: row.row,
                value,
                reason,
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

/// Map each listing field to one of `names` (a table's headers or a layer's properties): the
/// user's `--cpts-column` choice first (it must exist), else the first alias found, compared
/// after normalization. A name serves one field only: explicit choices win over aliases.
pub(crate) fn match_fields(
    path: &std::path::Path,
    location: &str,
    names: &[String],
    overrides: &BTreeMap<Field, String>,
) -> Result<BTreeMap<Field, usize>> {
    let keys: Vec<String> = names.iter().map(|n| header_key(n)).collect();
    let position = |wanted: &str| keys.iter().position(|k| *k == header_key(wanted));
    let mut columns: BTreeMap<Field, usize> = BTreeMap::new();
    for field in Field::ALL {
        let found = match overrides.get(&field) {
            Some(name) => Some(position(name).ok_or_else(|| {
                Error::input(
                    path,
                    location,
                    format!(
                        "no column `{name}` for field `{}`; columns are: {}",
                        field.as_str(),
                        names.join(", ")
                    ),
                )
            })?),
            None => field.aliases().iter().find_map(|a| position(a)),
        };
        if let Some(c) = found {
            columns.insert(field, c);
        }
    }
    for field in [Field::CptsName, Field::ArrondissementCode] {
        if let (Some(&a), false) = (columns.get(&field), overrides.contains_key(&field))
            && columns.iter().any(|(f, &c)| *f != field && c == a)
        {
            columns.remove(&field);
        }
    }
    Ok(columns)
}

/// S3 with `--as-of`: the highest stage whose date is ≤ the date, capped by the listed stage;
/// a CPTS with no date on or before the date does not exist yet.
pub(crate) fn stage_at(cpts: &Cpts, as_of: Option<NaiveDate>) -> Option<Stage> {
    let Some(date) = as_of else {
        return Some(cpts.listed_stage);
    };
    if cpts.date_li.is_some_and(|d| d > date) {
        return None;
    }
    let reached = [
        (Stage::Aci, cpts.date_aci),
        (Stage::Ps, cpts.date_ps),
        (Stage::Li, cpts.date_li),
    ]
    .into_iter()
    .find(|(_, d)| d.is_some_and(|d| d <= date))
    .map(|(s, _)| s)?;
    Some(reached.min(cpts.listed_stage))
}

enum RowTarget {
    /// Units of the territory, and the (former, current) pair when a former code was resolved.
    Units(Vec<usize>, Option<(String, String)>),
    /// A unit of the reference outside the study area (its code).
    Outside(String),
    Unresolved(String, String),
}

/// S1/S2: resolve one row's commune (and optional arrondissement) code to units.
fn resolve_row(
    raw_code: &str,
    raw_arrondissement: &str,
    territory: &Territory,
    cog: &Cog,
) -> RowTarget {
    let code = clean_code(raw_code);
    let arrondissement = clean_code(raw_arrondissement);
    if code.is_empty() && arrondissement.is_empty() {
        return RowTarget::Unresolved(String::new(), "empty commune code".into());
    }
    // An arrondissement code, when given, is the most precise information of the row.
    if !arrondissement.is_empty() {
        let city = cog.get(&arrondissement).and_then(|u| u.city.clone());
        match city {
            Some(city) if code.is_empty() || code == city || code == arrondissement => {
                return unit_or_city(&arrondissement, &city, territory, None);
            }
            Some(city) => {
                return RowTarget::Unresolved(
                    format!("{raw_code}/{raw_arrondissement}"),
                    format!("arrondissement {arrondissement} belongs to {city}, not to {code}"),
                );
            }
            None => {
                return RowTarget::Unresolved(
                    raw_arrondissement.to_string(),
                    "unknown arrondissement code".into(),
                );
            }
        }
    }
    let (current, former) = match cog.resolve(&code) {
        Resolution::Current(c) => (c, None),
        Resolution::Former { current } => (current.clone(), Some((code.clone(), current))),
        Resolution::Unknown => {
            // A unit of the layer that the COG does not know (kept by the territory).
            return match territory.position(&code) {
                Some(i) => RowTarget::Units(vec![i], None),
                None => RowTarget::Unresolved(raw_code.to_string(), "unknown commune code".into()),
            };
        }
    };
    if let Some(city) = cog.get(&current).and_then(|u| u.city.clone()) {
        return unit_or_city(&current, &city, territory, former);
    }
    if territory.split_cities.contains(&current) {
        // S2: a city code without arrondissement covers all its arrondissements.
        let units: Vec<usize> = cog
            .arrondissements_of(&current)
            .iter()
            .filter_map(|a| territory.position(a))
            .collect();
        return if units.is_empty() {
            RowTarget::Outside(current)
        } else {
            RowTarget::Units(units, former)
        };
    }
    match territory.position(&current) {
        Some(i) => RowTarget::Units(vec![i], former),
        None => RowTarget::Outside(current),
    }
}

/// An arrondissement resolves to itself when the city is split, else to the city's unit.
fn unit_or_city(
    arrondissement: &str,
    city: &str,
    territory: &Territory,
    former: Option<(String, String)>,
) -> RowTarget {
    let target = if territory.split_cities.contains(city) {
        arrondissement
    } else {
        city
    };
    match territory.position(target) {
        Some(i) => RowTarget::Units(vec![i], former),
        None => RowTarget::Outside(target.to_string()),
    }
}

/// The stage of every distinct label of the file, read once (S3 and the free-text rules of
/// `stage_label`); every unknown or empty label is reported in one error, with its count and
/// first row. The notice says how free-text labels were read.
fn read_stages(
    table: &RawTable,
    columns: &BTreeMap<Field, usize>,
    options: &ListingOptions,
) -> Result<(HashMap<String, StageReading>, Option<Notice>)> {
    let default = options.default_stage.map(|stage| StageReading {
        stage,
        date: None,
        rule: LabelRule::Canonical,
    });
    let Some(&column) = columns.get(&Field::Stage) else {
        let reading =
            default.ok_or_else(|| Error::Usage("no stage column and no --default-stage".into()))?;
        return Ok((HashMap::from([(String::new(), reading)]), None));
    };
    // label → (reading, rows, first row), in first-seen order for messages.
    let mut seen: HashMap<&str, (Option<StageReading>, usize, usize)> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for row in &table.rows {
        let label = RawTable::cell(row, column);
        let entry = seen.entry(label).or_insert_with(|| {
            order.push(label);
            let reading = if label.is_empty() {
                default
            } else {
                read_stage_label(label, &options.stage_map)
            };
            (reading, 0, row.row)
        });
        entry.1 += 1;
    }
    let unknown: Vec<String> = order
        .iter()
        .filter(|l| seen[*l].0.is_none())
        .map(|l| {
            let (_, rows, first) = seen[l];
            let shown = if l.is_empty() {
                "(empty)".to_string()
            } else {
                format!("`{l}`")
            };
            let rows = if rows == 1 {
                "1 row".to_string()
            } else {
                format!("{rows} rows")
            };
            format!("{shown} ({rows}, first row {first})")
        })
        .collect();
    if !unknown.is_empty() {
        return Err(Error::input(
            &table.path,
            format!("field `{}`", table.headers[column]),
            format!(
                "{} stage label{} not understood: {}. Map each with --stage-map 'LABEL=STAGE' (STAGE: preprojet, li, ps, aci) or --stage-map-file FILE{}; understood: pré-projet/émergence, LI/lettre d'intention (validée), PS/projet de santé (validé), ACI/contrat (signé)/en fonctionnement, and these with \"en cours\"/\"déposé(e)\" (the stage before)",
                unknown.len(),
                if unknown.len() == 1 { " is" } else { "s are" },
                unknown.join("; "),
                if seen.get("").is_some_and(|e| e.0.is_none()) {
                    ", and --default-stage for empty cells"
                } else {
                    ""
                }
            ),
        ));
    }
    let free_text: Vec<String> = order
        .iter()
        .filter_map(|l| {
            let (reading, rows, _) = seen[l];
            let reading = reading?;
            (reading.rule != LabelRule::Canonical).then(|| {
                let date = reading
                    .date
                    .map(|d| format!(" dated {d}"))
                    .unwrap_or_default();
                format!("`{l}` → {}{date} ({rows} rows)", reading.stage)
            })
        })
        .collect();
    let notice = (!free_text.is_empty()).then(|| Notice {
        kind: "stage_labels_read",
        message: format!(
            "{}: stage labels read by rule or --stage-map (S3; \"en cours\"/\"déposé\" = the stage before): {}",
            table.path.display(),
            free_text.join("; ")
        ),
    });
    let stages = seen
        .into_iter()
        .filter_map(|(label, (reading, _, _))| Some((label.to_string(), reading?)))
        .collect();
    Ok((stages, notice))
}

fn read_date(
    table: &RawTable,
    row: &RawRow,
    columns: &BTreeMap<Field, usize>,
    field: Field,
) -> Result<Option<NaiveDate>> {
    let Some(&column) = columns.get(&field) else {
        return Ok(None);
    };
    let text = RawTable::cell(row, column);
    parse_date(text).map_err(|_| {
        Error::input(
            &table.path,
            format!("row {}, field `{}`", row.row, table.headers[column]),
            format!("`{text}` is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"),
        )
    })
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
