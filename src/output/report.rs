//! `report.html`: the whole run as one self-contained page to open offline
//! or print as a handout. Styles are inline, charts are the SVG files of the
//! same folder pasted in, and nothing is fetched from anywhere. No dates,
//! paths or timings go in, so the same run always writes the same bytes.

use std::fmt::Write;
use std::path::Path;

use anyhow::Context;

use super::spread_svg;
use super::Written;
use crate::metrics::METRICS;
use crate::outcomes::{self, Outcome, Verdict};
use crate::scenario::{NetworkConfig, Scenario};
use crate::spread::{PersonState, SpreadPicture};

macro_rules! put {
    ($buf:expr, $($arg:tt)*) => {
        let _ = writeln!($buf, $($arg)*);
    };
}

/// Writes `report.html` into `dir`, which already holds the charts' SVG files.
pub fn write_report(dir: &Path, w: &Written) -> anyhow::Result<()> {
    let chart = |stem: &str| -> anyhow::Result<Option<String>> {
        let path = dir.join(format!("{stem}.svg"));
        if !path.exists() {
            return Ok(None);
        }
        let svg = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        Ok(Some(svg))
    };
    let html = report(w, chart("dashboard")?, chart("profit")?, chart("compare")?);
    std::fs::write(dir.join("report.html"), html).context("writing report.html")
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
  color: #1a1a1a; background: #fff; max-width: 62rem; margin: 0 auto; padding: 1.5rem; line-height: 1.45; font-size: 16px; }
h1 { font-size: 1.8rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p.lead { font-size: 1.05rem; color: #333; margin-top: 0; }
dl.lesson { display: grid; grid-template-columns: 11rem 1fr; gap: .4rem 1rem; margin: 0; }
dl.lesson dt { font-weight: 600; }
dl.lesson dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border: 1px solid #ccc; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.verdict { font-weight: 700; white-space: nowrap; }
.holds { color: #005f46; }
.fails { color: #a33f00; }
.unclear { color: #7a5500; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: .9rem; color: #444; margin-top: .3rem; }
.note { font-size: .9rem; color: #444; }
.arm { break-inside: avoid; page-break-inside: avoid; margin: 1rem 0; }
.arm h3 { margin-bottom: .3rem; }
.days { display: grid; grid-template-columns: repeat(4, 1fr); gap: .6rem; }
.days figure { margin: 0; }
.days figcaption { font-size: .8rem; }
ul.legend { list-style: none; padding: 0; margin: .5rem 0; display: flex; flex-wrap: wrap; gap: .4rem 1.4rem; font-size: .9rem; }
ul.legend li { display: flex; align-items: center; gap: .35rem; }
pre { columns: 2 22rem; column-gap: 2rem; background: #f6f6f6; border: 1px solid #ddd; padding: .6rem; font-size: .8rem; overflow-x: auto; white-space: pre-wrap; }
footer { margin-top: 2rem; font-size: .85rem; color: #555; border-top: 1px solid #ccc; padding-top: .5rem; }
@page { margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  table, tr, dl.lesson { break-inside: avoid; page-break-inside: avoid; }
  pre { font-size: 7.5pt; }
  .days figcaption { font-size: 7.5pt; }
}
"#;

fn report(
    w: &Written,
    dashboard: Option<String>,
    profit: Option<String>,
    compare: Option<String>,
) -> String {
    let s = w.scenario;
    let mut h = String::new();
    put!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>outreach: scenario \"{}\"</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape(&s.name)
    );
    put!(
        h,
        "<header>\n<h1>Scenario \"{}\"</h1>\n<p class=\"lead\">{}</p>\n</header>",
        escape(&s.name),
        escape(&setting(s))
    );
    if let Some(lesson) = &s.lesson {
        put!(h, "<section>\n<h2>The lesson</h2>\n<dl class=\"lesson\">");
        for (term, text) in [
            ("The question", &lesson.question),
            ("What to change", &lesson.change),
            ("What to look for", &lesson.look_for),
        ] {
            put!(h, "<dt>{term}</dt><dd>{}</dd>", escape(text));
        }
        put!(h, "</dl>");
        if !w.outcomes.is_empty() {
            outcome_table(&mut h, w.outcomes, s.replicates);
        }
        put!(h, "</section>");
    }
    put!(h, "<section>\n<h2>What happened</h2>");
    if let Some(svg) = dashboard {
        put!(
            h,
            "<figure>\n{svg}<figcaption>Top row: each line is an arm (a way of marketing), averaged over {} replicate(s); the shaded band around it is the 95% confidence interval of that arm's own average. Arms meet the same people, market and life events, so two bands can overlap while the difference between the arms is still real: judge differences on the bottom row, where each arm's difference from the baseline, replicate by replicate, has its own band; a band that does not cross 0 is a real difference in these replicates.</figcaption>\n</figure>",
            s.replicates
        );
    }
    if let Some(svg) = profit {
        put!(
            h,
            "<figure>\n{svg}<figcaption>Money: sales times the margin, minus everything the arm has cost so far (money spent plus hours at the hourly rate). Where the line crosses 0 the arm has paid back.</figcaption>\n</figure>"
        );
    }
    if let Some(svg) = compare {
        put!(
            h,
            "<figure>\n{svg}<figcaption>Each arm minus the baseline arm \"{}\", replicate by replicate (both arms meet the same people, market and life events, so shared luck cancels), in the arm's own colour, with its paired 95% interval as the shaded band. The bold line at 0 is \"{}\" itself: above it, more than the baseline; a band that does not cross it is a real difference in these replicates.</figcaption>\n</figure>",
            escape(&s.baseline),
            escape(&s.baseline)
        );
    }
    put!(h, "</section>");
    spread_section(&mut h, w.spread);
    put!(
        h,
        "<section>\n<h2>What the metrics mean</h2>\n<table>\n<tr><th>metric</th><th>unit</th><th>meaning</th></tr>"
    );
    for m in METRICS {
        put!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            m.name,
            escape(m.unit),
            escape(m.meaning)
        );
    }
    put!(h, "</table>\n</section>");
    put!(
        h,
        "<section>\n<h2>The scenario's parameters</h2>\n<p class=\"note\">Every value of the run, defaults filled in: this is <code>scenario.toml</code> in the same folder, and <code>outreach run scenario.toml</code> reproduces the run exactly. <code>outreach params</code> explains each parameter, with its unit and source.</p>\n<pre>{}</pre>\n</section>",
        escape(&s.to_toml())
    );
    put!(
        h,
        "<footer>Written by outreach {}. The CSV files beside this report hold every number behind it (docs/GUIDE.md defines their columns).</footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    h
}

/// One sentence on who was simulated, how long and how often.
fn setting(s: &Scenario) -> String {
    let arms: Vec<String> = s.arms.iter().map(|a| format!("\"{}\"", a.name)).collect();
    let network = match &s.population.network {
        NetworkConfig::WellMixed => "well mixed (no fixed friendships)".to_string(),
        n => format!(
            "on a {} network with about {:.0} friends each",
            n.kind(),
            n.expected_mean_degree()
        ),
    };
    format!(
        "{} people {network}, {} days, {} replicate(s) with seed {}. Arms compared: {}.",
        thousands(s.population.size),
        s.days,
        s.replicates,
        s.seed,
        arms.join(", ")
    )
}

/// 10000 as "10,000".
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn outcome_table(h: &mut String, outcomes: &[Outcome], replicates: u32) {
    put!(
        h,
        "<h3>Expected outcomes, checked</h3>\n<table>\n<tr><th>verdict</th><th>expected outcome</th><th>what was compared</th><th>result [95% interval]</th></tr>"
    );
    for o in outcomes {
        let (class, mark) = match o.verdict {
            Verdict::Holds => ("holds", "&#10003; holds"),
            Verdict::Fails => ("fails", "&#10007; fails"),
            Verdict::NotYetClear => ("unclear", "? not yet clear"),
        };
        let e = &o.expect;
        let side = if e.above { "above" } else { "below" };
        let bounds = |shift: f64| match (o.difference.low, o.difference.high) {
            (Some(lo), Some(hi)) => format!(
                "{} [{}, {}]",
                outcomes::num(o.difference.mean + shift),
                outcomes::num(lo + shift),
                outcomes::num(hi + shift)
            ),
            _ => format!(
                "{} (one replicate: no interval)",
                outcomes::num(o.difference.mean + shift)
            ),
        };
        let (what, numbers) = match &e.against {
            crate::scenario::lesson::Against::Arm(other) => (
                format!(
                    "{} of \"{}\" minus that of \"{other}\" on day {}, replicate by replicate: expected {side} 0",
                    e.metric, e.arm, o.day
                ),
                bounds(0.0),
            ),
            crate::scenario::lesson::Against::Value(v) => (
                format!(
                    "{} of \"{}\" on day {}: expected {side} {}",
                    e.metric,
                    e.arm,
                    o.day,
                    outcomes::num(*v)
                ),
                bounds(*v),
            ),
        };
        put!(
            h,
            "<tr><td class=\"verdict {class}\">{mark}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(&e.says),
            escape(&what),
            escape(&match o.settle.advice() {
                Some(advice) => format!("{numbers}: {advice}"),
                None => numbers,
            })
        );
    }
    put!(h, "</table>");
    put!(
        h,
        "<p class=\"note\"><b>holds</b>: the whole 95% interval is on the expected side (of 0 for a difference between two arms, of the value otherwise). <b>fails</b>: it is wholly on the other side. <b>not yet clear</b>: it straddles the line, so {replicates} replicate(s) cannot tell; the observed spread says roughly how many would (<code>--replicates</code>), or that no reasonable number would, when the effect may be zero.</p>"
    );
}

fn spread_section(h: &mut String, spread: &SpreadPicture) {
    put!(
        h,
        "<section>\n<h2>How the word spread: a sample of the network</h2>"
    );
    if spread.arms.iter().all(|a| a.sample.is_none()) {
        put!(
            h,
            "<p class=\"note\">Not drawn: the population is well mixed (anyone may tell anyone), so there are no friendships to show.</p>\n</section>"
        );
        return;
    }
    let days: Vec<String> = spread.days.iter().map(|d| format!("day {d}")).collect();
    put!(
        h,
        "<p class=\"note\">About {} people of the first replicate, found by starting from one person picked at random and following friendships outward (each person brings in up to four friends). Lines are some of their friendships. Each row is one arm on {}; the sample is the same in every picture of a network, so a change of mark is a change in that person.</p>",
        crate::spread::SAMPLE_PEOPLE,
        days.join(", ")
    );
    h.push_str(&spread_svg::legend());
    for arm in &spread.arms {
        let Some(sample) = arm.sample.and_then(|k| spread.samples[k].as_ref()) else {
            put!(
                h,
                "<div class=\"arm\"><h3>{}</h3><p class=\"note\">Not drawn: this arm's network is well mixed, with no friendships to show.</p></div>",
                escape(&arm.arm)
            );
            continue;
        };
        put!(
            h,
            "<div class=\"arm\">\n<h3>{}</h3>\n<div class=\"days\">",
            escape(&arm.arm)
        );
        for ((day, states), &ever) in spread.days.iter().zip(&arm.states).zip(&arm.ever_reached) {
            let label = format!("{} on day {day}", arm.arm);
            let counts: Vec<String> = spread_svg::counts(states)
                .into_iter()
                .filter(|&(st, n)| n > 0 && st != PersonState::NotReached)
                .map(|(st, n)| st.counted(n))
                .collect();
            // Ever reached is cumulative, like the reach chart; the states
            // are where people stand today, so "reached" alone can fall.
            let caption = if counts.is_empty() {
                "nobody reached yet".to_string()
            } else {
                format!("{ever} ever reached; now {}", counts.join("; "))
            };
            put!(
                h,
                "<figure>\n{}<figcaption><b>Day {day}</b>: {}</figcaption>\n</figure>",
                spread_svg::picture(sample, states, &escape(&label)),
                escape(&caption)
            );
        }
        put!(h, "</div>\n</div>");
    }
    put!(h, "</section>");
}
