//! `serve`: the planning table — the plan of the inputs of `analyze`, served on loopback as
//! an offline map page and a JSON API where a task force assigns communes (S8).

use super::args::{EvidenceArgs, InputArgs};
use super::parse;
use super::progress::Spinner;
use crate::serve::{Settings, load};
use crate::{Error, Lang};
use clap::Args;
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    /// The decisions file (S8): read when it exists, then rewritten (atomically, as CSV)
    /// after every edit. An XLSX is read and its edits saved beside it as .csv.
    #[arg(long, value_name = "FILE", default_value = "decisions.csv")]
    pub decisions: PathBuf,
    /// Where "exporter" writes the files of `analyze --decisions` (report included).
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Address to listen on. Anything but loopback needs --token.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Port (0: any free port; the address is printed).
    #[arg(long, value_name = "PORT", default_value = "8642")]
    pub port: u16,
    /// Bearer token every API request must carry (`Authorization: Bearer TOKEN`; the page
    /// takes it from its address: http://HOST:PORT/#token=TOKEN).
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Language of the page and of the reasons: fr (default) or en.
    #[arg(long, value_name = "LANG", default_value = "fr", value_parser = parse::lang)]
    pub lang: Lang,
    /// Threads answering requests.
    #[arg(long, value_name = "N", default_value = "4")]
    pub workers: usize,
    /// Load, plan, bind, print the address, then exit (scripts, benchmarks).
    #[arg(long)]
    pub check: bool,
    /// Print nothing but the address and errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Load, then answer until killed.
pub fn run(args: &ServeArgs) -> Result<(), Error> {
    let spinner = Spinner::start("zones-blanches serve", args.quiet);
    let inputs = args.evidence.apply(args.inputs.to_inputs()?);
    let settings = Settings {
        bind: args.bind,
        port: args.port,
        token: args.token.clone(),
        decisions: args.decisions.clone(),
        out: args.out.clone(),
        lang: args.lang,
        workers: args.workers,
    };
    let ready = spinner.time("load + plan", || {
        load(inputs, args.evidence.min_stage, &settings, &spinner)
    })?;
    spinner.finish();
    if args.token.is_some() && !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {} beyond this machine; every API request must carry the token",
            ready.address
        );
    }
    let fr = args.lang == Lang::Fr;
    println!(
        "{} http://{}/",
        if fr {
            "Table de planification :"
        } else {
            "Planning table:"
        },
        ready.address
    );
    if !args.quiet {
        println!(
            "{} {} ({} {})",
            if fr {
                "Décisions enregistrées dans"
            } else {
                "Decisions saved to"
            },
            ready.decisions_path().display(),
            ready.rows,
            if fr {
                "lignes au départ"
            } else {
                "rows to start with"
            }
        );
    }
    if args.check {
        return Ok(());
    }
    ready.serve();
    Ok(())
}
