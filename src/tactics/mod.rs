//! The marketer's tactics, one file each. An arm holds at most one of each
//! kind, and may combine several: they act on the same people and the same
//! trust. The day loop asks each present tactic what it does, with no
//! dynamic dispatch per person.

pub mod community;
pub mod email_blast;
pub mod email_calibration;
pub mod link_bait;
pub mod networking;
pub mod social_ads;

pub use community::Community;
pub use email_blast::EmailBlast;
pub use link_bait::LinkBait;
pub use networking::{Marketer, Networking};
pub use social_ads::SocialAds;

use crate::population::communities::members;
use crate::scenario::{ArmConfig, BudgetSplit, NetworkConfig, Scenario};

/// An arm's tactics, prepared for the day loop.
#[derive(Clone, Debug)]
pub struct ArmPlan {
    pub name: String,
    /// Index of the arm's network in `Scenario::networks`.
    pub network: usize,
    pub email: Option<EmailBlast>,
    pub networking: Option<Networking>,
    pub social_ads: Option<SocialAds>,
    pub link_bait: Option<LinkBait>,
    pub community: Option<Community>,
    pub money: Money,
    /// The marketer starts after this day (0: at once).
    pub start_day: u32,
    /// The marketer stops after this day (0: never).
    pub stop_day: u32,
}

/// What things cost and earn, in the form the arm's day uses.
#[derive(Clone, Copy, Debug)]
pub struct Money {
    pub hourly_rate: f64,
    pub price: f64,
    pub margin: f64,
    pub referral_extra_value: f64,
    /// Each tactic's money per day, if there is a daily budget.
    pub budget: Option<BudgetSplit>,
}

/// The people of target community `k` (1-based; 0 means everyone) on the
/// arm's network. Validation guarantees a communities network when k > 0.
fn audience(s: &Scenario, arm: &ArmConfig, k: u32) -> Option<std::ops::Range<u32>> {
    let network = arm.network.as_ref().unwrap_or(&s.population.network);
    match (k, network) {
        (0, _) => None,
        (k, NetworkConfig::Communities { communities, .. }) => {
            Some(members(k - 1, s.population.size, *communities))
        }
        _ => unreachable!("validated: a target community needs a communities network"),
    }
}

impl ArmPlan {
    pub fn new(arm: &ArmConfig, s: &Scenario) -> Self {
        let m = &s.money;
        ArmPlan {
            name: arm.name.clone(),
            network: s.network_index(arm),
            email: arm.email_blast.as_ref().map(|c| {
                EmailBlast::new(
                    c,
                    &email_calibration::Reference::of(s),
                    audience(s, arm, c.community),
                )
            }),
            networking: arm
                .networking
                .clone()
                .map(|c| Networking::new(audience(s, arm, c.community), c)),
            social_ads: arm.social_ads.clone().map(|c| SocialAds {
                audience: audience(s, arm, c.community).unwrap_or(0..s.population.size),
                mean_initial_trust: s.population.initial_trust,
                cfg: c,
            }),
            link_bait: arm.link_bait.clone().map(|cfg| LinkBait { cfg }),
            community: arm.community.clone().map(|c| Community {
                within: audience(s, arm, c.community),
                cfg: c,
            }),
            start_day: arm.start_day,
            stop_day: arm.stop_day,
            money: Money {
                hourly_rate: m.hourly_rate,
                price: m.price,
                margin: m.margin,
                referral_extra_value: m.referral_extra_value,
                budget: (m.daily_budget > 0.0).then(|| arm.budget_split(m.daily_budget)),
            },
        }
    }
}
