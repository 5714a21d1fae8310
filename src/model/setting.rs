//! The settings of a run, as the library names them in its messages. A message never names a
//! command-line flag: it names a [`Setting`], and each shell shows it in its own words (the
//! command line as `--code-field`, a script as `code_field`); [`crate::Error::render`] does
//! the naming.

use std::fmt;

/// Where a setting begins and ends inside a message (private-use characters: no input text
/// holds them, so a shell finds exactly the settings the library wrote).
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

macro_rules! settings {
    ($($variant:ident => $name:literal, $doc:literal;)*) => {
        /// A setting of a run: an [`crate::Inputs`] field, an option of a command or of the
        /// export. Its [`Setting::name`] is the snake_case name scripts use.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Setting {
            $(#[doc = $doc] $variant,)*
        }

        impl Setting {
            /// Every setting.
            pub const ALL: &'static [Setting] = &[$(Setting::$variant,)*];

            /// The snake_case name: `code_field`, `min_stage`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Setting::$variant => $name,)*
                }
            }
        }
    };
}

settings! {
    Communes => "communes", "The commune layer ([`crate::Inputs::communes`]).";
    CommunesLayer => "communes_layer", "The feature layer of a GeoPackage commune layer.";
    Crs => "crs", "The CRS of the commune layer (`EPSG:2154`).";
    CodeField => "code_field", "The layer property holding the commune code.";
    NameField => "name_field", "The layer property holding the commune name.";
    PopulationField => "population_field", "The layer property holding the population.";
    Population => "population", "An INSEE-style population table.";
    Groups => "groups", "A table of unit groups (bassins de vie, territoires de santé).";
    Cog => "cog", "The COG reference.";
    Cpts => "cpts", "The CPTS listing or CPTS polygons.";
    CptsColumn => "cpts_column", "A listing field mapped to a header (`commune_code=HEADER`).";
    Sheet => "sheet", "The worksheet of an XLSX listing.";
    HeaderRow => "header_row", "The row of the listing's header.";
    StageMap => "stage_map", "A stage label read as a stage (`LABEL=STAGE`).";
    StageMapFile => "stage_map_file", "A table of stage labels.";
    DefaultStage => "default_stage", "The stage of rows without one.";
    AsOf => "as_of", "The date of the situation (S3).";
    StalledMonths => "stalled_months", "The months after which a CPTS is stalled (S10).";
    Region => "region", "A région of the reporting area (S7).";
    Departement => "departement", "A département of the reporting area (S7).";
    MinOverlap => "min_overlap", "The share of a unit a CPTS polygon must cover (S2).";
    MinStage => "min_stage", "The stage from which a unit counts as covered (S3).";
    Flows => "flows", "The flow table of the options.";
    Msp => "msp", "The MSP table of the options.";
    Weights => "weights", "The option weights (TOML).";
    Decisions => "decisions", "The task force's decisions (S8).";
    Indicators => "indicators", "A table of indicators per commune.";
    Priority => "priority", "The indicator zones are ranked by in the report.";
    Professionals => "professionals", "The indicator counting professionals per commune.";
    Register => "register", "The task force's register of the zones.";
    Dates => "dates", "The dates of a series (S10).";
    From => "from", "The first date of a series.";
    To => "to", "The last date of a series.";
    Every => "every", "The step of a series.";
    Out => "out", "The output folder or file.";
    Format => "format", "The table formats of the outputs.";
    Lang => "lang", "The language of the sentences.";
    Layer => "layer", "The layers of a map.";
    Width => "width", "The width of a map in pixels.";
}

impl Setting {
    fn from_name(name: &str) -> Option<Setting> {
        Setting::ALL.iter().copied().find(|s| s.name() == name)
    }
}

/// In a message, a setting is written marked, to be named by the shell that shows it.
impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{OPEN}{}{CLOSE}", self.name())
    }
}

/// `text` with every marked setting named by `name`.
pub fn name_settings(text: &str, name: &dyn Fn(Setting) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len_utf8()..];
        match after.find(CLOSE) {
            Some(end) => {
                let word = &after[..end];
                match Setting::from_name(word) {
                    Some(setting) => out.push_str(&name(setting)),
                    None => out.push_str(word),
                }
                rest = &after[end + CLOSE.len_utf8()..];
            }
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// How the library names a setting when no shell does: `` `code_field` ``.
pub fn library_name(setting: Setting) -> String {
    format!("`{}`", setting.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_setting_is_named_by_the_shell() {
        let text = format!("name it with {}; see {}", Setting::CodeField, Setting::Crs);
        assert_eq!(
            name_settings(&text, &library_name),
            "name it with `code_field`; see `crs`"
        );
        let flag = |s: Setting| format!("--{}", s.name().replace('_', "-"));
        assert_eq!(
            name_settings(&text, &flag),
            "name it with --code-field; see --crs"
        );
        assert_eq!(name_settings("no setting", &flag), "no setting");
    }
}
