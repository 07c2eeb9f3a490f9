//! `outreach serve`: starts the live page on this machine and prints its
//! address. The server itself is `crate::serve`.

use super::args::ScenarioArgs;
use crate::serve::{self, Limits};
use anyhow::Result;
use clap::Args;
use std::net::IpAddr;

#[derive(Args, Debug)]
pub(super) struct ServeArgs {
    /// The scenario the page starts with (and its overrides); without it, the default.
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Address to listen on. The default, 127.0.0.1, is reachable from this machine
    /// only (in class mode, every address, so that students can join).
    #[arg(long)]
    host: Option<IpAddr>,
    /// Port to listen on (default: the first free one from 8080).
    #[arg(long)]
    port: Option<u16>,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
    /// Most people one run from the page may have.
    #[arg(long, default_value_t = Limits::default().max_people, value_parser = clap::value_parser!(u32).range(10..))]
    max_people: u32,
    /// Most agent-days (people x days x arms x replicates) one run from the page may have.
    #[arg(long, default_value_t = Limits::default().max_agent_days, value_parser = clap::value_parser!(u64).range(1..))]
    max_agent_days: u64,
    #[command(flatten)]
    class: super::class::ClassArgs,
}

pub(super) fn serve(a: ServeArgs) -> Result<()> {
    if a.class.wanted() {
        return super::class::serve(a.class, &a.scenario, a.host, a.port);
    }
    let host = a.host.unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    let limits = Limits {
        max_people: a.max_people,
        max_agent_days: a.max_agent_days,
    };
    let scenario = a.scenario.load()?;
    serve::check_start(&scenario, &limits)?;
    let listener = serve::bind(host, a.port.unwrap_or(8080), a.port.is_some())?;
    let address = listener.local_addr()?;
    let url = if address.ip().is_unspecified() || address.ip().is_loopback() {
        format!("http://127.0.0.1:{}/", address.port())
    } else {
        format!("http://{address}/")
    };
    if !host.is_loopback() {
        eprintln!(
            "Warning: listening on {address}, not only on this machine: anyone who can reach it \
             can run simulations here (within the limits below). Use the default --host 127.0.0.1 \
             unless the class needs it."
        );
    }
    println!("Live page: {url}  (Ctrl-C stops the server)");
    println!(
        "Runs are limited to {} people and {} agent-days (--max-people, --max-agent-days).",
        limits.max_people, limits.max_agent_days
    );
    if a.open {
        open_browser(&url);
    }
    serve::serve(listener, serve::App::new(&scenario, limits, address.port()))
}

/// Opens `url` in the default browser; failing to is no error (the
/// address is printed).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = opener {
        eprintln!("Could not open a browser ({e}); open {url} yourself.");
    }
}
