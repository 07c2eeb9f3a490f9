//! The marketer's tactics, one file each. An arm holds at most one of each
//! kind; the day loop asks each present tactic what it does, with no dynamic
//! dispatch per person.

pub mod email_blast;
pub mod networking;

pub use email_blast::EmailBlast;
pub use networking::{Marketer, Networking};

use crate::scenario::{ArmConfig, Scenario};

/// An arm's tactics, prepared for the day loop.
#[derive(Clone, Debug)]
pub struct ArmPlan {
    pub name: String,
    /// Index of the arm's network in `Scenario::networks`.
    pub network: usize,
    pub email: Option<EmailBlast>,
    pub networking: Option<Networking>,
}

impl ArmPlan {
    pub fn new(arm: &ArmConfig, s: &Scenario) -> Self {
        ArmPlan {
            name: arm.name.clone(),
            network: s.network_index(arm),
            email: arm
                .email_blast
                .as_ref()
                .map(|c| EmailBlast::new(c, s.population.initial_trust)),
            networking: arm.networking.clone().map(Networking::new),
        }
    }
}
