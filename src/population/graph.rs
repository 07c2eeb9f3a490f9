//! The friendship graph in compressed sparse row form: `offsets` and
//! `neighbours`, nothing else. Undirected: each friendship is stored at both
//! ends, each list sorted and free of duplicates and self-loops.

/// An undirected graph over people `0..len()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    offsets: Vec<u64>,
    neighbours: Vec<u32>,
}

impl Graph {
    /// Builds from per-node lists laid end to end. `offsets` has one entry
    /// per person plus one; lists must already be sorted, deduplicated and
    /// symmetric (checked in debug builds).
    pub fn from_parts(offsets: Vec<u64>, neighbours: Vec<u32>) -> Self {
        debug_assert_eq!(*offsets.last().unwrap_or(&0) as usize, neighbours.len());
        let g = Graph {
            offsets,
            neighbours,
        };
        debug_assert!(g.is_simple_undirected());
        g
    }

    /// Number of people.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Friends of person `i`.
    #[inline]
    pub fn friends(&self, i: u32) -> &[u32] {
        let i = i as usize;
        &self.neighbours[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Number of friendships (each counted once).
    pub fn friendships(&self) -> u64 {
        self.neighbours.len() as u64 / 2
    }

    pub fn mean_degree(&self) -> f64 {
        if self.is_empty() {
            return 0.0;
        }
        self.neighbours.len() as f64 / self.len() as f64
    }

    /// Bytes held by the two arrays.
    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * 8 + self.neighbours.capacity() * 4
    }

    /// Local clustering coefficient of person `i`: the share of pairs of
    /// friends who are friends themselves (0 with fewer than two friends).
    pub fn local_clustering(&self, i: u32) -> f64 {
        let f = self.friends(i);
        if f.len() < 2 {
            return 0.0;
        }
        let mut links = 0u64;
        for &a in f {
            links += sorted_intersection(self.friends(a), f) as u64;
        }
        // Each link between two friends was counted from both ends.
        let pairs = f.len() as f64 * (f.len() as f64 - 1.0);
        links as f64 / pairs
    }

    fn is_simple_undirected(&self) -> bool {
        (0..self.len() as u32).all(|i| {
            let f = self.friends(i);
            f.windows(2).all(|w| w[0] < w[1])
                && f.iter()
                    .all(|&j| j != i && self.friends(j).binary_search(&i).is_ok())
        })
    }
}

fn sorted_intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}
