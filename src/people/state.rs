//! Person state for one arm, as parallel arrays split into fixed-size chunks.
//! A chunk is the unit of parallel work; its size never depends on the
//! thread count, and results do not depend on it either (all dice are keyed
//! by person, counts are integers, trust is summed in fixed point).

/// People per chunk.
pub const CHUNK: usize = 8192;

/// A person counts as aware while their awareness is at least this.
pub const AWARE_LEVEL: f32 = 0.25;

/// What has happened to a person in one arm.
pub type Flags = u16;

/// A day no run reaches (runs last at most 36,500 days).
pub const NEVER: u16 = u16::MAX;

/// Bit flags per person.
pub mod flag {
    use super::Flags;
    /// Has taken in the brand's message at least once.
    pub const REACHED: Flags = 1;
    /// On the email list and mailable.
    pub const ON_LIST: Flags = 1 << 1;
    /// Follows the brand's social account.
    pub const FOLLOWER: Flags = 1 << 2;
    /// Has had a conversation with the marketer.
    pub const CONTACT: Flags = 1 << 3;
    /// Has bought at least once.
    pub const CUSTOMER: Flags = 1 << 4;
    /// Currently needs the product (a life event, the same in every arm).
    pub const IN_NEED: Flags = 1 << 5;
    /// Has bought during the current need (cleared when the need changes).
    pub const SERVED: Flags = 1 << 6;
    /// Heard of the brand from a friend before first buying.
    pub const REFERRED: Flags = 1 << 7;
    /// Has been offended (and complained to friends); happens once.
    pub const OFFENDED: Flags = 1 << 8;
    /// Has seen the current piece of link bait.
    pub const BAIT_SEEN: Flags = 1 << 9;
    /// Belongs to the groups where the marketer takes part (community).
    pub const IN_GROUP: Flags = 1 << 10;
    /// Left the list (unsubscribed, complained or bounced): does not sign up again.
    pub const LEFT: Flags = 1 << 11;
}

/// What a person is, the same in every arm of a replicate.
pub mod trait_bit {
    /// Passes things on far more often than others.
    pub const HEAVY_SHARER: u8 = 1;
    /// In the target audience: the product is for them.
    pub const AUDIENCE: u8 = 1 << 1;
    /// Prefers social media to email.
    pub const PREFERS_SOCIAL: u8 = 1 << 2;
}

/// The state of the people `start .. start + len` in one arm.
#[derive(Clone, Debug, Default)]
pub struct Chunk {
    pub start: u32,
    pub trust: Vec<f32>,
    pub awareness: Vec<f32>,
    /// Recent emails, each decaying with the fatigue half-life, as of
    /// `fatigue_day` (the nights since are applied when next read).
    pub fatigue: Vec<f32>,
    /// Day fatigue was last brought up to date: the last send, or the day
    /// the address joined the list (`NEVER` for the list a run starts
    /// with). It also tells today's joiners apart, whom a budgeted mailing
    /// reaches from tomorrow.
    pub fatigue_day: Vec<u16>,
    /// Emails opened so far (for wear-out).
    pub opens: Vec<u16>,
    pub flags: Vec<Flags>,
    pub traits: Vec<u8>,
    /// Day on which the person's need next starts or passes.
    pub need_change: Vec<u16>,
    /// First day on which a send to the person's address bounces (it died).
    pub dies_day: Vec<u16>,
    /// Scratch: friends' words taken in today (attention limit).
    pub heard: Vec<u8>,
    /// Scratch: a bit for each person with something to do today, 64
    /// people to a word, the first in the lowest bit.
    pub active: Vec<u64>,
}

/// Bytes of state per person per arm (the vectors above; `active`'s bit
/// counted as a byte, an overestimate the memory estimate can afford).
pub const BYTES_PER_PERSON: u64 = 4 + 4 + 4 + 2 + 2 + 2 + 1 + 2 + 2 + 1 + 1;

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
            fatigue_day: vec![NEVER; len],
            opens: vec![0; len],
            flags: vec![0; len],
            traits: vec![0; len],
            need_change: vec![0; len],
            dies_day: vec![0; len],
            heard: vec![0; len],
            active: vec![0; len.div_ceil(64)],
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
    pub fn has(&self, i: usize, f: Flags) -> bool {
        self.flags[i] & f != 0
    }

    #[inline]
    pub fn is(&self, i: usize, t: u8) -> bool {
        self.traits[i] & t != 0
    }

    /// Whether a purchase is possible now: a first one, or a repeat during
    /// a need not yet served.
    #[inline]
    pub fn may_buy(&self, i: usize) -> bool {
        let f = self.flags[i];
        f & flag::CUSTOMER == 0 || f & (flag::IN_NEED | flag::SERVED) == flag::IN_NEED
    }
}
