use outreach::scenario;
use std::sync::atomic::AtomicU64;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let overrides: Vec<_> = args
        .iter()
        .map(|a| scenario::Override::parse(a).unwrap())
        .collect();
    let (s, _) = scenario::load(None, &overrides).unwrap_or_else(|e| panic!("{e}"));
    let t = std::time::Instant::now();
    let (r, tm) = outreach::engine::run_timed(&s, &AtomicU64::new(0));
    let sim = (tm.total - tm.graph).as_secs_f64();
    eprintln!(
        "{:.2}s total, graph {:.2}s, simulation {:.2}s = {:.0} M agent-days/s",
        t.elapsed().as_secs_f64(),
        tm.graph.as_secs_f64(),
        sim,
        s.agent_days() as f64 / sim / 1e6
    );
    let sum = outreach::summary::summarise(&r);
    for (a, name) in r.arms.iter().enumerate() {
        for d in [1usize, 7, 30, 60, 90, 180, 365] {
            if d > s.days as usize {
                continue;
            }
            let g = |m: &str| sum.series(a, m)[d - 1].mean;
            println!("{name:>10} d{:>3} reach {:>7.0} aware {:>6.0} trust {:.3} tr {:.3} unsub {:>6.0} conv {:>6.1} list {:>6.0} foll {:>5.0} deliv {:>6.0} opens {:>5.0} clicks {:>4.0} compl {:>4.1} pitch {:>3.0} posts {:>4.0} shares {:>5.0} heard {:>5.0}",
                d, g("reach"), g("aware"), g("trust"), g("trust_reached"), g("unsubscribes"), g("conversions"), g("list_size"), g("followers"), g("delivered"), g("opens"), g("clicks"), g("complaints"), g("pitches"), g("posts_seen"), g("shares"), g("heard"));
        }
    }
    if r.arms.len() == 2 {
        let c = |a: usize, d: usize| sum.series(a, "conversions")[d].mean;
        let o = (0..s.days as usize).find(|&d| c(1, d) > c(0, d));
        println!("networking overtakes on day {:?}", o.map(|d| d + 1));
    }
}
