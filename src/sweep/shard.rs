//! `--shard K/N`: a fixed slice of a sweep's grid, so that N independent jobs
//! (a cluster job array) cover it between them. Combination `i` (counted from
//! 0 in grid order) belongs to shard `i % N + 1`: dealing combinations out
//! like cards spreads slow and fast ones evenly over the shards.

use std::fmt;
use std::str::FromStr;

/// Shard `index` of `count`, both counted from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// The grid positions of this shard's combinations, in grid order.
    pub fn combinations(self, grid_len: u64) -> impl Iterator<Item = u64> {
        (self.index - 1..grid_len).step_by(self.count as usize)
    }

    /// How many combinations of a grid of `grid_len` this shard holds.
    pub fn len(self, grid_len: u64) -> u64 {
        (grid_len + self.count - self.index) / self.count
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not K/N with 1 <= K <= N (for example 2/8)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count || count > u64::from(u32::MAX) {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_deal_every_combination_exactly_once() {
        for grid in [0u64, 1, 5, 12, 13] {
            let mut seen = Vec::new();
            for index in 1..=4 {
                let shard = Shard { index, count: 4 };
                let mine: Vec<u64> = shard.combinations(grid).collect();
                assert_eq!(mine.len() as u64, shard.len(grid));
                assert!(mine.iter().all(|i| i % 4 == index - 1));
                seen.extend(mine);
            }
            seen.sort();
            assert_eq!(seen, (0..grid).collect::<Vec<_>>());
        }
    }

    #[test]
    fn parse_refuses_impossible_shards() {
        assert_eq!("2/8".parse(), Ok(Shard { index: 2, count: 8 }));
        for bad in ["0/4", "5/4", "4", "a/b", "1/0", "-1/4"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
