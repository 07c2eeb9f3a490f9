//! `report.html` of a page's run: the very file `outreach run` writes for
//! the same scenario, made by the same output code (`output::write_all`)
//! into a temporary folder, since the report pastes in the charts' SVG
//! files. A lesson's variants are run and checked as the command line runs
//! them, within the server's limits. Nothing here is drawn by hand.

use super::limits::Limits;
use super::stream::Finished;
use super::submit::{self, Refusal};
use crate::engine::Cache;
use crate::scenario::{Scenario, SourceText};
use std::sync::atomic::AtomicU64;
use std::time::Duration;

/// The report of `run`, the finished run of `s` (submitted as `src`).
pub fn report(
    s: &Scenario,
    src: &SourceText,
    run: &Finished,
    cache: &Cache,
    limits: &Limits,
) -> Result<Vec<u8>, Refusal> {
    let summary = crate::summary::summarise(&run.result);
    let mut outcomes = crate::outcomes::check(s, &run.result, &summary);
    for v in s.lesson.iter().flat_map(|l| &l.variants) {
        let vs = submit::variant(src, &v.set, limits)?;
        if let Some(e) = v.expect.iter().find(|e| e.day_in(vs.days) > vs.days) {
            return Err(Refusal::plain(format!(
                "the variant {} runs {} days, but its outcome \"{}\" looks at day {}",
                v.label(),
                vs.days,
                e.says,
                e.day_in(vs.days)
            )));
        }
        let graphs = vs
            .load_edge_lists()
            .expect("a scenario from the page names no edge list");
        let result = crate::engine::run_cached(&vs, &graphs, Some(cache), &AtomicU64::new(0));
        let summary = crate::summary::summarise(&result);
        outcomes.extend(crate::outcomes::check_variant(v, &vs, &result, &summary));
    }
    let failed = |e: anyhow::Error| Refusal::plain(format!("cannot write the report: {e:#}"));
    let dir = tempfile::tempdir().map_err(|e| failed(e.into()))?;
    let out = dir.path().join("run");
    let staging = crate::output::prepare(&out, s, Default::default()).map_err(failed)?;
    // The report holds no command line, timing or thread count: these
    // only go to run.json, which is not sent.
    let info = crate::output::RunInfo::new(
        s,
        vec!["outreach".into(), "serve".into()],
        1,
        Duration::ZERO,
    );
    let written = crate::output::Written {
        scenario: s,
        result: &run.result,
        summary: &summary,
        outcomes: &outcomes,
        spread: &run.spread,
        info: &info,
    };
    crate::output::write_all(staging, &written).map_err(failed)?;
    std::fs::read(out.join("report.html")).map_err(|e| failed(e.into()))
}
