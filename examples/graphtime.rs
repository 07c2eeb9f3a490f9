fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .map(|s| s.parse().unwrap())
        .unwrap_or(1_000_000);
    let t = std::time::Instant::now();
    let g = outreach::population::small_world::small_world(n, 100, 0.1, 1, 0);
    println!(
        "{} people {} friendships in {:.2}s",
        g.len(),
        g.friendships(),
        t.elapsed().as_secs_f64()
    );
}
