//! The columns of a listing: the logical fields (S2) and the headers accepted for each, the
//! header row found below the title rows of an ARS export, and each field matched to a column.

use super::ListingOptions;
use crate::error::{Error, Result};
use crate::io::source::Source;
use crate::io::table::{HeaderRow, RawRow, RawTable, header_key};
use crate::model::setting::Setting;
use std::collections::BTreeMap;

/// A logical field of the listing (S2) and the headers accepted for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// `cpts_id`.
    CptsId,
    /// `cpts_name`.
    CptsName,
    /// `stage`.
    Stage,
    /// `commune_code`.
    CommuneCode,
    /// `arrondissement_code`.
    ArrondissementCode,
    /// `date_li`.
    DateLi,
    /// `date_ps`.
    DatePs,
    /// `date_aci`.
    DateAci,
    /// `members`: the CPTS's member professionals (adhérents), a whole number.
    Members,
}

impl Field {
    /// Every field, in output order.
    pub const ALL: [Field; 9] = [
        Field::CptsId,
        Field::CptsName,
        Field::Stage,
        Field::CommuneCode,
        Field::ArrondissementCode,
        Field::DateLi,
        Field::DatePs,
        Field::DateAci,
        Field::Members,
    ];

    /// The field's name: `cpts_id`, `commune_code`…
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
            Field::Members => "members",
        }
    }

    /// A field by its name (any case).
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
            Field::Members => &[
                "members",
                "nb_members",
                "adherents",
                "nb_adherents",
                "nombre_adherents",
                "nombre_d_adherents",
                "membres",
                "nb_membres",
                "professionnels_adherents",
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

/// The column of each field; the id and commune code columns are required, and the stage
/// column unless `--default-stage` is given.
pub(crate) fn listing_columns(
    table: &RawTable,
    options: &ListingOptions,
) -> Result<BTreeMap<Field, usize>> {
    let path = &table.path;
    let location = table.header_location();
    let columns = match_fields(path, &location, &table.headers, &options.columns)?;
    let missing = |field: Field, hint: String| {
        Error::input(
            path,
            &location,
            format!(
                "no column for `{}` ({hint}); columns are: {}{}",
                field.as_str(),
                table.headers.join(", "),
                if options.header_row.is_none() {
                    format!(
                        " (no row among the first 30 has both a CPTS id and a commune code column; if the header is below title rows, {} N names it)",
                        Setting::HeaderRow
                    )
                } else {
                    String::new()
                }
            ),
        )
    };
    if !columns.contains_key(&Field::CptsId) {
        return Err(missing(
            Field::CptsId,
            format!("name it with {} cpts_id=HEADER", Setting::CptsColumn),
        ));
    }
    if !columns.contains_key(&Field::CommuneCode) {
        return Err(missing(
            Field::CommuneCode,
            format!("name it with {} commune_code=HEADER", Setting::CptsColumn),
        ));
    }
    if !columns.contains_key(&Field::Stage) && options.default_stage.is_none() {
        return Err(missing(
            Field::Stage,
            format!(
                "name it with {} stage=HEADER, or give {} for a listing without stages",
                Setting::CptsColumn,
                Setting::DefaultStage
            ),
        ));
    }
    Ok(columns)
}

/// A CSV row that ends before a column the run needs (the CPTS id, the commune code, the
/// stage, unless `--default-stage` fills empty ones) has lost fields: an error naming the row
/// and what it lacks, rather than an empty value read further on. Rows of a spreadsheet end
/// at their last value and are not cut.
pub(super) fn check_cut_rows(
    table: &RawTable,
    columns: &BTreeMap<Field, usize>,
    options: &ListingOptions,
) -> Result<()> {
    if table.from_sheet {
        return Ok(());
    }
    let mut needed = vec![Field::CptsId, Field::CommuneCode];
    if options.default_stage.is_none() {
        needed.push(Field::Stage);
    }
    for row in &table.rows {
        let fields = row.cells.len();
        let lost: Vec<&str> = needed
            .iter()
            .filter(|f| columns.get(f).is_some_and(|&c| c >= fields))
            .map(|f| f.as_str())
            .collect();
        if !lost.is_empty() {
            return Err(Error::input(
                &table.path,
                format!("row {}", row.row),
                format!(
                    "the row has {fields} field{} and the header {}: no {} (a row cut short, or a separator missing?)",
                    if fields == 1 { "" } else { "s" },
                    table.headers.len(),
                    lost.iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// The cell of `field` in `row` (empty when the listing has no such column).
pub(super) fn field_cell<'r>(
    row: &'r RawRow,
    columns: &BTreeMap<Field, usize>,
    field: Field,
) -> &'r str {
    columns
        .get(&field)
        .map(|&c| RawTable::cell(row, c))
        .unwrap_or("")
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
