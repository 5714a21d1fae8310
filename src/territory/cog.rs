//! The commune reference (COG): current communes and arrondissements, former codes, names of
//! départements, régions and EPCI. Resolves the codes found in listings (S1, S2).

use crate::error::{Error, Result};
use crate::io::source::{Source, decode_text};
use crate::model::{PLAN_COLLECTIVITES, UnitKind};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The COG 2026 shipped with the engine (derived from `@etalab/decoupage-administratif`).
const EMBEDDED_COMMUNES: &[u8] = include_bytes!("../../data/cog/cog-communes.csv.gz");
const EMBEDDED_DEPARTEMENTS: &str = include_str!("../../data/cog/departements.csv");
const EMBEDDED_REGIONS: &str = include_str!("../../data/cog/regions.csv");

/// One current unit of the reference: a commune actuelle or a municipal arrondissement.
#[derive(Debug, Clone)]
pub struct CogUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    /// `metro`, `drom` or `com`.
    pub zone: String,
    pub departement: String,
    pub region: String,
    pub epci: Option<String>,
    pub population: Option<u64>,
    /// For an arrondissement, the city it belongs to (75056, 69123, 13055).
    pub city: Option<String>,
}

/// How a code from a listing resolves against the reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A current commune or arrondissement.
    Current(String),
    /// A former code (merged into a commune nouvelle, or a commune déléguée/associée):
    /// `current` is the commune it now belongs to.
    Former { current: String },
    /// Not in the reference.
    Unknown,
}

/// The commune reference table.
#[derive(Debug, Clone)]
pub struct Cog {
    /// Where it came from: a path, or `None` for the embedded table.
    pub source: Option<PathBuf>,
    /// SHA-256 of the reference's text (hex), which a prepared territory records.
    pub fingerprint: String,
    units: Vec<CogUnit>,
    by_code: HashMap<String, usize>,
    former: HashMap<String, String>,
    arrondissements: BTreeMap<String, Vec<String>>,
    epci_names: HashMap<String, String>,
    departement_names: HashMap<String, String>,
    region_names: HashMap<String, String>,
}

/// The columns of the reference: the required ones, and the optional ones when present.
struct CogColumns {
    code: usize,
    kind: usize,
    departement: usize,
    region: usize,
    population: usize,
    name: Option<usize>,
    zone: Option<usize>,
    epci: Option<usize>,
    epci_name: Option<usize>,
    chef_lieu: Option<usize>,
    parent: Option<usize>,
    former: Option<usize>,
}

impl CogColumns {
    fn find(path: &Path, headers: &csv::StringRecord) -> Result<CogColumns> {
        let column = |name: &str| headers.iter().position(|h| h.trim() == name);
        let required = |name: &str| {
            column(name).ok_or_else(|| {
                Error::input(
                    path,
                    "header row",
                    format!(
                        "missing column `{name}` (expected the COG format of cog-communes-2026.csv)"
                    ),
                )
            })
        };
        Ok(CogColumns {
            code: required("code")?,
            kind: required("type")?,
            departement: required("departement")?,
            region: required("region")?,
            population: required("population_municipale")?,
            name: column("nom"),
            zone: column("zone"),
            epci: column("epci_siren"),
            epci_name: column("epci_nom"),
            chef_lieu: column("chef_lieu"),
            parent: column("commune_parent"),
            former: column("anciens_codes"),
        })
    }
}

impl Cog {
    /// The reference shipped with the engine (COG 2026).
    pub(crate) fn embedded() -> Result<Cog> {
        let path = Path::new("<embedded COG 2026>");
        let mut text = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(EMBEDDED_COMMUNES),
            &mut text,
        )
        .map_err(|e| Error::read(path, e))?;
        let (text, _) = decode_text(&text)
            .map_err(|e| Error::input(path, format!("line {}", e.line), e.to_string()))?;
        Cog::parse(path, &text, None)
    }

    /// The reference of a run: `source` (`--cog`), or the embedded COG 2026.
    pub(crate) fn load_or_embedded(source: Option<&Source>) -> Result<Cog> {
        match source {
            Some(source) => Cog::load(source),
            None => Cog::embedded(),
        }
    }

    /// Load a reference in the format of `cog-communes-2026.csv.gz` (plain or gzipped).
    pub(crate) fn load(source: &Source) -> Result<Cog> {
        let bytes = source.read()?;
        let (text, _) = decode_text(&bytes)
            .map_err(|e| Error::input(source.path(), format!("line {}", e.line), e.to_string()))?;
        Cog::parse(source.path(), &text, Some(source.path().to_path_buf()))
    }

    fn parse(path: &Path, text: &str, source: Option<PathBuf>) -> Result<Cog> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| Error::input(path, "header row", e.to_string()))?
            .clone();
        let columns = CogColumns::find(path, &headers)?;
        let mut cog = Cog {
            source,
            fingerprint: crate::io::source::sha256_hex(text.as_bytes()),
            units: Vec::new(),
            by_code: HashMap::new(),
            former: HashMap::new(),
            arrondissements: BTreeMap::new(),
            epci_names: HashMap::new(),
            departement_names: parse_names(EMBEDDED_DEPARTEMENTS),
            region_names: parse_names(EMBEDDED_REGIONS),
        };
        let mut secondary: Vec<(String, String)> = Vec::new();
        for (index, record) in reader.records().enumerate() {
            let row = index + 2;
            let record =
                record.map_err(|e| Error::input(path, format!("row {row}"), e.to_string()))?;
            cog.add_record(path, row, &record, &columns, &mut secondary)?;
        }
        cog.finish(secondary);
        if cog.units.is_empty() {
            return Err(Error::input(path, "file", "the reference has no commune"));
        }
        Ok(cog)
    }

    /// One row of the reference: a current unit, or a commune déléguée/associée kept aside.
    fn add_record(
        &mut self,
        path: &Path,
        row: usize,
        record: &csv::StringRecord,
        c: &CogColumns,
        secondary: &mut Vec<(String, String)>,
    ) -> Result<()> {
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").trim();
        let code = get(Some(c.code)).to_string();
        let kind = match get(Some(c.kind)) {
            "commune-actuelle" | "COM" => UnitKind::Commune,
            "arrondissement-municipal" | "ARM" => UnitKind::Arrondissement,
            "commune-deleguee" | "commune-associee" | "COMD" | "COMA" => {
                let parent = get(c.chef_lieu);
                if !parent.is_empty() && parent != code {
                    secondary.push((code, parent.to_string()));
                }
                return Ok(());
            }
            other => {
                return Err(Error::input(
                    path,
                    format!("row {row}, field `type`"),
                    format!("unknown unit type `{other}`"),
                ));
            }
        };
        let population = match get(Some(c.population)) {
            "" => None,
            text => Some(text.parse::<u64>().map_err(|_| {
                Error::input(
                    path,
                    format!("row {row}, field `population_municipale`"),
                    format!("`{text}` is not a whole number"),
                )
            })?),
        };
        let epci = Some(get(c.epci).to_string()).filter(|s| !s.is_empty());
        if let Some(siren) = &epci {
            let name = get(c.epci_name);
            if !name.is_empty() {
                self.epci_names
                    .entry(siren.clone())
                    .or_insert_with(|| name.to_string());
            }
        }
        let city = Some(get(c.parent).to_string()).filter(|s| !s.is_empty());
        if kind == UnitKind::Arrondissement
            && let Some(city) = &city
        {
            self.arrondissements
                .entry(city.clone())
                .or_default()
                .push(code.clone());
        }
        for former in get(c.former).split(['|', ';']).filter(|s| !s.is_empty()) {
            self.former.insert(former.trim().to_string(), code.clone());
        }
        if self.by_code.contains_key(&code) {
            return Err(Error::input(
                path,
                format!("row {row}, field `code`"),
                format!("duplicate current code `{code}`"),
            ));
        }
        self.by_code.insert(code.clone(), self.units.len());
        let departement = get(Some(c.departement)).to_string();
        // S1: an overseas collectivité of the plan belongs to no région (the COG repeats its
        // own code there).
        let region = if PLAN_COLLECTIVITES.contains(&departement.as_str()) {
            String::new()
        } else {
            get(Some(c.region)).to_string()
        };
        self.units.push(CogUnit {
            code,
            name: get(c.name).to_string(),
            kind,
            zone: get(c.zone).to_string(),
            departement,
            region,
            epci,
            population,
            city,
        });
        Ok(())
    }

    /// Former codes of communes déléguées, sorted arrondissements, and their city's EPCI.
    fn finish(&mut self, secondary: Vec<(String, String)>) {
        // Communes déléguées/associées whose code is no longer current resolve to their chef-lieu.
        for (code, parent) in secondary {
            if !self.by_code.contains_key(&code) {
                self.former.entry(code).or_insert(parent);
            }
        }
        for list in self.arrondissements.values_mut() {
            list.sort();
        }
        // Arrondissements carry no EPCI in the COG: they belong to their city's.
        for i in 0..self.units.len() {
            if self.units[i].epci.is_none()
                && let Some(city) = self.units[i].city.clone()
            {
                let epci = self.get(&city).and_then(|c| c.epci.clone());
                self.units[i].epci = epci;
            }
        }
    }

    /// The current unit with this code.
    pub fn get(&self, code: &str) -> Option<&CogUnit> {
        self.by_code.get(code).map(|&i| &self.units[i])
    }

    /// All current units (communes actuelles and arrondissements), in file order.
    pub fn units(&self) -> &[CogUnit] {
        &self.units
    }

    /// Resolve a code of a listing (S2).
    pub fn resolve(&self, code: &str) -> Resolution {
        if self.by_code.contains_key(code) {
            return Resolution::Current(code.to_string());
        }
        // A former code may itself have been merged again: follow the chain.
        let mut current = code;
        for _ in 0..8 {
            match self.former.get(current) {
                Some(next) if self.by_code.contains_key(next) => {
                    return Resolution::Former {
                        current: next.clone(),
                    };
                }
                Some(next) => current = next,
                None => break,
            }
        }
        Resolution::Unknown
    }

    /// The arrondissements of a city (75056, 69123, 13055), sorted; empty for other codes.
    pub fn arrondissements_of(&self, city: &str) -> &[String] {
        self.arrondissements
            .get(city)
            .map(|v| v.as_slice())
            .unwrap_or(&[])
    }

    /// Cities that have municipal arrondissements.
    pub fn cities_with_arrondissements(&self) -> impl Iterator<Item = &str> {
        self.arrondissements.keys().map(|s| s.as_str())
    }

    /// The name of a département.
    pub fn departement_name(&self, code: &str) -> Option<&str> {
        self.departement_names.get(code).map(|s| s.as_str())
    }

    /// The name of a région.
    pub fn region_name(&self, code: &str) -> Option<&str> {
        self.region_names.get(code).map(|s| s.as_str())
    }

    /// The name of an EPCI.
    pub fn epci_name(&self, siren: &str) -> Option<&str> {
        self.epci_names.get(siren).map(|s| s.as_str())
    }

    /// Human description of the source.
    pub fn describe(&self) -> String {
        match &self.source {
            Some(p) => p.display().to_string(),
            None => "embedded COG 2026 (@etalab/decoupage-administratif 6.0.0)".to_string(),
        }
    }
}

/// `code,nom,...` tables of names shipped in `data/cog/`.
fn parse_names(text: &str) -> HashMap<String, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .filter_map(|r| r.ok())
        .filter_map(|r| Some((r.get(0)?.to_string(), r.get(1)?.to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s2_embedded_reference_resolves_former_codes_and_arrondissements() {
        let cog = Cog::embedded().expect("embedded COG");
        assert_eq!(cog.resolve("01001"), Resolution::Current("01001".into()));
        assert_eq!(
            cog.resolve("05120"),
            Resolution::Former {
                current: "05001".into()
            }
        );
        assert_eq!(cog.resolve("99999"), Resolution::Unknown);
        assert_eq!(cog.arrondissements_of("13055").len(), 16);
        assert_eq!(cog.arrondissements_of("75056").len(), 20);
        assert_eq!(cog.arrondissements_of("69123").len(), 9);
        assert_eq!(cog.departement_name("04"), Some("Alpes-de-Haute-Provence"));
        assert_eq!(cog.region_name("93"), Some("Provence-Alpes-Côte d'Azur"));
        // Arrondissements inherit their city's EPCI.
        assert_eq!(
            cog.get("13201").and_then(|u| u.epci.clone()),
            cog.get("13055").and_then(|u| u.epci.clone())
        );
    }
}
