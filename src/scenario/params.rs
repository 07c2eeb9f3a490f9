//! Every scenario parameter in one table: path, default, unit, valid range,
//! meaning and source. Validation, `outreach params`, `outreach check` and the
//! parameter table in docs/MODEL.md all read from here, so a default lives in
//! exactly one place.

/// What values a parameter accepts.
#[derive(Clone, Copy, Debug)]
pub enum Range {
    /// A probability or share: a finite number in [0, 1].
    Unit,
    /// A finite number in [min, max].
    Real(f64, f64),
    /// A whole number in [min, max].
    Whole(i64, i64),
    /// true or false.
    Flag,
    /// One of the listed words.
    Choice(&'static [&'static str]),
    /// A short name (letters, digits, '-', '_', '.', spaces).
    Name,
    /// A file path, relative to the scenario file's folder.
    Path,
}

/// A parameter's default value.
#[derive(Clone, Copy, Debug)]
pub enum Default {
    Real(f64),
    Whole(i64),
    Flag(bool),
    Word(&'static str),
    /// Filled in from elsewhere (the file's name for `name`).
    Derived(&'static str),
}

/// Where a default comes from.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    /// A published figure, as quoted in ../shared/MODEL.md.
    Published(&'static str),
    /// Fitted to a published figure by the model's equations.
    Fitted(&'static str),
    /// A teaching assumption: a round, plausible number to be varied in class.
    Assumption,
    /// A setting of the run, not of the model.
    Setting,
}

#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// Dotted path; `<arm>` stands for any arm's name.
    pub path: &'static str,
    pub default: Default,
    pub unit: &'static str,
    pub range: Range,
    pub meaning: &'static str,
    pub source: Source,
}

impl Param {
    /// The last segment of the path: the key as written in a file.
    pub fn key(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    pub fn default_real(&self) -> f64 {
        match self.default {
            Default::Real(v) => v,
            Default::Whole(v) => v as f64,
            _ => panic!("{} has no numeric default", self.path),
        }
    }

    pub fn default_text(&self) -> String {
        match self.default {
            Default::Real(v) => format!("{v}"),
            Default::Whole(v) => format!("{v}"),
            Default::Flag(v) => format!("{v}"),
            Default::Word(w) => format!("\"{w}\""),
            Default::Derived(what) => what.to_string(),
        }
    }

    pub fn range_text(&self) -> String {
        match self.range {
            Range::Unit => "0 to 1".into(),
            Range::Real(lo, hi) => format!("{lo} to {hi}"),
            Range::Whole(lo, hi) => format!("whole number {lo} to {hi}"),
            Range::Flag => "true or false".into(),
            Range::Choice(words) => words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(", "),
            Range::Name => "letters, digits, space, - _ .".into(),
            Range::Path => "a file path, relative to the scenario file".into(),
        }
    }

    pub fn source_text(&self) -> String {
        match self.source {
            Source::Published(s) => format!("published: {s}"),
            Source::Fitted(s) => format!("fitted: {s}"),
            Source::Assumption => "teaching assumption".into(),
            Source::Setting => "run setting".into(),
        }
    }
}

macro_rules! params {
    ($( $id:ident = $path:literal, $default:expr, $unit:literal, $range:expr, $source:expr, $meaning:literal; )*) => {
        $( pub const $id: Param = Param { path: $path, default: $default, unit: $unit, range: $range, meaning: $meaning, source: $source }; )*
        /// Every parameter, in the order `outreach params` lists them.
        pub const ALL: &[Param] = &[$($id),*];
    };
}

use self::Default::{Derived, Flag, Real, Whole, Word};
use Source::{Assumption, Fitted, Published, Setting};

pub const NETWORK_KINDS: &[&str] = &[
    "small-world",
    "scale-free",
    "random",
    "communities",
    "social",
    "well-mixed",
    "edge-list",
];

params! {
    NAME = "name", Derived("the file's name"), "-", Range::Name, Setting,
        "Names the scenario and its output folder.";
    DAYS = "days", Whole(365), "days", Range::Whole(1, 36_500), Setting,
        "How many days to simulate.";
    SEED = "seed", Whole(1), "-", Range::Whole(0, i64::MAX), Setting,
        "Master seed: the same seed gives byte-identical output.";
    BASELINE = "baseline", Derived("the first arm"), "-", Range::Name, Setting,
        "The arm every other arm is compared with, replicate by replicate (compare.csv, compare.png).";
    REPLICATES = "replicates", Whole(10), "runs", Range::Whole(1, 10_000), Setting,
        "Independent runs per arm (new graph and dice each), summarised as mean and 95% interval.";

    SIZE = "population.size", Whole(10_000), "people", Range::Whole(10, 4_000_000_000), Setting,
        "Number of people.";
    INITIAL_TRUST = "population.initial_trust", Real(0.2), "0-1", Range::Unit, Assumption,
        "Mean trust toward the brand before anything happens.";
    INITIAL_TRUST_SD = "population.initial_trust_sd", Real(0.1), "0-1", Range::Real(0.0, 0.5), Assumption,
        "Spread (standard deviation) of initial trust between people (a Beta distribution).";
    NEEDS_PER_YEAR = "population.needs_per_year", Real(1.0), "per person per year", Range::Real(0.0, 365.0), Assumption,
        "How often a need for the product arises in a person who has none.";
    MARKET_SPREAD = "population.market_spread", Real(0.3), "-", Range::Real(0.0, 2.0), Assumption,
        "How much markets differ: each replicate's needs_per_year and mean initial trust are multiplied by one log-normal factor with mean 1 and this standard deviation of its logarithm (0: every replicate alike). Arms of a replicate share it.";
    NEED_DAYS = "population.need_days", Real(30.0), "days", Range::Real(1.0, 3650.0), Assumption,
        "Mean time a need lasts before it passes.";
    HEAVY_SHARER_SHARE = "population.heavy_sharer_share", Real(0.1), "share", Range::Unit, Assumption,
        "Share of people who are heavy sharers (a minority shares far more than the rest).";
    HEAVY_SHARER_FACTOR = "population.heavy_sharer_factor", Real(5.0), "times", Range::Real(1.0, 1000.0), Assumption,
        "How many times more often a heavy sharer passes things on (word of mouth, link bait, complaints).";
    AUDIENCE_SHARE = "population.audience_share", Real(0.5), "share", Range::Unit, Assumption,
        "Share of people in the target audience (people the product is for).";
    OUTSIDE_PURCHASE_FACTOR = "population.outside_purchase_factor", Real(0.2), "times", Range::Unit, Assumption,
        "Purchase chances of people outside the target audience, relative to those inside.";
    SOCIAL_PREFERENCE_SHARE = "population.social_preference_share", Real(0.5), "share", Range::Unit, Assumption,
        "Share of people who prefer social media to email as a channel (0.5: an even split, at which the published email rates hold).";
    CHANNEL_PREFERENCE = "population.channel_preference_strength", Real(0.5), "0-1", Range::Real(0.0, 0.95), Assumption,
        "How much channel preference matters: a preferred channel lands (1 + s) times, the other (1 - s) times as often; with an even split of preferences the published averages hold.";

    NETWORK_KIND = "population.network.kind", Word("small-world"), "-", Range::Choice(NETWORK_KINDS), Setting,
        "Kind of social graph (docs/MODEL.md, Network). An arm may set its own in [arms.<arm>.network].";
    MEAN_DEGREE = "population.network.mean_degree", Whole(100), "friends", Range::Whole(2, 100_000), Published("median Facebook user had 99 friends"),
        "Mean number of friends (small-world, scale-free: even; random, communities); below the population size.";
    REWIRING = "population.network.rewiring", Real(0.1), "probability", Range::Unit, Assumption,
        "small-world: share of ring friendships rewired to a random person (keeps clustering near 0.54, like the SNAP Facebook sample's 0.6).";
    TRIANGLE_CLOSING = "population.network.triangle_closing", Real(0.0), "probability", Range::Unit, Setting,
        "scale-free: chance that each friendship after a person's first goes to a friend of the previous one (Holme-Kim), raising clustering.";
    COMMUNITIES = "population.network.communities", Whole(10), "communities", Range::Whole(1, 1_000_000), Assumption,
        "communities: number of equal communities (planted partition).";
    INSIDE_SHARE = "population.network.inside_share", Real(0.9), "share", Range::Unit, Assumption,
        "communities: share of friendships inside a person's own community.";
    PATH = "population.network.path", Derived("required for edge-list"), "-", Range::Path, Setting,
        "edge-list: friendship file, one pair of ids a line ('a b' or 'a,b'), '#' comments.";

    AWARENESS_HALF_LIFE = "behaviour.awareness_half_life_days", Real(30.0), "days", Range::Real(0.1, 36_500.0), Assumption,
        "Time for awareness of the brand to halve without contact.";
    NEGATIVITY_RATIO = "behaviour.trust_negativity_ratio", Real(5.0), "ratio", Range::Real(1.0, 100.0), Published("a bad experience costs several good ones; 3 to 10 a fair teaching value"),
        "How much more a bad experience moves trust than a good one of the same strength.";
    ASK_TRUST = "behaviour.ask_trust", Real(0.5), "0-1", Range::Unit, Assumption,
        "Trust at which a person in need turns to the brand by themself.";
    NEED_PURCHASE = "behaviour.need_purchase_per_day", Real(0.05), "probability per day", Range::Unit, Assumption,
        "Chance per day that an aware person in need who trusts the brand enough buys from it.";
    CUSTOMER_TRUST_GAIN = "behaviour.customer_trust_gain", Real(0.1), "0-1", Range::Unit, Assumption,
        "Trust gained from buying (a satisfied customer).";
    PITCH_READY_TRUST = "behaviour.pitch_ready_trust", Real(0.5), "0-1", Range::Unit, Assumption,
        "Trust below which a sales pitch feels pushy and costs trust.";
    WORD_OF_MOUTH = "behaviour.word_of_mouth", Flag(true), "-", Range::Flag, Setting,
        "Whether people tell their friends about the brand at all.";
    TELL_TRUST = "behaviour.tell_trust", Real(0.6), "0-1", Range::Unit, Assumption,
        "Only aware people with at least this trust tell friends (the gate on word of mouth).";
    TELL_PER_DAY = "behaviour.tell_per_day", Real(0.05), "probability per day", Range::Unit, Assumption,
        "Chance per day that a person past the gate tells one random friend.";
    LISTEN_PER_DAY = "behaviour.listen_per_day", Whole(1), "messages per day", Range::Whole(0, 100), Assumption,
        "How many friends' words about the brand a person takes in per day (attention).";
    FRIEND_TRUST_GAIN = "behaviour.friend_trust_gain", Real(0.2), "0-1", Range::Unit, Published("83-92% trust recommendations from people they know vs 50-56% for brand email"),
        "Trust gained from hearing about the brand from a friend (far above an email's).";
    FRIEND_AWARENESS = "behaviour.friend_awareness", Real(0.6), "0-1", Range::Unit, Assumption,
        "Awareness gained from hearing from a friend.";
    NEGATIVE_TRUST_LOSS = "behaviour.negative_word_trust_loss", Real(0.05), "0-1", Range::Unit, Assumption,
        "Strength of the bad experience of hearing a friend complain about the brand.";
    NEGATIVE_PASS_ON = "behaviour.negative_pass_on", Real(0.2), "probability", Range::Unit, Assumption,
        "Chance that someone who hears a complaint from a friend passes it on in turn (once per person).";
    COMPLAINT_TELLS = "behaviour.complaint_tells", Whole(3), "friends", Range::Whole(0, 1000), Assumption,
        "Friends an offended person complains to (times the heavy-sharer factor for heavy sharers).";

    HOURLY_RATE = "money.hourly_rate", Real(50.0), "money per hour", Range::Real(0.0, 1e6), Assumption,
        "What an hour of the marketer's time costs; turns hours into money.";
    PRICE = "money.price", Real(500.0), "money per sale", Range::Real(0.0, 1e9), Assumption,
        "Price of one sale.";
    MARGIN = "money.margin", Real(0.4), "share of price", Range::Unit, Assumption,
        "Share of the price that is profit before marketing costs.";
    REFERRAL_EXTRA = "money.referral_extra_value", Real(0.16), "share", Range::Real(0.0, 10.0), Published("referred customers are worth about 16% more (a bank study)"),
        "Extra value of a sale to a customer who first heard of the brand from a friend.";
    DAILY_BUDGET = "money.daily_budget", Real(0.0), "money per day", Range::Real(0.0, 1e9), Setting,
        "If above 0, every arm gets this budget a day, split equally between its tactics, and each tactic does as much as its share buys (unspent money carries over).";

    STOP_DAY = "arms.<arm>.stop_day", Whole(0), "day", Range::Whole(0, 36_500), Setting,
        "The marketer stops all of the arm's tactics after this day (0: never); what people already think and say goes on.";

    LIST_SHARE = "arms.<arm>.email-blast.list_share", Real(0.3), "share of population", Range::Unit, Assumption,
        "Share of the population on the bought list.";
    EMAIL_COMMUNITY = "arms.<arm>.email-blast.community", Whole(0), "community", Range::Whole(0, 1_000_000), Setting,
        "Target audience: 0 mails a list drawn from everyone; k draws it only from community k (a communities network).";
    CADENCE_DAYS = "arms.<arm>.email-blast.cadence_days", Whole(1), "days", Range::Whole(1, 365), Published("internet marketers blast daily"),
        "Days between sends (1 = daily, 7 = weekly).";
    REFERENCE_CADENCE = "arms.<arm>.email-blast.reference_cadence_days", Real(7.0), "days", Range::Real(1.0, 365.0), Published("average campaigns go out about weekly"),
        "Cadence at which the per-send rates below were measured.";
    OPEN_RATE = "arms.<arm>.email-blast.open_rate", Real(0.21), "per send", Range::Unit, Published("open rate about 21%"),
        "Chance an email is opened, at the reference cadence and initial trust.";
    CLICK_RATE = "arms.<arm>.email-blast.click_rate", Real(0.026), "per send", Range::Unit, Published("click rate about 2.6%"),
        "Chance an email is clicked, at the reference cadence and initial trust.";
    UNSUBSCRIBE_RATE = "arms.<arm>.email-blast.unsubscribe_rate", Real(0.0023), "per send", Range::Unit, Published("unsubscribe rate about 0.23%"),
        "Chance a recipient unsubscribes, at the reference cadence and initial trust.";
    COMPLAINT_RATE = "arms.<arm>.email-blast.complaint_rate", Real(0.00015), "per send", Range::Unit, Published("spam complaints 0.01 to 0.02%"),
        "Chance a recipient marks the email as spam (and leaves the list), at the reference cadence and initial trust.";
    LIST_DECAY = "arms.<arm>.email-blast.list_decay_per_month", Real(0.02), "per month", Range::Unit, Published("lists decay about 2% a month"),
        "Share of addresses that die per month (a daily hazard; the next send to a dead address bounces).";
    FATIGUE_HALF_LIFE = "arms.<arm>.email-blast.fatigue_half_life_days", Real(7.0), "days", Range::Real(0.1, 365.0), Assumption,
        "Time for fatigue from past emails to halve.";
    OPEN_ELASTICITY = "arms.<arm>.email-blast.open_fatigue_elasticity", Real(0.3), "-", Range::Real(0.0, 10.0), Assumption,
        "How strongly the fatigue ratio (fatigue over its value at the reference cadence) lowers opens: opens scale as ratio^-elasticity.";
    CLICK_ELASTICITY = "arms.<arm>.email-blast.click_fatigue_elasticity", Real(0.8), "-", Range::Real(0.0, 10.0), Fitted("clicks fell from 2% at 6 sends a month to 0.5% at 25"),
        "How strongly fatigue lowers clicks among opens.";
    UNSUBSCRIBE_ELASTICITY = "arms.<arm>.email-blast.unsubscribe_fatigue_elasticity", Real(1.0), "-", Range::Real(0.0, 10.0), Assumption,
        "How strongly fatigue raises unsubscribes.";
    COMPLAINT_ELASTICITY = "arms.<arm>.email-blast.complaint_fatigue_elasticity", Real(2.5), "-", Range::Real(0.0, 10.0), Fitted("5 to 12 sends a month raised complaints per send about six-fold"),
        "How strongly fatigue raises spam complaints.";
    PURCHASE_PER_CLICK = "arms.<arm>.email-blast.purchase_per_click", Real(0.05), "probability", Range::Unit, Assumption,
        "Chance a click ends in a purchase.";
    OPEN_AWARENESS = "arms.<arm>.email-blast.open_awareness", Real(0.5), "0-1", Range::Unit, Assumption,
        "Awareness gained from opening an email.";
    HELPFUL_OPENS = "arms.<arm>.email-blast.helpful_opens", Whole(3), "opens", Range::Whole(0, 1000), Published("repetition helps for about three exposures"),
        "Opens that still build trust; later ones do not.";
    WEAR_OUT_OPENS = "arms.<arm>.email-blast.wear_out_opens", Whole(15), "opens", Range::Whole(0, 1000), Published("wear-out after 10 to 20 exposures"),
        "Opens after which the same message becomes unwanted and costs trust.";
    OPEN_TRUST_GAIN = "arms.<arm>.email-blast.open_trust_gain", Real(0.01), "0-1", Range::Unit, Assumption,
        "Trust gained from a helpful open (one of the first helpful_opens).";
    WEAR_OUT_LOSS = "arms.<arm>.email-blast.wear_out_trust_loss", Real(0.003), "0-1", Range::Unit, Assumption,
        "Strength of the bad experience of opening a worn-out message (after wear_out_opens).";
    ANNOYANCE = "arms.<arm>.email-blast.annoyance", Real(0.0001), "0-1", Range::Unit, Assumption,
        "Trust lost per delivered email for each unit of fatigue ratio above 1 (unwanted repetition).";
    SIGNUP_PER_VISIT = "arms.<arm>.email-blast.signup_per_visit", Real(0.02), "probability", Range::Unit, Assumption,
        "Chance that someone who takes in the arm's content (a post, link bait, a community contribution, an ad) joins the list (capture your visitors).";
    COMPLAINT_THRESHOLD = "arms.<arm>.email-blast.complaint_threshold", Real(0.003), "per delivered email", Range::Unit, Published("mailbox providers require complaints under 0.3%"),
        "Complaint rate (recent complaints over recent deliveries) above which mail goes to the spam folder.";
    SPAM_INBOX_SHARE = "arms.<arm>.email-blast.spam_inbox_share", Real(0.1), "share", Range::Unit, Assumption,
        "Share of emails that still reach the inbox while the sender's complaint rate is above the threshold.";
    REPUTATION_HALF_LIFE = "arms.<arm>.email-blast.reputation_half_life_days", Real(30.0), "days", Range::Real(1.0, 3650.0), Assumption,
        "How long mailbox providers remember complaints: the half-life of the counts behind the complaint rate.";
    COST_PER_ADDRESS = "arms.<arm>.email-blast.cost_per_address", Real(0.5), "money per address", Range::Real(0.0, 1e6), Assumption,
        "With a budget: what buying one more address for the list costs (money left after a mailing buys addresses).";
    COST_PER_EMAIL = "arms.<arm>.email-blast.cost_per_email", Real(0.001), "money per email", Range::Real(0.0, 1e6), Assumption,
        "Sending cost per email (list rental and sending service).";
    HOURS_PER_SEND = "arms.<arm>.email-blast.hours_per_send", Real(1.0), "hours", Range::Real(0.0, 1000.0), Assumption,
        "Hours to write and send one mailing.";

    CONVERSATIONS = "arms.<arm>.networking.conversations_per_day", Whole(20), "conversations per day", Range::Whole(0, 1_000_000), Assumption,
        "One-to-one conversations the marketer holds per day (without a budget; with one, as many as its share buys).";
    NETWORKING_COMMUNITY = "arms.<arm>.networking.community", Whole(0), "community", Range::Whole(0, 1_000_000), Setting,
        "Target audience: 0 seeks strangers among everyone; k only in community k (a communities network).";
    NEW_CONTACT_SHARE = "arms.<arm>.networking.new_contact_share", Real(0.3), "share", Range::Unit, Assumption,
        "Share of conversations spent on new people; the rest deepen existing relationships.";
    INTRODUCTION_SHARE = "arms.<arm>.networking.introduction_share", Real(0.5), "share", Range::Unit, Assumption,
        "Share of new contacts met through an existing contact (a friend of theirs, over the network); the rest are strangers.";
    NETWORKING_TARGETING = "arms.<arm>.networking.targeting", Real(0.0), "share", Range::Unit, Setting,
        "Share of strangers sought among the target audience (knowing who your target is).";
    CONVERSATION_TRUST_GAIN = "arms.<arm>.networking.conversation_trust_gain", Real(0.15), "0-1", Range::Unit, Assumption,
        "Share of the remaining distrust a conversation removes (diminishing returns).";
    PITCH_TRUST = "arms.<arm>.networking.pitch_trust", Real(0.6), "0-1", Range::Unit, Assumption,
        "The marketer pitches in a conversation once the person's trust reaches this.";
    PITCH_SUCCESS = "arms.<arm>.networking.pitch_success", Real(0.05), "probability", Range::Unit, Assumption,
        "Chance a pitch to a ready person without a current need ends in a purchase.";
    PITCH_SUCCESS_IN_NEED = "arms.<arm>.networking.pitch_success_in_need", Real(0.5), "probability", Range::Unit, Assumption,
        "Chance a pitch to a ready person who needs the product now ends in a purchase.";
    EARLY_PITCH_LOSS = "arms.<arm>.networking.early_pitch_trust_loss", Real(0.05), "0-1", Range::Unit, Assumption,
        "Strength of the bad experience of a pitch made too early.";
    EARLY_PITCH_UNFOLLOW = "arms.<arm>.networking.early_pitch_unfollow", Real(0.3), "probability", Range::Unit, Assumption,
        "Chance a follower pitched too early stops following.";
    FOLLOW_AFTER_CONVERSATION = "arms.<arm>.networking.follow_after_conversation", Real(0.5), "probability", Range::Unit, Assumption,
        "Chance a person starts following the brand after a conversation.";
    FOLLOW_AFTER_REFERRAL = "arms.<arm>.networking.follow_after_referral", Real(0.1), "probability", Range::Unit, Assumption,
        "Chance a person starts following after hearing about the brand from a friend.";
    POSTS_PER_WEEK = "arms.<arm>.networking.posts_per_week", Real(3.0), "posts per week", Range::Real(0.0, 7.0), Assumption,
        "Value-adding posts (no pitch) published per week, at most one a day.";
    POST_REACH = "arms.<arm>.networking.post_reach", Real(0.1), "share of followers", Range::Unit, Assumption,
        "Share of followers who see a given post (organic reach).";
    POST_TRUST_GAIN = "arms.<arm>.networking.post_trust_gain", Real(0.02), "0-1", Range::Unit, Assumption,
        "Trust gained from seeing a useful post.";
    POST_AWARENESS = "arms.<arm>.networking.post_awareness", Real(0.3), "0-1", Range::Unit, Assumption,
        "Awareness gained from seeing a post.";
    HOURS_PER_CONVERSATION = "arms.<arm>.networking.hours_per_conversation", Real(0.25), "hours", Range::Real(0.0, 1000.0), Assumption,
        "Hours one conversation takes.";
    HOURS_PER_POST = "arms.<arm>.networking.hours_per_post", Real(1.0), "hours", Range::Real(0.0, 1000.0), Assumption,
        "Hours to write one useful post.";

    ADS_COMMUNITY = "arms.<arm>.social-ads.community", Whole(0), "community", Range::Whole(0, 1_000_000), Setting,
        "Target audience: 0 shows ads to everyone; k only to community k (a communities network).";
    ADS_REACH = "arms.<arm>.social-ads.reach_per_day", Real(0.02), "share of audience per day", Range::Unit, Assumption,
        "Impressions a day as a share of the audience, each shown to a person at random (without a budget).";
    AD_TARGETING = "arms.<arm>.social-ads.targeting", Real(0.0), "share", Range::Unit, Setting,
        "Share of impressions aimed at people in the target audience (the rest go to anyone in the arm's audience).";
    AD_AWARENESS = "arms.<arm>.social-ads.ad_awareness", Real(0.3), "0-1", Range::Unit, Assumption,
        "Awareness gained from seeing an ad.";
    AD_CLICK = "arms.<arm>.social-ads.click_rate", Real(0.009), "per impression", Range::Unit, Assumption,
        "Chance an impression is clicked, at the population's initial trust and average channel preference (more trust, more clicks).";
    AD_PURCHASE = "arms.<arm>.social-ads.purchase_per_click", Real(0.02), "probability", Range::Unit, Assumption,
        "Chance a click ends in a purchase (target audience; outside it times population.outside_purchase_factor).";
    AD_OFFENCE = "arms.<arm>.social-ads.offence_rate", Real(0.01), "per impression", Range::Unit, Assumption,
        "Chance an ad pushed into someone's feed offends them: a bad experience, and they complain to friends.";
    AD_OUTSIDE_OFFENCE = "arms.<arm>.social-ads.outside_offence_factor", Real(2.0), "times", Range::Real(0.0, 100.0), Assumption,
        "How many times more often an ad offends someone outside the target audience.";
    AD_TRUST_LOSS = "arms.<arm>.social-ads.offence_trust_loss", Real(0.1), "0-1", Range::Unit, Assumption,
        "Strength of the bad experience of an offending ad.";
    AD_ANNOYANCE = "arms.<arm>.social-ads.intrusion", Real(0.005), "0-1", Range::Unit, Assumption,
        "Strength of the small bad experience of every ad seen (an interruption nobody asked for).";
    COST_PER_IMPRESSION = "arms.<arm>.social-ads.cost_per_impression", Real(0.01), "money per impression", Range::Real(0.0, 1e6), Assumption,
        "What one impression costs (10 per thousand).";

    BAIT_EVERY = "arms.<arm>.link-bait.every_days", Whole(7), "days", Range::Whole(1, 36_500), Assumption,
        "Days between new pieces of link bait, the first on day 0 (without a budget; with one, a piece whenever its share affords one, at most one a day).";
    BAIT_SEEDS = "arms.<arm>.link-bait.seeds", Whole(50), "people", Range::Whole(1, 4_000_000_000), Assumption,
        "People who see a new piece directly when it is published, at random.";
    BAIT_PASS_ON = "arms.<arm>.link-bait.pass_on", Real(0.012), "probability per friend", Range::Unit, Assumption,
        "Chance that someone who has just seen a piece sends it to each of their friends (once per piece): the cascade's transmissibility.";
    BAIT_AWARENESS = "arms.<arm>.link-bait.bait_awareness", Real(0.3), "0-1", Range::Unit, Assumption,
        "Awareness a piece lifts people to, never beyond (a catchy headline is remembered briefly: short memory).";
    BAIT_TRUST_GAIN = "arms.<arm>.link-bait.bait_trust_gain", Real(0.0), "0-1", Range::Unit, Assumption,
        "Trust gained from a piece (none: it has no value).";
    HOURS_PER_PIECE = "arms.<arm>.link-bait.hours_per_piece", Real(4.0), "hours", Range::Real(0.0, 1000.0), Assumption,
        "Hours to make one piece.";

    GROUP_COMMUNITY = "arms.<arm>.community.community", Whole(0), "community", Range::Whole(0, 1_000_000), Setting,
        "Which network community the groups are drawn from: 0 any, k only community k.";
    GROUP_SHARE = "arms.<arm>.community.group_share", Real(0.2), "share of target audience", Range::Unit, Assumption,
        "Share of the target audience who belong to the groups where the marketer takes part.";
    CONTACT_PER_HOUR = "arms.<arm>.community.contact_per_hour", Real(0.05), "probability per hour", Range::Unit, Assumption,
        "Chance per hour of the marketer's participation that a given group member sees a helpful contribution that day.";
    COMMUNITY_HOURS = "arms.<arm>.community.hours_per_day", Real(2.0), "hours per day", Range::Real(0.0, 24.0), Assumption,
        "Hours a day spent taking part in the groups (without a budget).";
    COMMUNITY_AWARENESS = "arms.<arm>.community.awareness", Real(0.6), "0-1", Range::Unit, Assumption,
        "Awareness gained from a contribution: a name seen among peers is remembered.";
    COMMUNITY_TRUST_GAIN = "arms.<arm>.community.trust_gain", Real(0.05), "0-1", Range::Unit, Assumption,
        "Trust gained from a helpful contribution (slow: value first, no pitch).";
}
