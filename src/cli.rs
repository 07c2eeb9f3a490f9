//! The command line: parse arguments, call into the library, print. The
//! only place that talks to the terminal.

use crate::engine::{self, resources};
use crate::outcomes;
use crate::scenario::{self, params, NetworkConfig, Override, Scenario};
use crate::spread::SpreadPicture;
use crate::summary;
use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

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

/// Prints to standard output; a reader that went away (`| head`) is not an error.
fn emit(text: &str) -> Result<()> {
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
    run: RunArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a scenario (the embedded default without SCENARIO) and write CSV and charts.
    Run(RunArgs),
    /// Validate a scenario and print it with every default filled in, plus estimates.
    Check(ScenarioArgs),
    /// Build the scenario's networks and print their figures; write graph.csv and a degree chart.
    Graph(GraphArgs),
    /// Run a scenario for every combination of its [sweep] table; write sweep.csv and charts.
    Sweep(crate::sweep::command::SweepArgs),
    /// Join the folders of a sweep run in shards (--shard K/N) into one.
    Merge(crate::sweep::command::MergeArgs),
    /// Run the model where theory gives the answer (Bass curve, cascade threshold) and compare.
    Validate(ValidateArgs),
    /// List every parameter with its default, unit, valid range and meaning.
    Params {
        /// As the Markdown table used in docs/MODEL.md.
        #[arg(long)]
        markdown: bool,
    },
}

#[derive(Args, Debug, Default)]
pub(crate) struct ScenarioArgs {
    /// Scenario file (TOML). Without it, the embedded default scenario.
    pub(crate) scenario: Option<PathBuf>,
    /// Override a value: --set arms.blast.email-blast.cadence_days=7 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// Override the seed (0 to 9223372036854775807).
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    seed: Option<u64>,
    /// Override the number of replicates.
    #[arg(long)]
    replicates: Option<u32>,
    /// Override the number of days.
    #[arg(long)]
    days: Option<u32>,
}

#[derive(Args, Debug)]
struct GraphArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output folder (default: output/<scenario name>-graph).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write the population's network as an edge list the loader reads.
    #[arg(long, value_name = "FILE")]
    export: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct ValidateArgs {
    /// Fewer replicates, for tests: the same checks in seconds, with the
    /// tolerances that come from sampling noise widened to match.
    #[arg(long)]
    quick: bool,
    /// Print one check's scenario file (bass, cascade) instead of running;
    /// `outreach run` on it reproduces the check's figures.
    #[arg(long, value_name = "NAME")]
    print: Option<String>,
    /// Output folder (default: output/validate).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Multiply every tolerance by this (below 1 to see how close the model comes).
    #[arg(long, default_value_t = 1.0)]
    tolerance_scale: f64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// No progress bar and no table (the exit status still tells).
    #[arg(long, short)]
    quiet: bool,
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
    /// No progress bar and no final table (a lesson's verdicts still print).
    #[arg(long, short)]
    quiet: bool,
}

/// Runs the command line; errors are printed by `main`.
pub fn main(args: Vec<String>) -> Result<()> {
    let cli = Cli::parse_from(&args);
    match cli.command {
        None => run(cli.run, &args),
        Some(Command::Run(a)) => run(a, &args),
        Some(Command::Check(a)) => check(a),
        Some(Command::Graph(a)) => graph(a),
        Some(Command::Sweep(a)) => crate::sweep::command::sweep(a, &args),
        Some(Command::Merge(a)) => crate::sweep::command::merge(a, &args),
        Some(Command::Validate(a)) => validate(a),
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
        Ok(scenario::load(self.scenario.as_deref(), &self.overrides()?)?.0)
    }

    /// `--set`, `--seed`, `--replicates` and `--days`, parsed.
    pub(crate) fn overrides(&self) -> Result<Vec<Override>> {
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
        Ok(sets
            .iter()
            .map(|s| Override::parse(s))
            .collect::<Result<Vec<_>, _>>()?)
    }
}

fn run(a: RunArgs, command_line: &[String]) -> Result<()> {
    let scenario = a.scenario.load()?;
    if !a.quiet && crate::sweep::has_sweep_table(a.scenario.scenario.as_deref()) {
        eprintln!("Note: `run` ignores the [sweep] table and runs the scenario as written; `outreach sweep` runs the sweep.");
    }
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
    // Replicate 0 is watched for the report's spread picture.
    let (result, timings, seen) = with_progress(&pool, &scenario, show, |done| {
        engine::run_watched(&scenario, done, |w| SpreadPicture::watch(&scenario, w))
    });
    let wall = started.elapsed();
    let summary = summary::summarise(&result);
    let mut outcomes = outcomes::check(&scenario, &result, &summary);
    for v in scenario.lesson.iter().flat_map(|l| &l.variants) {
        outcomes.extend(run_variant(&a, v, &pool)?);
    }
    let spread = SpreadPicture::new(&scenario, seen);
    let info = crate::output::RunInfo::new(&scenario, command_line.to_vec(), threads, wall);
    let written = crate::output::Written {
        scenario: &scenario,
        result: &result,
        summary: &summary,
        outcomes: &outcomes,
        spread: &spread,
        info: &info,
    };
    crate::output::write_all(&out, &written)
        .with_context(|| format!("cannot write results to {}", out.display()))?;
    if !a.quiet {
        emit(&final_table(&scenario, &summary, &result, timings, &out))?;
    }
    // Printed even with --quiet: the verdicts are what a lesson run is for.
    emit(&outcome_lines(&outcomes))?;
    // Only now, with the output folder complete, does a lesson's verdict
    // decide the exit code (`main` maps this error to EXIT_NOT_ALL_HOLD).
    match outcomes::NotAllHold::of(&outcomes) {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// Runs a lesson's "try this" variant: the same scenario and command-line
/// overrides, then the variant's own, and checks its expected outcomes.
/// Only the verdicts are kept; the charts and files are the main run's.
fn run_variant(
    a: &RunArgs,
    v: &crate::scenario::lesson::Variant,
    pool: &rayon::ThreadPool,
) -> Result<Vec<outcomes::Outcome>> {
    let mut overrides = a.scenario.overrides()?;
    for s in &v.set {
        overrides.push(Override::parse(s)?);
    }
    let scenario = scenario::load(a.scenario.scenario.as_deref(), &overrides)
        .with_context(|| format!("cannot load the lesson's variant {}", v.label()))?
        .0;
    if let Some(e) = v
        .expect
        .iter()
        .find(|e| e.day_in(scenario.days) > scenario.days)
    {
        anyhow::bail!(
            "the variant {} runs {} days, but its outcome \"{}\" looks at day {}",
            v.label(),
            scenario.days,
            e.says,
            e.day_in(scenario.days)
        );
    }
    if !a.quiet {
        eprintln!("Running the lesson's variant {} ...", v.label());
    }
    let result = pool.install(|| engine::run(&scenario, &AtomicU64::new(0)));
    let summary = summary::summarise(&result);
    Ok(outcomes::check_variant(v, &scenario, &result, &summary))
}

/// The declared outcomes and their verdicts, one line each.
fn outcome_lines(outcomes: &[outcomes::Outcome]) -> String {
    let mut text = String::new();
    if outcomes.is_empty() {
        return text;
    }
    putln!(text, "Expected outcomes (95% intervals in brackets):");
    for o in outcomes {
        putln!(text, "  {}", outcomes::describe(o));
    }
    text
}

/// Runs `engine` (given a counter of agent-days done) on a worker while
/// this thread draws the progress bar. The engine always runs inside
/// `pool`, so `--threads` holds either way.
fn with_progress<R: Send>(
    pool: &rayon::ThreadPool,
    s: &Scenario,
    show: bool,
    engine: impl FnOnce(&AtomicU64) -> R + Send,
) -> R {
    let done = AtomicU64::new(0);
    let run = || pool.install(|| engine(&done));
    if !show {
        return run();
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
        let worker = scope.spawn(run);
        while !worker.is_finished() {
            bar.set_position(done.load(Ordering::Relaxed));
            std::thread::sleep(Duration::from_millis(100));
        }
        bar.finish_and_clear();
        worker.join().expect("the engine does not panic")
    })
}

fn final_table(
    s: &Scenario,
    summary: &summary::Summary,
    result: &engine::RunResult,
    t: engine::Timings,
    out: &Path,
) -> String {
    let mut text = String::new();
    let cols = [
        "reach",
        "aware",
        "trust",
        "unsubscribes",
        "conversions",
        "profit",
    ];
    putln!(
        text,
        "{} on day {} (mean over {} replicate(s), 95% interval in brackets):",
        s.name,
        s.days,
        s.replicates
    );
    put!(text, "{:<16}", "arm");
    for c in cols {
        put!(text, " {c:>24}");
    }
    putln!(text);
    for (a, arm) in summary.arms.iter().enumerate() {
        put!(text, "{arm:<16}");
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
            put!(text, " {cell:>24}");
        }
        putln!(text);
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
        "impressions",
        "negative_shares",
        "bait_views",
        "community_contacts",
        "spam_foldered",
    ];
    putln!(text, "Events over the whole run, per replicate (mean):");
    put!(text, "{:<16}", "arm");
    for e in events {
        put!(text, " {e:>13}");
    }
    putln!(text);
    for (a, arm) in result.arms.iter().enumerate() {
        put!(text, "{arm:<16}");
        for e in events {
            let m = crate::metrics::metric(e).expect("listed metric");
            let total: f64 = result.series[a].iter().flatten().map(|d| (m.get)(d)).sum();
            put!(text, " {:>13.0}", total / result.series[a].len() as f64);
        }
        putln!(text);
    }
    let total = t.total.as_secs_f64();
    let peak = peak_memory()
        .map(|b| format!(", peak memory {:.0} MB", b as f64 / 1e6))
        .unwrap_or_default();
    put!(
        text,
        "{} agent-days (people x days x arms x replicates) in {:.2} s ({:.0} million per second){peak}",
        s.agent_days(),
        total,
        s.agent_days() as f64 / total.max(1e-9) / 1e6,
    );
    if engine::run::replicates_at_once(s) == 1 {
        // One replicate at a time: graph building and simulation do not overlap.
        let simulate = t.total.saturating_sub(t.graph).as_secs_f64();
        putln!(
            text,
            "; graphs {:.2} s, simulation {:.2} s ({:.0} million agent-days per second).",
            t.graph.as_secs_f64(),
            simulate,
            s.agent_days() as f64 / simulate.max(1e-9) / 1e6
        );
    } else {
        putln!(text, ".");
    }
    putln!(text, "Results in {}", out.display());
    text
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
    let mut text = String::new();
    putln!(text, "# Resolved scenario: every value, defaults filled in. Running this file reproduces the run.");
    put!(text, "{}", s.to_toml());
    let bytes = resources::peak_bytes(&s);
    putln!(text);
    putln!(
        text,
        "# Estimates on this machine ({} threads):",
        rayon::current_num_threads()
    );
    putln!(
        text,
        "#   agent-days: {} (people x days x arms x replicates)",
        s.agent_days()
    );
    putln!(
        text,
        "#   peak memory: about {:.1} MB ({:.0} bytes per person){}",
        bytes as f64 / 1e6,
        bytes as f64 / f64::from(s.population.size),
        resources::machine_bytes()
            .map(|m| format!(", machine has {:.1} GB", m as f64 / 1e9))
            .unwrap_or_default()
    );
    putln!(text, "#   run time: about {:.1} s", resources::seconds(&s));
    put!(text, "{}", crate::sweep::command::check_text(&a)?);
    emit(&text)
}

/// `outreach graph`: each distinct network of the scenario, as built for the
/// first replicate.
fn graph(a: GraphArgs) -> Result<()> {
    use crate::engine::world::Friends;
    use crate::output::degree_chart;
    use crate::population::stats::stats;
    let s = a.scenario.load()?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(format!("{}-graph", s.name)));
    let mut text = String::new();
    let mut rows: Vec<[String; 4]> = Vec::new();
    let mut series = Vec::new();
    for (i, net) in s.networks().into_iter().enumerate() {
        let users: Vec<&str> = s
            .arms
            .iter()
            .filter(|arm| s.network_index(arm) == i)
            .map(|arm| arm.name.as_str())
            .collect();
        let label = if i == 0 {
            "population".to_string()
        } else {
            users.join("+")
        };
        let started = Instant::now();
        let friends = Friends::new(net, s.population.size, s.seed, 0);
        let built = started.elapsed().as_secs_f64();
        putln!(
            text,
            "Network \"{label}\": {} (arms: {}), built for replicate 1 in {built:.2} s",
            net.kind(),
            if users.is_empty() {
                "none".into()
            } else {
                users.join(", ")
            }
        );
        let Some(g) = friends.graph() else {
            if i == 0 && a.export.is_some() {
                anyhow::bail!("a well-mixed population has no friendships to export");
            }
            putln!(text, "  no fixed graph: each word of mouth goes to someone drawn at random from everyone\n");
            continue;
        };
        let st = stats(g, s.seed);
        for line in st.to_string().lines() {
            putln!(text, "  {line}");
        }
        if let NetworkConfig::EdgeList { path, graph } = net {
            putln!(
                text,
                "  read from {}: {} self-loops and {} repeated friendships dropped",
                path.display(),
                graph.self_loops,
                graph.duplicates
            );
        }
        putln!(text);
        let opt = |v: Option<usize>| v.map_or_else(|| "all".to_string(), |k| k.to_string());
        let figures: [(&str, String); 21] = [
            ("people", st.people.to_string()),
            ("friendships", st.friendships.to_string()),
            ("degree_min", st.degree_min.to_string()),
            ("degree_p10", st.degree_p10.to_string()),
            ("degree_p25", st.degree_p25.to_string()),
            ("degree_median", st.degree_median.to_string()),
            ("degree_mean", st.degree_mean.to_string()),
            ("degree_p75", st.degree_p75.to_string()),
            ("degree_p90", st.degree_p90.to_string()),
            ("degree_p99", st.degree_p99.to_string()),
            ("degree_max", st.degree_max.to_string()),
            ("under_10_share", st.under_10_share.to_string()),
            ("clustering", st.clustering.to_string()),
            ("clustering_sample", opt(st.clustering_sample)),
            ("clustering_se", st.clustering_se.to_string()),
            ("components", st.components.to_string()),
            ("giant_share", st.giant_share.to_string()),
            ("mean_distance", st.mean_distance.to_string()),
            ("distance_sample", opt(st.distance_sample)),
            ("distance_se", st.distance_se.to_string()),
            ("seed", s.seed.to_string()),
        ];
        for (figure, value) in figures {
            rows.push([
                label.clone(),
                net.kind().to_string(),
                figure.to_string(),
                value,
            ]);
        }
        series.push((
            format!("{label} ({})", net.kind()),
            degree_chart::degree_shares(g),
        ));
        if i == 0 {
            if let Some(file) = &a.export {
                export_edge_list(g, file)?;
                putln!(
                    text,
                    "Edge list of the population's network written to {}\n",
                    file.display()
                );
            }
        }
    }
    if !rows.is_empty() {
        let staging = crate::output::Staging::new(&out, "graph.csv")
            .with_context(|| format!("preparing output folder {}", out.display()))?;
        degree_chart::write_degree_chart(
            &staging.path(""),
            &format!("Friends per person: scenario \"{}\"", s.name),
            &series,
        )?;
        let mut w = csv::Writer::from_path(staging.path("graph.csv"))?;
        w.write_record(["network", "kind", "figure", "value"])?;
        for r in &rows {
            w.write_record(r)?;
        }
        w.flush()?;
        staging
            .commit()
            .with_context(|| format!("moving the results into {}", out.display()))?;
        putln!(text, "Figures in {}", out.join("graph.csv").display());
    }
    emit(&text)
}

/// Writes `g` as an edge list, whole or not at all.
fn export_edge_list(g: &crate::population::Graph, file: &Path) -> Result<()> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    crate::population::edge_list::export(g, None, &mut tmp)?;
    tmp.persist(file)
        .with_context(|| format!("cannot write {}", file.display()))?;
    Ok(())
}

/// `outreach validate`: every check's scenario through the engine, its
/// figures against theory, a table, CSV files and charts.
fn validate(a: ValidateArgs) -> Result<()> {
    use crate::validate::{Check, Size, CHECKS};
    let size = if a.quick { Size::Quick } else { Size::Full };
    if let Some(name) = &a.print {
        let names: Vec<&str> = CHECKS.iter().map(|c| c.name()).collect();
        let check = Check::by_name(name)
            .with_context(|| format!("no check named \"{name}\"; checks: {}", names.join(", ")))?;
        return emit(&check.text(size));
    }
    anyhow::ensure!(
        a.tolerance_scale.is_finite() && a.tolerance_scale >= 0.0,
        "--tolerance-scale must be a number from 0 up, found {}",
        a.tolerance_scale
    );
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join("validate"));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let show = !a.quiet && std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut outcomes = Vec::new();
    for check in CHECKS {
        let s = check.scenario(size)?;
        let result = with_progress(&pool, &s, show, |done| engine::run(&s, done));
        let mut outcome = pool.install(|| check.evaluate(&s, &result));
        for f in &mut outcome.figures {
            f.tolerance *= a.tolerance_scale;
        }
        outcomes.push((outcome, s.replicates));
    }
    let wall = started.elapsed();
    crate::output::validation::write_validation(&out, &outcomes)
        .with_context(|| format!("cannot write results to {}", out.display()))?;
    let figures: Vec<&crate::validate::Figure> =
        outcomes.iter().flat_map(|(o, _)| &o.figures).collect();
    if !a.quiet {
        emit(&validation_table(&figures, wall, &out))?;
    }
    let failed = figures.iter().filter(|f| !f.passes()).count();
    if failed > 0 {
        return Err(crate::validate::OutOfTolerance {
            failed,
            total: figures.len(),
        }
        .into());
    }
    Ok(())
}

fn validation_table(figures: &[&crate::validate::Figure], wall: Duration, out: &Path) -> String {
    let mut text = String::new();
    let width = figures.iter().map(|f| f.figure.len()).max().unwrap_or(6);
    putln!(
        text,
        "{:<8} {:<width$} {:>10} {:>10} {:>10} {:>10}  verdict",
        "check",
        "figure",
        "model",
        "theory",
        "error",
        "tolerance"
    );
    for f in figures {
        putln!(
            text,
            "{:<8} {:<width$} {:>10} {:>10} {:>10} {:>10}  {}",
            f.check,
            f.figure,
            significant(f.model),
            significant(f.theory),
            significant(f.error()),
            significant(f.tolerance),
            crate::output::validation::verdict(f.passes())
        );
    }
    let passed = figures.iter().filter(|f| f.passes()).count();
    putln!(
        text,
        "{passed} of {} figures within tolerance, in {:.1} s. Tolerances explained in {}; charts and data beside it.",
        figures.len(),
        wall.as_secs_f64(),
        out.join(crate::output::validation::MARKER_FILE).display()
    );
    text
}

/// A number to four significant digits (at most six decimals).
fn significant(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
    format!("{v:.digits$}")
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
