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
    pub money: Option<RawMoney>,
    pub arms: Option<Spanned<IndexMap<String, Spanned<RawArm>>>>,
    /// What the scenario teaches (`super::lesson`).
    pub lesson: Option<Spanned<super::lesson::RawLesson>>,
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
    pub market_spread: Field<f64>,
    pub heavy_sharer_share: Field<f64>,
    pub heavy_sharer_factor: Field<f64>,
    pub audience_share: Field<f64>,
    pub outside_purchase_factor: Field<f64>,
    pub social_preference_share: Field<f64>,
    pub channel_preference_strength: Field<f64>,
    pub network: Option<RawNetwork>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMoney {
    pub hourly_rate: Field<f64>,
    pub price: Field<f64>,
    pub margin: Field<f64>,
    pub referral_extra_value: Field<f64>,
    pub daily_budget: Field<f64>,
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
    pub negative_word_trust_loss: Field<f64>,
    pub negative_pass_on: Field<f64>,
    pub complaint_tells: Field<i64>,
}

/// An arm: one optional table per kind of tactic, and optionally a network
/// of its own instead of the population's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArm {
    pub stop_day: Field<i64>,
    pub network: Option<Spanned<RawNetwork>>,
    #[serde(rename = "email-blast")]
    pub email_blast: Option<Spanned<RawEmailBlast>>,
    pub networking: Option<Spanned<RawNetworking>>,
    #[serde(rename = "social-ads")]
    pub social_ads: Option<Spanned<RawSocialAds>>,
    #[serde(rename = "link-bait")]
    pub link_bait: Option<Spanned<RawLinkBait>>,
    pub community: Option<Spanned<RawCommunity>>,
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
    pub wear_out_trust_loss: Field<f64>,
    pub annoyance: Field<f64>,
    pub signup_per_visit: Field<f64>,
    pub complaint_threshold: Field<f64>,
    pub spam_inbox_share: Field<f64>,
    pub reputation_half_life_days: Field<f64>,
    pub cost_per_address: Field<f64>,
    pub cost_per_email: Field<f64>,
    pub hours_per_send: Field<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNetworking {
    pub community: Field<i64>,
    pub conversations_per_day: Field<i64>,
    pub new_contact_share: Field<f64>,
    pub introduction_share: Field<f64>,
    pub targeting: Field<f64>,
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
    pub hours_per_conversation: Field<f64>,
    pub hours_per_post: Field<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSocialAds {
    pub community: Field<i64>,
    pub reach_per_day: Field<f64>,
    pub targeting: Field<f64>,
    pub ad_awareness: Field<f64>,
    pub click_rate: Field<f64>,
    pub purchase_per_click: Field<f64>,
    pub offence_rate: Field<f64>,
    pub outside_offence_factor: Field<f64>,
    pub offence_trust_loss: Field<f64>,
    pub intrusion: Field<f64>,
    pub cost_per_impression: Field<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLinkBait {
    pub every_days: Field<i64>,
    pub seeds: Field<i64>,
    pub pass_on: Field<f64>,
    pub bait_awareness: Field<f64>,
    pub bait_trust_gain: Field<f64>,
    pub hours_per_piece: Field<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommunity {
    pub community: Field<i64>,
    pub group_share: Field<f64>,
    pub contact_per_hour: Field<f64>,
    pub hours_per_day: Field<f64>,
    pub awareness: Field<f64>,
    pub trust_gain: Field<f64>,
}
