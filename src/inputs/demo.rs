//! The embedded demo: a fictional département (code 99) of 384 communes on a jittered grid,
//! its COG and a CPTS listing at every stage, generated deterministically (no shared data).

use crate::error::{Error, Result};
use crate::io::source::Source;
use std::fmt::Write as _;
use std::path::Path;

const COLUMNS: usize = 24;
const ROWS: usize = 16;
const LON0: f64 = 2.40;
const LAT0: f64 = 45.10;
const DLON: f64 = 0.05;
const DLAT: f64 = 0.035;

/// SplitMix64: a tiny deterministic generator, so the demo never depends on a crate's RNG.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A deterministic number in [-1, 1) for a key.
fn jitter(key: u64) -> f64 {
    (mix(key) >> 11) as f64 / (1u64 << 52) as f64 - 1.0
}

fn code(x: usize, y: usize) -> String {
    format!("99{:03}", y * COLUMNS + x + 1)
}

/// Grid vertex (x in 0..=COLUMNS, y in 0..=ROWS), jittered inside, straight on the outline.
fn vertex(x: usize, y: usize) -> (f64, f64) {
    let inner_x = x > 0 && x < COLUMNS;
    let inner_y = y > 0 && y < ROWS;
    let key = (y * (COLUMNS + 1) + x) as u64;
    let jx = if inner_x { 0.28 * jitter(key * 2) } else { 0.0 };
    let jy = if inner_y {
        0.28 * jitter(key * 2 + 1)
    } else {
        0.0
    };
    (LON0 + (x as f64 + jx) * DLON, LAT0 + (y as f64 + jy) * DLAT)
}

/// Midpoint of a grid edge, pushed sideways so that borders are not straight lines.
fn edge_point(a: (usize, usize), b: (usize, usize), salt: u64) -> (f64, f64) {
    let (pa, pb) = (vertex(a.0, a.1), vertex(b.0, b.1));
    let on_outline =
        (a.0 == b.0 && (a.0 == 0 || a.0 == COLUMNS)) || (a.1 == b.1 && (a.1 == 0 || a.1 == ROWS));
    let key = 1_000_000 + salt * 10_000 + (a.1 * (COLUMNS + 1) + a.0) as u64;
    let push = if on_outline { 0.0 } else { 0.18 * jitter(key) };
    let (mx, my) = ((pa.0 + pb.0) / 2.0, (pa.1 + pb.1) / 2.0);
    // Perpendicular displacement, scaled to the cell size.
    if a.1 == b.1 {
        (mx, my + push * DLAT)
    } else {
        (mx + push * DLON, my)
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Ring of cell (x, y), counter-clockwise, closed.
fn cell_ring(x: usize, y: usize) -> Vec<(f64, f64)> {
    let points = [
        vertex(x, y),
        edge_point((x, y), (x + 1, y), 0),
        vertex(x + 1, y),
        edge_point((x + 1, y), (x + 1, y + 1), 1),
        vertex(x + 1, y + 1),
        edge_point((x, y + 1), (x + 1, y + 1), 0),
        vertex(x, y + 1),
        edge_point((x, y), (x, y + 1), 1),
        vertex(x, y),
    ];
    points
        .iter()
        .map(|&(a, b)| (round6(a), round6(b)))
        .collect()
}

const FIRST: &[&str] = &[
    "Saint", "Sainte", "Le", "La", "Les", "Mont", "Val", "Château", "Font", "Beau",
];
const ROOTS: &[&str] = &[
    "Bérard",
    "Combe",
    "Fayet",
    "Genêt",
    "Issoire",
    "Lormes",
    "Marnac",
    "Noël",
    "Orcières",
    "Pélussin",
    "Quérigut",
    "Rochefort",
    "Salève",
    "Thoré",
    "Ussel",
    "Vézac",
    "Aubrac",
    "Brécy",
    "Cézallier",
    "Dôle",
];
const SUFFIX: &[&str] = &[
    "",
    "",
    "",
    "-sur-Loire",
    "-le-Haut",
    "-les-Bains",
    "-en-Forez",
    "-d'Allier",
];

fn commune_name(x: usize, y: usize) -> String {
    let k = mix((y * COLUMNS + x) as u64 + 77);
    let first = FIRST[(k % FIRST.len() as u64) as usize];
    let root = ROOTS[((k >> 8) % ROOTS.len() as u64) as usize];
    let suffix = SUFFIX[((k >> 16) % SUFFIX.len() as u64) as usize];
    format!("{first}-{root}{suffix}")
}

/// Towns: (x, y, population); other communes are villages of 120–2 900 inhabitants.
const TOWNS: &[(usize, usize, u64)] = &[
    (11, 10, 61_250),
    (3, 13, 24_310),
    (15, 13, 18_940),
    (7, 7, 12_480),
    (21, 8, 9_870),
    (2, 2, 15_620),
    (10, 1, 8_430),
    (22, 14, 11_050),
    (6, 2, 7_310),
];

fn population(x: usize, y: usize) -> u64 {
    TOWNS
        .iter()
        .find(|t| t.0 == x && t.1 == y)
        .map(|t| t.2)
        .unwrap_or_else(|| 120 + mix((y * COLUMNS + x) as u64 + 4242) % 2_780)
}

/// A CPTS of the demo: a block of cells minus holes, plus extra cells.
struct DemoCpts {
    id: &'static str,
    name: &'static str,
    stage: &'static str,
    dates: [&'static str; 3],
    block: (usize, usize, usize, usize),
    without: &'static [(usize, usize)],
    with: &'static [(usize, usize)],
}

const CPTS: &[DemoCpts] = &[
    DemoCpts {
        id: "DEMO-01",
        name: "CPTS du Val de Bérard",
        stage: "ACI signé",
        dates: ["2019-03-12", "2019-11-05", "2020-06-30"],
        block: (0, 10, 6, 16),
        without: &[(2, 12)],
        with: &[],
    },
    DemoCpts {
        id: "DEMO-02",
        name: "CPTS Marnac Centre",
        stage: "en fonctionnement",
        dates: ["2018-09-01", "2019-04-18", "2019-12-10"],
        block: (6, 10, 12, 16),
        without: &[],
        with: &[],
    },
    DemoCpts {
        id: "DEMO-03",
        name: "CPTS des Monts du Salève",
        stage: "Contrat signé",
        dates: ["2020-02-03", "2021-01-15", "2021-09-20"],
        block: (12, 11, 18, 16),
        without: &[],
        with: &[],
    },
    DemoCpts {
        id: "DEMO-04",
        name: "CPTS Thoré-Vézac",
        stage: "Projet de santé validé",
        dates: ["2023-05-10", "2024-10-02", ""],
        block: (18, 12, 24, 16),
        without: &[],
        with: &[],
    },
    DemoCpts {
        id: "DEMO-05",
        name: "CPTS Pays d'Issoire",
        stage: "PS",
        dates: ["2022-11-21", "2024-03-14", ""],
        block: (0, 5, 5, 10),
        without: &[],
        with: &[],
    },
    DemoCpts {
        id: "DEMO-06",
        name: "CPTS Genêt-Fayet",
        stage: "Lettre d'intention validée",
        dates: ["2024-06-17", "", ""],
        block: (5, 5, 10, 10),
        without: &[],
        with: &[],
    },
    DemoCpts {
        id: "DEMO-07",
        name: "CPTS Rochefort et environs",
        stage: "ACI",
        dates: ["2019-01-20", "2019-10-01", "2020-04-15"],
        block: (10, 5, 16, 10),
        without: &[],
        with: &[(11, 10)],
    },
    DemoCpts {
        id: "DEMO-08",
        name: "CPTS Lormes-Ussel",
        stage: "LI",
        dates: ["2025-02-03", "", ""],
        block: (16, 6, 20, 11),
        without: &[],
        with: &[],
    },
    DemoCpts {
        id: "DEMO-09",
        name: "CPTS Aubrac Sud",
        stage: "aci signe",
        dates: ["2020-10-05", "2021-06-01", "2022-01-12"],
        block: (0, 0, 4, 5),
        without: &[],
        with: &[],
    },
    DemoCpts {
        id: "DEMO-10",
        name: "CPTS Brécy-Cézallier",
        stage: "projet de santé",
        dates: ["2023-09-09", "2025-05-22", ""],
        block: (8, 0, 14, 4),
        without: &[],
        with: &[],
    },
    DemoCpts {
        id: "DEMO-11",
        name: "CPTS Orcières (émergence)",
        stage: "Pré-projet",
        dates: ["", "", ""],
        block: (20, 0, 24, 5),
        without: &[],
        with: &[],
    },
    DemoCpts {
        id: "DEMO-12",
        name: "CPTS Dôle-Quérigut",
        stage: "lettre d'intention",
        dates: ["2025-09-30", "", ""],
        block: (14, 0, 18, 3),
        without: &[],
        with: &[],
    },
];

/// Commune nouvelle 99050 absorbed the former commune 99390 (a former code the listing uses).
const FORMER: (&str, &str) = ("99390", "99050");
/// A code no reference knows, as real listings have.
const UNKNOWN: &str = "99999";

/// The demo files, as (file name, content): communes, COG, listing.
pub fn files() -> [(&'static str, String); 3] {
    let mut geojson =
        String::from("{\"type\":\"FeatureCollection\",\"name\":\"demo-communes\",\"features\":[\n");
    let mut cog = String::from(
        "code,nom,type,zone,departement,region,arrondissement,epci_siren,epci_nom,epci_type,population_municipale,chef_lieu,commune_parent,anciens_codes,siren\n",
    );
    let mut first = true;
    for y in 0..ROWS {
        for x in 0..COLUMNS {
            let code = code(x, y);
            let name = commune_name(x, y);
            let pop = population(x, y);
            let epci = format!("2999000{}", (x / 8) + 3 * (y / 8) + 1);
            let ring: Vec<String> = cell_ring(x, y)
                .iter()
                .map(|(a, b)| format!("[{a},{b}]"))
                .collect();
            if !first {
                geojson.push_str(",\n");
            }
            first = false;
            let _ = write!(
                geojson,
                "{{\"type\":\"Feature\",\"properties\":{{\"code\":\"{code}\",\"nom\":{},\"population\":{pop}}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{}]]}}}}",
                serde_json::Value::String(name.clone()),
                ring.join(",")
            );
            let former = if code == FORMER.1 { FORMER.0 } else { "" };
            let _ = writeln!(
                cog,
                "{code},\"{}\",commune-actuelle,metro,99,99,991,{epci},\"CC démo {}\",CC,{pop},,,{former},",
                name.replace('"', "\"\""),
                &epci[7..]
            );
        }
    }
    geojson.push_str("\n]}\n");
    let _ = writeln!(
        cog,
        "{},\"Ancienne-Commune\",commune-deleguee,metro,99,99,991,,,,,{},,,",
        FORMER.0, FORMER.1
    );

    let mut listing = String::from(
        "\u{feff}cpts_id;cpts_name;stage;commune_code;arrondissement_code;date_li;date_ps;date_aci\n",
    );
    for c in CPTS {
        let mut cells: Vec<(usize, usize)> = Vec::new();
        let (x0, y0, x1, y1) = c.block;
        for y in y0..y1 {
            for x in x0..x1 {
                if !c.without.contains(&(x, y)) {
                    cells.push((x, y));
                }
            }
        }
        cells.extend_from_slice(c.with);
        for (x, y) in cells {
            let mut commune = code(x, y);
            if commune == FORMER.1 {
                commune = FORMER.0.to_string();
            }
            let _ = writeln!(
                listing,
                "{};{};{};{commune};;{};{};{}",
                c.id, c.name, c.stage, c.dates[0], c.dates[1], c.dates[2]
            );
        }
    }
    let _ = writeln!(
        listing,
        "DEMO-02;CPTS Marnac Centre;en fonctionnement;{UNKNOWN};;2018-09-01;2019-04-18;2019-12-10"
    );
    [
        ("communes.geojson", geojson),
        ("cog.csv", cog),
        ("cpts.csv", listing),
    ]
}

/// The demo files as in-memory sources — communes, COG, listing — each named `data/demo/NAME`
/// after the copy committed in the repository (outputs name them as a run on those files would).
pub fn sources() -> [Source; 3] {
    files().map(|(name, content)| Source::memory(format!("data/demo/{name}"), content))
}

/// Write the demo files into `dir`.
pub fn write(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    for (name, content) in files() {
        crate::io::write::write_file_atomic(&dir.join(name), content.as_bytes(), &[])?;
    }
    Ok(())
}
