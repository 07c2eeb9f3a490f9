//! The command line: parse arguments, call into the library, print. The
//! only place that talks to the terminal. One file per command; the
//! argument types shared by several commands are in `args`, the tables
//! printed after a run in `final_table`.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::io::Write as _;

/// Appends formatted text to a `String` (which cannot fail).
macro_rules! put {
    ($buf:expr, $($arg:tt)*) => {
        let _ = write!($buf, $($arg)*);
    };
}

macro_rules! putln {
    ($buf:expr) => {
        $buf.push('\n')
    };
    ($buf:expr, $($arg:tt)*) => {
        let _ = writeln!($buf, $($arg)*);
    };
}

mod args;
mod check;
mod class;
mod final_table;
mod graph;
mod merge;
mod params;
mod progress;
mod run;
mod serve;
mod sweep;
mod table;
mod validate;

pub(crate) use args::{threads, OutputArgs, ScenarioArgs};
pub use params::{params_markdown, params_table};

/// Prints to standard output; a reader that went away (`| head`) is not an error.
pub(crate) fn emit(text: &str) -> Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Simulate email blasting against relationship networking on a social graph.
#[derive(Parser, Debug)]
#[command(
    name = "outreach",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Without a command: `run` with these arguments.
    #[command(flatten)]
    run: run::RunArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a scenario (the embedded default without SCENARIO) and write CSV and charts.
    Run(run::RunArgs),
    /// Validate a scenario and print it with every default filled in, plus estimates.
    Check(ScenarioArgs),
    /// Build the scenario's networks and print their figures; write graph.csv and a degree chart.
    Graph(graph::GraphArgs),
    /// Run a scenario for every combination of its [sweep] table; write sweep.csv and charts.
    Sweep(sweep::SweepArgs),
    /// Join the folders of a sweep run in shards (--shard K/N) into one.
    Merge(merge::MergeArgs),
    /// Run the model where theory gives the answer (Bass curve, cascade threshold) and compare.
    Validate(validate::ValidateArgs),
    /// Start the live page: a local web server with the scenario as a form and charts filling in day by day.
    Serve(serve::ServeArgs),
    /// List every parameter with its default, unit, valid range and meaning.
    Params {
        /// As the Markdown table used in docs/MODEL.md.
        #[arg(long)]
        markdown: bool,
    },
}

/// Parses the command line; a mistake exits with clap's message.
pub fn parse(command_line: &[String]) -> Cli {
    Cli::try_parse_from(command_line).unwrap_or_else(|e| {
        // `outreach rnu x.toml`: clap takes "rnu" for the scenario file and
        // refuses "x.toml" as a command before it reads "rnu"; the mistake
        // is the first word, so that is what the message is about.
        if let Some(first) = command_line.get(1) {
            let cmd = <Cli as clap::CommandFactory>::command();
            let first = std::ffi::OsStr::new(first);
            if let Err(typo) =
                clap::builder::TypedValueParser::parse_ref(&args::ScenarioPath, &cmd, None, first)
            {
                typo.exit()
            }
        }
        e.exit()
    })
}

impl Cli {
    /// Runs the command; `command_line` is recorded in run.json and
    /// sweep.json. Errors are printed by `main`, see [`failure`].
    pub fn execute(self, command_line: &[String]) -> Result<()> {
        match self.command {
            None => run::run(self.run, command_line),
            Some(Command::Run(a)) => run::run(a, command_line),
            Some(Command::Check(a)) => check::check(a),
            Some(Command::Graph(a)) => graph::graph(a),
            Some(Command::Sweep(a)) => sweep::sweep(a, command_line),
            Some(Command::Merge(a)) => merge::merge(a, command_line),
            Some(Command::Validate(a)) => validate::validate(a),
            Some(Command::Serve(a)) => serve::serve(a),
            Some(Command::Params { markdown }) => params::print(markdown),
        }
    }
}

/// What `main` prints for an error and the exit status. A lesson whose
/// outcomes do not all hold, or a validation figure out of tolerance, is a
/// result, not an error: it prints as itself with its own status.
pub fn failure(e: &anyhow::Error) -> (String, i32) {
    if let Some(not_all) = e.downcast_ref::<crate::outcomes::NotAllHold>() {
        return (not_all.to_string(), crate::outcomes::EXIT_NOT_ALL_HOLD);
    }
    if let Some(out) = e.downcast_ref::<crate::validate::OutOfTolerance>() {
        return (out.to_string(), crate::validate::EXIT_OUT_OF_TOLERANCE);
    }
    (format!("Error: {e:#}"), 1)
}
