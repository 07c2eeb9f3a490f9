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
    /// The arm the others are compared with.
    pub baseline: String,
    pub population: PopulationConfig,
    pub behaviour: BehaviourConfig,
    pub money: MoneyConfig,
    #[serde(serialize_with = "arms_as_table")]
    pub arms: Vec<ArmConfig>,
    /// What the scenario teaches and the outcomes it expects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lesson: Option<super::lesson::Lesson>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PopulationConfig {
    pub size: u32,
    pub initial_trust: f64,
    pub initial_trust_sd: f64,
    pub needs_per_year: f64,
    pub need_days: f64,
    pub market_spread: f64,
    pub heavy_sharer_share: f64,
    pub heavy_sharer_factor: f64,
    pub audience_share: f64,
    pub outside_purchase_factor: f64,
    pub social_preference_share: f64,
    pub channel_preference_strength: f64,
    pub network: NetworkConfig,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MoneyConfig {
    pub hourly_rate: f64,
    pub price: f64,
    pub margin: f64,
    pub referral_extra_value: f64,
    /// 0 for no budget: tactics do what their parameters say.
    pub daily_budget: f64,
}

/// A graph read from a file, shared rather than copied, with what the
/// loader dropped.
#[derive(Clone, Default)]
pub struct LoadedGraph {
    pub graph: std::sync::Arc<crate::population::Graph>,
    pub self_loops: u64,
    pub duplicates: u64,
}

impl PartialEq for LoadedGraph {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.graph, &other.graph) || self.graph == other.graph
    }
}

impl std::fmt::Debug for LoadedGraph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "LoadedGraph({} people, {} friendships)",
            self.graph.len(),
            self.graph.friendships()
        )
    }
}

/// Who knows whom (docs/MODEL.md, "Network"). Serialises as a flat table
/// with `kind`, exactly as it is written in a scenario file.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NetworkConfig {
    SmallWorld {
        mean_degree: u32,
        rewiring: f64,
    },
    ScaleFree {
        mean_degree: u32,
        triangle_closing: f64,
    },
    Random {
        mean_degree: u32,
    },
    Communities {
        mean_degree: u32,
        communities: u32,
        inside_share: f64,
    },
    Social,
    WellMixed,
    EdgeList {
        /// Absolute, so the resolved scenario runs from anywhere.
        path: std::path::PathBuf,
        /// The friendships read from the file while validating it, so the
        /// engine never reads files.
        #[serde(skip)]
        graph: LoadedGraph,
    },
}

impl NetworkConfig {
    /// The kind's name as written in scenario files.
    pub fn kind(&self) -> &'static str {
        match self {
            NetworkConfig::SmallWorld { .. } => "small-world",
            NetworkConfig::ScaleFree { .. } => "scale-free",
            NetworkConfig::Random { .. } => "random",
            NetworkConfig::Communities { .. } => "communities",
            NetworkConfig::Social => "social",
            NetworkConfig::WellMixed => "well-mixed",
            NetworkConfig::EdgeList { .. } => "edge-list",
        }
    }

    /// Expected mean number of friends per person (0 when there is no graph).
    pub fn expected_mean_degree(&self) -> f64 {
        match self {
            NetworkConfig::SmallWorld { mean_degree, .. }
            | NetworkConfig::ScaleFree { mean_degree, .. }
            | NetworkConfig::Random { mean_degree }
            | NetworkConfig::Communities { mean_degree, .. } => f64::from(*mean_degree),
            NetworkConfig::Social => crate::population::social::EXPECTED_MEAN_DEGREE,
            NetworkConfig::WellMixed => 0.0,
            NetworkConfig::EdgeList { graph, .. } => graph.graph.mean_degree(),
        }
    }
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
    pub negative_word_trust_loss: f64,
    pub negative_pass_on: f64,
    pub complaint_tells: u32,
}

/// One compared arm: a name and the tactics it combines. An arm uses each
/// kind of tactic at most once; its table is named after the kind.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ArmConfig {
    #[serde(skip)]
    pub name: String,
    /// The marketer stops after this day (0: never).
    pub stop_day: u32,
    /// A network of the arm's own instead of the population's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<NetworkConfig>,
    #[serde(rename = "email-blast", skip_serializing_if = "Option::is_none")]
    pub email_blast: Option<EmailBlastConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub networking: Option<NetworkingConfig>,
    #[serde(rename = "social-ads", skip_serializing_if = "Option::is_none")]
    pub social_ads: Option<SocialAdsConfig>,
    #[serde(rename = "link-bait", skip_serializing_if = "Option::is_none")]
    pub link_bait: Option<LinkBaitConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub community: Option<CommunityConfig>,
}

impl ArmConfig {
    /// How many tactics the arm combines (a budget is split between them).
    pub fn tactic_count(&self) -> usize {
        usize::from(self.email_blast.is_some())
            + usize::from(self.networking.is_some())
            + usize::from(self.social_ads.is_some())
            + usize::from(self.link_bait.is_some())
            + usize::from(self.community.is_some())
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EmailBlastConfig {
    /// 0 for everyone, else the one community the list is drawn from.
    pub community: u32,
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
    pub wear_out_trust_loss: f64,
    pub annoyance: f64,
    pub signup_per_visit: f64,
    pub complaint_threshold: f64,
    pub spam_inbox_share: f64,
    pub reputation_half_life_days: f64,
    pub cost_per_address: f64,
    pub cost_per_email: f64,
    pub hours_per_send: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NetworkingConfig {
    /// 0 for everyone, else the one community strangers are sought in.
    pub community: u32,
    pub conversations_per_day: u32,
    pub new_contact_share: f64,
    pub introduction_share: f64,
    pub targeting: f64,
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
    pub hours_per_conversation: f64,
    pub hours_per_post: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SocialAdsConfig {
    /// 0 for everyone, else the one community ads are shown in.
    pub community: u32,
    pub reach_per_day: f64,
    pub targeting: f64,
    pub ad_awareness: f64,
    pub click_rate: f64,
    pub purchase_per_click: f64,
    pub offence_rate: f64,
    pub outside_offence_factor: f64,
    pub offence_trust_loss: f64,
    pub intrusion: f64,
    pub cost_per_impression: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LinkBaitConfig {
    pub every_days: u32,
    pub seeds: u32,
    pub pass_on: f64,
    pub bait_awareness: f64,
    pub bait_trust_gain: f64,
    pub hours_per_piece: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CommunityConfig {
    /// 0 for any, else the one network community the groups are in.
    pub community: u32,
    pub group_share: f64,
    pub contact_per_hour: f64,
    pub hours_per_day: f64,
    pub awareness: f64,
    pub trust_gain: f64,
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

    /// Position of the baseline arm.
    pub fn baseline_index(&self) -> usize {
        self.arms
            .iter()
            .position(|a| a.name == self.baseline)
            .expect("validated: the baseline is an arm")
    }

    /// The distinct networks of this scenario: the population's first, then
    /// any other an arm uses, each once.
    pub fn networks(&self) -> Vec<&NetworkConfig> {
        let mut all = vec![&self.population.network];
        for arm in &self.arms {
            if let Some(n) = &arm.network {
                if !all.contains(&n) {
                    all.push(n);
                }
            }
        }
        all
    }

    /// Which of `networks()` an arm lives on.
    pub fn network_index(&self, arm: &ArmConfig) -> usize {
        let own = arm.network.as_ref().unwrap_or(&self.population.network);
        self.networks()
            .iter()
            .position(|n| *n == own)
            .expect("every arm's network is listed")
    }
}
