//! Round trip of a prepared territory and the errors of a foreign, damaged or stale file.

use super::*;
use crate::inputs::demo;
use crate::territory::MAX_UNIT_POPULATION;

fn demo_inputs() -> PrepareInputs {
    let [communes, cog, _] = demo::sources();
    PrepareInputs {
        cog: Some(cog),
        ..PrepareInputs::new(communes)
    }
}

fn demo_run_inputs() -> Inputs {
    Inputs::demo()
}

#[test]
fn a_prepared_territory_reads_back_as_it_was_written() {
    let prepared = prepare(&demo_inputs(), &crate::Silent).expect("prepare the demo");
    let bytes = prepared.to_bytes();
    let read = PreparedTerritory::from_bytes(Path::new("demo.zbt"), &bytes).expect("read back");
    assert_eq!(read.provenance, prepared.provenance);
    assert_eq!(read.metric, prepared.metric);
    assert_eq!(read.adjacency.pairs, prepared.adjacency.pairs);
    assert_eq!(read.adjacency.exact_m, prepared.adjacency.exact_m);
    let (a, b) = (&read.territory, &prepared.territory);
    assert_eq!(a.units.len(), b.units.len());
    for (x, y) in a.units.iter().zip(&b.units) {
        assert_eq!(
            (&x.code, &x.name, &x.departement, &x.region, &x.epci),
            (&y.code, &y.name, &y.departement, &y.region, &y.epci)
        );
        assert_eq!((x.population, x.kind), (y.population, y.kind));
        assert_eq!(x.geometry, y.geometry);
    }
    assert_eq!(a.notices, b.notices);
    assert_eq!(a.split_cities, b.split_cities);
    assert_eq!(a.population_source, b.population_source);
    for unit in 0..a.units.len() {
        assert_eq!(
            read.adjacency.neighbours(unit),
            prepared.adjacency.neighbours(unit)
        );
    }
    // Same inputs, same bytes.
    assert_eq!(
        prepare(&demo_inputs(), &crate::Silent).unwrap().to_bytes(),
        bytes
    );
}

#[test]
fn a_foreign_damaged_or_cut_file_is_an_error_naming_it() {
    let bytes = prepare(&demo_inputs(), &crate::Silent).unwrap().to_bytes();
    let path = Path::new("x.zbt");
    let message = |bytes: &[u8]| {
        PreparedTerritory::from_bytes(path, bytes)
            .expect_err("not readable")
            .to_string()
    };
    assert!(
        message(b"{\"type\":\"FeatureCollection\"}")
            .contains("x.zbt: header: not a prepared territory")
    );
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    assert!(
        message(&flipped).contains("damaged"),
        "{}",
        message(&flipped)
    );
    assert!(message(&bytes[..bytes.len() - 1]).contains("damaged"));
    // In the provenance (the front section): damaged too, not a JSON error.
    let mut provenance = bytes.clone();
    provenance[36 + 4 + 10] ^= 0x20;
    let said = message(&provenance);
    assert!(said.contains("x.zbt: content: damaged"), "{said}");
    let mut newer = bytes.clone();
    newer[8] = 99;
    assert!(message(&newer).contains("format 99; this zones-blanches reads format 1"));
}

#[test]
fn a_run_needs_the_same_cog_and_no_layer_options() {
    let prepared = prepare(&demo_inputs(), &crate::Silent).unwrap();
    let path = Path::new("demo.zbt");
    let inputs = demo_run_inputs();
    let cog = Cog::load(inputs.cog.as_ref().unwrap()).unwrap();
    prepared.check_run(path, &inputs, &cog).expect("same COG");
    let embedded = Cog::embedded().unwrap();
    let err = prepared
        .check_run(path, &inputs, &embedded)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("was prepared with the COG data/demo/cog.csv"),
        "{err}"
    );
    let mut with_field = demo_run_inputs();
    with_field.fields.code = Some("insee".into());
    let err = prepared
        .check_run(path, &with_field, &cog)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("`code_field` read a commune layer"),
        "{err}"
    );
}

/// A file edited after `prepare`, its checksums recomputed (what `to_bytes` does for an edited
/// territory): read with the checks of a layer, never trusted.
#[test]
fn a_forged_file_is_refused_as_a_layer_would_be() {
    let inputs = demo_run_inputs();
    let cog = Cog::load(inputs.cog.as_ref().unwrap()).unwrap();
    let path = Path::new("forged.zbt");
    let forged = |edit: &dyn Fn(&mut PreparedTerritory)| -> String {
        let mut prepared = prepare(&demo_inputs(), &crate::Silent).unwrap();
        edit(&mut prepared);
        let read = PreparedTerritory::from_bytes(path, &prepared.to_bytes());
        match read {
            Err(e) => e.to_string(),
            Ok(read) => read
                .check_run(path, &inputs, &cog)
                .expect_err("a forged file is refused")
                .to_string(),
        }
    };
    for population in [u64::MAX, 1_000_000_000_000, MAX_UNIT_POPULATION + 1] {
        let said = forged(&|p| p.territory.units[0].population = population);
        assert!(said.contains(&format!("population {population} is beyond any commune")));
        assert!(said.starts_with("forged.zbt: unit "), "{said}");
    }
    let said = forged(&|p| {
        let unit = &mut p.territory.units[1];
        unit.departement = "ZZ".into();
        p.territory.departements.insert("ZZ".into());
    });
    assert!(
        said.contains("département `ZZ` where the COG says"),
        "{said}"
    );
    let said = forged(&|p| {
        p.territory.departements.insert("ZZ".into());
    });
    assert!(
        said.contains("département `ZZ` is not in the COG"),
        "{said}"
    );
    let said = forged(&|p| {
        let geometry = p.territory.units[0].geometry.as_mut().unwrap();
        geometry.0[0].exterior_mut(|ring| ring.0[1].x = f64::NAN);
    });
    assert!(said.contains("a vertex is not a finite number"), "{said}");
    let said = forged(&|p| p.territory.units[0].code = "00000".into());
    assert!(
        said.contains("unit 00000: the code is not in the COG"),
        "{said}"
    );
    let said = forged(&|p| p.adjacency.pairs[0].shared_m = f64::INFINITY);
    assert!(said.contains("not a finite length"), "{said}");
}
