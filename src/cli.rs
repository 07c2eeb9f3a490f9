//! The command line: parse arguments, call into the library, print. The
//! only place that talks to the terminal.

use crate::engine::{self, resources};
use crate::scenario::{self, params, Override, Scenario};
use crate::summary;
use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Simulate email blasting against relationship networking on a social graph.
#[derive(Parser, Debug)]
#[command(name = "outreach", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a scenario (the embedded default without SCENARIO) and write CSV and charts.
    Run(RunArgs),
    /// Validate a scenario and print it with every default filled in, plus estimates.
    Check(ScenarioArgs),
    /// List every parameter with its default, unit, valid range and meaning.
    Params {
        /// As the Markdown table used in docs/MODEL.md.
        #[arg(long)]
        markdown: bool,
    },
}

#[derive(Args, Debug, Default)]
struct ScenarioArgs {
    /// Scenario file (TOML). Without it, the embedded default scenario.
    scenario: Option<PathBuf>,
    /// Override a value: --set arms.blast.email-blast.cadence_days=7 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// Override the seed.
    #[arg(long)]
    seed: Option<u64>,
    /// Override the number of replicates.
    #[arg(long)]
    replicates: Option<u32>,
    /// Override the number of days.
    #[arg(long)]
    days: Option<u32>,
}

#[derive(Args, Debug, Default)]
struct RunArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output folder (default: output/<scenario name>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// No progress bar and no final table.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs the command line; errors are printed by `main`.
pub fn main(args: Vec<String>) -> Result<()> {
    let cli = Cli::parse_from(&args);
    match cli.command {
        None => run(RunArgs::default(), &args),
        Some(Command::Run(a)) => run(a, &args),
        Some(Command::Check(a)) => check(a),
        Some(Command::Params { markdown }) => {
            print!(
                "{}",
                if markdown {
                    params_markdown()
                } else {
                    params_table()
                }
            );
            Ok(())
        }
    }
}

impl ScenarioArgs {
    fn load(&self) -> Result<Scenario> {
        let mut sets = self.set.clone();
        if let Some(v) = self.seed {
            sets.push(format!("seed={v}"));
        }
        if let Some(v) = self.replicates {
            sets.push(format!("replicates={v}"));
        }
        if let Some(v) = self.days {
            sets.push(format!("days={v}"));
        }
        let overrides = sets
            .iter()
            .map(|s| Override::parse(s))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(scenario::load(self.scenario.as_deref(), &overrides)?.0)
    }
}

fn run(a: RunArgs, command_line: &[String]) -> Result<()> {
    let scenario = a.scenario.load()?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(&scenario.name));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let threads = pool.current_num_threads();
    let show = !a.quiet && std::io::stderr().is_terminal();
    let started = Instant::now();
    let (result, timings) = pool.install(|| with_progress(&scenario, show));
    let wall = started.elapsed();
    let summary = summary::summarise(&result);
    let info = crate::output::RunInfo::new(&scenario, command_line.to_vec(), threads, wall);
    crate::output::write_all(&out, &scenario, &result, &summary, &info)
        .with_context(|| format!("cannot write results to {}", out.display()))?;
    if !a.quiet {
        print_final_table(&scenario, &summary, &result, timings, &out);
    }
    Ok(())
}

/// Runs the engine on a worker while this thread draws the progress bar.
fn with_progress(s: &Scenario, show: bool) -> (engine::RunResult, engine::Timings) {
    let done = AtomicU64::new(0);
    if !show {
        return engine::run_timed(s, &done);
    }
    let total = s.agent_days();
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {percent}% (about {eta} left)",
        )
        .expect("valid template"),
    );
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| engine::run_timed(s, &done));
        while !worker.is_finished() {
            bar.set_position(done.load(Ordering::Relaxed));
            std::thread::sleep(Duration::from_millis(100));
        }
        bar.finish_and_clear();
        worker.join().expect("the engine does not panic")
    })
}

fn print_final_table(
    s: &Scenario,
    summary: &summary::Summary,
    result: &engine::RunResult,
    t: engine::Timings,
    out: &Path,
) {
    let cols = ["reach", "aware", "trust", "unsubscribes", "conversions"];
    println!(
        "{} on day {} (mean over {} replicate(s), 95% interval in brackets):",
        s.name, s.days, s.replicates
    );
    print!("{:<16}", "arm");
    for c in cols {
        print!(" {c:>24}");
    }
    println!();
    for (a, arm) in summary.arms.iter().enumerate() {
        print!("{arm:<16}");
        for c in cols {
            let v = summary.final_value(a, c);
            let digits = if c == "trust" { 3 } else { 0 };
            let cell = match (v.low, v.high) {
                (Some(lo), Some(hi)) => format!(
                    "{:.*} [{:.*}, {:.*}]",
                    digits, v.mean, digits, lo, digits, hi
                ),
                _ => format!("{:.*}", digits, v.mean),
            };
            print!(" {cell:>24}");
        }
        println!();
    }
    // Event totals show the model doing its work, not skipping it.
    let events = [
        "delivered",
        "opens",
        "clicks",
        "complaints",
        "conversations",
        "pitches",
        "posts_seen",
        "shares",
    ];
    println!("Events over the whole run, per replicate (mean):");
    print!("{:<16}", "arm");
    for e in events {
        print!(" {e:>13}");
    }
    println!();
    for (a, arm) in result.arms.iter().enumerate() {
        print!("{arm:<16}");
        for e in events {
            let m = crate::metrics::metric(e).expect("listed metric");
            let total: f64 = result.series[a].iter().flatten().map(|d| (m.get)(d)).sum();
            print!(" {:>13.0}", total / result.series[a].len() as f64);
        }
        println!();
    }
    let total = t.total.as_secs_f64();
    let peak = peak_memory()
        .map(|b| format!(", peak memory {:.0} MB", b as f64 / 1e6))
        .unwrap_or_default();
    print!(
        "{} agent-days (people x days x arms x replicates) in {:.2} s ({:.0} million per second){peak}",
        s.agent_days(),
        total,
        s.agent_days() as f64 / total.max(1e-9) / 1e6,
    );
    if engine::run::replicates_at_once(s) == 1 {
        // One replicate at a time: graph building and simulation do not overlap.
        let simulate = t.total.saturating_sub(t.graph).as_secs_f64();
        println!(
            "; graphs {:.2} s, simulation {:.2} s ({:.0} million agent-days per second).",
            t.graph.as_secs_f64(),
            simulate,
            s.agent_days() as f64 / simulate.max(1e-9) / 1e6
        );
    } else {
        println!(".");
    }
    println!("Results in {}", out.display());
}

/// This process's peak resident memory, where the system tells it.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn check(a: ScenarioArgs) -> Result<()> {
    let s = a.load()?;
    println!("# Resolved scenario: every value, defaults filled in. Running this file reproduces the run.");
    print!("{}", s.to_toml());
    let bytes = resources::peak_bytes(&s);
    println!();
    println!(
        "# Estimates on this machine ({} threads):",
        rayon::current_num_threads()
    );
    println!(
        "#   agent-days: {} (people x days x arms x replicates)",
        s.agent_days()
    );
    println!(
        "#   peak memory: about {:.1} MB ({:.0} bytes per person){}",
        bytes as f64 / 1e6,
        bytes as f64 / f64::from(s.population.size),
        resources::machine_bytes()
            .map(|m| format!(", machine has {:.1} GB", m as f64 / 1e9))
            .unwrap_or_default()
    );
    println!("#   run time: about {:.1} s", resources::seconds(&s));
    Ok(())
}

/// The parameter table printed by `outreach params`.
pub fn params_table() -> String {
    let mut out = String::from("Every scenario parameter (`<arm>` is an arm's name). Set them in the file or with --set PATH=VALUE.\n\n");
    for p in params::ALL {
        out.push_str(&format!(
            "{}\n    default {}  unit {}  valid {}\n    {} ({})\n",
            p.path,
            p.default_text(),
            p.unit,
            p.range_text(),
            p.meaning,
            p.source_text()
        ));
    }
    out
}

/// The parameter table of docs/MODEL.md (a test keeps the two identical).
pub fn params_markdown() -> String {
    let mut out = String::from(
        "| parameter | default | unit | valid | source | meaning |\n|---|---|---|---|---|---|\n",
    );
    for p in params::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            p.path,
            p.default_text(),
            p.unit,
            p.range_text(),
            p.source_text(),
            p.meaning
        ));
    }
    out
}
