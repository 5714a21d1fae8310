//! The planning table (`zones-blanches serve`): a second shell beside the command line. It
//! loads the territory and plans once, then serves an offline map page and a JSON API on which
//! a task force assigns communes; every edit is an S8 decision re-planned by the engine and
//! saved to the decisions file before it is answered.

mod assets;
mod http;
mod openapi;
mod panel;
mod state;
mod view;

use crate::export::{Options, OutputSet, analyze_outputs, output_file_names};
use crate::{Error, Inputs, Lang, Progress, Source, Stage, run_plan_with};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::RwLock;

/// How the table is served.
pub struct Settings {
    /// Address to listen on (loopback unless told).
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Bearer token every API request must carry (required off loopback).
    pub token: Option<String>,
    /// Where the decisions are saved after every edit (read first when it exists).
    pub decisions: PathBuf,
    /// Where "exporter" writes the files of `analyze`.
    pub out: PathBuf,
    /// Language of the page and of the reasons.
    pub lang: Lang,
    /// Worker threads answering requests.
    pub workers: usize,
}

/// What the workers share.
pub struct Served {
    table: RwLock<state::Table>,
    atlas: view::Atlas,
    token: Option<String>,
    out: PathBuf,
    inputs: Vec<PathBuf>,
}

/// A loaded table, bound and ready to answer.
pub struct Ready {
    served: Served,
    server: tiny_http::Server,
    workers: usize,
    /// The address it answers on.
    pub address: SocketAddr,
    /// How many decision rows it started with.
    pub rows: usize,
}

/// Load the inputs and the decisions, plan, and bind.
pub fn load(
    mut inputs: Inputs,
    min_stage: Stage,
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<Ready, Error> {
    if !settings.bind.is_loopback() && settings.token.is_none() {
        return Err(Error::Setting(format!(
            "--bind {}: not a loopback address, so the planning table needs --token (every API request then carries Authorization: Bearer TOKEN)",
            settings.bind
        )));
    }
    // The decisions file is this shell's own working file: read when it exists, then
    // rewritten after every edit; every other input is protected.
    let protected: Vec<PathBuf> = inputs.files();
    state::check_save_path(&settings.decisions, &protected)?;
    inputs.decisions = settings
        .decisions
        .is_file()
        .then(|| Source::File(settings.decisions.clone()));
    let run = run_plan_with(&inputs, min_stage, progress)?;
    let decisions_path = if is_csv(&settings.decisions) {
        settings.decisions.clone()
    } else {
        settings.decisions.with_extension("csv")
    };
    let table = state::Table::new(run, decisions_path, protected.clone(), settings.lang);
    let atlas = view::Atlas::new(&table.run.zoning.coverage.territory);
    let rows = table.rows().len();
    let address = SocketAddr::new(settings.bind, settings.port);
    let server = tiny_http::Server::http(address).map_err(|e| {
        Error::Setting(format!(
            "--bind {} --port {}: cannot listen ({e})",
            settings.bind, settings.port
        ))
    })?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Error::Setting("--bind: not an IP address".into()))?;
    Ok(Ready {
        served: Served {
            table: RwLock::new(table),
            atlas,
            token: settings.token.clone(),
            out: settings.out.clone(),
            // The decisions file is not among them: `protected` was listed before it was read.
            inputs: protected,
        },
        server,
        workers: settings.workers.max(1),
        address,
        rows,
    })
}

impl Ready {
    /// The decisions file the table saves to.
    pub fn decisions_path(&self) -> PathBuf {
        let table = self.served.table.read().unwrap_or_else(|e| e.into_inner());
        table.decisions_path.clone()
    }

    /// Answer requests until the process ends.
    pub fn serve(self) {
        let Ready {
            served,
            server,
            workers,
            ..
        } = self;
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    while let Ok(request) = server.recv() {
                        http::handle(&served, request);
                    }
                });
            }
        });
    }
}

fn is_csv(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"))
}

/// "Exporter": the files of `analyze --decisions` for the current decisions, into `--out`.
fn export(served: &Served) -> http::Answer {
    let table = served.table.read().unwrap_or_else(|e| e.into_inner());
    let options = Options {
        lang: table.lang,
        ..Options::default()
    };
    let written = (|| -> Result<Vec<PathBuf>, Error> {
        let mut set = OutputSet::new(&served.out, &served.inputs)?.replacing(&output_file_names());
        analyze_outputs(&table.run, &options, &mut set)?;
        set.commit()
    })();
    match written {
        Ok(files) => http::Answer {
            status: 200,
            content_type: "application/json; charset=utf-8",
            body: serde_json::json!({
                "out": served.out.display().to_string(),
                "version": table.version,
                "files": files.iter().filter_map(|f| f.file_name()).map(|f| f.to_string_lossy().into_owned()).collect::<Vec<_>>(),
            })
            .to_string()
            .into_bytes(),
        },
        Err(e) => http::Answer {
            status: 500,
            content_type: "application/json; charset=utf-8",
            body: serde_json::json!({ "error": e.to_string() }).to_string().into_bytes(),
        },
    }
}
