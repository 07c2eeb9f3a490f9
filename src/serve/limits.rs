//! What one client of the live page may ask of the server: the size of a
//! run, of a request, and how often it may ask. Every request is treated as
//! hostile; these numbers are what keeps one page (or one script posing as
//! one) from taking the machine from the others.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// The size limits of a run requested from the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// `--max-people`: people in one run's population.
    pub max_people: u32,
    /// `--max-agent-days`: people x days x arms x replicates of one run.
    pub max_agent_days: u64,
}

impl Default for Limits {
    /// A few seconds of simulation on 2 cores at the engine's measured
    /// speed (docs/PERFORMANCE.md); the default scenario is 73 million
    /// agent-days, the largest lesson (budget) 467 million, the largest
    /// "try this" variant (mixing's, 80 replicates) 584 million. Every
    /// lesson and every variant must fit (a test checks it), so that the
    /// page checks a lesson in full and its report.html can be taken away.
    fn default() -> Self {
        Limits {
            max_people: 200_000,
            max_agent_days: 1_000_000_000,
        }
    }
}

/// Largest request body: a scenario as JSON is a few kilobytes (a test
/// checks that every lesson fits).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Days x arms x replicates of one run, each a day's metrics kept for the
/// run's tables and verdicts (about 350 bytes each: 35 MB at most) and
/// streamed to the page. Every lesson fits (a test checks it).
pub const MAX_KEPT_DAYS: u64 = 100_000;

/// Runs that may wait for a free core, beyond those running; more are
/// refused with 503 rather than queued without bound.
pub const MAX_WAITING_RUNS: usize = 32;

/// Requests per second one address may make, on average.
const REQUESTS_PER_SECOND: f64 = 30.0;
/// Requests one address may make at once after a quiet spell (a page
/// loading its assets, a burst of slider moves).
const BURST: f64 = 60.0;
/// Addresses remembered; past this the fullest buckets (idle clients) are
/// forgotten, so a flood of addresses cannot grow the table.
const MAX_CLIENTS: usize = 4096;

/// A token bucket per client address. Hand-written (a dozen lines) rather
/// than `governor`/`tower_governor`, which would add about ten crates to
/// the build for the same arithmetic.
#[derive(Default)]
pub struct RateLimiter {
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    /// Takes one request from `client`'s bucket; false when it is empty.
    pub fn allow(&self, client: IpAddr) -> bool {
        self.allow_at(client, Instant::now())
    }

    fn allow_at(&self, client: IpAddr, now: Instant) -> bool {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&client) {
            buckets.retain(|_, (_, last)| now.duration_since(*last).as_secs_f64() < 10.0);
        }
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&client) {
            return false;
        }
        let bucket = buckets.entry(client).or_insert((BURST, now));
        take_token(bucket, now, REQUESTS_PER_SECOND, BURST)
    }
}

/// A token bucket `(tokens, last used)`: refilled at `per_second` up to
/// `burst` for the time since it was last used, then one token taken if
/// there is one. Shared with class mode's limits per cookie.
pub(crate) fn take_token(
    bucket: &mut (f64, Instant),
    now: Instant,
    per_second: f64,
    burst: f64,
) -> bool {
    let (tokens, last) = bucket;
    *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * per_second).min(burst);
    *last = now;
    if *tokens >= 1.0 {
        *tokens -= 1.0;
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_allowed_then_refused_until_the_bucket_refills() {
        let limiter = RateLimiter::default();
        let me: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let t = Instant::now();
        let allowed = (0..100).filter(|_| limiter.allow_at(me, t)).count();
        assert_eq!(allowed, BURST as usize);
        assert!(!limiter.allow_at(me, t));
        // Another address has its own bucket.
        assert!(limiter.allow_at(other, t));
        // A second later, a second's worth of requests again.
        let later = t + Duration::from_secs(1);
        let allowed = (0..100).filter(|_| limiter.allow_at(me, later)).count();
        assert_eq!(allowed, REQUESTS_PER_SECOND as usize);
    }
}
