//! The scenario file as written: permissive serde types that keep every
//! value's position (toml's `Spanned`) so validation can point at it. Unknown
//! keys are refused by `deny_unknown_fields`. Tagged enums and `flatten`
//! are avoided on purpose: they drop positions. The types themselves are
//! declared with their parameters in `super::sections`.

use toml::Spanned;

pub use super::sections::{
    RawArm, RawBehaviour, RawCommunity, RawEmailBlast, RawLinkBait, RawMoney, RawNetwork,
    RawNetworking, RawPopulation, RawScenario, RawSocialAds,
};

/// A value as written, with its position, if it is written.
pub type Field<T> = Option<Spanned<T>>;
