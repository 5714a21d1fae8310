//! `compare`: S10, two listings or one listing at two dates, and what changed.

use super::args::{InputArgs, MinStageArgs, OutputArgs};
use super::progress::Spinner;
use super::terminal::{pct, points};
use super::{done, write_outputs};
use crate::export::compare_outputs;
use crate::{Comparison, Error, Lang, run_compare_with};
use clap::Args;

#[derive(Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub stage: MinStageArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: &CompareArgs) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches", args.output.quiet);
    let [before, after] = args.inputs.to_compare_inputs()?;
    let mut protected = before.0.files();
    protected.extend(after.0.files());
    let comparison = run_compare_with(before, after, args.stage.min_stage, &spinner)?;
    let options = args.output.options(false);
    write_outputs(&spinner, &args.output, &protected, |sink| {
        compare_outputs(&comparison, &options, sink)
    })?;
    done(spinner, &args.output, |lang| {
        compare_lines(&comparison, lang)
    });
    Ok(())
}

/// Terminal lines of a comparison: what changed, in a few lines.
pub fn compare_lines(c: &Comparison, lang: Lang) -> String {
    let w = lang.words();
    let colon = w.colon;
    let (b, a) = (&c.before, &c.after);
    let (bf, af) = (b.run.national(), a.run.national());
    let mut out = format!(
        "{} {} {} {}{colon}\n",
        w.changes_from, b.label, w.to, a.label
    );
    out.push_str(&format!(
        "  {} (≥ LI){colon} {} % → {} % ({} pts){} ACI signé{colon} {} % → {} %\n",
        w.covered,
        pct(lang, bf.pct_ge_li),
        pct(lang, af.pct_ge_li),
        points(lang, af.pct_ge_li - bf.pct_ge_li),
        w.semicolon,
        pct(lang, bf.pct_aci),
        pct(lang, af.pct_aci)
    ));
    let kinds = |m: &std::collections::BTreeMap<&str, usize>| {
        if m.is_empty() {
            w.none.to_string()
        } else {
            m.iter()
                .map(|(k, n)| format!("{n} {}", lang.change_kind(k)))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    out.push_str(&format!(
        "  CPTS{colon} {} → {} {}{} {}{colon} {}\n",
        b.run.findings.counts.cpts_existing,
        a.run.findings.counts.cpts_existing,
        w.existing,
        w.semicolon,
        w.changes,
        kinds(&c.changes.cpts_counts())
    ));
    out.push_str(&format!(
        "  {}{colon} {}\n",
        w.units_changed,
        c.changes.units.len()
    ));
    if let (Some(zb), Some(za), Some(z)) = (&b.zones, &a.zones, c.changes.zones_counts()) {
        let (zb, za) = (zb.len(), za.len());
        out.push_str(&format!(
            "  {}{colon} {zb} → {za}{} {}\n",
            w.zones_blanches,
            w.semicolon,
            kinds(&z)
        ));
    }
    out
}
