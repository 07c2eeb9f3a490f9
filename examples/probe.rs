use outreach::scenario;
use std::sync::atomic::AtomicU64;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let overrides: Vec<_> = args.iter().map(|a| scenario::Override::parse(a).unwrap()).collect();
    let (s, _) = scenario::load(None, &overrides).unwrap_or_else(|e| panic!("{e}"));
    let t = std::time::Instant::now();
    let r = outreach::engine::run(&s, &AtomicU64::new(0));
    eprintln!("{:.2}s", t.elapsed().as_secs_f64());
    for (a, name) in r.arms.iter().enumerate() {
        for d in [0usize, 6, 29, 89, 179, 364] {
            if d >= s.days as usize { continue; }
            let m = &r.series[a][0][d];
            println!("{name:>10} d{:>3} reach {:>6} aware {:>6} trust {:.3} tr {:.3} unsub {:>5} conv {:>5} list {:>5} foll {:>5} deliv {:>5} opens {:>4} clicks {:>3} compl {:>3} conv/d {:>3} pitch {:>3} posts {:>4} shares {:>4} heard {:>4} need {:>4}",
                d+1, m.reach, m.aware, m.trust, m.trust_reached, m.unsubscribes, m.conversions, m.list_size, m.followers, m.delivered, m.opens, m.clicks, m.complaints, m.conversations, m.pitches, m.posts_seen, m.shares, m.heard, m.in_need);
        }
    }
}
