//! Property-based tests of the readers (issue 11): on generated and mutated input the CSV
//! listing reader, the GeoJSON reader, the Shapefile reader and a whole coverage run never
//! panic, and every data row of a listing is accounted for (read, reported or an error naming
//! its row).

mod common;
use proptest::prelude::*;
use zones_blanches::bench::{read_layer, read_listing_table};
use zones_blanches::{Inputs, Source, run_coverage};

/// The demo's commune layer (`data/demo/`, the files `Inputs::demo()` holds in memory).
fn demo_communes() -> &'static [u8] {
    include_bytes!("../data/demo/communes.geojson")
}

/// One cell of a generated listing: text an ARS export holds (letters, accents, digits, spaces,
/// apostrophes, commas), never the `;` separator or a quote.
fn cell() -> impl Strategy<Value = String> {
    "[A-Za-z0-9éèàçÉ' ,.()-]{0,12}"
}

/// A generated `;` listing: header, rows of 2..=width cells, optional BOM, CRLF, title rows
/// and blank lines. Returns the text and the 1-based line of each non-blank data row.
fn listing() -> impl Strategy<Value = (String, Vec<usize>)> {
    (
        proptest::collection::vec(proptest::collection::vec(cell(), 2..=5), 0..25),
        any::<bool>(),
        any::<bool>(),
        0usize..3,
        proptest::collection::vec(any::<bool>(), 25),
    )
        .prop_map(|(rows, crlf, bom, titles, blanks)| {
            let newline = if crlf { "\r\n" } else { "\n" };
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            let mut line = 0;
            for t in 0..titles {
                text.push_str(&format!("Suivi des CPTS, export {t}{newline}"));
                line += 1;
            }
            text.push_str(&format!(
                "cpts_id;cpts_name;stage;commune_code;note{newline}"
            ));
            line += 1;
            let mut expected = Vec::new();
            for (i, cells) in rows.iter().enumerate() {
                if blanks[i] {
                    text.push_str(newline);
                    line += 1;
                }
                text.push_str(&cells.join(";"));
                text.push_str(newline);
                line += 1;
                if cells.iter().any(|c| !c.trim().is_empty()) {
                    expected.push(line);
                }
            }
            (text, expected)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// Every non-blank data row is read, with the row number a spreadsheet shows, for LF and
    /// CRLF files, with or without BOM and title rows.
    #[test]
    fn every_listing_row_is_read_with_its_spreadsheet_row((text, expected) in listing()) {
        let (headers, rows) = read_listing_table("listing.csv", text.as_bytes()).unwrap();
        prop_assert_eq!(headers.len(), 5);
        let numbers: Vec<usize> = rows.iter().map(|r| r.0).collect();
        prop_assert_eq!(numbers, expected);
    }

    /// A quote dropped anywhere in a listing: every row is still read (a quote inside a value is
    /// a character), or the error names a row of the file.
    #[test]
    fn a_stray_quote_never_loses_rows_silently(
        (text, expected) in listing(),
        at in any::<proptest::sample::Index>(),
    ) {
        let mut chars: Vec<char> = text.chars().collect();
        let position = at.index(chars.len() + 1);
        // A quote dropped into a blank line (`; `) makes it a row holding a quote: one more.
        let line_start = chars[..position].iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
        let line_end = chars[position..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(chars.len(), |i| position + i);
        let blank_line = chars[line_start..line_end]
            .iter()
            .all(|c| c.is_whitespace() || *c == ';' || *c == '\u{feff}')
            && line_start > 0;
        chars.insert(position, '"');
        let text: String = chars.into_iter().collect();
        match read_listing_table("listing.csv", text.as_bytes()) {
            Ok((_, rows)) => prop_assert!(
                rows.len() == expected.len() || (blank_line && rows.len() == expected.len() + 1),
                "{} rows for {} expected: {}",
                rows.len(),
                expected.len(),
                text
            ),
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.contains("row ") || message.contains("header"), "{}", message);
            }
        }
    }

    /// Arbitrary bytes as a CSV or a workbook: an error or a table, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic_the_table_reader(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        xlsx in any::<bool>(),
    ) {
        let name = if xlsx { "listing.xlsx" } else { "listing.csv" };
        let _ = read_listing_table(name, &bytes);
    }

    /// Arbitrary bytes, and real GeoJSON with one byte changed: never a panic.
    #[test]
    fn mutated_geojson_never_panics(
        at in any::<proptest::sample::Index>(),
        byte in any::<u8>(),
        junk in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let mut text = demo_communes().to_vec();
        text.truncate(4000);
        let i = at.index(text.len());
        text[i] = byte;
        let _ = read_layer(&Source::memory("communes.geojson", &text));
        let _ = read_layer(&Source::memory("junk.geojson", &junk));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A whole coverage run on generated listings (demo codes, former and unknown codes, free
    /// stage labels): never a panic; when it succeeds, every row is resolved, reported
    /// unresolved, or counted outside the study area.
    #[test]
    fn every_listing_row_is_accounted_for_in_a_run(
        rows in proptest::collection::vec(
            (
                "[A-C][0-9]",
                prop_oneof![
                    Just("aci".to_string()),
                    Just("LI en cours".to_string()),
                    Just("Projet de santé validé par l'ARS".to_string()),
                    Just("Contrat ACI signé le 12/03/2022".to_string()),
                    Just("peut-être".to_string()),
                ],
                prop_oneof![
                    (1u32..=300).prop_map(|n| format!("99{n:03}")),
                    Just("99390".to_string()),
                    Just("99999".to_string()),
                    Just("04070".to_string()),
                    Just(String::new()),
                ],
            ),
            1..40,
        )
    ) {
        let mut text = String::from("cpts_id;stage;commune_code\n");
        for (id, stage, code) in &rows {
            text.push_str(&format!("{id};{stage};{code}\n"));
        }
        let mut inputs = Inputs::demo();
        inputs.cpts = Source::memory("listing.csv", text.as_bytes());
        match run_coverage(&inputs) {
            Ok(run) => {
                let l = &run.listing;
                prop_assert_eq!(l.rows, rows.len());
                prop_assert_eq!(
                    l.rows_resolved + l.unresolved.len() + l.rows_outside_study_area,
                    rows.len()
                );
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.contains("peut-être"), "{}", message);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A real Shapefile with bytes changed in its `.shp`, `.shx` or `.dbf`: an error naming a
    /// part, or features, never a panic.
    #[test]
    fn mutated_shapefiles_never_panic(
        part in 0usize..3,
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..6),
        cut in proptest::option::of(any::<proptest::sample::Index>()),
    ) {
        let Some(data) = common::shared_data("mutated_shapefiles_never_panic") else {
            return Ok(());
        };
        let source = data.join("shapefiles/toulouse-metropole-wgs84/communes");
        let dir = common::temp_dir(&format!("shp-prop-{part}"));
        for ext in ["shp", "shx", "dbf", "prj"] {
            std::fs::copy(source.with_extension(ext), dir.join("c").with_extension(ext)).unwrap();
        }
        let ext = ["shp", "shx", "dbf"][part];
        let path = dir.join("c").with_extension(ext);
        let mut bytes = std::fs::read(&path).unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Some(cut) = cut {
            let keep = cut.index(bytes.len());
            bytes.truncate(keep);
        }
        std::fs::write(&path, &bytes).unwrap();
        let _ = read_layer(&Source::from(dir.join("c.shp").as_path()));
    }
}
