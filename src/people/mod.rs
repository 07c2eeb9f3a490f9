//! The simulated people, shared by the tactics and the engine: each chunk's
//! person state, the day's counts, the outbox of messages, the purchase and
//! trust rules, the people as every arm starts them, and the world
//! (networks, behaviour and that start) of one replicate.
//! Below both: it imports neither `tactics` nor `engine`.

pub mod counts;
pub mod outbox;
pub mod purchase;
pub mod start;
pub mod state;
pub mod trust;
pub mod world;
