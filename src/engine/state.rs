//! Person state for one arm, as parallel arrays split into fixed-size chunks.
//! A chunk is the unit of parallel work; its size never depends on the
//! thread count, and results do not depend on it either (all dice are keyed
//! by person, counts are integers, trust is summed in fixed point).

/// People per chunk.
pub const CHUNK: usize = 8192;

/// A person counts as aware while their awareness is at least this.
pub const AWARE_LEVEL: f32 = 0.25;

/// Bit flags per person.
pub mod flag {
    /// Has taken in the brand's message at least once.
    pub const REACHED: u8 = 1;
    /// On the email list and mailable.
    pub const ON_LIST: u8 = 1 << 1;
    /// Follows the brand's social account.
    pub const FOLLOWER: u8 = 1 << 2;
    /// Has had a conversation with the marketer.
    pub const CONTACT: u8 = 1 << 3;
    /// Has bought.
    pub const CUSTOMER: u8 = 1 << 4;
    /// Currently needs the product (a life event, the same in every arm).
    pub const IN_NEED: u8 = 1 << 5;
}

/// The state of the people `start .. start + len` in one arm.
#[derive(Clone, Debug, Default)]
pub struct Chunk {
    pub start: u32,
    pub trust: Vec<f32>,
    pub awareness: Vec<f32>,
    /// Recent emails, each decaying with the fatigue half-life.
    pub fatigue: Vec<f32>,
    /// Emails opened so far (for wear-out).
    pub opens: Vec<u16>,
    pub flags: Vec<u8>,
    /// Day on which the person's need next starts or passes.
    pub need_change: Vec<u16>,
    /// Scratch: friends' words taken in today (attention limit).
    pub heard: Vec<u8>,
}

/// Bytes of state per person per arm (the vectors above).
pub const BYTES_PER_PERSON: u64 = 4 + 4 + 4 + 2 + 1 + 2 + 1;

impl Chunk {
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    pub fn with_len(start: u32, len: usize) -> Self {
        Chunk {
            start,
            trust: vec![0.0; len],
            awareness: vec![0.0; len],
            fatigue: vec![0.0; len],
            opens: vec![0; len],
            flags: vec![0; len],
            need_change: vec![0; len],
            heard: vec![0; len],
        }
    }
}

/// Which chunk holds person `p`, and where in it.
#[inline]
pub fn locate(p: u32) -> (usize, usize) {
    (p as usize / CHUNK, p as usize % CHUNK)
}

/// Number of chunks for `n` people.
pub fn chunk_count(n: u32) -> usize {
    (n as usize).div_ceil(CHUNK)
}

impl Chunk {
    /// The person took in the brand's message through a channel that leaves
    /// `awareness` in [0, 1] (docs/MODEL.md, "Awareness").
    #[inline]
    pub fn take_in(&mut self, i: usize, awareness: f32) {
        self.flags[i] |= flag::REACHED;
        let a = &mut self.awareness[i];
        *a += awareness * (1.0 - *a);
    }

    #[inline]
    pub fn has(&self, i: usize, f: u8) -> bool {
        self.flags[i] & f != 0
    }
}
