//! The per-person email chances behind the published per-send averages
//! (docs/MODEL.md, "Calibration"). A published open rate is what campaign
//! reports count: opens over emails that reached the inbox, averaged over a
//! campaign. In the model a campaign's average is not its per-person chance
//! at the reference fatigue: the first sends meet a fresh list (less
//! fatigue, more opens), and the first opens build trust (more liking, more
//! opens, fewer departures). So the chances are derived here, once per run,
//! such that a year of sending at the reference cadence to a fresh list
//! reproduces the published averages exactly in expectation, by following
//! one reference subscriber's expected history through the email's own
//! rules. Pure arithmetic: no IO, no randomness.

use super::email_blast::effect;
use crate::scenario::{EmailBlastConfig, Scenario};

/// Days in the reference campaign whose averages are the published figures.
pub const REFERENCE_DAYS: f64 = 365.0;

/// Iterations of the fixed point; it converges to 1e-12 in a few dozen.
const MAX_ITERATIONS: usize = 200;

/// The reference subscriber: at the configured mean initial trust, each
/// channel preference half the time (the split at which the published rates
/// hold, 7.5), buying after a click at the population's average chance.
#[derive(Clone, Copy, Debug)]
pub struct Reference {
    pub mean_initial_trust: f64,
    /// How much more email lands with those who prefer it (and less with
    /// the others): `channel_preference_strength`.
    pub channel_preference: f64,
    /// Purchase chances relative to the target audience's, averaged over
    /// the population (`purchase_per_click` is the audience's).
    pub buying: f64,
    pub customer_trust_gain: f64,
    pub negativity_ratio: f64,
}

impl Reference {
    /// The reference subscriber of scenario `s`'s population.
    pub fn of(s: &Scenario) -> Self {
        let p = &s.population;
        Reference {
            mean_initial_trust: p.initial_trust,
            channel_preference: p.channel_preference_strength,
            buying: p.audience_share + (1.0 - p.audience_share) * p.outside_purchase_factor,
            customer_trust_gain: s.behaviour.customer_trust_gain,
            negativity_ratio: s.behaviour.trust_negativity_ratio,
        }
    }
}

/// Per-person chances at fatigue ratio 1 and the mean initial trust.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BaseRates {
    pub open: f64,
    /// Chance an opened email is clicked.
    pub click_per_open: f64,
    pub unsubscribe: f64,
    pub complaint: f64,
}

/// Expected events per inboxed email over the reference campaign.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CampaignRates {
    pub open: f64,
    pub click: f64,
    pub unsubscribe: f64,
    pub complaint: f64,
}

/// The chances that make the reference campaign average the published
/// rates of `cfg`.
pub fn base_rates(cfg: &EmailBlastConfig, r: &Reference) -> BaseRates {
    let mut b = BaseRates {
        open: cfg.open_rate,
        click_per_open: if cfg.open_rate > 0.0 {
            cfg.click_rate / cfg.open_rate
        } else {
            0.0
        },
        unsubscribe: cfg.unsubscribe_rate,
        complaint: cfg.complaint_rate,
    };
    // Each average is nearly proportional to its own chance, so scaling the
    // chance by target / average converges; the coupling between them
    // (opens build trust, departures thin the list) is weak.
    let scale = |chance: f64, target: f64, got: f64| {
        if got > 0.0 {
            (chance * target / got).min(1.0)
        } else {
            chance
        }
    };
    for _ in 0..MAX_ITERATIONS {
        let got = campaign(cfg, r, &b);
        let next = BaseRates {
            open: scale(b.open, cfg.open_rate, got.open),
            click_per_open: scale(b.click_per_open, cfg.click_rate, got.click),
            unsubscribe: scale(b.unsubscribe, cfg.unsubscribe_rate, got.unsubscribe),
            complaint: scale(b.complaint, cfg.complaint_rate, got.complaint),
        };
        let moved = |a: f64, c: f64| (a - c).abs() > 1e-12 * a.abs().max(1e-12);
        let changed = moved(next.open, b.open)
            || moved(next.click_per_open, b.click_per_open)
            || moved(next.unsubscribe, b.unsubscribe)
            || moved(next.complaint, b.complaint);
        b = next;
        if !changed {
            break;
        }
    }
    b
}

/// The reference campaign's expected rates under chances `b`: a list that
/// starts fresh on day 0 and is mailed every `reference_cadence_days` for
/// [`REFERENCE_DAYS`]. The subscriber's state is how many emails they have
/// opened (which sets their trust, 7.5) and whether they have bought; its
/// distribution is followed send by send, thinned by address death,
/// complaints and unsubscribes.
pub fn campaign(cfg: &EmailBlastConfig, r: &Reference, b: &BaseRates) -> CampaignRates {
    let period = cfg.reference_cadence_days;
    let sends = (REFERENCE_DAYS / period).ceil() as usize;
    let q = f64::from(crate::people::world::retention(cfg.fatigue_half_life_days));
    let log_survival = (1.0 - cfg.list_decay_per_month).ln() / 30.0;
    let m0 = r.mean_initial_trust;
    let trust = |opens: usize, bought: usize| {
        let helpful = opens.min(cfg.helpful_opens as usize) as i32;
        let worn = opens.saturating_sub(cfg.wear_out_opens as usize) as i32;
        let distrust = (1.0 - m0)
            * (1.0 - cfg.open_trust_gain).powi(helpful)
            * (1.0 - r.customer_trust_gain).powi(bought as i32);
        (1.0 - distrust)
            * (1.0 - (r.negativity_ratio * cfg.wear_out_trust_loss).min(1.0)).powi(worn)
    };
    let mut total = CampaignRates::default();
    let mut inboxed = 0.0;
    for landing in [1.0 + r.channel_preference, 1.0 - r.channel_preference] {
        // mass[bought][opens], half of the subscribers in each group.
        let mut mass = vec![vec![0.0; sends + 1]; 2];
        mass[0][0] = 0.5;
        let mut alive_before = 1.0;
        for n in 0..sends {
            // Alive at the send of day n * period (7.5, address death).
            let alive = (log_survival * (n as f64 * period + 1.0)).exp();
            let thin = alive / alive_before;
            alive_before = alive;
            let e = effect(cfg, 1.0 - q.powf(period * (n as f64 + 1.0)));
            let mut next = vec![vec![0.0; sends + 1]; 2];
            for bought in 0..2 {
                for opens in 0..=n {
                    let m = mass[bought][opens] * thin;
                    if m == 0.0 {
                        continue;
                    }
                    let t = trust(opens, bought);
                    let liking = if m0 > 0.0 { t / m0 } else { 1.0 };
                    let dislike = (1.0 - t) / (1.0 - m0).max(1e-6);
                    let open = (b.open * f64::from(e.open) * liking * landing).min(1.0);
                    let click = (b.click_per_open * f64::from(e.click)).min(1.0);
                    let complaint = (b.complaint * f64::from(e.complaint) * dislike).min(1.0);
                    let unsubscribe = (b.unsubscribe * f64::from(e.unsubscribe) * dislike).min(1.0);
                    let buys = if bought == 0 {
                        click * (cfg.purchase_per_click * r.buying).min(1.0)
                    } else {
                        0.0
                    };
                    inboxed += m;
                    total.open += m * open;
                    total.click += m * open * click;
                    total.complaint += m * complaint;
                    total.unsubscribe += m * (1.0 - complaint) * unsubscribe;
                    let stays = m * (1.0 - complaint) * (1.0 - unsubscribe);
                    next[bought][opens] += stays * (1.0 - open);
                    next[bought][opens + 1] += stays * open * (1.0 - buys);
                    next[1][opens + 1] += stays * open * buys;
                }
            }
            mass = next;
        }
    }
    if inboxed > 0.0 {
        total.open /= inboxed;
        total.click /= inboxed;
        total.unsubscribe /= inboxed;
        total.complaint /= inboxed;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> (EmailBlastConfig, Reference) {
        let s = crate::scenario::from_str(crate::scenario::DEFAULT_SCENARIO)
            .expect("the default scenario is valid");
        let cfg = s
            .arms
            .iter()
            .find_map(|a| a.email_blast.clone())
            .expect("the default scenario blasts");
        (cfg, Reference::of(&s))
    }

    #[test]
    fn the_reference_campaign_averages_the_published_rates() {
        let (cfg, r) = defaults();
        let got = campaign(&cfg, &r, &base_rates(&cfg, &r));
        let close = |a: f64, b: f64| (a / b - 1.0).abs() < 1e-9;
        assert!(close(got.open, cfg.open_rate), "{got:?}");
        assert!(close(got.click, cfg.click_rate), "{got:?}");
        assert!(close(got.unsubscribe, cfg.unsubscribe_rate), "{got:?}");
        assert!(close(got.complaint, cfg.complaint_rate), "{got:?}");
    }

    #[test]
    fn fresh_lists_and_helpful_opens_lift_the_average_above_the_chance() {
        // Without the correction, a campaign at the published chances opens
        // more than the published rate: fresh fatigue and trust built by the
        // first opens both push it up.
        let (cfg, r) = defaults();
        let uncorrected = BaseRates {
            open: cfg.open_rate,
            click_per_open: cfg.click_rate / cfg.open_rate,
            unsubscribe: cfg.unsubscribe_rate,
            complaint: cfg.complaint_rate,
        };
        let got = campaign(&cfg, &r, &uncorrected);
        assert!(got.open > 1.05 * cfg.open_rate, "{got:?}");
        assert!(got.click > 1.05 * cfg.click_rate, "{got:?}");
        let b = base_rates(&cfg, &r);
        assert!(b.open < cfg.open_rate && b.click_per_open < cfg.click_rate / cfg.open_rate);
    }

    #[test]
    fn without_trust_gains_at_the_reference_fatigue_the_chances_are_the_rates() {
        // A list already at the reference fatigue is not modelled, but with
        // no trust effects and a fatigue half-life so short that every send
        // meets fatigue 1 (ratio 1), chance and average coincide.
        let (mut cfg, mut r) = defaults();
        cfg.open_trust_gain = 0.0;
        cfg.wear_out_trust_loss = 0.0;
        cfg.fatigue_half_life_days = 0.1;
        r.customer_trust_gain = 0.0;
        r.channel_preference = 0.0;
        let b = base_rates(&cfg, &r);
        let close = |a: f64, b: f64| (a / b - 1.0).abs() < 1e-6;
        assert!(close(b.open, cfg.open_rate), "{b:?}");
        // An unsubscribe is drawn only when no complaint was.
        let unsubscribes = b.unsubscribe * (1.0 - b.complaint);
        assert!(close(unsubscribes, cfg.unsubscribe_rate), "{b:?}");
        assert!(close(b.complaint, cfg.complaint_rate), "{b:?}");
    }
}
