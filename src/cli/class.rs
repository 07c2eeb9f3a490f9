//! `outreach serve --class`: starts a class (or resumes one) and prints the
//! teacher's one-time link, the students' join address and the
//! projector's. The class is `crate::class`; its web layer is
//! `crate::serve::class`.

use super::args::ScenarioArgs;
use crate::class::{Class, Rules, DEFAULT_MAX_TEAMS};
use anyhow::{Context, Result};
use clap::Args;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub(super) struct ClassArgs {
    /// Class mode: students join from their own devices and race their plans
    /// in rounds the teacher runs. Optionally names a lesson (e.g. budget) or
    /// a scenario file to play in; otherwise the scenario given, or the default.
    #[arg(long, value_name = "SCENARIO or LESSON", num_args = 0..=1, default_missing_value = "")]
    class: Option<String>,
    /// Save the class to this file after every change (resume it with --resume).
    #[arg(long, value_name = "FILE")]
    class_file: Option<PathBuf>,
    /// Resume the class saved in FILE (after a crash or a closed laptop): every
    /// team's device and the teacher's stay signed in; changes go on being saved there.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["class", "class_file"])]
    resume: Option<PathBuf>,
    /// Most teams that may join the class.
    #[arg(long, default_value_t = DEFAULT_MAX_TEAMS as u16, value_parser = clap::value_parser!(u16).range(1..=200))]
    max_teams: u16,
}

impl ClassArgs {
    pub(super) fn wanted(&self) -> bool {
        self.class.is_some() || self.resume.is_some()
    }
}

/// Starts the class and serves it until the process ends. `host`: as
/// given with --host; without it a class listens on every address, so
/// students' devices can reach it.
pub(super) fn serve(
    a: ClassArgs,
    scenario_args: &ScenarioArgs,
    host: Option<IpAddr>,
    port: Option<u16>,
) -> Result<()> {
    let class = match &a.resume {
        Some(path) => Class::resume(path)?,
        None => {
            // `--set`, `--seed`, `--days` and `--replicates` apply to a lesson
            // or file named by --class as to the positional scenario.
            let overrides = scenario_args.overrides()?;
            let scenario = match a.class.as_deref() {
                Some(name) if !name.is_empty() => {
                    match crate::serve::class::lesson(name, &overrides) {
                        Some(s) => s?,
                        None => {
                            crate::scenario::load(Some(std::path::Path::new(name)), &overrides)?.0
                        }
                    }
                }
                _ => scenario_args.load()?,
            };
            let rules = Rules::for_scenario(&scenario);
            Class::new(
                &scenario,
                rules,
                usize::from(a.max_teams),
                a.class_file.clone(),
            )?
            .0
        }
    };
    let host = host.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let listener = crate::serve::bind(host, port.unwrap_or(8080), port.is_some())?;
    let port = listener.local_addr()?.port();
    let join_ip = if host.is_unspecified() {
        crate::serve::class::lan_address()
    } else {
        Some(host)
    };
    let join_url = match join_ip {
        Some(IpAddr::V6(ip)) => format!("http://[{ip}]:{port}/"),
        Some(ip) => format!("http://{ip}:{port}/"),
        None => format!("http://127.0.0.1:{port}/"),
    };
    let round = class.state().current().number;
    let teams = class.state().teams.len();
    let max_teams = class.state().max_teams;
    let saved = class.path().map(|p| p.display().to_string());
    let (app, link) = crate::serve::class::ClassApp::new(class, join_url.clone(), port)
        .context("cannot start the class")?;
    let local = if host.is_unspecified() || host.is_loopback() {
        format!("127.0.0.1:{port}")
    } else {
        join_url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    };
    println!(
        "Teacher (open on this machine; the link works once): http://{local}/teacher?key={}",
        link.as_str()
    );
    println!("Students join at: {join_url}");
    println!("Projector (race and leaderboard, no controls): http://{local}/projector");
    println!(
        "Round {round} is open; {teams} team(s) so far, at most {} (--max-teams).",
        max_teams
    );
    match saved {
        Some(file) => println!(
            "The class is saved to {file} after every change: `outreach serve --resume {file}` goes on after a restart."
        ),
        None => println!(
            "Note: the class is not saved (no --class-file): if this program stops, the class is lost."
        ),
    }
    if !host.is_loopback() {
        eprintln!(
            "Warning: listening on {host}:{port}, not only on this machine: anyone on this network \
             can open the students' page and join. Use --host 127.0.0.1 to keep the class on this machine."
        );
    }
    if join_ip.is_none() {
        eprintln!(
            "Warning: this machine has no network address: students on other devices cannot join \
             (docs/TEACHING.md: use a phone hotspot)."
        );
    }
    crate::serve::class::serve(listener, app)
}
