//! Property tests: invariants that must hold for any valid scenario, checked
//! person by person and day by day on one arm that mixes both tactics.

use outreach::engine::arm::ArmRun;
use outreach::people::state::flag;
use outreach::people::world::World;
use outreach::scenario;
use outreach::tactics::ArmPlan;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Knobs {
    size: u32,
    degree: u32,
    days: u32,
    cadence: u32,
    list_share: f64,
    conversations: u32,
    tell_per_day: f64,
    tell_trust: f64,
    listen: u32,
    pitch_trust: f64,
    initial_trust: f64,
    /// Spread of initial trust, as a share of the largest possible.
    spread: f64,
    kind: &'static str,
    seed: u64,
    ads_reach: f64,
    bait_pass_on: f64,
    group_hours: f64,
    /// 0 for no budget.
    budget: f64,
}

fn knobs() -> impl Strategy<Value = Knobs> {
    (
        (200u32..3000, 1u32..10, 10u32..60, 1u32..15),
        (0.0..1.0f64, 0u32..60, 0.0..0.5f64, 0.05..1.0f64),
        (0u32..4, 0.0..1.0f64, 0.01..0.6f64, any::<u64>()),
        (0.0..0.99f64, 0usize..5),
        (
            0.0..0.2f64,
            0.0..0.3f64,
            0.0..8.0f64,
            prop_oneof![Just(0.0), 10.0..2000.0f64],
        ),
    )
        .prop_map(|(a, b, c, d, e)| Knobs {
            ads_reach: e.0,
            bait_pass_on: e.1,
            group_hours: e.2,
            budget: e.3,
            size: a.0,
            degree: a.1 * 2,
            days: a.2,
            cadence: a.3,
            list_share: b.0,
            conversations: b.1,
            tell_per_day: b.2,
            tell_trust: b.3,
            listen: c.0,
            pitch_trust: c.1,
            initial_trust: c.2,
            spread: d.0,
            kind: [
                "small-world",
                "random",
                "scale-free",
                "communities",
                "well-mixed",
            ][d.1],
            seed: c.3 >> 1,
        })
}

fn scenario_text(k: &Knobs) -> String {
    format!(
        r#"
days = {days}
seed = {seed}
replicates = 1
[population]
size = {size}
initial_trust = {it}
initial_trust_sd = {sd}
needs_per_year = 6.0
[population.network]
kind = "{kind}"
{degree_line}
[behaviour]
tell_per_day = {tell}
tell_trust = {tt}
listen_per_day = {listen}
[arms.mixed.email-blast]
cadence_days = {cadence}
list_share = {ls}
[arms.mixed.networking]
conversations_per_day = {conv}
pitch_trust = {pt}
[arms.mixed.social-ads]
reach_per_day = {ads}
offence_rate = 0.05
[arms.mixed.link-bait]
pass_on = {bait}
every_days = 5
seeds = 3
[arms.mixed.community]
hours_per_day = {hours}
[money]
daily_budget = {budget}
"#,
        ads = k.ads_reach,
        bait = k.bait_pass_on,
        hours = k.group_hours,
        budget = k.budget,
        days = k.days,
        seed = k.seed,
        size = k.size,
        it = k.initial_trust,
        sd = k.spread * (k.initial_trust * (1.0 - k.initial_trust)).sqrt(),
        kind = k.kind,
        degree_line = if k.kind == "well-mixed" {
            String::new()
        } else {
            format!("mean_degree = {}", k.degree)
        },
        tell = k.tell_per_day,
        tt = k.tell_trust,
        listen = k.listen,
        cadence = k.cadence,
        ls = k.list_share,
        conv = k.conversations,
        pt = k.pitch_trust,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn invariants_hold_every_day_for_every_person(k in knobs()) {
        let s = scenario::from_str(&scenario_text(&k)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let world = World::new(&s, &s.load_edge_lists().unwrap(), 0);
        let plan = ArmPlan::new(&s.arms[0], &s);
        let mut run = ArmRun::new(&world, &plan);
        let n = u64::from(k.size);
        let snapshot = |run: &ArmRun| -> Vec<(u16, f32)> {
            run.chunks().iter().flat_map(|c| c.flags.iter().copied().zip(c.fatigue.iter().copied())).collect()
        };
        let mut before = snapshot(&run);
        let mut last = None::<outreach::metrics::DayMetrics>;
        let mut day = 0u32;
        for _ in 0..k.days {
            let m = run.step();
            let after = snapshot(&run);
            // Counts never exceed the population.
            for v in [m.reach, m.aware, m.conversions, m.list_size, m.followers, m.in_need] {
                prop_assert!(v <= n);
            }
            prop_assert!((0.0..=1.0).contains(&m.trust) && (0.0..=1.0).contains(&m.trust_reached));
            for c in run.chunks() {
                prop_assert!(c.trust.iter().all(|t| (0.0..=1.0).contains(t)));
            }
            // Only people on the list (or who joined it today) are mailed.
            let on_list_before = before.iter().filter(|(f, _)| f & flag::ON_LIST != 0).count() as u64;
            prop_assert!(m.delivered + m.bounces <= on_list_before + m.signups);
            // A budget is never overspent.
            day += 1;
            if k.budget > 0.0 {
                prop_assert!(m.cost <= k.budget * f64::from(day) * (1.0 + 1e-9), "cost {} on day {day}", m.cost);
            }
            // Whoever reacted to the brand took in its message: counts of
            // people who complained or bought never exceed reach.
            prop_assert!(m.complaints_total <= m.reach, "{} complainers, reach {}", m.complaints_total, m.reach);
            prop_assert!(m.conversions <= m.reach, "{} customers, reach {}", m.conversions, m.reach);
            let mut left_unreached = 0;
            for ((fb, fat_b), (fa, fat_a)) in before.iter().zip(&after) {
                // Who left the list never comes back; who was off it all
                // day received nothing (fatigue only fades).
                if fb & flag::LEFT != 0 {
                    prop_assert!(fa & flag::ON_LIST == 0);
                }
                let left_today = (fa & !fb) & flag::LEFT != 0;
                // Leaving the list unreached is a bounce; an unsubscribe or
                // a complaint means the email was seen. A customer was reached.
                let reached = fa & flag::REACHED != 0;
                left_unreached += u64::from(left_today && !reached);
                prop_assert!(fa & flag::CUSTOMER == 0 || reached);
                if fb & flag::ON_LIST == 0 && fa & flag::ON_LIST == 0 && !left_today {
                    prop_assert!(fat_a <= fat_b);
                }
                // A customer stays a customer; a reached person stays reached.
                prop_assert!(fb & flag::CUSTOMER == 0 || fa & flag::CUSTOMER != 0);
                prop_assert!(fb & flag::REACHED == 0 || fa & flag::REACHED != 0);
            }
            prop_assert!(left_unreached <= m.bounces, "{left_unreached} left unreached, {} bounces", m.bounces);
            // Each customer counted once: conversions equal the customers.
            let customers = after.iter().filter(|(f, _)| f & flag::CUSTOMER != 0).count() as u64;
            prop_assert_eq!(m.conversions, customers);
            // Every customer's first purchase has exactly one route.
            prop_assert_eq!(
                m.conversions,
                m.conversions_email + m.conversions_conversation + m.conversions_referral
                    + m.conversions_need + m.conversions_ad
            );
            if let Some(l) = last {
                prop_assert!(m.reach >= l.reach);
                prop_assert!(m.cost >= l.cost && m.revenue >= l.revenue);
                prop_assert!(m.repeat_purchases >= l.repeat_purchases);
                prop_assert!(m.conversions >= l.conversions);
                prop_assert!(m.unsubscribes >= l.unsubscribes);
                prop_assert!(m.complaints_total >= l.complaints_total);
            }
            last = Some(m);
            before = after;
        }
    }
}
