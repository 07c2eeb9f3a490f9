//! Word of mouth in transit. Each chunk writes the words its people send
//! today into its own outbox; tomorrow, each chunk reads the words addressed
//! to it from every outbox, in chunk order. Nobody writes another chunk's
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
/// person they are addressed to (a stable counting sort, so the order within
/// a group is the order in which they were sent).
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    sent: Vec<Word>,
    sorted: Vec<Word>,
    /// `sorted[offsets[c]..offsets[c + 1]]` are addressed to chunk `c`.
    offsets: Vec<u32>,
    /// Scratch for `seal`, kept to avoid allocating every day.
    cursor: Vec<u32>,
}

impl Outbox {
    pub fn new(chunks: usize) -> Self {
        Outbox {
            sent: Vec::new(),
            sorted: Vec::new(),
            offsets: vec![0; chunks + 1],
            cursor: vec![0; chunks],
        }
    }

    /// Starts a new day (keeps the buffers' capacity).
    pub fn clear(&mut self) {
        self.sent.clear();
        self.sorted.clear();
        self.offsets.iter_mut().for_each(|o| *o = 0);
    }

    #[inline]
    pub fn send(&mut self, to: u32, kind: Kind) {
        self.sent.push(Word { to, kind });
    }

    /// Groups today's words by destination chunk; call once at the end of the day.
    pub fn seal(&mut self) {
        let chunks = self.offsets.len() - 1;
        let mut counts = std::mem::take(&mut self.offsets);
        counts.iter_mut().for_each(|c| *c = 0);
        for w in &self.sent {
            counts[w.to as usize / CHUNK + 1] += 1;
        }
        for c in 0..chunks {
            counts[c + 1] += counts[c];
        }
        self.sorted.clear();
        self.sorted.resize(
            self.sent.len(),
            Word {
                to: 0,
                kind: Kind::Recommend,
            },
        );
        self.cursor.copy_from_slice(&counts[..chunks]);
        for &w in &self.sent {
            let c = w.to as usize / CHUNK;
            self.sorted[self.cursor[c] as usize] = w;
            self.cursor[c] += 1;
        }
        self.offsets = counts;
    }

    /// Words addressed to chunk `c` (after `seal`).
    #[inline]
    pub fn for_chunk(&self, c: usize) -> &[Word] {
        &self.sorted[self.offsets[c] as usize..self.offsets[c + 1] as usize]
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
    }
}
