//! The validated scenario: every value present, in range and consistent.
//! Past this point nothing re-checks. Serialises back to a scenario file that
//! reproduces the run (`scenario.toml`, `outreach check`).

use crate::population::edge_list::{LoadFileError, LoadedGraphs};
use serde::Serialize;

pub use super::sections::{
    ArmConfig, BehaviourConfig, CommunityConfig, EmailBlastConfig, LinkBaitConfig, MoneyConfig,
    NetworkingConfig, PopulationConfig, SocialAdsConfig,
};

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

/// Figures of an edge list, measured while validating it, for estimates
/// made before the file is loaded again.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EdgeListFigures {
    pub people: u32,
    pub mean_degree: f64,
    /// The loaded graph's heap size (for the memory estimate).
    pub heap_bytes: u64,
    /// What reading the file holds above that while it reads: its lines'
    /// pairs of person numbers (8 bytes a line kept) and the ids' map (for
    /// the memory estimate: a large list peaks while it is read).
    pub read_bytes: u64,
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
        /// What validation found in the file (it keeps figures, not the
        /// graph: `Scenario::load_edge_lists` reads it where networks are built).
        #[serde(skip)]
        figures: EdgeListFigures,
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
            NetworkConfig::EdgeList { figures, .. } => figures.mean_degree,
        }
    }
}

/// Money per day for each of an arm's tactics (0 for a tactic it lacks).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BudgetSplit {
    pub email_blast: f64,
    pub networking: f64,
    pub social_ads: f64,
    pub link_bait: f64,
    pub community: f64,
}

impl BudgetSplit {
    pub fn total(&self) -> f64 {
        self.email_blast + self.networking + self.social_ads + self.link_bait + self.community
    }
}

/// One compared arm: a name and the tactics it combines. An arm uses each
/// kind of tactic at most once; its table is named after the kind.
impl ArmConfig {
    /// Each present tactic's `budget_share`, as written (`None`: not given).
    pub fn written_shares(&self) -> [(&'static str, Option<Option<f64>>); 5] {
        [
            (
                "email-blast",
                self.email_blast.as_ref().map(|t| t.budget_share),
            ),
            (
                "networking",
                self.networking.as_ref().map(|t| t.budget_share),
            ),
            (
                "social-ads",
                self.social_ads.as_ref().map(|t| t.budget_share),
            ),
            ("link-bait", self.link_bait.as_ref().map(|t| t.budget_share)),
            ("community", self.community.as_ref().map(|t| t.budget_share)),
        ]
    }

    /// `budget` a day split between the arm's tactics: a tactic with a
    /// `budget_share` gets that part, the others split what is left equally.
    /// With no share given this is `budget / n` exactly (not `budget * (1 /
    /// n)`), so scenarios written before shares existed run bit for bit as
    /// they did. `budget_split(1.0)` gives the shares themselves.
    pub fn budget_split(&self, budget: f64) -> BudgetSplit {
        let shares = self.written_shares();
        let given: f64 = shares.iter().filter_map(|(_, s)| s.flatten()).sum();
        let unset = shares
            .iter()
            .filter(|(_, s)| matches!(s, Some(None)))
            .count();
        // Validation keeps `given` at most 1 (up to rounding) when a tactic is unset.
        let rest = (1.0 - given).max(0.0);
        let part = |s: Option<Option<f64>>| match s {
            None => 0.0,
            Some(Some(share)) => budget * share,
            Some(None) => budget * rest / unset as f64,
        };
        BudgetSplit {
            email_blast: part(shares[0].1),
            networking: part(shares[1].1),
            social_ads: part(shares[2].1),
            link_bait: part(shares[3].1),
            community: part(shares[4].1),
        }
    }
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
    /// Reads the edge lists the scenario names, each once: the step between
    /// validation and building networks, so the validated scenario holds
    /// only paths and the engine reads no files.
    pub fn load_edge_lists(&self) -> Result<LoadedGraphs, LoadFileError> {
        let mut graphs = LoadedGraphs::default();
        self.load_missing_edge_lists(&mut graphs)?;
        Ok(graphs)
    }

    /// `load_edge_lists` into `graphs`, reading only files it lacks.
    pub fn load_missing_edge_lists(&self, graphs: &mut LoadedGraphs) -> Result<(), LoadFileError> {
        graphs.load_missing(self.networks().into_iter().filter_map(|net| match net {
            NetworkConfig::EdgeList { path, figures } => {
                Some((path.as_path(), figures.people as usize))
            }
            _ => None,
        }))
    }

    /// The resolved scenario as a TOML file: rerunning it reproduces the run.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a validated scenario always serialises")
    }

    /// Person-days simulated, counting each arm: people x days x arms x replicates.
    /// Saturating: 4e9 people x 36,500 days x 10,000 replicates x 13 arms is
    /// past `u64::MAX`, and such a run is refused by the memory guard anyway,
    /// so the count only has to stay huge, never wrap to a small number.
    pub fn agent_days(&self) -> u64 {
        u64::from(self.population.size)
            .saturating_mul(u64::from(self.days))
            .saturating_mul(self.arms.len() as u64)
            .saturating_mul(u64::from(self.replicates))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn arm(text: &str) -> ArmConfig {
        crate::scenario::from_str(text).unwrap().arms.remove(0)
    }

    #[test]
    fn without_shares_the_budget_splits_equally_as_before_shares_existed() {
        let a = arm("[arms.a.email-blast]\n[arms.a.networking]\n[arms.a.community]\n");
        let split = a.budget_split(100.0);
        assert_eq!(split.email_blast, 100.0 / 3.0);
        assert_eq!(split.networking, 100.0 / 3.0);
        assert_eq!(split.community, 100.0 / 3.0);
        assert_eq!((split.social_ads, split.link_bait), (0.0, 0.0));
    }

    #[test]
    fn tactics_without_a_share_split_what_the_others_leave() {
        let a = arm(
            "[arms.a.email-blast]\nbudget_share = 0.5\n[arms.a.networking]\n[arms.a.link-bait]\n",
        );
        let split = a.budget_split(100.0);
        assert_eq!(
            (split.email_blast, split.networking, split.link_bait),
            (50.0, 25.0, 25.0)
        );
        let all = arm(
            "[arms.a.social-ads]\nbudget_share = 0.3\n[arms.a.community]\nbudget_share = 0.7\n",
        );
        let shares = all.budget_split(1.0);
        assert_eq!((shares.social_ads, shares.community), (0.3, 0.7));
        assert_eq!(shares.total(), 1.0);
    }

    #[test]
    fn shares_are_written_back_only_where_given() {
        let s = crate::scenario::from_str(
            "[arms.a.email-blast]\nbudget_share = 0.25\n[arms.a.networking]\n",
        )
        .unwrap();
        let toml = s.to_toml();
        assert_eq!(toml.matches("budget_share").count(), 1, "{toml}");
        assert_eq!(crate::scenario::from_str(&toml).unwrap(), s);
        // As JSON too (the live page sends it back as TOML): no null.
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json.matches("budget_share").count(), 1, "{json}");
        assert!(!json.contains("null"), "{json}");
    }
}
