//! Every scenario parameter, declared once per section (`super::params`
//! says what a row holds and what the `section!` macro makes of it). Rules
//! between parameters of a section sit beside its declaration, as plain
//! code; rules that need other sections (network kinds, budgets, arms) are
//! in `super::validate`.

use super::colour::Colour;
use super::config::NetworkConfig;
use super::error::ScenarioError;
use super::lesson::RawLesson;
use super::params::Default::{Derived, Flag, Real, Whole, Word};
use super::params::Source::{Assumption, Fitted, Published, Setting};
use super::params::{section, slide, slide_whole, Param, Range, NO_SLIDER};
use super::validate::Check;
use indexmap::IndexMap;
use toml::Spanned;

/// The kinds of network, as written in a scenario file.
pub const NETWORK_KINDS: &[&str] = &[
    "small-world",
    "scale-free",
    "random",
    "communities",
    "social",
    "well-mixed",
    "edge-list",
];

/// The `[population.network]` keys that apply to a network kind (besides
/// `kind`); validation refuses the others, and the live page shows only these.
pub fn network_keys(kind: &str) -> &'static [Param] {
    match kind {
        "small-world" => &[MEAN_DEGREE, REWIRING],
        "scale-free" => &[MEAN_DEGREE, TRIANGLE_CLOSING],
        "random" => &[MEAN_DEGREE],
        "communities" => &[MEAN_DEGREE, COMMUNITIES, INSIDE_SHARE],
        "edge-list" => &[PATH],
        _ => &[],
    }
}

/// Every section, in the order `outreach params` lists them.
pub const SECTIONS: &[&[Param]] = &[
    SCENARIO,
    POPULATION,
    NETWORK,
    BEHAVIOUR,
    MONEY,
    ARM,
    EMAIL_BLAST,
    NETWORKING,
    SOCIAL_ADS,
    LINK_BAIT,
    COMMUNITY,
];

// scenario
section! {
    /// The scenario file as written.
    raw RawScenario, list SCENARIO, group "Run", prefix "";
    tables {
        population: Option<RawPopulation>,
        behaviour: Option<RawBehaviour>,
        money: Option<RawMoney>,
        arms: Option<Spanned<IndexMap<String, Spanned<RawArm>>>>,
        /// What the scenario teaches (`super::lesson`).
        lesson: Option<Spanned<RawLesson>>,
        /// `[sweep]`: read and checked by `crate::sweep::grid` (which needs the
        /// position of every list element); a plain run ignores it.
        sweep: Option<Spanned<toml::Table>>,
    }
    name: String = NAME, "Scenario name", Derived("the file's name"), "-", Range::Name, NO_SLIDER, Setting,
        "Names the scenario and its output folder.";
    days: u32 = DAYS, "Days", Whole(365), "days", Range::Whole(1, 36_500), slide_whole(5, 730, 5), Setting,
        "How many days to simulate.";
    seed: u64 = SEED, "Seed", Whole(1), "-", Range::Whole(0, i64::MAX), NO_SLIDER, Setting,
        "Master seed: the same seed gives byte-identical output.";
    replicates: u32 = REPLICATES, "Replicates", Whole(10), "runs", Range::Whole(1, 10_000), slide_whole(1, 50, 1), Setting,
        "Independent runs per arm (new graph and dice each), summarised as mean and 95% interval.";
    baseline: String = BASELINE, "Baseline", Derived("the first arm"), "-", Range::Name, NO_SLIDER, Setting,
        "The arm every other arm is compared with, replicate by replicate (compare.csv, compare.png).";
}

// population
section! {
    raw RawPopulation, list POPULATION, group "Population", prefix "population.";
    tables { network: Option<RawNetwork> }
    config PopulationConfig { network: NetworkConfig }
    size: u32 = SIZE, "People", Whole(10_000), "people", Range::Whole(10, 4_000_000_000), slide_whole(1000, 100_000, 1000), Setting,
        "Number of people.";
    initial_trust: f64 = INITIAL_TRUST, "Initial trust", Real(0.2), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Mean trust toward the brand before anything happens.";
    initial_trust_sd: f64 = INITIAL_TRUST_SD, "Spread of initial trust", Real(0.1), "0-1", Range::Real(0.0, 0.5), slide(0.0, 0.5, 0.025), Assumption,
        "Spread (standard deviation) of initial trust between people (a Beta distribution).";
    needs_per_year: f64 = NEEDS_PER_YEAR, "Needs per year", Real(1.0), "per person per year", Range::Real(0.0, 365.0), slide(0.0, 5.0, 0.25), Assumption,
        "How often a need for the product arises in a person who has none.";
    need_days: f64 = NEED_DAYS, "Need duration", Real(30.0), "days", Range::Real(1.0, 3650.0), slide(1.0, 100.0, 5.0), Assumption,
        "Mean time a need lasts before it passes.";
    market_spread: f64 = MARKET_SPREAD, "Market spread", Real(0.3), "-", Range::Real(0.0, 2.0), slide(0.0, 1.0, 0.05), Assumption,
        "How much markets differ: each replicate's needs_per_year and mean initial trust are multiplied by one log-normal factor with mean 1 and this standard deviation of its logarithm (0: every replicate alike). Arms of a replicate share it.";
    heavy_sharer_share: f64 = HEAVY_SHARER_SHARE, "Heavy sharer share", Real(0.1), "share", Range::Unit, slide(0.0, 0.5, 0.025), Assumption,
        "Share of people who are heavy sharers (a minority shares far more than the rest).";
    heavy_sharer_factor: f64 = HEAVY_SHARER_FACTOR, "Heavy sharer factor", Real(5.0), "times", Range::Real(1.0, 1000.0), slide(1.0, 20.0, 1.0), Assumption,
        "How many times more often a heavy sharer passes things on (word of mouth, link bait, complaints).";
    audience_share: f64 = AUDIENCE_SHARE, "Audience share", Real(0.5), "share", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Share of people in the target audience (people the product is for).";
    outside_purchase_factor: f64 = OUTSIDE_PURCHASE_FACTOR, "Outside purchase factor", Real(0.2), "times", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Purchase chances of people outside the target audience, relative to those inside.";
    social_preference_share: f64 = SOCIAL_PREFERENCE_SHARE, "Social preference share", Real(0.5), "share", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Share of people who prefer social media to email as a channel (0.5: an even split, at which the published email rates hold).";
    channel_preference_strength: f64 = CHANNEL_PREFERENCE, "Channel preference strength", Real(0.5), "0-1", Range::Real(0.0, 0.95), slide(0.0, 0.95, 0.05), Assumption,
        "How much channel preference matters: a preferred channel lands (1 + s) times, the other (1 - s) times as often; with an even split of preferences the published averages hold.";
}

// population.network
section! {
    /// One flat table for every network kind; validation refuses keys that
    /// do not apply to the chosen kind (`NetworkConfig` is the validated form).
    raw RawNetwork, list NETWORK, group "Network", prefix "population.network.";
    tables {}
    kind: String = NETWORK_KIND, "Network kind", Word("small-world"), "-", Range::Choice(NETWORK_KINDS), NO_SLIDER, Setting,
        "Kind of social graph (docs/MODEL.md, Network). An arm may set its own in `[arms.<arm>.network]`.";
    mean_degree: u32 = MEAN_DEGREE, "Friends per person", Whole(100), "friends", Range::Whole(2, 100_000), slide_whole(10, 300, 10), Published("median Facebook user had 99 friends"),
        "Mean number of friends (small-world, scale-free: even; random, communities); below the population size.";
    rewiring: f64 = REWIRING, "Rewiring", Real(0.1), "probability", Range::Unit, slide(0.0, 0.5, 0.025), Assumption,
        "small-world: share of ring friendships rewired to a random person (keeps clustering near 0.54, like the SNAP Facebook sample's 0.6).";
    triangle_closing: f64 = TRIANGLE_CLOSING, "Triangle closing", Real(0.0), "probability", Range::Unit, slide(0.0, 1.0, 0.05), Setting,
        "scale-free: chance that each friendship after a person's first goes to a friend of the previous one (Holme-Kim), raising clustering.";
    communities: u32 = COMMUNITIES, "Communities", Whole(10), "communities", Range::Whole(1, 1_000_000), slide_whole(1, 50, 2), Assumption,
        "communities: number of equal communities (planted partition).";
    inside_share: f64 = INSIDE_SHARE, "Inside share", Real(0.9), "share", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "communities: share of friendships inside a person's own community.";
    path: String = PATH, "Edge list file", Derived("required for edge-list"), "-", Range::Path, NO_SLIDER, Setting,
        "edge-list: friendship file, one pair of ids a line ('a b' or 'a,b'), '#' comments.";
}

// behaviour
section! {
    raw RawBehaviour, list BEHAVIOUR, group "Behaviour", prefix "behaviour.";
    tables {}
    config BehaviourConfig {}
    awareness_half_life_days: f64 = AWARENESS_HALF_LIFE, "Awareness half-life", Real(30.0), "days", Range::Real(0.1, 36_500.0), slide(0.1, 100.0, 5.0), Assumption,
        "Time for awareness of the brand to halve without contact.";
    trust_negativity_ratio: f64 = NEGATIVITY_RATIO, "Negativity ratio", Real(5.0), "ratio", Range::Real(1.0, 100.0), slide(1.0, 20.0, 1.0), Published("a bad experience costs several good ones; 3 to 10 a fair teaching value"),
        "How much more a bad experience moves trust than a good one of the same strength.";
    ask_trust: f64 = ASK_TRUST, "Ask trust", Real(0.5), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Trust at which a person in need turns to the brand by themself.";
    need_purchase_per_day: f64 = NEED_PURCHASE, "Need purchase per day", Real(0.05), "probability per day", Range::Unit, slide(0.0, 0.2, 0.01), Assumption,
        "Chance per day that an aware person in need who trusts the brand enough buys from it.";
    customer_trust_gain: f64 = CUSTOMER_TRUST_GAIN, "Customer trust gain", Real(0.1), "0-1", Range::Unit, slide(0.0, 0.5, 0.025), Assumption,
        "Trust gained from buying (a satisfied customer).";
    pitch_ready_trust: f64 = PITCH_READY_TRUST, "Pitch ready trust", Real(0.5), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Trust below which a sales pitch feels pushy and costs trust.";
    word_of_mouth: bool = WORD_OF_MOUTH, "Word of mouth", Flag(true), "-", Range::Flag, NO_SLIDER, Setting,
        "Whether people tell their friends about the brand at all.";
    tell_trust: f64 = TELL_TRUST, "Tell trust", Real(0.6), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Only aware people with at least this trust tell friends (the gate on word of mouth).";
    tell_per_day: f64 = TELL_PER_DAY, "Tell per day", Real(0.05), "probability per day", Range::Unit, slide(0.0, 0.2, 0.01), Assumption,
        "Chance per day that a person past the gate tells one random friend.";
    listen_per_day: u32 = LISTEN_PER_DAY, "Listen per day", Whole(1), "messages per day", Range::Whole(0, 100), slide_whole(0, 5, 1), Assumption,
        "How many friends' words about the brand a person takes in per day (attention).";
    friend_trust_gain: f64 = FRIEND_TRUST_GAIN, "Friend trust gain", Real(0.2), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Published("83-92% trust recommendations from people they know vs 50-56% for brand email"),
        "Trust gained from hearing about the brand from a friend (far above an email's).";
    friend_awareness: f64 = FRIEND_AWARENESS, "Friend awareness", Real(0.6), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Awareness gained from hearing from a friend.";
    negative_word_trust_loss: f64 = NEGATIVE_TRUST_LOSS, "Negative word trust loss", Real(0.05), "0-1", Range::Unit, slide(0.0, 0.2, 0.01), Assumption,
        "Strength of the bad experience of hearing a friend complain about the brand.";
    negative_pass_on: f64 = NEGATIVE_PASS_ON, "Negative pass on", Real(0.2), "probability", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Chance that someone who hears a complaint from a friend passes it on in turn (once per person).";
    complaint_tells: u32 = COMPLAINT_TELLS, "Complaint tells", Whole(3), "friends", Range::Whole(0, 1000), slide_whole(0, 10, 1), Assumption,
        "Friends an offended person complains to (times the heavy-sharer factor for heavy sharers).";
}

// money
section! {
    raw RawMoney, list MONEY, group "Money", prefix "money.";
    tables {}
    config MoneyConfig {}
    hourly_rate: f64 = HOURLY_RATE, "Hourly rate", Real(50.0), "money per hour", Range::Real(0.0, 1e6), slide(0.0, 200.0, 10.0), Assumption,
        "What an hour of the marketer's time costs; turns hours into money.";
    price: f64 = PRICE, "Price", Real(500.0), "money per sale", Range::Real(0.0, 1e9), slide(0.0, 2000.0, 100.0), Assumption,
        "Price of one sale.";
    margin: f64 = MARGIN, "Margin", Real(0.4), "share of price", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Share of the price that is profit before marketing costs.";
    referral_extra_value: f64 = REFERRAL_EXTRA, "Referral extra value", Real(0.16), "share", Range::Real(0.0, 10.0), slide(0.0, 0.5, 0.025), Published("referred customers are worth about 16% more (a bank study)"),
        "Extra value of a sale to a customer who first heard of the brand from a friend.";
    daily_budget: f64 = DAILY_BUDGET, "Daily budget", Real(0.0), "money per day", Range::Real(0.0, 1e9), slide(0.0, 1000.0, 10.0), Setting,
        "If above 0, every arm gets this budget a day, split between its tactics by their budget_share (equally if none is given), and each tactic does as much as its share buys (unspent money carries over).";
}

// arms.<arm>
section! {
    raw RawArm, list ARM, group "Arm", prefix "arms.<arm>.";
    tables {
        /// A network of the arm's own instead of the population's.
        network: Option<Spanned<RawNetwork>>,
        #[serde(rename = "email-blast")]
        email_blast: Option<Spanned<RawEmailBlast>>,
        networking: Option<Spanned<RawNetworking>>,
        #[serde(rename = "social-ads")]
        social_ads: Option<Spanned<RawSocialAds>>,
        #[serde(rename = "link-bait")]
        link_bait: Option<Spanned<RawLinkBait>>,
        community: Option<Spanned<RawCommunity>>,
    }
    config ArmConfig {
        #[serde(skip)]
        name: String,
        /// A network of the arm's own instead of the population's.
        #[serde(skip_serializing_if = "Option::is_none")]
        network: Option<NetworkConfig>,
        #[serde(rename = "email-blast", skip_serializing_if = "Option::is_none")]
        email_blast: Option<EmailBlastConfig>,
        #[serde(skip_serializing_if = "Option::is_none")]
        networking: Option<NetworkingConfig>,
        #[serde(rename = "social-ads", skip_serializing_if = "Option::is_none")]
        social_ads: Option<SocialAdsConfig>,
        #[serde(rename = "link-bait", skip_serializing_if = "Option::is_none")]
        link_bait: Option<LinkBaitConfig>,
        #[serde(skip_serializing_if = "Option::is_none")]
        community: Option<CommunityConfig>,
    }
    start_day: u32 = START_DAY, "Start day", Whole(0), "day", Range::Whole(0, 36_500), slide_whole(0, 365, 5), Setting,
        "The marketer starts all of the arm's tactics after this day (0: from the first day); before it the arm only watches the market.";
    stop_day: u32 = STOP_DAY, "Stop day", Whole(0), "day", Range::Whole(0, 36_500), slide_whole(0, 365, 5), Setting,
        "The marketer stops all of the arm's tactics after this day (0: never); what people already think and say goes on.";
    colour: Option<Colour> = ARM_COLOUR, "Colour", Derived("a shade of the arm's tactic family"), "-", Range::Colour, NO_SLIDER, Setting,
        "The arm's colour in every chart, the report and the live page. Left out: blasting arms get warm shades, networking blues, social ads greens, link bait browns, community magentas and arms mixing tactics purples and greys, in the order the arms appear.";
}

// arms.<arm>.email-blast
section! {
    raw RawEmailBlast, list EMAIL_BLAST, group "Email blast", prefix "arms.<arm>.email-blast.";
    tables {}
    config EmailBlastConfig {}
    start_day: u32 = EMAIL_START_DAY, "Start day", Whole(0), "day", Range::Whole(0, 36_500), slide_whole(0, 365, 5), Setting,
        "This tactic starts after this day (0: with the arm); with a budget, its share accrues only from then on.";
    budget_share: Option<f64> = EMAIL_BUDGET_SHARE, "Budget share", Derived("an equal part of what the arm's other shares leave"), "share of daily budget", Range::Unit, slide(0.0, 1.0, 0.05), Setting,
        "With money.daily_budget: this tactic's part of the arm's daily budget. An arm's shares add up to 1; tactics without one split what the others leave equally (none given: an equal split).";
    community: u32 = EMAIL_COMMUNITY, "Target community", Whole(0), "community", Range::Whole(0, 1_000_000), slide_whole(0, 10, 1), Setting,
        "Target audience: 0 mails a list drawn from everyone; k draws it only from community k (a communities network).";
    list_share: f64 = LIST_SHARE, "List share", Real(0.3), "share of population", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Share of the population on the bought list.";
    cadence_days: u32 = CADENCE_DAYS, "Days between sends", Whole(1), "days", Range::Whole(1, 365), slide_whole(1, 30, 1), Published("internet marketers blast daily"),
        "Days between sends (1 = daily, 7 = weekly).";
    reference_cadence_days: f64 = REFERENCE_CADENCE, "Reference cadence days", Real(7.0), "days", Range::Real(1.0, 365.0), slide(1.0, 25.0, 2.0), Published("average campaigns go out about weekly"),
        "Cadence at which the per-send rates below were measured.";
    open_rate: f64 = OPEN_RATE, "Open rate", Real(0.21), "per send", Range::Unit, slide(0.0, 1.0, 0.05), Published("open rate about 21%"),
        "Share of inboxed emails opened, averaged over a year of mailing a fresh list at the reference cadence (the per-person chance is derived from it).";
    click_rate: f64 = CLICK_RATE, "Click rate", Real(0.026), "per send", Range::Unit, slide(0.0, 0.1, 0.005), Published("click rate about 2.6%"),
        "Share of inboxed emails clicked, averaged likewise.";
    unsubscribe_rate: f64 = UNSUBSCRIBE_RATE, "Unsubscribe rate", Real(0.0023), "per send", Range::Unit, slide(0.0, 0.01, 0.0005), Published("unsubscribe rate about 0.23%"),
        "Share of inboxed emails after which the recipient unsubscribes, averaged likewise.";
    complaint_rate: f64 = COMPLAINT_RATE, "Complaint rate", Real(0.00015), "per send", Range::Unit, slide(0.0, 0.0005, 2.5e-05), Published("spam complaints 0.01 to 0.02%"),
        "Share of inboxed emails marked as spam (the complainer leaves the list), averaged likewise.";
    list_decay_per_month: f64 = LIST_DECAY, "List decay per month", Real(0.02), "per month", Range::Unit, slide(0.0, 0.1, 0.005), Published("lists decay about 2% a month"),
        "Share of addresses that die per month (a daily hazard; the next send to a dead address bounces).";
    fatigue_half_life_days: f64 = FATIGUE_HALF_LIFE, "Fatigue half-life", Real(7.0), "days", Range::Real(0.1, 365.0), slide(0.1, 25.0, 2.0), Assumption,
        "Time for fatigue from past emails to halve.";
    open_fatigue_elasticity: f64 = OPEN_ELASTICITY, "Open fatigue elasticity", Real(0.3), "-", Range::Real(0.0, 10.0), slide(0.0, 1.0, 0.05), Assumption,
        "How strongly the fatigue ratio (fatigue over its value at the reference cadence) lowers opens: opens scale as ratio^-elasticity.";
    click_fatigue_elasticity: f64 = CLICK_ELASTICITY, "Click fatigue elasticity", Real(0.8), "-", Range::Real(0.0, 10.0), slide(0.0, 2.5, 0.2), Fitted("clicks fell from 2% at 6 sends a month to 0.5% at 25"),
        "How strongly fatigue lowers clicks among opens.";
    unsubscribe_fatigue_elasticity: f64 = UNSUBSCRIBE_ELASTICITY, "Unsubscribe fatigue elasticity", Real(1.0), "-", Range::Real(0.0, 10.0), slide(0.0, 5.0, 0.25), Assumption,
        "How strongly fatigue raises unsubscribes.";
    complaint_fatigue_elasticity: f64 = COMPLAINT_ELASTICITY, "Complaint fatigue elasticity", Real(2.5), "-", Range::Real(0.0, 10.0), slide(0.0, 10.0, 0.5), Fitted("5 to 12 sends a month raised complaints per send about six-fold"),
        "How strongly fatigue raises spam complaints.";
    purchase_per_click: f64 = PURCHASE_PER_CLICK, "Purchase per click", Real(0.05), "probability", Range::Unit, slide(0.0, 0.2, 0.01), Assumption,
        "Chance a click ends in a purchase.";
    open_awareness: f64 = OPEN_AWARENESS, "Open awareness", Real(0.5), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Awareness gained from opening an email.";
    helpful_opens: u32 = HELPFUL_OPENS, "Helpful opens", Whole(3), "opens", Range::Whole(0, 1000), slide_whole(0, 10, 1), Published("repetition helps for about three exposures"),
        "Opens that still build trust; later ones do not.";
    wear_out_opens: u32 = WEAR_OUT_OPENS, "Wear out opens", Whole(15), "opens", Range::Whole(0, 1000), slide_whole(0, 50, 2), Published("wear-out after 10 to 20 exposures"),
        "Opens after which the same message becomes unwanted and costs trust.";
    open_trust_gain: f64 = OPEN_TRUST_GAIN, "Open trust gain", Real(0.01), "0-1", Range::Unit, slide(0.0, 0.05, 0.0025), Assumption,
        "Trust gained from a helpful open (one of the first helpful_opens).";
    wear_out_trust_loss: f64 = WEAR_OUT_LOSS, "Wear out trust loss", Real(0.003), "0-1", Range::Unit, slide(0.0, 0.01, 0.0005), Assumption,
        "Strength of the bad experience of opening a worn-out message (after wear_out_opens).";
    annoyance: f64 = ANNOYANCE, "Annoyance", Real(0.0001), "0-1", Range::Unit, slide(0.0, 0.0005, 2.5e-05), Assumption,
        "Trust lost per delivered email for each unit of fatigue ratio above 1 (unwanted repetition).";
    signup_per_visit: f64 = SIGNUP_PER_VISIT, "Signup per visit", Real(0.02), "probability", Range::Unit, slide(0.0, 0.1, 0.005), Assumption,
        "Chance that someone who takes in the arm's content (a post, link bait, a community contribution, an ad) joins the list (capture your visitors).";
    complaint_threshold: f64 = COMPLAINT_THRESHOLD, "Complaint threshold", Real(0.003), "per delivered email", Range::Unit, slide(0.0, 0.01, 0.0005), Published("mailbox providers require complaints under 0.3%"),
        "Complaint rate (recent complaints over recent deliveries) above which mail goes to the spam folder.";
    spam_inbox_share: f64 = SPAM_INBOX_SHARE, "Spam inbox share", Real(0.1), "share", Range::Unit, slide(0.0, 0.5, 0.025), Assumption,
        "Share of emails that still reach the inbox while the sender's complaint rate is above the threshold.";
    reputation_half_life_days: f64 = REPUTATION_HALF_LIFE, "Reputation half-life", Real(30.0), "days", Range::Real(1.0, 3650.0), slide(1.0, 100.0, 5.0), Assumption,
        "How long mailbox providers remember complaints: the half-life of the counts behind the complaint rate.";
    cost_per_address: f64 = COST_PER_ADDRESS, "Cost per address", Real(0.5), "money per address", Range::Real(0.0, 1e6), slide(0.0, 2.0, 0.1), Assumption,
        "With a budget: what buying one more address for the list costs (money left after a mailing buys addresses).";
    cost_per_email: f64 = COST_PER_EMAIL, "Cost per email", Real(0.001), "money per email", Range::Real(0.0, 1e6), slide(0.0, 0.005, 0.00025), Assumption,
        "Sending cost per email (list rental and sending service).";
    hours_per_send: f64 = HOURS_PER_SEND, "Hours per send", Real(1.0), "hours", Range::Real(0.0, 1000.0), slide(0.0, 5.0, 0.25), Assumption,
        "Hours to write and send one mailing.";
}

// arms.<arm>.networking
section! {
    raw RawNetworking, list NETWORKING, group "Networking", prefix "arms.<arm>.networking.";
    tables {}
    config NetworkingConfig {}
    start_day: u32 = NETWORKING_START_DAY, "Start day", Whole(0), "day", Range::Whole(0, 36_500), slide_whole(0, 365, 5), Setting,
        "This tactic starts after this day (0: with the arm); with a budget, its share accrues only from then on.";
    budget_share: Option<f64> = NETWORKING_BUDGET_SHARE, "Budget share", Derived("an equal part of what the arm's other shares leave"), "share of daily budget", Range::Unit, slide(0.0, 1.0, 0.05), Setting,
        "With money.daily_budget: this tactic's part of the arm's daily budget. An arm's shares add up to 1; tactics without one split what the others leave equally (none given: an equal split).";
    community: u32 = NETWORKING_COMMUNITY, "Target community", Whole(0), "community", Range::Whole(0, 1_000_000), slide_whole(0, 10, 1), Setting,
        "Target audience: 0 seeks strangers among everyone; k only in community k (a communities network).";
    conversations_per_day: u32 = CONVERSATIONS, "Conversations per day", Whole(20), "conversations per day", Range::Whole(0, 1_000_000), slide_whole(0, 100, 5), Assumption,
        "One-to-one conversations the marketer holds per day (without a budget; with one, as many as its share buys).";
    new_contact_share: f64 = NEW_CONTACT_SHARE, "New contact share", Real(0.3), "share", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Share of conversations spent on new people; the rest deepen existing relationships.";
    introduction_share: f64 = INTRODUCTION_SHARE, "Introduction share", Real(0.5), "share", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Share of new contacts met through an existing contact (a friend of theirs, over the network); the rest are strangers.";
    targeting: f64 = NETWORKING_TARGETING, "Targeting", Real(0.0), "share", Range::Unit, slide(0.0, 1.0, 0.05), Setting,
        "Share of strangers sought among the target audience (knowing who your target is).";
    conversation_trust_gain: f64 = CONVERSATION_TRUST_GAIN, "Conversation trust gain", Real(0.15), "0-1", Range::Unit, slide(0.0, 0.5, 0.025), Assumption,
        "Share of the remaining distrust a conversation removes (diminishing returns).";
    pitch_trust: f64 = PITCH_TRUST, "Pitch trust", Real(0.6), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "The marketer pitches in a conversation once the person's trust reaches this.";
    pitch_success: f64 = PITCH_SUCCESS, "Pitch success", Real(0.05), "probability", Range::Unit, slide(0.0, 0.2, 0.01), Assumption,
        "Chance a pitch to a ready person without a current need ends in a purchase.";
    pitch_success_in_need: f64 = PITCH_SUCCESS_IN_NEED, "Pitch success in need", Real(0.5), "probability", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Chance a pitch to a ready person who needs the product now ends in a purchase.";
    early_pitch_trust_loss: f64 = EARLY_PITCH_LOSS, "Early pitch trust loss", Real(0.05), "0-1", Range::Unit, slide(0.0, 0.2, 0.01), Assumption,
        "Strength of the bad experience of a pitch made too early.";
    early_pitch_unfollow: f64 = EARLY_PITCH_UNFOLLOW, "Early pitch unfollow", Real(0.3), "probability", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Chance a follower pitched too early stops following.";
    follow_after_conversation: f64 = FOLLOW_AFTER_CONVERSATION, "Follow after conversation", Real(0.5), "probability", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Chance a person starts following the brand after a conversation.";
    follow_after_referral: f64 = FOLLOW_AFTER_REFERRAL, "Follow after referral", Real(0.1), "probability", Range::Unit, slide(0.0, 0.5, 0.025), Assumption,
        "Chance a person starts following after hearing about the brand from a friend.";
    posts_per_week: f64 = POSTS_PER_WEEK, "Posts per week", Real(3.0), "posts per week", Range::Real(0.0, 7.0), slide(0.0, 7.0, 0.5), Assumption,
        "Value-adding posts (no pitch) published per week, at most one a day.";
    post_reach: f64 = POST_REACH, "Post reach", Real(0.1), "share of followers", Range::Unit, slide(0.0, 0.5, 0.025), Assumption,
        "Share of followers who see a given post (organic reach).";
    post_trust_gain: f64 = POST_TRUST_GAIN, "Post trust gain", Real(0.02), "0-1", Range::Unit, slide(0.0, 0.1, 0.005), Assumption,
        "Trust gained from seeing a useful post.";
    post_awareness: f64 = POST_AWARENESS, "Post awareness", Real(0.3), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Awareness gained from seeing a post.";
    hours_per_conversation: f64 = HOURS_PER_CONVERSATION, "Hours per conversation", Real(0.25), "hours", Range::Real(0.0, 1000.0), slide(0.0, 1.0, 0.05), Assumption,
        "Hours one conversation takes.";
    hours_per_post: f64 = HOURS_PER_POST, "Hours per post", Real(1.0), "hours", Range::Real(0.0, 1000.0), slide(0.0, 5.0, 0.25), Assumption,
        "Hours to write one useful post.";
}

// arms.<arm>.social-ads
section! {
    raw RawSocialAds, list SOCIAL_ADS, group "Social ads", prefix "arms.<arm>.social-ads.";
    tables {}
    config SocialAdsConfig {}
    start_day: u32 = ADS_START_DAY, "Start day", Whole(0), "day", Range::Whole(0, 36_500), slide_whole(0, 365, 5), Setting,
        "This tactic starts after this day (0: with the arm); with a budget, its share accrues only from then on.";
    budget_share: Option<f64> = ADS_BUDGET_SHARE, "Budget share", Derived("an equal part of what the arm's other shares leave"), "share of daily budget", Range::Unit, slide(0.0, 1.0, 0.05), Setting,
        "With money.daily_budget: this tactic's part of the arm's daily budget. An arm's shares add up to 1; tactics without one split what the others leave equally (none given: an equal split).";
    community: u32 = ADS_COMMUNITY, "Target community", Whole(0), "community", Range::Whole(0, 1_000_000), slide_whole(0, 10, 1), Setting,
        "Target audience: 0 shows ads to everyone; k only to community k (a communities network).";
    reach_per_day: f64 = ADS_REACH, "Reach per day", Real(0.02), "share of audience per day", Range::Unit, slide(0.0, 0.1, 0.005), Assumption,
        "Impressions a day as a share of the audience, each shown to a person at random (without a budget).";
    targeting: f64 = AD_TARGETING, "Targeting", Real(0.0), "share", Range::Unit, slide(0.0, 1.0, 0.05), Setting,
        "Share of impressions aimed at people in the target audience (the rest go to anyone in the arm's audience).";
    ad_awareness: f64 = AD_AWARENESS, "Ad awareness", Real(0.3), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Awareness gained from seeing an ad.";
    click_rate: f64 = AD_CLICK, "Ad click rate", Real(0.009), "per impression", Range::Unit, slide(0.0, 0.05, 0.0025), Assumption,
        "Chance an impression is clicked, at the population's initial trust and average channel preference (more trust, more clicks).";
    purchase_per_click: f64 = AD_PURCHASE, "Purchase per click", Real(0.02), "probability", Range::Unit, slide(0.0, 0.1, 0.005), Assumption,
        "Chance a click ends in a purchase (target audience; outside it times population.outside_purchase_factor).";
    offence_rate: f64 = AD_OFFENCE, "Offence rate", Real(0.01), "per impression", Range::Unit, slide(0.0, 0.05, 0.0025), Assumption,
        "Chance an ad pushed into someone's feed offends them: a bad experience, and they complain to friends.";
    outside_offence_factor: f64 = AD_OUTSIDE_OFFENCE, "Outside offence factor", Real(2.0), "times", Range::Real(0.0, 100.0), slide(0.0, 10.0, 0.5), Assumption,
        "How many times more often an ad offends someone outside the target audience.";
    offence_trust_loss: f64 = AD_TRUST_LOSS, "Offence trust loss", Real(0.1), "0-1", Range::Unit, slide(0.0, 0.5, 0.025), Assumption,
        "Strength of the bad experience of an offending ad.";
    intrusion: f64 = AD_ANNOYANCE, "Intrusion", Real(0.005), "0-1", Range::Unit, slide(0.0, 0.02, 0.001), Assumption,
        "Strength of the small bad experience of every ad seen (an interruption nobody asked for).";
    cost_per_impression: f64 = COST_PER_IMPRESSION, "Cost per impression", Real(0.01), "money per impression", Range::Real(0.0, 1e6), slide(0.0, 0.05, 0.0025), Assumption,
        "What one impression costs (10 per thousand).";
}

// arms.<arm>.link-bait
section! {
    raw RawLinkBait, list LINK_BAIT, group "Link bait", prefix "arms.<arm>.link-bait.";
    tables {}
    config LinkBaitConfig {}
    start_day: u32 = BAIT_START_DAY, "Start day", Whole(0), "day", Range::Whole(0, 36_500), slide_whole(0, 365, 5), Setting,
        "This tactic starts after this day (0: with the arm); with a budget, its share accrues only from then on.";
    budget_share: Option<f64> = BAIT_BUDGET_SHARE, "Budget share", Derived("an equal part of what the arm's other shares leave"), "share of daily budget", Range::Unit, slide(0.0, 1.0, 0.05), Setting,
        "With money.daily_budget: this tactic's part of the arm's daily budget. An arm's shares add up to 1; tactics without one split what the others leave equally (none given: an equal split).";
    every_days: u32 = BAIT_EVERY, "Days between pieces", Whole(7), "days", Range::Whole(1, 36_500), slide_whole(1, 60, 1), Assumption,
        "Days between new pieces of link bait, the first on day 0 (without a budget; with one, a piece whenever its share affords one, at most one a day).";
    seeds: u32 = BAIT_SEEDS, "Seeds", Whole(50), "people", Range::Whole(1, 4_000_000_000), slide_whole(10, 500, 10), Assumption,
        "People who see a new piece directly when it is published, at random.";
    pass_on: f64 = BAIT_PASS_ON, "Pass on", Real(0.012), "probability per friend", Range::Unit, slide(0.0, 0.05, 0.0025), Assumption,
        "Chance that someone who has just seen a piece sends it to each of their friends (once per piece): the cascade's transmissibility.";
    bait_awareness: f64 = BAIT_AWARENESS, "Bait awareness", Real(0.3), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Awareness a piece lifts people to, never beyond (a catchy headline is remembered briefly: short memory).";
    bait_trust_gain: f64 = BAIT_TRUST_GAIN, "Bait trust gain", Real(0.0), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Trust gained from a piece (none: it has no value).";
    hours_per_piece: f64 = HOURS_PER_PIECE, "Hours per piece", Real(4.0), "hours", Range::Real(0.0, 1000.0), slide(0.0, 20.0, 1.0), Assumption,
        "Hours to make one piece.";
}

// arms.<arm>.community
section! {
    raw RawCommunity, list COMMUNITY, group "Community", prefix "arms.<arm>.community.";
    tables {}
    config CommunityConfig {}
    start_day: u32 = GROUP_START_DAY, "Start day", Whole(0), "day", Range::Whole(0, 36_500), slide_whole(0, 365, 5), Setting,
        "This tactic starts after this day (0: with the arm); with a budget, its share accrues only from then on.";
    budget_share: Option<f64> = GROUP_BUDGET_SHARE, "Budget share", Derived("an equal part of what the arm's other shares leave"), "share of daily budget", Range::Unit, slide(0.0, 1.0, 0.05), Setting,
        "With money.daily_budget: this tactic's part of the arm's daily budget. An arm's shares add up to 1; tactics without one split what the others leave equally (none given: an equal split).";
    community: u32 = GROUP_COMMUNITY, "Target community", Whole(0), "community", Range::Whole(0, 1_000_000), slide_whole(0, 10, 1), Setting,
        "Which network community the groups are drawn from: 0 any, k only community k.";
    group_share: f64 = GROUP_SHARE, "Group share", Real(0.2), "share of target audience", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Share of the target audience who belong to the groups where the marketer takes part.";
    contact_per_hour: f64 = CONTACT_PER_HOUR, "Contact per hour", Real(0.05), "probability per hour", Range::Unit, slide(0.0, 0.2, 0.01), Assumption,
        "Chance per hour of the marketer's participation that a given group member sees a helpful contribution that day.";
    hours_per_day: f64 = COMMUNITY_HOURS, "Hours per day", Real(2.0), "hours per day", Range::Real(0.0, 24.0), slide(0.0, 10.0, 0.5), Assumption,
        "Hours a day spent taking part in the groups (without a budget).";
    awareness: f64 = COMMUNITY_AWARENESS, "Awareness", Real(0.6), "0-1", Range::Unit, slide(0.0, 1.0, 0.05), Assumption,
        "Awareness gained from a contribution: a name seen among peers is remembered.";
    trust_gain: f64 = COMMUNITY_TRUST_GAIN, "Trust gain", Real(0.05), "0-1", Range::Unit, slide(0.0, 0.2, 0.01), Assumption,
        "Trust gained from a helpful contribution (slow: value first, no pitch).";
}
/// What the rules of an arm's sections need to know about the arm.
pub(super) struct ArmFacts {
    /// People in the population.
    pub size: u32,
    /// The communities of the arm's network, if it has any: they double as
    /// audience segments a tactic can target.
    pub segments: Option<u32>,
    /// Days in the run.
    pub days: u32,
}

/// A start or stop day must fall within the run (`last` is its last day):
/// a tactic that starts after it never acts.
fn within_run(
    c: &Check,
    field: &super::raw::Field<i64>,
    param: &Param,
    day: u32,
    last: u32,
) -> Result<(), ScenarioError> {
    let starts = param.key() == "start_day";
    if (starts && day >= last) || day > last {
        let when = if starts { "starts" } else { "stops" };
        return Err(c
            .fail(
                field.as_ref().map(Spanned::span),
                param,
                format!("{when} after day {day}, but the run's last day is {last}"),
            )
            .help(if starts {
                format!("use a day below {last}, or 0 to start at once")
            } else {
                format!("use a day up to {last}, or 0 for never")
            }));
    }
    Ok(())
}

impl RawArm {
    pub(super) fn rules(
        &self,
        c: &Check,
        a: &ArmConfig,
        arm: &ArmFacts,
    ) -> Result<(), ScenarioError> {
        within_run(c, &self.start_day, &START_DAY, a.start_day, arm.days)?;
        within_run(c, &self.stop_day, &STOP_DAY, a.stop_day, arm.days)?;
        if a.stop_day != 0 && a.start_day >= a.stop_day {
            return Err(c
                .fail(
                    self.start_day.as_ref().map(Spanned::span),
                    &START_DAY,
                    format!(
                        "starts after day {} but stops after day {}",
                        a.start_day, a.stop_day
                    ),
                )
                .help("start before the stop day, or set stop_day = 0 for never"));
        }
        Ok(())
    }
}

impl RawPopulation {
    /// A Beta distribution needs variance below mean * (1 - mean).
    pub(super) fn rules(&self, c: &Check, p: &PopulationConfig) -> Result<(), ScenarioError> {
        let (mean, sd) = (p.initial_trust, p.initial_trust_sd);
        let max_sd = (mean * (1.0 - mean)).sqrt();
        if sd > 0.0 && sd >= max_sd {
            let span = (self.initial_trust_sd.as_ref())
                .or(self.initial_trust.as_ref())
                .map(Spanned::span);
            return Err(c
                .fail(
                    span,
                    &INITIAL_TRUST_SD,
                    format!("a spread of {sd} is impossible around a mean trust of {mean}"),
                )
                .help(format!(
                    "with this mean the spread must be below {max_sd:.3} (or 0 for everyone alike)"
                )));
        }
        Ok(())
    }
}

impl RawEmailBlast {
    pub(super) fn validate(
        &self,
        c: &Check,
        arm: &ArmFacts,
    ) -> Result<EmailBlastConfig, ScenarioError> {
        let e = self.check(c)?;
        within_run(c, &self.start_day, &EMAIL_START_DAY, e.start_day, arm.days)?;
        if e.wear_out_opens < e.helpful_opens {
            let span = (self.wear_out_opens.as_ref())
                .or(self.helpful_opens.as_ref())
                .map(Spanned::span);
            return Err(c
                .fail(
                    span,
                    &WEAR_OUT_OPENS,
                    format!(
                        "wear-out at {} opens comes before the {} helpful opens end",
                        e.wear_out_opens, e.helpful_opens
                    ),
                )
                .help("wear_out_opens must be at least helpful_opens"));
        }
        if e.click_rate > e.open_rate {
            let span = (self.click_rate.as_ref())
                .or(self.open_rate.as_ref())
                .map(Spanned::span);
            return Err(c
                .fail(
                    span,
                    &CLICK_RATE,
                    format!(
                        "a click rate of {} exceeds the open rate {}",
                        e.click_rate, e.open_rate
                    ),
                )
                .help("only opened emails are clicked: click_rate must not exceed open_rate"));
        }
        c.community_exists(&self.community, &EMAIL_COMMUNITY, e.community, arm.segments)?;
        Ok(e)
    }
}

impl RawNetworking {
    pub(super) fn validate(
        &self,
        c: &Check,
        arm: &ArmFacts,
    ) -> Result<NetworkingConfig, ScenarioError> {
        let n = self.check(c)?;
        within_run(
            c,
            &self.start_day,
            &NETWORKING_START_DAY,
            n.start_day,
            arm.days,
        )?;
        c.community_exists(
            &self.community,
            &NETWORKING_COMMUNITY,
            n.community,
            arm.segments,
        )?;
        Ok(n)
    }
}

impl RawSocialAds {
    pub(super) fn validate(
        &self,
        c: &Check,
        arm: &ArmFacts,
    ) -> Result<SocialAdsConfig, ScenarioError> {
        let a = self.check(c)?;
        within_run(c, &self.start_day, &ADS_START_DAY, a.start_day, arm.days)?;
        c.community_exists(&self.community, &ADS_COMMUNITY, a.community, arm.segments)?;
        Ok(a)
    }
}

impl RawLinkBait {
    pub(super) fn validate(
        &self,
        c: &Check,
        arm: &ArmFacts,
    ) -> Result<LinkBaitConfig, ScenarioError> {
        let b = self.check(c)?;
        within_run(c, &self.start_day, &BAIT_START_DAY, b.start_day, arm.days)?;
        if b.seeds > arm.size {
            return Err(c
                .fail(
                    self.seeds.as_ref().map(Spanned::span),
                    &BAIT_SEEDS,
                    format!("{} seeds are more than the {} people", b.seeds, arm.size),
                )
                .help("use at most population.size seeds"));
        }
        Ok(b)
    }
}

impl RawCommunity {
    pub(super) fn validate(
        &self,
        c: &Check,
        arm: &ArmFacts,
    ) -> Result<CommunityConfig, ScenarioError> {
        let g = self.check(c)?;
        within_run(c, &self.start_day, &GROUP_START_DAY, g.start_day, arm.days)?;
        c.community_exists(&self.community, &GROUP_COMMUNITY, g.community, arm.segments)?;
        Ok(g)
    }
}
