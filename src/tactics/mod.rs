//! The marketer's tactics, one file each. An arm holds at most one of each
//! kind; the day loop asks each present tactic what it does, with no dynamic
//! dispatch per person.

pub mod email_blast;
pub mod networking;

pub use email_blast::EmailBlast;
pub use networking::{Marketer, Networking};

use crate::population::communities::members;
use crate::scenario::{ArmConfig, NetworkConfig, Scenario};

/// An arm's tactics, prepared for the day loop.
#[derive(Clone, Debug)]
pub struct ArmPlan {
    pub name: String,
    /// Index of the arm's network in `Scenario::networks`.
    pub network: usize,
    pub email: Option<EmailBlast>,
    pub networking: Option<Networking>,
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
        ArmPlan {
            name: arm.name.clone(),
            network: s.network_index(arm),
            email: arm.email_blast.as_ref().map(|c| {
                EmailBlast::new(c, s.population.initial_trust, audience(s, arm, c.community))
            }),
            networking: arm
                .networking
                .clone()
                .map(|c| Networking::new(audience(s, arm, c.community), c)),
        }
    }
}
