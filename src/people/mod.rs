//! The simulated people, shared by the tactics and the engine: each chunk's
//! person state, the day's counts, the outbox of messages, the purchase and
//! trust rules, and the world (networks and behaviour) of one replicate.
//! Below both: it imports neither `tactics` nor `engine`.

pub mod counts;
pub mod outbox;
pub mod purchase;
pub mod state;
pub mod trust;
pub mod world;
