//! The validated scenario: every value present, in range and consistent.
//! Past this point nothing re-checks. Serialises back to a scenario file that
//! reproduces the run (`scenario.toml`, `outreach check`).

use serde::Serialize;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub days: u32,
    pub seed: u64,
    pub replicates: u32,
    pub population: PopulationConfig,
    pub behaviour: BehaviourConfig,
    #[serde(serialize_with = "arms_as_table")]
    pub arms: Vec<ArmConfig>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PopulationConfig {
    pub size: u32,
    pub initial_trust: f64,
    pub initial_trust_sd: f64,
    pub needs_per_year: f64,
    pub need_days: f64,
    pub network: NetworkConfig,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum NetworkKind {
    SmallWorld,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NetworkConfig {
    pub kind: NetworkKind,
    pub mean_degree: u32,
    pub rewiring: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BehaviourConfig {
    pub awareness_half_life_days: f64,
    pub trust_negativity_ratio: f64,
    pub ask_trust: f64,
    pub need_purchase_per_day: f64,
    pub customer_trust_gain: f64,
    pub pitch_ready_trust: f64,
    pub word_of_mouth: bool,
    pub tell_trust: f64,
    pub tell_per_day: f64,
    pub listen_per_day: u32,
    pub friend_trust_gain: f64,
    pub friend_awareness: f64,
}

/// One compared arm: a name and the tactics it combines. An arm uses each
/// kind of tactic at most once; its table is named after the kind.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ArmConfig {
    #[serde(skip)]
    pub name: String,
    #[serde(rename = "email-blast", skip_serializing_if = "Option::is_none")]
    pub email_blast: Option<EmailBlastConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub networking: Option<NetworkingConfig>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EmailBlastConfig {
    pub list_share: f64,
    pub cadence_days: u32,
    pub reference_cadence_days: f64,
    pub open_rate: f64,
    pub click_rate: f64,
    pub unsubscribe_rate: f64,
    pub complaint_rate: f64,
    pub list_decay_per_month: f64,
    pub fatigue_half_life_days: f64,
    pub open_fatigue_elasticity: f64,
    pub click_fatigue_elasticity: f64,
    pub unsubscribe_fatigue_elasticity: f64,
    pub complaint_fatigue_elasticity: f64,
    pub purchase_per_click: f64,
    pub open_awareness: f64,
    pub helpful_opens: u32,
    pub wear_out_opens: u32,
    pub open_trust_gain: f64,
    pub annoyance: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NetworkingConfig {
    pub conversations_per_day: u32,
    pub new_contact_share: f64,
    pub conversation_trust_gain: f64,
    pub pitch_trust: f64,
    pub pitch_success: f64,
    pub pitch_success_in_need: f64,
    pub early_pitch_trust_loss: f64,
    pub early_pitch_unfollow: f64,
    pub follow_after_conversation: f64,
    pub follow_after_referral: f64,
    pub posts_per_week: f64,
    pub post_reach: f64,
    pub post_trust_gain: f64,
    pub post_awareness: f64,
}

fn arms_as_table<S: serde::Serializer>(arms: &[ArmConfig], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(arms.len()))?;
    for arm in arms {
        map.serialize_entry(&arm.name, arm)?;
    }
    map.end()
}

impl Scenario {
    /// The resolved scenario as a TOML file: rerunning it reproduces the run.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a validated scenario always serialises")
    }

    /// Person-days simulated, counting each arm: people x days x arms x replicates.
    pub fn agent_days(&self) -> u64 {
        u64::from(self.population.size)
            * u64::from(self.days)
            * self.arms.len() as u64
            * u64::from(self.replicates)
    }

    pub fn arm(&self, name: &str) -> Option<&ArmConfig> {
        self.arms.iter().find(|a| a.name == name)
    }
}
