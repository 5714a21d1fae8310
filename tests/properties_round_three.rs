//! Property tests of issue 27: a prepared territory mutated and forged (its checksums
//! recomputed) never panics a run nor gives a figure a layer would refuse; a decisions file of
//! any mix of repeated and contradictory rows is one decision per row kind, or an error when
//! two rows contradict each other; a stage map is refused exactly when one label is mapped to
//! two stages.

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use zones_blanches::parts::StageMap;
use zones_blanches::{
    Inputs, PrepareInputs, Silent, Source, Stage, prepare, run_coverage, run_plan,
};

/// The demo's prepared territory, built once.
fn demo_zbt() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let demo = Inputs::demo();
        let mut inputs = PrepareInputs::new(demo.communes.clone().unwrap());
        inputs.cog = demo.cog.clone();
        prepare(&inputs, &Silent).unwrap().to_bytes()
    })
}

/// The header of a `.zbt`: the CRC-32 and length of its front section, then of its polygons.
const HEADER_BYTES: usize = 36;

/// Recompute the two checksums of an edited file, as a forger would.
fn recompute_checksums(bytes: &mut [u8]) {
    let read_u64 = |b: &[u8], at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
    let front_len = read_u64(bytes, 16) as usize;
    let polygons_len = read_u64(bytes, 28) as usize;
    if HEADER_BYTES + front_len + polygons_len != bytes.len() {
        return;
    }
    let crc = |part: &[u8]| {
        let mut crc = flate2::Crc::new();
        crc.update(part);
        crc.sum()
    };
    let front = crc(&bytes[HEADER_BYTES..HEADER_BYTES + front_len]);
    let polygons = crc(&bytes[HEADER_BYTES + front_len..]);
    bytes[12..16].copy_from_slice(&front.to_le_bytes());
    bytes[24..28].copy_from_slice(&polygons.to_le_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Bytes changed anywhere after the header (most land in the polygons), checksums
    /// recomputed: an error, or figures a layer could give — every population within a
    /// commune's bounds, every coordinate finite, no more covered than inhabitants.
    #[test]
    fn a_forged_prepared_territory_never_gives_a_refused_figure(
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..6),
        in_front in any::<bool>(),
    ) {
        let mut bytes = demo_zbt().to_vec();
        let front_len = u64::from_le_bytes(bytes[16..24].try_into().unwrap()) as usize;
        let (start, end) = if in_front {
            (HEADER_BYTES, HEADER_BYTES + front_len)
        } else {
            (HEADER_BYTES + front_len, bytes.len())
        };
        for (at, byte) in edits {
            bytes[start + at.index(end - start)] = byte;
        }
        recompute_checksums(&mut bytes);
        let mut inputs = Inputs::demo();
        inputs.communes = Some(Source::memory("forged.zbt", bytes));
        if let Ok(run) = run_coverage(&inputs) {
            for unit in &run.territory.units {
                prop_assert!(unit.population <= 10_000_000, "{}", unit.code);
                if let Some(g) = &unit.geometry {
                    use geo::CoordsIter;
                    prop_assert!(g.coords_iter().all(|c| c.x.is_finite() && c.y.is_finite()));
                }
            }
            let t = &run.scopes.france;
            let parts = [t.aci, t.ps, t.li, t.preprojet, t.none];
            let sum = parts.iter().try_fold(0u64, |a, &b| a.checked_add(b));
            prop_assert_eq!(sum, Some(t.total), "the stages add up to the population");
        }
    }
}

/// One row of a generated decisions file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    unit: &'static str,
    target: &'static str,
    assign: bool,
}

fn row() -> impl Strategy<Value = Row> {
    (
        prop::sample::select(vec!["99253", "99254", "99255", "99005", "99006"]),
        prop::sample::select(vec!["DEMO-07", "DEMO-03", "new:Alpha", "new:Beta"]),
        any::<bool>(),
    )
        .prop_map(|(unit, target, assign)| Row {
            unit,
            target,
            // A forbid names an existing CPTS.
            assign: assign || target.starts_with("new:"),
        })
}

/// Whether two rows contradict each other: one unit assigned to two targets, or assigned to
/// a CPTS and forbidden it.
fn contradictory(rows: &[Row]) -> bool {
    let mut assigned: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut forbidden = BTreeSet::new();
    for r in rows {
        if r.assign {
            assigned.entry(r.unit).or_default().insert(r.target);
        } else {
            forbidden.insert((r.unit, r.target));
        }
    }
    assigned.iter().any(|(unit, targets)| {
        targets.len() > 1 || targets.iter().any(|t| forbidden.contains(&(*unit, *t)))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    /// S8: an error naming two rows exactly when two rows contradict each other; otherwise each
    /// distinct row counts once (the repeats are listed), and every target of the plan holds
    /// its population before plus its added units, each unit once.
    #[test]
    fn repeated_decisions_count_once_and_contradictions_are_errors(
        rows in proptest::collection::vec(row(), 1..12),
    ) {
        let mut text = String::from("unit;cpts;decision\n");
        for r in &rows {
            let decision = if r.assign { "assign" } else { "forbid" };
            text.push_str(&format!("{};{};{decision}\n", r.unit, r.target));
        }
        let mut inputs = Inputs::demo();
        inputs.decisions = Some(Source::memory("decisions.csv", text.clone()));
        match run_plan(&inputs, Stage::Li) {
            Err(e) => {
                let message = e.to_string();
                prop_assert!(contradictory(&rows), "refused: {message}\n{text}");
                prop_assert!(message.contains("contradict each other"), "{message}");
                prop_assert!(message.starts_with("decisions.csv: rows "), "{message}");
            }
            Ok(run) => {
                prop_assert!(!contradictory(&rows), "accepted:\n{text}");
                let distinct: BTreeSet<&Row> = rows.iter().collect();
                let decisions = run.decisions.as_ref().unwrap();
                prop_assert_eq!(decisions.repeated.len(), rows.len() - distinct.len());
                let territory = &run.zoning.coverage.territory;
                let mut placed = BTreeSet::new();
                for target in &run.plan.targets {
                    // A matured project's own units are placed without adding to it (S11).
                    let added: u64 = target
                        .units_added
                        .iter()
                        .filter(|u| !target.units_before.contains(u))
                        .map(|&u| territory.units[u].population)
                        .sum();
                    prop_assert_eq!(target.population_after, target.population_before + added);
                    for &u in &target.units_added {
                        prop_assert!(placed.insert(u), "unit {} placed twice", u);
                    }
                }
            }
        }
    }
}

const LABELS: [[&str; 3]; 2] = [
    ["En attente", "en attente", "EN  ATTENTE"],
    ["Validé", "valide", "VALIDÉ."],
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A stage map is refused, naming both entries, exactly when one label (case, accents and
    /// punctuation aside) goes to two stages; otherwise every spelling reads as mapped.
    #[test]
    fn a_stage_map_is_refused_exactly_when_a_label_has_two_stages(
        entries in proptest::collection::vec((0usize..2, 0usize..3, 0usize..4), 1..8),
    ) {
        let stages = ["preprojet", "li", "ps", "aci"];
        let mut map = StageMap::default();
        let mut expected: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        let mut refused = None;
        for &(label, spelling, stage) in &entries {
            let entry = format!("{}={}", LABELS[label][spelling], stages[stage]);
            expected.entry(label).or_default().insert(stage);
            if let Err(message) = map.add_entry(&entry) {
                refused = Some(message);
                break;
            }
        }
        let conflict = expected.values().any(|s| s.len() > 1);
        match refused {
            Some(message) => {
                prop_assert!(conflict, "{}", message);
                prop_assert!(message.contains("one label, one stage"), "{}", message);
            }
            None => {
                prop_assert!(!conflict);
                for (label, stage) in expected {
                    let want = Stage::parse_label(stages[*stage.iter().next().unwrap()]);
                    for spelling in LABELS[label] {
                        prop_assert_eq!(map.stage_of(spelling), want);
                    }
                }
            }
        }
    }
}
