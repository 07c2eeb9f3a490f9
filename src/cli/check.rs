//! `outreach check`: the resolved scenario with every default, and the
//! estimates of memory and run time.

use super::args::ScenarioArgs;
use super::emit;
use crate::engine::resources;
use anyhow::Result;
use std::fmt::Write as _;

pub(super) fn check(a: ScenarioArgs) -> Result<()> {
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
        // The guard compares with what is available now, so show that
        // beside the total: a busy machine refuses what an idle one runs.
        match (resources::available_bytes(), resources::machine_bytes()) {
            (Some(a), Some(m)) => format!(
                ", {:.1} GB available now of the machine's {:.1} GB",
                a as f64 / 1e9,
                m as f64 / 1e9
            ),
            _ => String::new(),
        }
    );
    putln!(text, "#   run time: about {:.1} s", resources::seconds(&s));
    put!(text, "{}", super::sweep::check_text(&a)?);
    emit(&text)
}
