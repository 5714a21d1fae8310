//! The command line: arguments ([`args`]), one function per command ([`commands`]), terminal
//! summaries ([`terminal`]) and the progress spinner ([`progress`]). The only place that prints.

pub mod args;
pub mod commands;
pub mod progress;
pub mod terminal;

use args::{Cli, Command};
use clap::Parser;
use zones_blanches::Error;

/// Parse the arguments and run the command.
pub fn run() -> Result<(), Error> {
    let cli = Cli::parse();
    match &cli.command {
        Command::Coverage(args) => commands::coverage(args),
        Command::Zones(args) => commands::zones(args),
        Command::Plan(args) => commands::plan(args, "plan"),
        Command::Analyze(args) => commands::plan(args, "analyze"),
        Command::Map(args) => commands::map(args),
        Command::Series(args) => commands::series(args),
        Command::Compare(args) => commands::compare(args),
        Command::Prepare(args) => commands::prepare(args),
        Command::Schema { which } => commands::schema(which),
        Command::Weights => {
            print!("{}", zones_blanches::weights::DEFAULT_WEIGHTS_TOML);
            Ok(())
        }
        Command::GenerateDemo { out } => zones_blanches::demo::write(out)
            .map(|_| println!("demo data written to {}", out.display())),
    }
}
