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
    // A share left out is derived from the arm's others, so the file keeps
    // it out (a rerun derives it again); shown here as comments, resolved.
    putln!(text);
    putln!(text, "# Budget shares, resolved (used with money.daily_budget; a tactic without budget_share takes an equal part of what the others leave):");
    for arm in &s.arms {
        let split = arm.budget_split(1.0);
        let parts = [
            split.email_blast,
            split.networking,
            split.social_ads,
            split.link_bait,
            split.community,
        ];
        for ((kind, written), share) in arm.written_shares().into_iter().zip(parts) {
            if written.is_some() {
                let arm = crate::scenario::validate::quote_key(&arm.name);
                putln!(text, "#   arms.{arm}.{kind}.budget_share = {share}");
            }
        }
    }
    // Likewise a colour left out is the arm's family shade, worked out when drawing.
    putln!(text);
    putln!(
        text,
        "# Arm colours, resolved (a shade of the arm's tactic family unless colour is given):"
    );
    let colours = crate::output::palette::hex_colours(&s.arms);
    for (arm, colour) in s.arms.iter().zip(colours) {
        let arm = crate::scenario::validate::quote_key(&arm.name);
        putln!(text, "#   arms.{arm}.colour = \"{colour}\"");
    }
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
