//! Word of mouth in transit. Each chunk writes the words its people send
//! today into its own outbox; tomorrow, each chunk takes in the words
//! addressed to it, as the day's `Routes` hand them over: from every
//! outbox that has some, in chunk order. Nobody writes another chunk's
//! state, so the order of parallel work cannot change a result.

use super::state::CHUNK;

/// Something addressed to person `to`: a friend's word, or the marketer's
/// ad or link bait landing in their feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    pub to: u32,
    pub kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A friend recommends the brand.
    Recommend,
    /// A friend complains about the brand.
    Warn,
    /// Piece number `n` of link bait (from a friend, or seeded by the
    /// marketer); copies of an older piece still travelling are ignored.
    Bait(u16),
    /// An ad in the person's feed.
    Ad,
    /// The marketer bought the person's address for the list.
    Address,
}

/// Words sent by one chunk's people in one day, grouped by the chunk of the
/// person they are addressed to (a stable sort, so the order within a group
/// is the order in which they were sent). Only the groups that hold words
/// are listed: at 10,000,000 people there are 1,221 chunks, and most of a
/// chunk's few words of a day go to few of them, so nothing here costs a
/// step per chunk of the population unless the words outnumber the chunks.
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    chunks: usize,
    sent: Vec<Word>,
    sorted: Vec<Word>,
    /// The destination chunks that have words, ascending, each with its
    /// words' place in `sorted`.
    groups: Vec<Group>,
    /// Scratch for `seal`, kept to avoid allocating every day: sort keys
    /// (few words) or counts per chunk (many).
    keys: Vec<u64>,
    counts: Vec<u32>,
}

/// The words of `sorted[start..end]` are addressed to chunk `chunk`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    pub chunk: u32,
    pub start: u32,
    pub end: u32,
}

impl Outbox {
    pub fn new(chunks: usize) -> Self {
        Outbox {
            chunks,
            ..Outbox::default()
        }
    }

    /// Starts a new day (keeps the buffers' capacity).
    pub fn clear(&mut self) {
        self.sent.clear();
        self.sorted.clear();
        self.groups.clear();
    }

    #[inline]
    pub fn send(&mut self, to: u32, kind: Kind) {
        self.sent.push(Word { to, kind });
    }

    /// Groups today's words by destination chunk; call once at the end of the day.
    pub fn seal(&mut self) {
        let chunk_of = |w: &Word| w.to as usize / CHUNK;
        self.sorted.clear();
        self.groups.clear();
        if self.sent.is_empty() {
            return;
        }
        if self.sent.len() < self.chunks {
            // Few words: sort them by (chunk, order sent), a unique key, so
            // the unstable sort keeps the order within each chunk.
            self.keys.clear();
            let keys = self.sent.iter().enumerate();
            self.keys
                .extend(keys.map(|(k, w)| (chunk_of(w) as u64) << 32 | k as u64));
            self.keys.sort_unstable();
            let sent = &self.sent;
            self.sorted
                .extend(self.keys.iter().map(|&k| sent[(k & 0xffff_ffff) as usize]));
        } else {
            // Many: a counting sort over every chunk.
            self.counts.clear();
            self.counts.resize(self.chunks + 1, 0);
            for w in &self.sent {
                self.counts[chunk_of(w) + 1] += 1;
            }
            for c in 0..self.chunks {
                self.counts[c + 1] += self.counts[c];
            }
            self.sorted.resize(self.sent.len(), self.sent[0]);
            for &w in &self.sent {
                let at = &mut self.counts[chunk_of(&w)];
                self.sorted[*at as usize] = w;
                *at += 1;
            }
        }
        // The groups, from the sorted words.
        let mut start = 0;
        for (k, w) in self.sorted.iter().enumerate() {
            let next = self.sorted.get(k + 1).map(chunk_of);
            if next != Some(chunk_of(w)) {
                self.groups.push(Group {
                    chunk: chunk_of(w) as u32,
                    start,
                    end: k as u32 + 1,
                });
                start = k as u32 + 1;
            }
        }
    }

    /// The chunks with words, ascending (after `seal`).
    #[inline]
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The words of a group.
    #[inline]
    pub fn words(&self, g: Group) -> &[Word] {
        &self.sorted[g.start as usize..g.end as usize]
    }

    /// Words addressed to chunk `c` (after `seal`).
    #[inline]
    pub fn for_chunk(&self, c: usize) -> &[Word] {
        match self.groups.binary_search_by_key(&(c as u32), |g| g.chunk) {
            Ok(k) => self.words(self.groups[k]),
            Err(_) => &[],
        }
    }
}

/// Yesterday's words as each chunk takes them in: for each destination
/// chunk, the groups addressed to it, source chunks ascending. Built once a
/// day from the sealed outboxes, in steps of words, not of chunk pairs.
#[derive(Clone, Debug, Default)]
pub struct Routes {
    /// `[destination][k]`: (source chunk, group).
    to: Vec<Vec<(u32, Group)>>,
}

impl Routes {
    pub fn new(chunks: usize) -> Self {
        Routes {
            to: vec![Vec::new(); chunks],
        }
    }

    /// Routes the words of `outboxes` (every chunk's, in chunk order).
    pub fn build(&mut self, outboxes: &[Outbox]) {
        self.to.iter_mut().for_each(Vec::clear);
        for (src, out) in outboxes.iter().enumerate() {
            for &g in out.groups() {
                self.to[g.chunk as usize].push((src as u32, g));
            }
        }
    }

    /// The words addressed to chunk `c`, source chunks ascending, each in
    /// the order it was sent.
    pub fn for_chunk<'a>(
        &'a self,
        c: usize,
        outboxes: &'a [Outbox],
    ) -> impl Iterator<Item = &'a Word> + 'a {
        self.to[c]
            .iter()
            .flat_map(move |&(src, g)| outboxes[src as usize].words(g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealing_groups_by_chunk_and_keeps_order() {
        let mut o = Outbox::new(3);
        let c = CHUNK as u32;
        for to in [2 * c + 1, 5, c, 3, 2 * c] {
            o.send(to, Kind::Recommend);
        }
        o.seal();
        let w = |to| Word {
            to,
            kind: Kind::Recommend,
        };
        assert_eq!(o.for_chunk(0), &[w(5), w(3)]);
        assert_eq!(o.for_chunk(1), &[w(c)]);
        assert_eq!(o.for_chunk(2), &[w(2 * c + 1), w(2 * c)]);
        o.clear();
        o.seal();
        assert!(o.for_chunk(2).is_empty());
        assert!(o.groups().is_empty());
    }

    /// Few words (sorted by key) and many (counted per chunk) are grouped
    /// alike: the same words in the same order for every chunk.
    #[test]
    fn both_ways_of_sealing_agree() {
        let mut state = 7u64;
        for len in [1usize, 5, 40, 300] {
            // Fewer words than chunks are sorted by key, more are counted:
            // at 5 and 40 words the two outboxes take different ways (at
            // 1 word both sort, at 300 both count).
            let (mut few, mut many) = (Outbox::new(50), Outbox::new(4));
            for k in 0..len {
                state = crate::rng::mix(state + k as u64);
                let to = (state % (4 * CHUNK as u64)) as u32;
                let kind = if state % 3 == 0 {
                    Kind::Warn
                } else {
                    Kind::Bait(k as u16)
                };
                few.send(to, kind);
                many.send(to, kind);
            }
            few.seal();
            many.seal();
            assert_eq!(few.groups(), many.groups(), "{len} words");
            for c in 0..4 {
                assert_eq!(
                    few.for_chunk(c),
                    many.for_chunk(c),
                    "{len} words, chunk {c}"
                );
            }
            let total: usize = (0..4).map(|c| few.for_chunk(c).len()).sum();
            assert_eq!(total, len);
        }
    }

    /// Each chunk takes in yesterday's words from every chunk's outbox in
    /// chunk order, each outbox's in the order sent, as when it read every
    /// outbox in turn.
    #[test]
    fn routes_deliver_in_chunk_order() {
        let c = CHUNK as u32;
        let mut outboxes: Vec<Outbox> = (0..3).map(|_| Outbox::new(3)).collect();
        outboxes[2].send(c + 1, Kind::Recommend);
        outboxes[0].send(c + 2, Kind::Warn);
        outboxes[2].send(5, Kind::Recommend);
        outboxes[0].send(c + 3, Kind::Recommend);
        outboxes.iter_mut().for_each(Outbox::seal);
        let mut routes = Routes::new(3);
        routes.build(&outboxes);
        let to = |chunk| -> Vec<u32> { routes.for_chunk(chunk, &outboxes).map(|w| w.to).collect() };
        assert_eq!(to(1), [c + 2, c + 3, c + 1]);
        assert_eq!(to(0), [5]);
        assert!(to(2).is_empty());
        let by_reading: Vec<u32> = outboxes
            .iter()
            .flat_map(|o| o.for_chunk(1))
            .map(|w| w.to)
            .collect();
        assert_eq!(to(1), by_reading);
    }
}
