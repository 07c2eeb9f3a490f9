//! The scenario file as written: permissive serde types that keep every
//! value's position (toml's `Spanned`) so validation can point at it. Unknown
//! keys are refused here by `deny_unknown_fields`. Tagged enums and `flatten`
//! are avoided on purpose: they drop positions.

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

pub type Field<T> = Option<Spanned<T>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: Field<String>,
    pub days: Field<i64>,
    pub seed: Field<i64>,
    pub replicates: Field<i64>,
    pub baseline: Field<String>,
    pub population: Option<RawPopulation>,
    pub behaviour: Option<RawBehaviour>,
    pub arms: Option<Spanned<IndexMap<String, Spanned<RawArm>>>>,
    /// `[sweep]`: read and checked by `crate::sweep::grid` (which needs the
    /// position of every list element); a plain run ignores it.
    pub sweep: Option<Spanned<toml::Table>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPopulation {
    pub size: Field<i64>,
    pub initial_trust: Field<f64>,
    pub initial_trust_sd: Field<f64>,
    pub needs_per_year: Field<f64>,
    pub need_days: Field<f64>,
    pub network: Option<RawNetwork>,
}

/// One flat table for every network kind; validation refuses keys that do
/// not apply to the chosen kind.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNetwork {
    pub kind: Field<String>,
    pub mean_degree: Field<i64>,
    pub rewiring: Field<f64>,
    pub triangle_closing: Field<f64>,
    pub communities: Field<i64>,
    pub inside_share: Field<f64>,
    pub path: Field<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBehaviour {
    pub awareness_half_life_days: Field<f64>,
    pub trust_negativity_ratio: Field<f64>,
    pub ask_trust: Field<f64>,
    pub need_purchase_per_day: Field<f64>,
    pub customer_trust_gain: Field<f64>,
    pub pitch_ready_trust: Field<f64>,
    pub word_of_mouth: Field<bool>,
    pub tell_trust: Field<f64>,
    pub tell_per_day: Field<f64>,
    pub listen_per_day: Field<i64>,
    pub friend_trust_gain: Field<f64>,
    pub friend_awareness: Field<f64>,
}

/// An arm: one optional table per kind of tactic, and optionally a network
/// of its own instead of the population's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArm {
    pub network: Option<Spanned<RawNetwork>>,
    #[serde(rename = "email-blast")]
    pub email_blast: Option<Spanned<RawEmailBlast>>,
    pub networking: Option<Spanned<RawNetworking>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmailBlast {
    pub community: Field<i64>,
    pub list_share: Field<f64>,
    pub cadence_days: Field<i64>,
    pub reference_cadence_days: Field<f64>,
    pub open_rate: Field<f64>,
    pub click_rate: Field<f64>,
    pub unsubscribe_rate: Field<f64>,
    pub complaint_rate: Field<f64>,
    pub list_decay_per_month: Field<f64>,
    pub fatigue_half_life_days: Field<f64>,
    pub open_fatigue_elasticity: Field<f64>,
    pub click_fatigue_elasticity: Field<f64>,
    pub unsubscribe_fatigue_elasticity: Field<f64>,
    pub complaint_fatigue_elasticity: Field<f64>,
    pub purchase_per_click: Field<f64>,
    pub open_awareness: Field<f64>,
    pub helpful_opens: Field<i64>,
    pub wear_out_opens: Field<i64>,
    pub open_trust_gain: Field<f64>,
    pub annoyance: Field<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNetworking {
    pub community: Field<i64>,
    pub conversations_per_day: Field<i64>,
    pub new_contact_share: Field<f64>,
    pub introduction_share: Field<f64>,
    pub conversation_trust_gain: Field<f64>,
    pub pitch_trust: Field<f64>,
    pub pitch_success: Field<f64>,
    pub pitch_success_in_need: Field<f64>,
    pub early_pitch_trust_loss: Field<f64>,
    pub early_pitch_unfollow: Field<f64>,
    pub follow_after_conversation: Field<f64>,
    pub follow_after_referral: Field<f64>,
    pub posts_per_week: Field<f64>,
    pub post_reach: Field<f64>,
    pub post_trust_gain: Field<f64>,
    pub post_awareness: Field<f64>,
}
