//! A lesson's "try this" variants, checked for the live page after its
//! main run: each variant is the submitted scenario with the variant's
//! overrides (as `outreach run` applies them after the command line's),
//! run through the engine with the server's cache and checked by
//! `outcomes::check_variant`, so its lines are the ones `outreach run`
//! prints. A variant beyond the server's limits is not run: the page says
//! so and names the command that checks it.

use super::limits::Limits;
use super::submit;
use crate::engine::{self, Cache, RunResult};
use crate::outcomes::{self, Outcome};
use crate::scenario::lesson::Variant;
use crate::scenario::{Scenario, SourceText};
use std::ops::ControlFlow;

/// What became of one variant.
#[derive(Debug)]
pub enum Checked {
    /// Run and checked: its outcomes, as `outreach run` checks them.
    Outcomes(Vec<Outcome>),
    /// Not run here, and why, as one line the page shows.
    NotChecked(String),
}

/// The variant `v` of the submitted scenario `src`: its verdicts, or why
/// it was not run; `None` when `stop` said to stop before its end.
pub fn check(
    src: &SourceText,
    v: &Variant,
    limits: &Limits,
    cache: &Cache,
    stop: impl Fn() -> bool,
) -> Option<Checked> {
    let not = |why: String| Some(Checked::NotChecked(format!("with {}: {why}", v.label())));
    let s = match submit::variant_unlimited(src, &v.set) {
        Ok(s) => s,
        Err(r) => return not(format!("not checked: {}", r.message)),
    };
    if submit::within_limits(&s, src, limits).is_err() {
        return not(
            "not checked here: beyond this server's limits; run `outreach run FILE` \
             (FILE: this page's scenario.toml download)"
                .into(),
        );
    }
    // The lesson was validated against its own days; the page may have
    // changed them.
    if let Some(e) = v.expect.iter().find(|e| e.day_in(s.days) > s.days) {
        return not(format!(
            "not checked: it runs {} days, but its outcome \"{}\" looks at day {}",
            s.days,
            e.says,
            e.day_in(s.days)
        ));
    }
    let result = run(&s, cache, stop)?;
    let summary = crate::summary::summarise(&result);
    Some(Checked::Outcomes(outcomes::check_variant(
        v, &s, &result, &summary,
    )))
}

/// Every day of every arm and replicate of `s`, or `None` if stopped.
fn run(s: &Scenario, cache: &Cache, stop: impl Fn() -> bool) -> Option<RunResult> {
    // The page submits no edge lists (`submit` refuses them).
    let graphs = s
        .load_edge_lists()
        .expect("a scenario from the page names no edge list");
    let days = s.days as usize;
    let mut series = vec![vec![Vec::with_capacity(days); s.replicates as usize]; s.arms.len()];
    let streamed = engine::stream(s, &graphs, Some(cache), |b| {
        if stop() {
            return ControlFlow::Break(());
        }
        for (r, a, m) in b.iter() {
            series[a][r as usize].push(*m);
        }
        ControlFlow::Continue(())
    });
    streamed.finished.then(|| RunResult {
        arms: s.arms.iter().map(|a| a.name.clone()).collect(),
        series,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = "days = 20\nreplicates = 3\n[population]\nsize = 300\n\
        [lesson]\nquestion = \"q\"\nchange = \"c\"\nlook_for = \"l\"\n\
        [[lesson.expect]]\nsays = \"talk reaches\"\narm = \"talk\"\nmetric = \"reach\"\nabove_value = 0\n\
        [[lesson.variant]]\nset = [\"replicates=4\"]\n\
        [[lesson.variant.expect]]\nsays = \"talk still reaches\"\narm = \"talk\"\nmetric = \"reach\"\nabove_value = 0\n\
        [[lesson.variant]]\nset = [\"population.size=5000\"]\n\
        [[lesson.variant.expect]]\nsays = \"more people\"\narm = \"talk\"\nmetric = \"reach\"\nabove_value = 0\n\
        [arms.talk.networking]\n";

    #[test]
    fn a_variant_is_checked_as_the_batch_run_checks_it_or_said_to_be_beyond_the_limits() {
        let src = SourceText::new(submit::ORIGIN, LESSON);
        let s = crate::scenario::from_source(&src, "page", &[]).unwrap();
        let variants = &s.lesson.as_ref().unwrap().variants;
        let limits = Limits {
            max_people: 1000,
            ..Limits::default()
        };
        let cache = Cache::new(1 << 30);
        let Some(Checked::Outcomes(got)) = check(&src, &variants[0], &limits, &cache, || false)
        else {
            panic!("the first variant is within the limits");
        };
        let vs = submit::variant(&src, &variants[0].set, &limits).unwrap();
        assert_eq!(vs.replicates, 4);
        let batch = engine::run(&vs, &Default::default(), &Default::default());
        let summary = crate::summary::summarise(&batch);
        assert_eq!(
            got,
            outcomes::check_variant(&variants[0], &vs, &batch, &summary)
        );
        assert!(got[0].expect.says.starts_with("with replicates=4: "));
        match check(&src, &variants[1], &limits, &cache, || false) {
            Some(Checked::NotChecked(line)) => {
                assert!(
                    line.starts_with(
                        "with population.size=5000: not checked here: beyond this server's limits"
                    ),
                    "{line}"
                )
            }
            other => panic!("{other:?}"),
        }
        // Stopped: nothing to show.
        assert!(check(&src, &variants[0], &limits, &Cache::new(1 << 30), || true).is_none());
    }
}
