//! How often a class client may ask. A classroom shares one router, so its
//! students share one address: each team's (and the teacher's) cookie has
//! its own bucket, and an address's bucket is large enough for a whole
//! class. Writes (join, submit, teacher actions: each saved to the class
//! file) have a smaller bucket than reads, so a student flooding the submit
//! button is slowed down without slowing anyone else.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Requests per second and burst of one bucket.
#[derive(Clone, Copy)]
struct Rate {
    per_second: f64,
    burst: f64,
}

/// Reads of one cookie (page loads, state after each change, the stream).
const READS: Rate = Rate {
    per_second: 20.0,
    burst: 60.0,
};
/// Writes of one cookie: a student revising a plan submits a few times a
/// minute; a flood gets "wait a moment".
const WRITES: Rate = Rate {
    per_second: 2.0,
    burst: 10.0,
};
/// Writes without a cookie (joining) of one address: a whole class joins
/// at once from behind one router.
const JOINS: Rate = Rate {
    per_second: 10.0,
    burst: 80.0,
};
/// All requests of one address: forty students and a projector behind one
/// router.
const ADDRESS: Rate = Rate {
    per_second: 600.0,
    burst: 1200.0,
};
/// Keys remembered; past this, idle ones are forgotten first.
const MAX_KEYS: usize = 4096;

#[derive(Default)]
pub struct Limiter {
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

/// Which bucket a request draws on.
pub enum Kind {
    Read,
    Write,
    /// A write without a cookie (joining), by address.
    Join,
    /// Every request, by address.
    Address,
}

impl Limiter {
    /// Takes one request from `key`'s bucket of `kind`; false when empty.
    pub fn allow(&self, kind: Kind, key: &str) -> bool {
        let (rate, prefix) = match kind {
            Kind::Read => (READS, "r:"),
            Kind::Write => (WRITES, "w:"),
            Kind::Join => (JOINS, "j:"),
            Kind::Address => (ADDRESS, "a:"),
        };
        let now = Instant::now();
        let key = format!("{prefix}{key}");
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_KEYS && !buckets.contains_key(&key) {
            buckets.retain(|_, (_, last)| now.duration_since(*last).as_secs_f64() < 10.0);
            if buckets.len() >= MAX_KEYS {
                return false;
            }
        }
        let bucket = buckets.entry(key).or_insert((rate.burst, now));
        crate::serve::limits::take_token(bucket, now, rate.per_second, rate.burst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cookie_has_its_own_bucket() {
        let l = Limiter::default();
        let a = (0..100).filter(|_| l.allow(Kind::Write, "team-a")).count();
        assert_eq!(a, WRITES.burst as usize);
        assert!(l.allow(Kind::Write, "team-b"));
        assert!(l.allow(Kind::Read, "team-a"));
    }
}
